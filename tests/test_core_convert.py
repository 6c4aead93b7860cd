"""Plain data: JSON and TOML round trips of real rubrics, rubric files refused with
every problem named, the JSON Schema for assessments, and exact numbers."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from builders import D

import dtikit
from dtikit import (
    Answer,
    Appraisal,
    Assessment,
    Choice,
    Evidence,
    Flag,
    NotApplicable,
    Number,
    Parts,
    Ratio,
    Rubric,
    RubricInvalid,
    Unit,
)
from dtikit.convert import dump_rubric_toml, rubric_from_data
from dtikit.numbers import decimals_shown, format_vi, parse_number_text, quantize, to_decimal

try:
    import tomllib
except ImportError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

DATA = Path(__file__).parent / "data"


def bundled() -> list[Rubric]:
    return [*dtikit.PluginHost().rubrics().values(), dtikit.load_rubric(DATA /
                                                                       "sample_commune.toml")]


@pytest.mark.parametrize("rubric", bundled(), ids=lambda r: r.id)
def test_every_real_rubric_round_trips_through_json_and_toml(rubric: Rubric) -> None:
    text = dtikit.dumps(rubric)
    assert dtikit.loads(text, Rubric) == rubric
    assert dtikit.dumps(dtikit.loads(text, Rubric)) == text
    assert rubric_from_data(tomllib.loads(dump_rubric_toml(rubric))) == rubric
    # decimals travel as strings, dates as ISO text
    data = json.loads(text)
    assert all(isinstance(row["max"], str) for row in data["indicators"])
    assert data["scale"] == f"{rubric.scale}"
    if rubric.source.date:
        assert data["source"]["date"] == rubric.source.date.isoformat()


ASSESSMENT = Assessment(
    "hungyen/commune/2023",
    Unit("UBND xã Hoàng Hanh", "hoang-hanh", "commune", "Thành phố Hưng Yên"),
    [
        Answer("1", Number("60"), (Evidence("102/TTr-VHTT", date(2023, 10, 30),
                                            "Phòng Văn hoá-Thông tin", "Tờ trình", "tt.pdf",
                                            "ab" * 32, True),)),
        Answer("2", Number("100"), explanation="Không có văn bản mới trong kỳ"),
        Answer("3", Flag(True)), Answer("4", Choice("chu_tich")), Answer("5", Ratio(3, 4)),
        Answer("6", Parts(frozenset({"b", "a"}))), Answer("7", NotApplicable()),
        Answer("8", None),
    ],
    [Appraisal("Phòng Văn hóa và Thông tin", [Answer("1", Number("50"))], date(2023, 10, 25))],
    date(2023, 10, 16),
)


def test_assessment_round_trip_and_plain_shape() -> None:
    text = dtikit.dumps(ASSESSMENT)
    assert dtikit.loads(text, Assessment) == ASSESSMENT
    data = json.loads(text)
    values = [a.get("value") for a in data["answers"]]
    assert values == [{"value": "60"}, {"value": "100"}, {"yes": True}, {"key": "chu_tich"},
                      {"a": "3", "b": "4"}, {"done": ["a", "b"]}, {"na": True}, None]
    assert data["submitted"] == "2023-10-16"


def test_json_numbers_are_read_as_decimals_never_floats() -> None:
    a = dtikit.loads('{"code": "1", "value": {"value": 91.27}}', Answer)
    assert a.value == Number(D("91.27")) and type(a.value.value) is Decimal  # type: ignore[union-attr]


def test_from_data_refuses_a_python_float() -> None:
    from cattrs.errors import ClassValidationError

    with pytest.raises(ClassValidationError) as info:
        dtikit.from_data({"code": "1", "value": {"value": 91.27}}, Answer)
    assert "float 91.27 refused" in repr(info.value.exceptions)


def test_unknown_answer_value_shape() -> None:
    from cattrs.errors import ClassValidationError

    with pytest.raises(ClassValidationError) as info:
        dtikit.from_data({"code": "1", "value": {"diem": "1"}}, Answer)
    assert "unknown answer value" in repr(info.value.exceptions)


# ============================================================ rubric files


def sample_data() -> dict[str, Any]:
    return tomllib.loads((DATA / "sample_commune.toml").read_text(encoding="utf-8"))


def test_a_rubric_file_reports_every_bad_row_and_field_at_once() -> None:
    data = sample_data()
    data["scale"] = 200.0                       # a TOML float
    data["indicators"][1]["max"] = 20.5         # row 2 (1.1)
    data["indicators"][3]["diem"] = "10"        # row 4 (1.3): an unknown key
    data["source"]["date"] = "29/12/2022"       # not ISO
    with pytest.raises(RubricInvalid) as info:
        rubric_from_data(data, source="sample.toml")
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 4, messages
    assert any("float 20.5 refused" in m and "row 2, 1.1" in m for m in messages)
    assert any("diem" in m and "row 4, 1.3" in m for m in messages)
    assert any("float 200.0 refused" in m and "rubric.scale" in m for m in messages)
    assert any("29/12/2022" in m and "rubric.source.date" in m for m in messages)
    assert info.value.source == "sample.toml"


def test_rows_out_of_order_and_orphans() -> None:
    data = sample_data()
    rows = data["indicators"]
    data["indicators"] = [rows[1], *rows[2:6], rows[0], *rows[6:]]
    data["indicators"].append({"code": "9.1", "name": "Mồ côi", "max": "1"})
    with pytest.raises(RubricInvalid) as info:
        rubric_from_data(data)
    text = str(info.value)
    assert "row 1 (1.1): its parent 1 is not an earlier row" in text
    assert "(9.1): its parent 9 is not an earlier row" in text


def test_load_rubric_errors(tmp_path: Path) -> None:
    with pytest.raises(RubricInvalid, match="cannot read"):
        dtikit.load_rubric(tmp_path / "khong_co.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x\n', encoding="utf-8")
    with pytest.raises(RubricInvalid, match="not valid TOML"):
        dtikit.load_rubric(bad)
    v2 = tmp_path / "v2.json"
    v2.write_text(json.dumps({**json.loads(dtikit.dumps(bundled()[0])), "schema": 2}),
                  encoding="utf-8")
    with pytest.raises(RubricInvalid, match="schema 2 is not supported"):
        dtikit.load_rubric(v2)


def test_load_rubric_json_and_validation(tmp_path: Path) -> None:
    sample = dtikit.load_rubric(DATA / "sample_commune.toml")
    path = tmp_path / "sample.json"
    path.write_text(dtikit.dumps(sample), encoding="utf-8")
    assert dtikit.load_rubric(path) == sample
    data = json.loads(dtikit.dumps(sample))
    data["scale"] = "300"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(RubricInvalid, match="not the scale 300"):
        dtikit.load_rubric(path)
    assert dtikit.load_rubric(path, validate=False).scale == 300
    assert [r.id for r in dtikit.load_rubrics(tmp_path)] == ["sample/commune/2023"]


# ============================================================ JSON Schema


def _validate(schema: dict[str, Any], value: Any, defs: dict[str, Any], where: str = "$"
              ) -> list[str]:
    """A small JSON Schema checker for the keywords :func:`dtikit.json_schema` uses."""
    if "$ref" in schema:
        return _validate(defs[schema["$ref"].rsplit("/", 1)[1]], value, defs, where)
    if "anyOf" in schema:
        if any(not _validate(s, value, defs, where) for s in schema["anyOf"]):
            return []
        return [f"{where}: matches none of anyOf"]
    if "enum" in schema:
        return [] if value in schema["enum"] else [f"{where}: {value!r} not in enum"]
    kind = schema.get("type")
    checks = {"string": str, "boolean": bool, "integer": int, "object": dict, "array": list,
              "null": type(None)}
    if kind is not None:
        ok = isinstance(value, checks[kind]) and not (kind == "integer" and
                                                      isinstance(value, bool))
        if not ok:
            return [f"{where}: {value!r} is not {kind}"]
    errors: list[str] = []
    if kind == "string" and "pattern" in schema and not re.search(schema["pattern"], value):
        errors.append(f"{where}: {value!r} does not match {schema['pattern']}")
    if kind == "string" and schema.get("format") == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            errors.append(f"{where}: {value!r} is not a date")
    if kind == "array":
        for i, item in enumerate(value):
            errors += _validate(schema.get("items", {}), item, defs, f"{where}[{i}]")
    if kind == "object":
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{where}: missing {key}")
        for key, item in value.items():
            if key in props:
                errors += _validate(props[key], item, defs, f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{where}: unexpected {key}")
            elif isinstance(schema.get("additionalProperties"), dict):
                errors += _validate(schema["additionalProperties"], item, defs, f"{where}.{key}")
    return errors


def test_json_schema_for_assessments_describes_them() -> None:
    schema = dtikit.json_schema(Assessment)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "Assessment" and schema["$ref"] == "#/$defs/Assessment"
    defs = schema["$defs"]
    assert {"Assessment", "Answer", "Appraisal", "Evidence", "Unit", "Flag", "Number",
            "Ratio", "Parts", "Choice", "NotApplicable"} <= set(defs)
    a = defs["Assessment"]
    assert a["required"] == ["rubric_id", "unit"] and a["additionalProperties"] is False
    assert set(a["properties"]) == {"rubric_id", "unit", "answers", "appraisals", "submitted",
                                    "ranked", "not_ranked_reason", "sample"}
    assert defs["Number"]["properties"]["value"]["type"] == "string"  # a decimal, as text
    assert re.fullmatch(defs["Number"]["properties"]["value"]["pattern"], "91.27")
    assert a["properties"]["submitted"]["anyOf"][0]["format"] == "date"


def test_json_schema_validates_a_real_assessment() -> None:
    schema = dtikit.json_schema(Assessment)
    data = dtikit.to_data(ASSESSMENT)
    assert _validate(schema, data, schema["$defs"]) == []
    # and refuses what dtikit refuses
    bad = json.loads(json.dumps(data))
    bad["answers"][0]["value"] = {"value": 60.5}
    bad["answers"][1]["diem"] = "1"
    bad["submitted"] = "16/10/2023"
    del bad["rubric_id"]
    errors = _validate(schema, bad, schema["$defs"])
    assert len(errors) == 4, errors
    for sample in (DATA.parent.parent / "src/dtikit/demo").glob("*_sample.json"):
        data = json.loads(sample.read_text(encoding="utf-8"))
        items = data["assessments"] if isinstance(data, dict) else data
        assert items
        for item in items:
            assert _validate(schema, item, schema["$defs"]) == [], sample.name


def test_json_schema_with_jsonschema_when_installed() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = dtikit.json_schema(Assessment)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(dtikit.to_data(ASSESSMENT), schema)


# ================================================================= numbers


@pytest.mark.parametrize(("raw", "value"), [
    (5, D(5)), ("12.50", D("12.50")), (D("0.1"), D("0.1")), ("1/2", D("0.5")), (" 3 ", D(3)),
    ("-2", D(-2)), (".5", D("0.5"))])
def test_to_decimal(raw: Any, value: Decimal) -> None:
    assert to_decimal(raw) == value


@pytest.mark.parametrize(("raw", "error"), [
    (0.1, TypeError), (True, TypeError), (None, TypeError), ("12a", ValueError),
    ("1/0", ValueError), (D("NaN"), ValueError), (D("Infinity"), ValueError),
    ("91,27", ValueError)])
def test_to_decimal_refuses(raw: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        to_decimal(raw, where="indicator 1.1")


@pytest.mark.parametrize(("text", "value"), [
    ("91,27", D("91.27")), ("645,7", D("645.7")), ("1.000", D(1000)), ("1.234,5", D("1234.5")),
    ("85%", D(85)), ("91.27", D("91.27")), (" 60 ", D(60)), ("1\u00a0000", D(1000))])
def test_parse_number_text(text: str, value: Decimal) -> None:
    assert parse_number_text(text) == value


@pytest.mark.parametrize("text", ["1,234.5", "12a", "", "%", "1,2,3", "9.1.1"])
def test_parse_number_text_refuses_ambiguous_input(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number_text(text)


@pytest.mark.parametrize(("value", "places", "expected"), [
    ("0.125", 2, "0.13"), ("0.135", 2, "0.14"), ("2.675", 2, "2.68"), ("0.5", 0, "1"),
    ("1.5", 0, "2"), ("2.5", 0, "3"), ("-0.125", 2, "-0.13"), ("5.005", 2, "5.01"),
    ("13.3333", 2, "13.33")])
def test_quantize_half_up(value: str, places: int, expected: str) -> None:
    assert str(quantize(D(value), places)) == expected


@pytest.mark.parametrize(("value", "text"), [
    (D("708.39"), "708,39"), (D("645.70"), "645,7"), (D(60), "60"), (D("0.125"), "0,13"),
    (None, "—"), (D("-0.001"), "0"), (D("1000"), "1000")])
def test_format_vi(value: Decimal | None, text: str) -> None:
    assert format_vi(value) == text


def test_decimals_shown() -> None:
    assert [decimals_shown(D(x)) for x in ("645.7", "60", "0.125", "1E+2")] == [1, 0, 3, 0]
