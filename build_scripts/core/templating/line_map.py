"""Lines of the rendered (Jinja-filled) text mapped back to the lines the committee wrote."""

from __future__ import annotations

import difflib
import re
from functools import cached_property
from pathlib import Path

from build_scripts.core.templating.render import JINJA_TAG


class LineMap:
    """For each line of the rendered text (index 0 = line 1), the source line it comes from.

    Computed on first use: only a build with a warning to report needs it.
    """

    def __init__(self, source: str, rendered: str):
        self._texts = (source, rendered)

    @cached_property
    def _mapping(self) -> list[int]:
        return line_map(*self._texts)

    def __len__(self) -> int:
        return len(self._mapping)

    def __getitem__(self, index):
        return self._mapping[index]


def _rendered_as(line: str):
    """What a source line prints: itself; with tags, its own text with anything in place of each
    tag (a compiled pattern); nothing of its own (None) for a line of control tags only."""
    if "{" not in line:
        return line
    parts = JINJA_TAG.split(line)
    if "".join(parts).strip() or "{{" in line or "{% include" in line:
        return re.compile(".*".join(re.escape(part) for part in parts), re.S)
    return None


def line_map(source: str, rendered: str) -> list[int]:
    """For each line of the rendered text (index 0 = line 1), the source line it comes from.

    The lines with text of their own are aligned (difflib); where placeholders changed them, a
    source line takes, in order, the first rendered line its own text matches. Every other
    rendered line (what a loop, a macro or an include printed, a blank line) comes from the
    source line of the last line aligned above it. Blank lines are left out of the alignment:
    they are alike, and pairing them pairs the wrong lines around them.
    """
    src, out = source.splitlines(), rendered.splitlines()
    if len(src) == len(out) and all(s == o for s, o in zip(src, out) if "{" not in s):
        return list(range(1, len(out) + 1))  # placeholders filled in on their own lines
    src_text = [i for i, line in enumerate(src) if line.strip()]
    out_text = [j for j, line in enumerate(out) if line.strip()]
    aligned: dict[int, int] = {}  # rendered line index -> source line index
    matcher = difflib.SequenceMatcher(None, [src[i] for i in src_text], [out[j] for j in out_text], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            aligned.update((out_text[j1 + k], src_text[i1 + k]) for k in range(i2 - i1))
            continue
        j = j1
        for i in src_text[i1:i2]:
            shape = _rendered_as(src[i])
            if shape is None:
                continue
            for k in range(j, j2):
                line = out[out_text[k]]
                if line == shape if isinstance(shape, str) else shape.fullmatch(line):
                    aligned[out_text[k]] = i
                    j = k + 1
                    break
    mapping, current = [], 1
    for j in range(len(out)):
        if j in aligned:
            current = aligned[j] + 1
        mapping.append(current)
    return mapping


def source_line(where: str, line: str | None, line_maps: dict | None) -> str | None:
    """The line in the user's file for a line of the rendered (Jinja-filled) text."""
    if not line or not line_maps:
        return line
    try:
        mapping = line_maps.get(str(Path(where).resolve()))
    except OSError:
        return line
    n = int(line)
    if mapping and 0 < n <= len(mapping):
        return str(mapping[n - 1])
    return line


def line_of_entry(path: str, docname: str) -> str | None:
    """The line of ``path`` that lists ``docname`` in a toctree (relative to the file or not)."""
    wanted = {docname, docname.rsplit("/", 1)[-1]}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for n, line in enumerate(lines, 1):
        if line.strip().removesuffix(".md") in wanted:
            return str(n)
    return None
