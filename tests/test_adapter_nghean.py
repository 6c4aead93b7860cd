"""dtikit-nghean: Quyết định 1082/QĐ-UBND (19/4/2023), three tiers.

What the files encode (plugins/nghean/README.md): the scale and the declared
counts of main and sub-indices are confirmed; the points of the main indices are
not known, so each rubric is one `awarded` leaf (DTI, max = the scale) with the
main indices listed as outline items (names confirmed, not scored)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import dtikit
from dtikit import Answer, Assessment, Number, Period, Unit

D = Decimal
FIVE = ["Nhận thức số", "Thể chế số", "Hạ tầng số", "Nhân lực số", "An toàn thông tin mạng"]
# (tier, scale, main, sub, main-index names, ranking scope) — seed 003 / README
TIERS = {
    "department": (1000, 7, 40, [*FIVE, "Hoạt động chính quyền số", "Hoạt động xã hội số"],
                   "cohort"),
    "district": (1000, 8, 50, [*FIVE, "Hoạt động chính quyền số", "Hoạt động kinh tế số",
                               "Hoạt động xã hội số"], "cohort"),
    "commune": (500, 7, 27, [*FIVE, "Hoạt động chính quyền số",
                             "Hoạt động kinh tế, xã hội số"], "parent"),
}


@pytest.fixture(scope="module")
def host() -> dtikit.PluginHost:
    return dtikit.PluginHost()


@pytest.mark.parametrize("tier", sorted(TIERS))
def test_structure_counts_as_the_decision_states(host: dtikit.PluginHost, tier: str) -> None:
    scale, main, sub, names, scope = TIERS[tier]
    r = host.rubric(f"nghean/{tier}/2023")
    assert host.owner_of(r.id) == "nghean"
    assert r.scale == scale and r.status == "partial"
    [leaf] = list(r.leaves())
    assert (leaf.code, leaf.max, leaf.level) == ("DTI", D(scale), "group")
    assert leaf.method is not None and leaf.method.kind == "awarded"
    # the decision's counts, as declared; the main indices by name, not scored
    assert dict(leaf.declared) == {"main": main, "sub": sub}
    assert [o.name for o in leaf.outline] == names
    assert [o.code for o in leaf.outline] == [str(i) for i in range(1, main + 1)]
    assert all(o.status == "confirmed" and o.ref for o in leaf.outline)
    assert r.classification is None  # no bands known: results carry no class
    assert r.workflow.ranking_scope == scope
    assert r.period == Period(date(2023, 1, 1), date(2023, 12, 30))  # 30/12 as printed


@pytest.mark.parametrize("tier", sorted(TIERS))
def test_source_and_provenance(host: dtikit.PluginHost, tier: str) -> None:
    r = host.rubric(f"nghean/{tier}/2023")
    assert (r.source.decision, r.source.date, r.source.issuer) == (
        "1082/QĐ-UBND", date(2023, 4, 19), "UBND tỉnh Nghệ An")
    assert r.source.appendix is None  # which appendix holds which tier: not known
    for node in r.walk():
        assert node.provenance.status == "confirmed"
        assert node.provenance.decision == "1082/QĐ-UBND" and node.provenance.ref
    assert r.until_year is None


def test_communes_scored_by_hand_and_ranked_within_their_district(
        host: dtikit.PluginHost) -> None:
    """Commune totals out of 500 are entered as appraised; ranks are drawn within
    each district: Đô Lương 412,5 (82,5 %) > 398,25; Nam Đàn 455 alone; 500,01 refused."""
    r = host.rubric("nghean/commune/2023")
    cohort = [Assessment(r.id, Unit(name, parent=district), [Answer("DTI", Number(v))])
              for name, district, v in [
                  ("Xã Hòa Sơn", "Huyện Đô Lương", "412.5"),
                  ("Xã Đà Sơn", "Huyện Đô Lương", "398.25"),
                  ("Xã Nam Giang", "Huyện Nam Đàn", "455")]]
    cards = dtikit.score(r, cohort)
    assert [c.total for c in cards] == [D("412.5"), D("398.25"), D(455)]
    assert cards[0].percent == D("82.5") and cards[0].class_label is None
    results = dtikit.rank(cards, r)
    by_group: dict[str | None, list[tuple[int, str]]] = {}
    for x in results.rows:
        by_group.setdefault(x.group, []).append((x.rank, x.unit.name))
    assert by_group == {"Huyện Đô Lương": [(1, "Xã Hòa Sơn"), (2, "Xã Đà Sơn")],
                        "Huyện Nam Đàn": [(1, "Xã Nam Giang")]}
    with pytest.raises(dtikit.AssessmentInvalid, match="exceed the maximum 500"):
        dtikit.score(r, [Assessment(r.id, Unit("Xã X"), [Answer("DTI", Number("500.01"))])])


def test_departments_ranked_province_wide(host: dtikit.PluginHost) -> None:
    r = host.rubric("nghean/department/2023")
    cohort = [Assessment(r.id, Unit(n), [Answer("DTI", Number(v))])
              for n, v in [("Sở Tư pháp", "712.4"), ("Sở Y tế", "801"), ("Sở Nội vụ", "712.4")]]
    results = dtikit.rank(dtikit.score(r, cohort), r)
    assert [(x.rank, x.unit.name) for x in results.rows] == [
        (1, "Sở Y tế"), (2, "Sở Nội vụ"), (2, "Sở Tư pháp")]
