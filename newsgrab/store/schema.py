"""The archive's schema: one migration per version, applied in order on open."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import sqlite_utils

from ..search import cjk_tokens
from .records import STORED_OUTCOMES


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
    # pages: how each raw page is packed (store/pages.py), or where it lies in a WARC file;
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
        db.execute("UPDATE rankings SET site = ? WHERE id = ?", [host_of(page_url), rid])
    db.execute("CREATE INDEX IF NOT EXISTS idx_rankings_run_list ON rankings(run_id, site, list_name, id)")
    db.execute("""CREATE VIEW IF NOT EXISTS ranking_snapshots AS
        SELECT r.id, r.captured_at, r.run_id, r.site, r.list_name, r.position, r.title, r.url, r.article_id,
               r.page_url
        FROM rankings r
        WHERE r.snapshot_hash IS (SELECT r2.snapshot_hash FROM rankings r2 WHERE r2.run_id IS r.run_id
                                  AND r2.site IS r.site AND r2.list_name = r.list_name ORDER BY r2.id LIMIT 1)""")


def host_of(url: str | None) -> str | None:
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


def _v12(db: sqlite_utils.Database) -> None:
    # the same story on many sites (store/copies.py): each story's MinHash signature, its LSH band keys
    # (indexed: a lookup is a few index probes at any size) and the pairs of stories that are copies; and
    # every headline a page gives (articles.headlines). An archive with stories is marked 'pending' until
    # `newsgrab copies --fill` computes theirs; a new one is complete from its first story.
    db.execute(
        "CREATE TABLE IF NOT EXISTS signatures (article_id INTEGER PRIMARY KEY REFERENCES articles(id), signature BLOB)"
    )
    # one b-tree: a lookup by key is a range scan; a story's own rows are found from its stored signature
    db.execute(
        "CREATE TABLE IF NOT EXISTS lsh_bands (key INTEGER NOT NULL, article_id INTEGER NOT NULL, "
        "PRIMARY KEY (key, article_id)) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS copy_pairs (a INTEGER NOT NULL, b INTEGER NOT NULL, overlap REAL, "
        "PRIMARY KEY (a, b)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX IF NOT EXISTS idx_copy_pairs_b ON copy_pairs(b)")
    columns = {r[1] for r in db.execute("PRAGMA table_info(articles)").fetchall()}
    if "headlines" not in columns:
        db.execute("ALTER TABLE articles ADD COLUMN headlines TEXT")
    db.execute("CREATE TABLE IF NOT EXISTS archive_info (key TEXT PRIMARY KEY, value TEXT)")
    stories = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    db.execute(
        "INSERT OR REPLACE INTO archive_info (key, value) VALUES ('copies', ?)", ["pending" if stories else "filled"]
    )


# index i upgrades a database at schema version i to i + 1
MIGRATIONS = [_v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8, _v9, _v10, _v11, _v12]


SCHEMA_VERSION = len(MIGRATIONS)
