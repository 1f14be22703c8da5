"""The closing of the report (templates/snippets/ket_van_ban.md.j2): recipients and signature."""

from __future__ import annotations

import pytest
from conftest import make_project, run_build


@pytest.mark.parametrize(
    "written",
    [
        "|-\n    K/T BÍ THƯ\n    PHÓ BÍ THƯ",
        "|\n    K/T BÍ THƯ\n\n    PHÓ BÍ THƯ",  # a blank line between (docutils: an English error)
        "\n    - K/T BÍ THƯ\n    - PHÓ BÍ THƯ",  # a list, as noi_nhan above it (a Python error)
    ],
)
def test_a_deputy_signs_with_kt_over_the_office_on_two_lines(tmp_path, written):
    """`chuc_vu: |-` with "K/T BÍ THƯ" and "PHÓ BÍ THƯ" was printed "K/T BÍ THƯ PHÓ BÍ THƯ"."""
    project = make_project(tmp_path, "pdf")
    van_ban = project / "source_data/van_ban.yaml"
    van_ban.write_text(
        van_ban.read_text(encoding="utf-8").replace("  chuc_vu: BÍ THƯ", "  chuc_vu: " + written), encoding="utf-8"
    )
    r = run_build(project, "html")
    assert r.returncode == 0, r.stderr + r.stdout
    page = next(
        p.read_text(encoding="utf-8")
        for p in (project / "_build/html").glob("*.html")
        if "ket-van-ban" in p.read_text(encoding="utf-8")
    )
    cell = page[page.index("T/M BAN CHẤP HÀNH") : page.index("Nguyễn Trung Nghĩa")]
    assert "<p><strong>K/T BÍ THƯ</strong></p>\n<p><strong>PHÓ BÍ THƯ</strong></p>" in cell


def test_the_official_html_says_so_and_links_its_own_pdf_apart_from_the_draft(tmp_path):
    """`make final` built an HTML titled "Dự thảo lần N", with the draft banner and a link to the
    draft PDF, into the draft's own _build/html (a `make` afterwards then rebuilt nothing)."""
    project = make_project(tmp_path, "pdf")
    assert run_build(project, "html").returncode == 0
    draft = (project / "_build/html/index.html").read_text(encoding="utf-8")
    r = run_build(project, "html", "--final")
    assert r.returncode == 0, r.stderr + r.stdout
    assert "_build/chinh-thuc/html/index.html" in r.stdout
    official = (project / "_build/chinh-thuc/html/index.html").read_text(encoding="utf-8")
    assert "<title>Báo cáo Chính trị — Chính thức</title>" in official
    assert "Dự thảo lần" not in official and "dau-trang-du-thao" not in official
    assert 'href="../pdf/bao-cao-chinh-tri-chinh-thuc.pdf"' in official
    # the draft's output is left as it was
    assert (project / "_build/html/index.html").read_text(encoding="utf-8") == draft
    assert "Dự thảo lần 4" in draft and "dau-trang-du-thao" in draft
