"""Cells as read from a workbook, the same whichever engine read them.

Bulk values come from python-calamine (native, fast); openpyxl (read-only) is
the second engine, for when styles matter or to cross-check. Both give a
:class:`Grid` per sheet: the raw values, absolute positions, and which cells
carry a percentage number format (calamine does not report formats, so the
standard library reads ``styles.xml`` and finds the few cells that use a
percent style).

Numbers become ``Decimal`` at once and exactly: a float from either engine is
read as the number Excel shows at full precision — 15 significant digits, all
Excel keeps — so ``0.1 + 0.2`` (stored 0.30000000000000004) is ``0.3`` and
``91.27`` is ``91.27``. No float goes further than :func:`to_number`.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Literal, Protocol

import attrs

from ..errors import FileRejected, Problem
from ..messages import Text, message_of
from ..model import nfc
from ..numbers import check_digits, parse_number_text
from .safety import DEFAULT_LIMITS, FormulaCells, Limits, preflight

ReaderEngine = Literal["calamine", "openpyxl"]
ENGINES: tuple[ReaderEngine, ...] = ("calamine", "openpyxl")

_EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!",
                           "#VALUE!", "#GETTING_DATA", "#SPILL!", "#CALC!"})


def col_letter(col: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    out = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def col_index(letters: str) -> int:
    """Excel letters → 0-based column index."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def ref(sheet: str, row: int, col: int) -> str:
    """``Biểu 03!F27`` from 0-based row and column."""
    return f"{sheet}!{col_letter(col)}{row + 1}"


# ---------------------------------------------------------------- the values


class CellError(ValueError):
    """A cell whose content cannot be what the form asks for."""


def float_to_decimal(value: float) -> Decimal:
    """The number Excel shows for a stored double, exactly (15 significant digits)."""
    if not math.isfinite(value):
        raise CellError(Text("cell.not_finite", value=value))
    return Decimal(format(value, ".15g"))


def clean_text(value: Any) -> Any:
    """Strings stripped and NFC-normalised; blank strings are empty cells."""
    if isinstance(value, str):
        text = nfc(value.strip())
        return text or None
    return value


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def to_number(value: Any, percent: bool = False) -> tuple[Decimal, bool]:
    """(the number as the officer sees it, whether it was a percentage).

    A number cell with a percent format (0.85 shown as 85%) gives 85 and
    ``True``; text "85%" gives the same; "91,27" gives 91.27. A number beyond
    the digit limits (:func:`~dtikit.numbers.check_digits`: 1e20 in a number
    cell) is refused here, at its cell, as text beyond them is."""
    if type(value) is float:
        number = float_to_decimal(value)
    elif isinstance(value, bool):
        raise CellError(Text("cell.bool_not_number", value="TRUE" if value else "FALSE"))
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if text in _EXCEL_ERRORS:
            raise CellError(Text("cell.excel_error", error=text))
        try:
            return parse_number_text(text), text.endswith("%")
        except ValueError:
            raise CellError(Text("cell.not_number", value=text)) from None
    elif isinstance(value, (date, datetime)):
        raise CellError(Text("cell.date_not_number", date=f"{value:%d/%m/%Y}"))
    else:
        raise CellError(Text("cell.not_number", value=value))
    number = number * 100 if percent else number
    try:
        return check_digits(number), percent
    except ValueError as exc:
        raise CellError(message_of(exc)) from None


def to_text(value: Any) -> str:
    """Any cell as text (numbers as Excel shows them, with a decimal comma)."""
    if isinstance(value, str):
        return nfc(value.strip())
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float):
        return f"{float_to_decimal(value):f}".replace(".", ",")
    if isinstance(value, (datetime, date)):
        return f"{value:%d/%m/%Y}"
    return nfc(str(value))


_DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def to_date(value: Any) -> date:
    """A date cell, or text ``dd/mm/yyyy`` or ``yyyy-mm-dd``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        m = _DATE_TEXT.match(text)
        try:
            if m:
                return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise CellError(Text("cell.not_date", value=to_text(value)))


# ------------------------------------------------------------------ the grid


@attrs.frozen
class Grid:
    """One sheet's raw values from row 1, column A (0-based indices)."""

    name: str
    rows: Sequence[Sequence[Any]]
    percent: frozenset[tuple[int, int]] = frozenset()
    visible: bool = True
    uncached: frozenset[tuple[int, int]] = frozenset()
    """Formula cells with no saved value: they read as empty, and must not be taken so."""

    def get(self, row: int, col: int) -> Any:
        """The cell's value, text cleaned; ``None`` when empty or off the sheet."""
        if 0 <= row < len(self.rows):
            cells = self.rows[row]
            if 0 <= col < len(cells):
                v = cells[col]
                if type(v) is float or v is None:
                    return v
                return clean_text(v)
        return None

    def is_percent(self, row: int, col: int) -> bool:
        return (row, col) in self.percent

    def ref(self, row: int, col: int) -> str:
        return ref(self.name, row, col)

    @property
    def height(self) -> int:
        return len(self.rows)


class Cells(Protocol):
    """What readers need of a sheet: values, places and percent formats."""

    @property
    def name(self) -> str: ...

    def get(self, row: int, col: int) -> Any: ...

    def ref(self, row: int, col: int) -> str: ...

    def is_percent(self, row: int, col: int) -> bool: ...


class RowView:
    """One row of a grid seen as row 0: a collection's cells are located once and
    read for every unit's row through a view."""

    __slots__ = ("grid", "name", "row")

    def __init__(self, grid: Grid, row: int) -> None:
        self.grid, self.row, self.name = grid, row, grid.name

    def get(self, row: int, col: int) -> Any:
        return self.grid.get(self.row + row, col)

    def ref(self, row: int, col: int) -> str:
        return ref(self.name, self.row + row, col)

    def is_percent(self, row: int, col: int) -> bool:
        return (self.row + row, col) in self.grid.percent


@attrs.frozen
class LoadedBook:
    """Every sheet of a workbook, in tab order."""

    path: Path
    sheets: tuple[Grid, ...]

    def sheet(self, name: str) -> Grid | None:
        for s in self.sheets:
            if s.name == name:
                return s
        return None

    def meta(self, key: str) -> list[list[Any]]:
        """The rows of the hidden sheet dtikit writes into its workbooks
        (:data:`~dtikit.formats.spec.META_SHEET`) that start with ``key``: the
        cells after it, at least two, None where empty (no rows when the sheet,
        or the key, is not there)."""
        from .spec import META_SHEET

        meta = self.sheet(META_SHEET)
        if meta is None:
            return []
        return [[meta.get(r, c) for c in range(1, max(len(meta.rows[r]), 3))]
                for r in range(meta.height) if meta.get(r, 0) == key]

    def __iter__(self) -> Iterator[Grid]:
        return iter(self.sheets)


def load_book(path: str | Path, engine: ReaderEngine = "calamine", *,
              limits: Limits = DEFAULT_LIMITS) -> LoadedBook:
    """Pre-flight the file, then read every sheet's values with ``engine``."""
    path = Path(path)
    summary = preflight(path, limits)  # it also finds the formulas saved without a value
    if engine == "calamine":
        return _load_calamine(path, summary.uncached)
    if engine == "openpyxl":
        return _load_openpyxl(path, summary.uncached)
    raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")


def _engine_failure(path: Path, exc: Exception) -> FileRejected:
    return FileRejected([Problem(path.name, Text("file.workbook_unreadable",
                                                 error=f"{type(exc).__name__}: {exc}"))],
                        source=str(path))


def _load_calamine(path: Path, parts: Mapping[str, frozenset[tuple[int, int]]]) -> LoadedBook:
    import python_calamine as pc

    grids = []
    try:
        percent = percent_cells(path)
        uncached = _by_sheet(path, parts)
        wb = pc.CalamineWorkbook.from_path(str(path))
        try:
            for meta in wb.sheets_metadata:
                if str(meta.typ).rsplit(".", 1)[-1] != "WorkSheet":
                    continue
                rows = wb.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
                visible = str(meta.visible).rsplit(".", 1)[-1] == "Visible"
                grids.append(Grid(meta.name, rows, percent.get(meta.name, frozenset()), visible,
                                  uncached.get(meta.name, frozenset())))
        finally:
            wb.close()
    except Exception as exc:  # a reader failure is the file's problem, named as such
        raise _engine_failure(path, exc) from None
    return LoadedBook(path, tuple(grids))


def _normalise_openpyxl(value: Any) -> Any:
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


def _load_openpyxl(path: Path, parts: Mapping[str, frozenset[tuple[int, int]]]) -> LoadedBook:
    import openpyxl

    grids = []
    try:
        uncached = _by_sheet(path, parts)
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_vba=False,
                                    keep_links=False)
        try:
            for ws in wb.worksheets:
                rows: list[list[Any]] = []
                pct: set[tuple[int, int]] = set()
                for r, row in enumerate(ws.iter_rows(min_row=1, min_col=1)):
                    values = []
                    for c, cell in enumerate(row):
                        value = getattr(cell, "value", None)
                        if value is not None and is_percent_format(
                                getattr(cell, "number_format", None)):
                            pct.add((r, c))
                        values.append(_normalise_openpyxl(value))
                    rows.append(values)
                grids.append(Grid(ws.title, rows, frozenset(pct), ws.sheet_state == "visible",
                                  uncached.get(ws.title, frozenset())))
        finally:
            wb.close()
    except Exception as exc:
        raise _engine_failure(path, exc) from None
    return LoadedBook(path, tuple(grids))


# ------------------------------------------------------- percent formats (stdlib)

_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_BUILTIN_PERCENT = {9, 10}


def is_percent_format(code: str | None) -> bool:
    """Whether a number format shows the value as a percentage."""
    return bool(code) and "%" in _QUOTED.sub("", code or "")


def _ns_local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _percent_styles(zf: zipfile.ZipFile) -> set[int]:
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(zf.read("xl/styles.xml"))
    except KeyError:
        return set()
    custom: dict[int, str] = {}
    xfs: list[int] = []
    for el in root:
        tag = _ns_local(el.tag)
        if tag == "numFmts":
            for fmt in el:
                custom[int(fmt.get("numFmtId", "-1"))] = fmt.get("formatCode", "")
        elif tag == "cellXfs":
            xfs = [int(xf.get("numFmtId", "0")) for xf in el]
    return {i for i, fid in enumerate(xfs)
            if fid in _BUILTIN_PERCENT or is_percent_format(custom.get(fid))}


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → zip part, from workbook.xml and its relationships."""
    from defusedxml import ElementTree

    wb = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out: dict[str, str] = {}
    for el in wb.iter():
        if _ns_local(el.tag) != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if _ns_local(k) == "id"), None)
        target = targets.get(rid, "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        out[el.get("name", "")] = part
    return out


_CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')


def percent_cells(path: Path) -> dict[str, frozenset[tuple[int, int]]]:
    """Per sheet, the (row, col) of cells whose style shows a percentage.

    Only styles.xml is parsed; a sheet is scanned (one regular expression over
    its XML, read in chunks: never a whole sheet in memory) only when some style
    is a percent format — never for dtikit's own forms, which have none."""
    with zipfile.ZipFile(path) as zf:
        styles = _percent_styles(zf)
        if not styles:
            return {}
        alt = b"|".join(str(s).encode() for s in sorted(styles))
        tag = re.compile(rb'<c\s[^>]*?\bs="(?:' + alt + rb')"[^>]*>')
        out: dict[str, frozenset[tuple[int, int]]] = {}
        for name, member in _sheet_members(zf):
            found = set()
            with zf.open(member) as fh:
                for data in _tag_chunks(fh, 1 << 20):
                    for m in tag.finditer(data):
                        r = _CELL_REF.search(m.group(0))
                        if r:
                            found.add((int(r.group(2)) - 1, col_index(r.group(1).decode())))
            out[name] = frozenset(found)
        return out


def _sheet_members(zf: zipfile.ZipFile) -> Iterator[tuple[str, str]]:
    """Each sheet's name and its zip member (matched without regard to case)."""
    names = {n.lower(): n for n in zf.namelist()}
    for sheet, part in _sheet_parts(zf).items():
        member = names.get(part.lower())
        if member is not None:
            yield sheet, member


def _tag_chunks(fh: IO[bytes], size: int) -> Iterator[bytes]:
    """A sheet's XML in pieces of about ``size`` bytes that never cut a tag in two:
    never a whole sheet in memory."""
    carry = b""
    while chunk := fh.read(size):
        buf = carry + chunk
        cut = buf.rfind(b">") + 1
        carry = buf[cut:]
        yield buf[:cut]
    if carry:
        yield carry


def _by_sheet(path: Path, parts: Mapping[str, frozenset[tuple[int, int]]]
              ) -> dict[str, frozenset[tuple[int, int]]]:
    """``parts`` (by worksheet part, as the pre-flight found them) by sheet name."""
    if not parts:
        return {}
    lower = {k.lower(): v for k, v in parts.items()}
    with zipfile.ZipFile(path) as zf:
        return {sheet: lower[part.lower()] for sheet, part in _sheet_parts(zf).items()
                if part.lower() in lower}


def uncached_formulas(path: Path) -> dict[str, frozenset[tuple[int, int]]]:
    """Per sheet, the (row, col) of formula cells saved without their value (a file
    written by a program that does not calculate): a reader sees them empty.

    :func:`load_book` has them from the pre-flight's one reading of each sheet;
    this reads them alone, with the same :class:`~.safety.FormulaCells`."""
    out: dict[str, frozenset[tuple[int, int]]] = {}
    with zipfile.ZipFile(path) as zf:
        for sheet, member in _sheet_members(zf):
            scan = FormulaCells()
            with zf.open(member) as fh:
                for data in _tag_chunks(fh, 1 << 16):
                    scan.feed(data)
            if scan.found:
                out[sheet] = frozenset(scan.found)
    return out
