"""`dtikit demo`: the whole job on sample data."""

from __future__ import annotations

from pathlib import Path

import click

from .common import (
    fail,
    handles_errors,
)
from .group import cli
from .score import print_check, print_results

# ------------------------------------------------------------------ demo


@cli.command("demo", short_help="Run the whole job on sample data [dữ liệu mẫu].")
@click.option("--out", "out_dir", default="demo-output", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the demo's files.")
@click.option("--force", is_flag=True, help="Replace the files of an earlier demo in the folder.")
@handles_errors
def demo_cmd(out_dir: Path, force: bool) -> None:
    """Run the whole job on SAMPLE data that ships with dtikit [dữ liệu mẫu]: score,
    rank and classify a sample cohort of communes against a bundled real rubric,
    write the published table and the report page, then recheck a real published
    table (thành phố Hưng Yên, 2023) and print what disagrees. A folder that is
    not empty is used only with --force."""
    from ..demo import run_demo

    if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
        fail(f"{out_dir}: the folder is not empty",
             hint="Give a new folder with --out, or add --force to replace the demo's files in it.")

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
