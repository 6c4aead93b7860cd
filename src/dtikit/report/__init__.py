"""The report page: a self-contained HTML summary of one cohort's results.

>>> from dtikit.report import write_report  # doctest: +SKIP
>>> write_report(rubric, results, scorecards, "report.html")  # doctest: +SKIP
"""

from .html import render_report, write_report

__all__ = ["render_report", "write_report"]
