"""`newsgrab reparse`: bring archived records up to the current extractor, from their stored raw pages.

A reparse is not a new version: versions are what the publisher changed (the page changed); a reparse is
what newsgrab now reads in the same page, written in place and logged in `reparses`. Records already made
by the current extractor are skipped, so a second run changes nothing and a killed run resumes where it
stopped (each article is one transaction).
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .errors import NewsgrabError
from .extract.version import version_for_record
from .parallel import OrderedPool
from .parsing import Parsed, ParseOutcome, parse_page, unreadable
from .store import CANONICAL_CLAIM, Archive, new_run_id

log = logging.getLogger(__name__)


@dataclass
class ReparseSummary:
    considered: int = 0
    current: int = 0  # made by the current extractor already: skipped
    changed: int = 0
    same: int = 0  # re-extracted, nothing differs (the extractor version is noted)
    no_page: int = 0  # no raw page kept (--no-raw), nothing to re-derive from
    failed: int = 0  # the current extractor finds no article, or crashed: the old record is kept
    fields: dict[str, Counter] = field(default_factory=dict)  # site -> field -> records that change it
    sites: Counter = field(default_factory=Counter)  # site -> records that change

    @property
    def done(self) -> int:
        return self.current + self.changed + self.same + self.no_page + self.failed

    def line(self, dry_run: bool) -> str:
        verb = "would change" if dry_run else "changed"
        return (
            f"reparse: {self.considered} records, {verb} {self.changed}, unchanged {self.same}, "
            f"already current {self.current}, no raw page {self.no_page}, failed {self.failed}"
        )


def reparse(
    archive: Archive,
    *,
    site: str | None = None,
    since: str | None = None,
    url: str | None = None,
    dry_run: bool = False,
    force: bool = False,
    jobs: int = 1,
    default_tz: str | None = None,
    report: Callable[[str], None] = lambda line: None,
    progress: Callable[[ReparseSummary, int], None] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    client: Any = None,
    chunk: int = 200,
) -> ReparseSummary:
    """Re-extract the selected records from their newest stored page; write what differs (unless dry_run).
    With a Dask `client`, the parsing runs on the cluster in tasks of `chunk` article ids."""
    summary = ReparseSummary()
    candidates = archive.reparse_candidates(site=site, since=since, url=url)
    summary.considered = len(candidates)

    def run() -> None:
        _reparse(
            archive,
            candidates,
            summary,
            dry_run=dry_run,
            force=force,
            jobs=jobs,
            default_tz=default_tz,
            report=report,
            progress=progress,
            should_stop=should_stop,
            client=client,
            chunk=chunk,
        )

    if dry_run:  # writes nothing, not even a line in the run log
        run()
        return summary
    run_id = new_run_id()
    archive.start_run(run_id, [site] if site else [], os.getpid(), command="reparse")
    status = "crashed"
    try:
        run()
        status = "interrupted" if should_stop() else "failures" if summary.failed else "ok"
    finally:
        archive.finish_run(
            run_id,
            status,
            {
                "discovered": summary.considered,
                "updated": summary.changed,
                "unchanged": summary.same + summary.current,
                "failed": summary.failed,
            },
            [],
        )
    return summary


def _reparse(
    archive: Archive,
    candidates: list,
    summary: ReparseSummary,
    *,
    dry_run: bool,
    force: bool,
    jobs: int,
    default_tz: str | None,
    report: Callable[[str], None],
    progress: Callable[[ReparseSummary, int], None] | None,
    should_stop: Callable[[], bool],
    client: Any,
    chunk: int,
) -> None:
    if client is not None:
        _on_cluster(
            client,
            archive,
            [c[0] for c in candidates],
            summary,
            dry_run=dry_run,
            force=force,
            default_tz=default_tz,
            report=report,
            progress=progress,
            chunk=chunk,
        )
        return

    def handle(key: tuple[int, str], parsed: Parsed) -> None:
        _apply(archive, key[0], key[1], parsed, summary, dry_run, report)
        if progress:
            progress(summary, len(candidates))

    with OrderedPool(jobs, handle) as pool:
        for job in pages_to_parse(archive, candidates, force, summary, should_stop):
            if job.unreadable:
                summary.failed += 1
                report(f"{job.unreadable.error}; record kept as it is")
            else:
                pool.submit((job.article_id, job.page_url), parse_page, job.page_url, job.raw, job.charset, default_tz)
        pool.finish()


@dataclass
class PageJob:
    """A record to parse again, with its newest stored page (or why that page cannot be read)."""

    article_id: int
    page_url: str
    raw: bytes = b""
    charset: str | None = None
    unreadable: Parsed | None = None


def pages_to_parse(
    archive: Archive,
    candidates: list,
    force: bool,
    counts: ReparseSummary | dict,
    should_stop: Callable[[], bool] = lambda: False,
) -> Iterator[PageJob]:
    """The reparse loop, for a local run and a cluster task alike: a PageJob for each candidate record
    made by another extractor (every one with `force`). Records already current and records with no
    stored page are counted in `counts` ('current', 'no_page')."""

    def count(key: str) -> None:
        if isinstance(counts, dict):
            counts[key] += 1
        else:
            setattr(counts, key, getattr(counts, key) + 1)

    for article_id, fetch_url, made_by, canonical, profile in candidates:
        if should_stop():
            return
        if not force and made_by == version_for_record(fetch_url, canonical, profile):
            count("current")
            continue
        page = archive.latest_page(article_id)
        if page is None:
            count("no_page")
            continue
        try:
            raw = archive.page_bytes(page[0])
        except (NewsgrabError, OSError, ValueError) as exc:
            yield PageJob(article_id, page[1], unreadable=unreadable(fetch_url, str(exc)))
            continue
        yield PageJob(article_id, page[1], raw, page[2])


def _on_cluster(
    client: Any,
    archive: Archive,
    ids: list[int],
    summary: ReparseSummary,
    *,
    dry_run: bool,
    force: bool,
    default_tz: str | None,
    report: Callable[[str], None],
    progress: Callable[[ReparseSummary, int], None] | None,
    chunk: int,
) -> None:
    from distributed import as_completed

    from .cluster import reparse_task

    dirs = [str(d) for d in archive.warc_dirs]
    futures = [
        client.submit(reparse_task, archive.path, ids[i : i + chunk], default_tz, force, dirs, pure=False)
        for i in range(0, len(ids), chunk)
    ]
    for fut in as_completed(futures):
        got = fut.result()
        fut.release()
        summary.current += got["current"]
        summary.no_page += got["no_page"]
        for article_id, page_url, parsed in got["items"]:
            _apply(archive, article_id, page_url, parsed, summary, dry_run, report)
        if progress:
            progress(summary, len(ids))


def _apply(
    archive: Archive,
    article_id: int,
    page_url: str,
    parsed: Parsed,
    summary: ReparseSummary,
    dry_run: bool,
    report: Callable[[str], None],
) -> None:
    if parsed.article is None:
        summary.failed += 1
        if parsed.outcome is ParseOutcome.CRASHED:
            log.error("%s\n%s", parsed.error, parsed.detail)
        report(f"{(parsed.error or page_url).splitlines()[0]}; the record made before is kept")
        return
    article = parsed.article
    stored = archive.get(article_id)
    if stored and stored.get("url") and article.url != stored["url"]:
        article.url = stored["url"]  # the record keeps its identity; a reparse does not move it
        article.warnings += [w for w in stored.get("warnings") or [] if w.startswith(CANONICAL_CLAIM)]
    changed = archive.record_changes(article_id, article)
    site = article.site or "?"
    if changed:
        summary.changed += 1
        summary.sites[site] += 1
        summary.fields.setdefault(site, Counter()).update(changed)
    else:
        summary.same += 1
    if not dry_run:
        archive.apply_reparse(article_id, article, changed)
