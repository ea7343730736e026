#!/usr/bin/env python3
"""Why newsgrab parses with lxml and keeps beautifulsoup4 for encoding detection only: the time to build
one tree per page, lxml.html against BeautifulSoup (with its lxml and html.parser builders), on the same
pages in the same run. Pages: a directory of .html/.html.gz files (default: the bundled fixtures).

    python bench/treebuild.py [DIR]
"""

from __future__ import annotations

import gzip
import sys
import time
from pathlib import Path

import lxml.html
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent


def pages(folder: Path) -> list[bytes]:
    out = []
    for p in sorted({*folder.rglob("*.html"), *folder.rglob("*.htm"), *folder.rglob("*.html.gz")}):
        out.append(gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes())
    return out


def timed(fn, docs: list[bytes], rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for d in docs:
            fn(d)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "fixtures"
    docs = pages(folder)
    mb = sum(map(len, docs)) / 1e6
    base = timed(lxml.html.document_fromstring, docs)
    print(f"{len(docs)} pages, {mb:.1f} MB")
    print(f"{'tree builder':<34}{'pages/s':>10}{'x lxml':>8}")
    for name, fn in (
        ("lxml.html.document_fromstring", lxml.html.document_fromstring),
        ("BeautifulSoup(page, 'lxml')", lambda d: BeautifulSoup(d, "lxml")),
        ("BeautifulSoup(page, 'html.parser')", lambda d: BeautifulSoup(d, "html.parser")),
    ):
        t = base if fn is lxml.html.document_fromstring else timed(fn, docs, rounds=1)
        print(f"{name:<34}{len(docs) / t:>10.1f}{t / base:>8.1f}")


if __name__ == "__main__":
    main()
