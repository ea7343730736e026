"""Bulk import and reparse on a Dask cluster (optional: `pip install 'newsgrab[cluster]'`).

The parsing runs as Dask tasks: whole WARC files or byte ranges of big ones (import), ranges of article
ids (reparse). A worker reads its input itself (a shared filesystem), and only parsed records travel back.
The client is the single writer of the SQLite archive: it takes results as tasks complete and writes them
in batches (one transaction per batch). With `shards`, each task writes an archive of its own instead,
for `newsgrab merge`. Nothing here is imported unless --cluster is given.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import NewsgrabError
from .parsing import Parsed, parse_page
from .store import Archive, new_run_id
from .warc_import import Capture, ImportSummary, Problem, read_captures, store_capture

log = logging.getLogger(__name__)

SPLIT_BYTES = 64 * 1024 * 1024  # a WARC file larger than this is split into byte ranges of about this size
MIN_SPLIT = 1024 * 1024  # ... and smaller splits than this are not worth a task
BATCH = 200  # articles written per transaction by the client


class ClusterError(NewsgrabError):
    """Dask is missing, or the scheduler cannot be reached."""


@contextmanager
def connect(address: str, workers: int | None = None) -> Iterator[Any]:
    """A Dask client: on the scheduler at `address`, or on a LocalCluster (address 'local', one worker
    process per core, or `workers`). ClusterError with one line when it cannot be had."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("--cluster needs Dask: pip install 'newsgrab[cluster]'") from None
    if address == "local":
        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
            cluster.close()
        return
    probe_scheduler(address)
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {address} ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0][:120] if str(exc) else ''})"
        ) from None
    except Exception as exc:  # noqa: BLE001 - what answered is no scheduler (garbage frames: struct.error,
        # a 3 EiB allocation): a failure of the address given, said in one line with exit 2, logged whole
        log.warning("the Dask client failed at %s", address, exc_info=True)
        raise ClusterError(
            f"cannot talk to the Dask scheduler at {address} ({type(exc).__name__}); is it a "
            "Dask scheduler of a compatible version?"
        ) from None
    try:
        yield client
    finally:
        client.close()


DASK_SCHEMES = ("tcp", "tls", "ucx", "ws", "wss", "inproc")  # the address schemes Dask knows
HANDSHAKE_SECONDS = 10.0  # for the TCP connection, and again for the scheduler's first words


def probe_scheduler(address: str, seconds: float = HANDSHAKE_SECONDS) -> None:
    """Check that a Dask scheduler answers at a tcp:// (or bare host:port) address before a Client is made.

    A Dask scheduler speaks first: it sends its handshake (a framed msgpack message naming the
    'compression' it uses) as soon as a connection is accepted. Dask's own Client waits without limit
    for something that accepts the connection and never speaks Dask (an HTTP server, the dashboard's
    port typed for the scheduler's); this probe bounds the connection and the handshake both, and
    raises ClusterError with one line. tls:// and other schemes are left to Dask."""
    scheme, _, rest = address.rpartition("://")
    if scheme not in ("", *DASK_SCHEMES):
        raise ClusterError(
            f"--cluster {address}: {scheme}:// is no Dask scheduler address; give "
            "tcp://HOST:PORT (or tls://, or 'local')"
        )
    if scheme not in ("", "tcp"):
        return
    host, _, port_text = rest.rstrip("/").rpartition(":")
    host = host.strip("[]")
    if not host or not port_text.isdigit():
        raise ClusterError(f"--cluster {address}: give the scheduler as tcp://HOST:PORT (or 'local')")
    try:
        sock = socket.create_connection((host, int(port_text)), timeout=seconds)
    except OSError as exc:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {address} ({type(exc).__name__}: {(exc.strerror or str(exc))[:120]})"
        ) from None
    deadline = time.monotonic() + seconds
    first = b""
    try:
        while len(first) < 256 and b"compression" not in first:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            sock.settimeout(left)
            chunk = sock.recv(256)
            if not chunk:
                break
            first += chunk
    except OSError:
        pass
    finally:
        sock.close()
    if b"compression" not in first:
        said = "said nothing" if not first else "answered in another protocol"
        raise ClusterError(
            f"{address} is not a Dask scheduler: it took the connection but {said} within "
            f"{seconds:g} s (the dashboard's port? a scheduler listens on 8786 by default)"
        )


# ---- import ----


def split_size(client: Any, files: list[Path]) -> int:
    """Bytes per task: about four tasks per worker, so that every worker is busy to the end."""
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    total = sum(f.stat().st_size for f in files)
    return max(MIN_SPLIT, min(SPLIT_BYTES, total // (4 * workers) + 1))


def splits(files: list[Path], size: int = SPLIT_BYTES) -> list[tuple[str, int, int | None]]:
    """(path, start, end) tasks: a whole file, or byte ranges of a file larger than `size`."""
    out: list[tuple[str, int, int | None]] = []
    for f in files:
        n = f.stat().st_size
        if n <= size:
            out.append((str(f.resolve()), 0, None))
        else:
            out += [(str(f.resolve()), a, min(a + size, n)) for a in range(0, n, size)]
    return out


@dataclass
class TaskResult:
    """What one task sends back: parsed pages (no payload), problems, counts, and where the time went."""

    task: str
    items: list[tuple[Capture, Parsed]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    records: int = 0
    skipped: int = 0
    read_s: float = 0.0
    parse_s: float = 0.0
    error: str | None = None  # the task itself failed: its input is reported, the job goes on
    counts: dict[str, int] = field(default_factory=dict)  # a shard task's outcomes (archived, no article, ...)
    captures: int = 0
    lines: list[str] = field(default_factory=list)  # a shard task's report: one line per page not archived


def import_task(path: str, start: int, end: int | None, default_tz: str | None) -> TaskResult:
    """Read and parse one split (on a worker). Never raises: a failure is the result's `error`."""
    result = TaskResult(task=f"{path}[{start}:{'' if end is None else end}]")

    def skip() -> None:
        result.skipped += 1
        result.records += 1

    try:
        t = time.perf_counter()
        for item in read_captures(Path(path), on_skip=skip, start=start, end=end):
            if isinstance(item, Problem):
                result.problems.append(item)
                continue
            result.records += 1
            r = time.perf_counter()
            parsed = parse_page(item.url, item.payload, item.charset, default_tz)
            result.parse_s += time.perf_counter() - r
            result.items.append((replace(item, payload=b""), parsed))  # the page stays on the worker
        result.read_s = time.perf_counter() - t - result.parse_s
    except Exception as exc:  # a bug or an unreadable input: reported by the client, counted, the job goes on
        result.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
    return result


def import_on_cluster(
    client: Any,
    files: list[Path],
    archive: Archive,
    *,
    default_tz: str | None = None,
    report: Callable[[str], None] = lambda line: None,
    progress: Callable[[ImportSummary], None] | None = None,
    split_bytes: int | None = None,
    batch: int = BATCH,
) -> tuple[ImportSummary, dict]:
    """Import the files with the parsing on the cluster; (summary, where the time went)."""

    started = time.monotonic()
    summary = ImportSummary(run_id=new_run_id(), files=len(files))
    archive.start_run(summary.run_id, [], os.getpid(), command="import-warc")
    status = "crashed"
    try:
        timing = _import_tasks(
            client,
            files,
            archive,
            summary,
            default_tz=default_tz,
            report=report,
            progress=progress,
            split_bytes=split_bytes,
            batch=batch,
        )
        status = "ok" if summary.ok else "failures"
    finally:
        summary.seconds = time.monotonic() - started
        archive.finish_run(
            summary.run_id,
            status,
            {**summary.counts, "discovered": summary.captures},
            [f"{summary.problems} unreadable"] if summary.problems else [],
        )
    return summary, timing


def _import_tasks(
    client: Any,
    files: list[Path],
    archive: Archive,
    summary: ImportSummary,
    *,
    default_tz: str | None,
    report: Callable[[str], None],
    progress: Callable[[ImportSummary], None] | None,
    split_bytes: int | None,
    batch: int,
) -> dict:
    from distributed import as_completed

    timing = {"read_s": 0.0, "parse_s": 0.0, "write_s": 0.0, "tasks": 0}
    tasks = splits(files, split_bytes or split_size(client, files))
    futures = {
        client.submit(import_task, path, a, b, default_tz, pure=False): n for n, (path, a, b) in enumerate(tasks)
    }
    done: dict[int, TaskResult] = {}
    next_up = 0
    for fut in as_completed(list(futures)):
        done[futures[fut]] = fut.result()
        fut.release()
        # written in task order (file order, as one process would), whatever order the tasks finish in:
        # the archive is the same as a single-process import's, whichever worker was fast or killed
        while next_up in done:
            result = done.pop(next_up)
            next_up += 1
            timing["tasks"] += 1
            timing["read_s"] += result.read_s
            timing["parse_s"] += result.parse_s
            if result.error:
                summary.problems += 1
                report(f"{result.task}: the task failed ({result.error.splitlines()[0]}); its input was not imported")
                log.error("task %s failed: %s", result.task, result.error)
            for p in result.problems:
                summary.problems += 1
                report(f"{p.where}: {p.message}")
            summary.records += result.records
            summary.skipped += result.skipped
            w = time.perf_counter()
            _write(result.items, archive, summary, report, batch)
            timing["write_s"] += time.perf_counter() - w
            if progress:
                progress(summary)
    return timing


def _write(
    items: list[tuple[Capture, Parsed]],
    archive: Archive,
    summary: ImportSummary,
    report: Callable[[str], None],
    batch: int,
) -> None:
    for i in range(0, len(items), batch):
        with archive.batch():
            for capture, parsed in items[i : i + batch]:
                summary.captures += 1
                if archive.imported(capture.url, capture.captured_at):  # a rerun after the client was killed
                    summary.counts["already imported"] = summary.counts.get("already imported", 0) + 1
                    continue
                store_capture(capture, parsed, archive, summary, report)


# ---- shards ----


def shard_task(path: str, start: int, end: int | None, default_tz: str | None, shard_dir: str) -> TaskResult:
    """Read, parse and write one split into an archive shard of its own (on a worker)."""
    result = import_task(path, start, end, default_tz)
    if result.error:
        return result
    # the same split always writes the same shard (a rerun adds nothing to it)
    name = "shard-" + hashlib.sha256(f"{path}:{start}:{end}".encode()).hexdigest()[:16] + ".db"
    summary = ImportSummary(run_id=new_run_id())
    try:
        with Archive(Path(shard_dir) / name) as shard:
            shard.start_run(summary.run_id, [], os.getpid(), command="import-warc")
            _write(result.items, shard, summary, result.lines.append, BATCH)
            shard.finish_run(
                summary.run_id,
                "ok" if summary.ok else "failures",
                {**summary.counts, "discovered": summary.captures},
                [],
            )
    except Exception as exc:  # noqa: BLE001 - reported by the client, counted
        result.error = f"{type(exc).__name__}: {exc}"
    result.items = []  # nothing travels back but counts and report lines
    result.counts, result.captures = summary.counts, summary.captures
    return result


def import_to_shards(
    client: Any,
    files: list[Path],
    shard_dir: Path,
    *,
    default_tz: str | None = None,
    report: Callable[[str], None] = lambda line: None,
    split_bytes: int | None = None,
) -> ImportSummary:
    from distributed import as_completed

    shard_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    summary = ImportSummary(run_id=new_run_id(), files=len(files))
    futures = [
        client.submit(shard_task, p, a, b, default_tz, str(shard_dir.resolve()), pure=False)
        for p, a, b in splits(files, split_bytes or split_size(client, files))
    ]
    for fut in as_completed(futures):
        result: TaskResult = fut.result()
        if result.error:
            summary.problems += 1
            report(f"{result.task}: the task failed ({result.error.splitlines()[0]})")
        for p in result.problems:
            summary.problems += 1
            report(f"{p.where}: {p.message}")
        for line in result.lines:
            report(line)
        summary.records += result.records
        summary.skipped += result.skipped
        summary.captures += result.captures
        for outcome, n in result.counts.items():
            summary.counts[outcome] = summary.counts.get(outcome, 0) + n
    summary.seconds = time.monotonic() - started
    return summary


# ---- reparse ----


def reparse_task(
    db_path: str, ids: list[int], default_tz: str | None, force: bool, warc_dirs: list[str] | None = None
) -> dict:
    """Re-extract a range of articles from the archive's stored pages (on a worker, reading the archive
    read-only over a shared filesystem); only records made by another extractor are parsed.
    Returns {"items": [(article id, page URL, Parsed)], "current": n, "no_page": n}."""
    from .reparse import pages_to_parse

    out: dict = {"items": [], "current": 0, "no_page": 0}
    with Archive(db_path, create=False) as archive:
        archive.warc_dirs = [Path(d) for d in warc_dirs or []]
        candidates = archive.reparse_candidates(ids=ids)
        for job in pages_to_parse(archive, candidates, force, out):
            parsed = job.unreadable or parse_page(job.page_url, job.raw, job.charset, default_tz)
            out["items"].append((job.article_id, job.page_url, parsed))
    return out
