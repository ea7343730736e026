"""Captures from elsewhere: WARC records saved in capture order (older ones settled into the history), and a
shard's rows replayed into this archive (merge)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from .. import validate
from ..errors import ArchiveError
from ..model import Article
from ..outcomes import Outcome
from .articles import Articles
from .files import INPUT_HEAP_LIMIT
from .queries import TABLES
from .records import (
    MAX_RECORD,
    STORED_OUTCOMES,
    UNNUMBERED,
    RecordUnreadable,
    SaveResult,
    WarcLocation,
    article_row,
    content_hash,
    pack_record,
    unpack_record,
)
from .schema import host_of


class Captures(Articles):
    """Captures that arrive out of order, and shard replay."""

    def captures_in_order(self) -> Iterator[tuple[str, str, dict[str, Any] | str, int | None]]:
        try:
            yield from self._captures_in_order()
        except MemoryError:
            raise ArchiveError(
                f"{self.path}: holds a value too large to read (over {INPUT_HEAP_LIMIT // 2**20} "
                "MB) where a URL or time should be; the rest of it cannot be merged"
            ) from None

    def _captures_in_order(self) -> Iterator[tuple[str, str, dict[str, Any] | str, int | None]]:
        """Every capture of every story, each stored fetch and each version's start, as (URL, capture time,
        the record of the content it saw, page id or None), in capture order: what a merge replays, so the
        target settles the same history as if it had made every capture itself. A record that cannot be
        read (malformed, or past the size caps: checked before it is loaded) comes as a one-line reason
        instead of the record."""
        rows = self.db.execute(
            "SELECT article_id, url, fetched_at, content_hash, 0 FROM fetches WHERE article_id IS NOT NULL "
            f"AND content_hash IS NOT NULL AND outcome IN {STORED_OUTCOMES!r} UNION ALL "
            "SELECT v.article_id, coalesce(a.fetch_url, a.url), v.fetched_at, v.content_hash, 1 "
            "FROM article_versions v JOIN articles a ON a.id = v.article_id ORDER BY 3, 1, 4, 5"
        )
        last = None
        for article_id, url, at, digest, starts in rows:
            if (article_id, at, digest) == last:
                continue  # a version's start is also in the fetch log
            last = (article_id, at, digest)
            if not isinstance(url, str) or not isinstance(at, str) or len(url) > validate.MAX_URL or len(at) > 40:
                yield "", "", f"article {article_id}: a capture with no usable URL or time", None
                continue
            found = self.db.execute(
                "SELECT v.id, a.id, v.version = a.version FROM article_versions v JOIN articles a "
                "ON a.id = v.article_id WHERE v.article_id = ? AND v.content_hash = ? "
                "ORDER BY v.fetched_at <= ? DESC, v.fetched_at DESC LIMIT 1",
                [article_id, digest, at],
            ).fetchone()
            if found is None:
                continue  # a fetch row whose content no version holds (not made by this newsgrab)
            size = max(
                self._largest("article_versions", found[0], ("record", "headline", "body")),
                self._largest("articles", found[1], ("body",)) if found[2] else 0,
            )
            if size > max(MAX_RECORD, 4 * validate.MAX_BODY):
                yield url, at, f"{validate.shown(url)}: a version of {size:,} bytes (past the caps)", None
                continue
            record, headline, body = self.db.execute(
                "SELECT v.record, v.headline, COALESCE(v.body, CASE WHEN v.version = a.version THEN a.body END) "
                "FROM article_versions v JOIN articles a ON a.id = v.article_id WHERE v.id = ?",
                [found[0]],
            ).fetchone()
            try:
                unpacked: dict[str, Any] | str = unpack_record(record, headline, body)
            except RecordUnreadable as exc:
                unpacked = f"{validate.shown(url)}: {exc}"
            page = self.db.execute(
                "SELECT id FROM pages WHERE article_id = ? AND (fetched_at = ? OR (? AND content_hash = ?)) "
                "ORDER BY fetched_at = ? DESC, id LIMIT 1",
                [article_id, at, starts, digest, at],
            ).fetchone()
            yield url, at, unpacked, page[0] if page else None

    def page_location(self, page_id: int) -> tuple[str, int, int] | None:
        """(file, offset, length) when the page is kept in a WARC file."""
        row = self.db.execute(
            "SELECT warc_file, warc_offset, warc_length FROM pages WHERE id = ? AND codec = 'warc'", [page_id]
        ).fetchone()
        return (self.pages.locate(row[0]), row[1], row[2]) if row else None

    def run_rows(self) -> list[dict[str, Any]]:
        return list(self.db.table("runs").rows_where(order_by="id"))

    def add_runs(self, rows: list[dict[str, Any]]) -> int:
        """Run-log rows from a shard that this archive lacks (by run id), their text checked; the count added."""
        added = 0
        keep = (*TABLES["runs"].fields, "pid", "command")  # the run log as exported, and who ran it
        with self._transaction():
            for row in rows:
                run_id = validate.text(str(row.get("run_id") or ""), 100)
                if not run_id or self.db.execute("SELECT 1 FROM runs WHERE run_id = ?", [run_id]).fetchone():
                    continue
                cols = {k: row.get(k) for k in keep}
                for k, v in cols.items():
                    if isinstance(v, str):
                        cols[k] = validate.text(v, 20_000)
                    elif not isinstance(v, (int, float, type(None))):
                        cols[k] = None
                cols["run_id"] = run_id
                cols["started"] = cols["started"] or "?"
                cols["status"] = cols["status"] or "?"
                cols["command"] = cols["command"] or "archive"
                self._insert("runs", cols)
                added += 1
        return added

    def ranking_rows(self) -> Iterator[tuple]:
        """A shard's ranking rows; rows past the size caps are never loaded (they would be refused)."""
        cap = 4 * validate.MAX_SHORT
        yield from self.db.execute(
            "SELECT captured_at, run_id, page_url, list_name, position, title, url, snapshot_hash, site FROM "
            f"rankings WHERE length(captured_at) <= 40 AND length(list_name) <= {cap} AND "
            f"coalesce(length(title), 0) <= {cap} AND coalesce(length(url), 0) <= {validate.MAX_URL} AND "
            f"coalesce(length(page_url), 0) <= {validate.MAX_URL} AND coalesce(length(run_id), 0) <= 200 AND "
            f"coalesce(length(site), 0) <= 300 AND coalesce(length(snapshot_hash), 0) <= 100 ORDER BY id"
        )

    def fetch_rows(self) -> Iterator[tuple]:
        """A shard's fetch-log rows; rows past the size caps are never loaded."""
        yield from self.db.execute(
            "SELECT url, fetched_at, outcome, status, error, bytes, ms, run_id, wait_ms FROM fetches WHERE "
            f"length(url) <= {validate.MAX_URL} AND length(fetched_at) <= 40 AND length(outcome) <= 40 AND "
            "coalesce(length(error), 0) <= 100000 AND coalesce(length(run_id), 0) <= 200 ORDER BY id"
        )

    def add_rankings(self, rows: Iterable[tuple]) -> int:
        """Ranking rows from a shard, each snapshot once (by capture time, list and content), their URLs and
        text checked at the door (a row that fails is dropped); the count added."""
        added = 0
        with self._transaction():
            for captured_at, run_id, page_url, name, position, title, url, digest, _site in rows:
                name, title = validate.text(name), validate.text(title)
                page_url, url = validate.optional_url(page_url), validate.optional_url(url)
                if not name or not isinstance(position, int) or not isinstance(captured_at, str) or (page_url is None):
                    continue
                if self.db.execute(
                    "SELECT 1 FROM rankings WHERE captured_at = ? AND list_name = ? AND "
                    "snapshot_hash IS ? AND position = ? AND site IS ? LIMIT 1",
                    [captured_at, name, digest, position, host_of(page_url)],
                ).fetchone():
                    continue
                self._insert(
                    "rankings",
                    {
                        "captured_at": validate.text(captured_at, 40),
                        "run_id": validate.text(run_id, 200),
                        "page_url": page_url,
                        "list_name": name,
                        "position": position,
                        "title": title,
                        "url": url,
                        "article_id": self._article_id(url),
                        "snapshot_hash": validate.text(digest, 100),
                        "site": host_of(page_url),
                    },
                )
                added += 1
        return added

    def add_fetches(self, rows: Iterable[tuple]) -> int:
        """Fetch-log rows from a shard that this archive lacks (same URL and time), checked at the door (a
        row whose URL is no http(s) address is dropped); the count added."""
        added = 0
        with self._transaction():
            for url, at, outcome, status, error, nbytes, ms, run_id, wait_ms in rows:
                url = validate.optional_url(url)
                if url is None or not isinstance(at, str):
                    continue
                if self.db.execute(
                    "SELECT 1 FROM fetches WHERE url = ? AND fetched_at = ? LIMIT 1", [url, at]
                ).fetchone():
                    continue
                ints = [v if isinstance(v, int) else None for v in (status, nbytes, ms, wait_ms)]
                self._log_fetch(
                    url,
                    validate.text(at, 40),
                    validate.text(outcome, 40),
                    ints[0],
                    validate.text(error, 100_000, lines=True),
                    ints[1],
                    ints[2],
                    ints[3],
                    self._article_id(url),
                    validate.text(run_id, 200),
                )
                added += 1
        return added

    def imported(self, url: str, captured_at: str) -> bool:
        """Whether this capture (URL and capture time) is archived already, or was found to hold no story:
        importing it again does nothing. (A crash is tried again: a newer newsgrab may parse it.)"""
        found = self.db.execute(
            "SELECT 1 FROM fetches WHERE url = ? AND fetched_at = ? AND outcome IN "
            "('archived', 'updated', 'unchanged', 'no article') LIMIT 1",
            [url, captured_at],
        ).fetchone()
        return found is not None

    def save_capture(
        self,
        article: Article,
        *,
        url: str,
        captured_at: str,
        run_id: str,
        warc: WarcLocation | None = None,
        raw: bytes | None = None,
        charset: str | None = None,
        nbytes: int | None = None,
    ) -> SaveResult:
        """Store a page captured at `captured_at` (WARC-Date): versions follow capture time, not import time.

        A capture newer than all the archive holds of the story is saved as a fetch at that time. An older
        one (or one at the same time) takes its place in the story's history by the one rule of
        `_settle_versions`, so the history is the same whatever order the captures arrive in."""
        article = validate.checked(article, url)  # a capture from elsewhere: http(s) only, no controls, caps
        url = validate.url(url, required=True) or url
        if raw is not None and len(raw) > validate.MAX_PAGE:
            raise validate.Rejected(
                f"{validate.shown(url)}: a page of {len(raw):,} bytes (at most {validate.MAX_PAGE:,})"
            )
        row = self.db.execute(
            "SELECT id, last_seen FROM articles WHERE url = ? OR fetch_url = ? LIMIT 1", [article.url or url, url]
        ).fetchone()
        if row is None or captured_at > row[1]:
            return self.save(
                article,
                fetch_url=url,
                run_id=run_id,
                raw=raw,
                charset=charset,
                status=200,
                nbytes=nbytes,
                now=captured_at,
                warc=warc,
                captured=True,
            )
        return self._save_older(
            row[0],
            article,
            url=url,
            captured_at=captured_at,
            run_id=run_id,
            warc=warc,
            raw=raw,
            charset=charset,
            nbytes=nbytes,
        )

    def _save_older(
        self,
        article_id: int,
        article: Article,
        *,
        url: str,
        captured_at: str,
        run_id: str,
        warc: WarcLocation | None,
        raw: bytes | None,
        charset: str | None,
        nbytes: int | None,
    ) -> SaveResult:
        with self._transaction():
            row = article_row(article)
            digest = content_hash(row)
            known = self.db.execute(
                "SELECT 1 FROM article_versions WHERE article_id = ? AND content_hash = ? LIMIT 1", [article_id, digest]
            ).fetchone()
            if known is None:  # new content: its record, numbered when the versions are settled
                self._insert(
                    "article_versions",
                    {
                        "article_id": article_id,
                        "version": UNNUMBERED,
                        "fetched_at": captured_at,
                        "content_hash": digest,
                        "headline": row["headline"],
                        "body": row["body"],
                        "changed": "[]",
                        "record": pack_record(article.to_dict()),
                    },
                )
            self._log_fetch(
                url, captured_at, Outcome.UNCHANGED, 200, None, nbytes, None, None, article_id, run_id, digest
            )
            count = self.db.execute("SELECT version FROM articles WHERE id = ?", [article_id]).fetchone()[0]
            self._settle_versions(article_id)
            grew = self.db.execute("SELECT version FROM articles WHERE id = ?", [article_id]).fetchone()[0] > count
            started = self.db.execute(
                "SELECT version, changed FROM article_versions WHERE article_id = ? AND "
                "fetched_at = ? AND content_hash = ?",
                [article_id, captured_at, digest],
            ).fetchone()
            if started is None or not grew:  # the content of a version (in force then, or starting just
                # after, which now starts here): a capture, not a version
                version = self.db.execute(
                    "SELECT version FROM article_versions WHERE article_id = ? AND "
                    "fetched_at <= ? ORDER BY fetched_at DESC, version DESC LIMIT 1",
                    [article_id, captured_at],
                ).fetchone()
                result = SaveResult(Outcome.UNCHANGED, article_id, version[0] if version else 1)
            else:
                result = SaveResult(Outcome.UPDATED, article_id, started[0], json.loads(started[1] or "[]"))
                if warc is not None or raw is not None:
                    self._store_page(article_id, url, captured_at, digest, charset, raw, warc, article.site)
            self._snapshot_rankings(
                article, page_url=article.url or url, run_id=run_id, now=captured_at, captured_at=captured_at
            )
        return result
