"""Which paragraph of draft N a comment belongs to: by identity, by text, or honestly not known.

1. the paragraph's bookmark is an identity of draft N's map: that paragraph (``ma_doan_van``);
2. the reviewer's program dropped the bookmark (or it names another draft): the paragraph's text
   as in the draft, normalised (NFC, case, spacing and punctuation left out), equal to one of the
   map's, or close to exactly one of them (similarity >= ``THRESHOLD`` and ``MARGIN`` ahead of the
   next best): that paragraph (``van_ban``);
3. else none (``chua_xac_dinh``): the record keeps the quoted words and the heading, and the
   committee places it by hand. Never a guess between two close paragraphs.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from build_scripts.core.review.docx_comments import FileParagraph

BY_IDENTITY, BY_TEXT, UNPLACED = "ma_doan_van", "van_ban", "chua_xac_dinh"
#: difflib ratio of the normalised texts: a changed word or an updated figure passes, another
#: paragraph does not. Measured on draft 6 (186 paragraphs): the two closest different paragraphs
#: ("Khu vực Nông nghiệp … tăng 4,8%" / "Khu vực Công nghiệp … tăng 11,9%") score 0.75; every
#: paragraph with one word changed and no bookmark anchors back to itself.
THRESHOLD = 0.85
#: the best match must lead the second best by this much, else it is ambiguous
MARGIN = 0.05


@dataclass(frozen=True)
class Anchor:
    identity: str | None
    method: str
    score: float = 1.0


def normalise(text: str) -> str:
    """Letters and digits, lower case, NFC, single spaces: what survives a program's rewrite."""
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


class Anchoring:
    def __init__(self, paragraphs: dict):
        self.paragraphs = paragraphs
        self._texts = {ident: normalise(p.get("van_ban", "")) for ident, p in paragraphs.items()}
        self._exact: dict[str, list[str]] = {}
        for ident, text in self._texts.items():
            self._exact.setdefault(text, []).append(ident)

    def anchor(self, paragraph: FileParagraph | None) -> Anchor:
        if paragraph is None:
            return Anchor(None, UNPLACED, 0.0)
        known = [i for i in paragraph.identities if i in self.paragraphs]
        if known:
            return Anchor(known[0], BY_IDENTITY)
        text = normalise(paragraph.text)
        if len(text) < 12:  # too short to tell one paragraph from another ("Đạt.", a number)
            return Anchor(None, UNPLACED, 0.0)
        exact = self._exact.get(text, [])
        if len(exact) == 1:
            return Anchor(exact[0], BY_TEXT)
        if len(exact) > 1:
            return Anchor(None, UNPLACED, 1.0)  # the same words twice in the draft: which one?
        scored = []
        for ident, candidate in self._texts.items():
            matcher = difflib.SequenceMatcher(None, text, candidate, autojunk=False)
            if matcher.real_quick_ratio() < THRESHOLD or matcher.quick_ratio() < THRESHOLD:
                continue
            scored.append((matcher.ratio(), ident))
        scored.sort(reverse=True)
        if scored and scored[0][0] >= THRESHOLD and (len(scored) == 1 or scored[0][0] - scored[1][0] >= MARGIN):
            return Anchor(scored[0][1], BY_TEXT, round(scored[0][0], 3))
        return Anchor(None, UNPLACED, round(scored[0][0], 3) if scored else 0.0)
