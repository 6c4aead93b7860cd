"""Published results tables: read as data, recomputed, every disagreement reported.

A province (or the Ministry) publishes rank | unit | one column per main index
| total | class, sometimes with the group (district) the units are ranked
within, the unit's applicable maximum, or the values as percentages or ratios
(seed 004). :func:`check_table` recomputes each total from its parts, the
ranks from the totals — with :func:`dtikit.ranking.competition_ranks`, the one
ranking rule of :func:`dtikit.rank`, per group when the rubric ranks per
parent — and the classes with :meth:`dtikit.Classification.classify` on the
unit's applicable maximum, and lists every place where the published figures
differ.

The tolerance model. Every published number was rounded half-up to its
column's precision (``places``: stated, or the most decimals a value of the
column shows): a value ``v`` published at ``d`` places stands for a true value
in ``[v − h, v + h)``, ``h = 0,5 × 10⁻ᵈ``, times the column's scale (1 for
points; the index's maximum / 100 for percent; the maximum for a ratio). A
published total T and its recomputed sum S are consistent when
``|T − S| < Σ hᵢ·scaleᵢ + h_T·scale_T`` — every part's rounding **and** the
total's own. A difference within that bound is reported with severity
``rounding`` and the bound in its message; a larger one is an ``error``.
Ranks and classes are judged on the same intervals: a published rank or
class that the exact values could give within rounding is ``rounding``, any
other an ``error``. Nothing is silently accepted. (A rubric whose main indices
do not hold every scored leaf has totals that are not the sum of its columns:
there the totals are not recomputed, only ranks and classes are checked.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs

from .model import Rubric, name_key, nfc, to_tuple
from .numbers import HUNDRED, ZERO, decimals_shown, format_vi, quantize

TOTAL = "total"
"""The key of the total column in :attr:`PublishedTable.scales`."""


@attrs.frozen
class ColumnScale:
    """How one published number column is written: its ``unit`` (for a main
    index ``points``, ``percent`` or ``ratio``; for the total ``points``,
    ``percent`` or ``index``) and its precision ``places`` (None: the most
    decimals any value of the column shows)."""

    unit: str = "points"
    places: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.unit not in ("points", "percent", "ratio", "index"):
            raise ValueError(f"unit {self.unit!r} is not points, percent, ratio or index")
        if self.places is not None and not 0 <= self.places <= 12:
            raise ValueError(f"places {self.places} outside 0..12")


@attrs.frozen
class PublishedRow:
    """One row of a published table, its numbers as published (in their column's unit)."""

    unit: str = attrs.field(converter=nfc)
    parts: Mapping[str, Decimal | None] = attrs.field(factory=dict, hash=False)
    total: Decimal | None = None
    rank: int | None = None
    class_label: str | None = None
    where: str = ""  # "line 5", "Sheet1!A7"
    group: str | None = None  # the group ranked within (e.g. the district), if published
    applicable_max: Decimal | None = None  # the unit's applicable maximum, if published


@attrs.frozen
class PublishedTable:
    """A published table. ``scales`` says how each number column is written
    (keys: main-index codes and ``"total"``; a column not named is points at
    the precision its values show); ``decimal`` how its text numbers were read
    (``vi``, ``en``, ``plain``; None when they were number cells or data)."""

    rows: tuple[PublishedRow, ...] = attrs.field(converter=to_tuple)
    rubric_id: str | None = None
    source: str | None = None  # the file or decision it was read from
    scales: Mapping[str, ColumnScale] = attrs.field(factory=dict, hash=False)
    decimal: str | None = None


@attrs.frozen
class Disagreement:
    unit: str
    field: str  # "total", "rank", "class", "unit", or "part <code>"
    published: str  # as shown to a reader: the published precision, decimal comma
    recomputed: str
    severity: Literal["error", "rounding"]
    message: str
    where: str = ""
    group: str | None = None
    published_value: Decimal | None = None  # the numbers themselves, when numbers
    recomputed_value: Decimal | None = None
    bound: Decimal | None = None  # the rounding bound the difference was judged against

    def __str__(self) -> str:
        at = f"{self.where}: " if self.where else ""
        return f"{at}{self.unit}: {self.message}"


@attrs.frozen
class CheckedRow:
    """A row as recomputed: the sum of its parts in points (None when a part is
    missing), its rank and class from the rubric's rules."""

    unit: str
    total: Decimal | None
    rank: int | None
    class_label: str | None
    group: str | None = None


@attrs.frozen
class TableCheck:
    rubric_id: str
    rows: tuple[CheckedRow, ...]
    disagreements: tuple[Disagreement, ...]
    decimal: str | None = None  # how the table's text numbers were read

    @property
    def errors(self) -> tuple[Disagreement, ...]:
        return tuple(d for d in self.disagreements if d.severity == "error")

    @property
    def agrees(self) -> bool:
        return not self.errors


def same_label(a: str | None, b: str | None) -> bool:
    """Whether a published class label is the computed one, matched as names are
    (:func:`~dtikit.model.name_key`)."""
    return name_key(a or "") == name_key(b or "")


def _half(places: int) -> Decimal:
    return Decimal(5).scaleb(-(places + 1))


def shown(value: Decimal) -> str:
    """A published value as written (its own decimals), with a decimal comma."""
    return format_vi(value, decimals_shown(value), trim=False)


def _exact(value: Decimal) -> str:
    """A recomputed value: every decimal it has (at most 6), trailing zeros trimmed."""
    return format_vi(value, min(decimals_shown(value.normalize()), 6) if value else 0)


def plain_decimal(value: Decimal) -> str:
    """A Decimal for JSON: dot decimals, as written."""
    return f"{value:f}"


@attrs.frozen
class CheckedColumn:
    """A published number column as checked: unit, precision, points per unit, highest value."""

    unit: str
    places: int
    factor: Decimal  # points per published unit
    limit: Decimal  # the highest value the column may show


def table_columns(rubric: Rubric, table: PublishedTable) -> dict[str, CheckedColumn]:
    """Each main index's column and the total's: unit, precision, scale.

    A precision not stated is read from the table: the most decimals any value
    shows among the columns written in the same unit (a table prints its
    points with one number format, trailing zeros often dropped: ``60``,
    ``645,7``, ``91,27`` are a 2-place table)."""
    units: dict[str, str] = {}
    shown_places: dict[str, int] = {}
    for node in rubric.main_indices:
        units[node.code] = table.scales.get(node.code, ColumnScale()).unit
        shown_places[node.code] = max((decimals_shown(v) for r in table.rows
                                       if (v := r.parts.get(node.code)) is not None), default=0)
    total_unit = table.scales.get(TOTAL, ColumnScale()).unit
    units[TOTAL] = {"percent": "percent", "index": "index", "ratio": "index"}.get(
        total_unit, "points")
    shown_places[TOTAL] = max((decimals_shown(r.total) for r in table.rows
                               if r.total is not None), default=0)
    by_unit: dict[str, int] = {}
    for key, unit in units.items():
        by_unit[unit] = max(by_unit.get(unit, 0), shown_places[key])

    def places(key: str) -> int:
        stated = table.scales.get(key, ColumnScale()).places
        return stated if stated is not None else by_unit[units[key]]

    out: dict[str, CheckedColumn] = {}
    for node in rubric.main_indices:
        unit = units[node.code]
        if unit == "percent":
            out[node.code] = CheckedColumn(unit, places(node.code), node.max / HUNDRED, HUNDRED)
        elif unit == "ratio":
            out[node.code] = CheckedColumn(unit, places(node.code), node.max, Decimal(1))
        else:
            out[node.code] = CheckedColumn("points", places(node.code), Decimal(1), node.max)
    out[TOTAL] = CheckedColumn(units[TOTAL], places(TOTAL), Decimal(1), rubric.scale)
    return out


def _not_applicable_allowed(rubric: Rubric, code: str) -> bool:
    """Whether a blank main index can mean *Không áp dụng* under the rubric: a
    variant removes it (or a node above or below it), or a node of it may be
    not applicable."""
    node = rubric.get(code)
    # a variant listing the node, a node above it or one below removes some of it
    if any({n.code for n in node.walk()} & rubric.removed_by(v) for v in rubric.variants):
        return True
    return any(rubric.na_policy(n.code) != "forbid" for n in node.walk())


@attrs.frozen
class _Row:
    """A row's total in points, the interval its true value lies in, and its base."""

    value: Decimal | None  # the total in points a rank and class are judged on
    low: Decimal
    high: Decimal  # the true value is in [low, high), or equals value when low == high
    base: Decimal  # the applicable maximum
    parts: Mapping[str, Decimal]  # main index points, for tie-break keys
    group: str | None


def check_table(rubric: Rubric, table: PublishedTable, *,
                tie_break: Sequence[str] = ()) -> TableCheck:
    """Recompute a published table against ``rubric`` and report every disagreement.

    ``tie_break`` names main indices that split equal totals, as for
    :func:`dtikit.rank`. See the module docstring for the tolerance model."""
    from .ranking import competition_ranks, name_order

    mains = rubric.main_indices
    codes = {n.code for n in mains}
    cols = table_columns(rubric, table)
    per_parent = rubric.workflow.ranking_scope == "parent"
    present = {code for r in table.rows for code, v in r.parts.items()}
    has_class = any(r.class_label is not None for r in table.rows)
    out: list[Disagreement] = []
    # the total is the sum of the main indices only when they hold every leaf
    under = {leaf.code for n in mains for leaf in n.leaves()}
    adds_up = all(leaf.code in under for leaf in rubric.leaves())
    # under "redistribute", a main index may receive a not-applicable sibling's maximum
    shares = any(rubric.na_policy(n.code) == "redistribute" for n in rubric.walk())

    def report(row: PublishedRow, field: str, pub: str, rec: str, message: str,
               severity: Literal["error", "rounding"] = "error", **numbers: Decimal | None
               ) -> None:
        out.append(Disagreement(row.unit, field, pub, rec, severity, message, row.where,
                                row.group, **numbers))

    judged: list[_Row] = []
    sums: list[Decimal | None] = []
    seen: set[tuple[str, str]] = set()
    for row in table.rows:
        group = row.group if per_parent else None
        key = (name_key(group or ""), name_key(row.unit))  # units match as everywhere
        if key in seen:
            report(row, "unit", row.unit, "", "đơn vị xuất hiện hai lần trong bảng")
        seen.add(key)
        for code in sorted(set(row.parts) - codes):
            value = row.parts[code]
            report(row, f"part {code}", "" if value is None else shown(value), "",
                   f"cột {code} không có trong bộ chỉ số {rubric.id}")
        total: Decimal | None = ZERO
        bound = ZERO
        points: dict[str, Decimal] = {}
        for node in mains:
            value = row.parts.get(node.code)
            col = cols[node.code]
            if value is None:
                if node.max == 0 and node.code not in present:
                    continue  # a 0-weight index the table leaves out
                if node.code in row.parts and _not_applicable_allowed(rubric, node.code):
                    continue  # blank: Không áp dụng
                report(row, f"part {node.code}", "", "", f"thiếu điểm chỉ số {node.code}")
                total = None
                continue
            limit = col.limit
            if shares and col.factor:  # a share of a sibling's maximum may be added to it
                limit = max(limit, (row.applicable_max or rubric.scale) / col.factor)
            if value < 0 or value > quantize(limit, col.places):  # beyond its rounding
                report(row, f"part {node.code}", shown(value), _exact(limit),
                       f"chỉ số {node.code}: {shown(value)}{_sign(col.unit)} ngoài "
                       f"[0, {_exact(limit)}{_sign(col.unit)}]",
                       published_value=value, recomputed_value=limit)
            points[node.code] = value * col.factor
            bound += _half(col.places) * col.factor
            if total is not None:
                total += value * col.factor
        sums.append(total)
        base = row.applicable_max if row.applicable_max is not None else rubric.scale
        tcol = cols[TOTAL]
        factor = {"percent": base / HUNDRED, "index": base}.get(tcol.unit, Decimal(1))
        if row.total is None:
            report(row, "total", "", "" if total is None else _exact(total),
                   "thiếu tổng điểm", recomputed_value=total)
            judged.append(_Row(total, total - bound, total + bound, base, points, group)
                          if total is not None else _Row(None, ZERO, ZERO, base, points, group))
            continue
        t_points = row.total * factor
        t_half = _half(tcol.places) * factor
        if tcol.unit == "points" and tcol.places >= rubric.rounding.places:
            # a total has the rubric's places at most: only one value rounds to this one
            exact = quantize(t_points, rubric.rounding.places)
            judged.append(_Row(exact, exact, exact, base, points, group))
        else:
            judged.append(_Row(t_points, t_points - t_half, t_points + t_half, base, points,
                               group))
        if total is not None and t_points != total and adds_up:
            diff = abs(t_points - total)
            limit = bound + t_half
            rec = total / factor
            within = diff < limit
            unit = _sign(tcol.unit)
            in_unit = "" if tcol.unit == "points" else f" (= {_exact(rec)}{unit})"
            verdict = (f"trong phạm vi làm tròn: dưới {_exact(limit)} điểm" if within
                       else f"vượt sai số làm tròn cho phép: phải dưới {_exact(limit)} điểm")
            report(row, "total", shown(row.total) + unit, _exact(rec) + unit,
                   f"tổng công bố {shown(row.total)}{unit} ≠ tổng các chỉ số "
                   f"{_exact(total)} điểm{in_unit} (lệch {_exact(diff)} điểm; {verdict})",
                   "rounding" if within else "error",
                   published_value=row.total, recomputed_value=rec, bound=limit)

    # ranks: the one competition-ranking rule, within each group
    entries = [i for i, j in enumerate(judged) if j.value is not None]

    def key_of(i: int) -> tuple[Decimal, ...]:
        j = judged[i]
        assert j.value is not None
        return (j.value, *(j.parts.get(code, ZERO) for code in tie_break))

    placed = competition_ranks([key_of(i) for i in entries],
                               [name_order(table.rows[i].unit) for i in entries],
                               [judged[i].group for i in entries])
    ranks: dict[int, int] = {entries[p.item]: p.rank for p in placed}
    rows: list[CheckedRow] = []
    for i, row in enumerate(table.rows):
        j = judged[i]
        rnk = ranks.get(i)
        if row.rank is not None and rnk is not None and row.rank != rnk:
            lo, hi = _rank_range(judged, i, bool(tie_break))
            if lo <= row.rank <= hi:
                report(row, "rank", str(row.rank), str(rnk),
                       f"hạng công bố {row.rank}, tính lại {rnk} (trong phạm vi làm tròn "
                       f"của tổng điểm: hạng từ {lo} đến {hi})", "rounding")
            else:
                report(row, "rank", str(row.rank), str(rnk),
                       f"hạng công bố {row.rank}, tính lại {rnk}")
        label = None
        cls = rubric.classification
        if cls is not None and j.value is not None:
            label = cls.classify(j.value, j.base)
            if has_class and not same_label(row.class_label, label):
                pub = row.class_label or ""
                if row.class_label and any(same_label(row.class_label, other)
                                           for other in _labels_within(rubric, j)):
                    report(row, "class", pub, label or "",
                           f"xếp loại công bố “{pub}”, tính lại “{label or ''}” (trong phạm vi "
                           "làm tròn của tổng điểm)", "rounding")
                else:
                    report(row, "class", pub, label or "",
                           f"xếp loại công bố “{pub}”, tính lại “{label or ''}”")
        rows.append(CheckedRow(row.unit, sums[i], rnk, label, j.group))
    return TableCheck(rubric.id, tuple(rows), tuple(out), table.decimal)


def _sign(unit: str) -> str:
    return "%" if unit == "percent" else ""


def _rank_range(judged: Sequence[_Row], i: int, ties_split: bool) -> tuple[int, int]:
    """The best and worst competition rank row i can have, its total and the others'
    anywhere within their rounding intervals (in its group)."""
    me = judged[i]
    exact = me.low == me.high
    ahead_surely = ahead_maybe = 0
    for k, other in enumerate(judged):
        if k == i or other.value is None or other.group != me.group:
            continue
        assert me.value is not None
        if (other.low >= me.high) if not exact else (other.low > me.value):
            ahead_surely += 1
        top = other.high if other.low != other.high else other.value
        if top > me.low or (ties_split and top >= me.low):
            ahead_maybe += 1
    return 1 + ahead_surely, 1 + ahead_maybe


def _labels_within(rubric: Rubric, row: _Row) -> set[str | None]:
    """Every class a total anywhere in the row's rounding interval would get."""
    cls = rubric.classification
    assert cls is not None and row.value is not None
    if row.low == row.high:
        return {cls.classify(row.value, row.base)}
    tiny = Decimal(1).scaleb(-12)
    points = [row.low, row.value, row.high - tiny]
    for band in cls.bands:
        for b in (band.lower, band.upper):
            if b is None:
                continue
            p = b if cls.basis == "points" else b * row.base / HUNDRED
            points += [p - tiny, p, p + tiny]
    return {cls.classify(p, row.base) for p in points if row.low <= p < row.high}


def check_data(check: TableCheck) -> dict[str, Any]:
    """The check as plain data for JSON: numbers with dot decimals, as published."""
    from .convert import to_data

    data: dict[str, Any] = to_data(check)
    for d, item in zip(check.disagreements, data["disagreements"]):
        for key in ("published", "recomputed"):
            value = getattr(d, f"{key}_value")
            if value is not None:
                item[key] = plain_decimal(value)
    data["agrees"] = check.agrees
    return data


def __getattr__(name: str) -> Any:
    """``read_delimited``, whose home is now :mod:`dtikit.formats.tables`
    (adapters import it from :mod:`dtikit.plugin`): still importable from
    here, with a :class:`DeprecationWarning`."""
    if name == "read_delimited":
        import importlib
        import warnings

        warnings.warn("dtikit.published.read_delimited has moved: import it from dtikit.plugin "
                      "(or dtikit.formats.tables)", DeprecationWarning, stacklevel=2)
        return importlib.import_module("dtikit.formats.tables").read_delimited
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
