"""Where a unit can still gain points: the improvement plan a commune asks for.

:func:`gaps` lists the leaves of one unit's scorecard with points still to
gain against their applicable maximum (:attr:`NodeScore.gap`), largest first.
A leaf not yet answered has its whole applicable maximum to gain and is listed
as such; a leaf that does not apply (*Không áp dụng*) has nothing to gain.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from .model import Rubric
from .numbers import ZERO
from .scoring import Scorecard


@attrs.frozen
class Gap:
    """Points one leaf could still gain for one unit."""

    code: str
    name: str
    max: Decimal
    applicable_max: Decimal
    points: Decimal | None  # None: not yet answered
    gap: Decimal
    main: str | None  # the code of the main index (column of the published table) above it
    appraiser: str | None = None  # who appraises it, where the rubric says

    @property
    def answered(self) -> bool:
        return self.points is not None


def gaps(rubric: Rubric, card: Scorecard, *, include_unanswered: bool = True) -> tuple[Gap, ...]:
    """Leaves of ``card`` with points still to gain, largest gap first.

    Ties keep the rubric's table order. Leaves at their maximum and leaves that
    do not apply are left out.
    """
    mains = {n.code for n in rubric.main_indices}
    order = {n.code: i for i, n in enumerate(rubric.walk())}

    out: list[Gap] = []
    for node in rubric.leaves():
        ns = card.nodes.get(node.code)
        if ns is None or ns.state == "not_applicable":
            continue
        if ns.final_points is None:
            if not include_unanswered:
                continue
            gap = ns.applicable_max
        else:
            gap = ns.applicable_max - ns.final_points
        if gap <= ZERO:
            continue
        out.append(Gap(node.code, node.name, node.max, ns.applicable_max, ns.final_points, gap,
                       next((c for c in rubric.ancestry(node.code) if c in mains), None),
                       rubric.appraiser_of(node.code)))
    out.sort(key=lambda g: (-g.gap, order[g.code]))
    return tuple(out)
