"""Lint, family by family: each bad text gives its finding at the right place; good text gives none."""

from __future__ import annotations

import unicodedata

import pytest
from lint_helpers import lint_text, require_dictionary


@pytest.fixture(autouse=True)
def _dictionary():
    require_dictionary()


def codes(findings):
    return [(f.code, f.line, f.column, f.excerpt) for f in findings]


def only(findings, code):
    return [f for f in findings if f.code == code]


# --- statistics typed in prose ------------------------------------------------------------------


def test_typed_statistic_is_reported_at_its_column(tmp_path):
    fs = lint_text(tmp_path, "Trong nhiệm kỳ có 47 đảng viên vi phạm, đạt 95% kế hoạch.\n")
    assert [(f.line, f.column, f.excerpt) for f in only(fs, "so-lieu")] == [(1, 19, "47"), (1, 45, "95%")]
    assert "source_data" in only(fs, "so-lieu")[0].fix


def test_jinja_is_data_not_a_typed_statistic(tmp_path):
    text = (
        "Trong nhiệm kỳ có {{ ky_luat.tong }} đảng viên, cảnh cáo {{ ky_luat.canh_cao | dem }} đồng chí.\n"
        "{% if ky_luat.tong > 40 %}Nhiều.{% endif %} {# ghi chú 12 #}\n"
    )
    assert only(lint_text(tmp_path, text), "so-lieu") == []


@pytest.mark.parametrize(
    "text",
    [
        "Theo Nghị quyết số 1669/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội.",
        "Quán triệt Nghị quyết 18-NQ/TW, Kết luận số 01-KL/TW và Quy định 101, Quy định 55.",
        "Nhiệm kỳ 2020 - 2025 và giai đoạn 2026 - 2030.",
        "### 1.1. Công tác xây dựng Đảng về chính trị",
        "(1) Phấn đấu tỷ lệ kết nạp đảng viên mới.",
        "Phòng chống đại dịch Covid-19 và Covid - 19.",
        "Nghị quyết Trung ương 4 (khóa XII).",
        "Cải tạo tuyến đường 392B, nút giao với đường 396.",
        "Theo Quyết định số 62 và 49 của Thủ tướng Chính phủ.",
        "Đến năm 2030, trẻ dưới 6 tuổi; đến hết tháng 4/2025.",
        "Theo Nghị định 30/2020/NĐ-CP và Luật số 59/2020/QH14.",
    ],
)
def test_references_dates_and_heading_numbers_are_allowed(tmp_path, text):
    assert only(lint_text(tmp_path, text + "\n"), "so-lieu") == []


# --- Unicode and encodings ---------------------------------------------------------------------


def test_decomposed_text_is_reported_once_per_line(tmp_path):
    text = "Công tác " + unicodedata.normalize("NFD", "kiểm tra") + " được chú trọng.\n"
    fs = only(lint_text(tmp_path, text), "khong-nfc")
    assert [(f.line, f.column, f.excerpt) for f in fs] == [
        (1, len("Công tác ") + 1, unicodedata.normalize("NFD", "kiểm"))
    ]
    assert "make lint-sua" in fs[0].fix


def test_spelling_reads_decomposed_text_as_the_build_does(tmp_path):
    text = unicodedata.normalize("NFD", "Công tác kiểm tra được chú trọng.\n")
    assert [f.code for f in lint_text(tmp_path, text)] == ["khong-nfc"]


@pytest.mark.parametrize(
    "char, code",
    [("\ufffd", "ky-tu-hong"), ("\x07", "ky-tu-dieu-khien"), ("\u200b", "ky-tu-an"), ("\u00a0", "ky-tu-an")],
)
def test_replacement_control_and_invisible_characters(tmp_path, char, code):
    fs = lint_text(tmp_path, f"Đảng bộ xã{char} Nam Thanh Miện.\n")
    assert [(f.code, f.line, f.column) for f in fs] == [(code, 1, 11)]


@pytest.mark.parametrize(
    "mojibake, meant",
    [
        ("§¶ng bé x· Nam Thanh MiÖn", "Đảng"),  # TCVN3 (ABC, .VnTime)
        ("Ñaûng boä xaõ Nam Thanh Mieän", "Đảng"),  # VNI-Windows
    ],
)
def test_legacy_encodings_are_recognised(tmp_path, mojibake, meant):
    fs = only(lint_text(tmp_path, mojibake + ".\n"), "ma-cu")
    assert fs, "mojibake not reported"
    assert fs[0].column == 1
    assert f"có lẽ là “{meant}”" in fs[0].message
    assert "Unikey" in fs[0].fix


def test_vietnamese_latin1_letters_are_not_mojibake(tmp_path):
    fs = lint_text(tmp_path, "Vai trò nòng cốt; diện tích {{ dia_ban.dien_tich }} km² là của xã.\n")
    assert fs == []


def test_ordinary_symbols_are_not_mojibake(tmp_path):
    fs = lint_text(tmp_path, "Sau chữ «xã» là tên xã; diện tích × năng suất ÷ 10, nhiệt độ 30°.\n")
    assert only(fs, "ma-cu") == []


# --- typography ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, code, column, excerpt_part",
    [
        ("Công  tác xây dựng Đảng.", "hai-dau-cach", 5, "Công  tác"),
        ("Các cấp ủy , tổ chức Đảng.", "cach-truoc-dau", 11, ","),
        ("Lưu VPĐU,hồ sơ Đại hội.", "thieu-cach", 9, ","),
        ("Phong trào “Phụ nữ tích cực”của Hội Phụ nữ.", "thieu-cach", 28, "”của"),
        ("Phong trào“Toàn dân đoàn kết” được duy trì.", "thieu-cach", 11, "“"),
        ("Giai đoạn 2021–2025, tiếp tục đổi mới.", "gach-khoang", 11, "2021–2025"),
        ("Doanh thu đạt {{ x }} tỷ đồng, khoảng 35-40 lượt.", "gach-khoang", 39, "35-40"),
        ("Kết quả cụ thể tại Phụ lục (xem thêm.", "ngoac-le", 28, "("),
        ("(8). UBMTTQ Việt Nam xã đạt danh hiệu vững mạnh.", "so-muc", 1, "(8)."),
    ],
)
def test_typography(tmp_path, text, code, column, excerpt_part):
    fs = only(lint_text(tmp_path, text + "\n"), code)
    assert len(fs) == 1, codes(lint_text(tmp_path, text + "\n"))
    assert (fs[0].line, fs[0].column) == (1, column)
    assert excerpt_part in fs[0].excerpt


def test_line_starting_with_a_period_is_a_broken_sentence(tmp_path):
    fs = only(
        lint_text(tmp_path, "Công tác tuyên truyền được triển khai hiệu quả\n. Duy trì tốt chế độ.\n"), "dau-dau-dong"
    )
    assert [(f.line, f.column) for f in fs] == [(2, 1)]
    assert "nối dấu “.” vào cuối dòng trên" in fs[0].fix


def test_mixed_quote_styles(tmp_path):
    text = 'Biểu hiện "tự diễn biến", “tự chuyển hóa” và “Một cửa” trong nội bộ.\n'
    fs = only(lint_text(tmp_path, text), "kieu-ngoac-kep")
    assert [f.column for f in fs] == [11, 24]
    text = 'Các tác phẩm: “Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng"; “Xây dựng”.\n'
    fs = only(lint_text(tmp_path, text), "kieu-ngoac-kep")
    assert fs and "mở bằng ngoặc kép cong “ nhưng đóng bằng ngoặc kép thẳng" in fs[0].message


def test_clean_typography_gives_nothing(tmp_path):
    text = "Nhiệm kỳ 2020 - 2025, Đảng bộ (gồm 38 chi bộ) thực hiện “Một cửa”; kinh tế - xã hội phát triển.\n"
    assert [f for f in lint_text(tmp_path, text) if f.code != "so-lieu"] == []


# --- spelling ------------------------------------------------------------------------------------


def test_glued_words_are_split(tmp_path):
    text = "Diện tích nuôi trồng ổnđịnh; triển khai cácvụ việc.\n"
    fs = lint_text(tmp_path, text)
    assert [(f.code, f.column, f.fix) for f in fs] == [
        ("dinh-chu", text.index("ổnđịnh") + 1, "tách thành “ổn định”"),
        ("dinh-chu", text.index("cácvụ") + 1, "tách thành “các vụ”"),
    ]


def test_misspelt_syllable_and_stray_letter(tmp_path):
    fs = lint_text(tmp_path, "Các nhiệm vụ, giái quyết chính sách dân số và trẻ em m\n")
    got = [(f.code, f.column, f.excerpt) for f in fs]
    assert got == [("chinh-ta", 15, "giái"), ("chinh-ta", 54, "m")]
    assert "“giải”" in fs[0].fix


def test_both_tone_placements_are_words_and_the_convention_picks_one(tmp_path):
    text = "Chuyển hóa, chuyển hoá, khóa XII, khoá XV, thủy sản, thuỷ lợi; UBMTTQ, HĐND, VNeID, Covid.\n"
    fs = lint_text(tmp_path, text)
    assert [(f.code, f.excerpt) for f in fs] == [
        ("kieu-dau-thanh", "hoá"),
        ("kieu-dau-thanh", "khoá"),
        ("kieu-dau-thanh", "thuỷ"),
    ]
    assert [f.column for f in fs] == [text.index("hoá") + 1, text.index("khoá") + 1, text.index("thuỷ") + 1]
    assert fs[1].fix.startswith("viết “khóa”: văn bản thống nhất đặt dấu kiểu mới")


def test_proper_names_must_be_capitalised_as_listed(tmp_path):
    text = "UBMTTQ Việt nam xã; VIỆT NAM; Việt Nam; xã nam thanh miện.\n"
    fs = only(lint_text(tmp_path, text), "viet-hoa")
    assert [(f.column, f.excerpt, f.fix) for f in fs] == [
        (8, "Việt nam", "viết “Việt Nam”"),
        (text.index("nam thanh") + 1, "nam thanh miện", "viết “Nam Thanh Miện”"),
    ]


def test_unknown_abbreviation_points_to_the_word_list(tmp_path):
    fs = lint_text(tmp_path, "Ban XYZQ của xã.\n")
    assert [(f.code, f.column) for f in fs] == [("tu-la", 5)]
    assert "source_data/lint/tu_rieng.txt" in fs[0].fix


def test_repeated_phrase(tmp_path):
    fs = only(lint_text(tmp_path, "Căn cứ vào quy hoạch quy hoạch các xã (cũ).\n"), "lap-tu")
    assert [(f.column, f.excerpt) for f in fs] == [(12, "quy hoạch")]


# --- terms ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, found, fixed",
    [
        ("Phát triển khoa học công nghệ, đối mới sáng tạo.", "đối mới", "đổi mới"),
        ("Trang, Cổng thông tin điện thử của địa phương.", "điện thử", "điện tử"),
        ("Việc xắp xếp tổ chức bộ máy.", "xắp xếp", "sắp xếp"),
        ("Bồi thường, hỗ trợ giải phòng mặt bằng còn hạn chế.", "giải phòng mặt bằng", "giải phóng mặt bằng"),
        ("Ứng dụng khoa học công nghiệp cao.", "khoa học công nghiệp", "khoa học công nghệ"),
        ("Xây dựng xã Gia Lộc ngày càng giàu đẹp.", "xã Gia Lộc", "xã Nam Thanh Miện"),
        ("III. CÁC NHIỆM VỤ, GIÁI PHÁP", "GIÁI PHÁP", "GIẢI PHÁP"),
    ],
)
def test_terms(tmp_path, text, found, fixed):
    fs = lint_text(tmp_path, text + "\n")
    terms = only(fs, "thuat-ngu")
    assert len(terms) == 1, codes(fs)
    assert terms[0].excerpt == found
    assert terms[0].column == text.index(found) + 1
    assert terms[0].fix.startswith(f"sửa thành “{fixed}”")
    assert only(fs, "chinh-ta") == []  # one message per spot


def test_terms_do_not_flag_other_real_phrases(tmp_path):
    text = "Động viên Nhân dân; đảng viên, đoàn viên; chuyển đổi số; điện tử; sắp xếp; đổi mới.\n"
    assert only(lint_text(tmp_path, text), "thuat-ngu") == []


# --- footnotes, YAML text, templates -------------------------------------------------------------


def test_footnote_without_definition_and_unused_definition(tmp_path):
    text = (
        "Kỷ luật đảng viên[^kl], khen thưởng[^kt].\n\n"
        "[^kl]: Chi tiết.\n[^ktt]: Khen thưởng (tên bị gõ sai ở chỗ gọi).\n[^ghi-chu-thua]: Thừa.\n"
    )
    fs = only(lint_text(tmp_path, text), "chu-thich")
    # The misspelt reference and the definition it meant are one mistake, reported once.
    assert [(f.line, f.column, f.excerpt) for f in fs] == [(1, text.index("[^kt]") + 1, "kt"), (5, 1, "ghi-chu-thua")]
    assert fs[0].fix == "sửa thành [^ktt] (chú thích có sẵn)"
    assert fs[1].message == "chú thích [^ghi-chu-thua] có nội dung nhưng không được gọi ở đâu trong văn bản"


def test_yaml_text_values_are_linted_but_metadata_and_fields_are_not(tmp_path):
    text = (
        "chi_tieu:\n"
        '  nhan: "(8)."\n'
        '  noi_dung: "Phấn đấu đạt {ty_le|phan_tram} số  chi bộ, đối mới."\n'
        '  nguon: "Dự thảo lần 4, mục 2,3"\n'
        '  ty_le: {gia_tri: 90, don_vi: "%", nguon: "x"}\n'
    )
    fs = lint_text(tmp_path, text, name="source_data/chi_tieu.yaml")
    line3 = text.splitlines()[2]
    assert [(f.code, f.line, f.column) for f in fs] == [
        ("so-muc", 2, len('  nhan: "') + 1),
        ("hai-dau-cach", 3, line3.index("  chi") + 1),
        ("thuat-ngu", 3, line3.index("đối mới") + 1),
    ]


def test_a_typed_statistic_that_is_in_the_data_names_its_placeholder(tmp_path):
    from lint_helpers import lint_project

    from build_scripts.core.lint.runner import lint_files

    root = lint_project(
        tmp_path,
        {
            "docs/a.md": "Đảng bộ có 1.361 đảng viên.\n",
            "source_data/dang_bo.yaml": 'so_dang_vien: {gia_tri: 1361, don_vi: đảng viên, nguon: "Dự thảo lần 4"}\n',
        },
    )
    fs = only(lint_files(root, [root / "docs/a.md"]), "so-lieu")
    assert [(f.column, f.fix) for f in fs] == [
        (12, "số này đã có trong dữ liệu: viết {{ dang_bo.so_dang_vien }} thay cho nó")
    ]


def test_a_typed_statistic_with_several_keys_suggests_the_one_its_words_name_first(tmp_path):
    # 38 is both the number of Party organisations and of reprimands: the words beside the number
    # ("Khiển trách 38 đồng chí") name the key (khien_trach), whatever order the data has.
    from lint_helpers import lint_project

    from build_scripts.core.lint.runner import lint_files

    root = lint_project(
        tmp_path,
        {
            "docs/a.md": "Trong đó: Khiển trách 38 đồng chí, cảnh cáo 08 đồng chí.\n",
            "source_data/dang_bo.yaml": 'so_ket_nap: {gia_tri: 38, don_vi: đồng chí, nguon: "x"}\n',
            "source_data/ky_luat.yaml": 'canh_cao: {gia_tri: 8, don_vi: đồng chí, nguon: "x"}\n'
            'khien_trach: {gia_tri: 38, don_vi: đồng chí, nguon: "x"}\n',
        },
    )
    fs = only(lint_files(root, [root / "docs/a.md"]), "so-lieu")
    assert [f.fix for f in fs][0] == (
        "số này có ở nhiều chỗ trong dữ liệu: viết chỗ giữ chỗ đúng thay cho nó, ví dụ "
        "{{ ky_luat.khien_trach }} hoặc {{ dang_bo.so_ket_nap }}"
    )


def test_a_typed_statistic_is_matched_to_data_of_its_unit_only(tmp_path):
    # "48 đảng viên" was told to become {{ mat_tran_doan_the.phu_nu.so_chau_do_dau }} (48 children):
    # following the hint put an unrelated number into the report.
    from lint_helpers import lint_project

    from build_scripts.core.lint.runner import lint_files

    root = lint_project(
        tmp_path,
        {
            "docs/a.md": "Có 48 đảng viên vi phạm; 95% hộ dùng nước sạch; 95 người được khen.\n",
            "source_data/phu_nu.yaml": 'so_chau: {gia_tri: 48, don_vi: cháu, nguon: "x"}\n'
            'ty_le_nuoc_sach: {gia_tri: 95, don_vi: "%", nguon: "x"}\n',
        },
    )
    fs = {f.excerpt: f.fix for f in only(lint_files(root, [root / "docs/a.md"]), "so-lieu")}
    assert "{{" not in fs["48"].split("rồi viết")[0] and "phu_nu" not in fs["48"]
    assert fs["95%"] == "số này đã có trong dữ liệu: viết {{ phu_nu.ty_le_nuoc_sach }} thay cho nó"
    assert "phu_nu" not in fs["95"]


def test_a_file_not_saved_as_utf8_is_reported_once_where_it_breaks(tmp_path):
    from lint_helpers import lint_project

    from build_scripts.core.lint.runner import lint_files

    root = lint_project(tmp_path, {"docs/ok.md": "Đảng bộ xã.\n"})
    # Windows-1258 (what some Vietnamese Windows editors save): the first line is ASCII.
    # "Dang bo xa.\nĐảng bộ xã Nam." in Windows-1258: Đ=D0, a + hook D2, ô=F4 + dot below F2, ã=E3.
    (root / "docs/a.md").write_bytes(b"Dang bo xa.\n\xd0a\xd2ng b\xf4\xf2 x\xe3 Nam.\n")
    fs = lint_files(root, [root / "docs/ok.md", root / "docs/a.md"])
    enc = [f for f in fs if f.code in ("khong-utf8", "ky-tu-hong")]
    assert [(f.path, f.code, f.line, f.column) for f in enc] == [("docs/a.md", "khong-utf8", 2, 1)]
    assert enc[0].message.startswith("tệp không được lưu bằng bảng mã UTF-8")
    # and nothing else about that file: its spelling and typography are those of mojibake
    assert [f.code for f in fs if f.path == "docs/a.md"] == ["khong-utf8"]


def test_fixing_nfc_leaves_a_file_not_saved_as_utf8_alone(tmp_path):
    from lint_helpers import lint_project

    from build_scripts.core.lint.runner import fix_nfc

    root = lint_project(tmp_path, {"docs/ok.md": "Đảng bộ xã.\n"})
    raw = b"Dang bo xa.\n\xd0a\xd2ng b\xf4\xf2 x\xe3 Nam.\n"
    (root / "docs/a.md").write_bytes(raw)
    nfd = root / "docs/nfd.md"
    nfd.write_text(unicodedata.normalize("NFD", "Đảng bộ xã.\n"), encoding="utf-8")
    assert fix_nfc(root, [root / "docs/a.md", nfd]) == ["docs/nfd.md"]
    assert (root / "docs/a.md").read_bytes() == raw


def test_near_misses_are_diacritics_or_one_consonant_not_another_vowel(tmp_path):
    text = "Xây dựng đồng bộ; nhiệm và quyền hạn; khoa học kỹ thuật; chi tiêu hợp lý.\n"
    assert only(lint_text(tmp_path, text), "thuat-ngu") == []


def test_common_abbreviations_and_list_letters_are_not_misspellings(tmp_path):
    text = "a) Đ/c Nguyễn Trung Nghĩa, T/M BCH; b) TP Hải Phòng; diện tích {{ x }} m², 5 km².\n"
    assert [f for f in lint_text(tmp_path, text) if f.code != "so-lieu"] == []


def test_heading_numbers_and_items_must_follow_each_other(tmp_path):
    text = (
        "### 2. Quy hoạch\n\n#### 2.1. Thực hiện\n\n#### 2.2. Công trình\n\n(1) Một.\n\n(2) Hai.\n\n(4) Bốn.\n\n"
        "##### 2.2.3. Dự án phối hợp\n\n### 3. Tiếp\n\n#### 3.1. Con\n\n### 4. Sau\n\nIV. LA MÃ\n\n1. Lại từ đầu\n"
    )
    fs = only(lint_text(tmp_path, text), "so-muc")
    lines = text.splitlines()
    assert [(f.line, f.excerpt) for f in fs] == [(11, "(4)"), (13, "2.2.3.")]
    assert fs[0].message == "mục (4) không nối tiếp: chờ mục (3)"
    assert fs[1].message == "số mục “2.2.3.” không nối tiếp mục trước (“2.2.”)"
    assert [lines[f.line - 1][f.column - 1 :].startswith(f.excerpt) for f in fs] == [True, True]


def test_a_section_inserted_renumbers_every_later_one_in_one_pass(tmp_path):
    # A new "### 2." put before the old one: lint named the next clash only, one run per heading,
    # and never said which number to write.
    text = "### 1. Một\n\n### 2. Mới thêm\n\n### 2. Hai\n\n#### 2.1. Con\n\n### 3. Ba\n"
    fs = only(lint_text(tmp_path, text), "so-muc")
    assert [(f.line, f.excerpt) for f in fs] == [(5, "2."), (7, "2.1."), (9, "3.")]
    assert [f.fix.split(" (")[0] for f in fs] == ["viết “3.”", "viết “3.1.”", "viết “4.”"]


def test_nhan_dan_is_capitalised_except_inside_an_organisation_name(tmp_path):
    text = (
        "Phục vụ tốt cho nhân dân; Ủy ban nhân dân, Hội đồng nhân dân, Quỹ tín dụng nhân dân; "
        "thế trận an ninh nhân dân; Nhân dân tin tưởng.\n"
    )
    fs = only(lint_text(tmp_path, text), "viet-hoa")
    assert [(f.column, f.fix) for f in fs] == [(text.index("nhân dân") + 1, "viết “Nhân dân”")]
    assert "văn bản Đảng viết hoa “Nhân dân”" in fs[0].message


def test_phong_chong_takes_a_comma(tmp_path):
    fs = only(lint_text(tmp_path, "Công tác phòng chống tham nhũng; phòng, chống dịch.\n"), "thuat-ngu")
    assert [(f.column, f.fix) for f in fs] == [(10, "sửa thành “phòng, chống”")]


@pytest.mark.parametrize(
    "text, found",
    [
        ("# A\n\n```\ncode\n```\n\nText.\n", []),
        ("# A\n\n```{toctree}\na\n```\n", []),
        ("::::{grid} 1 2\n:::{grid-item-card} X\n1\n:::\n:::{grid-item-card} Y\n2\n:::\n::::\n", []),
        ("Inline ```x``` code.\n", []),
        ("# A\n\n```\nText.[^a]\n\n[^a]: x\n", [(3, 1, "chưa được đóng")]),
        ("a\n::::{grid}\n:::{grid-item-card} X\n:::\n", [(2, 1, "“::::” mở ở dòng này")]),
        ("a\n:::{note\nb\n:::\n", [(2, 4, "thiếu dấu “}” đóng")]),
    ],
)
def test_fences_left_open_or_misnamed(text, found):
    from build_scripts.core.lint.blocks import check_blocks

    problems = check_blocks(text)
    assert [(p.line, p.column) for p in problems] == [(line, col) for line, col, _ in found]
    for p, (_, _, words) in zip(problems, found):
        assert words in p.message


@pytest.mark.parametrize(
    "text, found",
    [
        ("Có { ky_luat.tong } người.", ["{ ky_luat.tong }"]),
        ("Có {ky_luat.tong | dem} người.", ["{ky_luat.tong | dem}"]),
        ("Có { ky_luat.tong }} người.", ["{ ky_luat.tong }}"]),
        ("Có {{ ky_luat.tong }} người.", []),
        ("Có {{ ky_luat.tong } người.", []),  # Jinja's own error, reported by the build
        ("Xem {ref}`muc` và {abc.def}.", []),  # a MyST role; not a data group
        ("{% if ky_luat.tong %}có{% endif %}", []),
    ],
)
def test_placeholders_with_one_brace(text, found):
    from build_scripts.core.lint.placeholders import check_placeholders

    assert [p.excerpt for p in check_placeholders(text, {"ky_luat"})] == found


def test_a_heading_that_skips_levels_is_reported(tmp_path):
    text = "# A. Phần\n\n## I. Mục\n\n##### 1. Quá sâu\n\n### 2. Đúng\n\n## II. Mục\n"
    found = [(f.line, f.code, f.message) for f in lint_text(tmp_path, text) if f.code == "cap-tieu-de"]
    assert found == [(5, "cap-tieu-de", "tiêu đề nhảy cấp: sau tiêu đề “##” là “#####”")]


def test_a_footnote_text_indented_under_a_list_item_is_a_definition():
    """MyST takes "  [^xl]: …" under a list item as the footnote's text; the check stopped the
    build saying it was missing, and told the clerk to add it at the end of the file."""
    from build_scripts.core.lint.footnote_labels import check_footnotes

    assert check_footnotes("- Mục một có chú thích[^xl].\n\n  [^xl]: Nội dung chú thích.\n") == []
    [unused] = check_footnotes("- Mục một.\n\n  [^xl]: Không ai gọi.\n")
    assert unused.line == 3 and unused.message.startswith("chú thích [^xl] có nội dung nhưng không được gọi")
