"""Sphinx's and docutils' warnings as Vietnamese lines: file, line (of the committee's text), what."""

from __future__ import annotations

import re

from build_scripts.core.messages import display_path
from build_scripts.core.suggest import did_you_mean
from build_scripts.core.templating.line_map import line_of_entry, source_line

_WARNING_LINE = re.compile(r"^(?P<where>.*?):(?P<line>\d+)?:? ?(?:WARNING|ERROR|CRITICAL): (?P<msg>.*)$")


_TRANSLATIONS = [
    (
        re.compile(r"image file not readable: (.*)"),
        r"không có tệp ảnh '\1' (đường dẫn tính từ thư mục của tệp .md; kiểm tra tên tệp, chữ hoa/thường, đuôi .png/.jpg)",
    ),
    (re.compile(r"Unknown target name: \"?(.*?)\"?\.?$"), r"tham chiếu tới '\1' không có đích"),
    (
        re.compile(r"[Ff]ootnote .*?(\[\^?[^\]]*\]|'[^']*')? ?is not referenced"),
        r"chú thích \1 được định nghĩa nhưng không được dùng",
    ),
    (re.compile(r"Unknown directive type[: ]*'?([^'.]*)'?"), r"không có khối lệnh '\1'"),
    (
        re.compile(r"document isn't included in any toctree"),
        r"tệp không nằm trong mục lục nào: thêm tên tệp (không có đuôi .md) vào khối {toctree} của tệp "
        r"index.md cùng thư mục với nó (hoặc của docs/index.md)",
    ),
    (
        re.compile(r"toctree contains reference to non-?existing document '(.*)'"),
        r"mục lục trỏ tới tệp không tồn tại '\1'",
    ),
    (
        re.compile(r"Non-consecutive header level increase; H(\d) to H(\d)"),
        r"tiêu đề nhảy cấp (từ cấp \1 xuống cấp \2)",
    ),
    (
        re.compile(r"Document headings start at H(\d), not H1"),
        r"tiêu đề đầu tiên của tệp là cấp \1: mỗi tệp bắt đầu bằng tên của nó ở cấp 1, một dấu “#” "
        r"(ví dụ “# D. TỔ CHỨC THỰC HIỆN”)",
    ),
    (
        re.compile(r"cross-reference target not found: '(.*)'"),
        r"liên kết trỏ tới '\1' nhưng không có tệp hay mục đó (tệp đã đổi tên hoặc xoá? kiểm tra đường dẫn trong [chữ](đường-dẫn))",
    ),
    (
        re.compile(r"toctree contains reference to document '(.*)' that doesn't have a title"),
        r"tệp '\1' trong mục lục không có tiêu đề (dòng '# …' ở đầu tệp), nên mục lục không có dòng cho nó",
    ),
]


def parse_warnings(text: str, line_maps: dict | None = None) -> list[str]:
    """Sphinx warnings as Vietnamese lines 'file:line: message (original)'."""
    problems = []
    first_heading_said: set[str] = set()  # MyST repeats it for every heading of the file
    for raw in text.splitlines():
        line = re.sub(r"\x1b\[[0-9;]*m", "", raw).strip()
        if not line or "WARNING" not in line and "ERROR" not in line:
            continue
        m = _WARNING_LINE.match(line)
        if not m:
            problems.append(line)
            continue
        # Drop the trailing warning category ("[image.not_readable]", "[docutils]").
        message = re.sub(r"\s*\[[\w.-]+\]$", "", m.group("msg"))
        if message.startswith("Document headings start at"):
            if m.group("where") in first_heading_said:
                continue
            first_heading_said.add(m.group("where"))
        translated = None
        for pattern, replacement in _TRANSLATIONS:
            if pattern.search(message):
                translated = pattern.sub(replacement, pattern.search(message).group(0))
                break
        unknown = re.search(r"Unknown directive type[: ]*'?([^'.\s]*)", message)
        if translated and unknown:
            translated += _did_you_mean_directive(unknown.group(1))
        line_no = source_line(m.group("where"), m.group("line"), line_maps)
        entry = re.search(r"toctree contains reference to non-?existing document '(.*)'", message)
        if entry:  # Sphinx names the toctree's first line; the entry to fix is further down
            line_no = line_of_entry(m.group("where"), entry.group(1)) or line_no
        where = display_path(m.group("where")) + (f":{line_no}" if line_no else "")
        problems.append(f"{where}: {translated} ({message})" if translated else f"{where}: {message}")
    return list(dict.fromkeys(problems))  # Sphinx repeats some (a title-less part: once per page)


# The blocks a committee member writes besides ``:::{ghi-chu}``: for "có phải ý bạn là".
KNOWN_DIRECTIVES = (
    "toctree",
    "list-table",
    "grid",
    "grid-item-card",
    "note",
    "admonition",
    "figure",
    "image",
    "table",
    "csv-table",
    "include",
)


def _did_you_mean_directive(name: str) -> str:

    from build_scripts.core.report_structure import DIRECTIVE

    return did_you_mean(name, (DIRECTIVE, *KNOWN_DIRECTIVES), form="clause")
