"""What a file format is, and what an import reports.

A plugin offers formats through the ``dtikit_formats`` hook. A format is a
named bundle of the operations it supports; any of them may be ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import attrs

from ..errors import Problem

if TYPE_CHECKING:
    from ..assessment import Appraisal, Assessment
    from ..model import Rubric
    from ..published import PublishedTable
    from ..ranking import Results
    from ..scoring import Scorecard


@attrs.frozen
class Rejected:
    """A row (or sheet, or a whole file) that was read but not accepted, and why.
    ``unit`` is the unit's name when the row names one."""

    where: str
    reason: str
    unit: str | None = None


@attrs.frozen
class ImportReport:
    """What an import did. ``rows_read == rows_accepted + len(rejected)`` always holds:
    nothing read is lost without a reason."""

    source: str
    # a tuple, or (from a collection) a Cohort: a sequence that builds each
    # Assessment when it is read
    assessments: Sequence[Assessment] = ()
    appraisals: tuple[tuple[str, Appraisal], ...] = ()  # (unit id, appraisal)
    rows_read: int = 0
    rows_accepted: int = 0
    rejected: tuple[Rejected, ...] = ()
    problems: tuple[Problem, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.rows_read != self.rows_accepted + len(self.rejected):
            raise AssertionError(
                f"{self.source}: {self.rows_read} rows read but {self.rows_accepted} accepted "
                f"and {len(self.rejected)} rejected"
            )


class TemplateWriter(Protocol):
    """``write_template(rubric, path, *, unit=None)``: write a blank form to ``path``."""

    def __call__(self, rubric: Rubric, path: Path, *, unit: str | None = ...) -> None: ...


class AssessmentReader(Protocol):
    """``read_assessments(rubric, path)``: every row read, accepted or rejected with a reason."""

    def __call__(self, rubric: Rubric, path: Path) -> ImportReport: ...


class ResultsWriter(Protocol):
    """``write_results(rubric, results, scorecards, path)``: write the published table."""

    def __call__(self, rubric: Rubric, results: Results, scorecards: Sequence[Scorecard],
                 path: Path) -> None: ...


class PublishedReader(Protocol):
    """``read_published(rubric, path)``: a published table for ``check_table``."""

    def __call__(self, rubric: Rubric, path: Path) -> PublishedTable: ...


@attrs.frozen
class Format:
    """A file format a plugin offers. ``rubrics`` limits it to some rubric ids
    (e.g. BR-VT's Biểu 03 is for ``baria_vungtau/commune/2024``); empty means any."""

    name: str
    title: str
    suffixes: tuple[str, ...] = attrs.field(default=(".xlsx",), converter=tuple)
    rubrics: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    write_template: TemplateWriter | None = None
    read_assessments: AssessmentReader | None = None
    write_results: ResultsWriter | None = None
    read_published: PublishedReader | None = None
    description: str = ""

    def applies_to(self, rubric_id: str) -> bool:
        return not self.rubrics or rubric_id in self.rubrics

    @property
    def operations(self) -> tuple[str, ...]:
        ops = ("write_template", "read_assessments", "write_results", "read_published")
        return tuple(op for op in ops if getattr(self, op) is not None)


