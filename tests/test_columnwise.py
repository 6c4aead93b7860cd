"""dtikit.formats.columnwise.read_collection (the path read_assessments takes for a clean
collection sheet) reads a collection workbook as the cell-by-cell reader does — the same import report, the same assessments — and the columns
it hands to scoring give the same scorecards as the assessments themselves."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from oracle import score_reference

import dtikit
from dtikit import Answer, Assessment, Evidence, NotApplicable, Number, Ratio, Unit
from dtikit.engine.columns import Cohort
from dtikit.engine.score import finding_counts
from dtikit.formats.collection import write_collection
from dtikit.formats.columnwise import read_collection
from dtikit.formats.xlsx_read import read_assessments

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workload = pytest.importorskip("benchmarks.workload")


def _same_import(rubric: dtikit.Rubric, path: Path) -> Cohort:
    fast = read_collection(rubric, path)
    slow = read_assessments(rubric, path, columnwise=False)  # cell by cell
    assert read_assessments(rubric, path) == fast  # read_assessments takes the fast path
    assert fast == slow
    assert fast.assessments == slow.assessments
    assert [dtikit.to_data(a) for a in fast.assessments] == \
        [dtikit.to_data(a) for a in slow.assessments]
    assessments = fast.assessments
    assert isinstance(assessments, Cohort)
    return assessments


@pytest.mark.parametrize("name", ["synthetic", "real"])
def test_a_generated_collection_reads_as_the_formats_reader_reads_it(
        tmp_path: Path, name: str) -> None:
    rubric = workload.rubric_for(name)
    path = workload.write_workbook(rubric, 60, tmp_path / "c.xlsx", seed=7)
    assessments = _same_import(rubric, path)
    assert assessments.columns is not None  # the columns travel with the assessments
    cards = dtikit.score(rubric, assessments)
    ref = score_reference(rubric, list(assessments))
    assert cards == ref
    assert dtikit.rank(cards, rubric) == dtikit.rank(list(ref), rubric)
    # the summary's counts, column by column over the imported columns, are the oracle's
    assert finding_counts(cards) == Counter(f.kind for c in ref for f in c.findings)


def test_unusual_cells_fall_back_to_the_formats_reader(tmp_path: Path,
                                                       sample_rubric: dtikit.Rubric) -> None:
    rubric = sample_rubric
    base = {"1.1": Number(3), "1.2": Ratio(5, 14), "1.3": "pho", "1.4": {"du_hop"},
            "1.5": True, "1.6": Ratio(Decimal("7.5"), 10), "2.1": Number(12),
            "2.2": Number(Decimal("33.335")), "2.3": False, "2.4": Number(1)}
    units = [
        Assessment(rubric.id, Unit("UBND xã A", "a", parent="Huyện X"),
                   [Answer(c, v) for c, v in base.items()], submitted=date(2023, 11, 1)),
        Assessment(rubric.id, Unit("UBND xã B", "b", variant="no_econ"),
                   [Answer(c, v) for c, v in base.items() if c not in ("1.5", "2.3")]
                   + [Answer("2.3", NotApplicable())], ranked=False,
                   not_ranked_reason="Sáp nhập"),
        Assessment(rubric.id, Unit("UBND xã C", "c"),
                   [Answer(c, v) for c, v in base.items() if c not in ("1.2",)]
                   + [Answer("1.2", NotApplicable())]),
    ]
    path = tmp_path / "c.xlsx"
    write_collection(rubric, units, path)
    _same_import(rubric, path)
    # evidence columns, and a unit whose evidence is given
    units[0] = Assessment(rubric.id, units[0].unit, [
        Answer(a.code, a.value, (Evidence(number="15/KH-UBND"),) if a.code == "1.1" else ())
        for a in units[0].answers])
    write_collection(rubric, units, path)
    _same_import(rubric, path)


def test_a_problem_is_located_by_the_formats_reader(tmp_path: Path,
                                                    sample_rubric: dtikit.Rubric) -> None:
    import openpyxl

    rubric = sample_rubric
    path = tmp_path / "c.xlsx"
    write_collection(rubric, [Assessment(rubric.id, Unit("UBND xã A", "a"),
                                         [Answer("1.1", Number(3))])], path)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    keys = [c.value for c in ws[4]]
    ws.cell(row=5, column=keys.index("1.1") + 1, value="12a")
    wb.save(path)
    fast = read_collection(rubric, path)
    assert fast == read_assessments(rubric, path, columnwise=False)
    assert fast.rejected and "12a" in str(fast.problems[0])


def _three_units(rubric: dtikit.Rubric) -> list[Assessment]:
    base = {"1.1": Number(3), "1.2": Ratio(5, 14), "1.3": "pho", "1.4": {"du_hop"},
            "1.5": True, "1.6": Ratio(Decimal("7.5"), 10), "2.1": Number(12),
            "2.2": Number(Decimal("33.335")), "2.3": False, "2.4": Number(1)}
    return [Assessment(rubric.id, Unit(f"UBND xã {c}", c.lower(),
                                       variant="no_econ" if c == "B" else None),
                       [Answer(code, v) for code, v in base.items()]) for c in "ABC"]


def _three_units_edited(tmp_path: Path, rubric: dtikit.Rubric,
                        cells: dict[tuple[int, str], object]) -> Path:
    """The three units' collection, with cells (row, machine key) → value typed over."""
    import openpyxl

    path = tmp_path / "c.xlsx"
    write_collection(rubric, _three_units(rubric), path)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    keys = [c.value for c in ws[4]]
    for (row, key), value in cells.items():
        ws.cell(row=row, column=keys.index(key) + 1).value = value
    wb.save(path)
    return path


def _read_alike(rubric: dtikit.Rubric, path: Path) -> dtikit.ImportReport:
    """The column-wise import, asserted equal to the cell-by-cell one."""
    fast = read_collection(rubric, path)
    slow = read_assessments(rubric, path, columnwise=False)
    assert fast == slow
    assert [dtikit.to_data(x) for x in fast.assessments] == \
        [dtikit.to_data(x) for x in slow.assessments]
    return fast


def test_not_applicable_that_only_a_variant_allows_is_refused_elsewhere(
        tmp_path: Path) -> None:
    """7.3.2 may be Không áp dụng only for units of the variant that removes 7.3:
    a unit without it that says so is a located problem, found as the formats
    reader finds it; the variant's own units are read column-wise."""
    import openpyxl

    rubric = workload.rubric_for("synthetic")
    path = workload.write_workbook(rubric, 6, tmp_path / "c.xlsx", seed=5)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    keys = [c.value for c in ws[4]]

    def put(row: int, key: str, value: object) -> None:
        ws.cell(row=row, column=keys.index(key) + 1).value = value

    for row in (5, 6):
        put(row, "@variant", None)
        put(row, "7.3.2:a", "Không áp dụng")
        put(row, "7.3.2:b", None)
    put(5, "@variant", rubric.variants[0].name)
    wb.save(path)
    fast = read_collection(rubric, path)
    assert fast == read_assessments(rubric, path, columnwise=False)
    assert len(fast.rejected) == 1 and "7.3.2" in str(fast.problems)
    put(6, "7.3.2:a", 3)
    put(6, "7.3.2:b", 4)
    wb.save(path)
    cohort = _same_import(rubric, path)
    assert cohort[0].answer("7.3.2") == Answer("7.3.2", NotApplicable())
    assert cohort[0].unit.variant == rubric.variants[0].key


@pytest.mark.parametrize("a, b", [(15, 14), (-1, 4), (3, None), (None, 4), ("ba", 4),
                                  ("Không áp dụng", None), (0, 0)])
def test_ratio_cells_that_are_not_two_plain_counts(
        tmp_path: Path, sample_rubric: dtikit.Rubric, a: object, b: object) -> None:
    """A ratio's counts are read as two columns; any other content of its two
    cells (one blank, text, a > b, b = 0) reads as the formats reader reads it."""
    _read_alike(sample_rubric, _three_units_edited(tmp_path, sample_rubric,
                                                   {(6, "1.2:a"): a, (6, "1.2:b"): b}))


def test_a_cohort_builds_each_assessment_when_read(tmp_path: Path) -> None:
    import pickle

    rubric = workload.rubric_for("synthetic")
    path = workload.write_workbook(rubric, 30, tmp_path / "c.xlsx", seed=11)
    cohort = read_collection(rubric, path).assessments
    slow = read_assessments(rubric, path, columnwise=False).assessments
    assert isinstance(cohort, Cohort) and len(cohort) == 30
    assert cohort._built.count(None) == 30  # nothing built by the import
    assert cohort[7] == slow[7] and cohort[-1] == slow[-1] and cohort[3:9:2] == slow[3:9:2]
    assert cohort[7] is cohort[7]  # built once, then kept
    assert cohort._built.count(None) == 26  # units 3, 5, 7 and 29
    with pytest.raises(IndexError):
        cohort[30]
    dtikit.score(rubric, cohort)
    assert cohort._built.count(None) == 26  # scoring reads the columns
    assert cohort == slow and slow == cohort and hash(cohort) == hash(slow)
    assert tuple(cohort) == slow and cohort._built.count(None) == 0
    assert pickle.loads(pickle.dumps(cohort)) == slow
    assert type(pickle.loads(pickle.dumps(cohort))) is tuple
    assert cohort != slow[:-1] and cohort != list(slow)


def test_a_boolean_cell_beside_the_number_1_is_not_taken_for_it(
        tmp_path: Path, sample_rubric: dtikit.Rubric) -> None:
    """True == 1.0 as a key: a column holding both is read cell by cell, where
    the boolean is what it is."""
    _read_alike(sample_rubric, _three_units_edited(tmp_path, sample_rubric,
                                                   {(5, "2.4"): 1, (6, "2.4"): True}))


@pytest.mark.parametrize("key, value", [
    ("@unit", None), ("@unit", "  UBND   xã A "), ("@unit_id", "a"), ("@unit_id", 12),
    ("@variant", "không có loại này"), ("@variant", "NO_ECON"), ("@parent", " Huyện Y "),
    ("@submitted", "31/02/2023"), ("@submitted", "15/11/2023"), ("@submitted", 45245),
])
def test_a_units_header_cells_read_as_the_formats_reader_reads_them(
        tmp_path: Path, sample_rubric: dtikit.Rubric, key: str, value: object) -> None:
    """The unit's name, id, variant, parent and date are read by the formats'
    rules: what they accept is accepted alike, what they refuse (no name, a
    unit twice, an unknown kind of unit, a date that is not one) is located."""
    fast = _read_alike(sample_rubric,
                       _three_units_edited(tmp_path, sample_rubric, {(6, key): value}))
    assert fast.rows_read == 3
    # read column-wise when nothing is refused, cell by cell (locating it) otherwise
    assert isinstance(fast.assessments, Cohort) == (not fast.rejected)


def test_a_ratio_whose_b_is_true_where_an_a_elsewhere_is_one(
        tmp_path: Path, sample_rubric: dtikit.Rubric) -> None:
    """1.0 and True are one key, so the sheet's columns holding either are read
    each alone; a's 1 is a count, b's TRUE is not one (the formats reader
    locates it), though a and b are one leaf's two columns."""
    fast = _read_alike(sample_rubric, _three_units_edited(tmp_path, sample_rubric, {
        (5, "1.2:a"): 1, (5, "1.2:b"): True, (6, "1.2:a"): None, (6, "1.2:b"): None,
        (7, "1.2:a"): None, (7, "1.2:b"): None}))
    assert len(fast.rejected) == 1 and "TRUE" in str(fast.problems[0])


@pytest.mark.parametrize("value", [3, 2.5, 0, -0.0, 10**14, 10**15, "Có", True, "7,5", "12a", None])
def test_a_leaf_of_several_kinds_reads_each_cell_as_the_formats_reader(
        tmp_path: Path, value: object) -> None:
    """A tracked leaf takes a Number, a Flag or a Choice: a number cell is read
    column-wise as the Number the formats reader makes of it, anything else
    through the reader itself."""
    import openpyxl

    rubric = workload.rubric_for("synthetic")
    path = workload.write_workbook(rubric, 6, tmp_path / "c.xlsx", seed=3)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    keys = [c.value for c in ws[4]]
    ws.cell(row=6, column=keys.index("3.4.2") + 1).value = value
    ws.cell(row=7, column=keys.index("7.6.1") + 1).value = value
    wb.save(path)
    fast = _read_alike(rubric, path)
    assert fast.rows_read == 6


@pytest.mark.parametrize("text", ["NaN", "inf", "-inf", "1e20", "-1E+16"])
@pytest.mark.parametrize("key", ["2.1", "1.2:b"])
def test_a_number_cell_that_is_no_number_is_located(
        tmp_path: Path, sample_rubric: dtikit.Rubric, text: str, key: str) -> None:
    """A number cell saved as NaN, an infinity or a number beyond the digit
    limits (calamine reads a float): located at its cell as the formats reader
    locates it, not the import's end."""
    import zipfile

    path = _three_units_edited(tmp_path, sample_rubric, {(5, key): 12345.5})
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(b">12345.5<", f">{text}<".encode())
            dst.writestr(info.filename, data)
    fast = _read_alike(sample_rubric, bad)
    assert len(fast.rejected) == 1 and fast.problems[0].where.startswith("Tổng hợp!")
    assert "finite" in str(fast.problems[0]) or "digits" in str(fast.problems[0])
