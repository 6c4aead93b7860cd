"""pytest plugin registered by the ``pytest11`` entry point: fixtures for plugin authors.

* ``dtikit_host`` — a fresh :class:`dtikit.PluginHost` with every installed plugin;
* ``dtikit_rubric`` — a function ``rubric_id -> Rubric`` from that host;
* ``assert_table_reproduced`` — :func:`dtikit.testing.golden.assert_table_reproduced`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ..model import Rubric
from ..plugins import PluginHost


@pytest.fixture
def dtikit_host() -> PluginHost:
    """A fresh plugin host with every installed plugin."""
    return PluginHost()


@pytest.fixture
def dtikit_rubric(dtikit_host: PluginHost) -> Callable[[str], Rubric]:
    """Look a rubric up by identity (``province/tier/year``) in a fresh host."""
    return dtikit_host.rubric


@pytest.fixture
def assert_table_reproduced() -> Callable[..., Any]:
    """The golden-table checker, as a fixture."""
    from .golden import assert_table_reproduced as check

    return check
