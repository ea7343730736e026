"""When to look at an archived story again for edits: a decaying schedule, decided without a database."""

from __future__ import annotations

from datetime import datetime

# (age limit, check interval) in hours: every run for 3 h, hourly for a day, daily for a week, then never.
SCHEDULE: tuple[tuple[float, float], ...] = ((3.0, 0.0), (24.0, 1.0), (24.0 * 7, 24.0))


def horizon(schedule: tuple[tuple[float, float], ...] = SCHEDULE) -> float:
    """Hours after which a story is never re-checked."""
    return max(limit for limit, _ in schedule)


def is_due(
    first_seen: datetime, last_seen: datetime, now: datetime, schedule: tuple[tuple[float, float], ...] = SCHEDULE
) -> bool:
    """Whether a story first archived at `first_seen` and last looked at at `last_seen` is due a check."""
    age = (now - first_seen).total_seconds() / 3600
    idle = (now - last_seen).total_seconds() / 3600
    for limit, interval in schedule:
        if age < limit:
            return idle >= interval
    return False
