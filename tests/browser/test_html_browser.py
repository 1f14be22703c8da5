"""The report's HTML as a browser lays it out (Debian's chromium through Playwright).

The closing (recipients, signature) as on paper (/work/shared/spec/the-thuc-van-ban-dang.md):
"Nơi nhận:" and its list on the left, the list with dashes in a smaller size; the signature
block centred on the right, with room for the signature above the name.
"""

from __future__ import annotations

import pytest
from conftest import make_project, run_build


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture report (its part has the closing and a committee note), built to HTML."""
    project = make_project(tmp_path_factory.mktemp("html"))
    result = run_build(project, "html")
    assert result.returncode == 0, result.stderr + result.stdout
    return project / "_build/html"


@pytest.fixture(scope="module")
def closing(browser, built):
    """That part in a 1200 px window."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto((built / "phan-mot.html").as_uri())
    yield page
    page.close()


def style(page, selector: str, prop: str, pseudo: str | None = None) -> str:
    return page.eval_on_selector(
        selector, "(e, [prop, pseudo]) => getComputedStyle(e, pseudo).getPropertyValue(prop)", [prop, pseudo]
    )


def test_recipients_on_the_left_with_dashes(closing):
    cell = "table.ket-van-ban td:first-child"
    assert style(closing, cell, "text-align") in ("left", "start")
    assert style(closing, f"{cell} li", "list-style-type") == "none"
    assert style(closing, f"{cell} li", "content", "::before") == '"- "'
    # the dash and the recipient on one line (a paragraph in the item would push the text below it)
    line = float(style(closing, f"{cell} li", "line-height").removesuffix("px"))
    heights = [box["height"] for box in (li.bounding_box() for li in closing.locator(f"{cell} li").all())]
    assert len(heights) == 4 and all(h < 1.5 * line for h in heights), (heights, line)
    # the list starts where "Nơi nhận:" starts, not indented like a bulleted list in the text
    heading_x = closing.locator(f"{cell} p.noi-nhan").bounding_box()["x"]
    assert abs(closing.locator(f"{cell} li").first.bounding_box()["x"] - heading_x) < 2


def test_recipients_smaller_than_the_text(closing):
    body = float(style(closing, "div.body > section p", "font-size").removesuffix("px"))
    heading = float(style(closing, "p.noi-nhan", "font-size").removesuffix("px"))
    item = float(style(closing, "table.ket-van-ban li", "font-size").removesuffix("px"))
    assert item < heading < body  # 11 pt < 12 pt < 14 pt on paper


def test_signature_centred_with_room_to_sign(closing):
    assert style(closing, "table.ket-van-ban td:last-child", "text-align") == "center"
    name = closing.locator("p.nguoi-ky").bounding_box()
    above = closing.locator("table.ket-van-ban td:last-child p").nth(1).bounding_box()
    line = float(style(closing, "p.nguoi-ky", "line-height").removesuffix("px"))
    assert name["y"] - (above["y"] + above["height"]) >= 2.5 * line


def test_closing_is_not_drawn_as_a_table(closing):
    assert style(closing, "table.ket-van-ban", "box-shadow") == "none"
    assert style(closing, "table.ket-van-ban", "border-top-style") in ("none", "hidden")


def test_committee_note_title_ends_without_a_colon(closing):
    """As in the PDF: the theme's ':' after an admonition title fell alone on a line of its own
    on a phone, after the long rule id."""
    title = "div.admonition.ghi-chu-bien-tap p.admonition-title"
    assert closing.locator(title).count() >= 1
    assert style(closing, title, "content", "::after") in ("none", "normal")


def test_draft_banner_clear_of_the_first_heading_on_a_phone(browser, built):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((built / "phan-mot.html").as_uri())
    # the ink of each, not their boxes (a box's padding is empty space)
    ink = "e => { const r = document.createRange(); r.selectNodeContents(e); const b = r.getBoundingClientRect(); return [b.top, b.bottom]; }"
    banner_top, banner_bottom = page.eval_on_selector(".dau-trang-du-thao", ink)
    heading_top, _ = page.eval_on_selector("div.body h1", ink)
    page.close()
    assert heading_top - banner_bottom >= 6, (banner_top, banner_bottom, heading_top)


@pytest.fixture(scope="module")
def report_html(tmp_path_factory):
    """The committee's report (docs/) built to HTML."""
    import shutil

    from conftest import REPO

    project = tmp_path_factory.mktemp("report-html") / "bao-cao"
    project.mkdir()
    for name in ("docs", "source_data", "templates"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "conf.py", project / "conf.py")
    result = run_build(project, "html")
    assert result.returncode == 0, result.stderr + result.stdout
    return project / "_build/html"


def test_printed_appendix_starts_its_table_under_its_heading(browser, report_html, tmp_path):
    """A long table printed whole-or-nothing left page 1 with only the headings of Phụ lục and
    moved the table to page 2. It breaks between rows, and the heading keeps with the table."""
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto((report_html / "phu-luc.html").as_uri())
    page.emulate_media(media="print")
    first_row = page.locator("table.docutils tbody tr").first.inner_text()  # number, target, value
    pdf = tmp_path / "phu-luc.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.close()

    def squeeze(text):  # the PDF's text comes out with spaces inside words ("Ph ụ l ụ c")
        return "".join(text.split())

    first_page = squeeze(PdfReader(pdf).pages[0].extract_text())
    assert squeeze("Phụ lục 1.") in first_page
    assert len(squeeze(first_row)) > 20 and squeeze(first_row) in first_page, (first_row, first_page[:300])


def test_dash_items_read_as_the_paragraphs_around_them(browser, report_html):
    """As on paper: "- " where the item begins, no round bullet, no list indent, paragraph spacing."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto((report_html / "phan-thu-nhat" / "a-ket-qua-dat-duoc.html").as_uri())
    item = "div.body section > ul > li"
    assert style(page, item, "list-style-type") == "none"
    assert style(page, f"{item} > p", "content", "::before") == '"- "'
    item_left = page.eval_on_selector(f"{item} > p", "e => e.getBoundingClientRect().left")
    para_left = page.eval_on_selector("div.body section > p", "e => e.getBoundingClientRect().left")
    assert abs(item_left - para_left) < 1
    assert style(page, f"{item} > p", "margin-bottom") == style(page, "div.body section > p", "margin-bottom")
    page.close()


def test_pages_keep_ranges_and_spaced_dashes_with_the_word_before(browser, report_html):
    """A browser split "2015 ⏎ - 2020" and started lines with the dash of "kinh tế - xã hội"
    (at 1280 px and more at 390 px), as rinohtype did in the PDF."""
    import re

    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((report_html / "phan-thu-nhat" / "a-ket-qua-dat-duoc.html").as_uri())
    text = page.inner_text("div.body")
    page.close()
    assert "2021\u00a0-\u00a02025" in text and "kinh tế\u00a0- xã hội" in text
    assert not re.search(r"\d [-–] \d", text) and not re.search(r"\w [-–] ", text)


def test_dash_items_in_an_appendix_cell_read_as_the_cell_text(browser, report_html):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto((report_html / "phu-luc.html").as_uri())
    item = "table.bang-chi-tieu td ul > li"
    assert style(page, item, "list-style-type") == "none"
    assert style(page, f"{item} > p", "content", "::before") == '"- "'
    item_left = page.eval_on_selector(f"{item} > p", "e => e.getBoundingClientRect().left")
    cell_left = page.eval_on_selector(
        f"{item} > p", "e => e.closest('td').querySelector('p').getBoundingClientRect().left"
    )
    assert abs(item_left - cell_left) < 1
    page.close()


def test_a_sub_item_is_one_step_in_with_its_dash(browser, tmp_path):
    project = make_project(tmp_path)
    part = project / "docs/phan-mot.md"
    part.write_text(part.read_text(encoding="utf-8") + "\n- Mục chính.\n\n  - Mục con.\n", encoding="utf-8")
    result = run_build(project, "html")
    assert result.returncode == 0, result.stderr + result.stdout
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto((project / "_build/html/phan-mot.html").as_uri())
    sub = "div.body section > ul ul > li"
    assert style(page, sub, "list-style-type") == "none"
    assert style(page, f"{sub} > p", "content", "::before") == '"- "'
    outer = page.eval_on_selector("div.body section > ul > li > p", "e => e.getBoundingClientRect().left")
    inner = page.eval_on_selector(f"{sub} > p", "e => e.getBoundingClientRect().left")
    page.close()
    assert inner - outer > 20


def test_a_number_range_stays_on_one_line_on_a_phone(browser, report_html):
    """With no-break spaces alone, Chromium still broke "2025 -⏎2030" (a break after a hyphen is
    allowed even before a no-break space). Each range is one unbreakable span."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    for name in ("index.html", "phan-thu-nhat/a-ket-qua-dat-duoc.html"):
        page.goto((report_html / name).as_uri())
        rects = page.eval_on_selector_all(".khong-ngat", "els => els.map(e => e.getClientRects().length)")
        assert rects and set(rects) == {1}, (name, rects)
    page.close()


def test_appendix_tables_fit_a_phone(browser, report_html):
    """At 375 px the appendix tables were 12 px wider than the page: their right edge was cut."""
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto((report_html / "phu-luc.html").as_uri())
    widths = page.evaluate(
        "() => [...document.querySelectorAll('div.body table.docutils')].map(t => [t.scrollWidth, t.clientWidth])"
    )
    page.close()
    assert len(widths) == 2
    assert all(scroll <= client for scroll, client in widths), widths
