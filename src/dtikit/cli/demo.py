"""`dtikit demo`: the whole job on sample data."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import click

from ..numbers import format_vi
from .common import fail
from .group import cli
from .messages import t
from .score import print_check, print_results

# ------------------------------------------------------------------ demo


@cli.command("demo", short_help="Run the whole job on sample data [dữ liệu mẫu].")
@click.option("--out", "out_dir", default="demo-output", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the demo's files.")
@click.option("--force", is_flag=True, help="Replace the files of an earlier demo in the folder.")
def demo_cmd(out_dir: Path, force: bool) -> None:
    """Run the whole job on SAMPLE data that ships with dtikit [dữ liệu mẫu]: score,
    rank and classify a sample cohort of communes against a bundled real rubric,
    write the published table and the report page, then recheck a real published
    table (thành phố Hưng Yên, 2023) and print what disagrees. A folder that is
    not empty is used only with --force."""
    from ..demo import run_demo

    if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
        fail(t("demo.not_empty", folder=out_dir), hint=t("hint.demo.not_empty"))

    outcome = run_demo(out_dir, echo=click.echo,
                       words=lambda key, **values: t(f"demo.{key}", **values))
    for part in outcome.parts:
        click.echo("")
        click.secho(t("layout.heading", heading=part.heading), bold=True)
        print_results(part.rubric, part.results, part.cards)
        read_from = t("demo.read_xlsx") if part.forms == "xlsx" else t("demo.read_json")
        click.echo(t("demo.part", source=read_from, count=len(part.self_check.errors)))
        for path in part.written:
            click.echo(t("wrote", path=path))
    click.echo("")
    click.secho(t("layout.heading", heading=outcome.check_heading), bold=True)
    print_check(outcome.check)
    click.echo(t("demo.done", seconds=format_vi(Decimal(f"{outcome.seconds:.1f}"), 1, trim=False),
                 report=outcome.report))
