"""dtikit.formats.sheetxml: rows written as XML text give the workbook openpyxl's
own cells give — same values, same styles, same sheet around them — and a
valid zip. :func:`book_differences` is the comparison the results export's
tests use too."""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Sequence
from copy import copy
from decimal import Context, Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import python_calamine as pc
from hypothesis import given, settings
from hypothesis import strategies as st_h
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import column_index_from_string, get_column_letter

from dtikit.formats import sheetxml
from dtikit.formats import xlstyle as st
from dtikit.formats.sheetxml import Sheet, Style, XmlBook

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


# ------------------------------------------------------------ the comparison


def _style(cell: Any) -> tuple[Any, ...]:
    # copies: the StyleProxy of one workbook never equals another's
    return (copy(cell.font), copy(cell.fill), copy(cell.border), copy(cell.alignment),
            cell.number_format, copy(cell.protection), cell.has_style)


def _dims(ws: Any) -> tuple[dict[str, Any], dict[int, Any]]:
    cols = {k: (d.width, d.customWidth, d.hidden) for k, d in ws.column_dimensions.items()
            if d.customWidth or d.hidden}
    rows = {k: (d.height, d.customHeight, d.hidden) for k, d in ws.row_dimensions.items()
            if d.customHeight or d.hidden}
    return cols, rows


def _page(ws: Any) -> tuple[Any, ...]:
    p = ws.page_setup
    return (p.orientation, p.paperSize, p.fitToWidth, p.fitToHeight,
            ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr
            else None, ws.sheet_state)


EXCEL = Context(prec=15)  # the digits Excel keeps


def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in z.namelist():
        return []
    root = ET.fromstring(z.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{NS}t")) for si in root.iter(f"{NS}si")]


def _sheet_data(xml: bytes, strings: Sequence[str] = ()) -> list[Any]:
    """The rows as a reader sees them in the XML: row and cell attributes (the
    style id s among them), each cell at its reference (given, or counted from
    the row's previous cell, as the format allows), a text inline or shared
    (``t="s"``: the text of ``strings`` it numbers) as the same text, the type
    ``n`` said or left to its default, numbers as Excel reads them (openpyxl
    writes 1e-07 and, through a float, 99999999999999.91; dtikit 0.0000001
    and 99999999999999.9)."""
    root = ET.fromstring(xml)
    out: list[Any] = []
    for row in root.iter(f"{NS}row"):
        cells = []
        column = 0
        for c in row:
            attrs = dict(c.attrib)
            ref = attrs.get("r")
            column = column_index_from_string(ref.rstrip("0123456789")) if ref else column + 1
            attrs["r"] = f"{get_column_letter(column)}{row.get('r')}"
            attrs.setdefault("t", "n")
            v = c.find(f"{NS}v")
            text = "".join(t.text or "" for t in c.iter(f"{NS}t"))
            if attrs["t"] == "s":
                assert v is not None and v.text is not None
                attrs["t"], text, v = "inlineStr", strings[int(v.text)], None
            cells.append((attrs, text,
                          EXCEL.plus(Decimal(v.text)) if v is not None and v.text
                          else None))
        out.append((dict(row.attrib), cells))
    return out


def book_differences(fast: Path, reference: Path) -> list[str]:
    """Every way ``fast`` differs from ``reference`` as a reader sees it: sheets,
    every cell's value and style, merged ranges, column widths, row heights,
    freeze panes, page setup, charts (openpyxl); every value (python-calamine);
    the sheets' rows as XML (cell by cell, style id included); the zip's members."""
    diffs: list[str] = []
    a, b = openpyxl.load_workbook(fast), openpyxl.load_workbook(reference)
    if a.sheetnames != b.sheetnames:
        return [f"sheets {a.sheetnames} != {b.sheetnames}"]
    for name in a.sheetnames:
        x, y = a[name], b[name]
        for what, get in (("size", lambda ws: (ws.max_row, ws.max_column)),
                          ("merged", lambda ws: sorted(str(r) for r in ws.merged_cells.ranges)),
                          ("dimensions", _dims), ("freeze", lambda ws: ws.freeze_panes),
                          ("page", _page),
                          ("charts", lambda ws: [type(c).__name__ for c in ws._charts])):
            if get(x) != get(y):
                diffs.append(f"{name}: {what} {get(x)} != {get(y)}")
        for rx, ry in zip(x.iter_rows(), y.iter_rows()):
            for cx, cy in zip(rx, ry):
                if (cx.value, cx.data_type) != (cy.value, cy.data_type):
                    diffs.append(f"{name}!{cx.coordinate}: {cx.value!r} != {cy.value!r}")
                elif _style(cx) != _style(cy):
                    diffs.append(f"{name}!{cx.coordinate}: style {_style(cx)} != {_style(cy)}")
    ca, cb = pc.CalamineWorkbook.from_path(str(fast)), pc.CalamineWorkbook.from_path(
        str(reference))
    for name in ca.sheet_names:
        va = ca.get_sheet_by_name(name).to_python(skip_empty_area=False)
        vb = cb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if va != vb:
            diffs.append(f"{name}: calamine reads {va[:3]}… != {vb[:3]}…")
    with zipfile.ZipFile(fast) as za, zipfile.ZipFile(reference) as zb:
        shared = "xl/sharedStrings.xml"  # the texts of the row templates' cells
        if [n for n in za.namelist() if n != shared] != [n for n in zb.namelist() if n != shared]:
            diffs.append(f"members {za.namelist()} != {zb.namelist()}")
        sa, sb = _shared_strings(za), _shared_strings(zb)
        for info in za.infolist():
            if info.compress_type != zipfile.ZIP_DEFLATED:
                diffs.append(f"{info.filename} is not deflated")
            if info.filename.startswith("xl/worksheets/sheet"):
                if _sheet_data(za.read(info), sa) != _sheet_data(zb.read(info.filename), sb):
                    diffs.append(f"{info.filename}: rows differ")
    return diffs


def assert_valid_zip(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        sheets = [n for n in z.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]
        assert sheets
        for name in sheets:
            ET.fromstring(z.read(name))  # well-formed
            assert b"dtikit-sheetxml-" not in z.read(name)  # no placeholder left


def write_both(tmp_path: Path, write: Callable[[Path], None]) -> tuple[Path, Path]:
    """``write`` run with rows as XML text, then through openpyxl's cells."""
    fast, reference = tmp_path / "fast.xlsx", tmp_path / "reference.xlsx"
    write(fast)
    saved = sheetxml.DIRECT
    sheetxml.DIRECT = False
    try:
        write(reference)
    finally:
        sheetxml.DIRECT = saved
    assert_valid_zip(fast)
    return fast, reference


# ------------------------------------------------------------------ rows

NFD = unicodedata.normalize("NFD", "Ủy ban nhân dân xã Đông Hưng")
TEXTS = ["Đơn vị", "=HYPERLINK(\"http://x\")", "=1+1", "a & b < c > d \"q\" 'r'",
         "  hai đầu có dấu cách ", "\tthụt đầu dòng", "dòng 1\ndòng 2", "bell\x07 và \x1f",
         NFD, "x" * 5000, "", "]]>", "100", "1E+2", "-"]
NUMBERS = [Decimal(0), Decimal("0.00"), Decimal(1000), Decimal("1E+3"), Decimal("12.5"),
           Decimal("12.50"), Decimal("0.01"), Decimal("-3.25"), Decimal("1E-7"),
           Decimal("99999999999999.9"), Decimal("123456789012345"), Decimal("-0")]


def _rows(book: XmlBook, sheet: Sheet) -> None:
    bold = book.style(font=st.BOLD, fill=st.HEADER_FILL, alignment=st.CENTER, border=st.BOX)
    points = book.style(font=st.FONT, number_format=st.POINTS_FORMAT, border=st.BOX)
    wrap = book.style(font=st.ITALIC, alignment=st.WRAP)
    plain = book.style()  # the default: no s attribute
    sheet.ws.column_dimensions["A"].width = 30
    sheet.ws.row_dimensions[2].height = 48
    sheet.ws.row_dimensions[4].hidden = True
    sheet.ws.freeze_panes = "B3"  # before the first row, as openpyxl's own rows need
    sheet.append([(t, bold) for t in TEXTS])
    sheet.append([(n, points) for n in NUMBERS])
    sheet.append([])
    sheet.append([(1, wrap), (True, wrap), (False, points), (None, points), None,
                  (None, plain), ("x", plain), (7, plain), (None, bold)])
    for i in range(300):  # beyond one flush of the buffer? see _FLUSH in the test below
        sheet.append([(i, points), (f"Xã {i}", wrap), (Decimal(i) / 8, points)])
    sheet.ws.merged_cells.add("A3:C3")


def _workbook(path: Path, sheets: int = 2) -> None:
    book = XmlBook(openpyxl.Workbook(write_only=True))
    for k in range(sheets):
        _rows(book, book.sheet(book.wb.create_sheet(f"Trang {k}")))
    chart = BarChart()
    chart.add_data(Reference(book.wb.worksheets[0], min_col=1, min_row=5, max_row=20))
    book.wb.worksheets[0].add_chart(chart, "E5")
    other = book.wb.create_sheet("openpyxl")  # a sheet openpyxl writes itself
    other.append(["a", 1])
    book.save(path)


def test_rows_read_as_openpyxl_cells_give(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    monkeypatch.setattr(sheetxml, "_FLUSH", 50)  # rows go through the temporary file too
    fast, reference = write_both(tmp_path, _workbook)
    assert book_differences(fast, reference) == []
    ws = openpyxl.load_workbook(fast)["Trang 0"]
    assert [c.value for c in ws[1]][:5] == ["Đơn vị", "=HYPERLINK(\"http://x\")", "=1+1",
                                           "a & b < c > d \"q\" 'r'", "  hai đầu có dấu cách "]
    assert all(c.data_type == "s" for c in ws[1] if c.value is not None)  # never a formula
    assert ws.cell(1, 8).value == "bell  và  "
    assert ws.cell(1, 9).value == unicodedata.normalize("NFC", NFD)
    assert [c.value for c in ws[2]][:7] == [0, 0, 1000, 1000, 12.5, 12.5, 0.01]
    assert ws.row_dimensions[2].height == 48 and ws.row_dimensions[4].hidden
    assert ws.cell(4, 2).value is True and ws.cell(4, 4).border.left.style == "thin"
    assert ws.freeze_panes == "B3" and ws.column_dimensions["A"].width == 30


def test_spaces_alone_are_kept(tmp_path: Path) -> None:
    """xml:space="preserve" whenever the text has spaces at an end, as openpyxl does
    with lxml (without lxml it leaves out text that is only spaces, which
    python-calamine then reads as empty)."""
    path = tmp_path / "s.xlsx"
    book = XmlBook(openpyxl.Workbook(write_only=True))
    book.sheet(book.wb.create_sheet("s")).append([(" ", book.style()), ("\n", book.style())])
    book.save(path)
    assert pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("s").to_python() == [
        [" ", "\n"]]
    assert [c.value for c in openpyxl.load_workbook(path)["s"][1]] == [" ", "\n"]


def test_numbers_are_plain_and_exact(tmp_path: Path) -> None:
    path = tmp_path / "n.xlsx"
    book = XmlBook(openpyxl.Workbook(write_only=True))
    sheet = book.sheet(book.wb.create_sheet("n"))
    style = book.style(number_format=st.POINTS_FORMAT)
    sheet.append([(n, style) for n in NUMBERS])
    book.save(path)
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    values = re.findall(r"<v>([^<]*)</v>", xml)
    assert values == ["0", "0", "1000", "1000", "12.5", "12.5", "0.01", "-3.25", "0.0000001",
                      "99999999999999.9", "123456789012345", "-0"]
    assert [Decimal(v) for v in values] == NUMBERS  # the same numbers, no float between


@pytest.mark.parametrize("value", [1.5, Decimal("NaN"), Decimal("Infinity"), object()])
def test_what_a_cell_cannot_hold(tmp_path: Path, value: Any) -> None:
    book = XmlBook(openpyxl.Workbook(write_only=True))
    sheet = book.sheet(book.wb.create_sheet("x"))
    with pytest.raises((TypeError, ValueError)):
        sheet.append([(value, book.style())])


def test_style_ids_are_the_workbooks(tmp_path: Path) -> None:
    """A cell's s is the index of its style in cellXfs, as openpyxl's style_id."""
    book = XmlBook(openpyxl.Workbook(write_only=True))
    styles = [book.style(font=st.BOLD), book.style(font=st.FONT, border=st.BOX), book.style()]
    assert [s.id for s in styles] == [book.wb._cell_styles.index(s.array) for s in styles]
    assert styles[2].attr == "" and styles[0].attr == f' s="{styles[0].id}"'
    assert book.style(font=st.BOLD).id == styles[0].id  # registered once


def test_a_style_id_off_by_one_is_seen(tmp_path: Path) -> None:
    """The comparison the equivalence tests rely on finds a wrong style id."""
    fast, reference = write_both(tmp_path, _workbook)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(fast) as zin, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'(<c r="B6" s=")(\d+)"',
                              lambda m: m.group(1) + str(int(m.group(2)) - 1).encode() + b'"',
                              data, count=1)
            z.writestr(info, data)
    diffs = book_differences(broken, reference)
    assert any("B6: style" in d for d in diffs) and any("rows differ" in d for d in diffs)


def test_the_sheet_around_the_rows_is_openpyxls(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    _workbook(path, sheets=1)
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
        assert z.read("xl/worksheets/sheet2.xml").count(b"<row ") == 1  # openpyxl's own
    assert xml.index("<cols>") < xml.index("<sheetData>") < xml.index("<mergeCells")
    assert xml.index("</sheetData>") < xml.index("<drawing")
    assert xml.count("<row ") == 4 + 300
    assert '<row r="2" ht="48" customHeight="1">' in xml and '<row r="3"></row>' in xml
    assert '<t xml:space="preserve">  hai đầu có dấu cách </t>' in xml
    assert "<t>a &amp; b &lt; c &gt; d \"q\" 'r'</t>" in xml
    ws = openpyxl.load_workbook(path)["Trang 0"]
    assert ws.max_row == 304 and [str(r) for r in ws.merged_cells.ranges] == ["A3:C3"]


def test_save_replaces_the_file_and_leaves_nothing_behind(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old")
    _workbook(path, sheets=1)
    assert_valid_zip(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_misuse_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="write-only"):
        XmlBook(openpyxl.Workbook())
    book = XmlBook(openpyxl.Workbook(write_only=True))
    other = openpyxl.Workbook(write_only=True).create_sheet("x")
    with pytest.raises(ValueError, match="not in this workbook"):
        book.sheet(other)
    sheet = book.sheet(book.wb.create_sheet("x"))
    sheet.ws.append(["openpyxl too"])  # a row the placeholder would not be the only one
    with pytest.raises(RuntimeError, match="only row"):
        book.save(tmp_path / "x.xlsx")
    assert not list(tmp_path.iterdir())


def _cells(style: Style, values: Sequence[Any]) -> list[tuple[Any, Style]]:
    return [(v, style) for v in values]


def test_an_empty_sheet(tmp_path: Path) -> None:
    fast, reference = write_both(tmp_path, lambda p: _empty(p))
    assert book_differences(fast, reference) == []


def _empty(path: Path) -> None:
    book = XmlBook(openpyxl.Workbook(write_only=True))
    book.sheet(book.wb.create_sheet("rỗng"))
    sheet = book.sheet(book.wb.create_sheet("một dòng"))
    sheet.append(_cells(book.style(font=st.BOLD), ["a", None, Decimal("1.5")]))
    book.save(path)


def test_another_openpyxl_falls_back_to_its_own_cells(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The direct writer uses openpyxl 3.1's internals: with another release (or
    without them) a XmlBook writes through openpyxl's cells, and the workbook is the same."""
    assert XmlBook(openpyxl.Workbook(write_only=True)).direct
    _, reference = write_both(tmp_path, _workbook)
    monkeypatch.setattr(openpyxl, "__version__", "3.2.0")
    assert not XmlBook(openpyxl.Workbook(write_only=True)).direct
    fell_back = tmp_path / "fell-back.xlsx"
    _workbook(fell_back)
    assert book_differences(fell_back, reference) == []
    monkeypatch.undo()
    wb = openpyxl.Workbook(write_only=True)
    monkeypatch.delattr(type(wb), "_cell_styles", raising=False)
    monkeypatch.setattr(wb, "_cell_styles", None, raising=False)
    assert not sheetxml.direct_supported(wb)


# ------------------------------------------------------------ row templates


def _templates(path: Path) -> None:
    """Rows from sheetxml.Row templates, alongside the same rows appended cell by
    cell: every kind of value in the slots, a slot's style that depends on its
    value, gaps, a row height, an empty slot of the default style, templates
    sharing slots."""
    from dtikit.formats.sheetxml import Row

    book = XmlBook(openpyxl.Workbook(write_only=True))
    bold = book.style(font=st.BOLD, border=st.BOX)
    points = book.style(font=st.FONT, number_format=st.POINTS_FORMAT, border=st.BOX)
    wrap = book.style(font=st.ITALIC, alignment=st.WRAP)
    plain = book.style()

    def by_kind(value: Any) -> tuple[Any, Style]:  # numbers in points, the rest plain
        return value, points if isinstance(value, Decimal) else plain

    rows = [Row([bold, ("{0} %s \x00 {", wrap), None, by_kind, (Decimal("12.50"), points),
                 wrap]),
            Row([bold, (None, points), (None, plain), by_kind, ("x", plain), wrap])]
    values: list[Any] = [*TEXTS, *NUMBERS, None, 7, True, False]
    for k, sheet in enumerate([book.sheet(book.wb.create_sheet(f"Mẫu {k}")) for k in range(2)]):
        sheet.ws.row_dimensions[3].height = 30
        for i, value in enumerate(values):
            row = rows[(i + k) % 2]
            same = values[(i * 7) % len(values)]
            args = (f"Xã {i % 3}", value, same)
            if i % 5 == 0:
                sheet.append_row(row, args)
            else:
                sheet.append_rows([(row, args), (row, args)])
            sheet.append([(f"Xã {i % 3}", bold), ("{0} %s \x00 {", wrap), None, by_kind(value),
                          (Decimal("12.50"), points), (same, wrap)])
    book.save(path)


def test_row_templates_write_what_cells_write(tmp_path: Path) -> None:
    fast, reference = write_both(tmp_path, _templates)
    assert book_differences(fast, reference) == []
    ws = openpyxl.load_workbook(fast)["Mẫu 0"]
    # the first template row, and the same cells appended one by one after it
    assert [c.value for c in ws[1]] == [c.value for c in ws[2]] == [
        "Xã 0", "{0} %s   {", None, "Đơn vị", 12.5, "Đơn vị"]
    assert ws["C1"].value is None and ws.row_dimensions[3].height == 30
    assert ws["D1"].number_format == "General" and ws["E1"].number_format == "0.00"


def test_a_row_template_takes_its_slots_values(tmp_path: Path) -> None:
    from dtikit.formats.sheetxml import Row

    book = XmlBook(openpyxl.Workbook(write_only=True))
    sheet = book.sheet(book.wb.create_sheet("x"))
    row = Row([book.style(), ("a", book.style())])
    with pytest.raises(ValueError, match="1 slots"):
        sheet.append_row(row, ("a", "b"))
    with pytest.raises(TypeError, match="float"):
        sheet.append_row(row, (1.5,))
    assert sheet.row == 0


def _block(path: Path) -> None:
    """A block of template rows (Sheet.append_block): texts, numbers, an empty cell."""
    from dtikit.formats.sheetxml import Row

    book = XmlBook(openpyxl.Workbook(write_only=True))
    bold = book.style(font=st.BOLD, border=st.BOX)
    points = book.style(font=st.FONT, number_format=st.POINTS_FORMAT, border=st.BOX)
    rows = [Row([bold, ("mã 1", bold), points, bold]), Row([bold, ("  mã 2", bold), points, bold])]
    sheet = book.sheet(book.wb.create_sheet("khối"))
    sheet.ws.row_dimensions[2].height = 30
    for k in range(6):
        sheet.append_block(rows, [[f"Xã {k}", f"Xã {k}"], [Decimal(k), None],
                                  ["".join(["a & ", "<b>"]), TEXTS[k]]])  # a new str
    book.save(path)


def test_a_block_of_template_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows of a block hold shared strings (a text seen long ago shared again: both
    read back), their cells no reference, numbers no type; readers see the cells."""
    monkeypatch.setattr(sheetxml, "_SHARED", 3)
    fast, reference = write_both(tmp_path, _block)
    assert book_differences(fast, reference) == []
    with zipfile.ZipFile(fast) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
        strings = _shared_strings(z)
        assert "xl/sharedStrings.xml" in z.read("[Content_Types].xml").decode()
        assert "sharedStrings.xml" in z.read("xl/_rels/workbook.xml.rels").decode()
    assert '<row r="1"><c s="' in xml and ' r="A1"' not in xml and ' t="n"' not in xml
    assert '<row r="2" ht="30" customHeight="1"><c s="' in xml
    assert strings.count("a & <b>") > 1 and "  mã 2" in strings  # the bound: shared again
    ws = openpyxl.load_workbook(fast)["khối"]
    assert [c.value for c in ws[3]] == ["Xã 1", "mã 1", 1, "a & <b>"]
    assert [c.value for c in ws[4]] == ["Xã 1", "  mã 2", None, TEXTS[1]]
    assert ws["C4"].number_format == "0.00" and ws["D3"].font.b
    got = pc.CalamineWorkbook.from_path(str(fast)).get_sheet_by_name("khối").to_python()
    assert got[11] == ["Xã 5", "  mã 2", "", TEXTS[5]]
    from dtikit.formats.sheetxml import Row

    book = XmlBook(openpyxl.Workbook(write_only=True))
    row = Row([book.style()])
    with pytest.raises(ValueError, match="1 values for 2 rows"):
        book.sheet(book.wb.create_sheet("x")).append_block([row, row], [["a"]])


_PIECES = st_h.sampled_from(["a", "Đơn vị ", "ă", "a\u0306", "\u0301", "e\u0323\u0302", " ", "\t",
                             "\n", "\r", "\x00", "\x01", "\x1f", "\u00a0", "&", "<b>", '"',
                             "1,5", "→", "\ufffe", "\U0001f600"])
_TEXTS = st_h.lists(st_h.lists(_PIECES, min_size=1, max_size=6).map("".join), max_size=8)


@given(_TEXTS)
@settings(max_examples=400, deadline=None)
def test_shared_strings_made_at_once_are_each_texts(texts: list[str]) -> None:
    """A batch of shared strings is what each text gives alone (:func:`sheetxml._t`):
    safe, NFC, escaped, spaces at either end kept."""
    assert sheetxml._sis(texts) == "".join(f"<si>{sheetxml._t(t)}</si>" for t in texts).encode()


def test_a_batch_with_a_text_too_long_for_a_cell_is_refused_and_not_shared() -> None:
    book = XmlBook(openpyxl.Workbook(write_only=True))
    long = "x" * (st.MAX_CELL_TEXT + 1)
    with pytest.raises(ValueError, match="does not fit"):
        book._shared_tails([("ok", ""), (long, "")])
    assert book._shared == {} and book._count == 0
    assert book._shared_tails([("ok", ""), ("b", "")]) == [' t="s"><v>0</v></c>',
                                                         ' t="s"><v>1</v></c>']


def test_a_batch_of_plain_texts_is_made_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["Tỷ lệ = 3/4 = 0,75 & <b>\nLưu ý: a\r\nb", "Cộng: 1 + 2 = 3", "e\u0323\u0302"]
    want = sheetxml._sis(texts)

    def one_at_a_time(value: str) -> str:
        raise AssertionError("a text made alone")

    monkeypatch.setattr(sheetxml, "_t", one_at_a_time)
    assert sheetxml._sis(texts) == want == (
        "<si><t>Tỷ lệ = 3/4 = 0,75 &amp; &lt;b&gt;\nLưu ý: a&#13;\nb</t></si>"
        "<si><t>Cộng: 1 + 2 = 3</t></si><si><t>\u1ec7</t></si>").encode()
