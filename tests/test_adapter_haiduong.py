"""dtikit-haiduong: Quyết định 707/QĐ-UBND (24/3/2022), district tier, criteria met /
not met per pillar; and 297/QĐ-UBND (24/02/2023), department tier on 500 points."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import dtikit
from dtikit import Answer, Assessment, Number, Unit

D = Decimal


@pytest.fixture(scope="module")
def host() -> dtikit.PluginHost:
    return dtikit.PluginHost()


def test_only_the_rubrics_the_readme_lists(host: dtikit.PluginHost) -> None:
    ours = {rid for rid in host.rubrics() if host.owner_of(rid) == "haiduong"}
    assert ours == {"haiduong/district/2022", "haiduong/department/2023"}


# ===================================================== 707/QĐ-UBND, district

PILLARS = [("CQS", "Trụ cột Chính quyền số", 6, 31, 71),
           ("KTS", "Trụ cột Kinh tế số", 6, 19, 41),
           ("XHS", "Trụ cột Xã hội số", 7, 20, 47)]


def test_district_2022_counts_as_the_decision_states(host: dtikit.PluginHost) -> None:
    """Seed 001: Chính quyền số 6 main / 31 sub / 71 criteria; Kinh tế số 6 / 19 / 41;
    Xã hội số 7 / 20 / 47 — 159 criteria, no points yet."""
    r = host.rubric("haiduong/district/2022")
    assert (r.measure, r.status, r.scale) == ("criteria", "structure", D(159))
    assert r.rounding.places == 0
    got = [(n.code, n.name, n.declared["main"], n.declared["sub"], n.declared["criterion"])
           for n in r.indicators]
    assert got == [(c, name, m, s, k) for c, name, m, s, k in PILLARS]
    assert [n.max for n in r.indicators] == [D(71), D(41), D(47)]
    assert sum(n.declared["main"] for n in r.indicators) == 19
    assert sum(n.declared["sub"] for n in r.indicators) == 70
    assert all(n.level == "pillar" and n.method is not None and n.method.kind == "awarded"
               for n in r.indicators)
    assert r.classification is None
    assert (r.source.decision, r.source.date) == ("707/QĐ-UBND", date(2022, 3, 24))
    assert (r.year, r.until_year) == (2022, 2022)
    for n in r.walk():
        assert n.provenance.status == "confirmed" and n.provenance.decision == "707/QĐ-UBND"
        assert n.provenance.ref


def test_district_2022_criteria_met_by_hand(host: dtikit.PluginHost) -> None:
    """Criteria met: 50 of 71 + 20 of 41 + 47 of 47 = 117 of 159; progress per pillar
    50/71 = 70,42 %, 20/41 = 48,78 %, 47/47 = 100 %."""
    r = host.rubric("haiduong/district/2022")
    a = Assessment(r.id, Unit("Huyện Tứ Kỳ"), [Answer("CQS", Number(50)),
                                               Answer("KTS", Number(20)),
                                               Answer("XHS", Number(47))])
    [card] = dtikit.score(r, [a])
    assert card.total == 117 and card.applicable_max == 159
    progress = [dtikit.numbers.quantize(card.node(c).points * 100 / card.node(c).max, 2)
                for c, *_ in PILLARS]
    assert progress == [D("70.42"), D("48.78"), D("100.00")]
    # more criteria met than the pillar has is refused, naming the unit and the pillar
    with pytest.raises(dtikit.AssessmentInvalid, match="unit Huyện Tứ Kỳ, code KTS"):
        dtikit.score(r, [Assessment(r.id, Unit("Huyện Tứ Kỳ"), [Answer("KTS", Number(42))])])


# ================================================== 297/QĐ-UBND, department

MAINS = [("1", "Nhận thức số", 50), ("2", "Thể chế số", 50), ("3", "Hạ tầng số", 50),
         ("4", "Nhân lực số", 50), ("5", "An toàn thông tin mạng", 100),
         ("6", "Hoạt động chuyển đổi số", 200)]


def test_department_2023_structure(host: dtikit.PluginHost) -> None:
    """Sở Tư pháp, 06/3/2023: nhóm chỉ số nền tảng chung 300 = 50 + 50 + 50 + 50 + 100;
    nhóm chỉ số về hoạt động 200; total 500."""
    r = host.rubric("haiduong/department/2023")
    assert (r.scale, r.status, r.measure) == (D(500), "partial", "points")
    assert [(n.code, n.name, n.max, n.level) for n in r.indicators] == [
        ("I", "Nhóm chỉ số nền tảng chung", D(300), "group"),
        ("II", "Nhóm chỉ số về hoạt động", D(200), "group")]
    assert [(n.code, n.name, n.max) for n in r.main_indices] == [
        (c, name, D(m)) for c, name, m in MAINS]
    assert [r.parent_of(c) for c, _, _ in MAINS] == ["I"] * 5 + ["II"]
    assert [n.declared["main"] for n in r.indicators] == [5, 1]
    assert (r.source.decision, r.source.date) == ("297/QĐ-UBND", date(2023, 2, 24))
    for n in r.walk():
        assert n.provenance.status == "confirmed" and n.provenance.decision == "297/QĐ-UBND"
        assert n.provenance.ref


def test_department_2023_scored_by_hand_and_units_not_ranked(host: dtikit.PluginHost) -> None:
    """40 + 45 + 38,5 + 18,5 + 33,65 = 175,65 (group I) + 124,7 (group II) = 300,35.
    Thanh tra tỉnh is assessed but not ranked (no public services), as in 2023."""
    r = host.rubric("haiduong/department/2023")
    points = ["40", "45", "38.5", "18.5", "33.65", "124.7"]

    def dept(name: str, pts: list[str], **kw: object) -> Assessment:
        return Assessment(r.id, Unit(name), [Answer(str(i), Number(p))
                                             for i, p in enumerate(pts, start=1)], **kw)  # type: ignore[arg-type]

    cohort = [dept("Sở Thông tin và Truyền thông", points),
              dept("Sở Tư pháp", ["30", "30", "30", "30", "60", "120"]),
              dept("Thanh tra tỉnh", ["50", "50", "50", "50", "100", "200"], ranked=False,
                   not_ranked_reason="Không cung cấp dịch vụ công")]
    cards = dtikit.score(r, cohort)
    assert cards[0].node("I").points == D("175.65") and cards[0].node("II").points == D("124.7")
    assert cards[0].total == D("300.35")
    results = dtikit.rank(cards, r)
    assert [(x.rank, x.unit.name, x.total) for x in results.rows] == [
        (1, "Sở Thông tin và Truyền thông", D("300.35")), (2, "Sở Tư pháp", D(300))]
    assert [p.code for p in results.rows[0].parts] == [c for c, _, _ in MAINS]
    [ex] = results.excluded
    assert (ex.unit.name, ex.reason, ex.total) == ("Thanh tra tỉnh", "not_ranked", D(500))
    assert ex.message.endswith(": Không cung cấp dịch vụ công")
