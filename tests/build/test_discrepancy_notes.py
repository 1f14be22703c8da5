"""Known discrepancies: a highlighted note in a draft, a hard error in a final build."""

import re

from conftest import make_project, run_build


def test_draft_shows_the_note_after_the_paragraph_that_uses_the_value(tmp_path):
    project = make_project(tmp_path)
    result = run_build(project, "html")
    assert result.returncode == 0, result.stderr
    page = (project / "_build/html/phan-mot.html").read_text(encoding="utf-8")
    note = re.search(r'<div class="[^"]*ghi-chu-bien-tap[^"]*">(.*?)</div>', page, re.S)
    assert note, "the committee note is in the page"
    # the rule in words for the reader, never its internal id
    assert "Một quy tắc cố ý sai để thử ghi chú sai lệch." in note.group(1) and "Thiếu 01 đồng chí" in note.group(1)
    assert "ky_luat_thu_sai_lech" not in page
    # Right after the paragraph with the disciplined members, before the next paragraph.
    assert page.index("đề nghị khai trừ") < page.index("ghi-chu-bien-tap") < page.index("Giá trị ngành dịch vụ")
    # Only the known discrepancy gets a note, not the rule that holds.
    assert page.count("ghi-chu-bien-tap") == 1


def test_readers_edition_has_no_committee_notes(tmp_path):
    """`build html --ban-doc`: the draft for readers, in _build/ban-doc/, without any note."""
    project = make_project(tmp_path)
    part = project / "docs/phan-mot.md"
    # the second box is how templates/macros/chi_tieu.j2 writes its check: not a {ghi-chu}, same class
    part.write_text(
        part.read_text(encoding="utf-8") + "\n:::{ghi-chu} Chờ số liệu\nSố ước.\n:::\n"
        "\n:::{admonition} Ghi chú cho tổ biên tập — đối chiếu\n:class: ghi-chu-bien-tap\n\nĐếm lại bảng.\n:::\n",
        encoding="utf-8",
    )
    drafts = run_build(project, "html")
    readers = run_build(project, "html", "--ban-doc")
    assert drafts.returncode == 0 and readers.returncode == 0, drafts.stderr + readers.stderr
    draft_page = (project / "_build/html/phan-mot.html").read_text(encoding="utf-8")
    # the known discrepancy, the {ghi-chu} and the macro's box
    assert draft_page.count("ghi-chu-bien-tap") == 3 and "Đếm lại bảng." in draft_page
    page = (project / "_build/ban-doc/html/phan-mot.html").read_text(encoding="utf-8")
    assert "ghi-chu-bien-tap" not in page and "Ghi chú cho tổ biên tập" not in page
    assert "Đếm lại bảng." not in page and "Số ước." not in page
    assert "đề nghị khai trừ" in page and "Giá trị ngành dịch vụ" in page  # the text itself is all there


def _page_with(tmp_path, inserted: str) -> str:
    """The HTML of the fixture's page built with ``inserted`` before the paragraph of the
    disciplined members (the one whose values have a known discrepancy)."""
    project = make_project(tmp_path)
    page_source = project / "docs/phan-mot.md"
    text = page_source.read_text(encoding="utf-8")
    page_source.write_text(text.replace("Trong nhiệm kỳ có", inserted + "Trong nhiệm kỳ có"), encoding="utf-8")
    result = run_build(project, "html")
    assert result.returncode == 0, result.stderr
    return (project / "_build/html/phan-mot.html").read_text(encoding="utf-8")


def test_the_note_follows_its_paragraph_when_a_loop_above_adds_lines(tmp_path):
    # The note is anchored at the source line of the value; the rendered text (which the page's
    # paragraphs are numbered by) has 9 more lines above it here: the note must not land among
    # the loop's paragraphs (it did, in the draft's C.II, under a macro-built list).
    page = _page_with(
        tmp_path,
        '{% for muc in ["Mục một", "Mục hai", "Mục ba", "Mục bốn", "Mục năm", "Mục sáu"] %}\n'
        "{{ muc }} của danh sách.\n{% endfor %}\n\n",
    )
    assert (
        page.index("Mục sáu của danh sách")
        < page.index("đề nghị khai trừ")
        < page.index("ghi-chu-bien-tap")
        < page.index("Giá trị ngành dịch vụ")
    )


def test_a_note_on_a_value_in_a_table_follows_the_table(tmp_path):
    # A cell's paragraph was the anchor: the note went into the table's row, between its cells.
    page = _page_with(
        tmp_path,
        "| Hình thức | Số đồng chí |\n|---|---|\n| Khiển trách | {{ ky_luat.khien_trach }} |\n"
        "| Cảnh cáo | {{ ky_luat.canh_cao }} |\n\n",
    )
    table_html = page[page.index("<table") : page.index("</table>")]
    assert "ghi-chu-bien-tap" not in table_html
    assert page.index("</table>") < page.index("ghi-chu-bien-tap") < page.index("đề nghị khai trừ")


def test_final_build_refuses_while_a_discrepancy_remains(tmp_path):
    project = make_project(tmp_path)
    result = run_build(project, "html", "--final")
    assert result.returncode != 0
    assert "Sai lệch đã biết 'ky_luat_thu_sai_lech'" in result.stderr
    assert "source_data/rules/ky_luat.yaml:5" in result.stderr
    assert "Traceback" not in result.stderr
    # Once the rule is resolved, the final build goes on (and stops at the next problem: a missing value).
    rules = project / "source_data/rules/ky_luat.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").split("- ma: ky_luat_thu_sai_lech")[0], encoding="utf-8")
    result = run_build(project, "html", "--final")
    assert "Sai lệch đã biết" not in result.stderr
    assert "ky_luat.chua_co" in result.stderr


def test_resolving_a_discrepancy_removes_its_note_on_the_next_build(tmp_path):
    """A rule file is an input of every page: the incremental build must re-read the pages."""
    project = make_project(tmp_path)
    assert run_build(project, "html").returncode == 0
    page = project / "_build/html/phan-mot.html"
    assert "Một quy tắc cố ý sai để thử ghi chú sai lệch." in page.read_text(encoding="utf-8")
    rules = project / "source_data/rules/ky_luat.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text[: text.index("  sai_lech_da_biet:")], encoding="utf-8")  # no longer known
    result = run_build(project, "html")
    assert result.returncode == 0, result.stderr
    assert "ghi-chu-bien-tap" not in page.read_text(encoding="utf-8")


def test_a_new_rule_file_with_a_known_discrepancy_shows_on_the_next_build(tmp_path):
    project = make_project(tmp_path)
    rules = project / "source_data/rules/ky_luat.yaml"
    text = rules.read_text(encoding="utf-8")
    start = text.index("- ma: ky_luat_thu_sai_lech")
    rules.write_text(text[:start], encoding="utf-8")
    assert run_build(project, "html").returncode == 0
    page = project / "_build/html/phan-mot.html"
    assert "ghi-chu-bien-tap" not in page.read_text(encoding="utf-8")
    (project / "source_data/rules/moi.yaml").write_text(text[start:], encoding="utf-8")
    result = run_build(project, "html")
    assert result.returncode == 0, result.stderr
    assert "Một quy tắc cố ý sai để thử ghi chú sai lệch." in page.read_text(encoding="utf-8")


def test_a_value_that_ends_a_discrepancy_removes_its_note_from_every_page(tmp_path):
    """phan-hai shows only the total; the edited value shows only on phan-mot. The data alone
    would re-read phan-mot; the note about the total must still leave phan-hai."""
    project = make_project(tmp_path)
    (project / "docs/phan-hai.md").write_text(
        "# Phần hai\n\nTổng số: {{ ky_luat.tong }} đảng viên.\n", encoding="utf-8"
    )
    index = project / "docs/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("phan-mot\n", "phan-hai\nphan-mot\n"), encoding="utf-8")
    assert run_build(project, "html").returncode == 0
    page = project / "_build/html/phan-hai.html"
    assert "Một quy tắc cố ý sai để thử ghi chú sai lệch." in page.read_text(encoding="utf-8")
    data = project / "source_data/ky_luat.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("gia_tri: 38", "gia_tri: 39"), encoding="utf-8")
    result = run_build(project, "html")  # 39 + 8 = 47: the known discrepancy is gone
    assert result.returncode == 0, result.stderr
    assert "ghi-chu-bien-tap" not in page.read_text(encoding="utf-8")
    assert "ghi-chu-bien-tap" not in (project / "_build/html/phan-mot.html").read_text(encoding="utf-8")
