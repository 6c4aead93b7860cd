"""A 60-leaf appendix table made in the tests, written as .docx, .pdf (with a text
layer) and .xlsx the way decisions print them: a title block, the header
repeated after a page break, a row of column numbers, Roman-numbered groups in
merged rows, an appraiser merged down a group, a cell continued on the next
row, a total row. Optionally with planted sum mismatches."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

D = Decimal

TITLE = ["PHỤ LỤC 2", "BỘ CHỈ SỐ ĐÁNH GIÁ CHUYỂN ĐỔI SỐ CẤP HUYỆN",
         "(Kèm theo Quyết định số 1234/QĐ-UBND ngày 15/03/2024 của UBND tỉnh Mẫu)"]
HEADER = ["STT", "Chỉ số / Chỉ số thành phần", "Điểm tối đa", "Cách xác định và tính điểm",
          "Tài liệu kiểm chứng", "Đơn vị thẩm định"]
FREE_TEXT = "Căn cứ kết quả thực hiện nhiệm vụ trong năm để chấm điểm"
NUMBERED = ("pillar", "main", "leaf", "total")
PILLARS = ("NHẬN THỨC SỐ", "CHÍNH QUYỀN SỐ", "KINH TẾ SỐ VÀ XÃ HỘI SỐ")


@attrs.define
class Row:
    cells: list[str]
    kind: str  # title | header | numbering | pillar | main | leaf | more | total
    code: str | None = None
    merge_down: int = 0  # the appraiser cell covers this many rows from here


@attrs.define
class Appendix:
    rows: list[Row]
    leaves: dict[str, tuple[str, Decimal]]  # code → (method kind, maximum)
    scale: Decimal
    planted: dict[str | None, str]  # code (None: the total row) → why its sum is off

    def table(self) -> list[Row]:
        return [r for r in self.rows if r.kind != "title"]


def make_appendix(corpus: Sequence[tuple[str, int, str, str, dict[str, Any]]], *,
                  plant: bool = False) -> Appendix:
    """3 groups (I–III) × 2 main indices (1–6) × 10 sub-indices = 60 leaves, whose
    rules are the corpus' phrasings in turn (and three free texts, to review)."""
    texts = [(t, D(m), kind) for t, m, _, kind, _ in corpus]
    rules = [*texts, *texts][:57] + [(FREE_TEXT, D(10), "awarded")] * 3
    rows: list[Row] = [Row([t], "title") for t in TITLE]
    rows += [Row(list(HEADER), "header"), Row([f"({i})" for i in range(1, 7)], "numbering")]
    leaves: dict[str, tuple[str, Decimal]] = {}
    planted: dict[str | None, str] = {}
    k = 0
    tops: list[Decimal] = []
    for p, pillar in enumerate(PILLARS):
        if p == 1:
            rows.append(Row(list(HEADER), "header"))  # the header again, on a new page
        roman = "I II III".split()[p]
        pillar_row = Row([f"{roman}. {pillar}", "", "", "", "", ""], "pillar", roman)
        rows.append(pillar_row)
        mains = []
        for j in range(2):
            main = str(p * 2 + j + 1)
            main_row = Row([f"{main}.", f"Chỉ số chính {main}", "", "", "", ""], "main", main)
            rows.append(main_row)
            subs = []
            for s in range(1, 11):
                text, m, kind = rules[k]
                k += 1
                code = f"{main}.{s}"
                evidence = "- Báo cáo năm\n- Quyết định ban hành" if s % 3 == 0 else ""
                appraiser = "Sở Thông tin và Truyền thông" if main == "1" and s == 1 else (
                    "" if main == "1" else "Văn phòng UBND")
                rows.append(Row([code, f"Chỉ số thành phần {code}", _vi(m), text, evidence,
                                 appraiser], "leaf", code, merge_down=10 if appraiser and
                                main == "1" else 0))
                if code == "3.3":  # evidence continued on the next row
                    rows.append(Row(["", "", "", "", "- Biên bản kiểm tra (bổ sung)", ""], "more"))
                leaves[code] = (kind, m)
                subs.append(m)
            total = sum(subs, D(0))
            printed = total + 5 if plant and main == "2" else total
            if printed != total:
                planted[main] = f"printed {printed}, children add up to {total}"
            main_row.cells[2] = _vi(printed)
            mains.append(printed)
        ptotal = sum(mains, D(0))
        pprinted = ptotal - 3 if plant and roman == "III" else ptotal
        if pprinted != ptotal:
            planted[roman] = f"printed {pprinted}, main indices add up to {ptotal}"
        pillar_row.cells[2] = _vi(pprinted)
        tops.append(pprinted)
    true_scale = sum(tops, D(0))
    scale = true_scale
    if plant:
        scale = true_scale + 3
        planted[None] = "the groups add up to 3 less than the total printed"
    rows.append(Row(["", "Tổng cộng", _vi(scale), "", "", ""], "total"))
    return Appendix(rows, leaves, scale, planted)


def _vi(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


# ------------------------------------------------------------------ writers


def write_xlsx(app: Appendix, path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục 2"
    for i, row in enumerate(app.rows, start=1):
        for j, text in enumerate(row.cells, start=1):
            if text:
                # maxima typed as numbers, as an officer's sheet has them
                ws.cell(i, j, _number(text) if j == 3 and row.kind in NUMBERED else text)
        if row.kind == "pillar":
            ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=2)
            ws.merge_cells(start_row=i, start_column=4, end_row=i, end_column=6)
        if row.merge_down:
            ws.merge_cells(start_row=i, start_column=6, end_row=i + row.merge_down - 1,
                           end_column=6)
    wb.save(path)


def _number(text: str) -> Any:
    value = D(text.replace(",", "."))
    return int(value) if value == int(value) else value


def write_docx(app: Appendix, path: Path) -> None:
    import docx

    document = docx.Document()
    for row in app.rows:
        if row.kind == "title":
            document.add_paragraph(row.cells[0])
    body = app.table()
    table = document.add_table(rows=len(body), cols=6)
    for i, row in enumerate(body):
        for j, text in enumerate(row.cells):
            table.cell(i, j).text = text
    for i, row in enumerate(body):
        if row.kind == "pillar":
            table.cell(i, 0).merge(table.cell(i, 1))
            table.cell(i, 3).merge(table.cell(i, 5))
        if row.merge_down:
            table.cell(i, 5).merge(table.cell(i + row.merge_down - 1, 5))
    document.save(str(path))


def vietnamese_font(folder: Path) -> Path:
    """A TrueType font with every glyph of Vietnamese (empty boxes), made with
    fontTools — a dependency of fpdf2 — so the PDF test needs no system font."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    cps = sorted({*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x1EA0, 0x1F00),
                  *map(ord, "≥≤×→–•½“”‘’…")})
    names = [".notdef", *(f"u{cp:04X}" for cp in cps)]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({cp: f"u{cp:04X}" for cp in cps})

    def box() -> Any:
        pen = TTGlyphPen(None)
        pen.moveTo((50, 0))
        pen.lineTo((50, 700))
        pen.lineTo((450, 700))
        pen.lineTo((450, 0))
        pen.closePath()
        return pen.glyph()

    fb.setupGlyf({n: TTGlyphPen(None).glyph() if n == "u0020" else box() for n in names})
    fb.setupHorizontalMetrics({n: (500, 50) for n in names})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "DtikitTest", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    fb.setupPost()
    out = folder / "dtikit-test.ttf"
    fb.save(str(out))
    return out


def write_pdf(app: Appendix, path: Path) -> None:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="L")
    pdf.add_page()
    pdf.add_font("T", fname=str(vietnamese_font(path.parent)))
    pdf.set_font("T", size=7)
    for row in app.rows:
        if row.kind == "title":
            pdf.cell(0, 5, row.cells[0], new_x="LMARGIN", new_y="NEXT", align="C")
    body = [r for r in app.table() if r.kind != "header" or r is app.table()[0]]
    with pdf.table(col_widths=(12, 45, 14, 110, 45, 40), headings_style=FontFace(emphasis=None),
                   repeat_headings=1, line_height=4) as table:
        for row in body:
            cells = table.row()
            if row.kind == "pillar":
                cells.cell(row.cells[0], colspan=2)
                cells.cell(row.cells[2])
                cells.cell("", colspan=3)
                continue
            for text in row.cells:
                cells.cell(text)
    pdf.output(str(path))


def write_scanned_pdf(path: Path) -> None:
    """A PDF with a page but no text layer: what a scanner gives."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(path))
