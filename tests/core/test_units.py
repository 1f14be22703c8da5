"""Which units count whole things (build_scripts/data/counting_units.py): '1.361 đảng viên' is the
thousands separator of Vietnamese writing, not one and a third of a Party member."""

from decimal import Decimal

import pytest

from build_scripts.core.data.counting_units import counts_whole_things, looks_like_thousands


@pytest.mark.parametrize(
    "unit", ["đảng viên", "đồng chí", "người", "hộ", "tổ chức đảng", "kỳ họp", "Đảng viên", "  ngôi   nhà "]
)
def test_counts(unit):
    assert counts_whole_things(unit)


@pytest.mark.parametrize(
    "unit",
    [
        "%",
        "tỷ đồng",
        "triệu đồng/năm",
        "đồng",
        "ha",
        "km²",
        "m2",
        "tấn",
        "tạ/ha/năm",
        "lượt khách/năm",
        "nghìn tài khoản",
        "năm",
        "lần",
        "chưa rõ",
        "",
    ],
)
def test_measures_and_unknown_units(unit):
    assert not counts_whole_things(unit)


@pytest.mark.parametrize(
    "written, expected",
    [
        ("1.361", True),
        ("12.500", True),
        ("250.000", True),
        ("1361", False),
        ("23.99", False),
        ("2553.6", False),
        ("0.125", False),
        ("1.3610", False),
    ],
)
def test_looks_like_thousands(written, expected):
    assert looks_like_thousands(Decimal(written)) is expected


def test_every_value_of_the_report_passes():
    """The real data has fractions only in measures (km², tỷ đồng, %, ha …): none is flagged."""
    from pathlib import Path

    from build_scripts.core.data import load_source_data

    dataset = load_source_data(Path(__file__).resolve().parents[2] / "source_data")
    flagged = [
        key
        for key, q in dataset.quantities().items()
        for v in (q.gia_tri, q.tu, q.den)
        if v is not None and counts_whole_things(q.don_vi) and looks_like_thousands(v)
    ]
    assert flagged == []
