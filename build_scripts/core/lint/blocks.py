"""Fenced blocks of a MyST document that swallow the text after them.

A code fence (```` ``` ```` or ``~~~``) or a directive fence (``:::``) left without its closing
line turns everything after it into code or into the directive's content: the report loses
its text, and docutils then complains, in English, about footnotes it no longer sees. A
directive name without its closing brace (``:::{note``) is silently built as a plain block.

Used by lint (code ``khoi``) and by the Sphinx extension, which stops the build with these
messages.
"""

from __future__ import annotations

import re

from build_scripts.core.lint.problems import TextProblem

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}|:{3,})(.*)$")


def check_blocks(text: str) -> list[TextProblem]:
    out: list[TextProblem] = []
    open_fence: tuple[str, int, int] | None = None  # mark, length, line
    for n, line in enumerate(text.splitlines(), 1):
        m = _FENCE.match(line)
        if not m:
            continue
        marks, info = m.group(1), m.group(2).strip()
        if open_fence is not None:
            mark, length, _ = open_fence
            # only a fence of the same mark, at least as long, closes it; shorter ones are content
            # (a ":::" card inside a "::::" grid)
            if marks[0] == mark and len(marks) >= length and not info:
                open_fence = None
            continue
        if marks[0] == "`" and "`" in info:
            continue  # ```text``` inside a line is inline code, not a fence
        if info.startswith("{") and "}" not in info:
            name = info[1:].split()[0] if info[1:].split() else "…"
            out.append(
                TextProblem(
                    n,
                    line.index(marks) + len(marks) + 1,
                    f"tên khối “{info}” thiếu dấu “}}” đóng: khối này không được dựng thành “{name}”",
                    f"viết {marks}{{{name}}}",
                )
            )
        open_fence = (marks[0], len(marks), n)
    if open_fence is not None:
        mark, length, n = open_fence
        fence = mark * length
        out.append(
            TextProblem(
                n,
                1,
                f"khối “{fence}” mở ở dòng này chưa được đóng: mọi chữ sau nó thành nội dung của khối, "
                "không còn là văn bản của báo cáo",
                f"thêm một dòng “{fence}” ở chỗ khối kết thúc, hoặc xoá dòng “{fence}” thừa",
            )
        )
    return out
