"""The appraisal round: assignment, agency workbooks, merge, status, what the
appraisal changed, sign-off — unit tests, property tests and a whole round on
the sample cohort through the command line."""

from __future__ import annotations

import json
import random
import tempfile
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from budget import examples
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlsx_fill import layout, type_number

import dtikit
import dtikit.formats.xlsx_form
from dtikit.appraisal import (
    Entry,
    Override,
    agency_work,
    appraisal_changes,
    assignment,
    cuts_by_agency,
    is_agency_workbook,
    merge,
    read_agency_workbook,
    read_overrides,
    round_status,
    write_agency_workbook,
)
from dtikit.appraisal.workbook import MARK
from dtikit.assessment import (
    Answer,
    Appraisal,
    Assessment,
    Choice,
    Flag,
    Number,
    Parts,
    Ratio,
    Value,
)
from dtikit.cli import cli
from dtikit.demo.names import FILES
from dtikit.engine.score import score
from dtikit.errors import FileRejected
from dtikit.files import read_json_inputs
from dtikit.formats.spec import leaf_inputs
from dtikit.formats.values import choice_text
from dtikit.model import Period, Rubric
from dtikit.testing.strategies import AGENCIES, assessments, rubrics, values_for

HY = "hungyen/commune/2023"
DEMO = Path(dtikit.__file__).parent / "demo"
VHTT = "Phòng Văn hóa và Thông tin"
GDDT = "Phòng Giáo dục và Đào tạo"
VP = "Văn phòng HĐND và UBND"
SETTINGS = settings(max_examples=examples(30), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


def hy() -> tuple[Rubric, tuple[Assessment, ...]]:
    rubric = dtikit.default_host().rubric(HY)
    cohort = read_json_inputs(rubric, DEMO / FILES["hungyen_assessments"]).assessments
    return rubric, tuple(cohort)


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# ------------------------------------------------------------------ assignment


def test_assignment_from_the_rubric_and_overrides(tmp_path: Path) -> None:
    rubric, cohort = hy()
    plain = assignment(rubric)
    assert plain.agency("mau-01", "2") == VHTT and plain.agency("mau-01", "1") is None
    csv = tmp_path / "ov.csv"
    csv.write_text("Mã đơn vị,Mã chỉ số,Cơ quan thẩm định\n*,1,Phòng Văn hóa và Thông tin\n"
                   "*,4,Phòng Giáo dục và Đào tạo\nmau-03,2,Văn phòng HĐND và UBND\n\n",
                   encoding="utf-8")
    asg = assignment(rubric, read_overrides(rubric, csv))
    assert asg.agency("mau-01", "1") == VHTT and asg.agency("mau-01", "4") == GDDT
    assert asg.agency("mau-03", "2") == VP and asg.agency("mau-04", "2") == VHTT
    # a unit-specific row beats a later "*" row
    both = assignment(rubric, [Override("mau-03", "2", VP), Override("*", "2", GDDT)])
    assert both.agency("mau-03", "2") == VP and both.agency("mau-01", "2") == GDDT
    assert asg.agencies(cohort) == [VHTT, GDDT, VP]
    assert asg.codes_for(GDDT, cohort[0]) == ["4"]
    bad = tmp_path / "bad.csv"
    bad.write_text("unit,code,agency\n*,9.9,X\nmau-01,,Y\n", encoding="utf-8")
    with pytest.raises(FileRejected) as exc:
        read_overrides(rubric, bad)
    wheres = [p.where for p in exc.value.problems]
    assert wheres == [f"{bad}:2", f"{bad}:3"]


# ------------------------------------------------------------------ merge


def _entry(where: str, unit: str, agency: str, code: str, value: Any, note: str | None = None,
           when: date | None = None) -> Entry:
    return Entry(where, unit, agency, Answer(code, Number(value), note=note), when)


def test_merge_applies_and_locates_every_problem() -> None:
    rubric, cohort = hy()
    asg = assignment(rubric, [Override("*", "4", GDDT)])
    entries = [
        _entry("a.xlsx!Thẩm định!O13", "mau-01", VHTT, "2", "30", "cắt 10 điểm"),
        _entry("b.xlsx!Thẩm định!O13", "mau-01", GDDT, "4", "10"),
        _entry("b.xlsx!Thẩm định!O14", "mau-01", GDDT, "3", "1"),  # 3 is VH-TT's
        _entry("c.json: item 1", "khong-co", VHTT, "2", "1"),  # no such unit
        _entry("c.json: item 2", "mau-02", VHTT, "9.9", "1"),  # no such code
        _entry("d.xlsx!Thẩm định!O20", "mau-02", VHTT, "5", "20"),
        _entry("e.xlsx!Thẩm định!O21", "Phường Mẫu 2 (dữ liệu mẫu)", VHTT, "5", "25"),  # twice
    ]
    done = merge(rubric, cohort, entries, asg)
    wheres = {p.where: p.message for p in done.problems}
    assert set(wheres) == {"b.xlsx!Thẩm định!O14", "c.json: item 1", "c.json: item 2",
                           "d.xlsx!Thẩm định!O20", "e.xlsx!Thẩm định!O21"}
    assert "assigned to Phòng Văn hóa và Thông tin" in wheres["b.xlsx!Thẩm định!O14"]
    assert "no self-assessment names" in wheres["c.json: item 1"]
    assert "no indicator '9.9'" in wheres["c.json: item 2"]
    assert "appraised twice" in wheres["d.xlsx!Thẩm định!O20"]
    assert "e.xlsx!Thẩm định!O21" in wheres["d.xlsx!Thẩm định!O20"]
    assert len(done.applied) == 2 and len(done.applied) + len(done.rejected) == len(entries)
    first = done.assessments[0]
    assert {(ap.agency, ans.code) for ap in first.appraisals for ans in ap.answers} == {
        (VHTT, "2"), (GDDT, "4")}
    # the conflicted cell keeps the self-assessed answer
    second = done.assessments[1]
    assert not second.appraisals
    cards = score(rubric, done.assessments)
    assert cards[1].node("5").final_points == cards[1].node("5").self_points


# ------------------------------------------------------------------ properties


@st.composite
def merge_cases(draw: st.DrawFn) -> tuple[Rubric, tuple[Assessment, ...], list[Entry], Any]:
    families = ("yes_no", "levels", "steps", "ratio", "threshold_ratio", "parts", "awarded")
    rubric = draw(rubrics(max_depth=2, families=families, variants=False, not_applicable=False))
    cohort = draw(assessments(rubric, min_units=1, max_units=4, appraisals=False,
                              variants=False, na=False))
    leaves = list(rubric.leaves())
    codes = [n.code for n in rubric.walk()] + ["X.9"]
    units = [a.unit.id for a in cohort] + ["khong-co"]
    entries = []
    for i in range(draw(st.integers(0, 12))):
        code = draw(st.sampled_from(codes))
        node = next((n for n in leaves if n.code == code), None)
        value: Value = draw(values_for(node)) if node is not None else Number(1)
        entries.append(Entry(f"f{draw(st.integers(0, 3))}.xlsx!Thẩm định!O{i + 10}",
                             draw(st.sampled_from(units)), draw(st.sampled_from(AGENCIES)),
                             Answer(code, value, note=draw(st.none() | st.just("ý kiến"))),
                             draw(st.none() | st.just(date(2024, 10, 20)))))
    # some cells given twice, identically or not
    for e in draw(st.lists(st.sampled_from(entries), max_size=3)) if entries else []:
        entries.append(attrs.evolve(e, where=e.where + "'") if draw(st.booleans()) else e)
    overrides = [Override("*", n.code, draw(st.sampled_from(AGENCIES))) for n in leaves
                 if draw(st.booleans())]
    return rubric, cohort, entries, assignment(rubric, overrides)


@SETTINGS
@given(merge_cases())
def test_merge_never_changes_an_unappraised_indicator(case: Any) -> None:
    rubric, cohort, entries, asg = case
    done = merge(rubric, cohort, entries, asg)
    appraised = {(e.unit, e.code) for e in done.applied}
    before = {c.unit.id: c for c in score(rubric, cohort)}
    after = {c.unit.id: c for c in score(rubric, done.assessments)}
    for a, merged in zip(cohort, done.assessments):
        assert merged.answers == a.answers and merged.unit == a.unit
        for leaf in rubric.leaves():
            if (a.unit.id, leaf.code) in appraised:
                continue
            assert after[a.unit.id].node(leaf.code).final_points == \
                before[a.unit.id].node(leaf.code).self_points
            assert after[a.unit.id].node(leaf.code).appraised_by is None
    # nothing dropped: every entry is applied (or an identical copy is) or rejected
    rejected = [e for e, _ in done.rejected]
    for e in entries:
        assert e in rejected or any(
            (x.unit, x.code, x.agency, x.answer, x.date) == (e.unit, e.code, e.agency,
                                                             e.answer, e.date)
            for x in done.applied)


@SETTINGS
@given(merge_cases(), st.randoms(use_true_random=False))
def test_merge_order_does_not_matter(case: Any, rnd: random.Random) -> None:
    rubric, cohort, entries, asg = case
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert merge(rubric, cohort, entries, asg) == merge(rubric, cohort, shuffled, asg)


# ------------------------------------------------------------------ the agency workbook


def _keys(ws: Any) -> tuple[int, dict[str, int], dict[str, int]]:
    lay = layout(ws, MARK)
    return lay.mcol, lay.roles, lay.rows


def _type(ws: Any, rows: dict[str, int], roles: dict[str, int], uid: str, inp: Any,
          value: Value, rng: random.Random) -> None:
    r = rows[f"cell:{uid}|{inp.code}"]
    a = ws.cell(r, roles["app_a"])
    if inp.kind == "points":
        assert isinstance(value, Number)
        type_number(ws.cell(r, roles["app_points"]), value.value, rng, percent_ok=False)
    elif isinstance(value, Flag):
        a.value = rng.choice(["Có" if value.yes else "Không", value.yes])
    elif isinstance(value, Choice):
        a.value = choice_text(inp, value.key)
    elif isinstance(value, Number):
        type_number(a, value.value, rng, percent_ok=False)
    elif isinstance(value, Ratio):
        type_number(a, value.a, rng, percent_ok=False)
        type_number(ws.cell(r, roles["app_b"]), value.b, rng, percent_ok=False)
    elif isinstance(value, Parts):
        for k, _ in inp.choices:
            ws.cell(rows[f"part:{uid}|{inp.code}|{k}"], roles["app_a"]).value = (
                "Có" if k in value.done else "Không")
    else:  # pragma: no cover
        raise TypeError(value)


@st.composite
def workbook_cases(draw: st.DrawFn) -> tuple[Rubric, tuple[Assessment, ...], Any, str,
                                             list[tuple[str, Answer]], int]:
    rubric = draw(rubrics(max_depth=3, variants=False, not_applicable=False))
    cohort = draw(assessments(rubric, min_units=1, max_units=3, appraisals=False,
                              variants=False, na=False))
    leaves = list(rubric.leaves())
    # every leaf to one of two agencies, so the workbook has work in it
    asg = assignment(rubric, [Override("*", n.code, draw(st.sampled_from(AGENCIES[:2])))
                              for n in leaves])
    agency = draw(st.sampled_from(asg.agencies(cohort)))
    cells = [(a.unit.id, code) for a in cohort for code in asg.codes_for(agency, a)]
    picked = draw(st.lists(st.sampled_from(cells), unique=True)) if cells else []
    filled = []
    for uid, code in picked:
        value = draw(values_for(rubric.get(code)))
        note = draw(st.none() | st.sampled_from(("Thiếu tài liệu kiểm chứng", "Đạt")))
        filled.append((uid, Answer(code, value, note=note)))
    return rubric, cohort, asg, agency, filled, draw(st.integers(0, 2**32))


@SETTINGS
@given(workbook_cases())
def test_agency_workbook_written_filled_and_read_back(case: Any) -> None:
    rubric, cohort, asg, agency, filled, seed = case
    rng = random.Random(seed)
    inputs = leaf_inputs(rubric)
    with tempfile.TemporaryDirectory() as tmp:
        blank, done = Path(tmp) / "blank.xlsx", Path(tmp) / "done.xlsx"
        work = write_agency_workbook(rubric, cohort, asg, agency, blank)
        wb = openpyxl.load_workbook(blank)
        ws = wb["Thẩm định"]
        assert ws.protection.sheet
        _, roles, rows = _keys(ws)
        assert len([k for k in rows if k.startswith("cell:")]) == work.cells
        for uid, ans in filled:
            assert ans.value is not None
            _type(ws, rows, roles, uid, inputs[ans.code], ans.value, rng)
            if ans.note:
                ws.cell(rows[f"cell:{uid}|{ans.code}"], roles["app_note"]).value = ans.note
        ws.cell(rows["meta:appraisal_date"], 4).value = date(2024, 10, 21)
        wb.save(done)
        got = read_agency_workbook(rubric, done)
    assert got.problems == () and got.agency == agency and got.date == date(2024, 10, 21)
    assert len(got.entries) == len(filled)
    assert {(e.unit, e.code): e.answer for e in got.entries} == {
        (uid, ans.code): ans for uid, ans in filled}


def test_agency_workbook_layout_and_locks(tmp_path: Path) -> None:
    rubric, cohort = hy()
    asg = assignment(rubric, [Override("*", "4", GDDT)])
    path = tmp_path / "gd.xlsx"
    work = write_agency_workbook(rubric, cohort, asg, GDDT, path)
    assert work.cells == len(cohort)
    ws = openpyxl.load_workbook(path)["Thẩm định"]
    _, roles, rows = _keys(ws)
    hdr = rows["hdr"]
    headers = [ws.cell(hdr, c).value for c in range(1, len(roles) + 1)]
    assert "Điểm tự chấm" in headers and "Điểm thẩm định" in headers
    assert "Tài liệu kiểm chứng" in headers and "Giải trình" in headers
    assert "Ý kiến thẩm định" in headers
    r = rows["cell:mau-01|4"]
    unlocked = {role for role, c in roles.items() if not ws.cell(r, c).protection.locked}
    assert unlocked == {"app_points", "app_note"}  # method `awarded`: points entered
    assert Decimal(str(ws.cell(r, roles["self_points"]).value)) == score(
        rubric, cohort[:1])[0].node("4").self_points
    assert ws.cell(rows["meta:appraisal_date"], 4).protection.locked is False
    # data validation as on the self-assessment form: points between 0 and the maximum
    ref = f"{openpyxl.utils.get_column_letter(roles['app_points'])}{r}"
    rules = [dv for dv in ws.data_validations.dataValidation if ref in dv.sqref]
    assert len(rules) == 1 and rules[0].formula2 == "100"
    # printed as every dtikit sheet is: margins per Nghị định 30/2020, page numbers, header rows
    assert abs(ws.page_margins.left - 30 / 25.4) < 0.01 and ws.page_setup.orientation == "landscape"
    assert ws.oddFooter.center.text == "Trang &P/&N" and ws.print_area
    assert ws.print_title_rows == f"${hdr}:${hdr}" and ws.sheet_properties.pageSetUpPr.fitToPage
    # another rubric's reader refuses it, located
    other = dtikit.default_host().rubric("baria_vungtau/commune/2024")
    with pytest.raises(FileRejected) as exc:
        read_agency_workbook(other, path)
    assert "gd.xlsx" in str(exc.value)


def test_bad_cells_reject_their_rows_only(tmp_path: Path) -> None:
    rubric, cohort = hy()
    asg = assignment(rubric)
    path = tmp_path / "vh.xlsx"
    write_agency_workbook(rubric, cohort, asg, VHTT, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Thẩm định"]
    _, roles, rows = _keys(ws)
    ws.cell(rows["cell:mau-01|2"], roles["app_points"]).value = "mười"
    ws.cell(rows["cell:mau-01|3"], roles["app_points"]).value = 140  # over the maximum
    ws.cell(rows["cell:mau-02|3"], roles["app_points"]).value = 50
    wb.save(path)
    got = read_agency_workbook(rubric, path)
    ref2 = f"O{rows['cell:mau-01|2']}"
    assert got.problems[0].where == f"vh.xlsx!Thẩm định!{ref2}"
    assert len(got.problems) == 2 and len(got.entries) == 1
    assert got.rows_read == 3 and len(got.rejected) == 2
    # a date that is not a date holds up the workbook, located at its cell
    wb = openpyxl.load_workbook(path)
    wb["Thẩm định"].cell(rows["meta:appraisal_date"], 4).value = "hôm qua"
    wb.save(path)
    got = read_agency_workbook(rubric, path)
    assert got.entries == () and len(got.problems) == 1
    assert got.problems[0].where == f"vh.xlsx!Thẩm định!D{rows['meta:appraisal_date']}"
    # only a workbook dtikit wrote for an agency is taken for one
    assert is_agency_workbook(path)
    (tmp_path / "not.xlsx").write_bytes(b"PK\x03\x04 not really")
    assert not is_agency_workbook(tmp_path / "not.xlsx")
    form = tmp_path / "form.xlsx"
    dtikit.formats.xlsx_form.write_template(rubric, form)
    assert not is_agency_workbook(form)


# ------------------------------------------------------------------ status, changes


def test_status_appraised_missing_late_and_overdue() -> None:
    rubric, cohort = hy()
    asg = assignment(rubric)
    window = Period(date(2024, 10, 16), date(2024, 10, 23))
    on_time = [_entry(f"w!{c}", "mau-01", VHTT, c, "10", when=date(2024, 10, 20))
               for c in ("2", "3", "5", "7", "8")]
    late = [_entry(f"w!{c}2", "mau-02", VHTT, c, "10", when=date(2024, 10, 25))
            for c in ("2", "3", "5", "7", "8")]
    partial = [_entry("w!x", "mau-03", VHTT, "2", "10", when=date(2024, 10, 20)),
               # a comment without a result is not an appraisal of 3
               Entry("w!y", "mau-03", VHTT, Answer("3", None, note="xem lại"),
                     date(2024, 10, 20))]
    done = merge(rubric, cohort, [*on_time, *late, *partial], asg)
    st_ = round_status(asg, cohort, done, window=window, today=date(2024, 10, 22))
    by_unit = {u.unit_id: u for u in st_.units}
    assert by_unit["mau-01"].state == "appraised" and by_unit["mau-02"].state == "late"
    assert by_unit["mau-03"].state == "missing" and by_unit["mau-03"].missing == (
        "3", "5", "7", "8")
    assert not st_.complete and st_.unassigned == ("1", "4", "6")
    after = round_status(asg, cohort, done, window=window, today=date(2024, 10, 24))
    assert {u.unit_id: u.state for u in after.units}["mau-03"] == "overdue"


def test_changes_and_cuts_per_agency() -> None:
    rubric, cohort = hy()
    asg = assignment(rubric, [Override("*", "4", GDDT)])
    cards = score(rubric, cohort[:1])
    self2 = cards[0].node("2").self_points
    self4 = cards[0].node("4").self_points
    assert self2 is not None and self4 is not None
    entries = [_entry("a", "mau-01", VHTT, "2", self2 - 5, "thiếu tài liệu"),
               _entry("b", "mau-01", VHTT, "3", cards[0].node("3").self_points),
               _entry("c", "mau-01", GDDT, "4", self4 + Decimal("1.5"))]
    done = merge(rubric, cohort[:1], entries, asg)
    changes = appraisal_changes(rubric, score(rubric, done.assessments), done.assessments)
    assert [(c.code, c.delta, c.comment) for c in changes] == [
        ("2", Decimal(-5), "thiếu tài liệu"), ("3", Decimal(0), None), ("4", Decimal("1.5"),
                                                                         None)]
    cuts = {c.agency: c for c in cuts_by_agency(changes)}
    assert (cuts[VHTT].appraised, cuts[VHTT].changed, cuts[VHTT].cut) == (2, 1, Decimal(5))
    assert (cuts[GDDT].cut, cuts[GDDT].added) == (Decimal(0), Decimal("1.5"))


# ------------------------------------------------------------------ the whole round


def _fill(path: Path, when: date, points: Any, *, extra: Sequence[tuple[str, str, Any]] = ()
          ) -> None:
    """Type every appraised points cell: ``points(unit, code, self_points, row)``
    gives (points, comment); ``extra`` rows are added by hand below the table."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Thẩm định"]
    _, roles, rows = _keys(ws)
    for key, r in rows.items():
        if not key.startswith("cell:"):
            continue
        uid, code = key[5:].rsplit("|", 1)
        own = ws.cell(r, roles["self_points"]).value
        pts, note = points(uid, code, Decimal(str(own)) if own is not None else None)
        ws.cell(r, roles["app_points"]).value = float(pts)
        if note:
            ws.cell(r, roles["app_note"]).value = note
    ws.protection.sheet = False  # a person adding rows unprotects the sheet
    for uid, code, pts in extra:
        r = ws.max_row + 1
        ws.cell(r, roles["unit_id"]).value = uid
        ws.cell(r, roles["code"]).value = code
        ws.cell(r, roles["app_points"]).value = pts
    ws.cell(rows["meta:appraisal_date"], 4).value = when
    wb.save(path)


def test_a_whole_round_on_the_sample_cohort(tmp_path: Path) -> None:
    forms = str(DEMO / FILES["hungyen_assessments"])
    ov = tmp_path / "phan-cong.csv"
    ov.write_text(f"unit,code,agency\n*,1,{VHTT}\n*,4,{GDDT}\n*,6,{VP}\n", encoding="utf-8")
    window = "16/10/2024..23/10/2024"
    wbs = tmp_path / "phieu"
    res = run("appraisal", "make", HY, forms, "--all-agencies", "-o", str(wbs),
              "--overrides", str(ov))
    assert res.exit_code == 0, res.output
    files = {p.name: p for p in wbs.iterdir()}
    assert len(files) == 3
    vh = next(p for n, p in files.items() if "Văn-hóa" in n)
    gd = next(p for n, p in files.items() if "Giáo-dục" in n)
    vp = next(p for n, p in files.items() if "HĐND" in n)
    assert "Văn phòng HĐND và UBND - 12 đơn vị, 12 chỉ số" in res.output
    # nothing returned yet: everything missing, exit 1
    res = run("appraisal", "status", HY, forms, "--overrides", str(ov), "--window", window,
              "--today", "17/10/2024")
    assert res.exit_code == 1 and "0/12 đơn vị đã thẩm định đủ" in res.output

    # VH-TT cuts 5 points of indicator 2 wherever it can; the rest as self-assessed
    def cut(uid: str, code: str, own: Decimal | None) -> tuple[Decimal, str | None]:
        if own is None:
            return Decimal(0), "Không có kết quả tự đánh giá"
        if code == "2" and own >= 5:
            return own - 5, "Thiếu tài liệu kiểm chứng"
        return own, None

    def same(uid: str, code: str, own: Decimal | None) -> tuple[Decimal, str | None]:
        return (own if own is not None else Decimal(0)), None

    _fill(vh, date(2024, 10, 21), cut)
    _fill(gd, date(2024, 10, 25), same)  # returned after the window
    # VP appraises its indicator 6 and, by a row added by hand, 5 (VH-TT's)
    _fill(vp, date(2024, 10, 22), same, extra=[("mau-01", "5", 0)])
    apps = ["--appraisal", str(wbs)]

    res = run("appraisal", "status", HY, forms, *apps, "--overrides", str(ov),
              "--window", window, "--today", "24/10/2024", "--json")
    assert res.exit_code == 1  # one rejected cell
    data = json.loads(res.stdout)
    states = {(u["agency"], u["unit_id"]): u["state"] for u in data["units"]}
    assert {s for (a, _), s in states.items() if a == GDDT} == {"late"}
    assert {s for (a, _), s in states.items() if a == VHTT} == {"appraised"}
    assert {s for (a, _), s in states.items() if a == VP} == {"appraised"}
    assert len(data["rejected_cells"]) == 1 and "assigned to Phòng Văn hóa" in \
        data["rejected_cells"][0]
    rejected_ref = data["rejected_cells"][0].split(":")[0]
    assert vp.name in rejected_ref and "Thẩm định!O" in rejected_ref

    round_json = tmp_path / "round.json"
    res = run("appraisal", "merge", HY, forms, *apps, "--overrides", str(ov), "-o",
              str(round_json))
    assert res.exit_code == 1 and round_json.exists()
    assert "Xã Mẫu 1" in res.output and "chỉ số được giao cho Phòng Văn hóa và Thông tin" in res.output
    rubric, cohort = hy()
    self_cards = {c.unit.id: c for c in score(rubric, cohort)}
    cut_units = [u for u, c in self_cards.items()
                 if c.node("2").self_points is not None and c.node("2").self_points >= 5]
    assert f"{VHTT}" in res.output

    # scored from the merged round: the cut and nothing else changed the totals
    res = run("score", HY, str(round_json), "--json", "-")
    assert res.exit_code == 0
    rows = {r["unit"]["id"]: r for r in json.loads(res.stdout)["rows"]}
    for uid, row in rows.items():
        want = self_cards[uid].total
        if want is None:  # not answered in full: the appraisal's 0 completes it
            continue
        assert Decimal(row["total"]) == want - (5 if uid in cut_units else 0)

    # VP withdraws the row added by hand; the round merges clean and is scored
    wb = openpyxl.load_workbook(vp)
    ws = wb["Thẩm định"]
    ws.delete_rows(ws.max_row)
    wb.save(vp)
    results = tmp_path / "ket-qua.xlsx"
    report = tmp_path / "bao-cao.html"
    res = run("score", HY, forms, *apps, "--overrides", str(ov), "-o", str(results),
              "--report", str(report))
    assert res.exit_code == 0, res.output
    book = openpyxl.load_workbook(results)
    assert "Thẩm định" in book.sheetnames
    sheet_rows = list(book["Thẩm định"].iter_rows(values_only=True))
    cut_rows = [r for r in sheet_rows if r[1] == "2" and r[6] is not None and r[6] < 0]
    assert len(cut_rows) == len(cut_units)
    assert all(r[7] == "Thiếu tài liệu kiểm chứng" for r in cut_rows)
    total_row = next(r for r in sheet_rows if r[0] == VHTT)
    assert Decimal(str(total_row[3])) == 5 * len(cut_units)
    page = report.read_text(encoding="utf-8")
    assert "Những gì thẩm định đã thay đổi" in page and "Thiếu tài liệu kiểm chứng" in page
    res = run("explain", HY, forms, *apps, "--code", "2", "--unit", cut_units[0])
    assert "Thẩm định đã thay đổi: chỉ số 2, Phòng Văn hóa và Thông tin" in res.output
    assert "(-5,00 điểm); ý kiến thẩm định: Thiếu tài liệu kiểm chứng" in res.output

    # sign-off, then a later change to an input is found by check-table
    signoff = tmp_path / "phe-duyet.json"
    res = run("appraisal", "sign", HY, forms, *apps, "--overrides", str(ov),
              "--decision", "2947/QĐ-UBND", "--date", "02/11/2024",
              "--signer", "Chủ tịch UBND thị xã", "-o", str(signoff))
    assert res.exit_code == 0, res.output
    res = run("check-table", HY, str(results), "--signoff", str(signoff))
    assert res.exit_code == 0, res.output
    assert "khớp với kết quả đã phê duyệt" in res.output
    (wbs / "them.json").write_text("[]", encoding="utf-8")  # a file added to an input folder
    res = run("check-table", HY, str(results), "--signoff", str(signoff))
    assert res.exit_code == 1 and "them.json: được thêm vào thư mục đầu vào" in res.output
    (wbs / "them.json").unlink()
    ov.write_text(ov.read_text(encoding="utf-8") + f"mau-01,2,{VP}\n", encoding="utf-8")
    res = run("check-table", HY, str(results), "--signoff", str(signoff))
    assert res.exit_code == 1 and "bị thay đổi sau khi phê duyệt" in res.output
    assert "phan-cong.csv" in res.output and "2947/QĐ-UBND" in res.output


def test_make_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    forms = str(DEMO / FILES["hungyen_assessments"])
    out = tmp_path / "x.xlsx"
    res = run("appraisal", "make", HY, forms, "--agency", "Sở Tài chính", "-o", str(out))
    assert res.exit_code == 2 and "Các cơ quan thẩm định có việc" in res.output
    res = run("appraisal", "make", HY, forms, "-o", str(out))
    assert res.exit_code == 2
    assert run("appraisal", "make", HY, forms, "--agency", VHTT, "-o", str(out)).exit_code == 0
    res = run("appraisal", "make", HY, forms, "--agency", VHTT, "-o", str(out))
    assert res.exit_code == 2 and "--force" in res.output


def test_appraisal_from_the_legacy_path_is_unchanged() -> None:
    """The library's read_inputs without an assignment attaches appraisals as before
    (a later one wins; an unassigned agency is a finding of scoring)."""
    rubric, _ = hy()
    from dtikit.files import read_inputs

    got = read_inputs(rubric, [DEMO / FILES["hungyen_assessments"]],
                      [DEMO / FILES["hungyen_appraisals"]])
    mau5 = next(a for a in got.assessments if a.unit.id == "mau-05")
    assert len(mau5.appraisals) == 2 and not got.problems
    card = next(c for c in score(rubric, got.assessments) if c.unit.id == "mau-05")
    assert any(f.kind == "appraiser_not_assigned" for f in card.findings)
    assert isinstance(mau5.appraisals[0], Appraisal)
    assert agency_work(assignment(rubric), got.assessments, VHTT).cells == 60
