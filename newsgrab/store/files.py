"""Checks on the archive's file before it is opened, and their one-line wording: not an archive, written by a newer
newsgrab, read-only, a shard from elsewhere."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from ..errors import ArchiveError
from ..report import safe as report_safe
from .schema import SCHEMA_VERSION


def check_archive(path: str) -> None:
    """Raise ArchiveError unless `path` is an existing newsgrab archive (read without writing anything)."""
    p = Path(path)
    if p.is_dir():
        raise ArchiveError(f"{path} is a directory, not an archive file (give the database file's path)")
    if not p.exists():
        raise ArchiveError(f"no archive at {path} (run `newsgrab fetch URL --db {path}` first, or set --db)")
    try:
        conn = connect_readonly(path)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"{path}: {describe_db_error(path, exc)}") from None
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
    version = schema_version(path)
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
    conn = connect_readonly(path)
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


def hard_heap_limit(limit: int) -> int | None:
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


def interruptible() -> int:
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
        conn = connect_readonly(path)
        try:
            return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"{path}: {describe_db_error(path, exc)}") from None


def is_writable(path: str) -> bool:
    p = Path(path)
    return os.access(p, os.W_OK) and os.access(p.resolve().parent, os.W_OK)


def connect_readonly(path: str) -> sqlite3.Connection:
    """A read-only connection; for a WAL archive in a read-only directory (no -shm can be made), immutable."""
    uri = "file:" + quote(str(Path(path).resolve()))
    try:
        conn = sqlite3.connect(uri + "?mode=ro", uri=True, check_same_thread=False)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        if is_writable(path):
            raise
    conn = sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True, check_same_thread=False)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def schema_version(path: str) -> int:
    conn = connect_readonly(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def describe_db_error(path: str, exc: Exception) -> str:
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
