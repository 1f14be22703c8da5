"""The working draft's HTML (Furo) in Chromium, served over HTTP on 127.0.0.1: phones, the first
page as on paper, search by section, committee notes, nothing from outside, and axe-core's
WCAG 2 A/AA audit.

axe-core comes from npm at the version pinned in tests/axe/package-lock.json, installed by the
test into a cache directory (nothing from npm is kept in git)."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import pytest
from conftest import REPO, missing, require_tool, run_build, served

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE_DIR = Path(__file__).resolve().parents[1] / "axe"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The committee's report (docs/) built to HTML and served: (base URL, page paths)."""
    project = tmp_path_factory.mktemp("furo") / "bao-cao"
    project.mkdir()
    for name in ("docs", "source_data", "templates"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "conf.py", project / "conf.py")
    result = run_build(project, "html")
    assert result.returncode == 0, result.stderr + result.stdout
    html = project / "_build/html"
    pages = sorted(str(p.relative_to(html)) for p in html.rglob("*.html") if "_static" not in p.parts)
    with served(html) as url:
        yield url, pages


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


def px(page, selector: str, prop: str = "font-size") -> float:
    return float(
        page.eval_on_selector(selector, f"e => getComputedStyle(e).getPropertyValue('{prop}')").removesuffix("px")
    )


def test_the_report_has_its_pages(site):
    _, pages = site
    assert (
        "index.html" in pages and "search.html" in pages and "phan-thu-hai/c-muc-tieu-nhiem-vu-giai-phap.html" in pages
    )
    assert len(pages) >= 10, pages


@pytest.mark.parametrize("width", [360, 390, 414])
def test_no_page_scrolls_sideways_on_a_phone(browser, site, width):
    base, pages = site
    context = browser.new_context(viewport={"width": width, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    too_wide = {}
    for name in pages:
        page.goto(f"{base}/{name}")
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        if scroll > inner:
            too_wide[name] = scroll
    context.close()
    assert too_wide == {}, f"wider than {width}px: {too_wide}"


def test_a_wide_table_scrolls_in_its_own_box_reachable_by_keyboard(phone, site):
    base, _ = site
    phone.set_viewport_size({"width": 360, "height": 800})
    phone.goto(f"{base}/phu-luc.html")
    boxes = phone.eval_on_selector_all(
        "div.body div.table-wrapper:not(.dau-van-ban):not(.ket-van-ban)",
        "els => els.map(e => [e.getAttribute('tabindex'), e.getAttribute('role'), e.getAttribute('aria-label'),"
        " getComputedStyle(e).overflowX, e.scrollWidth > e.clientWidth ? e.scrollWidth : 0, e.querySelector('table') !== null])",
    )
    assert len(boxes) == 2, boxes
    for tabindex, role, label, overflow, _, has_table in boxes:
        assert (tabindex, role, overflow, has_table) == ("0", "region", "auto", True) and label
    # the keyboard reaches the first table's box
    for _ in range(60):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.classList.contains('table-wrapper')"):
            break
    assert phone.evaluate("document.activeElement.classList.contains('table-wrapper')")


def test_the_header_and_closing_are_not_keyboard_stops(desktop, site):
    base, _ = site
    desktop.goto(f"{base}/index.html")
    assert desktop.locator("div.table-wrapper.dau-van-ban").get_attribute("tabindex") is None


def test_navigation_is_one_tap_away_on_a_phone(phone, site):
    base, _ = site
    phone.goto(f"{base}/phan-thu-nhat/a-ket-qua-dat-duoc.html")
    link = phone.locator(".sidebar-drawer a.reference", has_text="Phần thứ hai")
    assert not link.is_visible() or link.bounding_box()["x"] + link.bounding_box()["width"] <= 0
    phone.locator("label.nav-overlay-icon").tap()
    phone.wait_for_timeout(400)  # Furo slides the drawer in
    box = link.bounding_box()
    assert link.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    with phone.expect_navigation():
        link.tap()
    assert phone.url.endswith("/phan-thu-hai/index.html")


def test_nothing_overlaps_the_draft_label_on_a_phone(phone, site):
    base, _ = site
    for name in ("index.html", "phan-thu-nhat/a-ket-qua-dat-duoc.html", "search.html"):
        phone.goto(f"{base}/{name}")
        label = phone.locator(".dau-trang-du-thao .nhan-du-thao")
        assert label.inner_text().startswith("Dự thảo lần ")
        box = label.bounding_box()
        # the label is on top where its text is: no header, button or text over it
        on_top = phone.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('.dau-trang-du-thao') !== null",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
        )
        assert on_top, name
        header = phone.locator("header.mobile-header").bounding_box()
        assert header["y"] >= box["y"] + box["height"], (name, box, header)
        first = phone.locator("div.body > *").first.bounding_box()
        assert first["y"] >= header["y"] + header["height"], (name, first, header)


def test_first_page_title_as_on_paper(desktop, site):
    base, _ = site
    desktop.goto(f"{base}/index.html")
    body = px(desktop, "div.body > section > p:not(.phu-de)")
    title = "div.body h1"
    assert px(desktop, title) <= 2 * body
    assert px(desktop, title) > body
    assert px(desktop, title, "font-weight") >= 700
    assert desktop.eval_on_selector(title, "e => getComputedStyle(e).textAlign") == "center"
    text = desktop.eval_on_selector(title, "e => e.innerText")
    assert text == text.upper() and len(text) > 100
    assert desktop.eval_on_selector("p.phu-de", "e => getComputedStyle(e).fontStyle") == "italic"
    assert desktop.eval_on_selector("p.phu-de", "e => getComputedStyle(e).textAlign") == "center"


def test_first_page_header_in_two_columns_stacked_on_a_phone(desktop, phone, site):
    base, _ = site
    cells = "table.dau-van-ban td"
    desktop.goto(f"{base}/index.html")
    left, right = (c.bounding_box() for c in desktop.locator(cells).all())
    assert abs(left["y"] - right["y"]) < 2 and right["x"] >= left["x"] + left["width"] - 1
    phone.goto(f"{base}/index.html")
    left, right = (c.bounding_box() for c in phone.locator(cells).all())
    assert right["y"] >= left["y"] + left["height"] and abs(left["x"] - right["x"]) < 2


def test_headings_are_a_hierarchy(desktop, site):
    base, _ = site
    desktop.goto(f"{base}/phan-thu-hai/c-muc-tieu-nhiem-vu-giai-phap.html")
    sizes = [px(desktop, f"div.body h{n}") for n in (1, 2, 3, 4)]
    body = px(desktop, "div.body section > p")
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == 4, sizes
    assert sizes[-1] >= body and sizes[0] <= 2 * body, (sizes, body)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_body_text_is_at_least_16px(browser, site, viewport):
    base, _ = site
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{base}/phan-thu-nhat/a-ket-qua-dat-duoc.html")
    sizes = page.eval_on_selector_all(
        "div.body section > p", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    context.close()
    assert len(sizes) > 10 and min(sizes) >= 16, sizes


def test_every_request_stays_on_the_site_and_no_mathjax(browser, site):
    base, pages = site
    origin = urllib.parse.urlsplit(base)
    context = browser.new_context()
    page = context.new_page()
    outside, failed = [], []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if urllib.parse.urlsplit(r.url).scheme not in ("data", "blob", "about")
            and urllib.parse.urlsplit(r.url)[:2] != origin[:2]
            else None
        ),
    )
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    for name in [*pages, "search.html?q=dang+vien"]:
        page.goto(f"{base}/{name}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof MathJax") == "undefined", name
        assert page.locator("script[src*='mathjax' i]").count() == 0, name
    context.close()
    assert outside == [] and failed == []


def test_furo_speaks_vietnamese(desktop, site):
    base, _ = site
    desktop.goto(f"{base}/phan-thu-nhat/b-ton-tai-han-che.html")
    html = desktop.content()
    for english in ("Toggle", "Skip to content", "Back to top", "On this page", "Made with", "Next", "Previous"):
        assert english not in html, english
    assert desktop.locator("a.skip-to-content").inner_text() == "Bỏ qua, đến nội dung"
    assert desktop.locator("nav.related-pages a.next-page .nhan").inner_text() == "Tiếp →"
    assert desktop.locator("a.tai-pdf").inner_text() == "Tải bản PDF"
    assert desktop.locator("a.tai-pdf").get_attribute("href").startswith("../../pdf/bao-cao-chinh-tri-du-thao-lan-")


def search(page, base: str, query: str):
    page.goto(f"{base}/search.html?q={urllib.parse.quote(query)}")
    page.wait_for_function(
        "document.querySelector('#search-results .search-summary') !== null"
        " && document.querySelector('#search-results .search-summary').innerText !== ''",
        timeout=15000,
    )
    page.wait_for_timeout(200)  # the last items' sentences
    return page.locator("#search-results ul.search > li").all()


def test_search_without_diacritics_lands_on_the_section_and_sentence(desktop, site):
    base, _ = site
    results = search(desktop, base, "dao co")
    hits = [
        li
        for li in results
        if li.locator("a").get_attribute("href").startswith("phan-thu-hai/")
        and "Đảo Cò" in li.locator("p.context").inner_text()
    ]
    assert hits, [li.inner_text() for li in results[:5]]
    hit = hits[0]
    href = hit.locator("a").get_attribute("href")
    heading = hit.locator("a").inner_text()
    assert re.match(r"^(\d+\.)+\d* ", heading), heading  # the section's number and heading
    assert hit.locator("p.vi-tri").inner_text().startswith("Phần thứ hai › C. MỤC TIÊU")
    marked = hit.locator("p.context .highlighted").all_inner_texts()
    assert "Đảo" in marked and "Cò" in marked, marked
    # the words side by side come first; the link opens the page at that heading
    assert any("Đảo Cò" in li.locator("p.context").inner_text() for li in results[:3])
    page, anchor = href.split("#")
    desktop.goto(f"{base}/{page}#{anchor}")
    assert (
        desktop.locator(f"section#{anchor} > h4, section#{anchor} > h3, section#{anchor} > h2")
        .first.inner_text()
        .startswith(heading.split(" ")[0])
    )


def test_a_quoted_phrase_finds_only_the_phrase(desktop, site):
    base, _ = site
    loose = search(desktop, base, "nông thôn mới")
    loose_count = len(loose)
    phrase = search(desktop, base, '"nông thôn mới"')
    texts = [(li.locator("a").inner_text() + " " + li.locator("p.context").inner_text()).lower() for li in phrase]
    assert 0 < len(phrase) < loose_count, (len(phrase), loose_count)
    assert all("nông thôn mới" in t for t in texts), texts
    marked = {m.lower() for li in phrase for m in li.locator(".highlighted").all_inner_texts()}
    assert marked == {"nông thôn mới"}, marked


def test_committee_notes_show_a_label_not_a_key(desktop, site):
    """A note read "… (chi_tieu_khong_dat_khop_phan_han_che)": the rule's id, not words."""
    import yaml

    ids = {
        rule["ma"]
        for f in (REPO / "source_data/rules").glob("*.yaml")
        for rule in (yaml.safe_load(f.read_text(encoding="utf-8")) or [])
        if isinstance(rule, dict) and "ma" in rule
    }
    assert "chi_tieu_khong_dat_khop_phan_han_che" in ids
    base, pages = site
    notes = 0
    for name in pages:
        desktop.goto(f"{base}/{name}")
        for note in desktop.locator("div.ghi-chu-bien-tap").all():
            notes += 1
            title = note.locator("p.admonition-title").inner_text()
            assert title.startswith("Ghi chú cho tổ biên tập") and not re.search(r"\w_\w", title), title
            # what the build writes: the title and the rule in words (the committee's own note,
            # from the rule file, may cite another rule by its id)
            written = title + " " + " ".join(note.locator("p.quy-tac").all_inner_texts())
            assert not [i for i in ids if i in written], (name, written)
    assert notes >= 1


# --- axe-core ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe.min.js at the version of tests/axe/package-lock.json, installed by npm into a cache
    directory named after the lock file (once per version)."""
    npm = require_tool("npm", "accessibility tests (axe-core)")
    require_tool("node", "accessibility tests (axe-core)")
    lock = (AXE_DIR / "package-lock.json").read_bytes()
    cache = Path.home() / ".cache" / "bao-cao-axe" / hashlib.sha256(lock).hexdigest()[:16]
    script = cache / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(AXE_DIR / name, cache / name)
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=cache, capture_output=True, text=True, timeout=600
        )
        if result.returncode != 0 or not script.is_file():
            missing(f"npm could not install axe-core: {result.stderr[-500:]}")
    return script.read_text(encoding="utf-8")


WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, source: str) -> list:
    page.add_script_tag(content=source)
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => [v.id, v.impact, v.nodes.slice(0, 3).map(n => n.target.join(' '))])",
        WCAG_AA,
    )


def test_axe_finds_a_contrast_failure_when_there_is_one(desktop, site, axe_source):
    """The audit can fail: grey text on white is reported."""
    base, _ = site
    desktop.goto(f"{base}/index.html")
    desktop.add_style_tag(content="div.body p { color: #bbb !important; }")
    assert any(v[0] == "color-contrast" for v in axe_violations(desktop, axe_source))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_serious_wcag_violations(browser, site, axe_source, viewport):
    base, pages = site
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    found = {}
    for name in pages:
        page.goto(f"{base}/{name}")
        found[name] = axe_violations(page, axe_source)
    search(page, base, "dao co")
    found["search.html?q=dao co"] = axe_violations(page, axe_source)
    context.close()
    assert len(found) == len(pages) + 1
    assert {name: v for name, v in found.items() if v} == {}
