"""Sphinx extension for the benchmark's plain build: the committee notes, replayed from a file.

Plain Sphinx builds the text our layer has already rendered. Our build also adds the notes
for the committee, at ``doctree-read`` (``build_scripts.sphinx_ext.discrepancy_notes``). So that both
builds typeset the same pages, the benchmark computes those notes once, before it starts
timing, and writes them to a file (``bench_notes_file``). This extension puts them where our
build puts them, with the same code, and evaluates no rule.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from docutils import nodes
from sphinx.application import Sphinx

from build_scripts.sphinx_ext import BASE, OUTPUTS, setup_extensions
from build_scripts.sphinx_ext.discrepancy_notes import insert_notes


def write_notes(notes: dict[str, dict[int, list]], path: Path) -> None:
    """``{docname: {line: [discrepancy, …]}}`` as the file this extension reads."""
    data = {
        doc: {str(line): [[d.ma, d.mo_ta, d.ghi_chu] for d in found] for line, found in by_line.items()}
        for doc, by_line in notes.items()
        if by_line
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def on_builder_inited(app: Sphinx) -> None:
    name = app.config.bench_notes_file
    app.bench_notes = json.loads((Path(app.confdir) / name).read_text(encoding="utf-8")) if name else {}


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    entries = app.bench_notes.get(docname)
    if not entries or "orphan" in app.env.metadata.get(docname, {}):
        return
    insert_notes(
        doctree,
        {
            int(line): [SimpleNamespace(ma=ma, mo_ta=mo_ta, ghi_chu=note) for ma, mo_ta, note in found]
            for line, found in entries.items()
        },
    )


def setup(app: Sphinx) -> dict:
    # Every extension of ours but the data layer, which this build replaces.
    setup_extensions(app, BASE + OUTPUTS)
    app.add_config_value("bench_notes_file", "", "env", str)
    app.connect("builder-inited", on_builder_inited)
    app.connect("doctree-read", on_doctree_read)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
