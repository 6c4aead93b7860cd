"""The words dtikit's outputs print (forms, workbooks, report, summaries):
one home, the seeds' own wording. docs/glossary.md lists them with English
equivalents; a test checks that the two agree.
"""

from __future__ import annotations

from collections.abc import Mapping

FINDING = "Lưu ý"
"""What scoring noticed about a unit (a *finding*): not *Ghi nhận*, which means
acknowledgement."""
FINDINGS_TITLE = "Lưu ý khi chấm điểm"

FINDING_KINDS: Mapping[str, str] = {
    "evidence_missing": "Thiếu tài liệu kiểm chứng",
    "explained": "Không có tài liệu kiểm chứng, có giải trình",
    "late": "Nộp sau thời hạn",
    "appraiser_not_assigned": "Cơ quan thẩm định không đúng phân công",
    "not_answered": "Chưa trả lời",
}
"""The kinds of finding, as the outputs name them."""

TERMS: Mapping[str, str] = {
    "tự đánh giá, chấm điểm": "self-assessment and scoring",
    "thẩm định": "appraisal",
    "Cơ quan thẩm định": "appraising body",
    "tài liệu kiểm chứng": "evidence",
    "giải trình": "explanation (when there is no evidence)",
    "chỉ số chính": "main index",
    "chỉ số thành phần": "component indicator",
    "điểm tối đa": "maximum points",
    "Điểm tối đa áp dụng": "applicable maximum (after indicators that do not apply)",
    "Điểm đạt được (sau thẩm định)": "final points (after appraisal)",
    "Tổng điểm": "total points",
    "xếp hạng": "ranking / rank",
    "Phạm vi xếp hạng": "ranking scope (the group a unit is ranked within)",
    "xếp loại": "class (band)",
    "Bình quân": "mean (of the cohort)",
    "Không áp dụng": "not applicable",
    "Không xếp hạng": "not ranked",
    "biểu": "form",
    "Bộ chỉ số": "rubric",
    "Kỳ đánh giá": "assessment period",
    "Hạn nộp": "deadline",
    "Lưu ý": "finding",
    "NGƯỜI LẬP BIỂU": "preparer (signature block)",
    "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH": "on behalf of the People's Committee / Chair",
    "THỦ TRƯỞNG ĐƠN VỊ": "head of the unit",
    "PHỤ LỤC": "appendix",
    "dữ liệu mẫu, minh họa": "sample data, for illustration",
}
"""Vietnamese term → English: the glossary (docs/glossary.md)."""


def finding_label(kind: str) -> str:
    """A finding kind's Vietnamese label (the kind itself if unknown)."""
    return FINDING_KINDS.get(kind, kind)
