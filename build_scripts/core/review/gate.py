"""Nothing forgotten: a draft is not issued while a comment on an earlier draft is undecided."""

from __future__ import annotations

import re
from pathlib import Path

from build_scripts.core.review.register import FOLDER, UNDECIDED, Comment, load_register


def earlier_rounds(root: Path, n: int) -> list[int]:
    """The drafts before ``n`` that have a register of comments (``source_data/gop_y/lan-K``)."""
    base = Path(root) / FOLDER
    found = [int(m.group(1)) for p in base.glob("lan-*") if p.is_dir() and (m := re.fullmatch(r"lan-(\d+)", p.name))]
    return sorted(k for k in found if k < n)


def undecided_comments(root: Path, n: int) -> list[Comment]:
    """Every comment on a draft before ``n`` still ``chua_xu_ly`` (a register with mistakes: its error)."""
    return [c for k in earlier_rounds(root, n) for c in load_register(root, k) if c.xu_ly == UNDECIDED]


def gate_message(n: int, pending: list[Comment]) -> str:
    lines = [f"Còn {len(pending)} ý kiến góp ý chưa xử lý (xu_ly: {UNDECIDED}), nên chưa phát hành dự thảo lần {n}:"]
    for c in pending:
        where = c.muc or c.trich or "chưa xác định được vị trí"
        lines.append(f"  - {c.id} ({c.don_vi}{', ' + c.nguoi if c.nguoi else ''}) — {where} — {c.location}")
    lines.append(
        "Ghi quyết định vào 'xu_ly' (tiep_thu | tiep_thu_mot_phan | giai_trinh | khong_tiep_thu) và 'ly_do' "
        "của từng ý kiến trên, commit, rồi chạy lại 'make release'. Chưa phát hành gì."
    )
    return "\n".join(lines)
