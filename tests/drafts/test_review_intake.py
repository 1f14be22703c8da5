"""The review round (issue 25), end to end on a throw-away repository: draft 4 issued, its .docx
(built from the issued commit by the intake itself) commented by reviewers in several ways, the
comments taken in, the summary report written, the release of draft 5 held back while a comment
is undecided."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, nonempty, require_tool
from draft_repo import git, make_project, release
from review_helpers import (
    comment_on,
    drop_identity_bookmarks,
    libreoffice_copy,
    open_docx,
    paragraph_with,
    tracked_deletion,
    tracked_insertion,
)

from build_scripts.core.review.paragraph_map import draft_paragraphs
from build_scripts.core.review.register import load_register

BUILDING = "Toàn Đảng bộ có"  # the paragraphs of tests/fixtures/site_project/docs/phan-1.md
ECONOMY = "Tổng giá trị sản xuất"
CULTURE = "Công tác giáo dục, y tế"
REWRITTEN = "Người góp ý viết lại hẳn đoạn này theo cách hiểu riêng của mình về phong trào"


def _cli(repo: Path, module: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", f"build_scripts.cli.{module}", "--root", str(repo), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _intake(repo: Path, path: Path, don_vi: str) -> subprocess.CompletedProcess:
    return _cli(repo, "review_intake", "--tep", str(path), "--don-vi", don_vi)


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    """Draft 4 issued; its paragraph map and .docx (built from the issued commit)."""
    repo = make_project(tmp_path_factory.mktemp("gop-y") / "repo")
    result = release(repo, "2025-08-20")
    assert result.returncode == 0, result.stderr
    draft = draft_paragraphs(repo, 4)
    assert draft.docx is not None
    return repo, draft


def _identity(draft, words: str) -> str:
    [ident] = [i for i, p in draft.paragraphs.items() if p["van_ban"].startswith(words)]
    return ident


@pytest.fixture(scope="module")
def files(issued, tmp_path_factory):
    """The reviewers' files: Word-like (comments + tracked changes), one re-saved by LibreOffice
    before it was commented, one whose program dropped the bookmarks and where a paragraph was
    rewritten beyond recognition before being commented."""
    repo, draft = issued
    work = tmp_path_factory.mktemp("tep-gop-y")

    word = open_docx(draft.docx)
    tracked_insertion(word, CULTURE, " và văn hóa")
    tracked_deletion(word, "từng bước ")
    comment_on(word, BUILDING, "Đề nghị nêu số đảng viên kết nạp từng năm.")
    comment_on(word, ECONOMY, "Số 8,5% chưa khớp với báo cáo kinh tế.")
    word.save(work / "an-lac.docx")

    soffice = require_tool("soffice", "a reviewer's file re-saved by LibreOffice")
    rewritten = libreoffice_copy(soffice, draft.docx, work / "lo", work / "lo-profile")
    lo = open_docx(rewritten)
    comment_on(lo, ECONOMY, "Nên tách thành hai câu.", author="Lê Văn Cường")
    lo.save(work / "lo" / "hong-phong.docx")

    wps = open_docx(draft.docx)
    assert drop_identity_bookmarks(wps) >= 4
    comment_on(wps, BUILDING, "Thêm kết quả kiểm tra, giám sát.", author="Phạm Thị Dung")
    gone = paragraph_with(wps, CULTURE)
    for run in gone.runs[1:]:
        run.text = ""
    gone.runs[0].text = REWRITTEN
    comment_on(wps, REWRITTEN, "Viết lại như trên.", author="Phạm Thị Dung")
    wps.save(work / "chi-lang.docx")
    return work / "an-lac.docx", work / "lo" / "hong-phong.docx", work / "chi-lang.docx"


@pytest.fixture(scope="module")
def taken_in(issued, files):
    repo, _ = issued
    outputs = [
        _intake(repo, files[0], "Chi bộ thôn An Lạc"),
        _intake(repo, files[1], "Chi bộ thôn Hồng Phong"),
        _intake(repo, files[2], "Chi bộ Chi Lăng"),
    ]
    for result in outputs:
        assert result.returncode == 0, result.stderr + result.stdout
    return outputs


def _records(repo: Path, name: str) -> list[dict]:
    path = repo / "source_data/gop_y/lan-4" / name
    return yaml.safe_load(path.read_text(encoding="utf-8"))["y_kien"]


def test_comments_and_changes_land_on_their_paragraphs(issued, taken_in):
    repo, draft = issued
    records = nonempty(_records(repo, "chi-bo-thon-an-lac.yaml"), "records of An Lạc", 4)
    by_content = {r["noi_dung"]: r for r in records}
    expected = {
        "Đề nghị nêu số đảng viên kết nạp từng năm.": BUILDING,
        "Số 8,5% chưa khớp với báo cáo kinh tế.": ECONOMY,
        "thêm: và văn hóa": CULTURE,
        "bỏ: từng bước": BUILDING,
    }
    assert sorted(by_content) == sorted(expected)
    for content, words in expected.items():
        record = by_content[content]
        ident = _identity(draft, words)
        assert (record["doan_van"], record["neo"], record["xu_ly"]) == (ident, "ma_doan_van", "chua_xu_ly")
        assert draft.paragraphs[ident]["tep"] == "docs/phan-1.md"
        assert record["don_vi"] == "Chi bộ thôn An Lạc" and record["nguoi"] == "Trần Thị Bình"
    assert by_content["bỏ: từng bước"]["trich"] == "từng bước"
    assert by_content["thêm: và văn hóa"]["trich"] == CULTURE  # the words before the insertion
    assert [r["id"] for r in records] == ["GY-4-001", "GY-4-002", "GY-4-003", "GY-4-004"]
    assert "xác định vị trí theo mã đoạn văn: 4" in taken_in[0].stdout


def test_a_file_resaved_by_libreoffice_still_maps(issued, taken_in):
    repo, draft = issued
    [record] = _records(repo, "chi-bo-thon-hong-phong.yaml")
    assert record["doan_van"] == _identity(draft, ECONOMY)
    assert record["neo"] in ("ma_doan_van", "van_ban")
    assert record["nguoi"] == "Lê Văn Cường" and record["id"] == "GY-4-005"


def test_without_bookmarks_by_text_and_a_rewritten_paragraph_unplaced(issued, taken_in):
    repo, draft = issued
    records = nonempty(_records(repo, "chi-bo-chi-lang.yaml"), "records of Chi Lăng", 2)
    placed = next(r for r in records if r["noi_dung"].startswith("Thêm kết quả"))
    assert (placed["doan_van"], placed["neo"]) == (_identity(draft, BUILDING), "van_ban")
    lost = next(r for r in records if r["noi_dung"] == "Viết lại như trên.")
    assert lost["doan_van"] is None and lost["neo"] == "chua_xac_dinh"
    assert lost["trich"] == REWRITTEN
    assert lost["muc"] == "Văn hóa, xã hội"  # the heading above it in the file, to help place it by hand
    assert "chưa xác định được vị trí" in lost["nguon"]
    out = taken_in[2].stdout
    assert "theo nội dung đoạn văn: 1" in out and "chưa xác định được vị trí: 1" in out


def test_a_second_intake_adds_nothing(issued, taken_in, files):
    repo, _ = issued
    before = {p.name: p.read_text(encoding="utf-8") for p in (repo / "source_data/gop_y/lan-4").glob("*.yaml")}
    again = _intake(repo, files[0], "Chi bộ thôn An Lạc")
    assert again.returncode == 0, again.stderr
    assert "không thêm lại: 4" in again.stdout and "Không có gì mới" in again.stdout
    after = {p.name: p.read_text(encoding="utf-8") for p in (repo / "source_data/gop_y/lan-4").glob("*.yaml")}
    assert after == before


def test_a_draft_never_issued_is_refused(issued, files, tmp_path):
    repo, _ = issued
    doc = open_docx(files[0])
    doc.core_properties.subject = "Dự thảo lần 9"
    doc.save(tmp_path / "lan-9.docx")
    result = _intake(repo, tmp_path / "lan-9.docx", "Chi bộ thôn An Lạc")
    assert result.returncode != 0
    assert "Dự thảo lần 9 chưa từng được phát hành" in result.stderr and "Traceback" not in result.stderr
    assert not (repo / "source_data/gop_y/lan-9").exists()


def test_report_lists_every_comment_once_in_document_order(issued, taken_in):
    repo, draft = issued
    result = _cli(repo, "review_summary")
    assert result.returncode == 0, result.stderr
    comments = load_register(repo, 4, draft.paragraphs)
    assert len(comments) == 7
    assert "Tổng số 7 ý kiến của 3 đơn vị, cá nhân: chưa xử lý 7." in result.stdout
    page = (repo / "_build/gop-y/tong-hop-gop-y-du-thao-lan-4.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="(GY-4-\d+)">', page)
    assert sorted(rows) == sorted(c.id for c in comments)  # each once
    # document order: the paragraphs of "Công tác xây dựng Đảng" before "Phát triển kinh tế", unplaced last
    order = list(draft.paragraphs)
    placed = {c.id: order.index(c.doan_van) for c in comments if c.doan_van}
    ranks = [placed.get(r, len(order)) for r in rows]
    assert ranks == sorted(ranks) and ranks[-1] == len(order)
    ident = _identity(draft, ECONOMY)
    assert f'href="../du-thao-lan-4/phan-1.html#{ident}"' in page
    assert page.count("chưa xử lý") >= 7 and "http://" not in page and "https://" not in page
    pdf = repo / "_build/gop-y/tong-hop-gop-y-du-thao-lan-4.pdf"
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        text = " ".join((page.extract_text() or "") for page in doc.pages)
        table = [row for page in doc.pages for t in page.extract_tables() for row in t]
    flat = " ".join(text.split())
    assert "BÁO CÁO" in flat and "Tổng hợp, tiếp thu, giải trình ý kiến góp ý vào Dự thảo lần 4" in flat
    assert "DỰ THẢO" not in flat.replace("Dự thảo lần 4", "")  # no watermark: this is no draft
    cells = [[" ".join((cell or "").split()) for cell in row] for row in table]
    assert cells[0] == ["STT", "Vị trí trong dự thảo", "Nội dung góp ý", "Đơn vị góp ý", "Tiếp thu, giải trình"]
    cells = [cells[0]] + [row for row in cells[1:] if row != cells[0]]  # the header repeats on each page
    assert [row[0] for row in cells[1:]] == [str(i) for i in range(1, 8)]
    by_row = {rows[i]: cells[1 + i] for i in range(len(rows))}
    for c in comments:
        row = by_row[c.id]
        assert row[2].endswith(c.noi_dung) and row[4] == "chưa xử lý" and row[3].startswith(c.don_vi), row


def test_decisions_counted_and_release_held_back_until_all_decided(issued, taken_in):
    repo, draft = issued
    path = repo / "source_data/gop_y/lan-4/chi-bo-thon-an-lac.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("xu_ly: chua_xu_ly\n    ly_do: ''", "xu_ly: tiep_thu\n    ly_do: Đã sửa ở dự thảo lần 5.", 2)
    path.write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Ghi góp ý vào dự thảo lần 4")
    result = _cli(repo, "review_summary", "--bo-pdf")
    assert "tiếp thu 2; chưa xử lý 5" in result.stdout, result.stdout + result.stderr

    refused = release(repo, "2025-09-01")
    assert refused.returncode != 0
    pending = [c for c in load_register(repo, 4) if c.xu_ly == "chua_xu_ly"]
    assert len(pending) == 5
    for c in pending:
        assert c.id in refused.stderr and c.don_vi in refused.stderr
    assert "Văn hóa, xã hội" in refused.stderr  # the place of one of them
    assert "Chưa phát hành gì" in refused.stderr
    assert git(repo, "tag", "--list", "du-thao-lan-5") == ""

    for p in (repo / "source_data/gop_y/lan-4").glob("*.yaml"):
        p.write_text(
            p.read_text(encoding="utf-8").replace(
                "xu_ly: chua_xu_ly\n    ly_do: ''", "xu_ly: giai_trinh\n    ly_do: Giữ như dự thảo."
            ),
            encoding="utf-8",
        )
    git(repo, "commit", "-q", "-am", "Quyết định mọi góp ý")
    accepted = release(repo, "2025-09-01")
    assert accepted.returncode == 0, accepted.stderr
    assert git(repo, "tag", "--list", "du-thao-lan-5") == "du-thao-lan-5"
