"""`dtikit appraisal …`: the appraisal round [thẩm định] — a workbook per agency,
merge, status, sign-off — and the sign-off step of `check-table`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import click

from ..convert import dumps, loads, to_data
from ..errors import FileRejected, Problem
from ..formats.cells import CellError, to_date
from ..model import Period, Rubric
from ..outputs import check_outputs, write_atomic
from .common import (
    EXIT_FINDINGS,
    InputFile,
    cohort_arguments,
    echo_err,
    expand_paths,
    fail,
    fmt_points,
    folder_files,
    note,
    plugin_host,
    print_json,
    print_unused,
    problem_item,
    read_cohort,
    resolve_rubric,
    sample_banner,
    score_cohort,
    table,
    unused_inputs,
)
from .group import cli
from .messages import state, t

OVERRIDES_HELP = ("A CSV file of per-unit assignments (unit,code,agency; unit * for every unit) "
                  "that change the rubric's appraiser [cơ quan thẩm định] of an indicator.")


def round_assignment(rubric: Rubric, overrides: Path | None) -> Any:
    """The rubric's assignment of agencies, with the overrides file if given."""
    from ..appraisal import assignment, read_overrides

    rows = read_overrides(rubric, overrides) if overrides is not None else []
    return assignment(rubric, rows, plugin_host().methods)


def _day(text: str, what: str) -> date:
    """A date given on the command line, read as a date cell is (formats.cells.to_date)."""
    try:
        return to_date(text)
    except CellError:
        fail(t("date.bad", what=what, text=text), hint=t("hint.date.bad"))


def _window(text: str | None) -> Period | None:
    if text is None:
        return None
    start, sep, end = text.partition("..")
    if not sep:
        fail(t("window.bad", text=text))
    try:
        return Period(_day(start, t("what.window_start")), _day(end, t("what.window_end")))
    except ValueError as exc:
        fail(t("window.invalid", text=text, error=exc))


def _no_overwrite(path: Path, force: bool, forms: Sequence[str], appraisals: Sequence[str],
                  overrides: Path | None) -> None:
    """The one output rule (:func:`dtikit.outputs.check_outputs`): an existing file
    only with --force, an input of the run (a folder: its files) never."""
    check_outputs([("-o", path)], [*expand_paths([*forms, *appraisals]),
                                   *([overrides] if overrides else [])], force=force)


def _safe_name(agency: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in " -_." else " " for ch in agency)
    return "-".join(keep.split()) or "co-quan"


_overrides_opt = click.option("--overrides", type=InputFile(),
                              help=OVERRIDES_HELP)
_appraisal_opt = click.option("--appraisal", "appraisals", multiple=True, metavar="FILE",
                              help="An appraisal file: an agency workbook, an appraisal form or "
                                   "JSON (repeat for several; a folder stands for its files).")


@cli.group("appraisal", short_help="The appraisal round: agency workbooks, merge, status, "
           "sign-off.")
def appraisal_group() -> None:
    """The appraisal round [thẩm định] as provinces run it: every unit
    assesses itself, then each agency appraises the indicators assigned to it
    for every unit, inside a window, and a decision approves the results.

    \b
      dtikit appraisal make ID forms/ --all-agencies -o workbooks/
      dtikit appraisal status ID forms/ --appraisal returned/
      dtikit appraisal merge ID forms/ --appraisal returned/ -o round.json
      dtikit score ID forms/ --appraisal returned/ -o results.xlsx
      dtikit appraisal sign ID forms/ --appraisal returned/ --decision … -o signoff.json

    The agency of each indicator is the rubric's `appraiser` (see `dtikit
    rubric show ID`); --overrides CSV changes it per unit.
    """


# ------------------------------------------------------------------ make


@appraisal_group.command("make", short_help="Write the appraisal workbook of an agency.")
@cohort_arguments
@click.option("--agency", help="The agency [cơ quan thẩm định] whose workbook to write.")
@click.option("--all-agencies", is_flag=True,
              help="One workbook per agency, written into the folder -o names.")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="The workbook (.xlsx) to write; with --all-agencies, a folder.")
@_overrides_opt
@_appraisal_opt
@click.option("--format", "format_name", help="Read the forms with this format.")
@click.option("--force", is_flag=True, help="Overwrite existing workbooks.")
def make_cmd(rubric_id: str, forms: tuple[str, ...], agency: str | None, all_agencies: bool,
             output: Path, overrides: Path | None, appraisals: tuple[str, ...],
             format_name: str | None, force: bool) -> None:
    """Write an agency's appraisal workbook [phiếu thẩm định]: one row per unit
    and indicator assigned to the agency, with the unit's self-assessed result
    and points [Điểm tự chấm], the evidence it cited [tài liệu kiểm chứng] and
    its explanation [giải trình]; and cells for the appraised result, the
    appraised points [Điểm thẩm định] (entered where the method is `awarded`,
    else computed by dtikit) and the comment [ý kiến thẩm định]. Only those
    cells (and the date of the appraisal) are unlocked.

    Appraisals already given (--appraisal) are written into the cells.
    """
    from ..appraisal import agency_work, same_agency, write_agency_workbook

    if (agency is None) == (not all_agencies):
        fail(t("appraisal.agency_or_all"))
    rubric = resolve_rubric(rubric_id)
    assign = round_assignment(rubric, overrides)
    inputs = read_cohort(rubric, forms, appraisals, format_name,
                         assignment=assign if appraisals else None)
    cohort = inputs.assessments
    known = assign.agencies(cohort)
    if agency is not None:
        match = next((k for k in known if same_agency(k, agency)), None)
        if match is None:
            fail(t("appraisal.no_work", rubric=rubric.id, agency=agency),
                 hint=t("hint.appraisal.agencies",
                        agencies="; ".join(known) or t("appraisal.no_agency")))
        targets = [(match, output)]
    else:
        if not known:
            fail(t("appraisal.no_appraiser", rubric=rubric.id),
                 hint=t("hint.appraisal.no_appraiser"))
        if output.exists() and not output.is_dir():
            fail(t("appraisal.output_is_file", output=output))
        output.mkdir(parents=True, exist_ok=True)
        targets = [(k, output / f"tham-dinh-{_safe_name(k)}.xlsx") for k in known]
    for _, path in targets:
        _no_overwrite(path, force, forms, appraisals, overrides)
    sample_banner(any(a.sample for a in cohort))
    for name, path in targets:
        work = agency_work(assign, cohort, name)
        if not work.units:
            note(t("appraisal.nothing_for", agency=name))
            continue
        write_agency_workbook(rubric, cohort, assign, name, path, methods=plugin_host().methods)
        click.echo(t("appraisal.wrote", path=path, agency=name, units=len(work.units),
                     cells=work.cells))
    print_unused(inputs)


# ------------------------------------------------------------------ merge


@appraisal_group.command("merge", short_help="Merge the agencies' appraisals into one round file.")
@cohort_arguments
@_appraisal_opt
@_overrides_opt
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The round file to write (.json: every assessment with its appraisals).")
@click.option("--format", "format_name", help="Read with this format.")
@click.option("--force", is_flag=True, help="Overwrite the output file.")
@click.pass_context
def merge_cmd(ctx: click.Context, rubric_id: str, forms: tuple[str, ...],
              appraisals: tuple[str, ...], overrides: Path | None, output: Path,
              format_name: str | None, force: bool) -> None:
    """Merge the appraisals [tổng hợp kết quả thẩm định] into the
    self-assessments: an appraised result replaces the self-assessed one. A cell
    two agencies appraise, an agency appraising an indicator not assigned to
    it, a unit or code that does not exist: each is listed with its file and
    cell and not applied (exit status 1); nothing else is held up.

    The round file (JSON) is what `dtikit score ID round.json` reads.
    """
    rubric = resolve_rubric(rubric_id)
    if not appraisals:
        fail(t("appraisal.no_file"), hint=t("hint.appraisal.no_file"))
    _no_overwrite(output, force, forms, appraisals, overrides)
    assign = round_assignment(rubric, overrides)
    inputs = read_cohort(rubric, forms, appraisals, format_name, assignment=assign)
    from ..appraisal import appraisal_changes, cuts_by_agency
    cohort = inputs.assessments
    write_atomic(output, dumps({"note": f"Kết quả thẩm định đã tổng hợp — {rubric.id}",
                               "assessments": [to_data(a) for a in cohort]}) + "\n")
    cards = score_cohort(rubric, cohort)
    changes = appraisal_changes(rubric, cards, cohort)
    sample_banner(any(a.sample for a in cohort))
    places = rubric.rounding.places
    rows = [[c.agency, str(c.appraised), str(c.changed), fmt_points(c.cut, places),
             fmt_points(c.added, places)] for c in cuts_by_agency(changes)]
    if rows:
        click.echo(table([t("col.agency"), t("col.appraised"), t("col.changed"), t("col.cut"),
                          t("col.added")], rows, right=(1, 2, 3, 4)))
    else:
        click.echo(t("merge.none"))
    click.echo(t("merge.wrote", path=output, units=len(cohort), cells=len(changes)))
    if print_unused(inputs):
        ctx.exit(EXIT_FINDINGS)


# ------------------------------------------------------------------ status


@appraisal_group.command("status", short_help="What each agency has appraised, and what is missing.")
@cohort_arguments
@_appraisal_opt
@_overrides_opt
@click.option("--window", metavar="START..END",
              help="The appraisal window, e.g. 16/10/2024..23/10/2024 (default: the rubric's "
                   "workflow.appraisal_window).")
@click.option("--today", metavar="DATE", help="Count as today (default: the system date): work "
              "missing after the window's end is overdue.")
@click.option("--format", "format_name", help="Read with this format.")
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.pass_context
def status_cmd(ctx: click.Context, rubric_id: str, forms: tuple[str, ...],
               appraisals: tuple[str, ...], overrides: Path | None, window: str | None,
               today: str | None, format_name: str | None, as_json: bool) -> None:
    """Where the round stands [tình hình thẩm định]: per agency and per unit,
    the indicators appraised, those missing, and work dated after the window.
    Indicators no agency is assigned are listed.

    Exit status 1 while anything is missing (or a cell was rejected), 0 when
    every agency has appraised every unit.
    """
    from ..appraisal import entries_of, merge, round_status
    from ..appraisal.status import STATE_VI

    rubric = resolve_rubric(rubric_id)
    assign = round_assignment(rubric, overrides)
    inputs = read_cohort(rubric, forms, appraisals, format_name, assignment=assign)
    cohort = inputs.assessments
    # the merged cohort's appraisals are the accepted cells; rebuild them as entries
    entries = [e for a in cohort for app in a.appraisals for e in entries_of("", a.unit.id, app)]
    merged = merge(rubric, cohort, entries, assign)
    st = round_status(assign, cohort, merged, window=_window(window),
                      today=_day(today, "--today") if today else date.today())
    bad = [p for rep in inputs.appraisal_reports if rep.source == "appraisal merge" for p in rep.problems]
    if as_json:
        data = to_data(st)
        data["complete"] = st.complete and not bad
        data["rejected_cells"] = [str(p) for p in bad]
        print_json(data)
    else:
        sample_banner(any(a.sample for a in cohort))
        if st.window is not None:
            click.echo(t("status.window", start=f"{st.window.start:%d/%m/%Y}",
                         end=f"{st.window.end:%d/%m/%Y}"))
        for agency in st.agencies():
            mine = st.of(agency)
            done = sum(1 for u in mine if not u.missing)
            click.echo(t("status.agency", agency=agency, done=done, count=len(mine)))
            rows = [[u.unit_name, state(u.state, u.state_vi), f"{len(u.appraised)}/{len(u.assigned)}",
                     ", ".join(u.missing) or "—",
                     f"{u.date:%d/%m/%Y}" if u.date else "—"] for u in mine]
            click.echo(table([t("col.unit"), t("col.state"), t("col.appraised"), t("col.missing"),
                              t("col.date")], rows, right=(2,)))
        if st.unassigned:
            click.echo(t("status.unassigned", codes=", ".join(st.unassigned)))
        counts = Counter(u.state for u in st.units)
        click.echo(t("status.total", counts="; ".join(t("status.count", state=state(k, STATE_VI[k]), count=v)
                                                       for k, v in counts.items())))
    if bad:
        echo_err(t("status.rejected", count=len(bad)))
        for p in bad:
            echo_err(problem_item(p))
    if not st.complete or bad:
        ctx.exit(EXIT_FINDINGS)


# ------------------------------------------------------------------ sign


@appraisal_group.command("sign", short_help="Record the decision that approved the results.")
@cohort_arguments
@_appraisal_opt
@_overrides_opt
@click.option("--decision", required=True, help="The decision's number, e.g. 2947/QĐ-UBND.")
@click.option("--date", "when", required=True, metavar="DATE", help="Its date (dd/mm/yyyy).")
@click.option("--signer", required=True, help="Who signed it (name and title).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The sign-off file to write (.json).")
@click.option("--format", "format_name", help="Read with this format.")
@click.option("--force", is_flag=True, help="Overwrite the output file.")
def sign_cmd(rubric_id: str, forms: tuple[str, ...], appraisals: tuple[str, ...],
             overrides: Path | None, decision: str, when: str, signer: str, output: Path,
             format_name: str | None, force: bool) -> None:
    """Sign off the round [phê duyệt kết quả]: score the final results and write
    the decision (number, date, signer), every unit's approved total and rank,
    and a content hash (SHA-256) of every input file. `dtikit check-table ID
    TABLE --signoff FILE` then finds any later change to an input, and any
    published row that differs from what was approved.
    """
    from ..appraisal import sign_off
    from ..ranking import rank

    rubric = resolve_rubric(rubric_id)
    _no_overwrite(output, force, forms, appraisals, overrides)
    day = _day(when, "--date")
    assign = round_assignment(rubric, overrides)
    inputs = read_cohort(rubric, forms, appraisals, format_name,
                         assignment=assign if appraisals else None)
    bad = unused_inputs(inputs)
    if bad:
        fail(t("sign.rejected"), problems=bad, hint=t("hint.sign.rejected"))
    results = rank(score_cohort(rubric, inputs.assessments), rubric)
    files = [*expand_paths(forms), *expand_paths(appraisals)]
    if overrides is not None:
        files.append(str(overrides))
    folders = {p: expand_paths([p]) for p in (*forms, *appraisals) if Path(p).is_dir()}
    signed = sign_off(rubric.id, results, files, decision=decision, when=day, signer=signer,
                      base=output.parent, folders=folders)
    write_atomic(output, dumps(signed) + "\n")
    click.echo(t("sign.wrote", path=output, cite=signed.cite(), inputs=len(signed.inputs),
                 units=len(signed.rows), digest=signed.digest[:16]))


def signoff_check(signoff: Path, table: Any) -> list[Problem]:
    """The sign-off step of `check-table`: what differs from the signed-off round
    (an input changed or missing, a row not the approved one)."""
    from ..appraisal import SignOff, verify_sign_off

    try:
        signed = loads(signoff.read_text(encoding="utf-8"), SignOff)
    except (ValueError, TypeError, KeyError) as exc:
        raise FileRejected([Problem(str(signoff), t("signoff.not_a_file", error=exc))],
                           source=str(signoff)) from exc
    return verify_sign_off(signed, signoff.parent, table, list_folder=folder_files)


def print_signoff_check(signoff: Path, found: Sequence[Problem]) -> None:
    if found:
        click.echo(t("signoff.differs", count=len(found), path=signoff))
        for p in found:
            click.echo(problem_item(p))
    else:
        click.echo(t("signoff.agrees", path=signoff))
