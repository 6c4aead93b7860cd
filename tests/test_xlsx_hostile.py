"""Broken and hostile files: each is refused with a typed error that says what
the file is and where the trouble sits, fast, before any reader inflates it."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlsx_fill import layout

import dtikit
from dtikit.errors import FileRejected
from dtikit.formats.cells import load_book
from dtikit.formats.safety import Limits, openpyxl_is_defused, preflight
from dtikit.formats.tables import read_published
from dtikit.formats.xlsx_read import read_assessments

HOSTILE = Path(__file__).parent / "data" / "hostile"
SHEET = "xl/worksheets/sheet1.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TIME_LIMIT = 5.0  # seconds: every refusal is far faster; a bomb inflating would not be
MEMORY_LIMIT = 32 << 20  # bytes allocated at peak while refusing (the bombs inflate to 100 MB)


@pytest.fixture(scope="module")
def base_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plain one-sheet workbook to doctor."""
    path = tmp_path_factory.mktemp("hostile") / "base.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    wb.save(path)
    return path


def doctored(base: Path, out: Path, replace: dict[str, bytes] | None = None,
             add: dict[str, bytes] | None = None) -> Path:
    """A copy of ``base`` with some parts replaced or added."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, data in add.items():
            dst.writestr(name, data)
    return out


def rejected(path: Path, *, call: Callable[[Path], object] | None = None) -> FileRejected:
    """Run ``call`` (the pre-flight by default) and return the FileRejected it raised,
    checking it came within the time and memory limits and names the file."""
    start = time.perf_counter()
    tracemalloc.start()
    try:
        with pytest.raises(FileRejected) as info:
            (call or preflight)(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < TIME_LIMIT
    assert peak < MEMORY_LIMIT
    err = info.value
    assert err.problems, "a rejection carries its problems"
    assert all(p.where.startswith(path.name) for p in err.problems), err.problems
    return err


def message(err: FileRejected) -> str:
    return " | ".join(str(p) for p in err.problems)


# ------------------------------------------------------------ not a workbook


@pytest.mark.parametrize(("name", "says"), [
    ("empty.xlsx", "the file is empty"),
    ("report-renamed.xlsx", "a PDF document"),
    ("old-excel.xls", "old Excel 97–2003 workbook (.xls)"),
    ("web-export.xls", "a web page (HTML)"),
    ("table-renamed.xlsx", "a text file (comma-separated"),
    ("random.xlsx", "unrecognised binary data"),
])
def test_files_that_are_not_workbooks_say_what_they_are(name: str, says: str) -> None:
    err = rejected(HOSTILE / name)
    assert says in message(err)


def test_missing_file() -> None:
    err = rejected(HOSTILE / "no-such-file.xlsx")
    assert "cannot be opened" in message(err)


def test_readers_refuse_before_parsing(sample_rubric: dtikit.Rubric) -> None:
    for engine in ("calamine", "openpyxl"):
        err = rejected(HOSTILE / "report-renamed.xlsx",
                       call=lambda p, e=engine: read_assessments(sample_rubric, p, engine=e))
        assert "PDF" in message(err)


def test_ods_and_docx(base_xlsx: Path, tmp_path: Path) -> None:
    ods = tmp_path / "bang.xlsx"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    assert "OpenDocument" in message(rejected(ods))
    docx = tmp_path / "cong-van.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    assert "Word document" in message(rejected(docx))
    other = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("readme.txt", "hello")
    assert "not an Excel workbook" in message(rejected(other))


# ---------------------------------------------------------------- zip bombs


def test_zip_bomb_is_refused_from_the_directory(base_xlsx: Path, tmp_path: Path) -> None:
    """100 MB of zeros compresses to ≈100 KB; refused by ratio without inflating."""
    path = tmp_path / "bomb.xlsx"
    doctored(base_xlsx, path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z, \
            z.open("xl/media/bomb.bin", "w") as fh:
        chunk = b"\0" * (1 << 20)
        for _ in range(100):
            fh.write(chunk)
    assert path.stat().st_size < 500_000
    err = rejected(path)
    assert "zip bomb" in message(err)
    assert err.problems[0].where == f"{path.name}!xl/media/bomb.bin"
    # and the readers never see it
    rejected(path, call=lambda p: load_book(p, "calamine"))


def test_total_size_limit(base_xlsx: Path, tmp_path: Path) -> None:
    path = doctored(base_xlsx, tmp_path / "big.xlsx",
                    add={f"xl/media/p{i}.bin": bytes(range(256)) * 400 for i in range(4)})
    err = rejected(path, call=lambda p: preflight(p, Limits(max_total_bytes=200_000)))
    assert "more than the limit" in message(err)


def _understate_sizes(path: Path, member: str, claimed: int) -> None:
    """Rewrite the zip so ``member`` claims ``claimed`` uncompressed bytes, in its
    local header and in the central directory (what calamine trusts)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo(member)
    struct.pack_into("<I", data, info.header_offset + 22, claimed)
    name = member.encode()
    pos = data.rfind(b"PK\x01\x02" + b"", 0)
    while pos != -1:
        n = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46:pos + 46 + n]) == name:
            struct.pack_into("<I", data, pos + 24, claimed)
            break
        pos = data.rfind(b"PK\x01\x02", 0, pos)
    else:  # pragma: no cover - the test's own construction failed
        raise AssertionError("central directory entry not found")
    path.write_bytes(bytes(data))


def test_zip_that_understates_its_sizes(base_xlsx: Path, tmp_path: Path) -> None:
    """A member that says 2 KB but inflates to 20 MB: the directory passes every
    limit; streaming it once finds the lie (a CRC mismatch), never the reader."""
    path = tmp_path / "liar.xlsx"
    doctored(base_xlsx, path, add={"xl/media/liar.bin": b"\0" * (20 << 20)})
    _understate_sizes(path, "xl/media/liar.bin", 2048)
    err = rejected(path)
    assert err.problems[0].where == f"{path.name}!xl/media/liar.bin"
    assert "damaged" in message(err)


def test_truncated_workbook(base_xlsx: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.xlsx"
    data = base_xlsx.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    err = rejected(path)
    assert "truncated" in message(err)


def test_corrupt_member(base_xlsx: Path, tmp_path: Path) -> None:
    path = tmp_path / "corrupt.xlsx"
    data = bytearray(base_xlsx.read_bytes())
    with zipfile.ZipFile(base_xlsx) as z:
        info = z.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 5
    for i in range(start, start + 20):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    err = rejected(path)
    assert any(SHEET in p.where for p in err.problems)


# -------------------------------------------------------------- XML attacks

LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>'
    f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
    "<is><t>&lol2;</t></is></c></row></sheetData></worksheet>"
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&xxe;</t></si></sst>'
)


@pytest.mark.parametrize(("part", "xml"), [(SHEET, LAUGHS), ("xl/sharedStrings.xml", XXE)])
def test_entities_are_refused(base_xlsx: Path, tmp_path: Path, part: str, xml: str) -> None:
    path = tmp_path / "entities.xlsx"
    if part == SHEET:
        doctored(base_xlsx, path, replace={part: xml.encode()})
    else:
        doctored(base_xlsx, path, add={part: xml.encode()})
    err = rejected(path)
    assert err.problems[0].where == f"{path.name}!{part}"
    assert "DTD" in message(err)


def test_dtd_behind_a_long_prolog(base_xlsx: Path, tmp_path: Path) -> None:
    xml = '<?xml version="1.0"?><!--' + "x" * 100_000 + "-->" + LAUGHS.split("?>", 1)[1]
    path = doctored(base_xlsx, tmp_path / "prolog.xlsx", replace={SHEET: xml.encode()})
    err = rejected(path)
    assert "prolog" in message(err) or "DTD" in message(err)


def test_utf16_part_with_a_dtd(base_xlsx: Path, tmp_path: Path) -> None:
    xml = LAUGHS.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    path = doctored(base_xlsx, tmp_path / "utf16.xlsx",
                    replace={SHEET: b"\xff\xfe" + xml.encode("utf-16-le")})
    assert "DTD" in message(rejected(path))


def test_openpyxl_parses_through_defusedxml(base_xlsx: Path, tmp_path: Path) -> None:
    """Belt and braces: even past the pre-flight, openpyxl refuses entities."""
    import defusedxml

    assert openpyxl_is_defused()
    path = doctored(base_xlsx, tmp_path / "laughs.xlsx", replace={SHEET: LAUGHS.encode()})
    with pytest.raises(Exception) as info:
        openpyxl.load_workbook(path)
    chain = []
    exc: BaseException | None = info.value
    while exc is not None:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    assert any(isinstance(e, defusedxml.DefusedXmlException) for e in chain), chain


# ------------------------------------------------------------------- macros


def test_xlsm_with_vba_project(base_xlsx: Path, tmp_path: Path) -> None:
    path = doctored(base_xlsx, tmp_path / "macro.xlsm",
                    add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 100})
    err = rejected(path)
    assert "macro" in message(err)
    assert ".xlsm" in message(err)


def test_macro_content_type_alone(base_xlsx: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(base_xlsx) as z:
        types = z.read("[Content_Types].xml").replace(
            b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
    path = doctored(base_xlsx, tmp_path / "macro2.xlsx", replace={"[Content_Types].xml": types})
    assert "macro" in message(rejected(path))


def test_published_reader_refuses_too(sample_rubric: dtikit.Rubric) -> None:
    err = rejected(HOSTILE / "old-excel.xls", call=lambda p: read_published(sample_rubric, p))
    assert "old Excel" in message(err)


# ------------------------------------------- geometry, strings and counts (pre-flight)


def _sheet_with(base: Path, out: Path, rows_xml: str, dimension: str | None = None) -> Path:
    """``base`` with extra rows at the end of its first sheet (and a declared dimension)."""
    with zipfile.ZipFile(base) as z:
        xml = z.read(SHEET)
    xml = xml.replace(b"</sheetData>", rows_xml.encode() + b"</sheetData>")
    if dimension is not None:
        import re

        xml = re.sub(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{dimension}"/>'.encode(),
                     xml)
        if b"<dimension" not in xml:
            xml = xml.replace(b"<sheetData", f'<dimension ref="{dimension}"/><sheetData'.encode())
    return doctored(base, out, replace={SHEET: xml})


@pytest.mark.parametrize(("ref", "row"), [("XFD1048576", 1048576), ("ZZ200000", 200000),
                                          ("A1048577", 1048577)])
def test_a_far_cell_is_refused_before_any_grid_is_built(base_xlsx: Path, tmp_path: Path,
                                                        ref: str, row: int) -> None:
    path = _sheet_with(base_xlsx, tmp_path / "far.xlsx",
                       f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>')
    err = rejected(path)
    assert "beyond the limits of a sheet" in message(err) or "beyond any sheet" in message(err)
    assert err.problems[0].where == f"{path.name}!{SHEET}"
    rejected(path, call=lambda p: load_book(p, "calamine"))


@pytest.mark.parametrize("cell", ['<c\nr="XFD1048576"><v>1</v></c>',
                                  "<c r='XFD1048576'><v>1</v></c>",
                                  '<c r = "XFD1048576"><v>1</v></c>',
                                  '<c r="$XFD$1048576"><v>1</v></c>'])
def test_a_far_cell_written_oddly_is_refused_too(base_xlsx: Path, tmp_path: Path,
                                                 cell: str) -> None:
    path = _sheet_with(base_xlsx, tmp_path / "odd.xlsx", f'<row r="9">{cell}</row>')
    assert "beyond the limits of a sheet" in message(rejected(path))


def test_the_highest_column_is_read_exactly_when_it_matters(base_xlsx: Path,
                                                            tmp_path: Path) -> None:
    """Small references are bounded by ZZ9999 first; when that bound passes the limit,
    the sheet is read again for its exact highest column."""
    limits = Limits(max_sheet_area=50_000)  # 9,999 rows × 5 columns fit, × 6 do not
    fits = _sheet_with(base_xlsx, tmp_path / "fits.xlsx", '<row r="2"><c r="E2"><v>1</v></c></row>')
    preflight(fits, limits)
    wide = _sheet_with(base_xlsx, tmp_path / "wide.xlsx", '<row r="2"><c r="F2"><v>1</v></c></row>')
    assert "the cells reach F9999" in message(rejected(wide, call=lambda p: preflight(p, limits)))


def test_a_declared_dimension_is_bounded_too(base_xlsx: Path, tmp_path: Path) -> None:
    """openpyxl pads a sheet to its declared dimension."""
    path = _sheet_with(base_xlsx, tmp_path / "dim.xlsx", "", dimension="A1:XFD1048576")
    assert "declared dimension reaches XFD1048576" in message(rejected(path))
    rejected(path, call=lambda p: load_book(p, "openpyxl"))


def test_cell_and_string_counts_are_bounded(base_xlsx: Path, tmp_path: Path) -> None:
    cells = "".join(f'<row r="{r}"><c r="B{r}"><v>{r}</v></c></row>' for r in range(2, 60))
    path = _sheet_with(base_xlsx, tmp_path / "cells.xlsx", cells)
    assert "cells in the workbook" in message(
        rejected(path, call=lambda p: preflight(p, Limits(max_cells=20))))
    sst = (f'<sst xmlns="{MAIN_NS}">' + "<si><t>x</t></si>" * 50 + "</sst>").encode()
    path = doctored(base_xlsx, tmp_path / "sst.xlsx", add={"xl/sharedStrings.xml": sst})
    assert "shared strings" in message(
        rejected(path, call=lambda p: preflight(p, Limits(max_shared_strings=10))))
    long = (f'<sst xmlns="{MAIN_NS}"><si><t>' + "x" * 300_000 + "</t></si></sst>").encode()
    path = doctored(base_xlsx, tmp_path / "long.xlsx", add={"xl/sharedStrings.xml": long})
    assert "longer than the limit" in message(
        rejected(path, call=lambda p: preflight(p, Limits(max_tag_bytes=100_000))))


_CELL_BITS = ["<c>", "<c ", "<c/>", "<x:c ", "<cc>", "<c>x</c>", "<v>1</v>", "<c r=\"B2\">"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 1500), st.lists(st.sampled_from(_CELL_BITS), max_size=30))
def test_the_cell_limit_refuses_by_the_count_at_any_limit(
        base_xlsx: Path, tmp_path: Path, dense: int, bits: list[str]) -> None:
    """The pre-flight counts a workbook's cells only where its sheets' bytes
    could hold more than the limit (each cell spans three bytes or more): at
    every limit around the true count and around that bound, it refuses
    exactly when the count passes the limit."""
    from dtikit.formats.safety import _PREFIXED_CELL

    path = _sheet_with(base_xlsx, tmp_path / "dense.xlsx", "<c>" * dense + "".join(bits))
    with zipfile.ZipFile(path) as z:
        xml = z.read(SHEET)
    count = xml.count(b"<c ") + xml.count(b"<c>") + len(_PREFIXED_CELL.findall(xml))
    size = len(xml)
    for limit in sorted({count - 1, count, size // 4, size // 3 - 1, size // 3, size // 3 + 1}):
        if limit < 1:
            continue
        limits = Limits(max_cells=limit)
        if count > limit:
            assert "cells in the workbook" in message(
                rejected(path, call=lambda p, limits=limits: preflight(p, limits)))
        else:
            preflight(path, limits)


def test_many_small_members_are_a_bomb_together(base_xlsx: Path, tmp_path: Path) -> None:
    """Each member is under the ratio floor; all of them inflate 1000×."""
    path = doctored(base_xlsx, tmp_path / "many.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        zeros = b"\0" * (1 << 20)
        for i in range(300):
            z.writestr(f"xl/media/m{i}.bin", zeros)
    assert path.stat().st_size < 1_000_000
    err = rejected(path)
    assert "the parts together" in message(err) and "zip bomb" in message(err)


def test_member_names_are_case_insensitive(base_xlsx: Path, tmp_path: Path) -> None:
    """A member named MimeType does not break a valid workbook, nor is read whole."""
    path = doctored(base_xlsx, tmp_path / "mime.xlsx",
                    add={"MimeType": b"application/vnd.openxmlformats-officedocument"})
    preflight(path)
    odf = doctored(base_xlsx, tmp_path / "odf.xlsx",
                   add={"MIMETYPE": b"application/vnd.oasis.opendocument.spreadsheet"})
    assert "OpenDocument" in message(rejected(odf))


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be", "utf-16-be"])
def test_a_dtd_in_any_encoding_and_any_part_name(base_xlsx: Path, tmp_path: Path,
                                                 codec: str) -> None:
    xml = LAUGHS.replace('<?xml version="1.0"?>', f'<?xml version="1.0" encoding="{codec}"?>')
    bom = {"utf-32-le": b"\xff\xfe\x00\x00", "utf-32-be": b"\x00\x00\xfe\xff",
           "utf-16-be": b"\xfe\xff"}[codec]
    for name, data in ((SHEET, bom + xml.encode(codec)), ("xl/custom/data.bin", xml.encode(codec)),
                       ("customXml/item1.dat", xml.encode())):
        add = {} if name == SHEET else {name: data}
        replace = {SHEET: data} if name == SHEET else {}
        path = doctored(base_xlsx, tmp_path / "dtd.xlsx", replace=replace, add=add)
        err = rejected(path)
        assert "DTD" in message(err) and name in err.problems[0].where


# ------------------------------- the hostile corpus against the command, a batch at a time

HY = "hungyen/commune/2023"
CORPUS_TIME = 60.0  # seconds for a batch of two forms: generous; refusals take milliseconds
CORPUS_MEMORY = 3_000_000 * 1024  # bytes of address space, as `ulimit -v 3000000`


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A good filled form (Xã Tốt) and a form to doctor (Xã Hiểm)."""
    from dtikit.formats.xlsx_form import write_filled_form

    rubric = dtikit.PluginHost().rubric(HY)
    folder = tmp_path_factory.mktemp("corpus")
    out = []
    for name in ("Xã Tốt", "Xã Hiểm"):
        a = dtikit.Assessment(HY, dtikit.Unit(name),
                              [dtikit.Answer(n.code, n.max / 2) for n in rubric.leaves()])
        path = folder / f"{'good' if name == 'Xã Tốt' else 'base'}.xlsx"
        write_filled_form(rubric, a, None, path)
        out.append(path)
    return out[0], out[1]


def _hostile(kind: str, base: Path, out: Path) -> Path:
    if kind == "far-cell":
        return _sheet_with(base, out, '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    if kind == "zz200000":
        return _sheet_with(base, out, '<row r="200000"><c r="ZZ200000"><v>1</v></c></row>')
    if kind == "dimension":
        return _sheet_with(base, out, "", dimension="A1:XFD1048576")
    if kind == "styles":
        with zipfile.ZipFile(base) as z:
            styles = z.read("xl/styles.xml")
        return doctored(base, out, replace={"xl/styles.xml": styles.replace(
            b"<numFmts", b'<numFmts count="x" count="y"', 1).replace(b"<fonts", b"<fonts <", 1)})
    if kind == "bomb-members":
        path = doctored(base, out)
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
            for i in range(300):
                z.writestr(f"xl/media/m{i}.bin", b"\0" * (1 << 20))
        return path
    if kind == "utf32-dtd":
        xml = LAUGHS.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-32"?>')
        return doctored(base, out, replace={SHEET: b"\xff\xfe\x00\x00" + xml.encode("utf-32-le")})
    if kind == "formula":
        wb = openpyxl.load_workbook(base)
        ws = wb.worksheets[0]
        lay = layout(ws)  # the first indicator's result, wherever the form puts it
        lay.cell(ws, next(k for k in lay.rows if k.startswith("leaf:")), "in_a").value = \
            "=SUM(1,2)"
        wb.save(out)
        return out
    if kind == "truncated":
        data = base.read_bytes()
        out.write_bytes(data[: len(data) // 2])
        return out
    raise AssertionError(kind)


CORPUS = ["far-cell", "zz200000", "dimension", "styles", "bomb-members", "utf32-dtd",
          "formula", "truncated"]


@pytest.mark.parametrize("kind", CORPUS)
def test_the_hostile_corpus_is_one_rejected_file_of_the_batch(filled: tuple[Path, Path],
                                                              tmp_path: Path, kind: str) -> None:
    """`dtikit score` on a good form and a hostile one, as a user runs it under
    ``ulimit -v 3000000``: exit 1, the hostile file named and listed as not ranked,
    the good unit scored and ranked, in bounded time and memory."""
    import json
    import resource
    import subprocess
    import sys

    good, base = filled
    bad = _hostile(kind, base, tmp_path / f"{kind}.xlsx")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CORPUS_MEMORY, CORPUS_MEMORY))

    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "dtikit", "score", HY, str(good), str(bad),
                             "--json", "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=limit)
    out, err = proc.communicate(timeout=CORPUS_TIME * 2)
    seconds = time.perf_counter() - start
    # the largest resident size of any child reaped so far: a bound on this one's
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    assert seconds < CORPUS_TIME
    assert peak < CORPUS_MEMORY // 3, f"{peak:,} bytes resident"
    text = err.decode()
    assert proc.returncode == 1, text
    assert "Traceback" not in text and bad.name in text
    data = json.loads(out)
    assert [r["unit"]["name"] for r in data["rows"]] == ["Xã Tốt"]
    [excluded] = data["excluded"]
    assert excluded["reason"] == "rejected" and bad.name in (excluded["message"]
                                                             + excluded["unit"]["name"])
    assert {c["source"]: (c["read"], c["accepted"], c["rejected"]) for c in data["inputs"]} \
        == {str(good): (1, 1, 0), str(bad): (1, 0, 1)}
