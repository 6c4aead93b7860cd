"""dtikit-hungyen: Quyết định 3047/QĐ-UBND (29/12/2022), commune tier (Phụ lục 3).

The golden test: the published 2023 commune table of UBND thành phố Hưng Yên
(Quyết định 2947/QĐ-UBND ngày 02/11/2023, seed 004), copied verbatim into
tests/data/hungyen_tp_2023_communes.tsv, is reproduced rank for rank and class for
class, and its one misprinted total is reported."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import dtikit
from dtikit import Answer, Assessment, Number, Unit
from dtikit.plugin import read_delimited
from dtikit.testing.golden import assert_table_reproduced, check_published_text

D = Decimal
RID = "hungyen/commune/2023"
TABLE = Path(__file__).parent / "data" / "hungyen_tp_2023_communes.tsv"
CITY = "Thành phố Hưng Yên"
# seed 004, column headers: the eight main indices and their maxima
HEADER = [("1", "Chuyển đổi Nhận thức số", 100), ("2", "Kiến tạo thể chế số", 100),
          ("3", "Phát triển hạ tầng và nền tảng số", 100), ("4", "Nhân lực số", 100),
          ("5", "An toàn thông tin mạng", 100), ("6", "Hoạt động Chính quyền số", 200),
          ("7", "Hoạt động kinh tế số", 150), ("8", "Hoạt động xã hội số", 150)]


@pytest.fixture(scope="module")
def rubric() -> dtikit.Rubric:
    host = dtikit.PluginHost()
    assert host.owner_of(RID) == "hungyen"
    return host.rubric(RID)


def test_structure_as_encoded(rubric: dtikit.Rubric) -> None:
    assert rubric.scale == 1000 and rubric.status == "partial" and rubric.tier.key == "commune"
    assert [(n.code, n.name, n.max) for n in rubric.main_indices] == [
        (c, name, D(m)) for c, name, m in HEADER]
    assert sum(n.max for n in rubric.main_indices) == rubric.scale
    # every main index stands as a leaf scored by points entered within its maximum
    assert all(n.is_leaf and n.method is not None and n.method.kind == "awarded"
               for n in rubric.main_indices)
    # sub-indices known by code only (seed 000): listed, not scored
    outline = {n.code: [o.code for o in n.outline] for n in rubric.indicators}
    assert outline["1"] == [f"1.{i}" for i in range(1, 6)]
    assert outline["4"] == [f"4.{i}" for i in range(1, 8)]
    assert outline["6"] == [f"6.{i}" for i in range(1, 7)]
    assert sum(len(v) for v in outline.values()) == 18
    assert all(o.status == "unknown" and o.ref for n in rubric.indicators for o in n.outline)


def test_the_header_of_the_published_table_is_the_rubric() -> None:
    header = next(ln for ln in TABLE.read_text(encoding="utf-8").splitlines()
                  if ln.startswith("Xếp hạng"))
    cols = header.split("\t")[2:10]
    parsed = [re.fullmatch(r"(.+) \((\d+) điểm\)", c) for c in cols]
    assert [(m.group(1), int(m.group(2))) for m in parsed if m] == [
        (name, m) for _, name, m in HEADER]


def test_source_and_provenance(rubric: dtikit.Rubric) -> None:
    src = rubric.source
    assert (src.decision, src.date, src.appendix) == ("3047/QĐ-UBND", date(2022, 12, 29),
                                                       "Phụ lục 3")
    assert src.issuer == "UBND tỉnh Hưng Yên"
    for node in rubric.walk():
        p = node.provenance
        assert p.status in ("confirmed", "inferred") and p.ref, node.code
        assert (p.decision, p.appendix, p.row) == ("3047/QĐ-UBND", "Phụ lục 3", node.code)
    cls = rubric.classification
    assert cls is not None and cls.provenance.status == "inferred"  # README: bands inferred
    assert rubric.workflow.ranking_scope == "parent"
    assert rubric.workflow.provenance.status == "confirmed"
    assert (rubric.year, rubric.until_year) == (2023, 2024)


def test_appraisers_as_split_in_2024(rubric: dtikit.Rubric) -> None:
    agencies = {n.code: n.appraiser for n in rubric.indicators}
    culture = "Phòng Văn hóa và Thông tin"
    assert agencies == {"1": None, "2": culture, "3": culture, "4": None, "5": culture,
                        "6": None, "7": culture, "8": culture}


def test_a_commune_scored_by_hand(rubric: dtikit.Rubric) -> None:
    """UBND xã Hoàng Hanh (seed 004, rank 1):
    60 + 100 + 91,27 + 89,5 + 100 + 161,17 + 80 + 26,45 = 708,39 of 1000,
    70,839 % → Khá ("từ 70% đến dưới 90%")."""
    points = ["60", "100", "91.27", "89.5", "100", "161.17", "80", "26.45"]
    a = Assessment(RID, Unit("UBND xã Hoàng Hanh", parent=CITY),
                   [Answer(str(i), Number(p)) for i, p in enumerate(points, start=1)])
    [card] = dtikit.score(rubric, [a])
    assert card.total == D("708.39")
    assert card.percent == D("70.839")
    assert card.class_label == "Khá"
    assert [card.node(str(i)).points for i in range(1, 9)] == [D(p) for p in points]


def test_a_main_index_over_its_maximum_is_refused(rubric: dtikit.Rubric) -> None:
    a = Assessment(RID, Unit("UBND xã Hoàng Hanh"), [Answer("6", Number("200.01"))])
    with pytest.raises(dtikit.AssessmentInvalid, match="code 6"):
        dtikit.score(rubric, [a])


# =============================================================== the golden test


def test_golden_published_table_is_reproduced(rubric: dtikit.Rubric) -> None:
    disagreements = assert_table_reproduced(rubric, TABLE)
    # checked by hand: every row adds up except row 17, whose parts
    # 20 + 20 + 30 + 40,11 + 50 + 94,5 + 15 + 17,5 = 287,11, printed 288,11
    assert [(d.unit, d.field, d.severity, d.published, d.recomputed, d.where)
            for d in disagreements] == [
        ("UBND xã Phương Chiểu", "total", "error", "288,11", "287,11",
         "hungyen_tp_2023_communes.tsv:22")]


def published_rows() -> list[list[str]]:
    return [ln.split("\t") for ln in TABLE.read_text(encoding="utf-8").splitlines()
            if re.match(r"^\d+\t", ln)]


def test_the_table_file_holds_the_17_rows() -> None:
    rows = published_rows()
    assert [int(r[0]) for r in rows] == list(range(1, 18))
    assert rows[0][1] == "UBND xã Hoàng Hanh" and rows[-1][1] == "UBND xã Phương Chiểu"
    assert "2947/QĐ-UBND ngày 02/11/2023" in TABLE.read_text(encoding="utf-8").splitlines()[0]


def altered(replacements: list[tuple[str, str, str]]) -> str:
    """The table with cells replaced: (unit, old cell, new cell)."""
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    for unit, old, new in replacements:
        i = next(i for i, ln in enumerate(lines) if f"\t{unit}\t" in ln)
        cells = lines[i].split("\t")
        j = cells.index(old)
        cells[j] = new
        lines[i] = "\t".join(cells)
    return "\n".join(lines) + "\n"


def test_an_altered_copy_gives_exactly_the_expected_disagreements(
        rubric: dtikit.Rubric) -> None:
    text = altered([
        ("UBND xã Hoàng Hanh", "100", "100,5"),       # main 2 over its maximum of 100
        ("UBND phường An Tảo", "89,64", "89,74"),     # a part changed: total off by 0,1
        ("UBND phường Lê Lợi", "542,9", "542,92"),    # within the parts' rounding (8 × 0,005)
        ("UBND xã Phương Chiểu", "288,11", "287,11"),  # the misprint corrected
    ])
    got = [(d.unit, d.field, d.severity, d.published, d.recomputed)
           for d in assert_table_reproduced(rubric, text, source="altered.tsv")]
    assert got == [
        ("UBND xã Hoàng Hanh", "part 2", "error", "100,5", "100"),
        ("UBND xã Hoàng Hanh", "total", "error", "708,39", "708,89"),
        ("UBND phường An Tảo", "total", "error", "645,7", "645,8"),
        ("UBND phường Lê Lợi", "total", "rounding", "542,92", "542,9"),
    ]


def test_an_altered_rank_or_class_fails_the_golden_check(rubric: dtikit.Rubric) -> None:
    swapped = altered([("UBND xã Hùng Cường", "Yếu", "Trung bình"),
                       ("UBND xã Bảo Khê", "9", "10")])
    with pytest.raises(AssertionError) as info:
        assert_table_reproduced(rubric, swapped)
    message = str(info.value)
    assert "UBND xã Hùng Cường: published class 'Trung bình', recomputed 'Yếu'" in message
    assert "UBND xã Bảo Khê: published rank 10, recomputed 9" in message
    check = check_published_text(rubric, swapped)
    assert {(d.unit, d.field) for d in check.errors} >= {
        ("UBND xã Hùng Cường", "class"), ("UBND xã Bảo Khê", "rank")}


def test_the_published_points_scored_as_awarded_answers(rubric: dtikit.Rubric) -> None:
    """The 17 communes' published main-index points entered as `awarded` answers,
    through dtikit.score and dtikit.rank: the published ranks, classes and totals
    come back (Phương Chiểu's total as the sum of its parts, 287,11)."""
    table = read_delimited(TABLE.read_text(encoding="utf-8"), rubric)
    cohort = [Assessment(RID, Unit(row.unit, parent=CITY),
                         [Answer(code, Number(v)) for code, v in row.parts.items()])
              for row in table.rows]
    results = dtikit.rank(dtikit.score(rubric, cohort), rubric)
    assert results.excluded == ()
    got = {r.unit.name: (r.rank, r.class_label, r.total, r.group) for r in results.rows}
    for row in table.rows:
        assert row.total is not None
        total = D("287.11") if row.unit == "UBND xã Phương Chiểu" else row.total
        assert got[row.unit] == (row.rank, row.class_label, total, CITY), row.unit
    assert [r.unit.name for r in results.rows] == [row.unit for row in table.rows]
    # each shown part is the published one
    first = results.rows[0]
    assert [p.points for p in first.parts] == list(table.rows[0].parts.values())
