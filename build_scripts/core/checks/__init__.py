"""Consistency checks: the numbers of the report must agree with each other (issue 4).

Rules live next to the data in ``source_data/rules/*.yaml`` (see :mod:`.rules` for the
format). Public API, for ``make check``, the tests and the HTML/PDF build::

    from build_scripts.core.checks import run_checks, known_discrepancies
    run = run_checks(Path("source_data"), Path("docs"))
    run.results                 # [RuleResult] one per rule, in file order
    run.unexpected              # the ✗ ones (a failed rule, a rule error, a stale known mark)
    run.uncovered               # numeric data keys with no rule and no doc_lap reason
    known_discrepancies(Path("source_data"), Path("docs"))   # [KnownDiscrepancy] the ⚠ ones

A draft build shows each known discrepancy as a highlighted note; a final build
(``van_ban.du_thao.trang_thai: chinh_thuc``) must refuse to build while any remains.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from build_scripts.core.checks.engine import MARKS, UNEXPECTED, RuleResult, evaluate_all
from build_scripts.core.checks.rules import Rule, RuleFileError, load_doc_lap, load_rules
from build_scripts.core.messages import SourceLocation, read_utf8

__all__ = [
    "run_checks",
    "known_discrepancies",
    "gate_problems",
    "KnownDiscrepancy",
    "CheckRun",
    "RuleResult",
    "RuleFileError",
    "Rule",
    "load_rules",
    "MARKS",
]

RULES_SUBDIR = "rules"


@dataclass
class KnownDiscrepancy:
    """A rule the draft breaks, on purpose kept visible until the committee decides."""

    ma: str  # rule id
    mo_ta: str  # the rule in words
    ghi_chu: str  # the note for the committee: what, by how much, likely cause
    chi_tiet: str  # the values, e.g. "… 1.588,6 tấn ≠ … = 31.767 tấn"
    vi_tri_quy_tac: SourceLocation  # the rule in source_data/rules/*.yaml
    khoa: list[str] = field(default_factory=list)  # data keys involved
    vi_tri_van_ban: list[SourceLocation] = field(default_factory=list)  # where they appear in docs/

    def __str__(self) -> str:
        return f"{self.ma}: {self.mo_ta} — {self.chi_tiet}. Ghi chú: {self.ghi_chu}"


@dataclass
class DescriptionNumber:
    """A value of the data written into a rule's description (``mo_ta``): stated twice, it goes
    stale when the data change, and the description then contradicts the values under it."""

    rule: Rule
    text: str  # the number as the description writes it ("1.361", "80%")
    key: str  # the data key the rule reads whose value it is
    location: SourceLocation  # its line in the rule file


@dataclass
class CheckRun:
    results: list[RuleResult]
    dataset: Any
    references: dict[str, list[SourceLocation]]
    doc_lap: dict[str, tuple[str, SourceLocation]]
    governed: dict[str, list[str]]  # data key -> ids of the rules that read it

    @property
    def unexpected(self) -> list[RuleResult]:
        return [r for r in self.results if r.status in UNEXPECTED]

    @property
    def known(self) -> list[RuleResult]:
        return [r for r in self.results if r.status == "da_biet"]

    @property
    def uncovered(self) -> list[str]:
        qs = self.dataset.quantities()
        return [
            k
            for k in sorted(qs)
            if k not in self.governed and not qs[k].doc_lap and k not in self.doc_lap and not qs[k].is_missing
        ]

    @property
    def missing(self) -> list[str]:
        """Values the draft does not have yet (gia_tri: null): nothing to check."""
        return [k for k, q in sorted(self.dataset.quantities().items()) if q.is_missing]

    @property
    def stale_doc_lap(self) -> list[str]:
        """doc_lap.yaml entries that name no data value."""
        qs = self.dataset.quantities()
        return [k for k in self.doc_lap if k not in qs]

    @cached_property
    def numbers_in_descriptions(self) -> list[DescriptionNumber]:
        """Each number of a rule description that is the current value of a key the rule reads."""
        from build_scripts.core.lint.statistics import NUMBER, number_value

        reads: dict[str, list[str]] = {}
        for key, ids in self.governed.items():
            for ma in ids:
                reads.setdefault(ma, []).append(key)
        quantities = self.dataset.quantities()
        out = []
        for r in self.results:
            rule = r.rule
            keys = reads.get(rule.ma, [])
            if not keys or not rule.mo_ta:
                continue
            for m in NUMBER.finditer(rule.mo_ta):
                value = number_value(m.group(0))
                key = next((k for k in keys if value in _values(quantities[k])), None)
                if value is not None and key is not None:
                    out.append(DescriptionNumber(rule, m.group(0), key, _line_of(rule, m.group(0))))
        return out

    def places(self, key: str) -> list[SourceLocation]:
        return self.references.get(key, [])

    def text_places(self, key: str) -> tuple[list[SourceLocation], str | None]:
        """Where ``key`` appears in docs/; else where its group is rendered (a list, a table)."""
        if self.places(key):
            return self.places(key), None
        parts = key.split(".")
        for n in range(len(parts) - 1, 0, -1):
            group = ".".join(parts[:n])
            if self.places(group):
                return self.places(group), group
        return [], None


def _values(quantity) -> set:
    from decimal import Decimal

    return {Decimal(v) for v in (quantity.gia_tri, quantity.tu, quantity.den) if v is not None}


def _line_of(rule: Rule, number: str) -> SourceLocation:
    """The line of ``rule``'s file where its description writes ``number`` (a folded description
    spans several lines)."""
    from build_scripts.core.lint.statistics import NUMBER

    path = rule.location.path
    first, last = rule.mo_ta_lines or (rule.location.line, rule.location.line)
    lines = read_utf8(path).splitlines()
    for n in range(first, min(last, len(lines)) + 1):
        if any(m.group(0) == number for m in NUMBER.finditer(lines[n - 1])):
            return SourceLocation(path, n)
    return SourceLocation(path, first)


def read_texts(docs_dir: Path | None) -> list[tuple[Path, str]]:
    if docs_dir is None or not Path(docs_dir).is_dir():
        return []
    return [(p, read_utf8(p)) for p in sorted(Path(docs_dir).rglob("*.md")) if "_build" not in p.parts]


def governed_keys(rules: list[Rule], dataset: Any) -> dict[str, list[str]]:
    """Data key -> rule ids that read it (statically, from the expressions)."""
    from build_scripts.core.checks.engine import DataView, RuleEvalError

    view = DataView(dataset)
    out: dict[str, list[str]] = {}
    for r in rules:
        if r.expression is None:
            continue
        if r.dat_ten:
            view.derived[r.dat_ten] = None  # type: ignore[assignment]
        for name in r.expression.names():
            try:
                key, _ = view.resolve(name)
            except RuleEvalError:
                continue
            if key in view.quantities:
                out.setdefault(key, []).append(r.ma)
    return out


def run_checks(
    source_dir: Path = Path("source_data"),
    docs_dir: Path | None = Path("docs"),
    dataset: Any = None,
    rules: list[Rule] | None = None,
    overrides=None,
    texts: list[tuple[Path, str]] | None = None,
) -> CheckRun:
    """Load data and rules, evaluate every rule. Raises UserError for bad data/rule files."""
    from build_scripts.core.data import load_source_data
    from build_scripts.core.templating.references import scan_references

    source_dir = Path(source_dir)
    if dataset is None:
        dataset = load_source_data(source_dir)
    rules_dir = source_dir / RULES_SUBDIR
    if rules is None:
        rules = load_rules(rules_dir) if rules_dir.is_dir() else []
    doc_lap = load_doc_lap(rules_dir) if rules_dir.is_dir() else {}
    if texts is None:
        texts = read_texts(docs_dir)
    results = evaluate_all(rules, dataset, overrides, texts)
    refs = scan_references(Path(docs_dir)) if docs_dir is not None and Path(docs_dir).is_dir() else {}
    return CheckRun(results, dataset, refs, doc_lap, governed_keys(rules, dataset))


def known_discrepancies(
    source_dir: Path = Path("source_data"), docs_dir: Path | None = Path("docs"), run: CheckRun | None = None
) -> list[KnownDiscrepancy]:
    """The known discrepancies the current data still has (the ⚠ lines of ``make check``)."""
    run = run or run_checks(source_dir, docs_dir)
    out = []
    for r in run.known:
        places: list[SourceLocation] = []
        for k in r.keys:
            places.extend(p for p in run.text_places(k)[0] if p not in places)
        places.extend(loc for _, loc in r.occurrences)
        out.append(
            KnownDiscrepancy(
                r.rule.ma, r.rule.mo_ta, r.rule.known or "", r.message, r.rule.location, list(r.keys), places
            )
        )
    return out


def gate_problems(run: CheckRun) -> list[str]:
    """For a final (non-draft) build: one Vietnamese line per reason to refuse to build.

    Every unexpected failure, every known discrepancy still in the data, and every value
    without a rule. Empty when the numbers are ready to print.
    """
    out = []
    for r in run.unexpected:
        out.append(f"{r.rule.location}: quy tắc «{r.rule.ma}» không khớp: {r.message}")
    for r in run.known:
        out.append(
            f"{r.rule.location}: sai lệch đã biết «{r.rule.ma}» chưa được sửa: {r.message}. Ghi chú: {r.rule.known}"
        )
    for k in run.uncovered:
        out.append(f"{run.dataset.location(k)}: số liệu {k} chưa có quy tắc kiểm tra hay lý do doc_lap")
    for d in run.numbers_in_descriptions:
        out.append(
            f"{d.location}: mô tả của quy tắc «{d.rule.ma}» ghi số {d.text} (giá trị của {d.key}): "
            "viết mô tả bằng lời, bỏ con số"
        )
    return out
