"""A draft as its readers see it: each document of ``docs/`` rendered with that draft's own data
and templates, then read as plain structured prose (headings, paragraphs, list items, table
rows, footnotes at their place), ready to be compared word by word.

Why the project's renderer and markdown-it rather than a Sphinx build of each side: the text
is what the committee compares, and this route gives it in well under a second per draft,
from a snapshot in memory (a commit never checked out), without Sphinx in ``core``. Sphinx
would add nothing the reader sees in a redline (cross-references, numbering of pages).

Every ``{{ … }}`` of a document or template is wrapped, before rendering, in a call that marks
its output with the data key it came from (``MARK_OPEN key MARK_KEY value MARK_CLOSE``): the
word diff (:mod:`.worddiff`) treats a marked value as one token tied to its key, so a changed
number reads "1.361 → 1.365" as a data change, not as a word edit. The key is the value's
own (a quantity knows its key, also through the number filters) or else the first data name
written in the placeholder. An output of several lines (a macro's table) is left unmarked:
the placeholders inside it carry their own marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin
from mdit_py_plugins.myst_role import myst_role_plugin

from build_scripts.core.data import DataSet, Quantity, load_data_texts
from build_scripts.core.drafts.errors import DraftError
from build_scripts.core.messages import UserError, UserErrors
from build_scripts.core.redline.snapshot import Snapshot
from build_scripts.core.report_structure import DIRECTIVE as NOTE_DIRECTIVE
from build_scripts.core.report_structure import NOTE_CLASS
from build_scripts.core.report_structure import TITLE as NOTE_TITLE
from build_scripts.core.templating.render import Renderer
from build_scripts.core.vi_format import FILTERS, MissingText

MARK_OPEN, MARK_KEY, MARK_CLOSE = "\ue000", "\ue001", "\ue002"
MARKED = re.compile(f"{MARK_OPEN}([^{MARK_KEY}]*){MARK_KEY}([^{MARK_CLOSE}]*){MARK_CLOSE}")
_ANY_MARK = re.compile(f"[{MARK_OPEN}{MARK_KEY}{MARK_CLOSE}]")
MARK_FUNCTION = "danh_dau_so_lieu"
_PLACEHOLDER = re.compile(r"\{\{([-+]?)(.*?)([-+]?)\}\}", re.S)
_STRING = re.compile(r"\"[^\"]*\"|'[^']*'")
_NAME = re.compile(r"(?<![\w.])([A-Za-z_]\w*(?:\.\w+)+)")
# Directives whose body is no prose of the report.
SKIPPED_DIRECTIVES = {"toctree", "code", "code-block", "sourcecode", "raw", "math", "contents", "include", "image"}
# Directives whose argument lays out (columns of a grid), not a title to read.
LAYOUT_DIRECTIVES = {"grid", "grid-item"}
BULLET = "–"  # the dash of the Party layout's lists
CELL = " │ "


def strip_marks(text: str) -> str:
    """The text as printed: values without their marks."""
    return _ANY_MARK.sub("", MARKED.sub(lambda m: m.group(2), text))


# -- rendering ------------------------------------------------------------------------------


class _KeyedText(str):
    """A number filter's output for a quantity, remembering the quantity's key."""

    data_key = ""


def _keyed_filter(function):
    def wrapped(value, *args, **kwargs):
        out = function(value, *args, **kwargs)
        if isinstance(value, Quantity) and type(out) is str:
            out = _KeyedText(out)
            out.data_key = value.key
        return out

    return wrapped


def mark_placeholders(source: str, namespaces: set[str]) -> str:
    """Every ``{{ expr }}`` as ``{{ danh_dau_so_lieu((expr), "key") }}``; line breaks kept."""

    def wrap(m: re.Match) -> str:
        left, expr, right = m.groups()
        names = [n for n in _NAME.findall(_STRING.sub("", expr)) if n.split(".")[0] in namespaces]
        return f'{{{{{left} {MARK_FUNCTION}(({expr}), "{names[0] if names else ""}") {right}}}}}'

    return _PLACEHOLDER.sub(wrap, source)


def _marking_renderer(dataset: DataSet, templates: dict[str, str]) -> Renderer:
    """The project's renderer, its templates from the snapshot (``templates`` as named in an
    ``{% include %}``: relative to templates/ or to docs/, the build's search path)."""
    renderer = Renderer(dataset, [], final=False)
    namespaces = set(dataset.namespace)
    renderer.env.loader = jinja2.DictLoader({name: mark_placeholders(t, namespaces) for name, t in templates.items()})
    renderer.env.filters.update({name: _keyed_filter(f) for name, f in FILTERS.items()})

    def mark(value, static_key: str):
        key = value.key if isinstance(value, Quantity) else getattr(value, "data_key", "") or static_key
        out = renderer._finalize(value)  # the renderer's own printing (units, missing values…)
        if not key or isinstance(out, MissingText) or isinstance(out, jinja2.Undefined):
            return out
        text = str(out)
        if not text.strip() or "\n" in text or _ANY_MARK.search(text):
            return out
        return f"{MARK_OPEN}{key}{MARK_KEY}{text}{MARK_CLOSE}"

    renderer.env.globals[MARK_FUNCTION] = mark
    return renderer


# -- MyST as prose --------------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # "tieu_de" (heading) | "doan" (paragraph) | "muc" (list item) | "dong" (table row)
    text: str  # with data marks
    line: int  # 1-based line in the source
    level: int = 0  # heading level; depth of a list item

    def as_line(self) -> str:
        """One line of the compared text."""
        if self.kind == "muc":
            return "    " * self.level + self.text
        return self.text


@dataclass
class RenderedDraft:
    snapshot: Snapshot
    dataset: DataSet
    files: dict[str, list[Block]] = field(default_factory=dict)  # docs path -> blocks

    def source_of(self, key: str) -> str:
        """'source_data/dang_bo.yaml:12' for a data key (the nearest known parent)."""
        parts = key.replace("[", ".").replace("]", "").split(".")
        while parts:
            for candidate in (".".join(parts), _indexed(parts)):
                try:
                    where = self.dataset.location(candidate)
                except KeyError:
                    continue
                return f"{Path(where.path).as_posix()}:{where.line}"
            parts.pop()
        return ""


def _indexed(parts: list[str]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if p.isdigit() else (f".{p}" if out else p)
    return out


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    for plugin in (
        front_matter_plugin,
        footnote_plugin,
        colon_fence_plugin,
        attrs_block_plugin,
        attrs_plugin,
        deflist_plugin,
        myst_block_plugin,
        myst_role_plugin,
        dollarmath_plugin,
    ):
        md.use(plugin)
    return md


_MD = _parser()


def _inline_text(token, notes: dict[int, str]) -> str:
    out: list[str] = []
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline", "math_inline", "myst_role"):
            out.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind == "footnote_ref":
            note = notes.get(child.meta.get("id"), "")
            out.append(f" [Chú thích: {note}]" if note else "")
        elif kind == "image":
            out.append(child.content or "")
    return " ".join("".join(out).split())


def _footnotes(tokens) -> dict[int, str]:
    notes: dict[int, list[str]] = {}
    current = None
    for t in tokens:
        if t.type == "footnote_open":
            current = t.meta.get("id")
            notes[current] = []
        elif t.type == "footnote_close":
            current = None
        elif current is not None and t.type == "inline":
            notes[current].append(_inline_text(t, {}))
    return {k: " ".join(v) for k, v in notes.items()}


def _directive(info: str) -> tuple[str, str]:
    m = re.match(r"^\{([\w:-]+)\}\s*(.*)$", info.strip())
    return (m.group(1), m.group(2).strip()) if m else ("", info.strip())


def _body(content: str) -> tuple[str, int, set[str]]:
    """A directive's body without its ``:option:`` lines, how many lines they took, its classes."""
    lines = content.split("\n")
    i = 0
    classes: set[str] = set()
    while i < len(lines) and (option := re.match(r"^\s*:([\w-]+):(.*)$", lines[i])):
        if option.group(1) == "class":
            classes.update(option.group(2).split())
        i += 1
    return "\n".join(lines[i:]), i, classes


def prose_blocks(text: str, first_line: int = 1, keep_notes: bool = False) -> list[Block]:
    """The blocks of a rendered MyST text, in reading order."""
    tokens = _MD.parse(text)
    notes = _footnotes(tokens)
    blocks: list[Block] = []
    lists: list[list] = []  # per open list: [ordered, next number]
    item_marker: list[str] = []  # the marker of each open list item, "" once used
    row: list[str] | None = None
    row_line = first_line
    in_note = 0
    for i, t in enumerate(tokens):
        line = first_line + (t.map[0] if t.map else 0)
        kind = t.type
        if kind == "footnote_block_open":
            in_note += 1
        elif kind == "footnote_block_close":
            in_note -= 1
        if in_note:
            continue
        if kind == "heading_open":
            blocks.append(Block("tieu_de", _inline_text(tokens[i + 1], notes), line, int(t.tag[1])))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            lists.append([kind == "ordered_list_open", int(t.attrs.get("start", 1) or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            ordered, number = lists[-1]
            if ordered:
                lists[-1][1] += 1
            item_marker.append(f"{t.info or number}{t.markup if t.markup in '.)' else '.'}" if ordered else BULLET)
        elif kind == "list_item_close":
            item_marker.pop()
        elif kind == "paragraph_open" and tokens[i + 1].type == "inline":
            content = _inline_text(tokens[i + 1], notes)
            if not content:
                continue
            if item_marker:
                marker = item_marker[-1]
                if marker:
                    item_marker[-1] = ""
                    content = f"{marker} {content}"
                blocks.append(Block("muc", content, line, len(lists) - 1))
            else:
                blocks.append(Block("doan", content, line))
        elif kind == "tr_open":
            row, row_line = [], line
        elif kind == "inline" and row is not None and tokens[i - 1].type in ("th_open", "td_open"):
            row.append(_inline_text(t, notes))
        elif kind == "tr_close" and row is not None:
            if any(row):
                blocks.append(Block("dong", CELL.join(row), row_line))
            row = None
        elif kind in ("fence", "colon_fence"):
            name, argument = _directive(t.info)
            if not name or name in SKIPPED_DIRECTIVES:
                continue
            body, skipped, classes = _body(t.content)
            if (name == NOTE_DIRECTIVE or NOTE_CLASS in classes) and not keep_notes:
                continue  # a note to the drafting committee: never printed in the report (nor in its Word file)
            if name == NOTE_DIRECTIVE:  # the committee's own redline compares its notes too
                argument = f"{NOTE_TITLE} — {argument}" if argument else NOTE_TITLE
            if name == "list-table":
                blocks.extend(_list_table(body, line + 1 + skipped))
                continue
            if argument and name not in LAYOUT_DIRECTIVES:  # a title (admonition, card)
                blocks.append(Block("doan", " ".join(argument.split()), line))
            blocks.extend(prose_blocks(body, line + 1 + skipped, keep_notes))
    return blocks


def _list_table(text: str, first_line: int) -> list[Block]:
    """A list-table's rows (items of the outer list), each with its cells (items of the inner lists)."""
    tokens = _MD.parse(text)
    notes = _footnotes(tokens)
    rows: list[Block] = []
    cells: list[list[str]] = []
    depth = 0
    for t in tokens:
        if t.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif t.type == "list_item_open" and depth == 1:
            cells = []
            rows.append(Block("dong", "", first_line + (t.map[0] if t.map else 0)))
        elif t.type == "list_item_open" and depth == 2 and rows:
            cells.append([])
        elif t.type == "list_item_close" and depth == 1 and rows:
            rows[-1].text = CELL.join(" ".join(c) for c in cells)
        elif t.type == "inline" and cells:
            cells[-1].append(_inline_text(t, notes))
    return [r for r in rows if r.text.strip(CELL + " ")]


# -- a draft --------------------------------------------------------------------------------


def render_draft(snap: Snapshot, keep_notes: bool = False) -> RenderedDraft:
    """Every document of ``docs/`` rendered with the draft's own data and templates."""
    try:
        dataset = load_data_texts(snap.data_texts)
        docs = {path.removeprefix("docs/"): text for path, text in snap.texts.items() if path.startswith("docs/")}
        renderer = _marking_renderer(dataset, {**docs, **snap.templates})
        namespaces = set(dataset.namespace)
        draft = RenderedDraft(snap, dataset)
        for path, text in sorted(snap.texts.items()):
            if not path.startswith("docs/"):
                continue
            rendered = renderer.render_document(mark_placeholders(text, namespaces), Path(path)).text
            draft.files[path] = prose_blocks(rendered, keep_notes=keep_notes)
    except UserError as e:
        # each error as the build reports it (file:line, fix), saying which draft could not be read
        where = "" if snap.ref else " Sửa rồi chạy lại."
        errors = [
            DraftError(f"{snap.label} không dựng được để so sánh: {x.message}", x.location, (x.fix or "") + where)
            for x in (e.errors if isinstance(e, UserErrors) else [e])
        ]
        raise (errors[0] if len(errors) == 1 else UserErrors(errors)) from None
    return draft
