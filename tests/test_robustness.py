"""Property-based: whatever a mutation does to the data, the pipeline either builds every page
or reports its own located errors. Never an exception.

CI runs 2,000 examples (HYPOTHESIS_EXEMPLES sets the number; the default is 2,000)."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.catalog import build_catalog
from generator.emit import page_stub, render_body
from generator.pipeline import validate
from generator.plan import plan_pages
from generator.render.environment import make_environment
from tests.conftest import FIXTURES

SOURCE = FIXTURES / "minimal"
FILES = {p.relative_to(SOURCE).as_posix(): p.read_bytes() for p in sorted(SOURCE.rglob("*.yml"))}
NAMES = sorted(FILES)
ENV = make_environment()
LOCATED = re.compile(r"^territories/[^:]+:\d+:\d+: \S")
VALUES = ["", "[]", "{}", "null", "~", "0", "-3", "1e400", ".nan", "true", "no", "'x'", '"46042"',
          "2024-02-30", "&a x", "*a", "!!binary aGVsbG8=", "[1, [2, [3]]]", "{a: {b: {c: 1}}}",
          "|\n  texte", "- a\n- b", "lorem ipsum", "<script>x</script>", "10 000 €", "1,2 M€"]
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, str, int, str]:
    name = draw(st.sampled_from(NAMES))
    kind = draw(st.sampled_from(["supprimer", "dupliquer", "valeur", "inserer", "tronquer",
                                 "tabulation", "indenter", "echanger", "cle"]))
    where = draw(st.integers(min_value=0, max_value=10_000))
    text = draw(st.one_of(st.sampled_from(VALUES), TEXT))
    return name, kind, where, text


def _apply(data: bytes, kind: str, where: int, text: str) -> bytes:
    lines = _lines(data)
    line = where % len(lines)
    raw = text.encode("utf-8", "surrogatepass")
    if kind == "supprimer":
        del lines[line]
    elif kind == "dupliquer":
        lines.insert(line, lines[line])
    elif kind == "valeur" and b":" in lines[line]:
        key = lines[line].split(b":", 1)[0]
        lines[line] = key + b": " + raw
    elif kind == "cle" and b":" in lines[line]:
        lines[line] = raw + b":" + lines[line].split(b":", 1)[1]
    elif kind == "inserer":
        position = where % (len(data) + 1)
        return data[:position] + raw + data[position:]
    elif kind == "tronquer":
        return data[: where % (len(data) + 1)]
    elif kind == "tabulation":
        lines[line] = b"\t" + lines[line]
    elif kind == "indenter":
        lines[line] = (b"   " + lines[line]) if where % 2 else lines[line].lstrip(b" ")
    elif kind == "echanger":
        other = (line + 1) % len(lines)
        lines[line], lines[other] = lines[other], lines[line]
    return b"\n".join(lines)


def _build_everything(root: Path) -> list[str]:
    result = validate(root, "territories")
    messages = [issue.format() for issue in result.issues]
    if result.ok:
        catalog = build_catalog(result.dataset)
        for spec in plan_pages(catalog):
            page_stub(spec, catalog, ENV)
            render_body(spec, ENV)
    return messages


# 2,000 cases in CI, 200 on a developer's machine (HYPOTHESIS_EXEMPLES overrides both).
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXEMPLES", "2000" if os.environ.get("CI") else "200"))


@settings(max_examples=EXAMPLES, deadline=None,
          derandomize=True, suppress_health_check=[HealthCheck.too_slow],
          database=None)
@given(st.lists(mutation(), min_size=1, max_size=3))
def test_any_mutation_builds_or_reports_located_errors(mutations: list[tuple[str, str, int, str]]) -> None:
    files = dict(FILES)
    for name, kind, where, text in mutations:
        files[name] = _apply(files[name], kind, where, text)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "territories"
        for name, content in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(content)
        messages = _build_everything(root)
    for message in messages:
        assert LOCATED.match(message), message
        assert "Traceback" not in message and "Error" not in message, message
