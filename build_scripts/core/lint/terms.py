"""Terms: fixed phrases and heading words against source_data/lint/thuat_ngu.yaml.

Each entry has `dung` (the right form) and optionally `sai` (known wrong forms)
and `ly_do` (why). Besides the listed wrong forms, a phrase of the prose that
differs from a listed phrase in exactly one syllable, and only by its diacritics
("đối mới" / "đổi mới", "GIÁI PHÁP" / "GIẢI PHÁP") or by one consonant
("điện thử" / "điện tử", "xắp xếp" / "sắp xếp"), is reported too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from build_scripts.core.lint.findings import Finding, q
from build_scripts.core.lint.source import Document
from build_scripts.core.vi_text import fold

TERM_FILE = "source_data/lint/thuat_ngu.yaml"
_WORD = re.compile(r"\w+")


CONSONANTS = set("bcdđghklmnpqrstvx")


def _one_consonant_off(a: str, b: str) -> bool:
    """a and b differ by one consonant typed wrong, added or left out (thử/tử, xắp/sắp)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [(x, y) for x, y in zip(a, b) if x != y]
        return len(diff) == 1 and diff[0][0] in CONSONANTS and diff[0][1] in CONSONANTS
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1 :] == a and b[i] in CONSONANTS for i in range(len(b)))


def _close(a: str, b: str) -> bool:
    """A likely typo of b: the same letters with other diacritics (đối/đổi), or one consonant off."""
    return len(a) > 1 and len(b) > 1 and (fold(a) == fold(b) or _one_consonant_off(a, b))


def match_case(model: str, right: str) -> str:
    letters = [c for c in model if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return right.upper()
    if model[:1].isupper() and right[:1].islower():
        return right[:1].upper() + right[1:]
    return right


def names(doc: Document, proper_names: list) -> Iterable[Finding]:
    """Proper names written with the wrong capitals ("Việt nam", "đời sống nhân dân");
    ALL CAPS headings are fine, and so is a name inside a longer one ("Ủy ban nhân dân")."""
    entries = [(e, [], "") if isinstance(e, str) else e for e in proper_names]
    longest_first = sorted(entries, key=lambda e: len(e[0]), reverse=True)
    for n, line in enumerate(doc.prose_lines, start=1):
        taken: list[tuple[int, int]] = []
        for name, not_after, why in longest_first:
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", line, re.I):
                if any(s <= m.start() < e for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                found = m.group(0)
                if found == name or found == found.upper():
                    continue
                before = line[: m.start()].rstrip().lower()
                if any(before.endswith(w.lower()) for w in not_after):
                    continue
                yield Finding(
                    doc.rel,
                    n,
                    m.start() + 1,
                    "viet-hoa",
                    f"{q(found)} viết hoa chưa đúng" + (f": {why}" if why else ""),
                    f"viết {q(name)}",
                    found,
                    doc.lines[n - 1].strip()[:80],
                )


def check(doc: Document, terms: list[dict], proper_names: list[str] = ()) -> Iterable[Finding]:
    yield from names(doc, list(proper_names))
    phrases = []
    known = set()
    for t in terms:
        right = str(t["dung"])
        words = [w.lower() for w in _WORD.findall(right)]
        known.add(" ".join(words))
        phrases.append((right, words, [str(s) for s in (t.get("sai") or [])], t.get("ly_do")))
    for t in terms:
        for other in t.get("cung_dung") or []:
            known.add(" ".join(w.lower() for w in _WORD.findall(str(other))))

    for n, line in enumerate(doc.prose_lines, start=1):
        ctx = doc.lines[n - 1].strip()[:80]
        reported: set[int] = set()
        # 1. listed wrong forms
        for right, _words, wrongs, why in phrases:
            for wrong in wrongs:
                flags = 0 if any(c.isupper() for c in wrong) else re.I
                for m in re.finditer(rf"(?<!\w){re.escape(wrong)}(?!\w)", line, flags):
                    reported.add(m.start())
                    fixed = match_case(m.group(0), right)
                    yield Finding(
                        doc.rel,
                        n,
                        m.start() + 1,
                        "thuat-ngu",
                        f"{q(m.group(0))} sai" + (f": {why}" if why else f", thuật ngữ đúng là {q(right)}"),
                        f"sửa thành {q(fixed)}",
                        m.group(0),
                        ctx,
                    )
        # 2. near misses of listed phrases
        toks = list(_WORD.finditer(line))
        for right, words, _wrongs, _why in phrases:
            k = len(words)
            if k < 2:
                continue
            for i in range(len(toks) - k + 1):
                win = toks[i : i + k]
                if any(not line[win[j].end() : win[j + 1].start()].isspace() for j in range(k - 1)):
                    continue
                low = [w.group(0).lower() for w in win]
                diff = [j for j in range(k) if low[j] != words[j]]
                if len(diff) != 1 or " ".join(low) in known or win[0].start() in reported:
                    continue
                j = diff[0]
                if not _close(low[j], words[j]):
                    continue
                found = line[win[0].start() : win[-1].end()]
                fixed = match_case(found, right)
                reported.add(win[0].start())
                yield Finding(
                    doc.rel,
                    n,
                    win[0].start() + 1,
                    "thuat-ngu",
                    f"{q(found)} gần giống thuật ngữ {q(right)} nhưng sai chữ {q(win[j].group(0))}",
                    f"sửa thành {q(fixed)}; nếu đúng là cụm từ khác, thêm nó vào `cung_dung` trong {TERM_FILE}",
                    found,
                    ctx,
                )
