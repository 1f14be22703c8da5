"""Helpers for the lint tests: a small project with the repo's lint lists, and lint on a string."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DICTIONARY = Path("/usr/share/hunspell/vi_VN.dic")


def require_dictionary() -> None:
    """hunspell-vi is a Debian package (.ci/apt-packages.txt); CI must have it."""
    from conftest import missing

    if not DICTIONARY.exists():
        missing(f"the Debian package hunspell-vi ({DICTIONARY}; apt-get install hunspell-vi)")


def lint_project(tmp_path: Path, files: dict[str, str], baseline: bool = False) -> Path:
    """A project in tmp_path with the given files and the repo's source_data/lint lists."""
    root = tmp_path / "proj"
    (root / "source_data").mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "source_data/lint", root / "source_data/lint", dirs_exist_ok=True)
    if not baseline:
        (root / "source_data/lint/baseline.yaml").unlink(missing_ok=True)
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


def lint_text(tmp_path: Path, text: str, name: str = "docs/a.md"):
    from build_scripts.core.lint.runner import lint_files

    root = lint_project(tmp_path, {name: text})
    return lint_files(root, [root / name])
