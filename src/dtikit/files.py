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

Every problem names the file and the item (or sheet and cell). A bad item or
row is one rejected unit of the file's :class:`~dtikit.formats.base.ImportReport`
(the others are read); a file that cannot be read at all raises
:class:`~dtikit.errors.FileRejected` with all its problems, and
:func:`read_inputs` turns it into one rejected item of the batch.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError

from .assessment import Appraisal, Assessment, Unit
from .convert import JSONLimitError, error_messages, from_data, parse_json
from .errors import FileRejected, Problem
from .formats.base import Format, ImportReport, Rejected
from .formats.tables import read_delimited, read_text
from .limits import DEFAULT_LIMITS
from .messages import Listed, Text, message_of
from .model import Rubric, UnitIndex, nfc
from .published import PublishedTable
from .ranking import InputCount, Results

TEXT_TABLE_SUFFIXES = (".csv", ".tsv", ".txt")


def _structure(data: Any, cls: type[Any], where: str, problems: list[Problem]) -> Any:
    try:
        return from_data(data, cls)
    except (ClassValidationError, ForbiddenExtraKeysError) as exc:
        problems.extend(Problem(where, m) for m in error_messages(exc))
    except (ValueError, TypeError, KeyError) as exc:
        problems.append(Problem(where, message_of(exc)))
    except RecursionError:
        problems.append(Problem(where, Text("data.too_deep")))
    return None


def _check_size(path: Path, limit: int, what: str) -> None:
    size = path.stat().st_size
    if size > limit:
        raise FileRejected([Problem(str(path), Text("file.too_big_for", size=size, limit=limit,
                                                    what=what))], source=str(path))


def _load_json(path: Path) -> Any:
    _check_size(path, DEFAULT_LIMITS.max_json_bytes, Text("file.a_json_file"))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FileRejected([Problem(str(path), Text("file.not_utf8", error=exc))],
                           source=str(path)) from exc
    try:
        return parse_json(text)
    except json.JSONDecodeError as exc:
        raise FileRejected([Problem(f"{path}:{exc.lineno}:{exc.colno}",
                                    Text("file.not_json", error=exc.msg))],
                           source=str(path)) from exc
    except JSONLimitError as exc:
        raise FileRejected([Problem(str(path), message_of(exc))], source=str(path)) from exc


def read_json_inputs(rubric: Rubric, path: str | Path) -> ImportReport:
    """Assessments and appraisals from a JSON file (see the module docstring): each
    item accepted or rejected with its problems; raises :class:`FileRejected` only
    for a file that is not readable JSON of that shape."""
    p = Path(path)
    data = _load_json(p)
    items: list[Any]
    if isinstance(data, list):
        items = data
    elif isinstance(data, Mapping) and ("assessments" in data or "appraisals" in data):
        extra = sorted(set(data) - {"assessments", "appraisals", "note"})
        if extra:
            raise FileRejected([Problem(str(p), Text("file.json_keys", keys=", ".join(extra)))],
                               source=str(p))
        items = [*data.get("assessments", []), *data.get("appraisals", [])]
    else:
        items = [data]
    problems: list[Problem] = []
    assessments: list[Assessment] = []
    appraisals: list[tuple[str, Appraisal]] = []
    rejected: list[Rejected] = []
    for i, item in enumerate(items, start=1):
        where = Text("at.item", path=p, n=i)
        before = len(problems)
        if isinstance(item, Mapping) and "appraisal" in item:
            unit = item.get("unit")
            if not isinstance(unit, str) or set(item) != {"unit", "appraisal"}:
                problems.append(Problem(where, Text("file.appraisal_item")))
            else:
                app = _structure(item["appraisal"], Appraisal, where, problems)
                if app is not None:
                    appraisals.append((nfc(unit), app))
        elif isinstance(item, Mapping) and "rubric_id" in item:
            a = _structure(item, Assessment, where, problems)
            if a is not None and a.rubric_id != rubric.id:
                problems.append(Problem(Text("at.item_unit", where=where, unit=a.unit.name),
                                        Text("assessment.other_rubric", rubric=a.rubric_id,
                                             expected=rubric.id)))
            elif a is not None:
                assessments.append(a)
        else:
            problems.append(Problem(where, Text("file.neither")))
        if len(problems) > before:  # this item is rejected, the others still count
            mine = problems[before:]
            more = Text("rejected.more", count=len(mine) - 2) if len(mine) > 2 else ""
            rejected.append(Rejected(where, Text("rejected.problems", count=len(mine),
                                                 first=Listed([q.message for q in mine[:2]],
                                                              "; "), more=more),
                                     _item_name(item)))
    n = len(items)
    return ImportReport(str(p), tuple(assessments), tuple(appraisals), rows_read=n,
                        rows_accepted=n - len(rejected), rejected=tuple(rejected),
                        problems=tuple(problems))


def _item_name(item: Any) -> str | None:
    """The unit's name an item gives, if it gives one as text."""
    if not isinstance(item, Mapping):
        return None
    unit = item.get("unit")
    name = unit.get("name") if isinstance(unit, Mapping) else unit
    return nfc(name) if isinstance(name, str) and name.strip() else None


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
            known = ", ".join(formats) or Text("none")
            raise LookupError(Text("format.not_installed", name=name, known=known))
        if getattr(fmt, operation) is None:
            raise LookupError(Text("format.cannot", name=name, what=_operation(operation)))
        return fmt
    fits = [f for f in formats.values()
            if f.applies_to(rubric.id) and getattr(f, operation) is not None
            and suffix in tuple(s.lower() for s in f.suffixes)]
    if not fits:
        able = [f"{f.name} ({', '.join(f.suffixes)})" for f in formats.values()
                if f.applies_to(rubric.id) and getattr(f, operation) is not None]
        what = _operation(operation)
        hint = (Text("format.able", what=what, rubric=rubric.id, able=", ".join(able)) if able
                else Text("format.none_able", what=what, rubric=rubric.id))
        raise LookupError(Text("format.no_suffix", path=path,
                               suffix=suffix or Text("format.no_suffix_name"), hint=hint))
    fits.sort(key=lambda f: (rubric.id not in f.rubrics, f.name != "xlsx", f.name))
    return fits[0]


@attrs.frozen
class Inputs:
    """What :func:`read_inputs` gathered: the cohort, with the appraisals attached.
    ``assessments`` is a tuple, or the :class:`~dtikit.engine.columns.Cohort` of the one
    collection read (a sequence that builds each assessment when it is read)."""

    assessments: Sequence[Assessment]
    reports: tuple[ImportReport, ...]  # the forms: one row a unit
    # the appraisal files and the merge of their cells: rows that are not units, so
    # a rejected one is a problem of the input, never a unit left out of the ranking
    appraisal_reports: tuple[ImportReport, ...] = ()

    @property
    def units(self) -> list[Unit]:
        """Every accepted unit, in order (a Cohort's assessments left unbuilt)."""
        return units_of(self.assessments)

    @property
    def rejected(self) -> tuple[Rejected, ...]:
        return tuple(r for rep in (*self.reports, *self.appraisal_reports) for r in rep.rejected)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(p for rep in (*self.reports, *self.appraisal_reports) for p in rep.problems)

    @property
    def counts(self) -> tuple[InputCount, ...]:
        """Per form file read: rows (units) read, accepted, rejected."""
        return tuple(InputCount(r.source, r.rows_read, r.rows_accepted, len(r.rejected))
                     for r in self.reports)


def input_lines(counts: Sequence[InputCount], *, per_file: int = 50,
                total: Callable[..., str] | None = None,
                each: Callable[..., str] | None = None) -> list[str]:
    """The counts of what was read, in Vietnamese: the total, then each file (every file
    with a rejected row; the others while there are at most ``per_file`` files).

    ``total(read=, files=, accepted=, rejected=)`` and ``each(source=, read=, accepted=,
    rejected=)`` word the lines another way (the CLI's message catalogue)."""
    if not counts:
        return []
    read = sum(c.read for c in counts)
    ok = sum(c.accepted for c in counts)
    bad = sum(c.rejected for c in counts)
    if total is None:
        lines = [f"Đã đọc {read} đơn vị từ {len(counts)} tệp: {ok} được chấp nhận, "
                 f"{bad} bị từ chối (không xếp hạng)."]
    else:
        lines = [total(read=read, files=len(counts), accepted=ok, rejected=bad)]
    for c in counts:
        if c.rejected or len(counts) <= per_file:
            lines.append(f"  {c.source}: đọc {c.read}, chấp nhận {c.accepted}, từ chối {c.rejected}"
                         if each is None else each(source=c.source, read=c.read,
                                                   accepted=c.accepted, rejected=c.rejected))
    return lines


def account(results: Results, inputs: Inputs, rubric: Rubric) -> Results:
    """``results`` with every unit read accounted for: each row a reader rejected (or
    file it could not read) listed as not ranked [không xếp hạng] with its place and
    reason, and the rows read, accepted and rejected per file.

    Pure: the ranking itself is not touched."""
    from .ranking import Exclusion

    extra = []
    for rep in inputs.reports:
        for i, r in enumerate(rep.rejected, start=1):
            name = r.unit if r.unit else (f"(tệp {Path(rep.source).name})" if r.where == rep.source
                                          else f"({r.where})")
            unit = Unit(name=name, id=f"{rep.source}#{i}", tier=rubric.tier)
            extra.append(Exclusion(unit, "rejected", Text("at.where", where=r.where,
                                                          what=r.reason)
                                   if not r.reason.startswith(r.where) else r.reason))
    return attrs.evolve(results, excluded=(*results.excluded, *extra), inputs=inputs.counts)


def _operation(operation: str) -> str:
    """An operation of a format (``read_assessments``) in words."""
    known = ("write_template", "read_assessments", "write_results", "read_published")
    return Text(f"format.{operation}") if operation in known else operation.replace("_", " ")


def format_label(fmt: Format) -> str:
    """``format 'x'`` and, for a plugin's format, ``of plugin 'y'``."""
    try:
        from .plugins import BUILTIN_NAME, default_host

        owner = default_host().format_owner(fmt.name)
    except Exception:
        owner = None
    if owner is None or owner == BUILTIN_NAME:
        return Text("format.label", name=fmt.name)
    return Text("format.label_plugin", name=fmt.name, plugin=owner)


def _located(p: Path, where: str) -> str:
    """``where`` with the file named first (a reader may name only the sheet and cell)."""
    name = str(p)
    if not where:
        return name
    if where == name or where.startswith((name, p.name)):
        return where
    return Text("at.in_file", name=name, where=where)


def _with_file(p: Path, rep: ImportReport) -> ImportReport:
    """Every problem and rejected row of ``rep`` names the file; identical lines once."""
    problems = tuple(dict.fromkeys(Problem(_located(p, q.where), q.message)
                                   for q in rep.problems))
    rejected = tuple(attrs.evolve(r, where=_located(p, r.where)) for r in rep.rejected)
    return attrs.evolve(rep, problems=problems, rejected=rejected)


def rejected_file(path: str | Path, problems: Sequence[Problem]) -> ImportReport:
    """The report of a file that could not be read at all: one rejected item, every problem."""
    p = Path(path)
    located = tuple(dict.fromkeys(Problem(_located(p, q.where), q.message) for q in problems))
    more = Text("rejected.more", count=len(located) - 2) if len(located) > 2 else ""
    reason = (Text("file.unreadable_because", first=Listed([q.message for q in located[:2]],
                                                           "; "), more=more)
              if located else Text("file.unreadable"))
    return ImportReport(str(p), rows_read=1, rows_accepted=0,
                        rejected=(Rejected(str(p), reason),), problems=located)


def read_file(rubric: Rubric, path: str | Path, formats: Mapping[str, Format],
              *, format_name: str | None = None) -> ImportReport:
    """One input file: JSON here, anything else through a plugin format.

    Every problem names the file. A reader that fails on the file (a bug, or a
    file it does not expect) raises :class:`FileRejected` naming the format
    and its plugin, never a bare exception."""
    p = Path(path)
    if format_name is None and p.suffix.lower() == ".json":
        return _with_file(p, read_json_inputs(rubric, p))
    fmt = pick_format(formats, rubric, p, "read_assessments", name=format_name)
    assert fmt.read_assessments is not None
    try:
        rep = fmt.read_assessments(rubric, p)
    except (FileRejected, OSError):
        raise
    except (KeyboardInterrupt, GeneratorExit):
        raise
    except BaseException as exc:
        text = " ".join(str(exc).split())[:300]
        raise FileRejected([Problem(str(p), Text("file.format_failed", format=format_label(fmt),
                                                 error=f"{type(exc).__name__}: {text}"))],
                           source=str(p)) from exc
    return _with_file(p, rep)


def match_unit(unit_key: str, cohort: Sequence[Assessment]) -> int | None:
    """The position in ``cohort`` of the unit ``unit_key`` names:
    :func:`dtikit.model.match_unit` (its one home) over the cohort's units."""
    return UnitIndex(units_of(cohort)).find(unit_key)


def units_of(assessments: Sequence[Assessment]) -> list[Unit]:
    """The units of a cohort, in order, without building the assessments of an
    imported collection (a :class:`~dtikit.engine.columns.Cohort` holds its units)."""
    from .engine.columns import Cohort

    if isinstance(assessments, Cohort):
        return list(assessments.units)
    return [a.unit for a in assessments]


def _keep(rep: ImportReport, keep: Sequence[int], rejected: Sequence[Rejected],
          problems: Sequence[Problem]) -> ImportReport:
    """``rep`` with only the assessments at ``keep`` (and their appraisals), the
    others rejected with their problems."""
    assessments = tuple(rep.assessments[i] for i in keep)
    ids = {a.unit.id for a in assessments}
    return attrs.evolve(rep, assessments=assessments,
                        appraisals=tuple(x for x in rep.appraisals if x[0] in ids),
                        rows_accepted=len(assessments), rejected=(*rep.rejected, *rejected),
                        problems=(*rep.problems, *problems))


def _drop_long_names(rep: ImportReport) -> ImportReport:
    """A unit whose name or id is beyond ``Limits.max_name_chars`` is rejected, named by
    its first characters: no output could show it. Read off the units: a report
    with none keeps its assessments as they are (a Cohort stays unbuilt)."""
    limit = DEFAULT_LIMITS.max_name_chars
    units = units_of(rep.assessments)
    bad = [i for i, u in enumerate(units) if len(u.name) > limit or len(u.id) > limit]
    if not bad:
        return rep
    rejected, problems = [], []
    for i in bad:
        u = units[i]
        short = u.name[:40] + "…"
        msg = Text("file.name_too_long", count=max(len(u.name), len(u.id)), limit=limit)
        rejected.append(Rejected(rep.source, msg, short))
        problems.append(Problem(f"{rep.source}, {short}", msg))
    gone = set(bad)
    return _keep(rep, [i for i in range(len(units)) if i not in gone], rejected, problems)


def _drop_repeats(rep: ImportReport, seen: dict[str, str]) -> ImportReport:
    """A unit assessed in an earlier file is rejected here (named, with both files),
    as a reader rejects a unit twice in one file: the first one counts."""
    units = units_of(rep.assessments)
    keep: list[int] = []
    rejected: list[Rejected] = []
    problems: list[Problem] = []
    for i, unit in enumerate(units):
        first = seen.get(unit.id)
        if first is None:
            seen[unit.id] = rep.source
            keep.append(i)
            continue
        msg = Text("file.unit_repeated", unit=unit.id, first=first)
        rejected.append(Rejected(rep.source, msg, unit.name))
        problems.append(Problem(f"{rep.source}, {unit.name}", msg))
    if not rejected:
        return rep
    return _keep(rep, keep, rejected, problems)


def read_inputs(
    rubric: Rubric,
    forms: Iterable[str | Path],
    appraisals: Iterable[str | Path] = (),
    *,
    formats: Mapping[str, Format] | None = None,
    format_name: str | None = None,
    progress: Callable[[Path], None] | None = None,
    assignment: Any = None,
) -> Inputs:
    """Read every form and appraisal file; attach each appraisal to its unit (by id,
    else by name).

    A form gives self-assessments (with any appraisals it carries); an appraisal
    file gives appraisals only (an appraisal form that repeats the self-assessed
    columns is fine). A form file that cannot be read at all is one rejected
    item of :attr:`Inputs.reports` (the others are still read); raises
    :class:`FileRejected` with every problem of the appraisal files, and for an
    appraisal whose unit is in no form. Rows a format's reader rejected are in
    :attr:`Inputs.rejected` and :attr:`Inputs.problems`, each naming its file.

    An appraisal file may be an agency workbook (``dtikit appraisal make``).
    With ``assignment`` (a :class:`dtikit.appraisal.Assignment`) the appraisals
    are merged cell by cell by :func:`dtikit.appraisal.merge`: a cell two
    agencies appraise, an indicator appraised by an agency it is not assigned
    to, an unknown unit or code are rejected cells (in :attr:`Inputs.problems`,
    each at its place) instead of being applied."""
    if formats is None:
        from .plugins import default_host

        formats = default_host().formats(rubric.id)
    problems: list[Problem] = []
    reports: list[ImportReport] = []
    parts: list[Sequence[Assessment]] = []  # each form file's, as its reader gave them
    pending: list[tuple[str, str, Appraisal]] = []
    app_reports: list[ImportReport] = []
    located: dict[tuple[str, str], Any] = {}  # cells of agency workbooks, at their cells
    seen: dict[str, str] = {}  # unit id → the file that assessed it first
    given: set[Path] = set()  # a file named twice is read once
    for kind, paths in (("form", forms), ("appraisal", appraisals)):
        for path in paths:
            p = Path(path)
            if p.resolve() in given:
                continue
            given.add(p.resolve())
            if progress is not None:
                progress(p)
            file_problems: list[Problem] = []
            try:
                if kind == "appraisal" and format_name is None and _agency_workbook(p):
                    rep = _read_agency(rubric, p, located)
                else:
                    rep = read_file(rubric, p, formats, format_name=format_name)
            except FileRejected as exc:
                file_problems.extend(exc.problems)
            except LookupError as exc:
                file_problems.append(Problem(str(p), exc.args[0] if exc.args and isinstance(
                    exc.args[0], str) else str(exc)))
            except OSError as exc:
                file_problems.append(Problem(str(p), Text("file.cannot_read",
                                                          error=exc.strerror or exc)))
            if file_problems:
                if kind == "appraisal":  # without its appraisals, the ranking would be wrong
                    problems.extend(file_problems)
                else:  # one rejected file of the batch
                    reports.append(rejected_file(p, file_problems))
                continue
            if kind == "appraisal":
                app_reports.append(rep)
                # an appraisal that cannot be read would leave its unit scored on its
                # self-assessment: a guess, so every problem of an appraisal file stops the run
                problems.extend(rep.problems)
                # an appraisal form may repeat the self-assessment: only its appraisals count
                if not rep.appraisals and not rep.problems:
                    problems.append(Problem(str(p), Text("file.no_appraisal")))
                pending.extend((str(p), uid, app) for uid, app in rep.appraisals)
                continue
            rep = _drop_repeats(_drop_long_names(rep), seen)
            reports.append(rep)
            parts.append(rep.assessments)
            if rep.appraisals:
                # a reader may list the appraisals it already attached to its assessments
                attached = {(a.unit.id, app) for a in rep.assessments for app in a.appraisals}
                pending.extend((str(p), uid, app) for uid, app in rep.appraisals
                               if (uid, app) not in attached)
    if len(parts) == 1 and not pending and assignment is None and not problems:
        # one form file, nothing to attach: its assessments as read (a Cohort stays unbuilt)
        return Inputs(parts[0], tuple(reports), tuple(app_reports))
    cohort: list[Assessment] = [a for part in parts for a in part]
    if assignment is not None:
        return _merged(rubric, cohort, pending, located, problems, reports, app_reports,
                       assignment)
    index = UnitIndex(units_of(cohort))
    for source, uid, app in pending:
        i = index.find(uid)
        if i is None:
            problems.append(Problem(source, Text("file.appraisal_unmatched", agency=app.agency,
                                                 unit=uid)))
            continue
        cohort[i] = cohort[i].with_appraisal(app)
    if problems:
        raise FileRejected(problems)
    return Inputs(tuple(cohort), tuple(reports), tuple(app_reports))


def _agency_workbook(path: Path) -> bool:
    from .appraisal.workbook import is_agency_workbook

    return is_agency_workbook(path)


def _read_agency(rubric: Rubric, path: Path, located: dict[tuple[str, str], Any]) -> ImportReport:
    from .appraisal.workbook import read_agency_workbook

    got = read_agency_workbook(rubric, path)
    for e in got.entries:
        located.setdefault((str(path), e.unit), []).append(e)
    return got.report()


def _merged(rubric: Rubric, cohort: list[Assessment], pending: list[tuple[str, str, Appraisal]],
            located: dict[tuple[str, str], Any], problems: list[Problem],
            reports: list[ImportReport], app_reports: list[ImportReport],
            assign: Any) -> Inputs:
    """The strict merge of :func:`dtikit.appraisal.merge`: every rejected cell is
    one rejected row of a report, with its problem."""
    from .appraisal.merge import cohort_entries, entries_of, merge

    if problems:
        raise FileRejected(problems)
    entries: list[Any] = []
    for source, uid, app in pending:
        entries.extend(located.get((source, uid)) or entries_of(source, uid, app))
    for rep in (*reports, *app_reports):
        entries.extend(cohort_entries(rep.source, [a for a in rep.assessments if a.appraisals]))
    done = merge(rubric, cohort, entries, assign)
    if done.rejected:
        n = len(entries)
        app_reports.append(ImportReport(
            "appraisal merge", rows_read=n, rows_accepted=n - len(done.rejected),
            rejected=tuple(Rejected(p.where, p.message) for _, p in done.rejected),
            problems=done.problems))
    return Inputs(done.assessments, tuple(reports), tuple(app_reports))


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
        text = read_text(p, name=str(p))
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
    try:
        if decimal is not None and fmt.name in ("xlsx", "csv"):
            from .formats.tables import read_published

            return read_published(rubric, p, decimal=decimal)
        return fmt.read_published(rubric, p)
    except (FileRejected, OSError, KeyboardInterrupt, GeneratorExit):
        raise
    except BaseException as exc:  # the file's problem, named, never a traceback
        text = " ".join(str(exc).split())[:300]
        raise FileRejected([Problem(str(p), Text("file.format_failed_table",
                                                 format=format_label(fmt),
                                                 error=f"{type(exc).__name__}: {text}"))],
                           source=str(p)) from exc
