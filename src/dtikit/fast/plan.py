"""A rubric compiled for column-wise scoring: node arrays and one kernel per leaf.

A kernel turns one leaf's column of answers (every unit of the cohort) into
points in fixed-point integers: ``points × 10**places``, rounded half-up in
integer arithmetic. A value is exact: ``a × max / b`` becomes
``round_half_up(a × max × 10**p / b)`` over the exact integer ratios of the
three Decimals, with floor division. Each distinct answer in a column is
computed once (a column of 10,000 yes/no answers is two computations and a
lookup per cell).

Anything a kernel cannot take — a value of the wrong type, out of range, a
plugin method's error — raises :class:`Decline`, and the caller scores the
cohort through the reference path, which reports the problem exactly as it
always has.
"""

from __future__ import annotations

import bisect
import gc
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from operator import attrgetter
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from ..assessment import Choice, Flag, Number, Parts, Ratio
from ..errors import AnswerError
from ..methods import Method, MethodRegistry
from ..methods.builtin import (
    Awarded,
    Levels,
    RatioTimesMax,
    RelativeToBest,
    Steps,
    SumOfParts,
    ThresholdRatio,
    Tracked,
    YesNo,
)
from ..model import Indicator, Rubric
from ..numbers import ZERO, quantize
from ..scoring import _NA as NA
from ..scoring import _aggregate as reference_aggregate
from ..scoring import _Leaf, compile_methods

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# Fixed-point values stay far below 2**63 so no int64 sum or product overflows.
_LIMIT = 2**62


class Decline(Exception):
    """The fast path does not take this input; the reference path will."""


@contextmanager
def gc_paused() -> Iterator[None]:
    """Bulk work allocates millions of objects and creates no cycles: Python's
    cycle collector would walk the whole heap again and again meanwhile (a third
    of the time at 10,000 units). It runs as usual afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def round_half_up(num: int, den: int) -> int:
    """``num / den`` rounded half-up, for ``num >= 0`` and ``den > 0``: exact."""
    return (2 * num + den) // (2 * den)


def _ratio(value: Decimal) -> tuple[int, int]:
    return value.as_integer_ratio()


class Kernel:
    """Points of one leaf for a column of answers of the types it takes."""

    types: tuple[type, ...] = ()
    key: Callable[[Any], Hashable] | None = None  # the primitive a memo is keyed on
    uses_cohort = False

    def __init__(self, leaf: _Leaf, places: int) -> None:
        self.leaf = leaf
        self.method: Method = leaf.method
        self.places = places
        self.scale = 10**places

    def scaled(self, value: Decimal) -> int:
        """A Decimal rounded half-up at the rubric's places, as a fixed-point int."""
        num, den = _ratio(quantize(value, self.places))
        return int(num * self.scale // den)

    def compute(self, key: Any, best: Decimal | None) -> int:
        raise NotImplementedError

    def column(self, values: Sequence[Any], best: Decimal | None) -> Any:
        """Points for every value (all of this kernel's types): a list or an int64 array."""
        keys: Sequence[Any] = list(map(self.key, values)) if self.key is not None else values
        compute = self.compute
        memo = {k: compute(k, best) for k in set(keys)}
        return list(map(memo.__getitem__, keys))

    def best(self, values: Sequence[Any]) -> Decimal:
        """The cohort's best raw value among ``values`` (Numbers), as the reference finds it."""
        try:
            raws = [self.method.raw_value(v) for v in values]
        except (AnswerError, NotImplementedError) as exc:
            raise Decline(str(exc)) from exc
        return max(raws, default=ZERO)

    def via_method(self, value: Any, best: Decimal | None = None) -> int:
        try:
            outcome = self.method.score(value, best)
        except AnswerError as exc:
            raise Decline(str(exc)) from exc
        return self.scaled(outcome.points)


class YesNoKernel(Kernel):
    types = (Flag,)
    key = attrgetter("yes")

    def compute(self, key: Any, best: Decimal | None) -> int:
        return self.via_method(Flag(key))


class LevelsKernel(Kernel):
    types = (Choice,)
    key = attrgetter("key")

    def compute(self, key: Any, best: Decimal | None) -> int:
        return self.via_method(Choice(key))


class PartsKernel(Kernel):
    types = (Parts,)
    key = attrgetter("done")

    def compute(self, key: Any, best: Decimal | None) -> int:
        return self.via_method(Parts(key))


class StepsKernel(Kernel):
    types = (Number,)
    key = attrgetter("value")

    def __init__(self, leaf: _Leaf, places: int) -> None:
        super().__init__(leaf, places)
        assert isinstance(self.method, Steps)
        self.ats = [at for at, _ in self.method.steps]
        self.pts = [self.scaled(p) for _, p in self.method.steps]

    def compute(self, key: Any, best: Decimal | None) -> int:
        if key < 0:
            raise Decline("negative value")
        i = bisect.bisect_right(self.ats, key)
        return 0 if i == 0 else self.pts[i - 1]


class _RatioKernel(Kernel):
    types = (Ratio,)
    key = attrgetter("a", "b")

    def __init__(self, leaf: _Leaf, places: int) -> None:
        super().__init__(leaf, places)
        method = self.method
        assert isinstance(method, (RatioTimesMax, ThresholdRatio))
        self.when_b_zero = method.when_b_zero
        self.full = self.scaled(method.max)
        self.mn, self.md = _ratio(method.max)

    def check(self, a: Decimal, b: Decimal) -> int | None:
        """Points when b = 0; raises Decline on an answer the method refuses."""
        if a < 0 or b < 0 or a > b:
            raise Decline("ratio out of range")
        if b == 0:
            if self.when_b_zero == "not_applicable":
                raise Decline("b = 0 must be answered as not applicable")
            return self.full if self.when_b_zero == "full" else 0
        return None


_A = attrgetter("a")
_B = attrgetter("b")
_VALUE = attrgetter("value")


def _int_arrays(*columns: list[Decimal]) -> list[IntArray] | None:
    """Whole-number Decimal columns as int64 arrays (None if any is not whole or too big)."""
    out = []
    for col in columns:
        ints = list(map(int, col))
        if ints != col:  # Decimal == int only when the Decimal is whole
            return None
        try:
            arr = np.array(ints, dtype=np.int64)
        except OverflowError:
            return None
        if arr.size and (int(arr.max()) >= 2**31 or int(arr.min()) < 0):
            return None
        out.append(arr)
    return out


class RatioKernel(_RatioKernel):
    def column(self, values: Sequence[Any], best: Decimal | None) -> Any:
        """Whole-number counts (the usual case) in int64 at once, else per distinct pair."""
        arrays = _int_arrays(list(map(_A, values)), list(map(_B, values)))
        pts = None if arrays is None else self.arrays(*arrays)
        return super().column(values, best) if pts is None else pts

    def arrays(self, a: IntArray, b: IntArray) -> IntArray | None:
        """Points of whole counts ``0 <= a < 2**31``, ``0 <= b < 2**31``; None when
        the maximum's digits could overflow int64 (the caller goes pair by pair)."""
        if self.mn * self.scale >= 2**28 or self.md >= 2**28:
            return None
        if (a > b).any():
            raise Decline("a greater than b")
        zero = b == 0
        if zero.any() and self.when_b_zero == "not_applicable":
            raise Decline("b = 0 must be answered as not applicable")
        den = np.where(zero, 1, b) * self.md
        pts = (2 * a * (self.mn * self.scale) + den) // (2 * den)
        if zero.any():
            pts[zero] = self.full if self.when_b_zero == "full" else 0
        out: IntArray = pts
        return out

    def compute(self, key: Any, best: Decimal | None) -> int:
        a, b = key
        fixed = self.check(a, b)
        if fixed is not None:
            return fixed
        an, ad = _ratio(a)
        bn, bd = _ratio(b)
        return round_half_up(an * bd * self.mn * self.scale, ad * bn * self.md)


class ThresholdKernel(_RatioKernel):
    def __init__(self, leaf: _Leaf, places: int) -> None:
        super().__init__(leaf, places)
        assert isinstance(self.method, ThresholdRatio)
        self.tn, self.td = _ratio(self.method.target)
        self.below = self.method.below

    def column(self, values: Sequence[Any], best: Decimal | None) -> Any:
        arrays = _int_arrays(list(map(_A, values)), list(map(_B, values)))
        pts = None if arrays is None else self.arrays(*arrays)
        return super().column(values, best) if pts is None else pts

    def arrays(self, a: IntArray, b: IntArray) -> IntArray | None:
        """As :meth:`RatioKernel.arrays`."""
        big = self.mn * self.scale * self.td
        if big >= 2**28 or self.md * self.tn >= 2**28 or self.tn >= 2**28:
            return None
        if (a > b).any():
            raise Decline("a greater than b")
        zero = b == 0
        if zero.any() and self.when_b_zero == "not_applicable":
            raise Decline("b = 0 must be answered as not applicable")
        full = a * self.td >= b * self.tn  # a / b >= target, exactly
        if self.below == "zero":
            pts = np.where(full, self.full, 0)
        else:
            den = np.where(zero, 1, b) * (self.tn * self.md)
            pts = np.where(full, self.full, (2 * a * big + den) // (2 * den))
        if zero.any():
            pts[zero] = self.full if self.when_b_zero == "full" else 0
        return pts

    def compute(self, key: Any, best: Decimal | None) -> int:
        a, b = key
        fixed = self.check(a, b)
        if fixed is not None:
            return fixed
        an, ad = _ratio(a)
        bn, bd = _ratio(b)
        if an * bd * self.td >= self.tn * bn * ad:  # a / b >= target, exactly
            return self.full
        if self.below == "zero":
            return 0
        return round_half_up(an * bd * self.td * self.mn * self.scale, ad * bn * self.tn * self.md)


class AwardedKernel(Kernel):
    types = (Number,)
    key = attrgetter("value")

    def compute(self, key: Any, best: Decimal | None) -> int:
        if key < 0 or key > self.method.max:
            raise Decline("awarded points out of range")
        vn, vd = _ratio(key)
        return round_half_up(vn * self.scale, vd)


class RelativeKernel(Kernel):
    types = (Number,)
    key = attrgetter("value")
    uses_cohort = True

    def __init__(self, leaf: _Leaf, places: int) -> None:
        super().__init__(leaf, places)
        self.mn, self.md = _ratio(self.method.max)

    def best(self, values: Sequence[Any]) -> Decimal:
        raws = list(map(attrgetter("value"), values))
        if any(v < 0 for v in raws):
            raise Decline("negative value")
        return max(raws, default=ZERO)

    def column(self, values: Sequence[Any], best: Decimal | None) -> Any:
        """Whole-number values (counts) in int64 at once, else per distinct value."""
        assert best is not None
        arrays = _int_arrays(list(map(_VALUE, values)))
        if arrays is None or best != best.to_integral_value() or best >= 2**31 \
                or self.mn * self.scale >= 2**28 or self.md >= 2**28:
            return super().column(values, best)
        v = arrays[0]
        top = np.maximum(v, int(best))  # a unit above the bar is its own best
        den = np.where(top == 0, 1, top) * self.md
        pts = (2 * v * (self.mn * self.scale) + den) // (2 * den)
        return np.where(top == 0, 0, pts)

    def compute(self, key: Any, best: Decimal | None) -> int:
        if key < 0:
            raise Decline("negative value")
        assert best is not None
        if key > best:  # a unit that did not set the bar is its own best
            best = key
        if best == 0:
            return 0
        vn, vd = _ratio(key)
        bn, bd = _ratio(best)
        return round_half_up(vn * bd * self.mn * self.scale, vd * bn * self.md)


class TrackedKernel(Kernel):
    types = (Number, Flag, Choice)

    def column(self, values: Sequence[Any], best: Decimal | None) -> Any:
        return [0] * len(values)


class GenericKernel(Kernel):
    """Any other method (a plugin's): the method itself, once per distinct answer."""

    def __init__(self, leaf: _Leaf, places: int) -> None:
        super().__init__(leaf, places)
        self.types = tuple(leaf.method.accepts)
        self.uses_cohort = leaf.method.uses_cohort

    def compute(self, key: Any, best: Decimal | None) -> int:
        return self.via_method(key, best)


_KERNELS: dict[type[Method], type[Kernel]] = {
    YesNo: YesNoKernel,
    Levels: LevelsKernel,
    Steps: StepsKernel,
    RatioTimesMax: RatioKernel,
    ThresholdRatio: ThresholdKernel,
    SumOfParts: PartsKernel,
    RelativeToBest: RelativeKernel,
    Awarded: AwardedKernel,
    Tracked: TrackedKernel,
}


def _exponent(value: Decimal) -> int:
    exp = value.as_tuple().exponent
    assert isinstance(exp, int)
    return exp


class Plan:
    """A rubric compiled once for the fast path (raises :class:`Decline` if it cannot be)."""

    def __init__(self, rubric: Rubric, registry: MethodRegistry) -> None:
        self.rubric = rubric
        self.leaves = compile_methods(rubric, registry)  # RubricInvalid, as the reference
        self.places = places = rubric.rounding.places
        self.scale = 10**places
        nodes: list[Indicator] = list(rubric.walk())
        self.nodes = nodes
        self.codes: tuple[str, ...] = tuple(n.code for n in nodes)
        if len(set(self.codes)) != len(self.codes):
            raise Decline("duplicate codes")
        self.index: dict[str, int] = {c: i for i, c in enumerate(self.codes)}
        children: list[list[int]] = [[] for _ in nodes]
        parent: list[int] = [-1] * len(nodes)
        pos = 0

        def visit(node: Indicator, up: int) -> None:
            nonlocal pos
            me = pos
            pos += 1
            parent[me] = up
            if up >= 0:
                children[up].append(me)
            for child in node.children:
                visit(child, me)

        for top in rubric.indicators:
            visit(top, -1)
        self.children = children
        self.parent = parent
        self.tops = [i for i, p in enumerate(parent) if p < 0]
        self.leaf_nodes = [i for i, n in enumerate(nodes) if not n.children]
        self.leaf_codes = tuple(self.codes[i] for i in self.leaf_nodes)
        self.leaf_pos: dict[str, int] = {c: j for j, c in enumerate(self.leaf_codes)}
        self.kernels: list[Kernel] = []
        for code in self.leaf_codes:
            leaf = self.leaves[code]
            kind = _KERNELS.get(type(leaf.method), GenericKernel)
            self.kernels.append(kind(leaf, places))
        self.forbid = [rubric.na_policy(c) == "forbid" for c in self.leaf_codes]
        self.redis = np.array([rubric.na_policy(c) == "redistribute" for c in self.codes],
                              dtype=np.bool_)

        # internal nodes children first (post-order)
        post: list[int] = []

        def order(i: int) -> None:
            for c in children[i]:
                order(c)
            if children[i]:
                post.append(i)

        for t in self.tops:
            order(t)
        self.post = post
        self.post_rank = {i: r for r, i in enumerate(post)}

        # Node maxima as exact integers: at 10**q for the N/A share (nominal,
        # spread), at 10**places for a capped node's points.
        maxima = [n.max for n in nodes]
        q = max((max(0, -_exponent(m)) for m in maxima), default=0)
        if q > 9 or any(m < 0 for m in maxima):
            raise Decline("maxima too fine")
        self.max_q = np.array([int(m.scaleb(q)) for m in maxima], dtype=np.int64)
        self.caps = [bool(n.cap and n.children) for n in nodes]
        self.has_caps = any(self.caps)
        self.max_p: list[int] = []
        for node, capped in zip(nodes, self.caps):
            fixed = node.max.scaleb(places)
            if capped and fixed != fixed.to_integral_value():
                raise Decline(f"capped maximum {node.max} finer than the rounding")
            self.max_p.append(int(fixed) if capped else 0)
        self.max_exp = [_exponent(n.max) for n in nodes]
        biggest = max((int(m.scaleb(places)) + 1 for m in maxima), default=1)
        total_q = int(self.max_q.sum()) + 1
        if biggest * total_q * 4 >= _LIMIT or biggest * len(nodes) * 4 >= _LIMIT:
            raise Decline("numbers too large for fixed point")
        self.can_redistribute = [
            bool(children[i]) and bool(self.redis[children[i]].any()) for i in range(len(nodes))
        ]

        nominal, total = self.applicable((), frozenset())
        self.nominal_app = nominal
        self.nominal_total = total

    def applicable(
        self, na_leaves: Iterable[str], removed: frozenset[str]
    ) -> tuple[list[Decimal], Decimal]:
        """Applicable maxima of every node (by node index) and of the whole, for a
        unit whose not-applicable leaves are ``na_leaves``: they depend on that
        pattern alone, so the reference computes them once per pattern — over
        the top-level indices the pattern touches; the others keep theirs."""
        leaf_pts: dict[str, Any] = {}
        tops: set[int] = set()
        for code in na_leaves:
            leaf_pts[code] = NA
            i = self.index[code]
            while self.parent[i] >= 0:
                i = self.parent[i]
            tops.add(i)
        if hasattr(self, "nominal_app"):
            app = list(self.nominal_app)
            part = _Part(self.rubric, [self.nodes[t] for t in sorted(tops)])
            out = reference_aggregate(cast(Any, part), leaf_pts, self.places, set(removed))
            for code, (_, m) in out.items():
                app[self.index[code]] = m
        else:
            out = reference_aggregate(self.rubric, leaf_pts, self.places, set(removed))
            app = [out[code][1] for code in self.codes]
        total = ZERO
        for t in self.tops:
            total += app[t]
        return app, total


class _Part:
    """The part of a rubric the reference aggregation needs: some top-level
    indices, and the rubric's not-applicable policy."""

    def __init__(self, rubric: Rubric, indicators: list[Indicator]) -> None:
        self.indicators = indicators
        self.na_policy = rubric.na_policy
