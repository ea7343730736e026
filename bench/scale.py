#!/usr/bin/env python3
"""Grow an archive to a million articles and report, at each checkpoint: insert rate through the real
save path (one transaction per article: row, version, fetch log, FTS), database size, full-text search
latency (median and 95th percentile of 100 queries), `stats` time (stats + health warnings), and the
overhead of an incremental archive run whose feed lists only known stories (without re-checks: the
synthetic articles are all "young", and re-checking them is network work, not overhead), and the latency
of `newsgrab similar` (median and 95th percentile of 100 stories, every tenth of them with copies: one
article in 50 is a copy of an earlier one on another site, its last paragraph cut).
Run by hand; it takes a while (1M articles is about 25 GB of disk).

    python bench/scale.py [--checkpoints 10000,100000,1000000] [--db PATH] [--cjk FRACTION]

--cjk 0.1 makes that fraction of the articles Japanese (bodies of kana and kanji) and adds the size of the
CJK substring index (articles_cjk) and its search latency to the figures.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsgrab.capture import Fetcher, FetchOptions  # noqa: E402
from newsgrab.config import SiteSources  # noqa: E402
from newsgrab.copies import similar  # noqa: E402
from newsgrab.model import Article, Ranking, RankingItem  # noqa: E402
from newsgrab.run import archive_run  # noqa: E402
from newsgrab.store import Archive  # noqa: E402
from tests.e2e.server import Reply, Site  # noqa: E402

VOCAB = [f"w{i}" for i in range(5000)] + "flood council budget minister election rail tax river".split()


JA_VOCAB = [
    "東京",
    "政府",
    "首相",
    "選挙",
    "経済",
    "地震",
    "気象庁",
    "開花",
    "桜",
    "発表",
    "市場",
    "円安",
    "ました",
    "です",
    "について",
    "によると",
    "された",
    "会見",
    "国会",
    "予算",
]


def synthetic(i: int, rnd: random.Random, cjk: float = 0.0, earlier: Article | None = None) -> Article:
    if earlier is not None and i % 50 == 1:  # a copy of the story before it, on another site, last paragraph cut
        return Article(
            url=f"https://news.example.com/a/{i}",
            site=f"copy{i % 7}.example.com",
            headline=earlier.headline,
            body=earlier.body.rsplit("\n\n", 1)[0],
            published=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=i),
        )
    if cjk and rnd.random() < cjk:
        body = "\n\n".join("".join(rnd.choices(JA_VOCAB, k=300)) + "。" for _ in range(3))[:2500]
        return Article(
            url=f"https://news.example.com/a/{i}",
            site="ja.example.jp",
            headline="".join(rnd.choices(JA_VOCAB, k=6)),
            body=body,
            published=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=i),
        )
    words = rnd.choices(VOCAB, k=850)
    body = "\n\n".join(" ".join(words[j : j + 170]) for j in range(0, 850, 170))[:5000]
    return Article(
        url=f"https://news.example.com/a/{i}",
        site=f"site{i % 20}.example.com",
        headline=f"Story {i}: " + " ".join(rnd.choices(VOCAB, k=8)),
        authors=["Ann Lee"],
        published=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=i),
        body=body,
        section="World",
        tags=["a", "b"],
        rankings=[Ranking("Most Read", [RankingItem(1, "x", "https://n/a/1")])] if i % 1000 == 0 else [],
    )


def db_size(path: Path) -> float:
    return sum(os.path.getsize(p) for p in (path, Path(f"{path}-wal")) if os.path.exists(p)) / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoints", default="10000,100000,1000000")
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--cjk", type=float, default=0.0, help="fraction of Japanese articles (0 to 1)")
    args = ap.parse_args()
    checkpoints = [int(x) for x in args.checkpoints.split(",")]
    path = args.db or Path(tempfile.mkdtemp()) / "scale.db"
    archive = Archive(path)
    rnd = random.Random(3)
    site = Site()
    site.routes["/robots.txt"] = Reply(404, b"")
    base = site.start()
    items = "".join(f"<item><link>https://news.example.com/a/{i}</link></item>" for i in range(100))
    site.routes["/feed"] = Reply(
        200, f"<rss><channel>{items}</channel></rss>".encode(), {"Content-Type": "application/rss+xml"}
    )
    fetcher = Fetcher(FetchOptions(delay=0))
    fetcher.get(base + "/feed", html=False)
    print(
        f"{'articles':>10}{'insert/s':>10}{'size MB':>10}{'fts p50 ms':>12}{'fts p95 ms':>12}"
        f"{'stats ms':>10}{'idle run ms':>12}{'similar p50':>12}{'similar p95':>12}"
        + (f"{'cjk MB':>10}{'cjk p50 ms':>12}" if args.cjk else ""),
        flush=True,
    )
    done = archive.db.execute("SELECT count(*) FROM articles").fetchone()[0]
    for target in checkpoints:
        t0 = time.perf_counter()
        start = done
        earlier = None
        while done < target:
            art = synthetic(done, rnd, args.cjk, earlier)
            archive.save(art, fetch_url=f"https://news.example.com/a/{done}", run_id="scale")
            earlier = art
            done += 1
        rate = (done - start) / (time.perf_counter() - t0) if done > start else float("nan")
        lat = []
        for _ in range(100):
            q = " ".join(rnd.choices(VOCAB, k=2))
            s = time.perf_counter()
            archive.search(q, limit=20)
            lat.append((time.perf_counter() - s) * 1000)
        s = time.perf_counter()
        archive.stats()
        archive.health()
        stats_ms = (time.perf_counter() - s) * 1000
        s = time.perf_counter()
        fetcher.get(base + "/feed", html=False)
        net = time.perf_counter() - s
        s = time.perf_counter()
        archive_run(archive, fetcher, [SiteSources("bench", feeds=[base + "/feed"])], recheck=False)
        idle_ms = (time.perf_counter() - s - net) * 1000
        sim = []
        for k in range(100):
            key = str(rnd.randrange(1, done + 1)) if k % 10 else str(50 * rnd.randrange(done // 50) + 1)
            s = time.perf_counter()
            similar(archive, key)
            sim.append((time.perf_counter() - s) * 1000)
        extra = f"{statistics.median(sim):>12.1f}{sorted(sim)[94]:>12.1f}"
        if args.cjk:
            q = archive.db.execute
            cjk_bytes = sum(
                q(f"SELECT coalesce(sum(length({col})), 0) FROM {table}").fetchone()[0]
                for table, col in (
                    ("articles_cjk_data", "block"),
                    ("articles_cjk_content", "c0"),
                    ("articles_cjk_docsize", "sz"),
                )
            )
            cl = []
            for _ in range(50):
                s = time.perf_counter()
                archive.search(rnd.choice(JA_VOCAB), limit=20)
                cl.append((time.perf_counter() - s) * 1000)
            extra += f"{cjk_bytes / 1e6:>10.1f}{statistics.median(cl):>12.1f}"
        print(
            f"{done:>10}{rate:>10.0f}{db_size(path):>10.0f}{statistics.median(lat):>12.1f}"
            f"{sorted(lat)[94]:>12.1f}{stats_ms:>10.0f}{idle_ms:>12.1f}{extra}",
            flush=True,
        )
    archive.close()
    site.stop()


if __name__ == "__main__":
    main()
