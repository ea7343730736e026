#!/usr/bin/env python3
"""Parse time of every hostile page shape (tests/hostile.py) at the sizes that once took minutes, beside
an ordinary fixture page parsed in the same run. Every shape should parse in under 2 s.

    python bench/hostile.py
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


def main() -> None:
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


if __name__ == "__main__":
    main()
