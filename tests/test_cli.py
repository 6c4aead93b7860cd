"""The ``dtikit`` command: every command's happy path and its error path.

Bad input exits 2 with a located message and never a traceback; findings
(validation problems, disagreements, differences) exit 1; ``--json`` parses.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import dtikit
from dtikit import plugins as plugins_mod
from dtikit.cli import cli, main
from dtikit.compare import compare_rubrics
from dtikit.demo.names import FILES, TABLE_FILE

HY = "hungyen/commune/2023"
BR = "baria_vungtau/commune/2024"
DEMO = files("dtikit.demo")
REPO = Path(__file__).resolve().parents[1]
HY_TOML = REPO / "plugins/hungyen/src/dtikit_hungyen/rubrics/hungyen_commune_2023.toml"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output


@pytest.fixture
def hy_forms() -> tuple[str, str]:
    return (str(DEMO / FILES["hungyen_assessments"]), str(DEMO / FILES["hungyen_appraisals"]))


@pytest.fixture
def host_with_broken_plugin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    class Broken:
        @dtikit.hookimpl
        def dtikit_rubrics(self) -> list[dtikit.Rubric]:
            raise RuntimeError("cannot read my rubric files")

    host = dtikit.PluginHost(entry_points=True, plugins=[("broken_province", Broken())])
    monkeypatch.setattr(plugins_mod, "_default", host)
    yield


# ------------------------------------------------------------------ entry points


def test_main_returns_exit_codes() -> None:
    assert main(["rubrics"]) == 0
    assert main(["no-such-command"]) == 2
    assert main(["rubric", "show", "nowhere/commune/1999"]) == 2


def test_python_dash_m() -> None:
    out = subprocess.run([sys.executable, "-m", "dtikit", "--help"], capture_output=True,
                         text=True, check=False)
    assert out.returncode == 0
    assert "Chỉ số chuyển đổi số" in out.stdout


def test_every_command_has_help() -> None:
    for args in (["plugins"], ["rubrics"], ["rubric", "show"], ["rubric", "validate"],
                 ["rubric", "diff"], ["template"], ["score"], ["check-table"], ["explain"],
                 ["gap"], ["demo"]):
        result = run(*args, "--help")
        assert result.exit_code == 0, args
        assert "Usage:" in result.output


# ------------------------------------------------------------------ plugins, rubrics


def test_plugins() -> None:
    result = run("plugins")
    assert result.exit_code == 0
    assert "hungyen" in result.output and "dtikit.builtin" in result.output
    data = json.loads(run("plugins", "--json").stdout)
    names = {p["name"]: p for p in data["plugins"]}
    assert HY in names["hungyen"]["rubrics"]
    assert "awarded" in names["dtikit.builtin"]["methods"]
    assert data["failures"] == []


def test_plugins_reports_a_failure(host_with_broken_plugin: None) -> None:
    result = run("plugins")
    assert result.exit_code == 1
    assert "broken_province" in result.output and "cannot read my rubric files" in result.output
    data = json.loads(run("plugins", "--json").stdout)
    assert [f["plugin"] for f in data["failures"]] == ["broken_province"]


def test_rubrics_and_filters() -> None:
    result = run("rubrics")
    assert result.exit_code == 0
    assert HY in result.output and "3047/QĐ-UBND" in result.output
    only = run("rubrics", "--province", "hungyen", "--tier", "commune")
    assert HY in only.output and BR not in only.output
    data = json.loads(run("rubrics", "--json", "--tier", "commune").stdout)
    assert {r["id"] for r in data} >= {HY, BR}
    assert all(r["tier"] == "commune" for r in data)
    hy = next(r for r in data if r["id"] == HY)
    assert hy["scale"] == "1000" and hy["source"]["decision"] == "3047/QĐ-UBND"
    assert json.loads(run("rubrics", "--json", "--year", "1990").stdout) == []


# ------------------------------------------------------------------ rubric show / validate / diff


def test_rubric_show() -> None:
    result = run("rubric", "show", HY)
    assert result.exit_code == 0
    for text in ("Hoạt động Chính quyền số", "200", "awarded", "confirmed", "Khá"):
        assert text in result.output
    verbose = run("rubric", "show", HY, "-v")
    assert "Phòng Văn hóa và Thông tin" in verbose.output


def test_rubric_show_json_is_the_rubric() -> None:
    data = json.loads(run("rubric", "show", HY, "--json").stdout)
    rubric = dtikit.from_data(data, dtikit.Rubric)
    assert rubric == dtikit.default_host().rubric(HY)


def test_rubric_show_a_file() -> None:
    result = run("rubric", "show", str(HY_TOML))
    assert result.exit_code == 0 and HY in result.output


def test_rubric_show_unknown_id() -> None:
    result = run("rubric", "show", "nowhere/commune/1999")
    assert result.exit_code == 2
    assert "nowhere/commune/1999" in result.output and "dtikit rubrics" in result.output
    no_traceback(result)
    missing = run("rubric", "show", "missing-file.toml")
    assert missing.exit_code == 2 and "missing-file.toml" in missing.output
    no_traceback(missing)


def test_rubric_validate_good_file() -> None:
    result = run("rubric", "validate", str(HY_TOML))
    assert result.exit_code == 0
    assert "hợp lệ" in result.output and HY in result.output
    data = json.loads(run("rubric", "validate", str(HY_TOML), "--json").stdout)
    assert data == {"file": str(HY_TOML), "valid": True, "rubric": HY, "problems": []}


BAD_RUBRIC = """\
schema = 1
id = "test/commune/2023"
province = "test"
tier = "commune"
year = 2023
title = "Bộ chỉ số thử"
scale = "100"

[source]
decision = "1/QĐ-TEST"

[classification]
basis = "percent"
[[classification.bands]]
label = "Tốt"
lower = "90"
[[classification.bands]]
label = "Yếu"
upper = "80"

[[indicators]]
code = "1"
name = "Một"
level = "main"
max = "60"

[[indicators]]
code = "1.1"
name = "Một một"
max = "50"
method = { kind = "yes_no" }

[[indicators]]
code = "2"
name = "Hai"
max = "40"
method = { kind = "no_such_method" }
"""


def test_rubric_validate_lists_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD_RUBRIC, encoding="utf-8")
    result = run("rubric", "validate", str(bad))
    assert result.exit_code == 1
    out = result.output
    assert "chỉ số 1:" in out and "các chỉ số con cộng lại được 50" in out
    assert "chỉ số 2:" in out and "no_such_method" in out
    assert "classification" in out and "khoảng trống" in out
    assert "3 lỗi trong" in out
    data = json.loads(run("rubric", "validate", str(bad), "--json").stdout)
    assert data["valid"] is False and len(data["problems"]) == 3
    assert {p["where"] for p in data["problems"]} == {"indicator 1", "indicator 2",
                                                       "classification"}


def test_rubric_validate_broken_syntax_and_missing_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "x\n', encoding="utf-8")
    result = run("rubric", "validate", str(broken))
    assert result.exit_code == 1 and "không phải TOML hợp lệ" in result.output
    no_traceback(result)
    missing = run("rubric", "validate", str(tmp_path / "none.toml"))
    assert missing.exit_code == 2 and "none.toml" in missing.output
    no_traceback(missing)


def _changed_rubric(tmp_path: Path) -> Path:
    data = dtikit.to_data(dtikit.default_host().rubric(HY))
    data["id"] = "hungyen/commune/2025"
    data["year"] = 2025
    data.pop("until_year", None)
    rows = data["indicators"]
    rows[0]["name"] = "Nhận thức số"  # renamed
    rows[6]["max"] = "100"  # 7: 150 → 100
    rows[7]["max"] = "150"
    rows[7]["method"] = {"kind": "yes_no"}  # 8: awarded → yes_no
    rows.append({"code": "9", "name": "Chỉ số mới", "level": "main", "max": "50",
                 "method": {"kind": "awarded"}})
    # the scale stays 1000: 7 loses 50, 9 adds 50
    path = tmp_path / "hungyen_commune_2025.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_compare_rubrics_library(tmp_path: Path) -> None:
    a = dtikit.default_host().rubric(HY)
    b = dtikit.load_rubric(_changed_rubric(tmp_path))
    d = compare_rubrics(a, b)
    assert [x.code for x in d.added] == ["9"] and d.removed == ()
    assert [(c.code, c.old, c.new) for c in d.renamed] == [
        ("1", "Chuyển đổi Nhận thức số", "Nhận thức số")]
    assert [(c.code, c.old, c.new) for c in d.max_changed] == [("7", "150", "100")]
    assert [(c.code, c.old, c.new) for c in d.method_changed] == [("8", "awarded", "yes_no")]
    assert all(c.field != "scale" for c in d.rubric_changes)
    assert compare_rubrics(a, a).same
    back = compare_rubrics(b, a)
    assert [x.code for x in back.removed] == ["9"]


def test_rubric_diff(tmp_path: Path) -> None:
    newer = _changed_rubric(tmp_path)
    result = run("rubric", "diff", HY, str(newer))
    assert result.exit_code == 1
    for text in ("Thêm", "Chỉ số mới", "Đổi tên", "Nhận thức số", "Đổi điểm tối đa",
                 "Đổi cách chấm", "yes_no"):
        assert text in result.output
    data = json.loads(run("rubric", "diff", HY, str(newer), "--json").stdout)
    assert data["same"] is False
    assert [x["code"] for x in data["added"]] == ["9"]
    same = run("rubric", "diff", HY, HY)
    assert same.exit_code == 0 and "không có khác biệt" in same.output
    bad = run("rubric", "diff", HY, "nowhere/x/2020")
    assert bad.exit_code == 2
    no_traceback(bad)


# ------------------------------------------------------------------ template


def test_template_json_skeleton(tmp_path: Path) -> None:
    out = tmp_path / "form.json"
    result = run("template", HY, "-o", str(out), "--unit", "UBND xã Thử")
    assert result.exit_code == 0 and str(out) in result.output
    skeleton = dtikit.loads(out.read_text(encoding="utf-8"), dtikit.Assessment)
    assert skeleton.unit.name == "UBND xã Thử"
    assert [a.code for a in skeleton.answers] == [str(i) for i in range(1, 9)]
    again = run("template", HY, "-o", str(out))
    assert again.exit_code == 2 and "--force" in again.output
    assert run("template", HY, "-o", str(out), "--force").exit_code == 0


def test_template_unknown_suffix(tmp_path: Path) -> None:
    result = run("template", HY, "-o", str(tmp_path / "form.docx"))
    assert result.exit_code == 2 and ".docx" in result.output
    no_traceback(result)


def _has_xlsx() -> bool:
    return "xlsx" in dtikit.default_host().formats()


needs_xlsx = pytest.mark.skipif(not _has_xlsx(), reason="the Excel format is not registered yet")


@needs_xlsx
def test_template_xlsx(tmp_path: Path) -> None:
    out = tmp_path / "form.xlsx"
    result = run("template", HY, "-o", str(out), "--unit", "UBND xã Thử")
    assert result.exit_code == 0
    assert out.read_bytes()[:2] == b"PK"


# ------------------------------------------------------------------ score


def test_score_json_inputs(tmp_path: Path, hy_forms: tuple[str, str]) -> None:
    forms, appraisals = hy_forms
    results_json = tmp_path / "results.json"
    report = tmp_path / "report.html"
    result = run("score", HY, forms, "--appraisal", appraisals, "-o", str(results_json),
                 "--report", str(report))
    # the sample's appraisal of 2 for mau-05 by an agency 2 is not assigned to is a
    # located error: that cell is not applied, listed, exit 1; the rest is scored
    assert result.exit_code == 1, result.output
    out = result.output
    assert "DỮ LIỆU MẪU" in out
    assert "HẠNG" in out and "XẾP LOẠI" in out and "Xã Mẫu 10 (dữ liệu mẫu)" in out
    assert "Không xếp hạng (1)" in out and "Phường Mẫu 11" in out
    assert "Lưu ý khi chấm điểm: 4" in out
    assert "đơn vị mau-05, mã 2" in out and "chỉ số được giao cho Phòng Văn hóa và Thông tin" in out
    results = dtikit.loads(results_json.read_text(encoding="utf-8"), dtikit.Results)
    assert results.sample and len(results.rows) == 11
    assert [r.rank for r in results.rows] == sorted(r.rank for r in results.rows)
    assert "<svg" in report.read_text(encoding="utf-8")


def test_score_json_to_stdout_and_previous(tmp_path: Path, hy_forms: tuple[str, str]) -> None:
    forms, appraisals = hy_forms
    first = run("score", HY, forms, "--appraisal", appraisals, "--json", "-")
    assert first.exit_code == 1  # the sample's one unassigned appraisal, listed on stderr
    data = json.loads(first.stdout)
    assert data["rubric_id"] == HY and len(data["rows"]) == 11
    last_year = tmp_path / "last.json"
    # last year: the same units, 10 points lower each, reversed ranks
    for row in data["rows"]:
        row["total"] = f"{Decimal(row['total']) - 10}"
        row["rank"] = 12 - row["rank"]
    last_year.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    second = run("score", HY, forms, "--appraisal", appraisals, "--previous", str(last_year))
    assert second.exit_code == 1, second.output
    assert "SO VỚI NĂM TRƯỚC" in second.output and "+10" in second.output


def test_score_many_files_shows_progress(tmp_path: Path) -> None:
    rubric = dtikit.default_host().rubric(HY)
    source = DEMO / FILES["hungyen_assessments"]
    from dtikit.files import read_json_inputs

    cohort = read_json_inputs(rubric, Path(str(source))).assessments
    paths = []
    for a in cohort[:6]:
        p = tmp_path / f"{a.unit.id}.json"
        p.write_text(dtikit.dumps(a), encoding="utf-8")
        paths.append(str(p))
    result = run("score", HY, *paths)
    assert result.exit_code == 0
    assert "Đọc biểu" in result.stderr
    (tmp_path / "~$lock.xlsx").write_bytes(b"")  # Excel's lock file is left out
    folder = run("score", HY, str(tmp_path), "--json", "-")
    assert folder.exit_code == 0, folder.output
    assert len(json.loads(folder.stdout)["rows"]) == 6
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("score", HY, str(empty))
    assert result.exit_code == 2 and "không có tệp .xlsx hoặc .json nào" in result.output


def test_a_command_gives_the_collector_back_what_it_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The inputs read are left out of the cycle collector's full passes while
    the command writes its outputs (gc.freeze), and given back when it ends."""
    import gc

    from dtikit.cli import common

    rubric = dtikit.default_host().rubric(HY)
    from dtikit.files import read_json_inputs

    cohort = read_json_inputs(rubric, DEMO / FILES["hungyen_assessments"]).assessments
    path = tmp_path / "cohort.json"
    path.write_text(dtikit.dumps(list(cohort[:3])), encoding="utf-8")
    seen: list[int] = []
    kept = common._kept_for_the_command

    def spy(inputs: object) -> object:
        out = kept(inputs)
        seen.append(gc.get_freeze_count())
        return out

    monkeypatch.setattr(common, "_kept_for_the_command", spy)
    assert gc.get_freeze_count() == 0
    result = run("score", HY, str(path), "--json", "-")
    assert result.exit_code == 0, result.output
    assert seen and seen[0] > 0  # frozen while the outputs were made
    assert gc.get_freeze_count() == 0  # and given back
    common._kept_for_the_command(None)  # outside a command: nothing is frozen
    assert gc.get_freeze_count() == 0


def test_score_bad_answer_is_located(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    a = dtikit.Assessment(HY, dtikit.Unit("UBND xã Lỗi"), [
        dtikit.Answer(str(i), dtikit.Number("50")) for i in range(1, 8)
    ] + [dtikit.Answer("8", dtikit.Number("151")), dtikit.Answer("9.9", dtikit.Number("1"))])
    bad.write_text(dtikit.dumps(a), encoding="utf-8")
    result = run("score", HY, str(bad))
    assert result.exit_code == 2
    assert "UBND xã Lỗi" in result.output and "9.9" in result.output
    assert "cách khắc phục" in result.output
    no_traceback(result)


def test_score_unreadable_inputs(tmp_path: Path, hy_forms: tuple[str, str]) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"rubric_id": "hungyen/commune/2023",\n "unit": ', encoding="utf-8")
    result = run("score", HY, str(broken))
    assert result.exit_code == 2 and f"{broken}:2:" in result.output
    no_traceback(result)
    missing = run("score", HY, str(tmp_path / "none.xlsx"))
    assert missing.exit_code == 2 and "none.xlsx" in missing.output
    wrong_kind = tmp_path / "form.docx"
    wrong_kind.write_text("x", encoding="utf-8")
    result = run("score", HY, str(wrong_kind))
    assert result.exit_code == 2 and ".docx" in result.output
    no_traceback(result)
    wrong_item = tmp_path / "wrong.json"
    wrong_item.write_text('[{"rubric_id": "hungyen/commune/2023", "unit": {"name": "X"}, '
                          '"answers": [{"code": "1", "value": {"value": "mười"}}]}]',
                          encoding="utf-8")
    result = run("score", HY, str(wrong_item))
    assert result.exit_code == 2 and "mục 1" in result.output
    no_traceback(result)


def test_score_appraisal_for_unknown_unit(tmp_path: Path, hy_forms: tuple[str, str]) -> None:
    forms, _ = hy_forms
    app = tmp_path / "app.json"
    app.write_text(json.dumps([{"unit": "khong-co", "appraisal": {
        "agency": "Phòng Văn hóa và Thông tin", "answers": [{"code": "2", "value": {"value": "1"}}]
    }}], ensure_ascii=False), encoding="utf-8")
    result = run("score", HY, forms, "--appraisal", str(app))
    # a rejected appraisal cell, located; the cohort is still scored
    assert result.exit_code == 1 and "khong-co" in result.output and "HẠNG" in result.output
    no_traceback(result)


def test_score_wrong_rubric(hy_forms: tuple[str, str]) -> None:
    forms, _ = hy_forms
    result = run("score", BR, forms)
    assert result.exit_code == 2 and "không phải baria_vungtau/commune/2024" in result.output
    no_traceback(result)


def test_score_brvt_exclusions() -> None:
    forms = str(DEMO / FILES["brvt_assessments"])
    appraisals = str(DEMO / FILES["brvt_appraisals"])
    result = run("score", BR, forms, "--appraisal", appraisals)
    assert result.exit_code == 0
    assert "Nộp sau thời hạn" in result.output and "Chưa được thẩm định" in result.output
    assert "CCHC" in result.output


# ------------------------------------------------------------------ check-table


def test_check_table_finds_the_misprinted_total() -> None:
    table = str(DEMO / TABLE_FILE)
    result = run("check-table", HY, table)
    assert result.exit_code == 1
    assert "Phương Chiểu" in result.output and "288,11" in result.output
    assert f"{TABLE_FILE}:24" in result.output
    data = json.loads(run("check-table", HY, table, "--json").stdout)
    assert data["agrees"] is False
    assert [d["unit"] for d in data["disagreements"]] == ["UBND xã Phương Chiểu"]


def test_check_table_clean_csv(tmp_path: Path) -> None:
    lines = (DEMO / TABLE_FILE).read_text(encoding="utf-8").splitlines()
    fixed = [ln.replace("\t288,11\t", "\t287,11\t") for ln in lines if not ln.startswith("#")]
    csv = tmp_path / "table.csv"
    csv.write_text("\n".join(",".join(f'"{c}"' for c in ln.split("\t")) for ln in fixed),
                   encoding="utf-8")
    result = run("check-table", HY, str(csv))
    assert result.exit_code == 0, result.output
    assert "không có sai lệch" in result.output


def test_check_table_bad_cells(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("Hạng\tĐơn vị\n1\tUBND xã A\t60\t1oo\t1\t1\t1\t1\t1\t1\t66\tYếu\n"
                   "2\tUBND xã B\t1\n", encoding="utf-8")
    result = run("check-table", HY, str(bad))
    assert result.exit_code == 2
    assert f"{bad}:2, column 4" in result.output and f"{bad}:3" in result.output
    no_traceback(result)
    result = run("check-table", HY, str(tmp_path / "none.csv"))
    assert result.exit_code == 2


# ------------------------------------------------------------------ explain, gap


def test_explain(hy_forms: tuple[str, str]) -> None:
    forms, appraisals = hy_forms
    result = run("explain", HY, forms, "--appraisal", appraisals, "--code", "2",
                 "--unit", "mau-05")
    assert result.exit_code == 0
    out = result.output
    assert "Phường Mẫu 5 (dữ liệu mẫu)" in out and "Kiến tạo thể chế số" in out
    # appraised by an agency 2 is not assigned to: rejected at merge, not applied
    assert "Thẩm định (" not in out and "Thẩm định đã thay đổi" not in out
    assert "Tài liệu kiểm chứng:" in out
    result = run("explain", HY, forms, "--appraisal", appraisals, "--code", "3",
                 "--unit", "mau-01")
    assert "Thẩm định (Phòng Văn hóa và Thông tin)" in result.output
    assert ("Thẩm định đã thay đổi: chỉ số 3, Phòng Văn hóa và Thông tin: điểm tự chấm 55,55 → "
            "điểm thẩm định 45,55 (-10,00 điểm); ý kiến thẩm định: Điểm thẩm định (mẫu)"
            in result.output)
    data = json.loads(run("explain", HY, forms, "--code", "7", "--unit", "Xã Mẫu 4 (dữ liệu mẫu)",
                          "--json").stdout)
    assert len(data) == 1 and "Giải trình" in data[0]["text"]
    assert data[0]["node"]["code"] == "7"


def test_explain_errors(hy_forms: tuple[str, str]) -> None:
    forms, _ = hy_forms
    result = run("explain", HY, forms, "--code", "6.2")
    assert result.exit_code == 2 and "6.2" in result.output and "Mã chỉ số của Bộ chỉ số này" in result.output
    result = run("explain", HY, forms, "--code", "6", "--unit", "Xã Không Có")
    assert result.exit_code == 2 and "Các đơn vị có trong tệp" in result.output
    no_traceback(result)


def test_gap(hy_forms: tuple[str, str]) -> None:
    forms, appraisals = hy_forms
    result = run("gap", HY, forms, "--appraisal", appraisals, "--unit", "mau-03", "--top", "3")
    assert result.exit_code == 0
    assert "CÒN THIẾU" in result.output and "Xã Mẫu 3" in result.output
    data = json.loads(run("gap", HY, forms, "--unit", "mau-11", "--json").stdout)
    gaps = data[0]["gaps"]
    values = [Decimal(g["gap"]) for g in gaps]
    assert values == sorted(values, reverse=True)
    g8 = next(g for g in gaps if g["code"] == "8")  # not answered: the whole 150 to gain
    assert g8["points"] is None and Decimal(g8["gap"]) == 150


def test_gaps_library() -> None:
    from dtikit.improve import gaps

    rubric = dtikit.default_host().rubric(HY)
    answers = [dtikit.Answer(str(i), dtikit.Number(n.max)) for i, n in
               zip(range(1, 9), rubric.main_indices)]
    answers[5] = dtikit.Answer("6", dtikit.Number("120.5"))
    answers[1] = dtikit.Answer("2", dtikit.Number("99"))
    card = dtikit.score(rubric, [dtikit.Assessment(HY, dtikit.Unit("X"), answers)])[0]
    found = gaps(rubric, card)
    assert [(g.code, g.gap) for g in found] == [("6", Decimal("79.50")), ("2", Decimal("1.00"))]
    assert found[0].main == "6"


# ------------------------------------------------------------------ demo


def test_demo(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = run("demo", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = result.output
    assert "DỮ LIỆU MẪU" in text
    assert "Nộp sau thời hạn" in text  # the late submission
    assert "Phương Chiểu" in text and "288,11" in text  # the real table's misprinted total
    assert (out / "report.html").is_file()
    assert (out / "results.xlsx").is_file() or (out / "results.json").is_file()
    if _has_xlsx():
        assert (out / "results.xlsx").is_file()
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "DỮ LIỆU MẪU" in html and "<svg" in html


def test_sample_data_is_reproducible() -> None:
    from dtikit.demo import make_sample

    assert make_sample.main(["--check"]) == 0


def test_sample_data_is_labelled() -> None:
    for key in ("hungyen_assessments", "brvt_assessments"):
        data: Any = json.loads((DEMO / FILES[key]).read_text(encoding="utf-8"))
        assert "DỮ LIỆU MẪU" in data["note"]
        for a in data["assessments"]:
            assert a["sample"] is True
            assert "(dữ liệu mẫu)" in a["unit"]["name"]


# ------------------------------------------------------------------ the Excel path


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    assert run("demo", "--out", str(out)).exit_code == 0
    return out


@needs_xlsx
def test_score_xlsx_forms_and_check_the_table(tmp_path: Path, demo_dir: Path) -> None:
    forms = sorted(str(p) for p in (demo_dir / "forms" / "results").glob("*.xlsx"))
    assert len(forms) == 12
    results = tmp_path / "results.xlsx"
    result = run("score", HY, *forms, "-o", str(results), "--report", str(tmp_path / "r.html"))
    assert result.exit_code == 0, result.output
    assert "Xã Mẫu 10 (dữ liệu mẫu)" in result.output and results.is_file()
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Đối chiếu bảng kết quả công bố" in html and "Không có sai lệch" in html
    same = json.loads(run("score", HY, *forms, "--json", "-").stdout)
    expected = json.loads((demo_dir / "results.json").read_text(encoding="utf-8"))
    # read from files, the results also count what each file gave: 12 forms, one unit each
    assert [(c["source"], c["read"], c["accepted"], c["rejected"]) for c in same.pop("inputs")] \
        == [(f, 1, 1, 0) for f in forms]
    # the demo ran the same round (dtikit.pipeline) on the same forms, in its own folder
    assert [(Path(c["source"]).name, c["read"], c["accepted"], c["rejected"])
            for c in expected.pop("inputs")] == [(Path(f).name, 1, 1, 0) for f in forms]
    assert same == expected
    check = run("check-table", HY, str(results))
    assert check.exit_code == 0, check.output
    assert "không có sai lệch" in check.output
    explained = run("explain", HY, forms[4], "--code", "2")
    assert explained.exit_code == 0 and "Thẩm định" in explained.output


@needs_xlsx
def test_score_rejects_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    fake = tmp_path / "form.xlsx"
    fake.write_text("STT,Chỉ số\n1,2\n", encoding="utf-8")
    result = run("score", HY, str(fake))
    assert result.exit_code == 2 and "form.xlsx" in result.output
    no_traceback(result)
    result = run("check-table", HY, str(fake))
    assert result.exit_code == 2 and "form.xlsx" in result.output
    no_traceback(result)


@needs_xlsx
def test_template_prefers_the_provinces_own_form(tmp_path: Path) -> None:
    out = tmp_path / "bieu03.xlsx"
    result = run("template", BR, "-o", str(out))
    assert result.exit_code == 0 and "baria_vungtau/bieu-03" in result.output
    generic = run("template", BR, "-o", str(tmp_path / "g.xlsx"), "--format", "xlsx")
    assert generic.exit_code == 0 and "định dạng xlsx" in generic.output
    unknown = run("template", BR, "-o", str(tmp_path / "u.xlsx"), "--format", "nope")
    assert unknown.exit_code == 2 and "chưa cài định dạng 'nope'" in unknown.output


@needs_xlsx
def test_appraisal_from_an_excel_form_joins_a_json_form(tmp_path: Path, demo_dir: Path) -> None:
    rubric = dtikit.default_host().rubric(HY)
    from dtikit.files import read_json_inputs

    cohort = read_json_inputs(rubric, Path(str(DEMO / FILES["hungyen_assessments"]))).assessments
    own = tmp_path / "mau-01.json"
    own.write_text(dtikit.dumps(cohort[0]), encoding="utf-8")  # self-assessment only
    appraised = demo_dir / "forms" / "results" / "01-mau-01.xlsx"  # form with the appraisal
    both = json.loads(run("score", HY, str(own), "--appraisal", str(appraised), "--json",
                          "-").stdout)
    alone = json.loads(run("score", HY, str(own), "--json", "-").stdout)
    expected = json.loads((demo_dir / "results.json").read_text(encoding="utf-8"))
    row = next(r for r in expected["rows"] if r["unit"]["id"] == "mau-01")
    assert both["rows"][0]["total"] == row["total"]
    assert alone["rows"][0]["total"] != row["total"]
    # a form without appraisal columns given as an appraisal file is refused, located
    blank = tmp_path / "blank.xlsx"
    assert run("template", HY, "-o", str(blank)).exit_code == 0
    result = run("score", HY, str(own), "--appraisal", str(blank))
    assert result.exit_code == 2 and "blank.xlsx" in result.output
    no_traceback(result)


def test_schema_prints_the_assessment_schema_and_it_describes_real_data() -> None:
    res = run("schema")
    assert res.exit_code == 0
    schema = json.loads(res.output)
    assert schema["$ref"] == "#/$defs/Assessment"
    answer = schema["$defs"]["Answer"]
    assert answer["required"] == ["code"]
    # a Decimal is a string with a decimal pattern, never a JSON number
    number = schema["$defs"]["Number"]["properties"]["value"]
    assert number["type"] == "string" and number["format"] == "decimal"
    assert run("schema", "results").exit_code == 0
    assert run("schema", "nothing").exit_code == 2


@pytest.mark.parametrize("args", [
    ("score", HY, "{missing}"),
    ("check-table", HY, "{missing}"),
    ("explain", HY, "{missing}", "--code", "1"),
    ("rubric", "validate", "{missing}"),
    ("rubric", "import", "{missing}", "-o", "{out}", "--id", "vidu/commune/2024"),
    ("score", HY, "{form}", "--previous", "{missing}"),
])
def test_a_missing_input_file_is_reported_alike_by_every_command(
        tmp_path: Path, hy_forms: tuple[str, str], args: tuple[str, ...]) -> None:
    missing = str(tmp_path / "khong-co.xlsx")
    result = run(*(a.format(missing=missing, out=tmp_path / "x.toml", form=hy_forms[0])
                   for a in args))
    assert result.exit_code == 2
    assert f"{missing}: không có tệp này" in result.output
