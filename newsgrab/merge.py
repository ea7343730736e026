"""`newsgrab merge SHARD... --into ARCHIVE`: archives written apart (the shards of a cluster job) made one.

Every capture of every story (each stored fetch and each version's start) is replayed into the target in
capture order through the same path as an import (`Archive.save_capture`), so the target settles the one
history rule over all captures, whatever the order of the shards; ranking snapshots, the rest of the fetch
log and the run log are added where the target lacks them. A capture the target holds already (same URL and
capture time) is skipped: merging a shard twice changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .capture.warc import WarcError, WarcRef, read_payload
from .errors import NewsgrabError
from .model import Article
from .store import Archive, new_run_id
from .store.pages import PageUnreadable
from .validate import Rejected, shown


@dataclass
class MergeSummary:
    shards: int = 0
    captures: int = 0
    counts: Counter = field(default_factory=Counter)  # archived, updated, unchanged, already merged
    rankings: int = 0
    fetches: int = 0
    runs: int = 0
    pages_missing: int = 0  # captures merged without their page (unreadable, or a pointer not followed)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.counts["rejected"] and not self.pages_missing

    def line(self) -> str:
        c = self.counts
        return (
            f"merge: {self.shards} shards, {self.captures} captures: archived {c['archived']}, updated "
            f"{c['updated']}, unchanged {c['unchanged']}, already merged {c['already merged']}; "
            f"rejected {c['rejected']}, pages not merged {self.pages_missing}; "
            f"{self.rankings} ranking rows, {self.fetches} fetch-log rows and {self.runs} runs added; "
            f"{self.seconds:.1f} s"
        )


def merge(shards: list[str], target: Archive, report: Callable[[str], None] = lambda line: None) -> MergeSummary:
    """Merge the shards into `target`, one after the other; the merge is itself a run in the target's log."""
    import os
    import time

    started = time.monotonic()
    summary = MergeSummary()
    run_id = "merge-" + new_run_id()
    for path in shards:
        if Path(path).resolve() == Path(target.path).resolve():
            raise NewsgrabError(f"{path} is the archive being merged into")
    before = {t: target.count(t) for t in ("rankings", "fetches", "runs")}
    target.start_run(run_id, [], os.getpid(), command="merge")
    status = "crashed"
    try:
        for path in shards:
            _merge_one(path, target, run_id, summary, report)
        status = "ok"
    finally:
        summary.seconds = time.monotonic() - started
        after = {t: target.count(t) for t in ("rankings", "fetches", "runs")}
        summary.rankings = after["rankings"] - before["rankings"]
        summary.fetches = after["fetches"] - before["fetches"]
        summary.runs = after["runs"] - before["runs"] - 1  # not this merge's own
        target.finish_run(
            run_id,
            status,
            {**summary.counts, "discovered": summary.captures},
            [f"{summary.shards} of {len(shards)} shards merged"] if status != "ok" else [],
        )
    return summary


def _merge_one(path: str, target: Archive, run_id: str, summary: MergeSummary, report: Callable[[str], None]) -> None:
    # an input from elsewhere: checked (schema, tables), read-only, never migrated; ArchiveError is one line
    shard = Archive(path, create=False, untrusted=True)
    with shard:
        with target.batch():
            for url, at, record, page_id in shard.captures_in_order():
                summary.captures += 1
                if isinstance(record, str):  # unreadable or past the caps: one line, skipped
                    summary.counts["rejected"] += 1
                    report(f"{path}: {record}; skipped")
                    continue
                if target.imported(url, at):
                    summary.counts["already merged"] += 1
                    continue
                warc, raw = _page(shard, page_id, path, report)
                if page_id is not None and warc is None and raw is None:
                    summary.pages_missing += 1
                try:
                    article = Article.from_dict({k: v for k, v in record.items() if k != "fetched_at"})
                    saved = target.save_capture(article, url=url, captured_at=at, run_id=run_id, warc=warc, raw=raw)
                except (Rejected, TypeError, ValueError, KeyError, AttributeError) as exc:  # a record from
                    # elsewhere that is no record newsgrab makes: one line, counted, the rest goes on
                    summary.counts["rejected"] += 1
                    why = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
                    report(f"{path}: {shown(url)}: {shown(why, 160)}; skipped")
                    continue
                summary.counts[saved.outcome] += 1
        steps: list[tuple[str, Callable[[], object]]] = [
            ("ranking rows", lambda: target.add_rankings(shard.ranking_rows())),
            ("fetch-log rows", lambda: target.add_fetches(shard.fetch_rows())),
            ("runs", lambda: target.add_runs(shard.run_rows())),
        ]
        for what, step in steps:
            try:
                step()
            except MemoryError:  # a value past the input heap limit: that table of this shard is refused
                summary.counts["rejected"] += 1
                report(f"{path}: its {what} hold a value too large to read; they were not merged")
        summary.shards += 1


def _page(
    shard: Archive, page_id: int | None, path: str, report: Callable[[str], None]
) -> tuple[WarcRef | None, bytes | None]:
    """The page of a capture as the target will keep it: a WARC pointer checked now (a regular WARC file
    holding a response record there), or the page's bytes unpacked within the caps. A page that cannot be
    had is one line, and the capture is merged without it."""
    if page_id is None:
        return None, None
    try:
        where = shard.page_location(page_id)
        if where:
            read_payload(*where)  # follows nothing but a whole response record in a regular WARC file
            return WarcRef(*where), None
        return None, shard.page_bytes(page_id)
    except (WarcError, PageUnreadable, KeyError) as exc:
        report(f"{path}: {exc if str(exc) else 'page ' + str(page_id) + ' unreadable'}; merged without its page")
        return None, None
