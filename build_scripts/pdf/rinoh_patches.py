"""Sphinx extension: fixes to rinohtype 0.5.6, applied when (and only when) a PDF is built.

The fixes themselves live in :mod:`build_scripts.pdf.footnote_fix` (footnotes that are never
lost). They are applied at ``builder-inited`` for the ``rinoh`` builder, so that an HTML
build never imports rinohtype.

Switch: ``BAO_CAO_SUA_CHU_THICH=0`` in the environment, or ``bao_cao_rinoh_footnote_fix =
False`` in conf.py, leaves rinohtype unpatched (the tests use it to show the bug).
"""

from __future__ import annotations

import os

from build_scripts.core.settings import report_settings

ENV_SWITCH = "BAO_CAO_SUA_CHU_THICH"
PDF_BUILDER = "rinoh"


def is_enabled(config=None) -> bool:
    if os.environ.get(ENV_SWITCH, "1").strip() in ("0", "false", "no", "off"):
        return False
    if config is not None and not report_settings(config).rinoh_footnote_fix:
        return False
    return True


def apply_patch() -> bool:
    """Patch rinohtype (once per process). Returns True when the patch is active."""
    from build_scripts.pdf.footnote_fix import apply_patch as apply_footnote_fix

    return apply_footnote_fix()


def _on_builder_inited(app) -> None:
    if app.builder.name == PDF_BUILDER and is_enabled(app.config):
        apply_patch()


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
