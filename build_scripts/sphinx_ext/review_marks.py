"""Sphinx extension: in the committee's HTML, a paragraph reviewers commented on shows how many.

The register (``source_data/gop_y/lan-N/*.yaml``, :mod:`build_scripts.core.review.register`) ties
each comment to a paragraph identity. Identities survive edits of other paragraphs, so while the
committee writes draft N+1 its working HTML marks the paragraphs that drew comments on draft N
(and earlier), with their ids on hover. Not in the readers' edition nor in the final document.
A register changed since the last build re-writes every page (its marks are in all of them).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import defaultdict
from pathlib import Path
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.application import Sphinx

from build_scripts.core.review.register import FOLDER, load_register
from build_scripts.core.settings import report_settings

MARK_CLASS = "so-gop-y"
ENV_KEY = "bao_cao_review_digest"
_DRAFT_FOLDER = re.compile(r"^lan-(\d+)$")


def _wanted(app: Sphinx) -> bool:
    settings = report_settings(app.config)
    return app.builder.format == "html" and not settings.final and not settings.readers_edition


def _folders(root: Path) -> list[tuple[int, Path]]:
    """``(N, folder)`` of each draft the register has comments on."""
    base = root / FOLDER
    if not base.is_dir():
        return []
    return sorted((int(m.group(1)), p) for p in base.iterdir() if p.is_dir() and (m := _DRAFT_FOLDER.match(p.name)))


def _digest(root: Path) -> str:
    digest = hashlib.sha1()
    for _n, folder in _folders(root):
        for path in sorted(folder.glob("*.y*ml")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


#: per application: paragraph identity -> the comments on it
_MARKS: WeakKeyDictionary = WeakKeyDictionary()


def on_builder_inited(app: Sphinx) -> None:
    if not _wanted(app):
        return
    root = Path(app.confdir)
    by_paragraph: dict[str, list] = defaultdict(list)
    for n, _folder in _folders(root):
        for comment in load_register(root, n):  # a mistake stops the build with its file and line
            if comment.doan_van:
                by_paragraph[comment.doan_van].append(comment)
    _MARKS[app] = dict(by_paragraph)


def on_env_get_outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    if not _wanted(app):
        return []
    digest = _digest(Path(app.confdir))
    if getattr(env, ENV_KEY, None) == digest:
        return []
    setattr(env, ENV_KEY, digest)
    return sorted(env.found_docs - set(removed))


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    marks = _MARKS.get(app)
    if not marks:
        return
    for paragraph in doctree.findall(nodes.paragraph):
        ids = paragraph.get("ids") or []
        comments = marks.get(ids[0]) if ids else None
        if not comments:
            continue
        listed = ", ".join(f"{c.id} ({c.don_vi})" for c in comments)
        label = f"{len(comments)} ý kiến góp ý: {listed}"
        mark = (
            f'<span class="{MARK_CLASS}" title="{html.escape(label)}" aria-label="{html.escape(label)}">'
            f"{len(comments)}</span>"
        )
        paragraph.insert(0, nodes.raw("", mark, format="html"))


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("doctree-resolved", on_doctree_resolved)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
