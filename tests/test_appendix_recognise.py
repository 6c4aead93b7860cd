"""The rule-text recogniser: a corpus of real-world phrasings (each with and
without diacritics) with the method and parameters each must give, phrasings
that must not be recognised, and the wording of every method read back."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from budget import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from dtikit.appendix import PATTERNS, recognise, render_rule
from dtikit.methods import BUILTIN_REGISTRY
from dtikit.model import MethodSpec

D = Decimal


def plain(text: str) -> str:
    """Text as typed without Vietnamese diacritics (the oracle: Unicode's own
    decomposition, not the recogniser's folding)."""
    out = unicodedata.normalize("NFD", text)
    out = "".join(c for c in out if unicodedata.category(c) != "Mn")
    return out.replace("đ", "d").replace("Đ", "D")


def lv(key: str, label: str, **value: str) -> dict[str, str]:
    return {"key": key, "label": label, **value}


def steps(unit: str | None, *pairs: tuple[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"unit": unit} if unit else {}
    out["steps"] = [{"at_least": a, "points": p} for a, p in pairs]
    return out


# (rule text as printed, maximum, pattern, kind, parameters)
CORPUS: list[tuple[str, int, str, str, dict[str, Any]]] = [
    # --- yes / no
    ("Có: 10 điểm; Không: 0 điểm", 10, "yes_no.clauses", "yes_no", {}),
    ("Đã ban hành: Điểm tối đa; Chưa ban hành: 0 điểm", 20, "yes_no.clauses", "yes_no", {}),
    ("- Có chuyên mục riêng về chuyển đổi số: Điểm tối đa\n- Không có: 0 điểm", 10,
     "yes_no.clauses", "yes_no", {}),
    ("Đạt: 5 điểm; Không đạt: 0 điểm", 5, "yes_no.clauses", "yes_no", {}),
    ("Hoàn thành đúng hạn: điểm tối đa. Chưa hoàn thành: 0 điểm.", 15, "yes_no.clauses",
     "yes_no", {}),
    ("Có ban hành Kế hoạch chuyển đổi số năm: 20đ; Không ban hành: 0đ", 20, "yes_no.clauses",
     "yes_no", {}),
    ("Đã triển khai → Điểm tối đa; Chưa triển khai → 0 điểm", 10, "yes_no.clauses", "yes_no", {}),
    # --- levels by role or state
    ("Người đứng đầu là Chủ tịch: Điểm tối đa; là Phó Chủ tịch: 1/2*Điểm tối đa; "
     "chưa có Ban chỉ đạo: 0 điểm", 10, "levels.clauses", "levels",
     {"levels": [lv("nguoi_dung_dau_la_chu_tich", "Người đứng đầu là Chủ tịch", fraction="1"),
                 lv("la_pho_chu_tich", "là Phó Chủ tịch", fraction="1/2"),
                 lv("chua_co_ban_chi_dao", "chưa có Ban chỉ đạo", points="0")]}),
    ("Trưởng ban là Bí thư hoặc Chủ tịch: Điểm tối đa;\nTrưởng ban là Phó Bí thư hoặc Phó Chủ "
     "tịch: 1/2 x Điểm tối đa;\nKhông thành lập hoặc Trưởng ban không phải lãnh đạo: 0 điểm", 20,
     "levels.clauses", "levels",
     {"levels": [lv("truong_ban_la_bi_thu_hoac_chu_tich", "Trưởng ban là Bí thư hoặc Chủ tịch",
                    fraction="1"),
                 lv("truong_ban_la_pho_bi_thu_hoac_pho_chu_ti",
                    "Trưởng ban là Phó Bí thư hoặc Phó Chủ tịch", fraction="1/2"),
                 lv("khong_thanh_lap_hoac_truong_ban_khong_ph",
                    "Không thành lập hoặc Trưởng ban không phải lãnh đạo", points="0")]}),
    ("cấp Trưởng: điểm tối đa; cấp Phó: 50% điểm tối đa; không có: 0 điểm", 20,
     "levels.clauses", "levels",
     {"levels": [lv("cap_truong", "cấp Trưởng", fraction="1"),
                 lv("cap_pho", "cấp Phó", fraction="0.5"),
                 lv("khong_co", "không có", points="0")]}),
    ("Xuất sắc: 10 điểm; Tốt: 8 điểm; Đạt: 5 điểm; Không đạt: 0 điểm", 10, "levels.clauses",
     "levels", {"levels": [lv("xuat_sac", "Xuất sắc", points="10"), lv("tot", "Tốt", points="8"),
                           lv("dat", "Đạt", points="5"),
                           lv("khong_dat", "Không đạt", points="0")]}),
    ("Được cấp tỉnh khen thưởng: Điểm tối đa; Được cấp huyện khen thưởng: 0,5 × Điểm tối đa; "
     "Không được khen thưởng: 0 điểm", 10, "levels.clauses", "levels",
     {"levels": [lv("duoc_cap_tinh_khen_thuong", "Được cấp tỉnh khen thưởng", fraction="1"),
                 lv("duoc_cap_huyen_khen_thuong", "Được cấp huyện khen thưởng", fraction="0.5"),
                 lv("khong_duoc_khen_thuong", "Không được khen thưởng", points="0")]}),
    ("Ký số toàn bộ: điểm tối đa; ký số một phần: 1/4 điểm tối đa; không ký số: 0 điểm", 8,
     "levels.clauses", "levels",
     {"levels": [lv("ky_so_toan_bo", "Ký số toàn bộ", fraction="1"),
                 lv("ky_so_mot_phan", "ký số một phần", fraction="1/4"),
                 lv("khong_ky_so", "không ký số", points="0")]}),
    ("Triển khai ở tất cả các xã: Điểm tối đa; ở một số xã: 1/2 Điểm tối đa", 10,
     "levels.clauses", "levels",
     {"levels": [lv("trien_khai_o_tat_ca_cac_xa", "Triển khai ở tất cả các xã", fraction="1"),
                 lv("o_mot_so_xa", "ở một số xã", fraction="1/2")]}),
    # --- steps by a count
    ("họp 4 lần/năm: 20 điểm; 3 lần: 15 điểm; 2 lần: 10 điểm; 1 lần: 5 điểm; còn lại: 0 điểm",
     20, "steps.count", "steps",
     steps("lần", ("1", "5"), ("2", "10"), ("3", "15"), ("4", "20"))),
    ("Từ 4 cuộc họp trở lên: 20 điểm; 3 cuộc họp: 15 điểm; 2 cuộc họp: 10 điểm; 1 cuộc họp: "
     "5 điểm; Không tổ chức: 0 điểm", 20, "steps.count", "steps",
     steps("cuộc họp", ("1", "5"), ("2", "10"), ("3", "15"), ("4", "20"))),
    ("Tổ chức từ 2 lớp tập huấn trở lên: Điểm tối đa; 1 lớp: 1/2 Điểm tối đa; Không tổ chức: "
     "0 điểm", 10, "steps.count", "steps", steps("lớp tập huấn", ("1", "5"), ("2", "10"))),
    ("≥ 5 văn bản: 10 điểm; từ 3 đến 4 văn bản: 6 điểm; từ 1 đến 2 văn bản: 3 điểm; không có "
     "văn bản: 0 điểm", 10, "steps.count", "steps",
     steps("văn bản", ("1", "3"), ("3", "6"), ("5", "10"))),
    ("Có từ 3 bài viết trở lên mỗi tháng: Điểm tối đa; có 1 - 2 bài viết: 1/2 Điểm tối đa; "
     "còn lại: 0 điểm", 6, "steps.count", "steps", steps("bài viết", ("1", "3"), ("3", "6"))),
    ("Tổ chức 12 buổi/năm trở lên: 10 điểm; từ 6 đến 11 buổi: 5 điểm; dưới 6 buổi: 0 điểm", 10,
     "steps.count", "steps", steps("buổi", ("6", "5"), ("12", "10"))),
    # --- steps by a percentage
    ("Tỷ lệ ≥ 90%: Điểm tối đa; từ 70% đến dưới 90%: 1/2 Điểm tối đa; dưới 70%: 0 điểm", 20,
     "steps.percent", "steps", steps("%", ("70", "10"), ("90", "20"))),
    ("Đạt từ 80% trở lên: 10 điểm; từ 50% đến dưới 80%: 5 điểm; dưới 50%: 0 điểm", 10,
     "steps.percent", "steps", steps("%", ("50", "5"), ("80", "10"))),
    ("Tỷ lệ hồ sơ trực tuyến ≥ 50%: 15 điểm; từ 30% đến dưới 50%: 10 điểm; từ 10% đến dưới "
     "30%: 5 điểm; dưới 10%: 0 điểm", 15, "steps.percent", "steps",
     steps("%", ("10", "5"), ("30", "10"), ("50", "15"))),
    ("100%: Điểm tối đa; Từ 90% đến dưới 100%: 3/4 Điểm tối đa; Từ 50% đến dưới 90%: 1/2 "
     "Điểm tối đa; Dưới 50%: 0 điểm", 8, "steps.percent", "steps",
     steps("%", ("50", "4"), ("90", "6"), ("100", "8"))),
    # --- a ratio against a threshold
    ("Tỷ lệ ≥ 90%: Điểm tối đa; Tỷ lệ < 90%: 0 điểm", 10, "threshold_ratio.zero_below",
     "threshold_ratio", {"target": "0.9", "below": "zero"}),
    ("a = Số TTHC cung cấp trực tuyến toàn trình; b = Tổng số TTHC đủ điều kiện; Tỷ lệ = a/b; "
     "Tỷ lệ từ 80% trở lên: Điểm tối đa; dưới 80%: 0 điểm", 20, "threshold_ratio.zero_below",
     "threshold_ratio", {"a": "Số TTHC cung cấp trực tuyến toàn trình",
                         "b": "Tổng số TTHC đủ điều kiện", "target": "0.8", "below": "zero"}),
    ("Tỷ lệ >= 90%: điểm tối đa; dưới 90%: tỷ lệ/90% x điểm tối đa", 20,
     "threshold_ratio.proportional_below", "threshold_ratio", {"target": "0.9"}),
    ("a = Số hồ sơ được số hóa; b = Tổng số hồ sơ tiếp nhận; Tỷ lệ = a/b; Tỷ lệ từ 100% trở "
     "lên: Điểm tối đa; Tỷ lệ dưới 100%: Tỷ lệ/100% × Điểm tối đa", 10,
     "threshold_ratio.proportional_below", "threshold_ratio",
     {"a": "Số hồ sơ được số hóa", "b": "Tổng số hồ sơ tiếp nhận", "target": "1"}),
    # --- ratio × maximum
    ("a = Số cuộc họp CĐS của huyện có Bí thư/Chủ tịch UBND huyện chủ trì; b = Tổng số cuộc "
     "họp CĐS của huyện; Tỷ lệ = a/b; Điểm = Tỷ lệ*Điểm tối đa", 20, "ratio.a_over_b", "ratio",
     {"a": "Số cuộc họp CĐS của huyện có Bí thư/Chủ tịch UBND huyện chủ trì",
      "b": "Tổng số cuộc họp CĐS của huyện"}),
    ("a = Số văn bản do người đứng đầu ký ban hành; b = Tổng số văn bản phải ban hành; "
     "Tỷ lệ = a/b; Điểm = Tỷ lệ × Điểm tối đa", 20, "ratio.a_over_b", "ratio",
     {"a": "Số văn bản do người đứng đầu ký ban hành", "b": "Tổng số văn bản phải ban hành"}),
    ("Tỷ lệ = Số cán bộ có chữ ký số / Tổng số cán bộ; Điểm = Tỷ lệ x 10", 10, "ratio.a_over_b",
     "ratio", {"a": "Số cán bộ có chữ ký số", "b": "Tổng số cán bộ"}),
    ("Điểm = (a/b) × Điểm tối đa; trong đó a: số thủ tục hành chính phát sinh hồ sơ trực "
     "tuyến, b: tổng số thủ tục hành chính", 15, "ratio.a_over_b", "ratio",
     {"a": "số thủ tục hành chính phát sinh hồ sơ trực tuyến", "b": "tổng số thủ tục hành chính"}),
    ("Tỷ lệ = a/b x 100%; Điểm = Tỷ lệ x Điểm tối đa; a = Số cuộc họp trực tuyến; b = Tổng số "
     "cuộc họp", 10, "ratio.a_over_b", "ratio",
     {"a": "Số cuộc họp trực tuyến", "b": "Tổng số cuộc họp"}),
    ("a = Số hồ sơ; b = Tổng số hồ sơ; Tỷ lệ = a/b; Điểm = Tỷ lệ × Điểm tối đa; Nếu b = 0: "
     "Điểm tối đa", 10, "ratio.a_over_b", "ratio",
     {"a": "Số hồ sơ", "b": "Tổng số hồ sơ", "when_b_zero": "full"}),
    # --- parts that add up
    ("Tham dự đầy đủ các cuộc họp về chuyển đổi số của tỉnh: 1/2 * Điểm tối đa; Chủ trì các "
     "cuộc họp về chuyển đổi số của huyện: 1/2 * Điểm tối đa", 10, "parts.sum_to_max", "parts",
     {"parts": [lv("tham_du_day_du_cac_cuoc_hop_ve_chuyen_do",
                   "Tham dự đầy đủ các cuộc họp về chuyển đổi số của tỉnh", fraction="1/2"),
                lv("chu_tri_cac_cuoc_hop_ve_chuyen_doi_so_cu",
                   "Chủ trì các cuộc họp về chuyển đổi số của huyện", fraction="1/2")]}),
    ("Cộng điểm các nội dung sau:\n- Có Kế hoạch: 5 điểm\n- Có báo cáo định kỳ: 3 điểm\n"
     "- Có kiểm tra: 2 điểm", 10, "parts.sum_to_max", "parts",
     {"parts": [lv("co_ke_hoach", "Có Kế hoạch", points="5"),
                lv("co_bao_cao_dinh_ky", "Có báo cáo định kỳ", points="3"),
                lv("co_kiem_tra", "Có kiểm tra", points="2")]}),
    ("Ban hành quy chế: 1/4 Điểm tối đa; Bố trí cán bộ chuyên trách: 1/4 Điểm tối đa; Bố trí "
     "kinh phí: 1/4 Điểm tối đa; Tổ chức kiểm tra: 1/4 Điểm tối đa", 8, "parts.sum_to_max", "parts",
     {"parts": [lv("ban_hanh_quy_che", "Ban hành quy chế", fraction="1/4"),
                lv("bo_tri_can_bo_chuyen_trach", "Bố trí cán bộ chuyên trách", fraction="1/4"),
                lv("bo_tri_kinh_phi", "Bố trí kinh phí", fraction="1/4"),
                lv("to_chuc_kiem_tra", "Tổ chức kiểm tra", fraction="1/4")]}),
    ("Dự đủ các cuộc họp CĐS của tỉnh: 1/2; chủ trì các cuộc họp CĐS của huyện: 1/2", 10,
     "parts.sum_to_max", "parts",
     {"parts": [lv("du_du_cac_cuoc_hop_cds_cua_tinh", "Dự đủ các cuộc họp CĐS của tỉnh",
                   fraction="1/2"),
                lv("chu_tri_cac_cuoc_hop_cds_cua_huyen", "chủ trì các cuộc họp CĐS của huyện",
                   fraction="1/2")]}),
    # --- relative to the best unit
    ("Đơn vị có kết quả cao nhất đạt Điểm tối đa; các đơn vị còn lại: Điểm = Kết quả của đơn "
     "vị / Kết quả cao nhất × Điểm tối đa", 30, "relative_to_best.best_unit", "relative_to_best",
     {}),
    ("Xếp theo giá trị: đơn vị có giá trị lớn nhất được Điểm tối đa, các đơn vị khác tính theo "
     "tỷ lệ so với đơn vị cao nhất", 20, "relative_to_best.best_unit", "relative_to_best", {}),
    ("Địa phương có số liệu cao nhất: điểm tối đa; các địa phương khác tính tỉ lệ tương ứng", 20,
     "relative_to_best.best_unit", "relative_to_best", {}),
    # --- points awarded by a council
    ("Hội đồng thẩm định xem xét, chấm điểm căn cứ tài liệu kiểm chứng", 20, "awarded.council",
     "awarded", {}),
    ("Do Hội đồng đánh giá cho điểm, tối đa 10 điểm", 10, "awarded.council", "awarded", {}),
    # --- tracked, not scored
    ("Không tính điểm", 0, "tracked.no_points", "tracked", {}),
    ("Chỉ số theo dõi, không tính điểm năm 2024", 0, "tracked.no_points", "tracked", {}),
]

# rules that must NOT be recognised: (text, maximum, why)
NOT_RECOGNISED: list[tuple[str, int, str]] = [
    ("Mỗi văn bản được 5 điểm, tối đa 20 điểm", 20, "points per item: no such family"),
    ("Tỷ lệ ≥ 90%: Điểm tối đa; dưới 90%: Tỷ lệ × Điểm tối đa", 20,
     "below the threshold the ratio is not divided by the target"),
    ("Có: 30 điểm; Không: 0 điểm", 20, "more points than the maximum"),
    ("Căn cứ kết quả thực hiện nhiệm vụ trong năm để chấm điểm", 20, "no rule in the text"),
    ("Trên 3 cuộc họp: 20 điểm; còn lại: 0 điểm", 20, "a strict bound is not “at least”"),
    ("Tỷ lệ trên 90%: Điểm tối đa; còn lại: 0 điểm", 20, "a strict percentage bound"),
    ("Ban hành quy chế: 1/3 Điểm tối đa; Bố trí cán bộ: 1/3 Điểm tối đa; Bố trí kinh phí: 1/3 "
     "Điểm tối đa", 9, "1/3 has no exact decimal: not ours to round"),
    ("Có kế hoạch: 5 điểm; Có báo cáo: 3 điểm; Có kiểm tra: 2 điểm", 10,
     "levels or parts? nothing says they add up"),
    ("Không tính điểm", 10, "“not scored” on a row with points"),
    ("Điểm tối đa", 10, "one clause is not a rule"),
    ("Tỷ lệ = a/b; Điểm = Tỷ lệ × 15", 20, "the ratio's points do not fit the maximum"),
    ("Tham gia đầy đủ: 5 điểm", 10, "one clause is not a rule"),
    ("Đạt chuẩn: Điểm tối đa; Có vi phạm: trừ 5 điểm", 10, "a penalty"),
    ("", 10, "no text"),
    ("Có: 5 điểm; Không: 2 điểm; Một phần: 7 điểm", 10, "no clause reaches the maximum"),
]


def _plain_params(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _plain_params(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_params(v) for v in value]
    if isinstance(value, str) and key in ("label", "a", "b", "unit"):
        return plain(value)
    return value


def test_the_corpus_is_large_enough_and_covers_every_pattern() -> None:
    assert len(CORPUS) >= 40
    assert {p for _, _, p, _, _ in CORPUS} == set(PATTERNS)
    assert len(NOT_RECOGNISED) >= 10


@pytest.mark.parametrize("diacritics", [True, False], ids=["vi", "plain"])
@pytest.mark.parametrize(("text", "maximum", "pattern", "kind", "params"), CORPUS,
                         ids=[f"{i:02d}-{c[2]}" for i, c in enumerate(CORPUS)])
def test_real_phrasings_give_their_method(text: str, maximum: int, pattern: str, kind: str,
                                          params: dict[str, Any], diacritics: bool) -> None:
    if not diacritics:
        text, params = plain(text), _plain_params(params)
        assert text.isascii() or "≥" in text or "×" in text or "→" in text
    got = recognise(text, D(maximum))
    assert got.method == MethodSpec(kind, params), got
    assert got.pattern == pattern
    assert got.problems == ()
    BUILTIN_REGISTRY.build(got.method, D(maximum))  # valid for its family


@pytest.mark.parametrize(("text", "maximum", "why"), NOT_RECOGNISED,
                         ids=[w for _, _, w in NOT_RECOGNISED])
def test_phrasings_that_must_not_be_recognised(text: str, maximum: int, why: str) -> None:
    for t in (text, plain(text)):
        got = recognise(t, D(maximum))
        assert got.method is None, (why, got)
        assert got.pattern is None
        assert got.problems, "an unrecognised rule says why"


def test_numbers_over_the_maximum_are_reported() -> None:
    got = recognise("Có: 30 điểm; Không: 0 điểm", D(20))
    assert any("30" in p and "20" in p for p in got.problems)


def test_a_recognised_rule_whose_top_step_is_below_the_maximum_is_reported() -> None:
    got = recognise("4 lần: 15 điểm; 2 lần: 10 điểm; còn lại: 0 điểm", D(20))
    assert got.method is not None and got.method.kind == "steps"
    assert got.problems == ("no step reaches the maximum",)


def test_no_number_is_invented() -> None:
    """Every number in a recognised method's parameters is written in the text
    (as points, a fraction, a count or a percentage), or is the maximum times a
    fraction that is."""
    import re

    for text, maximum, _, _, _ in CORPUS:
        got = recognise(text, D(maximum))
        assert got.method is not None
        written = {D(n.replace(",", ".")) for n in re.findall(r"\d+(?:[.,]\d+)?", text)}
        fractions = {D(a) / D(b) for a, b in re.findall(r"(\d+)\s*/\s*(\d+)", text)}
        fractions |= {w / 100 for w in written} | {D(1), D("0.5")} | written
        allowed = written | {D(maximum) * f for f in fractions} | {D(0)} | {w / 100 for w in written}

        def numbers(value: Any) -> list[Decimal]:
            if isinstance(value, dict):
                return [n for k, v in value.items() if k not in ("key", "label", "a", "b", "unit")
                        for n in numbers(v)]
            if isinstance(value, list):
                return [n for v in value for n in numbers(v)]
            if isinstance(value, str) and re.fullmatch(r"\d+(?:\.\d+)?|\d+/\d+", value):
                if "/" in value:
                    a, b = value.split("/")
                    return [D(a) / D(b)]
                return [D(value)]
            return []

        for n in numbers(got.method.params):
            assert n in allowed or n in fractions, (text, n)


# ------------------------------------------------ every method, worded and read back

_LABELS = ("Chủ tịch", "Phó Chủ tịch", "Trưởng phòng", "Cán bộ chuyên trách", "Có kế hoạch",
           "Có báo cáo định kỳ", "Được khen thưởng", "Tổ chức kiểm tra")
_UNITS = ("lần", "cuộc họp", "văn bản", "lớp tập huấn", "buổi")
_FRACTIONS = ("1/2", "1/4", "3/4", "0.5", "0.25")


@st.composite
def recognisable(draw: st.DrawFn) -> tuple[MethodSpec, Decimal]:
    """A method, in the form the recogniser gives, with a maximum it fits."""
    kind = draw(st.sampled_from(sorted({k.split(".")[0] for k in PATTERNS})))
    m = D(draw(st.integers(1, 25)) * 4)
    if kind == "tracked":
        return MethodSpec("tracked", {}), D(0)
    if kind in ("yes_no", "awarded", "relative_to_best"):
        return MethodSpec(kind, {}), m
    if kind in ("ratio", "threshold_ratio"):
        params: dict[str, Any] = {}
        if draw(st.booleans()):
            params = {"a": draw(st.sampled_from(("Số hồ sơ trực tuyến", "Số văn bản ký số"))),
                      "b": draw(st.sampled_from(("Tổng số hồ sơ", "Tổng số văn bản")))}
        if kind == "ratio":
            if draw(st.booleans()):
                params["when_b_zero"] = draw(st.sampled_from(("zero", "full", "not_applicable")))
            return MethodSpec("ratio", params), m
        params["target"] = draw(st.sampled_from(("0.5", "0.8", "0.9", "1")))
        if draw(st.booleans()):
            params["below"] = "zero"
        return MethodSpec("threshold_ratio", params), m
    labels = draw(st.lists(st.sampled_from(_LABELS), min_size=2, max_size=4, unique=True))
    from dtikit.appendix.recognise import _key  # the keys the recogniser derives
    from dtikit.appendix.text import fold

    used: set[str] = set()
    if kind == "levels":
        items = [{"key": _key(fold(labels[0]), used, 1), "label": labels[0], "fraction": "1"}]
        for i, label in enumerate(labels[1:], start=2):
            value = draw(st.one_of(st.sampled_from(_FRACTIONS).map(lambda f: {"fraction": f}),
                                   st.integers(0, int(m) - 1).map(lambda p: {"points": str(p)})))
            items.append({"key": _key(fold(label), used, i), "label": label, **value})
        return MethodSpec("levels", {"levels": items}), m
    if kind == "parts":
        n = len(labels)
        each = m / n
        if each != int(each):
            m, each = D(n * 4), D(4)
        items = [{"key": _key(fold(label), used, i), "label": label, "points": f"{int(each)}"}
                 for i, label in enumerate(labels, start=1)]
        return MethodSpec("parts", {"parts": items}), m
    # steps: rising counts or percentages, rising points, the top one the maximum
    unit = draw(st.sampled_from((*_UNITS, "%")))
    ats = sorted(draw(st.sets(st.integers(1, 99 if unit == "%" else 12), min_size=2, max_size=4)))
    pts = sorted(draw(st.sets(st.integers(1, int(m) - 1), min_size=len(ats) - 1,
                              max_size=len(ats) - 1)))
    pairs = [*zip(ats, [*pts, int(m)])]
    # (one percentage step worth the maximum is read as threshold_ratio: not drawn here)
    return MethodSpec("steps", {"unit": unit, "steps": [
        {"at_least": str(a), "points": str(p)} for a, p in pairs]}), m


@settings(max_examples=examples(300), deadline=None)
@given(recognisable())
def test_every_method_worded_is_read_back(case: tuple[MethodSpec, Decimal]) -> None:
    spec, m = case
    got = recognise(render_rule(spec, m), m)
    assert got.method == spec, render_rule(spec, m)
    assert got.pattern is not None and got.pattern.split(".")[0] == spec.kind
