"""An agency's appraisal workbook (*phiếu thẩm định*): written for one agency
with every unit's self-assessment of the indicators assigned to it, filled in
by the agency, read back as :class:`~dtikit.appraisal.merge.Entry` cells.

One sheet, ``Thẩm định``: the agency and the window on top, then one row per
unit and assigned indicator (a row per part under a sum-of-parts indicator):

STT | Mã đơn vị | Đơn vị | Mã chỉ số | Chỉ số | Điểm tối đa | Cách xác định và
tính điểm | Kết quả tự đánh giá (a) | Mẫu số (b) | **Điểm tự chấm** | Tài liệu
kiểm chứng | Giải trình | Kết quả thẩm định (a) | Mẫu số thẩm định (b) |
**Điểm thẩm định** | Ý kiến thẩm định

The sheet is protected: only the appraiser's cells (the appraised result, or
the appraised points where the rubric's method is ``awarded``, the comment,
the date of the appraisal) are unlocked, with the same drop-down lists and
number checks as the self-assessment form. Where the method computes the
points from the result, dtikit computes them (on merging, and in the column
when the workbook is written again with appraisals); it never writes a formula.
A hidden last column holds each row's key (``cell:<unit id>|<code>``) and a
hidden row each column's role, so rows and columns a person adds or moves do
not confuse the reader. A row added by hand with the unit's id and the
indicator's code filled in is read too (and checked against the assignment
when merged).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from copy import copy
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter

from ..assessment import Answer, Assessment
from ..errors import FileRejected, Problem
from ..formats import printing
from ..formats import xlstyle as st
from ..formats.base import ImportReport, Rejected
from ..formats.cells import Grid, LoadedBook, load_book, to_date, to_text
from ..formats.records import check_answer
from ..formats.spec import DEFAULT_FORM, NO, YES, LeafInput, leaf_inputs
from ..formats.values import Located, describe_input, evidence_text, read_value, value_cells
from ..formats.xlsx_form import FormSheet, MetaSheet
from ..messages import Text, message_of
from ..methods import MethodRegistry
from ..model import Rubric, nfc
from ..outputs import atomic_path
from ..scoring import Scorecard
from .merge import Entry
from .round import Assignment, same_agency

MARK = "dtikit:appraisal:1"
KIND = "agency_appraisal"
SHEET = "Thẩm định"
TITLE = "PHIẾU THẨM ĐỊNH CHỈ SỐ CHUYỂN ĐỔI SỐ"

COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("stt", "STT", 6),
    ("unit_id", "Mã đơn vị", 12),
    ("unit", "Đơn vị", 24),
    ("code", "Mã chỉ số", 9),
    ("name", "Chỉ số / Chỉ số thành phần", 34),
    ("max", "Điểm tối đa", 9),
    ("how", "Cách xác định và tính điểm", 30),
    ("self_a", "Kết quả tự đánh giá / Tử số (a)", 14),
    ("self_b", "Mẫu số tự đánh giá (b)", 10),
    ("self_points", "Điểm tự chấm", 10),
    ("evidence", "Tài liệu kiểm chứng", 30),
    ("explanation", "Giải trình", 24),
    ("app_a", "Kết quả thẩm định / Tử số (a)", 14),
    ("app_b", "Mẫu số thẩm định (b)", 10),
    ("app_points", "Điểm thẩm định", 10),
    ("app_note", "Ý kiến thẩm định", 30),
)
ROLE_COL = {role: i for i, (role, _, _) in enumerate(COLUMNS, start=1)}
MCOL = len(COLUMNS) + 1
UNLOCKED = Protection(locked=False)


def _points_kind(inp: LeafInput) -> bool:
    """The appraiser enters points (method ``awarded``) rather than a result."""
    return inp.kind == "points"


# ------------------------------------------------------------------ writing


@attrs.frozen
class AgencyWork:
    """What one agency appraises: per unit, the leaves assigned to it."""

    agency: str
    units: tuple[tuple[Assessment, tuple[str, ...]], ...]

    @property
    def cells(self) -> int:
        return sum(len(codes) for _, codes in self.units)


def agency_work(assign: Assignment, cohort: Sequence[Assessment], agency: str) -> AgencyWork:
    """The units and indicators ``agency`` appraises (units with none left out)."""
    units = tuple((a, tuple(assign.codes_for(agency, a))) for a in cohort)
    return AgencyWork(agency, tuple((a, c) for a, c in units if c))


class _Writer:
    def __init__(self, rubric: Rubric, inputs: Mapping[str, LeafInput], work: AgencyWork,
                 cards: Mapping[str, Scorecard], appraised: Mapping[str, Scorecard]) -> None:
        self.rubric, self.inputs, self.work = rubric, inputs, work
        self.cards, self.appraised = cards, appraised
        self.wb = openpyxl.Workbook()
        self.wb.remove(self.wb.active)
        self.ws = self.wb.create_sheet(SHEET)
        self.meta = MetaSheet(self.wb, KIND, [rubric.id], DEFAULT_FORM.name)
        self.meta.add("agency", work.agency)
        # the self-assessment form's own validations (one rule, one home)
        self.form = FormSheet(self.ws, rubric, DEFAULT_FORM, inputs, self.meta, appraisal=True)
        self.row = 0
        self.width = len(COLUMNS)
        self.styles: dict[tuple[Any, ...], Any] = {}
        self.pending: dict[str, tuple[Callable[[str], None], list[str]]] = {}

    def key(self, r: int, key: str) -> None:
        st.set_value(self.ws.cell(r, MCOL), key)

    def band(self, text: str, font: Any, key: str | None = None) -> int:
        self.row += 1
        r = self.row
        st.put(self.ws, r, 1, text, font=font, align=st.CENTER, border=False)
        st.merge(self.ws, r, 1, self.width)
        if key:
            self.key(r, key)
        return r

    def meta_row(self, key: str, label: str, value: Any, *, editable: bool = False,
                 fmt: str | None = None) -> int:
        self.row += 1
        r = self.row
        st.put(self.ws, r, 1, label, font=st.BOLD, align=st.WRAP)
        st.merge(self.ws, r, 1, 3)
        cell = st.put(self.ws, r, 4, value, fill=st.INPUT_FILL if editable else None,
                      align=st.Alignment(horizontal="left", vertical="top", wrap_text=True),
                      fmt=fmt)
        st.merge(self.ws, r, 4, 8)
        if editable:
            cell.protection = UNLOCKED
        self.key(r, f"meta:{key}")
        return r

    def write(self, when: date | None) -> openpyxl.Workbook:
        rub = self.rubric
        r = self.band(TITLE, st.TITLE, MARK)
        self.ws.row_dimensions[r].height = 30
        self.band(rub.title, st.BOLD)
        self.row += 1
        self.meta_row("agency", "Cơ quan thẩm định", self.work.agency)
        self.meta_row("rubric", "Mã bộ chỉ số", rub.id)
        self.meta_row("decision", "Căn cứ", rub.source.cite())
        window = rub.workflow.appraisal_window
        if window is not None:
            self.meta_row("window", "Thời gian thẩm định",
                          f"{window.start:%d/%m/%Y} – {window.end:%d/%m/%Y}")
        r = self.meta_row("appraisal_date", "Ngày thẩm định", when, editable=True,
                          fmt=st.DATE_FORMAT)
        self.form.dv.add(f"D{r}", "date", operator="greaterThan", formula1="1",
                         error="Nhập ngày (dd/mm/yyyy)")
        self.meta_row("units", "Số đơn vị / số ô cần thẩm định",
                      f"{len(self.work.units)} đơn vị, {self.work.cells} chỉ số")
        self.band("Chỉ nhập vào các ô tô vàng: kết quả thẩm định (hoặc điểm thẩm định với chỉ số "
                  "chấm điểm trực tiếp) và ý kiến thẩm định. Điểm thẩm định của các chỉ số khác "
                  "do dtikit tính từ kết quả thẩm định khi tổng hợp.", st.ITALIC)
        self.row += 1
        self.row += 1
        hdr = self.row
        for role, label, width in COLUMNS:
            c = ROLE_COL[role]
            st.put(self.ws, hdr, c, label, font=st.BOLD, fill=st.HEADER_FILL, align=st.CENTER)
            self.ws.column_dimensions[get_column_letter(c)].width = width
        self.ws.row_dimensions[hdr].height = 48
        self.key(hdr, "hdr")
        self.row += 1
        for role, _, _ in COLUMNS:
            st.set_value(self.ws.cell(self.row, ROLE_COL[role]), role)
        self.ws.row_dimensions[self.row].hidden = True
        self.key(self.row, "roles")
        n = 0
        for a, codes in self.work.units:
            for code in codes:
                n += 1
                self.cell_rows(n, a, code)
        self.add_validations()
        self.finish(hdr)
        return self.wb

    def put(self, r: int, role: str, value: Any, *, editable: bool = False,
            font: Any = st.FONT, unused: bool = False) -> None:
        fill = st.INPUT_FILL if editable else (st.UNUSED_FILL if unused else None)
        fmt = "General" if role in ("self_a", "self_b", "app_a", "app_b") else None
        # one look, styled once: later cells take its style (openpyxl would hash
        # every style object again for every cell)
        key = (id(font), id(fill), fmt, editable, isinstance(value, Decimal))
        proto = self.styles.get(key)
        if proto is not None:
            cell = self.ws.cell(r, ROLE_COL[role])
            if value is not None:
                st.set_value(cell, value)
            cell._style = copy(proto)
            return
        cell = st.put(self.ws, r, ROLE_COL[role], value, font=font, fill=fill, align=st.WRAP,
                      fmt=fmt)
        if editable:
            cell.protection = UNLOCKED
        self.styles[key] = copy(cell._style)

    def validate(self, key: str, ref: str, first: Callable[[str], None]) -> None:
        """Validation of ``ref`` by the rule ``first`` adds (the form's own);
        added once per rule at the end, for every cell at once."""
        self.pending.setdefault(key, (first, []))[1].append(ref)

    def add_validations(self) -> None:
        from openpyxl.worksheet.cell_range import MultiCellRange

        for first, refs in self.pending.values():
            first(refs[0])
            for dv in self.ws.data_validations.dataValidation:
                if refs[0] in dv.sqref and len(refs) > 1:
                    dv.sqref = MultiCellRange(" ".join([str(dv.sqref), *refs[1:]]))

    def cell_rows(self, n: int, a: Assessment, code: str) -> None:
        inp = self.inputs[code]
        node = self.rubric.get(code)
        self.row += 1
        r = self.row
        uid = a.unit.id
        self.key(r, f"cell:{uid}|{code}")
        ans = a.answer(code)
        app = _appraised_answer(a, self.work.agency, code)
        card = self.cards.get(uid)
        ns = card.nodes.get(code) if card else None
        acard = self.appraised.get(uid)
        ans_app_pts = acard.nodes[code].appraised_points if acard and app else None
        sa, sb, sparts = value_cells(inp, ans.value if ans else None)
        aa, ab, aparts = value_cells(inp, app.value if app else None)
        points = _points_kind(inp)
        for role, value in (("stt", n), ("unit_id", uid), ("unit", a.unit.name), ("code", code),
                            ("name", node.name), ("max", node.max),
                            ("how", node.how or describe_input(inp)),
                            ("self_a", None if points else sa),
                            ("self_b", sb if inp.kind == "ratio" else None),
                            ("self_points", ns.self_points if ns else None),
                            ("evidence", evidence_text(ans.evidence) if ans else None),
                            ("explanation", ans.explanation if ans else None)):
            self.put(r, role, value)
        note = app.note if app else None
        self.put(r, "app_note", note, editable=True)
        ref_a = f"{get_column_letter(ROLE_COL['app_a'])}{r}"
        ref_b = f"{get_column_letter(ROLE_COL['app_b'])}{r}"
        ref_p = f"{get_column_letter(ROLE_COL['app_points'])}{r}"
        if points:  # method `awarded`: the appraiser enters points
            self.put(r, "app_a", None, unused=True)
            self.put(r, "app_b", None, unused=True)
            self.put(r, "app_points", aa, editable=True)
            self.validate(f"in:{inp.code}", ref_p, lambda ref: self.form.validate_input(inp, ref))
            return
        self.put(r, "app_points", ans_app_pts)
        if inp.kind == "parts":
            self.put(r, "app_a", aa, editable=inp.na_allowed, unused=not inp.na_allowed)
            self.put(r, "app_b", None, unused=True)
            if inp.na_allowed:
                self.validate(f"in:{inp.code}", ref_a,
                              lambda ref: self.form.validate_input(inp, ref))
            self.part_rows(a, inp, sparts, aparts)
            return
        self.put(r, "app_a", aa, editable=True)
        self.validate(f"in:{inp.code}", ref_a, lambda ref: self.form.validate_input(inp, ref))
        if inp.kind == "ratio":
            self.put(r, "app_b", ab, editable=True)
            self.validate("b", ref_b, lambda ref: self.form.dv.add(
                ref, "decimal", operator="greaterThanOrEqual", formula1="0",
                error="Nhập số không âm (mẫu số b)"))
        else:
            self.put(r, "app_b", None, unused=True)

    def part_rows(self, a: Assessment, inp: LeafInput, sparts: Mapping[str, str],
                  aparts: Mapping[str, str]) -> None:
        method_parts = getattr(inp.method, "parts", {})
        for key, label in inp.choices:
            self.row += 1
            r = self.row
            self.key(r, f"part:{a.unit.id}|{inp.code}|{key}")
            for role, _, _ in COLUMNS:
                self.put(r, role, None)
            self.put(r, "name", f"– {label}", font=st.ITALIC)
            self.put(r, "max", method_parts.get(key, (None, None))[1], font=st.ITALIC)
            self.put(r, "self_a", sparts.get(key))
            self.put(r, "app_a", aparts.get(key), editable=True)
            ref = f"{get_column_letter(ROLE_COL['app_a'])}{r}"
            self.validate("part", ref, lambda ref: self.form.dv.add(
                ref, "list", formula1=self.meta.list_formula([YES, NO]),
                error=f"Chọn {YES} hoặc {NO}"))

    def finish(self, hdr: int) -> None:
        ws = self.ws
        ws.column_dimensions[get_column_letter(MCOL)].hidden = True
        ws.freeze_panes = ws.cell(hdr + 2, ROLE_COL["code"])
        printing.setup_page(ws, area=f"A1:{get_column_letter(self.width)}{self.row}",
                            title_rows=f"{hdr}:{hdr}")
        prot = ws.protection
        prot.sheet = True
        prot.formatColumns = False
        prot.formatRows = False
        prot.autoFilter = False
        prot.sort = False
        ws.auto_filter.ref = f"A{hdr}:{get_column_letter(self.width)}{max(self.row, hdr + 1)}"


def _appraised_answer(a: Assessment, agency: str, code: str) -> Answer | None:
    for app in a.appraisals:
        if same_agency(app.agency, agency):
            for ans in app.answers:
                if ans.code == code:
                    return ans
    return None


def write_agency_workbook(rubric: Rubric, cohort: Sequence[Assessment], assign: Assignment,
                          agency: str, path: str | Path, *,
                          methods: MethodRegistry | None = None) -> AgencyWork:
    """Write ``agency``'s appraisal workbook to ``path`` (atomically: a temporary
    file in the same folder, then renamed). The cohort's self-assessed points
    are computed here; an appraisal the cohort already carries by this agency
    is written into the appraiser's cells. Returns what the workbook holds."""
    from ..engine.score import score

    work = agency_work(assign, cohort, agency)
    inputs = leaf_inputs(rubric, methods)
    bare = [attrs.evolve(a, appraisals=()) for a in cohort]
    cards = {c.unit.id: c for c in score(rubric, bare, methods=methods)}
    appraised = {c.unit.id: c for c in score(rubric, [a for a in cohort if a.appraisals],
                                             methods=methods)}
    dates = {app.date for a, _ in work.units for app in a.appraisals
             if app.date and same_agency(app.agency, agency)}
    when = next(iter(dates)) if len(dates) == 1 else None
    wb = _Writer(rubric, inputs, work, cards, appraised).write(when)
    with atomic_path(path) as temp:  # the old file or the new one, never a part
        wb.save(temp)
    return work


# ------------------------------------------------------------------ reading


@attrs.frozen
class AgencyReturn:
    """An agency workbook as read: its agency, date, the appraised cells, and
    the rows rejected (each problem at its cell)."""

    source: str
    agency: str
    date: date | None
    entries: tuple[Entry, ...]
    rows_read: int
    rejected: tuple[Rejected, ...] = ()
    problems: tuple[Problem, ...] = ()

    def report(self) -> ImportReport:
        """The same as an :class:`ImportReport` (appraisals grouped per unit)."""
        from ..assessment import Appraisal

        by_unit: dict[str, list[Answer]] = {}
        for e in self.entries:
            by_unit.setdefault(e.unit, []).append(e.answer)
        apps = tuple((u, Appraisal(self.agency, answers, date=self.date))
                     for u, answers in by_unit.items())
        return ImportReport(self.source, (), apps, rows_read=self.rows_read,
                            rows_accepted=self.rows_read - len(self.rejected),
                            rejected=self.rejected, problems=self.problems)


def _meta_value(book: LoadedBook, key: str) -> str | None:
    return next((to_text(row[0]) for row in book.meta(key) if row[0] is not None), None)


def is_agency_workbook(path: str | Path) -> bool:
    """Whether ``path`` is an agency workbook dtikit wrote: a look at its shared
    strings after the safety checks every workbook passes (a file that fails
    them is not one; its reader then says why)."""
    import zipfile

    from ..formats.safety import preflight

    p = Path(path)
    if p.suffix.lower() != ".xlsx" or not p.is_file():
        return False
    try:
        preflight(p)
        with zipfile.ZipFile(p) as z:
            # the kind is a string of the small hidden sheet: shared, or inline
            for info in z.infolist():
                name = info.filename
                small = (info.file_size <= _MAX_STRINGS if name == "xl/sharedStrings.xml"
                         else name.startswith("xl/worksheets/") and info.file_size <= _MAX_META)
                if small and KIND.encode() in z.read(info):
                    return True
            return False
    except (FileRejected, OSError, zipfile.BadZipFile, KeyError):
        return False


_MAX_STRINGS = 64 * 1024 * 1024  # an agency workbook's strings are far fewer
_MAX_META = 1024 * 1024  # the hidden sheet that names the kind is a few rows


def _sheet(book: LoadedBook) -> Grid | None:
    for grid in book:
        for r in range(min(3, grid.height)):
            if MARK in tuple(grid.rows[r]):
                return grid
    return None


def read_agency_workbook(rubric: Rubric, path: str | Path, *,
                         methods: MethodRegistry | None = None) -> AgencyReturn:
    """Read an agency workbook back. A file that is not one (or is another
    rubric's) raises :class:`FileRejected`; a bad cell rejects its row only."""
    from ..formats.xlsx_read import check_meta

    p = Path(path)
    book = load_book(p)
    check_meta(book, rubric, p)
    grid = _sheet(book)
    if grid is None or _meta_value(book, "kind") != KIND:
        raise FileRejected([Problem(p.name, Text("appraisal.not_workbook"))], source=str(p))
    mcol = next(c for c, v in enumerate(grid.rows[next(
        r for r in range(3) if MARK in tuple(grid.rows[r]))]) if v == MARK)
    inputs = leaf_inputs(rubric, methods)
    return _Reader(rubric, inputs, grid, mcol, p, _meta_value(book, "agency")).read()


class _Reader:
    def __init__(self, rubric: Rubric, inputs: Mapping[str, LeafInput], grid: Grid, mcol: int,
                 path: Path, agency: str | None) -> None:
        self.rubric, self.inputs, self.grid, self.mcol = rubric, inputs, grid, mcol
        self.path = path
        self.agency = agency
        self.roles: dict[str, int] = {}
        self.meta: dict[str, int] = {}
        self.cells: list[tuple[int, str, str]] = []  # row, unit, code
        self.parts: dict[tuple[str, str], list[tuple[str, tuple[int, int]]]] = {}
        self.hand: list[int] = []

    def ref(self, r: int, c: int) -> str:
        return f"{self.path.name}!{self.grid.ref(r, c)}"

    def scan(self) -> None:
        header = None
        for r in range(self.grid.height):
            key = self.grid.get(r, self.mcol)
            if not isinstance(key, str):
                if header is not None and r > header:
                    self.hand.append(r)
                continue
            kind, _, rest = key.partition(":")
            if key == "roles":
                header = r
                self.roles = {str(v): c for c, v in enumerate(self.grid.rows[r])
                              if isinstance(v, str) and v}
            elif kind == "meta":
                self.meta[rest] = r
            elif kind == "cell":
                unit, _, code = rest.rpartition("|")
                self.cells.append((r, unit, code))
            elif kind == "part":
                unit_code, _, part = rest.rpartition("|")
                unit, _, code = unit_code.rpartition("|")
                self.parts.setdefault((unit, code), []).append(
                    (part, (r, self.roles.get("app_a", 0))))

    def read(self) -> AgencyReturn:
        self.scan()
        problems: list[Problem] = []
        missing = [r for r in ("app_a", "app_b", "app_points", "app_note", "unit_id", "code")
                   if r not in self.roles]
        if missing:
            raise FileRejected([Problem(self.path.name, Text("appraisal.roles_damaged",
                                                             missing=", ".join(missing)))],
                               source=str(self.path))
        agency = self.agency
        if not agency:
            raise FileRejected([Problem(self.path.name, Text("appraisal.no_agency"))],
                               source=str(self.path))
        when = None
        if "appraisal_date" in self.meta:
            r = self.meta["appraisal_date"]
            raw = self.grid.get(r, 3)
            if raw is not None:
                try:
                    when = to_date(raw)
                except ValueError as exc:  # every row's date: the whole workbook waits
                    bad = Problem(self.ref(r, 3), Text("appraisal.bad_date",
                                                       error=message_of(exc)))
                    return AgencyReturn(str(self.path), agency, None, (), 1,
                                        (Rejected(bad.where, bad.message),), (bad,))
        for r in self.hand:
            uid = self.grid.get(r, self.roles["unit_id"])
            code = self.grid.get(r, self.roles["code"])
            if uid is not None and code is not None:
                self.cells.append((r, nfc(to_text(uid)), to_text(code)))
        entries: list[Entry] = []
        rejected: list[Rejected] = []
        for r, unit, code in self.cells:
            where = self.ref(r, self.roles["app_a"])
            try:
                entry = self.cell(r, unit, code, agency, when)
            except Located as exc:
                where = f"{self.path.name}!{exc.where}"
                problems.append(Problem(where, exc.message))
                rejected.append(Rejected(where, exc.message))
                continue
            if entry is not None:
                entries.append(entry)
        read = len(entries) + len(rejected)
        return AgencyReturn(str(self.path), agency, when, tuple(entries), read, tuple(rejected),
                            tuple(problems))

    def cell(self, r: int, unit: str, code: str, agency: str, when: date | None) -> Entry | None:
        g = self.grid
        col = self.roles
        inp = self.inputs.get(code)
        note_v = g.get(r, col["app_note"])
        note = None if note_v is None else to_text(note_v)
        if inp is None:
            a_v = g.get(r, col["app_a"]) or g.get(r, col["app_points"])
            if a_v is None and note is None:
                return None
            raise Located(g.ref(r, col["code"]), Text("appraisal.not_appraised_leaf", code=code,
                                                      rubric=self.rubric.id))
        if _points_kind(inp):
            pos = (r, col["app_points"])
            value = read_value(inp, g, pos, None)
        else:
            pos = (r, col["app_a"])
            value = read_value(inp, g, pos, (r, col["app_b"]), self.parts.get((unit, code), ()))
        if value is None and note is None:
            return None
        check_answer(inp, value, set(), self.rubric, g, pos)
        where = f"{self.path.name}!{g.ref(*pos)}"
        return Entry(where, unit, agency, Answer(code, value, note=note), when)
