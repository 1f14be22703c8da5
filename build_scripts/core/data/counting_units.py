"""Units that count whole things, and values that look like a Vietnamese thousands separator.

In Vietnamese writing the dot groups thousands: "1.361 đảng viên" is one thousand three hundred
and sixty-one. Typed into YAML, ``1.361`` is read as a decimal, and the report would print
"1,361 đảng viên" without a word of warning. A count of people or things has no fraction, so a
count written with three decimals is almost surely that mistake; measures (money, %, areas,
weights, rates "…/năm", scaled units "nghìn …") keep their decimals (``5.631`` tỷ đồng is right).
"""

from __future__ import annotations

from decimal import Decimal

# The last word of a unit that measures (its values may have decimals).
MEASURE_WORDS = frozenset(
    {
        "đồng",
        "ha",
        "km",
        "km²",
        "km2",
        "m",
        "m²",
        "m2",
        "m³",
        "m3",
        "tấn",
        "tạ",
        "kg",
        "lít",
        "năm",
        "tháng",
        "ngày",
        "giờ",
        "điểm",
        "lần",
    }
)
# The first word of a scaled unit ("nghìn tài khoản": 15,5 nghìn is fine).
SCALE_WORDS = frozenset({"nghìn", "ngàn", "vạn", "triệu", "tỷ"})
UNKNOWN_UNITS = frozenset({"", "chưa rõ"})


def counts_whole_things(unit: str) -> bool:
    """True for a unit such as 'đảng viên', 'hộ', 'kỳ họp'; False for measures, rates and
    percentages, and for a unit not known yet ('chưa rõ')."""
    text = " ".join(str(unit).lower().split())
    if text in UNKNOWN_UNITS or "/" in text or "%" in text:
        return False
    words = text.split(" ")
    return words[0] not in SCALE_WORDS and words[-1] not in MEASURE_WORDS


def looks_like_thousands(value: Decimal) -> bool:
    """Written with exactly three decimals after a non-zero whole part: 1.361, 12.500."""
    return value.as_tuple().exponent == -3 and abs(value) >= 1
