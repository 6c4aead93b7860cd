"""The fast path: a whole cohort scored column-wise in exact fixed-point integers.

:func:`dtikit.score` goes through :func:`score_fast`, which returns a
:class:`ScoredCohort` — a tuple of scorecards whose nodes, traces and findings
are built when read — and :func:`dtikit.rank` ranks a ScoredCohort from its
columns. They are the one implementation; the unit-by-unit Decimal definition
they are tested against is the tests' oracle (``tests/oracle.py``).
"""

from typing import Any

from ..methods.base import round_half_up
from .collection import read_collection
from .engine import LazyFindings, LazyNodes, ScoredCohort, score_fast
from .plan import Decline

__all__ = ["Decline", "LazyFindings", "LazyNodes", "ScoredCohort", "read_collection",
           "round_half_up", "score_fast"]


def __getattr__(name: str) -> Any:
    """``rank_fast`` (deprecated): :func:`dtikit.rank` ranks a ScoredCohort from its columns."""
    if name != "rank_fast":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import warnings

    from ..ranking import rank

    warnings.warn("dtikit.fast.rank_fast is deprecated: call dtikit.rank, which ranks a "
                  "ScoredCohort from its columns", DeprecationWarning, stacklevel=2)

    def deprecated(scorecards: Any, *args: Any, **kwargs: Any) -> Any:
        return rank(scorecards, *args, **kwargs) if isinstance(scorecards, ScoredCohort) \
            else None

    return deprecated
