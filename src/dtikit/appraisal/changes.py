"""What the appraisal changed: per unit and indicator, the self-assessed points
(*điểm tự chấm*) against the appraised ones (*điểm thẩm định*) with the
appraiser's comment, and per agency the points it cut.

The computation lives in :mod:`dtikit.appraised` (below the file formats, which
show it) and is re-exported here and from :mod:`dtikit.appraisal`. It is shown
as a sheet of the results workbook (:func:`dtikit.formats.changes_sheet.write_changes_sheet`),
a section of the HTML report and lines of ``dtikit explain``
(:mod:`dtikit.report.changes`). The renderers are still importable from here,
looked up by name when first asked for.
"""

from __future__ import annotations

from typing import Any

from ..appraised import AgencyCut as AgencyCut
from ..appraised import Change as Change
from ..appraised import appraisal_changes as appraisal_changes
from ..appraised import cuts_by_agency as cuts_by_agency

# The renderers, by name when first asked for (the workbook's loads openpyxl).
_RENDERERS = {"HEADERS": "dtikit.formats.changes_sheet", "SHEET": "dtikit.formats.changes_sheet",
              "write_changes_sheet": "dtikit.formats.changes_sheet",
              "changes_html": "dtikit.report.changes", "explain_lines": "dtikit.report.changes"}


def __getattr__(name: str) -> Any:
    if name in _RENDERERS:
        import importlib

        return getattr(importlib.import_module(_RENDERERS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
