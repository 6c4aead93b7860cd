"""From the rows of an appendix table to a rubric: the header, the columns, the
codes and the tree; every sum checked and every mismatch reported with its row.

Nothing here fixes a number: a parent whose children do not add up keeps the
maximum the decision prints, and the import lists the mismatch; validation
(``dtikit rubric validate``) then refuses the file until a person decides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from ..errors import FileRejected, Problem
from ..messages import Listed, Text, localize
from ..model import Indicator, MethodSpec, Provenance, Rounding, Rubric, RubricId, Source
from ..numbers import ZERO, decimals_shown, format_vi, parse_number_text
from .readers import RawRow
from .recognise import recognise
from .text import fold, one_line, tidy

__all__ = ["COLUMNS", "ImportFinding", "ImportResult", "build_rubric", "find_columns"]

#: the columns an appendix table has, by the words of their headers (folded:
#: lower case, no diacritics); the first kind whose words a header holds wins
COLUMNS: dict[str, tuple[str, ...]] = {
    "evidence": ("tai lieu kiem chung", "minh chung", "kiem chung"),
    "appraiser": ("tham dinh", "don vi danh gia", "co quan danh gia", "don vi cham"),
    "data_source": ("nguon du lieu", "nguon thu thap", "nguon so lieu"),
    "how": ("cach xac dinh", "cach tinh", "cach cham", "phuong phap", "huong dan cham",
            "cach danh gia", "tinh diem"),
    "max": ("diem toi da", "thang diem", "so diem", "diem"),
    "code": ("stt", "so tt", "so thu tu", "ma so", "ma chi so", "ma", "tt"),
    "name": ("chi so", "ten chi so", "noi dung", "tieu chi", "ten"),
}
COLUMN_HEADINGS_VI: dict[str, str] = {
    "code": "STT",
    "name": "Chỉ số / Chỉ số thành phần",
    "max": "Điểm tối đa",
    "how": "Cách xác định và tính điểm",
    "evidence": "Tài liệu kiểm chứng",
    "data_source": "Nguồn dữ liệu",
    "appraiser": "Đơn vị thẩm định",
}

_ROMAN = {r: i for i, r in enumerate(
    "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX".split(), start=1)}
_NUMERIC = re.compile(r"^(\d+(?:\.\d+)*)(?:\.([a-zđ]))?\.?$")
_LETTER = re.compile(r"^([a-zđ])[.)]?$")
_LABEL = re.compile(r"^[A-Z][A-Z0-9_-]{0,11}\.?$")
_LEAD_CODE = re.compile(r"^((?:[IVX]+|\d+(?:\.\d+)*)\.?)\s+(\S.*)$", re.S)
_COLNUM = re.compile(r"^\(?\d{1,2}\)?$")
_TOTAL = re.compile(r"^(?:tong cong|tong diem|tong so diem|tong)\b")
LEVELS_BY_DEPTH = ("main", "sub", "criterion", "subcriterion")


@attrs.frozen
class ImportFinding:
    """Something the import wants a person to see, with the row it is about.

    ``kind``: ``sum`` (children or main indices that do not add up), ``review``
    (a rule no pattern recognised: scored ``awarded``), ``rule`` (a recognised
    rule worth a look, e.g. no step reaches the maximum), ``structure`` (a
    created parent, a maximum not printed, a row ignored)."""

    kind: str
    where: str
    code: str | None
    message: str
    __localized__ = True

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: str | None = None) -> str:
        """The finding in ``lang`` (default: the chosen language), as ``str()`` says it."""
        code = f" ({self.code})" if self.code else ""
        return f"{self.where}{code}: {localize(self.message, lang)}"


@attrs.frozen
class ImportResult:
    """The rubric an appendix gives, and what a person must look at."""

    rubric: Rubric
    findings: tuple[ImportFinding, ...]
    columns: Mapping[str, int]  # kind → column number (1-based) found in the table

    @property
    def flagged(self) -> tuple[ImportFinding, ...]:
        """Rows whose rule no pattern recognised (scored ``awarded`` for now)."""
        return tuple(f for f in self.findings if f.kind == "review")

    @property
    def mismatches(self) -> tuple[ImportFinding, ...]:
        return tuple(f for f in self.findings if f.kind == "sum")


# ----------------------------------------------------------------- the header


def _matches(folded_cell: str, words: Sequence[str]) -> bool:
    return any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", folded_cell) for w in words)


def _kind_of(cell: str) -> str | None:
    f = fold(one_line(cell))
    if not f:
        return None
    for kind, words in COLUMNS.items():
        if _matches(f, words):
            return kind
    return None


def _column_ref(ref: str, header: Sequence[str]) -> int | None:
    """A column named on the command line: its number (``3``), its letter
    (``C``) or words of its header (with or without diacritics)."""
    ref = ref.strip()
    if ref.isdigit():
        return int(ref) - 1
    if re.fullmatch(r"[A-Za-z]", ref):
        return ord(ref.upper()) - ord("A")
    want = fold(one_line(ref))
    for i, cell in enumerate(header):
        if want and want in fold(one_line(cell)):
            return i
    return None


def find_columns(rows: Sequence[RawRow], names: Mapping[str, str] | None = None,
                 *, source: str = "") -> tuple[int, dict[str, int]]:
    """The header row's index and each column kind's index (0-based)."""
    names = dict(names or {})
    unknown = set(names) - set(COLUMNS)
    if unknown:
        raise FileRejected([Problem(source, Text("appendix.unknown_kinds",
                                                 kinds=", ".join(sorted(unknown)),
                                                 known=", ".join(COLUMNS)))], source=source)
    for index, row in enumerate(rows):
        cols: dict[str, int] = {}
        for i, cell in enumerate(row.cells):
            kind = _kind_of(cell)
            if kind and kind not in cols:
                cols[kind] = i
        for kind, ref in names.items():
            at = _column_ref(ref, row.cells)
            if at is not None and at < len(row.cells):
                cols[kind] = at
        if {"code", "name", "max"} <= cols.keys():
            return index, cols
    wanted = ", ".join(COLUMN_HEADINGS_VI[k] for k in ("code", "name", "max"))
    raise FileRejected([Problem(source, Text("appendix.no_header", wanted=wanted))],
                       source=source)


# ------------------------------------------------------------------- the rows


@attrs.define
class _Row:
    printed: str  # the STT as printed
    code: str
    name: str
    max_text: str
    how: str
    evidence: str
    data_source: str
    appraiser: str
    where: str
    roman: str | None
    level: str
    parent: str | None = None
    created: bool = False
    group: bool = False  # a Roman-numbered (or labelled: "A", "CQS") group row


def _cell(cells: Sequence[str], cols: Mapping[str, int], kind: str) -> str:
    i = cols.get(kind)
    return cells[i] if i is not None and i < len(cells) else ""


def _is_header_again(cells: Sequence[str], header: Sequence[str], cols: Mapping[str, int]) -> bool:
    return all(fold(one_line(_cell(cells, cols, k))) == fold(one_line(_cell(header, cols, k)))
               for k in ("code", "name", "max"))


def _is_numbering(cells: Sequence[str]) -> bool:
    filled = [c for c in cells if c]
    return len(filled) >= 3 and all(_COLNUM.match(c) for c in filled)


def _split_code(text: str) -> tuple[str, str]:
    """``"I. NHẬN THỨC SỐ"`` (a merged group row) → ``("I", "NHẬN THỨC SỐ")``."""
    m = _LEAD_CODE.match(text)
    if m and (parse_code(m.group(1)) is not None):
        return m.group(1), m.group(2)
    return text, ""


def parse_code(text: str) -> tuple[str, str] | None:
    """(kind, code): kind is ``roman``, ``numeric``, ``letter`` (a lettered item
    under the numbered row above) or ``label`` (a group's own label: ``A``, ``CQS``)."""
    t = text.strip().replace(" ", "")
    if t.rstrip(".") in _ROMAN:
        return "roman", t.rstrip(".")
    if m := _NUMERIC.match(t):
        return "numeric", m.group(1) + (f".{m.group(2)}" if m.group(2) else "")
    if m := _LETTER.match(t):
        return "letter", m.group(1)
    if _LABEL.match(t):
        return "label", t.rstrip(".")
    return None


def _number(text: str) -> Decimal:
    t = fold(text).replace("diem", "").replace("d", "").strip()
    return parse_number_text(t)


def build_rubric(
    rows: Sequence[RawRow],
    *,
    rubric_id: str,
    source: str = "",
    decision: str | None = None,
    decision_date: date | None = None,
    issuer: str | None = None,
    appendix: str | None = None,
    title: str | None = None,
    url: str | None = None,
    scale: Decimal | None = None,
    columns: Mapping[str, str] | None = None,
    create_missing_parents: bool = False,
) -> ImportResult:
    """The rubric of an appendix table's rows (see :func:`dtikit.appendix.import_appendix`)."""
    rid = RubricId.parse(rubric_id)
    head, cols = find_columns(rows, columns, source=source)
    header = rows[head].cells
    findings: list[ImportFinding] = []
    errors: list[Problem] = []
    block = [one_line(" ".join(c for c in r.cells if c)) for r in rows[:head]]
    meta = _title_block(block)
    decision = decision or meta.get("decision")
    decision_date = decision_date or meta.get("date")
    appendix = appendix or meta.get("appendix")
    title = title or meta.get("title")
    issuer = issuer or meta.get("issuer")

    parsed: list[_Row] = []
    total: tuple[Decimal, str] | None = None
    roman: str | None = None
    last_numeric: str | None = None
    for raw in rows[head + 1:]:
        cells = list(raw.cells) + [""] * (len(header) - len(raw.cells))
        if not any(cells) or _is_header_again(cells, header, cols) or _is_numbering(cells):
            continue
        printed = one_line(_cell(cells, cols, "code"))
        name = one_line(_cell(cells, cols, "name"))
        if printed and parse_code(printed) is None:
            code_part, rest = _split_code(printed)
            if rest and (not name or fold(name) == fold(printed)):
                printed, name = code_part.strip(), rest.strip()
        code_kind = parse_code(printed) if printed else None
        if code_kind is None:
            label = fold(name or printed)
            if _TOTAL.match(label) and _cell(cells, cols, "max"):
                try:
                    total = (_number(_cell(cells, cols, "max")), raw.where)
                except ValueError:
                    errors.append(Problem(raw.where, Text("appendix.total_not_number",
                                                          value=_cell(cells, cols, "max"))))
                continue
            if not parsed:
                findings.append(ImportFinding("structure", raw.where, None,
                                        Text("appendix.row_before_first")))
                continue
            prev = parsed[-1]  # a cell continued on the next row
            for kind in ("name", "how", "evidence", "data_source", "appraiser"):
                more = tidy(_cell(cells, cols, kind)) if kind != "name" else name
                if kind == "name" and printed and not name:
                    more = printed
                if more:
                    glue = " " if kind == "name" else "\n"
                    setattr(prev, kind, f"{getattr(prev, kind)}{glue}{more}".strip())
            extra_max = _cell(cells, cols, "max")
            if extra_max and prev.max_text:
                errors.append(Problem(raw.where, Text("appendix.repeated_max", value=extra_max,
                                                      after=prev.printed)))
            elif extra_max:
                prev.max_text = extra_max
            continue
        kind, code = code_kind
        if kind in ("roman", "label"):
            roman, last_numeric = code, None
            level = "pillar" if kind == "roman" else "group"
        elif kind == "letter":
            if last_numeric is None:
                errors.append(Problem(raw.where, Text("appendix.letter_orphan", item=printed)))
                continue
            code = f"{last_numeric}.{code}"
            level = LEVELS_BY_DEPTH[min(code.count("."), 3)]
        else:
            level = LEVELS_BY_DEPTH[min(code.count("."), 3)]
            if not code[-1].isalpha():
                last_numeric = code
        parsed.append(_Row(printed, code, name, _cell(cells, cols, "max"),
                           tidy(_cell(cells, cols, "how")), tidy(_cell(cells, cols, "evidence")),
                           tidy(_cell(cells, cols, "data_source")),
                           one_line(_cell(cells, cols, "appraiser")), raw.where,
                           None if kind in ("roman", "label") else roman, level,
                           group=kind in ("roman", "label")))

    # an STT that restarts in each Roman group: qualify the codes with the group
    seen: dict[str, str | None] = {}
    restart = False
    for r in parsed:
        if not r.group:
            if r.code in seen and seen[r.code] != r.roman:
                restart = True
            seen.setdefault(r.code, r.roman)
    for r in parsed:
        if r.group or r.roman is None:
            continue
        if restart:
            r.code = f"{r.roman}.{r.code}"
        elif "." not in r.code:
            r.parent = r.roman
    if restart:
        findings.append(ImportFinding("structure", source, None, Text("appendix.roman_restart")))

    parsed = _parents(parsed, create_missing_parents, findings, errors)
    if errors:
        raise FileRejected(errors, source=source)

    tops, places = _tree(parsed, findings, errors)
    if errors:
        raise FileRejected(errors, source=source)
    top_total = sum((t.max for t in tops), ZERO)
    if scale is None and total is not None:
        scale = total[0]
    if scale is None:
        scale = top_total
    if top_total != scale:
        where = total[1] if total else source
        findings.append(ImportFinding("sum", where, None, Text(
            "appendix.top_sum", total=format_vi(top_total, 6), scale=format_vi(scale, 6))))
    flagged = [f.code for f in findings if f.kind == "review" and f.code]
    notes = ("Nhập từ bảng phụ lục bằng `dtikit rubric import`. "
             + (f"Cần rà soát cách tính của {len(flagged)} chỉ số (chấm điểm trực tiếp trong phạm "
                f"vi điểm tối đa cho đến khi rà soát): {', '.join(flagged)}."
                if flagged else "Cách tính của mọi chỉ số đã được nhận dạng."))
    rubric = Rubric(
        id=str(rid), province=rid.province, tier=rid.tier, year=rid.year,
        title=title or "Bộ chỉ số đánh giá chuyển đổi số",
        scale=scale,
        source=Source(decision or "", date=decision_date, issuer=issuer, appendix=appendix,
                      title=None, url=url),
        indicators=tops, notes=notes, rounding=Rounding(max(2, places)),
    )
    return ImportResult(rubric, tuple(findings), {k: v + 1 for k, v in cols.items()})


_DECISION = re.compile(r"(?:quyet dinh|qd)\s*(?:so)?\s*:?\s*(\d+[^\s,;)]*)")
_DATE = re.compile(r"ngay\s*(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{4})")
_APPENDIX = re.compile(r"^(phu luc\b[^\n(]*)")
_ISSUER = re.compile(r"\bcua\s+((?:uy ban nhan dan|ubnd|chu tich)[^)]*)")


def _title_block(lines: Sequence[str]) -> dict[str, Any]:
    """Decision, date, appendix, title and issuer from the lines above the header."""
    meta: dict[str, Any] = {}
    for line in lines:
        f = fold(line)
        if "appendix" not in meta and (m := _APPENDIX.match(f)):
            meta["appendix"] = line[: m.end(1)].strip().rstrip(":.").strip()
            continue
        if "decision" not in meta and (m := _DECISION.search(f)):
            meta["decision"] = line[m.start(1): m.end(1)]
            if d := _DATE.search(f, m.end()):
                try:
                    meta["date"] = date(int(d.group(3)), int(d.group(2)), int(d.group(1)))
                except ValueError:
                    pass
            if i := _ISSUER.search(f, m.end()):
                meta["issuer"] = line[i.start(1): i.end(1)].strip().rstrip(")").strip()
            continue
        if "title" not in meta and "chi so" in f:
            meta["title"] = line
    return meta


def _parent_code(r: _Row) -> str | None:
    if r.parent is not None:
        return r.parent
    return r.code.rsplit(".", 1)[0] if "." in r.code else None


def _parents(rows: list[_Row], create: bool, findings: list[ImportFinding],
             errors: list[Problem]) -> list[_Row]:
    out: list[_Row] = []
    known: set[str] = set()
    for r in rows:
        if r.code in known:
            errors.append(Problem(r.where, Text("appendix.code_twice", code=r.code)))
            continue
        missing: list[str] = []
        p = _parent_code(r)
        while p is not None and p not in known:
            missing.append(p)
            p = p.rsplit(".", 1)[0] if "." in p else (r.roman if p != r.roman else None)
        for code in reversed(missing):
            if not create:
                errors.append(Problem(r.where, Text("appendix.parent_missing", code=r.code,
                                                    parent=code)))
                known.add(code)
                continue
            depth = code.count(".") - (1 if code.split(".")[0] == r.roman else 0)
            level = "pillar" if code == r.roman else LEVELS_BY_DEPTH[min(depth, 3)]
            parent = None
            if "." not in code and code != r.roman and r.roman:
                parent = r.roman
            out.append(_Row("", code, "", "", "", "", "", "", r.where, r.roman, level, parent,
                            created=True))
            findings.append(ImportFinding("structure", r.where, code, Text(
                "appendix.parent_created", parent=code, code=r.code)))
            known.add(code)
        known.add(r.code)
        out.append(r)
    return out


def _tree(rows: list[_Row], findings: list[ImportFinding],
          errors: list[Problem]) -> tuple[list[Indicator], int]:
    children: dict[str, list[_Row]] = {}
    tops: list[_Row] = []
    for r in rows:
        p = _parent_code(r)
        (tops if p is None else children.setdefault(p, [])).append(r)
    places = 0

    def make(r: _Row) -> Indicator:
        nonlocal places
        kids = [make(c) for c in children.get(r.code, [])]
        # the decision and appendix are the rubric's [source]: a row names its STT
        prov: dict[str, Any] = {"status": "confirmed", "row": r.printed or None}
        maximum: Decimal | None = None
        if r.max_text:
            try:
                maximum = _number(r.max_text)
                places = max(places, decimals_shown(maximum))
            except ValueError:
                errors.append(Problem(r.where, Text("appendix.max_not_number", code=r.code,
                                                    value=r.max_text)))
        total = sum((k.max for k in kids), ZERO)
        if maximum is None and kids:
            maximum = total
            if r.created:
                prov.update(status="inferred", row=None, ref=(
                    f"Tạo khi nhập (--create-missing-parents): bảng không có dòng {r.code}; "
                    "điểm tối đa = tổng điểm các chỉ số con."))
            else:
                prov.update(status="inferred", ref=(
                    "Điểm tối đa không in trong bảng: lấy bằng tổng điểm các chỉ số con."))
                findings.append(ImportFinding("structure", r.where, r.code, Text(
                    "appendix.max_from_children", total=format_vi(total, 6))))
        elif maximum is None:
            maximum = ZERO
            findings.append(ImportFinding("structure", r.where, r.code, Text("appendix.leaf_no_max")))
        elif kids and total != maximum:
            findings.append(ImportFinding("sum", r.where, r.code, Text(
                "appendix.children_sum", total=format_vi(total, 6),
                max=format_vi(maximum, 6), code=r.code)))
        method: MethodSpec | None = None
        if not kids:
            rec = recognise(r.how, maximum)
            if rec.method is not None:
                method = rec.method
                prov["ref"] = f"Cách tính nhận dạng theo mẫu {rec.pattern}."
                for msg in rec.problems:
                    findings.append(ImportFinding("rule", r.where, r.code, msg))
            else:
                method = MethodSpec("awarded", {})
                why = Listed(rec.problems, "; ") if rec.problems else Text("appendix.no_pattern")
                prov["ref"] = ("CẦN RÀ SOÁT: cách tính chưa được nhận dạng; tạm chấm điểm trực "
                               "tiếp trong phạm vi điểm tối đa.")
                findings.append(ImportFinding("review", r.where, r.code,
                                        Text("appendix.not_recognised", why=why)))
        name = r.name or (f"(chưa có tên: dòng {r.code} tạo khi nhập)" if r.created else "")
        if not name:
            findings.append(ImportFinding("structure", r.where, r.code, Text("appendix.no_name")))
        evidence = tuple(line.lstrip("-+• ").strip() for line in r.evidence.split("\n")
                         if line.lstrip("-+• ").strip())
        return Indicator(
            code=r.code, name=name, max=maximum, level=r.level, method=method, children=kids,
            how=r.how or None, evidence=evidence, data_source=r.data_source or None,
            appraiser=r.appraiser or None, parent=r.parent,
            provenance=Provenance(**{k: v for k, v in prov.items() if v is not None}),
        )

    return [make(t) for t in tops], places
