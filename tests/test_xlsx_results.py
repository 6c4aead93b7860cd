"""The results workbook in the published layout (golden, against seed 004), read
back for recomputation; published tables from xlsx/CSV/TSV; one-row-per-unit
collections; and the workbooks render in LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import unicodedata
import zipfile
from datetime import date
from decimal import Decimal
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
import python_calamine as pc
from openpyxl.chart import BarChart, RadarChart
from test_sheetxml import assert_valid_zip, book_differences, write_both

import dtikit
from dtikit.formats.collection import write_collection
from dtikit.formats.tables import read_published
from dtikit.formats.xlstyle import safe_text
from dtikit.formats.xlsx_form import write_template
from dtikit.formats.xlsx_read import read_assessments
from dtikit.formats.xlsx_results import (
    EXCLUDED_TITLE,
    HEADER_ROW,
    RANKING_HEADER_ROW,
    SAMPLE_BANNER,
    write_ranking_table,
    write_results,
    write_results_book,
)
from dtikit.plugin import read_delimited
from dtikit.ranking import Exclusion

CITY = "Thành phố Hưng Yên"
# seed 004's only disagreement: the total printed for Phương Chiểu is 1 more than its parts
SEED_ERRORS = [("UBND xã Phương Chiểu", "total", "288,11", "287,11")]


def errors(check: dtikit.TableCheck) -> list[tuple[str, str, str, str]]:
    return [(d.unit, d.field, d.published, d.recomputed) for d in check.errors]
MAXIMA = ["100", "100", "100", "100", "100", "200", "150", "150"]


@pytest.fixture(scope="module")
def seed004(data_dir: Path, hungyen_commune: dtikit.Rubric) -> dtikit.PublishedTable:
    text = (data_dir / "hungyen_tp_2023_communes.tsv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.startswith("#")]
    return read_delimited("\n".join(lines), hungyen_commune)


@pytest.fixture(scope="module")
def cohort(seed004: dtikit.PublishedTable, hungyen_commune: dtikit.Rubric
           ) -> tuple[dtikit.Rubric, dtikit.Results, tuple[dtikit.Scorecard, ...]]:
    """The 17 communes of seed 004 scored from their published parts, plus one
    unit assessed but not ranked."""
    units = [dtikit.Assessment(hungyen_commune.id, dtikit.Unit(row.unit, parent=CITY), answers=[
        dtikit.Answer(code, dtikit.Number(points)) for code, points in row.parts.items()])
        for row in seed004.rows]
    units.append(dtikit.Assessment(
        hungyen_commune.id, dtikit.Unit("UBND xã Thử Nghiệm", parent=CITY),
        answers=[dtikit.Answer(str(i), dtikit.Number(10)) for i in range(1, 9)],
        ranked=False, not_ranked_reason="Đơn vị mới thành lập"))
    cards = dtikit.score(hungyen_commune, units)
    return hungyen_commune, dtikit.rank(cards, hungyen_commune), cards


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory, cohort: tuple[
        dtikit.Rubric, dtikit.Results, tuple[dtikit.Scorecard, ...]]) -> Path:
    path = tmp_path_factory.mktemp("results") / "ket-qua.xlsx"
    write_results(*cohort, path)
    return path


def test_golden_results_workbook(book: Path, seed004: dtikit.PublishedTable,
                                 cohort: tuple[dtikit.Rubric, dtikit.Results, object]) -> None:
    rubric, results, _ = cohort
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["Xếp hạng", "Biểu đồ", "Chi tiết", "_dtikit"]
    assert wb["_dtikit"].sheet_state == "hidden"
    ws = wb["Xếp hạng"]
    # the decision's appendix (seed 004): heading, PHỤ LỤC, title, caption, basis
    assert ws["C1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert ws["A4"].value == "PHỤ LỤC" and ws["A5"].value.endswith("cấp xã năm 2023")
    assert ws["A6"].value.startswith("(Kèm theo Quyết định số ")
    assert "Quyết định số 3047/QĐ-UBND" in ws["A7"].value
    assert ws["A7"].value.endswith(f"\nPhạm vi xếp hạng: {CITY}")  # one scope: said once
    assert RANKING_HEADER_ROW == 9
    header = [c.value for c in ws[9]]
    names = [n.name for n in rubric.main_indices]
    assert header[:2] == ["Xếp hạng DTI năm 2023", "Đơn vị"]
    assert header[2:10] == [f"{n} ({m} điểm)" for n, m in zip(names, MAXIMA)]
    assert header[10:] == ["Tổng điểm (1000 điểm)", "Xếp loại"]
    published = {r.unit: r for r in seed004.rows}
    for i in range(17):
        row = [c for c in ws[10 + i]]
        unit = row[1].value
        pub = published[unit]
        assert row[0].value == pub.rank
        parts = [Decimal(str(c.value)) for c in row[2:10]]
        assert parts == [pub.parts[str(k)] for k in range(1, 9)]
        # dtikit's total is the sum of the parts; seed 004 prints 288,11 for Phương
        # Chiểu, whose parts add up to 287,11 (the one disagreement check_table finds)
        assert Decimal(str(row[10].value)) == sum(parts)
        assert sum(parts) == pub.total or unit == "UBND xã Phương Chiểu"
        assert row[10].number_format == "0.00"
        assert row[11].value == pub.class_label
    assert ws.cell(10, 2).value == "UBND xã Hoàng Hanh" and ws.cell(26, 2).value == \
        "UBND xã Phương Chiểu"
    # the excluded unit, below, with its reason
    assert ws.cell(28, 1).value == EXCLUDED_TITLE
    assert ws.cell(30, 2).value == "UBND xã Thử Nghiệm"
    assert "Đơn vị mới thành lập" in ws.cell(30, 3).value
    # the signatures below: the preparer and the approving officer
    tail = [c.value for row in ws.iter_rows(min_row=31) for c in row if c.value]
    assert tail[:4] == ["NGƯỜI LẬP BIỂU", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
                        "(Ký, ghi rõ họ tên)"]
    # both charts, on the chart sheet (none beside the table)
    assert not ws._charts
    bars = [c for c in wb["Biểu đồ"]._charts if isinstance(c, BarChart)]
    assert len(bars) == 1
    radars = [c for c in wb["Biểu đồ"]._charts if isinstance(c, RadarChart)]
    assert len(radars) == len(results.rows) == 17
    assert SAMPLE_BANNER not in [c.value for c in ws["A"]]


def test_breakdown_sheet(book: Path) -> None:
    ws = openpyxl.load_workbook(book)["Chi tiết"]
    header = [c.value for c in ws[5]]
    assert header[:3] == ["Đơn vị", "Mã chỉ số", "Chỉ số"]
    assert header[5:8] == ["Tự đánh giá", "Thẩm định", "Điểm đạt được (sau thẩm định)"]
    first = [c.value for c in ws[6]]
    assert first[0] == "UBND xã Hoàng Hanh" and first[1] == "1"
    assert Decimal(str(first[7])) == 60 and "Điểm chấm" in first[9]
    units = {ws.cell(r, 1).value for r in range(6, ws.max_row + 1)}
    assert len(units) == 18  # every unit, the excluded one too


def test_results_read_back_and_recheck(book: Path, seed004: dtikit.PublishedTable,
                                       hungyen_commune: dtikit.Rubric) -> None:
    for engine in ("calamine", "openpyxl"):
        table = read_published(hungyen_commune, book, engine=engine)
        assert [(r.unit, r.parts, r.rank, r.class_label) for r in table.rows] == \
            [(r.unit, r.parts, r.rank, r.class_label) for r in seed004.rows]
        assert table.rows[0].where == "Xếp hạng!A10"
        assert dtikit.check_table(hungyen_commune, table).agrees  # dtikit's own totals


def test_sample_results_are_flagged(tmp_path: Path, sample_rubric: dtikit.Rubric) -> None:
    a = dtikit.Assessment(sample_rubric.id, dtikit.Unit("UBND xã Mẫu"), sample=True, answers=[
        dtikit.Answer(n.code, dtikit.Number(0) if n.method and n.method.kind in (
            "steps", "relative_to_best", "awarded", "tracked") else None)
        for n in sample_rubric.leaves()])
    cards = dtikit.score(sample_rubric, [a])
    results = dtikit.rank(cards, sample_rubric)
    assert results.sample
    path = tmp_path / "mau.xlsx"
    write_results(sample_rubric, results, cards, path)
    wb = openpyxl.load_workbook(path)
    assert wb["Xếp hạng"]["A8"].value == SAMPLE_BANNER
    for name in ("Biểu đồ", "Chi tiết"):
        assert wb[name]["A3"].value == SAMPLE_BANNER



# every leaf of tests/data/sample_commune.toml answered
_ANSWERS = (
    dtikit.Answer("1.1", dtikit.Number(4)), dtikit.Answer("1.2", dtikit.Ratio(1, 2)),
    dtikit.Answer("1.3", dtikit.Choice("chu_tich")),
    dtikit.Answer("1.4", dtikit.Parts(frozenset({"du_hop"}))),
    dtikit.Answer("1.5", dtikit.Flag(True)), dtikit.Answer("1.6", dtikit.Ratio(9, 10)),
    dtikit.Answer("2.1", dtikit.Number(12)), dtikit.Answer("2.2", dtikit.Number(30)),
    dtikit.Answer("2.3", dtikit.Flag(False)), dtikit.Answer("2.4", dtikit.Number(1)))


def test_one_sheet_set_per_tier(tmp_path: Path, cohort: tuple[dtikit.Rubric, dtikit.Results,
                                tuple[dtikit.Scorecard, ...]], sample_rubric: dtikit.Rubric
                                ) -> None:
    answers = list(_ANSWERS)
    units = [dtikit.Assessment(sample_rubric.id, dtikit.Unit(f"Xã {i}"), answers=answers)
             for i in range(3)]
    cards = dtikit.score(sample_rubric, units)
    path = tmp_path / "book.xlsx"
    write_results_book([cohort, (sample_rubric, dtikit.rank(cards, sample_rubric), cards)], path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:6] == ["Xếp hạng Cấp xã 2023", "Biểu đồ Cấp xã 2023",
                                 "Chi tiết Cấp xã 2023", "Xếp hạng Cấp xã 2023 (2)",
                                 "Biểu đồ Cấp xã 2023 (2)", "Chi tiết Cấp xã 2023 (2)"]
    conv = [c.value for c in wb["Xếp hạng Cấp xã 2023 (2)"][RANKING_HEADER_ROW]]
    assert "Điểm CCHC" in conv  # the rubric's declared conversion, as a column
    assert dtikit.check_table(sample_rubric, read_published(sample_rubric, path)).agrees
    assert read_published(cohort[0], path).rows[0].unit == "UBND xã Hoàng Hanh"


# ------------------------------------------------------- published tables


def test_published_text_files(tmp_path: Path, data_dir: Path, hungyen_commune: dtikit.Rubric,
                              seed004: dtikit.PublishedTable) -> None:
    text = (data_dir / "hungyen_tp_2023_communes.tsv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.startswith("#")]
    tsv = tmp_path / "bang.tsv"
    tsv.write_text("\n".join(lines), encoding="utf-8")
    csv = tmp_path / "bang.csv"
    csv.write_text("\ufeff" + "\n".join(",".join(f'"{c}"' for c in ln.split("\t"))
                                        for ln in lines if ln.strip()), encoding="utf-8")
    for path in (tsv, csv):
        table = read_published(hungyen_commune, path)
        assert [r.total for r in table.rows] == [r.total for r in seed004.rows]
        assert errors(dtikit.check_table(hungyen_commune, table)) == SEED_ERRORS


def test_published_xlsx_as_a_province_types_it(tmp_path: Path, data_dir: Path,
                                               hungyen_commune: dtikit.Rubric) -> None:
    """Title rows, a blank line inside the table, numbers as text with decimal commas."""
    text = (data_dir / "hungyen_tp_2023_communes.tsv").read_text(encoding="utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if not ln.startswith("#")]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["PHỤ LỤC"])
    ws.append(["Kết quả đánh giá xếp hạng Chuyển đổi số (DTI) cấp xã năm 2023"])
    for cells in rows:
        if not any(c.strip() for c in cells):
            continue
        out: list[object] = []
        for i, c in enumerate(cells):
            out.append(float(c.replace(",", ".")) if i in (2, 5, 10) and c[:1].isdigit() else c)
        ws.append(out)
    ws.append([])
    ws.append(["Ghi chú: số liệu do UBND thành phố công bố"])
    path = tmp_path / "phu-luc.xlsx"
    wb.save(path)
    table = read_published(hungyen_commune, path)
    assert len(table.rows) == 17
    assert table.rows[0].parts["3"] == Decimal("91.27")
    check = dtikit.check_table(hungyen_commune, table)
    assert errors(check) == SEED_ERRORS
    assert check.errors[0].where == "Sheet!A20"
    # a bad cell is named by its place
    ws.cell(5, 3).value = "60 điểm"
    wb.save(path)
    with pytest.raises(dtikit.FileRejected, match="Sheet!C5"):
        read_published(hungyen_commune, path)


# ------------------------------------------------------------ collections


def test_collection_layout(tmp_path: Path, sample_rubric: dtikit.Rubric) -> None:
    path = tmp_path / "tong-hop.xlsx"
    write_collection(sample_rubric, [], path)
    ws = openpyxl.load_workbook(path)["Tổng hợp"]
    keys = [c.value for c in ws[4]]
    assert keys[:2] == ["@unit_id", "@unit"]
    assert {"1.2:a", "1.2:b", "1.4:part:du_hop", "1.5"} <= set(keys)
    assert ws.row_dimensions[4].hidden
    # an officer fills two rows, one with a mistake
    ws.append(["x1", "UBND xã A"] + [None] * (len(keys) - 2))
    ws.append(["x2", "UBND xã B"] + [None] * (len(keys) - 2))
    ws.cell(5, keys.index("1.5") + 1).value = "Có"
    ws.cell(6, keys.index("1.1") + 1).value = "bốn"
    ws.cell(6, keys.index("1.2:a") + 1).value = "3"
    wb = ws.parent
    wb.save(path)
    report = read_assessments(sample_rubric, path)
    assert (report.rows_read, report.rows_accepted, len(report.rejected)) == (2, 1, 1)
    assert report.assessments[0].answer("1.5").value == dtikit.Flag(True)
    wheres = sorted(p.where for p in report.problems)
    letter = openpyxl.utils.get_column_letter
    assert wheres == sorted([f"Tổng hợp!{letter(keys.index('1.1') + 1)}6, UBND xã B",
                             f"Tổng hợp!{letter(keys.index('1.2:b') + 1)}6, UBND xã B"])
    assert report.rejected[0].where == "Tổng hợp!6:6"


def test_collection_refuses_appraisals(tmp_path: Path, sample_rubric: dtikit.Rubric) -> None:
    a = dtikit.Assessment(sample_rubric.id, dtikit.Unit("X"), appraisals=[
        dtikit.Appraisal("Phòng Văn hóa và Thông tin", [dtikit.Answer("1.5", dtikit.Flag(True))])])
    with pytest.raises(ValueError, match="self-assessments only"):
        write_collection(sample_rubric, [a], tmp_path / "x.xlsx")


def test_collection_reads_thousands_fast(tmp_path: Path, hungyen_commune: dtikit.Rubric) -> None:
    units = [dtikit.Assessment(hungyen_commune.id, dtikit.Unit(f"Xã {i:04d}"), answers=[
        dtikit.Answer(str(k), dtikit.Number(Decimal(i % 97) + Decimal("0.25")))
        for k in range(1, 9)]) for i in range(2000)]
    path = tmp_path / "many.xlsx"
    write_collection(hungyen_commune, units, path)
    start = time.perf_counter()
    report = read_assessments(hungyen_commune, path)
    elapsed = time.perf_counter() - start
    assert report.rows_accepted == 2000
    assert report.assessments == tuple(
        a.__class__(a.rubric_id, dtikit.Unit(a.unit.name, tier=hungyen_commune.tier), a.answers)
        for a in units)
    assert elapsed < 10


# --------------------------------------------------------------- rendering

OFFICE = shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed")
def test_workbooks_render_in_libreoffice(tmp_path: Path, book: Path,
                                         sample_rubric: dtikit.Rubric) -> None:
    form = tmp_path / "bieu.xlsx"
    write_template(sample_rubric, form, appraisal=True, unit="UBND xã Hoàng Hanh")
    for src in (book, form):
        target = tmp_path / src.name
        if target != src:
            shutil.copy(src, target)
        assert OFFICE is not None
        done = subprocess.run(
            [OFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
             "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(target)],
            capture_output=True, timeout=180, check=False)
        pdf = tmp_path / "pdf" / (target.stem + ".pdf")
        assert done.returncode == 0, done.stderr
        assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-"
        assert pdf.stat().st_size > 5000


def test_radar_titles_hold_no_control_characters(
        tmp_path: Path, cohort: tuple[dtikit.Rubric, dtikit.Results, object]) -> None:
    """A unit's name with a control character made the chart XML malformed."""
    rubric, results, _ = cohort
    rows = tuple(attrs.evolve(r, unit=attrs.evolve(r.unit, name=f"Xã\x07chuông\x1f {i}"))
                 for i, r in enumerate(results.rows[:2]))
    path = tmp_path / "r.xlsx"
    write_results(rubric, attrs.evolve(results, rows=rows, excluded=()), (), path)
    charts = openpyxl.load_workbook(path)["Biểu đồ"]._charts
    titles = [c.title.tx.rich.p[0].r[0].t for c in charts if isinstance(c, RadarChart)]
    assert titles == ["1. Xã chuông  0", "2. Xã chuông  1"]


def test_no_radar_under_three_main_indices(tmp_path: Path,
                                           sample_rubric: dtikit.Rubric) -> None:
    """A radar of one or two axes shows nothing: the sheet keeps the table and
    the bar chart."""
    assert len(sample_rubric.main_indices) < 3
    units = [dtikit.Assessment(sample_rubric.id, dtikit.Unit(f"Xã {i}"), answers=_ANSWERS)
             for i in range(3)]
    cards = dtikit.score(sample_rubric, units)
    path = tmp_path / "r.xlsx"
    write_results(sample_rubric, dtikit.rank(cards, sample_rubric), cards, path)
    charts = openpyxl.load_workbook(path)["Biểu đồ"]._charts
    assert [type(c) for c in charts] == [BarChart]


# ------------------------------------------------------------ large cohorts


def test_large_cohorts_radars_and_breakdown_follow_the_rule(
        tmp_path: Path, cohort: tuple[dtikit.Rubric, dtikit.Results,
                                      tuple[dtikit.Scorecard, ...]]) -> None:
    """The limits lowered through the parameters: 17 ranked units + 1 excluded."""
    rubric, results, cards = cohort
    # a row per node, and one per finding on no node (the others fold into their node's row)
    per_unit = len(list(rubric.walk())) + max(
        len([f for f in c.findings if f.code is None or f.code not in rubric]) for c in cards)
    # auto: radars for the first 5, breakdown for the first 4 ranked + the excluded one
    path = tmp_path / "auto.xlsx"
    write_results(rubric, results, cards, path, radars=5, breakdown_units=5)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Xếp hạng", "Biểu đồ", "Chi tiết", "_dtikit"]
    ranking = wb["Xếp hạng"]
    assert ranking.cell(26, 2).value == "UBND xã Phương Chiểu"  # the ranking: every unit
    radar = wb["Biểu đồ"]
    assert [type(c) for c in radar._charts] == [BarChart] + [RadarChart] * 5
    assert "5 đơn vị đầu bảng xếp hạng (trên tổng số 17)" in radar["A4"].value
    assert "--json" in radar["A4"].value
    assert radar["A6"].value == "Bình quân"
    assert [radar.cell(7 + k, 1).value for k in range(6)] == [
        r.unit.name for r in results.rows[:5]] + [None]
    # the mean is still the whole cohort's
    full = openpyxl.load_workbook(_full_book(tmp_path, cohort))["Biểu đồ"]
    assert [c.value for c in radar[6]] == [c.value for c in full[6]]
    detail = wb["Chi tiết"]
    assert "4 đơn vị đầu bảng xếp hạng và 1 đơn vị không được xếp hạng" in detail["A4"].value
    units = [detail.cell(r, 1).value for r in range(6, detail.max_row + 1)]
    assert list(dict.fromkeys(units)) == [r.unit.name for r in results.rows[:4]] + [
        "UBND xã Thử Nghiệm"]
    # True: every unit, continued before the (lowered) row limit, a unit never split
    path = tmp_path / "all.xlsx"
    write_results(rubric, results, cards, path, breakdown=True,
                  max_rows=HEADER_ROW + 3 * per_unit)
    wb = openpyxl.load_workbook(path)
    parts = [n for n in wb.sheetnames if n.startswith("Chi tiết")]
    assert len(parts) >= 18 // 3  # at least 3 units fit a sheet
    assert parts == ["Chi tiết"] + [f"Chi tiết - {k}" for k in range(2, len(parts) + 1)]
    seen: list[str] = []
    for name in parts:
        ws = wb[name]
        assert ws.max_row <= HEADER_ROW + 3 * per_unit
        assert [c.value for c in ws[5]][:3] == ["Đơn vị", "Mã chỉ số", "Chỉ số"]
        names = list(dict.fromkeys(ws.cell(r, 1).value for r in range(6, ws.max_row + 1)))
        assert not set(names) & set(seen)
        seen += names
    assert seen == [r.unit.name for r in results.rows] + ["UBND xã Thử Nghiệm"]
    assert wb["Chi tiết - 2"]["A4"].value == "Tiếp theo sheet Chi tiết (phần 2)."
    assert read_published(rubric, path).rows[0].unit == "UBND xã Hoàng Hanh"
    # False: no breakdown sheet
    path = tmp_path / "none.xlsx"
    write_results(rubric, results, cards, path, breakdown=False)
    assert openpyxl.load_workbook(path).sheetnames == ["Xếp hạng", "Biểu đồ", "_dtikit"]
    with pytest.raises(ValueError, match="breakdown"):
        write_results(rubric, results, cards, path, breakdown="all")


def _full_book(tmp_path: Path, cohort: tuple[dtikit.Rubric, dtikit.Results,
                                             tuple[dtikit.Scorecard, ...]]) -> Path:
    path = tmp_path / "full.xlsx"
    write_results(*cohort, path)
    return path


# ------------------------------------------- rows as XML text (sheetxml)

ODD = ["=HYPERLINK(\"http://x\",\"bấm\")", "UBND xã Đông Hưng", "Xã <b>&amp;</b> \"q\"",
       "  Xã có dấu cách  ", "Xã\x07chuông\x1f", "Phường 1\nPhường 2", "@lệnh", "+1", "-2",
       unicodedata.normalize("NFD", "Thị trấn Ẩm Thực"), "Xã " + "rất dài " * 60]
Cohort = tuple[dtikit.Rubric, dtikit.Results, tuple[dtikit.Scorecard, ...]]


def odd_cohort(rubric: dtikit.Rubric) -> Cohort:
    """The sample rubric ranked per district: a conversion, a variant (another
    applicable maximum), appraisals, a late and two unranked units, odd names."""
    rubric = attrs.evolve(rubric, workflow=attrs.evolve(rubric.workflow, ranking_scope="parent"))
    D = Decimal
    units = []
    for i in range(26):
        answers = [
            dtikit.Answer("1.1", dtikit.Number(i % 6)),
            dtikit.Answer("1.2", dtikit.Ratio(i % 4, 3)),
            dtikit.Answer("1.3", dtikit.Choice(("chu_tich", "pho", "khong")[i % 3])),
            dtikit.Answer("1.4", dtikit.Parts(frozenset({"du_hop"} if i % 2 else set()))),
            dtikit.Answer("1.5", dtikit.Flag(bool(i % 2))),
            dtikit.Answer("1.6", dtikit.Ratio(i % 9, 10)),
            dtikit.Answer("2.1", dtikit.Number(D(i * 37 % 101) / 4)),
            dtikit.Answer("2.2", dtikit.Number((D(0), D(40), D("12.5"), D("0.01"),
                                                D("39.99"))[i % 5])),
            dtikit.Answer("2.3", dtikit.Flag(i % 3 == 0)),
            dtikit.Answer("2.4", dtikit.Number(1000 * i))]
        appraisals = [dtikit.Appraisal("Phòng Văn hóa & Thông tin <huyện>", [
            dtikit.Answer("1.1", dtikit.Number((i + 1) % 6))])] if i % 3 == 1 else []
        units.append(dtikit.Assessment(
            rubric.id, dtikit.Unit(f"{ODD[i % len(ODD)]} {i}", parent=("Huyện A", "Huyện B")[i % 2],
                                   variant="no_econ" if i % 4 == 3 else None),
            answers=answers, appraisals=appraisals,
            submitted=date(2023, 11, 20) if i == 7 else date(2023, 11, 1),  # 7 is late
            ranked=i not in (5, 11),
            not_ranked_reason="=SUM(A1) lý do <mới> & \x01 sáp nhập" if i in (5, 11) else None))
    cards = dtikit.score(rubric, units)
    return rubric, dtikit.rank(cards, rubric), cards


def odd_numbers(results: dtikit.Results) -> dtikit.Results:
    """The same ranking with the numbers a writer can get wrong (0, 1000, 12.5, 0.01,
    1E+2, -0, 17 digits), parts without points, an excluded unit without a total,
    and the sample banner."""
    D = Decimal
    values = [D(0), D(1000), D("12.5"), D("0.01"), None, D("1E+2"), D("0.00"), D("-0"),
              D("1234567890123.45"), D("12345678901234567.5"), D("99.999")]
    rows = []
    for k, row in enumerate(results.rows):
        parts = tuple(attrs.evolve(p, points=values[(k + j) % len(values)])
                      for j, p in enumerate(row.parts))
        rows.append(attrs.evolve(
            row, parts=parts, total=values[k % len(values)] or D(0),
            conversions=tuple((key, values[(k + 3) % len(values)] or D(1))
                              for key, _ in row.conversions)))
    excluded = (*results.excluded, Exclusion(dtikit.Unit("Xã không điểm"), "not_ranked",
                                             "không có tổng điểm", None))
    return attrs.evolve(results, rows=tuple(rows), excluded=excluded, sample=True)


def demo_cohort(rubric_id: str, key: str) -> Cohort:
    """One of the sample cohorts dtikit ships (self-assessments and appraisals)."""
    from dtikit.demo.names import FILES
    from dtikit.files import read_inputs

    rubric = dtikit.PluginHost().rubric(rubric_id)
    data = files("dtikit.demo")
    with as_file(data / FILES[f"{key}_assessments"]) as a, \
            as_file(data / FILES[f"{key}_appraisals"]) as b:
        cohort = read_inputs(rubric, [a], [b]).assessments
    cards = dtikit.score(rubric, cohort)
    return rubric, dtikit.rank(cards, rubric), cards


@pytest.mark.parametrize("rubric_id,key", [("hungyen/commune/2023", "hungyen"),
                                           ("baria_vungtau/commune/2024", "brvt")])
def test_sample_cohorts_as_openpyxl_cells_write_them(tmp_path: Path, rubric_id: str,
                                                     key: str) -> None:
    """Every sheet, cell, value and style equals the workbook written through
    openpyxl's own cells (sheetxml.DIRECT = False), full and with the limits lowered."""
    rubric, results, cards = demo_cohort(rubric_id, key)
    assert results.sample and (results.excluded or key == "hungyen")
    for kw in ({}, {"radars": 3, "breakdown_units": 4}):
        out = tmp_path / str(len(kw))
        out.mkdir()
        fast, reference = write_both(out, lambda p, kw=kw: write_results(
            rubric, results, cards, p, **kw))
        assert book_differences(fast, reference) == []


def test_odd_cohort_as_openpyxl_cells_write_it(tmp_path: Path,
                                               sample_rubric: dtikit.Rubric) -> None:
    rubric, results, cards = odd_cohort(sample_rubric)
    assert len(results.excluded) == 3 and {r.group for r in results.rows} == {"Huyện A",
                                                                              "Huyện B"}
    assert {r.applicable_max for r in results.rows} == {Decimal(200), Decimal(180)}
    odd = odd_numbers(results)
    fast, reference = write_both(tmp_path, lambda p: write_results_book(
        [(rubric, results, cards), (rubric, odd, ())], p))
    assert book_differences(fast, reference) == []
    wb = openpyxl.load_workbook(fast)
    ranking, numbers = wb["Xếp hạng Cấp xã 2023"], wb["Xếp hạng Cấp xã 2023 (2)"]
    header = [c.value for c in ranking[RANKING_HEADER_ROW]]
    assert header[-3:] == ["Điểm CCHC", "Điểm tối đa áp dụng", "Phạm vi xếp hạng"]
    names = [ranking.cell(r, 2).value for r in range(RANKING_HEADER_ROW + 1, RANKING_HEADER_ROW + 24)]
    assert all(isinstance(n, str) and "\x07" not in n for n in names)
    assert any(n.startswith("=HYPERLINK") for n in names)
    assert all(ranking.cell(r, 2).data_type == "s" for r in range(RANKING_HEADER_ROW + 1, RANKING_HEADER_ROW + 24))
    assert numbers["A8"].value == SAMPLE_BANNER
    row = [c.value for c in numbers[RANKING_HEADER_ROW + 1]][2:5]
    assert row == [0, 1000, 0]  # 0, 1000 and the total (0)
    cells = [c for r in numbers.iter_rows(min_row=RANKING_HEADER_ROW + 1) for c in r]
    assert "12345678901234567,5" in [c.value for c in cells]  # > 15 digits: exact text
    assert {c.number_format for c in cells if isinstance(c.value, (int, float))
            and c.column > 2} == {"0.00", "0"}  # points at 2 places; maxima whole
    # no float between Decimal and the file: the values as written are exact
    with zipfile.ZipFile(fast) as z:
        xml = z.read("xl/worksheets/sheet4.xml").decode()
    assert "<v>99.999</v>" in xml and "<v>1234567890123.45</v>" in xml and "E" not in \
        "".join(re.findall(r"<v>([^<]*)</v>", xml))
    # the house style, cell by cell (the reference above shares the choice of style)
    head, first = ranking[RANKING_HEADER_ROW], ranking[RANKING_HEADER_ROW + 1]
    assert head[0].font.b and head[0].fill.fgColor.rgb == "00D9E1F2"
    assert head[0].alignment.horizontal == "center" and head[0].border.left.style == "thin"
    assert first[0].number_format == "0" and first[0].alignment.horizontal == "center"
    assert first[2].number_format == "0.00" and not first[2].font.b
    assert first[4].font.b and first[4].number_format == "0.00"  # the total
    assert ranking["A4"].font.sz == 14 and ranking["A4"].border.left.style is None
    detail = wb["Chi tiết Cấp xã 2023"]
    rows: dict[tuple[str, str], tuple[Any, ...]] = {}
    for r in detail.iter_rows(min_row=HEADER_ROW + 1):
        rows.setdefault((r[1].value, r[0].value), r)  # the indicator's row, not a finding's
    parent, leaf = rows["1", results.rows[0].unit.name], rows["1.1", results.rows[0].unit.name]
    assert parent[1].font.b and not leaf[1].font.b and parent[2].alignment.wrap_text
    assert leaf[3].number_format == "0" and leaf[1].number_format == "General"  # max 100
    assert leaf[8].value is None or isinstance(leaf[8].value, str)
    assert leaf[9].alignment.wrap_text and not leaf[9].font.b
    unappraised = next(r for r in rows.values() if r[6].value is None and r[1].value == "1.1")
    assert unappraised[6].number_format == "General" and unappraised[6].border.left.style
    # breakdown continued on further sheets, still the same as openpyxl's cells
    (tmp_path / "split").mkdir()
    fast, reference = write_both(tmp_path / "split", lambda p: write_results(
        rubric, results, cards, p, breakdown=True, max_rows=HEADER_ROW + 30))
    assert len([n for n in openpyxl.load_workbook(fast).sheetnames if "Chi tiết" in n]) > 10
    assert book_differences(fast, reference) == []


def test_ranking_table_alone(tmp_path: Path, cohort: Cohort, book: Path) -> None:
    """write_ranking_table: the ranking sheet of write_results, without the chart."""
    rubric, results, _ = cohort
    path = tmp_path / "bang.xlsx"
    write_ranking_table(rubric, results, path)
    assert_valid_zip(path)
    table = openpyxl.load_workbook(path)
    assert table.sheetnames == ["Xếp hạng"] and not table["Xếp hạng"]._charts
    full = openpyxl.load_workbook(book)["Xếp hạng"]
    ws = table["Xếp hạng"]
    assert [[c.value for c in r] for r in ws.iter_rows()] == \
        [[c.value for c in r] for r in full.iter_rows()]
    assert ws.freeze_panes == full.freeze_panes and ws.merged_cells == full.merged_cells
    assert pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Xếp hạng").to_python() \
        == pc.CalamineWorkbook.from_path(str(book)).get_sheet_by_name("Xếp hạng").to_python()
    assert read_published(rubric, path).rows[0].unit == "UBND xã Hoàng Hanh"
    fast, reference = write_both(tmp_path, lambda p: write_ranking_table(rubric, results, p))
    assert book_differences(fast, reference) == []
    with pytest.raises(ValueError, match="given with rubric"):
        write_ranking_table(dtikit.PluginHost().rubric("baria_vungtau/commune/2024"), results,
                            path)


def _breakdown_oracle(rubric: dtikit.Rubric, card: dtikit.Scorecard) -> list[tuple[Any, ...]]:
    """A unit's breakdown rows (code, final points, Diễn giải) from the public API:
    a row per node with the trace of dtikit.explain, the unit's findings on that
    node after it (``Lưu ý: …``, as ``dtikit explain`` prints them); a row per
    finding on no node."""
    rows: list[tuple[Any, ...]] = []
    for node in rubric.walk():
        notes = [f"\nLưu ý: {f.message}" for f in card.findings if f.code == node.code]
        final = card.node(node.code).final_points
        rows.append((node.code, final, dtikit.explain(rubric, card, node.code) + "".join(notes)))
    rows += [(f.code, None, f.message) for f in card.findings
             if f.code is None or f.code not in rubric]
    return rows


def test_breakdown_leaf_rows_carry_their_findings(tmp_path: Path,
                                                  sample_rubric: dtikit.Rubric) -> None:
    """Each leaf's row holds its trace and its findings (no row of its own per
    finding); a finding on no node keeps a row; every row as the oracle says.
    Scorecards read off the engine and plain ones (their nodes built) write the
    same workbook."""
    rubric, results, cards = odd_cohort(sample_rubric)
    path = tmp_path / "fast.xlsx"
    write_results(rubric, results, cards, path)
    ws = openpyxl.load_workbook(path)["Chi tiết"]
    got: dict[str, list[tuple[Any, ...]]] = {}
    for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        final = None if r[7] is None else Decimal(str(r[7]))
        got.setdefault(r[0], []).append((r[1], final, r[9]))
    by_name = {safe_text(c.unit.name): c for c in cards}  # as a cell holds it
    assert set(got) == set(by_name)
    folded = unit_rows = 0
    for name, rows in got.items():
        want = _breakdown_oracle(rubric, by_name[name])
        assert rows == [(code, None if p is None else Decimal(p), safe_text(text))
                        for code, p, text in want]
        folded += sum("\nLưu ý: " in text for _, _, text in want)
        unit_rows += len(rows) - len(list(rubric.walk()))
    assert folded and unit_rows  # both kinds are in this cohort: the test can fail both ways
    # plain scorecards (nodes and findings built, no engine): the same workbook
    plain = tuple(attrs.evolve(c, nodes=dict(c.nodes), findings=tuple(c.findings))
                  for c in cards)
    write_results(rubric, results, plain, tmp_path / "plain.xlsx")
    assert book_differences(tmp_path / "plain.xlsx", path) == []
