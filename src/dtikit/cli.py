"""The ``dtikit`` command (placeholder until the CLI lands)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("dtikit: command line coming", file=sys.stderr)
    return 2
