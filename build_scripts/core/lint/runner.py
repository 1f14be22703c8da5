"""`python -m build_scripts.cli.lint`: lint docs/ and source_data/, print
`file:line:column: [mã] thông điệp — cách sửa`, exit 1 on findings not in the baseline.

  python -m build_scripts.cli.lint                 # all of docs/, templates/ and source_data/
  python -m build_scripts.cli.lint docs/a.md ...   # only these files (the commit hook)
  python -m build_scripts.cli.lint --ghi-baseline  # accept every current finding
  python -m build_scripts.cli.lint --tat-ca        # also print accepted findings
  python -m build_scripts.cli.lint --sua           # rewrite files in Unicode NFC
Exit codes: 0 clean, 1 new findings, 2 lint could not run.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from build_scripts.core import accidents
from build_scripts.core.lint import baseline, encoding, spelling, statistics, terms, typography, unit_spelling
from build_scripts.core.lint.blocks import check_blocks
from build_scripts.core.lint.findings import Finding
from build_scripts.core.lint.footnote_labels import check_footnotes
from build_scripts.core.lint.placeholders import check_placeholders
from build_scripts.core.lint.source import load
from build_scripts.core.lint.vocab import Speller, load_vocab
from build_scripts.core.messages import UserError, read_utf8

PROSE_GLOBS = ["docs/**/*.md", "templates/**/*.md.j2", "templates/**/*.md"]
DATA_GLOBS = ["source_data/**/*.yaml", "source_data/**/*.yml"]
LINTED_SUFFIXES = (".md", ".j2", ".yaml", ".yml", ".txt")
SKIP_PARTS = {"_build", ".venv", "node_modules", ".git"}
#: the register of comments (issue 25): the reviewers' words are theirs, never flagged nor rewritten
REVIEWERS_WORDS = "source_data/gop_y/"


def is_reviewers_words(rel: str) -> bool:
    return rel.replace("\\", "/").startswith(REVIEWERS_WORDS)


@dataclass
class Result:
    new: list[Finding]
    accepted: list[Finding]
    files: list[str]
    fixed: int = 0  # accepted findings that are no longer there (whole-project runs)


def default_files(root: Path) -> list[Path]:
    out: list[Path] = []
    for pattern in PROSE_GLOBS + DATA_GLOBS:
        for p in sorted(root.glob(pattern)):
            rel = p.relative_to(root).as_posix() if p.is_relative_to(root) else p.as_posix()
            if p.is_file() and not SKIP_PARTS & set(p.parts) and p not in out and not is_reviewers_words(rel):
                out.append(p)
    return [p for p in out if p.resolve() != (root / baseline.BASELINE).resolve()]


def _values_in_data(root: Path) -> dict[Decimal, list[tuple[str, str]]]:
    """value -> (data key, unit), to suggest the placeholder for a typed statistic."""
    try:
        from build_scripts.core.data import load_source_data

        ds = load_source_data(root / "source_data")
        out: dict[Decimal, list[tuple[str, str]]] = defaultdict(list)
        for k, qv in ds.quantities().items():
            if getattr(qv, "gia_tri", None) is not None:
                out[Decimal(qv.gia_tri)].append((k, qv.don_vi or ""))
        return out
    except Exception:  # the build reports data errors; lint only loses a hint
        return {}


def _is_report_data(rel: str) -> bool:
    """A source_data/*.yaml file whose text values appear in the report
    (not the rules, nor lint's own lists)."""
    parts = rel.split("/")
    return len(parts) == 2 and parts[0] == "source_data"


def _unit_spellings(root: Path, files: list[Path]) -> list[Finding]:
    """m2 beside m²: the usual spelling is counted over the whole project, the findings are those
    of ``files``."""
    everything = {p.resolve() for p in default_files(root)} | {p.resolve() for p in files}
    docs = [load(p, root) for p in sorted(everything) if p.exists() and p.suffix in LINTED_SUFFIXES]
    docs = [d for d in docs if not d.bad_utf8 and (d.kind != "yaml" or _is_report_data(d.rel))]
    return unit_spelling.check(docs, {load(p, root).rel for p in files})


def lint_files(root: Path, files: list[Path]) -> list[Finding]:
    vocab = load_vocab(root)
    speller = Speller(vocab)
    by_value = _values_in_data(root)
    groups = {p.stem for p in (root / "source_data").glob("*.yaml")}  # the data groups ({{ nhom.khoa }})
    out: list[Finding] = []
    for path in files:
        doc = load(path, root)
        if is_reviewers_words(doc.rel):
            continue
        out.extend(encoding.check(doc, speller.known))
        if not doc.bad_utf8:
            out.extend(_accident_findings(accidents.check_text(doc.text, Path(doc.rel))))
        if doc.bad_utf8:
            continue  # its text is mojibake: every other finding would be noise around the one that matters
        if doc.kind == "yaml" and not _is_report_data(doc.rel):
            continue
        out.extend(typography.check(doc, vocab.range_dash))
        out.extend(spelling.check(doc, speller))
        out.extend(terms.check(doc, vocab.terms, vocab.proper_names))
        out.extend(statistics.check(doc, vocab.allow, by_value))
        if doc.kind == "md":
            for code, problems in (
                ("chu-thich", check_footnotes(doc.text)),
                ("khoi", check_blocks(doc.text)),
                ("cho-giu-cho", check_placeholders(doc.text, groups)),
            ):
                out.extend(Finding(doc.rel, p.line, p.column, code, p.message, p.fix, p.excerpt) for p in problems)
    out.extend(_unit_spellings(root, files))
    # One message per spot: a term finding explains a misspelt word better.
    term_spots = {(f.path, f.line, f.column) for f in out if f.code == "thuat-ngu"}
    out = [f for f in out if not (f.code == "chinh-ta" and (f.path, f.line, f.column) in term_spots)]
    return sorted(set(out))


def _accident_findings(found: list[accidents.Accident]) -> list[Finding]:
    """The build's accidents as findings (invisible characters: encoding's ky-tu-an already says it)."""
    return [
        Finding(a.path.as_posix(), max(a.line, 1), max(a.column, 1), a.code, a.message, a.fix)
        for a in found
        if a.code != "ky-tu-an"
    ]


def _tree_accidents(root: Path, paths: list[Path] | None) -> list[Finding]:
    """What only the whole tree shows (merge leftovers, include loops) and the files lint does not
    read as prose (conf.py, HTML and rinohtype templates): git's conflict markers there too."""
    if paths:
        rels = [p.resolve().relative_to(root.resolve()) if p.is_absolute() else p for p in paths]
        found = [accidents.leftover(r) for r in rels if accidents.is_leftover(r.name)]
        others = [root / r for r in rels if r.suffix not in LINTED_SUFFIXES and (root / r).is_file()]
        others = [p for p in others if p.suffix in accidents.TEXT_SUFFIXES or p.name == "conf.py"]
    else:
        found = accidents.leftovers(root) + accidents.template_cycles(root)
        linted = {p.resolve() for p in default_files(root)}
        others = [p for p in accidents.build_inputs(root) if p.resolve() not in linted]
    for p in others:
        if accidents.is_leftover(p.name):
            continue
        try:
            text = read_utf8(p)
        except UserError:
            continue  # the build names it; lint reads these files only for git's markers
        found += [a for a in accidents.check_text(text, p.relative_to(root)) if a.code == "xung-dot-git"]
    return _accident_findings(found)


def run(root: Path, paths: list[Path] | None = None) -> Result:
    files = [p for p in paths if p.suffix in LINTED_SUFFIXES] if paths else default_files(root)
    files = [p if p.is_absolute() else root / p for p in files]
    files = [p for p in files if p.exists() and not accidents.is_leftover(p.name)]
    findings = sorted(set(lint_files(root, files) + _tree_accidents(root, paths)))
    accepted = baseline.load(root)
    new, old = baseline.split(findings, accepted)
    fixed = 0 if paths else sum((accepted - Counter(baseline.key(f) for f in old)).values())
    rels = (
        [
            p.resolve().relative_to(root.resolve()).as_posix()
            if p.resolve().is_relative_to(root.resolve())
            else p.as_posix()
            for p in files
        ]
        if paths
        else []
    )
    return Result(new, old, rels, fixed)


_INVISIBLE_GONE = dict.fromkeys(map(ord, accidents.INVISIBLE))


def fix_nfc(root: Path, files: list[Path]) -> list[str]:
    changed = []
    for p in files:
        if is_reviewers_words(p.relative_to(root).as_posix() if p.is_relative_to(root) else p.as_posix()):
            continue
        try:
            text = read_utf8(p)
        except UserError:
            continue  # not UTF-8: lint reports it (khong-utf8); its NFC form means nothing yet
        # invisible characters pasted from Word or the web go too (the build refuses them)
        nfc = unicodedata.normalize("NFC", text).translate(_INVISIBLE_GONE)
        if nfc != text:
            p.write_text(nfc, encoding="utf-8")
            changed.append(str(p.relative_to(root)) if p.is_relative_to(root) else str(p))
    return changed


def summary(fs: list[Finding]) -> str:
    c = Counter(f.code for f in fs)
    return ", ".join(f"{code} {n}" for code, n in sorted(c.items(), key=lambda x: (-x[1], x[0])))
