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
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from ..errors import AnswerError, MethodParamsError
from ..numbers import ZERO, format_vi, to_decimal


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
            problems.append(f"{self.kind}: parameter {name!r} is required")
            return ZERO
        try:
            return to_decimal(raw)
        except (TypeError, ValueError) as exc:
            problems.append(f"{self.kind}: parameter {name!r}: {exc}")
            return ZERO

    def _fmt(self, value: Decimal) -> str:
        return format_vi(value, 4)


def non_negative(value: Decimal, what: str) -> Decimal:
    if value < 0:
        raise AnswerError(f"{what} {value} is negative")
    return value
