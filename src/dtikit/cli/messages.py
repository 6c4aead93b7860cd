"""The message catalogue of the ``dtikit`` command: every text the CLI prints, by id.
The texts are data, ``dtikit/locale/cli.toml`` (Vietnamese and English side by side).

Vietnamese is the default; English on request (``dtikit --lang en …`` or
``DTIKIT_LANG=en``). A message is a :meth:`str.format` template with named
placeholders; :func:`t` renders one in the chosen language. The terms are the
official ones (docs/glossary.md, :mod:`dtikit.vocabulary`).

The API's exceptions keep English text and a stable ``code``
(:attr:`dtikit.errors.DtikitError.code`); the CLI renders them here from that
code and their place (file, sheet!cell, unit, indicator code). Problem texts
that come from deep inside the library (a bad cell, points over a maximum, a
rubric that does not add up) are catalogued once, in :mod:`dtikit.messages`
(ids ``problem.<id>`` here), and rendered in the chosen language wherever they
are put into a message; a plugin's own text is printed as it is. click's own
texts (usage errors, the help's frame) come from here too (:func:`click_texts`).

Scripts should read ``--json`` or run with ``--lang en``: the words of the
summaries follow the language, their meaning does not.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from ..messages import (
    LANG_ENV,
    LANGS,
    PROBLEMS,
    Lazy,
    Message,
    Rendered,
    catalogue,
    current_lang,
    recording,
    render,
    set_lang,
)
from ..scoring import EXCLUSION_REASONS

__all__ = ["CATALOGUE", "LANGS", "LANG_ENV", "Message", "Rendered", "current_lang",
           "exclusion_text", "finding", "recording", "set_lang", "state", "status_word", "t"]


_CLI: Mapping[str, Message] = Lazy(lambda: catalogue("cli"))

CATALOGUE: Mapping[str, Message] = Lazy(lambda: {
    **_CLI, **{f"problem.{key}": msg for key, msg in PROBLEMS.items()}})
"""Every message the CLI prints, by id: ``dtikit/locale/cli.toml``, and the library's
problem texts as ``problem.<id>`` (:data:`dtikit.messages.PROBLEMS`)."""


def t(msg_id: str, /, **values: Any) -> str:
    """The message ``msg_id`` in the chosen language, its placeholders filled in.
    An id that is not in the catalogue is a bug (KeyError)."""
    return render(CATALOGUE, msg_id, values)


CLICK_TEXTS: Mapping[str, str] = Lazy(lambda: {
    msg.en: key for key, msg in _CLI.items() if key.startswith("click.")})
"""click's own messages (the ids it passes to gettext), by their catalogue id."""

_CLICK_MODULES = ("core", "types", "exceptions", "parser", "decorators", "formatting")


def _click_gettext(message: str) -> str:
    key = CLICK_TEXTS.get(message)
    return message if key is None else CATALOGUE[key].text(current_lang())


def _click_ngettext(singular: str, plural: str, n: int) -> str:
    return _click_gettext(singular if n == 1 else plural)


@contextmanager
def click_texts() -> Iterator[None]:
    """Inside the block, click's own texts (usage errors: a bad choice, a number out of
    range, an extra argument; the help's framing) in the chosen language. click asks
    :mod:`gettext` for each (``_("…")``, ``ngettext``); the block answers from the
    catalogue, then gives click its own functions back (a host application that runs
    click itself is not changed)."""
    import importlib

    saved: list[tuple[Any, str, Any]] = []
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        for attr, fn in (("_", _click_gettext), ("ngettext", _click_ngettext)):
            if hasattr(module, attr):
                saved.append((module, attr, getattr(module, attr)))
                setattr(module, attr, fn)
    try:
        yield
    finally:
        for module, attr, fn in saved:
            setattr(module, attr, fn)


def finding(kind: str) -> str:
    """A finding kind's label in the chosen language (a plugin's own kind as it is)."""
    return t(f"finding.{kind}") if f"finding.{kind}" in CATALOGUE else kind


def exclusion_text(exclusion: Any) -> Any:
    """Why a unit is not ranked (:class:`dtikit.ranking.Exclusion`), in the chosen language:
    the reason's words from the catalogue, its detail (a unit's own words, a rejected
    row's problems) as given."""
    words = EXCLUSION_REASONS.get(exclusion.reason)
    message = exclusion.message
    if words and isinstance(message, str) and message.startswith(words):
        return t(f"exclusion.{exclusion.reason}") + message[len(words):]
    return message


def status_word(status: str) -> str:
    """A rubric's data status (``complete``, ``partial``, ``structure``) or a source's
    (``confirmed``, ``inferred``, ``unknown``) in the chosen language."""
    return t(f"status.{status}") if f"status.{status}" in CATALOGUE else status


def state(key: str, vi: str) -> str:
    """An appraisal state's label in the chosen language (``vi``: its Vietnamese label,
    :data:`dtikit.appraisal.status.STATE_VI`)."""
    return t(f"state.{key}", vi=vi) if f"state.{key}" in CATALOGUE else vi
