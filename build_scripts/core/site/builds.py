"""Build one issued commit (HTML + PDF) in a temporary git worktree, cached by hash.

Two builds per commit (issue 28):

- the committee's edition: the commit built with its own code, as it was issued (cached by commit);
- the readers' edition: the files that were sent out. A commit whose own code builds a readers'
  edition (``build --ban-doc``) and a Word file is built with that code: the PDF and the .docx are the
  issued bytes, whose SHA-256 the register keeps (:mod:`build_scripts.core.drafts.issued`). An older
  commit's own code printed the committee's notes whatever it was asked, so it is never trusted
  with the readers' edition: its words and numbers (``docs/``, ``source_data/``,
  ``templates/snippets``, ``templates/macros``) are built by today's builder (:data:`BUILDER`: the
  code running ``make site``) with ``--ban-doc``, cached by commit and by a digest of that builder.
"""

from __future__ import annotations

import hashlib
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
from build_scripts.core.site.traces import committee_traces

META = "meta.json"
#: the code root running this module (the repository of `make site`)
CODE_ROOT = Path(__file__).resolve().parents[3]
#: what of today's tree builds a readers' edition; the rest of the commit's tree is its content
BUILDER = ("build_scripts", "conf.py", "templates/html", "templates/rinoh", "templates/locale", "templates/docx")


def builder_digest(root: Path = CODE_ROOT) -> str:
    """A hash of today's builder files (compiled caches left out)."""
    h = hashlib.sha256()
    for name in BUILDER:
        path = root / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        for f in files:
            if "__pycache__" in f.parts or f.suffix == ".pyc":
                continue
            h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def _use_todays_builder(tree: Path, root: Path = CODE_ROOT) -> None:
    """Replace the builder of the checked-out ``tree`` with today's (the words stay the commit's)."""
    for name in BUILDER:
        theirs, ours = tree / name, root / name
        if theirs.is_dir():
            shutil.rmtree(theirs)
        elif theirs.exists():
            theirs.unlink()
        if ours.is_dir():
            shutil.copytree(ours, theirs, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif ours.is_file():
            theirs.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ours, theirs)


@dataclass(frozen=True)
class DraftBuild:
    entry: RegisterEntry
    html: Path
    pdf: Path | None
    seconds: float
    reused: bool
    #: the Word file, for a draft whose own code writes one
    docx: Path | None = None


def readers_commands(tree: Path, pdf: bool = True, docx: bool = False) -> tuple[list[list[str]], Path, Path]:
    """The readers' edition (``build --ban-doc`` writes into ``_build/ban-doc/``), and the Word file."""
    py = sys.executable
    cmds = [[py, "-m", "build_scripts.cli.build", "html", "--ban-doc"]]
    if pdf:
        cmds.append([py, "-m", "build_scripts.cli.build", "pdf", "--ban-doc"])
        if docx:
            cmds.append([py, "-m", "build_scripts.cli.build", "docx"])
    return cmds, tree / "_build" / "ban-doc" / "html", tree / "_build" / "ban-doc" / "pdf"


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


def _run(cmd: list[str], cwd: Path, entry: RegisterEntry, readers: bool = False) -> None:
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)  # the PDF carries the draft's own date: the bytes that were issued
    env["PYTHONPATH"] = str(cwd) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        raise DraftError(
            f"Dựng {'bản cho người đọc của ' if readers else ''}dự thảo lần {entry.so} "
            f"(commit {entry.commit[:12]}, {REGISTER}:{entry.line}) "
            f"thất bại khi chạy '{' '.join(Path(c).name if i == 0 else c for i, c in enumerate(cmd))}':\n"
            f"{tail}\n"
            + (
                "Bản cho người đọc dựng lời văn và số liệu của commit đó bằng mã dựng hiện nay; "
                "nếu mã hiện nay không đọc được văn bản cũ, sửa mã dựng (không sửa commit đã phát hành). "
                if readers
                else ""
            )
            + "Trang web cũ (nếu có) vẫn giữ nguyên."
        )


def build_draft(
    repo: Path, entry: RegisterEntry, cache: Path, pdf: bool = True, readers: bool = False, digest: str = ""
) -> DraftBuild:
    """The HTML and PDF of ``entry``; built once per commit, then reused from ``cache``.

    ``pdf=False`` (a quick preview) builds the HTML only, cached separately. ``readers``: the
    readers' edition, by today's builder (``digest``: :func:`builder_digest`, computed once per site).
    """
    name = entry.commit
    own = readers and _commit_builds_own_readers_edition(repo, entry)
    if readers:
        name += "-ban-doc" if own else f"-ban-doc-{(digest or builder_digest())[:16]}"
    target = cache / (name if pdf else f"{name}-html")
    meta_path = target / META
    if meta_path.is_file():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        pdf = target / meta["pdf"] if meta.get("pdf") else None
        docx = target / meta["docx"] if meta.get("docx") else None
        return DraftBuild(entry, target / "html", pdf, meta["seconds"], reused=True, docx=docx)
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
            if own:
                cmds, html_out, pdf_dir = readers_commands(tree, pdf, docx=True)
            elif readers:
                _use_todays_builder(tree)
                cmds, html_out, pdf_dir = readers_commands(tree, pdf)
            else:
                cmds, html_out, pdf_dir = build_commands(tree, pdf)
            for cmd in cmds:
                _run(cmd, tree, entry, readers and not own)
            if own and committee_traces(html_out):
                # its own code printed the committee's notes even for readers: today's builder
                # makes the readers' edition (its PDF is then not the issued file, and the home page says so)
                own = False
                shutil.rmtree(tree / "_build", ignore_errors=True)
                _use_todays_builder(tree)
                cmds, html_out, pdf_dir = readers_commands(tree, pdf)
                for cmd in cmds:
                    _run(cmd, tree, entry, True)
            if not (html_out / "index.html").is_file():
                raise DraftError(f"Dựng dự thảo lần {entry.so} không tạo ra {html_out}/index.html.")
            staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=cache))
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
                pdf_rel = docx_rel = None
                if pdfs:
                    shutil.copy2(pdfs[0], staging / pdfs[0].name)
                    pdf_rel = pdfs[0].name
                word = tree / "_build" / "docx" / f"{pdf_name(entry.so).removesuffix('.pdf')}.docx"
                if own and pdf and word.is_file():
                    shutil.copy2(word, staging / word.name)
                    docx_rel = word.name
                seconds = round(time.monotonic() - started, 2)
                (staging / META).write_text(
                    json.dumps(
                        {
                            "commit": entry.commit,
                            "so": entry.so,
                            "pdf": pdf_rel,
                            "docx": docx_rel,
                            "seconds": seconds,
                            "ban_doc": readers,
                        }
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
    docx = target / docx_rel if docx_rel else None
    return DraftBuild(entry, target / "html", pdf, seconds, reused=False, docx=docx)


def _commit_builds_own_readers_edition(repo: Path, entry: RegisterEntry) -> bool:
    """Whether the commit's own code builds a readers' edition (``--ban-doc``) and a Word file (read
    from git, before any checkout)."""
    command = git(repo, "show", f"{entry.commit}:build_scripts/cli/build.py", check=False)
    docx = git(repo, "ls-tree", "--name-only", entry.commit, "build_scripts/docx/", check=False)
    return "--ban-doc" in command and bool(docx.strip())
