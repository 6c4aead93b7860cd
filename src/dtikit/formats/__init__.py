"""File formats: what a format is (``base``), and the core's own Excel formats.

The pieces, each usable alone:

* ``safety`` — :func:`preflight`: refuse what is not a plain workbook before
  any reader opens it;
* ``xlsx_form`` — :func:`write_template`, :func:`write_filled_form`,
  :func:`write_filled_forms`: the self-assessment (and appraisal) forms;
* ``xlsx_read`` — :func:`read_assessments`, :func:`read_appraisals`;
* ``collection`` — :func:`write_collection`: one row per unit;
* ``xlsx_results`` — :func:`write_results`, :func:`write_results_book`;
* ``tables`` — :func:`read_published`: a published table from xlsx/CSV/TSV;
* ``spec`` — :class:`FormSpec`: a province's form as data;
  :func:`form_format` turns one into a :class:`Format` for the formats hook.

And the parts they share:

* ``cells`` — a workbook's cells as read (calamine, or openpyxl), one
  :class:`Grid` per sheet; ``columnwise`` — a clean collection sheet read a
  column at a time;
* ``records`` — one unit's cells to an Assessment, each problem at its cell;
  ``values`` — an answer as typed in a cell, and back;
* ``sheetxml`` — rows of a write-only sheet written as XML text;
  ``xlstyle`` — the house style and safe cell values; ``printing`` — page
  setup, the official heading and signatures;
* ``changes_sheet`` — the results workbook's sheet *Thẩm định* (what the
  appraisal changed, computed by :mod:`dtikit.appraised`).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, cast

from .base import Format, ImportReport, Rejected

if TYPE_CHECKING:
    from .spec import FormSpec

__all__ = [
    "Format",
    "ImportReport",
    "Rejected",
    "core_formats",
    "form_format",
]

_LAZY = {
    "preflight": "safety", "Limits": "safety",
    "write_template": "xlsx_form", "write_filled_form": "xlsx_form",
    "write_filled_forms": "xlsx_form",
    "read_assessments": "xlsx_read", "read_appraisals": "xlsx_read",
    "write_collection": "collection",
    "write_results": "xlsx_results", "write_results_book": "xlsx_results",
    "read_published": "tables",
    "FormSpec": "spec", "Column": "spec", "DEFAULT_FORM": "spec",
}


def __getattr__(name: str) -> Any:
    """Excel machinery loads on first use: importing dtikit stays light."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def _lazy(name: str) -> Any:
    """A function of this package that imports its module (and openpyxl) on first call."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return __getattr__(name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"dtikit.formats.{_LAZY[name]}.{name} (loaded on first use)"
    return call


def form_format(spec: FormSpec) -> Format:
    """A :class:`Format` for a form declared as data: its template writer uses
    ``spec``; reading, results and published tables are the core's."""
    return Format(
        name=spec.name,
        title=spec.code or spec.title,
        suffixes=cast(Any, (".xlsx",)),  # attrs' tuple converter is untyped for mypy
        rubrics=cast(Any, spec.rubrics),
        write_template=functools.partial(_lazy("write_template"), spec=spec),
        read_assessments=_lazy("read_assessments"),
        write_results=_lazy("write_results"),
        read_published=_lazy("read_published"),
        description=spec.description or spec.source_note,
    )


def core_formats() -> list[Format]:
    """The formats the core itself offers (registered by ``dtikit.builtin``)."""
    import attrs

    from .spec import DEFAULT_FORM

    xlsx = attrs.evolve(form_format(DEFAULT_FORM),
                        title="Excel (.xlsx): biểu tự đánh giá, bảng tổng hợp, bảng kết quả",
                        description="Blank and filled self-assessment forms, appraisal forms, "
                        "one-row-per-unit collections, published results with charts.")
    csv = Format(name="csv", title="Bảng kết quả dạng CSV/TSV", suffixes=cast(Any, (".csv", ".tsv", ".txt")),
                 read_published=_lazy("read_published"),
                 description="A published results table pasted as comma- or tab-separated "
                 "text (decimal comma).")
    return [xlsx, csv]
