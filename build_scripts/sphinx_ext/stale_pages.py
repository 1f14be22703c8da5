"""Sphinx extension: the page of a document removed since the last build goes with it.

A build starts from the last good output (build_scripts/build.py), and Sphinx itself never
deletes a page it wrote before. So when the committee renames or removes a part, its old page
stayed in ``_build/html`` with the old text, reachable by its address. At ``env-get-outdated``
Sphinx names the removed documents; their pages are deleted here, for the builders that write
one file per document (HTML, text). The PDF is one file, rewritten whole. Likewise the general
index page, once the configuration no longer asks for it (``html_use_index = False``).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx


def output_file(builder, docname: str) -> Path | None:
    """The file ``builder`` writes for ``docname``, or None for a builder of one whole file."""
    if hasattr(builder, "get_outfilename"):  # the HTML builders
        return Path(builder.get_outfilename(docname))
    if builder.name == "text":
        return Path(builder.outdir) / f"{docname}{builder.out_suffix}"
    return None


def on_env_get_outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    for docname in removed:
        path = output_file(app.builder, docname)
        if path is not None:
            path.unlink(missing_ok=True)
    return []


def on_build_finished(app: Sphinx, exception) -> None:
    if exception is None and app.builder.format == "html" and not app.config.html_use_index:
        (Path(app.outdir) / f"genindex{app.builder.out_suffix}").unlink(missing_ok=True)


def setup(app: Sphinx) -> dict:
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("build-finished", on_build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
