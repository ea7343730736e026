#!/usr/bin/env python3
"""Pages archived per second from local servers with added latency across several hosts:
concurrent (a thread pool across hosts) beside one-at-a-time, in the same run.

    python bench/fetch_concurrency.py [--hosts 4] [--pages 40] [--latency 0.02] [--delay 0]

Each host is a real HTTP server on its own loopback address (127.0.0.1 .. 127.0.0.N) serving the
bundled Japan News fixtures; each answer waits --latency seconds first.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsgrab.capture import Fetcher, FetchOptions  # noqa: E402
from newsgrab.pipeline import archive_urls  # noqa: E402
from newsgrab.store import Archive, new_run_id  # noqa: E402
from tests.e2e.server import Reply, Site  # noqa: E402


def start_hosts(n: int, latency: float, pages: int) -> list[str]:
    """One server per loopback address (127.0.0.1 .. 127.0.0.n), each serving `pages` fixture pages."""
    fixtures = sorted((ROOT / "fixtures" / "japannews").glob("*.html"))
    bases = []
    for h in range(n):
        site = Site(latency=latency)
        site.routes["/robots.txt"] = Reply(404, b"")
        for i in range(pages):
            html = fixtures[i % len(fixtures)].read_bytes().replace(b"</h1>", f" {h}-{i}</h1>".encode(), 1)
            site.page(f"/a/{i}", html)
        bases.append(site.start(f"127.0.0.{h + 1}"))
    return bases


def run(urls: list[str], workers: int, delay: float) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        archive = Archive(Path(tmp) / "bench.db")
        fetcher = Fetcher(FetchOptions(delay=delay, obey_robots=True))
        t0 = time.perf_counter()
        done = sum(
            1
            for r in archive_urls(urls, archive, fetcher, run_id=new_run_id(), workers=workers)
            if r.outcome == "archived"
        )
        elapsed = time.perf_counter() - t0
        archive.close()
    assert done == len(urls), f"only {done} of {len(urls)} archived"
    return len(urls) / elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hosts", type=int, default=4)
    ap.add_argument("--pages", type=int, default=40, help="pages per host")
    ap.add_argument("--latency", type=float, default=0.02)
    ap.add_argument("--delay", type=float, default=0.0, help="per-host delay between requests")
    args = ap.parse_args()
    bases = start_hosts(args.hosts, args.latency, args.pages)
    urls = [f"{b}/a/{i}" for i in range(args.pages) for b in bases]
    seq = run(urls, workers=1, delay=args.delay)
    conc = run(urls, workers=args.hosts * 2, delay=args.delay)
    print(f"{len(urls)} pages, {args.hosts} hosts, {args.latency * 1000:g} ms latency, delay {args.delay:g} s")
    print(f"{'mode':<16}{'pages/s':>10}")
    print(f"{'one at a time':<16}{seq:>10.1f}")
    print(f"{'concurrent':<16}{conc:>10.1f}")
    print(f"speed-up: {conc / seq:.2f}x")


if __name__ == "__main__":
    main()
