"""Units of measure for the consistency rules, and interval values that carry them.

A unit string from the data ("tạ/ha/năm", "tỷ đồng", "%", "đảng viên") is parsed into a
factor (relative to a base unit) and a dimension. Known physical and money units convert
into each other (10 tạ = 1 tấn, 1.000 triệu đồng = 1 tỷ đồng); any other word is a
counting noun and is its own dimension ("đảng viên", "kỳ họp"), so adding people to
sittings is an error. "/năm" only says "per year" and is not a dimension: an average per
year and a yearly value compare directly.

A value is an interval [lo, hi] (bounds may be open or infinite) so that the qualifiers of
the prose ("trên 80%", "ước đạt", "từ 80 - 85%") take part in the arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

INF = Decimal("Infinity")

# word -> (factor to the base unit, dimension name or None for a pure number)
_ATOMS: dict[str, tuple[Decimal, str | None]] = {
    "kg": (Decimal(1), "khối lượng"),
    "yến": (Decimal(10), "khối lượng"),
    "tạ": (Decimal(100), "khối lượng"),
    "tấn": (Decimal(1000), "khối lượng"),
    "m": (Decimal(1), "chiều dài"),
    "km": (Decimal(1000), "chiều dài"),
    "m²": (Decimal(1), "diện tích"),
    "m2": (Decimal(1), "diện tích"),
    "ha": (Decimal(10000), "diện tích"),
    "km²": (Decimal(1000000), "diện tích"),
    "km2": (Decimal(1000000), "diện tích"),
    "đồng": (Decimal(1), "tiền"),
    "nghìn đồng": (Decimal(1000), "tiền"),
    "triệu đồng": (Decimal(10) ** 6, "tiền"),
    "tỷ đồng": (Decimal(10) ** 9, "tiền"),
    "%": (Decimal("0.01"), None),
    "lần": (Decimal(1), None),
    "năm": (Decimal(1), None),  # "per year": not a dimension, see module docstring
}
# counting nouns that name the same thing
_ALIASES = {"đồng chí": "đảng viên"}
_PREFIXES = {"nghìn": Decimal(1000), "vạn": Decimal(10000), "triệu": Decimal(10) ** 6}
_LEADING_NUMBER = re.compile(r"^(\d+)\s+(.*)$")


class UnitError(ValueError):
    """Two units that cannot be combined; the message is Vietnamese."""


@dataclass(frozen=True)
class Unit:
    factor: Decimal
    dim: tuple[tuple[str, int], ...]  # sorted (dimension, exponent), empty = pure number
    label: str  # as written, for display

    @property
    def dimension_text(self) -> str:
        if not self.dim:
            return "không thứ nguyên"
        return " × ".join(d if e == 1 else f"{d}^{e}" for d, e in self.dim)


NUMBER = Unit(Decimal(1), (), "")


def _combine(a: dict[str, int], b: dict[str, int], sign: int) -> dict[str, int]:
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0) + sign * v
        if out[k] == 0:
            del out[k]
    return out


def _atom(word: str) -> tuple[Decimal, dict[str, int]]:
    word = " ".join(word.split())
    if not word:
        raise UnitError("đơn vị rỗng")
    factor = Decimal(1)
    m = _LEADING_NUMBER.match(word)
    if m:  # "bé trai/100 bé gái"
        factor = Decimal(1) / Decimal(m.group(1))
        word = m.group(2)
    if word in _ATOMS:
        f, d = _ATOMS[word]
        return factor * f, ({d: 1} if d else {})
    head, _, rest = word.partition(" ")
    if head in _PREFIXES and rest:  # "nghìn lao động", "nghìn cây"
        f, d = _atom(rest)
        return factor * _PREFIXES[head] * f, d
    word = _ALIASES.get(word, word)
    return factor, {word: 1}


def parse_unit(text: str | None) -> Unit:
    """Parse "tạ/ha/năm", "tỷ đồng", "%", "đảng viên"... into a Unit."""
    if text is None or not str(text).strip():
        return NUMBER
    text = str(text).strip()
    parts = text.split("/")
    factor, dims = _atom(parts[0])
    for p in parts[1:]:
        f, d = _atom(p)
        factor = factor / f
        dims = _combine(dims, d, -1)
    return Unit(factor, tuple(sorted(dims.items())), text)


def mul_units(a: Unit, b: Unit, sign: int = 1) -> Unit:
    dims = _combine(dict(a.dim), dict(b.dim), sign)
    factor = a.factor * b.factor if sign == 1 else a.factor / b.factor
    if a.label and b.label:
        label = f"{a.label}·{b.label}" if sign == 1 else f"{a.label}/({b.label})"
    else:
        label = a.label or (b.label if sign == 1 else f"1/({b.label})" if b.label else "")
    # a product that lands on a known unit shows with that unit's name
    for name, (f, d) in _ATOMS.items():
        if dims == ({d: 1} if d else {}) and f == factor and name not in ("năm", "lần"):
            label = name
            break
    return Unit(factor, tuple(sorted(dims.items())), label)


# ---------------------------------------------------------------------------
# interval values


@dataclass(frozen=True)
class Value:
    """An interval of possible values, in base units, with its unit.

    ``bare`` marks a number written in a rule without a unit: it takes the unit of
    whatever it is added to or compared with ("0 <= x <= 100" with x in %).
    """

    lo: Decimal
    hi: Decimal
    unit: Unit = NUMBER
    lo_open: bool = False
    hi_open: bool = False
    bare: bool = False

    @staticmethod
    def point(v: Decimal, unit: Unit = NUMBER, bare: bool = False) -> Value:
        m = v * unit.factor
        return Value(m, m, unit, bare=bare)

    @property
    def is_point(self) -> bool:
        return self.lo == self.hi and not self.lo_open and not self.hi_open

    def in_unit(self, x: Decimal, unit: Unit | None = None) -> Decimal:
        u = unit or self.unit
        return x / u.factor

    # -- unit handling -------------------------------------------------------
    def adopt(self, other: Value) -> Value:
        """A bare number takes the unit of ``other``."""
        if self.bare and not other.bare:
            f = other.unit.factor
            return Value(self.lo * f, self.hi * f, other.unit, self.lo_open, self.hi_open)
        return self


def _check_same(a: Value, b: Value, what: str) -> tuple[Value, Value]:
    a, b = a.adopt(b), b.adopt(a)
    if a.unit.dim != b.unit.dim:
        raise UnitError(
            f"không {what} được hai đại lượng khác đơn vị: "
            f"«{a.unit.label or 'số'}» ({a.unit.dimension_text}) và "
            f"«{b.unit.label or 'số'}» ({b.unit.dimension_text})"
        )
    return a, b


def _pick_unit(a: Value, b: Value) -> Unit:
    return a.unit if a.unit.label else b.unit


def add(a: Value, b: Value) -> Value:
    a, b = _check_same(a, b, "cộng")
    return Value(
        a.lo + b.lo,
        a.hi + b.hi,
        _pick_unit(a, b),
        a.lo_open or b.lo_open,
        a.hi_open or b.hi_open,
        bare=a.bare and b.bare,
    )


def neg(a: Value) -> Value:
    return Value(-a.hi, -a.lo, a.unit, a.hi_open, a.lo_open, a.bare)


def sub(a: Value, b: Value) -> Value:
    a, b = _check_same(a, b, "trừ")
    return add(a, neg(b))


def _safe_mul(x: Decimal, y: Decimal) -> Decimal:
    try:
        return x * y
    except InvalidOperation:  # 0 × ∞
        return Decimal(0)


def mul(a: Value, b: Value) -> Value:
    cands = []
    for x, xo in ((a.lo, a.lo_open), (a.hi, a.hi_open)):
        for y, yo in ((b.lo, b.lo_open), (b.hi, b.hi_open)):
            cands.append((_safe_mul(x, y), xo or yo))
    lo = min(cands, key=lambda c: (c[0], not c[1]))
    hi = max(cands, key=lambda c: (c[0], not c[1]))
    return Value(lo[0], hi[0], _product_unit(a, b, 1), lo[1], hi[1], bare=a.bare and b.bare)


def _product_unit(a: Value, b: Value, sign: int) -> Unit:
    """Magnitudes are in base units, so a pure number (bare, %, lần) leaves the other unit."""
    if a.bare or (not a.unit.dim and sign == 1):
        return b.unit if sign == 1 else mul_units(NUMBER, b.unit, -1)
    if b.bare or not b.unit.dim:
        return a.unit
    unit = mul_units(a.unit, b.unit, sign)
    if not unit.dim and unit.label not in ("%",):
        return Unit(unit.factor, (), "") if unit.factor == 1 else unit
    return unit


def div(a: Value, b: Value) -> Value:
    if b.lo <= 0 <= b.hi:
        raise ZeroDivisionError("chia cho một giá trị có thể bằng 0")
    inv = Value(
        1 / b.hi if b.hi != INF else Decimal(0),
        1 / b.lo if b.lo != -INF else Decimal(0),
        b.unit,
        b.hi_open,
        b.lo_open,
        b.bare,
    )
    out = mul(a, inv)
    return replace(out, unit=_product_unit(a, b, -1), bare=a.bare and b.bare)


def compare(a: Value, b: Value, op: str, tolerance: Decimal = Decimal(0), relative: bool = False) -> bool:
    """Whether ``a op b`` can hold for some values in the two intervals.

    A rule checks that the statements of the text are *consistent*: "trên 80%" and
    "≤ 100%" agree; "trên 100%" does not. ``tolerance`` (in base units, or a fraction
    when ``relative``) only applies to equality.
    """
    a, b = _check_same(a, b, "so sánh")
    if op in ("==", "!="):
        tol = tolerance
        if relative:
            scale = (
                max(abs(x) for x in (a.lo, a.hi, b.lo, b.hi) if x not in (INF, -INF))
                if any(x not in (INF, -INF) for x in (a.lo, a.hi, b.lo, b.hi))
                else Decimal(0)
            )
            tol = tolerance * scale
        # overlap of [a.lo, a.hi] and [b.lo - tol, b.hi + tol], respecting open ends
        gap_lo = a.hi - (b.lo - tol)  # must be >= 0 (or > 0 if an end is open)
        gap_hi = (b.hi + tol) - a.lo
        ok_lo = gap_lo > 0 or (gap_lo == 0 and not a.hi_open and not (b.lo_open and tol == 0))
        ok_hi = gap_hi > 0 or (gap_hi == 0 and not a.lo_open and not (b.hi_open and tol == 0))
        equal = ok_lo and ok_hi
        if op == "==":
            return equal
        # "a ≠ b" is consistent unless both are the same single point
        return not (a.is_point and b.is_point and a.lo == b.lo)
    if op in ("<", "<="):
        # some x in a, y in b with x < y: a.lo < b.hi
        d = b.hi - a.lo
        if d > 0:
            return True
        return d == 0 and op == "<=" and not a.lo_open and not b.hi_open
    if op in (">", ">="):
        return compare(b, a, "<" if op == ">" else "<=")
    raise ValueError(op)
