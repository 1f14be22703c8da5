"""Turn rinohtype's warnings into Vietnamese build errors.

rinohtype reports problems (missing glyph, unknown style, a line too long
for its box, a broken reference ...) as Python warnings and carries on,
producing a quietly wrong PDF. We record them all while rendering and fail
the build with one Vietnamese message per problem.
"""

import re
import warnings
from contextlib import contextmanager

from rinoh import element as rinoh_element
from rinoh.warnings import RinohWarning
from rinoh.warnings import warn as rinoh_warn

# rinohtype prefixes warnings from document elements with '[source:line <tag>] '
_LOCATION = re.compile(r"^\[(?P<source>[^\]]*?):(?P<line>\d+|None) <(?P<tag>[^>]*)>\] ")
_PAGE = re.compile(r" \(page (?P<page>[^)]*)\)$")

# (pattern on the English message, Vietnamese text, how to fix)
_TRANSLATIONS = [
    (
        re.compile(
            r"(?P<font>\S+) does not contain glyph for unicode index "
            r"0x(?P<code>[0-9a-fA-F]+) \((?P<char>.*)\)"
        ),
        "Phông {font} không có chữ (glyph) cho ký tự U+{code} ({char}).",
        "Thay ký tự đó bằng ký tự tương đương có trong phông TeX Gyre Termes, "
        "hoặc chuẩn hoá văn bản về Unicode dựng sẵn (NFC).",
    ),
    (
        re.compile(r"The style definition '(?P<style>.*)' will be ignored"),
        "Kiểu '{style}' trong tệp kiểu chữ không khớp với phần tử nào.",
        "Sửa tên kiểu trong templates/rinoh/bao_cao.rts.",
    ),
    (
        re.compile(r"does not include a (?P<want>.*) font\. Falling back to (?P<got>.*)"),
        "Thiếu kiểu phông {want}; rinohtype định dùng {got} thay thế.",
        "Chỉ dùng chữ thường, đậm, nghiêng, đậm nghiêng của TeX Gyre Termes.",
    ),
    (
        re.compile(r"item too long to fit on line"),
        "Có một từ hoặc mục quá dài, không vừa một dòng.",
        "Thêm dấu cách hoặc rút ngắn chuỗi (đường dẫn, số liệu dính liền).",
    ),
    (
        re.compile(r"Target '(?P<target>.*)' has no '(?P<kind>.*)' reference"),
        "Tham chiếu tới '{target}' không có đích.",
        "Kiểm tra nhãn tham chiếu hoặc chú thích cuối trang tương ứng.",
    ),
    (
        re.compile(r"Multiple selectors match with the same specificity: (?P<names>.*?)\. "),
        "Hai kiểu chữ cùng áp cho một phần tử ({names}).",
        "Thêm dấu + vào phần chọn của kiểu cần ưu tiên trong templates/rinoh/bao_cao.rts.",
    ),
    (
        re.compile(r"section hierarchy is missing levels"),
        'Cấp đề mục bị nhảy (ví dụ từ "I." xuống thẳng "1.1.").',
        "Sửa cấp tiêu đề (số dấu #) trong tệp Markdown.",
    ),
    (
        re.compile(r'The "(?P<key>.*)" string is not defined'),
        "Thiếu chuỗi tiếng Việt '{key}'.",
        "Thêm chuỗi đó vào build_scripts/pdf/language.py.",
    ),
]


class RinohProblem:
    """One rinohtype warning, with its location and a Vietnamese message."""

    def __init__(self, text):
        self.original = str(text)
        message = self.original
        self.source = self.line = self.page = None
        match = _LOCATION.match(message)
        if match:
            self.source = match["source"] or None
            self.line = int(match["line"]) if match["line"].isdigit() else None
            message = message[match.end() :]
        match = _PAGE.search(message)
        if match:
            self.page = match["page"]
            message = message[: match.start()]
        self.message = None
        self.fix = "Báo cho người phụ trách kỹ thuật kèm thông báo gốc."
        for pattern, vietnamese, fix in _TRANSLATIONS:
            found = pattern.search(message)
            if found:
                self.message = vietnamese.format(**found.groupdict())
                self.fix = fix
                break
        if self.message is None:
            self.message = f"rinohtype cảnh báo: {message}"
        if self.page:
            self.message += f" (trang {self.page})"

    def __repr__(self):
        return f"RinohProblem({self.original!r})"


def _warn_with_location(self, message, container=None):
    """DocumentElement.warn, taking the source location from the nearest
    parent when the element itself has none (text spans, table cells)."""
    element = self
    while element is not None and getattr(element, "source", None) is None:
        element = getattr(element, "parent", None)
    if element is not None:
        try:
            message = "[{}:{} <{}>] ".format(*element.source.location) + message
        except (AttributeError, TypeError, ValueError):
            pass
    if container is not None:
        try:
            message += f" (page {container.page.formatted_number})"
        except AttributeError:
            pass
    rinoh_warn(message)


@contextmanager
def recorded_rinoh_warnings():
    """Collect every RinohWarning raised inside the block into a list."""
    problems = []
    original_warn = rinoh_element.DocumentElement.warn
    rinoh_element.DocumentElement.warn = _warn_with_location
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", RinohWarning)
            yield problems
    finally:
        rinoh_element.DocumentElement.warn = original_warn
    seen = set()
    for item in caught:
        if not issubclass(item.category, RinohWarning):
            continue
        text = str(item.message)
        if text in seen:
            continue
        seen.add(text)
        problems.append(RinohProblem(text))
