"""Small wrappers over the git command line."""

from __future__ import annotations

import subprocess
from pathlib import Path

from build_scripts.core.drafts.errors import DraftError


def git(root: Path, *args: str, check: bool = True) -> str:
    """Run ``git args`` in ``root`` and return stdout (stripped)."""
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:  # pragma: no cover - git is always installed here
        raise DraftError("Không tìm thấy chương trình git. Cài git rồi chạy lại.") from exc
    if check and proc.returncode != 0:
        raise DraftError(f"Lệnh 'git {' '.join(args)}' thất bại trong {root}:\n{proc.stderr.strip()}")
    return proc.stdout.strip()


def head_commit(root: Path) -> str:
    return git(root, "rev-parse", "HEAD")


def head_and_tags(root: Path) -> tuple[str, list[str]] | None:
    """HEAD's commit and the tags on it, in one git call; None outside a repository or in
    one without commits yet (a build checks its draft number against them every time)."""
    try:
        proc = subprocess.run(
            # explicit options override the user's log.decorate and log.excludeDecoration settings
            [
                "git",
                "log",
                "-1",
                "--no-show-signature",
                "--decorate=short",
                "--format=%H%n%D",
                "--decorate-refs=refs/tags/",
                "HEAD",
            ],
            cwd=root,
            capture_output=True,
            text=True,
        )
    except FileNotFoundError:  # no git on the machine: a plain copy of the project
        return None
    if proc.returncode != 0:
        return None
    commit, _, refs = proc.stdout.partition("\n")
    tags = [r.removeprefix("tag: ") for r in refs.strip().split(", ") if r.startswith("tag: ")]
    return commit.strip(), tags


def tag_exists(root: Path, tag: str) -> bool:
    return bool(git(root, "tag", "--list", tag))


def dirty_files(root: Path) -> list[str]:
    out = git(root, "status", "--porcelain", "--untracked-files=normal")
    return [line for line in out.splitlines() if line]


def show_file(root: Path, commit: str, path: str) -> str | None:
    """The text of ``path`` at ``commit``, or None if it does not exist there."""
    proc = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=root, capture_output=True)
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8")


def commit_exists(root: Path, commit: str) -> bool:
    proc = subprocess.run(["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=root, capture_output=True)
    return proc.returncode == 0
