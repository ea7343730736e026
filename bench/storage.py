#!/usr/bin/env python3
"""Bytes per archived article on real pages: the dev-set pages served from a local server as one site,
each fetched several times (edited between captures, so every re-check stores a new version), through
the real fetch -> parse -> save path. Prints the bytes per table (SQLite's dbstat), the raw-page bytes
against zlib per page (what schema 4 stored) and against the WARC.gz files of the same captures.

    python bench/storage.py [--pages ../shared/eval/devset/pages] [--captures 3]
    python bench/storage.py --peer-src /tmp/newsgrab-old   # the same run with another checkout, side by side

--peer-src runs this same scenario with the newsgrab package found in that source tree (a git worktree of
an older commit, say) in a subprocess, and prints both results in one table.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def scenario(pages_dir: Path, captures: int, warc: bool) -> dict:
    from newsgrab import parse_article
    from newsgrab.capture import Fetcher, FetchOptions
    from newsgrab.errors import NewsgrabError
    from newsgrab.pipeline import archive_urls
    from newsgrab.store import Archive, new_run_id
    from tests.e2e.server import Reply, Site

    raw_pages = {p.name.split(".")[0]: gzip.decompress(p.read_bytes()) for p in sorted(pages_dir.glob("*.html.gz"))}
    site = Site()
    site.routes["/robots.txt"] = Reply(404, b"")
    base = site.start()
    work = Path(tempfile.mkdtemp(prefix="ng-storage-"))
    db = work / "a.db"
    edits: dict[str, list[bytes]] = {}
    for name, html in raw_pages.items():
        try:
            body = parse_article(html, f"{base}/{name}").body
        except NewsgrabError:
            continue
        paras = body.split("\n\n")
        middle = paras[len(paras) // 2 :] + paras[: len(paras) // 2]  # an edit in the middle of the story
        anchor = next((s for s in (para[:40] for para in middle) if len(s) >= 30 and s.encode() in html), None)
        if anchor is None:
            continue
        a = anchor.encode()
        # the edit made everywhere the page holds that text (story, JSON-LD articleBody), as a CMS does
        edits[name] = [html] + [html.replace(a, a + f" (update {k})".encode()) for k in range(1, captures)]
    recorder = None
    if warc:
        from newsgrab.capture.warc import WarcRecorder

        recorder = WarcRecorder(work / "warc")
    stored_raw: list[bytes] = []
    with Archive(db) as archive:
        fetcher = (
            Fetcher(FetchOptions(delay=0, obey_robots=False), recorder=recorder)
            if recorder
            else Fetcher(FetchOptions(delay=0, obey_robots=False))
        )
        for k in range(captures):
            for name, versions in edits.items():
                site.page(f"/{name}", versions[k])
            urls = [f"{base}/{name}" for name in edits]
            for item in archive_urls(urls, archive, fetcher, run_id=new_run_id(), workers=4):
                if item.outcome in ("archived", "updated"):
                    stored_raw.append(edits[item.url.rsplit("/", 1)[1]][k])
        if recorder:
            recorder.close()
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        per_table = dict(
            archive.db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
        )
        articles = archive.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        versions = archive.db.execute("SELECT count(*) FROM article_versions").fetchone()[0]
        pages_bytes = archive.db.execute("SELECT sum(length(html)) FROM pages").fetchone()[0] or 0
    site.stop()
    warc_bytes = sum(f.stat().st_size for f in (work / "warc").glob("*")) if warc else None
    return {
        "articles": articles,
        "versions": versions,
        "file_bytes": db.stat().st_size,
        "per_table": per_table,
        "pages_bytes": pages_bytes,
        "raw_bytes": sum(map(len, stored_raw)),
        "zlib_per_page": sum(len(zlib.compress(r, 6)) for r in stored_raw),
        "warc_bytes": warc_bytes,
        "stored_pages": len(stored_raw),
    }


def table_groups(per_table: dict) -> dict:
    """Tables with their indexes and FTS shadow tables summed under one name."""
    out: dict[str, int] = {}
    for name, size in per_table.items():
        key = re.sub(r"^(?:idx_|sqlite_autoindex_)", "", name)
        key = re.sub(r"_(?:data|idx|content|docsize|config)$", "", key)
        for t in (
            "articles_cjk",
            "articles_fts",
            "article_versions",
            "articles",
            "pages",
            "rankings",
            "fetches",
            "page_dicts",
            "runs",
            "reparses",
        ):
            if key.startswith(t):
                key = t
                break
        out[key] = out.get(key, 0) + size
    return out


def show(results: dict[str, dict]) -> None:
    names = list(results)
    n = {k: r["articles"] for k, r in results.items()}
    print(f"{'':34}" + "".join(f"{k:>22}" for k in names))
    print(
        f"{'articles / versions / pages kept':34}"
        + "".join(f"{r['articles']:>9} /{r['versions']:>4} /{r['stored_pages']:>4}" for r in results.values())
    )
    print(
        f"{'database file, KB per article':34}"
        + "".join(f"{r['file_bytes'] / n[k] / 1024:>22.1f}" for k, r in results.items())
    )
    groups = {k: table_groups(r["per_table"]) for k, r in results.items()}
    for t in sorted({t for g in groups.values() for t in g}, key=lambda t: -max(g.get(t, 0) for g in groups.values())):
        print(
            f"{'  ' + t + ', KB per article':34}"
            + "".join(f"{groups[k].get(t, 0) / n[k] / 1024:>22.1f}" for k in names)
        )
    print(
        f"{'raw pages as sent, KB per article':34}"
        + "".join(f"{r['raw_bytes'] / n[k] / 1024:>22.1f}" for k, r in results.items())
    )
    print(
        f"{'  zlib per page (schema 4)':34}"
        + "".join(f"{r['zlib_per_page'] / n[k] / 1024:>22.1f}" for k, r in results.items())
    )
    print(
        f"{'  as stored in pages':34}" + "".join(f"{r['pages_bytes'] / n[k] / 1024:>22.1f}" for k, r in results.items())
    )
    print(
        f"{'  stored / zlib per page':34}"
        + "".join(f"{r['pages_bytes'] / max(r['zlib_per_page'], 1):>22.2f}" for r in results.values())
    )
    print(
        f"{'  WARC.gz files of the run':34}"
        + "".join(
            f"{(r['warc_bytes'] or 0) / n[k] / 1024:>22.1f}" if r.get("warc_bytes") else f"{'-':>22}"
            for k, r in results.items()
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, default=ROOT.parent / "shared" / "eval" / "devset" / "pages")
    ap.add_argument("--captures", type=int, default=3)
    ap.add_argument("--peer-src", type=Path, help="another newsgrab source tree to run the same scenario with")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # one result as JSON (peer runs)
    ap.add_argument("--warc", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.json:
        print(json.dumps(scenario(args.pages, args.captures, args.warc)))
        return
    results = {}
    if args.peer_src:
        env = {**os.environ, "PYTHONPATH": f"{args.peer_src}{os.pathsep}{ROOT}"}
        out = subprocess.run(
            [sys.executable, __file__, "--json", "--pages", str(args.pages), "--captures", str(args.captures)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        results[f"peer ({args.peer_src.name})"] = json.loads(out.stdout)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for label, extra in (("newsgrab", []), ("newsgrab --warc", ["--warc"])):
        out = subprocess.run(
            [sys.executable, __file__, "--json", "--pages", str(args.pages), "--captures", str(args.captures), *extra],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        results[label] = json.loads(out.stdout)
    show(results)


if __name__ == "__main__":
    main()
