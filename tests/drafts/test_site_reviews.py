"""The review round on the site: the "tổng hợp, tiếp thu, giải trình" report of draft N in the
committee's edition, linked from its home page and from the redline N → N+1, whose changed
sections name the comments on them; nothing of it in the readers' edition."""

from __future__ import annotations

from pathlib import Path

import draft_repo
import pytest
from conftest import nonempty

REGISTER = """\
y_kien:
  - id: GY-4-001
    don_vi: Chi bộ thôn An Lạc
    ngay: 2025-08-25
    doan_van: null
    muc: "Công tác xây dựng Đảng"
    trich: "được tăng cường"
    noi_dung: "Đề nghị viết mạnh hơn: đẩy mạnh."
    xu_ly: tiep_thu
    ly_do: ""
  - id: GY-4-002
    don_vi: Chi bộ thôn An Lạc
    ngay: 2025-08-25
    doan_van: null
    muc: "Phát triển kinh tế"
    trich: "nông thôn mới nâng cao"
    noi_dung: "Đề nghị giữ nguyên."
    xu_ly: giai_trinh
    ly_do: "Tổ biên tập giữ nguyên như đề nghị."
  - id: GY-4-003
    don_vi: Đảng ủy Quân sự xã
    ngay: 2025-08-26
    doan_van: null
    muc: "Văn hóa, xã hội"
    trich: "có nhiều chuyển biến"
    noi_dung: "Đề nghị bỏ chữ thừa."
    xu_ly: tiep_thu
    ly_do: ""
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("gop-y-site")
    repo = draft_repo.two_drafts(base / "p")
    folder = repo / "source_data/gop_y/lan-4"
    folder.mkdir(parents=True)
    (folder / "chi-bo-an-lac.yaml").write_text(REGISTER, encoding="utf-8")
    r = draft_repo.build_site(repo, base / "site", base / "cache")
    assert r.returncode == 0, r.stderr + r.stdout
    return base / "site"


def test_the_committees_home_links_the_report_from_draft_4_and_draft_5(site):
    home = (site / "to-bien-tap/index.html").read_text(encoding="utf-8")
    five, four = home.index('id="du-thao-lan-5"'), home.index('id="du-thao-lan-4"')
    link = 'href="gop-y/tong-hop-gop-y-du-thao-lan-4.html"'
    assert link in home[four:] and "Góp ý vào lần 4: tổng hợp, tiếp thu, giải trình" in home[four:]
    assert link in home[five:four] and "Góp ý vào lần 4 đã xử lý thế nào" in home[five:four]
    report = (site / "to-bien-tap/gop-y/tong-hop-gop-y-du-thao-lan-4.html").read_text(encoding="utf-8")
    assert all(f"GY-4-00{i}" in report for i in (1, 2, 3)) and "Chi bộ thôn An Lạc" in report


def test_the_committees_redline_names_the_comments_on_each_changed_section(site):
    page = (site / "to-bien-tap/so-sanh/du-thao-lan-4-voi-lan-5.html").read_text(encoding="utf-8")
    assert 'href="../gop-y/tong-hop-gop-y-du-thao-lan-4.html"' in page
    why = "Góp ý vào dự thảo lần 4 ở mục này: GY-4-001 (Chi bộ thôn An Lạc: tiếp thu)"
    assert page.count(why) == 1, page[:3000]
    assert "Công tác xây dựng Đảng" in page[page.rindex("<section", 0, page.index(why)) : page.index(why)]
    other = "Góp ý vào dự thảo lần 4 ở mục này: GY-4-003 (Đảng ủy Quân sự xã: tiếp thu)"
    assert "Văn hóa, xã hội" in page[page.rindex("<section", 0, page.index(other)) : page.index(other)]
    # "Phát triển kinh tế" did not change between the drafts: its comment is not a reason for a change
    assert "GY-4-002" not in page


def test_nothing_of_the_review_reaches_the_readers(site):
    readers = [p for p in site.rglob("*") if p.is_file() and "to-bien-tap" not in p.relative_to(site).parts]
    for path in nonempty(readers, "files of the readers' edition", 10):
        data = path.read_bytes()
        for word in ("GY-4-", "An Lạc", "Quân sự xã", "tong-hop-gop-y"):
            assert word.encode() not in data, (path, word)
    assert not (site / "gop-y").exists()


def test_a_site_without_comments_has_no_review_links(tmp_path):
    repo = draft_repo.two_drafts(tmp_path / "p")
    r = draft_repo.build_site(repo, tmp_path / "site", tmp_path / "cache")
    assert r.returncode == 0, r.stderr
    home = (tmp_path / "site/to-bien-tap/index.html").read_text(encoding="utf-8")
    assert "gop-y/tong-hop" not in home
    assert not list(Path(tmp_path / "site/to-bien-tap/gop-y").glob("*.html"))
