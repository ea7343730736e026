#!/usr/bin/env python3
"""Parse time of every hostile page shape (tests/hostile.py) at the sizes that once took minutes, beside
an ordinary fixture page parsed in the same run. Every shape should parse in under 2 s.

Then the shapes made from the rules themselves (tests/scaling.py: every junk class word, bylines, dates,
ranking headings, teaser cards, figures; wide and deep) at N and 4N, with their growth: about 4x is
linear, and tests/test_scaling.py fails past 6x. `--all` prints every one, else the 15 that grow most.

    python bench/hostile.py [--all] [--n 250]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsgrab import parse_article  # noqa: E402
from newsgrab.errors import ExtractionError  # noqa: E402
from tests.hostile import shapes  # noqa: E402


def timed(html: str | bytes) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        parse_article(html, "https://news.example.com/a/1")
        outcome = "article"
    except ExtractionError as exc:
        outcome = f"no article ({str(exc)[:40]})"
    return time.perf_counter() - start, outcome


def scaling(n: int, show_all: bool) -> None:
    from tests.scaling import shapes as rule_shapes
    from tests.test_scaling import growth

    rows = []
    for shape in rule_shapes():
        a, b, ratio = growth(shape, n, rounds=3)
        rows.append((ratio, a, b, shape.name))
    rows.sort(reverse=True)
    print(f"\n{'shape made from a rule':<60}{f'N={n} s':>10}{f'4N={4 * n} s':>12}{'growth':>8}")
    for ratio, a, b, name in rows if show_all else rows[:15]:
        print(f"{name[:59]:<60}{a:>10.3f}{b:>12.3f}{ratio:>7.1f}x")
    worst = rows[0][0]
    print(f"{len(rows)} shapes; the largest growth {worst:.1f}x ({'within' if worst <= 6 else 'OVER'} the 6x bound)")


def main() -> None:
    show_all = "--all" in sys.argv
    n = int(sys.argv[sys.argv.index("--n") + 1]) if "--n" in sys.argv else 250
    seed = (ROOT / "fixtures" / "japannews" / "wire-jiji-dateline.html").read_bytes()
    print(f"{'shape':<40}{'size MB':>9}{'parse s':>9}  outcome")
    t, outcome = timed(seed)
    print(f"{'(peer: an ordinary Japan News page)':<40}{len(seed) / 1e6:>9.2f}{t:>9.3f}  {outcome}")
    worst = 0.0
    for name, html in shapes().items():
        t, outcome = timed(html)
        worst = max(worst, t)
        print(f"{name:<40}{len(html.encode()) / 1e6:>9.2f}{t:>9.3f}  {outcome}", flush=True)
    print(f"worst {worst:.2f} s ({'under' if worst < 2 else 'OVER'} the 2 s bound)")
    scaling(n, show_all)


if __name__ == "__main__":
    main()
