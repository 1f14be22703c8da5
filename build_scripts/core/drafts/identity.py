"""The identity of the draft being built: number, status and date.

Read from ``source_data/van_ban.yaml``::

    du_thao:
      so: 4                 # draft number N ("Dự thảo lần N")
      trang_thai: du_thao   # du_thao | chinh_thuc
      ngay: 2025-08-20      # date the draft was issued (null until issued)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from build_scripts.core.drafts.errors import DraftError
from build_scripts.core.drafts.yamledit import parse_with_nodes

VAN_BAN = Path("source_data") / "van_ban.yaml"
TRANG_THAI = {"du_thao": "Dự thảo", "chinh_thuc": "Chính thức"}


@dataclass(frozen=True)
class DraftIdentity:
    so: int
    trang_thai: str
    ngay: dt.date | None
    path: Path
    line: int  # line of du_thao.so (1-based)

    @property
    def tag(self) -> str:
        return draft_tag(self.so)

    @property
    def label(self) -> str:
        """'Dự thảo lần 4' or 'Chính thức'."""
        if self.trang_thai == "chinh_thuc":
            return "Bản chính thức"
        return f"Dự thảo lần {self.so}"

    @property
    def slug(self) -> str:
        return draft_slug(self.so)


def draft_tag(so: int) -> str:
    return f"du-thao-lan-{so}"


def draft_slug(so: int) -> str:
    return f"du-thao-lan-{so}"


def pdf_name(so: int) -> str:
    return f"bao-cao-chinh-tri-du-thao-lan-{so}.pdf"


def parse_identity(text: str, path: Path) -> DraftIdentity:
    """Parse the ``du_thao`` block of a van_ban.yaml text."""
    root, data = parse_with_nodes(text, path)
    if not isinstance(data, dict) or not isinstance(data.get("du_thao"), dict):
        raise DraftError(
            f"{path}: thiếu nhóm 'du_thao' (so, trang_thai). Thêm:\n"
            "du_thao:\n  so: 4\n  trang_thai: du_thao"
        )
    block = data["du_thao"]
    line = 1
    for k, v in root.value:
        if k.value == "du_thao":
            line = k.start_mark.line + 1
            for k2, _v2 in v.value:
                if k2.value == "so":
                    line = k2.start_mark.line + 1
    so = block.get("so")
    if not isinstance(so, int) or isinstance(so, bool) or so < 1:
        raise DraftError(
            f"{path}:{line}: du_thao.so phải là số nguyên dương (lần dự thảo), đang là {so!r}."
        )
    trang_thai = block.get("trang_thai", "du_thao")
    if trang_thai not in TRANG_THAI:
        raise DraftError(
            f"{path}:{line}: du_thao.trang_thai phải là 'du_thao' hoặc 'chinh_thuc', "
            f"đang là {trang_thai!r}."
        )
    ngay = block.get("ngay")
    if ngay is not None and not isinstance(ngay, dt.date):
        raise DraftError(
            f"{path}:{line}: du_thao.ngay phải là ngày dạng YYYY-MM-DD hoặc để trống (null), "
            f"đang là {ngay!r}."
        )
    return DraftIdentity(so=so, trang_thai=trang_thai, ngay=ngay, path=path, line=line)


def read_identity(root: Path) -> DraftIdentity:
    path = root / VAN_BAN
    if not path.is_file():
        raise DraftError(f"Không thấy tệp {VAN_BAN} trong {root}.")
    return parse_identity(path.read_text(encoding="utf-8"), VAN_BAN)
