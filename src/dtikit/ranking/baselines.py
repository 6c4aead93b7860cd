"""What :func:`dtikit.rank` compares a unit with: its baseline last year, and
the one computation of its change (:meth:`Baselines.delta`).

:func:`dtikit.lineage.baselines` builds them through the 2025 reorganisation's
lineage table; given last year's :class:`~dtikit.Results` alone, ``rank`` uses
:meth:`Baselines.identity` (each unit against itself). ``dtikit.lineage``
re-exports these names, their documented home.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Literal

import attrs

from ..assessment import Unit
from ..model import Rubric, percent_of
from ..numbers import ZERO, quantize
from . import Delta, Part, PartDelta, ResultRow, Results

Basis = Literal["points", "percent"]


@attrs.frozen
class Baseline:
    """What one new unit is compared with: its predecessors' rows last year
    (with their weights), or why there is nothing to compare with."""

    rows: tuple[ResultRow, ...] = ()
    weights: tuple[Decimal, ...] | None = None
    label: str | None = None  # None: the same unit, last year
    detail: str = ""  # after the label and the basis: ": A, B, C", " (tên cũ: A)"
    one_to_one: bool = True
    reason: str | None = None  # why there is no trend (rows empty)


class Baselines:
    """Each ranked unit's previous-year baseline, and the one computation of its
    change (:meth:`delta`). Build it with :func:`baselines`; :func:`dtikit.rank`
    takes it as ``previous`` (given last year's :class:`~dtikit.Results` it
    uses :meth:`identity`: each unit against itself, matched by id)."""

    def __init__(self, rubric: Rubric, previous: Results, by_unit: Mapping[str, Baseline] | None,
                 index_map: Mapping[str, Sequence[str]] | None = None) -> None:
        self.rubric = rubric
        self.previous = previous
        self._by_unit = by_unit
        self._same: dict[str, ResultRow] | None = None
        self.places = rubric.rounding.places
        prev_scale = sum((mx for _, _, mx in previous.columns), ZERO)
        cur_scale = sum((n.max for n in rubric.main_indices), ZERO)
        self.basis: Basis = "points" if prev_scale == cur_scale else "percent"
        prev_max = {code: mx for code, _, mx in previous.columns}
        # each main index of this rubric: the old indices it is compared with, and the basis
        self.index_map: dict[str, tuple[str, ...]] = {}
        self.part_basis: dict[str, Basis] = {}
        declared = {new: (olds,) if isinstance(olds, str) else tuple(olds)
                    for new, olds in (index_map or {}).items()}
        for node in rubric.main_indices:
            olds = declared.get(node.code, (node.code,) if node.code in prev_max else ())
            if olds:
                self.index_map[node.code] = olds
                old_max = sum((prev_max[c] for c in olds), ZERO)
                self.part_basis[node.code] = "points" if old_max == node.max else "percent"
        prev_pos = {code: k for k, (code, _, _) in enumerate(previous.columns)}
        self._old_pos = {new: tuple(prev_pos[c] for c in olds if c in prev_pos)
                         for new, olds in self.index_map.items()}

    @classmethod
    def identity(cls, previous: Results, rubric: Rubric) -> Baselines:
        """Every unit against its own result last year (matched by id): matching by name."""
        return cls(rubric, previous, None)

    def baseline(self, unit: Unit) -> Baseline | None:
        if self._by_unit is not None:
            return self._by_unit.get(unit.id)
        if self._same is None:
            self._same = {r.unit.id: r for r in self.previous.rows}
        row = self._same.get(unit.id)
        return None if row is None else Baseline((row,))

    def reason(self, unit: Unit) -> str | None:
        """Why this unit has no trend (None: it has one, or it is simply new)."""
        if self._by_unit is None:
            return None  # the identity: a unit not found last year is new
        b = self.baseline(unit)
        return None if b is None else b.reason

    def _mean(self, values: Sequence[Decimal], weights: Sequence[Decimal] | None,
              exact: bool) -> Decimal:
        if len(values) == 1 and exact:
            return values[0]
        ws = weights or [Decimal(1)] * len(values)
        total = sum((v * w for v, w in zip(values, ws)), ZERO)
        return quantize(total / sum(ws, ZERO), self.places)

    def delta(self, unit: Unit, total: Decimal, rank: int, parts: Sequence[Part],
              applicable_max: Decimal) -> Delta | None:
        """The change of one ranked unit against its baseline (None when it has none)."""
        b = self.baseline(unit)
        if b is None or not b.rows:
            return None
        if self.basis == "points":
            before = self._mean([r.total for r in b.rows], b.weights, exact=True)
            now = total
        else:
            before = self._mean([percent_of(r.total, r.applicable_max) for r in b.rows],
                                b.weights, exact=False)
            now = quantize(percent_of(total, applicable_max), self.places)
        part_deltas = tuple(self._part(b, p) for p in parts)
        label = b.label
        if self.basis == "percent":
            label = f"{label or 'so với năm trước'}, theo % điểm tối đa"
        if label is not None or b.detail:
            label = f"{label or 'so với năm trước'}{b.detail}"
        if b.one_to_one:
            r = b.rows[0]
            return Delta(before, now - before, r.rank, r.rank - rank, r.class_label,
                         baseline=label, basis=self.basis, parts=part_deltas)
        return Delta(before, now - before, None, None, None, baseline=label, basis=self.basis,
                     parts=part_deltas)

    def _part(self, b: Baseline, part: Part) -> PartDelta:
        olds = self._old_pos.get(part.code)
        if not olds:
            return PartDelta(part.code, None, None)
        basis = self.part_basis[part.code]
        if len(olds) == 1 and len(b.rows) == 1 and basis == "points":  # the same index, one unit
            was = b.rows[0].parts[olds[0]].points
            return PartDelta(part.code, was, None if was is None or part.points is None
                             else part.points - was)
        values: list[Decimal] = []
        for r in b.rows:
            got = [r.parts[k] for k in olds]
            if any(g.points is None for g in got):
                return PartDelta(part.code, None, None, basis)
            pts = sum((g.points for g in got if g.points is not None), ZERO)
            mx = sum((g.max for g in got), ZERO)
            values.append(pts if basis == "points" else percent_of(pts, mx))
        before = self._mean(values, b.weights, exact=basis == "points")
        if part.points is None:
            return PartDelta(part.code, before, None, basis)
        now = part.points if basis == "points" else quantize(
            percent_of(part.points, part.max), self.places)
        return PartDelta(part.code, before, now - before, basis)


def baselines_of(previous: Results | Baselines | None, rubric: Rubric) -> Baselines | None:
    """What :func:`dtikit.rank` compares with: a Baselines as given, last year's
    Results as the identity lineage, or nothing."""
    if previous is None or isinstance(previous, Baselines):
        return previous
    return Baselines.identity(previous, rubric)
