"""How the benchmark reads its timings: paired runs, an interval for the median, instructions.

(Speed itself is measured by ``make bench``, never by a timed test.)
"""

from __future__ import annotations

import random
import sys

import pytest
from conftest import require_tool

from build_scripts.bench import stats as bench_stats
from build_scripts.bench.run import paired_run
from build_scripts.bench.stats import PairedOverhead, instructions, median_interval


def test_the_interval_of_the_median_of_25_values_runs_from_the_8th_to_the_18th():
    # P(B <= 7) for B ~ binomial(25, 1/2) = (1+25+300+2300+12650+53130+177100+480700) / 2^25
    # = 726206 / 33554432, so the 8th smallest and 8th largest cover the median with
    # 1 - 2 * 0.021643 = 0.9567; the 9th would give 1 - 2 * P(B <= 8) = 0.892, under 95%.
    values = list(range(1, 26))
    random.Random(4).shuffle(values)
    low, high, coverage = median_interval(values)
    assert (low, high) == (8, 18)
    assert coverage == pytest.approx(1 - 2 * 726206 / 2**25)


def test_six_values_are_the_fewest_whose_range_is_a_95_percent_interval():
    assert median_interval([3, 1, 2, 6, 5, 4]) == (1, 6, pytest.approx(1 - 2 / 64))
    # five values: min..max covers the median only 1 - 2/32 = 93.75% of the time, and says so
    assert median_interval([3, 1, 2, 5, 4]) == (1, 5, pytest.approx(0.9375))
    assert median_interval([7.0]) == (7.0, 7.0, 0.0)
    with pytest.raises(ValueError):
        median_interval([])


def _pairs(ratios: list[float]) -> PairedOverhead:
    return PairedOverhead([1.0 + r for r in ratios], [1.0] * len(ratios))


def test_the_target_is_met_only_when_the_whole_interval_is_under_it():
    assert _pairs([0.08, 0.10, 0.12, 0.09, 0.11, 0.10]).verdict(0.15) == "đạt"
    assert _pairs([0.16, 0.18, 0.20, 0.17, 0.19, 0.21]).verdict(0.15) == "CHƯA ĐẠT"
    # the median (+11%) is under 15%, but one pair in six is not: not sure either way
    straddling = _pairs([0.08, 0.10, 0.12, 0.09, 0.11, 0.30])
    assert straddling.median == pytest.approx(0.105)
    assert straddling.verdict(0.15).startswith("chưa chắc chắn")


def test_the_description_gives_the_median_its_seconds_and_the_interval():
    pairs = PairedOverhead([1.10, 1.32, 0.99, 1.21, 1.155, 1.10], [1.00, 1.20, 0.90, 1.10, 1.05, 1.00])
    text = pairs.describe(0.15)
    assert text.startswith("+10.0% so với Sphinx thuần, tức +0.10 giây")
    assert "6 cặp" in text and "khoảng tin cậy 97%: +10.0% đến +10.0%" in text
    assert text.endswith("mục tiêu < 15%: đạt")


def test_the_description_says_on_which_side_of_the_target_a_median_near_it_is():
    # medians of +14.6% and +15.4% would both read "+15%" against "< 15%" in whole percents
    under = PairedOverhead([1.146] * 5, [1.0] * 5).describe(0.15)
    over = PairedOverhead([1.154] * 5, [1.0] * 5).describe(0.15)
    assert under.startswith("+14.6% ") and over.startswith("+15.4% ")


def test_pairs_alternate_which_side_runs_first():
    order: list[str] = []

    class Record:
        def __init__(self):
            self.seconds = []

        def add(self, seconds, peak_mb):
            self.seconds.append(seconds)

    ours, plain = Record(), Record()
    for i in range(4):
        paired_run(
            i, (ours, lambda: order.append("ours") or (1.2, 0)), (plain, lambda: order.append("plain") or (1.0, 0))
        )
    assert order == ["ours", "plain", "plain", "ours", "ours", "plain", "plain", "ours"]
    assert PairedOverhead(ours.seconds, plain.seconds).ratios == pytest.approx([0.2] * 4)
    assert ours.seconds == [1.2] * 4 and plain.seconds == [1.0] * 4


def test_without_valgrind_there_is_no_count(monkeypatch):
    monkeypatch.setattr(bench_stats.shutil, "which", lambda name: None)
    assert instructions([sys.executable, "-c", "pass"], cwd=".") is None


def test_the_instruction_count_grows_with_the_work(tmp_path):
    require_tool("valgrind", "counting the machine instructions of a build (make bench)")
    idle = instructions([sys.executable, "-c", "pass"], cwd=tmp_path)
    busy = instructions([sys.executable, "-c", "sum(range(2_000_000))"], cwd=tmp_path)
    assert idle and busy
    # two million additions in the interpreter cost well over ten instructions each
    assert busy - idle > 20_000_000
    # and the same command counts (nearly) the same each time: the hash seed is fixed
    assert abs(instructions([sys.executable, "-c", "pass"], cwd=tmp_path) - idle) < idle * 0.01
