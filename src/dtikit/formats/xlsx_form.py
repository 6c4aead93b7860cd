"""The self-assessment form (and the appraisal form): written blank for any
rubric, or filled from an assessment with the points the library computed.

Layout of a form sheet, top to bottom: the form's code and title, notes, a
header block (unit, tier, period, rubric, decision, submission date), the
table in the form's column order — one row per indicator in tree order, a
row per part under a sum-of-parts leaf — a total row and the signatures.
A hidden last column holds a machine key on every row that matters
(``leaf:1.2``, ``meta:unit``, …) and a hidden row holds each column's role,
so the reader finds every cell whatever rows or columns a person adds.
Points are values the library computed, never formulas.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..assessment import Answer, Assessment
from ..methods import MethodRegistry
from ..model import Indicator, Rubric
from ..numbers import format_vi
from ..outputs import atomic_path
from ..scoring import Scorecard
from . import xlstyle as st
from .spec import (
    DEFAULT_FORM,
    FORM_MARK,
    META_SHEET,
    NA_TEXT,
    NO,
    YES,
    Column,
    FormSpec,
    LeafInput,
    leaf_inputs,
)
from .values import describe_input, evidence_text, value_cells

# ------------------------------------------------------------ the meta sheet


class MetaSheet:
    """The hidden ``_dtikit`` sheet: what wrote the workbook (key, value rows)
    and the drop-down lists too long to write inline."""

    def __init__(self, wb: Workbook, kind: str, rubric_ids: Sequence[str], form: str) -> None:
        from .. import __version__

        self.ws = wb.create_sheet(META_SHEET)
        self.ws.sheet_state = "hidden"
        self._row = 0
        self._list_col = 4
        for key, value in (("format", "dtikit"), ("version", "1"), ("kind", kind),
                           ("form", form), ("dtikit", __version__),
                           *(("rubric", r) for r in rubric_ids)):
            self.add(key, value)

    def add(self, key: str, value: str) -> None:
        self._row += 1
        st.set_value(self.ws.cell(self._row, 1), key)
        st.set_value(self.ws.cell(self._row, 2), value)

    def list_formula(self, values: Sequence[str]) -> str:
        """A validation list: inline when Excel allows it, else a range here."""
        if all("," not in v and '"' not in v for v in values) and len(",".join(values)) < 250:
            return '"' + ",".join(values) + '"'
        col = self._list_col
        self._list_col += 1
        for i, v in enumerate(values, start=1):
            st.set_value(self.ws.cell(i, col), v)
        letter = get_column_letter(col)
        return f"'{META_SHEET}'!${letter}$1:${letter}${len(values)}"


# -------------------------------------------------------------- validations


class Validations:
    """Data validations of one sheet, one object per distinct rule."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self._by_rule: dict[tuple[Any, ...], DataValidation] = {}

    def add(self, cell: str, kind: str, *, formula1: str | None = None,
            formula2: str | None = None, operator: str | None = None,
            error: str = "", prompt: str = "") -> None:
        key = (kind, formula1, formula2, operator, error, prompt)
        dv = self._by_rule.get(key)
        if dv is None:
            dv = DataValidation(type=kind, formula1=formula1, formula2=formula2,
                                operator=operator, allow_blank=True, showErrorMessage=True,
                                errorTitle="Giá trị không hợp lệ", error=error[:255],
                                showInputMessage=bool(prompt), prompt=prompt[:255] or None)
            self.ws.add_data_validation(dv)
            self._by_rule[key] = dv
        dv.add(cell)


# ------------------------------------------------------------- what to fill


@attrs.frozen
class Filled:
    """What a filled form shows for one unit."""

    assessment: Assessment
    card: Scorecard | None
    answers: Mapping[str, Answer]
    appraised: Mapping[str, tuple[str, Answer]]  # code → (agency, answer)

    @classmethod
    def of(cls, assessment: Assessment, card: Scorecard | None) -> Filled:
        appraised: dict[str, tuple[str, Answer]] = {}
        for appraisal in assessment.appraisals:  # a later appraisal replaces an earlier one
            for ans in appraisal.answers:
                if ans.value is not None:
                    appraised[ans.code] = (appraisal.agency, ans)
        return cls(assessment, card, {a.code: a for a in assessment.answers}, appraised)


# ---------------------------------------------------------------- one sheet


def _depths(rubric: Rubric) -> list[tuple[Indicator, int]]:
    out: list[tuple[Indicator, int]] = []

    def visit(node: Indicator, depth: int) -> None:
        out.append((node, depth))
        for child in node.children:
            visit(child, depth + 1)

    for top in rubric.indicators:
        visit(top, 0)
    return out


def _period_text(rubric: Rubric) -> str:
    if rubric.period is not None:
        return f"{rubric.period.start:%d/%m/%Y} – {rubric.period.end:%d/%m/%Y}"
    if rubric.until_year and rubric.until_year != rubric.year:
        return f"Năm {rubric.year} – {rubric.until_year}"
    return f"Năm {rubric.year}"


class FormSheet:
    """Writes one form sheet. ``filled`` is None for a blank template."""

    def __init__(self, ws: Worksheet, rubric: Rubric, spec: FormSpec,
                 inputs: Mapping[str, LeafInput], meta: MetaSheet, *, appraisal: bool,
                 filled: Filled | None = None, unit: str | None = None) -> None:
        self.ws, self.rubric, self.spec, self.inputs, self.meta = ws, rubric, spec, inputs, meta
        self.appraisal, self.filled, self.unit = appraisal, filled, unit
        self.layout: tuple[Column, ...] = spec.layout(appraisal)
        self.col = {c.role: i for i, c in enumerate(self.layout, start=1)}
        self.width = len(self.layout)
        self.mcol = self.width + 1  # the hidden machine column
        self.row = 0
        self.dv = Validations(ws)

    # -- helpers ------------------------------------------------------------

    def _next(self, key: str | None = None) -> int:
        self.row += 1
        if key is not None:
            st.set_value(self.ws.cell(self.row, self.mcol), key)
        return self.row

    def _width(self, col: int) -> float:
        c = self.layout[col - 1] if col <= self.width else None
        return (c.width or _DEFAULT_WIDTH.get(c.role, 14)) if c else 14

    def _fit(self, r: int, spans: dict[int, int] | None = None) -> None:
        """Set the row's height from its wrapped text: Excel and LibreOffice do not
        grow a row for text a program wrote."""
        spans = spans or {}
        lines = 1
        for col in range(1, self.width + 1):
            value = self.ws.cell(r, col).value
            if not isinstance(value, str) or not value:
                continue
            width = sum(self._width(c) for c in range(col, spans.get(col, col) + 1))
            per_line = max(4, int(width * 1.05))
            lines = max(lines, sum(-(-max(len(p), 1) // per_line) for p in value.split("\n")))
        if lines > 1:
            self.ws.row_dimensions[r].height = min(409, 16.5 * lines)

    def _ref(self, role: str, row: int | None = None) -> str:
        return f"{get_column_letter(self.col[role])}{row or self.row}"

    def _band(self, text: str, *, font: Any = st.FONT, align: Any = st.CENTER,
              key: str | None = None, height: float | None = None) -> None:
        r = self._next(key)
        st.put(self.ws, r, 1, text, font=font, align=align, border=False)
        st.merge(self.ws, r, 1, self.width)
        if height:
            self.ws.row_dimensions[r].height = height
        self._fit(r, {1: self.width})

    # -- the parts of the sheet ---------------------------------------------

    def write(self) -> None:
        self._title()
        self._header_block()
        self._table_header()
        for node, depth in _depths(self.rubric):
            self._node(node, depth)
        self._total()
        self._signatures()
        self._sheet_setup()

    def _title(self) -> None:
        r = self._next(FORM_MARK)
        if self.spec.code:
            st.put(self.ws, r, 1, self.spec.code, font=st.ITALIC, border=False,
                   align=st.Alignment(horizontal="right"))
            st.merge(self.ws, r, 1, self.width)
        title = self.spec.title + (" (THẨM ĐỊNH)" if self.appraisal else "")
        self._band(title, font=st.TITLE, height=36)
        self._band(self.rubric.title, font=st.BOLD)
        for note in self.spec.notes:
            self._band(note, font=st.ITALIC, align=st.WRAP, height=32)
        if self.filled is not None and self.filled.assessment.sample:
            self._band("DỮ LIỆU MẪU — không phải số liệu thật của đơn vị", font=st.RED)

    def _meta_row(self, key: str, label: str, value: Any, *, editable: bool,
                  fmt: str | None = None) -> int:
        r = self._next(f"meta:{key}")
        st.put(self.ws, r, 1, label, font=st.BOLD, align=st.WRAP)
        st.merge(self.ws, r, 1, 2)
        st.put(self.ws, r, 3, value, fill=st.INPUT_FILL if editable else None,
               align=st.Alignment(horizontal="left", vertical="top", wrap_text=True), fmt=fmt)
        st.merge(self.ws, r, 3, self.width)
        self._fit(r, {1: 2, 3: self.width})
        return r

    def _header_block(self) -> None:
        self.row += 1
        a = self.filled.assessment if self.filled else None
        unit = a.unit if a else None
        rub = self.rubric
        self._meta_row("unit", "Tên đơn vị", unit.name if unit else self.unit, editable=True)
        self._meta_row("unit_id", "Mã đơn vị",
                       unit.id if unit and unit.id != unit.name else None, editable=True)
        self._meta_row("parent", "Đơn vị cấp trên", unit.parent if unit else None, editable=True)
        if rub.variants:
            variant = rub.variant(unit.variant) if unit and unit.variant else None
            r = self._meta_row("variant", "Loại đơn vị (nếu có)",
                               variant.name if variant else None, editable=True)
            names = [v.name for v in rub.variants]
            self.dv.add(f"C{r}", "list", formula1=self.meta.list_formula(names),
                        error="Chọn một loại đơn vị trong danh sách")
        self._meta_row("tier", "Cấp đánh giá", rub.tier.name or rub.tier.key, editable=False)
        self._meta_row("period", "Kỳ đánh giá", _period_text(rub), editable=False)
        self._meta_row("rubric", "Mã bộ chỉ số", rub.id, editable=False)
        self._meta_row("decision", "Căn cứ", rub.source.cite(), editable=False)
        self._meta_row("submitted", "Ngày nộp", a.submitted if a else None, editable=True,
                       fmt=st.DATE_FORMAT)
        if self.appraisal:
            self._meta_row("agency", "Cơ quan thẩm định (mặc định)", self._default_agency(),
                           editable=True)
            self._meta_row("appraisal_date", "Ngày thẩm định", self._appraisal_date(),
                           editable=True, fmt=st.DATE_FORMAT)
        if a is not None and a.sample:
            self._meta_row("sample", "Dữ liệu mẫu", YES, editable=False)
        if a is not None and not a.ranked:
            self._meta_row("not_ranked", "Không xếp hạng (lý do)",
                           a.not_ranked_reason or YES, editable=True)

    def _default_agency(self) -> str | None:
        a = self.filled.assessment if self.filled else None
        agencies = {ap.agency for ap in a.appraisals} if a else set()
        return next(iter(agencies)) if len(agencies) == 1 else None

    def _appraisal_date(self) -> Any:
        a = self.filled.assessment if self.filled else None
        dates = {ap.date for ap in a.appraisals if ap.date} if a else set()
        return next(iter(dates)) if len(dates) == 1 else None

    def _table_header(self) -> None:
        self.row += 1
        r = self._next("hdr")
        for i, c in enumerate(self.layout, start=1):
            st.put(self.ws, r, i, c.label, font=st.BOLD, fill=st.HEADER_FILL, align=st.CENTER)
        self.ws.row_dimensions[r].height = 48
        roles = self._next("roles")
        for i, c in enumerate(self.layout, start=1):
            st.set_value(self.ws.cell(roles, i), c.role)
        self.ws.row_dimensions[roles].hidden = True
        self.header_row = r

    # -- indicator rows ------------------------------------------------------

    def _cells_common(self, node: Indicator, depth: int, r: int, parent: bool) -> None:
        font = st.BOLD if parent else st.FONT
        fill = st.PARENT_FILL if parent else None
        for role in self.col:
            st.put(self.ws, r, self.col[role], None, font=font, fill=fill, align=st.WRAP)
        st.put(self.ws, r, self.col["stt"], node.code, font=font, fill=fill, align=st.CENTER)
        st.put(self.ws, r, self.col["name"], node.name, font=font, fill=fill,
               align=st.Alignment(wrap_text=True, vertical="top", indent=depth))
        st.put(self.ws, r, self.col["max"], node.max, font=font, fill=fill, align=st.RIGHT)
        if "how" in self.col:
            how = node.how or (describe_input(self.inputs[node.code]) if not parent else None)
            st.put(self.ws, r, self.col["how"], how, font=font, fill=fill, align=st.WRAP)

    def _merge_inputs(self, r: int, first: str, second: str) -> None:
        a, b = self.col[first], self.col[second]
        if b == a + 1:
            st.merge(self.ws, r, a, b)

    def _node(self, node: Indicator, depth: int) -> None:
        if node.children:
            r = self._next(f"node:{node.code}")
            self._cells_common(node, depth, r, True)
            self._merge_inputs(r, "in_a", "in_b")
            if self.appraisal:
                self._merge_inputs(r, "app_a", "app_b")
            self._points(node.code, r)
            self._fit(r)
            return
        r = self._next(f"leaf:{node.code}")
        self._cells_common(node, depth, r, False)
        inp = self.inputs[node.code]
        self._inputs(inp, r, "in_a", "in_b")
        self._points(node.code, r)
        self._texts(node.code, r)
        if self.appraisal:
            self._inputs(inp, r, "app_a", "app_b")
            self._appraiser(node, inp, r)
        self._fit(r)
        if inp.kind == "parts":
            self._part_rows(node, inp, depth)

    def _points(self, code: str, r: int) -> None:
        card = self.filled.card if self.filled else None
        ns = card.nodes.get(code) if card else None
        st.put(self.ws, r, self.col["points"], ns.self_points if ns else None, align=st.RIGHT,
               fmt=st.POINTS_FORMAT)
        if self.appraisal:
            pts = ns.appraised_points if ns else None
            leaf = code in self.inputs
            st.put(self.ws, r, self.col["app_points"], pts, align=st.RIGHT, fmt=st.POINTS_FORMAT,
                   fill=st.INPUT_FILL if leaf else None)
            if leaf:
                inp = self.inputs[code]
                self.dv.add(self._ref("app_points", r), "decimal", operator="between",
                            formula1="0", formula2=f"{inp.max}",
                            error=f"Điểm từ 0 đến {format_vi(inp.max)}")

    def _texts(self, code: str, r: int) -> None:
        ans = self.filled.answers.get(code) if self.filled else None
        for role, value in (("evidence", evidence_text(ans.evidence) if ans else None),
                            ("explanation", ans.explanation if ans else None)):
            if role in self.col:
                st.put(self.ws, r, self.col[role], value, fill=st.INPUT_FILL, align=st.WRAP)

    def _answer_value(self, code: str, role_a: str) -> Any:
        if self.filled is None:
            return None
        if role_a == "in_a":
            ans = self.filled.answers.get(code)
        else:
            ans = self.filled.appraised.get(code, (None, None))[1]
        return ans.value if ans is not None else None

    def _inputs(self, inp: LeafInput, r: int, role_a: str, role_b: str) -> None:
        a, b, _ = value_cells(inp, self._answer_value(inp.code, role_a))
        ca, cb = self.col[role_a], self.col[role_b]
        st.put(self.ws, r, ca, a, fill=st.INPUT_FILL, align=st.RIGHT, fmt="General")
        if inp.kind == "ratio":
            st.put(self.ws, r, cb, b, fill=st.INPUT_FILL, align=st.RIGHT, fmt="General")
            self.dv.add(self._ref(role_b, r), "decimal", operator="greaterThanOrEqual",
                        formula1="0", error="Nhập số không âm (mẫu số b)")
        else:
            st.put(self.ws, r, cb, None, fill=st.UNUSED_FILL)
            self._merge_inputs(r, role_a, role_b)
        self._validate(inp, self._ref(role_a, r))

    def _validate(self, inp: LeafInput, cell: str) -> None:
        na = [NA_TEXT] if inp.na_allowed else []
        if inp.kind == "flag":
            self.dv.add(cell, "list", formula1=self.meta.list_formula([YES, NO, *na]),
                        error=f"Chọn {YES} hoặc {NO}")
        elif inp.kind == "choice":
            from .values import choice_text

            labels = [choice_text(inp, k) for k, _ in inp.choices] + na
            self.dv.add(cell, "list", formula1=self.meta.list_formula(labels),
                        error="Chọn một mức trong danh sách", prompt=describe_input(inp))
        elif inp.kind == "parts":
            if na:
                self.dv.add(cell, "list", formula1=self.meta.list_formula(na),
                            error=f"Để trống hoặc chọn {NA_TEXT}")
        elif inp.kind in ("number", "points", "ratio"):
            self._validate_number(inp, cell, na)

    def _validate_number(self, inp: LeafInput, cell: str, na: list[str]) -> None:
        top = f"{inp.max}" if inp.kind == "points" else None
        if na:
            cond = f"AND(ISNUMBER({cell}),{cell}>=0" + (f",{cell}<={top})" if top else ")")
            self.dv.add(cell, "custom", formula1=f'OR({cond},{cell}="{NA_TEXT}")',
                        error=f"Nhập số không âm, hoặc {NA_TEXT}")
        elif top:
            self.dv.add(cell, "decimal", operator="between", formula1="0", formula2=top,
                        error=f"Điểm từ 0 đến {format_vi(inp.max)}")
        else:
            self.dv.add(cell, "decimal", operator="greaterThanOrEqual", formula1="0",
                        error="Nhập số không âm")

    def _appraiser(self, node: Indicator, inp: LeafInput, r: int) -> None:
        agency = note = None
        if self.filled is not None and node.code in self.filled.appraised:
            agency, ans = self.filled.appraised[node.code]
            note = ans.note
        elif self.filled is None or not self.filled.assessment.appraisals:
            agency = self._assigned(node.code)
        for role, value in (("app_agency", agency), ("app_note", note)):
            if role in self.col:
                st.put(self.ws, r, self.col[role], value, fill=st.INPUT_FILL, align=st.WRAP)

    def _assigned(self, code: str) -> str | None:
        c: str | None = code
        while c is not None:
            node = self.rubric.get(c)
            if node.appraiser:
                return node.appraiser
            c = self.rubric.parent_of(c)
        return None

    def _part_rows(self, node: Indicator, inp: LeafInput, depth: int) -> None:
        method_parts = getattr(inp.method, "parts", {})
        self_parts = value_cells(inp, self._answer_value(node.code, "in_a"))[2]
        app_parts = value_cells(inp, self._answer_value(node.code, "app_a"))[2]
        for key, label in inp.choices:
            r = self._next(f"part:{node.code}|{key}")
            for role in self.col:
                st.put(self.ws, r, self.col[role], None, align=st.WRAP)
            st.put(self.ws, r, self.col["name"], f"– {label}",
                   align=st.Alignment(wrap_text=True, vertical="top", indent=depth + 1),
                   font=st.ITALIC)
            pts = method_parts.get(key, (None, None))[1]
            st.put(self.ws, r, self.col["max"], pts, align=st.RIGHT, font=st.ITALIC)
            for role_a, role_b, chosen in (("in_a", "in_b", self_parts),
                                           ("app_a", "app_b", app_parts)):
                if role_a not in self.col:
                    continue
                st.put(self.ws, r, self.col[role_a], chosen.get(key), fill=st.INPUT_FILL)
                self._merge_inputs(r, role_a, role_b)
                self.dv.add(self._ref(role_a, r), "list",
                            formula1=self.meta.list_formula([YES, NO]),
                            error=f"Chọn {YES} hoặc {NO}")

    def _total(self) -> None:
        r = self._next("total")
        for role in self.col:
            st.put(self.ws, r, self.col[role], None, font=st.BOLD, fill=st.HEADER_FILL)
        st.put(self.ws, r, self.col["name"], "TỔNG CỘNG", font=st.BOLD, fill=st.HEADER_FILL)
        st.put(self.ws, r, self.col["max"], self.rubric.scale, font=st.BOLD, fill=st.HEADER_FILL)
        card = self.filled.card if self.filled else None
        if card is not None:
            st.put(self.ws, r, self.col["points"], card.self_total, font=st.BOLD,
                   fill=st.HEADER_FILL, fmt=st.POINTS_FORMAT)
            if self.appraisal:
                st.put(self.ws, r, self.col["app_points"], card.total, font=st.BOLD,
                       fill=st.HEADER_FILL, fmt=st.POINTS_FORMAT)

    def _signatures(self) -> None:
        self.row += 1
        r = self._next()
        half = max(2, self.width // 2)
        st.put(self.ws, r, 1, "NGƯỜI LẬP BIỂU", font=st.BOLD, align=st.CENTER, border=False)
        st.merge(self.ws, r, 1, half)
        st.put(self.ws, r, half + 1, "THỦ TRƯỞNG ĐƠN VỊ", font=st.BOLD, align=st.CENTER,
               border=False)
        st.merge(self.ws, r, half + 1, self.width)
        r = self._next()
        st.put(self.ws, r, 1, "(Ký, ghi rõ họ tên)", font=st.ITALIC, align=st.CENTER,
               border=False)
        st.merge(self.ws, r, 1, half)
        st.put(self.ws, r, half + 1, "(Ký số, đóng dấu)", font=st.ITALIC, align=st.CENTER,
               border=False)
        st.merge(self.ws, r, half + 1, self.width)

    def _sheet_setup(self) -> None:
        for i, c in enumerate(self.layout, start=1):
            width = c.width or _DEFAULT_WIDTH.get(c.role, 14)
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.ws.column_dimensions[get_column_letter(self.mcol)].hidden = True
        self.ws.freeze_panes = self.ws.cell(self.header_row + 2, 3)
        self.ws.print_title_rows = f"{self.header_row}:{self.header_row}"
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.paperSize = self.ws.PAPERSIZE_A4
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.print_area = f"A1:{get_column_letter(self.width)}{self.row}"


def _default_widths() -> dict[str, float]:
    from .spec import DEFAULT_WIDTHS

    return dict(DEFAULT_WIDTHS)


_DEFAULT_WIDTH = _default_widths()


# --------------------------------------------------------------- public API


def sheet_title(text: str, used: set[str]) -> str:
    """A valid, unused sheet name from any text (31 characters, no []:*?/\\)."""
    from .xlstyle import safe_text

    base = "".join(" " if ch in "[]:*?/\\" else ch for ch in safe_text(text)).strip(" '")
    base = (base or "Đơn vị")[:31]
    name, n = base, 1
    while name.casefold() in {u.casefold() for u in used} or name == META_SHEET:
        n += 1
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
    used.add(name)
    return name


def _new_book() -> Workbook:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    return wb


def _save(wb: Workbook, path: str | Path) -> None:
    wb.active = 0
    with atomic_path(path) as temp:  # the old file or the new one, never a part
        wb.save(temp)


def write_template(rubric: Rubric, path: str | Path, *, unit: str | None = None,
                   spec: FormSpec = DEFAULT_FORM, appraisal: bool = False,
                   methods: MethodRegistry | None = None) -> None:
    """Write the blank self-assessment form of ``rubric`` (``appraisal=True``:
    with the appraiser's columns). ``unit`` pre-fills the unit's name."""
    inputs = leaf_inputs(rubric, methods)
    wb = _new_book()
    ws = wb.create_sheet(spec.sheet)
    meta = MetaSheet(wb, "appraisal" if appraisal else "template", [rubric.id], spec.name)
    FormSheet(ws, rubric, spec, inputs, meta, appraisal=appraisal, unit=unit).write()
    _save(wb, path)


def write_filled_form(rubric: Rubric, assessment: Assessment, scorecard: Scorecard | None,
                      path: str | Path, *, spec: FormSpec = DEFAULT_FORM,
                      appraisal: bool | None = None,
                      methods: MethodRegistry | None = None) -> None:
    """Write one unit's form with its answers and the points the library computed
    (``scorecard``; ``None`` scores the unit on its own)."""
    write_filled_forms(rubric, [assessment], [scorecard] if scorecard else None, path,
                       spec=spec, appraisal=appraisal, methods=methods)


def write_filled_forms(rubric: Rubric, assessments: Iterable[Assessment],
                       scorecards: Iterable[Scorecard] | None, path: str | Path, *,
                       spec: FormSpec = DEFAULT_FORM, appraisal: bool | None = None,
                       methods: MethodRegistry | None = None) -> None:
    """Write a workbook with one form sheet per unit (sheets named after the units).

    ``appraisal`` None adds the appraiser's columns when any unit was appraised.
    ``scorecards`` None scores the cohort here."""
    units = list(assessments)
    cards = _cards(rubric, units, scorecards, methods)
    if appraisal is None:
        appraisal = any(a.appraisals for a in units)
    inputs = leaf_inputs(rubric, methods)
    wb = _new_book()
    used: set[str] = set()
    sheets = [wb.create_sheet(sheet_title(a.unit.name, used)) for a in units]
    meta = MetaSheet(wb, "appraisal" if appraisal else "filled", [rubric.id], spec.name)
    for ws, a in zip(sheets, units):
        FormSheet(ws, rubric, spec, inputs, meta, appraisal=appraisal,
                  filled=Filled.of(a, cards.get(a.unit.id))).write()
    _save(wb, path)


def _cards(rubric: Rubric, units: list[Assessment], scorecards: Iterable[Scorecard] | None,
           methods: MethodRegistry | None) -> dict[str, Scorecard]:
    if scorecards is None:
        from ..scoring import score

        scorecards = score(rubric, units, methods=methods)
    return {c.unit.id: c for c in scorecards}
