#!/usr/bin/env python3
"""Extraction quality and speed, newsgrab beside a peer extractor, on the same pages in the same run.

    python bench/extraction.py [--dataset ../shared/eval/devset] [--peer trafilatura]
                               [--peer-python /path/to/venv/bin/python]

The peer runs in its own interpreter (a scratch venv with e.g. `pip install trafilatura`), never as a
project dependency. Each extractor runs through ../shared/eval/score.py; the table prints its figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
KEYS = ("title", "authors", "published", "day", "body_p", "body_r", "body_f1", "lost", "pages_per_s", "errors")


def run(python: str, extractor: str, dataset: Path) -> dict:
    # Both extractors run with their modules' bytecode cached, as an installed package has it (pip compiles
    # a peer's modules when it installs them; an editable newsgrab writes its own cache on its first round).
    # Where PYTHONDONTWRITEBYTECODE is set, newsgrab alone would compile its ~100 modules in every round.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run(
        [python, str(SCORE), str(dataset), "--extractor", extractor, "--json"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", type=Path, default=ROOT.parent / "shared" / "eval" / "devset")
    ap.add_argument("--peer", default="trafilatura", choices=["trafilatura", "newspaper4k"])
    ap.add_argument("--peer-python", default=None, help="interpreter that has the peer installed")
    ap.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="runs per extractor, interleaved with the peer's; the best speed of each is kept",
    )
    args = ap.parse_args()
    extractors = (("newsgrab", sys.executable), (args.peer, args.peer_python or sys.executable))
    results: dict[str, list[dict]] = {name: [] for name, _ in extractors}
    for _ in range(args.rounds):  # rounds interleaved, so that a slow spell of the machine hits both
        for name, python in extractors:
            results[name].append(run(python, name, args.dataset))
    rows = [(name, max(results[name], key=lambda r: r["pages_per_s"])) for name, _ in extractors]
    print(f"{'extractor':<12}" + "".join(f"{k:>12}" for k in KEYS))
    for name, r in rows:
        print(f"{name:<12}" + "".join(f"{r.get(k, '-')!s:>12}" for k in KEYS))
    ours, peer = rows[0][1]["pages_per_s"], rows[1][1]["pages_per_s"]
    print(
        f"\nspeed ratio newsgrab/{args.peer}: {ours / peer:.2f}x (dataset: {args.dataset}, {rows[0][1]['pages']} pages)"
    )
    for name, python in (("newsgrab", sys.executable), (args.peer, args.peer_python or sys.executable)):
        print(f"pages that lost their story (body F1 under 0.5), {name}: {lost_pages(python, name, args.dataset)}")


def lost_pages(python: str, extractor: str, dataset: Path) -> str:
    """The scorer's list of lost pages (--show-misses), or 'none'."""
    out = subprocess.run(
        [python, str(SCORE), str(dataset), "--extractor", extractor, "--show-misses", "1"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next((ln for ln in out.splitlines() if "lost their story" in ln), "")
    return line.split(": ", 1)[1] if ": " in line else "none"


if __name__ == "__main__":
    main()
