"""Typography: spaces, punctuation, quotes, brackets and range dashes."""

from __future__ import annotations

import re
from collections.abc import Iterable

from build_scripts.core.lint.findings import Finding, q
from build_scripts.core.lint.source import MASK, Document

LETTER = r"[^\W\d_]"
_DOUBLE = re.compile(r"(?<=\S)( {2,})(?=\S)")
_SPACE_BEFORE = re.compile(r"(?<=\S)( +)([,;:.!?)\]”])")
_LINE_START_PUNCT = re.compile(r"^\s*([,;:.!?])(?=\s|$)")
_ITEM_DOT = re.compile(rf"^[\s{MASK}]*(\(\d+\)\.)")
_NO_SPACE_AFTER = re.compile(rf"([,;:])(?={LETTER}|[“(])|(?<=[a-zà-ỹđ]{{2}})(\.)(?=[A-ZĐÀ-Ỹ][a-zà-ỹđ])")
_GLUED_CLOSE = re.compile(rf"([”)])(?={LETTER})")
_GLUED_OPEN = re.compile(rf"(?<={LETTER})([“(])")
NUM = r"\d+(?:[.,]\d+)?%?"
_RANGE = re.compile(rf"(?<![\w/.,{MASK}-])({NUM})([ \t]*)([-–—])([ \t]*)({NUM})(?![\w/{MASK}]|[.,]\d)")
_ITEM_LABEL = re.compile(rf"(?:^|[\s;:,.{MASK}])(?:[a-zđA-ZĐ]|\d{{1,2}})$")
_OPEN = {"(": ")", "[": "]", "“": "”"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_NAMES = {"(": "ngoặc đơn", "[": "ngoặc vuông", "“": "ngoặc kép", '"': "ngoặc kép"}


def _ctx(doc: Document, n: int) -> str:
    return doc.lines[n - 1].strip()[:80]


def _paragraphs(doc: Document):
    """Runs of non-blank lines: [(line_number, prose_line), ...]."""
    block: list[tuple[int, str]] = []
    for n, line in enumerate(doc.prose_lines, start=1):
        if line.strip(" \t" + MASK):
            block.append((n, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _spacing(doc: Document) -> Iterable[Finding]:
    for n, line in enumerate(doc.prose_lines, start=1):
        if line.lstrip().startswith("|"):
            continue  # table rows align with spaces
        for m in _DOUBLE.finditer(line):
            yield Finding(
                doc.rel,
                n,
                m.start() + 1,
                "hai-dau-cach",
                f"có {len(m.group(1))} dấu cách liền nhau",
                "chỉ để một dấu cách",
                line[max(0, m.start() - 12) : m.end() + 12].strip(),
                _ctx(doc, n),
            )
        for m in _SPACE_BEFORE.finditer(line):
            p = m.group(2)
            yield Finding(
                doc.rel,
                n,
                m.start() + 1,
                "cach-truoc-dau",
                f"có dấu cách trước dấu {q(p)}",
                f"xoá dấu cách, viết dấu {q(p)} liền chữ đứng trước",
                line[max(0, m.start() - 12) : m.end()].strip(),
                _ctx(doc, n),
            )
        m = _ITEM_DOT.match(line)
        if m:
            yield Finding(
                doc.rel,
                n,
                m.start(1) + 1,
                "so-muc",
                f"số mục {q(m.group(1))} thừa dấu chấm, khác các mục khác",
                f"viết {q(m.group(1)[:-1])} như các mục còn lại",
                m.group(1),
                _ctx(doc, n),
            )
        m = _LINE_START_PUNCT.match(line)
        if m:
            p = m.group(1)
            yield Finding(
                doc.rel,
                n,
                m.start(1) + 1,
                "dau-dau-dong",
                f"dòng bắt đầu bằng dấu {q(p)}: câu bị xuống dòng ngay trước dấu câu",
                f"nối dấu {q(p)} vào cuối dòng trên (xoá chỗ xuống dòng thừa)",
                line.strip()[:20],
                _ctx(doc, n),
            )
        for m in _NO_SPACE_AFTER.finditer(line):
            p = m.group(1) or m.group(2)
            s = m.start(1) if m.group(1) else m.start(2)
            yield Finding(
                doc.rel,
                n,
                s + 1,
                "thieu-cach",
                f"thiếu dấu cách sau dấu {q(p)}",
                f"thêm một dấu cách sau dấu {q(p)}",
                line[max(0, s - 10) : s + 10].strip(),
                _ctx(doc, n),
            )
        for rx, where in ((_GLUED_CLOSE, "sau"), (_GLUED_OPEN, "trước")):
            for m in rx.finditer(line):
                p = m.group(1)
                yield Finding(
                    doc.rel,
                    n,
                    m.start() + 1,
                    "thieu-cach",
                    f"dấu {q(p)} dính liền chữ {where} nó",
                    f"thêm một dấu cách {where} dấu {q(p)}",
                    line[max(0, m.start() - 10) : m.end() + 10].strip(),
                    _ctx(doc, n),
                )


def _pairs(doc: Document) -> Iterable[Finding]:
    curly = straight = 0
    straight_at: list[tuple[int, int]] = []
    for block in _paragraphs(doc):
        stack: list[tuple[str, int, int]] = []
        for n, line in block:
            for col, ch in enumerate(line, start=1):
                if ch in _OPEN:
                    stack.append((ch, n, col))
                    if ch == "“":
                        curly += 1
                elif ch in _CLOSE:
                    if ch == ")" and _ITEM_LABEL.search(line[: col - 1]) and not (stack and stack[-1][0] == "("):
                        continue  # an item label: a) b) 1) 2)
                    if stack and stack[-1][0] == _CLOSE[ch]:
                        stack.pop()
                    elif ch == "”" and stack and stack[-1][0] == '"':
                        yield Finding(
                            doc.rel,
                            n,
                            col,
                            "kieu-ngoac-kep",
                            'câu trích mở bằng ngoặc kép thẳng " nhưng đóng bằng ngoặc kép cong ”',
                            "dùng cùng một kiểu: “…”",
                            ch,
                            _ctx(doc, n),
                        )
                        stack.pop()
                    else:
                        yield Finding(
                            doc.rel,
                            n,
                            col,
                            "ngoac-le",
                            f"dấu đóng {_NAMES[_CLOSE[ch]]} {q(ch)} không có dấu mở tương ứng",
                            f"thêm dấu mở {q(_CLOSE[ch])} ở chỗ thích hợp hoặc xoá dấu thừa",
                            ch,
                            _ctx(doc, n),
                        )
                elif ch == '"':
                    straight_at.append((n, col))
                    if stack and stack[-1][0] == '"':
                        stack.pop()
                        straight += 1
                    elif stack and stack[-1][0] == "“":
                        yield Finding(
                            doc.rel,
                            n,
                            col,
                            "kieu-ngoac-kep",
                            'câu trích mở bằng ngoặc kép cong “ nhưng đóng bằng ngoặc kép thẳng "',
                            'thay " bằng ”',
                            ch,
                            _ctx(doc, n),
                        )
                        stack.pop()
                    else:
                        stack.append(('"', n, col))
        for ch, n, col in stack:
            close = '"' if ch == '"' else _OPEN[ch]
            yield Finding(
                doc.rel,
                n,
                col,
                "ngoac-le",
                f"dấu mở {_NAMES[ch]} {q(ch)} không được đóng trong đoạn văn",
                f"thêm dấu đóng {q(close)} ở chỗ kết thúc",
                ch,
                _ctx(doc, n),
            )
    if curly and straight:
        # Both styles in one file: report the minority style.
        if straight <= curly:
            for n, col in straight_at:
                yield Finding(
                    doc.rel,
                    n,
                    col,
                    "kieu-ngoac-kep",
                    'ngoặc kép thẳng " lẫn với ngoặc kép cong “…” trong cùng văn bản',
                    "dùng thống nhất ngoặc kép cong “…”",
                    '"',
                    _ctx(doc, n),
                )


def _ranges(doc: Document, convention: str) -> Iterable[Finding]:
    for n, line in enumerate(doc.prose_lines, start=1):
        for m in _RANGE.finditer(line):
            a, sp1, dash, sp2, b = m.groups()
            form = (" " if sp1 else "") + dash + (" " if sp2 else "")
            if form == convention:
                continue
            want = a + convention + b
            yield Finding(
                doc.rel,
                n,
                m.start() + 1,
                "gach-khoang",
                f"khoảng {q(m.group(0))} viết khác quy ước của văn bản",
                f"viết {q(want)} (quy ước: {q(convention)}, như trong “2020 - 2025”)",
                m.group(0),
                _ctx(doc, n),
            )


_DOTTED = re.compile(rf"^[\s{MASK}]*(\d{{1,2}}(?:\.\d{{1,2}})*)[{MASK}]?\.(?=\s)")
_ITEM = re.compile(rf"^[\s{MASK}]*\((\d{{1,2}})\)")
_UPPER_LABEL = re.compile(rf"^[\s{MASK}]*(?:[IVX]+|[A-Z])\.(?=\s)")


def _next_number(prev: tuple[int, ...], depth: int) -> tuple[int, ...]:
    """The number a heading of ``depth`` parts takes after ``prev``: 2.2. then 2.2.1., 2.3. or 3."""
    if depth > len(prev):
        return prev + (1,) * (depth - len(prev))
    return prev[: depth - 1] + (prev[depth - 1] + 1,)


def _numbering(doc: Document) -> Iterable[Finding]:
    """Heading numbers 1. 1.1. 1.2. 2. … and items (1) (2) … follow each other."""
    prev: tuple[int, ...] | None = None
    prev_item: int | None = None
    for n, line in enumerate(doc.prose_lines, start=1):
        if _UPPER_LABEL.match(line):
            prev, prev_item = None, None
            continue
        m = _DOTTED.match(line)
        if m:
            cur = tuple(int(x) for x in m.group(1).split("."))
            ok = (
                prev is None
                or cur == prev + (1,)
                or (len(cur) <= len(prev) and cur[:-1] == prev[: len(cur) - 1] and cur[-1] == prev[len(cur) - 1] + 1)
            )
            if not ok:
                shown = m.group(1) + "."
                after = ".".join(map(str, prev)) + "."
                expected = _next_number(prev, len(cur))
                yield Finding(
                    doc.rel,
                    n,
                    m.start(1) + 1,
                    "so-muc",
                    f"số mục {q(shown)} không nối tiếp mục trước ({q(after)})",
                    f"viết {q('.'.join(map(str, expected)) + '.')} (nếu vừa thêm hay bỏ một mục, các mục "
                    "sau cũng đánh lại: lint chỉ ra cả các mục đó)",
                    shown,
                    _ctx(doc, n),
                )
                cur = expected  # the numbers after it follow the number it should have
            prev, prev_item = cur, None
            continue
        m = _ITEM.match(line)
        if m:
            cur_item = int(m.group(1))
            if (prev_item is None and cur_item != 1) or (prev_item is not None and cur_item != prev_item + 1):
                expected = 1 if prev_item is None else prev_item + 1
                yield Finding(
                    doc.rel,
                    n,
                    m.start(1),
                    "so-muc",
                    f"mục ({cur_item}) không nối tiếp: chờ mục ({expected})",
                    "kiểm tra lại số thứ tự các mục",
                    f"({cur_item})",
                    _ctx(doc, n),
                )
            prev_item = cur_item


_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s")


def _heading_levels(doc: Document) -> Iterable[Finding]:
    """A heading one level below the one before it at most ("##" then "#####" skips three): the
    skipped levels make the HTML heading tiny and the table of contents nest it wrongly."""
    if doc.kind != "md":
        return
    previous = None
    for n, (line, prose) in enumerate(zip(doc.lines, doc.prose_lines), start=1):
        m = _MD_HEADING.match(line)
        if not m or not prose.replace(MASK, "").strip():
            continue  # not a heading, or a "#" line inside a code block (all masked)
        level = len(m.group(1))
        if previous is not None and level > previous + 1:
            yield Finding(
                doc.rel,
                n,
                m.start(1) + 1,
                "cap-tieu-de",
                f"tiêu đề nhảy cấp: sau tiêu đề {q('#' * previous)} là {q('#' * level)}",
                f"dùng {q('#' * (previous + 1))} (một cấp dưới tiêu đề trước)",
                m.group(1),
                _ctx(doc, n),
            )
        previous = level


def check(doc: Document, range_dash: str = " - ") -> Iterable[Finding]:
    yield from _spacing(doc)
    yield from _numbering(doc)
    yield from _heading_levels(doc)
    yield from _pairs(doc)
    yield from _ranges(doc, range_dash)
