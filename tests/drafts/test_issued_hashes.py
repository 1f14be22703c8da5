"""Issued drafts that can be proved (issue 26): `make release` records the SHA-256 of the files sent
out (the readers' PDF, without the committee's notes, and the Word file); the site shows them;
`make kiem-tra-ban N=…` rebuilds the registered commit and says whether each file matches.

One repository, built once: draft 4 issued and then made "old" (its hashes taken out of the
register, as for every draft issued before this change), draft 5 issued with a committee note
in its text.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import draft_repo
import pytest
import yaml
from conftest import nonempty, require_tool
from draft_repo import build_site, git, release

NOTE = "Chờ phòng Kinh tế gửi số liệu chính thức"
PDF5 = "bao-cao-chinh-tri-du-thao-lan-5.pdf"
DOCX5 = "bao-cao-chinh-tri-du-thao-lan-5.docx"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def register(repo: Path) -> dict[int, dict]:
    data = yaml.safe_load((repo / "source_data/ban_du_thao.yaml").read_text(encoding="utf-8"))
    return {e["so"]: e for e in data["da_phat_hanh"]}


def pdf_text(path: Path) -> str:
    pdftotext = require_tool("pdftotext", "reading the issued PDF")
    out = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    base = tmp_path_factory.mktemp("issued")
    repo = draft_repo.make_project(base / "p")
    r = release(repo, "2025-08-20")
    assert r.returncode == 0, r.stderr
    # draft 4 becomes a draft issued before the hashes were recorded
    path = repo / "source_data/ban_du_thao.yaml"
    text = path.read_text(encoding="utf-8")
    assert "ma_kiem_tra:" in text
    lines = text.splitlines(keepends=True)
    start = next(i for i, ln in enumerate(lines) if ln.strip() == "ma_kiem_tra:")
    del lines[start : start + 3]
    path.write_text("".join(lines), encoding="utf-8")
    page = repo / "docs/phan-1.md"
    page.write_text(
        page.read_text(encoding="utf-8") + f"\n:::{{ghi-chu}} Tổ biên tập\n{NOTE}.\n:::\n", encoding="utf-8"
    )
    git(repo, "commit", "-q", "-am", "Sổ cũ không ghi mã; ghi chú cho tổ biên tập")
    r = release(repo, "2025-09-15")
    assert r.returncode == 0, r.stderr
    return repo, base, r


def test_release_records_the_hash_of_each_issued_file(issued):
    repo, _, r = issued
    entries = register(repo)
    assert "ma_kiem_tra" not in entries[4]
    hashes = entries[5]["ma_kiem_tra"]
    assert set(hashes) == {"pdf", "docx"}
    # the files the release built from the issued commit, still in _build/
    pdf, docx = repo / "_build/ban-doc/pdf" / PDF5, repo / "_build/docx" / DOCX5
    assert hashes == {"pdf": sha(pdf), "docx": sha(docx)}
    assert f"{PDF5}  {hashes['pdf']}" in r.stdout and f"{DOCX5}  {hashes['docx']}" in r.stdout
    # the register entry is in the commit that records the draft, not left uncommitted
    assert git(repo, "status", "--porcelain") == ""
    assert hashes["pdf"] in git(repo, "show", "HEAD~1:source_data/ban_du_thao.yaml")


def test_the_issued_pdf_has_no_committee_note_but_the_committees_pdf_has(issued):
    repo, _, _ = issued
    text = pdf_text(repo / "_build/ban-doc/pdf" / PDF5)
    assert "tăng cường" in text  # the draft's own words: the text was read
    assert NOTE not in text
    # the committee's own PDF of the same commit does show the note (so the check above means something)
    commit = register(repo)[5]["commit"]
    tree = repo.parent / "ban-to-bien-tap"
    git(repo, "worktree", "add", "--detach", "-q", str(tree), commit)
    env = {**os.environ, "PYTHONPATH": str(tree)}
    b = subprocess.run([sys.executable, "-m", "build_scripts.cli.build", "pdf"], cwd=tree, env=env, capture_output=True)
    assert b.returncode == 0, b.stderr
    assert NOTE in pdf_text(tree / "_build/pdf" / PDF5)


def test_the_site_shows_each_hash_beside_its_draft_and_says_so_for_old_drafts(issued):
    repo, base, _ = issued
    r = build_site(repo, base / "site", base / "cache", pdf=True)
    assert r.returncode == 0, r.stderr + r.stdout
    home = (base / "site/index.html").read_text(encoding="utf-8")
    hashes = register(repo)[5]["ma_kiem_tra"]
    five, four = home.index('id="du-thao-lan-5"'), home.index('id="du-thao-lan-4"')
    block5, block4 = home[five:four], home[four:]
    # readers' edition: each download is the file sent out, its hash beside it
    assert f"{PDF5} — mã kiểm tra SHA-256 (đúng tệp đã gửi đi): <code>{hashes['pdf']}</code>" in block5
    assert f"{DOCX5} — mã kiểm tra SHA-256 (đúng tệp đã gửi đi): <code>{hashes['docx']}</code>" in block5
    assert f'href="pdf/{PDF5}"' in block5 and f'href="word/{DOCX5}"' in block5
    assert "chưa ghi mã kiểm tra" in block4 and "<code>" not in block4.split("</li>")[0]
    # the files offered for download are the ones issued: the same bytes as recorded
    assert sha(base / "site/pdf" / PDF5) == hashes["pdf"]
    assert sha(base / "site/word" / DOCX5) == hashes["docx"]
    # committee's edition: its PDF carries the notes, so it says which file was sent out; the Word
    # file (never any note) is the one sent out
    committee = (base / "site/to-bien-tap/index.html").read_text(encoding="utf-8")
    c5 = committee[committee.index('id="du-thao-lan-5"') : committee.index('id="du-thao-lan-4"')]
    assert f"{PDF5} ở đây là bản có ghi chú của tổ biên tập" in c5 and hashes["pdf"] in c5
    assert f"{DOCX5} — mã kiểm tra SHA-256 (đúng tệp đã gửi đi): <code>{hashes['docx']}</code>" in c5
    assert sha(base / "site/to-bien-tap/pdf" / PDF5) != hashes["pdf"]
    assert NOTE in pdf_text(base / "site/to-bien-tap/pdf" / PDF5)


def verify(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(repo)}
    env.pop("VERBOSE", None)
    return subprocess.run(
        [sys.executable, "-m", "build_scripts.cli.verify_draft", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )


def test_kiem_tra_ban_says_khop_for_the_untouched_draft(issued):
    repo, _, _ = issued
    r = verify(repo, "5")
    assert r.returncode == 0, r.stdout + r.stderr
    lines = nonempty([ln for ln in r.stdout.splitlines() if ln.startswith("✓")], "matching files", at_least=2)
    assert {ln.split(":")[0] for ln in lines} == {f"✓ {PDF5}", f"✓ {DOCX5}"}
    assert "mọi tệp phát hành khớp mã đã ghi" in r.stdout
    assert not list(Path(tempfile.gettempdir()).glob("kiem-tra-ban-*/wt"))  # the temporary worktree is gone
    assert "kiem-tra-ban" not in git(repo, "worktree", "list")


def test_kiem_tra_ban_detects_a_changed_record_and_says_which_file(issued, tmp_path):
    repo, _, _ = issued
    clone = tmp_path / "ban-sao"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)
    path = clone / "source_data/ban_du_thao.yaml"
    recorded = register(clone)[5]["ma_kiem_tra"]["pdf"]
    forged = "f" * 64
    path.write_text(path.read_text(encoding="utf-8").replace(recorded, forged), encoding="utf-8")
    r = verify(clone, "5")
    assert r.returncode == 1, r.stdout + r.stderr
    assert f"✗ {PDF5}: KHÔNG khớp. Sổ ghi {forged}, dựng lại ra {recorded}." in r.stdout
    assert f"✓ {DOCX5}: khớp" in r.stdout
    assert "CÓ TỆP KHÔNG KHỚP" in r.stdout


def test_kiem_tra_ban_on_an_old_draft_or_an_unknown_number_says_why_not(issued):
    repo, _, _ = issued
    old = verify(repo, "4")
    assert old.returncode == 1
    assert "Dự thảo lần 4" in old.stderr and "chưa ghi mã kiểm tra" in old.stderr, old.stderr
    unknown = verify(repo, "9")
    assert unknown.returncode == 1 and "không có dự thảo lần 9 (đã phát hành: 4, 5)" in unknown.stderr
    for r in (old, unknown):
        assert "Traceback" not in r.stderr and "lỗi không mong đợi" not in r.stderr
