"""Bulk jobs: import-warc, merge, reparse (locally or on a Dask cluster)."""

from __future__ import annotations

import shlex
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import _lazy
from ..config import RunSettings
from ..errors import ArchiveError, NewsgrabError
from ..report import safe
from ..store.queries import parse_when
from .app import (
    Failure,
    UsageProblem,
    cluster_option,
    db_option,
    defaults_or_exit,
    jobs_default,
    jobs_option,
    main,
    open_archive,
    settings_or_exit,
    tz_option,
)
from .render import Ticker

if TYPE_CHECKING:
    from ..warc_import import ImportSummary


@main.command("import-warc")
@click.argument("paths", nargs=-1, required=True, metavar="FILE|DIR...")
@db_option
@jobs_option
@click.option(
    "--store-pages",
    is_flag=True,
    help="Copy each page into the archive (packed) instead of pointing "
    "at its WARC file: for WARC files you will not keep.",
)
@cluster_option
@click.option(
    "--shards",
    "shard_dir",
    metavar="DIR",
    help="With --cluster: each task writes an archive shard in DIR (join them with `newsgrab merge`).",
)
@tz_option
def import_warc(paths, db_path, jobs, store_pages, cluster, shard_dir, default_tz):
    """Archive the article pages held in WARC files, as if fetched at their WARC-Date.

    Reads WARC files written by anyone (newsgrab --warc, wget --warc-file, warcio, Heritrix, Common
    Crawl's CC-NEWS), gzipped or not; a directory is searched for *.warc and *.warc.gz. HTML responses
    with status 200 are parsed and archived; the pages stay in the WARC files (the archive points at
    them: keep the files, or use --store-pages). Importing the same capture again changes nothing.
    Each page not archived gets one line (URL and why); a page that holds no story (a listing, a front
    page) is counted as "no article", not as a failure. With --shards the pages go to archive shards
    in DIR, not to --db: join them with `newsgrab merge DIR --into ARCHIVE`.
    Exit 0 when every record was read and every page archived or found to hold no story, 1 when a
    record was unreadable or newsgrab failed on a page, 2 on a usage error.
    """
    settings = settings_or_exit(defaults_or_exit(db_path), timezone=default_tz, cluster=cluster)
    try:
        files = _lazy.warc_import.warc_files(paths)
    except _lazy.warc_import.ImportProblem as exc:
        raise UsageProblem(str(exc)) from None
    if not files:
        raise UsageProblem(f"no WARC files (*.warc, *.warc.gz) in {', '.join(paths)}")
    if shard_dir and not settings.cluster:
        raise UsageProblem("--shards needs --cluster (use --cluster local for this machine)")
    if shard_dir:
        target = Path(shard_dir)
        if target.exists() and not target.is_dir():
            raise UsageProblem(f"--shards {shard_dir}: a file is there; give a folder for the shards (made if new)")
        if not target.exists() and not target.parent.is_dir():
            raise UsageProblem(f"--shards {shard_dir}: directory {target.parent} does not exist")
    if settings.cluster:
        return _import_on_cluster(settings, files, db_path, jobs, shard_dir)
    archive = open_archive(db_path, create=True, discard_unused=True)
    stop = _lazy.run.StopFlag()
    stop.install()
    ticker = Ticker("importing")

    def show(s: ImportSummary) -> None:
        rate = s.records / max(time.monotonic() - t0, 1e-6)
        ticker.show(
            f"{s.records} records, {sum(s.counts.values())} pages stored, {s.skipped} skipped, {rate:.0f} records/s"
        )

    t0 = time.monotonic()
    try:
        summary = _lazy.warc_import.import_warcs(
            files,
            archive,
            jobs=jobs_default(jobs),
            default_tz=settings.timezone,
            report=ticker.say,
            progress=show,
            should_stop=lambda: stop.stopped,
            store_pages=store_pages,
        )
    except NewsgrabError as exc:
        raise Failure(str(exc)) from None
    finally:
        ticker.close()
        archive.close()
    click.echo(safe(summary.line()) + ("  (stopped)" if stop.stopped else ""), err=True)
    if not summary.ok or stop.stopped:
        sys.exit(1)


def _import_on_cluster(
    settings: RunSettings, files: list[Path], db_path: str, jobs: int | None, shard_dir: str | None
) -> None:
    from ..cluster import ClusterError, connect, import_on_cluster, import_to_shards

    ticker = Ticker("importing")

    def report(line: str) -> None:
        ticker.close()
        click.echo(safe(line), err=True)

    try:
        with connect(settings.cluster or "local", jobs) as client:  # unreachable: exit 2, nothing written
            if shard_dir:
                summary = import_to_shards(client, files, Path(shard_dir), default_tz=settings.timezone, report=report)
            else:
                with open_archive(db_path, create=True, discard_unused=True) as archive:
                    summary, timing = import_on_cluster(
                        client,
                        files,
                        archive,
                        default_tz=settings.timezone,
                        report=report,
                        progress=lambda s: ticker.show(
                            f"{s.records} records, {sum(s.counts.values())} pages stored, {s.skipped} skipped"
                        ),
                    )
                    ticker.close()
                    click.echo(
                        f"time: read {timing['read_s']:.1f} s and parse {timing['parse_s']:.1f} s on the "
                        f"workers ({timing['tasks']} tasks), write {timing['write_s']:.1f} s here",
                        err=True,
                    )
    except ClusterError as exc:
        raise UsageProblem(str(exc)) from None
    except NewsgrabError as exc:
        raise Failure(str(exc)) from None
    finally:
        ticker.close()
    click.echo(safe(summary.line()), err=True)
    if shard_dir:  # the pages went to the shards, not to --db: say where, and what comes next
        count = len(list(Path(shard_dir).glob("shard-*.db")))
        click.echo(
            safe(
                f"{count} shards in {shard_dir} (nothing was written to {db_path}); next: "
                f"newsgrab merge {shlex.quote(shard_dir)} --into {shlex.quote(db_path)}"
            ),
            err=True,
        )
    if not summary.ok:
        sys.exit(1)


@main.command("merge")
@click.argument("shards", nargs=-1, required=True, metavar="SHARD...")
@click.option("--into", "into", required=True, metavar="ARCHIVE", help="The archive to merge into (created if new).")
def merge_cmd(shards, into):
    """Merge archive shards (from import-warc --shards, or any newsgrab archives) into one.

    Versions are replayed in capture order, so a story's history interleaves across shards; ranking
    snapshots and the fetch log are added where missing. Merging a shard twice changes nothing.
    """
    from ..merge import merge

    paths: list[str] = []
    for given in shards:
        p = Path(given)
        paths += sorted(str(x) for x in p.glob("*.db")) if p.is_dir() else [given]
    missing = [p for p in paths if not Path(p).is_file()]
    if missing or not paths:
        raise UsageProblem(f"no such shard: {missing[0]}" if missing else "no shards (*.db) found")
    for path in paths:  # said before the target is touched, in the words of merge (not of --db)
        problem = _not_a_shard(path)
        if problem:
            raise UsageProblem(problem)
        try:  # schema, tables: an input from elsewhere is checked before the target is touched
            _lazy.store.check_shard(path)
        except ArchiveError as exc:
            raise UsageProblem(safe(str(exc))) from None
    try:
        target = open_archive(into, create=True, discard_unused=True)
    except UsageProblem as exc:  # the target's problem, in the words of merge: --into, not --db
        raise UsageProblem(exc.format_message().replace("--db", "--into")) from None
    with target:
        try:
            summary = merge(paths, target, report=lambda line: click.echo(safe(line), err=True))
        except ArchiveError as exc:  # a shard that is SQLite but no newsgrab archive, or damaged
            raise UsageProblem(str(exc).replace("give another --db path", "merge takes newsgrab archives")) from None
        except NewsgrabError as exc:
            raise Failure(str(exc)) from None
    click.echo(summary.line(), err=True)
    if not summary.ok:  # something from the shards was refused (each said in a line above)
        sys.exit(1)


def _not_a_shard(path: str) -> str | None:
    """Why a file given to merge is no newsgrab archive, from its first bytes; None when it is SQLite."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        return f"{path}: cannot read ({exc.strerror})"
    if head.startswith(b"SQLite format 3\x00"):
        return None
    if head.startswith(b"WARC/") or head.startswith(b"\x1f\x8b"):
        return f"{path}: a WARC file, not a newsgrab archive (did you mean: newsgrab import-warc {path}?)"
    return f"{path}: not a newsgrab archive (merge takes archives made by newsgrab, e.g. import-warc --shards)"


@main.command("reparse")
@db_option
@click.option("--site", metavar="HOST", help="Only this site (host name).")
@click.option("--since", metavar="WHEN", help="Only articles seen since then (a date, ISO time, or 7d / 12h / 2w).")
@click.option("--url", metavar="URL", help="Only this article.")
@click.option(
    "--dry-run", is_flag=True, help="Write nothing; print per site how many records would change, and which fields."
)
@click.option("--force", is_flag=True, help="Re-extract records the current extractor made too.")
@jobs_option
@click.option(
    "--warc-dir",
    "warc_dirs",
    multiple=True,
    metavar="DIR",
    help="Look here (by relative path, then by name) for WARC files no longer where the archive "
    "says; repeatable. The config's warc_dir is searched too.",
)
@cluster_option
@tz_option
def reparse_cmd(db_path, site, since, url, dry_run, force, jobs, warc_dirs, cluster, default_tz):
    """Re-extract archived articles from their stored raw pages with the current extractor.

    Each record notes the extractor that made it; records made by an older one are parsed again from
    the newest raw page kept (in the archive or in its WARC file) and updated in place when the result
    differs. That is not a new version of the story (the page did not change): it is logged in the
    `reparses` table. Safe to stop and rerun: done records are skipped. Exit 0 when every record could
    be re-derived or was current, 1 when any failed (its old record is kept), 2 on a usage error.
    """
    settings = settings_or_exit(defaults_or_exit(db_path), timezone=default_tz, cluster=cluster)
    try:
        since_at = parse_when(since) if since else None
    except _lazy.export.ExportError as exc:
        raise UsageProblem(str(exc)) from None
    with ExitStack() as stack:
        client = None
        if settings.cluster:
            from ..cluster import ClusterError, connect

            try:
                client = stack.enter_context(connect(settings.cluster, jobs))
            except ClusterError as exc:
                raise UsageProblem(str(exc)) from None
        archive = stack.enter_context(open_archive(db_path, create=True))
        archive.warc_dirs = [Path(d).expanduser().resolve() for d in warc_dirs] + (
            [Path(settings.warc_dir).expanduser().resolve()] if settings.warc_dir else []
        )
        stop = _lazy.run.StopFlag()
        stop.install()
        ticker = Ticker("reparsing")
        stack.callback(ticker.close)
        try:
            if url and not archive.reparse_candidates(url=url):
                raise Failure(f"no article {safe(url)!r} in {db_path}")
            summary = _lazy.reparse.reparse(
                archive,
                site=site,
                since=since_at,
                url=url,
                dry_run=dry_run,
                force=force,
                jobs=jobs_default(jobs),
                default_tz=settings.timezone,
                report=ticker.say,
                progress=lambda s, total: ticker.show(f"{s.done}/{total} records, {s.changed} changed"),
                should_stop=lambda: stop.stopped,
                client=client,
            )
        except NewsgrabError as exc:
            raise Failure(str(exc)) from None
    for name, n in summary.sites.most_common():
        fields = ", ".join(f"{f} {c}" for f, c in summary.fields[name].most_common())
        click.echo(f"{safe(name)}: {n} records {'would change' if dry_run else 'changed'} ({fields})")
    click.echo(summary.line(dry_run) + ("  (stopped)" if stop.stopped else ""), err=True)
    if summary.failed or stop.stopped:
        sys.exit(1)
