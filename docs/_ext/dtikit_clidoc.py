"""The CLI reference, generated from the click app in ``dtikit.cli``.

``{dtikit-cli}`` walks the click group and writes one section per command
(``dtikit rubric show`` → section id ``dtikit-rubric-show``) with its help,
usage, arguments and options. While ``dtikit.cli`` has no click command yet
it writes a note instead, so the page fills in by itself once the CLI lands.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterator
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive

PROG = "dtikit"


def find_cli() -> Any | None:
    """The click command behind the ``dtikit`` script, or None while it is a placeholder."""
    try:
        import click
    except ImportError:  # pragma: no cover
        return None
    module = importlib.import_module("dtikit.cli")
    for name in ("main", "cli", "app"):
        obj = getattr(module, name, None)
        if isinstance(obj, click.Command):
            return obj
    return None


def walk(command: Any, path: tuple[str, ...] = (PROG,)) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(path, command) for the group and every command under it, sorted by name."""
    for path_, command_, _ in _walk(command, path, None):
        yield path_, command_


def _walk(command: Any, path: tuple[str, ...], parent: Any) -> Iterator[tuple[Any, ...]]:
    import click

    # a context like the one click makes at run time (help options are inherited)
    ctx = click.Context(command, info_name=path[-1], parent=parent,
                        **(command.context_settings or {}))
    yield path, command, ctx
    if isinstance(command, click.Group):
        for name in sorted(command.list_commands(ctx)):
            sub = command.get_command(ctx, name)
            if sub is not None and not getattr(sub, "hidden", False):
                yield from _walk(sub, (*path, name), ctx)


def section_id(path: tuple[str, ...]) -> str:
    return nodes.make_id(" ".join(path))


def _paragraphs(text: str) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for block in inspect.cleandoc(text or "").split("\n\n"):
        lines = [ln for ln in block.splitlines() if ln.strip() != "\b"]
        if not lines:
            continue
        if block.lstrip().startswith("\b") or any(ln.startswith("  ") for ln in lines[1:]):
            out.append(nodes.literal_block("\n".join(lines), "\n".join(lines), language="text"))
        else:
            out.append(nodes.paragraph("", " ".join(ln.strip() for ln in lines)))
    return out


def _usage(command: Any, path: tuple[str, ...], ctx: Any) -> str:
    pieces = command.collect_usage_pieces(ctx)
    return " ".join([" ".join(path), *pieces])


def _params(command: Any, ctx: Any) -> nodes.Node | None:
    import click

    items = nodes.definition_list()
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        if isinstance(param, click.Argument):
            term = param.make_metavar(ctx) if _takes_ctx(param.make_metavar) else param.make_metavar()
            help_text = getattr(param, "help", None) or (
                "argument" + ("" if param.required else " (optional)")
                + (", repeatable" if param.nargs == -1 else ""))
        else:
            record = param.get_help_record(ctx)
            if record is None:
                continue
            term, help_text = record
        item = nodes.definition_list_item()
        item += nodes.term("", "", nodes.literal(term, term))
        definition = nodes.definition()
        definition += nodes.paragraph("", help_text or "")
        item += definition
        items += item
    return items if len(items.children) else None


def _takes_ctx(fn: Any) -> bool:
    try:
        return len(inspect.signature(fn).parameters) >= 1
    except (TypeError, ValueError):  # pragma: no cover
        return False


class CliDirective(Directive):
    has_content = False

    def run(self) -> list[nodes.Node]:
        command = find_cli()
        if command is None:
            note = nodes.note()
            note += nodes.paragraph(
                "",
                "The dtikit command line is still being written. This page is "
                "generated from it (dtikit.cli) and fills in once it lands.",
            )
            return [note]
        document = self.state.document
        # rebuild this page when the command's source changes
        env = document.settings.env
        env.note_dependency(inspect.getfile(importlib.import_module("dtikit.cli")))
        top: list[nodes.Node] = []
        stack: list[tuple[int, nodes.Element]] = []
        for path, cmd, ctx in _walk(command, (PROG,), None):
            depth = len(path)
            title = " ".join(path)
            section = nodes.section(ids=[section_id(path)], names=[nodes.fully_normalize_name(title)])
            section += nodes.title(title, "", nodes.literal(title, title))
            help_text = cmd.help or cmd.short_help or ""
            section.extend(_paragraphs(help_text))
            usage = _usage(cmd, path, ctx)
            section += nodes.literal_block(usage, usage, language="text")
            params = _params(cmd, ctx)
            if params is not None:
                section += params
            document.note_implicit_target(section, section)
            while stack and stack[-1][0] >= depth:
                stack.pop()
            if stack:
                stack[-1][1].append(section)
            else:
                top.append(section)
            stack.append((depth, section))
        return top


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("dtikit-cli", CliDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
