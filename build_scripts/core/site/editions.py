"""The two editions of the intranet site (issue 28), laid out as one tree::

    index.html, du-thao-lan-N/, moi-nhat/, pdf/, so-sanh/    the readers' edition (delegates,
                                                            party members): no committee note
    to-bien-tap/                                            the committee's edition: the same
        index.html, du-thao-lan-N/, …                       layout, every note; and pages only
        gop-y/                                              the committee may read (the review
                                                            register's reports)

The web server serves the whole tree at ``/`` to readers and committee, ``/to-bien-tap/`` to the
committee only (README, nginx). The readers' part is built from other builds (the readers'
editions, ``builds``), its comparisons from the texts with the notes cut out; then every one of
its files is searched for a trace of the committee's edition, and a site with one is refused.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from build_scripts.core.drafts.errors import DraftError
from build_scripts.core.redline.snapshot import Snapshot
from build_scripts.core.report_structure import OPENING
from build_scripts.core.site.assemble import assemble
from build_scripts.core.site.builds import DraftBuild
from build_scripts.core.site.traces import COMMITTEE_DIR, committee_traces

#: the review register's reports, inside the committee's edition
REVIEW_DIR = "gop-y"
COMMITTEE_TITLE = "Báo cáo Chính trị — các bản dự thảo (bản của tổ biên tập, có ghi chú)"

_FENCE = re.compile(r"^\s*(:{3,}|`{3,}|~{3,})")


def without_notes(text: str) -> str:
    """A MyST text without its ``{ghi-chu}`` blocks, each line blanked (line numbers kept).

    A block closes at a line of the same fence character at least as long as its opening (so a
    block nested inside the note, with a shorter fence, does not close it)."""
    lines = text.split("\n")
    out: list[str] = []
    fence = ""
    for line in lines:
        if fence:
            stripped = line.strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                fence = ""
            out.append("")
            continue
        if OPENING.match(line):
            fence = _FENCE.match(line).group(1)
            out.append("")
            continue
        out.append(line)
    return "\n".join(out)


def readers_snapshot(snap: Snapshot) -> Snapshot:
    """The snapshot a readers' comparison is made from: its texts without the notes."""
    return replace(snap, texts={path: without_notes(text) for path, text in snap.texts.items()})


def assemble_editions(
    readers_builds: list[DraftBuild],
    readers_redlines: dict[tuple[int, int], str],
    committee_builds: list[DraftBuild],
    committee_redlines: dict[tuple[int, int], str],
    out: Path,
    co_quan: str = "",
    committee_pages: Mapping[str, str | bytes] | None = None,
    redline_pdfs: dict[tuple[int, int], Path] | None = None,
    reviews: dict[int, str] | None = None,
) -> None:
    """Write both editions into ``out`` (which must not exist); ``committee_pages``: more files
    of the committee's edition, by path inside it (e.g. ``gop-y/tong-hop.html``)."""
    staging = out.parent / f".{out.name}-{COMMITTEE_DIR}"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        assemble(
            committee_builds,
            committee_redlines,
            staging,
            co_quan=co_quan,
            title=COMMITTEE_TITLE,
            redline_pdfs=redline_pdfs,
            committee=True,
            reviews=reviews,
        )
        (staging / REVIEW_DIR).mkdir(exist_ok=True)
        for rel, content in (committee_pages or {}).items():
            target = (staging / rel).resolve()
            if not target.is_relative_to(staging.resolve()):
                raise DraftError(f"Trang của tổ biên tập phải nằm trong {COMMITTEE_DIR}/: {rel}")
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        assemble(readers_builds, readers_redlines, out, co_quan=co_quan, redline_pdfs=redline_pdfs)
        staging.rename(out / COMMITTEE_DIR)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    traces = committee_traces(out)
    if traces:
        raise DraftError(
            "Bản cho người đọc còn dấu vết của bản tổ biên tập (ghi chú), nên trang không được dựng:\n"
            + "\n".join(f"  - {t}" for t in traces[:20])
            + "\nĐây là lỗi của mã dựng trang (build_scripts/core/site/), không phải của văn bản: báo cho người phát triển."
        )
