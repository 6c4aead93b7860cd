"""A problem found when a cohort read from files is scored names the file, the
sheet!cell, the unit and the indicator code (``scoring.cohort_problems``), for
a collection workbook (one row per unit, read column-wise) and for filled
forms (one sheet per unit)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from xlsx_fill import fill_form, layout

import dtikit
from dtikit import Answer, Assessment, Flag, Indicator, MethodSpec, Number, Rubric, Unit
from dtikit.assessment import Origin
from dtikit.engine.columns import Cohort
from dtikit.errors import AssessmentInvalid, Problem
from dtikit.formats.collection import write_collection
from dtikit.formats.spec import leaf_inputs
from dtikit.formats.xlsx_form import write_template
from dtikit.formats.xlsx_read import read_assessments
from dtikit.methods import BUILTIN_REGISTRY
from dtikit.methods.builtin import RelativeToBest
from dtikit.scoring import cohort_problems, compile_methods


class _WholeShare(RelativeToBest):
    """A plugin's cohort-relative method: the reader checks only ``raw_value``
    (any count ≥ 0, as relative to the best); ``score`` also refuses a count
    that is not whole — a cell the reader let through and scoring refuses."""

    kind = "test_whole_share"

    def score(self, value: Any, best: Decimal | None = None) -> dtikit.Outcome:
        v = self.raw_value(value)
        if v != v.to_integral_value():
            raise dtikit.AnswerError(f"{v} is not a whole count")
        return super().score(value, best)


REGISTRY = BUILTIN_REGISTRY.with_methods([_WholeShare])
RUBRIC = Rubric(
    id="mau/commune/2024", province="mau", tier="commune", year=2024,
    title="Bộ chỉ số kiểm thử", scale=Decimal(20), source=dtikit.Source("0/QĐ-TEST"),
    indicators=[Indicator("1", "Có chuyên mục chuyển đổi số", Decimal(10), "main",
                          MethodSpec("yes_no", {})),
                Indicator("2", "Số tài khoản trên 1000 dân", Decimal(10), "main",
                          MethodSpec("test_whole_share", {"value": "Số tài khoản"}))])
UNITS = [Assessment(RUBRIC.id, Unit(f"UBND xã {name}", parent="Huyện Tứ Kỳ"),
                    [Answer("1", Flag(True)), Answer("2", Number(value))])
         for name, value in (("An Bình", "12"), ("Ân Thi", "3.5"), ("Bình Minh", "7"))]


def _refused(problems: Any, where: str) -> None:
    [problem] = problems
    assert problem.where == f"{where}, unit UBND xã Ân Thi, code 2"
    assert problem.message == "3.5 is not a whole count"


def test_a_collection_cell_the_method_refuses_is_named(tmp_path: Path) -> None:
    path = tmp_path / "tong-hop.xlsx"
    write_collection(RUBRIC, UNITS, path, methods=REGISTRY)
    report = read_assessments(RUBRIC, path, methods=REGISTRY)
    assert report.rows_accepted == 3
    assert isinstance(report.assessments, Cohort)  # read column-wise
    # the cell, found independently: the one holding 3.5
    wb = openpyxl.load_workbook(path)
    [(sheet, coord)] = [(ws.title, c.coordinate) for ws in wb.worksheets
                        for row in ws.iter_rows() for c in row if c.value == 3.5]
    for cohort in (report.assessments, list(report.assessments)):  # by column, and built
        with pytest.raises(AssessmentInvalid) as caught:
            dtikit.score(RUBRIC, cohort, methods=REGISTRY)
        _refused(caught.value.problems, f"{path}, {sheet}!{coord}")


def test_a_form_cell_the_method_refuses_is_named(tmp_path: Path) -> None:
    template = tmp_path / "mau.xlsx"
    write_template(RUBRIC, template, methods=REGISTRY)
    inputs = leaf_inputs(RUBRIC, REGISTRY)
    cohort: list[Assessment] = []
    for i, unit in enumerate(UNITS):
        path = tmp_path / f"don-vi-{i}.xlsx"
        fill_form(RUBRIC, template, path, unit, inputs, seed=i)
        report = read_assessments(RUBRIC, path, methods=REGISTRY)
        assert report.rows_accepted == 1
        cohort.extend(report.assessments)
    path = tmp_path / "don-vi-1.xlsx"
    ws = openpyxl.load_workbook(path).worksheets[0]
    cell = layout(ws).cell(ws, "leaf:2", "in_a")  # where the tests' filler typed 3.5
    with pytest.raises(AssessmentInvalid) as caught:
        dtikit.score(RUBRIC, cohort, methods=REGISTRY)
    _refused(caught.value.problems, f"{path}, {ws.title}!{cell.coordinate}")


def test_an_appraised_cell_is_named_at_its_own_cell() -> None:
    origin = Origin("tham-dinh.xlsx", "Biểu 2", {"2": "Biểu 2!F9"}, {"2": "Biểu 2!K9"})
    unit = Assessment(RUBRIC.id, Unit("UBND xã Ân Thi"), [Answer("2", Number(3))],
                      [dtikit.Appraisal("Phòng Văn hóa và Thông tin",
                                        [Answer("2", Number("2.5"))])], origin=origin)
    problems = cohort_problems(RUBRIC, [unit], compile_methods(RUBRIC, REGISTRY))
    assert [p.where for p in problems] == [
        "tham-dinh.xlsx, Biểu 2!K9, unit UBND xã Ân Thi, code 2"]


def test_without_an_origin_the_problem_names_the_unit_and_code() -> None:
    units = [attrs.evolve(u, origin=None) for u in UNITS]
    with pytest.raises(AssessmentInvalid) as caught:
        dtikit.score(RUBRIC, units, methods=REGISTRY)
    assert [p.where for p in caught.value.problems] == ["unit UBND xã Ân Thi, code 2"]


def test_a_unit_read_twice_names_both_places() -> None:
    first = attrs.evolve(UNITS[0], origin=Origin("a.xlsx", "Biểu 1"))
    again = attrs.evolve(UNITS[0], origin=Origin("b.xlsx", "Tổng hợp!7:7"))
    problems = cohort_problems(RUBRIC, [first, UNITS[2], again],
                               compile_methods(RUBRIC, REGISTRY))
    assert problems[0] == Problem("unit UBND xã An Bình (a.xlsx, Biểu 1; b.xlsx, Tổng hợp!7:7)",
                                  "assessed twice in one cohort")


def test_an_origin_is_not_data() -> None:
    """Read or not, the same assessment: equal, and the same JSON."""
    located = attrs.evolve(UNITS[0], origin=Origin("a.xlsx", "Biểu 1", {"1": "Biểu 1!F9"}))
    assert located == UNITS[0] and hash(located) == hash(UNITS[0])
    assert dtikit.to_data(located) == dtikit.to_data(UNITS[0])
    assert "origin" not in json.dumps(dtikit.json_schema(Assessment))
