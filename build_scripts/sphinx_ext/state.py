"""What the data layer holds during a build, in one typed place.

- :class:`DataLayer`: made once per process at ``config-inited`` (the data, the renderer) and the
  caches of that process. Kept per Sphinx application, not as loose attributes of it.
- Per-document results that the main process needs after reading (the errors to report, and
  the line maps that put Sphinx's warnings on the committee's lines) are kept in the
  environment, per document: under ``sphinx -j`` documents are read in other processes, and
  only the environment comes back (``env-merge-info``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from build_scripts.core.data import DataSet
from build_scripts.core.templating.render import Renderer


@dataclass
class DataLayer:
    data: DataSet
    renderer: Renderer
    #: data key -> digest of its value (the data does not change during a build)
    digests: dict[str, str] = field(default_factory=dict)
    #: docname -> where each data key shows in it (read in this process)
    references: dict[str, dict] = field(default_factory=dict)
    #: the known discrepancies, evaluated once (build_scripts.sphinx_ext.discrepancy_notes)
    known_run: Any = None


_LAYERS: WeakKeyDictionary = WeakKeyDictionary()


def attach(app, layer: DataLayer) -> None:
    _LAYERS[app] = layer


def data_layer(app) -> DataLayer | None:
    """The data layer of ``app``; None in a build without it (the benchmark's plain Sphinx)."""
    return _LAYERS.get(app)


ERRORS = "bao_cao_errors"  # docname -> [UserError], reported together when reading ends
LINE_MAPS = "bao_cao_line_maps"  # source path -> LineMap of the document read from it
PER_DOCUMENT = (ERRORS, LINE_MAPS)


def per_document(env, name: str) -> dict:
    found = getattr(env, name, None)
    if found is None:
        found = {}
        setattr(env, name, found)
    return found


def add_error(env, docname: str, error) -> None:
    per_document(env, ERRORS).setdefault(docname, []).append(error)


def errors_of(env, path=None) -> list:
    """The errors gathered so far (those of the file ``path`` only, when given)."""
    found = [e for errors in per_document(env, ERRORS).values() for e in errors]
    if path is not None:
        found = [e for e in found if e.location and str(e.location.path) == str(path)]
    return found


def line_maps(env) -> dict:
    return per_document(env, LINE_MAPS)
