"""Assemble the redline: each draft rendered as prose (:mod:`.prose`), split into sections,
compared section by section (changed ones open, unchanged ones folded), with the table of
changed data values. :func:`render_redline` lays it out as one HTML page; the PDF writer
(``build_scripts.pdf.redline``) prints the same :class:`Redline`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from build_scripts.core.redline.datadiff import IGNORED_PREFIXES, DataChange, Use, attach_uses, covers, data_changes
from build_scripts.core.redline.order import document_order
from build_scripts.core.redline.prose import MARKED, render_draft
from build_scripts.core.redline.sections import ProseSection, pair_sections, split_prose, split_sections
from build_scripts.core.redline.snapshot import Snapshot
from build_scripts.core.redline.worddiff import Segment, diff_words, segments_html

TEMPLATES = Path(__file__).resolve().parents[3] / "templates" / "html" / "site"


@dataclass
class SectionDiff:
    anchor: str
    path: str
    title: str  # the heading as printed (the new draft's, or the old one's for a removed section)
    kind: str  # "doi" (changed) | "giu" (unchanged) | "them" (added) | "bo" (removed)
    segments: list[Segment]
    html: str
    insertions: int = 0
    deletions: int = 0
    data_keys: list[str] = field(default_factory=list)  # changed data shown here
    title_segments: list[Segment] = field(default_factory=list)
    title_html: str = ""


@dataclass
class Redline:
    old: Snapshot
    new: Snapshot
    sections: list[SectionDiff]
    data: list[DataChange]

    @property
    def insertions(self) -> int:
        return sum(s.insertions for s in self.sections)

    @property
    def deletions(self) -> int:
        return sum(s.deletions for s in self.sections)

    @property
    def changed_sections(self) -> int:
        return sum(1 for s in self.sections if s.kind != "giu")

    def groups(self) -> list[tuple[str, list[SectionDiff]]]:
        """Runs of unchanged sections become one folded group."""
        out: list[tuple[str, list[SectionDiff]]] = []
        for s in self.sections:
            if s.kind == "giu" and out and out[-1][0] == "giu":
                out[-1][1].append(s)
            else:
                out.append(("giu" if s.kind == "giu" else "doi", [s]))
        return out


def _ignored(key: str) -> bool:
    return key.replace("[", ".").replace("]", "").startswith(IGNORED_PREFIXES)


def _marked_keys(section: ProseSection) -> list[tuple[str, int]]:
    """(data key, source line) of every marked value of a section, heading included."""
    found = [(m.group(1), section.line) for m in MARKED.finditer(section.title)]
    for b in section.blocks:
        found.extend((m.group(1), b.line) for m in MARKED.finditer(b.text))
    return found


def compare(old: Snapshot, new: Snapshot, keep_notes: bool = False) -> Redline:
    """The redline of two drafts; ``keep_notes``: the committee's notes compared too (its own edition)."""
    old_draft, new_draft = render_draft(old, keep_notes), render_draft(new, keep_notes)
    old_secs = {p: split_prose(p, blocks) for p, blocks in old_draft.files.items()}
    new_secs = {p: split_prose(p, blocks) for p, blocks in new_draft.files.items()}
    changes = data_changes(old.data, new.data)
    for c in changes:
        c.source = (new_draft if c.new is not None else old_draft).source_of(c.key)

    def change_of(key: str) -> DataChange | None:
        return next((c for c in changes if covers(c.key, key)), None)

    result: list[SectionDiff] = []
    paths = list(dict.fromkeys([*document_order(new.texts), *document_order(old.texts)]))
    for path in paths:
        if path not in old_secs and path not in new_secs:
            continue
        for a, b in pair_sections(old_secs.get(path, []), new_secs.get(path, [])):
            sec = b or a
            assert sec is not None
            wd = diff_words(a.text if a else "", b.text if b else "", _ignored)
            kind = "them" if a is None else "bo" if b is None else "doi" if wd.changed else "giu"
            if a is not None and b is not None and a.plain_title != b.plain_title:
                td = diff_words(a.title, b.title, _ignored)
                title_segments = td.segments
                kind = "doi"
            else:
                title_segments = [Segment("giu", sec.plain_title)]
            used: list[str] = []
            for side in (s for s in (b, a) if s is not None):
                for key, line in _marked_keys(side):
                    c = change_of(key)
                    if c is None or (side is a and b is not None and c.new is not None):
                        continue
                    use = Use(path, line, sec.plain_title)
                    if use not in c.uses:
                        c.uses.append(use)
                    if c.key not in used:
                        used.append(c.key)
            sources = {k: new_draft.source_of(k) or old_draft.source_of(k) for k in wd.data_keys}
            anchors = {k: c.anchor for k in wd.data_keys if (c := change_of(k))}
            result.append(
                SectionDiff(
                    f"muc-{len(result) + 1}",
                    path,
                    sec.plain_title,
                    kind,
                    wd.segments,
                    segments_html(wd.segments, sources, anchors),
                    wd.insertions,
                    wd.deletions,
                    used,
                    title_segments,
                    segments_html(title_segments),
                )
            )
    # A value no rendered text marks (read by a loop, or inside a text of source_data): where
    # the source names it.
    unused = [c for c in changes if not c.uses]
    if unused:
        attach_uses(
            unused,
            [s for path, text in sorted(new.texts.items()) for s in split_sections(path, text)],
            [s for path, text in sorted(old.texts.items()) for s in split_sections(path, text)],
        )
        # named by the rendered heading over that line (a heading in the source may hold a placeholder)
        for c in unused:
            secs = new_secs if c.new is not None else old_secs
            c.uses = [Use(u.path, u.line, _heading_at(secs.get(u.path, []), u.line)) for u in c.uses]
    return Redline(old, new, result, changes)


def _heading_at(sections: list[ProseSection], line: int) -> str:
    above = [s for s in sections if s.line <= line]
    return above[-1].plain_title if above else ""


def section_anchor(redline: Redline, path: str, title: str) -> str:
    for s in redline.sections:
        if s.path == path and s.title == title:
            return s.anchor
    return ""


def render_redline(old: Snapshot, new: Snapshot, links: dict[str, str] | None = None) -> tuple[str, Redline]:
    """The HTML page (self-contained: inline style, no outside request) and the diff."""
    redline = compare(old, new)
    return redline_page(redline, links), redline


def redline_page(
    redline: Redline, links: dict[str, str] | None = None, why: Callable[[str], list[str]] | None = None
) -> str:
    """The HTML page of a redline. ``links``: trang_chu (home), cu, moi (the two drafts), pdf, gop_y
    (the review report of the old draft). ``why``: a section's title -> the reviewers' comments on
    that section of the old draft, as short texts (the committee's edition: why it changed)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([TEMPLATES, TEMPLATES.parent / "static"]),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["section_anchor"] = lambda path, title: section_anchor(redline, path, title)
    env.globals["gop_y"] = why or (lambda title: [])
    all_links = {"trang_chu": "", "cu": "", "moi": "", "pdf": "", "gop_y": "", **(links or {})}
    return env.get_template("so-sanh.html.j2").render(r=redline, links=all_links)
