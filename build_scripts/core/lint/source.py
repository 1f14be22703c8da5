"""Read a file and mask what is not prose, keeping line and column positions.

`Document.prose` has the same length and line breaks as the text; every character
that is not prose (Jinja, code, URLs, footnote labels, MyST syntax ...) is replaced
by MASK, so each checker sees only words a reader sees, at their real positions.
A Jinja placeholder is data: it is masked, never read as a statistic.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

MASK = "\ue000"

# Directives whose body is prose the reader sees (option lines are still masked).
PROSE_DIRECTIVES = {
    "note",
    "admonition",
    "tip",
    "warning",
    "important",
    "attention",
    "caution",
    "danger",
    "error",
    "hint",
    "seealso",
    "topic",
    "sidebar",
    "epigraph",
    "rubric",
    "list-table",
    "table",
    "figure",
    "div",
    "container",
    "card",
    "grid-item-card",
    "tab-item",
    "dropdown",
    "centered",
    "compound",
    "highlights",
    "pull-quote",
}

_INLINE_MASKS = [
    re.compile(r"\{\{.*?\}\}", re.S),  # Jinja expression: data
    re.compile(r"\{%.*?%\}", re.S),  # Jinja statement
    re.compile(r"\{#.*?#\}", re.S),  # Jinja comment
    re.compile(r"<!--.*?-->", re.S),  # HTML comment
    re.compile(r"\{[\w:.-]+\}`[^`]*`"),  # MyST role {name}`...`
    re.compile(r"`[^`\n]*`"),  # inline code
    re.compile(r"\[\^[^\]\s]+\]"),  # footnote reference [^1]
    re.compile(r"(?<=\])\([^)\s]*\)"),  # link / image target
    re.compile(r"<https?://[^>\s]+>|https?://[^\s)\]]+"),  # URLs
    re.compile(r"</?[A-Za-z][^>\n]*>"),  # HTML tags
    re.compile(r"\{[#.][\w-]+(?:\s+[#.]?[\w=\"-]+)*\}"),  # inline attributes {#id .class}
    re.compile(r"\\(?=[^\w\s])"),  # markdown escape 1\. (the backslash)
]
_LINE_MASKS = [
    re.compile(r"^\s*\(\S+\)=\s*$", re.M),  # MyST target (label)=
    re.compile(r"^%.*$", re.M),  # MyST comment line
    re.compile(r"^\s*\{[.#%][^}\n]*\}\s*$", re.M),  # MyST attribute line {.class}
    re.compile(r"^\s{0,3}#{1,6}(?=\s)", re.M),  # heading marker
    re.compile(r"^\s*>+", re.M),  # block quote marker
    re.compile(r"^\s*[-*+](?=\s)", re.M),  # bullet marker
    re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$", re.M),  # table rule
    re.compile(r"^\s*(\*\s*){3,}$|^\s*(-\s*){3,}$|^\s*(_\s*){3,}$", re.M),  # thematic break
]
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,}|:{3,})\s*(\{([\w:.-]+)\})?(.*)$")
_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]]+\]:", re.M)
_OPTION_LINE = re.compile(r"^\s*:[\w-]+:.*$")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---[ \t]*\n", re.S)


@dataclass
class Document:
    path: Path
    rel: str  # path as shown to the user
    text: str
    prose: str
    kind: str  # "md", "txt" or "yaml"
    lines: list[str] = field(default_factory=list)
    prose_lines: list[str] = field(default_factory=list)
    headings: set[int] = field(default_factory=set)  # 0-based line indexes
    raw_lines: list[str] = field(default_factory=list)  # as in the file, before NFC
    bad_utf8: tuple[int, int] | None = None  # (line, column) of the first byte that is not UTF-8

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset in the text."""
        line = self.text.count("\n", 0, offset)
        start = self.text.rfind("\n", 0, offset) + 1
        return line + 1, offset - start + 1


def _apply(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = MASK


def _mask_fences(text: str, chars: list[str]) -> None:
    lines = text.split("\n")
    offsets, pos = [], 0
    for ln in lines:
        offsets.append(pos)
        pos += len(ln) + 1
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        marker, name = m.group(2), m.group(4)
        _apply(chars, offsets[i], offsets[i] + len(lines[i]))
        prose_body = name in PROSE_DIRECTIVES
        j = i + 1
        in_options = True
        while j < len(lines):
            stripped = lines[j].strip()
            if stripped.startswith(marker[0] * len(marker)) and set(stripped) <= {marker[0]}:
                _apply(chars, offsets[j], offsets[j] + len(lines[j]))
                break
            if not prose_body:
                _apply(chars, offsets[j], offsets[j] + len(lines[j]))
            elif in_options and _OPTION_LINE.match(lines[j]):
                _apply(chars, offsets[j], offsets[j] + len(lines[j]))
            else:
                in_options = False
            j += 1
        i = j + 1


def mask_text(text: str, kind: str) -> str:
    chars = list(text)
    if kind == "md":
        fm = _FRONT_MATTER.match(text)
        if fm:
            _apply(chars, 0, fm.end())
        _mask_fences(text, chars)
        for rx in _LINE_MASKS:
            for m in rx.finditer(text):
                _apply(chars, m.start(), m.end())
        for m in _FOOTNOTE_DEF.finditer(text):
            _apply(chars, m.start(), m.end())
        for rx in _INLINE_MASKS:
            for m in rx.finditer(text):
                _apply(chars, m.start(), m.end())
    else:
        for rx in _INLINE_MASKS[:3]:
            for m in rx.finditer(text):
                _apply(chars, m.start(), m.end())
    return "".join(chars)


# YAML values that are metadata, not text the reader sees.
YAML_META_KEYS = {
    "nguon",
    "ghi_chu",
    "doc_lap",
    "don_vi",
    "tinh_chat",
    "co_so",
    "trang_thai",
    "ma",
    "khoa",
    "regex",
    "ten_tep",
    "kieu",
    "loai",
    "danh_gia",
}
_YAML_FIELD = re.compile(r"\{[\w.]+(?:\|[\w()., ]+)?\}")


def mask_yaml(text: str) -> str:
    """Everything masked except the text of string values the reader sees
    (a value with a space in it, or an item label `nhan`); `{ten|cach}` fields are data."""
    import yaml

    chars = [c if c == "\n" else MASK for c in text]
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return "".join(chars)  # the data loader reports the syntax error

    def visit(node, key=None):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                visit(v, getattr(k, "value", None))
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                visit(v, key)
        elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
            if key in YAML_META_KEYS or not (" " in node.value or key == "nhan"):
                return
            start, end = node.start_mark.index, node.end_mark.index
            if node.style in ("'", '"'):
                start, end = start + 1, end - 1
            elif node.style in ("|", ">"):
                start = text.find("\n", start) + 1
            for i in range(start, end):
                chars[i] = text[i]
            for m in _YAML_FIELD.finditer(text, start, end):
                _apply(chars, m.start(), m.end())

    if root is not None:
        visit(root)
    return "".join(chars)


_UPPER_HEADING = re.compile(r"^[\W\dIVXLC]*[A-ZĐÀ-Ỹ][^a-zà-ỹđ]{3,}$")


def load(path: Path, root: Path) -> Document:
    raw = path.read_bytes()
    bad_utf8 = None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = raw[: exc.start].decode("utf-8", errors="replace")
        bad_utf8 = (head.count("\n") + 1, len(head) - (head.rfind("\n") + 1) + 1)
    text = raw.decode("utf-8", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw_lines = text.split("\n")
    # Checks read the NFC form (what the build typesets); encoding.py reports
    # the non-NFC lines from raw_lines.
    text = unicodedata.normalize("NFC", text)
    kind = {".md": "md", ".yaml": "yaml", ".yml": "yaml"}.get(path.suffix.lower(), "txt")
    if path.name.lower().endswith(".md.j2"):
        kind = "md"
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = path.as_posix()
    prose = mask_text(text, kind) if kind != "yaml" else mask_yaml(text)
    doc = Document(path=path, rel=rel, text=text, prose=prose, kind=kind)
    doc.raw_lines = raw_lines
    doc.bad_utf8 = bad_utf8
    doc.lines = text.split("\n")
    doc.prose_lines = prose.split("\n")
    for i, ln in enumerate(doc.lines):
        s = ln.strip()
        if kind == "md" and re.match(r"^\s{0,3}#{1,6}\s", ln):
            doc.headings.add(i)
        elif s and _UPPER_HEADING.match(s.replace(MASK, "")):
            doc.headings.add(i)
    return doc
