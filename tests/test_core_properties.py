"""Property tests of the core: each test is an invariant the library promises.

The rubrics, answers and cohorts come from :mod:`dtikit.testing.strategies`
(the same kit province plugins use), so the kit itself is exercised here.
"""

from __future__ import annotations

import ast
import json
import random
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from budget import examples
from cattrs.errors import BaseValidationError
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

import dtikit
from dtikit import (
    Answer,
    Assessment,
    Band,
    Choice,
    Classification,
    Flag,
    Indicator,
    MethodSpec,
    NotApplicable,
    Number,
    Parts,
    Ratio,
    Results,
    Rubric,
    Scorecard,
    Variant,
)
from dtikit.convert import dump_rubric_toml, rubric_from_data
from dtikit.methods import BUILTIN_REGISTRY
from dtikit.numbers import ZERO, quantize, to_decimal
from dtikit.testing.strategies import (
    FAMILIES,
    answers_for,
    assessments,
    bands,
    cohorts,
    method_specs,
    rubrics,
    values_for,
)
from dtikit.validation import band_problems, validate_rubric

try:
    import tomllib
except ImportError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


def few(n: int) -> settings:
    return settings(max_examples=examples(n), deadline=None, suppress_health_check=SLOW)


def decimals_of(x: Decimal) -> int:
    exp = x.as_tuple().exponent
    assert isinstance(exp, int)
    return max(0, -exp)


def shown(x: Decimal, places: int) -> bool:
    """``x`` is exactly what a table shows at ``places`` decimals."""
    return quantize(x, places) == x


# ============================================================ the kit itself


@few(60)
@given(rubrics())
def test_generated_rubrics_are_valid(rubric: Rubric) -> None:
    assert validate_rubric(rubric) == ()


@few(60)
@given(st.sampled_from([Decimal(100), Decimal(1000), Decimal("2.5"), Decimal("0.25")]).flatmap(
    lambda top: st.tuples(st.just(top), bands(top))))
def test_generated_bands_cover_exactly(case: tuple[Decimal, tuple[Band, ...]]) -> None:
    top, bs = case
    assert band_problems(Classification("points", bs), top) == []
    # and every point of a fine grid falls in exactly one band
    for i in range(0, int(top * 8) + 1):
        x = Decimal(i) / 8
        assert sum(b.contains(x) for b in bs) == 1, (x, bs)


# ================================================ points, parents and totals


def _check_card(rubric: Rubric, card: Scorecard) -> None:
    places = rubric.rounding.places
    for node in rubric.walk():
        ns = card.node(node.code)
        for stage in ("self", "appraised", "final"):
            pts = ns.stage(stage)  # type: ignore[arg-type]
            if pts is None:
                continue
            # points within [0, applicable max], shown exactly at the rubric's places
            assert ZERO <= pts, (node.code, stage, pts)
            if stage == "final":
                assert pts <= ns.applicable_max, (node.code, pts, ns.applicable_max)
            assert shown(pts, places), (node.code, pts, places)
        if ns.state == "not_applicable":
            assert ns.final_points is None and ns.applicable_max == 0
        if not node.children:
            if ns.state != "not_applicable":
                assert ns.applicable_max >= 0
            continue
        kids = [card.node(c.code) for c in node.children]
        applicable = [k for k in kids if k.state != "not_applicable"]
        if not applicable:
            assert ns.state == "not_applicable"
            continue
        if any(k.final_points is None for k in applicable):
            assert ns.final_points is None, node.code
            continue
        # a parent equals the (capped) sum of its children as shown; a cap is the
        # node's max, or its grown share when N/A points were redistributed to it
        total = sum((k.final_points for k in applicable if k.final_points is not None), ZERO)
        if node.cap:
            assert ns.applicable_max <= max(node.max, sum(k.applicable_max for k in applicable))
            total = min(total, ns.applicable_max)
        assert ns.final_points == total, (node.code, ns.final_points,
                                          [(k.code, k.final_points) for k in kids])
    # the total equals the sum of the displayed top-level parts
    tops = [card.node(t.code) for t in rubric.indicators]
    if card.total is not None:
        assert card.total == sum((t.final_points for t in tops
                                  if t.final_points is not None), ZERO)
        assert all(t.final_points is not None for t in tops if t.state != "not_applicable")
    assert card.applicable_max == sum((t.applicable_max for t in tops), ZERO)


@few(150)
@given(cohorts(complete=False))
def test_points_within_bounds_and_parents_add_up(cohort: Any) -> None:
    rubric, units = cohort
    for card in dtikit.score(rubric, units):
        _check_card(rubric, card)


@few(60)
@given(cohorts(min_units=1, max_units=5))
def test_results_rows_add_up_and_classes_follow_bands(cohort: Any) -> None:
    rubric, units = cohort
    cards = dtikit.score(rubric, units)
    results = dtikit.rank(cards, rubric)
    by_id = {c.unit.id: c for c in cards}
    for row in results.rows:
        card = by_id[row.unit.id]
        assert row.total == card.total
        if rubric.main_indices == rubric.indicators:
            assert row.total == sum((p.points for p in row.parts if p.points is not None), ZERO)
        if rubric.classification is not None:
            expected = None
            basis = rubric.classification.basis
            value = row.total if basis == "points" else (
                ZERO if row.applicable_max == 0 else row.total * 100 / row.applicable_max)
            hits = [b.label for b in rubric.classification.bands if b.contains(value)]
            expected = hits[0] if hits else None
            assert len(hits) <= 1
            assert row.class_label == expected
        else:
            assert row.class_label is None
        for key, value in row.conversions:
            conv = next(c for c in rubric.conversions if c.key == key)
            assert value == quantize(row.total * conv.multiply / conv.divide, conv.places)


# ============================================================== monotonicity

_maxima = st.one_of(st.integers(1, 40).map(Decimal), st.integers(1, 80).map(lambda n: Decimal(n) / 4))


def _declared_level_points(spec: MethodSpec, m: Decimal) -> dict[str, Decimal]:
    out = {}
    for lv in spec.params["levels"]:
        out[lv["key"]] = (to_decimal(lv["points"]) if "points" in lv
                          else to_decimal(lv["fraction"]) * m)
    return out


@st.composite
def _ordered_answers(draw: st.DrawFn, kind: str) -> tuple[Any, Any, Any, Decimal | None]:
    """A method of ``kind`` and two answers, the second at least as much achievement."""
    m = draw(_maxima)
    spec = draw(method_specs(m, kind))
    method = BUILTIN_REGISTRY.build(spec, m)
    best = None
    if kind == "yes_no":
        lo, hi = sorted(draw(st.lists(st.booleans(), min_size=2, max_size=2)))
        return method, Flag(lo), Flag(hi), None
    if kind == "levels":
        declared = _declared_level_points(spec, m)
        k1, k2 = draw(st.lists(st.sampled_from(sorted(declared)), min_size=2, max_size=2))
        if declared[k1] > declared[k2]:
            k1, k2 = k2, k1
        return method, Choice(k1), Choice(k2), None
    if kind in ("steps", "awarded", "relative_to_best"):
        top = m if kind == "awarded" else Decimal(50)
        v1, v2 = sorted(draw(st.lists(st.decimals(0, top, places=2), min_size=2, max_size=2)))
        if kind == "relative_to_best":
            best = draw(st.decimals(max(v2, Decimal("0.01")), 100, places=2))
        return method, Number(v1), Number(v2), best
    if kind in ("ratio", "threshold_ratio"):
        b = draw(st.integers(1, 50))
        a1, a2 = sorted(draw(st.lists(st.integers(0, b), min_size=2, max_size=2)))
        return method, Ratio(a1, b), Ratio(a2, b), None
    if kind == "parts":
        keys = [p["key"] for p in spec.params["parts"]]
        small = draw(st.sets(st.sampled_from(keys)))
        big = small | draw(st.sets(st.sampled_from(keys)))
        return method, Parts(small), Parts(big), None
    raise AssertionError(kind)


SCORED_FAMILIES = [f for f in FAMILIES if f != "tracked"]


@pytest.mark.parametrize("kind", SCORED_FAMILIES)
@few(80)
@given(data=st.data())
def test_more_achievement_never_lowers_a_method_score(kind: str, data: st.DataObject) -> None:
    method, lo, hi, best = data.draw(_ordered_answers(kind))
    p_lo = method.score(lo, best).points
    p_hi = method.score(hi, best).points
    assert isinstance(p_lo, Decimal) and isinstance(p_hi, Decimal)
    assert ZERO <= p_lo <= p_hi <= method.max, (lo, hi, p_lo, p_hi)


@few(60)
@given(st.data())
def test_relative_to_best_value_up_with_the_rest_fixed(data: st.DataObject) -> None:
    """Raise one unit's value (maybe above the old best): its points never fall."""
    m = data.draw(_maxima)
    rubric = _one_leaf_rubric(m, MethodSpec("relative_to_best", {}))
    values = data.draw(st.lists(st.integers(0, 100), min_size=1, max_size=6))
    who = data.draw(st.integers(0, len(values) - 1))
    raised = list(values)
    raised[who] += data.draw(st.integers(0, 120))

    def points(vals: list[int]) -> Decimal:
        cards = dtikit.score(rubric, [_unit_assessment(rubric, i, {"1": Number(v)})
                                      for i, v in enumerate(vals)])
        pts = cards[who].total
        assert pts is not None
        return pts

    assert points(values) <= points(raised)


def _one_leaf_rubric(m: Decimal, spec: MethodSpec) -> Rubric:
    return Rubric(id="mau/commune/2024", province="mau", tier="commune", year=2024,
                  title="Một chỉ số", scale=m, source=dtikit.Source("0/QĐ-TEST"),
                  indicators=[Indicator("1", "Chỉ số", m, "main", spec)])


def _unit_assessment(rubric: Rubric, i: int, values: dict[str, Any]) -> Assessment:
    return Assessment(rubric.id, dtikit.Unit(f"UBND xã {i}", f"x{i}"),
                      [Answer(code, v) for code, v in values.items()])


def _improve(draw: st.DrawFn, leaf: Indicator, value: Any) -> Any:
    """A value for ``leaf`` with at least as much achievement as ``value``."""
    spec = leaf.method
    assert spec is not None
    kind = spec.kind
    if kind == "yes_no":
        return Flag(True) if draw(st.booleans()) else value
    if kind == "levels":
        declared = _declared_level_points(spec, leaf.max)
        better = [k for k, p in declared.items() if p >= declared[value.key]]
        return Choice(draw(st.sampled_from(sorted(better))))
    if kind in ("steps", "relative_to_best", "tracked"):
        return Number(value.value + draw(st.integers(0, 20)))
    if kind == "awarded":
        return Number(draw(st.decimals(value.value, leaf.max, places=2)))
    if kind in ("ratio", "threshold_ratio"):
        if value.b == 0:
            return value
        # counts may be halves: a steps up by halves towards b
        return Ratio(value.a + Decimal(draw(st.integers(0, int((value.b - value.a) * 2)))) / 2,
                     value.b)
    if kind == "parts":
        keys = [p["key"] for p in spec.params["parts"]]
        return Parts(value.done | draw(st.sets(st.sampled_from(keys))))
    raise AssertionError(kind)


@few(120)
@given(st.data())
def test_more_achievement_never_lowers_the_unit_or_its_parents(data: st.DataObject) -> None:
    """End to end: improve one answer of one unit; that leaf, every node above it
    and the unit's total never fall (rounding, caps, N/A and redistribution included)."""
    rubric, units = data.draw(cohorts(appraisals=False, min_units=1, max_units=4))
    who = data.draw(st.integers(0, len(units) - 1))
    unit = units[who]
    answered = [a for a in unit.answers
                if a.value is not None and not isinstance(a.value, NotApplicable)]
    assume(answered)
    ans = data.draw(st.sampled_from(answered))
    leaf = rubric.get(ans.code)
    better = _improve(data.draw, leaf, ans.value)
    note(f"{ans.code}: {ans.value} → {better}")
    improved = attrs.evolve(unit, answers=[attrs.evolve(a, value=better) if a is ans else a
                                           for a in unit.answers])
    before = dtikit.score(rubric, units)[who]
    after = dtikit.score(rubric, [*units[:who], improved, *units[who + 1:]])[who]
    code: str | None = ans.code
    while code is not None:
        b, a = before.node(code).final_points, after.node(code).final_points
        if b is not None:
            assert a is not None and a >= b, (code, b, a)
        code = rubric.parent_of(code)
    if before.total is not None:
        assert after.total is not None and after.total >= before.total


# ================================================================== ranking


@few(80)
@given(st.data())
def test_scoring_and_ranking_ignore_input_order(data: st.DataObject) -> None:
    rubric, units = data.draw(cohorts(min_units=2, max_units=6, ranked=False))
    shuffled = data.draw(st.permutations(units))
    cards = dtikit.score(rubric, units)
    cards2 = dtikit.score(rubric, shuffled)
    assert {c.unit.id: c for c in cards} == {c.unit.id: c for c in cards2}
    results = dtikit.rank(cards, rubric)
    assert dtikit.rank(data.draw(st.permutations(cards2)), rubric) == results
    assert dtikit.dumps(dtikit.rank(list(reversed(cards)), rubric)) == dtikit.dumps(results)


def _check_competition_ranks(results: Results) -> None:
    groups: dict[str | None, list[Any]] = {}
    for row in results.rows:
        groups.setdefault(row.group, []).append(row)
    for rows in groups.values():
        assert [r.rank for r in rows] == sorted(r.rank for r in rows)
        for r in rows:
            # competition rank: 1 + the number of units strictly ahead (1, 2, 2, 4)
            assert r.rank == 1 + sum(1 for o in rows if o.total > r.total), (r.unit.id, r.rank)
        assert min(r.rank for r in rows) == 1
        # within a tie, listed by name: input order decides nothing
        for a, b in zip(rows, rows[1:]):
            if a.rank == b.rank:
                assert a.total == b.total
                assert (a.unit.name.casefold(), a.unit.id) <= (b.unit.name.casefold(), b.unit.id)


@few(100)
@given(cohorts(min_units=2, max_units=8, families=("yes_no",), max_depth=2, variants=False,
               appraisals=False, na=False))
def test_tied_totals_share_a_rank_and_the_next_rank_skips(cohort: Any) -> None:
    rubric, units = cohort
    results = dtikit.rank(dtikit.score(rubric, units), rubric)
    _check_competition_ranks(results)


@few(60)
@given(cohorts(min_units=1, max_units=6))
def test_competition_ranks_on_any_cohort(cohort: Any) -> None:
    rubric, units = cohort
    cards = dtikit.score(rubric, units)
    results = dtikit.rank(cards, rubric)
    _check_competition_ranks(results)
    # every unit is either ranked or excluded with a reason, never both, never lost
    ranked = [r.unit.id for r in results.rows]
    excluded = [e.unit.id for e in results.excluded]
    assert sorted(ranked + excluded) == sorted(u.unit.id for u in units)
    assert not set(ranked) & set(excluded)


def test_ties_one_two_two_four() -> None:
    rubric = _one_leaf_rubric(Decimal(100), MethodSpec("awarded", {}))
    values = {"D": 70, "B": 90, "C": 90, "A": 100, "E": 70, "F": 10}
    units = [Assessment(rubric.id, dtikit.Unit(name), [Answer("1", Number(v))])
             for name, v in values.items()]
    results = dtikit.rank(dtikit.score(rubric, units), rubric)
    assert [(r.rank, r.unit.name) for r in results.rows] == [
        (1, "A"), (2, "B"), (2, "C"), (4, "D"), (4, "E"), (6, "F")]


# ================================================================ validation

Corruption = Callable[[Rubric, st.DataObject], "Rubric | None"]


def _paths(nodes: tuple[Indicator, ...], prefix: tuple[int, ...] = ()) -> Iterator[
        tuple[tuple[int, ...], Indicator]]:
    for i, n in enumerate(nodes):
        yield (*prefix, i), n
        yield from _paths(n.children, (*prefix, i))


def _edit(rubric: Rubric, path: tuple[int, ...], fn: Callable[[Indicator], Indicator]) -> Rubric:
    def rec(nodes: tuple[Indicator, ...], p: tuple[int, ...]) -> list[Indicator]:
        out = list(nodes)
        if len(p) == 1:
            out[p[0]] = fn(out[p[0]])
        else:
            out[p[0]] = attrs.evolve(out[p[0]], children=rec(out[p[0]].children, p[1:]))
        return out

    return attrs.evolve(rubric, indicators=rec(rubric.indicators, path))


def _pick(data: st.DataObject, rubric: Rubric, want: Callable[[Indicator], bool]) -> Any:
    paths = [(p, n) for p, n in _paths(rubric.indicators) if want(n)]
    if not paths:
        return None
    return data.draw(st.sampled_from(paths))


def c_parent_max(r: Rubric, data: st.DataObject) -> Rubric | None:
    got = _pick(data, r, lambda n: bool(n.children))
    if got is None:
        return None
    path, node = got
    total = sum((c.max for c in node.children), ZERO)
    if node.cap:  # a capped parent whose children cannot reach its max
        return _edit(r, path, lambda n: attrs.evolve(n, max=total + 1))
    delta = data.draw(st.sampled_from([Decimal(1), Decimal("-0.5"), Decimal("0.01")]))
    return _edit(r, path, lambda n: attrs.evolve(n, max=n.max + delta))


def c_leaf_max(r: Rubric, data: st.DataObject) -> Rubric | None:
    """Change a leaf's max: its parent (or the scale) no longer adds up."""
    got = _pick(data, r, lambda n: not n.children and (n.method is None
                                                         or n.method.kind != "tracked"))
    if got is None:
        return None
    path, node = got
    parent = r.parent_of(node.code)
    if parent is not None and r.get(parent).cap:
        return None
    return _edit(r, path, lambda n: attrs.evolve(n, max=n.max + 1))


def c_scale(r: Rubric, data: st.DataObject) -> Rubric | None:
    delta = data.draw(st.sampled_from([Decimal(1), Decimal(-1), Decimal("0.01")]))
    return attrs.evolve(r, scale=r.scale + delta)


def c_zero_scale(r: Rubric, data: st.DataObject) -> Rubric | None:
    return attrs.evolve(r, scale=ZERO)


def c_duplicate_code(r: Rubric, data: st.DataObject) -> Rubric | None:
    nodes = list(_paths(r.indicators))
    if len(nodes) < 2:
        return None
    i, j = data.draw(st.lists(st.integers(0, len(nodes) - 1), min_size=2, max_size=2,
                              unique=True))
    code = nodes[i][1].code
    return _edit(r, nodes[j][0], lambda n: attrs.evolve(n, code=code))


def c_misplace(r: Rubric, data: st.DataObject) -> Rubric | None:
    got = _pick(data, r, lambda n: True)
    path, node = got
    if r.parent_of(node.code) is None:
        if node.children or (r.indicators[0].code == node.code and len(r.indicators) == 1):
            # a top-level node renamed as if it sat under another node
            return _edit(r, path, lambda n: attrs.evolve(n, code=f"{n.code}.9.9"))
        return _edit(r, path, lambda n: attrs.evolve(n, code=f"{n.code}.9"))
    if node.parent is not None:  # an explicit parent that is wrong
        return _edit(r, path, lambda n: attrs.evolve(n, parent=f"{n.parent}X"))
    return _edit(r, path, lambda n: attrs.evolve(n, code=f"X{n.code}"))


def c_drop_method(r: Rubric, data: st.DataObject) -> Rubric | None:
    got = _pick(data, r, lambda n: not n.children)
    path, _ = got
    return _edit(r, path, lambda n: attrs.evolve(n, method=None))


def c_method_on_parent(r: Rubric, data: st.DataObject) -> Rubric | None:
    got = _pick(data, r, lambda n: bool(n.children))
    if got is None:
        return None
    return _edit(r, got[0], lambda n: attrs.evolve(n, method=MethodSpec("awarded", {})))


def c_unknown_method(r: Rubric, data: st.DataObject) -> Rubric | None:
    got = _pick(data, r, lambda n: not n.children)
    return _edit(r, got[0], lambda n: attrs.evolve(n, method=MethodSpec("khong_co", {})))


def c_bad_params(r: Rubric, data: st.DataObject) -> Rubric | None:
    got = _pick(data, r, lambda n: n.method is not None and n.method.kind in (
        "levels", "steps", "threshold_ratio", "parts", "ratio", "tracked"))
    if got is None:
        return None
    path, node = got
    assert node.method is not None
    kind = node.method.kind
    params = dict(node.method.params)
    if kind == "levels":
        params["levels"] = [*params["levels"], {"key": "qua", "points": f"{node.max + 1}"}]
    elif kind == "steps":
        params["steps"] = [{"at_least": "1", "points": f"{node.max}"},
                           {"at_least": "2", "points": f"{node.max + 1}"}]
    elif kind == "threshold_ratio":
        params["target"] = data.draw(st.sampled_from(["0", "1.5", "-1"]))
    elif kind == "parts":
        params["parts"] = []
    elif kind == "ratio":
        params["when_b_zero"] = "half"
    elif kind == "tracked":
        return _edit(r, path, lambda n: attrs.evolve(n, max=Decimal(1)))
    return _edit(r, path, lambda n: attrs.evolve(n, method=MethodSpec(kind, params)))


def c_negative_max(r: Rubric, data: st.DataObject) -> Rubric | None:
    got = _pick(data, r, lambda n: True)
    return _edit(r, got[0], lambda n: attrs.evolve(n, max=Decimal(-1)))


def c_empty_name(r: Rubric, data: st.DataObject) -> Rubric | None:
    got = _pick(data, r, lambda n: True)
    return _edit(r, got[0], lambda n: attrs.evolve(n, name="  "))


def c_variant_unknown_code(r: Rubric, data: st.DataObject) -> Rubric | None:
    return attrs.evolve(r, variants=[*r.variants, Variant("khac", "Khác", ["99.99"])])


def c_variant_twice(r: Rubric, data: st.DataObject) -> Rubric | None:
    if not r.variants:
        return None
    return attrs.evolve(r, variants=[*r.variants, r.variants[0]])


def c_id(r: Rubric, data: st.DataObject) -> Rubric | None:
    return attrs.evolve(r, id=data.draw(st.sampled_from(
        [f"{r.province}/{r.tier.key}/{r.year + 1}", f"khac/{r.tier.key}/{r.year}", "mau-2024"])))


def c_until_year(r: Rubric, data: st.DataObject) -> Rubric | None:
    return attrs.evolve(r, until_year=r.year - 1)


def c_bands(r: Rubric, data: st.DataObject) -> Rubric | None:
    cls = r.classification
    if cls is None:
        return None
    bs = list(cls.bands)
    how = data.draw(st.sampled_from(["drop", "flip", "shift_first", "duplicate_label",
                                     "shrink_top"]))
    if how == "drop" and len(bs) > 1:
        del bs[data.draw(st.integers(0, len(bs) - 1))]
    elif how == "flip" and len(bs) > 1:
        # bands are listed highest first: bs[i] sits above bs[i + 1]; flip one side
        i = data.draw(st.integers(0, len(bs) - 2))
        if data.draw(st.booleans()):
            bs[i] = attrs.evolve(bs[i], lower_inclusive=not bs[i].lower_inclusive)
        else:
            bs[i + 1] = attrs.evolve(bs[i + 1], upper_inclusive=not bs[i + 1].upper_inclusive)
    elif how == "duplicate_label" and len(bs) > 1:
        bs[1] = attrs.evolve(bs[1], label=bs[0].label)
    elif how == "shrink_top":
        top = Decimal(100) if cls.basis == "percent" else r.scale
        bs[0] = attrs.evolve(bs[0], upper=top - Decimal("0.5"), upper_inclusive=True)
        if bs[0].lower is not None and bs[0].lower > bs[0].upper:
            return None
    else:
        # the lowest band starts above 0
        last = bs[-1]
        start = Decimal("0.25") if last.upper is None or last.upper > Decimal("0.25") else None
        if start is None:
            return None
        bs[-1] = attrs.evolve(last, lower=start, lower_inclusive=True)
    return attrs.evolve(r, classification=attrs.evolve(cls, bands=bs))


CORRUPTIONS: list[Corruption] = [
    c_parent_max, c_leaf_max, c_scale, c_zero_scale, c_duplicate_code, c_misplace,
    c_drop_method, c_method_on_parent, c_unknown_method, c_bad_params, c_negative_max,
    c_empty_name, c_variant_unknown_code, c_variant_twice, c_id, c_until_year, c_bands,
]


@pytest.mark.parametrize("corrupt", CORRUPTIONS, ids=lambda f: f.__name__[2:])
@few(40)
@given(data=st.data())
def test_any_corruption_is_caught_by_validation(corrupt: Corruption,
                                                data: st.DataObject) -> None:
    rubric = data.draw(rubrics(classification=True) if corrupt is c_bands else rubrics())
    bad = corrupt(rubric, data)
    assume(bad is not None)
    assert bad is not None
    problems = validate_rubric(bad)
    assert problems, f"{corrupt.__name__} not caught"
    with pytest.raises(dtikit.RubricInvalid):
        dtikit.check_rubric(bad)


@few(40)
@given(st.data())
def test_every_problem_is_reported_at_once(data: st.DataObject) -> None:
    rubric = data.draw(rubrics(classification=True))
    bad = c_drop_method(rubric, data)
    assert bad is not None
    bad = attrs.evolve(bad, scale=bad.scale + 1,
                       variants=[*bad.variants, Variant("khac", "Khác", ["99.99"])])
    wheres = {p.where for p in validate_rubric(bad)}
    assert "scale" in wheres and "variant khac" in wheres
    assert any(w.startswith("indicator ") for w in wheres)


@few(40)
@given(st.data())
def test_corrupt_rubric_rows_are_refused_on_load(data: st.DataObject) -> None:
    """The same corruptions as a data file: rows out of order, a row with children,
    an orphan — loading raises RubricInvalid (or validation reports it)."""
    rubric = data.draw(rubrics(min_depth=2))
    raw = json.loads(dtikit.dumps(rubric))
    rows = raw["indicators"]
    how = data.draw(st.sampled_from(["orphan", "reverse", "children", "float", "extra_key",
                                     "no_code"]))
    i = data.draw(st.integers(0, len(rows) - 1))
    if how == "orphan":
        rows[i]["code"] = "77.1"
        rows[i].pop("parent", None)
    elif how == "reverse":
        if not any(r.get("parent") or "." in r["code"] for r in rows):
            return
        rows.reverse()
    elif how == "children":
        rows[i]["children"] = []
    elif how == "float":
        rows[i]["max"] = 1.5
    elif how == "extra_key":
        rows[i]["diem"] = "10"
    else:
        del rows[i]["code"]
    with pytest.raises(dtikit.RubricInvalid):
        rubric2 = rubric_from_data(raw)
        dtikit.check_rubric(rubric2)


# ================================================================ round trips


@few(60)
@given(rubrics())
def test_json_round_trip_rubric(rubric: Rubric) -> None:
    text = dtikit.dumps(rubric)
    back = dtikit.loads(text, Rubric)
    assert back == rubric
    assert dtikit.dumps(back) == text
    assert [n.code for n in back.walk()] == [n.code for n in rubric.walk()]


@few(40)
@given(rubrics())
def test_toml_round_trip_rubric(rubric: Rubric) -> None:
    text = dump_rubric_toml(rubric)
    back = rubric_from_data(tomllib.loads(text))
    assert back == rubric


@few(60)
@given(cohorts(complete=False, max_units=3))
def test_json_round_trip_assessments_scorecards_results(cohort: Any) -> None:
    rubric, units = cohort
    for a in units:
        text = dtikit.dumps(a)
        assert dtikit.loads(text, Assessment) == a
        assert dtikit.dumps(dtikit.loads(text, Assessment)) == text
    cards = dtikit.score(rubric, units)
    for c in cards:
        text = dtikit.dumps(c)
        assert dtikit.loads(text, Scorecard) == c
        assert dtikit.dumps(dtikit.loads(text, Scorecard)) == text
    previous = dtikit.rank(cards, rubric)
    results = dtikit.rank(cards, rubric, previous=previous)
    for r in (previous, results):
        text = dtikit.dumps(r)
        assert dtikit.loads(text, Results) == r
        assert dtikit.dumps(dtikit.loads(text, Results)) == text


# ==================================================================== floats


def _floats_in(obj: Any, path: str = "") -> Iterator[str]:
    if isinstance(obj, float):
        yield path
    elif attrs.has(type(obj)):
        for f in attrs.fields(type(obj)):
            yield from _floats_in(getattr(obj, f.name), f"{path}.{f.name}")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _floats_in(v, f"{path}[{k!r}]")
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for i, v in enumerate(obj):
            yield from _floats_in(v, f"{path}[{i}]")


@few(40)
@given(cohorts())
def test_no_float_anywhere_in_scores_results_or_json(cohort: Any) -> None:
    rubric, units = cohort
    cards = dtikit.score(rubric, units)
    results = dtikit.rank(cards, rubric)
    for obj in (rubric, *units, *cards, results):
        assert list(_floats_in(obj)) == []
        assert list(_floats_in(dtikit.to_data(obj))) == []
    for card in cards:
        for ns in card.nodes.values():
            for p in (ns.self_points, ns.appraised_points, ns.final_points, ns.applicable_max):
                assert p is None or type(p) is Decimal


_FLOAT_DOORS: dict[str, Callable[[float], Any]] = {
    "to_decimal": to_decimal,
    "Number": Number,
    "Ratio.a": lambda f: Ratio(f, 10),
    "Ratio.b": lambda f: Ratio(0, f),
    "as_value": dtikit.as_value,
    "Answer": lambda f: Answer("1", f),
    "Indicator.max": lambda f: Indicator("1", "x", f),
    "Band.lower": lambda f: Band("Tốt", f),
    "Conversion.multiply": lambda f: dtikit.Conversion("k", "k", f),
    "Rubric.scale": lambda f: attrs.evolve(_one_leaf_rubric(Decimal(1), MethodSpec("yes_no")),
                                           scale=f),
    "from_data Number": lambda f: dtikit.from_data({"value": f}, Number),
    "from_data Indicator row": lambda f: rubric_from_data(
        {**json.loads(dtikit.dumps(_one_leaf_rubric(Decimal(1), MethodSpec("yes_no")))),
         "scale": f}),
}


def _leaf_errors(exc: BaseException) -> Iterator[BaseException]:
    if isinstance(exc, BaseValidationError):
        for sub in exc.exceptions:
            yield from _leaf_errors(sub)
    else:
        yield exc


@pytest.mark.parametrize("door", sorted(_FLOAT_DOORS))
@few(20)
@given(f=st.floats(allow_nan=False, allow_infinity=False, min_value=0, max_value=1e6))
def test_a_float_is_refused_at_every_door(door: str, f: float) -> None:
    """A float raises TypeError (from cattrs inside its validation group; from a rubric
    file as RubricInvalid saying "float ... refused")."""
    with pytest.raises((TypeError, dtikit.RubricInvalid, BaseValidationError)) as info:
        _FLOAT_DOORS[door](f)
    if isinstance(info.value, dtikit.RubricInvalid):
        assert "float" in str(info.value) and "refused" in str(info.value)
    elif isinstance(info.value, BaseValidationError):
        leaves = list(_leaf_errors(info.value))
        assert leaves and all(isinstance(e, TypeError) and "float" in str(e) for e in leaves)


def test_no_float_call_in_the_scoring_core() -> None:
    """No ``float(...)`` call and no float literal in the modules that compute scores."""
    src = Path(dtikit.__file__).parent
    modules = ["numbers.py", "model.py", "assessment.py", "scoring.py",
               *(f"engine/{m}.py" for m in ("plan", "core", "columns")),
               *(f"ranking/{m}.py" for m in ("__init__", "rows", "baselines")),
               "published.py", "validation.py", "convert.py", "methods/base.py",
               "methods/builtin.py", "methods/__init__.py"]
    offenders = []
    for name in modules:
        tree = ast.parse((src / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and (
                    node.func.id == "float"):
                offenders.append(f"{name}:{node.lineno} float()")
            if isinstance(node, ast.Constant) and isinstance(node.value, float):
                offenders.append(f"{name}:{node.lineno} literal {node.value}")
    assert offenders == []


# ============================================================ the answer kit


@few(40)
@given(st.data())
def test_values_for_every_leaf_are_accepted(data: st.DataObject) -> None:
    rubric = data.draw(rubrics())
    for leaf in rubric.leaves():
        assert leaf.method is not None
        value = data.draw(values_for(leaf))
        method = BUILTIN_REGISTRY.build(leaf.method, leaf.max)
        assert isinstance(value, method.accepts)
        best = Decimal(1000) if method.uses_cohort else None
        assert ZERO <= method.score(value, best).points <= leaf.max


@few(30)
@given(st.data())
def test_assessments_kit_gives_distinct_units(data: st.DataObject) -> None:
    rubric = data.draw(rubrics())
    units = data.draw(assessments(rubric, 4))
    assert len({u.unit.id for u in units}) == 4
    answers = data.draw(answers_for(rubric, complete=True, na=False))
    assert {a.code for a in answers} == {n.code for n in rubric.leaves()}
    assert not any(isinstance(a.value, NotApplicable) for a in answers)


# ====================================================== the stateful machine

from hypothesis.stateful import (  # noqa: E402
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    rule,
)

_DEADLINE = date(2024, 11, 5)
_ASSIGNED = "Phòng Văn hóa và Thông tin"
_OTHER = "Văn phòng HĐND và UBND"


class AppraisalCycle(RuleBasedStateMachine):
    """Self-assessment → appraisals → scoring, with a model of what must come out.

    The model keeps, per unit, the self answers and the appraisals in order; the
    invariants score the cohort and check: the final answer of a code is the last
    appraisal's where one exists, else the self one; self points are always kept;
    an appraisal by an agency not assigned to the code is flagged; a late
    submission is flagged, and excluded when the workflow says so; a unit with no
    appraisal is excluded when appraisal is required."""

    units = Bundle("units")

    def __init__(self) -> None:
        super().__init__()
        self.rubric: Rubric | None = None
        self.model: dict[str, dict[str, Any]] = {}
        self.counter = 0

    @initialize(rubric=rubrics(families=[f for f in FAMILIES if f != "relative_to_best"],
                               max_depth=2, workflow=False, variants=False, not_applicable=False),
                late=st.sampled_from(["exclude", "flag"]), require=st.booleans())
    def setup(self, rubric: Rubric, late: str, require: bool) -> None:
        wf = attrs.evolve(rubric.workflow, deadline=_DEADLINE, late=late,
                          require_appraisal=require)
        # every leaf is assigned to one agency
        def assign(n: Indicator) -> Indicator:
            return attrs.evolve(n, appraiser=None if n.children else _ASSIGNED,
                                children=[assign(c) for c in n.children])
        self.rubric = attrs.evolve(rubric, workflow=wf,
                                   indicators=[assign(t) for t in rubric.indicators])

    @rule(target=units, data=st.data(), days=st.integers(-5, 3))
    def submit(self, data: st.DataObject, days: int) -> str:
        assert self.rubric is not None
        self.counter += 1
        uid = f"xa-{self.counter:02d}"
        answers = data.draw(answers_for(self.rubric, complete=True, na=False))
        self.model[uid] = {
            "self": {a.code: a for a in answers},
            "appraisals": [],
            "submitted": date.fromordinal(_DEADLINE.toordinal() + days),
        }
        return uid

    @rule(uid=units, data=st.data(), assigned=st.booleans())
    def appraise(self, uid: str, data: st.DataObject, assigned: bool) -> None:
        assert self.rubric is not None
        leaves = [n.code for n in self.rubric.leaves()]
        codes = data.draw(st.lists(st.sampled_from(leaves), min_size=1, unique=True))
        answers = data.draw(answers_for(self.rubric, complete=True, na=False, evidence=False,
                                        codes=codes))
        self.model[uid]["appraisals"].append((_ASSIGNED if assigned else _OTHER, answers))

    @rule(uid=consumes(units))
    def withdraw(self, uid: str) -> None:
        del self.model[uid]

    def _assessments(self) -> list[Assessment]:
        assert self.rubric is not None
        out = []
        for uid, m in self.model.items():
            out.append(Assessment(
                self.rubric.id, dtikit.Unit(f"UBND xã {uid}", uid),
                tuple(m["self"].values()),
                [dtikit.Appraisal(agency, answers) for agency, answers in m["appraisals"]],
                m["submitted"]))
        return out

    @invariant()
    def scoring_follows_the_model(self) -> None:
        if self.rubric is None or not self.model:
            return
        rubric = self.rubric
        places = rubric.rounding.places
        cards = {c.unit.id: c for c in dtikit.score(rubric, self._assessments())}
        assert set(cards) == set(self.model)
        for uid, m in self.model.items():
            card = cards[uid]
            final: dict[str, Any] = dict(m["self"])
            appraised: set[str] = set()
            stray: set[str] = set()
            for agency, answers in m["appraisals"]:
                for a in answers:
                    final[a.code] = a
                    appraised.add(a.code)
                    if agency != _ASSIGNED:
                        stray.add(a.code)
            for leaf in rubric.leaves():
                assert leaf.method is not None
                method = BUILTIN_REGISTRY.build(leaf.method, leaf.max)
                ns = card.node(leaf.code)
                own = quantize(method.score(m["self"][leaf.code].value).points, places)
                want = quantize(method.score(final[leaf.code].value).points, places)
                assert ns.self_points == own  # the self score is kept
                assert ns.final_points == want  # appraised replaces self where present
                if leaf.code in appraised:
                    assert ns.appraised_points == want
                    assert ns.appraised_by is not None
                else:
                    assert ns.appraised_points is None
            flagged = {f.code for f in card.findings if f.kind == "appraiser_not_assigned"}
            assert flagged == stray
            late = m["submitted"] > _DEADLINE
            assert card.late == late
            assert any(f.kind == "late" for f in card.findings) == late
            assert card.appraised == bool(appraised)
            if late and rubric.workflow.late == "exclude":
                assert card.excluded == "late"
            elif rubric.workflow.require_appraisal and not m["appraisals"]:
                assert card.excluded == "not_appraised"
            else:
                assert card.excluded is None
                assert card.total is not None
        results = dtikit.rank(cards.values(), rubric)
        assert {r.unit.id for r in results.rows} == {
            uid for uid, c in cards.items() if c.excluded is None}


AppraisalCycle.TestCase.settings = settings(
    max_examples=examples(30), stateful_step_count=8, deadline=None,
    suppress_health_check=SLOW)
test_appraisal_cycle = AppraisalCycle.TestCase


def test_scoring_is_pure() -> None:
    """Scoring is pure: the same input twice gives the same output (no hidden state)."""
    rubric = _one_leaf_rubric(Decimal(10), MethodSpec("relative_to_best", {}))
    rng = random.Random(7)
    units = [_unit_assessment(rubric, i, {"1": Number(rng.randint(0, 50))}) for i in range(8)]
    assert dtikit.score(rubric, units) == dtikit.score(rubric, units)


@settings(max_examples=examples(60), deadline=None)
@given(rubrics(max_depth=4))
def test_a_nodes_place_in_the_tree(rubric: Rubric) -> None:
    """Rubric.ancestry, depth and appraiser_of against a walk down the tree that
    carries each node's path (the appraiser: the nearest node's that names one)."""
    def down(node: Indicator, path: tuple[Indicator, ...]) -> Iterator[tuple[Indicator, ...]]:
        yield (*path, node)
        for child in node.children:
            yield from down(child, (*path, node))

    for top in rubric.indicators:
        for path in down(top, ()):
            code = path[-1].code
            assert list(rubric.ancestry(code)) == [n.code for n in reversed(path)]
            assert rubric.depth(code) == len(path) - 1
            assert rubric.appraiser_of(code) == next(
                (n.appraiser for n in reversed(path) if n.appraiser), None)


@few(200)
@given(st.text(), st.integers(0, 60))
def test_any_text_is_written_as_toml_that_reads_back(text: str, indent: int) -> None:
    """Names and rule texts of any content (control characters, DEL, quotes,
    backslashes, long lines) are written as TOML strings that read back exactly."""
    from dtikit.convert import _toml_string

    assert tomllib.loads(f"x = {_toml_string(text, indent)}")["x"] == text
    long = " ".join([text] * 12)  # long enough to be wrapped over lines
    assert tomllib.loads(f"x = {_toml_string(long)}")["x"] == long
