"""A cohort's answers held by leaf, as a reader of a collection produces them.

:class:`Encoded` is one leaf's column, dictionary-encoded: the distinct
answers and, for each unit, the index of its own. :class:`RatioPairs` is a
ratio leaf's column as two columns of counts (a of b), because nearly every
unit's pair is its own: one answer object per unit is what a column avoids.
:class:`Cohort` is the sequence of assessments an import returns: it holds
the units and these columns, builds an :class:`~dtikit.Assessment` only when
one is read, and hands scoring the columns themselves (:class:`Columns`), so
that ``dtikit.score`` takes no unit apart. A Cohort equals the tuple of its
assessments and pickles as one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from types import MemberDescriptorType
from typing import Any, Union

import attrs
import numpy as np
import numpy.typing as npt

from ..assessment import Answer, Assessment, Number, Origin, Ratio, Unit
from ..numbers import check_digits
from .lazy import BuiltWhenRead


def fast_answer(code: str, value: Any) -> Answer:
    """``Answer(code, value)`` for a value already of an answer type (its
    converter returns it as it is): the same object, built without the
    converters (a collection's reader makes one per distinct cell;
    tests/test_fast_import.py holds it equal to the constructor)."""
    answer = _new(Answer)
    _answer_code(answer, code)
    _answer_value(answer, value)
    for set_field, default in _ANSWER_REST:
        set_field(answer, default)
    return answer


def fast_number(value: Decimal) -> Number:
    """``Number(value)`` for a Decimal: its digits checked
    (:func:`~dtikit.numbers.check_digits`, which is all the converter does to a
    Decimal), the object built without the converter."""
    number = _new(Number)
    _number_value(number, check_digits(value))
    return number


_new = object.__new__


def _setter(cls: type, name: str) -> Any:
    """A field's setter that passes over a frozen class's ``__setattr__``: its
    slot's own (a slotted class), else ``object.__setattr__``."""
    slot = cls.__dict__.get(name)
    if isinstance(slot, MemberDescriptorType):
        return slot.__set__
    return lambda obj, value: object.__setattr__(obj, name, value)


_answer_code = _setter(Answer, "code")
_answer_value = _setter(Answer, "value")
# the fields after code and value, at their defaults (as the converters leave them)
_ANSWER_REST = [(_setter(Answer, f.name), f.default) for f in attrs.fields(Answer)[2:]]
_number_value = _setter(Number, "value")


def fast_ratio(a: Decimal, b: Decimal) -> Ratio:
    """``Ratio(a, b)`` for two Decimals a reader has checked, by the class's
    trusted constructor (one per unit of a ratio column)."""
    return Ratio._from_checked(a, b)


class Encoded:
    """One leaf's column: ``table[codes[i]]`` is unit i's entry (an answer
    value for scoring, an :class:`~dtikit.Answer` or None in a Cohort)."""

    __slots__ = ("codes", "table")

    def __init__(self, table: Sequence[Any], codes: npt.NDArray[np.int32]) -> None:
        self.table = list(table)
        self.codes = codes

    def __len__(self) -> int:
        return len(self.codes)

    def at(self, i: int) -> Any:
        return self.table[self.codes[i]]

    def decode(self) -> list[Any]:
        return list(map(self.table.__getitem__, self.codes.tolist()))

    def mapped(self, fn: Any) -> Encoded:
        """The same codes over ``fn`` of each table entry."""
        return Encoded([fn(v) for v in self.table], self.codes)


class RatioPairs:
    """A ratio leaf's column: where ``plain[i]``, unit i answered
    ``Ratio(a.at(i), b.at(i))`` (two Decimals, ``0 <= a <= b``, ``b > 0``);
    elsewhere its entry is ``other.at(i)`` — not answered (None), *Không áp
    dụng*, or whatever the formats' cell reader made of cells that are not two
    plain counts. ``code`` is the leaf's code; ``answers`` says whether entries
    are :class:`~dtikit.Answer` objects (a Cohort's) or answer values (scoring's)."""

    __slots__ = ("a", "answers", "b", "code", "other", "plain")

    def __init__(self, code: str, a: Encoded, b: Encoded, plain: npt.NDArray[np.bool_],
                 other: Encoded, *, answers: bool) -> None:
        self.code = code
        self.a = a
        self.b = b
        self.plain = plain
        self.other = other
        self.answers = answers

    def __len__(self) -> int:
        return len(self.plain)

    def at(self, i: int) -> Any:
        if self.plain[i]:
            r = fast_ratio(self.a.at(i), self.b.at(i))
            return fast_answer(self.code, r) if self.answers else r
        return self.other.at(i)

    def decode(self) -> list[Any]:
        out = self.other.decode()
        code, answers = self.code, self.answers
        for i, a, b in _plain_triples(self):
            r = fast_ratio(a, b)
            out[i] = fast_answer(code, r) if answers else r
        return out

    def values(self) -> RatioPairs:
        """The same column with answer values instead of Answer objects."""
        if not self.answers:
            return self
        return RatioPairs(self.code, self.a, self.b, self.plain,
                          self.other.mapped(lambda a: None if a is None else a.value),
                          answers=False)


def _plain_triples(col: RatioPairs) -> Iterator[tuple[int, Decimal, Decimal]]:
    idx = np.flatnonzero(col.plain)
    at, bt = col.a.table, col.b.table
    return zip(idx.tolist(), map(at.__getitem__, col.a.codes[idx].tolist()),
               map(bt.__getitem__, col.b.codes[idx].tolist()))


LeafColumn = Union[Encoded, RatioPairs]  # one leaf's answers, every unit of the cohort


class Columns:
    """Every leaf's column for one rubric (in the rubric's leaf order), of answer values."""

    __slots__ = ("columns", "leaf_codes", "rubric_id")

    def __init__(self, rubric_id: str, leaf_codes: Sequence[str],
                 columns: Sequence[LeafColumn]) -> None:
        self.rubric_id = rubric_id
        self.leaf_codes = tuple(leaf_codes)
        self.columns = list(columns)


class RowOrigin:
    """Where the units of a one-row-per-unit sheet were read: the file, the
    sheet, each unit's row (1-based) and each leaf's column letters, shared by
    the rows (no cell reference is built until a unit's :class:`Origin` is)."""

    __slots__ = ("columns", "rows", "sheet", "source")

    def __init__(self, source: str, sheet: str, rows: Sequence[int],
                 columns: dict[str, str]) -> None:
        self.source, self.sheet, self.rows, self.columns = source, sheet, list(rows), columns

    def of(self, i: int) -> Origin:
        row = self.rows[i]
        return Origin(self.source, f"{self.sheet}!{row}:{row}", self.columns, {},
                      sheet=self.sheet, row=row)


class Cohort(BuiltWhenRead[Assessment]):
    """The assessments of one imported collection, held by column.

    Reading an item builds that unit's :class:`~dtikit.Assessment` (and
    keeps it); iterating builds them all. ``units``, ``submitted``,
    ``ranked``, ``not_ranked_reasons`` and ``samples`` are the per-unit fields
    as lists, and ``columns`` the answer values by leaf (when every leaf was
    read), which is what :func:`dtikit.score` reads instead of the assessments.
    """

    __slots__ = ("_built", "answer_columns", "columns", "not_ranked_reasons", "origin",
                 "ranked", "rubric_id", "samples", "submitted", "units")

    def __init__(self, rubric_id: str, units: Sequence[Unit],
                 submitted: Sequence[date | None], ranked: Sequence[bool],
                 not_ranked_reasons: Sequence[str | None], samples: Sequence[bool],
                 answer_columns: Sequence[LeafColumn], columns: Columns | None,
                 origin: RowOrigin | None = None) -> None:
        self.rubric_id = rubric_id
        self.units = list(units)
        self.submitted = list(submitted)
        self.ranked = list(ranked)
        self.not_ranked_reasons = list(not_ranked_reasons)
        self.samples = list(samples)
        self.answer_columns = list(answer_columns)  # of Answer | None, in the rubric's order
        self.columns = columns
        self.origin = origin
        self._built: list[Assessment | None] = [None] * len(self.units)

    def _assessment(self, i: int, answers: Sequence[Answer | None]) -> Assessment:
        return Assessment(rubric_id=self.rubric_id, unit=self.units[i],
                          answers=tuple(filter(None, answers)), submitted=self.submitted[i],
                          ranked=self.ranked[i], not_ranked_reason=self.not_ranked_reasons[i],
                          sample=self.samples[i],
                          origin=None if self.origin is None else self.origin.of(i))

    def _build(self, k: int) -> Assessment:
        return self._assessment(k, [col.at(k) for col in self.answer_columns])

    def _build_all(self) -> None:  # column by column, then unit by unit
        rows: Iterator[Sequence[Answer | None]] = \
            zip(*(col.decode() for col in self.answer_columns)) \
            if self.answer_columns else iter([()] * len(self))
        for i, row in enumerate(rows):
            if self._built[i] is None:
                self._built[i] = self._assessment(i, row)

    def __repr__(self) -> str:
        return f"Cohort({self.rubric_id!r}, {len(self)} units)"


__all__ = ["Cohort", "Columns", "Encoded", "LeafColumn", "RatioPairs", "RowOrigin", "fast_answer",
           "fast_number", "fast_ratio"]
