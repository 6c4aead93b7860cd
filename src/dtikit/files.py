"""Reading input files by their kind: what the ``dtikit`` command (and a host app) uses.

* :func:`read_inputs` — self-assessments and appraisals from JSON files (read
  here) or from any file a plugin format reads (``.xlsx`` …), each matched to
  its unit; the appraisals are attached to the assessments they belong to.
* :func:`read_table` — a published results table from ``.csv``/``.tsv``/``.txt``
  (pasted text, decimal comma), ``.json`` or a format's reader (``.xlsx``).
* :func:`pick_format` — which plugin format handles a file for a rubric.

The JSON input shape (``dtikit.dumps`` writes the assessments):

* one assessment object, or a list of items, or an object
  ``{"note": "…", "assessments": [...], "appraisals": [...]}``;
* an item with ``rubric_id`` is an :class:`~dtikit.Assessment`; an item
  ``{"unit": "<unit id>", "appraisal": {...}}`` is an :class:`~dtikit.Appraisal`
  of that unit.

Every problem raises :class:`~dtikit.errors.FileRejected` naming the file and
the item (or sheet and cell), all problems at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError
from cattrs.v import transform_error

from .assessment import Appraisal, Assessment
from .convert import from_data
from .errors import FileRejected, Problem
from .formats.base import Format, ImportReport, Rejected
from .model import Rubric, nfc
from .published import PublishedTable, read_delimited

TEXT_TABLE_SUFFIXES = (".csv", ".tsv", ".txt")


def _structure(data: Any, cls: type[Any], where: str, problems: list[Problem]) -> Any:
    try:
        return from_data(data, cls)
    except (ClassValidationError, ForbiddenExtraKeysError) as exc:
        problems.extend(Problem(where, m) for m in transform_error(exc, path="$"))
    except (ValueError, TypeError, KeyError) as exc:
        problems.append(Problem(where, str(exc)))
    return None


def _load_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FileRejected([Problem(str(path), f"not UTF-8 text: {exc}")], source=str(path)) from exc
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise FileRejected([Problem(f"{path}:{exc.lineno}:{exc.colno}", f"not valid JSON: {exc.msg}")],
                           source=str(path)) from exc


def read_json_inputs(rubric: Rubric, path: str | Path) -> ImportReport:
    """Assessments and appraisals from a JSON file (see the module docstring)."""
    p = Path(path)
    data = _load_json(p)
    items: list[Any]
    if isinstance(data, list):
        items = data
    elif isinstance(data, Mapping) and ("assessments" in data or "appraisals" in data):
        extra = sorted(set(data) - {"assessments", "appraisals", "note"})
        if extra:
            raise FileRejected([Problem(str(p), f"unknown key(s) {', '.join(extra)}; expected "
                                        "assessments, appraisals, note")], source=str(p))
        items = [*data.get("assessments", []), *data.get("appraisals", [])]
    else:
        items = [data]
    problems: list[Problem] = []
    assessments: list[Assessment] = []
    appraisals: list[tuple[str, Appraisal]] = []
    for i, item in enumerate(items, start=1):
        where = f"{p}: item {i}"
        if isinstance(item, Mapping) and "appraisal" in item:
            unit = item.get("unit")
            if not isinstance(unit, str) or set(item) != {"unit", "appraisal"}:
                problems.append(Problem(where, 'an appraisal item is {"unit": "<unit id>", '
                                        '"appraisal": {...}}'))
                continue
            app = _structure(item["appraisal"], Appraisal, where, problems)
            if app is not None:
                appraisals.append((nfc(unit), app))
        elif isinstance(item, Mapping) and "rubric_id" in item:
            a = _structure(item, Assessment, where, problems)
            if a is None:
                continue
            if a.rubric_id != rubric.id:
                problems.append(Problem(f"{where} ({a.unit.name})",
                                        f"assessed against {a.rubric_id}, not {rubric.id}"))
                continue
            assessments.append(a)
        else:
            problems.append(Problem(where, "neither an assessment (it has no 'rubric_id') nor an "
                                    "appraisal item ({\"unit\": …, \"appraisal\": …})"))
    if problems:
        raise FileRejected(problems, source=str(p))
    n = len(items)
    return ImportReport(str(p), tuple(assessments), tuple(appraisals), rows_read=n, rows_accepted=n)


def pick_format(
    formats: Mapping[str, Format], rubric: Rubric, path: str | Path, operation: str,
    *, name: str | None = None,
) -> Format:
    """The format that performs ``operation`` on ``path`` for ``rubric``.

    ``name`` picks one explicitly. Otherwise: the formats that apply to the
    rubric, support the operation and accept the file's suffix; a format made
    for this rubric (a province's own form, e.g. BR-VT's Biểu 03) first, then
    the core's ``xlsx``, then by name. Raises :class:`LookupError` saying what
    is installed when none fits.
    """
    suffix = Path(path).suffix.lower()
    if name is not None:
        fmt = formats.get(name)
        if fmt is None:
            known = ", ".join(formats) or "none"
            raise LookupError(f"no format {name!r} is installed (installed: {known})")
        if getattr(fmt, operation) is None:
            raise LookupError(f"format {name!r} cannot {operation.replace('_', ' ')}")
        return fmt
    fits = [f for f in formats.values()
            if f.applies_to(rubric.id) and getattr(f, operation) is not None
            and suffix in tuple(s.lower() for s in f.suffixes)]
    if not fits:
        able = [f"{f.name} ({', '.join(f.suffixes)})" for f in formats.values()
                if f.applies_to(rubric.id) and getattr(f, operation) is not None]
        what = operation.replace("_", " ")
        hint = (f"formats that can {what} for {rubric.id}: {', '.join(able)}" if able else
                f"no installed format can {what} for {rubric.id} (the Excel format comes with "
                "dtikit; is the installation complete?)")
        raise LookupError(f"{path}: no format reads/writes '{suffix or '(no suffix)'}' files; {hint}")
    fits.sort(key=lambda f: (rubric.id not in f.rubrics, f.name != "xlsx", f.name))
    return fits[0]


@attrs.frozen
class Inputs:
    """What :func:`read_inputs` gathered: the cohort, with the appraisals attached."""

    assessments: tuple[Assessment, ...]
    reports: tuple[ImportReport, ...]

    @property
    def rejected(self) -> tuple[Rejected, ...]:
        return tuple(r for rep in self.reports for r in rep.rejected)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(p for rep in self.reports for p in rep.problems)


def read_file(rubric: Rubric, path: str | Path, formats: Mapping[str, Format],
              *, format_name: str | None = None) -> ImportReport:
    """One input file: JSON here, anything else through a plugin format."""
    p = Path(path)
    if format_name is None and p.suffix.lower() == ".json":
        return read_json_inputs(rubric, p)
    fmt = pick_format(formats, rubric, p, "read_assessments", name=format_name)
    assert fmt.read_assessments is not None
    return fmt.read_assessments(rubric, p)


def _match(unit_key: str, cohort: Sequence[Assessment]) -> int | None:
    for i, a in enumerate(cohort):
        if a.unit.id == unit_key:
            return i
    key = nfc(unit_key).strip().casefold()
    for i, a in enumerate(cohort):
        if nfc(a.unit.name).strip().casefold() == key:
            return i
    return None


def read_inputs(
    rubric: Rubric,
    forms: Iterable[str | Path],
    appraisals: Iterable[str | Path] = (),
    *,
    formats: Mapping[str, Format] | None = None,
    format_name: str | None = None,
    progress: Callable[[Path], None] | None = None,
) -> Inputs:
    """Read every form and appraisal file; attach each appraisal to its unit (by id,
    else by name).

    A form gives self-assessments (with any appraisals it carries); an appraisal
    file gives appraisals only (an appraisal form that repeats the self-assessed
    columns is fine). Raises :class:`FileRejected` with every problem of every
    file, and for an appraisal whose unit is in no form. Rows a format's reader
    rejected are in :attr:`Inputs.rejected` and :attr:`Inputs.problems`."""
    if formats is None:
        from .plugins import default_host

        formats = default_host().formats(rubric.id)
    problems: list[Problem] = []
    reports: list[ImportReport] = []
    cohort: list[Assessment] = []
    pending: list[tuple[str, str, Appraisal]] = []
    for kind, paths in (("form", forms), ("appraisal", appraisals)):
        for path in paths:
            p = Path(path)
            if progress is not None:
                progress(p)
            try:
                rep = read_file(rubric, p, formats, format_name=format_name)
            except FileRejected as exc:
                problems.extend(exc.problems)
                continue
            except LookupError as exc:
                problems.append(Problem(str(p), str(exc.args[0])))
                continue
            except OSError as exc:
                problems.append(Problem(str(p), f"cannot read: {exc.strerror or exc}"))
                continue
            reports.append(rep)
            if kind == "appraisal":
                # an appraisal form may repeat the self-assessment: only its appraisals count
                if not rep.appraisals:
                    problems.append(Problem(str(p), "no appraisal in this file (no appraised "
                                            "result, agency or appraisal item was found)"))
                pending.extend((str(p), uid, app) for uid, app in rep.appraisals)
                continue
            cohort.extend(rep.assessments)
            # a reader may list the appraisals it already attached to its assessments
            attached = {(a.unit.id, app) for a in rep.assessments for app in a.appraisals}
            pending.extend((str(p), uid, app) for uid, app in rep.appraisals
                           if (uid, app) not in attached)
    for source, uid, app in pending:
        i = _match(uid, cohort)
        if i is None:
            problems.append(Problem(source, f"appraisal by {app.agency} for unit {uid!r}, which "
                                    "no form assesses"))
            continue
        cohort[i] = cohort[i].with_appraisal(app)
    if problems:
        raise FileRejected(problems)
    return Inputs(tuple(cohort), tuple(reports))


def read_table(
    rubric: Rubric, path: str | Path, formats: Mapping[str, Format] | None = None,
    *, format_name: str | None = None, decimal: str | None = None,
) -> PublishedTable:
    """A published results table from text (``.csv``, ``.tsv``, ``.txt``: rank, unit,
    one column per main index, total, class; lines starting with ``#`` are comments),
    from JSON (a :class:`PublishedTable`), or through a format (``.xlsx``).
    ``decimal`` (``vi`` or ``en``) states how the table writes its text numbers
    (the core readers only; otherwise decided from the table)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if format_name is None and suffix in TEXT_TABLE_SUFFIXES:
        try:
            text = p.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FileRejected([Problem(str(p), f"not UTF-8 text: {exc}")], source=str(p)) from exc
        return read_delimited(text, rubric, source=str(p), decimal=decimal)
    if format_name is None and suffix == ".json":
        problems: list[Problem] = []
        table = _structure(_load_json(p), PublishedTable, str(p), problems)
        if problems:
            raise FileRejected(problems, source=str(p))
        assert isinstance(table, PublishedTable)
        return table
    if formats is None:
        from .plugins import default_host

        formats = default_host().formats(rubric.id)
    fmt = pick_format(formats, rubric, p, "read_published", name=format_name)
    assert fmt.read_published is not None
    if decimal is not None and fmt.name in ("xlsx", "csv"):
        from .formats.tables import read_published

        return read_published(rubric, p, decimal=decimal)
    return fmt.read_published(rubric, p)
