"""The ``dtikit`` command (also ``python -m dtikit``).

Exit status, for scripts: 0 done; 1 findings (validation problems,
disagreements, differences, rejected input rows, plugin load failures);
2 usage errors or input that cannot be used (each problem printed with where
it is and what to do). A bug prints a traceback; bad input never does.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from . import appraisal, demo, explain, plugins, rubric, score  # noqa: F401  (each adds its commands)
from .common import EXIT_FINDINGS, EXIT_OK, echo_err
from .group import cli

__all__ = ["cli", "main"]

def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit status (never raises SystemExit)."""
    try:
        rv = cli.main(args=list(argv) if argv is not None else None, prog_name="dtikit",
                      standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        echo_err("aborted")
        return EXIT_FINDINGS
    except BrokenPipeError:  # `dtikit … | head`
        return EXIT_OK
    return rv if isinstance(rv, int) else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
