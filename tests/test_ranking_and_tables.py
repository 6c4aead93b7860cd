"""The one competition-ranking rule and the published-table check, as properties.

* :func:`dtikit.rank` ranks a scored cohort from its columns exactly as from its
  scorecards, and both equal an independent oracle (rank = 1 + the number of
  units of the same group with a strictly higher key).
* Any generated cohort (several parents, ties, exclusions, Không áp dụng)
  published by dtikit — in memory or written with ``write_results`` and read
  back — is rechecked by :func:`dtikit.check_table` with no disagreement.
* The same cohort published at any precision, parts and total rounded half-up
  independently, as points, percent or ratios, gives no error; changing one
  number by at least the stated bound is always reported.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dtikit
from dtikit import ColumnScale, PublishedRow, PublishedTable, Rubric
from dtikit.assessment import Assessment
from dtikit.numbers import quantize
from dtikit.published import TOTAL
from dtikit.ranking import competition_ranks, name_order
from dtikit.testing.strategies import cohorts

D = Decimal


def tied_cohorts() -> st.SearchStrategy[tuple[Rubric, tuple[Assessment, ...]]]:
    """The kit's cohorts where some units copy another's answers: equal totals."""
    return cohorts(min_units=2, max_units=8, ranked=False, ties=True)


def _oracle(results: dtikit.Results, rubric: Rubric, cards: Sequence[dtikit.Scorecard],
            tie_break: Sequence[str]) -> dict[str, int]:
    """Rank of each ranked unit: 1 + units of its group with a strictly higher key."""
    per_parent = rubric.workflow.ranking_scope == "parent"

    def key(c: dtikit.Scorecard) -> tuple[Decimal, ...]:
        assert c.total is not None
        return (c.total, *((c.nodes[k].final_points or D(0)) for k in tie_break))

    ranked = [c for c in cards if c.excluded is None and c.total is not None]
    return {c.unit.id: 1 + sum(1 for o in ranked
                               if (o.unit.parent == c.unit.parent or not per_parent)
                               and key(o) > key(c))
            for c in ranked}


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(tied_cohorts(), st.booleans())
def test_the_column_path_is_the_ranking_rule(case: tuple[Rubric, tuple[Assessment, ...]],
                                             split: bool) -> None:
    rubric, units = case
    cohort = dtikit.score(rubric, units)
    tie = tuple(n.code for n in rubric.main_indices[:1]) if split else ()
    fast = dtikit.rank(cohort, rubric, tie_break=tie)  # keys from the columns
    ref = dtikit.rank(list(cohort), rubric, tie_break=tie)  # keys from the nodes
    assert fast.row_columns() == ref.row_columns()
    assert fast == ref and tuple(fast.rows) == tuple(ref.rows)
    assert fast.rows + () == tuple(ref.rows) == () + fast.rows  # noqa: RUF005 (the + itself)
    oracle = _oracle(ref, rubric, list(cohort), tie)
    assert {r.unit.id: r.rank for r in fast.rows} == oracle
    # every unit once: ranked, or excluded with its reason
    assert sorted([r.unit.id for r in fast.rows] + [e.unit.id for e in fast.excluded]) == \
        sorted(u.unit.id for u in units)
    # within a shared rank, by name
    for a, b in zip(fast.rows, fast.rows[1:]):
        if a.group == b.group and a.rank == b.rank:
            assert name_order(a.unit.name, a.unit.id) <= name_order(b.unit.name, b.unit.id)


def test_competition_ranks_groups_ties_and_names() -> None:
    keys = [(D(5),), (D(7),), (D(7),), (D(1),), (D(7),)]
    names = [name_order(n) for n in ("E", "b", "A", "D", "C")]
    placed = competition_ranks(keys, names, ["Y", "X", "X", None, "Y"])
    assert [(p.item, p.rank, p.group) for p in placed] == [
        (3, 1, None), (2, 1, "X"), (1, 1, "X"), (4, 1, "Y"), (0, 2, "Y")]
    placed = competition_ranks(keys, names)
    assert [(p.item, p.rank) for p in placed] == [(2, 1), (1, 1), (4, 1), (0, 4), (3, 5)]


# ------------------------------------------------------------ published tables


def published(results: dtikit.Results) -> PublishedTable:
    """The table dtikit publishes for ``results``, exactly."""
    return PublishedTable(tuple(
        PublishedRow(r.unit.name, {p.code: p.points for p in r.parts}, r.total, r.rank,
                     r.class_label, f"row {i}", r.group, r.applicable_max)
        for i, r in enumerate(results.rows, start=1)), results.rubric_id)


def _ranked(case: tuple[Rubric, tuple[Assessment, ...]]
            ) -> tuple[Rubric, dtikit.Results, tuple[dtikit.Scorecard, ...]]:
    rubric, units = case
    cards = dtikit.score(rubric, units)
    return rubric, dtikit.rank(cards, rubric), cards


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(tied_cohorts())
def test_dtikit_agrees_with_its_own_table(case: tuple[Rubric, tuple[Assessment, ...]]) -> None:
    rubric, results, _ = _ranked(case)
    check = dtikit.check_table(rubric, published(results))
    assert check.disagreements == ()
    assert [(c.rank, c.class_label) for c in check.rows] == [
        (r.rank, r.class_label) for r in results.rows]


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(tied_cohorts())
def test_write_results_then_check_table(case: tuple[Rubric, tuple[Assessment, ...]]) -> None:
    from dtikit.formats.tables import read_published
    from dtikit.formats.xlsx_results import write_results

    rubric, results, cards = _ranked(case)
    if not results.rows:
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ket-qua.xlsx"
        write_results(rubric, results, cards, path)
        table = read_published(rubric, path)
    assert [r.unit for r in table.rows] == [r.unit.name for r in results.rows]
    assert dtikit.check_table(rubric, table).disagreements == ()


def _publish(value: Decimal | None, factor: Decimal, places: int) -> Decimal | None:
    """A value in points published in a unit worth ``factor`` points, rounded half-up."""
    if value is None:
        return None
    return quantize(value / factor if factor else D(0), places)


@st.composite
def layouts(draw: st.DrawFn) -> tuple[str, int, str, int]:
    return (draw(st.sampled_from(["points", "percent", "ratio"])), draw(st.integers(0, 4)),
            draw(st.sampled_from(["points", "percent", "index"])), draw(st.integers(0, 4)))


def rounded_table(rubric: Rubric, results: dtikit.Results, parts_as: str, parts_places: int,
                  total_as: str, total_places: int) -> PublishedTable:
    maxima = {n.code: n.max for n in rubric.main_indices}
    part_factor = {code: {"points": D(1), "percent": m / 100, "ratio": m}[parts_as]
                   for code, m in maxima.items()}
    rows = []
    for i, r in enumerate(results.rows, start=1):
        base = r.applicable_max
        tf = {"points": D(1), "percent": base / 100, "index": base}[total_as]
        rows.append(PublishedRow(
            r.unit.name, {p.code: _publish(p.points, part_factor[p.code], parts_places)
                          for p in r.parts},
            _publish(r.total, tf, total_places), r.rank, r.class_label, f"row {i}", r.group,
            r.applicable_max))
    scales = {code: ColumnScale(parts_as, parts_places) for code in maxima}
    scales[TOTAL] = ColumnScale(total_as, total_places)
    return PublishedTable(tuple(rows), rubric.id, None, scales)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(tied_cohorts(), layouts())
def test_a_table_published_at_any_precision_has_no_error(
        case: tuple[Rubric, tuple[Assessment, ...]], layout: tuple[str, int, str, int]) -> None:
    rubric, results, _ = _ranked(case)
    table = rounded_table(rubric, results, *layout)
    check = dtikit.check_table(rubric, table)
    assert check.errors == (), [str(d) for d in check.errors]
    for d in check.disagreements:  # within rounding, and said so with the bound
        assert d.severity == "rounding"
        assert d.field != "total" or (d.bound is not None and "dưới" in d.message)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(tied_cohorts(), st.integers(0, 4))
def test_the_precision_read_from_the_table(case: tuple[Rubric, tuple[Assessment, ...]],
                                           places: int) -> None:
    """Not stated: points to ``places`` decimals, trailing zeros dropped as tables do."""
    rubric, results, _ = _ranked(case)
    table = rounded_table(rubric, results, "points", places, "points", places)
    trimmed = PublishedTable(tuple(
        attrs.evolve(r, parts={k: None if v is None else _trim(v) for k, v in r.parts.items()},
                     total=None if r.total is None else _trim(r.total))
        for r in table.rows), rubric.id)
    assert dtikit.check_table(rubric, trimmed).errors == ()


def _trim(value: Decimal) -> Decimal:
    text = f"{value:f}"
    return D(text.rstrip("0").rstrip(".") if "." in text else text)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(tied_cohorts(), st.data())
def test_one_number_changed_beyond_the_bound_is_reported(
        case: tuple[Rubric, tuple[Assessment, ...]], data: st.DataObject) -> None:
    rubric, results, _ = _ranked(case)
    if not results.rows:
        return
    places = rubric.rounding.places
    table = rounded_table(rubric, results, "points", places, "points", places)
    assert dtikit.check_table(rubric, table).errors == ()
    k = data.draw(st.integers(0, len(table.rows) - 1))
    row = table.rows[k]
    present = [c for c, v in row.parts.items() if v is not None]
    half = D(5).scaleb(-(places + 1))
    bound = half * (len(present) + 1)  # every part's rounding and the total's own
    delta = bound + data.draw(st.integers(0, 10 ** (places + 2))) * D(1).scaleb(-places - 1)
    what = data.draw(st.sampled_from(["total", "rank"] + (["part"] if present else [])))
    if what == "total":
        assert row.total is not None
        sign = data.draw(st.sampled_from([1, -1]))
        changed = attrs.evolve(row, total=row.total + sign * delta)
    elif what == "part":
        code = data.draw(st.sampled_from(present))
        value = row.parts[code]
        assert value is not None
        changed = attrs.evolve(row, parts={**row.parts, code: value + delta})
    else:
        assert row.rank is not None
        new = data.draw(st.integers(1, len(table.rows) + 1).filter(lambda r: r != row.rank))
        changed = attrs.evolve(row, rank=new)
    rows = list(table.rows)
    rows[k] = changed
    check = dtikit.check_table(rubric, attrs.evolve(table, rows=tuple(rows)))
    assert any(d.where == row.where and d.severity == "error" for d in check.disagreements), \
        (what, [str(d) for d in check.disagreements])


# ------------------------------------------------------------ the reported case


@pytest.fixture(scope="module")
def hungyen() -> Rubric:
    return dtikit.PluginHost().rubric("hungyen/commune/2023")


def test_three_districts_written_and_rechecked(tmp_path: Path, hungyen: Rubric) -> None:
    """Issue 10: a commune cohort of three districts, written with write_results and
    rechecked with `dtikit check-table`, used to give 11 disagreements in 12 rows."""
    from click.testing import CliRunner

    from dtikit.cli import cli
    from dtikit.formats.xlsx_results import write_results

    points = [["60", "100", "91.27", "89.5", "100", "161.17", "80", "26.45"],
              ["50", "60", "30", "89.64", "100", "169.23", "124.46", "22.37"],
              ["60", "80", "60.29", "88.5", "91.66", "162.61", "35", "58.35"],
              ["10", "10", "10", "10", "10", "10", "10", "10"]]
    units = [dtikit.Assessment(hungyen.id, dtikit.Unit(f"UBND xã {d[-4:]} {k}", parent=d), [
        dtikit.Answer(str(i), dtikit.Number(v)) for i, v in enumerate(p, start=1)])
        for d in ("Huyện Văn Lâm", "Thị xã Mỹ Hào", "Thành phố Hưng Yên")
        for k, p in enumerate(points)]
    cards = dtikit.score(hungyen, units)
    results = dtikit.rank(cards, hungyen)
    assert sorted(r.rank for r in results.rows) == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]
    path = tmp_path / "results.xlsx"
    write_results(hungyen, results, cards, path)
    result = CliRunner().invoke(cli, ["check-table", hungyen.id, str(path)])
    assert result.exit_code == 0, result.output
    assert "không có sai lệch: 12 dòng" in result.output


def test_rows_are_a_sequence_equal_to_their_tuple(hungyen: Rubric) -> None:
    a = dtikit.Assessment(hungyen.id, dtikit.Unit("UBND xã A", parent="Huyện Văn Lâm"), [
        dtikit.Answer(str(i), dtikit.Number(10)) for i in range(1, 9)])
    cards = dtikit.score(hungyen, [a])
    for results in (dtikit.rank(cards, hungyen), dtikit.rank(list(cards), hungyen)):
        rows = results.rows
        assert rows + () == tuple(rows) == () + rows  # noqa: RUF005 (the + itself)
        assert rows == tuple(rows) and tuple(rows) == rows and hash(rows) == hash(tuple(rows))
        assert results.row_columns().rank == [1]
        back = dtikit.loads(dtikit.dumps(results), dtikit.Results)
        assert back == results and back.rows == rows
    plain = dtikit.Results(hungyen.id, results.columns, tuple(results.rows))
    assert plain.rows == results.rows and plain.row_columns() == results.row_columns()


def test_rank_fast_is_deprecated(hungyen: Rubric) -> None:
    import dtikit.fast

    a = dtikit.Assessment(hungyen.id, dtikit.Unit("UBND xã A"), [
        dtikit.Answer(str(i), dtikit.Number(10)) for i in range(1, 9)])
    cards = dtikit.score(hungyen, [a])
    with pytest.warns(DeprecationWarning, match="dtikit.rank"):
        rank_fast = dtikit.fast.rank_fast
    assert rank_fast(cards, hungyen) == dtikit.rank(cards, hungyen)
    assert rank_fast(list(cards), hungyen) is None
