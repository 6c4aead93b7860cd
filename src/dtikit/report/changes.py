"""What the appraisal changed (computed by
:func:`dtikit.appraisal.appraisal_changes`, its one home), as text: the
section of the HTML report and the lines of ``dtikit explain``."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from ..appraised import appraisal_changes, cuts_by_agency
from ..assessment import Assessment
from ..model import Rubric
from ..numbers import format_vi
from ..scoring import Scorecard

__all__ = ["changes_html", "explain_lines"]


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
