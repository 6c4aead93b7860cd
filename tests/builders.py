"""Small builders for hand-made rubrics and assessments in the core's unit tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import dtikit
from dtikit import Answer, Assessment, Indicator, MethodSpec, Rubric, Source, Unit

D = Decimal
RID = "mau/commune/2024"


def leaf(code: str, max_points: Any, kind: str = "awarded", name: str = "Chỉ số",
         **kw: Any) -> Indicator:
    params = kw.pop("params", {})
    return Indicator(code, name, D(str(max_points)), kw.pop("level", "sub"),
                     MethodSpec(kind, params), **kw)


def node(code: str, *children: Indicator, max_points: Any = None, name: str = "Nhóm",
         **kw: Any) -> Indicator:
    total = sum((c.max for c in children), D(0)) if max_points is None else D(str(max_points))
    return Indicator(code, name, total, kw.pop("level", "main"), children=children, **kw)


def rubric(*tops: Indicator, rid: str = RID, **kw: Any) -> Rubric:
    province, tier, year = rid.split("/")
    scale = kw.pop("scale", sum((t.max for t in tops), D(0)))
    r = Rubric(id=rid, province=province, tier=tier, year=int(year),
               title="Bộ chỉ số kiểm thử", scale=scale,
               source=Source("0000/QĐ-TEST"), indicators=tops, **kw)
    return r


def valid(r: Rubric) -> Rubric:
    """The rubric, after checking that it is valid (a test rubric must be)."""
    return dtikit.check_rubric(r)


def unit(name: str, answers: dict[str, Any] | None = None, r: Rubric | None = None,
         **kw: Any) -> Assessment:
    """An assessment of the unit ``name``: ``answers`` maps code → value (or Answer)."""
    uid = kw.pop("uid", name)
    parent = kw.pop("parent", None)
    variant = kw.pop("variant", None)
    ans = [a if isinstance(a, Answer) else Answer(code, a)
           for code, a in (answers or {}).items()]
    return Assessment(r.id if r is not None else RID, Unit(name, uid, None, parent, variant),
                      ans, **kw)
