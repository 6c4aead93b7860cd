"""Where the round stands: per agency and per unit, what is appraised, what is
missing, and what came in past the appraisal window."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Literal

import attrs

from ..assessment import Assessment
from ..model import Period, name_key, nfc
from .merge import Entry, Merged
from .round import Assignment, same_agency

State = Literal["appraised", "late", "missing", "overdue"]

STATE_VI: dict[str, str] = {
    "appraised": "đã thẩm định",
    "late": "đã thẩm định, sau thời hạn",
    "missing": "chưa thẩm định",
    "overdue": "chưa thẩm định, đã quá thời hạn",
}


@attrs.frozen
class UnitStatus:
    """One agency's work on one unit."""

    agency: str
    unit_id: str
    unit_name: str
    assigned: tuple[str, ...]
    appraised: tuple[str, ...]
    missing: tuple[str, ...]
    state: State
    date: date | None = None

    @property
    def state_vi(self) -> str:
        return STATE_VI[self.state]


@attrs.frozen
class RoundStatus:
    """Every agency's work on every unit, in the assignment's order."""

    units: tuple[UnitStatus, ...]
    unassigned: tuple[str, ...]  # leaves no agency appraises (rubric and overrides say none)
    window: Period | None
    rejected: int = 0  # appraised cells the merge refused (each with its problem)

    @property
    def missing(self) -> tuple[UnitStatus, ...]:
        return tuple(u for u in self.units if u.missing)

    @property
    def complete(self) -> bool:
        return not self.missing

    def agencies(self) -> list[str]:
        out: list[str] = []
        for u in self.units:
            if u.agency not in out:
                out.append(u.agency)
        return out

    def of(self, agency: str) -> tuple[UnitStatus, ...]:
        return tuple(u for u in self.units if same_agency(u.agency, agency))


def round_status(assign: Assignment, cohort: Sequence[Assessment], merged: Merged, *,
                 window: Period | None = None, today: date | None = None) -> RoundStatus:
    """The state of the round after ``merged`` (from :func:`merge` on ``cohort``).

    ``window`` defaults to the rubric's ``workflow.appraisal_window``. A unit's
    work is *late* when an appraised cell is dated after the window's end, and
    *overdue* when cells are missing and ``today`` is after it."""
    window = window or assign.rubric.workflow.appraisal_window
    done: dict[tuple[str, str], list[Entry]] = {}
    index = {nfc(a.unit.id): a for a in merged.assessments}
    for e in merged.applied:
        if e.answer.value is None:  # a comment without a result is not an appraisal
            continue
        a = index.get(nfc(e.unit)) or next(
            (x for x in merged.assessments
             if name_key(x.unit.name) == name_key(e.unit)), None)
        if a is not None:
            done.setdefault((a.unit.id, e.code), []).append(e)
    units: list[UnitStatus] = []
    unassigned: set[str] = set()
    for agency in assign.agencies(cohort):
        for a in cohort:
            codes = tuple(assign.codes_for(agency, a))
            if not codes:
                continue
            got = [e for c in codes for e in done.get((a.unit.id, c), [])
                   if same_agency(e.agency, agency)]
            appraised = tuple(c for c in codes if any(e.code == c for e in got))
            missing = tuple(c for c in codes if c not in appraised)
            dates = [e.date for e in got if e.date is not None]
            last = max(dates) if dates else None
            units.append(UnitStatus(agency, a.unit.id, a.unit.name, codes, appraised, missing,
                                    _state(missing, last, window, today), last))
    for a in cohort:
        unassigned |= {c for c, who in assign.tasks(a).items() if who is None}
    order = [c for c in assign.default if c in unassigned]
    return RoundStatus(tuple(units), tuple(order), window, len(merged.rejected))


def _state(missing: Iterable[str], last: date | None, window: Period | None,
           today: date | None) -> State:
    past = window is not None and today is not None and today > window.end
    if tuple(missing):
        return "overdue" if past else "missing"
    if window is not None and last is not None and last > window.end:
        return "late"
    return "appraised"
