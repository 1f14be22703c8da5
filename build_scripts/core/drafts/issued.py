"""The issued files of a draft: what is sent to reviewers, without the committee's notes.

- the readers' PDF (``build pdf --ban-doc``: no {ghi-chu}, no discrepancy notes), in
  ``_build/ban-doc/pdf/``;
- the Word file (``build docx``: its writer always leaves the notes out), in ``_build/docx/``.

Both are the same bytes from the same tree (:mod:`build_scripts.core.reproducible`), so their
SHA-256, recorded in the register by ``make release``, proves later that a file is the one issued:
``make kiem-tra-ban N=…`` builds the registered commit again and compares.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from build_scripts.core.document import draft_file_stem
from build_scripts.core.drafts.errors import DraftError
from build_scripts.core.drafts.gitutil import commit_exists, git
from build_scripts.core.drafts.register import REGISTER, RegisterEntry
from build_scripts.core.reproducible import ENV, file_sha256

#: kind (the register's key) -> (build arguments, where the file lands, with {stem}), in the order shown
ISSUED = {
    "pdf": (("pdf", "--ban-doc"), "_build/ban-doc/pdf/{stem}.pdf"),
    "docx": (("docx",), "_build/docx/{stem}.docx"),
}


def issued_name(kind: str, number: int) -> str:
    """The file name of the issued ``kind`` of draft ``number`` ("bao-cao-…-lan-6.pdf")."""
    return Path(ISSUED[kind][1].format(stem=draft_file_stem(number))).name


def build_issued(tree: Path, number: int) -> dict[str, Path]:
    """Build the issued files of draft ``number`` in ``tree`` (a checkout of its commit); their paths
    by kind ("pdf", "docx"). SOURCE_DATE_EPOCH is left out: the files carry the draft's own date, whoever builds."""
    env = {k: v for k, v in os.environ.items() if k != ENV}
    env["PYTHONPATH"] = str(tree) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    stem = draft_file_stem(number)
    files = {}
    for kind, (args, out) in ISSUED.items():
        cmd = [sys.executable, "-m", "build_scripts.cli.build", *args]
        proc = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True)
        path = tree / out.format(stem=stem)
        if proc.returncode != 0 or not path.is_file():
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-20:])
            raise DraftError(
                f"Không dựng được tệp phát hành {path.name} của dự thảo lần {number} "
                f"('python -m build_scripts.cli.build {' '.join(args)}'):\n{tail}"
            )
        files[kind] = path
    return files


def issued_hashes(tree: Path, number: int) -> dict[str, str]:
    return {name: file_sha256(path) for name, path in build_issued(tree, number).items()}


@contextlib.contextmanager
def checkout(repo: Path, entry: RegisterEntry) -> Iterator[Path]:
    """The commit of ``entry`` in a temporary git worktree, removed afterwards."""
    if not commit_exists(repo, entry.commit):
        raise DraftError(
            f"{REGISTER}:{entry.line}: không tìm thấy commit {entry.commit} (dự thảo lần {entry.so}) "
            "trong kho git này. Bản sao kho có đủ lịch sử không? Thử 'git fetch --unshallow'."
        )
    with tempfile.TemporaryDirectory(prefix="kiem-tra-ban-") as tmp:
        tree = Path(tmp) / "wt"
        git(repo, "worktree", "add", "--detach", "-q", str(tree), entry.commit)
        try:
            yield tree
        finally:
            git(repo, "worktree", "remove", "--force", str(tree), check=False)
            git(repo, "worktree", "prune", check=False)
