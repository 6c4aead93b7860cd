"""Rows of an openpyxl write-only sheet written as XML text.

openpyxl builds an object per cell and serialises it element by element:
for a sheet of plain values and a few styles that is nine tenths of the time
of writing it. Here a row is a few string joins: each cell ``(value, style)``
becomes ``<c r="B6" s="3" t="inlineStr"><is><t>…</t></is></c>`` (what
openpyxl 3.1 writes: it writes strings inline, with no shared-strings
table), with ``style`` registered once with the workbook (its index in
``cellXfs``, as ``cell.style_id``).

Everything else about the sheet — column widths, freeze panes, page setup,
merged cells, charts — is openpyxl's: the sheet gets one placeholder row,
the workbook is saved in memory, then copied to ``path`` member by member
with the placeholder row replaced by the rows written here::

    book = XmlBook(openpyxl.Workbook(write_only=True))
    sheet = book.sheet(book.wb.create_sheet("Xếp hạng"))
    sheet.ws.column_dimensions["A"].width = 9
    bold = book.style(font=Font(bold=True))
    sheet.append([("Đơn vị", bold), (Decimal("12.5"), bold), None, (3, bold)])
    book.save(path)

Rows alike — one per indicator for every unit — come from a :class:`Row`
template: its fixed cells made into XML once, its *slots* filled per row
(each slot's distinct cell made once), :meth:`Sheet.append_rows` or, a
block of rows a column at a time, :meth:`Sheet.append_block`. They hold the
same cells as :meth:`Sheet.append` would write, in half the bytes: their
texts are shared strings (``t="s"``, each text once in
``xl/sharedStrings.xml``, declared in the workbook's relationships and
content types), the type ``n`` of a number left to its default, and a row
whose cells run from column A without a gap gives them no reference (the
format lets a reader count them; openpyxl, python-calamine, LibreOffice and
Excel do). The breakdown of 1,000 units of 145 indicators: 56 MB of XML
instead of 104 MB, a file of 6.6 MB instead of 15 MB.

A writer that meets the same rows again and again (a node's row is the same
for many units) can make them itself, the direct writer's way: a slot's
cell once per distinct value (:meth:`XmlBook.slot_tail`, ``slot_tails``), a
row as :meth:`Row.body_format` ``%`` its slots' cells, remembered as it
likes, and the rows' bodies written with :meth:`Sheet.append_bodies` — the
rows :meth:`Sheet.append_block` would write (the results' breakdown sheet).

Values: ``str`` (made safe by :func:`xlstyle.safe_text` — NFC, no control
characters — and always a string, never a formula), ``Decimal`` (its exact
plain value, never an exponent, never through a float), ``int``, ``bool``,
``None`` (an empty cell that keeps its style); a ``None`` in place of a cell
is a gap. Row heights (and any other row dimension) are taken from
``ws.row_dimensions`` when the row is appended, as openpyxl's write-only
sheets do.

``DIRECT = False`` makes every :class:`XmlBook` write its rows through
openpyxl's own cells instead: the reference the tests compare against. The
direct writer uses two openpyxl internals (a workbook's style table and a
cell's style array), tested on openpyxl 3.1; with any other openpyxl, or if
they are missing, a :class:`XmlBook` falls back to openpyxl's cells by itself
(:func:`direct_supported`): the same workbook, only slower.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace
from typing import IO, Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from ..model import nfc
from ..outputs import atomic_path
from . import xlstyle

DIRECT = True
"""False: rows go through openpyxl's own write-only cells (the reference)."""

_FLUSH = 1 << 16  # pieces of XML held before they go to the sheet's temporary file
_TEXTS = 1 << 16  # texts remembered (a unit's name, an indicator's name repeat)
_SHARED = 1 << 14  # shared texts remembered (a trace not seen for long is shared again)
_SLOT_CELLS = 1 << 13  # cells remembered per slot of the row templates (most values repeat soon)
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"\s*/>')


@dataclass(frozen=True)
class Style:
    """A style combination registered with the workbook."""

    array: Any  # openpyxl's StyleArray (font, fill, border, alignment, number format ids)
    id: int  # its index in the workbook's cellXfs
    attr: str  # ' s="id"', or "" for the default style (openpyxl writes no s then)


Cell = tuple[Any, Style]


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:  # a reader turns a bare carriage return into a line feed
        text = text.replace("\r", "&#13;")
    return text


def _attr(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


def _t(value: str) -> str:
    """A text's ``<t>`` element: safe text, escaped; spaces at either end kept."""
    text = xlstyle.safe_text(value)
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f"<t{space}>{_escape(text)}</t>"


_CONTROL = bytes(c for c in range(1, 128) if xlstyle._ILLEGAL.match(chr(c)))
"""The characters :func:`xlstyle.safe_text` replaces, NUL aside, as bytes (one
byte each in UTF-8, never part of another character's bytes)."""


def _sis(texts: Sequence[str]) -> bytes:
    """The shared strings' ``<si>`` elements of ``texts``, in their order: what
    ``<si>{_t(text)}</si>`` gives each, made at once. The texts are joined by
    NUL (a character no safe text holds, that nothing composes with: NFC does
    not reach across it), made NFC, escaped, encoded and checked as one; a
    batch with a text that needs more (a control character, spaces kept at
    either end, too long for a cell, a NUL of its own) goes through
    :func:`_t`, one text at a time."""
    if len(texts) > 1:
        safe = nfc("\x00".join(texts))
        parts = safe.split("\x00")
        if len(parts) == len(texts) and max(map(len, parts)) <= xlstyle.MAX_CELL_TEXT \
                and not any([p[:1].isspace() or p[-1:].isspace() for p in parts]):
            data = _escape(safe).encode()  # a control character: one byte of UTF-8
            if len(data.translate(None, _CONTROL)) == len(data):
                return b"<si><t>" + data.replace(b"\x00", b"</t></si><si><t>") + b"</t></si>"
    return "".join([f"<si>{_t(text)}</si>" for text in texts]).encode()


def _number(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"{value} is not a number a cell can hold")
    text = str(value)
    if "E" in text:  # str() writes 1E+2 or 1E-7; the plain value is exact too
        text = f"{value:f}"
    if "." in text:  # 12.50 → 12.5, 21.00 → 21: the same number, as openpyxl writes it
        text = text.rstrip("0").rstrip(".")
    return text


LARGE_SHEET = 1 << 20
"""Bytes of a sheet's XML (or of the shared strings) above which it is deflated
at :data:`LARGE_LEVEL`."""
LARGE_LEVEL = 1
"""zlib's level for a large member: about three times as fast as the default
(6) on a sheet's XML, for a member about 40 % larger. The benchmark's results
workbook of 10,000 units (a ranking sheet of 6 MB, a breakdown of 1,000 units
of 38 MB, 17 MB of shared strings): 0.2 s of CPU and 7.9 MB, against 0.4 s
and 6.8 MB when only the breakdown was deflated at level 1."""


def _set_level(member: zipfile.ZipInfo, level: int) -> None:
    """The deflate level of a member written with ``ZipFile.open(member, "w")``."""
    name = "compress_level" if hasattr(member, "compress_level") else "_compresslevel"
    setattr(member, name, level)  # 3.13 names it compress_level; 3.10-3.12, _compresslevel


TESTED_OPENPYXL = (3, 1)
"""The openpyxl release (major, minor) whose internals the direct writer is tested on."""


def direct_supported(wb: Any) -> bool:
    """Whether this openpyxl has the internals the direct writer uses, as tested:
    release :data:`TESTED_OPENPYXL`, the workbook's style table, a cell's style array."""
    import openpyxl

    try:
        release = tuple(int(x) for x in openpyxl.__version__.split(".")[:2])
    except ValueError:
        return False
    if release != TESTED_OPENPYXL:
        return False
    table = getattr(wb, "_cell_styles", None)
    cell = WriteOnlyCell(SimpleNamespace(parent=wb))
    return callable(getattr(table, "add", None)) and hasattr(cell, "_style")


class XmlBook:
    """An openpyxl write-only workbook whose :class:`Sheet` rows are written here."""

    def __init__(self, wb: Any, *, direct: bool | None = None) -> None:
        if not wb.write_only:
            raise ValueError("sheetxml writes the rows of a write-only workbook")
        self.wb = wb
        self.direct = (DIRECT if direct is None else direct) and direct_supported(wb)
        self._sheets: list[Sheet] = []
        self._texts: dict[str, str] = {}
        self._shared: dict[str, str] = {}  # a template's text → its cell's type and value
        self._strings: list[bytes] = []  # the shared strings' <si> elements, in their order
        self._count = 0  # shared strings in _strings (a piece of it holds many)
        self._slots: dict[Any, tuple[dict[int, str], dict[int, Any]]] = {}  # Row slots' cells
        self._owner = SimpleNamespace(parent=wb)  # a cell's styles go to ws.parent

    def style(self, *, font: Any = None, fill: Any = None, alignment: Any = None,
              number_format: str | None = None, border: Any = None) -> Style:
        """Register a style combination (each part registered as openpyxl would:
        through a cell of the workbook); ``None`` leaves a part at the default."""
        proto = WriteOnlyCell(self._owner)
        if number_format:
            proto.number_format = number_format
        if font is not None:
            proto.font = font
        if fill is not None:
            proto.fill = fill
        if alignment is not None:
            proto.alignment = alignment
        if border is not None:
            proto.border = border
        array = proto._style if proto._style is not None else StyleArray()
        index = self.wb._cell_styles.add(array)  # what cell.style_id does
        return Style(array, index, f' s="{index}"' if any(array) else "")

    def sheet(self, ws: Any) -> Sheet:
        """The rows of ``ws`` (a sheet of this workbook that nothing else appends to)."""
        if ws.parent is not self.wb:
            raise ValueError(f"sheet {ws.title!r} is not in this workbook")
        sheet = Sheet(self, ws)
        self._sheets.append(sheet)
        return sheet

    def _text(self, value: str, remember: bool = True) -> str:
        """A cell's inline string: safe text, escaped; spaces at either end kept
        (``remember``: kept for the next cell with that text)."""
        xml = self._texts.get(value)
        if xml is None:
            xml = f"<is>{_t(value)}</is>"
            if remember:
                if len(self._texts) >= _TEXTS:
                    self._texts.clear()
                self._texts[value] = xml
        return xml

    def slot_tail(self, row: Row, k: int, value: Any) -> str:
        """Slot ``k``'s cell of ``row`` for ``value`` after ``<c`` (style, type,
        value; a text as a shared string): what a body of
        :meth:`Row.body_format` takes for that slot. Rows written with them
        must each have a cell there: an empty cell of the default style (no
        cell) is refused with ValueError (:meth:`Sheet.append_block` writes it)."""
        return self.slot_tails(row, k, (value,))[0]

    def slot_tails(self, row: Row, k: int, values: Iterable[Any]) -> list[str]:
        """:meth:`slot_tail` of each of ``values``."""
        return self._shared_tails(map(row._fns[k], values), True)

    def _shared_tail(self, value: Any, attr: str) -> str:
        """:meth:`_tail` for a cell of a row template: a text (not empty) as a
        shared string (``t="s"``, its number in ``xl/sharedStrings.xml``), once
        in the workbook whatever the number of cells that show it."""
        return self._shared_tails([(value, attr)])[0]

    def _shared_tails(self, cells: Iterable[tuple[Any, Any]], styled: bool = False) -> list[str]:
        """:meth:`_shared_tail` of each cell ``(value, attr)`` (``styled``: of each
        ``(value, style)``, an empty cell of the default style refused)."""
        shared = self._shared
        new: list[str] = []  # texts shared here, numbered from self._count on
        out = []
        for value, attr in cells:
            if styled:
                attr = attr.attr
            if type(value) is not str or not value:  # a number: n, the default type, unsaid
                if styled and value is None and not attr:
                    raise ValueError("an empty cell of the default style is no cell: "
                                     "use append_block")
                out.append(self._tail(value, attr, False).replace(' t="n"', "", 1))
                continue
            typed = shared.get(value)
            if typed is None:
                if len(shared) >= _SHARED:  # a text seen long ago is shared again
                    shared.clear()
                typed = shared[value] = f' t="s"><v>{self._count + len(new)}</v></c>'
                new.append(value)
            out.append(attr + typed)
        if new:
            try:
                self._strings.append(_sis(new))
            except ValueError:  # a text no cell holds: none of these shared
                for value in new:
                    shared.pop(value, None)
                raise
            self._count += len(new)
        return out

    def _tail(self, value: Any, attr: str, remember: bool = True) -> str:
        """A cell's XML after its reference (``<c r="B6"``): style, type, value.
        A ``None`` value is an empty cell that keeps its style; floats and
        other types are refused. ``remember``: a text is kept for the next
        cell with that text (a row template's slot keeps its cells itself)."""
        kind = type(value)
        if value is None:
            return f'{attr} t="n" />'
        if kind is str:  # as openpyxl: an empty string is an empty cell
            return f'{attr} t="inlineStr">{self._text(value, remember)}</c>' if value else \
                f'{attr} t="inlineStr" />'
        if kind is Decimal:
            return f'{attr} t="n"><v>{_number(value)}</v></c>'
        if kind is bool:
            return f'{attr} t="b"><v>{int(value)}</v></c>'
        if kind is int:
            return f'{attr} t="n"><v>{value}</v></c>'
        if isinstance(value, float):
            raise TypeError("floats are not written; pass a Decimal")
        for base in (str, Decimal, bool, int):  # subclasses, as their base type
            if isinstance(value, base):
                return self._tail(base(value), attr)
        raise TypeError(f"a cell cannot hold {type(value).__name__} ({value!r})")

    def save(self, path: str | os.PathLike[str]) -> None:
        """Save the workbook to ``path`` (written next to it, then renamed)."""
        if not self.direct:
            with atomic_path(path) as temp:
                self.wb.save(temp)
            return
        for sheet in self._sheets:
            sheet._start()
        staged = BytesIO()
        self.wb.save(staged)
        try:
            with atomic_path(path) as temp, zipfile.ZipFile(staged) as zin, \
                    open(temp, "xb") as raw, \
                    zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zout:
                self._copy(zin, zout)
        finally:
            for sheet in self._sheets:
                sheet._close()

    def _copy(self, zin: zipfile.ZipFile, zout: zipfile.ZipFile) -> None:
        """Every member in its order; a sheet's placeholder row replaced by its
        rows; the shared strings of the row templates, if any, declared in
        the workbook's relationships and content types and written last."""
        waiting = {sheet.marker.encode(): sheet for sheet in self._sheets}
        shared = bool(self._strings)
        if shared and _SST in zin.namelist():
            raise RuntimeError(f"{_SST} written by openpyxl: its texts would be lost")
        for info in zin.infolist():
            data = zin.read(info)
            found = None
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                found = next((m for m in waiting if m in data), None)
            if found is not None:
                waiting.pop(found)._write(info, data, zout)
                continue
            if shared and info.filename in _DECLARE:
                before, add = _DECLARE[info.filename]
                if before not in data:
                    raise RuntimeError(f"{info.filename}: no {before.decode()} to add to")
                data = data.replace(before, add + before, 1)
            zout.writestr(info, data)
        if waiting:
            raise RuntimeError(f"{len(waiting)} sheet(s) not found in the saved workbook")
        if shared:
            member = zipfile.ZipInfo(_SST, zin.infolist()[0].date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = zin.infolist()[0].external_attr
            size = sum(map(len, self._strings))
            member.file_size = size + 300  # zip64 if it needs it
            if size > LARGE_SHEET:
                _set_level(member, LARGE_LEVEL)
            with zout.open(member, "w") as out:
                out.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                          b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                          b'main">')  # no counts: optional, and a text may come twice
                held: list[bytes] = []  # written half a megabyte at a time
                pending = 0
                for piece in self._strings:
                    held.append(piece)
                    pending += len(piece)
                    if pending >= 1 << 19:
                        out.write(b"".join(held))
                        held.clear()
                        pending = 0
                out.write(b"".join(held))
                out.write(b"</sst>")


_SST = "xl/sharedStrings.xml"
_DECLARE = {
    "[Content_Types].xml": (b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                            b'ContentType="application/vnd.openxmlformats-officedocument.'
                            b'spreadsheetml.sharedStrings+xml"/>'),
    "xl/_rels/workbook.xml.rels": (b"</Relationships>", b'<Relationship Type="http://schemas.'
                                   b'openxmlformats.org/officeDocument/2006/relationships/'
                                   b'sharedStrings" Target="sharedStrings.xml" '
                                   b'Id="rIdDtikitSharedStrings"/>'),
}
"""Where the shared strings are declared: before the end of these members."""


class Row:
    """A row template for :meth:`Sheet.append_row`: fixed cells ``(value,
    style)`` (or ``None``, a gap) and *slots*, whose value each row gives. A
    slot is a :class:`Style` (the value in that style) or a function from the
    value to its cell ``(value, style)`` (a style, or a number cell, that
    depends on the value). Rows alike — one per indicator for every unit —
    make their fixed cells' XML once, and a slot's cell once per distinct
    value (remembered by the book for every template with that slot). Its
    styles are one book's: a template serves the sheets of that book."""

    __slots__ = ("_body", "_book", "_fns", "_format", "_tails", "cells", "slots")

    def __init__(self, cells: Sequence[Cell | Style | Callable[[Any], Cell] | None]) -> None:
        self.cells = list(cells)
        self.slots = [i for i, c in enumerate(self.cells)
                      if isinstance(c, Style) or callable(c)]
        self._fns: list[Callable[[Any], Cell]] = []
        for i in self.slots:
            slot = self.cells[i]
            self._fns.append(_in_style(slot) if isinstance(slot, Style) else slot)  # type: ignore[arg-type]
        self._book: XmlBook | None = None
        self._tails: list[tuple[dict[int, str], dict[int, Any]]] = []
        self._format = ""
        self._body: str | None = None

    def cell(self, k: int, value: Any) -> Cell:
        """Slot ``k``'s cell for ``value``."""
        return self._fns[k](value)

    def _compile(self, book: XmlBook) -> None:
        """The row's XML as one :meth:`str.format` template: ``{0}`` the row's
        start tag, ``{1}`` its number, ``{k+2}`` slot k's cell after its
        reference (style, type and value: the same text in any column,
        remembered by the book per slot function). Texts are shared strings;
        cells from column A on with no gap carry no reference (a reader counts
        them, as the format allows), others their ``r``."""
        self._book = book
        text = ["{0}"]
        slots = set(self.slots)
        present = [i in slots or not (cell is None or (cell[0] is None and not cell[1].attr))  # type: ignore[index]
                   for i, cell in enumerate(self.cells)]
        counted = all(present[:len(present) - present[::-1].index(True)]) if any(present) \
            else True
        k = 0
        body = []  # counted: the cells, a %s per slot (no cell says the row's number)
        for i, cell in enumerate(self.cells):
            if not present[i]:
                continue  # a gap, or an empty cell of the default style: no cell
            ref = "<c" if counted else f'<c r="{get_column_letter(i + 1)}' + '{1}"'
            if i in slots:
                text.append(ref + "{" + str(k + 2) + "}")
                body.append("<c%s")
                k += 1
            else:
                value, style = cell  # type: ignore[misc]
                tail = book._shared_tail(value, style.attr)
                text.append(ref + _braces(tail))
                body.append("<c" + tail.replace("%", "%%"))
        text.append("</row>")
        body.append("</row>")
        self._format = "".join(text)
        self._tails = [book._slots.setdefault(fn, ({}, {})) for fn in self._fns]
        self._body = "".join(body) if counted else None

    def body_format(self, book: XmlBook) -> str | None:
        """The row's cells and end tag as a ``%`` template, a ``%s`` per slot
        for its cell after ``<c`` (:meth:`XmlBook.slot_tail`): ``body_format %
        tails`` is a body for :meth:`Sheet.append_bodies`. None where a cell
        carries the row's number (a gap before it): :meth:`Sheet.append_block`
        writes those rows."""
        if self._book is not book:
            self._compile(book)
        return self._body


def _braces(text: str) -> str:
    """Text for a :meth:`str.format` template, as it is."""
    return text.replace("{", "{{").replace("}", "}}")


_STYLED: dict[Style, Callable[[Any], Cell]] = {}


def _in_style(style: Style) -> Callable[[Any], Cell]:
    """A slot of one style: one function per style, so that rows share its cells."""
    fn = _STYLED.get(style)
    if fn is None:
        def fn(value: Any) -> Cell:
            return value, style
        if len(_STYLED) < 4096:
            _STYLED[style] = fn
    return fn


class Sheet:
    """The rows of one write-only sheet (``ws``: the openpyxl sheet, for the rest)."""

    def __init__(self, book: XmlBook, ws: Any) -> None:
        self.book = book
        self.ws = ws
        self.row = 0  # the last row written (1-based)
        self.marker = f"dtikit-sheetxml-{uuid.uuid4().hex}"
        self._width = 0
        self._started = False
        self._letters: list[str] = []
        self._buf: list[str] = []
        self._held = 0  # cells held in _buf
        self._file: IO[bytes] | None = None  # rows so far, past the first _FLUSH pieces
        self._bodied: tuple[Sequence[Row], int, int, int] | None = None  # append_bodies' rows

    def append(self, cells: Sequence[Cell | None]) -> None:
        """Write the next row: ``(value, style)`` per column, ``None`` for a gap."""
        if not self.book.direct:
            self._append_cells(cells)
            self.row += 1
            return
        row = self.row + 1
        r = str(row)
        if len(cells) > self._width:
            self._widen(len(cells))
        letters = self._letters
        tail = self.book._tail
        parts = [self._open(row)]
        for i, cell in enumerate(cells):
            if cell is None:
                continue
            value, style = cell
            if value is None and not style.attr:
                continue  # an empty cell of the default style is no cell
            parts.append(f'<c r="{letters[i]}{r}"')
            parts.append(tail(value, style.attr))  # raises before anything is written
        parts.append("</row>")
        self._put("".join(parts), len(parts))

    def append_row(self, row: Row, values: Sequence[Any]) -> None:
        """Write the next row from a :class:`Row` template: ``values`` fill its
        slots, in order. The row :meth:`append` would write with the same cells."""
        self.append_rows([(row, values)])

    def append_rows(self, rows: Iterable[tuple[Row, Sequence[Any]]]) -> None:
        """:meth:`append_row` for each ``(row, values)``, in order."""
        for row, values in rows:
            self.append_block([row], [[v] for v in values])

    def append_block(self, rows: Sequence[Row], columns: Sequence[Sequence[Any]]) -> None:
        """Rows of templates alike at once: ``rows[j]`` the template of the j-th
        row, ``columns[k][j]`` its slot k's value (every template with as many
        slots as there are columns). The rows :meth:`append_row` would write,
        made a column at a time: each slot's cell looked up by the value's
        identity (the values repeat as the same objects: a unit's name, the
        engine's points, a trace) and made once per distinct value."""
        n = len(rows)
        if not n:
            return
        for values in columns:
            if len(values) != n:
                raise ValueError(f"{len(values)} values for {n} rows")
        for row in rows:
            if len(row.slots) != len(columns):
                raise ValueError(f"{len(columns)} values for {len(row.slots)} slots")
        book = self.book
        if not book.direct:
            for j, row in enumerate(rows):
                self._append_cells(self._row_cells(row, [c[j] for c in columns]))
                self.row += 1
            return
        width = 0
        for row in rows:
            if row._book is not book:
                row._compile(book)
            width = max(width, len(row.cells))
        if width > self._width:
            self._widen(width)
        tails: list[list[str | None]] = []
        for k, values in enumerate(columns):
            caches = [row._tails[k] for row in rows]
            got = [texts.get(id(v)) for (texts, _), v in zip(caches, values)]
            if None in got:
                for j, text in enumerate(got):
                    if text is None:
                        text = self._slot_text(rows[j], k, values[j])
                        if text is None:  # no cell (an empty cell of the default style)
                            self._append_block_cells(rows, columns)
                            return
                        got[j] = text
            tails.append(got)
        first = self.row + 1
        numbers = range(first, first + n)
        dims = self.ws.row_dimensions
        starts = [self._open(r) if r in dims else f'<row r="{r}">' for r in numbers]
        xml = "".join([row._format.format(start, r, *t) for row, start, r, t in
                       zip(rows, starts, numbers, zip(*tails))])
        self.row += n - 1
        self._put(xml, sum(len(row.cells) for row in rows))

    def append_bodies(self, rows: Sequence[Row], bodies: Sequence[str]) -> None:
        """The next rows, ``bodies[j]`` the cells of ``rows[j]`` made with its
        :meth:`Row.body_format` and :meth:`XmlBook.slot_tail` (the direct writer only,
        :attr:`XmlBook.direct`): the rows :meth:`append_block` would write."""
        n = len(rows)
        if len(bodies) != n:
            raise ValueError(f"{len(bodies)} bodies for {n} rows")
        if not n:
            return
        book = self.book
        if not book.direct:
            raise RuntimeError("rows made as XML are the direct writer's (XmlBook.direct)")
        known = self._bodied
        if known is not None and known[0] is rows and known[1] == n:
            width, cells = known[2], known[3]  # the same templates as the last rows
        else:
            width = cells = 0
            for row in rows:
                if row._book is not book:
                    raise ValueError("a body of a row template not made for this book")
                width = max(width, len(row.cells))
                cells += len(row.cells)
            self._bodied = (rows, n, width, cells)
        if width > self._width:
            self._widen(width)
        first = self.row + 1
        numbers = range(first, first + n)
        dims = self.ws.row_dimensions
        if any(first <= r < first + n for r in dims):
            xml = "".join([self._open(r) + body for r, body in zip(numbers, bodies)])
        else:
            xml = "".join([f'<row r="{r}">{body}' for r, body in zip(numbers, bodies)])
        self.row += n - 1
        self._put(xml, cells)

    def _slot_text(self, row: Row, k: int, value: Any) -> str | None:
        """Slot ``k``'s cell of ``row`` for ``value``, after its reference
        (remembered for the next row with that value); None for no cell."""
        cell_value, style = row.cell(k, value)
        if cell_value is None and not style.attr:
            return None
        text = self.book._shared_tail(cell_value, style.attr)
        texts, kept = row._tails[k]
        if len(texts) >= _SLOT_CELLS:
            texts.clear()
            kept.clear()
        texts[id(value)] = text
        kept[id(value)] = value  # alive while remembered: its id stays its own
        return text

    def _append_block_cells(self, rows: Sequence[Row], columns: Sequence[Sequence[Any]]) -> None:
        """The rows of :meth:`append_block`, each through :meth:`append`."""
        for j, row in enumerate(rows):
            self.append(self._row_cells(row, [c[j] for c in columns]))

    @staticmethod
    def _row_cells(row: Row, values: Sequence[Any]) -> list[Cell | None]:
        cells: list[Any] = list(row.cells)
        for k, (i, value) in enumerate(zip(row.slots, values)):
            cells[i] = row.cell(k, value)
        return cells

    def _widen(self, width: int) -> None:
        self._width = width
        self._letters += [get_column_letter(i) for i in range(len(self._letters) + 1, width + 1)]

    def _open(self, row: int) -> str:
        """A row's start tag, with its dimensions (height, hidden, …) as openpyxl writes them."""
        dims = self.ws.row_dimensions.get(row)
        attrs = "".join(f' {k}="{_attr(v)}"' for k, v in dims) if dims is not None else ""
        return f'<row r="{row}"{attrs}>'

    def _put(self, xml: str, pieces: int) -> None:
        """Hold a whole row's XML (``pieces``: its cells, what the flush counts)."""
        self._buf.append(xml)
        self._held += pieces
        self.row += 1
        if not self._started:
            self._start()
        if self._held > _FLUSH:
            self._flush()

    def _start(self) -> None:
        """The one row openpyxl writes: when the first row comes, so that openpyxl
        writes the sheet's top (widths, panes) then, as for its own rows."""
        if not self._started:
            self._started = True
            self.ws.append([self.marker])

    def _append_cells(self, cells: Sequence[Cell | None]) -> None:
        """The reference: openpyxl's write-only cells, set as before this module."""
        out: list[Any] = []
        for cell in cells:
            if cell is None:
                out.append(None)
                continue
            value, style = cell
            c = WriteOnlyCell(self.ws)
            c._style = copy(style.array)
            if value is not None:
                xlstyle.set_value(c, value)
            out.append(c)
        self.ws.append(out)

    def _flush(self) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile()
        self._file.write("".join(self._buf).encode("utf-8"))
        self._buf.clear()
        self._held = 0

    def _close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def _write(self, info: zipfile.ZipInfo, data: bytes, zout: zipfile.ZipFile) -> None:
        """openpyxl's sheet XML around this sheet's rows, in place of the placeholder."""
        at = data.index(self.marker.encode())
        start = data.rfind(b"<row ", 0, at)
        end = data.find(b"</row>", at) + len(b"</row>")
        head, tail = data[:start], data[end:]
        if start < 0 or not head.endswith(b"<sheetData>") or not tail.startswith(b"</sheetData>"):
            raise RuntimeError(f"{info.filename}: the placeholder is not the sheet's only row")
        if self.row and self._width:
            ref = f"A1:{get_column_letter(self._width)}{self.row}".encode()
            head = _DIMENSION.sub(b'<dimension ref="' + ref + b'"/>', head)
        last = "".join(self._buf).encode("utf-8")
        self._buf.clear()
        member = zipfile.ZipInfo(info.filename, info.date_time)
        member.compress_type = zipfile.ZIP_DEFLATED
        member.external_attr = info.external_attr
        before = self._file.tell() if self._file is not None else 0
        member.file_size = len(head) + before + len(last) + len(tail)  # zip64 if it needs it
        if member.file_size > LARGE_SHEET:  # deflate's default level: ~30 MB/s of XML
            _set_level(member, LARGE_LEVEL)
        with zout.open(member, "w") as out:
            out.write(head)
            if self._file is not None:
                self._file.seek(0)
                shutil.copyfileobj(self._file, out, 1 << 20)
            out.write(last)
            out.write(tail)


Book = XmlBook  # the name before 0.2; kept for code written against it
