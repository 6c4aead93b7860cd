"""A scoring method this province needs and the core does not ship."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import dtikit


class PerItem(dtikit.Method):
    """Each item is worth ``each`` points; the sum is capped at the maximum.

    "Mỗi văn bản: 2 điểm, tối đa 10 điểm" is ``each = "2"`` on a 10-point leaf.
    """

    kind = "example.per_item"  # prefixed with the province key
    title = "Điểm theo số lượng, có mức trần"
    accepts = (dtikit.Number,)

    def setup(self, problems: list[str]) -> None:
        # Check the parameters once, when the rubric is loaded.
        self.each = self._param_decimal("each", problems)
        self.unit = str(self.params.get("unit", "mục"))
        if self.each <= 0:
            problems.append(f"{self.kind}: 'each' must be positive, not {self.each}")

    def score(self, value: Any, best: Decimal | None = None) -> dtikit.Outcome:
        if not isinstance(value, dtikit.Number):
            raise dtikit.AnswerError(f"{self.kind} expects a number, got {value!r}")
        count = value.value
        if count < 0:
            raise dtikit.AnswerError(f"{count} {self.unit}: a count cannot be negative")
        points = min(count * self.each, self.max)  # exact, never above max
        return dtikit.Outcome(
            points, f"{count} {self.unit} × {self.each} = {count * self.each}, "
            f"tối đa {self.max} → {points} điểm"
        )

    def input_hint(self) -> str:
        return f"Số {self.unit}"
