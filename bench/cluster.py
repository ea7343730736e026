#!/usr/bin/env python3
"""Scaling of import-warc on Dask: records/s for a single process, a LocalCluster with 1 and with 2 workers,
and the merge rate, in one run; with where the time goes (read and parse on the workers, transfer and
waiting, write on the client) and what batching the writes saves.

    python bench/cluster.py [--pages ../shared/eval/devset/pages] [--records 1000]

Every variant imports the same WARC file (the pages repeated under new URLs) into a fresh archive.
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

from newsgrab.cluster import connect, import_on_cluster, import_task  # noqa: E402
from newsgrab.merge import merge  # noqa: E402
from newsgrab.store import Archive  # noqa: E402
from newsgrab.warc_import import ImportSummary, import_warcs  # noqa: E402
from tests import warcs  # noqa: E402


def _parse_all(pages: list[bytes]) -> float:
    from newsgrab import parse_article
    from newsgrab.errors import NewsgrabError

    t = time.perf_counter()
    for html in pages:
        try:
            parse_article(html, "https://bench.example/a")
        except NewsgrabError:
            pass
    return len(pages) / (time.perf_counter() - t)


def parse_scaling(pages: list[bytes]) -> tuple[float, float]:
    """Pages/s of parsing alone in one process, and in two processes at once (summed): the ceiling."""
    from multiprocessing import Pool

    one = _parse_all(pages)
    with Pool(2) as pool:
        two = sum(pool.map(_parse_all, [pages, pages]))
    return one, two


def single(warc: Path, work: Path) -> tuple[float, int]:
    with Archive(work / "single.db") as a:
        t = time.perf_counter()
        s = import_warcs([warc], a, jobs=1)
        return time.perf_counter() - t, s.captures


def on_cluster(warc: Path, work: Path, workers: int) -> tuple[float, int, dict]:
    with connect("local", workers) as client:
        client.submit(sum, [1]).result()  # workers up before the clock starts
        with Archive(work / f"cluster{workers}.db") as a:
            t = time.perf_counter()
            s, timing = import_on_cluster(client, [warc], a)
            return time.perf_counter() - t, s.captures, timing


def write_batches(warc: Path, work: Path) -> dict[int, float]:
    """Seconds to write the same parsed records with one transaction per article, and per 200."""
    from newsgrab.cluster import _write

    result = import_task(str(warc), 0, None, None)
    out = {}
    for batch in (1, 200):
        with Archive(work / f"batch{batch}.db") as a:
            t = time.perf_counter()
            _write(result.items, a, ImportSummary(run_id="b"), lambda line: None, batch)
            out[batch] = time.perf_counter() - t
    return out


def merge_rate(work: Path) -> tuple[float, int]:
    shards = [str(work / "cluster1.db"), str(work / "cluster2.db")]  # the same records twice: half are duplicates
    with Archive(work / "merged.db") as target:
        t = time.perf_counter()
        s = merge(shards, target)
        return time.perf_counter() - t, s.captures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, default=ROOT.parent / "shared" / "eval" / "devset" / "pages")
    ap.add_argument("--records", type=int, default=1000)
    args = ap.parse_args()
    pages = [(p.name.split(".")[0], gzip.decompress(p.read_bytes())) for p in sorted(args.pages.glob("*.html.gz"))]
    work = Path(tempfile.mkdtemp(prefix="ng-cluster-"))
    warc = work / "bench.warc.gz"
    warcs.build_warc(warc, pages, args.records)
    print(f"{args.records} records from {len(pages)} pages, {warc.stat().st_size / 1e6:.0f} MB; {os.cpu_count()} cores")
    one, two = parse_scaling([html for _, html in pages])
    print(f"{'parse only, 1 process / 2 at once':34}{one:8.1f} / {two:.1f} pages/s   {two / one:.2f}x (the ceiling)")
    secs, n = single(warc, work)
    base = n / secs
    print(f"{'single process (--jobs 1)':34}{base:8.1f} records/s")
    rates = {}
    for workers in (1, 2):
        secs, n, timing = on_cluster(warc, work, workers)
        rates[workers] = n / secs
        wall = secs
        print(
            f"{f'LocalCluster, {workers} worker(s)':34}{rates[workers]:8.1f} records/s   "
            f"{rates[workers] / base:4.2f}x single; worker time: read {timing['read_s']:.1f} s, parse "
            f"{timing['parse_s']:.1f} s; client: write {timing['write_s']:.1f} s, the rest of {wall:.1f} s "
            f"waiting for results and transfer"
        )
    print(f"{'2 workers against 1':34}{rates[2] / rates[1]:8.2f}x")
    b = write_batches(warc, work)
    print(f"{'writes, one transaction each':34}{n / b[1]:8.0f} records/s")
    print(f"{'writes, 200 per transaction':34}{n / b[200]:8.0f} records/s   {b[1] / b[200]:.2f}x")
    secs, captures = merge_rate(work)
    print(f"{'merge (2 shards, half duplicates)':34}{captures / secs:8.0f} captures/s")


if __name__ == "__main__":
    main()
