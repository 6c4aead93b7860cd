"""The core's own plugin: built-in methods and formats go through the same hooks
as any province's, so nothing outside is second-class."""

from __future__ import annotations

from collections.abc import Iterable

from .formats.base import Format
from .hookspecs import hookimpl
from .methods.base import Method
from .methods.builtin import BUILTIN_METHODS


@hookimpl
def dtikit_methods() -> Iterable[type[Method]]:
    return BUILTIN_METHODS


@hookimpl
def dtikit_formats() -> Iterable[Format]:
    from .formats import core_formats

    return core_formats()
