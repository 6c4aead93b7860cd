"""Who issues a printed document, when and for which round: the official
heading, the place-and-date line, the appendix caption and the signature
blocks of the forms, the results workbook and the report.

Everything here is text from data: the issuing body, the decision's number and
date, the place, the round's year. What is not given is printed as a blank to
fill in by hand (``…``), never guessed. Signature blocks follow the document
and the tier (:data:`DEFAULT_SIGNATURES`); a rubric declares its own in
``[workflow.signatures]`` where a province differs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from .model import Period, Rubric, nfc

NATIONAL_HEADING = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
"""The national heading (Quốc hiệu và Tiêu ngữ), Nghị định 30/2020/NĐ-CP."""

BLANK = "……"
"""What a value not given prints as: a place to fill in by hand."""

SIGN_NOTE = "(Ký, ghi rõ họ tên)"
SIGN_SEAL_NOTE = "(Ký, đóng dấu, ghi rõ họ tên)"

Block = tuple[str, ...]  # the lines of one signature block's title, e.g. ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")

_PREPARER: Block = ("NGƯỜI LẬP BIỂU",)
_COMMITTEE: Block = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
_HEAD: Block = ("THỦ TRƯỞNG ĐƠN VỊ",)

DOCUMENTS = ("self", "appraisal", "results")
"""The documents that carry signatures: the self-assessment form, the
appraisal form and the results (workbook and report)."""

DEFAULT_SIGNATURES: Mapping[tuple[str, str], tuple[Block, ...]] = {
    ("self", "commune"): (_PREPARER, _COMMITTEE),
    ("self", "district"): (_PREPARER, _COMMITTEE),
    ("self", "department"): (_PREPARER, _HEAD),
    ("self", "*"): (_PREPARER, _HEAD),
    ("appraisal", "*"): (("NGƯỜI THẨM ĐỊNH",), ("THỦ TRƯỞNG CƠ QUAN THẨM ĐỊNH",)),
    ("results", "*"): (_PREPARER, _COMMITTEE),
}
"""Signature blocks by (document, tier key), left to right; ``"*"`` is any
other tier. Self-assessment: the preparer and, for communes and districts,
the People's Committee's chair (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH), for
departments the head of the unit; appraisal: the appraiser and the head of the
appraising body; results: the preparer and the approving officer."""

_TIER_PHRASE = {"department": "các sở, ban, ngành", "district": "cấp huyện",
                "commune": "cấp xã", "province": "cấp tỉnh"}


def signatures(rubric: Rubric, document: str) -> tuple[Block, ...]:
    """The signature blocks of ``document`` (``self``, ``appraisal`` or
    ``results``) for this rubric: the rubric's ``[workflow.signatures]`` if it
    declares them, else :data:`DEFAULT_SIGNATURES` for its tier."""
    if document not in DOCUMENTS:
        raise ValueError(f"document must be one of {', '.join(DOCUMENTS)}, not {document!r}")
    declared = rubric.workflow.signatures.get(document)
    if declared:
        return tuple(tuple(line.strip() for line in block.split("\n") if line.strip())
                     for block in declared)
    return (DEFAULT_SIGNATURES.get((document, rubric.tier.key))
            or DEFAULT_SIGNATURES[(document, "*")])


def sign_note(block: Block) -> str:
    """The note under a block's title: a head signs and seals, a person signs."""
    head = block[0].startswith(("TM.", "KT.", "THỦ TRƯỞNG", "CHỦ TỊCH", "GIÁM ĐỐC"))
    return SIGN_SEAL_NOTE if head else SIGN_NOTE


def tier_phrase(rubric: Rubric) -> str:
    """``cấp xã``, ``cấp huyện``, ``các sở, ban, ngành``, or the tier's own name."""
    return _TIER_PHRASE.get(rubric.tier.key, rubric.tier.name or rubric.tier.key)


def day_month_year(d: dt.date) -> str:
    """``02/11/2023``; the month without a leading zero as the letters write it
    (``30/9/2024``)."""
    return f"{d.day:02d}/{d.month}/{d.year}"


def _shift(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February into a year without one
        return d.replace(year=d.year + years, day=28)


def _clean(value: str | None) -> str | None:
    value = nfc(value.strip()) if value else None
    return value or None


@attrs.frozen
class Issuance:
    """Who issues a printed output, when, and for which round.

    ``issuer`` is the issuing body as the heading and the caption name it
    (``UBND huyện An Bình``); ``decision`` the decision's number
    (``2947/QĐ-UBND``; a bare number gets ``/QĐ-UBND``); ``date`` the
    document's date; ``place`` the place of the place-and-date line
    (``An Bình``); ``year`` the round's year when it is not the rubric's
    (a 2023 rubric used for the 2024 round); ``data_period`` the round's data
    period when the rubric does not state it (``01/11/2023 - 30/9/2024``).
    Anything not given prints as a blank (:data:`BLANK`)."""

    issuer: str | None = attrs.field(default=None, converter=_clean)
    decision: str | None = attrs.field(default=None, converter=_clean)
    date: dt.date | None = None
    place: str | None = attrs.field(default=None, converter=_clean)
    year: int | None = None
    data_period: Period | None = None

    def __attrs_post_init__(self) -> None:
        if self.year is not None and not 1900 <= self.year <= 2999:
            raise ValueError(f"year {self.year} is not a year of a round")

    # -- the round ------------------------------------------------------------

    def round_year(self, rubric: Rubric) -> int:
        """The round's year: ``year`` if given, else the year the rubric's data
        period ends in, else the rubric's first year."""
        if self.year is not None:
            return self.year
        if self.data_period is not None:
            return self.data_period.end.year
        if rubric.period is not None:
            return rubric.period.end.year
        return rubric.year

    def _years_on(self, rubric: Rubric) -> int:
        base = rubric.period.end.year if rubric.period is not None else rubric.year
        return self.round_year(rubric) - base

    def period(self, rubric: Rubric) -> Period | None:
        """The round's data period: ``data_period``, or the rubric's moved to
        the round's year."""
        if self.data_period is not None:
            return self.data_period
        p = rubric.period
        if p is None:
            return None
        years = self._years_on(rubric)
        return Period(_shift(p.start, years), _shift(p.end, years)) if years else p

    def deadline(self, rubric: Rubric) -> dt.date | None:
        """The round's deadline: the rubric's, moved to the round's year."""
        d = rubric.workflow.deadline
        years = self._years_on(rubric)
        return _shift(d, years) if d is not None and years else d

    def period_text(self, rubric: Rubric) -> str:
        """``Năm 2024 (số liệu từ 01/11/2023 - 30/9/2024)``, or ``Năm 2024``."""
        text = f"Năm {self.round_year(rubric)}"
        p = self.period(rubric)
        if p is not None:
            text += f" (số liệu từ {day_month_year(p.start)} - {day_month_year(p.end)})"
        return text

    # -- the heading ----------------------------------------------------------

    def issuer_heading(self, fallback: str | None = None) -> str:
        """The issuing body, upper case, top left of the heading."""
        name = self.issuer or _clean(fallback)
        return name.upper() if name else BLANK

    def place_date(self) -> str:
        """``An Bình, ngày 02 tháng 11 năm 2023``; blanks where not given."""
        place = self.place or BLANK
        if self.date is None:
            return f"{place}, ngày {BLANK} tháng {BLANK} năm {BLANK}"
        return f"{place}, ngày {self.date.day:02d} tháng {self.date.month:02d} năm {self.date.year}"

    def decision_number(self) -> str:
        if not self.decision:
            return f"{BLANK}/QĐ-UBND"
        return self.decision if "/" in self.decision else f"{self.decision}/QĐ-UBND"

    def decision_ref(self) -> str:
        """``Quyết định số 2947/QĐ-UBND ngày 02/11/2023 của UBND huyện An Bình``."""
        when = f"{self.date:%d/%m/%Y}" if self.date else BLANK
        return f"Quyết định số {self.decision_number()} ngày {when} của {self.issuer or BLANK}"

    def appendix_caption(self) -> str:
        """``(Kèm theo Quyết định số …/QĐ-UBND ngày … của …)``, as seed 004 prints it."""
        return f"(Kèm theo {self.decision_ref()})"

    def results_title(self, rubric: Rubric) -> str:
        """``Kết quả đánh giá, xếp hạng Chỉ số chuyển đổi số (DTI) cấp xã năm 2024``."""
        return (f"Kết quả đánh giá, xếp hạng Chỉ số chuyển đổi số (DTI) {tier_phrase(rubric)} "
                f"năm {self.round_year(rubric)}")


NO_ISSUANCE = Issuance()
"""Nothing given: the round's year from the rubric, blanks in the heading."""


def basis_text(rubric: Rubric) -> str:
    """The rubric a document follows, as a decision cites it: ``Bộ Chỉ số … -
    Quyết định số 3047/QĐ-UBND ngày 29/12/2022 của UBND tỉnh An Bình`` (the
    appendix once, if the title does not already name it)."""
    return f"{rubric.title} - {rubric.source.cite(omit=rubric.title)}"
