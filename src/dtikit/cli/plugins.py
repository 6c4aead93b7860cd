"""`dtikit plugins`, `dtikit rubrics`, `dtikit schema`: what is installed."""

from __future__ import annotations

from typing import Any

import click

from ..convert import to_data
from ..model import Rubric
from .common import (
    EXIT_FINDINGS,
    echo_err,
    fmt_points,
    plugin_host,
    print_json,
    table,
    years_in_force,
)
from .group import cli
from .messages import status_word, t

# ------------------------------------------------------------------ plugins


def _format_data(fmt: Any) -> dict[str, Any]:
    return {"name": fmt.name, "title": fmt.title, "suffixes": list(fmt.suffixes),
            "rubrics": list(fmt.rubrics), "operations": list(fmt.operations),
            "description": fmt.description}


@cli.command("plugins", short_help="List plugins: their rubrics, methods and formats.")
@click.option("--json", "as_json", is_flag=True, help="Print the plugin report as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="Show the full reason of each failure.")
@click.option("--check", is_flag=True,
              help="Only list every failure (import, hook, rubric validation, conflict) and "
                   "every format that takes over a bundled suffix; exit 1 if any failed.")
@click.pass_context
def plugins_cmd(ctx: click.Context, as_json: bool, verbose: bool, check: bool) -> None:
    """List the plugins [phần bổ trợ] that are loaded: the rubrics, scoring methods
    and file formats each provides, and any plugin that failed to load and why.
    A plugin that fails (even by calling sys.exit) is reported by name; the
    others still load.

    Exit status 1 when a plugin failed to load.
    """
    host = plugin_host()
    report = host.report
    formats = host.formats()
    if as_json:
        print_json({
            "plugins": [to_data(p) for p in report.plugins],
            "formats": [{**_format_data(f), "plugin": host.format_owner(f.name)}
                        for f in formats.values()],
            "failures": [to_data(f) for f in report.failures],
            "notes": list(report.notes),
        })
    elif check:
        for fail in report.failures:
            _echo_failure(t("plugins.failed", failure=fail), fail, verbose)
        for note in report.notes:
            click.echo(t("plugins.note", note=note))
        if not report.failures:
            click.echo(t("plugins.ok", count=len(report.plugins)))
    else:
        rows = [[p.name, p.origin,
                 f"{p.distribution} {p.version or ''}".strip() if p.distribution else "-",
                 str(len(p.rubrics)), str(len(p.methods)), str(len(p.formats))]
                for p in report.plugins]
        click.echo(t("plugins.head", loaded=len(report.plugins), failed=len(report.failures)))
        click.echo(table([t("col.plugin"), t("col.origin"), t("col.distribution"),
                          t("col.rubrics"), t("col.methods"), t("col.formats")],
                         rows, right=(3, 4, 5)))
        for p in report.plugins:
            if not (p.rubrics or p.methods or p.formats):
                continue
            click.echo(t("plugins.name", name=p.name))
            if p.rubrics:
                click.echo(t("plugins.rubrics", items=", ".join(p.rubrics)))
            if p.methods:
                click.echo(t("plugins.methods", items=", ".join(p.methods)))
            for name in p.formats:
                f = formats.get(name)
                if f is None:
                    continue
                scope = ", ".join(f.rubrics) if f.rubrics else t("plugins.any_rubric")
                click.echo(t("plugins.format", name=f.name, suffixes=", ".join(f.suffixes),
                             title=f.title, scope=scope,
                             operations=", ".join(f.operations) or t("plugins.no_operation")))
        for note in report.notes:
            click.echo(t("plugins.note_line", note=note))
        if report.failures:
            click.echo(t("plugins.failures"))
            for fail in report.failures:
                _echo_failure(t("layout.item", item=fail), fail, verbose)
    if report.failures:
        ctx.exit(EXIT_FINDINGS)


def _echo_failure(line: str, fail: Any, verbose: bool) -> None:
    """A plugin that failed to load; with --verbose, its full reason (indented)."""
    click.echo(line)
    if verbose and fail.detail:
        click.echo(t("plugins.detail", detail=fail.detail.rstrip().replace("\n", "\n    ")))


# ------------------------------------------------------------------ rubrics


def _rubric_summary(rubric: Rubric, owner: str | None) -> dict[str, Any]:
    return {
        "id": rubric.id, "province": rubric.province, "province_name": rubric.province_name,
        "tier": rubric.tier.key, "year": rubric.year, "until_year": rubric.until_year,
        "title": rubric.title, "scale": f"{rubric.scale}", "measure": rubric.measure,
        "status": rubric.status, "source": to_data(rubric.source), "plugin": owner,
    }


@cli.command("rubrics", short_help="List the installed rubrics [Bộ chỉ số].")
@click.option("--province", help="Only this province key (e.g. hungyen).")
@click.option("--tier", help="Only this tier: department [sở, ban, ngành], district [cấp huyện], "
              "commune [cấp xã], …")
@click.option("--year", type=int, help="Only rubrics in force for this assessment year.")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def rubrics_cmd(province: str | None, tier: str | None, year: int | None, as_json: bool) -> None:
    """List the installed rubrics [Bộ chỉ số]: identity (province/tier/year), years in
    force, scale (total points), data status, and the decision that issued it."""
    host = plugin_host()
    found = [r for r in host.rubrics().values()
             if (not province or r.province == province) and (not tier or r.tier.key == tier)
             and (year is None or r.in_force(year))]
    if as_json:
        print_json([_rubric_summary(r, host.owner_of(r.id)) for r in found])
        return
    if not found:
        echo_err(t("rubrics.none", why="" if host.rubrics() else t("rubrics.none_installed")))
        return
    rows = [[r.id, years_in_force(r), fmt_points(r.scale), status_word(r.status),
             r.source.decision + (f" ({r.source.date:%d/%m/%Y})" if r.source.date else ""),
             r.province_name or r.province] for r in found]
    click.echo(table([t("col.id"), t("col.years"), t("col.scale"), t("col.status"),
                      t("col.decision"), t("col.province")], rows, right=(2,)))
    if any(r.status != "complete" for r in found):
        click.echo(t("rubrics.status"))


_SCHEMA_TYPES = {"assessment": "Assessment", "rubric": "Rubric", "results": "Results",
                 "scorecard": "Scorecard"}


@cli.command("schema", short_help="Print the JSON Schema of dtikit's plain data.")
@click.argument("what", type=click.Choice(sorted(_SCHEMA_TYPES)), default="assessment")
def schema_cmd(what: str) -> None:
    """Print the JSON Schema (draft 2020-12) of an assessment (default), a rubric,
    a scorecard or the results, so a host application can validate its data
    before it calls dtikit. Decimals are strings; dates are ISO (YYYY-MM-DD)."""
    import dtikit

    print_json(dtikit.json_schema(getattr(dtikit, _SCHEMA_TYPES[what])))
