"""What every command shares: output helpers, error reporting, the plugin host,
reading a cohort's input files."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from ..assessment import Assessment
from ..convert import load_rubric
from ..errors import (
    AssessmentInvalid,
    DtikitError,
    FileRejected,
    OutputRefused,
    PluginConflict,
    Problem,
    ProblemsError,
    RubricInvalid,
    UnknownRubric,
)
from ..model import Rubric, nfc
from ..numbers import format_vi
from ..scoring import Scorecard

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
"""Exit status: done; findings; usage or unusable input; an internal error (a bug)."""

FINDING_KINDS = {
    "evidence_missing": "thiếu tài liệu kiểm chứng",
    "explained": "không có tài liệu, có giải trình",
    "late": "nộp muộn",
    "appraiser_not_assigned": "thẩm định bởi đơn vị không được giao",
    "not_answered": "chưa trả lời",
}

HINTS: dict[type, str] = {
    FileRejected: "Fix the places listed above in the file(s) and run the command again.",
    AssessmentInvalid: "Correct these answers in the forms (each line names the unit and the "
                       "indicator code) and run the command again.",
    RubricInvalid: "Fix the rubric data file; its format is described in docs/rubric-data.md "
                   "(check it with `dtikit rubric validate FILE`).",
    UnknownRubric: "Run `dtikit rubrics` to list the installed rubrics, or give the path of a "
                   "rubric data file (.toml or .json).",
    PluginConflict: "Block one of the plugins with DTIKIT_DISABLE_PLUGINS=name.",
    OutputRefused: "Give another output file name, or add --force to replace an earlier "
                   "output (an input file is never replaced).",
}


# ------------------------------------------------------------------ output helpers


def echo_err(message: str) -> None:
    click.echo(message, err=True)


def fail(message: str, *, hint: str | None = None, problems: Sequence[Problem] = ()) -> NoReturn:
    """Print a located error and what to do, then exit 2."""
    echo_err(click.style("error: ", fg="red", bold=True) + message)
    for p in problems:
        echo_err(f"  - {p}")
    if hint:
        echo_err(f"what to do: {hint}")
    raise click.exceptions.Exit(EXIT_BAD_INPUT)


def internal_error_line(exc: BaseException, *, debug: bool = False) -> str:
    """The one line an internal error (a bug in dtikit or a plugin) prints."""
    text = " ".join(str(exc).split())
    if len(text) > 300:
        text = text[:300] + "…"
    what = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    hint = "" if debug else " — run with --debug for the traceback"
    return (click.style("internal error: ", fg="red", bold=True) + what
            + f" (a bug in dtikit or in a plugin, not in your input{hint}; please report it)")


def report_error(exc: BaseException) -> NoReturn:
    if isinstance(exc, ProblemsError):
        head = f"{exc.source}: " if exc.source else ""
        hint = next((h for t, h in HINTS.items() if isinstance(exc, t)), None)
        fail(f"{head}{len(exc.problems)} {exc.title}", problems=exc.problems, hint=hint)
    if isinstance(exc, DtikitError):
        hint = next((h for t, h in HINTS.items() if isinstance(exc, t)), None)
        fail(str(exc), hint=hint)
    if isinstance(exc, OSError):
        name = exc.filename or ""
        fail(f"{name}: {exc.strerror or exc}" if name else str(exc),
              hint="Check the path and that you may read (or write) it.")
    if isinstance(exc, LookupError):
        fail(str(exc.args[0]) if exc.args else str(exc))
    raise exc


def handles_errors(func: F) -> F:
    """Turn dtikit's own errors (bad input) into a located message and exit 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BrokenPipeError:  # a closed pipe is not an input problem: main ends quietly
            raise
        except (DtikitError, OSError, LookupError) as exc:
            report_error(exc)

    return wrapper  # type: ignore[return-value]


def text_width(text: str) -> int:
    return len(nfc(text))


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *,
          right: Sequence[int] = ()) -> str:
    """Rows aligned in columns under their headers (numbers right-aligned)."""
    cols = len(headers)
    widths = [text_width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row[:cols]):
            widths[i] = max(widths[i], text_width(cell))

    def line(cells: Sequence[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - text_width(cell))
            out.append(pad + cell if i in right else cell + pad)
        return "  ".join(out).rstrip()

    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), sep, *(line(r) for r in rows)])


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def fmt_points(value: Decimal | None, places: int | None = None) -> str:
    """Points at ``places`` fixed decimals with a decimal comma (``645,70``); without
    ``places`` a maximum or scale, whole numbers without decimals (``100``)."""
    if places is None:
        return format_vi(value, 2, trim=False, whole=True)
    return format_vi(value, places, trim=False)


def sample_banner(sample: bool) -> None:
    if sample:
        click.secho("*** DỮ LIỆU MẪU — sample data, not an official result ***", fg="yellow",
                    bold=True)


# ------------------------------------------------------------------ shared lookups


def plugin_host() -> Any:
    from ..plugins import default_host

    return default_host()


def resolve_rubric(id_or_path: str) -> Rubric:
    """An installed rubric by identity, or a rubric data file by path."""
    p = Path(id_or_path)
    if p.suffix.lower() in (".toml", ".json"):  # identities never end so: a data file
        from ..validation import check_rubric

        if not p.is_file():
            raise OSError(2, "no such rubric file", str(p))
        rubric = load_rubric(p, validate=False)
        return check_rubric(rubric, plugin_host().methods, source=str(p))
    rubric = plugin_host().rubric(id_or_path)
    assert isinstance(rubric, Rubric)
    return rubric


@contextmanager
def plugin_call(what: str, fmt_name: str) -> Iterator[None]:
    """A format plugin that crashes on a file is reported, named, without a traceback."""
    try:
        yield
    except (DtikitError, OSError, LookupError):
        raise
    except Exception as exc:  # a plugin's bug or a file it does not expect
        fail(f"format {fmt_name!r} failed to {what}: {type(exc).__name__}: {exc}",
              hint="Check that the file is the right form for this rubric; if it is, report the "
                   "problem to the format's plugin (`dtikit plugins` names it).")


def read_cohort(rubric: Rubric, forms: Sequence[str], appraisals: Sequence[str],
                 format_name: str | None, *, progress: bool = True,
                 assignment: Any = None) -> Any:
    """Read the inputs; refuse (exit 2) when not one self-assessment could be used.
    Appraisals are merged cell by cell against ``assignment`` (default: the
    rubric's appraisers; see :mod:`dtikit.appraisal.merge`)."""
    if appraisals and assignment is None:
        from ..appraisal import assignment as rubric_assignment

        assignment = rubric_assignment(rubric, (), plugin_host().methods)
    inputs = read_input_files(rubric, forms, appraisals, format_name, progress=progress,
                              assignment=assignment)
    if not inputs.assessments:
        unused = unused_inputs(inputs)
        fail("no usable self-assessment in the input files"
              + (f"; {len(unused)} row(s) or cell(s) could not be used:" if unused else ""),
              problems=unused,
              hint="Give at least one filled form (the unit's name and its answers filled in) "
                   "or a JSON file of assessments.")
    return inputs


def expand_paths(paths: Sequence[str]) -> list[str]:
    """A folder stands for its .xlsx and .json files (Excel's ~$ lock files left out)."""
    out: list[str] = []
    for p in paths:
        folder = Path(p)
        if folder.is_dir():
            found = sorted(str(f) for f in folder.iterdir() if f.is_file()
                           and f.suffix.lower() in (".xlsx", ".json")
                           and not f.name.startswith(("~$", ".")))
            if not found:
                fail(f"{folder}: no .xlsx or .json file in this folder")
            out.extend(found)
        else:
            out.append(p)
    return out


def unused_inputs(inputs: Any) -> list[Problem]:
    """What a reader could not use: its problems (with cells), else its rejected rows."""
    if inputs.problems:
        return list(inputs.problems)
    return [Problem(r.where, r.reason) for r in inputs.rejected]


def read_input_files(rubric: Rubric, forms: Sequence[str], appraisals: Sequence[str],
                 format_name: str | None, *, progress: bool = True,
                 assignment: Any = None) -> Any:
    from ..files import read_inputs

    formats = plugin_host().formats(rubric.id)
    forms, appraisals = expand_paths(forms), expand_paths(appraisals)
    paths = [*forms, *appraisals]
    for f in paths:
        if not Path(f).is_file():
            fail(f"{f}: no such file", hint="Check the path of each form and appraisal file.")
    with plugin_call("read the input files", format_name or "xlsx"):
        if progress and len(paths) >= 5:
            stderr = sys.stderr
            bar = click.progressbar(length=len(paths), label="Đọc biểu mẫu (reading forms)",
                                    file=stderr)
            with bar:

                def step(_: Path) -> None:
                    bar.update(1)

                return read_inputs(rubric, forms, appraisals, formats=formats,
                                   format_name=format_name, progress=step,
                                   assignment=assignment)
        return read_inputs(rubric, forms, appraisals, formats=formats, format_name=format_name,
                           assignment=assignment)


def score_cohort(rubric: Rubric, cohort: Sequence[Assessment]) -> tuple[Scorecard, ...]:
    from ..scoring import score

    return score(rubric, cohort, methods=plugin_host().methods)


def pick_units(cards: Sequence[Scorecard], unit: str | None) -> list[Scorecard]:
    if unit is None:
        return list(cards)
    key = nfc(unit).strip().casefold()
    chosen = [c for c in cards if c.unit.id == unit or nfc(c.unit.name).casefold() == key]
    if not chosen:
        chosen = [c for c in cards if key in nfc(c.unit.name).casefold()]
    if not chosen:
        names = ", ".join(c.unit.name for c in cards)
        fail(f"no unit {unit!r} in the files", hint=f"Units found: {names}.")
    return chosen


def years_in_force(r: Rubric) -> str:
    if r.until_year is None:
        return f"{r.year}–"
    return str(r.year) if r.until_year == r.year else f"{r.year}–{r.until_year}"
