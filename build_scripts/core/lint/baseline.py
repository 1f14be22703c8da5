"""The baseline: findings the drafting committee has accepted.

Stored in source_data/lint/baseline.yaml as (file, code, text) with a count, not
by line number, so editing other lines does not make old findings new. Lint fails
only on findings beyond the accepted count for their key. The words around each
accepted finding are kept too (``ngu_canh``): a new finding of the same text is told
from the accepted ones by them, and named at its own line.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import yaml

from build_scripts.core.lint.findings import Finding

BASELINE = Path("source_data/lint/baseline.yaml")
HEADER = """\
# Những lỗi lint Ban soạn thảo đã xem và chấp nhận (không sửa ngay).
# Tệp này do `make lint-baseline` ghi; đừng sửa tay trừ khi xoá bớt mục.
# Mỗi mục: tệp, mã lỗi, chữ bị báo, số lần được chấp nhận, và một ví dụ để dễ tìm.
# `make lint` chỉ báo lỗi MỚI (không có ở đây, hoặc nhiều lần hơn số đã chấp nhận).
"""


def key(f: Finding) -> tuple[str, str, str]:
    return (f.path, f.code, f.excerpt)


def _words(text) -> str:
    return " ".join(str(text).split())


def _context(f: Finding) -> str:
    return _words(f.context)


class Accepted(Counter):
    """Accepted count per key, and the words around the accepted findings (``contexts``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.contexts: dict[tuple[str, str, str], list[str]] = {}


def load(root: Path) -> Accepted:
    path = root / BASELINE
    if not path.exists():
        return Accepted()
    from build_scripts.core.lint.vocab import LintSetupError

    fix = "chạy lại `make lint-baseline` để ghi lại tệp này (đừng sửa tay)"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{BASELINE}:{mark.line + 1}:{mark.column + 1}" if mark else str(BASELINE)
        raise LintSetupError(f"{where}: baseline sai cú pháp YAML — {fix}") from None
    out = Accepted()
    for i, item in enumerate(data.get("chap_nhan") or [], start=1):
        try:
            k = (item["tep"], item["ma"], str(item["chu"]))
            out[k] += int(item.get("so_lan", 1))
        except (KeyError, TypeError, ValueError):
            raise LintSetupError(f"{BASELINE}: mục thứ {i} thiếu `tep`, `ma` hoặc `chu` — {fix}") from None
        out.contexts.setdefault(k, []).extend(_words(c) for c in item.get("ngu_canh") or [])
    return out


def split(findings: list[Finding], accepted: Counter) -> tuple[list[Finding], list[Finding]]:
    """(new, accepted) findings. Within a key, the findings whose surrounding words were accepted
    come first; the rest of the accepted count goes to the first ones in the file."""
    contexts = getattr(accepted, "contexts", {})
    left = Counter(accepted)
    known = {k: list(v) for k, v in contexts.items()}
    recognised = set()
    for f in sorted(findings):
        k = key(f)
        if left[k] > 0 and _context(f) and _context(f) in known.get(k, []):
            known[k].remove(_context(f))
            left[k] -= 1
            recognised.add(f)
    new, old = [], []
    for f in sorted(findings):
        k = key(f)
        if f in recognised:
            old.append(f)
        elif left[k] > 0:
            left[k] -= 1
            old.append(f)
        else:
            new.append(f)
    return new, old


def write(root: Path, findings: list[Finding], keep_files: set[str] | None = None) -> int:
    """Record findings as accepted. Entries for files not linted this run are kept."""
    groups: dict[tuple, list[Finding]] = defaultdict(list)
    for f in sorted(findings):
        groups[key(f)].append(f)
    previous = load(root)
    items = []
    for (tep, ma, chu), fs in groups.items():
        item = {"tep": tep, "ma": ma, "chu": chu, "so_lan": len(fs), "vi_du": f"dòng {fs[0].line}, cột {fs[0].column}"}
        if any(_context(f) for f in fs):
            item["ngu_canh"] = [_context(f) for f in fs]
        items.append(item)
    if keep_files is not None:
        for (tep, ma, chu), count in previous.items():
            if tep not in keep_files:
                item = {"tep": tep, "ma": ma, "chu": chu, "so_lan": count}
                if previous.contexts.get((tep, ma, chu)):
                    item["ngu_canh"] = previous.contexts[(tep, ma, chu)]
                items.append(item)
    items.sort(key=lambda i: (i["tep"], i["ma"], i["chu"]))
    path = root / BASELINE
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump({"chap_nhan": items}, allow_unicode=True, sort_keys=False, width=120)
    path.write_text(HEADER + body, encoding="utf-8")
    return sum(i["so_lan"] for i in items)
