"""Footnotes that are never lost in the PDF: a fix for rinohtype 0.5.6.

rinohtype places footnotes in two phases. While a page is typeset
(*allocation*), every line that carries a footnote mark reserves room for the
note at the bottom of the page (``FootnoteContainer.add_footnote(note,
preallocate=True)``); when the note does not fit, the line is moved to the next
page. When the page is finished (*placing*), the notes are flowed again for
the marks registered on the page. Two faults in 0.5.6:

* a note that does not fit is left in the page's list and the
  ``_flowing_footnotes`` flag stays set, so every later note on the page is
  accepted without being flowed, and at placing time no note of the page is
  flowed at all: the notes are silently missing from the PDF;
* marks are registered with a page as soon as their word is read, also when
  the line is then moved to the next page; placing flows their notes on the
  wrong page, where they may not fit: ``AssertionError`` in
  ``flow_footnotes``.

This module replaces that bookkeeping. Allocation records, for each note, the
container of the line that references it; a note that does not fit is taken
back completely (so the line moves on, as rinohtype intends). Placing flows
exactly the notes whose referencing line really ended up on the page, in
reading order. A note too tall for any page (it fails again after its line was
moved to the next page) is split: what fits goes on the page of its mark, the
rest continues at the top of the next page's footnote area. A note that cannot be placed at all stops the
build with a Vietnamese message naming the note and its file.

The Sphinx extension ``build_scripts.pdf.rinoh_patches`` (in ``conf.py``) applies
the patch once per process when a PDF is built (never in an HTML build, which
does not load rinohtype at all). ``BAO_CAO_SUA_CHU_THICH=0`` in the
environment (or ``bao_cao_rinoh_footnote_fix = False`` in conf.py) leaves
rinohtype unpatched — the tests use it to show the bug.
"""

from __future__ import annotations

from copy import copy
from pathlib import Path

from rinoh.layout import ChainedContainer, ContainerOverflow, EndOfContainer, FootnoteContainer, _MaybeContainer

from build_scripts.core.messages import SourceLocation, UserError

_PATCHED_MARK = "_bao_cao_footnote_fix"

# A split note keeps at least this much of its height on the page of its mark.
MIN_SPLIT_HEIGHT = 1.0  # pt
# rinohtype counts a page whose text reaches exactly the footnotes as overflowing.
SPLIT_FUZZ = 0.01  # pt


class FootnoteError(UserError):
    """A footnote the typesetter cannot place (it is reported, never dropped)."""


class _Entry:
    """One note allocated on a page, with what placing needs to flow it again."""

    __slots__ = ("note", "containers", "state", "max_height", "always")

    def __init__(self, note, container=None, state=None, max_height=None, always=False):
        self.note = note
        self.containers = [container] if container is not None else []
        self.state = state  # rendering state to resume from (continuation)
        self.max_height = max_height  # height limit when the note is split here
        self.always = always  # part of a split note: placed with its page


# --- helpers -----------------------------------------------------------------------------


def _note_id(note, document):
    return note.get_id(document)


def _note_location(note):
    """(file, line, label) of a footnote's definition, as well as rinohtype knows it."""
    path, line = None, None
    source = getattr(note, "source", None)
    try:
        path, line, _ = source.location
    except Exception:  # noqa: BLE001 - a missing location must not hide the real error
        pass
    node = getattr(source, "node", None)
    label = None
    if node is not None:
        names = node.get("names") or node.get("ids") or []
        label = names[0] if names else None
    return path, line, label


def _page_label(page):
    """The page number as printed on the page (falls back to rinohtype's count)."""
    try:
        return page.formatted_number
    except Exception:  # noqa: BLE001 - only used in a message
        return page.number


LINE_RESERVE = 6.0  # pt: more than the descender of any line in the report
# Room kept between the text column and a page's footnote rule: while a page is typeset, its
# first note reserves this much more than it takes when the notes are placed, so the text
# ends that much above the area where the rule is drawn (build_scripts.pdf.template). A
# column filled to the notes had its last line 1.5 pt above the rule, which read as an underline.
RULE_ROOM = 4.0  # pt


def _is_placed(container, page):
    """True when `container` (where a line was typeset) ends up on `page`'s canvas."""
    current = container
    while current is not page:
        if getattr(current, "_do_place", True) is False:
            return False
        parent = current.parent
        if parent is None:
            return False
        if not any(child is current for child in parent.children):
            return False  # discarded (page re-rendered, virtual container unused)
        current = parent
    return True


def _content_containers(container):
    for child in container.children:
        if isinstance(child, ChainedContainer):
            yield child
        yield from _content_containers(child)


def _available_height(footnote_space):
    """How far the footnote area can still grow before the body text overflows."""
    heights = [float(c.remaining_height) for c in _content_containers(footnote_space.page)]
    return min(heights) - SPLIT_FUZZ if heights else 0.0


# --- the patched FootnoteContainer methods -------------------------------------------------


def _state(self):
    """Lazily created per-page bookkeeping (the container is created by rinohtype)."""
    try:
        return self._bc_entries
    except AttributeError:
        self._bc_entries = []  # _Entry, in allocation (= reading) order
        self._bc_by_id = {}  # note id -> _Entry
        self._bc_busy = False  # flowing a note (its own marks must not recurse)
        self._bc_continued = False  # the previous page's split note was flowed here
        return self._bc_entries


def _flow_note(self, note, state=None, max_height=None):
    """Flow `note` below the notes already in this area.

    Returns (maybe_container, rest): `rest` is the state to continue from on the
    next page when `max_height` cut the note, else None.
    """
    _reserve_rule_room(self)
    maybe = _MaybeContainer(self)
    if max_height is not None:
        maybe.max_height = max_height
    self._bc_busy = True
    try:
        _, _, descender = note.flow(
            maybe, self._descenders[-1], state=copy(state) if state is not None else None, footnote=True
        )
        rest = None
    except EndOfContainer as eoc:
        # The note fills the height it was given; rinohtype's labelled flowables
        # do not advance their container when they are cut, so do it here.
        descender, rest = 0, eoc.flowable_state
        maybe.advance(float(maybe.remaining_height), ignore_overflow=True)
    finally:
        self._bc_busy = False
    self._descenders.append(descender)
    return maybe, rest


def _reserve_rule_room(self):
    """Before the first note of a page is allocated: RULE_ROOM more height (see there)."""
    if self._allocation_phase and not self._bc_entries and not getattr(self, "_bc_rule_room", False):
        self._self_cursor.grow(RULE_ROOM)
        self._bc_rule_room = True


def _take_back(self, maybe):
    """Undo a note flowed by _flow_note (it did not fit)."""
    self._cursor.addends.remove(maybe._cursor)
    self.children.remove(maybe)
    self._descenders.pop()
    _release_rule_room(self)


def _release_rule_room(self):
    """No note on the page after all: no room for a rule either."""
    if getattr(self, "_bc_rule_room", False) and not self._bc_entries:
        self._self_cursor.grow(-RULE_ROOM)
        self._bc_rule_room = False


def _error(note, message, fix):
    path, line, label = _note_location(note)
    name = f"chú thích [^{label}]" if label else "một chú thích"
    location = SourceLocation(Path(path), line or 0) if path else None
    return FootnoteError(f"{name}: {message}", location, fix)


def add_footnote(self, footnote, preallocate):
    """Reserve room for `footnote` (allocation) — False moves the line to the next page."""
    _state(self)
    document = self.document
    note_id = _note_id(footnote, document)
    document.__dict__.setdefault("_bc_referenced", {}).setdefault(note_id, footnote)
    if not preallocate or not self._allocation_phase:
        # placing: the notes of this page are flowed by before_placing()
        self._bc_place()
        return True
    if note_id in document.placed_footnotes:  # a second mark of a note placed earlier
        return True
    container = self._bc_line_container
    entry = self._bc_by_id.get(note_id)
    if entry is not None:  # already on this page (line typeset again)
        entry.containers.append(container)
        return True
    if self._bc_busy:  # a mark inside a note being flowed
        entry = _Entry(footnote, container, always=True)
        self._bc_entries.append(entry)
        self._bc_by_id[note_id] = entry
        return True
    maybe, rest = self._bc_flow_note(footnote)
    if rest is None and _fits_with_line(self.page):
        entry = _Entry(footnote, container)
        self._bc_entries.append(entry)
        self._bc_by_id[note_id] = entry
        return True
    self._bc_take_back(maybe)
    failures = document.__dict__.setdefault("_bc_footnote_failures", {})
    if failures.get(note_id, self.page.number) < self.page.number:
        # It did not fit on an earlier page either, and its line was moved to the
        # top of this one: it is taller than a page's footnote area. Split it.
        return self._bc_split(footnote, note_id, container)
    failures[note_id] = self.page.number
    return False


def _fits_with_line(page) -> bool:
    """The page check, keeping room for the referencing line's descender when the page
    template supports it (build_scripts.pdf.template.BaoCaoPage.reserve_for_line): rinohtype
    takes the descender back while the note is allocated and asserts it can re-add it."""
    if not hasattr(page, "reserve_for_line"):
        return page.check_overflow()
    page.reserve_for_line = LINE_RESERVE
    try:
        return page.check_overflow()
    finally:
        page.reserve_for_line = None


def _split(self, footnote, note_id, container):
    _reserve_rule_room(self)  # before measuring what is left of the page
    available = _available_height(self)
    if available >= MIN_SPLIT_HEIGHT:
        maybe, rest = self._bc_flow_note(footnote, max_height=available)
        if rest is None or not rest.initial:
            if self.page.check_overflow():
                entry = _Entry(footnote, container, max_height=available, always=True)
                self._bc_entries.append(entry)
                self._bc_by_id[note_id] = entry
                if rest is not None:
                    self.document._bc_continuation = (footnote, copy(rest))
                return True
        self._bc_take_back(maybe)
    _release_rule_room(self)
    if self._bc_entries:
        # other notes (the end of a split one) fill this page: try the next page,
        # where the line and this note come first
        self.document._bc_footnote_failures[note_id] = self.page.number
        return False
    raise _error(
        footnote,
        f"không đặt được vào trang {_page_label(self.page)} của bản PDF: "
        "dòng có dấu chú thích và phần đầu của chú thích không vừa một trang.",
        "rút gọn chú thích hoặc chia nó thành vài chú thích ngắn hơn; nếu cần, báo cho người phụ trách mẫu PDF.",
    )


def _render(self, type, rerender):
    """Top of a page's footnote area: the rest of a note split on the previous page."""
    _FootnoteContainer_render(self, type, rerender)
    _state(self)
    continuation = getattr(self.document, "_bc_continuation", None)
    if continuation is None or self._bc_continued or not self._allocation_phase:
        return
    self._bc_continued = True
    footnote, state = continuation
    self.document._bc_continuation = None
    _reserve_rule_room(self)
    available = _available_height(self)
    maybe, rest = self._bc_flow_note(footnote, state=state, max_height=available)
    if rest is not None and rest.initial:
        self._bc_take_back(maybe)
        raise _error(
            footnote,
            f"phần tiếp theo không đặt được vào trang {_page_label(self.page)} của bản PDF.",
            "rút gọn chú thích hoặc chia nó thành vài chú thích ngắn hơn.",
        )
    self._bc_entries.append(_Entry(footnote, state=copy(state), max_height=available, always=True))
    if rest is not None:
        self.document._bc_continuation = (footnote, copy(rest))


def _place(self):
    """Flow, for good, the notes whose referencing line is on this page."""
    if not self._allocation_phase:
        return
    entries = _state(self)
    self._allocation_phase = False
    self._bc_rule_room = False  # placed without it: the text stays RULE_ROOM above the notes
    self.clear()
    self._descenders = [0]
    page = self.page
    document = self.document
    placed_ids = set()
    for entry in entries:
        note_id = _note_id(entry.note, document)
        if not entry.always:
            if note_id in document.placed_footnotes or note_id in placed_ids:
                continue
            if not any(_is_placed(c, page) for c in entry.containers):
                continue  # its line moved on: it will be allocated there
        maybe, _ = self._bc_flow_note(entry.note, state=entry.state, max_height=entry.max_height)
        maybe.do_place()
        placed_ids.add(note_id)
    document.placed_footnotes |= placed_ids


def before_placing(self, preallocate=False):
    if not preallocate:
        self._bc_place()
    _FootnoteContainer_before_placing(self, preallocate)


def flow_footnotes(self, preallocate=False):
    """Kept for callers of the old API: the notes are flowed by the methods above."""
    if not preallocate:
        self._bc_place()
    return True


# The marks: allocate through this module's add_footnote, remembering the container
# of the referencing line. Called directly (not through the container's method) so a
# template's own FootnoteContainer subclass cannot bypass the fix.


def _note_marker_before_placing(self, container, preallocate=False):
    from rinoh.reference import NoteLocation, NoteMarkerBase

    document = container.document
    note = document.elements[self.target_id(document)]
    if note.get_style("location", container) == NoteLocation.FOOTER:
        space = container._footnote_space
        space._bc_line_container = container
        if not add_footnote(space, note, preallocate):
            raise ContainerOverflow
    super(NoteMarkerBase, self).before_placing(container, preallocate)


def _render_pages(self):
    """One rendering pass over the document; afterwards, no referenced note may be missing."""
    self._bc_footnote_failures = {}
    self._bc_continuation = None
    self._bc_referenced = {}
    result = _Document_render_pages(self)
    missing = [note for note_id, note in self._bc_referenced.items() if note_id not in self.placed_footnotes]
    if self._bc_continuation is not None:
        missing.append(self._bc_continuation[0])
    if missing:
        raise _error(
            missing[0],
            "không xuất hiện trong bản PDF (lỗi dàn trang chú thích).",
            "báo cho người phụ trách mẫu PDF, gửi kèm tệp này; "
            "trong khi chờ, có thể dựng lại bằng VERBOSE=1 để xem chi tiết.",
        )
    return result


_FootnoteContainer_render = FootnoteContainer._render
_FootnoteContainer_before_placing = FootnoteContainer.before_placing
_Document_render_pages = None


#: the rinohtype release whose internals this fix replaces; another one must be checked first
WRITTEN_FOR = "0.5.6"


def check_rinohtype_version(version: str | None = None) -> None:
    """The fix replaces rinohtype's own methods: on another release it could lose footnotes
    silently, so the build stops and says what to do."""
    import rinoh

    found = version or rinoh.__version__
    if found != WRITTEN_FOR:
        raise UserError(
            f"Bản sửa cách đặt chú thích trong PDF viết cho rinohtype {WRITTEN_FOR}, "
            f"nhưng môi trường Python đang có rinohtype {found}.",
            SourceLocation(Path("requirements.in")),
            f"Giữ rinohtype=={WRITTEN_FOR} trong requirements.in và chạy lại `make` (tự cài lại môi trường). "
            "Người phụ trách kỹ thuật muốn nâng rinohtype thì kiểm tra lại build_scripts/pdf/footnote_fix.py "
            "với phiên bản mới trước (tests/pdf/test_rinoh_footnotes.py).",
        )


def apply_patch() -> bool:
    """Patch rinohtype (once per process). Returns True when the patch is active."""
    global _Document_render_pages
    from rinoh.document import Document
    from rinoh.reference import NoteMarkerBase

    check_rinohtype_version()

    if getattr(FootnoteContainer, _PATCHED_MARK, False):
        return True
    NoteMarkerBase.before_placing = _note_marker_before_placing
    _Document_render_pages = Document._render_pages
    Document._render_pages = _render_pages
    FootnoteContainer._bc_line_container = None
    FootnoteContainer._bc_flow_note = _flow_note
    FootnoteContainer._bc_take_back = _take_back
    FootnoteContainer._bc_split = _split
    FootnoteContainer._bc_place = _place
    FootnoteContainer.add_footnote = add_footnote
    FootnoteContainer.flow_footnotes = flow_footnotes
    FootnoteContainer.before_placing = before_placing
    FootnoteContainer._render = _render
    setattr(FootnoteContainer, _PATCHED_MARK, True)
    return True
