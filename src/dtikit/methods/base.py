"""What a scoring method is.

A method family is a :class:`Method` subclass with a ``kind`` name. A rubric
leaf names the kind and gives parameters; the method is built once per leaf
(``Method(params, max_points)``), checking its parameters, and then scores
answers. Plugins add families through the ``dtikit_methods`` hook.

Contract every method keeps (the property tests hold every family to it):

* ``score`` returns exact (unrounded) ``Decimal`` points in ``[0, max]``;
* more achievement never lowers the points (monotonic);
* a value it cannot accept raises :class:`dtikit.errors.AnswerError` — it is
  never clamped or guessed.

``score`` is the one definition of a method: the engine calls it once per
distinct answer of a column. A method may also give a *column kernel*
(:meth:`Method.fixed_points`) for columns of many distinct answers; the
property tests hold each built-in kernel equal to its own ``score``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, ClassVar

import attrs
import numpy as np
import numpy.typing as npt

from ..errors import AnswerError, MethodParamsError
from ..messages import Text
from ..numbers import ZERO, format_vi, to_decimal

IntArray = npt.NDArray[np.int64]
FixedPoints = Sequence[int] | IntArray
"""What a column kernel returns: one fixed-point integer per value."""


@attrs.frozen
class Outcome:
    """Points (exact, unrounded) and the rule that produced them, in words and figures."""

    points: Decimal
    rule: str


class Method(ABC):
    """A scoring-method family. Subclass it, set ``kind`` and ``title``, implement
    :meth:`score`, and list the answer types it takes in ``accepts``."""

    kind: ClassVar[str]
    title: ClassVar[str]  # Vietnamese, for forms and reports
    accepts: ClassVar[tuple[type, ...]]
    uses_cohort: ClassVar[bool] = False  # True: needs the best value of the cohort

    def __init__(self, params: Mapping[str, Any], max_points: Decimal) -> None:
        self.params = dict(params)
        self.max = max_points
        problems: list[str] = []
        self.setup(problems)
        if problems:
            raise MethodParamsError(problems)

    def setup(self, problems: list[str]) -> None:  # noqa: B027 - optional hook
        """Read ``self.params``; append a message to ``problems`` for each bad one."""

    @abstractmethod
    def score(self, value: Any, best: Decimal | None = None) -> Outcome:
        """Points for one answer. ``best`` is the cohort's best raw value for
        methods with ``uses_cohort``."""

    def fixed_points(
        self, values: Sequence[Any], best: Decimal | None, places: int
    ) -> FixedPoints | None:
        """Optional column kernel, for speed: the points of every value (each of a
        type in ``accepts``) as fixed-point integers — ``score(value, best).points``
        rounded half-up at ``places`` decimals, times ``10**places`` — or None to
        leave the column to :meth:`score` (the default; also for any value the
        kernel does not take, e.g. one ``score`` refuses). It must equal ``score``
        exactly; it is never a second definition."""
        return None

    def plainly_accepts(self, value: Any) -> bool:
        """A quick, sufficient test of an answer: True only for a value that
        :meth:`score` (and :meth:`raw_value`) take without an error, so that the
        readers skip the call, which also writes the trace, for the million plain
        cells of a collection. False leaves the value to :meth:`score`, whose
        message is the one reported. Written beside the method's rule; the
        default, False, is always right. The readers use it for the core's own
        families, and a property test holds each one to its :meth:`score`."""
        return False

    def kernel_is_own(self, kernel: str = "fixed_points") -> bool:
        """Whether the column kernel ``kernel`` was written with this method's own
        ``score`` (and ``raw_value``): a subclass that overrides either and
        inherits its parent's kernel would have the kernel disagree with its own
        rule, so the engine leaves its columns to :meth:`score`."""
        mro = type(self).__mro__

        def defined_by(name: str) -> type:
            return next((k for k in mro if name in vars(k)), Method)

        own = defined_by(kernel)
        return all(issubclass(own, defined_by(n)) for n in ("score", "raw_value"))

    def raw_value(self, value: Any) -> Decimal:
        """The raw figure a cohort-relative method compares across units."""
        raise NotImplementedError(f"{self.kind} does not compare units")

    def choices(self) -> tuple[tuple[str, str], ...]:
        """(key, label) pairs for a drop-down on forms; empty for free input."""
        return ()

    def input_hint(self) -> str:
        """A short Vietnamese hint for the input cell of a form."""
        return ""

    # helpers for subclasses ---------------------------------------------

    def _param_decimal(self, name: str, problems: list[str], default: Any = None) -> Decimal:
        raw = self.params.get(name, default)
        if raw is None:
            problems.append(Text("method.param_required", kind=self.kind, name=name))
            return ZERO
        try:
            return to_decimal(raw)
        except (TypeError, ValueError) as exc:
            problems.append(Text("method.param_bad", kind=self.kind, name=name, error=exc))
            return ZERO

    def _fmt(self, value: Decimal) -> str:
        """A figure of a rule, as :func:`format_vi` at 4 places writes it
        (trimmed: the text depends on the number alone, so it is remembered
        by value — a maximum, a threshold, points come again and again)."""
        text = _FIGURES.get(value)
        if text is None:
            text = format_vi(value, 4)
            if len(_FIGURES) >= 65_536:
                _FIGURES.clear()
            _FIGURES[value] = text
        return text

    def _figure(self, value: Decimal) -> str:
        """A figure of a rule met once (a ratio, points): :meth:`_fmt`'s text,
        not remembered — a new Decimal's hash costs more than its text."""
        return format_vi(value, 4)


_FIGURES: dict[Decimal, str] = {}


def non_negative(value: Decimal, what: str) -> Decimal:
    if value < 0:
        raise AnswerError(Text("answer.negative", what=what, value=value))
    return value


def round_half_up(num: int, den: int) -> int:
    """``num / den`` rounded half-up, for ``num >= 0`` and ``den > 0``: exact."""
    return (2 * num + den) // (2 * den)


def whole_numbers(values: Sequence[Decimal]) -> IntArray | None:
    """Whole-number Decimals ``0 <= v < 2**31`` as an ``int64`` array (None if
    any is not), for column kernels."""
    ints = list(map(int, values))
    if ints != list(values):  # Decimal == int only when the Decimal is whole
        return None
    if ints and (max(ints) >= 2**31 or min(ints) < 0):
        return None
    return np.array(ints, dtype=np.int64)
