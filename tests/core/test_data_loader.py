"""The data layer: one namespace from source_data/, exact decimals, NFC, and clear errors."""

import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from build_scripts.core.data import DataError, Quantity, load_source_data


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_file_name_is_the_namespace_and_decimals_are_exact(tmp_path):
    write(tmp_path, "nong_nghiep.yaml", "dien_tich_lua:\n  gia_tri: 2553.60\n  don_vi: ha\n  nguon: A.III.2\n")
    write(tmp_path, "dang_bo.yaml", "so_dang_vien: {gia_tri: 1361, don_vi: đảng viên, nguon: mở đầu}\n")
    ds = load_source_data(tmp_path)
    q = ds.get("nong_nghiep.dien_tich_lua")
    assert isinstance(q, Quantity)
    assert q.gia_tri == Decimal("2553.60") and q.decimals == 2 and q.don_vi == "ha"
    assert ds.namespace["dang_bo"]["so_dang_vien"].gia_tri == 1361
    assert set(ds.quantities()) == {"nong_nghiep.dien_tich_lua", "dang_bo.so_dang_vien"}
    loc = ds.location("nong_nghiep.dien_tich_lua")
    assert (loc.path.name, loc.line) == ("nong_nghiep.yaml", 1)


def test_ranges_qualifiers_lists_and_plain_values(tmp_path):
    write(
        tmp_path,
        "x.yaml",
        "ty_le: {tu: 80, den: 85, don_vi: '%', nguon: A, tinh_chat: khoang}\n"
        "danh_sach:\n  - {ma: 1, gia_tri: 1.5, don_vi: '%', nguon: C.II}\n  - {ma: 2, gia_tri: 2, don_vi: tổ chức, nguon: C.II}\n"
        "ten: Nam Thanh Miện\n",
    )
    ds = load_source_data(tmp_path)
    rng = ds.get("x.ty_le")
    assert rng.is_range and rng.tu == 80 and rng.den == 85 and rng.tinh_chat == "khoang"
    assert ds.get("x.danh_sach[0]").gia_tri == Decimal("1.5") and ds.get("x.danh_sach[0]").ma == 1
    assert "x.danh_sach[1]" in ds.quantities()
    assert ds.get("x.ten") == "Nam Thanh Miện"


def test_strings_are_nfc(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Trung Nghĩa")
    write(tmp_path, "van_ban.yaml", f"ho_ten: {decomposed}\n")
    value = load_source_data(tmp_path).get("van_ban.ho_ten")
    assert value == "Nguyễn Trung Nghĩa" and unicodedata.is_normalized("NFC", value)


@pytest.mark.parametrize(
    "text, line, column, words",
    [
        ("a:\n  gia_tri: 1\n   don_vi: ha\n", 3, None, "sai cú pháp"),
        ("a: {gia_tri: 1, don_vi: ha, nguon: x}\nb: 1\na: 2\n", 3, 1, "bị lặp lại (đã có ở dòng 1)"),
        ("a:\n  gia_tri: mười\n  don_vi: ha\n  nguon: x\n", 2, 3, "phải là một số"),
        ("a:\n  gia_tri: 1\n  nguon: x\n", 1, 1, "thiếu trường 'don_vi'"),
        ("a:\n  gia_tri: 1\n  don_vi: ha\n  nguon: x\n  gai_tri: 2\n", 5, 3, "Có phải ý bạn là 'gia_tri'"),
        ("a:\n  gia_tri: 1\n  don_vi: ha\n  nguon: x\n  tinh_chat: trenn\n", 5, 3, "'tren'"),
        ("Số_Đảng_Viên: 3\n", 1, 1, "so_dang_vien"),
        ("a: {tu: 1, don_vi: ha, nguon: x}\n", 1, 1, "cần cả 'tu' và 'den'"),
        ("a: 'chưa đóng\n", None, None, "sai cú pháp"),
        # YAML 1.1 reads 010 as 8 (octal) and 1:30 as 90 (base 60): the report printed 8
        ("a:\n  gia_tri: 010\n  don_vi: đồng chí\n  nguon: x\n", 2, 12, "YAML đọc nó thành 8 (hệ bát phân)"),
        ("a:\n  gia_tri: 010\n  don_vi: đồng chí\n  nguon: x\n", 2, 12, "Viết 10"),
        ("a:\n  gia_tri: 1:30\n  don_vi: giờ\n  nguon: x\n", 2, 12, "không viết theo kiểu số thập phân"),
        ("a:\n  gia_tri: 08\n  don_vi: đồng chí\n  nguon: x\n", 2, 3, "có số 0 đứng đầu ('08')"),
        # a count has no fraction: "10,5 đồng chí" was printed (1.361, three decimals, has its own message)
        ("a:\n  gia_tri: 10.5\n  don_vi: đồng chí\n  nguon: x\n", 2, 3, "nên không có phần lẻ, nhưng đang là 10.5"),
        # YAML notices these lines later: the line named is the one to fix
        (
            "a: {gia_tri: 1, don_vi: ha, nguon: x}\nb:\n  gia_tri 38\n  don_vi: ha\n  nguon: x\n",
            3,
            None,
            "dòng này thiếu dấu ':' sau tên khóa",
        ),
        (
            'a:\n  gia_tri: 1\n  don_vi: ha\n  nguon: "x\nb:\n  gia_tri: 2\n  don_vi: ha\n  nguon: "y"\n',
            4,
            None,
            "dấu ngoặc kép mở ở dòng này chưa được đóng",
        ),
        # the last key of a group without its ':' (the next line is named by YAML, and is right)
        ("a:\n  gia_tri: 1\n  don_vi ha\n  nguon: x\n", 3, None, "dòng này thiếu dấu ':' sau tên khóa"),
        # a Tab to indent: YAML's own words were shown
        ("a:\n  gia_tri: 1\n\tdon_vi: ha\n  nguon: x\n", 3, None, "sai cú pháp: dòng này thụt lề bằng dấu Tab"),
        # a misspelt value field: the quantity was read as a group and printed "<nhóm dữ liệu a>"
        ("a:\n  gia_tr: 38\n  don_vi: đồng chí\n  nguon: x\n", 2, 3, "Có phải ý bạn là 'gia_tri'"),
    ],
)
def test_errors_name_file_line_and_column(tmp_path, text, line, column, words):
    write(tmp_path, "bad.yaml", text)
    with pytest.raises(DataError) as info:
        load_source_data(tmp_path)
    error = info.value
    message = error.format()
    assert words in message
    assert error.location.path.name == "bad.yaml"
    if line is not None:
        assert error.location.line == line
    if column is not None:
        assert error.location.column == column
    assert "Cách sửa" in message


def test_all_errors_of_all_files_together(tmp_path):
    write(tmp_path, "a.yaml", "x: {gia_tri: 1, don_vi: ha, nguon: n}\nx: 2\n")
    write(tmp_path, "b.yaml", "y: {gia_tri: hai, don_vi: ha, nguon: n}\n")
    with pytest.raises(DataError) as info:
        load_source_data(tmp_path)
    text = info.value.format()
    assert "Có 2 lỗi" in text and "a.yaml:2" in text and "b.yaml:1" in text


def test_not_utf8_is_reported_with_line(tmp_path):
    (tmp_path / "c.yaml").write_bytes(b"a: 1\nb: " + unicodedata.normalize("NFD", "Đảng").encode("cp1258") + b"\n")
    with pytest.raises(DataError, match="UTF-8") as info:
        load_source_data(tmp_path)
    assert info.value.location.line == 2


def test_rules_and_lint_folders_are_not_data(tmp_path):
    (tmp_path / "rules").mkdir()
    write(tmp_path / "rules", "r.yaml", "- khong: phai du lieu\n")
    write(tmp_path, "a.yaml", "x: 1\n")
    assert list(load_source_data(tmp_path).namespace) == ["a"]


@pytest.mark.parametrize(
    "key, parts",
    [
        ("ky_luat.tong", ["ky_luat", "tong"]),
        ("dang_bo", ["dang_bo"]),
        ("chi_tieu.bang[2].ten", ["chi_tieu", "bang", 2, "ten"]),
        ("a[0][1].b", ["a", 0, 1, "b"]),
    ],
)
def test_a_data_key_splits_into_names_and_list_indexes(key, parts):
    from build_scripts.core.data import split_key

    assert split_key(key) == parts


@pytest.mark.parametrize("key", ["a..b", ".a", "a.", "a.[1]", "a[x].b"])
def test_a_malformed_data_key_is_not_found(key):
    from build_scripts.core.data import split_key

    with pytest.raises(KeyError):
        split_key(key)
