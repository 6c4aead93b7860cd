"""Column-wise scoring of a whole cohort in exact fixed-point integers.

The cohort becomes one column of answers per leaf; each leaf's kernel scores
its column at once; parents add their children row-wise over node-major
``int64`` arrays (``points × 10**places``), with the not-applicable share
(remove, redistribute), caps and unknowns (not yet answered) carried as
masks. ``Decimal`` comes back only at the boundary: totals, and each node's
points when a scorecard's node is read. Traces (rules) and findings are built
on demand by the reference functions themselves, per unit.

Preparing the columns checks the cohort (:class:`_Problems`): a bad input —
a unit twice, another rubric, an unknown variant, a code the rubric does not
score, an answer of the wrong type, *Không áp dụng* where it is forbidden, a
value the method refuses — is reported where it is met, located, and its cell
is not given; the rest of the cohort is prepared the same, and
:class:`~dtikit.errors.AssessmentInvalid` lists every problem at the end.

This is the one implementation of scoring; the property tests hold it equal
to a unit-by-unit ``Decimal`` oracle (``tests/oracle.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from itertools import compress, repeat
from operator import attrgetter
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from ..assessment import Appraisal, Assessment, NotApplicable, Number, Ratio
from ..errors import AssessmentInvalid, Problem, RubricInvalid
from ..messages import Text, message_of
from ..methods import MethodRegistry, installed_methods
from ..methods.base import whole_numbers
from ..model import Rubric
from ..numbers import ONE, ZERO
from ..scoring import (
    Finding,
    NodeBlock,
    NodeColumns,
    NodeScore,
    NodeState,
    Scorecard,
    evidence_finding,
    evidence_kind,
    leaf_rule,
    same_agency,
)
from .columns import Cohort, Encoded, LeafColumn, RatioPairs, fast_answer, fast_ratio
from .plan import BoolArray, Decline, IntArray, Kernel, Plan, gc_paused

_code = attrgetter("code")
_value = attrgetter("value")
_NONE_TYPE = type(None)
_STAGES = ("self", "appraised", "final")
_REMOVED = "Không áp dụng cho loại đơn vị này"
_NOT_APPLICABLE = "Không áp dụng"
_MISS: Any = object()  # not remembered yet
_UNSEEN: list[int] = []  # a layout not met yet
_STATE_TABLE = np.array(["scored", "not_answered", "not_applicable"], dtype=object)
_RULES = 200_000  # distinct traces remembered (a ratio's pair is nearly every unit's own)


class _Stage:
    """Node-major arrays of one stage: points (fixed point at the rubric's
    places), unknown, not applicable. Every value comes out quantized at the
    places, however it was computed."""

    __slots__ = ("na", "pts", "unk")

    def __init__(self, pts: IntArray, unk: BoolArray, na: BoolArray) -> None:
        self.pts = pts
        self.unk = unk
        self.na = na


class Engine:
    """Everything a cohort's lazy scorecards read from."""

    def __init__(self, plan: Plan, cohort: Sequence[Assessment]) -> None:
        self.plan = plan
        self.rubric = plan.rubric
        self.cohort = cohort
        self.n = len(cohort)
        self.places = plan.places
        self.stages: dict[str, _Stage] = {}
        self.appraised_rows: dict[int, int] = {}  # unit → column in the appraised stage
        self.best: dict[str, dict[str, Decimal]] = {"self": {}, "final": {}}
        # unit → pattern number (-1: nominal)
        self.pattern_of: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)
        self.patterns: list[tuple[list[Decimal], Decimal]] = []
        self.totals: list[int] = []
        self._dec: dict[int, Decimal] = {}
        # what the traces and findings read, kept from the scoring itself
        self.cols: dict[str, list[Sequence[Any] | LeafColumn]] = {}
        self.removed_of: list[frozenset[str]] = [frozenset()]  # by variant
        self.vidx: npt.NDArray[np.intp] = np.zeros(0, dtype=np.intp)  # unit → variant number
        self.appraised_by: dict[int, dict[str, str]] = {}
        self.unassigned: dict[int, list[Finding]] = {}  # appraiser_not_assigned, in order
        self.lates: list[bool] = []
        self.submitted: Sequence[date | None] = ()
        self._rules: dict[tuple[int, Any, Decimal | None], str] = {}
        self._key_cache: dict[str, tuple[list[int], npt.NDArray[np.int64],
                                         npt.NDArray[np.object_], list[int]]] = {}
        self._apps: npt.NDArray[np.object_] | None = None
        self._reader_cache: dict[str, tuple[list[Any], list[Decimal | None]]] = {}
        self._evidence_ids: tuple[npt.NDArray[np.int32], list[Finding]] | None = None

    # ------------------------------------------------------------ decimals

    def dec(self, value: int) -> Decimal:
        """A fixed-point value as the Decimal it is, at the rubric's places."""
        d = self._dec.get(value)
        if d is None:
            d = Decimal(value).scaleb(-self.places)
            if len(self._dec) < 1_000_000:
                self._dec[value] = d
        return d

    def points(self, stage: str, node: int, unit: int) -> Decimal | None:
        st = self.stages.get(stage)
        if st is None:
            return None
        if stage == "appraised":
            col = self.appraised_rows.get(unit)
            if col is None:
                return None
            unit = col
        if st.unk[node, unit] or st.na[node, unit]:
            return None
        return self.dec(int(st.pts[node, unit]))

    def applicable_max(self, node: int, unit: int) -> Decimal:
        pid = int(self.pattern_of[unit])
        if pid < 0:
            return self.plan.nominal_app[node]
        return self.patterns[pid][0][node]

    def value(self, stage: str, pos: int, unit: int) -> Any:
        """The answer value of leaf ``pos`` for ``unit`` at ``stage`` (self or final)."""
        col = self.cols[stage][pos]
        return col.at(unit) if isinstance(col, (Encoded, RatioPairs)) else col[unit]

    def rule(self, stage: str, pos: int, unit: int) -> str | None:
        """The leaf's trace for ``unit``: the method's own rule (:func:`leaf_rule`),
        once per distinct answer of the column."""
        return self.leaf_rules(stage, unit)[pos]

    def leaf_rules(self, stage: str, unit: int) -> list[str | None]:
        """Every leaf's trace for ``unit`` at ``stage`` (self or final), in the
        leaves' order (:meth:`block_rules` of the one unit)."""
        return self.block_rules(stage, [unit])

    def block_rules(self, stage: str, units: Sequence[int]) -> list[str | None]:
        """Every leaf's trace for each of ``units`` at ``stage`` (self or final),
        leaf by leaf in the leaves' order (item ``j * len(units) + k``: leaf
        ``j``, unit ``units[k]``): the method's own rule (:func:`leaf_rule`),
        computed once per distinct (leaf, answer, cohort's best) — the self and
        final stages share what they have in common; a dictionary-encoded
        column's (and a ratio column's pair of counts) once per code of its
        table(s), looked up for every leaf and unit of the block at once; a leaf
        its unit's variant removes is :data:`_REMOVED`."""
        u = np.asarray(units, dtype=np.intp)
        n = len(units)
        getters, bests = self._readers(stage)
        keyed, matrix, tables, rest = self._rule_keys(stage)
        removed = self._removed_leaves(u)
        keys: list[int] = matrix[u].T.ravel().tolist()  # keyed leaf by leaf, unit by unit
        got: list[Any] = list(map(dict.get, np.repeat(tables, n).tolist(), keys, repeat(_MISS)))
        if _MISS in got:
            for at in [at for at, text in enumerate(got) if text is _MISS]:
                j, k = divmod(at, n)
                pos, texts = keyed[j], tables[j]
                gone = removed.get(pos)
                if gone is not None and gone[k]:
                    continue
                text = texts.get(keys[at], _MISS)
                if text is _MISS:  # once per code: not remembered by answer too
                    if len(texts) >= _RULES:
                        texts.clear()
                    text = texts[keys[at]] = self._rule(pos, getters[pos](units[k]),
                                                        bests[pos], False)
                got[at] = text
        if rest:  # columns of plain values (not a Cohort's): leaf by leaf in the leaves' order
            out: list[Any] = [None] * (len(getters) * n)
            for j, pos in enumerate(keyed):
                out[pos * n:(pos + 1) * n] = got[j * n:(j + 1) * n]
            rule = self._rule
            for pos in rest:
                get, best, gone = getters[pos], bests[pos], removed.get(pos)
                out[pos * n:(pos + 1) * n] = [
                    None if gone is not None and gone[k] else rule(pos, get(x), best)
                    for k, x in enumerate(units)]  # a removed leaf's answer never scored
            got = out
        for pos, gone in removed.items():
            for k in [k for k, g in enumerate(gone) if g]:
                got[pos * n + k] = _REMOVED
        return got

    def _rule_keys(self, stage: str) -> tuple[list[int], npt.NDArray[np.int64],
                                             npt.NDArray[np.object_], list[int]]:
        """At ``stage``: the leaves whose answers have codes (a dictionary-encoded
        column: its code; a ratio column: its pair of counts' codes, anything
        else its other code negated - 1), each unit's key for each of them (a
        row per unit), each one's traces by key so far; and the other leaves."""
        got = self._key_cache.get(stage)
        if got is None:
            keyed, rest, columns = [], [], []
            for pos, col in enumerate(self.cols[stage]):
                if isinstance(col, Encoded):
                    columns.append(col.codes.astype(np.int64))
                elif isinstance(col, RatioPairs):
                    columns.append(np.where(col.plain, col.a.codes.astype(np.int64) << 32 |
                                            col.b.codes.astype(np.int64),
                                            -1 - col.other.codes.astype(np.int64)))
                else:
                    rest.append(pos)
                    continue
                keyed.append(pos)
            matrix = np.ascontiguousarray(np.stack(columns, axis=1)) if columns else \
                np.zeros((self.n, 0), dtype=np.int64)
            tables = np.empty(len(keyed), dtype=object)
            tables[:] = [{} for _ in keyed]
            got = self._key_cache[stage] = (keyed, matrix, tables, rest)
        return got

    def _removed_leaves(self, u: npt.NDArray[np.intp]) -> dict[int, list[bool]]:
        """Leaf position → whether each unit of ``u`` has it removed by its variant
        (only leaves some unit of ``u`` has removed)."""
        out: dict[int, list[bool]] = {}
        if len(self.removed_of) <= 1 and not self.removed_of[0]:
            return out
        vids = self.vidx[u]
        positions = self.plan.leaf_pos
        for v in np.unique(vids).tolist():
            for code in self.removed_of[v]:
                pos = positions.get(code)
                if pos is None:
                    continue
                mask = out.get(pos)
                hit = (vids == v).tolist()
                out[pos] = hit if mask is None else [a or b for a, b in zip(mask, hit)]
        return out

    def _rule(self, pos: int, value: Any, best: Decimal | None,
              remember: bool = True) -> str | None:
        """Leaf ``pos``'s trace for one answer (None: not answered); ``remember``:
        by the answer, for the next unit with it."""
        if value is None:
            return None
        if isinstance(value, NotApplicable):
            return _NOT_APPLICABLE
        if not remember:
            return leaf_rule(self.plan.kernels[pos].method, value, best, self.places)
        rules = self._rules
        key = (pos, value, best)
        text = rules.get(key)
        if text is None:
            text = leaf_rule(self.plan.kernels[pos].method, value, best, self.places)
            if len(rules) >= _RULES:
                rules.clear()
            rules[key] = text
        return text

    def _readers(self, stage: str) -> tuple[list[Any], list[Decimal | None]]:
        """Per leaf: the answer of a unit (a function of its number) and the
        cohort's best value, at ``stage``."""
        got = self._reader_cache.get(stage)
        if got is None:
            getters = [col.at if isinstance(col, (Encoded, RatioPairs)) else col.__getitem__
                       for col in self.cols[stage]]
            best = self.best[stage]
            got = self._reader_cache[stage] = (
                getters, [best.get(code) for code in self.plan.leaf_codes])
        return got

    def _block_points(self, stage: str, u: npt.NDArray[np.intp]) -> list[Decimal | None]:
        """Every node's points of the units ``u`` at ``stage``, node by node (item
        ``i * len(u) + k``; None: unknown or not applicable); equal points the
        same Decimal (:meth:`dec`)."""
        st = self.stages.get(stage)
        size, n = len(self.plan.codes), len(u)
        if st is None:
            return [None] * (size * n)
        missing = None
        if stage == "appraised":
            rows = [self.appraised_rows.get(x, -1) for x in u.tolist()]
            if all(r < 0 for r in rows):
                return [None] * (size * n)
            cols = np.asarray(rows, dtype=np.intp)
            missing = cols < 0
            u = np.where(missing, 0, cols)
        pts = st.pts[:, u]
        gone = st.unk[:, u] | st.na[:, u]
        if missing is not None:
            gone |= missing[None, :]
        flat: list[int] = pts.ravel().tolist()
        out: list[Decimal | None] = list(map(self._dec.get, flat))
        if None in out:  # not met yet
            dec = self.dec
            for at in [at for at, d in enumerate(out) if d is None]:
                out[at] = dec(flat[at])
        for at in np.flatnonzero(gone.ravel()).tolist():
            out[at] = None
        return out

    def unit_block(self, units: Sequence[int]) -> NodeBlock:
        """Every node of ``units``, read off the stages' columns at once, node by node."""
        plan = self.plan
        u = np.asarray(units, dtype=np.intp)
        n, size = len(u), len(plan.codes)
        if not n:
            return NodeBlock(plan.codes, [], [], [], [], [], [], [], [])
        final = self.stages["final"]
        kind = np.where(final.na[:, u], 2, final.unk[:, u].astype(np.intp))
        state: list[NodeState] = _STATE_TABLE[kind].ravel().tolist()
        app: list[Decimal] = self._app_table()[:, self.pattern_of[u] + 1].ravel().tolist()
        self_leaf = self.block_rules("self", units)
        shared = self.cols["final"] is self.cols["self"] and \
            self.best["final"] is self.best["self"]
        final_leaf = self_leaf if shared else self.block_rules("final", units)
        rules = np.empty((size, n), dtype=object)  # parents: None
        rules[plan.leaf_nodes] = np.array(self_leaf, dtype=object).reshape(-1, n)
        self_rule: list[str | None] = rules.ravel().tolist()
        if final_leaf is not self_leaf:
            rules[plan.leaf_nodes] = np.array(final_leaf, dtype=object).reshape(-1, n)
        final_rule: list[str | None] = rules.ravel().tolist()
        by: list[str | None] = [None] * (size * n)
        if self.appraised_by:
            index = plan.index
            for k, unit in enumerate(u.tolist()):
                for code, agency in self.appraised_by.get(unit, {}).items():
                    by[index[code] * n + k] = agency
        self_pts = self._block_points("self", u)
        final_pts = self_pts if final is self.stages.get("self") else \
            self._block_points("final", u)
        return NodeBlock(plan.codes, state, app, self_pts, self._block_points("appraised", u),
                         final_pts, self_rule, final_rule, by)

    def _app_table(self) -> npt.NDArray[np.object_]:
        """Applicable maxima node by node: column 0 the nominal, 1 + p pattern p's."""
        table = self._apps
        if table is None or table.shape[1] != len(self.patterns) + 1:
            table = np.empty((len(self.plan.codes), len(self.patterns) + 1), dtype=object)
            for p, app in enumerate([self.plan.nominal_app, *[a for a, _ in self.patterns]]):
                table[:, p] = app
            self._apps = table
        return table

    def unit_nodes(self, unit: int) -> NodeColumns:
        """Every node of ``unit``, read off the stages' columns at once (the
        :meth:`unit_block` of the one unit)."""
        return self.unit_block([unit]).unit(0)

    def node_scores(self, unit: int) -> dict[str, NodeScore]:
        """Every node of ``unit``, read off the stages' columns at once."""
        cols = self.unit_nodes(unit)
        return {code: cols.node_score(i, ind.max)
                for i, (code, ind) in enumerate(zip(self.plan.codes, self.plan.nodes))}

    def _evidence(self, unit: int) -> list[Finding]:
        """Findings on evidence of one unit's self-assessed answers, in their order."""
        cohort = self.cohort
        if isinstance(cohort, Cohort):
            ids, found = self._evidence_table()
            return [found[k] for k in ids[unit].tolist() if k]
        return [evidence_finding(k, a.code) for a in cohort[unit].answers
                if (k := evidence_kind(a))]

    def _evidence_table(self) -> tuple[npt.NDArray[np.int32], list[Finding]]:
        """The evidence finding of every unit's answer in every answer column of
        an imported Cohort (unit-major; 0: none, else its number in the list),
        worked out once per distinct answer (:func:`evidence_kind`)."""
        if self._evidence_ids is None:
            cohort = self.cohort
            assert isinstance(cohort, Cohort)
            found: list[Finding] = [Finding("", "")]  # number 0: no finding
            number: dict[Finding, int] = {}

            def numbered(ans: Any) -> int:
                kind = evidence_kind(ans)
                if not kind:
                    return 0
                f = evidence_finding(kind, ans.code)
                k = number.get(f)
                if k is None:
                    k = number[f] = len(found)
                    found.append(f)
                return k

            columns = cohort.answer_columns
            ids = np.zeros((len(columns), self.n), dtype=np.int32)
            for c, col in enumerate(columns):
                if isinstance(col, RatioPairs):
                    # a plain pair is an answer built without evidence or explanation
                    table = np.array([numbered(a) for a in col.other.table] or [0],
                                     dtype=np.int32)
                    plain = numbered(fast_answer(col.code, fast_ratio(ONE, ONE)))
                    ids[c] = np.where(col.plain, plain, table[col.other.codes])
                else:
                    table = np.array([numbered(a) for a in col.table] or [0], dtype=np.int32)
                    ids[c] = table[col.codes]
            self._evidence_ids = (np.ascontiguousarray(ids.T), found)
        return self._evidence_ids

    def _late(self, unit: int) -> Finding:
        deadline = self.rubric.workflow.deadline
        return Finding("late", f"Nộp ngày {self.submitted[unit]:%d/%m/%Y}, "
                               f"sau thời hạn {deadline:%d/%m/%Y}")

    def _missing(self, unit: int) -> list[str]:
        final = self.stages["final"]
        leaf_nodes = self.plan.leaf_nodes
        codes = self.plan.codes
        return [codes[leaf_nodes[j]]
                for j in np.flatnonzero(final.unk[leaf_nodes, unit]).tolist()]

    def findings(self, unit: int) -> tuple[Finding, ...]:
        out = list(self.unassigned.get(unit, ()))
        out += self._evidence(unit)
        if self.lates[unit]:
            out.append(self._late(unit))
        missing = self._missing(unit)
        if missing:
            out.append(Finding("not_answered", "Chưa trả lời: " + ", ".join(missing)))
        return tuple(out)

    def finding_counts(self) -> dict[str, int]:
        """How many findings of each kind the cohort's scorecards hold, counted
        column by column (no finding is built): what :meth:`findings` would list."""
        counts: dict[str, int] = {}

        def add(kind: str, k: int) -> None:
            if k:
                counts[kind] = counts.get(kind, 0) + k

        for found in self.unassigned.values():
            for f in found:
                add(f.kind, 1)
        tally = [0, 0, 0]
        cohort = self.cohort
        if isinstance(cohort, Cohort):
            ids, found = self._evidence_table()
            for f, k in zip(found[1:], np.bincount(ids.ravel(), minlength=len(found))[1:]):
                tally[_EVIDENCE_KINDS.index(f.kind)] += int(k)
        else:
            for a in cohort:
                for ans in a.answers:
                    tally[evidence_kind(ans)] += 1
        add(_EVIDENCE_KINDS[1], tally[1])
        add(_EVIDENCE_KINDS[2], tally[2])
        add("late", sum(self.lates))
        final = self.stages["final"]
        add("not_answered", int(final.unk[self.plan.leaf_nodes].any(axis=0).sum()))
        return counts


_EVIDENCE_KINDS = ("", "explained", "evidence_missing")


# ------------------------------------------------------------- lazy views


class LazyNodes(Mapping[str, NodeScore]):
    """A scorecard's nodes, built (with their traces) when one is first read."""

    __slots__ = ("_cache", "_engine", "_unit")

    def __init__(self, engine: Engine, unit: int) -> None:
        self._engine = engine
        self._unit = unit
        self._cache: dict[str, NodeScore] | None = None

    def __getitem__(self, code: str) -> NodeScore:
        cache = self._cache
        if cache is None:
            cache = self._cache = self._engine.node_scores(self._unit)
        return cache[code]  # KeyError for an unknown code

    def __contains__(self, code: object) -> bool:
        return code in self._engine.plan.index

    def node_columns(self, codes: Sequence[str]) -> NodeColumns | None:
        """The nodes as :class:`~dtikit.scoring.NodeColumns` in the order of
        ``codes`` (None unless that is the rubric's walk), no NodeScore built."""
        block = self.node_block(codes, [self])
        return None if block is None else block.unit(0)

    def node_block(self, codes: Sequence[str], nodes: Sequence[Any]) -> NodeBlock | None:
        """The nodes of several scorecards (``nodes``: their ``nodes``) as a
        :class:`~dtikit.scoring.NodeBlock` in the order of ``codes``; None unless
        every one is of this engine and ``codes`` is the rubric's walk."""
        engine = self._engine
        if tuple(codes) != engine.plan.codes or not all(
                type(n) is LazyNodes and n._engine is engine for n in nodes):
            return None
        return engine.unit_block([n._unit for n in nodes])

    def __iter__(self) -> Iterator[str]:
        return iter(self._engine.plan.codes)

    def __len__(self) -> int:
        return len(self._engine.plan.codes)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return dict(self.items()) == dict(other.items())

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self.items()),))


class LazyFindings(Sequence[Finding]):
    """A scorecard's findings, built when first read; compares equal to the tuple."""

    __slots__ = ("_engine", "_items", "_unit")

    def __init__(self, engine: Engine, unit: int) -> None:
        self._engine = engine
        self._unit = unit
        self._items: tuple[Finding, ...] | None = None

    def _all(self) -> tuple[Finding, ...]:
        if self._items is None:
            self._items = self._engine.findings(self._unit)
        return self._items

    @overload
    def __getitem__(self, i: int) -> Finding: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[Finding, ...]: ...

    def __getitem__(self, i: int | slice) -> Finding | tuple[Finding, ...]:
        return self._all()[i]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyFindings):
            return self._all() == other._all()
        if isinstance(other, (tuple, list)):
            return self._all() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __add__(self, other: Sequence[Finding]) -> tuple[Finding, ...]:
        return self._all() + tuple(other)

    def __radd__(self, other: Sequence[Finding]) -> tuple[Finding, ...]:
        return tuple(other) + self._all()

    def __repr__(self) -> str:
        return repr(self._all())

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (self._all(),))


class ScoredCohort(tuple[Scorecard, ...]):
    """What :func:`dtikit.score` returns: a tuple of scorecards that also keeps
    the cohort's columns, so :func:`dtikit.rank` can work on them directly."""

    engine: Engine | None

    def __new__(cls, cards: Iterable[Scorecard], engine: Engine | None = None) -> ScoredCohort:
        self = super().__new__(cls, cards)
        self.engine = engine
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # pickles as the plain tuple it equals
        return (tuple, (tuple(self),))

    # ---------------------------------------------- read accessors of the stage columns

    def whole(self) -> Engine | None:
        """The engine when these are every scorecard it scored (in its order), else None."""
        engine = self.engine
        return engine if engine is not None and len(self) == engine.n else None

    def appraised_cells(self) -> list[tuple[int, str, str, Decimal | None, Decimal | None]]:
        """Every appraised leaf of every unit, in unit then tree order: ``(unit index,
        code, agency, self points, appraised points)`` — what each scorecard's
        :class:`NodeScore` says (``appraised_by``, ``self_points``,
        ``appraised_points``), read off the stage columns for the appraised cells
        only: nothing is read when no unit was appraised."""
        engine = self.whole()
        if engine is None:
            raise ValueError("the scorecards are not the whole cohort the engine scored")
        if not engine.appraised_by:
            return []
        codes, index, dec = engine.plan.codes, engine.plan.index, engine.dec
        own, app = engine.stages["self"], engine.stages["appraised"]
        out: list[tuple[int, str, str, Decimal | None, Decimal | None]] = []
        for unit in sorted(engine.appraised_by):
            by = engine.appraised_by[unit]
            col = engine.appraised_rows[unit]
            for node in sorted(index[code] for code in by):
                s = None if own.unk[node, unit] or own.na[node, unit] else \
                    dec(int(own.pts[node, unit]))
                a = None if app.unk[node, col] or app.na[node, col] else \
                    dec(int(app.pts[node, col]))
                out.append((unit, codes[node], by[codes[node]], s, a))
        return out


# ------------------------------------------------------------- the scoring


def _located(a: Assessment, code: str | None, appraised: bool = False) -> str:
    """``"file.xlsx, Biểu 03!F27, "``: where ``a`` (the answer to ``code``, its
    appraised one with ``appraised``) was read, as a problem's prefix; empty
    for an assessment that was not read from a file."""
    o = a.origin
    if o is None:
        return ""
    return f"{o.source}, {o.where if code is None else o.cell(code, appraised=appraised)}, "


def _at(a: Assessment, code: str | None, appraised: bool, where: Text) -> Text:
    """``where`` (a unit, its stage and code) behind the file and cell it was read from."""
    place = _located(a, code, appraised)
    return Text("at.located", place=place, where=where) if place else where


class _Problems:
    """The problems of a cohort, collected where the engine's prepare finds
    them — each located at its unit, stage, code and, for an assessment read
    from a file, its file and sheet!cell — and reported together, in one
    order: units assessed twice; then unit by unit (in the cohort's order)
    its own problems, its self-assessment's answers, each appraisal's
    answers (in their order); then the values the methods refuse, unit by
    unit, code by code (in the rubric's order), self before final. Each
    problem once."""

    __slots__ = ("cohort", "found")

    def __init__(self, cohort: Sequence[Assessment]) -> None:
        self.cohort = cohort
        self.found: list[tuple[tuple[int, int, int, int], Problem]] = []

    def unit(self, i: int, order: int, message: Text | str) -> None:
        """A problem of unit ``i`` itself (0: another rubric, 1: its variant)."""
        a = self.cohort[i]
        self.found.append(((1, i, 0, order), Problem(
            _at(a, None, False, Text("at.unit", unit=a.unit.name)), message)))

    def answer(self, i: int, appraisal: int | None, j: int | None, code: str,
               message: Text | str) -> None:
        """A bad answer of unit ``i``: its self-assessment's (``appraisal`` None)
        or its ``appraisal``-th appraisal's ``j``-th answer (None: the self
        answer to ``code``)."""
        a = self.cohort[i]
        if appraisal is None:
            who = Text("at.self_assessment")
            if j is None:
                j = next((k for k, ans in enumerate(a.answers) if ans.code == code), 0)
        else:
            who = Text("at.appraisal_by", agency=a.appraisals[appraisal].agency)
        where = Text("at.unit_stage_code", where=Text("at.unit", unit=a.unit.name), stage=who,
                     code=code)
        self.found.append(((1, i, 1 if appraisal is None else 2 + appraisal, j or 0),
                           Problem(_at(a, code, appraisal is not None, where), message)))

    def refused(self, i: int, pos: int, code: str, final: bool, appraised: bool,
                message: Text | str) -> None:
        """A value the method of leaf ``pos`` refuses, in unit ``i``'s self or
        final stage (``appraised``: the appraisal's value)."""
        a = self.cohort[i]
        where = _at(a, code, appraised, Text("at.unit_code", where=Text("at.unit", unit=a.unit.name),
                                             code=code))
        self.found.append(((2, i, pos, int(final)), Problem(where, message)))

    def twice(self, ids: Sequence[str]) -> None:
        """Each unit id the cohort holds more than once, with the places it was read."""
        rows: dict[str, list[int]] = {}
        for i, uid in enumerate(ids):
            rows.setdefault(uid, []).append(i)
        for rank, uid in enumerate(sorted(u for u, at in rows.items() if len(at) > 1)):
            origins = [self.cohort[i].origin for i in rows[uid]]
            places = "; ".join(dict.fromkeys(f"{o.source}, {o.where}"
                                              for o in origins if o is not None))
            self.found.append(((0, rank, 0, 0), Problem(
                Text("at.unit_in", unit=uid, places=places) if places
                else Text("at.unit", unit=uid), Text("assessment.twice"))))

    def raise_any(self, rubric: Rubric) -> None:
        if self.found:
            self.found.sort(key=lambda f: f[0])
            problems = list(dict.fromkeys(p for _, p in self.found))
            raise AssessmentInvalid(problems, source=rubric.id)


def _answer_problem(plan: Plan, pos: int, value: Any, removed: frozenset[str]) -> Text | None:
    """What is wrong with ``value`` as an answer to leaf ``pos`` (``removed``:
    the codes the unit's variant removes), or None: *Không áp dụng* where the
    rubric does not accept it, or a value of a type the leaf's method does not take."""
    if isinstance(value, NotApplicable):
        return None if plan.rubric.accepts_na(plan.leaf_codes[pos], removed) else \
            Text("assessment.na_forbidden")
    kernel = plan.kernels[pos]
    if value is None or isinstance(value, kernel.types):
        return None
    return _wrong_type(kernel, value)


def _take(plan: Plan, answers: Sequence[Any], removed: frozenset[str],
          bad: Callable[[int, str, Text], None]) -> dict[int, Any]:
    """The values of ``answers`` (leaf position → value, the first answer to a
    code) that can be scored; ``bad(j, code, message)`` for each other answer:
    a code not in the rubric, a computed code, a code answered twice, or what
    :func:`_answer_problem` says."""
    rubric = plan.rubric
    out: dict[int, Any] = {}
    for j, ans in enumerate(answers):
        code = ans.code
        pos = plan.leaf_pos.get(code)
        if pos is None:
            bad(j, code, Text("assessment.no_indicator", code=code, rubric=rubric.id)
                if code not in rubric else Text("assessment.not_a_leaf", code=code))
        elif pos in out:
            bad(j, code, Text("assessment.answered_twice"))
        else:
            problem = _answer_problem(plan, pos, ans.value, removed)
            if problem is None:
                out[pos] = ans.value
            else:
                bad(j, code, problem)
    return out


def _columns(plan: Plan, cohort: Sequence[Assessment], removed_of: Callable[[int], frozenset[str]],
             problems: _Problems) -> list[Sequence[Any]]:
    """One column of answer values per leaf (None where a unit did not answer).
    A unit with a code the rubric does not score, or one code twice, has its
    answers taken one by one (:func:`_take`), each bad one reported."""
    leaf_pos = plan.leaf_pos
    canonical = plan.leaf_codes
    width = len(canonical)
    layouts: dict[tuple[str, ...], list[int] | None] = {}
    rows: list[Sequence[Any]] = []
    for i, a in enumerate(cohort):
        answers = a.answers
        codes = tuple(map(_code, answers))
        if codes == canonical:
            rows.append(list(map(_value, answers)))
            continue
        positions = layouts.get(codes, _UNSEEN)
        if positions is _UNSEEN:
            positions = [leaf_pos.get(c, -1) for c in codes]
            if -1 in positions or len(set(positions)) != len(positions):
                positions = None  # taken answer by answer
            layouts[codes] = positions
        row: list[Any] = [None] * width
        if positions is None:
            def bad(j: int, code: str, message: Text, i: int = i) -> None:
                problems.answer(i, None, j, code, message)

            for pos, value in _take(plan, answers, removed_of(i), bad).items():
                row[pos] = value
        else:
            for pos, value in zip(positions, map(_value, answers)):
                row[pos] = value
        rows.append(row)
    if not rows:
        return [() for _ in canonical]
    return list(zip(*rows))


class _Bad:
    """The bad cells of one leaf's column: ``answers`` (row → what is wrong:
    :func:`_answer_problem`) and ``refused`` (row → the method's message)."""

    __slots__ = ("answers", "refused")

    def __init__(self) -> None:
        self.answers: dict[int, Text] = {}
        self.refused: dict[int, Any] = {}

    def __bool__(self) -> bool:
        return bool(self.answers or self.refused)

    def rows(self) -> list[int]:
        return sorted({*self.answers, *self.refused})

    def spread(self, units: Callable[[int], Iterable[int]]) -> _Bad:
        """Each row's problem given to every unit ``units(row)`` names."""
        out = _Bad()
        for src, dst in ((self.answers, out.answers), (self.refused, out.refused)):
            for row, message in src.items():
                for u in units(row):
                    dst[u] = message
        return out

    def merge(self, other: _Bad) -> None:
        self.answers.update(other.answers)
        self.refused.update(other.refused)


def _leaf_column(
    kernel: Kernel, col: Sequence[Any] | LeafColumn, removed: BoolArray | None, forbid: bool,
    best: Decimal | None, bad: _Bad | None = None,
) -> tuple[IntArray, BoolArray, BoolArray]:
    """Points, unknown and not-applicable masks of one leaf over the cohort.
    A bad cell — a value of a type the method does not take, *Không áp dụng*
    where ``forbid``, a value the method refuses — is handed to ``bad`` (by
    row) and is not given (unknown)."""
    found = _Bad()
    if removed is not None and removed.any():
        # an answer to a leaf the unit's variant removes is checked for its type
        # only, never scored (as the reference): its value may be one the method
        # refuses
        allowed = (_NONE_TYPE, NotApplicable, *kernel.types)
        if isinstance(col, (RatioPairs, Encoded)):
            col = _without_removed(kernel, col, removed, allowed, found)
        else:
            kept: list[Any] = []
            for i, (v, r) in enumerate(zip(col, removed.tolist())):
                if r and not isinstance(v, allowed):
                    found.answers[i] = _wrong_type(kernel, v)
                kept.append(None if r else v)
            col = kept
    if isinstance(col, RatioPairs):
        plain_pts = _pairs_points(kernel, col)
        if plain_pts is None:  # counts that are not whole, or too large: pair by pair
            pts, unk, na = _leaf_column(kernel, col.decode(), removed, forbid, best, found)
            _report(found, bad, pts, unk, na)
            return pts, unk, na
        other = _Bad()
        o_pts, o_unk, o_na = _leaf_column(kernel, col.other, None, False, best, other)
        plain = col.plain
        if other:
            keep = plain.tolist()
            found.merge(other.spread(lambda row: () if keep[row] else (row,)))
        pts = np.where(plain, plain_pts, o_pts)
        unk, na = o_unk & ~plain, o_na & ~plain
    elif isinstance(col, Encoded):  # each distinct answer once, then every unit by index
        entries = _Bad()
        t_pts, t_unk, t_na = _leaf_column(kernel, col.table, None, False, best, entries)
        codes = col.codes
        pts, unk, na = t_pts[codes], t_unk[codes], t_na[codes]
        if entries:  # a bad entry is every unit's that holds it
            found.merge(entries.spread(lambda k: np.flatnonzero(codes == k).tolist()))
    else:
        n = len(col)
        types = list(map(type, col))
        kinds = set(types)
        refused: dict[int, Any] = {}
        if len(kinds) == 1 and next(iter(kinds)) in kernel.types:
            pts = np.asarray(kernel.column(col, best, refused), dtype=np.int64)
            unk = np.zeros(n, dtype=np.bool_)
            na = np.zeros(n, dtype=np.bool_)
            found.refused.update(refused)
        else:
            type_codes = {_NONE_TYPE: 0, NotApplicable: 1}
            for t in kernel.types:
                type_codes[t] = 2
            for t in kinds - type_codes.keys():  # a subclass is its type; else wrong
                type_codes[t] = 2 if issubclass(t, kernel.types) else 3
            tcodes = np.array(list(map(type_codes.__getitem__, types)), dtype=np.int8)
            unk = tcodes == 0
            na = tcodes == 1
            given = tcodes == 2
            pts = np.zeros(n, dtype=np.int64)
            if (tcodes == 3).any():
                for i in np.flatnonzero(tcodes == 3).tolist():
                    found.answers[i] = _wrong_type(kernel, col[i])
            if given.any():
                rows = np.flatnonzero(given)
                pts[rows] = np.asarray(kernel.column(list(compress(col, given.tolist())), best,
                                                     refused), dtype=np.int64)
                if refused:
                    found.refused.update((int(rows[j]), m) for j, m in refused.items())
    # removed cells hold None here (above), so any not-applicable answer is the unit's own
    if forbid and na.any():
        for i in np.flatnonzero(na).tolist():
            found.answers[i] = Text("assessment.na_forbidden")
    if removed is not None and removed.any():
        pts[removed] = 0
        na = na | removed
        unk = unk & ~removed
    _report(found, bad, pts, unk, na)
    return pts, unk, na


def _report(found: _Bad, bad: _Bad | None, pts: IntArray, unk: BoolArray, na: BoolArray) -> None:
    """Bad cells are not given (unknown), and handed to ``bad``."""
    if not found:
        return
    rows = found.rows()
    pts[rows] = 0
    unk[rows] = True
    na[rows] = False
    if bad is not None:
        bad.merge(found)


def _wrong_type(kernel: Kernel, value: Any) -> Text:
    """:func:`_answer_problem` of a value that is not None, not *Không áp dụng*."""
    method = kernel.method
    return Text("assessment.wrong_type", kind=method.kind,
                want=" or ".join(t.__name__ for t in kernel.types),
                got=type(value).__name__, value=value)


def _without_removed(kernel: Kernel, col: LeafColumn, removed: BoolArray,
                     allowed: tuple[type, ...], found: _Bad) -> LeafColumn:
    """The column with None where ``removed`` (each removed cell's answer checked
    for its type only, a bad one in ``found``), kept as a column: the same
    entries as the decoded column with None there, without decoding it (a leaf
    some variants remove is still scored once per distinct answer)."""
    if isinstance(col, RatioPairs):
        if Ratio not in allowed:
            wrong = removed & col.plain
            if wrong.any():
                values = col.decode()
                for i in np.flatnonzero(wrong).tolist():
                    found.answers[i] = _wrong_type(kernel, values[i])
        other = _drop_entries(kernel, col.other, removed, removed & ~col.plain, allowed, found)
        return RatioPairs(col.code, col.a, col.b, col.plain & ~removed, other,
                          answers=col.answers)
    return _drop_entries(kernel, col, removed, removed, allowed, found)


def _drop_entries(kernel: Kernel, col: Encoded, removed: BoolArray, check: BoolArray,
                  allowed: tuple[type, ...], found: _Bad) -> Encoded:
    """``col`` with None at ``removed``; the entries at ``check`` must be of an
    ``allowed`` type (each unit holding one that is not, in ``found``); an
    entry no other unit has is dropped (never scored)."""
    table, codes = col.table, col.codes
    for k in sorted(set(codes[check].tolist())):
        if not isinstance(table[k], allowed):
            for i in np.flatnonzero(check & (codes == k)).tolist():
                found.answers[i] = _wrong_type(kernel, table[k])
    used = np.zeros(len(table), dtype=np.bool_)
    used[codes[~removed]] = True
    kept = [v if u else None for v, u in zip(table, used.tolist())]
    return Encoded([*kept, None], np.where(removed, len(table), codes).astype(np.int32))


def _pairs_points(kernel: Kernel, col: RatioPairs) -> IntArray | None:
    """Points of a ratio column's plain pairs (0 elsewhere), in int64 at once;
    None when the kernel cannot take the counts as whole numbers."""
    a_table = whole_numbers([ZERO if v is None else v for v in col.a.table])
    b_table = whole_numbers([ZERO if v is None else v for v in col.b.table])
    if a_table is None or b_table is None:
        return None
    plain = col.plain
    a = np.where(plain, a_table[col.a.codes], 0)
    b = np.where(plain, b_table[col.b.codes], 1)
    return kernel.arrays(a, b)


def _aggregate(plan: Plan, leaf: _Stage, removed: BoolArray | None) -> _Stage:
    """Every node from its leaves, for all units at once: a parent adds its
    applicable children (unknown if one is unknown, not applicable if all are),
    capped at its maximum; where a not-applicable share is redistributed, the
    applicable children's whole subtrees grow by (nominal + share) / nominal,
    each leaf rounded half-up and each parent re-added — as
    :func:`dtikit.scoring._aggregate` does, unit by unit."""
    n = leaf.pts.shape[1]
    size = len(plan.nodes)
    pts = np.zeros((size, n), dtype=np.int64)
    unk = np.zeros((size, n), dtype=np.bool_)
    na = np.zeros((size, n), dtype=np.bool_)
    pts[plan.leaf_nodes] = leaf.pts
    unk[plan.leaf_nodes] = leaf.unk
    na[plan.leaf_nodes] = leaf.na
    st = _Stage(pts, unk, na)
    for i in plan.post:
        kids = plan.children[i]
        kna = na[kids]
        if plan.can_redistribute[i]:
            mq = plan.max_q[kids][:, None]
            share = kna & plan.redis[kids][:, None]
            if removed is not None:
                share &= ~removed[kids]
            if share.any():
                spread = (share * mq).sum(axis=0)
                nominal = ((~kna) * mq).sum(axis=0)
                units = np.flatnonzero((spread > 0) & (nominal > 0))
                if units.size:
                    num = (nominal + spread)[units]
                    den = nominal[units]
                    for c in kids:
                        _grow(plan, st, c, units, num, den)
        pts[i] = pts[kids].sum(axis=0)
        unk[i] = unk[kids].any(axis=0)
        na[i] = kna.all(axis=0)
        if plan.caps[i]:
            np.minimum(pts[i], plan.max_p[i], out=pts[i])
    return st


def _grow(plan: Plan, st: _Stage, node: int, units: IntArray, num: IntArray,
          den: IntArray) -> None:
    """Scale ``node``'s subtree by num / den at ``units`` (the reference's ``grow``)."""
    keep = ~st.na[node, units]  # a not-applicable node stays as it is
    if not keep.all():
        units, num, den = units[keep], num[keep], den[keep]
    if units.size == 0:
        return
    kids = plan.children[node]
    if not kids:
        known = ~st.unk[node, units]
        u, nu, de = units[known], num[known], den[known]
        st.pts[node, u] = (2 * st.pts[node, u] * nu + de) // (2 * de)
        return
    for c in kids:
        _grow(plan, st, c, units, num, den)
    cols = np.ix_(np.asarray(kids, dtype=np.intp), units)
    total = st.pts[cols].sum(axis=0)
    st.unk[node, units] = st.unk[cols].any(axis=0)
    if plan.caps[node]:
        total = np.minimum(total, (2 * plan.max_p[node] * num + den) // (2 * den))
    st.pts[node, units] = total


def _totals(plan: Plan, st: _Stage) -> tuple[list[int], list[bool]]:
    """Fixed-point totals of the top level, and whether each is unknown."""
    tops = plan.tops
    na = st.na[tops]
    value = st.pts[tops].sum(axis=0)
    unknown = np.asarray((st.unk[tops] & ~na).any(axis=0))
    values: list[int] = value.tolist()
    unknowns: list[bool] = unknown.tolist()
    return values, unknowns


def _applicable(plan: Plan, na_leaves: BoolArray, removed: BoolArray | None
                ) -> list[tuple[list[Decimal], Decimal]]:
    """Applicable maxima (of every node, and the whole) for each column of
    not-applicable leaves (leaf-major): the aggregation of the points of a unit
    that scores every applicable leaf in full — removed and redistributed
    shares, caps — by :func:`_aggregate` itself."""
    k = na_leaves.shape[1]
    full = np.asarray(plan.leaf_max_p, dtype=np.int64)[:, None]
    leaf = _Stage(np.where(na_leaves, 0, full), np.zeros_like(na_leaves), na_leaves)
    st = _aggregate(plan, leaf, removed)
    app = np.where(st.na, 0, st.pts)
    totals: list[int] = app[plan.tops].sum(axis=0).tolist()
    scale = -plan.places
    out = []
    for j in range(k):
        out.append(([Decimal(v).scaleb(scale) for v in app[:, j].tolist()],
                    Decimal(totals[j]).scaleb(scale)))
    return out


class _Facts:
    """The per-unit fields scoring reads, as lists (from a Cohort without
    building its assessments)."""

    __slots__ = ("appraisals", "ranked", "reasons", "rubric_ids", "samples", "submitted",
                 "units")

    def __init__(self, cohort: Sequence[Assessment]) -> None:
        if isinstance(cohort, Cohort):
            n = len(cohort)
            self.units = cohort.units
            self.rubric_ids = [cohort.rubric_id] * n
            self.submitted = cohort.submitted
            self.ranked = cohort.ranked
            self.reasons = cohort.not_ranked_reasons
            self.samples = cohort.samples
            self.appraisals: list[tuple[Appraisal, ...]] = [()] * n
            return
        self.units = [a.unit for a in cohort]
        self.rubric_ids = [a.rubric_id for a in cohort]
        self.submitted = [a.submitted for a in cohort]
        self.ranked = [a.ranked for a in cohort]
        self.reasons = [a.not_ranked_reason for a in cohort]
        self.samples = [a.sample for a in cohort]
        self.appraisals = [a.appraisals for a in cohort]


def _score(plan: Plan, cohort: Sequence[Assessment],
           columns: list[Sequence[Any] | LeafColumn] | None = None) -> ScoredCohort:
    rubric = plan.rubric
    n = len(cohort)
    if n == 0:
        return ScoredCohort((), None)
    engine = Engine(plan, cohort)
    facts = _Facts(cohort)
    problems = _Problems(cohort)  # every bad input, found where it is met
    ids = [u.id for u in facts.units]
    if len(set(ids)) != n:
        problems.twice(ids)
    wf = rubric.workflow

    # units: rubric, variant, exclusion by rule
    variant_index: dict[str | None, int] = {None: 0}
    variant_removed: list[frozenset[str]] = [frozenset()]
    vidx = np.zeros(n, dtype=np.intp)
    pre_excluded: list[str | None] = []
    lates: list[bool] = []
    if any(r != rubric.id for r in facts.rubric_ids):
        for i, r in enumerate(facts.rubric_ids):
            if r != rubric.id:
                problems.unit(i, 0, Text("assessment.other_rubric", rubric=r,
                                         expected=rubric.id))
    unknown_variants: dict[str | None, str] = {}
    for i, (unit, submitted, appraisals, ranked) in enumerate(
            zip(facts.units, facts.submitted, facts.appraisals, facts.ranked)):
        key = unit.variant
        v = variant_index.get(key)
        if v is None:
            try:
                variant = rubric.variant(key)
            except KeyError as exc:
                unknown_variants[key] = message_of(exc)
                variant_index[key] = v = 0  # scored as no variant, and reported
            else:
                v = variant_index[key] = len(variant_removed)
                variant_removed.append(rubric.removed_by(variant))
        if key in unknown_variants:
            problems.unit(i, 1, unknown_variants[key])
        vidx[i] = v
        late = bool(wf.deadline and submitted and submitted > wf.deadline)
        excluded = "late" if late and wf.late == "exclude" else None
        if excluded is None and wf.require_appraisal and not appraisals:
            excluded = "not_appraised"
        if excluded is None and not ranked:
            excluded = "not_ranked"
        lates.append(late)
        pre_excluded.append(excluded)
    removed_nodes: BoolArray | None = None
    if len(variant_removed) > 1:
        table = np.zeros((len(variant_removed), len(plan.nodes)), dtype=np.bool_)
        for v, gone in enumerate(variant_removed):
            for code in gone:
                table[v, plan.index[code]] = True
        removed_nodes = np.ascontiguousarray(table[vidx].T)  # node-major
        if not removed_nodes.any():
            removed_nodes = None

    # answers, self-assessed, then the appraisals over them
    self_cols: list[Sequence[Any] | LeafColumn] = (
        list(_columns(plan, cohort, lambda i: variant_removed[vidx[i]], problems))
        if columns is None else columns)
    overrides: dict[int, dict[int, Any]] = {}
    appraised_pos: dict[int, set[int]] = {}
    for i, unit_appraisals in enumerate(facts.appraisals):
        if not unit_appraisals:
            continue
        removed_codes = variant_removed[vidx[i]]
        over: dict[int, Any] = {}
        done: set[int] = set()
        by: dict[str, str] = {}
        unassigned: list[Finding] = []
        for k, appraisal in enumerate(unit_appraisals):
            def bad(j: int, code: str, message: Text, i: int = i, k: int = k) -> None:
                problems.answer(i, k, j, code, message)

            for pos, value in _take(plan, appraisal.answers, removed_codes, bad).items():
                if value is None:
                    continue
                code = plan.leaf_codes[pos]
                over[pos] = value
                done.add(pos)
                by[code] = appraisal.agency
                assigned = plan.leaves[code].appraiser
                if assigned and not same_agency(assigned, appraisal.agency):
                    unassigned.append(Finding(
                        "appraiser_not_assigned",
                        f"{appraisal.agency} thẩm định chỉ số {code}, được giao cho "
                        f"{assigned}", code))
        if done:
            overrides[i] = over
            appraised_pos[i] = done
            engine.appraised_by[i] = by
        if unassigned:
            engine.unassigned[i] = unassigned
    final_cols = self_cols
    if overrides:
        final_cols = list(self_cols)
        patched: dict[int, list[Any]] = {}
        for i, over in overrides.items():
            for pos, value in over.items():
                col = patched.get(pos)
                if col is None:
                    given = self_cols[pos]
                    col = given.decode() if isinstance(given, (Encoded, RatioPairs)) \
                        else list(given)
                    patched[pos] = final_cols[pos] = col
                col[i] = value

    # the cohort's best value, for methods relative to the best unit
    eligible = [e not in ("late", "not_appraised") for e in pre_excluded]
    leaf_removed: list[BoolArray | None] = [
        None if removed_nodes is None else removed_nodes[node] for node in plan.leaf_nodes
    ]

    def best_of(pos: int, col: Sequence[Any] | LeafColumn) -> Decimal | None:
        kernel = plan.kernels[pos]
        if not kernel.uses_cohort:
            return None
        rem = leaf_removed[pos]
        if isinstance(col, RatioPairs):
            col = col.decode()
        if isinstance(col, Encoded):
            mask = np.array(eligible, dtype=np.bool_)
            if rem is not None:
                mask &= ~rem
            # equal values show the same, so which unit's copy sets the bar is moot
            values = [col.table[c] for c in np.unique(col.codes[mask]).tolist()]
            return kernel.best([v for v in values if isinstance(v, Number)])
        flags = [ok and isinstance(v, Number) for ok, v in zip(eligible, col)]
        if rem is not None:
            flags = [m and not r for m, r in zip(flags, rem.tolist())]
        return kernel.best(list(compress(col, flags)))

    def leaf_stage(cols: list[Sequence[Any] | LeafColumn], stage: str) -> _Stage:
        L = len(plan.leaf_codes)
        pts = np.zeros((L, n), dtype=np.int64)
        unk = np.zeros((L, n), dtype=np.bool_)
        na = np.zeros((L, n), dtype=np.bool_)
        final = stage == "final"
        for pos, (kernel, col) in enumerate(zip(plan.kernels, cols)):
            best = best_of(pos, col)
            code = plan.leaf_codes[pos]
            if best is not None:
                engine.best[stage][code] = best
            bad = _Bad()
            pts[pos], unk[pos], na[pos] = _leaf_column(
                kernel, col, leaf_removed[pos], plan.forbid[pos], best, bad)
            if not bad:
                continue
            if not final:  # the final stage holds the same self answers, checked once
                for i, message in bad.answers.items():
                    problems.answer(i, None, None, code, message)
            for i, message in bad.refused.items():
                appraised = final and pos in overrides.get(i, ())
                problems.refused(i, pos, code, final, appraised, message)
        return _Stage(pts, unk, na)

    self_leaf = leaf_stage(self_cols, "self")
    if final_cols is self_cols:
        final_leaf = self_leaf
        engine.best["final"] = engine.best["self"]
    else:
        final_leaf = leaf_stage(final_cols, "final")
    problems.raise_any(rubric)
    engine.cols = {"self": self_cols, "final": final_cols}
    engine.removed_of = variant_removed
    engine.vidx = vidx
    engine.lates = lates
    engine.submitted = facts.submitted
    self_stage = _aggregate(plan, self_leaf, removed_nodes)
    final_stage = self_stage if final_leaf is self_leaf else _aggregate(
        plan, final_leaf, removed_nodes)
    engine.stages["self"] = self_stage
    engine.stages["final"] = final_stage

    # appraised stage: only the units an agency appraised
    if appraised_pos:
        units = sorted(appraised_pos)
        engine.appraised_rows = {u: k for k, u in enumerate(units)}
        sel = np.array(units, dtype=np.intp)
        L = len(plan.leaf_codes)
        mask = np.zeros((L, len(units)), dtype=np.bool_)
        for k, u in enumerate(units):
            mask[list(appraised_pos[u]), k] = True
        rem_sub = None if removed_nodes is None else removed_nodes[:, sel]
        if rem_sub is not None:
            mask |= rem_sub[plan.leaf_nodes]
        a_leaf = _Stage(
            np.where(mask, final_leaf.pts[:, sel], 0),
            np.where(mask, final_leaf.unk[:, sel], True),
            np.where(mask, final_leaf.na[:, sel], False),
        )
        engine.stages["appraised"] = _aggregate(plan, a_leaf, rem_sub)
    del self_leaf, final_leaf

    # applicable maxima: one computation per pattern of not-applicable leaves
    pattern_of = np.full(n, -1, dtype=np.int32)
    leaf_na = final_stage.na[plan.leaf_nodes]
    any_na = leaf_na.any(axis=0)
    if any_na.any():
        seen_patterns: dict[tuple[int, bytes], int] = {}
        firsts: list[int] = []
        for u in np.flatnonzero(any_na).tolist():
            pattern = (int(vidx[u]), np.packbits(leaf_na[:, u]).tobytes())
            pid = seen_patterns.get(pattern)
            if pid is None:
                pid = seen_patterns[pattern] = len(firsts)
                firsts.append(u)
            pattern_of[u] = pid
        sel = np.array(firsts, dtype=np.intp)
        engine.patterns = _applicable(plan, leaf_na[:, sel],
                                      None if removed_nodes is None else removed_nodes[:, sel])
    engine.pattern_of = pattern_of

    # scorecards
    classification = rubric.classification
    leaf_unknown: list[bool] = np.asarray(final_stage.unk[plan.leaf_nodes].any(axis=0)).tolist()
    has_appraisal = [i in appraised_pos for i in range(n)]
    cards: list[Scorecard] = []
    pattern_list = pattern_of.tolist()
    fin_value, fin_unknown = _totals(plan, final_stage)
    if self_stage is final_stage:
        self_value, self_unknown = fin_value, fin_unknown
    else:
        self_value, self_unknown = _totals(plan, self_stage)
    dec = engine.dec
    classes: dict[tuple[Decimal, Decimal], str | None] = {}
    for i, unit in enumerate(facts.units):
        pid = pattern_list[i]
        app_total = plan.nominal_total if pid < 0 else engine.patterns[pid][1]
        total = None if fin_unknown[i] else dec(fin_value[i])
        self_total = None if self_unknown[i] else dec(self_value[i])
        excluded = pre_excluded[i]
        detail = facts.reasons[i] if excluded == "not_ranked" else None
        if excluded is None and leaf_unknown[i]:
            excluded = "incomplete"
        class_label = None
        if total is not None and classification is not None:
            band = (total, app_total)
            if band not in classes:
                classes[band] = classification.classify(total, app_total)
            class_label = classes[band]
        cards.append(Scorecard(
            rubric_id=rubric.id, unit=unit, nodes=LazyNodes(engine, i),
            applicable_max=app_total, self_total=self_total, total=total,
            class_label=class_label, appraised=has_appraisal[i], late=lates[i],
            excluded=excluded, exclusion_detail=detail,
            findings=LazyFindings(engine, i), sample=facts.samples[i],
        ))
    engine.totals = fin_value
    return ScoredCohort(cards, engine)


_PLANS: dict[tuple[int, int], tuple[Rubric, MethodRegistry, Plan]] = {}


def _plan(rubric: Rubric, registry: MethodRegistry) -> Plan:
    """Compile once per (rubric, registry) object pair; a few are kept."""
    key = (id(rubric), id(registry))
    hit = _PLANS.get(key)
    if hit is not None and hit[0] is rubric and hit[1] is registry:
        return hit[2]
    plan = Plan(rubric, registry)
    nominal = _applicable(plan, np.zeros((len(plan.leaf_codes), 1), dtype=np.bool_), None)[0]
    plan.nominal_app, plan.nominal_total = nominal
    if len(_PLANS) >= 16:
        _PLANS.pop(next(iter(_PLANS)))
    _PLANS[key] = (rubric, registry, plan)
    return plan


def score_fast(
    rubric: Rubric,
    assessments: Iterable[Assessment],
    *,
    methods: MethodRegistry | None = None,
) -> tuple[Scorecard, ...]:
    """Score a cohort column-wise (see the module docstring). A cohort it cannot
    score raises :class:`~dtikit.errors.AssessmentInvalid` with every problem,
    each located, found as the cohort is prepared; a rubric it cannot score exactly,
    :class:`~dtikit.errors.RubricInvalid`."""
    if methods is None:
        methods = installed_methods()
    with gc_paused():
        return _score_fast(rubric, assessments, methods)


def _score_fast(rubric: Rubric, assessments: Iterable[Assessment],
                methods: MethodRegistry) -> tuple[Scorecard, ...]:
    # an imported Cohort is scored from its columns, its assessments unbuilt
    cohort: Sequence[Assessment] = assessments if isinstance(assessments, Cohort) \
        else list(assessments)
    try:
        plan = _plan(rubric, methods)
    except Decline as exc:
        from ..validation import check_rubric

        check_rubric(rubric, methods, source=rubric.id)  # its own rules first
        raise RubricInvalid([Problem(Text("at.rubric", rubric=rubric.id), message_of(exc))],
                            source=rubric.id) from exc
    columns = None
    if isinstance(cohort, Cohort) and cohort.columns is not None:
        given = cohort.columns
        if given.rubric_id == rubric.id and given.leaf_codes == plan.leaf_codes:
            columns = list[Sequence[Any] | LeafColumn](given.columns)
    return _score(plan, cohort, columns)


__all__ = ["Engine", "LazyFindings", "LazyNodes", "ScoredCohort", "score_fast"]
