"""The archive's read queries for export and search, as SQL built from checked parts: which table, which
columns, which filters. Only the archive runs them (Archive.export_rows, Archive.search); nothing else in
newsgrab writes SQL except archive.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ..errors import ExportError, QueryError
from ..model import EXPORTED_FIELDS
from ..search import quote_term, split_query


@dataclass(frozen=True)
class TableSpec:
    source: str  # FROM clause
    date_column: str
    fields: tuple[str, ...]
    order: str
    site_filter: str | None = None  # "a.site = ?", or a URL column matched by host (with any port)
    section_filter: str | None = None
    fts: bool = False


_ARTICLE_FIELDS = EXPORTED_FIELDS  # model.RECORD_FIELDS, in export order
TABLES: dict[str, TableSpec] = {
    "articles": TableSpec(
        "articles a",
        "a.published",
        _ARTICLE_FIELDS,
        "a.published IS NULL, datetime(a.published), a.published, a.url",
        "a.site = ?",
        "a.section = ?",
        fts=True,
    ),
    "rankings": TableSpec(
        "rankings r",
        "r.captured_at",
        ("captured_at", "page_url", "list_name", "position", "title", "url", "article_id", "run_id"),
        "r.captured_at, r.page_url, r.list_name, r.position, r.id",
        "r.page_url",
    ),
    "versions": TableSpec(
        "article_versions v JOIN articles a ON a.id = v.article_id",
        "v.fetched_at",
        ("article_id", "url", "version", "fetched_at", "content_hash", "changed", "headline", "body"),
        "v.fetched_at, a.url, v.version",
        "a.site = ?",
        "a.section = ?",
        fts=True,
    ),
    "fetches": TableSpec(
        "fetches f",
        "f.fetched_at",
        ("id", "url", "fetched_at", "outcome", "status", "error", "bytes", "ms", "article_id", "run_id"),
        "f.fetched_at, f.id",
        "f.url",
    ),
    "runs": TableSpec(
        "runs u",
        "u.started",
        (
            "run_id",
            "started",
            "ended",
            "status",
            "sites",
            "discovered",
            "new",
            "updated",
            "unchanged",
            "not_modified",
            "failed",
            "errors",
        ),
        "u.started, u.id",
    ),
}
# Columns per table alias, so a field list maps to qualified SQL.
_ALIAS = {
    "articles": {f: f"a.{f}" for f in _ARTICLE_FIELDS},
    "rankings": {f: f"r.{f}" for f in TABLES["rankings"].fields},
    "versions": {
        "article_id": "v.article_id",
        "url": "a.url",
        "version": "v.version",
        "fetched_at": "v.fetched_at",
        "content_hash": "v.content_hash",
        "changed": "v.changed",
        "headline": "v.headline",
        "body": "COALESCE(v.body, CASE WHEN v.version = a.version THEN a.body END)",
    },
    "fetches": {f: f"f.{f}" for f in TABLES["fetches"].fields},
    "runs": {f: f"u.{f}" for f in TABLES["runs"].fields},
}


def parse_when(text: str, *, end: bool = False) -> str:
    """'2024-01-10', a full ISO time, or a relative '7d' / '12h' / '2w' / '30m' -> UTC 'YYYY-MM-DD HH:MM:SS'."""
    text = text.strip()
    m = re.fullmatch(r"(\d+)\s*([mhdw])", text)
    if m:
        unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[m.group(2)]
        try:
            when = datetime.now(UTC) - timedelta(**{unit: int(m.group(1))})
        except OverflowError:
            raise ExportError(f"bad date {text!r}: too far back") from None
    else:
        try:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ExportError(f"bad date {text!r}: use 2024-01-10, 2024-01-10T08:00:00+09:00, or 7d / 12h") from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        if end and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            when += timedelta(days=1) - timedelta(seconds=1)  # --until 2024-01-10 includes that day
    try:
        return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    except OverflowError:
        raise ExportError(f"bad date {text!r}: out of range") from None


@dataclass(frozen=True)
class Selection:
    """Which rows and columns of one table an export takes: the CLI's --fields, --since, --until, --site,
    --section, --query and --fts, checked by build_query and carried unchanged to the archive's read."""

    table: str = "articles"
    fields: tuple[str, ...] | None = None  # None: every field of the table
    since: str | None = None
    until: str | None = None
    site: str | None = None
    section: str | None = None
    query: str | None = None
    fts: bool = False


def build_query(selection: Selection) -> tuple[str, list[Any], list[str]]:
    """SQL, parameters and column names for one export; ExportError for anything unknown."""
    table, fields, since, until = selection.table, selection.fields, selection.since, selection.until
    site, section, query, fts = selection.site, selection.section, selection.query, selection.fts
    if table not in TABLES:
        raise ExportError(f"unknown table {table!r} (choose from {', '.join(TABLES)})")
    spec = TABLES[table]
    if fields is not None and not fields:
        raise ExportError("--fields is empty: name the columns to export, e.g. --fields url,headline")
    cols = list(fields) if fields else list(spec.fields)
    unknown = [f for f in cols if f not in _ALIAS[table]]
    if unknown:
        raise ExportError(f"unknown field(s) for {table}: {', '.join(unknown)} (known: {', '.join(spec.fields)})")
    where, params = [], []
    if since:
        where.append(f"datetime({spec.date_column}) >= ?")
        params.append(parse_when(since))
    if until:
        where.append(f"datetime({spec.date_column}) <= ?")
        params.append(parse_when(until, end=True))
    if site:
        if not spec.site_filter:
            raise ExportError(f"--site does not apply to {table}")
        if "?" in spec.site_filter:
            where.append(spec.site_filter)
            params.append(site)
        else:  # a URL column: the host, with or without a port; % and _ are not wildcards
            esc = site.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append(f"({spec.site_filter} LIKE ? ESCAPE '\\' OR {spec.site_filter} LIKE ? ESCAPE '\\')")
            params += [f"%://{esc}/%", f"%://{esc}:%"]
    if section:
        if not spec.section_filter:
            raise ExportError(f"--section does not apply to {table}")
        where.append(spec.section_filter)
        params.append(section)
    if query:
        if not spec.fts:
            raise ExportError(f"--query does not apply to {table}")
        try:
            clause, qparams = match_filter(query, raw=fts)
        except QueryError as exc:
            raise ExportError(str(exc)) from None
        where.append(clause)
        params += qparams
    select = ", ".join(_ALIAS[table][c] for c in cols)
    sql = f"SELECT {select} FROM {spec.source}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {spec.order}"
    return sql, params, cols


def match_parts(query: str) -> tuple[str | None, str | None]:
    """The query read as words, as `newsgrab search` reads it: (the FTS5 expression for the word index,
    the one for the CJK index), each None when the query has no such part. The one query builder of the
    CLI and the web."""
    words, cjk = split_query(query)
    return (
        " ".join(quote_term(w) for w in words) if words else None,
        " ".join(quote_term(" ".join(run)) for run in cjk) if cjk else None,
    )


def match_sql(query: str, *, raw: bool = False) -> tuple[str, list[str], bool]:
    """(WHERE clause over `articles a` [joined to articles_fts when ranked], parameters, ranked)."""
    if raw:
        if not query.strip():
            raise QueryError("empty search query")
        return "articles_fts MATCH ?", [query], True
    words, cjk = match_parts(query)
    if not words and not cjk:
        raise QueryError(f"nothing to search for in {query!r} (give words)")
    clauses, params = [], []
    if words:
        clauses.append("articles_fts MATCH ?")
        params.append(words)
    if cjk:
        clauses.append("a.id IN (SELECT rowid FROM articles_cjk WHERE articles_cjk MATCH ?)")
        params.append(cjk)
    return " AND ".join(clauses), params, bool(words)


def match_filter(query: str, *, raw: bool = False) -> tuple[str, list[str]]:
    """A filter on `a.id` for articles matching the query (used by export --query)."""
    where, params, ranked = match_sql(query, raw=raw)
    if ranked:
        head, _, tail = where.partition(" AND ")
        where = "a.id IN (SELECT rowid FROM articles_fts WHERE " + head + ")" + (" AND " + tail if tail else "")
    return where, params
