"""Statistics typed into the prose instead of coming from source_data.

Every number a reader sees in the prose must be a Jinja placeholder
({{ ky_luat.tong }}), which the masking in source.py hides. A number left
in the prose is a finding unless an allow-list pattern of
source_data/lint/so_lieu_cho_phep.yaml covers it: document numbers
(18-NQ/TW, 1669/NQ-UBTVQH15, Quy định 101), dates (16/6/2025), term years
(2020 - 2025), heading numbers (1.1.), Covid-19, road numbers (392B) ...
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from build_scripts.core.lint.findings import Finding, q
from build_scripts.core.lint.source import MASK, Document
from build_scripts.core.vi_text import fold

# A number as the prose writes it: 1.361 ; 23,99 ; 08 ; 80% ; 24/25 (not glued to letters).
NUMBER = re.compile(r"(?<![\w.,/])\d+(?:[.,]\d+)*(?:/\d+)?%?(?![\w]|[.,/]\d)")
ALLOW_FILE = "source_data/lint/so_lieu_cho_phep.yaml"


def number_value(text: str) -> Decimal | None:
    """The value of a number as the prose writes it ("1.361" -> 1361, "23,99" -> 23.99; none for 24/25)."""
    t = text.rstrip("%")
    if "/" in t:
        return None
    t = t.replace(".", "").replace(",", ".")
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _of_its_unit(candidates: list[tuple[str, str]], number: str, after: str) -> list[str]:
    """The keys of ``candidates`` (key, unit) whose unit the prose writes with the number: "95%"
    for a value in %, "48 đảng viên" for one in đảng viên. The same value in another unit is
    another fact (48 cháu), and naming it would put an unrelated number into the report."""
    written_after = fold(after).lstrip()
    keys = []
    for key, unit in candidates:
        if unit == "%" if number.endswith("%") else (unit and unit != "%" and written_after.startswith(fold(unit))):
            keys.append(key)
    return keys


def _by_nearby_words(keys: list[str], line: str, start: int, end: int) -> list[str]:
    """``keys`` with those whose words the prose around the number writes first: in "Khiển trách
    38 đồng chí", ky_luat.khien_trach before dang_bo.so_to_chuc_dang (both are 38)."""
    nearby = set(re.findall(r"[a-z0-9]+", fold(line[max(0, start - 40) : end + 20])))
    return sorted(keys, key=lambda k: -len(nearby & set(re.split(r"[._\[\]]+", k))))


def check(doc: Document, allow: list[tuple[re.Pattern, str]], by_value: dict | None = None) -> Iterable[Finding]:
    for n, line in enumerate(doc.prose_lines, start=1):
        if not any(c.isdigit() for c in line):
            continue
        # Leading markdown markers are masked; allow-list patterns anchored with ^
        # see the line from its first visible character.
        lead = len(line) - len(line.lstrip(" \t" + MASK))
        view = " " * lead + line[lead:]
        spans: list[tuple[int, int]] = []
        for rx, _name in allow:
            for m in rx.finditer(view[lead:] if rx.pattern.startswith("^") else view):
                off = lead if rx.pattern.startswith("^") else 0
                spans.append((m.start() + off, m.end() + off))
        for m in NUMBER.finditer(line):
            if _covered(spans, m.start(), m.end()):
                continue
            num = m.group(0)
            val = number_value(num)
            keys = _of_its_unit((by_value or {}).get(val, []) if val is not None else [], num, line[m.end() :])
            keys = _by_nearby_words(keys, line, m.start(), m.end())
            if len(keys) == 1:
                fix = "số này đã có trong dữ liệu: viết {{ " + keys[0] + " }} thay cho nó"
            elif keys:
                fix = "số này có ở nhiều chỗ trong dữ liệu: viết chỗ giữ chỗ đúng thay cho nó, ví dụ " + " hoặc ".join(
                    "{{ " + k + " }}" for k in keys[:3]
                )
            else:
                fix = (
                    "đưa số vào source_data/*.yaml rồi viết {{ khoá.của.số }} vào đây; nếu là số hiệu văn bản, "
                    f"ngày tháng, số mục thì thêm mẫu vào {ALLOW_FILE}"
                )
            yield Finding(
                doc.rel,
                n,
                m.start() + 1,
                "so-lieu",
                f"số liệu {q(num)} gõ thẳng vào văn bản, không lấy từ source_data",
                fix,
                num,
                line[max(0, m.start() - 25) : m.end() + 25].replace(MASK, "").strip(),
            )
