"""The ``dtikit`` command (also ``python -m dtikit``).

Exit status, for scripts: 0 done; 1 findings (validation problems,
disagreements, differences, rejected input rows, plugin load failures);
2 usage errors or input that cannot be used (each problem printed with where
it is and what to do); 3 an internal error (a bug in dtikit or in a plugin:
one line, the traceback only with ``--debug``). A closed pipe
(``dtikit rubrics | head -1``) ends quietly.
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from collections.abc import Sequence

import click

from . import appraisal, demo, explain, plugins, rubric, score  # noqa: F401  (each adds its commands)
from .common import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, echo_err, internal_error_line
from .group import cli
from .helptext import help_texts
from .messages import LANGS, click_texts, set_lang, t

__all__ = ["cli", "main"]

def _quiet_stdout() -> None:
    """After a closed pipe: send what is left to /dev/null, so that Python's flush at
    exit does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdout (a host app, a test runner)
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit status (never raises SystemExit).

    0 done, 1 findings, 2 usage or unusable input, 3 an internal error (one
    line; the traceback with ``--debug`` or ``DTIKIT_DEBUG=1``)."""
    args = list(argv) if argv is not None else sys.argv[1:]
    set_lang(_lang_of(args))  # before parsing, so that a usage error speaks it too
    debug = "--debug" in args or os.environ.get("DTIKIT_DEBUG", "") not in ("", "0")
    hook = sys.unraisablehook
    if not debug:  # a writer's generator finalised after its error: no traceback noise
        sys.unraisablehook = lambda _: None
    try:
        with click_texts(), help_texts(cli):
            return _run(args, debug)
    finally:
        sys.unraisablehook = hook


def _lang_of(args: list[str]) -> str | None:
    """The value of a global ``--lang`` (None when not given or not known)."""
    for i, arg in enumerate(args):
        if not arg.startswith("-"):
            break  # the command: its own options are not the group's
        value = (args[i + 1] if arg == "--lang" and i + 1 < len(args)
                 else arg.partition("=")[2] if arg.startswith("--lang=") else None)
        if value is not None:
            return value if value in LANGS else None
    return None


def _show(exc: click.ClickException) -> None:
    """A usage error (or click's own error) in the CLI's framing: the usage line,
    where to find help, and click's message."""
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        pieces = " ".join(ctx.command.collect_usage_pieces(ctx))
        echo_err(t("usage.line", usage=f"{ctx.command_path} {pieces}".rstrip()))
        if ctx.command.get_help_option(ctx) is not None:
            echo_err(t("usage.try", command=ctx.command_path))
        echo_err("")
    echo_err(t("error.line", label=click.style(t("error.label"), fg="red", bold=True),
               what=_click_message(exc)))


def _click_message(exc: click.ClickException) -> str:
    """click's error in the chosen language where its kind says what it is; else click's
    own (English) text."""
    ctx = getattr(exc, "ctx", None)
    param = getattr(exc, "param", None)
    hint = (param.get_error_hint(ctx) if param is not None and ctx is not None
            else getattr(exc, "param_hint", None))
    if isinstance(exc, click.MissingParameter) and hint:
        return t("usage.missing", param=hint)
    if isinstance(exc, click.NoSuchOption):
        return t("usage.no_such_option", option=exc.option_name)
    if isinstance(exc, click.BadParameter) and hint:
        return t("usage.bad_value", param=hint, detail=exc.message)
    unknown = re.fullmatch(r"No such command '(.*)'\.", exc.format_message())
    if unknown:
        return t("usage.no_such_command", command=unknown.group(1))
    return t("usage.click", detail=exc.format_message())


def _run(args: list[str], debug: bool) -> int:
    try:
        rv = cli.main(args=args, prog_name="dtikit", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        _show(exc)
        return exc.exit_code
    except click.exceptions.Abort:
        echo_err(t("aborted"))
        return EXIT_FINDINGS
    except BrokenPipeError:  # `dtikit … | head`: the reader has what it wanted
        _quiet_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        echo_err(t("interrupted"))
        return 130
    except (SystemExit, Exception) as exc:  # a bug: one line, the traceback only when asked for
        # (SystemExit: a plugin or a library called sys.exit in the middle of a command)
        if isinstance(exc, SystemExit) and type(sys.stdout).__name__.endswith(
                "PacifyFlushWrapper"):  # click's own exit on a closed pipe
            _quiet_stdout()
            return EXIT_OK
        if debug:
            traceback.print_exc()
        echo_err(internal_error_line(exc, debug=debug))
        return EXIT_INTERNAL
    return rv if isinstance(rv, int) else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
