"""Word-level diff of two texts (difflib from the standard library).

Tokens are words, runs of spaces, single punctuation marks and whole Jinja
placeholders (``{{ ... }}``), so a placeholder is never split and a number
that lives in the data does not show up as a change in the prose.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass

_TOKEN = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\w+|\s+|[^\w\s]", re.S)
PLACEHOLDER = re.compile(r"^\{[{%#]")


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass
class WordDiff:
    html: str
    insertions: int  # number of inserted runs
    deletions: int  # number of deleted runs
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
        if _words(old_part):
            # deleted spaces around the deleted words are not worth a mark, but the
            # struck words must not stick to their neighbours
            lead, core, trail = _strip_space(old_part)
            if lead and out and not out[-1][-1:].isspace():
                out.append(" ")
            out.append("<del>" + "".join(render(t) for t in core) + "</del>")
            if trail and not _words(new_part) and j2 < len(b) and not b[j2].isspace():
                out.append(" ")
            dels += 1
            del_w += _words(core)
        if _words(new_part):
            # spaces around inserted words are kept as plain text (they are in the new draft)
            lead, core, trail = _strip_space(new_part)
            out.extend(render(t) for t in lead)
            out.append("<ins>" + "".join(render(t) for t in core) + "</ins>")
            out.extend(render(t) for t in trail)
            ins += 1
            ins_w += _words(core)
        else:
            out.extend(render(t) for t in new_part)  # whitespace-only change: shown as is
    return WordDiff("".join(out), ins, dels, ins_w, del_w)


def _strip_space(tokens: list[str]) -> tuple[list[str], list[str], list[str]]:
    i, j = 0, len(tokens)
    while i < j and tokens[i].isspace():
        i += 1
    while j > i and tokens[j - 1].isspace():
        j -= 1
    return tokens[:i], tokens[i:j], tokens[j:]


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
            merged.pop()  # the whitespace between the two changes joins them
            prev = merged.pop()
            merged.append(["replace", prev[1], i2, prev[3], j2])
            continue
        merged.append(list(op))
    return [tuple(m) for m in merged]
