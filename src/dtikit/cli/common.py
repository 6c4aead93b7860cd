"""What every command shares: output helpers, error reporting, the plugin host,
reading a cohort's input files."""

from __future__ import annotations

import errno
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
    DtikitError,
    OutputRefused,
    Problem,
    ProblemsError,
    UnknownRubric,
)
from ..messages import Listed, message_of
from ..model import Rubric, name_key, nfc
from ..numbers import format_vi
from ..scoring import Scorecard
from .messages import CATALOGUE, t

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
"""Exit status: done; findings; usage or unusable input; an internal error (a bug)."""

def error_hint(exc: DtikitError) -> str | None:
    """What to do about one of dtikit's errors, by its ``code``, in the chosen language;
    for problems in an input, the places to fix (file, sheet!cell, unit, code)."""
    key = f"hint.{exc.code}"
    hint = t(key) if key in CATALOGUE else None
    if hint and isinstance(exc, ProblemsError) and not isinstance(exc, OutputRefused):
        places = list(dict.fromkeys(p.where for p in exc.problems if p.where))
        if places:
            more = t("hint.places.more", count=len(places) - 5) if len(places) > 5 else ""
            hint += t("hint.places", places=Listed(places[:5], "; "), more=more)
    return hint


# ------------------------------------------------------------------ output helpers


def echo_err(message: str) -> None:
    """Print a catalogued message (:func:`~dtikit.cli.messages.t`) on stderr."""
    click.echo(message, err=True)


def note(text: str) -> None:
    """Print ``lưu ý: …`` (``note: …``) on stderr."""
    echo_err(t("note", text=text))


def problem_item(item: object) -> str:
    """One listed problem (``  - where: what``), in the chosen language when its text is
    catalogued (:class:`dtikit.messages.Text`); a plugin's own text as it is."""
    return t("layout.item", item=item)


def fail(message: str, *, hint: str | None = None, problems: Sequence[Problem] = ()) -> NoReturn:
    """Print a located error and what to do, then exit 2. ``message`` and ``hint`` are
    catalogued texts (:func:`~dtikit.cli.messages.t`)."""
    echo_err(t("error.line", label=click.style(t("error.label"), fg="red", bold=True),
               what=message))
    for p in problems:
        echo_err(problem_item(p))
    if hint:
        echo_err(t("error.hint", hint=hint))
    raise click.exceptions.Exit(EXIT_BAD_INPUT)


def internal_error_line(exc: BaseException, *, debug: bool = False) -> str:
    """The one line an internal error (a bug in dtikit or a plugin) prints."""
    text = " ".join(str(exc).split())
    if len(text) > 300:
        text = text[:300] + "…"
    what = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return t("internal.line", label=click.style(t("internal.label"), fg="red", bold=True),
             what=what, debug="" if debug else t("internal.debug"))


def _os_reason(exc: OSError) -> str:
    name = errno.errorcode.get(exc.errno or 0, "")
    key = f"os.{name}"
    return t(key) if key in CATALOGUE else str(exc.strerror or exc)


def report_error(exc: BaseException) -> NoReturn:
    if isinstance(exc, ProblemsError):
        head = f"{exc.source}: " if exc.source else ""
        title = (t(f"problems.{exc.code}") if f"problems.{exc.code}" in CATALOGUE
                 else exc.title)
        fail(t("problems.head", source=head, count=len(exc.problems), title=title),
             problems=exc.problems, hint=error_hint(exc))
    if isinstance(exc, UnknownRubric) and exc.rubric_id is not None:
        near = (t("error.unknown_rubric.near", ids=" | ".join(exc.suggestions))
                if exc.suggestions else "")
        fail(t("error.unknown_rubric", id=exc.rubric_id, near=near,
               known=", ".join(exc.known) or t("error.none")), hint=error_hint(exc))
    if isinstance(exc, DtikitError):
        fail(t("layout.text", text=message_of(exc)), hint=error_hint(exc))
    if isinstance(exc, OSError):
        name = exc.filename or ""
        fail(t("error.os", name=name, reason=_os_reason(exc)) if name
             else t("layout.text", text=str(exc)), hint=t("hint.os"))
    if isinstance(exc, LookupError):
        fail(t("layout.text", text=exc.args[0] if len(exc.args) == 1
               and isinstance(exc.args[0], str) else str(exc.args[0]) if exc.args else str(exc)))
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
    return len(text) if text.isascii() else len(nfc(text))


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *,
          right: Sequence[int] = ()) -> str:
    """Rows aligned in columns under their headers (numbers right-aligned)."""
    sizes = [[text_width(cell) for cell in row] for row in [headers, *rows]]  # measured once
    widths = [max(s[i] for s in sizes if i < len(s)) for i in range(len(headers))]
    right_set = frozenset(right)

    def line(cells: Sequence[str], cell_sizes: Sequence[int]) -> str:
        out = []
        for i, (cell, w) in enumerate(zip(cells, cell_sizes)):
            pad = " " * (widths[i] - w)
            out.append(pad + cell if i in right_set else cell + pad)
        return "  ".join(out).rstrip()

    sep = "  ".join("-" * w for w in widths)
    head, *body = (line(r, w) for r, w in zip([headers, *rows], sizes))
    return t("layout.table", text="\n".join([head, sep, *body]))


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
        click.secho(t("sample.banner"), fg="yellow", bold=True)


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
            raise OSError(errno.ENOENT, "no such rubric file", str(p))
        rubric = load_rubric(p, validate=False)
        return check_rubric(rubric, plugin_host().methods, source=str(p))
    rubric = plugin_host().rubric(id_or_path)
    assert isinstance(rubric, Rubric)
    return rubric


@contextmanager
def plugin_call(what: str, fmt_name: str) -> Iterator[None]:
    """A format plugin that crashes on a file is reported, named, without a traceback.
    ``what`` is a catalogue id (``what.read_inputs``)."""
    try:
        yield
    except (DtikitError, OSError, LookupError):
        raise
    except Exception as exc:  # a plugin's bug or a file it does not expect
        fail(t("error.format_failed", fmt=fmt_name, what=t(what) if what in CATALOGUE else what,
               error=f"{type(exc).__name__}: {exc}"), hint=t("hint.format_failed"))


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
        fail(t("input.none_usable")
             + (t("input.none_usable.unused", count=len(unused)) if unused else ""),
             problems=unused, hint=t("hint.input.none_usable"))
    return inputs


def folder_files(folder: Path) -> list[str]:
    """The files a folder stands for: its .xlsx and .json files, sorted (Excel's ~$ lock
    files and hidden files left out)."""
    return sorted(str(f) for f in folder.iterdir() if f.is_file()
                  and f.suffix.lower() in (".xlsx", ".json")
                  and not f.name.startswith(("~$", ".")))


def expand_paths(paths: Sequence[str]) -> list[str]:
    """A folder stands for its files (:func:`folder_files`); an empty one is refused."""
    out: list[str] = []
    for p in paths:
        folder = Path(p)
        if folder.is_dir():
            found = folder_files(folder)
            if not found:
                fail(t("input.empty_folder", folder=folder))
            out.extend(found)
        else:
            out.append(p)
    return out


def unused_inputs(inputs: Any) -> list[Problem]:
    """What a reader could not use: its problems (with cells), else its rejected rows."""
    if inputs.problems:
        return list(inputs.problems)
    return [Problem(r.where, r.reason) for r in inputs.rejected]


def print_unused(inputs: Any) -> bool:
    """List on stderr what the reader could not use; True when there was any."""
    bad = unused_inputs(inputs)
    if bad:
        echo_err(t("input.unused", count=len(bad)))
        for item in bad:
            echo_err(problem_item(item))
    return bool(bad)


def read_input_files(rubric: Rubric, forms: Sequence[str], appraisals: Sequence[str],
                 format_name: str | None, *, progress: bool = True,
                 assignment: Any = None) -> Any:
    from ..files import read_inputs

    formats = plugin_host().formats(rubric.id)
    forms, appraisals = expand_paths(forms), expand_paths(appraisals)
    paths = [*forms, *appraisals]
    for f in paths:
        if not Path(f).is_file():
            fail(t("input.no_file", path=f), hint=t("hint.input.no_file"))
    with plugin_call("what.read_inputs", format_name or "xlsx"):
        read = functools.partial(read_inputs, rubric, forms, appraisals, formats=formats,
                                 format_name=format_name, assignment=assignment)
        if not (progress and len(paths) >= 5):
            return _kept_for_the_command(read())
        with click.progressbar(length=len(paths), label=t("progress.reading"),
                               file=sys.stderr) as bar:
            return _kept_for_the_command(read(progress=lambda _: bar.update(1)))


def _kept_for_the_command(inputs: Any) -> Any:
    """The inputs (and all that lives already) stay until the command ends: the
    cycle collector's full passes skip them until then (``gc.freeze``, undone
    when the command's context closes), instead of walking a cohort's hundreds
    of thousands of objects again while the outputs are written."""
    import gc

    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        gc.freeze()
        ctx.call_on_close(gc.unfreeze)
    return inputs


def score_cohort(rubric: Rubric, cohort: Sequence[Assessment]) -> tuple[Scorecard, ...]:
    from ..engine.score import score

    return score(rubric, cohort, methods=plugin_host().methods)


def pick_units(cards: Sequence[Scorecard], unit: str | None) -> list[Scorecard]:
    if unit is None:
        return list(cards)
    key = name_key(unit)
    chosen = [c for c in cards if c.unit.id == unit or name_key(c.unit.name) == key]
    if not chosen:
        chosen = [c for c in cards if key in name_key(c.unit.name)]
    if not chosen:
        names = ", ".join(c.unit.name for c in cards)
        fail(t("unit.none", unit=unit), hint=t("hint.unit.none", names=names))
    return chosen


def years_in_force(r: Rubric) -> str:
    if r.until_year is None:
        return f"{r.year}–"
    return str(r.year) if r.until_year == r.year else f"{r.year}–{r.until_year}"


def options(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    """Several click options (or arguments) declared once and applied as one decorator,
    in the order given."""

    def apply(func: F) -> F:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return apply


cohort_arguments = options(click.argument("rubric_id", metavar="ID"),
                           click.argument("forms", nargs=-1, required=True, metavar="FORM..."))
"""``ID FORM...``: the rubric and the cohort's input files (a folder stands for its files)."""


class InputFile(click.Path):
    """A file the command reads: a missing one is reported as every command reports
    a missing input (``lỗi: x.xlsx: không có tệp này``), not as a usage error."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        if not Path(value).is_file() and not Path(value).is_dir():
            fail(t("input.no_file", path=value), hint=t("hint.input.check_path"))
        return super().convert(value, param, ctx)

