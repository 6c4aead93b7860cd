"""The method families seen in real DTI rubrics (see docs/rubric-data.md)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from decimal import Decimal
from operator import attrgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from ..assessment import Choice, Flag, Number, Parts, Ratio
from ..errors import AnswerError
from ..messages import Text
from ..numbers import ONE, ZERO, to_decimal
from .base import FixedPoints, IntArray, Method, Outcome, non_negative, whole_numbers
from .base import round_half_up as round_half_up_int

_A = attrgetter("a")
_B = attrgetter("b")
_VALUE = attrgetter("value")


def _fixed(points: Decimal, places: int) -> int:
    """``points >= 0`` rounded half-up at ``places``, times ``10**places``."""
    num, den = points.as_integer_ratio()
    return round_half_up_int(num * 10**places, den)


_SMALL = 2**28  # the kernels' integers stay far below 2**63
_TEN = Decimal(10)


def _expect(value: Any, kind: type, method: Method) -> Any:
    if not isinstance(value, kind):
        raise AnswerError(Text("answer.wrong_type", kind=method.kind, want=kind.__name__,
                               got=type(value).__name__, value=value))
    return value


def _keyed_points(method: Method, name: str, problems: list[str]) -> dict[str, tuple[str, Decimal]]:
    """The list parameter ``name`` of ``levels`` and ``parts`` alike: items
    ``{key, label?, points | fraction}`` (a fraction of the maximum), each worth
    0 to the maximum, each key once; by key, ``(label, points)``. Every bad item
    is one problem (one set of messages for both methods)."""
    out: dict[str, tuple[str, Decimal]] = {}
    raw = method.params.get(name)
    if not isinstance(raw, list) or not raw:
        problems.append(Text("method.list_required", kind=method.kind, name=name))
        return out
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or "key" not in item:
            problems.append(Text("method.item_needs_key", kind=method.kind, n=i + 1))
            continue
        key = str(item["key"])
        if "points" not in item and "fraction" not in item:
            problems.append(Text("method.item_needs_points", kind=method.kind, key=key))
            continue
        try:
            pts = (to_decimal(item["points"]) if "points" in item
                   else to_decimal(item["fraction"]) * method.max)
        except (TypeError, ValueError) as exc:
            problems.append(Text("method.item_bad", kind=method.kind, key=key, error=exc))
            continue
        if not ZERO <= pts <= method.max:
            problems.append(Text("method.item_outside", kind=method.kind, key=key, points=pts,
                                 max=method.max))
        if key in out:
            problems.append(Text("method.item_twice", kind=method.kind, key=key))
        out[key] = (str(item.get("label", key)), pts)
    return out


class YesNo(Method):
    """Done → max points, else 0."""

    kind = "yes_no"
    title = "Có / Không"
    accepts = (Flag,)

    def plainly_accepts(self, value: Any) -> bool:
        return isinstance(value, Flag)

    def score(self, value: Any, best: Decimal | None = None) -> Outcome:
        flag = _expect(value, Flag, self)
        pts = self.max if flag.yes else ZERO
        return Outcome(pts, f"{flag} → {self._fmt(pts)} điểm")

    def choices(self) -> tuple[tuple[str, str], ...]:
        return (("Có", "Có"), ("Không", "Không"))


class Levels(Method):
    """A stated fact chooses a level; each level is a fraction of max (or points)."""

    kind = "levels"
    title = "Theo mức"
    accepts = (Choice,)

    def plainly_accepts(self, value: Any) -> bool:
        return isinstance(value, Choice) and value.key in self.levels

    def setup(self, problems: list[str]) -> None:
        self.levels = _keyed_points(self, "levels", problems)

    def score(self, value: Any, best: Decimal | None = None) -> Outcome:
        choice = _expect(value, Choice, self)
        key = choice.key
        if key not in self.levels:
            # a form shows labels; accept the label as well as the key
            for k, (label, _) in self.levels.items():
                if label == key:
                    key = k
                    break
            else:
                known = ", ".join(self.levels)
                raise AnswerError(Text("answer.unknown_level", key=choice.key, known=known))
        label, pts = self.levels[key]
        return Outcome(pts, f"Mức “{label}” → {self._fmt(pts)} điểm")

    def choices(self) -> tuple[tuple[str, str], ...]:
        return tuple((k, label) for k, (label, _) in self.levels.items())


class Steps(Method):
    """A count or value reaches a step: the points of the highest step reached."""

    kind = "steps"
    title = "Theo bậc"
    accepts = (Number,)

    def plainly_accepts(self, value: Any) -> bool:
        return isinstance(value, Number) and value.value >= ZERO

    def setup(self, problems: list[str]) -> None:
        self.unit = str(self.params.get("unit", ""))
        self.steps: list[tuple[Decimal, Decimal]] = []
        raw = self.params.get("steps")
        if not isinstance(raw, list) or not raw:
            problems.append(Text("method.list_required", kind="steps", name="steps"))
            return
        for i, item in enumerate(raw):
            try:
                at = to_decimal(item["at_least"])
                pts = to_decimal(item["points"])
            except (KeyError, TypeError, ValueError) as exc:
                problems.append(Text("method.step_needs", n=i + 1, error=exc))
                continue
            if not ZERO <= pts <= self.max:
                problems.append(Text("method.step_outside", at=at, points=pts, max=self.max))
            self.steps.append((at, pts))
        self.steps.sort()
        for (a1, p1), (a2, p2) in zip(self.steps, self.steps[1:]):
            if a1 == a2:
                problems.append(Text("method.step_twice", at=a1))
            if p2 < p1:
                problems.append(Text("method.step_not_monotonic", a1=a1, p1=p1, a2=a2, p2=p2))

    def score(self, value: Any, best: Decimal | None = None) -> Outcome:
        v = non_negative(_expect(value, Number, self).value, "value")
        pts = ZERO
        reached = None
        for at, p in self.steps:
            if v >= at:
                pts, reached = p, at
        unit = f" {self.unit}" if self.unit else ""
        if reached is None:
            return Outcome(ZERO, f"{self._fmt(v)}{unit}: chưa đạt bậc nào → 0 điểm")
        return Outcome(
            pts, f"{self._fmt(v)}{unit} ≥ {self._fmt(reached)} → {self._fmt(pts)} điểm"
        )

    def fixed_points(
        self, values: Sequence[Any], best: Decimal | None, places: int
    ) -> FixedPoints | None:
        """Each distinct value's step found by bisection (the steps are sorted, as
        ``score`` walks them), its points as a fixed-point integer; the trace
        ``score`` writes is not needed for a column's points."""
        ats = [at for at, _ in self.steps]
        memo: dict[Decimal, int] = {}
        raw = list(map(_VALUE, values))
        for v in set(raw):
            if v < 0:
                return None  # score refuses it: leave the column to score
            i = bisect_right(ats, v)
            pts = self.steps[i - 1][1] if i else ZERO
            if pts < 0:
                return None
            memo[v] = _fixed(pts, places)
        return list(map(memo.__getitem__, raw))

    def input_hint(self) -> str:
        return f"Số {self.unit}".strip() if self.unit else "Số lượng"


class RatioMethod(Method):
    """What the ratio methods share: a :class:`~dtikit.Ratio` answer (a of b),
    the ``when_b_zero`` rule, and ``ratio_points``, the column kernel the
    engine gives a ratio leaf's two columns of counts."""

    accepts = (Ratio,)

    def plainly_accepts(self, value: Any) -> bool:  # b = 0 is the rule's own case
        return isinstance(value, Ratio) and ZERO <= value.a <= value.b and value.b > 0

    def setup(self, problems: list[str]) -> None:
        self.a_label = str(self.params.get("a", "a"))
        self.b_label = str(self.params.get("b", "b"))
        self.when_b_zero = str(self.params.get("when_b_zero", "zero"))
        if self.when_b_zero not in ("zero", "full", "not_applicable"):
            problems.append(Text("method.when_b_zero", kind=self.kind, value=self.when_b_zero))

    def _ratio(self, value: Any) -> Decimal | Outcome:
        r = _expect(value, Ratio, self)
        a = non_negative(r.a, "a")
        b = non_negative(r.b, "b")
        if a > b:
            raise AnswerError(Text("answer.a_over_b", a=a, b=b))
        if b == 0:
            if self.when_b_zero == "not_applicable":
                raise AnswerError(Text("answer.b_zero_na"))
            pts = self.max if self.when_b_zero == "full" else ZERO
            return Outcome(pts, f"b = 0 → {self._fmt(pts)} điểm (theo quy định khi b = 0)")
        return a / b

    def input_hint(self) -> str:
        return f"a = {self.a_label}; b = {self.b_label}"

    def fixed_points(
        self, values: Sequence[Any], best: Decimal | None, places: int
    ) -> FixedPoints | None:
        a = whole_numbers(list(map(_A, values)))
        b = whole_numbers(list(map(_B, values)))
        return None if a is None or b is None else self.ratio_points(a, b, places)

    def ratio_points(self, a: IntArray, b: IntArray, places: int) -> IntArray | None:
        """Column kernel of whole counts (``int64`` arrays ``0 <= a, b < 2**31``):
        fixed-point points, or None where ``score`` must decide (a > b, b = 0
        answered instead of *Không áp dụng*, digits that could overflow)."""
        return None

    def _b_zero(
        self, a: IntArray, b: IntArray, places: int
    ) -> tuple[npt.NDArray[np.bool_], int] | None:
        """(b == 0 mask, points there), or None when the kernel must leave the column."""
        if (a > b).any():
            return None
        zero = b == 0
        if zero.any() and self.when_b_zero == "not_applicable":
            return None
        mn, md = self.max.as_integer_ratio()
        full = round_half_up_int(mn * 10**places, md)
        return zero, (full if self.when_b_zero == "full" else 0)


class RatioTimesMax(RatioMethod):
    """ratio = a / b; points = ratio × max."""

    kind = "ratio"
    title = "Tỷ lệ × điểm tối đa"

    def score(self, value: Any, best: Decimal | None = None) -> Outcome:
        ratio = self._ratio(value)
        if isinstance(ratio, Outcome):
            return ratio
        # a × max / b, multiplied first: the quotient is then correctly rounded
        # once, so a value such as 5/14 × 1,75 = 0,625 stays exactly 0,625
        # (ratio × max would round 5/14 first and give 0,6249…, shown 0,62).
        pts = value.a * self.max / value.b
        shown = self._figure(ratio)
        return Outcome(
            pts,
            f"Tỷ lệ = {value.a}/{value.b} = {shown}; "
            f"điểm = {shown} × {self._fmt(self.max)} = {self._figure(pts)}",
        )


    def ratio_points(self, a: IntArray, b: IntArray, places: int) -> IntArray | None:
        mn, md = self.max.as_integer_ratio()
        scale = 10**places
        zeros = self._b_zero(a, b, places)
        if zeros is None or mn * scale >= _SMALL or md >= _SMALL:
            return None
        zero, at_zero = zeros
        den = np.where(zero, 1, b) * md  # a × max / b, half-up, in one division
        pts = (2 * a * (mn * scale) + den) // (2 * den)
        out: IntArray = np.where(zero, at_zero, pts)
        return out


class ThresholdRatio(RatioMethod):
    """Full points at or above a target rate; proportional (or zero) below it."""

    kind = "threshold_ratio"
    title = "Tỷ lệ đạt ngưỡng"

    def setup(self, problems: list[str]) -> None:
        super().setup(problems)
        self.target = self._param_decimal("target", problems)
        if not ZERO < self.target <= ONE:
            problems.append(Text("method.target_range", target=self.target))
        self.below = str(self.params.get("below", "proportional"))
        if self.below not in ("proportional", "zero"):
            problems.append(Text("method.below", value=self.below))

    def ratio_points(self, a: IntArray, b: IntArray, places: int) -> IntArray | None:
        mn, md = self.max.as_integer_ratio()
        tn, td = self.target.as_integer_ratio()
        scale = 10**places
        zeros = self._b_zero(a, b, places)
        if zeros is None or mn * scale * td >= _SMALL or md * tn >= _SMALL or tn >= _SMALL:
            return None
        zero, at_zero = zeros
        reached = a * td >= b * tn  # a / b >= target, exactly
        full = round_half_up_int(mn * scale, md)
        if self.below == "zero":
            pts = np.where(reached, full, 0)
        else:  # a × max / (b × target), half-up, in one division
            den = np.where(zero, 1, b) * (tn * md)
            pts = np.where(reached, full, (2 * a * (mn * scale * td) + den) // (2 * den))
        out: IntArray = np.where(zero, at_zero, pts)
        return out

    def score(self, value: Any, best: Decimal | None = None) -> Outcome:
        ratio = self._ratio(value)
        if isinstance(ratio, Outcome):
            return ratio
        figure = self._figure(ratio)
        shown = f"Tỷ lệ = {value.a}/{value.b} = {figure}"
        if value.a >= self.target * value.b:  # exact: no rounded quotient decides
            return Outcome(
                self.max,
                f"{shown} ≥ ngưỡng {self._fmt(self.target)} → {self._fmt(self.max)} điểm",
            )
        if self.below == "zero":
            return Outcome(ZERO, f"{shown} < ngưỡng {self._fmt(self.target)} → 0 điểm")
        pts = value.a * self.max / (value.b * self.target)  # exact until the one division
        return Outcome(
            pts,
            f"{shown} < ngưỡng {self._fmt(self.target)}; điểm = {figure} / "
            f"{self._fmt(self.target)} × {self._fmt(self.max)} = {self._figure(pts)}",
        )


class SumOfParts(Method):
    """Several parts each worth some points; the sum of the parts done, capped at max."""

    kind = "parts"
    title = "Cộng điểm các phần"
    accepts = (Parts,)

    def plainly_accepts(self, value: Any) -> bool:
        return isinstance(value, Parts) and value.done <= self.parts.keys()

    def setup(self, problems: list[str]) -> None:
        self.parts = _keyed_points(self, "parts", problems)

    def score(self, value: Any, best: Decimal | None = None) -> Outcome:
        done = _expect(value, Parts, self).done
        unknown = sorted(done - self.parts.keys())
        if unknown:
            raise AnswerError(Text("answer.unknown_parts", parts=", ".join(unknown),
                                   known=", ".join(self.parts)))
        total = sum((self.parts[k][1] for k in sorted(done)), ZERO)
        pts = min(total, self.max)
        listed = " + ".join(self._fmt(self.parts[k][1]) for k in self.parts if k in done) or "0"
        capped = f", giới hạn {self._fmt(self.max)}" if total > self.max else ""
        return Outcome(pts, f"{listed} = {self._fmt(total)}{capped} → {self._fmt(pts)} điểm")

    def choices(self) -> tuple[tuple[str, str], ...]:
        return tuple((k, label) for k, (label, _) in self.parts.items())


class RelativeToBest(Method):
    """points = value / best value in the cohort × max (0 when the best is 0)."""

    kind = "relative_to_best"
    title = "So với đơn vị cao nhất"
    accepts = (Number,)
    uses_cohort = True

    def raw_value(self, value: Any) -> Decimal:
        return non_negative(_expect(value, Number, self).value, "value")

    def plainly_accepts(self, value: Any) -> bool:
        return isinstance(value, Number) and value.value >= ZERO

    def fixed_points(
        self, values: Sequence[Any], best: Decimal | None, places: int
    ) -> FixedPoints | None:
        """Values against the best, at once: counts as they are, decimals (up to
        six places) scaled by one power of ten with the best (the ratio is the same)."""
        if best is None:
            return None
        raw = list(map(_VALUE, values))
        shift = max((-e for d in (*raw, best) if isinstance(e := d.as_tuple().exponent, int)
                     and e < 0), default=0)
        if shift > 6:
            return None
        if shift:
            ten = _TEN ** shift
            raw, best = [d * ten for d in raw], best * ten
        mn, md = self.max.as_integer_ratio()
        scale = 10**places
        v = whole_numbers(raw)
        if v is None or best != best.to_integral_value() or not 0 <= best < 2**31 \
                or mn * scale >= _SMALL or md >= _SMALL:
            return None
        top = np.maximum(v, int(best))  # a unit above the bar is its own best
        den = np.where(top == 0, 1, top) * md
        pts = (2 * v * (mn * scale) + den) // (2 * den)
        out: IntArray = np.where(top == 0, 0, pts)
        return out

    def score(self, value: Any, best: Decimal | None = None) -> Outcome:
        v = self.raw_value(value)
        if best is None:
            raise AnswerError(Text("answer.needs_best"))
        # a unit that did not set the bar (late, not appraised) may be above it:
        # its own value is then the best, so points never exceed the maximum
        best = max(best, v)
        if best == 0:
            return Outcome(ZERO, "Giá trị cao nhất của nhóm = 0 → 0 điểm")
        pts = v * self.max / best  # multiplied first: one correctly rounded division
        return Outcome(
            pts,
            f"{self._fmt(v)} / cao nhất {self._fmt(best)} × {self._fmt(self.max)} = "
            f"{self._figure(pts)}",
        )


class Awarded(Method):
    """The appraiser (or the unit) enters points within [0, max]."""

    kind = "awarded"
    title = "Điểm chấm"
    accepts = (Number,)

    def plainly_accepts(self, value: Any) -> bool:
        return isinstance(value, Number) and ZERO <= value.value <= self.max

    def score(self, value: Any, best: Decimal | None = None) -> Outcome:
        v = non_negative(_expect(value, Number, self).value, "points")
        if v > self.max:
            raise AnswerError(Text("answer.points_over_max", points=v, max=self.max))
        return Outcome(v, f"Điểm chấm {self._fmt(v)} / {self._fmt(self.max)}")

    def fixed_points(
        self, values: Sequence[Any], best: Decimal | None, places: int
    ) -> FixedPoints | None:
        """The points entered, each distinct one as a fixed-point integer (None
        when one is outside [0, max], which ``score`` refuses)."""
        memo: dict[Decimal, int] = {}
        raw = list(map(_VALUE, values))
        for v in set(raw):
            if not ZERO <= v <= self.max:
                return None
            memo[v] = _fixed(v, places)
        return list(map(memo.__getitem__, raw))

    def input_hint(self) -> str:
        return f"Điểm từ 0 đến {self._fmt(self.max)}"


class Tracked(Method):
    """Kept, not scored (*Không tính điểm*): the maximum is 0."""

    kind = "tracked"
    title = "Không tính điểm"
    accepts = (Number, Flag, Choice)

    def plainly_accepts(self, value: Any) -> bool:  # kept, never refused
        return isinstance(value, (Number, Flag, Choice))

    def setup(self, problems: list[str]) -> None:
        if self.max != 0:
            problems.append(Text("method.tracked_max", max=self.max))

    def score(self, value: Any, best: Decimal | None = None) -> Outcome:
        return Outcome(ZERO, f"Ghi nhận {value}; không tính điểm")


BUILTIN_METHODS: tuple[type[Method], ...] = (
    YesNo,
    Levels,
    Steps,
    RatioTimesMax,
    ThresholdRatio,
    SumOfParts,
    RelativeToBest,
    Awarded,
    Tracked,
)
