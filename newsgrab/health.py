"""Health rules for a cron job nobody watches: a site gone quiet, or a field suddenly empty (the sign of a
layout change). Pure functions over figures the archive reads; no database here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

QUIET_MIN_HOURS = 6  # never warn about a gap shorter than this
QUIET_FACTOR = 4  # ... or shorter than this many times the site's usual gap
EMPTY_NOW, EMPTY_BEFORE = 0.5, 0.2  # a field empty on half the latest pages, where it was on a fifth at most
RECENT, EARLIER = 20, 100  # pages compared: the latest RECENT against the EARLIER before them
FIELDS = ("headline", "body", "published", "rankings")


SAME_RUN_SECONDS = 60  # articles first seen this close together came in one run: no gap between them


def quiet_warning(site: str, first_seen: Sequence[datetime], now: datetime) -> str | None:
    """A warning when a site has produced nothing new for much longer than usual (`first_seen` newest first).

    `now` is the last time the archive looked (its latest run), not the clock: an archive nobody runs
    any more is not a quiet site. The usual gap is the median of the gaps between arrivals in different
    runs (ten articles found by one run are one arrival, not nine gaps of zero)."""
    if len(first_seen) < 5:
        return None
    gaps = sorted(
        g
        for g in ((a - b).total_seconds() for a, b in zip(first_seen, first_seen[1:], strict=False))
        if g >= SAME_RUN_SECONDS
    )
    if len(gaps) < 4:
        return None
    median = gaps[len(gaps) // 2]
    quiet = (now - first_seen[0]).total_seconds()
    if quiet > max(QUIET_MIN_HOURS * 3600, QUIET_FACTOR * median):
        return f"{site}: nothing new for {quiet / 3600:.1f} h (usually a new article every {median / 3600:.1f} h)"
    return None


def empty_field_warnings(site: str, rows: Sequence[Sequence[object]]) -> list[str]:
    """Warnings for fields (FIELDS, in that order in each row, newest row first) that came back empty on most
    recent pages while they used to be filled."""
    recent, before = rows[:RECENT], rows[RECENT : RECENT + EARLIER]
    if len(recent) < RECENT // 2 or len(before) < RECENT:
        return []
    out = []
    for i, name in enumerate(FIELDS):

        def empty(r: Sequence[object], i: int = i) -> bool:
            return not r[i] or r[i] in ("[]", "")

        now_rate = sum(map(empty, recent)) / len(recent)
        was_rate = sum(map(empty, before)) / len(before)
        if now_rate >= EMPTY_NOW and was_rate <= EMPTY_BEFORE:
            out.append(
                f"{site}: {name} empty on {now_rate:.0%} of the latest {len(recent)} articles "
                f"(was {was_rate:.0%}): has the site changed its layout?"
            )
    return out
