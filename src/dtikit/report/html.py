"""The report page: one self-contained HTML file (no network, no script, no web font).

Sections, in Vietnamese: the rubric and how classes are drawn; the ranking
table; a bar chart of totals coloured by class; each unit's main indices
against their maxima; the units left out of the ranking and why; the
disagreements of a published-table check (if one is given); the findings of
scoring (missing evidence, late submissions, …). Sample data carries a banner.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from html import escape
from pathlib import Path

from ..assessment import Assessment
from ..issuance import NATIONAL_HEADING, NO_ISSUANCE, Issuance, basis_text, sign_note, signatures
from ..lineage import delta_note
from ..model import Rubric
from ..numbers import ZERO, format_vi
from ..outputs import write_atomic
from ..published import Disagreement, TableCheck
from ..ranking import Exclusion, ResultRow, Results
from ..scoring import Finding, Scorecard
from ..vocabulary import FINDINGS_TITLE, finding_label
from . import svg
from .changes import changes_html

STATUS_VI: Mapping[str, str] = {
    "complete": "đầy đủ",
    "partial": "một phần (có chỉ số chính được chấm trực tiếp, chưa có chỉ số thành phần)",
    "structure": "chỉ có cấu trúc, chưa có điểm",
}

PROVENANCE_VI: Mapping[str, str] = {
    "confirmed": "đã đối chiếu văn bản",
    "inferred": "suy luận, chưa đọc được trong văn bản gốc",
    "unknown": "chưa rõ nguồn",
}

SEVERITY_VI: Mapping[str, str] = {"error": "Sai lệch", "rounding": "Do làm tròn"}

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

STYLE = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif;
       margin: 0 auto; max-width: 1180px; padding: 16px 24px 48px; color: #24292f;
       line-height: 1.45; }
h1 { font-size: 1.55rem; margin: 0.4em 0 0.2em; }
h2 { font-size: 1.2rem; margin-top: 2em; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 1.02rem; margin: 1.2em 0 0.4em; }
.meta { color: #57606a; margin: 0.2em 0; }
.sample-banner { background: #fff8c5; border: 2px solid #bf8700; color: #6f4e00;
                 padding: 10px 14px; font-weight: 700; margin: 8px 0 12px; border-radius: 6px; }
.note { background: #f6f8fa; border-left: 4px solid #8c959f; padding: 6px 10px; margin: 8px 0; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.9rem; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.unit { min-width: 14em; }
td.class { white-space: nowrap; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px;
          margin-right: 4px; vertical-align: -1px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 10px; width: 380px; }
.card h3 { margin: 0 0 4px; font-size: 0.95rem; }
.legend { font-size: 0.85rem; color: #57606a; }
.ok { color: #1a7f37; font-weight: 600; }
.bad { color: #cf222e; font-weight: 600; }
footer { margin-top: 3em; color: #57606a; font-size: 0.8rem; }
svg.chart { max-width: 100%; height: auto; }
.heading { display: flex; justify-content: space-between; text-align: center; margin: 8px 0 16px; }
.heading p { margin: 0; }
.heading .issuer, .heading .nation { font-weight: 700; }
.heading .place-date { font-style: italic; }
.signatures { display: flex; justify-content: space-around; text-align: center;
              margin: 24px 0 16px; break-inside: avoid; }
.signatures .block { min-height: 8em; }
.signatures .title { font-weight: 700; margin: 0; }
.signatures .note { font-style: italic; margin: 0; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 4px 0;
          break-after: avoid; }
@page { size: A4 landscape; margin: 20mm 15mm 20mm 30mm; }
@media print {
  body { font-family: "Times New Roman", Times, "Liberation Serif", serif; font-size: 12pt;
         max-width: none; margin: 0; padding: 0; color: #000; }
  h1 { font-size: 14pt; } h2 { font-size: 13pt; break-after: avoid; } h3 { font-size: 12pt; }
  table { font-size: 12pt; }
  thead { display: table-header-group; }
  tr, .card, svg.chart { break-inside: avoid; }
  .sample-banner { border-width: 3px; }
}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _pct(value: Decimal | None, places: int = 2) -> str:
    return "—" if value is None else f"{format_vi(value, places, trim=False)}%"


def _class_order(rubric: Rubric, results: Results, cards: Sequence[Scorecard]) -> list[str]:
    """Class labels best first: by band (highest lower bound first), then any label seen."""
    labels: list[str] = []
    if rubric.classification is not None:
        bands = sorted(rubric.classification.bands,
                       key=lambda b: (b.lower is not None, b.lower or ZERO), reverse=True)
        labels = [b.label for b in bands]
    for label in [r.class_label for r in results.rows] + [c.class_label for c in cards]:
        if label and label not in labels:
            labels.append(label)
    return labels


class _Page:
    def __init__(self, rubric: Rubric, results: Results, scorecards: Sequence[Scorecard],
                 check: TableCheck | None, title: str | None,
                 assessments: Sequence[Assessment] = (),
                 issuance: Issuance = NO_ISSUANCE) -> None:
        self.assessments = assessments
        self.rubric = rubric
        self.results = results
        self.cards = list(scorecards)
        self.check = check
        self.places = rubric.rounding.places
        self.sample = results.sample or any(c.sample for c in self.cards)
        self.colours = svg.colours_for(_class_order(rubric, results, self.cards))
        self.issuance = issuance
        self.year = issuance.round_year(rubric)
        self.title = title or issuance.results_title(rubric)
        self.parts: list[str] = []

    def colour(self, label: str | None) -> str:
        return self.colours.get(label or "", svg.NO_CLASS_COLOUR)

    def fmt(self, value: Decimal | None) -> str:
        """Points at the rubric's places, always (``804,80``)."""
        return format_vi(value, self.places, trim=False)

    def fmt_max(self, value: Decimal) -> str:
        """A maximum as its source prints it (``100``)."""
        return format_vi(value, self.places, trim=False, whole=True)

    def add(self, *html: str) -> None:
        self.parts.extend(html)

    def open_table(self, css: str, caption: str, headers: Iterable[str]) -> None:
        """A table's opening, caption and header row, as one part (rows follow)."""
        self.add(f'<table class="{css}"><caption>{_e(caption)}</caption><thead><tr>'
                 + "".join(f'<th scope="col">{_e(h)}</th>' for h in headers)
                 + "</tr></thead><tbody>")

    # --- sections -----------------------------------------------------------------

    def head(self) -> None:
        r = self.rubric
        title = ("[DỮ LIỆU MẪU] " if self.sample else "") + self.title
        self.add(
            "<!DOCTYPE html>",
            '<html lang="vi"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="dtikit-rubric" content="{_e(r.id)}">',
            f"<title>{_e(title)}</title>",
            f"<style>{STYLE}</style></head><body>",
        )
        iss = self.issuance
        self.add('<header class="heading">',
                 f'<div><p class="issuer">{_e(iss.issuer_heading())}</p></div>',
                 f'<div><p class="nation">{_e(NATIONAL_HEADING[0])}</p>'
                 f'<p class="nation">{_e(NATIONAL_HEADING[1])}</p>'
                 f'<p class="place-date">{_e(iss.place_date())}</p></div>', "</header>")
        if self.sample:
            self.add('<div class="sample-banner" id="sample-banner" role="alert">DỮ LIỆU MẪU - '
                     "các đơn vị và số liệu trong báo cáo này là dữ liệu mẫu để minh họa, "
                     "không phải kết quả đánh giá chính thức.</div>")
        self.add(f"<h1>{_e(self.title)}</h1>")
        self.add(f'<p class="meta caption">{_e(iss.appendix_caption())}</p>')
        self.add(f'<p class="meta">Bộ chỉ số: {_e(basis_text(r))}</p>')
        self.add(f'<p class="meta">Thang điểm {_e(self.fmt_max(r.scale))}; trạng thái dữ liệu: '
                 f"{_e(STATUS_VI.get(r.status, r.status))}</p>")
        cls = r.classification
        if cls is not None:
            unit = "%" if cls.basis == "percent" else " điểm"
            bands = "; ".join(
                f'<span class="swatch" style="background:{_e(self.colour(b.label))}"></span>'
                f"{_e(b.label)}: {_e(b.describe())}{_e(unit)}" for b in cls.bands)
            basis = ("tỷ lệ điểm trên điểm tối đa áp dụng" if cls.basis == "percent"
                     else "tổng điểm")
            self.add(f'<p class="meta">Xếp loại theo {_e(basis)}: {bands}</p>')
            if cls.provenance.status != "confirmed":
                self.add(f'<p class="note">Ngưỡng xếp loại: '
                         f"{_e(PROVENANCE_VI[cls.provenance.status])}.</p>")
        else:
            self.add('<p class="note">Bộ chỉ số không quy định ngưỡng xếp loại: kết quả không '
                     "có cột xếp loại.</p>")
        wf = r.workflow
        rules = []
        if wf.deadline:
            rules.append(f"hạn nộp {wf.deadline:%d/%m/%Y}"
                         + (" (nộp muộn không được chấm điểm)" if wf.late == "exclude" else ""))
        if wf.require_appraisal:
            rules.append("đơn vị chưa được thẩm định thì không được tính điểm, xếp hạng")
        if wf.ranking_scope == "parent":
            rules.append("xếp hạng trong phạm vi đơn vị cấp trên")
        if rules:
            self.add(f'<p class="meta">Quy định: {_e("; ".join(rules))}.</p>')
        n_rows, n_ex = len(self.results.rows), len(self.results.excluded)
        self.add(f'<p class="meta">Số đơn vị được xếp hạng: {n_rows}; không xếp hạng: {n_ex}.</p>')

    def ranked_table(self) -> None:
        self.add(f'<h2 id="xep-hang">Bảng xếp hạng năm {self.year}</h2>')
        rows = self.results.rows
        if not rows:
            self.add("<p>Không có đơn vị nào được xếp hạng.</p>")
            return
        groups: dict[str, list[ResultRow]] = {}
        for row in rows:
            groups.setdefault(row.group or "", []).append(row)
        for group, members in groups.items():
            if group:
                self.add(f"<h3>Phạm vi xếp hạng: {_e(group)}</h3>")
            self.table(members, group)
        self.add('<div class="signatures">')
        for block in signatures(self.rubric, "results"):
            self.add('<div class="block">', *(f'<p class="title">{_e(t)}</p>' for t in block),
                     f'<p class="note">{_e(sign_note(block))}</p>', "</div>")
        self.add("</div>")

    def table(self, rows: Sequence[ResultRow], group: str = "") -> None:
        res = self.results
        has_delta = any(r.delta is not None or r.no_trend for r in rows)
        head = [f"Xếp hạng DTI năm {self.year}", "Đơn vị"]
        head += [f"{name} ({self.fmt_max(mx)} điểm)" for _, name, mx in res.columns]
        head.append(f"Tổng điểm ({self.fmt_max(self.rubric.scale)} điểm)")
        head.append("Tỷ lệ")
        if self.rubric.classification is not None:
            head.append("Xếp loại")
        head += [label for _, label in res.conversions]
        if has_delta:
            head.append("So với năm trước")
        caption = self.title + (f" - Phạm vi xếp hạng: {group}" if group else "")
        self.add(f'<table class="ranking"><caption>{_e(caption)}</caption><thead><tr>',
                 *(f'<th scope="col">{_e(h)}</th>' for h in head), "</tr></thead><tbody>")
        for r in rows:
            cells = [f'<td class="num rank">{r.rank}</td>', f'<td class="unit">{_e(r.unit.name)}</td>']
            for part in r.parts:
                cells.append(f'<td class="num">{_e(self.fmt(part.points))}</td>')
            cells.append(f'<td class="num total"><strong>{_e(self.fmt(r.total))}</strong></td>')
            cells.append(f'<td class="num">{_e(_pct(r.percent, self.places))}</td>')
            if self.rubric.classification is not None:
                cells.append(f'<td class="class"><span class="swatch" style="background:'
                             f'{_e(self.colour(r.class_label))}"></span>{_e(r.class_label or "—")}</td>')
            for _, value in r.conversions:
                cells.append(f'<td class="num">{_e(self.fmt(value))}</td>')
            if has_delta:
                cells.append(f"<td>{_e(self.delta_text(r))}</td>")
            self.add('<tr class="result-row">', *cells, "</tr>")
        self.add("</tbody></table>")

    def delta_text(self, row: ResultRow) -> str:
        d = row.delta
        note = delta_note(d, row.no_trend)
        if d is None:
            return note or "mới"
        sign = "+" if d.total_change > 0 else ""
        text = f"{sign}{self.fmt(d.total_change)} {'điểm %' if d.basis == 'percent' else 'điểm'}"
        if d.rank_change:
            arrow = "▲" if d.rank_change > 0 else "▼"
            text += f"; hạng {arrow}{abs(d.rank_change)} (năm trước {d.previous_rank})"
        return f"{text} — {note}" if note else text

    def chart(self) -> None:
        rows = self.results.rows
        if not rows:
            return
        self.add('<h2 id="bieu-do">Biểu đồ tổng điểm</h2>')
        maximum = max([self.rubric.scale, *(r.applicable_max for r in rows)])
        bars = []
        for r in rows:
            label = r.unit.name if len(r.unit.name) <= 38 else r.unit.name[:37] + "…"
            bars.append(svg.Bar(
                label=f"{r.rank}. {label}", value=r.total, colour=self.colour(r.class_label),
                title=f"{r.unit.name}: {self.fmt(r.total)} điểm"
                      + (f" - {r.class_label}" if r.class_label else ""),
                note=r.class_label or ""))
        markers = []
        cls = self.rubric.classification
        if cls is not None:
            for b in cls.bands:
                if b.lower is None or b.lower <= 0:
                    continue
                at = b.lower * self.rubric.scale / 100 if cls.basis == "percent" else b.lower
                unit = "%" if cls.basis == "percent" else ""
                markers.append(svg.Marker(at, f"{b.label} {format_vi(b.lower)}{unit}"))
        self.add(svg.bar_chart(bars, maximum, title="Tổng điểm của các đơn vị, tô màu theo xếp loại",
                               markers=markers, places=self.rubric.rounding.places))
        if self.colours:
            legend = " ".join(
                f'<span class="swatch" style="background:{_e(c)}"></span>{_e(label)}'
                for label, c in self.colours.items())
            self.add(f'<p class="legend">Chú giải: {legend}</p>')

    def unit_parts(self) -> None:
        res = self.results
        if not res.rows or not res.columns:
            return
        names = {code: name for code, name, _ in res.columns}
        self.add('<h2 id="chi-so-chinh">Điểm các chỉ số chính của từng đơn vị</h2>')
        legend = "; ".join(f"{_e(code)}. {_e(name)}" for code, name, _ in res.columns)
        self.add(f'<p class="legend">{legend}</p><div class="cards">')
        for r in res.rows:
            parts = [svg.IndexBar(p.code, names.get(p.code, ""), p.points, p.max) for p in r.parts]
            title = f"{r.unit.name}: điểm từng chỉ số chính so với điểm tối đa"
            self.add('<div class="card">',
                     f"<h3>{r.rank}. {_e(r.unit.name)} - {_e(self.fmt(r.total))}"
                     + (f" ({_e(r.class_label)})" if r.class_label else "") + "</h3>",
                     svg.parts_chart(parts, title=title, colour=self.colour(r.class_label),
                                     places=self.rubric.rounding.places),
                     "</div>")
        self.add("</div>")

    def excluded(self) -> None:
        self.add('<h2 id="khong-xep-hang">Đơn vị không được xếp hạng</h2>')
        ex: Iterable[Exclusion] = self.results.excluded
        if not self.results.excluded:
            self.add("<p>Không có.</p>")
            self.inputs()
            return
        self.open_table("excluded", "Đơn vị không được xếp hạng và lý do",
                        ("Đơn vị", "Lý do", "Tổng điểm (nếu tính được)"))
        for e in ex:
            self.add('<tr class="excluded-row">', f'<td class="unit">{_e(e.unit.name)}</td>',
                     f"<td>{_e(e.message)}</td>", f'<td class="num">{_e(self.fmt(e.total))}</td>',
                     "</tr>")
        self.add("</tbody></table>")
        self.inputs()

    def inputs(self) -> None:
        """Rows read = accepted + rejected, in total and per file (when read from files)."""
        from ..files import input_lines

        lines = input_lines(self.results.inputs)
        if lines:
            self.add('<p class="inputs">' + "<br>".join(_e(s) for s in lines) + "</p>")

    def disagreements(self) -> None:
        check = self.check
        if check is None:
            return
        self.add('<h2 id="doi-chieu">Đối chiếu bảng kết quả công bố</h2>')
        errors = len(check.errors)
        rounding = len(check.disagreements) - errors
        if not check.disagreements:
            self.add(f'<p class="ok">Không có sai lệch: {len(check.rows)} dòng, mọi tổng điểm, '
                     "xếp hạng và xếp loại khớp khi tính lại.</p>")
            return
        self.add(f'<p><span class="{"bad" if errors else "ok"}">{errors} sai lệch</span>; '
                 f"{rounding} chênh lệch do làm tròn (trong dung sai).</p>")
        self.open_table("disagreements", "Sai lệch giữa bảng công bố và kết quả tính lại",
                        ("Vị trí", "Đơn vị", "Mục", "Công bố", "Tính lại", "Mức độ", "Nội dung"))
        for d in check.disagreements:
            self.add('<tr class="disagreement-row">', f"<td>{_e(d.where)}</td>",
                     f'<td class="unit">{_e(d.unit)}</td>', f"<td>{_e(_field_vi(d))}</td>",
                     f'<td class="num">{_e(d.published)}</td>',
                     f'<td class="num">{_e(d.recomputed)}</td>',
                     f"<td>{_e(SEVERITY_VI.get(d.severity, d.severity))}</td>",
                     f"<td>{_e(d.message)}</td>", "</tr>")
        self.add("</tbody></table>")

    def findings(self) -> None:
        self.add(f'<h2 id="ghi-nhan">{FINDINGS_TITLE}</h2>')
        found: list[tuple[str, Finding]] = [(c.unit.name, f) for c in self.cards for f in c.findings]
        if not found:
            self.add("<p>Không có lưu ý nào.</p>")
            return
        counts = Counter(f.kind for _, f in found)
        summary = "; ".join(f"{_e(finding_label(k))}: {n}" for k, n in counts.items())
        self.add(f"<p>{summary}.</p>")
        self.open_table("findings", "Lưu ý khi chấm điểm, theo đơn vị",
                        ("Đơn vị", "Chỉ số", "Loại", "Nội dung"))
        for unit, f in found:
            self.add('<tr class="finding-row">', f'<td class="unit">{_e(unit)}</td>',
                     f"<td>{_e(f.code or '')}</td>",
                     f"<td>{_e(finding_label(f.kind))}</td>",
                     f"<td>{_e(f.message)}</td>", "</tr>")
        self.add("</tbody></table>")

    def foot(self) -> None:
        from ..version import __version__

        self.add(f"<footer>Tạo bởi dtikit {_e(__version__)}. "
                 "Điểm hiển thị với dấu phẩy thập phân, làm tròn nửa lên tại vị trí bộ chỉ số "
                 "quy định; tổng điểm bằng tổng các phần đã làm tròn.</footer></body></html>")

    def render(self) -> str:
        self.head()
        self.ranked_table()
        self.chart()
        self.unit_parts()
        self.excluded()
        self.add(*changes_html(self.rubric, self.cards, self.assessments))
        self.disagreements()
        self.findings()
        self.foot()
        return unicodedata.normalize("NFC", "\n".join(self.parts)) + "\n"


def _field_vi(d: Disagreement) -> str:
    if d.field.startswith("part "):
        return "Chỉ số " + d.field.removeprefix("part ")
    return {"total": "Tổng điểm", "rank": "Xếp hạng", "class": "Xếp loại",
            "unit": "Đơn vị"}.get(d.field, d.field)


def render_report(
    rubric: Rubric,
    results: Results,
    scorecards: Iterable[Scorecard],
    *,
    check: TableCheck | None = None,
    title: str | None = None,
    assessments: Sequence[Assessment] = (),
    issuance: Issuance | None = None,
) -> str:
    """The report page as one HTML string (see :func:`write_report`).
    ``assessments`` (the cohort scored) add the section on what the appraisal
    changed, with the appraisers' comments."""
    if results.rubric_id != rubric.id:
        raise ValueError(f"results are for {results.rubric_id}, not {rubric.id}")
    return _Page(rubric, results, list(scorecards), check, title, assessments,
                 issuance or NO_ISSUANCE).render()


def write_report(
    rubric: Rubric,
    results: Results,
    scorecards: Iterable[Scorecard],
    path: str | Path,
    *,
    check: TableCheck | None = None,
    title: str | None = None,
    assessments: Sequence[Assessment] = (),
    issuance: Issuance | None = None,
) -> Path:
    """Write the report page to ``path``: one self-contained HTML file that opens
    offline (no script, no external font or image; a Content-Security-Policy
    forbids any fetch). Returns the path written.

    ``issuance`` (:class:`~dtikit.Issuance`) gives the official heading, the
    decision's caption and the round's year; blanks where not given. Printed,
    the page is A4 landscape in Times New Roman, charts within the page width."""
    out = Path(path)
    write_atomic(out, render_report(rubric, results, scorecards, check=check, title=title,
                                    assessments=assessments, issuance=issuance))
    return out
