"""A problem found when a cohort read from files is scored names the file, the
sheet!cell, the unit and the indicator code — the engine's prepare reports
each problem where it finds it, for a collection workbook (one row per unit,
read column-wise) and for filled forms (one sheet per unit)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from oracle import score_reference
from xlsx_fill import fill_form, layout

import dtikit
from dtikit import (
    Answer,
    Appraisal,
    Assessment,
    Flag,
    Indicator,
    MethodSpec,
    NotApplicable,
    Number,
    Ratio,
    Rubric,
    Unit,
)
from dtikit.assessment import Origin
from dtikit.engine.columns import Cohort, Encoded
from dtikit.errors import AssessmentInvalid, Problem
from dtikit.formats.collection import write_collection
from dtikit.formats.spec import leaf_inputs
from dtikit.formats.xlsx_form import write_template
from dtikit.formats.xlsx_read import read_assessments
from dtikit.methods import BUILTIN_REGISTRY
from dtikit.methods.builtin import RelativeToBest
from dtikit.model import Variant
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
    with pytest.raises(AssessmentInvalid) as caught:
        dtikit.score(RUBRIC, [unit], methods=REGISTRY)
    assert [p.where for p in caught.value.problems] == [
        "tham-dinh.xlsx, Biểu 2!K9, unit UBND xã Ân Thi, code 2"]


def test_without_an_origin_the_problem_names_the_unit_and_code() -> None:
    units = [attrs.evolve(u, origin=None) for u in UNITS]
    with pytest.raises(AssessmentInvalid) as caught:
        dtikit.score(RUBRIC, units, methods=REGISTRY)
    assert [p.where for p in caught.value.problems] == ["unit UBND xã Ân Thi, code 2"]


def test_a_unit_read_twice_names_both_places() -> None:
    first = attrs.evolve(UNITS[0], origin=Origin("a.xlsx", "Biểu 1"))
    again = attrs.evolve(UNITS[0], origin=Origin("b.xlsx", "Tổng hợp!7:7"))
    with pytest.raises(AssessmentInvalid) as caught:
        dtikit.score(RUBRIC, [first, UNITS[2], again], methods=REGISTRY)
    assert caught.value.problems[0] == Problem("unit UBND xã An Bình (a.xlsx, Biểu 1; b.xlsx, Tổng hợp!7:7)",
                                  "assessed twice in one cohort")


def test_an_origin_is_not_data() -> None:
    """Read or not, the same assessment: equal, and the same JSON."""
    located = attrs.evolve(UNITS[0], origin=Origin("a.xlsx", "Biểu 1", {"1": "Biểu 1!F9"}))
    assert located == UNITS[0] and hash(located) == hash(UNITS[0])
    assert dtikit.to_data(located) == dtikit.to_data(UNITS[0])
    assert "origin" not in json.dumps(dtikit.json_schema(Assessment))


def test_cohort_problems_is_a_deprecated_name_for_the_engines_problems() -> None:
    leaves = compile_methods(RUBRIC, REGISTRY)
    with pytest.warns(DeprecationWarning, match="dtikit.score"):
        problems = cohort_problems(RUBRIC, UNITS, leaves)
    with pytest.raises(AssessmentInvalid) as caught:
        dtikit.score(RUBRIC, UNITS, methods=REGISTRY)
    assert problems == list(caught.value.problems) and len(problems) == 1
    with pytest.warns(DeprecationWarning):
        assert cohort_problems(RUBRIC, [UNITS[0], UNITS[2]], leaves) == []


_MIXED = attrs.evolve(Rubric(
    id="hon/commune/2024", province="hon", tier="commune", year=2024, title="Bộ chỉ số kiểm thử",
    scale=Decimal(30), source=dtikit.Source("0/QĐ-TEST"),
    indicators=[Indicator("1", "Hạ tầng", Decimal(20), "main", children=[
        Indicator("1.1", "Có cổng thông tin", Decimal(10), method=MethodSpec("yes_no", {})),
        Indicator("1.2", "Điểm chấm", Decimal(10), method=MethodSpec("awarded", {}))]),
        Indicator("2", "Tỷ lệ hồ sơ trực tuyến", Decimal(10), "main",
                  MethodSpec("ratio", {}))]),
    variants=[Variant("rut_gon", "Rút gọn", ["2"])])


def _mixed_cohort() -> list[Assessment]:
    """Four units, every kind of problem a cohort can hold, some in one unit."""
    rid = _MIXED.id
    an = Unit("UBND xã An Bình", "an-binh")
    origin = Origin("a.xlsx", "Biểu 1", {"1.1": "Biểu 1!F9", "1.2": "Biểu 1!F10",
                                         "2": "Biểu 1!F11"},
                    {"1.2": "Biểu 1!K10", "2": "Biểu 1!K11"})
    return [
        Assessment(rid, an, [Answer("1.1", Flag(True)), Answer("1.2", Number(12)),
                             Answer("2", Ratio(1, 2))],
                   [Appraisal("Sở Thông tin và Truyền thông",
                              [Answer("1.2", Flag(True)), Answer("2", Ratio(5, 3))])],
                   origin=origin),
        # Không áp dụng refused for 1.1 leaves its next answer the first one taken
        Assessment("khac/commune/2024", Unit("UBND xã Bình Minh", "binh-minh",
                                             variant="khong_co"),
                   [Answer("9", Number(1)), Answer("1", Flag(True)),
                    Answer("1.1", NotApplicable()), Answer("1.1", Flag(True)),
                    Answer("1.2", Number(3)), Answer("1.2", Number(4))]),
        # an answer to a leaf the variant removes: its type checked, never scored
        Assessment(rid, Unit("UBND xã Cẩm Giàng", "cam-giang", variant="rut_gon"),
                   [Answer("1.1", Flag(False)), Answer("1.2", Number(12)),
                    Answer("2", Flag(True))]),
        Assessment(rid, an, [Answer("1.1", Flag(True)), Answer("1.2", Number(5)),
                             Answer("2", Ratio(1, 2))], origin=Origin("b.xlsx", "Tổng hợp!7:7")),
    ]


def test_a_cohort_with_many_problems_reports_each_once_located_in_order() -> None:
    """Units twice first; then unit by unit its own problems, its answers (self,
    then each appraisal), in their order; then the values the methods refuse,
    unit by unit, self before appraised. Each once, each located."""
    with pytest.raises(AssessmentInvalid) as caught:
        dtikit.score(_MIXED, _mixed_cohort())
    got = [(str(p.where), str(p.message)) for p in caught.value.problems]
    an, bm, cg = ("unit UBND xã An Bình", "unit UBND xã Bình Minh", "unit UBND xã Cẩm Giàng")
    by = "appraisal by Sở Thông tin và Truyền thông"
    assert got == [
        ("unit an-binh (a.xlsx, Biểu 1; b.xlsx, Tổng hợp!7:7)", "assessed twice in one cohort"),
        (f"a.xlsx, Biểu 1!K10, {an}, {by}, code 1.2", "awarded expects Number, got Flag Có"),
        (bm, "assessed against khac/commune/2024, not hon/commune/2024"),
        (bm, "hon/commune/2024: no variant 'khong_co'"),
        (f"{bm}, self-assessment, code 9", "no indicator 9 in hon/commune/2024"),
        (f"{bm}, self-assessment, code 1",
         "answers go to leaf indicators; 1 is computed from its children"),
        (f"{bm}, self-assessment, code 1.1", "Không áp dụng is not allowed for this indicator"),
        (f"{bm}, self-assessment, code 1.2", "answered twice"),
        (f"{cg}, self-assessment, code 2", "ratio expects Ratio, got Flag Có"),
        (f"a.xlsx, Biểu 1!F10, {an}, code 1.2", "points 12 exceed the maximum 10"),
        (f"a.xlsx, Biểu 1!K11, {an}, code 2", "a = 5 is greater than b = 3"),
        (f"{cg}, code 1.2", "points 12 exceed the maximum 10"),
    ]
    # the oracle, unit by unit, names the same problems (it does not read origins)
    plain = [attrs.evolve(a, origin=None) for a in _mixed_cohort()]
    with pytest.raises(AssessmentInvalid) as engine:
        dtikit.score(_MIXED, plain)
    with pytest.raises(AssessmentInvalid) as oracle:
        score_reference(_MIXED, plain)
    assert str(engine.value) == str(oracle.value)
    assert [(str(p.where), str(p.message)) for p in engine.value.problems] == \
        [(str(p.where), str(p.message)) for p in oracle.value.problems]


def test_a_refused_value_shared_by_units_of_an_encoded_column_names_each(
        tmp_path: Path) -> None:
    """One distinct answer is scored once for a dictionary-encoded column; the
    value its method refuses is every unit's that holds it, each at its cell."""
    more = [attrs.evolve(UNITS[1], unit=Unit("UBND xã Cẩm Vũ", parent="Huyện Tứ Kỳ")),
            attrs.evolve(UNITS[0], unit=Unit("UBND xã Đông Kỳ", parent="Huyện Tứ Kỳ"),
                         answers=[Answer("1", Flag(False)), Answer("2", Number("3.5"))])]
    path = tmp_path / "tong-hop.xlsx"
    write_collection(RUBRIC, [*UNITS, *more], path, methods=REGISTRY)
    cohort = read_assessments(RUBRIC, path, methods=REGISTRY).assessments
    assert isinstance(cohort, Cohort) and cohort.columns is not None
    assert isinstance(cohort.columns.columns[1], Encoded)  # the refused value, once
    wb = openpyxl.load_workbook(path)
    cells = [f"{ws.title}!{c.coordinate}" for ws in wb.worksheets
             for row in ws.iter_rows() for c in row if c.value == 3.5]
    assert len(cells) == 3
    with pytest.raises(AssessmentInvalid) as caught:
        dtikit.score(RUBRIC, cohort, methods=REGISTRY)
    assert [(p.where, p.message) for p in caught.value.problems] == [
        (f"{path}, {cell}, unit {name}, code 2", "3.5 is not a whole count")
        for cell, name in zip(cells, ("UBND xã Ân Thi", "UBND xã Cẩm Vũ", "UBND xã Đông Kỳ"))]
