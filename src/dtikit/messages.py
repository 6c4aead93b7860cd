"""Texts in two languages, by id: the problem texts of the library, and the machinery
that the ``dtikit`` command's catalogue (:mod:`dtikit.cli.messages`) shares.

A problem text that the library raises (a bad cell, points over the maximum, a
rubric that does not add up) is a :class:`Text`: a ``str`` whose value is the
English text, as the API always gave it, that also remembers its message id and
the values put in it. ``str(problem)`` and ``str(error)`` stay English; a host
application (or the ``dtikit`` command) shows it in Vietnamese with
``text.render("vi")`` (:meth:`dtikit.errors.Problem.render` for a whole problem).

The templates of each id, in Vietnamese and English, live once, side by side, in a
data file of the package, ``dtikit/locale/problems.toml`` (:data:`PROBLEMS`, read on
first use; the CLI's are ``cli.toml`` and ``help.toml`` beside it). A text built by
hand (a plugin's own ``str``) stays as it is.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, TypeVar

import attrs

LANGS = ("vi", "en")
"""The languages of the catalogues; the first is the default."""
LANG_ENV = "DTIKIT_LANG"


@attrs.frozen
class Message:
    """One catalogued message: its Vietnamese and English templates
    (:meth:`str.format` templates with named placeholders)."""

    vi: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


K = TypeVar("K")
V = TypeVar("V")


class Lazy(Mapping[K, V]):
    """A mapping made by ``load`` on its first use (a catalogue read from its data
    file only when a message is needed: importing dtikit reads none)."""

    def __init__(self, load: Callable[[], Mapping[K, V]]) -> None:
        self._load = load
        self._data: Mapping[K, V] | None = None

    @property
    def data(self) -> Mapping[K, V]:
        if self._data is None:
            self._data = self._load()
        return self._data

    def __getitem__(self, key: K) -> V:
        return self.data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


def read_locale(name: str) -> dict[str, dict[str, str]]:
    """The entries of the data file ``dtikit/locale/<name>.toml``, by id, in the file's
    order: each a table of its texts by language (``vi``, ``en``)."""
    from importlib.resources import files

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    text = (files("dtikit") / "locale" / f"{name}.toml").read_text(encoding="utf-8")
    entries: dict[str, dict[str, str]] = tomllib.loads(text)
    return entries


def catalogue(name: str) -> dict[str, Message]:
    """The messages of ``dtikit/locale/<name>.toml``, by id (each entry has both languages)."""
    return {key: Message(entry["vi"], entry["en"]) for key, entry in read_locale(name).items()}


# ------------------------------------------------------------------ the language

_chosen: str | None = None


def set_lang(lang: str | None) -> None:
    """Choose the language (``vi`` or ``en``); None: ``DTIKIT_LANG``, else Vietnamese."""
    global _chosen
    if lang is not None and lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGS)}")
    _chosen = lang


def current_lang() -> str:
    """The chosen language: :func:`set_lang`, else ``DTIKIT_LANG``, else ``vi``."""
    if _chosen is not None:
        return _chosen
    env = os.environ.get(LANG_ENV, "").strip().lower()[:2]
    return env if env in LANGS else LANGS[0]


# ------------------------------------------------------------------ recording


@attrs.frozen
class Rendered:
    """One message as rendered: its id, its text, and the values put in it."""

    id: str
    text: str
    values: Mapping[str, Any]


_record: list[Rendered] | None = None


@contextmanager
def recording() -> Iterator[list[Rendered]]:
    """Record every message rendered inside the block (for tests: what the CLI prints
    must be made of these)."""
    global _record
    saved, _record = _record, []
    try:
        yield _record
    finally:
        _record = saved


def render(catalogue: Mapping[str, Message], msg_id: str, values: Mapping[str, Any],
           lang: str | None = None, *, record_as: str | None = None) -> str:
    """The message ``msg_id`` of ``catalogue`` in ``lang`` (default: the chosen one),
    its placeholders filled in; catalogued texts among the values in the same language.
    An id that is not in the catalogue is a bug (KeyError)."""
    lang = lang or current_lang()
    text = catalogue[msg_id].text(lang).format(
        **{k: localize(v, lang) for k, v in values.items()})
    if _record is not None:
        _record.append(Rendered(record_as or msg_id, text, values))
    return text


def localize(value: Any, lang: str | None = None) -> Any:
    """``value`` in ``lang`` when it knows how to say itself (a :class:`Text`, a
    :class:`~dtikit.errors.Problem`, a list of them); anything else as it is."""
    if _says_itself(value):
        return value.render(lang)
    if isinstance(value, (list, tuple)) and value and all(_says_itself(v) for v in value):
        return "; ".join(str(localize(v, lang)) for v in value)
    return value


def _says_itself(value: Any) -> bool:
    """A Text, or an object marked ``__localized__`` with ``render(lang)``: a
    :class:`~dtikit.errors.Problem`, an import finding, a plugin failure."""
    return isinstance(value, Text) or getattr(type(value), "__localized__", False)


# ------------------------------------------------------------------ problem texts


class Text(str):
    """A catalogued problem text: the English text (what ``str()`` gives), its
    message id (a key of :data:`PROBLEMS`) and the values put in it.

    ``Text("cell.not_number", value="abc")`` equals the ``str`` it reads as
    (``'abc' is not a number``), so
    comparisons, hashing and ``str(error)`` are those of the English text;
    :meth:`render` says it in another language."""

    id: str
    values: Mapping[str, Any]
    __localized__ = True

    def __new__(cls, msg_id: str, /, **values: Any) -> Text:
        self = super().__new__(cls, _fill(PROBLEMS[msg_id].en, values, "en"))
        self.id = msg_id
        self.values = values
        return self

    def render(self, lang: str | None = None) -> str:
        """The text in ``lang`` (default: the chosen language). In Vietnamese a decimal
        is written with a decimal comma (``0,5``) and a count's thousands with dots
        (``10.001 dòng``), as a Vietnamese reader writes them."""
        lang = lang or current_lang()
        values = self.values if lang == "en" else {
            k: _vi_number(v) for k, v in self.values.items()}
        return render(PROBLEMS, self.id, values, lang, record_as=f"problem.{self.id}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_text, (self.id, dict(self.values)))


class Listed:
    """Texts listed in a sentence (``a, b, c``), each in the sentence's language."""

    __localized__ = True

    def __init__(self, items: Iterable[Any], sep: str = ", ") -> None:
        self.items = tuple(items)
        self.sep = sep

    def __repr__(self) -> str:
        return f"Listed({self.items!r}, {self.sep!r})"

    def render(self, lang: str | None = None) -> str:
        return self.sep.join(str(localize(item, lang)) for item in self.items)

    def __str__(self) -> str:
        return self.render("en")


class _Count(int):
    """A count whose ``{n:,}`` groups thousands with dots (``10.001``)."""

    def __format__(self, spec: str) -> str:
        return int.__format__(self, spec).replace(",", ".")


def _vi_number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, int) and not isinstance(value, bool):
        return _Count(value)
    return value


def _text(msg_id: str, values: dict[str, Any]) -> Text:
    return Text(msg_id, **values)


def _fill(template: str, values: Mapping[str, Any], lang: str) -> str:
    return template.format(**{k: localize(v, lang) for k, v in values.items()})


def message_of(exc: BaseException) -> str:
    """The text of an exception, a :class:`Text` when it was raised with one (``str(exc)``
    is always plain English)."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, Text) else str(exc)


PROBLEMS: Mapping[str, Message] = Lazy(lambda: catalogue("problems"))
"""The problem texts of the library, by id: Vietnamese and English (read from
``dtikit/locale/problems.toml`` on first use). The English is what ``str()`` of a
problem (and of the error that carries it) says."""
