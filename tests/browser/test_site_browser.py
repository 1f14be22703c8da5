"""The site in a real browser (Debian's chromium driven by Playwright), over HTTP on 127.0.0.1."""

from __future__ import annotations

import urllib.parse

import draft_repo
import pytest
from conftest import recording_page, served
from draft_repo import build_site


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("browser")
    repo = draft_repo.two_drafts(base / "p")
    r = build_site(repo, base / "out", base / "cache")
    assert r.returncode == 0, r.stderr
    with served(base / "out") as url:
        yield url


@pytest.fixture
def page(browser, server):
    """A page that records every request leaving the served origin."""
    with recording_page(browser, server) as pg:
        yield pg


@pytest.mark.parametrize("path", ["index.html", "moi-nhat/phan-1.html", "so-sanh/du-thao-lan-4-voi-lan-5.html"])
def test_every_request_of_a_page_is_answered(page, server, path):
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{server}/{path}")
    page.wait_for_load_state("networkidle")
    assert failed == []
    assert page.outside == []


def test_home_lists_both_drafts(page, server):
    page.goto(f"{server}/index.html")
    names = page.locator("ol.ban-du-thao li .ten-ban").all_inner_texts()
    assert names == ["Dự thảo lần 5", "Dự thảo lần 4"]
    page.get_by_role("link", name="Những gì thay đổi so với lần 4").click()
    page.wait_for_load_state()
    assert page.url.endswith("/so-sanh/du-thao-lan-4-voi-lan-5.html")
    assert page.outside == []


def test_banner_on_older_draft_links_to_same_page_in_newest(page, server):
    page.goto(f"{server}/du-thao-lan-4/phan-1.html")
    banner = page.locator(".ban-cu")
    assert banner.is_visible()
    assert "không phải bản mới nhất" in banner.inner_text()
    banner.get_by_role("link").click()
    page.wait_for_load_state()
    assert page.url == f"{server}/moi-nhat/phan-1.html"
    assert page.locator(".ban-cu").count() == 0
    assert "1.365 đảng viên" in page.inner_text("div.body")
    page.goto(f"{server}/du-thao-lan-5/index.html")
    assert page.locator(".ban-cu").count() == 0
    assert page.outside == []


@pytest.mark.parametrize("query", ["đảng viên", "dang vien", "ĐẢNG VIÊN", "nông thôn mới", "nong thon moi"])
def test_search_finds_vietnamese_with_and_without_diacritics(page, server, query):
    page.goto(f"{server}/moi-nhat/search.html?q={urllib.parse.quote(query)}")
    page.wait_for_selector("#search-results li", timeout=15000)
    hits = page.locator("#search-results li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(h.startswith("phan-1.html") for h in hits), hits
    assert page.outside == []


@pytest.mark.parametrize("query, pages", [("kỷ luật", ["phan-1.html"]), ("ky", ["index.html", "phan-1.html"])])
def test_a_word_typed_with_diacritics_finds_only_itself(page, server, query, pages):
    page.goto(f"{server}/moi-nhat/search.html?q={urllib.parse.quote(query)}")
    page.wait_for_selector("#search-results li", timeout=15000)
    page.wait_for_function("document.querySelector('#search-results .search-summary').innerText !== ''")
    hits = page.locator("#search-results li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert sorted({h.split("?")[0].split("#")[0] for h in hits}) == pages


def test_search_for_an_absent_word_finds_nothing(page, server):
    page.goto(f"{server}/moi-nhat/search.html?q=" + urllib.parse.quote("thủy điện"))
    page.wait_for_function("document.querySelector('#search-results .search-summary') !== null", timeout=15000)
    assert page.locator("#search-results li").count() == 0


def test_diff_page_shows_insertions_and_deletions(page, server):
    page.goto(f"{server}/so-sanh/du-thao-lan-4-voi-lan-5.html")
    ins = page.locator("section.muc ins")
    dels = page.locator("section.muc del")
    assert ins.count() >= 1 and dels.count() >= 1
    assert "đẩy mạnh" in ins.all_inner_texts()
    assert "tăng cường" in dels.all_inner_texts()
    row = page.locator("tr#du-lieu-dang_bo\\.so_dang_vien")
    assert "1.361 đảng viên" in row.inner_text() and "1.365 đảng viên" in row.inner_text()
    # unchanged sections are folded (closed)
    assert page.locator("details.khong-doi").count() >= 1
    assert not page.locator("details.khong-doi section").first.is_visible()
    assert page.outside == []


@pytest.mark.parametrize(
    "path",
    ["/index.html", "/du-thao-lan-4/phan-1.html", "/moi-nhat/tong-quan.html", "/so-sanh/du-thao-lan-4-voi-lan-5.html"],
)
def test_readable_on_a_phone(browser, server, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.goto(server + path)
    width = pg.evaluate("document.documentElement.scrollWidth")
    font = pg.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    context.close()
    assert width <= 390, f"{path}: page is {width}px wide on a 390px screen"
    assert font >= 15


def test_print_hides_navigation(page, server):
    page.goto(f"{server}/du-thao-lan-4/phan-1.html")
    page.emulate_media(media="print")
    assert not page.locator(".sidebar-drawer").is_visible() and not page.locator(".announcement").is_visible()
    assert not page.locator(".ban-cu").is_visible()
    assert page.locator("div.body h1").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"


def test_home_search_box_searches_the_newest_draft(page, server):
    page.goto(f"{server}/index.html")
    page.fill("form.tim input[type=search]", "dang vien")
    page.click("form.tim button")
    page.wait_for_selector("#search-results li", timeout=15000)
    assert page.url.startswith(f"{server}/moi-nhat/search.html?q=dang")
    assert page.outside == []


def test_result_snippet_shows_where_an_unaccented_word_occurs(page, server):
    # "rõ rệt" is the last words of phan-1, far past the first 240 characters of the page:
    # the result shows the sentence they stand in.
    page.goto(f"{server}/moi-nhat/search.html?q=ro+ret")
    page.wait_for_selector("#search-results li p.context", timeout=15000)
    summary = page.locator("#search-results li p.context").first.inner_text()
    assert summary == "Đời sống vật chất và tinh thần của nhân dân được cải thiện rõ rệt.", summary
    assert page.locator("#search-results li p.context .highlighted").first.inner_text() == "rõ"


def test_search_lists_only_pages_with_every_word(page, server):
    """Sphinx drops words under 3 letters when it checks that a page has every word, and most
    Vietnamese syllables are that short without diacritics: "bo kinh" listed every page with
    "bộ". tong-quan has "Chi bộ" but no "kinh"; phan-1 has both (in different sections: the page
    is listed); the index has "kinh" only in its table of contents, a link, not its text."""
    page.goto(f"{server}/moi-nhat/search.html?q=bo+kinh")
    page.wait_for_selector("#search-results li", timeout=15000)
    page.wait_for_function("document.querySelector('#search-results .search-summary').innerText !== ''")
    hits = page.locator("#search-results li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert sorted(h.split("#")[0] for h in hits) == ["phan-1.html"], hits


def test_search_page_speaks_vietnamese(page, server):
    """Sphinx's Vietnamese catalog has empty strings for these: the page had no heading, no count
    and, when nothing was found, nothing at all."""
    page.goto(f"{server}/moi-nhat/search.html?q=" + urllib.parse.quote("nông thôn"))
    page.wait_for_function(
        "document.querySelector('#search-results .search-summary') !== null"
        " && document.querySelector('#search-results .search-summary').innerText !== ''",
        timeout=15000,
    )
    assert page.inner_text("#search-results h2") == "Kết quả tìm kiếm"
    assert page.inner_text("#search-results .search-summary") == "Tìm xong: 1 mục có đủ các từ đã gõ."
    page.goto(f"{server}/moi-nhat/search.html?q=xyzabc")
    page.wait_for_function(
        "document.querySelector('#search-results .search-summary') !== null"
        " && document.querySelector('#search-results .search-summary').innerText !== ''",
        timeout=15000,
    )
    assert page.inner_text("#search-results .search-summary").startswith("Không có mục nào có đủ các từ đã gõ.")
    assert page.title().startswith("Tìm kiếm — ")


@pytest.mark.parametrize(
    "typed, marked", [("cai thien", ["cải", "thiện"]), ("cải thiện", ["cải", "thiện"]), ("CAI", ["cải"])]
)
def test_result_page_marks_the_words_typed_with_or_without_diacritics(page, server, typed, marked):
    page.goto(f"{server}/moi-nhat/phan-1.html?highlight=" + urllib.parse.quote(typed))
    page.wait_for_function("document.querySelectorAll('div.body span.highlighted').length > 0", timeout=5000)
    assert page.locator("div.body span.highlighted").all_inner_texts() == marked
    assert page.locator("#searchbox .highlight-link").inner_text() == "Bỏ tô sáng các từ đã tìm"


def test_foot_of_each_part_links_to_the_parts_before_and_after(page, server):
    page.goto(f"{server}/moi-nhat/phan-1.html")
    nav = page.locator("nav.trang-truoc-sau")
    assert nav.locator("a.trang-truoc").inner_text().split("\n") == ["← Trước", "Trang đầu"]
    nav.locator("a.trang-truoc").click()
    page.wait_for_load_state()
    assert page.url == f"{server}/moi-nhat/index.html"
    page.locator("nav.trang-truoc-sau a.trang-sau").click()
    page.wait_for_load_state()
    assert page.url == f"{server}/moi-nhat/phan-1.html"


def test_first_page_title_names_the_report_and_its_draft(page, server):
    """A tab or bookmark of the first page showed the first words of the ~250-letter title only."""
    page.goto(f"{server}/moi-nhat/index.html")
    assert page.title() == "Báo cáo Chính trị — Dự thảo lần 5"
    page.goto(f"{server}/moi-nhat/phan-1.html")
    assert page.title().startswith("Phần thứ nhất") and page.title().endswith(" — Báo cáo Chính trị — Dự thảo lần 5")


def test_search_finds_numbers(page, server):
    """Numbers were left out of the index: "1.365" (đảng viên) found nothing."""
    page.goto(f"{server}/moi-nhat/search.html?q=" + urllib.parse.quote("1.365"))
    page.wait_for_function(
        "document.querySelector('#search-results .search-summary') !== null"
        " && document.querySelector('#search-results .search-summary').innerText !== ''",
        timeout=15000,
    )
    hits = page.locator("#search-results li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(h.startswith("phan-1.html") for h in hits), hits
