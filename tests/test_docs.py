"""The documentation is tested: it builds with warnings as errors, every Python
example in it runs, every hook and every built-in scoring method has a heading,
and every command of the CLI has a section in the CLI reference."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from dtikit import hookspecs
from dtikit.methods import BUILTIN_REGISTRY

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXAMPLES = DOCS / "examples"
PAGES = sorted(DOCS.glob("*.md"))
README = ROOT / "README.md"

# A fenced block is skipped only when the line before it is this marker (a MyST
# comment, invisible in the built page), followed by the reason.
SKIP_MARK = "% skip-test:"
FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
                   re.M | re.S)
PYTHON_INFOS = {"python", "py", "{code-block} python", "{code-block} py"}
SHELL_INFOS = {"sh", "bash", "console", "shell"}


def fenced_blocks(path: Path, infos: set[str]) -> Iterator[tuple[int, str, str | None]]:
    """(line, code, skip reason or None) of each fenced block whose info is in ``infos``."""
    text = path.read_text(encoding="utf-8")
    for m in FENCE.finditer(text):
        if m.group("info").strip() not in infos:
            continue
        line = text.count("\n", 0, m.start()) + 1
        before = text[: m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        body = m.group("body")
        if m.group("info").strip().startswith("{"):  # drop directive options
            body = "\n".join(ln for ln in body.splitlines() if not ln.startswith(":")) + "\n"
        reason = before[len(SKIP_MARK):].strip() if before.startswith(SKIP_MARK) else None
        yield line, body, reason


def _has_sphinx() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("sphinx", "myst_parser", "furo"))


# --------------------------------------------------------------- (a) the build


@pytest.fixture(scope="module")
def built_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not _has_sphinx():
        pytest.skip("sphinx, myst-parser or furo is not installed (pip install -e '.[docs]')")
    out = tmp_path_factory.mktemp("docs-html")
    doctrees = tmp_path_factory.mktemp("doctrees")
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(doctrees), str(DOCS), str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert proc.returncode == 0, f"sphinx-build failed:\n{proc.stdout}\n{proc.stderr}"
    return out


def test_docs_build_without_warnings(built_docs: Path) -> None:
    for page in PAGES:
        assert (built_docs / f"{page.stem}.html").is_file(), page.name


# -------------------------------------------------------- (b) examples run


def _run_blocks(path: Path, tmp_path: Path) -> int:
    """Exec the page's Python blocks in order, in one namespace, inside ``tmp_path``
    (where the tutorial's example plugin is copied, as a reader would have it)."""
    import shutil

    for item in EXAMPLES.iterdir():
        if item.is_dir():
            shutil.copytree(item, tmp_path / item.name, ignore=shutil.ignore_patterns(
                "__pycache__", "*.egg-info"))
    namespace: dict[str, object] = {"__name__": f"docs_{path.stem.replace('-', '_')}"}
    ran = 0
    old_cwd, old_path = Path.cwd(), list(sys.path)
    old_modules = set(sys.modules)
    os.chdir(tmp_path)
    try:
        for line, code, reason in fenced_blocks(path, PYTHON_INFOS):
            if reason is not None:
                continue
            try:
                exec(compile(code, f"{path.name}:{line}", "exec"), namespace)
            except Exception as exc:
                raise AssertionError(f"{path.name}, example at line {line} fails: "
                                     f"{type(exc).__name__}: {exc}") from exc
            ran += 1
    finally:
        os.chdir(old_cwd)
        sys.path[:] = old_path
        for name in set(sys.modules) - old_modules:
            if name.startswith("dtikit_example"):
                del sys.modules[name]
    return ran


@pytest.mark.parametrize("page", [*PAGES, README], ids=lambda p: p.name)
def test_python_examples_run(page: Path, tmp_path: Path) -> None:
    _run_blocks(page, tmp_path)


def test_skips_are_rare_and_explained() -> None:
    skipped = [(p.name, line, reason) for p in [*PAGES, README]
               for line, _, reason in fenced_blocks(p, PYTHON_INFOS) if reason is not None]
    assert all(reason for _, _, reason in skipped), skipped
    assert len(skipped) <= 3, skipped


def test_readme_has_a_runnable_example() -> None:
    blocks = [code for _, code, reason in fenced_blocks(README, PYTHON_INFOS) if reason is None]
    assert blocks, "README.md has no Python example"


def test_tutorial_plugin_tests_pass(tmp_path: Path) -> None:
    """The tutorial's plugin passes its own tests, found through its entry point
    as if it were installed (a dist-info made from its pyproject.toml)."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib

    plugin = EXAMPLES / "dtikit-example"
    meta = tomllib.loads((plugin / "pyproject.toml").read_text(encoding="utf-8"))
    project = meta["project"]
    dist = tmp_path / "site" / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n")
    eps = project["entry-points"]["dtikit"]
    (dist / "entry_points.txt").write_text(
        "[dtikit]\n" + "".join(f"{k} = {v}\n" for k, v in eps.items()))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(tmp_path / "site"), str(plugin / "src"),
         *filter(None, [os.environ.get("PYTHONPATH")])])
    env.pop("DTIKIT_DISABLE_PLUGINS", None)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(plugin / "tests")],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


# ------------------------------------------- (c) every hook and method documented

LABELLED_HEADING = re.compile(r"^\((?P<kind>hook|method)-(?P<name>[\w.]+)\)=\n#+ (?P<title>.+)$",
                              re.M)


def _documented(kind: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for page in PAGES:
        for m in LABELLED_HEADING.finditer(page.read_text(encoding="utf-8")):
            if m.group("kind") == kind:
                found[m.group("name")] = m.group("title")
    return found


def _hooks() -> list[str]:
    return sorted(n for n in dir(hookspecs) if n.startswith("dtikit_")
                  and callable(getattr(hookspecs, n)))


@pytest.mark.parametrize("hook", _hooks())
def test_every_hook_has_a_heading(hook: str) -> None:
    documented = _documented("hook")
    assert hook in documented, f"no `(hook-{hook})=` heading in docs/*.md"
    assert hook in documented[hook], documented[hook]


@pytest.mark.parametrize("kind", sorted(BUILTIN_REGISTRY))
def test_every_builtin_method_has_a_heading(kind: str) -> None:
    documented = _documented("method")
    assert kind in documented, f"no `(method-{kind})=` heading in docs/*.md"
    assert f"`{kind}`" in documented[kind], documented[kind]


def test_no_heading_for_a_hook_or_method_that_does_not_exist() -> None:
    assert set(_documented("hook")) <= set(_hooks())
    assert set(_documented("method")) <= set(BUILTIN_REGISTRY)


def test_docs_are_nfc() -> None:
    for page in [*PAGES, README]:
        text = page.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), f"{page.name} is not NFC"


# ------------------------------------------------------ (d) the CLI reference


def _cli():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        import dtikit_clidoc
    finally:
        sys.path.remove(str(DOCS / "_ext"))
    command = dtikit_clidoc.find_cli()
    if command is None:
        pytest.skip("dtikit.cli is still the placeholder; the CLI reference fills in when it lands")
    return dtikit_clidoc, command


def test_every_cli_command_has_a_section(built_docs: Path) -> None:
    clidoc, command = _cli()
    html = (built_docs / "cli.html").read_text(encoding="utf-8")
    missing = [" ".join(path) for path, _ in clidoc.walk(command)
               if f'id="{clidoc.section_id(path)}"' not in html]
    assert not missing, f"no section in cli.html for: {missing}"


def test_shell_examples_name_real_commands_and_options() -> None:
    """Every `dtikit …` line in the docs names a command and options the CLI has."""
    import click

    _, command = _cli()
    problems = []
    for page in [*PAGES, README]:
        for line, code, _ in fenced_blocks(page, SHELL_INFOS):
            for text in code.splitlines():
                text = text.split("#", 1)[0].strip().removeprefix("$ ")
                if not text.startswith("dtikit "):
                    continue
                words = shlex.split(text)[1:]
                cmd, path = command, ["dtikit"]
                while isinstance(cmd, click.Group) and words and not words[0].startswith("-"):
                    sub = cmd.get_command(click.Context(cmd), words[0])
                    if sub is None:
                        problems.append(f"{page.name}:{line}: no command {' '.join([*path, words[0]])}")
                        break
                    cmd, path = sub, [*path, words.pop(0)]
                else:
                    known = {o for p in cmd.params for o in (*p.opts, *p.secondary_opts)}
                    known |= {"--help"}
                    for w in words:
                        opt = w.split("=", 1)[0]
                        if opt.startswith("-") and opt not in known:
                            problems.append(f"{page.name}:{line}: {' '.join(path)} has no {opt}")
    assert not problems, "\n".join(problems)



def test_quick_start_commands_without_files_run() -> None:
    """The quick start's commands that need no file of the user's run and exit 0."""
    from click.testing import CliRunner

    _, command = _cli()
    ran = []
    for page in (DOCS / "quickstart.md", DOCS / "quickstart-vi.md"):
        for line, code, _ in fenced_blocks(page, SHELL_INFOS):
            for text in code.splitlines():
                text = text.split("#", 1)[0].strip()
                words = shlex.split(text)
                if words[:1] != ["dtikit"] or any(
                    "." in w.rsplit("/", 1)[-1] or w.startswith("-o") for w in words[1:]
                ):
                    continue
                result = CliRunner().invoke(command, words[1:], prog_name="dtikit")
                assert result.exit_code == 0, f"{page.name}:{line}: {text}\n{result.output}"
                ran.append(text)
    assert ran, "no command without files in the quick start"
