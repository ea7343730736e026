#!/usr/bin/env python3
"""Cost of an archive run that finds nothing new, on an archive of N articles.

    python bench/archive_idle.py [--articles 10000] [--feed-items 100]

Builds an archive of N synthetic articles (5 KB bodies, first seen over a week ago, so nothing is due a
re-check), serves a feed of already-archived URLs from a local server, and times `archive_run`:
wall time, and the part spent outside the network (discovery parsing, planning, SQL, run bookkeeping).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsgrab.capture import Fetcher, FetchOptions  # noqa: E402
from newsgrab.config import SiteSources  # noqa: E402
from newsgrab.run import archive_run  # noqa: E402
from newsgrab.store import Archive  # noqa: E402
from tests.e2e.server import Reply, Site  # noqa: E402

WORDS = "the council voted budget river flood minister said on tuesday new plan city rail tax".split()


def build(archive: Archive, n: int) -> None:
    rnd = random.Random(1)
    db = archive.db
    db.execute("BEGIN")
    for i in range(n):
        body = " ".join(rnd.choice(WORDS) for _ in range(900))[:5000]
        db.execute(
            "INSERT INTO articles (url, fetch_url, site, headline, body, published, content_hash, "
            "first_seen, last_seen, version, authors, tags) VALUES (?,?,?,?,?,?,?,?,?,1,'[]','[]')",
            [
                f"https://news.example.com/a/{i}",
                f"https://news.example.com/a/{i}",
                "news.example.com",
                f"Story {i}",
                body,
                "2024-01-01T00:00:00+00:00",
                f"h{i}",
                "2024-01-01T00:00:00+00:00",
                "2024-01-01T00:00:00+00:00",
            ],
        )
    db.execute("COMMIT")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--feed-items", type=int, default=100)
    args = ap.parse_args()
    site = Site()
    site.routes["/robots.txt"] = Reply(404, b"")
    with tempfile.TemporaryDirectory() as tmp:
        archive = Archive(Path(tmp) / "idle.db")
        t0 = time.perf_counter()
        build(archive, args.articles)
        built = time.perf_counter() - t0
        base = site.start()
        items = "".join(f"<item><link>https://news.example.com/a/{i}</link></item>" for i in range(args.feed_items))
        site.routes["/feed"] = Reply(
            200, f"<rss><channel>{items}</channel></rss>".encode(), {"Content-Type": "application/rss+xml"}
        )
        fetcher = Fetcher(FetchOptions(delay=0))
        fetcher.get(base + "/feed", html=False)  # warm: robots.txt and the connection
        net0 = time.perf_counter()
        fetcher.get(base + "/feed", html=False)
        network = time.perf_counter() - net0
        t0 = time.perf_counter()
        summary = archive_run(archive, fetcher, [SiteSources("bench", feeds=[base + "/feed"])])
        wall = time.perf_counter() - t0
        archive.close()
    print(f"archive of {args.articles} articles built in {built:.1f} s; feed of {args.feed_items} known URLs")
    print(summary.line())
    print(f"{'run wall time':<28}{wall * 1000:>9.1f} ms")
    print(f"{'of which one feed GET':<28}{network * 1000:>9.1f} ms")
    print(f"{'work besides the network':<28}{(wall - network) * 1000:>9.1f} ms")


if __name__ == "__main__":
    main()
