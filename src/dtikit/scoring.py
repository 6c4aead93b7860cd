"""Scoring: a pure function from a rubric and a cohort of assessments to scorecards.

Per unit and per node the scorecard keeps three stages — the unit's own
score (*tự đánh giá*), the appraised score where an agency appraised it
(*thẩm định*), and the final score (appraised where there is one, else self).
Leaves are rounded half-up at the rubric's places; a parent is the exact sum
of its children as shown, so every total equals the sum of its displayed parts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Literal

import attrs

from .assessment import Answer, Assessment, NotApplicable, Number, Unit
from .errors import AnswerError, AssessmentInvalid, MethodParamsError, Problem, RubricInvalid
from .methods import Method, MethodRegistry
from .model import Indicator, Rubric, nfc, percent_of
from .numbers import ZERO, format_vi, quantize

NodeState = Literal["scored", "not_answered", "not_applicable"]
Stage = Literal["self", "appraised", "final"]

# Why a unit is left out of the ranking. Order matters: the first that applies is given.
EXCLUSION_REASONS: Mapping[str, str] = {
    "late": "Nộp sau thời hạn, không được đánh giá chấm điểm",
    "not_appraised": "Chưa được thẩm định, không được tính điểm, xếp hạng",
    "not_ranked": "Được đánh giá nhưng không xếp hạng theo quy định",
    "incomplete": "Chưa trả lời đủ các chỉ số, chưa tính được tổng điểm",
}


@attrs.frozen
class Finding:
    """Something the council should see about a unit: missing evidence, an
    appraisal by an agency not assigned to the indicator, a late submission."""

    kind: str
    message: str
    code: str | None = None


@attrs.frozen
class NodeScore:
    """One node's points for one unit at each stage. ``None`` is unknown (not yet
    answered below), never zero."""

    code: str
    max: Decimal
    applicable_max: Decimal
    state: NodeState
    self_points: Decimal | None
    appraised_points: Decimal | None
    final_points: Decimal | None
    self_rule: str | None = None
    final_rule: str | None = None
    appraised_by: str | None = None

    @property
    def points(self) -> Decimal | None:
        return self.final_points

    def stage(self, stage: Stage) -> Decimal | None:
        return {"self": self.self_points, "appraised": self.appraised_points,
                "final": self.final_points}[stage]

    @property
    def gap(self) -> Decimal | None:
        """Points still to gain against the applicable maximum."""
        return None if self.final_points is None else self.applicable_max - self.final_points


@attrs.frozen
class Scorecard:
    """Every node's points for one unit, with findings and why it is excluded (if it is)."""

    rubric_id: str
    unit: Unit
    nodes: Mapping[str, NodeScore]
    applicable_max: Decimal
    self_total: Decimal | None
    total: Decimal | None
    class_label: str | None = None
    appraised: bool = False
    late: bool = False
    excluded: str | None = None  # a key of EXCLUSION_REASONS
    exclusion_detail: str | None = None
    findings: Sequence[Finding] = ()  # a tuple, or a lazy sequence from the fast path
    sample: bool = False

    @property
    def percent(self) -> Decimal | None:
        return None if self.total is None else percent_of(self.total, self.applicable_max)

    def node(self, code: str) -> NodeScore:
        return self.nodes[code]


# ------------------------------------------------------------------ helpers

_NA = NotApplicable()


@attrs.define
class _Leaf:
    node: Indicator
    method: Method
    appraiser: str | None


def compile_methods(rubric: Rubric, registry: MethodRegistry) -> dict[str, _Leaf]:
    """Build every leaf's method once; a rubric with bad methods is refused whole."""
    problems: list[Problem] = []
    leaves: dict[str, _Leaf] = {}

    def visit(node: Indicator, appraiser: str | None) -> None:
        appraiser = node.appraiser or appraiser
        if node.children:
            for child in node.children:
                visit(child, appraiser)
            return
        if node.method is None:
            problems.append(Problem(f"indicator {node.code}", "a leaf without a scoring method"))
            return
        try:
            leaves[node.code] = _Leaf(node, registry.build(node.method, node.max), appraiser)
        except KeyError as exc:
            problems.append(Problem(f"indicator {node.code}", str(exc.args[0])))
        except MethodParamsError as exc:
            problems.extend(Problem(f"indicator {node.code}", m) for m in exc.messages)

    for top in rubric.indicators:
        visit(top, None)
    if problems:
        raise RubricInvalid(problems, source=rubric.id)
    return leaves


def _same_agency(a: str, b: str) -> bool:
    return nfc(a).casefold().strip() == nfc(b).casefold().strip()


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
    rubric: Rubric, a: Assessment, leaves: Mapping[str, _Leaf], problems: list[Problem]
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

    for ans in self_answers.values():
        kind = evidence_kind(ans)
        if kind:
            findings.append(evidence_finding(kind, ans.code))

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
    leaf: _Leaf, ans: Answer | None, removed: bool, best: Decimal | None, places: int,
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
    return quantize(outcome.points, places), _rounded_rule(outcome.points, outcome.rule, places)


def _rounded_rule(points: Decimal, rule: str, places: int) -> str:
    pts = quantize(points, places)
    return rule if pts == points else f"{rule}; làm tròn {format_vi(pts, places)}"


def leaf_rule(method: Method, value: object, best: Decimal | None, places: int) -> str:
    """A leaf's trace for one answered value: the method's own rule, and the
    rounding at the rubric's places where it rounds."""
    outcome = method.score(value, best)
    return _rounded_rule(outcome.points, outcome.rule, places)


def evidence_kind(ans: Answer | None) -> int:
    """0: nothing to note; 1: no evidence, explained; 2: no evidence, no
    explanation (an answer with a value, not *Không áp dụng*)."""
    if ans is None or ans.value is None or isinstance(ans.value, NotApplicable) or ans.evidence:
        return 0
    return 1 if ans.explanation else 2


_EVIDENCE_FINDINGS: dict[tuple[int, str], Finding] = {}


def evidence_finding(kind: int, code: str) -> Finding:
    """The finding of :func:`evidence_kind` ``kind`` (1 or 2) on indicator ``code``."""
    key = (kind, code)
    found = _EVIDENCE_FINDINGS.get(key)
    if found is None:
        if kind == 1:
            found = Finding("explained", f"Chỉ số {code}: không có tài liệu kiểm chứng, "
                            "có giải trình", code)
        else:
            found = Finding("evidence_missing", f"Chỉ số {code}: thiếu tài liệu kiểm "
                            "chứng và không có giải trình", code)
        if len(_EVIDENCE_FINDINGS) < 100_000:
            _EVIDENCE_FINDINGS[key] = found
    return found


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
                pts = quantize(pts * num / den, places)
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
    leaves: Mapping[str, _Leaf], units: Sequence[_Prepared], stage: Stage
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


# --------------------------------------------------------------------- score


def score(
    rubric: Rubric,
    assessments: Iterable[Assessment],
    *,
    methods: MethodRegistry | None = None,
) -> tuple[Scorecard, ...]:
    """Score a cohort of assessments against ``rubric``. Pure: same input, same output.

    Methods relative to the best unit see the whole cohort. Raises
    :class:`~dtikit.errors.AssessmentInvalid` with every bad answer (unknown code,
    wrong kind of value, value out of range), each naming the unit and the code.

    The cohort is scored column-wise in exact fixed-point integers
    (:mod:`dtikit.fast`); traces and findings are built when read. Whatever the
    fast path cannot take (an unusual rubric, a bad answer) goes through
    :func:`score_reference`, the unit-by-unit ``Decimal`` definition it equals.
    """
    from .fast import score_fast

    return score_fast(rubric, assessments, methods=methods)


def score_reference(
    rubric: Rubric,
    assessments: Iterable[Assessment],
    *,
    methods: MethodRegistry | None = None,
) -> tuple[Scorecard, ...]:
    """The reference definition of :func:`score`: unit by unit, node by node, in
    ``Decimal``, every trace and finding built at once. Slow on large cohorts;
    the fast path is tested to equal it."""
    if methods is None:
        from .plugins import default_host

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


def finding_counts(cards: Sequence[Scorecard]) -> dict[str, int]:
    """How many findings of each kind ``cards`` hold. Scorecards of
    :func:`score` are counted by the engine, column by column, without
    building the findings; any other sequence is counted card by card."""
    from .fast.engine import ScoredCohort

    if isinstance(cards, ScoredCohort) and cards.engine is not None \
            and len(cards) == cards.engine.n:
        return cards.engine.finding_counts()
    counts: dict[str, int] = {}
    for card in cards:
        for f in card.findings:
            counts[f.kind] = counts.get(f.kind, 0) + 1
    return counts


_SHOWN: dict[Decimal | None, str] = {}


def _shown(value: Decimal | None) -> str:
    """``format_vi(value)``, remembered (a breakdown shows the same figures again and again)."""
    text = _SHOWN.get(value)
    if text is None:
        text = format_vi(value)
        if len(_SHOWN) >= 100_000:
            _SHOWN.clear()
        _SHOWN[value] = text
    return text


def explain(rubric: Rubric, card: Scorecard, code: str) -> str:
    """The trace of one node for one unit, in words and figures (Vietnamese)."""
    node = rubric.get(code)
    ns = card.node(code)
    head = f"{node.code}. {node.name} — tối đa {_shown(node.max)}"
    lines = [head]
    if node.children:
        parts = [card.node(c.code) for c in node.children]
        shown = " + ".join(_shown(p.final_points) for p in parts)
        lines.append(f"= {shown} = {_shown(ns.final_points)}"
                     + (f" (giới hạn {_shown(node.max)})" if node.cap else ""))
    else:
        method = node.method.kind if node.method else "?"
        lines.append(f"Phương pháp: {method}")
        lines.append(f"Tự đánh giá: {ns.self_rule or 'chưa trả lời'}")
        if ns.appraised_by:
            lines.append(f"Thẩm định ({ns.appraised_by}): {ns.final_rule}")
    lines.append(f"Điểm: {_shown(ns.final_points)}"
                 + (f" / áp dụng {_shown(ns.applicable_max)}"
                    if ns.applicable_max != node.max else ""))
    return "\n".join(lines)
