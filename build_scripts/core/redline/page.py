"""Assemble the redline page: files, sections (changed ones open, unchanged ones
folded), and the table of changed data values."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from build_scripts.core.redline.datadiff import DataChange, attach_uses, data_changes
from build_scripts.core.redline.order import document_order
from build_scripts.core.redline.sections import Section, pair_sections, split_sections
from build_scripts.core.redline.snapshot import Snapshot
from build_scripts.core.redline.worddiff import PLACEHOLDER, diff_words

TEMPLATES = Path(__file__).resolve().parents[3] / "templates" / "html" / "site"
_IDENT = re.compile(r"(?<![\w.])([A-Za-z_]\w*(?:\.\w+)+)")


@dataclass
class SectionDiff:
    anchor: str
    path: str
    title: str
    kind: str  # "doi" (changed) | "giu" (unchanged) | "them" (added) | "bo" (removed)
    html: str
    insertions: int = 0
    deletions: int = 0
    data_keys: list[str] = field(default_factory=list)  # changed data used here


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


def _sections(snap: Snapshot) -> dict[str, list[Section]]:
    return {path: split_sections(path, text) for path, text in sorted(snap.texts.items())}


def compare(old: Snapshot, new: Snapshot) -> Redline:
    old_secs, new_secs = _sections(old), _sections(new)
    changes = data_changes(old.data, new.data)
    attach_uses(
        changes,
        [s for ss in new_secs.values() for s in ss],
        [s for ss in old_secs.values() for s in ss],
    )
    changed = {c.key: c for c in changes}

    def render_token(tok: str) -> str:
        if not PLACEHOLDER.match(tok):
            return html.escape(tok)
        keys = [
            k
            for ident in _IDENT.findall(tok)
            for k in changed
            if ident == k or ident.startswith(k + ".") or k.startswith(ident + ".")
        ]
        esc = html.escape(tok)
        if not keys:
            return f'<span class="bien">{esc}</span>'
        c = changed[keys[0]]
        note = f"{c.old or '—'} → {c.new or '—'}"
        return (
            f'<a class="bien bien-doi" href="#du-lieu-{html.escape(keys[0])}" '
            f'title="Số liệu đã đổi: {html.escape(note)}">{esc}'
            f'<span class="gia-tri-doi">{html.escape(note)}</span></a>'
        )

    result: list[SectionDiff] = []
    paths = list(dict.fromkeys([*document_order(new.texts), *document_order(old.texts)]))
    for path in paths:
        for a, b in pair_sections(old_secs.get(path, []), new_secs.get(path, [])):
            anchor = f"muc-{len(result) + 1}"
            sec = b or a
            assert sec is not None
            if a is None:
                wd = diff_words("", b.text, render_token)
                kind = "them"
            elif b is None:
                wd = diff_words(a.text, "", render_token)
                kind = "bo"
            else:
                wd = diff_words(a.text, b.text, render_token)
                kind = "doi" if wd.changed else "giu"
            used = sorted({k for k, c in changed.items() for u in c.uses if u.path == path and u.section == sec.title})
            if kind == "giu" and used:
                kind = "doi"  # the prose is the same but a number in it changed
            result.append(SectionDiff(anchor, path, sec.title, kind, wd.html, wd.insertions, wd.deletions, used))
    return Redline(old, new, result, changes)


def section_anchor(redline: Redline, path: str, title: str) -> str:
    for s in redline.sections:
        if s.path == path and s.title == title:
            return s.anchor
    return ""


def render_redline(old: Snapshot, new: Snapshot, links: dict[str, str] | None = None) -> tuple[str, Redline]:
    """The HTML page (self-contained: inline style, no outside request) and the diff."""
    redline = compare(old, new)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([TEMPLATES, TEMPLATES.parent / "static"]),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["section_anchor"] = lambda path, title: section_anchor(redline, path, title)
    all_links = {"trang_chu": "", "cu": "", "moi": "", **(links or {})}
    page = env.get_template("so-sanh.html.j2").render(r=redline, links=all_links)
    return page, redline
