"""Hand-written pages (`content/`) are published as they are: placeholder text there is refused,
as in the data files, with the page, line and column."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.issues import Issue

# Narrower than the data's list: prose may well say « le formulaire à compléter ». Here only
# the unmistakable marks of an unfinished text.
CONTENT_PLACEHOLDERS = re.compile(
    r"lorem\s+ipsum|\bTODO\b|\bFIXME\b|\bTBD\b|\bXXX+\b|\[\s*[àa]\s+(?:compl[ée]ter|r[ée]diger)"
    r"[^\]]*\]", re.IGNORECASE)
_FENCE = re.compile(r"^\s*(```|~~~)")


def content_placeholders(pages: list[tuple[str, str]], shown: str) -> Iterator[Issue]:
    """One error per placeholder line, outside code blocks (an example may show anything)."""
    for page, text in pages:
        yield from text_placeholders(f"{shown.rstrip('/')}/{page}", text, 1,
                                     "ou retirez la page du dossier")


def text_placeholders(display: str, text: str, first_line: int, otherwise: str) -> Iterator[Issue]:
    """Placeholders of a Markdown text that starts at `first_line` of its file."""
    fenced = False
    # Lines as editors and the reader count them: only « \n » ends one.
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=first_line):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else CONTENT_PLACEHOLDERS.search(line)
        if match:
            yield Issue(display, number, match.start() + 1, "", f"texte provisoire "
                        f"« {match.group(0)} » : remplacez-le par le vrai texte avant "
                        f"publication, {otherwise}.")
