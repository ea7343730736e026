"""What a stored record is: the storage field lists, the row of an article, its content hash, a version packed and
unpacked, a run's id."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

import zstandard

from .. import model
from ..errors import ArchiveError
from ..model import Article
from ..outcomes import STORED
from .pages import bounded_zstd

CANONICAL_CLAIM = "its canonical link names "  # the start of the warning save() adds (see _claims_other)


UNNUMBERED = -(2**62)  # the version number of a row about to be renumbered (no row id is ever its negative)


BUSY_TIMEOUT = 30.0  # seconds a write waits for another process's write lock on the archive


# The storage lists, derived from the one field list (model.RECORD_FIELDS): what a version is made of (in
# the content hash), what a reparse may change (every field the extractor makes, not the URL, the times of
# capture or the validators), which columns hold JSON.
CONTENT_FIELDS = model.CONTENT_FIELDS


REPARSED_FIELDS = model.REPARSED_FIELDS


STORED_OUTCOMES = tuple(str(o) for o in STORED)  # a fetch-log row that is a capture of the story (SQL text)


LIST_FIELDS = model.JSON_FIELDS


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class WarcLocation(Protocol):
    """Where a page lies in a WARC file (capture.warc.WarcRef)."""

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
