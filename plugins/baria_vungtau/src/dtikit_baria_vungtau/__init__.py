"""dtikit plugin for Bà Rịa – Vũng Tàu: the DTI rubrics of Quyết định 2647/QĐ-UBND (08/10/2024).

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
