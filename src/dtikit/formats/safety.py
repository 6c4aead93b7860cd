"""Pre-flight: look at an untrusted file with the standard library (and NumPy,
to count marks in a sheet's bytes), before any spreadsheet reader touches it.

Both readers (openpyxl, python-calamine) will inflate a zip bomb until memory
runs out, and calamine trusts the sizes a zip declares. A few milliseconds
here — the file's magic bytes, the zip directory, each member streamed once
with its real size counted, the prolog of every XML part — stop bombs,
entity tricks, macros and files that are not workbooks at all, each with a
message that says what the file is.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

import attrs
import numpy as np

from ..errors import FileRejected, Problem
from ..limits import DEFAULT_LIMITS as DEFAULT_LIMITS  # their home, re-exported here
from ..limits import KiB as KiB
from ..limits import Limits as Limits
from ..limits import MiB as MiB
from ..messages import Text

_XML_SUFFIXES = (".xml", ".rels", ".vml")
_MACRO_PARTS = ("xl/vbaproject.bin", "xl/vbadata.xml")
_MACRO_TYPES = (b"macroenabled", b"vbaproject")


@attrs.frozen
class ZipSummary:
    """What the pre-flight saw: the members and their real uncompressed sizes."""

    path: Path
    members: tuple[str, ...]
    total_bytes: int
    uncached: dict[str, frozenset[tuple[int, int]]] = attrs.field(factory=dict)
    """Per worksheet part (zip member) with any, the 0-based (row, col) of formula
    cells saved without their value (:class:`FormulaCells`), found in the same reading."""


def _reject(path: Path, message: str, member: str | None = None) -> FileRejected:
    where = f"{path.name}!{member}" if member else path.name
    return FileRejected([Problem(where, message)], source=str(path))


# ------------------------------------------------------------------ sniffing

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _binary_kinds() -> tuple[tuple[bytes, str], ...]:
    """The binary kinds by their first bytes (made when sniffing: the texts are read
    from their catalogue on first use, not when dtikit is imported)."""
    return (
        (b"%PDF", Text("kind.pdf")),
        (_OLE2, Text("kind.ole2")),
        (b"{\\rtf", Text("kind.other", kind=Text("kind.rtf"))),
        (b"\x1f\x8b", Text("kind.other", kind=Text("kind.gzip"))),
        (b"Rar!", Text("kind.other", kind=Text("kind.rar"))),
        (b"7z\xbc\xaf", Text("kind.other", kind=Text("kind.7z"))),
        (b"\x89PNG", Text("kind.other", kind=Text("kind.png"))),
        (b"\xff\xd8\xff", Text("kind.other", kind=Text("kind.jpeg"))),
    )


def _looks_textual(head: bytes) -> str | None:
    """A name for text content, or None when the bytes are binary."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                       (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            text = head[len(bom):].decode(codec, errors="replace")
            break
    else:
        if b"\x00" in head:
            return None
        text = head.decode("utf-8", errors="replace")
    low = text.lstrip().lower()
    if low.startswith(("<!doctype html", "<html", "<table", "<meta")) or "<html" in low[:512]:
        return Text("kind.html")
    if low.startswith("<?xml") or low.startswith("<"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in low:
            return Text("kind.xml2003")
        return Text("kind.other", kind=Text("kind.xml"))
    lines = text.splitlines()
    sep = Text("kind.tab" if "\t" in text else "kind.comma" if "," in text else "kind.plain")
    return Text("kind.text", sep=sep, lines=len(lines), size=len(head))


def describe_bytes(head: bytes) -> str:
    """What a file that is not an xlsx looks like, from its first bytes."""
    if not head:
        return Text("kind.empty")
    for magic, text in _binary_kinds():
        if head.startswith(magic):
            return text
    textual = _looks_textual(head)
    if textual:
        return textual
    return Text("kind.binary", head=head[:8].hex(" "))


def sniff(path: Path) -> bytes:
    """The file's first 4 KiB (for :func:`describe_bytes`)."""
    with path.open("rb") as fh:
        return fh.read(4 * KiB)


# ------------------------------------------------------------------ the zip


def _check_kind(path: Path, names: set[str], zf: zipfile.ZipFile) -> None:
    """A zip is not yet a workbook: say what else it is."""
    lower = {n.lower() for n in names}
    if "mimetype" in lower:
        member = next(n for n in names if n.lower() == "mimetype")
        try:
            with zf.open(member) as fh:  # never the whole member: it may inflate to gigabytes
                kind = fh.read(100).decode("ascii", errors="replace")
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError,
                zlib.error) as exc:
            raise _reject(path, f"a damaged part ({type(exc).__name__}: {exc})", member) from None
        if "opendocument" in kind:
            raise _reject(path, Text("kind.opendocument", kind=kind))
    if any(n in lower for n in _MACRO_PARTS):
        raise _reject(path, Text("kind.xlsm"))
    if "xl/workbook.bin" in lower:
        raise _reject(path, Text("kind.xlsb"))
    if "word/document.xml" in lower:
        raise _reject(path, Text("kind.other", kind=Text("kind.docx")))
    if any(n.startswith("ppt/") for n in lower):
        raise _reject(path, Text("kind.other", kind=Text("kind.pptx")))
    if "xl/workbook.xml" not in lower or "[content_types].xml" not in lower:
        raise _reject(path, Text("kind.zip"))


def _check_directory(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_members:
        raise _reject(path, f"{len(infos)} parts in the zip, more than the limit "
                      f"{limits.max_members}")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _reject(path, Text("kind.encrypted"),
                          info.filename)
        size = info.file_size
        total += size
        if size > limits.max_member_bytes:
            raise _reject(path, f"inflates to {size:,} bytes, more than the limit "
                          f"{limits.max_member_bytes:,}: refused as a possible zip bomb",
                          info.filename)
        if size > limits.ratio_floor and size > limits.max_ratio * max(info.compress_size, 1):
            ratio = size // max(info.compress_size, 1)
            raise _reject(path, f"compressed {ratio}:1 ({info.compress_size:,} → {size:,} "
                          f"bytes), more than the limit {limits.max_ratio}:1: refused as a "
                          "zip bomb", info.filename)
    if total > limits.max_total_bytes:
        raise _reject(path, f"the parts inflate to {total:,} bytes in all, more than the limit "
                      f"{limits.max_total_bytes:,}: refused as a possible zip bomb")
    packed = sum(max(i.compress_size, 1) for i in infos)
    if total > limits.ratio_floor and total > limits.max_ratio * packed:
        raise _reject(path, f"the parts together are compressed {total // packed}:1 ({packed:,} "
                      f"→ {total:,} bytes), more than the limit {limits.max_ratio}:1: refused as "
                      "a zip bomb")


_PROLOG_ITEM = re.compile(
    r"\s+|<\?xml[^>]*\?>|<\?[^>]*\?>|<!--.*?-->", re.DOTALL)


_BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _decode_head(head: bytes) -> str:
    """The first bytes of a part as text, in whatever encoding XML allows (a byte-order
    mark, or the pattern of zero bytes around the first ``<``)."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return head[len(bom):].decode(codec, errors="replace")
    if head[:4] == b"\x00\x00\x00<":
        codec = "utf-32-be"
    elif head[:4] == b"<\x00\x00\x00":
        codec = "utf-32-le"
    elif head[:2] == b"\x00<":
        codec = "utf-16-be"
    elif head[:2] == b"<\x00":
        codec = "utf-16-le"
    else:
        codec = "utf-8"
    n = 4 if codec.startswith("utf-32") else 2 if codec.startswith("utf-16") else 1
    return head[:len(head) - len(head) % n].decode(codec, errors="replace")


def _looks_xml(head: bytes, name: str) -> bool:
    """An XML part, whatever its name: the text starts with ``<`` after a BOM and blanks."""
    if name.lower().endswith(_XML_SUFFIXES):
        return True
    return _decode_head(head[:256]).lstrip(" \t\r\n\ufeff").startswith("<")


def _prolog_problem(head: bytes, complete: bool) -> str | None:
    """A reason to refuse an XML part from its first bytes, or None.

    A DTD (and so any entity: billion laughs, quadratic blow-up, XXE) can only
    stand in the prolog, before the root element; no workbook part needs one."""
    text = _decode_head(head)
    upper = text.upper()
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
        return "declares a DTD or entities (<!DOCTYPE / <!ENTITY): refused (XML bomb or XXE)"
    pos = 0
    while True:
        m = _PROLOG_ITEM.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    if pos < len(text):
        if text[pos] == "<" and text[pos + 1:pos + 2] not in ("!", "?", ""):
            return None  # the root element starts: no DTD can follow
        if not text[pos:].strip():
            return None
        return f"does not start like XML ({text[pos:pos + 20]!r})"
    if complete:
        return None
    return "has an XML prolog longer than the limit: refused"


def _stream_members(path: Path, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo],
                    limits: Limits, uncached: dict[str, frozenset[tuple[int, int]]]) -> int:
    """Inflate every member once, counting real bytes: a size the directory
    understates (calamine trusts it) shows up as a damaged member. A worksheet's
    formula cells without a saved value are put in ``uncached`` on the way."""
    total = 0
    chunk = max(limits.max_prolog_bytes, 64 * KiB)
    cells = _CellCount(limits, sum(i.file_size for i in infos if _is_sheet(i.filename)))
    for info in infos:
        name = info.filename
        seen = 0
        scan = _scanner(path, info, limits, cells)
        try:
            with zf.open(info) as fh:
                first = fh.read(chunk)
                seen = len(first)
                if first and _looks_xml(first, name):
                    why = _prolog_problem(first[:limits.max_prolog_bytes],
                                          len(first) < limits.max_prolog_bytes)
                    if why:
                        raise _reject(path, why, name)
                if scan is not None:
                    scan.feed(first)
                while data := fh.read(chunk):
                    seen += len(data)
                    if seen > limits.max_member_bytes:
                        raise _reject(path, "inflates past the size limit: refused as a zip "
                                      "bomb", name)
                    if seen > info.file_size:  # (zipfile stops there: never met)
                        raise _reject(path, "inflates past the size the zip directory "
                                      "declares: a damaged part", name)
                    if scan is not None:
                        scan.feed(data)
                if scan is not None:
                    scan.close()
            if isinstance(scan, _SheetScan) and scan.needs_exact():
                with zf.open(info) as fh:
                    while data := fh.read(chunk):
                        scan.exact(data)
                scan.finish()
            if isinstance(scan, _SheetScan) and scan.formulas.found:
                uncached[name] = frozenset(scan.formulas.found)
        except zipfile.BadZipFile as exc:
            raise _reject(path, f"a damaged part ({exc}); the file may be truncated", name) from None
        except (OSError, EOFError, NotImplementedError, RuntimeError, zlib.error) as exc:
            raise _reject(path, f"cannot be read ({type(exc).__name__}: {exc}); the file may be "
                          "truncated or damaged", name) from None
        total += seen
        if total > limits.max_total_bytes:
            raise _reject(path, "the parts inflate past the total size limit: refused as a zip "
                          "bomb")
    return total


# ------------------------------------------------------------------ geometry


# The highest cell of a sheet is found without parsing every reference (a sheet of
# 10,000 units has millions): references of at most 2 letters and 4 digits are
# within ZZ9999, so only the others are read one by one ("big"). When the grid
# up to ZZ and the highest row would pass the limit, the member is read a second
# time for its exact highest column. A file with unusual spacing or quoting is
# read with the general patterns.
_BIG_REF = re.compile(rb' r="(?=[A-Za-z]{3}|[A-Za-z]{0,2}[0-9]{5})([A-Za-z]*)([0-9]*)')
_BIG_REF_ANY = re.compile(rb"\sr\s*=\s*[\"'](?=\$?[A-Za-z]{3}|\$?[A-Za-z]{0,2}\$?[0-9]{5})"
                          rb"\$?([A-Za-z]*)\$?([0-9]*)")
_ODD_SYNTAX = re.compile(rb"[\t\r\n]r=|r=[ \t\r\n']")  # only where "r=" is not ' r="'
_SPACED = re.compile(rb"r[ \t\r\n]+=")
_LETTERS_ANY = re.compile(rb"\sR\s*=\s*[\"']\$?([A-Z]{1,3})\$?[0-9]")
_TWO_LETTERS = re.compile(rb' R="([A-Z]{2})[0-9]')
_ONE_LETTER = re.compile(rb' R="([A-Z])[0-9]')
_SMALL_ROW, _SMALL_COL = 9_999, 702  # ZZ9999: the highest reference _BIG_REF lets pass
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:c[\s/>]")
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s[^>]*?\bref\s*=\s*[\"']([^\"']*)")
_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si(?=[\s/>])")
_REF = re.compile(r"^\$?([A-Za-z]{1,7})\$?([0-9]{1,12})$")


def _column_number(letters: bytes | str) -> int:
    n = 0
    for ch in (letters.decode("ascii") if isinstance(letters, bytes) else letters).upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def _column_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _byte_class(chars: bytes) -> np.ndarray[tuple[int], np.dtype[np.bool_]]:
    table = np.zeros(256, dtype=np.bool_)
    table[list(chars)] = True
    return table


_IS_LETTER = _byte_class(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_IS_DIGIT = _byte_class(b"0123456789")
_PAD = b"\0" * 8  # the look-ahead of a mark near the end stays inside the array


class _Marks:
    """What :meth:`_SheetScan.scan` counts in a chunk, found by NumPy over its
    bytes (each one a byte test over the whole chunk, then a look at the few
    bytes beside each ``<`` and ``=``), the same numbers as ``bytes.count``:

    :attr:`cells` — ``<c `` and ``<c>``; ``plain`` — `` r="``; ``r_eq`` — ``r=``;
    ``spaced`` — some ``=`` follows a blank or another byte up to 0x20 (else
    ``_SPACED`` cannot match);
    :meth:`big` — where a `` r="`` may start a reference ``_BIG_REF`` matches
    (three letters, or five digits after at most two): a superset, each one
    matched by the regular expression itself."""

    __slots__ = ("a", "n", "plain", "plain_at", "r_eq", "spaced")

    def __init__(self, data: bytes) -> None:
        n = self.n = len(data)
        a = np.frombuffer(data + _PAD, dtype=np.uint8)
        eq = np.flatnonzero(a[1:n] == 61) + 1  # =, after the first byte
        before = a[eq - 1]
        self.spaced = bool(before.size) and int(before.min()) <= 32
        r = eq[before == 114]  # r=
        self.r_eq = len(r)
        self.plain_at = r[(a[r - 2] == 32) & (a[r + 1] == 34)] - 2  # ' r="' (a[-1] is padding)
        self.plain = len(self.plain_at)
        self.a = a

    @property
    def cells(self) -> int:
        """``<c `` and ``<c>`` (counted when asked: see :class:`_CellCount`)."""
        a = self.a
        lt = np.flatnonzero(a[:self.n] == 60)  # <
        third = a[lt + 2]
        return int(np.count_nonzero((a[lt + 1] == 99) & ((third == 32) | (third == 62))))

    def big(self) -> list[int]:
        a, at = self.a, self.plain_at
        if not len(at):
            return []
        s = at + 4
        l0, l1 = _IS_LETTER[a[s]], _IS_LETTER[a[s + 1]]
        lead = l0.astype(np.intp) + (l0 & l1)  # letters before the digits, at most two
        maybe = (l0 & l1 & _IS_LETTER[a[s + 2]]) | _IS_DIGIT[a[s + lead + 4]]
        result: list[int] = at[maybe].tolist()
        return result


class _CellCount:
    """Cells counted over every sheet of the workbook.

    Each cell counted (``<c ``, ``<c>``, ``<x:c ``) starts at a ``<`` of its own
    and spans three bytes or more, so a sheet's bytes over three bound its
    cells. When the sheets' sizes (``sheet_bytes``, as the zip directory
    declares them: no member is streamed past its declared size) cannot hold
    more than the limit, no chunk needs counting (``exact`` False): the limit
    refuses exactly the files it refused with every cell counted."""

    def __init__(self, limits: Limits, sheet_bytes: int = -1) -> None:
        self.limits = limits
        self.cells = 0
        self.exact = sheet_bytes < 0 or sheet_bytes // 3 > limits.max_cells


class _Scan:
    """A part read in chunks, cut at tag boundaries (never held whole): a tag that
    spans two chunks is seen once, whole."""

    def __init__(self, path: Path, name: str, limits: Limits) -> None:
        self.path, self.name, self.limits = path, name, limits
        self.carry = b""

    def feed(self, data: bytes) -> None:
        buf = self.carry + data
        cut = buf.rfind(b">") + 1
        self.carry = buf[cut:]
        if len(self.carry) > self.limits.max_tag_bytes:
            raise _reject(self.path, f"an XML tag or text longer than the limit "
                          f"{self.limits.max_tag_bytes:,} bytes", self.name)
        if cut:
            self.scan(buf[:cut])

    def close(self) -> None:
        if self.carry.strip():
            self.scan(self.carry)
        self.carry = b""

    def scan(self, data: bytes) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


_FORMULA_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(c|f|v|is)(?=[\s/>])([^>]*?)(/?)>")
_CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')


class FormulaCells:
    """The formula cells of a worksheet saved without their value (a file written
    by a program that does not calculate): a reader sees them empty.

    Fed the sheet's XML in chunks cut between tags (:meth:`feed`); only chunks
    with a formula tag, or inside a cell, are looked at tag by tag. ``found``:
    the 0-based (row, col) of each such cell."""

    def __init__(self) -> None:
        self.found: set[tuple[int, int]] = set()
        self.ref: tuple[int, int] | None = None  # the cell being read
        self.formula = False  # it has an <f>
        self.value = False  # it has a saved value
        self.v_end = 0  # where its <v> ended, relative to the chunk being read
        self.tail = b""  # the last tag of a chunk passed over, read with the next one

    def feed(self, data: bytes) -> None:
        # one byte first (memchr): most chunks of a sheet have no "f" at all
        if self.ref is None and (b"f" not in data or (b"<f" not in data and b":f" not in data)):
            last = data.rfind(b"<")  # the last tag: a cell it opens has its <f> next
            self.tail = data[last:] if last >= 0 else b""
            return
        if self.tail:
            data, self.tail = self.tail + data, b""
        for m in _FORMULA_TAG.finditer(data):
            closing, name, attrs_, empty = m.group(1), m.group(2), m.group(3), m.group(4)
            if name == b"c":
                if closing:
                    if self.ref is not None and self.formula and not self.value:
                        self.found.add(self.ref)
                    self.ref, self.formula, self.value = None, False, False
                elif not empty:
                    r = _CELL_REF.search(b" " + attrs_)
                    self.ref = (int(r.group(2)) - 1, _column_number(r.group(1)) - 1) \
                        if r else None
                    self.formula = self.value = False
            elif self.ref is not None:
                if name == b"f" and not closing:
                    self.formula = True
                elif name == b"is" and not closing:  # an inline string: a value was saved
                    self.value = True
                elif name == b"v" and not closing and not empty:
                    self.v_end = m.end()
                elif name == b"v" and closing and m.start() > self.v_end:  # <v></v>: no value
                    self.value = True
        self.v_end -= len(data)  # a <v> open at the end: its text starts in the next chunk


class _SheetScan(_Scan):
    """A worksheet: its highest row and column (in its cells and its ``<dimension>``),
    the grid from A1 to them, its cells."""

    def __init__(self, path: Path, name: str, limits: Limits, cells: _CellCount) -> None:
        super().__init__(path, name, limits)
        self.count = cells
        self.row = 0  # the highest row and column of the big references, exactly
        self.col = 0
        self.small = False  # references within ZZ9999 seen
        self.odd = False  # references the fast patterns do not see
        self.exact_col = 0  # the second reading: the highest column of every reference
        self.in_data = False  # past <sheetData>: no <dimension> can follow
        self.formulas = FormulaCells()  # found in the same reading

    def _limit(self, row: int, col: int, what: str, *, bound: bool = False) -> None:
        lim = self.limits
        if row > lim.max_sheet_rows or col > lim.max_sheet_columns or \
                row * col > lim.max_sheet_area:
            ref = f"{_column_letters(col)}{row}" if col <= 18278 else f"column {col:,}, row {row:,}"
            reach = f"{what} reach{'' if bound else 'es'} {ref}"
            raise _reject(self.path, f"{reach}: beyond the limits of a sheet "
                          f"({lim.max_sheet_rows:,} rows, {lim.max_sheet_columns:,} columns, "
                          f"{lim.max_sheet_area:,} cells from A1 to the last one); a reader "
                          "would build a grid that large", self.name)

    def scan(self, data: bytes) -> None:
        lim = self.limits
        marks = _Marks(data)
        if self.count.exact:  # else the sheets are too small to pass the limit
            n = marks.cells
            if b":" in data and b":c" in data:  # one byte first (memchr), rare in a sheet
                n += len(_PREFIXED_CELL.findall(data))
            if n:
                self.count.cells += n
                if self.count.cells > lim.max_cells:
                    raise _reject(self.path, f"more than {lim.max_cells:,} cells in the "
                                  "workbook, the limit", self.name)
        plain = marks.plain
        odd = (marks.r_eq > plain and _ODD_SYNTAX.search(data) is not None) \
            or (marks.spaced and _SPACED.search(data) is not None) \
            or (b"$" in data and b'r="$' in data)
        self.odd |= odd
        found = _BIG_REF_ANY.finditer(data) if odd else \
            filter(None, (_BIG_REF.match(data, p) for p in marks.big()))
        for m in found:
            letters, digits = m.group(1), m.group(2)
            if len(letters) > 3 or len(digits) > 7:
                raise _reject(self.path, f"a cell or row reference {(letters + digits)[:20]!r} "
                              "beyond any sheet", self.name)
            col, row = _column_number(letters) if letters else 0, int(digits) if digits else 0
            self._limit(row, col, "a cell" if letters else "a row")
            self.row, self.col = max(self.row, row), max(self.col, col)
        self.small |= plain > 0 or odd
        if not self.in_data and b"dimension" in data:  # it stands before the sheet's data
            for m in _DIMENSION.finditer(data):
                for part in m.group(1).decode("ascii", errors="replace").split(":"):
                    ref = _REF.match(part.strip())
                    if ref is None:
                        continue
                    self._limit(int(ref.group(2)), _column_number(ref.group(1)),
                                "the declared dimension")
        self.in_data = self.in_data or b"sheetData" in data
        self.formulas.feed(data)

    def _grid(self, col: int) -> tuple[int, int]:
        row = max(self.row, _SMALL_ROW if self.small else 0)
        return row, max(self.col, col)

    def needs_exact(self) -> bool:
        """Whether the grid up to column ZZ passes the limit: then the highest column
        is read exactly (:meth:`exact`, a second reading), else the bound is enough."""
        row, col = self._grid(_SMALL_COL if self.small else 0)
        return row * col > self.limits.max_sheet_area

    def exact(self, data: bytes) -> None:
        upper = data.upper()
        if self.odd:
            col = max((_column_number(s) for s in set(_LETTERS_ANY.findall(upper))), default=0)
        else:
            two = _TWO_LETTERS.findall(upper)
            col = _column_number(max(two)) if two else max(
                (_column_number(s) for s in set(_ONE_LETTER.findall(upper))), default=0)
        self.exact_col = max(self.exact_col, col)

    def finish(self) -> None:
        row, col = self._grid(self.exact_col)
        self._limit(row, col, "the cells", bound=True)


class _StringsScan(_Scan):
    """The shared-string table: how many strings, none longer than the limit."""

    def __init__(self, path: Path, name: str, limits: Limits) -> None:
        super().__init__(path, name, limits)
        self.strings = 0
        self.since = 0  # bytes since the last string started

    def feed(self, data: bytes) -> None:
        super().feed(data)

    def scan(self, data: bytes) -> None:
        lim = self.limits
        last = 0
        for m in _STRING.finditer(data):
            self.strings += 1
            self.since = 0
            last = m.start()
        self.since += len(data) - last
        if self.strings > lim.max_shared_strings:
            raise _reject(self.path, f"more than {lim.max_shared_strings:,} shared strings, the "
                          "limit", self.name)
        if self.since > lim.max_string_bytes:
            raise _reject(self.path, f"a string longer than the limit {lim.max_string_bytes:,} "
                          "bytes", self.name)


def _is_sheet(name: str) -> bool:
    low = name.lower()
    return low.startswith("xl/worksheets/") and low.endswith(".xml")


def _scanner(path: Path, info: zipfile.ZipInfo, limits: Limits,
             cells: _CellCount) -> _Scan | None:
    name = info.filename
    low = name.lower()
    if _is_sheet(name):
        return _SheetScan(path, name, limits, cells)
    if low == "xl/sharedstrings.xml":
        return _StringsScan(path, name, limits)
    return None


def preflight(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> ZipSummary:
    """Check an untrusted .xlsx before any reader opens it.

    Raises :class:`~dtikit.errors.FileRejected` naming the file (and the zip
    part) when the file is missing, empty, not a zip (saying what it looks
    like), a damaged or truncated zip, a zip bomb, a macro-enabled or binary
    workbook, or has an XML part with a DTD.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _reject(path, Text("file.cannot_open", error=exc.strerror or exc)) from None
    if size > limits.max_file_bytes:
        raise _reject(path, Text("file.too_big", size=size, limit=limits.max_file_bytes))
    head = sniff(path)
    if not head.startswith(b"PK\x03\x04"):
        if head.startswith(b"PK\x05\x06"):
            raise _reject(path, Text("kind.other", kind=Text("kind.empty_zip")))
        raise _reject(path, describe_bytes(head))
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise _reject(path, Text("kind.damaged_zip", error=exc)) from None
    with zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        _check_directory(path, infos, limits)
        _check_kind(path, names, zf)
        _check_content_types(path, zf)
        uncached: dict[str, frozenset[tuple[int, int]]] = {}
        total = _stream_members(path, zf, infos, limits, uncached)
    return ZipSummary(path, tuple(sorted(names)), total, uncached)


def _check_content_types(path: Path, zf: zipfile.ZipFile) -> None:
    name = next(n for n in zf.namelist() if n.lower() == "[content_types].xml")
    info = zf.getinfo(name)
    if info.file_size > 4 * MiB:
        raise _reject(path, "an oversized content-type list", name)
    try:
        data = zf.read(name).lower()
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise _reject(path, f"a damaged part ({exc})", name) from None
    if any(t in data for t in _MACRO_TYPES):
        raise _reject(path, "a macro-enabled workbook (.xlsm): dtikit never opens macros; save "
                      "it as an Excel Workbook (.xlsx)", name)


def openpyxl_is_defused() -> bool:
    """True when openpyxl parses XML through defusedxml (it does when installed)."""
    from openpyxl import xml

    return bool(xml.DEFUSEDXML)
