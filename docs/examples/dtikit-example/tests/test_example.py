"""The plugin's own tests. Run them with ``pytest`` after ``pip install -e .``:
the ``dtikit_host`` fixture comes with dtikit (``dtikit.testing``)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import dtikit

DATA = Path(__file__).parent / "data"
RUBRIC = "example/district/2024"


def test_plugin_loads_cleanly(dtikit_host: dtikit.PluginHost) -> None:
    report = dtikit_host.report
    assert report.ok, [str(f) for f in report.failures]
    assert dtikit_host.owner_of(RUBRIC) == "example"
    assert "example.per_item" in dtikit_host.methods


def test_rubric_matches_the_decision(dtikit_host: dtikit.PluginHost) -> None:
    rubric = dtikit_host.rubric(RUBRIC)
    assert rubric.scale == 100
    # the maxima as printed in the decision's table
    assert [(n.code, n.max) for n in rubric.main_indices] == [
        ("1", 60), ("2", 20), ("3", 20)
    ]
    assert dtikit.validate_rubric(rubric, dtikit_host.methods) == ()


def test_per_item_is_capped(dtikit_host: dtikit.PluginHost) -> None:
    rubric = dtikit_host.rubric(RUBRIC)
    cards = dtikit.score(
        rubric,
        [dtikit.Assessment(RUBRIC, "UBND huyện A", [dtikit.Answer("2.2", 7)])],
        methods=dtikit_host.methods,
    )
    assert cards[0].node("2.2").points == Decimal(10)  # 7 × 2 = 14, capped at 10


def test_csv_answers_score_and_rank(dtikit_host: dtikit.PluginHost) -> None:
    rubric = dtikit_host.rubric(RUBRIC)
    report = dtikit_host.format("example/csv-answers").read_assessments(
        rubric, DATA / "answers.csv"
    )
    assert report.rejected == ()
    cards = dtikit.score(rubric, report.assessments, methods=dtikit_host.methods)
    results = dtikit.rank(cards, rubric)
    assert [(r.rank, r.unit.name, r.total, r.class_label) for r in results.rows] == [
        (1, "UBND huyện Đông", Decimal("93.89"), "Tốt"),
        (2, "UBND huyện Tây", Decimal("35.89"), "Yếu"),
    ]
