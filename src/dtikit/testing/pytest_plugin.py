"""pytest plugin registered by the ``pytest11`` entry point: fixtures for plugin authors."""

from __future__ import annotations

import pytest

from ..plugins import PluginHost


@pytest.fixture
def dtikit_host() -> PluginHost:
    """A fresh plugin host with every installed plugin."""
    return PluginHost()
