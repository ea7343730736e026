"""When the story was published and modified, in which zone."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from lxml import etree

from .. import lexicon
from ..dates import date_from_url, has_zone, parse_date, parse_machine_date
from ..document import body_elements
from ..merge_order import GENERIC, JSONLD, META, PROFILE
from ..metadata import ld_text
from ..text import clean
from .context import Context

# ---- dates ----

_META_DATES = {
    "published": (
        "article:published_time",
        "og:article:published_time",
        "article:published",
        "datepublished",
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "parsely-pub-date",
        "sailthru.date",
        "dc.date.issued",
        "dcterms.issued",
        "dc.date",
        "dcterms.created",
        "dc.date.created",
        "date",
        "cxenseparse:recs:publishtime",
        "article.published",
        "published_time",
        "release_date",
        "originalpublicationdate",
    ),
    "modified": (
        "article:modified_time",
        "og:updated_time",
        "datemodified",
        "dc.date.modified",
        "dcterms.modified",
        "lastmod",
        "last-modified",
        "article:modified",
        "modified_time",
    ),
}
_LD_DATES = {"published": ("datePublished", "dateCreated", "uploadDate"), "modified": ("dateModified",)}


def choose_date(ctx: Context, which: str) -> tuple[datetime | None, str | None]:
    fmts = ctx.profile.date_formats if ctx.profile else ()
    meta: list[datetime] = []
    ld_dt = None
    if not ctx.ignored(f"json-ld:{which}"):
        for key in _LD_DATES[which]:
            ld_dt = parse_machine_date(ld_text(ctx.md.jsonld.get(key)))
            if ld_dt:
                meta.append(ld_dt)
                break
    for key in () if ctx.ignored(f"meta:{which}") else _META_DATES[which]:
        for value in ctx.md.meta.get(key, ()):
            dt = parse_machine_date(value)
            if dt:
                meta.append(dt)
                break
    for el in [] if ctx.ignored(f"meta:{which}") else ctx.md.itemprops.get("date" + which, []):
        value = el.get("datetime") or el.get("content")
        dt = parse_machine_date(value) if value else parse_date(clean(el.text_content()))
        if dt:
            meta.append(dt)
    profile: list[datetime] = []
    for el in ctx.select(which):
        dt = parse_date(clean(el.get("datetime") or el.text_content()), ctx.tz, fmts)
        if dt:
            profile.append(dt)
            break
    if not profile and which == "published" and ctx.profile and ctx.profile.date_pattern:
        m = re.search(ctx.profile.date_pattern, _visible_text(ctx))
        if m:
            dt = parse_date(m.group(0), ctx.tz, fmts)
            if dt:
                profile.append(dt)
    generic: list[datetime] = []
    if which == "published":
        for el in ctx.root.iter("time"):
            value = el.get("datetime") or el.get("content")
            dt = parse_machine_date(value) if value else parse_date(clean(el.text_content()))
            if dt:
                generic.append(dt)
                break
        if not generic:
            dt = _visible_date(ctx)
            if dt:
                generic.append(dt)
        if not generic:
            day = date_from_url(ctx.url)
            if day:
                generic.append(datetime(day.year, day.month, day.day))
    layers = [(META, meta), (PROFILE, profile), (GENERIC, generic)]
    if ctx.profile and which in ctx.profile.prefer:
        layers = [layers[1], layers[0], layers[2]]
    chosen, source = _best_date(ctx, layers)
    if (
        source == META
        and ld_dt is not None
        and chosen is not None
        and chosen.replace(tzinfo=None) == ld_dt.replace(tzinfo=None)
    ):
        source = JSONLD  # the value came from JSON-LD (possibly given its zone by another layer)
    return chosen, source


def _date_class(el: etree._Element) -> bool:
    """A class named for a date: date (Date, DATE's D and T), time (Time), datum, lineinfo, meta."""
    cls = el.get("class")
    if not cls:
        return False
    dt = cls.replace("D", "d").replace("T", "t")
    return "date" in dt or "time" in cls.replace("T", "t") or "datum" in cls or "lineinfo" in cls or "meta" in cls


def _visible_date(ctx: Context) -> datetime | None:
    """A date printed near the story in an element named for it ('date', 'time', 'meta', ...)."""
    for i, el in enumerate(el for el in body_elements(ctx.root) if _date_class(el)):
        if i >= 40:
            break
        text = el.text_content()
        if len(text) > 160 or not re.search(r"\d", text):
            continue
        dt = parse_date(_published_part(clean(text)), ctx.tz)
        if dt is not None:
            return dt
    return None


def _published_part(text: str) -> str:
    """Of a date line in parts ('Updated 2 May 2024 09:00 · Published 1 May 2024 10:00'), the parts that
    are not labelled as an update."""
    parts = [p for p in _DATE_LINE_PARTS.split(text) if p.strip()]
    kept = [p for p in parts if not _UPDATED_LABEL.match(p.strip())]
    return " ".join(kept) if kept and len(kept) < len(parts) else text


_DATE_LINE_PARTS = re.compile(r"\s*[·|•]\s*")
_UPDATED_LABEL = re.compile(rf"(?:{lexicon.pattern('updated_labels')})\b", re.I)


def _best_date(ctx: Context, layers) -> tuple[datetime | None, str | None]:
    """First date by layer order; a naive one borrows the zone of an aware one at the same time."""
    flat = [(src, dt) for src, dts in layers for dt in dts]
    if not flat:
        return None, None
    src, dt = flat[0]
    if not has_zone(dt):
        for other_src, other in flat[1:]:
            if has_zone(other) and abs((other.replace(tzinfo=None) - dt).total_seconds()) < 60:
                return other, other_src
            if has_zone(other) and dt.hour == 0 and dt.minute == 0 and other.date() == dt.date():
                return other, other_src
        page_zone = _page_zone(ctx)
        if page_zone is not None:  # the offset the page gives its other timestamps
            return dt.replace(tzinfo=page_zone), src
        if ctx.tz is not None:
            return dt.replace(tzinfo=ctx.tz), src
    return dt, src


def _page_zone(ctx: Context) -> tzinfo | None:
    """The zone of the page's own machine-readable timestamps (JSON-LD, meta tags the profile does not
    ignore), when they carry one."""
    values = [
        ld_text(ctx.md.jsonld.get(k))
        for which in ("published", "modified")
        if not ctx.ignored(f"json-ld:{which}")
        for k in _LD_DATES[which]
    ]
    values += [
        v
        for which in ("published", "modified")
        if not ctx.ignored(f"meta:{which}")
        for k in _META_DATES[which]
        for v in ctx.md.meta.get(k, ())
    ]
    for value in values:
        dt = parse_machine_date(value) if value else None
        if dt is not None and has_zone(dt):
            return dt.tzinfo
    return None


def _visible_text(ctx: Context) -> str:
    body = ctx.root.find("body")
    return clean(" ".join((body if body is not None else ctx.root).itertext()))[:200_000]
