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
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any, Literal

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

__all__ = [
    "AGENCIES",
    "FAMILIES",
    "answers_for",
    "assessments",
    "bands",
    "cohorts",
    "method_specs",
    "rubrics",
    "values_for",
]

#: Every built-in scoring-method family :func:`rubrics` draws leaves from.
FAMILIES: tuple[str, ...] = (
    "yes_no",
    "levels",
    "steps",
    "ratio",
    "threshold_ratio",
    "parts",
    "relative_to_best",
    "awarded",
    "tracked",
)

#: Appraising agencies used for ``Indicator.appraiser`` and for appraisals.
AGENCIES: tuple[str, ...] = (
    "Phòng Văn hóa và Thông tin",
    "Văn phòng HĐND và UBND",
    "Phòng Giáo dục và Đào tạo",
)

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
_FRACTIONS = ("0", "1/4", "1/5", "1/2", "3/5", "3/4", "1")  # exact decimals only
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
    if places >= 2:
        options.append(st.integers(1, 40).map(lambda n: Decimal(n) / 4))
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
    if family == "levels":
        n = draw(st.integers(1, 4))
        levels = []
        for i in range(n):
            if draw(st.booleans()):
                levels.append({"key": f"muc{i}", "label": f"Mức {i}",
                               "fraction": draw(st.sampled_from(_FRACTIONS))})
            else:
                pts = draw(st.integers(0, 100)) * m / 100
                levels.append({"key": f"muc{i}", "label": f"Mức {i}", "points": _d(pts)})
        return MethodSpec("levels", {"levels": levels})
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
    if family == "parts":
        n = draw(st.integers(1, 4))
        parts = []
        for i in range(n):
            if draw(st.booleans()):
                parts.append({"key": f"phan{i}", "label": f"Phần {i}",
                              "fraction": draw(st.sampled_from(_FRACTIONS[1:]))})
            else:
                pts = draw(st.integers(0, 100)) * m / 100
                parts.append({"key": f"phan{i}", "label": f"Phần {i}", "points": _d(pts)})
        return MethodSpec("parts", {"parts": parts})
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


@st.composite
def _node(draw: st.DrawFn, code: str, depth: int, max_depth: int, levels: Sequence[str],
          families: Sequence[str], parent: str | None, caps: bool, na_overrides: bool,
          appraisers: bool, places: int) -> Indicator:
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
    if na_overrides and draw(st.integers(0, 3)) == 0:
        common["not_applicable"] = draw(st.sampled_from(("forbid", "remove", "redistribute")))
    is_parent = depth < max_depth - 1 and draw(st.integers(0, 2)) > 0
    if not is_parent:
        kind = draw(st.sampled_from(list(families)))
        m = ZERO if kind == "tracked" else draw(_maxima(places))
        return Indicator(max=m, method=draw(method_specs(m, kind)), **common)
    n = draw(st.integers(1, 3))
    children = [
        draw(_node(f"{code}.{i}", depth + 1, max_depth, levels, families, None, caps,
                   na_overrides, appraisers, places))
        for i in range(1, n + 1)
    ]
    total = sum((c.max for c in children), ZERO)
    cap = caps and total > 0 and draw(st.integers(0, 3)) == 0
    m = total
    if cap:  # a capped maximum at or below the children's sum, shown exactly at `places`
        m = (total - draw(st.integers(0, 100)) * total / 100).quantize(
            Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
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
    not_applicable: bool = True,
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
    overrides; off = everything ``forbid``); ``variants`` a variant that removes
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
            for _ in range(draw(st.integers(1, 3))):
                number += 1
                kids.append(draw(_node(str(number), 1, depth, levels, families, pcode, caps,
                                       not_applicable, appraisers, places)))
            total = sum((k.max for k in kids), ZERO)
            tops.append(Indicator(code=pcode, name=f"Trụ cột {pcode}", level="pillar",
                                  max=total, children=kids))
    else:
        levels = ("main", "sub", "criterion")
        for i in range(1, draw(st.integers(1, 4)) + 1):
            tops.append(draw(_node(str(i), 0, depth, levels, families, None, caps,
                                   not_applicable, appraisers, places)))
    scale = sum((t.max for t in tops), ZERO)
    if scale <= 0:  # every leaf was tracked: add one that scores
        code = str(len(tops) + 1) if not use_pillars or depth < 2 else "Z"
        tops.append(Indicator(code=code, name="Có chuyên mục chuyển đổi số",
                              level=levels[0], max=Decimal(10),
                              method=MethodSpec("yes_no", {})))
        scale += 10

    all_codes = [n.code for t in tops for n in t.walk()]
    default_na = (draw(st.sampled_from(("forbid", "remove", "redistribute")))
                  if not_applicable else "forbid")
    if not not_applicable:
        def strip(node: Indicator) -> Indicator:
            import attrs

            return attrs.evolve(node, not_applicable=None,
                                children=[strip(c) for c in node.children])
        tops = [strip(t) for t in tops]

    wf = Workflow(not_applicable=default_na)  # type: ignore[arg-type]
    if workflow and draw(st.booleans()):
        wf = Workflow(
            deadline=draw(st.none() | st.just(date(2024, 11, 5))),
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


def _parts(done: set[str]) -> Value:
    keys: Any = frozenset(done)
    return Parts(keys)


def _param_list(spec: MethodSpec, name: str) -> list[Mapping[str, Any]]:
    raw = spec.params.get(name)
    return list(raw) if isinstance(raw, list) else []


def _decimals(lo: Decimal, hi: Decimal, places: int = 2) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=lo, max_value=hi, places=places, allow_nan=False,
                       allow_infinity=False)


def values_for(
    leaf: Indicator, *, extra: Mapping[str, ValueStrategy] | None = None
) -> st.SearchStrategy[Value]:
    """A valid answer value for ``leaf`` under its method (never Không áp dụng).

    ``extra`` maps a plugin's own method kinds to a function ``leaf -> strategy``.
    """
    spec = leaf.method
    if spec is None:
        raise ValueError(f"indicator {leaf.code} is not a leaf")
    if extra and spec.kind in extra:
        return extra[spec.kind](leaf)
    kind = spec.kind
    if kind == "yes_no":
        return st.builds(Flag, st.booleans())
    if kind == "levels":
        keys = [str(x["key"]) for x in _param_list(spec, "levels")]
        return st.sampled_from(keys).map(Choice)
    if kind == "steps":
        top = max((int(Decimal(str(s["at_least"]))) for s in _param_list(spec, "steps")),
                  default=0)
        return st.one_of(st.integers(0, top + 2).map(Number),
                         _decimals(ZERO, Decimal(top + 2)).map(Number))
    if kind in ("ratio", "threshold_ratio"):
        b_min = 1 if spec.params.get("when_b_zero") == "not_applicable" else 0
        return st.integers(b_min, 60).flatmap(
            lambda b: st.integers(0, b).map(lambda a: Ratio(a, b)))
    if kind == "parts":
        keys = [str(x["key"]) for x in _param_list(spec, "parts")]
        return st.sets(st.sampled_from(keys)).map(_parts)
    if kind == "relative_to_best":
        return st.one_of(st.integers(0, 500).map(Number), _decimals(ZERO, Decimal(500)).map(Number))
    if kind == "awarded":
        return _decimals(ZERO, leaf.max).map(Number)
    if kind == "tracked":
        return st.integers(0, 1000).map(Number)
    raise ValueError(f"no value strategy for method {kind!r}; pass extra={{{kind!r}: ...}}")


def _evidence() -> st.SearchStrategy[Evidence]:
    return st.builds(
        Evidence,
        number=st.sampled_from(("102/TTr-VHTT", "15/KH-UBND", "3047/QĐ-UBND")),
        date=st.dates(date(2023, 1, 1), date(2024, 12, 31)),
        issuer=st.sampled_from(("UBND xã", "Phòng Văn hóa và Thông tin")),
        file_name=st.sampled_from(("ke_hoach.pdf", "bao_cao.pdf")),
        sha256=st.none() | st.text("0123456789abcdef", min_size=64, max_size=64),
    )


def na_allowed(rubric: Rubric, code: str) -> bool:
    """Whether a Không áp dụng answer is accepted for ``code`` by the rubric's policy."""
    return rubric.na_policy(code) != "forbid"


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
) -> tuple[Answer, ...]:
    """Valid self-assessment answers for the leaves of ``rubric`` (or ``codes``).

    ``complete``: every leaf answered (else some are left out — not yet answered);
    ``na``: Không áp dụng where the rubric's policy allows it; ``evidence``:
    evidence, an explanation, or neither (the three cases the findings tell apart).
    """
    leaves = [n for n in rubric.leaves() if codes is None or n.code in codes]
    out: list[Answer] = []
    for leaf in leaves:
        if not complete and draw(st.integers(0, 4)) == 0:
            continue
        value: Value
        if na and na_allowed(rubric, leaf.code) and draw(st.integers(0, 3)) == 0:
            value = NotApplicable()
        else:
            value = draw(values_for(leaf, extra=extra))
        ev: tuple[Evidence, ...] = ()
        explanation = None
        if evidence:
            pick = draw(st.integers(0, 3))
            if pick <= 1:
                ev = (draw(_evidence()),)
            elif pick == 2:
                explanation = "Đơn vị không ban hành văn bản trong kỳ"
        out.append(Answer(leaf.code, value, ev, explanation))
    return tuple(out)


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
    extra: Mapping[str, ValueStrategy] | None = None,
) -> tuple[Assessment, ...]:
    """``n`` assessments (``min_units``–``max_units`` when ``n`` is None) of distinct
    units against ``rubric``: answers from :func:`answers_for`, appraisals by the
    assigned agencies (or not), submission dates around the deadline, the units
    of a variant, and units assessed but not ranked (``ranked=False`` allows it)."""
    count = n if n is not None else draw(st.integers(min_units, max_units))
    deadline = rubric.workflow.deadline or date(2024, 11, 5)
    leaves = list(rubric.leaves())
    out: list[Assessment] = []
    for i in range(count):
        variant = None
        if variants and rubric.variants and draw(st.integers(0, 2)) == 0:
            variant = draw(st.sampled_from([v.key for v in rubric.variants]))
        unit = Unit(f"UBND xã {i + 1:02d}", f"xa-{i + 1:02d}", rubric.tier,
                    draw(st.sampled_from(("Huyện Tứ Kỳ", "Thị xã Mỹ Hào"))), variant)
        answers = draw(answers_for(rubric, complete=complete, na=na, evidence=evidence,
                                   extra=extra))
        apps: list[Appraisal] = []
        if appraisals:
            for _ in range(draw(st.integers(0, 2))):
                picked = draw(st.lists(st.sampled_from([x.code for x in leaves]), unique=True,
                                       max_size=len(leaves)))
                if not picked:
                    continue
                app_answers = draw(answers_for(rubric, complete=True, na=na, evidence=False,
                                               codes=picked, extra=extra))
                apps.append(Appraisal(draw(st.sampled_from(AGENCIES)), app_answers,
                                      deadline + timedelta(days=3)))
        submitted = None
        if draw(st.booleans()):
            offset = draw(st.integers(-10, 3 if late else 0))
            submitted = deadline + timedelta(days=offset)
        is_ranked = True
        reason = None
        if not ranked and draw(st.integers(0, 4)) == 0:
            is_ranked, reason = False, "Không có dịch vụ công"
        out.append(Assessment(rubric.id, unit, answers, apps, submitted, is_ranked, reason))
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
    **rubric_options: Any,
) -> tuple[Rubric, tuple[Assessment, ...]]:
    """A rubric (``rubric_options`` go to :func:`rubrics`) and a cohort of its assessments."""
    rubric = draw(rubrics(**rubric_options))
    units = draw(assessments(rubric, min_units=min_units, max_units=max_units,
                             complete=complete, na=na, evidence=evidence,
                             appraisals=appraisals, late=late, ranked=ranked))
    return rubric, units
