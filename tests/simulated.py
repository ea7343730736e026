"""An archive made from the bundled Japan News fixtures over several simulated runs with fixed capture
times: ranking lists that change from run to run (stories climb, fall, enter and leave), and stories
edited between runs. Used by the tests of rankings, diff, edits and serve, and by scripts/demo_archive.py
(the chart in the README)."""

from __future__ import annotations

import copy
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsgrab import parse_article
from newsgrab.model import Ranking, RankingItem
from newsgrab.store import Archive

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "japannews"
START = datetime(2024, 1, 10, 0, 0, tzinfo=UTC)
STEP = timedelta(hours=3)
RUNS = 10
PAGES = [
    "wire-jiji-dateline",
    "staff-two-authors",
    "wire-reuters",
    "wire-ap-dateline",
    "feature-subheads",
    "editorial-no-photo",
    "layout-2026-sports",
]
ACCESS = "JN ACCESS RANKING"
POPULAR = '"Politics" POPULAR ARTICLE'


def run_time(k: int) -> str:
    return (START + k * STEP).isoformat(timespec="seconds")


def _pool(articles: dict, name: str) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for a in articles.values():
        for r in a.rankings:
            if r.name == name:
                for it in r.items:
                    seen.setdefault(it.url, it.title)
    return list(seen.items())


def _list_for_run(pool: list[tuple[str, str]], k: int, size: int, seed: int) -> list[RankingItem]:
    """Five of the pool in an order that drifts from run to run: a smooth score plus a little noise."""
    rnd = random.Random(seed * 1000 + k)
    scored = []
    for i, (url, title) in enumerate(pool):
        trend = (i % 5 - 2) * 0.35 * k  # some stories climb, some fall
        scored.append((i + trend + rnd.random() * 1.5, url, title))
    scored.sort()
    return [RankingItem(n, title, url) for n, (_, url, title) in enumerate(scored[:size], 1)]


def build(path: str | Path, runs: int = RUNS) -> dict:
    """Write the archive; return what a test needs to know: urls by fixture name, run times."""
    html = {n: (FIXTURES / f"{n}.html").read_bytes() for n in PAGES}
    articles = {n: parse_article(h) for n, h in html.items()}
    jiji_url = articles["wire-jiji-dateline"].url
    access = _pool(articles, ACCESS)
    access.insert(3, (jiji_url, articles["wire-jiji-dateline"].headline))  # an archived story in the list
    popular = _pool(articles, POPULAR)
    with Archive(path) as archive:
        for k in range(runs):
            lists = [Ranking(ACCESS, _list_for_run(access, k, 5, 1)), Ranking(POPULAR, _list_for_run(popular, k, 5, 2))]
            for name in PAGES:
                page = html[name]
                if name == "wire-jiji-dateline" and k >= 3:  # an edit: a sentence added
                    page = page.replace(b"has signed memorandums", b"has this week signed memorandums")
                if name == "wire-jiji-dateline" and k >= 6:  # and another: a sentence cut, words changed
                    page = page.replace(b"decarbonization", b"emissions cuts")
                if name == "staff-two-authors" and k >= 5:  # a headline rewritten
                    page = page.replace(b"Ishiba Pledges to Press Ahead", b"Ishiba Vows to Push Ahead")
                article = parse_article(page)
                article.rankings = [copy.deepcopy(r) for r in lists] + [
                    r for r in article.rankings if r.name not in (ACCESS, POPULAR)
                ]
                archive.save(article, fetch_url=article.url or name, run_id=f"run-{k:02d}", raw=page, now=run_time(k))
    return {
        "urls": {n: a.url for n, a in articles.items()},
        "times": [run_time(k) for k in range(runs)],
        "access": access,
        "popular": popular,
    }
