"""The closing of the report (templates/snippets/ket_van_ban.md.j2): recipients and signature."""
from __future__ import annotations

from conftest import make_project, run_build


def test_a_deputy_signs_with_kt_over_the_office_on_two_lines(tmp_path):
    """`chuc_vu: |-` with "K/T BÍ THƯ" and "PHÓ BÍ THƯ" was printed "K/T BÍ THƯ PHÓ BÍ THƯ"."""
    project = make_project(tmp_path, "pdf")
    van_ban = project / "source_data/van_ban.yaml"
    van_ban.write_text(van_ban.read_text(encoding="utf-8").replace(
        "  chuc_vu: BÍ THƯ", "  chuc_vu: |-\n    K/T BÍ THƯ\n    PHÓ BÍ THƯ"), encoding="utf-8")
    r = run_build(project, "html")
    assert r.returncode == 0, r.stderr + r.stdout
    page = next(p.read_text(encoding="utf-8") for p in (project / "_build/html").glob("*.html")
                if "ket-van-ban" in p.read_text(encoding="utf-8"))
    cell = page[page.index("T/M BAN CHẤP HÀNH"):page.index("Nguyễn Trung Nghĩa")]
    assert "<p><strong>K/T BÍ THƯ</strong></p>\n<p><strong>PHÓ BÍ THƯ</strong></p>" in cell
