"""Readers: an appendix file (.docx, .pdf with a text layer, .xlsx, .csv, .tsv) as
the rows of its table, each row with where it is in the file.

A reader returns every row of every table in the file in order (title block,
header, repeated headers and all); :mod:`dtikit.appendix.tree` finds the header
and reads the rows. A merged cell is read once: a group row merged across the
columns gives its text in the first column only; a cell merged down (an
appraiser named once for a group) gives its text to each row it covers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from ..errors import FileRejected, Problem
from ..messages import Text
from .text import tidy

__all__ = ["READERS", "RawRow", "missing_library", "read_rows"]


@attrs.frozen
class RawRow:
    """One row of a table: its cells as text, and where it is (``Sheet1!A7``,
    ``bảng 1, dòng 7``, ``trang 2, bảng 1, dòng 3``, ``dòng 7``)."""

    cells: tuple[str, ...]
    where: str


def missing_library(path: Path, module: str, package: str) -> FileRejected:
    return FileRejected([Problem(str(path), Text("appendix.missing_library",
                                                 suffix=path.suffix, package=package,
                                                 module=module))], source=str(path))


def _reject(path: Path, message: str) -> FileRejected:
    return FileRejected([Problem(str(path), message)], source=str(path))


# ------------------------------------------------------------------ text tables


def _read_delimited(path: Path, delimiter: str) -> list[RawRow]:
    from ..formats.tables import read_text

    text = read_text(path, name=str(path))
    rows = []
    for i, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter),
                              start=1):
        rows.append(RawRow(tuple(tidy(c) for c in cells), f"dòng {i}"))
    return rows


def read_csv(path: Path) -> list[RawRow]:
    return _read_delimited(path, ",")


def read_tsv(path: Path) -> list[RawRow]:
    return _read_delimited(path, "\t")


# ------------------------------------------------------------------------ xlsx


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # a spreadsheet number: its shortest repr is the decimal that was typed
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return tidy(str(value))


def read_xlsx(path: Path) -> list[RawRow]:
    from ..formats.safety import preflight

    preflight(path)
    import openpyxl
    from openpyxl.utils import get_column_letter

    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise _reject(path, Text("appendix.unreadable", kind=Text("appendix.xlsx"),
                                 error=exc)) from exc
    rows: list[RawRow] = []
    for ws in wb.worksheets:
        grid = [[_cell_text(c) for c in r] for r in ws.iter_rows(values_only=True)]
        for rng in ws.merged_cells.ranges:
            top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row <= len(grid) else ""
            for r in range(rng.min_row, min(rng.max_row, len(grid)) + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if c - 1 < len(grid[r - 1]):
                        # down: the text belongs to each row; across: to the first column
                        grid[r - 1][c - 1] = top if c == rng.min_col else ""
        for i, cells in enumerate(grid, start=1):
            first = next((j for j, c in enumerate(cells) if c), 0)
            rows.append(RawRow(tuple(cells), f"{ws.title}!{get_column_letter(first + 1)}{i}"))
    return rows


# ------------------------------------------------------------------------ docx


def read_docx(path: Path) -> list[RawRow]:
    try:
        import docx
    except ImportError as exc:
        raise missing_library(path, "docx", "python-docx") from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a broken file
        raise _reject(path, Text("appendix.unreadable", kind=Text("appendix.docx"),
                                 error=exc)) from exc
    rows: list[RawRow] = []
    # the title block: the paragraphs above the first table
    for i, child in enumerate(document.element.body.iterchildren(), start=1):
        if child.tag.endswith("}tbl"):
            break
        if child.tag.endswith("}p"):
            text = tidy("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
            if text:
                rows.append(RawRow((text,), f"đoạn {i}"))
    for t, table in enumerate(document.tables, start=1):
        for i, row in enumerate(table.rows, start=1):
            cells: list[str] = []
            previous: Any = None
            for cell in row.cells:
                # a cell merged across columns is the same cell object each time
                cells.append("" if cell._tc is previous else tidy(cell.text))
                previous = cell._tc
            rows.append(RawRow(tuple(cells), f"bảng {t}, dòng {i}"))
    if not document.tables:
        raise _reject(path, Text("appendix.no_table"))
    return rows


# ------------------------------------------------------------------------- pdf


_BULLET_LINE = re.compile(r"^(?:[-+•–*]|[a-zđ]\)|\d+\))\s")


def _unwrap(cell: str | None) -> str:
    """A PDF cell's text with the lines its width wrapped joined again; a line that
    starts a bullet (``-``, ``+``, ``a)``) stays a line of its own."""
    lines = tidy(cell).split("\n")
    out = lines[0]
    for line in lines[1:]:
        out += ("\n" if _BULLET_LINE.match(line) else " ") + line
    return out


def read_pdf(path: Path) -> list[RawRow]:
    try:
        import pdfplumber
    except ImportError as exc:
        raise missing_library(path, "pdfplumber", "pdfplumber") from exc
    rows: list[RawRow] = []
    chars = 0
    try:
        with pdfplumber.open(str(path)) as pdf:
            for p, page in enumerate(pdf.pages, start=1):
                chars += len(page.chars)
                for t, table in enumerate(page.extract_tables(), start=1):
                    for i, cells in enumerate(table, start=1):
                        rows.append(RawRow(tuple(_unwrap(c) for c in cells),
                                           f"trang {p}, bảng {t}, dòng {i}"))
    except Exception as exc:  # pdfminer raises many kinds for a broken file
        raise _reject(path, Text("appendix.unreadable", kind=Text("appendix.pdf"),
                                 error=exc)) from exc
    if chars == 0:
        raise _reject(path, Text("appendix.scanned"))
    if not rows:
        raise _reject(path, Text("appendix.pdf_no_table"))
    return rows


READERS: dict[str, Callable[[Path], list[RawRow]]] = {
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    ".csv": read_csv,
    ".tsv": read_tsv,
}


def read_rows(path: str | Path) -> list[RawRow]:
    """Every row of the appendix's table(s), by the file's kind."""
    p = Path(path)
    reader = READERS.get(p.suffix.lower())
    if reader is None:
        kinds = ", ".join(READERS)
        raise _reject(p, Text("appendix.cannot_read_kind",
                              kind=p.suffix or Text("appendix.no_extension"), kinds=kinds))
    if not p.is_file():
        raise _reject(p, Text("file.no_such_file"))
    return reader(p)
