"""Texts in two languages, by id: the problem texts of the library, and the machinery
that the ``dtikit`` command's catalogue (:mod:`dtikit.cli.messages`) shares.

A problem text that the library raises (a bad cell, points over the maximum, a
rubric that does not add up) is a :class:`Text`: a ``str`` whose value is the
English text, as the API always gave it, that also remembers its message id and
the values put in it. ``str(problem)`` and ``str(error)`` stay English; a host
application (or the ``dtikit`` command) shows it in Vietnamese with
``text.render("vi")`` (:meth:`dtikit.errors.Problem.render` for a whole problem).

The templates of each id, in Vietnamese and English, live here, once
(:data:`PROBLEMS`). A text built by hand (a plugin's own ``str``) stays as it is.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import attrs

LANGS = ("vi", "en")
"""The languages of the catalogues; the first is the default."""
LANG_ENV = "DTIKIT_LANG"


@attrs.frozen
class Message:
    """One catalogued message: its Vietnamese and English templates
    (:meth:`str.format` templates with named placeholders)."""

    vi: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


def _m(vi: str, en: str) -> Message:
    return Message(vi, en)


# ------------------------------------------------------------------ the language

_chosen: str | None = None


def set_lang(lang: str | None) -> None:
    """Choose the language (``vi`` or ``en``); None: ``DTIKIT_LANG``, else Vietnamese."""
    global _chosen
    if lang is not None and lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGS)}")
    _chosen = lang


def current_lang() -> str:
    """The chosen language: :func:`set_lang`, else ``DTIKIT_LANG``, else ``vi``."""
    if _chosen is not None:
        return _chosen
    env = os.environ.get(LANG_ENV, "").strip().lower()[:2]
    return env if env in LANGS else LANGS[0]


# ------------------------------------------------------------------ recording


@attrs.frozen
class Rendered:
    """One message as rendered: its id, its text, and the values put in it."""

    id: str
    text: str
    values: Mapping[str, Any]


_record: list[Rendered] | None = None


@contextmanager
def recording() -> Iterator[list[Rendered]]:
    """Record every message rendered inside the block (for tests: what the CLI prints
    must be made of these)."""
    global _record
    saved, _record = _record, []
    try:
        yield _record
    finally:
        _record = saved


def render(catalogue: Mapping[str, Message], msg_id: str, values: Mapping[str, Any],
           lang: str | None = None, *, record_as: str | None = None) -> str:
    """The message ``msg_id`` of ``catalogue`` in ``lang`` (default: the chosen one),
    its placeholders filled in; catalogued texts among the values in the same language.
    An id that is not in the catalogue is a bug (KeyError)."""
    lang = lang or current_lang()
    text = catalogue[msg_id].text(lang).format(
        **{k: localize(v, lang) for k, v in values.items()})
    if _record is not None:
        _record.append(Rendered(record_as or msg_id, text, values))
    return text


def localize(value: Any, lang: str | None = None) -> Any:
    """``value`` in ``lang`` when it knows how to say itself (a :class:`Text`, a
    :class:`~dtikit.errors.Problem`, a list of them); anything else as it is."""
    if _says_itself(value):
        return value.render(lang)
    if isinstance(value, (list, tuple)) and value and all(_says_itself(v) for v in value):
        return "; ".join(str(localize(v, lang)) for v in value)
    return value


def _says_itself(value: Any) -> bool:
    """A Text, or an object marked ``__localized__`` with ``render(lang)``: a
    :class:`~dtikit.errors.Problem`, an import finding, a plugin failure."""
    return isinstance(value, Text) or getattr(type(value), "__localized__", False)


# ------------------------------------------------------------------ problem texts


class Text(str):
    """A catalogued problem text: the English text (what ``str()`` gives), its
    message id (a key of :data:`PROBLEMS`) and the values put in it.

    ``Text("cell.not_number", value="abc")`` equals the ``str`` it reads as
    (``'abc' is not a number``), so
    comparisons, hashing and ``str(error)`` are those of the English text;
    :meth:`render` says it in another language."""

    id: str
    values: Mapping[str, Any]
    __localized__ = True

    def __new__(cls, msg_id: str, /, **values: Any) -> Text:
        self = super().__new__(cls, _fill(PROBLEMS[msg_id].en, values, "en"))
        self.id = msg_id
        self.values = values
        return self

    def render(self, lang: str | None = None) -> str:
        """The text in ``lang`` (default: the chosen language). In Vietnamese a decimal
        is written with a decimal comma (``0,5``) and a count's thousands with dots
        (``10.001 dòng``), as a Vietnamese reader writes them."""
        lang = lang or current_lang()
        values = self.values if lang == "en" else {
            k: _vi_number(v) for k, v in self.values.items()}
        return render(PROBLEMS, self.id, values, lang, record_as=f"problem.{self.id}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_text, (self.id, dict(self.values)))


class Listed:
    """Texts listed in a sentence (``a, b, c``), each in the sentence's language."""

    __localized__ = True

    def __init__(self, items: Iterable[Any], sep: str = ", ") -> None:
        self.items = tuple(items)
        self.sep = sep

    def __repr__(self) -> str:
        return f"Listed({self.items!r}, {self.sep!r})"

    def render(self, lang: str | None = None) -> str:
        return self.sep.join(str(localize(item, lang)) for item in self.items)

    def __str__(self) -> str:
        return self.render("en")


class _Count(int):
    """A count whose ``{n:,}`` groups thousands with dots (``10.001``)."""

    def __format__(self, spec: str) -> str:
        return int.__format__(self, spec).replace(",", ".")


def _vi_number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, int) and not isinstance(value, bool):
        return _Count(value)
    return value


def _text(msg_id: str, values: dict[str, Any]) -> Text:
    return Text(msg_id, **values)


def _fill(template: str, values: Mapping[str, Any], lang: str) -> str:
    return template.format(**{k: localize(v, lang) for k, v in values.items()})


def message_of(exc: BaseException) -> str:
    """The text of an exception, a :class:`Text` when it was raised with one (``str(exc)``
    is always plain English)."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, Text) else str(exc)


PROBLEMS: Mapping[str, Message] = {
    # ---- places
    "at.indicator": _m("chỉ số {code}", "indicator {code}"),
    "at.unit": _m("đơn vị {unit}", "unit {unit}"),
    "at.unit_in": _m("đơn vị {unit} ({places})", "unit {unit} ({places})"),
    "at.located": _m("{place}{where}", "{place}{where}"),
    "at.unit_code": _m("{where}, mã {code}", "{where}, code {code}"),
    "at.where": _m("{where}: {what}", "{where}: {what}"),
    "at.rubric": _m("Bộ chỉ số {rubric}", "rubric {rubric}"),
    "at.signoff": _m("tệp phê duyệt", "sign-off"),
    # ---- a method's parameters in a rubric (MethodParamsError)
    "method.param_required": _m("{kind}: thiếu tham số {name!r}", "{kind}: parameter {name!r} is required"),
    "method.param_bad": _m("{kind}: tham số {name!r}: {error}", "{kind}: parameter {name!r}: {error}"),
    "method.list_required": _m("{kind}: tham số {name!r} phải là một danh sách không rỗng",
                               "{kind}: parameter {name!r} must be a non-empty list"),
    "method.item_needs_key": _m("{kind}: mục {n} thiếu 'key'", "{kind}: item {n} needs a 'key'"),
    "method.item_needs_points": _m("{kind}: mục {key!r} cần 'points' hoặc 'fraction'",
                                   "{kind}: item {key!r} needs 'points' or 'fraction'"),
    "method.item_bad": _m("{kind}: mục {key!r}: {error}", "{kind}: item {key!r}: {error}"),
    "method.item_outside": _m("{kind}: mục {key!r} cho {points} điểm, ngoài khoảng [0, {max}]",
                              "{kind}: item {key!r} gives {points}, outside [0, {max}]"),
    "method.item_twice": _m("{kind}: mục {key!r} có hai lần", "{kind}: item {key!r} appears twice"),
    "method.step_needs": _m("steps: bậc {n} cần at_least và points ({error})",
                            "steps: step {n} needs at_least and points ({error})"),
    "method.step_outside": _m("steps: bậc từ {at} cho {points} điểm, ngoài khoảng [0, {max}]",
                              "steps: step at {at} gives {points}, outside [0, {max}]"),
    "method.step_twice": _m("steps: hai bậc cùng từ {at}", "steps: two steps at {at}"),
    "method.step_not_monotonic": _m(
        "steps: {a2} (nhiều hơn) cho ít điểm hơn ({p2}) so với {a1} ({p1}); các bậc không tăng dần",
        "steps: more ({a2}) gives fewer points ({p2}) than {a1} ({p1}); not monotonic"),
    "method.when_b_zero": _m("{kind}: when_b_zero {value!r} không phải zero/full/not_applicable",
                             "{kind}: when_b_zero {value!r} is not zero/full/not_applicable"),
    "method.target_range": _m("threshold_ratio: mục tiêu {target} phải thuộc (0, 1]",
                              "threshold_ratio: target {target} must be in (0, 1]"),
    "method.below": _m("threshold_ratio: below {value!r} không phải proportional/zero",
                       "threshold_ratio: below {value!r} is not proportional/zero"),
    "method.tracked_max": _m("tracked: điểm tối đa phải là 0, không phải {max}",
                             "tracked: the maximum must be 0, not {max}"),
    # ---- one answer a method cannot accept (AnswerError)
    "answer.negative": _m("{what} {value} là số âm", "{what} {value} is negative"),
    "answer.wrong_type": _m("cách chấm {kind} cần {want}, nhận được {got} {value}",
                            "method {kind} expects {want}, got {got} {value}"),
    "answer.unknown_level": _m("mức {key!r} không thuộc các mức: {known}",
                               "level {key!r} is not one of: {known}"),
    "answer.a_over_b": _m("a = {a} lớn hơn b = {b}", "a = {a} is greater than b = {b}"),
    "answer.b_zero_na": _m("b = 0: Bộ chỉ số coi chỉ số này là không áp dụng; trả lời Không áp dụng",
                           "b = 0: this rubric treats the indicator as not applicable; "
                           "answer Không áp dụng"),
    "answer.unknown_parts": _m("không có phần {parts}; các phần: {known}",
                               "unknown part(s) {parts}; known: {known}"),
    "answer.needs_best": _m("relative_to_best cần giá trị cao nhất của đợt đánh giá",
                            "relative_to_best needs the cohort's best value"),
    "answer.points_over_max": _m("điểm {points} vượt điểm tối đa {max}",
                                 "points {points} exceed the maximum {max}"),
    "at.self_assessment": _m("tự đánh giá", "self-assessment"),
    "at.appraisal_by": _m("thẩm định của {agency}", "appraisal by {agency}"),
    "at.unit_stage_code": _m("{where}, {stage}, mã {code}", "{where}, {stage}, code {code}"),
    # ---- a cohort the rubric cannot score (AssessmentInvalid)
    "assessment.other_rubric": _m("đánh giá theo Bộ chỉ số {rubric}, không phải {expected}",
                                  "assessed against {rubric}, not {expected}"),
    "assessment.no_indicator": _m("không có chỉ số {code} trong {rubric}",
                                  "no indicator {code} in {rubric}"),
    "assessment.not_a_leaf": _m("câu trả lời chỉ nhập cho chỉ số thành phần; {code} được tính "
                                "từ các chỉ số con",
                                "answers go to leaf indicators; {code} is computed from its "
                                "children"),
    "assessment.answered_twice": _m("trả lời hai lần", "answered twice"),
    "assessment.na_forbidden": _m("chỉ số này không được trả lời Không áp dụng",
                                  "Không áp dụng is not allowed for this indicator"),
    "assessment.wrong_type": _m("cách chấm {kind} cần {want}, nhận được {got} {value}",
                                "{kind} expects {want}, got {got} {value}"),
    "assessment.twice": _m("được đánh giá hai lần trong một đợt",
                           "assessed twice in one cohort"),
    "rubric.leaf_without_method": _m("chỉ số thành phần chưa có cách chấm",
                                     "a leaf without a scoring method"),
    "rubric.no_variant": _m("{rubric}: không có loại đơn vị {key!r}",
                            "{rubric}: no variant {key!r}"),
    "at.variant": _m("loại đơn vị {key}", "variant {key}"),
    "at.conversion": _m("quy đổi {key}", "conversion {key}"),
    # ---- a rubric that fails validation (RubricInvalid)
    "rubric.id_mismatch": _m("{id} không khớp với tỉnh/cấp/năm {province}/{tier}/{year}",
                             "{id} does not match province/tier/year {province}/{tier}/{year}"),
    "rubric.scale_positive": _m("thang điểm {scale} phải là số dương",
                                "scale {scale} must be positive"),
    "rubric.until_before": _m("{until} trước năm đầu tiên {year}",
                              "{until} is before the first year {year}"),
    "rubric.code_repeated": _m("mã chỉ số xuất hiện {n} lần", "code appears {n} times"),
    "rubric.no_indicators": _m("Bộ chỉ số không có chỉ số nào", "the rubric has no indicators"),
    "rubric.bad_code": _m("mã chỉ số trống hoặc có dấu cách", "empty code or code with spaces"),
    "rubric.empty_name": _m("tên chỉ số trống", "empty name"),
    "rubric.root": _m("gốc", "the root"),
    "rubric.wrong_parent": _m("mã chỉ số cho biết chỉ số cha là {expected}, nhưng chỉ số nằm "
                              "dưới {actual}",
                              "code says its parent is {expected}, but it sits under {actual}"),
    "rubric.negative_max": _m("điểm tối đa âm {max}", "negative maximum {max}"),
    "rubric.max_decimals": _m("điểm tối đa {max} có nhiều chữ số thập phân hơn mức làm tròn của "
                              "Bộ chỉ số ({places}); không hiển thị được điểm tối đa",
                              "maximum {max} has more decimals than the rubric rounds to "
                              "({places}); a full score could not be shown"),
    "rubric.node_with_method": _m("chỉ số có chỉ số con không được có cách chấm riêng",
                                  "a node with children cannot have its own method"),
    "rubric.cap_below": _m("chỉ số có giới hạn: các chỉ số con cộng lại được {total}, ít hơn "
                           "điểm tối đa {max}",
                           "capped node: children add up to {total}, less than max {max}"),
    "rubric.children_sum": _m("các chỉ số con cộng lại được {total}, không bằng điểm tối đa "
                              "{max} (khai báo cap = true nếu Bộ chỉ số giới hạn tổng)",
                              "children add up to {total}, not the maximum {max} "
                              "(declare cap = true if the rubric caps the sum)"),
    "rubric.outline_scored": _m("mục {code} của danh mục cũng là một chỉ số được chấm điểm",
                                "outline item {code} is also a scored indicator"),
    "rubric.top_sum": _m("điểm tối đa của các chỉ số chính cộng lại được {total}, không bằng "
                         "thang điểm {scale}",
                         "top-level maxima add up to {total}, not the scale {scale}"),
    "rubric.variant_unknown": _m("nêu chỉ số không có {code}", "names unknown indicator {code}"),
    "rubric.defined_twice": _m("được khai báo hai lần", "defined twice"),
    # ---- classification bands
    "band.none": _m("không có mức xếp loại nào", "no bands"),
    "band.repeated": _m("mức xếp loại {label!r} xuất hiện {n} lần", "band {label!r} appears {n} times"),
    "band.empty": _m("mức xếp loại {label!r} rỗng", "band {label!r} is empty"),
    "band.low_uncovered": _m("các giá trị từ 0 đến {bound} không thuộc mức xếp loại nào",
                             "values from 0 up to {bound} fall in no band"),
    "band.pair": _m("{a!r} và {b!r}", "{a!r} and {b!r}"),
    "band.overlap": _m("các mức {name} chồng lên nhau", "bands {name} overlap"),
    "band.gap": _m("khoảng trống giữa {name}: ({upper}, {lower}) không thuộc mức xếp loại nào",
                   "gap between {name}: ({upper}, {lower}) falls in no band"),
    "band.overlap_between": _m("các mức {name} chồng lên nhau từ {lower} đến {upper}",
                               "bands {name} overlap between {lower} and {upper}"),
    "band.both_include": _m("các mức {name} đều gồm {value}", "bands {name} both include {value}"),
    "band.value_uncovered": _m("{value} không thuộc mức xếp loại nào (giữa {name})",
                               "{value} falls in no band (between {name})"),
    "band.high_uncovered": _m("các giá trị trên {upper} đến {top} không thuộc mức xếp loại nào",
                              "values above {upper} up to {top} fall in no band"),
    # ---- a cell whose content cannot be what the form asks for (CellError)
    "cell.not_finite": _m("{value!r} không phải là số hữu hạn", "{value!r} is not a finite number"),
    "cell.bool_not_number": _m("{value} không phải là số", "{value} is not a number"),
    "cell.excel_error": _m("ô hiển thị lỗi Excel {error}", "the cell shows the Excel error {error}"),
    "cell.not_number": _m("{value!r} không phải là số", "{value!r} is not a number"),
    "cell.date_not_number": _m("một ngày ({date}) không phải là số", "a date ({date}) is not a number"),
    "cell.not_date": _m("{value!r} không phải là ngày (dd/mm/yyyy)",
                        "{value!r} is not a date (dd/mm/yyyy)"),
    "cell.not_flag": _m("{value!r} không phải {yes} hoặc {no}", "{value!r} is not {yes} or {no}"),
    "cell.b_not_empty_na": _m("phải để trống khi a ghi {na}", "must be empty when a says {na}"),
    "cell.part_not_empty_na": _m("phải để trống khi chỉ số ghi {na}",
                                 "must be empty when the indicator says {na}"),
    "cell.parts_here": _m("trả lời {yes}/{no} ở dòng của từng phần, hoặc ghi {na} ở đây",
                          "answer {yes}/{no} on each part's row, or {na} here"),
    "cell.b_only_ratio": _m("chỉ chỉ số tỷ lệ dùng cột này; để trống",
                            "only ratio indicators use this column; leave it empty"),
    "cell.points_percent": _m("điểm nhập bằng điểm, không nhập dạng phần trăm",
                              "points are entered as points, not as a percentage"),
    "cell.not_a_choice": _m("{value!r} không thuộc các mức: {labels}",
                            "{value!r} is not one of: {labels}"),
    "cell.not_valid": _m("{value!r} không phải câu trả lời hợp lệ ({want})",
                         "{value!r} is not a valid answer ({want})"),
    "cell.a_missing": _m("thiếu a (tử số) trong khi có b", "a (tử số) is missing while b is given"),
    "cell.b_missing": _m("thiếu b (mẫu số); hoặc nhập tỷ lệ dạng phần trăm (85%) vào a",
                         "b (mẫu số) is missing; or type the rate as a percentage (85%) in a"),
    "cell.ratio_percent": _m("có cả a và b thì không nhập phần trăm (không rõ nghĩa): nhập số lượng",
                             "a percentage with both a and b given is ambiguous: type counts"),
    "cell.relative_points": _m("chấm so với đơn vị cao nhất: nhập giá trị, không nhập điểm",
                               "scored relative to the best unit: enter the value, not the points"),
    "cell.possible": _m("; các mức điểm có thể: {shown}", "; possible: {shown}"),
    "cell.no_answer_gives": _m("không có câu trả lời nào cho {points} điểm{hint}",
                               "no answer gives {points} points{hint}"),
    "cell.na_forbidden": _m("chỉ số {code} không được trả lời Không áp dụng",
                            "Không áp dụng is not allowed for indicator {code}"),
    "cell.indicator": _m("chỉ số {code}: {error}", "indicator {code}: {error}"),
    "answer.expects": _m("cách chấm {kind} cần {want}", "{kind} expects {want}"),
    "file.workbook_unreadable": _m("không đọc được sổ tính ({error})",
                                   "the workbook cannot be read ({error})"),
    "none": _m("không có", "none"),
    # ---- a form (an Excel workbook or a collection sheet)
    "form.empty": _m("biểu trống: không có tên đơn vị và không có câu trả lời",
                     "the form is empty: no unit name and no answers"),
    "form.no_unit_name": _m("tên đơn vị (Tên đơn vị) để trống",
                            "the unit's name (Tên đơn vị) is empty"),
    "form.unknown_variant": _m("{value!r} không phải loại đơn vị của {rubric} (các loại: {known})",
                               "{value!r} is not a kind of unit of {rubric} (known: {known})"),
    "form.other_rubric": _m("biểu này dành cho Bộ chỉ số {rubric}, không phải {expected}",
                            "this form is for rubric {rubric}, not {expected}"),
    "form.no_agency": _m("chỉ số {code} có điểm thẩm định nhưng không nêu cơ quan thẩm định "
                         "(Cơ quan thẩm định)",
                         "indicator {code} is appraised but no agency (Cơ quan thẩm định) "
                         "is named"),
    "form.unit_twice": _m("đơn vị {unit!r} xuất hiện hai lần (cả ở {also})",
                          "unit {unit!r} appears twice (also at {also})"),
    # ---- a row, sheet or item read but not used
    "rejected.problems": _m("{count} lỗi: {first}{more}", "{count} problem(s): {first}{more}"),
    "rejected.more": _m(" (và {count} lỗi khác)", " (and {count} more)"),
    "form.collection_not_appraisal": _m(
        "trang tổng hợp chỉ chứa kết quả tự đánh giá; điểm thẩm định đọc từ biểu thẩm định",
        "a collection sheet holds self-assessments only; appraisals are read from appraisal "
        "forms"),
    "form.none_in_workbook": _m(
        "sổ tính không có biểu dtikit hay trang tổng hợp nào (các trang: {sheets}); tạo biểu "
        "bằng dtikit rồi điền",
        "no dtikit form or collection sheet in this workbook (sheets: {sheets}); write the "
        "form with dtikit and fill it in"),
    "form.uncached": _m(
        "công thức được lưu mà không có giá trị (tệp được ghi bằng một chương trình không tính "
        "công thức): mở tệp bằng Excel hoặc LibreOffice, để tính xong, lưu lại rồi gửi lại",
        "a formula saved without its value (the file was written by a program that does not "
        "calculate): open it in Excel or LibreOffice, let it calculate, save it and send it "
        "again"),
    "form.uncached_more": _m("và {count} ô công thức khác không có giá trị đã lưu",
                             "and {count} more formula cell(s) without a saved value"),
    "form.a_form": _m("biểu", "form"),
    "form.a_collection": _m("trang tổng hợp", "collection"),
    "form.hidden": _m("{what} đã điền nằm trên trang tính bị ẩn: bỏ ẩn trang để được đọc, hoặc "
                      "xóa trang (trang ẩn không bao giờ được đọc)",
                      "a filled {what} on a hidden sheet: unhide the sheet to have it read, or "
                      "delete it (a hidden sheet is never read)"),
    "form.workbook_other_rubric": _m("sổ tính này dành cho Bộ chỉ số {rubric}, không phải "
                                     "{expected}",
                                     "this workbook is for rubric {rubric}, not {expected}"),
    "form.roles_damaged": _m("dòng ẩn ghi vai trò các cột bị thiếu hoặc hỏng; tạo lại biểu",
                             "the hidden row of column roles is missing or damaged; write the "
                             "form again"),
    "form.not_appraisal": _m("không phải biểu thẩm định: không có cột Điểm thẩm định",
                             "not an appraisal form: no Điểm thẩm định column"),
    "form.row_not_leaf": _m("dòng của chỉ số {code!r}, không phải chỉ số thành phần của {rubric}",
                            "a row for indicator {code!r}, which is not a leaf of {rubric}"),
    "form.not_a_part": _m("phần {key!r} không phải là một phần của chỉ số {code}",
                          "part {key!r} is not a part of indicator {code}"),
    "number.not_written": _m("{value!r} không phải là số viết theo {style}",
                             "{value!r} is not a number written {style}"),
    # ---- a published results table (check-table)
    "table.rank_first": _m("cột đầu phải là thứ hạng, nhận được {got}",
                           "expected a rank in the first column, got {got}"),
    "table.rank": _m("cần thứ hạng, nhận được {got!r}", "expected a rank, got {got!r}"),
    "table.columns": _m("{count} cột, cần {expected} (hạng, đơn vị, {parts} chỉ số chính, tổng "
                        "điểm, xếp loại)",
                        "{count} columns, expected {expected} (rank, unit, {parts} indices, "
                        "total, class)"),
    "table.as_the_rest": _m(" {style}, như phần còn lại của bảng",
                            " {style}, as the rest of the table"),
    "table.not_number": _m("{value!r} không phải là số{why}", "{value!r} is not a number{why}"),
    "table.decimal_unknown": _m(
        "{value!r}: không rõ cách viết số thập phân của cột này (bảng viết cả 1.234,5 và "
        "1,234.5, hoặc chỉ có giá trị như 77.955, đọc là 77955 theo kiểu này và 77,955 theo "
        "kiểu kia); nêu rõ bằng --decimal vi|en",
        "{value!r}: the decimal convention of this column is not known (the table writes "
        "both 1.234,5 and 1,234.5, or only values such as 77.955 that read as 77955 in one "
        "and 77,955 in the other); state it with --decimal vi|en"),
    "table.empty": _m("bảng trống", "the table is empty"),
    "table.main_column": _m("cột của chỉ số chính {code} ({name})",
                            "the column of main index {code} ({name})"),
    "table.total_column": _m("cột tổng điểm (Tổng điểm)", "the total column (Tổng điểm)"),
    "table.header_lacks": _m("dòng tiêu đề nêu một số cột nhưng thiếu {lacking}",
                             "the header names some columns but not {lacking}"),
    "table.not_utf8": _m("văn bản không phải UTF-8 (lưu dạng CSV UTF-8)",
                         "the text is not UTF-8 (save it as CSV UTF-8)"),
    "table.not_found": _m(
        "không tìm thấy bảng kết quả: cần một dòng tiêu đề nêu Đơn vị, Tổng điểm và các chỉ số "
        "chính, hoặc bắt đầu bằng Xếp hạng và có {width} cột (hạng, đơn vị, {parts} chỉ số "
        "chính, tổng điểm, xếp loại)",
        "no results table found: expected a header row naming Đơn vị, Tổng điểm and the main "
        "indices, or starting with Xếp hạng and {width} columns (rank, unit, {parts} indices, "
        "total, class)"),
    "file.too_big": _m("{size:,} byte, vượt giới hạn {limit:,}",
                       "{size:,} bytes, more than the limit {limit:,}"),
    "at.item": _m("{path}: mục {n}", "{path}: item {n}"),
    "at.item_unit": _m("{where} ({unit})", "{where} ({unit})"),
    "at.row": _m("indicators[{index}] (dòng {n}, {code})", "indicators[{index}] (row {n}, {code})"),
    # ---- an output refused (dtikit.outputs.check_outputs)
    "refused.input": _m("{what}: tệp này là đầu vào của lần chạy này; dtikit không bao giờ "
                        "ghi đè tệp đầu vào (kể cả với --force)",
                        "{what}: this file is an input of this run; dtikit never writes "
                        "over its inputs (even with --force)"),
    "refused.twice": _m("{what}: trùng tệp với {twin}", "{what}: the same file as {twin}"),
    "refused.folder": _m("{what}: đây là thư mục, không phải tệp",
                         "{what}: this is a folder, not a file"),
    "refused.exists": _m("{what}: tệp đã có (thêm --force để ghi đè)",
                         "{what}: the file exists (add --force to replace it)"),
    # ---- reading a file
    "file.too_big_for": _m("{size:,} byte, vượt giới hạn {limit:,} cho {what}",
                           "{size:,} bytes, more than the limit {limit:,} for {what}"),
    "file.a_json_file": _m("một tệp JSON", "a JSON file"),
    "file.a_text_table": _m("một bảng văn bản", "a text table"),
    "file.a_toml_rubric": _m("một Bộ chỉ số TOML", "a TOML rubric"),
    "file.json_limit": _m("vượt giới hạn {limit:,} byte cho một tệp JSON",
                          "more than the limit {limit:,} bytes for a JSON file"),
    "file.not_utf8": _m("không phải văn bản UTF-8: {error}", "not UTF-8 text: {error}"),
    "file.not_json": _m("không phải JSON hợp lệ: {error}", "not valid JSON: {error}"),
    "file.not_valid": _m("không phải {kind} hợp lệ: {error}", "not valid {kind}: {error}"),
    "file.cannot_read": _m("không đọc được: {error}", "cannot read: {error}"),
    "file.json_keys": _m("khóa không hợp lệ {keys}; các khóa dùng được: assessments, "
                         "appraisals, note",
                         "unknown key(s) {keys}; expected assessments, appraisals, note"),
    "file.appraisal_item": _m('một mục thẩm định có dạng {{"unit": "<mã đơn vị>", '
                              '"appraisal": {{...}}}}',
                              'an appraisal item is {{"unit": "<unit id>", "appraisal": {{...}}}}'),
    "file.neither": _m("không phải kết quả tự đánh giá (không có 'rubric_id') cũng không phải "
                       'mục thẩm định ({{"unit": …, "appraisal": …}})',
                       "neither an assessment (it has no 'rubric_id') nor an appraisal item "
                       '({{"unit": …, "appraisal": …}})'),
    "file.unreadable": _m("không đọc được tệp", "the file cannot be read"),
    "file.unreadable_because": _m("không đọc được tệp: {first}{more}",
                                  "the file cannot be read: {first}{more}"),
    "file.format_failed": _m("{format} không đọc được tệp này: {error}",
                             "{format} could not read this file: {error}"),
    "file.format_failed_write": _m("{format} không ghi được tệp này: {error}",
                                   "{format} could not write this file: {error}"),
    "file.format_failed_table": _m("{format} không đọc được bảng này: {error}",
                                   "{format} could not read this table: {error}"),
    "file.name_too_long": _m("tên hoặc mã đơn vị dài {count:,} ký tự, vượt giới hạn {limit}",
                             "the unit's name or id has {count:,} characters, more than the "
                             "limit {limit}"),
    "file.unit_repeated": _m("đơn vị {unit!r} cũng được đánh giá trong {first}; chỉ dùng kết "
                             "quả đó",
                             "unit {unit!r} is also assessed in {first}; only that one is used"),
    "file.no_appraisal": _m("tệp không có kết quả thẩm định (không thấy điểm thẩm định, cơ quan "
                            "thẩm định hay mục thẩm định nào)",
                            "no appraisal in this file (no appraised result, agency or "
                            "appraisal item was found)"),
    "file.appraisal_unmatched": _m("thẩm định của {agency} cho đơn vị {unit!r}, đơn vị không có "
                                   "trong biểu nào",
                                   "appraisal by {agency} for unit {unit!r}, which no form "
                                   "assesses"),
    # ---- data (JSON, TOML) that does not have the expected shape
    "data.too_deep": _m("lồng nhau quá sâu, không đọc được", "nested too deeply to be read"),
    "data.nesting": _m("lồng nhau sâu hơn giới hạn {limit} cấp",
                       "nested deeper than the limit of {limit} levels"),
    "data.json_constant": _m("{text} không phải là số JSON cho phép",
                             "{text} is not a number JSON allows"),
    "data.too_many_rows": _m("{count:,} dòng chỉ số, vượt giới hạn {limit:,}",
                             "{count:,} indicator rows, more than the limit {limit:,}"),
    "data.row_code": _m("dòng {n}: mỗi dòng cần 'code' dạng văn bản",
                        "row {n}: a row needs a text 'code'"),
    "data.row_children": _m("dòng {n} ({code}): ghi các chỉ số con thành dòng riêng",
                            "row {n} ({code}): give children as their own rows"),
    "data.row_parent": _m("dòng {n} ({code}): chỉ số cha {parent} không phải một dòng phía trên",
                          "row {n} ({code}): its parent {parent} is not an earlier row"),
    "data.row_depth": _m("dòng {n} ({code}…): sâu {level} cấp, vượt giới hạn {limit}",
                         "row {n} ({code}…): {level} levels deep, more than the limit {limit}"),
    "data.rows_list": _m("indicators phải là một danh sách các dòng",
                         "indicators must be a list of rows"),
    "data.rubric_table": _m("Bộ chỉ số phải là một bảng (table)", "a rubric is a table"),
    "data.schema": _m("không hỗ trợ phiên bản schema {version} (dtikit này đọc {supported})",
                      "schema {version} is not supported (this dtikit reads {supported})"),
    "data.at_place": _m("{path}: {error}", "{path}: {error}"),
    "data.at_path": _m("{why} @ {path}", "{why} @ {path}"),
    "data.required": _m("thiếu trường bắt buộc", "required field missing"),
    "data.expected": _m("giá trị không hợp lệ, cần kiểu {type}",
                        "invalid value for type, expected {type}"),
    "data.invalid": _m("giá trị không hợp lệ", "invalid value"),
    "data.extra": _m("có trường không hợp lệ ({fields})", "extra fields found ({fields})"),
    "data.mapping": _m("cần một bảng (mapping)", "expected a mapping"),
    # ---- numbers
    "number.value": _m("giá trị", "value"),
    "number.not_finite": _m("{where}: {value} không phải là số hữu hạn",
                            "{where}: {value} is not a finite number"),
    "number.too_many_digits": _m("{where}: {value} có quá nhiều chữ số (tối đa {integer} chữ số "
                                 "trước dấu thập phân và {digits} chữ số tất cả)",
                                 "{where}: {value} has too many digits (at most {integer} before "
                                 "the decimal point and {digits} in all)"),
    "number.bool": _m("{where}: giá trị có/không không phải là số",
                      "{where}: a yes/no is not a number"),
    "number.long_int": _m("{where}: số nguyên hơn {digits} chữ số",
                          "{where}: an integer of more than {digits} digits"),
    "number.float": _m("{where}: không nhận số float {value!r}; dùng Decimal, int hoặc chuỗi",
                       "{where}: float {value!r} refused; pass a Decimal, an int or a string"),
    "number.long_text": _m("{where}: {value!r}… ({count:,} ký tự) không phải là số dtikit đọc "
                           "được (tối đa {digits} chữ số)",
                           "{where}: {value!r}… ({count:,} characters) is not a number dtikit "
                           "reads (at most {digits} digits)"),
    "number.div_zero": _m("{where}: {value!r} chia cho 0", "{where}: {value!r} divides by zero"),
    "number.inexact": _m("{where}: {value!r} không có giá trị thập phân chính xác; ghi chính số "
                         'điểm (ví dụ "3.33") như quyết định ghi',
                         "{where}: {value!r} has no exact decimal value; write the points "
                         'themselves (e.g. "3.33") as the decision prints them'),
    "number.not_decimal": _m("{where}: {value!r} không phải là số thập phân",
                             "{where}: {value!r} is not a decimal number"),
    "number.type": _m("{where}: {type} không phải là số", "{where}: {type} is not a number"),
    "data.float": _m('không nhận số float {value!r}: ghi số thập phân dạng chuỗi, ví dụ "91.27"',
                     'float {value!r} refused: write decimals as strings, e.g. "91.27"'),
    "data.not_date": _m("{value!r} không phải là ngày (YYYY-MM-DD)",
                        "{value!r} is not a date (YYYY-MM-DD)"),
    "data.not_text": _m("{value!r} không phải là văn bản", "{value!r} is not text"),
    "data.not_bool": _m("{value!r} không phải giá trị true/false: ghi true hoặc false, không có "
                        "dấu nháy",
                        "{value!r} is not a boolean: write true or false, without quotes"),
    "data.value_object": _m('giá trị trả lời là một đối tượng như {{"value": "12"}}, nhận được '
                            "{data!r}",
                            'an answer value is an object such as {{"value": "12"}}, got {data!r}'),
    "data.value_unknown": _m("giá trị trả lời không rõ {data!r}; cần một trong các khóa {keys}",
                             "unknown answer value {data!r}; expected one of the keys {keys}"),
    "data.na": _m('{data!r}: Không áp dụng ghi là {{"na": true}}; để trả lời, ghi giá trị '
                  "(chỉ số chưa trả lời thì bỏ qua)",
                  '{data!r}: Không áp dụng is written {{"na": true}}; to answer, give the value '
                  "instead (an unanswered indicator is left out)"),
    "data.method": _m("cách chấm là một bảng có 'kind', nhận được {data!r}",
                      "a method is a table with a 'kind', got {data!r}"),
    "data.number_long": _m("số JSON {text}… quá dài", "JSON number {text}… is too long"),
    "data.number_digits": _m("số JSON {text}… có hơn {digits} chữ số",
                             "JSON number {text}… has more than {digits} digits"),
    "form.column_not_leaf": _m("cột {key!r}: {code!r} không phải chỉ số thành phần của {rubric}",
                               "column {key!r}: {code!r} is not a leaf indicator of {rubric}"),
    "form.column_misfit": _m("cột {key!r} không hợp với chỉ số {code} ({kind})",
                             "column {key!r} does not fit indicator {code} ({kind})"),
    "form.no_unit_column": _m("không có cột @unit (tên đơn vị)",
                              "no @unit column (the unit's name)"),
    # ---- a file that is not an Excel workbook (what it is instead)
    "kind.other": _m("{kind}, không phải sổ tính Excel", "{kind}, not an Excel workbook"),
    "kind.pdf": _m("tài liệu PDF, không phải sổ tính Excel: lấy bảng từ tệp .xlsx gốc, hoặc dán "
                   "bảng vào một tệp CSV",
                   "a PDF document, not an Excel workbook: take the table from the original "
                   ".xlsx, or paste it into a CSV file"),
    "kind.ole2": _m("sổ tính Excel 97–2003 cũ (.xls), một tệp Office nhị phân khác, hoặc sổ tính "
                    "có mật khẩu (đều dùng định dạng OLE2): mở bằng Excel hoặc LibreOffice, bỏ "
                    "mật khẩu nếu có và lưu dạng .xlsx",
                    "an old Excel 97–2003 workbook (.xls), another Office binary file, or a "
                    "password-protected workbook (all use the OLE2 container): open it in Excel "
                    "or LibreOffice, remove any password and save it as .xlsx"),
    "kind.rtf": _m("tài liệu RTF", "an RTF document"),
    "kind.gzip": _m("tệp nén gzip", "a gzip archive"),
    "kind.rar": _m("tệp nén RAR", "a RAR archive"),
    "kind.7z": _m("tệp nén 7-Zip", "a 7-Zip archive"),
    "kind.png": _m("ảnh PNG", "a PNG image"),
    "kind.jpeg": _m("ảnh JPEG", "a JPEG image"),
    "kind.xml": _m("tệp XML", "an XML file"),
    "kind.docx": _m("tài liệu Word (.docx)", "a Word document (.docx)"),
    "kind.pptx": _m("tệp PowerPoint (.pptx)", "a PowerPoint file (.pptx)"),
    "kind.empty_zip": _m("tệp nén zip rỗng", "an empty zip archive"),
    "kind.html": _m("trang web (HTML) lưu với tên của bảng tính — một số hệ thống xuất HTML "
                    "thành .xls: mở bằng Excel rồi lưu dạng .xlsx",
                    "a web page (HTML) saved with a spreadsheet name — some systems export "
                    "HTML as .xls: open it in Excel and save it as .xlsx"),
    "kind.xml2003": _m("bảng tính Excel 2003 XML: mở bằng Excel rồi lưu dạng .xlsx",
                       "an Excel 2003 XML Spreadsheet: open it in Excel and save it as .xlsx"),
    "kind.tab": _m("phân cách bằng tab", "tab-separated"),
    "kind.comma": _m("phân cách bằng dấu phẩy", "comma-separated"),
    "kind.plain": _m("văn bản thường", "plain"),
    "kind.text": _m("tệp văn bản ({sep}, {lines} dòng trong {size} byte đầu), không phải sổ tính "
                    "Excel: lưu dạng .xlsx, hoặc đọc như một bảng CSV/TSV",
                    "a text file ({sep}, {lines} line(s) in the first {size} bytes), not an "
                    "Excel workbook: save it as .xlsx, or read it as a CSV/TSV table"),
    "kind.empty": _m("tệp trống (0 byte)", "the file is empty (0 bytes)"),
    "kind.binary": _m("dữ liệu nhị phân không nhận ra (bắt đầu bằng {head}), không phải sổ tính "
                      "Excel",
                      "unrecognised binary data (starts with {head}), not an Excel workbook"),
    "kind.opendocument": _m("tệp OpenDocument ({kind}), không phải sổ tính Excel: lưu dạng .xlsx",
                            "an OpenDocument file ({kind}), not an Excel workbook: save it as "
                            ".xlsx"),
    "kind.xlsm": _m("sổ tính có macro (.xlsm, chứa xl/vbaProject.bin): dtikit không bao giờ mở "
                    "macro; lưu dạng Excel Workbook (.xlsx)",
                    "a macro-enabled workbook (.xlsm, it holds xl/vbaProject.bin): dtikit never "
                    "opens macros; save it as an Excel Workbook (.xlsx)"),
    "kind.xlsb": _m("sổ tính Excel nhị phân (.xlsb): lưu dạng .xlsx",
                    "an Excel binary workbook (.xlsb): save it as .xlsx"),
    "kind.zip": _m("tệp nén zip nhưng không phải sổ tính Excel (không có xl/workbook.xml)",
                   "a zip archive, but not an Excel workbook (no xl/workbook.xml)"),
    "kind.encrypted": _m("một phần của tệp zip bị mã hóa: bỏ mật khẩu rồi lưu lại",
                         "an encrypted zip member: remove the password and save again"),
    "kind.damaged_zip": _m("tệp zip hỏng hoặc bị cắt ({error}): thiếu thư mục zip ở cuối tệp; "
                           "gửi lại tệp",
                           "a damaged or truncated zip ({error}): the zip directory at the end "
                           "is missing; send the file again"),
    "file.cannot_open": _m("không mở được: {error}", "cannot be opened: {error}"),
    "file.no_such_file": _m("không có tệp này", "no such file"),
    # ---- a lineage table (merged, split, renamed units)
    "lineage.the_lineage": _m("bảng đơn vị sáp nhập, chia tách", "the lineage"),
    "lineage.new_empty": _m("đơn vị cũ {old}: new_unit để trống — mỗi đơn vị cũ phải ứng với một "
                            "đơn vị mới",
                            "old unit {old}: new_unit is empty — every old unit maps to a new "
                            "unit"),
    "lineage.weight": _m("đơn vị mới {new}: trọng số {weight} không phải số dương",
                         "new unit {new}: weight {weight} is not positive"),
    "lineage.weight_type": _m("trọng số là Decimal, int hoặc chuỗi số thập phân, không phải "
                              "{value!r}",
                              "a weight is a Decimal, an int or a decimal string, not {value!r}"),
    "lineage.same_row": _m("đơn vị cũ {old} → đơn vị mới {new}: trùng với dòng {row}",
                           "old unit {old} → new unit {new}: the same row as {row}"),
    "lineage.declared_new": _m("đơn vị mới {new} được khai là đơn vị mới (không có old_unit) "
                               "nhưng có đơn vị tiền thân ở {rows}",
                               "new unit {new} is declared new (no old_unit) but has "
                               "predecessors in {rows}"),
    "lineage.new_parent_differs": _m("đơn vị mới {new}: new_parent khác nhau giữa các dòng "
                                     "{rows} — ghi giống nhau ở mọi dòng",
                                     "new unit {new}: new_parent differs between rows {rows} — "
                                     "give the same on every row"),
    "lineage.some_weights": _m("đơn vị mới {new}: các dòng {weighted} có trọng số, các dòng "
                               "{missing} không có — ghi trọng số cho mọi đơn vị tiền thân hoặc "
                               "không ghi cho đơn vị nào",
                               "new unit {new}: rows {weighted} give a weight, rows {missing} "
                               "do not — weigh all its predecessors or none"),
    "lineage.old_parent_some": _m("đơn vị cũ {old}: old_parent có ở một số dòng của {rows} nhưng "
                                  "không có ở các dòng khác — ghi ở mọi dòng",
                                  "old unit {old}: old_parent is given in some rows of {rows} "
                                  "and not in others — give it on every row"),
    "lineage.unknown_column": _m("cột không rõ {column!r}; các cột là {columns} (hoặc tên tiếng "
                                 "Việt: đơn vị cũ, đơn vị mới, cấp trên cũ, cấp trên mới, ngày "
                                 "hiệu lực, trọng số)",
                                 "unknown column {column!r}; the columns are {columns} (or their "
                                 "Vietnamese names: đơn vị cũ, đơn vị mới, cấp trên cũ, cấp trên "
                                 "mới, ngày hiệu lực, trọng số)"),
    "lineage.column_twice": _m("cột {column} có hai lần", "column {column} given twice"),
    "lineage.no_column": _m("dòng tiêu đề không có cột {column}",
                            "no column {column} in the header"),
    "lineage.unit_problem": _m("đơn vị {unit}: {error}", "unit {unit}: {error}"),
    "lineage.unit_weight": _m("đơn vị {unit}: trọng số: {error}", "unit {unit}: weight: {error}"),
    "lineage.no_rows": _m("bảng có dòng tiêu đề nhưng không có dòng nào",
                          "the table has a header but no rows"),
    "lineage.new_ambiguous": _m("đơn vị mới {new}: {count} đơn vị của đợt đánh giá năm nay có "
                                "tên này ({units}); ghi new_parent",
                                "new unit {new}: {count} units of this year's cohort have this "
                                "name ({units}); give new_parent"),
    "lineage.old_ambiguous": _m("đơn vị cũ {old}: {count} đơn vị của {source} có tên này "
                                "({units}); ghi old_parent",
                                "old unit {old}: {count} units of {source} have this name "
                                "({units}); give old_parent"),
    "lineage.not_mapped": _m("đơn vị {unit}{parent}: không có trong {source} — mỗi đơn vị cũ "
                             "phải ứng với một đơn vị mới (thêm một dòng old_unit,new_unit)",
                             "unit {unit}{parent}: not mapped by {source} — every old unit maps "
                             "to a new unit (add a row old_unit,new_unit)"),
    "lineage.no_row": _m("đơn vị {unit}{parent}: không dòng nào ghi đơn vị này là new_unit — "
                         "ghi các đơn vị cũ của nó, hoặc khai là đơn vị mới (một dòng để trống "
                         "old_unit)",
                         "unit {unit}{parent}: no row names it as new_unit — give its old "
                         "units, or declare it new (a row with an empty old_unit)"),
    "lineage.not_main": _m("{code} không phải chỉ số chính của {rubric} ({codes})",
                           "{code} is not a main index of {rubric} ({codes})"),
    "lineage.not_main_previous": _m("{code} không phải chỉ số chính của kết quả năm trước "
                                    "({rubric}: {codes})",
                                    "{code} is not a main index of the previous results "
                                    "({rubric}: {codes})"),
    "lineage.index_map": _m("--index-map {text!r}: viết CŨ=MỚI, ví dụ 8=7",
                            "--index-map {text!r}: write OLD=NEW, e.g. 8=7"),
    "lineage.no_parent": _m("không có đơn vị cấp trên, trong khi {count} đơn vị của đợt đánh giá "
                            "có (ví dụ {example}: {parent}): đợt đánh giá trộn lẫn đơn vị trước "
                            "và sau sắp xếp",
                            "no parent unit (cấp trên), while {count} unit(s) of the cohort have "
                            "one (e.g. {example}: {parent}): the cohort mixes units before and "
                            "after the reform"),
    "lineage.parent_before": _m("cấp trên {parent} là đơn vị trước sắp xếp (old_parent trong "
                                "{source}), trong khi {count} đơn vị có cấp trên sau sắp xếp "
                                "(ví dụ {example}: {example_parent})",
                                "parent {parent} is a unit before the reform (old_parent in "
                                "{source}), while {count} unit(s) have a parent after it (e.g. "
                                "{example}: {example_parent})"),
    # ---- appraisals: the agencies' workbooks, their merge, the round
    "appraisal.unit_unknown": _m("{agency} thẩm định đơn vị {unit!r}, đơn vị không có kết quả "
                                 "tự đánh giá nào",
                                 "{agency} appraises unit {unit!r}, which no self-assessment "
                                 "names"),
    "appraisal.no_indicator": _m("không có chỉ số {code!r} trong {rubric}",
                                 "no indicator {code!r} in {rubric}"),
    "appraisal.not_a_leaf": _m("chỉ số {code} được tính từ các chỉ số con; thẩm định các chỉ số "
                               "thành phần",
                               "indicator {code} is computed from its children; appraise its "
                               "leaves"),
    "appraisal.not_assigned": _m("{agency} thẩm định chỉ số {code} của {unit}, chỉ số được giao "
                                 "cho {who}",
                                 "{agency} appraises indicator {code} of {unit}, which is "
                                 "assigned to {who}"),
    "appraisal.by_at": _m("{agency} tại {where}", "{agency} at {where}"),
    "appraisal.twice": _m("chỉ số {code} của {unit} được thẩm định hai lần (cả bởi {others}); "
                          "chưa áp dụng kết quả nào cho đến khi rút một kết quả",
                          "indicator {code} of {unit} is appraised twice (also by {others}); "
                          "neither is applied until one is withdrawn"),
    "appraisal.not_workbook": _m("không phải phiếu thẩm định của cơ quan (tạo bằng "
                                 "`dtikit appraisal make`)",
                                 "not an agency appraisal workbook (write one with "
                                 "`dtikit appraisal make`)"),
    "appraisal.roles_damaged": _m("dòng ẩn ghi vai trò các cột bị thiếu hoặc hỏng (không có "
                                  "{missing}); tạo lại phiếu",
                                  "the hidden row of column roles is missing or damaged (no "
                                  "{missing}); write the workbook again"),
    "appraisal.no_agency": _m("phiếu không nêu cơ quan thẩm định (Cơ quan thẩm định); tạo lại "
                              "phiếu",
                              "the workbook names no agency (Cơ quan thẩm định); write it again"),
    "appraisal.bad_date": _m("Ngày thẩm định: {error}", "Ngày thẩm định: {error}"),
    "overrides.empty": _m("tệp trống: cần dòng tiêu đề unit,code,agency",
                          "empty: expected a header unit,code,agency"),
    "overrides.header": _m("dòng tiêu đề thiếu {missing} (cần unit,code,agency hoặc Mã đơn "
                           "vị,Mã chỉ số,Cơ quan thẩm định)",
                           "the header lacks {missing} (expected unit,code,agency or Mã đơn "
                           "vị,Mã chỉ số,Cơ quan thẩm định)"),
    "overrides.empty_cells": _m("{cells} để trống", "{cells} is empty"),
    "signoff.added": _m("được thêm vào thư mục đầu vào sau khi phê duyệt",
                        "added to an input folder after sign-off"),
    "signoff.removed": _m("bị xóa khỏi thư mục đầu vào sau khi phê duyệt",
                          "removed from an input folder after sign-off"),
    "signoff.digest": _m("danh sách tệp đầu vào bị sửa sau khi phê duyệt (mã băm không khớp)",
                         "the list of inputs was edited after signing (its digest does not "
                         "match)"),
    "signoff.missing": _m("thiếu một tệp đầu vào của đợt đã phê duyệt",
                          "an input of the signed-off round is missing"),
    "signoff.changed": _m("bị thay đổi sau khi phê duyệt ({cite}): mã băm nội dung khác với mã "
                          "đã phê duyệt",
                          "changed after sign-off ({cite}): its content hash differs from the "
                          "one approved"),
    "signoff.unit_unknown": _m("đơn vị {unit!r} không có trong kết quả đã phê duyệt",
                               "unit {unit!r} is not in the signed-off results"),
    "signoff.total": _m("{unit}: tổng điểm {total} khác với điểm đã phê duyệt {approved}",
                        "{unit}: total {total} differs from the approved {approved}"),
    "signoff.rank": _m("{unit}: hạng {rank} khác với hạng đã phê duyệt {approved}",
                       "{unit}: rank {rank} differs from the approved {approved}"),
    # ---- importing a rubric's appendix table (dtikit rubric import)
    "appendix.unknown_kinds": _m("loại cột không rõ {kinds}; các loại: {known}",
                                 "unknown column kind(s) {kinds}; known: {known}"),
    "appendix.no_header": _m("không tìm thấy dòng tiêu đề có các cột {wanted}; nêu các cột bằng "
                             "--column code=… --column name=… --column max=… (chữ trong tiêu đề, "
                             "một chữ cái hoặc một số)",
                             "no header row with the columns {wanted} was found; name the "
                             "columns with --column code=… --column name=… --column max=… (a "
                             "header's words, a letter or a number)"),
    "appendix.total_not_number": _m("tổng {value!r} không phải là số",
                                    "the total {value!r} is not a number"),
    "appendix.row_before_first": _m("dòng không có STT trước chỉ số đầu tiên: bỏ qua",
                                    "a row without STT before the first indicator: ignored"),
    "appendix.repeated_max": _m("dòng không có STT lặp lại điểm tối đa ({value}) sau {after}",
                                "a row without STT repeats a maximum ({value}) after {after}"),
    "appendix.letter_orphan": _m("mục {item} không có chỉ số đánh số nào phía trên",
                                 "item {item} has no numbered indicator above it"),
    "appendix.roman_restart": _m("STT bắt đầu lại trong mỗi nhóm La Mã: mã chỉ số ghi kèm nhóm "
                                 "(II.1, II.1.1, …)",
                                 "the STT restarts in each Roman group: codes are written with "
                                 "their group (II.1, II.1.1, …)"),
    "appendix.top_sum": _m("các chỉ số chính cộng lại được {total}, không bằng tổng {scale}",
                           "the top-level indicators add up to {total}, not the total {scale}"),
    "appendix.code_twice": _m("mã {code} xuất hiện hai lần", "code {code} appears twice"),
    "appendix.parent_missing": _m("{code}: chỉ số cha {parent} không có dòng trong bảng (thêm "
                                  "dòng, hoặc nhập với --create-missing-parents để tạo từ các "
                                  "chỉ số con)",
                                  "{code}: its parent {parent} is not a row of the table (add "
                                  "the row, or import with --create-missing-parents to create it "
                                  "from its children)"),
    "appendix.parent_created": _m("chỉ số cha {parent} không có trong bảng: đã tạo trước {code}, "
                                  "điểm tối đa bằng tổng các chỉ số con",
                                  "parent {parent} was not in the table: created before {code}, "
                                  "its maximum the sum of its children"),
    "appendix.max_not_number": _m("{code}: Điểm tối đa {value!r} không phải là số",
                                  "{code}: Điểm tối đa {value!r} is not a number"),
    "appendix.max_from_children": _m("không ghi Điểm tối đa: lấy tổng các chỉ số con, {total}",
                                     "no Điểm tối đa printed: taken as the sum of its children, "
                                     "{total}"),
    "appendix.leaf_no_max": _m("chỉ số thành phần không có Điểm tối đa: điểm tối đa 0",
                               "a leaf without Điểm tối đa: maximum 0"),
    "appendix.children_sum": _m("các chỉ số con cộng lại được {total}, không bằng điểm tối đa "
                                "{max} ghi cho {code}",
                                "the children add up to {total}, not the maximum {max} printed "
                                "for {code}"),
    "appendix.no_pattern": _m("không khớp mẫu nào", "no pattern matches"),
    "appendix.not_recognised": _m("chưa nhận dạng được cách tính ({why}): tạm chấm `awarded` "
                                  "đến khi rà soát",
                                  "rule not recognised ({why}): scored `awarded` until "
                                  "reviewed"),
    "appendix.no_name": _m("không có tên", "no name"),
    "appendix.missing_library": _m("đọc phụ lục {suffix} cần gói Python {package} (mô-đun "
                                   "{module}), chưa được cài. Cài bằng: pip install "
                                   "'dtikit[appendix]' (hoặc: pip install {package})",
                                   "reading {suffix} appendices needs the Python package "
                                   "{package} (module {module}), which is not installed. "
                                   "Install it with: pip install 'dtikit[appendix]' (or: pip "
                                   "install {package})"),
    "appendix.xlsx": _m("sổ tính .xlsx", ".xlsx workbook"),
    "appendix.docx": _m("tài liệu .docx", ".docx document"),
    "appendix.pdf": _m("PDF", "PDF"),
    "appendix.unreadable": _m("không đọc được {kind}: {error}", "not a readable {kind}: {error}"),
    "appendix.no_table": _m("tài liệu không có bảng; phụ lục phải là một bảng Word",
                            "the document has no table; the appendix must be a Word table"),
    "appendix.scanned": _m("PDF này không có lớp chữ (ảnh quét): dtikit không đọc ảnh (không "
                           "OCR). Dùng tệp Word hoặc Excel của phụ lục, hoặc PDF xuất từ tệp đó",
                           "this PDF has no text layer (a scanned image): dtikit does not read "
                           "images (no OCR). Use the Word or Excel file of the appendix, or a "
                           "PDF exported from it"),
    "appendix.pdf_no_table": _m("không tìm thấy bảng trong lớp chữ của PDF; dùng tệp Word hoặc "
                                "Excel của phụ lục",
                                "no table found in the PDF's text layer; use the Word or Excel "
                                "file of the appendix"),
    "appendix.no_extension": _m("tệp không có phần mở rộng", "a file without extension"),
    "appendix.cannot_write": _m("không ghi được {kind}; phụ lục được ghi dạng .docx hoặc .xlsx",
                                "cannot write {kind}; the appendix is written as .docx or .xlsx"),
    "appendix.no_band_max": _m("không mức nào đạt điểm tối đa", "no band reaches the maximum"),
    "appendix.no_step_max": _m("không bậc nào đạt điểm tối đa", "no step reaches the maximum"),
    "appendix.unreadable_clause": _m("có vế không khớp mẫu nào",
                                     "a clause that no pattern reads"),
    "appendix.no_clauses": _m("không có vế dạng “…: N điểm”", "no “…: N điểm” clauses"),
    "appendix.clause_over_max": _m("“{label}” cho {points} điểm, vượt điểm tối đa {max}",
                                   "“{label}” gives {points} points, more than the maximum {max}"),
    # ---- plugins (dtikit plugins)
    "plugin.failure": _m("phần bổ trợ {plugin!r} ({stage}): {reason}",
                         "plugin {plugin!r} ({stage}): {reason}"),
    "plugin.disabled": _m("bị chặn bởi {env}", "disabled by {env}"),
    "plugin.not_method": _m("{value!r} không phải lớp con của dtikit.Method",
                            "{value!r} is not a dtikit.Method subclass"),
    "plugin.method_twice": _m("cách chấm {kind!r} cũng được phần bổ trợ {other!r} định nghĩa",
                              "method {kind!r} is also defined by plugin {other!r}"),
    "plugin.not_rubric": _m("{value!r} không phải dtikit.Rubric", "{value!r} is not a dtikit.Rubric"),
    "plugin.cannot_validate": _m("không kiểm tra được một Bộ chỉ số ({error}); bỏ qua",
                                 "a rubric cannot be validated ({error}); left out"),
    "plugin.rubric_invalid": _m("Bộ chỉ số {rubric} không hợp lệ ({count} lỗi); bỏ qua",
                                "rubric {rubric} fails validation ({count} problem(s)); left out"),
    "plugin.and": _m(" và ", " and "),
    "plugin.rubric_twice": _m("Bộ chỉ số {rubric} do nhiều phần bổ trợ cung cấp: {names}",
                              "rubric {rubric} is offered by plugins {names}"),
    "plugin.not_format": _m("{value!r} không phải dtikit.Format", "{value!r} is not a dtikit.Format"),
    "plugin.format_twice": _m("định dạng {name!r} cũng được phần bổ trợ {other!r} cung cấp",
                              "format {name!r} is also offered by plugin {other!r}"),
    "plugin.claim": _m("định dạng {name!r} của phần bổ trợ {plugin!r} cũng đọc/ghi tệp {suffix}: "
                       "{scope}",
                       "format {name!r} of plugin {plugin!r} also reads/writes {suffix} files: "
                       "{scope}"),
    "plugin.claim_for": _m("với {rubrics}, định dạng này được dùng thay cho định dạng có sẵn "
                           "{bundled!r}",
                           "for {rubrics} it is used instead of the bundled format {bundled!r}"),
    "plugin.claim_unless": _m("vẫn dùng định dạng có sẵn {bundled!r} trừ khi có --format {name}",
                              "the bundled format {bundled!r} is still used unless --format "
                              "{name} is given"),
    "rubric.provenance_status": _m("trạng thái nguồn {status!r} không phải "
                                   "confirmed/inferred/unknown",
                                   "provenance status {status!r} is not "
                                   "confirmed/inferred/unknown"),
    "rubric.period": _m("kỳ đánh giá kết thúc {end} trước khi bắt đầu {start}",
                        "period ends {end} before it starts {start}"),
    "rubric.rounding_places": _m("số chữ số làm tròn {places} ngoài khoảng 0..6",
                                 "rounding places {places} outside 0..6"),
    "rubric.conversion_zero": _m("quy đổi {key}: chia cho 0", "conversion {key}: divide by zero"),
    "rubric.bad_id": _m("mã Bộ chỉ số {text!r} không có dạng tỉnh/cấp/năm",
                        "rubric id {text!r} is not province/tier/year"),
    "appraisal.not_appraised_leaf": _m("{code!r} không phải chỉ số được thẩm định trong "
                                       "{rubric} (không phải chỉ số thành phần)",
                                       "{code!r} is not an indicator that is appraised in "
                                       "{rubric} (not a leaf of the rubric)"),
    "appendix.cannot_read_kind": _m("không đọc được {kind} như một bảng phụ lục; dtikit đọc "
                                    "{kinds} (tệp .doc: lưu dạng .docx)",
                                    "cannot read {kind} as an appendix table; dtikit reads "
                                    "{kinds} (a .doc file: save it as .docx)"),
    "plugin.no_format": _m("không có định dạng {name!r}; các định dạng: {known}",
                           "no format {name!r}; known: {known}"),
    # ---- formats (readers and writers of files)
    "format.not_installed": _m("chưa cài định dạng {name!r} (đã cài: {known})",
                               "no format {name!r} is installed (installed: {known})"),
    "format.cannot": _m("định dạng {name!r} không {what} được", "format {name!r} cannot {what}"),
    "format.write_template": _m("ghi biểu mẫu", "write template"),
    "format.read_assessments": _m("đọc kết quả tự đánh giá", "read assessments"),
    "format.write_results": _m("ghi bảng kết quả", "write results"),
    "format.read_published": _m("đọc bảng kết quả đã công bố", "read published"),
    "format.able": _m("các định dạng {what} được cho {rubric}: {able}",
                      "formats that can {what} for {rubric}: {able}"),
    "format.none_able": _m("không định dạng nào đã cài {what} được cho {rubric} (định dạng Excel "
                           "đi kèm dtikit; bản cài đặt có đủ không?)",
                           "no installed format can {what} for {rubric} (the Excel format comes "
                           "with dtikit; is the installation complete?)"),
    "format.no_suffix_name": _m("(không có phần mở rộng)", "(no suffix)"),
    "format.no_suffix": _m("{path}: không định dạng nào đọc/ghi tệp '{suffix}'; {hint}",
                           "{path}: no format reads/writes '{suffix}' files; {hint}"),
    "at.in_file": _m("{name}, {where}", "{name}, {where}"),
    "at.source_unit_code": _m("{source}: đơn vị {unit}, mã {code}",
                              "{source}: unit {unit}, code {code}"),
    "format.label": _m("định dạng {name!r}", "format {name!r}"),
    "format.label_plugin": _m("định dạng {name!r} của phần bổ trợ {plugin!r}",
                              "format {name!r} of plugin {plugin!r}"),
}
"""The problem texts of the library, by id: Vietnamese and English. The English is
what ``str()`` of a problem (and of the error that carries it) says."""
