"""Reading a published results table back — from .xlsx, or from CSV/TSV text —
into a :class:`~dtikit.PublishedTable` for :func:`dtikit.check_table`.

The columns are the published ones: rank, unit, one per main index (in the
rubric's order), total, class. In a workbook the header row is found by its
first cell (Xếp hạng / Hạng / STT); title rows above it and anything after
the table (the excluded units, notes) are skipped; extra columns after the
class (conversions, groups) are ignored. Numbers may be number cells or text
with a decimal comma ("91,27").
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import FileRejected, Problem
from ..model import Rubric
from ..published import PublishedRow, PublishedTable, read_delimited
from .cells import Book, CellError, Engine, Grid, load_book, to_number, to_text
from .safety import DEFAULT_LIMITS, Limits, describe_bytes, sniff
from .spec import META_SHEET

_HEADS = ("xếp hạng", "hạng", "stt", "thứ hạng")


def read_published(rubric: Rubric, path: str | Path, *, engine: Engine = "calamine",
                   limits: Limits = DEFAULT_LIMITS) -> PublishedTable:
    """Read a published table from an .xlsx, .csv, .tsv or .txt file."""
    path = Path(path)
    head = sniff(path) if path.exists() else b""
    if head.startswith(b"PK\x03\x04"):
        return read_published_xlsx(rubric, path, engine=engine, limits=limits)
    if path.exists() and describe_bytes(head).startswith("a text file"):
        return read_published_text(rubric, path, limits=limits)
    return read_published_xlsx(rubric, path, engine=engine, limits=limits)  # rejects with why


def read_published_text(rubric: Rubric, path: Path, *,
                        limits: Limits = DEFAULT_LIMITS) -> PublishedTable:
    size = path.stat().st_size
    if size > limits.max_text_bytes:
        raise FileRejected([Problem(path.name, f"{size:,} bytes, more than the limit "
                                    f"{limits.max_text_bytes:,}")], source=str(path))
    data = path.read_bytes()
    for codec in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(codec)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRejected([Problem(path.name, "the text is not UTF-8 (save it as CSV UTF-8)")],
                           source=str(path))
    return read_delimited(text, rubric, source=path.name)


def read_published_xlsx(rubric: Rubric, path: Path, *, engine: Engine = "calamine",
                        limits: Limits = DEFAULT_LIMITS) -> PublishedTable:
    book = load_book(path, engine, limits=limits)
    width = len(rubric.main_indices) + 4
    for grid in _candidate_sheets(book, rubric):
        h = _header_row(grid, width)
        if h is not None:
            return _read_table(rubric, grid, h, path)
    raise FileRejected([Problem(path.name, "no results table found: expected a header row "
                                f"starting with Xếp hạng and {width} columns (rank, unit, "
                                f"{width - 4} indices, total, class)")], source=str(path))


def _candidate_sheets(book: Book, rubric: Rubric) -> list[Grid]:
    """The sheet dtikit recorded for this rubric first, then every visible sheet."""
    visible = [g for g in book if g.visible]
    meta = book.sheet(META_SHEET)
    if meta is None:
        return visible
    for r in range(meta.height):
        if meta.get(r, 0) == "results" and meta.get(r, 2) == rubric.id:
            named = book.sheet(str(meta.get(r, 1)))
            if named is not None:
                return [named] + [g for g in visible if g is not named]
    return visible


def _header_row(grid: Grid, width: int) -> int | None:
    for r in range(min(grid.height, 40)):
        first = grid.get(r, 0)
        if not isinstance(first, str) or not first.casefold().startswith(_HEADS):
            continue
        filled = sum(1 for c in range(len(grid.rows[r])) if grid.get(r, c) is not None)
        if filled >= width:
            return r
    return None


def _is_rank(value: Any) -> bool:
    try:
        number, _ = to_number(value)
    except CellError:
        return False
    return number == number.to_integral_value() and number > 0


def _read_table(rubric: Rubric, grid: Grid, h: int, path: Path) -> PublishedTable:
    mains = rubric.main_indices
    n = len(mains)
    rows: list[PublishedRow] = []
    problems: list[Problem] = []
    for r in range(h + 1, grid.height):
        first = grid.get(r, 0)
        if first is None and grid.get(r, 1) is None:
            if rows:
                break  # the table ends at its first blank row
            continue
        if not _is_rank(first):
            if rows:
                break  # a section after the table (excluded units, notes)
            problems.append(Problem(grid.ref(r, 0), f"expected a rank, got {to_text(first)!r}"))
            continue
        values = _numbers(grid, r, range(2, 3 + n), problems)
        label = grid.get(r, 3 + n)
        rows.append(PublishedRow(
            unit=to_text(grid.get(r, 1) or ""),
            parts={node.code: v for node, v in zip(mains, values[:n])},
            total=values[n], rank=int(to_number(first)[0]),
            class_label=None if label is None else to_text(label), where=grid.ref(r, 0)))
    if problems:
        raise FileRejected(problems, source=str(path))
    return PublishedTable(tuple(rows), rubric.id, path.name)


def _numbers(grid: Grid, r: int, cols: Sequence[int], problems: list[Problem]
             ) -> list[Decimal | None]:
    out: list[Decimal | None] = []
    for c in cols:
        value = grid.get(r, c)
        if value is None:
            out.append(None)
            continue
        try:
            out.append(to_number(value, grid.is_percent(r, c))[0])
        except CellError as exc:
            problems.append(Problem(grid.ref(r, c), str(exc)))
            out.append(None)
    return out
