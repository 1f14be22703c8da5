"""The early check of git and Word accidents (build_scripts.core.accidents), in process: what is
an accident and what is ordinary text that looks like one."""

from __future__ import annotations

from pathlib import Path

from conftest import nonempty

from build_scripts.core.accidents import check_text, template_cycles

MD = Path("docs/a.md")


def codes(text: str, rel: Path = MD) -> list[tuple[str, int, int]]:
    return [(a.code, a.line, a.column) for a in check_text(text, rel)]


def test_conflict_markers_are_one_accident_per_conflict_at_its_first_line():
    text = "# A\n\n<<<<<<< HEAD\nmột\n=======\nhai\n>>>>>>> b\n\nx\n<<<<<<< HEAD\nba\n||||||| base\n=======\nbốn\n>>>>>>> b\n"
    found = check_text(text, MD)
    assert [(a.code, a.line) for a in found] == [("xung-dot-git", 3), ("xung-dot-git", 10)]
    assert "dòng 3–7" in found[0].message and "dòng 10–15" in found[1].message
    assert "git add docs/a.md" in found[0].fix


def test_a_heading_underlined_with_equals_signs_is_no_conflict():
    assert codes("Tiêu đề\n=======\n\nĐoạn văn.\n") == []
    assert codes("Mũi tên >>>>>>> giữa dòng, <<<<<<< cũng vậy.\n") == []


def test_a_closing_marker_alone_is_still_an_unfinished_merge():
    assert codes("một\n=======\nhai\n>>>>>>> nhanh\n") == [("xung-dot-git", 4, 0)]


def test_invisible_characters_are_named_at_their_column_but_a_leading_bom_is_accepted():
    assert codes("\ufeff# Phần\n\nCông\u200b tác kiểm\u00adtra.\n") == [("ky-tu-an", 3, 5), ("ky-tu-an", 3, 15)]
    assert codes("khoa: {gia_tri: 1, don_vi: ha\u200b}\n", Path("source_data/x.yaml")) == [("ky-tu-an", 1, 30)]
    # an HTML template is not prose: Furo's markup may hold a U+00AD on purpose
    assert codes("<p>a\u00adb</p>\n", Path("templates/html/page.html")) == []


def test_curly_quotes_inside_a_tag_but_not_inside_its_strings_or_in_the_prose():
    assert codes("{% include “snippets/a.md.j2” %}\n") == [("ngoac-cong", 1, 12)]
    assert codes('{{ x ~ "chỗ “" ~ y }} và “trích dẫn” ngoài thẻ {# “ghi chú” #}\n') == []


def test_an_empty_part_but_not_an_empty_template():
    assert codes(" \n\n", MD) == [("tep-trong", 1, 0)]
    assert codes("", Path("templates/snippets/trong.md.j2")) == []


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_an_include_loop_is_given_with_its_chain_of_files(tmp_path):
    root = write(
        tmp_path,
        {
            "docs/index.md": '# A\n\n{% include "snippets/a.md.j2" %}\n',
            "templates/snippets/a.md.j2": 'A\n{% include "snippets/b.md.j2" %}\n',
            "templates/snippets/b.md.j2": '{# {% include "snippets/a.md.j2" %} in a comment is no loop #}\nB\n',
            "templates/macros/m.j2": '{% import "macros/m.j2" as m %}\n',
        },
    )
    [loop] = nonempty(template_cycles(root), "loops")
    assert (loop.path.as_posix(), loop.line) == ("templates/macros/m.j2", 1)
    assert "templates/macros/m.j2:1 → templates/macros/m.j2" in loop.message

    write(root, {"templates/snippets/b.md.j2": 'B\n\n{%- include "snippets/a.md.j2" -%}\n'})
    loops = {a.path.as_posix(): a for a in template_cycles(root)}
    assert set(loops) == {"templates/macros/m.j2", "templates/snippets/a.md.j2"}  # each loop once
    assert "templates/snippets/a.md.j2:2 → templates/snippets/b.md.j2:3 → templates/snippets/a.md.j2" in (
        loops["templates/snippets/a.md.j2"].message
    )


def test_lint_sua_removes_invisible_characters_too(tmp_path):
    from lint_helpers import lint_project

    from build_scripts.core.lint.runner import fix_nfc

    root = lint_project(tmp_path, {"docs/a.md": "Công\u200b tác kiểm\u00adtra.\n", "docs/b.md": "Sạch.\n"})
    assert fix_nfc(root, [root / "docs/a.md", root / "docs/b.md"]) == ["docs/a.md"]
    assert (root / "docs/a.md").read_text(encoding="utf-8") == "Công tác kiểmtra.\n"
