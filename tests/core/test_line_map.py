"""Lines of the rendered text back to the lines of the source (what warnings and notes point at)."""

from __future__ import annotations

from build_scripts.core.templating.line_map import line_map


def _source_line_of(source: str, rendered: str, text: str) -> int:
    mapping = line_map(source, rendered)
    return mapping[next(n for n, line in enumerate(rendered.splitlines()) if text in line)]


SOURCE = """\
# Phần thứ nhất

## 3. Công tác kiểm tra

{% for muc in ["Mục một", "Mục hai", "Mục ba"] %}
{{ muc }} của danh sách.
{% endfor %}

Trong nhiệm kỳ có {{ ky_luat.tong }} đảng viên, khiển trách {{ ky_luat.khien_trach }} đồng chí.

Giá trị ngành dịch vụ ước đạt {{ gia_tri | tien }}.

{% include "ket.md.j2" %}

[^ky-luat]: Đảng bộ có {{ so_dang_vien }} đảng viên.
"""

RENDERED = """\
# Phần thứ nhất

## 3. Công tác kiểm tra


Mục một của danh sách.

Mục hai của danh sách.

Mục ba của danh sách.


Trong nhiệm kỳ có 47 đảng viên, khiển trách 38 đồng chí.

Giá trị ngành dịch vụ ước đạt 1.145,42 tỷ đồng.

:::{list-table}
* - Nơi nhận
  - BÍ THƯ
:::

[^ky-luat]: Đảng bộ có 1.361 đảng viên.
"""


def test_lines_a_loop_adds_above_do_not_shift_the_lines_below():
    # Line by line, the blank lines of the loop's output would pair with the source's blank
    # lines and every line below would be blamed on the wrong source line.
    assert _source_line_of(SOURCE, RENDERED, "Mục ba của danh sách") == 6
    assert _source_line_of(SOURCE, RENDERED, "Trong nhiệm kỳ có 47") == 9
    assert _source_line_of(SOURCE, RENDERED, "ước đạt 1.145,42") == 11


def test_what_an_include_prints_is_its_line_and_the_text_after_it_keeps_its_own():
    assert _source_line_of(SOURCE, RENDERED, "- BÍ THƯ") == 13
    assert _source_line_of(SOURCE, RENDERED, "[^ky-luat]: Đảng bộ có 1.361") == 15


def test_a_list_a_macro_prints_on_one_line_comes_from_that_line():
    source = "Mở đầu.\n\n{{ ct.danh_sach(nhom) }}\n\nKết thúc {{ x }}.\n"
    rendered = "Mở đầu.\n\n(1) Một.\n\n(2) Hai.\n\n(3) Ba.\n\nKết thúc 5.\n"
    assert _source_line_of(source, rendered, "(1) Một") == 3
    assert _source_line_of(source, rendered, "(3) Ba") == 3
    assert _source_line_of(source, rendered, "Kết thúc 5") == 5


def test_placeholders_filled_in_place_keep_every_line():
    source = "# Tiêu đề\n\nCó {{ a }} người.\n\nVà {{ b }}.\n"
    rendered = "# Tiêu đề\n\nCó 12 người.\n\nVà 3.\n"
    assert line_map(source, rendered) == [1, 2, 3, 4, 5]
