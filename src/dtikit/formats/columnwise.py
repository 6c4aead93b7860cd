"""Reading a province-wide collection workbook (one row per unit) column-wise.

The same result as :func:`dtikit.formats.xlsx_read.read_assessments` on a
collection workbook — the same assessments, to the last Decimal — at close to
the cost of reading the cells at all: each leaf's cells are taken as a column,
every *distinct* content is read once by the formats' own cell reader (so
"Có", "91,27", "Không áp dụng" mean what they mean there), and the units
share the resulting :class:`~dtikit.Answer` objects; a ratio's counts are two
columns of numbers. The import returns a :class:`~dtikit.engine.columns.Cohort`,
which builds a unit's Assessment only when it is read and hands
:func:`dtikit.score` the columns themselves.

``read_assessments`` takes this path for a calamine-read workbook of one
collection sheet. Anything unusual — a problem in any cell, a form sheet,
percent-formatted cells, two sheets, a repeated unit — and the whole file is
read cell by cell instead, which locates every problem at its cell.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from itertools import chain, count
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from ..assessment import Answer, NotApplicable, Number, Unit
from ..engine.columns import (
    Cohort,
    Columns,
    Encoded,
    LeafColumn,
    RatioPairs,
    RowOrigin,
    fast_answer,
    fast_number,
)
from ..engine.plan import gc_paused
from ..errors import Problem
from ..methods import MethodRegistry
from ..model import Rubric
from .base import ImportReport
from .cells import (
    CellError,
    Grid,
    LoadedBook,
    RowView,
    col_letter,
    is_blank,
    to_date,
    to_number,
)
from .records import Fields, LeafCells, read_unit, self_answer
from .safety import DEFAULT_LIMITS, Limits
from .spec import YES
from .values import Located, parse_flag, plainly_valid

if TYPE_CHECKING:  # imported where used: collection.py reads through this module
    from .collection import CollectionPlan
    from .records import Context


class _Fallback(Exception):
    """Read this file with the formats reader."""


def read_collection(rubric: Rubric, path: str | Path, *, strict: bool = False,
                    methods: MethodRegistry | None = None,
                    limits: Limits = DEFAULT_LIMITS) -> ImportReport:
    """Read a collection workbook into an import report: the same as
    :func:`dtikit.formats.xlsx_read.read_assessments`, which reads a clean
    collection sheet column-wise (:func:`read_book`) and anything else, or any
    problem, cell by cell."""
    from .xlsx_read import read_assessments

    return read_assessments(rubric, path, strict=strict, methods=methods, limits=limits)


def read_book(rubric: Rubric, path: Path, book: LoadedBook,
              methods: MethodRegistry | None = None) -> ImportReport | None:
    """The import report of a workbook already loaded (calamine), read
    column-wise; ``None`` when the formats reader must read it cell by cell
    (anything but one clean collection sheet: see the module docstring)."""
    try:
        with gc_paused():
            return _read(rubric, path, book, methods)
    except _Fallback:
        return None


_Enc = tuple[list[Any], "np.ndarray[Any, np.dtype[np.int32]]"]
_ZERO_ONE = frozenset((0, 1))  # equal to False, True, 0.0 and 1.0 as keys


def _encode(col: Sequence[Any]) -> _Enc:
    """Distinct cell values, and each row's index among them. A boolean cell
    and a number 1 or 0 would share a key (True == 1.0): such a column is read
    cell by cell."""
    index: dict[Any, int] = {}
    codes = [index.setdefault(v, len(index)) for v in col]
    distinct = list(index)
    _check_kinds(distinct, col)
    return distinct, np.array(codes, dtype=np.int32)


def _check_kinds(distinct: Sequence[Any], cells: Sequence[Any]) -> None:
    """Raise :class:`_Fallback` when a column's cells mix booleans and numbers
    where a key 0 or 1 could stand for both (``cells``: any values with every
    type of the column's cells)."""
    if not _ZERO_ONE.isdisjoint(distinct):  # a bool could hide behind an equal number
        kinds = set(map(type, cells))
        if bool in kinds and (int in kinds or float in kinds):
            raise _Fallback


_BIG = 10**15  # integers from here on: the float's text (15 digits) is not the int's


class _RowsEncoded:
    """Every column of the rows dictionary-encoded at once: one dictionary of
    the sheet's distinct cells, filled in row order (the order calamine laid
    the cells out in memory, about 3× faster than column by column), then each
    column's distinct codes by NumPy. :meth:`encoded` is :func:`_encode` of
    the column (tests/test_fast_import.py holds them equal).

    Where one key stands for values a reader tells apart — ``True``, ``1`` and
    ``1.0``; ``0.0`` and ``-0.0``; an int and a float of 15 digits or more —
    and the sheet holds more than one of them, every column with such a cell
    is encoded alone by :func:`_encode`."""

    def __init__(self, rows: Sequence[Sequence[Any]], width: int) -> None:
        index: defaultdict[Any, int] = defaultdict(count().__next__)
        flat = list(chain.from_iterable(rows))
        codes = np.fromiter(map(index.__getitem__, flat), dtype=np.int32, count=len(flat))
        self.keys = list(index)
        self.rows, self.width = rows, width
        self.codes = codes.reshape(len(rows), width) if width else codes.reshape(len(rows), 0)
        self.memo: dict[int, _Enc] = {}
        self.alone: set[int] = set()
        self._first: np.ndarray[Any, np.dtype[np.int32]] | None = None
        self._rank: np.ndarray[Any, np.dtype[np.int32]] | None = None
        suspects = [k for k, key in enumerate(self.keys)
                    if type(key) in (bool, int, float)
                    and (key in _ZERO_ONE or (key == key and abs(key) >= _BIG))]
        if suspects:
            at = np.flatnonzero(np.isin(codes, suspects))
            by = codes[at]
            for k in suspects:
                where = at[by == k].tolist()
                if not _uniform(list(map(flat.__getitem__, where))):
                    self.alone.update(i % width for i in where)

    def encoded(self, c: int) -> _Enc:
        enc = self.memo.get(c)
        if enc is None:
            if c in self.alone:
                enc = _encode([r[c] for r in self.rows])
            else:
                ids, codes = self._column(self.codes[:, c])
                distinct = list(map(self.keys.__getitem__, ids.tolist()))
                _check_kinds(distinct, distinct)  # each key is its cells' one kind here
                enc = (distinct, codes)
            self.memo[c] = enc
        return enc

    def _column(self, col: np.ndarray[Any, np.dtype[np.int32]]
                ) -> tuple[np.ndarray[Any, np.dtype[np.intp]], np.ndarray[Any, np.dtype[np.int32]]]:
        """A column's keys (as first seen down it) and each row's index among them:
        the first row of each key by ``minimum.at`` over a table of every key,
        no sort of the column."""
        first, rank = self._first, self._rank
        if first is None or rank is None:
            first = self._first = np.full(len(self.keys), _NEVER, dtype=np.int32)
            rank = self._rank = np.zeros(len(self.keys), dtype=np.int32)
        np.minimum.at(first, col, np.arange(len(col), dtype=np.int32))
        used = np.flatnonzero(first != _NEVER)
        ids = used[np.argsort(first[used])]  # no two keys share a first row
        rank[ids] = np.arange(len(ids), dtype=np.int32)
        first[used] = _NEVER  # the table is clean for the next column
        return ids, rank[col]


_NEVER = np.iinfo(np.int32).max  # a key no row of the column holds


def _uniform(cells: list[Any]) -> bool:
    """One value as a reader sees it: one type, and one sign if it is a zero."""
    kinds = set(map(type, cells))
    if len(kinds) > 1:
        return False
    if kinds == {float} and cells[0] == 0:
        negative = np.signbit(np.array(cells, dtype=np.float64))
        return bool(negative.all()) or not negative.any()
    return True


def _encode_rows(rows: Sequence[Sequence[Any]], width: int) -> _RowsEncoded:
    """Every column of ``rows`` (each ``width`` cells) encoded at once."""
    return _RowsEncoded(rows, width)


def _combine(parts: Sequence[Sequence[Any]], encoded: Sequence[_Enc]) -> _Enc:
    """The distinct rows of several columns (as tuples of their cells), and each
    row's index among them, from the columns' own encodings."""
    key = encoded[0][1].astype(np.int64)
    size = len(encoded[0][0])
    for distinct, codes in encoded[1:]:
        size *= len(distinct)
        if size >= 2**62:  # a key per row that no longer fits: hash the tuples
            rows = list(zip(*parts))
            index: dict[Any, int] = {}
            out = [index.setdefault(r, len(index)) for r in rows]
            return list(index), np.array(out, dtype=np.int32)
        key = key * len(distinct) + codes
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")  # the keys as first seen down the rows
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    return [tuple(p[i] for p in parts) for i in first[order].tolist()], \
        rank[inverse.reshape(-1)]


def _read(rubric: Rubric, path: Path, book: LoadedBook,
          methods: MethodRegistry | None) -> ImportReport:
    from .collection import CollectionPlan
    from .records import Context
    from .spec import leaf_inputs
    from .xlsx_read import check_meta, collection_row, form_column

    check_meta(book, rubric, path)
    grids = [g for g in book if g.visible]
    if len(grids) != 1 or form_column(grids[0]) is not None:
        raise _Fallback
    if any(form_column(g) is not None or collection_row(g) is not None
           for g in book if not g.visible):
        raise _Fallback  # a form on a hidden sheet: the cell reader says so
    grid = grids[0]
    hrow = collection_row(grid)
    if hrow is None or grid.percent or grid.uncached:  # formulas without values: located
        raise _Fallback
    inputs = leaf_inputs(rubric, methods)
    ctx = Context(rubric, inputs, path)
    plan = CollectionPlan(ctx, grid, hrow)  # a bad key row is refused here, as the reader does

    body: list[Sequence[Any]] = list(grid.rows[hrow + 1:])
    width = max((len(r) for r in body), default=0)
    body = [r if len(r) == width else [*r, *([None] * (width - len(r)))] for r in body]
    kept = [i for i, r in enumerate(body) if not all(map(is_blank, r))]
    body = [body[i] for i in kept]
    n = len(body)
    if n == 0:
        raise _Fallback
    units, removed_by_unit = _units(ctx, plan, grid.name, body)
    raw = _encode_rows(body, width)
    floats = _Floats()

    # every leaf the formats reader reads (those with their input columns):
    # the distinct contents of its cells, each read once
    layouts = {code: lc for code in inputs if (lc := plan.leaf(ctx, code, 0)) is not None}
    leaf_codes = list(layouts)
    answer_cols: list[LeafColumn] = []
    score_cols: dict[str, LeafColumn] = {}
    letters: dict[str, str] = {}  # each leaf's first input column, for located problems
    for code, lc in layouts.items():
        inp = inputs[code]
        positions = _positions(lc)
        letters[code] = col_letter(positions[0])
        parts = [_Column(body, c) for c in positions]
        encoded = [raw.encoded(c) for c in positions]

        def slow(key: Any, code: str = code, inp: Any = inp, lc: LeafCells = lc,
                 positions: list[int] = positions) -> tuple[Answer | None, bool]:
            row: list[Any] = [None] * width
            for c, value in zip(positions, [key] if len(positions) == 1 else key):
                row[c] = value
            return _slow_answer(inp, grid.name, row, lc, code, rubric)

        needs_removed: list[int] = []  # entries a unit's variant must allow
        pairs = _ratio_pairs(inp, code, plan, parts, encoded, slow, needs_removed, floats)
        column: LeafColumn = pairs if pairs is not None else \
            _encoded(inp, code, plan, parts, encoded, slow, needs_removed, floats)
        other = column.other if isinstance(column, RatioPairs) else column
        if needs_removed:  # Không áp dụng only where the unit's variant removes the leaf
            for i in np.flatnonzero(np.isin(other.codes, needs_removed)).tolist():
                if code not in removed_by_unit[i]:
                    raise _Fallback
        answer_cols.append(column)
        score_cols[code] = column.values() if isinstance(column, RatioPairs) \
            else column.mapped(_value_of)
    del body

    columns = None
    all_leaves = [leaf.code for leaf in rubric.leaves()]
    if leaf_codes == all_leaves:
        columns = Columns(rubric.id, all_leaves, [score_cols[c] for c in all_leaves])
    cohort = Cohort(rubric.id, [u for u, _, _, _ in units], [s for _, s, _, _ in units],
                    [r is None for _, _, r, _ in units],
                    [None if r is None or r == YES else r for _, _, r, _ in units],
                    [s for _, _, _, s in units], answer_cols, columns,
                    RowOrigin(str(path), grid.name, [hrow + 2 + i for i in kept], letters))
    return ImportReport(source=str(path), assessments=cohort, rows_read=n, rows_accepted=n)


def _value_of(answer: Answer | None) -> Any:
    return None if answer is None else answer.value


def _slow_answer(inp: Any, sheet: str, row: list[Any], lc: LeafCells, code: str,
                 rubric: Rubric) -> tuple[Answer | None, bool]:
    """One distinct content of a leaf's cells, read by the formats' own cell
    reader; ``True`` beside it when it is *Không áp dụng* that only a variant
    removing the leaf allows. Anything the reader refuses: the whole file is
    read cell by cell, which locates it."""
    mini = Grid(sheet, [row])
    try:
        return self_answer(inp, mini, lc, set(), rubric), False
    except Located:  # (a ValueError)
        pass
    except (CellError, ValueError):
        raise _Fallback from None
    try:  # allowed where the unit's variant removes the leaf?
        ans = self_answer(inp, mini, lc, {code}, rubric)
    except (Located, CellError, ValueError):
        raise _Fallback from None
    if ans is None or not isinstance(ans.value, NotApplicable):
        raise _Fallback
    return ans, True


def _encoded(inp: Any, code: str, plan: Any, parts: Sequence[Sequence[Any]],
             encoded: Sequence[_Enc], slow: Any, needs_removed: list[int],
             floats: _Floats) -> Encoded:
    """A leaf's column of Answers: each distinct content of its cells read once."""
    distinct, idx = encoded[0] if len(parts) == 1 else _combine(parts, encoded)
    answers: list[Any] = []
    plain = _plain_answers(inp, code, plan, parts, distinct, floats)
    for k, key in enumerate(distinct):
        if plain is not None and plain[k] is not _SLOW:
            answers.append(plain[k])
            continue
        ans, only_removed = slow(key)
        if only_removed:
            needs_removed.append(k)
        answers.append(ans)
    return Encoded(answers, idx)


def _ratio_pairs(inp: Any, code: str, plan: Any, parts: Sequence[Sequence[Any]],
                 encoded: Sequence[_Enc], slow: Any,
                 needs_removed: list[int], floats: _Floats) -> RatioPairs | None:
    """A ratio leaf whose cells are counts a and b, as two columns: each
    distinct count read once, a unit's pair checked column-wise (``0 <= a <=
    b``, ``b > 0``, as the formats' check has it); any other content (blank
    beside a count, text, *Không áp dụng*, a refused pair) through the
    formats' reader, each distinct pair once."""
    kind = inp.method.kind
    if not (inp.kind == "ratio" and kind in ("ratio", "threshold_ratio")
            and set(plan.ratio.get(code, ())) == {"a", "b"}
            and code not in plan.texts and inp.builtin):
        return None
    (da, ia), (db, ib) = encoded
    va = list(map(floats.decimal, da))  # each column's own: a key 1.0 in one and
    vb = list(map(floats.decimal, db))  # True in the other are two cells
    a_num = [v if isinstance(v, Decimal) else None for v in va]
    b_num = [v if isinstance(v, Decimal) else None for v in vb]
    ok = np.array([v is not None and v >= 0 for v in a_num], dtype=np.bool_)[ia] \
        & np.array([v is not None and v > 0 for v in b_num], dtype=np.bool_)[ib]
    whole = all(v is None or (v == v.to_integral_value() and v < 2**31) for v in a_num + b_num)
    if whole:
        a_int = np.array([0 if v is None else int(v) for v in a_num], dtype=np.int64)
        b_int = np.array([0 if v is None else int(v) for v in b_num], dtype=np.int64)
        plain = ok & (a_int[ia] <= b_int[ib])
    else:
        plain = ok.copy()
        for i in np.flatnonzero(ok).tolist():
            plain[i] = a_num[ia[i]] <= b_num[ib[i]]
    blank = np.array([v is None for v in va], dtype=np.bool_)[ia] \
        & np.array([v is None for v in vb], dtype=np.bool_)[ib]
    table: list[Any] = [None]
    codes = np.zeros(len(ia), dtype=np.int32)
    rest = np.flatnonzero(~plain & ~blank)
    if rest.size:  # each distinct pair of their cells read once, in the order first met
        pair = ia[rest].astype(np.int64) * len(db) + ib[rest]
        _, first, inverse = np.unique(pair, return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")
        rank = np.empty(len(order), dtype=np.int32)
        rank[order] = np.arange(len(table), len(table) + len(order), dtype=np.int32)
        for i in rest[first[order]].tolist():
            ans, only_removed = slow((da[ia[i]], db[ib[i]]))
            if only_removed:
                needs_removed.append(len(table))
            table.append(ans)
        codes[rest] = rank[inverse.reshape(-1)]
    return RatioPairs(code, Encoded(a_num, ia), Encoded(b_num, ib), plain,
                      Encoded(table, codes), answers=True)


_SLOW: Any = object()  # this key goes through the formats' cell reader


class _Floats:
    """Each distinct raw cell as a number, read as the formats read it
    (:func:`~.cells.to_number`, :func:`~dtikit.engine.columns.fast_number`):
    a Decimal (:meth:`decimal`) or a :class:`~dtikit.Number` (:meth:`number`);
    None when blank, ``_SLOW`` for anything else (text, dates, booleans, a
    number to_number refuses: the formats' reader says what is wrong with it).

    A non-zero float is read once for the whole sheet, its result shared by
    every column that holds it: one non-zero float is one number. A zero (whose sign a key 0.0 may hide) and anything not a float
    (True, equal to 1.0; an int, equal to a float) are read each time."""

    __slots__ = ("decimals", "numbers")

    def __init__(self) -> None:
        self.decimals: dict[float, Any] = {}
        self.numbers: dict[float, Any] = {}

    def decimal(self, raw: Any) -> Any:
        if type(raw) is float and raw:
            v = self.decimals.get(raw)
            if v is None:
                v = self.decimals[raw] = _number_or_slow(raw)
            return v
        if is_blank(raw):
            return None
        if type(raw) is int or type(raw) is float:
            return _number_or_slow(raw)
        return _SLOW

    def number(self, raw: Any) -> Any:
        if type(raw) is float and raw:
            x = self.numbers.get(raw)
            if x is None:
                v = self.decimal(raw)
                x = self.numbers[raw] = v if v is _SLOW else fast_number(v)
            return x
        v = self.decimal(raw)
        return v if v is None or v is _SLOW else fast_number(v)


def _number_or_slow(raw: float) -> Any:
    """A number cell's Decimal (:func:`~.cells.to_number`); ``_SLOW`` for one
    it refuses (NaN, an infinity, beyond the digit limits), which the formats'
    reader locates."""
    try:
        return to_number(raw)[0]
    except CellError:
        return _SLOW


def _plain_answers(inp: Any, code: str, plan: Any, parts: Sequence[Sequence[Any]],
                   distinct: Sequence[Any], floats: _Floats) -> list[Any] | None:
    """Answers of a leaf whose cells hold plain numbers — a number, points, or a
    number where a leaf takes several kinds, a Number among them — each
    distinct cell's number read once; a number that is not plainly valid (the formats'
    check, :func:`~dtikit.formats.values.plainly_valid`), or a cell that is not a
    plain number, is left to the formats' own reader (``_SLOW``)."""
    if code in plan.texts or not inp.builtin or len(parts) != 1 or not (
            inp.kind in ("number", "points") or (inp.kind == "any" and Number in inp.accepts)):
        return None  # (a leaf of several kinds that takes a Number reads a number cell as one)
    out: list[Any] = []
    number = floats.number
    for raw in distinct:
        x = number(raw)
        if x is None or x is _SLOW:
            out.append(x)
        else:
            out.append(fast_answer(code, x) if plainly_valid(inp, x) else _SLOW)
    return out


class _Column(Sequence[Any]):
    """Column ``c`` of the rows, read where it is asked for (never copied whole)."""

    __slots__ = ("c", "rows")

    def __init__(self, rows: Sequence[Sequence[Any]], c: int) -> None:
        self.rows, self.c = rows, c

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, i: int) -> Any: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[Any]: ...

    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return [r[self.c] for r in self.rows[i]]
        return self.rows[i][self.c]

    def __iter__(self) -> Iterator[Any]:
        c = self.c
        return (r[c] for r in self.rows)


def _positions(lc: LeafCells) -> list[int]:
    """The columns of one leaf's cells, in the order its distinct contents are keyed."""
    if lc.a[1] < 0 and not lc.parts:  # a ratio without its a column: the cell reader says so
        raise _Fallback
    cells = [lc.a if lc.a[1] >= 0 else None, lc.b, *(pos for _, pos in lc.parts),
             lc.evidence, lc.explanation]
    return [pos[1] for pos in cells if pos is not None]


_Row = tuple[Unit, "date | None", "str | None", bool]


def _units(ctx: Context, plan: CollectionPlan, sheet: str, body: Sequence[Sequence[Any]]
           ) -> tuple[list[_Row], list[set[str]]]:
    """Each row's unit and header fields, read by the formats' own rules; a
    problem, or a unit twice, and the cell reader reads the file, locating it."""
    view = RowView(Grid(sheet, body), 0)
    fields = Fields(view, {key: (0, c) for key, c in plan.fields.items()})
    removed_of: dict[str | None, set[str]] = {}
    out: list[_Row] = []
    removed: list[set[str]] = []
    seen: set[str] = set()
    for i in range(len(body)):
        view.row = i  # one view moved down the rows
        problems: list[Problem] = []
        unit = read_unit(ctx, fields, problems)
        sample = fields.parse("sample", parse_flag, problems)
        submitted = fields.parse("submitted", to_date, problems)
        if unit is None or problems or unit.id in seen:
            raise _Fallback
        seen.add(unit.id)
        if unit.variant not in removed_of:
            removed_of[unit.variant] = ctx.removed(unit.variant)
        removed.append(removed_of[unit.variant])
        out.append((unit, submitted, fields.text("not_ranked"), bool(sample)))
    return out, removed


__all__ = ["read_collection"]
