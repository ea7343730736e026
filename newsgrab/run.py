"""One scheduled archive run: lock, discover, plan (new stories newest first, plus edit re-checks on a
decaying schedule), drive fetch -> parse -> archive, snapshot front-page rankings, record the run."""

from __future__ import annotations

import logging
import os
import signal
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .capture import Fetcher
from .capture.discover import discover, newest_first
from .config import SiteSources
from .errors import FetchError, NewsgrabError
from .extract import parse_rankings
from .outcomes import Outcome
from .pipeline import ItemResult, archive_urls
from .report import Event
from .store import Archive, new_run_id

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILURES, EXIT_LOCKED = 0, 1, 75
GIVE_UP_AFTER = 5  # failed attempts after which a never-archived URL is no longer fetched by scheduled runs


class LockHeld(NewsgrabError):
    """Another run holds the archive's lock."""


class RunLock:
    """An fcntl lock on a file beside the database; the kernel releases it if the process dies."""

    def __init__(self, db_path: str):
        resolved = Path(db_path).resolve()  # one lock per database, however it is reached
        self.path = resolved.with_name(resolved.name + ".lock")
        self.fd: int | None = None

    def __enter__(self) -> RunLock:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            raise NewsgrabError("newsgrab archive needs fcntl locks (Linux, macOS, BSD)") from None
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError as exc:
            raise NewsgrabError(
                f"cannot open the run lock {self.path}: {exc.strerror} "
                "(a symlink, a directory or another user's file in its place?)"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode(errors="replace").strip()
            os.close(fd)
            raise LockHeld(
                f"another newsgrab archive run holds {self.path} ({holder or 'pid unknown'}); "
                "exiting without touching the archive"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} since {datetime.now(UTC).isoformat(timespec='seconds')}".encode())
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            import fcntl

            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


@dataclass
class RunSummary:
    run_id: str
    status: str = "ok"  # ok | failures | interrupted
    counts: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        c = self.counts
        failed = c["failed"] + c["crashed"] + len([e for e in self.errors if e.startswith(("source ", "front "))])
        return (
            f"run {self.run_id}: {self.status}; discovered {c['discovered']}, new {c['archived']}, "
            f"updated {c['updated']}, unchanged {c['unchanged'] + c['not modified']}, failed {failed}"
            + (f" (newsgrab crashed on {c['crashed']}: see the log)" if c["crashed"] else "")
            + (f", skipped by robots {c['skipped by robots']}" if c["skipped by robots"] else "")
            + (f", not fetched {c['not fetched']} (left for the next run)" if c["not fetched"] else "")
            + (f", given up on {c['given up']} (failed {GIVE_UP_AFTER} times)" if c["given up"] else "")
            + f", {self.seconds:.1f} s"
            + "".join(f"\n  warning: {w}" for w in self.warnings)
        )


class StopFlag:
    """Set by SIGTERM/SIGINT: no new request is sent, what is in flight is finished and saved, then the
    command ends. A second signal ends it at once (each article is one transaction: nothing half-written)."""

    def __init__(self) -> None:
        self.stopped = False
        self.signals = 0

    def install(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._handle)

    def _handle(self, signum, frame) -> None:
        self.signals += 1
        self.stopped = True
        if self.signals > 1:
            raise KeyboardInterrupt


def archive_run(
    archive: Archive,
    fetcher: Fetcher,
    sites: list[SiteSources],
    *,
    max_articles: int = 200,
    max_time: float | None = None,
    recheck: bool = True,
    keep_raw: bool = True,
    workers: int = 8,
    stop: StopFlag | None = None,
    report: Callable[[Event, dict], None] | None = None,
    default_tz: str | None = None,
) -> RunSummary:
    """Run once: discover, fetch what is new (newest first) and what is due a re-check, record the run."""
    started = time.monotonic()
    deadline = started + max_time if max_time else None
    summary = RunSummary(new_run_id())
    report = report or (lambda event, data: None)
    stop = stop or StopFlag()
    archive.close_stale_runs()
    archive.start_run(summary.run_id, [s.name for s in sites], os.getpid())

    def should_stop() -> bool:
        return stop.stopped or (deadline is not None and time.monotonic() > deadline)

    def source_failed(url: str, exc: Exception) -> None:
        if isinstance(exc, FetchError) and exc.reason == "stopped":
            return
        if not isinstance(exc, NewsgrabError):  # a bug: loud, with its traceback
            log.error("newsgrab crashed reading source %s", url, exc_info=exc)
        summary.errors.append(f"source {url}: {exc}")
        report(Event.SOURCE_FAILED, {"url": url, "error": str(exc)})

    def source_empty(url: str) -> None:
        summary.warnings.append(f"source {url}: no article links found")
        report(Event.SOURCE_EMPTY, {"url": url, "warning": "no article links found"})

    try:
        plan: list[str] = []
        for site in sites:
            if should_stop():
                break
            for host in site.hosts():
                if site.delay is not None:
                    fetcher.site_delays[host] = float(site.delay)
            cands = discover(
                lambda u: fetcher.get(u, html=False, should_stop=should_stop).content,
                feeds=site.feeds,
                sitemaps=site.sitemaps,
                listings=site.listings,
                listing_pattern=site.listing_pattern,
                listing_pages=site.listing_pages,
                listing_next=site.listing_next,
                on_error=source_failed,
                on_empty=source_empty,
                should_stop=should_stop,
                on_warning=summary.warnings.append,
            )
            foreign = [c for c in cands if not site.in_site(c.url)]
            if foreign:
                summary.warnings.append(
                    f"{site.name}: {len(foreign)} discovered link(s) to other hosts not followed "
                    f"(e.g. {foreign[0].url}; allow them with --other-hosts or other_hosts = true)"
                )
            cands = [c for c in newest_first(cands) if site.in_site(c.url) and site.wanted(c.url)]
            summary.counts["discovered"] += len(cands)
            known = archive.known([c.url for c in cands])
            fresh = [c.url for c in cands if c.url not in known]
            hopeless = archive.given_up(fresh, GIVE_UP_AFTER)
            summary.counts["given up"] += len(hopeless)
            fresh = [u for u in fresh if u not in hopeless][: site.max_articles or max_articles]
            plan += fresh
            report(Event.DISCOVERED, {"site": site.name, "candidates": len(cands), "new": len(fresh)})
        plan = list(dict.fromkeys(plan))[:max_articles]
        rechecks = archive.due_for_recheck(datetime.now(UTC)) if recheck else []
        rechecks = [u for u in rechecks if u not in plan]
        report(Event.PLANNED, {"new": len(plan), "rechecks": len(rechecks)})
        for item in archive_urls(
            plan + rechecks,
            archive,
            fetcher,
            run_id=summary.run_id,
            keep_raw=keep_raw,
            workers=workers,
            should_stop=should_stop,
            default_tz=default_tz,
        ):
            _count(summary, item, report)
            if item.outcome != Outcome.NOT_FETCHED:  # progress kept in the runs table: a killed run shows what it did
                archive.finish_run(summary.run_id, "running", summary.counts, summary.errors, ended=False)
        if not should_stop():
            for site in sites:
                if site.front_page:
                    _front_page(archive, fetcher, site.front_page, summary, report)
    finally:
        summary.seconds = time.monotonic() - started
        sources = sum(len(s.feeds) + len(s.sitemaps) + len(s.listings) for s in sites)
        if stop.stopped:
            summary.status = "interrupted"
        elif summary.counts["failed"] or summary.counts["crashed"] or summary.errors:
            summary.status = "failures"
        elif sources and len(summary.warnings) >= sources:  # every source came back empty
            summary.status = "failures"
        if deadline is not None and time.monotonic() > deadline and not stop.stopped:
            summary.warnings.append(f"stopped at --max-time {max_time:g} s; the rest waits for the next run")
        try:
            archive.finish_run(summary.run_id, summary.status, summary.counts, summary.errors)
        except NewsgrabError as exc:  # the archive is locked or unwritable: say so, do not hide the first error
            log.error("could not record the end of run %s: %s", summary.run_id, exc)
    return summary


def _count(summary: RunSummary, item: ItemResult, report) -> None:
    summary.counts[item.outcome] += 1
    if item.failed:
        summary.errors.append(item.error or f"{item.url}: failed")
    data = {"url": item.url, "outcome": item.outcome, "headline": item.headline, "error": item.error}
    if item.detail:
        data["traceback"] = item.detail
    report(Event.FETCHED, data)


def _front_page(archive: Archive, fetcher: Fetcher, url: str, summary: RunSummary, report) -> None:
    try:
        page = fetcher.get(url)
        if page.not_modified:
            return
    except FetchError as exc:
        summary.errors.append(f"front page {url}: {exc}")
        report(Event.SOURCE_FAILED, {"url": url, "error": str(exc)})
        return
    rankings = parse_rankings(page.content, page.final_url, charset=page.charset)
    if rankings:
        archive.snapshot_page_rankings(page.final_url, rankings, summary.run_id)
    report(Event.FRONT_PAGE, {"url": url, "rankings": len(rankings)})
