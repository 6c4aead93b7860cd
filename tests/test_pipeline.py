"""dtikit.pipeline: the round as a host application runs it is the round `dtikit score` runs."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import dtikit
from dtikit import pipeline
from dtikit.cli import cli
from dtikit.files import read_inputs

HY = "hungyen/commune/2023"
DEMO = Path(dtikit.__file__).parent / "demo"
FORMS = DEMO / "hungyen_commune_2023_sample.json"


def test_a_round_in_python_is_the_commands_round(tmp_path: Path) -> None:
    rubric = dtikit.default_host().rubric(HY)
    done = pipeline.score_round(rubric, read_inputs(rubric, [FORMS]))
    assert len(done.results.rows) + len(done.results.excluded) == len(done.inputs.assessments)
    pipeline.write_results_file(done, tmp_path / "api.json")
    pipeline.write_results_file(done, tmp_path / "api.xlsx")
    check = pipeline.recheck_written(rubric, tmp_path / "api.xlsx")
    assert check is not None and not check.errors
    assert pipeline.recheck_written(rubric, tmp_path / "api.json") is None

    out = tmp_path / "cli.json"
    result = CliRunner().invoke(cli, ["score", HY, str(FORMS), "--json", str(out)])
    assert result.exit_code == 0, result.output
    api = json.loads((tmp_path / "api.json").read_text(encoding="utf-8"))
    assert json.loads(out.read_text(encoding="utf-8"))["rows"] == api["rows"]


def test_last_years_results_give_each_unit_its_change(tmp_path: Path) -> None:
    rubric = dtikit.default_host().rubric(HY)
    inputs = read_inputs(rubric, [FORMS])
    first = pipeline.score_round(rubric, inputs)
    pipeline.write_results_file(first, tmp_path / "last.json")
    again = pipeline.score_round(rubric, inputs,
                                 previous=pipeline.read_previous(tmp_path / "last.json"))
    assert again.results.rows and all(
        r.delta is not None and r.delta.total_change == 0 and r.delta.rank_change == 0
        for r in again.results.rows)
