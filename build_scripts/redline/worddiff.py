"""Word-level diff of two texts (difflib from the standard library).

Tokens are words, runs of spaces, single punctuation marks and whole Jinja
placeholders (``{{ ... }}``), so a placeholder is never split and a number
that lives in the data does not show up as a change in the prose.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from typing import Callable

_TOKEN = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\w+|\s+|[^\w\s]", re.S)
PLACEHOLDER = re.compile(r"^\{[{%#]")


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass
class WordDiff:
    html: str
    insertions: int   # number of inserted runs
    deletions: int    # number of deleted runs
    inserted_words: int
    deleted_words: int

    @property
    def changed(self) -> bool:
        return bool(self.insertions or self.deletions)


def _words(tokens: list[str]) -> int:
    return sum(1 for t in tokens if not t.isspace())


def diff_words(old: str, new: str, render_token: Callable[[str], str] | None = None) -> WordDiff:
    """HTML of ``new`` with ``<del>``/``<ins>`` marking the changes from ``old``."""
    render = render_token or html.escape
    if old == new:  # most sections of a new draft: nothing to compare
        return WordDiff("".join(render(t) for t in tokenize(new)), 0, 0, 0, 0)
    a, b = tokenize(old), tokenize(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out: list[str] = []
    ins = dels = ins_w = del_w = 0
    for tag, i1, i2, j1, j2 in _merge_small_equal(matcher.get_opcodes(), a):
        if tag == "equal":
            out.extend(render(t) for t in b[j1:j2])
            continue
        old_part, new_part = a[i1:i2], b[j1:j2]
        if old_part and _words(old_part):
            out.append("<del>" + "".join(render(t) for t in old_part) + "</del>")
            dels += 1
            del_w += _words(old_part)
        elif old_part:
            pass  # whitespace-only deletion: not worth a mark
        if new_part and _words(new_part):
            out.append("<ins>" + "".join(render(t) for t in new_part) + "</ins>")
            ins += 1
            ins_w += _words(new_part)
        elif new_part:
            out.extend(render(t) for t in new_part)
    return WordDiff("".join(out), ins, dels, ins_w, del_w)


def _merge_small_equal(opcodes, a: list[str]):
    """Join two changes separated only by whitespace, so a changed phrase reads as
    one deletion and one insertion rather than alternating word by word."""
    merged: list[list] = []
    for op in opcodes:
        tag, i1, i2, j1, j2 = op
        if (
            len(merged) >= 2
            and tag != "equal"
            and merged[-1][0] == "equal"
            and merged[-2][0] != "equal"
            and all(t.isspace() for t in a[merged[-1][1] : merged[-1][2]])
        ):
            eq = merged.pop()
            prev = merged.pop()
            merged.append(["replace", prev[1], i2, prev[3], j2])
            del eq
            continue
        merged.append(list(op))
    return [tuple(m) for m in merged]
