"""Jinja in MyST: sandboxed, strict, every unknown key reported with line and suggestion."""

from pathlib import Path

import pytest
from conftest import FIXTURES, REPO

from build_scripts.core.data import load_source_data
from build_scripts.core.messages import UserError, UserErrors
from build_scripts.core.templating.render import MissingValueError, Renderer, TemplateProblem

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


def test_a_loop_over_a_list_records_the_list_itself():
    # Reading items [0]..[3] recorded only those: a fifth recipient added at the end changed no
    # value the build watched, and the page kept the old list ("Nơi nhận").
    text, keys = render("{% for dong in van_ban.noi_nhan %}{{ dong }}\n{% endfor %}")
    assert text.splitlines()[-1] == "Lưu VPĐU,hồ sơ Đại hội."
    assert "van_ban.noi_nhan" in keys


def test_a_recipient_added_at_the_end_shows_on_the_next_build(tmp_path):
    from conftest import make_project, run_build

    project = make_project(tmp_path)
    assert run_build(project, "html").returncode == 0
    data = project / "source_data/van_ban.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace(
            "  - Lưu VPĐU,hồ sơ Đại hội.\n", "  - Lưu VPĐU,hồ sơ Đại hội.\n  - Các chi bộ trực thuộc.\n"
        ),
        encoding="utf-8",
    )
    result = run_build(project, "html")
    assert result.returncode == 0, result.stderr
    assert "Các chi bộ trực thuộc." in (project / "_build/html/phan-mot.html").read_text(encoding="utf-8")


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


@pytest.mark.parametrize(
    "source, words, line",
    [
        ("x\n{{ ky_luat.tong \n", "Sai cú pháp", 2),
        ("{% if ky_luat.tong %}\nchưa đóng\n", "Thẻ {% if … %} ở dòng này chưa được đóng", 1),
        # Jinja names the end of the file (the last text after a placeholder: line 5), not the tag
        (
            "a\n{% set x = 1 %}{% if x %}b{% endif %}\n{% for n in [1] %}\nc {{ x }}\n{{ x }} d\ne\n",
            "chưa gặp {% endfor %}",
            3,
        ),
        ("{{ ky_luat.tong | phan_tramm }}", "Không có bộ lọc 'phan_tramm'", 1),
        ("\n{{ ''.__class__ }}", "bên trong Python", 2),
        ("{{ ky_luat.tong.__class__.__mro__ }}", "bên trong Python", 1),
        ("{% include 'snippets/khong_co.md.j2' %}", "Không tìm thấy mẫu", 1),
    ],
)
def test_template_errors(source, words, line):
    with pytest.raises((TemplateProblem, UserErrors)) as info:
        render(source)
    error = info.value.errors[0] if isinstance(info.value, UserErrors) else info.value
    assert words in error.message
    assert error.location.line == line


def test_an_error_inside_a_filter_names_its_own_line():
    """The text between placeholders is compiled as raw multi-line literals; Jinja's map from
    code lines to template lines once missed their line breaks and blamed a later placeholder."""
    source = (
        "Đoạn một,\nvẫn đoạn một.\n\nĐoạn hai,\nvẫn đoạn hai.\n\n"
        "Có {{ ky_luat.tong | ngay }} người.\n\n"
        "Đoạn bốn\nvà tiếp.\n\nCảnh cáo {{ ky_luat.canh_cao | dem }}, khiển trách {{ ky_luat.tong | dem }}.\n"
    )
    with pytest.raises(UserError) as info:
        render(source)
    assert "ngày" in info.value.message
    assert info.value.location.line == 7


def test_a_whole_group_is_not_printed():
    """'{{ ky_luat }}' printed '<nhóm dữ liệu ky_luat>' in the report."""
    with pytest.raises(TemplateProblem) as info:
        render("a\nCó {{ ky_luat }} người.\n")
    assert info.value.message.startswith("'ky_luat' là cả một nhóm số liệu")
    assert info.value.location.line == 2
    assert "{{ ky_luat.tong }}" in info.value.fix
    text, _ = render("{{ ky_luat | length }}{% for name in ky_luat %}{% endfor %}\n")
    assert text.strip().isdigit(), "a group can still be counted or looped over"


def test_a_filter_on_a_group_says_the_yaml_may_lack_its_value_line():
    # "gia_tr: 3.45" (a typo) with no unit leaves a group: the filter said "'<nhóm dữ liệu
    # ky_luat>' không phải là số", an internal name, and nothing about the YAML.
    with pytest.raises(UserError) as info:
        render("Tỷ lệ {{ ky_luat | phan_tram }}.\n")
    assert info.value.message.startswith("'ky_luat' là một nhóm số liệu, không phải một số")
    assert "<" not in info.value.message and "gia_tri:" in info.value.fix


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


# -- compiled templates kept between builds (templates/__pycache__) ------------------------

MACRO = "{%- macro chao(ten) -%}Xin chào {{ ten }}{%- endmacro -%}\n"
USES_MACRO = '{% import "macros/m.j2" as m %}{{ m.chao("tổ biên tập") }}\n'


def _templates(tmp_path, macro=MACRO):
    (tmp_path / "templates" / "macros").mkdir(parents=True, exist_ok=True)
    (tmp_path / "templates" / "macros" / "m.j2").write_text(macro, encoding="utf-8")
    return tmp_path / "templates"


def test_a_compiled_macro_is_reused_by_the_next_build(tmp_path):
    templates = _templates(tmp_path)
    cache = templates / "__pycache__"
    first = Renderer(DATA, [templates], cache_dir=cache)
    assert first.render(USES_MACRO, DOC)[0] == "Xin chào tổ biên tập\n"
    assert list(cache.iterdir()), "the compiled macro was not kept"

    second = Renderer(DATA, [templates], cache_dir=cache)

    def no_compiling(*args, **kwargs):
        raise AssertionError("the macro was compiled again")

    second.env.compile = no_compiling
    assert second.env.get_template("macros/m.j2").module.chao("đồng chí") == "Xin chào đồng chí"


def test_an_edited_macro_is_compiled_again(tmp_path):
    templates = _templates(tmp_path)
    cache = templates / "__pycache__"
    Renderer(DATA, [templates], cache_dir=cache).render(USES_MACRO, DOC)
    _templates(tmp_path, MACRO.replace("Xin chào", "Kính gửi"))
    assert Renderer(DATA, [templates], cache_dir=cache).render(USES_MACRO, DOC)[0] == "Kính gửi tổ biên tập\n"


def test_a_cache_folder_that_cannot_be_written_does_not_stop_the_build(tmp_path):
    templates = _templates(tmp_path)
    blocker = tmp_path / "khong-ghi-duoc"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    renderer = Renderer(DATA, [templates], cache_dir=blocker / "__pycache__")
    assert renderer.render(USES_MACRO, DOC)[0] == "Xin chào tổ biên tập\n"


DOCUMENT = "Dòng 1.\nĐảng bộ có {{ dang_bo.so_dang_vien }} đảng viên; cảnh cáo {{ ky_luat.canh_cao | dem }}.\n"


def _no_compiling(*args, **kwargs):
    raise AssertionError("the document was compiled again")


def test_a_document_whose_text_did_not_change_is_not_compiled_again(tmp_path):
    # A number edited in source_data re-reads the documents using it; their text is the same,
    # so their compiled code is too (issue 8: do only the work that changed).
    cache = tmp_path / "__pycache__"
    first = Renderer(DATA, [REPO / "templates"], cache_dir=cache)
    assert first.render(DOCUMENT, DOC)[0] == "Dòng 1.\nĐảng bộ có 1.361 đảng viên; cảnh cáo 08.\n"
    second = Renderer(DATA, [REPO / "templates"], cache_dir=cache)
    second.env.compile = _no_compiling
    text, keys = second.render(DOCUMENT, DOC)
    assert text == "Dòng 1.\nĐảng bộ có 1.361 đảng viên; cảnh cáo 08.\n"
    assert keys == {"dang_bo.so_dang_vien", "ky_luat.canh_cao"}


def _data_with(tmp_path, written: str, instead: str):
    """The fixture's data with ``written`` in ky_luat.yaml replaced by ``instead``."""
    import shutil

    from build_scripts.core.data import load_source_data

    data = tmp_path / "source_data"
    shutil.copytree(FIXTURES / "mini" / "source_data", data)
    ky_luat = data / "ky_luat.yaml"
    text = ky_luat.read_text(encoding="utf-8")
    assert written in text
    ky_luat.write_text(text.replace(written, instead, 1), encoding="utf-8")
    return load_source_data(data)


def test_a_cached_document_renders_the_new_data(tmp_path):
    cache = tmp_path / "__pycache__"
    Renderer(DATA, [REPO / "templates"], cache_dir=cache).render(DOCUMENT, DOC)
    changed = _data_with(tmp_path, "canh_cao: {gia_tri: 8,", "canh_cao: {gia_tri: 9,")
    again = Renderer(changed, [REPO / "templates"], cache_dir=cache)
    again.env.compile = _no_compiling
    assert again.render(DOCUMENT, DOC)[0].endswith("cảnh cáo 09.\n")


def test_an_edited_document_is_compiled_again(tmp_path):
    cache = tmp_path / "__pycache__"
    Renderer(DATA, [REPO / "templates"], cache_dir=cache).render(DOCUMENT, DOC)
    edited = DOCUMENT.replace("Dòng 1.", "Dòng một.")
    assert Renderer(DATA, [REPO / "templates"], cache_dir=cache).render(edited, DOC)[0].startswith("Dòng một.\n")


def _no_parsing(*args, **kwargs):
    raise AssertionError("the document was parsed again")


def test_a_document_whose_text_did_not_change_is_not_parsed_again(tmp_path):
    # What the checks need of its syntax tree (the data keys it reads, and where) is kept with its code.
    cache = tmp_path / "__pycache__"
    source = "Dòng 1.\n{% for dong in van_ban.noi_nhan %}{{ dong }}\n{% endfor %}" + DOCUMENT
    first = Renderer(DATA, [REPO / "templates"], cache_dir=cache).render_document(source, DOC)
    second = Renderer(DATA, [REPO / "templates"], cache_dir=cache)
    second.env.parse = _no_parsing
    again = second.render_document(source, DOC)
    assert again == first
    assert again.references["ky_luat.canh_cao"][0].line == source.count("\n")


def test_a_key_removed_from_the_data_is_still_reported_for_a_cached_document(tmp_path):
    cache = tmp_path / "__pycache__"
    Renderer(DATA, [REPO / "templates"], cache_dir=cache).render(DOCUMENT, DOC)
    without = _data_with(tmp_path, "canh_cao:", "canh_caoo:")
    uncached = Renderer(without, [REPO / "templates"])
    with pytest.raises(TemplateProblem) as expected:
        uncached.render(DOCUMENT, DOC)
    cached = Renderer(without, [REPO / "templates"], cache_dir=cache)
    cached.env.parse = _no_parsing
    with pytest.raises(TemplateProblem) as info:
        cached.render(DOCUMENT, DOC)
    assert info.value.format() == expected.value.format()
    assert info.value.location.line == 2 and "canh_caoo" in info.value.format()


def test_compiled_code_is_not_reused_once_the_compiler_changed(tmp_path, monkeypatch):
    # Our code generator and the environment's settings shape the compiled code, as the text does:
    # code kept from before an update of build_scripts/jinja_render.py is compiled again.
    from build_scripts.core.templating import render as jinja_render

    cache = tmp_path / "__pycache__"
    Renderer(DATA, [REPO / "templates"], cache_dir=cache).render(DOCUMENT, DOC)
    monkeypatch.setattr(jinja_render, "COMPILER_FINGERPRINT", "another version of the compiler")
    later = Renderer(DATA, [REPO / "templates"], cache_dir=cache)
    compiled = []
    real = later.env.compile
    later.env.compile = lambda *a, **k: compiled.append(1) or real(*a, **k)
    later.render(DOCUMENT, DOC)
    assert compiled, "code compiled by an older compiler was reused"


def test_an_error_in_a_cached_document_still_names_its_line(tmp_path):
    cache = tmp_path / "__pycache__"
    source = "a\nb\n{{ ky_luat.canh_cao | so(1, 2, 3) }}\n"
    for _ in range(2):
        with pytest.raises(TemplateProblem) as info:
            Renderer(DATA, [REPO / "templates"], cache_dir=cache).render(source, DOC)
        assert info.value.location.line == 3, info.value.format()


def test_text_without_placeholders_comes_out_unchanged():
    source = "Đoạn văn không có số liệu: 47 đồng chí; dấu { và } đứng một mình.\n\n- mục {một}\n"
    text, keys = render(source)
    assert text == source and keys == set()


# -- the text between placeholders, compiled as raw literals -------------------------------


@pytest.mark.parametrize(
    "between",
    [
        "Đảng bộ có ",  # Vietnamese prose: the raw literal
        "đường dẫn C:\\thu_muc\\ và \\n không phải xuống dòng ",  # backslashes: repr() again
        "ba dấu nháy ''' giữa câu ",
        "kết thúc bằng dấu nháy '",
        'bắt đầu bằng dấu nháy \' và "ngoặc kép" ',
    ],
)
def test_the_text_around_a_placeholder_comes_out_exactly(between):
    source = f"{between}{{{{ ky_luat.tong }}}}{between}\n"
    text, _ = render(source)
    assert text == f"{between}47{between}\n"


def test_vietnamese_prose_is_compiled_as_a_raw_literal():
    # If Jinja renames the method we override, the text would silently go back to repr():
    # still correct, only slower; this test says so.
    code = renderer().env.compile("Tỷ lệ đảng viên\n{{ ky_luat.tong }}\n", raw=True)
    assert "r'''Tỷ lệ đảng viên\n'''" in code


# -- reading a data group -------------------------------------------------------------------


def test_a_group_key_reads_as_before_and_a_missing_one_is_still_an_error():
    text, keys = render("{% set g = ky_luat %}{{ g.tong }} {{ g['khai_tru'] }} {{ g | length }}")
    assert text == "47 1 6" and {"ky_luat.tong", "ky_luat.khai_tru"} <= keys
    with pytest.raises(TemplateProblem, match="không có khóa 'khong_co'"):
        render("{% set g = ky_luat %}{{ g.khong_co }}")  # through a variable: found at render time


def test_the_methods_of_a_group_are_still_methods_and_its_internals_still_refused():
    # through a variable: the static check leaves it to the sandbox
    text, _ = render("{% set g = ky_luat %}{% for k, v in g.items() %}{{ k }};{% endfor %}")
    assert text.split(";")[:2] == ["tong", "khien_trach"]
    with pytest.raises(TemplateProblem, match="bên trong Python|không có dữ liệu"):
        render("{% set g = ky_luat %}{{ g | attr('_data') }}")


def test_a_text_with_line_breaks_prints_on_one_line(tmp_path):
    """van_ban.ten_van_ban keeps the title's lines for the PDF; '# {{ van_ban.ten_van_ban }}'
    without '| mot_dong' ended the heading at the first line break."""
    (tmp_path / "van_ban.yaml").write_text("ten: |-\n  DÒNG MỘT,\n  DÒNG HAI\n", encoding="utf-8")
    text, _ = Renderer(load_source_data(tmp_path), [REPO / "templates"]).render("# {{ van_ban.ten }}\n", DOC)
    assert text == "# DÒNG MỘT, DÒNG HAI\n"


def test_a_macro_output_keeps_its_lines(tmp_path):
    """Only a data text is put on one line: a macro printing a table keeps its lines."""
    templates = _templates(tmp_path, "{%- macro bang() -%}| a |\n| b |{%- endmacro -%}\n")
    text, _ = Renderer(DATA, [templates]).render('{% import "macros/m.j2" as m %}{{ m.bang() }}\n', DOC)
    assert text == "| a |\n| b |\n"


def test_a_key_a_macro_needs_is_reported_at_its_data_group(tmp_path):
    """A Phụ lục row without a key the table macro reads was reported at the macro's line, as
    "'build_scripts.core.templating.render.TrackedMapping object' không có khóa …"."""
    templates = _templates(tmp_path, "{%- macro dong(muc) -%}{{ muc.chi_tieu_nghi_quyet }}{%- endmacro -%}\n")
    with pytest.raises(TemplateProblem) as info:
        Renderer(DATA, [templates]).render('{% import "macros/m.j2" as m %}{{ m.dong(ky_luat) }}\n', DOC)
    error = info.value
    assert error.message.startswith("Mục 'ky_luat' của source_data không có khóa 'chi_tieu_nghi_quyet'")
    assert "TrackedMapping" not in error.format()
    assert error.location == DATA.location("ky_luat") and error.location.path.name == "ky_luat.yaml"


def test_an_empty_data_file_is_named_as_empty(tmp_path):
    (tmp_path / "ky_luat.yaml").write_text("# chưa có gì\n", encoding="utf-8")
    renderer = Renderer(load_source_data(tmp_path), [REPO / "templates"])
    with pytest.raises(TemplateProblem) as info:
        renderer.render("Có {{ ky_luat.tong }} người.\n", DOC)
    assert info.value.message.startswith("Không có số liệu 'ky_luat.tong' (trong nhóm 'ky_luat', mà tệp ")
    assert info.value.message.endswith("ky_luat.yaml trống: không có số liệu nào).")


@pytest.mark.parametrize(
    "source, typed",
    [
        ("Khiển trách {{ 38 }} đồng chí.", "38"),
        ("\nCảnh cáo {{ 8 | dem }} đồng chí.", "8"),
        ("Giảm {{ -5 }}%.", "5"),
        ('Có {{ "1.361" }} đảng viên.', "1.361"),
    ],
)
def test_a_number_typed_into_a_placeholder_is_an_error_at_its_line(source, typed):
    with pytest.raises((TemplateProblem, UserErrors)) as info:
        render(source)
    error = info.value.errors[0] if isinstance(info.value, UserErrors) else info.value
    assert error.message.startswith(f"Số {typed} được gõ thẳng vào chỗ giữ chỗ")
    assert error.location.line == source.count("\n", 0, source.index("{{")) + 1


def test_expressions_with_numbers_and_text_in_quotes_are_not_typed_numbers():
    text, _ = render(
        "{{ (ky_luat.khien_trach.gia_tri / ky_luat.tong.gia_tri * 100) | round(1) }}"
        '{{ "Nam Thanh Miện" }}{{ ky_luat.tong if true else 0 }}'
    )
    assert text == "80.9Nam Thanh Miện47"
