"""Published results tables: read as text, recomputed, every disagreement reported,
with the tolerance model (a gap within the parts' own rounding is ``rounding``,
anything larger an ``error``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from builders import D, leaf, node, rubric, valid

import dtikit
from dtikit import Band, Classification, FileRejected, PublishedRow, PublishedTable
from dtikit.plugin import read_delimited

BANDS = Classification("percent", [
    Band("Khá", "70", True), Band("Trung bình", "50", True, "70", False),
    Band("Yếu", None, True, "50", False)])


def three() -> dtikit.Rubric:
    """Three main indices 100 / 100 / 100 (scale 300), two decimals."""
    return valid(rubric(*(node(str(i), leaf(f"{i}.1", 100), name=f"Chỉ số {i}")
                          for i in (1, 2, 3)), classification=BANDS))


def row(unit: str, parts: tuple[Any, ...], total: Any, rank: int | None = None,
        cls: str | None = None) -> PublishedRow:
    return PublishedRow(unit, {str(i): None if p is None else D(str(p))
                               for i, p in enumerate(parts, start=1)},
                        None if total is None else D(str(total)), rank, cls)


def check(*rows: PublishedRow) -> dtikit.TableCheck:
    return dtikit.check_table(three(), PublishedTable(rows))


def fields(result: dtikit.TableCheck) -> list[tuple[str, str, str]]:
    return [(d.unit, d.field, d.severity) for d in result.disagreements]


def test_a_table_that_adds_up() -> None:
    result = check(row("A", (80, 70, "60.5"), "210.5", 1, "Khá"),
                   row("B", (50, 50, 50), 150, 2, "Trung bình"))
    assert result.disagreements == () and result.agrees
    assert [(r.unit, r.total, r.rank, r.class_label) for r in result.rows] == [
        ("A", D("210.5"), 1, "Khá"), ("B", D(150), 2, "Trung bình")]


def test_within_the_parts_rounding_is_rounding_not_error() -> None:
    # three parts shown to 2 decimals: each may be off by 0,005, the sum by 0,015
    result = check(row("A", ("33.33", "33.33", "33.33"), 100, 1, "Yếu"))
    [d] = result.disagreements
    assert (d.field, d.severity, d.published, d.recomputed) == ("total", "rounding", "100",
                                                                  "99,99")
    assert result.agrees and result.errors == ()


def test_beyond_the_parts_rounding_is_an_error() -> None:
    result = check(row("A", ("33.33", "33.33", "33.33"), "100.01", 1, "Yếu"))
    [d] = result.disagreements
    assert (d.field, d.severity) == ("total", "error")
    assert "lệch 0,02" in d.message
    assert not result.agrees


def test_ranks_and_classes_are_recomputed() -> None:
    result = check(row("A", (70, 70, 70), 210, 2, "Khá"),
                   row("B", (80, 70, 70), 220, 1, "Trung bình"),
                   row("C", (80, 70, 70), 220, 3, "Khá"))   # a tie shares rank 1
    assert fields(result) == [("A", "rank", "error"), ("B", "class", "error"),
                              ("C", "rank", "error")]
    assert [r.rank for r in result.rows] == [3, 1, 1]
    by_unit = {d.unit: d for d in result.disagreements}
    assert (by_unit["A"].published, by_unit["A"].recomputed) == ("2", "3")


def test_classes_compare_without_case_or_spaces() -> None:
    assert check(row("A", (80, 70, 70), 220, 1, " khá ")).disagreements == ()
    # class labels and agencies are matched as unit names are (model.name_key)
    assert check(row("A", (60, 60, 60), 180, 1, "trung  bình")).disagreements == ()
    from dtikit.appraisal import same_agency

    assert same_agency("Phòng Văn hoá  và Thông tin", "phòng văn hóa và thông tin")


def test_missing_and_out_of_range_parts_extra_columns_duplicates() -> None:
    bad = PublishedRow("B", {"1": D(50), "2": D(50), "3": D(50), "9": D(1)}, D(150), 2,
                       "Trung bình")
    result = check(row("A", (120, 50, None), 170, 1, "Khá"), bad,
                   row("a", (10, 10, 10), None, 3, "Yếu"))
    got = fields(result)
    assert ("A", "part 3", "error") in got          # missing
    assert ("A", "part 1", "error") in got          # 120 > 100
    assert ("B", "part 9", "error") in got          # not a main index of the rubric
    assert ("a", "unit", "error") in got            # "a" and "A": the same unit twice
    assert ("a", "total", "error") in got           # no total printed
    messages = " | ".join(d.message for d in result.disagreements)
    assert "thiếu điểm chỉ số 3" in messages and "120 ngoài [0, 100]" in messages



def test_a_unit_twice_is_matched_as_unit_names_are_everywhere() -> None:
    """Spacing and the tone mark's place do not make another unit (model.name_key)."""
    result = check(row("UBND xã Hoà", (50, 50, 50), 150, 1, "Trung bình"),
                   row("ubnd  xã  Hòa", (50, 50, 50), 150, 1, "Trung bình"),
                   row("UBND xã Hòa Bình", (50, 50, 50), 150, 1, "Trung bình"))
    assert fields(result) == [("ubnd  xã  Hòa", "unit", "error")]


def test_no_bands_no_class_check() -> None:
    r = valid(rubric(node("1", leaf("1.1", 100))))
    result = dtikit.check_table(r, PublishedTable([row("A", (50,), 50, 1, "Xuất sắc")]))
    assert result.disagreements == () and result.rows[0].class_label is None


# ========================================================= reading the text

TABLE = """# Nguồn: bảng kiểm thử (không phải số liệu thật)
Hạng\tĐơn vị\tChỉ số 1 (100)\tChỉ số 2 (100)\tChỉ số 3 (100)\tTổng (300)\tXếp loại
1\tUBND xã A\t80\t70\t60,5\t210,5\tKhá

2\tUBND xã B\t50\t50\t50\t150\tTrung bình
"""


def test_read_delimited_tab_separated_with_decimal_comma() -> None:
    table = read_delimited(TABLE, three(), source="bang.tsv")
    assert [(r.unit, r.rank, r.total, r.class_label, r.where) for r in table.rows] == [
        ("UBND xã A", 1, D("210.5"), "Khá", "bang.tsv:3"),
        ("UBND xã B", 2, D(150), "Trung bình", "bang.tsv:5")]  # the text's own line numbers
    assert table.rows[0].parts == {"1": D(80), "2": D(70), "3": D("60.5")}
    assert table.rubric_id == "mau/commune/2024" and table.source == "bang.tsv"


def test_read_delimited_csv() -> None:
    text = 'rank,unit,a,b,c,total,class\n1,UBND xã A,80,70,"60,5","210,5",Khá\n'
    [r] = read_delimited(text, three()).rows
    assert r.parts["3"] == D("60.5") and r.total == D("210.5")


def test_read_delimited_reports_every_bad_cell() -> None:
    text = TABLE + "3\tUBND xã C\t1O\t50\t50\t110\tYếu\n4\tUBND xã D\t50\t50\n" \
        "Ghi chú\tx\n5\tUBND xã E\t50\t50\t1.234.5\t150\tYếu\n"
    with pytest.raises(FileRejected) as info:
        read_delimited(text, three(), source="bang.tsv")
    wheres = [p.where for p in info.value.problems]
    assert wheres == ["bang.tsv:6, column 3", "bang.tsv:7", "bang.tsv:8",
                      "bang.tsv:9, column 5"]
    assert "'1O' is not a number" in str(info.value)


def test_read_delimited_empty() -> None:
    with pytest.raises(FileRejected, match="empty"):
        read_delimited("\n# chỉ có chú thích\n\n", three())


@pytest.mark.parametrize(("text", "value", "decimal"), [
    ("645,7", D("645.7"), None), ("1.000", D(1000), "vi"), ("1.000", D(1), "en"),
    ("91.27", D("91.27"), None), ("85%", D(85), None), ("1.234,5", D("1234.5"), None),
    ("1,234.5", D("1234.5"), None)])
def test_published_numbers(text: str, value: Decimal, decimal: str | None) -> None:
    table = read_delimited(f"1\tA\t{text}\t0\t0\t{text}\tKhá\n", three(), decimal=decimal)
    assert table.rows[0].parts["1"] == value
