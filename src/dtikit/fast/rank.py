"""Ranking a :class:`~dtikit.fast.ScoredCohort` from its columns.

The rule is :func:`dtikit.rank`'s, word for word (competition ranks on the
exact final total, tie-break keys, name order within a tie, exclusions
apart); only the keys are the exact fixed-point integers instead of Decimals,
and a main index's points are read from the arrays instead of building every
node of every scorecard.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, cast

import numpy as np

from ..lineage import Baselines
from ..model import Rubric
from ..numbers import ZERO, quantize
from ..ranking import (
    Exclusion,
    Part,
    ResultRow,
    Results,
    RowColumns,
    _name_key,
    exclusion_of,
)
from ..scoring import Scorecard
from .engine import Engine, ScoredCohort
from .lazy import BuiltWhenRead
from .plan import gc_paused


def _column(engine: Engine, node: int) -> tuple[list[Decimal | None], list[int]]:
    """Final points of one node for every unit (None unless scored), and the
    fixed-point value a ranking key uses (0 unless scored)."""
    return _shown(engine, node)[:2]


def _shown(engine: Engine, node: int
           ) -> tuple[list[Decimal | None], list[int], list[tuple[int, int] | None]]:
    st = engine.stages["final"]
    missing = st.unk[node] | st.na[node]
    keys: list[int] = np.where(missing, 0, st.pts[node]).tolist()
    p = -engine.places
    exps: list[int] = [p] * len(keys) if st.exp is None else st.exp[node].tolist()
    gone: list[bool] = missing.tolist()
    pairs: list[tuple[int, int] | None] = [
        None if m else (v, e) for v, e, m in zip(keys, exps, gone)]
    dec = engine.dec
    shown_of: dict[tuple[int, int] | None, Decimal | None] = {
        k: None if k is None else dec(*k) for k in set(pairs)}
    return list(map(shown_of.__getitem__, pairs)), keys, pairs


def _parts(engine: Engine, code: str, node: int) -> list[Part]:
    """Each unit's Part of one main index. Units with the same points and the
    same applicable maximum share one Part, found column-wise (a unit's key is
    its pattern of not-applicable leaves, the exponent and value of its points,
    and whether they are missing); Parts are built without attrs' ``__init__``
    as their fields already have their types."""
    st = engine.stages["final"]
    missing = st.unk[node] | st.na[node]
    n = missing.shape[0]
    exps = np.zeros(n, dtype=np.int64) if st.exp is None else st.exp[node].astype(np.int64)
    pids = np.asarray(engine.pattern_of, dtype=np.int64)
    values = np.where(missing, 0, st.pts[node])
    if n and int(np.abs(values).max()) < 2**40 and int(pids.max()) < 2**15 \
            and int(exps.min()) >= -8 and int(exps.max()) < 8:  # one int64 key per unit
        packed = (((pids + 1) << 46) | ((exps + 8) << 42) | ((values + 2**40) << 1)
                  | missing).tolist()
        index: dict[int, int] = {}
        codes = [index.setdefault(k, len(index)) for k in packed]
        first = np.empty(len(index), dtype=np.intp)
        first[codes[::-1]] = np.arange(n - 1, -1, -1)  # any unit of each key will do
        rows = np.stack([pids, exps, values, missing], axis=1)[first]
        inverse = np.asarray(codes)
    else:
        keys = np.stack([pids, exps, values, missing.astype(np.int64)], axis=1)
        rows, inverse = np.unique(keys, axis=0, return_inverse=True)
    new, put = object.__new__, object.__setattr__
    dec, p = engine.dec, -engine.places
    table: list[Part] = []
    for pid, exp, value, miss in rows.tolist():
        part = new(Part)
        put(part, "code", code)
        put(part, "points", None if miss else dec(value, p if st.exp is None else exp))
        put(part, "max", engine.plan.nominal_app[node] if pid < 0
            else engine.patterns[pid][0][node])
        table.append(part)
    return list(map(table.__getitem__, inverse.reshape(-1).tolist()))


class LazyRows(BuiltWhenRead[ResultRow]):
    """The rows of a ranking ranked from a ScoredCohort, each built when read.

    The ranking itself — who is where, with which rank, in which group — is
    decided when :func:`rank_fast` returns; a :class:`~dtikit.ResultRow` (with
    its Parts, conversions and change since the previous ranking) is built the
    first time it is read, and :meth:`columns` gives a table writer every
    row's values by column without building any. Equals the tuple of its
    rows, and pickles as one."""

    def __init__(self, engine: Engine, cards: Sequence[Scorecard], rubric: Rubric,
                 main_nodes: Sequence[int], order: list[int], ranks: list[int],
                 groups: list[str | None], previous: Baselines | None) -> None:
        self.engine = engine
        self.cards = cards
        self.rubric = rubric
        self.main_nodes = list(main_nodes)
        self.order = order
        self.ranks = ranks
        self.groups = groups
        self.previous = previous
        self._built: list[ResultRow | None] = [None] * len(order)
        self._parts: list[list[Part]] | None = None
        self._columns: RowColumns | None = None

    def _row(self, k: int, parts: tuple[Part, ...]) -> ResultRow:
        c = self.cards[self.order[k]]
        total = c.total
        assert total is not None
        rank = self.ranks[k]
        base = self.previous
        return ResultRow(
            rank=rank, unit=c.unit, total=total, applicable_max=c.applicable_max,
            percent=quantize(c.percent or ZERO, self.rubric.rounding.places),
            class_label=c.class_label, parts=parts, group=self.groups[k],
            conversions=tuple((cv.key, cv.apply(total)) for cv in self.rubric.conversions),
            delta=None if base is None else base.delta(c.unit, total, rank, parts,
                                                       c.applicable_max),
            no_trend=None if base is None else base.reason(c.unit))

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

    def columns(self) -> RowColumns:
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
            shown = _shown(engine, node)[0]
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
            if convs else [()] * len(order))

    def __repr__(self) -> str:
        return f"LazyRows({len(self)} rows)"


def rank_fast(
    scorecards: Iterable[Scorecard],
    rubric: Rubric,
    *,
    previous: Baselines | None = None,
    tie_break: Sequence[str] = (),
) -> Results | None:
    """:func:`dtikit.rank` for a ScoredCohort, or None when given anything else."""
    if not isinstance(scorecards, ScoredCohort) or scorecards.engine is None:
        return None
    with gc_paused():
        return _rank(scorecards, scorecards.engine, rubric, previous, tie_break)


def _rank(scorecards: ScoredCohort, engine: Engine, rubric: Rubric, previous: Baselines | None,
          tie_break: Sequence[str]) -> Results | None:
    if engine.rubric.id != rubric.id or engine.n != len(scorecards):
        return None
    plan = engine.plan
    mains = rubric.main_indices
    try:
        main_nodes = [plan.index[n.code] for n in mains]
        tie_nodes = [plan.index[c] for c in tie_break]
    except KeyError:
        return None
    cards: Sequence[Scorecard] = scorecards
    columns = tuple((n.code, n.name, n.max) for n in mains)
    excluded: list[Exclusion] = []
    ranked: list[int] = []
    for i, c in enumerate(cards):
        exclusion = exclusion_of(c)
        if exclusion is not None:
            excluded.append(exclusion)
        else:
            ranked.append(i)

    totals = engine.totals
    if tie_nodes:
        tie_keys = [_column(engine, k)[1] for k in tie_nodes]
        keys: list[tuple[int, ...]] = [
            (t, *ks) for t, ks in zip(totals, zip(*tie_keys))
        ]
    else:
        keys = [(t,) for t in totals]
    per_parent = rubric.workflow.ranking_scope == "parent"

    def group_of(i: int) -> str:
        return (cards[i].unit.parent if per_parent else None) or ""

    order: list[int] = []  # unit index of each row
    ranks: list[int] = []
    row_groups: list[str | None] = []
    groups: dict[str, list[int]] = {}
    for i in ranked:
        groups.setdefault(group_of(i), []).append(i)
    for g in sorted(groups):
        members = groups[g]
        members.sort(key=lambda i: _name_key(cards[i].unit))
        members.sort(key=keys.__getitem__, reverse=True)  # stable: name order within ties
        last_key: tuple[int, ...] | None = None
        current = 0
        for position, i in enumerate(members, start=1):
            k = keys[i]
            if k != last_key:
                current, last_key = position, k
            order.append(i)
            ranks.append(current)
            row_groups.append(g or None)
    rows = LazyRows(engine, cards, rubric, main_nodes, order, ranks, row_groups, previous)
    conversions = rubric.conversions
    excluded.sort(key=lambda e: _name_key(e.unit))
    return Results(
        rubric_id=rubric.id,
        columns=columns,
        rows=cast(Any, rows),  # a Sequence that equals the tuple of its rows
        excluded=tuple(excluded),
        conversions=tuple((cv.key, cv.label) for cv in conversions),
        sample=any(c.sample for c in cards),
    )
