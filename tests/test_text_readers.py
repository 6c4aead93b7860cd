"""Every reader of a text table decodes it one way, formats.tables.read_text:
the size limit, UTF-8 (with or without its mark), UTF-16 only with its
byte-order mark; a file it refuses is refused alike by each, named by the
path the reader names its file by."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import dtikit
from dtikit.appendix.readers import read_csv, read_tsv
from dtikit.appraisal.round import read_overrides
from dtikit.errors import FileRejected
from dtikit.files import read_table
from dtikit.formats.tables import read_text
from dtikit.limits import DEFAULT_LIMITS, Limits

Reader = Callable[[dtikit.Rubric, Path], Any]

READERS: dict[str, Reader] = {
    "appraisal.round.read_overrides": read_overrides,
    "appendix.readers.read_csv": lambda _rubric, path: read_csv(path),
    "appendix.readers.read_tsv": lambda _rubric, path: read_tsv(path),
    "files.read_table": read_table,
}


def refusal(read: Reader, rubric: dtikit.Rubric, path: Path) -> list[tuple[str, str]]:
    with pytest.raises(FileRejected) as info:
        read(rubric, path)
    assert info.value.source == str(path)
    return [(p.where, str(p.message)) for p in info.value.problems]


def text_file(tmp_path: Path, data: bytes, name: str = "bang.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_latin1_file_is_refused_as_read_text_refuses_it(
        tmp_path: Path, sample_rubric: dtikit.Rubric, reader: str) -> None:
    # an even number of bytes, no mark: UTF-16 without its mark would take it
    path = text_file(tmp_path, "don vi,ma,co quan\nXã Hòa,1.1,Sé\n".encode("latin-1"))
    assert len(path.read_bytes()) % 2 == 0
    said = refusal(READERS[reader], sample_rubric, path)
    assert said == refusal(lambda _r, p: read_text(p, name=str(p)), sample_rubric, path)
    assert said == [(str(path), "the text is not UTF-8 (save it as CSV UTF-8)")]


@pytest.mark.parametrize("reader", sorted(READERS))
def test_an_over_size_file_is_refused_before_it_is_read(
        tmp_path: Path, sample_rubric: dtikit.Rubric, reader: str) -> None:
    path = tmp_path / "bang.csv"
    with path.open("wb") as fh:  # sparse: the limit is checked on the size alone
        fh.truncate(DEFAULT_LIMITS.max_text_bytes + 1)
    said = refusal(READERS[reader], sample_rubric, path)
    assert said == refusal(lambda _r, p: read_text(p, name=str(p)), sample_rubric, path)
    size = DEFAULT_LIMITS.max_text_bytes + 1
    assert said == [(str(path), f"{size:,} bytes, more than the limit "
                                f"{DEFAULT_LIMITS.max_text_bytes:,} for a text table")]


def test_utf16_with_its_mark_is_read_by_each(tmp_path: Path,
                                             sample_rubric: dtikit.Rubric) -> None:
    code = next(iter(sample_rubric.leaves())).code
    text = f"Mã đơn vị\tMã chỉ số\tCơ quan thẩm định\nXã Hòa\t{code}\tSở Thông tin\n"
    for encoding in ("utf-16", "utf-8-sig", "utf-8"):
        path = text_file(tmp_path, text.encode(encoding), "giao.tsv")
        [override] = read_overrides(sample_rubric, path)
        assert (override.unit, override.code, override.agency) == ("Xã Hòa", code,
                                                                   "Sở Thông tin")
        assert [r.cells for r in read_tsv(path)] == [("Mã đơn vị", "Mã chỉ số", "Cơ quan thẩm định"),
                                                    ("Xã Hòa", code, "Sở Thông tin")]


def test_read_text_names_the_file_as_asked(tmp_path: Path) -> None:
    path = text_file(tmp_path, b"\xe9t\xe9\n")
    with pytest.raises(FileRejected) as info:
        read_text(path)
    assert [p.where for p in info.value.problems] == ["bang.csv"]  # its name by default
    with pytest.raises(FileRejected) as info:
        read_text(path, Limits(max_text_bytes=2), name="thư mục/bang.csv")
    assert [p.where for p in info.value.problems] == ["thư mục/bang.csv"]
