"""check-table on tables as provinces and the Ministry publish them (issue 11 §7),
and numbers never guessed (§2, tables): the decimal convention decided once."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import dtikit
from dtikit.cli import cli
from dtikit.formats.tables import read_published
from dtikit.plugin import read_delimited
from dtikit.testing.golden import assert_table_reproduced, assessments_of_table

D = Decimal
RID = "hungyen/commune/2023"
DATA = Path(__file__).parent / "data" / "hungyen_tp_2023_communes.tsv"
NAMES = ["Chuyển đổi Nhận thức số", "Kiến tạo thể chế số", "Phát triển hạ tầng và nền tảng số",
         "Nhân lực số", "An toàn thông tin mạng", "Hoạt động Chính quyền số",
         "Hoạt động kinh tế số", "Hoạt động xã hội số"]
MAXIMA = [100, 100, 100, 100, 100, 200, 150, 150]
HOANG_HANH = ["60", "100", "91.27", "89.5", "100", "161.17", "80", "26.45"]  # 708,39
AN_TAO = ["50", "60", "30", "89.64", "100", "169.23", "124.46", "22.37"]  # 645,7


@pytest.fixture(scope="module")
def rubric() -> dtikit.Rubric:
    return dtikit.PluginHost().rubric(RID)


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def tsv(tmp_path: Path, lines: list[list[str]], name: str = "bang.tsv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join("\t".join(cells) for cells in lines) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------ numbers never guessed


def _one_row(a: str, b: str) -> str:
    head = "Xếp hạng\tĐơn vị\t" + "\t".join(NAMES) + "\tTổng điểm\tXếp loại"
    return f"{head}\n1\tUBND xã A\t{a}\t{b}\t0\t0\t0\t0\t0\t0\t{a}\tYếu\n"


def test_dot_decimals_are_decided_once_for_the_file(rubric: dtikit.Rubric) -> None:
    """Issue 11: 77.955 was read as 77955 next to 82.53 read as 82.53."""
    table = read_delimited(_one_row("77.955", "82.53"), rubric)
    assert table.rows[0].parts["1"] == D("77.955") and table.rows[0].parts["2"] == D("82.53")
    assert table.decimal == "en"
    table = read_delimited(_one_row("77,955", "1.082,5"), rubric)
    assert table.rows[0].parts["1"] == D("77.955") and table.decimal == "vi"


def test_a_number_nothing_decides_is_refused_with_its_place(rubric: dtikit.Rubric) -> None:
    with pytest.raises(dtikit.FileRejected) as info:
        read_delimited(_one_row("77.955", "60"), rubric, source="bang.tsv")
    assert [p.where for p in info.value.problems] == ["bang.tsv:2, column 3",
                                                      "bang.tsv:2, column 11"]
    assert "--decimal vi|en" in str(info.value)
    stated = read_delimited(_one_row("77.955", "60"), rubric, decimal="en")
    assert stated.rows[0].parts["1"] == D("77.955") and stated.decimal == "en"
    assert read_delimited(_one_row("77.955", "60"), rubric, decimal="vi").rows[0].parts["1"] \
        == D(77955)


def test_a_value_that_fits_neither_convention_is_refused(rubric: dtikit.Rubric) -> None:
    with pytest.raises(dtikit.FileRejected) as info:
        read_delimited(_one_row("91,27", "82.53"), rubric, source="bang.tsv", decimal="vi")
    [problem] = info.value.problems
    assert problem.where == "bang.tsv:2, column 4" and "82.53" in problem.message
    # a column that mixes both conventions is refused, not read value by value
    text = _one_row("91,27", "0") + "2\tUBND xã B\t82.53\t0\t0\t0\t0\t0\t0\t0\t82.53\tYếu\n"
    with pytest.raises(dtikit.FileRejected) as info:
        read_delimited(text, rubric, source="bang.tsv")
    assert {p.where for p in info.value.problems} >= {"bang.tsv:2, column 3",
                                                      "bang.tsv:3, column 3"}


def test_columns_may_differ_when_each_is_consistent(rubric: dtikit.Rubric) -> None:
    text = _one_row("91,27", "82.53") + "2\tUBND xã B\t1,5\t2.25\t0\t0\t0\t0\t0\t0\t1,5\tYếu\n"
    table = read_delimited(text, rubric)
    assert [(r.parts["1"], r.parts["2"]) for r in table.rows] == [
        (D("91.27"), D("82.53")), (D("1.5"), D("2.25"))]
    assert "1: vi" in (table.decimal or "") and "2: en" in (table.decimal or "")


# ------------------------------------------------------------ columns by header


def test_columns_matched_by_header_with_groups(tmp_path: Path, rubric: dtikit.Rubric) -> None:
    """A per-district table: its own column order, STT, a district column, no class
    column; ranked per district as the rubric says (ranking_scope = parent)."""
    header = ["STT", "Huyện", "Tên đơn vị", "Tổng điểm", *reversed(NAMES), "Hạng"]
    lines = [header]
    rows = [("Huyện Văn Lâm", "UBND xã A", HOANG_HANH, "708,39", 1),
            ("Huyện Văn Lâm", "UBND xã B", AN_TAO, "645,7", 2),
            ("Thị xã Mỹ Hào", "UBND xã A", AN_TAO, "645,7", 1)]
    for i, (district, unit, parts, total, rank) in enumerate(rows, start=1):
        lines.append([str(i), district, unit, total,
                      *reversed([p.replace(".", ",") for p in parts]), str(rank)])
    path = tsv(tmp_path, lines)
    table = read_published(rubric, path)
    assert [(r.group, r.unit, r.rank, r.total) for r in table.rows] == [
        ("Huyện Văn Lâm", "UBND xã A", 1, D("708.39")),
        ("Huyện Văn Lâm", "UBND xã B", 2, D("645.7")),
        ("Thị xã Mỹ Hào", "UBND xã A", 1, D("645.7"))]
    assert table.rows[0].parts == {str(k): D(p) for k, p in enumerate(HOANG_HANH, start=1)}
    check = dtikit.check_table(rubric, table)
    assert check.disagreements == ()  # the same name in two districts is not a duplicate
    assert [(c.rank, c.group) for c in check.rows] == [
        (1, "Huyện Văn Lâm"), (2, "Huyện Văn Lâm"), (1, "Thị xã Mỹ Hào")]
    result = run("check-table", RID, str(path))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]


def test_a_header_missing_an_index_is_refused(tmp_path: Path, rubric: dtikit.Rubric) -> None:
    path = tsv(tmp_path, [["Hạng", "Đơn vị", *NAMES[:7], "Tổng điểm"],
                          ["1", "UBND xã A", *HOANG_HANH[:7], "708,39"]])
    with pytest.raises(dtikit.FileRejected, match="main index 8"):
        read_published(rubric, path)


def test_ratios_to_four_places_with_a_0_1_index(tmp_path: Path, rubric: dtikit.Rubric) -> None:
    """Issue 11: index values as ratios to 4 decimals with a weighted total came back
    with every row an error, including rows consistent within rounding."""
    header = ["Xếp hạng", "Đơn vị", *(f"{n} (tỷ lệ)" for n in NAMES), "Chỉ số DTI (0-1)",
              "Xếp loại"]
    lines = [header]
    for rank, (unit, parts, label) in enumerate(
            [("UBND xã A", HOANG_HANH, "Khá"), ("UBND xã B", AN_TAO, "Trung bình")], start=1):
        ratios = [str((D(p) / m).quantize(D("0.0001"), ROUND_HALF_UP)).replace(".", ",")
                  for p, m in zip(parts, MAXIMA)]
        total = sum(D(p) for p in parts) / 1000
        lines.append([str(rank), unit, *ratios, str(total.quantize(D("0.0001"), ROUND_HALF_UP)).replace(
            ".", ","), label])
    path = tsv(tmp_path, lines)
    result = run("check-table", RID, str(path), "--json")
    data = json.loads(result.output)  # type: ignore[attr-defined]
    assert result.exit_code == 0 and data["agrees"], data  # type: ignore[attr-defined]
    assert "tỷ lệ 0–1, 4 chữ số thập phân" in data["reading"]
    assert all(d["severity"] == "rounding" for d in data["disagreements"])
    # one ratio changed by 0,01 (1 point of a 100-point index): beyond the bound
    lines[1][2] = "0,6100"
    result = run("check-table", RID, str(tsv(tmp_path, lines, "sai.tsv")), "--json")
    data = json.loads(result.output)  # type: ignore[attr-defined]
    assert result.exit_code == 1  # type: ignore[attr-defined]
    [error] = [d for d in data["disagreements"] if d["severity"] == "error"]
    assert (error["unit"], error["field"]) == ("UBND xã A", "total")
    assert error["published"] == "0.7084" and error["recomputed"] == "0.70939"  # dot decimals
    # the bound: 0,00005 × each maximum (1000 in all) and 0,00005 × 1000 for the total
    assert "lệch 0,99 điểm" in error["message"] and "phải dưới 0,1 điểm" in error["message"]


def test_stated_units_and_precision(tmp_path: Path, rubric: dtikit.Rubric) -> None:
    """Percent of each maximum to one decimal, total in points to one decimal, stated."""
    lines = [["Xếp hạng", "Đơn vị", *NAMES, "Tổng điểm", "Xếp loại"]]
    pct = [str((D(p) * 100 / m).quantize(D("0.1"))).replace(".", ",")
           for p, m in zip(HOANG_HANH, MAXIMA)]
    lines.append(["1", "UBND xã A", *pct, "708,4", "Khá"])
    path = tsv(tmp_path, lines)
    result = run("check-table", RID, str(path), "--parts", "percent", "--places", "1")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "%, 1 chữ số thập phân" in result.output  # type: ignore[attr-defined]
    result = run("check-table", RID, str(path))  # read as points: 91,3 is fine, the sum not
    assert result.exit_code == 1  # type: ignore[attr-defined]


def test_rank_within_the_rounding_of_the_totals(rubric: dtikit.Rubric) -> None:
    """Totals printed as whole percentages: two units printed equal may rank 1 and 2."""
    rows = [dtikit.PublishedRow("A", {}, D(71), 1, "Khá", "r1"),
            dtikit.PublishedRow("B", {}, D(71), 2, "Khá", "r2"),
            dtikit.PublishedRow("C", {}, D(64), 2, "Trung bình", "r3")]
    table = dtikit.PublishedTable(rows, RID, None, {
        "total": dtikit.ColumnScale("percent", 0),
        **{str(k): dtikit.ColumnScale("points", 2) for k in range(1, 9)}})
    check = dtikit.check_table(rubric, table)
    got = {(d.unit, d.field, d.severity) for d in check.disagreements
           if d.field in ("rank", "class")}
    assert got == {("B", "rank", "rounding"), ("C", "rank", "error")}
    assert "hạng từ 1 đến 2" in next(d.message for d in check.disagreements if d.unit == "B"
                                    and d.field == "rank")


def test_class_on_the_applicable_maximum(rubric: dtikit.Rubric) -> None:
    """560 of an applicable 800 is 70 % (Khá), not 56 % of the nominal 1000."""
    parts = {str(k): D(v) for k, v in enumerate(["60", "70", "70", "70", "70", "120", "100",
                                                  "0"], start=1)}
    row = dtikit.PublishedRow("A", parts, D(560), 1, "Khá", "r1", None, D(800))
    assert dtikit.check_table(rubric, dtikit.PublishedTable([row])).disagreements == ()
    row = dtikit.PublishedRow("A", parts, D(560), 1, "Khá", "r1")
    [d] = dtikit.check_table(rubric, dtikit.PublishedTable([row])).disagreements
    assert (d.field, d.recomputed) == ("class", "Trung bình")


def test_an_xlsx_with_a_percent_total(tmp_path: Path, rubric: dtikit.Rubric) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["KẾT QUẢ"])
    ws.append(["Xếp hạng", "Đơn vị", *NAMES, "Tổng điểm (%)", "Xếp loại"])
    ws.append([1, "UBND xã A", *[float(p) for p in HOANG_HANH], 70.84, "Khá"])
    path = tmp_path / "bang.xlsx"
    wb.save(path)
    table = read_published(rubric, path)
    assert table.scales["total"].unit == "percent" and table.decimal is None
    [d] = dtikit.check_table(rubric, table).disagreements  # 708,39 of 1000 is 70,839 %
    assert (d.field, d.severity, d.published, d.recomputed) == ("total", "rounding", "70,84%",
                                                                "70,839%")


# ------------------------------------------------------------ the golden kit scores the units


def test_the_golden_kit_scores_the_units(rubric: dtikit.Rubric) -> None:
    text = DATA.read_text(encoding="utf-8")
    table = read_delimited(text, rubric)
    units = list(assessments_of_table(rubric, table) or ())
    assert len(units) == 17
    # the unit's own form gives 59 where the table prints 60 (and a total to match)
    first = units[0]
    units[0] = dtikit.Assessment(first.rubric_id, first.unit, [
        dtikit.Answer(a.code, dtikit.Number(59) if a.code == "1" else a.value)
        for a in first.answers])
    found = assert_table_reproduced(rubric, DATA, assessments=units)
    assert [(d.unit, d.field, d.published, d.recomputed) for d in found] == [
        ("UBND xã Phương Chiểu", "total", "288,11", "287,11"),
        ("UBND xã Hoàng Hanh", "score", "708,39", "707,39")]
    # 50 instead of 60: 69,839 % is Trung bình, not the published Khá
    units[0] = dtikit.Assessment(first.rubric_id, first.unit, [
        dtikit.Answer(a.code, dtikit.Number(50) if a.code == "1" else a.value)
        for a in first.answers])
    with pytest.raises(AssertionError, match="published class 'Khá', scored 'Trung bình'"):
        assert_table_reproduced(rubric, DATA, assessments=units)
