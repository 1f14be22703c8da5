"""Vietnamese text without its diacritics, as search and suggestions compare words."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its Vietnamese diacritics: "Đảng Viên" -> "dang vien"."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
