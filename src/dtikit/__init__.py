"""dtikit — define, score, appraise, rank and publish the Digital Transformation
Index (Chỉ số chuyển đổi số, DTI) of Vietnamese government units.

The rooms of the house:

* ``model`` — tiers, rubrics, indicators, bands (immutable data);
* ``assessment`` — what a unit submits: answers, evidence, appraisals;
* ``methods`` — how a leaf turns an answer into points;
* ``scoring`` — :func:`score`: rubric + assessments → scorecards;
* ``ranking`` — :func:`rank`: scorecards → the published results table;
* ``published`` — :func:`check_table`: recompute a published table;
* ``compare`` — :func:`compare_rubrics`: what changed between two rubrics;
* ``improve`` — :func:`gaps`: where a unit can still gain points;
* ``convert`` — the one cattrs converter (JSON, TOML rubric files);
* ``hookspecs`` / ``plugins`` — the plugin seam and host;
* ``formats`` — Excel forms and tables; ``files`` — reading input files by kind;
* ``report`` — the HTML report page; ``cli`` — the ``dtikit`` command.
"""

from __future__ import annotations

from .assessment import (
    Answer,
    Appraisal,
    Assessment,
    Choice,
    Evidence,
    Flag,
    NotApplicable,
    Number,
    Parts,
    Ratio,
    Unit,
    Value,
    as_value,
)
from .compare import RubricDiff, compare_rubrics
from .convert import dumps, from_data, json_schema, load_rubric, load_rubrics, loads, to_data
from .engine.score import score
from .errors import (
    AnswerError,
    AssessmentInvalid,
    DtikitError,
    FileRejected,
    MethodParamsError,
    PluginConflict,
    Problem,
    RubricInvalid,
    UnknownRubric,
)
from .formats.base import Format, ImportReport, Rejected
from .hookspecs import hookimpl
from .improve import Gap, gaps
from .issuance import Issuance
from .methods import Method, MethodRegistry, Outcome
from .model import (
    COMMUNE,
    DEPARTMENT,
    DISTRICT,
    PROVINCE,
    Band,
    Classification,
    Conversion,
    Indicator,
    MethodSpec,
    OutlineItem,
    Period,
    Provenance,
    Rounding,
    Rubric,
    RubricId,
    Source,
    Tier,
    Variant,
    Workflow,
)
from .plugins import LoadReport, PluginHost, default_host
from .published import ColumnScale, PublishedRow, PublishedTable, TableCheck, check_table
from .ranking import ResultRow, Results, rank
from .scoring import Finding, NodeScore, Scorecard, explain
from .validation import check_rubric, validate_rubric
from .version import __version__ as __version__

__all__ = [
    "COMMUNE",
    "DEPARTMENT",
    "DISTRICT",
    "PROVINCE",
    "Answer",
    "AnswerError",
    "Appraisal",
    "Assessment",
    "AssessmentInvalid",
    "Band",
    "Choice",
    "Classification",
    "ColumnScale",
    "Conversion",
    "DtikitError",
    "Evidence",
    "FileRejected",
    "Finding",
    "Flag",
    "Format",
    "Gap",
    "ImportReport",
    "Issuance",
    "Indicator",
    "LoadReport",
    "Method",
    "MethodParamsError",
    "MethodRegistry",
    "MethodSpec",
    "NodeScore",
    "NotApplicable",
    "Number",
    "Outcome",
    "OutlineItem",
    "Parts",
    "Period",
    "PluginConflict",
    "PluginHost",
    "Problem",
    "Provenance",
    "PublishedRow",
    "PublishedTable",
    "Ratio",
    "Rejected",
    "ResultRow",
    "Results",
    "Rounding",
    "Rubric",
    "RubricId",
    "RubricDiff",
    "RubricInvalid",
    "Scorecard",
    "Source",
    "TableCheck",
    "Tier",
    "Unit",
    "UnknownRubric",
    "Value",
    "Variant",
    "Workflow",
    "as_value",
    "check_rubric",
    "check_table",
    "compare_rubrics",
    "default_host",
    "dumps",
    "explain",
    "from_data",
    "gaps",
    "hookimpl",
    "json_schema",
    "load_rubric",
    "load_rubrics",
    "loads",
    "rank",
    "score",
    "to_data",
    "validate_rubric",
]
