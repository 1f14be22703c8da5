"""Vietnamese number, percentage, money and date formats (babel underneath).

Rounding is half-up, as official texts round (babel alone rounds half-to-even): the value
is quantised with ROUND_HALF_UP first, then babel formats the exact result.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, parse_pattern

from build_scripts.core.data.quantity import MISSING_MARKER, Quantity
from build_scripts.core.messages import UserError

LOCALE = Locale.parse("vi")  # parsed once; its data is read on first use
MONEY_UNITS = ("đồng", "nghìn đồng", "triệu đồng", "tỷ đồng")
RANGE_SEPARATOR = " - "
BLANK_DAY = "\u00a0" * 3  # a draft leaves the day blank: "ngày   tháng 8 năm 2025"


class MissingText(str):
    """The visible marker for a value with no data; the renderer decides if that is allowed."""

    def __new__(cls, key: str):
        text = super().__new__(cls, MISSING_MARKER)
        text.key = key
        return text


class FormatError(UserError):
    """A filter was applied to a value it does not fit (e.g. phan_tram on a count)."""


def to_decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Mapping):  # a data group: a misspelt "gia_tri:" leaves one
        name = getattr(value, "_path", "")
        raise FormatError(
            f"'{name}' là một nhóm số liệu, không phải một số.",
            fix=f"Nếu '{name}' là một số liệu, tệp YAML của nó thiếu dòng 'gia_tri:' (có thể gõ sai tên "
            "trường, ví dụ 'gia_tr:'); nếu là một nhóm, viết tên một số liệu trong nhóm đó.",
        )
    if isinstance(value, bool):
        raise FormatError(f"'{value}' không phải là số.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value)
        except Exception:
            pass
    raise FormatError(f"'{value}' không phải là số.", fix="Kiểm tra lại khóa số liệu trong dấu {{ }}.")


def format_number(value, decimals: int | None = None) -> str:
    """1361 -> '1.361'; 23.99 -> '23,99'; decimals=None keeps the decimals as written."""
    number = to_decimal(value)
    if decimals is None:
        decimals = max(0, -number.as_tuple().exponent) if number.is_finite() else 0
    if decimals < 0:
        raise FormatError(f"Số chữ số thập phân phải ≥ 0 (đang là {decimals}).")
    quantum = Decimal(1).scaleb(-decimals)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    return format_decimal(rounded, format=_pattern(decimals), locale=LOCALE, decimal_quantization=True)


@cache
def _pattern(decimals: int):
    """'#,##0' with ``decimals`` places, parsed once (a number is formatted a few hundred times)."""
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))


def format_count(value, width: int = 2) -> str:
    """Zero-padded counts as official texts write them: 8 -> '08', 1 -> '01', 12 -> '12'."""
    if isinstance(value, Quantity) and value.is_missing:
        return MissingText(value.key)
    number = to_decimal(_plain(value))
    if number != number.to_integral_value():
        raise FormatError(
            f"Bộ lọc 'dem' chỉ dùng cho số đếm nguyên, nhưng giá trị là {number}.",
            fix="Dùng '| so' cho số có phần thập phân.",
        )
    sign = "-" if number < 0 else ""
    return sign + str(abs(int(number))).zfill(width)


def _plain(value):
    if isinstance(value, Quantity):
        if value.is_range:
            raise FormatError(
                f"'{value.key}' là một khoảng, không dùng được ở đây.",
                fix=f"Dùng '{value.key}.tu' hoặc '{value.key}.den'.",
            )
        return value.gia_tri
    return value


def _number_text(value, decimals: int | None = None) -> str:
    if isinstance(value, Quantity):
        if value.is_missing:
            return MissingText(value.key)
        if value.is_range:
            d = value.decimals if decimals is None else decimals
            return format_number(value.tu, d) + RANGE_SEPARATOR + format_number(value.den, d)
        return format_number(value.gia_tri, decimals)
    return format_number(value, decimals)


def format_quantity(value, decimals: int | None = None) -> str:
    """The default rendering of ``{{ x }}``: the number (or range) only; the unit is in the prose."""
    return _number_text(value, decimals)


def _unit(value) -> str:
    return value.don_vi if isinstance(value, Quantity) else ""


def _join_unit(number: str, unit: str) -> str:
    if isinstance(number, MissingText) or not unit:
        return number
    if unit == "%" or unit.startswith("%"):
        return number + unit
    return f"{number} {unit}"


def format_percent(value, decimals: int | None = None) -> str:
    """95 -> '95%'; 0.6 -> '0,6%'; a range 80..85 -> '80 - 85%'. The unit must be '%'."""
    if isinstance(value, Quantity) and value.don_vi != "%":
        raise FormatError(
            f"Bộ lọc 'phan_tram' dùng cho số liệu có đơn vị '%', nhưng '{value.key}' có đơn vị '{value.don_vi}'.",
            fix="Dùng '| dv' để in số kèm đơn vị của nó, hoặc sửa đơn vị trong source_data.",
        )
    text = _number_text(value, decimals)
    return text if isinstance(text, MissingText) else text + "%"


def format_with_unit(value, decimals: int | None = None) -> str:
    """The number followed by its unit: '23,99 km²', '95%', '249 tỷ đồng'."""
    return _join_unit(_number_text(value, decimals), _unit(value))


def format_money(value, decimals: int | None = None) -> str:
    """Money with its unit: '249 tỷ đồng'. The unit must be a money unit."""
    unit = _unit(value)
    if isinstance(value, Quantity) and not unit.endswith("đồng"):
        raise FormatError(
            f"Bộ lọc 'tien' dùng cho số tiền, nhưng '{value.key}' có đơn vị '{unit}'.",
            fix="Dùng '| dv' hoặc sửa đơn vị thành một trong: " + ", ".join(MONEY_UNITS) + ".",
        )
    return _join_unit(_number_text(value, decimals), unit or "đồng")


def to_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(value, fmt).date()
            except ValueError:
                pass
    raise FormatError(f"'{value}' không phải là ngày tháng.", fix="Viết ngày dạng 2025-06-16 trong source_data.")


def format_date_vi(value, style: str = "ngan") -> str:
    """'ngan': '16/6/2025'; 'dai': 'ngày 16 tháng 6 năm 2025'; 'day_du': '16/06/2025'."""
    date = to_date(value)
    patterns = {"ngan": "d/M/y", "day_du": "dd/MM/y", "dai": "'ngày' d 'tháng' M 'năm' y"}
    if style not in patterns:
        raise FormatError(f"Kiểu ngày '{style}' không có.", fix="Dùng 'ngan', 'day_du' hoặc 'dai'.")
    return format_date(date, format=patterns[style], locale=LOCALE)


def format_issue_date(value) -> str:
    """The document's date line from {ngay, thang, nam}; a blank day stays blank in a draft."""
    if isinstance(value, (datetime.date, str)):
        return format_date_vi(value, "dai")
    if not isinstance(value, Mapping) or not value.get("nam"):
        raise FormatError(
            "Ngày ban hành cần dạng {ngay, thang, nam}.", fix="Xem source_data/van_ban.yaml, mục ngay_ban_hanh."
        )
    day = value.get("ngay")
    month = value.get("thang")
    day_text = str(int(day)) if day else BLANK_DAY
    month_text = str(int(month)) if month else BLANK_DAY
    return f"ngày {day_text} tháng {month_text} năm {int(value['nam'])}"


def one_line(value) -> str:
    """``| mot_dong``: a text on one line (the title, whose lines in van_ban.yaml are the lines
    of the printed title, as a heading)."""
    return " ".join(str(value).split())


FILTERS = {
    "so": format_quantity,
    "dem": format_count,
    "phan_tram": format_percent,
    "dv": format_with_unit,
    "tien": format_money,
    "ngay": format_date_vi,
    "ngay_van_ban": format_issue_date,
    "mot_dong": one_line,
}
