"""make release: issue a draft (register, tag, next number) — and refuse when it must not."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import draft_repo
import pytest
import yaml
from draft_repo import git, make_project, release

from build_scripts.core.drafts.errors import DraftError
from build_scripts.core.drafts.identity_check import check_identity
from build_scripts.core.drafts.register import read_register
from build_scripts.core.drafts.yamledit import set_scalar

REPO = Path(__file__).resolve().parents[2]


def _van_ban(repo: Path, rev: str | None = None) -> dict:
    if rev is None:
        text = (repo / "source_data/van_ban.yaml").read_text(encoding="utf-8")
    else:
        text = git(repo, "show", f"{rev}:source_data/van_ban.yaml")
    return yaml.safe_load(text)


def test_release_records_tags_and_prepares_next(tmp_path):
    repo = make_project(tmp_path / "p")
    r = release(repo, "2025-08-20")
    assert r.returncode == 0, r.stderr
    assert "Đã phát hành dự thảo lần 4" in r.stdout

    tagged = git(repo, "rev-list", "-n", "1", "du-thao-lan-4")
    entries = read_register(repo)
    assert [(e.so, e.ngay, e.commit) for e in entries] == [(4, dt.date(2025, 8, 20), tagged)]
    assert len(tagged) == 40
    # The issued commit carries its number and date; HEAD is already preparing draft 5.
    assert _van_ban(repo, "du-thao-lan-4")["du_thao"] == {
        "so": 4,
        "trang_thai": "du_thao",
        "ngay": dt.date(2025, 8, 20),
    }
    assert _van_ban(repo)["du_thao"] == {"so": 5, "trang_thai": "du_thao", "ngay": None}
    # Only the draft number's line changed between the start and HEAD; the rest (comments too) is intact.
    first = git(repo, "rev-list", "--max-parents=0", "HEAD")
    assert git(repo, "diff", "--numstat", first, "HEAD", "--", "source_data/van_ban.yaml").split()[:2] == ["1", "1"]
    assert git(repo, "status", "--porcelain") == ""
    # Three commits: issue (date), register, next draft.
    assert len(git(repo, "rev-list", "HEAD").splitlines()) == 4


def test_second_release_appends(tmp_path):
    repo = draft_repo.two_drafts(tmp_path / "p")
    entries = read_register(repo)
    assert [e.so for e in entries] == [4, 5]
    assert entries[1].commit == git(repo, "rev-list", "-n", "1", "du-thao-lan-5")
    assert entries[0].commit != entries[1].commit
    assert _van_ban(repo)["du_thao"]["so"] == 6


def test_dirty_tree_is_refused_and_nothing_changes(tmp_path):
    repo = make_project(tmp_path / "p")
    head = git(repo, "rev-parse", "HEAD")
    (repo / "docs/phan-1.md").write_text("sửa dở\n", encoding="utf-8")
    r = release(repo, "2025-08-20")
    assert r.returncode == 1
    assert "chưa commit" in r.stderr and "docs/phan-1.md" in r.stderr
    assert "Traceback" not in r.stderr
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "tag") == ""


def test_failing_check_rolls_everything_back(tmp_path):
    repo = make_project(tmp_path / "p")
    head = git(repo, "rev-parse", "HEAD")
    before = (repo / "source_data/van_ban.yaml").read_text(encoding="utf-8")
    env = {**os.environ, **draft_repo.GIT_ENV, "PYTHONPATH": str(repo)}
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "build_scripts.cli.release",
            "--ngay",
            "2025-08-20",
            "--kiem-tra",
            f"{sys.executable} -c 'import sys; sys.exit(3)'",
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1
    assert "báo lỗi (mã 3)" in r.stderr and "Chưa phát hành gì" in r.stderr
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "tag") == ""
    assert git(repo, "status", "--porcelain") == ""
    assert (repo / "source_data/van_ban.yaml").read_text(encoding="utf-8") == before
    assert read_register(repo) == []


def test_issuing_a_number_twice_is_refused(tmp_path):
    repo = make_project(tmp_path / "p")
    assert release(repo, "2025-08-20").returncode == 0
    set_scalar(repo / "source_data/van_ban.yaml", ["du_thao", "so"], "4")
    git(repo, "commit", "-qam", "nhầm số")
    r = release(repo, "2025-09-01")
    assert r.returncode == 1
    assert "dự thảo lần 4 đã phát hành" in r.stderr
    assert "source_data/van_ban.yaml:" in r.stderr  # names the line to fix
    assert [e.so for e in read_register(repo)] == [4]


def test_a_release_dated_before_the_last_one_or_in_the_future_is_refused(tmp_path):
    """NGAY=2025-08-26 was accepted after a draft issued on 2025-09-20, and a date not yet come
    too (a typo in the year or month; the site then listed the drafts out of order)."""
    repo = make_project(tmp_path / "p")
    assert release(repo, "2025-09-20").returncode == 0
    head = git(repo, "rev-parse", "HEAD")
    r = release(repo, "2025-08-26")
    assert r.returncode != 0
    assert "Ngày phát hành 26/08/2025 sớm hơn ngày đã phát hành dự thảo lần 4 (20/09/2025" in r.stderr
    assert git(repo, "rev-parse", "HEAD") == head and [e.so for e in read_register(repo)] == [4]
    assert release(repo, "2025-09-20").returncode == 0  # the same day is fine
    future = (dt.date.today() + dt.timedelta(days=4)).isoformat()
    r = release(repo, future)
    assert r.returncode != 0 and "chưa tới (hôm nay là" in r.stderr
    assert [e.so for e in read_register(repo)] == [4, 5]


def test_build_refuses_data_that_disagrees_with_its_tag(tmp_path):
    repo = make_project(tmp_path / "p")
    set_scalar(repo / "source_data/van_ban.yaml", ["du_thao", "so"], "7")
    git(repo, "commit", "-qam", "số sai")
    git(repo, "tag", "du-thao-lan-6")
    with pytest.raises(DraftError) as info:
        check_identity(repo)
    message = str(info.value)
    assert "dự thảo lần 7" in message and "du-thao-lan-6" in message
    assert "source_data/van_ban.yaml:" in message


def test_an_annotated_tag_among_others_is_checked_whatever_the_users_log_settings(tmp_path):
    """HEAD and its tags come from one git call: an annotated tag, a second tag, a user's
    setting that hides tags from logs, or a signature shown in logs must not hide the tag."""
    repo = make_project(tmp_path / "p")
    set_scalar(repo / "source_data/van_ban.yaml", ["du_thao", "so"], "7")
    git(repo, "commit", "-qam", "số sai")
    git(repo, "tag", "ban-gui-ubnd")
    git(repo, "tag", "-a", "-m", "phát hành", "du-thao-lan-6")
    git(repo, "config", "log.excludeDecoration", "refs/tags/")
    git(repo, "config", "log.showSignature", "true")
    git(repo, "config", "log.decorate", "full")
    with pytest.raises(DraftError) as info:
        check_identity(repo)
    assert "du-thao-lan-6" in str(info.value) and "dự thảo lần 7" in str(info.value)
    git(repo, "tag", "-d", "du-thao-lan-6")
    assert check_identity(repo).draft_number == 7  # the other tag is not a draft's: no objection


def test_outside_git_or_before_the_first_commit_only_the_data_is_checked(tmp_path):
    repo = make_project(tmp_path / "p")
    import shutil

    shutil.rmtree(repo / ".git")
    assert check_identity(repo).draft_number == 4  # a plain copy of the project
    git(repo, "init", "-q")
    assert check_identity(repo).draft_number == 4  # a repository with no commit yet


def test_build_refuses_changed_content_under_an_issued_number(tmp_path):
    repo = make_project(tmp_path / "p")
    assert release(repo, "2025-08-20").returncode == 0
    # Someone puts the number back to 4 and edits the text: that is not draft 4 any more.
    set_scalar(repo / "source_data/van_ban.yaml", ["du_thao", "so"], "4")
    (repo / "docs/phan-1.md").write_text("# Khác\n\nNội dung khác.\n", encoding="utf-8")
    git(repo, "commit", "-qam", "sửa")
    with pytest.raises(DraftError) as info:
        check_identity(repo)
    assert "đã phát hành ngày 20/08/2025" in str(info.value)
    assert "đổi du_thao.so thành 5" in str(info.value)
    # The issued commit itself still checks out and builds as draft 4.
    git(repo, "checkout", "-q", "du-thao-lan-4")
    assert check_identity(repo).draft_number == 4


def test_a_draft_number_may_not_skip_one(tmp_path):
    """After draft 4 is issued the next is 5: a typed 8 (or 9 after 7) was built and even released."""
    repo = make_project(tmp_path / "p")
    assert release(repo, "2025-08-20").returncode == 0
    set_scalar(repo / "source_data/van_ban.yaml", ["du_thao", "so"], "7")
    git(repo, "commit", "-qam", "nhảy cóc")
    with pytest.raises(DraftError) as info:
        check_identity(repo)
    assert "dự thảo lần 7, nhưng lần gần nhất đã phát hành là lần 4" in str(info.value)
    assert "Sửa du_thao.so thành 5" in str(info.value)
    set_scalar(repo / "source_data/van_ban.yaml", ["du_thao", "so"], "5")
    assert check_identity(repo).draft_number == 5


def test_sphinx_build_stops_on_disagreement(tmp_path):
    """The check runs inside the real build (conf.py lists build_scripts.sphinx_ext.html_theme)."""
    repo = make_project(tmp_path / "p")
    set_scalar(repo / "source_data/van_ban.yaml", ["du_thao", "so"], "7")
    git(repo, "commit", "-qam", "số sai")
    git(repo, "tag", "du-thao-lan-6")
    env = {**os.environ, "PYTHONPATH": str(repo)}
    r = subprocess.run(
        [sys.executable, "-m", "build_scripts.cli.build", "html"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert r.returncode != 0
    assert "du-thao-lan-6" in r.stderr + r.stdout
    assert "Traceback" not in r.stderr
    assert not (repo / "_build" / "html" / "index.html").exists()


def test_default_checks_are_the_projects_checks_lint_and_build(tmp_path):
    """`make release` runs `make check`, `make lint` and the HTML and PDF build, in that order; each
    is a command module of this tree (a renamed module would make the release skip or fail it)."""
    from build_scripts.cli.release import default_checks

    repo = make_project(tmp_path / "p")
    commands = [c[2:] for c in default_checks(repo)]
    assert commands == [
        ["build_scripts.cli.check"],
        ["build_scripts.cli.lint"],
        ["build_scripts.cli.build", "html", "pdf"],
    ]
    for command in commands:
        module = REPO / (command[0].replace(".", "/") + ".py")
        assert module.is_file() and 'if __name__ == "__main__":' in module.read_text(encoding="utf-8"), module


def test_yaml_edit_keeps_comments_and_adds_missing_key(tmp_path):
    path = tmp_path / "van_ban.yaml"
    path.write_text(
        "# đầu tệp\nco_quan: X  # cơ quan\ndu_thao:\n  so: 4          # lần\n  trang_thai: du_thao\nsau: 1\n",
        encoding="utf-8",
    )
    set_scalar(path, ["du_thao", "so"], "12")
    set_scalar(path, ["du_thao", "ngay"], "2025-08-20")
    assert path.read_text(encoding="utf-8") == (
        "# đầu tệp\nco_quan: X  # cơ quan\ndu_thao:\n  so: 12          # lần\n  trang_thai: du_thao\n"
        "  ngay: 2025-08-20\nsau: 1\n"
    )
    with pytest.raises(DraftError) as info:
        set_scalar(path, ["khong_co", "so"], "1")
    assert "thiếu khóa 'khong_co'" in str(info.value)
