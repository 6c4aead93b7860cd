"""The golden-table checker: a province plugin proves itself against its published results.

A province publishes its ranking as a table (rank | unit | one column per main
index | total | class). Copy the rows verbatim into a tab-separated file in your
plugin's tests, with comment lines (``#``) naming the source decision, and::

    from dtikit.testing.golden import assert_table_reproduced

    def test_published_2023_table(hungyen_commune_2023):
        text = Path(__file__).with_name("tp_2023_communes.tsv").read_text("utf-8")
        disagreements = assert_table_reproduced(hungyen_commune_2023, text)
        assert [(d.unit, d.field) for d in disagreements] == [("UBND xã Phương Chiểu", "total")]

The check fails when a published rank or class is not reproduced by the rubric;
every other disagreement (a printed total that is not the sum of its printed
parts, a part outside its maximum) is returned for the test to pin down exactly.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Rubric
from ..published import Disagreement, TableCheck, check_table, read_delimited

__all__ = ["assert_table_reproduced", "check_published_text"]


def check_published_text(rubric: Rubric, table_text: str, *, source: str = "") -> TableCheck:
    """Read a published table (TSV or CSV text, decimal comma, ``#`` comments)
    with :func:`dtikit.published.read_delimited` and run :func:`dtikit.check_table`."""
    table = read_delimited(table_text, rubric, source=source)
    return check_table(rubric, table)


def assert_table_reproduced(
    rubric: Rubric, table_text: str | Path, *, source: str = ""
) -> tuple[Disagreement, ...]:
    """Assert that ``rubric`` reproduces every published rank and class of the table,
    and return every disagreement the check found (for the caller to pin down).

    ``table_text`` is the table's text, or a :class:`~pathlib.Path` to a UTF-8 file.
    Raises ``AssertionError`` listing every rank or class not reproduced, and
    every row whose recomputed rank or class is unknown (missing parts).
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
        if row.rank is not None and checked.rank != row.rank:
            failures.append(f"{at}: published rank {row.rank}, recomputed {checked.rank}")
        if rubric.classification is not None and row.class_label is not None and (
            checked.class_label is None
            or checked.class_label.strip().casefold() != row.class_label.strip().casefold()
        ):
            failures.append(f"{at}: published class {row.class_label!r}, "
                            f"recomputed {checked.class_label!r}")
    if failures:
        others = "\n".join(f"  - {d}" for d in result.disagreements)
        raise AssertionError(
            f"{rubric.id} does not reproduce {source or 'the published table'}:\n"
            + "\n".join(f"  - {f}" for f in failures)
            + (f"\nall disagreements:\n{others}" if others else "")
        )
    return result.disagreements
