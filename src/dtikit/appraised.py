"""What the appraisal changed: per unit and indicator, the self-assessed points
(*điểm tự chấm*) against the appraised ones (*điểm thẩm định*) with the
appraiser's comment, and per agency the points it cut — the one computation
(:func:`appraisal_changes`, :func:`cuts_by_agency`).

Its documented home is :mod:`dtikit.appraisal` (which re-exports it). It lives
here, below :mod:`dtikit.formats`, because the results workbook shows it (its
sheet *Thẩm định*, :mod:`dtikit.formats.changes_sheet`), as do the HTML report
and ``dtikit explain`` (:mod:`dtikit.report.changes`). The points are the
scorecards' (the one scoring rule); this module only sets them side by side.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from .assessment import Assessment
from .model import Rubric
from .numbers import ZERO
from .scoring import Scorecard, same_agency

__all__ = ["AgencyCut", "Change", "appraisal_changes", "cuts_by_agency"]


@attrs.frozen
class Change:
    """One appraised indicator of one unit."""

    unit_id: str
    unit_name: str
    code: str
    name: str
    agency: str
    self_points: Decimal | None
    appraised_points: Decimal | None
    comment: str | None = None

    @property
    def delta(self) -> Decimal | None:
        """Appraised minus self-assessed points (negative: a cut)."""
        if self.self_points is None or self.appraised_points is None:
            return None
        return self.appraised_points - self.self_points

    @property
    def changed(self) -> bool:
        return self.self_points != self.appraised_points


@attrs.frozen
class AgencyCut:
    """An agency's appraisal in sum: cells appraised and changed, points cut and added."""

    agency: str
    appraised: int
    changed: int
    cut: Decimal  # the sum of the reductions, ≥ 0
    added: Decimal  # the sum of the increases, ≥ 0

    @property
    def net(self) -> Decimal:
        return self.added - self.cut


def _comments(assessments: Iterable[Assessment],
              units: set[str]) -> dict[tuple[str, str, str], str]:
    """The appraisers' comments of the units in ``units``, by (unit, code, agency)."""
    out: dict[tuple[str, str, str], str] = {}
    for a in assessments:
        if not a.appraisals or a.unit.id not in units:
            continue
        for app in a.appraisals:
            for ans in app.answers:
                if ans.note:
                    out[(a.unit.id, ans.code, app.agency.casefold())] = ans.note
    return out


_Cell = tuple[Scorecard, str, str, Decimal | None, Decimal | None]


def _appraised_cells(rubric: Rubric, cards: Iterable[Scorecard]) -> list[_Cell]:
    """Every appraised leaf of every unit, in unit then tree order: (scorecard,
    code, agency, self-assessed points, appraised points), as the scorecards'
    nodes give them. A whole scored cohort is read off the engine's stage
    columns, for the appraised cells only (:meth:`ScoredCohort.appraised_cells`):
    nothing is read when no unit was appraised."""
    from .engine.core import ScoredCohort

    if isinstance(cards, ScoredCohort) and cards.whole() is not None:
        return [(cards[u], code, by, s, a) for u, code, by, s, a in cards.appraised_cells()]
    leaves = [n.code for n in rubric.leaves()]
    out: list[_Cell] = []
    for card in cards:
        if not card.appraised:
            continue
        for code in leaves:
            ns = card.nodes.get(code)
            if ns is not None and ns.appraised_by is not None:
                out.append((card, code, ns.appraised_by, ns.self_points, ns.appraised_points))
    return out


def appraisal_changes(rubric: Rubric, cards: Iterable[Scorecard],
                      assessments: Iterable[Assessment] = (), *,
                      changed_only: bool = False) -> list[Change]:
    """Every appraised leaf of every unit, in unit then tree order; the comment
    comes from ``assessments`` (the cohort scored) when given. Nothing is
    listed (nor read) when no unit was appraised; with ``changed_only``, only
    the leaves whose appraised points differ from the self-assessed ones."""
    cells = _appraised_cells(rubric, cards)
    if not cells:
        return []
    notes = _comments(assessments, {card.unit.id for card, *_ in cells})
    out: list[Change] = []
    for card, code, agency, self_points, appraised_points in cells:
        comment = notes.get((card.unit.id, code, agency.casefold()))
        ch = Change(card.unit.id, card.unit.name, code, rubric.get(code).name, agency,
                    self_points, appraised_points, comment)
        if changed_only and not ch.changed:
            continue
        out.append(ch)
    return out


def cuts_by_agency(changes: Iterable[Change]) -> list[AgencyCut]:
    """Per agency (in order of first appearance): how much it cut and added."""
    acc: dict[str, list[Any]] = {}
    for ch in changes:
        key = next((k for k in acc if same_agency(k, ch.agency)), ch.agency)
        row = acc.setdefault(key, [0, 0, ZERO, ZERO])
        row[0] += 1
        if ch.changed:
            row[1] += 1
        d = ch.delta
        if d is not None and d < 0:
            row[2] -= d
        elif d is not None and d > 0:
            row[3] += d
    return [AgencyCut(k, *v) for k, v in acc.items()]
