"""What the appraisal changed: per unit and indicator, the self-assessed points
(*điểm tự chấm*) against the appraised ones (*điểm thẩm định*) with the
appraiser's comment, and per agency the points it cut.

Shown as a sheet of the results workbook (:func:`write_changes_sheet`), a
section of the HTML report (:func:`changes_html`) and lines of
``dtikit explain`` (:func:`explain_lines`). The points are the scorecards'
(the one scoring rule); this module only sets them side by side.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from html import escape
from typing import Any

import attrs

from ..assessment import Assessment
from ..model import Rubric
from ..numbers import ZERO, format_vi
from ..scoring import Scorecard
from .round import same_agency

SHEET = "Thẩm định"


@attrs.frozen
class Change:
    """One appraised indicator of one unit."""

    unit_id: str
    unit_name: str
    code: str
    name: str
    agency: str
    self_points: Decimal | None
    appraised_points: Decimal | None
    comment: str | None = None

    @property
    def delta(self) -> Decimal | None:
        """Appraised minus self-assessed points (negative: a cut)."""
        if self.self_points is None or self.appraised_points is None:
            return None
        return self.appraised_points - self.self_points

    @property
    def changed(self) -> bool:
        return self.self_points != self.appraised_points


@attrs.frozen
class AgencyCut:
    """An agency's appraisal in sum: cells appraised and changed, points cut and added."""

    agency: str
    appraised: int
    changed: int
    cut: Decimal  # the sum of the reductions, ≥ 0
    added: Decimal  # the sum of the increases, ≥ 0

    @property
    def net(self) -> Decimal:
        return self.added - self.cut


def _comments(assessments: Iterable[Assessment],
              units: set[str]) -> dict[tuple[str, str, str], str]:
    """The appraisers' comments of the units in ``units``, by (unit, code, agency)."""
    out: dict[tuple[str, str, str], str] = {}
    for a in assessments:
        if not a.appraisals or a.unit.id not in units:
            continue
        for app in a.appraisals:
            for ans in app.answers:
                if ans.note:
                    out[(a.unit.id, ans.code, app.agency.casefold())] = ans.note
    return out


_Cell = tuple[Scorecard, str, str, Decimal | None, Decimal | None]


def _appraised_cells(rubric: Rubric, cards: Iterable[Scorecard]) -> list[_Cell]:
    """Every appraised leaf of every unit, in unit then tree order: (scorecard,
    code, agency, self-assessed points, appraised points), as the scorecards'
    nodes give them. A whole scored cohort is read off the engine's stage
    columns, for the appraised cells only (:meth:`ScoredCohort.appraised_cells`):
    nothing is read when no unit was appraised."""
    from ..engine.core import ScoredCohort

    if isinstance(cards, ScoredCohort) and cards.whole() is not None:
        return [(cards[u], code, by, s, a) for u, code, by, s, a in cards.appraised_cells()]
    leaves = [n.code for n in rubric.leaves()]
    out: list[_Cell] = []
    for card in cards:
        if not card.appraised:
            continue
        for code in leaves:
            ns = card.nodes.get(code)
            if ns is not None and ns.appraised_by is not None:
                out.append((card, code, ns.appraised_by, ns.self_points, ns.appraised_points))
    return out


def appraisal_changes(rubric: Rubric, cards: Iterable[Scorecard],
                      assessments: Iterable[Assessment] = (), *,
                      changed_only: bool = False) -> list[Change]:
    """Every appraised leaf of every unit, in unit then tree order; the comment
    comes from ``assessments`` (the cohort scored) when given. Nothing is
    listed (nor read) when no unit was appraised; with ``changed_only``, only
    the leaves whose appraised points differ from the self-assessed ones."""
    cells = _appraised_cells(rubric, cards)
    if not cells:
        return []
    notes = _comments(assessments, {card.unit.id for card, *_ in cells})
    out: list[Change] = []
    for card, code, agency, self_points, appraised_points in cells:
        comment = notes.get((card.unit.id, code, agency.casefold()))
        ch = Change(card.unit.id, card.unit.name, code, rubric.get(code).name, agency,
                    self_points, appraised_points, comment)
        if changed_only and not ch.changed:
            continue
        out.append(ch)
    return out


def cuts_by_agency(changes: Iterable[Change]) -> list[AgencyCut]:
    """Per agency (in order of first appearance): how much it cut and added."""
    acc: dict[str, list[Any]] = {}
    for ch in changes:
        key = next((k for k in acc if same_agency(k, ch.agency)), ch.agency)
        row = acc.setdefault(key, [0, 0, ZERO, ZERO])
        row[0] += 1
        if ch.changed:
            row[1] += 1
        d = ch.delta
        if d is not None and d < 0:
            row[2] -= d
        elif d is not None and d > 0:
            row[3] += d
    return [AgencyCut(k, *v) for k, v in acc.items()]


# ------------------------------------------------------------------ the results workbook

HEADERS = ("Đơn vị", "Mã chỉ số", "Chỉ số", "Cơ quan thẩm định", "Điểm tự chấm",
           "Điểm thẩm định", "Chênh lệch", "Ý kiến thẩm định")


def write_changes_sheet(book: Any, cell: Any, used: set[str], rubric: Rubric,
                        cards: Sequence[Scorecard], assessments: Sequence[Assessment]) -> bool:
    """Add the sheet *Thẩm định* to a results workbook being written (``book``:
    its :class:`sheetxml.XmlBook`, ``cell``: its cell styler). Nothing is added
    when no unit was appraised; returns whether the sheet was written."""
    changes = appraisal_changes(rubric, cards, assessments)
    if not changes:
        return False
    from ..formats import xlstyle as st
    from ..formats.xlsx_form import sheet_title

    name = sheet_title(SHEET, used)
    sheet = book.sheet(book.wb.create_sheet(name))
    sheet.append([cell.plain("NHỮNG GÌ THẨM ĐỊNH ĐÃ THAY ĐỔI", st.TITLE)])
    sheet.append([cell.plain(f"{rubric.title} — {rubric.source.cite()}", st.BOLD)])
    sheet.append([])
    sheet.append([cell.header(h) for h in HEADERS])
    for ch in changes:
        d = ch.delta
        sheet.append([cell(ch.unit_name), cell(ch.code), cell(ch.name), cell(ch.agency),
                      cell(ch.self_points), cell(ch.appraised_points),
                      cell(d if d is not None else None), cell(ch.comment)])
    sheet.append([])
    sheet.append([cell.plain("TỔNG ĐIỂM CẮT GIẢM THEO CƠ QUAN THẨM ĐỊNH", st.BOLD)])
    sheet.append([cell.header(h) for h in ("Cơ quan thẩm định", "Số chỉ số thẩm định",
                                           "Số chỉ số thay đổi", "Điểm cắt giảm",
                                           "Điểm cộng thêm", "Chênh lệch")])
    for cut in cuts_by_agency(changes):
        sheet.append([cell(cut.agency), cell(cut.appraised), cell(cut.changed),
                      cell(cut.cut), cell(cut.added), cell(cut.net)])
    return True


# ------------------------------------------------------------------ the HTML report


def changes_html(rubric: Rubric, cards: Sequence[Scorecard],
                 assessments: Sequence[Assessment]) -> list[str]:
    """The report section *Những gì thẩm định đã thay đổi* (empty when no unit
    was appraised)."""
    changes = appraisal_changes(rubric, cards, assessments)
    if not changes:
        return []
    p = rubric.rounding.places

    def e(x: object) -> str:
        return escape(str(x))

    def pts(v: Decimal | None) -> str:
        return e(format_vi(v, p, trim=False))

    out = ['<h2 id="tham-dinh">Những gì thẩm định đã thay đổi</h2>']
    changed = [c for c in changes if c.changed]
    out.append(f'<p class="meta">{len(changes)} chỉ số được thẩm định, {len(changed)} chỉ số '
               "thay đổi điểm so với điểm tự chấm.</p>")
    out.append("<table><thead><tr><th>Cơ quan thẩm định</th><th>Số chỉ số thẩm định</th>"
               "<th>Số chỉ số thay đổi</th><th>Điểm cắt giảm</th><th>Điểm cộng thêm</th>"
               "</tr></thead><tbody>")
    for cut in cuts_by_agency(changes):
        out.append(f"<tr><td>{e(cut.agency)}</td><td class=\"num\">{cut.appraised}</td>"
                   f"<td class=\"num\">{cut.changed}</td><td class=\"num\">{pts(cut.cut)}</td>"
                   f"<td class=\"num\">{pts(cut.added)}</td></tr>")
    out.append("</tbody></table>")
    if changed:
        out.append("<table><thead><tr><th>Đơn vị</th><th>Chỉ số</th><th>Cơ quan thẩm định</th>"
                   "<th>Điểm tự chấm</th><th>Điểm thẩm định</th><th>Chênh lệch</th>"
                   "<th>Ý kiến thẩm định</th></tr></thead><tbody>")
        for ch in changed:
            d = ch.delta
            sign = "+" if d is not None and d > 0 else ""
            out.append(f'<tr class="appraisal-change"><td class="unit">{e(ch.unit_name)}</td>'
                       f"<td>{e(ch.code)}. {e(ch.name)}</td><td>{e(ch.agency)}</td>"
                       f'<td class="num">{pts(ch.self_points)}</td>'
                       f'<td class="num">{pts(ch.appraised_points)}</td>'
                       f'<td class="num">{sign}{pts(d)}</td><td>{e(ch.comment or "")}</td></tr>')
        out.append("</tbody></table>")
    return out


# ------------------------------------------------------------------ dtikit explain


def explain_lines(rubric: Rubric, card: Scorecard, code: str,
                  assessment: Assessment | None) -> list[str]:
    """What the appraisal changed under ``code`` for one unit, one line per
    appraised leaf (none when nothing under it was appraised)."""
    under = {n.code for n in rubric.get(code).leaves()}
    p = rubric.rounding.places
    out = []
    for ch in appraisal_changes(rubric, [card], [assessment] if assessment else ()):
        if ch.code not in under:
            continue
        d = ch.delta
        what = ("không thay đổi" if not ch.changed else
                f"{'+' if d is not None and d > 0 else ''}{format_vi(d, p, trim=False)} điểm")
        line = (f"Thẩm định đã thay đổi: chỉ số {ch.code}, {ch.agency}: điểm tự chấm "
                f"{format_vi(ch.self_points, p, trim=False)} → điểm thẩm định "
                f"{format_vi(ch.appraised_points, p, trim=False)} ({what})")
        if ch.comment:
            line += f"; ý kiến thẩm định: {ch.comment}"
        out.append(line)
    return out
