"""The data side of the redline: every value that changed between two drafts,
and where the text uses it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from build_scripts.core.redline.sections import Section
from build_scripts.core.vi_format import format_count, format_number

# Keys that change with every draft by design: not a change of the report's content.
IGNORED_PREFIXES = ("van_ban.du_thao",)
TINH_CHAT = {
    "tren": "trên",
    "duoi": "dưới",
    "it_nhat": "ít nhất",
    "toi_da": "tối đa",
    "khoang": "khoảng",
    "uoc": "ước",
}
_EXPR = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_IDENT = re.compile(r"(?<![\w.])([A-Za-z_]\w*(?:\.\w+)+)")


@dataclass(frozen=True)
class Use:
    path: str
    line: int
    section: str


@dataclass
class DataChange:
    key: str
    old: str | None  # None: the key did not exist
    new: str | None
    uses: list[Use] = field(default_factory=list)
    source: str = ""  # "source_data/dang_bo.yaml:12": where the value is written

    @property
    def anchor(self) -> str:
        return f"du-lieu-{self.key}"


def covers(change_key: str, used_key: str) -> bool:
    """Whether a value printed as ``used_key`` ("x.y[0].gia_tri") is (part of) ``change_key`` ("x.y.0")."""
    used = used_key.replace("[", ".").replace("]", "")
    return used == change_key or used.startswith(change_key + ".")


def _number(v: object) -> str:
    if isinstance(v, bool) or v is None:
        return str(v)
    try:
        d = Decimal(str(v))
    except InvalidOperation:
        return str(v)
    return format_number(d)  # the report's format, decimals as written


def is_quantity(v: object) -> bool:
    return isinstance(v, dict) and ("gia_tri" in v or ("tu" in v and "den" in v))


def show_quantity(q: dict) -> str:
    if "tu" in q and "den" in q and "gia_tri" not in q:
        value = f"{_number(q['tu'])} - {_number(q['den'])}"
    elif q.get("gia_tri") is None:
        value = "[chưa có số liệu]"
    else:
        value = _number(q["gia_tri"])
    unit = q.get("don_vi") or ""
    text = f"{value}{unit}" if unit == "%" else f"{value} {unit}".strip()
    qual = TINH_CHAT.get(q.get("tinh_chat") or "")
    return f"{qual} {text}" if qual else text


def _show(v: object) -> str:
    if isinstance(v, dt.date):
        return f"{v.day}/{v.month}/{v.year}"
    if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
        return _number(v)
    # a text's line breaks only lay it out (the title's lines in the PDF), the words are the content
    return "" if v is None else " ".join(str(v).split())


_FIELD = re.compile(r"\{\s*(\w+)\s*(?:\|\s*(\w+)\s*)?\}")


def _fill(text: str, group: dict) -> str:
    """A target's wording with its {ten|cach_viet} fields filled from the quantities beside it,
    as the chi_tieu macros print them (templates/macros/chi_tieu.j2); a field that names no
    quantity stays as written."""

    def field(m: re.Match) -> str:
        q = group.get(m.group(1))
        if not is_quantity(q):
            return m.group(0)
        how = m.group(2) or "dv"
        if how == "so" and q.get("gia_tri") is not None:
            return _number(q["gia_tri"])
        if how == "dem" and q.get("gia_tri") is not None:
            return format_count(q["gia_tri"])
        return show_quantity({**q, "tinh_chat": None})

    return _FIELD.sub(field, text)


def flatten(data: dict[str, object], fill: bool = True) -> dict[str, str]:
    """Dotted key -> displayed value; a quantity is one value ("47 đảng viên"), a text with
    fields is shown filled in (``fill``; without it, as written)."""
    out: dict[str, str] = {}

    def walk(prefix: str, v: object, group: dict) -> None:
        if is_quantity(v):
            out[prefix] = show_quantity(v)  # type: ignore[arg-type]
        elif isinstance(v, dict):
            for k, sub in v.items():
                walk(f"{prefix}.{k}", sub, v)
        elif isinstance(v, list):
            for i, sub in enumerate(v):
                walk(f"{prefix}.{i}", sub, {})
        elif fill and isinstance(v, str) and "{" in v:
            out[prefix] = _show(_fill(v, group))
        else:
            out[prefix] = _show(v)

    for ns, v in data.items():
        walk(ns, v, {})
    return out


def data_changes(old: dict[str, object], new: dict[str, object]) -> list[DataChange]:
    """The values that changed, shown filled in. A text whose fields print a changed number is
    not a change of its own: it is compared as written."""
    a, b = flatten(old), flatten(new)
    a_written, b_written = flatten(old, fill=False), flatten(new, fill=False)
    changes = []
    for key in sorted(set(a) | set(b)):
        if key.startswith(IGNORED_PREFIXES):
            continue
        if a_written.get(key) != b_written.get(key):
            changes.append(DataChange(key, a.get(key), b.get(key)))
    return changes


def references(sections: list[Section]) -> list[tuple[str, Use]]:
    """(identifier, use) for every dotted name inside a placeholder."""
    refs = []
    for s in sections:
        for m in _EXPR.finditer(s.text):
            line = s.line + s.text.count("\n", 0, m.start())
            for ident in _IDENT.findall(m.group(0)):
                refs.append((ident, Use(s.path, line, s.title)))
    return refs


def attach_uses(changes: list[DataChange], new_sections: list[Section], old_sections: list[Section]) -> None:
    new_refs, old_refs = references(new_sections), references(old_sections)
    for ch in changes:
        refs = new_refs if ch.new is not None else old_refs
        seen = set()
        for ident, use in refs:
            if ident == ch.key or ident.startswith(ch.key + ".") or ch.key.startswith(ident + "."):
                if (use.path, use.line) not in seen:
                    seen.add((use.path, use.line))
                    ch.uses.append(use)
