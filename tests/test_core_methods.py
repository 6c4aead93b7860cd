"""Every built-in method family, with the worked examples of real rubrics
(/work/shared/rubrics/methods-and-bands.md), the b = 0 cases, and bad answers
and bad parameters refused with typed errors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dtikit import (
    AnswerError,
    Choice,
    Flag,
    MethodParamsError,
    MethodSpec,
    NotApplicable,
    Number,
    Parts,
    Ratio,
)
from dtikit.methods import BUILTIN_REGISTRY, Method
from dtikit.numbers import format_vi

D = Decimal


def build(kind: str, max_points: Any, **params: Any) -> Method:
    return BUILTIN_REGISTRY.build(MethodSpec(kind, params), D(str(max_points)))


def pts(method: Method, value: Any, best: Any = None) -> Decimal:
    return method.score(value, None if best is None else D(str(best))).points


# ---------------------------------------------------------------- yes / no (F5)


def test_yes_no_gives_max_or_zero() -> None:
    m = build("yes_no", 10)
    assert pts(m, Flag(True)) == 10
    assert pts(m, Flag(False)) == 0
    assert "Có" in m.score(Flag(True)).rule


# ------------------------------------------------------------------ levels (F3)

# "Người đứng đầu … là Trưởng ban BCĐ": Chủ tịch → Điểm tối đa; Phó Chủ tịch →
# 1/2*Điểm tối đa; no board / not a leader → 0 (Cao Lãnh M = 10; Nông Cống M = 20)
HEAD_OF_BOARD = [
    {"key": "chu_tich", "label": "Chủ tịch", "fraction": "1"},
    {"key": "pho", "label": "Phó Chủ tịch", "fraction": "1/2"},
    {"key": "khong", "label": "Không", "fraction": "0"},
]


@pytest.mark.parametrize(("max_points", "key", "expected"), [
    (10, "chu_tich", 10), (10, "pho", 5), (10, "khong", 0),
    (20, "chu_tich", 20), (20, "pho", 10), (20, "khong", 0),
])
def test_levels_head_of_the_steering_board(max_points: int, key: str, expected: int) -> None:
    m = build("levels", max_points, levels=HEAD_OF_BOARD)
    assert pts(m, Choice(key)) == expected


def test_levels_accept_the_label_as_printed_on_the_form() -> None:
    m = build("levels", 20, levels=HEAD_OF_BOARD)
    assert pts(m, Choice("Phó Chủ tịch")) == 10
    assert m.choices() == (("chu_tich", "Chủ tịch"), ("pho", "Phó Chủ tịch"), ("khong", "Không"))


def test_levels_by_points() -> None:
    m = build("levels", 20, levels=[{"key": "a", "points": "12.5"}, {"key": "b", "points": "0"}])
    assert pts(m, Choice("a")) == D("12.5")


def test_levels_unknown_key_is_refused() -> None:
    m = build("levels", 20, levels=HEAD_OF_BOARD)
    with pytest.raises(AnswerError, match="not one of"):
        m.score(Choice("bi_thu"))


# ------------------------------------------------------------------- steps (F2)

# 1.1 "Ban chỉ đạo chuyển đổi số … tổ chức các cuộc họp trong năm" (M = 20):
# 4 meetings → 20; 3 → 15; 2 → 10; 1 → 5; "Còn lại: 0 điểm"
MEETINGS = [{"at_least": "4", "points": "20"}, {"at_least": "3", "points": "15"},
            {"at_least": "2", "points": "10"}, {"at_least": "1", "points": "5"}]


@pytest.mark.parametrize(("count", "expected"), [
    (4, 20), (3, 15), (2, 10), (1, 5), (0, 0), (12, 20), ("3.5", 15)])
def test_steps_board_meetings(count: Any, expected: int) -> None:
    m = build("steps", 20, unit="cuộc họp", steps=MEETINGS)  # listed out of order on purpose
    assert pts(m, Number(count)) == expected


def test_steps_rule_explains_the_step_reached() -> None:
    m = build("steps", 20, unit="cuộc họp", steps=MEETINGS)
    assert m.score(Number(3)).rule == "3 cuộc họp ≥ 3 → 15 điểm"
    assert m.score(Number(0)).rule == "0 cuộc họp: chưa đạt bậc nào → 0 điểm"


def test_steps_negative_count_is_refused() -> None:
    with pytest.raises(AnswerError, match="negative"):
        build("steps", 20, steps=MEETINGS).score(Number(-1))


# ------------------------------------------------------------------- ratio (F1)

# District 1.2 (M = 20): a = meetings chaired by the Secretary/Chairman, b = all
# meetings; Tỷ lệ = a/b; Điểm = Tỷ lệ*Điểm tối đa


@pytest.mark.parametrize(("a", "b", "expected"), [
    (3, 4, D(15)), (4, 4, D(20)), (0, 4, D(0)), (1, 2, D(10)),
    (2, 3, D(40) / 3),  # 13.33… exact here; the leaf is rounded by scoring, not the method
])
def test_ratio_times_max(a: int, b: int, expected: Decimal) -> None:
    assert pts(build("ratio", 20), Ratio(a, b)) == expected


def test_ratio_multiplies_before_dividing() -> None:
    # 5/14 × 1,75 = 0,625 exactly; rounding 5/14 first would give 0,6249…
    assert pts(build("ratio", "1.75"), Ratio(5, 14)) == D("0.625")


@pytest.mark.parametrize(("when", "expected"), [("zero", 0), ("full", 20)])
def test_ratio_b_zero_is_a_defined_case(when: str, expected: int) -> None:
    m = build("ratio", 20, when_b_zero=when)
    out = m.score(Ratio(0, 0))
    assert out.points == expected
    assert "b = 0" in out.rule


def test_ratio_b_zero_default_is_zero() -> None:
    assert pts(build("ratio", 20), Ratio(0, 0)) == 0


def test_ratio_b_zero_as_not_applicable_asks_for_khong_ap_dung() -> None:
    with pytest.raises(AnswerError, match="Không áp dụng"):
        build("ratio", 20, when_b_zero="not_applicable").score(Ratio(0, 0))


@pytest.mark.parametrize(("a", "b", "message"), [
    (5, 4, "greater than b"), (-1, 4, "negative"), (0, -1, "negative")])
def test_ratio_bad_counts_are_refused(a: int, b: int, message: str) -> None:
    with pytest.raises(AnswerError, match=message):
        build("ratio", 20).score(Ratio(a, b))


# ---------------------------------------------------------- threshold ratio


@pytest.mark.parametrize(("a", "b", "below", "expected"), [
    (80, 100, "proportional", D(30)),   # at the target: full points
    (95, 100, "proportional", D(30)),   # above it
    (40, 100, "proportional", D(15)),   # (0,4 / 0,8) × 30
    (79, 100, "zero", D(0)),            # below, stepped
    (0, 100, "proportional", D(0)),
])
def test_threshold_ratio(a: int, b: int, below: str, expected: Decimal) -> None:
    m = build("threshold_ratio", 30, target="0.8", below=below)
    assert pts(m, Ratio(a, b)) == expected


def test_threshold_ratio_decides_exactly_at_the_target() -> None:
    # 3/8 against a target of 3/8: at the target exactly, full points
    m = build("threshold_ratio", 30, target="3/8")
    assert pts(m, Ratio(3, 8)) == 30
    assert pts(m, Ratio(30, 80)) == 30
    assert pts(m, Ratio(37, 100)) < 30


def test_threshold_ratio_refuses_a_target_with_no_exact_decimal() -> None:
    with pytest.raises(MethodParamsError, match="no exact decimal value"):
        build("threshold_ratio", 30, target="2/3")


def test_threshold_ratio_b_zero() -> None:
    assert pts(build("threshold_ratio", 30, target="0.8", when_b_zero="full"), Ratio(0, 0)) == 30


# ------------------------------------------------------------------- parts (F4)

# Cao Lãnh 1.2 (M = 10): attends all provincial meetings → ½ M; chairs the
# district's meetings → ½ M; each missing part → 0
HALVES = [{"key": "du_hop", "label": "Dự đủ các cuộc họp", "fraction": "1/2"},
          {"key": "chu_tri", "label": "Chủ trì các cuộc họp", "fraction": "1/2"}]


@pytest.mark.parametrize(("done", "expected"), [
    ({"du_hop", "chu_tri"}, 10), ({"du_hop"}, 5), ({"chu_tri"}, 5), (set(), 0)])
def test_parts_halves(done: set[str], expected: int) -> None:
    assert pts(build("parts", 10, parts=HALVES), Parts(frozenset(done))) == expected


def test_parts_capped_at_max() -> None:
    m = build("parts", 10, parts=[{"key": "a", "points": "6"}, {"key": "b", "points": "6"}])
    out = m.score(Parts(frozenset({"a", "b"})))
    assert out.points == 10
    assert "giới hạn" in out.rule


def test_parts_unknown_part_is_refused() -> None:
    with pytest.raises(AnswerError, match="unknown part"):
        build("parts", 10, parts=HALVES).score(Parts(frozenset({"du_hop", "x"})))


# --------------------------------------------------------- relative to the best


@pytest.mark.parametrize(("value", "best", "expected"), [
    (50, 200, D(10)), (200, 200, D(40)), (0, 200, D(0)), (0, 0, D(0))])
def test_relative_to_best(value: int, best: int, expected: Decimal) -> None:
    m = build("relative_to_best", 40)
    assert m.uses_cohort
    assert pts(m, Number(value), best) == expected


def test_relative_to_best_above_the_best_is_the_max() -> None:
    """A unit above the cohort's best (it did not set the bar: late, not appraised)
    scores the maximum, never more."""
    assert pts(build("relative_to_best", 40), Number(300), 200) == 40


def test_relative_to_best_needs_the_best() -> None:
    with pytest.raises(AnswerError, match="best"):
        build("relative_to_best", 40).score(Number(1))


# ----------------------------------------------------------------- awarded


@pytest.mark.parametrize("value", ["0", "12.5", "40", "39.999"])
def test_awarded_within_max(value: str) -> None:
    assert pts(build("awarded", 40), Number(value)) == D(value)


@pytest.mark.parametrize(("value", "message"), [("40.01", "exceed"), ("-0.01", "negative")])
def test_awarded_outside_max_is_refused_not_clamped(value: str, message: str) -> None:
    with pytest.raises(AnswerError, match=message):
        build("awarded", 40).score(Number(value))


# ----------------------------------------------------------------- tracked (F6)


def test_tracked_is_kept_not_scored() -> None:
    m = build("tracked", 0)
    assert pts(m, Number(15763)) == 0
    assert pts(m, Flag(True)) == 0


# -------------------------------------------------- wrong kind of answer


@pytest.mark.parametrize(("kind", "params", "value"), [
    ("yes_no", {}, Number(1)),
    ("levels", {"levels": HEAD_OF_BOARD}, Flag(True)),
    ("steps", {"steps": MEETINGS}, Ratio(1, 2)),
    ("ratio", {}, Number(1)),
    ("parts", {"parts": HALVES}, Choice("du_hop")),
    ("awarded", {}, Flag(True)),
    ("relative_to_best", {}, NotApplicable()),
])
def test_wrong_type_of_answer_is_refused(kind: str, params: dict[str, Any], value: Any) -> None:
    m = build(kind, 20, **params)
    assert not isinstance(value, m.accepts)
    with pytest.raises(AnswerError, match="expects"):
        m.score(value, D(1))


# ------------------------------------------------------------ bad parameters


@pytest.mark.parametrize(("kind", "max_points", "params", "message"), [
    ("levels", 10, {}, "non-empty list"),
    ("levels", 10, {"levels": [{"label": "x"}]}, "needs a 'key'"),
    ("levels", 10, {"levels": [{"key": "a", "fraction": "3/2"}]}, "outside"),
    ("levels", 10, {"levels": [{"key": "a", "fraction": "1"}, {"key": "a", "fraction": "0"}]},
     "twice"),
    ("levels", 10, {"levels": [{"key": "a", "fraction": 0.5}]}, "float"),
    ("steps", 20, {"steps": []}, "non-empty"),
    ("steps", 20, {"steps": [{"at_least": "1", "points": "10"}, {"at_least": "2",
                                                                 "points": "5"}]},
     "not monotonic"),
    ("steps", 20, {"steps": [{"at_least": "1", "points": "5"}, {"at_least": "1",
                                                                "points": "10"}]},
     "two steps"),
    ("steps", 20, {"steps": [{"at_least": "1", "points": "25"}]}, "outside"),
    ("steps", 20, {"steps": [{"points": "5"}]}, "needs at_least"),
    ("ratio", 20, {"when_b_zero": "half"}, "when_b_zero"),
    ("threshold_ratio", 20, {}, "target"),
    ("threshold_ratio", 20, {"target": "0"}, "(0, 1]"),
    ("threshold_ratio", 20, {"target": "1.2"}, "(0, 1]"),
    ("threshold_ratio", 20, {"target": "0.8", "below": "linear"}, "below"),
    ("parts", 10, {"parts": [{"key": "a", "points": "-1"}]}, "outside [0, 10]"),
    ("parts", 10, {}, "non-empty"),
    ("tracked", 5, {}, "must be 0"),
])
def test_bad_parameters_are_refused(kind: str, max_points: int, params: dict[str, Any],
                                    message: str) -> None:
    with pytest.raises(MethodParamsError) as info:
        build(kind, max_points, **params)
    assert message in str(info.value)


@pytest.mark.parametrize(("items", "problems"), [
    ([{"label": "x"}], ["{kind}: item 1 needs a 'key'"]),
    (["a"], ["{kind}: item 1 needs a 'key'"]),
    ([{"key": "a"}], ["{kind}: item 'a' needs 'points' or 'fraction'"]),
    ([{"key": "a", "points": "nhiều"}], ["{kind}: item 'a': "]),
    ([{"key": "a", "points": "-1"}], ["{kind}: item 'a' gives -1, outside [0, 10]"]),
    ([{"key": "a", "fraction": "3/2"}], ["{kind}: item 'a' gives 15.0, outside [0, 10]"]),
    ([{"key": "a", "points": "11"}], ["{kind}: item 'a' gives 11, outside [0, 10]"]),
    ([{"key": "a", "points": "1"}, {"key": "a", "points": "2"}],
     ["{kind}: item 'a' appears twice"]),
    ([{"key": "a"}, {"key": "b", "points": "-2"}, {"label": "c"}],
     ["{kind}: item 'a' needs 'points' or 'fraction'",
      "{kind}: item 'b' gives -2, outside [0, 10]", "{kind}: item 3 needs a 'key'"]),
])
def test_levels_and_parts_parse_their_items_alike(items: list[Any], problems: list[str]) -> None:
    """One parser for the two keyed lists: the same bad items give the same
    problems, in order, each naming its method's kind."""
    for kind, name in (("levels", "levels"), ("parts", "parts")):
        with pytest.raises(MethodParamsError) as info:
            build(kind, 10, **{name: items})
        said = str(info.value)
        expected = [p.format(kind=kind) for p in problems]
        positions = [said.find(p) for p in expected]
        assert all(i >= 0 for i in positions), (said, expected)
        assert positions == sorted(positions), said


def test_levels_and_parts_read_good_items_alike() -> None:
    items = [{"key": "a", "label": "Đủ", "points": "10"}, {"key": "b", "fraction": "1/2"},
             {"key": "c", "points": "0"}]
    levels = build("levels", 10, levels=items)
    parts = build("parts", 10, parts=items)
    assert levels.choices() == parts.choices() == (("a", "Đủ"), ("b", "b"), ("c", "c"))
    assert [levels.score(Choice(k)).points for k in "abc"] == [D(10), D(5), D(0)]
    assert [parts.score(Parts({k})).points for k in "abc"] == [D(10), D(5), D(0)]


def test_unknown_method_kind() -> None:
    with pytest.raises(KeyError, match="unknown method 'khao_sat'"):
        build("khao_sat", 10)


def test_every_builtin_family_is_registered() -> None:
    assert sorted(BUILTIN_REGISTRY) == sorted([
        "yes_no", "levels", "steps", "ratio", "threshold_ratio", "parts",
        "relative_to_best", "awarded", "tracked"])
    for kind in BUILTIN_REGISTRY:
        cls = BUILTIN_REGISTRY[kind]
        assert cls.title and cls.accepts


# ------------------------------------------------- column kernels equal score


def _oracle(method: Method, value: Any, best: Decimal | None, places: int) -> int | None:
    """``score``'s points rounded half-up at ``places``, as a fixed-point integer,
    in exact fractions (None: ``score`` refuses the value)."""
    from fractions import Fraction
    from math import floor

    try:
        points = method.score(value, best).points
    except AnswerError:
        return None
    return floor(Fraction(points) * 10**places + Fraction(1, 2))


def _kernel_values(kind: str, leaf: Any, places: int) -> Any:
    from hypothesis import strategies as st

    from dtikit.testing.strategies import values_for

    given = values_for(leaf, places=places)  # with ratios whose points end on a half
    if kind in ("ratio", "threshold_ratio"):  # large counts, b = 0, a > b, fractions
        counts = st.integers(0, 2**31 + 5).map(Decimal)
        return st.one_of(given, st.builds(Ratio, counts, counts),
                         st.builds(Ratio, st.integers(0, 9), st.integers(0, 9)),
                         st.builds(Ratio, st.sampled_from(("0.5", "2.25")), st.just("3")))
    if kind == "relative_to_best":
        return st.one_of(given, st.integers(0, 2**31 + 5).map(Number))
    if kind in ("awarded", "steps"):  # negative, over the maximum, between the steps
        return st.one_of(given, st.decimals(-3, 1500, places=3).map(Number))
    return given


def test_every_builtin_kernel_equals_its_methods_score() -> None:
    """For every built-in family, any parameters, maximum, answers, best and
    rounding: the column kernel (where the method gives one) is ``score``
    rounded half-up, or it leaves the column to ``score``; it never takes a
    column ``score`` would refuse."""
    from budget import examples
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from dtikit import Indicator
    from dtikit.methods import BUILTIN_METHODS
    from dtikit.testing.strategies import method_specs

    @st.composite
    def cases(draw: st.DrawFn) -> tuple[Method, list[Any], Decimal | None, int]:
        kind = draw(st.sampled_from([m.kind for m in BUILTIN_METHODS]))
        places = draw(st.integers(0, 3))
        mx = Decimal(0) if kind == "tracked" else draw(st.one_of(
            st.integers(1, 1000).map(Decimal), st.sampled_from(
                [Decimal("0.25"), Decimal("12.5"), Decimal("1.75"), Decimal("333.333")])))
        spec = draw(method_specs(mx, kind))
        leaf = Indicator("1.1", "Chỉ số", mx, method=spec)
        # half the columns plainly valid (whole counts a <= b), so that each kernel
        # is taken often: one odd value anywhere makes a kernel leave its column
        plain = st.builds(lambda b, a: Ratio(min(a, b), b), st.integers(1, 10**6),
                          st.integers(0, 10**6))
        valid = kind in ("ratio", "threshold_ratio") and draw(st.booleans())
        values = draw(st.lists(plain if valid else _kernel_values(kind, leaf, places),
                               min_size=1, max_size=8))
        best = None
        if kind == "relative_to_best":
            best = draw(st.one_of(st.integers(0, 2**31 + 5).map(Decimal),
                                  st.decimals(0, 600, places=2)))
        return BUILTIN_REGISTRY.build(spec, mx), values, best, places

    seen: set[str] = set()

    @settings(max_examples=examples(400))
    @given(cases())
    def check(case: tuple[Method, list[Any], Decimal | None, int]) -> None:
        method, values, best, places = case
        got = method.fixed_points(values, best, places)
        if got is None:
            return
        seen.add(method.kind)
        want = [_oracle(method, v, best, places) for v in values]
        assert None not in want, (values, list(got))
        assert [int(p) for p in got] == want

    check()
    # the kernels were exercised (not only declined)
    assert {"ratio", "threshold_ratio", "relative_to_best", "awarded", "steps"} <= seen


def test_an_inherited_kernel_is_not_used_once_the_rule_is_rewritten() -> None:
    """A plugin method that subclasses a built-in and rewrites ``score`` (or
    ``raw_value``) gets its columns scored by its own rule: the parent's kernel,
    written for the parent's rule, is not used; one that rewrites the kernel too is."""
    from dtikit.methods.base import Outcome
    from dtikit.methods.builtin import RatioTimesMax, RelativeToBest

    class Stricter(RelativeToBest):
        def score(self, value: Any, best: Decimal | None = None) -> Outcome:
            return super().score(value, best)

    class StricterWithKernel(Stricter):
        def fixed_points(self, values: Any, best: Decimal | None, places: int) -> Any:
            return None

    class RatioRule(RatioTimesMax):
        def raw_value(self, value: Any) -> Decimal:
            return Decimal(0)

    mx = Decimal(10)
    assert RelativeToBest({}, mx).kernel_is_own()
    assert not Stricter({}, mx).kernel_is_own()
    assert StricterWithKernel({}, mx).kernel_is_own()
    assert RatioTimesMax({}, mx).kernel_is_own("ratio_points")
    assert not RatioRule({}, mx).kernel_is_own("ratio_points")


# ------------------------------------------- a method's quick test of an answer


_QUICK = [
    ("yes_no", 10, {}),
    ("levels", 10, {"levels": [{"key": "a", "label": "A", "fraction": "1"},
                               {"key": "b", "label": "B", "fraction": "0.5"}]}),
    ("steps", 10, {"steps": [{"at_least": 1, "points": 5}, {"at_least": 3, "points": 10}]}),
    ("ratio", 10, {}),
    ("ratio", 10, {"when_b_zero": "not_applicable"}),
    ("threshold_ratio", 10, {"target": "0.8"}),
    ("parts", 10, {"parts": [{"key": "x", "points": 4}, {"key": "y", "points": 6}]}),
    ("relative_to_best", 10, {}),
    ("awarded", 10, {}),
    ("tracked", 0, {}),
]
_numbers = st.decimals(min_value=-20, max_value=20, places=3)
_any_value = st.one_of(
    _numbers.map(Number),
    st.tuples(_numbers, _numbers).map(lambda ab: Ratio(*ab)),
    st.booleans().map(Flag),
    st.sampled_from(["a", "b", "A", "z"]).map(Choice),
    st.sets(st.sampled_from(["x", "y", "z"])).map(Parts),
)


@pytest.mark.parametrize("case", _QUICK, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(_QUICK)])
@given(value=_any_value, best=st.sampled_from([None, D(0), D(7), D(25)]))
def test_a_plainly_accepted_answer_is_one_the_method_takes(
        case: tuple[str, int, dict[str, Any]], value: Any, best: Decimal | None) -> None:
    """Method.plainly_accepts is a sufficient test: what it passes, score (and
    raw_value) take without an error, within [0, max] — the readers skip the call
    for it, so a looser quick test would let a bad answer in."""
    kind, max_points, params = case
    method = build(kind, max_points, **params)
    if not method.plainly_accepts(value):
        return
    if method.uses_cohort:
        raw = method.raw_value(value)
        best = max(best or D(0), raw)
    points = method.score(value, best).points
    assert D(0) <= points <= method.max


@pytest.mark.parametrize("kind, max_points, params, value", [
    ("yes_no", 10, {}, Flag(True)),
    ("levels", 10, _QUICK[1][2], Choice("b")),
    ("steps", 10, _QUICK[2][2], Number(D(2))),
    ("ratio", 10, {}, Ratio(1, 3)),
    ("threshold_ratio", 10, {"target": "0.8"}, Ratio(1, 3)),
    ("parts", 10, _QUICK[6][2], Parts({"x"})),
    ("relative_to_best", 10, {}, Number(D("2.5"))),
    ("awarded", 10, {}, Number(D(10))),
    ("tracked", 0, {}, Number(D(3))),
])
def test_each_family_plainly_accepts_its_plain_answers(kind: str, max_points: int,
                                                        params: dict[str, Any],
                                                        value: Any) -> None:
    """The quick test is not vacuous: each family's plain answer passes it."""
    assert build(kind, max_points, **params).plainly_accepts(value)
    assert not build(kind, max_points, **params).plainly_accepts(NotApplicable())


# ------------------------------------------------- the figures of a rule's text

_COUNTS = st.integers(min_value=0, max_value=10_000)
_MAX = st.sampled_from(["1", "1.75", "2.5", "10", "12.345", "20"])


def _at_4(value: Decimal) -> str:
    return format_vi(value, 4)


@given(_COUNTS, _COUNTS, _MAX, st.sampled_from(["0.5", "0.8", "1", "0.333"]))
@settings(max_examples=300, deadline=None)
def test_ratio_rules_show_each_figure_as_format_vi(a: int, extra: int, mx: str,
                                                   target: str) -> None:
    """Every figure of a ratio method's rule is :func:`format_vi` at 4 places of
    the exact figure (the ratio, the maximum, the target, the points)."""
    b = a + extra
    if b == 0:
        return
    ratio, m = D(a) / D(b), D(mx)
    f = _at_4
    shown = f"Tỷ lệ = {a}/{b} = {f(ratio)}"
    out = build("ratio", mx).score(Ratio(a, b))
    assert out.rule == f"{shown}; điểm = {f(ratio)} × {f(m)} = {f(D(a) * m / D(b))}"
    t = D(target)
    out = build("threshold_ratio", mx, target=target).score(Ratio(a, b))
    if a >= t * b:
        assert out.rule == f"{shown} ≥ ngưỡng {f(t)} → {f(m)} điểm"
    else:
        assert out.rule == (f"{shown} < ngưỡng {f(t)}; điểm = {f(ratio)} / {f(t)} × {f(m)} = "
                            f"{f(D(a) * m / (D(b) * t))}")


@given(_COUNTS, _COUNTS, _MAX)
@settings(max_examples=200, deadline=None)
def test_relative_rules_show_each_figure_as_format_vi(v: int, extra: int, mx: str) -> None:
    best, m = D(v + extra), D(mx)
    out = build("relative_to_best", mx).score(Number(v), best)
    if best == 0:
        return
    f = _at_4
    assert out.rule == f"{f(D(v))} / cao nhất {f(best)} × {f(m)} = {f(D(v) * m / best)}"
