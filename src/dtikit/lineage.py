"""Units across a reorganisation: the lineage table, and what a unit is compared with.

Since 1 July 2025 local government has two tiers (districts are gone), and
communes and provinces were merged. The 2025 DTI is assessed on the new
units; last year's results are on the old ones. A **lineage** says which old
units each new unit comes from::

    old_unit,new_unit,old_parent,new_parent,effective,weight
    Xã A,Xã An Phú,Huyện X,,01/07/2025,5200
    Xã B,Xã An Phú,Huyện X,,01/07/2025,3100

The **baseline** of a new unit is what its change is measured against: the
mean of its predecessors' results (weighted when the table gives weights),
rounded half-up at the rubric's places — "so với bình quân 2 xã cũ". Matching
units by name (``score --previous`` without a lineage) is the identity
lineage: each unit's baseline is its own result last year. There is one
computation of the change, :meth:`Baselines.delta`; :func:`dtikit.rank`
calls it for every ranked unit. ``Baselines`` lives beside the ranking
(:mod:`dtikit.ranking.baselines`) and is re-exported here, its documented home.

Rules, stated:

* total against total when the two tables have the same full marks (the sum
  of their main indices' maxima); otherwise as a percentage of the applicable
  maximum (1000 → 100), and the label says so;
* main index by main index where the rubrics share the index — by code, or by
  a declared mapping (several old indices into one new index add up);
* the previous rank and class are kept only where one old unit became one new
  unit (a rename, or no change): a merged unit had no rank of its own;
* no trend where nothing maps, with the reason (a unit declared new, a
  predecessor missing from last year's results or not ranked then);
* a new unit that no row names, or an old unit of last year's results that no
  row maps, is an error naming the file, the row and the unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from .assessment import Unit
from .errors import FileRejected, Problem, ProblemsError
from .messages import Text, message_of
from .model import Rubric, name_key, nfc, to_tuple
from .ranking import Delta, ResultRow, Results
from .ranking.baselines import Baseline as Baseline
from .ranking.baselines import Baselines as Baselines
from .ranking.baselines import baselines_of as baselines_of


class LineageInvalid(ProblemsError):
    """A lineage table that cannot be used: every problem, with its row and unit."""

    title = "lineage problem(s)"
    code = "lineage_invalid"


# ------------------------------------------------------------------ the table


def _opt_text(value: str | None) -> str | None:
    if value is None:
        return None
    text = " ".join(nfc(value).split())
    return text or None


def _text(value: str | None) -> str:
    return _opt_text(value) or ""


def _weight(value: Any) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return Decimal(value)
    raise TypeError(Text("lineage.weight_type", value=value))


@attrs.frozen
class Link:
    """One row of a lineage table: an old unit and the new unit it went into.

    ``old_unit`` is None for a new unit declared new (no predecessor). A split
    is one old unit in several rows; a merger, several old units with the same
    new unit. ``weight`` (e.g. the old unit's population) weighs the old unit in
    the mean of the new unit's predecessors; ``where`` is the row in the file."""

    old_unit: str | None = attrs.field(converter=_opt_text)
    new_unit: str = attrs.field(converter=_text)
    old_parent: str | None = attrs.field(default=None, converter=_opt_text)
    new_parent: str | None = attrs.field(default=None, converter=_opt_text)
    effective: date | None = None
    weight: Decimal | None = attrs.field(default=None, converter=_weight)
    where: str = ""


def _new_key(link: Link) -> str:
    return name_key(link.new_unit)


def _old_key(link: Link) -> str:
    return name_key(link.old_unit or "")


def _rows(links: Sequence[Link]) -> str:
    return ", ".join(lk.where for lk in links if lk.where)


def check_links(links: Sequence[Link], source: str = "") -> list[Problem]:
    """Every problem of a lineage table on its own (before any results are read)."""
    problems: list[Problem] = []

    def at(link: Link) -> str:
        return link.where or source

    by_new: dict[str, list[Link]] = {}
    seen: dict[tuple[str, str, str, str], Link] = {}
    for lk in links:
        if not lk.new_unit:
            problems.append(Problem(at(lk), Text("lineage.new_empty", old=lk.old_unit or "?")))
            continue
        if lk.weight is not None and lk.weight <= 0:
            problems.append(Problem(at(lk), Text("lineage.weight", new=lk.new_unit,
                                                 weight=lk.weight)))
        key = (_old_key(lk), name_key(lk.old_parent or ""), _new_key(lk),
               name_key(lk.new_parent or ""))
        if key in seen:
            problems.append(Problem(at(lk), Text("lineage.same_row", old=lk.old_unit or "(mới)",
                                                 new=lk.new_unit, row=seen[key].where)))
            continue
        seen[key] = lk
        by_new.setdefault(_new_key(lk), []).append(lk)
    for group in by_new.values():
        name = group[0].new_unit
        declared = [lk for lk in group if lk.old_unit is None]
        if declared and len(group) > 1:
            problems.append(Problem(at(declared[0]), Text("lineage.declared_new", new=name,
                                                          rows=_rows(group))))
        parents = {name_key(lk.new_parent) for lk in group if lk.new_parent}
        if len(parents) > 1 or (parents and any(lk.new_parent is None for lk in group)):
            problems.append(Problem(at(group[0]), Text("lineage.new_parent_differs", new=name,
                                                       rows=_rows(group))))
        weighted = [lk for lk in group if lk.weight is not None]
        if weighted and len(weighted) < len(group):
            missing = [lk for lk in group if lk.weight is None]
            problems.append(Problem(at(missing[0]), Text("lineage.some_weights", new=name,
                                                         weighted=_rows(weighted),
                                                         missing=_rows(missing))))
    by_old: dict[str, list[Link]] = {}
    for lk in links:
        if lk.old_unit is not None and lk.new_unit:
            by_old.setdefault(_old_key(lk), []).append(lk)
    for group in by_old.values():
        parents = {name_key(lk.old_parent) for lk in group if lk.old_parent}
        if len(parents) == 1 and any(lk.old_parent is None for lk in group):
            problems.append(Problem(at(group[0]), Text("lineage.old_parent_some",
                                                       old=group[0].old_unit,
                                                       rows=_rows(group))))
    return problems


@attrs.frozen
class Lineage:
    """A lineage table: which old units each new unit comes from. Checked when
    built (:class:`LineageInvalid` names every bad row)."""

    links: tuple[Link, ...] = attrs.field(converter=to_tuple)
    source: str = ""

    def __attrs_post_init__(self) -> None:
        problems = check_links(self.links, self.source)
        if problems:
            raise LineageInvalid(problems, source=self.source or None)

    @classmethod
    def renames(cls, pairs: Iterable[tuple[str, str]], source: str = "") -> Lineage:
        """One-to-one renames (old name, new name): a unit kept, under a new name."""
        return cls([Link(old, new) for old, new in pairs], source)

    @property
    def old_parents(self) -> frozenset[str]:
        """Parents named only as old parents: the units above the old units (before the reform)."""
        new = {name_key(lk.new_parent) for lk in self.links if lk.new_parent}
        return frozenset(k for k in (name_key(lk.old_parent) for lk in self.links if lk.old_parent)
                         if k not in new)

    @property
    def new_parents(self) -> frozenset[str]:
        old = {name_key(lk.old_parent) for lk in self.links if lk.old_parent}
        return frozenset(k for k in (name_key(lk.new_parent) for lk in self.links if lk.new_parent)
                         if k not in old)


# ------------------------------------------------------------------ reading the table

COLUMNS: Mapping[str, tuple[str, ...]] = {
    "old_unit": ("old_unit", "đơn vị cũ", "tên đơn vị cũ", "đơn vị hành chính cũ"),
    "new_unit": ("new_unit", "đơn vị mới", "tên đơn vị mới", "đơn vị hành chính mới"),
    "old_parent": ("old_parent", "cấp trên cũ", "đơn vị cấp trên cũ"),
    "new_parent": ("new_parent", "cấp trên mới", "đơn vị cấp trên mới"),
    "effective": ("effective", "ngày hiệu lực", "hiệu lực"),
    "weight": ("weight", "trọng số"),
}
"""The header of each column, in English and in Vietnamese (case and tone-mark
placement ignored)."""

_HEADER = {name_key(alias): col for col, aliases in COLUMNS.items() for alias in aliases}


def load_lineage(path: str | Path) -> Lineage:
    """Read a lineage table from a .csv (UTF-8, comma, semicolon or tab) or an
    .xlsx (the first sheet whose first row has the header). Raises
    :class:`~dtikit.errors.FileRejected` naming the file, row or cell and unit
    of every problem."""
    from .formats.cells import CellError, is_blank, to_date, to_number, to_text
    from .formats.safety import sniff

    p = Path(path)
    if not p.exists():
        raise FileRejected([Problem(str(p), Text("file.no_such_file"))], source=str(p))
    grid: list[list[Any]]
    if sniff(p).startswith(b"PK\x03\x04"):
        grid, ref = _xlsx_grid(p)
    else:
        grid, ref = _text_grid(p)
    problems: list[Problem] = []
    header_at = next((r for r, row in enumerate(grid) if any(c not in (None, "") for c in row)),
                     None)
    if header_at is None:
        raise FileRejected([Problem(p.name, Text("table.empty"))], source=str(p))
    cols: dict[str, int] = {}
    for c, cell in enumerate(grid[header_at]):
        if cell in (None, ""):
            continue
        col = _HEADER.get(name_key(to_text(cell)))
        if col is None:
            problems.append(Problem(ref(header_at, c), Text("lineage.unknown_column",
                                                            column=to_text(cell),
                                                            columns=", ".join(COLUMNS))))
        elif col in cols:
            problems.append(Problem(ref(header_at, c), Text("lineage.column_twice", column=col)))
        else:
            cols[col] = c
    for need in ("old_unit", "new_unit"):
        if need not in cols:
            problems.append(Problem(ref(header_at, 0), Text("lineage.no_column", column=need)))
    if problems:
        raise FileRejected(problems, source=str(p))
    links: list[Link] = []
    for r in range(header_at + 1, len(grid)):
        row = grid[r]

        def get(col: str, row: list[Any] = row) -> Any:
            c = cols.get(col)
            v = row[c] if c is not None and c < len(row) else None
            return None if is_blank(v) else v

        if all(get(col) is None for col in cols):
            continue
        values: dict[str, Any] = {}
        for col in ("old_unit", "new_unit", "old_parent", "new_parent"):
            v = get(col)
            values[col] = None if v is None else to_text(v)
        unit = values["new_unit"] or values["old_unit"] or "?"
        try:
            v = get("effective")
            values["effective"] = None if v is None else to_date(v)
        except CellError as exc:
            problems.append(Problem(ref(r, cols["effective"]), Text(
                "lineage.unit_problem", unit=unit, error=message_of(exc))))
        try:
            v = get("weight")
            values["weight"] = None if v is None else to_number(v)[0]
        except CellError as exc:
            problems.append(Problem(ref(r, cols["weight"]), Text(
                "lineage.unit_weight", unit=unit, error=message_of(exc))))
        links.append(Link(values["old_unit"], values["new_unit"] or "", values["old_parent"],
                          values["new_parent"], values.get("effective"), values.get("weight"),
                          where=ref(r, None)))
    if not problems and not links:
        problems.append(Problem(p.name, Text("lineage.no_rows")))
    if problems:
        raise FileRejected(problems, source=str(p))
    try:
        return Lineage(links, source=p.name)
    except LineageInvalid as exc:
        raise FileRejected(exc.problems, source=str(p)) from None


def _text_grid(p: Path) -> tuple[list[list[Any]], Any]:
    import csv
    import io

    from .formats.tables import read_text

    text = read_text(p)
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delimiter = "\t" if "\t" in first else ";" if first.count(";") > first.count(",") else ","
    grid = [[nfc(c.strip()) or None for c in row]
            for row in csv.reader(io.StringIO(text), delimiter=delimiter)]

    def ref(r: int, c: int | None) -> str:
        return f"{p.name}:{r + 1}" if c is None else f"{p.name}:{r + 1} column {c + 1}"

    return grid, ref


def _xlsx_grid(p: Path) -> tuple[list[list[Any]], Any]:
    from .formats.cells import col_letter, load_book

    book = load_book(p)
    sheets = [g for g in book if g.visible] or list(book)
    grid = sheets[0]
    for g in sheets:
        heads = {_HEADER.get(name_key(str(v))) for v in (g.get(0, c) for c in range(8)) if v}
        if {"old_unit", "new_unit"} <= heads:
            grid = g
            break
    rows = [[grid.get(r, c) for c in range(len(grid.rows[r]))] for r in range(grid.height)]

    def ref(r: int, c: int | None) -> str:
        if c is None:  # the whole row, as Excel writes it
            return f"{p.name} {grid.name}!{r + 1}:{r + 1}"
        return f"{p.name} {grid.name}!{col_letter(c)}{r + 1}"

    return rows, ref


# ------------------------------------------------------------------ baselines


_KIND = {"commune": "xã", "district": "huyện", "province": "tỉnh", "department": "đơn vị"}


def _kind_of(rubric_id: str) -> str:
    parts = rubric_id.split("/")
    return _KIND.get(parts[1], "đơn vị") if len(parts) == 3 else "đơn vị"


def _units_by_key(units: Iterable[Unit]) -> dict[str, list[Unit]]:
    out: dict[str, list[Unit]] = {}
    for u in units:
        keys = {name_key(u.name), name_key(u.id)}
        for k in keys:
            out.setdefault(k, []).append(u)
    return out


def _pick(candidates: Sequence[Unit], parent: str | None) -> list[Unit]:
    if parent is None:
        return list(candidates)
    pk = name_key(parent)
    return [u for u in candidates if u.parent is None or name_key(u.parent) == pk]


def baselines(previous: Results, rubric: Rubric, lineage: Lineage | None = None, *,
              units: Iterable[Unit] = (), index_map: Mapping[str, Sequence[str]] | None = None,
              previous_source: str = "") -> Baselines:
    """Each unit's baseline from last year's results through a lineage table.

    ``units`` are this year's units (all of the cohort, ranked or not): each
    must be a new unit of the lineage or declared new; each unit of
    ``previous`` (ranked or not) must be an old unit of the lineage.
    ``index_map`` maps a main index of ``rubric`` to the old main indices it
    is compared with (where the codes differ). Without a lineage: the identity
    (each unit against itself). Raises :class:`LineageInvalid` with every
    problem, located."""
    problems = check_index_map(previous, rubric, index_map)
    if lineage is None:
        if problems:
            raise LineageInvalid(problems)
        return Baselines(rubric, previous, None, index_map)
    src = lineage.source
    prev_src = previous_source or "previous results"
    kind_old = _kind_of(previous.rubric_id)
    old_units = [r.unit for r in previous.rows] + [e.unit for e in previous.excluded]
    old_by_key = _units_by_key(old_units)
    rows_by_id = {r.unit.id: r for r in previous.rows}
    excluded_by_id = {e.unit.id: e for e in previous.excluded}
    new_units = list(units)
    new_by_key = _units_by_key(new_units)
    # each link, resolved to an old unit (None: not in last year's results) and a new unit
    mapped_old: set[str] = set()
    preds: dict[str, list[tuple[Link, Unit | None]]] = {}
    declared: dict[str, Link] = {}
    successors: dict[str, set[str]] = {}
    for lk in lineage.links:
        found_new = _pick(new_by_key.get(_new_key(lk), ()), lk.new_parent)
        if len({u.id for u in found_new}) > 1:
            problems.append(Problem(lk.where or src, Text(
                "lineage.new_ambiguous", new=lk.new_unit, count=len(found_new),
                units=", ".join(f"{u.name} — {u.parent or 'không có cấp trên'}"
                                for u in found_new))))
            continue
        new = found_new[0] if found_new else None
        if lk.old_unit is None:
            if new is not None:
                declared[new.id] = lk
            continue
        found_old = _pick(old_by_key.get(_old_key(lk), ()), lk.old_parent)
        if len({u.id for u in found_old}) > 1:
            problems.append(Problem(lk.where or src, Text(
                "lineage.old_ambiguous", old=lk.old_unit, count=len(found_old), source=prev_src,
                units=", ".join(f"{u.name} — {u.parent or 'không có cấp trên'}"
                                for u in found_old))))
            continue
        old = found_old[0] if found_old else None
        if old is not None:
            mapped_old.add(old.id)
        if new is None:
            continue  # a new unit not in this cohort (not submitted, another tier)
        preds.setdefault(new.id, []).append((lk, old))
        if old is not None:
            successors.setdefault(old.id, set()).add(new.id)
    for u in old_units:
        if u.id not in mapped_old:
            problems.append(Problem(prev_src, Text(
                "lineage.not_mapped", unit=u.name, parent=f" ({u.parent})" if u.parent else "",
                source=src or Text("lineage.the_lineage"))))
    by_unit: dict[str, Baseline] = {}
    for u in new_units:
        if u.id in declared:
            by_unit[u.id] = Baseline(reason=f"đơn vị mới, không có đơn vị tiền thân "
                                            f"({declared[u.id].where or src})")
            continue
        links = preds.get(u.id)
        if not links:
            problems.append(Problem(src, Text(
                "lineage.no_row", unit=u.name, parent=f" ({u.parent})" if u.parent else "")))
            continue
        by_unit[u.id] = _baseline(u, links, rows_by_id, excluded_by_id, successors, kind_old,
                                  prev_src)
    if problems:
        raise LineageInvalid(problems, source=src or None)
    return Baselines(rubric, previous, by_unit, index_map)


def _baseline(unit: Unit, links: Sequence[tuple[Link, Unit | None]],
              rows_by_id: Mapping[str, ResultRow], excluded_by_id: Mapping[str, Any],
              successors: Mapping[str, set[str]], kind: str, prev_src: str) -> Baseline:
    missing = [lk.old_unit for lk, old in links if old is None]
    if missing:
        return Baseline(reason=f"{kind} cũ {', '.join(m or '' for m in missing)} không có trong "
                               f"kết quả năm trước ({prev_src})")
    olds = [old for _, old in links if old is not None]
    gone = [excluded_by_id[o.id] for o in olds if o.id not in rows_by_id]
    if gone:
        return Baseline(reason="; ".join(f"{kind} cũ {e.unit.name} không được xếp hạng năm "
                                         f"trước: {e.message}" for e in gone))
    rows = tuple(rows_by_id[o.id] for o in olds)
    weights = (tuple(lk.weight for lk, _ in links if lk.weight is not None)
               if links[0][0].weight is not None else None)
    names = ", ".join(o.name for o in olds)
    if len(rows) == 1:
        old = olds[0]
        split = len(successors.get(old.id, ())) > 1
        if split:
            label = f"so với {kind} cũ {old.name} (trước khi chia tách)"
        elif name_key(old.name) == name_key(unit.name):
            label = None
        else:
            return Baseline(rows, None, None, f" (tên cũ: {old.name})")
        return Baseline(rows, None, label, one_to_one=not split)
    mean = "bình quân gia quyền" if weights else "bình quân"
    return Baseline(rows, weights, f"so với {mean} {len(rows)} {kind} cũ", f": {names}",
                    one_to_one=False)


def check_index_map(previous: Results, rubric: Rubric,
                    index_map: Mapping[str, Sequence[str]] | None) -> list[Problem]:
    """A declared mapping of main indices: new codes of ``rubric``, old codes of ``previous``."""
    problems: list[Problem] = []
    mains = {n.code for n in rubric.main_indices}
    olds = {code for code, _, _ in previous.columns}
    for new, old_codes in (index_map or {}).items():
        if new not in mains:
            problems.append(Problem("--index-map", Text("lineage.not_main", code=new,
                                                        rubric=rubric.id,
                                                        codes=", ".join(sorted(mains)))))
        for old in (old_codes,) if isinstance(old_codes, str) else old_codes:
            if old not in olds:
                problems.append(Problem("--index-map", Text(
                    "lineage.not_main_previous", code=old, rubric=previous.rubric_id,
                    codes=", ".join(sorted(olds)))))
    return problems


def parse_index_map(pairs: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """``OLD=NEW`` pairs (e.g. ``7=7``, ``8=7``: old 7 and 8 add up into new 7) as
    new code → old codes."""
    out: dict[str, list[str]] = {}
    for text in pairs:
        old, sep, new = text.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise ValueError(Text("lineage.index_map", text=text))
        out.setdefault(new.strip(), []).append(old.strip())
    return {k: tuple(v) for k, v in out.items()}


# ------------------------------------------------------------------ tiers after the reform


def check_parents(rubric: Rubric, units: Iterable[Unit], lineage: Lineage | None = None
                  ) -> list[Problem]:
    """A cohort mixing pre- and post-reform parents, unit by unit.

    A rubric ranked per parent (``ranking_scope = "parent"``) ranks a cohort
    whose units have no parent — a commune with no district above it, after
    the reform — within the province (one ranking); units with a parent and
    units without one in the same cohort are a mix. With a lineage, a parent
    named only as an ``old_parent`` is a pre-reform unit (a district), one named
    only as a ``new_parent`` a post-reform one: a cohort with both is a mix."""
    units = list(units)
    problems: list[Problem] = []
    if rubric.workflow.ranking_scope == "parent":
        with_parent = [u for u in units if u.parent]
        without = [u for u in units if not u.parent]
        if with_parent and without:
            example = with_parent[0]
            for u in without:
                problems.append(Problem(Text("at.unit", unit=u.name), Text(
                    "lineage.no_parent", count=len(with_parent), example=example.name,
                    parent=example.parent)))
    if lineage is not None:
        old, new = lineage.old_parents, lineage.new_parents
        before = [u for u in units if u.parent and name_key(u.parent) in old]
        after = [u for u in units if u.parent and name_key(u.parent) in new]
        if before and after:
            for u in before:
                src = lineage.source or Text("lineage.the_lineage")
                problems.append(Problem(Text("at.unit", unit=u.name), Text(
                    "lineage.parent_before", parent=u.parent, source=src, count=len(after),
                    example=after[0].name, example_parent=after[0].parent)))
    return problems


def delta_note(delta: Delta | None, no_trend: str | None = None) -> str:
    """What a table says beside a change: the baseline it is measured against
    (empty for the same unit last year), or why there is no trend."""
    if delta is None:
        return f"không so sánh được: {no_trend}" if no_trend else ""
    return delta.baseline or ""
