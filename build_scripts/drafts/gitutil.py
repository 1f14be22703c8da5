"""Small wrappers over the git command line."""

from __future__ import annotations

import subprocess
from pathlib import Path

from build_scripts.drafts.errors import DraftError


def git(root: Path, *args: str, check: bool = True) -> str:
    """Run ``git args`` in ``root`` and return stdout (stripped)."""
    try:
        proc = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:  # pragma: no cover - git is always installed here
        raise DraftError("Không tìm thấy chương trình git. Cài git rồi chạy lại.") from exc
    if check and proc.returncode != 0:
        raise DraftError(
            f"Lệnh 'git {' '.join(args)}' thất bại trong {root}:\n{proc.stderr.strip()}"
        )
    return proc.stdout.strip()


def is_git_repo(root: Path) -> bool:
    proc = subprocess.run(
        ["git", "rev-parse", "--git-dir"], cwd=root, capture_output=True, text=True
    )
    return proc.returncode == 0


def head_commit(root: Path) -> str:
    return git(root, "rev-parse", "HEAD")


def tags_at(root: Path, commit: str) -> list[str]:
    out = git(root, "tag", "--points-at", commit)
    return [t for t in out.splitlines() if t]


def tag_exists(root: Path, tag: str) -> bool:
    return bool(git(root, "tag", "--list", tag))


def dirty_files(root: Path) -> list[str]:
    out = git(root, "status", "--porcelain", "--untracked-files=normal")
    return [line for line in out.splitlines() if line]


def show_file(root: Path, commit: str, path: str) -> str | None:
    """The text of ``path`` at ``commit``, or None if it does not exist there."""
    proc = subprocess.run(
        ["git", "show", f"{commit}:{path}"], cwd=root, capture_output=True
    )
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8")


def commit_exists(root: Path, commit: str) -> bool:
    proc = subprocess.run(
        ["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=root, capture_output=True
    )
    return proc.returncode == 0
