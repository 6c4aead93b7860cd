"""`dtikit rubric show | validate | diff`: one rubric at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..convert import load_rubric, to_data
from ..errors import Problem, RubricInvalid
from ..model import LEVEL_NAMES_VI, Indicator, Rubric, RubricId
from ..outputs import check_outputs
from .common import (
    EXIT_FINDINGS,
    InputFile,
    fail,
    fmt_points,
    plugin_host,
    print_json,
    problem_item,
    resolve_rubric,
    table,
    years_in_force,
)
from .group import cli
from .messages import status_word, t

# ------------------------------------------------------------------ rubric …


@cli.group("rubric", short_help="Show, validate, compare, import or export rubrics.")
def rubric_group() -> None:
    """Look at one rubric [Bộ chỉ số]: show its tree, validate a rubric data file,
    compare two rubrics (e.g. two years); import a decision's appendix table as a
    rubric data file, and export a rubric as that table."""


def _method_text(node: Indicator) -> str:
    if node.method is None:
        return "Σ" + (t("show.capped") if node.cap else "")
    return node.method.kind


@rubric_group.command("show")
@click.argument("rubric_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True,
              help="Dump the whole rubric as plain data (the data-file format, as JSON).")
@click.option("-v", "--verbose", is_flag=True,
              help="Also show, per indicator, how it is scored, the evidence asked for and who "
                   "appraises it.")
def rubric_show(rubric_id: str, as_json: bool, verbose: bool) -> None:
    """Show a rubric's tree: codes [STT], names, maximum points [Điểm tối đa],
    scoring methods and where each row comes from (confirmed / inferred / unknown).

    ID is an installed rubric (see `dtikit rubrics`) or a rubric data file.
    """
    r = resolve_rubric(rubric_id)
    if as_json:
        print_json(to_data(r))
        return
    click.echo(t("show.describe", text=r.describe()))
    period = (t("show.period", start=f"{r.period.start:%d/%m/%Y}", end=f"{r.period.end:%d/%m/%Y}")
              if r.period else "")
    click.echo(t("show.facts", tier=r.tier.key, years=years_in_force(r), status=status_word(r.status),
                 measure=r.measure, places=r.rounding.places) + period)
    if r.classification:
        unit = "%" if r.classification.basis == "percent" else t("show.points")
        bands = "; ".join(t("show.band", label=b.label, range=b.describe(), unit=unit)
                          for b in r.classification.bands)
        click.echo(t("show.classes", status=status_word(r.classification.provenance.status), bands=bands))
    wf = r.workflow
    rules = []
    if wf.deadline:
        rules.append(t("show.deadline", deadline=f"{wf.deadline:%d/%m/%Y}", late=wf.late))
    if wf.require_appraisal:
        rules.append(t("show.require_appraisal"))
    rules.append(t("show.scope", scope=t("show.scope.parent") if wf.ranking_scope == "parent"
                   else t("show.scope.cohort")))
    click.echo(t("show.workflow", rules="; ".join(rules)))
    for v in r.variants:
        click.echo(t("show.variant", key=v.key, name=v.name, codes=", ".join(v.not_applicable)))
    for c in r.conversions:
        click.echo(t("show.conversion", key=c.key, label=c.label, multiply=c.multiply,
                     divide=c.divide))
    click.echo("")
    rows: list[list[str]] = []
    for node in r.walk():
        depth = r.depth(node.code)
        level = LEVEL_NAMES_VI.get(node.level, node.level)
        rows.append(["  " * depth + node.code, node.name or t("show.unnamed"), fmt_points(node.max),
                     _method_text(node), level, node.provenance.status])
        if verbose:
            for label, text in (("show.how", node.how), ("show.appraiser", node.appraiser),
                                ("show.evidence", "; ".join(node.evidence) or None)):
                if text:
                    rows.append(["", t(label, text=text), "", "", "", ""])
        for item in node.outline:
            rows.append(["  " * (depth + 1) + item.code,
                         t("show.outline", name=item.name or t("show.unnamed")), "", "", "",
                         item.status])
    click.echo(table([t("col.code"), t("col.name"), t("col.max"), t("col.method"), t("col.level"),
                      t("col.source")], rows, right=(2,)))
    leaves = sum(1 for _ in r.leaves())
    click.echo(t("show.total", leaves=leaves, scale=fmt_points(r.scale)))
    if r.notes and verbose:
        click.echo(t("show.notes", notes=r.notes))


@rubric_group.command("validate")
@click.argument("file", type=InputFile())
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@click.pass_context
def rubric_validate(ctx: click.Context, file: Path, as_json: bool) -> None:
    """Check a rubric data file (.toml or .json) and list every problem with where it
    is (row, indicator code, band). Exit status 1 when there is any problem.

    The format is described in docs/rubric-data.md.
    """
    from ..validation import validate_rubric

    rubric: Rubric | None = None
    problems: tuple[Problem, ...]
    try:
        rubric = load_rubric(file, validate=False)
        problems = validate_rubric(rubric, plugin_host().methods)
    except RubricInvalid as exc:
        problems = exc.problems
    if as_json:
        print_json({"file": str(file), "valid": not problems,
                   "rubric": rubric.id if rubric else None,
                   "problems": [{"where": p.where, "message": p.message} for p in problems]})
    elif problems:
        for p in problems:
            click.echo(t("validate.problem", file=file, problem=p) if p.where != str(file)
                       else t("layout.text", text=p))
        click.echo(t("validate.count", count=len(problems), file=file))
    else:
        assert rubric is not None
        leaves = sum(1 for _ in rubric.leaves())
        click.echo(t("validate.ok", file=file, rubric=rubric.id,
                     indicators=sum(1 for _ in rubric.walk()), leaves=leaves,
                     scale=fmt_points(rubric.scale)))
    if problems:
        ctx.exit(EXIT_FINDINGS)


@rubric_group.command("diff")
@click.argument("id_a", metavar="ID_A")
@click.argument("id_b", metavar="ID_B")
@click.option("--json", "as_json", is_flag=True, help="Print the differences as JSON.")
@click.pass_context
def rubric_diff(ctx: click.Context, id_a: str, id_b: str, as_json: bool) -> None:
    """What changed from rubric ID_A (older) to ID_B (newer): indicators added,
    removed, renamed (same code, new name), new maximum points, new scoring
    method, moved; and rubric-wide settings (scale, classes, deadline, …).

    Each ID is an installed rubric or a rubric data file. Exit status 1 when
    the rubrics differ, 0 when they are the same (as `diff` does).
    """
    from ..compare import compare_rubrics

    a, b = resolve_rubric(id_a), resolve_rubric(id_b)
    d = compare_rubrics(a, b)
    if as_json:
        data = to_data(d)
        data["same"] = d.same
        print_json(data)
    else:
        click.echo(t("diff.head", a=d.a, b=d.b, common=d.common))
        if d.same:
            click.echo(t("diff.same"))
        node_cols = [t("col.code"), t("col.name"), t("col.max"), t("col.method")]
        change_cols = [t("col.code"), t("col.before"), t("col.after")]
        sections: list[tuple[str, list[list[str]], list[str]]] = [
            (t("diff.added"), [[x.code, x.name, fmt_points(x.max), x.method or "Σ"]
                               for x in d.added], node_cols),
            (t("diff.removed"), [[x.code, x.name, fmt_points(x.max), x.method or "Σ"]
                                 for x in d.removed], node_cols),
        ]
        for title, changes in ((t("diff.renamed"), d.renamed),
                               (t("diff.max_changed"), d.max_changed),
                               (t("diff.method_changed"), d.method_changed),
                               (t("diff.moved"), d.moved),
                               (t("diff.level_changed"), d.level_changed)):
            sections.append((title, [[c.code, c.old, c.new] for c in changes], change_cols))
        sections.append((t("diff.settings"), [[c.field, c.old or "-", c.new or "-"]
                                              for c in d.rubric_changes],
                         [t("col.field"), t("col.before"), t("col.after")]))
        for title, rows, headers in sections:
            if rows:
                click.echo(t("diff.section", title=title, count=len(rows)))
                click.echo(table(headers, rows))
    if not d.same:
        ctx.exit(EXIT_FINDINGS)


# ------------------------------------------------------------ import / export


def _column_option(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        kind, sep, ref = value.partition("=")
        if not sep or not ref.strip():
            fail(t("import.bad_column", value=value), hint=t("hint.import.bad_column"))
        out[kind.strip()] = ref.strip()
    return out


@rubric_group.command("import")
@click.argument("appendix_file", metavar="APPENDIX",
                type=InputFile())
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The rubric data file to write (.toml).")
@click.option("--id", "rubric_id", required=True, help="The rubric's id: province/tier/year, "
              "e.g. mau/commune/2024.")
@click.option("--decision", help="The decision's number, e.g. \"3047/QĐ-UBND\" (default: read "
              "from the title block above the table).")
@click.option("--date", "decision_date", type=click.DateTime(formats=["%Y-%m-%d", "%d/%m/%Y"]),
              help="The decision's date (YYYY-MM-DD or DD/MM/YYYY).")
@click.option("--appendix", "appendix_name", help="The appendix, e.g. \"Phụ lục 3\".")
@click.option("--issuer", help="Who signed it, e.g. \"UBND tỉnh Mẫu\".")
@click.option("--title", help="The rubric's title (default: read from the title block).")
@click.option("--url", help="Where the decision is published, if it is public.")
@click.option("--scale", help="The total the main indices add up to (default: the table's "
              "total row, else their sum).")
@click.option("--column", "columns", multiple=True, metavar="KIND=HEADER",
              help="Name a column the header words do not show: KIND is code, name, max, how, "
                   "evidence, data_source or appraiser; HEADER is words of its heading, a "
                   "letter or a number. Repeatable.")
@click.option("--create-missing-parents", is_flag=True,
              help="Create a parent row the table lacks (its maximum the sum of its children, "
                   "marked as created) instead of stopping.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.pass_context
def rubric_import(ctx: click.Context, appendix_file: Path, output: Path, rubric_id: str,
                  decision: str | None, decision_date: Any, appendix_name: str | None,
                  issuer: str | None, title: str | None, url: str | None, scale: str | None,
                  columns: tuple[str, ...], create_missing_parents: bool, force: bool,
                  as_json: bool) -> None:
    """Read a decision's appendix table [Phụ lục] — .docx, .pdf with a text layer,
    .xlsx, .csv or .tsv — and write the rubric data file.

    Columns are found by their header words (STT | Chỉ số | Điểm tối đa | Cách xác
    định và tính điểm | Tài liệu kiểm chứng | Đơn vị thẩm định), with or without
    diacritics. Each leaf keeps its rule text verbatim (`how`) and gets the method
    a known phrasing gives; a rule no pattern recognises is scored `awarded` within
    its maximum and listed for review. Every sum is checked and every mismatch is
    listed with its row; nothing is fixed. Exit status 1 when a row needs review
    or a sum does not add up (the file is written all the same), 2 when the table
    cannot be read.
    """
    from ..appendix import import_appendix, rubric_toml
    from ..numbers import parse_number_text
    from ..outputs import write_atomic
    from ..validation import validate_rubric

    check_outputs([("-o", output)], [appendix_file], force=force)
    try:
        total = parse_number_text(scale) if scale else None
    except ValueError:
        fail(t("import.bad_scale", value=scale))
    try:
        RubricId.parse(rubric_id)
    except ValueError as exc:
        fail(t("layout.text", text=exc), hint=t("hint.import.bad_id"))
    result = import_appendix(
        appendix_file, rubric_id=rubric_id, decision=decision,
        decision_date=decision_date.date() if decision_date else None, issuer=issuer,
        appendix=appendix_name, title=title, url=url, scale=total,
        columns=_column_option(columns), create_missing_parents=create_missing_parents)
    text = rubric_toml(result, source_name=appendix_file.name)
    write_atomic(output, text)
    r = result.rubric
    problems = validate_rubric(r, plugin_host().methods)
    leaves = [n for n in r.leaves()]
    if as_json:
        print_json({"file": str(output), "rubric": r.id, "indicators": sum(1 for _ in r.walk()),
                    "leaves": len(leaves), "flagged": [f.code for f in result.flagged],
                    "columns": dict(result.columns),
                    "findings": [{"kind": f.kind, "where": f.where, "code": f.code,
                                  "message": f.message} for f in result.findings],
                    "valid": not problems})
    else:
        recognised = len(leaves) - len(result.flagged)
        click.echo(t("import.wrote", output=output, rubric=r.id,
                     indicators=sum(1 for _ in r.walk()), leaves=len(leaves),
                     scale=fmt_points(r.scale), recognised=recognised))
        for kind in ("review", "sum", "rule", "structure"):
            found = [f for f in result.findings if f.kind == kind]
            if found:
                click.echo(t("import.section", title=t(f"import.{kind}"), count=len(found)))
                for f in found:
                    click.echo(problem_item(f))
        if problems:
            click.echo(t("import.invalid", output=output, count=len(problems)))
    if result.flagged or result.mismatches or problems:
        ctx.exit(EXIT_FINDINGS)


@rubric_group.command("export")
@click.argument("rubric_id", metavar="ID")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The table to write: .docx or .xlsx.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def rubric_export(rubric_id: str, output: Path, force: bool) -> None:
    """Print a rubric as its decision's appendix table (.docx or .xlsx): STT, name,
    Điểm tối đa, Cách xác định và tính điểm, Tài liệu kiểm chứng, Nguồn dữ liệu,
    Đơn vị thẩm định, with the group rows in bold — to lay beside the signed
    decision. `dtikit rubric import` of the file gives the rubric back.

    ID is an installed rubric (see `dtikit rubrics`) or a rubric data file.
    """
    from ..appendix import export_appendix

    r = resolve_rubric(rubric_id)
    check_outputs([("-o", output)], [rubric_id] if Path(rubric_id).is_file() else [],
                  force=force)
    export_appendix(r, output, force=True)
    click.echo(t("export.wrote", output=output, rubric=r.id, rows=sum(1 for _ in r.walk())))

