"""The import's fast paths held equal to their definitions.

* the pre-flight's byte counts (:class:`dtikit.formats.safety._Marks`, NumPy)
  against ``bytes.count`` and the regular expressions the sheet scan is
  defined by;
* the column encoding of a whole sheet at once
  (:func:`dtikit.formats.columnwise._encode_rows`) against the one-column
  encoding :func:`dtikit.formats.columnwise._encode`, and several columns
  combined (``_combine``) against their rows encoded as tuples;
* the numbers of a sheet's cells read once for all its columns
  (:class:`dtikit.formats.columnwise._Floats`) against each cell read alone
  by the cell reader's :func:`~dtikit.formats.cells.to_number`;
* ``fast_number`` and ``fast_answer`` against ``Number`` and ``Answer``;
* a removed leaf's column scored as a column against the decoded column.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dtikit.assessment import Answer, Flag, NotApplicable, Number, Ratio
from dtikit.engine.columns import fast_answer, fast_number
from dtikit.formats import columnwise, safety

# pieces a sheet's XML (or a hostile file's) is made of, glued at random
_TOKENS = [b"<c ", b"<c>", b"<c", b' r="', b"r=", b" r =", b"r\t=", b'="', b"=", b"r",
           b"A", b"Z", b"ZZ", b"AAA", b"xfd", b"1", b"9", b"12345", b"1048577", b'"', b"'",
           b" ", b"\t", b"\n", b"<", b">", b"c", b"$", b":c", b"<x:c ", b"/>", b"<v>1</v>",
           b"</c>", b"\x00", b"\xff"]
_XMLISH = st.lists(st.sampled_from(_TOKENS), max_size=60).map(b"".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_XMLISH, st.binary(max_size=80)))
def test_marks_are_the_counts_the_scan_is_defined_by(data: bytes) -> None:
    marks = safety._Marks(data)
    assert marks.cells == data.count(b"<c ") + data.count(b"<c>")
    assert marks.plain == data.count(b' r="')
    assert marks.r_eq == data.count(b"r=")
    if safety._SPACED.search(data) is not None:
        assert marks.spaced
    # big(): every match of _BIG_REF is among them, and matching at each gives them all
    expected = [(m.start(), m.group(0)) for m in safety._BIG_REF.finditer(data)]
    got = [(p, m.group(0)) for p in marks.big() if (m := safety._BIG_REF.match(data, p))]
    assert got == expected


def test_marks_of_a_plain_sheet_row() -> None:
    row = b'<row r="10004"><c r="A10004" t="n"><v>1</v></c><c r="B7"><v>2</v></c><c>x</c></row>'
    marks = safety._Marks(row)
    assert (marks.cells, marks.plain, marks.r_eq, marks.spaced) == (3, 3, 3, False)
    assert [row[p:p + 9] for p in marks.big()] == [b' r="10004', b' r="A1000']


# ------------------------------------------------------------- column encoding

_CELLS = st.one_of(
    st.none(), st.booleans(), st.sampled_from([0.0, -0.0, 1.0, 2.0, 0.5, 1e15, 1e16]),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.sampled_from(["Có", "Không", "", " ", "Không áp dụng", "1"]),
    st.sampled_from([0, 1, 2, 10**15]),
)


def _same(a: Any, b: Any) -> bool:
    """The very value: type, sign of a zero and all — except an int and a float
    of the same whole value below 10**15, which every cell reader reads alike
    (the same Decimal, the same text)."""
    if {type(a), type(b)} == {int, float}:
        return bool(a == b) and abs(a) < 10**15
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and a == 0 and b == 0:
        return math.copysign(1, a) == math.copysign(1, b)
    return bool(a == b)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 6).flatmap(
    lambda w: st.lists(st.lists(_CELLS, min_size=w, max_size=w), min_size=1, max_size=25)))
def test_encoding_rows_at_once_is_encoding_each_column(rows: list[list[Any]]) -> None:
    cols = list(zip(*rows))
    try:
        expected = [columnwise._encode(c) for c in cols]
    except columnwise._Fallback:
        expected = None
    try:
        enc = columnwise._encode_rows(rows, len(rows[0]))
        got = [enc.encoded(c) for c in range(len(cols))]
    except columnwise._Fallback:
        got = None
    if expected is None:
        assert got is None
        return
    assert got is not None
    for (d1, c1), (d2, c2) in zip(expected, got):
        assert len(d1) == len(d2) and all(map(_same, d1, d2))
        assert c1.tolist() == c2.tolist()


def test_a_true_hidden_behind_a_one_in_another_column() -> None:
    rows: list[list[Any]] = [[0.0, True, -0.0], [1.0, False, -0.0], [1.0, True, -0.0]]
    enc = columnwise._encode_rows(rows, 3)
    distinct, codes = enc.encoded(1)
    assert [type(v) for v in distinct] == [bool, bool]
    assert codes.tolist() == [0, 1, 0]
    distinct, codes = enc.encoded(2)
    assert len(distinct) == 1 and math.copysign(1, distinct[0]) == -1
    with pytest.raises(columnwise._Fallback):  # True and 1.0 in one column: cell by cell
        columnwise._encode_rows([[1.0], [True]], 1).encoded(0)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4).flatmap(lambda w: st.lists(
    st.lists(st.sampled_from(["Có", "Không", None, "x", 2.5, 3.0]), min_size=w, max_size=w),
    min_size=1, max_size=30)))
def test_several_columns_combined_are_their_rows_encoded(rows: list[list[Any]]) -> None:
    """A leaf of several cells (parts) keyed by its columns' codes: the distinct
    rows as first met, and each row's index among them."""
    cols = [list(c) for c in zip(*rows)]
    distinct, codes = columnwise._combine(cols, [columnwise._encode(c) for c in cols])
    index: dict[tuple[Any, ...], int] = {}
    want = [index.setdefault(tuple(r), len(index)) for r in rows]
    assert distinct == list(index) and codes.tolist() == want


# ------------------------------------------- numbers read once for a sheet

_RAW = st.one_of(
    st.none(), st.booleans(),
    st.sampled_from([0.0, -0.0, 1.0, 2.5, 1e15, 1e16, 0.1 + 0.2, math.inf, -math.inf, math.nan]),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e14, max_value=1e14),
    st.integers(-10**16, 10**16), st.sampled_from(["", " ", "Có", "1", "12a", "Không áp dụng"]),
    st.dates())


def _read_alone(raw: Any) -> Any:
    """A cell's number as the cell reader has it, read alone (the definition)."""
    from dtikit.formats.cells import CellError, is_blank, to_number

    if is_blank(raw):
        return None
    if type(raw) in (int, float):
        try:
            return to_number(raw)[0]
        except CellError:  # NaN, an infinity, too many digits: the cell reader locates it
            return columnwise._SLOW
    return columnwise._SLOW


def _exactly(a: Any, b: Any) -> bool:
    """The same Decimal to the digit (a zero's sign, the exponent), or the same marker."""
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return str(a) == str(b)
    return a is b


@settings(max_examples=300, deadline=None)
@given(st.lists(_RAW, max_size=30))
def test_numbers_read_once_for_a_sheet_are_each_cell_read_alone(cells: list[Any]) -> None:
    """Read in any order through one shared reader — the same float in several
    columns, 0.0 beside -0.0, True beside 1.0, 10**16 beside 1e16, NaN — each
    cell gives exactly what it gives read alone; a Number, the constructor's."""
    floats = columnwise._Floats()
    for raw in cells + cells[::-1]:
        want = _read_alone(raw)
        assert _exactly(floats.decimal(raw), want), raw
        if not isinstance(want, Decimal):
            assert floats.number(raw) is want
            continue
        number = floats.number(raw)
        assert number == Number(want) and str(number.value) == str(want)


# ------------------------------------------------- the trusted constructors

_DECIMALS = st.one_of(st.decimals(allow_nan=True, allow_infinity=True),
                      st.floats(allow_nan=False, allow_infinity=False).map(
                          lambda f: Decimal(format(f, ".15g"))))


@settings(max_examples=300, deadline=None)
@given(_DECIMALS, st.sampled_from(["1.1", "A.2.3"]))
def test_fast_number_and_answer_are_the_constructors(value: Decimal, code: str) -> None:
    try:
        expected = Number(value)
    except (TypeError, ValueError) as exc:
        with pytest.raises(type(exc)) as got:
            fast_number(value)
        assert str(got.value) == str(exc)
        return
    number = fast_number(value)
    assert number == expected and type(number.value) is Decimal
    assert str(number.value) == str(expected.value)
    answer = fast_answer(code, number)
    assert answer == Answer(code, number)
    assert attrs.asdict(answer, recurse=False) == attrs.asdict(Answer(code, number), recurse=False)
    assert hash(answer) == hash(Answer(code, number))


# ------------------------------- a removed leaf's column kept as a column

def _kernel(kind: str, params: dict[str, Any]) -> Any:
    from dtikit import Indicator, MethodSpec, Rubric, Source
    from dtikit.engine.core import _plan
    from dtikit.methods import BUILTIN_REGISTRY

    mx = Decimal(10)
    rubric = Rubric(id="edge/commune/2024", province="edge", tier="commune", year=2024,
                    title="Biên", scale=mx, source=Source("0/QĐ-TEST"),
                    indicators=[Indicator("1", "Một", mx, level="main", children=[
                        Indicator("1.1", "Một một", mx, method=MethodSpec(kind, params))])])
    return _plan(rubric, BUILTIN_REGISTRY).kernels[0]


_ENTRIES = st.one_of(
    st.none(), st.just(NotApplicable()), st.just(Flag(True)),
    st.builds(Ratio, st.integers(0, 4).map(Decimal), st.integers(0, 4).map(Decimal)),
    st.builds(Ratio, st.sampled_from([Decimal("0.5"), Decimal("1")]), st.just(Decimal("2"))))


def _outcome(kernel: Any, col: Any, removed: Any) -> Any:
    """Points, unknown and not-applicable masks, and the bad cells by row (what
    is wrong with each)."""
    from dtikit.engine.core import _Bad, _leaf_column

    bad = _Bad()
    got = tuple(a.tolist() for a in _leaf_column(kernel, col, removed, False, None, bad))
    return got, {i: str(m) for i, m in bad.answers.items()}, \
        {i: str(m) for i, m in bad.refused.items()}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_ENTRIES, st.booleans()), min_size=1, max_size=12),
       st.sampled_from([("ratio", {}), ("ratio", {"when_b_zero": "not_applicable"}),
                        ("threshold_ratio", {"target": "0.5"})]), st.booleans())
def test_a_removed_leaf_scored_by_column_is_scored_as_its_decoded_column(
        rows: list[tuple[Any, bool]], method: tuple[str, dict[str, Any]], pairs: bool) -> None:
    """``_leaf_column`` of an Encoded or RatioPairs column with cells a variant
    removes equals ``_leaf_column`` of the same column decoded (its definition):
    removed cells checked for their type only, never scored; each bad cell
    (a wrong type, a value the method refuses) reported at the same row."""
    import numpy as np

    from dtikit.engine.columns import Encoded, RatioPairs

    values = [v for v, _ in rows]
    removed = np.array([r for _, r in rows], dtype=np.bool_)
    kernel = _kernel(*method)
    index: dict[Any, int] = {}
    codes = np.array([index.setdefault(v, len(index)) for v in values], dtype=np.int32)
    col: Any = Encoded(list(index), codes)
    if pairs:  # whole counts 0 <= a <= b, b > 0 as two columns, the rest beside them
        plain = np.array([isinstance(v, Ratio) and v.a == v.a.to_integral_value()
                          and v.b == v.b.to_integral_value() and 0 <= v.a <= v.b and v.b > 0
                          for v in values], dtype=np.bool_)
        a = [v.a if p else None for v, p in zip(values, plain.tolist())]
        b = [v.b if p else None for v, p in zip(values, plain.tolist())]
        other: dict[Any, int] = {None: 0}
        ocodes = np.array([0 if p else other.setdefault(v, len(other))
                           for v, p in zip(values, plain.tolist())], dtype=np.int32)
        col = RatioPairs("1.1", Encoded(a, np.arange(len(a), dtype=np.int32)),
                         Encoded(b, np.arange(len(b), dtype=np.int32)), plain,
                         Encoded(list(other), ocodes), answers=False)
    assert col.decode() == values
    got = _outcome(kernel, col, removed)
    want = _outcome(kernel, values, removed)
    assert got == want
