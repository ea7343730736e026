#!/usr/bin/env python3
"""Build the demo archive (the bundled Japan News fixtures over ten simulated runs, fixed capture times)
and draw the README's chart from it with the installed CLI:

    python scripts/demo_archive.py [--db demo-history.db] [--chart rank-chart.png]

(`--chart docs/rank-chart.png` redraws the README's picture; by default nothing tracked is touched.)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import simulated  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=Path("demo-history.db"))
    ap.add_argument("--chart", type=Path, default=Path("rank-chart.png"))
    args = ap.parse_args()
    if args.db.exists():
        args.db.unlink()
    simulated.build(args.db)
    print(f"built {args.db}")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "newsgrab",
            "rankings",
            simulated.ACCESS,
            "--db",
            str(args.db),
            "--chart",
            str(args.chart),
        ],
        check=True,
    )


if __name__ == "__main__":
    main()
