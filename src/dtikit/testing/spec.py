"""What a valid answer to a leaf is, written once for every generator.

The Hypothesis strategies (:mod:`dtikit.testing.strategies`) and the
benchmarks' seeded generator (``benchmarks/workload.py``) both draw answers
from :func:`value_for`; they differ only in *who chooses*: a :class:`Chooser`
backed by Hypothesis' ``draw`` (which shrinks a failing example) or by a
seeded :class:`random.Random` (:class:`RandomChooser`: reproducible, fast,
no Hypothesis needed). So "a valid answer for a ``steps`` leaf" has one home.

This module needs neither Hypothesis nor pytest.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from ..assessment import Choice, Flag, Number, Parts, Ratio, Value
from ..model import Indicator, Rubric

__all__ = [
    "AGENCIES",
    "FAMILIES",
    "Chooser",
    "RandomChooser",
    "na_allowed",
    "value_for",
]

T = TypeVar("T")

#: Every built-in scoring-method family the generators draw leaves from.
FAMILIES: tuple[str, ...] = (
    "yes_no",
    "levels",
    "steps",
    "ratio",
    "threshold_ratio",
    "parts",
    "relative_to_best",
    "awarded",
    "tracked",
)

#: Appraising agencies used for ``Indicator.appraiser`` and for appraisals.
AGENCIES: tuple[str, ...] = (
    "Phòng Văn hóa và Thông tin",
    "Văn phòng HĐND và UBND",
    "Phòng Giáo dục và Đào tạo",
)

#: The largest count a generated ``relative_to_best`` answer or ratio denominator takes.
BEST_TOP = 500
RATIO_TOP = 240


class Chooser(Protocol):
    """Who makes each choice of a generator: Hypothesis or a seeded ``Random``."""

    def integer(self, lo: int, hi: int) -> int:
        """An integer in ``[lo, hi]``."""
        ...

    def choice(self, options: Sequence[T]) -> T:
        """One of ``options`` (not empty)."""
        ...

    def subset(self, options: Sequence[str]) -> frozenset[str]:
        """Any subset of ``options``, the empty one included."""
        ...

    def decimal(self, lo: Decimal, hi: Decimal, places: int) -> Decimal:
        """A number in ``[lo, hi]`` with at most ``places`` decimals."""
        ...


class RandomChooser:
    """A :class:`Chooser` over a seeded :class:`random.Random`: the same seed, the
    same choices, on every machine."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._random = rng.random  # uniform in [0, 1): the one draw, a million times

    def integer(self, lo: int, hi: int) -> int:
        return lo + int(self._random() * (hi - lo + 1))

    def choice(self, options: Sequence[T]) -> T:
        return options[int(self._random() * len(options))]

    def subset(self, options: Sequence[str]) -> frozenset[str]:
        return frozenset(o for o in options if self._random() < 0.5)

    def decimal(self, lo: Decimal, hi: Decimal, places: int) -> Decimal:
        step = Decimal(10) ** places
        return Decimal(self.integer(int(lo * step), int(hi * step))) / step


def na_allowed(rubric: Rubric, code: str) -> bool:
    """Whether a *Không áp dụng* answer is accepted for ``code`` by the rubric's policy."""
    return rubric.accepts_na(code)


def _keys(leaf: Indicator, name: str) -> list[str]:
    assert leaf.method is not None
    raw = leaf.method.params.get(name)
    return [str(x["key"]) for x in raw] if isinstance(raw, list) else []


def _steps_top(leaf: Indicator) -> int:
    assert leaf.method is not None
    raw = leaf.method.params.get("steps")
    steps: list[Any] = raw if isinstance(raw, list) else []
    return max((int(Decimal(str(s["at_least"]))) for s in steps), default=0)


#: ``relative_to_best`` answers that make ties for the best and halves likely.
BEST_EDGES: tuple[Decimal, ...] = tuple(Decimal(x) for x in ("0", "3", "7", "12.5", "14", "21"))


def _half_ratio(leaf: Indicator, choose: Chooser, places: int) -> Ratio | None:
    """``a`` of ``b`` whose exact points end on a half at ``places`` (where half-up
    decides): for ``a × max / b`` (or ``/ (b × target)`` below a target),
    ``b = 2 × M × d`` and ``a = odd × n`` with ``M = max × 10**places`` and
    ``target = n / d``. None when ``M`` is not whole."""
    assert leaf.method is not None
    scaled = leaf.max.scaleb(places)
    if scaled != scaled.to_integral_value() or scaled <= 0:
        return None
    m = int(scaled)
    n, d = 1, 1
    if leaf.method.kind == "threshold_ratio":
        from ..numbers import to_decimal

        n, d = to_decimal(str(leaf.method.params.get("target", "1"))).as_integer_ratio()
        if n == d:  # target 1: the rate itself
            n, d = 1, 1
    odd = 2 * choose.integer(0, max(0, m - 1)) + 1  # odd < 2M: below any target
    return Ratio(odd * n, 2 * m * d)


def value_for(leaf: Indicator, choose: Chooser, *, edges: bool = True,
              places: int | None = None) -> Value:
    """A valid answer value for ``leaf`` under its built-in method (never
    *Không áp dụng*): what the method accepts and scores without refusing.

    * ``yes_no`` — Có or Không; ``levels`` — one of its level keys; ``parts`` —
      any set of its part keys;
    * ``steps`` — a count from 0 to two past the highest step, whole or with
      decimals; ``relative_to_best`` — 0 to :data:`BEST_TOP`, likewise;
    * ``ratio``, ``threshold_ratio`` — ``a`` of ``b`` with ``0 <= a <= b <=``
      :data:`RATIO_TOP`; ``b = 0`` only where ``when_b_zero`` is not
      ``not_applicable``;
    * ``awarded`` — points from 0 to the maximum;
    * ``tracked`` — any count (it scores nothing).

    ``edges`` adds the values where exact arithmetic is tested: numbers in
    thousandths (points at x.xx5 round half-up), counts in halves, a few
    shared ``relative_to_best`` values (ties for the best unit), and — given the
    rubric's rounding ``places`` — ratios whose points end exactly on a half
    at those places. Without it,
    numbers have at most two decimals and counts are whole (what a benchmark's
    realistic cohort holds).

    Raises ``ValueError`` for a method this module does not know (a plugin's
    strategies pass their own values)."""
    spec = leaf.method
    if spec is None:
        raise ValueError(f"indicator {leaf.code} is not a leaf")
    kind = spec.kind
    places = 3 if edges else 2
    if kind == "yes_no":
        return Flag(choose.integer(0, 1) == 1)
    if kind == "levels":
        return Choice(choose.choice(_keys(leaf, "levels")))
    if kind in ("steps", "relative_to_best"):
        if kind == "relative_to_best" and edges and choose.integer(0, 1):
            return Number(choose.choice(BEST_EDGES))
        top = _steps_top(leaf) + 2 if kind == "steps" else BEST_TOP
        if choose.integer(0, 1):
            return Number(choose.integer(0, top))
        return Number(choose.decimal(Decimal(0), Decimal(top), places))
    if kind in ("ratio", "threshold_ratio"):
        if edges and places is not None and choose.integer(0, 3) == 0:
            half = _half_ratio(leaf, choose, places)
            if half is not None:
                return half
        b_min = 1 if spec.params.get("when_b_zero") == "not_applicable" else 0
        b = choose.integer(b_min, RATIO_TOP if choose.integer(0, 1) else 16)
        a = choose.integer(0, b)
        if edges and choose.integer(0, 5) == 0:  # halves: 3.5 of 7.5
            return Ratio(Decimal(a) / 2, Decimal(b) / 2)
        return Ratio(a, b)
    if kind == "parts":
        return Parts(choose.subset(_keys(leaf, "parts")))  # type: ignore[arg-type]
    if kind == "awarded":
        if edges and choose.integer(0, 3) == 0:
            return Number(choose.choice((Decimal(0), leaf.max)))
        return Number(choose.decimal(Decimal(0), leaf.max, places))
    if kind == "tracked":
        return Number(choose.integer(0, 1000))
    raise ValueError(f"no value for method {kind!r}")
