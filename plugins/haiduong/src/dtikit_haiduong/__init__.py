"""dtikit plugin for Hải Dương: the DTI rubrics of Quyết định 707/QĐ-UBND (24/3/2022) and 297/QĐ-UBND (24/02/2023).

The rubrics are data files in ``rubrics/``; see this plugin's README for what
is confirmed from the source, what is inferred, and what is missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources import files

import dtikit


@dtikit.hookimpl
def dtikit_rubrics() -> Iterable[dtikit.Rubric]:
    return dtikit.load_rubrics(files(__name__) / "rubrics")
