"""What `dtikit score` reads and builds (issue 10): the appraisal changes read
off the engine's stage columns, a collection's Cohort kept unbuilt through
`read_inputs`, and the formula cells without a value found in the pre-flight's
one reading. Each test states the behaviour and, where it is about cost, what
must not be built — never a timing."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path
from typing import Any

import attrs
import openpyxl
from budget import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import score_reference

import dtikit
from dtikit.appraisal import appraisal_changes
from dtikit.assessment import Answer, Assessment, Number, Unit
from dtikit.engine.columns import Cohort
from dtikit.engine.core import LazyNodes, ScoredCohort
from dtikit.files import read_inputs
from dtikit.formats.cells import load_book, uncached_formulas
from dtikit.formats.collection import write_collection
from dtikit.formats.safety import FormulaCells, preflight
from dtikit.pipeline import score_round
from dtikit.report.changes import explain_lines
from dtikit.testing.strategies import cohorts

SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


def _built(cards: Any) -> int:
    """How many scorecards have built their nodes."""
    return sum(1 for c in cards if isinstance(c.nodes, LazyNodes) and c.nodes._cache is not None)


def _comments(units: Any) -> dict[tuple[str, str, str], str]:
    """The oracle of the comments: each appraisal answer's note, the later one winning."""
    out: dict[tuple[str, str, str], str] = {}
    for a in units:
        for app in a.appraisals:
            for ans in app.answers:
                if ans.note:
                    out[(a.unit.id, ans.code, app.agency.casefold())] = ans.note
    return out


# ------------------------------------------------------------------ appraisal changes


@settings(max_examples=examples(80), deadline=None, suppress_health_check=SLOW)
@given(cohorts(min_units=1, max_units=5, complete=False))
def test_changes_are_the_oracles_appraised_cells(cohort: Any) -> None:
    """Column-wise, the changes are exactly the cells the unit-by-unit oracle
    appraised (unit then tree order), with its self-assessed and appraised
    points; ``changed_only`` keeps the cells where the two differ. No node of
    any scorecard is built to find them."""
    rubric, units = cohort
    cards = dtikit.score(rubric, units)
    assert isinstance(cards, ScoredCohort) and cards.whole() is not None
    got = appraisal_changes(rubric, cards, units)
    assert _built(cards) == 0
    notes = _comments(units)
    want = []
    for card in score_reference(rubric, units):
        for leaf in rubric.leaves():
            ns = card.nodes[leaf.code]
            if ns.appraised_by is None:
                continue
            want.append((card.unit.id, card.unit.name, leaf.code, leaf.name, ns.appraised_by,
                         ns.self_points, ns.appraised_points,
                         notes.get((card.unit.id, leaf.code, ns.appraised_by.casefold()))))
    assert [(c.unit_id, c.unit_name, c.code, c.name, c.agency, c.self_points,
             c.appraised_points, c.comment) for c in got] == want
    changed = appraisal_changes(rubric, cards, units, changed_only=True)
    assert [(c.unit_id, c.code) for c in changed] == \
        [(w[0], w[2]) for w in want if w[5] != w[6]]
    # scorecards that are not the whole cohort are read card by card: the same changes
    assert appraisal_changes(rubric, list(cards), units) == got
    if len(cards) > 1:
        assert appraisal_changes(rubric, cards[1:], units) == \
            [c for c in got if c.unit_id != cards[0].unit.id]


def test_no_appraisal_reads_nothing(sample_rubric: dtikit.Rubric) -> None:
    rubric = sample_rubric
    units = [Assessment(rubric.id, Unit(f"UBND xã {i}", f"x{i}"), [Answer("1.1", Number(i))])
             for i in range(30)]
    cards = dtikit.score(rubric, units)
    assert appraisal_changes(rubric, cards, units) == []
    assert appraisal_changes(rubric, cards, units, changed_only=True) == []
    assert _built(cards) == 0
    # explain still reads its one unit card by card: no appraisal, no line
    assert explain_lines(rubric, cards[0], "1", units[0]) == []


def test_changes_with_appraisals_build_no_node(sample_rubric: dtikit.Rubric) -> None:
    rubric = sample_rubric
    units = [Assessment(rubric.id, Unit(f"UBND xã {i}", f"x{i}"), [Answer("1.1", Number(2))])
             for i in range(20)]
    units[7] = units[7].with_appraisal(dtikit.Appraisal(
        "Sở Thông tin và Truyền thông", [Answer("1.1", Number(1), note="thiếu hồ sơ")]))
    cards = dtikit.score(rubric, units)
    changes = appraisal_changes(rubric, cards, units)
    assert _built(cards) == 0
    assert [(c.unit_id, c.code, c.comment) for c in changes] == [("x7", "1.1", "thiếu hồ sơ")]
    (ch,) = changes
    assert ch.self_points == cards[7].node("1.1").self_points
    assert ch.appraised_points == cards[7].node("1.1").appraised_points
    assert ch.delta is not None and ch.delta < 0


# ------------------------------------------------------------------ read_inputs


def _collection(rubric: dtikit.Rubric, path: Path, n: int = 6) -> list[Assessment]:
    units = [Assessment(rubric.id, Unit(f"UBND xã {chr(65 + i)}", f"u{i}"),
                        [Answer("1.1", Number(i % 5))]) for i in range(n)]
    write_collection(rubric, units, path)
    return units


def test_one_collection_stays_a_cohort_through_the_round(tmp_path: Path,
                                                         sample_rubric: dtikit.Rubric) -> None:
    rubric = sample_rubric
    path = tmp_path / "c.xlsx"
    _collection(rubric, path)
    inputs = read_inputs(rubric, [path])
    assert isinstance(inputs.assessments, Cohort)
    done = score_round(rubric, inputs)
    assert all(a is None for a in inputs.assessments._built)  # nothing built
    assert [u.id for u in inputs.units] == [f"u{i}" for i in range(6)]
    # the same round as from the assessments built one by one
    again = score_round(rubric, attrs.evolve(inputs, assessments=tuple(inputs.assessments)))
    assert [(r.unit.id, r.rank, r.total) for r in done.results.rows] == \
        [(r.unit.id, r.rank, r.total) for r in again.results.rows]


def test_a_unit_repeated_in_a_later_collection_is_rejected_there(
        tmp_path: Path, sample_rubric: dtikit.Rubric) -> None:
    rubric = sample_rubric
    first = tmp_path / "a.json"
    first.write_text(dtikit.dumps([Assessment(rubric.id, Unit("UBND xã B", "u1"),
                                              [Answer("1.1", Number(4))])]), encoding="utf-8")
    path = tmp_path / "c.xlsx"
    _collection(rubric, path, 4)
    inputs = read_inputs(rubric, [first, path])
    assert [a.unit.id for a in inputs.assessments] == ["u1", "u0", "u2", "u3"]
    assert inputs.assessments[0].answers[0].value == Number(4)  # the first file's counts
    (rej,) = inputs.rejected
    assert rej.unit == "UBND xã B" and "also assessed in" in rej.reason
    assert [(c.read, c.accepted, c.rejected) for c in inputs.counts] == [(1, 1, 0), (4, 3, 1)]


def test_a_long_name_in_a_collection_is_rejected_alone(tmp_path: Path,
                                                       sample_rubric: dtikit.Rubric) -> None:
    rubric = sample_rubric
    units = [Assessment(rubric.id, Unit(name, f"u{i}"), [Answer("1.1", Number(1))])
             for i, name in enumerate(["UBND xã A", "X" * 600, "UBND xã C"])]
    path = tmp_path / "c.xlsx"
    write_collection(rubric, units, path)
    inputs = read_inputs(rubric, [path])
    assert [a.unit.id for a in inputs.assessments] == ["u0", "u2"]
    (rej,) = inputs.rejected
    assert rej.unit == "X" * 40 + "…" and "more than the limit 500" in rej.reason


# ------------------------------------------------------------------ formulas without a value


_CELL = st.sampled_from(["value", "formula", "formula_value", "formula_empty_v",
                         "formula_inline", "shared", "blank"])


def _cell_xml(kind: str, ref: str) -> str:
    return {
        "value": f'<c r="{ref}"><v>1</v></c>',
        "formula": f'<c r="{ref}"><f>SUM(A1:A2)</f></c>',
        "formula_value": f'<c r="{ref}"><f>1+1</f><v>2</v></c>',
        "formula_empty_v": f'<c r="{ref}"><f>1+1</f><v></v></c>',
        "formula_inline": f'<c r="{ref}" t="inlineStr"><f>"a"</f><is><t>a</t></is></c>',
        "shared": f'<c r="{ref}"><f t="shared" si="0"/></c>',
        "blank": f'<c r="{ref}" s="1"/>',
    }[kind]


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(st.lists(_CELL, min_size=1, max_size=4), min_size=1, max_size=6),
       st.randoms(use_true_random=False))
def test_formula_cells_found_whatever_the_chunks(rows: list[list[str]], rnd: random.Random
                                                 ) -> None:
    """Fed in chunks cut at any tag boundary, the formula cells without a saved
    value are those of the sheet: no value, or an empty ``<v></v>``."""
    xml = ['<worksheet><sheetData>']
    want = set()
    for r, kinds in enumerate(rows):
        xml.append(f'<row r="{r + 1}">')
        for c, kind in enumerate(kinds):
            xml.append(_cell_xml(kind, f"{chr(65 + c)}{r + 1}"))
            if kind in ("formula", "formula_empty_v", "shared"):
                want.add((r, c))
        xml.append("</row>")
    xml.append('</sheetData><dataValidations><dataValidation><formula1>"a,b"</formula1>'
               "</dataValidation></dataValidations></worksheet>")
    data = "".join(xml).encode()
    ends = [i + 1 for i, b in enumerate(data) if b == ord(">")]
    cuts = sorted(rnd.sample(ends, min(len(ends), rnd.randint(0, 12))))
    scan = FormulaCells()
    last = 0
    for cut in [*cuts, len(data)]:
        scan.feed(data[last:cut])
        last = cut
    assert scan.found == want


def test_the_preflight_finds_what_a_reader_would(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tự đánh giá"
    ws["A1"] = "x"
    ws["B3"] = "=1+1"  # openpyxl saves a formula without its value
    ws["C7"] = 5
    wb.create_sheet("Khác")["D2"] = "=A1"
    wb.save(path)
    summary = preflight(path)
    assert sorted(sorted(v) for v in summary.uncached.values()) == [[(1, 3)], [(2, 1)]]
    assert uncached_formulas(path) == {"Tự đánh giá": frozenset({(2, 1)}),
                                       "Khác": frozenset({(1, 3)})}
    book = load_book(path)
    assert {g.name: g.uncached for g in book} == uncached_formulas(path)
    # the same workbook with the values saved: nothing is uncached
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    fixed = tmp_path / "g.xlsx"
    with zipfile.ZipFile(fixed, "w") as zf:
        for n, b in parts.items():
            zf.writestr(n, b.replace(b"<f>1+1</f><v></v>", b"<f>1+1</f><v>2</v>")
                        .replace(b"<f>1+1</f>", b"<f>1+1</f><v>2</v>")
                        .replace(b"<f>A1</f><v></v>", b"<f>A1</f><v>x</v>")
                        .replace(b"<f>A1</f>", b"<f>A1</f><v>0</v>"))
    assert preflight(fixed).uncached == {}
    assert all(g.uncached == frozenset() for g in load_book(fixed))
