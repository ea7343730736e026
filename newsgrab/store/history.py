"""Rank history and story edits, read from the archive: the lists it knows, a list as it stood at a time,
one story's positions in every list, churn per day, and the stories edited in a window.

Read-only queries over `ranking_snapshots` (a snapshot is a list as seen at one capture time: every page of
an archive run shares the run's start, so a series has no false gaps; an imported page is a snapshot at its
WARC-Date) and `article_versions`. Times are UTC ISO 8601 as stored; callers format them.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from ..errors import NewsgrabError
from ..urls import normalise_url
from .archive import Archive


class HistoryError(NewsgrabError):
    """An unknown list, story or version (a usage error: one line, exit 2)."""


class NoData(HistoryError):
    """What was asked is valid but the archive holds nothing for it: a story never listed, a time before
    the first snapshot ("no data": exit 1, as for a search with no match)."""


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# ---- the lists ----


def lists(archive: Archive, site: str | None = None) -> list[dict]:
    """Every ranking list the archive knows: site, name, snapshots, first/last capture, distinct stories."""
    where, params = ("WHERE site = ?", [site]) if site else ("", [])
    rows = archive.db.execute(
        f"SELECT site, list_name, count(DISTINCT captured_at), min(captured_at), "
        f"max(captured_at), count(DISTINCT url) FROM ranking_snapshots {where} "
        "GROUP BY site, list_name ORDER BY site, list_name",
        params,
    ).fetchall()
    return [{"site": r[0], "list": r[1], "snapshots": r[2], "first": r[3], "last": r[4], "stories": r[5]} for r in rows]


def resolve_list(archive: Archive, name: str, site: str | None = None) -> tuple[str, str | None]:
    """(list name, site) for a name given by a user: exact, then case-insensitive, then a unique substring."""
    known = [(r["list"], r["site"]) for r in lists(archive, site)]
    for match in (
        lambda n: n == name,
        lambda n: n.casefold() == name.casefold(),
        lambda n: name.casefold() in n.casefold(),
    ):
        hits = [(n, s) for n, s in known if match(n)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1 and len({n for n, _ in hits}) == 1 and site is None:
            sites = ", ".join(sorted(str(s) for _, s in hits))
            raise HistoryError(f"the list {hits[0][0]!r} is on several sites ({sites}); choose one with --site")
        if len(hits) > 1:
            names = "; ".join(sorted({n for n, _ in hits}))
            raise HistoryError(f"{name!r} names several lists ({names}); give more of the name")
    if not known:
        raise HistoryError("the archive holds no ranking lists yet" + (f" for {site}" if site else ""))
    names = "; ".join(sorted({n for n, _ in known}))
    raise HistoryError(f"no ranking list {name!r}" + (f" on {site}" if site else "") + f" (known: {names})")


def list_at(
    archive: Archive, name: str, site: str | None, at: str | None = None, at_shown: str | None = None
) -> tuple[str, list[dict]]:
    """(capture time, items) of the list as it stood at `at` (UTC 'YYYY-MM-DD HH:MM:SS'; None: the latest)."""
    params: list = [name, site]
    cond = ""
    if at:
        cond = "AND datetime(captured_at) <= ?"
        params.append(at)
    row = archive.db.execute(
        f"SELECT NULL, captured_at FROM ranking_snapshots WHERE list_name = ? AND site IS ? {cond} "
        "ORDER BY captured_at DESC, id DESC LIMIT 1",
        params,
    ).fetchone()
    if row is None:
        raise NoData(
            f"the list {name!r} has no snapshot at or before {at_shown or at}"
            if at
            else f"the list {name!r} has no snapshot"
        )
    items = archive.db.execute(
        "SELECT position, title, url, article_id FROM ranking_snapshots WHERE list_name = ? AND site IS ? "
        "AND captured_at = ? ORDER BY position",
        [name, site, row[1]],
    ).fetchall()
    return row[1], [{"position": p, "title": t, "url": u, "article_id": a} for p, t, u, a in items]


# ---- series ----


@dataclass
class Series:
    """One story in one list: its position at each capture of the list (None: not in the list then)."""

    site: str | None
    name: str  # the list's name
    url: str
    title: str
    points: list[tuple[str, int | None]] = field(default_factory=list)

    @property
    def best(self) -> int | None:
        ranks = [p for _, p in self.points if p is not None]
        return min(ranks) if ranks else None

    @property
    def first_seen(self) -> str | None:
        return next((t for t, p in self.points if p is not None), None)

    @property
    def last_seen(self) -> str | None:
        return next((t for t, p in reversed(self.points) if p is not None), None)

    @property
    def hours(self) -> float:
        """Hours in the list: for each capture it was in, the time to the list's next capture."""
        total = 0.0
        for (t, p), (t2, _) in zip(self.points, self.points[1:], strict=False):
            if p is not None:
                total += (_dt(t2) - _dt(t)).total_seconds() / 3600
        return total


def list_series(
    archive: Archive, name: str, site: str | None, since: str | None = None, until: str | None = None
) -> list[Series]:
    """Every story's positions in one list over the window, each capture of the list a point."""
    cond, params = _window(since, until)
    rows = archive.db.execute(
        f"SELECT captured_at, position, url, title FROM ranking_snapshots WHERE list_name = ? AND site IS ? {cond} "
        "ORDER BY captured_at, position",
        [name, site, *params],
    ).fetchall()
    times = sorted({r[0] for r in rows})
    stories: dict[str, Series] = {}
    at: dict[tuple[str, str], int] = {}
    for t, pos, url, title in rows:
        key = url or title or ""
        stories.setdefault(key, Series(site, name, key, title or key))
        at[(key, t)] = pos
    for key, s in stories.items():
        s.points = [(t, at.get((key, t))) for t in times]
    return sorted(stories.values(), key=lambda s: (s.best or 999, s.first_seen or ""))


def story_series(archive: Archive, key: str) -> tuple[str, list[Series]]:
    """(the story's URL, its series in every list it was ever in). `key` is a URL or an article id."""
    urls: list[str] = []
    article_id = None
    if key.isdigit():
        row = archive.get(int(key))
        if row is None:
            raise HistoryError(f"no article {key} in the archive")
        article_id = row["id"]
        urls = [u for u in (row.get("url"), row.get("fetch_url")) if u]
    else:
        row = archive.get(key)
        urls = list(
            dict.fromkeys(
                [key, normalise_url(key) or key]
                + ([u for u in (row.get("url"), row.get("fetch_url")) if u] if row else [])
            )
        )
        article_id = row["id"] if row else None
    marks = ",".join("?" for _ in urls)
    hits = archive.db.execute(
        f"SELECT DISTINCT site, list_name FROM ranking_snapshots WHERE url IN ({marks}) OR article_id IS ?",
        [*urls, article_id if article_id is not None else -1],
    ).fetchall()
    if not hits:
        raise NoData(f"{key} was never in a ranking list the archive holds")
    out = []
    for site, name in hits:
        for s in list_series(archive, name, site):
            if s.url in urls:
                out.append(s)
    return urls[0], sorted(out, key=lambda s: (s.site or "", s.name))


# ---- churn ----


def churn(archive: Archive, name: str, site: str | None, since: str | None = None, tz: tzinfo = UTC) -> list[dict]:
    """Per day (in `tz`, the site's zone) of the window: captures, entries, exits, and the three stories
    longest in the list that day (hours: for each capture it was in, the time to the list's next capture)."""
    series = list_series(archive, name, site, since)
    if not series:
        return []
    times = [t for t, _ in series[0].points]
    day_of = [_dt(t).astimezone(tz).date().isoformat() for t in times]
    span = [(_dt(b) - _dt(a)).total_seconds() / 3600 for a, b in zip(times, times[1:], strict=False)] + [0.0]
    days: dict[str, dict] = defaultdict(lambda: {"captures": 0, "entries": 0, "exits": 0})
    hours: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for i, day in enumerate(day_of):
        days[day]["captures"] += 1
        for s in series:
            before, now = (s.points[i - 1][1] if i else None), s.points[i][1]
            if now is not None:
                hours[day][s.url] += span[i]
            if i and before is None and now is not None:
                days[day]["entries"] += 1
            elif i and before is not None and now is None:
                days[day]["exits"] += 1
    by_url = {s.url: s for s in series}
    out = []
    for day in sorted(days):
        longest = sorted(hours[day].items(), key=lambda kv: (-kv[1], by_url[kv[0]].best or 999))[:3]
        out.append(
            {
                "day": day,
                **days[day],
                "longest": [
                    {"title": by_url[u].title, "url": u, "hours": round(h, 1), "best": by_url[u].best}
                    for u, h in longest
                ],
            }
        )
    return out


def _window(since: str | None, until: str | None) -> tuple[str, list]:
    cond, params = "", []
    if since:
        cond += " AND datetime(captured_at) >= ?"
        params.append(since)
    if until:
        cond += " AND datetime(captured_at) <= ?"
        params.append(until)
    return cond, params


# ---- edits ----

_WORD = re.compile(r"\S+")


def word_changes(before: str, after: str) -> tuple[int, int]:
    """(words added, words removed) from one text to the other."""
    a, b = _WORD.findall(before or ""), _WORD.findall(after or "")
    added = removed = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            removed += i2 - i1
        if op in ("replace", "insert"):
            added += j2 - j1
    return added, removed


def edits(archive: Archive, since: str, until: str | None = None) -> list[dict]:
    """Stories with a new version in the window, each change with its size (words added/removed) and
    whether the headline changed; newest first."""
    params: list = [since]
    cond = "AND datetime(v.fetched_at) >= ?"
    if until:
        cond += " AND datetime(v.fetched_at) <= ?"
        params.append(until)
    rows = archive.db.execute(
        "SELECT v.article_id, v.version, v.fetched_at, a.url, a.site FROM article_versions v "
        f"JOIN articles a ON a.id = v.article_id WHERE v.version > 1 {cond} "
        "ORDER BY v.fetched_at DESC, v.article_id",
        params,
    ).fetchall()
    out = []
    for article_id, version, fetched_at, url, site in rows:
        old = archive.version_record(article_id, version - 1) or {}
        new = archive.version_record(article_id, version) or {}
        added, removed = word_changes(old.get("body") or "", new.get("body") or "")
        out.append(
            {
                "article_id": article_id,
                "version": version,
                "at": fetched_at,
                "url": url,
                "site": site,
                "headline": new.get("headline"),
                "headline_changed": old.get("headline") != new.get("headline"),
                "words_added": added,
                "words_removed": removed,
            }
        )
    return out


def version_pair(archive: Archive, key: str, v_from: int | None, v_to: int | None) -> tuple[dict, dict, dict]:
    """(article row, record of version v_from, record of version v_to); by default the last two versions."""
    row = archive.get(key)
    if row is None:
        raise HistoryError(f"no article {key!r} in the archive")
    last = row["version"]
    to = v_to or last
    frm = v_from or max(1, to - 1)
    for v in (frm, to):
        if not 1 <= v <= last:
            raise HistoryError(f"article {row['id']} has versions 1 to {last}; there is no version {v}")
    a, b = archive.version_record(row["id"], frm), archive.version_record(row["id"], to)
    assert a is not None and b is not None
    a["version"], b["version"] = frm, to
    return row, a, b
