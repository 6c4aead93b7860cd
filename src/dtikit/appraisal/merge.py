"""Merging the agencies' appraisals into the cohort, cell by cell.

Each appraised cell is an :class:`Entry`: where it was read (``file!sheet!cell``
or ``file: item 3``), the unit, the agency, the answer. :func:`merge` applies
every entry that holds; an entry that does not is *rejected with its place*,
never dropped silently and never guessed:

* a unit no self-assessment names, or a code that is not a leaf of the rubric;
* two entries for one cell (one unit, one indicator) — from two agencies, or
  the same agency twice with different answers: neither is applied, both are
  named, the self-assessed answer stays until the agencies settle it;
* an agency appraising an indicator assigned to another agency (when an
  assignment is given and the indicator has an agency at all).

The result does not depend on the order of the entries; an indicator no
entry appraises keeps its self-assessed answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import attrs

from ..assessment import Answer, Appraisal, Assessment, Parts
from ..errors import Problem
from ..messages import Listed, Text
from ..model import Rubric, UnitIndex, name_key, nfc
from .round import Assignment, same_agency


@attrs.frozen
class Entry:
    """One appraised cell: unit ``unit`` (its id or name as written), indicator
    ``answer.code``, by ``agency``."""

    where: str
    unit: str = attrs.field(converter=nfc)
    agency: str = attrs.field(converter=nfc)
    answer: Answer
    date: date | None = None
    note: str | None = None  # the note of the appraisal the cell came from

    @property
    def code(self) -> str:
        return self.answer.code


def entries_of(source: str, unit: str, appraisal: Appraisal) -> list[Entry]:
    """The cells of an :class:`Appraisal` (read from JSON or a form) as entries."""
    return [Entry(Text("at.source_unit_code", source=source, unit=unit, code=ans.code), unit,
                  appraisal.agency, ans,
                  appraisal.date, appraisal.note) for ans in appraisal.answers]


@attrs.frozen
class Merged:
    """What :func:`merge` did: the cohort with the appraisals attached, the
    entries applied, and the ones rejected with their problems (one per entry)."""

    assessments: tuple[Assessment, ...]
    applied: tuple[Entry, ...]
    rejected: tuple[tuple[Entry, Problem], ...]

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(p for _, p in self.rejected)


def _key(e: Entry) -> tuple[str, str, str, str, str, str]:
    value = e.answer.value
    shown = repr(sorted(value.done)) if isinstance(value, Parts) else repr(value)
    return (name_key(e.agency), e.code, e.where, shown + repr(e.answer.note),
            repr(e.date), e.note or "")


def merge(rubric: Rubric, cohort: Sequence[Assessment], entries: Iterable[Entry],
          assign: Assignment | None = None) -> Merged:
    """Attach the entries to the cohort's assessments (replacing the appraisals
    they carried); see the module docstring for what is rejected."""
    leaves = {n.code for n in rubric.leaves()}
    rejected: list[tuple[Entry, Problem]] = []
    cells: dict[tuple[int, str], list[Entry]] = {}
    found_at: dict[str, int | None] = {}  # each unit key matched once (files.read_inputs' rule)
    index = UnitIndex([a.unit for a in cohort])  # merge builds every assessment anyway

    def match(key: str) -> int | None:
        if key not in found_at:
            found_at[key] = index.find(key)
        return found_at[key]

    for e in sorted(entries, key=_key):
        i = match(e.unit)
        if i is None:
            rejected.append((e, Problem(e.where, Text("appraisal.unit_unknown", agency=e.agency,
                                                      unit=e.unit))))
            continue
        a = cohort[i]
        if e.code not in rubric:
            rejected.append((e, Problem(e.where, Text("appraisal.no_indicator", code=e.code,
                                                      rubric=rubric.id))))
            continue
        if e.code not in leaves:
            rejected.append((e, Problem(e.where, Text("appraisal.not_a_leaf", code=e.code))))
            continue
        if assign is not None:
            who = assign.agency(a.unit.id, e.code, a.unit.name)
            if who is not None and not same_agency(who, e.agency):
                rejected.append((e, Problem(e.where, Text("appraisal.not_assigned",
                                                          agency=e.agency, code=e.code,
                                                          unit=a.unit.name, who=who))))
                continue
        cells.setdefault((i, e.code), []).append(e)
    applied: list[Entry] = []
    for (i, code), found in cells.items():
        distinct = {(name_key(e.agency), e.answer, e.date) for e in found}
        if len(distinct) == 1:
            applied.append(found[0])
            continue
        for e in found:
            others = Listed([Text("appraisal.by_at", agency=o.agency, where=o.where)
                             for o in found if o is not e], "; ")
            rejected.append((e, Problem(e.where, Text("appraisal.twice", code=code,
                                                      unit=cohort[i].unit.name,
                                                      others=others))))
    by_unit: dict[int, dict[tuple[str, date | None], list[Entry]]] = {}
    for e in sorted(applied, key=_key):
        i = match(e.unit)
        assert i is not None
        group = by_unit.setdefault(i, {})
        agency = next((k for k, _ in group if same_agency(k, e.agency)), e.agency)
        group.setdefault((agency, e.date), []).append(e)
    out = []
    for i, a in enumerate(cohort):
        groups = by_unit.get(i, {})
        apps = [Appraisal(agency, sorted((e.answer for e in cells), key=lambda x: x.code),
                          date=when, note=_one_note(cells))
                for (agency, when), cells in sorted(groups.items(), key=_group_key)]
        out.append(attrs.evolve(a, appraisals=apps))
    rejected.sort(key=lambda r: (r[1].where, r[1].message))
    return Merged(tuple(out), tuple(applied), tuple(rejected))


def _one_note(cells: Sequence[Entry]) -> str | None:
    """The appraisals' note when the cells share one (else the notes, in order)."""
    notes = sorted({e.note for e in cells if e.note})
    return "; ".join(notes) or None


def _group_key(item: tuple[tuple[str, date | None], list[Entry]]) -> tuple[str, str]:
    (agency, when), _ = item
    return (name_key(agency), when.isoformat() if when else "")


def cohort_entries(source: str, cohort: Sequence[Assessment]) -> list[Entry]:
    """The appraisals a cohort's forms already carry, as entries (so a form's
    appraisal and an agency's file are checked against each other)."""
    return [e for a in cohort for app in a.appraisals
            for e in entries_of(source, a.unit.id, app)]
