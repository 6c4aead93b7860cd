"""What :func:`dtikit.rank` reads from a :class:`~dtikit.engine.core.ScoredCohort`'s columns.

The ranking rule is not here: it is :func:`dtikit.ranking.competition_ranks`.
This module gives it the keys — the exact final totals and tie-break values as
the engine's fixed-point integers instead of Decimals (:func:`cohort_keys`) —
and :class:`LazyRows`, the ranked rows built when read, a main index's points
read from the arrays instead of building every node of every scorecard.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import cast

import numpy as np

from ..engine.core import Engine, ScoredCohort
from ..engine.lazy import BuiltWhenRead
from ..engine.plan import gc_paused
from ..model import Rubric
from ..scoring import Scorecard
from . import (
    Part,
    RankedRows,
    ResultRow,
    RowColumns,
    result_row,
    row_percent,
)
from .baselines import Baselines


def _keys(engine: Engine, node: int) -> list[int]:
    """The fixed-point value of one node a ranking key uses, for every unit (0 unless scored)."""
    st = engine.stages["final"]
    keys: list[int] = np.where(st.unk[node] | st.na[node], 0, st.pts[node]).tolist()
    return keys


def _shown(engine: Engine, node: int) -> list[Decimal | None]:
    """Final points of one node for every unit (None unless scored), one Decimal per value."""
    st = engine.stages["final"]
    missing: list[bool] = (st.unk[node] | st.na[node]).tolist()
    values: list[int] = st.pts[node].tolist()
    dec = engine.dec
    shown_of = {v: dec(v) for v in set(values)}
    return [None if m else shown_of[v] for v, m in zip(values, missing)]


def _parts(engine: Engine, code: str, node: int) -> list[Part]:
    """Each unit's Part of one main index. Units with the same points and the
    same applicable maximum share one Part, found column-wise (a unit's key is
    its pattern of not-applicable leaves, the value of its points, and whether
    they are missing); one Part is built per distinct key."""
    st = engine.stages["final"]
    missing = st.unk[node] | st.na[node]
    n = missing.shape[0]
    pids = np.asarray(engine.pattern_of, dtype=np.int64)
    values = np.where(missing, 0, st.pts[node])
    if n and int(np.abs(values).max()) < 2**40 and int(pids.max()) < 2**15:  # one int64 key
        packed = (((pids + 1) << 42) | ((values + 2**40) << 1) | missing).tolist()
        index: dict[int, int] = {}
        codes = [index.setdefault(k, len(index)) for k in packed]
        first = np.empty(len(index), dtype=np.intp)
        first[codes[::-1]] = np.arange(n - 1, -1, -1)  # any unit of each key will do
        rows = np.stack([pids, values, missing], axis=1)[first]
        inverse = np.asarray(codes)
    else:
        keys = np.stack([pids, values, missing.astype(np.int64)], axis=1)
        rows, inverse = np.unique(keys, axis=0, return_inverse=True)
    dec = engine.dec
    table = [Part(code, None if miss else dec(value),
                  engine.plan.nominal_app[node] if pid < 0 else engine.patterns[pid][0][node])
             for pid, value, miss in rows.tolist()]
    return list(map(table.__getitem__, inverse.reshape(-1).tolist()))


class LazyRows(BuiltWhenRead[ResultRow], RankedRows):
    """The rows of a ranking ranked from a ScoredCohort, each built when read.

    The ranking itself — who is where, with which rank, in which group — is
    decided when :func:`dtikit.rank` returns; a :class:`~dtikit.ResultRow` (with
    its Parts, conversions and change since the previous ranking) is built the
    first time it is read, and :meth:`columns` gives a table writer every
    row's values by column without building any. Equals the tuple of its
    rows, and pickles as one."""

    def __init__(self, cards: Sequence[Scorecard], rubric: Rubric, order: list[int], ranks: list[int],
                 groups: list[str | None], previous: Baselines | None) -> None:
        assert isinstance(cards, ScoredCohort) and cards.engine is not None
        self.engine: Engine = cards.engine
        self.cards: Sequence[Scorecard] = cards
        self.rubric = rubric
        plan = self.engine.plan
        self.main_nodes = [plan.index[n.code] for n in rubric.main_indices]
        self.order = order
        self.ranks = ranks
        self.groups = groups
        self.previous = previous
        self._built: list[ResultRow | None] = [None] * len(order)
        self._columns: RowColumns | None = None

    def _row(self, k: int, parts: tuple[Part, ...]) -> ResultRow:
        return result_row(self.cards[self.order[k]], self.rubric, self.ranks[k], self.groups[k],
                          parts, self.previous)

    def _unit_parts(self, i: int) -> tuple[Part, ...]:
        engine, out = self.engine, []
        for n, node in zip(self.rubric.main_indices, self.main_nodes):
            st = engine.stages["final"]
            missing = bool(st.unk[node, i] or st.na[node, i])
            out.append(Part(n.code, None if missing else engine.points("final", node, i),
                            engine.applicable_max(node, i)))
        return tuple(out)

    def _build(self, k: int) -> ResultRow:
        return self._row(k, self._unit_parts(self.order[k]))

    def _build_all(self) -> None:  # the Parts column-wise, then row by row
        with gc_paused():
            all_parts = [_parts(self.engine, n.code, node) for n, node in
                         zip(self.rubric.main_indices, self.main_nodes)]
            for k, i in enumerate(self.order):
                if self._built[k] is None:
                    self._built[k] = self._row(k, tuple(p[i] for p in all_parts))

    def columns(self, n_columns: int = 0) -> RowColumns:
        """Every row's values by column (see :class:`~dtikit.ranking.RowColumns`)."""
        if self._columns is None:
            self._columns = self._make_columns()
        return self._columns

    def _make_columns(self) -> RowColumns:
        engine, order = self.engine, self.order
        cards = [self.cards[i] for i in order]
        totals = cast(list[Decimal], [c.total for c in cards])  # ranked: all scored
        points, maxima = [], []
        pids = engine.pattern_of.tolist()
        for node in self.main_nodes:
            shown = _shown(engine, node)
            points.append([shown[i] for i in order])
            nominal = engine.plan.nominal_app[node]
            maxima.append([nominal if pids[i] < 0 else engine.patterns[pids[i]][0][node]
                           for i in order])
        convs = self.rubric.conversions
        return RowColumns(
            rank=self.ranks, unit=[c.unit for c in cards], total=totals,
            applicable_max=[c.applicable_max for c in cards],
            class_label=[c.class_label for c in cards], points=points, maxima=maxima,
            group=self.groups,
            conversions=[tuple((cv.key, cv.apply(t)) for cv in convs) for t in totals]
            if convs else [()] * len(order),
            percent=[row_percent(c, self.rubric) for c in cards],
            # the change since last year needs the rows: built only when there is one
            delta=[r.delta for r in self] if self.previous else [None] * len(order),
            no_trend=[r.no_trend for r in self] if self.previous else [None] * len(order))

    def __repr__(self) -> str:
        return f"LazyRows({len(self)} rows)"


def cohort_keys(cards: Sequence[Scorecard], rubric: Rubric, tie_break: Sequence[str]
                ) -> list[tuple[int, ...]] | None:
    """Each unit's ranking key — final total, then the tie-break indices' points
    (0 when not scored) — as the engine's exact fixed-point integers, read from
    the columns of a ScoredCohort of ``rubric``; None for anything else (the
    keys are then read from the scorecards' nodes as Decimals)."""
    if not isinstance(cards, ScoredCohort) or cards.engine is None:
        return None
    engine = cards.engine
    if engine.rubric.id != rubric.id or engine.n != len(cards):
        return None
    plan = engine.plan
    try:
        for n in rubric.main_indices:
            plan.index[n.code]
        tie_nodes = [plan.index[c] for c in tie_break]
    except KeyError:
        return None
    with gc_paused():
        columns = [engine.totals, *(_keys(engine, k) for k in tie_nodes)]
        return list(zip(*columns))
