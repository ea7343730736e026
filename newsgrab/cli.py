"""The command line: click commands over the library. Parses options, calls one function, prints."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import NewsgrabError
from .extract import parse_article
from .extract.dates import zone
from .model import Article
from .sites import profiles


class Failure(click.ClickException):
    """An expected failure: one line on stderr, exit code 1, no traceback."""

    exit_code = 1

    def show(self, file=None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgrab")
def main() -> None:
    """newsgrab: scrape news articles into a clean SQLite archive.

    \b
    Exit codes: 0 success, 1 a page or URL failed, 2 usage or configuration error.
    """


@main.command()
@click.argument("source")
@click.option("--url", "page_url", metavar="URL", help="The page's address, when SOURCE is a file or stdin.")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default=None,
              help="Output format (default: text on a terminal, JSON otherwise).")
@click.option("--explain", is_flag=True, help="Show which layer (json-ld, meta, profile, generic) gave each field.")
@click.option("--default-tz", envvar="NEWSGRAB_TZ", metavar="ZONE",
              help="Zone for times the page prints without one, when no site profile gives one "
                   "(IANA name, e.g. Europe/Berlin; env NEWSGRAB_TZ). Without it such times stay naive.")
def parse(source: str, page_url: str | None, fmt: str | None, explain: bool, default_tz: str | None) -> None:
    """Parse one article page and print its record.

    SOURCE is a saved HTML file, - for standard input, or an http(s) URL (fetched once).
    """
    if default_tz and zone(default_tz) is None:
        raise click.BadParameter(f"unknown time zone {default_tz!r} (use an IANA name like Europe/Berlin)",
                                 param_hint="--default-tz")
    data, page_url, charset = _read_source(source, page_url)
    try:
        article = parse_article(data, page_url, charset=charset, default_tz=default_tz)
    except NewsgrabError as exc:
        raise Failure(f"{source}: {exc}") from None
    fmt = fmt or ("text" if sys.stdout.isatty() else "json")
    if fmt == "json":
        record = article.to_dict()
        if not explain:
            record.pop("sources", None)
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(article, explain))


def _read_source(source: str, page_url: str | None) -> tuple[bytes, str | None, str | None]:
    if source == "-":
        return sys.stdin.buffer.read(), page_url, None
    if source.startswith(("http://", "https://")):
        from .fetch import fetch_page

        try:
            page = fetch_page(source)
        except NewsgrabError as exc:
            raise Failure(str(exc)) from None
        return page.content, page_url or page.url, page.charset
    path = Path(source)
    if not path.is_file():
        raise click.BadParameter(f"no such file: {source} (give a saved HTML file, - for stdin, or a URL)",
                                 param_hint="SOURCE")
    try:
        return path.read_bytes(), page_url, None
    except OSError as exc:
        raise Failure(f"cannot read {source}: {exc.strerror}") from None


def render_text(a: Article, explain: bool = False) -> str:
    """The record as a person reads it."""
    lines = [a.headline or "(no headline)"]
    by = " / ".join(x for x in (", ".join(a.authors), a.credit) if x)
    if by:
        lines.append(f"By {by}" if a.authors else by)
    if a.published:
        lines.append(f"Published: {a.published.isoformat()}"
                     + (f"   Modified: {a.modified.isoformat()}" if a.modified else ""))
    if a.dateline:
        lines.append(f"Dateline: {a.dateline}")
    if a.section_path or a.section:
        lines.append(f"Section: {' > '.join(a.section_path) or a.section}")
    if a.tags:
        lines.append(f"Tags: {', '.join(a.tags)}")
    meta = [x for x in (a.url, a.language, a.access and f"access: {a.access}") if x]
    lines.append("   ".join(meta))
    for img in a.images:
        lines.append(f"Image: {img.url}" + "".join(f"\n  {k}: {v}" for k, v in
                                                  (("caption", img.caption), ("credit", img.credit)) if v))
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


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the profiles as JSON.")
def sites(as_json: bool) -> None:
    """List the site profiles newsgrab knows (built in, and from $NEWSGRAB_SITES)."""
    try:
        found = profiles()
    except NewsgrabError as exc:
        raise Failure(str(exc)) from None
    if as_json:
        click.echo(json.dumps([p.summary() for p in found], indent=2))
        return
    for p in found:
        click.echo(f"{p.name:<14} {p.title}  ({', '.join(p.domains)}; zone {p.timezone or '-'})")
        for kind in ("feeds", "sitemaps", "listings"):
            for src in p.discovery.get(kind, []):
                click.echo(f"{'':<14}   {kind[:-1]}: {src}")


if __name__ == "__main__":  # pragma: no cover
    main()
