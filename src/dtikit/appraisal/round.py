"""Who appraises what: the rubric's ``appraiser`` per indicator, with per-unit
overrides read from a CSV file.

The rubric names the agency of an indicator (or of a parent, which its leaves
inherit — the rule :func:`dtikit.scoring.compile_methods` applies). A province
often splits the work differently in a given year (seed 000: Hưng Yên town
gave sub-indices of one main index to three offices), so a CSV file of
overrides may say, per unit or for every unit (``*``), which agency appraises
an indicator (a parent code covers its leaves)::

    unit,code,agency
    *,1,Phòng Văn hóa và Thông tin
    *,4,Phòng Giáo dục và Đào tạo
    mau-03,6,Văn phòng HĐND và UBND

Header names may be English (``unit``, ``code``, ``agency``) or Vietnamese
(``Mã đơn vị``, ``Mã chỉ số``, ``Cơ quan thẩm định``). A row for one unit
beats a ``*`` row; a later row beats an earlier one of the same kind.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from ..assessment import Assessment
from ..errors import FileRejected, Problem
from ..messages import Text
from ..methods import MethodRegistry, installed_methods
from ..model import Rubric, name_key, nfc
from ..scoring import compile_methods
from ..scoring import same_agency as same_agency  # one rule, re-exported for the round

ALL_UNITS = "*"

_HEADERS: Mapping[str, str] = {
    "unit": "unit", "unit_id": "unit", "mã đơn vị": "unit", "đơn vị": "unit",
    "code": "code", "mã chỉ số": "code", "chỉ số": "code",
    "agency": "agency", "cơ quan thẩm định": "agency", "đơn vị thẩm định": "agency",
}


@attrs.frozen
class Override:
    """One row of an overrides file: ``unit`` is a unit id (or name), or ``*``."""

    unit: str = attrs.field(converter=nfc)
    code: str
    agency: str = attrs.field(converter=nfc)
    where: str = ""


@attrs.frozen
class Assignment:
    """Which agency appraises each leaf of a rubric, per unit.

    ``default`` maps each leaf code to the rubric's agency (``None``: the rubric
    names none); ``overrides`` change it for one unit or for all."""

    rubric: Rubric
    default: Mapping[str, str | None]
    overrides: tuple[Override, ...] = ()

    def agency(self, unit_id: str, code: str, unit_name: str | None = None) -> str | None:
        """The agency that appraises ``code`` of the unit (``None``: not assigned)."""
        found = self.default.get(code)
        keys = {nfc(unit_id).casefold()}
        if unit_name:
            keys.add(name_key(unit_name))
        for specific in (False, True):
            for ov in self.overrides:
                if (ov.unit != ALL_UNITS) != specific:
                    continue
                if specific and ov.unit.strip().casefold() not in keys \
                        and name_key(ov.unit) not in keys:
                    continue
                if code in self._covered(ov.code):
                    found = ov.agency
        return found

    def _covered(self, code: str) -> frozenset[str]:
        return _leaves_under(self.rubric, code)

    def tasks(self, assessment: Assessment) -> dict[str, str | None]:
        """Leaf code → agency for one unit, in tree order."""
        u = assessment.unit
        return {code: self.agency(u.id, code, u.name) for code in self.default}

    def agencies(self, cohort: Iterable[Assessment] = ()) -> list[str]:
        """Every agency with work, in the order first met (rubric, then overrides)."""
        out: list[str] = []

        def add(name: str | None) -> None:
            if name and not any(same_agency(name, o) for o in out):
                out.append(name)

        for name in self.default.values():
            add(name)
        for ov in self.overrides:
            add(ov.agency)
        for a in cohort:
            for name in self.tasks(a).values():
                add(name)
        return out

    def codes_for(self, agency: str, assessment: Assessment) -> list[str]:
        """The leaves ``agency`` appraises for this unit, in tree order."""
        return [code for code, who in self.tasks(assessment).items()
                if who is not None and same_agency(who, agency)]


@functools.lru_cache(maxsize=4096)
def _leaves_under(rubric: Rubric, code: str) -> frozenset[str]:
    return frozenset(n.code for n in rubric.get(code).leaves())


def assignment(rubric: Rubric, overrides: Sequence[Override] = (),
               methods: MethodRegistry | None = None) -> Assignment:
    """The rubric's assignment of agencies to leaves, with ``overrides``."""
    if methods is None:
        methods = installed_methods()
    leaves = compile_methods(rubric, methods)
    return Assignment(rubric, {code: leaf.appraiser for code, leaf in leaves.items()},
                      tuple(overrides))


def read_overrides(rubric: Rubric, path: str | Path) -> list[Override]:
    """The overrides in a CSV (or tab-separated) file; every bad row located
    (``file:line``), all at once, as :class:`FileRejected`."""
    p = Path(path)
    from ..formats.tables import read_text

    text = read_text(p, name=str(p))
    dialect = "excel-tab" if "\t" in text.partition("\n")[0] else "excel"
    rows = list(csv.reader(io.StringIO(text), dialect))
    problems: list[Problem] = []
    out: list[Override] = []
    if not rows:
        raise FileRejected([Problem(str(p), Text("overrides.empty"))],
                           source=str(p))
    header = [_HEADERS.get(nfc(h).strip().casefold(), "") for h in rows[0]]
    missing = [k for k in ("unit", "code", "agency") if k not in header]
    if missing:
        raise FileRejected([Problem(f"{p}:1", Text("overrides.header",
                                                   missing=", ".join(missing)))],
                           source=str(p))
    col = {k: header.index(k) for k in ("unit", "code", "agency")}
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        where = f"{p}:{line}"
        cells = {k: (row[i].strip() if i < len(row) else "") for k, i in col.items()}
        empty = [k for k, v in cells.items() if not v]
        if empty:
            problems.append(Problem(where, Text("overrides.empty_cells", cells=", ".join(empty))))
            continue
        if cells["code"] not in rubric:
            problems.append(Problem(where, Text("appraisal.no_indicator", code=cells["code"],
                                                rubric=rubric.id)))
            continue
        out.append(Override(cells["unit"], cells["code"], cells["agency"], where))
    if problems:
        raise FileRejected(problems, source=str(p))
    return out
