#!/usr/bin/env python3
"""import-warc speed: a WARC file built from the dev-set pages (repeated under new URLs to --records
response records, each with its request record, as crawlers write them), imported with 1 job and with
all cores, beside newsgrab's parse-only rate on the same pages in the same run. Import should be
parse-bound: records/s per core at least 85% of the parse-only rate.

    python bench/import_warc.py [--pages ../shared/eval/devset/pages] [--records 10000] [--jobs N]
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsgrab.errors import NewsgrabError  # noqa: E402
from newsgrab.extract import parse_article  # noqa: E402
from newsgrab.store import Archive  # noqa: E402
from newsgrab.warc_import import import_warcs  # noqa: E402
from tests import warcs  # noqa: E402


def build_warc(path: Path, pages: list[tuple[str, bytes]], records: int) -> list[tuple[str, bytes]]:
    """Write `records` responses (and their requests); return the (url, page) of each response."""
    urls = warcs.build_warc(path, pages, records)
    return [(u, pages[i % len(pages)][1]) for i, u in enumerate(urls)]


def parse_only(items: list[tuple[str, bytes]]) -> float:
    start = time.perf_counter()
    for url, html in items:
        try:
            parse_article(html, url)
        except NewsgrabError:
            pass
    return len(items) / (time.perf_counter() - start)


def import_rate(warc: Path, work: Path, jobs: int) -> tuple[float, dict]:
    db = work / f"import-{jobs}.db"
    with Archive(db) as archive:
        start = time.perf_counter()
        s = import_warcs([warc], archive, jobs=jobs)
        seconds = time.perf_counter() - start
    return s.captures / seconds, dict(s.counts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, default=ROOT.parent / "shared" / "eval" / "devset" / "pages")
    ap.add_argument("--records", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    pages = [(p.name.split(".")[0], gzip.decompress(p.read_bytes())) for p in sorted(args.pages.glob("*.html.gz"))]
    work = Path(tempfile.mkdtemp(prefix="ng-import-"))
    warc = work / "bench.warc.gz"
    items = build_warc(warc, pages, args.records)
    print(
        f"{args.records} response records (+ as many request records) from {len(pages)} pages; "
        f"{warc.stat().st_size / 1e6:.0f} MB WARC.gz; {os.cpu_count()} cores"
    )
    parse = parse_only(items[: min(len(items), 2 * len(pages))])
    print(f"{'parse only (1 core)':32}{parse:8.1f} pages/s")
    one, counts = import_rate(warc, work, 1)
    print(f"{'import-warc --jobs 1':32}{one:8.1f} records/s   {one / parse:5.0%} of parse-only   {counts}")
    if args.jobs > 1:
        many, counts = import_rate(warc, work, args.jobs)
        print(
            f"{f'import-warc --jobs {args.jobs}':32}{many:8.1f} records/s   {many / args.jobs / parse:5.0%} of "
            f"parse-only per core   {many / one:.2f}x --jobs 1"
        )


if __name__ == "__main__":
    main()
