"""Footnotes of a MyST document: every reference [^x] needs a definition `[^x]: …`
in the same file, and every definition should be referenced.

Used by lint (code `chu-thich`) and by the Sphinx extension, which stops the build
with these messages instead of docutils' English ones.
"""

from __future__ import annotations

import re

from build_scripts.core.lint.problems import TextProblem
from build_scripts.core.suggest import closest

_CODE = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$|`[^`\n]*`", re.S | re.M)
# at a line's start, or indented under a list item (MyST takes that as a definition too)
_DEF = re.compile(r"^[ \t]*\[\^([^\]\s]+)\]:", re.M)
_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def _blank_code(text: str) -> str:
    return _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _pos(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check_footnotes(text: str) -> list[TextProblem]:
    clean = _blank_code(text)
    every_def = list(_DEF.finditer(clean))
    defs = {}
    out = []
    for m in every_def:
        if m.group(1) in defs:  # docutils says, in English, "Duplicate footnote definition found"
            first, _ = _pos(clean, defs[m.group(1)].start())
            line, col = _pos(clean, m.start())
            out.append(
                TextProblem(
                    line,
                    col,
                    f"chú thích [^{m.group(1)}] có hai nội dung (dòng {first} và dòng {line})",
                    f"đổi nhãn một trong hai (ví dụ [^{m.group(1)}-2], cả ở chỗ gọi nó), hoặc xoá nội dung thừa",
                    m.group(1),
                )
            )
        else:
            defs[m.group(1)] = m
    definition_starts = {d.start() for d in every_def}
    refs = [m for m in _REF.finditer(clean) if m.start() not in definition_starts]
    used = {m.group(1) for m in refs}
    suggested = set()
    for m in refs:
        label = m.group(1)
        if label in defs:
            continue
        close = closest(label, [d for d in defs if d not in used]) or closest(label, defs)
        suggested.update(close)
        fix = (
            f"sửa thành [^{close[0]}] (chú thích có sẵn)"
            if close
            else f"thêm dòng “[^{label}]: nội dung chú thích” ở cuối tệp"
        )
        line, col = _pos(clean, m.start())
        out.append(
            TextProblem(line, col, f"chỗ gọi chú thích [^{label}] không có nội dung chú thích tương ứng", fix, label)
        )
    for label, m in defs.items():
        if label not in used and label not in suggested:  # a misspelt reference is one mistake, not two
            line, col = _pos(clean, m.start())
            out.append(
                TextProblem(
                    line,
                    col,
                    f"chú thích [^{label}] có nội dung nhưng không được gọi ở đâu trong văn bản",
                    f"thêm [^{label}] vào chỗ cần chú thích, hoặc xoá chú thích thừa",
                    label,
                )
            )
    return sorted(out, key=lambda p: (p.line, p.column))
