"""Outputs an officer can send and print (issue 15): the official heading and
signatures by tier (golden), the round's year and period, one number style,
the page setup of every sheet, protected forms, the report for print; and,
where LibreOffice / Chromium and poppler are installed, the printed text size
and page counts measured on the PDF."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import statistics
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as hs
from openpyxl.cell.cell import MergedCell
from openpyxl.chart import BarChart, RadarChart
from test_report import CHROMIUM, _chrome
from test_xlsx_results import demo_cohort

import dtikit
from dtikit.formats import printing
from dtikit.formats.xlsx_form import write_filled_forms, write_template
from dtikit.formats.xlsx_results import RANKING_HEADER_ROW, write_ranking_table, write_results
from dtikit.issuance import BLANK, Issuance, basis_text, signatures
from dtikit.numbers import format_vi, parse_number_text, quantize
from dtikit.report import render_report
from dtikit.vocabulary import TERMS

HY = "hungyen/commune/2023"
ISSUED = Issuance(issuer="UBND thành phố Hưng Yên", decision="2947", date=dt.date(2023, 11, 2),
                  place="Hưng Yên")
OFFICE = shutil.which("libreoffice") or shutil.which("soffice")
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")
needs_office = pytest.mark.skipif(not (OFFICE and POPPLER),
                                  reason="LibreOffice or poppler-utils is not installed")


@pytest.fixture(scope="module")
def hy() -> tuple[dtikit.Rubric, dtikit.Results, tuple[dtikit.Scorecard, ...]]:
    rubric, results, cards = demo_cohort(HY, "hungyen")
    return rubric, results, tuple(cards)


def _host() -> dtikit.PluginHost:
    return dtikit.PluginHost()


# ------------------------------------------------------------- the texts


def test_heading_texts_given_and_blank() -> None:
    assert ISSUED.place_date() == "Hưng Yên, ngày 02 tháng 11 năm 2023"
    assert ISSUED.appendix_caption() == ("(Kèm theo Quyết định số 2947/QĐ-UBND ngày 02/11/2023 "
                                         "của UBND thành phố Hưng Yên)")  # seed 004
    assert ISSUED.issuer_heading() == "UBND THÀNH PHỐ HƯNG YÊN"
    blank = Issuance()
    assert blank.place_date() == f"{BLANK}, ngày {BLANK} tháng {BLANK} năm {BLANK}"
    assert blank.appendix_caption() == (f"(Kèm theo Quyết định số {BLANK}/QĐ-UBND ngày {BLANK} "
                                        f"của {BLANK})")
    assert blank.issuer_heading("UBND xã Hoàng Hanh") == "UBND XÃ HOÀNG HANH"
    assert Issuance(decision=" 12/QĐ-UBND ").decision_number() == "12/QĐ-UBND"
    with pytest.raises(ValueError, match="year"):
        Issuance(year=20240)


def test_round_year_and_period_not_the_rubric_validity() -> None:
    hy = _host().rubric(HY)  # valid 2023-2024, no data period of its own
    assert (hy.year, hy.until_year) == (2023, 2024)
    assert Issuance().period_text(hy) == "Năm 2023"
    round24 = Issuance(year=2024)
    assert round24.results_title(hy).endswith("cấp xã năm 2024")
    period = dtikit.Period(dt.date(2023, 11, 1), dt.date(2024, 9, 30))
    assert Issuance(data_period=period).period_text(hy) == \
        "Năm 2024 (số liệu từ 01/11/2023 - 30/9/2024)"
    na = _host().rubric("nghean/commune/2023")  # its data period: 01/01/2023 - 30/12/2023
    assert Issuance(year=2024).period_text(na) == "Năm 2024 (số liệu từ 01/1/2024 - 30/12/2024)"


@given(hs.dates(dt.date(1950, 1, 1), dt.date(2900, 12, 31)), hs.integers(1950, 2900))
def test_a_period_moves_to_the_round_whole_years(end: dt.date, year: int) -> None:
    start = end - dt.timedelta(days=300)
    rubric = attrs.evolve(_RUBRIC, period=dtikit.Period(start, end))
    moved = Issuance(year=year).period(rubric)
    assert moved is not None and moved.end.year == year
    assert moved.start.year == year - (end.year - start.year)
    for old, new in ((start, moved.start), (end, moved.end)):
        assert (new.month, new.day) == (old.month, old.day) or (old.month, old.day, new.day) == (
            2, 29, 28)


_RUBRIC = dtikit.PluginHost().rubric(HY)


def test_basis_names_the_appendix_once() -> None:
    text = basis_text(_host().rubric(HY))
    assert text.count("Phụ lục 3") == 1 and "Quyết định số 3047/QĐ-UBND" in text


# ----------------------------------------------------- golden: heading and signatures


def _texts(ws: Any, rows: range) -> list[str]:
    return [c.value for r in rows for c in ws[r] if isinstance(c.value, str) and c.value]


def _signature_texts(ws: Any) -> list[str]:
    """The texts after the total row (the signature blocks)."""
    total = next(r for r in range(1, ws.max_row + 1)
                 if ws.cell(r, ws.max_column).value == "total")
    return _texts(ws, range(total + 1, ws.max_row + 1))


HEADING = ["UBND THÀNH PHỐ HƯNG YÊN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
           "Độc lập - Tự do - Hạnh phúc", "Hưng Yên, ngày 02 tháng 11 năm 2023"]
SIGN = "(Ký, ghi rõ họ tên)"
SEAL = "(Ký, đóng dấu, ghi rõ họ tên)"
GOLDEN_SIGNATURES = {
    ("commune", False): ["NGƯỜI LẬP BIỂU", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", SIGN, SEAL],
    ("district", False): ["NGƯỜI LẬP BIỂU", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", SIGN, SEAL],
    ("department", False): ["NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", SIGN, SEAL],
    ("commune", True): ["NGƯỜI THẨM ĐỊNH", "THỦ TRƯỞNG CƠ QUAN THẨM ĐỊNH", SIGN, SEAL],
}


@pytest.mark.parametrize("rubric_id,appraisal", [
    ("nghean/commune/2023", False), ("nghean/district/2023", False),
    ("nghean/department/2023", False), ("nghean/commune/2023", True)])
def test_golden_form_heading_and_signatures(tmp_path: Path, rubric_id: str,
                                            appraisal: bool) -> None:
    rubric = _host().rubric(rubric_id)
    path = tmp_path / "bieu.xlsx"
    write_template(rubric, path, appraisal=appraisal, issuance=ISSUED)
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert _texts(ws, range(2, 5)) == HEADING
    assert _signature_texts(ws) == GOLDEN_SIGNATURES[rubric.tier.key, appraisal]
    # a blank form without an issuer: the unit's name heads it, blanks elsewhere
    write_template(rubric, path, unit="UBND xã Hoàng Hanh", appraisal=appraisal)
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert _texts(ws, range(2, 5)) == ["UBND XÃ HOÀNG HANH", *HEADING[1:3],
                                       f"{BLANK}, ngày {BLANK} tháng {BLANK} năm {BLANK}"]


def test_golden_results_heading_and_signatures(tmp_path: Path, hy: tuple[
        dtikit.Rubric, dtikit.Results, tuple[dtikit.Scorecard, ...]]) -> None:
    rubric, results, _ = hy
    path = tmp_path / "bang.xlsx"
    write_ranking_table(rubric, results, path, issuance=attrs.evolve(ISSUED, year=2024))
    ws = openpyxl.load_workbook(path)["Xếp hạng"]
    assert _texts(ws, range(1, 7)) == [
        *HEADING, "PHỤ LỤC", "Kết quả đánh giá, xếp hạng Chỉ số chuyển đổi số (DTI) cấp xã năm 2024",
        "(Kèm theo Quyết định số 2947/QĐ-UBND ngày 02/11/2023 của UBND thành phố Hưng Yên)"]
    assert ws.cell(RANKING_HEADER_ROW, 1).value == "Xếp hạng DTI năm 2024"
    texts = _texts(ws, range(1, ws.max_row + 1))
    tail = texts[texts.index("NGƯỜI LẬP BIỂU"):]
    assert tail == ["NGƯỜI LẬP BIỂU", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", SIGN, SEAL]
    # no internal id on the printed table
    assert not any(rubric.id in t for t in _texts(ws, range(1, ws.max_row + 1)))
    assert openpyxl.load_workbook(path).properties.creator == "UBND thành phố Hưng Yên"


def test_signatures_declared_by_a_rubric() -> None:
    rubric = _host().rubric("nghean/department/2023")
    assert signatures(rubric, "self") == (("NGƯỜI LẬP BIỂU",), ("THỦ TRƯỞNG ĐƠN VỊ",))
    own = attrs.evolve(rubric, workflow=attrs.evolve(
        rubric.workflow, signatures={"self": ("NGƯỜI LẬP BIỂU", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC")}))
    assert signatures(own, "self") == (("NGƯỜI LẬP BIỂU",), ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"))
    assert signatures(own, "results") == signatures(rubric, "results")  # not declared: default
    assert dtikit.loads(dtikit.dumps(own), dtikit.Rubric) == own  # rubric data keeps them
    with pytest.raises(ValueError, match="document"):
        signatures(rubric, "letter")


# ----------------------------------------------------------- page setup


def _check_page(ws: Any, *, titles: bool) -> None:
    mm = 1 / 25.4
    assert ws.page_setup.paperSize in (printing.A4, printing.A3), ws.title
    m = ws.page_margins
    assert 30 * mm - 0.01 <= m.left <= 35 * mm + 0.01, ws.title
    assert 15 * mm - 0.01 <= m.right <= 20 * mm + 0.01, ws.title
    assert 20 * mm - 0.01 <= m.top <= 25 * mm + 0.01 and 20 * mm - 0.01 <= m.bottom <= 25 * mm
    assert ws.oddFooter.center.text == "Trang &P/&N", ws.title
    assert ws.print_area, ws.title
    assert bool(ws.print_title_rows) is titles, ws.title


def test_every_sheet_is_set_up_for_print(tmp_path: Path, hy: tuple[
        dtikit.Rubric, dtikit.Results, tuple[dtikit.Scorecard, ...]]) -> None:
    rubric, results, cards = hy
    book = tmp_path / "ket-qua.xlsx"
    write_results(rubric, results, cards, book, radars=3)
    wb = openpyxl.load_workbook(book)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        _check_page(ws, titles=ws.title != "Biểu đồ")
    ranking, charts = wb["Xếp hạng"], wb["Biểu đồ"]
    assert ranking.page_setup.orientation == "landscape"
    assert ranking.page_setup.fitToWidth == 1 and ranking.sheet_properties.pageSetUpPr.fitToPage
    assert ranking.print_title_rows == f"${RANKING_HEADER_ROW}:${RANKING_HEADER_ROW}"
    # charts: one a page at 100 % (each starts after a manual break)
    assert [type(c) for c in charts._charts] == [BarChart] + [RadarChart] * 3
    assert len(charts.row_breaks.brk) == 4 and charts.page_setup.scale == 100
    assert not charts.sheet_properties.pageSetUpPr.fitToPage
    # the table's widths fill A4 landscape between the margins (it prints at full size)
    width = sum(ranking.column_dimensions[openpyxl.utils.get_column_letter(i)].width + 5 / 7
                for i in range(1, ranking.max_column + 1))
    assert width <= printing.printable_units() + 0.5
    for appraisal in (False, True):
        form = tmp_path / f"bieu-{appraisal}.xlsx"
        write_template(rubric, form, appraisal=appraisal)
        ws = openpyxl.load_workbook(form).worksheets[0]
        _check_page(ws, titles=True)
        assert ws.page_setup.paperSize == (printing.A3 if appraisal else printing.A4)
    filled = tmp_path / "filled.xlsx"
    units = dtikit.files.read_inputs(rubric, [_demo_file("hungyen_assessments")]).assessments
    write_filled_forms(rubric, list(units)[:2], None, filled)
    for ws in openpyxl.load_workbook(filled).worksheets:
        if ws.sheet_state == "visible":
            _check_page(ws, titles=True)
    from dtikit.formats.collection import write_collection

    table = tmp_path / "tong-hop.xlsx"
    write_collection(rubric, list(units)[:3], table)
    ws = openpyxl.load_workbook(table).worksheets[0]
    _check_page(ws, titles=True)
    assert rubric.id not in str(ws["A2"].value)


def _demo_file(key: str) -> Path:
    from importlib.resources import files

    from dtikit.demo.names import FILES

    return Path(str(files("dtikit.demo") / FILES[key]))


def test_more_than_eight_main_indices_print_on_a3() -> None:
    assert printing.paper_for(8) == printing.A4 and printing.paper_for(9) == printing.A3
    widths = printing.fit_widths([6.5, 24.0] + [None] * 11)
    assert min(widths[2:]) >= 8.5  # never narrower than a number needs


# ------------------------------------------------------------- the forms


def test_forms_are_protected_with_only_inputs_open(tmp_path: Path) -> None:
    rubric = _host().rubric(HY)
    path = tmp_path / "bieu.xlsx"
    write_template(rubric, path, unit="UBND xã Hoàng Hanh")
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert ws.protection.sheet and not ws.protection.password
    machine = ws.max_column
    assert ws.column_dimensions[openpyxl.utils.get_column_letter(machine)].hidden
    inputs = [c for row in ws.iter_rows() for c in row if c.fill.fgColor.rgb == "00FFF2CC"]
    others = [c for row in ws.iter_rows() for c in row if c.fill.fgColor.rgb != "00FFF2CC"
              and not isinstance(c, MergedCell)]  # a merged range is its first cell
    assert len(inputs) > len(list(rubric.leaves()))
    assert not any(c.protection.locked for c in inputs)
    assert all(c.protection.locked for c in others)
    assert all(ws.cell(r, machine).protection.locked for r in range(1, ws.max_row + 1))
    write_template(rubric, path, password="bí mật", issuance=ISSUED, unit="X", appraisal=False)
    wb = openpyxl.load_workbook(path)
    assert wb.worksheets[0].protection.password  # stored hashed
    assert wb.properties.creator == "UBND thành phố Hưng Yên"
    texts = _texts(wb.worksheets[0], range(1, 30))
    assert any(t.startswith("Kỳ đánh giá: Năm 2023") for t in texts)
    assert any("tài liệu kiểm chứng" in t for t in texts)


def test_filled_form_carries_the_self_total(tmp_path: Path, hy: tuple[
        dtikit.Rubric, dtikit.Results, tuple[dtikit.Scorecard, ...]]) -> None:
    rubric, _, _ = hy
    units = list(dtikit.files.read_inputs(rubric, [_demo_file("hungyen_assessments")])
                 .assessments)[:1]
    path = tmp_path / "f.xlsx"
    write_filled_forms(rubric, units, None, path)
    ws = openpyxl.load_workbook(path).worksheets[0]
    total = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, ws.max_column).value == "total")
    card = dtikit.score(rubric, units)[0]
    values = [c.value for c in ws[total] if isinstance(c.value, (int, float))]
    assert Decimal(str(values[-1])) == card.self_total
    assert ws.cell(total, 3).number_format == "0"  # the scale 1000, whole


# ------------------------------------------------------------- one number style


@given(hs.decimals(min_value=-10**6, max_value=10**6, allow_nan=False, places=6),
       hs.integers(0, 4))
def test_format_vi_fixed_places_reads_back(value: Decimal, places: int) -> None:
    text = format_vi(value, places, trim=False)
    decimals = text.partition(",")[2]
    assert len(decimals) == places and "." not in text
    assert parse_number_text(text) == quantize(value, places)
    whole = format_vi(value, places, trim=False, whole=True)
    if value == value.to_integral_value():
        assert whole == str(int(value)).replace("-0", "0")
    else:
        assert whole == text


def test_workbook_formats_follow_the_rubric_places(tmp_path: Path, hy: tuple[
        dtikit.Rubric, dtikit.Results, tuple[dtikit.Scorecard, ...]]) -> None:
    rubric, _, _ = hy
    one = attrs.evolve(rubric, rounding=dtikit.Rounding(1), classification=None)
    units = list(dtikit.files.read_inputs(one, [_demo_file("hungyen_assessments")]).assessments)
    cards = dtikit.score(one, units)
    path = tmp_path / "r.xlsx"
    write_ranking_table(one, dtikit.rank(cards, one), path)
    ws = openpyxl.load_workbook(path)["Xếp hạng"]
    header = [c.value for c in ws[RANKING_HEADER_ROW]]
    assert "Xếp loại" not in header  # no empty class column without bands
    assert "Tổng điểm (1000 điểm)" in header
    first = ws[RANKING_HEADER_ROW + 1]
    assert {c.number_format for c in first[2:10]} == {"0.0"}


def test_report_numbers_at_the_rubric_places(hy: tuple[
        dtikit.Rubric, dtikit.Results, tuple[dtikit.Scorecard, ...]]) -> None:
    rubric, results, cards = hy
    html = render_report(rubric, results, cards, issuance=attrs.evolve(ISSUED, year=2024))
    nums = re.findall(r'<td class="num[^"]*">(?:<strong>)?([^<]*)<', html)
    points = [n for n in nums if n and n != "—" and not n.isdigit()]
    assert points and all(re.fullmatch(r"-?\d+,\d{2}%?", n) for n in points), points[:5]
    # the charts too: totals and index points at the rubric's places, maxima whole
    charted = re.findall(r'<text class="value"[^>]*>([^<]*)<', html)
    assert charted and all(re.fullmatch(r"\d+,\d{2}( · .*|/\d+)?", t) for t in charted), \
        [t for t in charted if not re.fullmatch(r"\d+,\d{2}( · .*|/\d+)?", t)][:5]
    assert "<title>[DỮ LIỆU MẪU] Kết quả đánh giá, xếp hạng" in html and "năm 2024" in html
    assert "@page { size: A4 landscape" in html and "Times New Roman" in html
    assert "<caption>" in html and 'scope="col"' in html
    assert "NGƯỜI LẬP BIỂU" in html and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html
    body = html.split("</head>", 1)[1]
    assert rubric.id not in body  # the internal id only in the page's metadata
    for wrong in ("Ghi nhận", "minh hoạ", "Điểm cuối cùng", "không được giao", "Nhóm xếp hạng"):
        assert wrong not in html


def test_glossary_lists_the_vocabulary() -> None:
    text = (Path(__file__).parent.parent / "docs" / "glossary.md").read_text(encoding="utf-8")
    for vi, en in TERMS.items():
        assert vi in text and en in text, vi


# ------------------------------------------------------ measured on the printed PDF


def _pdf(tmp_path: Path, src: Path) -> Path:
    assert OFFICE is not None
    done = subprocess.run(
        [OFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(src)],
        capture_output=True, timeout=240, check=False)
    pdf = tmp_path / "pdf" / (src.stem + ".pdf")
    assert done.returncode == 0 and pdf.exists(), done.stderr
    return pdf


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]


def _word_heights(pdf: Path, page: int = 1) -> list[float]:
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [float(y2) - float(y1) for y1, y2 in
            re.findall(r'<word xMin="[^"]*" yMin="([^"]*)" xMax="[^"]*" yMax="([^"]*)"', out)]


@pytest.fixture(scope="module")
def twelve_points(tmp_path_factory: pytest.TempPathFactory) -> float:
    """The height poppler gives a word of 12 pt Times New Roman printed at 100 %."""
    tmp = tmp_path_factory.mktemp("calibrate")
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 6):
        ws.cell(r, 1, "Chuẩn đo cỡ chữ").font = openpyxl.styles.Font(name="Times New Roman",
                                                                    size=12)
    wb.save(tmp / "chuan.xlsx")
    return statistics.median(_word_heights(_pdf(tmp, tmp / "chuan.xlsx")))


@needs_office
def test_printed_ranking_is_readable_on_a4(tmp_path: Path, twelve_points: float, hy: tuple[
        dtikit.Rubric, dtikit.Results, tuple[dtikit.Scorecard, ...]]) -> None:
    rubric, results, cards = hy
    table = tmp_path / "bang.xlsx"
    write_ranking_table(rubric, results, table, issuance=ISSUED)
    pdf = _pdf(tmp_path, table)
    sizes = [h / twelve_points * 12 for h in _word_heights(pdf)]
    assert min(sizes) >= 10 - 0.2, sorted(sizes)[:5]  # every word, the footer too
    assert statistics.median(sizes) >= 11
    assert _pages(pdf) <= 2  # 12 units, the excluded one and the signatures
    # the whole workbook: the charts each on one page of their own
    book = tmp_path / "ket-qua.xlsx"
    write_results(rubric, results, cards, book, radars=3, breakdown=False)
    assert _pages(_pdf(tmp_path, book)) == _pages(pdf) + 1 + 1 + 3  # table, bars, 3 radars


@needs_office
def test_printed_form_is_readable_on_a4(tmp_path: Path, twelve_points: float) -> None:
    form = tmp_path / "bieu.xlsx"
    write_template(_host().rubric(HY), form, unit="UBND xã Hoàng Hanh")
    pdf = _pdf(tmp_path, form)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+841\.\d+ x 595\.\d+", info), info  # A4 landscape
    sizes = [h / twelve_points * 12 for page in (1, 2) for h in _word_heights(pdf, page)]
    assert statistics.median(sizes) >= 10.5 and min(sizes) >= 10 - 0.2, sorted(sizes)[:5]


@pytest.mark.skipif(CHROMIUM is None or not POPPLER, reason="no Chromium or poppler-utils")
def test_report_prints_on_a4_landscape(tmp_path: Path, hy: tuple[
        dtikit.Rubric, dtikit.Results, tuple[dtikit.Scorecard, ...]]) -> None:
    rubric, results, cards = hy
    page = tmp_path / "bao-cao.html"
    page.write_text(render_report(rubric, results, cards, issuance=ISSUED), encoding="utf-8")
    pdf = tmp_path / "bao-cao.pdf"
    done = _chrome(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
                   page.resolve().as_uri())
    assert pdf.exists(), done.stderr[-2000:]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+841\.\d+ x 59[45]\.\d+", info), info  # A4 landscape


# ------------------------------------------------------------------ the CLI


def test_cli_options_reach_the_outputs(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dtikit.cli import cli

    def run(*args: str) -> Any:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    heading = ["--issuer", "UBND thành phố Hưng Yên", "--decision", "2947", "--date",
               "02/11/2023", "--place", "Hưng Yên", "--year", "2024"]
    form = tmp_path / "bieu.xlsx"
    done = run("template", HY, "-o", str(form), "--unit", "UBND xã Hoàng Hanh", "--password",
               "mk", "--period", "01/11/2023-30/9/2024", *heading)
    assert done.exit_code == 0, done.output
    wb = openpyxl.load_workbook(form)
    ws = wb.worksheets[0]
    assert ws.protection.sheet and ws.protection.password
    texts = _texts(ws, range(2, 30))
    assert texts[:4] == HEADING and "NĂM 2024" in texts[4]
    assert "Kỳ đánh giá: Năm 2024 (số liệu từ 01/11/2023 - 30/9/2024)." in texts
    assert run("template", HY, "-o", str(tmp_path / "x.xlsx"), "--period", "2023").exit_code != 0
    out = tmp_path / "ket-qua.xlsx"
    report = tmp_path / "bao-cao.html"
    done = run("score", HY, _demo_file("hungyen_assessments").as_posix(), "-o", str(out),
               "--report", str(report), *heading)
    assert done.exit_code in (0, 1), done.output
    ws = openpyxl.load_workbook(out)["Xếp hạng"]
    assert _texts(ws, range(1, 7))[:4] == HEADING
    assert ws["A6"].value == ("(Kèm theo Quyết định số 2947/QĐ-UBND ngày 02/11/2023 của UBND "
                              "thành phố Hưng Yên)")
    html = report.read_text(encoding="utf-8")
    assert "cấp xã năm 2024" in html and "Hưng Yên, ngày 02 tháng 11 năm 2023" in html
    # the terminal summary: points at the rubric's 2 places, decimal comma
    totals = re.findall(r"^\s*\d+\s+.*?\s(\d+,\d+)\s+\d+,\d+%", done.output, re.M)
    assert totals and all(len(t.split(",")[1]) == 2 for t in totals)
