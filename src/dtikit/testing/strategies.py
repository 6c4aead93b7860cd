"""Hypothesis strategies for dtikit: random valid rubrics, answers, assessments, cohorts.

Install with ``pip install 'dtikit[testing]'`` (Hypothesis and pytest). A
province plugin proves its own methods and rubrics with them::

    from hypothesis import given
    from dtikit.testing.strategies import cohorts

    @given(cohorts(max_depth=2))
    def test_total_is_the_sum_of_its_parts(cohort):
        rubric, assessments = cohort
        ...

Every rubric :func:`rubrics` draws passes :func:`dtikit.validate_rubric`: a tree
of depth 1–3 whose parents add up their children (or cap the sum), leaves of
every built-in method family with valid parameters, optional N/A policies,
variants, conversions, workflow rules and classification bands that cover
[0, 100] (or [0, scale]) exactly, without gaps or overlaps. Numbers are
``Decimal`` or decimal strings, never floats.

What a valid answer is comes from :mod:`dtikit.testing.spec` (one definition,
also drawn from by seeded generators). dtikit's own property tests use these
strategies and nothing else; ``tests/test_strategies.py`` holds them to reach
every case those tests claim (every family, Không áp dụng, variants, each
exclusion, several parents, ties, roundings on a half).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any, Literal, TypeVar

import attrs

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "dtikit.testing.strategies needs Hypothesis: pip install 'dtikit[testing]'"
    ) from exc

from ..assessment import (
    Answer,
    Appraisal,
    Assessment,
    Choice,
    Evidence,
    Flag,
    NotApplicable,
    Number,
    Parts,
    Ratio,
    Unit,
    Value,
)
from ..model import (
    Band,
    Classification,
    Conversion,
    Indicator,
    MethodSpec,
    Provenance,
    Rounding,
    Rubric,
    Source,
    Tier,
    Variant,
    Workflow,
)
from ..numbers import HUNDRED, ZERO
from .spec import AGENCIES, FAMILIES, Chooser, na_allowed, value_for

T = TypeVar("T")

__all__ = [
    "AGENCIES",
    "FAMILIES",
    "answers_for",
    "assessments",
    "bands",
    "cohorts",
    "method_specs",
    "na_allowed",
    "rubrics",
    "suspect_values",
    "values_for",
]

_NAMES = (
    "Nhận thức số",
    "Thể chế số",
    "Hạ tầng số",
    "Nhân lực số",
    "An toàn thông tin mạng",
    "Hoạt động chính quyền số",
    "Hoạt động kinh tế số",
    "Hoạt động xã hội số",
    "Ban chỉ đạo họp trong năm",
    "Tỷ lệ hồ sơ trực tuyến",
    "Có chuyên mục chuyển đổi số",
    "Người đứng đầu là Trưởng ban",
)
_BAND_LABELS = ("Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu", "Kém")
_FRACTIONS = ("0", "1/4", "1/5", "3/8", "1/2", "3/5", "5/8", "3/4", "1")  # exact decimals only
_ROMAN = ("I", "II", "III", "IV")


def _d(x: Decimal) -> str:
    """A Decimal as the plain string a rubric file holds."""
    return f"{x}"


# ----------------------------------------------------------------- maxima


def _maxima(places: int = 2) -> st.SearchStrategy[Decimal]:
    """Leaf maxima: mostly whole points, sometimes halves and quarters (as far as
    the rubric's rounding ``places`` can show them: a maximum is always shown exactly)."""
    options = [st.integers(1, 40).map(Decimal)]
    if places >= 1:
        options.append(st.integers(1, 80).map(lambda n: Decimal(n) / 2))
    if places >= 2:  # quarters, and odd hundredths: a ratio of them lands on x.xx5
        options.append(st.integers(1, 40).map(lambda n: Decimal(n) / 4))
        options.append(st.sampled_from([Decimal(x) for x in ("0.03", "0.75", "1.75", "12.25",
                                                             "33", "0.07")]))
    return st.one_of(*options)


# ---------------------------------------------------------------- methods


@st.composite
def method_specs(draw: st.DrawFn, max_points: Decimal, kind: str | None = None) -> MethodSpec:
    """A valid :class:`MethodSpec` of ``kind`` (any family when ``None``) for a leaf
    worth ``max_points``. Parameters are plain data (decimal strings), as in a rubric file."""
    family = kind or draw(st.sampled_from([f for f in FAMILIES if f != "tracked"]))
    m = max_points
    if family in ("yes_no", "awarded", "relative_to_best", "tracked"):
        params: dict[str, Any] = {}
        if family == "relative_to_best":
            params["value"] = "Số tài khoản trên 1000 dân"
        return MethodSpec(family, params)
    if family in ("levels", "parts"):  # each a fraction of the maximum or points within it
        key, label, fractions = (("muc", "Mức", _FRACTIONS) if family == "levels"
                                 else ("phan", "Phần", _FRACTIONS[1:]))
        items = []
        for i in range(draw(st.integers(1, 4))):
            item = {"key": f"{key}{i}", "label": f"{label} {i}"}
            if draw(st.booleans()):
                item["fraction"] = draw(st.sampled_from(fractions))
            else:
                item["points"] = _d(draw(st.integers(0, 100)) * m / 100)
            items.append(item)
        return MethodSpec(family, {family: items})
    if family == "steps":
        ats = sorted(draw(st.sets(st.integers(0, 12), min_size=1, max_size=5)))
        raw = sorted(draw(st.lists(st.integers(0, 100), min_size=len(ats), max_size=len(ats))))
        steps = [{"at_least": str(a), "points": _d(p * m / 100)} for a, p in zip(ats, raw)]
        order = draw(st.permutations(range(len(steps))))  # files need not list steps in order
        return MethodSpec("steps", {"unit": "cuộc họp", "steps": [steps[i] for i in order]})
    if family in ("ratio", "threshold_ratio"):
        params = {"a": "Số hồ sơ trực tuyến", "b": "Tổng số hồ sơ",
                  "when_b_zero": draw(st.sampled_from(("zero", "full", "not_applicable")))}
        if family == "threshold_ratio":
            params["target"] = draw(st.sampled_from(("0.5", "0.8", "0.9", "1", "3/8")))
            params["below"] = draw(st.sampled_from(("proportional", "zero")))
        return MethodSpec(family, params)
    raise ValueError(f"no strategy for method family {family!r}")


# ------------------------------------------------------------------ bands


@st.composite
def bands(draw: st.DrawFn, top: Decimal = HUNDRED, *, min_bands: int = 1,
          max_bands: int = 5) -> tuple[Band, ...]:
    """Bands that cover [0, ``top``] exactly: every boundary belongs to exactly one
    band (inclusive on one side, exclusive on the other), ends open or closed.
    Listed highest first, as decisions print them."""
    n = draw(st.integers(min_bands, max_bands))
    steps = int(top * 4)  # cut points on a quarter grid inside (0, top)
    n = max(1, min(n, steps))  # at most steps - 1 cut points fit inside
    cuts = sorted(draw(st.sets(st.integers(1, max(1, steps - 1)), min_size=n - 1,
                               max_size=n - 1))) if n > 1 else []
    points = [Decimal(c) / 4 for c in cuts]
    labels = list(_BAND_LABELS[-n:]) if n <= len(_BAND_LABELS) else [f"Nhóm {i}" for i in range(n)]
    out: list[Band] = []
    lower_incl = True
    for i in range(n):
        lower: Decimal | None
        if i == 0:
            lower = None if draw(st.booleans()) else ZERO
            lower_incl = True
        else:
            lower = points[i - 1]
        if i == n - 1:
            upper = None if draw(st.booleans()) else top
            upper_incl = True
        else:
            upper = points[i]
            upper_incl = draw(st.booleans())
        out.append(Band(labels[n - 1 - i], lower, lower_incl, upper, upper_incl))
        lower_incl = not upper_incl
    return tuple(reversed(out))


# ------------------------------------------------------------------- tree


Shape = Literal["capped", "spare"] | None


def _shapes(draw: st.DrawFn, depth: int, max_depth: int, caps: bool,
            na_overrides: bool) -> list[Shape]:
    """The shapes of a parent's 1–3 children (at ``depth + 1``): any (``None``),
    or now and then a capped parent beside one or two leaves whose share is
    redistributed when they are not applicable — the share grows the capped
    parent, its cap with it, and its grown children may pass its grown cap
    (where an engine that forgot to cap a grown parent would show)."""
    if caps and na_overrides and depth < max_depth - 2 and draw(st.booleans()):
        capped: Shape = "capped"
        spare: Shape = "spare"
        return [capped, *[spare] * draw(st.integers(1, 2)), *[None] * draw(st.integers(0, 1))]
    return [None] * draw(st.integers(1, 3))


@st.composite
def _node(draw: st.DrawFn, code: str, depth: int, max_depth: int, levels: Sequence[str],
          families: Sequence[str], parent: str | None, caps: bool, na_overrides: bool,
          appraisers: bool, places: int, shape: Shape = None) -> Indicator:
    level = levels[min(depth, len(levels) - 1)]
    common: dict[str, Any] = {
        "code": code,
        "name": draw(st.sampled_from(_NAMES)),
        "level": level,
        "parent": parent,
        "provenance": Provenance(draw(st.sampled_from(("confirmed", "inferred", "unknown"))),
                                 "0000/QĐ-TEST", None, code, None),
    }
    if appraisers and draw(st.integers(0, 3)) > 0:
        common["appraiser"] = draw(st.sampled_from(AGENCIES))
    if shape == "spare":  # its share goes to its siblings when it is not applicable
        common["not_applicable"] = "redistribute"
    elif na_overrides and draw(st.integers(0, 3)) == 0:
        common["not_applicable"] = draw(st.sampled_from(("forbid", "remove", "redistribute")))
    is_parent = shape == "capped" or (
        shape is None and depth < max_depth - 1 and draw(st.integers(0, 2)) > 0)
    if not is_parent:
        kind = draw(st.sampled_from(list(families)))
        if kind == "tracked" or (kind in ("yes_no", "awarded") and draw(st.integers(0, 15)) == 0):
            m = ZERO  # kept, or worth nothing this year
        else:
            m = draw(_maxima(places))
        return Indicator(max=m, method=draw(method_specs(m, kind)), **common)
    children = [
        draw(_node(f"{code}.{i}", depth + 1, max_depth, levels, families, None, caps,
                   na_overrides, appraisers, places, kind))
        for i, kind in enumerate(_shapes(draw, depth, max_depth, caps, na_overrides), start=1)
    ]
    total = sum((c.max for c in children), ZERO)
    cap = total > 0 and (shape == "capped" or (caps and draw(st.integers(0, 3)) == 0))
    m = total
    if cap:  # a capped maximum at or below the children's sum, shown exactly at `places`
        cut = draw(st.integers(25 if shape == "capped" else 0, 100))
        m = (total - cut * total / 100).quantize(Decimal(1).scaleb(-places),
                                                 rounding=ROUND_DOWN)
    return Indicator(max=m, children=children, cap=cap, **common)


@st.composite
def rubrics(
    draw: st.DrawFn,
    *,
    min_depth: int = 1,
    max_depth: int = 3,
    families: Sequence[str] = FAMILIES,
    pillars: bool | None = None,
    caps: bool = True,
    not_applicable: bool | Literal["remove", "redistribute"] = True,
    variants: bool = True,
    classification: bool | None = None,
    workflow: bool = True,
    conversions: bool = True,
    appraisers: bool = True,
) -> Rubric:
    """A random rubric that passes validation.

    ``max_depth`` bounds the tree's depth (1 = every top-level node is a leaf);
    ``families`` the method families of the leaves; ``pillars`` puts the tree
    under roman-numbered pillars whose children name them with ``parent``
    (Hải Dương's shape; ``None`` = sometimes); ``caps`` allows capped parents;
    ``not_applicable`` draws N/A policies (rubric default and per-node
    overrides; off = everything ``forbid``; ``"remove"`` or ``"redistribute"``:
    the rubric's default, with overrides drawn); ``variants`` a variant that removes
    some indicators; ``classification`` bands on percent or points (``None`` =
    sometimes); ``workflow`` a deadline, late rule, appraisal rule and ranking
    scope; ``conversions`` a declared conversion (× 11 / 100).
    """
    depth = draw(st.integers(min_depth, max_depth))
    places = draw(st.sampled_from((2, 2, 2, 0, 1, 3)))
    use_pillars = draw(st.booleans()) if pillars is None else pillars
    tops: list[Indicator] = []
    levels: tuple[str, ...]
    if use_pillars and depth >= 2:
        levels = ("pillar", "main", "sub", "criterion")
        number = 0
        for p in range(draw(st.integers(1, 3))):
            pcode = _ROMAN[p]
            kids = []
            for shape in _shapes(draw, 0, depth, caps, bool(not_applicable)):
                number += 1
                kids.append(draw(_node(str(number), 1, depth, levels, families, pcode, caps,
                                       bool(not_applicable), appraisers, places, shape)))
            total = sum((k.max for k in kids), ZERO)
            tops.append(Indicator(code=pcode, name=f"Trụ cột {pcode}", level="pillar",
                                  max=total, children=kids))
    else:
        levels = ("main", "sub", "criterion")
        for i in range(1, draw(st.integers(1, 4)) + 1):
            tops.append(draw(_node(str(i), 0, depth, levels, families, None, caps,
                                   bool(not_applicable), appraisers, places)))
    scale = sum((t.max for t in tops), ZERO)
    if scale <= 0:  # every leaf was tracked: add one that scores
        code = str(len(tops) + 1) if not use_pillars or depth < 2 else "Z"
        tops.append(Indicator(code=code, name="Có chuyên mục chuyển đổi số",
                              level=levels[0], max=Decimal(10),
                              method=MethodSpec("yes_no", {})))
        scale += 10

    all_codes = [n.code for t in tops for n in t.walk()]
    default_na = (not_applicable if isinstance(not_applicable, str)
                  else draw(st.sampled_from(("forbid", "remove", "redistribute")))
                  if not_applicable else "forbid")
    if not not_applicable:
        def strip(node: Indicator) -> Indicator:
            return attrs.evolve(node, not_applicable=None,
                                children=[strip(c) for c in node.children])
        tops = [strip(t) for t in tops]

    wf = Workflow(not_applicable=default_na)  # type: ignore[arg-type]
    if workflow and draw(st.integers(0, 3)) > 0:
        wf = Workflow(
            deadline=draw(st.sampled_from((None, *[date(2024, 11, 5)] * 3))),
            late=draw(st.sampled_from(("exclude", "flag"))),
            require_appraisal=draw(st.booleans()),
            ranking_scope=draw(st.sampled_from(("cohort", "parent"))),
            not_applicable=default_na,  # type: ignore[arg-type]
            provenance=Provenance("inferred", None, None, None, "dtikit.testing"),
        )
    variant_list: list[Variant] = []
    if variants and draw(st.booleans()):
        removed = draw(st.lists(st.sampled_from(all_codes), min_size=1, max_size=2, unique=True))
        variant_list.append(Variant("rut_gon", "Đơn vị không có thủ tục hành chính", removed))
    cls = None
    want_cls = draw(st.booleans()) if classification is None else classification
    if want_cls:
        basis: Literal["percent", "points"] = draw(st.sampled_from(("percent", "points")))
        top = HUNDRED if basis == "percent" else scale
        cls = Classification(basis, draw(bands(top)),
                             Provenance("inferred", None, None, None, "dtikit.testing"))
    conv: list[Conversion] = []
    if conversions and draw(st.booleans()):
        conv.append(Conversion("cchc", "Điểm CCHC", "11", "100", 2))
    tier = draw(st.sampled_from(("department", "district", "commune")))
    year = draw(st.integers(2022, 2025))
    return Rubric(
        id=f"mau/{tier}/{year}",
        province="mau",
        province_name="Tỉnh Mẫu",
        tier=Tier.of(tier),
        year=year,
        title="Bộ chỉ số sinh ngẫu nhiên (dtikit.testing)",
        scale=scale,
        source=Source("0000/QĐ-TEST", date(2022, 12, 29), "dtikit.testing", None,
                      "Không phải văn bản thật"),
        indicators=tops,
        status="complete",
        rounding=Rounding(places),
        classification=cls,
        workflow=wf,
        variants=variant_list,
        conversions=conv,
    )


# ---------------------------------------------------------------- answers


ValueStrategy = Callable[[Indicator], "st.SearchStrategy[Value]"]


class _Draw:
    """The :class:`~dtikit.testing.spec.Chooser` of a Hypothesis ``draw``: every
    choice is a Hypothesis draw, so a failing example shrinks."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw

    def integer(self, lo: int, hi: int) -> int:
        return self.draw(st.integers(lo, hi))

    def choice(self, options: Sequence[T]) -> T:
        return self.draw(st.sampled_from(options))

    def subset(self, options: Sequence[str]) -> frozenset[str]:
        return frozenset(self.draw(st.sets(st.sampled_from(options)))) if options \
            else frozenset()

    def decimal(self, lo: Decimal, hi: Decimal, places: int) -> Decimal:
        step = Decimal(10) ** places
        return Decimal(self.draw(st.integers(int(lo * step), int(hi * step)))) / step


def _chooser(draw: st.DrawFn) -> Chooser:
    return _Draw(draw)


@st.composite
def _builtin_value(draw: st.DrawFn, leaf: Indicator, places: int | None) -> Value:
    return value_for(leaf, _chooser(draw), places=places)


def values_for(
    leaf: Indicator, *, extra: Mapping[str, ValueStrategy] | None = None,
    places: int | None = None,
) -> st.SearchStrategy[Value]:
    """A valid answer value for ``leaf`` under its method (never Không áp dụng),
    as :func:`dtikit.testing.spec.value_for` defines it for the built-in
    families (with the values at rounding edges; ``places``, the rubric's
    rounding, adds ratios whose points end exactly on a half there).

    ``extra`` maps a plugin's own method kinds to a function ``leaf -> strategy``.
    """
    spec = leaf.method
    if spec is None:
        raise ValueError(f"indicator {leaf.code} is not a leaf")
    if extra and spec.kind in extra:
        return extra[spec.kind](leaf)
    if spec.kind not in FAMILIES:
        raise ValueError(f"no value strategy for method {spec.kind!r}; "
                         f"pass extra={{{spec.kind!r}: ...}}")
    return _builtin_value(leaf, places)


def suspect_values(leaf: Indicator) -> st.SearchStrategy[Value]:
    """Values most methods refuse for ``leaf``: the wrong kind, negative, above
    the maximum, ``a > b``, ``0 of 0``, an unknown key. Whether ``leaf``'s
    method refuses the one drawn is for the method to say (a yes/no leaf takes
    ``Có``): a test compares what is reported with its oracle."""
    return st.sampled_from([Flag(True), Choice("khong_co_muc_nay"), Number(-1), Ratio(5, 3),
                            Number(leaf.max + 1), _parts({"khong_co_phan_nay"}), Ratio(0, 0)])


def _parts(done: set[str]) -> Value:
    keys: Any = frozenset(done)
    return Parts(keys)


def _evidence() -> st.SearchStrategy[Evidence]:
    return st.builds(
        Evidence,
        number=st.sampled_from(("102/TTr-VHTT", "15/KH-UBND", "3047/QĐ-UBND")),
        date=st.dates(date(2023, 1, 1), date(2024, 12, 31)),
        issuer=st.sampled_from(("UBND xã", "Phòng Văn hóa và Thông tin")),
        file_name=st.sampled_from(("ke_hoach.pdf", "bao_cao.pdf")),
        sha256=st.none() | st.text("0123456789abcdef", min_size=64, max_size=64),
    )


@st.composite
def answers_for(
    draw: st.DrawFn,
    rubric: Rubric,
    *,
    complete: bool = True,
    na: bool = True,
    evidence: bool = True,
    codes: Sequence[str] | None = None,
    extra: Mapping[str, ValueStrategy] | None = None,
    invalid: bool = False,
    shuffle: bool = True,
) -> tuple[Answer, ...]:
    """Self-assessment answers for the leaves of ``rubric`` (or ``codes``).

    ``complete``: every leaf answered (else some are left out, and some have
    no value — not yet answered either way); ``na``: Không áp dụng where the
    rubric's policy allows it; ``evidence``: evidence, an explanation, or
    neither (the three cases the findings tell apart); ``invalid``: now and
    then a :func:`suspect_values` value, or Không áp dụng where the policy
    forbids it (answers a valid cohort never holds); ``shuffle``: the answers
    in any order (else in the rubric's).
    """
    leaves = [n for n in rubric.leaves() if codes is None or n.code in codes]
    out: list[Answer] = []
    for leaf in leaves:
        value: Value | None
        if not complete:
            roll = draw(st.integers(0, 9))
            if roll == 0:
                continue  # not answered: the code is absent
            blank = roll == 1
        else:
            blank = False
        if blank:
            value = None  # not answered: a row with no value (evidence may be there)
        elif na and (na_allowed(rubric, leaf.code) or invalid) and draw(st.integers(0, 3)) <= (
                rubric.na_policy(leaf.code) == "redistribute"):  # a share moves: more often
            value = NotApplicable()
        elif invalid and draw(st.integers(0, 9)) == 0:
            value = draw(suspect_values(leaf))
        else:
            value = draw(values_for(leaf, extra=extra, places=rubric.rounding.places))
        ev: tuple[Evidence, ...] = ()
        explanation = None
        if evidence:
            pick = draw(st.integers(0, 3))
            if pick <= 1:
                ev = (draw(_evidence()),)
            elif pick == 2:
                explanation = "Đơn vị không ban hành văn bản trong kỳ"
        out.append(Answer(leaf.code, value, ev, explanation))
    if shuffle and len(out) > 1 and draw(st.booleans()):
        out = list(draw(st.permutations(out)))
    return tuple(out)


#: Unit names whose order tests the Vietnamese name key (tone marks, Đ after D).
_UNIT_NAMES = ("An Bình", "Ân Thi", "Bình Minh", "Đông Kết", "Dương Quang", "Ê Đê")
#: Parents of units (several, so a ranking by parent has groups; None: no parent given).
PARENTS: tuple[str | None, ...] = ("Huyện Tứ Kỳ", "Thị xã Mỹ Hào", None)


@st.composite
def assessments(
    draw: st.DrawFn,
    rubric: Rubric,
    n: int | None = None,
    *,
    min_units: int = 1,
    max_units: int = 6,
    complete: bool = True,
    na: bool = True,
    evidence: bool = True,
    appraisals: bool = True,
    late: bool = True,
    variants: bool = True,
    ranked: bool = True,
    ties: bool = False,
    invalid: bool = False,
    extra: Mapping[str, ValueStrategy] | None = None,
) -> tuple[Assessment, ...]:
    """``n`` assessments (``min_units``–``max_units`` when ``n`` is None) of distinct
    units against ``rubric``: answers from :func:`answers_for`, appraisals by the
    assigned agencies (or not), submission dates around the deadline (``late``:
    some after it), the units of a variant, units of several parents, and
    units assessed but not ranked (``ranked=False`` allows it).

    ``ties``: some units copy an earlier unit's answers and appraisals (equal
    totals: a shared rank). ``invalid``: answers of :func:`answers_for` with
    ``invalid``, and now and then a unit assessed twice — a cohort the engine
    must refuse with the problems its oracle names."""
    count = n if n is not None else draw(st.integers(min_units, max_units))
    deadline = rubric.workflow.deadline or date(2024, 11, 5)
    leaves = list(rubric.leaves())
    out: list[Assessment] = []
    for i in range(count):
        variant = None
        if variants and rubric.variants and draw(st.integers(0, 2)) == 0:
            variant = draw(st.sampled_from([v.key for v in rubric.variants]))
        unit = Unit(f"UBND xã {draw(st.sampled_from(_UNIT_NAMES))} {i + 1:02d}",
                    f"xa-{i + 1:02d}", rubric.tier, draw(st.sampled_from(PARENTS)), variant)
        if ties and out and draw(st.integers(0, 2)) == 0:
            twin = out[draw(st.integers(0, len(out) - 1))]
            unit = attrs.evolve(unit, variant=twin.unit.variant)
            answers, apps = twin.answers, list(twin.appraisals)
        else:
            answers = draw(answers_for(rubric, complete=complete, na=na, evidence=evidence,
                                       extra=extra, invalid=invalid))
            apps = []
            if appraisals:
                for _ in range(draw(st.integers(0, 2))):
                    picked = draw(st.lists(st.sampled_from([x.code for x in leaves]),
                                           unique=True, max_size=len(leaves)))
                    if not picked:
                        continue
                    app_answers = draw(answers_for(rubric, complete=True, na=na,
                                                   evidence=False, codes=picked, extra=extra,
                                                   invalid=invalid))
                    apps.append(Appraisal(draw(st.sampled_from(AGENCIES)), app_answers,
                                          deadline + timedelta(days=3)))
        submitted = None
        if draw(st.integers(0, 3)) > 0:
            offset = draw(st.integers(-5, 3 if late else 0))
            submitted = deadline + timedelta(days=offset)
        is_ranked = True
        reason = None
        if not ranked and draw(st.integers(0, 4)) == 0:
            is_ranked, reason = False, "Không có dịch vụ công"
        out.append(Assessment(rubric.id, unit, answers, apps, submitted, is_ranked, reason))
    if invalid and draw(st.integers(0, 5)) == 0:
        out.append(out[0])  # assessed twice
    return tuple(out)


@st.composite
def cohorts(
    draw: st.DrawFn,
    /,
    *,
    min_units: int = 1,
    max_units: int = 6,
    complete: bool = True,
    na: bool = True,
    evidence: bool = True,
    appraisals: bool = True,
    late: bool = True,
    ranked: bool = True,
    ties: bool = False,
    invalid: bool = False,
    **rubric_options: Any,
) -> tuple[Rubric, tuple[Assessment, ...]]:
    """A rubric (``rubric_options`` go to :func:`rubrics`) and a cohort of its
    assessments (the other options go to :func:`assessments`)."""
    rubric = draw(rubrics(**rubric_options))
    units = draw(assessments(rubric, min_units=min_units, max_units=max_units,
                             complete=complete, na=na, evidence=evidence,
                             appraisals=appraisals, late=late, ranked=ranked, ties=ties,
                             invalid=invalid))
    return rubric, units
