"""Streaming exports of the archive: CSV, TSV, JSON Lines and JSON, in constant memory, in a stable
order, written atomically when going to a file."""

from __future__ import annotations

import glob
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from .archive import Archive
from .errors import NewsgrabError, QueryError
from .search import match_filter


class ExportError(NewsgrabError):
    """A bad export request: unknown table or field, bad date. Nothing is written."""


@dataclass(frozen=True)
class TableSpec:
    source: str  # FROM clause
    date_column: str
    fields: tuple[str, ...]
    order: str
    site_filter: str | None = None  # "a.site = ?", or a URL column matched by host (with any port)
    section_filter: str | None = None
    fts: bool = False


_ARTICLE_FIELDS = ("id", "url", "site", "headline", "authors", "byline", "credit", "dateline", "published",
                   "modified", "section", "section_path", "tags", "language", "body", "images", "access",
                   "rankings", "profile", "content_hash", "first_seen", "last_seen", "version", "fetch_url")
TABLES: dict[str, TableSpec] = {
    "articles": TableSpec(
        "articles a", "a.published", _ARTICLE_FIELDS,
        "a.published IS NULL, datetime(a.published), a.published, a.url",
        "a.site = ?", "a.section = ?", fts=True),
    "rankings": TableSpec(
        "rankings r", "r.captured_at",
        ("captured_at", "page_url", "list_name", "position", "title", "url", "article_id", "run_id"),
        "r.captured_at, r.page_url, r.list_name, r.position, r.id",
        "r.page_url"),
    "versions": TableSpec(
        "article_versions v JOIN articles a ON a.id = v.article_id", "v.fetched_at",
        ("article_id", "url", "version", "fetched_at", "content_hash", "changed", "headline", "body"),
        "v.fetched_at, a.url, v.version", "a.site = ?", "a.section = ?", fts=True),
    "fetches": TableSpec(
        "fetches f", "f.fetched_at",
        ("id", "url", "fetched_at", "outcome", "status", "error", "bytes", "ms", "article_id", "run_id"),
        "f.fetched_at, f.id", "f.url"),
    "runs": TableSpec(
        "runs u", "u.started",
        ("run_id", "started", "ended", "status", "sites", "discovered", "new", "updated", "unchanged",
         "not_modified", "failed", "errors"),
        "u.started, u.id"),
}
# Columns per table alias, so a field list maps to qualified SQL.
_ALIAS = {"articles": {f: f"a.{f}" for f in _ARTICLE_FIELDS},
          "rankings": {f: f"r.{f}" for f in TABLES["rankings"].fields},
          "versions": {"article_id": "v.article_id", "url": "a.url", "version": "v.version",
                       "fetched_at": "v.fetched_at", "content_hash": "v.content_hash", "changed": "v.changed",
                       "headline": "v.headline", "body": "v.body"},
          "fetches": {f: f"f.{f}" for f in TABLES["fetches"].fields},
          "runs": {f: f"u.{f}" for f in TABLES["runs"].fields}}
LIST_FIELDS = {"authors", "section_path", "tags", "changed", "sites", "errors"}
NESTED_FIELDS = {"images", "rankings"}
FORMATS = ("csv", "tsv", "jsonl", "json")


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


def build_query(table: str, *, fields: list[str] | None = None, since: str | None = None,
                until: str | None = None, site: str | None = None, section: str | None = None,
                query: str | None = None, fts: bool = False) -> tuple[str, list[Any], list[str]]:
    """SQL, parameters and column names for one export; ExportError for anything unknown."""
    if table not in TABLES:
        raise ExportError(f"unknown table {table!r} (choose from {', '.join(TABLES)})")
    spec = TABLES[table]
    if fields is not None and not fields:
        raise ExportError("--fields is empty: name the columns to export, e.g. --fields url,headline")
    cols = fields or list(spec.fields)
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


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any, field: str, lists: str, excel: bool) -> Any:
    if value is None:
        return ""
    if field in LIST_FIELDS and isinstance(value, str) and lists == "joined":
        try:
            items = json.loads(value)
            if isinstance(items, list):
                value = "; ".join(str(i) for i in items)
        except ValueError:
            pass
    if excel and isinstance(value, str) and value.startswith(_FORMULA):
        value = "'" + value  # neutralise formula injection in spreadsheets
    return value


def _json_value(value: Any, field: str) -> Any:
    if isinstance(value, str) and (field in LIST_FIELDS or field in NESTED_FIELDS):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def write_rows(rows: Iterator[tuple], cols: list[str], out: IO[str], fmt: str, *, lists: str = "joined",
               excel: bool = False) -> int:
    """Write rows in the format; return the count. Lists: 'joined' ("a; b") or 'json' in CSV/TSV."""
    n = 0
    if fmt in ("csv", "tsv"):
        if excel:
            out.write("\ufeff")
        sep = "," if fmt == "csv" else "\t"
        needs_quotes = re.compile(r'[",\r\n]' if fmt == "csv" else r'["\t\r\n]')

        def quote(value: Any) -> str:
            # RFC 4180 by hand: the csv module is ~3x slower on long bodies (bench/export.py)
            text = value if isinstance(value, str) else str(value)
            if fmt == "tsv":  # TSV readers expect one line per row: escape as PostgreSQL COPY and pandas read it
                return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
            if needs_quotes.search(text) or text[:1].isspace():
                return '"' + text.replace('"', '""') + '"'
            return text

        out.write(sep.join(map(quote, cols)) + "\r\n")
        plain = [c not in LIST_FIELDS for c in cols]
        for row in rows:
            cells = [quote(_cell(v, c, lists, excel)) if (not p or excel or v is None or not isinstance(v, str))
                     else quote(v) for v, c, p in zip(row, cols, plain, strict=True)]
            out.write(sep.join(cells) + "\r\n")
            n += 1
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps({c: _json_value(v, c) for v, c in zip(row, cols, strict=True)},
                                 ensure_ascii=False))
            out.write("\n")
            n += 1
    elif fmt == "json":
        out.write("[")
        for row in rows:
            out.write(",\n" if n else "\n")
            out.write(json.dumps({c: _json_value(v, c) for v, c in zip(row, cols, strict=True)},
                                 ensure_ascii=False))
            n += 1
        out.write("\n]\n" if n else "]\n")
    else:
        raise ExportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    return n


@contextmanager
def atomic_output(path: str | None) -> Iterator[IO[str]]:
    """stdout; or, for a regular file (or a new one), a temporary file beside it renamed into place only
    when writing succeeded. A device, FIFO or /dev/stdout is written directly (never replaced by a file);
    a symlink is followed and its target replaced. Files get the usual mode (0666 less the umask)."""
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_file():
        if target.is_dir():
            raise ExportError(f"cannot write {path}: it is a directory")
        with open(target, "w", encoding="utf-8", newline="") as fh:  # a device or FIFO: written as it is
            yield fh
        return
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {path}: directory {target.parent} does not exist")
    _clean_stale_parts(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with open(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _clean_stale_parts(target: Path, older_than: float = 3600) -> None:
    """Remove .NAME.*.part files left by exports killed over an hour ago."""
    now = time.time()
    for part in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        try:
            if now - part.stat().st_mtime > older_than:
                part.unlink()
        except OSError:
            pass


def export(archive: Archive, out: IO[str], *, table: str = "articles", fmt: str = "csv",
           fields: list[str] | None = None, since: str | None = None, until: str | None = None,
           site: str | None = None, section: str | None = None, query: str | None = None,
           fts: bool = False, lists: str = "joined", excel: bool = False) -> int:
    """Stream one table of the archive to `out`; return the number of rows written."""
    sql, params, cols = build_query(table, fields=fields, since=since, until=until, site=site, section=section,
                                    query=query, fts=fts)
    if table == "runs" and "runs" not in archive.db.table_names():
        return write_rows(iter(()), cols, out, fmt, lists=lists, excel=excel)
    try:
        cursor = archive.db.execute(sql, params)
    except Exception as exc:
        raise ExportError(f"cannot export: {exc}") from None

    def rows() -> Iterator[tuple]:
        while True:
            batch = cursor.fetchmany(1000)
            if not batch:
                return
            yield from batch

    return write_rows(rows(), cols, out, fmt, lists=lists, excel=excel)
