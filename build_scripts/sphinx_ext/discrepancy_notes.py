"""Sphinx extension: known discrepancies are visible in drafts and block a final build.

- Draft build: after each paragraph that uses a value of a known discrepancy, a highlighted
  note for the committee ("Ghi chú cho tổ biên tập") says what disagrees and why.
- Readers' edition of a draft (``bao_cao_readers_edition``, ``build --ban-doc``): no notes.
- Final build (``bao_cao_final``): any known discrepancy stops the build, all listed at once.
- Incremental draft build: a page is re-read when its notes would change (a rule file edited,
  added or removed; a value that ends or starts a discrepancy shown on another page).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from build_scripts.core.discrepancies import known_run, notes_by_line, rendered_lines
from build_scripts.core.messages import UserError, UserErrors
from build_scripts.core.report_structure import NOTE_CLASS
from build_scripts.core.settings import report_settings
from build_scripts.sphinx_ext.state import data_layer, line_maps


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def insert_notes(doctree: nodes.document, by_line: dict[int, list]) -> None:
    """After the block that holds each line, a note for each discrepancy (``.ma``, ``.ghi_chu``)."""
    paragraphs = [p for p in doctree.findall(nodes.paragraph) if p.line]
    placed: set[str] = set()
    for line, found in sorted(by_line.items()):
        candidates = [p for p in paragraphs if p.line <= line]
        if not candidates:
            continue
        target = max(candidates, key=lambda p: p.line)
        # A note goes after the block that holds the paragraph (table, list, footnote or paragraph).
        boxes = [a for a in _ancestors(target) if isinstance(a, (nodes.table, nodes.Admonition))]
        anchor = boxes[-1] if boxes else target  # after the outermost table or box, not inside it
        while isinstance(anchor.parent, (nodes.list_item, nodes.footnote)):
            anchor = anchor.parent
        if isinstance(anchor, nodes.list_item):
            anchor = anchor.parent
        for d in found:
            if d.ma in placed:  # one note per discrepancy and page: the first place it shows
                continue
            placed.add(d.ma)
            # what readers see is the rule in words, never its id (d.ma: the id, kept for tools)
            note = nodes.admonition(classes=[NOTE_CLASS], ma=d.ma)
            note += nodes.title(text="Ghi chú cho tổ biên tập — số liệu chưa khớp")
            note += nodes.paragraph(text=f"{d.mo_ta.rstrip('. ')}.", classes=["quy-tac"])
            note += nodes.paragraph(text=d.ghi_chu)
            if isinstance(anchor, nodes.footnote):
                anchor += note
            else:
                anchor.parent.insert(anchor.parent.index(anchor) + 1, note)


def _known_run(app: Sphinx):
    """:func:`known_run` once per build, on the data the build already loaded (not a second load)."""
    layer = data_layer(app)
    if layer.known_run is None:
        source = Path(app.confdir) / report_settings(app.config).data_dir
        layer.known_run = known_run(source, Path(app.srcdir), layer.data)
    return layer.known_run


def on_builder_inited(app: Sphinx) -> None:
    if not report_settings(app.config).final:
        return
    from build_scripts.core.checks import known_discrepancies

    found = known_discrepancies(run=_known_run(app))
    if found:
        raise UserErrors(
            [
                UserError(
                    f"Sai lệch đã biết '{d.ma}' chưa được giải quyết: {d.mo_ta}.",
                    d.vi_tri_quy_tac,
                    f"{d.ghi_chu} Sửa số liệu hoặc văn bản, rồi bỏ đánh dấu sai lệch trong tệp quy tắc.",
                )
                for d in found
            ]
        )


ENV_KEY = "bao_cao_note_inputs"  # docname -> (references, notes shown): see on_env_get_outdated


def _notes_shown(by_line: dict[int, list]) -> tuple:
    """What a page's notes say and where: equal tuples mean the same notes on the page."""
    return tuple(sorted((line, d.ma, d.ghi_chu) for line, found in by_line.items() for d in found))


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    settings = report_settings(app.config)
    if settings.final or settings.readers_edition:
        return
    docname = app.env.docname
    if "orphan" in app.env.metadata.get(docname, {}):
        return  # pages outside the report (the overview cards) carry no notes
    path = Path(app.env.doc2path(docname))
    layer = data_layer(app)
    references = layer.references.get(docname) if layer else None
    if references is None:  # a document our renderer did not read (no data in it)
        from build_scripts.core.templating.references import scan_file

        references = scan_file(path)
    by_line = notes_by_line(_known_run(app), references, path)
    _note_inputs(app.env)[docname] = (references, _notes_shown(by_line))
    if by_line:
        line_map = line_maps(app.env).get(str(path.resolve()))
        insert_notes(doctree, rendered_lines(by_line, line_map))


def _note_inputs(env) -> dict:
    inputs = getattr(env, ENV_KEY, None)
    if inputs is None:
        inputs = {}
        setattr(env, ENV_KEY, inputs)
    return inputs


def on_env_get_outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Pages whose notes would change: a rule file was edited, added or removed, or a value
    changed the outcome of a rule whose values show on a page that does not use the changed
    value itself (the data extension re-reads only the pages that use it)."""
    if report_settings(app.config).final:
        return []
    inputs = getattr(env, ENV_KEY, {})
    if not inputs:
        return []
    run = _known_run(app)  # a broken rule file stops the build here, with its file:line
    return [
        docname
        for docname, (references, shown) in inputs.items()
        if docname not in changed
        and docname not in removed
        and docname in env.found_docs
        and _notes_shown(notes_by_line(run, references, Path(env.doc2path(docname)))) != shown
    ]


def on_env_purge_doc(app: Sphinx, env, docname: str) -> None:
    getattr(env, ENV_KEY, {}).pop(docname, None)


def on_env_merge_info(app: Sphinx, env, docnames, other) -> None:
    theirs = getattr(other, ENV_KEY, {})
    _note_inputs(env).update({d: theirs[d] for d in docnames if d in theirs})


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", on_builder_inited)
    app.connect("doctree-read", on_doctree_read)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-purge-doc", on_env_purge_doc)
    app.connect("env-merge-info", on_env_merge_info)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
