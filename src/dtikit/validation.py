"""Rubric validation: every problem at once, each with where it is."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from .errors import MethodParamsError, Problem, RubricInvalid, at_indicator
from .messages import Text, message_of
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
            add("id", Text("rubric.id_mismatch", id=rubric.id, province=rubric.province,
                           tier=rubric.tier.key, year=rubric.year))
    except ValueError as exc:
        add("id", message_of(exc))
    if rubric.scale <= 0:
        add("scale", Text("rubric.scale_positive", scale=rubric.scale))
    if rubric.until_year is not None and rubric.until_year < rubric.year:
        add("until_year", Text("rubric.until_before", until=rubric.until_year, year=rubric.year))

    codes = Counter(node.code for node in rubric.walk())
    for code, n in codes.items():
        if n > 1:
            add(at_indicator(code), Text("rubric.code_repeated", n=n))
    if not rubric.indicators:
        add("indicators", Text("rubric.no_indicators"))

    def check_node(node: Indicator, parent: Indicator | None) -> None:
        where = at_indicator(node.code)
        if not node.code or node.code != node.code.strip():
            add(where, Text("rubric.bad_code"))
        if not node.name.strip() and rubric.status == "complete":
            add(where, Text("rubric.empty_name"))
        expected_parent = node.parent
        if expected_parent is None:
            expected_parent = node.code.rsplit(".", 1)[0] if "." in node.code else None
        actual = parent.code if parent else None
        if expected_parent != actual:
            add(where, Text("rubric.wrong_parent", expected=expected_parent or Text("rubric.root"),
                            actual=actual or Text("rubric.root")))
        if node.max < 0:
            add(where, Text("rubric.negative_max", max=node.max))
        places = rubric.rounding.places
        if quantize(node.max, places) != node.max:
            # points are shown (and rounded half-up) at `places`: a full score of
            # 0,5 at 0 places would be shown, and added up, as 1
            add(where, Text("rubric.max_decimals", max=node.max, places=places))
        if node.children:
            if node.method is not None:
                add(where, Text("rubric.node_with_method"))
            total = sum((c.max for c in node.children), ZERO)
            if node.cap:
                if total < node.max:
                    add(where, Text("rubric.cap_below", total=total, max=node.max))
            elif total != node.max:
                add(where, Text("rubric.children_sum", total=total, max=node.max))
            for child in node.children:
                check_node(child, node)
        elif node.method is None:
            add(where, Text("rubric.leaf_without_method"))
        else:
            try:
                registry.build(node.method, node.max)
            except KeyError as exc:
                add(where, message_of(exc))
            except MethodParamsError as exc:
                for msg in exc.messages:
                    add(where, msg)
        for item in node.outline:
            if item.code in codes:
                add(where, Text("rubric.outline_scored", code=item.code))

    for top in rubric.indicators:
        check_node(top, None)
    top_total = sum((n.max for n in rubric.indicators), ZERO)
    if rubric.indicators and top_total != rubric.scale:
        add("scale", Text("rubric.top_sum", total=top_total, scale=rubric.scale))

    for variant in rubric.variants:
        for code in variant.not_applicable:
            if code not in codes:
                add(Text("at.variant", key=variant.key), Text("rubric.variant_unknown", code=code))
    keys = Counter(v.key for v in rubric.variants)
    for key, n in keys.items():
        if n > 1:
            add(Text("at.variant", key=key), Text("rubric.defined_twice"))
    conv = Counter(c.key for c in rubric.conversions)
    for key, n in conv.items():
        if n > 1:
            add(Text("at.conversion", key=key), Text("rubric.defined_twice"))

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
        return [Text("band.none")]
    labels = Counter(b.label for b in bands)
    out += [Text("band.repeated", label=label, n=n) for label, n in labels.items() if n > 1]
    for b in bands:
        if b.lower is not None and b.upper is not None and (
            b.lower > b.upper
            or (b.lower == b.upper and not (b.lower_inclusive and b.upper_inclusive))
        ):
            out.append(Text("band.empty", label=b.label))

    def lo_key(b: Band) -> tuple[int, Decimal, int]:
        if b.lower is None:
            return (0, ZERO, 0)
        return (1, b.lower, 0 if b.lower_inclusive else 1)

    bands.sort(key=lo_key)
    first = bands[0]
    if first.lower is not None and (
        first.lower > 0 or (first.lower == 0 and not first.lower_inclusive)
    ):
        out.append(Text("band.low_uncovered",
                        bound=_fmt_bound(first.lower, not first.lower_inclusive, False)))
    for a, b in zip(bands, bands[1:]):
        name = Text("band.pair", a=a.label, b=b.label)
        if a.upper is None or b.lower is None:
            out.append(Text("band.overlap", name=name))
            continue
        if a.upper < b.lower:
            out.append(Text("band.gap", name=name, upper=a.upper, lower=b.lower))
        elif a.upper > b.lower:
            out.append(Text("band.overlap_between", name=name, lower=b.lower, upper=a.upper))
        elif a.upper_inclusive and b.lower_inclusive:
            out.append(Text("band.both_include", name=name, value=a.upper))
        elif not a.upper_inclusive and not b.lower_inclusive:
            out.append(Text("band.value_uncovered", value=a.upper, name=name))
    last = bands[-1]
    if last.upper is not None and (last.upper < top or (last.upper == top and not last.upper_inclusive)):
        out.append(Text("band.high_uncovered", upper=last.upper, top=top))
    return out
