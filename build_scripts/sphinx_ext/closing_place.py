"""Sphinx extension: the closing of the report (Nơi nhận, signature) ends its text.

The closing is the ``ket-van-ban`` table that ``templates/snippets/ket_van_ban.md.j2`` makes,
included at the end of the last part. A part added to the table of contents after that one
was printed after the signature, and nothing said so. After the documents are read
(``env-check-consistency``), a part that follows the closing in reading order stops the build,
named at its table-of-contents entry, unless it is an appendix (its title starts "Phụ lục").
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from build_scripts.core.messages import SourceLocation, UserError, UserErrors, display_path
from build_scripts.core.report_structure import CLOSING_CLASS, CLOSING_INCLUDE, CLOSING_SNIPPET, is_appendix_title
from build_scripts.core.templating.line_map import line_of_entry

ENV_KEY = "bao_cao_closing_docs"  # the documents that hold a closing


def _closing_docs(env) -> set[str]:
    docs = getattr(env, ENV_KEY, None)
    if docs is None:
        docs = set()
        setattr(env, ENV_KEY, docs)
    return docs


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    docs = _closing_docs(app.env)
    docs.discard(app.env.docname)
    if any(CLOSING_CLASS in table["classes"] for table in doctree.findall(nodes.table)):
        docs.add(app.env.docname)


def on_env_purge_doc(app: Sphinx, env, docname: str) -> None:
    _closing_docs(env).discard(docname)


def on_env_merge_info(app: Sphinx, env, docnames, other) -> None:
    _closing_docs(env).update(d for d in getattr(other, ENV_KEY, set()) if d in docnames)


def reading_order(env) -> list[str]:
    """The documents in the order the report prints them (the toctrees from the root)."""
    order: list[str] = []

    def walk(docname: str) -> None:
        if docname in order:
            return
        order.append(docname)
        for child in env.toctree_includes.get(docname, []):
            walk(child)

    walk(env.config.root_doc)
    return order


def _title(env, docname: str) -> str:
    title = env.titles.get(docname)
    text = title.astext().strip() if title is not None else ""
    return text if text and text != "<no title>" else docname


def _parent(env, docname: str) -> str | None:
    return next((p for p, children in env.toctree_includes.items() if docname in children), None)


def _is_appendix(env, docname: str) -> bool:
    """An appendix ("Phụ lục …"), or a part of one (listed in an appendix's contents)."""
    seen = set()
    while docname is not None and docname not in seen:
        seen.add(docname)
        if is_appendix_title(_title(env, docname)):
            return True
        docname = _parent(env, docname)
    return False


def _entry_location(env, docname: str) -> SourceLocation | None:
    """The table-of-contents line that puts ``docname`` where it is."""

    parent = _parent(env, docname)
    if parent is None:
        return None
    path = env.doc2path(parent)
    line = line_of_entry(str(path), docname)
    return SourceLocation(Path(path), int(line) if line else 0)


def _include_line(path: Path) -> int | None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, line in enumerate(lines, 1) if CLOSING_SNIPPET in line), None)


def on_env_check_consistency(app: Sphinx, env) -> None:
    closing = _closing_docs(env)
    order = reading_order(env)
    ends = [d for d in order if d in closing]
    if not ends:
        return
    last = ends[0]
    closing_path = Path(env.doc2path(last))
    include = _include_line(closing_path)
    where = display_path(closing_path) + (f":{include}" if include else "")
    at = order.index(last)
    text_parts = [d for d in order if not _is_appendix(env, d)]
    final_part = display_path(env.doc2path(text_parts[-1])) if text_parts else None
    problems = []
    for docname in order[at + 1 :]:
        if _is_appendix(env, docname):
            continue
        path = display_path(env.doc2path(docname))
        problems.append(
            UserError(
                f"Phần “{_title(env, docname)}” ({path}) đứng sau phần kết của văn bản (Nơi nhận, chữ ký ở {where}): "
                "bản in sẽ có phần này sau chữ ký.",
                _entry_location(env, docname),
                f"Chuyển dòng {CLOSING_INCLUDE} từ {where} xuống cuối phần cuối cùng của "
                f"văn bản ({final_part}), hoặc đặt phần này trước phần có chữ ký trong mục lục. Chỉ Phụ lục được "
                "đứng sau chữ ký, và Phụ lục đứng sau mọi phần của văn bản.",
            )
        )
    for docname in order[:at]:
        if _is_appendix(env, docname) and not _is_appendix(env, _parent(env, docname) or ""):
            path = display_path(env.doc2path(docname))
            problems.append(
                UserError(
                    f"Phụ lục “{_title(env, docname)}” ({path}) đứng trước phần kết của văn bản (Nơi nhận, chữ ký ở "
                    f"{where}): bản in sẽ có Phụ lục giữa các phần của báo cáo.",
                    _entry_location(env, docname),
                    f"Trong mục lục, đặt Phụ lục sau mọi phần của văn bản; dòng {CLOSING_INCLUDE} ở cuối phần "
                    "cuối cùng trước Phụ lục.",
                )
            )
    if problems:
        raise UserErrors(problems) if len(problems) > 1 else problems[0]


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", on_doctree_read)
    app.connect("env-purge-doc", on_env_purge_doc)
    app.connect("env-merge-info", on_env_merge_info)
    app.connect("env-check-consistency", on_env_check_consistency)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
