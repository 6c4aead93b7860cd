"""The `dtikit` click group every command module adds itself to."""

from __future__ import annotations

import click

from .. import __version__

# ------------------------------------------------------------------ the group


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="dtikit")
@click.option("--debug", is_flag=True, help="Print the traceback of an internal error (exit 3).")
def cli(debug: bool) -> None:
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
    differences, rejected rows); 2 usage error or unusable input; 3 internal
    error (a bug: one line, the traceback with --debug). No command writes
    over an existing file without --force, nor ever over one of its inputs.
    """
