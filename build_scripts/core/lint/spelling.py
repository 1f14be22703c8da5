"""Spelling: every word of the prose must be a Vietnamese syllable in hunspell-vi
(through spylls) or a word of the project list source_data/lint/tu_rieng.txt.
Two syllables typed without a space ("ổnđịnh") are reported as glued words."""

from __future__ import annotations

import re
from collections.abc import Iterable

from build_scripts.core.lint.findings import Finding, q
from build_scripts.core.lint.source import Document
from build_scripts.core.lint.vocab import Speller, new_style_tone, old_style_tone

TOKEN = re.compile(r"\w+")
_V = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ"
SYLLABLE_SHAPE = re.compile(
    rf"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?[{_V}]{{1,3}}(ch|ng|nh|[cmnpt])?"
)
ROMAN = re.compile(r"[IVXLC]+")
WORD_LIST = "source_data/lint/tu_rieng.txt"


def split_glued(token: str, sp: Speller) -> list[str] | None:
    """Split a token into 2 or 3 known syllables, or None."""
    n = len(token)
    for i in range(1, n):
        a, b = token[:i], token[i:]
        if sp.syllable(a) and len(a) > 1 or a.lower() in ("ở", "ý", "á", "ô", "ơ", "ủ", "ế"):
            if sp.syllable(b) and len(b) > 1:
                return [a, b]
    for i in range(2, n - 3):
        for j in range(i + 2, n - 1):
            parts = [token[:i], token[i:j], token[j:]]
            if all(len(p) > 1 and sp.syllable(p) for p in parts):
                return parts
    return None


def repeated(doc: Document) -> Iterable[Finding]:
    """A phrase of two or more words written twice in a row ("quy hoạch quy hoạch")."""
    for n, line in enumerate(doc.prose_lines, start=1):
        toks = list(TOKEN.finditer(line))
        i = 0
        while i < len(toks):
            hit = False
            for k in (3, 2):
                if i + 2 * k > len(toks):
                    continue
                a = [t.group(0).lower() for t in toks[i : i + k]]
                b = [t.group(0).lower() for t in toks[i + k : i + 2 * k]]
                gap = line[toks[i].start() : toks[i + 2 * k - 1].end()]
                if a == b and not any(c.isdigit() for c in "".join(a)) and not re.search(r"[,;:.()“”\"]", gap):
                    phrase = line[toks[i].start() : toks[i + k - 1].end()]
                    yield Finding(
                        doc.rel,
                        n,
                        toks[i].start() + 1,
                        "lap-tu",
                        f"cụm từ {q(phrase)} bị viết lặp hai lần liền nhau",
                        f"xoá một lần {q(phrase)}",
                        phrase,
                        doc.lines[n - 1].strip()[:80],
                    )
                    i += 2 * k
                    hit = True
                    break
            if not hit:
                i += 1


_STYLE_NAMES = {"moi": "kiểu mới như “hóa, thủy, ủy”", "cu": "kiểu cũ như “hoá, thuỷ, uỷ”"}


def tone_style(doc: Document, style: str) -> Iterable[Finding]:
    """oa/oe/uy with a tone: one placement throughout (hóa or hoá), as the term list says."""
    if style not in _STYLE_NAMES:
        return
    convert = new_style_tone if style == "moi" else old_style_tone
    for n, line in enumerate(doc.prose_lines, start=1):
        for m in TOKEN.finditer(line):
            tok = m.group(0)
            want = convert(tok)
            if want != tok:
                yield Finding(
                    doc.rel,
                    n,
                    m.start() + 1,
                    "kieu-dau-thanh",
                    f"{q(tok)} đặt dấu thanh khác quy ước của văn bản",
                    f"viết {q(want)}: văn bản thống nhất đặt dấu {_STYLE_NAMES[style]} "
                    "(`kieu_dau_thanh` trong source_data/lint/thuat_ngu.yaml)",
                    tok,
                    doc.lines[n - 1].strip()[:80],
                )


def check(doc: Document, sp: Speller) -> Iterable[Finding]:
    yield from repeated(doc)
    yield from tone_style(doc, sp.vocab.tone_style)
    for n, line in enumerate(doc.prose_lines, start=1):
        for m in TOKEN.finditer(line):
            tok = m.group(0)
            if any(c.isdigit() or c == "_" for c in tok) or ROMAN.fullmatch(tok) or sp.known(tok):
                continue
            ctx = doc.lines[n - 1].strip()[:80]
            if len(tok) == 1 and (line[m.end() : m.end() + 1] in ("/", ")") or line[m.start() - 1 : m.start()] == "/"):
                continue  # đ/c, T/M, K/T; list items a) b)
            if len(tok) == 1:
                yield Finding(
                    doc.rel,
                    n,
                    m.start() + 1,
                    "chinh-ta",
                    f"chữ cái {q(tok)} đứng một mình, có lẽ gõ thừa hoặc thiếu chữ",
                    "xoá chữ thừa hoặc viết đủ từ",
                    tok,
                    ctx,
                )
                continue
            parts = None if SYLLABLE_SHAPE.fullmatch(tok.lower()) else split_glued(tok, sp)
            if parts:
                yield Finding(
                    doc.rel,
                    n,
                    m.start() + 1,
                    "dinh-chu",
                    f"{q(tok)} là các chữ viết dính liền",
                    f"tách thành {q(' '.join(parts))}",
                    tok,
                    ctx,
                )
                continue
            if SYLLABLE_SHAPE.fullmatch(tok.lower()):
                sugg = sp.suggest(tok)
                fix = ("có thể là " + ", ".join(q(s) for s in sugg)) if sugg else "kiểm tra lại chữ này"
                yield Finding(
                    doc.rel,
                    n,
                    m.start() + 1,
                    "chinh-ta",
                    f"{q(tok)} không có trong từ điển tiếng Việt",
                    fix + f"; nếu là tên riêng đúng, thêm vào {WORD_LIST}",
                    tok,
                    ctx,
                )
            else:
                yield Finding(
                    doc.rel,
                    n,
                    m.start() + 1,
                    "tu-la",
                    f"{q(tok)} không phải âm tiết tiếng Việt và chưa có trong danh sách từ riêng",
                    f"nếu là tên riêng hay chữ viết tắt đúng, thêm vào {WORD_LIST}; nếu không, sửa lại",
                    tok,
                    ctx,
                )
