"""Scoring: the four kinds of empty, rounding at the leaf, appraisals, variants,
cohort-relative methods, and bad input refused with every problem at once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from builders import D, leaf, node, rubric, unit, valid
from oracle import score_reference

import dtikit
from dtikit import (
    Answer,
    Appraisal,
    AssessmentInvalid,
    Band,
    Classification,
    Evidence,
    Flag,
    NotApplicable,
    Number,
    Ratio,
    Rounding,
    Variant,
    Workflow,
)

CULTURE = "Phòng Văn hóa và Thông tin"
OFFICE = "Văn phòng HĐND và UBND"
MEETINGS = [{"at_least": "1", "points": "5"}, {"at_least": "2", "points": "10"},
            {"at_least": "3", "points": "15"}, {"at_least": "4", "points": "20"}]
KON_TUM = Classification("percent", [
    Band("Tốt", "90", True, None), Band("Khá", "70", True, "90", False),
    Band("Trung bình", "50", True, "70", False), Band("Yếu", None, True, "50", False)])
EV = (Evidence("15/KH-UBND", date(2024, 3, 1), "UBND xã", file_name="ke_hoach.pdf"),)


def make(na: str = "forbid", **kw: Any) -> dtikit.Rubric:
    """1 (40) = 1.1 steps 20 + 1.2 ratio 20; 2 (60) = 2.1 yes/no 20 + 2.2 awarded 40."""
    return valid(rubric(
        node("1", leaf("1.1", 20, "steps", params={"steps": MEETINGS, "unit": "cuộc họp"},
                       appraiser=CULTURE),
             leaf("1.2", 20, "ratio"), name="Nhận thức số"),
        node("2", leaf("2.1", 20, "yes_no"), leaf("2.2", 40, appraiser=CULTURE),
             name="Hoạt động chính quyền số"),
        classification=KON_TUM, workflow=Workflow(not_applicable=na), **kw))  # type: ignore[arg-type]


FULL = {"1.1": Number(4), "1.2": Ratio(4, 4), "2.1": Flag(True), "2.2": Number(32)}


def score1(r: dtikit.Rubric, answers: dict[str, Any], **kw: Any) -> dtikit.Scorecard:
    cards = dtikit.score(r, [unit("UBND xã Hoàng Hanh", answers, r, **kw)])
    assert cards == score_reference(r, [unit("UBND xã Hoàng Hanh", answers, r, **kw)])
    return cards[0]


# ===================================================== the four kinds of empty


def test_answered_everything() -> None:
    card = score1(make(), FULL)
    assert [card.node(c).points for c in ("1.1", "1.2", "1", "2.1", "2.2", "2")] == [
        20, 20, 40, 20, 32, 52]
    assert card.total == 92 and card.applicable_max == 100
    assert card.class_label == "Tốt" and card.excluded is None


@pytest.mark.parametrize("missing", [None, "absent"])
def test_not_answered_leaves_the_parent_unknown_and_the_unit_out(missing: Any) -> None:
    answers: dict[str, Any] = dict(FULL)
    if missing is None:
        answers["1.2"] = Answer("1.2", None)  # an answer with no value is not an answer
    else:
        del answers["1.2"]
    card = score1(make(), answers)
    assert card.node("1.2").points is None and card.node("1.2").state == "not_answered"
    assert card.node("1").points is None  # unknown, not zero
    assert card.node("1.1").points == 20  # the answered sibling is still shown
    assert card.node("2").points == 52
    assert card.total is None and card.class_label is None
    assert card.excluded == "incomplete"
    assert [f.message for f in card.findings if f.kind == "not_answered"] == ["Chưa trả lời: 1.2"]
    results = dtikit.rank([card], make())
    assert results.rows == ()
    assert [(e.unit.name, e.reason) for e in results.excluded] == [
        ("UBND xã Hoàng Hanh", "incomplete")]


def test_zero_is_an_answer() -> None:
    card = score1(make(), {**FULL, "1.1": Number(0), "2.1": Flag(False)})
    assert card.node("1.1").points == 0 and card.node("1.1").state == "scored"
    assert card.node("1").points == 20 and card.node("2").points == 32
    assert card.total == 52  # 0 + 20 + 0 + 32
    assert card.excluded is None and card.class_label == "Trung bình"


def test_not_applicable_removed_reduces_the_applicable_maximum() -> None:
    """2.1 Không áp dụng, policy remove: the unit is judged on 80 points, and its
    class on 72 / 80 = 90 % (Tốt), not 72 / 100 (Khá)."""
    card = score1(make("remove"), {**FULL, "2.1": NotApplicable(), "2.2": Number(32)})
    assert card.node("2.1").state == "not_applicable"
    assert card.node("2.1").points is None and card.node("2.1").applicable_max == 0
    assert card.node("2").points == 32 and card.node("2").applicable_max == 40
    assert card.total == 72 and card.applicable_max == 80
    assert card.percent == 90
    assert card.class_label == "Tốt"
    zero = score1(make("remove"), {**FULL, "2.1": Flag(False)})
    assert zero.total == 72 and zero.applicable_max == 100 and zero.class_label == "Khá"


def test_not_applicable_redistributed_to_the_siblings() -> None:
    """2.1 (20) Không áp dụng, policy redistribute: 2.2 carries the whole 60 of
    main 2, in proportion: 32 / 40 → 48 / 60."""
    card = score1(make("redistribute"), {**FULL, "2.1": NotApplicable()})
    assert card.node("2.2").points == 48 and card.node("2.2").applicable_max == 60
    assert card.node("2").points == 48 and card.node("2").applicable_max == 60
    assert card.total == 88 and card.applicable_max == 100


def test_redistributed_share_grows_a_whole_subtree() -> None:
    """Regression: a share redistributed to a sibling with children grows every leaf
    under it, so the sibling still equals the sum of its displayed children."""
    r = valid(rubric(
        node("1", node("1.1", leaf("1.1.1", 10, "yes_no"), leaf("1.1.2", 10, "yes_no"),
                       level="sub"),
             leaf("1.2", 20, "yes_no"), name="Nhận thức số"),
        workflow=Workflow(not_applicable="redistribute")))
    answers = {"1.1.1": Flag(True), "1.1.2": Flag(False), "1.2": NotApplicable()}
    for card in (dtikit.score(r, [unit("A", answers, r)])[0],
                 score_reference(r, [unit("A", answers, r)])[0]):
        assert card.node("1.1.1").points == 20 and card.node("1.1.2").points == 0
        assert card.node("1.1").points == 20 and card.node("1.1").applicable_max == 40
        assert card.node("1").points == 20 and card.total == 20
        assert card.applicable_max == 40


def test_not_applicable_forbidden_names_unit_and_code() -> None:
    with pytest.raises(AssessmentInvalid) as info:
        dtikit.score(make("forbid"), [unit("UBND xã Hoàng Hanh", {**FULL, "2.1": NotApplicable()})])
    [p] = info.value.problems
    assert "UBND xã Hoàng Hanh" in p.where and "2.1" in p.where
    assert "Không áp dụng is not allowed" in p.message


def test_indicator_policy_overrides_the_rubric_default() -> None:
    r = valid(rubric(node("1", leaf("1.1", 10, "yes_no", not_applicable="remove"),
                          leaf("1.2", 10, "yes_no"))))
    card = score1(r, {"1.1": NotApplicable(), "1.2": Flag(True)})
    assert card.total == 10 and card.applicable_max == 10
    with pytest.raises(AssessmentInvalid):
        dtikit.score(r, [unit("A", {"1.1": Flag(True), "1.2": NotApplicable()}, r)])


def test_evidence_explanation_or_neither() -> None:
    answers = {
        "1.1": Answer("1.1", Number(4), EV),
        "1.2": Answer("1.2", Ratio(4, 4), explanation="Không ban hành văn bản trong kỳ"),
        "2.1": Answer("2.1", Flag(True)),
        "2.2": Answer("2.2", Number(32), EV),
    }
    card = score1(make(), answers)
    kinds = {(f.kind, f.code) for f in card.findings}
    assert kinds == {("explained", "1.2"), ("evidence_missing", "2.1")}
    # both still score as answered
    assert card.node("1.2").points == 20 and card.node("2.1").points == 20 and card.total == 92


# ================================================================ rounding


def test_leaf_rounding_half_up_and_a_parent_is_the_sum_as_shown() -> None:
    card = score1(make(), {**FULL, "1.2": Ratio(2, 3)})
    assert card.node("1.2").points == D("13.33")  # 2/3 × 20 = 13,333…
    assert "làm tròn 13,33" in (card.node("1.2").final_rule or "")
    assert card.node("1").points == D("33.33")
    assert card.total == D("85.33")


@pytest.mark.parametrize(("kind", "value", "expected"), [
    ("awarded", Number("0.125"), D("0.13")),     # half-up, not banker's 0,12
    ("awarded", Number("0.135"), D("0.14")),
    ("awarded", Number("0.124999"), D("0.12")),
    ("ratio", Ratio(1, 8), D("0.13")),           # 1/8 × 1 = 0,125
    ("ratio", Ratio(5, 8), D("0.63")),           # 0,625
])
def test_half_up_at_the_leaf(kind: str, value: Any, expected: Decimal) -> None:
    r = valid(rubric(node("1", leaf("1.1", 1, kind))))
    assert score1(r, {"1.1": value}).node("1.1").points == expected


def test_rubric_places_zero() -> None:
    r = valid(rubric(node("1", leaf("1.1", 5, "ratio"), leaf("1.2", 5, "ratio")),
                     rounding=Rounding(0)))
    card = score1(r, {"1.1": Ratio(1, 2), "1.2": Ratio(1, 2)})
    assert card.node("1.1").points == 3  # 2,5 → 3
    assert card.total == 6  # the sum of what is shown, not round(5)


def test_total_is_the_sum_of_rounded_parts_not_the_rounded_sum() -> None:
    r = valid(rubric(node("1", *(leaf(f"1.{i}", 1, "ratio") for i in (1, 2, 3)))))
    card = score1(r, {f"1.{i}": Ratio(1, 3) for i in (1, 2, 3)})
    assert card.total == D("0.99")  # 0,33 + 0,33 + 0,33


def test_capped_parent() -> None:
    r = valid(rubric(node("1", leaf("1.1", 10, "yes_no"), leaf("1.2", 10, "yes_no"),
                          max_points=15, cap=True)))
    assert score1(r, {"1.1": Flag(True), "1.2": Flag(True)}).total == 15
    assert score1(r, {"1.1": Flag(True), "1.2": Flag(False)}).total == 10


# ========================================================= appraisal stages


def test_appraised_replaces_self_and_both_are_kept() -> None:
    appraisal = Appraisal(CULTURE, [Answer("2.2", Number(30)), Answer("1.1", Number(2))])
    card = score1(make(), {**FULL, "2.2": Number(36)}, appraisals=[appraisal])
    n = card.node("2.2")
    assert (n.self_points, n.appraised_points, n.final_points) == (36, 30, 30)
    assert n.appraised_by == CULTURE
    assert card.node("1.1").self_points == 20 and card.node("1.1").points == 10
    assert card.node("2.1").appraised_points is None  # not appraised: no appraised stage
    assert card.node("2.1").points == 20
    assert card.self_total == 96 and card.total == 80
    assert card.appraised
    assert not [f for f in card.findings if f.kind == "appraiser_not_assigned"]
    text = dtikit.explain(make(), card, "2.2")
    assert f"Thẩm định ({CULTURE})" in text and "Phương pháp: Điểm chấm" in text


def test_a_later_appraisal_wins_and_an_empty_one_changes_nothing() -> None:
    first = Appraisal(CULTURE, [Answer("2.2", Number(30))])
    second = Appraisal(CULTURE, [Answer("2.2", Number(25)), Answer("1.2", None)])
    card = score1(make(), FULL, appraisals=[first, second])
    assert card.node("2.2").points == 25
    assert card.node("1.2").points == 20 and card.node("1.2").appraised_points is None


def test_appraisal_by_an_unassigned_agency_is_flagged() -> None:
    card = score1(make(), FULL, appraisals=[Appraisal(OFFICE, [Answer("2.2", Number(30))])])
    [finding] = [f for f in card.findings if f.kind == "appraiser_not_assigned"]
    assert finding.code == "2.2" and OFFICE in finding.message and CULTURE in finding.message
    assert card.node("2.2").points == 30  # flagged, not ignored


def test_agency_names_match_regardless_of_case_and_unicode_form() -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", CULTURE.lower())
    card = score1(make(), FULL, appraisals=[Appraisal(nfd, [Answer("2.2", Number(30))])])
    assert not [f for f in card.findings if f.kind == "appraiser_not_assigned"]


def test_an_unassigned_indicator_takes_any_agency() -> None:
    card = score1(make(), FULL, appraisals=[Appraisal(OFFICE, [Answer("2.1", Flag(False))])])
    assert not [f for f in card.findings if f.kind == "appraiser_not_assigned"]


def test_appraiser_is_inherited_from_the_parent() -> None:
    r = valid(rubric(node("1", leaf("1.1", 10, "yes_no"), appraiser=CULTURE)))
    card = score1(r, {"1.1": Flag(True)}, appraisals=[Appraisal(OFFICE, [Answer("1.1",
                                                                               Flag(False))])])
    assert [f.code for f in card.findings if f.kind == "appraiser_not_assigned"] == ["1.1"]


@pytest.mark.parametrize(("late_rule", "submitted", "late", "excluded"), [
    ("exclude", date(2024, 11, 6), True, "late"),
    ("exclude", date(2024, 11, 5), False, None),  # on the deadline is in time
    ("flag", date(2024, 11, 6), True, None),
])
def test_late_submission(late_rule: str, submitted: date, late: bool,
                         excluded: str | None) -> None:
    r = make(workflow=None) if False else valid(attrs.evolve(
        make(), workflow=Workflow(deadline=date(2024, 11, 5), late=late_rule)))  # type: ignore[arg-type]
    card = score1(r, FULL, submitted=submitted)
    assert card.late is late
    assert any(f.kind == "late" for f in card.findings) is late
    assert card.excluded == excluded
    assert card.total == 92  # scored either way; the rule decides the ranking


def test_require_appraisal() -> None:
    r = valid(attrs.evolve(make(), workflow=Workflow(require_appraisal=True)))
    assert score1(r, FULL).excluded == "not_appraised"
    card = score1(r, FULL, appraisals=[Appraisal(CULTURE, [Answer("2.2", Number(30))])])
    assert card.excluded is None


# ============================================================== variants


def test_variant_removes_indicators_whatever_the_answer() -> None:
    r = valid(attrs.evolve(make(), variants=[Variant("no_tthc", "Không có TTHC", ["2.1"])]))
    for value in (Flag(True), NotApplicable(), None):
        answers = {**FULL, "2.1": value} if value is not None else {
            k: v for k, v in FULL.items() if k != "2.1"}
        card = score1(r, answers, variant="no_tthc")
        assert card.node("2.1").state == "not_applicable"
        assert card.total == 72 and card.applicable_max == 80 and card.class_label == "Tốt"


# ======================================================= relative to the best


def test_relative_to_best_sees_the_whole_cohort() -> None:
    r = valid(rubric(node("2", leaf("2.1", 40, "relative_to_best")),
                     workflow=Workflow(deadline=date(2024, 11, 5))))
    units = [unit(f"UBND xã {v}", {"2.1": Number(v)}, r) for v in (50, 100, 200)]
    late = unit("UBND xã muộn", {"2.1": Number(500)}, r, submitted=date(2024, 11, 9))
    cards = dtikit.score(r, [*units, late])
    # the late unit is not scored for ranking, so it does not set the bar
    assert [c.total for c in cards] == [10, 20, 40, 40]
    assert cards[3].excluded == "late"


# ================================================ bad input: typed, located


def test_every_problem_of_the_cohort_is_reported_together() -> None:
    r = valid(attrs.evolve(make(), variants=[Variant("no_tthc", "Không có TTHC", ["2.1"])]))
    cohort = [
        unit("UBND xã A", {**FULL, "1.1": Number(-1)}, r),            # negative count
        unit("UBND xã B", {**FULL, "1.2": Ratio(5, 4)}, r),           # a > b
        unit("UBND xã C", {**FULL, "9.9": Number(1)}, r),             # unknown code
        unit("UBND xã D", {**FULL, "2.2": Number(41)}, r),            # awarded over max
        unit("UBND xã E", {**FULL, "2.1": NotApplicable()}, r),       # N/A forbidden
        unit("UBND xã F", {**FULL, "2.1": Number(1)}, r),             # wrong value type
        unit("UBND xã G", {**FULL, "1": Number(1)}, r),               # a computed node
        unit("UBND xã H", FULL, r, variant="khac"),                   # unknown variant
        attrs.evolve(unit("UBND xã I", FULL, r), rubric_id="mau/commune/2023"),
        unit("UBND xã J", FULL, r, appraisals=[Appraisal(CULTURE, [
            Answer("2.2", Number(50))])]),                            # appraised over max
        unit("UBND xã K", FULL, r), unit("UBND xã K", FULL, r),       # the same unit twice
    ]
    with pytest.raises(AssessmentInvalid) as info:
        dtikit.score(r, cohort)
    problems = info.value.problems
    text = str(info.value)
    expected = [("UBND xã A", "1.1", "negative"), ("UBND xã B", "1.2", "greater than b"),
                ("UBND xã C", "9.9", "no indicator"), ("UBND xã D", "2.2", "exceed"),
                ("UBND xã E", "2.1", "Không áp dụng"), ("UBND xã F", "2.1", "expects"),
                ("UBND xã G", "code 1", "computed from its children"),
                ("UBND xã H", "", "no variant"), ("UBND xã I", "", "mau/commune/2023"),
                ("UBND xã J", "2.2", "exceed")]
    for who, code, message in expected:
        assert any(who in p.where and code in p.where and message in p.message
                   for p in problems), (who, code, message, text)
    assert any("UBND xã K" in p.where and "twice" in p.message for p in problems)
    # the same error whichever path scores it
    with pytest.raises(AssessmentInvalid) as ref:
        score_reference(r, cohort)
    assert str(ref.value) == text


def test_negative_value_relative_to_best_names_unit_and_code() -> None:
    """Regression: the cohort's best skipped no bad value and raised a bare AnswerError."""
    r = valid(rubric(node("1", leaf("1.1", 10, "relative_to_best"))))
    cohort = [unit("UBND xã A", {"1.1": Number(-1)}, r), unit("UBND xã B", {"1.1": Number(5)}, r)]
    for score in (dtikit.score, score_reference):
        with pytest.raises(AssessmentInvalid) as info:
            score(r, cohort)
        [p] = info.value.problems
        assert p.where == "unit UBND xã A, code 1.1" and "negative" in p.message


def test_answered_twice() -> None:
    u = unit("UBND xã A", FULL)
    u = attrs.evolve(u, answers=[*u.answers, Answer("2.2", Number(1))])
    with pytest.raises(AssessmentInvalid, match="answered twice"):
        dtikit.score(make(), [u])


def test_assessment_invalid_is_a_dtikit_error_with_the_rubric_as_source() -> None:
    with pytest.raises(dtikit.DtikitError) as info:
        dtikit.score(make(), [unit("A", {"9": Number(1)})])
    assert isinstance(info.value, AssessmentInvalid)
    assert info.value.source == "mau/commune/2024"


def test_a_rubric_with_a_bad_method_is_refused_whole() -> None:
    r = rubric(node("1", leaf("1.1", 10, "khao_sat"), leaf("1.2", 10, "levels")))
    with pytest.raises(dtikit.RubricInvalid) as info:
        dtikit.score(r, [unit("A", {}, r)])
    wheres = {p.where for p in info.value.problems}
    assert wheres == {"indicator 1.1", "indicator 1.2"}


def test_empty_cohort() -> None:
    assert dtikit.score(make(), []) == ()


def test_node_score_gap_and_stage() -> None:
    card = score1(make(), FULL)
    n = card.node("2.2")
    assert n.gap == 8 and n.stage("self") == 32 and n.stage("appraised") is None


def test_an_inexact_fraction_parameter_is_refused() -> None:
    # "2/3" has no exact decimal value: a rounded 0,666…67 would put a leaf on
    # the wrong side of a half (1/3 ÷ 2/3 = 0,5 exactly → 1 at 0 places). The
    # rubric is refused with a located problem instead of scoring inexactly.
    r = rubric(node("1", leaf("1.1", 1, "threshold_ratio", params={"target": "2/3"}),
                    leaf("1.2", 3, "yes_no")), rounding=Rounding(0))
    problems = dtikit.validate_rubric(r)
    assert any(p.where == "indicator 1.1" and "no exact decimal value" in p.message
               for p in problems), problems
    assert dtikit.numbers.to_decimal("1/2") == Decimal("0.5")
    assert dtikit.numbers.to_decimal("3/8") == Decimal("0.375")
