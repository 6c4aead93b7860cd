"""The fast text of the breakdown sheet equals its definition: ``format_vi``
(the Vietnamese number) and ``scoring.trace`` (a node's trace) against the
plain code they were before they were made fast, on any figures."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import dtikit
from dtikit.numbers import format_vi
from dtikit.scoring import trace


def format_vi_definition(value: Decimal | None, places: int = 2, *, trim: bool = True,
                         whole: bool = False) -> str:
    """format_vi as it is defined: half-up at ``places``, the plain digits, a decimal comma."""
    if value is None:
        return "—"
    if whole and value == value.to_integral_value():
        places = 0
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{q:f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", ",")


decimals = st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**12,
                       max_value=10**12, places=None) | st.sampled_from(
    [Decimal("-0"), Decimal("-0.0001"), Decimal("0E-9"), Decimal("1E+2"), Decimal("1E-7"),
     Decimal("0.005"), Decimal("-0.005"), Decimal("99.995"), Decimal("100.00")])


@settings(max_examples=500, deadline=None)
@given(decimals, st.integers(0, 9), st.booleans(), st.booleans())
def test_format_vi_is_its_definition(value: Decimal, places: int, trim: bool,
                                     whole: bool) -> None:
    assert format_vi(value, places, trim=trim, whole=whole) == format_vi_definition(
        value, places, trim=trim, whole=whole)


def test_format_vi_examples() -> None:
    assert format_vi(Decimal("645.70"), 2, trim=False) == "645,70"
    assert format_vi(Decimal("645.70")) == "645,7"
    assert format_vi(Decimal("100"), 2, trim=False, whole=True) == "100"
    assert format_vi(Decimal("-0.001"), 2, trim=False) == "-0,00"
    assert format_vi(Decimal("0.00000001"), 8, trim=False) == "0,00000001"
    assert format_vi(None) == "—"


def trace_definition(node: dtikit.Indicator, places: int, final_points: Decimal | None,
                     applicable_max: Decimal, *, parts: Any = (), self_rule: str | None = None,
                     final_rule: str | None = None, appraised_by: str | None = None) -> str:
    """The trace line by line, as docs/results.md describes it."""
    from dtikit.scoring import method_title

    def pts(value: Decimal | None) -> str:
        return format_vi_definition(value, places, trim=False)

    def mx(value: Decimal) -> str:
        return format_vi_definition(value, places, trim=False, whole=True)

    lines = [f"{node.code}. {node.name} - tối đa {mx(node.max)}"]
    if node.children:
        lines.append(f"= {' + '.join(map(pts, parts))} = {pts(final_points)}"
                     + (f" (giới hạn {mx(node.max)})" if node.cap else ""))
    else:
        lines.append(f"Phương pháp: {method_title(node.method.kind) if node.method else '?'}")
        lines.append(f"Tự đánh giá: {self_rule or 'chưa trả lời'}")
        if appraised_by:
            lines.append(f"Thẩm định ({appraised_by}): {final_rule}")
    lines.append(f"Điểm: {pts(final_points)}"
                 + (f" / áp dụng {mx(applicable_max)}" if applicable_max != node.max else ""))
    return "\n".join(lines)


points = st.none() | st.decimals(min_value=0, max_value=1000, places=3)
maxima = st.decimals(min_value=0, max_value=1000, places=2)


@settings(max_examples=300, deadline=None)
@given(st.data(), st.integers(0, 3), points, maxima, st.none() | st.text(max_size=20),
       st.none() | st.text(max_size=20), st.none() | st.text(max_size=10))
def test_trace_is_its_definition(sample_rubric: dtikit.Rubric, data: st.DataObject, places: int,
                                 final: Decimal | None, applicable: Decimal,
                                 self_rule: str | None, final_rule: str | None,
                                 by: str | None) -> None:
    nodes = list(sample_rubric.walk())
    node = data.draw(st.sampled_from(nodes))
    if data.draw(st.booleans()):
        applicable = node.max  # most nodes: the maximum applies
    parts = data.draw(st.lists(points, min_size=len(node.children),
                               max_size=len(node.children)))
    kw = dict(parts=parts, self_rule=self_rule, final_rule=final_rule, appraised_by=by)
    for _ in range(2):  # the second time from what trace remembered of the node
        assert trace(node, places, final, applicable, **kw) == trace_definition(
            node, places, final, applicable, **kw)


@settings(max_examples=300, deadline=None)
@given(st.lists(decimals, min_size=1, max_size=8))
def test_a_rules_figures_are_format_vi(values: list[Decimal]) -> None:
    """A method's figures (remembered by value) are format_vi's at 4 places,
    whatever came before: -0 and 0, 1E+1 and 10.0000 written alike."""
    from dtikit.methods.builtin import Awarded

    fmt = Awarded.__new__(Awarded)._fmt  # a method's helper: no parameter of its own
    for value in values + values[::-1]:
        assert fmt(value) == format_vi_definition(value, 4)
