"""A cohort's answers held by leaf, as a reader of a collection produces them.

:class:`Encoded` is one leaf's column, dictionary-encoded: the distinct answer
values and, for each unit, the index of its value. :class:`CohortTuple` is the
tuple of assessments an import returns, carrying those columns beside it, so
that scoring reads the columns instead of taking every unit's answers apart
again. Both are plain data; the assessments remain the source of truth (a
CohortTuple equals the tuple of its assessments, and pickles as one).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..assessment import Assessment


class Encoded:
    """One leaf's answers over a cohort: ``table[codes[i]]`` is unit i's value."""

    __slots__ = ("codes", "table")

    def __init__(self, table: Sequence[Any], codes: npt.NDArray[np.int32]) -> None:
        self.table = list(table)
        self.codes = codes

    def __len__(self) -> int:
        return len(self.codes)

    def decode(self) -> list[Any]:
        return list(map(self.table.__getitem__, self.codes.tolist()))


class Columns:
    """Every leaf's column for one rubric (in the rubric's leaf order)."""

    __slots__ = ("columns", "leaf_codes", "rubric_id")

    def __init__(self, rubric_id: str, leaf_codes: Sequence[str],
                 columns: Sequence[Encoded]) -> None:
        self.rubric_id = rubric_id
        self.leaf_codes = tuple(leaf_codes)
        self.columns = list(columns)


class CohortTuple(tuple[Assessment, ...]):
    """A tuple of assessments with their answers also held by leaf."""

    columns: Columns | None

    def __new__(cls, assessments: Iterable[Assessment],
                columns: Columns | None = None) -> CohortTuple:
        self = super().__new__(cls, assessments)
        self.columns = columns
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (tuple(self),))
