"""The lighter export: only the published ranking table (the ranking sheet of
:func:`dtikit.formats.xlsx_results.write_results`, by the same code), without
the radar sheet (one chart per unit) and the per-indicator breakdown, which
are meant for a district's few dozen communes, not a whole country."""

from __future__ import annotations

from pathlib import Path

from dtikit.model import Rubric
from dtikit.ranking import Results


def write_ranking_table(rubric: Rubric, results: Results, path: str | Path) -> None:
    from dtikit.formats.xlsx_results import write_ranking_table

    write_ranking_table(rubric, results, path)
