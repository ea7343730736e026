"""Commands that read the archive: show, search, stats, export, runs."""

from __future__ import annotations

import sys

import click

from .. import _lazy
from ..errors import NewsgrabError
from ..report import dumps, safe
from .app import Failure, UsageProblem, db_option, main, open_archive, record_format_option
from .render import render_text, took


@main.command()
@click.argument("key", metavar="URL|ID")
@db_option
@record_format_option
def show(key, db_path, fmt):
    """Show one archived article, with its version history."""
    if key.isdigit() and len(key) > 18:
        raise UsageProblem(f"no article id {key[:30]}…: ids are small whole numbers")
    with open_archive(db_path, create=False) as archive:
        row = archive.get(key)
        if row is None:
            raise Failure(f"no article {safe(key)!r} in {db_path}")
        row["versions"] = archive.versions(row["id"])
        try:
            _, in_lists = _lazy.history.story_series(archive, str(row["id"]))
        except _lazy.history.HistoryError:
            in_lists = []
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
    field_list = tuple(f.strip() for f in fields.split(",") if f.strip()) if fields is not None else None
    selection = _lazy.export.Selection(table, field_list, since, until, site, section, query, fts)
    try:
        _lazy.export.build_query(selection)  # every mistake is reported before anything is written
    except _lazy.export.ExportError as exc:
        raise UsageProblem(str(exc)) from None
    archive = open_archive(db_path, create=False)
    try:
        with _lazy.export.atomic_output(output) as out:
            n = _lazy.export.export(archive, out, selection, fmt=fmt, lists=lists, excel=excel)
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
                f"{r['started'][:19]:<20} {r.get('command') or 'archive':<11} {took(r):>7}  "
                f"{r['status']:<11}  {r['discovered'] or 0:>5} {r['new'] or 0:>5} {r['updated'] or 0:>7} "
                f"{(r['unchanged'] or 0) + (r['not_modified'] or 0):>5} {r['failed'] or 0:>6}  {r['run_id']}"
            )
        )
        for err in (r.get("errors") or [])[:3]:
            click.echo(f"    {safe(err.splitlines()[0] if err else err, newlines=False)}")
