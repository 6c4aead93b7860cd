"""The rule-text recogniser: a leaf's *Cách xác định và tính điểm*, verbatim, into
one of the method families (docs/rubric-data.md, "Scoring methods").

Each pattern has a name (``yes_no.clauses``, ``steps.count`` …) that the import
records beside the method, so a reviewer sees why a row got its method. A
pattern only takes numbers that are written in the text (a fraction of the
maximum, points, a count, a percentage); a rule that matches no pattern, or
whose numbers do not fit the leaf's maximum, is **not** recognised: the leaf
is then scored by ``awarded`` points within its maximum and flagged for review.

The method a pattern gives is checked by the built-in method family itself
(:data:`dtikit.methods.BUILTIN_REGISTRY`), never by a second copy of its rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from ..errors import MethodParamsError
from ..messages import Text
from ..methods import BUILTIN_REGISTRY
from ..model import MethodSpec
from ..numbers import ZERO, format_vi, parse_number_text, to_decimal
from .text import fold

__all__ = ["PATTERNS", "Recognition", "recognise", "render_rule"]

#: every pattern name the recogniser can record, with what it reads
PATTERNS: dict[str, str] = {
    "tracked.no_points": "“Không tính điểm” on a row whose maximum is 0",
    "awarded.council": "points awarded by a council (“Hội đồng … chấm điểm”)",
    "relative_to_best.best_unit": "“đơn vị có giá trị cao nhất: Điểm tối đa” (relative to the best unit)",
    "ratio.a_over_b": "“a = …; b = …; Tỷ lệ = a/b; Điểm = Tỷ lệ × Điểm tối đa”",
    "threshold_ratio.zero_below": "“Tỷ lệ ≥ X%: Điểm tối đa; dưới X%: 0 điểm”",
    "threshold_ratio.proportional_below": "“Tỷ lệ ≥ X%: Điểm tối đa; dưới X%: Tỷ lệ/X% × Điểm tối đa”",
    "steps.percent": "points by percentage bands (“từ 70% đến dưới 90%: …”)",
    "steps.count": "points by a count (“4 lần: 20 điểm; 3 lần: 15 điểm; …; còn lại: 0 điểm”)",
    "yes_no.clauses": "“Có: Điểm tối đa; Không: 0 điểm” (or Đã/Chưa …)",
    "levels.clauses": "one level each (“… là Chủ tịch: Điểm tối đa; … Phó Chủ tịch: 1/2 × Điểm tối đa”)",
    "parts.sum_to_max": "parts that add up to the maximum (“…: 1/2 × Điểm tối đa; …: 1/2 × Điểm tối đa”)",
}


@attrs.frozen
class Recognition:
    """What the recogniser made of one rule text."""

    method: MethodSpec | None  # None: not recognised (the import uses ``awarded``)
    pattern: str | None = None
    problems: tuple[str, ...] = ()  # numbers that do not fit the maximum, ambiguity

    @property
    def recognised(self) -> bool:
        return self.method is not None


# --------------------------------------------------------------- the points side

_NUM = r"\d+(?:[.,]\d+)?"
_FULL = r"(?:(?:muc |so )?diem toi da|dtd)"
_TIMES = r"\s*(?:\*|x|×|nhan(?: voi)?)?\s*(?:cua\s+)?"
_LEAD = r"^(?:(?:duoc|dat|cho|tinh|cham|diem|la|bang)\s*)*(?:=\s*)?"
_TAIL = r"\s*[.,]?\s*$"

_P_FRACTION = re.compile(_LEAD + r"(\d+)\s*/\s*(\d+)(?:" + _TIMES + _FULL + r")?" + _TAIL)
_P_HALF = re.compile(_LEAD + r"(?:½|mot nua)" + _TIMES + _FULL + _TAIL)
_P_PERCENT = re.compile(_LEAD + r"(" + _NUM + r")\s*%" + _TIMES + _FULL + _TAIL)
_P_DECIMAL = re.compile(_LEAD + r"(" + _NUM + r")\s*(?:\*|x|×|nhan(?: voi)?)\s*" + _FULL + _TAIL)
_P_FULL_OVER = re.compile(_LEAD + _FULL + r"\s*/\s*(\d+)" + _TAIL)
_P_FULL = re.compile(_LEAD + _FULL + r"(?:\s*\(\s*" + _NUM + r"\s*(?:diem|d)?\s*\))?" + _TAIL)
_P_POINTS = re.compile(_LEAD + r"(" + _NUM + r")\s*(?:diem|d|đ)?" + _TAIL)
_P_ZERO_WORDS = re.compile(_LEAD + r"khong (?:duoc )?(?:tinh )?diem" + _TAIL)


@attrs.frozen
class _Points:
    points: Decimal
    fraction: str | None  # the fraction of the maximum as written ("1/2", "0.5"), or None


def _number(text: str) -> Decimal:
    return parse_number_text(text)


def _points(right: str, maximum: Decimal) -> _Points | None:
    """The points a clause's right-hand side gives, or None."""
    r = right.strip().strip("()").strip()
    if m := _P_FRACTION.match(r):
        # "1/2 × Điểm tối đa", or "1/2" alone in the points' place: a share of the maximum
        num, den = int(m.group(1)), int(m.group(2))
        if den == 0 or num > den:
            return None
        frac = f"{num}/{den}"
        try:
            value = to_decimal(frac)
        except ValueError:  # 2/3 has no exact decimal: not ours to round
            return None
        return _Points(value * maximum, frac)
    if _P_HALF.match(r):
        return _Points(maximum / 2, "1/2")
    if m := _P_PERCENT.match(r):
        frac_d = _number(m.group(1)) / 100
        return _Points(frac_d * maximum, f"{frac_d.normalize():f}")
    if m := _P_DECIMAL.match(r):
        frac_d = _number(m.group(1))
        return _Points(frac_d * maximum, f"{frac_d.normalize():f}") if frac_d <= 1 else None
    if m := _P_FULL_OVER.match(r):
        den = int(m.group(1))
        if den == 0:
            return None
        try:
            return _Points(to_decimal(f"1/{den}") * maximum, f"1/{den}")
        except ValueError:
            return None
    if _P_FULL.match(r):
        return _Points(maximum, "1")
    if _P_ZERO_WORDS.match(r):
        return _Points(ZERO, None)
    if m := _P_POINTS.match(r):
        return _Points(_number(m.group(1)), None)
    return None


# ----------------------------------------------------------------- clauses


@attrs.frozen
class _Clause:
    label: str  # the left-hand side, verbatim (NFC, tidied)
    folded: str
    pts: _Points


_SPLIT = re.compile(r";|\n|(?<=[^\d\s])\.\s+")
_BULLET = re.compile(r"^\s*(?:[-+•*–]|[a-zđ]\)|\d+\))\s*")
_SEP = re.compile(r"\s*(?::|→|=>)\s*")


def _pieces(text: str) -> list[str]:
    out = []
    for raw in _SPLIT.split(text):
        piece = _BULLET.sub("", raw).strip().rstrip(".").strip()
        if piece:
            out.append(piece)
    return out


def _clause(piece: str, maximum: Decimal) -> _Clause | None:
    folded = fold(piece)
    # the last separator whose right-hand side reads as points
    for m in reversed(list(_SEP.finditer(folded))):
        pts = _points(folded[m.end():], maximum)
        if pts is not None:
            left = piece[: m.start()].strip()
            left = re.sub(r"^(?:nếu|neu|trường hợp|truong hop)\s+", "", left, flags=re.I)
            return _Clause(left, fold(left), pts)
    return None


# ------------------------------------------------------------------ patterns

_NEGATIVE = re.compile(r"^(?:khong|chua|con lai|nguoc lai|truong hop khac|cac truong hop con lai)\b"
                       r"|\b(?:khong|chua)\b")
_CATCH_ALL = re.compile(r"^(?:con lai|cac truong hop con lai|truong hop khac|khac|nguoc lai"
                        r"|khong|chua|khong co|khong to chuc|khong thuc hien)\b")
_STRICT = re.compile(r"\b(?:tren|hon)\b|>(?!=)")
_PCT = re.compile(r"(" + _NUM + r")\s*%")
_COUNT = re.compile(r"(?<![\d/.,])(\d+)(?![\d%.,/])")
_COUNCIL = re.compile(r"hoi dong[^;\n]{0,60}?\b(?:cham|xem xet|quyet dinh|cho diem|danh gia)")
_BEST = re.compile(r"(?:don vi|dia phuong|co quan|xa|huyen)[^;\n]{0,40}?(?:cao nhat|lon nhat|tot nhat)"
                   r"|gia tri (?:cao|lon) nhat")
_NO_POINTS = re.compile(r"khong tinh diem")
_RATIO_DEF = re.compile(r"ty le\s*(?:%\s*)?=\s*a\s*/\s*b|\(?\s*a\s*/\s*b\s*\)?\s*(?:\*|x|×)")
_RATIO_TIMES = re.compile(r"(?:ty le|\(?\s*a\s*/\s*b\s*\)?)\s*(?:\*|x|×|nhan(?: voi)?)\s*(?:"
                          + _FULL + r"|(" + _NUM + r")\s*(?:diem)?)")
_AB_LABEL = re.compile(r"(?:^|[;\n(,]|trong do)\s*[-+•]?\s*([ab])\s*(?:=|:|la\b)\s*"
                       r"([^;\n]+?)(?=,\s*b\s*[:=]|[;\n)]|$)")
_RATIO_WORDS = re.compile(r"ty le\s*(?:%\s*)?=\s*([^;\n/]+?)\s*/\s*([^;\n]+?)\s*(?:[x×*]\s*100\s*%)?\s*(?:[;\n]|$)")
_B_ZERO = re.compile(r"b\s*=\s*0\s*(?::|→|=>|thi)\s*([^;\n]+)")
_PROPORTIONAL = re.compile(r"ty le\s*/\s*(" + _NUM + r")\s*%" + _TIMES + _FULL)


def _fits(clauses: Sequence[_Clause], maximum: Decimal) -> list[str]:
    return [Text("appendix.clause_over_max", label=c.label or "…",
                 points=format_vi(c.pts.points, 4), max=format_vi(maximum, 4))
            for c in clauses if c.pts.points > maximum]


def _points_param(p: _Points) -> dict[str, str]:
    if p.fraction is not None:
        return {"fraction": p.fraction}
    return {"points": _dec(p.points)}


def _dec(value: Decimal) -> str:
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _key(folded: str, used: set[str], i: int) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", folded).strip("_")[:40].rstrip("_")
    if not key or key in used or not key.isascii():
        key = f"muc_{i}"
    used.add(key)
    return key


def _checked(spec: MethodSpec, maximum: Decimal, pattern: str,
             problems: list[str]) -> Recognition:
    """Built by its own family: a spec the family refuses is not recognised."""
    try:
        BUILTIN_REGISTRY.build(spec, maximum)
    except MethodParamsError as exc:
        return Recognition(None, None, (*problems, *exc.messages))
    return Recognition(spec, pattern, tuple(problems))


def _ab_labels(text: str) -> dict[str, str]:
    labels: dict[str, str] = {}
    folded = fold(text)
    for m in _AB_LABEL.finditer(folded):
        which = m.group(1)
        label = text[m.start(2): m.end(2)].strip().rstrip(".").strip()
        if which not in labels and label and not re.fullmatch(r"[ab0-9\s/*x×]+", m.group(2)):
            labels[which] = label
    return labels


def _ratio_params(text: str, folded: str) -> dict[str, str]:
    params = _ab_labels(text)
    m = _RATIO_WORDS.search(folded)
    if not params and m and m.group(1).strip() != "a":
        # "Tỷ lệ = Số cán bộ có chữ ký số / Tổng số cán bộ"
        params = {"a": text[m.start(1): m.end(1)].strip(), "b": text[m.start(2): m.end(2)].strip()}
    if m := _B_ZERO.search(folded):
        said = m.group(1).strip()
        if re.match(_FULL, said):
            params["when_b_zero"] = "full"
        elif said.startswith("khong ap dung"):
            params["when_b_zero"] = "not_applicable"
        elif re.match(r"0\s*(?:diem)?\s*$", said):
            params["when_b_zero"] = "zero"
    return params


_NAMED_PATTERN = {"levels": "levels.clauses", "parts": "parts.sum_to_max"}


def _named(kind: str, clauses: Sequence[_Clause], maximum: Decimal,
           problems: list[str]) -> Recognition:
    """``levels`` or ``parts``: one item per clause, named by its left-hand side."""
    if any(not c.label for c in clauses):
        return Recognition(None, None, (f"{kind}: a clause without a name",))
    used: set[str] = set()
    items = [{"key": _key(c.folded, used, i), "label": c.label, **_points_param(c.pts)}
             for i, c in enumerate(clauses, start=1)]
    return _checked(MethodSpec(kind, {kind: items}), maximum, _NAMED_PATTERN[kind], problems)


def _at_least_pct(c: _Clause) -> Decimal | bool | None:
    """The lower bound of a percentage clause; None for a catch-all below the
    lowest band; False when the clause cannot be read (a strict bound)."""
    f = re.sub(r"^(?:ty le|muc)\s*(?:dat\s*)?", "", c.folded.strip())
    nums = _PCT.findall(f)
    if not nums:
        return None if _CATCH_ALL.match(f) else False
    if f.lstrip().startswith("duoi") or re.match(r"^(?:ty le\s*)?(?:<(?!=)|<=|≤)", f.strip()):
        return None
    if "tro len" not in f and "den duoi" not in f and not re.search(r"≥|>=|\btu\b|\bdat\b", f):
        if _STRICT.search(f):
            return False
    if _STRICT.search(f.split("den duoi")[0]) and "tro len" not in f:
        return False
    return _number(nums[0])


def _steps(clauses: Sequence[_Clause], maximum: Decimal, bound: Any) -> list[dict[str, str]] | None:
    steps: dict[Decimal, Decimal] = {}
    for c in clauses:
        at = bound(c)
        if at is False:
            return None
        if at is None:
            if c.pts.points == 0:
                continue  # "còn lại: 0 điểm" is what steps give below the lowest step
            at = ZERO
        if at in steps:
            return None
        steps[at] = c.pts.points
    if not steps:
        return None
    return [{"at_least": _dec(a), "points": _dec(p)} for a, p in sorted(steps.items())]


def _at_least_count(c: _Clause) -> Decimal | bool | None:
    f = c.folded
    if "%" in f:
        return False
    nums = _COUNT.findall(f)
    if not nums:
        return None if _CATCH_ALL.match(f) else False
    ranged = "den" in f or re.search(r"\d\s*[-–]\s*\d", f)
    if len(nums) > 2 or (len(nums) == 2 and not ranged):
        return False
    if f.lstrip().startswith("duoi") or re.search(r"<", f):
        return None
    if _STRICT.search(f):
        return False
    return _number(nums[0])


def _unit(c: _Clause) -> str:
    m = _COUNT.search(c.folded)
    if not m:
        return ""
    rest = c.label[m.end():]
    rest_f = c.folded[m.end():]
    stop = re.search(r"/|\(|,|\btro len\b|\btren\b|\bden\b|\bdat\b|\btrong\b|$", rest_f)
    assert stop is not None
    words = rest[: stop.start()].split()
    return " ".join(words[:3])


def _definition(fp: str) -> bool:
    """A piece that defines a ratio rather than scoring ("a = …", "Tỷ lệ = a/b")."""
    fp = re.sub(r"^(?:neu|truong hop|trong do)\s+", "", fp)
    if re.match(r"(?:ty le\s*(?:%\s*)?=|[ab]\s*(?:=|:|la\b)|b\s*=\s*0)", fp):
        return True
    return bool(re.match(r"diem\s*=", fp) and _RATIO_TIMES.search(fp)) or bool(
        _PROPORTIONAL.search(fp))


def recognise(text: str | None, maximum: Decimal) -> Recognition:
    """Recognise a rule text for a leaf whose maximum is ``maximum``."""
    if not text or not text.strip():
        return Recognition(None, None, ("no rule text",))
    text = text.strip()
    folded = fold(text)
    problems: list[str] = []

    if _NO_POINTS.search(folded):
        if maximum == 0:
            return _checked(MethodSpec("tracked", {}), maximum, "tracked.no_points", problems)
        return Recognition(None, None, (f"“Không tính điểm” on a row whose maximum is "
                                        f"{format_vi(maximum, 4)}",))
    if maximum == 0:
        return Recognition(None, None, ("maximum 0 without “Không tính điểm”",))

    clauses: list[_Clause] = []
    unreadable = False
    for piece in _pieces(text):
        fp = fold(piece)
        c = _clause(piece, maximum)
        if c is not None and not re.match(r"b\s*=\s*0\b", c.folded):
            clauses.append(c)
        elif c is not None or _definition(fp):
            continue
        elif not clauses and not re.search(r"\d", piece):
            continue  # "Cách chấm như sau:" before the first scored clause
        else:
            unreadable = True
            break

    is_ratio = bool(_RATIO_DEF.search(folded)) or bool(re.search(r"ty le\s*(?:%\s*)?=", folded))
    pct_clauses = [c for c in clauses if "%" in c.folded]
    if not unreadable and is_ratio and not pct_clauses:
        # "a/b x 100%" makes a percentage; the points rule is the other product
        times = [t for t in _RATIO_TIMES.finditer(folded)
                 if not folded[t.end():].lstrip().startswith("%")]
        m = times[0] if times else None
        if m and not clauses and (m.group(1) is None or _number(m.group(1)) == maximum):
            return _checked(MethodSpec("ratio", _ratio_params(text, folded)), maximum,
                            "ratio.a_over_b", problems)
        return Recognition(None, None, ("a ratio whose points rule is not "
                                        "“Điểm = Tỷ lệ × Điểm tối đa”",))
    if unreadable or not clauses or (len(clauses) < 2 and not pct_clauses):
        if _BEST.search(folded) and re.search(_FULL, folded):
            return _checked(MethodSpec("relative_to_best", {}), maximum,
                            "relative_to_best.best_unit", problems)
        if _COUNCIL.search(folded):
            return _checked(MethodSpec("awarded", {}), maximum, "awarded.council", problems)
        why = Text("appendix.unreadable_clause" if unreadable else "appendix.no_clauses")
        return Recognition(None, None, (why,))

    too_many = _fits(clauses, maximum)
    if too_many:
        return Recognition(None, None, tuple(too_many))

    if pct_clauses:
        # a lower clause that is proportional to the ratio: threshold_ratio
        if m := _PROPORTIONAL.search(folded):
            full = [c for c in clauses if c.pts.points == maximum and "%" in c.folded]
            if len(full) == 1 and _at_least_pct(full[0]) == _number(m.group(1)):
                params = {**_ratio_params(text, folded),
                          "target": _dec(_number(m.group(1)) / 100)}
                return _checked(MethodSpec("threshold_ratio", params), maximum,
                                "threshold_ratio.proportional_below", problems)
            return Recognition(None, None, ("a proportional rule below a threshold that "
                                            "does not match the threshold",))
        steps = _steps(clauses, maximum, _at_least_pct)
        if steps is None:
            return Recognition(None, None, ("percentage bands that are not “từ X% trở lên”",))
        if (len(steps) == 1 and Decimal(steps[0]["points"]) == maximum
                and Decimal(steps[0]["at_least"]) > 0):
            params = {**_ratio_params(text, folded), "target": _dec(Decimal(steps[0]["at_least"]) / 100),
                      "below": "zero"}
            return _checked(MethodSpec("threshold_ratio", params), maximum,
                            "threshold_ratio.zero_below", problems)
        if max(Decimal(s["points"]) for s in steps) < maximum:
            problems.append(Text("appendix.no_band_max"))
        return _checked(MethodSpec("steps", {"unit": "%", "steps": steps}), maximum,
                        "steps.percent", problems)

    counted = [c for c in clauses if _COUNT.search(c.folded)]
    if counted:
        steps = _steps(clauses, maximum, _at_least_count)
        if steps is None:
            return Recognition(None, None, ("count steps that are not “N …: P điểm”",))
        unit = _unit(counted[0])
        if max(Decimal(s["points"]) for s in steps) < maximum:
            problems.append(Text("appendix.no_step_max"))
        counted_params: dict[str, Any] = {"unit": unit, "steps": steps} if unit else {
            "steps": steps}
        return _checked(MethodSpec("steps", counted_params), maximum, "steps.count", problems)

    positive = [c for c in clauses if c.pts.points > 0]
    zero = [c for c in clauses if c.pts.points == 0]
    if (len(clauses) == 2 and len(positive) == 1 and len(zero) == 1
            and positive[0].pts.points == maximum and clauses[0] is positive[0]
            and _NEGATIVE.search(zero[0].folded)):
        return _checked(MethodSpec("yes_no", {}), maximum, "yes_no.clauses", problems)
    if any(c.pts.points == maximum for c in clauses):
        return _named("levels", clauses, maximum, problems)
    total = sum((c.pts.points for c in positive), ZERO)
    if len(positive) >= 2 and total == maximum and (
        len({c.pts.points for c in positive}) == 1 or re.search(r"\bcong\b", folded)
    ):
        return _named("parts", positive, maximum, problems)
    if clauses and max(c.pts.points for c in clauses) < maximum:
        return Recognition(None, None, ("no clause gives the maximum, and the clauses do "
                                        "not add up to it",))
    return Recognition(None, None, ("clauses that are neither levels nor parts",))


# ---------------------------------------------------------- the inverse: a rule


def _expr(item: dict[str, Any]) -> str:
    if "fraction" in item:
        frac = str(item["fraction"])
        if to_decimal(frac) == 1:
            return "Điểm tối đa"
        if to_decimal(frac) == 0:
            return "0 điểm"
        return f"{frac.replace('.', ',')} × Điểm tối đa"
    return f"{format_vi(to_decimal(item['points']), 6)} điểm"


def render_rule(method: MethodSpec, maximum: Decimal) -> str:
    """A rule text, worded as decisions word it, that :func:`recognise` reads back as
    ``method`` (the exporter writes it where a row has no ``how``)."""
    p = method.params
    k = method.kind

    def ratio_lines() -> list[str]:
        lines = [f"a = {p['a']}"] if "a" in p else []
        lines += [f"b = {p['b']}"] if "b" in p else []
        lines.append("Tỷ lệ = a/b")
        when = p.get("when_b_zero")
        if when == "full":
            lines.append("Nếu b = 0: Điểm tối đa")
        elif when == "not_applicable":
            lines.append("Nếu b = 0: Không áp dụng")
        elif when == "zero":
            lines.append("Nếu b = 0: 0 điểm")
        return lines

    if k == "yes_no":
        return "Có: Điểm tối đa;\nKhông: 0 điểm"
    if k == "tracked":
        return "Không tính điểm"
    if k == "awarded":
        return "Hội đồng thẩm định xem xét, chấm điểm trong phạm vi Điểm tối đa"
    if k == "relative_to_best":
        return ("Đơn vị có giá trị cao nhất: Điểm tối đa;\n"
                "Đơn vị khác: Điểm = Giá trị của đơn vị / Giá trị cao nhất × Điểm tối đa")
    if k == "ratio":
        return ";\n".join([*ratio_lines(), "Điểm = Tỷ lệ × Điểm tối đa"])
    if k == "threshold_ratio":
        t = format_vi(to_decimal(p["target"]) * 100, 6)
        below = (f"Tỷ lệ dưới {t}%: Tỷ lệ/{t}% × Điểm tối đa" if p.get("below", "proportional")
                 == "proportional" else f"Tỷ lệ dưới {t}%: 0 điểm")
        return ";\n".join([*ratio_lines(), f"Tỷ lệ từ {t}% trở lên: Điểm tối đa", below])
    if k == "steps":
        unit = str(p.get("unit", ""))
        lines = []
        for s in sorted(p["steps"], key=lambda s: -to_decimal(s["at_least"])):
            at = to_decimal(s["at_least"])
            pts = _expr({"points": s["points"]})
            if at == 0:
                lines.append(f"Còn lại: {pts}")
            elif unit == "%":
                lines.append(f"Tỷ lệ từ {format_vi(at, 6)}% trở lên: {pts}")
            else:
                lines.append(f"Từ {format_vi(at, 6)} {unit} trở lên: {pts}".replace("  ", " "))
        if all(to_decimal(s["at_least"]) != 0 for s in p["steps"]):
            lines.append("Còn lại: 0 điểm")
        return ";\n".join(lines)
    if k == "levels":
        return ";\n".join(f"{lv.get('label', lv['key'])}: {_expr(lv)}" for lv in p["levels"])
    if k == "parts":
        return "Cộng điểm các nội dung đạt được:\n" + ";\n".join(
            f"- {pt.get('label', pt['key'])}: {_expr(pt)}" for pt in p["parts"])
    raise ValueError(f"no rule wording for method {k!r}")
