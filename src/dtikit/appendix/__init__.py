"""A province's rubric from its decision's appendix table, and back.

* :func:`import_appendix` reads the appendix (.docx, .pdf with a text layer,
  .xlsx, .csv, .tsv) and gives an :class:`ImportResult`: the rubric, and the
  findings a person must look at (sums that do not add up, rules no pattern
  recognised, created parents), each with its row;
* :func:`rubric_toml` writes the rubric as a data file that reads like the
  decision (``dtikit rubric validate`` checks it);
* :func:`export_appendix` prints a rubric back as the appendix table (.docx or
  .xlsx); importing that file gives the same rubric;
* :func:`recognise` turns one rule text into a method, naming the pattern
  (:data:`PATTERNS`); :func:`render_rule` words a method as a decision would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..convert import dump_rubric_toml
from ..model import Rubric
from .export import export_appendix, table_rows, title_lines
from .readers import READERS, RawRow, read_rows
from .recognise import PATTERNS, Recognition, recognise, render_rule
from .tree import COLUMN_HEADINGS_VI, COLUMNS, ImportFinding, ImportResult, build_rubric

__all__ = [
    "COLUMNS",
    "COLUMN_HEADINGS_VI",
    "PATTERNS",
    "READERS",
    "ImportFinding",
    "ImportResult",
    "RawRow",
    "Recognition",
    "build_rubric",
    "export_appendix",
    "import_appendix",
    "read_rows",
    "recognise",
    "render_rule",
    "rubric_toml",
    "table_rows",
    "title_lines",
]


def import_appendix(path: str | Path, *, rubric_id: str, **options: Any) -> ImportResult:
    """Read a decision's appendix table (.docx, .pdf with a text layer, .xlsx,
    .csv, .tsv) into a rubric ``rubric_id`` (``province/tier/year``).

    ``options`` are those of :func:`build_rubric`: ``decision``,
    ``decision_date``, ``issuer``, ``appendix``, ``title`` (read from the title
    block above the table where not given), ``url``; ``scale`` (the total the
    top-level indicators must add up to; default the table's total row, else
    their sum); ``columns`` (a column kind — ``code``, ``name``, ``max``,
    ``how``, ``evidence``, ``data_source``, ``appraiser`` — to a header's words,
    a column letter or a number, for columns the header words do not show);
    ``create_missing_parents`` (a missing parent row is an error unless set).

    Raises :class:`dtikit.errors.FileRejected` (every problem, each with its
    row) when the table cannot be read into a tree at all.
    """
    p = Path(path)
    return build_rubric(read_rows(p), rubric_id=rubric_id, source=str(p), **options)


def rubric_toml(result: ImportResult | Rubric, *, source_name: str | None = None) -> str:
    """The TOML data file of an imported rubric (or of any rubric), that reads like
    the decision; for an import, a comment at the top names the rows to review
    and the sums that do not add up."""
    if isinstance(result, Rubric):
        return dump_rubric_toml(result)
    rubric = result.rubric
    lines = [f"{rubric.id} — nhập từ {source_name or 'bảng phụ lục'} bằng `dtikit rubric import`.",
             "Mỗi [[indicators]] là một dòng của bảng, theo thứ tự của quyết định; `how` là cách "
             "tính nguyên văn, `method` là cách chấm đã nhận dạng (mẫu nhận dạng ghi trong "
             "provenance.ref)."]
    if result.flagged:
        lines.append("CẦN RÀ SOÁT (cách tính chưa nhận dạng, tạm chấm awarded): "
                     + ", ".join(f.code or "?" for f in result.flagged))
    for f in result.mismatches:
        lines.append(f"Tổng không khớp: {f}")
    return dump_rubric_toml(rubric, comment="\n".join(lines))


def __getattr__(name: str) -> Any:
    """``Finding`` (deprecated): the import's finding is :class:`ImportFinding`, so
    that it is not taken for a scorecard's :class:`dtikit.Finding`."""
    if name != "Finding":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import warnings

    warnings.warn("dtikit.appendix.Finding is deprecated: use dtikit.appendix.ImportFinding",
                  DeprecationWarning, stacklevel=2)
    return ImportFinding
