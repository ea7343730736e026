"""Ranking lists: a dated snapshot of each list seen beside a story, once per capture time."""

from __future__ import annotations

import hashlib
import json

from ..model import Article
from .core import Core
from .records import utcnow
from .schema import host_of


class Rankings(Core):
    """Snapshots of the ranking lists a page shows."""

    def _snapshot_rankings(
        self, article: Article, *, page_url: str, run_id: str, now: str, captured_at: str | None = None
    ) -> None:
        """One snapshot per list per run, all at the run's time (no false gaps in a series); a page imported
        from a WARC file (`captured_at` given) is a snapshot of its own capture time."""
        for ranking in article.rankings:
            items = [(i.position, i.title, i.url) for i in ranking.items]
            digest = hashlib.sha1(json.dumps(items, ensure_ascii=False).encode()).hexdigest()
            key = (run_id, ranking.name, digest)
            if captured_at is None and (
                key in self._snapshots
                or self.db.execute(
                    "SELECT 1 FROM rankings WHERE run_id = ? AND list_name = ? AND snapshot_hash = ? LIMIT 1", list(key)
                ).fetchone()
            ):
                continue
            if (
                captured_at is not None
                and self.db.execute(
                    "SELECT 1 FROM rankings WHERE captured_at = ? AND list_name = ? AND snapshot_hash = ? LIMIT 1",
                    [captured_at, ranking.name, digest],
                ).fetchone()
            ):
                continue
            self._snapshots.add(key)
            captured = captured_at or self._run_times.setdefault(run_id, now)
            for position, title, item_url in items:
                self._insert(
                    "rankings",
                    {
                        "captured_at": captured,
                        "run_id": run_id,
                        "page_url": page_url,
                        "site": host_of(page_url),
                        "list_name": ranking.name,
                        "position": position,
                        "title": title,
                        "url": item_url,
                        "article_id": self._article_id(item_url),
                        "snapshot_hash": digest,
                    },
                )

    def _snapshot_stored_rankings(self, article_id: int, run_id: str, now: str) -> None:
        """Snapshot the lists of an article's stored record (its page answered 304 Not Modified): a rank
        series has no gap where nothing moved."""
        url, rankings = self.db.execute("SELECT url, rankings FROM articles WHERE id = ?", [article_id]).fetchone()
        lists = json.loads(rankings or "[]")
        if lists:
            self._snapshot_rankings(
                Article.from_dict({"url": url, "rankings": lists}), page_url=url, run_id=run_id, now=now
            )

    def snapshot_page_rankings(self, page_url: str, rankings: list, run_id: str) -> None:
        """Store the ranking lists seen on a page that is not itself archived (a front page)."""
        with self._transaction():
            self._snapshot_rankings(
                Article(url=page_url, rankings=rankings), page_url=page_url, run_id=run_id, now=utcnow()
            )
