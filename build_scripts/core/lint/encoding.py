"""Encoding findings: non-NFC text, U+FFFD, control and invisible characters,
and text pasted from the legacy Vietnamese encodings TCVN3 (ABC, .VnTime fonts)
and VNI (VNI-Times fonts), which shows up as typical mojibake."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from build_scripts.core.lint.findings import Finding, q
from build_scripts.core.lint.source import Document

# TCVN3 (TCVN 5712:1993, "ABC") single-byte code -> Unicode, as the bytes show in a
# Unicode editor (Latin-1 / Windows-1252 glyphs).
_TCVN3 = dict(
    zip(
        "¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉËÐÌÎÏÑªÕÒÓÔÖÝ×ØÜÞãßáâä«èåæçé¬íêëìîóïñòô­øõö÷ùýúûüþ®§¡¢£¤¥¦",
        "áàảãạăắằẳẵặâấầẩẫậéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵđĐĂÂÊÔƠƯ",
    )
)
# VNI-Windows: a base letter followed by a tone/shape mark (two code points).
_VNI_PAIRS = {}
for _base, _forms in {
    "a": "aù á aø à aû ả aõ ã aï ạ aê ă aé ắ aè ằ aú ẳ aü ẵ aë ặ aâ â aá ấ aà ầ aå ẩ aã ẫ aä ậ",
    "e": "eù é eø è eû ẻ eõ ẽ eï ẹ eâ ê eá ế eà ề eå ể eã ễ eä ệ",
    "o": "où ó oø ò oû ỏ oõ õ oï ọ oâ ô oá ố oà ồ oå ổ oã ỗ oä ộ ôù ớ ôø ờ ôû ở ôõ ỡ ôï ợ",
    "u": "uù ú uø ù uû ủ uõ ũ uï ụ öù ứ öø ừ öû ử öõ ữ öï ự",
    "y": "yù ý yø ỳ yû ỷ yõ ỹ",
}.items():
    parts = _forms.split()
    for k, v in zip(parts[::2], parts[1::2]):
        _VNI_PAIRS[k] = v
        _VNI_PAIRS[k.upper()] = v.upper()  # VNI capitals: "AÙ" = "Á"
_VNI_SINGLE = {
    "ô": "ơ",
    "Ô": "Ơ",
    "ö": "ư",
    "Ö": "Ư",
    "ñ": "đ",
    "Ñ": "Đ",
    "í": "í",
    "ì": "ì",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "î": "ỵ",
    "Í": "Í",
    "Ì": "Ì",
    "Æ": "Ỉ",
    "Ó": "Ĩ",
    "Ò": "Ị",
    "Î": "Ỵ",
}

# Latin-1 letters that occur in correct Vietnamese text.
_VIET_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_SUSPECT = re.compile(r"[\u00a1-\u00ff]")
_WORD = re.compile(r"[^\s,;:!?()\[\]“”\"'/.]+")
_INVISIBLE = {
    "\u200b": "khoảng trắng không độ rộng (U+200B)",
    "\u200c": "ký tự nối vô hình (U+200C)",
    "\u200d": "ký tự nối vô hình (U+200D)",
    "\u2060": "ký tự nối vô hình (U+2060)",
    "\ufeff": "dấu BOM (U+FEFF) giữa văn bản",
    "\u00ad": "dấu gạch nối mềm (U+00AD)",
}
_ODD_SPACES = {
    "\u00a0": "dấu cách không ngắt (U+00A0)",
    "\u2007": "dấu cách số (U+2007)",
    "\u202f": "dấu cách hẹp (U+202F)",
    "\u3000": "dấu cách toàn khổ (U+3000)",
}


def decode_tcvn3(word: str) -> str:
    return "".join(_TCVN3.get(c, c) for c in word)


def decode_vni(word: str) -> str:
    out, i = [], 0
    while i < len(word):
        pair = word[i : i + 2]
        if pair in _VNI_PAIRS:
            out.append(_VNI_PAIRS[pair])
            i += 2
            continue
        out.append(_VNI_SINGLE.get(word[i], word[i]))
        i += 1
    return "".join(out)


_EDGE_SYMBOLS = "«»‹›×÷±°·²³¹½¼¾"


def _mojibake(word: str, is_word: Callable[[str], bool]) -> str | None:
    """The Unicode text a mojibake word stands for, '' if it is mojibake of unknown
    origin, None if it looks like ordinary text."""
    letters = re.sub(r"[^\w]", "", word)
    for cand in (decode_tcvn3(word), decode_vni(word)):
        cand_letters = re.sub(r"[^\w]", "", cand)
        if cand != word and cand_letters and is_word(cand_letters) and not is_word(letters):
            return cand
    # « » × ÷ ° ² … around or between words are ordinary symbols.
    core = word.strip(_EDGE_SYMBOLS)
    if sum(c.isalpha() for c in core) < 2:
        return None
    odd = [c for c in core if _SUSPECT.match(c) and c not in _VIET_LATIN1]
    if any(c in _TCVN3 for c in odd):
        return ""
    return None


def check(doc: Document, is_word: Callable[[str], bool]) -> Iterable[Finding]:
    if doc.bad_utf8:
        line, col = doc.bad_utf8
        yield Finding(
            doc.rel,
            line,
            col,
            "khong-utf8",
            "tệp không được lưu bằng bảng mã UTF-8 (có thể là Windows-1258, TCVN3 hoặc VNI)",
            "mở tệp bằng trình soạn thảo, chọn lưu lại với bảng mã UTF-8; "
            "nếu chữ đã hỏng thì chuyển mã bằng Unikey rồi dán lại",
            "",
            "",
        )
    for n, line in enumerate(doc.raw_lines, start=1):
        nfc = unicodedata.normalize("NFC", line)
        if nfc != line:
            col = next(i for i, (a, b) in enumerate(zip(line, nfc + "\0" * len(line))) if a != b)
            word_m = re.search(r"\S*$", line[:col])
            start = word_m.start() if word_m else col
            end_m = re.match(r"\S*", line[col:])
            bad = line[start : col + (end_m.end() if end_m else 1)]
            yield Finding(
                doc.rel,
                n,
                start + 1,
                "khong-nfc",
                f"chữ {q(unicodedata.normalize('NFC', bad))} gõ bằng dấu tổ hợp (không phải Unicode dựng sẵn NFC)",
                "chạy `make lint-sua` để chuẩn hoá tự động, hoặc chọn bảng mã “Unicode dựng sẵn” trong bộ gõ",
                bad,
                line.strip(),
            )
        for col, ch in enumerate(line, start=1):
            if ch == "\ufffd" and not doc.bad_utf8:
                yield Finding(
                    doc.rel,
                    n,
                    col,
                    "ky-tu-hong",
                    "ký tự hỏng “�” (U+FFFD): một chữ hoặc dấu chú thích đã bị mất khi chép văn bản",
                    "gõ lại chữ bị mất; nếu đây là dấu chú thích từ Word thì thay bằng chú thích [^n]",
                    ch,
                    line.strip()[:60],
                )
            elif ch in _INVISIBLE:
                yield Finding(
                    doc.rel,
                    n,
                    col,
                    "ky-tu-an",
                    f"có {_INVISIBLE[ch]}",
                    "xoá ký tự này (thường lẫn vào khi chép từ web hoặc Word)",
                    ch,
                    line.strip()[:60],
                )
            elif ch in _ODD_SPACES:
                yield Finding(
                    doc.rel,
                    n,
                    col,
                    "ky-tu-an",
                    f"có {_ODD_SPACES[ch]} thay cho dấu cách thường",
                    "thay bằng một dấu cách thường",
                    ch,
                    line.strip()[:60],
                )
            elif ch != "\t" and unicodedata.category(ch) in ("Cc", "Co", "Cs"):
                yield Finding(
                    doc.rel,
                    n,
                    col,
                    "ky-tu-dieu-khien",
                    f"có ký tự điều khiển không in được (U+{ord(ch):04X})",
                    "xoá ký tự này",
                    ch,
                    line.strip()[:60],
                )
        # Legacy-encoded text always brings characters that Vietnamese never uses
        # (¸ µ ¶ § ® ø û ï ñ ...); a line without any is not checked word by word.
        if not any(_SUSPECT.match(c) and c not in _VIET_LATIN1 for c in nfc):
            continue
        for m in _WORD.finditer(nfc):
            word = m.group(0)
            if not _SUSPECT.search(word):
                continue
            fixed = _mojibake(word, is_word)
            if fixed is None:
                continue
            if fixed:
                msg = f"{q(word)} là chữ gõ bằng bảng mã cũ (TCVN3/ABC hoặc VNI), có lẽ là {q(fixed)}"
            else:
                msg = f"{q(word)} có ký tự lạ của bảng mã cũ (TCVN3/ABC hoặc VNI)"
            yield Finding(
                doc.rel,
                n,
                m.start() + 1,
                "ma-cu",
                msg,
                "chuyển mã đoạn này sang Unicode (Unikey: Công cụ chuyển mã, nguồn TCVN3 hoặc VNI) rồi dán lại",
                word,
                line.strip()[:60],
            )
