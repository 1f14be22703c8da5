"""End to end: a small fixture report built to HTML and PDF shows the numbers from data."""

import re
import shutil
from pathlib import Path

import pytest
from conftest import make_project, nonempty, run_build

EXPECTED = ["23,99 km²", "33.230", "1.361", "47", "08", "01", "80 - 85%", "1.145,42 tỷ đồng", "[chưa có số liệu]"]


@pytest.fixture(scope="module")
def built_html(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("e2e-html"))
    result = run_build(project, "html")
    assert result.returncode == 0, result.stderr + result.stdout
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("e2e"))
    result = run_build(project, "html", "pdf")
    assert result.returncode == 0, result.stderr + result.stdout
    return project


def html_text(project: Path) -> str:
    pages = sorted((project / "_build/html").glob("*.html"))
    text = " ".join(p.read_text(encoding="utf-8") for p in pages)
    text = re.sub(r"</?(?:span|em|strong|a)\b[^>]*>", "", text)  # inline: no word boundary ("80 - 85</span>%")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


def test_html_shows_numbers_from_data(built_html):
    text = html_text(built_html)
    for expected in EXPECTED:
        assert expected in text, expected
    assert "{{" not in text and "dang_bo." not in text


def test_pdf_text_shows_numbers_from_data(built):
    import pdfplumber

    pdf_path = built / "_build/pdf/bao-cao-chinh-tri-du-thao-lan-4.pdf"
    with pdfplumber.open(pdf_path) as pdf:
        text = re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in pdf.pages))
    for expected in EXPECTED:
        assert expected in text, expected
    assert "Đảng bộ xã có 1.361 đảng viên" in text


def test_html_has_no_english_page(built_html, tmp_path):
    """Sphinx's general index is an empty page titled "Index" (the report has no index entries);
    every title a reader meets is Vietnamese."""
    html = built_html / "_build/html"
    assert not (html / "genindex.html").exists()
    # nor is one left over from a build made before it was turned off
    project = tmp_path / "p"
    shutil.copytree(built_html, project)
    (project / "_build/html/genindex.html").write_text("<title>Index</title>", encoding="utf-8")
    assert run_build(project, "html").returncode == 0
    assert not (project / "_build/html/genindex.html").exists()
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'\btitle="Index"|<title>Index\b|>Index<', text), page


def test_html_loads_nothing_from_outside(built_html):
    built = built_html
    external = re.compile(r"""<(script|link|img|iframe|source)\b[^>]*\b(src|href)=["']?(https?:)?//""", re.I)
    css_external = re.compile(r"""(@import|url\()\s*["']?(https?:)?//""", re.I)
    files = [p for p in (built / "_build/html").rglob("*") if p.suffix in (".html", ".css", ".js")]
    nonempty([p for p in files if p.suffix == ".html"], "HTML pages", 3)
    nonempty([p for p in files if p.suffix == ".css"], "style sheets")
    for page in files:
        text = page.read_text(encoding="utf-8", errors="replace")
        assert not external.search(text), page
        if page.suffix == ".css":
            assert not css_external.search(text), page


def test_failed_build_keeps_last_good_output_and_explains(built, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(built, project)
    pdf = project / "_build/pdf/bao-cao-chinh-tri-du-thao-lan-4.pdf"
    html = project / "_build/html/index.html"
    before = (pdf.read_bytes(), html.read_bytes())
    index = project / "docs/index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("dang_bo.so_dang_vien", "dang_bo.so_dang_vein"), encoding="utf-8"
    )
    for kind in ("html", "pdf"):
        result = run_build(project, kind)
        assert result.returncode != 0
        assert "docs/index.md:5" in result.stderr
        assert "Có phải ý bạn là: 'dang_bo.so_dang_vien'" in result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        assert "vẫn giữ nguyên" in result.stderr
    assert (pdf.read_bytes(), html.read_bytes()) == before
    assert not list((project / "_build").glob(".dang-dung-*")), "temporary build folders are cleaned up"


def test_verbose_shows_the_traceback(built_html, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(built_html, project)
    (project / "source_data/dang_bo.yaml").write_text(
        "so_dang_vien: {gia_tri: 1, don_vi: x, nguon: y}\nso_dang_vien: 2\n", encoding="utf-8"
    )
    quiet = run_build(project, "html")
    loud = run_build(project, "html", env={"VERBOSE": "1"})
    assert quiet.returncode != 0 and loud.returncode != 0
    assert "source_data/dang_bo.yaml:2:1" in quiet.stderr and "Traceback" not in quiet.stderr
    assert "Traceback" in loud.stderr


def test_data_change_rebuilds_only_documents_that_use_it(built_html, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(built_html, project)
    (project / "docs/phan-hai.md").write_text("# Phần hai\n\nKhông có số liệu ở đây.\n", encoding="utf-8")
    index = project / "docs/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("phan-mot\n", "phan-hai\nphan-mot\n"), encoding="utf-8")
    assert run_build(project, "html").returncode == 0
    html = project / "_build/html"
    data = project / "source_data/ky_luat.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("gia_tri: 47", "gia_tri: 48"), encoding="utf-8")
    result = run_build(project, "html", env={"VERBOSE": "1"})
    assert result.returncode == 0, result.stderr
    assert "48 đảng viên vi phạm" in (html / "phan-mot.html").read_text(encoding="utf-8")
    assert _read_docs(result) == {"phan-mot"}, result.stdout


def _read_docs(result) -> set[str]:
    """The documents Sphinx read again, from the verbose build log."""
    log = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    reading = re.search(r"reading sources\.\.\. (.*)", log)
    return set(re.findall(r"\[\s*\d+%\]\s*([\w-]+)", reading.group(0))) if reading else set()


def test_an_edited_template_rebuilds_only_the_documents_that_use_it(built_html, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(built_html, project)
    assert run_build(project, "html").returncode == 0  # in its new folder
    snippet = project / "templates/snippets/dau_van_ban.md.j2"  # the header, included by index.md only
    text = snippet.read_text(encoding="utf-8")
    assert "{{ van_ban.dia_danh }}, " in text
    snippet.write_text(text.replace("{{ van_ban.dia_danh }}, ", "{{ van_ban.dia_danh }} (mẫu mới), "), encoding="utf-8")
    result = run_build(project, "html", env={"VERBOSE": "1"})
    assert result.returncode == 0, result.stderr
    assert "(mẫu mới)" in (project / "_build/html/index.html").read_text(encoding="utf-8")
    assert _read_docs(result) == {"index"}, result.stdout


def test_data_in_an_included_file_is_data_of_the_document_that_includes_it(built_html, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(built_html, project)
    # phan-mot itself shows no population figure: only the file it includes does.
    (project / "docs/_them.md").write_text("Dân số cuối kỳ: {{ dia_ban.dan_so }} người.\n", encoding="utf-8")
    part = project / "docs/phan-mot.md"
    assert "dia_ban" not in part.read_text(encoding="utf-8")
    part.write_text(part.read_text(encoding="utf-8") + "\n```{include} _them.md\n```\n", encoding="utf-8")
    assert run_build(project, "html").returncode == 0
    page = project / "_build/html/phan-mot.html"
    assert "Dân số cuối kỳ: 33.230 người." in page.read_text(encoding="utf-8")
    data = project / "source_data/dia_ban.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("33230", "33231"), encoding="utf-8")
    result = run_build(project, "html")
    assert result.returncode == 0, result.stderr
    assert "Dân số cuối kỳ: 33.231 người." in page.read_text(encoding="utf-8")


def test_a_renamed_part_leaves_no_stale_page(built_html, tmp_path):
    """Each build starts from the last good output; the page of a part renamed or removed since
    must go with it, not stay behind with the old text (e.g. served by `make serve`)."""
    project = tmp_path / "p"
    shutil.copytree(built_html, project)
    assert run_build(project, "html").returncode == 0  # Sphinx starts afresh in a moved folder
    (project / "docs/phan-mot.md").rename(project / "docs/phan-thu-nhat.md")
    index = project / "docs/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("phan-mot\n", "phan-thu-nhat\n"), encoding="utf-8")
    result = run_build(project, "html")
    assert result.returncode == 0, result.stderr
    html = project / "_build/html"
    assert (html / "phan-thu-nhat.html").exists()
    assert not (html / "phan-mot.html").exists()
    assert "phan-mot.html" not in (html / "index.html").read_text(encoding="utf-8")
