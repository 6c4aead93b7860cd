"""The engine (column-wise, fixed-point integers) equals the oracle
(tests/oracle.py: unit by unit, Decimal) on the cohorts of the one set of
strategies, :mod:`dtikit.testing.strategies`: every method family, not
answered, not applicable (forbid / remove / redistribute), variants, caps,
appraisals, relative to the best unit, late, not appraised, incomplete and
unranked units, several parents, ties, rounding at x.xx5, and invalid cohorts
(the same error, word for word). tests/test_strategies.py shows the
strategies reach every one of these cases."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from cases import cases
from hypothesis import HealthCheck, event, given, settings, target
from hypothesis import strategies as st
from oracle import COUNTS, reset_counts, score_reference

import dtikit
from dtikit import (
    Answer,
    Assessment,
    Band,
    Classification,
    Flag,
    Indicator,
    MethodSpec,
    NotApplicable,
    Number,
    Ratio,
    Rounding,
    Rubric,
    Source,
    Unit,
    Variant,
    Workflow,
)
from dtikit.engine.core import ScoredCohort, _plan, _score
from dtikit.engine.plan import Decline
from dtikit.engine.score import finding_counts
from dtikit.methods import BUILTIN_REGISTRY
from dtikit.methods.base import round_half_up
from dtikit.numbers import decimals_shown
from dtikit.testing.strategies import cohorts

D = Decimal
AGENCY = "Phòng Văn hóa và Thông tin"
DEADLINE = date(2024, 11, 5)


def _run(fn: Any) -> tuple[str, Any]:
    try:
        return "ok", fn()
    except Exception as exc:
        return "error", (type(exc), str(exc))


def _same(rubric: Rubric, fast: tuple[Any, ...], ref: tuple[Any, ...]) -> None:
    assert len(fast) == len(ref)
    for f, r in zip(fast, ref):
        # the plain data, with every Decimal as its string: the same digits shown
        assert dtikit.to_data(f) == dtikit.to_data(r)
        assert f == r
        assert f.findings == r.findings
        for node in rubric.walk():
            assert dtikit.explain(rubric, f, node.code) == dtikit.explain(rubric, r, node.code)
    for tie in ((), tuple(n.code for n in rubric.indicators)):
        fast_res = dtikit.rank(fast, rubric, tie_break=tie)
        ref_res = dtikit.rank(list(ref), rubric, tie_break=tie)
        # rows by column (what a table writer reads), before any row is built
        assert fast_res.row_columns() == ref_res.row_columns()
        if ref_res.rows:  # one row built alone, then all of them
            assert fast_res.rows[-1] == ref_res.rows[-1]
        assert fast_res == ref_res
        assert dtikit.to_data(fast_res) == dtikit.to_data(ref_res)
        # against a previous ranking: the change of each unit
        fast_prev = dtikit.rank(fast, rubric, previous=ref_res, tie_break=tie)
        ref_prev = dtikit.rank(list(ref), rubric, previous=ref_res, tie_break=tie)
        assert fast_prev.row_columns() == ref_prev.row_columns()  # the deltas by column
        assert fast_prev == ref_prev
        assert list(fast_prev.row_columns().delta) == [r.delta for r in ref_prev.rows]


try:
    from budget import examples  # fewer examples in CI
except ImportError:  # pragma: no cover
    def examples(n: int) -> int:
        return n


_SETTINGS = settings(max_examples=examples(100), deadline=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@_SETTINGS
@given(cohorts(max_units=7, complete=False, ranked=False, ties=True))
def test_fast_path_equals_reference(case: tuple[Rubric, list[Assessment]]) -> None:
    rubric, cohort = case
    reset_counts()
    ref = _run(lambda: score_reference(rubric, cohort, methods=BUILTIN_REGISTRY))
    # steer towards cohorts where a slip would show: exact points on a half (half-up
    # decides), redistributed shares on a half, grown caps that bind
    for label, count in COUNTS.items():
        target(float(count), label=label)
    try:
        plan = _plan(rubric, BUILTIN_REGISTRY)
    except Decline as exc:
        event(f"rubric refused: {exc}")
        with pytest.raises(dtikit.RubricInvalid):  # never scored another way
            dtikit.score(rubric, cohort, methods=BUILTIN_REGISTRY)
        return
    fast = _run(lambda: _score(plan, cohort))
    event(f"reference: {ref[0]}")
    for case_name in sorted(cases(rubric, cohort, ref[1] if ref[0] == "ok" else None, COUNTS)):
        event(case_name)
    if ref[0] == "error":
        # an invalid cohort: the engine's prepare reports the oracle's problems itself
        assert fast == ref
        assert _run(lambda: dtikit.score(rubric, cohort, methods=BUILTIN_REGISTRY)) == ref
        return
    assert fast[0] == "ok", fast
    assert isinstance(fast[1], ScoredCohort)
    _same(rubric, fast[1], ref[1])
    # the summary's counts, column by column, are the oracle's findings counted
    assert finding_counts(fast[1]) == Counter(f.kind for c in ref[1] for f in c.findings)


@_SETTINGS
@given(cohorts(max_units=7, complete=False, ranked=False, invalid=True))
def test_invalid_cohorts_give_the_reference_error(case: tuple[Rubric, list[Assessment]]) -> None:
    rubric, cohort = case
    ref = _run(lambda: score_reference(rubric, cohort, methods=BUILTIN_REGISTRY))
    fast = _run(lambda: dtikit.score(rubric, cohort, methods=BUILTIN_REGISTRY))
    assert fast[0] == ref[0]
    if ref[0] == "error":
        assert fast == ref
    else:
        _same(rubric, fast[1], ref[1])


# ------------------------------------------------------ exact edge cases


def _one_leaf(method: MethodSpec, mx: Decimal, *, places: int = 2) -> Rubric:
    return Rubric(
        id="edge/commune/2024", province="edge", tier="commune", year=2024, title="Biên",
        scale=mx, source=Source("0/QĐ-TEST"), rounding=Rounding(places),
        indicators=[Indicator("1", "Một", mx, level="main", children=[
            Indicator("1.1", "Một một", mx, method=method)])])


@pytest.mark.parametrize(("a", "b", "mx", "shown"), [
    (5, 14, "1.75", "0.63"),   # 0.625 exactly: ratio × max would give 0.6249… → 0.62
    (1, 120, "3", "0.03"),     # 0.025
    (1, 8, "0.04", "0.01"),    # 0.005
    (1, 3, "30", "10.00"),
    (2, 3, "1", "0.67"),
    (0, 0, "5", "0.00"),
])
def test_ratio_rounds_the_exact_value_half_up(a: int, b: int, mx: str, shown: str) -> None:
    rubric = _one_leaf(MethodSpec("ratio"), D(mx))
    cohort = [Assessment(rubric.id, Unit("X"), [Answer("1.1", Ratio(a, b))])]
    for cards in (dtikit.score(rubric, cohort), score_reference(rubric, cohort)):
        assert str(cards[0].total) == shown


def test_redistributed_share_is_exact() -> None:
    # 0.03 × 110 / 60 = 0.055 → 0.06 (the factor 1.8333… rounded first gave 0.05)
    kids = [Indicator("1.1", "a", D("0.03"), method=MethodSpec("awarded")),
            Indicator("1.2", "b", D("59.97"), method=MethodSpec("awarded")),
            Indicator("1.3", "c", D(50), method=MethodSpec("yes_no"))]
    rubric = Rubric(
        id="edge/commune/2024", province="edge", tier="commune", year=2024, title="Biên",
        scale=D(110), source=Source("0/QĐ-TEST"),
        workflow=Workflow(not_applicable="redistribute"),
        indicators=[Indicator("1", "Một", D(110), level="main", children=kids)])
    cohort = [Assessment(rubric.id, Unit("X"), [
        Answer("1.1", Number(D("0.03"))), Answer("1.2", Number(0)),
        Answer("1.3", NotApplicable())])]
    for cards in (dtikit.score(rubric, cohort), score_reference(rubric, cohort)):
        assert str(cards[0].node("1.1").final_points) == "0.06"


def test_round_half_up_is_exact() -> None:
    assert round_half_up(5, 2) == 3
    assert round_half_up(4, 2) == 2
    assert round_half_up(1, 3) == 0
    assert round_half_up(2, 3) == 1
    assert round_half_up(10**40 + 1, 2 * 10**40) == 1


def test_score_returns_a_tuple_that_rank_reads_from_its_columns() -> None:
    rubric = _one_leaf(MethodSpec("yes_no"), D(10))
    cohort = [Assessment(rubric.id, Unit(f"X{i}"), [Answer("1.1", Flag(i % 2 == 0))])
              for i in range(5)]
    cards = dtikit.score(rubric, cohort)
    assert isinstance(cards, tuple) and isinstance(cards, ScoredCohort)
    assert cards == score_reference(rubric, cohort)
    assert [r.rank for r in dtikit.rank(cards, rubric).rows] == [1, 1, 1, 4, 4]
    assert dtikit.rank(cards, rubric) == dtikit.rank(list(cards), rubric)


def test_a_redistributed_share_grows_capped_subtrees_as_the_reference() -> None:
    # 1 = 1.1 (capped at 9 of 10) + 1.2 (redistributed when not applicable)
    capped = Indicator("1.1", "a", D(9), cap=True, children=[
        Indicator("1.1.1", "x", D(5), method=MethodSpec("awarded")),
        Indicator("1.1.2", "y", D(5), method=MethodSpec("awarded"))])
    spare = Indicator("1.2", "b", D(6), method=MethodSpec("yes_no"),
                      not_applicable="redistribute")
    rubric = Rubric(
        id="edge/commune/2024", province="edge", tier="commune", year=2024, title="Biên",
        scale=D(15), source=Source("0/QĐ-TEST"),
        indicators=[Indicator("1", "Một", D(15), level="main", children=[capped, spare])])
    cohort = [Assessment(rubric.id, Unit(f"X{i}"), [
        Answer("1.1.1", Number(x)), Answer("1.1.2", Number(y)),
        Answer("1.2", NotApplicable() if i % 2 == 0 else Flag(True))])
        for i, (x, y) in enumerate([(5, 5), (5, 5), (D("4.5"), 4), (D("3.33"), D("0.01")),
                                    (0, 0), (D("4.99"), D("4.99"))])]
    fast, ref = dtikit.score(rubric, cohort), score_reference(rubric, cohort)
    assert isinstance(fast, ScoredCohort)
    _same(rubric, fast, ref)


@pytest.mark.parametrize("basis", ["percent", "points"])
def test_classes_at_the_band_edges_are_the_reference_ones(basis: str) -> None:
    bands = [Band("Tốt", lower=D(70)), Band("Khá", lower=D(50), upper=D(70)),
             Band("Trung bình", lower=D(30), lower_inclusive=False, upper=D(50),
                  upper_inclusive=True), Band("Yếu", upper=D(30))]
    if basis == "points":
        bands = [Band(b.label, lower=None if b.lower is None else b.lower / 10,
                      lower_inclusive=b.lower_inclusive,
                      upper=None if b.upper is None else b.upper / 10,
                      upper_inclusive=b.upper_inclusive) for b in bands]
    rubric = Rubric(
        id="edge/commune/2024", province="edge", tier="commune", year=2024, title="Biên",
        scale=D(10), source=Source("0/QĐ-TEST"), classification=Classification(basis, bands),
        indicators=[Indicator("1", "Một", D(10), level="main", children=[
            Indicator("1.1", "a", D(10), method=MethodSpec("awarded"))])])
    points = ["7", "6.99", "7.01", "5", "4.99", "5.01", "3", "2.99", "3.01", "0", "10"]
    cohort = [Assessment(rubric.id, Unit(f"X{i}"), [Answer("1.1", Number(D(p)))])
              for i, p in enumerate(points)]
    fast, ref = dtikit.score(rubric, cohort), score_reference(rubric, cohort)
    assert [c.class_label for c in fast] == [c.class_label for c in ref]
    assert fast == ref


def test_the_rows_of_a_ranking_are_built_when_read() -> None:
    import pickle

    from dtikit.ranking.rows import LazyRows

    rubric = _one_leaf(MethodSpec("yes_no"), D(10))
    cohort = [Assessment(rubric.id, Unit(f"X{i}"), [Answer("1.1", Flag(i % 2 == 0))])
              for i in range(5)]
    res = dtikit.rank(dtikit.score(rubric, cohort), rubric)
    ref = dtikit.rank(list(score_reference(rubric, cohort)), rubric)
    rows = res.rows
    assert isinstance(rows, LazyRows) and rows._built.count(None) == 5
    assert res.row_columns().rank == [1, 1, 1, 4, 4] and rows._built.count(None) == 5
    assert rows[-1] == ref.rows[-1] and rows[1:3] == ref.rows[1:3]
    assert rows[-1] is rows[4] and rows._built.count(None) == 2
    with pytest.raises(IndexError):
        rows[5]
    assert rows == ref.rows and ref.rows == rows and hash(rows) == hash(ref.rows)
    assert res == ref and hash(res) == hash(ref)
    assert type(pickle.loads(pickle.dumps(rows))) is tuple
    assert pickle.loads(pickle.dumps(res)) == ref
    assert res.row("X3") == ref.row("X3")


# ------------------------------------- a plugin's method: only its score


class _Thirds(dtikit.Method):
    """A plugin's method that writes only ``score``: a third of the maximum
    per level reached (0-3), refusing anything else."""

    kind = "test_thirds"
    title = "Ba bậc"
    accepts = (Number,)

    def score(self, value: Any, best: Decimal | None = None) -> dtikit.Outcome:
        v = value.value
        if v not in (0, 1, 2, 3):
            raise dtikit.AnswerError(f"level {v} is not 0-3")
        pts = self.max * v / 3
        return dtikit.Outcome(pts, f"{v}/3 × {self.max} = {pts}")


class _Share(dtikit.Method):
    """A plugin's cohort-relative method, with only ``score`` and ``raw_value``."""

    kind = "test_share"
    title = "Tỷ phần"
    accepts = (Number,)
    uses_cohort = True

    def raw_value(self, value: Any) -> Decimal:
        if value.value < 0:
            raise dtikit.AnswerError("negative")
        return Decimal(value.value)

    def score(self, value: Any, best: Decimal | None = None) -> dtikit.Outcome:
        v = self.raw_value(value)
        assert best is not None
        top = max(best, v)
        pts = Decimal(0) if top == 0 else v * self.max / top
        return dtikit.Outcome(pts, f"{v} / {top} × {self.max}")


@_SETTINGS
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 700), st.booleans()),
                min_size=1, max_size=12),
       st.sampled_from([2, 2, 1, 0]), st.sampled_from(["1.75", "3", "0.75", "7"]),
       st.sampled_from([None, None, None, (4, 1), (1, -1)]))
def test_a_plugin_method_with_only_score_is_scored_as_the_oracle_scores_it(
        rows: list[tuple[int, int, bool]], places: int, mx: str,
        bad: tuple[int, int] | None) -> None:
    if bad is not None:  # one value the method refuses
        rows = [*rows, (*bad, True)]
    registry = BUILTIN_REGISTRY.with_methods([_Thirds, _Share])
    m = D(mx)
    rubric = Rubric(
        id="plug/commune/2024", province="plug", tier="commune", year=2024, title="Cắm",
        scale=2 * m, source=Source("0/QĐ-TEST"), rounding=Rounding(places),
        indicators=[Indicator("1", "Một", 2 * m, level="main", children=[
            Indicator("1.1", "Ba bậc", m, method=MethodSpec("test_thirds", {})),
            Indicator("1.2", "Tỷ phần", m, method=MethodSpec("test_share", {}))])])
    if any(decimals_shown(n.max) > places for n in rubric.walk()):
        return  # refused by the rubric check: a maximum it could not show
    cohort = [Assessment(rubric.id, Unit(f"UBND xã {i}", f"x{i}", "commune"),
                         [Answer("1.1", Number(a)), Answer("1.2", Number(b))],
                         ranked=ranked)
              for i, (a, b, ranked) in enumerate(rows)]
    ref = _run(lambda: score_reference(rubric, cohort, methods=registry))
    fast = _run(lambda: dtikit.score(rubric, cohort, methods=registry))
    assert fast[0] == ref[0], (fast, ref)
    if ref[0] == "error":  # a refused value: the same problems, each unit and code named
        assert fast == ref
    else:
        _same(rubric, fast[1], ref[1])


def test_the_old_fast_path_still_imports_with_a_warning() -> None:
    """``dtikit.fast`` (split into dtikit.engine, dtikit.formats.columnwise and
    dtikit.ranking.rows) re-exports its names and its documented submodules."""
    import importlib
    import sys

    from dtikit.engine.columns import Cohort
    from dtikit.formats.columnwise import read_collection
    from dtikit.ranking.rows import LazyRows

    for name in ("dtikit.fast", "dtikit.fast.columns", "dtikit.fast.rank"):
        sys.modules.pop(name, None)
    with pytest.warns(DeprecationWarning, match="dtikit.engine"):
        fast = importlib.import_module("dtikit.fast")
    assert fast.ScoredCohort is ScoredCohort and fast.Decline is Decline
    assert fast.read_collection is read_collection and fast.round_half_up is round_half_up
    assert importlib.import_module("dtikit.fast.columns").Cohort is Cohort
    assert importlib.import_module("dtikit.fast.rank").LazyRows is LazyRows


def test_an_answer_to_a_removed_leaf_is_type_checked_never_scored() -> None:
    """A unit whose variant removes an indicator may still carry an answer to it:
    the reference never scores that answer (a value its method refuses is not a
    problem), but an answer of the wrong type is one — the engine does the same."""
    import attrs

    from dtikit.errors import AssessmentInvalid

    kids = [Indicator("1.1", "Tỷ lệ", D(10), method=MethodSpec("ratio")),
            Indicator("1.2", "Có", D(10), method=MethodSpec("yes_no"))]
    rubric = Rubric(
        id="edge/commune/2024", province="edge", tier="commune", year=2024, title="Biên",
        scale=D(20), source=Source("0/QĐ-TEST"),
        indicators=[Indicator("1", "Một", D(20), level="main", children=kids)])
    rubric = attrs.evolve(rubric, variants=[Variant("rut_gon", "Rút gọn", ["1.1"])])
    refused = [Assessment(rubric.id, Unit("X", variant="rut_gon"),
                          [Answer("1.1", Ratio(5, 3)), Answer("1.2", Flag(True))]),
               Assessment(rubric.id, Unit("Y"),
                          [Answer("1.1", Ratio(1, 2)), Answer("1.2", Flag(False))])]
    fast, ref = dtikit.score(rubric, refused), score_reference(rubric, refused)
    assert fast == ref and str(fast[0].total) == "10.00"
    wrong_type = [attrs.evolve(refused[0], answers=[Answer("1.1", Flag(True))]), refused[1]]
    for scorer in (dtikit.score, score_reference):
        with pytest.raises(AssessmentInvalid):
            scorer(rubric, wrong_type)
