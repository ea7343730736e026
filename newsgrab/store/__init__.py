# ruff: noqa: F401  (the names under TYPE_CHECKING are for the type checker; __getattr__ loads them)
"""The storage layer: the only package that runs SQL on an archive.

`Archive` is one SQLite file, its classes stacked by job (each may use those below it):

- core.Core: open (create, upgrade, read-only, an untrusted shard), close, transactions, batches;
- rankings.Rankings: dated snapshots of the ranking lists beside a story;
- runs.RunLog: runs and the fetch log;
- copies.Copies: signatures, band keys and copy pairs (the same story on many sites);
- articles.Articles: saving a fetch, a story's versions, reparse's reads and writes;
- captures.Captures: captures in any order (WARC), shard replay (merge);
- reads.Reads: show, search, export, stats, health.

Beside them: schema (migrations), files (checks on a file before it is opened), records (the stored
record, packed and hashed), pages (the page store), queries (the query text of export and search).

Importing the package loads nothing heavy: each name is loaded from its module when first asked for
(`from newsgrab.store import Archive`), so `newsgrab --help` starts without SQLite or zstandard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import names_from

if TYPE_CHECKING:
    from .archive import Archive
    from .files import INPUT_HEAP_LIMIT, SHARD_TABLES, check_archive, check_shard, check_writable, discard_if_empty
    from .records import (
        BUSY_TIMEOUT,
        CANONICAL_CLAIM,
        CONTENT_FIELDS,
        LIST_FIELDS,
        MAX_RECORD,
        REPARSED_FIELDS,
        STORED_OUTCOMES,
        RecordUnreadable,
        SaveResult,
        WarcLocation,
        article_row,
        content_hash,
        decode_row,
        new_run_id,
        pack_record,
        unpack_record,
        utcnow,
    )
    from .schema import MIGRATIONS, SCHEMA_VERSION

# public name -> the module of this package that holds it
_HOME = {
    "Archive": "archive",
    **dict.fromkeys(
        ("INPUT_HEAP_LIMIT", "SHARD_TABLES", "check_archive", "check_shard", "check_writable", "discard_if_empty"),
        "files",
    ),
    **dict.fromkeys(
        (
            "BUSY_TIMEOUT",
            "CANONICAL_CLAIM",
            "CONTENT_FIELDS",
            "LIST_FIELDS",
            "MAX_RECORD",
            "REPARSED_FIELDS",
            "STORED_OUTCOMES",
            "RecordUnreadable",
            "SaveResult",
            "WarcLocation",
            "article_row",
            "content_hash",
            "decode_row",
            "new_run_id",
            "pack_record",
            "unpack_record",
            "utcnow",
        ),
        "records",
    ),
    "MIGRATIONS": "schema",
    "SCHEMA_VERSION": "schema",
}
__all__ = sorted(_HOME)


__getattr__ = names_from(__name__, _HOME)
