"""Times shown to a person in the site's own zone, the same way by the CLI and by `serve`."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo


def site_zone(site: str | None) -> tzinfo:
    """The site's time zone (its profile's), UTC when no profile gives one."""
    from .extract.dates import zone
    from .sites import profile_for

    profile = profile_for(f"https://{site}/") if site else None
    return (zone(profile.timezone) if profile and profile.timezone else None) or UTC


def local(iso: str | None, site: str | None) -> str:
    """'2024-01-10 09:00 JST' for a stored ISO time; '-' for none; the text as it is when it is no time."""
    if not iso:
        return "-"
    try:
        when = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    if when.tzinfo is None:  # stored naive (no zone known): shown as it is
        return when.strftime("%Y-%m-%d %H:%M")
    when = when.astimezone(site_zone(site))
    return when.strftime("%Y-%m-%d %H:%M ") + (when.tzname() or "")
