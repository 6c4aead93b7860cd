"""Generate the demo's SAMPLE data (dữ liệu mẫu), reproducibly.

    python -m dtikit.demo.make_sample          # rewrite the JSON files beside this script
    python -m dtikit.demo.make_sample --check  # exit 1 if the shipped files differ

Nothing here is a real unit's result. Every unit is named "… Mẫu N (dữ liệu
mẫu)", every assessment carries ``sample = true``, and the numbers come from a
seeded pseudo-random generator (integers only: no float becomes a score).

Two cohorts, because the bundled rubrics show different rules:

* ``hungyen/commune/2023`` (3047/QĐ-UBND): eight main indices scored as points
  within their maxima, classes Tốt/Khá/Trung bình/Yếu, ranked within the
  district. Twelve communes; eight appraised by the assigned agency (one by an
  agency not assigned, which scoring reports); one with an index left blank
  (not ranked: incomplete); some answers without evidence. The rubric has no
  deadline, so lateness cannot be shown on it.
* ``baria_vungtau/commune/2024`` (2647/QĐ-UBND): a deadline (05/11/2024) after
  which a submission is not scored, and no score without the district's
  appraisal. Six communes: one late, one not appraised.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..assessment import Answer, Appraisal, Assessment, Evidence, Number, Unit
from ..convert import to_data
from ..model import Rubric
from .names import BRVT, FILES, HUNGYEN, SAMPLE_NOTE

HERE = Path(__file__).parent

# Documents a commune attaches per main index (titles only; numbers are made up).
_DOCS = {
    "1": "Kế hoạch tuyên truyền chuyển đổi số năm 2023",
    "2": "Quyết định kiện toàn Ban Chỉ đạo chuyển đổi số xã",
    "3": "Báo cáo hiện trạng hạ tầng, trang thiết bị công nghệ thông tin",
    "4": "Danh sách cán bộ, công chức được tập huấn kỹ năng số",
    "5": "Báo cáo công tác bảo đảm an toàn thông tin mạng",
    "6": "Báo cáo kết quả giải quyết thủ tục hành chính trực tuyến",
    "7": "Báo cáo phát triển thương mại điện tử, thanh toán không dùng tiền mặt",
    "8": "Báo cáo kết quả hoạt động của Tổ công nghệ số cộng đồng",
}


def _points(rng: random.Random, maximum: Decimal, level: int) -> Decimal:
    """Points near ``level`` % of ``maximum``, in hundredths, within [0, maximum]."""
    cents_max = int(maximum * 100)
    pct = max(0, min(100, level + rng.randint(-30, 25)))
    cents = cents_max * pct // 100 + rng.randint(-99, 99)
    if rng.randint(1, 100) <= 12:  # some indices are met in full
        cents = cents_max
    cents = max(0, min(cents_max, cents))
    return Decimal(cents) / 100


def _unit_name(i: int) -> str:
    kind = "Phường" if i % 3 == 2 else "Xã"
    return f"{kind} Mẫu {i} (dữ liệu mẫu)"


def _evidence(unit: str, code: str, n: int, when: date, *, signed: bool = False) -> Evidence:
    title = _DOCS.get(code, "Báo cáo chuyển đổi số") + " (tài liệu mẫu)"
    file_name = f"mau-{n:02d}-chi-so-{code}.pdf" if signed else None
    digest = hashlib.sha256(f"{unit}/{code}".encode()).hexdigest() if signed else None
    return Evidence(number=f"{n * 10 + len(code)}/BC-UBND", date=when, issuer=f"UBND {unit}",
                    title=title, file_name=file_name, sha256=digest, signed=True if signed else None)


def hungyen_cohort(rubric: Rubric) -> tuple[list[Assessment], list[dict[str, Any]]]:
    rng = random.Random(3047)
    district = "Thành phố Mẫu (dữ liệu mẫu)"
    mains = rubric.main_indices
    assessments: list[Assessment] = []
    appraisals: list[dict[str, Any]] = []
    for i in range(1, 13):
        name = _unit_name(i)
        uid = f"mau-{i:02d}"
        level = rng.randint(30, 85)
        submitted = date(2023, 10, 10) + timedelta(days=rng.randint(0, 12))
        answers = []
        for node in mains:
            pts = _points(rng, node.max, level)
            ev: Sequence[Evidence] = (_evidence(name, node.code, i, submitted - timedelta(days=20)),)
            explanation = None
            if (i, node.code) == (4, "7"):
                ev, explanation = (), "Chưa có số liệu thống kê từ cấp huyện (giải trình mẫu)"
            if (i, node.code) in ((9, "8"), (6, "3")):
                ev = ()
            if (i, node.code) == (11, "8"):
                answers.append(Answer(node.code, None, note="Bỏ trống (mẫu: chưa trả lời)"))
                continue
            answers.append(Answer(node.code, Number(pts), evidence=ev, explanation=explanation))
        assessments.append(Assessment(
            rubric.id, Unit(name, uid, tier=rubric.tier, parent=district), answers,
            submitted=submitted, sample=True))
        if i in (1, 2, 3, 5, 6, 8, 10, 12):
            by_code = {a.code: a for a in answers}
            appraised = []
            for node in mains:
                if node.appraiser is None or (i == 5 and node.code == "2"):
                    continue
                own = by_code[node.code].value
                assert isinstance(own, Number)
                cut = Decimal(rng.choice([0, 0, 0, 5, 10, 15]))
                appraised.append(Answer(node.code, Number(max(own.value - cut, Decimal(0))),
                                        note="Điểm thẩm định (mẫu)"))
            agency = next(n.appraiser for n in mains if n.appraiser)
            appraisal = Appraisal(agency, appraised, date=submitted + timedelta(days=8),
                                  note=SAMPLE_NOTE)
            appraisals.append({"unit": uid, "appraisal": to_data(appraisal)})
            if i == 5:  # an agency appraising an indicator it was not assigned (2: VH-TT's)
                own = by_code["2"].value
                assert isinstance(own, Number)
                other = Appraisal("Trung tâm Văn hóa, Thông tin và Thể thao (mẫu)",
                                  [Answer("2", Number(max(own.value - 10, Decimal(0))))],
                                  date=submitted + timedelta(days=9), note=SAMPLE_NOTE)
                appraisals.append({"unit": uid, "appraisal": to_data(other)})
    return assessments, appraisals


def brvt_cohort(rubric: Rubric) -> tuple[list[Assessment], list[dict[str, Any]]]:
    rng = random.Random(2647)
    district = "Huyện Mẫu (dữ liệu mẫu)"
    leaf = next(iter(rubric.leaves()))
    agency = leaf.appraiser or "UBND cấp huyện"
    deadline = rubric.workflow.deadline or date(2024, 11, 5)
    assessments: list[Assessment] = []
    appraisals: list[dict[str, Any]] = []
    for i in range(1, 7):
        name = _unit_name(i)
        uid = f"brvt-mau-{i:02d}"
        submitted = deadline - timedelta(days=rng.randint(0, 4))
        if i == 4:
            submitted = deadline + timedelta(days=2)  # the late one
        pts = _points(rng, leaf.max, rng.randint(55, 90))
        answers = [Answer(leaf.code, Number(pts),
                          evidence=[_evidence(name, leaf.code, i, submitted, signed=True)])]
        assessments.append(Assessment(
            rubric.id, Unit(name, uid, tier=rubric.tier, parent=district), answers,
            submitted=submitted, sample=True))
        if i == 6:
            continue  # the district did not appraise this one
        cut = Decimal(rng.choice([0, 1, 2, 3])) + Decimal(rng.randint(0, 99)) / 100
        appraisal = Appraisal(agency, [Answer(leaf.code, Number(max(pts - cut, Decimal(0))))],
                              date=deadline + timedelta(days=3), note=SAMPLE_NOTE)
        appraisals.append({"unit": uid, "appraisal": to_data(appraisal)})
    return assessments, appraisals


def _text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def generate() -> dict[str, str]:
    """File name → JSON text of every sample file."""
    from ..plugins import default_host

    host = default_host()
    hy, hy_app = hungyen_cohort(host.rubric(HUNGYEN))
    br, br_app = brvt_cohort(host.rubric(BRVT))
    note = (f"{SAMPLE_NOTE}. Generated by src/dtikit/demo/make_sample.py; "
            "regenerate with: python -m dtikit.demo.make_sample")
    return {
        FILES["hungyen_assessments"]: _text({"note": note, "assessments": to_data(hy)}),
        FILES["hungyen_appraisals"]: _text({"note": note, "appraisals": hy_app}),
        FILES["brvt_assessments"]: _text({"note": note, "assessments": to_data(br)}),
        FILES["brvt_appraisals"]: _text({"note": note, "appraisals": br_app}),
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    files = generate()
    if "--check" in args:
        stale = [n for n, t in files.items()
                 if not (HERE / n).exists() or (HERE / n).read_text(encoding="utf-8") != t]
        for n in stale:
            print(f"{n}: differs from what make_sample.py generates", file=sys.stderr)
        return 1 if stale else 0
    for name, text in files.items():
        (HERE / name).write_text(text, encoding="utf-8")
        print(f"wrote {HERE / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
