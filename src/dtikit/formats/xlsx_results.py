"""The results table in the layout provinces publish (seed 004): title rows,
then Xếp hạng | Đơn vị | one column per main index with "(N điểm)" | Tổng
điểm | Xếp loại, the declared conversions (e.g. CCHC points) after it, and
the excluded units below with their reasons.

Per rubric (tier) three sheets: the ranking with a bar chart of totals; a
chart sheet with one radar per unit (its main indices as a percentage of
each maximum — indices of 100 and 200 points share one scale — against the
cohort's average: one radar per unit stays readable where one radar with a
hundred series does not); and each unit's per-indicator breakdown (self,
appraised, final points and the trace). Written in write-only mode, the
rows of every sheet as XML text (:mod:`.sheetxml`).

Large cohorts (a province's hundreds of communes are fine; a country's
10,000 are not what charts are for) follow two rules, so that a workbook
never passes Excel's limits (16,384 columns, 1,048,576 rows) and the
export stays close to the time of writing the ranking itself:

* radars: one chart per unit for the first :data:`RADAR_UNITS` (50) units
  of the ranking, and the percentage table for those units; the average is
  the whole cohort's. Above that, a note in row 4 says so and where the rest
  are (the ranking sheet, the HTML report, the JSON results);
* breakdown (``breakdown="auto"``, the default): every unit up to
  :data:`BREAKDOWN_UNITS` (1,000, about 150,000 rows for the largest
  rubric); above that, the first 1,000 in ranking order, then the excluded
  units, with a note in row 4. ``breakdown=True`` writes every unit,
  continued on further sheets (``Chi tiết - 2``, …) before Excel's row limit,
  a unit's rows never split; ``breakdown=False`` leaves the sheet out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from itertools import repeat
from operator import add
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.chart import BarChart, RadarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange

from ..assessment import Assessment
from ..engine.plan import gc_paused
from ..issuance import NO_ISSUANCE, Issuance, basis_text, signatures
from ..model import Rubric
from ..numbers import ZERO, format_vi, quantize
from ..ranking import Results, RowColumns
from ..scoring import Finding, NodeBlock, Scorecard, node_block, trace
from ..vocabulary import FINDING
from . import printing
from . import xlstyle as st
from .changes_sheet import write_changes_sheet
from .sheetxml import Cell, Row, Sheet, Style, XmlBook
from .spec import META_SHEET
from .values import number_cell

Entry = tuple[Rubric, Results, Sequence[Scorecard]]

SAMPLE_BANNER = "DỮ LIỆU MẪU - KHÔNG PHẢI KẾT QUẢ CHÍNH THỨC"
EXCLUDED_TITLE = "ĐƠN VỊ KHÔNG ĐƯỢC XẾP HẠNG"
_TIER_SHORT = {"department": "Sở ngành", "district": "Cấp huyện", "commune": "Cấp xã",
               "province": "Cấp tỉnh"}
HEADER_ROW = 5  # 1-based: the header of the chart and breakdown sheets' tables
NOTE_ROW = 4  # 1-based: the note saying a sheet covers part of a large cohort
RANKING_HEADER_ROW = 9
"""1-based: the ranking table's header, under the official heading (rows 1-3),
PHỤ LỤC, the title, the decision's caption, the rubric followed (rows 4-7)
and the sample banner (row 8)."""
RANKING_SCOPE = "Phạm vi xếp hạng"
MEAN = "Bình quân"
CHART_ROWS_A4 = 44
"""Rows of default height in one printed page of a portrait chart sheet: each
chart starts a page and fits in it."""

RADAR_UNITS = 50
"""Radar charts (and their percentage table) for at most this many units."""
BREAKDOWN_UNITS = 1_000
"""``breakdown="auto"`` writes the per-indicator breakdown of at most this many units."""
EXCEL_ROWS = 1_048_576
"""Rows of one sheet (Excel's limit): the breakdown continues on a new sheet before it."""
REST_ELSEWHERE = ("bảng Xếp hạng, báo cáo HTML (dtikit score --report) hoặc dữ liệu JSON "
                  "(dtikit score --json)")


class _Look:
    """Cells of one look (font, fill, alignment, number format, border): a
    Decimal as :func:`number_cell` says, in the points format unless the look
    has its own; anything else as it is. Resolved once, called per cell; each
    style registered when first used (the workbook's styles in the order of
    their first cell, as when every cell was styled one by one)."""

    __slots__ = ("_cells", "_key", "_points", "_text")

    def __init__(self, cells: _Cells, key: tuple[Any, Any, Any, str | None, bool]) -> None:
        self._cells, self._key = cells, key
        self._text: Style | None = None
        self._points: Style | None = None

    def __call__(self, value: Any) -> Cell:
        if isinstance(value, Decimal):
            points = self._points
            if points is None:
                font, fill, align, fmt, border = self._key
                points = self._points = self._cells.style(
                    font, fill, align, fmt or self._cells.points_format, border)
            return number_cell(value), points
        text = self._text
        if text is None:
            text = self._text = self._cells.style(*self._key)
        return value, text


class _Cells:
    """Cells ``(value, style)`` in the house style, for :class:`sheetxml.Sheet`.

    Each combination of font, fill, alignment, number format and border is
    registered with the workbook once (openpyxl would otherwise hash every
    style object again for every cell); a Decimal is written as
    :func:`number_cell` says, in the points format unless told otherwise.
    Loops over many rows take a :meth:`look` once and call it per cell."""

    def __init__(self, book: XmlBook, places: int = 2) -> None:
        self.book = book
        self.points_format = st.points_format(places)
        self._styles: dict[tuple[int, int, int, str | None, bool], Style] = {}
        self._looks: dict[tuple[int, int, int, str | None, bool], _Look] = {}
        self._keep: list[Any] = []  # the style objects keyed by id(), kept alive

    def style(self, font: Any = st.FONT, fill: Any = None, align: Any = None,
              fmt: str | None = None, border: bool = True) -> Style:
        key = (id(font), id(fill), id(align), fmt, border)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = self.book.style(
                font=font, fill=fill, alignment=align, number_format=fmt,
                border=st.BOX if border else None)
            self._keep.append((font, fill, align))
        return style

    def look(self, font: Any = st.FONT, fill: Any = None, align: Any = None,
             fmt: str | None = None, border: bool = True) -> _Look:
        key = (id(font), id(fill), id(align), fmt, border)
        look = self._looks.get(key)
        if look is None:
            look = self._looks[key] = _Look(self, (font, fill, align, fmt, border))
        return look

    def __call__(self, value: Any, *, font: Any = st.FONT, fill: Any = None, align: Any = None,
                 fmt: str | None = None, border: bool = True) -> Cell:
        return self.look(font, fill, align, fmt, border)(value)

    def header(self, value: str) -> Cell:
        return self(value, font=st.BOLD, fill=st.HEADER_FILL, align=st.CENTER)

    def plain(self, value: Any, font: Any = st.FONT) -> Cell:
        return self(value, font=font, border=False)

    def lines(self, sheet: Sheet, lines: Sequence[printing.PrintLine]) -> None:
        """Heading or signature rows: each text centred on its merged span."""
        fonts = {"plain": st.FONT, "bold": st.BOLD, "italic": st.ITALIC, "title": st.TITLE}
        for line in lines:
            row = sheet.row + 1
            if line.height:
                sheet.ws.row_dimensions[row].height = line.height
            cells: list[Cell | None] = []
            for first, last, text, look in line.spans:
                cells += [None] * (first - 1 - len(cells))
                cells.append(self(text, font=fonts[look], align=st.CENTER, border=False))
                if last > first:
                    sheet.ws.merged_cells.add(
                        f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}")
            sheet.append(cells)


def _merge(ws: Any, row: int, width: int) -> None:
    if width > 1:
        ws.merged_cells.add(f"A{row}:{get_column_letter(width)}{row}")


def _tier_label(rubric: Rubric, entries: Sequence[Entry]) -> str:
    base = _TIER_SHORT.get(rubric.tier.key, rubric.tier.name or rubric.tier.key)
    same = [e for e in entries if e[0].tier.key == rubric.tier.key]
    return f"{base} {rubric.year}" if len(same) > 1 else base


def _sheet_names(entries: Sequence[Entry], used: set[str]) -> list[tuple[str, str, str]]:
    from .xlsx_form import sheet_title

    if len(entries) == 1:
        return [(sheet_title("Xếp hạng", used), sheet_title("Biểu đồ", used),
                 sheet_title("Chi tiết", used))]
    out = []
    for rubric, _, _ in entries:
        label = _tier_label(rubric, entries)
        out.append((sheet_title(f"Xếp hạng {label}", used), sheet_title(f"Biểu đồ {label}", used),
                    sheet_title(f"Chi tiết {label}", used)))
    return out


# ------------------------------------------------------------ the ranking


def _columns(rubric: Rubric, results: Results, rc: RowColumns, year: int) -> list[str]:
    places = rubric.rounding.places
    cols = [f"Xếp hạng DTI năm {year}", "Đơn vị"]
    cols += [f"{name} ({format_vi(mx, places, trim=False, whole=True)} điểm)"
             for _, name, mx in results.columns]
    cols.append(f"Tổng điểm ({format_vi(rubric.scale, places, trim=False, whole=True)} điểm)")
    if rubric.classification is not None:  # no empty class column without bands
        cols.append("Xếp loại")
    cols += [label for _, label in results.conversions]
    if any(m != rubric.scale for m in rc.applicable_max):
        cols.append("Điểm tối đa áp dụng")
    if len(set(rc.group)) > 1:  # one scope for all: said once above the table
        cols.append(RANKING_SCOPE)
    return cols


def _title_rows(sheet: Sheet, cell: _Cells, rubric: Rubric, sample: bool, width: int,
                title: str, note: str | None = None) -> None:
    ws = sheet.ws
    ws.row_dimensions[1].height = 40
    ws.row_dimensions[2].height = 32
    sheet.append([cell(title, font=st.TITLE, align=st.CENTER, border=False)])
    _merge(ws, 1, width)
    sheet.append([cell(basis_text(rubric), font=st.ITALIC, align=st.CENTER, border=False)])
    _merge(ws, 2, width)
    sheet.append([cell(SAMPLE_BANNER, font=st.RED, align=st.CENTER, border=False)]
                 if sample else [])
    if sample:
        _merge(ws, 3, width)
    if note:  # row 4: this sheet covers part of the cohort
        sheet.append([cell(note, font=st.ITALIC, border=False)])
    else:
        sheet.append([])


def _lines(text: str, width: float, per_unit: float = 1.0) -> int:
    """Lines a 12 pt text takes wrapped in a column of ``width`` (an estimate:
    about one character of Times New Roman a unit of width, 0.95 in bold)."""
    per_line = max(4, int(width * per_unit))
    n, used = 1, 0
    for w in text.split():
        if used and used + 1 + len(w) > per_line:
            n, used = n + 1, len(w)
        else:
            used += (1 if used else 0) + len(w)
    return n


def _header_height(labels: Sequence[str], widths: Sequence[float]) -> float:
    """Points for a header row whose labels wrap in their columns (12 pt bold)."""
    lines = max((_lines(label, width, 0.95) for label, width in zip(labels, widths)), default=1)
    return min(409.0, 16.0 * lines + 6)


def _ranking_sheet(sheet: Sheet, cell: _Cells, rubric: Rubric, results: Results,
                   rc: RowColumns, issuance: Issuance = NO_ISSUANCE) -> int:
    """Write the ranking as the decision's appendix (seed 004): the official
    heading, PHỤ LỤC, the title with the round's year, the decision's caption,
    the table, the excluded units, the signatures. Return the last data row."""
    ws = sheet.ws
    head = RANKING_HEADER_ROW
    cols = _columns(rubric, results, rc, issuance.round_year(rubric))
    width = len(cols)
    paper = printing.paper_for(len(results.columns))
    fixed: list[float | None] = [6.0, 22.0] + [None] * (width - 2)
    if "Xếp loại" in cols:
        fixed[cols.index("Xếp loại")] = 11.0
    if RANKING_SCOPE in cols:
        fixed[-1] = 13.0
    widths = printing.fit_widths(fixed, paper, minimum=8.0)
    free = [i for i, w in enumerate(fixed) if w is None]
    spare = sum(widths[i] - 9.5 for i in free if widths[i] > 9.5)
    if spare > 0:  # room beyond what a number needs goes to the units' names
        widths = [min(w, 9.5) if i in free else w for i, w in enumerate(widths)]
        widths[1] = round(widths[1] + spare - 0.05, 1)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = f"C{head + 1}"
    ws.row_dimensions[head].height = _header_height(cols, widths)
    printing.setup_page(ws, paper=paper)
    cell.lines(sheet, printing.heading_lines(issuance, width, left=2))
    big = printing.PrintLine(((1, width, "PHỤ LỤC", "title"),), height=22)
    cell.lines(sheet, [big, printing.PrintLine(((1, width, issuance.results_title(rubric), "bold"),)),
                       printing.PrintLine(((1, width, issuance.appendix_caption(), "italic"),))])
    basis = basis_text(rubric)
    scopes = set(rc.group)
    if len(scopes) == 1 and None not in scopes:
        basis += f"\n{RANKING_SCOPE}: {next(iter(scopes))}"
    ws.row_dimensions[sheet.row + 1].height = 48 if "\n" in basis else 32
    sheet.append([cell(basis, font=st.ITALIC, align=st.CENTER, border=False)])
    _merge(ws, sheet.row, width)
    sheet.append([cell(SAMPLE_BANNER, font=st.RED, align=st.CENTER, border=False)]
                 if results.sample else [])
    if results.sample:
        _merge(ws, sheet.row, width)
    sheet.append([cell.header(c) for c in cols])
    classes = rubric.classification is not None
    extra_max = "Điểm tối đa áp dụng" in cols
    groups = RANKING_SCOPE in cols
    places = rubric.rounding.places
    rank, plain = cell.look(align=st.CENTER, fmt="0"), cell.look()
    bold, center = cell.look(font=st.BOLD), cell.look(align=st.CENTER)
    name = cell.look(align=st.WRAP)
    points_of = list(zip(*rc.points)) if rc.points else [()] * len(rc.rank)
    name_width = widths[1]
    group_width = widths[-1] if groups else 0.0
    for k, points in enumerate(points_of):
        # a long name wraps: the row's height said (no program grows it on opening)
        lines = _lines(rc.unit[k].name, name_width)
        if groups:
            lines = max(lines, _lines(rc.group[k] or "", group_width))
        if lines > 1:
            ws.row_dimensions[sheet.row + 1].height = 15.75 * lines + 2
        values = [rank(rc.rank[k]), name(rc.unit[k].name), *[plain(p) for p in points],
                  bold(rc.total[k])]
        if classes:
            values.append(center(rc.class_label[k] or None))
        if results.conversions:
            conv = dict(rc.conversions[k])
            values += [plain(conv.get(key)) for key, _ in results.conversions]
        if extra_max:
            mx = rc.applicable_max[k]
            values.append(cell(mx, fmt=st.max_format(mx, places)))
        if groups:
            values.append(name(rc.group[k]))
        sheet.append(values)
    last = head + len(results.rows)
    _excluded(sheet, cell, results, width)
    sheet.append([])
    cell.lines(sheet, printing.signature_lines(signatures(rubric, "results"), width))
    printing.print_range(ws, f"A1:{get_column_letter(width)}{sheet.row}", f"{head}:{head}")
    return last


def _excluded(sheet: Sheet, cell: _Cells, results: Results, width: int) -> None:
    """The units left out, below the ranking: the reason spans the index columns."""
    if not results.excluded:
        return
    ws = sheet.ws
    sheet.append([])
    sheet.append([cell.plain(EXCLUDED_TITLE, st.BOLD)])
    start = sheet.row  # 1-based row of the title
    last = max(width - 1, 4)
    sheet.append([cell.header("STT"), cell.header("Đơn vị"), cell.header("Lý do"),
                  *(cell.header("") for _ in range(3, last)),
                  cell.header("Tổng điểm (nếu có)")])
    center, plain, wrap = cell.look(align=st.CENTER), cell.look(), cell.look(align=st.WRAP)
    for i, ex in enumerate(results.excluded, start=1):
        sheet.append([center(i), wrap(ex.unit.name), wrap(ex.message),
                      *(plain(None) for _ in range(3, last)), plain(ex.total)])
    # the reason spans C…: added at once (MultiCellRange.add checks every range so far)
    end = get_column_letter(last)
    ws.merged_cells = MultiCellRange([
        *ws.merged_cells.ranges,
        *(CellRange(f"C{row}:{end}{row}")
          for row in range(start + 1, start + 2 + len(results.excluded)))])


# ---------------------------------------------------------------- charts


def _percent(points: Decimal | None, maximum: Decimal) -> Decimal:
    if points is None or maximum == 0:
        return ZERO
    return quantize(points * 100 / maximum, 2)


def _break_before(ws: Any, row: int) -> None:
    from openpyxl.worksheet.pagebreak import Break

    if row > 1:
        ws.row_breaks.append(Break(id=row - 1))


def _bar_chart(ws: Any, ranking: Any, results: Results, shown: int, anchor_row: int) -> None:
    """The totals of the first ``shown`` units of the ranking, rank 1 at the top,
    on one page (at most :data:`CHART_ROWS_A4` rows high)."""
    if not results.rows or shown <= 0:
        return
    head = RANKING_HEADER_ROW
    total_col = 3 + len(results.columns)
    last = head + shown
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = "Tổng điểm DTI"
    chart.legend = None
    data = Reference(ranking, min_col=total_col, min_row=head, max_row=last)
    cats = Reference(ranking, min_col=2, min_row=head + 1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.x_axis.scaling.orientation = "maxMin"  # rank 1 at the top
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.majorGridlines = None
    chart.height = min(CHART_ROWS_A4 * 0.5 - 1, max(7.5, 0.42 * shown + 3))
    chart.width = 15.5
    _break_before(ws, anchor_row)
    ws.add_chart(chart, f"A{anchor_row}")


def _radar_sheet(sheet: Sheet, cell: _Cells, rubric: Rubric, results: Results, rc: RowColumns,
                 limit: int = RADAR_UNITS, ranking: Any = None,
                 issuance: Issuance = NO_ISSUANCE) -> None:
    """The charts: a table of percentages (a row per unit, a column per main
    index, the cohort's mean first), the bar chart of totals, and a radar per
    unit — for the first ``limit`` units of the ranking (a note says where the
    rest are); no radar for a rubric of fewer than three main indices. Each
    chart starts a printed page (portrait A4) and fits in it."""
    ws = sheet.ws
    n = len(rc.unit)
    shown = rc.unit[:max(0, limit)]
    n_idx = len(results.columns)
    width = max(2, n_idx + 1)
    widths = printing.fit_widths([30.0] + [None] * n_idx, landscape=False, minimum=6)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    printing.setup_page(ws, landscape=False, fit=False)
    note = None
    if len(shown) < n:
        note = (f"Biểu đồ của {len(shown)} đơn vị đầu bảng xếp hạng (trên tổng số {n}); "
                f"bình quân của cả {n} đơn vị. Các đơn vị còn lại: xem {REST_ELSEWHERE}.")
    year = issuance.round_year(rubric)
    _title_rows(sheet, cell, rubric, results.sample, width,
                f"CHỈ SỐ CHÍNH THEO TỶ LỆ ĐIỂM ĐẠT ĐƯỢC (%) SO VỚI ĐIỂM TỐI ĐA - NĂM {year}", note)
    labels = ["Đơn vị", *(name for _, name, _ in results.columns)]
    ws.row_dimensions[HEADER_ROW].height = _header_height(labels, widths)
    sheet.append([cell.header(h) for h in labels])
    pct = cell.look(fmt="0.00")
    columns = [[_percent(p, m) for p, m in zip(rc.points[i], rc.maxima[i])]
               for i in range(n_idx)]
    means = [quantize(sum(c, ZERO) / n, 2) if n else ZERO for c in columns]
    sheet.append([cell(MEAN, font=st.BOLD), *(pct(m) for m in means)])
    for k, unit in enumerate(shown):
        sheet.append([cell(unit.name), *(pct(c[k]) for c in columns)])
    start = sheet.row + 2
    if ranking is not None and results.rows:
        _bar_chart(ws, ranking, results, len(shown), start)
        start += CHART_ROWS_A4
    if n_idx >= 3:  # a radar of one or two axes shows nothing
        for k in range(len(shown)):
            radar = RadarChart()
            radar.type = "marker"
            radar.style = 26
            radar.title = st.safe_text(f"{k + 1}. {shown[k].name}")  # no control chars
            row = HEADER_ROW + 2 + k
            radar.add_data(Reference(ws, min_col=1, max_col=1 + n_idx, min_row=row),
                           from_rows=True, titles_from_data=True)
            radar.add_data(Reference(ws, min_col=1, max_col=1 + n_idx, min_row=HEADER_ROW + 1),
                           from_rows=True, titles_from_data=True)
            radar.set_categories(Reference(ws, min_col=2, max_col=1 + n_idx,
                                           min_row=HEADER_ROW, max_row=HEADER_ROW))
            radar.y_axis.delete = True
            radar.y_axis.scaling.min = 0
            radar.y_axis.scaling.max = 100
            radar.height, radar.width = 14, 15.5
            _break_before(ws, start)
            ws.add_chart(radar, f"A{start}")
            start += CHART_ROWS_A4
    end = max(sheet.row, start - 1)
    printing.print_range(ws, f"A1:{get_column_letter(width)}{end}")


# -------------------------------------------------------------- breakdown

_BREAKDOWN = ("Đơn vị", "Mã chỉ số", "Chỉ số", "Điểm tối đa", "Điểm tối đa áp dụng",
              "Tự đánh giá", "Thẩm định", "Điểm đạt được (sau thẩm định)", "Cơ quan thẩm định",
              "Diễn giải")
_BREAKDOWN_WIDTHS = (18.0, 7.0, 27.0, 8.5, 8.5, 8.5, 8.5, 9.5, 12.0, None)


def _breakdown_title(sheet: Sheet, cell: _Cells, rubric: Rubric, results: Results,
                     note: str | None) -> None:
    ws = sheet.ws
    widths = printing.fit_widths(_BREAKDOWN_WIDTHS)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    ws.row_dimensions[HEADER_ROW].height = _header_height(_BREAKDOWN, widths)
    printing.setup_page(ws)
    _title_rows(sheet, cell, rubric, results.sample, len(_BREAKDOWN),
                "CHI TIẾT ĐIỂM THEO TỪNG CHỈ SỐ (TỰ ĐÁNH GIÁ, THẨM ĐỊNH, ĐIỂM ĐẠT ĐƯỢC)", note)
    sheet.append([cell.header(h) for h in _BREAKDOWN])


def _breakdown_printed(sheet: Sheet) -> None:
    """A breakdown sheet written: its print area, the header row on every page."""
    end = f"{get_column_letter(len(_BREAKDOWN))}{max(sheet.row, HEADER_ROW)}"
    printing.print_range(sheet.ws, f"A1:{end}", f"{HEADER_ROW}:{HEADER_ROW}")


def _breakdown_sheet(book: XmlBook, cell: _Cells, name: str, used: set[str], rubric: Rubric,
                     results: Results, rc: RowColumns, cards: Mapping[str, Scorecard],
                     breakdown: bool | str = "auto",
                     limit: int = BREAKDOWN_UNITS, max_rows: int = EXCEL_ROWS) -> None:
    """Each unit's rows (ranked units in ranking order, then the excluded), by the
    rule of ``breakdown`` (see the module's docstring)."""
    from .xlsx_form import sheet_title

    if breakdown not in (True, False, "auto"):
        raise ValueError(f"breakdown must be True, False or 'auto', not {breakdown!r}")
    if breakdown is False:
        return
    ranked = [u.id for u in rc.unit if u.id in cards]
    excluded = [e.unit.id for e in results.excluded if e.unit.id in cards]
    note = None
    if breakdown == "auto" and len(ranked) + len(excluded) > limit:
        kept = ranked[:max(0, limit - len(excluded))]
        note = (f"Chi tiết của {len(kept)} đơn vị đầu bảng xếp hạng và {len(excluded)} đơn vị "
                f"không được xếp hạng (trên tổng số {len(ranked) + len(excluded)}; tối đa "
                f"{limit}). Các đơn vị còn lại: xem {REST_ELSEWHERE}; hoặc ghi đủ với "
                "breakdown=True.")
        ranked = kept
    sheet = book.sheet(book.wb.create_sheet(name))
    _breakdown_title(sheet, cell, rubric, results, note)
    rows, part = HEADER_ROW, 1
    writer = _UnitRows(cell, rubric)
    order = ranked + excluded
    with gc_paused():  # millions of new strings and tuples, no cycle among them
        for start in range(0, len(order), _BLOCK):
            for unit in writer.units(book, [cards[uid] for uid in order[start:start + _BLOCK]]):
                need = len(writer.rows) + len(unit.rest)
                if rows + need > max_rows and rows > HEADER_ROW:
                    _breakdown_printed(sheet)
                    part += 1
                    suffix = f" - {part}"
                    sheet = book.sheet(book.wb.create_sheet(
                        sheet_title(name[:31 - len(suffix)] + suffix, used)))
                    _breakdown_title(sheet, cell, rubric, results,
                                     f"Tiếp theo sheet {name} (phần {part}).")
                    rows = HEADER_ROW
                writer.write(sheet, unit)
                rows += need
    _breakdown_printed(sheet)


_BLOCK = 256  # units whose nodes are read off the engine, traced and made into XML at once
_TRACES = 1 << 12  # traces remembered per node while one breakdown is written
_ROWS = 1 << 10  # rows (after the unit's name) remembered per node while one is written
_TAILS = 1 << 16  # cells remembered per slot (a parent's or a leaf's) while one is written


class _Unit:
    """One unit's breakdown, made with its block: its rows' bodies (the
    direct writer) or their slots' values column by column, and its findings
    on no node."""

    __slots__ = ("bodies", "card", "columns", "rest")

    def __init__(self, card: Scorecard, rest: Sequence[Finding], bodies: Sequence[str] | None,
                 columns: Sequence[Sequence[Any]] | None) -> None:
        self.card, self.rest, self.bodies, self.columns = card, rest, bodies, columns


class _UnitRows:
    """Units' breakdown rows: one per node of the rubric, then a unit's findings
    on no node. A node's row is a :class:`sheetxml.Row` made once (its code,
    name and maximum fixed; the unit's figures in slots); the figures come
    from :func:`scoring.node_block` (a block of units off the engine's arrays,
    node by node, no NodeScore built), the trace from :func:`scoring.trace`
    (the text of :func:`scoring.explain`) once per distinct figures, followed
    by the unit's findings on that node (``Lưu ý: …``, as ``dtikit explain``
    prints them). The direct writer makes each node's rows of a block at once:
    each slot's cell once per distinct value (the engine gives equal points as
    one object), each row one ``%`` of its template's body."""

    def __init__(self, cell: _Cells, rubric: Rubric) -> None:
        plain, wrap = cell.look(), cell.look(align=st.WRAP)
        looks = {False: (plain, wrap),
                 True: (cell.look(font=st.BOLD), cell.look(font=st.BOLD, align=st.WRAP))}  # parents
        self.cell, self.plain, self.wrap = cell, plain, wrap
        self.places = places = rubric.rounding.places
        self.nodes = list(rubric.walk())
        self.codes = tuple(n.code for n in self.nodes)
        self.index = {code: i for i, code in enumerate(self.codes)}
        self.children = [[self.index[c.code] for c in n.children] for n in self.nodes]

        def whole(font: Any) -> Callable[[Decimal], Cell]:  # a maximum as its source prints it
            return lambda value: cell(value, font=font, fmt=st.max_format(value, places))

        maxima = {False: whole(st.FONT), True: whole(st.BOLD)}
        self.rows: list[Row] = []
        self.slots: list[list[Any]] = []  # each row's slot functions (a cell per value)
        for node in self.nodes:
            parent = bool(node.children)
            look, wrapped = looks[parent]
            mx = maxima[parent]
            self.rows.append(Row([look, look(node.code), wrapped(node.name), mx(node.max),
                                  mx, look, look, look, plain, wrap]))
            self.slots.append([look, mx, look, look, look, plain, wrap])
        self._traces_seen: list[dict[tuple[Any, ...], str]] = [{} for _ in self.nodes]
        self._rows_seen: list[dict[tuple[Any, ...], str]] = [{} for _ in self.nodes]
        self._styled = False  # the styles registered in the order of the first unit's cells
        self._tails_seen: dict[Any, tuple[dict[int, str], dict[int, Any]]] = {}

    def findings(self, card: Scorecard) -> tuple[dict[int, list[str]], list[Finding]]:
        """The unit's findings: by node (the row they fold into), and the rest."""
        notes: dict[int, list[str]] = {}
        rest: list[Finding] = []
        index = self.index
        for f in card.findings:
            i = index.get(f.code) if f.code is not None else None
            if i is None:
                rest.append(f)
            else:
                notes.setdefault(i, []).append(f.message)
        return notes, rest

    def units(self, book: XmlBook, cards: Sequence[Scorecard]) -> list[_Unit]:
        """The breakdown of ``cards``, made as one block, unit by unit."""
        block = node_block(cards, self.codes)
        found = [self.findings(c) for c in cards]
        noted: list[dict[int, tuple[str, ...]]] = [{} for _ in self.nodes]
        for u, (notes, _) in enumerate(found):
            for i, messages in notes.items():
                noted[i][u] = tuple(messages)
        names = [c.unit.name for c in cards]
        rows = self.rows
        slots = [block.applicable_max, block.self_points, block.appraised_points,
                 block.final_points, block.appraised_by]
        if not (book.direct and all((r.body_format(book) or "").startswith("<c%s")
                                    for r in rows)):
            traces = self._traces(block, noted)
            n = block.size
            return [_Unit(card, rest, None, [[names[u]] * len(rows),
                                             *[slot[u::n] for slot in slots], traces[u::n]])
                    for u, (card, (_, rest)) in enumerate(zip(cards, found))]
        if not self._styled and cards:  # as append_block would meet them: a column at a time
            self._styled = True
            first: list[list[Any]] = [[names[0]] * len(rows),
                                      *[list(s[::block.size]) for s in slots],
                                      [self._node_traces(block, i, [0], noted[i])[0]
                                       for i in range(len(rows))]]
            for k, values in enumerate(first):
                for row, value in zip(rows, values):
                    row.cell(k, value)
        per_unit: list[tuple[str, ...]] = list(zip(*self._bodies(book, block, noted, names)))
        return [_Unit(card, rest, bodies, None)
                for card, (_, rest), bodies in zip(cards, found, per_unit)]

    def _bodies(self, book: XmlBook, block: NodeBlock,
                noted: Sequence[Mapping[int, tuple[str, ...]]],
                names: list[str]) -> list[list[str]]:
        """Every node's rows of the block (node by node, unit by unit), as the
        bodies of its template (:meth:`Row.body_format`). A row is its unit's
        name and what follows it, made once per distinct figures (those of its
        trace, and its self and appraised points: the same objects for equal
        points, as the engine gives them) and remembered from block to block;
        each cell of those once per distinct value (:meth:`_tails`)."""
        node = block.node
        fields = (block.applicable_max, block.self_points, block.appraised_points,
                  block.final_points, block.appraised_by)
        heads: dict[Any, list[str]] = {}
        out: list[list[str]] = []
        for i, (row, kids) in enumerate(zip(self.rows, self.children)):
            fns = self.slots[i]
            head = heads.get(fns[0])
            if head is None:  # "<c" and the name's cell
                head = heads[fns[0]] = ["<c" + t for t in self._tails(book, row, 0, fns[0], names)]
            app, own, appraised, final, by = [node(f, i) for f in fields]
            here = noted[i]
            found: Any = repeat(None)  # the unit's findings on the node
            if here:
                found = [None] * block.size
                for u, messages in here.items():
                    found[u] = messages
            keys: list[tuple[Any, ...]] = list(  # every figure of the row and of its trace
                zip(final, app, own, appraised, by, found,
                    *[node(block.final_points, k) for k in kids])
                if kids else zip(final, app, own, appraised, by, found,
                                 node(block.self_rule, i), node(block.final_rule, i)))
            seen = self._rows_seen[i]
            rests: list[str | None] = list(map(seen.get, keys))
            if None in rests:
                if len(seen) >= _ROWS:
                    seen.clear()
                miss = [u for u, rest in enumerate(rests) if rest is None]
                first = list({keys[u]: u for u in reversed(miss)}.values())  # one per key
                cells = [self._tails(book, row, k, fns[k], [col[u] for u in first])
                         for k, col in enumerate((app, own, appraised, final, by), start=1)]
                # a trace's text is new: its cell made (its text shared once), not remembered
                cells.append(book.slot_tails(row, 6, self._node_traces(block, i, first, here)))
                fmt = row.body_format(book)[4:]  # type: ignore[index]  # after "<c%s"
                for u, made in zip(first, [fmt % t for t in zip(*cells)]):
                    seen[keys[u]] = made
                for u in miss:
                    rests[u] = seen[keys[u]]
            out.append(list(map(add, head, rests)))  # no None left
        return out

    def _node_traces(self, block: NodeBlock, i: int, units: Sequence[int],
                     here: Mapping[int, Sequence[str]]) -> list[str]:
        """Node ``i``'s trace for each of the ``units`` of ``block`` (their
        numbers in it; :func:`scoring.trace`), a unit's findings on the node
        after it (``here``: by unit)."""
        node, places = self.nodes[i], self.places
        at = block.node
        final, app, by = (at(block.final_points, i), at(block.applicable_max, i),
                          at(block.appraised_by, i))
        srule, frule = at(block.self_rule, i), at(block.final_rule, i)
        kids = [at(block.final_points, k) for k in self.children[i]]
        texts = [trace(node, places, final[u], app[u], parts=[kid[u] for kid in kids],
                       self_rule=srule[u], final_rule=frule[u], appraised_by=by[u])
                 for u in units]
        for k, u in enumerate(units):
            if u in here:
                texts[k] += "".join(f"\n{FINDING}: {m}" for m in here[u])
        return texts

    def _tails(self, book: XmlBook, row: Row, k: int, fn: Any,
               values: Sequence[Any]) -> list[str]:
        """The cells of ``values`` in slot ``k`` of ``row`` after ``<c``
        (remembered per slot function ``fn``: the same cell in every slot of it)."""
        got = self._tails_seen.get(fn)
        if got is None:
            got = self._tails_seen[fn] = ({}, {})
        seen, kept = got
        tails = list(map(seen.get, map(id, values)))
        if None not in tails:
            return tails  # type: ignore[return-value]  # no None
        ids = list(map(id, values))
        missing = set(ids).difference(seen)  # (a set less a dict: the set's keys looked up)
        if missing:
            new = dict(zip(ids, values))
            if len(seen) + len(missing) > _TAILS:
                seen.clear()
                kept.clear()
                missing = set(new)
            keys = list(missing)
            values = [new[key] for key in keys]
            for key, value, text in zip(keys, values, book.slot_tails(row, k, values)):
                kept[key] = value  # alive while remembered: its id stays its own
                seen[key] = text
        return list(map(seen.__getitem__, ids))

    def write(self, sheet: Sheet, unit: _Unit) -> None:
        """A unit's rows (made by :meth:`units`), then its findings on no node."""
        if unit.bodies is not None:
            sheet.append_bodies(self.rows, unit.bodies)
        else:
            assert unit.columns is not None
            sheet.append_block(self.rows, unit.columns)
        plain = self.plain
        name = unit.card.unit.name
        for f in unit.rest:
            sheet.append([plain(name), plain(f.code), self.cell(FINDING, font=st.ITALIC),
                          *(plain(None) for _ in range(6)), self.wrap(f.message)])

    def _traces(self, block: NodeBlock,
                noted: Sequence[Mapping[int, tuple[str, ...]]]) -> list[str]:
        """Every node's trace (:meth:`_node_traces`) for each unit of the block,
        node by node (as the block's fields): made once per distinct figures
        (a parent's: its points, maximum and its children's points; a leaf's:
        its points, maximum, rules and appraising agency; its findings)."""
        node = block.node
        finals, app = block.final_points, block.applicable_max
        srule, frule, by = block.self_rule, block.final_rule, block.appraised_by
        out: list[str] = []
        for i, kids in enumerate(self.children):
            keys: list[tuple[Any, ...]] = list(
                zip(node(finals, i), node(app, i), *[node(finals, k) for k in kids]) if kids
                else zip(node(finals, i), node(app, i), node(srule, i), node(frule, i),
                         node(by, i)))
            here = noted[i]
            for u, messages in here.items():
                keys[u] += (messages,)
            cache = self._traces_seen[i]
            if len(cache) >= _TRACES:
                cache.clear()
            for u, key in enumerate(keys):
                text = cache.get(key)
                if text is None:
                    text = cache[key] = self._node_traces(block, i, [u], here)[0]
                out.append(text)
        return out


# --------------------------------------------------------------- public API


def write_results_book(entries: Sequence[Entry], path: str | Path, *,
                       radars: int = RADAR_UNITS, breakdown: bool | str = "auto",
                       breakdown_units: int = BREAKDOWN_UNITS,
                       max_rows: int = EXCEL_ROWS,
                       assessments: Sequence[Assessment] = (),
                       issuance: Issuance | None = None) -> None:
    """Write the results of one or more rubrics (one set of sheets per tier).

    Each entry is ``(rubric, results, scorecards)``; the scorecards give the
    breakdown sheet (pass ``()`` to leave it empty).

    Large cohorts: radar charts (and their percentage table) are drawn for
    the first ``radars`` units of the ranking (default :data:`RADAR_UNITS`,
    50); the average is the whole cohort's, and a note in row 4 says where
    the rest are. ``assessments`` (the cohorts scored) add the sheet *Thẩm định*:
    what the appraisal changed (:mod:`dtikit.appraisal.changes`). ``breakdown`` is ``"auto"`` (default: every unit up to
    ``breakdown_units``, :data:`BREAKDOWN_UNITS` = 1,000; above, the first
    ones in ranking order and the excluded units, with a note), ``True``
    (every unit, continued on further sheets ``… - 2``, ``… - 3`` before
    ``max_rows``, Excel's 1,048,576 rows; a unit's rows never split) or
    ``False`` (no breakdown sheet). The ranking sheet always has every unit.

    Printing (:mod:`.printing`): every sheet A4 (A3 for more than 8 main
    indices) with margins, footer, print area and repeated header rows; the
    ranking laid out as the decision's appendix with the official heading and
    signatures from ``issuance`` (:class:`~dtikit.Issuance`; blanks where not
    given, the round's year from it or the rubric); the charts each on a page
    of their own sheet.
    """
    issuance = issuance or NO_ISSUANCE
    if not entries:
        raise ValueError("no results to write")
    if breakdown not in (True, False, "auto"):
        raise ValueError(f"breakdown must be True, False or 'auto', not {breakdown!r}")
    book = XmlBook(openpyxl.Workbook(write_only=True))
    wb = book.wb
    meta_rows: list[list[str]] = []
    used: set[str] = set()
    for (rubric, results, cards), names in zip(entries, _sheet_names(entries, used)):
        if results.rubric_id != rubric.id:
            raise ValueError(f"results of {results.rubric_id} given with rubric {rubric.id}")
        cell = _Cells(book, rubric.rounding.places)
        ranking = book.sheet(wb.create_sheet(names[0]))
        rc = results.row_columns()  # read once: no ResultRow built where rows are lazy
        _ranking_sheet(ranking, cell, rubric, results, rc, issuance)
        _radar_sheet(book.sheet(wb.create_sheet(names[1])), cell, rubric, results, rc, radars,
                     ranking.ws, issuance)
        _breakdown_sheet(book, cell, names[2], used, rubric, results, rc,
                         {c.unit.id: c for c in cards}, breakdown, breakdown_units, max_rows)
        if assessments:
            write_changes_sheet(book, cell, used, rubric, cards, assessments)
        meta_rows.append(["results", names[0], rubric.id])
        meta_rows.append(["rubric", rubric.id])
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    from ..version import __version__

    _properties(wb, issuance, entries[0][0])
    for row in [["format", "dtikit"], ["version", "1"], ["kind", "results"],
                ["dtikit", __version__], *meta_rows]:
        meta.append(row)
    book.save(Path(path))


def write_results(rubric: Rubric, results: Results, scorecards: Sequence[Scorecard],
                  path: str | Path, *, radars: int = RADAR_UNITS,
                  breakdown: bool | str = "auto", breakdown_units: int = BREAKDOWN_UNITS,
                  max_rows: int = EXCEL_ROWS, assessments: Sequence[Assessment] = (),
                  issuance: Issuance | None = None) -> None:
    """Write one rubric's results: ranking, charts (bar chart and radars),
    breakdown (the rules for large cohorts and printing:
    :func:`write_results_book`)."""
    write_results_book([(rubric, results, scorecards)], path, radars=radars,
                       breakdown=breakdown, breakdown_units=breakdown_units,
                       max_rows=max_rows, assessments=assessments, issuance=issuance)


def _properties(wb: Any, issuance: Issuance, rubric: Rubric) -> None:
    """Workbook properties: the issuing body as creator, the document's title."""
    wb.properties.creator = issuance.issuer or "dtikit"
    wb.properties.title = issuance.results_title(rubric)
    wb.properties.subject = basis_text(rubric)[:255]


def write_ranking_table(rubric: Rubric, results: Results, path: str | Path, *,
                        issuance: Issuance | None = None) -> None:
    """Write the ranking sheet alone (``Xếp hạng``): the table a province
    publishes, every unit and the excluded ones, without the bar chart, the
    radars and the breakdown of :func:`write_results`."""
    if results.rubric_id != rubric.id:
        raise ValueError(f"results of {results.rubric_id} given with rubric {rubric.id}")
    book = XmlBook(openpyxl.Workbook(write_only=True))
    _ranking_sheet(book.sheet(book.wb.create_sheet("Xếp hạng")),
                   _Cells(book, rubric.rounding.places), rubric, results, results.row_columns(),
                   issuance or NO_ISSUANCE)
    _properties(book.wb, issuance or NO_ISSUANCE, rubric)
    book.save(Path(path))
