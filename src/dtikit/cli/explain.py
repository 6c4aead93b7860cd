"""`dtikit explain`, `dtikit gap`: one unit's points, and where it can gain."""

from __future__ import annotations

from decimal import Decimal

import click

from ..convert import to_data
from ..report.changes import explain_lines
from .common import (
    cohort_arguments,
    fail,
    fmt_points,
    note,
    options,
    pick_units,
    print_json,
    read_cohort,
    resolve_rubric,
    sample_banner,
    score_cohort,
    table,
    unused_inputs,
)
from .group import cli
from .messages import t

# ------------------------------------------------------------------ explain, gap


_units_option = options(
    click.option("--format", "format_name", help="Read with this format."),
    click.option("--appraisal", "appraisals", multiple=True, metavar="FILE",
                 help="An appraisal file (repeatable)."),
    click.option("--unit", help="Only this unit (its name or id); default: every unit "
                 "in the files."),
)


@cli.command("explain", short_help="Explain one indicator's points for a unit.")
@cohort_arguments
@click.option("--code", required=True, help="The indicator code [mã chỉ số], e.g. 6.2.")
@_units_option
@click.option("--json", "as_json", is_flag=True, help="Print the traces as JSON.")
def explain_cmd(rubric_id: str, forms: tuple[str, ...], code: str, unit: str | None,
                appraisals: tuple[str, ...], format_name: str | None, as_json: bool) -> None:
    """Explain one indicator's points for a unit: the rule, the answer
    self-assessed and appraised, the evidence given, and the points."""
    from ..scoring import explain

    rubric = resolve_rubric(rubric_id)
    if code not in rubric:
        codes = ", ".join(n.code for n in rubric.walk())
        fail(t("explain.no_indicator", code=code, rubric=rubric.id),
             hint=t("hint.explain.codes", codes=codes))
    inputs = read_cohort(rubric, forms, appraisals, format_name)
    cards = pick_units(score_cohort(rubric, inputs.assessments), unit)
    by_unit = {a.unit.id: a for a in inputs.assessments}
    for item in unused_inputs(inputs):  # e.g. an appraised cell the merge rejected
        note(t("explain.not_used", item=item))
    out = []
    for card in cards:
        text = explain(rubric, card, code)
        node = rubric.get(code)
        extra: list[str] = []
        if node.is_leaf:
            ans = by_unit[card.unit.id].answer(code)
            if ans is not None:
                for ev in ans.evidence:
                    extra.append(t("explain.evidence", cite=ev.cite(), issuer=t(
                        "explain.issuer", issuer=ev.issuer) if ev.issuer else ""))
                if ans.explanation:
                    extra.append(t("explain.explanation", text=ans.explanation))
                if not ans.evidence and not ans.explanation and ans.value is not None:
                    extra.append(t("explain.no_evidence"))
        for f in card.findings:
            if f.code == code:
                extra.append(t("explain.finding", message=f.message))
        extra += explain_lines(rubric, card, code, by_unit.get(card.unit.id))
        full = "\n".join([t("layout.text", text=text), *extra])
        out.append({"unit": card.unit.name, "unit_id": card.unit.id, "code": code,
                    "text": full, "node": to_data(card.node(code))})
        if not as_json:
            sample_banner(card.sample)
            click.echo(t("explain.block", unit=card.unit.name, text=full))
    if as_json:
        print_json(out)


@cli.command("gap", short_help="Where a unit can still gain points, largest first.")
@cohort_arguments
@_units_option
@click.option("--top", type=click.IntRange(min=1), help="Show only the N largest gaps.")
@click.option("--json", "as_json", is_flag=True, help="Print the gaps as JSON.")
def gap_cmd(rubric_id: str, forms: tuple[str, ...], unit: str | None,
            appraisals: tuple[str, ...], format_name: str | None, top: int | None,
            as_json: bool) -> None:
    """The improvement plan [điểm còn có thể đạt]: for each unit, the indicators
    with the most points still to gain against their maximum, largest first."""
    from ..improve import gaps

    rubric = resolve_rubric(rubric_id)
    inputs = read_cohort(rubric, forms, appraisals, format_name)
    cards = pick_units(score_cohort(rubric, inputs.assessments), unit)
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
        sample_banner(card.sample)
        click.echo(t("gap.head", unit=card.unit.name, total=fmt_points(card.total, places),
                     max=fmt_points(card.applicable_max, places),
                     gap=fmt_points(total_gap, places)))
        rows = [[g.code, g.name, t("gap.not_answered") if g.points is None else fmt_points(g.points, places),
                 fmt_points(g.applicable_max, places), fmt_points(g.gap, places), g.appraiser or ""]
                for g in shown]
        if rows:
            click.echo(table([t("col.code"), t("col.indicator"), t("col.points"), t("col.max"),
                              t("col.gap"), t("col.appraiser")], rows, right=(2, 3, 4)))
        else:
            click.echo(t("gap.none"))
        click.echo("")
    if as_json:
        print_json(out)
