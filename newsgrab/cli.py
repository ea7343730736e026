"""The command line: click commands over the library. Parses options, calls one function, prints."""

from __future__ import annotations

import os
import re
import shlex
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__, _lazy
from .config import EXAMPLE, ConfigError, RunSettings, config_defaults, merge_settings, resolve_sources
from .defaults import DEFAULT_DB, MAX_PAGE_BYTES, USER_AGENT
from .errors import ArchiveError, NewsgrabError
from .localtime import local, site_zone
from .report import Event, EventLog, dumps, safe
from .sites import profiles
from .store.queries import parse_when

if TYPE_CHECKING:
    from .model import Article
    from .pipeline import ItemResult
    from .store import Archive
    from .warc import WarcRecorder
    from .warc_import import ImportSummary


class Failure(click.ClickException):
    """An expected failure: one line on stderr, exit code 1, no traceback."""

    exit_code = 1

    def show(self, file=None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


class UsageProblem(click.UsageError):
    """A usage or configuration mistake: one line on stderr, exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


class _Main(click.Group):
    """The command group: an expected error (a NewsgrabError: a damaged record, an unreadable page, a locked
    archive) that a command did not say in its own words is still one line and exit 1, never a traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except NewsgrabError as exc:
            raise Failure(safe(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)) from None


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgrab")
def main() -> None:
    """newsgrab: scrape news articles into a clean SQLite archive.

    \b
    Exit codes: 0 success, 1 a page or URL failed, 2 usage or configuration
    error, 75 (archive) another run holds the lock.
    """
    try:
        profiles()  # a broken profile or $NEWSGRAB_SITES is a configuration error, said once, up front
    except NewsgrabError as exc:
        raise UsageProblem(str(exc)) from None


def tz_option(fn):
    # no envvar= here: click would let NEWSGRAB_TZ beat the config file; merge_settings reads it last
    return click.option(
        "--default-tz",
        metavar="ZONE",
        help="Zone for times a page prints without one, when its site profile gives none "
        "(IANA name, e.g. Europe/Berlin). When not given: the config's [defaults] "
        "timezone, then env NEWSGRAB_TZ. Without any, such times stay naive, with a "
        "warning.",
    )(fn)


def settings_or_exit(defaults: dict, **given):
    try:
        return merge_settings(defaults, **given)
    except ConfigError as exc:
        raise UsageProblem(str(exc)) from None


@main.command()
@click.argument("source")
@click.option("--url", "page_url", metavar="URL", help="The page's address, when SOURCE is a file or stdin.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "text"]),
    default=None,
    help="Output format (default: text on a terminal, JSON otherwise).",
)
@click.option("--explain", is_flag=True, help="Show which layer (json-ld, meta, profile, generic) gave each field.")
@click.option("--ignore-robots", is_flag=True, help="Fetch a URL robots.txt disallows (you take responsibility).")
@tz_option
def parse(
    source: str, page_url: str | None, fmt: str | None, explain: bool, ignore_robots: bool, default_tz: str | None
) -> None:
    """Parse one article page and print its record.

    SOURCE is a saved HTML file, - for standard input, or an http(s) URL (fetched once).
    Exit 0 with the record, 1 when the page holds no article or cannot be had, 2 on a usage error.
    """
    default_tz = settings_or_exit({}, timezone=default_tz).timezone
    data, page_url, charset = _read_source(source, page_url, ignore_robots)
    try:
        article = _lazy.extract.parse_article(data, page_url, charset=charset, default_tz=default_tz)
    except NewsgrabError as exc:
        raise Failure(f"{safe(source)}: {exc}") from None
    except Exception as exc:  # a bug in newsgrab: say so, with the traceback, never as "no article"
        import traceback

        click.echo(traceback.format_exc(), err=True)
        raise Failure(
            f"{safe(source)}: newsgrab crashed parsing this page ({type(exc).__name__}: {exc}); "
            "please report it with the page"
        ) from None
    fmt = fmt or ("text" if sys.stdout.isatty() else "json")
    if fmt == "json":
        record = article.to_dict()
        if not explain:
            record.pop("sources", None)
        click.echo(dumps(record, indent=2))
    else:
        click.echo(safe(render_text(article, explain)))


def _read_source(
    source: str, page_url: str | None, ignore_robots: bool = False
) -> tuple[bytes, str | None, str | None]:
    if source == "-":
        return sys.stdin.buffer.read(), page_url, None
    if "://" in source and not source.startswith("file:"):
        from .fetch import fetch_page

        try:
            page = fetch_page(source, obey_robots=not ignore_robots)
        except NewsgrabError as exc:
            raise Failure(safe(str(exc))) from None
        return page.content, page_url or page.final_url, page.charset
    from .fetch import read_local

    if not Path(source).expanduser().exists():
        raise UsageProblem(f"no such file: {source} (give a saved HTML file, - for stdin, or a URL)")
    try:
        page = read_local(source)
    except NewsgrabError as exc:
        raise Failure(str(exc)) from None
    return page.content, page_url, None


def render_text(a: Article, explain: bool = False) -> str:
    """The record as a person reads it."""
    lines = [a.headline or "(no headline)"]
    by = " / ".join(x for x in (", ".join(a.authors), a.credit) if x)
    if by:
        lines.append(f"By {by}" if a.authors else by)
    if a.published:
        lines.append(
            f"Published: {a.published.isoformat()}" + (f"   Modified: {a.modified.isoformat()}" if a.modified else "")
        )
    if a.dateline:
        lines.append(f"Dateline: {a.dateline}")
    if a.section_path or a.section:
        lines.append(f"Section: {' > '.join(a.section_path) or a.section}")
    if a.tags:
        lines.append(f"Tags: {', '.join(a.tags)}")
    meta = [x for x in (a.url, a.language, a.access and f"access: {a.access}") if x]
    lines.append("   ".join(meta))
    for img in a.images:
        lines.append(
            f"Image: {img.url}"
            + "".join(f"\n  {k}: {v}" for k, v in (("caption", img.caption), ("credit", img.credit)) if v)
        )
    for w in a.warnings:
        lines.append(f"Warning: {w}")
    lines += ["", a.body or "(no body)"]
    for r in a.rankings:
        lines += ["", f"[{r.name}]"] + [f"  {i.position}. {i.title}  <{i.url}>" for i in r.items]
    if explain:
        lines += ["", "Sources:"] + [f"  {k:<13} {v}" for k, v in a.sources.items()]
        if a.profile:
            lines.append(f"  (site profile: {a.profile})")
    return "\n".join(lines)


def db_option(fn):
    return click.option(
        "--db",
        "db_path",
        envvar="NEWSGRAB_DB",
        default=DEFAULT_DB,
        show_default=True,
        metavar="PATH",
        help="The archive database (env NEWSGRAB_DB).",
    )(fn)


class ByteSize(click.ParamType):
    """A size in bytes: 1000000, 500M, 1G, 64k (powers of 1024)."""

    name = "SIZE"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        if isinstance(value, int):
            return value
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", str(value), re.I)
        if not m or float(m.group(1)) <= 0:
            self.fail(f"{value!r} is not a size (examples: 500M, 1G, 1000000)", param, ctx)
        return int(float(m.group(1)) * 1024 ** " kmgt".index((m.group(2) or " ").lower()))


def warc_options(f):  # type: ignore[no-untyped-def]
    f = click.option(
        "--warc-max-size",
        type=ByteSize(),
        default=None,
        metavar="SIZE",
        help="Start a new WARC file after this size [default: 1G].",
    )(f)
    return click.option(
        "--warc",
        "warc_dir",
        metavar="DIR",
        help="Also keep every HTTP exchange (pages, feeds, robots.txt) as WARC files in DIR.",
    )(f)


def cluster_option(f):  # type: ignore[no-untyped-def]
    return click.option(
        "--cluster",
        metavar="ADDRESS",
        help="Parse on a Dask cluster: tcp://host:8786, or 'local' (one worker per core); "
        "needs newsgrab[cluster] [config: cluster].",
    )(f)


def defaults_or_exit(db_path: str) -> dict:
    try:
        return config_defaults(db_path)
    except ConfigError as exc:
        raise UsageProblem(str(exc)) from None


def open_recorder(settings: RunSettings) -> WarcRecorder | None:
    """The WARC recorder the settings ask for, or None; a directory that cannot be written is exit 2."""
    if not settings.warc_dir:
        return None
    try:
        recorder = _lazy.warc.WarcRecorder(Path(settings.warc_dir).expanduser(), settings.warc_max_size)
    except _lazy.warc.WarcError as exc:
        raise UsageProblem(str(exc)) from None
    for path in recorder.recovered:
        click.echo(safe(f"closed {path.name}: a killed run left it open (cut after its last whole record)"), err=True)
    return recorder


def open_archive(
    path: str, *, create: bool, busy_timeout: float | None = None, discard_unused: bool = False
) -> Archive:
    """The archive for writing (create=True) or reading (read-only); a problem is one line, exit 2.

    With discard_unused, an archive this command creates is removed again when the command ends with
    no article stored in it (a fetch that failed, an import of no WARC): no empty archive is left for
    `show` to find instead of saying there is none."""
    existed = os.path.lexists(path)
    try:
        archive = _lazy.store.Archive(path, create=create, busy_timeout=busy_timeout)
    except ArchiveError as exc:
        raise UsageProblem(str(exc)) from None
    if create and discard_unused and not existed:
        ctx = click.get_current_context(silent=True)
        if ctx is not None:  # runs once the command is done and has closed the archive, whatever its outcome
            ctx.call_on_close(lambda: _lazy.store.discard_if_empty(path))
    return archive


@main.command()
@click.argument("urls", nargs=-1, metavar="URL... [-]")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print each archived record as one JSON line on stdout.")
@click.option("--force", is_flag=True, help="Fetch in full even when the server could answer 'not modified'.")
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    metavar="S",
    help="Seconds between two requests to one host (robots.txt Crawl-delay wins when larger).",
)
@click.option("--ignore-robots", is_flag=True, help="Fetch pages robots.txt disallows (you take responsibility).")
@click.option("--no-raw", is_flag=True, help="Do not keep the raw HTML of changed pages.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=8,
    show_default=True,
    help="Hosts fetched at once (one request at a time per host).",
)
@click.option("--user-agent", default=USER_AGENT, show_default=True, help="User-Agent header to send.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=30.0,
    show_default=True,
    metavar="S",
    help="Seconds to wait for a server to answer (a whole page may take 4x this).",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1024),
    default=MAX_PAGE_BYTES,
    show_default=True,
    help="Largest page accepted (decoded bytes).",
)
@click.option(
    "--busy-timeout",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    metavar="S",
    help="Seconds a write waits while another process holds the archive's write lock.",
)
@tz_option
@warc_options
def fetch(
    urls,
    db_path,
    as_json,
    force,
    delay,
    ignore_robots,
    no_raw,
    workers,
    user_agent,
    timeout,
    max_bytes,
    busy_timeout,
    default_tz,
    warc_dir,
    warc_max_size,
):
    """Download article pages, parse them and save them in the archive.

    URLs are http(s) addresses or saved HTML files (a path or file: URL); - reads URLs from stdin, one a line.
    Prints one line per URL on stderr. Exit 0 when every URL was archived or unchanged; 1 when any failed,
    when none was archived (all skipped by robots.txt), or when stopped by Ctrl-C / SIGTERM (what was in
    flight is saved; a second Ctrl-C ends at once); 2 on a usage error.
    """
    targets = read_targets(urls)
    if not targets:
        raise UsageProblem("no URL given (pass URLs, or - to read them from stdin)")
    settings = settings_or_exit(
        defaults_or_exit(db_path), timezone=default_tz, warc_dir=warc_dir, warc_max_size=warc_max_size
    )
    if ignore_robots:
        click.echo("warning: --ignore-robots: robots.txt rules are NOT being obeyed", err=True)
    options = _lazy.fetch.FetchOptions(
        user_agent=user_agent, delay=delay, obey_robots=not ignore_robots, read_timeout=timeout, max_bytes=max_bytes
    )
    archive = open_archive(db_path, create=True, busy_timeout=busy_timeout, discard_unused=True)
    recorder = open_recorder(settings)
    stop = _lazy.run.StopFlag()
    stop.install()
    counts = {"ok": 0, "failed": 0, "other": 0}
    outcomes: dict[str, int] = {}
    not_sent = 0
    try:
        fetcher = _lazy.fetch.Fetcher(options, recorder=recorder)
        results = _lazy.pipeline.archive_urls(
            targets,
            archive,
            fetcher,
            run_id=_lazy.store.new_run_id(),
            force=force,
            keep_raw=not no_raw,
            workers=workers,
            should_stop=lambda: stop.stopped,
            default_tz=settings.timezone,
        )
        with progress(len(targets)) as bar:
            for item in results:
                bar.update(1)
                if item.outcome == "not fetched":
                    not_sent += 1  # said once, below, not once per URL
                    continue
                counts["ok" if item.ok else "failed" if item.failed else "other"] += 1
                outcomes[item.outcome] = outcomes.get(item.outcome, 0) + 1
                click.echo(describe(item), err=True)
                if as_json and item.article is not None:
                    click.echo(dumps({"id": item.article_id, "outcome": item.outcome, **item.article.to_dict()}))
    except NewsgrabError as exc:
        raise Failure(str(exc)) from None
    finally:
        archive.close()
        if recorder is not None:
            recorder.close()
    if len(targets) > 1:
        click.echo(
            f"{len(targets)} URLs: "
            + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
            + (f", not fetched {not_sent}" if not_sent else ""),
            err=True,
        )
    if stop.stopped:
        click.echo(
            f"stopped: {counts['ok']} archived or current; {not_sent} URLs not fetched were left alone", err=True
        )
    if counts["failed"] or stop.stopped or not counts["ok"]:
        sys.exit(1)


def read_targets(urls: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for u in urls:
        if u == "-":
            out += [line.strip() for line in sys.stdin if line.strip() and not line.startswith("#")]
        else:
            out.append(u)
    return list(dict.fromkeys(out))


def describe(item: ItemResult) -> str:
    """One line per URL: outcome, URL, and the headline or the reason (made safe for a terminal)."""
    label = item.outcome if item.outcome != "updated" else f"updated v{item.version}"
    tail = item.headline or ""
    if item.outcome == "updated" and item.changed:
        tail += f"  (changed: {', '.join(item.changed)})"
    if item.error:
        tail = item.error.removeprefix(item.url + ": ")
    return safe(f"{label:<17} {item.url}  {tail}".rstrip(), newlines=False)


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n: int) -> None:
        pass


def progress(total: int):
    """A progress bar on a terminal; nothing when stderr is a file or a pipe (cron, logs)."""
    if total > 1 and sys.stderr.isatty():
        return click.progressbar(length=total, label="fetching", file=sys.stderr)
    return _NoBar()


class Ticker:
    """One status line rewritten in place on a terminal (at most 5 times a second); nothing otherwise."""

    def __init__(self, label: str):
        self.label = label
        self.on = sys.stderr.isatty()
        self._last = 0.0
        self._shown = False

    def show(self, text: str, force: bool = False) -> None:
        now = time.monotonic()
        if self.on and (force or now - self._last >= 0.2):
            self._last = now
            self._shown = True
            click.echo(f"\r\033[K{self.label}: {text}", err=True, nl=False)

    def close(self) -> None:
        if self._shown:
            click.echo("\r\033[K", err=True, nl=False)

    def say(self, line: str) -> None:
        """A line of its own on stderr (escaped for the terminal), the status line cleared first."""
        self.close()
        click.echo(safe(line), err=True)


def jobs_default(jobs: int | None) -> int:
    return jobs or os.cpu_count() or 1


@main.command("import-warc")
@click.argument("paths", nargs=-1, required=True, metavar="FILE|DIR...")
@db_option
@click.option(
    "--jobs",
    type=click.IntRange(1, 256),
    default=None,
    metavar="N",
    help="Worker processes that parse pages [default: one per core].",
)
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
    from .cluster import ClusterError, connect, import_on_cluster, import_to_shards

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
    from .merge import merge

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
@click.option(
    "--jobs",
    type=click.IntRange(1, 256),
    default=None,
    metavar="N",
    help="Worker processes that parse pages [default: one per core].",
)
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
            from .cluster import ClusterError, connect

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


# ---- rank history, edits, diff, serve ----


def output_format(as_json: bool, as_csv: bool, excel: bool = False) -> str:
    if as_json and as_csv:
        raise UsageProblem("choose one of --json and --csv")
    if excel and not as_csv:
        raise UsageProblem("--excel applies to --csv only")
    return "json" if as_json else "excel" if excel else "csv" if as_csv else "table"


EXCEL_OPTION = click.option(
    "--excel",
    is_flag=True,
    help="With --csv, for spreadsheets: a BOM, and cells starting "
    "with = + - @ prefixed with ' so that none runs as a "
    "formula.",
)


def emit(rows: list[dict], fmt: str, columns: list[str], headers: list[str] | None = None) -> None:
    """Rows as JSON lines, CSV (header first) or an aligned table for a person."""
    if fmt == "json":
        for r in rows:
            click.echo(dumps(r))
        return
    if fmt in ("csv", "excel"):
        import csv
        import io

        from .export import formula_safe

        terminal = sys.stdout.isatty()  # stored text is escaped for a terminal, written as it is to a file

        def cell(value: object) -> object:
            if isinstance(value, (list, dict)):
                value = dumps(value)
            if fmt == "excel":
                value = formula_safe(value)
            return safe(value) if terminal and isinstance(value, str) else value

        buf = io.StringIO()
        if fmt == "excel":
            buf.write("\ufeff")
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([cell(r.get(c)) for c in columns])
        click.echo(buf.getvalue(), nl=False)
        return
    heads = headers or columns
    cells = [[str(r.get(c) if r.get(c) is not None else "-") for c in columns] for r in rows]
    widths = [max([len(h), *(len(row[i]) for row in cells)]) for i, h in enumerate(heads)]
    widths[-1] = len(heads[-1])  # the last column is not padded
    click.echo(safe("  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)).rstrip()))
    for row in cells:
        click.echo(safe("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()))


@main.command("rankings")
@click.argument("list_name", metavar="[LIST]", required=False)
@db_option
@click.option("--site", metavar="HOST", help="The site whose list is meant (when two sites have one of that name).")
@click.option(
    "--at",
    "at",
    metavar="WHEN",
    help="The list as it stood then (a date, ISO time, or 2d / 12h ago) [default: the latest].",
)
@click.option("--story", metavar="URL|ID", help="One story's position in every list over time.")
@click.option("--since", metavar="WHEN", help="The window for --churn and --chart (a date, ISO time, or 7d / 12h).")
@click.option("--churn", is_flag=True, help="Per day: stories entering and leaving the list, the longest-running.")
@click.option(
    "--chart",
    "chart",
    metavar="FILE",
    help="Draw a bump chart of the list (or the --story) to FILE (.png, .svg or .html; needs newsgrab[charts]).",
)
@click.option("--json", "as_json", is_flag=True, help="JSON lines, for scripts.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row, for spreadsheets.")
@EXCEL_OPTION
def rankings_cmd(list_name, db_path, site, at, story, since, churn, chart, as_json, as_csv, excel):
    """The ranking lists beside the articles, over time.

    \b
    newsgrab rankings                          the lists the archive knows
    newsgrab rankings LIST [--at TIME]         that list as it stood then (default: now)
    newsgrab rankings --story URL|ID           a story's rank in every list over time
    newsgrab rankings LIST --since 7d --churn  entries, exits, longest-running, per day
    newsgrab rankings LIST --since 7d --chart rank.png

    One snapshot per list per run, whatever page it was seen on, so a series has no false gaps.
    Times are shown in the site's time zone. Exit 2 for an unknown list, story or time; 1 for no data
    (a story never listed, a time before the first snapshot, a chart with nothing in its window: no
    file is written).
    """
    fmt = output_format(as_json, as_csv, excel)
    try:
        at_sql = parse_when(at) if at else None
        since_sql = parse_when(since) if since else None
    except _lazy.export.ExportError as exc:
        raise UsageProblem(str(exc)) from None
    if chart:
        try:
            _lazy.charts.check_target(chart)
        except _lazy.charts.ChartError as exc:
            raise UsageProblem(str(exc)) from None
    if churn and not list_name:
        raise UsageProblem("--churn needs a LIST")
    with open_archive(db_path, create=False) as archive:
        try:
            if story:
                return _story_ranks(archive, story, fmt, chart)
            if not list_name:
                if chart:
                    raise UsageProblem("--chart needs a LIST or --story")
                return _all_lists(archive, site, fmt)
            name, site = _lazy.history.resolve_list(archive, list_name, site)
            if churn:
                return _churn(archive, name, site, since_sql, fmt)
            if chart:
                series = _lazy.history.list_series(archive, name, site, since_sql)
                _lazy.charts.bump_chart(series, chart, title=f"{name} — {site}", tz=site_zone(site))
                click.echo(f"wrote {chart}", err=True)
                return
            captured, items = _lazy.history.list_at(archive, name, site, at_sql, at_shown=at)
        except _lazy.history.NoData as exc:
            raise Failure(str(exc)) from None
        except _lazy.history.HistoryError as exc:
            raise UsageProblem(str(exc)) from None
        except _lazy.charts.ChartError as exc:
            raise Failure(str(exc)) from None
    if fmt == "table":
        click.echo(safe(f"{name} ({site}), captured {local(captured, site)}"))
    emit(
        [{"captured_at": captured, "site": site, "list": name, **i} for i in items],
        fmt,
        ["position", "title", "url"]
        if fmt == "table"
        else ["captured_at", "site", "list", "position", "title", "url", "article_id"],
        ["#", "title", "url"] if fmt == "table" else None,
    )


def _all_lists(archive: Archive, site: str | None, fmt: str) -> None:
    rows = _lazy.history.lists(archive, site)
    if not rows:
        click.echo(
            "The archive holds no ranking lists yet: they are recorded as pages that show them are "
            "fetched (newsgrab fetch / archive).",
            err=True,
        )
        return
    if fmt == "table":
        rows = [{**r, "first": local(r["first"], r["site"]), "last": local(r["last"], r["site"])} for r in rows]
    emit(
        rows,
        fmt,
        ["site", "list", "snapshots", "first", "last", "stories"],
        ["site", "list", "snapshots", "first capture", "last capture", "stories"] if fmt == "table" else None,
    )


def _story_ranks(archive: Archive, key: str, fmt: str, chart: str | None) -> None:
    url, series = _lazy.history.story_series(archive, key)
    if chart:
        site = series[0].site
        _lazy.charts.story_chart(
            series, chart, title=f"{_lazy.charts.short(series[0].title, 70)} — rank by list", tz=site_zone(site)
        )
        click.echo(f"wrote {chart}", err=True)
        return
    rows = [
        {
            "site": s.site,
            "list": s.name,
            "url": url,
            "first_seen": s.first_seen,
            "last_seen": s.last_seen,
            "best": s.best,
            "hours": round(s.hours, 1),
            "ranks": [{"at": t, "position": p} for t, p in s.points if p is not None],
        }
        for s in series
    ]
    if fmt == "table":
        click.echo(safe(f"{series[0].title}\n{url}\n"))
        rows = [
            {**r, "first_seen": local(s.first_seen, s.site), "trend": _lazy.charts.sparkline(s.points)}
            for r, s in zip(rows, series, strict=True)
        ]
        emit(
            rows,
            fmt,
            ["list", "first_seen", "best", "hours", "trend"],
            ["list", "first seen", "best", "hours in list", "rank over time"],
        )
        return
    emit(rows, fmt, ["site", "list", "url", "first_seen", "last_seen", "best", "hours", "ranks"])


def _churn(archive: Archive, name: str, site: str | None, since: str | None, fmt: str) -> None:
    days = _lazy.history.churn(archive, name, site, since, tz=site_zone(site))
    if not days:
        raise Failure(f"the list {name!r} has no snapshots in the window")
    if fmt == "table":
        click.echo(safe(f"{name} ({site}), per day ({site_zone(site)})"))
        short = _lazy.charts.short
        rows = [
            {
                **d,
                "longest": "; ".join(
                    f"{short(x['title'], 40)} ({x['hours']:.0f} h, best {x['best']})" for x in d["longest"]
                ),
            }
            for d in days
        ]
        emit(
            rows,
            fmt,
            ["day", "captures", "entries", "exits", "longest"],
            ["day", "captures", "entries", "exits", "longest-running"],
        )
        return
    emit(days, fmt, ["day", "captures", "entries", "exits", "longest"])


@main.command("edits")
@db_option
@click.option(
    "--since",
    default="1d",
    show_default=True,
    metavar="WHEN",
    help="Changes since then (a date, ISO time, or 1d / 12h / 2w).",
)
@click.option("--until", metavar="WHEN", help="Changes until then.")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, for scripts.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row.")
@EXCEL_OPTION
def edits_cmd(db_path, since, until, as_json, as_csv, excel):
    """Stories changed in a window, with the size of each change (words added and removed, headline
    changed or not), newest first. See one with `newsgrab diff ID`."""
    fmt = output_format(as_json, as_csv, excel)
    try:
        since_sql, until_sql = parse_when(since), (parse_when(until, end=True) if until else None)
    except _lazy.export.ExportError as exc:
        raise UsageProblem(str(exc)) from None
    with open_archive(db_path, create=False) as archive:
        rows = _lazy.history.edits(archive, since_sql, until_sql)
    if not rows:
        click.echo(f"no story changed since {since}", err=True)
        return
    if fmt == "table":
        rows = [
            {
                **r,
                "at": local(r["at"], r["site"]),
                "words": f"+{r['words_added']} -{r['words_removed']}",
                "headline_changed": "yes" if r["headline_changed"] else "no",
            }
            for r in rows
        ]
        emit(
            rows,
            fmt,
            ["at", "article_id", "version", "words", "headline_changed", "headline"],
            ["when", "id", "v", "words", "headline changed", "headline"],
        )
        return
    emit(
        rows,
        fmt,
        ["at", "article_id", "version", "url", "site", "words_added", "words_removed", "headline_changed", "headline"],
    )


@main.command("diff")
@click.argument("key", metavar="URL|ID")
@db_option
@click.option(
    "--from",
    "v_from",
    type=click.IntRange(min=1),
    metavar="N",
    help="The older version [default: the one before --to].",
)
@click.option("--to", "v_to", type=click.IntRange(min=1), metavar="M", help="The newer version [default: the latest].")
@click.option("--html", "html_out", metavar="FILE", help="Write the diff as a self-contained HTML page to FILE.")
@click.option("--color/--no-color", default=None, help="Colour the diff [default: on a terminal].")
def diff_cmd(key, db_path, v_from, v_to, html_out, color):
    """What changed between two versions of a story: headline and body, word by word.

    On a terminal removed words are red and added words green; otherwise git's word-diff markup,
    [-removed-]{+added+}. Unchanged paragraphs are folded. Exit 2 for an unknown story or version.
    """
    with open_archive(db_path, create=False) as archive:
        try:
            row, old, new = _lazy.history.version_pair(archive, key, v_from, v_to)
        except _lazy.history.HistoryError as exc:
            raise UsageProblem(str(exc)) from None
    site = row.get("site")
    if old["version"] == new["version"]:
        click.echo(
            safe(
                f"{row['url']}: only one version (v{new['version']}, "
                f"{local(new['fetched_at'], site)}); nothing to compare"
            ),
            err=True,
        )
        return
    subtitle = (
        f"{row['url']}  v{old['version']} ({local(old['fetched_at'], site)}) → v{new['version']} "
        f"({local(new['fetched_at'], site)})"
    )
    headline = _lazy.diffing.word_diff(old.get("headline") or "", new.get("headline") or "")
    blocks = _lazy.diffing.body_diff(old.get("body") or "", new.get("body") or "")
    other = [
        f"{f}: {dumps(old.get(f))} → {dumps(new.get(f))}"
        for f in ("authors", "byline", "credit", "published", "section", "tags")
        if old.get(f) != new.get(f)
    ]
    if html_out:
        page = _lazy.diffing.render_html(row.get("headline") or row["url"], subtitle, headline, blocks, other)
        try:
            with _lazy.export.atomic_output(html_out) as f:
                f.write(page)
        except _lazy.export.ExportError as exc:
            raise Failure(str(exc)) from None
        except OSError as exc:
            raise Failure(f"cannot write {html_out}: {exc.strerror or exc}") from None
        click.echo(f"wrote {html_out}", err=True)
        return
    colour = sys.stdout.isatty() if color is None else color
    click.echo(safe(subtitle))
    click.echo(safe(_lazy.diffing.render_text(headline, colour)))
    for line in other:
        click.echo(safe(f"  {line}"))
    click.echo()
    if old == new or (old.get("body") == new.get("body") and old.get("headline") == new.get("headline")):
        click.echo("(headline and body are the same in both versions)")
        return
    click.echo(safe(_lazy.diffing.render_blocks(blocks, colour)))


@main.command("serve")
@db_option
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every network).")
@click.option("--open", "open_browser", is_flag=True, help="Open the archive in a web browser.")
@click.option(
    "--sql",
    "allow_sql",
    is_flag=True,
    help="Allow arbitrary SQL queries (the SQL box, ?sql=): off by "
    "default, so whoever reaches the port gets the tables and "
    "canned queries only.",
)
def serve_cmd(db_path, port, host, open_browser, allow_sql):
    """Browse the archive in Datasette: tables described, search, facets, and canned queries (rank
    history of a story, lists right now, stories edited today, most-edited stories, search).
    Needs newsgrab[web]. Datasette reads the archive read-only (mode=ro), so archive runs can go on
    writing to it meanwhile. Requests must name the host it listens on (a page elsewhere cannot reach
    it by DNS rebinding); arbitrary SQL is off unless --sql."""
    try:
        _lazy.web.serve(db_path, host=host, port=port, open_browser=open_browser, allow_sql=allow_sql)
    except _lazy.web.WebError as exc:  # no archive, a folder, the port taken: the user's to fix
        raise UsageProblem(str(exc)) from None


@main.command()
@click.argument("key", metavar="URL|ID")
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "text"]),
    default=None,
    help="Output format (default: text on a terminal, JSON otherwise).",
)
def show(key, db_path, fmt):
    """Show one archived article, with its version history."""
    if key.isdigit() and len(key) > 18:
        raise UsageProblem(f"no article id {key[:30]}…: ids are small whole numbers")
    with open_archive(db_path, create=False) as archive:
        row = archive.get(key)
        if row is None:
            raise Failure(f"no article {safe(key)!r} in {db_path}")
        row["versions"] = archive.versions(row["id"])
    if (fmt or ("text" if sys.stdout.isatty() else "json")) == "json":
        click.echo(dumps(row, indent=2))
        return
    article = _lazy.model.Article.from_dict(row)
    click.echo(safe(render_text(article)))
    click.echo(
        safe(
            f"\nid {row['id']}  first seen {row['first_seen']}  last seen {row['last_seen']}  version {row['version']}"
        )
    )
    for v in row["versions"]:
        click.echo(safe(f"  v{v['version']}  {v['fetched_at']}  {', '.join(map(str, v['changed']))}"))
    with open_archive(db_path, create=False) as archive:
        try:
            _, in_lists = _lazy.history.story_series(archive, str(row["id"]))
        except _lazy.history.HistoryError:
            in_lists = []
    spark = _lazy.charts.sparkline
    for s in in_lists:
        click.echo(safe(f"  rank in {s.name}: {spark(s.points)}  best {s.best}, {s.hours:.0f} h in the list"))


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, required=True)
@db_option
@click.option("--limit", type=click.IntRange(1, 10000), default=20, show_default=True, help="Most results to show.")
@click.option("--json", "as_json", is_flag=True, help="Print results as JSON lines.")
@click.option("--fts", is_flag=True, help='QUERY is SQLite FTS5 syntax ("phrases", OR, NOT, NEAR, prefix*).')
def search(query, db_path, limit, as_json, fts):
    """Full-text search of headlines and bodies, best match first.

    The words of QUERY are searched as words, all required (COVID-19, O'Neil, e-mail work as typed);
    Chinese, Japanese and Korean text is found as any substring. --fts takes FTS5 syntax instead.
    """
    text = " ".join(query)
    with open_archive(db_path, create=False) as archive:
        try:
            hits = archive.search(text, limit, raw=fts)
        except NewsgrabError as exc:
            raise UsageProblem(str(exc)) from None
    for hit in hits:
        if as_json:
            click.echo(dumps(hit))
        else:
            click.echo(
                safe(f"{hit['id']:>6}  {hit['published'] or '-':<25}  {hit['headline']}", newlines=False)
                + "\n        "
                + safe(hit["url"], newlines=False)
                + "\n        "
                + safe(hit["snippet"], newlines=False)
            )
    if not hits:
        if not as_json:
            click.echo("no matches", err=True)
        sys.exit(1)  # as grep does: a script can tell found from not found


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(db_path, as_json):
    """Articles per site and day, recent fetches and failures."""
    with open_archive(db_path, create=False) as archive:
        figures = archive.stats()
        figures["warnings"] = archive.health()
    for warning in figures["warnings"]:
        click.echo(f"warning: {safe(warning)}", err=True)
    if as_json:
        click.echo(dumps(figures, indent=2))
        return
    click.echo(
        f"{figures['articles']} articles, {figures['versions']} versions, {figures['ranking_rows']} ranking rows"
    )
    click.echo(safe("fetch outcomes: " + ", ".join(f"{k} {v}" for k, v in figures["fetch_outcomes"].items())))
    click.echo("\nby site:")
    for r in figures["by_site"]:
        click.echo(safe(f"  {r['site'] or '-':<40} {r['articles']:>7}  latest {r['latest'] or '-'}"))
    click.echo("\narchived per day (last 14 days):")
    for r in figures["by_day"]:
        click.echo(safe(f"  {r['day']}  {r['site'] or '-':<40} {r['articles']:>5}"))
    if figures["recent_failures"]:
        click.echo("\nrecent failures:")
        for r in figures["recent_failures"]:
            times = f" ({r['times']} times, last)" if r.get("times", 1) > 1 else ""
            click.echo(safe(f"  {r['fetched_at']}{times}  {(r['error'] or '').splitlines()[0]}"))


@main.command("export")
@click.option("--csv", "as_csv", is_flag=True, help="CSV, RFC 4180, UTF-8 (the default).")
@click.option("--tsv", "as_tsv", is_flag=True, help="Tab-separated values (tabs, newlines escaped as \\t, \\n).")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="JSON Lines: one object per line, lists as JSON.")
@click.option("--json", "as_json", is_flag=True, help="One JSON array.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "tsv", "jsonl", "json"]),
    default=None,
    help="The format by name (instead of --csv/--tsv/--jsonl/--json).",
)
@click.option(
    "--table",
    default="articles",
    show_default=True,
    type=click.Choice(["articles", "rankings", "versions", "fetches", "runs"]),
    help="What to export: articles, ranking snapshots, article versions, the fetch log, or runs.",
)
@click.option("--since", metavar="DATE", help="From this time: 2024-01-10, an ISO time, or 7d / 12h / 2w ago.")
@click.option("--until", metavar="DATE", help="Up to this time (a bare date includes the whole day).")
@click.option("--site", metavar="HOST", help="Only this site (host name, e.g. japannews.yomiuri.co.jp).")
@click.option("--section", metavar="NAME", help="Only this section (articles, versions).")
@click.option("--query", metavar="WORDS", help="Only articles matching these words (as `newsgrab search`).")
@click.option("--fts", is_flag=True, help="--query is SQLite FTS5 syntax.")
@click.option("--fields", metavar="A,B,C", help="Columns to export, in this order (default: all).")
@click.option(
    "--lists",
    type=click.Choice(["joined", "json"]),
    default="joined",
    show_default=True,
    help="CSV/TSV: lists (authors, tags) as 'a; b' or as JSON.",
)
@click.option(
    "--excel",
    is_flag=True,
    help="CSV for spreadsheets: a BOM, and cells starting with = + - @ prefixed with ' (formula injection guard).",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (atomically) instead of stdout.")
@db_option
def export_cmd(
    as_csv,
    as_tsv,
    as_jsonl,
    as_json,
    fmt,
    table,
    since,
    until,
    site,
    section,
    query,
    fts,
    fields,
    lists,
    excel,
    output,
    db_path,
):
    """Export the archive as CSV, TSV, JSON Lines or JSON, streaming, in a stable order.

    Dates filter on published time for articles, on capture or fetch time for the other tables.
    Rows come out ordered by time, then URL, so two exports diff cleanly.
    """
    chosen = [name for name, on in (("csv", as_csv), ("tsv", as_tsv), ("jsonl", as_jsonl), ("json", as_json)) if on] + (
        [fmt] if fmt else []
    )
    if len(set(chosen)) > 1:
        raise UsageProblem(f"choose one format, not {' and '.join('--' + c for c in dict.fromkeys(chosen))}")
    fmt = chosen[0] if chosen else "csv"
    if excel and fmt != "csv":
        raise UsageProblem(f"--excel applies to CSV only, not --{fmt}")
    if fts and not query:
        raise UsageProblem("--fts needs --query")
    field_list = [f.strip() for f in fields.split(",") if f.strip()] if fields is not None else None
    try:
        _lazy.export.build_query(
            table, fields=field_list, since=since, until=until, site=site, section=section, query=query, fts=fts
        )  # every mistake is reported before anything is written
    except _lazy.export.ExportError as exc:
        raise UsageProblem(str(exc)) from None
    archive = open_archive(db_path, create=False)
    try:
        with _lazy.export.atomic_output(output) as out:
            n = _lazy.export.export(
                archive,
                out,
                table=table,
                fmt=fmt,
                fields=field_list,
                since=since,
                until=until,
                site=site,
                section=section,
                query=query,
                fts=fts,
                lists=lists,
                excel=excel,
            )
    except _lazy.export.ExportError as exc:
        raise UsageProblem(str(exc)) from None
    except BrokenPipeError:
        sys.stderr.close()  # `newsgrab export | head`: the reader left; not an error
        sys.exit(0)
    except OSError as exc:
        done = "nothing written" if output else "the output is incomplete"
        raise Failure(f"export failed, {done}: {exc.strerror or exc}") from None
    finally:
        archive.close()
    if output:
        click.echo(f"wrote {n} rows to {output}", err=True)


@main.command("archive")
@db_option
@click.option(
    "--config",
    "config_path",
    metavar="PATH",
    help="Config file (default: newsgrab.toml beside the database, or in $XDG_CONFIG_HOME/newsgrab).",
)
@click.option(
    "--site",
    "site_names",
    multiple=True,
    metavar="NAME",
    help="Archive a site with a built-in profile, no config needed (repeatable; see `newsgrab sites`).",
)
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="An RSS/Atom feed to discover from (repeatable).")
@click.option("--sitemap", "sitemaps", multiple=True, metavar="URL", help="A sitemap or sitemap index (repeatable).")
@click.option("--listing", "listings", multiple=True, metavar="URL", help="A listing page of links (repeatable).")
@click.option(
    "--listing-pattern",
    metavar="REGEX",
    help="Which links on listing pages are articles (default: links into the site that look like "
    "stories: a date or id in the path, a long slug, a headline-like link text).",
)
@click.option(
    "--other-hosts",
    is_flag=True,
    help="Follow discovered links to other hosts too (by default only the sources' own sites).",
)
@click.option(
    "--max-articles",
    type=click.IntRange(min=0),
    default=None,
    help="New articles fetched per run, newest first [default: 200].",
)
@click.option(
    "--max-time",
    type=click.FloatRange(min=1),
    default=None,
    metavar="S",
    help="Send no new request after this many seconds, discovery included [default: no limit].",
)
@click.option("--no-recheck", is_flag=True, help="Do not re-check recent stories for edits.")
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=None,
    metavar="S",
    help="Seconds between two requests to one host [default: 1].",
)
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Hosts fetched at once [default: 8].")
@click.option(
    "--user-agent",
    default=None,
    help="User-Agent header to send [default: newsgrab/VERSION (news archiver)]; name yourself in it.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=None,
    metavar="S",
    help="Seconds to wait for a server to answer [default: 30].",
)
@click.option("--ignore-robots", is_flag=True, help="Fetch pages robots.txt disallows (you take responsibility).")
@click.option("--no-raw", is_flag=True, help="Do not keep the raw HTML of changed pages.")
@click.option(
    "--busy-timeout",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    metavar="S",
    help="Seconds a write waits while another process holds the archive's write lock.",
)
@tz_option
@click.option("--quiet", "-q", is_flag=True, help="Print nothing on success; one line per problem on stderr.")
@click.option(
    "--log-file", type=click.Path(dir_okay=False), metavar="PATH", help="Append one JSON line per event to this file."
)
@warc_options
def archive_cmd(
    db_path,
    config_path,
    site_names,
    feeds,
    sitemaps,
    listings,
    listing_pattern,
    other_hosts,
    max_articles,
    max_time,
    no_recheck,
    delay,
    workers,
    user_agent,
    timeout,
    ignore_robots,
    no_raw,
    busy_timeout,
    default_tz,
    quiet,
    log_file,
    warc_dir,
    warc_max_size,
):
    """Discover and archive new articles; re-check recent ones for edits. Made for cron.

    \b
    Sources come from --site, --feed/--sitemap/--listing, or the config file.
    Exit codes: 0 all good, 1 some fetches or sources failed (or the run was
    interrupted), 2 usage or configuration error, 75 another run holds the lock.
    """
    try:
        defaults, sites = resolve_sources(
            config_path, db_path, site_names, list(feeds), list(sitemaps), list(listings), listing_pattern, other_hosts
        )
        settings = merge_settings(
            defaults,
            delay=delay,
            max_articles=max_articles,
            max_time=max_time,
            timezone=default_tz,
            workers=workers,
            timeout=timeout,
            user_agent=user_agent,
            warc_dir=warc_dir,
            warc_max_size=warc_max_size,
        )
        _lazy.store.check_writable(db_path)  # before the lock file is made beside it
    except (ConfigError, ArchiveError) as exc:
        raise UsageProblem(str(exc)) from None
    options = _lazy.fetch.FetchOptions(
        delay=settings.delay,
        obey_robots=not ignore_robots,
        read_timeout=settings.timeout,
        user_agent=settings.user_agent or USER_AGENT,
    )
    if ignore_robots:
        click.echo("warning: --ignore-robots: robots.txt rules are NOT being obeyed", err=True)
    log = EventLog(log_file, quiet)
    stop = _lazy.run.StopFlag()
    stop.install()
    try:
        with _lazy.run.RunLock(db_path):
            archive = open_archive(db_path, create=True, busy_timeout=busy_timeout)
            recorder = open_recorder(settings)
            try:
                summary = _lazy.run.archive_run(
                    archive,
                    _lazy.fetch.Fetcher(options, recorder=recorder),
                    sites,
                    max_articles=settings.max_articles,
                    max_time=settings.max_time,
                    recheck=not no_recheck,
                    keep_raw=not no_raw,
                    workers=settings.workers,
                    stop=stop,
                    report=log.event,
                    default_tz=settings.timezone,
                )
            finally:
                archive.close()
                if recorder is not None:
                    recorder.close()
    except _lazy.run.LockHeld as exc:
        if not quiet:  # an overlapping cron run is expected: --quiet says it by the exit code (75) alone
            click.echo(f"newsgrab archive: {exc}", err=True)
        sys.exit(_lazy.run.EXIT_LOCKED)
    except NewsgrabError as exc:
        log.event(Event.RUN_FAILED, {"error": str(exc)})
        raise Failure(str(exc)) from None
    finally:
        log.close()
    log.event(
        Event.RUN,
        {
            "run_id": summary.run_id,
            "status": summary.status,
            **summary.counts,
            "warnings": summary.warnings,
            "seconds": round(summary.seconds, 2),
        },
    )
    if not quiet:
        click.echo(safe(summary.line()), err=True)
    sys.exit(_lazy.run.EXIT_OK if summary.status == "ok" else _lazy.run.EXIT_FAILURES)


@main.command()
@click.argument("path", default="newsgrab.toml", required=False)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(path, force):
    """Write a commented example config (default ./newsgrab.toml)."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise UsageProblem(f"{path} is a directory; give the config file's path, e.g. {target / 'newsgrab.toml'}")
    if target.exists() and not force:
        raise Failure(f"{path} exists; use --force to overwrite it")
    try:
        if not target.parent.exists():
            target.parent.mkdir(parents=True)
            click.echo(f"created directory {target.parent}", err=True)
        target.write_text(EXAMPLE, encoding="utf-8")
    except OSError as exc:
        raise Failure(f"cannot write {path}: {exc.strerror}") from None
    folder = target.resolve().parent
    db = folder / "news.db"
    # the archive goes beside the config, whatever directory the command is run from, and the line says so
    run = (
        f"newsgrab archive --db {db}"
        if target.name == "newsgrab.toml"
        else f"newsgrab archive --config {target.resolve()} --db {db}"
    )
    click.echo(f"wrote {path}; edit it, then run: {run}  (the archive: {db})", err=True)


@main.command()
@db_option
@click.option(
    "--limit", type=click.IntRange(1, 10000), default=20, show_default=True, help="Most runs to show, newest first."
)
@click.option("--json", "as_json", is_flag=True, help="Print runs as JSON lines.")
def runs(db_path, limit, as_json):
    """Recent runs (archive, import-warc, reparse): when, how long, what they found, how they ended."""
    with open_archive(db_path, create=False) as archive:
        rows = archive.runs(limit)
    if as_json:
        for r in rows:
            click.echo(dumps(r))
        return
    if not rows:
        click.echo("no runs yet", err=True)
        return
    click.echo(
        f"{'started (UTC)':<20} {'command':<11} {'took':>7}  {'status':<11}  {'found':>5} {'new':>5} "
        f"{'updated':>7} {'same':>5} {'failed':>6}  run id"
    )
    for r in rows:
        click.echo(
            safe(
                f"{r['started'][:19]:<20} {r.get('command') or 'archive':<11} {_took(r):>7}  "
                f"{r['status']:<11}  {r['discovered'] or 0:>5} {r['new'] or 0:>5} {r['updated'] or 0:>7} "
                f"{(r['unchanged'] or 0) + (r['not_modified'] or 0):>5} {r['failed'] or 0:>6}  {r['run_id']}"
            )
        )
        for err in (r.get("errors") or [])[:3]:
            click.echo(f"    {safe(err.splitlines()[0] if err else err, newlines=False)}")


def _took(run: dict) -> str:
    """How long a run took ('-' while it runs, or when it was killed before it could say)."""
    from datetime import datetime

    try:
        seconds = (datetime.fromisoformat(run["ended"]) - datetime.fromisoformat(run["started"])).total_seconds()
    except (TypeError, ValueError, KeyError):
        return "-"
    if seconds < 60:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min" if seconds < 3600 else f"{seconds / 3600:.1f} h"


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the profiles as JSON.")
def sites(as_json: bool) -> None:
    """List the site profiles newsgrab knows (built in, and from $NEWSGRAB_SITES)."""
    try:
        found = profiles()
    except NewsgrabError as exc:
        raise Failure(str(exc)) from None
    if as_json:
        click.echo(dumps([p.summary() for p in found], indent=2))
        return
    for p in found:
        click.echo(f"{p.name:<14} {p.title}  ({', '.join(p.domains)}; zone {p.timezone or '-'})")
        if p.overrides:
            click.echo(f"{'':<14}   from {p.path}, overriding the built-in {Path(p.overrides).name}")
        for kind in ("feeds", "sitemaps", "listings"):
            for src in p.discovery.get(kind, []):
                click.echo(f"{'':<14}   {kind[:-1]}: {src}")


if __name__ == "__main__":  # pragma: no cover
    main()
