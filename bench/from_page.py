#!/usr/bin/env python3
"""Authors and published time read from the page alone: the dev set scored with the metadata ignored.

    python bench/from_page.py [--dataset ../shared/eval/devset] [--misses]

Most dev pages give their authors and times in JSON-LD or meta tags, so the scorer's figures for them
mostly measure metadata reading. Pages elsewhere often carry none, and then the byline and the date
printed on the page are all there is. This prints each figure twice: as the scorer reads it, and with
JSON-LD and meta authors and dates ignored (a profile that ignores them, so nothing else changes), on
the whole set and on each of the scorer's two halves, scored by the scorer's own functions
(shared/eval/score.py).
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
PAGE_ONLY = Profile(
    name="page-only",
    title="metadata authors and dates ignored",
    domains=(),
    ignore=(
        "json-ld:author",
        "meta:author",
        "json-ld:published",
        "meta:published",
        "json-ld:modified",
        "meta:modified",
    ),
)


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
        html = gzip.decompress((args.dataset / "pages" / f"{truth['id']}.html.gz").read_bytes())
        half = hashlib.sha1(truth["id"].encode()).digest()[0] % 2
        scores = []
        for profile in (None, PAGE_ONLY):
            try:
                a = parse_article(html, truth.get("url"), profile=profile)
                got = {"authors": a.authors, "published": a.published}
            except ExtractionError:
                got = {"authors": [], "published": None}
            scores.append((score.score_page(truth, got, {"authors", "published"}), got))
        rows.append((truth, half, scores))
    print(f"{'':<44}{'all':>8}{'half 0':>8}{'half 1':>8}")
    for field in ("authors", "published", "day"):
        for label, col in (("as the scorer reads them", 0), ("page only (metadata ignored)", 1)):
            figures = []
            for part in (None, 0, 1):
                vals = [r[2][col][0][field] for r in rows if field in r[2][col][0] and part in (None, r[1])]
                figures.append(sum(vals) / len(vals))
            print(f"{field + ', ' + label:<44}" + "".join(f"{f:>8.3f}" for f in figures))
    print(f"({len(rows)} pages; dataset {args.dataset})")
    if args.misses:
        for field in ("authors", "published"):
            for truth, _, scores in rows:
                (s, got) = scores[1]
                if s.get(field, 1) < 1:
                    print(f"  {field} {truth['id']}: want {truth.get(field)!r} got {got[field]!r}")


if __name__ == "__main__":
    main()
