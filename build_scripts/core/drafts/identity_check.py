"""Refuse a build whose draft number disagrees with git tags or the register.

* If HEAD carries a tag ``du-thao-lan-M``, ``du_thao.so`` must be M.
* If the register records HEAD as draft M, ``du_thao.so`` must be M.
* If the register says draft N (the number in the data) was issued from
  another commit and HEAD is not that commit, the tree claims to be a draft
  that was already sent out with other content: bump ``du_thao.so``.
* ``du_thao.so`` is at most one more than the last draft issued (no gap: 5, then 6, not 8).

Outside a git repository (a copy without .git) only the data is checked.
"""

from __future__ import annotations

import re
from pathlib import Path

from build_scripts.core.document import VAN_BAN, DocumentInfo, read_document_info
from build_scripts.core.drafts.errors import DraftError
from build_scripts.core.drafts.gitutil import git, head_and_tags
from build_scripts.core.drafts.register import REGISTER, read_register

_TAG = re.compile(r"^du-thao-lan-(\d+)$")


def check_identity(root: Path) -> DocumentInfo:
    """Return the identity of the tree at ``root``; DraftError if inconsistent."""
    ident = read_document_info(root)
    where = f"{VAN_BAN.as_posix()}:{ident.number_location.line}"
    found = head_and_tags(root)
    if found is None:
        return ident  # not a repository, or one without commits yet
    head, tags = found
    for tag in tags:
        m = _TAG.match(tag)
        if m and int(m.group(1)) != ident.draft_number:
            raise DraftError(
                f"{where}: dữ liệu ghi dự thảo lần {ident.draft_number} nhưng commit này được gắn thẻ "
                f"'{tag}' (dự thảo lần {m.group(1)}). Sửa du_thao.so trong {VAN_BAN.as_posix()} "
                f"cho khớp, hoặc kiểm tra lại thẻ bằng 'git tag --points-at HEAD'."
            )
    issued = read_register(root)
    last = max((e.so for e in issued), default=None)
    if last is not None and ident.draft_number > last + 1:
        raise DraftError(
            f"{where}: dữ liệu ghi dự thảo lần {ident.draft_number}, nhưng lần gần nhất đã phát hành là lần {last} "
            f"(sổ {REGISTER}): số lần dự thảo không được nhảy cóc. Sửa du_thao.so thành {last + 1} "
            f"trong {VAN_BAN.as_posix()}."
        )
    for entry in issued:
        if entry.commit == head and entry.so != ident.draft_number:
            raise DraftError(
                f"{where}: dữ liệu ghi dự thảo lần {ident.draft_number} nhưng sổ {REGISTER}:{entry.line} "
                f"ghi commit này là dự thảo lần {entry.so}. Sửa du_thao.so cho khớp."
            )
        if entry.so == ident.draft_number and entry.commit != head:
            if _same_content(root, entry.commit, head):
                continue
            raise DraftError(
                f"{where}: dự thảo lần {ident.draft_number} đã phát hành ngày "
                f"{entry.ngay:%d/%m/%Y} (sổ {REGISTER}:{entry.line}, commit {entry.commit[:12]}), "
                f"nhưng nội dung hiện tại đã khác. Bản đang soạn phải là lần mới: đổi "
                f"du_thao.so thành {last + 1} trong {VAN_BAN.as_posix()}."
            )
    return ident


def _same_content(root: Path, a: str, b: str) -> bool:
    """True if commits ``a`` and ``b`` differ at most in the register file."""
    out = git(root, "diff", "--name-only", a, b, check=False)
    changed = [p for p in out.splitlines() if p and p != REGISTER.as_posix()]
    return not changed
