"""make site with PDFs: each issued draft's PDF is built from its own commit and linked."""

from __future__ import annotations

import re
import subprocess

import draft_repo
import pytest
from conftest import require_tool
from draft_repo import build_site


@pytest.fixture(scope="module")
def full_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("site-pdf")
    repo = draft_repo.two_drafts(base / "p")
    r = build_site(repo, base / "out", base / "cache", pdf=True)
    assert r.returncode == 0, r.stderr + r.stdout
    return repo, base / "out", base / "cache", r


def _pdf_text(path) -> str:
    pdftotext = require_tool("pdftotext", "reading the PDFs of the site")
    return subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_every_draft_has_its_own_pdf_linked_from_home(full_site):
    repo, out, _, _ = full_site
    home = (out / "index.html").read_text(encoding="utf-8")
    for n, count, phrase in ((4, "1.361", "tăng cường"), (5, "1.365", "đẩy mạnh")):
        name = f"bao-cao-chinh-tri-du-thao-lan-{n}.pdf"
        pdf = out / "pdf" / name
        assert f'href="pdf/{name}"' in home
        assert pdf.read_bytes()[:5] == b"%PDF-"
        text = " ".join(_pdf_text(pdf).split())
        assert count in text and phrase in text, f"draft {n}: {text[:300]}"
    # The sidebar link of each draft's pages reaches its PDF, from /moi-nhat/ too.
    for folder, n in (("du-thao-lan-4", 4), ("du-thao-lan-5", 5), ("moi-nhat", 5)):
        page = (out / folder / "phan-1.html").read_text(encoding="utf-8")
        href = re.search(r'class="hop-du-thao".*?<a href="([^"]+\.pdf)"', page, re.S).group(1)
        assert (out / folder / href).resolve() == (out / "pdf" / f"bao-cao-chinh-tri-du-thao-lan-{n}.pdf").resolve()


def test_pdfs_are_reused_from_the_cache(full_site):
    repo, out, cache, first = full_site
    assert "dựng mới 4" in first.stdout  # two drafts, two editions each
    r = build_site(repo, out, cache, pdf=True)
    assert r.returncode == 0, r.stderr
    assert "dựng mới 0" in r.stdout
    seconds = float(re.search(r"dựng mới 0, ([\d.]+) giây", r.stdout).group(1))
    assert seconds < 5


def test_the_comparison_page_links_its_printable_pdf(full_site):
    _, out, _, _ = full_site
    page = (out / "so-sanh/du-thao-lan-4-voi-lan-5.html").read_text(encoding="utf-8")
    href = re.search(r'<a class="tai-pdf" href="([^"]+)"', page).group(1)
    pdf = (out / "so-sanh" / href).resolve()
    assert pdf == (out / "so-sanh/du-thao-lan-4-voi-lan-5.pdf").resolve() and pdf.read_bytes()[:5] == b"%PDF-"
    text = " ".join(_pdf_text(pdf).split())
    assert "SO SÁNH DỰ THẢO LẦN 4 VÀ LẦN 5" in text and "1.361 → 1.365 đảng viên" in text, text[:400]
