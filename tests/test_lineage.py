"""Units across the 2025 reorganisation: the lineage table, trends across a merger
and a split, and the tiers after the reform (issue 14).

The numbers are worked by hand in the comments; the sample communes are fictional."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from builders import D, leaf, node, rubric, unit, valid
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import dtikit
from dtikit import Band, Classification, Number, Workflow
from dtikit.cli import cli
from dtikit.errors import FileRejected
from dtikit.lineage import (
    Baselines,
    Lineage,
    LineageInvalid,
    Link,
    baselines,
    check_parents,
    load_lineage,
    name_key,
)

BANDS = Classification("percent", [
    Band("Tốt", "90", True), Band("Khá", "70", True, "90", False),
    Band("Trung bình", "50", True, "70", False), Band("Yếu", None, True, "50", False)])


def old_rubric() -> dtikit.Rubric:
    """Last year's (2024) commune rubric: two main indices of 50."""
    return valid(rubric(node("1", leaf("1.1", 50), name="Nhận thức số"),
                        node("2", leaf("2.1", 50), name="Hoạt động chính quyền số"),
                        rid="mau/commune/2024", classification=BANDS))


def new_rubric(scale: int = 100, **kw: Any) -> dtikit.Rubric:
    """This year's (2025) rubric: two main indices of scale / 2 each."""
    half = scale // 2
    return valid(rubric(node("1", leaf("1.1", half), name="Nhận thức số"),
                        node("2", leaf("2.1", half), name="Hoạt động chính quyền số"),
                        rid="mau/commune/2025", classification=BANDS, **kw))


def cohort(r: dtikit.Rubric, points: dict[str, tuple[Any, Any]], **kw: Any) -> list[Any]:
    return [unit(name, {"1.1": Number(a), "2.1": Number(b)}, r, **kw)
            for name, (a, b) in points.items()]


# ten old communes (fictional), their two main indices: totals 60 … 95
OLD = {"Xã Một": (30, 30), "Xã Hai": (35, 35), "Xã Ba": (40, 41),
       "Xã Bốn": (20, 20), "Xã Năm": (25, 25), "Xã Sáu": (30, 30), "Xã Bảy": (35, 35),
       "Xã Tám": (45, 45), "Xã Chín": (40, 40), "Xã Mười": (48, 47)}
# ten old communes into three new ones; Xã Mười is split between Bình Minh and Cẩm Hà
MERGE = [("Xã Một", "Xã An Phú"), ("Xã Hai", "Xã An Phú"), ("Xã Ba", "Xã An Phú"),
         ("Xã Bốn", "Xã Bình Minh"), ("Xã Năm", "Xã Bình Minh"), ("Xã Sáu", "Xã Bình Minh"),
         ("Xã Bảy", "Xã Bình Minh"), ("Xã Mười", "Xã Bình Minh"),
         ("Xã Tám", "Xã Cẩm Hà"), ("Xã Chín", "Xã Cẩm Hà"), ("Xã Mười", "Xã Cẩm Hà")]
WEIGHTS = {"Xã Một": 1000, "Xã Hai": 2000, "Xã Ba": 1000, "Xã Bốn": 1, "Xã Năm": 1,
           "Xã Sáu": 1, "Xã Bảy": 1, "Xã Mười": 2, "Xã Tám": 3, "Xã Chín": 1}
NEW = {"Xã An Phú": (40, 35), "Xã Bình Minh": (30, 30), "Xã Cẩm Hà": (45, 46)}


def last_year() -> dtikit.Results:
    r = old_rubric()
    return dtikit.rank(dtikit.score(r, cohort(r, OLD)), r)


def this_year(r: dtikit.Rubric, points: dict[str, tuple[Any, Any]], previous: Any,
              plain: bool = False) -> dtikit.Results:
    cards = dtikit.score(r, cohort(r, points))
    return dtikit.rank(list(cards) if plain else cards, r, previous=previous)


def merge_lineage(weights: bool) -> Lineage:
    return Lineage([Link(o, n, weight=WEIGHTS[o] if weights else None, where=f"map.csv:{i}")
                    for i, (o, n) in enumerate(MERGE, start=2)], source="map.csv")


@pytest.mark.parametrize("plain", [False, True], ids=["scored-cohort", "scorecards"])
def test_ten_communes_merged_into_three_unweighted(plain: bool) -> None:
    r = new_rubric()
    prev = last_year()
    base = baselines(prev, r, merge_lineage(False), units=[a.unit for a in cohort(r, NEW)])
    res = this_year(r, NEW, base, plain)
    an_phu, binh_minh, cam_ha = (res.row(n) for n in NEW)
    # An Phú: (60 + 70 + 81) / 3 = 70,333… → 70,33; now 75 → +4,67
    d = an_phu.delta
    assert d is not None
    assert (d.previous_total, d.total_change) == (D("70.33"), D("4.67"))
    assert d.baseline == "so với bình quân 3 xã cũ: Xã Một, Xã Hai, Xã Ba"
    assert (d.previous_rank, d.rank_change, d.previous_class) == (None, None, None)
    # main index 1: (30 + 35 + 40) / 3 = 35 → 40 − 35 = +5; index 2: 106 / 3 → 35,33; −0,33
    assert [(p.code, p.previous, p.change, p.basis) for p in d.parts] == [
        ("1", D(35), D(5), "points"), ("2", D("35.33"), D("-0.33"), "points")]
    # Bình Minh: 40, 50, 60, 70 and Xã Mười's 95 (split): 315 / 5 = 63; now 60 → −3
    d = binh_minh.delta
    assert d is not None and (d.previous_total, d.total_change) == (D(63), D(-3))
    assert d.baseline == "so với bình quân 5 xã cũ: Xã Bốn, Xã Năm, Xã Sáu, Xã Bảy, Xã Mười"
    # Cẩm Hà: 90, 80, 95 → 265 / 3 = 88,33; now 91 → +2,67
    d = cam_ha.delta
    assert d is not None and (d.previous_total, d.total_change) == (D("88.33"), D("2.67"))
    assert all(x.no_trend is None for x in res.rows)


def test_ten_communes_merged_into_three_weighted() -> None:
    r = new_rubric()
    base = baselines(last_year(), r, merge_lineage(True), units=[a.unit for a in cohort(r, NEW)])
    res = this_year(r, NEW, base)
    # An Phú: (60×1000 + 70×2000 + 81×1000) / 4000 = 281000 / 4000 = 70,25; 75 → +4,75
    d = res.row("Xã An Phú").delta
    assert d is not None and (d.previous_total, d.total_change) == (D("70.25"), D("4.75"))
    assert d.baseline == "so với bình quân gia quyền 3 xã cũ: Xã Một, Xã Hai, Xã Ba"
    # index 1: (30×1000 + 35×2000 + 40×1000) / 4000 = 35 → +5
    assert (d.parts[0].previous, d.parts[0].change) == (D(35), D(5))
    # Bình Minh: (40 + 50 + 60 + 70 + 95×2) / 6 = 410 / 6 = 68,33; 60 → −8,33
    d = res.row("Xã Bình Minh").delta
    assert d is not None and (d.previous_total, d.total_change) == (D("68.33"), D("-8.33"))
    # Cẩm Hà: (90×3 + 80 + 95×2) / 6 = 540 / 6 = 90; 91 → +1
    d = res.row("Xã Cẩm Hà").delta
    assert d is not None and (d.previous_total, d.total_change) == (D(90), D(1))


@pytest.mark.parametrize("plain", [False, True], ids=["scored-cohort", "scorecards"])
def test_a_split_gives_each_new_unit_the_old_units_result(plain: bool) -> None:
    r = new_rubric()
    lin = Lineage([Link("Xã Mười", "Xã Đông"), Link("Xã Mười", "Xã Tây"),
                   *(Link(o, "Xã Khác") for o in OLD if o != "Xã Mười")])
    now = {"Xã Đông": (50, 40), "Xã Tây": (40, 40), "Xã Khác": (10, 10)}
    res = this_year(r, now, baselines(last_year(), r, lin,
                                      units=[a.unit for a in cohort(r, now)]), plain)
    # Xã Mười had 95: Đông 90 → −5, Tây 80 → −15; no rank of its own to compare with
    for name, change in (("Xã Đông", -5), ("Xã Tây", -15)):
        d = res.row(name).delta
        assert d is not None
        assert (d.previous_total, d.total_change, d.previous_rank) == (95, change, None)
        assert d.baseline == "so với xã cũ Xã Mười (trước khi chia tách)"


def test_scales_differ_compared_as_percent_of_the_maximum() -> None:
    r = new_rubric(scale=200)  # two main indices of 100: 1000 → 100 in the real case
    now = {"Xã An Phú": (80, 70), "Xã Bình Minh": (60, 60), "Xã Cẩm Hà": (90, 92)}
    base = baselines(last_year(), r, merge_lineage(False), units=[a.unit for a in cohort(r, now)])
    res = this_year(r, now, base)
    d = res.row("Xã An Phú").delta
    assert d is not None and d.basis == "percent"
    # 60 %, 70 %, 81 % → 70,33 %; now 150 / 200 = 75 % → +4,67
    assert (d.previous_total, d.total_change) == (D("70.33"), D("4.67"))
    assert d.baseline == ("so với bình quân 3 xã cũ, theo % điểm tối đa: Xã Một, Xã Hai, "
                          "Xã Ba")
    # index 1: 60 %, 70 %, 80 % → 70 %; now 80 / 100 = 80 % → +10
    assert (d.parts[0].previous, d.parts[0].change, d.parts[0].basis) == (
        D(70), D(10), "percent")


def test_main_indices_by_a_declared_mapping() -> None:
    """The new rubric's index 9 is last year's 1 + 2 (economy and society merged,
    as in Nghệ An's commune rubric); index 1 matches by code."""
    new = valid(rubric(node("1", leaf("1.1", 50), name="Nhận thức số"),
                       node("9", leaf("9.1", 50), name="Hoạt động chính quyền số"),
                       rid="mau/commune/2025"))
    lin = Lineage.renames([(o, o) for o in OLD])
    units = [unit(n, {"1.1": Number(a), "9.1": Number(b)}, new) for n, (a, b) in OLD.items()]
    base = baselines(last_year(), new, lin, units=[u.unit for u in units],
                     index_map={"9": ("1", "2")})
    res = dtikit.rank(dtikit.score(new, units), new, previous=base)
    d = res.row("Xã Một").delta
    assert d is not None
    # 9 against 1 + 2 = 60 of 100, as a percent (the maxima differ): 30 of 50 = 60 % → 0
    assert [(p.code, p.previous, p.change, p.basis) for p in d.parts] == [
        ("1", D(30), D(0), "points"), ("9", D(60), D(0), "percent")]
    # without the mapping, 9 has no counterpart
    plain = dtikit.rank(dtikit.score(new, units), new,
                        previous=baselines(last_year(), new, lin, units=[u.unit for u in units]))
    d = plain.row("Xã Một").delta
    assert d is not None and (d.parts[1].previous, d.parts[1].change) == (None, None)
    # one old code may be given as a string
    assert baselines(last_year(), new, lin, units=[u.unit for u in units],
                     index_map={"9": "2"}).index_map == {"1": ("1",), "9": ("2",)}
    with pytest.raises(LineageInvalid, match="7 is not a main index of the previous"):
        baselines(last_year(), new, lin, units=[u.unit for u in units], index_map={"9": ("7",)})


def test_no_trend_where_nothing_maps_with_the_reason() -> None:
    r = old_rubric()
    prev_units = cohort(r, {"Xã Một": (30, 30), "Xã Hai": (35, 35)})
    late = unit("Xã Ba", {"1.1": Number(40), "2.1": Number(40)}, r, ranked=False,
                not_ranked_reason="Không nộp")
    prev = dtikit.rank(dtikit.score(r, [*prev_units, late]), r)
    n = new_rubric()
    lin = Lineage([Link("Xã Một", "Xã An Phú", where="m.csv:2"),
                   Link("Xã Hai", "Xã Bình Minh", where="m.csv:3"),
                   Link("Xã Ba", "Xã Bình Minh", where="m.csv:4"),
                   Link("Xã Không Có", "Xã Cẩm Hà", where="m.csv:5"),
                   Link(None, "Xã Mới Lập", where="m.csv:6")], source="m.csv")
    now = {"Xã An Phú": (40, 40), "Xã Bình Minh": (40, 40), "Xã Cẩm Hà": (40, 40),
           "Xã Mới Lập": (40, 40)}
    res = this_year(n, now, baselines(prev, n, lin, units=[a.unit for a in cohort(n, now)],
                                      previous_source="2024.json"))
    assert res.row("Xã An Phú").delta is not None
    assert res.row("Xã An Phú").no_trend is None
    why = {x.unit.name: x.no_trend for x in res.rows if x.delta is None}
    assert why == {
        "Xã Bình Minh": "xã cũ Xã Ba không được xếp hạng năm trước: "
                        + dtikit.scoring.EXCLUSION_REASONS["not_ranked"] + ": Không nộp",
        "Xã Cẩm Hà": "xã cũ Xã Không Có không có trong kết quả năm trước (2024.json)",
        "Xã Mới Lập": "đơn vị mới, không có đơn vị tiền thân (m.csv:6)",
    }


def test_unmapped_units_are_located_errors() -> None:
    r = new_rubric()
    lin = Lineage([Link(o, "Xã An Phú", where=f"m.csv:{i}")
                   for i, o in enumerate(list(OLD)[:9], start=2)], source="m.csv")
    with pytest.raises(LineageInvalid) as err:
        baselines(last_year(), r, lin, units=[a.unit for a in cohort(r, NEW)],
                  previous_source="2024.json")
    got = [str(p) for p in err.value.problems]
    assert got == [
        "2024.json: unit Xã Mười: not mapped by m.csv — every old unit maps to a new unit "
        "(add a row old_unit,new_unit)",
        "m.csv: unit Xã Bình Minh: no row names it as new_unit — give its old units, or "
        "declare it new (a row with an empty old_unit)",
        "m.csv: unit Xã Cẩm Hà: no row names it as new_unit — give its old units, or "
        "declare it new (a row with an empty old_unit)"]


def test_same_names_in_two_districts_need_the_parent() -> None:
    r = old_rubric()
    prev = dtikit.rank(dtikit.score(r, [
        *cohort(r, {"Xã Tân Tiến": (30, 30)}, parent="Huyện Đông"),
        *cohort(r, {"Xã Tân Tiến": (40, 40)}, parent="Huyện Tây", uid="tt-tay")]), r)
    n = new_rubric()
    now = [a.unit for a in cohort(n, {"Xã Tân Tiến": (45, 45)})]
    with pytest.raises(LineageInvalid, match="2 units of previous results have this name"):
        baselines(prev, n, Lineage([Link("Xã Tân Tiến", "Xã Tân Tiến")]), units=now)
    lin = Lineage([Link("Xã Tân Tiến", "Xã Tân Tiến", old_parent="Huyện Đông"),
                   Link("Xã Tân Tiến", "Xã Tân Tiến", old_parent="Huyện Tây")])
    res = this_year(n, {"Xã Tân Tiến": (45, 45)}, baselines(prev, n, lin, units=now))
    d = res.row("Xã Tân Tiến").delta
    # (60 + 80) / 2 = 70; 90 → +20
    assert d is not None and (d.previous_total, d.total_change) == (D(70), D(20))


# ------------------------------------------------------------------ the table


def test_bad_tables_give_located_errors() -> None:
    with pytest.raises(LineageInvalid) as err:
        Lineage([Link("Xã Một", "", where="m.csv:2"),
                 Link("Xã Hai", "Xã An Phú", weight=3, where="m.csv:3"),
                 Link("Xã Ba", "Xã An Phú", where="m.csv:4"),
                 Link("Xã Hai", "Xã An Phú", weight=3, where="m.csv:5"),
                 Link(None, "Xã Bình Minh", where="m.csv:6"),
                 Link("Xã Bốn", "Xã Bình Minh", where="m.csv:7"),
                 Link("Xã Năm", "Xã Cẩm Hà", weight=0, where="m.csv:8")])
    assert [str(p) for p in err.value.problems] == [
        "m.csv:2: old unit Xã Một: new_unit is empty — every old unit maps to a new unit",
        "m.csv:5: old unit Xã Hai → new unit Xã An Phú: the same row as m.csv:3",
        "m.csv:8: new unit Xã Cẩm Hà: weight 0 is not positive",
        "m.csv:4: new unit Xã An Phú: rows m.csv:3 give a weight, rows m.csv:4 do not — "
        "weigh all its predecessors or none",
        "m.csv:6: new unit Xã Bình Minh is declared new (no old_unit) but has predecessors "
        "in m.csv:6, m.csv:7"]


def test_csv_with_vietnamese_headers_and_a_decimal_comma(tmp_path: Path) -> None:
    path = tmp_path / "sap_xep.csv"
    path.write_text("Đơn vị cũ;Đơn vị mới;Cấp trên cũ;Ngày hiệu lực;Trọng số\n"
                    "Xã Một;Xã An Phú;Huyện Đông;01/07/2025;1,5\n"
                    "Xã Hai;Xã An Phú;Huyện Đông;2025-07-01;2\n"
                    ";Xã Mới Lập;;;\n", encoding="utf-8")
    lin = load_lineage(path)
    assert [(lk.old_unit, lk.new_unit, lk.old_parent, str(lk.effective), lk.weight, lk.where)
            for lk in lin.links] == [
        ("Xã Một", "Xã An Phú", "Huyện Đông", "2025-07-01", D("1.5"), "sap_xep.csv:2"),
        ("Xã Hai", "Xã An Phú", "Huyện Đông", "2025-07-01", D(2), "sap_xep.csv:3"),
        (None, "Xã Mới Lập", None, "None", None, "sap_xep.csv:4")]


def test_csv_problems_name_the_row_the_column_and_the_unit(tmp_path: Path) -> None:
    path = tmp_path / "map.csv"
    path.write_text("old_unit,new_unit,weight,effective\n"
                    "Xã Một,Xã An Phú,nhiều,01/07/2025\n"
                    "Xã Hai,Xã An Phú,2,32/13/2025\n", encoding="utf-8")
    with pytest.raises(FileRejected) as err:
        load_lineage(path)
    assert [str(p) for p in err.value.problems] == [
        "map.csv:2 column 3: unit Xã An Phú: weight: 'nhiều' is not a number",
        "map.csv:3 column 4: unit Xã An Phú: '32/13/2025' is not a date (dd/mm/yyyy)"]
    path.write_text("old_unit,new_unit,population\nXã Một,Xã An Phú,3\n", encoding="utf-8")
    with pytest.raises(FileRejected, match=r"map\.csv:1 column 3: unknown column 'population'"):
        load_lineage(path)
    path.write_text("old_unit,parent\n", encoding="utf-8")
    with pytest.raises(FileRejected, match="no column new_unit"):
        load_lineage(path)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_a_text_table_is_read_as_published_tables_are(tmp_path: Path, encoding: str) -> None:
    """UTF-8 (with or without its mark) and UTF-16 with its mark are read; a
    Windows code page (even bytes that would pass for UTF-16 without a mark) is
    refused, saying to save the table as CSV UTF-8; and a table over the text
    limit is refused, as a published table is (formats.tables.read_text)."""
    from dtikit.formats.safety import Limits
    from dtikit.formats.tables import read_text

    path = tmp_path / "map.csv"
    path.write_bytes("old_unit,new_unit\nXã Hai,Xã An Phú \n".encode(encoding))
    if encoding == "cp1252":
        assert len(path.read_bytes()) % 2 == 0  # UTF-16 without a mark would take it
        for read in (load_lineage, read_text):  # a published table's text is read alike
            with pytest.raises(FileRejected, match="not UTF-8"):
                read(path)
    else:
        assert [(lk.old_unit, lk.new_unit) for lk in load_lineage(path).links] == [
            ("Xã Hai", "Xã An Phú")]
    with pytest.raises(FileRejected, match="more than the limit"):
        read_text(path, Limits(max_text_bytes=10))


def test_xlsx_table(tmp_path: Path) -> None:
    path = tmp_path / "map.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sắp xếp"
    ws.append(["old_unit", "new_unit", "weight"])
    ws.append(["Xã Một", "Xã An Phú", 1200])
    ws.append(["Xã Hai", "Xã An Phú", "x"])
    wb.save(path)
    with pytest.raises(FileRejected) as err:
        load_lineage(path)
    assert [str(p) for p in err.value.problems] == [
        "map.xlsx Sắp xếp!C3: unit Xã An Phú: weight: 'x' is not a number"]
    ws["C3"] = 800.5
    wb.save(path)
    lin = load_lineage(path)
    assert [(lk.weight, lk.where) for lk in lin.links] == [
        (D(1200), "map.xlsx Sắp xếp!2:2"), (D("800.5"), "map.xlsx Sắp xếp!3:3")]


def test_names_match_whatever_the_tone_mark_placement() -> None:
    assert name_key("Xã Hoà  Bình") == name_key("xã hòa bình")
    assert name_key("Thuỷ") == name_key("Thủy")
    assert name_key("Xã Hoà Bình") != name_key("Xã Hoa Bình")
    assert name_key("UBND xã A") != name_key("Xã A")


# ------------------------------------------------------------------ renames = by name

NAMES = [f"Xã {w}" for w in ("Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám")]
POINTS = st.integers(min_value=0, max_value=50)


@settings(max_examples=60, deadline=None)
@given(before=st.lists(st.tuples(POINTS, POINTS), min_size=1, max_size=8),
       after=st.lists(st.tuples(POINTS, POINTS), min_size=8, max_size=8),
       renamed=st.lists(st.booleans(), min_size=8, max_size=8),
       plain=st.booleans())
def test_one_to_one_renames_give_the_trends_of_matching_by_name(
        before: list[tuple[int, int]], after: list[tuple[int, int]], renamed: list[bool],
        plain: bool) -> None:
    r = old_rubric()
    old_names = NAMES[:len(before)]
    prev = dtikit.rank(dtikit.score(r, cohort(r, dict(zip(old_names, before)))), r)
    new_names = [f"Phường {n[3:]}" if renamed[i] else n for i, n in enumerate(old_names)]
    now_points = dict(zip(new_names, after))
    res = this_year(r, now_points, baselines(
        prev, r, Lineage.renames(zip(old_names, new_names)),
        units=[a.unit for a in cohort(r, now_points)]), plain)
    # the oracle: each unit against the row of its old name, as matching by name does
    for old, new in zip(old_names, new_names):
        was, row = prev.row(old), res.row(new)
        d = row.delta
        assert d is not None
        assert (d.previous_total, d.total_change, d.previous_rank, d.rank_change,
                d.previous_class) == (was.total, row.total - was.total, was.rank,
                                      was.rank - row.rank, was.class_label)
        assert d.baseline == (None if old == new else f"so với năm trước (tên cũ: {old})")
    # and with the same names, the lineage is exactly `previous=` last year's results
    if not any(renamed):
        assert res == this_year(r, now_points, prev, plain)


# ------------------------------------------------------------------ tiers after the reform


def test_a_commune_rubric_with_no_district_ranks_within_the_province() -> None:
    r = new_rubric(workflow=Workflow(ranking_scope="parent"))
    units = cohort(r, {"Xã An Phú": (40, 40), "Xã Bình Minh": (45, 45), "Xã Cẩm Hà": (10, 10)})
    assert check_parents(r, [a.unit for a in units]) == []
    res = dtikit.rank(dtikit.score(r, units), r)
    assert [(x.group, x.rank, x.unit.name) for x in res.rows] == [
        (None, 1, "Xã Bình Minh"), (None, 2, "Xã An Phú"), (None, 3, "Xã Cẩm Hà")]


def test_a_cohort_mixing_pre_and_post_reform_parents_is_a_located_error() -> None:
    r = new_rubric(workflow=Workflow(ranking_scope="parent"))
    units = [a.unit for a in (*cohort(r, {"Xã An Phú": (40, 40)}),
                              *cohort(r, {"Xã Cũ": (40, 40)}, parent="Huyện Đông"))]
    assert [str(p) for p in check_parents(r, units)] == [
        "unit Xã An Phú: no parent unit (cấp trên), while 1 unit(s) of the cohort have one "
        "(e.g. Xã Cũ: Huyện Đông): the cohort mixes units before and after the reform"]
    # with a lineage: a parent named only as an old parent is before the reform
    lin = Lineage([Link("Xã Một", "Xã An Phú", old_parent="Huyện Đông",
                        new_parent="Tỉnh Mẫu", where="m.csv:2")], source="m.csv")
    flat = new_rubric()
    units = [a.unit for a in (*cohort(flat, {"Xã An Phú": (40, 40)}, parent="Tỉnh Mẫu"),
                              *cohort(flat, {"Xã Cũ": (40, 40)}, parent="Huyện Đông"))]
    assert [str(p) for p in check_parents(flat, units, lin)] == [
        "unit Xã Cũ: parent Huyện Đông is a unit before the reform (old_parent in m.csv), "
        "while 1 unit(s) have a parent after it (e.g. Xã An Phú: Tỉnh Mẫu)"]


# ------------------------------------------------------------------ the command


def test_score_with_a_lineage_states_the_baseline_in_every_output(tmp_path: Path) -> None:
    old = old_rubric()
    new = new_rubric()
    prev = tmp_path / "2024.json"
    prev.write_text(dtikit.dumps(last_year()), encoding="utf-8")
    forms = tmp_path / "2025.json"
    forms.write_text(dtikit.dumps(cohort(new, NEW)), encoding="utf-8")
    lin = tmp_path / "map.csv"
    lin.write_text("old_unit,new_unit\n" + "".join(f"{o},{n}\n" for o, n in MERGE),
                   encoding="utf-8")
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as mp:
        from dtikit import plugins as plugins_mod
        mp.setattr(plugins_mod, "_default", _host_with(old, new))
        report = tmp_path / "r.html"
        out = runner.invoke(cli, ["score", new.id, str(forms), "--previous", str(prev),
                                  "--lineage", str(lin), "--json", str(tmp_path / "o.json"),
                                  "--report", str(report)], catch_exceptions=False)
        assert out.exit_code == 0, out.output
        assert "+4,67 (so với bình quân 3 xã cũ: Xã Một, Xã Hai, Xã Ba)" in out.output
        data = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
        deltas = {row["unit"]["name"]: row["delta"] for row in data["rows"]}
        assert deltas["Xã An Phú"]["baseline"].startswith("so với bình quân 3 xã cũ")
        assert "so với bình quân 3 xã cũ: Xã Một, Xã Hai, Xã Ba" in report.read_text(
            encoding="utf-8")
        # a map that leaves a unit out: exit 2, located
        lin.write_text("old_unit,new_unit\nXã Một,Xã An Phú\n", encoding="utf-8")
        bad = runner.invoke(cli, ["score", new.id, str(forms), "--previous", str(prev),
                                  "--lineage", str(lin)], catch_exceptions=False)
        assert bad.exit_code == 2
        assert "2024.json: đơn vị Xã Hai: không có trong map.csv" in bad.output
        assert "map.csv: đơn vị Xã Bình Minh: không dòng nào ghi đơn vị này là new_unit" in bad.output
        alone = runner.invoke(cli, ["score", new.id, str(forms), "--lineage", str(lin)],
                              catch_exceptions=False)
        assert alone.exit_code == 2 and "cần thêm --previous" in alone.output


def test_score_refuses_a_cohort_mixing_parents(tmp_path: Path) -> None:
    r = new_rubric(workflow=Workflow(ranking_scope="parent"))
    forms = tmp_path / "2025.json"
    forms.write_text(dtikit.dumps([*cohort(r, {"Xã An Phú": (40, 40)}),
                                   *cohort(r, {"Xã Cũ": (40, 40)}, parent="Huyện Đông")]),
                     encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        from dtikit import plugins as plugins_mod
        mp.setattr(plugins_mod, "_default", _host_with(r))
        out = CliRunner().invoke(cli, ["score", r.id, str(forms)], catch_exceptions=False)
    assert out.exit_code == 2
    assert "đơn vị Xã An Phú: không có đơn vị cấp trên" in out.output


def _host_with(*rubrics: dtikit.Rubric) -> Any:
    class Plugin:
        @dtikit.hookimpl
        def dtikit_rubrics(self) -> list[dtikit.Rubric]:
            return list(rubrics)

    return dtikit.PluginHost(entry_points=False, plugins=[("mau", Plugin())])


def test_baselines_is_what_rank_takes_as_previous() -> None:
    r = old_rubric()
    prev = last_year()
    ident = Baselines.identity(prev, r)
    assert this_year(r, OLD, ident) == this_year(r, OLD, prev)
    assert attrs.fields_dict(dtikit.ranking.Delta)["baseline"].default is None
