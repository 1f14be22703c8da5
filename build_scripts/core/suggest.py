""" "Có phải ý bạn là …?": the name meant, when a committee member mistyped one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: object, choices: Iterable[object], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The names of ``choices`` closest to ``word``, best first (none close enough: empty)."""
    return difflib.get_close_matches(str(word), [str(c) for c in choices], n=n, cutoff=cutoff)


def did_you_mean(
    word: object,
    choices: Iterable[object],
    *,
    n: int = 1,
    cutoff: float = 0.6,
    quotes: str = "''",
    form: str = "sentence",
    near: list[str] | None = None,
) -> str:
    """The question naming the closest of ``choices`` (or the names ``near``), or "" when none is close.

    ``form``: ``sentence`` "Có phải ý bạn là 'x'? " (to stand before the fix); ``clause``
    "; có phải ý bạn là «x»?" (after a message); ``bare`` "có phải ý bạn là «x»?".
    """
    found = near if near is not None else closest(word, choices, n, cutoff)
    if not found:
        return ""
    left, right = quotes
    names = ", ".join(f"{left}{name}{right}" for name in found)
    question = f"có phải ý bạn là{':' if n > 1 else ''} {names}?"
    if form == "sentence":
        return question[0].upper() + question[1:] + " "
    if form == "clause":
        return "; " + question
    return question
