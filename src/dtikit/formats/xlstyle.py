"""Writing cells safely and in one house style.

Every text that came from a user or a rubric is written as a *string* cell:
openpyxl would otherwise store ``=HYPERLINK(...)`` (or anything starting with
``=``) as a live formula. Numbers are Decimal and keep their exact value.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..model import nfc

FONT_NAME = "Times New Roman"
POINTS_FORMAT = "0.00"  # two places; see points_format() for a rubric's own
DATE_FORMAT = "dd/mm/yyyy"
MAX_CELL_TEXT = 32_767

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

__all__ = ["Alignment", "Border", "Font", "PatternFill", "Protection", "Side"]  # re-exported for the writers

THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = Font(name=FONT_NAME, size=12)
BOLD = Font(name=FONT_NAME, size=12, bold=True)
TITLE = Font(name=FONT_NAME, size=14, bold=True)
ITALIC = Font(name=FONT_NAME, size=11, italic=True)
RED = Font(name=FONT_NAME, size=12, bold=True, color="C00000")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
PARENT_FILL = PatternFill("solid", fgColor="F2F2F2")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
UNUSED_FILL = PatternFill("solid", fgColor="E7E6E6")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="top")


def points_format(places: int) -> str:
    """The number format of points at ``places`` decimals (``0``, ``0.0``, ``0.00``, …)."""
    return "0" if places <= 0 else "0." + "0" * places


def max_format(value: Decimal, places: int) -> str:
    """A maximum as its source prints it: ``100`` when whole, else at ``places``."""
    return "0" if value == value.to_integral_value() else points_format(places)


def safe_text(text: str) -> str:
    """NFC, without the control characters a workbook cannot hold."""
    out = nfc(text)
    if not out.replace("\n", "").replace("\t", "").isprintable():  # else none: a quick test
        out = _ILLEGAL.sub(" ", out)
    if len(out) > MAX_CELL_TEXT:
        raise ValueError(f"text of {len(out)} characters does not fit in one cell "
                         f"(Excel holds {MAX_CELL_TEXT})")
    return out


def set_value(cell: Any, value: Any) -> Any:
    """Put a value in a cell (normal or write-only): text always as a string cell."""
    if isinstance(value, str):
        cell.value = safe_text(value)
        cell.data_type = "s"  # never a formula, whatever the text starts with
    elif isinstance(value, float):
        raise TypeError("floats are not written; pass a Decimal")
    else:
        cell.value = value
    return cell


def put(ws: Worksheet, row: int, col: int, value: Any, *, font: Font = FONT,
        fill: PatternFill | None = None, align: Alignment | None = None,
        fmt: str | None = None, border: bool = True) -> Cell:
    """Write one cell of a normal-mode sheet (1-based row and column)."""
    cell = ws.cell(row=row, column=col)
    if value is not None:
        set_value(cell, value)
    cell.font = font
    if fill is not None:
        cell.fill = fill
    if align is not None:
        cell.alignment = align
    if fmt is not None:
        cell.number_format = fmt
    elif isinstance(value, Decimal):
        cell.number_format = POINTS_FORMAT
    if border:
        cell.border = BOX
    return cell


def merge(ws: Worksheet, row: int, first: int, last: int, end_row: int | None = None) -> None:
    if last > first or (end_row or row) > row:
        ws.merge_cells(start_row=row, start_column=first, end_row=end_row or row,
                       end_column=last)


class Validations:
    """Data validations of one sheet (normal or write-only), one object per distinct rule."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self._by_rule: dict[tuple[Any, ...], DataValidation] = {}

    def add(self, cell: str, kind: str, *, formula1: str | None = None,
            formula2: str | None = None, operator: str | None = None,
            error: str = "", prompt: str = "") -> None:
        key = (kind, formula1, formula2, operator, error, prompt)
        dv = self._by_rule.get(key)
        if dv is None:
            dv = DataValidation(type=kind, formula1=formula1, formula2=formula2,
                                operator=operator, allow_blank=True, showErrorMessage=True,
                                errorTitle="Giá trị không hợp lệ", error=error[:255],
                                showInputMessage=bool(prompt), prompt=prompt[:255] or None)
            self.ws.data_validations.append(dv)
            self._by_rule[key] = dv
        dv.add(cell)
