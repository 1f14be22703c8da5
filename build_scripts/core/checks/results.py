"""What evaluating a rule gives: its result, or why it could not be evaluated."""

from __future__ import annotations

from dataclasses import dataclass, field

from build_scripts.core.checks.rules import Rule
from build_scripts.core.checks.units import Value

MARKS = {
    "dat": "✓",
    "sai": "✗",
    "da_biet": "⚠",
    "het_sai_lech": "✗",
    "chua_kiem_tra": "?",
    "loi": "✗",
    "dinh_nghia": "=",
}

UNEXPECTED = {"sai", "het_sai_lech", "loi"}


class Pending(Exception):
    """The rule cannot be checked yet; the message (Vietnamese) says why."""


class RuleEvalError(Exception):
    """The rule is wrong (unknown key, units); the message is Vietnamese."""


@dataclass
class RuleResult:
    rule: Rule
    status: str
    message: str = ""  # values, e.g. "ky_luat.tong: 47 ≠ 38 + 8 + 2 (khien_trach + …)"
    keys: list[str] = field(default_factory=list)  # data keys the rule reads
    value: Value | None = None  # for derived values
    occurrences: list = field(default_factory=list)  # names checks: (text, location)

    @property
    def mark(self) -> str:
        return MARKS[self.status]

    @property
    def unexpected(self) -> bool:
        return self.status in UNEXPECTED
