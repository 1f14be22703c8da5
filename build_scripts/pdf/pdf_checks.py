"""Checks on the written PDF file."""

from pypdf import PdfReader

TERMES_PREFIX = "TeXGyreTermes"


def _fonts_in(resources, found, seen):
    if resources is None or id(resources) in seen:
        return
    seen.add(id(resources))
    resources = resources.get_object()
    fonts = resources.get("/Font")
    if fonts is not None:
        for font in fonts.get_object().values():
            base = str(font.get_object().get("/BaseFont", "")).lstrip("/")
            found.add(base.split("+", 1)[-1])  # drop a subset tag
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for xobject in xobjects.get_object().values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                _fonts_in(xobject.get("/Resources"), found, seen)


def font_names(path):
    """Base names of every font used on any page of the PDF at `path`."""
    found, seen = set(), set()
    for page in PdfReader(str(path)).pages:
        _fonts_in(page.get("/Resources"), found, seen)
    return found


def foreign_fonts(path):
    """Fonts in the PDF that are not TeX Gyre Termes."""
    return sorted(name for name in font_names(path) if not name.startswith(TERMES_PREFIX))


def wrapped_lines(path, lines):
    """The ``lines`` (of the title, as van_ban.yaml breaks it) that are not a whole line of the
    first page of the PDF at `path`: too long for the page, rinohtype broke them itself."""
    printed = {" ".join(line.split()) for line in (PdfReader(str(path)).pages[0].extract_text() or "").splitlines()}
    return [line for line in lines if " ".join(line.split()) not in printed]
