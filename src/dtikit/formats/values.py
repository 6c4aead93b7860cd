"""Answers in cells: what an officer types, read as an answer value; and an
answer written back as the officer would have typed it.

What a percentage means depends on the method (a cell formatted as % holding
0.85, or text "85%"):

* a count or value (``steps``, ``relative_to_best``, plugin number methods):
  the number as shown — 85;
* a ratio (``ratio``, ``threshold_ratio``): a rate typed in column a with b
  left empty is a / b = 85 / 100; a percentage with b filled in is refused
  (which is meant, the rate or the count?);
* points (``awarded``, and every points column): refused — 85% of what?
* yes/no, levels, parts: not a valid answer in any case.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, cast

from ..assessment import Choice, Evidence, Flag, NotApplicable, Number, Parts, Ratio, Value
from ..errors import AnswerError
from ..messages import Text, message_of
from ..model import nfc
from ..numbers import HUNDRED, ZERO, format_vi, quantize
from .cells import CellError, Cells, to_number, to_text
from .spec import NA_TEXT, NO, YES, LeafInput

Pos = tuple[int, int]

_YES = frozenset({"có", "co", "x", "yes", "đạt", "đã thực hiện"})
_NO = frozenset({"không", "khong", "no", "không đạt", "chưa", "chưa thực hiện"})
_NA = frozenset({"không áp dụng", "khong ap dung", "n/a", "kad"})


class Located(ValueError):
    """A problem with one cell: ``where`` is ``Sheet!F27``."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def parts_of(keys: Iterable[str]) -> Parts:
    """A Parts answer (its attrs converter is untyped for mypy)."""
    return Parts(cast(Any, frozenset(keys)))


def is_na(value: Any) -> bool:
    return isinstance(value, str) and value.casefold() in _NA


def parse_flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        low = value.casefold()
        if low in _YES:
            return True
        if low in _NO:
            return False
    raise CellError(Text("cell.not_flag", value=to_text(value), yes=YES, no=NO))


# ------------------------------------------------------------------ reading


def _number(grid: Cells, pos: Pos, value: Any) -> tuple[Decimal, bool]:
    try:
        return to_number(value, grid.is_percent(*pos))
    except CellError as exc:
        raise Located(grid.ref(*pos), message_of(exc)) from None


def read_value(inp: LeafInput, grid: Cells, a: Pos, b: Pos | None,
               parts: Sequence[tuple[str, Pos]] = ()) -> Value | None:
    """The answer in a leaf's input cells; ``None`` when they are empty.

    Raises :class:`Located` naming the cell."""
    kind = inp.kind
    va = grid.get(*a)
    vb = None if b is None else grid.get(*b)
    if va is None and vb is None and kind != "parts":
        return None
    if is_na(va):
        if vb is not None:
            raise Located(grid.ref(*(b or a)), Text("cell.b_not_empty_na", na=NA_TEXT))
        for _, pos in parts:  # an answered part under Không áp dụng is not dropped unseen
            if grid.get(*pos) is not None:
                raise Located(grid.ref(*pos), Text("cell.part_not_empty_na", na=NA_TEXT))
        return NotApplicable()
    if kind == "parts":
        if va is not None:
            raise Located(grid.ref(*a), Text("cell.parts_here", yes=YES, no=NO, na=NA_TEXT))
        return _read_parts(grid, parts)
    if kind == "ratio":
        return _read_ratio(grid, a, b, va, vb)
    if vb is not None:
        raise Located(grid.ref(*(b or a)), Text("cell.b_only_ratio"))
    try:
        return _read_single(inp, grid, a, va)
    except CellError as exc:
        raise Located(grid.ref(*a), message_of(exc)) from None


def _read_single(inp: LeafInput, grid: Cells, a: Pos, va: Any) -> Value:
    kind = inp.kind
    if kind == "number" or kind == "points":
        number, pct = _number(grid, a, va)
        if pct and kind == "points":
            raise CellError(Text("cell.points_percent"))
        return Number(number)
    if kind == "flag":
        return Flag(parse_flag(va))
    if kind == "choice":
        key = inp.key_of(to_text(va))
        if key is None:
            labels = ", ".join(label for _, label in inp.choices)
            raise CellError(Text("cell.not_a_choice", value=to_text(va), labels=labels))
        return Choice(key)
    return _read_any(inp, grid, a, va)


def _read_any(inp: LeafInput, grid: Cells, a: Pos, va: Any) -> Value:
    accepts = inp.accepts
    if Flag in accepts:
        try:
            return Flag(parse_flag(va))
        except CellError:
            pass
    if Number in accepts:
        try:
            return Number(_number(grid, a, va)[0])
        except Located:
            pass
    if Choice in accepts and isinstance(va, str):
        return Choice(inp.key_of(va) or va)
    want = " or ".join(t.__name__ for t in accepts)
    raise CellError(Text("cell.not_valid", value=to_text(va), want=want))


def _read_ratio(grid: Cells, a: Pos, b: Pos | None, va: Any, vb: Any) -> Value | None:
    if va is None:
        raise Located(grid.ref(*a), Text("cell.a_missing"))
    num_a, a_pct = _number(grid, a, va)
    if vb is None or b is None:
        if a_pct:
            return Ratio(num_a, HUNDRED)  # a rate typed as a percentage: a / b = 85 / 100
        raise Located(grid.ref(*(b or a)), Text("cell.b_missing"))
    num_b, b_pct = _number(grid, b, vb)
    if a_pct or b_pct:
        raise Located(grid.ref(*(b if b_pct else a)),
                      Text("cell.ratio_percent"))
    return Ratio(num_a, num_b)


def _read_parts(grid: Cells, parts: Sequence[tuple[str, Pos]]) -> Value | None:
    done: set[str] = set()
    answered = False
    for key, pos in parts:
        v = grid.get(*pos)
        if v is None:
            continue
        if is_na(v):
            return NotApplicable()
        answered = True
        try:
            if parse_flag(v):
                done.add(key)
        except CellError as exc:
            raise Located(grid.ref(*pos), message_of(exc)) from None
    return parts_of(done) if answered else None


def check_value(inp: LeafInput, value: Value) -> None:
    """Run the method on an answer so a bad one is caught at its cell, not at scoring."""
    if isinstance(value, NotApplicable) or (inp.builtin and plainly_valid(inp, value)):
        return
    if not isinstance(value, inp.accepts):
        want = " or ".join(t.__name__ for t in inp.accepts)
        raise AnswerError(Text("answer.expects", kind=inp.method.kind, want=want))
    if inp.method.uses_cohort:
        inp.method.raw_value(value)
    else:
        inp.method.score(value, None)


def plainly_valid(inp: LeafInput, value: Value) -> bool:
    """Whether the leaf's method takes ``value`` as it is, by its own quick test
    (:meth:`~dtikit.Method.plainly_accepts`), without the call that also writes
    the trace: a province's collection has a million cells. Anything else goes
    to the method, whose message is the one reported."""
    return inp.method.plainly_accepts(value)


# ------------------------------------------------------ points → an answer


def _candidates(inp: LeafInput, points: Decimal) -> list[Value]:
    m = inp.method
    out: list[Value] = []
    if Flag in inp.accepts:
        out += [Flag(True), Flag(False)]
    if Choice in inp.accepts:
        out += [Choice(k) for k, _ in inp.choices]
    if Parts in inp.accepts:
        keys = [k for k, _ in inp.choices]
        if len(keys) <= 12:
            out += [parts_of(c) for n in range(len(keys) + 1)
                    for c in itertools.combinations(keys, n)]
    if Number in inp.accepts and not m.uses_cohort:
        out.append(Number(points))
        out += [Number(at) for at, _ in getattr(m, "steps", ())]
        out.append(Number(ZERO))
    if Ratio in inp.accepts and inp.max > 0 and ZERO <= points <= inp.max:
        out.append(Ratio(points, inp.max))
        target = getattr(m, "target", None)
        if isinstance(target, Decimal):
            out.append(Ratio(points * target, inp.max))
        out += [Ratio(1, 1), Ratio(0, 1)]
    return out


def value_for_points(inp: LeafInput, points: Decimal) -> Value:
    """An answer that scores exactly ``points`` (rounded as the rubric rounds).

    Lets an officer or an appraiser enter points only. Raises ``CellError``
    when no answer gives those points (naming the points that are possible)."""
    if inp.method.uses_cohort:
        raise CellError(Text("cell.relative_points"))
    possible: list[Decimal] = []
    for cand in _candidates(inp, points):
        try:
            got = quantize(inp.method.score(cand, None).points, inp.places)
        except AnswerError:
            continue
        if got == points:
            return cand
        possible.append(got)
    shown = ", ".join(format_vi(p, inp.places) for p in sorted(set(possible))[:12])
    hint = (Text("cell.possible", shown=shown)
            if shown and inp.kind in ("flag", "choice", "parts") else "")
    raise CellError(Text("cell.no_answer_gives", points=format_vi(points, inp.places), hint=hint))


# ------------------------------------------------------------------ writing

_MAX_DIGITS = 15


def number_cell(value: Decimal) -> Decimal | str:
    """A Decimal as a number cell when Excel keeps it exactly (≤ 15 significant
    digits), else as text with a decimal comma — which reads back exactly."""
    text = str(value)
    if len(text) <= _MAX_DIGITS and text.isascii() and "E" not in text \
            and "N" not in text and "n" not in text:
        return value  # at most 15 characters, so at most 15 digits, and finite
    t = value.as_tuple()
    digits = len(t.digits)
    exp = t.exponent if isinstance(t.exponent, int) else 0
    if value.is_finite() and digits <= _MAX_DIGITS and -300 < exp + digits < 300:
        return value
    return f"{value:f}".replace(".", ",")


def choice_text(inp: LeafInput, key: str) -> str:
    """A level as shown on the form: its label when the reader (:meth:`LeafInput.key_of`)
    reads it back as this key, else the key."""
    label = inp.label_of(key)
    return label if inp.key_of(label) == key else key


def value_cells(inp: LeafInput, value: Value | None) -> tuple[Any, Any, dict[str, str]]:
    """(cell a, cell b, part key → Có/Không) for an answer value."""
    if value is None:
        return None, None, {}
    if isinstance(value, NotApplicable):
        return NA_TEXT, None, {}
    if isinstance(value, Flag):
        return (YES if value.yes else NO), None, {}
    if isinstance(value, Choice):
        return choice_text(inp, value.key), None, {}
    if isinstance(value, Number):
        return number_cell(value.value), None, {}
    if isinstance(value, Ratio):
        return number_cell(value.a), number_cell(value.b), {}
    if isinstance(value, Parts):
        return None, None, {k: (YES if k in value.done else NO) for k, _ in inp.choices}
    raise TypeError(f"cannot write {type(value).__name__} on a form")


# ----------------------------------------------------------------- evidence

_EV_NUMBER = re.compile(r"\bsố\s+(\d[^\s,;]*)", re.IGNORECASE)
_EV_DATE = re.compile(r"\bngày\s+(\d{1,2})/(\d{1,2})/(\d{4})", re.IGNORECASE)


def parse_evidence_line(line: str) -> Evidence:
    """One line of *Tài liệu kiểm chứng*: the whole line is the title; a
    "số …" and a "ngày dd/mm/yyyy" in it give the number and date."""
    text = nfc(line.strip())
    number = _EV_NUMBER.search(text)
    when = _EV_DATE.search(text)
    day = None
    if when:
        try:
            day = date(int(when.group(3)), int(when.group(2)), int(when.group(1)))
        except ValueError:
            day = None
    return Evidence(number=number.group(1) if number else None, date=day, title=text)


def parse_evidence(text: str | None) -> tuple[Evidence, ...]:
    if not text:
        return ()
    return tuple(parse_evidence_line(ln) for ln in text.splitlines() if ln.strip())


def evidence_text(evidence: Sequence[Evidence]) -> str | None:
    """One line per document (its title, else its citation)."""
    lines = [e.title or e.cite() for e in evidence]
    return "\n".join(lines) or None


# -------------------------------------------------------------- descriptions


def describe_input(inp: LeafInput) -> str:
    """How to fill the input cells, when the rubric gives no *cách tính* text."""
    m = inp.method
    p = inp.places
    if inp.kind == "flag":
        return f"{YES} → {format_vi(inp.max, p)} điểm; {NO} → 0"
    if inp.kind == "choice":
        levels = getattr(m, "levels", {})
        return "; ".join(f"{label}: {format_vi(pts, p)} điểm"
                         for _, (label, pts) in levels.items()) or m.title
    if inp.kind == "ratio":
        base = f"Tỷ lệ a/b × {format_vi(inp.max, p)}"
        target = getattr(m, "target", None)
        if isinstance(target, Decimal):
            base = f"Đạt tỷ lệ ≥ {format_vi(target * 100, 2)}% → {format_vi(inp.max, p)} điểm"
        return f"{base}. {m.input_hint()}"
    if inp.kind == "parts":
        return f"Cộng điểm các phần đã thực hiện (tối đa {format_vi(inp.max, p)})"
    if inp.kind == "number":
        steps = getattr(m, "steps", ())
        if steps:
            return "; ".join(f"≥ {format_vi(at, 4)}: {format_vi(pts, p)} điểm" for at, pts in steps)
        return f"{m.title}. {m.input_hint()}".strip(". ")
    if inp.kind == "points":
        return f"Nhập điểm từ 0 đến {format_vi(inp.max, p)}"
    return m.title
