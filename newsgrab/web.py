"""`newsgrab serve`: the archive in Datasette (optional: `pip install 'newsgrab[web]'`), with metadata
shipped here: what each table and column holds, full-text search on articles, facets, and canned
queries for rank history and edits. Charts in the browser come from the datasette-vega plugin (its
JavaScript is bundled in the package, so it works offline)."""

from __future__ import annotations

import html
import types
import webbrowser
from pathlib import Path
from typing import Any

from .errors import NewsgrabError
from .model import RECORD_FIELDS


class WebError(NewsgrabError):
    """Datasette is missing, or the archive cannot be served."""


TABLES: dict[str, dict[str, Any]] = {
    "articles": {
        "description": "One row per story: the current record (the latest version). Search with the box; "
        "facet by site, section or published day.",
        "facets": ["site", "section", {"date": "published"}],
        "sort_desc": "last_seen",
        "label_column": "headline",
        "searchmode": "escaped",  # the box's words are words (energy-saving), as `newsgrab search` reads them
        "columns": {f.name: f.description for f in RECORD_FIELDS},  # the one field list (model.py)
    },
    "article_versions": {
        "description": "The first capture and every change of every story. The current version's body is "
        "the article's (NULL here); the record column is compressed.",
        "facets": ["version"],
        "columns": {
            "version": "1 for the first capture",
            "fetched_at": "when this version was captured (UTC)",
            "changed": "fields changed from the version before (JSON)",
        },
    },
    "rankings": {
        "description": "Ranking lists ('Most read', 'JN ACCESS RANKING') seen beside articles: one row per item "
        "per snapshot. See the ranking_snapshots view for one snapshot per list per capture time.",
        "facets": ["site", "list_name"],
        "columns": {
            "captured_at": "capture time (UTC): an archive run's start for all its pages, an imported page's WARC-Date",
            "position": "rank, 1 first",
            "url": "the ranked story",
            "article_id": "the story, once archived",
            "page_url": "the page the list was seen on",
        },
    },
    "ranking_snapshots": {
        "description": "One snapshot per list per site per capture time (an archive run is one; an imported "
        "page is one at its WARC-Date): the rows a rank history is read from.",
        "facets": ["site", "list_name"],
    },
    "fetches": {"description": "Every fetch attempt and its outcome.", "facets": ["outcome", "status"]},
    "runs": {"description": "Every scheduled archive run and how it ended.", "facets": ["status"]},
    "pages": {
        "description": "Raw pages as the server sent them, packed (codec), or pointers into WARC files.",
        "hidden": True,
    },
    "page_dicts": {"description": "zstd dictionaries trained on each site's pages.", "hidden": True},
    "reparses": {"description": "Records re-derived in place by `newsgrab reparse`."},
    "copy_pairs": {
        "description": "Pairs of stories that are copies of one another (the same text on two pages), with "
        "their estimated overlap; `newsgrab similar` and `newsgrab copies` group them into clusters.",
        "columns": {
            "a": "a story (articles.id), the smaller of the two",
            "b": "the other story (articles.id)",
            "overlap": "estimated Jaccard similarity of the two texts' 5-word shingles (MinHash), 0-1",
        },
    },
    "signatures": {"description": "Each story's MinHash signature (binary).", "hidden": True},
    "lsh_bands": {"description": "The band keys that find a story's copies (an index).", "hidden": True},
}

QUERIES: dict[str, dict[str, str]] = {
    "copies_of_a_story": {
        "title": "Copies of a story",
        "description": "The stories whose text is a copy of this one's (its URL), with site, times, overlap and "
        "credit. `newsgrab similar URL` shows the whole cluster.",
        "sql": "SELECT a.id, a.site, a.published, a.first_seen, p.overlap, a.credit, a.headline, a.url "
        "FROM copy_pairs p JOIN articles a ON a.id = (CASE WHEN p.a = s.id THEN p.b ELSE p.a END) "
        "JOIN (SELECT id FROM articles WHERE url = :url OR fetch_url = :url LIMIT 1) s "
        "ON s.id IN (p.a, p.b) ORDER BY coalesce(a.published, a.first_seen)",
    },
    "stories_on_most_sites": {
        "title": "Stories on the most sites today",
        "description": "Stories first seen on a day (UTC; empty for today) with copies on the most other sites.",
        "sql": "SELECT a.id, a.headline, a.site, a.credit, count(DISTINCT o.site) AS other_sites, "
        "group_concat(DISTINCT o.site) AS on_sites, a.url FROM articles a "
        "JOIN copy_pairs p ON a.id IN (p.a, p.b) "
        "JOIN articles o ON o.id = (CASE WHEN p.a = a.id THEN p.b ELSE p.a END) AND o.site IS NOT a.site "
        "WHERE date(a.first_seen) = coalesce(nullif(:day, ''), date('now')) "
        "GROUP BY a.id ORDER BY other_sites DESC, a.first_seen LIMIT 100",
    },
    "headline_variants": {
        "title": "Headline variants",
        "description": "Stories whose printed headline (h1) is not the one given to social media (og:title) or "
        "to search engines (the JSON-LD headline).",
        "sql": "SELECT id, site, first_seen, json_extract(headlines, '$.h1') AS printed, "
        "json_extract(headlines, '$.\"og:title\"') AS social, json_extract(headlines, '$.\"json-ld\"') AS search, "
        "url FROM articles WHERE headlines IS NOT NULL AND (printed IS NOT social OR printed IS NOT search) "
        "AND printed IS NOT NULL ORDER BY first_seen DESC LIMIT 200",
    },
    "rank_history": {
        "title": "Rank history of a story",
        "description": "Every position of one story (its URL) in every ranking list, in time order.",
        "sql": "SELECT captured_at, site, list_name, position, title FROM ranking_snapshots "
        "WHERE url = :url OR article_id = (SELECT id FROM articles WHERE url = :url OR fetch_url = :url) "
        "ORDER BY list_name, captured_at",
    },
    "lists_now": {
        "title": "Lists right now",
        "description": "The latest snapshot of every ranking list.",
        "sql": "SELECT s.site, s.list_name, s.position, s.title, s.url, s.captured_at FROM ranking_snapshots s "
        "JOIN (SELECT site, list_name, max(captured_at) AS last FROM ranking_snapshots "
        "GROUP BY site, list_name) l ON s.site IS l.site AND s.list_name = l.list_name "
        "AND s.captured_at = l.last ORDER BY s.site, s.list_name, s.position",
    },
    "edited_today": {
        "title": "Stories edited today",
        "description": "Stories with a new version on a day (UTC; leave it empty for today).",
        "sql": "SELECT a.id, a.headline, v.version, v.fetched_at, v.changed, a.url FROM article_versions v "
        "JOIN articles a ON a.id = v.article_id WHERE v.version > 1 AND "
        "date(v.fetched_at) = coalesce(nullif(:day, ''), date('now')) ORDER BY v.fetched_at DESC",
    },
    "most_edited": {
        "title": "Most-edited stories",
        "description": "Stories with the most versions.",
        "sql": "SELECT id, headline, version AS versions, first_seen, last_seen, url FROM articles "
        "WHERE version > 1 ORDER BY version DESC, last_seen DESC LIMIT 100",
    },
    "search": {
        "title": "Search",
        "description": "Full-text search of headlines and bodies, as `newsgrab search` does it: the words as "
        "typed, all required (COVID-19, energy-saving), Chinese, Japanese and Korean as any "
        "substring; newest first.",
        # the same query builder as the CLI (queries.match_parts), through SQL functions web.py registers
        "sql": "SELECT a.id, a.headline, a.published, a.site, newsgrab_snippet(a.body, :q) AS snippet, a.url "
        "FROM articles a WHERE (newsgrab_words(:q) IS NOT NULL OR newsgrab_cjk(:q) IS NOT NULL) "
        "AND (newsgrab_words(:q) IS NULL OR a.id IN "
        "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH newsgrab_words(:q))) "
        "AND (newsgrab_cjk(:q) IS NULL OR a.id IN "
        "(SELECT rowid FROM articles_cjk WHERE articles_cjk MATCH newsgrab_cjk(:q))) "
        "ORDER BY a.published DESC, a.id DESC LIMIT 50",
    },
}


def metadata(db_path: str) -> dict[str, Any]:
    """Datasette metadata for one archive file (Datasette names a database after its file's stem).

    Each table's column descriptions are folded into its description, behind a "What each column holds"
    link (a <details>), instead of a list above the search box a screen long."""
    tables = {}
    for name, meta in TABLES.items():
        meta = dict(meta)
        columns = meta.pop("columns", None)
        if columns:
            rows = "".join(f"<dt>{html.escape(c)}</dt><dd>{html.escape(d)}</dd>" for c, d in columns.items())
            meta["description_html"] = (
                f"<p>{html.escape(meta.pop('description', ''))}</p><details><summary>"
                f"What each column holds</summary><dl>{rows}</dl></details>"
            )
        tables[name] = meta
    return {
        "title": "newsgrab archive",
        "description": "News articles, their versions and the ranking lists beside them, archived by newsgrab. "
        "Times are shown in each site's own zone, as the command line shows them.",
        "databases": {Path(db_path).stem: {"tables": tables, "queries": QUERIES}},
    }


TIME_COLUMNS = frozenset(
    {
        "published",
        "modified",
        "first_seen",
        "last_seen",
        "fetched_at",
        "captured_at",
        "started",
        "ended",
        "at",
        "first",
        "last",
    }
)
CELL_CHARS = 240  # a body cell in an HTML table: the start of the story, not a screen of it


def _register_plugin() -> None:
    """newsgrab's Datasette plugin, registered in process. SQL functions for the web's search, made by
    the CLI's query builder (one way to read a query):
    newsgrab_words(q) and newsgrab_cjk(q) give the FTS5 expressions for the word index and the CJK index
    (NULL when the query has none), newsgrab_snippet(body, q) the CLI's snippet. And times shown in
    each site's zone, as the CLI shows them."""
    from datasette import hookimpl
    from datasette.plugins import pm

    from .localtime import local
    from .search import query_terms, snippet
    from .store.queries import match_parts

    if pm.has_plugin("newsgrab-search"):
        return

    @hookimpl
    def render_cell(value: Any, column: str, row: Any) -> Any:
        """A stored time in the row's site's zone ('2024-01-10 09:00 JST'), as the CLI shows it; the
        JSON API keeps the stored ISO value."""
        if column not in TIME_COLUMNS or not isinstance(value, str) or len(value) < 16 or value[4] != "-":
            return None
        try:
            site = row["site"] if row is not None and "site" in row.keys() else None
        except (KeyError, IndexError, TypeError):
            site = None
        return local(value, site)

    @hookimpl
    def prepare_connection(conn: Any) -> None:
        conn.create_function("newsgrab_words", 1, lambda q: match_parts(q or "")[0], deterministic=True)
        conn.create_function("newsgrab_cjk", 1, lambda q: match_parts(q or "")[1], deterministic=True)
        conn.create_function(
            "newsgrab_snippet", 2, lambda body, q: snippet(body, query_terms(q or "")), deterministic=True
        )

    plugin = types.ModuleType("newsgrab_search")  # Datasette lists plugins by module name
    plugin.prepare_connection = prepare_connection  # type: ignore[attr-defined]
    plugin.render_cell = render_cell  # type: ignore[attr-defined]
    pm.register(plugin, name="newsgrab-search")


def app(db_path: str, *, allow_sql: bool = False) -> Any:
    """A Datasette instance on the archive, with newsgrab's metadata; WebError when Datasette is missing or
    there is no archive at the path. Arbitrary SQL (the SQL box, ?sql=, ?_where=) is off unless
    `allow_sql`: the canned queries and the table views answer what the archive is for, and a query that
    reads what the UI hides (WARC pointers, raw pages) is not offered to whoever reaches the port."""
    try:
        from datasette.app import Datasette
    except ImportError:
        raise WebError("serve needs Datasette: pip install 'newsgrab[web]'") from None
    path = Path(db_path)
    if path.is_dir():
        raise WebError(f"{db_path} is a directory; give the archive file with --db")
    if not path.is_file():
        raise WebError(f"no archive at {db_path} (give --db, or archive something first)")
    _register_plugin()
    return Datasette(
        [db_path],
        metadata=metadata(db_path),
        settings={"default_page_size": 50, "default_allow_sql": allow_sql, "truncate_cells_html": CELL_CHARS},
    )


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def allowed_hosts(host: str) -> set[str] | None:
    """The Host names a request may carry: the address `serve` listens on and, on a loopback address,
    the loopback names. None (any) for an address on every network (0.0.0.0, ::), where the names the
    machine is reached by cannot be known here."""
    if host in ("0.0.0.0", "::", ""):
        return None
    names = {host.strip("[]").lower()}
    if host in LOOPBACK_NAMES or host.startswith("127."):
        names |= set(LOOPBACK_NAMES)
    return names


def host_guard(inner: Any, allowed: set[str] | None) -> Any:
    """ASGI middleware: a request whose Host header names another host gets 421 and never reaches
    Datasette. A web page the user opens cannot then read the archive by pointing its own domain at
    127.0.0.1 (DNS rebinding)."""
    if allowed is None:
        return inner

    async def guarded(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") == "http":
            raw = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1").strip().lower()
            name = raw[1 : raw.index("]")] if raw.startswith("[") and "]" in raw else raw.rsplit(":", 1)[0]
            if name not in allowed:
                body = b"newsgrab serve: this server answers only to " + ", ".join(sorted(allowed)).encode()
                await send(
                    {
                        "type": "http.response.start",
                        "status": 421,
                        "headers": [(b"content-type", b"text/plain"), (b"content-length", str(len(body)).encode())],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await inner(scope, receive, send)

    return guarded


def listen(host: str, port: int) -> Any:
    """A socket bound and listening on host:port; WebError with one line when the port is taken or the
    address is not this machine's."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise WebError(f"port {port} is in use (try --port N)") from None
        if exc.errno == errno.EACCES:
            raise WebError(f"port {port} needs more privileges (try --port N above 1023)") from None
        raise WebError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    except (socket.gaierror, OverflowError) as exc:
        sock.close()
        raise WebError(f"cannot listen on {host}:{port}: {exc}") from None
    return sock


def serve(db_path: str, *, host: str, port: int, open_browser: bool = False, allow_sql: bool = False) -> None:
    """Serve until Ctrl-C. The port is bound first: the 'serving' line is printed only once it is ours."""
    ds = app(db_path, allow_sql=allow_sql)
    sock = listen(host, port)
    import uvicorn
    from datasette.cli import run_sync

    run_sync(ds.invoke_startup)
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/{Path(db_path).stem}"
    print(f"serving {db_path} at {url} (Ctrl-C stops)", flush=True)
    if open_browser:
        webbrowser.open(url)
    config = uvicorn.Config(
        host_guard(ds.app(), allowed_hosts(host)), fd=sock.fileno(), log_level="warning", lifespan="on", workers=1
    )
    try:
        uvicorn.Server(config).run()
    finally:
        sock.close()
