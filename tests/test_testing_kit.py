"""The testing kit plugin authors reuse: the pytest fixtures (loaded through the
``pytest11`` entry point), the golden-table checker, and what importing it needs."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import dtikit

TABLE = Path(__file__).parent / "data" / "hungyen_tp_2023_communes.tsv"


def test_the_pytest_plugin_is_an_entry_point() -> None:
    import importlib.metadata

    eps = {ep.name: ep.value for ep in importlib.metadata.entry_points(group="pytest11")}
    assert eps.get("dtikit") == "dtikit.testing.pytest_plugin"


def test_fixtures(dtikit_host: dtikit.PluginHost, dtikit_rubric: Callable[[str], dtikit.Rubric],
                  assert_table_reproduced: Callable[..., Any]) -> None:
    assert dtikit_host.report.ok
    rubric = dtikit_rubric("hungyen/commune/2023")
    disagreements = assert_table_reproduced(rubric, TABLE)
    assert [d.unit for d in disagreements] == ["UBND xã Phương Chiểu"]


def test_golden_checker_refuses_an_empty_table_and_missing_parts() -> None:
    from dtikit.testing.golden import assert_table_reproduced

    rubric = dtikit.PluginHost().rubric("hungyen/commune/2023")
    with pytest.raises(dtikit.FileRejected):
        assert_table_reproduced(rubric, "# chỉ có chú thích\n")
    with pytest.raises(AssertionError, match="no rows read"):
        assert_table_reproduced(rubric, "Hạng\tĐơn vị\n")
    row = "1\tUBND xã A\t60\t100\t91,27\t89,5\t100\t161,17\t80\t\t708,39\tKhá\n"
    with pytest.raises(AssertionError, match="cannot be scored") as info:
        assert_table_reproduced(rubric, row)  # a blank main index: the unit is not complete
    assert "thiếu điểm chỉ số 8" in str(info.value)


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_importing_the_kit_needs_neither_hypothesis_nor_pytest() -> None:
    out = run("import sys, dtikit.testing, dtikit.testing.golden\n"
              "print('hypothesis' in sys.modules, 'pytest' in sys.modules)")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"]


def test_strategies_say_what_to_install_without_hypothesis() -> None:
    out = run("import sys; sys.modules['hypothesis'] = None\n"
              "import dtikit.testing.strategies")
    assert out.returncode != 0
    assert "pip install 'dtikit[testing]'" in out.stderr


def test_the_testing_extra_is_declared() -> None:
    import importlib.metadata

    requires = importlib.metadata.requires("dtikit") or []
    testing = [r for r in requires if "extra == \"testing\"" in r or "extra == 'testing'" in r]
    assert any(r.startswith("hypothesis") for r in testing), requires
    assert any(r.startswith("pytest") for r in testing), requires
