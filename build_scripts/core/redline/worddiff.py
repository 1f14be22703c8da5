"""Word-level diff of two rendered texts (difflib from the standard library).

Tokens are words, runs of spaces, single punctuation marks and whole data values (a value
marked with its key by :mod:`.prose`). A data value is compared by its key, not its text: the
same number in both drafts is no change; a changed one is a *data change* shown old → new,
never a word edit; one added or removed with its sentence is part of that sentence's edit.

The result is a list of segments, which the HTML page and the PDF both lay out.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from build_scripts.core.redline.prose import MARK_CLOSE, MARK_KEY, MARK_OPEN, MARKED, strip_marks

_TOKEN = re.compile(f"{MARK_OPEN}[^{MARK_KEY}]*{MARK_KEY}[^{MARK_CLOSE}]*{MARK_CLOSE}|\\w+|\\s+|[^\\w\\s]", re.S)


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _identity(token: str) -> str:
    """What is compared: a data value by its key, anything else as written."""
    m = MARKED.fullmatch(token)
    return f"{MARK_OPEN}{m.group(1)}{MARK_KEY}" if m else token


@dataclass(frozen=True)
class Segment:
    kind: str  # "giu" (same) | "them" (inserted) | "bo" (deleted) | "so_lieu" (a data value changed)
    text: str  # the text (for "so_lieu": the new value)
    key: str = ""  # "so_lieu": the data key
    old: str = ""  # "so_lieu": the old value


@dataclass
class WordDiff:
    segments: list[Segment]
    insertions: int  # number of inserted runs
    deletions: int  # number of deleted runs
    inserted_words: int
    deleted_words: int
    data_keys: list[str]  # the keys of the values shown as data changes, in order

    @property
    def changed(self) -> bool:
        return bool(self.insertions or self.deletions or self.data_keys)

    @property
    def html(self) -> str:
        return segments_html(self.segments)


def _words(tokens: list[str]) -> int:
    return sum(1 for t in tokens if not t.isspace())


def _plain(tokens: list[str]) -> str:
    return strip_marks("".join(tokens))


def diff_words(old: str, new: str, ignored: Callable[[str], bool] = lambda key: False) -> WordDiff:
    """The segments of ``new`` with the changes from ``old``. ``ignored(key)``: a data key whose
    change is no change of content (the draft's own number)."""
    a, b = tokenize(old), tokenize(new)
    out: list[Segment] = []
    keys: list[str] = []
    ins = dels = ins_w = del_w = 0

    def same(old_tokens: list[str], new_tokens: list[str]) -> None:
        for x, y in zip(old_tokens, new_tokens):
            mx, my = MARKED.fullmatch(x), MARKED.fullmatch(y)
            if my and mx and mx.group(2) != my.group(2) and not ignored(my.group(1)):
                out.append(Segment("so_lieu", my.group(2), my.group(1), mx.group(2)))
                keys.append(my.group(1))
            else:
                out.append(Segment("giu", strip_marks(y)))

    if old == new:
        same(b, b)
        return _joined(out, 0, 0, 0, 0, keys)
    matcher = difflib.SequenceMatcher(None, [_identity(t) for t in a], [_identity(t) for t in b], autojunk=False)
    for tag, i1, i2, j1, j2 in _merge_small_equal(matcher.get_opcodes(), a):
        if tag == "equal":
            same(a[i1:i2], b[j1:j2])
            continue
        old_part, new_part = a[i1:i2], b[j1:j2]
        if _words(old_part):
            # deleted spaces around the deleted words are not worth a mark, but the
            # struck words must not stick to their neighbours
            lead, core, trail = _strip_space(old_part)
            if lead and out and not out[-1].text[-1:].isspace():
                out.append(Segment("giu", " "))
            out.append(Segment("bo", _plain(core)))
            if trail and not _words(new_part) and j2 < len(b) and not b[j2].isspace():
                out.append(Segment("giu", " "))
            dels += 1
            del_w += _words(core)
        if _words(new_part):
            # spaces around inserted words are kept as plain text (they are in the new draft)
            lead, core, trail = _strip_space(new_part)
            out.append(Segment("giu", _plain(lead)))
            out.append(Segment("them", _plain(core)))
            out.append(Segment("giu", _plain(trail)))
            ins += 1
            ins_w += _words(core)
        else:
            out.append(Segment("giu", _plain(new_part)))  # whitespace-only change: shown as is
    return _joined(out, ins, dels, ins_w, del_w, keys)


def _joined(segments: list[Segment], *counts) -> WordDiff:
    """Neighbouring plain segments as one (fewer spans in the page, whole lines in the PDF)."""
    out: list[Segment] = []
    for s in segments:
        if not s.text and s.kind == "giu":
            continue
        if out and s.kind == out[-1].kind == "giu":
            out[-1] = Segment("giu", out[-1].text + s.text)
        else:
            out.append(s)
    return WordDiff(out, *counts)


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


def split_change(old: str, new: str) -> tuple[str, str, str, str]:
    """(prefix, old core, new core, suffix): the words both values share stay outside the change,
    so "1.361 đảng viên" → "1.365 đảng viên" reads "1.361 → 1.365 đảng viên"."""
    a, b = [t for t in re.split(r"(\s+)", old) if t], [t for t in re.split(r"(\s+)", new) if t]
    i = 0
    while i < min(len(a), len(b)) - 1 and a[i] == b[i]:
        i += 1
    j = 0
    while j < min(len(a), len(b)) - i - 1 and a[-1 - j] == b[-1 - j]:
        j += 1
    # whole words only: a shared space at the edge goes with the shared words
    return "".join(b[:i]), "".join(a[i : len(a) - j]), "".join(b[i : len(b) - j]), "".join(b[len(b) - j :])


def data_change_html(key: str, old: str, new: str, source: str = "", anchor: str = "") -> str:
    """A changed value: old struck, new underlined, its key as a small visible tag and on hover."""
    where = f" ({source})" if source else ""
    title = f"Số liệu thay đổi — {key}{where}: {old} → {new}"
    k = html.escape(key)
    prefix, old_core, new_core, suffix = split_change(old, new)
    return (
        f'<span class="so-lieu-doi" title="{html.escape(title)}" data-khoa="{k}">{html.escape(prefix)}'
        f'<span class="so-cu">{html.escape(old_core)}</span> → <span class="so-moi">{html.escape(new_core)}</span>'
        f"{html.escape(suffix)} "
        + (f'<a class="khoa-so-lieu" href="#{html.escape(anchor)}">' if anchor else '<span class="khoa-so-lieu">')
        + f"số liệu: {k}"
        + ("</a>" if anchor else "</span>")
        + "</span>"
    )


def segments_html(
    segments: list[Segment], sources: dict[str, str] | None = None, anchors: dict[str, str] | None = None
) -> str:
    out = []
    for s in segments:
        if s.kind == "giu":
            out.append(html.escape(s.text))
        elif s.kind == "them":
            out.append(f"<ins>{html.escape(s.text)}</ins>")
        elif s.kind == "bo":
            out.append(f"<del>{html.escape(s.text)}</del>")
        else:
            out.append(
                data_change_html(s.key, s.old, s.text, (sources or {}).get(s.key, ""), (anchors or {}).get(s.key, ""))
            )
    return "".join(out)
