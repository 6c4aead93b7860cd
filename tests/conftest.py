"""Shared test set-up: Hypothesis profiles and the fixtures the core tests use.

Profiles: ``dev`` (the default) and ``ci`` (loaded when ``CI`` is set, or with
``HYPOTHESIS_PROFILE=ci``): fewer examples, derandomised so a CI failure
reproduces, no deadline (CI machines are slow and uneven). Tests that choose
their own number of examples scale it with :func:`budget.examples`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from budget import IN_CI
from hypothesis import HealthCheck, settings

import dtikit

settings.register_profile("dev", deadline=None, max_examples=50)
settings.register_profile(
    "ci",
    deadline=None,
    max_examples=20,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if IN_CI else "dev"))

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def sample_rubric() -> dtikit.Rubric:
    """A made-up rubric with one leaf of every method family (tests/data/sample_commune.toml)."""
    return dtikit.load_rubric(DATA / "sample_commune.toml")


@pytest.fixture(scope="session")
def hungyen_commune() -> dtikit.Rubric:
    return dtikit.PluginHost().rubric("hungyen/commune/2023")
