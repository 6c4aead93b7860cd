"""The collection workbook as written: the drop-downs and number checks on each input
column (over every data row), and the hidden sheet that says what wrote it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import openpyxl

import dtikit
from dtikit.formats.collection import BLANK_ROWS, FIRST_DATA_ROW, write_collection
from dtikit.formats.spec import META_SHEET

# what each input column of the sample rubric accepts when Không áp dụng is refused
# (by the kind of its leaf's method: tests/data/sample_commune.toml)
YES_NO = ("list", '"Có,Không"', None)
NOT_NEGATIVE = ("decimal", "0", "greaterThanOrEqual")
EXPECTED = {
    "1.1": NOT_NEGATIVE,  # steps: a count
    "1.2:a": NOT_NEGATIVE, "1.2:b": NOT_NEGATIVE,  # ratio
    "1.3": ("list", '"Chủ tịch,Phó Chủ tịch,Không"', None),  # levels: their labels
    "1.4:part:du_hop": YES_NO, "1.4:part:chu_tri": YES_NO,  # parts
    "1.5": YES_NO,  # yes/no
    "1.6:a": NOT_NEGATIVE, "1.6:b": NOT_NEGATIVE,
    "2.1": NOT_NEGATIVE,
    "2.2": NOT_NEGATIVE,  # awarded points
    "2.3": YES_NO,
    "2.4": None,  # a method that takes several kinds of answer: no single rule
}


def _rules(ws: Any) -> dict[int, tuple[str, str, str | None, str]]:
    """Column → its validation (type, formula, operator, error); each over the data rows."""
    out: dict[int, tuple[str, str, str | None, str]] = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            assert (rng.min_row, rng.max_row) == (FIRST_DATA_ROW, FIRST_DATA_ROW + BLANK_ROWS - 1)
            assert rng.min_col == rng.max_col
            assert rng.min_col not in out, "one rule a column"
            out[rng.min_col] = (dv.type, dv.formula1, dv.operator, dv.error)
    return out


def test_each_input_column_is_checked_by_its_kind(sample_rubric: dtikit.Rubric,
                                                   tmp_path: Path) -> None:
    rubric = attrs.evolve(sample_rubric,
                          workflow=attrs.evolve(sample_rubric.workflow, not_applicable="forbid"),
                          variants=[])
    path = tmp_path / "tong_hop.xlsx"
    write_collection(rubric, [], path, evidence=True)
    ws = openpyxl.load_workbook(path)["Tổng hợp"]
    keys = [c.value for c in ws[4]]
    rules = _rules(ws)
    seen = set()
    for col, key in enumerate(keys, start=1):
        rule = rules.get(col)
        if key.startswith("@") or key.endswith((":evidence", ":explanation")):
            assert rule is None, key  # the unit's fields and free text: anything goes
            continue
        seen.add(key)
        expected = EXPECTED[key]
        assert (rule[:3] if rule else None) == expected, key
        if rule:
            assert rule[3] == "Giá trị không hợp lệ cho chỉ số này"
    assert seen == set(EXPECTED)


def test_no_rule_where_not_applicable_may_be_typed(sample_rubric: dtikit.Rubric,
                                                   tmp_path: Path) -> None:
    path = tmp_path / "tong_hop.xlsx"
    write_collection(sample_rubric, [], path)  # every leaf of the sample allows it
    assert _rules(openpyxl.load_workbook(path)["Tổng hợp"]) == {}


def test_the_hidden_sheet_says_what_wrote_the_collection(sample_rubric: dtikit.Rubric,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "tong_hop.xlsx"
    write_collection(sample_rubric, [], path)
    ws = openpyxl.load_workbook(path)[META_SHEET]
    assert ws.sheet_state == "hidden"
    rows = [tuple(c.value for c in row) for row in ws.iter_rows()]
    assert rows == [("format", "dtikit"), ("version", "1"), ("kind", "collection"),
                    ("dtikit", dtikit.__version__), ("rubric", sample_rubric.id)]
