"""The fast path: a whole cohort scored column-wise in exact fixed-point integers.

:func:`dtikit.score` goes through :func:`score_fast`, which returns a
:class:`ScoredCohort` — a tuple of scorecards whose nodes, traces and findings
are built when read — and :func:`dtikit.rank` ranks a ScoredCohort from its
columns. Both equal the reference definitions
(:func:`dtikit.scoring.score_reference` and the unit-by-unit ranking), which
take over for anything the fast path does not handle.
"""

from ..methods.base import round_half_up
from .collection import read_collection
from .engine import LazyFindings, LazyNodes, ScoredCohort, score_fast
from .plan import Decline
from .rank import rank_fast

__all__ = ["Decline", "LazyFindings", "LazyNodes", "ScoredCohort", "rank_fast", "read_collection",
           "round_half_up", "score_fast"]
