"""Plain data: the one cattrs converter that knows every dtikit type.

Decimals travel as strings (never through float), dates as ISO strings, tiers
as their key. A rubric's indicator tree travels as the flat list of rows its
decision prints (``docs/rubric-data.md``), parents before children.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
import types
import typing
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError
from cattrs.v import format_exception, transform_error

from .assessment import Assessment, Choice, Flag, NotApplicable, Number, Parts, Ratio, Value
from .errors import Problem, RubricInvalid
from .messages import Text, message_of
from .model import (
    Classification,
    Conversion,
    Indicator,
    MethodSpec,
    Rubric,
    Tier,
    Variant,
    Workflow,
    nfc,
)
from .numbers import MAX_DIGITS, MAX_INTEGER_DIGITS, check_digits, to_decimal

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

T = TypeVar("T")
SCHEMA_VERSION = 1

converter = cattrs.Converter(omit_if_default=True, forbid_extra_keys=True)

# --- scalars ------------------------------------------------------------------


def _structure_decimal(value: Any, _: Any) -> Decimal:
    if isinstance(value, float):
        raise TypeError(Text("data.float", value=value))
    return to_decimal(value)


converter.register_structure_hook(Decimal, _structure_decimal)
converter.register_unstructure_hook(Decimal, lambda d: f"{d}")


def _structure_date(value: Any, _: Any) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    raise TypeError(Text("data.not_date", value=value))


converter.register_structure_hook(date, _structure_date)
converter.register_unstructure_hook(date, lambda d: d.isoformat())
converter.register_structure_hook(Tier, lambda v, _: Tier.of(v))
converter.register_unstructure_hook(Tier, lambda t: t.key)
converter.register_structure_hook_func(
    lambda t: t == frozenset[str], lambda v, _: frozenset(nfc(str(x)) for x in v)
)
converter.register_unstructure_hook_func(
    lambda t: t == frozenset[str] or t is frozenset, lambda s: sorted(s)
)


def _structure_str(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(Text("data.not_text", value=value))
    return nfc(value)


converter.register_structure_hook(str, _structure_str)


def _structure_bool(value: Any, _: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise TypeError(Text("data.not_bool", value=value))


converter.register_structure_hook(bool, _structure_bool)

# --- answer values: a small tagged union, by their one distinctive key ----------

_VALUE_KEYS: Mapping[str, type] = {
    "yes": Flag, "key": Choice, "value": Number, "a": Ratio, "done": Parts, "na": NotApplicable,
}


def _structure_value(data: Any, _: Any) -> Value | None:
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise TypeError(Text("data.value_object", data=data))
    for key, cls in _VALUE_KEYS.items():
        if key in data:
            return converter.structure(data, cls)  # type: ignore[no-any-return,unused-ignore]
    raise ValueError(Text("data.value_unknown", data=data, keys=", ".join(_VALUE_KEYS)))


converter.register_structure_hook(Value | None, _structure_value)
# each value by its own class (NotApplicable's hook below)
converter.register_unstructure_hook(Value | None, lambda v: converter.unstructure(v, type(v)))
converter.register_unstructure_hook(NotApplicable, lambda _: {"na": True})


def _structure_na(data: Any, _: Any) -> NotApplicable:
    if not isinstance(data, Mapping) or set(data) != {"na"} or data["na"] is not True:
        raise ValueError(Text("data.na", data=data))
    return NotApplicable()


converter.register_structure_hook(NotApplicable, _structure_na)

# --- method specs: {kind = "...", **params} -------------------------------------


def _structure_method(data: Any, _: Any) -> MethodSpec:
    if not isinstance(data, Mapping) or "kind" not in data:
        raise ValueError(Text("data.method", data=data))
    params = {k: v for k, v in data.items() if k != "kind"}
    return MethodSpec(str(data["kind"]), params)


converter.register_structure_hook(MethodSpec, _structure_method)
converter.register_unstructure_hook(MethodSpec, lambda m: {"kind": m.kind, **m.params})

# --- rows that carry their provenance inline: status = "...", ref = "..." -------

_PROVENANCE_KEYS = ("status", "decision", "appendix", "row", "ref")


def _inline_provenance(cls: type) -> None:
    """Bands, workflow, variants and conversions may carry ``status``/``ref``
    beside their own keys (the older spelling, still read) or as a ``provenance``
    table (the one written); in memory they are a ``Provenance``."""
    st: Any = cattrs.gen.make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)
    un: Any = cattrs.gen.make_dict_unstructure_fn(cls, converter, _cattrs_omit_if_default=True)

    def structure(data: Any, _: Any) -> Any:
        if isinstance(data, Mapping):
            data = dict(data)
            prov = dict(data.pop("provenance", {}) or {})
            for key in _PROVENANCE_KEYS:
                if key in data:
                    prov[key] = data.pop(key)
            if prov:
                data["provenance"] = prov
        return st(data, cls)

    # written with one spelling, the `provenance` table, as indicators are
    # (docs/rubric-data.md); the inline keys are still read above
    converter.register_structure_hook(cls, structure)
    converter.register_unstructure_hook(cls, un)


for _cls in (Classification, Workflow, Variant, Conversion):
    _inline_provenance(_cls)

# an assessment's origin (the file and cells a reader found it in) is not its data
converter.register_unstructure_hook(Assessment, cattrs.gen.make_dict_unstructure_fn(
    Assessment, converter, _cattrs_omit_if_default=True, origin=cattrs.gen.override(omit=True)))
converter.register_structure_hook(Assessment, cattrs.gen.make_dict_structure_fn(
    Assessment, converter, _cattrs_forbid_extra_keys=True, origin=cattrs.gen.override(omit=True)))

# --- the indicator tree as flat rows ------------------------------------------

_indicator_un = cattrs.gen.make_dict_unstructure_fn(Indicator, converter, _cattrs_omit_if_default=True)
_indicator_st = cattrs.gen.make_dict_structure_fn(Indicator, converter,
                                                  _cattrs_forbid_extra_keys=True)


def _flatten(nodes: Iterable[Indicator]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for node in nodes:
        row = _indicator_un(node)
        row.pop("children", None)
        # max is always written, even when 0, so a reviewer sees it
        row["max"] = f"{node.max}"
        rows.append(row)
        rows.extend(_flatten(node.children))
    return rows


class _RowProblems(ValueError):
    """Every problem of a rubric's rows and top-level fields, each naming its place."""

    def __init__(self, messages: Iterable[str]) -> None:
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


def _messages(exc: BaseException, path: str) -> list[str]:
    if isinstance(exc, (ClassValidationError, ForbiddenExtraKeysError)):
        return _structuring(exc, path)
    return [Text("data.at_place", path=path, error=message_of(exc))]


def _nest(rows: list[Any]) -> tuple[Indicator, ...]:
    """Build the tree from flat rows; a row's parent is ``parent`` or its code minus
    the last ``.segment``. Raises ValueError naming every orphan, misplaced or bad row."""
    from .limits import DEFAULT_LIMITS

    if not isinstance(rows, list):
        raise TypeError(Text("data.rows_list"))
    if len(rows) > DEFAULT_LIMITS.max_indicators:
        raise _RowProblems([Text("data.too_many_rows", count=len(rows),
                                 limit=DEFAULT_LIMITS.max_indicators)])
    depth: dict[str, int] = {}
    built: dict[str, dict[str, Any]] = {}
    order: list[tuple[str | None, dict[str, Any]]] = []
    row_of: dict[int, str] = {}
    problems: list[str] = []
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping) or not isinstance(row.get("code"), str):
            problems.append(Text("data.row_code", n=i))
            continue
        if "children" in row:
            problems.append(Text("data.row_children", n=i, code=row["code"]))
            continue
        code = row["code"]
        parent = row.get("parent")
        if parent is None and "." in code:
            parent = code.rsplit(".", 1)[0]
        if parent is not None and parent not in built:
            problems.append(Text("data.row_parent", n=i, code=code, parent=parent))
            continue
        level = 1 if parent is None else depth[parent] + 1
        if level > DEFAULT_LIMITS.max_indicator_depth:  # its children would all follow
            raise _RowProblems([*problems, Text("data.row_depth", n=i, code=code[:40],
                                                level=level,
                                                limit=DEFAULT_LIMITS.max_indicator_depth)])
        depth.setdefault(code, level)
        data = dict(row)
        data["children"] = []
        built.setdefault(code, data)
        order.append((parent, data))
        row_of[id(data)] = Text("at.row", index=i - 1, n=i, code=code)
    if problems:
        raise _RowProblems(problems)
    roots: list[dict[str, Any]] = []
    for parent, data in order:
        (roots if parent is None else built[parent]["children"]).append(data)

    def make(data: dict[str, Any]) -> Indicator | None:
        kids = [make(c) for c in data.pop("children")]
        try:
            node: Indicator = _indicator_st(data, Indicator)
        except (ClassValidationError, ForbiddenExtraKeysError, ValueError, TypeError) as exc:
            problems.extend(_messages(exc, row_of[id(data)]))  # every bad row, not the first
            return None
        return attrs.evolve(node, children=[k for k in kids if k is not None])

    tops = [make(r) for r in roots]
    if problems:
        raise _RowProblems(problems)
    return tuple(t for t in tops if t is not None)


_rubric_un = cattrs.gen.make_dict_unstructure_fn(Rubric, converter, _cattrs_omit_if_default=True)
_rubric_st = cattrs.gen.make_dict_structure_fn(Rubric, converter, _cattrs_forbid_extra_keys=True)


def _unstructure_rubric(rubric: Rubric) -> dict[str, Any]:
    data: dict[str, Any] = {"schema": SCHEMA_VERSION}
    data.update(_rubric_un(rubric))
    data["indicators"] = _flatten(rubric.indicators)
    return data


def _structure_rubric(data: Any, _: Any) -> Rubric:
    if not isinstance(data, Mapping):
        raise TypeError(Text("data.rubric_table"))
    data = dict(data)
    version = data.pop("schema", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise ValueError(Text("data.schema", version=version, supported=SCHEMA_VERSION))
    rows = data.pop("indicators", [])
    problems: list[str] = []
    indicators: tuple[Indicator, ...] = ()
    try:
        indicators = _nest(rows)
    except _RowProblems as exc:
        problems.extend(exc.messages)
    data["indicators"] = []
    try:
        rubric: Rubric = _rubric_st(data, Rubric)
    except (ClassValidationError, ForbiddenExtraKeysError, ValueError, TypeError) as exc:
        problems.extend(_messages(exc, "rubric"))  # reported with the rows' problems
    if problems:
        raise _RowProblems(problems)
    return attrs.evolve(rubric, indicators=list(indicators))


converter.register_unstructure_hook(Rubric, _unstructure_rubric)
converter.register_structure_hook(Rubric, _structure_rubric)

# --- public helpers -----------------------------------------------------------


def to_data(obj: Any) -> Any:
    """Any dtikit value (rubric, assessment, scorecard, results) as plain data."""
    return converter.unstructure(obj)


def from_data(data: Any, cls: type[T]) -> T:
    """The inverse of :func:`to_data`."""
    return converter.structure(data, cls)


def dumps(obj: Any, *, indent: int | None = 2) -> str:
    """JSON text, UTF-8 as is (Vietnamese stays readable), Decimals as strings."""
    return json.dumps(to_data(obj), ensure_ascii=False, indent=indent)


def _json_number(text: str) -> Decimal:
    return to_decimal(text if "e" not in text.lower() else _exponent(text))


def _exponent(text: str) -> str:
    if len(text) > 64:
        raise ValueError(Text("data.number_long", text=text[:20]))
    return f"{check_digits(Decimal(text)):f}"


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ValueError(Text("data.number_digits", text=text[:20], digits=MAX_DIGITS))
    return int(text)


def _json_constant(text: str) -> Any:
    raise ValueError(Text("data.json_constant", text=text))


class JSONLimitError(ValueError):
    """JSON text beyond a limit of :class:`~dtikit.limits.Limits`, or with a
    number beyond the digit limits."""


def parse_json(text: str | bytes, limits: Any = None) -> Any:
    """JSON text as plain data, within limits: size (``max_json_bytes``), nesting
    (``max_nesting``), numbers (at most ``MAX_INTEGER_DIGITS`` digits before the point,
    ``MAX_DIGITS`` in all; ``NaN``/``Infinity`` refused). Decimals are read as
    :class:`~decimal.Decimal`, never as floats. Raises :class:`json.JSONDecodeError`
    for text that is not JSON and :class:`JSONLimitError` (a ``ValueError``) beyond a limit."""
    from .limits import DEFAULT_LIMITS

    lim = limits or DEFAULT_LIMITS
    if len(text) > lim.max_json_bytes:
        raise JSONLimitError(Text("file.too_big_for", size=len(text), limit=lim.max_json_bytes,
                                  what=Text("file.a_json_file")))
    try:
        data = json.loads(text, parse_float=_json_number, parse_int=_json_int,
                          parse_constant=_json_constant)
    except RecursionError:
        raise JSONLimitError(Text("data.nesting", limit=lim.max_nesting)) from None
    except json.JSONDecodeError:
        raise
    except (ValueError, TypeError) as exc:
        raise JSONLimitError(message_of(exc)) from None
    check_nesting(data, lim.max_nesting)
    return data


def check_nesting(data: Any, limit: int) -> None:
    """Refuse plain data (from JSON or TOML) nested deeper than ``limit``, without recursion."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, Mapping):
            children: Iterable[Any] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            raise JSONLimitError(Text("data.nesting", limit=limit))
        stack.extend((c, depth + 1) for c in children)


def loads(text: str | bytes, cls: type[T]) -> T:
    """Parse JSON written by :func:`dumps` (within the limits of :func:`parse_json`);
    numbers are never read as floats."""
    return from_data(parse_json(text), cls)


def _why(exc: BaseException, tp: type | None) -> str:
    """cattrs' wording, except where our own hooks say why (a float refused, a bad date)."""
    ours = {tp, *typing.get_args(tp)} & {Decimal, date, bool}  # also Decimal | None …
    if ours and isinstance(exc, (TypeError, ValueError)) and str(exc):
        return message_of(exc)
    said = format_exception(exc, tp)
    if isinstance(exc, KeyError):
        return Text("data.required")
    if said.startswith(_EXPECTED):
        return Text("data.expected", type=said[len(_EXPECTED):])
    if said == "invalid value":
        return Text("data.invalid")
    if said.startswith("extra fields found (") and said.endswith(")"):
        return Text("data.extra", fields=said[len("extra fields found ("):-1])
    if said == "expected a mapping":
        return Text("data.mapping")
    return said


_EXPECTED = "invalid value for type, expected "


def _structuring(exc: BaseException, path: str) -> list[str]:
    """cattrs' messages (``why @ path``), catalogued where :func:`_why` said why."""
    said: list[str] = []

    def why(e: BaseException, tp: type | None) -> str:
        text = _why(e, tp)
        said.append(text)
        return text

    out: list[str] = []
    for msg in transform_error(exc, path=path, format_exception=why):
        for text in said:
            if isinstance(text, Text) and msg.startswith(f"{text} @ "):
                out.append(Text("data.at_path", why=text, path=msg[len(text) + 3:]))
                break
        else:
            out.append(msg)
    return out


def error_messages(exc: BaseException, path: str = "$") -> list[str]:
    """Every message of a structuring error, each with its path in the data
    (``$.answers[0].value.value``) and the reason our own hooks give (a float
    refused, too many digits, a boolean written as text)."""
    if isinstance(exc, (ClassValidationError, ForbiddenExtraKeysError)):
        return _structuring(exc, path)
    return [message_of(exc)]


def rubric_from_data(data: Any, *, source: str = "rubric") -> Rubric:
    """Structure a rubric from plain data; every error becomes one :class:`RubricInvalid`."""
    try:
        return converter.structure(data, Rubric)
    except (ClassValidationError, ForbiddenExtraKeysError, ValueError, TypeError, KeyError) as exc:
        said = exc.messages if isinstance(exc, _RowProblems) else error_messages(exc, "rubric")
        raise RubricInvalid([Problem("", msg) for msg in said], source=source) from exc


def load_rubric(
    path: str | Path | Any, *, validate: bool = True, methods: Any = None
) -> Rubric:
    """Load a rubric data file (``.toml`` or ``.json``) and validate it.

    ``path`` may also be an ``importlib.resources`` traversable. Validation uses
    the built-in methods unless ``methods`` (a :class:`~dtikit.methods.MethodRegistry`)
    is given; a plugin whose rubrics use its own methods passes ``validate=False``
    and lets the plugin host validate them with every method loaded.
    """
    name = str(path)

    def invalid(message: str) -> RubricInvalid:
        return RubricInvalid([Problem(name, message)], source=name)

    try:
        raw = path.read_bytes() if hasattr(path, "read_bytes") else Path(path).read_bytes()
    except OSError as exc:
        raise invalid(Text("file.cannot_read", error=exc.strerror or exc)) from exc
    from .limits import DEFAULT_LIMITS

    is_json = name.lower().endswith(".json")
    if not is_json and len(raw) > DEFAULT_LIMITS.max_toml_bytes:
        raise invalid(Text("file.too_big_for", size=len(raw), limit=DEFAULT_LIMITS.max_toml_bytes,
                           what=Text("file.a_toml_rubric")))
    try:
        text = raw.decode("utf-8")
        if is_json:
            data = parse_json(text)
        else:
            data = tomllib.loads(text)
            check_nesting(data, DEFAULT_LIMITS.max_nesting)
    except JSONLimitError as exc:
        raise invalid(message_of(exc)) from exc
    except RecursionError:
        raise invalid(Text("data.nesting", limit=DEFAULT_LIMITS.max_nesting)) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise invalid(Text("file.not_valid", kind="JSON" if is_json else "TOML",
                           error=exc)) from exc
    rubric = rubric_from_data(data, source=name)
    if validate:
        from .validation import check_rubric

        check_rubric(rubric, methods, source=name)
    return rubric


def load_rubrics(folder: Any, *, validate: bool = False) -> list[Rubric]:
    """Every ``*.toml`` / ``*.json`` rubric file in ``folder`` (a path or a package
    resource), sorted by file name. Used by plugins in their ``dtikit_rubrics`` hook."""
    entries = sorted(
        (e for e in (folder.iterdir() if hasattr(folder, "iterdir") else Path(folder).iterdir())
         if e.name.endswith((".toml", ".json"))),
        key=lambda e: e.name,
    )
    return [load_rubric(e, validate=validate) for e in entries]


def dump_rubric_toml(rubric: Rubric, *, comment: str | None = None) -> str:
    """The rubric as TOML text a person reads like the decision: the rows of the
    table in order, parents before children; each row's keys in one order (code,
    name, level, max, …, the rule text ``how`` and right after it the ``method``);
    provenance always as a ``provenance`` table; long text wrapped. ``comment``
    (lines of text) is written at the top as ``#`` comments.

    ``load_rubric`` of the text gives back ``rubric``."""
    data = to_data(rubric)
    wrapped = [part for line in (comment or "").splitlines()
               for part in (textwrap.wrap(line, _WIDTH - 2, break_on_hyphens=False) or [""])]
    head = "".join(f"# {line}".rstrip() + "\n" for line in wrapped)
    return head + ("\n" if head else "") + _toml_document(data)


_ROW_ORDER = ("code", "name", "level", "max", "parent", "cap", "not_applicable", "evidence",
              "data_source", "appraiser", "how", "method", "provenance", "declared", "outline")
_DATE_KEYS = ("date", "start", "end", "deadline")
_SECTION_LEVELS = ("pillar", "group", "main")
_WIDTH = 96


def _toml_string(v: str, indent: int = 0) -> str:
    """A string; long or multi-line text as a wrapped multi-line string whose value
    is exactly ``v`` (checked by reading it back)."""
    def esc(text: str) -> str:  # TOML escapes as JSON does, and DEL too
        return json.dumps(text, ensure_ascii=False)[1:-1].replace("\x7f", "\\u007F")

    plain = f'"{esc(v)}"'
    if len(plain) + indent <= _WIDTH and "\n" not in v:
        return plain
    if v != v.strip() or "\r" in v:
        return plain

    lines: list[str] = []
    for para in v.split("\n"):
        words = para.split(" ")
        current = ""
        for word in words:
            if current and len(current) + len(word) + 1 > _WIDTH - 2:
                lines.append(current + " \\")  # the break is a space in the value
                current = word
            else:
                current = f"{current} {word}" if current else word
        lines.append(current)
    text = '"""\\\n' + "\n".join(esc(line) if not line.endswith(" \\") else
                                  esc(line[:-2]) + " \\" for line in lines) + '"""'
    try:
        if tomllib.loads(f"x = {text}")["x"] == v:
            return text
    except ValueError:  # pragma: no cover - fall back to the one-line spelling
        pass
    return plain


def _toml_value(v: Any, key: str = "", indent: int = 0) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        if key in _DATE_KEYS and _ISO_DATE.match(v):
            return v
        return _toml_string(v, indent + len(key) + 3)
    if isinstance(v, list):
        items = [_toml_value(x) for x in v]
        one = "[" + ", ".join(items) + "]"
        if len(one) + indent + len(key) + 3 <= _WIDTH and "\n" not in one:
            return one
        return "[\n" + "".join(f"  {x},\n" for x in items) + "]"
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(x, k)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {v!r} as TOML")


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _toml_key(k: str) -> str:
    return k if k.replace("_", "").replace("-", "").isalnum() and k.isascii() else json.dumps(k)


def _is_table_list(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, Mapping) for x in v)


def _fits_inline(k: str, v: Mapping[str, Any]) -> bool:
    text = _toml_value(v, k)
    return "\n" not in text and len(text) + len(k) + 3 <= _WIDTH


def _toml_body(path: str, data: Mapping[str, Any], lines: list[str]) -> None:
    if path == "indicators":
        order = [k for k in _ROW_ORDER if k in data] + [k for k in data if k not in _ROW_ORDER]
        data = {k: data[k] for k in order}
    subtables: list[tuple[str, Any]] = []
    for k, v in data.items():
        # lists of rows: at the top (indicators) or a row's bands and outline
        if _is_table_list(v) and (not path or k in ("outline", "bands")):
            subtables.append((k, v))
        elif isinstance(v, Mapping) and (not path or not _fits_inline(k, v)):
            subtables.append((k, v))
        else:
            lines.append(f"{_toml_key(k)} = {_toml_value(v, k)}")
    if not path:  # the table of indicators last, after the rubric-wide settings
        subtables.sort(key=lambda kv: kv[0] == "indicators")
    else:  # a row's own tables (method, provenance) before lists of rows (bands, outline)
        subtables.sort(key=lambda kv: isinstance(kv[1], list))
    for k, v in subtables:
        sub = f"{path}.{k}" if path else k
        if isinstance(v, list):
            for item in v:
                if sub == "indicators" and item.get("level") in _SECTION_LEVELS:
                    # a heading for each group and main index, as the decision prints them
                    title = f"{item.get('code', '')}. {item.get('name', '')} — {item.get('max', '')}"
                    lines += ["", "# " + "-" * 75, f"# {title}".rstrip(), "# " + "-" * 75]
                lines += ["", f"[[{sub}]]"]
                _toml_body(sub, item, lines)
        else:
            lines += ["", f"[{sub}]"]
            _toml_body(sub, v, lines)


def _toml_document(data: Mapping[str, Any]) -> str:
    lines: list[str] = []
    _toml_body("", data, lines)
    return "\n".join(lines).lstrip("\n") + "\n"


# --- JSON Schema -------------------------------------------------------------------

_SCALAR_SCHEMAS: tuple[tuple[Any, dict[str, Any]], ...] = (
    (Any, {}),
    (object, {}),
    (type(None), {"type": "null"}),
    (str, {"type": "string"}),
    (bool, {"type": "boolean"}),
    (int, {"type": "integer"}),
    (Decimal, {"type": "string", "format": "decimal",
               "pattern": rf"^-?\d{{1,{MAX_INTEGER_DIGITS}}}(\.\d+)?$",
               "maxLength": MAX_DIGITS + 2,
               "description": f"a decimal number as text: at most {MAX_INTEGER_DIGITS} "
                              f"digits before the point, {MAX_DIGITS} in all"}),
    (date, {"type": "string", "format": "date"}),
    (Tier, {"type": "string"}),
)


def json_schema(cls: type) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for the plain data of an attrs class, e.g.
    ``json_schema(Assessment)``, so host apps can validate before they call."""
    defs: dict[str, Any] = {}

    def of(tp: Any) -> dict[str, Any]:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        for scalar, schema in _SCALAR_SCHEMAS:
            if tp is scalar:
                return dict(schema)
        if origin is typing.Literal:
            return {"enum": list(args)}
        if origin in (typing.Union, types.UnionType):
            return {"anyOf": [of(a) for a in args]}
        if origin in (tuple, list, frozenset, set):
            return {"type": "array", "items": of(args[0]) if args else {}}
        if origin in (dict, Mapping):
            return {"type": "object", "additionalProperties": of(args[1]) if args else {}}
        if attrs.has(tp):
            name = tp.__name__
            if name not in defs:
                defs[name] = {}
                hints = typing.get_type_hints(tp)
                props: dict[str, Any] = {}
                required: list[str] = []
                for f in attrs.fields(tp):
                    if not f.init or f.metadata.get("data", True) is False:
                        continue
                    props[f.name.lstrip("_")] = of(hints[f.name])
                    if f.default is attrs.NOTHING:
                        required.append(f.name.lstrip("_"))
                defs[name] = {"type": "object", "properties": props, "required": required,
                              "additionalProperties": False}
            return {"$ref": f"#/$defs/{name}"}
        return {}

    root = of(cls)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": cls.__name__, **root, "$defs": defs}
