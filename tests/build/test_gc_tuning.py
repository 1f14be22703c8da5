"""Python's garbage collector is set for the build.

The PDF build holds ~290 MB of objects; with Python's default thresholds it scanned them all
eleven times, 2.4 s of a 20 s build (measured for issue 8). The setting is an extension of
conf.py, so the benchmark's plain Sphinx, which keeps our extensions but the data layer, runs
with it too: the overhead of our layer is still measured like for like.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from conftest import REPO

from build_scripts.sphinx_ext import gc_tuning


class _App:
    def __init__(self):
        self.handlers = {}

    def connect(self, event, handler, priority=500):
        self.handlers[event] = handler


def test_the_build_runs_with_fewer_collections_to_its_end():
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)  # Python's defaults, whatever the test process runs with
        gc_tuning.setup(_App())
        young, middle, old = gc.get_threshold()
        # young collections every 10,000 new objects or more (default: 700), and a scan of
        # everything the build holds at least 100 times rarer than by default (700 × 10 × 10)
        assert young >= 10_000
        assert young * middle * old >= 100 * 700 * 10 * 10
    finally:
        gc.set_threshold(*before)


def test_what_the_build_holds_is_not_scanned_again_as_the_process_ends():
    # Python collects garbage once more on its way out, and tears down every object: after a
    # PDF build that took 1.6 s, after an HTML build 0.3 s of a 1 s build. Frozen at exit, the
    # objects are left to the operating system, which frees the process's memory at once.
    probe = (
        "import atexit, gc, sys; sys.path.insert(0, '.');"
        "from build_scripts.sphinx_ext import gc_tuning;"
        "App = type('App', (), {'connect': lambda *a, **k: None});"
        "held = [[i] for i in range(1000)];"
        "gc_tuning.setup(App()); gc_tuning.setup(App());"
        "print(gc.get_freeze_count()); atexit._run_exitfuncs(); print(gc.get_freeze_count())"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    before, after = map(int, result.stdout.split())
    assert before == 0 and after >= 1000


def test_our_build_and_the_benchmarks_plain_sphinx_both_load_it(tmp_path: Path):
    # Loaded through conf.py's one extension: the configuration the build reads, and the one the
    # bench's plain Sphinx keeps (it drops only our data layer), both set it up.
    probe = (
        "import importlib, sys; sys.path.insert(0, '.');"
        "from sphinx.config import Config; from sphinx.util.tags import Tags;"
        "c = Config.read('.', overrides={}, tags=Tags());"
        "App = type('App', (), {'loaded': [], 'setup_extension': lambda self, n: self.loaded.append(n),"
        " '__getattr__': lambda self, n: (lambda *a, **k: None)});"
        "app = App(); [importlib.import_module(e).setup(app) for e in c.extensions];"
        "print(c.extensions, 'build_scripts.sphinx_ext.gc_tuning' in app.loaded,"
        " 'build_scripts.sphinx_ext.data_layer' in app.loaded)"
    )
    ours = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True)
    assert ours.stdout.strip().endswith("True True"), ours.stdout + ours.stderr

    from build_scripts.bench.run import render_plain_sources, scratch_copy

    repo = scratch_copy(tmp_path)
    render_plain_sources(repo, tmp_path / "plain")
    theirs = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path / "plain", capture_output=True, text=True)
    assert theirs.stdout.strip().endswith("True False"), theirs.stdout + theirs.stderr
