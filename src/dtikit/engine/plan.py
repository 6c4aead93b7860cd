"""A rubric compiled for column-wise scoring: node arrays and one kernel per leaf.

A kernel turns one leaf's column of answers (every unit of the cohort) into
points in fixed-point integers: ``points × 10**places``, rounded half-up in
integer arithmetic. A value is exact: ``a × max / b`` becomes
``round_half_up(a × max × 10**p / b)`` over the exact integer ratios of the
three Decimals, with floor division. Each distinct answer in a column is
computed once (a column of 10,000 yes/no answers is two computations and a
lookup per cell).

The points are the method's own: its ``score`` once per distinct answer, or
its optional column kernel (``Method.fixed_points``), which the property
tests hold equal to ``score``. A value the method refuses (out of range, a
plugin method's error) is scored 0 and handed back with the method's message
(:meth:`Kernel.column`'s ``refused``): the engine reports it for every unit
that holds it. :class:`Decline` is for a rubric the engine cannot score
exactly (:class:`Plan`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from operator import attrgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from ..assessment import Choice, Flag, Number, Parts, Ratio
from ..errors import AnswerError
from ..messages import message_of
from ..methods import Method, MethodRegistry
from ..methods.base import FixedPoints
from ..methods.builtin import RatioMethod
from ..model import Indicator, Rubric
from ..numbers import ZERO, quantize
from ..scoring import Leaf, compile_methods

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# Fixed-point values stay far below 2**63 so no int64 sum or product overflows.
_LIMIT = 2**62


class Decline(Exception):
    """A rubric the engine cannot score exactly (raised by :class:`Plan`)."""


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


_KEYS: dict[type, Callable[[Any], Hashable]] = {
    Flag: attrgetter("yes"), Choice: attrgetter("key"), Parts: attrgetter("done"),
    Number: attrgetter("value"), Ratio: attrgetter("a", "b"),
}


class Kernel:
    """Points of one leaf for a column of answers of the types its method takes:
    the method's column kernel (:meth:`~dtikit.methods.Method.fixed_points`)
    where it gives one, else the method's own ``score`` once per distinct
    answer. A value the method refuses scores 0, its message kept in the
    ``refused`` mapping :meth:`column` is given."""

    def __init__(self, leaf: Leaf, places: int) -> None:
        self.leaf = leaf
        self.method: Method = leaf.method
        self.types: tuple[type, ...] = tuple(leaf.method.accepts)
        self.uses_cohort = leaf.method.uses_cohort
        self.places = places
        self.scale = 10**places
        # the primitive a memo is keyed on (hashing the answer objects costs more)
        self.key = _KEYS.get(self.types[0]) if len(self.types) == 1 else None
        # a kernel inherited by a method that rewrote its rule is not used
        self.own_kernel = leaf.method.kernel_is_own("fixed_points")
        self.own_ratio_kernel = isinstance(leaf.method, RatioMethod) \
            and leaf.method.kernel_is_own("ratio_points")

    def scaled(self, value: Decimal) -> int:
        """A Decimal rounded half-up at the rubric's places, as a fixed-point int."""
        num, den = quantize(value, self.places).as_integer_ratio()
        return int(num * self.scale // den)

    def points(self, value: Any, best: Decimal | None, refused: dict[Hashable, Any],
               key: Hashable) -> int:
        try:
            outcome = self.method.score(value, best)
        except AnswerError as exc:
            refused[key] = message_of(exc)
            return 0
        return self.scaled(outcome.points)

    def column(self, values: Sequence[Any], best: Decimal | None,
               refused: dict[int, Any]) -> FixedPoints:
        """Points for every value (all of this kernel's types); a value the
        method refuses scores 0, and ``refused`` gets its row (in ``values``)
        with the method's message."""
        fast = self.method.fixed_points(values, best, self.places) if self.own_kernel else None
        if fast is not None:
            return fast
        key = self.key
        bad: dict[Hashable, Any] = {}
        if key is None:
            memo = {v: self.points(v, best, bad, v) for v in set(values)}
            keys: Sequence[Hashable] = values
        else:
            keys = list(map(key, values))
            firsts = dict(zip(keys, values))  # equal keys, equal answers: one scored
            memo = {k: self.points(v, best, bad, k) for k, v in firsts.items()}
        if bad:
            refused.update((j, bad[k]) for j, k in enumerate(keys) if k in bad)
        return list(map(memo.__getitem__, keys))

    def arrays(self, a: IntArray, b: IntArray) -> IntArray | None:
        """Points of whole counts (a ratio leaf's plain pairs), or None."""
        method = self.method
        if self.own_ratio_kernel and isinstance(method, RatioMethod):
            return method.ratio_points(a, b, self.places)
        return None

    def best(self, values: Sequence[Any]) -> Decimal:
        """The cohort's best raw value among ``values`` (Numbers), as the reference
        finds it: a value the method refuses sets no bar (it is reported with its
        unit and code when its leaf is scored)."""
        raw_value = self.method.raw_value
        try:
            raws = list(map(raw_value, values))
        except AnswerError:
            raws = []
            for v in values:
                try:
                    raws.append(raw_value(v))
                except AnswerError:
                    continue
        return max(raws, default=ZERO)


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
        parent = [-1 if (p := rubric.parent_of(c)) is None else self.index[p]
                  for c in self.codes]
        children: list[list[int]] = [[] for _ in nodes]
        for i, up in enumerate(parent):
            if up >= 0:
                children[up].append(i)
        self.children = children
        self.parent = parent
        self.tops = [i for i, p in enumerate(parent) if p < 0]
        self.leaf_nodes = [i for i, n in enumerate(nodes) if not n.children]
        self.leaf_codes = tuple(self.codes[i] for i in self.leaf_nodes)
        self.leaf_pos: dict[str, int] = {c: j for j, c in enumerate(self.leaf_codes)}
        self.kernels = [Kernel(self.leaves[code], places) for code in self.leaf_codes]
        self.forbid = [not rubric.accepts_na(c) for c in self.leaf_codes]
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

        # Node maxima as exact integers: at 10**q for the N/A share (nominal,
        # spread), at 10**places for a capped node's points.
        maxima = [n.max for n in nodes]
        q = max((max(0, -_exponent(m)) for m in maxima), default=0)
        if q > 9 or any(m < 0 for m in maxima):
            raise Decline("maxima too fine")
        self.max_q = np.array([int(m.scaleb(q)) for m in maxima], dtype=np.int64)
        self.caps = [bool(n.cap and n.children) for n in nodes]
        self.max_p: list[int] = []
        for node, capped in zip(nodes, self.caps):
            fixed = node.max.scaleb(places)
            if capped and fixed != fixed.to_integral_value():
                raise Decline(f"capped maximum {node.max} finer than the rounding")
            self.max_p.append(int(fixed) if capped else 0)
        self.leaf_max_p: list[int] = []
        for i in self.leaf_nodes:
            fixed = nodes[i].max.scaleb(places)
            if fixed != fixed.to_integral_value():  # the rubric check refuses it too
                raise Decline(f"maximum {nodes[i].max} finer than the rounding")
            self.leaf_max_p.append(int(fixed))
        biggest = max((int(m.scaleb(places)) + 1 for m in maxima), default=1)
        total_q = int(self.max_q.sum()) + 1
        if biggest * total_q * 4 >= _LIMIT or biggest * len(nodes) * 4 >= _LIMIT:
            raise Decline("numbers too large for fixed point")
        self.can_redistribute = [
            bool(children[i]) and bool(self.redis[children[i]].any()) for i in range(len(nodes))
        ]

        # set by the engine, which aggregates them (a unit scoring every leaf in full)
        self.nominal_app: list[Decimal] = []
        self.nominal_total = ZERO
