"""Runs and the fetch log: a run's start and end, one row per fetch, what is known, given up or due."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from .. import recheck
from ..outcomes import Outcome
from .rankings import Rankings
from .records import STORED_OUTCOMES, utcnow
from .sql import in_chunks


class RunLog(Rankings):
    """The run log and the fetch log."""

    def validators(self, urls: list[str]) -> dict[str, tuple[str | None, str | None, str | None]]:
        """The stored (ETag, Last-Modified, capture time of the copy they came from) per URL (fetched or
        canonical), for conditional GETs."""
        out: dict[str, tuple[str | None, str | None, str | None]] = {}
        for chunk, marks in in_chunks(urls):
            for url, fetch_url, etag, lm, captured in self.db.execute(
                f"SELECT url, fetch_url, etag, last_modified, (SELECT max(f.fetched_at) FROM fetches f WHERE "
                f"f.article_id = articles.id AND f.outcome IN {STORED_OUTCOMES!r}) FROM articles "
                f"WHERE (url IN ({marks}) OR fetch_url IN ({marks})) AND (etag IS NOT NULL OR "
                "last_modified IS NOT NULL)",
                chunk + chunk,
            ).fetchall():
                for key in (url, fetch_url):
                    if key in chunk:
                        out.setdefault(key, (etag, lm, captured))
        return out

    def log_fetch(
        self,
        url: str,
        outcome: str,
        *,
        status: int | None = None,
        error: str | None = None,
        nbytes: int | None = None,
        ms: int | None = None,
        wait_ms: int | None = None,
        run_id: str | None = None,
        article_id: int | None = None,
        now: str | None = None,
    ) -> None:
        """Record a fetch that stored no article (not modified, robots, failed)."""
        with self._transaction():
            if outcome == Outcome.NOT_MODIFIED:
                article_id = self._article_id(url)
                if article_id is not None:
                    self.db.execute("UPDATE articles SET last_seen = ? WHERE id = ?", [now or utcnow(), article_id])
                    if run_id:  # the page did not change, nor did its lists: this run saw them as stored
                        self._snapshot_stored_rankings(article_id, run_id, now or utcnow())
            self._log_fetch(url, now or utcnow(), outcome, status, error, nbytes, ms, wait_ms, article_id, run_id)

    def _log_fetch(self, url, now, outcome, status, error, nbytes, ms, wait_ms, article_id, run_id, digest=None) -> int:
        return self._insert(
            "fetches",
            {
                "url": url,
                "fetched_at": now,
                "outcome": outcome,
                "status": status,
                "error": error,
                "bytes": nbytes,
                "ms": ms,
                "wait_ms": wait_ms,
                "article_id": article_id,
                "run_id": run_id,
                "content_hash": digest,
            },
        )

    def start_run(self, run_id: str, sites: list[str], pid: int, command: str = "archive") -> None:
        """A run in the run log: `archive`, `import-warc` or `reparse`."""
        started = self._run_times.setdefault(run_id, utcnow())
        with self._transaction():
            self._insert(
                "runs",
                {
                    "run_id": run_id,
                    "started": started,
                    "status": "running",
                    "sites": json.dumps(sites),
                    "pid": pid,
                    "command": command,
                },
            )

    def finish_run(
        self, run_id: str, status: str, counts: dict[str, int], errors: list[str], ended: bool = True
    ) -> None:
        """Record a run's counts and errors; with ended=False, progress so far (a killed run keeps it)."""
        with self._transaction():
            self.db.execute(
                "UPDATE runs SET ended = ?, status = ?, discovered = ?, new = ?, updated = ?, "
                "unchanged = ?, not_modified = ?, failed = ?, errors = ? WHERE run_id = ?",
                [
                    utcnow() if ended else None,
                    status,
                    counts.get("discovered", 0),
                    counts.get("archived", 0),
                    counts.get("updated", 0),
                    counts.get("unchanged", 0),
                    counts.get("not modified", 0),
                    counts.get("failed", 0) + counts.get("crashed", 0),
                    json.dumps(errors[:50], ensure_ascii=False),
                    run_id,
                ],
            )

    def close_stale_runs(self) -> int:
        """Runs left 'running' by a process that died (the caller holds the run lock): mark them killed."""
        with self._transaction():
            return self.db.execute("UPDATE runs SET status = 'killed' WHERE status = 'running'").rowcount

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        out = []
        for row in self.db.table("runs").rows_where(order_by="id DESC", limit=limit):
            for key in ("sites", "errors"):
                row[key] = json.loads(row[key]) if row.get(key) else []
            out.append(row)
        return out

    def known(self, urls: list[str]) -> set[str]:
        """Which of these URLs are archived already (as canonical or as fetched URL)."""
        found: set[str] = set()
        for chunk, marks in in_chunks(urls):
            for url, fetch_url in self.db.execute(
                f"SELECT url, fetch_url FROM articles WHERE url IN ({marks}) OR fetch_url IN ({marks})", chunk + chunk
            ).fetchall():
                found.add(url)
                if fetch_url:
                    found.add(fetch_url)
        return found & set(urls)

    def given_up(self, urls: list[str], attempts: int) -> set[str]:
        """URLs that failed `attempts` times or more and were never archived: not worth a fetch every run."""
        out: set[str] = set()
        for chunk, marks in in_chunks(urls):
            out.update(
                r[0]
                for r in self.db.execute(
                    f"SELECT url FROM fetches WHERE url IN ({marks}) AND outcome = 'failed' GROUP BY url "
                    "HAVING count(*) >= ?",
                    [*chunk, attempts],
                ).fetchall()
            )
        return out

    def due_for_recheck(self, now: datetime) -> list[str]:
        """Archived stories due for an edit check by the recheck policy (newsgrab.recheck), newest first."""
        since = (now - timedelta(hours=recheck.horizon())).isoformat(timespec="seconds")
        return [
            fetch_url or url
            for url, fetch_url, first, last in self.db.execute(
                "SELECT url, fetch_url, first_seen, last_seen FROM articles WHERE first_seen >= ? "
                "ORDER BY first_seen DESC",
                [since],
            ).fetchall()
            if recheck.is_due(datetime.fromisoformat(first), datetime.fromisoformat(last), now)
        ]
