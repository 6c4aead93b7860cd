"""The self-assessment form: its layout, its validations, and reading what an
officer typed — numbers, decimal commas, percentages, mistakes — with every
problem named by sheet and cell."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xlsx_fill import layout

import dtikit
from dtikit.assessment import Choice, Flag, NotApplicable, Number, Parts, Ratio
from dtikit.errors import FileRejected
from dtikit.formats.cells import CellError
from dtikit.formats.spec import FORM_MARK, Column, FormSpec, leaf_inputs
from dtikit.formats.values import value_for_points
from dtikit.formats.xlsx_form import write_filled_form, write_template
from dtikit.formats.xlsx_read import read_appraisals, read_assessments

DATA_TOML = Path(__file__).parent / "data" / "sample_commune.toml"
HEADERS = ["STT", "Chỉ số / Chỉ số thành phần", "Điểm tối đa", "Cách xác định và tính điểm",
           "Kết quả thực hiện / Tử số (a)", "Mẫu số (b)", "Điểm tự đánh giá",
           "Tài liệu kiểm chứng", "Giải trình"]


@pytest.fixture
def blank(tmp_path: Path, sample_rubric: dtikit.Rubric) -> Path:
    path = tmp_path / "blank.xlsx"
    write_template(sample_rubric, path, unit="UBND xã Hoàng Hanh")
    return path


def edit(path: Path, values: dict[tuple[str, str], object], *,
         percent: frozenset[tuple[str, str]] = frozenset(), out: Path | None = None) -> Path:
    """Type values into cells named (row key, role) — 'meta:unit', 'leaf:1.2' …"""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    lay = layout(ws)
    for (key, role), value in values.items():
        cell = ws.cell(lay.rows[key], 3) if key.startswith("meta:") else lay.cell(ws, key, role)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
        if (key, role) in percent:
            cell.number_format = "0%"
    wb.save(out or path)
    return out or path


def cell_of(path: Path, key: str, role: str) -> str:
    ws = openpyxl.load_workbook(path).worksheets[0]
    lay = layout(ws)
    return ws.cell(lay.rows[key], lay.roles[role]).coordinate


# ------------------------------------------------------------------ layout


def test_template_layout(blank: Path, sample_rubric: dtikit.Rubric) -> None:
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames == ["Tự đánh giá", "_dtikit"]
    assert wb["_dtikit"].sheet_state == "hidden"
    ws = wb["Tự đánh giá"]
    lay = layout(ws)
    header = lay.rows["hdr"]
    assert [ws.cell(header, c).value for c in range(1, 10)] == HEADERS
    assert ws.row_dimensions[lay.rows["roles"]].hidden
    assert ws.column_dimensions[openpyxl.utils.get_column_letter(lay.mcol)].hidden
    # one row per indicator, in tree order, and a row per part of a sum-of-parts leaf
    codes = [k.split(":", 1)[1] for k in lay.rows if k.startswith(("node:", "leaf:"))]
    assert codes == [n.code for n in sample_rubric.walk()]
    assert "part:1.4|du_hop" in lay.rows and "part:1.4|chu_tri" in lay.rows
    # header block
    assert ws.cell(lay.rows["meta:unit"], 3).value == "UBND xã Hoàng Hanh"
    assert ws.cell(lay.rows["meta:rubric"], 3).value == sample_rubric.id
    assert ws.row_dimensions[lay.rows["meta:rubric"]].hidden  # the internal id is not printed
    texts = [c for row in ws.iter_rows(max_row=lay.rows["hdr"], values_only=True) for c in row
             if isinstance(c, str)]
    assert any("Quyết định số 0000/QĐ-TEST" in t for t in texts)
    # codes are text, maxima whole numbers as the source prints them
    stt = ws.cell(lay.rows["leaf:1.1"], lay.roles["stt"])
    assert stt.data_type == "s" and stt.value == "1.1"
    mx = ws.cell(lay.rows["leaf:1.1"], lay.roles["max"])
    assert mx.value == 20 and mx.number_format == "0"
    # parents are merged across the input columns
    merged = {str(r) for r in ws.merged_cells.ranges}
    r1 = lay.rows["node:1"]
    a, b = (openpyxl.utils.get_column_letter(lay.roles[x]) for x in ("in_a", "in_b"))
    assert f"{a}{r1}:{b}{r1}" in merged
    # every text is NFC
    for row in ws.iter_rows(values_only=True):
        for v in row:
            if isinstance(v, str):
                assert unicodedata.is_normalized("NFC", v)


def test_template_validations(blank: Path) -> None:
    ws = openpyxl.load_workbook(blank).worksheets[0]
    lay = layout(ws)
    rules = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for r, c in rng.cells:
                rules[ws.cell(r, c).coordinate] = dv

    def rule(key: str, role: str = "in_a") -> openpyxl.worksheet.datavalidation.DataValidation:
        return rules[ws.cell(lay.rows[key], lay.roles[role]).coordinate]

    assert rule("leaf:1.5").type == "list" and "Có,Không" in rule("leaf:1.5").formula1
    assert "Phó Chủ tịch" in rule("leaf:1.3").formula1
    assert rule("part:1.4|du_hop").type == "list"
    # this rubric allows Không áp dụng everywhere: numbers or that text
    count = rule("leaf:1.1")
    assert count.type == "custom" and "ISNUMBER" in count.formula1
    assert "Không áp dụng" in count.formula1
    assert "<=40" in rule("leaf:2.2").formula1  # awarded: at most the maximum
    assert rule("leaf:1.2", "in_b").type == "decimal"
    # this rubric removes a node's maximum on Không áp dụng: the list offers it
    assert "Không áp dụng" in rule("leaf:2.3").formula1


def test_points_validation_without_na(tmp_path: Path, hungyen_commune: dtikit.Rubric) -> None:
    path = tmp_path / "hy.xlsx"
    write_template(hungyen_commune, path)
    ws = openpyxl.load_workbook(path).worksheets[0]
    lay = layout(ws)
    leaf = next(hungyen_commune.leaves())
    cell = ws.cell(lay.rows[f"leaf:{leaf.code}"], lay.roles["in_a"]).coordinate
    dv = next(d for d in ws.data_validations.dataValidation if cell in d.sqref)
    assert (dv.type, dv.operator, dv.formula1) == ("decimal", "between", "0")
    assert Decimal(dv.formula2) == leaf.max


def test_formula_text_stays_text(tmp_path: Path, sample_rubric: dtikit.Rubric) -> None:
    evil = '=HYPERLINK("http://example.invalid","x")'
    a = dtikit.Assessment(sample_rubric.id, dtikit.Unit("+cmd|' /C calc'!A0"), answers=[
        dtikit.Answer("1.5", Flag(True), explanation=evil),
        dtikit.Answer("2.2", Number(1), explanation="@SUM(1+1)")])
    path = tmp_path / "evil.xlsx"
    write_filled_form(sample_rubric, a, dtikit.score(sample_rubric, [a])[0], path)
    ws = openpyxl.load_workbook(path).worksheets[0]
    lay = layout(ws)
    cell = ws.cell(lay.rows["leaf:1.5"], lay.roles["explanation"])
    assert cell.data_type == "s" and cell.value == evil
    for row in ws.iter_rows():
        for c in row:
            assert c.data_type != "f", c.coordinate
    back = read_assessments(sample_rubric, path)
    assert back.assessments[0].unit.name == "+cmd|' /C calc'!A0"
    assert back.assessments[0].answer("1.5").explanation == evil


def test_province_form_as_data(tmp_path: Path) -> None:
    host = dtikit.PluginHost()
    rubric = host.rubric("baria_vungtau/commune/2024")
    formats = host.formats(rubric.id)
    assert {"baria_vungtau/bieu-03", "xlsx"} <= set(formats)
    assert "baria_vungtau/bieu-03" not in host.formats("baria_vungtau/district/2024")
    fmt = formats["baria_vungtau/bieu-03"]
    assert fmt.write_template is not None and fmt.read_assessments is not None
    path = tmp_path / "bieu03.xlsx"
    fmt.write_template(rubric, path, unit="UBND xã Long Sơn")
    wb = openpyxl.load_workbook(path)
    ws = wb["Biểu 03"]
    assert ws["A1"].value == "Biểu số 03"
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("Phụ lục 3" in t and "chữ ký số" in t for t in texts)
    edit(path, {("leaf:DTI", "in_a"): "71,5"})
    report = fmt.read_assessments(rubric, path)
    assert report.assessments[0].answer("DTI").value == Number(Decimal("71.5"))


def test_custom_column_order_reads_back(tmp_path: Path, sample_rubric: dtikit.Rubric) -> None:
    """A province's own order and labels: the reader follows the hidden roles."""
    spec = FormSpec(name="mau/bieu", title="Biểu mẫu", sheet="Biểu 1", columns=[
        Column("stt", "TT"), Column("name", "Nội dung"), Column("max", "Điểm chuẩn"),
        Column("in_b", "Tổng số"), Column("in_a", "Số đạt"), Column("points", "Tự chấm"),
        Column("evidence")])
    path = tmp_path / "custom.xlsx"
    write_template(sample_rubric, path, spec=spec, unit="Xã A")
    edit(path, {("leaf:1.2", "in_a"): 3, ("leaf:1.2", "in_b"): 4,
                ("leaf:1.5", "in_a"): "Có"})
    a = read_assessments(sample_rubric, path).assessments[0]
    assert a.answer("1.2").value == Ratio(3, 4)
    assert a.answer("1.5").value == Flag(True)
    with pytest.raises(ValueError, match="required columns missing"):
        FormSpec(columns=[Column("stt"), Column("name")])


# ----------------------------------------------------------------- reading


def test_values_typed_every_way(blank: Path, sample_rubric: dtikit.Rubric) -> None:
    path = edit(blank, {
        ("leaf:1.1", "in_a"): 3.0,                # a number cell
        ("leaf:1.2", "in_a"): "2", ("leaf:1.2", "in_b"): "3",
        ("leaf:1.3", "in_a"): "phó chủ tịch",     # a level's label, any case
        ("part:1.4|du_hop", "in_a"): "Có", ("part:1.4|chu_tri", "in_a"): "không",
        ("leaf:1.5", "in_a"): True,               # TRUE typed in Excel
        ("leaf:1.6", "in_a"): 0.85,               # a rate as a percentage, b empty
        ("leaf:2.1", "in_a"): "91,27",            # decimal comma
        ("leaf:2.2", "in_a"): 0.1 + 0.2,          # a formula's result, stored 0.30000000000000004
        ("leaf:2.3", "in_a"): "Không áp dụng",
        ("leaf:2.4", "in_a"): "1.234,5",          # dot thousands, comma decimals
        ("leaf:1.1", "evidence"): "Kế hoạch số 12/KH-UBND ngày 05/03/2024\nBáo cáo tổng kết",
        ("leaf:1.2", "explanation"): unicodedata.normalize("NFD", "Không có văn bản"),
        ("meta:submitted", ""): "04/11/2023",
    }, percent=frozenset({("leaf:1.6", "in_a")}))
    for engine in ("calamine", "openpyxl"):
        report = read_assessments(sample_rubric, path, engine=engine)
        assert report.problems == ()
        a = report.assessments[0]
        values = {x.code: x.value for x in a.answers}
        assert values == {
            "1.1": Number(3), "1.2": Ratio(2, 3), "1.3": Choice("pho"),
            "1.4": Parts(frozenset({"du_hop"})), "1.5": Flag(True), "1.6": Ratio(85, 100),
            "2.1": Number(Decimal("91.27")), "2.2": Number(Decimal("0.3")),
            "2.3": NotApplicable(), "2.4": Number(Decimal("1234.5")),
        }
        ev = a.answer("1.1").evidence
        assert [e.title for e in ev] == ["Kế hoạch số 12/KH-UBND ngày 05/03/2024",
                                         "Báo cáo tổng kết"]
        assert ev[0].number == "12/KH-UBND" and ev[0].date == date(2024, 3, 5)
        assert a.answer("1.2").explanation == "Không có văn bản"  # NFC
        assert a.submitted == date(2023, 11, 4)


def test_every_bad_cell_is_reported_with_its_place(blank: Path,
                                                   sample_rubric: dtikit.Rubric) -> None:
    path = edit(blank, {
        ("leaf:1.1", "in_a"): "12a",
        ("leaf:1.2", "in_a"): 5, ("leaf:1.2", "in_b"): 3,       # a > b
        ("leaf:1.3", "in_a"): "Trưởng thôn",                    # not a level
        ("leaf:1.5", "in_a"): "Chắc là có",
        ("leaf:1.6", "in_a"): 0.5, ("leaf:1.6", "in_b"): 10,    # % with b given
        ("leaf:2.2", "in_a"): 55,                               # over the maximum 40
        ("meta:submitted", ""): "32/13/2023",
    }, percent=frozenset({("leaf:1.6", "in_a")}))
    report = read_assessments(sample_rubric, path)
    assert report.rows_read == 1 and report.rows_accepted == 0
    assert len(report.rejected) == 1 and report.rejected[0].where == "Tự đánh giá"
    assert report.rejected[0].unit == "UBND xã Hoàng Hanh"
    found = {p.where: p.message for p in report.problems}

    def at(key: str, role: str = "in_a") -> str:  # each problem names its cell and its unit
        return f"Tự đánh giá!{cell_of(path, key, role)}, UBND xã Hoàng Hanh"

    assert found[at("leaf:1.1")] == "'12a' is not a number"
    assert "greater than b" in found[at("leaf:1.2")]
    assert "'Trưởng thôn' is not one of: Chủ tịch, Phó Chủ tịch, Không" == found[at("leaf:1.3")]
    assert "is not Có or Không" in found[at("leaf:1.5")]
    assert "ambiguous" in found[at("leaf:1.6")]
    assert "exceed the maximum 40" in found[at("leaf:2.2")]
    assert any("not a date" in m for m in found.values())
    assert len(report.problems) == 7
    with pytest.raises(FileRejected) as info:
        read_assessments(sample_rubric, path, strict=True)
    assert len(info.value.problems) == 7
    assert "Tự đánh giá!" in str(info.value)


def test_na_where_the_rubric_forbids_it(tmp_path: Path, hungyen_commune: dtikit.Rubric) -> None:
    path = tmp_path / "hy.xlsx"
    write_template(hungyen_commune, path, unit="UBND xã Bảo Khê")
    leaf = next(hungyen_commune.leaves()).code
    edit(path, {(f"leaf:{leaf}", "in_a"): "Không áp dụng"})
    report = read_assessments(hungyen_commune, path)
    assert "Không áp dụng is not allowed" in report.problems[0].message


def test_a_part_answered_under_na_is_reported(blank: Path) -> None:
    """Không áp dụng on a sum-of-parts indicator with one part still answered is
    a mistake to fix, not a value to drop unseen."""
    edit(blank, {("leaf:1.4", "in_a"): "Không áp dụng", ("part:1.4|du_hop", "in_a"): "Có"})
    report = read_assessments(dtikit.load_rubric(DATA_TOML), blank)
    where = cell_of(blank, "part:1.4|du_hop", "in_a")
    assert [p.where.rsplit("!", 1)[-1].split(",")[0] for p in report.problems] == [where]
    assert "Không áp dụng" in report.problems[0].message
    assert report.rows_read == 1 and not report.assessments


def test_points_only_are_turned_into_answers(blank: Path, sample_rubric: dtikit.Rubric) -> None:
    path = edit(blank, {("leaf:1.5", "points"): 10, ("leaf:1.3", "points"): 5,
                        ("leaf:1.2", "points"): 12.5, ("leaf:1.1", "points"): 7})
    report = read_assessments(sample_rubric, path)
    assert len(report.problems) == 1
    assert "no answer gives 7 points" in report.problems[0].message
    edit(blank, {("leaf:1.1", "points"): None}, out=path)
    cards = dtikit.score(sample_rubric, read_assessments(sample_rubric, path).assessments)
    nodes = cards[0].nodes
    assert nodes["1.5"].self_points == 10 and nodes["1.3"].self_points == 5
    assert nodes["1.2"].self_points == Decimal("12.5")


def test_value_for_points(sample_rubric: dtikit.Rubric) -> None:
    inputs = leaf_inputs(sample_rubric)
    assert value_for_points(inputs["1.4"], Decimal(5)) == Parts(frozenset({"du_hop"}))
    full = value_for_points(inputs["1.6"], Decimal(30))
    assert inputs["1.6"].method.score(full).points == 30
    with pytest.raises(CellError, match="possible: 0, 10"):
        value_for_points(inputs["1.5"], Decimal(4))
    with pytest.raises(CellError, match="relative to the best"):
        value_for_points(inputs["2.1"], Decimal(4))


def test_empty_form_and_missing_name(blank: Path, tmp_path: Path,
                                     sample_rubric: dtikit.Rubric) -> None:
    empty = tmp_path / "empty.xlsx"
    write_template(sample_rubric, empty)
    report = read_assessments(sample_rubric, empty)
    assert report.rejected and "the form is empty" in report.rejected[0].reason
    nameless = edit(empty, {("leaf:1.5", "in_a"): "Có"}, out=tmp_path / "nameless.xlsx")
    report = read_assessments(sample_rubric, nameless)
    assert "name (Tên đơn vị) is empty" in report.problems[0].message


def test_workbook_of_another_rubric(blank: Path, hungyen_commune: dtikit.Rubric) -> None:
    with pytest.raises(FileRejected, match="is for rubric sample/commune/2023"):
        read_assessments(hungyen_commune, blank)


def test_no_form_in_workbook(tmp_path: Path, sample_rubric: dtikit.Rubric) -> None:
    path = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Danh sách"
    wb.save(path)
    with pytest.raises(FileRejected, match="no dtikit form or collection sheet"):
        read_assessments(sample_rubric, path)


def test_appraisal_form(tmp_path: Path, sample_rubric: dtikit.Rubric) -> None:
    path = tmp_path / "thamdinh.xlsx"
    write_template(sample_rubric, path, appraisal=True, unit="UBND xã A")
    edit(path, {
        ("leaf:1.1", "in_a"): 4, ("leaf:1.1", "app_a"): 3,
        ("leaf:1.1", "app_note"): "Thiếu biên bản họp quý IV",
        ("leaf:1.5", "in_a"): "Có", ("leaf:1.5", "app_points"): 0,   # points only
        ("leaf:1.5", "app_agency"): "Văn phòng HĐND và UBND",
        ("meta:agency", ""): "Phòng Văn hóa và Thông tin",
        ("meta:appraisal_date", ""): date(2023, 11, 7),
    })
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    lay = layout(ws)
    # the assigned agency is pre-filled from the rubric
    assert ws.cell(lay.rows["leaf:1.1"], lay.roles["app_agency"]).value == \
        "Phòng Văn hóa và Thông tin"
    report = read_appraisals(sample_rubric, path)
    assert report.problems == ()
    apps = dict((ap.agency, ap) for _, ap in report.appraisals)
    vh = apps["Phòng Văn hóa và Thông tin"]
    assert vh.answers[0].value == Number(3) and vh.date == date(2023, 11, 7)
    assert vh.answers[0].note == "Thiếu biên bản họp quý IV"
    assert apps["Văn phòng HĐND và UBND"].answers[0].value == Flag(False)
    card = dtikit.score(sample_rubric, report.assessments)[0]
    assert card.nodes["1.1"].appraised_points == 15 and card.nodes["1.5"].final_points == 0
    # a plain form is not an appraisal form
    plain = tmp_path / "plain.xlsx"
    write_template(sample_rubric, plain, unit="UBND xã A")
    assert "not an appraisal form" in read_appraisals(sample_rubric, plain).problems[0].message


def test_marker_is_what_makes_a_form(blank: Path) -> None:
    ws = openpyxl.load_workbook(blank).worksheets[0]
    assert FORM_MARK in [c.value for c in ws[1]]


def test_core_formats_are_registered() -> None:
    host = dtikit.PluginHost(entry_points=False)
    xlsx = host.format("xlsx")
    assert xlsx.operations == ("write_template", "read_assessments", "write_results",
                               "read_published")
    assert host.format("csv").operations == ("read_published",)
    assert ".csv" in host.format("csv").suffixes


def test_long_or_comma_labels_use_a_list_range(tmp_path: Path) -> None:
    labels = ["Chủ tịch, Phó Chủ tịch cùng dự", "Chỉ Phó Chủ tịch"] + [
        f"Mức rất dài số {i} để vượt quá giới hạn hai trăm năm mươi lăm ký tự" for i in range(6)]
    levels = [{"key": f"m{i}", "label": lb, "fraction": "1/2" if i else "1"}
              for i, lb in enumerate(labels)]
    rubric = dtikit.Rubric(
        id="mau/commune/2024", province="mau", tier="commune", year=2024, title="Mẫu",
        scale="10", source=dtikit.Source("1/QĐ-TEST"), indicators=[dtikit.Indicator(
            "1", "Người đứng đầu", "10", level="main",
            method=dtikit.MethodSpec("levels", {"levels": levels}))])
    path = tmp_path / "levels.xlsx"
    write_template(rubric, path, unit="Xã A")
    wb = openpyxl.load_workbook(path)
    dv = next(d for d in wb.worksheets[0].data_validations.dataValidation if d.type == "list")
    assert dv.formula1.startswith("'_dtikit'!$")
    listed = [wb["_dtikit"].cell(r, 4).value for r in range(1, len(labels) + 1)]
    assert listed == labels
    edit(path, {("leaf:1", "in_a"): labels[0]})
    assert read_assessments(rubric, path).assessments[0].answer("1").value == Choice("m0")


def test_duplicate_units_in_one_workbook(tmp_path: Path, sample_rubric: dtikit.Rubric) -> None:
    from dtikit.formats.xlsx_form import write_filled_forms

    a = dtikit.Assessment(sample_rubric.id, dtikit.Unit("UBND xã A"), answers=[
        dtikit.Answer("1.5", Flag(True))])
    path = tmp_path / "dup.xlsx"
    cards = dtikit.score(sample_rubric, [a])  # a cohort refuses the same unit twice
    write_filled_forms(sample_rubric, [a, a], cards, path, appraisal=False)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["UBND xã A", "UBND xã A (2)", "_dtikit"]
    report = read_assessments(sample_rubric, path)
    assert (report.rows_read, report.rows_accepted) == (2, 1)
    assert "appears twice" in report.rejected[0].reason


# A rubric's notes and provenance are for the people who maintain it; the form
# goes to communes and departments: it says what to enter, never what dtikit
# has not yet read of the decision.
DEVELOPER_WORDS = ("chưa được đọc", "chưa đọc", "unknown", "stand-in", "shell rubric",
                   "inferred", "seed", "todo", "provenance")


@pytest.mark.parametrize("rubric_id", sorted(dtikit.PluginHost().rubrics()))
def test_forms_carry_no_maintainer_notes(tmp_path: Path, rubric_id: str) -> None:
    rubric = dtikit.PluginHost().rubric(rubric_id)
    path = tmp_path / "form.xlsx"
    write_template(rubric, path, unit="UBND xã Hoàng Hanh")
    wb = openpyxl.load_workbook(path)
    found = [f"{ws.title}!{c.coordinate}: {c.value}"
             for ws in wb.worksheets if ws.sheet_state == "visible"
             for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and any(w in c.value.casefold() for w in DEVELOPER_WORDS)]
    assert not found


def test_percent_cells_found_across_chunks(tmp_path: Path) -> None:
    """The percent scan reads a sheet in 1 MB chunks: a cell whose tag is cut by a
    chunk's end is still found, and only percent cells are."""
    from dtikit.formats.cells import percent_cells

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    expected = set()
    for r in range(1, 12001):
        for c in range(1, 6):
            cell = ws.cell(r, c, Decimal(r) / 100 if c != 3 else f"Đơn vị số {r} {'x' * (r % 37)}")
            if (r * 7 + c) % 53 == 0 and c != 3:
                cell.number_format = "0.00%"
                expected.add((r - 1, c - 1))
    path = tmp_path / "big.xlsx"
    wb.save(path)
    import zipfile
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("xl/worksheets/sheet1.xml").file_size > 2 << 20  # several chunks
    assert percent_cells(path) == {"Tổng hợp": frozenset(expected)}


_TEXTS = st.sampled_from(["a", "A", "b", "Tốt", "tốt", "Khá", " Khá ", "Hoà", "Hòa", "x1"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_TEXTS, _TEXTS), min_size=1, max_size=5, unique_by=lambda c: c[0]))
def test_a_level_written_reads_back_as_its_key(choices: list[tuple[str, str]]) -> None:
    """Whatever the labels (repeated, equal to another level's key, case aside),
    a form shows a level's label whenever the reader takes it back as that level,
    and otherwise a text that reads back as that level where one does."""
    from dtikit.formats.spec import LeafInput
    from dtikit.formats.values import choice_text

    inp = LeafInput("1.1", "choice", Decimal(10), method=None,  # type: ignore[arg-type]
                    choices=tuple(choices))
    for key, label in choices:
        shown = choice_text(inp, key)
        if inp.key_of(label) == key:
            assert shown == label
        elif inp.key_of(key) == key:
            assert shown == key
