"""The rule engine: expression parser (safe), units, qualifiers, rule-file errors, messages, CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from build_scripts.core.checks import known_discrepancies, run_checks
from build_scripts.core.checks.expr import ExprError, parse
from build_scripts.core.checks.names import find_names
from build_scripts.core.checks.rules import RuleFileError, load_rules
from build_scripts.core.checks.units import UnitError, Value, add, compare, mul, parse_unit

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "checks"

KY_LUAT = """\
tong: {gia_tri: 47, don_vi: đảng viên, nguon: x}
khien_trach: {gia_tri: 38, don_vi: đồng chí, nguon: x}
canh_cao: {gia_tri: 8, don_vi: đồng chí, nguon: x}
khai_tru: {gia_tri: KHAI_TRU, don_vi: đồng chí, nguon: x}
"""
NONG_NGHIEP = """\
dien_tich: {gia_tri: 100, don_vi: ha, nguon: x}
nang_suat: {gia_tri: 60, don_vi: tạ/ha, nguon: x}
san_luong: {gia_tri: 600, don_vi: tấn, nguon: x}
ty_le_tren: {gia_tri: 80, don_vi: "%", tinh_chat: tren, nguon: x}
uoc: {gia_tri: 100, don_vi: tỷ đồng, tinh_chat: uoc, nguon: x}
tien_trieu: {gia_tri: 1500, don_vi: triệu đồng, nguon: x}
khoang: {tu: 80, den: 85, don_vi: "%", nguon: x}
"""


def project(tmp_path: Path, rules: str, khai_tru: str = "1", docs: str | None = None) -> Path:
    src = tmp_path / "source_data"
    (src / "rules").mkdir(parents=True)
    (src / "ky_luat.yaml").write_text(KY_LUAT.replace("KHAI_TRU", khai_tru), encoding="utf-8")
    (src / "nong_nghiep.yaml").write_text(NONG_NGHIEP, encoding="utf-8")
    (src / "rules" / "r.yaml").write_text(textwrap.dedent(rules), encoding="utf-8")
    if docs is not None:
        (tmp_path / "docs").mkdir()
        (tmp_path / "docs" / "index.md").write_text(docs, encoding="utf-8")
    return src


def results(tmp_path: Path, rules: str, **kw):
    src = project(tmp_path, rules, **kw)
    run = run_checks(src, tmp_path / "docs")
    return {r.rule.ma: r for r in run.results}


SUM_RULE = """\
- ma: ky_luat_tong
  mo_ta: Tổng bằng tổng các hình thức
  quy_tac: ky_luat.tong == ky_luat.khien_trach + ky_luat.canh_cao + ky_luat.khai_tru
"""


# --- expressions -------------------------------------------------------------------


def test_vietnamese_numbers_and_percent_literals():
    e = parse("a.b == 1.361 × 1,5% + 0,5")
    lits = sorted((lit.value, lit.percent) for lit in e.literals.values())
    assert lits == [(Decimal("0.5"), False), (Decimal("1.5"), True), (Decimal("1361"), False)]
    assert e.names() == ["a.b"]


@pytest.mark.parametrize(
    "src,words",
    [
        ("a == 1.5", "dấu phẩy"),
        ("tong(a, b) == c", "chấm phẩy"),
        ("a == tongg(b; c)", "tong"),
        ("__import__('os') == 1", "dấu «_»"),
        ("open('x') == 1", "hàm «open» không có"),
        ("a == (lambda: 1)()", "không"),
        ("a[0] == 1", "Subscript"),
        ("a == ", "cú pháp"),
        ("a ** 2 == 1", "+ - * /"),
        ("a == 'x'", "chuỗi"),
        ("__n0__ == 1", "dấu «_»"),
        ("dem(b; __class__ == 1) == 1", "dấu «_»"),
    ],
)
def test_expression_errors_are_explained_and_nothing_is_evaluated(src, words):
    with pytest.raises(ExprError) as e:
        parse(src)
    assert words in str(e.value)


# --- units and intervals -----------------------------------------------------------


def test_area_times_yield_gives_mass_and_tons_convert():
    area = Value.point(Decimal(100), parse_unit("ha"))
    yield_ = Value.point(Decimal(60), parse_unit("tạ/ha"))
    out = mul(area, yield_)
    tons = Value.point(Decimal(600), parse_unit("tấn"))
    assert out.unit.dim == tons.unit.dim == (("khối lượng", 1),)
    assert compare(out, tons, "==")
    assert not compare(out, Value.point(Decimal(601), parse_unit("tấn")), "==")


def test_money_units_convert_and_per_year_is_not_a_dimension():
    assert compare(
        Value.point(Decimal(1500), parse_unit("triệu đồng")), Value.point(Decimal("1.5"), parse_unit("tỷ đồng")), "=="
    )
    assert parse_unit("tỷ đồng/năm").dim == parse_unit("tỷ đồng").dim
    assert parse_unit("nghìn lao động").factor == 1000


def test_adding_different_units_is_an_error_naming_both():
    with pytest.raises(UnitError) as e:
        add(Value.point(Decimal(1), parse_unit("ha")), Value.point(Decimal(1), parse_unit("tấn")))
    assert "ha" in str(e.value) and "tấn" in str(e.value)


def test_dong_chi_counts_as_dang_vien():
    assert parse_unit("đồng chí").dim == parse_unit("đảng viên").dim


def test_qualifiers_tren_is_strict_uoc_has_tolerance_ranges_are_intervals(tmp_path):
    res = results(
        tmp_path,
        """\
    - {ma: tren_khong_bang, quy_tac: nong_nghiep.ty_le_tren == 80}
    - {ma: tren_lon_hon, quy_tac: nong_nghiep.ty_le_tren > 80}
    - {ma: tren_co_the_81, quy_tac: nong_nghiep.ty_le_tren == 81}
    - {ma: tren_hop_le, quy_tac: nong_nghiep.ty_le_tren <= 100}
    - {ma: uoc_gan, quy_tac: "nong_nghiep.uoc == 100,9"}
    - {ma: uoc_xa, quy_tac: nong_nghiep.uoc == 102}
    - {ma: khoang_trong, quy_tac: nong_nghiep.khoang == 83}
    - {ma: khoang_ngoai, quy_tac: nong_nghiep.khoang == 86}
    - {ma: khoang_dau, quy_tac: nong_nghiep.khoang.tu < nong_nghiep.khoang.den}
    """,
    )
    status = {k: v.status for k, v in res.items()}
    assert status == {
        "tren_khong_bang": "sai",
        "tren_lon_hon": "dat",
        "tren_co_the_81": "dat",
        "tren_hop_le": "dat",
        "uoc_gan": "dat",
        "uoc_xa": "sai",
        "khoang_trong": "dat",
        "khoang_ngoai": "sai",
        "khoang_dau": "dat",
    }


def test_product_rule_with_units_and_relative_tolerance(tmp_path):
    res = results(
        tmp_path,
        """\
    - ma: san_luong
      quy_tac: nong_nghiep.san_luong == nong_nghiep.dien_tich × nong_nghiep.nang_suat
      don_vi: tấn
    - ma: san_luong_sai_so
      quy_tac: nong_nghiep.san_luong × 1,02 == nong_nghiep.dien_tich × nong_nghiep.nang_suat
      sai_so: 3%
    - ma: san_luong_qua_sai_so
      quy_tac: nong_nghiep.san_luong × 1,05 == nong_nghiep.dien_tich × nong_nghiep.nang_suat
      sai_so: 3%
    - ma: tien
      quy_tac: nong_nghiep.tien_trieu == 1,5 × 1.000 × 1.000 × 1.000 × 1.000 / 1.000.000 × 1.000
    """,
    )
    assert res["san_luong"].status == "dat", res["san_luong"].message
    assert "600 tấn" in res["san_luong"].message
    assert res["san_luong_sai_so"].status == "dat"
    assert res["san_luong_qua_sai_so"].status == "sai"


def test_chained_bounds_and_a_rate_that_fell(tmp_path):
    res = results(
        tmp_path,
        """\
    - {ma: thu_tu, quy_tac: "ky_luat.khai_tru <= ky_luat.canh_cao <= ky_luat.khien_trach <= ky_luat.tong"}
    - {ma: thu_tu_sai, quy_tac: "ky_luat.canh_cao <= ky_luat.khai_tru"}
    """,
    )
    assert res["thu_tu"].status == "dat"
    assert res["thu_tu_sai"].status == "sai"
    assert "ky_luat.canh_cao: 8 đồng chí > 1 đồng chí" in res["thu_tu_sai"].message


# --- messages ----------------------------------------------------------------------


def test_failure_message_names_key_values_and_operands(tmp_path):
    res = results(tmp_path, SUM_RULE, khai_tru="2")
    r = res["ky_luat_tong"]
    assert r.status == "sai"
    assert r.message == ("ky_luat.tong: 47 đảng viên ≠ 38 + 8 + 2 = 48 đảng viên (khien_trach + canh_cao + khai_tru)")


def test_known_discrepancy_is_a_warning_and_becomes_an_error_when_fixed(tmp_path):
    rule = SUM_RULE + '  sai_lech_da_biet: { ghi_chu: "khai trừ ghi 2, tổng chưa sửa" }\n'
    broken = results(tmp_path / "a", rule, khai_tru="2")["ky_luat_tong"]
    assert broken.status == "da_biet" and broken.mark == "⚠"
    found = known_discrepancies(tmp_path / "a" / "source_data", tmp_path / "a" / "docs")
    assert [k.ma for k in found] == ["ky_luat_tong"]
    assert found[0].ghi_chu == "khai trừ ghi 2, tổng chưa sửa"
    assert "≠" in found[0].chi_tiet and found[0].vi_tri_quy_tac.line == 1
    fixed = results(tmp_path / "b", rule, khai_tru="1")["ky_luat_tong"]
    assert fixed.status == "het_sai_lech" and fixed.unexpected
    assert "xoá mục sai_lech_da_biet" in fixed.message


def test_missing_value_and_empty_table_rows_are_not_a_pass(tmp_path):
    src = project(
        tmp_path,
        """\
    - {ma: dem_vuot, quy_tac: 'ket_qua.so_vuot == dem(ket_qua.bang; ket_qua == "vuot")'}
    - {ma: dem_dat, quy_tac: 'ket_qua.so_dat == dem(ket_qua.bang; ket_qua == "dat" hoac ket_qua == "vuot")'}
    - {ma: so_dong, quy_tac: ket_qua.tong == so_dong(ket_qua.bang)}
    """,
    )
    table = """\
tong: {gia_tri: 3, don_vi: chỉ tiêu, nguon: x}
so_vuot: {gia_tri: 1, don_vi: chỉ tiêu, nguon: x}
so_dat: {gia_tri: 3, don_vi: chỉ tiêu, nguon: x}
bang:
  a: {so: 1, ket_qua: vuot}
  b: {so: 2, ket_qua: KQ}
  c: {so: 3, ket_qua: dat}
"""
    (src / "ket_qua.yaml").write_text(table.replace("KQ", "null"), encoding="utf-8")
    res = {r.rule.ma: r for r in run_checks(src, None).results}
    assert res["dem_vuot"].status == "chua_kiem_tra" and res["dem_vuot"].mark == "?"
    assert "1/3 dòng" in res["dem_vuot"].message and "ket_qua" in res["dem_vuot"].message
    assert res["so_dong"].status == "dat"
    (src / "ket_qua.yaml").write_text(table.replace("KQ", "khong_dat"), encoding="utf-8")
    res = {r.rule.ma: r for r in run_checks(src, None).results}
    assert res["dem_vuot"].status == "dat"
    assert res["dem_dat"].status == "sai" and "3 chỉ tiêu ≠ 2" in res["dem_dat"].message


def test_derived_value_is_usable_by_later_rules(tmp_path):
    res = results(
        tmp_path,
        """\
    - ma: binh_quan
      dat_ten: suy_ra.tien_ty
      bang: nong_nghiep.tien_trieu / 1.000
    - {ma: dung, quy_tac: "suy_ra.tien_ty == 1,5"}
    """,
    )
    assert res["binh_quan"].status == "dinh_nghia"
    assert res["dung"].status == "dat", res["dung"].message


def test_moi_so_checks_every_matching_value(tmp_path):
    res = results(
        tmp_path,
        """\
    - {ma: tu_90, moi_so: "nong_nghiep.*", quy_tac: "x >= 90"}
    """,
    )
    r = res["tu_90"]
    assert r.status == "sai"
    assert "nong_nghiep.nang_suat: 60 tạ/ha < 90" in r.message
    assert "nong_nghiep.khoang" in r.message  # 80 - 85% cannot be ≥ 90%
    assert "dien_tich" not in r.message and "ty_le_tren" not in r.message and "ky_luat" not in r.message
    assert r.keys == ["nong_nghiep.khoang", "nong_nghiep.nang_suat"]


def test_flow_style_comma_decimal_gets_a_hint(tmp_path):
    err = _load_error(tmp_path, "- {ma: a, quy_tac: x == 100,9}\n")
    assert "dấu nháy" in str(err)


# --- rule file errors name file and line -------------------------------------------


def _load_error(tmp_path: Path, text: str) -> RuleFileError:
    (tmp_path / "rules").mkdir(exist_ok=True)
    (tmp_path / "rules" / "r.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(RuleFileError) as e:
        load_rules(tmp_path / "rules")
    return e.value


def test_unknown_key_says_did_you_mean_with_file_and_line(tmp_path):
    err = _load_error(
        tmp_path,
        """\
    - ma: a
      quy_tc: x.y == 1
    """,
    )
    assert err.location.line == 2 and err.location.path.name == "r.yaml"
    assert "quy_tac" in str(err) and "có phải ý bạn là" in str(err)


def test_expression_syntax_error_names_file_line_and_column(tmp_path):
    err = _load_error(
        tmp_path,
        """\
    - ma: a
      quy_tac: x.y == 1.5
    """,
    )
    assert (err.location.line, err.location.column) == (2, 19)
    assert "r.yaml:2:19" in err.format() and "1,5" in err.format()


def test_yaml_syntax_error_and_duplicate_id(tmp_path):
    err = _load_error(tmp_path, "- ma: a\n  quy_tac: [x\n")
    assert err.location.path.name == "r.yaml" and "YAML" in str(err)
    err = _load_error(tmp_path, "- {ma: a, quy_tac: x == 1}\n- {ma: a, quy_tac: x == 2}\n")
    assert err.location.line == 2 and "đã dùng" in str(err)


def test_unknown_data_key_and_mismatched_units_name_the_rule_line(tmp_path):
    res = results(
        tmp_path,
        """\
    - ma: sai_ten
      quy_tac: ky_luat.tongg == 47
    - ma: sai_don_vi
      quy_tac: nong_nghiep.san_luong == nong_nghiep.dien_tich
    - ma: sai_don_vi_quy_tac
      quy_tac: nong_nghiep.san_luong == 600
      don_vi: ha
    """,
    )
    assert res["sai_ten"].status == "loi"
    assert "r.yaml:2" in res["sai_ten"].message and "ky_luat.tong" in res["sai_ten"].message
    assert res["sai_don_vi"].status == "loi"
    assert "r.yaml:4" in res["sai_don_vi"].message and "tấn" in res["sai_don_vi"].message
    assert res["sai_don_vi_quy_tac"].status == "loi" and "ha" in res["sai_don_vi_quy_tac"].message


# --- names ---------------------------------------------------------------------------


def test_find_names_after_a_word():
    text = "xây dựng xã Gia Lộc giàu đẹp; xã NTM kiểu mẫu; Xã Chi Lăng Nam đạt; xã {{ x }}"
    assert [n for n, _ in find_names(text, "xã")] == ["Gia Lộc", "Chi Lăng Nam"]
    assert [n for n, _ in find_names("Cụm công nghiệp Thanh Giang - Ngũ Hùng, 16", "Cụm công nghiệp")] == [
        "Thanh Giang - Ngũ Hùng"
    ]


def test_find_names_only_after_the_whole_word_in_any_case():
    # "phường"/"xã" inside other words are not the word; "ĐƯỜNG" and "Đường" are
    text = "tuyến đường Tiền Phong, ĐƯỜNG Hồng Phong; Phường Đông; Xã_Bắc; xã\tChi Lăng; haixã Gia Lộc"
    assert [n for n, _ in find_names(text, "đường")] == ["Tiền Phong", "Hồng Phong"]
    assert [n for n, _ in find_names(text, ["xã", "phường"])] == ["Đông", "Chi Lăng"]
    # a letter whose lower case is two characters (İ) does not shift the places found
    text = "İstanbul; xã Gia Lộc"
    assert find_names(text, "xã") == [("Gia Lộc", text.index("xã"))]


def test_unknown_and_reversed_names_are_flagged_with_line(tmp_path):
    docs = "# A\n\nXã Chi Lăng Bắc và xã Gia Lộc.\nCụm công nghiệp Thanh Giang - Ngũ Hùng.\nĐoàn Thanh niên xã.\n"
    res = results(
        tmp_path,
        """\
    - {ma: xa, ten_goi: {mau: xã, hop_le: [Chi Lăng Bắc]}}
    - {ma: ccn, ten_goi: {mau: Cụm công nghiệp, hop_le: [Ngũ Hùng - Thanh Giang]}}
    - {ma: doan, ten_goi: {mau: Đoàn, hop_le: [Thanh niên]}}
    """,
        docs=docs,
    )
    assert res["xa"].status == "sai" and "Gia Lộc" in res["xa"].message and "index.md:3" in res["xa"].message
    assert "Chi Lăng Bắc" not in res["xa"].message
    assert res["ccn"].status == "sai" and "ngược thứ tự" in res["ccn"].message
    assert res["doan"].status == "dat"


# --- command line ------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("VERBOSE", None)
    return subprocess.run(
        [sys.executable, "-m", "build_scripts.cli.check", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_report_on_the_fixture_lists_every_rule_and_fails_on_unexpected():
    proc = _cli("--du-lieu", str(FIXTURE / "source_data"), "--van-ban", str(FIXTURE / "docs"))
    out = proc.stdout
    assert proc.returncode == 1
    rules = load_rules(FIXTURE / "source_data" / "rules")
    for r in rules:
        assert f" {r.ma}: " in out
    assert "✓ ky_luat_tong" in out and "⚠ san_luong_lua" in out and "? chua_co_so" in out
    assert "✗ ten_xa" in out and "Gia Lộc" in out
    assert "docs/index.md:3" in out  # where ky_luat.tong appears in the text
    assert "Ghi chú cho tổ biên tập: lệch 20 lần" in out


def test_cli_bad_rule_file_exit_2_without_traceback(tmp_path):
    src = project(tmp_path, "- ma: a\n  quy_tac: ky_luat.tong == 1.5\n")
    proc = _cli("--du-lieu", str(src), "--van-ban", str(tmp_path / "docs"))
    assert proc.returncode == 2
    assert "r.yaml:2" in proc.stderr and "Traceback" not in proc.stderr


def test_roman_numeral_terms_both_spellings_of_khoa():
    text = "Trung ương khóa III, nhiệm kỳ 2020-2025; khoá XV; khóa XI, XII; khóa học; khoá 14, 15."
    assert [n for n, _ in find_names(text, ["khóa", "khoá"], roman=True)] == ["III", "XV", "XI, XII", "14, 15"]


def test_final_gate_messages_list_known_and_unexpected(tmp_path):
    from build_scripts.core.checks import gate_problems

    rule = SUM_RULE + '  sai_lech_da_biet: { ghi_chu: "chờ tổ biên tập" }\n'
    src = project(tmp_path, rule + "- {ma: sai, quy_tac: ky_luat.khai_tru == 5}\n", khai_tru="2")
    problems = gate_problems(run_checks(src, None))
    rules = [p for p in problems if "r.yaml" in p]
    assert len(rules) == 2
    assert any("ky_luat_tong" in p and "chờ tổ biên tập" in p for p in rules)
    assert any("«sai» không khớp" in p for p in rules)
    # values no rule governs (nong_nghiep.*) also block a final build
    assert any("nong_nghiep.san_luong chưa có quy tắc" in p for p in problems)


def test_error_in_a_folded_expression_points_at_its_first_line(tmp_path):
    err = _load_error(
        tmp_path,
        """\
    - ma: a
      quy_tac: >-
        x.y ==
        1.5
    """,
    )
    assert err.location.line == 3 and "1,5" in str(err)


def test_cli_known_list_is_numbered_with_notes():
    proc = _cli("--du-lieu", str(FIXTURE / "source_data"), "--van-ban", str(FIXTURE / "docs"), "--sai-lech")
    assert "1. Sản lượng thóc bằng diện tích nhân năng suất" in proc.stdout
    assert "Ghi chú: lệch 20 lần" in proc.stdout and "docs/index.md:6" in proc.stdout
    assert "(1)" in proc.stdout.splitlines()[0] and "\n2. " not in proc.stdout  # one known discrepancy


def test_a_bare_number_takes_the_rule_unit(tmp_path):
    res = results(
        tmp_path,
        """\
    - ma: trieu
      quy_tac: nong_nghiep.uoc / 1.000 >= 99
      don_vi: triệu đồng
    - ma: trieu_sai
      quy_tac: nong_nghiep.uoc / 1.000 >= 102
      don_vi: triệu đồng
    """,
    )
    assert res["trieu"].status == "dat", res["trieu"].message
    assert res["trieu_sai"].status == "sai" and "102 triệu đồng" in res["trieu_sai"].message


def test_cli_warning_after_a_build_lists_only_the_failed_rules(tmp_path):
    """What `make` prints after building a draft whose numbers disagree (it built silently)."""
    proc = _cli("--du-lieu", str(FIXTURE / "source_data"), "--van-ban", str(FIXTURE / "docs"), "--canh-bao")
    assert proc.returncode == 1 and proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert lines[0] == "CẢNH BÁO: 1 quy tắc số liệu không khớp. Bản dự thảo vẫn được dựng; bản chính thức thì không."
    assert "«ten_xa»" in lines[1] and lines[1].lstrip().startswith("✗ ") and ".yaml:" in lines[1]
    assert "Gia Lộc" in proc.stderr and "ky_luat_tong" not in proc.stderr and "san_luong_lua" not in proc.stderr
    assert lines[-1].strip().startswith("→ Cách sửa:")
    clean = project(tmp_path, SUM_RULE)
    proc = _cli("--du-lieu", str(clean), "--van-ban", str(tmp_path / "docs"), "--canh-bao")
    # nong_nghiep's values have no rule: `make check` fails on them, so `make` says so too
    lines = proc.stderr.splitlines()
    assert proc.returncode == 1 and "quy tắc số liệu không khớp" not in proc.stderr
    assert lines[0] == "CẢNH BÁO: 7 số liệu chưa được kiểm tra: `make check` và `make final` sẽ báo lỗi."
    assert lines[1].startswith("  ✗ ") and "nong_nghiep.yaml:1:" in lines[1] and "«nong_nghiep.dien_tich»" in lines[1]
    assert lines[-1].strip().startswith("→ Cách sửa:") and "doc_lap.yaml" in lines[-1]
    (clean / "rules" / "doc_lap.yaml").write_text(
        "".join(
            f"nong_nghiep.{k}: số liệu của phép thử\n"
            for k in ("dien_tich", "nang_suat", "san_luong", "ty_le_tren", "uoc", "tien_trieu", "khoang")
        ),
        encoding="utf-8",
    )
    proc = _cli("--du-lieu", str(clean), "--van-ban", str(tmp_path / "docs"), "--canh-bao")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


# --- a rule's description does not restate the data ------------------------------------


def test_a_number_of_the_data_written_in_a_rule_description_is_an_error_at_its_line(tmp_path):
    # "47" and "38" restate ky_luat.tong and ky_luat.khien_trach: once the data change, the
    # description says one thing and the line under it another. 2 (the rule's own constant),
    # 600 (a value the rule does not read) and a section number stay.
    src = project(
        tmp_path,
        """\
    - ma: ky_luat_tong
      mo_ta: Tổng (47) bằng tổng các hình thức
      quy_tac: ky_luat.tong == ky_luat.khien_trach + ky_luat.canh_cao + ky_luat.khai_tru

    - ma: gap_doi
      mo_ta: >-
        Khiển trách (mục A.II.2) nhiều hơn hai lần cảnh cáo, ví dụ
        38 so với 2 × 8 = 16; sản lượng 600 tấn không liên quan
      quy_tac: ky_luat.khien_trach > 2 * ky_luat.canh_cao
    """,
    )
    run = run_checks(src, tmp_path / "docs")
    found = [(d.rule.ma, d.text, d.key, d.location.line) for d in run.numbers_in_descriptions]
    assert found == [
        ("ky_luat_tong", "47", "ky_luat.tong", 2),
        ("gap_doi", "38", "ky_luat.khien_trach", 8),
        ("gap_doi", "8", "ky_luat.canh_cao", 8),
    ]

    from build_scripts.core.checks import gate_problems
    from build_scripts.core.checks.report import format_report
    from build_scripts.core.messages import SourceLocation

    report = format_report(run)
    assert (
        f"✗ {SourceLocation(src / 'rules' / 'r.yaml', 2)}: mô tả của quy tắc «ky_luat_tong» ghi số 47, "
        "là giá trị hiện tại của ky_luat.tong"
    ) in report
    assert "KẾT QUẢ: CÓ LỖI" in report
    assert any("ky_luat_tong" in p and "47" in p for p in gate_problems(run))


def test_the_project_rule_descriptions_restate_no_data():
    run = run_checks(REPO / "source_data", REPO / "docs")
    assert [f"{d.location}: {d.rule.ma} {d.text}" for d in run.numbers_in_descriptions] == []


def test_a_failed_rule_names_where_each_of_its_values_is_written(tmp_path):
    # "sửa số liệu trong source_data/*.yaml" did not say which file nor line holds 47, 38, 8, 2.
    from build_scripts.core.checks.report import format_report, format_warning
    from build_scripts.core.messages import SourceLocation

    src = project(tmp_path, SUM_RULE, khai_tru="2")
    run = run_checks(src, tmp_path / "docs")
    data = src / "ky_luat.yaml"
    expected = "Số liệu ở: " + "; ".join(
        f"{k} {SourceLocation(data, n, 1)}"
        for k, n in [("ky_luat.tong", 1), ("ky_luat.khien_trach", 2), ("ky_luat.canh_cao", 3), ("ky_luat.khai_tru", 4)]
    )
    assert expected in format_warning(run)
    assert expected in format_report(run)


def test_a_rule_with_a_misspelt_key_is_told_to_be_fixed_not_the_data(tmp_path):
    # "ky_luat.khien_trac" in a rule: make said "sửa số liệu …", and told to list the value it
    # no longer reads (khien_trach) in doc_lap.yaml, the wrong remedy.
    from build_scripts.core.checks.report import format_warning

    src = project(tmp_path, SUM_RULE.replace("ky_luat.khien_trach +", "ky_luat.khien_trac +"))
    text = format_warning(run_checks(src, tmp_path / "docs"))
    fix = [line for line in text.splitlines() if "→ Cách sửa" in line][0]
    assert "sửa quy tắc" in fix and "sửa số liệu" not in fix
    assert "sửa các quy tắc có lỗi ở trên trước" in text
