"""Typed errors. Every error names the place: file, sheet, cell, unit, indicator code.

Errors that can occur many times in one input (a rubric file, an assessment
cohort, a workbook) carry *all* their problems, so a user fixes them in one go.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from .messages import Text, localize


@attrs.frozen
class Problem:
    """One problem, with where it is. ``where`` is free text such as
    ``"Biểu 03!F27"``, ``"indicator 6.2"`` or ``"unit UBND xã Hoàng Hanh, code 1.1"``.

    ``str(problem)`` is English. The library's own problems are catalogued: their
    ``message`` (and a ``where`` such as ``indicator 6.2``) is a
    :class:`~dtikit.messages.Text`, a ``str`` that also knows its message id and
    values, so :meth:`render` says the problem in Vietnamese too."""

    where: str
    message: str
    __localized__ = True

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def render(self, lang: str | None = None) -> str:
        """The problem in ``lang`` (``vi`` or ``en``; default: the chosen language,
        :func:`dtikit.messages.current_lang`); a text that is not catalogued as it is."""
        message = str(localize(self.message, lang))
        return f"{localize(self.where, lang)}: {message}" if self.where else message

    def moved(self, where: str) -> Problem:
        """The same problem at another place (its catalogued text kept)."""
        return Problem(where, self.message)


def at_indicator(code: str) -> Text:
    """The place ``indicator 6.2``."""
    return Text("at.indicator", code=code)


class DtikitError(Exception):
    """The base of every error dtikit raises on purpose.

    ``str(error)`` is English; ``code`` is a stable name of the kind of error (and
    ``place`` where it is, when known) so that a host application can show its own
    text, as the ``dtikit`` command does in Vietnamese."""

    code = "error"
    """A stable name of the kind of error, e.g. ``file_rejected``."""

    @property
    def place(self) -> str | None:
        """Where the error is (a file, a rubric), when the error knows it."""
        return None


class ProblemsError(DtikitError):
    """An error that carries every problem found in one input."""

    title = "problems found"
    code = "problems"

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        head = f"{source}: " if source else ""
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{head}{len(self.problems)} {self.title}:\n{lines}")

    @property
    def place(self) -> str | None:
        return self.source


class RubricInvalid(ProblemsError):
    """A rubric (or its data file) fails validation."""

    title = "rubric problem(s)"
    code = "rubric_invalid"


class AssessmentInvalid(ProblemsError):
    """Answers that do not fit the rubric: unknown codes, wrong kinds of value,
    values out of range. Raised by :func:`dtikit.score` with every problem of the cohort."""

    title = "assessment problem(s)"
    code = "assessment_invalid"


class AnswerError(DtikitError, ValueError):
    """One answer a scoring method cannot accept (a negative count, a > b, points over max).

    Raised by methods without knowing the unit; :func:`dtikit.score` adds the
    unit and the code and gathers them into :class:`AssessmentInvalid`.
    """

    code = "answer_error"


class MethodParamsError(DtikitError, ValueError):
    """A method's parameters in a rubric are wrong (unknown level, steps out of order)."""

    code = "method_params"

    def __init__(self, messages: Sequence[str]) -> None:
        self.messages = tuple(messages)
        super().__init__("; ".join(self.messages))


class UnknownRubric(DtikitError, LookupError):
    """No loaded plugin provides this rubric identity.

    ``rubric_id``, ``suggestions`` and ``known`` say which, and what is installed."""

    code = "unknown_rubric"

    def __init__(self, message: str, *, rubric_id: str | None = None,
                 suggestions: Sequence[str] = (), known: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.rubric_id = rubric_id
        self.suggestions = tuple(suggestions)
        self.known = tuple(known)

    @property
    def place(self) -> str | None:
        return self.rubric_id


class PluginConflict(DtikitError):
    """Two plugins offer the same rubric identity (or method kind, or format name)."""

    code = "plugin_conflict"


class FileRejected(ProblemsError):
    """A file could not be read at all, or had problems in its cells.

    ``problems`` name the sheet and cell (``Biểu 03!F27``)."""

    title = "problem(s) in the file"
    code = "file_rejected"


class WriteFailed(ProblemsError):
    """A format's writer failed on an output (a plugin's bug, or results it does not
    expect). The problem names the file, the format and its plugin; the old file,
    if any, is untouched (outputs are written atomically)."""

    title = "output(s) not written"
    code = "write_failed"


class OutputRefused(ProblemsError):
    """An output that would destroy data: an input of the same run, or an existing
    file without ``force`` (see :func:`dtikit.outputs.check_outputs`)."""

    title = "output(s) refused"
    code = "output_refused"

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None,
                 reasons: Sequence[tuple[str, Mapping[str, str]]] = ()) -> None:
        super().__init__(problems, source=source)
        self.reasons: tuple[tuple[str, Mapping[str, str]], ...] = tuple(reasons)
        """Per problem, a stable code (``input``, ``twice``, ``folder``, ``exists``) and
        its fields (``path``, ``what``, ``twin``)."""
