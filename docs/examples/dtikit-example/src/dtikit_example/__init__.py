"""dtikit plugin for Tỉnh Ví Dụ — the teaching example of dtikit's adapter tutorial.

dtikit finds this module through the entry point in pyproject.toml and calls
the functions below, each marked with ``@dtikit.hookimpl``.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources import files

import dtikit

from .formats import CSV_ANSWERS
from .methods import PerItem


@dtikit.hookimpl
def dtikit_rubrics() -> Iterable[dtikit.Rubric]:
    # Every *.toml file in rubrics/; the plugin host validates each one with
    # every loaded method (including PerItem below).
    return dtikit.load_rubrics(files(__name__) / "rubrics")


@dtikit.hookimpl
def dtikit_methods() -> Iterable[type[dtikit.Method]]:
    return [PerItem]


@dtikit.hookimpl
def dtikit_formats() -> Iterable[dtikit.Format]:
    return [CSV_ANSWERS]
