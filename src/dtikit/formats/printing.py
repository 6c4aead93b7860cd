"""Printing a workbook as an officer prints it: page setup, the official
heading and the signature blocks, for the forms and the results alike.

Page setup (every sheet): A4 (A3 for a table wider than :data:`A4_INDICES`
main indices), landscape for tables, the print area, the header rows repeated
on every page, ``Trang &P/&N`` in the footer, margins per Nghị định
30/2020/NĐ-CP (left 30 mm, right 15 mm, top and bottom 20 mm), fitted to
the page width. The column widths are designed so that a table prints at
100 % (12 pt Times New Roman: at least 10 pt even if a program shrinks it
by a sixth): :func:`fit_widths` shares the printable width among the
columns.

The heading and signature rows are given as :class:`PrintLine` s (texts on spans
of columns, in a look) so that both writers — the forms (openpyxl cells) and
the results (rows as XML) — lay them out the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import attrs
from openpyxl.worksheet.page import PageMargins

from ..issuance import NATIONAL_HEADING, Block, Issuance, sign_note

A4, A3 = 9, 8  # openpyxl's paperSize codes
PAPER_MM = {A4: (297, 210), A3: (420, 297)}  # landscape width, height
MARGINS_MM = {"left": 30.0, "right": 15.0, "top": 20.0, "bottom": 20.0,
              "header": 8.0, "footer": 8.0}
"""Page margins per Nghị định 30/2020/NĐ-CP (Phụ lục I): left 30–35 mm, right
15–20 mm, top and bottom 20–25 mm; the lower bound of each."""
FOOTER = "Trang &P/&N"
A4_INDICES = 8
"""A ranking of up to this many main indices prints on A4 landscape at full
size; a wider one on A3 landscape (its columns at the same widths)."""
_MM = 1 / 25.4  # inches
_PX_PER_UNIT, _PX_PAD = 7, 5  # a column of width w is 7·w + 5 pixels (96 dpi)

Look = Literal["plain", "bold", "italic", "title"]


@attrs.frozen
class PrintLine:
    """One printed row: ``(first, last, text, look)`` spans of 1-based columns,
    centred."""

    spans: tuple[tuple[int, int, str, Look], ...]
    height: float | None = None  # points; None: the default


def paper_for(main_indices: int) -> int:
    """A4, or A3 for more than :data:`A4_INDICES` main indices."""
    return A4 if main_indices <= A4_INDICES else A3


def printable_units(paper: int = A4, landscape: bool = True) -> float:
    """The printable width (between the margins) in column-width units."""
    width, height = PAPER_MM[paper]
    mm = (width if landscape else height) - MARGINS_MM["left"] - MARGINS_MM["right"]
    return mm / 25.4 * 96 / _PX_PER_UNIT


def _room(columns: int, paper: int, landscape: bool) -> float:
    """The printable width less each column's 5 pixels of padding."""
    return printable_units(paper, landscape) - columns * (_PX_PAD / _PX_PER_UNIT)


def fit_widths(fixed: Sequence[float | None], paper: int = A4, landscape: bool = True,
               minimum: float = 8.5, maximum: float = 16.0) -> list[float]:
    """Column widths that fill the printable width: the ``fixed`` ones as given,
    the ``None`` ones share the rest equally (between ``minimum`` and
    ``maximum``). Each column's 5 pixels of padding are counted."""
    room = _room(len(fixed), paper, landscape) - sum(w for w in fixed if w)
    free = sum(1 for w in fixed if w is None)
    share = max(minimum, min(maximum, room / free)) if free else 0
    return [w if w is not None else round(share - 0.05, 1) for w in fixed]


def setup_page(ws: Any, *, landscape: bool = True, paper: int = A4, area: str | None = None,
               title_rows: str | None = None, fit: bool = True) -> None:
    """A4 (or A3), margins per Nghị định 30/2020, ``Trang &P/&N`` in the
    footer, the print area and the rows repeated on each page, fitted to the
    page width (the widths are designed to fit at 100 %). On a write-only
    sheet, call it before the first row (:func:`print_range` after).
    ``fit=False`` prints at 100 % (a sheet of charts, one a page: programs
    ignore manual page breaks when they fit to the width)."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = paper
    if fit:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        ws.page_setup.scale = 100
    ws.page_margins = PageMargins(**{k: round(v * _MM, 3) for k, v in MARGINS_MM.items()})
    ws.print_options.horizontalCentered = True
    footer = ws.oddFooter.center
    footer.text = FOOTER
    footer.font = "Times New Roman,Regular"
    footer.size = 11
    print_range(ws, area, title_rows)


def print_range(ws: Any, area: str | None = None, title_rows: str | None = None) -> None:
    """The print area and the rows repeated on each page. (A write-only sheet
    takes its page setup before its first row, these at any time.)"""
    if area:
        ws.print_area = area
    if title_rows:
        ws.print_title_rows = title_rows


def _halves(width: int, left: int | None = None) -> tuple[tuple[int, int], tuple[int, int]]:
    split = left if left is not None else max(1, (width + 1) // 2 - 1 if width > 3 else 1)
    split = min(max(1, split), max(1, width - 1))
    return (1, split), (split + 1, max(split + 1, width))


def heading_lines(issuance: Issuance, width: int, *, fallback_issuer: str | None = None,
                  left: int | None = None) -> list[PrintLine]:
    """The official heading: the issuing body top left; the national heading
    and the place-and-date line top right (blanks where not given)."""
    (a, b), (c, d) = _halves(width, left)
    issuer = issuance.issuer_heading(fallback_issuer)
    return [
        PrintLine(((a, b, issuer, "bold"), (c, d, NATIONAL_HEADING[0], "bold")),
             height=34 if len(issuer) > 20 else 18),  # a long name wraps to two lines
        PrintLine(((c, d, NATIONAL_HEADING[1], "bold"),)),
        PrintLine(((c, d, issuance.place_date(), "italic"),)),
    ]


def signature_lines(blocks: Sequence[Block], width: int, *, space: int = 4) -> list[PrintLine]:
    """Signature blocks side by side (one: on the right): the title lines in
    bold, the note in italics, then ``space`` empty rows to sign in."""
    if not blocks:
        return []
    if len(blocks) == 1:
        spans = [_halves(width)[1]]
    else:
        n = len(blocks)
        size = max(1, width // n)
        spans = [(1 + i * size, width if i == n - 1 else (i + 1) * size) for i in range(n)]
    depth = max(len(b) for b in blocks)
    out: list[PrintLine] = []
    for k in range(depth):
        out.append(PrintLine(tuple((s, e, b[k], "bold") for (s, e), b in zip(spans, blocks)
                              if k < len(b))))
    out.append(PrintLine(tuple((s, e, sign_note(b), "italic") for (s, e), b in zip(spans, blocks))))
    out += [PrintLine(()) for _ in range(space)]
    return out


def fit_to_width(widths: Sequence[float], floors: Sequence[float], paper: int = A4,
                 landscape: bool = True) -> list[float]:
    """Scale column widths to fill the printable width, none below its floor
    (a column of numbers keeps room for ``100,00``): so that the table prints
    at 100 % and its 12 pt text stays 12 pt."""
    room = _room(len(widths), paper, landscape)
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(widths)) if i not in fixed]
        rest = room - sum(fixed.values())
        total = sum(widths[i] for i in free)
        factor = rest / total if total > 0 else 1.0
        low = [i for i in free if widths[i] * factor < floors[i]]
        if not low:
            break
        for i in low:
            fixed[i] = floors[i]
    return [fixed.get(i, round(widths[i] * factor - 0.05, 1)) for i in range(len(widths))]
