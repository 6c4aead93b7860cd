"""The ``dtikit`` command (also ``python -m dtikit``).

Exit status, for scripts: 0 done; 1 findings (validation problems,
disagreements, differences, rejected input rows, plugin load failures);
2 usage errors or input that cannot be used (each problem printed with where
it is and what to do). A bug prints a traceback; bad input never does.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from . import __version__
from .assessment import Answer, Assessment, Unit
from .convert import dumps, load_rubric, loads, to_data
from .errors import (
    AssessmentInvalid,
    DtikitError,
    FileRejected,
    PluginConflict,
    Problem,
    ProblemsError,
    RubricInvalid,
    UnknownRubric,
)
from .model import LEVEL_NAMES_VI, Indicator, Rubric, nfc
from .numbers import format_vi
from .published import TableCheck
from .ranking import Results
from .scoring import Scorecard

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2

FINDING_KINDS = {
    "evidence_missing": "thiếu tài liệu kiểm chứng",
    "explained": "không có tài liệu, có giải trình",
    "late": "nộp muộn",
    "appraiser_not_assigned": "thẩm định bởi đơn vị không được giao",
    "not_answered": "chưa trả lời",
}

HINTS: dict[type, str] = {
    FileRejected: "Fix the places listed above in the file(s) and run the command again.",
    AssessmentInvalid: "Correct these answers in the forms (each line names the unit and the "
                       "indicator code) and run the command again.",
    RubricInvalid: "Fix the rubric data file; its format is described in docs/rubric-data.md "
                   "(check it with `dtikit rubric validate FILE`).",
    UnknownRubric: "Run `dtikit rubrics` to list the installed rubrics, or give the path of a "
                   "rubric data file (.toml or .json).",
    PluginConflict: "Block one of the plugins with DTIKIT_DISABLE_PLUGINS=name.",
}


# ------------------------------------------------------------------ output helpers


def _err(message: str) -> None:
    click.echo(message, err=True)


def _fail(message: str, *, hint: str | None = None, problems: Sequence[Problem] = ()) -> NoReturn:
    """Print a located error and what to do, then exit 2."""
    _err(click.style("error: ", fg="red", bold=True) + message)
    for p in problems:
        _err(f"  - {p}")
    if hint:
        _err(f"what to do: {hint}")
    raise click.exceptions.Exit(EXIT_BAD_INPUT)


def _report_error(exc: BaseException) -> NoReturn:
    if isinstance(exc, ProblemsError):
        head = f"{exc.source}: " if exc.source else ""
        hint = next((h for t, h in HINTS.items() if isinstance(exc, t)), None)
        _fail(f"{head}{len(exc.problems)} {exc.title}", problems=exc.problems, hint=hint)
    if isinstance(exc, DtikitError):
        hint = next((h for t, h in HINTS.items() if isinstance(exc, t)), None)
        _fail(str(exc), hint=hint)
    if isinstance(exc, OSError):
        name = exc.filename or ""
        _fail(f"{name}: {exc.strerror or exc}" if name else str(exc),
              hint="Check the path and that you may read (or write) it.")
    if isinstance(exc, LookupError):
        _fail(str(exc.args[0]) if exc.args else str(exc))
    raise exc


def handles_errors(func: F) -> F:
    """Turn dtikit's own errors (bad input) into a located message and exit 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (DtikitError, OSError, LookupError) as exc:
            _report_error(exc)

    return wrapper  # type: ignore[return-value]


def _width(text: str) -> int:
    return len(nfc(text))


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *,
          right: Sequence[int] = ()) -> str:
    """Rows aligned in columns under their headers (numbers right-aligned)."""
    cols = len(headers)
    widths = [_width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row[:cols]):
            widths[i] = max(widths[i], _width(cell))

    def line(cells: Sequence[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - _width(cell))
            out.append(pad + cell if i in right else cell + pad)
        return "  ".join(out).rstrip()

    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), sep, *(line(r) for r in rows)])


def _json_out(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _fmt(value: Decimal | None, places: int = 2) -> str:
    return format_vi(value, places)


def _sample_banner(sample: bool) -> None:
    if sample:
        click.secho("*** DỮ LIỆU MẪU — sample data, not an official result ***", fg="yellow",
                    bold=True)


# ------------------------------------------------------------------ shared lookups


def _host() -> Any:
    from .plugins import default_host

    return default_host()


def resolve_rubric(id_or_path: str) -> Rubric:
    """An installed rubric by identity, or a rubric data file by path."""
    p = Path(id_or_path)
    if p.suffix.lower() in (".toml", ".json"):  # identities never end so: a data file
        from .validation import check_rubric

        if not p.is_file():
            raise OSError(2, "no such rubric file", str(p))
        rubric = load_rubric(p, validate=False)
        return check_rubric(rubric, _host().methods, source=str(p))
    rubric = _host().rubric(id_or_path)
    assert isinstance(rubric, Rubric)
    return rubric


@contextmanager
def _plugin_call(what: str, fmt_name: str) -> Iterator[None]:
    """A format plugin that crashes on a file is reported, named, without a traceback."""
    try:
        yield
    except (DtikitError, OSError, LookupError):
        raise
    except Exception as exc:  # a plugin's bug or a file it does not expect
        _fail(f"format {fmt_name!r} failed to {what}: {type(exc).__name__}: {exc}",
              hint="Check that the file is the right form for this rubric; if it is, report the "
                   "problem to the format's plugin (`dtikit plugins` names it).")


def _read_cohort(rubric: Rubric, forms: Sequence[str], appraisals: Sequence[str],
                 format_name: str | None, *, progress: bool = True) -> Any:
    """Read the inputs; refuse (exit 2) when not one self-assessment could be used."""
    inputs = _read_inputs(rubric, forms, appraisals, format_name, progress=progress)
    if not inputs.assessments:
        unused = _unused(inputs)
        _fail("no usable self-assessment in the input files"
              + (f"; {len(unused)} row(s) or cell(s) could not be used:" if unused else ""),
              problems=unused,
              hint="Give at least one filled form (the unit's name and its answers filled in) "
                   "or a JSON file of assessments.")
    return inputs


def _expand(paths: Sequence[str]) -> list[str]:
    """A folder stands for its .xlsx and .json files (Excel's ~$ lock files left out)."""
    out: list[str] = []
    for p in paths:
        folder = Path(p)
        if folder.is_dir():
            found = sorted(str(f) for f in folder.iterdir() if f.is_file()
                           and f.suffix.lower() in (".xlsx", ".json")
                           and not f.name.startswith(("~$", ".")))
            if not found:
                _fail(f"{folder}: no .xlsx or .json file in this folder")
            out.extend(found)
        else:
            out.append(p)
    return out


def _unused(inputs: Any) -> list[Problem]:
    """What a reader could not use: its problems (with cells), else its rejected rows."""
    if inputs.problems:
        return list(inputs.problems)
    return [Problem(r.where, r.reason) for r in inputs.rejected]


def _read_inputs(rubric: Rubric, forms: Sequence[str], appraisals: Sequence[str],
                 format_name: str | None, *, progress: bool = True) -> Any:
    from .files import read_inputs

    formats = _host().formats(rubric.id)
    forms, appraisals = _expand(forms), _expand(appraisals)
    paths = [*forms, *appraisals]
    for f in paths:
        if not Path(f).is_file():
            _fail(f"{f}: no such file", hint="Check the path of each form and appraisal file.")
    with _plugin_call("read the input files", format_name or "xlsx"):
        if progress and len(paths) >= 5:
            stderr = sys.stderr
            bar = click.progressbar(length=len(paths), label="Đọc biểu mẫu (reading forms)",
                                    file=stderr)
            with bar:

                def step(_: Path) -> None:
                    bar.update(1)

                return read_inputs(rubric, forms, appraisals, formats=formats,
                                   format_name=format_name, progress=step)
        return read_inputs(rubric, forms, appraisals, formats=formats, format_name=format_name)


def _score(rubric: Rubric, cohort: Sequence[Assessment]) -> tuple[Scorecard, ...]:
    from .scoring import score

    return score(rubric, cohort, methods=_host().methods)


def _pick_units(cards: Sequence[Scorecard], unit: str | None) -> list[Scorecard]:
    if unit is None:
        return list(cards)
    key = nfc(unit).strip().casefold()
    chosen = [c for c in cards if c.unit.id == unit or nfc(c.unit.name).casefold() == key]
    if not chosen:
        chosen = [c for c in cards if key in nfc(c.unit.name).casefold()]
    if not chosen:
        names = ", ".join(c.unit.name for c in cards)
        _fail(f"no unit {unit!r} in the files", hint=f"Units found: {names}.")
    return chosen


# ------------------------------------------------------------------ the group


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="dtikit")
def cli() -> None:
    """dtikit — score the Digital Transformation Index [Chỉ số chuyển đổi số, DTI]
    of government units against a province's rubric [Bộ chỉ số].

    \b
    Typical use:
      dtikit rubrics                               list the installed rubrics
      dtikit template ID -o form.xlsx              a blank self-assessment form
      dtikit score ID forms/*.xlsx -o results.xlsx --report report.html
      dtikit check-table ID published.xlsx         recheck a published table
      dtikit demo                                  try it all on sample data

    ID is a rubric identity province/tier/year, e.g. hungyen/commune/2023.

    Exit status: 0 done; 1 findings (validation problems, disagreements,
    differences, rejected rows); 2 usage error or unusable input.
    """


# ------------------------------------------------------------------ plugins


def _format_data(fmt: Any) -> dict[str, Any]:
    return {"name": fmt.name, "title": fmt.title, "suffixes": list(fmt.suffixes),
            "rubrics": list(fmt.rubrics), "operations": list(fmt.operations),
            "description": fmt.description}


@cli.command("plugins", short_help="List plugins: their rubrics, methods and formats.")
@click.option("--json", "as_json", is_flag=True, help="Print the plugin report as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="Show the full reason of each failure.")
@click.pass_context
@handles_errors
def plugins_cmd(ctx: click.Context, as_json: bool, verbose: bool) -> None:
    """List the plugins [phần bổ trợ] that are loaded: the rubrics, scoring methods
    and file formats each provides, and any plugin that failed to load and why.

    Exit status 1 when a plugin failed to load.
    """
    host = _host()
    report = host.report
    formats = host.formats()
    if as_json:
        _json_out({
            "plugins": [to_data(p) for p in report.plugins],
            "formats": [_format_data(f) for f in formats.values()],
            "failures": [to_data(f) for f in report.failures],
        })
    else:
        rows = []
        for p in report.plugins:
            dist = f"{p.distribution} {p.version or ''}".strip() if p.distribution else "-"
            rows.append([p.name, p.origin, dist, str(len(p.rubrics)), str(len(p.methods)),
                         str(len(p.formats))])
        click.echo(f"Plugins: {len(report.plugins)} loaded, {len(report.failures)} failed\n")
        click.echo(table(["PLUGIN", "ORIGIN", "DISTRIBUTION", "RUBRICS", "METHODS", "FORMATS"],
                         rows, right=(3, 4, 5)))
        for p in report.plugins:
            if not (p.rubrics or p.methods or p.formats):
                continue
            click.echo(f"\n{p.name}")
            if p.rubrics:
                click.echo("  rubrics: " + ", ".join(p.rubrics))
            if p.methods:
                click.echo("  methods: " + ", ".join(p.methods))
            for name in p.formats:
                f = formats.get(name)
                if f is None:
                    continue
                scope = ", ".join(f.rubrics) if f.rubrics else "any rubric"
                click.echo(f"  format {f.name} ({', '.join(f.suffixes)}): {f.title}; "
                           f"{', '.join(f.operations) or 'no operation'}; {scope}")
        if report.failures:
            click.echo("\nFailed to load:")
            for fail in report.failures:
                click.echo(f"  - {fail}")
                if verbose and fail.detail:
                    click.echo("    " + fail.detail.rstrip().replace("\n", "\n    "))
    if report.failures:
        ctx.exit(EXIT_FINDINGS)


# ------------------------------------------------------------------ rubrics


def _rubric_summary(rubric: Rubric, owner: str | None) -> dict[str, Any]:
    return {
        "id": rubric.id, "province": rubric.province, "province_name": rubric.province_name,
        "tier": rubric.tier.key, "year": rubric.year, "until_year": rubric.until_year,
        "title": rubric.title, "scale": f"{rubric.scale}", "measure": rubric.measure,
        "status": rubric.status, "source": to_data(rubric.source), "plugin": owner,
    }


def _years(r: Rubric) -> str:
    if r.until_year is None:
        return f"{r.year}–"
    return str(r.year) if r.until_year == r.year else f"{r.year}–{r.until_year}"


@cli.command("rubrics", short_help="List the installed rubrics [Bộ chỉ số].")
@click.option("--province", help="Only this province key (e.g. hungyen).")
@click.option("--tier", help="Only this tier: department [sở, ban, ngành], district [cấp huyện], "
              "commune [cấp xã], …")
@click.option("--year", type=int, help="Only rubrics in force for this assessment year.")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@handles_errors
def rubrics_cmd(province: str | None, tier: str | None, year: int | None, as_json: bool) -> None:
    """List the installed rubrics [Bộ chỉ số]: identity (province/tier/year), years in
    force, scale (total points), data status, and the decision that issued it."""
    host = _host()
    found = []
    for rubric in host.rubrics().values():
        if province and rubric.province != province:
            continue
        if tier and rubric.tier.key != tier:
            continue
        if year is not None and (year < rubric.year or (rubric.until_year is not None
                                                         and year > rubric.until_year)):
            continue
        found.append(rubric)
    if as_json:
        _json_out([_rubric_summary(r, host.owner_of(r.id)) for r in found])
        return
    if not found:
        _err("no rubric matches" + ("" if host.rubrics() else " (no rubric is installed: "
                                    "install a province plugin)"))
        return
    rows = []
    for r in found:
        date = f" ({r.source.date:%d/%m/%Y})" if r.source.date else ""
        rows.append([r.id, _years(r), _fmt(r.scale), r.status, f"{r.source.decision}{date}",
                     r.province_name or r.province])
    click.echo(table(["ID", "YEARS", "SCALE", "STATUS", "DECISION [Quyết định]", "PROVINCE"],
                     rows, right=(2,)))
    if any(r.status != "complete" for r in found):
        click.echo("\nstatus: complete = every leaf encoded; partial = some main indices scored "
                   "as entered points (sub-indices unknown); structure = tree only, no points.")


_SCHEMA_TYPES = {"assessment": "Assessment", "rubric": "Rubric", "results": "Results",
                 "scorecard": "Scorecard"}


@cli.command("schema", short_help="Print the JSON Schema of dtikit's plain data.")
@click.argument("what", type=click.Choice(sorted(_SCHEMA_TYPES)), default="assessment")
@handles_errors
def schema_cmd(what: str) -> None:
    """Print the JSON Schema (draft 2020-12) of an assessment (default), a rubric,
    a scorecard or the results, so a host application can validate its data
    before it calls dtikit. Decimals are strings; dates are ISO (YYYY-MM-DD)."""
    import dtikit

    _json_out(dtikit.json_schema(getattr(dtikit, _SCHEMA_TYPES[what])))


# ------------------------------------------------------------------ rubric …


@cli.group("rubric", short_help="Show, validate or compare rubrics.")
def rubric_group() -> None:
    """Look at one rubric [Bộ chỉ số]: show its tree, validate a rubric data file,
    compare two rubrics (e.g. two years)."""


def _method_text(node: Indicator) -> str:
    if node.method is None:
        return "Σ" + (" (giới hạn)" if node.cap else "")
    return node.method.kind


@rubric_group.command("show")
@click.argument("rubric_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True,
              help="Dump the whole rubric as plain data (the data-file format, as JSON).")
@click.option("-v", "--verbose", is_flag=True,
              help="Also show, per indicator, how it is scored, the evidence asked for and who "
                   "appraises it.")
@handles_errors
def rubric_show(rubric_id: str, as_json: bool, verbose: bool) -> None:
    """Show a rubric's tree: codes [STT], names, maximum points [Điểm tối đa],
    scoring methods and where each row comes from (confirmed / inferred / unknown).

    ID is an installed rubric (see `dtikit rubrics`) or a rubric data file.
    """
    r = resolve_rubric(rubric_id)
    if as_json:
        _json_out(to_data(r))
        return
    click.echo(r.describe())
    bits = [f"tier: {r.tier.key}", f"years: {_years(r)}", f"status: {r.status}",
            f"measure: {r.measure}", f"rounding: {r.rounding.places} decimals, half-up"]
    if r.period:
        bits.append(f"period: {r.period.start:%d/%m/%Y} – {r.period.end:%d/%m/%Y}")
    click.echo("; ".join(bits))
    if r.classification:
        unit = "%" if r.classification.basis == "percent" else " points"
        bands = "; ".join(f"{b.label} {b.describe()}{unit}" for b in r.classification.bands)
        click.echo(f"classes [xếp loại] ({r.classification.provenance.status}): {bands}")
    wf = r.workflow
    rules = []
    if wf.deadline:
        rules.append(f"deadline {wf.deadline:%d/%m/%Y} (late: {wf.late})")
    if wf.require_appraisal:
        rules.append("no score without appraisal [thẩm định]")
    rules.append(f"ranked within: {'the parent unit' if wf.ranking_scope == 'parent' else 'the cohort'}")
    click.echo("workflow: " + "; ".join(rules))
    for v in r.variants:
        click.echo(f"variant {v.key}: {v.name} — not applicable: {', '.join(v.not_applicable)}")
    for c in r.conversions:
        click.echo(f"conversion {c.key}: {c.label} = DTI × {c.multiply} / {c.divide}")
    click.echo("")
    rows: list[list[str]] = []

    def visit(node: Indicator, depth: int) -> None:
        level = LEVEL_NAMES_VI.get(node.level, node.level)
        rows.append(["  " * depth + node.code, node.name or "(chưa rõ tên)", _fmt(node.max),
                     _method_text(node), level, node.provenance.status])
        if verbose:
            for label, text in (("cách tính", node.how), ("thẩm định", node.appraiser),
                                ("kiểm chứng", "; ".join(node.evidence) or None)):
                if text:
                    rows.append(["", f"  {label}: {text}", "", "", "", ""])
        for item in node.outline:
            rows.append(["  " * (depth + 1) + item.code, (item.name or "(chưa rõ tên)")
                         + " [chỉ biết mã, không chấm]", "", "", "", item.status])
        for child in node.children:
            visit(child, depth + 1)

    for top in r.indicators:
        visit(top, 0)
    click.echo(table(["MÃ", "TÊN CHỈ SỐ", "TỐI ĐA", "CÁCH CHẤM", "CẤP", "NGUỒN"], rows,
                     right=(2,)))
    leaves = sum(1 for _ in r.leaves())
    click.echo(f"\n{leaves} leaf indicator(s) to answer; total {_fmt(r.scale)} points.")
    if r.notes and verbose:
        click.echo(f"\nnotes: {r.notes}")


@rubric_group.command("validate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@click.pass_context
def rubric_validate(ctx: click.Context, file: Path, as_json: bool) -> None:
    """Check a rubric data file (.toml or .json) and list every problem with where it
    is (row, indicator code, band). Exit status 1 when there is any problem.

    The format is described in docs/rubric-data.md.
    """
    from .validation import validate_rubric

    rubric: Rubric | None = None
    problems: tuple[Problem, ...]
    try:
        rubric = load_rubric(file, validate=False)
        problems = validate_rubric(rubric, _host().methods)
    except RubricInvalid as exc:
        problems = exc.problems
    if as_json:
        _json_out({"file": str(file), "valid": not problems,
                   "rubric": rubric.id if rubric else None,
                   "problems": [{"where": p.where, "message": p.message} for p in problems]})
    elif problems:
        for p in problems:
            click.echo(f"{file}: {p}" if p.where != str(file) else f"{p}")
        click.echo(f"\n{len(problems)} problem(s) in {file}.")
    else:
        assert rubric is not None
        leaves = sum(1 for _ in rubric.leaves())
        click.echo(f"{file}: valid — {rubric.id}, {sum(1 for _ in rubric.walk())} indicators "
                   f"({leaves} to answer), scale {_fmt(rubric.scale)}.")
    if problems:
        ctx.exit(EXIT_FINDINGS)


@rubric_group.command("diff")
@click.argument("id_a", metavar="ID_A")
@click.argument("id_b", metavar="ID_B")
@click.option("--json", "as_json", is_flag=True, help="Print the differences as JSON.")
@click.pass_context
@handles_errors
def rubric_diff(ctx: click.Context, id_a: str, id_b: str, as_json: bool) -> None:
    """What changed from rubric ID_A (older) to ID_B (newer): indicators added,
    removed, renamed (same code, new name), new maximum points, new scoring
    method, moved; and rubric-wide settings (scale, classes, deadline, …).

    Each ID is an installed rubric or a rubric data file. Exit status 1 when
    the rubrics differ, 0 when they are the same (as `diff` does).
    """
    from .compare import compare_rubrics

    a, b = resolve_rubric(id_a), resolve_rubric(id_b)
    d = compare_rubrics(a, b)
    if as_json:
        data = to_data(d)
        data["same"] = d.same
        _json_out(data)
    else:
        click.echo(f"{d.a} → {d.b}: {d.common} indicator(s) in both")
        if d.same:
            click.echo("no difference")
        sections: list[tuple[str, list[list[str]], list[str]]] = [
            ("Added [thêm]", [[x.code, x.name, _fmt(x.max), x.method or "Σ"] for x in d.added],
             ["MÃ", "TÊN", "TỐI ĐA", "CÁCH CHẤM"]),
            ("Removed [bỏ]", [[x.code, x.name, _fmt(x.max), x.method or "Σ"] for x in d.removed],
             ["MÃ", "TÊN", "TỐI ĐA", "CÁCH CHẤM"]),
        ]
        for title, changes in (("Renamed [đổi tên]", d.renamed),
                               ("Maximum changed [đổi điểm tối đa]", d.max_changed),
                               ("Method changed [đổi cách chấm]", d.method_changed),
                               ("Moved [đổi chỉ số cha]", d.moved),
                               ("Level changed [đổi cấp]", d.level_changed)):
            sections.append((title, [[c.code, c.old, c.new] for c in changes],
                             ["MÃ", "TRƯỚC", "SAU"]))
        sections.append(("Rubric settings", [[c.field, c.old or "-", c.new or "-"]
                                             for c in d.rubric_changes],
                         ["FIELD", "TRƯỚC", "SAU"]))
        for title, rows, headers in sections:
            if rows:
                click.echo(f"\n{title} ({len(rows)})")
                click.echo(table(headers, rows))
    if not d.same:
        ctx.exit(EXIT_FINDINGS)


# ------------------------------------------------------------------ template


@cli.command("template", short_help="Write a blank self-assessment form.")
@click.argument("rubric_id", metavar="ID")
@click.option("-o", "--output", "output", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the form (.xlsx; .json writes a JSON skeleton for apps).")
@click.option("--unit", help="The unit's name, written into the form [tên đơn vị].")
@click.option("--format", "format_name", help="Use this file format (see `dtikit plugins`).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@handles_errors
def template_cmd(rubric_id: str, output: Path, unit: str | None, format_name: str | None,
                 force: bool) -> None:
    """Write the blank self-assessment form [biểu tự đánh giá, chấm điểm] of a
    rubric: every indicator with its code, name, maximum and how it is scored,
    with cells for the result, evidence [tài liệu kiểm chứng] and explanation
    [giải trình]."""
    from .files import pick_format

    rubric = resolve_rubric(rubric_id)
    if output.exists() and not force:
        _fail(f"{output} exists", hint="Choose another file name, or add --force to overwrite it.")
    if output.suffix.lower() == ".json" and format_name is None:
        skeleton = Assessment(
            rubric.id, Unit(unit or "Tên đơn vị", tier=rubric.tier),
            [Answer(n.code, note=f"{n.name} — {n.method.kind if n.method else ''}, tối đa "
                    f"{_fmt(n.max)}") for n in rubric.leaves()])
        output.write_text(dumps(skeleton) + "\n", encoding="utf-8")
        used = "JSON skeleton"
    else:
        fmt = pick_format(_host().formats(rubric.id), rubric, output, "write_template",
                          name=format_name)
        assert fmt.write_template is not None
        with _plugin_call("write the form", fmt.name):
            fmt.write_template(rubric, output, unit=unit)
        used = f"format {fmt.name}: {fmt.title}"
    leaves = sum(1 for _ in rubric.leaves())
    click.echo(f"wrote {output}: the form of {rubric.id} ({leaves} indicator(s) to answer)"
               + (f" for {unit}" if unit else "") + f" [{used}]")


# ------------------------------------------------------------------ score


def print_results(rubric: Rubric, results: Results, cards: Sequence[Scorecard]) -> None:
    """The summary a terminal shows: ranking, excluded units and why, findings."""
    _sample_banner(results.sample)
    places = rubric.rounding.places
    groups = sorted({r.group or "" for r in results.rows})
    has_delta = any(r.delta is not None for r in results.rows)
    click.echo(f"Xếp hạng theo {rubric.id} — {rubric.title}")
    for g in groups:
        rows = []
        for r in results.rows:
            if (r.group or "") != g:
                continue
            row = [str(r.rank), r.unit.name, _fmt(r.total, places), f"{_fmt(r.percent, places)}%"]
            if rubric.classification is not None:
                row.append(r.class_label or "—")
            row += [_fmt(v, places) for _, v in r.conversions]
            if has_delta:
                d = r.delta
                if d is None:
                    row.append("mới")
                else:
                    sign = "+" if d.total_change > 0 else ""
                    move = (f", hạng {'▲' if d.rank_change > 0 else '▼'}{abs(d.rank_change)}"
                            if d.rank_change else "")
                    row.append(f"{sign}{_fmt(d.total_change, places)}{move}")
            rows.append(row)
        headers = ["HẠNG", "ĐƠN VỊ", f"TỔNG ({_fmt(rubric.scale)})", "TỶ LỆ"]
        if rubric.classification is not None:
            headers.append("XẾP LOẠI")
        first_conv = len(headers)
        headers += [key.upper() for key, _ in results.conversions]
        if has_delta:
            headers.append("SO VỚI NĂM TRƯỚC")
        if g:
            click.echo(f"\nPhạm vi xếp hạng: {g}")
        click.echo(table(headers, rows,
                         right=(0, 2, 3, *range(first_conv, first_conv + len(results.conversions)))))
    for key, label in results.conversions:
        click.echo(f"{key.upper()}: {label}")
    if not results.rows:
        click.echo("(không có đơn vị nào được xếp hạng)")
    if results.excluded:
        click.echo(f"\nKhông xếp hạng ({len(results.excluded)}):")
        for e in results.excluded:
            total = f" [tự tính: {_fmt(e.total, places)}]" if e.total is not None else ""
            click.echo(f"  - {e.unit.name}: {e.message}{total}")
    counts: dict[str, int] = {}
    for c in cards:
        for f in c.findings:
            counts[f.kind] = counts.get(f.kind, 0) + 1
    n = sum(counts.values())
    if n:
        detail = "; ".join(f"{FINDING_KINDS.get(k, k)}: {v}" for k, v in sorted(counts.items()))
        click.echo(f"\nGhi nhận (findings): {n} — {detail}")
    else:
        click.echo("\nGhi nhận (findings): 0")


def write_results_file(rubric: Rubric, results: Results, cards: Sequence[Scorecard], path: Path,
                       format_name: str | None = None) -> None:
    """Results as JSON (``.json``) or through a format (``.xlsx``)."""
    from .files import pick_format

    if path.suffix.lower() == ".json" and format_name is None:
        path.write_text(dumps(results) + "\n", encoding="utf-8")
        return
    fmt = pick_format(_host().formats(rubric.id), rubric, path, "write_results", name=format_name)
    assert fmt.write_results is not None
    with _plugin_call("write the results", fmt.name):
        fmt.write_results(rubric, results, cards, path)


def _read_previous(path: Path) -> Results:
    try:
        return loads(path.read_text(encoding="utf-8"), Results)
    except (ValueError, TypeError, KeyError) as exc:
        from cattrs.errors import ClassValidationError
        from cattrs.v import transform_error

        msgs = (transform_error(exc, path="$") if isinstance(exc, ClassValidationError)
                else [str(exc)])
        raise FileRejected([Problem(str(path), m) for m in msgs], source=str(path)) from exc


def _recheck_written(rubric: Rubric, path: Path, format_name: str | None) -> TableCheck | None:
    """Read the table just written back and recheck it (shown in the report); None when
    the format cannot read it back."""
    from .files import read_table
    from .published import check_table

    if path.suffix.lower() == ".json":
        return None
    try:
        with _plugin_call("read back the results", format_name or "xlsx"):
            table = read_table(rubric, path, _host().formats(rubric.id), format_name=format_name)
    except (DtikitError, LookupError) as exc:
        _err(f"note: {path} could not be read back to recheck it: {exc}")
        return None
    return check_table(rubric, table)


@cli.command("score", short_help="Score, rank and classify a cohort; write the results.")
@click.argument("rubric_id", metavar="ID")
@click.argument("forms", nargs=-1, required=True, metavar="FORM...")
@click.option("--appraisal", "appraisals", multiple=True, metavar="FILE",
              help="An appraisal file [thẩm định] (repeat for several): the appraised results "
                   "replace the self-assessed ones of the units it names.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the published table here (.xlsx, or .json).")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the report page [báo cáo] here (one self-contained .html file; "
                   "with -o .xlsx the table written is read back and rechecked in it).")
@click.option("--previous", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Last year's results (.json written by --json) to show each unit's change.")
@click.option("--json", "json_out", metavar="PATH",
              help="Write the results as JSON to PATH ('-' prints them instead of the summary).")
@click.option("--tie-break", "tie_break", multiple=True, metavar="CODE",
              help="Split equal totals by this main index, highest first (repeatable; only if "
                   "the rubric's rules say so).")
@click.option("--format", "format_name", help="Read and write with this format (see `dtikit plugins`).")
@click.pass_context
@handles_errors
def score_cmd(ctx: click.Context, rubric_id: str, forms: tuple[str, ...],
              appraisals: tuple[str, ...], output: Path | None, report: Path | None,
              previous: Path | None, json_out: str | None, tie_break: tuple[str, ...],
              format_name: str | None) -> None:
    """Score, rank and classify a cohort: read the self-assessment forms
    [tự đánh giá] (and appraisals), compute every unit's points, rank the units
    [xếp hạng], give each its class [xếp loại], write the published table and
    print a summary.

    FORM files are .xlsx forms (from `dtikit template`) or JSON files of
    assessments; a folder stands for the .xlsx and .json files in it. Units left out by the rubric's rules (late, not appraised,
    incomplete) are listed with the reason.

    Exit status 0 when results are computed; 1 when some input rows were
    rejected (they are listed); 2 when the input cannot be used.
    """
    from .ranking import rank
    from .report import write_report

    rubric = resolve_rubric(rubric_id)
    for code in tie_break:
        if code not in rubric:
            _fail(f"--tie-break {code}: no indicator {code} in {rubric.id}")
    prev = _read_previous(previous) if previous else None
    inputs = _read_cohort(rubric, forms, appraisals, format_name, progress=json_out != "-")
    cards = _score(rubric, inputs.assessments)
    results = rank(cards, rubric, previous=prev, tie_break=tie_break)
    written: list[str] = []
    if output is not None:
        write_results_file(rubric, results, cards, output, format_name)
        written.append(f"results: {output}")
    if report is not None:
        check = _recheck_written(rubric, output, format_name) if output is not None else None
        write_report(rubric, results, cards, report, check=check)
        written.append(f"report: {report}")
    if json_out == "-":
        _json_out(to_data(results))
    else:
        if json_out:
            Path(json_out).write_text(dumps(results) + "\n", encoding="utf-8")
            written.append(f"JSON: {json_out}")
        print_results(rubric, results, cards)
        for w in written:
            click.echo(f"wrote {w}")
    bad = _unused(inputs)
    if bad:
        _err(f"\n{len(bad)} problem(s) in the input: these rows or cells were not used "
             "(fix them and run again):")
        for item in bad:
            _err(f"  - {item}")
        ctx.exit(EXIT_FINDINGS)


# ------------------------------------------------------------------ check-table


def print_check(check: TableCheck) -> None:
    errors = check.errors
    rounding = [d for d in check.disagreements if d.severity == "rounding"]
    for d in check.disagreements:
        tag = "" if d.severity == "error" else " [làm tròn / rounding, within tolerance]"
        click.echo(f"{d}{tag}")
    if not check.disagreements:
        click.echo(f"no disagreement: {len(check.rows)} row(s), every total, rank and class "
                   "agrees with the recomputation [không có sai lệch]")
    else:
        click.echo(f"\n{len(check.rows)} row(s) checked: {len(errors)} disagreement(s) "
                   f"[sai lệch], {len(rounding)} rounding difference(s) within tolerance")


@cli.command("check-table", short_help="Recheck a published results table.")
@click.argument("rubric_id", metavar="ID")
@click.argument("table_file", metavar="TABLE",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "format_name", help="Read the table with this format.")
@click.option("--json", "as_json", is_flag=True, help="Print the check as JSON.")
@click.pass_context
@handles_errors
def check_table_cmd(ctx: click.Context, rubric_id: str, table_file: Path,
                    format_name: str | None, as_json: bool) -> None:
    """Recompute a published results table [bảng kết quả công bố] and list every
    disagreement: totals that are not the sum of their parts, ranks that do not
    follow from the totals, classes that do not follow from the rubric's bands,
    parts outside their maximum.

    TABLE is .xlsx, or text pasted from the decision (.csv, .tsv, .txt: rank,
    unit, one column per main index, total, class; decimal comma). Exit status 1
    when there is any disagreement beyond rounding.
    """
    from .files import read_table
    from .published import check_table

    rubric = resolve_rubric(rubric_id)
    with _plugin_call("read the table", format_name or "xlsx"):
        published = read_table(rubric, table_file, _host().formats(rubric.id),
                               format_name=format_name)
    if not published.rows:
        _fail(f"{table_file}: no result rows found",
              hint=f"The table needs one row per unit: rank, unit, the {len(rubric.main_indices)} "
                   "main indices of the rubric, total, class.")
    check = check_table(rubric, published)
    if as_json:
        data = to_data(check)
        data["agrees"] = check.agrees
        _json_out(data)
    else:
        print_check(check)
    if check.errors:
        ctx.exit(EXIT_FINDINGS)


# ------------------------------------------------------------------ explain, gap


def _units_option(func: F) -> F:
    func = click.option("--unit", help="Only this unit (its name or id); default: every unit "
                        "in the files.")(func)
    func = click.option("--appraisal", "appraisals", multiple=True, metavar="FILE",
                        help="An appraisal file (repeatable).")(func)
    func = click.option("--format", "format_name", help="Read with this format.")(func)
    return func


@cli.command("explain", short_help="Explain one indicator's points for a unit.")
@click.argument("rubric_id", metavar="ID")
@click.argument("forms", nargs=-1, required=True, metavar="FORM...")
@click.option("--code", required=True, help="The indicator code [mã chỉ số], e.g. 6.2.")
@_units_option
@click.option("--json", "as_json", is_flag=True, help="Print the traces as JSON.")
@handles_errors
def explain_cmd(rubric_id: str, forms: tuple[str, ...], code: str, unit: str | None,
                appraisals: tuple[str, ...], format_name: str | None, as_json: bool) -> None:
    """Explain one indicator's points for a unit: the rule, the answer
    self-assessed and appraised, the evidence given, and the points."""
    from .scoring import explain

    rubric = resolve_rubric(rubric_id)
    if code not in rubric:
        codes = ", ".join(n.code for n in rubric.walk())
        _fail(f"no indicator {code!r} in {rubric.id}", hint=f"Codes of this rubric: {codes}.")
    inputs = _read_cohort(rubric, forms, appraisals, format_name)
    cards = _pick_units(_score(rubric, inputs.assessments), unit)
    by_unit = {a.unit.id: a for a in inputs.assessments}
    out = []
    for card in cards:
        text = explain(rubric, card, code)
        node = rubric.get(code)
        extra: list[str] = []
        if node.is_leaf:
            ans = by_unit[card.unit.id].answer(code)
            if ans is not None:
                for ev in ans.evidence:
                    extra.append(f"Tài liệu kiểm chứng: {ev.cite()}"
                                 + (f" — {ev.issuer}" if ev.issuer else ""))
                if ans.explanation:
                    extra.append(f"Giải trình: {ans.explanation}")
                if not ans.evidence and not ans.explanation and ans.value is not None:
                    extra.append("Tài liệu kiểm chứng: không có")
        for f in card.findings:
            if f.code == code:
                extra.append(f"Ghi nhận: {f.message}")
        full = "\n".join([text, *extra])
        out.append({"unit": card.unit.name, "unit_id": card.unit.id, "code": code,
                    "text": full, "node": to_data(card.node(code))})
        if not as_json:
            _sample_banner(card.sample)
            click.echo(f"== {card.unit.name} ==\n{full}\n")
    if as_json:
        _json_out(out)


@cli.command("gap", short_help="Where a unit can still gain points, largest first.")
@click.argument("rubric_id", metavar="ID")
@click.argument("forms", nargs=-1, required=True, metavar="FORM...")
@_units_option
@click.option("--top", type=click.IntRange(min=1), help="Show only the N largest gaps.")
@click.option("--json", "as_json", is_flag=True, help="Print the gaps as JSON.")
@handles_errors
def gap_cmd(rubric_id: str, forms: tuple[str, ...], unit: str | None,
            appraisals: tuple[str, ...], format_name: str | None, top: int | None,
            as_json: bool) -> None:
    """The improvement plan [điểm còn có thể đạt]: for each unit, the indicators
    with the most points still to gain against their maximum, largest first."""
    from .improve import gaps

    rubric = resolve_rubric(rubric_id)
    inputs = _read_cohort(rubric, forms, appraisals, format_name)
    cards = _pick_units(_score(rubric, inputs.assessments), unit)
    places = rubric.rounding.places
    out = []
    for card in cards:
        found = gaps(rubric, card)
        shown = found[:top] if top else found
        total_gap = sum((g.gap for g in found), Decimal(0))
        out.append({"unit": card.unit.name, "unit_id": card.unit.id,
                    "total": None if card.total is None else f"{card.total}",
                    "gain_possible": f"{total_gap}", "gaps": [to_data(g) for g in shown]})
        if as_json:
            continue
        _sample_banner(card.sample)
        click.echo(f"== {card.unit.name}: {_fmt(card.total, places)} / "
                   f"{_fmt(card.applicable_max, places)} điểm; còn có thể đạt thêm "
                   f"{_fmt(total_gap, places)} ==")
        rows = [[g.code, g.name, "chưa trả lời" if g.points is None else _fmt(g.points, places),
                 _fmt(g.applicable_max, places), _fmt(g.gap, places), g.appraiser or ""]
                for g in shown]
        if rows:
            click.echo(table(["MÃ", "CHỈ SỐ", "ĐIỂM", "TỐI ĐA", "CÒN THIẾU", "THẨM ĐỊNH"], rows,
                             right=(2, 3, 4)))
        else:
            click.echo("mọi chỉ số đã đạt điểm tối đa")
        click.echo("")
    if as_json:
        _json_out(out)


# ------------------------------------------------------------------ demo


@cli.command("demo", short_help="Run the whole job on sample data [dữ liệu mẫu].")
@click.option("--out", "out_dir", default="demo-output", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the demo's files.")
@handles_errors
def demo_cmd(out_dir: Path) -> None:
    """Run the whole job on SAMPLE data that ships with dtikit [dữ liệu mẫu]: score,
    rank and classify a sample cohort of communes against a bundled real rubric,
    write the published table and the report page, then recheck a real published
    table (thành phố Hưng Yên, 2023) and print what disagrees."""
    from .demo import run_demo

    outcome = run_demo(out_dir, echo=click.echo)
    for part in outcome.parts:
        click.echo("")
        click.secho(f"== {part.heading} ==", bold=True)
        print_results(part.rubric, part.results, part.cards)
        read_from = "from the Excel forms" if part.forms == "xlsx" else "from JSON"
        click.echo(f"(assessments read {read_from}; the published table written, read back and "
                   f"rechecked: {len(part.self_check.errors)} disagreement(s))")
        for path in part.written:
            click.echo(f"wrote {path}")
    click.echo("")
    click.secho(f"== {outcome.check_heading} ==", bold=True)
    print_check(outcome.check)
    click.echo(f"\nDone in {outcome.seconds:.1f} s. Open {outcome.report} in a browser.")


# ------------------------------------------------------------------ entry point


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit status (never raises SystemExit)."""
    try:
        rv = cli.main(args=list(argv) if argv is not None else None, prog_name="dtikit",
                      standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        _err("aborted")
        return EXIT_FINDINGS
    except BrokenPipeError:  # `dtikit … | head`
        return EXIT_OK
    return rv if isinstance(rv, int) else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
