"""Comparing two rubrics: what changed between two years' (or two provinces') Bộ chỉ số.

:func:`compare_rubrics` matches indicators by code and reports what was added,
what was removed, and for the codes both carry: a new name (renamed), a new
maximum, a new scoring method, a new level or a new parent. Rubric-wide changes
(scale, classification bands, workflow rules, rounding, source decision) are
listed apart. The result is plain data; the ``dtikit rubric diff`` command only
prints it.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal

import attrs

from .model import Band, Indicator, MethodSpec, Rubric

ChangeField = Literal["name", "max", "method", "level", "parent"]


@attrs.frozen
class IndicatorRef:
    """An indicator as a diff shows it: where it sits, what it is called, its maximum."""

    code: str
    name: str
    max: Decimal
    level: str
    parent: str | None
    method: str | None  # the method as text (kind and parameters), leaves only

    @classmethod
    def of(cls, rubric: Rubric, node: Indicator) -> IndicatorRef:
        return cls(node.code, node.name, node.max, node.level, rubric.parent_of(node.code),
                   describe_method(node.method))


@attrs.frozen
class IndicatorChange:
    """One field of one indicator (same code in both rubrics) that differs."""

    code: str
    field: ChangeField
    old: str
    new: str
    name: str = ""  # the indicator's name in the newer rubric, to help a reader


@attrs.frozen
class RubricChange:
    """A rubric-wide setting that differs (``scale``, ``classification``, ``workflow.deadline``, …)."""

    field: str
    old: str
    new: str


@attrs.frozen
class RubricDiff:
    """What changed from rubric ``a`` (older) to rubric ``b`` (newer)."""

    a: str
    b: str
    added: tuple[IndicatorRef, ...] = ()
    removed: tuple[IndicatorRef, ...] = ()
    changes: tuple[IndicatorChange, ...] = ()
    rubric_changes: tuple[RubricChange, ...] = ()
    common: int = 0  # how many codes both rubrics carry

    def _of(self, field: ChangeField) -> tuple[IndicatorChange, ...]:
        return tuple(c for c in self.changes if c.field == field)

    @property
    def renamed(self) -> tuple[IndicatorChange, ...]:
        """Same code, different name."""
        return self._of("name")

    @property
    def max_changed(self) -> tuple[IndicatorChange, ...]:
        return self._of("max")

    @property
    def method_changed(self) -> tuple[IndicatorChange, ...]:
        return self._of("method")

    @property
    def moved(self) -> tuple[IndicatorChange, ...]:
        """Same code under a different parent."""
        return self._of("parent")

    @property
    def level_changed(self) -> tuple[IndicatorChange, ...]:
        return self._of("level")

    @property
    def same(self) -> bool:
        """True when nothing at all differs."""
        return not (self.added or self.removed or self.changes or self.rubric_changes)


def _plain(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_plain(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    return str(value)


def describe_method(spec: MethodSpec | None) -> str | None:
    """A method as short text: ``steps {at_least: 4, points: 20}, …``; ``None`` for a parent."""
    if spec is None:
        return None
    if not spec.params:
        return spec.kind
    params = ", ".join(f"{k}={_plain(v)}" for k, v in sorted(spec.params.items()))
    return f"{spec.kind} ({params})"


def _band_text(bands: Iterable[Band]) -> str:
    return "; ".join(f"{b.label}: {b.describe()}" for b in bands)


def _rubric_settings(r: Rubric) -> dict[str, str]:
    wf = r.workflow
    cls = r.classification
    return {
        "scale": f"{r.scale}",
        "measure": r.measure,
        "status": r.status,
        "tier": r.tier.key,
        "source.decision": r.source.decision,
        "source.appendix": r.source.appendix or "",
        "period": f"{r.period.start.isoformat()} – {r.period.end.isoformat()}" if r.period else "",
        "rounding.places": str(r.rounding.places),
        "classification.basis": cls.basis if cls else "",
        "classification.bands": _band_text(cls.bands) if cls else "",
        "workflow.deadline": wf.deadline.isoformat() if wf.deadline else "",
        "workflow.late": wf.late,
        "workflow.require_appraisal": "true" if wf.require_appraisal else "false",
        "workflow.ranking_scope": wf.ranking_scope,
        "workflow.not_applicable": wf.not_applicable,
        "variants": ", ".join(f"{v.key} ({', '.join(v.not_applicable)})" for v in r.variants),
        "conversions": ", ".join(f"{c.key} = × {c.multiply} / {c.divide}" for c in r.conversions),
    }


def compare_rubrics(a: Rubric, b: Rubric) -> RubricDiff:
    """What changed from rubric ``a`` to rubric ``b``, matched by indicator code.

    Added and removed indicators are listed in table order (of ``b`` and ``a``);
    a code present in both is compared field by field (name, maximum, method,
    level, parent). Names are compared in NFC, exactly: "Hoà" and "Hòa" differ.
    """
    nodes_a = {n.code: n for n in a.walk()}
    nodes_b = {n.code: n for n in b.walk()}
    added = tuple(IndicatorRef.of(b, n) for code, n in nodes_b.items() if code not in nodes_a)
    removed = tuple(IndicatorRef.of(a, n) for code, n in nodes_a.items() if code not in nodes_b)
    changes: list[IndicatorChange] = []
    common = 0
    for code, nb in nodes_b.items():
        na = nodes_a.get(code)
        if na is None:
            continue
        common += 1

        def add(field: ChangeField, old: str | None, new: str | None, *, _code: str = code,
                _name: str = nb.name) -> None:
            changes.append(IndicatorChange(_code, field, old or "", new or "", _name))

        if na.name != nb.name:
            add("name", na.name, nb.name)
        if na.max != nb.max:
            add("max", f"{na.max}", f"{nb.max}")
        if na.method != nb.method:
            add("method", describe_method(na.method) or "(tổng các chỉ số con)",
                describe_method(nb.method) or "(tổng các chỉ số con)")
        if na.level != nb.level:
            add("level", na.level, nb.level)
        pa, pb = a.parent_of(code), b.parent_of(code)
        if pa != pb:
            add("parent", pa or "(gốc)", pb or "(gốc)")
    sa, sb = _rubric_settings(a), _rubric_settings(b)
    rubric_changes = tuple(RubricChange(k, sa[k], sb[k]) for k in sa if sa[k] != sb[k])
    return RubricDiff(a.id, b.id, added, removed, tuple(changes), rubric_changes, common)
