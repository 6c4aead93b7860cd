"""A file format: answers kept in a CSV file, one row per unit and indicator.

    đơn vị,mã,giá trị
    UBND huyện A,1.1,4
    UBND huyện A,1.2,3/4
    UBND huyện A,2.1,Có
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import dtikit
from dtikit.plugin import parse_number


def _value(kind: str, text: str) -> dtikit.Value:
    """The cell text as the answer value the leaf's method takes."""
    text = text.strip()
    if text.casefold() in ("không áp dụng", "kad"):
        return dtikit.NotApplicable()
    if kind == "yes_no":
        if text.casefold() not in ("có", "không"):
            raise ValueError(f"{text!r}: write Có or Không")
        return dtikit.Flag(text.casefold() == "có")
    if kind == "levels":
        return dtikit.Choice(text)
    if kind == "parts":
        return dtikit.Parts({p.strip() for p in text.split(";") if p.strip()})
    if kind in ("ratio", "threshold_ratio"):
        a, _, b = text.partition("/")
        return dtikit.Ratio(parse_number(a), parse_number(b))
    return dtikit.Number(parse_number(text))


def read_assessments(rubric: dtikit.Rubric, path: Path) -> dtikit.ImportReport:
    rejected: list[dtikit.Rejected] = []
    answers: dict[str, list[dtikit.Answer]] = defaultdict(list)
    rows_read = 0
    with open(path, encoding="utf-8-sig", newline="") as f:
        for lineno, row in enumerate(csv.DictReader(f), start=2):
            rows_read += 1
            where = f"{path.name}:{lineno}"
            code = (row.get("mã") or "").strip()
            if code not in rubric or not rubric.get(code).is_leaf:
                rejected.append(dtikit.Rejected(where, f"{code!r} is not a leaf of {rubric.id}"))
                continue
            method = rubric.get(code).method
            try:
                value = _value(method.kind if method else "", row.get("giá trị") or "")
            except ValueError as exc:
                rejected.append(dtikit.Rejected(where, str(exc)))
                continue
            answers[row["đơn vị"].strip()].append(dtikit.Answer(code, value))
    assessments = tuple(
        dtikit.Assessment(rubric.id, dtikit.Unit(unit), tuple(found))
        for unit, found in answers.items()
    )
    return dtikit.ImportReport(
        source=str(path), assessments=assessments, rows_read=rows_read,
        rows_accepted=rows_read - len(rejected), rejected=tuple(rejected),
    )


CSV_ANSWERS = dtikit.Format(
    name="example/csv-answers",
    title="Tệp CSV: đơn vị, mã, giá trị",
    suffixes=(".csv",),
    rubrics=("example/district/2024",),
    read_assessments=read_assessments,
    description="Answers as CSV rows: đơn vị, mã, giá trị (decimal comma allowed).",
)
