"""The byline, the authors, the credited organisation and the dateline."""

from __future__ import annotations

import re

from lxml import etree

from ..bylines import byline_parts, canonical_org, dedupe, find_byline, split_byline
from ..dates import is_date_line
from ..document import is_inside
from ..merge_order import GENERIC, JSONLD, META, PROFILE
from ..metadata import ld_people
from ..text import casefold, clean, url_host
from .context import Context, ordered

# ---- byline, authors, credit ----


def _generic_byline(ctx: Context) -> str | None:
    return find_byline(ctx.root, ctx.frame, ctx.aliases, ctx.site_name)


def choose_byline(ctx: Context) -> tuple[str | None, str | None]:
    text = ctx.select_text("byline")
    if text:
        return text, PROFILE
    text = tidy_byline(_generic_byline(ctx))
    return (text, GENERIC) if text else (None, None)


_BYLINE_SEPARATOR = re.compile(r"\s+(?:·|/|\|)\s+")


def tidy_byline(byline: str | None) -> str | None:
    """The byline without a part that only dates the story ('1 day ago · Duncan Walker' -> 'Duncan Walker';
    the date is the published field's) or that repeats an earlier part ('By Associated Press / Associated
    Press' -> 'By Associated Press')."""
    if not byline:
        return byline
    seps = _BYLINE_SEPARATOR.findall(byline)
    if not seps:
        return byline
    parts = _BYLINE_SEPARATOR.split(byline)
    kept: list[str] = []
    seen: set[str] = set()
    joins: list[str] = []
    for i, part in enumerate(parts):
        key = re.sub(r"^by\s+", "", part.strip(), flags=re.I).casefold()
        if is_date_line(part.strip()) or key in seen:
            continue
        seen.add(key)
        if kept:
            joins.append(seps[i - 1])
        kept.append(part)
    if not kept:
        return None
    return kept[0] + "".join(j + p for j, p in zip(joins, kept[1:], strict=True))


def choose_authors(
    ctx: Context, byline: str | None, byline_source: str | None
) -> tuple[list[str], str | None, str | None]:
    """The people named as authors, the credited organisation, and where the names came from.

    When the page names no person, the organisations it names as author (JSON-LD, author meta tags,
    then the byline: "DPA", "Redaktion hessenschau.de") stand as corporate authors. `byline_source` is
    where `_byline` found the byline (profile or generic), as it recorded when it chose it.
    """
    aliases, site = ctx.aliases, ctx.site_name
    meta_names: list[str] = []
    meta_orgs: list[str] = []
    if not ctx.ignored("json-ld:author"):
        for name, kind in ld_people(ctx.md.jsonld.get("author") or ctx.md.jsonld.get("creator"), ctx.md.jsonld_ids):
            if kind == "organization":
                meta_orgs.append(canonical_org(name, aliases))
                continue
            names, orgs = byline_parts(name, aliases, site)
            meta_names += names
            meta_orgs += orgs
    own = own_names(ctx)
    if meta_names and all(casefold(n).removeprefix("the ") in own for n in meta_names):
        meta_orgs, meta_names = meta_orgs + meta_names, []  # the site's own name, typed as a person
    from_ld = bool(meta_names)
    if not meta_names and not ctx.ignored("meta:author"):
        tag_orgs: list[str] = []
        for key in (
            "author",
            "article:author",
            "parsely-author",
            "sailthru.author",
            "dc.creator",
            "dcterms.creator",
            "byl",
            "twitter:creator",
        ):
            for value in ctx.md.all(key):
                if value.startswith(("http://", "https://", "@")) or "/" in value and " " not in value:
                    continue
                names, orgs = byline_parts(value, aliases, site)
                meta_names += names
                tag_orgs += orgs
            if meta_names:
                break
        meta_orgs = meta_orgs or tag_orgs  # JSON-LD names the organisation more precisely than a meta tag
    profile_names: list[str] = []
    generic_names: list[str] = []
    byline_orgs: list[str] = []
    if byline:
        names, byline_orgs = byline_parts(byline, aliases, site)
        if byline_source == PROFILE:
            profile_names = names
        else:
            generic_names = names
    if not generic_names and not profile_names and ctx.md.rel_author:
        generic_names = dedupe([n for t in ctx.md.rel_author for n in split_byline(t, aliases)[0]])
    if not generic_names and not profile_names and ctx.signoff:
        _, generic_names, signed_orgs = ctx.signoff
        byline_orgs = byline_orgs or signed_orgs
    credit = (byline_orgs or meta_orgs or [None])[0]  # type: ignore[list-item]
    names, source = ordered(ctx, "authors", meta_names, profile_names, generic_names)
    if names:  # the site's own name is not an author where people are named ("example.de", "Example Times")
        names = [n for n in names if casefold(n).removeprefix("the ") not in own] or names
    if not names and (meta_orgs or byline_orgs):
        return dedupe(meta_orgs or byline_orgs), credit, (META if meta_orgs else byline_source or GENERIC)
    if source == META and from_ld:
        source = JSONLD
    return dedupe(names or []), credit, source


def own_names(ctx: Context) -> set[str]:
    """The site's own names, casefolded: its site name, its host and the host's main label."""
    host = (url_host(ctx.url) or "").lower().removeprefix("www.")
    out = {host, host.split(".")[0]} if host else set()
    if ctx.site_name:
        out.add(casefold(ctx.site_name).removeprefix("the "))
    return out - {""}


_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'’\-]*(?:[ ,]+[A-Z][A-Za-z.'’\-]*){0,3}?)"
    r"(?:,\s*(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}))?"
    r"\s*(?:\((?P<credit>[^()]{2,40})\))?\s*[—–-]{1,2}\s*"
)


def find_dateline(body: str | None) -> tuple[str | None, str | None]:
    """'Tokyo, Jan. 10 (Jiji Press)—…' -> ('Tokyo, Jan. 10', 'Jiji Press')."""
    if not body:
        return None, None
    first = body.split("\n", 1)[0][:200]
    m = _DATELINE.match(first)
    if not m:
        return None, None
    place, date, credit = m.group("place").strip(" ,"), m.group("date"), m.group("credit")
    head = place.split(",")[0]
    if not (date or credit or (head.isupper() and len(head) > 2)):
        return None, None
    dateline = f"{place}, {date}" if date else place
    return dateline, (clean(credit) if credit else None)


def choose_credit(
    ctx: Context, byline_credit: str | None, dateline_credit: str | None, body: str | None
) -> tuple[str | None, str | None]:
    aliases = ctx.aliases
    if byline_credit:
        return canonical_org(byline_credit, aliases), PROFILE if ctx.select_text("byline") else GENERIC
    if dateline_credit:
        return canonical_org(dateline_credit, aliases), "dateline"
    if ctx.profile and ctx.profile.credits:
        wanted = {c.casefold(): c for c in ctx.profile.credits}
        container = ctx.container[0]
        for el in ctx.root.iter("p", "span", "div", "small", "cite"):
            if container is not None and (el is container or is_inside(el, container)):
                break
            if el.find(".//p") is not None or el.find(".//div") is not None:
                continue
            if el.getparent() is not None and el.getparent().tag == "figcaption" or _in_figure(el):
                continue
            text = clean(el.text_content()).casefold()
            if text in wanted:
                return canonical_org(wanted[text], aliases), PROFILE
    return None, None


def _in_figure(el: etree._Element) -> bool:
    parent = el.getparent()
    for _ in range(4):
        if parent is None:
            return False
        if parent.tag in ("figure", "figcaption"):
            return True
        parent = parent.getparent()
    return False
