"""Every kind of bad input: one clear Vietnamese message (what, where, how to fix), a non-zero
exit, no Python traceback unless VERBOSE=1, and the last good output kept as it was.

Each case edits a copy of the small fixture project (tests/fixtures/mini) that was built
once successfully, runs `python -m build_scripts.cli.build html` as `make html` does, and
compares the whole error output with the message the committee should read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import make_project, run_build

KEPT = "    (Bản dựng tốt gần nhất vẫn giữ nguyên tại _build/html.)"
DOC = "docs/phan-mot.md"
DATA = "source_data/ky_luat.yaml"


def _footnote_col(text: str) -> int:
    line = text.splitlines()[4]
    return line.index("[^ky-luat-sai]") + 1


def _line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith(start))


# name: (file, edit, expected stderr (a function of the edited text))
CASES = {
    "malformed YAML": (
        DATA,
        lambda t: t.replace("tong: {gia_tri: 47,", "tong: {gia_tri: 47,,"),
        lambda t: (
            "LỖI: source_data/ky_luat.yaml:1:20: Tệp YAML sai cú pháp: thiếu giá trị (did not find expected node content).\n"
            "    → Cách sửa: Kiểm tra thụt lề (dùng dấu cách, không dùng Tab), dấu ':' sau mỗi khóa, "
            "và dấu ngoặc kép đóng mở đủ đôi." + "\n" + KEPT
        ),
    ),
    "duplicate key": (
        DATA,
        lambda t: t + 'tong: {gia_tri: 48, don_vi: đảng viên, nguon: "x"}\n',
        lambda t: (
            "LỖI: source_data/ky_luat.yaml:7:1: Khóa 'tong' bị lặp lại (đã có ở dòng 1).\n"
            "    → Cách sửa: Mỗi khóa chỉ được khai báo một lần trong cùng một nhóm: xóa hoặc đổi tên một trong hai."
            + "\n"
            + KEPT
        ),
    ),
    "value of the wrong type": (
        DATA,
        lambda t: t.replace("gia_tri: 47,", "gia_tri: bốn bảy,"),
        lambda t: (
            "LỖI: source_data/ky_luat.yaml:1:8: 'ky_luat.tong.gia_tri' phải là một số, nhưng đang là 'bốn bảy'.\n"
            "    → Cách sửa: Viết số theo kiểu máy tính: dấu chấm cho phần thập phân, không có dấu phân cách "
            "hàng nghìn (1361, 23.99). Để trống thì ghi null." + "\n" + KEPT
        ),
    ),
    "thousands separator in a count": (
        DATA,
        lambda t: t.replace("tong: {gia_tri: 47,", "tong: {gia_tri: 1.047,"),
        lambda t: (
            "LỖI: source_data/ky_luat.yaml:1:8: 'ky_luat.tong.gia_tri' là số đếm (đơn vị 'đảng viên') nhưng "
            "đang là 1.047 — dấu chấm ở đây có phải là dấu ngăn cách hàng nghìn không?\n"
            "    → Cách sửa: Trong source_data, số viết không có dấu ngăn cách hàng nghìn: 1047 (không phải "
            "1.047); báo cáo tự in thành 1.047. Nếu đây thật là số lẻ, ghi đơn vị đo cho đúng "
            "(ví dụ 'nghìn người')." + "\n" + KEPT
        ),
    ),
    "a number typed into a placeholder": (
        DOC,
        lambda t: t.replace("{{ ky_luat.khien_trach }}", "{{ 38 | dem }}"),
        lambda t: (
            "LỖI: docs/phan-mot.md:5: Số 38 được gõ thẳng vào chỗ giữ chỗ {{ }}: con số trong báo cáo phải "
            "lấy từ source_data/ (có đơn vị, nguồn và được kiểm tra).\n"
            "    → Cách sửa: Viết tên số liệu trong dấu {{ }}, ví dụ {{ ky_luat.khien_trach }}; số chưa có thì "
            "thêm vào tệp .yaml tương ứng trong source_data/ (gia_tri, don_vi, nguon).\n" + KEPT
        ),
    ),
    "a paragraph pasted with a Tab at its start": (
        # Markdown reads a line indented by a Tab (or 4 spaces) as code: a grey monospace box in
        # the HTML, and rinohtype then stopped on a missing font style, naming no file.
        DOC,
        lambda t: t.replace("\nGiá trị ngành dịch vụ", "\n\tGiá trị ngành dịch vụ"),
        lambda t: (
            f"LỖI: docs/phan-mot.md:{_line_of(t, 'Giá trị ngành dịch vụ')}: Dòng này bắt đầu bằng dấu Tab "
            "(hoặc từ 4 dấu cách trở lên) nên bị đọc thành khối mã máy tính (chữ đơn cách, không căn lề), "
            "không phải đoạn văn.\n"
            "    → Cách sửa: Xoá Tab và dấu cách ở đầu dòng (thường gặp khi dán từ Word): bản dựng tự thụt "
            "đầu dòng cho đoạn văn.\n" + KEPT
        ),
    ),
    "a paragraph between ``` fences": (
        DOC,
        lambda t: t.replace("\nGiá trị ngành dịch vụ", "\n```\nGiá trị ngành dịch vụ", 1).replace(
            "Tỷ lệ: {{ ky_luat.chua_co | phan_tram }}.\n", "Tỷ lệ: {{ ky_luat.chua_co | phan_tram }}.\n```\n", 1
        ),
        lambda t: (
            f"LỖI: docs/phan-mot.md:{_line_of(t, '```')}: Khối ``` … ``` là khối mã máy tính (chữ đơn cách, "
            "không căn lề); báo cáo không có khối mã.\n"
            "    → Cách sửa: Bỏ hai dòng ``` bao quanh đoạn văn này.\n" + KEPT
        ),
    ),
    "an issue date typed as day/month": (
        # it was blamed on templates/snippets/dau_van_ban.md.j2 with Python's "invalid literal for int()"
        "source_data/van_ban.yaml",
        lambda t: t.replace("  ngay: null\n  thang: 8", "  ngay: 20/8\n  thang: 8", 1),
        lambda t: (
            "LỖI: source_data/van_ban.yaml:9:3: Ngày ban hành ghi 'ngay: 20/8', không phải một số ngày.\n"
            "    → Cách sửa: Ghi riêng số ngày (1 - 31), ví dụ 'ngay: 20'; tháng ghi ở 'thang:', năm ở 'nam:'. "
            "Chưa có ngày thì để 'ngay: null'.\n" + KEPT
        ),
    ),
    "an issue date that does not exist": (
        "source_data/van_ban.yaml",
        lambda t: t.replace("  ngay: null\n  thang: 8", "  ngay: 31\n  thang: 9", 1),
        lambda t: (
            "LỖI: source_data/van_ban.yaml:9:3: Ngày ban hành 31/9/2025 không có: tháng 9 năm 2025 có 30 ngày.\n"
            "    → Cách sửa: Sửa 'ngay:' hoặc 'thang:' cho đúng.\n" + KEPT
        ),
    ),
    "unknown placeholder": (
        DOC,
        lambda t: t.replace("{{ ky_luat.tong }}", "{{ ky_luat.tongg }}"),
        lambda t: (
            "LỖI: docs/phan-mot.md:5: Không có số liệu 'ky_luat.tongg' (trong nhóm 'ky_luat').\n"
            "    → Cách sửa: Có phải ý bạn là: 'ky_luat.tong'? Sửa tên khóa trong dấu {{ }}, hoặc thêm số liệu "
            "này vào tệp tương ứng trong source_data/.\n" + KEPT
        ),
    ),
    "Jinja syntax error": (
        DOC,
        lambda t: t.replace("{{ ky_luat.tong }}", "{{ ky_luat.tong }"),
        lambda t: (
            "LỖI: docs/phan-mot.md:5: Sai cú pháp chỗ giữ chỗ: dấu '}' đứng lẻ: chỗ giữ chỗ phải đóng bằng '}}', thẻ lệnh bằng '%}' (unexpected '}').\n"
            "    → Cách sửa: Mỗi '{{' phải có '}}' đóng, mỗi '{%' phải có '%}', mỗi {% for %}/{% if %} phải có "
            "{% endfor %}/{% endif %}.\n" + KEPT
        ),
    ),
    "template reaching for Python internals": (
        DOC,
        lambda t: t.replace("{{ ky_luat.tong }}", "{{ ''.__class__ }}"),
        lambda t: (
            "LỖI: docs/phan-mot.md:5: Chỗ giữ chỗ này truy cập vào bên trong Python (thuộc tính bắt đầu bằng '_'), "
            "điều bị chặn vì an toàn.\n"
            "    → Cách sửa: Chỉ dùng tên số liệu (ví dụ {{ dang_bo.so_dang_vien }}) và các bộ lọc của dự án.\n" + KEPT
        ),
    ),
    "unknown filter": (
        DOC,
        lambda t: t.replace("{{ ky_luat.tong }}", "{{ ky_luat.tong | phantram }}"),
        lambda t: (
            "LỖI: docs/phan-mot.md:5: Không có bộ lọc 'phantram'.\n"
            "    → Cách sửa: Có phải ý bạn là: 'phan_tram'? Các bộ lọc của dự án: so, dem, phan_tram, dv, tien, "
            "ngay, ngay_van_ban, mot_dong.\n" + KEPT
        ),
    ),
    "broken footnote reference": (
        DOC,
        lambda t: t.replace("đồng chí[^ky-luat]", "đồng chí[^ky-luat-sai]"),
        lambda t: (
            f"LỖI: docs/phan-mot.md:5:{_footnote_col(t)}: chỗ gọi chú thích [^ky-luat-sai] không có nội dung "
            "chú thích tương ứng\n"
            "    → Cách sửa: Sửa thành [^ky-luat] (chú thích có sẵn).\n" + KEPT
        ),
    ),
    "footnote defined but never used": (
        DOC,
        lambda t: t + "\n[^thua]: Chú thích không ai gọi.\n",
        lambda t: (
            f"LỖI: docs/phan-mot.md:{len(t.splitlines())}:1: chú thích [^thua] có nội dung nhưng không được "
            "gọi ở đâu trong văn bản\n"
            "    → Cách sửa: Thêm [^thua] vào chỗ cần chú thích, hoặc xoá chú thích thừa.\n" + KEPT
        ),
    ),
    "footnote defined twice": (
        DOC,
        lambda t: t + "\n[^ky-luat]: Nội dung thứ hai.\n",
        lambda t: (
            f"LỖI: docs/phan-mot.md:{len(t.splitlines())}:1: chú thích [^ky-luat] có hai nội dung (dòng "
            f"{_line_of(t, '[^ky-luat]:')} và dòng {len(t.splitlines())})\n"
            "    → Cách sửa: Đổi nhãn một trong hai (ví dụ [^ky-luat-2], cả ở chỗ gọi nó), hoặc xoá nội dung "
            "thừa.\n" + KEPT
        ),
    ),
    "decimal comma in a number": (
        DATA,
        lambda t: t.replace("gia_tri: 1145.42", "gia_tri: 1.145,42"),
        lambda t: (
            "LỖI: source_data/ky_luat.yaml:5:28: Số '1.145,42' viết bằng dấu phẩy thập phân: trong tệp YAML "
            "dấu phẩy ngăn cách các mục, nên số bị cắt đôi.\n"
            "    → Cách sửa: Viết '1145.42' (dấu chấm cho phần thập phân, không có dấu phân cách hàng nghìn)."
            + "\n"
            + KEPT
        ),
    ),
    "final status set by hand": (
        "source_data/van_ban.yaml",
        lambda t: t.replace("trang_thai: du_thao", "trang_thai: chinh_thuc"),
        lambda t: (
            f"LỖI: source_data/van_ban.yaml:{_line_of(t, 'trang_thai:')}:3: van_ban.yaml ghi trạng thái "
            "'chinh_thuc', nhưng bản chính thức chỉ được dựng bằng `make final`: lệnh đó kiểm tra trước số "
            "liệu còn thiếu, số liệu chưa khớp và lỗi văn bản.\n"
            "    → Cách sửa: Chạy `make final` để dựng bản chính thức. Nếu văn bản vẫn đang soạn, đặt lại "
            "'trang_thai: du_thao' ở dòng này rồi chạy `make`.\n" + KEPT
        ),
    ),
    "code fence left open": (
        # it swallowed the footnotes after it: docutils said, in English, "Too many autonumbered
        # footnote references" at lines past it, and never named line 3
        DOC,
        lambda t: t.replace("## 3. Công tác kiểm tra\n", "```\n## 3. Công tác kiểm tra\n"),
        lambda t: (
            "LỖI: docs/phan-mot.md:3:1: khối “```” mở ở dòng này chưa được đóng: mọi chữ sau nó thành nội "
            "dung của khối, không còn là văn bản của báo cáo\n"
            "    → Cách sửa: Thêm một dòng “```” ở chỗ khối kết thúc, hoặc xoá dòng “```” thừa.\n" + KEPT
        ),
    ),
    "directive name without its closing brace": (
        DOC,
        lambda t: t + "\n:::{note\nGhi chú.\n:::\n",
        lambda t: (
            f"LỖI: docs/phan-mot.md:{len(t.splitlines()) - 2}:4: tên khối “{{note” thiếu dấu “}}” đóng: khối "
            "này không được dựng thành “note”\n"
            "    → Cách sửa: Viết :::{note}.\n" + KEPT
        ),
    ),
    "placeholder with one brace": (
        DOC,
        lambda t: t.replace("{{ ky_luat.khien_trach }}", "{ ky_luat.khien_trach }"),
        lambda t: (
            f"LỖI: docs/phan-mot.md:5:{t.splitlines()[4].index('{ ky_luat.khien_trach') + 1}: chỗ giữ chỗ "
            "“{ ky_luat.khien_trach }” thiếu dấu ngoặc: nó sẽ được in nguyên văn vào báo cáo\n"
            "    → Cách sửa: Viết {{ ky_luat.khien_trach }} (hai dấu ngoặc mỗi bên).\n" + KEPT
        ),
    ),
    "an error with nothing to add as a fix": (
        DOC,
        lambda t: t.replace("{{ ky_luat.tong }}", '{{ bao_loi("Số này chờ Ban Tổ chức xác nhận.") }}'),
        lambda t: "LỖI: docs/phan-mot.md:5: Số này chờ Ban Tổ chức xác nhận.\n" + KEPT,
    ),  # no empty "→ Cách sửa:"
    "missing image": (
        DOC,
        lambda t: t + "\n![Bản đồ xã](hinh/ban-do.png)\n",
        lambda t: (
            "LỖI: Dựng không thành công:\n"
            f"  - docs/phan-mot.md:{len(t.splitlines())}: không có tệp ảnh 'hinh/ban-do.png' (đường dẫn tính từ "
            "thư mục của tệp .md; kiểm tra tên tệp, chữ hoa/thường, đuôi .png/.jpg) "
            "(image file not readable: hinh/ban-do.png)\n"
            "    → Cách sửa: Sửa các chỗ trên rồi chạy lại. Bản dựng tốt gần nhất vẫn giữ nguyên tại _build/html."
        ),
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("bad-input-base"))
    r = run_build(project, "html")
    assert r.returncode == 0, r.stderr + r.stdout
    return project


def copy_of(built: Path, tmp_path: Path) -> Path:
    project = tmp_path / "du-an"
    shutil.copytree(built, project, symlinks=True)
    return project


def html_pages(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "_build/html").glob("*.html"))}


def _env() -> dict:
    """The environment of a command the committee runs (no VERBOSE traceback)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    env.pop("VERBOSE", None)
    return env


def run_module(project: Path, module: str) -> subprocess.CompletedProcess:
    """``python -m module`` in ``project``, as `make check` / `make final` run it."""
    return subprocess.run(
        [sys.executable, "-m", module], cwd=project, env=_env(), capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_gives_one_clear_message_and_keeps_the_last_good_output(built, tmp_path, name):
    rel, edit, expected = CASES[name]
    project = copy_of(built, tmp_path)
    before = html_pages(project)
    assert before, "the base build has no pages"
    path = project / rel
    edited = edit(path.read_text(encoding="utf-8"))
    path.write_text(edited, encoding="utf-8")

    r = run_build(project, "html")

    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stderr.strip() == expected(edited)
    assert "Traceback" not in r.stdout + r.stderr
    assert html_pages(project) == before  # last good output intact
    assert path.read_text(encoding="utf-8") == edited  # the user's text untouched


def test_text_not_in_nfc_is_normalised_with_a_warning(built, tmp_path):
    project = copy_of(built, tmp_path)
    path = project / DOC
    nfd_heading = unicodedata.normalize("NFD", "Công tác kiểm tra")
    path.write_text(path.read_text(encoding="utf-8").replace("Công tác kiểm tra", nfd_heading), encoding="utf-8")

    r = run_build(project, "html")

    assert r.returncode == 0, r.stderr
    assert r.stderr.strip() == (
        "CẢNH BÁO: docs/phan-mot.md:3: chữ tiếng Việt không ở dạng Unicode dựng sẵn (NFC) — đã tự chuẩn hoá khi dựng.\n"
        "    → Cách sửa: chạy 'make lint-sua' để chuẩn hoá tệp, hoặc gõ lại bằng bộ gõ Unicode dựng sẵn."
    )
    html = (project / "_build/html/phan-mot.html").read_text(encoding="utf-8")
    assert "Công tác kiểm tra" in html and nfd_heading not in html


def test_verbose_shows_the_traceback_the_committee_does_not_see(built, tmp_path):
    project = copy_of(built, tmp_path)
    path = project / DOC
    path.write_text(
        path.read_text(encoding="utf-8").replace("{{ ky_luat.tong }}", "{{ ky_luat.tongg }}"), encoding="utf-8"
    )
    r = run_build(project, "html", env={"VERBOSE": "1"})
    assert r.returncode == 1
    assert "Traceback" in r.stderr
    assert "LỖI: docs/phan-mot.md:5: Không có số liệu 'ky_luat.tongg'" in r.stderr


def test_rule_file_with_an_error_names_the_rule_file_line_and_column(built, tmp_path):
    """Rules (source_data/rules/, issue 4) are read by the build, by `make check` and by `make final`."""
    project = copy_of(built, tmp_path)
    before = html_pages(project)
    rule = project / "source_data/rules/ky_luat.yaml"
    rule.write_text(
        rule.read_text(encoding="utf-8").replace("ky_luat.canh_cao + ky_luat.khai_tru", "ky_luat.canh_cao +", 1),
        encoding="utf-8",
    )
    line = next(i for i, ln in enumerate(rule.read_text(encoding="utf-8").splitlines(), 1) if ln.endswith("+"))
    message = (
        f"LỖI: source_data/rules/ky_luat.yaml:{line}:12: «ky_luat_tong»: cú pháp không hợp lệ "
        "(thiếu toán tử, dấu ngoặc hoặc tên?) (cột 12)\n"
        "    → Cách sửa: sửa biểu thức; số viết 1.361 hoặc 1,5; đối số của hàm cách nhau bằng «;»"
    )

    r = run_build(project, "html")
    assert r.returncode == 1
    assert r.stderr.strip() == message + "\n" + KEPT
    assert "Traceback" not in r.stdout + r.stderr
    assert html_pages(project) == before

    check = run_module(project, "build_scripts.cli.check")
    assert check.returncode == 2 and check.stderr.strip() == message
    gate = run_module(project, "build_scripts.cli.final")
    assert gate.returncode == 1 and message.splitlines()[0][len("LỖI: ") :] in gate.stderr
    assert html_pages(project) == before


@pytest.mark.parametrize("encoding, line, column", [("cp1258", 1, 5), ("utf-16", 1, 1)])
def test_a_text_not_saved_as_utf8_is_named_with_its_line(built, tmp_path, encoding, line, column):
    """Saved as Windows-1258 or UTF-16 by an editor: the build and `make check` once stopped
    with 'lỗi không mong đợi (ExtensionError … UnicodeDecodeError)', naming no file."""
    project = copy_of(built, tmp_path)
    before = html_pages(project)
    path = project / DOC
    text = path.read_text(encoding="utf-8")
    if encoding == "cp1258":  # "# Phần …": Windows-1258 writes "ầ" as "â" (E2) + a combining grave (CC)
        path.write_bytes(b"# Ph\xe2\xccn th\xf8 nh\xe2\xect\n" + text.split("\n", 1)[1].encode("ascii", "replace"))
    else:
        path.write_bytes(text.encode(encoding))
    message = (
        f"LỖI: {DOC}:{line}:{column}: Tệp không phải mã UTF-8 (có thể được lưu bằng bảng mã khác, hoặc dán "
        "từ bảng mã cũ TCVN3/VNI).\n"
        "    → Cách sửa: Lưu lại tệp với bảng mã UTF-8 (trong trình soạn thảo: Lưu thành… → Mã hóa: UTF-8) "
        "và gõ lại đoạn chữ bị lỗi bằng Unicode."
    )

    r = run_build(project, "html")
    assert r.returncode == 1
    assert r.stderr.strip() == message + "\n" + KEPT
    assert html_pages(project) == before

    check = run_module(project, "build_scripts.cli.check")
    assert check.returncode == 2 and check.stderr.strip() == message


def test_a_file_name_with_a_space_is_named_with_the_fix(built, tmp_path):
    project = copy_of(built, tmp_path)
    before = html_pages(project)
    shutil.copy(project / DOC, project / "docs/phan-mot - Copy.md")
    r = run_build(project, "html")
    assert r.returncode == 1
    assert r.stderr.strip() == (
        "LỖI: docs/phan-mot - Copy.md: Tên tệp có dấu cách: lệnh make không dùng được tệp này (và bản sao của "
        "một phần sẽ bị dựng như một phần nữa của báo cáo).\n"
        "    → Cách sửa: Đổi tên tệp, dùng dấu gạch nối thay cho dấu cách (ví dụ 'phu-luc-ban-sao.md'); nếu đây "
        "là bản sao thừa thì xoá đi.\n" + KEPT
    )
    assert html_pages(project) == before


def test_sphinx_warnings_are_vietnamese_and_said_once():
    """A renamed or emptied part: Sphinx's English, the title-less one repeated for every page."""
    from build_scripts.cli.build import parse_warnings

    text = (
        "/p/docs/a.md:7: WARNING: 'myst' cross-reference target not found: '../phu-luc.md' [myst.xref_missing]\n"
        + "/p/docs/index.md:14: WARNING: toctree contains reference to document 'phu-luc' that doesn't have "
        "a title: no link will be generated [toc.no_title]\n" * 3
    )
    problems = parse_warnings(text)
    assert len(problems) == 2
    [orphan] = parse_warnings(
        "/p/docs/phan-thu-hai/d-moi.md: WARNING: document isn't included in any toctree [toc.not_included]\n"
    )
    assert orphan.startswith(
        "/p/docs/phan-thu-hai/d-moi.md: tệp không nằm trong mục lục nào: thêm tên tệp (không có "
        "đuôi .md) vào khối {toctree} của tệp index.md cùng thư mục với nó"
    )
    [directive] = parse_warnings("/p/docs/a.md:9: WARNING: Unknown directive type: 'ghichu' [myst.directive_unknown]\n")
    assert directive.startswith("/p/docs/a.md:9: không có khối lệnh 'ghichu'; có phải ý bạn là 'ghi-chu'?")
    [heading] = parse_warnings(
        "/p/docs/d.md:1: WARNING: Document headings start at H2, not H1 [myst.header]\n"
        "/p/docs/d.md:3: WARNING: Document headings start at H2, not H1 [myst.header]\n"
    )
    assert heading.startswith(
        "/p/docs/d.md:1: tiêu đề đầu tiên của tệp là cấp 2: mỗi tệp bắt đầu bằng "
        "tên của nó ở cấp 1, một dấu “#” (ví dụ “# D. TỔ CHỨC THỰC HIỆN”)"
    )
    assert problems[0].startswith("/p/docs/a.md:7: liên kết trỏ tới '../phu-luc.md' nhưng không có tệp hay mục đó")
    assert problems[1].startswith("/p/docs/index.md:14: tệp 'phu-luc' trong mục lục không có tiêu đề")


def test_a_build_stopped_from_outside_keeps_the_last_good_output_and_no_leftovers(built, tmp_path):
    """Ctrl-C printed ~100 lines of traceback; a kill left _build/.dang-dung-pdf-XXXX behind."""
    import signal
    import time

    project = copy_of(built, tmp_path)
    before = html_pages(project)
    proc = subprocess.Popen(
        [sys.executable, "-m", "build_scripts.cli.build", "html"],
        cwd=project,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list((project / "_build").glob(".dang-dung-html-*/out")) and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (proc.returncode, err)
    assert err.strip() == (
        "ĐÃ DỪNG: lần dựng HTML bị dừng giữa chừng. Bản dựng tốt gần nhất vẫn giữ nguyên; chạy lại lệnh để dựng tiếp."
    )
    assert list((project / "_build").glob(".dang-dung-*")) == []
    assert html_pages(project) == before


def test_a_missing_part_is_named_at_its_toctree_entry(tmp_path):
    """Sphinx names the toctree's first line ("```{toctree}"); the entry to fix is further down."""
    from build_scripts.cli.build import parse_warnings

    index = tmp_path / "index.md"
    index.write_text("# Phần\n\n```{toctree}\n:maxdepth: 2\n\na-du-bao\nb-da-xoa\n```\n", encoding="utf-8")
    [problem] = parse_warnings(
        f"{index}:3: WARNING: toctree contains reference to nonexisting document "
        "'phan-thu-hai/b-da-xoa' [toc.not_readable]\n"
    )
    assert problem.startswith(f"{index}:7: mục lục trỏ tới tệp không tồn tại 'phan-thu-hai/b-da-xoa'")


def test_a_part_added_after_the_signature_is_named_at_its_toctree_entry(built, tmp_path):
    """A new part listed after the part that ends with the closing was printed after the
    signature (Nơi nhận, chữ ký), silently. Only an appendix ("Phụ lục") may follow it."""
    project = copy_of(built, tmp_path)
    before = html_pages(project)
    index = project / "docs/index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("phan-mot\n", "phan-mot\nphan-hai\nphu-luc\n"), encoding="utf-8"
    )
    (project / "docs/phan-hai.md").write_text("# Phần thứ hai\n\nNội dung mới.\n", encoding="utf-8")
    (project / "docs/phu-luc.md").write_text("# Phụ lục\n\nBảng.\n", encoding="utf-8")
    closing = project / "docs/phan-mot.md"
    include_line = _line_of(closing.read_text(encoding="utf-8"), '{% include "snippets/ket_van_ban')
    entry_line = _line_of(index.read_text(encoding="utf-8"), "phan-hai")

    r = run_build(project, "html")
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stderr.startswith(
        f"LỖI: docs/index.md:{entry_line}: Phần “Phần thứ hai” (docs/phan-hai.md) đứng sau phần kết của văn bản "
        f"(Nơi nhận, chữ ký ở docs/phan-mot.md:{include_line}): bản in sẽ có phần này sau chữ ký."
    ), r.stderr
    assert "Phụ lục" not in r.stderr.split("Cách sửa")[0]  # the appendix may follow the signature
    assert html_pages(project) == before

    # the fix the message gives: the closing moves to the end of the new last part
    text = closing.read_text(encoding="utf-8")
    include = text.splitlines()[include_line - 1]
    closing.write_text(text.replace(include + "\n", ""), encoding="utf-8")
    with (project / "docs/phan-hai.md").open("a", encoding="utf-8") as f:
        f.write("\n" + include + "\n")
    r = run_build(project, "html")
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("when", ["deleted after a build", "never there"])
def test_a_missing_part_in_a_real_build_is_named_in_vietnamese_at_its_entry(built, tmp_path, when):
    """Sphinx 9 says "nonexisting" while reading the toctree and "non-existing" when it resolves one
    it did not read again (a part deleted after a build): the second went out in English, at the
    line of the rendered text (30 in a 20-line index.md)."""
    project = copy_of(built, tmp_path)
    index = project / "docs/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("phan-mot\n", "phan-khac\nphan-mot\n"), encoding="utf-8")
    entry = _line_of(index.read_text(encoding="utf-8"), "phan-khac")
    if when == "deleted after a build":
        (project / "docs/phan-khac.md").write_text("# Phần khác\n\nNội dung.\n", encoding="utf-8")
        assert run_build(project, "html").returncode == 0
        (project / "docs/phan-khac.md").unlink()
    r = run_build(project, "html")
    assert r.returncode == 1
    assert f"docs/index.md:{entry}: mục lục trỏ tới tệp không tồn tại 'phan-khac'" in r.stderr, r.stderr
    assert "→ Cách sửa:" in r.stderr


def test_a_deleted_part_of_a_section_is_named_at_the_sections_toctree(built, tmp_path):
    """A section's file deleted after a build: Sphinx re-read nothing, the build said ✓, and the
    section's contents (and the PDF) kept the deleted part."""
    project = copy_of(built, tmp_path)
    index = project / "docs/index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("phan-mot\n", "nhom/index\nphan-mot\n"), encoding="utf-8"
    )
    (project / "docs/nhom").mkdir()
    (project / "docs/nhom/index.md").write_text("# Nhóm\n\n```{toctree}\n:maxdepth: 1\n\ncon\n```\n", encoding="utf-8")
    (project / "docs/nhom/con.md").write_text("# Phần con\n\nNội dung.\n", encoding="utf-8")
    assert run_build(project, "html").returncode == 0
    (project / "docs/nhom/con.md").unlink()
    r = run_build(project, "html")
    assert r.returncode == 1, r.stdout
    assert "docs/nhom/index.md:6: mục lục trỏ tới tệp không tồn tại 'nhom/con'" in r.stderr, r.stderr


def test_the_appendix_and_its_own_files_follow_the_signature_and_only_them(built, tmp_path):
    """Files listed inside the appendix were refused as parts after the signature; and an appendix
    listed before the part with the signature went through (the order the old fix text led to)."""
    project = copy_of(built, tmp_path)
    index = project / "docs/index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("phan-mot\n", "phan-mot\nphu-luc/index\n"), encoding="utf-8"
    )
    (project / "docs/phu-luc").mkdir()
    (project / "docs/phu-luc/index.md").write_text(
        "# Phụ lục\n\n```{toctree}\n:hidden:\n\nbang-phu\n```\n", encoding="utf-8"
    )
    (project / "docs/phu-luc/bang-phu.md").write_text("# Bảng số liệu bổ sung\n\nBảng.\n", encoding="utf-8")
    r = run_build(project, "html")
    assert r.returncode == 0, r.stderr

    # the signature moved to a part listed after the appendix
    index.write_text(
        index.read_text(encoding="utf-8").replace("phu-luc/index\n", "phu-luc/index\nphan-ba\n"), encoding="utf-8"
    )
    closing = project / "docs/phan-mot.md"
    text = closing.read_text(encoding="utf-8")
    include = next(line for line in text.splitlines() if "ket_van_ban" in line)
    closing.write_text(text.replace(include + "\n", ""), encoding="utf-8")
    (project / "docs/phan-ba.md").write_text(f"# Phần ba\n\nNội dung.\n\n{include}\n", encoding="utf-8")
    r = run_build(project, "html")
    assert r.returncode == 1
    entry = _line_of(index.read_text(encoding="utf-8"), "phu-luc/index")
    assert r.stderr.startswith(
        f"LỖI: docs/index.md:{entry}: Phụ lục “Phụ lục” (docs/phu-luc/index.md) đứng trước phần kết của văn bản"
    ), r.stderr
