"""The SQLite archive: schema and migrations, saving an article with its versions, ranking snapshots,
raw page and fetch log in one transaction, and the queries behind show, search and stats."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

import sqlite_utils
import zstandard

from . import health, model, recheck, validate
from .defaults import DEFAULT_DB  # noqa: E402,F401  (re-exported: the archive's default name)
from .errors import ArchiveError, ExportError, QueryError
from .model import Article
from .pagestore import PageStore, bounded_zstd
from .queries import TABLES, build_query, match_sql
from .report import safe as report_safe
from .search import cjk_tokens, query_terms, snippet
from .urls import normalise_url

CANONICAL_CLAIM = "its canonical link names "  # the start of the warning save() adds (see _claims_other)
_UNNUMBERED = -(2**62)  # the version number of a row about to be renumbered (no row id is ever its negative)
BUSY_TIMEOUT = 30.0  # seconds a write waits for another process's write lock on the archive
# The storage lists, derived from the one field list (model.RECORD_FIELDS): what a version is made of (in
# the content hash), what a reparse may change (every field the extractor makes, not the URL, the times of
# capture or the validators), which columns hold JSON.
CONTENT_FIELDS = model.CONTENT_FIELDS
REPARSED_FIELDS = model.REPARSED_FIELDS
STORED_OUTCOMES = ("archived", "updated", "unchanged")  # a fetch-log row that is a capture of the story
LIST_FIELDS = model.JSON_FIELDS


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ---- schema ----


def _v1(db: sqlite_utils.Database) -> None:
    db.execute("""CREATE TABLE IF NOT EXISTS articles (
        id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, fetch_url TEXT, site TEXT, headline TEXT,
        authors TEXT, byline TEXT, credit TEXT, dateline TEXT, published TEXT, modified TEXT, section TEXT,
        section_path TEXT, tags TEXT, language TEXT, body TEXT, images TEXT, access TEXT, rankings TEXT,
        sources TEXT, warnings TEXT, profile TEXT, content_hash TEXT NOT NULL, first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1, etag TEXT, last_modified TEXT)""")
    db.execute("""CREATE TABLE IF NOT EXISTS article_versions (
        id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL REFERENCES articles(id), version INTEGER NOT NULL,
        fetched_at TEXT NOT NULL, content_hash TEXT NOT NULL, headline TEXT, body TEXT, changed TEXT,
        record TEXT, UNIQUE(article_id, version))""")
    db.execute("""CREATE TABLE IF NOT EXISTS rankings (
        id INTEGER PRIMARY KEY, captured_at TEXT NOT NULL, run_id TEXT, page_url TEXT, list_name TEXT NOT NULL,
        position INTEGER NOT NULL, title TEXT, url TEXT, article_id INTEGER REFERENCES articles(id),
        snapshot_hash TEXT)""")
    db.execute("""CREATE TABLE IF NOT EXISTS fetches (
        id INTEGER PRIMARY KEY, url TEXT NOT NULL, fetched_at TEXT NOT NULL, outcome TEXT NOT NULL,
        status INTEGER, error TEXT, bytes INTEGER, ms INTEGER, article_id INTEGER REFERENCES articles(id),
        run_id TEXT)""")
    db.execute("""CREATE TABLE IF NOT EXISTS pages (
        id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL REFERENCES articles(id), url TEXT NOT NULL,
        fetched_at TEXT NOT NULL, content_hash TEXT, charset TEXT, html BLOB NOT NULL)""")
    for sql in (
        "CREATE INDEX IF NOT EXISTS idx_articles_fetch_url ON articles(fetch_url)",
        "CREATE INDEX IF NOT EXISTS idx_articles_published ON articles(published)",
        "CREATE INDEX IF NOT EXISTS idx_articles_site ON articles(site, published)",
        "CREATE INDEX IF NOT EXISTS idx_articles_last_seen ON articles(last_seen)",
        "CREATE INDEX IF NOT EXISTS idx_versions_article ON article_versions(article_id)",
        "CREATE INDEX IF NOT EXISTS idx_rankings_captured ON rankings(captured_at)",
        "CREATE INDEX IF NOT EXISTS idx_rankings_url ON rankings(url)",
        "CREATE INDEX IF NOT EXISTS idx_rankings_snapshot ON rankings(run_id, list_name, snapshot_hash)",
        "CREATE INDEX IF NOT EXISTS idx_fetches_url ON fetches(url, fetched_at)",
        "CREATE INDEX IF NOT EXISTS idx_fetches_time ON fetches(fetched_at)",
        "CREATE INDEX IF NOT EXISTS idx_pages_article ON pages(article_id)",
    ):
        db.execute(sql)
    if "articles_fts" not in db.table_names():
        db.table("articles").enable_fts(["headline", "body"], create_triggers=True)


def _v2(db: sqlite_utils.Database) -> None:
    db.execute("""CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY, run_id TEXT NOT NULL UNIQUE, started TEXT NOT NULL, ended TEXT,
        status TEXT NOT NULL, sites TEXT, discovered INTEGER DEFAULT 0, new INTEGER DEFAULT 0,
        updated INTEGER DEFAULT 0, unchanged INTEGER DEFAULT 0, not_modified INTEGER DEFAULT 0,
        failed INTEGER DEFAULT 0, errors TEXT, pid INTEGER)""")
    db.execute("CREATE INDEX IF NOT EXISTS idx_runs_started ON runs(started)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_articles_first_seen ON articles(first_seen)")


def _v3(db: sqlite_utils.Database) -> None:
    # health() reads each site's newest articles; stats() counts fetch outcomes (bench/scale.py)
    db.execute("CREATE INDEX IF NOT EXISTS idx_articles_site_first_seen ON articles(site, first_seen)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_fetches_outcome ON fetches(outcome)")


def _v4(db: sqlite_utils.Database) -> None:
    # fetches.ms is the fetch itself; wait_ms the time queued for the host (delay, Crawl-delay)
    db.table("fetches").add_column("wait_ms", int)
    _cjk_index(db)


def _cjk_index(db: sqlite_utils.Database) -> None:
    """A second full-text index for Chinese, Japanese and Korean text: one token per character, so that
    a phrase query finds any substring (FTS5's unicode61 reads a run of CJK characters as one word)."""
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS articles_cjk USING fts5(text, tokenize = 'unicode61')")
    rows = db.execute("SELECT id, headline, body FROM articles").fetchall()
    for article_id, headline, body in rows:
        text = cjk_tokens(headline, body)
        if text:
            db.execute("INSERT INTO articles_cjk (rowid, text) VALUES (?, ?)", [article_id, text])


def _v5(db: sqlite_utils.Database) -> None:
    # extractor_version: which extractor made the record (reparse brings old records up to date);
    # pages: how each raw page is packed (pagestore.py), or where it lies in a WARC file;
    # reparses: the log of records re-derived in place (not versions: the publisher changed nothing).
    db.table("articles").add_column("extractor_version", str)
    pages = db.table("pages")
    for col, kind in (
        ("codec", str),
        ("dict_id", int),
        ("base_page", int),
        ("warc_file", str),
        ("warc_offset", int),
        ("warc_length", int),
    ):
        pages.add_column(col, kind)
    db.execute("UPDATE pages SET codec = 'zlib' WHERE codec IS NULL")
    db.execute("""CREATE TABLE IF NOT EXISTS page_dicts (
        id INTEGER PRIMARY KEY, site TEXT NOT NULL, created TEXT NOT NULL, samples INTEGER, dict BLOB NOT NULL)""")
    db.execute("""CREATE TABLE IF NOT EXISTS reparses (
        id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL REFERENCES articles(id), at TEXT NOT NULL,
        extractor_from TEXT, extractor_to TEXT NOT NULL, changed TEXT NOT NULL)""")
    db.execute("CREATE INDEX IF NOT EXISTS idx_reparses_article ON reparses(article_id)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_articles_extractor ON articles(extractor_version)")


def _v6(db: sqlite_utils.Database) -> None:
    # rankings.site: the host of the page the list was seen on, so lists of two sites never mix;
    # ranking_snapshots: one snapshot per list per site per run (the first seen), the rows a time series
    # of a list is read from, whatever page each run saw it on.
    db.table("rankings").add_column("site", str)
    for rid, page_url in db.execute("SELECT id, page_url FROM rankings").fetchall():
        db.execute("UPDATE rankings SET site = ? WHERE id = ?", [_host(page_url), rid])
    db.execute("CREATE INDEX IF NOT EXISTS idx_rankings_run_list ON rankings(run_id, site, list_name, id)")
    db.execute("""CREATE VIEW IF NOT EXISTS ranking_snapshots AS
        SELECT r.id, r.captured_at, r.run_id, r.site, r.list_name, r.position, r.title, r.url, r.article_id,
               r.page_url
        FROM rankings r
        WHERE r.snapshot_hash IS (SELECT r2.snapshot_hash FROM rankings r2 WHERE r2.run_id IS r.run_id
                                  AND r2.site IS r.site AND r2.list_name = r.list_name ORDER BY r2.id LIMIT 1)""")


def _host(url: str | None) -> str | None:
    return (urlsplit(url).hostname or None) if url else None


def _v7(db: sqlite_utils.Database) -> None:
    # runs.command: the run log holds imports and reparses beside archive runs
    db.execute("ALTER TABLE runs ADD COLUMN command TEXT NOT NULL DEFAULT 'archive'")


def _v8(db: sqlite_utils.Database) -> None:
    # fetches.content_hash: the content each capture saw, so a story's versions can be derived from all its
    # captures in any order of arrival (Archive._settle_versions); filled for old rows from the version then
    # in force
    db.execute("ALTER TABLE fetches ADD COLUMN content_hash TEXT")
    db.execute("CREATE INDEX IF NOT EXISTS idx_fetches_article ON fetches(article_id, fetched_at)")
    db.execute(f"""UPDATE fetches SET content_hash = (
        SELECT v.content_hash FROM article_versions v WHERE v.article_id = fetches.article_id
        AND v.fetched_at <= fetches.fetched_at ORDER BY v.fetched_at DESC, v.id DESC LIMIT 1)
        WHERE article_id IS NOT NULL AND outcome IN {STORED_OUTCOMES!r}""")


def _v9(db: sqlite_utils.Database) -> None:
    # WARC pointers inside the archive's folder become relative to it: the folder can be moved, restored
    # from a backup or mounted elsewhere, and reparse still finds every page
    file = db.execute("PRAGMA database_list").fetchone()[2]
    if not file:
        return
    root = Path(file).resolve().parent
    for page_id, stored in db.execute(
        "SELECT id, warc_file FROM pages WHERE codec = 'warc' AND warc_file LIKE '/%'"
    ).fetchall():
        try:
            relative = Path(stored).relative_to(root).as_posix()
        except ValueError:
            continue
        db.execute("UPDATE pages SET warc_file = ? WHERE id = ?", [relative, page_id])


def _v10(db: sqlite_utils.Database) -> None:
    # one meaning of "snapshot" everywhere: a list (site, name) as seen at one capture time. Every page of an
    # archive run shares the run's start time, so a run is one snapshot; an imported page is a snapshot at
    # its WARC-Date (before, the view grouped by run, and one import run held many capture times).
    db.execute("DROP VIEW IF EXISTS ranking_snapshots")
    db.execute("CREATE INDEX IF NOT EXISTS idx_rankings_time_list ON rankings(captured_at, site, list_name, id)")
    db.execute("""CREATE VIEW ranking_snapshots AS
        SELECT r.id, r.captured_at, r.run_id, r.site, r.list_name, r.position, r.title, r.url, r.article_id,
               r.page_url
        FROM rankings r
        WHERE r.snapshot_hash IS (SELECT r2.snapshot_hash FROM rankings r2 WHERE r2.captured_at = r.captured_at
                                  AND r2.site IS r.site AND r2.list_name = r.list_name ORDER BY r2.id LIMIT 1)""")


def _v11(db: sqlite_utils.Database) -> None:
    # archive_info.home: the folder the archive was made in (or upgraded in), where its relative WARC
    # pointers were written: tried after the archive's own folder, so a copy of the .db file alone still
    # finds WARC files that stayed where they were
    db.execute("CREATE TABLE IF NOT EXISTS archive_info (key TEXT PRIMARY KEY, value TEXT)")
    file = db.execute("PRAGMA database_list").fetchone()[2]
    if file:
        db.execute(
            "INSERT OR IGNORE INTO archive_info (key, value) VALUES ('home', ?)", [str(Path(file).resolve().parent)]
        )


# index i upgrades a database at schema version i to i + 1
MIGRATIONS = [_v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8, _v9, _v10, _v11]
SCHEMA_VERSION = len(MIGRATIONS)


class WarcLocation(Protocol):
    """Where a page lies in a WARC file (newsgrab.warc.WarcRef)."""

    @property
    def file(self) -> str: ...
    @property
    def offset(self) -> int: ...
    @property
    def length(self) -> int: ...


@dataclass
class SaveResult:
    outcome: str  # archived | updated | unchanged
    article_id: int
    version: int
    changed: list[str] = field(default_factory=list)


class Archive:
    """A newsgrab archive in one SQLite file (WAL mode, foreign keys on)."""

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = True,
        readonly: bool | None = None,
        busy_timeout: float | None = None,
        untrusted: bool = False,
    ):
        """Open (create=True: create or upgrade, then write) or read (create=False: read-only, works on a
        read-only file or directory) an archive; ArchiveError with one clear line when it cannot be."""
        self.path = str(path)
        self.readonly = (not create) if readonly is None else readonly
        self._snapshots: set[tuple[str, str, str]] = set()
        self._run_times: dict[str, str] = {}  # run id -> the capture time of its ranking snapshots
        self._busy = BUSY_TIMEOUT
        if self.readonly and untrusted:  # an input from elsewhere (merge): checked, read as it is, never changed
            check_shard(self.path)
            self.db = sqlite_utils.Database(_connect_readonly(self.path))
            self.db.conn.set_progress_handler(_interruptible, 100_000)
            # no value of an input is ever held whole past this (SQLite's limit is process-wide: restored
            # on close); a value past it is a MemoryError on that read, said as one line
            self._heap_before = _hard_heap_limit(INPUT_HEAP_LIMIT)
            self.pages = PageStore(self.db.conn, root=Path(self.path).resolve().parent)
            return
        if self.readonly:
            check_archive(self.path)
            if _schema_version(self.path) < SCHEMA_VERSION:
                if not _writable(self.path):
                    raise ArchiveError(
                        f"{self.path} was written by an older newsgrab and is read-only here; "
                        "run any newsgrab write command where it is writable to upgrade it"
                    )
                Archive(self.path, create=True).close()  # upgrade first, then read
            self.db = sqlite_utils.Database(_connect_readonly(self.path))
            self.pages = PageStore(self.db.conn, root=Path(self.path).resolve().parent, home=self._home())
            return
        check_writable(self.path)
        try:
            wait = self._busy = BUSY_TIMEOUT if busy_timeout is None else busy_timeout
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=wait, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
            self.db = sqlite_utils.Database(conn)
            self._migrate()  # refuses a foreign database before anything is written to it
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.pages = PageStore(self.db.conn, root=Path(self.path).resolve().parent, home=self._home())
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"{self.path}: {_describe_db_error(self.path, exc)}") from None

    def _home(self) -> Path | None:
        """The folder the archive was made in (archive_info.home), when it is not where it is now."""
        row = self.db.execute("SELECT value FROM archive_info WHERE key = 'home'").fetchone()
        home = Path(row[0]) if row and row[0] else None
        return home if home is not None and home != Path(self.path).resolve().parent else None

    def close(self) -> None:
        before = getattr(self, "_heap_before", None)
        if before is not None:
            _hard_heap_limit(before)
            self._heap_before = None
        self.db.conn.close()

    def _largest(self, table: str, rowid: int, columns: tuple[str, ...]) -> int:
        """The largest of the columns' sizes in bytes, read from the row's header: nothing is loaded."""
        biggest = 0
        for col in columns:
            try:
                with self.db.conn.blobopen(table, col, rowid, readonly=True) as blob:
                    biggest = max(biggest, len(blob))
            except sqlite3.OperationalError:  # NULL or a number: nothing big
                continue
        return biggest

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self) -> None:
        current = self.db.execute("PRAGMA user_version").fetchone()[0]
        if current > SCHEMA_VERSION:
            raise ArchiveError(f"{self.path} was written by a newer newsgrab (schema {current}); upgrade newsgrab")
        tables = set(self.db.table_names())
        if tables and ("articles" not in tables or "fetches" not in tables):
            raise ArchiveError(f"{self.path} is a SQLite database but not a newsgrab archive; give another --db path")
        for version in range(current, SCHEMA_VERSION):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                MIGRATIONS[version](self.db)
                self.db.execute(f"PRAGMA user_version = {version + 1}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    # ---- writing ----

    def validators(self, urls: list[str]) -> dict[str, tuple[str | None, str | None, str | None]]:
        """The stored (ETag, Last-Modified, capture time of the copy they came from) per URL (fetched or
        canonical), for conditional GETs."""
        out: dict[str, tuple[str | None, str | None, str | None]] = {}
        for i in range(0, len(urls), 400):
            chunk = urls[i : i + 400]
            marks = ",".join("?" for _ in chunk)
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
                result = SaveResult("archived", article_id, 1, ["new"])
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
                result = SaveResult("unchanged", article_id, existing[1])
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
                result = SaveResult("updated", article_id, version, changed)
            if result.outcome != "unchanged":
                self._index_cjk(article_id, row["headline"], row["body"])
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

    # ---- re-deriving records from stored pages (reparse) ----

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
            self._index_cjk(article_id, row["headline"], row["body"])
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

    # ---- merging shards (newsgrab merge) ----

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

    def count(self, table: str) -> int:
        return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

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
                    [captured_at, name, digest, position, _host(page_url)],
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
                        "site": _host(page_url),
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

    # ---- captures from WARC files (import-warc) ----

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
                        "version": _UNNUMBERED,
                        "fetched_at": captured_at,
                        "content_hash": digest,
                        "headline": row["headline"],
                        "body": row["body"],
                        "changed": "[]",
                        "record": pack_record(article.to_dict()),
                    },
                )
            self._log_fetch(url, captured_at, "unchanged", 200, None, nbytes, None, None, article_id, run_id, digest)
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
                result = SaveResult("unchanged", article_id, version[0] if version else 1)
            else:
                result = SaveResult("updated", article_id, started[0], json.loads(started[1] or "[]"))
                if warc is not None or raw is not None:
                    self._store_page(article_id, url, captured_at, digest, charset, raw, warc, article.site)
            self._snapshot_rankings(
                article, page_url=article.url or url, run_id=run_id, now=captured_at, captured_at=captured_at
            )
        return result

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
            self._index_cjk(article_id, fields["headline"], fields["body"])
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
                ["updated" if n else "archived", article_id, at, digest],
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

    def _index_cjk(self, article_id: int, headline: str | None, body: str | None) -> None:
        self.db.execute("DELETE FROM articles_cjk WHERE rowid = ?", [article_id])
        text = cjk_tokens(headline, body)
        if text:
            self.db.execute("INSERT INTO articles_cjk (rowid, text) VALUES (?, ?)", [article_id, text])

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
            if outcome == "not modified":
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
                        "site": _host(page_url),
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

    def _article_id(self, url: str | None) -> int | None:
        """The id of the article archived under this canonical or fetched URL."""
        if not url:
            return None
        row = self.db.execute("SELECT id FROM articles WHERE url = ? OR fetch_url = ? LIMIT 1", [url, url]).fetchone()
        return row[0] if row else None

    def _insert(self, table: str, cols: dict[str, Any]) -> int:
        # Hand SQL, not sqlite-utils' Table.insert: measured 80,000 rows/s against 9,700 (the latter checks
        # the table and its columns on every call), and an article writes up to ~50 rows (rankings).
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
        rowid = self.db.execute(sql, list(cols.values())).lastrowid
        assert rowid is not None  # an INSERT always gives one
        return rowid

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many writes in one transaction (bulk import): one COMMIT for the lot, while each article is still
        all or nothing (a SAVEPOINT each). Measured in bench/cluster.py."""
        with self._transaction():
            self._in_batch = True
            try:
                yield
            finally:
                self._in_batch = False

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT; on any failure ROLLBACK, and a database error becomes an ArchiveError.
        Inside batch(): a SAVEPOINT, rolled back alone on failure."""
        db = self.db
        if getattr(self, "_in_batch", False):
            db.execute("SAVEPOINT one")
            try:
                yield
            except BaseException:
                db.execute("ROLLBACK TO one")
                db.execute("RELEASE one")
                raise
            db.execute("RELEASE one")
            return
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise ArchiveError(
                f"{self.path}: the archive stayed locked by another process for "
                f"{self._busy:g} s; nothing of this write was saved (wait longer with "
                "--busy-timeout)"
                if "locked" in str(exc)
                else f"{self.path}: cannot write ({exc})"
            ) from None
        try:
            yield
            db.execute("COMMIT")
        except BaseException as exc:
            if db.conn.in_transaction:  # SQLite may already have rolled back (e.g. disk full)
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise ArchiveError(
                    f"{self.path}: the archive stayed locked by another process past the busy "
                    "timeout; nothing of this write was saved (wait longer with --busy-timeout)"
                ) from exc
            if isinstance(exc, sqlite3.DatabaseError):
                raise ArchiveError(f"{self.path}: write failed ({exc}); nothing of this article was saved") from exc
            raise

    # ---- reading ----

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

    def export_rows(
        self,
        table: str,
        *,
        fields: list[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        site: str | None = None,
        section: str | None = None,
        query: str | None = None,
        fts: bool = False,
    ) -> tuple[list[str], Iterator[tuple]]:
        """(column names, rows streamed in batches) of one table for export, filtered and in a stable order."""
        sql, params, cols = build_query(
            table, fields=fields, since=since, until=until, site=site, section=section, query=query, fts=fts
        )
        if table == "runs" and "runs" not in self.db.table_names():
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

    # ---- scheduled runs ----

    def known(self, urls: list[str]) -> set[str]:
        """Which of these URLs are archived already (as canonical or as fetched URL)."""
        found: set[str] = set()
        for i in range(0, len(urls), 400):
            chunk = urls[i : i + 400]
            marks = ",".join("?" for _ in chunk)
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
        for i in range(0, len(urls), 400):
            chunk = urls[i : i + 400]
            marks = ",".join("?" for _ in chunk)
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

    def snapshot_page_rankings(self, page_url: str, rankings: list, run_id: str) -> None:
        """Store the ranking lists seen on a page that is not itself archived (a front page)."""
        with self._transaction():
            self._snapshot_rankings(
                Article(url=page_url, rankings=rankings), page_url=page_url, run_id=run_id, now=utcnow()
            )

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


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]


def article_row(article: Article) -> dict[str, Any]:
    """Article fields as column values: lists and nested data as JSON, datetimes as ISO 8601."""
    d = article.to_dict()
    row = {}
    for key, value in d.items():
        row[key] = json.dumps(value, ensure_ascii=False) if key in LIST_FIELDS else value
    row.pop("url", None)
    return row


def content_hash(row: dict[str, Any]) -> str:
    """Hash of what a reader sees (not modified time, rankings or sources): a change makes a new version."""
    payload = json.dumps([row.get(f) for f in CONTENT_FIELDS], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def pack_record(record: dict[str, Any]) -> bytes:
    """A version's full record, without the headline and body (their columns hold them), zstd-compressed."""
    slim = {k: v for k, v in record.items() if k not in ("headline", "body")}
    return zstandard.ZstdCompressor(level=3).compress(json.dumps(slim, ensure_ascii=False).encode())


MAX_RECORD = 16 * 1024 * 1024  # bytes a version record (without headline and body) may unpack to


class RecordUnreadable(ArchiveError):
    """A stored version record that cannot be read back (malformed, or past MAX_RECORD)."""


def unpack_record(stored: bytes | str | None, headline: str | None, body: str | None) -> dict[str, Any]:
    """A version's record, whether packed (schema 5) or plain JSON text (written before)."""
    if stored is None:
        return {"headline": headline, "body": body}
    try:
        if isinstance(stored, bytes):
            record = json.loads(bounded_zstd(stored, MAX_RECORD))
            if not isinstance(record, dict):
                raise ValueError("not an object")
            record["headline"], record["body"] = headline, body
            return record
        if len(stored) > MAX_RECORD:
            raise ValueError(f"{len(stored):,} characters")
        return dict(json.loads(stored))
    except (ValueError, TypeError) as exc:  # PageUnreadable is a ValueError; so are JSON errors
        raise RecordUnreadable(f"a version record is unreadable ({str(exc)[:100]})") from None


def decode_row(row: dict[str, Any]) -> dict[str, Any]:
    for key in LIST_FIELDS:
        if isinstance(row.get(key), str):
            try:
                row[key] = json.loads(row[key])
            except ValueError:
                pass
    return row


def check_archive(path: str) -> None:
    """Raise ArchiveError unless `path` is an existing newsgrab archive (read without writing anything)."""
    p = Path(path)
    if p.is_dir():
        raise ArchiveError(f"{path} is a directory, not an archive file (give the database file's path)")
    if not p.exists():
        raise ArchiveError(f"no archive at {path} (run `newsgrab fetch URL --db {path}` first, or set --db)")
    try:
        conn = _connect_readonly(path)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"{path}: {_describe_db_error(path, exc)}") from None
    if "articles" not in tables or "fetches" not in tables:
        raise ArchiveError(f"{path} is not a newsgrab archive (no articles table)")


INPUT_HEAP_LIMIT = 128 * 2**20  # bytes SQLite may hold while reading an input (a shard): past the caps x 4
SHARD_TABLES = ("articles", "article_versions", "fetches", "pages", "rankings", "runs", "page_dicts")


def check_shard(path: str) -> None:
    """Raise ArchiveError (one line) unless `path` is a newsgrab archive of this schema whose tables are
    tables: an input merge reads as it is. A newer schema is refused, an older one is never migrated in
    place (merge does not write its inputs), and a view or trigger standing in for a table (a query that
    never ends, code that runs) is refused."""
    check_archive(path)
    version = _schema_version(path)
    if version > SCHEMA_VERSION:
        raise ArchiveError(
            f"{path} was written by a newer newsgrab (schema {version}, this one reads "
            f"{SCHEMA_VERSION}); upgrade newsgrab to merge it"
        )
    if version < SCHEMA_VERSION:
        raise ArchiveError(
            f"{path} was written by an older newsgrab (schema {version}); merge never changes "
            f"its inputs: upgrade a copy first (cp {path} COPY.db; newsgrab stats --db COPY.db) "
            "and merge the copy"
        )
    conn = _connect_readonly(path)
    try:
        kinds = dict(
            conn.execute(
                f"SELECT name, type FROM sqlite_master WHERE name IN ({','.join('?' for _ in SHARD_TABLES)})",
                SHARD_TABLES,
            ).fetchall()
        )
        triggers = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                "name NOT IN ('articles_ai', 'articles_ad', 'articles_au')"
            )
        ]
    finally:
        conn.close()
    for name in SHARD_TABLES:
        if kinds.get(name) != "table":
            what = f"a {kinds[name]}" if name in kinds else "missing"
            raise ArchiveError(f"{path} is not an archive newsgrab made: its {name} table is {what}")
    if triggers:
        raise ArchiveError(
            f"{path} is not an archive newsgrab made: it holds trigger {report_safe(triggers[0])[:60]!r}"
        )


def _hard_heap_limit(limit: int) -> int | None:
    """Set SQLite's process-wide hard heap limit (0: none) and return the one before; None where it cannot be
    set (then only the size checks made from row headers guard the reads). The C call, not the PRAGMA: the
    PRAGMA can only lower the limit, and the limit must be lifted again once the input is closed."""
    try:
        import _sqlite3
        import ctypes

        call = ctypes.CDLL(_sqlite3.__file__).sqlite3_hard_heap_limit64
        call.restype, call.argtypes = ctypes.c_int64, [ctypes.c_int64]
        return int(call(limit))
    except (OSError, AttributeError, ImportError):
        return None


def _interruptible() -> int:
    """SQLite's progress handler: it hands control back to Python now and then, so Ctrl-C and SIGTERM stop
    a long query on an input at once (0: go on)."""
    return 0


def check_writable(path: str) -> None:
    """Raise ArchiveError, before anything is created or written, when an archive cannot be written at path."""
    p = Path(path)
    parent = p.resolve().parent
    if p.is_dir():
        raise ArchiveError(f"{path} is a directory, not an archive file (give the database file's path)")
    if not parent.is_dir():
        raise ArchiveError(f"cannot create {path}: directory {parent} does not exist (create it: mkdir -p {parent})")
    if p.exists():
        tables = _tables(path)
        if tables - {"sqlite_sequence"} and not {"articles", "fetches"} <= tables:
            raise ArchiveError(f"{path} is a SQLite database but not a newsgrab archive; give another --db path")
        if not os.access(p, os.W_OK):
            raise ArchiveError(f"{path} is read-only: newsgrab can read it (show, search, export) but not write it")
    if not os.access(parent, os.W_OK):
        raise ArchiveError(f"directory {parent} is read-only: newsgrab cannot write {p.name} and its journal there")


def _tables(path: str) -> set[str]:
    """The tables of an existing SQLite file (read-only); an empty file has none."""
    if Path(path).stat().st_size == 0:
        return set()
    try:
        conn = _connect_readonly(path)
        try:
            return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"{path}: {_describe_db_error(path, exc)}") from None


def _writable(path: str) -> bool:
    p = Path(path)
    return os.access(p, os.W_OK) and os.access(p.resolve().parent, os.W_OK)


def _connect_readonly(path: str) -> sqlite3.Connection:
    """A read-only connection; for a WAL archive in a read-only directory (no -shm can be made), immutable."""
    uri = "file:" + quote(str(Path(path).resolve()))
    try:
        conn = sqlite3.connect(uri + "?mode=ro", uri=True, check_same_thread=False)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        if _writable(path):
            raise
    conn = sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True, check_same_thread=False)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def _schema_version(path: str) -> int:
    conn = _connect_readonly(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def _describe_db_error(path: str, exc: Exception) -> str:
    try:
        with open(path, "rb") as fh:
            header = fh.read(16)
    except OSError as err:
        return f"cannot open ({err.strerror})"
    if header == b"SQLite format 3\x00":
        return f"the database is corrupt ({exc}); restore it from a backup or give another --db"
    if not header:
        return f"cannot open ({exc})"
    return "not a SQLite database (give another --db path)"


def discard_if_empty(path: str) -> bool:
    """Remove an archive file (and its -wal and -shm) that holds no article; True when removed. For a
    command that created the archive and then stored nothing in it."""
    target = Path(path)
    if not target.is_file():
        return False
    try:
        conn = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)
        try:
            (n,) = conn.execute("SELECT count(*) FROM articles").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    if n:
        return False
    for p in (target, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass
    return True
