"""The one set of strategies (:mod:`dtikit.testing.strategies`) reaches every
case the engine-equals-oracle property claims to cover, and the benchmarks'
seeded generator draws from the same definition of a valid answer
(:mod:`dtikit.testing.spec`).

The coverage test is derandomized on every machine: it is about the
strategies, so it must not pass on one run and fail on the next.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from cases import REQUIRED, cases
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import COUNTS, reset_counts, score_reference

import dtikit
from dtikit.errors import AnswerError
from dtikit.methods import BUILTIN_REGISTRY
from dtikit.testing.spec import FAMILIES, RandomChooser, value_for
from dtikit.testing.strategies import cohorts, method_specs, values_for

# the cohorts tests/test_engine.py holds the engine to the oracle on
ENGINE_COHORTS = cohorts(max_units=7, complete=False, ranked=False, ties=True)


def test_the_strategies_reach_every_case() -> None:
    seen: set[str] = set()

    @settings(max_examples=150, derandomize=True, database=None, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(ENGINE_COHORTS)
    def draw(case: Any) -> None:
        rubric, cohort = case
        reset_counts()
        try:
            cards = score_reference(rubric, cohort, methods=BUILTIN_REGISTRY)
        except dtikit.DtikitError:
            cards = None
        seen.update(cases(rubric, cohort, cards, COUNTS))

    draw()
    assert REQUIRED - seen == set()


@pytest.mark.parametrize("kind", FAMILIES)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_every_value_drawn_is_accepted_by_its_method(kind: str, data: st.DataObject) -> None:
    """Both choosers — Hypothesis' and the benchmarks' seeded one — give values
    the method scores (never refuses)."""
    mx = dtikit.Indicator("1", "x", 0).max if kind == "tracked" else data.draw(
        st.sampled_from([dtikit.Indicator("1", "x", v).max for v in ("1", "0.75", "12.25", "40")]))
    spec = data.draw(method_specs(mx, kind))
    leaf = dtikit.Indicator("1.1", "Chỉ số", mx, method=spec)
    method = BUILTIN_REGISTRY.build(spec, mx)
    seed = data.draw(st.integers(0, 2**32))
    drawn = [data.draw(values_for(leaf))]
    drawn += [value_for(leaf, RandomChooser(random.Random(seed)), edges=e) for e in (True, False)]
    for value in drawn:
        assert isinstance(value, method.accepts)
        try:
            method.score(value, value.value if kind == "relative_to_best" else None)
        except AnswerError as exc:  # pragma: no cover - the failure being tested
            raise AssertionError(f"{kind} refused {value}: {exc}") from exc


def test_the_seeded_chooser_is_reproducible() -> None:
    leaf = dtikit.Indicator("1.1", "Chỉ số", 10, method=dtikit.MethodSpec("awarded", {}))
    one = [value_for(leaf, RandomChooser(random.Random(7))) for _ in range(5)]
    two = [value_for(leaf, RandomChooser(random.Random(7))) for _ in range(5)]
    assert one == two


ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not (ROOT / "benchmarks" / "workload.py").exists(),
                    reason="benchmarks/ is not part of this checkout")
def test_the_benchmark_draws_its_answers_from_the_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    """benchmarks/workload.py has no generator of its own: its answers are
    :func:`dtikit.testing.spec.value_for`'s, and none is refused."""
    monkeypatch.syspath_prepend(str(ROOT))
    from benchmarks import workload

    rubric = workload.synthetic_rubric()
    units = list(workload.assessments(rubric, 30))
    assert list(workload.assessments(rubric, 30)) == units  # seeded
    cards = dtikit.score(rubric, units)
    assert len(cards) == 30
    assert not hasattr(workload, "_value")


@given(st.integers(0, 2**40), st.integers(0, 2**40), st.integers(0, 3))
def test_the_trusted_ratio_is_the_checked_one(a: int, b: int, places: int) -> None:
    """``Ratio._from_checked`` (the column reader's constructor) builds the object
    ``Ratio`` builds, for Decimals the converter accepts."""
    da, db = dtikit.Ratio(a, b).a.scaleb(-places), dtikit.Ratio(a, b).b.scaleb(-places)
    checked = dtikit.Ratio(da, db)
    trusted = dtikit.Ratio._from_checked(checked.a, checked.b)
    assert trusted == checked and hash(trusted) == hash(checked)
    assert (trusted.a, trusted.b) == (da, db) and type(trusted) is dtikit.Ratio
    assert dtikit.to_data(trusted) == dtikit.to_data(checked)
