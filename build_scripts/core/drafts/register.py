"""The register of issued drafts: ``source_data/ban_du_thao.yaml``.

One entry per issued draft: ``so`` (N), ``ngay`` (date), ``commit`` (the
full hash it was issued from) and ``ma_kiem_tra`` (the SHA-256 of each issued file by kind: ``pdf``, the
readers' PDF, and ``docx``, the Word file; drafts issued before it was recorded have none). Written by ``make release``; the site builder
works from it (tags do not always travel with a copy of the repository).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from build_scripts.core.drafts.errors import DraftError
from build_scripts.core.drafts.yamledit import parse_with_nodes

REGISTER = Path("source_data") / "ban_du_thao.yaml"
KEY = "da_phat_hanh"
HEADER = """\
# Sổ các bản dự thảo đã phát hành. Lệnh `make release` ghi vào đây; không sửa tay.
# Mỗi mục: so (lần dự thảo), ngay (ngày phát hành), commit (mã commit đầy đủ đã dùng để dựng),
# ma_kiem_tra (mã SHA-256 của từng tệp đã gửi đi; kiểm lại bằng `make kiem-tra-ban N=…`).
"""
_HASH = re.compile(r"^[0-9a-f]{40}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
HASHES = "ma_kiem_tra"


@dataclass(frozen=True)
class RegisterEntry:
    so: int
    ngay: dt.date
    commit: str
    line: int = 0
    #: (kind: pdf, docx; SHA-256) of each issued file; empty for drafts issued before they were recorded
    ma_kiem_tra: tuple[tuple[str, str], ...] = ()


def parse_register(text: str, path: Path = REGISTER) -> list[RegisterEntry]:
    root, data = parse_with_nodes(text, path)
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get(KEY, []), list):
        raise DraftError(f"{path}: phải có dạng '{KEY}:' theo sau là danh sách các bản dự thảo.")
    items = data.get(KEY) or []
    nodes = []
    for k, v in root.value:
        if k.value == KEY and isinstance(v, yaml.SequenceNode):
            nodes = v.value
    entries: list[RegisterEntry] = []
    seen: dict[int, int] = {}
    for i, item in enumerate(items):
        line = nodes[i].start_mark.line + 1 if i < len(nodes) else 0
        where = f"{path}:{line}"
        if not isinstance(item, dict):
            raise DraftError(f"{where}: mỗi mục cần so, ngay, commit.")
        so, ngay, commit = item.get("so"), item.get("ngay"), item.get("commit")
        if not isinstance(so, int) or isinstance(so, bool) or so < 1:
            raise DraftError(f"{where}: 'so' phải là số nguyên dương, đang là {so!r}.")
        if not isinstance(ngay, dt.date):
            raise DraftError(f"{where}: 'ngay' phải là ngày dạng YYYY-MM-DD, đang là {ngay!r}.")
        if not isinstance(commit, str) or not _HASH.match(commit):
            raise DraftError(f"{where}: 'commit' phải là mã commit đầy đủ (40 ký tự 0-9a-f), đang là {commit!r}.")
        hashes = item.get(HASHES) or {}
        if not isinstance(hashes, dict) or not all(
            isinstance(k, str) and re.match(r"^[a-z0-9_]+$", k) and isinstance(v, str) and _SHA256.match(v)
            for k, v in hashes.items()
        ):
            raise DraftError(
                f"{where}: '{HASHES}' phải ghi mỗi tệp một dòng 'pdf: mã' hoặc 'docx: mã' (mã SHA-256, 64 ký tự 0-9a-f). "
                "Mục này do `make release` ghi: lấy lại bản đúng bằng 'git checkout -- source_data/ban_du_thao.yaml'."
            )
        if so in seen:
            raise DraftError(f"{where}: dự thảo lần {so} đã ghi ở dòng {seen[so]}.")
        seen[so] = line
        entries.append(RegisterEntry(so=so, ngay=ngay, commit=commit, line=line, ma_kiem_tra=tuple(hashes.items())))
    return sorted(entries, key=lambda e: e.so)


def read_register(root: Path) -> list[RegisterEntry]:
    path = root / REGISTER
    if not path.is_file():
        return []
    return parse_register(path.read_text(encoding="utf-8"), REGISTER)


def render_register(entries: list[RegisterEntry]) -> str:
    out = [HEADER]
    if not entries:
        out.append(f"{KEY}: []\n")
        return "".join(out)
    out.append(f"{KEY}:\n")
    for e in sorted(entries, key=lambda e: e.so):
        out.append(f"  - so: {e.so}\n    ngay: {e.ngay.isoformat()}\n    commit: {e.commit}\n")
        if e.ma_kiem_tra:
            out.append(f"    {HASHES}:\n" + "".join(f'      {kind}: "{sha}"\n' for kind, sha in e.ma_kiem_tra))
    return "".join(out)


def write_register(root: Path, entries: list[RegisterEntry]) -> None:
    (root / REGISTER).write_text(render_register(entries), encoding="utf-8")
