"""The limits of what an input file may hold (:class:`Limits`): one home, low
in the layers, so that every reader — the JSON and TOML readers of
:mod:`dtikit.convert` as well as the spreadsheet and text readers of
:mod:`dtikit.formats` — takes them from it. :mod:`dtikit.formats.safety`
re-exports them (their documented name there keeps working)."""

from __future__ import annotations

import attrs

KiB = 1024
MiB = 1024 * KiB


@attrs.frozen
class Limits:
    """What an input file may hold: every limit dtikit applies to a file before
    (and while) reading it, one named field each. The defaults take a
    100,000-unit collection with room to spare and refuse any bomb; a file
    beyond a limit is one rejected file, named, never the end of a batch.

    ``max_ratio`` applies to members larger than ``ratio_floor``, and to all
    the members together: sheet XML compresses 5–30×, a bomb 1000×."""

    max_file_bytes: int = 256 * MiB
    """Bytes of a workbook file on disk."""
    max_members: int = 10_000
    """Parts (zip members) of a workbook."""
    max_member_bytes: int = 512 * MiB
    """Bytes one part inflates to (counted while it is streamed, never trusted from the zip)."""
    max_total_bytes: int = 1024 * MiB
    """Bytes all the parts inflate to together."""
    max_ratio: int = 200
    """Compression ratio of a part larger than ``ratio_floor``, and of all the parts together."""
    ratio_floor: int = 1 * MiB
    """Parts up to this size are not held to ``max_ratio`` one by one (only together)."""
    max_prolog_bytes: int = 64 * KiB
    """Bytes of an XML part's prolog (before its root element), where a DTD would stand."""
    max_text_bytes: int = 16 * MiB
    """CSV / TSV / TXT tables (a published table is a few thousand rows at most)."""
    max_sheet_rows: int = 1_048_576
    """The highest row of a sheet, in its cells and in its declared ``<dimension>`` (Excel's own limit)."""
    max_sheet_columns: int = 2_048
    """The highest column of a sheet (a dtikit collection of 100 indicators needs ~500)."""
    max_sheet_area: int = 30_000_000
    """Highest row × highest column of a sheet: a reader builds a grid that large,
    so one cell at XFD1048576 would cost gigabytes."""
    max_cells: int = 30_000_000
    """Cells written in all the sheets of a workbook."""
    max_shared_strings: int = 5_000_000
    """Entries of the shared-string table."""
    max_string_bytes: int = 1 * MiB
    """Bytes of one shared string or inline string, its markup included (Excel's
    own limit is 32,767 characters)."""
    max_tag_bytes: int = 1 * MiB
    """Bytes of one XML tag (with its attributes) in a sheet."""
    max_json_bytes: int = 256 * MiB
    """A JSON input (assessments, appraisals, last year's results, a rubric)."""
    max_toml_bytes: int = 16 * MiB
    """A TOML rubric file."""
    max_nesting: int = 64
    """Nesting of arrays and objects in JSON and TOML (dtikit's own files use < 10)."""
    max_indicators: int = 10_000
    """Indicator rows of one rubric (real rubrics have tens to a few hundred)."""
    max_indicator_depth: int = 16
    """Levels of the indicator tree (real rubrics have 2–4)."""
    max_name_chars: int = 500
    """Characters of a unit's name or id (a cell holds 32,767; a name never needs 500)."""


DEFAULT_LIMITS = Limits()
