"""``python -m benchmarks`` — dtikit against the floor, in one run.

    python -m benchmarks                          # 1,000 and 10,000 units, 3 repetitions
    python -m benchmarks --units 1000,10000,100000
    python -m benchmarks --units 20 --repeat 1 --out /tmp/r.json   # a smoke run

Prints a table per run and writes benchmarks/results.json (see README.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import harness


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--units", default="1000,10000",
                   help="cohort sizes, comma-separated (default 1000,10000)")
    p.add_argument("--repeat", type=int, default=3, help="repetitions (medians are reported)")
    p.add_argument("--big-repeat", type=int, default=1,
                   help="repetitions from 50,000 units up (default 1)")
    p.add_argument("--workloads", default="synthetic,real",
                   help="synthetic (every method family, ~150 cells) and/or real "
                        f"({harness.wl.REAL_ID}, the largest bundled rubric)")
    p.add_argument("--exports", default="table,results,command",
                   help="table: the published ranking sheet; results: the full results "
                        "workbook (ranking with its bar chart, radars for the first 50 units; "
                        "no breakdown); command: the user's `dtikit score RUBRIC "
                        "collection.xlsx -o results.xlsx` with its defaults (breakdown of the "
                        "first 1,000 units, terminal summary), against the table's floor")
    p.add_argument("--reader", default="fast", choices=["fast", "formats"],
                   help="fast: read_assessments as it is (column-wise for a collection sheet); "
                        "formats: read_assessments(columnwise=False) (cell by cell)")
    p.add_argument("--no-pandas", action="store_true", help="skip the pandas pipeline (d)")
    p.add_argument("--pandas-max", type=int, default=10_000,
                   help="largest N for the pandas pipeline (default 10,000)")
    p.add_argument("--cache", type=Path, default=harness.ROOT / ".cache",
                   help="where workbooks and outputs go (default benchmarks/.cache)")
    p.add_argument("--out", type=Path, default=harness.ROOT / "results.json")
    args = p.parse_args(argv)
    units = [int(x.replace("_", "")) for x in args.units.split(",") if x]
    report = harness.run(
        units, repeat=args.repeat, big_repeat=args.big_repeat,
        workloads=[w for w in args.workloads.split(",") if w], cache=args.cache,
        reader=args.reader, exports=[e for e in args.exports.split(",") if e],
        pandas=not args.no_pandas, pandas_max=args.pandas_max,
        log=lambda msg: print(msg, flush=True),
    )
    harness.save(report, args.out)
    print("\nAll runs (medians, wall clock):")
    print(harness.table_rows(report["runs"]))
    print("\nCPU time:")
    print(harness.table_rows(report["runs"], "cpu"))
    for key, g in report["growth"].items():
        print(f"growth {key}: time per unit ×{g['b']:.2f} from {g['from']:,} to {g['to']:,} "
              f"units (floor ×{g['a']:.2f})" if g["b"] and g["a"] else f"growth {key}: —")
    m = report["machine"]
    print(f"\nmachine: {m['nproc']} × {m['cpu']}, Python {m['python']}; "
          f"load {m['loadavg']} → {m.get('loadavg_end')}")
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
