"""The ``rinoh`` builder of the report, a subclass of rinohtype's own.

What it changes, and why:

* the master document's footnotes no longer crash rinohtype (KeyError in
  ``before_placing``): footnote ids are qualified with the right file name;
* the master document's title is kept, as a paragraph of class
  ``ten-van-ban`` (rinohtype drops it and prints its own title page), with
  its lines broken where van_ban.yaml breaks them;
* MyST's separator before each file's footnotes is dropped (it would show
  as a rule at the end of every part);
* "- …" items are paragraphs of the body, as on paper (:mod:`.dash_items`);
* a line never breaks at a '/' (25/10/2017, 18-NQ/TW) nor before a spaced dash, and a
  number range (2021 - 2025) stays on one line (:mod:`.line_breaks`);
* all text is NFC, and every character is checked against TeX Gyre Termes
  before typesetting (Vietnamese error with file and line if one is missing);
* rinohtype's warnings become build errors in Vietnamese; the PDF is
  written under a temporary name and moved into place only when it is clean;
* after writing, the PDF is checked to contain no font but Termes;
* the PDF is reproducible: dates from van_ban.yaml, /ID from the content
  (:mod:`.reproducible`); rinohtype's working files stay out of the PDF folder.
"""

import contextlib
import io
import os
import sys
import unicodedata
from functools import cached_property
from pathlib import Path

from docutils import nodes
from rinoh.frontend.rst import from_doctree
from rinoh.frontend.sphinx import RinohBuilder, RinohTreePreprocessor
from sphinx.util import logging
from sphinx.util.nodes import inline_all_toctrees
from sphinx.util.osutil import ensuredir, os_path

from build_scripts.core.document import read_document_info
from build_scripts.core.messages import SourceLocation, UserError, UserErrors, display_path
from build_scripts.core.reproducible import timestamp_for
from build_scripts.core.settings import report_settings
from build_scripts.pdf import glyphs
from build_scripts.pdf.flowables import upgrade_flowables
from build_scripts.pdf.language import VI
from build_scripts.pdf.line_breaks import keep_dashes_in_line, no_break_at_slash
from build_scripts.pdf.pdf_checks import foreign_fonts, wrapped_lines
from build_scripts.pdf.pdf_post import WatermarkFontMissing, finish_pdf
from build_scripts.pdf.rinoh_warnings import recorded_rinoh_warnings
from build_scripts.pdf.template import BaoCao
from build_scripts.sphinx_ext.dash_items import dash_items_as_paragraphs

logger = logging.getLogger(__name__)

#: class of the paragraph that replaces the master document's title
TITLE_CLASS = "ten-van-ban"


class _Preprocessor(RinohTreePreprocessor):
    """rinohtype's preprocessor, but the master document has a name too and
    the name is restored after each included file."""

    def __init__(self, document, builder, root_doc):
        super().__init__(document, builder)
        self.current_docname = root_doc
        self._outer = []

    def visit_start_of_file(self, node):
        self._outer.append(self.current_docname)
        super().visit_start_of_file(node)

    def depart_start_of_file(self, node):
        super().depart_start_of_file(node)
        self.current_docname = self._outer.pop()


def normalize_text(doctree):
    """Replace every text node by its NFC form."""
    for text in list(doctree.findall(nodes.Text)):
        value = str(text)
        normal = unicodedata.normalize("NFC", value)
        if normal != value:
            text.parent.replace(text, nodes.Text(normal))


def drop_footnote_separators(doctree):
    for node in list(doctree.findall(nodes.transition)):
        if "footnotes" in node["classes"]:
            node.parent.remove(node)


def _source_location(confdir, source, line):
    if not source:
        return None
    path = Path(source)
    try:
        path = path.resolve().relative_to(Path(confdir).resolve())
    except ValueError:
        pass
    return SourceLocation(path, line or 0)


class BaoCaoBuilder(RinohBuilder):
    name = "rinoh"

    # -- document tree ----------------------------------------------------

    def assemble_doctree(self, indexfile, toctree_only):
        """rinohtype's version, keeping the title as a paragraph."""
        self._docnames = {indexfile}
        tree = self.env.get_doctree(indexfile)
        tree["docname"] = indexfile
        new_tree = nodes.document(tree.settings, tree.reporter)
        new_tree["source"] = tree["source"]
        for node in tree.children:
            if node.tagname == "section":
                for child in node.children:
                    if child.tagname == "title":
                        title = self._title_block(child)
                        title.source, title.line = child.source, child.line
                        new_tree += title
                    else:
                        new_tree += child
            else:
                new_tree += node
        largetree = inline_all_toctrees(self, self._docnames, indexfile, new_tree, lambda text: text, [indexfile])
        largetree["docname"] = indexfile
        self.env.resolve_references(largetree, indexfile, self)
        for pending in list(largetree.findall(nodes.Element)):
            if pending.tagname == "pending_xref":
                text = pending.get("refsectname") or pending.astext()
                pending.replace_self(nodes.emphasis(text, text))
        return largetree, self._docnames

    @cached_property
    def _title(self):
        """The title's lines as van_ban.yaml breaks them, and where ten_van_ban starts (read once
        for the title block and the check of the written PDF)."""
        info = self._document_info
        return info.title_lines, info.title_location

    def _title_block(self, title):
        """The title as a paragraph; broken into lines where van_ban.yaml breaks it, when this
        is that title (rinohtype would break it anywhere: "TĂNG | CƯỜNG")."""
        lines, _ = self._title
        if len(lines) > 1 and " ".join(lines) == " ".join(title.astext().split()):
            return nodes.line_block("", *(nodes.line(text, text) for text in lines), classes=[TITLE_CLASS])
        return nodes.paragraph("", "", *title.children, classes=[TITLE_CLASS])

    def warn_about_wrapped_title(self, pdf_path):
        """A line of the title too long for the page was broken by rinohtype, anywhere (inside
        a name, "NAM THANH | MIỆN"): not an error, but the committee is told which line."""
        lines, start = self._title
        if len(lines) < 2 or start is None:
            return
        for line in wrapped_lines(pdf_path, lines):
            where = SourceLocation(start.path, start.line + 1 + lines.index(line))
            print(
                f"CẢNH BÁO: {where}: dòng này của tên văn bản dài quá một dòng in, nên máy tự ngắt "
                f"nó (có thể giữa một từ).\n    → Cách sửa: tách nó thành hai dòng trong "
                f"{display_path(start.path)}, ở chỗ ngắt hợp nghĩa.",
                file=sys.stderr,
            )

    def preprocess_tree(self, tree):
        tree.walkabout(_Preprocessor(tree, self, self.config.root_doc))

    def construct_rinohtype_document(self, document_data):
        doc = document_data.pop("doc")
        toctree_only = document_data.pop("toctree_only", False)
        template = document_data.pop("template")
        document_data.pop("domain_indices", None)

        doctree, _ = self.assemble_doctree(doc, toctree_only)
        drop_footnote_separators(doctree)
        dash_items_as_paragraphs(doctree)
        normalize_text(doctree)
        keep_dashes_in_line(doctree)
        no_break_at_slash()
        self.check_glyphs(doctree)
        self.preprocess_tree(doctree)
        self.post_process_images(doctree)
        rinoh_tree = from_doctree(doctree, sphinx_builder=self)
        upgrade_flowables(rinoh_tree)
        configuration = self.template_configuration(template, logger)
        rinoh_document = configuration.document(rinoh_tree)
        self.set_document_metadata(rinoh_document, document_data)
        return rinoh_document

    def check_glyphs(self, doctree):
        covered = glyphs.covered_characters()
        errors, seen = [], set()
        for char, text in glyphs.find_missing_glyphs(doctree, covered):
            source, line = glyphs.node_location(text)
            key = (char, source, line)
            if key in seen:
                continue
            seen.add(key)
            errors.append(
                UserError(
                    f"Ký tự {glyphs.describe(char)} không có trong phông TeX Gyre Termes; PDF sẽ in sai chữ này.",
                    _source_location(self.confdir, source, line),
                    'Thay bằng ký tự tương đương (ví dụ dấu gạch "-" thay cho '
                    "ký tự lạ), hoặc gõ lại chữ bằng bộ gõ Unicode dựng sẵn.",
                )
            )
        if errors:
            raise UserErrors(errors) if len(errors) > 1 else errors[0]

    def template_configuration(self, template, logger):
        """Our template class with the .rtt file of the project."""
        path = Path(self.confdir) / template
        if not path.is_file():
            raise UserError(
                f"Không tìm thấy tệp mẫu trang PDF {template}.",
                SourceLocation(Path("conf.py")),
                "Kiểm tra giá trị bao_cao_pdf_template (mặc định templates/rinoh/bao_cao.rtt).",
            )
        base = BaoCao.ConfigurationFile(str(path.resolve()))
        # the report is Vietnamese whatever conf.py's language: no English label
        return BaoCao.Configuration("conf.py", base=base, language=VI)

    # -- writing ----------------------------------------------------------

    @cached_property
    def _document_info(self):
        settings = report_settings(self.config)
        return read_document_info(self.app.confdir, settings.final or None, settings.data_dir)

    @cached_property
    def source_timestamp(self):
        """The time written into the PDF: from van_ban.yaml or SOURCE_DATE_EPOCH, never the
        clock, so one commit always builds the same bytes (:mod:`build_scripts.core.reproducible`)."""
        return timestamp_for(self._document_info)

    def _conf_line(self, name):
        """Where conf.py sets `name` (its last assignment), else conf.py itself."""
        conf = Path(self.confdir) / "conf.py"
        lines = conf.read_text(encoding="utf-8").splitlines() if conf.is_file() else []
        found = [
            number for number, line in enumerate(lines, 1) if line.split("=", 1)[0].strip() == name and "=" in line
        ]
        return SourceLocation(Path("conf.py"), found[-1] if found else 0)

    @property
    def work_dir(self):
        """rinohtype's own files (.rtc: page references of the last build, which save passes;
        .stylelog) beside the doctrees, which the build keeps between builds: the PDF folder
        holds only the PDF."""
        return Path(self.doctreedir) / "rinoh"

    def write_document(self, document_data):
        data = dict(document_data)
        target = data.pop("target")
        watermark = data.get("watermark")
        final_path = Path(self.outdir) / (os_path(target) + ".pdf")
        ensuredir(str(final_path.parent))
        ensuredir(str(self.work_dir))
        render_root = self.work_dir / final_path.stem
        raw_path = render_root.with_suffix(".pdf")
        done_path = final_path.with_name(".tam-" + final_path.stem + ".xong.pdf")
        for extra in (".rtc", ".stylelog"):  # where earlier versions kept them
            with contextlib.suppress(OSError):
                final_path.with_suffix(extra).unlink()
        timestamp = self.source_timestamp
        logger.info("PDF: dàn trang %s ...", final_path.name)
        rinoh_output = io.StringIO()
        try:
            with recorded_rinoh_warnings() as problems:
                with contextlib.redirect_stdout(rinoh_output):
                    document = self.construct_rinohtype_document(data)
                    document.render(str(render_root))
            errors = [
                UserError(problem.message, _source_location(self.confdir, problem.source, problem.line), problem.fix)
                for problem in problems
            ]
            if not errors:
                try:
                    finish_pdf(raw_path, done_path, watermark=watermark, timestamp=timestamp)
                except WatermarkFontMissing as missing:
                    errors.append(
                        UserError(
                            f'Chữ in chìm "{watermark}" có ký tự {missing.args[0]!r} không có trong phông TeX Gyre Termes '
                            "Bold.",
                            self._conf_line("bao_cao_watermark"),
                            'Sửa bao_cao_watermark trong conf.py cho chỉ còn chữ tiếng Việt (mặc định "DỰ THẢO").',
                        )
                    )
            if not errors:
                errors = [
                    UserError(
                        f"PDF dùng phông {font} thay cho TeX Gyre Termes.",
                        None,
                        "Kiểm tra kiểu chữ trong templates/rinoh/bao_cao.rts: mọi kiểu phải dùng TeX Gyre Termes.",
                    )
                    for font in foreign_fonts(done_path)
                ]
            if errors:
                raise UserErrors(errors) if len(errors) > 1 else errors[0]
            self.warn_about_wrapped_title(done_path)
            os.replace(done_path, final_path)
        finally:
            for leftover in (raw_path, done_path):
                with contextlib.suppress(OSError):
                    leftover.unlink()
        logger.info("PDF: đã ghi %s", final_path)
