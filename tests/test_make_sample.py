"""The demo's sample data is what make_sample.py generates: the shipped JSON
files are checked the way its docstring says, ``python -m
dtikit.demo.make_sample --check``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dtikit.demo import make_sample
from dtikit.demo.names import FILES


def test_the_shipped_sample_files_are_what_make_sample_generates() -> None:
    done = subprocess.run([sys.executable, "-m", "dtikit.demo.make_sample", "--check"],
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")


def test_the_check_names_a_file_that_differs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    for name in FILES.values():
        shutil.copy(make_sample.HERE / name, tmp_path / name)
    monkeypatch.setattr(make_sample, "HERE", tmp_path)
    assert make_sample.main(["--check"]) == 0
    edited = tmp_path / FILES["brvt_appraisals"]
    edited.write_text(edited.read_text(encoding="utf-8").replace("1", "2", 1), encoding="utf-8")
    (tmp_path / FILES["hungyen_assessments"]).unlink()
    assert make_sample.main(["--check"]) == 1
    said = capsys.readouterr().err.splitlines()
    assert sorted(said) == sorted(f"{n}: differs from what make_sample.py generates"
                                  for n in (FILES["brvt_appraisals"],
                                            FILES["hungyen_assessments"]))
    assert not (tmp_path / FILES["hungyen_assessments"]).exists()  # --check writes nothing
