"""Make the docs' pictures of the printed ranking and form from the real outputs:
the demo's Hưng Yên cohort written by dtikit, printed to PDF by LibreOffice,
page 1 rendered by pdftoppm. Run from the repository root:

    .venv/bin/python docs/print_images.py

Needs LibreOffice (soffice) and poppler-utils (pdftoppm)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from importlib.resources import as_file, files
from pathlib import Path

import dtikit
from dtikit.demo.names import FILES
from dtikit.files import read_inputs
from dtikit.formats.xlsx_form import write_template
from dtikit.formats.xlsx_results import write_ranking_table

OUT = Path(__file__).parent / "_static"
ISSUED = dtikit.Issuance(issuer="UBND thành phố Hưng Yên", decision="2947/QĐ-UBND",
                         date=dt.date(2023, 11, 2), place="Hưng Yên")


def _png(xlsx: Path, name: str, tmp: Path) -> None:
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp), str(xlsx)],
                   check=True, capture_output=True, timeout=300)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                    str(tmp / (xlsx.stem + ".pdf")), str(OUT / name)], check=True)
    print(OUT / f"{name}.png")


def main() -> int:
    rubric = dtikit.PluginHost().rubric("hungyen/commune/2023")
    with as_file(files("dtikit.demo") / FILES["hungyen_assessments"]) as forms:
        cohort = read_inputs(rubric, [forms]).assessments
    cards = dtikit.score(rubric, cohort)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        write_ranking_table(rubric, dtikit.rank(cards, rubric), tmp / "bang.xlsx",
                            issuance=ISSUED)
        _png(tmp / "bang.xlsx", "print-ranking", tmp)
        write_template(rubric, tmp / "bieu.xlsx", unit="UBND xã Hoàng Hanh",
                       issuance=dtikit.Issuance(place="Hưng Yên"))
        _png(tmp / "bieu.xlsx", "print-form", tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
