"""Workloads: a synthetic rubric that uses every method family at a real
rubric's size, and reproducible cohorts of N units written as one
province-wide collection workbook (one row per unit).

Why synthetic: the bundled real rubrics score their main indices as
``awarded`` leaves (at most 8 input cells: hungyen/commune/2023), so they
exercise reading more than scoring. The synthetic rubric ``bench/commune/2024``
has 8 main indices (1000 points, as Hưng Yên's), 106 leaves of all nine
families and about 150 input cells — the size issue 6 measured the floor at.
Both are benchmarked: the synthetic one is the headline workload, the real one
is reported beside it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from dtikit import (
    Answer,
    Assessment,
    Band,
    Classification,
    Conversion,
    Indicator,
    MethodSpec,
    NotApplicable,
    Rubric,
    Source,
    Unit,
    Variant,
    Workflow,
)
from dtikit.testing.spec import RandomChooser, value_for

SEED = 20240601
VERSION = 4  # of the generator: a cached workbook of another version is not reused
DEADLINE = date(2024, 11, 5)
SYNTHETIC_ID = "bench/commune/2024"
REAL_ID = "hungyen/commune/2023"

# (main index name, max, [family of each leaf]) — 106 leaves in all
_FAMILIES = ("yes_no", "levels", "steps", "ratio", "threshold_ratio", "parts",
             "relative_to_best", "awarded", "tracked")
_MAINS: tuple[tuple[str, int, str], ...] = (
    ("Nhận thức số", 100, "yyylsrtpay"),
    ("Thể chế số", 100, "yyylsrrtpa"),
    ("Hạ tầng số", 100, "yylssrrtpbz"),
    ("Nhân lực số", 100, "yyylsrrtpab"),
    ("An toàn thông tin mạng", 100, "yyylsrrtpa"),
    ("Hoạt động chính quyền số", 200, "yyyllssrrrttttpaab"),
    ("Hoạt động kinh tế số", 150, "yyyllssrrttpabbz"),
    ("Hoạt động xã hội số", 150, "yyylssrrrttpab"),
)
_LETTER = {"y": "yes_no", "l": "levels", "s": "steps", "r": "ratio", "t": "threshold_ratio",
           "p": "parts", "b": "relative_to_best", "a": "awarded", "z": "tracked"}


def _method(family: str, mx: Decimal, i: int) -> MethodSpec:
    if family == "levels":
        return MethodSpec(family, {"levels": [
            {"key": "chu_tich", "label": "Chủ tịch", "fraction": "1"},
            {"key": "pho", "label": "Phó Chủ tịch", "fraction": "1/2"},
            {"key": "khong", "label": "Không", "fraction": "0"}]})
    if family == "steps":
        return MethodSpec(family, {"unit": "lần", "steps": [
            {"at_least": str(k), "points": str(mx * k / 4)} for k in range(1, 5)]})
    if family == "ratio":
        return MethodSpec(family, {"a": "Số đã thực hiện", "b": "Tổng số phải thực hiện",
                                   "when_b_zero": "full" if i % 3 == 0 else "zero"})
    if family == "threshold_ratio":
        return MethodSpec(family, {"a": "Số hồ sơ trực tuyến", "b": "Tổng số hồ sơ",
                                   "target": "0.8" if i % 2 else "0.5",
                                   "below": "proportional" if i % 4 else "zero"})
    if family == "parts":
        return MethodSpec(family, {"parts": [
            {"key": "ke_hoach", "label": "Ban hành kế hoạch", "fraction": "1/2"},
            {"key": "bao_cao", "label": "Có báo cáo", "fraction": "1/4"},
            {"key": "kiem_tra", "label": "Có kiểm tra", "fraction": "1/4"}]})
    if family == "relative_to_best":
        return MethodSpec(family, {"value": "Số tài khoản trên 1000 dân"})
    return MethodSpec(family, {})


def synthetic_rubric() -> Rubric:
    """``bench/commune/2024``: every method family, 1000 points, ~150 input cells."""
    mains = []
    for m, (name, mx, letters) in enumerate(_MAINS, start=1):
        families = [_LETTER[c] for c in letters]
        scored = [f for f in families if f != "tracked"]
        # sub-indices of 2–3 criteria; criteria share the main index's points
        base = Decimal(mx) / len(scored)
        maxima = [base.quantize(Decimal("0.25")) for _ in scored]
        maxima[-1] += Decimal(mx) - sum(maxima)
        subs: list[Indicator] = []
        group: list[tuple[str, Decimal, int]] = []
        k = 0
        na_given = False
        for j, family in enumerate(families):
            if family == "tracked":
                group.append((family, Decimal(0), j))
            else:
                group.append((family, maxima[k], j))
                k += 1
            if len(group) < 3 and j < len(families) - 1:
                continue
            code = f"{m}.{len(subs) + 1}"
            leaves = []
            for i, (fam, leaf_max, jj) in enumerate(group):
                # Không áp dụng: one ratio per main index leaves the maximum (remove);
                # in index 7 one threshold's share goes to its siblings (redistribute)
                policy = None
                if not na_given and fam == ("threshold_ratio" if m == 7 else "ratio"):
                    policy = "redistribute" if m == 7 else "remove"
                    na_given = True
                leaves.append(Indicator(
                    f"{code}.{i + 1}", f"Tiêu chí {code}.{i + 1} ({fam})", leaf_max,
                    level="criterion", method=_method(fam, leaf_max, jj),
                    appraiser="Phòng Văn hóa và Thông tin", not_applicable=policy))
            subs.append(Indicator(code, f"Chỉ số thành phần {code}",
                                  sum((x.max for x in leaves), Decimal(0)), level="sub",
                                  children=leaves))
            group = []
        mains.append(Indicator(str(m), name, Decimal(mx), level="main", children=subs))
    return Rubric(
        id=SYNTHETIC_ID, province="bench", tier="commune", year=2024,
        title="Bộ chỉ số tổng hợp để đo hiệu năng (mọi phương pháp chấm điểm)",
        scale=Decimal(1000), source=Source("0000/QĐ-BENCH", issuer="dtikit benchmarks"),
        indicators=mains,
        classification=Classification("percent", [
            Band("Xuất sắc", lower=Decimal(90)),
            Band("Tốt", lower=Decimal(70), upper=Decimal(90)),
            Band("Khá", lower=Decimal(50), upper=Decimal(70)),
            Band("Trung bình", lower=Decimal(30), upper=Decimal(50)),
            Band("Yếu", upper=Decimal(30))]),
        workflow=Workflow(deadline=DEADLINE, late="exclude", not_applicable="forbid"),
        variants=[Variant("khong_kinh_te", "Xã không có hoạt động kinh tế số", ["7.3"])],
        conversions=[Conversion("cchc", "Điểm CCHC", Decimal(11), Decimal(100))],
    )


def real_rubric() -> Rubric:
    """The largest bundled rubric (by input cells): Hưng Yên, communes, 2023."""
    import dtikit

    return dtikit.default_host().rubric(REAL_ID)


def rubric_for(name: str) -> Rubric:
    return synthetic_rubric() if name == "synthetic" else real_rubric()


def assessments(rubric: Rubric, n: int, seed: int = SEED) -> Iterator[Assessment]:
    """N units' self-assessments, drawn reproducibly: each answer is
    :func:`dtikit.testing.spec.value_for`'s (the definition of a valid answer the
    property tests' strategies draw from, here chosen by a seeded
    ``random.Random``, without the rounding-edge values); 5% of the answers Không
    áp dụng where the rubric allows it (one leaf per main index), 0.05% left
    unanswered (so about 5% of units are incomplete), 3% of units of the variant,
    1% submitted late."""
    rng = random.Random(seed)
    choose = RandomChooser(rng)  # the testing kit's one definition of a valid answer
    leaves = list(rubric.leaves())
    na_ok = {leaf.code: rubric.na_policy(leaf.code) != "forbid" for leaf in leaves}
    variants = [v.key for v in rubric.variants]
    districts = [f"Huyện {i:02d}" for i in range(1, 1 + max(1, n // 40))]
    for i in range(n):
        variant = variants[0] if variants and rng.random() < 0.03 else None
        answers = []
        for leaf in leaves:
            if rng.random() < 0.0005:
                continue
            value = NotApplicable() if na_ok[leaf.code] and rng.random() < 0.05 \
                else value_for(leaf, choose, edges=False)
            answers.append(Answer(leaf.code, value))
        late = rng.random() < 0.01
        submitted = DEADLINE + timedelta(days=rng.randint(1, 5) if late else -rng.randint(0, 20))
        yield Assessment(rubric.id, Unit(f"UBND xã Mẫu {i + 1:06d}", f"xa-{i + 1:06d}",
                                         rubric.tier, rng.choice(districts), variant),
                         answers, submitted=submitted)


def write_workbook(rubric: Rubric, n: int, path: Path, seed: int = SEED) -> Path:
    """Write N units as one collection workbook, with the formats' collection
    writer (one row per unit, one column per input cell)."""
    from dtikit.formats.collection import write_collection

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.xlsx")
    write_collection(rubric, assessments(rubric, n, seed), tmp, evidence=False)
    tmp.replace(path)
    return path


def workbook(cache: Path, name: str, n: int, seed: int = SEED) -> Path:
    """The cached workbook of ``n`` units of workload ``name`` (written once)."""
    path = cache / f"{name}-{n}-{seed}-v{VERSION}.xlsx"
    if not path.exists():
        write_workbook(rubric_for(name), n, path, seed)
    return path


__all__ = ["REAL_ID", "SEED", "SYNTHETIC_ID", "_FAMILIES", "assessments", "real_rubric",
           "rubric_for", "synthetic_rubric", "workbook", "write_workbook"]
