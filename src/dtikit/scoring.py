"""Scoring's types and rules: what the engine reads (the compiled leaves,
:func:`compile_methods`) and what it returns (:class:`Scorecard`, its nodes,
traces and findings), below the engine. The function that scores a cohort,
:func:`dtikit.score`, is the engine's entry (:mod:`dtikit.engine.score`;
``dtikit.scoring.score`` and ``finding_counts`` are still importable from here).

Per unit and per node the scorecard keeps three stages — the unit's own
score (*tự đánh giá*), the appraised score where an agency appraised it
(*thẩm định*), and the final score (appraised where there is one, else self).
Leaves are rounded half-up at the rubric's places; a parent is the exact sum
of its children as shown, so every total equals the sum of its displayed parts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from itertools import chain
from typing import Any, Literal

import attrs

from .assessment import Answer, Assessment, NotApplicable, Unit
from .errors import MethodParamsError, Problem, RubricInvalid, at_indicator
from .messages import Text, message_of
from .methods import Method, MethodRegistry, installed_methods
from .model import Indicator, Rubric, name_key, percent_of
from .numbers import format_vi, quantize

NodeState = Literal["scored", "not_answered", "not_applicable"]
Stage = Literal["self", "appraised", "final"]

# Why a unit is left out of the ranking. Order matters: the first that applies is given.
EXCLUSION_REASONS: Mapping[str, str] = {
    "late": "Nộp sau thời hạn, không được đánh giá chấm điểm",
    "not_appraised": "Chưa được thẩm định, không được tính điểm, xếp hạng",
    "not_ranked": "Được đánh giá nhưng không xếp hạng theo quy định",
    "incomplete": "Chưa trả lời đủ các chỉ số, chưa tính được tổng điểm",
    "rejected": "Biểu mẫu không đọc được hoặc có ô sai, chưa tính được điểm",
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


class _NodeFields:
    """The fields of :class:`NodeColumns` and :class:`NodeBlock`: per node (and
    per unit, in a block) what :class:`NodeScore` holds."""

    __slots__ = ("applicable_max", "appraised_by", "appraised_points", "codes", "final_points",
                 "final_rule", "self_points", "self_rule", "state")

    def __init__(self, codes: Sequence[str], state: Sequence[NodeState],
                 applicable_max: Sequence[Decimal], self_points: Sequence[Decimal | None],
                 appraised_points: Sequence[Decimal | None],
                 final_points: Sequence[Decimal | None], self_rule: Sequence[str | None],
                 final_rule: Sequence[str | None], appraised_by: Sequence[str | None]) -> None:
        self.codes = codes
        self.state = state
        self.applicable_max = applicable_max
        self.self_points = self_points
        self.appraised_points = appraised_points
        self.final_points = final_points
        self.self_rule = self_rule
        self.final_rule = final_rule
        self.appraised_by = appraised_by


class NodeColumns(_NodeFields):
    """One unit's nodes as columns, in the order of ``codes`` (the rubric's
    walk): what a writer of every node of many units reads (the results'
    breakdown sheet), with no :class:`NodeScore` built per node. Item ``i`` of
    each list is what ``NodeScore`` of ``codes[i]`` holds; :func:`node_columns`
    gives them for a scorecard."""

    __slots__ = ()

    @classmethod
    def of(cls, nodes: Mapping[str, NodeScore], codes: Sequence[str]) -> NodeColumns:
        """The columns of ``nodes`` (a scorecard's), in the order of ``codes``."""
        ns = [nodes[c] for c in codes]
        return cls(codes, [n.state for n in ns], [n.applicable_max for n in ns],
                   [n.self_points for n in ns], [n.appraised_points for n in ns],
                   [n.final_points for n in ns], [n.self_rule for n in ns],
                   [n.final_rule for n in ns], [n.appraised_by for n in ns])

    def node_score(self, i: int, maximum: Decimal) -> NodeScore:
        """Node ``i`` as a :class:`NodeScore` (``maximum``: its indicator's)."""
        return NodeScore(code=self.codes[i], max=maximum, applicable_max=self.applicable_max[i],
                         state=self.state[i], self_points=self.self_points[i],
                         appraised_points=self.appraised_points[i],
                         final_points=self.final_points[i], self_rule=self.self_rule[i],
                         final_rule=self.final_rule[i], appraised_by=self.appraised_by[i])


class NodeBlock(_NodeFields):
    """Many units' nodes in the order of ``codes`` (the rubric's walk), node by
    node: what a writer of every node of many units reads (the results'
    breakdown sheet), for a block of units at once. Each field is one flat list,
    node-major: item ``i * size + u`` is what :class:`NodeColumns` of the
    ``u``-th unit holds at ``codes[i]`` (:meth:`unit` gives it; :meth:`node`
    slices node ``i``'s items of a field); equal points are the same Decimal
    object wherever the engine gives them (a writer may key on them).
    :func:`node_block` gives them for scorecards."""

    __slots__ = ()

    @property
    def size(self) -> int:
        """The units of the block."""
        return len(self.state) // len(self.codes) if self.codes else 0

    def node(self, items: Sequence[Any], i: int) -> Sequence[Any]:
        """Node ``i``'s items of the field ``items`` (one per unit)."""
        return items[i * self.size:(i + 1) * self.size]

    def unit(self, u: int) -> NodeColumns:
        """The ``u``-th unit's columns."""
        n = self.size
        return NodeColumns(self.codes, self.state[u::n], self.applicable_max[u::n],
                           self.self_points[u::n], self.appraised_points[u::n],
                           self.final_points[u::n], self.self_rule[u::n],
                           self.final_rule[u::n], self.appraised_by[u::n])

    @classmethod
    def of(cls, columns: Sequence[NodeColumns], codes: Sequence[str]) -> NodeBlock:
        """The block of units' :class:`NodeColumns` (each in the order of ``codes``)."""
        def flat(field: str) -> list[Any]:
            return list(chain.from_iterable(zip(*[getattr(c, field) for c in columns])))

        return cls(codes, flat("state"), flat("applicable_max"),
                   flat("self_points"), flat("appraised_points"), flat("final_points"),
                   flat("self_rule"), flat("final_rule"), flat("appraised_by"))


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
class Leaf:
    """A leaf indicator with its method built, and the agency assigned to appraise it."""

    node: Indicator
    method: Method
    appraiser: str | None


def compile_methods(rubric: Rubric, registry: MethodRegistry) -> dict[str, Leaf]:
    """Build every leaf's method once; a rubric with bad methods is refused whole."""
    problems: list[Problem] = []
    leaves: dict[str, Leaf] = {}

    for node in rubric.leaves():
        if node.method is None:
            problems.append(Problem(at_indicator(node.code), Text("rubric.leaf_without_method")))
            continue
        try:
            leaves[node.code] = Leaf(node, registry.build(node.method, node.max),
                                     rubric.appraiser_of(node.code))
        except KeyError as exc:
            problems.append(Problem(at_indicator(node.code), message_of(exc)))
        except MethodParamsError as exc:
            problems.extend(Problem(at_indicator(node.code), m) for m in exc.messages)
    if problems:
        raise RubricInvalid(problems, source=rubric.id)
    return leaves


def same_agency(a: str, b: str) -> bool:
    """Whether two agency names are the same agency: matched as unit names are
    (:func:`~dtikit.model.name_key`: case, spacing, Unicode form and tone-mark placement aside)."""
    return name_key(a) == name_key(b)


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


# --------------------------------------------------------------------- cohort problems


def cohort_problems(
    rubric: Rubric, assessments: Sequence[Assessment], leaves: Mapping[str, Leaf]
) -> list[Problem]:
    """Deprecated: :func:`score` raises :class:`~dtikit.errors.AssessmentInvalid`
    with every problem of a cohort, each located (the engine finds them as it
    prepares the cohort). Returns those problems (empty for a cohort it scores),
    scored with the methods of ``leaves``."""
    import importlib
    import warnings

    from .errors import AssessmentInvalid

    score = importlib.import_module("dtikit.engine.score").score  # above this room
    warnings.warn("dtikit.scoring.cohort_problems is deprecated: dtikit.score raises "
                  "AssessmentInvalid with every problem", DeprecationWarning, stacklevel=2)
    registry = MethodRegistry(dict.fromkeys(type(leaf.method) for leaf in leaves.values()))
    try:
        score(rubric, assessments, methods=registry)
    except AssessmentInvalid as exc:
        return list(exc.problems)
    return []


def node_columns(card: Scorecard, codes: Sequence[str]) -> NodeColumns:
    """Every node of ``card`` as :class:`NodeColumns`, in the order of ``codes``
    (:func:`node_block` of the one card)."""
    return node_block([card], codes).unit(0)


def node_block(cards: Sequence[Scorecard], codes: Sequence[str]) -> NodeBlock:
    """Every node of ``cards`` as a :class:`NodeBlock`, in the order of
    ``codes``: read off the engine's arrays at once for scorecards of one
    :func:`score` (their nodes not built), from ``card.nodes`` for any other."""
    read = getattr(cards[0].nodes, "node_block", None) if cards else None
    if read is not None:
        block: NodeBlock | None = read(codes, [c.nodes for c in cards])
        if block is not None:
            return block
    return NodeBlock.of([NodeColumns.of(c.nodes, codes) for c in cards], codes)


_SHOWN: dict[tuple[int, bool], dict[Decimal | None, str]] = {}


def _shown(value: Decimal | None, places: int, *, whole: bool = False) -> str:
    """``format_vi`` at fixed ``places`` (``whole``: a maximum as a whole number),
    remembered: a breakdown shows the same figures again and again."""
    seen = _SHOWN.get((places, whole))
    if seen is None:
        seen = _SHOWN[places, whole] = {}
    text = seen.get(value)
    if text is None:
        text = format_vi(value, places, trim=False, whole=whole)
        if len(seen) >= 100_000:
            seen.clear()
        seen[value] = text
    return text


def method_title(kind: str) -> str:
    """A method's Vietnamese title (``awarded`` → ``Điểm chấm``), from the
    installed plugins' methods; the kind itself if no method has it."""
    try:
        return installed_methods()[kind].title
    except (KeyError, AttributeError):
        return kind


def explain(rubric: Rubric, card: Scorecard, code: str) -> str:
    """The trace of one node for one unit, in words and figures (Vietnamese):
    points at the rubric's places, maxima as whole numbers where they are, the
    method by its Vietnamese title (the text of :func:`trace`)."""
    node = rubric.get(code)
    ns = card.node(code)
    return trace(node, rubric.rounding.places, ns.final_points, ns.applicable_max,
                 parts=[card.node(c.code).final_points for c in node.children],
                 self_rule=ns.self_rule, final_rule=ns.final_rule,
                 appraised_by=ns.appraised_by)


def trace(node: Indicator, places: int, final_points: Decimal | None,
          applicable_max: Decimal, *, parts: Sequence[Decimal | None] = (),
          self_rule: str | None = None, final_rule: str | None = None,
          appraised_by: str | None = None) -> str:
    """The text of :func:`explain` from one node's figures: its final points
    and applicable maximum, its children's final points (``parts``, a parent)
    or its rules and appraising agency (a leaf). What a writer of many traces
    calls, with the figures it already holds (the results' breakdown sheet)."""
    head, sums_to, points = _trace_parts(node, places)
    figures = _SHOWN.get((places, False)) or {}  # _shown's, looked up here once
    final = figures.get(final_points) or _shown(final_points, places)
    if node.children:
        shown = " + ".join([figures.get(p) or _shown(p, places) for p in parts])
        text = f"{head}= {shown} = {final}{sums_to}\n{points}{final}"
    elif appraised_by:
        text = (f"{head}Tự đánh giá: {self_rule or 'chưa trả lời'}\nThẩm định ({appraised_by}): "
                f"{final_rule}\n{points}{final}")
    else:
        text = f"{head}Tự đánh giá: {self_rule or 'chưa trả lời'}\n{points}{final}"
    if applicable_max != node.max:
        text += f" / áp dụng {_shown(applicable_max, places, whole=True)}"
    return text


_TRACE_PARTS: dict[tuple[int, int], tuple[Indicator, tuple[str, str, str]]] = {}


def _trace_parts(node: Indicator, places: int) -> tuple[str, str, str]:
    """The text of a node's trace that its figures do not change: its first
    line (and a leaf's method, by its title), what follows a parent's sum (the
    cap), the start of the last line; remembered per node once the method's
    title is known (a kind no installed method has yet is looked up again)."""
    key = (id(node), places)
    got = _TRACE_PARTS.get(key)
    if got is not None and got[0] is node:
        return got[1]
    head = f"{node.code}. {node.name} - tối đa {_shown(node.max, places, whole=True)}\n"
    sums_to = ""
    known = True
    if node.children:
        if node.cap:
            sums_to = f" (giới hạn {_shown(node.max, places, whole=True)})"
    else:
        kind = node.method.kind if node.method else None
        title = method_title(kind) if kind is not None else "?"
        known = kind is None or title != kind
        head += f"Phương pháp: {title}\n"
    parts = (head, sums_to, "Điểm: ")
    if known:
        if len(_TRACE_PARTS) >= 4096:
            _TRACE_PARTS.clear()
        _TRACE_PARTS[key] = (node, parts)
    return parts


# The entry to the engine lives beside it (:mod:`dtikit.engine.score`): the
# same functions, still importable from here. Looked up when first asked for,
# by name, so that this module (which the engine reads) imports nothing above it.
_MOVED = frozenset({"finding_counts", "score", "score_reference"})


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        import importlib

        return getattr(importlib.import_module("dtikit.engine.score"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
