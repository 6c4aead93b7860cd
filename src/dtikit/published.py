"""Published results tables: read as data, recomputed, every disagreement reported.

A province publishes rank | unit | one column per main index | total | class
(seed 004). :func:`check_table` recomputes each total from its parts, the ranks
from those totals and the classes from the rubric's bands, and lists every place
where the published figures differ.

The tolerance model: a published total should equal the exact sum of its
published parts (the rubric rounds at the leaves and adds what it shows). A
difference no larger than the parts' own rounding (half a unit in the last
place, per part) is reported with severity ``rounding``; anything larger is an
``error``. Both are reported: nothing is silently accepted.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Literal

import attrs

from .model import Rubric, nfc, to_tuple
from .numbers import ZERO, format_vi


@attrs.frozen
class PublishedRow:
    unit: str = attrs.field(converter=nfc)
    parts: Mapping[str, Decimal | None] = attrs.field(factory=dict, hash=False)
    total: Decimal | None = None
    rank: int | None = None
    class_label: str | None = None
    where: str = ""  # "line 5", "Sheet1!A7"


@attrs.frozen
class PublishedTable:
    rows: tuple[PublishedRow, ...] = attrs.field(converter=to_tuple)
    rubric_id: str | None = None
    source: str | None = None  # the file or decision it was read from


@attrs.frozen
class Disagreement:
    unit: str
    field: str  # "total", "rank", "class", or "part <code>"
    published: str
    recomputed: str
    severity: Literal["error", "rounding"]
    message: str
    where: str = ""

    def __str__(self) -> str:
        at = f"{self.where}: " if self.where else ""
        return f"{at}{self.unit}: {self.message}"


@attrs.frozen
class CheckedRow:
    unit: str
    total: Decimal | None
    rank: int | None
    class_label: str | None


@attrs.frozen
class TableCheck:
    rubric_id: str
    rows: tuple[CheckedRow, ...]
    disagreements: tuple[Disagreement, ...]

    @property
    def errors(self) -> tuple[Disagreement, ...]:
        return tuple(d for d in self.disagreements if d.severity == "error")

    @property
    def agrees(self) -> bool:
        return not self.errors


def _same_label(a: str | None, b: str | None) -> bool:
    return (a or "").strip().casefold() == (b or "").strip().casefold()


def check_table(rubric: Rubric, table: PublishedTable) -> TableCheck:
    """Recompute a published table against ``rubric`` and report every disagreement."""
    mains = rubric.main_indices
    places = rubric.rounding.places
    half = Decimal(5).scaleb(-(places + 1))
    out: list[Disagreement] = []

    def report(row: PublishedRow, field: str, pub: str, rec: str, message: str,
               severity: Literal["error", "rounding"] = "error") -> None:
        out.append(Disagreement(row.unit, field, pub, rec, severity, message, row.where))

    totals: list[Decimal | None] = []
    seen: set[str] = set()
    for row in table.rows:
        if row.unit.casefold() in seen:
            report(row, "unit", row.unit, "", "đơn vị xuất hiện hai lần trong bảng")
        seen.add(row.unit.casefold())
        extra = sorted(set(row.parts) - {n.code for n in mains})
        for code in extra:
            report(row, f"part {code}", str(row.parts[code]), "",
                   f"cột {code} không có trong bộ chỉ số {rubric.id}")
        total: Decimal | None = ZERO
        for node in mains:
            value = row.parts.get(node.code)
            if value is None:
                report(row, f"part {node.code}", "", "", f"thiếu điểm chỉ số {node.code}")
                total = None
                continue
            if value < 0 or value > node.max:
                report(row, f"part {node.code}", format_vi(value), format_vi(node.max),
                       f"chỉ số {node.code}: {format_vi(value)} ngoài [0, {format_vi(node.max)}]")
            if total is not None:
                total += value
        totals.append(total)
        if total is not None and row.total is not None and total != row.total:
            diff = abs(total - row.total)
            severity: Literal["error", "rounding"] = (
                "rounding" if diff <= half * len(mains) else "error"
            )
            report(row, "total", format_vi(row.total), format_vi(total),
                   f"tổng công bố {format_vi(row.total)} ≠ tổng các chỉ số {format_vi(total)} "
                   f"(lệch {format_vi(diff)})", severity)
        elif row.total is None:
            report(row, "total", "", format_vi(total), "thiếu tổng điểm")

    # competition ranks on the recomputed totals
    ranks: list[int | None] = []
    known = sorted((t for t in totals if t is not None), reverse=True)
    for t in totals:
        ranks.append(None if t is None else known.index(t) + 1)

    rows: list[CheckedRow] = []
    for row, total, rnk in zip(table.rows, totals, ranks):
        label = None
        if total is not None and rubric.classification is not None:
            label = rubric.classification.classify(total, rubric.scale)
        if row.rank is not None and rnk is not None and row.rank != rnk:
            report(row, "rank", str(row.rank), str(rnk),
                   f"hạng công bố {row.rank}, tính lại {rnk}")
        if rubric.classification is not None and total is not None and not _same_label(
            row.class_label, label
        ):
            report(row, "class", row.class_label or "", label or "",
                   f"xếp loại công bố “{row.class_label or ''}”, tính lại “{label or ''}”")
        rows.append(CheckedRow(row.unit, total, rnk, label))
    return TableCheck(rubric.id, tuple(rows), tuple(out))


def read_delimited(text: str, rubric: Rubric, *, source: str = "") -> PublishedTable:
    """Read a published table pasted as text (tab- or comma-separated, decimal comma).

    Columns in the published order: rank, unit, one per main index, total,
    class. A header row, blank lines and lines starting with ``#`` are skipped;
    problems name the line of the text as given. Raises
    :class:`~dtikit.errors.FileRejected` with every bad cell.
    """
    import csv
    import io

    from .errors import FileRejected, Problem
    from .numbers import parse_number_text

    mains = rubric.main_indices
    # line numbers are those of the text as given: blank lines and "#" comments are skipped
    lines = [(n, ln) for n, ln in enumerate(text.splitlines(), start=1)
             if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise FileRejected([Problem(source, "the table is empty")], source=source)
    dialect = "excel-tab" if "\t" in lines[0][1] else "excel"
    problems: list[Problem] = []
    rows: list[PublishedRow] = []
    width = len(mains) + 4
    for index, (lineno, line) in enumerate(lines):
        cells = next(csv.reader(io.StringIO(line), dialect), [])
        cells = [nfc(c.strip()) for c in cells]
        where = f"{source}:{lineno}" if source else f"line {lineno}"
        if not cells or not cells[0].isdigit():
            if index == 0:
                continue  # the header
            problems.append(Problem(where, f"expected a rank in the first column, got {cells[:1]}"))
            continue
        if len(cells) != width:
            problems.append(Problem(where, f"{len(cells)} columns, expected {width} "
                                    f"(rank, unit, {len(mains)} indices, total, class)"))
            continue
        values: list[Decimal | None] = []
        for col, cell in enumerate(cells[2:-1], start=3):
            try:
                values.append(parse_number_text(cell))
            except ValueError:
                problems.append(Problem(f"{where}, column {col}", f"{cell!r} is not a number"))
                values.append(None)
        rows.append(PublishedRow(
            unit=cells[1],
            parts={n.code: v for n, v in zip(mains, values[:-1])},
            total=values[-1], rank=int(cells[0]), class_label=cells[-1] or None, where=where,
        ))
    if problems:
        raise FileRejected(problems, source=source)
    return PublishedTable(tuple(rows), rubric.id, source or None)
