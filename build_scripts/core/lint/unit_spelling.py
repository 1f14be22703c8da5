"""One spelling of a unit throughout: "m2" and "m²", "km2" and "km²" in one report.

The style of the exponent (a digit or a superscript) is counted over the whole project: the
``don_vi`` of the data files (what the report prints after each number) and the prose of docs/.
Where both styles appear, each place of the less usual one is a finding; a tie keeps the
superscript (the printed form of the units of area and volume). Draft 4 wrote "m2" where its
authors did: the committee fixes it or accepts it in the baseline (`make lint-baseline`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from build_scripts.core.lint.findings import Finding, q
from build_scripts.core.lint.source import Document

# m, km, cm, dm, hm, mm with the exponent 2 or 3, written as a digit or a superscript
_UNIT = re.compile(r"(?<![\w.,])((?:k|c|d|h|m)?m)([23²³])(?![\w²³])")
_DON_VI = re.compile(r"(?<![\w])don_vi:[ \t]*([\"']?)([^,}\n\"'#]+)")
_SUPERSCRIPT = {"2": "²", "3": "³"}
_DIGIT = {v: k for k, v in _SUPERSCRIPT.items()}


@dataclass(frozen=True)
class Spelling:
    path: str
    line: int
    column: int
    text: str  # as written, e.g. "m2"
    context: str

    @property
    def superscript(self) -> bool:
        return self.text[-1] in _DIGIT

    def other_style(self) -> str:
        last = self.text[-1]
        return self.text[:-1] + (_DIGIT[last] if self.superscript else _SUPERSCRIPT[last])


def spellings(doc: Document) -> list[Spelling]:
    """Each unit of area or volume in ``doc``: a data file's ``don_vi``, the prose of a part."""
    found = []
    if doc.kind == "yaml":
        for n, line in enumerate(doc.lines, start=1):
            for m in _DON_VI.finditer(line.split(" #", 1)[0]):
                for u in _UNIT.finditer(m.group(2)):
                    found.append(Spelling(doc.rel, n, m.start(2) + u.start() + 1, u.group(0), line.strip()[:80]))
    elif doc.kind == "md":
        for n, line in enumerate(doc.prose_lines, start=1):
            for u in _UNIT.finditer(line):
                found.append(Spelling(doc.rel, n, u.start() + 1, u.group(0), doc.lines[n - 1].strip()[:80]))
    return found


def check(all_docs: Iterable[Document], report_on: set[str] | None = None) -> list[Finding]:
    """Findings for the places in the less usual style (only in ``report_on`` files, when given);
    ``all_docs``: every file of the project, which decides the usual style."""
    places = [s for doc in all_docs for s in spellings(doc)]
    count = Counter(s.superscript for s in places)
    if len(count) < 2:
        return []
    usual = count[True] >= count[False]
    usual_forms = sorted({s.text for s in places if s.superscript == usual})
    out = []
    for s in places:
        if s.superscript == usual or (report_on is not None and s.path not in report_on):
            continue
        right = s.other_style()
        out.append(
            Finding(
                s.path,
                s.line,
                s.column,
                "don-vi",
                f"đơn vị {q(s.text)} viết khác phần còn lại của báo cáo, nơi viết "
                + ", ".join(q(u) for u in usual_forms)
                + f" ({count[usual]} chỗ, {count[not usual]} chỗ như ở đây)",
                f"viết {q(right)} cho thống nhất"
                + (" (ký tự ² ³: chép từ chỗ khác trong báo cáo)" if not s.superscript else "")
                + "; nếu Ban soạn thảo giữ như bản gốc thì chạy `make lint-baseline`",
                s.text,
                s.context,
            )
        )
    return out
