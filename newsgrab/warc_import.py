"""`newsgrab import-warc`: archive the article pages held in WARC files written by anyone (newsgrab, wget
--warc-file, warcio, Heritrix, Common Crawl's CC-NEWS), as if fetched at their WARC-Date.

Reading is streamed and survives bad input: a corrupt gzip member, a record whose Content-Length lies or a
file that is not a WARC file is reported (one line each) and reading goes on at the next record start.
Parsing runs in worker processes; one writer (the caller's process) stores the results in capture order.
"""

from __future__ import annotations

import logging
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from . import validate
from .capture.warc import OPEN_SUFFIX, WarcRef
from .defaults import MAX_PAGE_BYTES  # the same cap as a fetch: a larger payload is skipped
from .errors import NewsgrabError
from .parallel import OrderedPool
from .parsing import Parsed, ParseOutcome, parse_page
from .store import Archive, new_run_id

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
_SUFFIXES = (".warc", ".warc.gz", ".warc.gz" + OPEN_SUFFIX, ".warc" + OPEN_SUFFIX)
# What reading a damaged WARC file raises, from warcio and below it; warcio also fails with AttributeError,
# TypeError or IndexError on some malformed headers. Each is reported (one line, counted: exit 1).
_READ_ERRORS = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    zlib.error,
    EOFError,
    ValueError,
    OSError,
    AttributeError,
    TypeError,
    IndexError,
    KeyError,
)


class BadRecord(Exception):
    """A record whose headers cannot be trusted (a WARC-Date that is no date, a target URI that is no
    address, a Content-Length that runs into the next record): unreadable, one line, never archived."""


class TruncatedRecord(BadRecord):
    """A record that ends before its Content-Length: the file was cut inside it (a killed run's `.open`
    file, a download that stopped, a gzip member cut short). Unreadable: never parsed as a page."""


class ImportProblem(NewsgrabError):
    """A path given to import-warc that cannot be read at all."""


@dataclass
class Capture:
    """One HTML page found in a WARC file: the payload with transfer and content encodings undone."""

    url: str
    captured_at: str  # UTC, ISO 8601 to the second, as the archive writes times
    payload: bytes
    charset: str | None
    ref: WarcRef


@dataclass
class Problem:
    """A file or record that could not be read: reported, and the rest is imported."""

    where: str
    message: str


@dataclass
class ImportSummary:
    run_id: str
    files: int = 0
    records: int = 0
    captures: int = 0
    # archived, updated, unchanged, already imported, no article (a page that is no story: a listing, a
    # front page; not a failure), failed (unreadable page), crashed (a bug in newsgrab)
    counts: dict[str, int] = field(default_factory=dict)
    skipped: int = 0  # records that are not HTML pages with status 200 (requests, images, redirects, ...)
    problems: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        c = self.counts
        return (
            f"import {self.run_id}: {self.files} files, {self.records} records, {self.captures} pages: "
            f"archived {c.get('archived', 0)}, updated {c.get('updated', 0)}, unchanged {c.get('unchanged', 0)}, "
            f"already imported {c.get('already imported', 0)}, no article {c.get('no article', 0)}, "
            f"failed {c.get('failed', 0) + c.get('crashed', 0)}; "
            f"skipped {self.skipped} other records; {self.problems} unreadable; {self.seconds:.1f} s"
        )

    @property
    def ok(self) -> bool:
        return not self.problems and not self.counts.get("failed") and not self.counts.get("crashed")


def warc_files(paths: Iterable[str]) -> list[Path]:
    """The WARC files named or found (recursively) in the directories named, in name order."""
    out: list[Path] = []
    for given in paths:
        p = Path(given).expanduser()
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.name.endswith(_SUFFIXES))
        elif p.is_file():
            out.append(p)
        else:
            raise ImportProblem(f"{given}: no such file or directory")
    return out


def read_captures(
    path: Path, on_skip: Callable[[], None] | None = None, start: int = 0, end: int | None = None
) -> Iterator[Capture | Problem]:
    """The HTML pages (status 200 responses) of one WARC file, in file order; a Problem for what cannot be
    read, after which reading resumes at the next record start found.

    With a byte range, only the records that begin in [start, end) are read (a split of a big file, one
    task of a cluster job): reading starts at the first record boundary at or after `start` and runs
    on to the end of the last record that begins before `end`, so the splits of a file read each record
    exactly once."""
    try:
        f = open(path, "rb")  # noqa: SIM115 (closed below; the generator may stop early)
    except OSError as exc:
        yield Problem(str(path), f"cannot read: {exc.strerror or exc}")
        return
    with f:
        head = f.read(8)
        gz = head.startswith(b"\x1f\x8b")
        if not gz and not head.startswith(b"WARC/"):
            if start == 0:
                yield Problem(str(path), "not a WARC file (neither gzip nor a WARC/1.x header at the start); skipped")
            return
        size = os.fstat(f.fileno()).st_size
        end = size if end is None else min(end, size)
        pos: int | None = start if start == 0 else _next_start(f, start, gz)
        syncing = start > 0  # looking for the first real record of a split: a false boundary is no problem
        while pos is not None and pos < end:
            began = pos
            f.seek(pos)
            it = ArchiveIterator(f)
            try:
                for rec in it:
                    if it.offset >= end:
                        return
                    began = it.offset
                    got = _capture(rec, it, str(path.resolve()), gz)
                    syncing = False
                    if got is None:
                        if on_skip:
                            on_skip()
                    else:
                        yield got
                if it.offset < end and f.seek(it.offset) is not None and f.read(64).strip():
                    # warcio stops quietly at a gzip member cut before its record's header ended
                    yield Problem(
                        f"{path}: offset {it.offset}",
                        "unreadable record: the file ends inside it "
                        "(a cut download or a killed run's .open file); "
                        "skipped",
                    )
                return
            except (*_READ_ERRORS, BadRecord) as exc:
                # where the record that failed begins
                at = began if isinstance(exc, BadRecord) else max(it.offset, pos)
                if at >= end:
                    return  # the next split's record: it reports it
                if isinstance(exc, BadRecord):
                    yield Problem(f"{path}: offset {at}", f"unreadable record: {exc}; skipped")
                elif not syncing and _ends_inside(f, at, gz):
                    # warcio's error depends on where the cut fell (EOFError, AttributeError, 'Unknown
                    # archive format'): the cause is the same
                    yield Problem(
                        f"{path}: offset {at}",
                        "unreadable record: the file ends inside it "
                        "(a cut download or a killed run's .open file); "
                        "skipped",
                    )
                elif not syncing:
                    yield Problem(
                        f"{path}: offset {at}", f"unreadable record ({type(exc).__name__}: {_short(exc)}); skipped"
                    )
                pos = _next_start(f, at + 1, gz)


def _capture(rec, it: ArchiveIterator, file: str, gz: bool = True) -> Capture | None:  # type: ignore[no-untyped-def]
    target = (rec.rec_headers.get_header("WARC-Target-URI") or "").strip("<>")
    if rec.rec_type == "response" and rec.http_headers is None and target.lower().startswith(("http:", "https:")):
        # warcio reads HTTP headers only after a lower-case scheme: 'HTTPS://' is a web page all the same
        from warcio.statusandheaders import StatusAndHeadersParser

        rec.http_headers = StatusAndHeadersParser(["HTTP/1.0", "HTTP/1.1", "HTTP/2"], verify=False).parse(
            rec.raw_stream
        )
    if rec.rec_type != "response" or rec.http_headers is None:
        it.read_to_end()
        _check_whole(rec)
        return None
    status = rec.http_headers.get_statuscode()
    ctype = (rec.http_headers.get_header("Content-Type") or "").lower()
    mime = ctype.split(";")[0].strip()
    if status != "200" or (mime and mime not in HTML_TYPES):
        it.read_to_end()
        _check_whole(rec)
        return None
    payload = rec.content_stream().read(MAX_PAGE_BYTES + 1)
    raw_url = rec.rec_headers.get_header("WARC-Target-URI") or ""
    date = rec.rec_headers.get_header("WARC-Date") or ""
    it.read_to_end()
    _check_whole(rec)
    offset, length = it.get_record_offset(), it.get_record_length()
    if not gz and _NEXT_RECORD.search(payload):
        raise BadRecord("its Content-Length runs into the next record")
    if len(payload) > MAX_PAGE_BYTES or not raw_url.strip("<>").lower().startswith(("http://", "https://")):
        return None  # too big for a page, or not a web page (dns:, file:, ...): skipped as other records
    try:
        url = validate.url(raw_url.strip("<>"), required=True) or ""
    except validate.Rejected as exc:
        raise BadRecord(f"its WARC-Target-URI is no usable address ({exc})") from None
    charset = None
    if "charset=" in ctype:
        charset = ctype.split("charset=", 1)[1].split(";")[0].strip(" \"'") or None
    return Capture(url, _utc(date), payload, charset, WarcRef(file, offset, length))


# a plain record's payload that holds the start of the next record: its Content-Length lied
_NEXT_RECORD = re.compile(rb"\r\n\r\nWARC/1\.[01]\r\nWARC-(?:Type|Record-ID|Date):")


def _check_whole(rec) -> None:  # type: ignore[no-untyped-def]
    """After a response record was read to its end: the file must have held all of its Content-Length
    (a record cut short would be archived cut, or blamed on the page as 'no article')."""
    declared = rec.rec_headers.get_header("Content-Length")
    if declared is None or not declared.strip().isdigit():  # mandatory: the header block itself was cut
        raise TruncatedRecord("the file ends inside its header (it has no whole Content-Length)")
    left = getattr(rec.raw_stream, "limit", 0)
    if isinstance(left, int) and left > 0:
        raise TruncatedRecord(
            f"the file ends inside it ({left} of its {declared} bytes missing: a cut download, "
            "a killed run's .open file or a gzip member cut short)"
        )


def _ends_inside(f, at: int, gz: bool) -> bool:  # type: ignore[no-untyped-def]
    """Whether the file ends inside the record that starts at `at` (the cause of any read error there)."""
    return _member_cut(f, at) if gz else _plain_cut(f, at)


def _plain_cut(f, at: int, header_cap: int = 1 << 16) -> bool:  # type: ignore[no-untyped-def]
    """Whether the file ends inside the uncompressed record at `at`: inside its header block, or before
    the end its Content-Length gives."""
    size = os.fstat(f.fileno()).st_size
    f.seek(at)
    head = f.read(header_cap)
    end = head.find(b"\r\n\r\n")
    if end < 0:
        return at + len(head) >= size and len(head) < header_cap
    length = re.search(rb"(?im)^content-length:[ \t]*(\d{1,15})[ \t]*\r?$", head[:end])
    return bool(length) and at + end + 4 + int(length.group(1)) > size  # type: ignore[union-attr]


def _member_cut(f, at: int, limit: int = 4 * MAX_PAGE_BYTES) -> bool:  # type: ignore[no-untyped-def]
    """Whether the file ends inside the gzip member that starts at `at` (inflated in bounded steps, the
    output thrown away; a member that is damaged, or inflates past `limit`, is not called a cut)."""
    f.seek(at)
    d = zlib.decompressobj(31)
    made = 0
    try:
        while not d.eof:
            block = d.unconsumed_tail or f.read(1 << 16)
            if not block:
                return True
            made += len(d.decompress(block, 1 << 20))
            if made > limit:
                return False
    except zlib.error:
        return False
    return False


def _next_start(f, after: int, gz: bool) -> int | None:  # type: ignore[no-untyped-def]
    """The offset of the next gzip member (or WARC/1.x header line) at or after `after`."""
    marker = b"\x1f\x8b\x08" if gz else b"\nWARC/1."
    f.seek(after)
    carry, base = b"", after
    while True:
        block = f.read(1 << 20)
        if not block:
            return None
        data = carry + block
        i = data.find(marker)
        if i >= 0:
            return base - len(carry) + i + (0 if gz else 1)
        carry = data[-(len(marker) - 1) :]
        base += len(block)


def _utc(warc_date: str) -> str:
    """WARC-Date ('2024-01-10T03:22:00Z', or with fractions) as the archive's time format; BadRecord when it
    is no date (it never becomes the import time: the record would enter history as the newest version)."""
    text = warc_date.strip()
    if not _WARC_DATE.fullmatch(text):
        raise BadRecord(f"its WARC-Date {validate.shown(text, 40)!r} is no date")
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise BadRecord(f"its WARC-Date {validate.shown(text, 40)!r} is no date") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="seconds")


_WARC_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})?)?")


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]


# ---- parsing in worker processes ----


def import_warcs(
    files: list[Path],
    archive: Archive,
    *,
    jobs: int = 1,
    default_tz: str | None = None,
    report: Callable[[str], None] = lambda line: None,
    progress: Callable[[ImportSummary], None] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    store_pages: bool = False,
) -> ImportSummary:
    """Import every HTML capture of the files; the summary counts outcomes. Memory stays bounded: at most
    a few pages per worker are in flight. Pages are left in the WARC files (the archive points at them),
    or with store_pages copied into the archive, packed (for WARC files that will not be kept)."""
    import time

    started = time.monotonic()
    summary = ImportSummary(run_id=new_run_id(), files=len(files))

    def count_skip() -> None:
        summary.skipped += 1
        summary.records += 1

    def handle(capture: Capture, parsed: Parsed) -> None:
        store_capture(capture, parsed, archive, summary, report, store_pages)
        if progress:
            progress(summary)

    archive.start_run(summary.run_id, [], os.getpid(), command="import-warc")
    status = "crashed"
    try:
        with OrderedPool(jobs, handle) as pool:
            for path in files:
                for item in read_captures(path, on_skip=count_skip):
                    if should_stop():
                        break
                    if isinstance(item, Problem):
                        summary.problems += 1
                        report(f"{item.where}: {item.message}")
                        continue
                    summary.records += 1
                    summary.captures += 1
                    if archive.imported(item.url, item.captured_at):
                        summary.counts["already imported"] = summary.counts.get("already imported", 0) + 1
                        continue
                    pool.submit(item, parse_page, item.url, item.payload, item.charset, default_tz)
                if should_stop():
                    break
            pool.finish()
        status = "interrupted" if should_stop() else "ok" if summary.ok else "failures"
    finally:
        summary.seconds = time.monotonic() - started
        archive.finish_run(
            summary.run_id,
            status,
            {**summary.counts, "discovered": summary.captures},
            [f"{summary.problems} unreadable"] if summary.problems else [],
        )
    return summary


def store_capture(
    capture: Capture,
    parsed: Parsed,
    archive: Archive,
    summary: ImportSummary,
    report: Callable[[str], None],
    store_pages: bool = False,
) -> None:
    if parsed.article is None:
        outcome = parsed.outcome.value
        summary.counts[outcome] = summary.counts.get(outcome, 0) + 1
        error = f"{parsed.error}\n{parsed.detail}" if parsed.detail else parsed.error
        archive.log_fetch(
            capture.url,
            outcome,
            status=200,
            error=error,
            nbytes=len(capture.payload),
            run_id=summary.run_id,
            now=capture.captured_at,
        )
        if parsed.outcome is ParseOutcome.CRASHED:
            log.error("%s\n%s", parsed.error, parsed.detail)
        # one line per page not archived, with its URL and why (a page with no story is no failure)
        report((parsed.error or capture.url).splitlines()[0])
        return
    try:
        saved = archive.save_capture(
            parsed.article,
            url=capture.url,
            captured_at=capture.captured_at,
            run_id=summary.run_id,
            warc=None if store_pages else capture.ref,
            raw=capture.payload if store_pages else None,
            charset=capture.charset,
            nbytes=len(capture.payload),
        )
    except validate.Rejected as exc:  # a record that cannot enter the archive: one line, counted as failed
        summary.counts["failed"] = summary.counts.get("failed", 0) + 1
        report(f"{validate.shown(capture.url)}: {exc}")
        return
    summary.counts[saved.outcome] = summary.counts.get(saved.outcome, 0) + 1
