"""The appraisal round (*thẩm định*) as provinces run it.

1. :func:`assignment` — who appraises what: the rubric's ``appraiser`` per
   indicator, with per-unit overrides (:func:`read_overrides`, a CSV file);
2. :func:`write_agency_workbook` — one workbook per agency, one row per unit
   and assigned indicator; :func:`read_agency_workbook` reads it back;
3. :func:`merge` — the agencies' cells into the cohort, every conflict located;
4. :func:`round_status` — per agency and unit: appraised, missing, past the window;
5. :func:`appraisal_changes` — what the appraisal changed, per unit and indicator;
6. :class:`SignOff` — the decision that approved the results, with a content
   hash of the inputs (:func:`sign_off`, :func:`verify_sign_off`).

The step-by-step guide is docs/appraisal.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .changes import AgencyCut, Change, appraisal_changes, cuts_by_agency
from .merge import Entry, Merged, entries_of, merge
from .round import Assignment, Override, assignment, read_overrides, same_agency
from .signoff import SignOff, sign_off, verify_sign_off
from .status import RoundStatus, UnitStatus, round_status

if TYPE_CHECKING:
    from .workbook import (
        AgencyReturn,
        AgencyWork,
        agency_work,
        is_agency_workbook,
        read_agency_workbook,
        write_agency_workbook,
    )

_WORKBOOK = ("AgencyReturn", "AgencyWork", "agency_work", "is_agency_workbook",
             "read_agency_workbook", "write_agency_workbook")


def __getattr__(name: str) -> object:
    """The agency workbook (and openpyxl) load on first use."""
    if name in _WORKBOOK:
        from . import workbook

        return getattr(workbook, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AgencyCut",
    "AgencyReturn",
    "AgencyWork",
    "Assignment",
    "Change",
    "Entry",
    "Merged",
    "Override",
    "RoundStatus",
    "SignOff",
    "UnitStatus",
    "agency_work",
    "appraisal_changes",
    "assignment",
    "cuts_by_agency",
    "entries_of",
    "is_agency_workbook",
    "merge",
    "read_agency_workbook",
    "read_overrides",
    "round_status",
    "same_agency",
    "sign_off",
    "verify_sign_off",
    "write_agency_workbook",
]
