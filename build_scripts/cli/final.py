"""`make final`: build the final (chính thức) report only when nothing is left to fix.

Refuses, listing every problem at once, while
  - the data do not load, or a value is missing (`gia_tri: null`);
  - a placeholder of docs/ does not render (the draft build stops on it too);
  - a `[chưa có số liệu]` marker is typed anywhere in docs/, templates/ or source_data/;
  - a committee note (`:::{ghi-chu}`) is left in docs/;
  - the consistency checks fail, or a known discrepancy remains
    (`python -m build_scripts.cli.check --final`, exit code);
  - lint has findings outside the baseline.
When all is clean it runs `python -m build_scripts.cli.build html pdf docx --final`.
Exit codes: 0 built, 1 refused or the build failed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts.core.messages import verbose

MARKER = "[chưa có số liệu]"
PLACEHOLDERS = "Chỗ giữ chỗ không dựng được"
DATA = "Dữ liệu"
# Where a committee member could type the marker by hand (Jinja and YAML comments are not read:
# the macro that prints the marker for a missing value is caught by the missing-value check).
MARKER_GLOBS = ["docs/**/*.md", "templates/**/*.md.j2", "templates/**/*.md", "source_data/*.yaml"]


@dataclass
class Gate:
    root: Path
    problems: dict[str, list[str]] = field(default_factory=dict)

    def add(self, group: str, line: str) -> None:
        self.problems.setdefault(group, []).append(line)

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.problems.values())


def check_data(gate: Gate):
    """Add what is wrong with source_data/; return the data (None when they do not load)."""
    from build_scripts.core.data import load_source_data
    from build_scripts.core.messages import UserError

    try:
        ds = load_source_data(gate.root / "source_data")
    except UserError as exc:
        gate.add(DATA, exc.format())
        return None
    for key, q in sorted(ds.quantities().items()):
        if q.is_missing:
            gate.add(
                "Số liệu còn thiếu",
                f"{ds.location(key)}: '{key}' chưa có giá trị (gia_tri: null) — "
                "điền số liệu vào source_data trước khi ban hành",
            )
    return ds


def check_placeholders(gate: Gate, dataset) -> None:
    """Every placeholder of docs/ renders (a misspelt key, a filter that does not fit the value):
    the build would stop on it, so the gate lists it with the rest. ``dataset``: check_data's."""
    from build_scripts.core.messages import UserError, UserErrors, read_utf8
    from build_scripts.core.templating.render import Renderer

    if dataset is None:
        return  # the data do not load: reported by check_data
    renderer = Renderer(dataset, [gate.root / "templates", gate.root / "docs"])
    for path in sorted((gate.root / "docs").rglob("*.md")):
        if "_build" in path.parts:
            continue
        try:
            renderer.render_document(read_utf8(path), path)
        except UserErrors as exc:
            for error in exc.errors:
                gate.add(PLACEHOLDERS, error.format())
        except UserError as exc:
            gate.add(PLACEHOLDERS, exc.format())


def check_markers(gate: Gate) -> None:
    from build_scripts.core.lint.source import load

    seen = set()
    for pattern in MARKER_GLOBS:
        for path in sorted(gate.root.glob(pattern)):
            if path in seen or not path.is_file():
                continue
            seen.add(path)
            for n, line in enumerate(load(path, gate.root).prose_lines, 1):
                col = line.find(MARKER)
                if col >= 0:
                    rel = path.relative_to(gate.root).as_posix()
                    gate.add("Dấu “chưa có số liệu”", f"{rel}:{n}:{col + 1}: còn dấu {MARKER} — thay bằng số liệu thật")


def check_committee_notes(gate: Gate) -> None:
    from build_scripts.core.report_structure import notes_in

    paths = {
        p for pattern in ("docs/**/*.md", "templates/**/*.md", "templates/**/*.j2") for p in gate.root.glob(pattern)
    }
    for path in sorted(paths):
        for n in notes_in(path):
            rel = path.relative_to(gate.root).as_posix()
            gate.add(
                "Ghi chú cho tổ biên tập còn trong văn bản",
                f"{rel}:{n}: còn khối {{ghi-chu}} — giải quyết điều ghi chú nêu rồi xóa cả khối",
            )


def check_consistency(gate: Gate) -> None:
    """`make check` must pass, and no known discrepancy may remain."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(gate.root), os.environ.get("PYTHONPATH")]))}
    try:
        r = subprocess.run(
            [sys.executable, "-m", "build_scripts.cli.check", "--gon"],
            cwd=gate.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    except subprocess.TimeoutExpired:
        gate.add("Kiểm tra số liệu", "bộ kiểm tra số liệu chạy quá 10 phút — báo người phụ trách kỹ thuật")
        return
    out = (r.stdout + r.stderr).strip()
    if r.returncode != 0:
        lines = [ln for ln in out.splitlines() if ln.strip()]
        # The failures only: ✗ lines, errors and their fixes, the verdict (⚠ ones are listed below).
        shown = [ln for ln in lines if ln.lstrip().startswith(("✗", "LỖI", "→", "KẾT QUẢ"))] or lines[-20:]
        gate.add(
            "Kiểm tra số liệu",
            f"`make check` báo số liệu chưa khớp (mã thoát {r.returncode}):\n"
            + "\n".join("      " + ln for ln in shown),
        )
    from build_scripts.core.checks import known_discrepancies
    from build_scripts.core.messages import UserError

    try:
        known = known_discrepancies(gate.root / "source_data", gate.root / "docs")
    except UserError:
        return  # already reported by `make check` above
    for kd in known:
        where = ", ".join(str(loc) for loc in kd.vi_tri_van_ban[:3])
        gate.add(
            "Sai lệch đã biết chưa xử lý",
            f"{kd.vi_tri_quy_tac}: {kd}"
            + (f" (trong văn bản: {where})" if where else "")
            + " — sửa số liệu hoặc văn bản cho khớp, rồi bỏ đánh dấu sai lệch trong quy tắc",
        )


def check_lint(gate: Gate) -> None:
    from build_scripts.core.lint.runner import run

    res = run(gate.root)
    for f in res.new:
        gate.add("Lỗi văn bản (lint) chưa được chấp nhận", f.render())


def run_gate(root: Path) -> Gate:
    gate = Gate(root)
    check_placeholders(gate, check_data(gate))
    check_markers(gate)
    check_committee_notes(gate)
    check_consistency(gate)
    check_lint(gate)
    return gate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m build_scripts.cli.final", description="Dựng bản chính thức khi không còn vấn đề nào."
    )
    ap.add_argument("--chi-kiem-tra", action="store_true", help="chỉ kiểm tra, không dựng")
    args = ap.parse_args(argv)
    root = Path.cwd()
    try:
        gate = run_gate(root)
    except Exception as exc:
        if verbose():
            raise
        print(
            f"LỖI: không kiểm tra được trước khi dựng bản chính thức ({type(exc).__name__}: {exc}).\n"
            "    → Chạy lại với VERBOSE=1 để xem chi tiết và gửi cho người phụ trách kỹ thuật.",
            file=sys.stderr,
        )
        return 1
    if gate.count:
        print(f"CHƯA THỂ DỰNG BẢN CHÍNH THỨC: còn {gate.count} vấn đề.", file=sys.stderr)
        for group, lines in gate.problems.items():
            print(f"\n{group} ({len(lines)}):", file=sys.stderr)
            for line in lines:
                print(f"  - {line}", file=sys.stderr)
        draft_builds = not (gate.problems.keys() & {PLACEHOLDERS, DATA})
        print(
            "\nSửa hết các vấn đề trên rồi chạy lại `make final`."
            + (
                " Bản dự thảo vẫn dựng được bằng `make`."
                if draft_builds
                else " `make` (bản dự thảo) cũng dừng ở các lỗi dữ liệu và chỗ giữ chỗ trên."
            ),
            file=sys.stderr,
        )
        return 1
    print("✓ Không còn vấn đề nào: dữ liệu đủ, số liệu khớp, văn bản sạch lỗi. Đang dựng bản chính thức…")
    if args.chi_kiem_tra:
        return 0
    r = subprocess.run([sys.executable, "-m", "build_scripts.cli.build", "html", "pdf", "docx", "--final"], cwd=root)
    return 0 if r.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
