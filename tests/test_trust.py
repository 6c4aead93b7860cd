"""What dtikit guarantees (docs/guarantees.md), one test (or a few) per guarantee:
every unit read accounted for; JSON booleans and numbers as the schema says;
outputs that never destroy data; plugins that cannot take the host down; exit
codes that mean one thing each; rubric ids that resolve any year of validity."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result
from xlsx_fill import layout

import dtikit
from dtikit import plugins as plugins_mod
from dtikit.assessment import Assessment, Flag, NotApplicable
from dtikit.cli import cli, main
from dtikit.convert import JSONLimitError, from_data, parse_json
from dtikit.errors import OutputRefused
from dtikit.files import Inputs, read_inputs
from dtikit.numbers import check_digits, parse_number_text, to_decimal
from dtikit.outputs import atomic_path, check_outputs, write_atomic

HY = "hungyen/commune/2023"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def no_traceback(text: str) -> None:
    assert "Traceback" not in text


def form(folder: Path, name: str, unit: str, *, first: Any = 1, rest: Any = 1) -> Path:
    """A filled Hưng Yên form: ``first`` in the first indicator's result, ``rest`` in the others."""
    path = folder / name
    assert run("template", HY, "-o", str(path), "--unit", unit).exit_code == 0
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    lay = layout(ws)
    leaves = [k for k in lay.rows if k.startswith("leaf:")]
    for i, key in enumerate(leaves):
        lay.cell(ws, key, "in_a").value = first if i == 0 else rest
    wb.save(path)
    return path


def first_cell(path: Path) -> str:
    """Where the first indicator's result is on the form (the layout may move it)."""
    ws = openpyxl.load_workbook(path).worksheets[0]
    lay = layout(ws)
    key = next(k for k in lay.rows if k.startswith("leaf:"))
    return str(lay.cell(ws, key, "in_a").coordinate)


# ------------------------------------------------------------ 1. accounted for


def test_a_form_with_a_bad_cell_is_listed_as_not_ranked(tmp_path: Path) -> None:
    good = form(tmp_path, "a.xlsx", "Xã A")
    bad = form(tmp_path, "b.xlsx", "Xã B", first=150)  # the first index's maximum is 100
    out, report = tmp_path / "r.json", tmp_path / "r.html"
    result = run("score", HY, str(good), str(bad), "--json", str(out), "--report", str(report))
    assert result.exit_code == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [r["unit"]["name"] for r in data["rows"]] == ["Xã A"]
    [ex] = data["excluded"]
    assert ex["unit"]["name"] == "Xã B" and ex["reason"] == "rejected"
    assert "b.xlsx" in ex["message"] and f"Tự đánh giá!{first_cell(bad)}" in ex["message"]
    assert "indicator 1" in ex["message"] and "exceed the maximum 100" in ex["message"]
    counts = {Path(c["source"]).name: (c["read"], c["accepted"], c["rejected"])
              for c in data["inputs"]}
    assert counts == {"a.xlsx": (1, 1, 0), "b.xlsx": (1, 0, 1)}
    # the summary and the report say the same
    assert "Đã đọc 2 đơn vị từ 2 tệp: 1 được chấp nhận, 1 bị từ chối" in result.stdout
    assert "Xã B" in result.stdout.split("Không xếp hạng")[1]
    html = report.read_text(encoding="utf-8")
    assert "Xã B" in html and "b.xlsx" in html and "Đã đọc 2 đơn vị" in html
    # the problem line names the file, the cell and the unit; the indicator is in the message
    assert (f"{bad}, Tự đánh giá!{first_cell(bad)}, Xã B: chỉ số 1: điểm 150 vượt"
            in result.stderr)


def test_two_bad_forms_give_two_lines_each_naming_its_file(tmp_path: Path) -> None:
    one = form(tmp_path, "b1.xlsx", "Xã B", first=150)
    two = tmp_path / "b2.xlsx"
    two.write_bytes(one.read_bytes())  # the same form sent twice, under two names
    inputs = read_inputs(dtikit.PluginHost().rubric(HY), [one, two, one])  # one given twice
    lines = [str(p) for p in inputs.problems]
    assert len(lines) == 2 and len(set(lines)) == 2
    assert str(one) in lines[0] and str(two) in lines[1]
    assert [(c.source, c.read) for c in inputs.counts] == [(str(one), 1), (str(two), 1)]


def test_a_filled_form_on_a_hidden_sheet_is_a_located_problem(tmp_path: Path) -> None:
    good = form(tmp_path, "a.xlsx", "Xã A")
    hidden = form(tmp_path, "h.xlsx", "Xã H")
    wb = openpyxl.load_workbook(hidden)
    wb.create_sheet("Ghi chú", 0)
    wb.worksheets[1].sheet_state = "hidden"
    wb.active = 0
    wb.save(hidden)
    result = run("score", HY, str(good), str(hidden), "--json", str(tmp_path / "r.json"))
    assert result.exit_code == 1
    assert "trang tính bị ẩn" in result.stderr and "h.xlsx" in result.stderr
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [e["unit"]["name"] for e in data["excluded"]] == ["Xã H"]


def test_a_formula_without_a_saved_value_is_not_read_as_blank(tmp_path: Path) -> None:
    good = form(tmp_path, "a.xlsx", "Xã A")
    calc = form(tmp_path, "f.xlsx", "Xã F", first="=40+2")  # openpyxl saves no value
    result = run("score", HY, str(good), str(calc))
    assert result.exit_code == 1
    cell = first_cell(calc)
    assert f"f.xlsx, Tự đánh giá!{cell}, Xã F: công thức được lưu mà không có giá trị" in result.stderr
    for engine in ("calamine", "openpyxl"):
        from dtikit.formats.xlsx_read import read_assessments

        rep = read_assessments(dtikit.PluginHost().rubric(HY), calc, engine=engine)
        assert rep.rows_accepted == 0 and cell in rep.problems[0].where


def test_a_file_that_cannot_be_read_is_one_rejected_file(tmp_path: Path) -> None:
    good = form(tmp_path, "a.xlsx", "Xã A")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"%PDF-1.4 not a workbook")
    result = run("score", HY, str(good), str(junk), "--json", "-")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [r["unit"]["name"] for r in data["rows"]] == ["Xã A"]
    assert [e["unit"]["name"] for e in data["excluded"]] == ["(tệp junk.xlsx)"]
    assert "a PDF document" in data["excluded"][0]["message"]


def test_a_bad_json_item_is_one_rejected_unit(tmp_path: Path) -> None:
    rubric = dtikit.PluginHost().rubric(HY)
    one = Assessment(HY, dtikit.Unit("Xã J"), [dtikit.Answer("1", Decimal(5))])
    two = Assessment(HY, dtikit.Unit("Xã K"), [dtikit.Answer("1", Decimal(5))])
    items = json.loads(dtikit.dumps([one, two]))
    items[1]["answers"][0]["value"] = {"value": "1e400"}
    path = tmp_path / "in.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    inputs = read_inputs(rubric, [path])
    assert [a.unit.name for a in inputs.assessments] == ["Xã J"]
    assert [(r.unit, r.where) for r in inputs.rejected] == [("Xã K", f"{path}: item 2")]
    assert "too many digits" in str(inputs.problems[0]) or "not a decimal" in str(inputs.problems[0])


# ------------------------------------------------------------ 2. JSON as the schema says


@pytest.mark.parametrize("value", ["false", "true", 0, 1, None, "no"])
def test_json_booleans_are_booleans(value: Any) -> None:
    with pytest.raises(Exception) as info:
        from_data({"yes": value}, Flag)
    assert "not a boolean" in str(info.value) or "boolean" in repr(info.value)
    data = json.loads(dtikit.dumps(Assessment(HY, dtikit.Unit("X"), [])))
    data["ranked"] = value
    with pytest.raises(Exception):  # noqa: B017 - cattrs wraps it; what matters: refused
        from_data(data, Assessment)
    assert from_data({"yes": False}, Flag) == Flag(False)


def test_na_false_is_refused() -> None:
    assert from_data({"na": True}, NotApplicable) == NotApplicable()
    with pytest.raises(ValueError, match="na"):
        from_data({"na": False}, NotApplicable)


@pytest.mark.parametrize("text", ["1e400", "1" * 100_000, "-1" + "0" * 40, "NaN", "Infinity",
                                  "[" * 10_000 + "]" * 10_000, "1E+16"])
def test_json_numbers_and_depth_are_bounded(text: str) -> None:
    with pytest.raises(JSONLimitError):
        parse_json(text)


def test_numbers_follow_the_stated_digit_limits() -> None:
    assert parse_json("[123456789012345.5, 1e5]") == [Decimal("123456789012345.5"),
                                                     Decimal("100000")]
    assert to_decimal("999999999999999") == Decimal("999999999999999")  # 15 digits
    for bad in ("1000000000000000", "1" * 29 + ".5"):
        with pytest.raises(ValueError, match="too many digits"):
            to_decimal(bad)
    with pytest.raises(ValueError):
        parse_number_text("9" * 100_000)
    with pytest.raises(ValueError):
        check_digits(Decimal("1e400"))


def test_deeply_nested_previous_results_are_a_located_error(tmp_path: Path) -> None:
    deep = tmp_path / "prev.json"
    deep.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    good = form(tmp_path, "a.xlsx", "Xã A")
    result = run("score", HY, str(good), "--previous", str(deep))
    assert result.exit_code == 2 and "prev.json" in result.output
    assert "lồng nhau sâu hơn giới hạn" in result.output
    no_traceback(result.output)


# ------------------------------------------------------------ 3. outputs


def test_no_output_over_an_existing_file_without_force(tmp_path: Path) -> None:
    good = form(tmp_path, "a.xlsx", "Xã A")
    for flag, name in (("-o", "r.xlsx"), ("--report", "r.html"), ("--json", "r.json")):
        target = tmp_path / name
        target.write_text("old", encoding="utf-8")
        result = run("score", HY, str(good), flag, str(target))
        assert result.exit_code == 2 and "--force" in result.output and str(target) in result.output
        assert target.read_text(encoding="utf-8") == "old"
        assert run("score", HY, str(good), flag, str(target), "--force").exit_code == 0
        assert target.read_bytes() != b"old"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_never_over_an_input_even_with_force(tmp_path: Path) -> None:
    good = form(tmp_path, "a.xlsx", "Xã A")
    before = good.read_bytes()
    for args in (("-o", str(good)), ("--report", str(good)), ("--json", str(good))):
        result = run("score", HY, str(good), *args, "--force")
        assert result.exit_code == 2 and "đầu vào của lần chạy này" in result.output
    folder = run("score", HY, str(tmp_path), "-o", str(good), "--force")
    assert folder.exit_code == 2
    assert good.read_bytes() == before


def test_two_outputs_to_one_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputRefused, match="the same file"):
        check_outputs([("-o", tmp_path / "x.json"), ("--json", tmp_path / "x.json")])


def test_the_demo_and_template_ask_for_force(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    result = run("demo", "--out", str(out))
    assert result.exit_code == 2 and "--force" in result.output
    form_path = tmp_path / "t.xlsx"
    form_path.write_text("old", encoding="utf-8")
    assert run("template", HY, "-o", str(form_path)).exit_code == 2
    assert form_path.read_text(encoding="utf-8") == "old"


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")

    class Boom(Exception):
        pass

    with pytest.raises(Boom), atomic_path(target) as temp:
        temp.write_text("half", encoding="utf-8")
        raise Boom
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
    # an error naming the temporary file names the output instead
    with pytest.raises(OSError) as info, atomic_path(tmp_path / "no-dir" / "x.json") as temp:
        temp.write_text("x", encoding="utf-8")
    assert info.value.filename == str(tmp_path / "no-dir" / "x.json")
    write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"


_WRITER = r"""
import builtins, io, os, signal, sys
from pathlib import Path
import dtikit
from dtikit.convert import dumps
from dtikit.outputs import write_atomic
from dtikit.plugins import PluginHost
kind, target = sys.argv[1], Path(sys.argv[2])
host = PluginHost()
rubric = host.rubric("hungyen/commune/2023")
units = [dtikit.Assessment(rubric.id, dtikit.Unit(f"Xã {i:04d}"),
                           [dtikit.Answer(n.code, n.max) for n in rubric.leaves()])
         for i in range(300)]
cards = dtikit.score(rubric, units)
results = dtikit.rank(cards, rubric)


def write(i):
    if kind == "json":
        write_atomic(target, dumps(results) + "\n")
    elif kind == "xlsx":
        from dtikit.formats.xlsx_results import write_results
        write_results(rubric, results, cards, target)
    elif kind == "template":
        from dtikit.formats.xlsx_form import write_template
        write_template(rubric, target, unit=f"Xã {i}")
    elif kind == "collection":
        from dtikit.formats.collection import write_collection
        write_collection(rubric, units[:50 + i], target)
    elif kind == "html":
        from dtikit.report import write_report
        write_report(rubric, results, cards, target, title=f"Lần {i}")


write(1)
budget = [target.stat().st_size // 2]  # the second write is killed half-way through
real_open = builtins.open


class Counted:
    def __init__(self, fh):
        self._fh = fh

    def write(self, data):
        budget[0] -= len(data)
        if budget[0] <= 0:
            os.kill(os.getpid(), signal.SIGKILL)  # kill -9, in the middle of the write
        return self._fh.write(data)

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._fh.__exit__(*exc)

    def __iter__(self):
        return iter(self._fh)


def counting_open(file, mode="r", *args, **kwargs):
    fh = real_open(file, mode, *args, **kwargs)
    beside = isinstance(file, (str, os.PathLike)) and Path(file).parent == target.parent
    return Counted(fh) if beside and any(m in mode for m in "wxa+") else fh


builtins.open = io.open = counting_open
write(2)
print("not killed", flush=True)
"""


def _whole(kind: str, path: Path) -> bool:
    import zipfile

    data = path.read_bytes()
    if kind == "json":
        json.loads(data)
        return True
    if kind == "html":
        return data.rstrip().endswith(b"</html>")
    with zipfile.ZipFile(path) as z:
        return z.testzip() is None


@pytest.mark.parametrize("kind", ["json", "xlsx", "template", "collection", "html"])
def test_kill_9_during_a_writer_leaves_the_old_or_the_new_file(tmp_path: Path, kind: str) -> None:
    """The writer's process kills itself (SIGKILL) half-way through writing the second
    version of the file: the first version is still there, whole, and nothing else."""
    suffix = {"json": ".json", "html": ".html"}.get(kind, ".xlsx")
    target = tmp_path / f"out{suffix}"
    script = tmp_path / "writer.py"
    script.write_text(_WRITER, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script), kind, str(target)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert "not killed" not in proc.stdout
    assert _whole(kind, target)
    # the killed writer's temporary file is removed by the next write of the file
    left = [p for p in tmp_path.iterdir() if p.name.startswith(f".{target.name}.")]
    assert len(left) == 1
    from dtikit.outputs import write_atomic

    write_atomic(target, b"{}" if kind == "json" else b"x")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(f".{target.name}.")]


# ------------------------------------------------------------ 5. plugins


@pytest.fixture
def hostile_host(monkeypatch: pytest.MonkeyPatch) -> Iterator[dtikit.PluginHost]:
    from dtikit.formats.base import Format, ImportReport

    base = dtikit.PluginHost().rubric(HY)

    class ExitsInHook:
        @dtikit.hookimpl
        def dtikit_methods(self) -> list[Any]:
            sys.exit("plugin says bye")

    class HugeRubric:
        @dtikit.hookimpl
        def dtikit_rubrics(self) -> list[dtikit.Rubric]:
            import attrs

            leaf = attrs.evolve(base.indicators[0],
                                max=Decimal("1234567890123456789012345678901"))
            return [attrs.evolve(base, id="evil/commune/2023", province="evil",
                                 indicators=[leaf, *base.indicators[1:]])]

    def crash(rubric: dtikit.Rubric, path: Path) -> ImportReport:
        raise ValueError("I only read my own forms")

    def crash_writing(rubric: dtikit.Rubric, results: Any, cards: Any, path: Path) -> None:
        Path(path).write_bytes(b"half a workbook")
        raise SystemExit("my writer gives up")

    class Claims:
        @dtikit.hookimpl
        def dtikit_formats(self) -> list[Format]:
            return [Format("evilxlsx", "Evil", (".xlsx",), (HY,), read_assessments=crash,
                           write_results=crash_writing)]

    host = dtikit.PluginHost(plugins=[
        ("exits_in_hook", ExitsInHook()), ("huge_rubric", HugeRubric()), ("claims", Claims())])
    monkeypatch.setattr(plugins_mod, "_default", host)
    yield host


def test_plugins_cannot_take_the_host_down(hostile_host: dtikit.PluginHost) -> None:
    report = hostile_host.report
    stages = {(f.plugin, f.stage) for f in report.failures}
    assert ("exits_in_hook", "methods") in stages
    assert ("huge_rubric", "rubrics") in stages
    assert hostile_host.rubric(HY).id == HY  # the others still work
    assert any("'evilxlsx' of plugin 'claims'" in n and ".xlsx" in n for n in report.notes)
    listed = run("plugins", "--check")
    assert listed.exit_code == 1
    assert "exits_in_hook" in listed.output and "huge_rubric" in listed.output
    assert "LƯU Ý định dạng 'evilxlsx'" in listed.output
    assert "evilxlsx" in run("plugins").output


def test_a_plugin_format_names_itself_and_fails_one_file(hostile_host: dtikit.PluginHost,
                                                         tmp_path: Path) -> None:
    one = Assessment(HY, dtikit.Unit("Xã J"), [dtikit.Answer("1", Decimal(5))])
    js = tmp_path / "j.json"
    js.write_text(dtikit.dumps([one]), encoding="utf-8")
    xl = tmp_path / "x.xlsx"
    xl.write_bytes(b"anything")
    result = run("score", HY, str(js), str(xl))
    assert result.exit_code == 1
    assert ("định dạng 'evilxlsx' của phần bổ trợ 'claims' không đọc được tệp này"
            in result.stderr)
    assert "Xã J" in result.stdout


def test_a_plugin_writer_names_itself_and_leaves_no_file(hostile_host: dtikit.PluginHost,
                                                         tmp_path: Path) -> None:
    """A format's writer that fails (here by SystemExit) is one located error, from the
    API (``pipeline.write_results_file``) as from the command: exit 2, no output and
    no temporary file left."""
    from dtikit.errors import WriteFailed
    from dtikit.pipeline import Round, write_results_file

    one = Assessment(HY, dtikit.Unit("Xã J"), [dtikit.Answer("1", Decimal(5))])
    js = tmp_path / "j.json"
    js.write_text(dtikit.dumps([one]), encoding="utf-8")
    out = tmp_path / "out.xlsx"
    result = run("score", HY, str(js), "-o", str(out))  # the rubric's own format first
    assert result.exit_code == 2
    assert "định dạng 'evilxlsx' của phần bổ trợ 'claims' không ghi được tệp này" in result.stderr
    assert "SystemExit: my writer gives up" in result.stderr
    assert list(tmp_path.iterdir()) == [js]
    rubric = hostile_host.rubric(HY)
    cards = dtikit.score(rubric, [one])
    done = Round(rubric, Inputs((one,), ()), cards, dtikit.rank(cards, rubric))
    with pytest.raises(WriteFailed) as err:
        write_results_file(done, out, formats=hostile_host.formats(HY), format_name="evilxlsx")
    assert err.value.code == "write_failed" and err.value.problems[0].where == str(out)


def test_sys_exit_at_import_is_a_failure_not_an_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    class EP:
        name = "exits_at_import"
        dist = None

        def load(self) -> Any:
            raise SystemExit(3)

    monkeypatch.setattr(plugins_mod.importlib.metadata, "entry_points",
                        lambda group: [EP()])
    host = dtikit.PluginHost()
    assert [(f.plugin, f.stage) for f in host.report.failures] == [("exits_at_import", "import")]
    assert HY not in host.rubrics()  # its own plugins did not load here; the builtin did
    assert host.methods


def test_ctrl_c_still_stops() -> None:
    class Interrupted:
        @dtikit.hookimpl
        def dtikit_rubrics(self) -> list[dtikit.Rubric]:
            raise KeyboardInterrupt

    host = dtikit.PluginHost(entry_points=False, plugins=[("ctrl_c", Interrupted())])
    with pytest.raises(KeyboardInterrupt):
        host.rubrics()


# ------------------------------------------------------------ 6. exit codes


def test_an_internal_error_is_one_line_and_exit_3(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from dtikit.cli import plugins as plugins_cli

    def bug(*_: Any, **__: Any) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(plugins_cli, "_rubric_summary", bug)
    assert main(["rubrics", "--json"]) == 3
    err = capsys.readouterr().err
    assert "lỗi nội bộ: ZeroDivisionError: a bug" in err and "--debug" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert main(["--debug", "rubrics", "--json"]) == 3
    assert "Traceback" in capsys.readouterr().err


def test_usage_and_bad_input_exit_2_findings_1(tmp_path: Path) -> None:
    assert main(["score"]) == 2
    assert main(["rubric", "show", "nowhere/commune/1999"]) == 2
    good = form(tmp_path, "a.xlsx", "Xã A")
    bad = form(tmp_path, "b.xlsx", "Xã B", first=150)
    assert main(["score", HY, str(good), str(bad)]) == 1
    assert main(["score", HY, str(good)]) == 0


def test_a_closed_pipe_ends_quietly() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "dtikit", "rubric", "show", HY, "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line is written
    err = proc.stderr.read().decode()
    assert proc.wait() == 0, err
    assert "Broken pipe" not in err and "Traceback" not in err and "Exception" not in err


def test_absurd_rubric_numbers_and_depth_are_located(tmp_path: Path) -> None:
    head = ('schema = 1\nid = "x/commune/2023"\nprovince = "x"\ntier = "commune"\n'
            'year = 2023\ntitle = "t"\nscale = "100"\n[source]\ndecision = "1/QĐ"\n')
    big = tmp_path / "big.toml"
    big.write_text(head + '[[indicators]]\ncode = "1"\nname = "n"\n'
                   'max = "123456789012345678901234567"\nmethod = { kind = "awarded" }\n',
                   encoding="utf-8")
    rows, code = [], ""
    for _ in range(900):
        code = f"{code}.1" if code else "1"
        rows.append(f'[[indicators]]\ncode = "{code}"\nname = "n"\nmax = "1"\n')
    deep = tmp_path / "deep.toml"
    deep.write_text(head + "\n".join(rows), encoding="utf-8")
    for path, says in ((big, "có quá nhiều chữ số"), (deep, "cấp, vượt giới hạn")):
        for args in (("rubric", "validate", str(path)), ("rubric", "show", str(path))):
            result = CliRunner().invoke(cli, list(args))
            assert result.exit_code in (1, 2) and says in result.output, result.output
            assert result.exception is None or isinstance(result.exception, SystemExit)
            no_traceback(result.output)


def test_a_32767_character_name_is_a_located_rejection(tmp_path: Path) -> None:
    long = Assessment(HY, dtikit.Unit("X" * 32_767), [dtikit.Answer("1", Decimal(5))])
    ok = Assessment(HY, dtikit.Unit("Xã J"), [dtikit.Answer("1", Decimal(5))])
    path = tmp_path / "in.json"
    path.write_text(dtikit.dumps([long, ok]), encoding="utf-8")
    result = run("score", HY, str(path), "-o", str(tmp_path / "r.xlsx"))
    assert result.exit_code == 1 and "vượt giới hạn 500" in result.stderr
    assert "Xã J" in result.stdout and (tmp_path / "r.xlsx").is_file()


# ------------------------------------------------------------ 9. rubric ids


def test_rubric_ids_resolve_any_year_of_validity_case_insensitively() -> None:
    host = dtikit.PluginHost()
    assert host.rubric("hungyen/commune/2024").id == HY  # valid 2023–2024
    assert host.rubric("HungYen/Commune/2023").id == HY
    with pytest.raises(dtikit.errors.UnknownRubric, match="did you mean hungyen/commune/2023"):
        host.rubric("hungyen/commune/2025")
    with pytest.raises(dtikit.errors.UnknownRubric, match="did you mean hungyen/commune/2023"):
        host.rubric("hungyen/comune/2023")
    assert run("rubric", "show", "HUNGYEN/commune/2024").exit_code == 0


# ------------------------------------------------------------ 1. the property


def _corrupt(path: Path, rubric: dtikit.Rubric, pick: int) -> str | None:
    """Type text no answer can be into one input cell of the form; the cell's reference.

    A tracked indicator (kind ``any``) takes any text, and a part cell under a
    Không áp dụng leaf is not an answer: neither is a corruption; None when the
    rubric has no other leaf."""
    from dtikit.formats.spec import leaf_inputs

    inputs = [i for i in leaf_inputs(rubric).values() if i.kind not in ("any", "parts")]
    if not inputs:
        return None
    inp = inputs[pick % len(inputs)]
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    lay = layout(ws)
    cell = lay.cell(ws, f"leaf:{inp.code}", "in_a")
    cell.value = "?!x không hợp lệ"
    cell.data_type = "s"
    wb.save(path)
    return f"{ws.title}!{cell.coordinate}"


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_every_unit_read_appears_exactly_once_whatever_is_corrupted(tmp_path_factory:
                                                                  pytest.TempPathFactory) -> None:
    from budget import examples
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from dtikit.files import account
    from dtikit.formats.xlsx_form import write_filled_form
    from dtikit.testing.strategies import cohorts

    @settings(max_examples=examples(12), deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(cohorts(min_units=1, max_units=5), st.data())
    def check(case: tuple[dtikit.Rubric, tuple[Assessment, ...]], data: st.DataObject) -> None:
        rubric, cohort = case
        folder = tmp_path_factory.mktemp("cohort")
        broken = data.draw(st.sets(st.integers(0, len(cohort) - 1)), label="corrupted units")
        paths, cells = [], {}
        for i, a in enumerate(cohort):
            path = folder / f"{i:02d}.xlsx"
            write_filled_form(rubric, a, None, path)
            if i in broken:
                where = _corrupt(path, rubric, data.draw(st.integers(0, 1000), label="cell"))
                if where is not None:
                    cells[a.unit.name] = (path.name, where)
            paths.append(path)
        inputs = read_inputs(rubric, paths)
        cards = dtikit.score(rubric, inputs.assessments)
        results = account(dtikit.rank(cards, rubric), inputs, rubric)
        seen = [r.unit.name for r in results.rows] + [e.unit.name for e in results.excluded]
        assert sorted(seen) == sorted(a.unit.name for a in cohort)  # each exactly once
        for e in results.excluded:
            if e.unit.name in cells:
                file, cell = cells[e.unit.name]
                assert e.reason == "rejected" and file in e.message and cell in e.message
            else:
                assert e.reason != "rejected"
        assert sum(c.read for c in results.inputs) == len(cohort)
        assert sum(c.rejected for c in results.inputs) == len(cells)

    check()


# ------------------------------------------------------------ 4. text inputs are bounded


def test_text_tables_json_and_rubric_files_are_bounded(tmp_path: Path) -> None:
    from dtikit.formats.safety import DEFAULT_LIMITS

    table = tmp_path / "big.csv"
    line = "1,Xã A," + ",".join(["10"] * 8) + ",80,Tốt\n"
    table.write_text(line * (DEFAULT_LIMITS.max_text_bytes // len(line) + 10), encoding="utf-8")
    start = time.perf_counter()
    result = run("check-table", HY, str(table))
    assert result.exit_code == 2 and "big.csv" in result.output and "giới hạn" in result.output
    rubric = tmp_path / "huge.toml"
    head = 'schema = 1\nid = "x/commune/2023"\nprovince = "x"\ntier = "commune"\nyear = 2023\n'
    rubric.write_text(head + "".join(f'[[indicators]]\ncode = "{i}"\n' for i in range(1_000_000)),
                      encoding="utf-8")
    result = run("rubric", "validate", str(rubric))
    assert result.exit_code in (1, 2) and "huge.toml" in result.output
    assert "giới hạn" in result.output
    assert time.perf_counter() - start < 60  # generous: both are refused by their size


def test_a_rubric_with_too_many_rows_is_refused_by_count(tmp_path: Path) -> None:
    from dtikit.formats.safety import DEFAULT_LIMITS

    rows = DEFAULT_LIMITS.max_indicators + 1
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"schema": 1, "indicators": [{"code": str(i)} for i in range(rows)]}),
                    encoding="utf-8")
    result = run("rubric", "validate", str(path))
    assert result.exit_code in (1, 2) and f"{rows:,} dòng chỉ số".replace(",", ".") in result.output
