"""What a province adapter imports: every name a plugin needs, in one documented home.

A plugin imports ``dtikit.plugin`` (and, for what it returns, ``dtikit``) and
nothing deeper: the modules behind these names may move, these names do not.
A name leaves this module only after a release in which using it warns.

.. code-block:: python

    from importlib.resources import files

    from dtikit import plugin

    @plugin.hookimpl
    def dtikit_rubrics():
        return plugin.load_rubrics(files(__name__) / "rubrics")

The groups of names:

* the hook marker: :data:`hookimpl`;
* rubrics as data: :func:`load_rubrics`, :func:`load_rubric`, :class:`Rubric`;
* scoring methods: :class:`Method`, :class:`Outcome`, :class:`MethodSpec`, the answer
  values a method receives (:class:`Flag`, :class:`Choice`, :class:`Number`,
  :class:`Ratio`, :class:`Parts`, :class:`NotApplicable`), :class:`MethodParamsError`
  and :class:`AnswerError`;
* file formats: :class:`Format` and the signatures of its operations
  (:class:`TemplateWriter`, :class:`AssessmentReader`, :class:`ResultsWriter`,
  :class:`PublishedReader`), :class:`ImportReport`, :class:`Rejected`,
  :class:`Problem`, :class:`Origin` (where an assessment was read from, so that a
  problem found when the cohort is scored names the file and cell), a form declared as data (:class:`FormSpec`, :class:`FormColumn`,
  :func:`form_format`), published tables (:class:`PublishedTable`,
  :class:`PublishedRow`, :func:`read_delimited`);
* numbers: :func:`parse_number` (text as officers write it, ``91,27`` or ``91.27``),
  :func:`to_decimal` (a cell or JSON value, never through a float).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .assessment import (
    Answer,
    Assessment,
    Choice,
    Flag,
    NotApplicable,
    Number,
    Origin,
    Parts,
    Ratio,
    Unit,
    Value,
)
from .convert import load_rubric, load_rubrics
from .errors import AnswerError, MethodParamsError, Problem
from .formats.base import (
    AssessmentReader,
    Format,
    ImportReport,
    PublishedReader,
    Rejected,
    ResultsWriter,
    TemplateWriter,
)
from .hookspecs import hookimpl
from .methods import Method, Outcome
from .model import MethodSpec, Rubric
from .numbers import parse_number_text as parse_number
from .numbers import to_decimal

if TYPE_CHECKING:
    from .formats.spec import Column as FormColumn
    from .formats.spec import FormSpec
    from .formats.tables import read_delimited
    from .published import PublishedRow, PublishedTable

__all__ = [
    "Answer",
    "AnswerError",
    "Assessment",
    "AssessmentReader",
    "Choice",
    "Flag",
    "Format",
    "FormColumn",
    "FormSpec",
    "ImportReport",
    "Method",
    "MethodParamsError",
    "MethodSpec",
    "NotApplicable",
    "Number",
    "Origin",
    "Outcome",
    "Parts",
    "Problem",
    "PublishedReader",
    "PublishedRow",
    "PublishedTable",
    "Ratio",
    "Rejected",
    "ResultsWriter",
    "Rubric",
    "TemplateWriter",
    "Unit",
    "Value",
    "form_format",
    "hookimpl",
    "load_rubric",
    "load_rubrics",
    "parse_number",
    "read_delimited",
    "to_decimal",
]

# Names whose modules load openpyxl or the table reader: imported on first use, so that
# loading a plugin stays as light as importing dtikit.
_LAZY = {
    "FormSpec": ("formats.spec", "FormSpec"),
    "FormColumn": ("formats.spec", "Column"),
    "PublishedRow": ("published", "PublishedRow"),
    "PublishedTable": ("published", "PublishedTable"),
    "read_delimited": ("formats.tables", "read_delimited"),
}


def form_format(spec: FormSpec) -> Format:
    """A :class:`Format` for a form declared as data (:class:`FormSpec`): its blank
    form is written from ``spec``; reading, results and published tables are the core's."""
    from .formats import form_format as make

    return make(spec)


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    module, attr = target
    return getattr(importlib.import_module(f"{__package__}.{module}"), attr)


def __dir__() -> list[str]:
    return sorted(__all__)
