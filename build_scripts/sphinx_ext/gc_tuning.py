"""Sphinx extension: Python's garbage collector set for a build.

By default Python looks for reference cycles after every 700 new objects, and every tenth
time of a tenth time it scans everything the process holds. A build holds a lot, and keeps
it to the end: the PDF build ~290 MB of document tree and layout, scanned whole eleven times,
2.4 s of a 20 s build; the HTML build ~0.15 s of 1 s (measured for issue 8). Few of those
objects are ever garbage in cycles: with collection switched off entirely the PDF build used
300 MB instead of 290. With the thresholds below the build collects young objects every 50,000
new ones and seldom scans everything; its memory use is the same (290 MB).

The setting stays until the process ends, which for a build is right after it: set back to the
defaults at the end, Python scanned everything the build held once more on its way out (1.1 s).
And at its end the process freezes what it holds (``gc.freeze``): Python would otherwise collect
once more and tear down every object one by one on its way out, 1.6 s after a PDF build and
0.3 s after an HTML build of 1 s, for memory the operating system frees at once anyway.

Loaded from conf.py, so every build gets it: ``make``, ``make site``, ``make release``, and the
benchmark's plain Sphinx, which keeps our extensions but the data layer (the overhead of our
layer is still measured like for like).
"""

from __future__ import annotations

import atexit
import gc

from sphinx.application import Sphinx

THRESHOLDS = (50_000, 20, 20)


def setup(app: Sphinx) -> dict:
    gc.set_threshold(*THRESHOLDS)
    atexit.unregister(gc.freeze)  # once, however many builds the process runs
    atexit.register(gc.freeze)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
