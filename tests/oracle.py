"""The test oracle: the unit-by-unit, node-by-node ``Decimal`` definition of
scoring that :func:`dtikit.score` (the column-wise engine, :mod:`dtikit.engine`)
is held equal to by the property tests. Not library code: it was
``dtikit.scoring.score_reference`` and its helpers until the engine became the
one implementation. Slow on large cohorts; every trace and finding built at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from math import floor
from typing import Any

import attrs

from dtikit.assessment import Answer, Assessment, NotApplicable, Number
from dtikit.errors import AnswerError, AssessmentInvalid, Problem
from dtikit.methods import MethodRegistry
from dtikit.model import Indicator, Rubric, nfc
from dtikit.numbers import ZERO, format_vi
from dtikit.scoring import Finding, NodeScore, NodeState, Scorecard, Stage, compile_methods


def quantize(value: Decimal, places: int) -> Decimal:
    """Half-up at ``places``, in exact fractions: the oracle's own rounding, not
    :func:`dtikit.numbers.quantize` (the rule under test is not its own oracle)."""
    exact = Fraction(value) * 10**places
    n = floor(exact + Fraction(1, 2))
    if n - exact == Fraction(1, 2):
        COUNTS["half"] += 1
    return Decimal(n).scaleb(-places)


#: What the oracle met since the last reset, where a slip of the engine would
#: show: roundings exactly on a half (where half-up decides), the points of a
#: leaf grown by a redistributed share on a half, a capped parent whose grown
#: children pass its grown cap. The property tests steer Hypothesis towards
#: them (``hypothesis.target``).
COUNTS = {"half": 0, "grown half": 0, "grown cap": 0}


def reset_counts() -> None:
    for key in COUNTS:
        COUNTS[key] = 0

_NA = NotApplicable()


def _same_agency(a: str, b: str) -> bool:
    return nfc(a).casefold().strip() == nfc(b).casefold().strip()


def _evidence_findings(self_answers: Mapping[str, Answer]) -> list[Finding]:
    out = []
    for code, ans in self_answers.items():
        if ans.value is None or isinstance(ans.value, NotApplicable) or ans.evidence:
            continue
        if ans.explanation:
            out.append(Finding("explained", f"Chỉ số {code}: không có tài liệu kiểm chứng, "
                               "có giải trình", code))
        else:
            out.append(Finding("evidence_missing", f"Chỉ số {code}: thiếu tài liệu kiểm "
                               "chứng và không có giải trình", code))
    return out


@attrs.define
class _Prepared:
    assessment: Assessment
    self_answers: dict[str, Answer]
    final_answers: dict[str, Answer]
    appraised_answers: dict[str, Answer]
    appraised_by: dict[str, str]
    removed: set[str]  # codes not applicable by the unit's variant
    findings: list[Finding]
    late: bool
    excluded: str | None
    exclusion_detail: str | None


def _prepare(
    rubric: Rubric, a: Assessment, leaves: Mapping[str, Any], problems: list[Problem]
) -> _Prepared:
    where_unit = f"unit {a.unit.name}"
    if a.rubric_id != rubric.id:
        problems.append(Problem(where_unit, f"assessed against {a.rubric_id}, not {rubric.id}"))
    removed: set[str] = set()
    try:
        variant = rubric.variant(a.unit.variant)
    except KeyError as exc:
        problems.append(Problem(where_unit, str(exc.args[0])))
        variant = None
    if variant is not None:
        for code in variant.not_applicable:
            removed |= {n.code for n in rubric.get(code).walk()}

    def take(answers: Iterable[Answer], who: str) -> dict[str, Answer]:
        out: dict[str, Answer] = {}
        for ans in answers:
            where = f"{where_unit}, {who}, code {ans.code}"
            if ans.code not in rubric:
                problems.append(Problem(where, f"no indicator {ans.code} in {rubric.id}"))
                continue
            leaf = leaves.get(ans.code)
            if leaf is None:
                problems.append(Problem(where, "answers go to leaf indicators; "
                                        f"{ans.code} is computed from its children"))
                continue
            if ans.code in out:
                problems.append(Problem(where, "answered twice"))
                continue
            value = ans.value
            if isinstance(value, NotApplicable):
                if rubric.na_policy(ans.code) == "forbid" and ans.code not in removed:
                    problems.append(Problem(where, "Không áp dụng is not allowed for this indicator"))
                    continue
            elif value is not None and not isinstance(value, leaf.method.accepts):
                want = " or ".join(t.__name__ for t in leaf.method.accepts)
                problems.append(Problem(where, f"{leaf.method.kind} expects {want}, "
                                        f"got {type(value).__name__} {value}"))
                continue
            out[ans.code] = ans
        return out

    self_answers = take(a.answers, "self-assessment")
    final = dict(self_answers)
    appraised: dict[str, Answer] = {}
    appraised_by: dict[str, str] = {}
    findings: list[Finding] = []
    for appraisal in a.appraisals:
        for code, ans in take(appraisal.answers, f"appraisal by {appraisal.agency}").items():
            if ans.value is None:
                continue
            final[code] = ans
            appraised[code] = ans
            appraised_by[code] = appraisal.agency
            assigned = leaves[code].appraiser
            if assigned and not _same_agency(assigned, appraisal.agency):
                findings.append(Finding(
                    "appraiser_not_assigned",
                    f"{appraisal.agency} thẩm định chỉ số {code}, được giao cho {assigned}", code))

    findings += _evidence_findings(self_answers)

    wf = rubric.workflow
    late = bool(wf.deadline and a.submitted and a.submitted > wf.deadline)
    excluded = detail = None
    if late:
        findings.append(Finding("late", f"Nộp ngày {a.submitted:%d/%m/%Y}, "
                                f"sau thời hạn {wf.deadline:%d/%m/%Y}"))
        if wf.late == "exclude":
            excluded = "late"
    if excluded is None and wf.require_appraisal and not a.appraisals:
        excluded = "not_appraised"
    if excluded is None and not a.ranked:
        excluded, detail = "not_ranked", a.not_ranked_reason
    return _Prepared(a, self_answers, final, appraised, appraised_by, removed, findings, late,
                     excluded, detail)


_Pts = Decimal | None | NotApplicable


def _leaf_points(
    leaf: Any, ans: Answer | None, removed: bool, best: Decimal | None, places: int,
    problems: list[Problem], where: str,
) -> tuple[_Pts, str | None]:
    if removed:
        return _NA, "Không áp dụng cho loại đơn vị này"
    if ans is None or ans.value is None:
        return None, None
    if isinstance(ans.value, NotApplicable):
        return _NA, "Không áp dụng"
    try:
        outcome = leaf.method.score(ans.value, best)
    except AnswerError as exc:
        problems.append(Problem(where, str(exc)))
        return None, None
    pts = quantize(outcome.points, places)
    rule = outcome.rule
    if pts != outcome.points:
        rule += f"; làm tròn {format_vi(pts, places)}"
    return pts, rule


def _aggregate(
    rubric: Rubric, leaf_pts: Mapping[str, _Pts], places: int, removed: set[str]
) -> dict[str, tuple[_Pts, Decimal]]:
    """(points, applicable max) of every node from its leaves' points.

    A node removed by the unit's variant always leaves the applicable maximum
    (Lâm Đồng: 800 instead of 1000); a *Không áp dụng* answer follows the
    rubric's policy (remove, or redistribute among the applicable siblings)."""
    out: dict[str, tuple[_Pts, Decimal]] = {}

    def grow(node: Indicator, num: Decimal, den: Decimal) -> tuple[_Pts, Decimal]:
        """Scale a node that receives a redistributed share, and its subtree, by
        num / den: a leaf's points and share are rounded half-up alike (a full
        score shows its whole share, never more); a parent is re-added from its
        grown children, a cap grows with it."""
        pts, cmax = out[node.code]
        if isinstance(pts, NotApplicable):
            return pts, cmax
        if not node.children:
            if isinstance(pts, Decimal):
                # multiplied first, divided once: exact up to the one rounding
                before = COUNTS["half"]
                pts = quantize(pts * num / den, places)
                COUNTS["grown half"] += COUNTS["half"] - before
            res: tuple[_Pts, Decimal] = (pts, quantize(cmax * num / den, places))
        else:
            total: Decimal | None = ZERO
            app = ZERO
            for child in node.children:
                p, m = grow(child, num, den)
                if isinstance(p, NotApplicable):
                    continue
                app += m
                if isinstance(p, Decimal) and total is not None:
                    total += p
                else:
                    total = None
            if node.cap:
                limit = quantize(node.max * num / den, places)
                app = min(app, limit)
                if total is not None:
                    COUNTS["grown cap"] += total > limit
                    total = min(total, limit)
            res = (total, app)
        out[node.code] = res
        return res

    def visit(node: Indicator) -> tuple[_Pts, Decimal]:
        if not node.children:
            pts = leaf_pts.get(node.code)
            res: tuple[_Pts, Decimal] = (pts, ZERO if isinstance(pts, NotApplicable) else node.max)
            out[node.code] = res
            return res
        kids = [(child, *visit(child)) for child in node.children]
        applicable = [(c, p, m) for c, p, m in kids if not isinstance(p, NotApplicable)]
        if not applicable:
            out[node.code] = (_NA, ZERO)
            return out[node.code]
        spread = sum((c.max for c, p, _ in kids if isinstance(p, NotApplicable)
                      and c.code not in removed
                      and rubric.na_policy(c.code) == "redistribute"), ZERO)
        nominal = sum((c.max for c, _, _ in applicable), ZERO)
        factor = (nominal + spread) / nominal if spread and nominal else None
        total: Decimal | None = ZERO
        app_max = ZERO
        for child, pts, cmax in applicable:
            if factor is not None:
                # the child's share grows whether or not it is answered yet, and
                # with it its whole subtree: it still equals the sum of its parts
                pts, cmax = grow(child, nominal + spread, nominal)
            app_max += cmax
            if isinstance(pts, Decimal) and total is not None:
                total += pts
            else:
                total = None
        if node.cap:
            app_max = min(app_max, node.max)
            if total is not None:
                total = min(total, node.max)
        out[node.code] = (total, app_max)
        return out[node.code]

    for top in rubric.indicators:
        visit(top)
    return out


def _best_values(
    leaves: Mapping[str, Any], units: Sequence[_Prepared], stage: Stage
) -> dict[str, Decimal]:
    best: dict[str, Decimal] = {}
    for code, leaf in leaves.items():
        if not leaf.method.uses_cohort:
            continue
        values = []
        for u in units:
            if u.excluded in ("late", "not_appraised"):
                continue  # a unit that is not scored does not set the bar
            answers = u.self_answers if stage == "self" else u.final_answers
            ans = answers.get(code)
            if ans is not None and isinstance(ans.value, Number) and code not in u.removed:
                try:
                    values.append(leaf.method.raw_value(ans.value))
                except AnswerError:
                    continue  # reported with its unit and code when the leaf is scored
        best[code] = max(values, default=ZERO)
    return best


def score_reference(
    rubric: Rubric,
    assessments: Iterable[Assessment],
    *,
    methods: MethodRegistry | None = None,
) -> tuple[Scorecard, ...]:
    """The oracle of :func:`dtikit.score`: unit by unit, node by node, in
    ``Decimal``, every trace and finding built at once."""
    if methods is None:
        from dtikit.plugins import default_host

        methods = default_host().methods
    leaves = compile_methods(rubric, methods)
    places = rubric.rounding.places
    problems: list[Problem] = []
    cohort = list(assessments)
    ids = [a.unit.id for a in cohort]
    for uid in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(Problem(f"unit {uid}", "assessed twice in one cohort"))
    prepared = [_prepare(rubric, a, leaves, problems) for a in cohort]
    # no raise yet: the values the methods refuse are problems too, reported together
    best = {stage: _best_values(leaves, prepared, stage) for stage in ("self", "final")}

    cards = []
    for u in prepared:
        where = f"unit {u.assessment.unit.name}"
        stage_pts: dict[str, dict[str, _Pts]] = {"self": {}, "appraised": {}, "final": {}}
        rules: dict[str, dict[str, str | None]] = {"self": {}, "final": {}}
        for code, leaf in leaves.items():
            removed = code in u.removed
            for stage, answers in (("self", u.self_answers), ("final", u.final_answers)):
                pts, rule = _leaf_points(leaf, answers.get(code), removed,
                                         best[stage].get(code), places, problems,
                                         f"{where}, code {code}")
                stage_pts[stage][code] = pts
                rules[stage][code] = rule
            stage_pts["appraised"][code] = (
                stage_pts["final"][code] if code in u.appraised_answers or removed else None
            )
        agg = {stage: _aggregate(rubric, pts, places, u.removed)
               for stage, pts in stage_pts.items()}
        nodes: dict[str, NodeScore] = {}
        unanswered = []
        for node in rubric.walk():
            final_pts, app_max = agg["final"][node.code]
            state: NodeState
            if isinstance(final_pts, NotApplicable):
                state = "not_applicable"
            elif final_pts is None:
                state = "not_answered"
                if not node.children:
                    unanswered.append(node.code)
            else:
                state = "scored"

            def num(p: _Pts) -> Decimal | None:
                return quantize(p, places) if isinstance(p, Decimal) else None

            nodes[node.code] = NodeScore(
                code=node.code, max=node.max, applicable_max=quantize(app_max, places),
                state=state,
                self_points=num(agg["self"][node.code][0]),
                appraised_points=num(agg["appraised"][node.code][0]),
                final_points=num(final_pts),
                self_rule=rules["self"].get(node.code),
                final_rule=rules["final"].get(node.code),
                appraised_by=u.appraised_by.get(node.code),
            )
        tops = [agg["final"][n.code] for n in rubric.indicators]
        total: Decimal | None = ZERO
        app_total = ZERO
        for pts, m in tops:
            app_total += m
            if pts is None or total is None:
                total = None
            elif isinstance(pts, Decimal):
                total += pts
        self_tops = [agg["self"][n.code][0] for n in rubric.indicators]
        self_total: Decimal | None = (
            None if any(p is None for p in self_tops)
            else sum((p for p in self_tops if isinstance(p, Decimal)), ZERO)
        )
        excluded, detail = u.excluded, u.exclusion_detail
        findings = list(u.findings)
        if unanswered:
            findings.append(Finding("not_answered", "Chưa trả lời: " + ", ".join(unanswered)))
            if excluded is None:
                excluded = "incomplete"
        class_label = None
        if total is not None and rubric.classification is not None:
            class_label = rubric.classification.classify(total, app_total)
        # every figure at the rubric's places, however it was computed
        total = None if total is None else quantize(total, places)
        self_total = None if self_total is None else quantize(self_total, places)
        cards.append(Scorecard(
            rubric_id=rubric.id, unit=u.assessment.unit, nodes=nodes,
            applicable_max=quantize(app_total, places),
            self_total=self_total, total=total, class_label=class_label,
            appraised=bool(u.appraised_answers), late=u.late, excluded=excluded,
            exclusion_detail=detail, findings=tuple(findings), sample=u.assessment.sample,
        ))
    if problems:
        # an answer both stages score (self = final) is reported once
        raise AssessmentInvalid(dict.fromkeys(problems), source=rubric.id)
    return tuple(cards)


__all__ = ["score_reference"]
