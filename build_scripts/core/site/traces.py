"""Whether a tree of pages holds a trace of the committee's edition (its notes)."""

from __future__ import annotations

import re
from pathlib import Path

from build_scripts.core.report_structure import NOTE_CLASS, TITLE

#: the committee's edition, inside the site (the web server's protected location)
COMMITTEE_DIR = "to-bien-tap"

_NOTE_IN_HTML = re.compile(r'class="[^"]*\b' + re.escape(NOTE_CLASS) + r"\b")

# what carries the report's words (a style sheet names the notes' box to style it)
_TEXT_FILES = (".html", ".js", ".json", ".txt", ".xml")


def committee_traces(readers_root: Path) -> list[str]:
    """Where the readers' part of a site (``readers_root`` minus ``to-bien-tap/``) holds a
    trace of the committee's edition: a box of the notes' class, or their title. Empty when
    the readers' part is clean."""
    found = []
    needles = [TITLE]
    for path in sorted(readers_root.rglob("*")):
        rel = path.relative_to(readers_root)
        if rel.parts[0] == COMMITTEE_DIR or not path.is_file():
            continue
        if path.suffix.lower() not in _TEXT_FILES:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix.lower() == ".html" and _NOTE_IN_HTML.search(text):
            found.append(f"{rel.as_posix()}: khung ghi chú ({NOTE_CLASS})")
        for needle in needles:
            if needle in text:
                found.append(f"{rel.as_posix()}: «{needle[:60]}»")
    return found
