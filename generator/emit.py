"""Emit stage: a planned page as Markdown text with front matter, for any engine."""

from __future__ import annotations

import json
from pathlib import PurePosixPath

from jinja2 import Environment

from generator.plan import PageSpec


def relative_root(path: str) -> str:
    """Prefix from a page's URL back to the site root (directory URLs: `a/b.md` → `../../`)."""
    parts = PurePosixPath(path).with_suffix("").parts
    depth = len(parts) - (1 if parts[-1] == "index" else 0)
    return "../" * depth


def page_source(spec: PageSpec, env: Environment) -> str:
    body = env.get_template(spec.template).render(
        **spec.context, root=relative_root(spec.path), page_path=spec.path)
    # JSON strings are valid YAML scalars: the title cannot break the front matter.
    front = f"---\ntitle: {json.dumps(spec.title, ensure_ascii=False)}\n---\n\n"
    return front + body
