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
  :data:`BREAKDOWN_UNITS` (1,000, about 250,000 rows for the largest
  rubric); above that, the first 1,000 in ranking order, then the excluded
  units, with a note in row 4. ``breakdown=True`` writes every unit,
  continued on further sheets (``Chi tiết - 2``, …) before Excel's row limit,
  a unit's rows never split; ``breakdown=False`` leaves the sheet out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.chart import BarChart, RadarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange

from ..appraisal.changes import write_changes_sheet
from ..assessment import Assessment
from ..model import Rubric
from ..numbers import ZERO, format_vi, quantize
from ..ranking import Results, RowColumns
from ..scoring import Scorecard, explain
from . import xlstyle as st
from .sheetxml import Book, Cell, Sheet, Style
from .spec import META_SHEET
from .values import number_cell

Entry = tuple[Rubric, Results, Sequence[Scorecard]]

SAMPLE_BANNER = "DỮ LIỆU MẪU — KHÔNG PHẢI KẾT QUẢ CHÍNH THỨC"
EXCLUDED_TITLE = "ĐƠN VỊ KHÔNG ĐƯỢC XẾP HẠNG"
_TIER_SHORT = {"department": "Sở ngành", "district": "Cấp huyện", "commune": "Cấp xã",
               "province": "Cấp tỉnh"}
HEADER_ROW = 5  # 1-based: the ranking table's header
NOTE_ROW = 4  # 1-based: the note saying a sheet covers part of a large cohort

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
                points = self._points = self._cells.style(font, fill, align,
                                                          fmt or st.POINTS_FORMAT, border)
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

    def __init__(self, book: Book) -> None:
        self.book = book
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


def _page(ws: Any, landscape: bool = True) -> None:
    """A4, fitted to the page width, as a province prints its tables."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


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


def _columns(rubric: Rubric, results: Results, rc: RowColumns) -> list[str]:
    cols = ["Xếp hạng", "Đơn vị"]
    cols += [f"{name} ({format_vi(mx)} điểm)" for _, name, mx in results.columns]
    cols += [f"Tổng điểm ({format_vi(rubric.scale)} điểm)", "Xếp loại"]
    cols += [label for _, label in results.conversions]
    if any(m != rubric.scale for m in rc.applicable_max):
        cols.append("Điểm tối đa áp dụng")
    if any(rc.group):
        cols.append("Nhóm xếp hạng")
    return cols


def _title_rows(sheet: Sheet, cell: _Cells, rubric: Rubric, sample: bool, width: int,
                title: str, note: str | None = None) -> None:
    ws = sheet.ws
    sheet.append([cell(title, font=st.TITLE, align=st.CENTER, border=False)])
    _merge(ws, 1, width)
    sheet.append([cell(f"{rubric.title} — {rubric.source.cite()} (mã bộ chỉ số {rubric.id})",
                       font=st.ITALIC, align=st.CENTER, border=False)])
    _merge(ws, 2, width)
    sheet.append([cell(SAMPLE_BANNER, font=st.RED, align=st.CENTER, border=False)]
                 if sample else [])
    if sample:
        _merge(ws, 3, width)
    if note:  # row 4: this sheet covers part of the cohort
        sheet.append([cell(note, font=st.ITALIC, border=False)])
    else:
        sheet.append([])


def _ranking_sheet(sheet: Sheet, cell: _Cells, rubric: Rubric, results: Results,
                   rc: RowColumns) -> int:
    """Write the ranking; return the last data row (1-based)."""
    ws = sheet.ws
    cols = _columns(rubric, results, rc)
    width = len(cols)
    for i, w in enumerate([9, 34] + [14] * (width - 2), start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    _page(ws)
    ws.row_dimensions[HEADER_ROW].height = 48
    tier = (rubric.tier.name or rubric.tier.key).upper()
    _title_rows(sheet, cell, rubric, results.sample, width,
                f"KẾT QUẢ ĐÁNH GIÁ, XẾP HẠNG CHỈ SỐ CHUYỂN ĐỔI SỐ (DTI) {tier} NĂM {rubric.year}")
    sheet.append([cell.header(c) for c in cols])
    extra_max = "Điểm tối đa áp dụng" in cols
    groups = "Nhóm xếp hạng" in cols
    rank, plain = cell.look(align=st.CENTER, fmt="0"), cell.look()
    bold, center = cell.look(font=st.BOLD), cell.look(align=st.CENTER)
    points_of = list(zip(*rc.points)) if rc.points else [()] * len(rc.rank)
    for k, points in enumerate(points_of):
        values = [rank(rc.rank[k]), plain(rc.unit[k].name), *[plain(p) for p in points],
                  bold(rc.total[k]), center(rc.class_label[k] or None)]
        if results.conversions:
            conv = dict(rc.conversions[k])
            values += [plain(conv.get(key)) for key, _ in results.conversions]
        if extra_max:
            values.append(plain(rc.applicable_max[k]))
        if groups:
            values.append(plain(rc.group[k]))
        sheet.append(values)
    last = HEADER_ROW + len(results.rows)
    _excluded(sheet, cell, results, width)
    return last


def _excluded(sheet: Sheet, cell: _Cells, results: Results, width: int) -> None:
    """The units left out, below the ranking: the reason spans the index columns."""
    if not results.excluded:
        return
    ws = sheet.ws
    sheet.append([])
    sheet.append([cell.plain(EXCLUDED_TITLE, st.BOLD)])
    start = HEADER_ROW + len(results.rows) + 2  # 1-based row of the title
    last = width - 1
    sheet.append([cell.header("STT"), cell.header("Đơn vị"), cell.header("Lý do"),
                  *(cell.header("") for _ in range(3, last)),
                  cell.header("Tổng điểm (nếu có)")])
    center, plain, wrap = cell.look(align=st.CENTER), cell.look(), cell.look(align=st.WRAP)
    for i, ex in enumerate(results.excluded, start=1):
        sheet.append([center(i), plain(ex.unit.name), wrap(ex.message),
                      *(plain(None) for _ in range(3, last)), plain(ex.total)])
    # the reason spans C…: added at once (MultiCellRange.add checks every range so far)
    end = get_column_letter(last)
    ws.merged_cells = MultiCellRange([
        *ws.merged_cells.ranges,
        *(CellRange(f"C{row}:{end}{row}")
          for row in range(start + 1, start + 2 + len(results.excluded)))])


def _bar_chart(ws: Any, results: Results, last: int, n_cols: int) -> None:
    if not results.rows:
        return
    total_col = 3 + len(results.columns)
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = "Tổng điểm DTI"
    chart.legend = None
    data = Reference(ws, min_col=total_col, min_row=HEADER_ROW, max_row=last)
    cats = Reference(ws, min_col=2, min_row=HEADER_ROW + 1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.x_axis.scaling.orientation = "maxMin"  # rank 1 at the top
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.majorGridlines = None
    chart.height = max(7.5, 0.6 * len(results.rows) + 2)
    chart.width = 18
    ws.add_chart(chart, f"{get_column_letter(n_cols + 2)}{HEADER_ROW}")


# ---------------------------------------------------------------- radars


def _percent(points: Decimal | None, maximum: Decimal) -> Decimal:
    if points is None or maximum == 0:
        return ZERO
    return quantize(points * 100 / maximum, 2)


def _radar_sheet(sheet: Sheet, cell: _Cells, rubric: Rubric, results: Results, rc: RowColumns,
                 limit: int = RADAR_UNITS) -> None:
    """A table of percentages (index × unit, with the cohort's average) and a radar
    per unit, for the first ``limit`` units of the ranking (a note says where the
    rest are)."""
    ws = sheet.ws
    n = len(rc.unit)
    shown = rc.unit[:max(0, limit)]
    width = max(3, len(shown) + 2)
    ws.column_dimensions["A"].width = 34
    _page(ws, landscape=False)
    note = None
    if len(shown) < n:
        note = (f"Biểu đồ của {len(shown)} đơn vị đầu bảng xếp hạng (trên tổng số {n}); "
                f"trung bình của cả {n} đơn vị. Các đơn vị còn lại: xem {REST_ELSEWHERE}.")
    _title_rows(sheet, cell, rubric, results.sample, min(width, 6),
                "CHỈ SỐ CHÍNH THEO TỶ LỆ ĐIỂM ĐẠT ĐƯỢC (%) SO VỚI ĐIỂM TỐI ĐA", note)
    sheet.append([cell.header("Chỉ số chính"), cell.header("Trung bình")]
                 + [cell.header(u.name) for u in shown])
    for i, (_, name, _) in enumerate(results.columns):
        pcts = [_percent(p, m) for p, m in zip(rc.points[i], rc.maxima[i])]
        avg = quantize(sum(pcts, ZERO) / n, 2) if n else ZERO
        sheet.append([cell(name), cell(avg)] + [cell(p) for p in pcts[:len(shown)]])
    first = HEADER_ROW + 1
    last = HEADER_ROW + len(results.columns)
    chart_row = last + 3
    for k in range(len(shown)):
        radar = RadarChart()
        radar.type = "marker"
        radar.style = 26
        radar.title = st.safe_text(f"{k + 1}. {shown[k].name}")  # no control chars
        unit_ref = Reference(ws, min_col=3 + k, min_row=HEADER_ROW, max_row=last)
        avg_ref = Reference(ws, min_col=2, min_row=HEADER_ROW, max_row=last)
        radar.add_data(unit_ref, titles_from_data=True)
        radar.add_data(avg_ref, titles_from_data=True)
        radar.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
        radar.y_axis.delete = True
        radar.y_axis.scaling.min = 0
        radar.y_axis.scaling.max = 100
        radar.height, radar.width = 8, 14
        ws.add_chart(radar, f"A{chart_row + k * 17}")  # one per row: prints in the page


# -------------------------------------------------------------- breakdown

_BREAKDOWN = ("Đơn vị", "Mã chỉ số", "Chỉ số", "Điểm tối đa", "Điểm tối đa áp dụng",
              "Tự đánh giá", "Thẩm định", "Điểm cuối cùng", "Cơ quan thẩm định", "Diễn giải")


def _breakdown_title(sheet: Sheet, cell: _Cells, rubric: Rubric, results: Results,
                     note: str | None) -> None:
    ws = sheet.ws
    for i, w in enumerate((30, 10, 44, 11, 11, 11, 11, 11, 24, 70), start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    _page(ws)
    _title_rows(sheet, cell, rubric, results.sample, len(_BREAKDOWN),
                "CHI TIẾT ĐIỂM THEO TỪNG CHỈ SỐ (TỰ ĐÁNH GIÁ, THẨM ĐỊNH, ĐIỂM CUỐI CÙNG)", note)
    sheet.append([cell.header(h) for h in _BREAKDOWN])


def _breakdown_sheet(book: Book, cell: _Cells, name: str, used: set[str], rubric: Rubric,
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
    per_unit = len(list(rubric.walk()))
    for uid in ranked + excluded:
        card = cards[uid]
        need = per_unit + len(card.findings)
        if rows + need > max_rows and rows > HEADER_ROW:
            part += 1
            suffix = f" - {part}"
            sheet = book.sheet(book.wb.create_sheet(
                sheet_title(name[:31 - len(suffix)] + suffix, used)))
            _breakdown_title(sheet, cell, rubric, results,
                             f"Tiếp theo sheet {name} (phần {part}).")
            rows = HEADER_ROW
        _unit_rows(sheet, cell, rubric, card)
        rows += need


def _unit_rows(sheet: Sheet, cell: _Cells, rubric: Rubric, card: Scorecard) -> None:
    plain, wrap = cell.look(), cell.look(align=st.WRAP)
    looks = {False: (plain, wrap),
             True: (cell.look(font=st.BOLD), cell.look(font=st.BOLD, align=st.WRAP))}  # parents
    name = card.unit.name
    for node in rubric.walk():
        ns = card.nodes[node.code]
        look, wrapped = looks[bool(node.children)]
        sheet.append([look(name), look(node.code), wrapped(node.name), look(node.max),
                      look(ns.applicable_max), look(ns.self_points), look(ns.appraised_points),
                      look(ns.final_points), plain(ns.appraised_by),
                      wrap(explain(rubric, card, node.code))])
    for f in card.findings:
        sheet.append([plain(name), plain(f.code), cell("Lưu ý", font=st.ITALIC),
                      *(plain(None) for _ in range(6)), wrap(f.message)])


# --------------------------------------------------------------- public API


def write_results_book(entries: Sequence[Entry], path: str | Path, *,
                       radars: int = RADAR_UNITS, breakdown: bool | str = "auto",
                       breakdown_units: int = BREAKDOWN_UNITS,
                       max_rows: int = EXCEL_ROWS,
                       assessments: Sequence[Assessment] = ()) -> None:
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
    """
    if not entries:
        raise ValueError("no results to write")
    if breakdown not in (True, False, "auto"):
        raise ValueError(f"breakdown must be True, False or 'auto', not {breakdown!r}")
    book = Book(openpyxl.Workbook(write_only=True))
    wb = book.wb
    cell = _Cells(book)
    meta_rows: list[list[str]] = []
    used: set[str] = set()
    for (rubric, results, cards), names in zip(entries, _sheet_names(entries, used)):
        if results.rubric_id != rubric.id:
            raise ValueError(f"results of {results.rubric_id} given with rubric {rubric.id}")
        ranking = book.sheet(wb.create_sheet(names[0]))
        rc = results.row_columns()  # read once: no ResultRow built where rows are lazy
        last = _ranking_sheet(ranking, cell, rubric, results, rc)
        _bar_chart(ranking.ws, results, last, len(_columns(rubric, results, rc)))
        _radar_sheet(book.sheet(wb.create_sheet(names[1])), cell, rubric, results, rc, radars)
        _breakdown_sheet(book, cell, names[2], used, rubric, results, rc,
                         {c.unit.id: c for c in cards}, breakdown, breakdown_units, max_rows)
        if assessments:
            write_changes_sheet(book, cell, used, rubric, cards, assessments)
        meta_rows.append(["results", names[0], rubric.id])
        meta_rows.append(["rubric", rubric.id])
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    from .. import __version__

    for row in [["format", "dtikit"], ["version", "1"], ["kind", "results"],
                ["dtikit", __version__], *meta_rows]:
        meta.append(row)
    book.save(Path(path))


def write_results(rubric: Rubric, results: Results, scorecards: Sequence[Scorecard],
                  path: str | Path, *, radars: int = RADAR_UNITS,
                  breakdown: bool | str = "auto", breakdown_units: int = BREAKDOWN_UNITS,
                  max_rows: int = EXCEL_ROWS, assessments: Sequence[Assessment] = ()) -> None:
    """Write one rubric's results: ranking with bar chart, radars, breakdown
    (the rules for large cohorts: :func:`write_results_book`)."""
    write_results_book([(rubric, results, scorecards)], path, radars=radars,
                       breakdown=breakdown, breakdown_units=breakdown_units,
                       max_rows=max_rows, assessments=assessments)


def write_ranking_table(rubric: Rubric, results: Results, path: str | Path) -> None:
    """Write the ranking sheet alone (``Xếp hạng``): the table a province
    publishes, every unit and the excluded ones, without the bar chart, the
    radars and the breakdown of :func:`write_results`."""
    if results.rubric_id != rubric.id:
        raise ValueError(f"results of {results.rubric_id} given with rubric {rubric.id}")
    book = Book(openpyxl.Workbook(write_only=True))
    _ranking_sheet(book.sheet(book.wb.create_sheet("Xếp hạng")), _Cells(book), rubric, results,
                   results.row_columns())
    book.save(Path(path))
