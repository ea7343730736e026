"""The archive's connection and its transactions: open (create, upgrade, read-only, untrusted input), close, one
transaction at a time, batches of saves."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

import sqlite_utils

from ..errors import ArchiveError
from .files import (
    INPUT_HEAP_LIMIT,
    check_archive,
    check_shard,
    check_writable,
    connect_readonly,
    describe_db_error,
    hard_heap_limit,
    interruptible,
    is_writable,
    schema_version,
)
from .pages import PageStore
from .records import BUSY_TIMEOUT
from .schema import MIGRATIONS, SCHEMA_VERSION


class Core:
    """A newsgrab archive in one SQLite file (WAL mode, foreign keys on): its connection and transactions."""

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
            self.db = sqlite_utils.Database(connect_readonly(self.path))
            self.db.conn.set_progress_handler(interruptible, 100_000)
            # no value of an input is ever held whole past this (SQLite's limit is process-wide: restored
            # on close); a value past it is a MemoryError on that read, said as one line
            self._heap_before = hard_heap_limit(INPUT_HEAP_LIMIT)
            self.pages = PageStore(self.db.conn, root=Path(self.path).resolve().parent)
            return
        if self.readonly:
            check_archive(self.path)
            if schema_version(self.path) < SCHEMA_VERSION:
                if not is_writable(self.path):
                    raise ArchiveError(
                        f"{self.path} was written by an older newsgrab and is read-only here; "
                        "run any newsgrab write command where it is writable to upgrade it"
                    )
                type(self)(self.path, create=True).close()  # upgrade first, then read
            self.db = sqlite_utils.Database(connect_readonly(self.path))
            self.pages = PageStore(self.db.conn, root=Path(self.path).resolve().parent, home=self._home())
            return
        check_writable(self.path)
        try:
            wait = self._busy = BUSY_TIMEOUT if busy_timeout is None else busy_timeout
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=wait, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
            self.db = sqlite_utils.Database(conn)
            self._refuse_foreign()  # before anything is written to it
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()  # with foreign keys off, as a table rebuilt by a migration needs
            self.db.execute("PRAGMA foreign_keys = ON")
            self.pages = PageStore(self.db.conn, root=Path(self.path).resolve().parent, home=self._home())
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"{self.path}: {describe_db_error(self.path, exc)}") from None

    def _home(self) -> Path | None:
        """The folder the archive was made in (archive_info.home), when it is not where it is now."""
        row = self.db.execute("SELECT value FROM archive_info WHERE key = 'home'").fetchone()
        home = Path(row[0]) if row and row[0] else None
        return home if home is not None and home != Path(self.path).resolve().parent else None

    @property
    def warc_dirs(self) -> list[Path]:
        """Folders to look in for a WARC file a page pointer names that is not where it was written."""
        return self.pages.warc_dirs

    @warc_dirs.setter
    def warc_dirs(self, dirs: list[Path]) -> None:
        self.pages.warc_dirs = list(dirs)

    def page_bytes(self, page_id: int) -> bytes:
        """A stored page as the server sent it, from the archive or from its WARC file (PageUnreadable,
        WarcError or KeyError when it cannot be had)."""
        return self.pages.unpack(page_id)

    def close(self) -> None:
        before = getattr(self, "_heap_before", None)
        if before is not None:
            hard_heap_limit(before)
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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _refuse_foreign(self) -> None:
        """ArchiveError for a database of a newer newsgrab, or one that is not an archive."""
        current = self.db.execute("PRAGMA user_version").fetchone()[0]
        if current > SCHEMA_VERSION:
            raise ArchiveError(f"{self.path} was written by a newer newsgrab (schema {current}); upgrade newsgrab")
        tables = set(self.db.table_names())
        if tables and ("articles" not in tables or "fetches" not in tables):
            raise ArchiveError(f"{self.path} is a SQLite database but not a newsgrab archive; give another --db path")

    def _migrate(self) -> None:
        """Each pending migration in its own transaction, in WAL mode (a new archive is made in
        milliseconds: rollback-journal commits would each wait for the disk)."""
        current = self.db.execute("PRAGMA user_version").fetchone()[0]
        for version in range(current, SCHEMA_VERSION):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                MIGRATIONS[version](self.db)
                self.db.execute(f"PRAGMA user_version = {version + 1}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

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

    def _insert(self, table: str, cols: dict[str, Any]) -> int:
        # Hand SQL, not sqlite-utils' Table.insert: measured 80,000 rows/s against 9,700 (the latter checks
        # the table and its columns on every call), and an article writes up to ~50 rows (rankings).
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
        rowid = self.db.execute(sql, list(cols.values())).lastrowid
        assert rowid is not None  # an INSERT always gives one
        return rowid

    def _article_id(self, url: str | None) -> int | None:
        """The id of the article archived under this canonical or fetched URL."""
        if not url:
            return None
        row = self.db.execute("SELECT id FROM articles WHERE url = ? OR fetch_url = ? LIMIT 1", [url, url]).fetchone()
        return row[0] if row else None

    def count(self, table: str) -> int:
        return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
