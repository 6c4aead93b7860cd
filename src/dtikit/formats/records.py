"""From the cells of one unit (a form sheet, or a row of a collection) to an
:class:`~dtikit.Assessment`, with every problem located at its cell; and the
import report that accounts for every unit read."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from ..assessment import Answer, Appraisal, Assessment, NotApplicable, Origin, Unit, Value
from ..errors import AnswerError, FileRejected, Problem
from ..messages import Text, message_of
from ..model import Rubric, nfc
from .base import ImportReport, Rejected
from .cells import CellError, Cells, to_date, to_number, to_text
from .spec import YES, LeafInput
from .values import (
    Located,
    check_value,
    parse_evidence,
    parse_flag,
    read_value,
    value_for_points,
)

Pos = tuple[int, int]


@attrs.frozen
class LeafCells:
    """Where one leaf's cells are on a grid (``None``: the column is absent)."""

    code: str
    a: Pos
    b: Pos | None = None
    parts: tuple[tuple[str, Pos], ...] = ()
    points: Pos | None = None
    evidence: Pos | None = None
    explanation: Pos | None = None


@attrs.frozen
class AppraisalCells:
    """Where one leaf's appraisal cells are."""

    code: str
    a: Pos | None  # None: the form has no appraised-input column, points only
    b: Pos | None
    parts: tuple[tuple[str, Pos], ...]
    points: Pos | None
    agency: Pos | None
    note: Pos | None


@attrs.define
class UnitRead:
    """One unit as read: its assessment, or the problems that reject it."""

    where: str
    assessment: Assessment | None = None
    problems: list[Problem] = attrs.field(factory=list)
    name: str | None = None  # the unit's name when the sheet or row gives one


class Context:
    """What every unit of one import shares: the rubric and its leaves' inputs."""

    def __init__(self, rubric: Rubric, inputs: Mapping[str, LeafInput], path: Path) -> None:
        self.rubric, self.inputs, self.path = rubric, inputs, path
        self.variants = {nfc(v.name).casefold(): v.key for v in rubric.variants}
        self.variants.update({nfc(v.key).casefold(): v.key for v in rubric.variants})

    def removed(self, variant: str | None) -> set[str]:
        return set(self.rubric.removed_by(self.rubric.variant(variant)))


def _text(grid: Cells, pos: Pos | None) -> str | None:
    if pos is None:
        return None
    v = grid.get(*pos)
    return None if v is None else to_text(v)


class Fields:
    """The unit's header fields: name, id, parent, variant, dates, flags."""

    def __init__(self, grid: Cells, cells: Mapping[str, Pos]) -> None:
        self.grid, self.cells = grid, cells

    def text(self, key: str) -> str | None:
        return _text(self.grid, self.cells.get(key))

    def where(self, key: str) -> str:
        pos = self.cells.get(key)
        return self.grid.ref(*pos) if pos else self.grid.name

    def parse(self, key: str, fn: Callable[[Any], Any], problems: list[Problem]) -> Any:
        pos = self.cells.get(key)
        value = None if pos is None else self.grid.get(*pos)
        if value is None:
            return None
        try:
            return fn(value)
        except CellError as exc:
            problems.append(Problem(self.where(key), message_of(exc)))
            return None


def build_unit(ctx: Context, grid: Cells, where: str, fields: Fields,
               leaves: Sequence[LeafCells], appraisals: Sequence[AppraisalCells] = (),
               ) -> UnitRead:
    """Read one unit; every problem names its cell."""
    out = UnitRead(where)
    problems = out.problems
    unit = read_unit(ctx, fields, problems)
    removed = ctx.removed(unit.variant) if unit is not None else set()
    answers = []
    for lc in leaves:
        try:
            ans = self_answer(ctx.inputs[lc.code], grid, lc, removed, ctx.rubric)
        except Located as exc:
            problems.append(Problem(exc.where, exc.message))
            continue
        if ans is not None:
            answers.append(ans)
    apps = _appraisals(ctx, grid, fields, appraisals, removed, problems)
    out.name = unit.name if unit is not None else None
    if unit is None:
        empty = not answers and not apps and not problems
        problems.append(Problem(fields.where("unit"),
                                Text("form.empty") if empty else Text("form.no_unit_name")))
    sample = fields.parse("sample", parse_flag, problems)
    submitted = fields.parse("submitted", to_date, problems)
    reason = fields.text("not_ranked")
    if unit is None or problems:
        return out
    out.assessment = Assessment(
        rubric_id=ctx.rubric.id, unit=unit, answers=answers, appraisals=apps,
        submitted=submitted, ranked=reason is None,
        not_ranked_reason=None if reason is None or reason == YES else reason,
        sample=bool(sample), origin=_origin(ctx, grid, where, leaves, appraisals, answers,
                                            apps),
    )
    return out


def _origin(ctx: Context, grid: Cells, where: str, leaves: Sequence[LeafCells],
            appraisals: Sequence[AppraisalCells], answers: Sequence[Answer],
            apps: Sequence[Appraisal]) -> Origin:
    """The file, the unit's place and the cell of each answer read (its first
    input cell: ``a`` of a ratio, the first part of parts)."""
    answered = {a.code for a in answers}
    cells = {}
    for lc in leaves:
        if lc.code in answered:
            pos = lc.a if lc.a[1] >= 0 or not lc.parts else lc.parts[0][1]
            cells[lc.code] = grid.ref(*pos)
    appraised = {}
    app_codes = {x.code for app in apps for x in app.answers}
    for ac in appraisals:
        if ac.code not in app_codes:
            continue
        at = ac.a or ac.points or (ac.parts[0][1] if ac.parts else None)
        if at is not None:
            appraised[ac.code] = grid.ref(*at)
    return Origin(str(ctx.path), where, cells, appraised)


def read_unit(ctx: Context, fields: Fields, problems: list[Problem]) -> Unit | None:
    """The unit its header fields name (None: no name); a problem per field it refuses."""
    name = fields.text("unit")
    variant_text = fields.text("variant")
    variant = None
    if variant_text is not None:
        variant = ctx.variants.get(variant_text.casefold())
        if variant is None:
            known = ", ".join(v.name for v in ctx.rubric.variants) or Text("none")
            problems.append(Problem(fields.where("variant"),
                                    Text("form.unknown_variant", value=variant_text,
                                         rubric=ctx.rubric.id, known=known)))
    rubric_id = fields.text("rubric")
    if rubric_id is not None and rubric_id != ctx.rubric.id:
        problems.append(Problem(fields.where("rubric"), Text("form.other_rubric", rubric=rubric_id,
                                                             expected=ctx.rubric.id)))
    if name is None:
        return None
    return Unit(name=name, id=fields.text("unit_id") or name, tier=ctx.rubric.tier,
                parent=fields.text("parent"), variant=variant)


def self_answer(inp: LeafInput, grid: Cells, lc: LeafCells, removed: set[str],
                rubric: Rubric) -> Answer | None:
    """One leaf's self-assessed answer from its cells (value, evidence,
    explanation); also the column-wise reader's, for each distinct content."""
    value = read_value(inp, grid, lc.a, lc.b, lc.parts)
    if value is None and lc.points is not None and grid.get(*lc.points) is not None:
        value = _from_points(inp, grid, lc.points)
    evidence = parse_evidence(_text(grid, lc.evidence))
    explanation = _text(grid, lc.explanation)
    if value is None and not evidence and explanation is None:
        return None
    check_answer(inp, value, removed, rubric, grid, lc.a)
    return Answer(lc.code, value, evidence, explanation)


def _from_points(inp: LeafInput, grid: Cells, pos: Pos) -> Value:
    try:
        points, pct = to_number(grid.get(*pos), grid.is_percent(*pos))
        if pct:
            raise CellError(Text("cell.points_percent"))
        return value_for_points(inp, points)
    except CellError as exc:
        raise Located(grid.ref(*pos), message_of(exc)) from None


def check_answer(inp: LeafInput, value: Value | None, removed: set[str], rubric: Rubric,
           grid: Cells, pos: Pos) -> None:
    if value is None:
        return
    if isinstance(value, NotApplicable):
        if not rubric.accepts_na(inp.code, removed):
            raise Located(grid.ref(*pos), Text("cell.na_forbidden", code=inp.code))
        return
    try:
        check_value(inp, value)
    except AnswerError as exc:
        raise Located(grid.ref(*pos), Text("cell.indicator", code=inp.code,
                                                error=message_of(exc))) from None


def _appraisals(ctx: Context, grid: Cells, fields: Fields, cells: Sequence[AppraisalCells],
                removed: set[str], problems: list[Problem]) -> list[Appraisal]:
    default = fields.text("agency")
    when = fields.parse("appraisal_date", to_date, problems)
    by_agency: dict[str, list[Answer]] = {}
    for ac in cells:
        inp = ctx.inputs[ac.code]
        anchor = ac.a or ac.points or ac.agency
        assert anchor is not None
        try:
            value = read_value(inp, grid, ac.a, ac.b, ac.parts) if ac.a else None
            if value is None and ac.points is not None and grid.get(*ac.points) is not None:
                value = _from_points(inp, grid, ac.points)
            note = _text(grid, ac.note)
            if value is None and note is None:
                continue
            check_answer(inp, value, removed, ctx.rubric, grid, anchor)
        except Located as exc:
            problems.append(Problem(exc.where, exc.message))
            continue
        agency = _text(grid, ac.agency) or default
        if agency is None:
            where = grid.ref(*(ac.agency or anchor))
            problems.append(Problem(where, Text("form.no_agency", code=ac.code)))
            continue
        by_agency.setdefault(agency, []).append(Answer(ac.code, value, note=note))
    return [Appraisal(agency, answers, date=when) for agency, answers in by_agency.items()]


# ------------------------------------------------------------------ the report


def _reason(problems: Sequence[Problem]) -> str:
    more = Text("rejected.more", count=len(problems) - 3) if len(problems) > 3 else ""
    return Text("rejected.problems", count=len(problems), first=tuple(problems[:3]) or "",
                more=more)


def report(path: Path, units: Iterable[UnitRead], *, strict: bool) -> ImportReport:
    """Account for every unit read; reject duplicates; raise all problems if ``strict``."""
    accepted: list[Assessment] = []
    rejected: list[Rejected] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    read = 0
    for u in units:
        read += 1
        a = u.assessment
        if a is not None and a.unit.id in seen:
            u.problems.append(Problem(u.where, Text("form.unit_twice", unit=a.unit.id,
                                                    also=seen[a.unit.id])))
        if u.problems or a is None:
            name = u.name if u.name is not None else (a.unit.name if a is not None else None)
            rejected.append(Rejected(u.where, _reason(u.problems), name))
            # each problem names its unit too (the sheet and cell alone do not, in a batch)
            problems.extend(p if name is None else Problem(f"{p.where}, {name}", p.message)
                            for p in u.problems)
            continue
        seen[a.unit.id] = u.where
        accepted.append(a)
    if strict and problems:
        raise FileRejected(problems, source=str(path))
    apps = tuple((a.unit.id, ap) for a in accepted for ap in a.appraisals)
    return ImportReport(
        source=str(path),
        assessments=tuple(accepted),
        appraisals=apps,
        rows_read=read,
        rows_accepted=len(accepted),
        rejected=tuple(rejected),
        problems=tuple(problems),
    )
