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

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol, TypeVar, overload

import attrs

from ..assessment import Unit
from ..model import Rubric, nfc
from ..numbers import ZERO, quantize
from ..scoring import EXCLUSION_REASONS, Scorecard

if TYPE_CHECKING:
    from .baselines import Baselines


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


class RankedRows(Sequence[ResultRow]):
    """The rows of a ranking, as :attr:`Results.rows` holds them: a sequence
    equal to the tuple of its rows (``rows + ()`` and ``() + rows`` give that
    tuple), and :meth:`columns`, every row's values by column. A ranking of a
    scored cohort (:mod:`dtikit.engine`) builds each row when first read;
    :class:`RowTuple` holds rows already built."""

    __slots__ = ()

    def columns(self, n_columns: int) -> RowColumns:
        """The rows by column (the same values as the rows)."""
        return RowColumns.of_rows(self, n_columns)

    def __add__(self, other: Sequence[ResultRow]) -> tuple[ResultRow, ...]:
        if isinstance(other, (tuple, RankedRows)):
            return (*self, *other)
        return NotImplemented

    def __radd__(self, other: Sequence[ResultRow]) -> tuple[ResultRow, ...]:
        if isinstance(other, (tuple, RankedRows)):
            return (*other, *self)
        return NotImplemented


class RowTuple(RankedRows):
    """Rows already built, held as a tuple (equal to it, hashed and pickled as it)."""

    __slots__ = ("_rows",)

    def __init__(self, rows: Iterable[ResultRow] = ()) -> None:
        self._rows = tuple(rows)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, k: int) -> ResultRow: ...

    @overload
    def __getitem__(self, k: slice) -> tuple[ResultRow, ...]: ...

    def __getitem__(self, k: int | slice) -> ResultRow | tuple[ResultRow, ...]:
        return self._rows[k]

    def __iter__(self) -> Iterator[ResultRow]:
        return iter(self._rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RowTuple):
            return self._rows == other._rows
        if isinstance(other, (tuple, RankedRows)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._rows)

    def __reduce__(self) -> tuple[Any, ...]:
        return (RowTuple, (self._rows,))

    def __repr__(self) -> str:
        return repr(self._rows)


def _as_rows(rows: Iterable[ResultRow]) -> RankedRows:
    return rows if isinstance(rows, RankedRows) else RowTuple(rows)


@attrs.frozen
class InputCount:
    """One input file: units (rows, sheets) read = accepted + rejected."""

    source: str
    read: int
    accepted: int
    rejected: int


@attrs.frozen
class Results:
    """The cohort's ranking: what a province publishes, and what it left out.

    ``rows`` is a :class:`RankedRows` (any iterable of rows given is kept as a
    :class:`RowTuple`): a sequence equal to the tuple of its rows."""

    rubric_id: str
    columns: tuple[tuple[str, str, Decimal], ...]  # (code, name, max) of the main indices
    rows: RankedRows = attrs.field(converter=_as_rows)
    excluded: tuple[Exclusion, ...] = ()
    conversions: tuple[tuple[str, str], ...] = ()  # (key, label)
    sample: bool = False
    inputs: tuple[InputCount, ...] = ()  # per input file, when read from files

    def row_columns(self) -> RowColumns:
        """The rows by column (the same values as ``rows``)."""
        return self.rows.columns(len(self.columns))

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
    percent: Sequence[Decimal]
    delta: Sequence[Delta | None]  # all None without last year's baselines
    no_trend: Sequence[str | None]

    @classmethod
    def of_rows(cls, rows: Sequence[ResultRow], n_columns: int) -> RowColumns:
        return cls(
            rank=[r.rank for r in rows], unit=[r.unit for r in rows],
            total=[r.total for r in rows], applicable_max=[r.applicable_max for r in rows],
            class_label=[r.class_label for r in rows],
            points=[[r.parts[k].points for r in rows] for k in range(n_columns)],
            maxima=[[r.parts[k].max for r in rows] for k in range(n_columns)],
            group=[r.group for r in rows], conversions=[r.conversions for r in rows],
            percent=[r.percent for r in rows], delta=[r.delta for r in rows],
            no_trend=[r.no_trend for r in rows])


def exclusion_of(card: Scorecard) -> Exclusion | None:
    """Why this unit is left out of the ranking, or None when it is ranked."""
    if card.excluded is None and card.total is not None:
        return None
    reason = card.excluded or "incomplete"
    msg = EXCLUSION_REASONS[reason]
    if card.exclusion_detail:
        msg += f": {card.exclusion_detail}"
    return Exclusion(card.unit, reason, msg, card.total)


def name_order(name: str, tie: str = "") -> tuple[str, str]:
    """The order of units within a shared rank: by name (NFC, case-folded), then ``tie``
    (the unit's id), never by input order."""
    return (nfc(name).casefold(), tie)


def _name_order(unit: Unit) -> tuple[str, str]:
    return name_order(unit.name, unit.id)


class _Ordered(Protocol):
    def __lt__(self, other: Any, /) -> bool: ...


K = TypeVar("K", bound=_Ordered)


class Placed(NamedTuple):
    """One entry's place in a competition ranking: ``item``, its index in what was
    ranked; its ``rank`` within its ``group`` (None when the whole cohort is one group)."""

    item: int
    rank: int
    group: str | None


def competition_ranks(
    keys: Sequence[K],
    names: Sequence[tuple[str, str]],
    groups: Sequence[str | None] | None = None,
) -> list[Placed]:
    """THE competition-ranking rule of dtikit, for :func:`rank` and :func:`dtikit.check_table`.

    ``keys[i]`` is entry i's ranking key (its exact total, then the tie-break
    values, as a tuple: highest first); ``names[i]`` its display order within a
    tie (:func:`name_order`); ``groups[i]`` the group it is ranked within (the
    parent unit when the rubric ranks per parent; None or "" for one cohort).
    Groups come in name order (the unnamed group first); within a group, equal
    keys share a rank and the next rank skips (1, 2, 2, 4); entries of a shared
    rank are listed by name. Returns every entry once, in table order.
    """
    by_group: dict[str, list[int]] = {}
    for i in range(len(keys)):
        by_group.setdefault((groups[i] if groups is not None else None) or "", []).append(i)
    out: list[Placed] = []
    for g in sorted(by_group):
        members = sorted(by_group[g], key=names.__getitem__)
        members.sort(key=keys.__getitem__, reverse=True)  # stable: name order within ties
        last: K | None = None
        current = 0
        group = g or None
        for position, i in enumerate(members, start=1):
            k = keys[i]
            if last is None or k != last:
                current, last = position, k
            out.append(Placed(i, current, group))
    return out


def row_percent(card: Scorecard, rubric: Rubric) -> Decimal:
    """A ranked unit's published percent of its applicable maximum, at the rubric's places."""
    return quantize(card.percent or ZERO, rubric.rounding.places)


def result_row(card: Scorecard, rubric: Rubric, rank: int, group: str | None,
               parts: tuple[Part, ...], base: Baselines | None) -> ResultRow:
    """One published row of a ranked unit (``base``: last year's baselines, see
    :mod:`dtikit.ranking.baselines`, the one home of the change against last year)."""
    total = card.total
    assert total is not None
    return ResultRow(
        rank=rank, unit=card.unit, total=total, applicable_max=card.applicable_max,
        percent=row_percent(card, rubric),
        class_label=card.class_label, parts=parts, group=group,
        conversions=tuple((cv.key, cv.apply(total)) for cv in rubric.conversions),
        delta=None if base is None else base.delta(card.unit, total, rank, parts,
                                                   card.applicable_max),
        no_trend=None if base is None else base.reason(card.unit))


def rank(
    scorecards: Iterable[Scorecard],
    rubric: Rubric,
    *,
    previous: Results | Baselines | None = None,
    tie_break: Sequence[str] = (),
) -> Results:
    """Rank scorecards of one rubric. See the module docstring for the rule.

    ``previous``: last year's results (each unit compared with itself, by id),
    or the :class:`~dtikit.lineage.Baselines` of a lineage.

    The order is :func:`competition_ranks`'. A scored cohort
    (:class:`dtikit.engine.core.ScoredCohort`) gives its keys as exact fixed-point
    integers read from its columns, and its rows are built when read; any other
    scorecards give Decimal keys read from their nodes. Both are the same
    ranking (a property test checks it)."""
    from ..engine.plan import gc_paused
    from .baselines import baselines_of

    with gc_paused():  # many small objects, no cycles: the collector would only rescan
        return _rank(scorecards, rubric, baselines_of(previous, rubric), tie_break)


def _rank(scorecards: Iterable[Scorecard], rubric: Rubric, base: Baselines | None,
          tie_break: Sequence[str]) -> Results:
    from .rows import LazyRows, cohort_keys

    cards: Sequence[Scorecard] = scorecards if isinstance(scorecards, Sequence) \
        else list(scorecards)
    columnar = cohort_keys(cards, rubric, tie_break)
    if columnar is None:
        for c in cards:
            if c.rubric_id != rubric.id:
                raise ValueError(f"scorecard of {c.unit.name} is for {c.rubric_id}, "
                                 f"not {rubric.id}")
    mains = rubric.main_indices
    excluded: list[Exclusion] = []
    ranked: list[int] = []
    for i, c in enumerate(cards):
        exclusion = exclusion_of(c)
        if exclusion is not None:
            excluded.append(exclusion)
        else:
            ranked.append(i)

    def key(c: Scorecard) -> tuple[Decimal, ...]:
        assert c.total is not None
        keys = [c.total]
        for code in tie_break:
            pts = c.nodes[code].final_points
            keys.append(pts if pts is not None else ZERO)
        return tuple(keys)

    per_parent = rubric.workflow.ranking_scope == "parent"
    keys: list[tuple[Any, ...]] = ([columnar[i] for i in ranked] if columnar is not None
                                   else [key(cards[i]) for i in ranked])
    placed = competition_ranks(keys, [_name_order(cards[i].unit) for i in ranked],
                               [cards[i].unit.parent if per_parent else None for i in ranked])
    order = [ranked[p.item] for p in placed]
    rows: RankedRows
    if columnar is not None:
        rows = LazyRows(cards, rubric, order, [p.rank for p in placed],
                        [p.group for p in placed], base)
    else:
        rows = RowTuple(
            result_row(cards[i], rubric, p.rank, p.group,
                       tuple(Part(n.code, cards[i].nodes[n.code].final_points,
                                  cards[i].nodes[n.code].applicable_max) for n in mains), base)
            for i, p in zip(order, placed))
    excluded.sort(key=lambda e: _name_order(e.unit))
    return Results(
        rubric_id=rubric.id,
        columns=tuple((n.code, n.name, n.max) for n in mains),
        rows=rows,
        excluded=tuple(excluded),
        conversions=tuple((cv.key, cv.label) for cv in rubric.conversions),
        sample=any(c.sample for c in cards),
    )


def _structure_rows(value: Any, _: Any) -> RankedRows:
    from ..convert import converter

    return RowTuple(converter.structure(value, tuple[ResultRow, ...]))


def _register_rows() -> None:
    from ..convert import converter

    converter.register_structure_hook(RankedRows, _structure_rows)
    converter.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, RankedRows),
        lambda rows: [converter.unstructure(r, ResultRow) for r in rows])


_register_rows()
