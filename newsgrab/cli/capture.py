"""Commands that capture: parse, fetch, archive (cron), init, sites."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import _lazy
from ..config import EXAMPLE, ConfigError, merge_settings, resolve_sources
from ..errors import ArchiveError, NewsgrabError
from ..outcomes import Outcome
from ..report import Event, EventLog, dumps, safe
from ..sites import profiles
from .app import (
    Failure,
    UsageProblem,
    db_option,
    defaults_or_exit,
    fetch_options,
    fetcher_options,
    main,
    open_archive,
    open_recorder,
    read_targets,
    record_format_option,
    settings_or_exit,
    tz_option,
    warc_options,
)
from .render import describe, progress, render_text

if TYPE_CHECKING:
    pass


@main.command()
@click.argument("source")
@click.option("--url", "page_url", metavar="URL", help="The page's address, when SOURCE is a file or stdin.")
@record_format_option
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
        from ..capture import fetch_page

        try:
            page = fetch_page(source, obey_robots=not ignore_robots)
        except NewsgrabError as exc:
            raise Failure(safe(str(exc))) from None
        return page.content, page_url or page.final_url, page.charset
    from ..capture import read_local

    if not Path(source).expanduser().exists():
        raise UsageProblem(f"no such file: {source} (give a saved HTML file, - for stdin, or a URL)")
    try:
        page = read_local(source)
    except NewsgrabError as exc:
        raise Failure(str(exc)) from None
    return page.content, page_url, None


@main.command()
@click.argument("urls", nargs=-1, metavar="URL... [-]")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print each archived record as one JSON line on stdout.")
@click.option("--force", is_flag=True, help="Fetch in full even when the server could answer 'not modified'.")
@fetch_options
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
        defaults_or_exit(db_path),
        timezone=default_tz,
        warc_dir=warc_dir,
        warc_max_size=warc_max_size,
        delay=delay,
        workers=workers,
        timeout=timeout,
        user_agent=user_agent,
    )
    options = fetcher_options(settings, ignore_robots=ignore_robots, max_bytes=max_bytes)
    archive = open_archive(db_path, create=True, busy_timeout=busy_timeout, discard_unused=True)
    recorder = open_recorder(settings)
    stop = _lazy.run.StopFlag()
    stop.install()
    counts = {"ok": 0, "failed": 0, "other": 0}
    outcomes: dict[str, int] = {}
    not_sent = 0
    try:
        fetcher = _lazy.capture.Fetcher(options, recorder=recorder)
        results = _lazy.pipeline.archive_urls(
            targets,
            archive,
            fetcher,
            run_id=_lazy.store.new_run_id(),
            force=force,
            keep_raw=not no_raw,
            workers=settings.workers,
            should_stop=lambda: stop.stopped,
            default_tz=settings.timezone,
        )
        with progress(len(targets)) as bar:
            for item in results:
                bar.update(1)
                if item.outcome == Outcome.NOT_FETCHED:
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
@fetch_options
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
    max_bytes,
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
    options = fetcher_options(settings, ignore_robots=ignore_robots, max_bytes=max_bytes)
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
                    _lazy.capture.Fetcher(options, recorder=recorder),
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
