"""Every message the ``dtikit`` command prints comes from its catalogue
(:mod:`dtikit.cli.messages`), in Vietnamese by default and in English with
``--lang en`` / ``DTIKIT_LANG=en``.

Three kinds of check:

- the catalogue itself: every message in both languages, the same placeholders,
  Vietnamese in NFC, official terms;
- the source: no command module prints a literal (``click.echo("…")``,
  ``fail(f"…")``) or passes English words into a message; every id it names exists;
- the behaviour: each command's normal and error paths run, every id they use is
  recorded, and every line they print must be a line of a message rendered from the
  catalogue (``recording()``); under the default language no line holds an English
  sentence.
"""

from __future__ import annotations

import ast
import json
import re
import string
import unicodedata
from collections.abc import Callable, Iterator
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

import attrs
import pytest
from appendix_fixtures import make_appendix, write_xlsx
from click.testing import CliRunner
from test_appendix_recognise import CORPUS

import dtikit
from dtikit.cli import cli, main
from dtikit.cli import messages as m
from dtikit.demo.names import FILES, TABLE_FILE
from dtikit.scoring import EXCLUSION_REASONS
from dtikit.vocabulary import FINDING, FINDING_KINDS, FINDINGS_TITLE

HY = "hungyen/commune/2023"
DEMO = files("dtikit.demo")
REPO = Path(__file__).resolve().parents[1]
CLI_DIR = REPO / "src/dtikit/cli"
HY_TOML = REPO / "plugins/hungyen/src/dtikit_hungyen/rubrics/hungyen_commune_2023.toml"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(autouse=True)
def _default_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(m.LANG_ENV, raising=False)
    m.set_lang(None)
    yield
    m.set_lang(None)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _literal(template: str) -> str:
    return "".join(text for text, _, _, _ in string.Formatter().parse(template))


# ------------------------------------------------------------------ the catalogue


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    for key, msg in m.CATALOGUE.items():
        assert msg.vi and msg.en, key
        # the same values; {vi}: a Vietnamese label whose home is elsewhere (STATE_VI)
        assert _fields(msg.vi) - {"vi"} == _fields(msg.en), key
        assert unicodedata.normalize("NFC", msg.vi) == msg.vi, key


def test_the_catalogue_uses_the_vocabulary() -> None:
    for kind, label in FINDING_KINDS.items():
        assert m.CATALOGUE[f"finding.{kind}"].vi == label
    for reason, words in EXCLUSION_REASONS.items():
        assert m.CATALOGUE[f"exclusion.{reason}"].vi == words
    assert m.CATALOGUE["results.findings"].vi.startswith(f"\n{FINDINGS_TITLE}: ")
    assert m.CATALOGUE["results.findings_none"].vi == f"\n{FINDINGS_TITLE}: 0"
    assert m.CATALOGUE["explain.finding"].vi.startswith(f"{FINDING}: ")
    assert "minh hoạ" not in " ".join(msg.vi for msg in m.CATALOGUE.values())


# ------------------------------------------------------------------ the data files
# (dtikit/locale/*.toml: the texts are data, each id's languages side by side)

LOCALE = {"problems": ("vi", "en"), "cli": ("vi", "en"), "help": ("vi",)}


def _locale_text(name: str) -> str:
    return (files("dtikit") / "locale" / f"{name}.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(LOCALE))
def test_each_data_file_has_every_entry_in_each_language_in_nfc(name: str) -> None:
    text = _locale_text(name)  # read as the installed package reads it
    assert unicodedata.normalize("NFC", text) == text
    entries = tomllib.loads(text)
    assert len(entries) > 100
    for key, entry in entries.items():
        assert isinstance(entry, dict) and tuple(entry) == LOCALE[name], key
        assert all(isinstance(t, str) and t.strip() for t in entry.values()), key
        if name != "help":
            assert _fields(entry["vi"]) - {"vi"} == _fields(entry["en"]), key
    # an id written twice is refused, not silently overwritten as a dict literal would
    first = text.index("\n[")
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(text + text[first:text.index("\n[", first + 1)])


def test_the_catalogues_are_their_data_files() -> None:
    from dtikit.cli.helptext import HELP_VI
    from dtikit.messages import PROBLEMS, Message

    data = {name: tomllib.loads(_locale_text(name)) for name in LOCALE}
    assert list(PROBLEMS.items()) == [(k, Message(e["vi"], e["en"]))
                                      for k, e in data["problems"].items()]
    assert list(m.CATALOGUE) == [*data["cli"], *(f"problem.{k}" for k in data["problems"])]
    assert m.CATALOGUE["diff.same"] == Message(**data["cli"]["diff.same"])
    assert dict(HELP_VI) == {k: e["vi"] for k, e in data["help"].items()}
    assert "no.such.id" not in PROBLEMS and len(PROBLEMS) == len(data["problems"])
    with pytest.raises(KeyError):
        PROBLEMS["no.such.id"]


def test_the_data_files_ship_in_the_package() -> None:
    """pyproject's package data takes every file of dtikit/locale into the wheel and sdist."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    package = REPO / "src/dtikit"
    shipped = {path for pattern in config["tool"]["setuptools"]["package-data"]["dtikit"]
               for path in package.glob(pattern)}
    locale = set((package / "locale").iterdir())
    assert {p.stem for p in locale} == set(LOCALE)
    assert locale <= shipped


def test_importing_dtikit_reads_no_data_file() -> None:
    """The catalogues are read when a text is first needed, not by ``import dtikit.cli``."""
    import subprocess
    import sys

    code = ("import dtikit, dtikit.cli, dtikit.messages as m, dtikit.cli.messages as c, "
            "dtikit.cli.helptext as h\n"
            "print([x._data is None for x in (m.PROBLEMS, c.CATALOGUE, c.CLICK_TEXTS, h.HELP_VI)])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[True, True, True, True]"


def test_language_choice() -> None:
    assert m.current_lang() == "vi"
    assert m.t("diff.same") == "không có khác biệt"
    m.set_lang("en")
    assert m.t("diff.same") == "no difference"
    with pytest.raises(ValueError):
        m.set_lang("fr")
    with pytest.raises(KeyError):
        m.t("no.such.message")


def test_dtikit_lang_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(m.LANG_ENV, "en")
    assert m.current_lang() == "en"
    monkeypatch.setenv(m.LANG_ENV, "vi_VN.UTF-8")
    assert m.current_lang() == "vi"
    monkeypatch.setenv(m.LANG_ENV, "klingon")
    assert m.current_lang() == "vi"


# ------------------------------------------------------------------ the source

_PRINTERS = {"echo", "secho", "echo_err", "fail", "note", "BadParameter", "table",
             "progressbar", "problem_item"}


def _calls(tree: ast.AST) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def _name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def _has_words(node: ast.AST) -> bool:
    """A string literal (or f-string) with at least one word in it, outside calls
    (``t("id")`` is a catalogue lookup)."""
    parts: list[str] = []
    todo = [node]
    while todo:
        sub = todo.pop()
        if isinstance(sub, ast.Call):
            continue
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            parts.append(sub.value)
        todo.extend(ast.iter_child_nodes(sub))
    return bool(re.search(r"[^\W\d_]{2,}", " ".join(parts)))


def _modules() -> list[Path]:
    return sorted(p for p in CLI_DIR.glob("*.py") if p.name != "messages.py")


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.name)
def test_no_command_prints_a_literal(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for call in _calls(tree):
        name = _name(call)
        if name in _PRINTERS:
            args = [*call.args, *(k.value for k in call.keywords
                                  if k.arg in ("hint", "message", "label"))]
            found += [f"{path.name}:{call.lineno} {name}" for a in args
                      if not isinstance(a, ast.Call) and _has_words(a)]
        if name == "t":  # a literal put into a message is a message that is not catalogued
            found += [f"{path.name}:{call.lineno} t(…, {k.arg}=…)" for k in call.keywords
                      if isinstance(k.value, (ast.Constant, ast.JoinedStr))
                      and _has_words(k.value)]
    assert not found, found


def test_every_id_the_commands_name_is_in_the_catalogue() -> None:
    named: set[str] = set()
    for path in [*_modules(), CLI_DIR / "messages.py"]:
        for call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            if _name(call) in ("t", "plugin_call", "partial") and call.args:
                first = call.args[0] if _name(call) != "partial" else call.args[-1]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    named.add(first.value)
    named.discard("")
    assert named, "no message id found: the scan is broken"
    assert named - set(m.CATALOGUE) == set()


# ------------------------------------------------------------------ the behaviour


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("msgs")
    changed = dtikit.to_data(dtikit.default_host().rubric(HY))
    changed["id"], changed["year"] = "hungyen/commune/2025", 2025
    changed.pop("until_year", None)
    changed["indicators"][0]["name"] = "Nhận thức số"
    (tmp / "changed.json").write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    bad = HY_TOML.read_text(encoding="utf-8").replace('max = "100"', 'max = "-5"', 1)
    (tmp / "bad.toml").write_text(bad, encoding="utf-8")
    write_xlsx(make_appendix(CORPUS), tmp / "phu-luc.xlsx")
    (tmp / "not-a-table.csv").write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    (tmp / "empty.csv").write_text("", encoding="utf-8")
    (tmp / "existing.xlsx").write_bytes(b"")
    (tmp / "full").mkdir()
    (tmp / "full" / "x.txt").write_text("x", encoding="utf-8")
    _problem_inputs(tmp)
    forms = str(DEMO / FILES["hungyen_assessments"])
    assert main(["score", HY, forms, "-o", str(tmp / "table.xlsx")]) == 0
    assert main(["appraisal", "sign", HY, forms, "--decision", "12/QĐ-UBND", "--date",
                 "20/11/2024", "--signer", "A", "-o", str(tmp / "signoff.json")]) == 0
    return {"signed": str(tmp / "table.xlsx"), "signoff": str(tmp / "signoff.json"),"tmp": str(tmp), "forms": str(DEMO / FILES["hungyen_assessments"]),
            "apps": str(DEMO / FILES["hungyen_appraisals"]), "table": str(DEMO / TABLE_FILE),
            "changed": str(tmp / "changed.json"), "bad": str(tmp / "bad.toml"),
            "appendix": str(tmp / "phu-luc.xlsx"), "csv": str(tmp / "not-a-table.csv"),
            "empty": str(tmp / "empty.csv"), "existing": str(tmp / "existing.xlsx"),
            "full": str(tmp / "full"), "badform": str(tmp / "bad-cells.xlsx"),
            "pdf": str(tmp / "scan.xlsx"), "over": str(tmp / "over.json")}


def _problem_inputs(tmp: Path) -> None:
    """Inputs whose problems come from deep inside the library: a form with a word in
    a number cell and points over a maximum, a PDF named .xlsx, an answer over its
    maximum in JSON."""
    import openpyxl
    from xlsx_fill import layout

    form = tmp / "bad-cells.xlsx"
    assert main(["template", HY, "-o", str(form), "--unit", "UBND xã Lỗi"]) == 0
    wb = openpyxl.load_workbook(form)
    ws = wb.worksheets[0]
    lay = layout(ws)
    lay.cell(ws, "leaf:1", "in_a").value = "mười"
    lay.cell(ws, "leaf:2", "points").value = 999
    wb.save(form)
    (tmp / "scan.xlsx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    over = dtikit.Assessment(HY, dtikit.Unit("UBND xã Lỗi"), [
        dtikit.Answer(str(i), dtikit.Number("50")) for i in range(1, 8)
    ] + [dtikit.Answer("8", dtikit.Number("151"))])
    (tmp / "over.json").write_text(dtikit.dumps(over), encoding="utf-8")


Case = tuple[str, Callable[[dict[str, str], str], list[str]], tuple[int, ...]]

CASES: list[Case] = [
    ("plugins", lambda p, o: ["plugins"], (0,)),
    ("plugins --check", lambda p, o: ["plugins", "--check"], (0,)),
    ("rubrics", lambda p, o: ["rubrics"], (0,)),
    ("rubrics none", lambda p, o: ["rubrics", "--province", "nowhere"], (0,)),
    ("schema", lambda p, o: ["schema", "results"], (0,)),
    ("schema error", lambda p, o: ["schema", "nothing"], (2,)),
    ("rubric show", lambda p, o: ["rubric", "show", HY, "-v"], (0,)),
    ("rubric show error", lambda p, o: ["rubric", "show", "hungyen/commune/1999x"], (2,)),
    ("rubric validate", lambda p, o: ["rubric", "validate", str(HY_TOML)], (0,)),
    ("rubric validate error", lambda p, o: ["rubric", "validate", p["bad"]], (1,)),
    ("rubric diff", lambda p, o: ["rubric", "diff", HY, p["changed"]], (1,)),
    ("rubric diff same", lambda p, o: ["rubric", "diff", HY, HY], (0,)),
    ("rubric diff error", lambda p, o: ["rubric", "diff", HY, o + "/missing.toml"], (2,)),
    ("rubric import", lambda p, o: ["rubric", "import", p["appendix"], "-o", o + "/r.toml",
                                    "--id", "mau/district/2024"], (1,)),
    ("rubric import error", lambda p, o: ["rubric", "import", p["csv"], "-o", o + "/r.toml",
                                          "--id", "mau/district/2024"], (2,)),
    ("rubric import bad id", lambda p, o: ["rubric", "import", p["appendix"], "-o",
                                           o + "/r.toml", "--id", "mau"], (2,)),
    ("rubric export", lambda p, o: ["rubric", "export", HY, "-o", o + "/p.xlsx"], (0,)),
    ("rubric export error", lambda p, o: ["rubric", "export", HY, "-o", p["existing"]], (2,)),
    ("template", lambda p, o: ["template", HY, "-o", o + "/f.xlsx", "--unit", "Xã A"], (0,)),
    ("template json", lambda p, o: ["template", HY, "-o", o + "/f.json"], (0,)),
    ("template error", lambda p, o: ["template", HY, "-o", p["existing"]], (2,)),
    ("template bad period", lambda p, o: ["template", HY, "-o", o + "/g.xlsx", "--period",
                                          "2024"], (2,)),
    ("score", lambda p, o: ["score", HY, p["forms"], "-o", o + "/r.xlsx", "--report",
                            o + "/r.html", "--json", o + "/r.json"], (0,)),
    ("score with appraisals", lambda p, o: ["score", HY, p["forms"], "--appraisal", p["apps"]],
     (1,)),
    ("score error", lambda p, o: ["score", HY, o + "/missing.xlsx"], (2,)),
    ("score tie-break error", lambda p, o: ["score", HY, p["forms"], "--tie-break", "99"], (2,)),
    ("score lineage error", lambda p, o: ["score", HY, p["forms"], "--index-map", "1=2"], (2,)),
    ("score empty folder", lambda p, o: ["score", HY, o], (2,)),
    ("check-table", lambda p, o: ["check-table", HY, p["table"]], (1,)),
    ("check-table error", lambda p, o: ["check-table", HY, p["empty"]], (2,)),
    ("explain", lambda p, o: ["explain", HY, p["forms"], "--code", "2", "--unit",
                              "Xã Mẫu 10"], (0,)),
    ("explain appraised", lambda p, o: ["explain", HY, p["forms"], "--appraisal", p["apps"],
                                        "--code", "2", "--unit", "Phường Mẫu 5"], (0,)),
    ("explain error", lambda p, o: ["explain", HY, p["forms"], "--code", "6.2"], (2,)),
    ("gap", lambda p, o: ["gap", HY, p["forms"], "--top", "3"], (0,)),
    ("gap error", lambda p, o: ["gap", HY, p["forms"], "--unit", "Xã Không Có"], (2,)),
    ("demo", lambda p, o: ["demo", "--out", o + "/demo"], (0,)),
    ("demo error", lambda p, o: ["demo", "--out", p["full"]], (2,)),
    ("appraisal make", lambda p, o: ["appraisal", "make", HY, p["forms"], "--all-agencies",
                                     "-o", o + "/wb"], (0,)),
    ("appraisal make error", lambda p, o: ["appraisal", "make", HY, p["forms"], "-o",
                                           o + "/x.xlsx"], (2,)),
    ("appraisal make agency error", lambda p, o: ["appraisal", "make", HY, p["forms"],
                                                  "--agency", "Sở Không Có", "-o",
                                                  o + "/x.xlsx"], (2,)),
    ("appraisal merge", lambda p, o: ["appraisal", "merge", HY, p["forms"], "--appraisal",
                                      p["apps"], "-o", o + "/round.json"], (1,)),
    ("appraisal merge error", lambda p, o: ["appraisal", "merge", HY, p["forms"], "-o",
                                            o + "/round.json"], (2,)),
    ("appraisal status", lambda p, o: ["appraisal", "status", HY, p["forms"], "--appraisal",
                                       p["apps"], "--window", "16/10/2024..23/10/2024",
                                       "--today", "01/11/2024"], (1,)),
    ("appraisal status error", lambda p, o: ["appraisal", "status", HY, p["forms"],
                                             "--window", "16/10/2024"], (2,)),
    ("appraisal sign", lambda p, o: ["appraisal", "sign", HY, p["forms"], "--decision",
                                     "12/QĐ-UBND", "--date", "20/11/2024", "--signer",
                                     "Nguyễn Văn A, Chủ tịch", "-o", o + "/signoff.json"], (0,)),
    ("appraisal sign error", lambda p, o: ["appraisal", "sign", HY, p["forms"], "--decision",
                                           "12", "--date", "31/02/2024", "--signer", "A", "-o",
                                           o + "/s2.json"], (2,)),
    ("check-table signoff", lambda p, o: ["check-table", HY, p["signed"], "--signoff",
                                          p["signoff"]], (0,)),
    # problem texts from the readers, the methods and validation (dtikit.messages)
    ("score bad cells", lambda p, o: ["score", HY, p["badform"]], (2,)),
    ("score not a workbook", lambda p, o: ["score", HY, p["pdf"]], (2,)),
    ("score points over the maximum", lambda p, o: ["score", HY, p["over"]], (2,)),
    ("score some files bad", lambda p, o: ["score", HY, p["forms"], p["badform"], p["pdf"]],
     (1,)),
    ("explain bad cells", lambda p, o: ["explain", HY, p["forms"], p["badform"], "--code", "2",
                                        "--unit", "Xã Mẫu 10"], (0,)),
    ("rubric show wrong rubric file", lambda p, o: ["rubric", "show", p["bad"]], (2,)),
    ("check-table bad option value", lambda p, o: ["check-table", HY, p["table"], "--decimal",
                                                   "x"], (2,)),
    ("extra argument", lambda p, o: ["rubrics", "x"], (2,)),
    ("version", lambda p, o: ["--version"], (0,)),
    ("usage error", lambda p, o: ["score"], (2,)),
    ("no such command", lambda p, o: ["scores", HY], (2,)),
    ("bad option value", lambda p, o: ["gap", HY, p["forms"], "--top", "0"], (2,)),
]


def _run(args: list[str], lang: str, capsys: pytest.CaptureFixture[str]
         ) -> tuple[int, str, list[m.Rendered]]:
    """Through :func:`dtikit.cli.main`, as the shell runs it (usage errors included)."""
    capsys.readouterr()
    with m.recording() as rendered:
        code = main(["--lang", lang, *args] if lang == "en" else args)
    out = capsys.readouterr()
    return code, ANSI.sub("", out.out + out.err), list(rendered)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _lines_not_from_the_catalogue(output: str, rendered: list[m.Rendered]) -> list[str]:
    known = {line.strip() for r in rendered for line in ANSI.sub("", r.text).splitlines()}
    return [line for line in output.splitlines()
            if line.strip() and line.strip() not in known]


@pytest.mark.parametrize("lang", m.LANGS)
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_every_line_printed_comes_from_the_catalogue(
        case: Case, lang: str, paths: dict[str, str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Each command's normal and error paths, in both languages: the exit code is the
    documented one, every message id used is catalogued (``t`` raises otherwise), and
    every line printed is a line of a rendered message (JSON output is data)."""
    name, make_args, codes = case
    args = make_args(paths, str(tmp_path))
    code, output, rendered = _run(args, lang, capsys)
    assert code in codes, (name, code, output)
    if name == "schema":
        assert _is_json(output)
        return
    assert rendered, (name, output)  # something was said, and from the catalogue
    assert _lines_not_from_the_catalogue(output, rendered) == [], name
    if lang == "vi" and code != 0:
        assert ("lỗi:" in output or code == 1), (name, output)  # the framing is Vietnamese


# words that are common in English sentences and do not occur in Vietnamese ones
_ENGLISH = frozenset("""the of is are not no to and for with this that from file files row rows
wrote give run found could be each every any was has have its it an or by on at which
there these those into than then when where what will would should must can only
indicator indicators points answer total unit units rubric ranked within problem problems
missing given read written""".split())

# the values the API hands over as they are (its Problem texts may stay English)
_API_TEXT: set[str] = set()


def _english_sentences(output: str, rendered: list[m.Rendered]) -> list[str]:
    """Lines with three or more distinct common English words once the API's own
    problem texts (and file paths) are taken out: a heuristic, not a parser."""
    api = sorted({ANSI.sub("", str(v)) for r in rendered for k, v in r.values.items()
                  if k in _API_TEXT and str(v)}, key=len, reverse=True)
    api += sorted({ANSI.sub("", str(r.values["text"])) for r in rendered
                   if r.id == "layout.text" and "text" in r.values}, key=len, reverse=True)
    found = []
    for line in output.splitlines():
        for text in api:
            for part in text.splitlines():
                if part.strip():
                    line = line.replace(part.strip(), " ")
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", " ".join(
            tok for tok in line.split() if "/" not in tok and "\\" not in tok))}
        hits = words & _ENGLISH
        if len(hits) >= 3:
            found.append(f"{line!r}: {sorted(hits)}")
    return found


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_no_english_sentence_under_the_default_language(
        case: Case, paths: dict[str, str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Under the default language (Vietnamese) no line the CLI prints holds an English
    sentence of its own. A heuristic: three distinct common English words in a line
    (the, of, is, not, file, row, wrote, …; Vietnamese uses none of them), file paths
    left out. Texts the API hands over as they are (a reader's problem text, a plugin's
    failure; see :mod:`dtikit.cli.messages`) are taken out before the count; the same
    check on the English run must find English, so the heuristic can fail."""
    name, make_args, codes = case
    args = make_args(paths, str(tmp_path))
    code, output, rendered = _run(args, "vi", capsys)
    assert code in codes, (name, code, output)
    if name == "schema":
        return
    assert _english_sentences(output, rendered) == [], name
    assert _uncatalogued_problems(rendered) == [], name


def _uncatalogued_problems(rendered: list[m.Rendered]) -> list[str]:
    """The library's problems printed with a text that is not catalogued
    (:class:`dtikit.messages.Text`): a place in English words (``unit X, code 2``) or a
    message built by hand. A place that is a file, a sheet!cell or a name is as given."""
    from dtikit.errors import Problem
    from dtikit.messages import Text

    found = []
    for r in rendered:
        for value in r.values.values():
            for p in value if isinstance(value, (list, tuple)) else [value]:
                if not isinstance(p, Problem):
                    continue
                words = {w.lower() for w in re.findall(r"[^\W\d_]+", " ".join(
                    tok for tok in p.where.split() if "/" not in tok and "\\" not in tok))}
                if not isinstance(p.message, Text) or (
                        not isinstance(p.where, Text) and words & _ENGLISH):
                    found.append(str(p))
    return found


def test_the_english_heuristic_finds_english(paths: dict[str, str], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, output, rendered = _run(["score", HY, str(tmp_path)], "en", capsys)
    assert code == 2
    assert _english_sentences(output, rendered)
    code, output, rendered = _run(["rubric", "show", HY], "en", capsys)
    assert code == 0
    assert _english_sentences(output, rendered)


def test_clirunner_takes_the_language_option_and_the_environment() -> None:
    vi = CliRunner().invoke(cli, ["rubric", "diff", HY, HY])
    en = CliRunner().invoke(cli, ["--lang", "en", "rubric", "diff", HY, HY])
    env = CliRunner(env={m.LANG_ENV: "en"}).invoke(cli, ["rubric", "diff", HY, HY])
    assert "không có khác biệt" in vi.output
    assert "no difference" in en.output and "no difference" in env.output
    assert vi.exit_code == en.exit_code == env.exit_code == 0


def test_errors_keep_a_code_and_a_place(tmp_path: Path) -> None:
    """The API's exceptions keep their English text, and a stable code and place a host
    application can word its own way."""
    from dtikit.errors import OutputRefused, UnknownRubric
    from dtikit.outputs import check_outputs

    with pytest.raises(UnknownRubric) as unknown:
        dtikit.default_host().rubric("hungyen/commune/1999x")
    assert unknown.value.code == "unknown_rubric" and unknown.value.place
    assert "no plugin provides rubric" in str(unknown.value)
    existing = tmp_path / "a.xlsx"
    existing.write_bytes(b"")
    with pytest.raises(OutputRefused) as refused:
        check_outputs([("-o", existing)])
    assert refused.value.code == "output_refused"
    assert refused.value.reasons == (("exists", {"path": str(existing), "what": "-o",
                                                 "twin": ""}),)
    assert "the file exists" in str(refused.value)


def test_error_hints_say_which_cell_to_fix(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    a = dtikit.Assessment(HY, dtikit.Unit("UBND xã Lỗi"), [
        dtikit.Answer(str(i), dtikit.Number("50")) for i in range(1, 8)
    ] + [dtikit.Answer("8", dtikit.Number("151"))])
    bad.write_text(dtikit.dumps(a), encoding="utf-8")
    code, output, _ = _run(["score", HY, str(bad)], "vi", capsys)
    assert code == 2
    assert "UBND xã Lỗi" in output and "mã 8" in output  # the place, in Vietnamese too
    assert "điểm 151 vượt điểm tối đa 150" in output
    assert "cách khắc phục:" in output and "ô cần sửa" in output


# ------------------------------------------------------------------ problem texts
# (dtikit.messages: the library's problems, English for the API, Vietnamese on request)


def test_every_problem_text_has_both_languages_with_the_same_placeholders() -> None:
    from dtikit.messages import PROBLEMS

    assert len(PROBLEMS) > 100
    for key, msg in PROBLEMS.items():
        assert msg.vi and msg.en, key
        assert _fields(msg.vi) == _fields(msg.en), key
        assert unicodedata.normalize("NFC", msg.vi) == msg.vi, key
        assert msg.vi != msg.en or not re.search(r"[^\W\d_]{3,}", _literal(msg.en)) \
            or key in _SAME_IN_BOTH, key  # a text with words is translated
        assert m.CATALOGUE[f"problem.{key}"] == msg  # the CLI renders them from here


# texts whose words are names (of a column, a file format) in both languages
_SAME_IN_BOTH = {"appendix.pdf", "appraisal.bad_date"}


def _texts_named(root: Path) -> dict[str, str]:
    """Every ``Text("id", …)`` in the source: id → file:line."""
    named: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        for call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            if _name(call) == "Text" and call.args:
                for key in _constants(call.args[0]):
                    named[key] = f"{path.relative_to(REPO)}:{call.lineno}"
    return named


def _constants(node: ast.expr) -> list[str]:
    """The ids an id expression may be: a literal, or the branches of ``a if c else b``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return [*_constants(node.body), *_constants(node.orelse)]
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0],
                                                                      ast.Constant):
        return [f"{node.values[0].value}*"]  # f"refused.{code}": every id of that family
    return []


def test_every_problem_id_raised_is_catalogued_and_every_catalogued_one_is_raised() -> None:
    from dtikit.messages import PROBLEMS

    named = _texts_named(REPO / "src/dtikit")
    assert len(named) > 100, "the scan is broken"
    families = tuple(k[:-1] for k in named if k.endswith("*"))
    assert {k: v for k, v in named.items() if k not in PROBLEMS and not k.endswith("*")} == {}
    assert {k for k in PROBLEMS if k not in named and not k.startswith(families)} == set()


def test_the_api_keeps_its_english_texts() -> None:
    """``str()`` of the API's problems and errors is the English text it always was;
    ``render("vi")`` says the same in Vietnamese; equality and hashing are the text's."""
    import pickle

    from dtikit.errors import Problem
    from dtikit.formats.cells import CellError, to_number
    from dtikit.formats.safety import describe_bytes
    from dtikit.messages import Text

    rubric = dtikit.default_host().rubric(HY)
    over = dtikit.Assessment(HY, dtikit.Unit("UBND xã Lỗi"), [
        dtikit.Answer(str(i), dtikit.Number("50")) for i in range(1, 8)
    ] + [dtikit.Answer("8", dtikit.Number("151"))])
    with pytest.raises(dtikit.AssessmentInvalid) as invalid:
        dtikit.score(rubric, [over])
    (problem,) = invalid.value.problems
    assert str(problem) == "unit UBND xã Lỗi, code 8: points 151 exceed the maximum 150"
    assert problem.render("vi") == "đơn vị UBND xã Lỗi, mã 8: điểm 151 vượt điểm tối đa 150"
    assert problem.render("en") == str(problem)
    assert "1 assessment problem(s):\n  - unit UBND xã Lỗi, code 8: points 151" \
        in str(invalid.value)

    bad = attrs.evolve(rubric, scale=Decimal(0))
    texts = [str(p) for p in dtikit.validate_rubric(bad)]
    assert "scale: scale 0 must be positive" in texts
    assert "scale: top-level maxima add up to 1000, not the scale 0" in texts

    with pytest.raises(CellError) as cell:
        to_number("abc")
    assert str(cell.value) == "'abc' is not a number"
    assert isinstance(cell.value.args[0], Text) and cell.value.args[0].id == "cell.not_number"
    assert cell.value.args[0].render("vi") == "'abc' không phải là số"
    assert describe_bytes(b"%PDF-1.4").startswith("a PDF document, not an Excel workbook")

    plain = Problem("Biểu!F27", "'abc' is not a number")
    catalogued = Problem("Biểu!F27", cell.value.args[0])
    assert catalogued == plain and hash(catalogued) == hash(plain)
    assert {catalogued, plain} == {plain}
    assert plain.render("vi") == "Biểu!F27: 'abc' is not a number"  # not catalogued: as given
    again = pickle.loads(pickle.dumps(catalogued))
    assert again == plain and again.render("vi") == "Biểu!F27: 'abc' không phải là số"


@pytest.mark.parametrize(("args", "vi", "en"), [
    (lambda p: ["score", HY, p["over"]],
     "đơn vị UBND xã Lỗi, mã 8: điểm 151 vượt điểm tối đa 150",
     "unit UBND xã Lỗi, code 8: points 151 exceed the maximum 150"),
    (lambda p: ["score", HY, p["badform"]],
     "Tự đánh giá!E21, UBND xã Lỗi: 'mười' không phải là số",
     "Tự đánh giá!E21, UBND xã Lỗi: 'mười' is not a number"),
    (lambda p: ["score", HY, p["pdf"]],
     "tài liệu PDF, không phải sổ tính Excel",
     "a PDF document, not an Excel workbook"),
    (lambda p: ["rubric", "validate", p["bad"]],
     "chỉ số 1: điểm tối đa âm -5", "indicator 1: negative maximum -5"),
    (lambda p: ["check-table", HY, p["table"], "--decimal", "x"],
     "'x' không thuộc các giá trị 'vi', 'en'", "'x' is not one of 'vi', 'en'"),
], ids=["points over the maximum", "a word in a number cell", "a PDF named .xlsx",
        "a wrong rubric file", "a bad option value"])
def test_problem_texts_follow_the_language(args: Callable[[dict[str, str]], list[str]],
                                           vi: str, en: str, paths: dict[str, str],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """The problem a reader, a method or validation found, said in Vietnamese by default
    and in English with ``--lang en``: the same place, the same values."""
    _, out_vi, _ = _run(args(paths), "vi", capsys)
    _, out_en, _ = _run(args(paths), "en", capsys)
    assert vi in out_vi and en not in out_vi
    assert en in out_en and vi not in out_en


# ------------------------------------------------------------------ help pages


def test_every_help_text_has_its_vietnamese() -> None:
    """Every command's and option's help (the English in the code, from which
    docs/cli.md is generated) has its Vietnamese in dtikit.cli.helptext; none is stale."""
    from dtikit.cli.helptext import HELP_VI, help_places

    places = {key for key, _, _ in help_places(cli)}
    assert len(places) > 100
    assert places - set(HELP_VI) == set()
    assert set(HELP_VI) - places == set()
    for key, text in HELP_VI.items():
        assert text.strip() and unicodedata.normalize("NFC", text) == text, key


@pytest.mark.parametrize("command", [[], ["score"], ["rubric", "import"], ["appraisal", "make"],
                                     ["check-table"], ["rubrics"]],
                         ids=lambda c: " ".join(c) or "dtikit")
def test_help_is_vietnamese_by_default_and_english_on_request(
        command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from dtikit.cli.helptext import help_places

    code, vi, _ = _run([*command, "--help"], "vi", capsys)
    assert code == 0 and vi.startswith("Cách dùng:") and "Tùy chọn:" in vi
    assert _english_sentences(vi, []) == []
    code, en, _ = _run([*command, "--help"], "en", capsys)
    assert code == 0 and en.startswith("Usage:") and "Options:" in en
    assert _english_sentences(en, [])
    # the English is given back: a host application that runs the click group sees it
    assert all(not text or not text.startswith(("Ghi", "Chấm", "Liệt"))
               for _, obj, attr in help_places(cli) for text in [getattr(obj, attr)])
