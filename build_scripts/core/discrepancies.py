"""Which known discrepancies (``make sai-lech``) show at which line of a document."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path


def known_run(source: Path, docs: Path, dataset=None):
    """The rules evaluated once, without the places of the values (see :func:`notes_by_line`).

    Only what a known discrepancy needs is evaluated: the rules marked as known discrepancies,
    and the derived values (``dat_ten``) later rules may read. A known rule that now holds is no
    longer a discrepancy (``make check`` reports it as stale), so it gets no note.
    """
    from build_scripts.core.checks import RULES_SUBDIR, CheckRun, load_rules, read_texts
    from build_scripts.core.checks.engine import evaluate_all
    from build_scripts.core.data import load_source_data

    rules_dir = source / RULES_SUBDIR
    rules = [r for r in load_rules(rules_dir) if r.known or r.dat_ten] if rules_dir.is_dir() else []
    dataset = dataset or load_source_data(source)
    texts = read_texts(docs) if any(r.kind == "ten_goi" for r in rules) else []
    return CheckRun(evaluate_all(rules, dataset, None, texts), dataset, {}, {}, {})


def notes_by_line(run, references: dict, path: Path) -> dict[int, list]:
    """The known discrepancies whose values show in the file ``path``, by line.

    ``references`` are the places of the data keys in that file (key -> places).
    """
    from dataclasses import replace

    from build_scripts.core.checks import known_discrepancies

    path = Path(path).resolve()
    resolved: dict[Path, Path] = {}  # each place's file, resolved once (a discrepancy has many places)
    by_line: dict[int, list] = defaultdict(list)
    for d in known_discrepancies(run=replace(run, references=references or {})):
        for place in d.vi_tri_van_ban:
            if place.path not in resolved:
                resolved[place.path] = Path(place.path).resolve()
            if resolved[place.path] == path and d not in by_line[place.line]:
                by_line[place.line].append(d)
    return by_line


def rendered_lines(by_line: dict[int, list], line_map) -> dict[int, list]:
    """``by_line`` (lines of the source) by lines of the rendered text, which the paragraphs of the
    doctree are numbered by. ``line_map``: for each rendered line, its source line
    (:class:`build_scripts.sphinx_ext.data_layer.LineMap`); none: the texts have the same lines.

    A source line goes to the last rendered line that comes from it or from a line above: a list
    a macro or a loop builds on one line gets its notes after its last item, and the lines a loop
    adds above do not push a note up among them.
    """
    if line_map is None:
        return by_line
    out: dict[int, list] = {}
    for line, found in by_line.items():
        last = max((n for n, source in enumerate(line_map, start=1) if source <= line), default=line)
        out.setdefault(last, []).extend(d for d in found if d not in out[last])
    return out
