"""Sphinx extension: stop a build whose draft number disagrees with git or the register.

On ``config-inited`` it runs ``build_scripts.core.drafts.identity_check.check_identity`` on
the project (the directory holding ``source_data/``); a disagreement is a
``DraftError`` (a UserError), shown in Vietnamese with file and line.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from build_scripts.core.drafts.identity_check import check_identity


def _project_root(confdir: Path) -> Path:
    for d in [confdir, *confdir.parents]:
        if (d / "source_data").is_dir():
            return d
    return confdir


def on_config_inited(app: Sphinx, config: Config) -> None:
    check_identity(_project_root(Path(app.confdir)))


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", on_config_inited, priority=200)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
