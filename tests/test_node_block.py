"""Many units' nodes at once (scoring.node_block, the engine's unit_block) and
the breakdown sheet made from them a block of units at a time: each unit's
columns are the unit-by-unit oracle's (tests/oracle.py), in any order, with
units repeated, for generated cohorts and for an imported collection (its
dictionary-encoded and ratio columns); rows made as XML bodies
(Row.body_format, XmlBook.slot_tail, Sheet.append_bodies) are the rows
append_block writes."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import score_reference
from test_sheetxml import NUMBERS, TEXTS, book_differences, write_both
from test_xlsx_results import demo_cohort

import dtikit
from dtikit.engine.columns import Cohort
from dtikit.files import read_inputs
from dtikit.formats import xlstyle as xs
from dtikit.formats import xlsx_results
from dtikit.formats.sheetxml import Row, XmlBook
from dtikit.methods import BUILTIN_REGISTRY
from dtikit.scoring import NodeBlock, NodeColumns, node_block, node_columns
from dtikit.testing.strategies import cohorts

ROOT = Path(__file__).resolve().parent.parent

try:
    from budget import examples  # fewer examples in CI
except ImportError:  # pragma: no cover
    def examples(n: int) -> int:
        return n

_FIELDS = ("state", "applicable_max", "self_points", "appraised_points", "final_points",
           "self_rule", "final_rule", "appraised_by")


def _columns(cols: NodeColumns) -> list[list[Any]]:
    """Every field, each Decimal as its string (the same digits shown)."""
    return [[str(v) if isinstance(v, Decimal) else v for v in getattr(cols, f)]
            for f in _FIELDS]


def _assert_oracle(block: NodeBlock, ref: list[dtikit.Scorecard], codes: tuple[str, ...]) -> None:
    assert block.size == len(ref) and list(block.codes) == list(codes)
    for field in _FIELDS:  # node-major: node i's items, an item per unit, then node i + 1's
        assert len(getattr(block, field)) == len(codes) * len(ref)
    for u, card in enumerate(ref):
        assert _columns(block.unit(u)) == _columns(NodeColumns.of(card.nodes, codes))
        for i, code in enumerate(codes):
            assert block.node(block.final_points, i)[u] == card.nodes[code].final_points


@settings(max_examples=examples(60), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cohorts(max_units=6, complete=False, ranked=False), st.data())
def test_a_block_of_units_is_the_oracle_unit_by_unit(case: Any, data: st.DataObject) -> None:
    rubric, cohort = case
    try:
        ref = score_reference(rubric, cohort, methods=BUILTIN_REGISTRY)
    except (dtikit.AssessmentInvalid, dtikit.RubricInvalid):
        return  # no scorecards to compare (the engine's errors: tests/test_engine.py)
    cards = dtikit.score(rubric, cohort, methods=BUILTIN_REGISTRY)
    codes = tuple(n.code for n in rubric.walk())
    picks = data.draw(st.lists(st.integers(0, len(cards) - 1), min_size=1, max_size=9),
                      label="units, in any order, repeated")
    block = node_block([cards[k] for k in picks], codes)
    _assert_oracle(block, [ref[k] for k in picks], codes)
    # the oracle's own scorecards (no engine) and one unit at a time say the same
    _assert_oracle(node_block([ref[k] for k in picks], codes), [ref[k] for k in picks], codes)
    for k in set(picks):
        assert _columns(node_columns(cards[k], codes)) == \
            _columns(NodeColumns.of(ref[k].nodes, codes))
    # scorecards of two scorings in one block: read from their nodes, the same
    again = dtikit.score(rubric, cohort, methods=BUILTIN_REGISTRY)
    mixed = [cards[picks[0]], again[picks[0]]]
    _assert_oracle(node_block(mixed, codes), [ref[picks[0]]] * 2, codes)


def test_a_block_of_an_imported_collection_is_the_oracle(tmp_path: Path) -> None:
    """Dictionary-encoded and ratio columns (each unit's own pair of counts):
    a block's rules, points and maxima are the oracle's for every unit, in
    ranking order and reversed, the rules of a block met first or not."""
    sys.path.insert(0, str(ROOT))
    workload = pytest.importorskip("benchmarks.workload")
    rubric = workload.rubric_for("synthetic")
    path = workload.write_workbook(rubric, 40, tmp_path / "c.xlsx", seed=11)
    cohort = read_inputs(rubric, [path], []).assessments
    assert isinstance(cohort, Cohort)  # its columns dictionary-encoded, ratios as pairs
    cards = dtikit.score(rubric, cohort)
    ref = score_reference(rubric, list(cohort))
    codes = tuple(n.code for n in rubric.walk())
    order = [u.id for u in dtikit.rank(cards, rubric).row_columns().unit]
    by_id = {c.unit.id: k for k, c in enumerate(cards)}
    picks = [by_id[uid] for uid in order if uid in by_id]
    picks += [k for k in range(len(cards)) if k not in picks]
    for chosen in (picks[::-1], picks, picks[:7] + picks[:3]):
        _assert_oracle(node_block([cards[k] for k in chosen], codes),
                       [ref[k] for k in chosen], codes)


# ------------------------------------------------------------ rows as XML bodies

_VALUES = st.one_of(st.sampled_from(TEXTS), st.sampled_from(NUMBERS), st.none(),
                    st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=12))


def _rows(book: XmlBook) -> list[Row]:
    boxed = book.style(font=xs.FONT, border=xs.BOX)
    bold = book.style(font=xs.BOLD, border=xs.BOX, number_format="0.00")
    def fmt(value: Any) -> tuple[Any, Any]:  # a slot whose style depends on its value
        return value, bold if isinstance(value, Decimal) else boxed

    return [Row([boxed, ("mã {1} %s", boxed), fmt, (Decimal("12.50"), bold), boxed]),
            Row([bold, (None, boxed), bold, ("", bold), fmt])]


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.lists(st.tuples(_VALUES, _VALUES, _VALUES), min_size=2, max_size=2),
                min_size=1, max_size=5),
       st.sets(st.integers(1, 12), max_size=3))
def test_rows_made_as_bodies_are_the_rows_of_append_block(
        tmp_path_factory: pytest.TempPathFactory, units: list[list[tuple[Any, Any, Any]]],
        tall: set[int]) -> None:
    """A unit's rows as bodies of their templates (Row.body_format % the slots'
    cells from XmlBook.slot_tail) give the workbook append_block gives, row
    heights included; both equal openpyxl's own cells."""
    tmp = tmp_path_factory.mktemp("bodies")

    def write(path: Path, bodies: bool) -> None:
        book = XmlBook(openpyxl.Workbook(write_only=True))
        rows = _rows(book)
        sheet = book.sheet(book.wb.create_sheet("khối"))
        for r in tall:
            sheet.ws.row_dimensions[r].height = 30
        for values in units:
            columns = [list(c) for c in zip(*values)]
            if bodies and book.direct:
                made = []
                for row, cells in zip(rows, values):
                    fmt = row.body_format(book)
                    assert fmt is not None
                    made.append(fmt % tuple(book.slot_tail(row, k, v) for k, v in enumerate(cells)))
                sheet.append_bodies(rows, made)
            else:
                sheet.append_block(rows, columns)
            sheet.append([(values[0][0], rows[0].cell(0, values[0][0])[1])])  # a row between
        book.save(path)

    (tmp / "a").mkdir()
    fast, reference = write_both(tmp / "a", lambda p: write(p, True))
    assert book_differences(fast, reference) == []
    (tmp / "b").mkdir()
    blocks, _ = write_both(tmp / "b", lambda p: write(p, False))
    assert book_differences(fast, blocks) == []


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
       | st.lists(st.sampled_from(["\n", "\t", "\r", "\x07", "\x1f", "\x0b", "\xa0", "ủ",
                                   "u\u0309", "a", " ", "\u200b", "\x7f"]),
                  max_size=12).map("".join))
def test_safe_text_is_nfc_with_each_control_character_a_space(text: str) -> None:
    """The quick test (nothing to replace in a printable text once its line
    feeds and tabs are set aside) changes nothing: the oracle replaces every
    character a workbook cannot hold, one by one."""
    import unicodedata

    bad = set(range(0x00, 0x09)) | {0x0B, 0x0C} | set(range(0x0E, 0x20))
    expected = "".join(" " if ord(c) in bad else c for c in unicodedata.normalize("NFC", text))
    assert xs.safe_text(text) == expected


def test_a_template_with_a_gap_has_no_body_and_no_cell_is_refused() -> None:
    book = XmlBook(openpyxl.Workbook(write_only=True))
    plain, boxed = book.style(), book.style(border=xs.BOX)
    gap = Row([boxed, None, boxed])
    assert gap.body_format(book) is None  # its cells say their column: append_block
    row = Row([plain, ("a", boxed)])
    assert row.body_format(book) == f'<c%s<c s="{boxed.id}" t="s"><v>0</v></c></row>'
    with pytest.raises(ValueError, match="no cell"):
        book.slot_tail(row, 0, None)  # an empty cell of the default style: no cell
    sheet = book.sheet(book.wb.create_sheet("x"))
    with pytest.raises(ValueError, match="1 bodies for 2 rows"):
        sheet.append_bodies([row, row], ["</row>"])
    other = XmlBook(openpyxl.Workbook(write_only=True))
    with pytest.raises(ValueError, match="not made for this book"):
        other.sheet(other.wb.create_sheet("y")).append_bodies([row], ["</row>"])
    assert sheet.row == 0


@pytest.mark.parametrize("rubric_id,key", [("hungyen/commune/2023", "hungyen"),
                                           ("baria_vungtau/commune/2024", "brvt")])
def test_a_breakdown_in_small_blocks_is_openpyxls_cells(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rubric_id: str, key: str) -> None:
    """Blocks of two units, and the rows, cells and traces remembered cleared
    again and again: the same workbook as openpyxl's own cells write."""
    rubric, results, cards = demo_cohort(rubric_id, key)
    for name, value in (("_BLOCK", 2), ("_ROWS", 3), ("_TAILS", 5), ("_TRACES", 2)):
        monkeypatch.setattr(xlsx_results, name, value)
    three = xlsx_results.HEADER_ROW + 3 * len(list(rubric.walk())) + 3  # about 3 units a sheet
    fast, reference = write_both(tmp_path, lambda p: xlsx_results.write_results(
        rubric, results, cards, p, breakdown=True, max_rows=three))
    assert book_differences(fast, reference) == []
    assert sum("Chi tiết" in n for n in openpyxl.load_workbook(fast).sheetnames) > 1
