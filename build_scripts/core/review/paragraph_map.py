"""The paragraphs of an issued draft: identity -> file, line, heading, its number, text.

Built, not kept: draft N's commit (the register ``ban_du_thao.yaml``) is checked out into a
temporary git worktree and its .docx built there with that commit's own code
(``python -m build_scripts.cli.build docx``), which writes ``doan-van.json`` beside it. Why
this rather than storing the map of each draft at release: the map must be the one of the .docx
that went out (same text, same code, so the same identities), the commit already fixes both, and
a generated file in git could be edited or go stale; a build of one draft takes seconds and is
cached by commit hash in ``_build/gop-y/ban-du-thao/<commit>/`` (with the .docx itself, which
is what the reviewers were sent).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from build_scripts.core.document import draft_file_stem
from build_scripts.core.drafts.gitutil import commit_exists, git
from build_scripts.core.drafts.register import REGISTER, RegisterEntry, read_register
from build_scripts.core.messages import UserError

MAP_FILE = "doan-van.json"
CACHE = Path("_build") / "gop-y" / "ban-du-thao"


class NoWordEdition(UserError):
    """The draft was issued before `make docx` existed: it has no paragraph identities."""


@dataclass(frozen=True)
class DraftParagraphs:
    number: int
    commit: str
    #: identity -> {"tep", "dong", "muc", "so_muc", "van_ban"}, in reading order
    paragraphs: dict
    docx: Path | None = None


def issued_entry(root: Path, n: int) -> RegisterEntry:
    """Draft ``n``'s entry in the register; a draft never issued is refused."""
    register = read_register(root)
    for entry in register:
        if entry.so == n:
            return entry
    issued = ", ".join(str(e.so) for e in register) or "chưa có lần nào"
    raise UserError(
        f"Dự thảo lần {n} chưa từng được phát hành (sổ {REGISTER} ghi: {issued}).",
        None,
        "Góp ý chỉ nhận cho bản dự thảo đã phát hành (`make release`). Kiểm tra lại tệp nhận được là của lần nào.",
    )


def draft_paragraphs(root: Path, n: int, cache: Path | None = None) -> DraftParagraphs:
    """The map of issued draft ``n`` (see the module's docstring)."""
    root = Path(root).resolve()
    entry = issued_entry(root, n)
    target = Path(cache or root / CACHE) / entry.commit
    mapping = target / MAP_FILE
    if not mapping.is_file():
        _build(root, entry, target)
    docx = target / f"{draft_file_stem(n)}.docx"
    return DraftParagraphs(
        n, entry.commit, json.loads(mapping.read_text(encoding="utf-8")), docx if docx.is_file() else None
    )


def _build(root: Path, entry: RegisterEntry, target: Path) -> None:
    if not commit_exists(root, entry.commit):
        raise UserError(
            f"Không tìm thấy commit {entry.commit} của dự thảo lần {entry.so} ({REGISTER}:{entry.line}).",
            None,
            "Bản sao kho cần đủ lịch sử: chạy 'git fetch --unshallow' rồi chạy lại.",
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gop-y-wt-") as tmp:
        tree = Path(tmp) / "wt"
        git(root, "worktree", "add", "--detach", "-q", str(tree), entry.commit)
        try:
            if not (tree / "build_scripts" / "docx").is_dir():
                raise NoWordEdition(
                    f"Dự thảo lần {entry.so} phát hành trước khi có bản Word (`make docx`): không có bản đồ "
                    "đoạn văn để đối chiếu góp ý.",
                    None,
                    "Góp ý vào lần này ghi tay, không ghi 'doan_van:' (để null) mà ghi 'muc:' và 'trich:'.",
                )
            env = {**os.environ, "PYTHONPATH": str(tree)}
            proc = subprocess.run(
                [sys.executable, "-m", "build_scripts.cli.build", "docx"],
                cwd=tree,
                env=env,
                capture_output=True,
                text=True,
                timeout=1800,
            )
            built = tree / "_build" / "docx"
            if proc.returncode != 0 or not (built / MAP_FILE).is_file():
                tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
                raise UserError(
                    f"Dựng bản Word của dự thảo lần {entry.so} (commit {entry.commit[:12]}) không thành công:\n{tail}",
                    None,
                    "Báo cho người phụ trách kỹ thuật, kèm thông báo này.",
                )
            staging = Path(tempfile.mkdtemp(prefix=f".{entry.commit}-", dir=target.parent))
            try:
                for path in built.iterdir():
                    if path.suffix in (".docx", ".json"):
                        shutil.copy2(path, staging / path.name)
                if not target.exists():  # another run may have built it meanwhile
                    os.replace(staging, target)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        finally:
            git(root, "worktree", "remove", "--force", str(tree), check=False)
            git(root, "worktree", "prune", check=False)


def page_of(paragraph: dict) -> str | None:
    """The HTML page of a paragraph of the map ('docs/phan-1.md' -> 'phan-1.html')."""
    source = str(paragraph.get("tep") or "")
    if not source.startswith("docs/") or not source.endswith(".md"):
        return None
    return source[len("docs/") : -len(".md")] + ".html"
