"""Terminal output: a record as text, one line per URL, progress bars, the ticker, tables as text, CSV or JSON."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

import click

from ..outcomes import Outcome
from ..report import dumps, safe

if TYPE_CHECKING:
    from ..model import Article
    from ..pipeline import ItemResult


def render_text(a: Article, explain: bool = False) -> str:
    """The record as a person reads it."""
    lines = [a.headline or "(no headline)"]
    by = " / ".join(dict.fromkeys(x for x in (", ".join(a.authors), a.credit) if x))  # "Kyodo", not "Kyodo / Kyodo"
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
    if a.headlines:
        lines.append("Headlines:" + "".join(f"\n  {where:<13} {text}" for where, text in a.headlines.items()))
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


def describe(item: ItemResult) -> str:
    """One line per URL: outcome, URL, and the headline or the reason (made safe for a terminal)."""
    label = item.outcome if item.outcome != Outcome.UPDATED else f"updated v{item.version}"
    tail = item.headline or ""
    if item.outcome == Outcome.UPDATED and item.changed:
        tail += f"  (changed: {', '.join(item.changed)})"
    if item.error:
        tail = item.error.removeprefix(item.url + ": ")
    return safe(f"{label:<17} {item.url}  {tail}".rstrip(), newlines=False)


class NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n: int) -> None:
        pass


def progress(total: int, label: str = "fetching"):
    """A progress bar on a terminal; nothing when stderr is a file or a pipe (cron, logs)."""
    if total > 1 and sys.stderr.isatty():
        return click.progressbar(length=total, label=label, file=sys.stderr)
    return NoBar()


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


def emit(rows: list[dict], fmt: str, columns: list[str], headers: list[str] | None = None) -> None:
    """Rows as JSON lines, CSV (header first) or an aligned table for a person."""
    if fmt == "json":
        for r in rows:
            click.echo(dumps(r))
        return
    if fmt in ("csv", "excel"):
        import csv
        import io

        from ..export import formula_safe

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


def took(run: dict) -> str:
    """How long a run took ('-' while it runs, or when it was killed before it could say)."""
    from datetime import datetime

    try:
        seconds = (datetime.fromisoformat(run["ended"]) - datetime.fromisoformat(run["started"])).total_seconds()
    except (TypeError, ValueError, KeyError):
        return "-"
    if seconds < 60:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min" if seconds < 3600 else f"{seconds / 3600:.1f} h"
