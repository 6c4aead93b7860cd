"""What a unit submits: answers with evidence, and the appraisals that follow.

The four kinds of empty are kept apart:

* **not yet answered** — the code is absent from the answers (or its value is
  ``None``); the node and its parents are unknown, not zero;
* **zero** — an answer whose value scores 0 (``Number(0)``, ``Flag(False)``);
* **not applicable** — ``NotApplicable()`` (*Không áp dụng*); the rubric says
  whether the maximum is removed or redistributed;
* **no evidence but an explanation** — an answer with ``evidence=()`` and an
  ``explanation`` (*giải trình*); it scores as answered and is flagged as such.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Union

import attrs

from .model import Tier, as_tier, nfc, to_tuple
from .numbers import to_decimal

# ------------------------------------------------------------ answer values


@attrs.frozen
class Flag:
    """A yes/no answer (*Có / Không*)."""

    yes: bool

    def __str__(self) -> str:
        return "Có" if self.yes else "Không"


@attrs.frozen
class Choice:
    """A level chosen by key, e.g. who heads the steering board."""

    key: str

    def __str__(self) -> str:
        return self.key


@attrs.frozen
class Number:
    """A count, a value or points entered (≥ 0 is checked by the method)."""

    value: Decimal = attrs.field(converter=to_decimal)

    def __str__(self) -> str:
        return f"{self.value}"


@attrs.frozen
class Ratio:
    """``a`` items done out of ``b`` required."""

    a: Decimal = attrs.field(converter=to_decimal)
    b: Decimal = attrs.field(converter=to_decimal)

    def __str__(self) -> str:
        return f"{self.a}/{self.b}"

    @classmethod
    def _from_checked(cls, a: Decimal, b: Decimal) -> Ratio:
        """The trusted constructor: ``Ratio(a, b)`` for two Decimals that
        :func:`~dtikit.numbers.to_decimal` has already accepted (a reader's
        column of counts), without converting them again — the same object,
        four times faster; a collection's column holds one per unit. Internal:
        the caller vouches for the types (tests/test_strategies.py holds it
        equal to the checked constructor)."""
        r = object.__new__(cls)
        object.__setattr__(r, "a", a)
        object.__setattr__(r, "b", b)
        return r


@attrs.frozen
class Parts:
    """The parts done, for methods that add up parts."""

    done: frozenset[str] = attrs.field(converter=frozenset)

    def __str__(self) -> str:
        return ", ".join(sorted(self.done)) or "không có"


@attrs.frozen
class NotApplicable:
    """*Không áp dụng*: the indicator does not apply to this unit."""

    na: bool = True

    def __str__(self) -> str:
        return "Không áp dụng"


Value = Union[Flag, Choice, Number, Ratio, Parts, NotApplicable]


def as_value(raw: Any) -> Value | None:
    """Turn a plain Python value into an answer value.

    ``True``/``False`` → :class:`Flag`; an int, Decimal or decimal string →
    :class:`Number`; a ``(a, b)`` pair → :class:`Ratio`; a set of keys →
    :class:`Parts`; any other string → :class:`Choice`; ``None`` → not answered.
    Floats are refused.
    """
    if raw is None or isinstance(raw, (Flag, Choice, Number, Ratio, Parts, NotApplicable)):
        return raw
    if isinstance(raw, bool):
        return Flag(raw)
    if isinstance(raw, (int, Decimal, float)):
        return Number(raw)
    if isinstance(raw, tuple) and len(raw) == 2:
        return Ratio(*raw)
    if isinstance(raw, (set, frozenset)):
        return Parts(frozenset(raw))
    if isinstance(raw, str):
        try:
            return Number(raw)
        except ValueError:
            return Choice(raw)
    raise TypeError(f"cannot use {type(raw).__name__} {raw!r} as an answer")


def _opt_nfc(text: str | None) -> str | None:
    return None if text is None else nfc(text)


# ------------------------------------------------------------------ evidence


@attrs.frozen
class Evidence:
    """A document attached as *tài liệu kiểm chứng*."""

    number: str | None = None  # số hiệu, e.g. "102/TTr-VHTT"
    date: date | None = None
    issuer: str | None = None
    title: str | None = None
    file_name: str | None = None
    sha256: str | None = None
    signed: bool | None = None  # digitally signed (BR-VT requires it)

    def __attrs_post_init__(self) -> None:
        if self.sha256 is not None and (
            len(self.sha256) != 64 or any(c not in "0123456789abcdef" for c in self.sha256)
        ):
            raise ValueError(f"evidence sha256 {self.sha256!r} is not 64 lowercase hex digits")

    def cite(self) -> str:
        bits = [b for b in (self.number, self.title, self.file_name) if b]
        if self.date:
            bits.append(f"{self.date:%d/%m/%Y}")
        return ", ".join(bits) or "(tài liệu)"


@attrs.frozen
class Answer:
    """One unit's answer to one leaf indicator."""

    code: str
    value: Value | None = attrs.field(default=None, converter=as_value)
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=to_tuple)
    explanation: str | None = attrs.field(default=None, converter=_opt_nfc)
    note: str | None = None

    @property
    def answered(self) -> bool:
        return self.value is not None


# ------------------------------------------------------------------ appraisal


@attrs.frozen
class Appraisal:
    """An agency's appraisal (*thẩm định*) of some indicators of one unit.

    Its answers replace the self-assessed ones for the codes it covers; the
    self-assessed ones are kept beside them in the scorecard.
    """

    agency: str = attrs.field(converter=nfc)
    answers: tuple[Answer, ...] = attrs.field(converter=to_tuple)
    date: date | None = None
    note: str | None = None


@attrs.frozen
class Unit:
    """A government unit: a department, a district or a commune."""

    name: str = attrs.field(converter=nfc)
    id: str = attrs.field(converter=nfc)
    tier: Tier | None = attrs.field(default=None, converter=attrs.converters.optional(as_tier))
    parent: str | None = None  # e.g. the district of a commune
    variant: str | None = None

    @id.default
    def _id_from_name(self) -> str:
        return self.name


@attrs.frozen
class Origin:
    """Where an assessment was read from: the file, the unit's place in it (a
    form's sheet, or a row of a collection) and the cell of each answer — so a
    problem found when the cohort is scored names file, sheet!cell, unit and
    indicator code. Set by dtikit's readers; not part of an assessment's data
    (never written to JSON, never compared).

    ``cells`` maps a leaf code to the cell of its self-assessed answer and
    ``appraised`` to the cell of its appraised one, each ``"Biểu 03!F27"``; or,
    when ``row`` is set (one unit per row), to the column letters alone
    (``"F"``), shared by every row of the sheet ``sheet``."""

    source: str
    where: str
    cells: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    appraised: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    sheet: str | None = None
    row: int | None = None  # 1-based, as Excel numbers rows

    def cell(self, code: str, *, appraised: bool = False) -> str:
        """``Biểu 03!F27``: the cell of ``code``'s answer (its appraised answer with
        ``appraised``); the unit's place when the answer has no cell of its own."""
        found = (self.appraised if appraised else self.cells).get(code)
        if found is None:
            return self.where
        return found if self.row is None else f"{self.sheet}!{found}{self.row}"


def _unit(value: Any) -> Unit:
    return value if isinstance(value, Unit) else Unit(str(value))


def _answers(values: Iterable[Any]) -> tuple[Answer, ...]:
    return tuple(values)


@attrs.frozen
class Assessment:
    """One unit's self-assessment (*tự đánh giá, chấm điểm*) for one rubric and period,
    with the appraisals that followed it."""

    rubric_id: str
    unit: Unit = attrs.field(converter=_unit)
    answers: tuple[Answer, ...] = attrs.field(default=(), converter=_answers)
    appraisals: tuple[Appraisal, ...] = attrs.field(default=(), converter=to_tuple)
    submitted: date | None = None
    ranked: bool = True
    not_ranked_reason: str | None = None
    sample: bool = False  # sample data (demo), said so in every output
    # where a reader found it (file, sheet, cells): not data, never compared
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False,
                                        metadata={"data": False})

    def answer(self, code: str) -> Answer | None:
        for a in self.answers:
            if a.code == code:
                return a
        return None

    def with_appraisal(self, appraisal: Appraisal) -> Assessment:
        return attrs.evolve(self, appraisals=[*self.appraisals, appraisal])
