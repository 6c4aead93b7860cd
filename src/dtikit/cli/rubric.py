"""`dtikit rubric show | validate | diff`: one rubric at a time."""

from __future__ import annotations

from pathlib import Path

import click

from ..convert import load_rubric, to_data
from ..errors import (
    Problem,
    RubricInvalid,
)
from ..model import LEVEL_NAMES_VI, Indicator, Rubric
from .common import (
    EXIT_FINDINGS,
    fmt_points,
    handles_errors,
    plugin_host,
    print_json,
    resolve_rubric,
    table,
    years_in_force,
)
from .group import cli

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
        print_json(to_data(r))
        return
    click.echo(r.describe())
    bits = [f"tier: {r.tier.key}", f"years: {years_in_force(r)}", f"status: {r.status}",
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
        rows.append(["  " * depth + node.code, node.name or "(chưa rõ tên)", fmt_points(node.max),
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
    click.echo(f"\n{leaves} leaf indicator(s) to answer; total {fmt_points(r.scale)} points.")
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
            click.echo(f"{file}: {p}" if p.where != str(file) else f"{p}")
        click.echo(f"\n{len(problems)} problem(s) in {file}.")
    else:
        assert rubric is not None
        leaves = sum(1 for _ in rubric.leaves())
        click.echo(f"{file}: valid — {rubric.id}, {sum(1 for _ in rubric.walk())} indicators "
                   f"({leaves} to answer), scale {fmt_points(rubric.scale)}.")
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
    from ..compare import compare_rubrics

    a, b = resolve_rubric(id_a), resolve_rubric(id_b)
    d = compare_rubrics(a, b)
    if as_json:
        data = to_data(d)
        data["same"] = d.same
        print_json(data)
    else:
        click.echo(f"{d.a} → {d.b}: {d.common} indicator(s) in both")
        if d.same:
            click.echo("no difference")
        sections: list[tuple[str, list[list[str]], list[str]]] = [
            ("Added [thêm]", [[x.code, x.name, fmt_points(x.max), x.method or "Σ"] for x in d.added],
             ["MÃ", "TÊN", "TỐI ĐA", "CÁCH CHẤM"]),
            ("Removed [bỏ]", [[x.code, x.name, fmt_points(x.max), x.method or "Σ"] for x in d.removed],
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
