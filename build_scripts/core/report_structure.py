"""The report's own blocks in its markdown: committee notes and the closing (no Sphinx here)."""

from __future__ import annotations

import re
from pathlib import Path

DIRECTIVE = "ghi-chu"

NOTE_CLASS = "ghi-chu-bien-tap"

TITLE = "Ghi chú cho tổ biên tập"

#: the opening line of a note in a MyST source (``:::{ghi-chu}`` or ```` ```{ghi-chu} ````)
OPENING = re.compile(r"^\s*(?::{3,}|`{3,}|~{3,})\s*\{" + DIRECTIVE + r"\}")


def notes_in(path: Path) -> list[int]:
    """The lines of ``path`` (a document, or a snippet it includes) that open a committee note
    (for ``make final``'s list)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [n for n, line in enumerate(lines, 1) if OPENING.match(line)]


CLOSING_CLASS = "ket-van-ban"

CLOSING_SNIPPET = "snippets/ket_van_ban.md.j2"

CLOSING_INCLUDE = f'{{% include "{CLOSING_SNIPPET}" %}}'


def is_appendix_title(title: str) -> bool:
    return title.strip().lower().startswith("phụ lục")
