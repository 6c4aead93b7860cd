"""The lighter export: only the published ranking table (the ranking sheet of
:func:`dtikit.formats.xlsx_results.write_results`, by the same code), without
the radar sheet (one chart per unit) and the per-indicator breakdown, which
are meant for a district's few dozen communes, not a whole country."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from dtikit.model import Rubric
from dtikit.ranking import Results


def write_ranking_table(rubric: Rubric, results: Results, path: str | Path) -> None:
    from dtikit.formats.xlsx_results import _ranking_sheet

    wb = openpyxl.Workbook(write_only=True)
    _ranking_sheet(wb.create_sheet("Xếp hạng"), rubric, results)
    wb.save(Path(path))
