"""The ``--help`` pages in Vietnamese: each command's and option's help, by its place
(``"score"``, ``"score -o"``, ``"score:short"`` for a command's one-line help).

The English is the command's own (its docstring and ``help=``, which the CLI
reference in docs/cli.md is generated from); this is its Vietnamese, shown by
default (``dtikit --lang en … --help`` shows the English), read from the data file
``dtikit/locale/help.toml``. A test holds the two in
step: every command and option has its Vietnamese here, and nothing here is stale.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import click

from ..messages import Lazy, read_locale
from .messages import current_lang

HELP_VI: Mapping[str, str] = Lazy(
    lambda: {place: entry["vi"] for place, entry in read_locale("help").items()})
"""The Vietnamese of every command's and option's help, by its place
(``dtikit/locale/help.toml``, read on first use)."""


def help_places(command: click.Command, path: tuple[str, ...] = ()
                ) -> Iterator[tuple[str, Any, str]]:
    """(place, object, attribute) of every help text under ``command``: its ``help``,
    its ``short_help`` when it has one, and each option's ``help``."""
    key = " ".join(path)
    yield key, command, "help"
    if command.short_help:
        yield f"{key}:short", command, "short_help"
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            yield f"{key} {param.opts[0]}".strip(), param, "help"
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from help_places(command.commands[name], (*path, name))


@contextmanager
def help_texts(command: click.Command) -> Iterator[None]:
    """Inside the block, ``command``'s help (and its commands' and options') in the
    chosen language; then the English back."""
    if current_lang() == "en":
        yield
        return
    saved = [(obj, attr, getattr(obj, attr)) for key, obj, attr in help_places(command)
             if key in HELP_VI]
    for key, obj, attr in help_places(command):
        if key in HELP_VI:
            setattr(obj, attr, HELP_VI[key])
    try:
        yield
    finally:
        for obj, attr, text in saved:
            setattr(obj, attr, text)
