"""Importing a decision's appendix table (docx, PDF with a text layer, xlsx, csv)
into a rubric, and exporting a rubric back as that table."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from appendix_fixtures import (
    FREE_TEXT,
    Appendix,
    make_appendix,
    write_docx,
    write_pdf,
    write_scanned_pdf,
    write_xlsx,
)
from budget import examples
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_appendix_recognise import CORPUS, recognisable

import dtikit
from dtikit import Answer, Assessment, Unit
from dtikit.appendix import (
    export_appendix,
    import_appendix,
    recognise,
    render_rule,
    rubric_toml,
)
from dtikit.assessment import Choice, Flag, Number, Parts, Ratio
from dtikit.cli import cli
from dtikit.convert import load_rubric, rubric_from_data, to_data
from dtikit.errors import FileRejected
from dtikit.model import Indicator, Provenance, Rubric, Source
from dtikit.validation import validate_rubric

D = Decimal
RID = "mau/district/2024"
WRITERS = {"docx": write_docx, "pdf": write_pdf, "xlsx": write_xlsx}


def _import(app: Appendix, kind: str, folder: Path) -> Any:
    path = folder / f"phu-luc-2.{kind}"
    WRITERS[kind](app, path)
    # a PDF's title block is outside its table: the decision is named on the command line
    extra: dict[str, Any] = ({"decision": "1234/QĐ-UBND", "decision_date": date(2024, 3, 15)}
                             if kind == "pdf" else {})
    return import_appendix(path, rubric_id=RID, **extra), path


def full_marks(rubric: Rubric) -> Assessment:
    """The answer that earns each leaf its maximum, by its method's parameters."""
    answers = []
    for leaf in rubric.leaves():
        spec = leaf.method
        assert spec is not None
        p = spec.params
        value: Any
        if spec.kind == "yes_no":
            value = Flag(True)
        elif spec.kind == "levels":
            value = Choice(p["levels"][0]["key"])  # the recognised top level comes first
        elif spec.kind == "steps":
            value = Number(max(D(s["at_least"]) for s in p["steps"]))
        elif spec.kind in ("ratio", "threshold_ratio"):
            value = Ratio(3, 3)
        elif spec.kind == "parts":
            value = Parts(frozenset(x["key"] for x in p["parts"]))
        elif spec.kind == "relative_to_best":
            value = Number(7)
        else:  # awarded; tracked (maximum 0)
            value = Number(leaf.max)
        answers.append(Answer(leaf.code, value))
    return Assessment(rubric.id, Unit("UBND huyện Mẫu"), answers)


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_60_leaf_appendix_imports_validates_makes_a_form_and_scores(
        kind: str, tmp_path: Path) -> None:
    app = make_appendix(CORPUS)
    result, _ = _import(app, kind, tmp_path)
    r = result.rubric
    assert [n.code for n in r.leaves()] == list(app.leaves)  # the decision's order
    assert len(app.leaves) == 60
    assert {n.code: (n.method.kind if n.method else None, n.max) for n in r.leaves()} == app.leaves
    assert [n.code for n in r.indicators] == ["I", "II", "III"]
    assert r.get("1").parent == "I" and r.get("1").level == "main"
    assert r.get("1.1").level == "sub"
    assert r.get("II").name == "CHÍNH QUYỀN SỐ"
    assert r.source.decision == "1234/QĐ-UBND" and r.source.date == date(2024, 3, 15)
    assert r.scale == app.scale
    assert not result.mismatches
    flagged = {f.code for f in result.flagged}
    assert flagged == {c for c, (k, _) in app.leaves.items() if k == "awarded"
                       and r.get(c).how == FREE_TEXT}
    assert len(flagged) == 3
    for code in flagged:
        assert r.get(code).provenance.ref and "CẦN RÀ SOÁT" in r.get(code).provenance.ref
    recognised = [n for n in r.leaves() if n.code not in flagged]
    assert all(n.provenance.ref and "mẫu" in n.provenance.ref for n in recognised)
    assert "Biên bản kiểm tra (bổ sung)" in r.get("3.3").evidence
    assert r.get("3.3").evidence[:2] == ("Báo cáo năm", "Quyết định ban hành")
    if kind != "pdf":  # the appraiser merged down main index 1 goes to each of its rows
        assert {r.get(f"1.{s}").appraiser for s in range(1, 11)} == {"Sở Thông tin và Truyền thông"}
    assert r.get("2.1").appraiser == "Văn phòng UBND"
    assert validate_rubric(r) == ()

    toml = tmp_path / "mau.toml"
    toml.write_text(rubric_toml(result), encoding="utf-8")
    assert load_rubric(toml) == r
    runner = CliRunner()
    form = tmp_path / "bieu.xlsx"
    out = runner.invoke(cli, ["template", str(toml), "-o", str(form)])
    assert out.exit_code == 0, out.output
    assert form.stat().st_size > 0
    card = dtikit.score(r, [full_marks(r)])[0]
    assert card.total == r.scale


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_every_planted_sum_mismatch_is_reported_with_its_row(kind: str, tmp_path: Path) -> None:
    app = make_appendix(CORPUS, plant=True)
    result, path = _import(app, kind, tmp_path)
    found = {f.code: f for f in result.mismatches}
    assert set(found) == set(app.planted)
    for code, finding in found.items():
        assert finding.where
        printed = [r for r in app.rows if r.code == code or (code is None and r.kind == "total")]
        assert printed, code
    r = result.rubric
    assert r.get("2").max == sum((c.max for c in r.get("2").children), D(0)) + 5  # not fixed
    problems = validate_rubric(r)
    assert {p.where for p in problems} >= {"indicator 2", "indicator III", "scale"}
    if kind == "xlsx":  # the reported place is the row of the planted number
        import openpyxl

        ws = openpyxl.load_workbook(path).active
        for code, finding in found.items():
            cell = finding.where.split("!")[1]
            row = int("".join(ch for ch in cell if ch.isdigit()))
            text = str(ws.cell(row, 1).value or "") + str(ws.cell(row, 2).value or "")
            assert (code or "Tổng cộng") in text


def test_a_scanned_pdf_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    write_scanned_pdf(path)
    with pytest.raises(FileRejected, match="no text layer"):
        import_appendix(path, rubric_id=RID)
    out = CliRunner().invoke(cli, ["rubric", "import", str(path), "-o",
                                   str(tmp_path / "x.toml"), "--id", RID])
    assert out.exit_code == 2
    assert "OCR" in out.output and not (tmp_path / "x.toml").exists()


def test_a_missing_reader_library_says_what_to_install(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "phu-luc.docx"
    write_docx(make_appendix(CORPUS), path)
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now fails
    with pytest.raises(FileRejected, match=r"pip install 'dtikit\[appendix\]'"):
        import_appendix(path, rubric_id=RID)


# ----------------------------------------------------------------- small tables

CSV_HEAD = "STT,Chỉ số,Điểm tối đa,Cách xác định và tính điểm\n"


def _csv(tmp_path: Path, body: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(CSV_HEAD + body, encoding="utf-8")
    return path


def test_a_missing_parent_is_reported_or_created(tmp_path: Path) -> None:
    path = _csv(tmp_path, "1,Nhận thức,10,\n1.1,A,10,Có: 10 điểm; Không: 0 điểm\n"
                          "2.1,B,5,Có: 5 điểm; Không: 0 điểm\n2.2,C,5,Đạt: 5 điểm; Không đạt: 0 điểm\n")
    with pytest.raises(FileRejected) as info:
        import_appendix(path, rubric_id=RID)
    assert "dòng 4" in str(info.value) and "--create-missing-parents" in str(info.value)
    result = import_appendix(path, rubric_id=RID, create_missing_parents=True)
    two = result.rubric.get("2")
    assert two.max == 10 and [c.code for c in two.children] == ["2.1", "2.2"]
    assert two.provenance.status == "inferred" and "Tạo khi nhập" in (two.provenance.ref or "")
    assert any(f.kind == "structure" and f.code == "2" for f in result.findings)
    assert validate_rubric(result.rubric) == ()


def test_stt_restarting_in_each_group_is_qualified_by_the_group(tmp_path: Path) -> None:
    path = _csv(tmp_path, "I,Nhóm một,10,\n1,A,10,\n1.1,A1,10,Có: 10 điểm; Không: 0 điểm\n"
                          "II,Nhóm hai,20,\n1,B,20,\n1.1,B1,20,Có: 20 điểm; Không: 0 điểm\n")
    r = import_appendix(path, rubric_id=RID).rubric
    assert [n.code for n in r.walk()] == ["I", "I.1", "I.1.1", "II", "II.1", "II.1.1"]
    assert r.get("II.1.1").provenance.row == "1.1"  # as printed
    assert validate_rubric(r) == ()


def test_columns_found_without_diacritics_or_named_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "t.tsv"
    path.write_text("So TT\tTen chi so\tDiem toi da\tGhi chu\n1\tA\t10\tCo: 10 diem; Khong: 0 diem\n",
                    encoding="utf-8")
    result = import_appendix(path, rubric_id=RID)
    assert result.rubric.get("1").method is not None
    assert result.rubric.get("1").method.kind == "awarded"  # the rule column was not found
    named = import_appendix(path, rubric_id=RID, columns={"how": "Ghi chú"})
    assert named.rubric.get("1").method.kind == "yes_no"
    assert named.columns["how"] == 4


def test_a_cell_continued_on_the_next_row_joins_its_row(tmp_path: Path) -> None:
    path = _csv(tmp_path, '1,Ban chỉ đạo chuyển đổi số,10,"Có: 10 điểm;"\n'
                          ',(cấp huyện),,Không: 0 điểm\n')
    r = import_appendix(path, rubric_id=RID).rubric
    node = r.get("1")
    assert node.name == "Ban chỉ đạo chuyển đổi số (cấp huyện)"
    assert node.how == "Có: 10 điểm;\nKhông: 0 điểm"
    assert node.method is not None and node.method.kind == "yes_no"


# --------------------------------------------------------------- the round trip

_NAMES = ("Nhận thức số", "Thể chế số", "Hạ tầng số", "Nhân lực số", "An toàn thông tin mạng",
          "Hoạt động chính quyền số")
_EVIDENCE = ("Báo cáo năm", "Quyết định thành lập Ban chỉ đạo", "Biên bản họp")


@st.composite
def rubrics(draw: st.DrawFn) -> Rubric:
    """A rubric as a decision's appendix holds it: Roman groups (or none), main
    indices, sub-indices whose rules use every method family the recogniser
    knows (and some it does not: rows to review)."""
    grouped = draw(st.booleans())
    n_main = draw(st.integers(1, 4))
    mains = []
    for i in range(1, n_main + 1):
        code = str(i)
        kids = []
        for s in range(1, draw(st.integers(0, 3)) + 1):
            kids.append(draw(leaves(f"{code}.{s}")))
        if kids:
            mains.append(Indicator(code, f"{_NAMES[i % 6]} {code}", sum((k.max for k in kids), D(0)),
                                   "main", children=kids))
        else:
            leaf = draw(leaves(code))
            mains.append(attrs.evolve(leaf, level="main"))
    tops: list[Indicator] = mains
    if grouped:
        cut = draw(st.integers(1, len(mains)))
        groups = [mains[:cut], mains[cut:]]
        tops = []
        for roman, group in zip(("I", "II"), groups):
            if group:
                tops.append(Indicator(roman, f"NHÓM {roman}", sum((m.max for m in group), D(0)),
                                      "pillar",
                                      children=[attrs.evolve(m, parent=roman) for m in group]))
    return Rubric(id=RID, province="mau", tier="district", year=2024,
                  title="Bộ chỉ số đánh giá chuyển đổi số cấp huyện",
                  scale=sum((t.max for t in tops), D(0)),
                  source=Source("56/QĐ-UBND", date=date(2024, 1, 9), issuer="UBND tỉnh Mẫu",
                                appendix="Phụ lục 2"),
                  indicators=tops)


@st.composite
def leaves(draw: st.DrawFn, code: str) -> Indicator:
    if draw(st.integers(0, 9)) == 0:
        spec, m, how = None, D(draw(st.integers(1, 20))), FREE_TEXT
    else:
        spec, m = draw(recognisable())
        how = render_rule(spec, m)
    evidence = tuple(draw(st.lists(st.sampled_from(_EVIDENCE), max_size=2, unique=True)))
    appraiser = draw(st.sampled_from((None, "Văn phòng UBND", "Phòng Văn hóa và Thông tin")))
    source = draw(st.sampled_from((None, "Hệ thống thông tin giải quyết TTHC")))
    return Indicator(code, f"Chỉ số thành phần {code}", m, "sub",
                     spec or dtikit.MethodSpec("awarded", {}), how=how, evidence=evidence,
                     appraiser=appraiser, data_source=source)


def _without_provenance(r: Rubric) -> list[Any]:
    return [attrs.evolve(n, provenance=Provenance(), children=()) for n in r.walk()]


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_export_then_import_gives_the_rubric_back(kind: str, tmp_path_factory: Any) -> None:
    folder = tmp_path_factory.mktemp(kind)

    @settings(max_examples=examples(25), deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(rubrics())
    def check(original: Rubric) -> None:
        path = folder / f"phu-luc.{kind}"
        export_appendix(original, path, force=True)
        first = import_appendix(path, rubric_id=RID).rubric
        # the table holds everything but provenance, which the import writes
        assert _without_provenance(first) == _without_provenance(original)
        assert (first.source, first.title, first.scale) == (original.source, original.title,
                                                           original.scale)
        # and an imported rubric comes back whole, provenance and notes included
        export_appendix(first, path, force=True)
        assert import_appendix(path, rubric_id=RID).rubric == first
        for leaf in first.leaves():
            rec = recognise(leaf.how, leaf.max)
            assert (rec.pattern is None) == (leaf.how == FREE_TEXT)

    check()


# ------------------------------------------------------------------------ CLI


def test_cli_import_writes_a_file_that_validates_and_export_prints_it_back(
        tmp_path: Path) -> None:
    src = tmp_path / "phu-luc-2.xlsx"
    write_xlsx(make_appendix(CORPUS), src)
    out = tmp_path / "mau.toml"
    runner = CliRunner()
    res = runner.invoke(cli, ["rubric", "import", str(src), "-o", str(out), "--id", RID])
    assert res.exit_code == 1, res.output  # three rows to review
    assert "Cần rà soát" in res.output and "nhận dạng được cách tính của 57/60" in res.output
    text = out.read_text(encoding="utf-8")
    assert text.index('code = "1.1"') < text.index('code = "1.2"') < text.index('code = "2"')
    assert text.count("\n[[indicators]]\n") == 3 + 6 + 60
    # the verbatim rule right before its method
    block = text[text.index('code = "1.1"'):]
    assert block.index("how = ") < block.index("method") < block.index("provenance")
    assert runner.invoke(cli, ["rubric", "validate", str(out)]).exit_code == 0
    again = runner.invoke(cli, ["rubric", "import", str(src), "-o", str(out), "--id", RID])
    assert again.exit_code == 2 and "tệp đã có" in again.output
    table = tmp_path / "in-lai.docx"
    res = runner.invoke(cli, ["rubric", "export", str(out), "-o", str(table)])
    assert res.exit_code == 0, res.output
    back = tmp_path / "back.toml"
    res = runner.invoke(cli, ["rubric", "import", str(table), "-o", str(back), "--id", RID])
    assert load_rubric(back) == load_rubric(out)


def test_cli_json_summary_lists_the_flagged_rows(tmp_path: Path) -> None:
    import json

    src = _csv(tmp_path, f"1,A,10,{FREE_TEXT}\n2,B,10,Có: 10 điểm; Không: 0 điểm\n")
    res = CliRunner().invoke(cli, ["rubric", "import", str(src), "-o", str(tmp_path / "r.toml"),
                                   "--id", RID, "--decision", "9/QĐ-UBND", "--date", "01/02/2024",
                                   "--json"])
    data = json.loads(res.output)
    assert data["flagged"] == ["1"] and data["leaves"] == 2 and data["valid"]
    r = load_rubric(tmp_path / "r.toml")
    assert r.source.decision == "9/QĐ-UBND" and r.source.date == date(2024, 2, 1)


# ----------------------------------------------------------------- provenance


def test_provenance_is_written_one_way_and_read_both_ways() -> None:
    base = {"schema": 1, "id": RID, "province": "mau", "tier": "district", "year": 2024,
            "title": "T", "scale": "10", "source": {"decision": "1/QĐ-UBND"},
            "indicators": [{"code": "1", "name": "A", "max": "10",
                            "method": {"kind": "awarded"}}]}
    inline = {**base, "workflow": {"late": "flag", "status": "confirmed", "ref": "Công văn 5"}}
    table = {**base, "workflow": {"late": "flag",
                                  "provenance": {"status": "confirmed", "ref": "Công văn 5"}}}
    a, b = rubric_from_data(inline), rubric_from_data(table)
    assert a == b and a.workflow.provenance.ref == "Công văn 5"
    written = to_data(a)["workflow"]
    assert written == {"late": "flag", "provenance": {"status": "confirmed", "ref": "Công văn 5"}}


def test_bundled_rubrics_name_their_documents_as_an_officer_knows_them() -> None:
    from dtikit.plugins import PluginHost

    texts = []
    for r in PluginHost().rubrics().values():
        texts.append(r.notes or "")
        for part in (r.classification, r.workflow, *r.variants, *r.conversions):
            if part is not None:
                texts.append(part.provenance.ref or "")
        for n in r.walk():
            texts.append(n.provenance.ref or "")
            texts.extend(o.ref or "" for o in n.outline)
    assert texts
    assert not [t for t in texts if "seed 0" in t.lower()]


def test_every_bundled_rubric_prints_as_a_table_that_reads_back(tmp_path: Path) -> None:
    from dtikit.plugins import PluginHost

    for r in PluginHost().rubrics().values():
        path = tmp_path / f"{r.id.replace('/', '_')}.xlsx"
        export_appendix(r, path)
        back = import_appendix(path, rubric_id=r.id).rubric
        assert [(n.code, n.name, n.max) for n in back.walk()] == [
            (n.code, n.name, n.max) for n in r.walk()], r.id
        for old, new in zip(r.walk(), back.walk()):
            # a rule as written comes back as written; a row without one is worded
            # from its method, and that wording reads back as the same method
            worded = (render_rule(old.method, old.max) if old.method
                      and old.method.kind != "awarded" else None)
            assert new.how == (old.how or worded), (r.id, old.code)
            assert new.method == old.method, (r.id, old.code)
        assert (back.source.decision, back.source.date, back.scale) == (
            r.source.decision, r.source.date, r.scale)


def test_files_that_are_not_an_appendix_table_are_refused_with_what_to_do(
        tmp_path: Path) -> None:
    doc = tmp_path / "phu-luc.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(FileRejected, match=r"save it as \.docx"):
        import_appendix(doc, rubric_id=RID)
    no_header = tmp_path / "t.csv"
    no_header.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(FileRejected, match="--column"):
        import_appendix(no_header, rubric_id=RID)
    out = CliRunner().invoke(cli, ["rubric", "import", str(no_header), "-o",
                                   str(tmp_path / "r.toml"), "--id", RID])
    assert out.exit_code == 2 and "cách khắc phục" in out.output
    assert not (tmp_path / "r.toml").exists()


def test_a_scale_given_on_the_command_line_is_checked_not_imposed(tmp_path: Path) -> None:
    src = _csv(tmp_path, "1,A,10,Có: 10 điểm; Không: 0 điểm\n2,B,10,Đạt: 10 điểm; Không đạt: 0 điểm\n")
    res = CliRunner().invoke(cli, ["rubric", "import", str(src), "-o", str(tmp_path / "r.toml"),
                                   "--id", RID, "--scale", "25"])
    assert res.exit_code == 1
    assert "cộng lại được 20, không bằng tổng 25" in res.output
    assert load_rubric(tmp_path / "r.toml", validate=False).scale == 25
