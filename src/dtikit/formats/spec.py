"""What a form looks like, as data: a plugin declares its Biểu with a title and
column labels, not with code.

A form's table has one column per *role* (STT, name, maximum, …, evidence,
explanation). The order and labels are the province's; the roles are what the
reader relies on, written into a hidden row of every sheet so a form can be
read back whatever its column order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs

from ..assessment import Choice, Flag, Number, Parts, Ratio
from ..methods import Method, MethodRegistry, installed_methods
from ..model import Rubric, nfc, to_tuple

FORM_MARK = "dtikit:form:1"
COLLECTION_MARK = "@unit_id"
META_SHEET = "_dtikit"

# Roles of the self-assessment part, then the appraiser's.
ROLES_SELF = ("stt", "name", "max", "how", "in_a", "in_b", "points", "evidence", "explanation")
ROLES_APPRAISAL = ("app_a", "app_b", "app_points", "app_agency", "app_note")
REQUIRED_ROLES = ("stt", "name", "max", "in_a", "in_b", "points")

DEFAULT_LABELS: Mapping[str, str] = {
    "stt": "STT",
    "name": "Chỉ số / Chỉ số thành phần",
    "max": "Điểm tối đa",
    "how": "Cách xác định và tính điểm",
    "in_a": "Kết quả thực hiện / Tử số (a)",
    "in_b": "Mẫu số (b)",
    "points": "Điểm tự đánh giá",
    "evidence": "Tài liệu kiểm chứng",
    "explanation": "Giải trình",
    "app_a": "Kết quả thẩm định / Tử số (a)",
    "app_b": "Mẫu số thẩm định (b)",
    "app_points": "Điểm thẩm định",
    "app_agency": "Cơ quan thẩm định",
    "app_note": "Ý kiến thẩm định",
}

DEFAULT_WIDTHS: Mapping[str, float] = {
    "stt": 8, "name": 42, "max": 10, "how": 48, "in_a": 16, "in_b": 12, "points": 12,
    "evidence": 36, "explanation": 30, "app_a": 16, "app_b": 12, "app_points": 12,
    "app_agency": 22, "app_note": 30,
}



def meta_rows(kind: str, rubric_ids: Sequence[str], form: str | None = None
              ) -> list[tuple[str, str]]:
    """The (key, value) rows that open the hidden ``_dtikit`` sheet: what wrote the workbook."""
    from ..version import __version__

    return [("format", "dtikit"), ("version", "1"), ("kind", kind),
            *([("form", form)] if form is not None else []), ("dtikit", __version__),
            *(("rubric", r) for r in rubric_ids)]


YES = "Có"
NO = "Không"
NA_TEXT = "Không áp dụng"


@attrs.frozen
class Column:
    """One column of a form: its role and the label the province prints."""

    role: str
    label: str = attrs.field(default="", converter=nfc)
    width: float | None = None

    def __attrs_post_init__(self) -> None:
        if self.role not in ROLES_SELF + ROLES_APPRAISAL:
            raise ValueError(f"unknown form column role {self.role!r}")
        if not self.label:
            object.__setattr__(self, "label", DEFAULT_LABELS[self.role])


def _columns(values: Any) -> tuple[Column, ...]:
    return tuple(v if isinstance(v, Column) else Column(v) for v in values)


DEFAULT_COLUMNS = _columns(ROLES_SELF)
DEFAULT_APPRAISAL_COLUMNS = _columns(ROLES_APPRAISAL)


@attrs.frozen
class FormSpec:
    """A self-assessment form (Biểu) as data.

    ``columns`` are the self-assessment columns in the province's order
    (roles from ``ROLES_SELF``; STT, name, maximum, both inputs and the
    points are required); ``appraisal_columns`` are added on appraisal
    forms. ``notes`` are printed under the title (e.g. an evidence rule).
    ``rubrics`` limits the form to some rubric identities."""

    name: str = "xlsx"
    title: str = attrs.field(
        default="BIỂU TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CHUYỂN ĐỔI SỐ", converter=nfc)
    code: str = attrs.field(default="", converter=nfc)  # "Biểu số 03", top right
    sheet: str = attrs.field(default="Tự đánh giá", converter=nfc)
    columns: tuple[Column, ...] = attrs.field(default=DEFAULT_COLUMNS, converter=_columns)
    appraisal_columns: tuple[Column, ...] = attrs.field(
        default=DEFAULT_APPRAISAL_COLUMNS, converter=_columns)
    notes: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    rubrics: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    description: str = ""
    source_note: str = ""  # where the layout comes from (or that it is dtikit's)

    def __attrs_post_init__(self) -> None:
        roles = [c.role for c in self.columns]
        app = [c.role for c in self.appraisal_columns]
        if len(set(roles + app)) != len(roles) + len(app):
            raise ValueError(f"form {self.name}: a column role appears twice")
        if any(r in ROLES_APPRAISAL for r in roles) or any(r in ROLES_SELF for r in app):
            raise ValueError(f"form {self.name}: appraisal roles belong in appraisal_columns")
        missing = [r for r in REQUIRED_ROLES if r not in roles]
        if missing:
            raise ValueError(f"form {self.name}: required columns missing: {', '.join(missing)}")
        if len(self.sheet) > 31 or any(ch in self.sheet for ch in "[]:*?/\\"):
            raise ValueError(f"form {self.name}: {self.sheet!r} is not a valid sheet name")

    def layout(self, appraisal: bool) -> tuple[Column, ...]:
        return self.columns + (self.appraisal_columns if appraisal else ())


DEFAULT_FORM = FormSpec(
    source_note="dtikit's layout: the official column order of the rubric tables "
                "(STT | Chỉ số | Điểm tối đa | Cách xác định và tính điểm), then inputs, "
                "points, evidence and explanation",
)


# ----------------------------------------------------------- what a leaf asks

InputKind = Literal["flag", "choice", "number", "points", "ratio", "parts", "any"]


@attrs.frozen
class LeafInput:
    """What one leaf's input cells hold, derived from its scoring method."""

    code: str
    kind: InputKind
    max: Decimal
    method: Method = attrs.field(eq=False)
    choices: tuple[tuple[str, str], ...] = ()
    na_allowed: bool = False
    places: int = 2
    builtin: bool = False  # the method is one of the core's own families
    keys: frozenset[str] = frozenset()  # the choices' keys

    @property
    def accepts(self) -> tuple[type, ...]:
        return tuple(self.method.accepts)

    def label_of(self, key: str) -> str:
        return next((label for k, label in self.choices if k == key), key)

    def key_of(self, text: str) -> str | None:
        """A choice typed or picked on a form (its label or its key) → its key."""
        want = nfc(text).strip().casefold()
        for k, label in self.choices:
            if nfc(label).casefold() == want:
                return k
        for k, _ in self.choices:
            if nfc(k).casefold() == want:
                return k
        return None


_KINDS: Mapping[tuple[type, ...], InputKind] = {
    (Ratio,): "ratio", (Parts,): "parts", (Flag,): "flag", (Choice,): "choice",
    (Number,): "number",
}


def _kind(method: Method) -> InputKind:
    """The input a method asks for: by the one value type it accepts ("any" for several)."""
    if method.kind == "awarded":
        return "points"
    return _KINDS.get(tuple(method.accepts), "any")


def _na_codes(rubric: Rubric) -> set[str]:
    """Leaves where *Không áp dụng* can be a valid answer for some unit."""
    out = {n.code for n in rubric.leaves() if rubric.accepts_na(n.code)}
    for variant in rubric.variants:
        out |= rubric.removed_by(variant)
    return out


def leaf_inputs(rubric: Rubric, methods: MethodRegistry | None = None) -> dict[str, LeafInput]:
    """Every leaf's input, in tree order. Raises ``RubricInvalid`` for bad methods."""
    from ..scoring import compile_methods

    if methods is None:
        methods = installed_methods()
    from ..methods.builtin import BUILTIN_METHODS

    compiled = compile_methods(rubric, methods)
    na = _na_codes(rubric)
    out: dict[str, LeafInput] = {}
    for node in rubric.leaves():
        method = compiled[node.code].method
        choices = tuple(method.choices())
        out[node.code] = LeafInput(node.code, _kind(method), node.max, method, choices,
                                   node.code in na, rubric.rounding.places,
                                   type(method) in BUILTIN_METHODS,
                                   frozenset(k for k, _ in choices))
    return out
