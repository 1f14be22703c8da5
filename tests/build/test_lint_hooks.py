"""The commit hook (`make hooks`): a commit that adds a new typo is refused with the lint message;
a clean commit goes through. Runs pre-commit with local hooks only: nothing is fetched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import require_tool
from lint_helpers import REPO, require_dictionary

VENV = Path(sys.executable).parent.parent


def git(repo: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-c", "user.name=Tổ biên tập", "-c", "user.email=bt@example.invalid", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_commit_hook_refuses_a_new_typo_and_accepts_a_clean_change(tmp_path):
    require_tool("git")
    require_dictionary()
    repo = tmp_path / "bao-cao"
    for d in ("docs", "source_data", "templates", "build_scripts"):
        shutil.copytree(REPO / d, repo / d, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / ".pre-commit-config.yaml", repo)
    (repo / ".venv").symlink_to(VENV)
    env = {**os.environ, "HOME": str(tmp_path / "home"), "PRE_COMMIT_HOME": str(tmp_path / "pc-cache")}
    env.pop("VERBOSE", None)
    assert git(repo, "init", "-q", env=env).returncode == 0
    assert git(repo, "add", "-A", env=env).returncode == 0
    assert git(repo, "commit", "-qm", "dự thảo lần 4", "--no-verify", env=env).returncode == 0
    install = subprocess.run(
        [str(VENV / "bin/pre-commit"), "install"], cwd=repo, env=env, capture_output=True, text=True, timeout=300
    )
    assert install.returncode == 0, install.stdout + install.stderr

    doc = repo / "docs/phan-thu-hai/b-quan-diem-phat-trien.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nViệc xắp xếp bộ máy.\n", encoding="utf-8")
    git(repo, "add", "-A", env=env)
    refused = git(repo, "commit", "-m", "thêm câu", env=env)
    assert refused.returncode != 0
    out = refused.stdout + refused.stderr
    assert "docs/phan-thu-hai/b-quan-diem-phat-trien.md:" in out and "[thuat-ngu] “xắp xếp”" in out
    assert git(repo, "log", "--oneline", env=env).stdout.count("\n") == 1

    doc.write_text(doc.read_text(encoding="utf-8").replace("xắp xếp", "sắp xếp"), encoding="utf-8")
    git(repo, "add", "-A", env=env)
    ok = git(repo, "commit", "-m", "thêm câu", env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert git(repo, "log", "--oneline", env=env).stdout.count("\n") == 2
