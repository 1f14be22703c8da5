"""Jinja in MyST: sandboxed, strict, every unknown key reported with line and suggestion."""
from pathlib import Path

import pytest

from build_scripts.data import load_source_data
from build_scripts.jinja_render import MissingValueError, Renderer, TemplateProblem
from build_scripts.messages import UserErrors

from conftest import FIXTURES, REPO

DATA = load_source_data(FIXTURES / "mini" / "source_data")
DOC = Path("docs/phan.md")


def renderer(final=False):
    return Renderer(DATA, [REPO / "templates"], final=final)


def render(text, final=False):
    return renderer(final).render(text, DOC)


def test_renders_values_and_records_the_keys_read():
    text, keys = render("Có {{ ky_luat.tong }} đảng viên; cảnh cáo {{ ky_luat.canh_cao | dem }} đồng chí.\n")
    assert text == "Có 47 đảng viên; cảnh cáo 08 đồng chí.\n"
    assert keys == {"ky_luat.tong", "ky_luat.canh_cao"}


def test_line_numbers_are_preserved():
    source = "dòng 1\n{% set x = 1 %}\ndòng 3 {{ dang_bo.so_dang_vien }}\n"
    text, _ = render(source)
    assert text.splitlines()[2] == "dòng 3 1.361"


def test_unknown_key_names_line_and_nearest_key():
    with pytest.raises(TemplateProblem) as info:
        render("a\nb\nĐảng bộ có {{ dang_bo.so_dang_vein }} đảng viên.\n")
    error = info.value
    assert error.location.line == 3 and error.location.path == DOC
    assert "dang_bo.so_dang_vein" in error.message
    assert "'dang_bo.so_dang_vien'" in error.fix


def test_unknown_namespace_suggests_a_file():
    with pytest.raises(TemplateProblem) as info:
        render("{{ dang_boo.so_dang_vien }}")
    assert "'dang_bo'" in info.value.fix


def test_all_unknown_keys_at_once_in_line_order():
    with pytest.raises(UserErrors) as info:
        render("{{ ky_luat.tongg }}\n\n{{ dia_ban.dan_soo }}\n")
    lines = [e.location.line for e in info.value.errors]
    assert lines == [1, 3]


@pytest.mark.parametrize("source, words, line", [
    ("x\n{{ ky_luat.tong \n", "Sai cú pháp", 2),
    ("{% if ky_luat.tong %}\nchưa đóng\n", "mẫu kết thúc khi còn thẻ chưa đóng", 1),
    ("{{ ky_luat.tong | phan_tramm }}", "Không có bộ lọc 'phan_tramm'", 1),
    ("\n{{ ''.__class__ }}", "bên trong Python", 2),
    ("{{ ky_luat.tong.__class__.__mro__ }}", "bên trong Python", 1),
    ("{% include 'snippets/khong_co.md.j2' %}", "Không tìm thấy mẫu", 1),
])
def test_template_errors(source, words, line):
    with pytest.raises((TemplateProblem, UserErrors)) as info:
        render(source)
    error = info.value.errors[0] if isinstance(info.value, UserErrors) else info.value
    assert words in error.message
    assert error.location.line == line


def test_sandbox_refuses_python_internals_at_render_time_too():
    # Reached through a variable, the static check cannot see it; the sandbox still refuses.
    with pytest.raises(TemplateProblem, match="Python|không có dữ liệu"):
        render("{% set s = 'x' %}{{ s | attr('__class__') }}")


def test_missing_value_marker_in_drafts_error_in_final():
    text, _ = render("Tỷ lệ {{ ky_luat.chua_co | phan_tram }}.")
    assert text == "Tỷ lệ [chưa có số liệu]."
    with pytest.raises(MissingValueError) as info:
        render("Tỷ lệ {{ ky_luat.chua_co | phan_tram }}.", final=True)
    assert "ky_luat.chua_co" in info.value.message and info.value.location.path.name == "ky_luat.yaml"


def test_quantity_fields_are_readable():
    text, _ = render("{{ dang_bo.ty_le_chi_bo_htt.tu }}-{{ dang_bo.ty_le_chi_bo_htt.den }} {{ ky_luat.tong.don_vi }}")
    assert text == "80-85 đảng viên"
