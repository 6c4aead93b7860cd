"""A rubric printed back as its decision's appendix table (.docx or .xlsx), so an
officer can lay it beside the signed decision; importing the file gives the
rubric back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs

from ..errors import FileRejected, Problem
from ..messages import Text
from ..model import Indicator, Rubric
from ..numbers import format_vi
from ..outputs import atomic_path
from .readers import missing_library
from .recognise import render_rule
from .tree import COLUMN_HEADINGS_VI, parse_code

__all__ = ["EXPORT_COLUMNS", "export_appendix", "table_rows", "title_lines"]

EXPORT_COLUMNS = ("code", "name", "max", "how", "evidence", "data_source", "appraiser")


def title_lines(rubric: Rubric) -> list[str]:
    """The title block above the table, worded as a decision's appendix is."""
    src = rubric.source
    lines = [src.appendix or "Phụ lục", rubric.title]
    if src.decision:  # the decision's citation, without the appendix named above it
        lines.append(f"(Kèm theo {attrs.evolve(src, appendix=None).cite()})")
    return lines


def table_rows(rubric: Rubric) -> list[tuple[Indicator, list[str]]]:
    """One row per indicator, in the rubric's order: STT (as printed in the
    decision where known), name, maximum (decimal comma), rule, evidence, data
    source, appraiser."""
    rows = []
    for node in rubric.walk():
        how = node.how
        if how is None and node.method is not None and node.method.kind != "awarded":
            # a method worded as decisions word it (it reads back as the same method);
            # points entered by hand have no rule to print: the cell stays empty
            how = render_rule(node.method, node.max)
        # the STT as the decision prints it ("1.", "II.1" printed "1") where that is a code
        row = node.provenance.row
        printed = row if row and parse_code(row) is not None else node.code
        rows.append((node, [printed, node.name, format_vi(node.max, 6), how or "",
                            "\n".join(f"- {e}" for e in node.evidence), node.data_source or "",
                            node.appraiser or ""]))
    return rows


def _write_xlsx(rubric: Rubric, path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    for line in title_lines(rubric):
        ws.append([line])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
    ws.append([])
    ws.append([COLUMN_HEADINGS_VI[k] for k in EXPORT_COLUMNS])
    header_row = ws.max_row
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    for c in ws[header_row]:
        c.font, c.border = Font(bold=True), box
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for node, cells in table_rows(rubric):
        ws.append(cells)
        for c in ws[ws.max_row]:
            c.border, c.alignment = box, wrap
            c.number_format = "@"  # text: "0,5" and "1.1" stay as printed
            if node.children:
                c.font = Font(bold=True)
    for letter, width in zip("ABCDEFG", (8, 45, 10, 60, 35, 20, 20)):
        ws.column_dimensions[letter].width = width
    ws.print_title_rows = f"{header_row}:{header_row}"  # the header on every page
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    wb.save(path)


def _write_docx(rubric: Rubric, path: Path) -> None:
    try:
        import docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt
    except ImportError as exc:
        raise missing_library(path, "docx", "python-docx") from exc
    document = docx.Document()
    for line in title_lines(rubric):
        para = document.add_paragraph()
        run = para.add_run(line)
        run.bold = True
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rows = table_rows(rubric)
    table = document.add_table(rows=1, cols=len(EXPORT_COLUMNS))
    table.style = "Table Grid"
    head = table.rows[0]
    tr_pr = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header repeated on every page
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, kind in zip(head.cells, EXPORT_COLUMNS):
        cell.text = ""
        cell.paragraphs[0].add_run(COLUMN_HEADINGS_VI[kind]).bold = True
    for node, cells in rows:
        row = table.add_row()
        for cell, text in zip(row.cells, cells):
            lines = text.split("\n") if text else [""]
            para = cell.paragraphs[0]
            for i, line in enumerate(lines):
                if i:
                    para = cell.add_paragraph()
                run = para.add_run(line)
                run.bold = bool(node.children)
                run.font.size = Pt(10)
    document.save(str(path))


WRITERS: dict[str, Callable[[Rubric, Path], None]] = {".xlsx": _write_xlsx, ".docx": _write_docx}


def export_appendix(rubric: Rubric, path: str | Path, *, force: bool = False) -> Path:
    """Write ``rubric`` as its appendix table to ``path`` (.docx or .xlsx), atomically."""
    p = Path(path)
    writer = WRITERS.get(p.suffix.lower())
    if writer is None:
        kind = p.suffix or Text("appendix.no_extension")
        raise FileRejected([Problem(str(p), Text("appendix.cannot_write", kind=kind))],
                           source=str(p))
    if p.exists() and not force:
        raise FileExistsError(f"{p} exists")
    with atomic_path(p) as temp:  # the old file or the new one, never a part
        writer(rubric, temp)
    return p
