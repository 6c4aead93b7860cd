"""Reading a published results table back — from .xlsx, or from CSV/TSV text —
into a :class:`~dtikit.PublishedTable` for :func:`dtikit.check_table`.

Columns are matched by their header: a main index by its name as the rubric
writes it (``Nhân lực số``, with or without ``(100 điểm)``), its code (``1``,
``Chỉ số 1``) or ``code. name``; the rank (Xếp hạng, Hạng, Thứ hạng; STT when
there is no rank column), the unit (Đơn vị, Tên đơn vị, UBND …, Xã/phường …),
the total (Tổng điểm, Tổng, Điểm DTI, Chỉ số DTI), the class (Xếp loại, Phân
loại, Mức độ — optional), the group the units are ranked within (Nhóm xếp
hạng, Phạm vi xếp hạng, Huyện, Quận/huyện, Đơn vị cấp huyện — optional), and the unit's
applicable maximum (Điểm tối đa áp dụng — optional). A 0-weight main index may
be left out. A header with ``(%)`` marks percentages; ``(tỷ lệ)`` or ``(0-1)`` a
ratio of the index's weight (or, for the total, a 0–1 index). Any other
column (STT, conversions, notes) is ignored. A table whose header names none
of the main indices is read in the published order: rank, unit, one column
per main index, total, class.

In a workbook the header is found in the first 40 rows; title rows above it and
anything after the table (the excluded units, notes) are skipped. Numbers may
be number cells or text. The decimal convention of the text numbers is decided
once for the file — ``vi`` (``1.234,5``), ``en`` (``1,234.5``) or ``plain`` —
or per column when columns differ; ``decimal=`` states it. A value that fits
neither, or one that reads differently in both (``77.955``) with nothing to
decide it, is refused with its place: a number is never guessed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from ..errors import FileRejected, Problem
from ..messages import Listed, Text, message_of
from ..model import Rubric, nfc
from ..numbers import (
    DECIMAL_STYLE_NAMES,
    DecimalStyle,
    ambiguous_number,
    decide_decimal_style,
    parse_number_as,
    styles_fitting,
)
from ..published import TOTAL, ColumnScale, PublishedRow, PublishedTable
from .cells import CellError, Grid, LoadedBook, ReaderEngine, load_book, to_number, to_text
from .safety import DEFAULT_LIMITS, Limits, describe_bytes, sniff

_RANK = ("xếp hạng", "thứ hạng", "hạng", "rank")
_STT = ("stt", "tt", "số thứ tự", "no.")
_GROUP = ("phạm vi xếp hạng", "nhóm xếp hạng", "phạm vi", "nhóm", "huyện", "quận", "thị xã", "đơn vị cấp huyện", "cấp huyện",
          "group", "district")
_UNIT = ("đơn vị", "tên đơn vị", "ubnd", "xã", "phường", "cơ quan", "địa phương", "tên",
         "unit", "name")
_TOTAL = ("tổng điểm", "tổng", "điểm dti", "chỉ số dti", "dti", "total")
_CLASS = ("xếp loại", "phân loại", "mức độ", "class")
_MAX = ("điểm tối đa", "tối đa áp dụng", "max")
_RATIO = ("tỷ lệ", "tỉ lệ", "0-1", "0–1", "ratio")
_HEADER_ROWS = 40


def _norm(text: str) -> str:
    """A header as compared: NFC, case-folded, without parentheses, single spaces."""
    text = re.sub(r"\([^)]*\)", " ", nfc(text).casefold())
    return " ".join(text.replace("*", " ").replace(":", " ").split())


def _starts(text: str, heads: Sequence[str]) -> bool:
    return any(text == h or text.startswith((h + " ", h + ",", h + "/")) for h in heads)


@attrs.frozen
class Layout:
    """Which column holds what (0-based), and how each number column is written."""

    unit: int
    parts: dict[str, int]
    total: int | None
    rank: int | None = None
    class_label: int | None = None
    group: int | None = None
    applicable_max: int | None = None
    units: dict[str, str] = attrs.field(factory=dict)  # column key -> percent/ratio/index

    @property
    def width(self) -> int:
        cols = [self.unit, self.total, self.rank, *self.parts.values()]
        return 1 + max(c for c in cols if c is not None)


def _index_names(rubric: Rubric) -> dict[str, list[str]]:
    """Each header a main index may carry, normalised, to the codes that carry it
    (in the rubric's order: two indices of one name take its columns in turn)."""
    names: dict[str, list[str]] = {}
    for position, node in enumerate(rubric.main_indices, start=1):
        name = _norm(node.name)
        code = node.code.casefold()
        for alias in dict.fromkeys((name, code, f"chỉ số {code}", f"{code}. {name}",
                                    f"{code} {name}", f"{_roman(position)}. {name}")):
            names.setdefault(alias, []).append(node.code)
    return names


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _scale_word(raw: str) -> str | None:
    """``percent`` or ``ratio`` when the header's brackets say so: ``(%)``,
    ``(tỷ lệ)``, ``(0-1)`` (a name such as "Tỷ lệ hồ sơ trực tuyến" says nothing)."""
    for inside in re.findall(r"\(([^)]*)\)", nfc(raw).casefold()):
        if "%" in inside or "phần trăm" in inside:
            return "percent"
        if any(w in inside for w in _RATIO):
            return "ratio"
    return None


def match_header(cells: Sequence[Any], rubric: Rubric) -> Layout | None:
    """The layout a header row names, or None when it names no unit column or no
    main index."""
    names = _index_names(rubric)
    parts: dict[str, int] = {}
    roles: dict[str, int] = {}
    units: dict[str, str] = {}
    for c, cell in enumerate(cells):
        if not isinstance(cell, str) or not cell.strip():
            continue
        text = _norm(cell)
        code = next((k for k in names.get(text, ()) if k not in parts), None)
        if code is not None:
            parts[code] = c
            word = _scale_word(cell)
            if word:
                units[code] = word
            continue
        for role, heads in (("rank", _RANK), ("stt", _STT), ("group", _GROUP),
                            ("max", _MAX), ("total", _TOTAL), ("class", _CLASS),
                            ("unit", _UNIT)):
            if role not in roles and _starts(text, heads):
                roles[role] = c
                if role == "total":
                    word = _scale_word(cell)
                    if word:
                        units[TOTAL] = "index" if word == "ratio" else word
                break
    if "unit" not in roles or not parts:
        return None
    return Layout(unit=roles["unit"], parts=parts, total=roles.get("total"),
                  rank=roles.get("rank", roles.get("stt")), class_label=roles.get("class"),
                  group=roles.get("group"), applicable_max=roles.get("max"), units=units)


def positional(rubric: Rubric) -> Layout:
    """The published order: rank, unit, one column per main index, total, class."""
    n = len(rubric.main_indices)
    return Layout(unit=1, parts={node.code: 2 + k for k, node in enumerate(rubric.main_indices)},
                  total=2 + n, rank=0, class_label=3 + n)


@attrs.frozen
class Line:
    """One row of cells and how to name its places."""

    cells: Sequence[Any]
    where: str  # the row: "bang.tsv:5", "Sheet!A6"
    cell: Callable[[int], str]  # a cell of it
    percent: Callable[[int], bool] = lambda _: False


def _is_rank(value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, str) and not value.strip().isdigit():
        return False
    try:
        number, _ = to_number(value)
    except CellError:
        return False
    return number == number.to_integral_value() and number > 0


def _get(line: Line, c: int | None) -> Any:
    if c is None or c >= len(line.cells):
        return None
    value = line.cells[c]
    if isinstance(value, str):
        value = nfc(value.strip())
        return value or None
    return value


def read_lines(rubric: Rubric, lines: Sequence[Line], *, source: str, strict_rows: bool,
               decimal: str | None = None, layout: Layout | None = None,
               start: int = 0) -> PublishedTable:
    """The table in ``lines`` from ``start`` (after its header), laid out as ``layout``
    (positional when None). ``strict_rows``: text, where every line after the header
    must be a row of the table (a workbook's table ends at its first blank row or the
    first row that is not one, e.g. the excluded units below it)."""
    lay = layout or positional(rubric)
    problems: list[tuple[int, Problem]] = []  # (line, problem): reported in line order
    data: list[tuple[int, Line]] = []
    for n, line in enumerate(lines[start:]):
        rank_cell = _get(line, lay.rank)
        unit_cell = _get(line, lay.unit)
        if rank_cell is None and unit_cell is None and not strict_rows:
            if data:
                break  # the table ends at its first blank row
            continue
        if lay.rank is not None and not _is_rank(rank_cell):
            if data and not strict_rows:
                break  # a section after the table (excluded units, notes)
            problems.append((n, Problem(line.where, Text(
                                 "table.rank_first", got=[to_text(rank_cell)] if rank_cell else []))
                             if strict_rows else
                             Problem(line.cell(lay.rank), Text(
                                 "table.rank", got=to_text(rank_cell) if rank_cell else ""))))
            continue
        if strict_rows and len(line.cells) < lay.width:
            problems.append((n, Problem(line.where, Text(
                "table.columns", count=len(line.cells),
                expected=lay.width if layout else len(lay.parts) + 4, parts=len(lay.parts)))))
            continue
        data.append((n, line))
    number_cols = {**lay.parts, **({TOTAL: lay.total} if lay.total is not None else {}),
                   **({"max": lay.applicable_max} if lay.applicable_max is not None else {})}
    styles = _decide([line for _, line in data], number_cols, decimal)
    units = dict(lay.units)
    rows: list[PublishedRow] = []
    for n, line in data:
        values: dict[str, Decimal | None] = {}
        found: list[Problem] = []
        for key, c in number_cols.items():
            value, percent = _number(line, c, styles[key], found)
            values[key] = value
            if percent and key != "max":
                units.setdefault(key, "percent")
        problems += [(n, p) for p in found]
        rank_cell = _get(line, lay.rank)
        label = _get(line, lay.class_label)
        group = _get(line, lay.group)
        rows.append(PublishedRow(
            unit=to_text(_get(line, lay.unit) or ""),
            parts={code: values[code] for code in lay.parts},
            total=values.get(TOTAL), rank=int(to_number(rank_cell)[0]) if rank_cell else None,
            class_label=None if label is None else to_text(label), where=line.where,
            group=None if group is None else to_text(group),
            applicable_max=values.get("max")))
    if problems:
        problems.sort(key=lambda np: np[0])
        raise FileRejected([p for _, p in problems], source=source)
    any_text = any(isinstance(_get(line, c), str) for _, line in data
                   for c in number_cols.values())
    used = {s for s in styles.values() if s is not None}
    decided = (None if not any_text else "plain" if not used else used.pop() if len(used) == 1
               else "; ".join(f"{k}: {s}" for k, s in styles.items() if s in ("vi", "en")))
    scales = {k: ColumnScale(u) for k, u in units.items()}
    return PublishedTable(tuple(rows), rubric.id, source or None, scales, decided)


Style = str  # "vi", "en", "plain" (whole numbers only) or "mixed" (nothing decides)


def _decide(data: Sequence[Line], cols: dict[str, int], stated: str | None) -> dict[str, Style]:
    """The decimal style of each number column: stated, else the file's, else the column's."""
    if stated is not None:
        if stated not in ("vi", "en"):
            raise ValueError(f"decimal {stated!r} is not vi or en")
        return dict.fromkeys(cols, stated)
    texts = {k: [v for line in data if isinstance(v := _get(line, c), str)]
             for k, c in cols.items()}
    whole = decide_decimal_style(t for ts in texts.values() for t in ts)
    return {k: whole if whole != "mixed" else decide_decimal_style(ts)
            for k, ts in texts.items()}


def _number(line: Line, c: int, style: Style, problems: list[Problem]
            ) -> tuple[Decimal | None, bool]:
    value = _get(line, c)
    if value is None:
        return None, False
    if not isinstance(value, str):
        try:
            return to_number(value, line.percent(c))
        except CellError as exc:
            problems.append(Problem(line.cell(c), message_of(exc)))
            return None, False
    percent = value.endswith("%")
    fits = styles_fitting(value)
    if style in ("vi", "en"):
        mine: DecimalStyle = "vi" if style == "vi" else "en"
        if mine in fits:
            return parse_number_as(value, mine), percent
        why = Text("table.as_the_rest", style=DECIMAL_STYLE_NAMES[mine]) if fits else ""
        problems.append(Problem(line.cell(c), Text("table.not_number", value=value, why=why)))
        return None, percent
    if len(fits) == 2 and not ambiguous_number(value):
        return parse_number_as(value, "vi"), percent  # a whole number: the same in both
    if not fits:
        problems.append(Problem(line.cell(c), Text("table.not_number", value=value, why="")))
    else:
        problems.append(Problem(line.cell(c), Text("table.decimal_unknown", value=value)))
    return None, percent


# ------------------------------------------------------------------ text


def read_delimited(text: str, rubric: Rubric, *, source: str = "",
                   decimal: str | None = None) -> PublishedTable:
    """Read a published table pasted as text (tab- or comma-separated).

    Columns are matched by the header row (the rubric's main-index names or
    codes, Xếp hạng, Đơn vị, Tổng điểm, Xếp loại, a group column such as Nhóm
    xếp hạng or Huyện, Điểm tối đa áp dụng; see the module docstring);
    a table without such a header is read in the published order: rank, unit,
    one per main index, total, class. The decimal convention of the text's
    numbers is decided once for the file (or per column): ``vi`` ``1.234,5``,
    ``en`` ``1,234.5``; ``decimal`` states it. Blank lines and lines starting
    with ``#`` are skipped; problems name the line of the text as given.
    Raises :class:`~dtikit.errors.FileRejected` with every bad cell.
    """
    numbered = [(n, ln) for n, ln in enumerate(text.splitlines(), start=1)
                if ln.strip() and not ln.lstrip().startswith("#")]
    if not numbered:
        raise FileRejected([Problem(source, Text("table.empty"))], source=source)
    dialect = "excel-tab" if "\t" in numbered[0][1] else "excel"
    lines: list[Line] = []
    for lineno, ln in numbered:
        cells = [nfc(c.strip()) for c in next(csv.reader(io.StringIO(ln), dialect), [])]
        where = f"{source}:{lineno}" if source else f"line {lineno}"
        lines.append(Line(cells, where, _column_of(where)))
    first = lines[0].cells
    start = 0
    layout = None
    if first and not _is_rank(_get(lines[0], 0)):
        start = 1  # the header
        layout = match_header(first, rubric)
    _check_layout(layout, rubric, source)
    return read_lines(rubric, lines, source=source, strict_rows=True, decimal=decimal,
                      layout=layout, start=start)


def _column_of(where: str) -> Callable[[int], str]:
    def cell(c: int) -> str:
        return f"{where}, column {c + 1}"

    return cell


def _check_layout(layout: Layout | None, rubric: Rubric, source: str) -> None:
    """A header that names some main indices must name each one that carries points."""
    if layout is None:
        return
    missing = [n for n in rubric.main_indices if n.code not in layout.parts and n.max != 0]
    lacking = [Text("table.main_column", code=n.code, name=n.name) for n in missing]
    if layout.total is None:
        lacking.append(Text("table.total_column"))
    if lacking:
        raise FileRejected([Problem(source, Text("table.header_lacks", lacking=Listed(lacking)))],
                           source=source)


# ------------------------------------------------------------------ files


def read_published(rubric: Rubric, path: str | Path, *, engine: ReaderEngine = "calamine",
                   limits: Limits = DEFAULT_LIMITS, decimal: str | None = None
                   ) -> PublishedTable:
    """Read a published table from an .xlsx, .csv, .tsv or .txt file."""
    path = Path(path)
    head = sniff(path) if path.exists() else b""
    if head.startswith(b"PK\x03\x04"):
        return read_published_xlsx(rubric, path, engine=engine, limits=limits, decimal=decimal)
    if path.exists() and describe_bytes(head).startswith("a text file"):
        return read_delimited(read_text(path, limits), rubric, source=path.name, decimal=decimal)
    return read_published_xlsx(rubric, path, engine=engine, limits=limits)  # rejects with why


def read_text(path: Path, limits: Limits = DEFAULT_LIMITS, *, name: str | None = None) -> str:
    """A text file's text (UTF-8, or UTF-16 with its byte-order mark, as Excel's
    "Unicode text" saves it), within ``limits.max_text_bytes``: the one way
    dtikit decodes a text table it is given (published tables, the lineage
    table, the round's overrides, an appendix saved as CSV/TSV, ``read_table``).
    Its problems are located at ``name`` (default: the file's name; callers
    that name the file by its full path pass it)."""
    where = path.name if name is None else name
    size = path.stat().st_size
    if size > limits.max_text_bytes:
        raise FileRejected([Problem(where, Text("file.too_big_for", size=size,
                                                limit=limits.max_text_bytes,
                                                what=Text("file.a_text_table")))],
                           source=str(path))
    data = path.read_bytes()
    try:  # without its mark, any even number of bytes would pass for UTF-16
        return data.decode("utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig")
    except UnicodeDecodeError:
        raise FileRejected([Problem(where, Text("table.not_utf8"))],
                           source=str(path)) from None


def read_published_xlsx(rubric: Rubric, path: Path, *, engine: ReaderEngine = "calamine",
                        limits: Limits = DEFAULT_LIMITS, decimal: str | None = None
                        ) -> PublishedTable:
    book = load_book(path, engine, limits=limits)
    width = len(rubric.main_indices) + 4
    for grid in _candidate_sheets(book, rubric):
        found = _header_row(grid, rubric, width)
        if found is not None:
            h, layout = found
            _check_layout(layout, rubric, str(path))
            lines = [_grid_line(grid, r) for r in range(h + 1, grid.height)]
            return read_lines(rubric, lines, source=str(path), strict_rows=False,
                              decimal=decimal, layout=layout)
    raise FileRejected([Problem(path.name, Text("table.not_found", width=width,
                                                parts=width - 4))], source=str(path))


def _grid_line(grid: Grid, r: int) -> Line:
    cells = [grid.get(r, c) for c in range(len(grid.rows[r]))]
    return Line(cells, grid.ref(r, 0), lambda c: grid.ref(r, c),
                lambda c: grid.is_percent(r, c))


def _candidate_sheets(book: LoadedBook, rubric: Rubric) -> list[Grid]:
    """The sheet dtikit recorded for this rubric first, then every visible sheet."""
    visible = [g for g in book if g.visible]
    for sheet, rubric_id, *_ in book.meta("results"):
        named = book.sheet(str(sheet)) if rubric_id == rubric.id else None
        if named is not None:
            return [named] + [g for g in visible if g is not named]
    return visible


def _header_row(grid: Grid, rubric: Rubric, width: int) -> tuple[int, Layout | None] | None:
    """The header row and the layout it names (None: the published order)."""
    for r in range(min(grid.height, _HEADER_ROWS)):
        cells = [grid.get(r, c) for c in range(len(grid.rows[r]))]
        layout = match_header(cells, rubric)
        if layout is not None:
            return r, layout
        first = cells[0] if cells else None
        if isinstance(first, str) and _starts(_norm(first), _RANK + _STT):
            if sum(1 for c in cells if c is not None) >= width:
                return r, None
    return None
