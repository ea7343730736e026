"""The command group, its error kinds, and the options and helpers every command shares (declared once)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .. import __version__, _lazy
from ..config import ConfigError, RunSettings, config_defaults, merge_settings
from ..defaults import DEFAULT_DB, MAX_PAGE_BYTES, USER_AGENT
from ..errors import ArchiveError, NewsgrabError
from ..report import safe
from ..sites import profiles

if TYPE_CHECKING:
    from ..capture.warc import WarcRecorder
    from ..store import Archive


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


def fetch_options(fn):  # type: ignore[no-untyped-def]
    """The options of every command that fetches (fetch, archive), declared once. None has a click default:
    an option not given is the config's [defaults] value, then RunSettings' (config.merge_settings), so a
    config's `delay = 2` holds for `fetch` as for `archive`."""
    options = [
        click.option(
            "--delay",
            type=click.FloatRange(min=0),
            default=None,
            metavar="S",
            help="Seconds between two requests to one host (robots.txt Crawl-delay wins when larger) [default: 1].",
        ),
        click.option(
            "--workers",
            type=click.IntRange(1, 64),
            default=None,
            help="Hosts fetched at once, one request at a time per host [default: 8].",
        ),
        click.option(
            "--user-agent",
            default=None,
            help="User-Agent header to send [default: newsgrab/VERSION (news archiver)]; name yourself in it.",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=1),
            default=None,
            metavar="S",
            help="Seconds to wait for a server to answer (a whole page may take 4x this) [default: 30].",
        ),
        click.option(
            "--max-bytes",
            type=click.IntRange(min=1024),
            default=MAX_PAGE_BYTES,
            show_default=True,
            help="Largest page accepted (decoded bytes).",
        ),
        click.option(
            "--ignore-robots", is_flag=True, help="Fetch pages robots.txt disallows (you take responsibility)."
        ),
        click.option("--no-raw", is_flag=True, help="Do not keep the raw HTML of changed pages."),
        click.option(
            "--busy-timeout",
            type=click.FloatRange(min=0),
            default=30.0,
            show_default=True,
            metavar="S",
            help="Seconds a write waits while another process holds the archive's write lock.",
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def fetcher_options(settings: RunSettings, *, ignore_robots: bool, max_bytes: int) -> Any:
    """The FetchOptions of a fetching command, from its resolved settings (one place for fetch and archive)."""
    if ignore_robots:
        click.echo("warning: --ignore-robots: robots.txt rules are NOT being obeyed", err=True)
    return _lazy.capture.FetchOptions(
        user_agent=settings.user_agent or USER_AGENT,
        delay=settings.delay,
        obey_robots=not ignore_robots,
        read_timeout=settings.timeout,
        max_bytes=max_bytes,
    )


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


def record_format_option(fn):
    """--format json|text of the commands that print one record (parse, show)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["json", "text"]),
        default=None,
        help="Output format (default: text on a terminal, JSON otherwise).",
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


def jobs_option(f):  # type: ignore[no-untyped-def]
    """--jobs of the commands that parse in worker processes (import-warc, reparse), declared once."""
    return click.option(
        "--jobs",
        type=click.IntRange(1, 256),
        default=None,
        metavar="N",
        help="Worker processes that parse pages [default: one per core].",
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


def jobs_default(jobs: int | None) -> int:
    return jobs or os.cpu_count() or 1


def read_targets(urls: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for u in urls:
        if u == "-":
            out += [line.strip() for line in sys.stdin if line.strip() and not line.startswith("#")]
        else:
            out.append(u)
    return list(dict.fromkeys(out))


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
