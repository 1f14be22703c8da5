"""How the benchmark tells our layer's overhead from the noise of a shared machine.

- Builds are timed in pairs (ours, then plain Sphinx, then plain, then ours: ABBA), so that
  both sides of a pair see the same machine state; the overhead is the median of the pairs'
  ratios, with a distribution-free confidence interval for that median.
- Machine instructions (valgrind's cachegrind) measure the same cost without the noise.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

CONFIDENCE = 0.95


def median_interval(values: list[float], confidence: float = CONFIDENCE) -> tuple[float, float, float]:
    """An interval for the median of ``values`` that holds whatever their distribution.

    It runs from the k-th smallest to the k-th largest value, with the largest k whose
    coverage is still at least ``confidence``. The coverage of that pair of order statistics
    is 1 - 2·P(B <= k-1), for B binomial(n, 1/2). Returns (low, high, coverage). With too few
    values for ``confidence``, it returns (min, max) and their own, lower coverage.
    """
    xs = sorted(values)
    n = len(xs)
    if n == 0:
        raise ValueError("no values")

    def coverage(k: int) -> float:
        return 1 - 2 * sum(math.comb(n, i) for i in range(k)) / 2**n

    k = 1
    while k + 1 <= (n + 1) // 2 and coverage(k + 1) >= confidence:
        k += 1
    return xs[k - 1], xs[n - k], coverage(k)


@dataclass
class PairedOverhead:
    """Our build against plain Sphinx, pair by pair."""

    ours: list[float]  # seconds of our builds, pair by pair
    plain: list[float]  # seconds of plain Sphinx's, in the same order

    @property
    def ratios(self) -> list[float]:
        return [a / b - 1 for a, b in zip(self.ours, self.plain)]

    @property
    def median(self) -> float:
        return statistics.median(self.ratios)

    @property
    def median_seconds(self) -> float:
        return statistics.median(a - b for a, b in zip(self.ours, self.plain))

    def verdict(self, target: float) -> str:
        """'đạt' only when the whole confidence interval is under ``target``."""
        low, high, _coverage = median_interval(self.ratios)
        if high < target:
            return "đạt"
        if low >= target:
            return "CHƯA ĐẠT"
        return "chưa chắc chắn: khoảng tin cậy chứa ngưỡng"

    def describe(self, target: float | None) -> str:
        low, high, coverage = median_interval(self.ratios)
        # one decimal: "+15%" against a target of "< 15%" would not say on which side it is
        text = (
            f"{self.median:+.1%} so với Sphinx thuần, tức {self.median_seconds:+.2f} giây "
            f"(trung vị của {len(self.ours)} cặp dựng liền nhau; khoảng tin cậy {coverage:.0%}: "
            f"{low:+.1%} đến {high:+.1%})"
        )
        if target is not None:
            text += f"; mục tiêu < {target:.0%}: {self.verdict(target)}"
        return text


_I_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(cmd: list[str], cwd: Path) -> int | None:
    """The machine instructions ``cmd`` executes (valgrind's cachegrind); None without valgrind.

    Unlike time, the count does not depend on what else the machine is doing. Python's hash
    seed is fixed, so that two runs of the same build execute the same code.
    """
    if shutil.which("valgrind") is None:
        return None
    result = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *cmd],
        cwd=cwd,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed under valgrind in {cwd}:\n{result.stderr[-4000:]}")
    found = _I_REFS.findall(result.stderr)
    return int(found[-1].replace(",", "")) if found else None
