"""The names moved so that no import goes up the layers (issue 10) keep their
old import paths: the same objects, a DeprecationWarning only where a
documented name changed home; and the layers contract has no exception left."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import dtikit
from dtikit import plugin
from dtikit.assessment import Unit

ROOT = Path(__file__).resolve().parents[1]


def test_the_layers_contract_has_no_exception() -> None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [layers] = [c for c in config["tool"]["importlinter"]["contracts"]
                if c["type"] == "layers"]
    assert not layers.get("ignore_imports")
    rooms = {room.strip() for layer in layers["layers"] for room in layer.split("|")}
    assert {"appraised", "limits"} <= rooms


def test_score_is_the_engines_entry_and_still_importable_from_scoring() -> None:
    from dtikit import scoring
    from dtikit.engine import score as entry

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert scoring.score is entry.score is dtikit.score
        assert scoring.finding_counts is entry.finding_counts
        from dtikit.scoring import finding_counts, score
    assert (score, finding_counts) == (entry.score, entry.finding_counts)
    with pytest.raises(AttributeError, match="no attribute 'scores'"):
        scoring.scores  # noqa: B018


def test_import_dtikit_does_not_load_the_engine() -> None:
    code = ("import sys, dtikit; "
            "assert 'dtikit.engine.core' not in sys.modules, 'engine loaded'; "
            "assert 'dtikit.formats.tables' not in sys.modules, 'tables loaded'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_read_delimited_moved_to_formats_and_warns_at_its_old_home() -> None:
    from dtikit import published
    from dtikit.formats import tables

    assert plugin.read_delimited is tables.read_delimited
    with pytest.warns(DeprecationWarning, match="import it from dtikit.plugin"):
        old = published.read_delimited
    assert old is tables.read_delimited
    with pytest.raises(AttributeError):
        published.read_table  # noqa: B018


def test_limits_live_below_convert_and_safety_reexports_them() -> None:
    from dtikit import limits
    from dtikit.formats import safety

    assert safety.Limits is limits.Limits
    assert safety.DEFAULT_LIMITS is limits.DEFAULT_LIMITS == limits.Limits()


def test_what_the_appraisal_changed_is_computed_once_and_rendered_below() -> None:
    from dtikit import appraisal, appraised
    from dtikit.appraisal import changes
    from dtikit.formats import changes_sheet
    from dtikit.report import changes as shown

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert appraisal.appraisal_changes is changes.appraisal_changes \
            is appraised.appraisal_changes
        assert appraisal.cuts_by_agency is appraised.cuts_by_agency
        assert changes.Change is appraised.Change and changes.AgencyCut is appraised.AgencyCut
        assert changes.write_changes_sheet is changes_sheet.write_changes_sheet
        assert changes.SHEET == changes_sheet.SHEET == "Thẩm định"
        assert changes.changes_html is shown.changes_html
        assert changes.explain_lines is shown.explain_lines


def test_match_unit_lives_beside_name_key() -> None:
    from dtikit import files, model

    units = [Unit("Xã Hoà Bình", "X1"), Unit("Xã An", "X2"), Unit("Xã An", "X3"),
             Unit("X1", "X4")]
    assert model.match_unit("X2", units) == 1
    assert model.match_unit("X1", units) == 0  # an id before a name
    assert model.match_unit("xã  hòa bình", units) == 0  # the name, as name_key reads it
    assert model.match_unit("Xã An", units) == 1  # the first that matches
    assert model.match_unit("Xã Bắc", units) is None
    index = model.UnitIndex(units)
    assert [index.find(k) for k in ("X3", "XÃ AN", "X9")] == [2, 1, None]
    cohort = [dtikit.Assessment("sample/commune/2023", u, ()) for u in units]
    assert [files.match_unit(k, cohort) for k in ("X3", "Xã Hòa Bình", "nơi khác")] == [
        2, 0, None]
