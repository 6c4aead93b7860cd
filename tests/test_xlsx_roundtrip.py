"""Forms round-trip: for generated rubrics and answers, write the form, fill it
(as a person would, or with the library's filled-form writer), read it back with
either engine — the same assessment, to the last Decimal."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from budget import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlsx_fill import canonical, fill_form

import dtikit
from dtikit.formats.cells import float_to_decimal
from dtikit.formats.collection import write_collection
from dtikit.formats.spec import leaf_inputs
from dtikit.formats.xlsx_form import write_filled_forms, write_template
from dtikit.formats.xlsx_read import read_appraisals, read_assessments
from dtikit.testing.strategies import assessments, rubrics

SETTINGS = settings(max_examples=examples(30), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


@st.composite
def unit_forms(draw: st.DrawFn) -> tuple[dtikit.Rubric, tuple[dtikit.Assessment, ...], int]:
    rubric = draw(rubrics(max_depth=3))
    units = draw(assessments(rubric, min_units=1, max_units=3, ranked=False))
    return rubric, units, draw(st.integers(0, 2**32))


def read_both(rubric: dtikit.Rubric, path: Path) -> dtikit.ImportReport:
    """Read with calamine and with openpyxl: the two reports must be identical."""
    fast = read_assessments(rubric, path, engine="calamine")
    slow = read_assessments(rubric, path, engine="openpyxl")
    assert fast == slow
    return fast


@SETTINGS
@given(unit_forms())
def test_person_filled_form_reads_back_exactly(case: tuple[dtikit.Rubric, tuple[
        dtikit.Assessment, ...], int]) -> None:
    rubric, units, seed = case
    a = units[0]
    inputs = leaf_inputs(rubric)
    with tempfile.TemporaryDirectory() as tmp:
        blank, filled = Path(tmp) / "blank.xlsx", Path(tmp) / "filled.xlsx"
        write_template(rubric, blank, appraisal=bool(a.appraisals))
        fill_form(rubric, blank, filled, a, inputs, seed)
        report = read_both(rubric, filled)
    assert report.problems == ()
    assert report.rows_read == report.rows_accepted == 1
    # a blank form has no place for the province's own flags (sample, not ranked)
    expected = canonical(rubric, a)
    expected = expected.__class__(**{**_fields(expected), "ranked": True,
                                     "not_ranked_reason": None, "sample": False})
    assert report.assessments[0] == expected


@SETTINGS
@given(unit_forms())
def test_filled_forms_and_collections_read_back_exactly(case: tuple[dtikit.Rubric, tuple[
        dtikit.Assessment, ...], int]) -> None:
    rubric, units, _ = case
    cards = dtikit.score(rubric, units)
    with tempfile.TemporaryDirectory() as tmp:
        forms = Path(tmp) / "forms.xlsx"
        write_filled_forms(rubric, units, cards, forms)
        report = read_both(rubric, forms)
        assert report.problems == ()
        assert report.assessments == tuple(canonical(rubric, a) for a in units)
        if any(a.appraisals for a in units):
            apps = read_appraisals(rubric, forms)
            assert apps.appraisals == report.appraisals
        coll = Path(tmp) / "collection.xlsx"
        selfs = [a.__class__(**{**_fields(a), "appraisals": ()}) for a in units]
        write_collection(rubric, selfs, coll)
        back = read_both(rubric, coll)
    assert back.problems == ()
    assert back.assessments == tuple(canonical(rubric, a) for a in selfs)


def _fields(a: dtikit.Assessment) -> dict[str, object]:
    import attrs

    return {f.name: getattr(a, f.name) for f in attrs.fields(type(a))}


# ------------------------------------------------------- numbers, exactly


@pytest.mark.parametrize(("stored", "expected"), [
    (0.1 + 0.2, "0.3"),
    (91.27, "91.27"),
    (1e-05, "0.00001"),
    (708.39, "708.39"),
    (1 / 3, "0.333333333333333"),
    (123456789012345678.0, "123456789012346000"),
    (5.0, "5"),
    (-0.0, "0"),
])
def test_float_cells_become_the_decimal_excel_shows(stored: float, expected: str) -> None:
    assert float_to_decimal(stored) == Decimal(expected)


@SETTINGS
@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=3,
                   allow_nan=False, allow_infinity=False))
def test_every_typed_decimal_survives_excel_storage(value: Decimal) -> None:
    """A number of up to 15 significant digits typed in Excel reads back exactly."""
    assert float_to_decimal(float(value)) == value


@given(st.decimals(allow_nan=True, allow_infinity=True)
       | st.decimals(places=2, min_value=0, max_value=10**6))
def test_a_decimal_is_a_number_cell_exactly_when_excel_keeps_it(value: Decimal) -> None:
    """≤ 15 significant digits (and finite, and in Excel's range): the number
    itself; otherwise text with a decimal comma (the quick check on the text
    agrees with the digit count)."""
    from dtikit.formats.values import number_cell

    t = value.as_tuple()
    exp = t.exponent if isinstance(t.exponent, int) else 0
    keeps = value.is_finite() and len(t.digits) <= 15 and -300 < exp + len(t.digits) < 300
    got = number_cell(value)
    if keeps:
        assert got is value
    else:
        assert isinstance(got, str) and "." not in got
