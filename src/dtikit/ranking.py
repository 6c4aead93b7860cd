"""Ranking: a pure function from scorecards to the published results table.

The rule, stated: units are ranked by their exact final total (which is the
sum of their displayed parts), highest first, with competition ranks — equal
totals share a rank and the next rank skips (1, 2, 2, 4). Optional tie-break
keys (main-index codes) split equal totals before ranks are given; units still
equal share the rank. Within a shared rank, units are listed by name, then id:
input order never decides anything. Units excluded by rule (late, not
appraised, not ranked, incomplete) are listed apart with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

import attrs

from .assessment import Unit
from .model import Rubric, nfc
from .numbers import ZERO, quantize
from .scoring import EXCLUSION_REASONS, Scorecard

if TYPE_CHECKING:
    from .lineage import Baselines


@attrs.frozen
class Part:
    """One main index of one unit, as a published column shows it."""

    code: str
    points: Decimal | None
    max: Decimal


@attrs.frozen
class PartDelta:
    """Change of one main index against its baseline (None where no old index maps)."""

    code: str
    previous: Decimal | None
    change: Decimal | None
    basis: Literal["points", "percent"] = "points"


@attrs.frozen
class Delta:
    """Change against last year's results: the same unit's, or — through a
    lineage (:mod:`dtikit.lineage`) — the mean of its predecessors'.

    ``baseline`` says what it is measured against (None: the same unit last
    year); with ``basis`` "percent" the totals are percentages of the maximum.
    The previous rank and class are given only where one old unit became one
    new unit."""

    previous_total: Decimal
    total_change: Decimal
    previous_rank: int | None
    rank_change: int | None  # positive = moved up
    previous_class: str | None
    baseline: str | None = None
    basis: Literal["points", "percent"] = "points"
    parts: tuple[PartDelta, ...] = ()


@attrs.frozen
class ResultRow:
    rank: int
    unit: Unit
    total: Decimal
    applicable_max: Decimal
    percent: Decimal  # rounded half-up at the rubric's places
    class_label: str | None
    parts: tuple[Part, ...]
    group: str | None = None  # ranking group (e.g. the district) when ranked per parent
    conversions: tuple[tuple[str, Decimal], ...] = ()
    delta: Delta | None = None
    no_trend: str | None = None  # why there is no change to show (through a lineage)


@attrs.frozen
class Exclusion:
    unit: Unit
    reason: str  # a key of EXCLUSION_REASONS
    message: str
    total: Decimal | None = None


@attrs.frozen
class InputCount:
    """One input file: units (rows, sheets) read = accepted + rejected."""

    source: str
    read: int
    accepted: int
    rejected: int


@attrs.frozen
class Results:
    """The cohort's ranking: what a province publishes, and what it left out."""

    rubric_id: str
    columns: tuple[tuple[str, str, Decimal], ...]  # (code, name, max) of the main indices
    rows: tuple[ResultRow, ...]
    excluded: tuple[Exclusion, ...] = ()
    conversions: tuple[tuple[str, str], ...] = ()  # (key, label)
    sample: bool = False
    inputs: tuple[InputCount, ...] = ()  # per input file, when read from files

    def row_columns(self) -> RowColumns:
        """The rows by column (the same values as ``rows``)."""
        columns = getattr(self.rows, "columns", None)  # rows built when read (dtikit.fast)
        if columns is not None:
            out: RowColumns = columns()
            return out
        return RowColumns.of_rows(self.rows, len(self.columns))

    def row(self, unit_id: str) -> ResultRow:
        for r in self.rows:
            if r.unit.id == unit_id:
                return r
        raise KeyError(unit_id)


@attrs.frozen
class RowColumns:
    """A ranking's rows as columns, in row order: what a table writer reads.
    ``points[k]`` and ``maxima[k]`` are the k-th main index's points (None
    when not scored) and applicable maximum. :meth:`Results.row_columns` gives
    them without building every row where the rows are built when read."""

    rank: Sequence[int]
    unit: Sequence[Unit]
    total: Sequence[Decimal]
    applicable_max: Sequence[Decimal]
    class_label: Sequence[str | None]
    points: Sequence[Sequence[Decimal | None]]
    maxima: Sequence[Sequence[Decimal]]
    group: Sequence[str | None]
    conversions: Sequence[tuple[tuple[str, Decimal], ...]]

    @classmethod
    def of_rows(cls, rows: Sequence[ResultRow], n_columns: int) -> RowColumns:
        return cls(
            rank=[r.rank for r in rows], unit=[r.unit for r in rows],
            total=[r.total for r in rows], applicable_max=[r.applicable_max for r in rows],
            class_label=[r.class_label for r in rows],
            points=[[r.parts[k].points for r in rows] for k in range(n_columns)],
            maxima=[[r.parts[k].max for r in rows] for k in range(n_columns)],
            group=[r.group for r in rows], conversions=[r.conversions for r in rows])


def exclusion_of(card: Scorecard) -> Exclusion | None:
    """Why this unit is left out of the ranking, or None when it is ranked."""
    if card.excluded is None and card.total is not None:
        return None
    reason = card.excluded or "incomplete"
    msg = EXCLUSION_REASONS[reason]
    if card.exclusion_detail:
        msg += f": {card.exclusion_detail}"
    return Exclusion(card.unit, reason, msg, card.total)


def _name_key(unit: Unit) -> tuple[str, str]:
    return (nfc(unit.name).casefold(), unit.id)


def rank(
    scorecards: Iterable[Scorecard],
    rubric: Rubric,
    *,
    previous: Results | Baselines | None = None,
    tie_break: Sequence[str] = (),
) -> Results:
    """Rank scorecards of one rubric. See the module docstring for the rule.

    ``previous``: last year's results (each unit compared with itself, by id),
    or the :class:`~dtikit.lineage.Baselines` of a lineage."""
    from .fast.rank import rank_fast  # the same rule, read from a scored cohort's columns
    from .lineage import baselines_of

    base = baselines_of(previous, rubric)
    fast = rank_fast(scorecards, rubric, previous=base, tie_break=tie_break)
    if fast is not None:
        return fast
    cards = list(scorecards)
    for c in cards:
        if c.rubric_id != rubric.id:
            raise ValueError(f"scorecard of {c.unit.name} is for {c.rubric_id}, not {rubric.id}")
    mains = rubric.main_indices
    columns = tuple((n.code, n.name, n.max) for n in mains)
    excluded = []
    ranked: list[Scorecard] = []
    for c in cards:
        exclusion = exclusion_of(c)
        if exclusion is not None:
            excluded.append(exclusion)
        else:
            ranked.append(c)

    def group_of(c: Scorecard) -> str | None:
        return c.unit.parent if rubric.workflow.ranking_scope == "parent" else None

    def key(c: Scorecard) -> tuple[Decimal, ...]:
        assert c.total is not None
        keys = [c.total]
        for code in tie_break:
            pts = c.nodes[code].final_points
            keys.append(pts if pts is not None else ZERO)
        return tuple(keys)

    places = rubric.rounding.places
    rows: list[ResultRow] = []
    groups = sorted({group_of(c) or "" for c in ranked})
    for g in groups:
        members = [c for c in ranked if (group_of(c) or "") == g]
        members.sort(key=lambda c: _name_key(c.unit))
        members.sort(key=key, reverse=True)  # stable: name order within ties
        last_key: tuple[Decimal, ...] | None = None
        current = 0
        for position, c in enumerate(members, start=1):
            k = key(c)
            if k != last_key:
                current, last_key = position, k
            assert c.total is not None
            parts = tuple(Part(n.code, c.nodes[n.code].final_points,
                               c.nodes[n.code].applicable_max) for n in mains)
            rows.append(ResultRow(
                rank=current,
                unit=c.unit,
                total=c.total,
                applicable_max=c.applicable_max,
                percent=quantize(c.percent or ZERO, places),
                class_label=c.class_label,
                parts=parts,
                group=g or None,
                conversions=tuple((cv.key, cv.apply(c.total)) for cv in rubric.conversions),
                delta=None if base is None else base.delta(c.unit, c.total, current, parts,
                                                           c.applicable_max),
                no_trend=None if base is None else base.reason(c.unit),
            ))
    excluded.sort(key=lambda e: _name_key(e.unit))
    return Results(
        rubric_id=rubric.id,
        columns=columns,
        rows=tuple(rows),
        excluded=tuple(excluded),
        conversions=tuple((cv.key, cv.label) for cv in rubric.conversions),
        sample=any(c.sample for c in cards),
    )

