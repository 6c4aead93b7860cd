"""The layout of ``src/dtikit/`` is what README.md says it is, and no module
imports another's private name (``make lint`` checks the import order of the
rooms; these are the two rules an import contract cannot state)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "dtikit"


def rooms() -> set[str]:
    """The entries of src/dtikit/ a reader sees: packages and modules."""
    return {p.name + ("/" if p.is_dir() else "") for p in SRC.iterdir()
            if (p.is_dir() and (p / "__init__.py").exists())
            or (p.suffix == ".py" and p.name != "__init__.py")}


def readme_rooms() -> set[str]:
    """The names in the first column of README.md's layout table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Layout of `src/dtikit/`", 1)[1].split("\n## ", 1)[0]
    named: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            named |= set(re.findall(r"`([^`]+)`", line.split(" | ")[0]))
    return named


def test_the_readme_layout_table_names_every_room_once() -> None:
    table = readme_rooms()
    assert table, "README.md has no layout table"
    deprecated = {"fast/"}  # named below the table, as a deprecated alias
    assert table == rooms() - deprecated, (table ^ (rooms() - deprecated))


def private_imports(root: Path) -> list[str]:
    """Every ``from x import _name`` under ``root`` (dunder names aside)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                module = "." * node.level + (node.module or "")
                for alias in node.names:
                    name = alias.name
                    if name.startswith("_") and not name.startswith("__"):
                        found.append(f"{path.relative_to(root)}:{node.lineno} "
                                     f"from {module} import {name}")
                if any(part.startswith("_") and not part.startswith("__")
                       for part in module.strip(".").split(".")):
                    found.append(f"{path.relative_to(root)}:{node.lineno} {module} is private")
    return found


def test_no_module_imports_another_modules_private_name() -> None:
    assert private_imports(SRC) == []
    assert private_imports(ROOT / "plugins") == []


def test_the_private_import_check_can_fail(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("from .model import _tier\nfrom ._x import y\n")
    assert len(private_imports(tmp_path)) == 2


def _public_classes(root: Path) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                seen.setdefault(node.name, []).append(str(path.relative_to(root)))
    return seen


def test_each_public_class_name_names_one_thing() -> None:
    """Issue 10: 'names that say what a thing is' — no two Books, Engines,
    Columns, Findings or Parts in the library."""
    twice = {name: where for name, where in _public_classes(SRC).items() if len(where) > 1}
    assert not twice


def test_the_class_name_check_can_fail(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("class Finding:\n    pass\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("class Finding:\n    pass\n", encoding="utf-8")
    assert _public_classes(tmp_path)["Finding"] == ["a.py", "b.py"]


def test_renamed_classes_keep_their_old_public_name() -> None:
    import dtikit.appendix

    with pytest.warns(DeprecationWarning, match="ImportFinding"):
        assert dtikit.appendix.Finding is dtikit.appendix.ImportFinding
