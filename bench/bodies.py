#!/usr/bin/env python3
"""The two body methods and the judge between them, page by page, on a labelled set.

    python bench/bodies.py ../shared/eval/devset [--half 0|1] [--pages]

For each page: body F1 (../shared/eval/score.py's word 4-grams) of method A (content scoring), method B
(block classification, extract/body/density.py) and of what parse_article keeps (A or B, as the judge
chose). Prints the mean F1 and the stories lost (F1 under 0.5 where the truth has over 100 words) of each,
and how often the judge took each method; --pages lists every page where the two methods differ.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsgrab.errors import ExtractionError  # noqa: E402
from newsgrab.extract.fields import story as F  # noqa: E402
from newsgrab.extract.parse import parse_article  # noqa: E402


def _scorer(dataset: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("score", dataset.parent / "score.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset", type=Path)
    ap.add_argument("--half", type=int, choices=(0, 1))
    ap.add_argument("--pages", action="store_true", help="list the pages where A and B differ")
    args = ap.parse_args()
    score = _scorer(args.dataset)
    truths = [json.loads(x) for x in (args.dataset / "truth.jsonl").read_text().splitlines() if x.strip()]
    if args.half is not None:
        truths = [t for t in truths if hashlib.sha1(t["id"].encode()).digest()[0] % 2 == args.half]
    seen: dict[str, tuple[str, str, str]] = {}
    real = F.judge_bodies

    def spy(a, b, **kw):  # type: ignore[no-untyped-def]
        verdict = real(a, b, **kw)
        seen["last"] = (a, b.text, verdict.method)
        return verdict

    F.judge_bodies = spy
    sums: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    wins: Counter[str] = Counter()
    rows = []
    for t in truths:
        if t.get("body") is None:
            continue
        html = gzip.decompress((args.dataset / "pages" / f"{t['id']}.html.gz").read_bytes())
        seen.clear()
        try:
            kept = parse_article(html, url=t.get("url")).body
        except ExtractionError:
            kept = ""
        a, b, method = seen.get("last", (kept, "", "A"))
        truth = score.shingles(t["body"])
        f = {k: score.f1(*score.prf(truth, score.shingles(v))) for k, v in (("A", a), ("B", b), ("kept", kept))}
        eligible = len(score.tokens(t["body"])) > 100
        for k, v in f.items():
            sums[k] += v
            lost[k] += eligible and v < 0.5
        wins[method] += 1
        if abs(f["A"] - f["B"]) > 0.05 or f["kept"] < 0.5:
            rows.append((t["id"], method, f["A"], f["B"], f["kept"]))
    n = sum(wins.values())
    for k in ("A", "B", "kept"):
        print(f"{k:<5} body F1 {sums[k] / n:.3f}  lost {lost[k]}")
    print("judge: " + ", ".join(f"{m} {c}" for m, c in sorted(wins.items())) + f" of {n} pages")
    if args.pages:
        for row in sorted(rows, key=lambda r: r[3] - r[2]):
            print(f"  {row[0]:<40} kept {row[1]:<2} A {row[2]:.2f}  B {row[3]:.2f}  kept {row[4]:.2f}")


if __name__ == "__main__":
    main()
