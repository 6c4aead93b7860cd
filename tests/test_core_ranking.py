"""Ranking: competition ranks, exclusions with reasons, ranking within the parent,
tie-break keys, year-over-year deltas, and declared conversions (DTI × 11 / 100)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from builders import D, leaf, node, rubric, unit, valid

import dtikit
from dtikit import Answer, Appraisal, Band, Classification, Conversion, Number, Workflow
from dtikit.scoring import EXCLUSION_REASONS

BANDS = Classification("percent", [
    Band("Tốt", "90", True), Band("Khá", "70", True, "90", False),
    Band("Trung bình", "50", True, "70", False), Band("Yếu", None, True, "50", False)])
CCHC = Conversion("cchc", "Điểm đạt được, Mục 7 Bộ chỉ số CCHC", "11", "100", 2)


def make(**workflow: Any) -> dtikit.Rubric:
    """Two main indices of 50, points awarded (as the published tables record them)."""
    return valid(rubric(node("1", leaf("1.1", 50), name="Nhận thức số"),
                        node("2", leaf("2.1", 50), name="Hoạt động chính quyền số"),
                        classification=BANDS, conversions=[CCHC],
                        workflow=Workflow(**workflow)))


def cohort(r: dtikit.Rubric, points: dict[str, tuple[Any, Any]], **kw: Any) -> list[Any]:
    return [unit(name, {"1.1": Number(a), "2.1": Number(b)}, r, **kw)
            for name, (a, b) in points.items()]


def ranked(r: dtikit.Rubric, units: list[Any], **kw: Any) -> dtikit.Results:
    return dtikit.rank(dtikit.score(r, units), r, **kw)


def test_competition_ranks_with_a_stated_tie_order() -> None:
    r = make()
    res = ranked(r, cohort(r, {"UBND xã Bảo Khê": (40, 30), "UBND xã An Tảo": (35, 35),
                               "UBND xã Hồng Nam": (50, 45), "UBND xã Lam Sơn": (10, 10)}))
    assert [(x.rank, x.unit.name, x.total) for x in res.rows] == [
        (1, "UBND xã Hồng Nam", 95), (2, "UBND xã An Tảo", 70), (2, "UBND xã Bảo Khê", 70),
        (4, "UBND xã Lam Sơn", 20)]
    assert [x.class_label for x in res.rows] == ["Tốt", "Khá", "Khá", "Yếu"]
    top = res.row("UBND xã Hồng Nam")
    assert [(p.code, p.points, p.max) for p in top.parts] == [("1", 50, 50), ("2", 45, 50)]
    assert top.percent == D("95.00") and top.applicable_max == 100
    assert res.columns == (("1", "Nhận thức số", D(50)), ("2", "Hoạt động chính quyền số",
                                                          D(50)))
    with pytest.raises(KeyError):
        res.row("UBND xã Không Có")


def test_ties_are_decided_on_exact_totals_not_rounded_ones() -> None:
    r = make()
    res = ranked(r, cohort(r, {"A": ("35.004", "35"), "B": ("35.001", "35")}))
    # both leaves round to 35,00: the shown totals are equal, so the ranks are
    assert [(x.rank, x.unit.name) for x in res.rows] == [(1, "A"), (1, "B")]


def test_tie_break_keys() -> None:
    r = make()
    units = cohort(r, {"A": (30, 40), "B": (40, 30), "C": (40, 30), "D": (20, 20)})
    res = ranked(r, units, tie_break=["1"])
    assert [(x.rank, x.unit.name) for x in res.rows] == [(1, "B"), (1, "C"), (3, "A"),
                                                          (4, "D")]


def test_exclusions_listed_with_reasons() -> None:
    r = make(deadline=date(2024, 11, 5), late="exclude", require_appraisal=True)
    ok = Appraisal("Phòng Văn hóa và Thông tin", [Answer("1.1", Number(45))])
    units = [
        unit("UBND xã Đúng hạn", {"1.1": Number(40), "2.1": Number(40)}, r, appraisals=[ok]),
        unit("UBND xã Muộn", {"1.1": Number(50), "2.1": Number(50)}, r,
             submitted=date(2024, 11, 6), appraisals=[ok]),
        unit("UBND xã Chưa thẩm định", {"1.1": Number(50), "2.1": Number(50)}, r),
        unit("UBND xã Không xếp hạng", {"1.1": Number(50), "2.1": Number(50)}, r,
             appraisals=[ok], ranked=False, not_ranked_reason="Không có dịch vụ công"),
        unit("UBND xã Thiếu", {"1.1": Number(50)}, r, appraisals=[ok]),
    ]
    res = ranked(r, units)
    assert [(x.rank, x.unit.name, x.total) for x in res.rows] == [(1, "UBND xã Đúng hạn", 85)]
    got = {e.unit.name: (e.reason, e.message, e.total) for e in res.excluded}
    assert got == {
        "UBND xã Muộn": ("late", EXCLUSION_REASONS["late"], D(95)),
        "UBND xã Chưa thẩm định": ("not_appraised", EXCLUSION_REASONS["not_appraised"], D(100)),
        "UBND xã Không xếp hạng": ("not_ranked", EXCLUSION_REASONS["not_ranked"]
                                   + ": Không có dịch vụ công", D(95)),
        "UBND xã Thiếu": ("incomplete", EXCLUSION_REASONS["incomplete"], None),
    }
    # listed by name, whatever the input order
    names = [e.unit.name for e in res.excluded]
    assert names == sorted(names, key=str.casefold)


def test_late_is_flagged_not_excluded_when_the_workflow_says_flag() -> None:
    r = make(deadline=date(2024, 11, 5), late="flag")
    res = ranked(r, cohort(r, {"A": (40, 40)}, submitted=date(2024, 11, 20)))
    assert [x.unit.name for x in res.rows] == ["A"] and res.excluded == ()


def test_the_first_reason_that_applies_is_given() -> None:
    r = make(deadline=date(2024, 11, 5), require_appraisal=True)
    res = ranked(r, cohort(r, {"A": (40, 40)}, submitted=date(2024, 12, 1), ranked=False))
    assert [e.reason for e in res.excluded] == ["late"]


def test_ranking_within_the_parent() -> None:
    r = attrs.evolve(make(), workflow=Workflow(ranking_scope="parent"))
    units = [
        *cohort(r, {"Xã A": (40, 40), "Xã B": (45, 45)}, parent="Huyện Tứ Kỳ"),
        *cohort(r, {"Xã C": (10, 10), "Xã D": (30, 30), "Xã E": (30, 30)},
                parent="Thị xã Mỹ Hào"),
    ]
    res = ranked(r, units)
    assert [(x.group, x.rank, x.unit.name) for x in res.rows] == [
        ("Huyện Tứ Kỳ", 1, "Xã B"), ("Huyện Tứ Kỳ", 2, "Xã A"),
        ("Thị xã Mỹ Hào", 1, "Xã D"), ("Thị xã Mỹ Hào", 1, "Xã E"),
        ("Thị xã Mỹ Hào", 3, "Xã C")]
    flat = ranked(make(), units)
    assert [(x.group, x.rank, x.unit.name) for x in flat.rows][:2] == [
        (None, 1, "Xã B"), (None, 2, "Xã A")]


def test_year_over_year_deltas() -> None:
    r = make()
    last = ranked(r, cohort(r, {"A": (30, 30), "B": (40, 40), "C": (45, 45)}))
    now = ranked(r, cohort(r, {"A": (50, "45.5"), "B": (40, 40), "D": (10, 10)}),
                 previous=last)
    deltas = {x.unit.name: x.delta for x in now.rows}
    a = deltas["A"]
    assert a is not None
    assert (a.previous_total, a.total_change, a.previous_rank, a.rank_change,
            a.previous_class) == (60, D("35.5"), 3, 2, "Trung bình")
    b = deltas["B"]
    assert b is not None and (b.total_change, b.rank_change) == (0, 0)
    assert deltas["D"] is None  # new this year


def test_declared_conversion_dti_times_11_over_100_half_up() -> None:
    r = valid(rubric(node("DTI", leaf("DTI.1", 100), name="Chỉ số Chuyển đổi số"),
                     conversions=[CCHC]))
    res = ranked(r, [unit(n, {"DTI.1": Number(v)}, r) for n, v in
                     [("A", "91.27"), ("B", "45.5"), ("C", "100"), ("D", "0")]])
    conv = {x.unit.name: dict(x.conversions)["cchc"] for x in res.rows}
    # 91,27 × 11 / 100 = 10,0397 → 10,04; 45,5 × 11 / 100 = 5,005 → 5,01 (half-up,
    # banker's rounding would give 5,00)
    assert conv == {"A": D("10.04"), "B": D("5.01"), "C": D("11.00"), "D": D("0.00")}
    assert res.conversions == (("cchc", CCHC.label),)
    assert CCHC.apply(D("45.5")) == D("5.01")


def test_rank_refuses_scorecards_of_another_rubric() -> None:
    r = make()
    other = attrs.evolve(r, id="mau/commune/2023", year=2023)
    cards = dtikit.score(other, [attrs.evolve(u, rubric_id=other.id)
                                 for u in cohort(other, {"A": (1, 1)})])
    with pytest.raises(ValueError, match="mau/commune/2023"):
        dtikit.rank(cards, r)


def test_sample_data_is_marked() -> None:
    r = make()
    units = [attrs.evolve(u, sample=True) for u in cohort(r, {"A": (1, 1)})]
    assert ranked(r, units).sample is True
    assert ranked(r, cohort(r, {"A": (1, 1)})).sample is False


def test_no_class_without_bands() -> None:
    r = attrs.evolve(make(), classification=None)
    assert ranked(r, cohort(r, {"A": (50, 50)})).rows[0].class_label is None


def test_results_percent_is_of_the_applicable_maximum() -> None:
    r = attrs.evolve(make(), variants=[dtikit.Variant("v", "V", ["2"])])
    res = ranked(r, [unit("A", {"1.1": Number(45)}, r, variant="v")])
    row = res.rows[0]
    assert (row.total, row.applicable_max, row.percent, row.class_label) == (
        45, 50, D("90.00"), "Tốt")
    assert [(p.code, p.points, p.max) for p in row.parts] == [("1", 45, 50), ("2", None, 0)]


def test_empty_results() -> None:
    res = dtikit.rank([], make())
    assert res.rows == () and res.excluded == () and isinstance(res.columns[0][2], Decimal)
