"""The golden-table checker: a province plugin proves itself against its published results.

A province publishes its ranking as a table (rank | unit | one column per main
index | total | class). Copy the rows verbatim into a tab-separated file in your
plugin's tests, with comment lines (``#``) naming the source decision, and::

    from dtikit.testing.golden import assert_table_reproduced

    def test_published_2023_table(hungyen_commune_2023):
        text = Path(__file__).with_name("tp_2023_communes.tsv").read_text("utf-8")
        disagreements = assert_table_reproduced(hungyen_commune_2023, text)
        assert [(d.unit, d.field) for d in disagreements] == [("UBND xã Phương Chiểu", "total")]

The check reads the table (:func:`dtikit.plugin.read_delimited`), rechecks it
(:func:`dtikit.check_table`: totals against their parts within rounding, ranks
by the one ranking rule, classes by the rubric's bands) **and scores the
units**: each row's published main-index points are entered as answers (when
every main index is a leaf scored by points awarded, as in Hưng Yên), or the
``assessments`` given are used, scored with :func:`dtikit.score` and ranked
with :func:`dtikit.rank`; each unit's scored total, rank and class must
reproduce the published ones. It fails when a published rank or class is not
reproduced (beyond rounding); every other disagreement (a printed total that
is not the sum of its printed parts or not the unit's score, a part outside
its maximum) is returned for the test to pin down exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..assessment import Answer, Assessment, Number, Unit
from ..engine.score import score
from ..errors import DtikitError
from ..formats.tables import read_delimited
from ..model import Rubric, name_key
from ..numbers import decimals_shown, quantize
from ..published import (
    TOTAL,
    ColumnScale,
    Disagreement,
    PublishedTable,
    TableCheck,
    check_table,
    same_label,
    shown,
)
from ..ranking import ResultRow, rank
from ..scoring import Scorecard

__all__ = ["assert_table_reproduced", "assessments_of_table", "check_published_text"]


def check_published_text(rubric: Rubric, table_text: str, *, source: str = "") -> TableCheck:
    """Read a published table (TSV or CSV text, ``#`` comments) with
    :func:`dtikit.plugin.read_delimited` and run :func:`dtikit.check_table`."""
    table = read_delimited(table_text, rubric, source=source)
    return check_table(rubric, table)


def assessments_of_table(rubric: Rubric, table: PublishedTable) -> tuple[Assessment, ...] | None:
    """Each row's published main-index points as the answers of an assessment
    (the unit's parent is the row's group), when every main index is a leaf
    scored by points awarded and published as points; None otherwise."""
    mains = rubric.main_indices
    if not all(n.is_leaf and n.method is not None and n.method.kind == "awarded"
               for n in mains):
        return None
    if any(s.unit != "points" for s in table.scales.values()):
        return None
    return tuple(Assessment(rubric.id, Unit(row.unit, parent=row.group), [
        Answer(n.code, Number(v)) for n in mains if (v := row.parts.get(n.code)) is not None])
        for row in table.rows)


def _score(rubric: Rubric, units: Sequence[Assessment]) -> list[Scorecard | None]:
    """Each unit's scorecard, None for a unit the rubric refuses (its part is already
    reported by the table check)."""
    try:
        return list(score(rubric, units))
    except DtikitError:
        out: list[Scorecard | None] = []
        for a in units:
            try:
                out.append(score(rubric, [a])[0])
            except DtikitError:
                out.append(None)
        return out


def _scored_disagreements(rubric: Rubric, table: PublishedTable, check: TableCheck,
                          units: Sequence[Assessment]) -> tuple[list[str], list[Disagreement]]:
    """Failures (ranks and classes the units' scores do not reproduce) and totals that
    are not the units' scores."""
    failures: list[str] = []
    found: list[Disagreement] = []
    cards = _score(rubric, units)
    reported = {(d.where, d.field) for d in check.disagreements}
    scored: dict[str, Scorecard] = {}
    for card in cards:
        if card is not None:
            scored.setdefault(name_key(card.unit.name), card)
    ranked: dict[str, ResultRow] = {}
    if all(c is not None for c in cards):
        for r in rank([c for c in cards if c is not None], rubric).rows:
            ranked.setdefault(name_key(r.unit.name), r)
    for row in table.rows:
        at = f"{row.where}: {row.unit}"
        card = scored.get(name_key(row.unit))
        if card is None:
            continue
        if card.total is None:
            failures.append(f"{at}: the unit cannot be scored ({card.excluded or 'incomplete'}"
                            "; see the disagreements)")
            continue
        if row.total is not None and table.scales.get(TOTAL, ColumnScale()).unit == "points" and \
                quantize(card.total, decimals_shown(row.total)) != row.total and \
                (row.where, "total") not in reported:
            found.append(Disagreement(
                row.unit, "score", shown(row.total), shown(card.total), "error",
                f"tổng công bố {shown(row.total)} ≠ điểm chấm theo bộ chỉ số "
                f"{shown(card.total)}", row.where, row.group, row.total, card.total))
        result = ranked.get(name_key(row.unit))
        if row.rank is not None and result is not None and result.rank != row.rank and \
                (row.where, "rank") not in reported:
            failures.append(f"{at}: published rank {row.rank}, scored rank {result.rank}")
        if rubric.classification is not None and row.class_label is not None and \
                not same_label(card.class_label, row.class_label) and \
                (row.where, "class") not in reported:
            failures.append(f"{at}: published class {row.class_label!r}, "
                            f"scored {card.class_label!r}")
    return failures, found


def assert_table_reproduced(
    rubric: Rubric, table_text: str | Path, *, source: str = "",
    assessments: Sequence[Assessment] | None = None,
) -> tuple[Disagreement, ...]:
    """Assert that ``rubric`` reproduces every published rank and class of the table,
    and return every disagreement found (for the caller to pin down).

    ``table_text`` is the table's text, or a :class:`~pathlib.Path` to a UTF-8 file.
    ``assessments`` are the units' own assessments, scored and ranked against the
    table; without them, the published points are scored as answers where the
    rubric allows it (:func:`assessments_of_table`). Raises ``AssertionError``
    listing every rank or class not reproduced (by the table check or by the
    units' scores), and every row whose recomputed rank or class is unknown.
    """
    if isinstance(table_text, Path):
        source = source or table_text.name
        table_text = table_text.read_text(encoding="utf-8")
    table = read_delimited(table_text, rubric, source=source)
    if not table.rows:
        raise AssertionError(f"{source or 'table'}: no rows read")
    result = check_table(rubric, table)
    failures: list[str] = []
    for row, checked in zip(table.rows, result.rows):
        at = f"{row.where}: {row.unit}"
        if row.rank is not None and checked.rank is None:
            failures.append(f"{at}: published rank {row.rank}, recomputed rank unknown")
    for d in result.errors:
        if d.field in ("rank", "class"):
            failures.append(f"{d.where}: {d.unit}: published rank {d.published}, "
                            f"recomputed {d.recomputed}" if d.field == "rank" else
                            f"{d.where}: {d.unit}: published class {d.published!r}, "
                            f"recomputed {d.recomputed!r}")
    units = assessments if assessments is not None else assessments_of_table(rubric, table)
    found: list[Disagreement] = []
    if units is not None:
        more, found = _scored_disagreements(rubric, table, result, units)
        failures += more
    if failures:
        others = "\n".join(f"  - {d}" for d in (*result.disagreements, *found))
        raise AssertionError(
            f"{rubric.id} does not reproduce {source or 'the published table'}:\n"
            + "\n".join(f"  - {f}" for f in failures)
            + (f"\nall disagreements:\n{others}" if others else "")
        )
    return result.disagreements + tuple(found)

