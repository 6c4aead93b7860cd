"""The plugin host: finds plugins, loads each on its own, and reports what happened.

pluggy's own entry-point loader stops at the first plugin that fails; this
host loads the entry points one at a time, records each failure with the
plugin's name and the reason, and goes on. Set ``DTIKIT_DISABLE_PLUGINS`` to
a comma-separated list of plugin names to keep them from loading.

A plugin cannot take the host down: any exception — ``SystemExit`` included —
raised at import, at registration, in a hook or while its rubrics are
validated is caught and recorded as a :class:`PluginFailure` naming the
plugin (``KeyboardInterrupt`` still stops the program).
"""

from __future__ import annotations

import importlib.metadata
import os
import traceback
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs
import pluggy

from . import hookspecs
from .errors import PluginConflict, RubricInvalid, UnknownRubric
from .formats.base import Format
from .messages import Listed, Text, localize
from .methods import BUILTIN_REGISTRY, Method, MethodRegistry, provide_installed
from .model import Rubric
from .validation import validate_rubric

ENTRY_POINT_GROUP = "dtikit"
DISABLE_ENV = "DTIKIT_DISABLE_PLUGINS"
BUILTIN_NAME = "dtikit.builtin"

Origin = Literal["builtin", "entry point", "code"]


@attrs.frozen
class PluginInfo:
    name: str
    origin: Origin
    distribution: str | None = None
    version: str | None = None
    rubrics: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()


@attrs.frozen
class PluginFailure:
    """A plugin (or one thing it provides) that could not be used, and why."""

    plugin: str
    stage: str  # "import", "register", "rubrics", "methods", "formats", "conflict", "blocked"
    reason: str
    detail: str = ""

    __localized__ = True

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: str | None = None) -> str:
        """The failure in ``lang`` (default: the chosen language), as ``str()`` says it."""
        return str(localize(Text("plugin.failure", plugin=self.plugin, stage=self.stage,
                                 reason=self.reason), lang))


@attrs.frozen
class LoadReport:
    plugins: tuple[PluginInfo, ...]
    failures: tuple[PluginFailure, ...]
    notes: tuple[str, ...] = ()  # e.g. a plugin format that takes over a bundled suffix

    @property
    def ok(self) -> bool:
        return not self.failures


def _brief(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if len(text) > 500:
        text = text[:500] + "…"
    return f"{type(exc).__name__}: {text}"


PLUGIN_ERRORS = (Exception, SystemExit)
"""What a plugin may raise that the host catches (not KeyboardInterrupt)."""


class PluginHost:
    """A typed facade over pluggy: the rest of dtikit asks the host, never ``pm.hook``.

    >>> host = PluginHost(entry_points=False)
    >>> sorted(host.methods)[:3]
    ['awarded', 'levels', 'parts']
    """

    def __init__(
        self,
        *,
        entry_points: bool = True,
        disabled: Iterable[str] | None = None,
        plugins: Iterable[tuple[str, Any]] = (),
    ) -> None:
        self._pm = pluggy.PluginManager(hookspecs.PROJECT)
        self._pm.add_hookspecs(hookspecs)
        self._origins: dict[str, tuple[Origin, str | None, str | None]] = {}
        self._failures: list[PluginFailure] = []
        if disabled is None:
            disabled = [n.strip() for n in os.environ.get(DISABLE_ENV, "").split(",") if n.strip()]
        self._disabled = frozenset(disabled)
        self._collected: _Collected | None = None
        from . import builtin

        self._register(builtin, BUILTIN_NAME, "builtin")
        if entry_points:
            self._load_entry_points()
        for name, plugin in plugins:
            self.register(plugin, name=name)

    # --- loading ------------------------------------------------------------

    def _load_entry_points(self) -> None:
        eps = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
        for ep in sorted(eps, key=lambda e: e.name):
            if ep.name in self._disabled:
                self._failures.append(PluginFailure(ep.name, "blocked",
                                                    Text("plugin.disabled", env=DISABLE_ENV)))
                continue
            dist = ep.dist.metadata["Name"] if ep.dist is not None else None
            version = ep.dist.version if ep.dist is not None else None
            try:
                plugin = ep.load()
            except PLUGIN_ERRORS as exc:  # a broken plugin must not take the others down
                self._failures.append(PluginFailure(ep.name, "import", _brief(exc),
                                                    traceback.format_exc()))
                continue
            self._register(plugin, ep.name, "entry point", dist, version)

    def _register(self, plugin: Any, name: str, origin: Origin,
                  dist: str | None = None, version: str | None = None) -> bool:
        try:
            self._pm.register(plugin, name=name)
            self._pm.check_pending()
        except PLUGIN_ERRORS as exc:
            if self._pm.is_registered(plugin):
                self._pm.unregister(plugin)
            self._failures.append(PluginFailure(name, "register", _brief(exc)))
            return False
        self._origins[name] = (origin, dist, version)
        self._collected = None
        return True

    def register(self, plugin: Any, *, name: str | None = None) -> None:
        """Register a plugin object (a module, a class instance) in code."""
        name = name or getattr(plugin, "__name__", None) or type(plugin).__name__
        if name in self._disabled:
            self._failures.append(PluginFailure(name, "blocked",
                                                Text("plugin.disabled", env=DISABLE_ENV)))
            return
        self._register(plugin, name, "code")

    # --- collecting -----------------------------------------------------------

    def _call_each(self, hook_name: str) -> list[tuple[str, Any]]:
        """Call one hook plugin by plugin, so a failure is charged to its plugin."""
        caller = getattr(self._pm.hook, hook_name)
        out: list[tuple[str, Any]] = []
        # get_hookimpls() lists them in registration order (pluggy *calls* them in
        # reverse); the built-ins come first, and a later plugin is the one
        # reported when two offer the same thing
        for impl in caller.get_hookimpls():
            try:
                items = list(impl.function() or ())
            except PLUGIN_ERRORS as exc:
                stage = hook_name.removeprefix("dtikit_")
                self._failures.append(PluginFailure(impl.plugin_name, stage, _brief(exc),
                                                    traceback.format_exc()))
                continue
            out.extend((impl.plugin_name, item) for item in items)
        return out

    def _collect(self) -> _Collected:
        if self._collected is not None:
            return self._collected
        # failures from an earlier collection are recomputed, not kept twice
        self._failures = [f for f in self._failures if f.stage in ("import", "register", "blocked")]
        provided: dict[str, dict[str, list[str]]] = {
            n: {"rubrics": [], "methods": [], "formats": []} for n in self._origins
        }
        registry = BUILTIN_REGISTRY
        method_owner: dict[str, str] = {}
        for plugin, cls in self._call_each("dtikit_methods"):
            if not (isinstance(cls, type) and issubclass(cls, Method)):
                self._failures.append(PluginFailure(plugin, "methods",
                                                    Text("plugin.not_method", value=cls)))
                continue
            if cls.kind in registry and registry[cls.kind] is not cls:
                other = method_owner.get(cls.kind, BUILTIN_NAME)
                self._failures.append(PluginFailure(plugin, "conflict",
                                                    Text("plugin.method_twice", kind=cls.kind,
                                                         other=other)))
                continue
            registry = registry.with_methods([cls])
            method_owner[cls.kind] = plugin
            provided[plugin]["methods"].append(cls.kind)

        rubrics: dict[str, Rubric] = {}
        rubric_owner: dict[str, str] = {}
        conflicts: dict[str, list[str]] = {}
        for plugin, rubric in self._call_each("dtikit_rubrics"):
            if not isinstance(rubric, Rubric):
                self._failures.append(PluginFailure(plugin, "rubrics",
                                                    Text("plugin.not_rubric", value=rubric)))
                continue
            try:  # the plugin's data, checked inside its guard
                problems = validate_rubric(rubric, registry)
            except PLUGIN_ERRORS as exc:
                self._failures.append(PluginFailure(
                    plugin, "rubrics", Text("plugin.cannot_validate", error=_brief(exc)),
                    traceback.format_exc()))
                continue
            if problems:
                err = RubricInvalid(problems, source=rubric.id)
                self._failures.append(PluginFailure(
                    plugin, "rubrics", Text("plugin.rubric_invalid", rubric=rubric.id,
                                            count=len(problems)), str(err)))
                continue
            if rubric.id in rubric_owner or rubric.id in conflicts:
                owners = conflicts.setdefault(rubric.id, [rubric_owner.pop(rubric.id, "")])
                owners.append(plugin)
                rubrics.pop(rubric.id, None)
                continue
            rubrics[rubric.id] = rubric
            rubric_owner[rubric.id] = plugin
            provided[plugin]["rubrics"].append(rubric.id)
        for rid, owners in conflicts.items():
            names = Listed([repr(o) for o in owners if o], Text("plugin.and"))
            for o in owners:
                if o and rid in provided[o]["rubrics"]:
                    provided[o]["rubrics"].remove(rid)
            self._failures.append(PluginFailure(owners[-1], "conflict",
                                                Text("plugin.rubric_twice", rubric=rid,
                                                     names=names)))

        formats: dict[str, Format] = {}
        format_owner: dict[str, str] = {}
        for plugin, fmt in self._call_each("dtikit_formats"):
            if not isinstance(fmt, Format):
                self._failures.append(PluginFailure(plugin, "formats",
                                                    Text("plugin.not_format", value=fmt)))
                continue
            if fmt.name in formats:
                self._failures.append(PluginFailure(plugin, "conflict",
                                                    Text("plugin.format_twice", name=fmt.name,
                                                         other=format_owner[fmt.name])))
                continue
            formats[fmt.name] = fmt
            format_owner[fmt.name] = plugin
            provided[plugin]["formats"].append(fmt.name)
        notes = _claims(formats, format_owner)

        infos = tuple(
            PluginInfo(name, origin, dist, version, tuple(provided[name]["rubrics"]),
                       tuple(provided[name]["methods"]), tuple(provided[name]["formats"]))
            for name, (origin, dist, version) in self._origins.items()
        )
        self._collected = _Collected(registry, rubrics, rubric_owner, conflicts, formats, infos,
                                     format_owner, notes)
        return self._collected

    # --- the typed facade -------------------------------------------------------

    @property
    def report(self) -> LoadReport:
        collected = self._collect()
        return LoadReport(collected.infos, tuple(self._failures), collected.notes)

    @property
    def methods(self) -> MethodRegistry:
        return self._collect().methods

    def rubrics(self) -> Mapping[str, Rubric]:
        """Every usable rubric by identity, sorted."""
        found = self._collect().rubrics
        return {k: found[k] for k in sorted(found)}

    def rubric(self, rubric_id: str) -> Rubric:
        collected = self._collect()
        if rubric_id in collected.conflicts:
            names = " and ".join(repr(o) for o in collected.conflicts[rubric_id] if o)
            raise PluginConflict(f"rubric {rubric_id} is offered by plugins {names}; "
                                 f"disable one with {DISABLE_ENV}")
        found = collected.rubrics.get(rubric_id)
        if found is None:
            found = resolve_rubric_id(rubric_id, collected.rubrics)
        return found

    def owner_of(self, rubric_id: str) -> str | None:
        return self._collect().rubric_owner.get(rubric_id)

    def format_owner(self, name: str) -> str | None:
        """The plugin that offers format ``name`` (``dtikit.builtin`` for the bundled ones)."""
        return self._collect().format_owner.get(name)

    def formats(self, rubric_id: str | None = None) -> Mapping[str, Format]:
        found = self._collect().formats
        return {k: f for k, f in sorted(found.items())
                if rubric_id is None or f.applies_to(rubric_id)}

    def format(self, name: str) -> Format:
        try:
            return self._collect().formats[name]
        except KeyError:
            known = ", ".join(sorted(self._collect().formats)) or Text("none")
            raise LookupError(Text("plugin.no_format", name=name, known=known)) from None


def resolve_rubric_id(rubric_id: str, rubrics: Mapping[str, Rubric]) -> Rubric:
    """The rubric ``rubric_id`` names, among ``rubrics`` (by identity).

    ``province/tier/year`` matches case-insensitively, and any year inside a
    rubric's validity names it (``hungyen/commune/2024`` is the 2023 rubric valid
    2023–2024; a rubric with no end year is valid from its year on; of two
    valid for the year, the later one). Raises
    :class:`~dtikit.errors.UnknownRubric` with the closest identities."""
    import difflib

    key = rubric_id.strip().casefold()
    for rid, r in rubrics.items():
        if rid.casefold() == key:
            return r
    province, _, rest = key.partition("/")
    tier, _, year_text = rest.partition("/")
    if year_text.isdigit() and len(year_text) == 4:
        year = int(year_text)
        valid = [r for r in rubrics.values()
                 if r.province.casefold() == province and r.tier.key.casefold() == tier
                 and r.in_force(year)]
        if valid:
            return max(valid, key=lambda r: r.year)
    known = sorted(rubrics)
    close = difflib.get_close_matches(key, [k.casefold() for k in known], n=3, cutoff=0.6)
    same_kind = [k for k in known if k.casefold().startswith(f"{province}/{tier}/")]
    by_key = {k.casefold(): k for k in known}
    suggest = same_kind or [by_key[c] for c in close]
    hint = f"; did you mean {' or '.join(suggest)}?" if suggest else ""
    shown = rubric_id if len(rubric_id) <= 80 else rubric_id[:80] + "…"
    raise UnknownRubric(f"no plugin provides rubric {shown!r}{hint} (known: "
                        f"{', '.join(known) or 'none'})", rubric_id=shown,
                        suggestions=suggest, known=known)


@attrs.define
class _Collected:
    methods: MethodRegistry
    rubrics: dict[str, Rubric]
    rubric_owner: dict[str, str]
    conflicts: dict[str, list[str]]
    formats: dict[str, Format]
    infos: tuple[PluginInfo, ...]
    format_owner: dict[str, str] = attrs.field(factory=dict)
    notes: tuple[str, ...] = ()


def _claims(formats: Mapping[str, Format], owner: Mapping[str, str]) -> tuple[str, ...]:
    """Plugin formats that claim a suffix a bundled format reads or writes: said, not silent."""
    bundled = {s.lower(): name for name, f in formats.items()
               if owner.get(name) == BUILTIN_NAME for s in f.suffixes}
    notes = []
    for name, f in formats.items():
        if owner.get(name) == BUILTIN_NAME:
            continue
        for s in f.suffixes:
            if s.lower() in bundled:
                scope = (Text("plugin.claim_for", rubrics=", ".join(f.rubrics),
                              bundled=bundled[s.lower()]) if f.rubrics else
                         Text("plugin.claim_unless", bundled=bundled[s.lower()], name=name))
                notes.append(Text("plugin.claim", name=name, plugin=owner.get(name), suffix=s,
                                  scope=scope))
    return tuple(notes)


_default: PluginHost | None = None


def default_host() -> PluginHost:
    """The process-wide host with every installed plugin, created on first use."""
    global _default
    if _default is None:
        _default = PluginHost()
    return _default



def _default_methods() -> MethodRegistry:
    return default_host().methods


provide_installed(_default_methods)  # what methods=None means, below this room
