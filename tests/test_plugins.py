"""The plugin seam: the four province plugins found through the entry-point group,
a plugin defined here (not shipped) registered in code and used end to end with its
own method and format, broken plugins reported by name while the others load,
conflicts naming both plugins, blocking by environment, and a core that knows no
province."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dtikit
from dtikit import (
    AnswerError,
    Assessment,
    Band,
    Classification,
    Format,
    ImportReport,
    Indicator,
    Method,
    MethodSpec,
    Number,
    Outcome,
    PluginConflict,
    PluginHost,
    Rejected,
    Rubric,
    Source,
    UnknownRubric,
)
from dtikit.assessment import Answer, Flag, Unit
from dtikit.plugins import DISABLE_ENV
from dtikit.validation import validate_rubric

D = Decimal
PROVINCES = {
    "hungyen": ("dtikit-hungyen", {"hungyen/commune/2023"}),
    "haiduong": ("dtikit-haiduong", {"haiduong/district/2022", "haiduong/department/2023"}),
    "baria_vungtau": ("dtikit-baria-vungtau", {"baria_vungtau/department/2024",
                                               "baria_vungtau/district/2024",
                                               "baria_vungtau/commune/2024"}),
    "nghean": ("dtikit-nghean", {"nghean/department/2023", "nghean/district/2023",
                                 "nghean/commune/2023"}),
}


# ======================================================= the shipped plugins


def test_the_four_provinces_are_entry_points() -> None:
    eps = {ep.name: ep for ep in importlib.metadata.entry_points(group="dtikit")}
    assert set(PROVINCES) <= set(eps)
    for name, (dist, _) in PROVINCES.items():
        assert eps[name].value == f"dtikit_{name}"
        assert eps[name].dist is not None and eps[name].dist.metadata["Name"] == dist


def test_the_host_loads_them_all_with_every_rubric_valid() -> None:
    host = PluginHost()
    report = host.report
    assert report.ok, [str(f) for f in report.failures]
    infos = {p.name: p for p in report.plugins}
    assert infos["dtikit.builtin"].origin == "builtin"
    assert "awarded" in infos["dtikit.builtin"].methods
    for name, (dist, rubric_ids) in PROVINCES.items():
        info = infos[name]
        assert (info.origin, info.distribution) == ("entry point", dist)
        assert set(info.rubrics) == rubric_ids
        for rid in rubric_ids:
            rubric = host.rubric(rid)
            assert validate_rubric(rubric, host.methods) == ()
            assert rubric.province == name and host.owner_of(rid) == name
    assert set(host.rubrics()) >= set().union(*(ids for _, ids in PROVINCES.values()))
    assert list(host.rubrics()) == sorted(host.rubrics())


def test_unknown_rubric() -> None:
    with pytest.raises(UnknownRubric, match="hungyen/commune/2023"):
        PluginHost().rubric("hungyen/commune/2099")


# ============================= a plugin defined in the test suite (not shipped)

SURVEY_RUBRIC_ID = "thunghiem/commune/2024"


class SurveyMethod(Method):
    """Share of residents satisfied (a percentage): full points from 80 % up,
    proportional below (a survey item, F13 in methods-and-bands.md)."""

    kind = "test.survey"
    title = "Khảo sát mức độ hài lòng"
    accepts = (Number,)

    def setup(self, problems: list[str]) -> None:
        self.full_at = self._param_decimal("full_at", problems, "80")

    def score(self, value: Any, best: Decimal | None = None) -> Outcome:
        pct = value.value
        if not 0 <= pct <= 100:
            raise AnswerError(f"{pct}% is not a percentage")
        pts = self.max * min(pct, self.full_at) / self.full_at
        return Outcome(pts, f"{pct}% hài lòng → {pts} điểm")


def survey_rubric() -> Rubric:
    return Rubric(
        id=SURVEY_RUBRIC_ID, province="thunghiem", tier="commune", year=2024,
        title="Bộ chỉ số thử nghiệm (không phải văn bản thật)", scale=D(100),
        source=Source("0000/QĐ-TEST", issuer="bộ kiểm thử dtikit"),
        classification=Classification("percent", [Band("Đạt", "50", True),
                                                   Band("Chưa đạt", None, True, "50")]),
        indicators=[
            Indicator("1", "Sự hài lòng của người dân", D(40), "main",
                      MethodSpec("test.survey", {"full_at": "80"})),
            Indicator("2", "Cổng thông tin có chuyên mục chuyển đổi số", D(60), "main",
                      MethodSpec("yes_no")),
        ])


def read_survey_csv(rubric: Rubric, path: Path) -> ImportReport:
    """unit;percent satisfied;portal (có/không) — one row per commune."""
    rows = [ln.split(";") for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    accepted: list[Assessment] = []
    rejected: list[Rejected] = []
    for i, cells in enumerate(rows, start=1):
        if len(cells) != 3 or cells[2].strip().lower() not in ("có", "không"):
            rejected.append(Rejected(f"{path.name}:{i}", f"cannot read {cells!r}"))
            continue
        name, pct, portal = (c.strip() for c in cells)
        accepted.append(Assessment(rubric.id, Unit(name), [
            Answer("1", Number(pct)), Answer("2", Flag(portal.lower() == "có"))]))
    return ImportReport(str(path), tuple(accepted), (), len(rows), len(accepted),
                        tuple(rejected))


SURVEY_FORMAT = Format("thunghiem/csv", "Bảng khảo sát (CSV)", (".csv",), (SURVEY_RUBRIC_ID,),
                       read_assessments=read_survey_csv)


class SurveyPlugin:
    """A province outside this repository: only the documented hooks."""

    @dtikit.hookimpl
    def dtikit_methods(self) -> Iterable[type[Method]]:
        return [SurveyMethod]

    @dtikit.hookimpl
    def dtikit_rubrics(self) -> Iterable[Rubric]:
        return [survey_rubric()]

    @dtikit.hookimpl
    def dtikit_formats(self) -> Iterable[Format]:
        return [SURVEY_FORMAT]


SURVEY_PLUGIN = SurveyPlugin()


def test_a_plugin_registered_in_code_is_used_end_to_end(tmp_path: Path) -> None:
    host = PluginHost(entry_points=False)
    host.register(SurveyPlugin(), name="thunghiem")
    report = host.report
    assert report.ok, [str(f) for f in report.failures]
    info = {p.name: p for p in report.plugins}["thunghiem"]
    assert (info.origin, info.rubrics, info.methods, info.formats) == (
        "code", (SURVEY_RUBRIC_ID,), ("test.survey",), ("thunghiem/csv",))
    rubric = host.rubric(SURVEY_RUBRIC_ID)
    # its own method: valid with the host's methods, unknown to the built-ins alone
    assert validate_rubric(rubric, host.methods) == ()
    assert any("unknown method 'test.survey'" in p.message for p in validate_rubric(rubric))
    assert "thunghiem/csv" in host.formats(SURVEY_RUBRIC_ID)  # beside the core's own
    assert "thunghiem/csv" not in host.formats("hungyen/commune/2023")

    path = tmp_path / "khao_sat.csv"
    path.write_text("UBND xã An;90;có\nUBND xã Bình;40;có\nUBND xã Cường;80;không\n"
                    "dòng hỏng\nUBND xã Đông;60;có\n", encoding="utf-8")
    fmt = host.format("thunghiem/csv")
    assert fmt.read_assessments is not None
    imported = fmt.read_assessments(rubric, path)
    assert (imported.rows_read, imported.rows_accepted) == (5, 4)
    assert [r.where for r in imported.rejected] == ["khao_sat.csv:4"]

    cards = dtikit.score(rubric, imported.assessments, methods=host.methods)
    results = dtikit.rank(cards, rubric)
    # An: 40 + 60; Đông: 60/80 × 40 = 30, + 60; Bình: 40/80 × 40 = 20, + 60; Cường: 40 + 0
    assert [(r.rank, r.unit.name, r.total, r.class_label) for r in results.rows] == [
        (1, "UBND xã An", D(100), "Đạt"), (2, "UBND xã Đông", D(90), "Đạt"),
        (3, "UBND xã Bình", D(80), "Đạt"), (4, "UBND xã Cường", D(40), "Chưa đạt")]
    assert "70% hài lòng" not in (cards[0].node("1").final_rule or "")
    assert cards[0].node("1").final_rule == "90% hài lòng → 40 điểm"
    # the plugin's method keeps the contract: a bad answer is a typed, located error
    bad = Assessment(rubric.id, Unit("UBND xã Sai"), [Answer("1", Number(120)),
                                                      Answer("2", Flag(True))])
    with pytest.raises(dtikit.AssessmentInvalid, match="unit UBND xã Sai, code 1"):
        dtikit.score(rubric, [bad], methods=host.methods)


def test_the_default_host_does_not_see_a_plugin_registered_elsewhere() -> None:
    PluginHost(entry_points=False).register(SurveyPlugin(), name="thunghiem")
    with pytest.raises(UnknownRubric):
        dtikit.default_host().rubric(SURVEY_RUBRIC_ID)


def test_plugins_given_to_the_constructor() -> None:
    host = PluginHost(entry_points=False, plugins=[("thunghiem", SurveyPlugin())])
    assert SURVEY_RUBRIC_ID in host.rubrics()


# ============================================================ broken plugins


class InvalidRubricPlugin:
    @dtikit.hookimpl
    def dtikit_rubrics(self) -> Iterable[Rubric]:
        good = survey_rubric()
        bad = Rubric(id="hong/commune/2024", province="hong", tier="commune", year=2024,
                     title="Hỏng", scale=D(100), source=Source("0/QĐ"),
                     indicators=[Indicator("1", "Chỉ số", D(100), "main", children=[
                         Indicator("1.1", "a", D(30), method=MethodSpec("yes_no"))])])
        not_a_rubric: Any = {"id": "x/y/2024"}
        return [bad, not_a_rubric, good]

    @dtikit.hookimpl
    def dtikit_methods(self) -> Iterable[type[Method]]:
        return [SurveyMethod]


class RaisingPlugin:
    @dtikit.hookimpl
    def dtikit_rubrics(self) -> Iterable[Rubric]:
        raise RuntimeError("không đọc được tệp bộ chỉ số")

    @dtikit.hookimpl
    def dtikit_formats(self) -> Iterable[Format]:
        return [Format("raising/xlsx", "Biểu mẫu")]


class MisspeltPlugin:
    @dtikit.hookimpl
    def dtikit_rubric(self) -> Iterable[Rubric]:  # the spec is dtikit_rubrics
        return [survey_rubric()]


class BadMethodsPlugin:
    @dtikit.hookimpl
    def dtikit_methods(self) -> Iterable[Any]:
        class Awarded(SurveyMethod):
            kind = "awarded"  # the built-in's name

        return [Awarded, "test.survey"]

    @dtikit.hookimpl
    def dtikit_formats(self) -> Iterable[Any]:
        return [Format("raising/xlsx", "Trùng tên"), object()]


def fake_entry_points(monkeypatch: pytest.MonkeyPatch, extra: dict[str, str]) -> None:
    """The real ``dtikit`` entry points plus fake ones (name → "module:attr")."""
    real = importlib.metadata.entry_points

    def entry_points(**kw: Any) -> Any:
        found = list(real(**kw))
        if kw.get("group") == "dtikit":
            found += [importlib.metadata.EntryPoint(name=n, value=v, group="dtikit")
                      for n, v in extra.items()]
        return found

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)


def test_a_plugin_that_fails_to_import_is_reported_and_the_others_load(
        monkeypatch: pytest.MonkeyPatch) -> None:
    fake_entry_points(monkeypatch, {
        "mat_tich": "dtikit_khong_ton_tai",
        "thieu_doi_tuong": f"{__name__}:KhongCo",
        "thunghiem": f"{__name__}:SURVEY_PLUGIN",
    })
    host = PluginHost()
    failures = {f.plugin: f for f in host.report.failures}
    assert set(failures) == {"mat_tich", "thieu_doi_tuong"}
    assert failures["mat_tich"].stage == "import"
    assert "ModuleNotFoundError" in failures["mat_tich"].reason
    assert "dtikit_khong_ton_tai" in failures["mat_tich"].reason
    assert "Traceback" in failures["mat_tich"].detail
    assert "AttributeError" in failures["thieu_doi_tuong"].reason
    assert str(failures["mat_tich"]).startswith("plugin 'mat_tich' (import): ")
    # everything else loaded, the fake good plugin included (a class is a plugin too)
    assert {"hungyen/commune/2023", "nghean/commune/2023", SURVEY_RUBRIC_ID} <= set(
        host.rubrics())


def test_bad_data_from_a_plugin_is_reported_by_name() -> None:
    host = PluginHost(entry_points=True, plugins=[("hong", InvalidRubricPlugin()),
                                                   ("nem_loi", RaisingPlugin()),
                                                   ("sai_ten", MisspeltPlugin()),
                                                   ("phuong_thuc", BadMethodsPlugin())])
    failures = [(f.plugin, f.stage, f.reason) for f in host.report.failures]

    def find(plugin: str, stage: str, text: str) -> bool:
        return any(p == plugin and s == stage and text in r for p, s, r in failures)

    assert find("hong", "rubrics", "rubric hong/commune/2024 fails validation")
    assert find("hong", "rubrics", "is not a dtikit.Rubric")
    assert find("nem_loi", "rubrics", "RuntimeError: không đọc được tệp bộ chỉ số")
    assert find("sai_ten", "register", "dtikit_rubric")
    assert find("phuong_thuc", "conflict", "method 'awarded' is also defined by plugin "
                                          "'dtikit.builtin'")
    assert find("phuong_thuc", "methods", "'test.survey' is not a dtikit.Method subclass")
    assert find("phuong_thuc", "conflict", "format 'raising/xlsx' is also offered by plugin "
                                          "'nem_loi'")
    assert find("phuong_thuc", "formats", "is not a dtikit.Format")
    detail = next(f.detail for f in host.report.failures if "fails validation" in f.reason)
    assert "children add up to 30, not the maximum 100" in detail
    # what the broken plugins did provide still works, and the provinces all load
    assert SURVEY_RUBRIC_ID in host.rubrics()
    assert "hong/commune/2024" not in host.rubrics()
    assert "raising/xlsx" in host.formats()
    assert host.methods["awarded"].__module__ == "dtikit.methods.builtin"
    for _, (_, ids) in PROVINCES.items():
        assert ids <= set(host.rubrics())
    assert not host.report.ok
    # the misspelt plugin is not left half-registered
    assert "sai_ten" not in {p.name for p in host.report.plugins}


def test_a_plugin_cannot_shadow_a_core_format() -> None:
    """Regression: plugins were collected in pluggy's call order (last registered
    first), so a plugin's "xlsx" replaced the core's and the core was blamed."""

    class Shadow:
        @dtikit.hookimpl
        def dtikit_formats(self) -> Iterable[Format]:
            return [Format("xlsx", "Bản sao")]

    host = PluginHost(entry_points=False, plugins=[("bong", Shadow())])
    assert host.format("xlsx").title != "Bản sao"
    assert [(f.plugin, f.stage) for f in host.report.failures] == [("bong", "conflict")]


def test_failures_are_not_doubled_by_collecting_again() -> None:
    host = PluginHost(entry_points=False, plugins=[("nem_loi", RaisingPlugin())])
    first = host.report.failures
    host.register(SurveyPlugin(), name="thunghiem")  # invalidates the collection
    assert host.report.failures == first


def test_two_plugins_offering_the_same_rubric_is_an_error_naming_both() -> None:
    host = PluginHost(entry_points=False, plugins=[("mot", SurveyPlugin()),
                                                   ("hai", InvalidRubricPlugin())])
    with pytest.raises(PluginConflict) as info:
        host.rubric(SURVEY_RUBRIC_ID)
    assert "'mot'" in str(info.value) and "'hai'" in str(info.value)
    assert DISABLE_ENV in str(info.value)
    assert SURVEY_RUBRIC_ID not in host.rubrics()
    conflicts = [f for f in host.report.failures if f.stage == "conflict"]
    assert [f.reason for f in conflicts] == [
        f"rubric {SURVEY_RUBRIC_ID} is offered by plugins 'mot' and 'hai'"]
    infos = {p.name: p for p in host.report.plugins}
    assert SURVEY_RUBRIC_ID not in infos["mot"].rubrics + infos["hai"].rubrics


def test_disable_plugins_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DISABLE_ENV, "hungyen, nghean")
    host = PluginHost()
    blocked = {f.plugin for f in host.report.failures if f.stage == "blocked"}
    assert blocked == {"hungyen", "nghean"}
    with pytest.raises(UnknownRubric):
        host.rubric("hungyen/commune/2023")
    assert "haiduong/department/2023" in host.rubrics()
    host.register(SurveyPlugin(), name="nghean")  # a blocked name stays blocked in code too
    assert SURVEY_RUBRIC_ID not in host.rubrics()


def test_disable_plugins_by_argument() -> None:
    host = PluginHost(disabled=["baria_vungtau"])
    assert not any(rid.startswith("baria_vungtau/") for rid in host.rubrics())
    assert [f.plugin for f in host.report.failures] == ["baria_vungtau"]


# ================================================= the core knows no province

SRC = Path(dtikit.__file__).parent
PROVINCE_WORDS = re.compile(
    r"hung_?yen|hưng yên|hai_?duong|hải dương|baria|bà rịa|vung_?tau|vũng tàu|nghe_?an|"
    r"nghệ an|br-?vt|kon ?tum|lâm đồng", re.IGNORECASE)
# the demo package is sample data for the bundled plugins, reached through the
# plugin host by rubric id (it imports none of them); help text may give an example
NOT_CORE = {"demo"}
EXAMPLES = {"Only this province key (e.g. hungyen).", "Chỉ tỉnh có mã này (ví dụ hungyen)."}


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for n in ast.walk(tree):
        body = getattr(n, "body", None)
        if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) \
                and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value,
                                                                            str):
            out.add(id(body[0].value))
    return out


def test_the_core_imports_no_province() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for n in ast.walk(tree):
            names = []
            if isinstance(n, ast.Import):
                names = [a.name for a in n.names]
            elif isinstance(n, ast.ImportFrom) and n.module:
                names = [n.module]
            elif isinstance(n, ast.Call) and getattr(n.func, "attr", getattr(n.func, "id", "")
                                                      ) in ("import_module", "__import__"):
                names = [a.value for a in n.args if isinstance(a, ast.Constant)
                         and isinstance(a.value, str)]
            offenders += [f"{path.relative_to(SRC)}:{n.lineno} imports {m}" for m in names
                          if m.startswith("dtikit_") or PROVINCE_WORDS.search(m)]
    assert offenders == []


def test_no_province_named_in_the_core_code() -> None:
    """Province names may appear in comments and docstrings (where a rule comes
    from), never in code: identifiers, string literals, conditions."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if rel.parts[0] in NOT_CORE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for n in ast.walk(tree):
            text = None
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs:
                text = n.value
            elif isinstance(n, ast.Name):
                text = n.id
            elif isinstance(n, ast.Attribute):
                text = n.attr
            elif isinstance(n, (ast.FunctionDef, ast.ClassDef)):
                text = n.name
            if text and text not in EXAMPLES and PROVINCE_WORDS.search(text):
                offenders.append(f"{rel}:{n.lineno}: {text[:60]!r}")
    assert offenders == []


def test_importing_all_of_the_core_loads_no_province() -> None:
    code = (
        "import pkgutil, importlib, sys, dtikit\n"
        "for m in pkgutil.walk_packages(dtikit.__path__, 'dtikit.'):\n"
        "    if not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n.startswith('dtikit_')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


ADAPTER_API = ("dtikit", "dtikit.plugin", "dtikit.testing")


def _dtikit_imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Import):
            found += [(n.lineno, a.name) for a in n.names]
        elif isinstance(n, ast.ImportFrom) and n.module and n.level == 0:
            found.append((n.lineno, n.module))
    return [(line, m) for line, m in found if m == "dtikit" or m.startswith("dtikit.")]


def test_adapters_import_only_the_public_api() -> None:
    """Bundled plugins and the tutorial's plugin import dtikit, dtikit.plugin and
    dtikit.testing only (import-linter checks the installed ones in `make lint`; the
    tutorial's plugin is not installed, so this test reads it)."""
    root = Path(__file__).resolve().parents[1]
    files = sorted([*root.glob("plugins/*/src/**/*.py"),
                    *root.glob("docs/examples/dtikit-example/**/*.py")])
    assert files
    offenders = [f"{p.relative_to(root)}:{line} imports {m}" for p in files
                 for line, m in _dtikit_imports(p)
                 if not (m in ADAPTER_API or m.startswith("dtikit.testing."))]
    assert offenders == []


def test_the_adapter_api_names_resolve() -> None:
    from dtikit import plugin

    for name in plugin.__all__:
        assert getattr(plugin, name) is not None, name
    assert plugin.parse_number("1.234,5") == Decimal("1234.5")
    with pytest.raises(AttributeError):
        plugin.no_such_name  # noqa: B018


@given(year=st.integers(2015, 2035), span=st.one_of(st.none(), st.integers(0, 12)),
       asked=st.integers(2010, 2045))
def test_a_rubric_is_in_force_in_the_years_it_covers_and_no_other(
        year: int, span: int | None, asked: int) -> None:
    """Rubric.in_force, the one rule of a rubric's years (``dtikit rubrics --year`` and
    an identity naming any year in force), against the years listed one by one."""
    rubric = attrs.evolve(dtikit.default_host().rubric("hungyen/commune/2023"),
                          year=year, until_year=None if span is None else year + span)
    covered = range(year, (year + span if span is not None else 2045) + 1)
    assert rubric.in_force(asked) is (asked in covered)
