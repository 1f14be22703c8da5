"""Benchmark the build loop: ``python -m build_scripts.bench.run [--runs N] [--quick]``.

Every scenario runs in a scratch copy of the repository (never in the user's tree), several
times; the table reports the median and the spread (min–max). It also measures plain Sphinx
and rinohtype on the *already rendered* markdown, so that the overhead of our own layer is a
ratio from the same run, and a generated report 10× the real one for time and memory growth.
Results go to ``BENCHMARK.md`` and into the README between the benchmark markers.
"""

from __future__ import annotations

import argparse
import compileall
import filecmp
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts.bench.stats import PairedOverhead, instructions
from build_scripts.core.drafts.register import read_register, write_register

REPO = Path(__file__).resolve().parents[2]
COPY_IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", ".pytest_cache")
README_START = "<!-- benchmark:start -->"
README_END = "<!-- benchmark:end -->"
HTML_RUNS = 61  # cold HTML pairs (ours, plain): one build varies by ±0.1–0.3 s on a shared machine;
# with 31 pairs the overhead's interval was 6–9 points wide, with 61 it was 3 (13:13 run)
PDF_RUNS = 6  # cold PDF pairs at the least: the fewest whose min–max is a 95% interval of the median
OVERHEAD_TARGET = 0.15  # issue 8: our layer under 15% over plain Sphinx


@dataclass
class Measure:
    name: str
    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    note: str = ""

    def add(self, seconds: float, peak_mb: float) -> None:
        self.seconds.append(seconds)
        self.peak_mb.append(peak_mb)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    def row(self) -> str:
        if not self.seconds:
            return f"| {self.name} | — | — | — | {self.note} |"
        spread = f"{min(self.seconds):.2f}–{max(self.seconds):.2f}"
        memory = f"{max(self.peak_mb):.0f}" if self.peak_mb else "—"
        return f"| {self.name} | {self.median:.2f} | {spread} | {memory} | {self.note} |"


def scratch_copy(parent: Path, name: str = "repo") -> Path:
    target = parent / name
    shutil.copytree(REPO, target, ignore=COPY_IGNORE, symlinks=True)
    venv = REPO / ".venv"
    if venv.exists():
        (target / ".venv").symlink_to(venv)
    return target


GNU_TIME = "/usr/bin/time"


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall time and peak resident memory (MB) of one command's own process (GNU time)."""
    wrapped = [GNU_TIME, "-f", "BENCH_MAXRSS_KB=%M", *cmd] if os.path.exists(GNU_TIME) else cmd
    start = time.perf_counter()
    result = subprocess.run(wrapped, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed in {cwd}:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    found = re.findall(r"BENCH_MAXRSS_KB=(\d+)", result.stderr)
    return seconds, (int(found[-1]) / 1024 if found else float("nan")), result


def py(repo: Path) -> str:
    venv_python = repo / ".venv" / "bin" / "python"
    return str(venv_python) if venv_python.exists() else sys.executable


def make(repo: Path, *targets: str) -> list[str]:
    return ["make", "--no-print-directory", *targets]


def edit_paragraph(repo: Path, counter: int) -> Path:
    """Append a word to the first prose paragraph of the first part file."""
    for path in sorted((repo / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        for i, line in enumerate(lines):
            if len(line) > 80 and not line.startswith(("#", "{", ":", "`", "-", "[^", "|")):
                lines[i] = line.rstrip("\n") + f" (sửa {counter})\n"
                path.write_text("".join(lines), encoding="utf-8")
                return path
    raise RuntimeError("no paragraph to edit")


def edit_number(repo: Path, counter: int, key_file: str = "ky_luat.yaml", field_name: str = "gia_tri") -> Path:
    path = repo / "source_data" / key_file
    if not path.exists():
        path = next(
            p for p in sorted((repo / "source_data").glob("*.yaml")) if "gia_tri:" in p.read_text(encoding="utf-8")
        )
    text = path.read_text(encoding="utf-8")
    new = re.sub(
        rf"({field_name}:\s*)(\d+)", lambda m: m.group(1) + str(int(m.group(2)) + 1 + counter % 2), text, count=1
    )
    path.write_text(new, encoding="utf-8")
    return path


def docs_read(log: str) -> int:
    log = re.sub(r"\x1b\[[0-9;]*m", "", log)
    m = re.search(r"updating environment: .*?(\d+) added, (\d+) changed", log)
    return int(m.group(1)) + int(m.group(2)) if m else -1


def render_plain_sources(repo: Path, target: Path) -> None:
    """The report as plain markdown (Jinja already applied): input for plain Sphinx.

    The committee notes our build adds are computed here too, and replayed into plain
    Sphinx's build (``build_scripts.bench.plain_notes``): both sides typeset the same pages.
    """
    sys.path.insert(0, str(repo))
    from build_scripts.bench.plain_notes import write_notes
    from build_scripts.core.data import load_source_data
    from build_scripts.core.discrepancies import known_run, notes_by_line, rendered_lines
    from build_scripts.core.templating.line_map import line_map
    from build_scripts.core.templating.render import Renderer

    dataset = load_source_data(repo / "source_data")
    renderer = Renderer(dataset, [repo / "templates", repo / "docs"])
    run = known_run(repo / "source_data", repo / "docs", dataset)
    shutil.copytree(repo / "docs", target / "docs")
    notes = {}
    for path in sorted((repo / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        result = renderer.render_document(text, path)
        relative = path.relative_to(repo / "docs")
        (target / "docs" / relative).write_text(result.text, encoding="utf-8")
        by_line = notes_by_line(run, result.references, path)
        notes[relative.with_suffix("").as_posix()] = rendered_lines(by_line, line_map(text, result.text))
    write_notes(notes, target / "ghi-chu.json")
    conf = (repo / "conf.py").read_text(encoding="utf-8")
    # Our data layer off: the sources are already rendered and the notes computed (the theme
    # and PDF template stay).
    conf = conf.replace('"build_scripts.sphinx_ext"', '"build_scripts.bench.plain_notes"')
    conf += '\nbench_notes_file = "ghi-chu.json"\n'
    (target / "conf.py").write_text(conf, encoding="utf-8")
    for name in ("templates", "source_data", "build_scripts"):
        shutil.copytree(repo / name, target / name, dirs_exist_ok=True)
    # The theme and PDF extensions it keeps get their bytecode cached too, as our builds do
    # (build_scripts.cli.build.cache_bytecode): the comparison is of the work, not of compiling.
    compileall.compile_dir(target / "build_scripts", quiet=2)


def different_pages(ours: Path, plain: Path) -> list[str]:
    """The HTML pages that differ between our build and plain Sphinx's (none: same text)."""
    pages = {p.relative_to(root).as_posix() for root in (ours, plain) for p in root.rglob("*.html")}
    _same, changed, missing = filecmp.cmpfiles(ours, plain, sorted(pages), shallow=False)
    return sorted(changed + missing)


def our_build(python: str, kind: str) -> list[str]:
    return [python, "-m", "build_scripts.cli.build", kind]


def plain_sphinx(repo: Path, plain: Path, builder: str, outdir: Path) -> list[str]:
    return [
        py(repo),
        "-m",
        "sphinx",
        "-q",
        "-b",
        builder,
        "-c",
        str(plain),
        str(plain / "docs"),
        str(outdir),
        "-d",
        str(outdir / ".doctrees"),
    ]


def cold_build(python: str, root: Path, kind: str, uncompiled: bool = False) -> tuple[float, float]:
    """Our build of ``kind`` with no ``_build/`` (and no compiled code either, if
    ``uncompiled``): seconds and peak MB."""
    shutil.rmtree(root / "_build", ignore_errors=True)
    if uncompiled:
        _drop_compiled(root)
    seconds, peak_mb, _r = timed(our_build(python, kind), root)
    return seconds, peak_mb


def cold_plain(repo: Path, plain: Path, builder: str, outdir: Path, uncompiled: bool = False) -> tuple[float, float]:
    """Plain Sphinx (and rinohtype) on the rendered text into an empty ``outdir`` (and without
    the compiled code of the extensions it keeps, if ``uncompiled``): seconds and peak MB."""
    shutil.rmtree(outdir, ignore_errors=True)
    if uncompiled:
        _drop_compiled(plain)
    seconds, peak_mb, _r = timed(plain_sphinx(repo, plain, builder, outdir), plain)
    return seconds, peak_mb


def _is_appendix(docs: Path, entry: str) -> bool:
    """An entry whose title is "Phụ lục …" (it follows the signature, build_scripts.sphinx_ext.closing_place)."""
    from build_scripts.core.report_structure import is_appendix_title

    path = docs / f"{entry}.md"
    first = next((ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("# ")), "")
    return is_appendix_title(first[2:])


def scale_report(repo: Path, factor: int) -> None:
    """Repeat the parts of the report ``factor`` times, each copy with its own data files: the
    text parts of every copy, then the closing (once, at the end of the last copy's text), then
    the appendices of every copy, as a report that long would be."""
    docs = repo / "docs"
    data = repo / "source_data"
    namespaces = [p.stem for p in data.glob("*.yaml") if p.stem != "van_ban"]
    index = (docs / "index.md").read_text(encoding="utf-8")
    toctree = re.search(r"```\{toctree\}\n(.*?)```", index, re.S)
    entries = [ln for ln in toctree.group(1).splitlines() if ln.strip() and not ln.startswith(":")]
    new_entries = list(entries)
    from build_scripts.core.report_structure import CLOSING_INCLUDE

    closing = [p for p in docs.rglob("*.md") if CLOSING_INCLUDE in p.read_text(encoding="utf-8")]
    if factor > 1:
        for path in closing:  # the last copy ends with it
            path.write_text(path.read_text(encoding="utf-8").replace(CLOSING_INCLUDE, ""), encoding="utf-8")
    for copy in range(2, factor + 1):
        for p in namespaces:
            text = (data / f"{p}.yaml").read_text(encoding="utf-8")
            # Distinct data: every integer value shifted by the copy number.
            text = re.sub(r"(gia_tri:\s*)(\d+)\b", lambda m, copy=copy: f"{m.group(1)}{int(m.group(2)) + copy}", text)
            (data / f"{p}_ban{copy}.yaml").write_text(text, encoding="utf-8")
        for entry in entries:
            src_parent = (docs / entry).parent
            for src in sorted(src_parent.rglob("*.md")) if entry.endswith("/index") else [docs / f"{entry}.md"]:
                rel = src.relative_to(docs)
                dst = docs / f"ban{copy}" / rel
                dst.parent.mkdir(parents=True, exist_ok=True)
                text = src.read_text(encoding="utf-8")
                for p in namespaces:
                    text = re.sub(rf"(?<![\w.]){p}\.", f"{p}_ban{copy}.", text)
                text = re.sub(r"\[\^([\w-]+)\]", rf"[^\1-{copy}]", text)
                if copy == factor and src in closing:
                    text = text.rstrip("\n") + "\n\n" + CLOSING_INCLUDE + "\n"
                dst.write_text(text, encoding="utf-8")
            new_entries.append(f"ban{copy}/{entry}")
    new_entries = [e for e in new_entries if not _is_appendix(docs, e)] + [
        e for e in new_entries if _is_appendix(docs, e)
    ]
    index = index.replace(
        toctree.group(1),
        "\n".join([ln for ln in toctree.group(1).splitlines() if ln.startswith(":")] + new_entries) + "\n",
    )
    (docs / "index.md").write_text(index, encoding="utf-8")


def clone_with_history(parent: Path, name: str) -> Path:
    """A git clone of the repository (the site builds issued commits from history)."""
    target = parent / name
    subprocess.run(["git", "clone", "-q", str(REPO), str(target)], check=True)
    venv = REPO / ".venv"
    if venv.exists():
        (target / ".venv").symlink_to(venv)
    return target


def _drop_compiled(root: Path) -> None:
    for cache in [*root.glob("build_scripts/**/__pycache__"), root / "templates" / "__pycache__"]:
        shutil.rmtree(cache, ignore_errors=True)


def measure_uncompiled(repo: Path, plain: Path, plain_out: Path, python: str, runs: int) -> tuple[Measure, Measure]:
    """Cold HTML as on a fresh clone: no compiled bytecode of build_scripts/ nor of the macros
    (the cold builds above keep them, as every build after the first does); plain Sphinx likewise
    without the compiled code of the theme and PDF extensions it keeps."""
    ours = Measure("Dựng HTML lần đầu, chưa có mã đã biên dịch (như bản sao mới)")
    theirs = Measure("Sphinx thuần, cùng văn bản, chưa có mã đã biên dịch (HTML)")
    for i in range(runs):
        paired_run(
            i,
            (ours, lambda: cold_build(python, repo, "html", uncompiled=True)),
            (theirs, lambda: cold_plain(repo, plain, "html", plain_out / "html", uncompiled=True)),
        )
    # later measurements start from compiled code again, as the committee's builds do
    compileall.compile_dir(plain / "build_scripts", quiet=2)
    return ours, theirs


def paired_run(i: int, ours: tuple, plain: tuple) -> None:
    """The i-th pair of cold builds, each ``(measure, build)``: ours first in even pairs and
    plain first in odd ones (ABBA), so that neither side always runs right after the other.
    The two measures' i-th runs are the pair (``PairedOverhead(ours.seconds, plain.seconds)``)."""
    (ours_measure, ours_build), (plain_measure, plain_build) = ours, plain
    if i % 2:
        plain_result = plain_build()
        ours_result = ours_build()
    else:
        ours_result = ours_build()
        plain_result = plain_build()
    ours_measure.add(*ours_result)
    plain_measure.add(*plain_result)


def measure_instructions(repo: Path, plain: Path, plain_out: Path, python: str) -> Measure:
    """Our cold HTML build against plain Sphinx's, counted in machine instructions (no noise)."""
    measure = Measure("Chi phí lớp của dự án (HTML, số lệnh máy)")
    shutil.rmtree(repo / "_build", ignore_errors=True)
    ours = instructions(our_build(python, "html"), repo)
    shutil.rmtree(plain_out / "html", ignore_errors=True)
    theirs = instructions(plain_sphinx(repo, plain, "html", plain_out / "html"), plain)
    if ours is None or theirs is None:
        measure.note = "không có valgrind trên máy này: bỏ qua"
    else:
        measure.note = (
            f"{ours / theirs - 1:+.1%} số lệnh máy ({ours / 1e9:.2f} so với {theirs / 1e9:.2f} tỷ lệnh; "
            "valgrind, không phụ thuộc độ ồn của máy; chỉ để biết: mục tiêu tính theo thời gian)"
        )
    return measure


def measure_site(tmp: Path, python: str, runs: int) -> list[Measure]:
    """``make site`` with K issued drafts: every draft built afresh, then with the built drafts reused."""
    results: list[Measure] = []
    repo = clone_with_history(tmp, "site-repo")
    issued = read_register(repo)
    for k in range(1, len(issued) + 1):
        write_register(repo, issued[:k])  # the first k issued drafts
        cold = Measure(f"`make site`, {k} bản dự thảo, dựng mới tất cả")
        warm = Measure(f"`make site`, {k} bản dự thảo, dùng lại bản đã dựng")
        for i in range(runs):
            cache = tmp / f"site-cache-{k}-{i}"
            cmd = [python, "-m", "build_scripts.cli.site", "--out", str(tmp / "site-out"), "--cache", str(cache)]
            s, m, _r = timed(cmd, repo)
            cold.add(s, m)
            s, m, r = timed(cmd, repo)
            warm.add(s, m)
            warm.note = "không dựng lại bản nào" if "dựng mới 0" in r.stdout else "CÓ dựng lại"
            shutil.rmtree(cache, ignore_errors=True)
        cold.note = "HTML + PDF của từng bản, trang so sánh, trang chủ"
        results += [cold, warm]
    return results


def run(runs: int, quick: bool, scale: int, out: Path) -> list[Measure]:
    results: list[Measure] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp_name:
        tmp = Path(tmp_name)
        repo = scratch_copy(tmp)
        python = py(repo)

        plain = tmp / "plain"
        render_plain_sources(repo, plain)
        cold_html = Measure("Dựng HTML lần đầu (cold)")
        cold_pdf = Measure("Dựng PDF lần đầu (cold)")
        plain_html = Measure("Sphinx thuần, cùng văn bản đã điền số (HTML)")
        plain_pdf = Measure("Sphinx + rinohtype thuần, cùng văn bản (PDF)")
        # Ours and plain in pairs, so that both see the same machine state; an HTML build
        # takes about a second, so it is measured more often than the rest.
        plain_out = tmp / "plain-out"
        for i in range(max(runs, HTML_RUNS)):
            paired_run(
                i,
                (cold_html, lambda: cold_build(python, repo, "html")),
                (plain_html, lambda: cold_plain(repo, plain, "html", plain_out / "html")),
            )
            if i == 0:  # the comparison is fair only if both built the same pages
                differ = different_pages(repo / "_build" / "html", plain_out / "html")
                if differ:
                    raise RuntimeError(
                        "Sphinx thuần không dựng ra cùng các trang như bản dựng của dự án: " + ", ".join(differ[:5])
                    )
            if i < max(runs, PDF_RUNS):
                paired_run(
                    i,
                    (cold_pdf, lambda: cold_build(python, repo, "pdf")),
                    (plain_pdf, lambda: cold_plain(repo, plain, "rinoh", plain_out / "pdf")),
                )
        # The Word edition: no plain counterpart (Sphinx has no .docx builder), so its own time.
        cold_docx = Measure("Dựng Word lần đầu (cold)")
        for _ in range(max(runs, 3)):
            cold_docx.add(*cold_build(python, repo, "docx"))
        cold_docx.note = "HTML, PDF và Word là ba lần dựng riêng; `make` dựng cả ba"
        results += [cold_html, cold_pdf, cold_docx]
        fresh, fresh_plain = measure_uncompiled(repo, plain, plain_out, python, runs)

        timed(make(repo), repo)  # everything current
        no_change = Measure("`make` khi không có gì thay đổi")
        for _ in range(max(runs, 3)):
            s, m, r = timed(make(repo), repo)
            no_change.seconds.append(s)
            no_change.note = "không chạy Sphinx/rinohtype" if "Đã dựng" not in r.stdout else "CÓ dựng lại"
        results.append(no_change)

        for label, edit, note in (
            ("Sửa một đoạn văn, dựng lại HTML", edit_paragraph, "tệp được đọc lại"),
            ("Sửa một số liệu, dựng lại HTML", edit_number, "tệp được đọc lại (chỉ tệp dùng số liệu đó)"),
        ):
            rebuild = Measure(label)
            for i in range(runs):
                edit(repo, i)
                s, m, r = timed(our_build(python, "html"), repo, {"VERBOSE": "1"})
                rebuild.seconds.append(s)
                rebuild.note = f"{docs_read(r.stdout)} {note}"
            results.append(rebuild)

        for target, label in (("check", "`make check`"), ("lint", "`make lint`")):
            measure = Measure(label)
            probe = subprocess.run(["make", "-n", target], cwd=repo, capture_output=True, text=True)
            if probe.returncode != 0:
                measure.note = "chưa có lệnh này"
            else:
                for _ in range(runs):
                    start = time.perf_counter()
                    subprocess.run(make(repo, target), cwd=repo, capture_output=True, text=True)
                    measure.seconds.append(time.perf_counter() - start)
                measure.note = "(kể cả khi báo phát hiện)"
            results.append(measure)

        results += [plain_html, plain_pdf, fresh, fresh_plain]
        results += [
            Measure(
                "Chi phí lớp của dự án (HTML)",
                note=PairedOverhead(cold_html.seconds, plain_html.seconds).describe(OVERHEAD_TARGET),
            ),
            Measure(
                "Chi phí lớp của dự án (PDF)",
                note=PairedOverhead(cold_pdf.seconds, plain_pdf.seconds).describe(OVERHEAD_TARGET),
            ),
            Measure(
                "Chi phí lớp của dự án (HTML, chưa có mã đã biên dịch)",
                note=PairedOverhead(fresh.seconds, fresh_plain.seconds).describe(None)
                + " — chỉ để biết: lần dựng đầu tiên sau khi sao chép",
            ),
            measure_instructions(repo, plain, plain_out, python),
        ]

        results += measure_site(tmp, python, runs)

        if not quick and scale > 1:
            big = scratch_copy(tmp, "big")
            scale_report(big, scale)
            for kind in ("html", "pdf", "docx"):
                measure = Measure(f"Báo cáo gấp {scale} lần: dựng {'Word' if kind == 'docx' else kind.upper()} lần đầu")
                # The real report is built again right before the big one: the machine's speed
                # drifts over a run of several minutes, and the ratio should not measure that.
                base, base_mb = cold_build(python, repo, kind)
                s, m = cold_build(python, big, kind)
                measure.add(s, m)
                measure.note = (
                    f"{s / base:.1f}× thời gian, {m / base_mb:.1f}× bộ nhớ của bản thật dựng ngay trước đó "
                    f"({base:.2f} giây, {base_mb:.0f} MB; tuyến tính: {scale}×)"
                )
                results.append(measure)
    write_results(results, out, runs)
    return results


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        model = next(
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        )
        cpu = model
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} lõi ({cpu}), {mem:.0f} GiB RAM, Python {platform.python_version()}, {platform.system()}"


def write_results(results: list[Measure], out: Path, runs: int) -> None:
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    table = [
        f"Đo ngày {stamp} trên máy: {machine()}; mỗi phép đo chạy {runs} lần "
        f"(dựng lần đầu: HTML {max(runs, HTML_RUNS)} cặp, PDF {max(runs, PDF_RUNS)} cặp, "
        "mỗi cặp gồm bản dựng của dự án và Sphinx thuần chạy liền nhau).",
        "",
        "| Phép đo | Trung vị (giây) | Khoảng (giây) | Bộ nhớ đỉnh (MB) | Ghi chú |",
        "|---|---|---|---|---|",
        *[m.row() for m in results],
    ]
    text = "\n".join(table) + "\n"
    out.write_text("# Kết quả đo tốc độ dựng\n\n" + text, encoding="utf-8")
    readme = REPO / "README.md"
    if readme.exists():
        content = readme.read_text(encoding="utf-8")
        if README_START in content and README_END in content:
            before, rest = content.split(README_START, 1)
            _old, after = rest.split(README_END, 1)
            readme.write_text(before + README_START + "\n" + text + README_END + after, encoding="utf-8")
    print(text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m build_scripts.bench.run", description="Đo tốc độ dựng báo cáo.")
    parser.add_argument("--runs", type=int, default=3, help="số lần chạy mỗi phép đo (mặc định 3)")
    parser.add_argument("--scale", type=int, default=10, help="hệ số phóng to báo cáo (mặc định 10)")
    parser.add_argument("--quick", action="store_true", help="bỏ qua phép đo báo cáo phóng to")
    parser.add_argument("--out", type=Path, default=REPO / "BENCHMARK.md")
    args = parser.parse_args(argv)
    run(args.runs, args.quick, args.scale, args.out)


if __name__ == "__main__":
    main()
