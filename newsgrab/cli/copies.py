"""Who ran it: similar, copies, headlines."""

from __future__ import annotations

import click

from .. import _lazy
from ..localtime import local
from ..report import safe
from ..store.queries import parse_when
from .app import EXCEL_OPTION, Failure, UsageProblem, db_option, main, open_archive, output_format
from .render import emit, progress


def _since(since: str | None) -> str | None:
    try:
        return parse_when(since) if since else None
    except _lazy.export.ExportError as exc:
        raise UsageProblem(str(exc)) from None


@main.command("similar")
@click.argument("key", metavar="URL|ID")
@db_option
@click.option("--json", "as_json", is_flag=True, help="JSON lines, for scripts.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row, for spreadsheets.")
@EXCEL_OPTION
def similar_cmd(key, db_path, as_json, as_csv, excel):
    """The other stories in a story's cluster: the same text on other sites or pages, with each one's site,
    first seen, published, estimated overlap with this story, credit and headline, earliest first."""
    fmt = output_format(as_json, as_csv, excel)
    with open_archive(db_path, create=False) as archive:
        try:
            story, others = _lazy.copies.similar(archive, key)
        except _lazy.copies.UnknownStory:
            raise Failure(f"no story {safe(key)!r} in {db_path}") from None
    if not others:
        click.echo(f"no copy of story {story['id']} in {db_path}", err=True)
        return
    columns = ["id", "site", "first_seen", "published", "overlap", "credit", "headline", "url"]
    if fmt == "table":
        click.echo(safe(f"{story['id']}  {story['site']}  {story['headline']}"))
        rows = [{**r, "first_seen": local(r["first_seen"], r["site"])} for r in others]
        emit(rows, fmt, columns[:-1], ["id", "site", "first seen", "published", "overlap", "credit", "headline"])
        return
    emit(others, fmt, columns)


@main.command("copies")
@db_option
@click.option("--since", metavar="WHEN", help="Clusters with a story first seen since then (a date, or 7d / 12h).")
@click.option("--site", metavar="HOST", help="Only clusters with a copy on this site.")
@click.option("--credit", metavar="NAME", help="Only clusters with a copy credited to NAME (Kyodo, AP).")
@click.option("--fill", is_flag=True, help="Compute the copies of every archived story (once, for an older archive).")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, one per copy, for scripts.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row, one row per copy.")
@EXCEL_OPTION
def copies_cmd(db_path, since, site, credit, fill, as_json, as_csv, excel):
    """Stories that ran on two sites or more, the widest first: who ran it first, each copy's lag and
    overlap with the first, and whether the credits agree (the same wire named, or none)."""
    fmt = output_format(as_json, as_csv, excel)
    since_sql = _since(since)
    if fill:
        with open_archive(db_path, create=False):
            pass  # an archive that is not there is one line, not a new empty one
        with open_archive(db_path, create=True) as archive:
            with progress(archive.count("articles"), "finding copies") as bar:
                last = [0]

                def step(n: int, total: int) -> None:
                    bar.update(n - last[0])
                    last[0] = n

                done = archive.fill_copies(step)
        click.echo(f"copies computed for {done:,} stories", err=True)
        return
    with open_archive(db_path, create=False) as archive:
        clusters = _lazy.copies.copy_clusters(archive, since_sql, site, credit)
    if not clusters:
        click.echo("no story ran on two sites" + (f" since {since}" if since else ""), err=True)
        return
    rows = [
        {
            "cluster": n,
            "first": r["id"] == c["first"]["id"],
            "credits_agree": c["credits_agree"],
            **r,
        }
        for n, c in enumerate(clusters, 1)
        for r in c["copies"]
    ]
    if fmt == "table":
        for n, c in enumerate(clusters, 1):
            agree = "credits agree" if c["credits_agree"] else "credits differ: " + ", ".join(c["credits"])
            click.echo(safe(f"[{n}] {c['sites']} sites, {c['stories']} stories, {agree}"))
            for r in c["copies"]:
                lag = "first" if r["id"] == c["first"]["id"] else _lag(r["lag_minutes"])
                click.echo(
                    safe(
                        f"  {lag:>9}  {r['overlap'] if r['overlap'] is not None else '-':>4}  {r['site']}  "
                        f"{r['credit'] or '-'}  {r['headline'] or ''}"
                    )
                )
        return
    emit(
        rows,
        fmt,
        [
            "cluster",
            "id",
            "site",
            "at",
            "first",
            "lag_minutes",
            "overlap",
            "credit",
            "credits_agree",
            "headline",
            "url",
        ],
    )


def _lag(minutes: int | None) -> str:
    if minutes is None:
        return "?"
    if minutes < 120:
        return f"+{minutes} min"
    return f"+{minutes / 60:.1f} h" if minutes < 48 * 60 else f"+{minutes / 1440:.1f} d"


@main.command("headlines")
@db_option
@click.option(
    "--since",
    default="7d",
    show_default=True,
    metavar="WHEN",
    help="Stories first seen since then (a date, ISO time, or 7d / 12h / 2w).",
)
@click.option("--differing", is_flag=True, help="Stories whose printed, social and search headlines differ.")
@click.option("--changed", is_flag=True, help="Stories whose headline changed between versions.")
@click.option("--json", "as_json", is_flag=True, help="JSON lines, for scripts.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row.")
@EXCEL_OPTION
def headlines_cmd(db_path, since, differing, changed, as_json, as_csv, excel):
    """Every headline a story is given: on the page (<h1>), for social media (og:title, twitter:title), for
    search (the JSON-LD headline) and in the <title>; the stories whose variants differ, or whose headline
    changed between versions (both, unless one is asked for)."""
    fmt = output_format(as_json, as_csv, excel)
    since_sql = _since(since)
    with open_archive(db_path, create=False) as archive:
        rows = _lazy.copies.headline_report(archive, since_sql, differing, changed)
    if not rows:
        click.echo(f"no story first seen since {since} has differing or changed headlines", err=True)
        return
    if fmt == "table":
        for r in rows:
            marks = ", ".join(m for m in ("differing", "changed") if r[m])
            click.echo(safe(f"{r['id']}  {r['site']}  ({marks})  {r['headline']}"))
            for where, text in (r["headlines"] or {}).items():
                click.echo(safe(f"    {where:<13} {text}"))
            if r["changed"]:
                for i, h in enumerate(r["version_headlines"], 1):
                    click.echo(safe(f"    version {i:<5} {h}"))
        return
    for r in rows:
        for where in ("h1", "og:title", "twitter:title", "json-ld", "title"):
            r[where] = (r["headlines"] or {}).get(where)
    emit(
        rows,
        fmt,
        [
            "id", "site", "first_seen", "differing", "changed", "headline", "h1", "og:title", "twitter:title",
            "json-ld", "title", "version_headlines", "url",
        ],
    )  # fmt: skip
