"""The redline page of ``make diff`` in a real browser (Debian's chromium driven by Playwright),
served over HTTP on 127.0.0.1: the prose as printed, numbers as data changes, phones, contrast."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.parse

import draft_repo
import pytest
from conftest import nonempty, recording_page, served

PAGE = "so-sanh-du-thao-lan-4-voi-lan-5.html"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    repo = draft_repo.prose_drafts(tmp_path_factory.mktemp("redline-browser") / "p")
    r = subprocess.run(
        [sys.executable, "-m", "build_scripts.cli.diff"],
        cwd=repo,
        env={**os.environ, "PYTHONPATH": str(repo)},
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    with served(repo / "_build" / "diff") as url:
        yield url


@pytest.fixture
def page(browser, server):
    """The redline page; every request leaving the served origin is recorded."""
    with recording_page(browser, server) as pg:
        pg.goto(f"{server}/{PAGE}")
        yield pg


def test_the_page_shows_prose_not_markup(page):
    text = page.locator("main").inner_text()
    assert not re.search(r"\{\{|\{%|\[\^|^\s*#{1,6}\s|^\s*\|", text, re.M), "markup visible on the redline page"
    # the numbers are filled in, the footnote is at its place, the list and table read as such
    shown = page.locator("section.muc .van-ban").all_inner_texts()
    nonempty(shown, "open (changed) sections", at_least=2)
    joined = "\n".join(shown)
    assert "Số chi bộ: 32 chi bộ" in joined
    assert "[Chú thích: Theo báo cáo của Ban Tổ chức" in joined
    assert "– Chi bộ nông thôn sinh hoạt đều đặn." in joined and "Đảng viên │ " in joined
    assert page.outside == []


def test_a_changed_number_is_a_data_change_with_its_key(page):
    changes = page.locator('section.muc .so-lieu-doi[data-khoa="dang_bo.so_dang_vien"]')
    nonempty(range(changes.count()), "marked changes of dang_bo.so_dang_vien", at_least=2)
    first = changes.first
    assert first.locator(".so-cu").inner_text() == "1.361" and first.locator(".so-moi").inner_text() == "1.365"
    assert first.inner_text().startswith("1.361 → 1.365 đảng viên")
    tag = first.locator(".khoa-so-lieu")
    assert tag.is_visible() and "dang_bo.so_dang_vien" in tag.inner_text()
    title = first.get_attribute("title")
    assert "dang_bo.so_dang_vien" in title and "source_data/dang_bo.yaml" in title and "1.361" in title
    # not a word edit: no inserted or deleted run holds either value
    edits = page.locator("section.muc ins, section.muc del").all_inner_texts()
    assert not any(re.search(r"136[15]", e) for e in edits)
    # the tag leads to the row of the data table, which still lists the change
    tag.click()
    row = page.locator("tr#du-lieu-dang_bo\\.so_dang_vien")
    assert page.url.endswith("#du-lieu-dang_bo.so_dang_vien")
    assert "1.361 đảng viên" in row.inner_text() and "1.365 đảng viên" in row.inner_text()
    assert "source_data/dang_bo.yaml" in row.inner_text()


def test_word_edits_show_as_insertions_and_deletions_not_by_colour_alone(page):
    ins = page.locator("section.muc ins")
    dels = page.locator("section.muc del")
    assert "đẩy mạnh" in ins.all_inner_texts() and "(đã rà soát)" in ins.all_inner_texts()
    assert "tăng cường" in dels.all_inner_texts() and "có nhiều" in dels.all_inner_texts()
    deco = page.evaluate(
        "[...document.querySelectorAll('section.muc ins, section.muc del, .so-cu, .so-moi')]"
        ".map(e => [e.className || e.tagName, getComputedStyle(e).textDecorationLine])"
    )
    nonempty(deco, "marked runs", at_least=4)
    for name, line in deco:
        want = "underline" if name in ("INS", "so-moi") else "line-through"
        assert want in line, f"{name}: {line}"


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(fg, bg) -> float:
    hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_marked_text_has_aa_contrast(page):
    # each marked run's colour against the background it is drawn on (its own, or its nearest painted parent's)
    pairs = page.evaluate(
        """[...document.querySelectorAll('ins, del, .so-cu, .so-moi, .khoa-so-lieu, .tep, details.khong-doi summary')]
        .map(e => {
          let b = e, bg = 'rgba(0, 0, 0, 0)';
          while (b && (bg = getComputedStyle(b).backgroundColor) === 'rgba(0, 0, 0, 0)') b = b.parentElement;
          return [e.className || e.tagName, getComputedStyle(e).color, b ? bg : 'rgb(255, 255, 255)'];
        })"""
    )
    nonempty(pairs, "marked runs", at_least=6)
    for name, fg, bg in pairs:
        ratio = _contrast(*(tuple(float(x) for x in re.findall(r"[\d.]+", c)) for c in (fg, bg)))
        assert ratio >= 4.5, f"{name}: {fg} on {bg} is {ratio:.2f}:1"


def test_unchanged_sections_are_folded(page):
    folded = page.locator("details.khong-doi")
    assert folded.count() >= 1
    assert not folded.first.locator("section").first.is_visible()
    assert "Phát triển kinh tế" in page.locator("details.khong-doi summary").all_inner_texts()[-1]
    folded.first.locator("summary").click()
    assert folded.first.locator("section").first.is_visible()


def test_the_printable_pdf_is_linked(page, server):
    link = page.locator("a.tai-pdf")
    href = link.get_attribute("href")
    assert href == "so-sanh-du-thao-lan-4-voi-lan-5.pdf"
    response = page.request.get(urllib.parse.urljoin(f"{server}/{PAGE}", href))
    assert response.status == 200 and response.body()[:5] == b"%PDF-"


@pytest.mark.parametrize("width", [360, 390, 414])
def test_no_sideways_scrolling_on_a_phone(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.goto(f"{server}/{PAGE}")
    pg.locator("details.khong-doi summary").first.click()  # an opened fold must fit too
    scroll, inner = pg.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    sizes = pg.evaluate(
        "[...document.querySelectorAll('.van-ban, table.du-lieu td, .tom-tat')]"
        ".map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    context.close()
    assert scroll <= inner, f"the page is {scroll}px wide on a {inner}px screen"
    nonempty(sizes, "text blocks", at_least=3)
    assert min(sizes) >= 16, f"text smaller than 16px on a phone: {sorted(set(sizes))}"
