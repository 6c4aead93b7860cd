"""The round's main job, one function a step: read → score → rank → write → recheck.

``dtikit score`` and ``dtikit demo`` run a round through these functions, and a
host application can run the same round without the command line::

    from dtikit import pipeline
    from dtikit.files import read_inputs

    inputs = read_inputs(rubric, ["forms/"], ["appraisals/"])
    done = pipeline.score_round(rubric, inputs, previous=pipeline.read_previous("2023.json"))
    pipeline.write_results_file(done, "results.xlsx")
    check = pipeline.recheck_written(done.rubric, "results.xlsx")   # None for .json

Each step is the one home of what it does: the CLI adds only its options, its
messages and its exit codes.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from .convert import dumps, loads
from .engine.score import score
from .errors import DtikitError, FileRejected, Problem, WriteFailed
from .files import Inputs, account, format_label, pick_format, read_table
from .formats.base import Format
from .issuance import Issuance
from .lineage import Lineage, LineageInvalid, baselines, check_parents
from .messages import Text
from .methods import MethodRegistry
from .model import Rubric
from .outputs import atomic_path, write_atomic
from .published import TableCheck, check_table
from .ranking import Results, rank
from .scoring import Scorecard

__all__ = ["Round", "read_previous", "recheck_written", "score_round", "writer_options",
           "write_results_file"]


@attrs.frozen
class Round:
    """One scored round: what was read, every unit's scorecard, and the ranking
    (every unit read is in it: ranked, or not ranked with its reason)."""

    rubric: Rubric
    inputs: Inputs
    scorecards: Sequence[Scorecard]
    results: Results


def _formats(rubric: Rubric, formats: Mapping[str, Format] | None) -> Mapping[str, Format]:
    if formats is not None:
        return formats
    from .plugins import default_host

    return default_host().formats(rubric.id)


def score_round(rubric: Rubric, inputs: Inputs, *, methods: MethodRegistry | None = None,
                previous: Results | None = None, lineage: Lineage | None = None,
                index_map: Mapping[str, Sequence[str]] | None = None,
                previous_source: str = "", tie_break: Sequence[str] = ()) -> Round:
    """Score and rank what :func:`dtikit.files.read_inputs` read.

    ``previous`` (last year's results) gives each unit its change, matched by
    unit or, with a ``lineage``, against its predecessors (see
    :mod:`dtikit.lineage`). Raises :class:`~dtikit.lineage.LineageInvalid` when the
    cohort mixes units before and after the reform."""
    units = inputs.units  # a Cohort's assessments stay unbuilt
    mixed = check_parents(rubric, units, lineage)
    if mixed:
        raise LineageInvalid(mixed, source="the cohort's parent units [đơn vị cấp trên]")
    cards = score(rubric, inputs.assessments, methods=methods)
    base = None if previous is None else baselines(
        previous, rubric, lineage, units=units, index_map=index_map,
        previous_source=previous_source)
    results = account(rank(cards, rubric, previous=base, tie_break=tie_break), inputs, rubric)
    return Round(rubric, inputs, cards, results)


def read_previous(path: str | Path) -> Results:
    """Last year's results, as ``dtikit score --json`` wrote them; every problem
    located (:class:`~dtikit.errors.FileRejected`)."""
    from .convert import error_messages
    from .formats.safety import DEFAULT_LIMITS

    p = Path(path)
    if p.stat().st_size > DEFAULT_LIMITS.max_json_bytes:
        raise FileRejected([Problem(str(p), Text("file.json_limit",
                                                 limit=DEFAULT_LIMITS.max_json_bytes))],
                           source=str(p))
    try:
        return loads(p.read_text(encoding="utf-8"), Results)
    except (ValueError, TypeError, KeyError, RecursionError) as exc:
        msgs = (error_messages(exc) if not isinstance(exc, RecursionError)
                else [Text("data.too_deep")])
        raise FileRejected([Problem(str(p), m) for m in msgs], source=str(p)) from exc


def writer_options(fn: Callable[..., Any], **options: Any) -> dict[str, Any]:
    """The options (not ``None``) that a format's writer takes: a plugin's writer
    written against the plain signature takes none of them and still works."""
    given = {k: v for k, v in options.items() if v is not None}
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return {}
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return given
    return {k: v for k, v in given.items() if k in params}


def write_results_file(done: Round, path: str | Path, *,
                       formats: Mapping[str, Format] | None = None,
                       format_name: str | None = None,
                       issuance: Issuance | None = None) -> None:
    """The results as JSON (``.json``) or through a format (``.xlsx``: the
    published table, charts, breakdown and what the appraisal changed), written
    atomically: the old file or the new one, never a part."""
    p = Path(path)
    if p.suffix.lower() == ".json" and format_name is None:
        write_atomic(p, dumps(done.results) + "\n")
        return
    fmt = pick_format(_formats(done.rubric, formats), done.rubric, p, "write_results",
                      name=format_name)
    assert fmt.write_results is not None
    try:
        with atomic_path(p) as temp:
            fmt.write_results(done.rubric, done.results, done.scorecards, temp,
                              **writer_options(fmt.write_results, issuance=issuance,
                                               assessments=done.inputs.assessments or None))
    except (DtikitError, OSError, KeyboardInterrupt, GeneratorExit):
        raise
    except BaseException as exc:  # a writer's bug (or its SystemExit) names its format
        text = " ".join(str(exc).split())[:300]
        raise WriteFailed([Problem(str(p), Text("file.format_failed_write",
                                                format=format_label(fmt),
                                                error=f"{type(exc).__name__}: {text}"))],
                          source=str(p)) from exc


def recheck_written(rubric: Rubric, path: str | Path, *,
                    formats: Mapping[str, Format] | None = None,
                    format_name: str | None = None,
                    tie_break: Sequence[str] = ()) -> TableCheck | None:
    """Read a results table just written back and recheck it with
    :func:`~dtikit.check_table` (what the report shows); None for a ``.json``
    file. A format that cannot read it back raises its error."""
    p = Path(path)
    if p.suffix.lower() == ".json":
        return None
    table = read_table(rubric, p, _formats(rubric, formats), format_name=format_name)
    return check_table(rubric, table, tie_break=tie_break)
