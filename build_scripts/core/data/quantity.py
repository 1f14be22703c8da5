"""A statistic from source_data: a value (or a range) with its unit, qualifier and origin."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from build_scripts.core.messages import SourceLocation

# The qualifier as the prose uses it; the word itself stays in the prose.
QUALIFIERS = {
    "chinh_xac": "chính xác",
    "tren": "trên (lớn hơn hẳn)",
    "duoi": "dưới (nhỏ hơn hẳn)",
    "it_nhat": "ít nhất / từ … trở lên",
    "toi_da": "tối đa",
    "khoang": "khoảng / gần",
    "uoc": "ước / ước đạt",
}

# Fields a quantity may carry. Unknown fields are errors (they are usually typos).
QUANTITY_FIELDS = {
    "gia_tri": "giá trị (số)",
    "tu": "cận dưới của khoảng",
    "den": "cận trên của khoảng",
    "don_vi": "đơn vị",
    "tinh_chat": "tính chất (chinh_xac, tren, duoi, it_nhat, toi_da, khoang, uoc)",
    "nguon": "nguồn (mục của văn bản hoặc tài liệu gốc)",
    "ghi_chu": "ghi chú",
    "doc_lap": "lý do số liệu không cần quy tắc kiểm tra",
    "ten": "tên ngắn (dùng trong bảng, thẻ số liệu)",
    "ma": "mã / số thứ tự",
    "nam": "năm",
    "ky": "kỳ, giai đoạn",
    "nhom": "nhóm",
    "noi_dung": "nội dung (câu chữ của chỉ tiêu)",
    "ket_qua": "kết quả (dat, vuot, khong_dat)",
    "chi_so": "chỉ số liên quan",
}

MISSING_MARKER = "[chưa có số liệu]"


@dataclass(frozen=True)
class Quantity:
    key: str
    don_vi: str
    nguon: str
    gia_tri: Decimal | None = None
    tu: Decimal | None = None
    den: Decimal | None = None
    tinh_chat: str = "chinh_xac"
    ghi_chu: str | None = None
    doc_lap: str | None = None
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    location: SourceLocation | None = field(default=None, compare=False, hash=False)

    @property
    def is_range(self) -> bool:
        return self.tu is not None or self.den is not None

    @property
    def is_missing(self) -> bool:
        if self.is_range:
            return self.tu is None or self.den is None
        return self.gia_tri is None

    @property
    def value(self) -> Decimal | None:
        """The single value: gia_tri, or the midpoint of a range."""
        if self.is_range:
            if self.tu is None or self.den is None:
                return None
            return (self.tu + self.den) / 2
        return self.gia_tri

    @property
    def decimals(self) -> int:
        """The number of decimals as written in the YAML (2553.6 -> 1)."""
        values = [v for v in (self.gia_tri, self.tu, self.den) if v is not None]
        return max((max(0, -v.as_tuple().exponent) for v in values), default=0)

    def __getattr__(self, name: str):
        # Extra descriptive fields (ten, ma, noi_dung …) read like attributes in Jinja.
        extra = object.__getattribute__(self, "extra")
        if name in extra:
            return extra[name]
        raise AttributeError(name)

    def __str__(self) -> str:
        # How the report prints a value is vi_format's job (the renderer's finalize): this is
        # for a developer's eye only.
        return f"{self.key}: {self.gia_tri if self.tu is None else f'{self.tu}-{self.den}'} {self.don_vi}"

    def digest(self) -> str:
        """A stable text of everything that can change how this value renders or checks."""
        parts = [self.key, str(self.gia_tri), str(self.tu), str(self.den), self.don_vi, self.tinh_chat]
        parts += [f"{k}={v}" for k, v in sorted(self.extra.items())]
        return "|".join(parts)
