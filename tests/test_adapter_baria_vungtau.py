"""dtikit-baria-vungtau: Quyết định 2647/QĐ-UBND (08/10/2024), three shell rubrics.

What is encoded (plugins/baria_vungtau/README.md): the forms' trees are not known,
so each rubric is one `awarded` leaf (DTI, on a 100 basis, inferred); what is
confirmed is the workflow — deadlines, late → not scored, a commune not appraised
by its district is neither scored nor ranked — and the conversion
"Điểm đạt được = (Điểm DTI x 11)/100" of 1916/QĐ-UBND, Mục 7."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import dtikit
from dtikit import Answer, Appraisal, Assessment, Number, Unit

D = Decimal
# tier → (form, evidence guide, last accepted day, require_appraisal)
TIERS = {
    "department": ("Biểu số 01", "Phụ lục 1", date(2024, 11, 4), False),
    "district": ("Biểu số 02", "Phụ lục 2", date(2024, 11, 4), False),
    "commune": ("Biểu số 03", "Phụ lục 3", date(2024, 11, 5), True),
}


@pytest.fixture(scope="module")
def host() -> dtikit.PluginHost:
    return dtikit.PluginHost()


@pytest.mark.parametrize("tier", sorted(TIERS))
def test_structure_and_workflow_as_encoded(host: dtikit.PluginHost, tier: str) -> None:
    _, _, deadline, require = TIERS[tier]
    r = host.rubric(f"baria_vungtau/{tier}/2024")
    assert host.owner_of(r.id) == "baria_vungtau"
    assert (r.scale, r.status, r.year, r.until_year) == (D(100), "partial", 2024, 2024)
    [leaf] = list(r.leaves())
    assert (leaf.code, leaf.max, leaf.level) == ("DTI", D(100), "group")
    assert leaf.method is not None and leaf.method.kind == "awarded"
    assert any("chữ ký số" in e for e in leaf.evidence)  # signed electronic files
    wf = r.workflow
    assert (wf.deadline, wf.late, wf.require_appraisal) == (deadline, "exclude", require)
    assert r.classification is None  # no bands known
    [conv] = r.conversions
    assert (conv.key, conv.multiply, conv.divide, conv.places) == ("cchc", 11, 100, 2)
    assert conv.provenance.status == "confirmed" and conv.provenance.decision == "1916/QĐ-UBND"


@pytest.mark.parametrize("tier", sorted(TIERS))
def test_source_and_provenance(host: dtikit.PluginHost, tier: str) -> None:
    form, guide, _, _ = TIERS[tier]
    r = host.rubric(f"baria_vungtau/{tier}/2024")
    assert (r.source.decision, r.source.date) == ("2647/QĐ-UBND", date(2024, 10, 8))
    assert r.source.appendix is not None
    assert form in r.source.appendix and guide in r.source.appendix
    for node in r.walk():
        p = node.provenance
        assert p.decision == "2647/QĐ-UBND" and p.ref
        assert p.status == "inferred"  # a stand-in for the unread form: said so
        assert p.appendix == form


def test_a_commune_cycle_scored_by_hand(host: dtikit.PluginHost) -> None:
    """Deadline 05/11/2024 (last accepted day). Xã A: self 81,24, appraised by its
    district 80 → 80; CCHC = 80 × 11 / 100 = 8,80. Xã B: 45,5 appraised as is →
    45,5 × 11 / 100 = 5,005 → 5,01 (half-up). Xã C submits on 06/11: late, not
    scored. Xã D: its district did not appraise it: neither scored nor ranked."""
    r = host.rubric("baria_vungtau/commune/2024")
    district = "UBND huyện Châu Đức"

    def commune(name: str, own: str, appraised: str | None, submitted: date) -> Assessment:
        apps = [] if appraised is None else [
            Appraisal(district, [Answer("DTI", Number(appraised))], date(2024, 11, 7))]
        return Assessment(r.id, Unit(name, parent="Huyện Châu Đức"),
                          [Answer("DTI", Number(own))], apps, submitted)

    cohort = [commune("Xã A", "81.24", "80", date(2024, 11, 5)),
              commune("Xã B", "45.5", "45.5", date(2024, 11, 1)),
              commune("Xã C", "90", "90", date(2024, 11, 6)),
              commune("Xã D", "70", None, date(2024, 11, 4))]
    cards = dtikit.score(r, cohort)
    a = cards[0]
    assert (a.self_total, a.total) == (D("81.24"), D(80))
    assert a.node("DTI").appraised_by == district
    results = dtikit.rank(cards, r)
    assert [(x.rank, x.unit.name, x.total, dict(x.conversions)["cchc"]) for x in results.rows] == [
        (1, "Xã A", D(80), D("8.80")), (2, "Xã B", D("45.5"), D("5.01"))]
    assert {e.unit.name: e.reason for e in results.excluded} == {
        "Xã C": "late", "Xã D": "not_appraised"}
    assert any(f.kind == "late" for f in cards[2].findings)


def test_a_department_needs_no_appraisal_but_keeps_its_deadline(
        host: dtikit.PluginHost) -> None:
    r = host.rubric("baria_vungtau/department/2024")
    on_time = Assessment(r.id, Unit("Sở Tư pháp"), [Answer("DTI", Number("77.3"))],
                         submitted=date(2024, 11, 4))
    late = Assessment(r.id, Unit("Sở Y tế"), [Answer("DTI", Number("90"))],
                      submitted=date(2024, 11, 5))  # "trước ngày 05/11": 05/11 is late
    results = dtikit.rank(dtikit.score(r, [on_time, late]), r)
    assert [(x.unit.name, x.total, dict(x.conversions)["cchc"]) for x in results.rows] == [
        ("Sở Tư pháp", D("77.3"), D("8.50"))]  # 77,3 × 11 / 100 = 8,503 → 8,50
    assert [(e.unit.name, e.reason) for e in results.excluded] == [("Sở Y tế", "late")]
