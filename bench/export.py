#!/usr/bin/env python3
"""Export throughput and peak memory: newsgrab export (CSV, JSON Lines) beside `sqlite-utils rows --csv`
on the same database, in the same run.

    python bench/export.py [--articles 100000] [--db PATH (reuse/keep the archive)]

Each exporter runs as its own process writing to a file; peak memory is that process's max RSS.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsgrab.store import Archive  # noqa: E402

WORDS = (
    "the council voted budget river flood minister said on tuesday new plan city rail tax "
    '東京 café naïve "quoted" comma, semicolon;'
).split()
MEASURE = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
    "print(r.returncode, time.perf_counter() - t, "
    "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def build(path: Path, n: int) -> None:
    archive = Archive(path)
    have = archive.db.execute("SELECT count(*) FROM articles").fetchone()[0]
    rnd = random.Random(7)
    db = archive.db
    db.execute("BEGIN")
    for i in range(have, n):
        body = "\n\n".join(" ".join(rnd.choice(WORDS) for _ in range(170)) for _ in range(5))[:5000]
        db.execute(
            "INSERT INTO articles (url, fetch_url, site, headline, authors, byline, credit, published, "
            "section, section_path, tags, language, body, images, access, rankings, content_hash, "
            "first_seen, last_seen, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1)",
            [
                f"https://news.example.com/a/{i}",
                f"https://news.example.com/a/{i}",
                "news.example.com",
                f'Story {i}: "a headline", with commas',
                json.dumps(["Ann Lee", "Bob Ray"]),
                "By Ann Lee and Bob Ray",
                "Example Press",
                f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00+09:00",
                "World",
                json.dumps(["News", "World"]),
                json.dumps(["a", "b"]),
                "en",
                body,
                json.dumps([{"url": "https://x/i.jpg", "caption": "c", "credit": "AP"}]),
                "free",
                "[]",
                f"h{i}",
                "2024-01-01T00:00:00+00:00",
                "2024-01-01T00:00:00+00:00",
            ],
        )
        if i % 10000 == 9999:
            db.execute("COMMIT")
            db.execute("BEGIN")
    db.execute("COMMIT")
    archive.close()


def measure(cmd: list[str]) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, check=True)
    rc, seconds, rss_kb = out.stdout.split()
    if rc != "0":
        raise SystemExit(f"{cmd} failed")
    return float(seconds), int(rss_kb) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=None)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    db = args.db or tmp / "export.db"
    try:
        t0 = time.perf_counter()
        build(db, args.articles)
        print(
            f"archive: {args.articles} articles, {db.stat().st_size / 1e6:.0f} MB, "
            f"built in {time.perf_counter() - t0:.0f} s"
        )
        bindir = Path(sys.executable).parent
        newsgrab = str(bindir / "newsgrab")
        sqlite_utils = shutil.which("sqlite-utils", path=str(bindir)) or "sqlite-utils"
        runs = [
            ("newsgrab export --csv", [newsgrab, "export", "--db", str(db), "--csv", "-o", str(tmp / "a.csv")]),
            ("newsgrab export --jsonl", [newsgrab, "export", "--db", str(db), "--jsonl", "-o", str(tmp / "a.jsonl")]),
            ("sqlite-utils rows --csv", [sqlite_utils, "rows", str(db), "articles", "--csv"]),
        ]
        print(f"{'exporter':<26}{'seconds':>9}{'rows/s':>10}{'peak MB':>9}")
        for name, cmd in runs:
            seconds, peak = measure(cmd)
            print(f"{name:<26}{seconds:>9.1f}{args.articles / seconds:>10.0f}{peak:>9.1f}")
    finally:
        if args.db is None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
