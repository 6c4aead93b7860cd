"""Reading filled workbooks: form sheets (one unit each) and collection sheets
(one unit per row), in any mix, into an :class:`~dtikit.ImportReport`.

A *unit* is the thing read: a form sheet, or a row of a collection sheet.
Every unit read is either accepted (its :class:`~dtikit.Assessment` is in
``report.assessments``) or rejected with a reason, and every problem is in
``report.problems`` with its sheet and cell (``Biểu 03!F27: "12a" is not a
number``) — so one bad unit does not hold up the others. With
``strict=True`` any problem raises :class:`~dtikit.errors.FileRejected`
carrying all of them. A file that cannot be read at all (not a workbook, a
zip bomb, no form in it, another rubric's workbook) always raises.

Points columns are computed by the library: they are read only where the
inputs beside them are empty (an officer who types points alone gets the
answer that scores them, or a problem saying which points are possible).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import FileRejected, Problem
from ..messages import Text
from ..methods import MethodRegistry
from ..model import Rubric
from .base import ImportReport
from .cells import Grid, LoadedBook, ReaderEngine, load_book, to_text
from .records import AppraisalCells, Context, Fields, LeafCells, UnitRead, build_unit, report
from .safety import DEFAULT_LIMITS, Limits
from .spec import COLLECTION_MARK, FORM_MARK, leaf_inputs

_SCAN_ROWS = 12


def read_assessments(rubric: Rubric, path: str | Path, *, engine: ReaderEngine = "calamine",
                     strict: bool = False, methods: MethodRegistry | None = None,
                     limits: Limits = DEFAULT_LIMITS, columnwise: bool = True) -> ImportReport:
    """Read every unit's self-assessment (and appraisal, where the form has one).

    A workbook of one collection sheet (one unit per row) read with calamine
    goes column-wise (:func:`dtikit.formats.columnwise.read_book`: each distinct
    cell content read once, the same report to the last Decimal, about 4×
    faster); any problem, a form sheet, percent-formatted cells, several
    sheets — and the file is read cell by cell, which locates every problem
    at its cell. ``columnwise=False`` always reads cell by cell (the
    reference the column-wise path is tested against)."""
    from ..engine.plan import gc_paused
    from .columnwise import read_book

    path = Path(path)
    with gc_paused():  # millions of cell values, no cycles: the collector would walk them all
        book = load_book(path, engine, limits=limits)
        fast = read_book(rubric, path, book, methods) if columnwise and engine == "calamine" \
            else None
    if fast is not None:  # a report without problems: strict has nothing to raise
        return fast
    units = list(_units(rubric, path, book, methods, appraisal=False))
    return report(path, units, strict=strict)


def read_appraisals(rubric: Rubric, path: str | Path, *, engine: ReaderEngine = "calamine",
                    strict: bool = False, methods: MethodRegistry | None = None,
                    limits: Limits = DEFAULT_LIMITS) -> ImportReport:
    """Read appraisal forms: ``report.appraisals`` holds ``(unit id, Appraisal)``;
    ``report.assessments`` the same units with their appraisals attached. A
    form sheet without the appraiser's columns is rejected."""
    path = Path(path)
    book = load_book(path, engine, limits=limits)
    units = list(_units(rubric, path, book, methods, appraisal=True))
    return report(path, units, strict=strict)


def _units(rubric: Rubric, path: Path, book: LoadedBook, methods: MethodRegistry | None,
           *, appraisal: bool) -> Iterator[UnitRead]:
    from .collection import read_collection_sheet

    check_meta(book, rubric, path)
    ctx = Context(rubric, leaf_inputs(rubric, methods), path)
    found = False
    for grid in book:
        if (mcol := form_column(grid)) is not None:
            unit = read_form_sheet(ctx, grid, mcol, appraisal=appraisal)
            if not grid.visible:
                if _empty_form(unit):  # a blank form left hidden: nothing to read
                    continue
                found = True
                yield _hidden(grid, unit.name)
                continue
            found = True
            yield _uncached(grid, unit, None)
        elif (hrow := collection_row(grid)) is not None:
            if not grid.visible:
                found = True
                yield _hidden(grid, None)
                continue
            found = True
            if appraisal:
                raise _rejected(path, grid.name, Text("form.collection_not_appraisal"))
            for unit in read_collection_sheet(ctx, grid, hrow):
                yield _uncached(grid, unit, _row_of(unit.where))
    if not found:
        names = ", ".join(g.name for g in book if g.visible) or Text("none")
        raise _rejected(path, None, Text("form.none_in_workbook", sheets=names))


UNCACHED = Text("form.uncached")
_SHOWN = 10  # uncached cells listed per unit


def _empty_form(unit: UnitRead) -> bool:
    return unit.assessment is None and unit.name is None and len(unit.problems) == 1 \
        and unit.problems[0].message.startswith("the form is empty")


def _hidden(grid: Grid, name: str | None) -> UnitRead:
    """A filled form (or collection) on a hidden sheet: one rejected unit, said so."""
    what = Text("form.a_form" if name is not None or form_column(grid) is not None
                else "form.a_collection")
    return UnitRead(grid.name, problems=[Problem(grid.name, Text("form.hidden", what=what))],
                    name=name)


def _row_of(where: str) -> int | None:
    """The 0-based row of a collection unit's ``Sheet!5:5``."""
    tail = where.rpartition("!")[2].partition(":")[0]
    return int(tail) - 1 if tail.isdigit() else None


def _uncached(grid: Grid, unit: UnitRead, row: int | None) -> UnitRead:
    """The unit, rejected with each formula cell (of its sheet, or its row) that has no
    saved value: such a cell reads as empty, and an empty answer must not be guessed."""
    if not grid.uncached:
        return unit
    cells = sorted(rc for rc in grid.uncached if row is None or rc[0] == row)
    if not cells:
        return unit
    extra = [Problem(grid.ref(r, c), UNCACHED) for r, c in cells[:_SHOWN]]
    if len(cells) > _SHOWN:
        extra.append(Problem(grid.name, Text("form.uncached_more", count=len(cells) - _SHOWN)))
    unit.problems.extend(extra)
    unit.assessment = None
    return unit


def _rejected(path: Path, sheet: str | None, message: str) -> FileRejected:
    where = f"{path.name}!{sheet}" if sheet else path.name
    return FileRejected([Problem(where, message)], source=str(path))


def check_meta(book: LoadedBook, rubric: Rubric, path: Path) -> None:
    """A workbook dtikit wrote names its rubric; another rubric's is refused whole."""
    ids = [to_text(row[0]) for row in book.meta("rubric") if row[0] is not None]
    if ids and rubric.id not in ids:
        raise _rejected(path, None, Text("form.workbook_other_rubric", rubric=", ".join(ids),
                                         expected=rubric.id))


def form_column(grid: Grid) -> int | None:
    for r in range(min(3, grid.height)):
        for c, v in enumerate(grid.rows[r]):
            if v == FORM_MARK:
                return c
    return None


def collection_row(grid: Grid) -> int | None:
    for r in range(min(_SCAN_ROWS, grid.height)):
        if grid.get(r, 0) == COLLECTION_MARK:
            return r
    return None


# ------------------------------------------------------------- a form sheet


class _FormScan:
    """Where things are on one form sheet, from its hidden machine column."""

    def __init__(self, grid: Grid, mcol: int) -> None:
        self.grid = grid
        self.roles: dict[str, int] = {}
        self.meta: dict[str, tuple[int, int]] = {}
        self.leaves: dict[str, int] = {}
        self.parts: dict[str, list[tuple[str, int]]] = {}
        self.unknown: list[tuple[int, str]] = []
        for r in range(grid.height):
            key = grid.get(r, mcol)
            if isinstance(key, str):
                self._key(r, key)

    def _key(self, r: int, key: str) -> None:
        kind, _, rest = key.partition(":")
        if key == "roles":
            row = self.grid.rows[r]
            self.roles = {str(v): c for c, v in enumerate(row) if isinstance(v, str) and v}
        elif kind == "meta":
            self.meta[rest] = (r, 2)
        elif kind == "leaf":
            self.leaves[rest] = r
        elif kind == "part":
            code, _, part = rest.partition("|")
            self.parts.setdefault(code, []).append((part, r))


def read_form_sheet(ctx: Context, grid: Grid, mcol: int, *, appraisal: bool) -> UnitRead:
    """One form sheet → one unit."""
    scan = _FormScan(grid, mcol)
    where = grid.name
    missing = [r for r in ("in_a", "in_b") if r not in scan.roles]
    if missing:
        return UnitRead(where, problems=[Problem(where, Text("form.roles_damaged"))])
    if appraisal and "app_points" not in scan.roles and "app_a" not in scan.roles:
        return UnitRead(where, problems=[Problem(where, Text("form.not_appraisal"))])
    problems = _unknown_rows(ctx, scan)
    leaves, apps = _leaf_cells(ctx, scan)
    out = build_unit(ctx, grid, where, Fields(grid, scan.meta), leaves, apps)
    if problems:
        out.problems[:0] = problems
        out.assessment = None
    return out


def _unknown_rows(ctx: Context, scan: _FormScan) -> list[Problem]:
    out = []
    for code, r in scan.leaves.items():
        if code not in ctx.inputs:
            out.append(Problem(scan.grid.ref(r, scan.roles.get("stt", 0)),
                               Text("form.row_not_leaf", code=code, rubric=ctx.rubric.id)))
    for code, parts in scan.parts.items():
        known = {k for k, _ in ctx.inputs[code].choices} if code in ctx.inputs else set()
        for key, r in parts:
            if key not in known:
                out.append(Problem(scan.grid.ref(r, scan.roles.get("name", 0)),
                                   Text("form.not_a_part", key=key, code=code)))
    return out


def _col(scan: _FormScan, role: str, r: int) -> tuple[int, int] | None:
    c = scan.roles.get(role)
    return None if c is None else (r, c)


def _leaf_cells(ctx: Context, scan: _FormScan) -> tuple[list[LeafCells], list[AppraisalCells]]:
    leaves: list[LeafCells] = []
    apps: list[AppraisalCells] = []
    has_app = "app_a" in scan.roles or "app_points" in scan.roles
    for code in ctx.inputs:
        r = scan.leaves.get(code)
        if r is None:
            continue
        parts = scan.parts.get(code, [])
        leaves.append(LeafCells(
            code, (r, scan.roles["in_a"]), _col(scan, "in_b", r),
            tuple((k, (pr, scan.roles["in_a"])) for k, pr in parts),
            _col(scan, "points", r), _col(scan, "evidence", r), _col(scan, "explanation", r)))
        if has_app:
            a = scan.roles.get("app_a")
            apps.append(AppraisalCells(
                code, None if a is None else (r, a),
                _col(scan, "app_b", r),
                tuple((k, (pr, a)) for k, pr in parts) if a is not None else (),
                _col(scan, "app_points", r), _col(scan, "app_agency", r),
                _col(scan, "app_note", r)))
    return leaves, apps
