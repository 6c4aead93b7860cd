"""The `dtikit` click group every command module adds itself to."""

from __future__ import annotations

from typing import Any

import click

from ..version import __version__
from .common import handles_errors
from .messages import LANG_ENV, LANGS, set_lang, t

# ------------------------------------------------------------------ the group


def _lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    set_lang(value)  # None: DTIKIT_LANG, else Vietnamese
    return value


def _version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(t("version", version=__version__))
        ctx.exit()


class _Group(click.Group):
    """The one error path of every command: dtikit's own errors (bad input) become a
    located message and exit 2 (:func:`~dtikit.cli.common.handles_errors`)."""

    def invoke(self, ctx: click.Context) -> Any:
        return handles_errors(super().invoke)(ctx)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--lang", type=click.Choice(LANGS), is_eager=True, callback=_lang,
              expose_value=False,
              help=f"The language of messages: vi (default) or en; also {LANG_ENV}=en.")
@click.option("--version", is_flag=True, is_eager=True, expose_value=False, callback=_version,
              help="Show the version and exit.")
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

    Messages are in Vietnamese; --lang en (or DTIKIT_LANG=en) prints them in
    English. Scripts should read --json, or run with --lang en.
    """
