"""Every read for show, search, export, stats and health."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from .. import health
from ..errors import ExportError, QueryError
from ..search import query_terms, snippet
from ..urls import normalise_url
from .core import Core
from .queries import Selection, build_query, match_sql
from .records import decode_row, unpack_record


class Reads(Core):
    """The reads behind show, search, export, stats and health."""

    def get(self, key: str | int) -> dict[str, Any] | None:
        """One article by id, URL or fetched URL, lists decoded. A URL is looked up as given, then as
        newsgrab stores URLs (urls.normalise_url: no tracking parameters, no fragment, lower-case host),
        so a link pasted from a browser finds its story in every command that takes one."""
        articles = self.db.table("articles")
        if isinstance(key, int) or str(key).isdigit():
            rows = articles.rows_where("id = ?", [int(key)], limit=1)
            row = next(iter(rows), None)
            return decode_row(row) if row is not None else None
        for candidate in dict.fromkeys([str(key), normalise_url(str(key)) if "://" in str(key) else None]):
            if not candidate:
                continue
            rows = articles.rows_where(
                "url = :key OR fetch_url = :key", {"key": candidate}, order_by="url = :key DESC", limit=1
            )
            row = next(iter(rows), None)
            if row is not None:
                return decode_row(row)
        return None

    def version_record(self, article_id: int, version: int) -> dict[str, Any] | None:
        """The full record of one version of an article (None when there is no such version)."""
        row = self.db.execute(
            "SELECT v.record, v.headline, COALESCE(v.body, CASE WHEN v.version = a.version THEN a.body END), "
            "v.fetched_at FROM article_versions v JOIN articles a ON a.id = v.article_id "
            "WHERE v.article_id = ? AND v.version = ?",
            [article_id, version],
        ).fetchone()
        if row is None:
            return None
        record = unpack_record(row[0], row[1], row[2])
        record["fetched_at"] = row[3]
        return record

    def versions(self, article_id: int) -> list[dict[str, Any]]:
        cur = self.db.execute(
            "SELECT version, fetched_at, content_hash, changed FROM article_versions "
            "WHERE article_id = ? ORDER BY version",
            [article_id],
        )
        return [
            {"version": v, "fetched_at": t, "content_hash": h, "changed": json.loads(c or "[]")}
            for v, t, h, c in cur.fetchall()
        ]

    def search(self, query: str, limit: int = 20, *, raw: bool = False) -> list[dict[str, Any]]:
        """Full-text search over headline and body, best match first, with a snippet.

        The words typed are searched as words (each quoted for FTS5, all required); with raw=True the
        query is FTS5 syntax. Chinese, Japanese and Korean text is found as any substring."""
        where, params, ranked = match_sql(query, raw=raw)
        if ranked:
            sql = (
                f"SELECT a.id, a.url, a.headline, a.published, a.body FROM articles_fts "
                f"JOIN articles a ON a.id = articles_fts.rowid WHERE {where} ORDER BY articles_fts.rank LIMIT ?"
            )
        else:
            sql = (
                f"SELECT a.id, a.url, a.headline, a.published, a.body FROM articles a WHERE {where} "
                "ORDER BY a.published DESC, a.id DESC LIMIT ?"
            )
        try:
            rows = self.db.execute(sql, [*params, limit]).fetchall()
        except sqlite3.OperationalError as exc:
            raise QueryError(f"bad search query {query!r}: {exc}") from None
        terms = query_terms(query)
        return [
            {"id": r[0], "url": r[1], "headline": r[2], "published": r[3], "snippet": snippet(r[4], terms)}
            for r in rows
        ]

    def export_rows(self, selection: Selection) -> tuple[list[str], Iterator[tuple]]:
        """(column names, rows streamed in batches) of one table for export, filtered and in a stable order."""
        sql, params, cols = build_query(selection)
        if selection.table == "runs" and "runs" not in self.db.table_names():
            return cols, iter(())
        try:
            cursor = self.db.execute(sql, params)
        except sqlite3.Error as exc:
            raise ExportError(f"cannot export: {exc}") from None

        def rows() -> Iterator[tuple]:
            while batch := cursor.fetchmany(1000):
                yield from batch

        return cols, rows()

    def stats(self, days: int = 14) -> dict[str, Any]:
        q = self.db.execute
        return {
            "articles": q("SELECT count(*) FROM articles").fetchone()[0],
            "versions": q("SELECT count(*) FROM article_versions").fetchone()[0],
            "ranking_rows": q("SELECT count(*) FROM rankings").fetchone()[0],
            "by_site": [
                dict(zip(("site", "articles", "latest"), r, strict=True))
                for r in q(
                    "SELECT site, count(*), max(published) FROM articles GROUP BY site ORDER BY 2 DESC"
                ).fetchall()
            ],
            "by_day": [
                dict(zip(("day", "site", "articles"), r, strict=True))
                for r in q(
                    "SELECT substr(first_seen, 1, 10) d, site, count(*) FROM articles WHERE first_seen >= ? "
                    "GROUP BY d, site ORDER BY d DESC",
                    [(datetime.now(UTC) - timedelta(days=days)).date().isoformat()],
                ).fetchall()
            ],
            "fetch_outcomes": dict(q("SELECT outcome, count(*) FROM fetches GROUP BY outcome").fetchall()),
            "last_fetches": [
                dict(zip(("fetched_at", "outcome", "url", "error"), r, strict=True))
                for r in q("SELECT fetched_at, outcome, url, error FROM fetches ORDER BY id DESC LIMIT 10").fetchall()
            ],
            "recent_failures": [
                dict(zip(("fetched_at", "url", "error", "times"), r, strict=True))
                for r in q(
                    "SELECT max(fetched_at), url, error, count(*) FROM fetches WHERE outcome IN ('failed', 'crashed') "
                    "GROUP BY url, error ORDER BY max(id) DESC LIMIT 10"
                ).fetchall()
            ],
        }

    def health(self, now: datetime | None = None) -> list[str]:
        """Warnings a person watching a cron job wants (the rules are in newsgrab.health)."""
        if now is None:  # the last time the archive looked: the latest scheduled run, if there is one
            (last,) = self.db.execute("SELECT max(started) FROM runs WHERE command = 'archive'").fetchone()
            looked = datetime.fromisoformat(last) if last else None
        else:
            looked = now
        warnings = []
        for (site,) in self.db.execute("SELECT DISTINCT site FROM articles WHERE site IS NOT NULL").fetchall():
            firsts = [
                datetime.fromisoformat(r[0])
                for r in self.db.execute(
                    "SELECT first_seen FROM articles WHERE site = ? ORDER BY first_seen DESC LIMIT 50", [site]
                )
            ]
            quiet = health.quiet_warning(site, firsts, looked) if looked is not None else None
            if quiet:
                warnings.append(quiet)
            rows = self.db.execute(
                "SELECT headline, body, published, rankings FROM articles WHERE site = ? "
                "ORDER BY first_seen DESC LIMIT ?",
                [site, health.RECENT + health.EARLIER],
            ).fetchall()
            warnings += health.empty_field_warnings(site, rows)
        return warnings
