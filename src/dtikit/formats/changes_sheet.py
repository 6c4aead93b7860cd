"""The sheet *Thẩm định* of the results workbook: what the appraisal changed
(computed by :func:`dtikit.appraisal.appraisal_changes`, its one home, and
only laid out here)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..appraised import appraisal_changes, cuts_by_agency
from ..assessment import Assessment
from ..model import Rubric
from ..scoring import Scorecard
from . import xlstyle as st
from .xlsx_form import sheet_title

SHEET = "Thẩm định"

HEADERS = ("Đơn vị", "Mã chỉ số", "Chỉ số", "Cơ quan thẩm định", "Điểm tự chấm",
           "Điểm thẩm định", "Chênh lệch", "Ý kiến thẩm định")


def write_changes_sheet(book: Any, cell: Any, used: set[str], rubric: Rubric,
                        cards: Sequence[Scorecard], assessments: Sequence[Assessment]) -> bool:
    """Add the sheet *Thẩm định* to a results workbook being written (``book``:
    its :class:`sheetxml.XmlBook`, ``cell``: its cell styler). Nothing is added
    when no unit was appraised; returns whether the sheet was written."""
    changes = appraisal_changes(rubric, cards, assessments)
    if not changes:
        return False
    name = sheet_title(SHEET, used)
    sheet = book.sheet(book.wb.create_sheet(name))
    sheet.append([cell.plain("NHỮNG GÌ THẨM ĐỊNH ĐÃ THAY ĐỔI", st.TITLE)])
    sheet.append([cell.plain(f"{rubric.title} — {rubric.source.cite()}", st.BOLD)])
    sheet.append([])
    sheet.append([cell.header(h) for h in HEADERS])
    for ch in changes:
        d = ch.delta
        sheet.append([cell(ch.unit_name), cell(ch.code), cell(ch.name), cell(ch.agency),
                      cell(ch.self_points), cell(ch.appraised_points),
                      cell(d if d is not None else None), cell(ch.comment)])
    sheet.append([])
    sheet.append([cell.plain("TỔNG ĐIỂM CẮT GIẢM THEO CƠ QUAN THẨM ĐỊNH", st.BOLD)])
    sheet.append([cell.header(h) for h in ("Cơ quan thẩm định", "Số chỉ số thẩm định",
                                           "Số chỉ số thay đổi", "Điểm cắt giảm",
                                           "Điểm cộng thêm", "Chênh lệch")])
    for cut in cuts_by_agency(changes):
        sheet.append([cell(cut.agency), cell(cut.appraised), cell(cut.changed),
                      cell(cut.cut), cell(cut.added), cell(cut.net)])
    return True
