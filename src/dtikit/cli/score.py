"""`dtikit template`, `dtikit score`, `dtikit check-table`: the round's main job."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import attrs
import click

from ..assessment import Answer, Assessment, Unit
from ..convert import dumps, to_data
from ..engine.score import finding_counts
from ..errors import DtikitError
from ..issuance import Issuance
from ..lineage import (
    delta_note,
    load_lineage,
    parse_index_map,
)
from ..model import Period, Rubric
from ..numbers import format_vi
from ..outputs import atomic_path, check_outputs, write_atomic
from ..pipeline import (
    read_previous,
    recheck_written,
    score_round,
    write_results_file,
    writer_options,
)
from ..published import PublishedTable, TableCheck
from ..ranking import Delta, Results
from ..scoring import Scorecard
from .appraisal import (
    OVERRIDES_HELP,
    print_signoff_check,
    round_assignment,
    signoff_check,
)
from .common import (
    EXIT_FINDINGS,
    InputFile,
    cohort_arguments,
    expand_paths,
    fail,
    fmt_points,
    note,
    options,
    plugin_call,
    plugin_host,
    print_json,
    print_unused,
    read_cohort,
    resolve_rubric,
    sample_banner,
    table,
)
from .group import cli
from .messages import CATALOGUE, exclusion_text, finding, t

# ------------------------------------------------------------------ issuance


def _period(ctx: click.Context, param: click.Parameter, value: str | None) -> Period | None:
    if not value:
        return None
    try:
        start, end = (dt.datetime.strptime(p.strip(), "%d/%m/%Y").date()
                      for p in value.split("-"))
        return Period(start, end)
    except ValueError:
        raise click.BadParameter(t("template.bad_period", value=value)) from None


issuance_options = options(
    click.option("--issuer", help="The issuing body, as the heading and the caption name "
                 "it [cơ quan ban hành], e.g. 'UBND huyện An Bình'."),
    click.option("--decision", help="The decision's number [số quyết định], e.g. "
                 "2947/QĐ-UBND (a bare number gets /QĐ-UBND)."),
    click.option("--place", help="The place of the place-and-date line [địa danh], "
                 "e.g. 'An Bình'."),
    click.option("--date", "doc_date", type=click.DateTime(["%d/%m/%Y", "%Y-%m-%d"]),
                 help="The document's (decision's) date, DD/MM/YYYY [ngày ban hành]."),
    click.option("--year", type=click.IntRange(1900, 2999),
                 help="The round's year [năm đánh giá] when it is not the rubric's."),
    click.option("--period", "data_period", callback=_period, metavar="FROM-TO",
                 help="The round's data period [kỳ số liệu], e.g. 01/11/2023-30/9/2024."),
)
"""The options of the official heading, the appendix caption and the round."""


def make_issuance(issuer: str | None, decision: str | None, place: str | None,
                  doc_date: dt.datetime | None, year: int | None,
                  data_period: Period | None) -> Issuance:
    return Issuance(issuer=issuer, decision=decision, place=place,
                    date=doc_date.date() if doc_date else None, year=year,
                    data_period=data_period)


# ------------------------------------------------------------------ template


@cli.command("template", short_help="Write a blank self-assessment form.")
@click.argument("rubric_id", metavar="ID")
@click.option("-o", "--output", "output", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the form (.xlsx; .json writes a JSON skeleton for apps).")
@click.option("--unit", help="The unit's name, written into the form [tên đơn vị].")
@click.option("--format", "format_name", help="Use this file format (see `dtikit plugins`).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option("--password", help="Protect the form's sheets with this password (default: "
              "protected without one; only the input cells can be changed).")
@issuance_options
def template_cmd(rubric_id: str, output: Path, unit: str | None, format_name: str | None,
                 force: bool, password: str | None, issuer: str | None, decision: str | None,
                 place: str | None, doc_date: dt.datetime | None, year: int | None,
                 data_period: Period | None) -> None:
    """Write the blank self-assessment form [biểu tự đánh giá, chấm điểm] of a
    rubric: every indicator with its code, name, maximum and how it is scored,
    with cells for the result, evidence [tài liệu kiểm chứng] and explanation
    [giải trình]."""
    from ..files import pick_format

    rubric = resolve_rubric(rubric_id)
    check_outputs([("-o", output)], force=force)
    if output.suffix.lower() == ".json" and format_name is None:
        skeleton = Assessment(
            rubric.id, Unit(unit or "Tên đơn vị", tier=rubric.tier),
            [Answer(n.code, note=f"{n.name} — {n.method.kind if n.method else ''}, tối đa "
                    f"{fmt_points(n.max)}") for n in rubric.leaves()])
        write_atomic(output, dumps(skeleton) + "\n")
        used = t("template.json")
    else:
        fmt = pick_format(plugin_host().formats(rubric.id), rubric, output, "write_template",
                          name=format_name)
        assert fmt.write_template is not None
        issuance = make_issuance(issuer, decision, place, doc_date, year, data_period)
        with plugin_call("what.write_form", fmt.name), atomic_path(output) as temp:
            fmt.write_template(rubric, temp, unit=unit, **writer_options(
                fmt.write_template, issuance=issuance, password=password))
        used = t("template.format", name=fmt.name, title=fmt.title)
    leaves = sum(1 for _ in rubric.leaves())
    click.echo(t("template.wrote", output=output, rubric=rubric.id, leaves=leaves,
                 unit=t("template.for_unit", unit=unit) if unit else "", used=used))


# ------------------------------------------------------------------ score


def print_results(rubric: Rubric, results: Results, cards: Sequence[Scorecard]) -> None:
    """The summary a terminal shows: ranking, excluded units and why, findings."""
    sample_banner(results.sample)
    places = rubric.rounding.places

    def pts(value: Decimal | None) -> str:  # fixed places, decimal comma, as every output
        return format_vi(value, places, trim=False)
    cols = results.row_columns()  # read by column: no row object is built
    n_rows = len(cols.rank)
    groups = sorted({g or "" for g in cols.group})
    has_delta = any(d is not None or nt for d, nt in zip(cols.delta, cols.no_trend))
    click.echo(t("results.title", rubric=rubric.id, title=rubric.title))

    def change(d: Delta | None, no_trend: str | None) -> str:
        note = delta_note(d, no_trend)
        if d is None:
            return note or t("results.new")
        sign = "+" if d.total_change > 0 else ""
        move = (t("results.move", arrow="▲" if d.rank_change > 0 else "▼",
                  n=abs(d.rank_change)) if d.rank_change else "")
        unit = t("results.percent_points") if d.basis == "percent" else ""
        return t("results.delta", sign=sign, change=pts(d.total_change), unit=unit, move=move,
                 note=t("results.delta_note", note=note) if note else "")

    by_group: dict[str, list[list[str]]] = {g: [] for g in groups}
    for k in range(n_rows):
        row = [str(cols.rank[k]), cols.unit[k].name, pts(cols.total[k]),
               f"{pts(cols.percent[k])}%"]
        if rubric.classification is not None:
            row.append(cols.class_label[k] or "—")
        row += [pts(v) for _, v in cols.conversions[k]]
        if has_delta:
            row.append(change(cols.delta[k], cols.no_trend[k]))
        by_group[cols.group[k] or ""].append(row)
    for g in groups:
        rows = by_group[g]
        headers = [t("col.rank"), t("col.unit"), t("col.total", scale=format_vi(rubric.scale, places, trim=False, whole=True)), t("col.percent")]
        if rubric.classification is not None:
            headers.append(t("col.class"))
        first_conv = len(headers)
        headers += [key.upper() for key, _ in results.conversions]
        if has_delta:
            headers.append(t("col.change"))
        if g:
            click.echo(t("results.scope", group=g))
        click.echo(table(headers, rows,
                         right=(0, 2, 3, *range(first_conv, first_conv + len(results.conversions)))))
    for key, label in results.conversions:
        click.echo(t("results.conversion", key=key.upper(), label=label))
    if not n_rows:
        click.echo(t("results.none_ranked"))
    from ..files import input_lines

    for line in input_lines(results.inputs, per_file=20, total=partial(t, "input.total"),
                            each=partial(t, "input.file")):
        click.echo(("\n" if not line.startswith(" ") else "") + line)
    if results.excluded:
        click.echo(t("results.excluded", count=len(results.excluded)))
        for e in results.excluded:
            total = t("results.self_total", total=pts(e.total)) if e.total is not None else ""
            click.echo(t("results.excluded_item", unit=e.unit.name, message=exclusion_text(e),
                         total=total))
    counts = finding_counts(cards)
    n = sum(counts.values())
    if n:
        detail = "; ".join(t("results.finding_count", label=finding(k), count=v)
                           for k, v in sorted(counts.items()))
        click.echo(t("results.findings", count=n, detail=detail))
    else:
        click.echo(t("results.findings_none"))


def _recheck_written(rubric: Rubric, path: Path, format_name: str | None,
                     tie_break: Sequence[str] = ()) -> TableCheck | None:
    """The table just written, read back and rechecked (shown in the report); None when
    the format cannot read it back (said in a note)."""
    try:
        with plugin_call("what.read_back", format_name or "xlsx"):
            return recheck_written(rubric, path, formats=plugin_host().formats(rubric.id),
                                   format_name=format_name, tie_break=tie_break)
    except (DtikitError, LookupError) as exc:
        note(t("score.read_back_failed", path=path, error=exc))
        return None


@cli.command("score", short_help="Score, rank and classify a cohort; write the results.")
@cohort_arguments
@click.option("--appraisal", "appraisals", multiple=True, metavar="FILE",
              help="An appraisal file [thẩm định] (repeat for several): the appraised results "
                   "replace the self-assessed ones of the units it names.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the published table here (.xlsx, or .json).")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the report page [báo cáo] here (one self-contained .html file; "
                   "with -o .xlsx the table written is read back and rechecked in it).")
@click.option("--previous", type=InputFile(),
              help="Last year's results (.json written by --json) to show each unit's change.")
@click.option("--lineage", "lineage_file", type=InputFile(),
              help="With --previous: the lineage table (.csv or .xlsx: old_unit,new_unit, …) of "
                   "units merged, split or renamed since then; each new unit is compared with "
                   "the mean of its old units [bình quân các đơn vị cũ].")
@click.option("--index-map", "index_map", multiple=True, metavar="OLD=NEW",
              help="With --previous: compare main index NEW with last year's OLD (repeatable; "
                   "several OLD into one NEW add up). Indices with the same code match anyway.")
@click.option("--json", "json_out", metavar="PATH",
              help="Write the results as JSON to PATH ('-' prints them instead of the summary).")
@click.option("--tie-break", "tie_break", multiple=True, metavar="CODE",
              help="Split equal totals by this main index, highest first (repeatable; only if "
                   "the rubric's rules say so).")
@click.option("--format", "format_name", help="Read and write with this format (see `dtikit plugins`).")
@click.option("--overrides", type=InputFile(),
              help=OVERRIDES_HELP)
@issuance_options
@click.option("--force", is_flag=True,
              help="Replace output files that exist (never an input file of this run).")
@click.pass_context
def score_cmd(ctx: click.Context, rubric_id: str, forms: tuple[str, ...],
              appraisals: tuple[str, ...], output: Path | None, report: Path | None,
              previous: Path | None, lineage_file: Path | None, index_map: tuple[str, ...],
              json_out: str | None, tie_break: tuple[str, ...], format_name: str | None,
              overrides: Path | None, issuer: str | None, decision: str | None,
              place: str | None, doc_date: dt.datetime | None, year: int | None,
              data_period: Period | None, force: bool) -> None:
    """Score, rank and classify a cohort: read the self-assessment forms
    [tự đánh giá] (and appraisals), compute every unit's points, rank the units
    [xếp hạng], give each its class [xếp loại], write the published table and
    print a summary.

    FORM files are .xlsx forms (from `dtikit template`) or JSON files of
    assessments; a folder stands for the .xlsx and .json files in it. Units left out by the rubric's rules (late, not appraised,
    incomplete) are listed with the reason.

    Output files (-o, --report, --json) are written whole or not at all
    (a temporary file in the same folder, then renamed); an existing file is
    replaced only with --force, and an input file of the run never.

    Exit status 0 when results are computed; 1 when some input rows were
    rejected (they are listed); 2 when the input cannot be used.
    """
    from ..report import write_report

    rubric = resolve_rubric(rubric_id)
    for code in tie_break:
        if code not in rubric:
            fail(t("score.no_indicator", code=code, rubric=rubric.id))
    if (lineage_file or index_map) and previous is None:
        fail(t("score.needs_previous"))
    check_outputs([("-o", output), ("--report", report), ("--json", json_out)],
                  [*expand_paths(forms), *expand_paths(appraisals),
                   *(p for p in (previous, lineage_file, overrides) if p),
                   *([rubric_id] if Path(rubric_id).is_file() else [])], force=force)
    prev = read_previous(previous) if previous else None
    lineage = load_lineage(lineage_file) if lineage_file else None
    try:
        indices = parse_index_map(index_map)
    except ValueError as exc:
        fail(t("layout.text", text=exc))
    inputs = read_cohort(rubric, forms, appraisals, format_name, progress=json_out != "-",
                         assignment=round_assignment(rubric, overrides) if overrides else None)
    done = score_round(rubric, inputs, methods=plugin_host().methods, previous=prev,
                       lineage=lineage, index_map=indices,
                       previous_source=previous.name if previous else "", tie_break=tie_break)
    results, cards = done.results, done.scorecards
    issuance = make_issuance(issuer, decision, place, doc_date, year, data_period)
    written: list[tuple[str, Any]] = []
    if output is not None:
        write_results_file(done, output, formats=plugin_host().formats(rubric.id),
                           format_name=format_name, issuance=issuance)
        written.append((t("written.results"), output))
    if report is not None:
        check = (_recheck_written(rubric, output, format_name, tie_break)
                 if output is not None else None)
        write_report(rubric, results, cards, report, check=check,
                     assessments=inputs.assessments, issuance=issuance)
        written.append((t("written.report"), report))
    if json_out == "-":
        print_json(to_data(results))
    else:
        if json_out:
            write_atomic(json_out, dumps(results) + "\n")
            written.append((t("written.json"), json_out))
        print_results(rubric, results, cards)
        for what, where in written:
            click.echo(t("results.wrote", what=what, path=where))
    if print_unused(inputs):
        ctx.exit(EXIT_FINDINGS)


# ------------------------------------------------------------------ check-table


def print_check(check: TableCheck, table: PublishedTable | None = None,
                rubric: Rubric | None = None) -> None:
    errors = check.errors
    rounding = [d for d in check.disagreements if d.severity == "rounding"]
    if table is not None and rubric is not None:
        click.echo(describe_reading(rubric, table))
    if errors:
        click.echo(t("check.disagreements", count=len(errors)))
        for d in errors:
            click.echo(t("check.line", disagreement=d, tag=""))
    if rounding:
        click.echo(t("check.within_rounding", count=len(rounding)))
        for d in rounding:
            click.echo(t("check.line", disagreement=d, tag=t("check.rounding")))
    if not check.disagreements:
        click.echo(t("check.agrees", rows=len(check.rows)))
    else:
        click.echo(t("check.summary", rows=len(check.rows), errors=len(errors),
                     rounding=len(rounding)))


def describe_reading(rubric: Rubric, table: PublishedTable) -> str:
    """How the table's numbers were read: decimal convention, units, precision."""
    from ..numbers import DECIMAL_STYLE_NAMES
    from ..published import table_columns

    if table.decimal is None:
        decimal = t("check.reading.cells")
    else:
        decimal = DECIMAL_STYLE_NAMES.get(table.decimal, table.decimal)
    cols = table_columns(rubric, table)
    seen: dict[tuple[str, int], list[str]] = {}
    for key, col in cols.items():
        seen.setdefault((col.unit, col.places), []).append(
            t("check.reading.total") if key == "total" else key)
    how = "; ".join(t("check.reading.columns", keys=", ".join(keys), places=places,
                      unit=t(f"check.unit.{unit}") if f"check.unit.{unit}" in CATALOGUE
                      else unit)
                    for (unit, places), keys in seen.items())
    return t("check.reading", decimal=decimal, how=how)


@cli.command("check-table", short_help="Recheck a published results table.")
@click.argument("rubric_id", metavar="ID")
@click.argument("table_file", metavar="TABLE",
                type=InputFile())
@click.option("--format", "format_name", help="Read the table with this format.")
@click.option("--json", "as_json", is_flag=True, help="Print the check as JSON.")
@click.option("--decimal", type=click.Choice(["vi", "en"]),
              help="How the table writes decimals: vi = 1.234,5 (decimal comma), en = 1,234.5 "
                   "(decimal point). Default: decided once from the table's own numbers.")
@click.option("--places", type=click.IntRange(0, 12), metavar="N",
              help="The published precision: every number of the table was rounded half-up "
                   "to N decimals. Default: read from the table.")
@click.option("--parts", "parts_unit", type=click.Choice(["points", "percent", "ratio"]),
              help="How the main-index columns are written: points, percent of the index's "
                   "maximum, or a 0-1 ratio of it. Default: from the header (%, tỷ lệ), "
                   "else points.")
@click.option("--total", "total_unit", type=click.Choice(["points", "percent", "index"]),
              help="How the total is written: points, percent of the unit's applicable "
                   "maximum, or a 0-1 index. Default: from the header, else points.")
@click.option("--tie-break", "tie_break", multiple=True, metavar="CODE",
              help="Equal totals are split by this main index (repeatable), as with "
                   "`dtikit score --tie-break`.")
@click.option("--signoff", type=InputFile(),
              help="A sign-off file (`dtikit appraisal sign`): also check that no input of the "
                   "approved round changed and that the table is the approved one.")
@click.pass_context
def check_table_cmd(ctx: click.Context, rubric_id: str, table_file: Path,
                    format_name: str | None, as_json: bool, decimal: str | None,
                    places: int | None, parts_unit: str | None, total_unit: str | None,
                    tie_break: tuple[str, ...], signoff: Path | None) -> None:
    """Recompute a published results table [bảng kết quả công bố] and list every
    disagreement: totals that are not the sum of their parts, ranks that do not
    follow from the totals (per group when the rubric ranks per district),
    classes that do not follow from the rubric's bands on the unit's applicable
    maximum, parts outside their maximum.

    TABLE is .xlsx, or text pasted from the decision (.csv, .tsv, .txt).
    Columns are matched by their header (the rubric's main-index names or
    codes, Xếp hạng, Đơn vị, Tổng điểm, Xếp loại, Nhóm xếp hạng or Huyện,
    Điểm tối đa áp dụng); a table without such a header is read as rank, unit,
    one column per main index, total, class. A difference no larger than the
    rounding of the published numbers (every part's and the total's own) is
    listed apart, with its bound. Exit status 1 when there is any disagreement
    beyond rounding.
    """
    from ..files import read_table
    from ..published import TOTAL, ColumnScale, check_data, check_table

    rubric = resolve_rubric(rubric_id)
    mains = {n.code for n in rubric.main_indices}
    for code in tie_break:
        if code not in mains:
            fail(t("check.tie_break_main", code=code, rubric=rubric.id))
    with plugin_call("what.read_table", format_name or "xlsx"):
        published = read_table(rubric, table_file, plugin_host().formats(rubric.id),
                               format_name=format_name, decimal=decimal)
    if not published.rows:
        fail(t("check.no_rows", path=table_file),
             hint=t("hint.check.no_rows", count=len(rubric.main_indices)))
    if places is not None or parts_unit or total_unit:
        scales = dict(published.scales)
        for key in [*(n.code for n in rubric.main_indices), TOTAL]:
            old = scales.get(key, ColumnScale())
            unit = (total_unit if key == TOTAL else parts_unit) or old.unit
            scales[key] = ColumnScale(unit, places if places is not None else old.places)
        published = attrs.evolve(published, scales=scales)
    check = check_table(rubric, published, tie_break=tie_break)
    changed = signoff_check(signoff, published) if signoff else []
    if as_json:
        data = check_data(check)
        data["reading"] = describe_reading(rubric, published)
        if signoff is not None:
            data["signoff_differences"] = [str(p) for p in changed]
        print_json(data)
    else:
        print_check(check, published, rubric)
        if signoff is not None:
            print_signoff_check(signoff, changed)
    if check.errors or changed:
        ctx.exit(EXIT_FINDINGS)
