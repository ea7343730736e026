"""WARC capture (ISO 28500, WARC/1.1, written with warcio): every HTTP exchange newsgrab makes is kept as
a `request` and a `response` record (a 304 as a `revisit`), the body exactly as the server sent it.

Files are `newsgrab-YYYYMMDDhhmmss-NNNNN.warc.gz`, one gzip member per record, rotated at a size. A file is
written as `<name>.open` and renamed when closed, so a killed run leaves no finished-looking name on a
file cut short; a `.open` file is still readable up to its last whole record (import-warc reads it). The
writer holds a lock on its `.open` file; the next recorder in the folder closes every `.open` file no
process holds: cut after its last whole record and renamed to its final name.
"""

from __future__ import annotations

import io
import os
import threading

try:
    import fcntl
except ImportError:  # not on Windows: a .open file there is left for import-warc, which reads it as it is
    fcntl = None  # type: ignore[assignment]
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import requests
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .. import __version__
from ..defaults import MAX_PAGE_BYTES
from ..errors import NewsgrabError

DEFAULT_MAX_SIZE = 1024**3  # bytes of a WARC file before the next one is started
OPEN_SUFFIX = ".open"
_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
_HTTP_VERSIONS = {9: "HTTP/0.9", 10: "HTTP/1.0", 11: "HTTP/1.1", 20: "HTTP/2"}


class WarcError(NewsgrabError):
    """The WARC directory cannot be written."""


@dataclass(frozen=True)
class WarcRef:
    """Where a response record lies: the file's absolute path (its final name), the offset of the record's
    gzip member and the member's length, which is enough to read the one record back."""

    file: str
    offset: int
    length: int


class WarcRecorder:
    """Writes the exchanges a Fetcher makes to rotating WARC files in one directory. Thread-safe."""

    def __init__(self, directory: str | Path, max_size: int = DEFAULT_MAX_SIZE, *, operator: str | None = None):
        self.directory = Path(directory)
        self.max_size = max_size
        self.operator = operator
        self.files: list[Path] = []  # finished files, in order
        self.records = 0
        self._lock = threading.Lock()
        self._out: IO[bytes] | None = None
        self._writer: WARCWriter | None = None
        self._name = ""
        self._serial = 0
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WarcError(f"cannot create the WARC directory {self.directory}: {exc.strerror or exc}") from None
        if not os.access(self.directory, os.W_OK):
            raise WarcError(f"the WARC directory {self.directory} is not writable")
        self.recovered = close_orphans(self.directory)  # files a killed run left open, now closed

    # ---- the Recorder protocol (newsgrab.fetch) ----

    def exchange(self, resp: requests.Response, payload: bytes) -> WarcRef | None:
        """Write the request and response (or revisit, for a 304) of one exchange, together; return where
        the response record of a 200 lies."""
        request = _request_record_parts(resp)
        status, headers, protocol = _response_head(resp)
        with self._lock:
            writer = self._open()
            uri = resp.url
            date = _warc_date()
            req = writer.create_warc_record(
                uri,
                "request",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=request,
                warc_headers_dict={"WARC-Date": date},
            )
            http = StatusAndHeaders(status, headers, protocol=protocol)
            if resp.status_code == 304:
                # the record revisited: the capture the request's validators came from (its URI and date)
                target, captured = getattr(resp, "newsgrab_refers_to", None) or (uri, None)
                refers = {"WARC-Refers-To-Target-URI": target}
                if captured:
                    refers["WARC-Refers-To-Date"] = _as_warc_date(captured)
                rec = writer.create_warc_record(
                    uri,
                    "revisit",
                    payload=io.BytesIO(b""),
                    length=0,
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": date, "WARC-Profile": _NOT_MODIFIED, **refers},
                )
            else:
                rec = writer.create_warc_record(
                    uri,
                    "response",
                    payload=io.BytesIO(payload),
                    length=len(payload),
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": date},
                )
            req.rec_headers.add_header("WARC-Concurrent-To", rec.rec_headers.get_header("WARC-Record-ID"))
            assert self._out is not None
            start = self._out.tell()
            writer.write_record(rec)
            end = self._out.tell()
            writer.write_record(req)
            self._out.flush()
            self.records += 2
            ref = (
                WarcRef(str(self.directory.resolve() / self._name), start, end - start)
                if resp.status_code == 200
                else None
            )
            if self._out.tell() >= self.max_size:
                self._close()
            return ref

    # ---- files ----

    def close(self) -> None:
        """Finish the current file (rename it to its final name)."""
        with self._lock:
            self._close()

    def __enter__(self) -> WarcRecorder:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _open(self) -> WARCWriter:
        if self._writer is not None:
            return self._writer
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        while True:
            name = f"newsgrab-{stamp}-{self._serial:05d}.warc.gz"
            self._serial += 1
            final = self.directory / name
            if not final.exists() and not final.with_name(name + OPEN_SUFFIX).exists():
                break
        try:
            self._out = open(final.with_name(name + OPEN_SUFFIX), "xb")  # noqa: SIM115 (closed in _close)
        except OSError as exc:
            raise WarcError(f"cannot write a WARC file in {self.directory}: {exc.strerror or exc}") from None
        if fcntl is not None:  # held while this file is written: the next run leaves it alone
            fcntl.flock(self._out.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._name = name
        self._writer = WARCWriter(self._out, gzip=True, warc_version="1.1")
        info = {
            "software": f"newsgrab/{__version__}",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        }
        if self.operator:
            info["operator"] = self.operator
        self._writer.write_record(self._writer.create_warcinfo_record(name, info))
        self.records += 1
        return self._writer

    def _close(self) -> None:
        if self._out is None:
            return
        self._out.flush()
        os.fsync(self._out.fileno())
        self._out.close()
        final = self.directory / self._name
        os.replace(final.with_name(self._name + OPEN_SUFFIX), final)
        self.files.append(final)
        self._out = self._writer = None


def close_orphans(directory: Path) -> list[Path]:
    """Close the `.open` WARC files in `directory` that no process is writing (a killed run's): cut each
    after its last whole record and give it its final name. The files closed, by their final names."""
    if fcntl is None:
        return []
    closed = []
    for path in sorted(directory.glob("*.warc.gz" + OPEN_SUFFIX)):
        final = path.with_name(path.name[: -len(OPEN_SUFFIX)])
        if final.exists():
            continue
        try:
            with open(path, "r+b") as f:
                try:
                    fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    continue  # a live writer holds it
                whole = _whole_length(f)
                if whole < os.fstat(f.fileno()).st_size:
                    f.truncate(whole)
                f.flush()
                os.fsync(f.fileno())
                os.replace(path, final)
        except OSError:
            continue  # unreadable or not ours to change: left as it is (import-warc still reads it)
        closed.append(final)
    return closed


def _whole_length(f: IO[bytes]) -> int:
    """Bytes from the start of a WARC file to the end of its last whole record."""
    import zlib

    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    f.seek(0)
    good = 0
    it = ArchiveIterator(f)
    try:
        for rec in it:
            it.read_to_end()
            left = getattr(rec.raw_stream, "limit", 0)
            declared = rec.rec_headers.get_header("Content-Length") or ""
            if not declared.strip().isdigit() or (isinstance(left, int) and left > 0):
                break
            good = it.get_record_offset() + it.get_record_length()
    except (ArchiveLoadFailed, zlib.error, EOFError, ValueError, AttributeError, TypeError, IndexError):
        pass  # what warcio raises on a cut member or header: the whole records end before it
    return good


MAX_RECORD = 64 * 2**20  # the largest record read back: pages are capped at 10 MB when fetched


WARC_NAMES = (".warc", ".warc.gz", ".warc" + OPEN_SUFFIX, ".warc.gz" + OPEN_SUFFIX)
MAX_HEADERS = 256 * 1024  # bytes of WARC and HTTP headers a record may add to its page


def read_payload(file: str, offset: int, length: int, max_page: int = MAX_PAGE_BYTES) -> bytes:
    """The HTTP payload (transfer and content encodings undone) of the response record at `offset` in a
    WARC file; the file's `.open` name is tried when the final name is not there (a capture cut short).

    A stored pointer is data from elsewhere (a shard, an archive made on another machine): it is followed
    only to a regular file named like a WARC file, with an offset and length inside it, and the record
    read there must be a whole response of at most `max_page` bytes. Anything else is a WarcError naming
    the pointer, never quoting the file's bytes; memory stays near `max_page`."""
    import stat

    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    path = Path(file)
    if not path.exists() and Path(file + OPEN_SUFFIX).exists():
        path = Path(file + OPEN_SUFFIX)
    where = f"{str(path)[:300]}:{offset}"
    cap = max_page + MAX_HEADERS
    if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or not 0 < length <= cap:
        raise WarcError(
            f"the WARC pointer {where} (+{length} bytes) is not a record newsgrab would store "
            f"(a record is at most {cap // 2**20} MiB)"
        )
    if not path.name.endswith(WARC_NAMES):
        raise WarcError(f"no WARC record at {where}: not a WARC file (*.warc, *.warc.gz)")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise WarcError(f"cannot read the WARC record at {where}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):  # a device, a FIFO, a socket: never read
            raise WarcError(f"no WARC record at {where}: not a regular file")
        if offset + length > info.st_size:
            raise WarcError(
                f"no WARC record at {where}: the file is {info.st_size:,} bytes, the record would "
                f"end at {offset + length:,}"
            )
        try:
            f.seek(offset)
            head = f.read(8)
            if not (head.startswith(b"\x1f\x8b") or head.startswith(b"WARC/1.")):
                raise WarcError(f"no WARC record at {where}")
            f.seek(offset)
            it = ArchiveIterator(_Window(f, length))
            for rec in it:
                if rec.rec_type != "response":
                    raise WarcError(f"no WARC response record at {where} (a {str(rec.rec_type)[:20]} record)")
                payload = rec.content_stream().read(max_page + 1)
                if len(payload) > max_page:
                    raise WarcError(f"the WARC record at {where} holds more than {max_page:,} bytes")
                return bytes(payload)
        except OSError as exc:
            raise WarcError(f"cannot read the WARC record at {where}: {exc.strerror or exc}") from None
        except (
            ArchiveLoadFailed,
            StatusAndHeadersParserException,
            ValueError,
            EOFError,
            AttributeError,
            TypeError,
            IndexError,
            KeyError,
        ) as exc:
            # its words may quote the file: never shown
            raise WarcError(f"no readable WARC record at {where} ({type(exc).__name__})") from None
    raise WarcError(f"no WARC record at {where}")


class _Window(io.RawIOBase):
    """At most `length` bytes of a file from where it stands: a record is read from the file, never more
    than its stored length, and never all at once."""

    def __init__(self, f: IO[bytes], length: int):
        self._f, self._left = f, length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        n = min(len(buffer), self._left, 1 << 16)
        if n <= 0:
            return 0
        data = self._f.read(n)
        buffer[: len(data)] = data
        self._left -= len(data)
        return len(data)


def _as_warc_date(stored: str) -> str:
    """An archive time ('2024-01-10T06:00:00+00:00') as a WARC-Date ('2024-01-10T06:00:00Z')."""
    try:
        return datetime.fromisoformat(stored).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return stored


def _warc_date() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _request_record_parts(resp: requests.Response) -> StatusAndHeaders:
    req = resp.request
    parts = urlsplit(resp.url)
    path = req.path_url if req is not None else (parts.path or "/")
    headers = [("Host", parts.netloc.rsplit("@", 1)[-1])]
    if req is not None:
        headers += [
            (k, v.decode("latin-1") if isinstance(v, bytes) else v)
            for k, v in req.headers.items()
            if k.lower() != "host"
        ]
    method = (req.method if req is not None else None) or "GET"
    return StatusAndHeaders(f"{method} {path} HTTP/1.1", headers, is_http_request=True)


def _response_head(resp: requests.Response) -> tuple[str, list[tuple[str, str]], str]:
    """Status line, headers and protocol as received. The body is kept with its content encoding but
    without chunked framing, so a Transfer-Encoding header is renamed (X-Archive-Orig-, as pywb does)."""
    raw = resp.raw
    items = raw.headers.items() if raw is not None and hasattr(raw, "headers") else resp.headers.items()
    headers = [
        (
            f"X-Archive-Orig-{k}" if k.lower() == "transfer-encoding" else k,
            v.decode("latin-1") if isinstance(v, bytes) else str(v),
        )
        for k, v in items
    ]
    version = _HTTP_VERSIONS.get(getattr(raw, "version", 11) or 11, "HTTP/1.1")
    return f"{resp.status_code} {resp.reason or ''}".rstrip(), headers, version
