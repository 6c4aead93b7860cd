"""Sphinx configuration for dtikit's documentation (furo + MyST Markdown).

Build: ``make docs`` or ``sphinx-build -W --keep-going -b html docs docs/_build/html``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))
sys.path.insert(0, str(HERE.parent / "src"))

import dtikit  # noqa: E402

project = "dtikit"
author = "dtikit contributors"
copyright = "dtikit contributors, MIT licence"
release = dtikit.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "dtikit_clidoc",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
language = "en"
exclude_patterns = ["_build", "examples", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options: dict[str, object] = {}
# Type hints live under ``if TYPE_CHECKING`` in places; leave them unresolved.
autodoc_type_aliases: dict[str, str] = {}

html_theme = "furo"
html_title = f"dtikit {release}"
html_static_path: list[str] = []
html_theme_options = {
    "source_repository": "",
    "navigation_with_keys": True,
}
