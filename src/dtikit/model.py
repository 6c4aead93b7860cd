"""The rubric: a province's Bộ chỉ số for one tier and period, as immutable data.

A :class:`Rubric` is a tree of :class:`Indicator` nodes. Leaves carry a
:class:`MethodSpec` (how an answer becomes points); parents add up their
children. Every row carries its :class:`Provenance`: where in which decision
it was read, or that it is not known.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Literal, Protocol

import attrs

from .messages import Text
from .numbers import HUNDRED, ZERO

Status = Literal["confirmed", "inferred", "unknown"]
NAPolicy = Literal["forbid", "remove", "redistribute"]
Level = str  # pillar | group | main | sub | criterion | subcriterion — open to more

LEVEL_NAMES_VI: Mapping[str, str] = {
    "pillar": "Trụ cột",
    "group": "Nhóm chỉ số",
    "main": "Chỉ số chính",
    "sub": "Chỉ số thành phần",
    "criterion": "Tiêu chí",
    "subcriterion": "Tiêu chí con",
}


def nfc(text: str) -> str:
    """Vietnamese text is compared and stored in NFC."""
    return unicodedata.normalize("NFC", text)


_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng


def name_key(text: str) -> str:
    """The key a unit name is matched by: NFC, case and spacing ignored, and the
    tone mark's placement too ("Hoà" = "Hòa", "Thuỷ" = "Thủy") — each word's tone
    mark is moved to the end of the word. Nothing else is dropped: "UBND xã A"
    and "Xã A" are different names."""
    words = []
    for word in nfc(text).casefold().split():
        d = unicodedata.normalize("NFD", word)
        tones = "".join(c for c in d if c in _TONES)
        words.append("".join(c for c in d if c not in _TONES) + tones)
    return " ".join(words)


class Named(Protocol):
    """What :class:`UnitIndex` reads of a unit (:class:`~dtikit.Unit` is one)."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


class UnitIndex:
    """Units found by the key a file writes for one: its id, else its name
    (:func:`name_key`); the first unit that matches. Each unit is looked at
    once however many keys are looked up (the names only when a key is not an id)."""

    def __init__(self, units: Sequence[Named]) -> None:
        self.units = units
        self.ids: dict[str, int] = {}
        self.names: dict[str, int] | None = None
        for i, u in enumerate(units):
            self.ids.setdefault(u.id, i)

    def find(self, unit_key: str) -> int | None:
        """The position of the unit ``unit_key`` names, or ``None``."""
        i = self.ids.get(unit_key)
        if i is not None:
            return i
        if self.names is None:
            self.names = {}
            for i, u in enumerate(self.units):
                self.names.setdefault(name_key(u.name), i)
        return self.names.get(name_key(unit_key))


def match_unit(unit_key: str, units: Sequence[Named]) -> int | None:
    """The position in ``units`` of the unit ``unit_key`` names: by id, else by
    name (:func:`name_key`); the first one that matches (:class:`UnitIndex`
    for many keys)."""
    return UnitIndex(units).find(unit_key)


def to_tuple(values: Iterable[Any]) -> tuple[Any, ...]:
    """attrs converter: any iterable to a tuple (typed loosely so mypy accepts it)."""
    return tuple(values)


def _nfc_tuple(values: Any) -> tuple[str, ...]:
    return tuple(nfc(v) for v in values)


def _decimal(value: Any) -> Decimal:
    from .numbers import to_decimal

    return to_decimal(value)


def _opt_decimal(value: Any) -> Decimal | None:
    return None if value is None else _decimal(value)


# --------------------------------------------------------------------- tiers


@attrs.frozen(order=True)
class Tier:
    """The kind of unit a rubric judges. Open: a plugin may use any key."""

    key: str
    name: str = attrs.field(default="", converter=nfc, eq=False, order=False)

    @classmethod
    def of(cls, key: str | Tier) -> Tier:
        if isinstance(key, Tier):
            return key
        return KNOWN_TIERS.get(key) or cls(key, key)

    def __str__(self) -> str:
        return self.key


DEPARTMENT = Tier("department", "Sở, ban, ngành")
DISTRICT = Tier("district", "UBND cấp huyện")
COMMUNE = Tier("commune", "UBND cấp xã")
PROVINCE = Tier("province", "Tỉnh, thành phố trực thuộc Trung ương")
KNOWN_TIERS: Mapping[str, Tier] = {t.key: t for t in (DEPARTMENT, DISTRICT, COMMUNE, PROVINCE)}


def as_tier(value: Any) -> Tier:
    """``Tier.of`` as an attrs converter (a named function, as mypy's attrs plugin wants)."""
    return Tier.of(value)


# ------------------------------------------------------------ small values


@attrs.frozen
class Provenance:
    """Where a row (or a band, a rule) comes from, and how sure we are."""

    status: Status = "unknown"
    decision: str | None = None
    appendix: str | None = None
    row: str | None = None
    ref: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.status not in ("confirmed", "inferred", "unknown"):
            raise ValueError(Text("rubric.provenance_status", status=self.status))


@attrs.frozen
class Source:
    """The decision that issues the rubric."""

    decision: str = attrs.field(converter=nfc)
    date: date | None = None
    issuer: str | None = None
    appendix: str | None = None
    title: str | None = None
    url: str | None = None

    def cite(self, *, omit: str = "") -> str:
        """The decision as a document cites it: ``Quyết định số 3047/QĐ-UBND ngày
        29/12/2022 của UBND tỉnh Hưng Yên, Phụ lục 3``; an appendix that ``omit``
        (e.g. the rubric's title, printed beside it) already names is left out."""
        decision = self.decision.removeprefix("Quyết định").strip().removeprefix("số").strip()
        parts = [f"Quyết định số {decision}"]
        if self.date:
            parts.append(f"ngày {self.date:%d/%m/%Y}")
        if self.issuer:
            parts.append(f"của {self.issuer}")
        rest = [p.strip() for p in (self.appendix or "").split(";")
                if p.strip() and p.strip().casefold() not in omit.casefold()]
        text = " ".join(parts)
        # the appendix after a comma: it may hold its own brackets, and the
        # citation itself is often printed in brackets
        return f"{text}, {'; '.join(rest)}" if rest else text


@attrs.frozen
class Period:
    """The data window an assessment covers (e.g. 01/11/2023 – 30/9/2024)."""

    start: date
    end: date

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(Text("rubric.period", end=self.end, start=self.start))


@attrs.frozen
class Rounding:
    """Half-up rounding to ``places`` decimals at every leaf. Parents are the
    exact sums of their rounded children, so a total equals the sum of its
    displayed parts."""

    places: int = 2

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.places <= 6:
            raise ValueError(Text("rubric.rounding_places", places=self.places))


@attrs.frozen
class Band:
    """One class (Tốt / Khá / …) with bounds exactly as the decision words them:
    "từ 70% đến dưới 90%" is ``lower=70, lower_inclusive=True, upper=90,
    upper_inclusive=False``. ``None`` is an open end."""

    label: str = attrs.field(converter=nfc)
    lower: Decimal | None = attrs.field(default=None, converter=_opt_decimal)
    lower_inclusive: bool = True
    upper: Decimal | None = attrs.field(default=None, converter=_opt_decimal)
    upper_inclusive: bool = False

    def contains(self, value: Decimal) -> bool:
        if self.lower is not None and (
            value < self.lower or (value == self.lower and not self.lower_inclusive)
        ):
            return False
        return not (
            self.upper is not None
            and (value > self.upper or (value == self.upper and not self.upper_inclusive))
        )

    def describe(self) -> str:
        lo = (
            ""
            if self.lower is None
            else (f"từ {self.lower}" if self.lower_inclusive else f"trên {self.lower}")
        )
        hi = (
            ""
            if self.upper is None
            else (f"đến {self.upper}" if self.upper_inclusive else f"dưới {self.upper}")
        )
        if lo and hi and not self.upper_inclusive:
            hi = f"đến {hi}"  # "từ 70 đến dưới 90", as decisions word it
        return " ".join(p for p in (lo, hi) if p) or "mọi giá trị"


@attrs.frozen
class Classification:
    """Classification bands, on points or on the percentage of the unit's
    applicable maximum."""

    basis: Literal["percent", "points"]
    bands: tuple[Band, ...] = attrs.field(converter=to_tuple)
    provenance: Provenance = Provenance()

    def classify(self, points: Decimal, applicable_max: Decimal) -> str | None:
        value = points if self.basis == "points" else percent_of(points, applicable_max)
        for band in self.bands:
            if band.contains(value):
                return band.label
        return None


def percent_of(points: Decimal, maximum: Decimal) -> Decimal:
    """Points as a percentage of ``maximum``, exact (not rounded)."""
    return ZERO if maximum == 0 else points * HUNDRED / maximum


@attrs.frozen
class Workflow:
    """The rules around scoring: deadline, appraisal, where ranks are drawn."""

    deadline: date | None = None
    late: Literal["exclude", "flag"] = "exclude"
    require_appraisal: bool = False
    ranking_scope: Literal["cohort", "parent"] = "cohort"
    not_applicable: NAPolicy = "forbid"
    provenance: Provenance = Provenance()
    # the days the agencies appraise in (e.g. 16/10/2024 – 23/10/2024): an appraisal
    # dated after its end is past the window (``dtikit appraisal status``)
    appraisal_window: Period | None = None
    # signature blocks by document (self / appraisal / results), left to right, a
    # block's lines split by "\n"; empty: dtikit.issuance.DEFAULT_SIGNATURES
    signatures: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, hash=False)


@attrs.frozen
class Variant:
    """A kind of unit within a tier whose applicable indicators differ (e.g.
    departments without administrative procedures)."""

    key: str
    name: str = attrs.field(converter=nfc)
    not_applicable: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    provenance: Provenance = Provenance()


@attrs.frozen
class Conversion:
    """A declared derived score: ``points × multiply / divide``, rounded half-up
    (BR-VT: administrative-reform points = DTI × 11 / 100)."""

    key: str
    label: str = attrs.field(converter=nfc)
    multiply: Decimal = attrs.field(converter=_decimal)
    divide: Decimal = attrs.field(default=Decimal(1), converter=_decimal)
    places: int = 2
    provenance: Provenance = Provenance()

    def __attrs_post_init__(self) -> None:
        if self.divide == 0:
            raise ValueError(Text("rubric.conversion_zero", key=self.key))

    def apply(self, total: Decimal) -> Decimal:
        from .numbers import quantize

        return quantize(total * self.multiply / self.divide, self.places)


@attrs.frozen
class MethodSpec:
    """Which scoring method a leaf uses, with its parameters as plain data."""

    kind: str
    params: Mapping[str, Any] = attrs.field(factory=dict, eq=True, hash=False)


@attrs.frozen
class OutlineItem:
    """A sub-item known by name only (or not even that): listed, not scored."""

    code: str
    name: str = attrs.field(default="", converter=nfc)
    status: Status = "unknown"
    ref: str | None = None


# ----------------------------------------------------------------- the tree


@attrs.frozen
class Indicator:
    """A node of the rubric tree: a pillar, main index, sub-index or criterion."""

    code: str
    name: str = attrs.field(converter=nfc)
    max: Decimal = attrs.field(converter=_decimal)
    level: Level = "sub"
    method: MethodSpec | None = None
    children: tuple[Indicator, ...] = attrs.field(default=(), converter=to_tuple)
    how: str | None = None
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_nfc_tuple)
    data_source: str | None = None
    appraiser: str | None = None
    cap: bool = False
    not_applicable: NAPolicy | None = None
    provenance: Provenance = Provenance()
    outline: tuple[OutlineItem, ...] = attrs.field(default=(), converter=to_tuple)
    declared: Mapping[str, int] = attrs.field(factory=dict, hash=False)
    parent: str | None = None  # only when the code does not show the parent

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> Iterator[Indicator]:
        """This node, then its descendants, depth first in table order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def leaves(self) -> Iterator[Indicator]:
        return (n for n in self.walk() if n.is_leaf)


@attrs.frozen
class RubricId:
    """``province/tier/year``, e.g. ``hungyen/commune/2023``."""

    province: str
    tier: str
    year: int

    @classmethod
    def parse(cls, text: str) -> RubricId:
        parts = text.split("/")
        if len(parts) != 3 or not parts[2].isdigit():
            raise ValueError(Text("rubric.bad_id", text=text))
        return cls(parts[0], parts[1], int(parts[2]))

    def __str__(self) -> str:
        return f"{self.province}/{self.tier}/{self.year}"


@attrs.frozen(eq=False)
class Rubric:
    """One province's rubric for one tier and period. Immutable; keyed by ``id``.

    Build one from a data file with :func:`dtikit.load_rubric`; check it with
    :func:`dtikit.validate_rubric`.
    """

    id: str
    province: str
    tier: Tier = attrs.field(converter=as_tier)
    year: int
    title: str = attrs.field(converter=nfc)
    scale: Decimal = attrs.field(converter=_decimal)
    source: Source
    indicators: tuple[Indicator, ...] = attrs.field(converter=to_tuple)
    province_name: str = attrs.field(default="", converter=nfc)
    until_year: int | None = None
    measure: Literal["points", "criteria"] = "points"
    status: Literal["complete", "partial", "structure"] = "complete"
    notes: str | None = None
    period: Period | None = None
    rounding: Rounding = Rounding()
    classification: Classification | None = None
    workflow: Workflow = Workflow()
    variants: tuple[Variant, ...] = attrs.field(default=(), converter=to_tuple)
    conversions: tuple[Conversion, ...] = attrs.field(default=(), converter=to_tuple)
    _index: dict[str, Indicator] = attrs.field(init=False, repr=False)
    _parents: dict[str, str | None] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, Indicator] = {}
        parents: dict[str, str | None] = {}

        def visit(node: Indicator, parent: str | None) -> None:
            # the first node wins; validation reports duplicates
            index.setdefault(node.code, node)
            parents.setdefault(node.code, parent)
            for child in node.children:
                visit(child, node.code)

        for top in self.indicators:
            visit(top, None)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_parents", parents)

    # Rubrics are values: equal when their plain data is equal.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rubric):
            return NotImplemented
        return attrs.astuple(self, recurse=False)[:-2] == attrs.astuple(other, recurse=False)[:-2]

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def rubric_id(self) -> RubricId:
        return RubricId.parse(self.id)

    def in_force(self, year: int) -> bool:
        """Whether the rubric assesses ``year``: from its year on, to ``until_year`` if set."""
        return self.year <= year and (self.until_year is None or year <= self.until_year)

    def walk(self) -> Iterator[Indicator]:
        for top in self.indicators:
            yield from top.walk()

    def leaves(self) -> Iterator[Indicator]:
        return (n for n in self.walk() if n.is_leaf)

    def get(self, code: str) -> Indicator:
        try:
            return self._index[code]
        except KeyError:
            raise KeyError(f"{self.id}: no indicator {code!r}") from None

    def __contains__(self, code: object) -> bool:
        return code in self._index

    def parent_of(self, code: str) -> str | None:
        return self._parents.get(code)

    def ancestry(self, code: str) -> Iterator[str]:
        """``code``, then its parent, and so up to its main index's top node."""
        cur: str | None = code
        while cur is not None:
            yield cur
            cur = self._parents.get(cur)

    def depth(self, code: str) -> int:
        """How many nodes stand above ``code`` (0 for a top-level node)."""
        return sum(1 for _ in self.ancestry(code)) - 1

    def appraiser_of(self, code: str) -> str | None:
        """The agency that appraises ``code``: its own, else the nearest node's above it."""
        return next((who for c in self.ancestry(code) if (who := self.get(c).appraiser)), None)

    @property
    def main_indices(self) -> tuple[Indicator, ...]:
        """The nodes a published table shows as columns: the ``main`` level if
        the tree has one, else the top level."""
        mains = tuple(n for n in self.walk() if n.level == "main")
        return mains or self.indicators

    def variant(self, key: str | None) -> Variant | None:
        if key is None:
            return None
        for v in self.variants:
            if v.key == key:
                return v
        raise KeyError(Text("rubric.no_variant", rubric=self.id, key=key))

    def removed_by(self, variant: Variant | None) -> frozenset[str]:
        """The codes a unit of ``variant`` does not answer: each code of its
        ``not_applicable`` list with every node under it (none for no variant).

        The one rule, read by the form and collection readers, the check of an
        assessment and the engine. A code the rubric lacks is skipped here:
        validation reports it.
        """
        if variant is None:
            return frozenset()
        return frozenset(n.code for code in variant.not_applicable if code in self
                         for n in self.get(code).walk())

    def na_policy(self, code: str) -> NAPolicy:
        node = self.get(code)
        return node.not_applicable or self.workflow.not_applicable

    def accepts_na(self, code: str, removed: Collection[str] = frozenset()) -> bool:
        """Whether *Không áp dụng* is a valid answer to ``code`` for a unit:
        the rubric's policy there is not ``forbid``, or the unit's variant
        removes the code (``removed``: :meth:`removed_by` of its variant).

        The one rule, read by the form and collection readers and the engine
        (which holds it, per leaf, in the column-wise form ``Plan.forbid``).
        """
        return code in removed or self.na_policy(code) != "forbid"

    def citation(self) -> str:
        """The rubric as an officer names it: title, decision, scale (no internal id)."""
        return f"{self.title} ({self.source.cite(omit=self.title)}), thang điểm {self.scale}"

    def describe(self) -> str:
        return f"{self.id} — {self.citation()}"
