#!/usr/bin/env python3
"""Authors read from the page alone: the dev set scored with the page's author metadata ignored.

    python bench/authors_from_page.py [--dataset ../shared/eval/devset] [--misses]

Most dev pages name their authors in JSON-LD or meta tags, so the scorer's authors figure mostly
measures metadata reading. Pages elsewhere often carry none, and then the byline on the page is all
there is. This prints the authors figure twice, with metadata and with JSON-LD `author` and the author
meta tags ignored (a profile that ignores them, so nothing else changes), on the whole set and on each
of the scorer's two halves, with the scorer's own name matching (shared/eval/score.py).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
from pathlib import Path

from newsgrab import parse_article
from newsgrab.errors import ExtractionError
from newsgrab.sites import Profile

ROOT = Path(__file__).resolve().parent.parent
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
PAGE_ONLY = Profile(name="page-only", title="metadata authors ignored", domains=(),
                    ignore=("json-ld:author", "meta:author"))


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SCORE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", type=Path, default=ROOT.parent / "shared" / "eval" / "devset")
    ap.add_argument("--misses", action="store_true", help="list the pages the page-only reading misses")
    args = ap.parse_args()
    score = _scorer()
    rows = []
    for line in (args.dataset / "truth.jsonl").read_text().splitlines():
        if not line.strip():
            continue
        truth = json.loads(line)
        if truth.get("authors") is None:
            continue
        html = gzip.decompress((args.dataset / "pages" / f"{truth['id']}.html.gz").read_bytes())
        half = hashlib.sha1(truth["id"].encode()).digest()[0] % 2
        got = []
        for profile in (None, PAGE_ONLY):
            try:
                got.append(parse_article(html, truth.get("url"), profile=profile).authors)
            except ExtractionError:
                got.append([])
        rows.append((truth["id"], half, truth["authors"], got[0], got[1]))
    print(f"{'authors':<34}{'all':>8}{'half 0':>8}{'half 1':>8}")
    for label, col in (("with metadata (the scorer's figure)", 3), ("page only (metadata ignored)", 4)):
        figures = []
        for part in (None, 0, 1):
            vals = [score.set_f1(r[2], r[col]) for r in rows if part is None or r[1] == part]
            figures.append(sum(vals) / len(vals))
        print(f"{label:<34}" + "".join(f"{f:>8.3f}" for f in figures))
    print(f"({len(rows)} pages with labelled authors; dataset {args.dataset})")
    if args.misses:
        for pid, _, want, _, have in rows:
            if score.set_f1(want, have) < 1:
                print(f"  {pid}: want {want} got {have}")


if __name__ == "__main__":
    main()
