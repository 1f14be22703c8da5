"""Placeholders typed with one brace: ``{ ky_luat.tong }`` is not Jinja, so it went into the report
as written. A data key between single braces is almost surely a placeholder that lost a brace.

Used by lint (code ``cho-giu-cho``) and by the Sphinx extension, which stops the build.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from build_scripts.core.lint.problems import TextProblem

# "{ nhom.khoa }" or "{ nhom.khoa | dem }" (or with "}}" at one end only). A brace next to another
# one is never taken, so no part of a "{{ … }}" matches.
_SINGLE = re.compile(r"(?<!\{)\{(?!\{)\s*([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)+)\s*(\|[^{}\n]*)?\}(?:\}(?!\}))?")


def check_placeholders(text: str, groups: Iterable[str]) -> list[TextProblem]:
    """The single-brace placeholders of ``text`` whose key starts with one of the data ``groups``."""
    groups = set(groups)
    out = []
    for m in _SINGLE.finditer(text):
        key = m.group(1)
        if key.split(".", 1)[0] not in groups:
            continue
        written = text[m.start() : m.end()]
        line = text.count("\n", 0, m.start()) + 1
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        shown = "{{ " + key + (" " + m.group(2).strip() if m.group(2) else "") + " }}"
        out.append(
            TextProblem(
                line,
                column,
                f"chỗ giữ chỗ “{written}” thiếu dấu ngoặc: nó sẽ được in nguyên văn vào báo cáo",
                f"viết {shown} (hai dấu ngoặc mỗi bên)",
                written,
            )
        )
    return out
