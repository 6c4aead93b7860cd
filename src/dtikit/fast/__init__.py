"""Deprecated: ``dtikit.fast`` was split by what each part is.

The scoring engine is :mod:`dtikit.engine` (``plan``, ``core``, ``columns``,
``lazy``); the column-wise reader of a collection workbook is
:mod:`dtikit.formats.columnwise`; the ranking's rows read from a scored
cohort are :mod:`dtikit.ranking.rows`. This module re-exports the names it
held, and ``dtikit.fast.columns`` / ``dtikit.fast.rank`` (documented paths)
still import, all with a :class:`DeprecationWarning`.
"""

import sys
import warnings
from typing import Any

from ..engine import columns as _columns
from ..engine.core import LazyFindings, LazyNodes, ScoredCohort, score_fast
from ..engine.plan import Decline
from ..formats.columnwise import read_collection
from ..methods.base import round_half_up
from ..ranking import rows as _rows

warnings.warn("dtikit.fast is deprecated: the engine is dtikit.engine, the column-wise "
              "collection reader dtikit.formats.columnwise, the ranking's rows "
              "dtikit.ranking.rows", DeprecationWarning, stacklevel=2)

sys.modules[f"{__name__}.columns"] = _columns
sys.modules[f"{__name__}.rank"] = _rows

__all__ = ["Decline", "LazyFindings", "LazyNodes", "ScoredCohort", "read_collection",
           "round_half_up", "score_fast"]


def __getattr__(name: str) -> Any:
    """``rank_fast`` (deprecated): :func:`dtikit.rank` ranks a ScoredCohort from its columns."""
    if name != "rank_fast":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from ..ranking import rank

    warnings.warn("dtikit.fast.rank_fast is deprecated: call dtikit.rank, which ranks a "
                  "ScoredCohort from its columns", DeprecationWarning, stacklevel=2)

    def deprecated(scorecards: Any, *args: Any, **kwargs: Any) -> Any:
        return rank(scorecards, *args, **kwargs) if isinstance(scorecards, ScoredCohort) \
            else None

    return deprecated
