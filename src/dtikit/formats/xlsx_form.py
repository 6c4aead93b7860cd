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

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..assessment import Answer, Assessment
from ..issuance import NO_ISSUANCE, Issuance, basis_text, signatures
from ..methods import MethodRegistry
from ..model import Indicator, Rubric
from ..numbers import format_vi
from ..outputs import atomic_path
from ..scoring import Scorecard
from . import printing
from . import xlstyle as st
from .spec import (
    DEFAULT_FORM,
    DEFAULT_WIDTHS,
    FORM_MARK,
    META_SHEET,
    NA_TEXT,
    NO,
    YES,
    Column,
    FormSpec,
    LeafInput,
    leaf_inputs,
    meta_rows,
)
from .values import choice_text, describe_input, evidence_text, value_cells

# ------------------------------------------------------------ the meta sheet


class MetaSheet:
    """The hidden ``_dtikit`` sheet: what wrote the workbook (key, value rows)
    and the drop-down lists too long to write inline."""

    def __init__(self, wb: Workbook, kind: str, rubric_ids: Sequence[str], form: str) -> None:
        self.ws = wb.create_sheet(META_SHEET)
        self.ws.sheet_state = "hidden"
        self._row = 0
        self._list_col = 4
        for key, value in meta_rows(kind, rubric_ids, form):
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


_NUMBERING = re.compile(r"^([0-9]+|[IVXLC]+|[a-zđ])([.][0-9a-zđ]+)*[.)]?$")
EVIDENCE_RULE = ("Mỗi chỉ số có kết quả tự đánh giá cần có tài liệu kiểm chứng; không có tài "
                 "liệu kiểm chứng thì ghi giải trình.")
HOW_TO_FILL = ("Nhập vào các ô tô màu vàng; điểm do dtikit tính từ các ô đã nhập, không nhập "
               "vào cột điểm tự đánh giá.")
_FLOORS = {"stt": 6.5, "max": 8.0, "in_a": 9.0, "in_b": 7.0, "points": 9.0, "app_a": 9.0,
           "app_b": 7.0, "app_points": 9.0}


def instructions(rubric: Rubric, issuance: Issuance, notes: Sequence[str] = ()) -> list[str]:
    """What the form asks, from the rubric's workflow: the period, the deadline
    (and what lateness does), the appraisal, the evidence rule, how to fill
    in. A rule the form's own ``notes`` already state is not repeated."""
    said = " ".join(notes).casefold()
    out = [f"Kỳ đánh giá: {issuance.period_text(rubric)}."]
    deadline = issuance.deadline(rubric)
    wf = rubric.workflow
    if deadline is not None and "hạn" not in said:
        out.append(f"Hạn nộp: ngày {deadline:%d/%m/%Y}; "
                   + ("biểu nộp sau thời hạn không được chấm điểm, xếp hạng."
                      if wf.late == "exclude" else
                      "biểu nộp sau thời hạn vẫn được chấm điểm và được ghi nhận nộp muộn."))
    if wf.require_appraisal:
        out.append("Kết quả tự đánh giá phải được thẩm định trước khi tính điểm, xếp hạng.")
    if "tài liệu kiểm chứng" not in said:
        out.append(EVIDENCE_RULE)
    out.append(HOW_TO_FILL)
    return out


class FormSheet:
    """Writes one form sheet. ``filled`` is None for a blank template."""

    def __init__(self, ws: Worksheet, rubric: Rubric, spec: FormSpec,
                 inputs: Mapping[str, LeafInput], meta: MetaSheet, *, appraisal: bool,
                 filled: Filled | None = None, unit: str | None = None,
                 issuance: Issuance = NO_ISSUANCE) -> None:
        self.ws, self.rubric, self.spec, self.inputs, self.meta = ws, rubric, spec, inputs, meta
        self.appraisal, self.filled, self.unit = appraisal, filled, unit
        self.issuance = issuance
        self.points_format = st.points_format(rubric.rounding.places)
        self.layout: tuple[Column, ...] = spec.layout(appraisal)
        self.col = {c.role: i for i, c in enumerate(self.layout, start=1)}
        self.width = len(self.layout)
        # A4 landscape for the self-assessment form, A3 for the wider appraisal form
        self.paper = printing.A3 if appraisal else printing.A4
        self.widths = printing.fit_to_width(
            [c.width or DEFAULT_WIDTHS.get(c.role, 14) for c in self.layout],
            [_FLOORS.get(c.role, 6.0) for c in self.layout], self.paper)
        self.mcol = self.width + 1  # the hidden machine column
        self.row = 0
        self.dv = st.Validations(ws)

    # -- helpers ------------------------------------------------------------

    def _next(self, key: str | None = None) -> int:
        self.row += 1
        if key is not None:
            st.set_value(self.ws.cell(self.row, self.mcol), key)
        return self.row

    def _width(self, col: int) -> float:
        return self.widths[col - 1] if col <= self.width else 14

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
            per_line = max(4, int(width * 0.95))
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
        for node in self.rubric.walk():
            self._node(node, self.rubric.depth(node.code))
        self._total()
        self._signatures()
        self._sheet_setup()

    def _lines(self, lines: Sequence[printing.PrintLine]) -> None:
        fonts = {"plain": st.FONT, "bold": st.BOLD, "italic": st.ITALIC, "title": st.TITLE}
        for line in lines:
            r = self._next()
            for first, last, text, look in line.spans:
                st.put(self.ws, r, first, text, font=fonts[look], align=st.CENTER, border=False)
                st.merge(self.ws, r, first, last)
            if line.height:
                self.ws.row_dimensions[r].height = line.height

    def _unit_name(self) -> str | None:
        return self.filled.assessment.unit.name if self.filled else self.unit

    def _title(self) -> None:
        r = self._next(FORM_MARK)
        if self.spec.code:
            st.put(self.ws, r, 1, self.spec.code, font=st.ITALIC, border=False,
                   align=st.Alignment(horizontal="right"))
            st.merge(self.ws, r, 1, self.width)
        self._lines(printing.heading_lines(self.issuance, self.width, left=2,
                                           fallback_issuer=self._unit_name()))
        year = self.issuance.round_year(self.rubric)
        title = f"{self.spec.title} NĂM {year}" + (" (THẨM ĐỊNH)" if self.appraisal else "")
        self._band(title, font=st.TITLE, height=36)
        self._band(basis_text(self.rubric), font=st.ITALIC)
        for note in self.spec.notes:
            self._band(note, font=st.ITALIC, align=st.WRAP, height=32)
        for text in instructions(self.rubric, self.issuance, self.spec.notes):
            self._band(text, font=st.ITALIC, align=st.WRAP)
        if self.filled is not None and self.filled.assessment.sample:
            self._band("DỮ LIỆU MẪU - không phải số liệu thật của đơn vị", font=st.RED)

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
        self._meta_row("period", "Kỳ đánh giá", self.issuance.period_text(rub), editable=False)
        r = self._meta_row("rubric", "Mã bộ chỉ số", rub.id, editable=False)
        self.ws.row_dimensions[r].hidden = True  # the internal id: for the reader, not printed
        self._meta_row("submitted", "Ngày nộp", a.submitted if a else None, editable=True,
                       fmt=st.DATE_FORMAT)
        if self.appraisal:
            apps = a.appraisals if a else ()  # the default: the one agency, the one date
            self._meta_row("agency", "Cơ quan thẩm định (mặc định)",
                           _the_one({ap.agency for ap in apps}), editable=True)
            self._meta_row("appraisal_date", "Ngày thẩm định",
                           _the_one({ap.date for ap in apps if ap.date}), editable=True,
                           fmt=st.DATE_FORMAT)
        if a is not None and a.sample:
            self._meta_row("sample", "Dữ liệu mẫu", YES, editable=False)
        if a is not None and not a.ranked:
            self._meta_row("not_ranked", "Không xếp hạng (lý do)",
                           a.not_ranked_reason or YES, editable=True)

    def _table_header(self) -> None:
        self.row += 1
        r = self._next("hdr")
        for i, c in enumerate(self.layout, start=1):
            st.put(self.ws, r, i, c.label, font=st.BOLD, fill=st.HEADER_FILL, align=st.CENTER)
        self._fit(r)
        self.ws.row_dimensions[r].height = max(48, self.ws.row_dimensions[r].height or 0)
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
        stt = node.code if _NUMBERING.match(node.code) else None  # "DTI" is no STT
        st.put(self.ws, r, self.col["stt"], stt, font=font, fill=fill, align=st.CENTER)
        st.put(self.ws, r, self.col["name"], node.name, font=font, fill=fill,
               align=st.Alignment(wrap_text=True, vertical="top", indent=depth))
        st.put(self.ws, r, self.col["max"], node.max, font=font, fill=fill, align=st.RIGHT,
               fmt=st.max_format(node.max, self.rubric.rounding.places))
        if "how" in self.col:
            how = node.how or (describe_input(self.inputs[node.code]) if not parent else None)
            st.put(self.ws, r, self.col["how"], how, font=font, fill=fill, align=st.WRAP)

    def _merge_inputs(self, r: int, first: str, second: str) -> None:
        a, b = self.col[first], self.col[second]
        if b == a + 1:
            st.merge(self.ws, r, a, b)

    def _node(self, node: Indicator, depth: int) -> None:
        parent = bool(node.children)
        r = self._next(f"{'node' if parent else 'leaf'}:{node.code}")
        self._cells_common(node, depth, r, parent)
        if parent:
            self._merge_inputs(r, "in_a", "in_b")
            if self.appraisal:
                self._merge_inputs(r, "app_a", "app_b")
            self._points(node.code, r)
            self._fit(r)
            return
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
               fmt=self.points_format)
        if self.appraisal:
            pts = ns.appraised_points if ns else None
            leaf = code in self.inputs
            st.put(self.ws, r, self.col["app_points"], pts, align=st.RIGHT, fmt=self.points_format,
                   fill=st.INPUT_FILL if leaf else None)
            if leaf:
                inp = self.inputs[code]
                self.dv.add(self._ref("app_points", r), "decimal", operator="between",
                            formula1="0", formula2=f"{inp.max}",
                            error=f"Điểm từ 0 đến {format_vi(inp.max)}")

    def _texts(self, code: str, r: int) -> None:
        ans = self.filled.answers.get(code) if self.filled else None
        self._text_inputs(r, evidence=evidence_text(ans.evidence) if ans else None,
                          explanation=ans.explanation if ans else None)

    def _text_inputs(self, r: int, **values: Any) -> None:
        """Free-text input cells (evidence, the appraiser's agency, …) of the form's columns."""
        for role, value in values.items():
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
        self.validate_input(inp, self._ref(role_a, r))

    def validate_input(self, inp: LeafInput, cell: str) -> None:
        na = [NA_TEXT] if inp.na_allowed else []
        if inp.kind == "flag":
            self.dv.add(cell, "list", formula1=self.meta.list_formula([YES, NO, *na]),
                        error=f"Chọn {YES} hoặc {NO}")
        elif inp.kind == "choice":
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
            agency = self.rubric.appraiser_of(node.code)
        self._text_inputs(r, app_agency=agency, app_note=note)

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
            st.put(self.ws, r, self.col["max"], pts, align=st.RIGHT, font=st.ITALIC,
                   fmt=None if pts is None else st.max_format(pts, self.rubric.rounding.places))
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
        scale = self.rubric.scale
        card = self.filled.card if self.filled else None
        values: dict[str, Any] = {"name": "TỔNG CỘNG", "max": scale}
        if card is not None:
            values.update(points=card.self_total, app_points=card.total)
        formats = {"max": st.max_format(scale, self.rubric.rounding.places),
                   "points": self.points_format, "app_points": self.points_format}
        for role, c in self.col.items():
            value = values.get(role)
            st.put(self.ws, r, c, value, font=st.BOLD, fill=st.HEADER_FILL,
                   fmt=None if value is None else formats.get(role))

    def _signatures(self) -> None:
        self.row += 1
        blocks = signatures(self.rubric, "appraisal" if self.appraisal else "self")
        self._lines(printing.signature_lines(blocks, self.width))

    def _sheet_setup(self) -> None:
        for i, width in enumerate(self.widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.ws.column_dimensions[get_column_letter(self.mcol)].hidden = True
        self.ws.freeze_panes = self.ws.cell(self.header_row + 2, 3)
        printing.setup_page(self.ws, paper=self.paper,
                            area=f"A1:{get_column_letter(self.width)}{self.row}",
                            title_rows=f"{self.header_row}:{self.header_row}")


def _the_one(values: set[Any]) -> Any:
    return next(iter(values)) if len(values) == 1 else None


def protect(ws: Worksheet, password: str | None = None) -> None:
    """Protect a form sheet: only the input cells (the yellow ones) can be
    changed; the machine keys (hidden column and row) cannot. No password
    unless one is given (protection against slips, not a secret). Rows and
    columns can still be resized."""
    unlocked = st.Protection(locked=False)
    for row in ws.iter_rows():
        for cell in row:
            if cell.fill is not None and cell.fill.fgColor.rgb == st.INPUT_FILL.fgColor.rgb:
                cell.protection = unlocked
    prot = ws.protection
    prot.sheet = True
    prot.formatRows = prot.formatColumns = False  # allowed
    if password:
        prot.password = password


# --------------------------------------------------------------- public API


def sheet_title(text: str, used: set[str]) -> str:
    """A valid, unused sheet name from any text (31 characters, no []:*?/\\)."""
    base = "".join(" " if ch in "[]:*?/\\" else ch for ch in st.safe_text(text)).strip(" '")
    base = (base or "Đơn vị")[:31]
    name, n = base, 1
    while name.casefold() in {u.casefold() for u in used} or name == META_SHEET:
        n += 1
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
    used.add(name)
    return name


def write_template(rubric: Rubric, path: str | Path, *, unit: str | None = None,
                   spec: FormSpec = DEFAULT_FORM, appraisal: bool = False,
                   methods: MethodRegistry | None = None, issuance: Issuance | None = None,
                   password: str | None = None) -> None:
    """Write the blank self-assessment form of ``rubric`` (``appraisal=True``:
    with the appraiser's columns). ``unit`` pre-fills the unit's name.

    Printing and handing out: the official heading (``issuance``: issuing
    body, place and date; the unit's name when no issuer is given), the
    round's year and period, the workflow's instructions, the signature blocks
    of the tier; A4 landscape (the appraisal form A3); the sheet protected
    with only the input cells open (``password`` none by default)."""
    _write_book(rubric, path, spec, "appraisal" if appraisal else "template",
                {spec.sheet: None}, appraisal=appraisal, methods=methods, issuance=issuance,
                password=password, unit=unit)


def write_filled_form(rubric: Rubric, assessment: Assessment, scorecard: Scorecard | None,
                      path: str | Path, *, spec: FormSpec = DEFAULT_FORM,
                      appraisal: bool | None = None,
                      methods: MethodRegistry | None = None, issuance: Issuance | None = None,
                      password: str | None = None) -> None:
    """Write one unit's form with its answers and the points the library computed
    (``scorecard``; ``None`` scores the unit on its own)."""
    write_filled_forms(rubric, [assessment], [scorecard] if scorecard else None, path,
                       spec=spec, appraisal=appraisal, methods=methods, issuance=issuance,
                       password=password)


def write_filled_forms(rubric: Rubric, assessments: Iterable[Assessment],
                       scorecards: Iterable[Scorecard] | None, path: str | Path, *,
                       spec: FormSpec = DEFAULT_FORM, appraisal: bool | None = None,
                       methods: MethodRegistry | None = None, issuance: Issuance | None = None,
                       password: str | None = None) -> None:
    """Write a workbook with one form sheet per unit (sheets named after the units;
    printing and protection as :func:`write_template`).

    ``appraisal`` None adds the appraiser's columns when any unit was appraised.
    ``scorecards`` None scores the cohort here."""
    units = list(assessments)
    cards = _cards(rubric, units, scorecards, methods)
    if appraisal is None:
        appraisal = any(a.appraisals for a in units)
    used: set[str] = set()
    forms = {sheet_title(a.unit.name, used): Filled.of(a, cards.get(a.unit.id)) for a in units}
    _write_book(rubric, path, spec, "appraisal" if appraisal else "filled", forms,
                appraisal=appraisal, methods=methods, issuance=issuance, password=password)


def _write_book(rubric: Rubric, path: str | Path, spec: FormSpec, kind: str,
                forms: Mapping[str, Filled | None], *, appraisal: bool,
                methods: MethodRegistry | None, issuance: Issuance | None,
                password: str | None, unit: str | None = None) -> None:
    """A workbook of form sheets (sheet name → what it shows, None: blank), the meta
    sheet after them; protected, titled and saved atomically."""
    issuance = issuance or NO_ISSUANCE
    inputs = leaf_inputs(rubric, methods)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    sheets = [(wb.create_sheet(title), filled) for title, filled in forms.items()]
    meta = MetaSheet(wb, kind, [rubric.id], spec.name)
    for ws, filled in sheets:
        FormSheet(ws, rubric, spec, inputs, meta, appraisal=appraisal, filled=filled,
                  unit=unit, issuance=issuance).write()
    for ws in wb.worksheets:
        if ws.title != META_SHEET:
            protect(ws, password)
    wb.properties.creator = issuance.issuer or "dtikit"
    wb.properties.title = f"{spec.title.capitalize()} năm {issuance.round_year(rubric)}"
    wb.properties.subject = basis_text(rubric)[:255]
    wb.active = 0
    with atomic_path(path) as temp:  # the old file or the new one, never a part
        wb.save(temp)


def _cards(rubric: Rubric, units: list[Assessment], scorecards: Iterable[Scorecard] | None,
           methods: MethodRegistry | None) -> dict[str, Scorecard]:
    if scorecards is None:
        from ..engine.score import score

        scorecards = score(rubric, units, methods=methods)
    return {c.unit.id: c for c in scorecards}
