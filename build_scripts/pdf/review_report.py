"""The PDF of the review report (``make gop-y``), typeset by the report's own machinery.

Its one MyST page (:func:`build_scripts.core.review.summary.render_myst`) is put in a folder of
its own and built with the project's conf.py, extensions, templates and rinohtype stylesheet —
so the header block is the report's (``templates/snippets/dau_van_ban.md.j2`` with van_ban.yaml)
and the fonts, sizes and margins are the Party layout of the report. Only the document entry
differs: its own file name, title and subject, and no "DỰ THẢO" watermark (it is no draft).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from pathlib import Path

from build_scripts.core.messages import UserError


def build_review_pdf(root: Path, myst: str, target: Path, title: str, subject: str) -> Path:
    """Typeset ``myst`` into ``target``; the old ``target`` stays until the new one is complete."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    root = Path(root).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".dang-dung-gop-y-", dir=target.parent) as work:
        work = Path(work)
        src = work / "src"
        src.mkdir()
        (src / "index.md").write_text(myst, encoding="utf-8")
        warnings = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), patch_docutils(root), docutils_namespace():
            app = Sphinx(
                srcdir=str(src),
                confdir=str(root),
                outdir=str(work / "out"),
                doctreedir=str(work / "doctrees"),
                buildername="rinoh",
                status=None,
                warning=warnings,
                freshenv=True,
            )
            entry = dict(app.config.rinoh_documents[0])
            entry.pop("watermark", None)
            entry.update(target=target.stem, title=title, subtitle="", subject=subject, keywords=subject)
            app.config.rinoh_documents = [entry]
            # its title is not van_ban.yaml's: the check of how that title's lines wrapped does not apply
            app.builder.warn_about_wrapped_title = lambda pdf_path: None
            app.build()
        built = work / "out" / f"{target.stem}.pdf"
        problems = [line for line in warnings.getvalue().splitlines() if "WARNING" in line or "ERROR" in line]
        if app.statuscode != 0 or not built.is_file() or problems:
            raise UserError(
                "Không dựng được bản PDF của báo cáo tổng hợp góp ý:\n  " + "\n  ".join(problems[:10]),
                None,
                "Báo cho người phụ trách kỹ thuật (build_scripts/pdf/review_report.py), kèm thông báo này.",
            )
        staged = target.with_name(f".tam-{target.name}")
        shutil.copy2(built, staged)
        os.replace(staged, target)
    return target
