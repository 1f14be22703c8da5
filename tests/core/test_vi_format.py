"""Vietnamese formats: separators from babel, half-up rounding, padding, units, dates."""

from decimal import Decimal

import pytest

from build_scripts.core.data import Quantity
from build_scripts.core.vi_format import (
    FormatError,
    MissingText,
    format_count,
    format_date_vi,
    format_issue_date,
    format_money,
    format_number,
    format_percent,
    format_quantity,
    format_with_unit,
)


def q(key="x", unit="đảng viên", **kw):
    return Quantity(key=key, don_vi=unit, nguon="kiểm thử", **kw)


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (1361, None, "1.361"),
        (33230, None, "33.230"),
        (Decimal("23.99"), None, "23,99"),
        (Decimal("1145.42"), None, "1.145,42"),
        (Decimal("2553.6"), None, "2.553,6"),
        (Decimal("5.631"), None, "5,631"),
        (Decimal("2553.60"), None, "2.553,60"),  # decimals as written are kept
        (Decimal("0.6"), None, "0,6"),
        (999, None, "999"),
        (1000, None, "1.000"),
        (Decimal("1234.5"), 2, "1.234,50"),  # fixed decimals on request
        (Decimal("1234.567"), 0, "1.235"),
        (-1234567, None, "-1.234.567"),
        (10**15, None, "1.000.000.000.000.000"),
        (0, None, "0"),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        # Official texts round half up; babel alone would give 2 and 0,12 (half to even).
        (Decimal("2.5"), 0, "3"),
        (Decimal("3.5"), 0, "4"),
        (Decimal("0.125"), 2, "0,13"),
        (Decimal("0.135"), 2, "0,14"),
        (Decimal("-2.5"), 0, "-3"),
        (Decimal("-0.4"), 0, "0"),  # never "-0"
        (Decimal("99.95"), 1, "100,0"),
    ],
)
def test_rounding_is_half_up(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(
    "value, width, expected",
    [
        (8, 2, "08"),
        (1, 2, "01"),
        (2, 2, "02"),
        (12, 2, "12"),
        (120, 2, "120"),
        (3, 3, "003"),
        (-4, 2, "-04"),
    ],
)
def test_zero_padded_counts(value, width, expected):
    assert format_count(value, width) == expected


def test_count_refuses_decimals():
    with pytest.raises(FormatError, match="số đếm nguyên"):
        format_count(Decimal("2.5"))


def test_percent_and_ranges():
    assert format_percent(q(unit="%", gia_tri=Decimal(95))) == "95%"
    assert format_percent(q(unit="%", gia_tri=Decimal("0.6"))) == "0,6%"
    assert format_percent(q(unit="%", tu=Decimal(80), den=Decimal(85))) == "80 - 85%"
    assert format_quantity(q(unit="%", tu=Decimal(80), den=Decimal(85))) == "80 - 85"
    with pytest.raises(FormatError, match="phan_tram"):
        format_percent(q(unit="ha", gia_tri=Decimal(3)))


def test_money_and_units():
    assert format_money(q(unit="tỷ đồng", gia_tri=Decimal(249))) == "249 tỷ đồng"
    assert format_money(q(unit="tỷ đồng", gia_tri=Decimal("932.35"))) == "932,35 tỷ đồng"
    assert format_money(q(unit="triệu đồng", gia_tri=Decimal(600))) == "600 triệu đồng"
    assert format_with_unit(q(unit="km²", gia_tri=Decimal("23.99"))) == "23,99 km²"
    assert format_with_unit(q(unit="%", gia_tri=Decimal(45))) == "45%"
    with pytest.raises(FormatError, match="tien"):
        format_money(q(unit="ha", gia_tri=Decimal(2)))


def test_missing_value_renders_as_marker():
    missing = q(unit="%", gia_tri=None)
    text = format_percent(missing)
    assert text == "[chưa có số liệu]" and isinstance(text, MissingText) and text.key == "x"
    assert format_with_unit(q(unit="tấn", gia_tri=None)) == "[chưa có số liệu]"
    assert isinstance(format_count(q(unit="đồng chí", gia_tri=None)), MissingText)


def test_dates_in_both_official_styles():
    assert format_date_vi("2025-06-16") == "16/6/2025"
    assert format_date_vi("2025-06-16", "dai") == "ngày 16 tháng 6 năm 2025"
    assert format_date_vi("2021-05-18", "day_du") == "18/05/2021"
    assert format_issue_date({"ngay": None, "thang": 8, "nam": 2025}) == "ngày \u00a0\u00a0\u00a0 tháng 8 năm 2025"
    assert format_issue_date({"ngay": 20, "thang": 8, "nam": 2025}) == "ngày 20 tháng 8 năm 2025"
    with pytest.raises(FormatError):
        format_date_vi("16.6.2025")
