"""The ``docx`` builder: the report as one Word document, through pandoc.

Like the PDF builder it inlines every part into one doctree (the title kept, broken where
van_ban.yaml breaks it), drops the committee notes, and sets "- …" items as the body's
paragraphs (build_scripts/sphinx_ext/dash_items.py). The tree becomes pandoc's JSON AST
(:mod:`.pandoc_ast`), pandoc writes the .docx with our reference document (:mod:`.reference`),
and :mod:`.post` finishes what pandoc cannot say. Beside it: ``doan-van.json``, the map of the
paragraph identities (:mod:`.identity`). Files are written under temporary names and moved into
place only when everything succeeded.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util import logging
from sphinx.util.nodes import inline_all_toctrees

from build_scripts.core.document import read_document_info
from build_scripts.core.messages import UserError
from build_scripts.core.paragraph_identity import heading_number, is_identity
from build_scripts.core.reproducible import timestamp_for
from build_scripts.core.settings import report_settings
from build_scripts.docx.pandoc_ast import Converter
from build_scripts.sphinx_ext.dash_items import dash_items_as_paragraphs
from build_scripts.sphinx_ext.paragraph_ids import SECTION_ATTR, SOURCE_ATTR

logger = logging.getLogger(__name__)

MAP_FILE = "doan-van.json"
NOTE_CLASS = "ghi-chu-bien-tap"  # committee notes and known-discrepancy notes (never in the .docx)
TITLE_CLASS = "ten-van-ban"


def identity_of(paragraph) -> str | None:
    ids = paragraph.get("ids") or []
    return ids[0] if ids and is_identity(ids[0]) else None


def drop_committee_notes(doctree) -> int:
    notes = [n for n in doctree.findall(nodes.Element) if NOTE_CLASS in n.get("classes", ())]
    for note in notes:
        if note.parent is not None:
            note.parent.remove(note)
    return len(notes)


def scope_footnotes(doctree) -> None:
    """Footnote ids are unique within one file only: qualify them with their file's name."""

    def scope(node):
        parent = node.parent
        while parent is not None:
            if parent.tagname == "start_of_file":
                return parent["docname"]
            parent = parent.parent
        return ""

    for node in doctree.findall(nodes.footnote):
        node["ids"] = [f"{scope(node)}/{i}" for i in node["ids"]]
    for ref in doctree.findall(nodes.footnote_reference):
        if ref.get("refid"):
            ref["refid"] = f"{scope(ref)}/{ref['refid']}"


def normalize_text(doctree) -> None:
    for text in list(doctree.findall(nodes.Text)):
        value = str(text)
        normal = unicodedata.normalize("NFC", value)
        if normal != value:
            text.parent.replace(text, nodes.Text(normal))


def plain_text(paragraph) -> str:
    """The paragraph's text as printed, without its footnote marks."""
    copy = paragraph.deepcopy()
    for ref in list(copy.findall(nodes.footnote_reference)):
        ref.parent.remove(ref)
    return " ".join(copy.astext().split())


def paragraph_map(doctree) -> dict:
    """identity -> where the paragraph comes from, for comment intake (doan-van.json)."""
    out = {}
    for paragraph in doctree.findall(nodes.paragraph):
        ident = identity_of(paragraph)
        if not ident:
            continue
        source, _, line = paragraph.get(SOURCE_ATTR, ":0").rpartition(":")
        heading = paragraph.get(SECTION_ATTR, "")
        out[ident] = {
            "tep": source,
            "dong": int(line or 0),
            "muc": heading,
            "so_muc": heading_number(heading),
            "van_ban": plain_text(paragraph),
        }
    return out


class DocxBuilder(Builder):
    name = "docx"
    format = "docx"
    epilog = "Bản Word: %(outdir)s"
    supported_image_types = ["image/png", "image/jpeg"]

    def init(self) -> None:
        self._docnames: set[str] = set()

    def get_outdated_docs(self):
        return "cả văn bản"

    def get_target_uri(self, docname, typ=None):
        return "#" + docname

    def get_relative_uri(self, from_, to, typ=None):
        return self.get_target_uri(to, typ)

    def prepare_writing(self, docnames) -> None:
        pass

    # -- document tree ------------------------------------------------------

    def assemble_doctree(self, title_lines):
        root = self.config.root_doc
        self._docnames = {root}
        tree = self.env.get_doctree(root)
        new_tree = nodes.document(tree.settings, tree.reporter)
        new_tree["source"] = tree["source"]
        for node in tree.children:
            if node.tagname != "section":
                new_tree += node
                continue
            for child in node.children:
                if child.tagname == "title":
                    new_tree += self._title_block(child, title_lines)
                else:
                    new_tree += child
        largetree = inline_all_toctrees(self, self._docnames, root, new_tree, lambda text: text, [root])
        largetree["docname"] = root
        self.env.resolve_references(largetree, root, self)
        for pending in list(largetree.findall(nodes.Element)):
            if pending.tagname == "pending_xref":
                text = pending.get("refsectname") or pending.astext()
                pending.replace_self(nodes.emphasis(text, text))
        return largetree

    @staticmethod
    def _title_block(title, lines):
        if len(lines) > 1 and " ".join(lines) == " ".join(title.astext().split()):
            return nodes.line_block("", *(nodes.line(text, text) for text in lines), classes=[TITLE_CLASS])
        return nodes.paragraph("", "", *title.children, classes=[TITLE_CLASS])

    # -- writing ------------------------------------------------------------

    def write_documents(self, docnames) -> None:

        try:
            from build_scripts.docx.post import finish_docx
            from build_scripts.docx.reference import write_reference
        except ImportError as exc:
            raise _user_error(
                f"Thiếu gói Python để ghi tệp Word ({exc.name}).",
                "Chạy `make docx` (tự cài các gói trong requirements.txt), hoặc "
                "`.venv/bin/pip install -r requirements.txt`.",
            ) from exc

        settings = report_settings(self.config)
        info = read_document_info(self.confdir, settings.final or None, settings.data_dir)
        doctree = self.assemble_doctree(info.title_lines)
        drop_committee_notes(doctree)
        scope_footnotes(doctree)
        dash_items_as_paragraphs(doctree)
        normalize_text(doctree)
        ast = Converter(doctree, identity_of).document({"lang": {"t": "MetaString", "c": "vi-VN"}})

        outdir = Path(self.outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        target = outdir / f"{info.file_stem}.docx"
        with tempfile.TemporaryDirectory(prefix=".tam-docx-", dir=outdir) as work:
            work = Path(work)
            reference = write_reference(work / "mau-tham-chieu.docx")
            raw = work / "pandoc.docx"
            run_pandoc(ast, reference, raw)
            finished = work / target.name
            finish_docx(
                raw,
                finished,
                title=" ".join(info.title_lines) or info.title,
                subject=info.label,
                author=info.issuing_body,
                watermark=None if info.is_final else settings.watermark,
                moment=timestamp_for(info),
            )
            mapping = work / MAP_FILE
            mapping.write_text(
                json.dumps(paragraph_map(doctree), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            os.replace(finished, target)
            os.replace(mapping, outdir / MAP_FILE)
        logger.info("Word: đã ghi %s", target)


def _user_error(message: str, fix: str) -> UserError:
    return UserError(message, None, fix)


def pandoc_path() -> str:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError) as exc:
        raise _user_error(
            "Không tìm thấy chương trình pandoc (gói pypandoc-binary) để ghi tệp Word.",
            "Chạy `.venv/bin/pip install -r requirements.txt` (gói pypandoc-binary có sẵn pandoc).",
        ) from exc


def run_pandoc(ast: dict, reference: Path, out: Path) -> None:
    """pandoc (the binary bundled with pypandoc): JSON AST -> .docx in our styles."""
    result = subprocess.run(
        [pandoc_path(), "--from=json", "--to=docx", f"--reference-doc={reference}", f"--output={out}"],
        input=json.dumps(ast, ensure_ascii=False).encode("utf-8"),
        capture_output=True,
        timeout=300,
    )
    if result.returncode != 0 or not out.is_file():
        message = result.stderr.decode("utf-8", "replace").strip()
        raise _user_error(
            f"pandoc không ghi được tệp Word: {message}",
            "Báo cho người phụ trách kỹ thuật (build_scripts/docx/), kèm thông báo này.",
        )
