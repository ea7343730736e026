"""Who ran it: the same story across sites (`similar`, `copies`) and every headline a story is given
(`headlines`), read from the archive's copy pairs (store/copies.py) and records.

Who ran it first is the earliest publication time a copy gives (its `published`, else when it was first
archived); a copy's lag is its time after that. Credits agree when every copy that names a credit names the
same one (Kyodo and Kyodo), or none names one."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from . import similarity as S
from .errors import NewsgrabError

if TYPE_CHECKING:
    from .store import Archive


class UnknownStory(NewsgrabError):
    """No story with that URL or id in the archive."""


def similar(archive: Archive, key: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The story and the other stories of its cluster, each with its estimated overlap with the story,
    earliest first."""
    archive.require_copies()
    row = archive.get(key)
    if row is None:
        raise UnknownStory(f"no story {key!r} in {archive.path}")
    members = archive.cluster_of(row["id"])
    rows = _with_times(archive.story_rows(members))
    mine = archive.signature_of(row["id"])
    for r in rows:
        other = archive.signature_of(r["id"])
        r["overlap"] = round(S.similarity(mine, other), 2) if mine and other else None
    story = next(r for r in rows if r["id"] == row["id"])
    others = sorted((r for r in rows if r["id"] != row["id"]), key=lambda r: (r["at"], r["id"]))
    return story, others


def copy_clusters(
    archive: Archive, since: str | None = None, site: str | None = None, credit: str | None = None
) -> list[dict[str, Any]]:
    """The clusters that span two sites or more, largest first: who ran it first, each copy's lag and overlap
    with the first, and whether the credits agree. `site` and `credit` keep the clusters with a copy of that
    site or credit (case apart)."""
    archive.require_copies()
    out: list[dict[str, Any]] = []
    for ids in archive.clusters(since):
        rows = _with_times(archive.story_rows(ids))
        if len({r["site"] for r in rows}) < 2:
            continue
        if site and not any((r["site"] or "").casefold() == site.casefold() for r in rows):
            continue
        if credit and not any((r["credit"] or "").casefold() == credit.casefold() for r in rows):
            continue
        rows.sort(key=lambda r: (r["at"], r["id"]))
        first = rows[0]
        first_sig = archive.signature_of(first["id"])
        for r in rows:
            other = archive.signature_of(r["id"])
            r["overlap"] = round(S.similarity(first_sig, other), 2) if first_sig and other else None
            r["lag_minutes"] = _minutes(first["at"], r["at"])
        credits = {(r["credit"] or "").casefold() for r in rows if r["credit"]}
        out.append(
            {
                "stories": len(rows),
                "sites": len({r["site"] for r in rows}),
                "first": first,
                "credits_agree": len(credits) <= 1,
                "credits": sorted({r["credit"] for r in rows if r["credit"]}),
                "copies": rows,
            }
        )
    out.sort(key=lambda c: (-c["sites"], -c["stories"], c["first"]["at"]))
    return out


def headline_report(
    archive: Archive, since: str | None = None, differing: bool = False, changed: bool = False
) -> list[dict[str, Any]]:
    """Stories whose headline variants differ (`differing`: the printed, social and search headlines are
    not all the same; the <title> is not compared, it carries the site's name) or whose headline changed
    between versions (`changed`); both when neither is asked for."""
    if not differing and not changed:
        differing = changed = True
    out = []
    for row in archive.headline_rows(since):
        variants = row["headlines"] or {}
        distinct = {_norm(v) for k, v in variants.items() if k != "title" and v}
        row["differing"] = len(distinct) > 1
        row["changed"] = len(row["version_headlines"]) > 1
        if (differing and row["differing"]) or (changed and row["changed"]):
            out.append(row)
    return out


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").replace("‘", "'").split()).strip(" .")


def _with_times(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for r in rows:
        r["at"] = _utc(r["published"]) or _utc(r["first_seen"]) or ""
    return rows


def _utc(value: str | None) -> str | None:
    """An ISO time in UTC (+00:00), for ordering and lags; a time with no zone is read as UTC."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    dt = dt.astimezone(UTC) if dt.tzinfo is not None else dt.replace(tzinfo=UTC)
    return dt.isoformat(timespec="seconds")


def _minutes(start: str, end: str) -> int | None:
    try:
        return round((datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 60)
    except ValueError:
        return None
