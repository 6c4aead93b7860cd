"""Scoring methods: the families real rubrics use, and the registry plugins add to."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal

from ..errors import MethodParamsError, PluginConflict
from ..model import MethodSpec
from .base import Method, Outcome
from .builtin import BUILTIN_METHODS


class MethodRegistry(Mapping[str, type[Method]]):
    """Method families by kind. Immutable once built; ``with_methods`` makes a new one."""

    def __init__(self, methods: Iterable[type[Method]] = BUILTIN_METHODS) -> None:
        self._by_kind: dict[str, type[Method]] = {}
        for cls in methods:
            self._add(cls)

    def _add(self, cls: type[Method]) -> None:
        kind = getattr(cls, "kind", None)
        if not isinstance(kind, str) or not kind:
            raise TypeError(f"{cls!r} has no 'kind' name")
        other = self._by_kind.get(kind)
        if other is not None and other is not cls:
            raise PluginConflict(
                f"method kind {kind!r} is defined twice: {other.__module__}.{other.__qualname__} "
                f"and {cls.__module__}.{cls.__qualname__}"
            )
        self._by_kind[kind] = cls

    def with_methods(self, methods: Iterable[type[Method]]) -> MethodRegistry:
        new = MethodRegistry(self._by_kind.values())
        for cls in methods:
            new._add(cls)
        return new

    def __getitem__(self, kind: str) -> type[Method]:
        return self._by_kind[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_kind)

    def __len__(self) -> int:
        return len(self._by_kind)

    def build(self, spec: MethodSpec, max_points: Decimal) -> Method:
        """Build the method of one leaf. Raises ``MethodParamsError`` or ``KeyError``."""
        cls = self._by_kind.get(spec.kind)
        if cls is None:
            raise KeyError(f"unknown method {spec.kind!r}; known: {', '.join(sorted(self))}")
        return cls(spec.params, max_points)


BUILTIN_REGISTRY = MethodRegistry()

_installed: list[Callable[[], MethodRegistry]] = []


def installed_methods() -> MethodRegistry:
    """What ``methods=None`` means wherever a registry is optional: the methods
    of the installed plugins, :func:`dtikit.default_host`'s registry. The plugin
    host provides them (:func:`provide_installed`) when :mod:`dtikit.plugins` is
    imported, which ``import dtikit`` does first; until then the built-in methods.
    (The host sits above scoring, so scoring asks here rather than importing it.)"""
    return _installed[-1]() if _installed else BUILTIN_REGISTRY


def provide_installed(source: Callable[[], MethodRegistry]) -> None:
    """Where :func:`installed_methods` looks: set once, by the plugin host."""
    _installed[:] = [source]


__all__ = ["BUILTIN_REGISTRY", "Method", "MethodParamsError", "MethodRegistry", "Outcome",
           "installed_methods", "provide_installed"]
