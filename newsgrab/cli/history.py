"""History and views: rankings, edits, diff, serve."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from .. import _lazy
from ..localtime import local, site_zone
from ..report import dumps, safe
from ..store.queries import parse_when
from .app import EXCEL_OPTION, Failure, UsageProblem, db_option, main, open_archive, output_format
from .render import emit

if TYPE_CHECKING:
    from ..store import Archive


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
