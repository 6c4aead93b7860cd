"""The province-wide collection layout: one row per unit, one column per input.

Row 1 is the title, row 2 the rubric, row 3 the column labels a person reads,
row 4 (hidden) the machine keys the reader relies on — ``@unit_id``,
``@unit``, …, then ``1.1`` for a single input, ``1.2:a`` / ``1.2:b`` for a
ratio, ``1.4:part:<key>`` per part, ``1.1:evidence`` and
``1.1:explanation``. Units start on row 5.

Written in openpyxl's write-only mode and read through calamine, so tens of
thousands of units stay fast. Appraisals are not part of this layout.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from ..assessment import Answer, Assessment, Value
from ..errors import FileRejected, Problem
from ..issuance import basis_text
from ..messages import Text
from ..methods import MethodRegistry
from ..model import Rubric
from ..outputs import atomic_path
from . import printing
from . import xlstyle as st
from .cells import Grid, RowView, is_blank, to_text
from .records import Context, Fields, LeafCells, Pos, UnitRead, build_unit
from .spec import META_SHEET, NA_TEXT, NO, YES, LeafInput, leaf_inputs, meta_rows
from .values import choice_text, evidence_text, value_cells

_FIELDS: tuple[tuple[str, str], ...] = (
    ("unit_id", "Mã đơn vị"),
    ("unit", "Tên đơn vị"),
    ("parent", "Đơn vị cấp trên"),
    ("variant", "Loại đơn vị"),
    ("submitted", "Ngày nộp"),
    ("sample", "Dữ liệu mẫu"),
    ("not_ranked", "Không xếp hạng (lý do)"),
)
FIRST_DATA_ROW = 5  # 1-based
BLANK_ROWS = 200  # validated rows in a blank collection


def _leaf_columns(inp: LeafInput, name: str, evidence: bool) -> list[tuple[str, str]]:
    """(machine key, label) of one leaf's columns."""
    code = inp.code
    if inp.kind == "ratio":
        m = inp.method
        cols = [(f"{code}:a", f"{code} {name} — a: {getattr(m, 'a_label', 'a')}"),
                (f"{code}:b", f"{code} {name} — b: {getattr(m, 'b_label', 'b')}")]
    elif inp.kind == "parts":
        cols = [(f"{code}:part:{k}", f"{code} {name} — {label} ({YES}/{NO})")
                for k, label in inp.choices]
    else:
        cols = [(code, f"{code} {name}")]
    if evidence:
        cols += [(f"{code}:evidence", f"{code} — Tài liệu kiểm chứng"),
                 (f"{code}:explanation", f"{code} — Giải trình")]
    return cols


def _field_keys(rubric: Rubric, units: Sequence[Assessment]) -> list[tuple[str, str]]:
    unused = {"variant": not rubric.variants, "sample": not any(a.sample for a in units),
              "not_ranked": all(a.ranked for a in units)}
    return [(key, label) for key, label in _FIELDS if not unused.get(key)]


def _text_cell(ws: Any, value: str) -> Any:
    """Text that could pass for a formula goes in as an explicit string cell."""
    if value[:1] in ("=", "+", "-", "@"):
        return st.set_value(WriteOnlyCell(ws), value)
    return st.safe_text(value)


def _field_values(rubric: Rubric, a: Assessment, keys: Sequence[str]) -> list[Any]:
    u = a.unit
    variant = rubric.variant(u.variant).name if u.variant else None  # type: ignore[union-attr]
    values: dict[str, Any] = {
        "unit_id": u.id, "unit": u.name, "parent": u.parent, "variant": variant,
        "submitted": a.submitted, "sample": YES if a.sample else None,
        "not_ranked": None if a.ranked else (a.not_ranked_reason or YES),
    }
    return [values[k] for k in keys]


def _leaf_values(inp: LeafInput, answers: dict[str, Answer], evidence: bool) -> list[Any]:
    ans = answers.get(inp.code)
    value: Value | None = ans.value if ans else None
    cell_a, cell_b, parts = value_cells(inp, value)
    if inp.kind == "ratio":
        out = [cell_a, cell_b]
    elif inp.kind == "parts":
        out = [NA_TEXT if cell_a == NA_TEXT and i == 0 else parts.get(k)
               for i, (k, _) in enumerate(inp.choices)]
    else:
        out = [cell_a]
    if evidence:
        out += [evidence_text(ans.evidence) if ans else None, ans.explanation if ans else None]
    return out


def write_collection(rubric: Rubric, assessments: Iterable[Assessment], path: str | Path, *,
                     evidence: bool | None = None, methods: MethodRegistry | None = None,
                     sheet: str = "Tổng hợp") -> None:
    """Write self-assessments one row per unit (``assessments`` may be empty: a
    blank collection sheet with validated rows). ``evidence`` None adds the
    evidence and explanation columns when any unit has them."""
    units = list(assessments)
    if any(a.appraisals for a in units):
        raise ValueError("the collection layout holds self-assessments only; write units "
                         "with appraisals as forms (write_filled_forms)")
    inputs = leaf_inputs(rubric, methods)
    if evidence is None:
        evidence = any(ans.evidence or ans.explanation for a in units for ans in a.answers)
    fields = _field_keys(rubric, units)
    leaf_cols = [(inp, _leaf_columns(inp, rubric.get(inp.code).name, evidence))
                 for inp in inputs.values()]
    keys = [f"@{k}" for k, _ in fields] + [k for _, cols in leaf_cols for k, _ in cols]
    labels = [label for _, label in fields] + [lb for _, cols in leaf_cols for _, lb in cols]
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    _setup_columns(ws, len(keys))
    n_rows = max(len(units), BLANK_ROWS)
    _validations(ws, rubric, leaf_cols, len(fields), n_rows)
    ws.append([_cell(ws, f"TỔNG HỢP SỐ LIỆU TỰ ĐÁNH GIÁ CHỈ SỐ CHUYỂN ĐỔI SỐ - "
                         f"{(rubric.tier.name or rubric.tier.key).upper()}", font=st.TITLE)])
    ws.append([_text_cell(ws, basis_text(rubric))])  # the rubric's id: in the hidden sheet
    ws.append([_cell(ws, label, font=st.BOLD, fill=st.HEADER_FILL, alignment=st.CENTER,
                     border=st.BOX) for label in labels])
    ws.row_dimensions[4].hidden = True
    ws.append(keys)
    field_keys = [k for k, _ in fields]
    for a in units:
        row = _field_values(rubric, a, field_keys)
        answers = {x.code: x for x in a.answers}
        for inp, _ in leaf_cols:
            row += _leaf_values(inp, answers, evidence)
        ws.append([_text_cell(ws, v) if isinstance(v, str) else v for v in row])
    printing.print_range(ws, f"A1:{get_column_letter(len(keys))}{4 + len(units)}")
    _meta(wb, rubric)
    with atomic_path(path) as temp:  # the old file or the new one, never a part
        wb.save(temp)


def _cell(ws: Any, text: str, **style: Any) -> Any:
    """A text cell of a write-only sheet in a style (``font=``, ``fill=``, …)."""
    cell = st.set_value(WriteOnlyCell(ws), text)
    for name, value in style.items():
        setattr(cell, name, value)
    return cell


def _setup_columns(ws: Any, n: int) -> None:
    for i in range(1, n + 1):
        ws.column_dimensions[get_column_letter(i)].width = 22 if i <= 2 else 14
    ws.freeze_panes = "C5"
    # a data sheet, one column per indicator: printed across pages, the header repeated
    printing.setup_page(ws, fit=False, title_rows="3:3")


def _validations(ws: Any, rubric: Rubric, leaf_cols: Sequence[tuple[LeafInput, Any]],
                 first: int, n_rows: int) -> None:
    """One validation per rule, over every data row of the columns it governs."""
    last = FIRST_DATA_ROW + n_rows - 1
    dv = st.Validations(ws)
    col = first
    for inp, cols in leaf_cols:
        for key, _ in cols:
            col += 1
            rule = _rule(inp, key)
            if rule is not None:
                kind, f1, op = rule
                letter = get_column_letter(col)
                dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}", kind, formula1=f1, operator=op,
                       error="Giá trị không hợp lệ cho chỉ số này")


def _rule(inp: LeafInput, key: str) -> tuple[str, str | None, str | None] | None:
    if key.endswith((":evidence", ":explanation")) or inp.na_allowed:
        return None
    if inp.kind in ("flag",) or ":part:" in key:
        return ("list", f'"{YES},{NO}"', None)
    if inp.kind == "choice":
        labels = [choice_text(inp, k) for k, _ in inp.choices]
        text = ",".join(labels)
        if any("," in lb or '"' in lb for lb in labels) or len(text) > 250:
            return None
        return ("list", f'"{text}"', None)
    if inp.kind in ("number", "points", "ratio"):
        return ("decimal", "0", "greaterThanOrEqual")
    return None


def _meta(wb: Any, rubric: Rubric) -> None:
    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "hidden"
    for key, value in meta_rows("collection", [rubric.id]):
        ws.append([key, value])


# ------------------------------------------------------------------ reading


class CollectionPlan:
    """Column positions of a collection sheet, from its machine-key row."""

    def __init__(self, ctx: Context, grid: Grid, hrow: int) -> None:
        self.fields: dict[str, int] = {}
        self.single: dict[str, int] = {}
        self.ratio: dict[str, dict[str, int]] = {}
        self.parts: dict[str, list[tuple[str, int]]] = {}
        self.texts: dict[str, dict[str, int]] = {}
        problems: list[Problem] = []
        for c in range(len(grid.rows[hrow])):
            key = grid.get(hrow, c)
            if key is None:
                continue
            why = self._add(ctx, to_text(key), c)
            if why:
                problems.append(Problem(grid.ref(hrow, c), why))
        if "unit" not in self.fields:
            problems.append(Problem(grid.ref(hrow, 0), Text("form.no_unit_column")))
        if problems:
            raise FileRejected(problems, source=str(ctx.path))

    def _add(self, ctx: Context, key: str, c: int) -> str | None:
        if key.startswith("@"):
            self.fields[key[1:]] = c
            return None
        code, _, rest = key.partition(":")
        inp = ctx.inputs.get(code)
        if inp is None:
            return Text("form.column_not_leaf", key=key, code=code, rubric=ctx.rubric.id)
        if rest in ("evidence", "explanation"):
            self.texts.setdefault(code, {})[rest] = c
        elif rest in ("a", "b") and inp.kind == "ratio":
            self.ratio.setdefault(code, {})[rest] = c
        elif rest.startswith("part:") and inp.kind == "parts":
            self.parts.setdefault(code, []).append((rest[5:], c))
        elif rest == "" and inp.kind not in ("ratio", "parts"):
            self.single[code] = c
        else:
            return Text("form.column_misfit", key=key, code=code, kind=inp.kind)
        return None

    def leaves(self, ctx: Context, r: int) -> list[LeafCells]:
        return [lc for code in ctx.inputs if (lc := self.leaf(ctx, code, r)) is not None]

    def leaf(self, ctx: Context, code: str, r: int) -> LeafCells | None:
        """One leaf's cells on row ``r``; None when the sheet has no column of its input."""
        kind = ctx.inputs[code].kind
        texts = self.texts.get(code, {})
        b: Pos | None = None
        parts: tuple[tuple[str, Pos], ...] = ()
        if kind == "ratio" and code in self.ratio:
            a, b = (r, self.ratio[code].get("a", -1)), _pos(r, self.ratio[code].get("b"))
        elif kind == "parts" and code in self.parts:
            a, parts = (r, -1), tuple((k, (r, c)) for k, c in self.parts[code])
        elif code in self.single:
            a = (r, self.single[code])
        else:
            return None
        return LeafCells(code, a, b, parts, None, _pos(r, texts.get("evidence")),
                         _pos(r, texts.get("explanation")))


def _pos(r: int, c: int | None) -> Pos | None:
    return None if c is None else (r, c)


def read_collection_sheet(ctx: Context, grid: Grid, hrow: int) -> Iterator[UnitRead]:
    """Each non-blank row under the key row → one unit. The cells are located once
    (as row 0) and every row is read through a view of it."""
    plan = CollectionPlan(ctx, grid, hrow)
    leaves = plan.leaves(ctx, 0)
    cells = {k: (0, c) for k, c in plan.fields.items()}
    for r in range(hrow + 1, grid.height):
        if all(map(is_blank, grid.rows[r])):
            continue
        view = RowView(grid, r)
        yield build_unit(ctx, view, f"{grid.name}!{r + 1}:{r + 1}", Fields(view, cells), leaves)
