"""A sequence whose items are built when first read, and kept.

What a Cohort (assessments) and LazyRows (ranking rows) share: indexing,
slices, negative indices; iteration that builds every missing item at once
(``_build_all``, usually column-wise and cheaper than one by one); equality
with the tuple of its items (either way round); a hash and a pickle as that
tuple.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Generic, TypeVar, cast, overload

T = TypeVar("T")


class BuiltWhenRead(Sequence[T], Generic[T]):
    """Subclasses set ``self._built = [None] * n`` and define ``_build(k)``
    (item k alone) and ``_build_all()`` (fill every ``None`` in ``_built``)."""

    __slots__ = ()
    _built: list[T | None]

    def _build(self, k: int) -> T:
        raise NotImplementedError

    def _build_all(self) -> None:
        for k, item in enumerate(self._built):
            if item is None:
                self._built[k] = self._build(k)

    def __len__(self) -> int:
        return len(self._built)

    @overload
    def __getitem__(self, k: int) -> T: ...

    @overload
    def __getitem__(self, k: slice) -> tuple[T, ...]: ...

    def __getitem__(self, k: int | slice) -> T | tuple[T, ...]:
        if isinstance(k, slice):
            return tuple(self[j] for j in range(*k.indices(len(self))))
        item = self._built[k]
        if item is None:
            k = range(len(self))[k]  # a negative index, or IndexError
            item = self._built[k] = self._build(k)
        return item

    def __iter__(self) -> Iterator[T]:
        if any(item is None for item in self._built):
            self._build_all()
        return iter(cast(list[T], self._built))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (BuiltWhenRead, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __reduce__(self) -> tuple[Any, ...]:  # pickles as the plain tuple it equals
        return (tuple, (tuple(self),))


__all__ = ["BuiltWhenRead"]
