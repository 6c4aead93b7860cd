"""Sign-off: the decision that approved a round's results (number, date,
signer), with a content hash (SHA-256) of every input file and the totals
approved — so a later change to any form, appraisal workbook or overrides
file, or a published table that differs from what was approved, is found by
``dtikit check-table … --signoff FILE``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs

from ..errors import Problem
from ..messages import Text
from ..model import name_key, nfc, to_tuple
from ..numbers import format_vi
from ..published import PublishedTable
from ..ranking import Results


@attrs.frozen
class SignedFile:
    """One input file and the SHA-256 of its bytes when signed."""

    path: str
    sha256: str


@attrs.frozen
class InputFolder:
    """A folder given as input and the files it held when signed (a form added
    or removed later is a change too)."""

    path: str
    files: tuple[str, ...] = attrs.field(converter=to_tuple)


@attrs.frozen
class SignedRow:
    """One unit's approved result (``rank`` None: not ranked)."""

    unit_id: str
    unit: str
    total: Decimal | None
    rank: int | None = None
    class_label: str | None = None


@attrs.frozen
class SignOff:
    """The approval of a round's final results."""

    rubric_id: str
    decision: str = attrs.field(converter=nfc)  # số quyết định, e.g. "2947/QĐ-UBND"
    date: date
    signer: str = attrs.field(converter=nfc)
    inputs: tuple[SignedFile, ...] = attrs.field(converter=to_tuple)
    rows: tuple[SignedRow, ...] = attrs.field(default=(), converter=to_tuple)
    digest: str = ""  # SHA-256 over the inputs' (name, hash) pairs
    folders: tuple[InputFolder, ...] = attrs.field(default=(), converter=to_tuple)

    def cite(self) -> str:
        return f"Quyết định {self.decision} ngày {self.date:%d/%m/%Y}, {self.signer}"


def file_hash(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def _digest(inputs: Iterable[SignedFile]) -> str:
    h = hashlib.sha256()
    for f in sorted(inputs, key=lambda x: (x.path, x.sha256)):
        h.update(f"{f.path}\0{f.sha256}\n".encode())
    return h.hexdigest()


def _rel(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def sign_off(rubric_id: str, results: Results, inputs: Sequence[str | Path], *, decision: str,
             when: date, signer: str, base: str | Path = ".",
             folders: Mapping[str, Sequence[str]] | None = None) -> SignOff:
    """Sign the ``results`` computed from ``inputs`` (paths stored relative to
    ``base``, the folder the sign-off file is written to). ``folders`` maps a
    folder given as input to the files read from it."""
    b = Path(base)
    files = tuple(SignedFile(_rel(Path(p), b), file_hash(p)) for p in inputs)
    listed = tuple(InputFolder(_rel(Path(f), b), sorted(Path(x).name for x in names))
                   for f, names in (folders or {}).items())
    rows = [SignedRow(r.unit.id, r.unit.name, r.total, r.rank, r.class_label)
            for r in results.rows]
    rows += [SignedRow(e.unit.id, e.unit.name, e.total, None, None) for e in results.excluded]
    return SignOff(rubric_id, decision, when, signer, files, rows, _digest(files), listed)


def verify_sign_off(signed: SignOff, base: str | Path, table: PublishedTable | None = None,
                    *, list_folder: Callable[[Path], Sequence[str]] | None = None,
                    ) -> list[Problem]:
    """Every way the round no longer matches its sign-off: an input changed or
    missing, the digest altered, a file added to or removed from an input
    folder (``list_folder`` lists the files a folder stands for), a published
    row whose total or rank differs from the approved one. ``base``: the
    folder of the sign-off file."""
    b = Path(base)
    out: list[Problem] = []
    for folder in signed.folders:
        if list_folder is None:
            break
        full = b / folder.path  # an absolute path stays itself
        now = set(Path(x).name for x in list_folder(full)) if full.is_dir() else set()
        for name in sorted(now - set(folder.files)):
            out.append(Problem(f"{folder.path}/{name}", Text("signoff.added")))
        for name in sorted(set(folder.files) - now):
            out.append(Problem(f"{folder.path}/{name}", Text("signoff.removed")))
    if signed.digest != _digest(signed.inputs):
        out.append(Problem(Text("at.signoff"), Text("signoff.digest")))
    for f in signed.inputs:
        full = b / f.path
        if not full.is_file():
            out.append(Problem(f.path, Text("signoff.missing")))
        elif file_hash(full) != f.sha256:
            out.append(Problem(f.path, Text("signoff.changed", cite=signed.cite())))
    if table is not None:
        by_name = {name_key(r.unit): r for r in signed.rows}
        by_id = {r.unit_id: r for r in signed.rows}
        for row in table.rows:
            want = by_id.get(row.unit) or by_name.get(name_key(row.unit))
            where = row.where or row.unit
            if want is None:
                out.append(Problem(where, Text("signoff.unit_unknown", unit=row.unit)))
                continue
            if want.total is not None and row.total is not None and row.total != want.total:
                out.append(Problem(where, Text("signoff.total", unit=row.unit,
                                               total=format_vi(row.total),
                                               approved=format_vi(want.total))))
            if want.rank is not None and row.rank is not None and row.rank != want.rank:
                out.append(Problem(where, Text("signoff.rank", unit=row.unit, rank=row.rank,
                                               approved=want.rank)))
    return out
