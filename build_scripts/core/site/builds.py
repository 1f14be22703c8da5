"""Build one issued commit (HTML + PDF) in a temporary git worktree, cached by hash."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from build_scripts.core.document import VAN_BAN, pdf_name, read_document_info
from build_scripts.core.drafts.errors import DraftError
from build_scripts.core.drafts.gitutil import commit_exists, git
from build_scripts.core.drafts.register import REGISTER, RegisterEntry

META = "meta.json"


@dataclass(frozen=True)
class DraftBuild:
    entry: RegisterEntry
    html: Path
    pdf: Path | None
    seconds: float
    reused: bool


def build_commands(tree: Path, pdf: bool = True) -> tuple[list[list[str]], Path, Path]:
    """The commands that build HTML and PDF in ``tree``, and where they write.

    The commit's own build module is preferred (``python -m build_scripts.cli.build html|pdf``,
    or ``build_scripts.build`` in a commit from before the package had its ``cli/``); a commit
    from before either existed is built with sphinx-build (HTML only).
    """
    py = sys.executable
    html_out = tree / "_build" / "html"
    pdf_dir = tree / "_build" / "pdf"
    scripts = tree / "build_scripts"
    module = next(
        (
            name
            for name, path in (
                ("build_scripts.cli.build", scripts / "cli" / "build.py"),
                ("build_scripts.build", scripts / "build.py"),
                ("build_scripts.build", scripts / "build" / "__main__.py"),
            )
            if path.is_file()
        ),
        None,
    )
    if module:
        cmds = [[py, "-m", module, "html"]]
        if (
            pdf
            and module == "build_scripts.cli.build"
            and "--ban-doc" in (scripts / "cli" / "build.py").read_text("utf-8")
        ):
            # the PDF that was sent out: the readers' edition, without the committee's notes
            cmds.append([py, "-m", module, "pdf", "--ban-doc"])
            return cmds, html_out, tree / "_build" / "ban-doc" / "pdf"
        if pdf:
            cmds.append([py, "-m", module, "pdf"])
        return cmds, html_out, pdf_dir
    if (tree / "conf.py").is_file():
        cmds = [[py, "-m", "sphinx", "-q", "-b", "html", "-c", str(tree), str(tree / "docs"), str(html_out)]]
        return cmds, html_out, pdf_dir
    if (tree / "docs" / "conf.py").is_file():
        cmds = [[py, "-m", "sphinx", "-q", "-b", "html", str(tree / "docs"), str(html_out)]]
        return cmds, html_out, pdf_dir
    raise DraftError(
        f"Không biết dựng commit này thế nào: không có build_scripts/build.py, conf.py hay docs/conf.py trong {tree}."
    )


def _run(cmd: list[str], cwd: Path, entry: RegisterEntry) -> None:
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)  # the PDF carries the draft's own date: the bytes that were issued
    env["PYTHONPATH"] = str(cwd) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        raise DraftError(
            f"Dựng dự thảo lần {entry.so} (commit {entry.commit[:12]}, {REGISTER}:{entry.line}) "
            f"thất bại khi chạy '{' '.join(Path(c).name if i == 0 else c for i, c in enumerate(cmd))}':\n"
            f"{tail}\nTrang web cũ (nếu có) vẫn giữ nguyên."
        )


def build_draft(repo: Path, entry: RegisterEntry, cache: Path, pdf: bool = True) -> DraftBuild:
    """The HTML and PDF of ``entry``; built once per commit, then reused from ``cache``.

    ``pdf=False`` (a quick preview) builds the HTML only, cached separately.
    """
    target = cache / (entry.commit if pdf else f"{entry.commit}-html")
    meta_path = target / META
    if meta_path.is_file() and pdf and not json.loads(meta_path.read_text(encoding="utf-8")).get("ban_doc"):
        shutil.rmtree(target)  # cached with the committee's notes in its PDF (before the readers' edition)
    if meta_path.is_file():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        pdf = target / meta["pdf"] if meta.get("pdf") else None
        return DraftBuild(entry, target / "html", pdf, meta["seconds"], reused=True)
    if not commit_exists(repo, entry.commit):
        raise DraftError(
            f"{REGISTER}:{entry.line}: không tìm thấy commit {entry.commit} (dự thảo lần {entry.so}) "
            "trong kho git này. Bản sao kho có đủ lịch sử không? Thử 'git fetch --unshallow'."
        )
    cache.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="site-wt-") as tmp:
        tree = Path(tmp) / "wt"
        git(repo, "worktree", "add", "--detach", "-q", str(tree), entry.commit)
        try:
            ident = read_document_info(tree)
            if ident.draft_number != entry.so:
                raise DraftError(
                    f"{REGISTER}:{entry.line}: sổ ghi commit {entry.commit[:12]} là dự thảo lần {entry.so}, "
                    f"nhưng {VAN_BAN.as_posix()}:{ident.number_location.line} ở commit đó ghi lần {ident.draft_number}. Sửa sổ cho đúng."
                )
            cmds, html_out, pdf_dir = build_commands(tree, pdf)
            for cmd in cmds:
                _run(cmd, tree, entry)
            if not (html_out / "index.html").is_file():
                raise DraftError(f"Dựng dự thảo lần {entry.so} không tạo ra {html_out}/index.html.")
            staging = Path(tempfile.mkdtemp(prefix=f".{entry.commit}-", dir=cache))
            try:
                shutil.copytree(
                    html_out,
                    staging / "html",
                    symlinks=False,
                    ignore=shutil.ignore_patterns(".doctrees", ".buildinfo", "_sources"),
                )
                pdfs = sorted(pdf_dir.glob("*.pdf")) if pdf and pdf_dir.is_dir() else []
                expected = pdf_dir / pdf_name(entry.so)
                if expected in pdfs:  # the draft's own PDF first, should there be others
                    pdfs.remove(expected)
                    pdfs.insert(0, expected)
                pdf_rel = None
                if pdfs:
                    shutil.copy2(pdfs[0], staging / pdfs[0].name)
                    pdf_rel = pdfs[0].name
                seconds = round(time.monotonic() - started, 2)
                (staging / META).write_text(
                    json.dumps(
                        {"commit": entry.commit, "so": entry.so, "pdf": pdf_rel, "seconds": seconds, "ban_doc": True}
                    ),
                    encoding="utf-8",
                )
                os.rename(staging, target)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        finally:
            git(repo, "worktree", "remove", "--force", str(tree), check=False)
            git(repo, "worktree", "prune", check=False)
    pdf = target / pdf_rel if pdf_rel else None
    return DraftBuild(entry, target / "html", pdf, seconds, reused=False)
