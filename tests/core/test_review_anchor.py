"""Anchoring a returned paragraph to draft N: identity first, then text, else honestly unplaced."""

from __future__ import annotations

from build_scripts.core.review.anchor import BY_IDENTITY, BY_TEXT, THRESHOLD, UNPLACED, Anchoring
from build_scripts.core.review.docx_comments import FileParagraph

MAP = {
    "pa00000001": {"van_ban": "Khu vực Nông nghiệp, thuỷ sản tăng 4,8%."},
    "pa00000002": {"van_ban": "Khu vực Công nghiệp - xây dựng tăng 11,9%."},
    "pa00000003": {"van_ban": "Chất lượng sinh hoạt chi bộ từng bước được nâng lên, nền nếp được giữ vững."},
    "pa00000004": {"van_ban": "Các chi bộ duy trì sinh hoạt chuyên đề hằng quý."},
    "pa00000005": {"van_ban": "Các chi bộ duy trì sinh hoạt chuyên đề hằng quý."},
}


def _anchor(text, identities=()):
    return Anchoring(MAP).anchor(FileParagraph(0, list(identities), text, ""))


def test_identity_wins_even_over_other_text():
    a = _anchor("Khu vực Nông nghiệp, thuỷ sản tăng 4,8%.", ["pa00000002"])
    assert (a.identity, a.method) == ("pa00000002", BY_IDENTITY)
    # a bookmark of another draft (unknown here) is no answer: the text decides
    assert _anchor("Khu vực Nông nghiệp, thuỷ sản tăng 4,8%.", ["pffffffffff"]).identity == "pa00000001"


def test_text_after_a_program_rewrote_spacing_and_case():
    a = _anchor("CHẤT LƯỢNG sinh hoạt  chi bộ từng bước được nâng lên nền nếp được giữ vững")
    assert (a.identity, a.method) == ("pa00000003", BY_TEXT)


def test_text_with_a_word_changed_is_close_enough():
    a = _anchor("Chất lượng sinh hoạt chi bộ từng bước được cải thiện, nền nếp được giữ vững.")
    assert (a.identity, a.method) == ("pa00000003", BY_TEXT) and THRESHOLD <= a.score < 1


def test_no_guess_between_two_paragraphs_or_on_a_rewrite():
    assert _anchor("Các chi bộ duy trì sinh hoạt chuyên đề hằng quý.").method == UNPLACED  # twice in the draft
    assert _anchor("Khu vực Dịch vụ tăng 15,5%, cao hơn bình quân.").identity is None  # like two, is neither
    assert _anchor("Đoạn này đã được viết lại hoàn toàn khác trước.").method == UNPLACED
    assert _anchor("Đạt.").method == UNPLACED
