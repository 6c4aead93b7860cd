"""Rubric validation: every problem at once, each with where it is."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from .errors import MethodParamsError, Problem, RubricInvalid
from .methods import BUILTIN_REGISTRY, MethodRegistry
from .model import Band, Classification, Indicator, Rubric, RubricId
from .numbers import HUNDRED, ZERO, quantize


def validate_rubric(
    rubric: Rubric, methods: MethodRegistry | None = None
) -> tuple[Problem, ...]:
    """Return every problem of ``rubric`` (empty when it is valid)."""
    registry = methods if methods is not None else BUILTIN_REGISTRY
    problems: list[Problem] = []

    def add(where: str, message: str) -> None:
        problems.append(Problem(where, message))

    try:
        rid = RubricId.parse(rubric.id)
        if (rid.province, rid.tier, rid.year) != (rubric.province, rubric.tier.key, rubric.year):
            add("id", f"{rubric.id} does not match province/tier/year "
                f"{rubric.province}/{rubric.tier.key}/{rubric.year}")
    except ValueError as exc:
        add("id", str(exc))
    if rubric.scale <= 0:
        add("scale", f"scale {rubric.scale} must be positive")
    if rubric.until_year is not None and rubric.until_year < rubric.year:
        add("until_year", f"{rubric.until_year} is before the first year {rubric.year}")

    codes = Counter(node.code for node in rubric.walk())
    for code, n in codes.items():
        if n > 1:
            add(f"indicator {code}", f"code appears {n} times")
    if not rubric.indicators:
        add("indicators", "the rubric has no indicators")

    def check_node(node: Indicator, parent: Indicator | None) -> None:
        where = f"indicator {node.code}"
        if not node.code or node.code != node.code.strip():
            add(where, "empty code or code with spaces")
        if not node.name.strip() and rubric.status == "complete":
            add(where, "empty name")
        expected_parent = node.parent
        if expected_parent is None:
            expected_parent = node.code.rsplit(".", 1)[0] if "." in node.code else None
        actual = parent.code if parent else None
        if expected_parent != actual:
            add(where, f"code says its parent is {expected_parent or 'the root'}, "
                f"but it sits under {actual or 'the root'}")
        if node.max < 0:
            add(where, f"negative maximum {node.max}")
        places = rubric.rounding.places
        if quantize(node.max, places) != node.max:
            # points are shown (and rounded half-up) at `places`: a full score of
            # 0,5 at 0 places would be shown, and added up, as 1
            add(where, f"maximum {node.max} has more decimals than the rubric rounds to "
                f"({places}); a full score could not be shown")
        if node.children:
            if node.method is not None:
                add(where, "a node with children cannot have its own method")
            total = sum((c.max for c in node.children), ZERO)
            if node.cap:
                if total < node.max:
                    add(where, f"capped node: children add up to {total}, less than max {node.max}")
            elif total != node.max:
                add(where, f"children add up to {total}, not the maximum {node.max} "
                    "(declare cap = true if the rubric caps the sum)")
            for child in node.children:
                check_node(child, node)
        elif node.method is None:
            add(where, "a leaf without a scoring method")
        else:
            try:
                registry.build(node.method, node.max)
            except KeyError as exc:
                add(where, str(exc.args[0]))
            except MethodParamsError as exc:
                for msg in exc.messages:
                    add(where, msg)
        for item in node.outline:
            if item.code in codes:
                add(where, f"outline item {item.code} is also a scored indicator")

    for top in rubric.indicators:
        check_node(top, None)
    top_total = sum((n.max for n in rubric.indicators), ZERO)
    if rubric.indicators and top_total != rubric.scale:
        add("scale", f"top-level maxima add up to {top_total}, not the scale {rubric.scale}")

    for variant in rubric.variants:
        for code in variant.not_applicable:
            if code not in codes:
                add(f"variant {variant.key}", f"names unknown indicator {code}")
    keys = Counter(v.key for v in rubric.variants)
    for key, n in keys.items():
        if n > 1:
            add(f"variant {key}", "defined twice")
    conv = Counter(c.key for c in rubric.conversions)
    for key, n in conv.items():
        if n > 1:
            add(f"conversion {key}", "defined twice")

    if rubric.classification is not None:
        upper = HUNDRED if rubric.classification.basis == "percent" else rubric.scale
        for msg in band_problems(rubric.classification, upper):
            add("classification", msg)
    return tuple(problems)


def check_rubric(rubric: Rubric, methods: MethodRegistry | None = None, *,
                 source: str | None = None) -> Rubric:
    """Return ``rubric`` if valid; raise :class:`RubricInvalid` with every problem."""
    problems = validate_rubric(rubric, methods)
    if problems:
        raise RubricInvalid(problems, source=source or rubric.id)
    return rubric


def _fmt_bound(value: Decimal | None, inclusive: bool, lower: bool) -> str:
    if value is None:
        return "−∞" if lower else "+∞"
    return ("[" if inclusive else "(") + str(value) if lower else str(value) + (
        "]" if inclusive else ")"
    )


def band_problems(classification: Classification, top: Decimal) -> list[str]:
    """Gaps, overlaps and uncovered ends of the bands over [0, top]."""
    out: list[str] = []
    bands = list(classification.bands)
    if not bands:
        return ["no bands"]
    labels = Counter(b.label for b in bands)
    out += [f"band {label!r} appears {n} times" for label, n in labels.items() if n > 1]
    for b in bands:
        if b.lower is not None and b.upper is not None and (
            b.lower > b.upper
            or (b.lower == b.upper and not (b.lower_inclusive and b.upper_inclusive))
        ):
            out.append(f"band {b.label!r} is empty")

    def lo_key(b: Band) -> tuple[int, Decimal, int]:
        if b.lower is None:
            return (0, ZERO, 0)
        return (1, b.lower, 0 if b.lower_inclusive else 1)

    bands.sort(key=lo_key)
    first = bands[0]
    if first.lower is not None and (
        first.lower > 0 or (first.lower == 0 and not first.lower_inclusive)
    ):
        out.append(f"values from 0 up to {_fmt_bound(first.lower, not first.lower_inclusive, False)}"
                   " fall in no band")
    for a, b in zip(bands, bands[1:]):
        name = f"{a.label!r} and {b.label!r}"
        if a.upper is None or b.lower is None:
            out.append(f"bands {name} overlap")
            continue
        if a.upper < b.lower:
            out.append(f"gap between {name}: ({a.upper}, {b.lower}) falls in no band")
        elif a.upper > b.lower:
            out.append(f"bands {name} overlap between {b.lower} and {a.upper}")
        elif a.upper_inclusive and b.lower_inclusive:
            out.append(f"bands {name} both include {a.upper}")
        elif not a.upper_inclusive and not b.lower_inclusive:
            out.append(f"{a.upper} falls in no band (between {name})")
    last = bands[-1]
    if last.upper is not None and (last.upper < top or (last.upper == top and not last.upper_inclusive)):
        out.append(f"values above {last.upper} up to {top} fall in no band")
    return out
