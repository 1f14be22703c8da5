"""Helpers for the draft tests: a throw-away git repository holding the project's
code and the tiny fixture report in tests/fixtures/site_project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from build_scripts.core.drafts.yamledit import set_scalar

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "site_project"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Văn phòng Đảng ủy",
    "GIT_AUTHOR_EMAIL": "vpdu@example.invalid",
    "GIT_COMMITTER_NAME": "Văn phòng Đảng ủy",
    "GIT_COMMITTER_EMAIL": "vpdu@example.invalid",
}
# The release tool runs these instead of the project's checks (which know the real report).
PASSING_CHECK = f"{sys.executable} -c pass"


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout.strip()


def make_project(dest: Path) -> Path:
    """A git repository at ``dest``: project code + fixture report, one commit."""
    dest.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_build")
    shutil.copytree(ROOT / "build_scripts", dest / "build_scripts", ignore=ignore)
    shutil.copytree(ROOT / "templates", dest / "templates", ignore=ignore)
    for name in ("conf.py", "Makefile", "requirements.txt", "requirements.in"):
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, dest / name)
    if not (dest / "conf.py").exists():
        shutil.copy2(FIXTURE / "conf.py", dest / "conf.py")
    conf = (dest / "conf.py").read_text(encoding="utf-8")
    if "build_scripts.sphinx_ext.html_theme" not in conf:
        # What the project's conf.py is to list (see the report to the lead): the site's theme + search.
        conf += '\nextensions.append("build_scripts.sphinx_ext.html_theme")\n'
        (dest / "conf.py").write_text(conf, encoding="utf-8")
    shutil.copytree(FIXTURE / "docs", dest / "docs")
    shutil.copytree(FIXTURE / "source_data", dest / "source_data")
    # The project's own van_ban.yaml (so the fixture has every key today's code expects), as draft 4.
    shutil.copy2(ROOT / "source_data" / "van_ban.yaml", dest / "source_data" / "van_ban.yaml")
    set_scalar(dest / "source_data" / "van_ban.yaml", ["du_thao", "so"], "4")
    set_scalar(dest / "source_data" / "van_ban.yaml", ["du_thao", "ngay"], "null")
    (dest / ".gitignore").write_text("_build/\n__pycache__/\n*.pyc\n", encoding="utf-8")
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "Bản mẫu thử")
    return dest


def release(repo: Path, ngay: str, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_ENV, "PYTHONPATH": str(repo)}
    return subprocess.run(
        [sys.executable, "-m", "build_scripts.cli.release", "--ngay", ngay, "--kiem-tra", PASSING_CHECK, *extra],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )


def edit(repo: Path, rel: str, old: str, new: str, message: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    git(repo, "commit", "-q", "-am", message)


def two_drafts(dest: Path) -> Path:
    """Drafts 4 and 5 issued; between them one number and some words changed."""
    repo = make_project(dest)
    r = release(repo, "2025-08-20")
    assert r.returncode == 0, r.stderr
    edit(repo, "source_data/dang_bo.yaml", "gia_tri: 1361", "gia_tri: 1365", "Sửa số đảng viên")
    edit(repo, "docs/phan-1.md", "được tăng cường", "được đẩy mạnh", "Sửa câu chữ")
    edit(repo, "docs/phan-1.md", " có nhiều chuyển biến tích cực", " chuyển biến tích cực", "Bỏ chữ thừa")
    r = release(repo, "2025-09-15")
    assert r.returncode == 0, r.stderr
    return repo


def build_site(repo: Path, out: Path, cache: Path, pdf: bool = False) -> subprocess.CompletedProcess:
    """``make site`` on ``repo`` as a user runs it (HTML only unless ``pdf``)."""
    env = {**os.environ, "PYTHONPATH": str(repo)}
    cmd = [sys.executable, "-m", "build_scripts.cli.site", "--out", str(out), "--cache", str(cache)]
    if not pdf:
        cmd.append("--bo-pdf")
    return subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=900)


PROSE_SECTION = """
## Chi bộ và đảng viên

{% import "macros/so_lieu_thu.j2" as m %}
Số chi bộ: {{ m.dong(dang_bo.so_chi_bo) }}; kết nạp mới: {{ m.dong(dang_bo.ket_nap_moi) }}.[^nguon]

- Chi bộ nông thôn sinh hoạt đều đặn.
- Chi bộ nhà trường được khen thưởng.

| Chỉ tiêu | Kết quả |
|---|---|
| Đảng viên | {{ dang_bo.so_dang_vien | dv }} |

[^nguon]: Theo báo cáo của Ban Tổ chức năm 2025.
"""


def prose_drafts(dest: Path) -> Path:
    """Drafts 4 and 5 of a report with a macro, a footnote, a list and a table. Between them:
    two numbers (one printed through the macro), a phrase, two words, the footnote's text and
    the macro's own wording changed."""
    repo = make_project(dest)
    (repo / "templates/macros/so_lieu_thu.j2").write_text(
        "{% macro dong(q) %}{{ q | dv }}{% endmacro %}\n", encoding="utf-8"
    )
    with (repo / "docs/phan-1.md").open("a", encoding="utf-8") as f:
        f.write(PROSE_SECTION)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Thêm mục chi bộ")
    r = release(repo, "2025-08-20")
    assert r.returncode == 0, r.stderr
    edit(repo, "source_data/dang_bo.yaml", "gia_tri: 1361", "gia_tri: 1365", "Sửa số đảng viên")
    edit(repo, "source_data/dang_bo.yaml", "gia_tri: 95", "gia_tri: 96", "Sửa số kết nạp")
    edit(repo, "docs/phan-1.md", "được tăng cường", "được đẩy mạnh", "Sửa câu chữ")
    edit(repo, "docs/phan-1.md", " có nhiều chuyển biến tích cực", " chuyển biến tích cực", "Bỏ chữ thừa")
    edit(repo, "docs/phan-1.md", "Ban Tổ chức năm 2025", "Ban Tổ chức tháng 6/2025", "Sửa chú thích")
    edit(repo, "templates/macros/so_lieu_thu.j2", "{{ q | dv }}", "{{ q | dv }} (đã rà soát)", "Sửa mẫu")
    r = release(repo, "2025-09-15")
    assert r.returncode == 0, r.stderr
    return repo


#: committee notes of the drafts in :func:`drafts_with_notes` (each with a word found nowhere else)
NOTE_4 = "Số hộ nghèo chờ phòng Kinh tế xác nhận, mã zqxbonnotbon."
NOTE_5 = "Đồng chí Trịnh Quang Zxyvien góp ý: viết lại câu này, mã zqxnamnotnam."
NOTE_WORDS = ("zqxbonnotbon", "zqxnamnotnam", "zxyvien")


def drafts_with_notes(dest: Path) -> Path:
    """Drafts 4 and 5, each with a committee note; draft 4 issued with code as it was before the
    two editions (issue 28): its own build printed the notes even in the readers' edition."""
    repo = make_project(dest)
    notes = repo / "build_scripts/sphinx_ext/committee_notes.py"
    code = notes.read_text(encoding="utf-8")
    old = code.replace("if report_settings(self.config).readers_edition:", "if False:", 1)
    old = old.replace('    app.connect("doctree-read", drop_notes_for_readers)\n', "", 1)
    assert old.count("if False:") == 1 and "drop_notes_for_readers)" not in old
    notes.write_text(old, encoding="utf-8")
    part = repo / "docs/phan-1.md"
    text = part.read_text(encoding="utf-8")
    part.write_text(
        text.replace("## Phát triển kinh tế", f":::{{ghi-chu}} Số liệu\n{NOTE_4}\n:::\n\n## Phát triển kinh tế", 1),
        encoding="utf-8",
    )
    git(repo, "commit", "-qam", "Mã cũ, ghi chú")
    r = release(repo, "2025-08-20")
    assert r.returncode == 0, r.stderr
    notes.write_text(code, encoding="utf-8")
    git(repo, "commit", "-qam", "Mã mới")
    edit(repo, "docs/phan-1.md", NOTE_4, NOTE_5, "Ghi chú khác")
    edit(repo, "docs/phan-1.md", "được tăng cường", "được đẩy mạnh", "Sửa câu chữ")
    r = release(repo, "2025-09-15")
    assert r.returncode == 0, r.stderr
    return repo
