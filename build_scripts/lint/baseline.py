"""The baseline: findings the drafting committee has accepted.

Stored in source_data/lint/baseline.yaml as (file, code, text) with a count, not
by line number, so editing other lines does not make old findings new. Lint fails
only on findings beyond the accepted count for their key.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import yaml

from .findings import Finding

BASELINE = Path("source_data/lint/baseline.yaml")
HEADER = """\
# Những lỗi lint Ban soạn thảo đã xem và chấp nhận (không sửa ngay).
# Tệp này do `make lint-baseline` ghi; đừng sửa tay trừ khi xoá bớt mục.
# Mỗi mục: tệp, mã lỗi, chữ bị báo, số lần được chấp nhận, và một ví dụ để dễ tìm.
# `make lint` chỉ báo lỗi MỚI (không có ở đây, hoặc nhiều lần hơn số đã chấp nhận).
"""


def key(f: Finding) -> tuple[str, str, str]:
    return (f.path, f.code, f.excerpt)


def load(root: Path) -> Counter:
    path = root / BASELINE
    if not path.exists():
        return Counter()
    from .vocab import LintSetupError

    fix = "chạy lại `make lint-baseline` để ghi lại tệp này (đừng sửa tay)"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{BASELINE}:{mark.line + 1}:{mark.column + 1}" if mark else str(BASELINE)
        raise LintSetupError(f"{where}: baseline sai cú pháp YAML — {fix}") from None
    out: Counter = Counter()
    for i, item in enumerate(data.get("chap_nhan") or [], start=1):
        try:
            out[(item["tep"], item["ma"], str(item["chu"]))] += int(item.get("so_lan", 1))
        except (KeyError, TypeError, ValueError):
            raise LintSetupError(f"{BASELINE}: mục thứ {i} thiếu `tep`, `ma` hoặc `chu` — {fix}") from None
    return out


def split(findings: list[Finding], accepted: Counter) -> tuple[list[Finding], list[Finding]]:
    """(new, accepted) findings; within a key the first ones in the file are the accepted ones."""
    left = Counter(accepted)
    new, old = [], []
    for f in sorted(findings):
        k = key(f)
        if left[k] > 0:
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
        items.append({"tep": tep, "ma": ma, "chu": chu, "so_lan": len(fs),
                      "vi_du": f"dòng {fs[0].line}, cột {fs[0].column}"})
    if keep_files is not None:
        for (tep, ma, chu), count in previous.items():
            if tep not in keep_files:
                items.append({"tep": tep, "ma": ma, "chu": chu, "so_lan": count})
    items.sort(key=lambda i: (i["tep"], i["ma"], i["chu"]))
    path = root / BASELINE
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump({"chap_nhan": items}, allow_unicode=True, sort_keys=False, width=120)
    path.write_text(HEADER + body, encoding="utf-8")
    return sum(i["so_lan"] for i in items)
