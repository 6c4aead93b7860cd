"""The entry to the engine: :func:`score` (``dtikit.score``), what every caller
runs to score a cohort, and :func:`finding_counts`.

They live beside the engine, above :mod:`dtikit.scoring` (the scorecard types,
the compiled leaves, traces and rules the engine reads), so that no import goes
up the layers. ``dtikit.scoring.score`` and ``dtikit.scoring.finding_counts``
stay importable: the same functions. The engine (:mod:`.core`, which loads
numpy) is imported on the first call, so ``import dtikit`` stays light.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..assessment import Assessment
from ..methods import MethodRegistry
from ..model import Rubric
from ..scoring import Scorecard

__all__ = ["finding_counts", "score", "score_reference"]


def score(
    rubric: Rubric,
    assessments: Iterable[Assessment],
    *,
    methods: MethodRegistry | None = None,
) -> tuple[Scorecard, ...]:
    """Score a cohort of assessments against ``rubric``. Pure: same input, same output.

    Methods relative to the best unit see the whole cohort. Raises
    :class:`~dtikit.errors.AssessmentInvalid` with every bad answer (unknown code,
    wrong kind of value, value out of range), each naming the unit and the code.

    The cohort is scored column-wise in exact fixed-point integers
    (:mod:`dtikit.engine`), the one implementation; traces and findings are
    built when read. The property tests hold it equal to a unit-by-unit
    ``Decimal`` oracle (``tests/oracle.py``).
    """
    from .core import score_fast

    return score_fast(rubric, assessments, methods=methods)


def score_reference(
    rubric: Rubric,
    assessments: Iterable[Assessment],
    *,
    methods: MethodRegistry | None = None,
) -> tuple[Scorecard, ...]:
    """Deprecated: :func:`score` is the one implementation (the unit-by-unit
    definition is the tests' oracle now). Returns what :func:`score` returns."""
    import warnings

    warnings.warn("dtikit.scoring.score_reference is deprecated: use dtikit.score",
                  DeprecationWarning, stacklevel=2)
    return score(rubric, assessments, methods=methods)


def finding_counts(cards: Sequence[Scorecard]) -> dict[str, int]:
    """How many findings of each kind ``cards`` hold. Scorecards of
    :func:`score` are counted by the engine, column by column, without
    building the findings; any other sequence is counted card by card."""
    from .core import ScoredCohort

    engine = cards.whole() if isinstance(cards, ScoredCohort) else None
    if engine is not None:
        return engine.finding_counts()
    counts: dict[str, int] = {}
    for card in cards:
        for f in card.findings:
            counts[f.kind] = counts.get(f.kind, 0) + 1
    return counts
