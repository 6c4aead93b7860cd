"""The cases a generated cohort exercises, named: what tests/test_strategies.py
requires the strategies to reach, and what the property tests label their
examples with (``hypothesis.event``, shown by ``pytest --hypothesis-show-statistics``).

Computed from the rubric, the cohort and the oracle's scorecards — never from
the engine under test.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_FLOOR, Decimal

from dtikit import Assessment, NotApplicable, Rubric, Scorecard
from dtikit.errors import AnswerError
from dtikit.methods import BUILTIN_REGISTRY

#: Every case the engine-equals-oracle property must meet (tests/test_strategies.py).
REQUIRED: frozenset[str] = frozenset({
    *(f"family:{k}" for k in ("yes_no", "levels", "steps", "ratio", "threshold_ratio",
                              "parts", "relative_to_best", "awarded", "tracked")),
    "na:remove", "na:redistribute",
    "variant",
    "excluded:late", "excluded:not_appraised", "excluded:incomplete", "excluded:not_ranked",
    "parents:several", "tie", "cap", "cap:grown", "appraised", "unanswered", "rounding:half",
    *(f"places:{p}" for p in (0, 1, 2, 3)),
})


def _on_a_half(points: Decimal, places: int) -> bool:
    """Whether exact ``points`` end on a half at ``places``: where half-up decides."""
    scaled = points.scaleb(places)
    return scaled - scaled.to_integral_value(rounding=ROUND_FLOOR) == Decimal("0.5")


def cases(rubric: Rubric, cohort: Sequence[Assessment],
          cards: Sequence[Scorecard] | None,
          counts: Mapping[str, int] | None = None) -> set[str]:
    """The named cases of one generated cohort (``cards``: the oracle's
    scorecards, None when it refused the cohort; ``counts``: what the oracle
    met while scoring it, :data:`oracle.COUNTS` — ``cap:grown`` is a capped
    parent grown by a redistributed share whose grown children pass its grown cap)."""
    out: set[str] = {f"places:{rubric.rounding.places}"}
    if counts and counts.get("grown cap"):
        out.add("cap:grown")
    if any(n.cap for n in rubric.walk()):
        out.add("cap")
    if len({a.unit.parent for a in cohort}) > 1:
        out.add("parents:several")
    places = rubric.rounding.places
    leaves = {n.code: n for n in rubric.leaves()}
    for a in cohort:
        removed: set[str] = set()
        if a.unit.variant is not None:
            v = rubric.variant(a.unit.variant)
            if v is not None and v.not_applicable:
                out.add("variant")
                for code in v.not_applicable:
                    removed |= {n.code for n in rubric.get(code).walk()}
        answered = {x.code for x in a.answers if x.value is not None}
        if set(leaves) - removed - answered:
            out.add("unanswered")
        if a.appraisals:
            out.add("appraised")
        for x in a.answers:
            leaf = leaves.get(x.code)
            if leaf is None or leaf.method is None or x.code in removed or x.value is None:
                continue
            if isinstance(x.value, NotApplicable):
                policy = rubric.na_policy(x.code)
                if policy != "forbid":
                    out.add(f"na:{policy}")
                continue
            out.add(f"family:{leaf.method.kind}")
            if leaf.method.kind in ("ratio", "threshold_ratio", "awarded", "levels", "parts"):
                try:
                    points = BUILTIN_REGISTRY.build(leaf.method, leaf.max).score(x.value).points
                except AnswerError:
                    continue
                if _on_a_half(points, places):
                    out.add("rounding:half")
    if cards is None:
        return out
    for c in cards:
        if c.excluded is not None:
            out.add(f"excluded:{c.excluded}")
    scope = rubric.workflow.ranking_scope == "parent"
    seen: set[tuple[str | None, Decimal]] = set()
    for c in cards:
        if c.excluded is None and c.total is not None:
            key = (c.unit.parent if scope else None, c.total)
            if key in seen:
                out.add("tie")
            seen.add(key)
    return out
