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

from .archive import Archive, new_run_id
from .errors import NewsgrabError
from .model import Article
from .warc import WarcRef


@dataclass
class MergeSummary:
    shards: int = 0
    captures: int = 0
    counts: Counter = field(default_factory=Counter)  # archived, updated, unchanged, already merged
    rankings: int = 0
    fetches: int = 0
    runs: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        c = self.counts
        return (f"merge: {self.shards} shards, {self.captures} captures: archived {c['archived']}, updated "
                f"{c['updated']}, unchanged {c['unchanged']}, already merged {c['already merged']}; "
                f"{self.rankings} ranking rows, {self.fetches} fetch-log rows and {self.runs} runs added; "
                f"{self.seconds:.1f} s")


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
            _merge_one(path, target, run_id, summary)
        status = "ok"
    finally:
        summary.seconds = time.monotonic() - started
        after = {t: target.count(t) for t in ("rankings", "fetches", "runs")}
        summary.rankings = after["rankings"] - before["rankings"]
        summary.fetches = after["fetches"] - before["fetches"]
        summary.runs = after["runs"] - before["runs"] - 1  # not this merge's own
        target.finish_run(run_id, status, {**summary.counts, "discovered": summary.captures},
                          [f"{summary.shards} of {len(shards)} shards merged"] if status != "ok" else [])
    return summary


def _merge_one(path: str, target: Archive, run_id: str, summary: MergeSummary) -> None:
    shard = Archive(path, create=False)  # ArchiveError says what the file is; the CLI says it in one line
    with shard:
        with target.batch():
            for url, at, record, page_id in shard.captures_in_order():
                summary.captures += 1
                if target.imported(url, at):
                    summary.counts["already merged"] += 1
                    continue
                warc = raw = None
                if page_id is not None:
                    where = shard.page_location(page_id)
                    if where:
                        warc = WarcRef(*where)
                    else:
                        raw = shard.pages.unpack(page_id)
                article = Article.from_dict({k: v for k, v in record.items() if k != "fetched_at"})
                saved = target.save_capture(article, url=url, captured_at=at, run_id=run_id, warc=warc, raw=raw)
                summary.counts[saved.outcome] += 1
        target.add_rankings(shard.ranking_rows())
        target.add_fetches(shard.fetch_rows())
        target.add_runs(shard.run_rows())
        summary.shards += 1
