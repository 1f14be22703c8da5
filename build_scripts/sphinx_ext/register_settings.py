"""Sphinx extension: registers the project's settings (``bao_cao_*``) and checks them once."""

from __future__ import annotations

from sphinx.application import Sphinx

from build_scripts.core.settings import ReportSettings, report_settings


def on_config_inited(app: Sphinx, config) -> None:
    report_settings(config)  # a value of the wrong kind stops the build here, naming conf.py


def setup(app: Sphinx) -> dict:
    for name, default, kind in ReportSettings.declared():
        app.add_config_value(name, default, "env", kind)
    app.connect("config-inited", on_config_inited, priority=10)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
