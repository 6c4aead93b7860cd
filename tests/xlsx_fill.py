"""Filling a dtikit form with openpyxl as a person would, for the Excel tests.

A person types numbers (Excel keeps 15 significant digits of them), or text
with a decimal comma, or a rate with a percent format; picks Có/Không and
levels from the drop-downs; pastes text that may be decomposed (NFD). The
expected assessment after reading back is :func:`canonical`.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl

from dtikit import Answer, Appraisal, Assessment, Rubric
from dtikit.assessment import Choice, Flag, NotApplicable, Number, Parts, Ratio, Value
from dtikit.formats.spec import FORM_MARK, NA_TEXT, LeafInput
from dtikit.formats.values import choice_text, evidence_text, parse_evidence

# ----------------------------------------------------------------- locating


@attrs.define
class Layout:
    """Where things are on a form sheet (found as the reader finds them)."""

    mcol: int
    roles: dict[str, int]
    rows: dict[str, int]

    def cell(self, ws: Any, key: str, role: str) -> Any:
        return ws.cell(self.rows[key], self.roles[role])


def layout(ws: Any, mark: str = FORM_MARK) -> Layout:
    """The layout of a sheet whose machine column is headed ``mark`` (a self-assessment
    form's by default; an agency workbook's with its own mark)."""
    mcol = next(c.column for c in ws[1] if c.value == mark)
    rows: dict[str, int] = {}
    roles: dict[str, int] = {}
    for r in range(1, ws.max_row + 1):
        key = ws.cell(r, mcol).value
        if key == "roles":
            roles = {ws.cell(r, c).value: c for c in range(1, mcol) if ws.cell(r, c).value}
        if isinstance(key, str):
            rows[key] = r
    return Layout(mcol, roles, rows)


# ------------------------------------------------------------------- typing


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def type_number(cell: Any, value: Decimal, rng: random.Random, *, percent_ok: bool) -> None:
    """A number as a person enters it: a number cell, text "91,27", or a percentage."""
    digits = len(value.as_tuple().digits)
    style = rng.randrange(4 if percent_ok else 3)
    if style == 0 and digits <= 15:
        cell.value = float(value)  # what Excel stores for a typed number
    elif style == 3 and digits <= 13:
        cell.value = float(value / 100)
        cell.number_format = "0.00%"
    else:
        cell.value = f"{value:f}".replace(".", ",")
        cell.data_type = "s"


def type_value(ws: Any, lay: Layout, inp: LeafInput, value: Value, rng: random.Random,
               a_role: str, b_role: str) -> None:
    key = f"leaf:{inp.code}"
    a = lay.cell(ws, key, a_role)
    if isinstance(value, NotApplicable):
        a.value = rng.choice([NA_TEXT, NA_TEXT.lower(), nfd(NA_TEXT)])
    elif isinstance(value, Flag):
        a.value = rng.choice([("Có" if value.yes else "Không"), value.yes,
                              nfd("có" if value.yes else "KHÔNG")])
    elif isinstance(value, Choice):
        a.value = choice_text(inp, value.key)
    elif isinstance(value, Number):
        type_number(a, value.value, rng, percent_ok=inp.kind == "number")
    elif isinstance(value, Ratio):
        type_number(a, value.a, rng, percent_ok=False)
        type_number(lay.cell(ws, key, b_role), value.b, rng, percent_ok=False)
    elif isinstance(value, Parts):
        for k, _ in inp.choices:
            cell = lay.cell(ws, f"part:{inp.code}|{k}", a_role)
            cell.value = rng.choice(["Có", True]) if k in value.done else rng.choice(["Không",
                                                                                      False])
    else:  # pragma: no cover
        raise TypeError(value)


def fill_form(rubric: Rubric, template: Path, out: Path, assessment: Assessment,
              inputs: Mapping[str, LeafInput], seed: int) -> None:
    """Open a blank form and type one unit's assessment into it."""
    rng = random.Random(seed)
    wb = openpyxl.load_workbook(template)
    ws = wb.worksheets[0]
    lay = layout(ws)
    u = assessment.unit
    meta = 3  # the header block's value column
    ws.cell(lay.rows["meta:unit"], meta).value = nfd(u.name) if rng.random() < 0.5 else u.name
    if u.id != u.name:
        ws.cell(lay.rows["meta:unit_id"], meta).value = u.id
    if u.parent:
        ws.cell(lay.rows["meta:parent"], meta).value = u.parent
    if u.variant:
        variant = rubric.variant(u.variant)
        assert variant is not None
        ws.cell(lay.rows["meta:variant"], meta).value = rng.choice([variant.name, variant.key])
    if assessment.submitted:
        sub = assessment.submitted
        ws.cell(lay.rows["meta:submitted"], meta).value = (
            sub if rng.random() < 0.5 else f"{sub:%d/%m/%Y}")
    for ans in assessment.answers:
        inp = inputs[ans.code]
        if ans.value is not None:
            type_value(ws, lay, inp, ans.value, rng, "in_a", "in_b")
        text = evidence_text(ans.evidence)
        if text:
            lay.cell(ws, f"leaf:{ans.code}", "evidence").value = text
        if ans.explanation:
            lay.cell(ws, f"leaf:{ans.code}", "explanation").value = nfd(ans.explanation)
    if "app_a" in lay.roles:
        _fill_appraisals(ws, lay, assessment, inputs, rng)
    wb.save(out)


def _fill_appraisals(ws: Any, lay: Layout, a: Assessment, inputs: Mapping[str, LeafInput],
                     rng: random.Random) -> None:
    for agency, ans in effective_appraisals(a).values():
        inp = inputs[ans.code]
        if ans.value is not None:
            type_value(ws, lay, inp, ans.value, rng, "app_a", "app_b")
        lay.cell(ws, f"leaf:{ans.code}", "app_agency").value = agency
        if ans.note:
            lay.cell(ws, f"leaf:{ans.code}", "app_note").value = ans.note
    dates = {ap.date for ap in a.appraisals if ap.date}
    if len(dates) == 1:
        ws.cell(lay.rows["meta:appraisal_date"], 3).value = dates.pop()


# --------------------------------------------------------------- expected


def effective_appraisals(a: Assessment) -> dict[str, tuple[str, Answer]]:
    """code → (agency, answer): a later appraisal replaces an earlier one."""
    out: dict[str, tuple[str, Answer]] = {}
    for ap in a.appraisals:
        for ans in ap.answers:
            if ans.value is not None:
                out[ans.code] = (ap.agency, ans)
    return out


def canonical(rubric: Rubric, a: Assessment) -> Assessment:
    """What a form holds of an assessment: answers in tree order, evidence as its
    lines, one appraisal per agency with the effective answers, the unit's tier."""
    order = {n.code: i for i, n in enumerate(rubric.leaves())}
    answers = sorted(
        (attrs.evolve(x, evidence=parse_evidence(evidence_text(x.evidence)), note=None)
         for x in a.answers if x.value is not None or x.evidence or x.explanation),
        key=lambda x: order[x.code])
    eff = effective_appraisals(a)
    by_agency: dict[str, list[Answer]] = {}
    for code in sorted(eff, key=order.__getitem__):
        agency, ans = eff[code]
        by_agency.setdefault(agency, []).append(Answer(code, ans.value, note=ans.note))
    dates = {ap.date for ap in a.appraisals if ap.date}
    when: date | None = dates.pop() if len(dates) == 1 else None
    apps = [Appraisal(agency, ans, date=when) for agency, ans in by_agency.items()]
    unit = attrs.evolve(a.unit, tier=rubric.tier)
    return attrs.evolve(a, unit=unit, answers=answers, appraisals=apps)
