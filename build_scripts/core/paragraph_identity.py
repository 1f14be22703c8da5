"""The stable identity of a body paragraph: one function, shared by the HTML ids and the Word
bookmarks (no Sphinx or docutils here, so comment-intake tools can use it as is).

identity = "p" + 10 hex digits of BLAKE2b(section key, paragraph key) [+ "_" + n for the n-th
paragraph (n >= 2) of a section with the same key]. Both keys keep only the letters of the text
(NFC, lower case): numbers, punctuation and spacing are left out, so a figure updated from the
data, a fixed comma or a renumbered heading ("2. Công tác …" becoming "3. Công tác …") keep the
identity; a change of wording gives a new one (the map file keeps the text for a fuzzy match).
The section is the nearest heading (its numbering prefix dropped) within its source file, so
paragraphs added or removed elsewhere in the report change nothing here.
Word limits bookmark names to 40 characters [A-Za-z0-9_], starting with a letter: met.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

PREFIX = "p"
DIGITS = 10
#: a heading's own numbering: "Phần thứ nhất" stays (words), "IV.", "A.", "1.2.3.", "a)" go
_NUMBERING = re.compile(r"^\s*(?:[IVXLC]+\.|[A-ZĐ]\.|\d+(?:\.\d+)*\.?|[a-zđ]\))\s+")


def letters(text: str) -> str:
    """The letters of ``text`` only, NFC and lower case ("Năm 2025, đạt 98%" -> "nămđạt")."""
    text = unicodedata.normalize("NFC", text).casefold()
    return "".join(filter(str.isalpha, text))


def section_key(source: str, heading: str) -> str:
    """The key of a section: its source file (without suffix) and its heading, unnumbered."""
    source = re.sub(r"\.(md|rst|txt)$", "", source.replace("\\", "/"))
    return f"{source}#{letters(_NUMBERING.sub('', ' '.join(heading.split())))}"


def paragraph_identity(section: str, text: str, seen: dict[str, int]) -> str:
    """The identity of the paragraph ``text`` in ``section`` (a :func:`section_key`).

    ``seen`` counts the identities given so far in the same file (pass one dict per file, in
    reading order): a paragraph repeated in a section gets "_2", "_3", …
    """
    digest = hashlib.blake2b(f"{section}\x1f{letters(text)}".encode(), digest_size=8).hexdigest()
    base = PREFIX + digest[:DIGITS]
    seen[base] = count = seen.get(base, 0) + 1
    return base if count == 1 else f"{base}_{count}"


def is_identity(name: str) -> bool:
    return re.fullmatch(rf"{PREFIX}[0-9a-f]{{{DIGITS}}}(?:_\d+)?", name) is not None


def heading_number(heading: str) -> str:
    """The numbering a heading opens with ("1.2." of "1.2. Về kinh tế"), or ""."""
    match = _NUMBERING.match(" ".join(heading.split()))
    return match.group(0).strip() if match else ""
