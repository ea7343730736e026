"""Articles and their versions: saving a fetch (record, version, page, fetch row, rankings in one transaction),
settling the history of a story from its captures, and reparse's reads and writes."""

from __future__ import annotations

import json
from typing import Any

from .. import validate
from ..model import Article
from ..outcomes import Outcome
from ..search import cjk_tokens
from .copies import Copies
from .records import (
    CANONICAL_CLAIM,
    CONTENT_FIELDS,
    REPARSED_FIELDS,
    STORED_OUTCOMES,
    SaveResult,
    WarcLocation,
    article_row,
    content_hash,
    pack_record,
    unpack_record,
    utcnow,
)


class Articles(Copies):
    """Saving stories and their versions."""

    def save(
        self,
        article: Article,
        *,
        fetch_url: str,
        run_id: str,
        etag: str | None = None,
        last_modified: str | None = None,
        raw: bytes | None = None,
        charset: str | None = None,
        status: int | None = 200,
        nbytes: int | None = None,
        ms: int | None = None,
        wait_ms: int | None = None,
        now: str | None = None,
        warc: WarcLocation | None = None,
        captured: bool = False,
    ) -> SaveResult:
        """Store one parsed article in one transaction: row, version, rankings, raw page, fetch log.

        A canonical URL naming an article that was archived from another address, never from this
        one, is not trusted to overwrite it (a page could take over another story): the page is kept
        as its own record under its fetch URL, with a warning."""
        now = now or utcnow()
        # a page `fetch` read from a saved file keeps its path; every other address is http(s) only
        local = not fetch_url.lower().startswith(("http://", "https://"))
        article = validate.checked(article, fetch_url, local=local)
        fetch_url = validate.url(fetch_url, required=True, local=local) or fetch_url
        url = article.url or fetch_url
        with self._transaction():
            if url != fetch_url and self._claims_other(url, fetch_url):
                article.warnings.append(
                    f"{CANONICAL_CLAIM}{url}, an article archived from another address; kept as its own record"
                )
                url = fetch_url
            row = article_row(article)
            digest = content_hash(row)
            existing = self.db.execute(
                "SELECT id, version, content_hash FROM articles WHERE url = ? OR fetch_url = ? "
                "ORDER BY url = ? DESC LIMIT 1",
                [url, fetch_url, url],
            ).fetchone()
            if existing is None:
                cols = {
                    **row,
                    "url": url,
                    "fetch_url": fetch_url,
                    "content_hash": digest,
                    "first_seen": now,
                    "last_seen": now,
                    "version": 1,
                    "etag": etag,
                    "last_modified": last_modified,
                }
                article_id = self._insert("articles", cols)
                result = SaveResult(Outcome.ARCHIVED, article_id, 1, ["new"])
            elif existing[2] == digest:
                article_id = existing[0]
                self.db.execute(
                    "UPDATE articles SET last_seen = ?, etag = ?, last_modified = ?, fetch_url = ?, "
                    "modified = ?, rankings = ?, extractor_version = ? WHERE id = ?",
                    [
                        now,
                        etag,
                        last_modified,
                        fetch_url,
                        row["modified"],
                        row["rankings"],
                        row["extractor_version"],
                        article_id,
                    ],
                )
                result = SaveResult(Outcome.UNCHANGED, article_id, existing[1])
            else:
                article_id, version = existing[0], existing[1] + 1
                old = self.db.execute(
                    f"SELECT {', '.join(CONTENT_FIELDS)} FROM articles WHERE id = ?", [article_id]
                ).fetchone()
                changed = [f for f, before in zip(CONTENT_FIELDS, old, strict=True) if before != row[f]]
                # the version that stops being current gets its own copy of the body (the current version's
                # body is the article's: no text is stored twice)
                self.db.execute(
                    "UPDATE article_versions SET body = ? WHERE article_id = ? AND version = ? AND body IS NULL",
                    [old[CONTENT_FIELDS.index("body")], article_id, existing[1]],
                )
                sets = {
                    **row,
                    "content_hash": digest,
                    "last_seen": now,
                    "version": version,
                    "etag": etag,
                    "last_modified": last_modified,
                    "fetch_url": fetch_url,
                }
                self.db.execute(
                    f"UPDATE articles SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?",
                    [*sets.values(), article_id],
                )
                result = SaveResult(Outcome.UPDATED, article_id, version, changed)
            if result.outcome != Outcome.UNCHANGED:
                self._index_text(article_id, row["headline"], row["body"])
                self._insert(
                    "article_versions",
                    {
                        "article_id": article_id,
                        "version": result.version,
                        "fetched_at": now,
                        "content_hash": digest,
                        "headline": row["headline"],
                        "body": None,
                        "changed": json.dumps(result.changed),
                        "record": pack_record(article.to_dict()),
                    },
                )
                if warc is not None or raw is not None:
                    self._store_page(article_id, fetch_url, now, digest, charset, raw, warc, article.site)
            self.db.execute(
                "UPDATE rankings SET article_id = ? WHERE article_id IS NULL AND url IN (?, ?)",
                [article_id, url, fetch_url],
            )
            self._snapshot_rankings(
                article, page_url=url, run_id=run_id, now=now, captured_at=now if captured else None
            )
            self._log_fetch(
                fetch_url, now, result.outcome, status, None, nbytes, ms, wait_ms, article_id, run_id, digest
            )
        return result

    def reparse_candidates(
        self, *, site: str | None = None, since: str | None = None, url: str | None = None, ids: list[int] | None = None
    ) -> list[tuple[int, str, str | None, str, str | None]]:
        """(id, fetch URL, extractor_version, canonical URL, profile name) of the articles a reparse
        considers, oldest id first."""
        where: list[str] = ["1"]
        params: list[Any] = []
        if ids is not None:
            where.append(f"id IN ({','.join('?' for _ in ids)})")
            params += ids
        if site:
            where.append("site = ?")
            params.append(site)
        if since:
            where.append("datetime(last_seen) >= ?")
            params.append(since)
        if url:
            where.append("(url = ? OR fetch_url = ?)")
            params += [url, url]
        sql = (
            f"SELECT id, coalesce(fetch_url, url), extractor_version, url, profile FROM articles "
            f"WHERE {' AND '.join(where)} ORDER BY id"
        )
        return [(r[0], r[1], r[2], r[3], r[4]) for r in self.db.execute(sql, params).fetchall()]

    def latest_page(self, article_id: int) -> tuple[int, str, str | None] | None:
        """(page id, URL, charset) of the newest raw page stored for an article."""
        row = self.db.execute(
            "SELECT id, url, charset FROM pages WHERE article_id = ? ORDER BY fetched_at DESC, id DESC LIMIT 1",
            [article_id],
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def record_changes(self, article_id: int, article: Article) -> list[str]:
        """The record fields that `article` would change in the stored article."""
        new = article_row(article)
        old = self.db.execute(
            f"SELECT {', '.join(REPARSED_FIELDS)} FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        return [f for f, before in zip(REPARSED_FIELDS, old, strict=True) if before != new[f]]

    def apply_reparse(self, article_id: int, article: Article, changed: list[str]) -> None:
        """Update an article's record in place from a new extraction of the same raw page: not a new version
        (the publisher changed nothing); logged in `reparses`. With no change, only the extractor is noted."""
        stored = self.db.execute("SELECT coalesce(fetch_url, url) FROM articles WHERE id = ?", [article_id]).fetchone()
        article = validate.checked(article, stored[0] if stored else "", local=True)
        row = article_row(article)
        with self._transaction():
            before = self.db.execute(
                "SELECT extractor_version, version, content_hash FROM articles WHERE id = ?", [article_id]
            ).fetchone()
            if not changed:
                self.db.execute(
                    "UPDATE articles SET extractor_version = ? WHERE id = ?", [row["extractor_version"], article_id]
                )
                return
            digest = content_hash(row)
            sets = {f: row[f] for f in REPARSED_FIELDS} | {
                "content_hash": digest,
                "extractor_version": row["extractor_version"],
            }
            self.db.execute(
                f"UPDATE articles SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?", [*sets.values(), article_id]
            )
            self.db.execute(
                "UPDATE article_versions SET headline = ?, content_hash = ?, record = ? "
                "WHERE article_id = ? AND version = ?",
                [row["headline"], digest, pack_record(article.to_dict()), article_id, before[1]],
            )
            # the captures of the version in force saw what the record now says (the history stays settled)
            self.db.execute(
                "UPDATE fetches SET content_hash = ? WHERE article_id = ? AND content_hash = ? AND "
                "fetched_at >= (SELECT fetched_at FROM article_versions WHERE article_id = ? AND "
                "version = ?)",
                [digest, article_id, before[2], article_id, before[1]],
            )
            self._index_text(article_id, row["headline"], row["body"])
            self._insert(
                "reparses",
                {
                    "article_id": article_id,
                    "at": utcnow(),
                    "extractor_from": before[0],
                    "extractor_to": row["extractor_version"],
                    "changed": json.dumps(changed),
                },
            )

    def _settle_versions(self, article_id: int) -> None:
        """Make an article's versions follow the one history rule: they are its distinct contents in capture
        order. Every capture counts (each stored fetch and each version's start); one whose content equals
        that of the version in force at its time is not a version; the first capture is v1 and first_seen.
        The same captures give the same versions whatever order they arrived in; the article's record is the
        newest version's."""
        aid = [article_id, article_id]
        captures = self.db.execute(
            "SELECT fetched_at, content_hash FROM fetches WHERE article_id = ? AND content_hash IS NOT NULL "
            f"AND outcome IN {STORED_OUTCOMES!r} UNION SELECT fetched_at, content_hash FROM article_versions "
            "WHERE article_id = ? ORDER BY 1, 2",
            aid,
        ).fetchall()
        rows = self.db.execute(
            "SELECT v.id, v.fetched_at, v.content_hash, v.record, v.headline, "
            "COALESCE(v.body, CASE WHEN v.version = a.version THEN a.body END) FROM article_versions v "
            "JOIN articles a ON a.id = v.article_id WHERE v.article_id = ? ORDER BY v.version",
            [article_id],
        ).fetchall()
        by_hash: dict[str, list[tuple]] = {}
        for r in rows:
            by_hash.setdefault(r[2], []).append(r)
        runs: list[tuple[str, str]] = []
        for at, digest in captures:
            if digest in by_hash and (not runs or runs[-1][1] != digest):
                runs.append((at, digest))
        self.db.execute(
            "UPDATE articles SET first_seen = min(first_seen, ?) WHERE id = ?",
            [runs[0][0] if runs else "9999", article_id],
        )
        numbered = [
            r[0]
            for r in self.db.execute(
                "SELECT version FROM article_versions WHERE article_id = ? ORDER BY version", [article_id]
            ).fetchall()
        ]
        if [(r[1], r[2]) for r in rows] == runs and numbered == list(range(1, len(rows) + 1)):
            return  # already so (the common case: a capture within the version in force)
        used: set[int] = set()
        plan: list[tuple[int | None, str, str, dict[str, Any], tuple]] = []  # (row id or None: a copy, ...)
        for at, digest in runs:
            choices = [r for r in by_hash[digest] if r[0] not in used]
            pick = next((r for r in choices if r[1] == at), choices[0] if choices else None)
            source = pick or by_hash[digest][0]
            if pick is not None:
                used.add(pick[0])
            plan.append((pick[0] if pick else None, at, digest, unpack_record(source[3], source[4], source[5]), source))
        self.db.execute("UPDATE article_versions SET version = -id WHERE article_id = ?", [article_id])
        for r in rows:
            if r[0] not in used:
                self.db.execute("DELETE FROM article_versions WHERE id = ?", [r[0]])
        previous: dict[str, Any] | None = None
        for n, (vid, at, digest, record, source) in enumerate(plan, 1):
            fields = article_row(Article.from_dict(record))
            changed = ["new"] if previous is None else [f for f in CONTENT_FIELDS if previous.get(f) != fields[f]]
            previous = fields
            cols = {"version": n, "fetched_at": at, "changed": json.dumps(changed), "body": record.get("body")}
            if vid is None:
                self._insert(
                    "article_versions",
                    {
                        "article_id": article_id,
                        "content_hash": digest,
                        "headline": source[4],
                        "record": source[3],
                        **cols,
                    },
                )
            else:
                self.db.execute(
                    f"UPDATE article_versions SET {', '.join(f'{k} = ?' for k in cols)} WHERE id = ?",
                    [*cols.values(), vid],
                )
        current = self.db.execute("SELECT content_hash FROM articles WHERE id = ?", [article_id]).fetchone()[0]
        if plan and plan[-1][2] != current:  # the newest version is not the record: it becomes the record
            fields = article_row(Article.from_dict(plan[-1][3]))
            sets = {**fields, "content_hash": plan[-1][2]}
            self.db.execute(
                f"UPDATE articles SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?", [*sets.values(), article_id]
            )
            self._index_text(article_id, fields["headline"], fields["body"])
        self.db.execute("UPDATE articles SET version = ? WHERE id = ?", [len(plan), article_id])
        # the fetch log says the same as if the captures had come in time order: the first archived the story,
        # each version's first capture updated it, the rest found it unchanged
        self.db.execute(
            f"UPDATE fetches SET outcome = 'unchanged' WHERE article_id = ? AND content_hash IS NOT NULL "
            f"AND outcome IN {STORED_OUTCOMES!r}",
            [article_id],
        )
        for n, (_, at, digest, _, _) in enumerate(plan):
            self.db.execute(
                "UPDATE fetches SET outcome = ? WHERE id = (SELECT id FROM fetches WHERE article_id = ? AND "
                "fetched_at = ? AND content_hash = ? AND outcome = 'unchanged' ORDER BY id LIMIT 1)",
                [Outcome.UPDATED if n else Outcome.ARCHIVED, article_id, at, digest],
            )
        self.db.execute(
            "UPDATE article_versions SET body = NULL WHERE article_id = ? AND version = ?", [article_id, len(plan)]
        )  # the current version's body is the article's

    def _store_page(
        self,
        article_id: int,
        url: str,
        now: str,
        digest: str,
        charset: str | None,
        raw: bytes | None,
        warc: WarcLocation | None,
        site: str | None,
    ) -> None:
        cols: dict[str, Any] = {
            "article_id": article_id,
            "url": url,
            "fetched_at": now,
            "content_hash": digest,
            "charset": charset,
        }
        if warc is not None:  # the page is in a WARC file already: point at it, keep no second copy
            cols.update(
                html=b"",
                codec="warc",
                warc_file=self.pages.pointer(warc.file),
                warc_offset=warc.offset,
                warc_length=warc.length,
            )
        else:
            assert raw is not None
            packed = self.pages.pack(raw, site=site, article_id=article_id)
            cols.update(html=packed.html, codec=packed.codec, dict_id=packed.dict_id, base_page=packed.base_page)
        self._insert("pages", cols)
        if warc is None:
            self.pages.after_insert(site)

    def _claims_other(self, canonical: str, fetch_url: str) -> bool:
        """Whether `canonical` is an archived article that was never fetched from `fetch_url`."""
        owner = self.db.execute("SELECT id, fetch_url FROM articles WHERE url = ?", [canonical]).fetchone()
        if owner is None or owner[1] in (None, fetch_url):
            return False
        seen = self.db.execute(
            "SELECT 1 FROM fetches WHERE url = ? AND article_id = ? LIMIT 1", [fetch_url, owner[0]]
        ).fetchone()
        return seen is None

    def _index_text(self, article_id: int, headline: str | None, body: str | None) -> None:
        """The indexes of a story's current text: the CJK search index and its copies (store/copies.py)."""
        self._index_cjk(article_id, headline, body)
        self.index_story(article_id, body)

    def _index_cjk(self, article_id: int, headline: str | None, body: str | None) -> None:
        self.db.execute("DELETE FROM articles_cjk WHERE rowid = ?", [article_id])
        text = cjk_tokens(headline, body)
        if text:
            self.db.execute("INSERT INTO articles_cjk (rowid, text) VALUES (?, ?)", [article_id, text])
