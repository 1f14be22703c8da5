"""Split a document into sections at its headings (the rendered prose: :func:`split_prose`; the
markdown source: :func:`split_sections`), and pair the sections of two versions of a file."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from build_scripts.core.redline.prose import Block, strip_marks

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```+|~~~+)")


@dataclass(frozen=True)
class Section:
    path: str
    title: str  # heading text as written (placeholders unrendered); "" before the first heading
    level: int
    line: int  # 1-based line of the heading (or 1)
    text: str  # the whole section, heading line included

    @property
    def key(self) -> str:
        """What identifies a section across drafts: its heading, whitespace-normalised."""
        return " ".join(self.title.split()).lower()


def split_sections(path: str, text: str) -> list[Section]:
    lines = text.splitlines(keepends=True)
    sections: list[Section] = []
    start, title, level, fence = 0, "", 0, None
    for i, line in enumerate(lines):
        m = _FENCE.match(line)
        if m:
            marker = m.group(1)[0] * 3
            if fence is None:
                fence = marker
            elif marker == fence:
                fence = None
            continue
        if fence is not None:
            continue
        h = _HEADING.match(line)
        if h:
            if i > start or title:
                sections.append(Section(path, title, level, start + 1, "".join(lines[start:i])))
            start, title, level = i, h.group(2), len(h.group(1))
    if start < len(lines) or title:
        sections.append(Section(path, title, level, start + 1, "".join(lines[start:])))
    return sections


@dataclass
class ProseSection:
    path: str
    title: str  # the rendered heading, with data marks; "" before the first heading
    level: int
    line: int
    blocks: list[Block] = field(default_factory=list)

    @property
    def plain_title(self) -> str:
        return strip_marks(self.title)

    @property
    def key(self) -> str:
        return " ".join(self.plain_title.split()).lower()

    @property
    def text(self) -> str:
        """The body as compared: a line per block, a blank line around paragraphs."""
        out = ""
        for i, b in enumerate(self.blocks):
            if i:
                out += "\n" if b.kind != "doan" and self.blocks[i - 1].kind == b.kind else "\n\n"
            out += b.as_line()
        return out


def split_prose(path: str, blocks: list[Block]) -> list[ProseSection]:
    sections: list[ProseSection] = []
    for b in blocks:
        if b.kind == "tieu_de":
            sections.append(ProseSection(path, b.text, b.level, b.line))
        else:
            if not sections:
                sections.append(ProseSection(path, "", 0, b.line))
            sections[-1].blocks.append(b)
    return sections


def pair_sections(old: list, new: list) -> list[tuple]:
    """Pairs (old, new) in document order; None where a section was added/removed."""
    matcher = difflib.SequenceMatcher(None, [s.key for s in old], [s.key for s in new], autojunk=False)
    pairs: list[tuple[Section | None, Section | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(old[i1:i2], new[j1:j2]))
        elif tag == "replace":
            # a renamed heading: pair one to one, the rest added/removed
            n = min(i2 - i1, j2 - j1)
            pairs.extend(zip(old[i1 : i1 + n], new[j1 : j1 + n]))
            pairs.extend((s, None) for s in old[i1 + n : i2])
            pairs.extend((None, s) for s in new[j1 + n : j2])
        elif tag == "delete":
            pairs.extend((s, None) for s in old[i1:i2])
        else:
            pairs.extend((None, s) for s in new[j1:j2])
    return pairs
