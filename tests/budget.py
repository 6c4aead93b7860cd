"""How many Hypothesis examples a property test runs: fewer in CI (``CI=true``)."""

from __future__ import annotations

import os

IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def examples(n: int) -> int:
    """``n`` examples locally, a third of them (at least 10) in CI."""
    return max(10, n // 3) if IN_CI else n
