"""Classification bands exactly as decisions word them, and rubric validation that
reports every problem at once, each with where it is."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from builders import D, leaf, node, rubric

import dtikit
from dtikit import Band, Classification, Conversion, MethodSpec, RubricInvalid, Variant
from dtikit.validation import band_problems, validate_rubric

# Kon Tum 780/QĐ-UBND: "tốt: từ 90% điểm trở lên"; "khá: từ 70% điểm đến dưới 90%
# điểm"; "trung bình: từ 50% điểm đến dưới 70% điểm"; "yếu: dưới 50% điểm"
KON_TUM = Classification("percent", [
    Band("Tốt", "90", True), Band("Khá", "70", True, "90", False),
    Band("Trung bình", "50", True, "70", False), Band("Yếu", None, True, "50", False)])


@pytest.mark.parametrize(("percent", "label"), [
    ("100", "Tốt"), ("90", "Tốt"), ("89.999", "Khá"), ("70", "Khá"), ("69.99", "Trung bình"),
    ("50", "Trung bình"), ("49.99", "Yếu"), ("0", "Yếu")])
def test_bands_inclusive_and_exclusive_bounds(percent: str, label: str) -> None:
    assert KON_TUM.classify(D(percent), D(100)) == label
    assert band_problems(KON_TUM, D(100)) == []


def test_khá_from_70_to_under_90() -> None:
    kha = KON_TUM.bands[1]
    assert kha.contains(D(70)) and not kha.contains(D(90)) and kha.contains(D("89.99"))
    assert kha.describe() == "từ 70 đến dưới 90"
    assert Band("Tốt", "90").describe() == "từ 90"
    assert Band("x", "1", False, "2", True).describe() == "trên 1 đến 2"


def test_percent_of_the_applicable_maximum() -> None:
    # 720 of 800 applicable points is 90 %: Tốt; 720 of 1000 is 72 %: Khá
    assert KON_TUM.classify(D(720), D(800)) == "Tốt"
    assert KON_TUM.classify(D(720), D(1000)) == "Khá"
    # seed 004: 708,39 / 1000 → Khá; 523,02 → Trung bình; 471,48 → Yếu
    assert [KON_TUM.classify(D(x), D(1000)) for x in ("708.39", "523.02", "471.48")] == [
        "Khá", "Trung bình", "Yếu"]


# TP.HCM 2023 (330 points): "dưới 198 điểm là mức khởi động, từ 199 - dưới 264 điểm
# là mức hình thành, còn từ 264 điểm trở lên là mức nâng cao" — printed with a gap
HCM = Classification("points", [
    Band("Nâng cao", "264", True), Band("Hình thành", "199", True, "264", False),
    Band("Khởi động", None, True, "198", False)])


def test_hcm_printed_gap_is_caught() -> None:
    assert band_problems(HCM, D(330)) == [
        "gap between 'Khởi động' and 'Hình thành': (198, 199) falls in no band"]
    assert HCM.classify(D("198.5"), D(330)) is None  # honest: no class, not a guess
    assert HCM.classify(D(199), D(330)) == "Hình thành"
    r = rubric(node("1", leaf("1.1", 330)), classification=HCM)
    assert [p.where for p in validate_rubric(r)] == ["classification"]


@pytest.mark.parametrize(("bands", "message"), [
    ([Band("Tốt", "90", True), Band("Khá", None, True, "90", True)], "both include 90"),
    ([Band("Tốt", "90", False), Band("Khá", None, True, "90", False)], "90 falls in no band"),
    ([Band("Tốt", "80", True), Band("Khá", None, True, "90", False)], "overlap between 80 and 90"),
    ([Band("Tốt", "90", True), Band("Khá", "10", True, "90", False)], "from 0 up to 10)"),
    ([Band("Tốt", "0", False), Band("Khá", None, True, "0", False)], "0 falls in no band"),
    ([Band("Tốt", "50", True, "90", True), Band("Khá", None, True, "50", False)],
     "above 90 up to 100"),
    ([Band("Tốt", "50", True, "100", False), Band("Khá", None, True, "50", False)],
     "above 100 up to 100"),
    ([Band("Tốt", "50", True), Band("Tốt", None, True, "50", False)], "appears 2 times"),
    ([Band("Tốt", "90", True, "80", True), Band("Khá", None, True, "90", False)], "is empty"),
    ([Band("Tốt", None, True), Band("Khá", None, True, "90", False)], "overlap"),
    ([], "no bands"),
])
def test_band_problems(bands: list[Band], message: str) -> None:
    problems = band_problems(Classification("percent", bands), D(100))
    assert any(message in p for p in problems), problems


def test_points_bands_cover_zero_to_scale() -> None:
    ok = Classification("points", [Band("Đạt", "500", True), Band("Chưa đạt", "0", True,
                                                                   "500", False)])
    assert band_problems(ok, D(1000)) == []
    r = rubric(node("1", leaf("1.1", 1000)), classification=attrs.evolve(
        ok, bands=[Band("Đạt", "500", True, "900", False), ok.bands[1]]))
    assert any("above 900 up to 1000" in p.message for p in validate_rubric(r))


# ================================================================= the tree

OK = rubric(
    node("1", leaf("1.1", 20, "yes_no"), leaf("1.2", 20, "ratio")),
    node("2", leaf("2.1", 60)),
)


def test_a_valid_rubric() -> None:
    assert validate_rubric(OK) == ()
    assert dtikit.check_rubric(OK) is OK


def problems_of(r: dtikit.Rubric) -> list[tuple[str, str]]:
    return [(p.where, p.message) for p in validate_rubric(r)]


def test_children_that_do_not_add_up() -> None:
    r = rubric(node("1", leaf("1.1", 20), leaf("1.2", 20), max_points=50), scale=D(50))
    assert problems_of(r) == [("indicator 1", "children add up to 40, not the maximum 50 "
                                              "(declare cap = true if the rubric caps the sum)")]


def test_cap_lets_children_exceed_but_not_fall_short() -> None:
    assert problems_of(rubric(node("1", leaf("1.1", 20), leaf("1.2", 20), max_points=30,
                                   cap=True))) == []
    assert problems_of(rubric(node("1", leaf("1.1", 20), leaf("1.2", 20), max_points=50,
                                   cap=True))) == [
        ("indicator 1", "capped node: children add up to 40, less than max 50")]


def test_scale_must_equal_the_top_level() -> None:
    assert problems_of(attrs.evolve(OK, scale=D(1000))) == [
        ("scale", "top-level maxima add up to 100, not the scale 1000")]
    assert ("scale", "scale 0 must be positive") in problems_of(attrs.evolve(OK, scale=D(0)))


def test_duplicate_codes() -> None:
    r = rubric(node("1", leaf("1.1", 20), leaf("1.1", 20)))
    assert ("indicator 1.1", "code appears 2 times") in problems_of(r)


def test_misplaced_codes() -> None:
    r = rubric(node("1", leaf("2.1", 20), leaf("1.2", 20)))
    assert ("indicator 2.1", "code says its parent is 2, but it sits under 1") in problems_of(r)
    top = rubric(leaf("1.1", 20, level="main"))
    assert ("indicator 1.1", "code says its parent is 1, but it sits under the root") in (
        problems_of(top))


def test_explicit_parent_for_pillars() -> None:
    pillar = node("I", leaf("1", 20, level="main", parent="I"),
                  leaf("2", 20, level="main", parent="I"), level="pillar")
    assert problems_of(rubric(pillar)) == []
    wrong = node("I", leaf("1", 20, level="main", parent="II"), level="pillar")
    assert ("indicator 1", "code says its parent is II, but it sits under I") in (
        problems_of(rubric(wrong)))


def test_a_leaf_without_a_method_and_a_parent_with_one() -> None:
    r = rubric(node("1", attrs.evolve(leaf("1.1", 20), method=None), leaf("1.2", 20),
                    method=MethodSpec("awarded")))
    assert problems_of(r) == [("indicator 1", "a node with children cannot have its own method"),
                              ("indicator 1.1", "a leaf without a scoring method")]


def test_method_parameters_are_checked_with_the_leaf() -> None:
    r = rubric(node("1", leaf("1.1", 20, "threshold_ratio", params={"target": "1.5"}),
                    leaf("1.2", 20, "khao_sat")))
    found = problems_of(r)
    assert ("indicator 1.1", "threshold_ratio: target 1.5 must be in (0, 1]") in found
    assert any(w == "indicator 1.2" and "unknown method 'khao_sat'" in m for w, m in found)


def test_a_maximum_finer_than_the_rounding() -> None:
    """Regression: a leaf worth 0,5 in a rubric rounding to whole points showed a
    full score as 1 (more than the maximum)."""
    r = rubric(node("1", leaf("1.1", "0.5"), leaf("1.2", "1.5")),
               rounding=dtikit.Rounding(0))
    wheres = [w for w, m in problems_of(r) if "more decimals than the rubric rounds to" in m]
    assert wheres == ["indicator 1.1", "indicator 1.2"]
    assert problems_of(attrs.evolve(r, rounding=dtikit.Rounding(1))) == []


def test_identity_years_variants_conversions() -> None:
    r = attrs.evolve(OK, id="mau/commune/2023", until_year=2020,
                     variants=[Variant("v", "V", ["9"]), Variant("v", "V", [])],
                     conversions=[Conversion("k", "K", "11", "100"),
                                  Conversion("k", "K", "1")])
    found = dict(problems_of(r))
    assert "does not match province/tier/year" in found["id"]
    assert "before the first year" in found["until_year"]
    assert problems_of(r).count(("variant v", "names unknown indicator 9")) == 1
    assert ("variant v", "defined twice") in problems_of(r)
    assert ("conversion k", "defined twice") in problems_of(r)


def test_negative_max_empty_name_and_no_indicators() -> None:
    r = rubric(node("1", leaf("1.1", -5), leaf("1.2", 5), name=" "))
    found = problems_of(r)
    assert ("indicator 1.1", "negative maximum -5") in found
    assert ("indicator 1", "empty name") in found
    empty = rubric(scale=D(10))
    assert ("indicators", "the rubric has no indicators") in problems_of(empty)


def test_every_problem_at_once_in_one_error() -> None:
    r = attrs.evolve(rubric(node("1", leaf("1.1", 20), leaf("1.1", 20), max_points=50),
                            classification=attrs.evolve(KON_TUM, bands=KON_TUM.bands[:2])),
                     scale=D(60))
    with pytest.raises(RubricInvalid) as info:
        dtikit.check_rubric(r)
    wheres = [p.where for p in info.value.problems]
    assert wheres.count("indicator 1.1") == 1 and "indicator 1" in wheres
    assert "scale" in wheres and "classification" in wheres
    assert str(info.value).startswith(f"{r.id}: {len(wheres)} rubric problem(s):")


def test_rubric_id_parse() -> None:
    rid = dtikit.RubricId.parse("hungyen/commune/2023")
    assert (rid.province, rid.tier, rid.year, str(rid)) == ("hungyen", "commune", 2023,
                                                            "hungyen/commune/2023")
    for bad in ("hungyen/commune", "hungyen/commune/năm", "a/b/c/2023"):
        with pytest.raises(ValueError):
            dtikit.RubricId.parse(bad)


@pytest.mark.parametrize("make", [
    lambda: dtikit.Period(dtikit.model.date(2024, 9, 30), dtikit.model.date(2023, 11, 1)),
    lambda: dtikit.Rounding(7),
    lambda: dtikit.Provenance("chac_chan"),  # type: ignore[arg-type]
    lambda: dtikit.Evidence(sha256="ABC"),
    lambda: Conversion("k", "K", "11", "0"),
])
def test_model_values_check_themselves(make: object) -> None:
    with pytest.raises(ValueError):
        make()  # type: ignore[operator]


def test_tier_and_names_are_nfc() -> None:
    import unicodedata

    assert dtikit.Tier.of("commune") is dtikit.COMMUNE
    assert dtikit.Tier.of("ward").key == "ward"
    nfd = unicodedata.normalize("NFD", "Nhận thức số")
    assert leaf("1", 1, name=nfd).name == "Nhận thức số"
    assert Decimal is type(leaf("1", "2.50").max)


def test_what_a_variant_removes() -> None:
    """Rubric.removed_by: a listed node with every node under it, nothing else;
    nothing for no variant; a code the rubric lacks is left to validation."""
    r = rubric(node("1", node("1.1", leaf("1.1.1", 5), leaf("1.1.2", 5), level="sub"),
                    leaf("1.2", 10)),
               node("2", leaf("2.1", 10), leaf("2.2", 10)))
    v = Variant("v", "Biến thể", ["1.1", "2.2", "9.9"])
    assert r.removed_by(v) == {"1.1", "1.1.1", "1.1.2", "2.2"}
    assert r.removed_by(None) == frozenset()
    assert r.removed_by(Variant("w", "W")) == frozenset()
    # the same set as the ancestry says: a code is removed iff it or a node above is listed
    codes = {n.code for top in r.indicators for n in top.walk()}
    assert r.removed_by(v) == {c for c in codes
                               if {c, *r.ancestry(c)} & set(v.not_applicable)}


def test_when_not_applicable_is_an_answer() -> None:
    """Rubric.accepts_na: the node's own policy, else the workflow's; forbidden
    unless the unit's variant removes the code."""
    r = rubric(node("1", leaf("1.1", 5, not_applicable="remove"), leaf("1.2", 5)),
               node("2", leaf("2.1", 10, not_applicable="redistribute"), leaf("2.2", 10)))
    v = Variant("v", "Biến thể", ["1.2"])
    assert [r.accepts_na(c) for c in ("1.1", "1.2", "2.1", "2.2")] == [True, False, True, False]
    assert r.accepts_na("1.2", r.removed_by(v)) and not r.accepts_na("2.2", r.removed_by(v))
    lenient = attrs.evolve(r, workflow=attrs.evolve(r.workflow, not_applicable="remove"))
    assert lenient.accepts_na("2.2") and lenient.accepts_na("1.2")
