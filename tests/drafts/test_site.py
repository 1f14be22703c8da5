"""make site: every issued draft from the register, banners, redline, reuse, search index."""

from __future__ import annotations

import json
import re
import shutil
import time

import draft_repo
import pytest
from conftest import nonempty
from draft_repo import build_site, edit, git, release

from build_scripts.core.drafts.register import read_register, write_register
from build_scripts.sphinx_ext.search_vi import fold

BANNER = 'class="ban-cu"'


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("site")
    repo = draft_repo.two_drafts(base / "p")
    out, cache = base / "out", base / "cache"
    r = build_site(repo, out, cache)
    assert r.returncode == 0, r.stderr
    return repo, out, cache, r


def test_home_lists_drafts_newest_first_with_links(site):
    repo, out, _, _ = site
    home = (out / "index.html").read_text(encoding="utf-8")
    names = re.findall(r'<span class="ten-ban">(.*?)</span>', home)
    assert names == ["Dự thảo lần 5", "Dự thảo lần 4"]
    assert "ngày 15/9/2025" in home and "ngày 20/8/2025" in home
    assert 'href="so-sanh/du-thao-lan-4-voi-lan-5.html"' in home
    for link in re.findall(r'href="([^"#?]+)"', home):
        if not link.startswith("data:"):  # the icon, inside the page
            assert (out / link).exists(), link  # every link on the home page leads somewhere
    assert "ĐẢNG ỦY XÃ NAM THANH MIỆN" in home


def test_each_draft_has_its_own_path_and_newest_is_stable(site):
    repo, out, _, _ = site
    d4 = (out / "du-thao-lan-4/phan-1.html").read_text(encoding="utf-8")
    d5 = (out / "du-thao-lan-5/phan-1.html").read_text(encoding="utf-8")
    # Each draft is built from its own commit: its own number and its own words.
    assert "Dự thảo lần 4" in d4 and "1.361 đảng viên" in d4 and "tăng cường" in d4
    assert "Dự thảo lần 5" in d5 and "1.365 đảng viên" in d5 and "đẩy mạnh" in d5
    assert (out / "moi-nhat/phan-1.html").read_text(encoding="utf-8") == d5
    assert (out / "moi-nhat/tong-quan.html").is_file()


def test_banner_on_every_page_of_the_older_draft_only(site):
    repo, out, _, _ = site
    old_pages = sorted((out / "du-thao-lan-4").rglob("*.html"))
    assert len(old_pages) >= 4
    for page in old_pages:
        text = page.read_text(encoding="utf-8")
        assert text.count(BANNER) == 1, page
        href = re.search(BANNER + r'.*?<a href="([^"]+)"', text, re.S).group(1)
        target = (page.parent / href).resolve()
        assert target.is_file()
        # the same page in the newest draft
        assert target == (out / "moi-nhat" / page.relative_to(out / "du-thao-lan-4")).resolve()
    for page in [*(out / "du-thao-lan-5").rglob("*.html"), *(out / "moi-nhat").rglob("*.html")]:
        assert BANNER not in page.read_text(encoding="utf-8"), page


def test_redline_page_is_in_the_site(site):
    _, out, _, _ = site
    page = (out / "so-sanh/du-thao-lan-4-voi-lan-5.html").read_text(encoding="utf-8")
    assert "<ins>đẩy mạnh</ins>" in page and "<del>tăng cường</del>" in page
    assert 'href="../du-thao-lan-4/index.html"' in page
    # a quick site (no PDF) links no printable redline: no dead link
    assert "tai-pdf" not in page and not list((out / "so-sanh").glob("*.pdf"))


def test_search_index_has_each_word_as_written_and_without_diacritics(site):
    # "kỷ" (kỷ luật, phan-1) and "kỳ" (nhiệm kỳ, index) are different words: a query typed with
    # diacritics finds only its own; typed without ("ky"), it finds both. With the words stored
    # folded only, "kỷ luật" also listed every page with "nhiệm kỳ" and "pháp luật".
    _, out, _, _ = site
    raw = (out / "moi-nhat/searchindex.js").read_text(encoding="utf-8")
    index = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])
    terms, docs = index["terms"], index["docnames"]

    def pages(term):
        found = terms.get(term, [])
        return {docs[i] for i in (found if isinstance(found, list) else [found])}

    assert pages("kỷ") == {"phan-1"} and pages("kỳ") == {"index"}
    assert pages("ky") == {"phan-1", "index"}
    assert {"đảng", "dang", "viên", "vien"} <= set(terms)
    assert all(t == t.lower() for t in terms)
    assert fold("Đảng Viên") == "dang vien"
    js = (out / "moi-nhat/_static/language_data.js").read_text(encoding="utf-8")
    assert 'normalize("NFC")' in js


def test_every_page_of_a_draft_leads_back_to_the_site_home(site):
    # A reader who came to a draft's page (a link in a mail, a search) had no way to the other
    # drafts nor to the comparisons: only the comparison page linked the home page.
    _, out, _, _ = site
    pages = [p for d in ("du-thao-lan-4", "du-thao-lan-5", "moi-nhat") for p in sorted((out / d).rglob("*.html"))]
    assert len(pages) > 6
    for page in pages:
        text = page.read_text(encoding="utf-8")
        m = re.search(r'<a class="ve-trang-chu" href="([^"]+)"[^>]*>([^<]+)</a>', text)
        assert m, page
        assert (page.parent / m.group(1)).resolve() == (out / "index.html").resolve(), (page, m.group(1))
        assert m.group(2) == "← Trang chủ: mọi lần dự thảo"


def test_every_page_names_its_icon(site):
    # Without one, a browser asks the intranet for /favicon.ico on every page: a 404 in the
    # server's log and a red line in the browser's console.
    _, out, _, _ = site
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        m = re.search(r'<link rel="(?:shortcut )?icon"[^>]* href="([^"]+)"', page.read_text(encoding="utf-8"))
        assert m, page
        href = m.group(1)
        assert href.startswith("data:image/svg+xml") or (page.parent / href).resolve().is_file(), (page, href)


def test_no_page_loads_anything_from_outside(site):
    _, out, _, _ = site
    for page in nonempty(out.rglob("*.html"), "pages of the site", 10):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=["'](https?:)?//""", text), page
    for css in nonempty(out.rglob("*.css"), "style sheets of the site"):
        assert not re.search(r"(@import|url\()\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css


def test_second_build_reuses_every_draft(site, tmp_path):
    repo, out, cache, first = site
    started = time.monotonic()
    r = build_site(repo, out, cache)
    again = time.monotonic() - started
    assert r.returncode == 0, r.stderr
    # two drafts, two editions each (readers', committee's)
    assert r.stdout.count("dùng lại bản đã dựng") == 4 and "dựng mới 0" in r.stdout
    assert BANNER in (out / "du-thao-lan-4/index.html").read_text(encoding="utf-8")
    assert again < 10


def test_a_new_draft_builds_only_itself_and_banners_move(site, tmp_path):
    repo, out, cache, _ = site
    clone = tmp_path / "clone"
    git(repo, "clone", "-q", str(repo), str(clone))
    edit(clone, "docs/phan-1.md", "rõ rệt", "rõ rệt, bền vững", "Thêm chữ")
    assert release(clone, "2025-10-01").returncode == 0
    out2 = tmp_path / "out"
    shutil.copytree(cache, tmp_path / "cache")
    r = build_site(clone, out2, tmp_path / "cache")
    assert r.returncode == 0, r.stderr
    assert "dựng mới 2" in r.stdout  # draft 6, both editions
    assert BANNER in (out2 / "du-thao-lan-5/index.html").read_text(encoding="utf-8")
    assert BANNER not in (out2 / "du-thao-lan-6/index.html").read_text(encoding="utf-8")
    assert (out2 / "so-sanh/du-thao-lan-5-voi-lan-6.html").is_file()


def test_failed_build_keeps_the_previous_site(site, tmp_path):
    repo, out, cache, _ = site
    clone = tmp_path / "clone"
    git(clone.parent, "clone", "-q", str(repo), str(clone))
    entries = read_register(clone)
    # A register entry whose number does not match the data at that commit.
    bad = [entries[0], type(entries[1])(so=9, ngay=entries[1].ngay, commit=entries[1].commit)]
    write_register(clone, bad)
    git(clone, "commit", "-qam", "sổ sai")
    before = (out / "index.html").read_text(encoding="utf-8")
    shutil.copytree(out, tmp_path / "out")
    r = build_site(clone, tmp_path / "out", tmp_path / "cache")
    assert r.returncode == 1
    assert "ban_du_thao.yaml:" in r.stderr and "lần 9" in r.stderr and "lần 5" in r.stderr
    assert "Traceback" not in r.stderr
    assert (tmp_path / "out/index.html").read_text(encoding="utf-8") == before


def test_empty_register_is_a_clear_error(tmp_path):
    repo = draft_repo.make_project(tmp_path / "p")
    r = build_site(repo, tmp_path / "out", tmp_path / "cache")
    assert r.returncode == 1
    assert "chưa có bản dự thảo nào" in r.stderr and "make release" in r.stderr


def test_overview_cards_come_from_the_same_data_as_the_text(site):
    _, out, _, _ = site
    for n, count in ((4, "1.361 đảng viên"), (5, "1.365 đảng viên")):
        page = (out / f"du-thao-lan-{n}/tong-quan.html").read_text(encoding="utf-8")
        cards = re.findall(r'class="sd-card[ "].*?</div>\s*</div>', page, re.S)
        assert len(cards) == 3
        assert count in cards[0] and "8,5%" in cards[2]
        text = (out / f"du-thao-lan-{n}/phan-1.html").read_text(encoding="utf-8")
        assert count in text  # the same figure in the prose
        assert 'href="tong-quan.html">Số liệu chính' in text  # reachable from every page


def test_banner_of_a_page_the_newest_draft_no_longer_has_leads_to_its_home(tmp_path):
    import datetime as dt

    from build_scripts.core.site.assemble import add_banners

    old, new = tmp_path / "du-thao-lan-4", tmp_path / "moi-nhat"
    (old / "phan-cu").mkdir(parents=True)
    new.mkdir()
    (new / "index.html").write_text("<html><body>mới</body></html>", encoding="utf-8")
    (old / "phan-cu" / "bo-di.html").write_text('<html><body class="x">cũ</body></html>', encoding="utf-8")
    assert add_banners(old, new, 4, dt.date(2025, 8, 20), 5) == 1
    text = (old / "phan-cu" / "bo-di.html").read_text(encoding="utf-8")
    assert text.startswith('<html><body class="x"><div class="ban-cu"')
    assert 'href="../../moi-nhat/index.html"' in text and "dự thảo lần 5 (mới nhất)" in text
    assert "ngày 20/8/2025" in text


def test_sidebar_pdf_link_works_in_a_local_build_and_on_the_site(site):
    """One relative link serves _build/html beside _build/pdf and /du-thao-lan-4/ beside /pdf/.
    (This site is built without PDFs, so its pages drop the link: the draft's build has it.)"""
    _, out, cache, _ = site
    [page] = [
        p.read_text(encoding="utf-8")
        for p in cache.glob("*-html/html/phan-1.html")
        if "-ban-doc-" not in p.parts[-3]  # the committee's edition: the commit's own build
        if "Dự thảo lần 4" in p.read_text(encoding="utf-8")
    ]
    assert "tai-pdf" not in (out / "du-thao-lan-4/phan-1.html").read_text(encoding="utf-8")
    href = re.search(r'class="hop-du-thao".*?<a href="([^"]+)" class="tai-pdf"', page, re.S).group(1)
    # _build/html/phan-1.html -> _build/pdf/…; /du-thao-lan-4/phan-1.html -> /pdf/…
    assert href == "../pdf/bao-cao-chinh-tri-du-thao-lan-4.pdf"


def test_a_quick_site_without_pdfs_links_no_pdf(tmp_path):
    """make site-nhanh builds no PDF, yet every page of every draft kept "Tải bản PDF" (74 dead links)."""
    import datetime as dt

    from build_scripts.core.drafts.register import RegisterEntry
    from build_scripts.core.site.assemble import assemble
    from build_scripts.core.site.builds import DraftBuild

    builds = []
    for so in (4, 5):
        html = tmp_path / f"html-{so}"
        (html / "phan").mkdir(parents=True)
        side = (
            f'<div class="hop-du-thao"><p class="nhan-du-thao">Dự thảo lần {so}</p>\n'
            f'  <p><a href="../pdf/bao-cao-chinh-tri-du-thao-lan-{so}.pdf" class="tai-pdf">Tải bản PDF</a></p>\n'
            '  <p><a href="tong-quan.html">Số liệu chính</a></p></div>'
        )
        for page in (html / "index.html", html / "phan" / "a.html"):
            page.write_text(f"<html><body>{side}</body></html>", encoding="utf-8")
        pdf = None
        if so == 5:
            pdf = tmp_path / "bao-cao-chinh-tri-du-thao-lan-5.pdf"
            pdf.write_bytes(b"%PDF-1.4")
        builds.append(DraftBuild(RegisterEntry(so, dt.date(2025, 8, so), "c" * 40), html, pdf, 1.0, False))
    assemble(builds, {}, tmp_path / "out")
    for page in (tmp_path / "out/du-thao-lan-4").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "tai-pdf" not in text and "Số liệu chính" in text and "Dự thảo lần 4" in text
    assert 'class="tai-pdf"' in (tmp_path / "out/du-thao-lan-5/phan/a.html").read_text(encoding="utf-8")
    assert (tmp_path / "out/pdf/bao-cao-chinh-tri-du-thao-lan-5.pdf").is_file()
