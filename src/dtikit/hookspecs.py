"""The hook specifications: the whole contract a province adapter is written against.

A plugin is a module (or any object) with functions named after these hooks,
decorated with :data:`dtikit.hookimpl`. It is found through the entry-point
group ``dtikit`` in its distribution's ``pyproject.toml``::

    [project.entry-points.dtikit]
    hungyen = "dtikit_hungyen"

or registered in code by a host application with
``dtikit.PluginHost().register(module_or_object, name="...")``.

Every hook returns data. A hook that raises, or returns data that fails
validation, is reported with the plugin's name and the reason; the other
plugins load as usual. The core's own methods and formats are registered
through these same hooks by the internal plugin ``dtikit.builtin``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from .formats.base import Format
    from .methods.base import Method
    from .model import Rubric

PROJECT = "dtikit"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def dtikit_rubrics() -> Iterable[Rubric]:
    """Return the rubrics this plugin provides.

    Each is a :class:`dtikit.Rubric`, usually loaded from the plugin's data files
    with ``dtikit.load_rubrics(importlib.resources.files(__name__) / "rubrics")``.
    Rubric identities (``province/tier/year``) are unique across all plugins:
    two plugins offering the same identity is an error naming both, and that
    identity is then unavailable until one of them is removed or blocked.
    Every rubric is validated with every loaded method; a rubric that fails
    is reported under this plugin's name and left out, the others stay.
    """
    return ()


@hookspec
def dtikit_methods() -> Iterable[type[Method]]:
    """Return the scoring-method families this plugin adds.

    Each is a subclass of :class:`dtikit.Method` with a unique ``kind`` name
    (prefix it with your province key, e.g. ``"hungyen.survey"``), a Vietnamese
    ``title``, the answer types it ``accepts``, and a ``score`` that returns
    exact points in ``[0, max]`` and never lowers the points for more
    achievement. Methods are collected before rubrics, so a plugin's rubrics
    may use its own methods.
    """
    return ()


@hookspec
def dtikit_formats() -> Iterable[Format]:
    """Return the file formats this plugin offers (readers and writers).

    Each is a :class:`dtikit.Format` with a unique ``name`` (prefix it with
    your province key, e.g. ``"baria_vungtau/bieu-03"``), a Vietnamese ``title``,
    and any of the operations ``write_template``, ``read_assessments``,
    ``write_results``, ``read_published``. ``rubrics`` limits a format to the
    rubric identities it was made for.
    """
    return ()
