"""Charts of rank history (optional: `pip install 'newsgrab[charts]'`, matplotlib): a bump chart of a list
(rank on an inverted axis, one line per story, labelled with shortened headlines) and one story's rank in
every list it was in. Written as PNG, SVG, or a self-contained HTML page (the SVG inline), atomically.
A terminal sparkline needs no extra."""

from __future__ import annotations

import html
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from .errors import NewsgrabError
from .report import NOT_TEXT
from .store.history import Series

FORMATS = (".png", ".svg", ".html")
_SPARKS = "█▇▆▅▄▃▂▁"  # rank 1 is the tallest bar


class ChartError(NewsgrabError):
    """A chart cannot be made: the extra is missing, the format is unknown, or there is no data."""


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only, no display
        import matplotlib.pyplot as plt
    except ImportError:
        raise ChartError("charts need matplotlib: pip install 'newsgrab[charts]'") from None
    return plt


def check_target(path: str) -> str:
    """The chart's format from its file name; ChartError for one we do not write, or a folder that is
    not there."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ChartError(f"{path}: a chart is written as {', '.join(FORMATS)} (by the file name)")
    parent = Path(path).parent
    if not parent.is_dir():
        raise ChartError(f"cannot write {path}: directory {parent} does not exist")
    if Path(path).is_dir():
        raise ChartError(f"cannot write {path}: it is a directory")
    return suffix


def short(title: str, width: int = 38) -> str:
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


def label(text: str, width: int = 38) -> str:
    """Stored text as a chart label: shortened, control and bidi-format characters dropped (a chart draws
    no escapes), and '$' escaped so that matplotlib draws it instead of reading mathtext ($\\frac{a}{b}$
    would be set as a fraction, and an unknown command raises)."""
    return short(NOT_TEXT.sub("", text), width).replace("$", "\\$")


@contextmanager
def _quiet() -> Iterator[None]:
    """matplotlib's warnings (a missing glyph, with the character in it) kept off the user's terminal."""
    import logging
    import warnings

    mpl_log = logging.getLogger("matplotlib")
    level = mpl_log.level
    mpl_log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        mpl_log.setLevel(level)


def _times(series: list[Series], tz: tzinfo) -> list[datetime]:
    return [datetime.fromisoformat(t).astimezone(tz) for t, _ in series[0].points]


def bump_chart(series: list[Series], path: str, *, title: str, tz: tzinfo, top: int = 10) -> None:
    """One line per story (the `top` best ranked), rank 1 at the top, time on x in the site's zone."""
    with _quiet():
        _bump_chart(series, path, title=title, tz=tz, top=top)


def _bump_chart(series: list[Series], path: str, *, title: str, tz: tzinfo, top: int) -> None:
    if not series or not any(s.best for s in series):
        raise ChartError(f"no rankings in the window: {path} not written")
    check_target(path)
    plt = _pyplot()
    shown = sorted((s for s in series if s.best), key=lambda s: (s.best, s.first_seen or ""))[:top]
    times = _times(series, tz)
    fig, ax = plt.subplots(figsize=(11, 0.45 * max(len(shown), 5) + 2.2))
    worst = 1
    for s in shown:
        ys = [p for _, p in s.points]
        worst = max([worst, *(y for y in ys if y is not None)])
        line = ax.plot(times, [float("nan") if y is None else y for y in ys], marker="o", linewidth=2.2, markersize=5)[
            0
        ]
        last = max(i for i, y in enumerate(ys) if y is not None)
        if last == len(ys) - 1:  # still in the list: labelled in the right margin
            ax.annotate(
                label(s.title, 44),
                (times[last], ys[last]),
                xytext=(10, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
                color=line.get_color(),
                annotation_clip=False,
            )
        else:  # left the list: labelled where it was last seen, above its line
            ax.annotate(
                label(s.title, 30),
                (times[last], ys[last]),
                xytext=(0, 7),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=7,
                color=line.get_color(),
            )
    _axes(ax, plt, times, worst, title, tz)
    fig.subplots_adjust(right=0.7)
    _save(fig, plt, path, title)


def story_chart(series: list[Series], path: str, *, title: str, tz: tzinfo) -> None:
    """The story's rank in every list it was in, one line per list."""
    with _quiet():
        _story_chart(series, path, title=title, tz=tz)


def _story_chart(series: list[Series], path: str, *, title: str, tz: tzinfo) -> None:
    if not series or not any(s.best for s in series):
        raise ChartError(f"the story has no rankings to draw: {path} not written")
    check_target(path)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(11, 4.5))
    worst = 1
    times_all: list[datetime] = []
    for s in series:
        times = _times([s], tz)
        times_all += times
        ys = [p for _, p in s.points]
        worst = max([worst, *(y for y in ys if y is not None)])
        ax.plot(times, [float("nan") if y is None else y for y in ys], marker="o", linewidth=2, label=label(s.name, 50))
    ax.legend(loc="lower left", fontsize=8, frameon=False)
    _axes(ax, plt, sorted(times_all), worst, title, tz)
    _save(fig, plt, path, title)


def _axes(ax: Any, plt: Any, times: list[datetime], worst: int, title: str, tz: tzinfo) -> None:
    import matplotlib.dates as mdates

    ax.set_ylim(worst + 0.5, 0.5)  # rank 1 on top
    ax.set_yticks(range(1, worst + 1))
    ax.set_ylabel("rank")
    locator = mdates.AutoDateLocator(tz=tz)  # ticks and labels fit the span: seconds apart get seconds
    formatter = mdates.AutoDateFormatter(locator, tz=tz)
    formatter.scaled = {
        365.0: "%Y",
        30.0: "%Y-%m",
        1.0: "%m-%d",
        1 / 24: "%m-%d %H:%M",
        1 / 1440: "%H:%M:%S",
        1 / 86400: "%H:%M:%S",
    }  # tick spacing in days -> a label that tells ticks apart
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)
    ax.set_xlabel(f"captured ({_zone_name(tz, times)})")
    ax.grid(axis="y", alpha=0.25)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(label(title, 120), loc="left", fontsize=11)
    if times:
        from datetime import timedelta

        span = max(times[-1] - times[0], timedelta(minutes=1))  # one capture: a minute around it
        ax.set_xlim(times[0] - span * 0.03, times[-1] + span * 0.03)
    plt.setp(ax.get_xticklabels(), rotation=30, ha="right", fontsize=8)


def _zone_name(tz: tzinfo, times: list[datetime]) -> str:
    return (times[0].tzname() if times else None) or str(tz)


def _save(fig: Any, plt: Any, path: str, title: str) -> None:
    """The chart written through the one file writer (files.atomic_output): whole or not at all, the
    umask honoured, a device or a symlink's target written as export -o writes them."""
    from .errors import ExportError
    from .files import atomic_output

    suffix = check_target(path)
    try:
        with atomic_output(path, binary=True) as f:
            if suffix == ".html":
                buf = io.StringIO()
                fig.savefig(buf, format="svg", bbox_inches="tight")
                page = (
                    f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
                    "<style>body{font-family:sans-serif;margin:2em}svg{max-width:100%;height:auto}</style>"
                    f"</head><body>{buf.getvalue()[buf.getvalue().index('<svg') :]}</body></html>"
                )
                f.write(page.encode())
            else:
                fig.savefig(f, format=suffix[1:], dpi=130, bbox_inches="tight")
    except ExportError as exc:
        raise ChartError(str(exc)) from None
    finally:
        plt.close(fig)


def sparkline(points: list[tuple[str, int | None]], worst: int | None = None) -> str:
    """A story's rank over time in one line of text: a tall bar for rank 1, '·' when out of the list."""
    ranks = [p for _, p in points if p is not None]
    if not ranks:
        return ""
    worst = max(worst or max(ranks), 2)
    out = []
    for _, p in points:
        if p is None:
            out.append("·")
        else:
            out.append(_SPARKS[min(len(_SPARKS) - 1, round((p - 1) / (worst - 1) * (len(_SPARKS) - 1)))])
    return "".join(out)
