"""Per-field layers and the merge that builds the Article."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import cached_property
from typing import Any

from lxml import etree

from ..model import Article, Image
from ..sites import Profile
from . import body as B
from . import lexicon
from .body.density import density_body
from .body.verdict import STORY_WORDS, judge_bodies
from .bylines import byline_parts, canonical_org, dedupe, find_byline, signoff, split_byline
from .dates import date_from_url, has_zone, is_date_line, parse_date, parse_machine_date, zone
from .document import is_inside
from .frame import StoryFrame
from .images import figure_image
from .merge_order import DENSITY, GENERIC, JSONLD, MERGE_ORDER, META, PROFILE, STATE
from .metadata import Metadata, ld_list, ld_people, ld_text, ld_types
from .rankings import find_rankings
from .state import state_story
from .text import casefold, clean, clean_lines, join_url, text_upto, url_host, url_parts, word_count


@dataclass
class Context:
    root: etree._Element
    md: Metadata
    url: str | None
    base: str | None
    profile: Profile | None
    default_tz: str | None = None
    headline: str | None = None  # set by build once chosen: the story's frame is found around it
    _selected: dict[str, list[etree._Element]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # doubts found while extracting, for Article.warnings
    body_verdict: str | None = None  # what the judge between the two body methods did, and why
    org_credit: str | None = None  # the organisation the byline or the author metadata names (for credit)

    def ignored(self, key: str) -> bool:
        return self.profile is not None and key in self.profile.ignore

    def select(self, key: str) -> list[etree._Element]:
        """Elements the profile's selectors for `key` find (the first selector that finds any)."""
        if not self.profile:
            return []
        if key not in self._selected:  # several fields read the same selection (byline, credit, ...)
            self._selected[key] = next((found for sel in self.profile.css(key) if (found := sel(self.root))), [])
        return self._selected[key]

    def select_text(self, key: str) -> str | None:
        for el in self.select(key):
            text = clean(el.text_content())
            if text:
                return text
        return None

    @cached_property
    def tz(self) -> tzinfo | None:
        return zone(self.profile.timezone if self.profile and self.profile.timezone else self.default_tz)

    @cached_property
    def h1s(self) -> list[str]:
        body = self.root.find("body")
        out = []
        for h in (body if body is not None else self.root).iter("h1"):
            text = clean(h.text_content())
            if text and len(text) < 400 and not B.is_hidden(h):
                out.append(text)
        return out

    @cached_property
    def site_name(self) -> str:
        return self.md.first("og:site_name", "application-name") or ""

    @property
    def aliases(self) -> dict[str, str]:
        return self.profile.credit_aliases if self.profile else {}

    @cached_property
    def signoff(self) -> tuple[etree._Element, list[str], list[str]] | None:
        """A short name closing the generic story ("Lê Phương" in bold): a byline, not body text.
        Returns the element and the people and organisations it names."""
        container, source = self.container
        if container is None or source != GENERIC:
            return None
        found = signoff(list(container.iter("p")))
        if not found:
            return None
        people, orgs = byline_parts(found[1], self.aliases, self.site_name)
        return (found[0], people, orgs) if people or orgs else None

    @cached_property
    def frame(self) -> StoryFrame:
        """Where the story is on the page: its <h1>, its text and the part of the page around both."""
        return StoryFrame.around(self.root, _headline_element(self, self.headline), self.container[0])

    @cached_property
    def cards(self) -> frozenset[etree._Element]:
        """The page's teaser cards, found once for both ways of finding the story."""
        return B.page_cards(self.root)

    @cached_property
    def container(self) -> tuple[etree._Element | None, str]:
        found = self.select("body")
        if found:
            return found[0], PROFILE
        el = B.find_container(self.root, live="liveblogposting" in ld_types(self.md.jsonld), cards=self.cards)
        return el, GENERIC


def build(ctx: Context) -> Article:
    """The Article from one page: each field from its sources in MERGE_ORDER, provenance in `sources`."""
    a = Article(profile=ctx.profile.name if ctx.profile else None)
    src: dict[str, str | None] = {}
    for name in MERGE_ORDER:
        _STEPS[name](ctx, a, src)
    src["body_judge"] = ctx.body_verdict
    a.sources = {k: v for k, v in src.items() if v is not None}
    a.warnings += ctx.warnings
    return a


Step = Callable[[Context, Article, dict[str, str | None]], None]


def _url_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.url, src["url"] = _url(ctx)
    a.site = url_host(a.url or ctx.url)


def _headline_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.headline, src["headline"] = _headline(ctx)
    ctx.headline = a.headline


def _byline_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.byline, src["byline"] = _byline(ctx)


def _authors_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.authors, ctx.org_credit, src["authors"] = _authors(ctx, a.byline, src.get("byline"))


def _body_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.body, src["body"] = _body(ctx, a.headline, a.byline, a.authors)


def _credit_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.dateline, dl_credit = _dateline(a.body)
    a.credit, src["credit"] = _credit(ctx, ctx.org_credit, dl_credit, a.body)


def _date_step(which: str) -> Step:
    def step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
        value, src[which] = _date(ctx, which)
        setattr(a, which, value)
        if which == "published" and value and not has_zone(value):
            a.warnings.append("published has no timezone: the page gives none and no default zone is set")
    return step


def _section_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    path, src["section_path"] = _section_path(ctx)
    a.section_path = _trail(path, a.headline, _own_names(ctx))
    a.section, src["section"] = _section(ctx, a.section_path)


def _tags_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.tags, src["tags"] = _tags(ctx)


def _language_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.language, src["language"] = _language(ctx)


def _images_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.images, src["images"] = _images(ctx)


def _access_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.access, src["access"] = _access(ctx)


def _rankings_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    p = ctx.profile
    a.rankings = find_rankings(ctx.root, ctx.base, p.ranking_headings if p else (), p.not_rankings if p else ())
    src["rankings"] = PROFILE if p and p.ranking_headings else GENERIC


_STEPS: dict[str, Step] = {
    "url": _url_step, "headline": _headline_step, "byline": _byline_step, "authors": _authors_step,
    "body": _body_step, "credit": _credit_step, "published": _date_step("published"),
    "modified": _date_step("modified"), "section": _section_step, "tags": _tags_step,
    "language": _language_step, "images": _images_step, "access": _access_step, "rankings": _rankings_step,
}
assert list(_STEPS) == list(MERGE_ORDER), "every field of MERGE_ORDER has one step, in its order"


def _first(*layers: tuple[str, Any]) -> tuple[Any, str | None]:
    for source, value in layers:
        if value:
            return value, source
    return None, None


def _ordered(ctx: Context, name: str, meta, profile, generic) -> tuple[Any, str | None]:
    """Merge one field: metadata, then profile, then generic; profile first when it `prefer`s the field."""
    layers = [(META, meta), (PROFILE, profile), (GENERIC, generic)]
    if ctx.profile and name in ctx.profile.prefer:
        layers = [layers[1], layers[0], layers[2]]
    return _first(*layers)


# ---- url ----

def _url(ctx: Context) -> tuple[str | None, str | None]:
    for cand in (ctx.md.canonical, ctx.md.first("og:url")):
        if not cand:
            continue
        cand = join_url(ctx.url, cand)
        parts = url_parts(cand)
        if cand is None or parts is None or parts.scheme not in ("http", "https"):
            continue
        if ctx.url and (url_host(ctx.url) or "").lower() != (parts.hostname or "").lower():
            continue  # a canonical on another host is not trusted
        return cand, META
    return ctx.url, ("input" if ctx.url else None)


# ---- headline ----

_SUFFIX = re.compile(r"\s+(?:[|\-–—·•~/]|::)\s+")


def _headline(ctx: Context) -> tuple[str | None, str | None]:
    md = ctx.md
    ld = md.jsonld
    metas: list[tuple[str, str]] = []
    for name in ("og:title", "twitter:title", "parsely-title", "sailthru.title", "dc.title", "headline"):
        value = md.first(name)
        if value:  # entities escaped twice by a CMS ("Headline &#045; Site") are text to decode, a convention
            metas.append((META, html.unescape(value)))
    ld_head = None if ctx.ignored("json-ld:headline") else ld_text(ld.get("headline") or ld.get("name"))
    if ld_head:
        metas.insert(0, (JSONLD, ld_head))
    for el in md.itemprops.get("headline", ()):
        if el.tag != "meta":
            t = clean(el.text_content())
            if t:
                metas.append((GENERIC, t))
    profile_h = ctx.select_text("headline")
    h1s = ctx.h1s
    title_tag = html.unescape(md.title or "")
    site = ctx.site_name
    # 1. The JSON-LD headline: written for this article by the newsroom, seldom carrying the site name.
    if ld_head and metas[0][0] == JSONLD:
        # ... unless the same object's `name` is the headline printed on the page and `headline` is not
        # (a search-engine variant: "Woman who lost 130lb: seven unexpected changes of weight loss")
        ld_name = ld_text(ld.get("name"))
        if ld_name and casefold(ld_name) != casefold(ld_head) and casefold(ld_head) not in map(casefold, h1s):
            shown = next((h for h in h1s if casefold(h) == casefold(ld_name)), None)
            if shown:
                return shown, GENERIC
        return _strip_site(ld_head, title_tag, site, only_site=True), JSONLD
    # 2. A visible headline that the metadata confirms.
    keys = {casefold(v) for _, v in metas}
    stripped = {casefold(p) for _, v in metas + [(META, title_tag)] for p in _title_parts(v)}
    meta_keys = {casefold(v) for src, v in metas if src != GENERIC}
    for source, h in ([(PROFILE, profile_h)] if profile_h else []) + [(GENERIC, h) for h in h1s]:
        # "Kicker - Headline" in the <h1>, "Headline" in the meta tags: the kicker is not the headline
        parts = _SUFFIX.split(h, maxsplit=1)
        if len(parts) == 2 and len(parts[0]) < len(parts[1]) and casefold(parts[1]) in meta_keys:
            return parts[1], source
        if casefold(h) in keys or casefold(h) in stripped:
            return h, source
    # 3. Other structured titles, cleaned of a site-name suffix.
    for source, value in metas:
        best = _strip_site(value, title_tag, site)
        if best:
            return best, source
    # 4. Profile, the <h1> closest to the <title>, then the <title> without its suffix.
    if profile_h:
        return profile_h, PROFILE
    named = _printed_in_title(ctx, title_tag)
    if named and not any(casefold(h) in casefold(title_tag) for h in h1s):
        return named, GENERIC
    if h1s:
        return max(h1s, key=lambda h: _overlap(h, title_tag)), GENERIC
    if title_tag:
        return _strip_site(title_tag, title_tag, site), META
    return None, None


_HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_HEADING_CLASS = re.compile(r"headline|title|heading", re.I)


def _printed_in_title(ctx: Context, title_tag: str) -> str | None:
    """On a page without metadata: the headline as the page prints it, found as the text of the page that
    the <title> names between its separators ("Goal.com - Chelsea - <headline>", "<headline> | Site").
    A heading (h1-h6, or a class naming a headline or title) comes first, then the longest such text.
    Read from text nodes, each element once (linear on any page)."""
    title = casefold(title_tag)
    if len(title) < 10:
        return None
    best: tuple[int, int, str] | None = None
    seen: set[etree._Element] = set()
    body = ctx.root.find("body")
    scope = body if body is not None else ctx.root
    for node in scope.xpath("descendant::text()[string-length(normalize-space(.)) > 7]"):
        el = node.getparent()
        if el is None or node.is_tail:
            el = el.getparent() if el is not None else None
        if el is None or el in seen or not isinstance(el.tag, str) or el.tag in ("script", "style", "title"):
            continue
        seen.add(el)
        whole = text_upto(el, 301)
        text = clean(whole) if whole else None
        if not text or len(text) > 300 or not _names_part(title, casefold(text)) or _words(text) < 3:
            continue
        heading = el.tag in _HEADING_TAGS or bool(_HEADING_CLASS.search(f"{el.get('class') or ''} "
                                                                         f"{el.get('id') or ''}"))
        key = (int(heading), len(text), text)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


def _names_part(title: str, text: str) -> bool:
    """Whether `text` stands in the <title> as a part of its own: what is left on each side of it is
    nothing, or begins (ends) with a separator ("Site - ", " | Site", "Site: "), never a word."""
    at = title.find(text)
    while at >= 0:
        left, right = title[:at].rstrip(), title[at + len(text):].lstrip()
        if (not left or left[-1] in _SEPARATORS) and (not right or right[0] in _SEPARATORS):
            return True
        at = title.find(text, at + 1)
    return False


_SEPARATORS = frozenset("|-–—·•~/:»«,([")


def _title_parts(value: str) -> list[str]:
    parts = _SUFFIX.split(value)
    out = [value]
    if len(parts) > 1:
        out.append(_SUFFIX.split(value, maxsplit=1)[0])
        out.append(parts[0])
        out.append(" - ".join(parts[:-1]))
        out.append(parts[-1])
    return [p for p in out if p]


def _strip_site(value: str, title_tag: str, site: str, only_site: bool = False) -> str:
    """Drop a site-name prefix or suffix ("Headline | Site"); with only_site, only when it names the site."""
    parts = _SUFFIX.split(value)
    if len(parts) < 2:
        return value
    first, last = parts[0], parts[-1]
    site_key = casefold(site)
    if site_key and (casefold(last) in (site_key, "the " + site_key) or site_key in casefold(last)
                     or casefold(last).replace(" ", "") in site_key.replace(" ", "")):
        return value[: value.rfind(last)].rstrip(" |-–—:·•~/")
    if site_key and casefold(first) == site_key:
        return value[len(first):].lstrip(" |-–—:·•~/")
    if not only_site and value == title_tag and len(last) < 40 and len(last) < len(first):
        # "Headline | Section | Site": drop trailing short parts that look like names, not words of the title
        return value[: value.rfind(last)].rstrip(" |-–—:·•~/")
    return value


def _overlap(a: str, b: str) -> int:
    return len(set(casefold(a).split()) & set(casefold(b).split()))


# ---- byline, authors, credit ----

def _generic_byline(ctx: Context) -> str | None:
    return find_byline(ctx.root, ctx.frame, ctx.aliases, ctx.site_name)


def _byline(ctx: Context) -> tuple[str | None, str | None]:
    text = ctx.select_text("byline")
    if text:
        return text, PROFILE
    text = _tidy_byline(_generic_byline(ctx))
    return (text, GENERIC) if text else (None, None)


_BYLINE_SEPARATOR = re.compile(r"\s+(?:·|/|\|)\s+")


def _tidy_byline(byline: str | None) -> str | None:
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


def _authors(ctx: Context, byline: str | None, byline_source: str | None) -> tuple[list[str], str | None, str | None]:
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
    own = _own_names(ctx)
    if meta_names and all(casefold(n).removeprefix("the ") in own for n in meta_names):
        meta_orgs, meta_names = meta_orgs + meta_names, []  # the site's own name, typed as a person
    from_ld = bool(meta_names)
    if not meta_names and not ctx.ignored("meta:author"):
        tag_orgs: list[str] = []
        for key in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator",
                    "dcterms.creator", "byl", "twitter:creator"):
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
    names, source = _ordered(ctx, "authors", meta_names, profile_names, generic_names)
    if names:  # the site's own name is not an author where people are named ("example.de", "Example Times")
        names = [n for n in names if casefold(n).removeprefix("the ") not in own] or names
    if not names and (meta_orgs or byline_orgs):
        return dedupe(meta_orgs or byline_orgs), credit, (META if meta_orgs else byline_source or GENERIC)
    if source == META and from_ld:
        source = JSONLD
    return dedupe(names or []), credit, source


def _own_names(ctx: Context) -> set[str]:
    """The site's own names, casefolded: its site name, its host and the host's main label."""
    host = (url_host(ctx.url) or "").lower().removeprefix("www.")
    out = {host, host.split(".")[0]} if host else set()
    if ctx.site_name:
        out.add(casefold(ctx.site_name).removeprefix("the "))
    return out - {""}


_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'’\-]*(?:[ ,]+[A-Z][A-Za-z.'’\-]*){0,3}?)"
    r"(?:,\s*(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}))?"
    r"\s*(?:\((?P<credit>[^()]{2,40})\))?\s*[—–-]{1,2}\s*")


def _dateline(body: str | None) -> tuple[str | None, str | None]:
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


def _credit(ctx: Context, byline_credit: str | None, dateline_credit: str | None,
            body: str | None) -> tuple[str | None, str | None]:
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


# ---- dates ----

_META_DATES = {
    "published": ("article:published_time", "og:article:published_time", "article:published",
                  "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
                  "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date",
                  "dcterms.created", "dc.date.created", "date", "cxenseparse:recs:publishtime",
                  "article.published", "published_time", "release_date", "originalpublicationdate"),
    "modified": ("article:modified_time", "og:updated_time", "datemodified", "dc.date.modified",
                 "dcterms.modified", "lastmod", "last-modified", "article:modified", "modified_time"),
}
_LD_DATES = {"published": ("datePublished", "dateCreated", "uploadDate"), "modified": ("dateModified",)}


def _date(ctx: Context, which: str) -> tuple[datetime | None, str | None]:
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
    if source == META and ld_dt is not None and chosen is not None and chosen.replace(tzinfo=None) == \
            ld_dt.replace(tzinfo=None):
        source = JSONLD  # the value came from JSON-LD (possibly given its zone by another layer)
    return chosen, source


_DATE_CLASS = ("//body/descendant::*[contains(translate(@class, 'DT', 'dt'), 'date') "
               "or contains(translate(@class, 'T', 't'), 'time') or contains(@class, 'datum') "
               "or contains(@class, 'lineinfo') or contains(@class, 'meta')]")


def _visible_date(ctx: Context) -> datetime | None:
    """A date printed near the story in an element named for it ('date', 'time', 'meta', ...)."""
    for i, el in enumerate(ctx.root.xpath(_DATE_CLASS)):
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
    values = [ld_text(ctx.md.jsonld.get(k)) for which in ("published", "modified")
              if not ctx.ignored(f"json-ld:{which}") for k in _LD_DATES[which]]
    values += [v for which in ("published", "modified") if not ctx.ignored(f"meta:{which}")
               for k in _META_DATES[which] for v in ctx.md.meta.get(k, ())]
    for value in values:
        dt = parse_machine_date(value) if value else None
        if dt is not None and has_zone(dt):
            return dt.tzinfo
    return None


def _visible_text(ctx: Context) -> str:
    body = ctx.root.find("body")
    return clean(" ".join((body if body is not None else ctx.root).itertext()))[:200_000]


# ---- section, tags, language ----

def _section_path(ctx: Context) -> tuple[list[str], str | None]:
    found = ctx.select("section_path")
    items = [clean(el.text_content()) for el in found]
    items = [t for t in items if t and t.casefold() not in _HOME]
    if items:
        return dedupe(items), PROFILE
    crumbs = _generic_breadcrumb(ctx.root)
    if crumbs:
        return crumbs, GENERIC
    for obj in ctx.md.jsonld_all:
        t = obj.get("@type")
        if t == "BreadcrumbList" or (isinstance(t, list) and "BreadcrumbList" in t):
            names = []
            elements = obj.get("itemListElement") or []
            if isinstance(elements, dict):
                elements = [elements]
            for li in sorted((e for e in elements if isinstance(e, dict)),
                             key=lambda e: e.get("position") or 0 if isinstance(e.get("position"), int) else 0):
                name = ld_text(li.get("name") or li.get("item"))
                if name and name.casefold() not in _HOME:
                    names.append(name)
            if names:
                return names, "json-ld"
    return [], None


_HOME = frozenset(w.casefold() for w in lexicon.words("home_words"))


def _generic_breadcrumb(root: etree._Element) -> list[str]:
    """Breadcrumb trail from markup: an element marked as a breadcrumb, its links or items in order."""
    for el in root.xpath("//body/descendant::*[contains(@class, 'rumb') or contains(@aria-label, 'rumb') "
                         "or contains(@id, 'rumb')]"):
        items = el.findall(".//li") or el.findall(".//a")
        names = [clean(i.text_content()) for i in items]
        names = [n for n in names if n and len(n) < 80 and n.casefold() not in _HOME and n not in (">", "/", "»")]
        if names:
            return dedupe(names)
    return []


def _trail(path: list[str], headline: str | None, own: set[str]) -> list[str]:
    """A breadcrumb trail without the steps that are not sections: a last step that is the article
    itself (schema.org BreadcrumbLists and many visible trails end with the page's own title), and a
    first step that is the site's own name ("FAZ.NET", "VG")."""
    if path and headline and B._alnum_key(path[-1]) == B._alnum_key(headline):
        path = path[:-1]
    if path and casefold(path[0]).removeprefix("the ").removeprefix("www.") in own:
        path = path[1:]
    return path


def _section(ctx: Context, path: list[str]) -> tuple[str | None, str | None]:
    if not ctx.ignored("json-ld:articleSection"):
        sections = ld_list(ctx.md.jsonld.get("articleSection"))
        if sections:
            return sections[0], JSONLD
    value = ctx.md.first("article:section", "parsely-section", "section", "sailthru.section")
    if value:
        return value, META
    section = ctx.select_text("section")
    if section:
        return section, PROFILE
    if path:
        return path[-1], PROFILE if ctx.select("section_path") else GENERIC
    return None, None


def _tags(ctx: Context) -> tuple[list[str], str | None]:
    meta: list[str] = []
    if not ctx.ignored("json-ld:keywords"):
        meta += ld_list(ctx.md.jsonld.get("keywords"))
    for key in ("article:tag", "news_keywords", "parsely-tags", "sailthru.tags"):
        for value in ctx.md.all(key):
            meta += [v.strip() for v in value.split(",") if v.strip()]
    profile = [clean(el.text_content()) for el in ctx.select("tags")]
    patterns = [re.compile(p) for p in (ctx.profile.ignore_tags if ctx.profile else ())]

    def tidy(tags: list[str]) -> list[str]:
        out = [t.lstrip("#").strip() for t in tags if t]
        return dedupe([t for t in out if t and len(t) < 100 and not any(p.search(t) for p in patterns)])

    tags, source = _ordered(ctx, "tags", tidy(meta), tidy(profile), [])
    return tags or [], source


def _language(ctx: Context) -> tuple[str | None, str | None]:
    md = ctx.md
    ld_lang = ld_text(md.jsonld.get("inLanguage"))
    meta = ld_lang or md.first("og:locale", "content-language", "language", "dc.language")
    if meta:
        meta = meta.replace("_", "-")
    return _first((META, meta), (GENERIC, (md.lang or "").strip() or None),
                  (PROFILE, ctx.profile.language if ctx.profile else None))


# ---- body, images, access ----

def _body(ctx: Context, headline: str | None, byline: str | None, authors: list[str]) -> tuple[str, str | None]:
    """The story text from the page, or from JSON-LD `articleBody` when the page's HTML holds
    little of it (a story drawn by script)."""
    text, source = _page_body(ctx, headline, byline, authors)
    if source != PROFILE:
        verdict = judge_bodies(text, density_body(ctx.root, headline))
        ctx.body_verdict = verdict.reason
        if verdict.method == "B":  # B's paragraphs, less the date lines and labels A's filters know
            text = "\n\n".join(p for p in verdict.text.split("\n\n") if not B.is_furniture_line(p))
            source = DENSITY
        ld_body = _ld_article_body(ctx.md)
        if len(ld_body) > 200 and len(text) < len(ld_body) // 4:
            return ld_body, JSONLD
        if word_count(text) < STORY_WORDS:
            held = state_story(ctx.md.state)  # a page drawn by script: the story is only in its data
            if held:
                return held, STATE
    return text, (source if text else None)


def _page_body(ctx: Context, headline: str | None, byline: str | None,
               authors: list[str]) -> tuple[str, str | None]:
    container, source = ctx.container
    if container is None:
        return "", None
    skip: set[etree._Element] = set()
    if ctx.profile and source == PROFILE:
        for sel in ctx.profile.body_drops():
            skip.update(sel(container))
    if ctx.signoff:
        skip.add(ctx.signoff[0])
    parts = B.story_parts(container) if source == GENERIC else [container]
    md = ctx.md
    titles = [t for t in (headline, md.first("og:title"), md.first("twitter:title"),
                          ld_text(md.jsonld.get("headline"))) if t]
    text = B.body_text(parts, skip, titles=titles, byline=byline, authors=authors)
    if source == GENERIC and "liveblogposting" not in ld_types(md.jsonld):  # a live blog is widened instead
        text = _second_opinion(ctx, container, text, skip, titles, byline, authors)
    if source == GENERIC and text:
        descs = [md.first("og:description"), md.first("description"), md.first("twitter:description"),
                 ld_text(md.jsonld.get("description"))]
        lead = B.standfirst(ctx.root, container, [d for d in descs if d]) \
            or B.lead_block(ctx.root, container, _headline_element(ctx, headline))
        if lead and lead.casefold()[:80] not in text.casefold():
            text = f"{lead}\n\n{text}"
    return text, source


def _headline_element(ctx: Context, headline: str | None) -> etree._Element | None:
    """The visible <h1> that prints the headline (or the only <h1>)."""
    body = ctx.root.find("body")
    found = [h for h in (body if body is not None else ctx.root).iter("h1") if not B.is_hidden(h)]
    key = casefold(headline or "")
    for h in found:
        if key and casefold(clean(h.text_content())) == key:
            return h
    return found[0] if len(found) == 1 else None


def _second_opinion(ctx: Context, container: etree._Element, text: str, skip: set[etree._Element],
                    titles: list[str], byline: str | None, authors: list[str]) -> str:
    """Check the scored block against the largest run of story paragraphs (B.paragraph_cluster) and take
    the run when the block is implausible (a form, a gallery) or holds under half of its words: a teaser,
    one step of a how-to, a sidebar box. Silent loss of the story is the failure this guards against."""
    alt, alt_chars = B.paragraph_run(ctx.root, cards=ctx.cards)
    doubt = B.implausible(container)
    if alt is None or alt is container:
        if doubt:
            ctx.warnings.append(f"the body may not be the story: the text found is {doubt}")
        return text
    if not doubt and alt_chars < 2 * len(text):
        return text  # the run holds no more than the body: no need to read it (half the words is the bar)
    alt_text = B.body_text([alt], skip, titles=titles, byline=byline, authors=authors)
    have, could = _words(text), _words(alt_text)
    if could < 80:
        return text
    if doubt and not B.implausible(alt):
        return alt_text
    if have < 0.5 * could:
        return alt_text
    return text


def _words(text: str) -> int:
    return int(word_count(text))


def _ld_article_body(md: Metadata) -> str:
    """JSON-LD `articleBody` as body text: entities decoded, tags dropped, one blank line between paragraphs."""
    raw = md.jsonld.get("articleBody")
    if isinstance(raw, list):
        raw = "\n".join(x for x in raw if isinstance(x, str))
    if not isinstance(raw, str) or not raw.strip():
        return ""
    text = re.sub(r"<(?:/p|br\s*/?|/h\d|/li|/div)>", "\n", html.unescape(raw), flags=re.I)
    text = re.sub(r"<[^>]{0,2000}>", "", text)
    return "\n\n".join(line for line in clean_lines(text).split("\n"))


def _images(ctx: Context) -> tuple[list[Image], str | None]:
    found = ctx.select("images")
    images = [i for i in (figure_image(f, ctx.base) for f in found) if i]
    if images:
        return images, PROFILE
    scope = ctx.container[0]
    for _ in range(3):  # the story's own figures: in its text, or beside it in the article
        if scope is None or scope.tag in ("body", "html"):
            break
        images = [i for i in (figure_image(f, ctx.base) for f in scope.iter("figure") if _story_figure(f, scope))
                  if i]
        if images:
            return images, GENERIC
        scope = scope.getparent()
    og = ctx.md.first("og:image", "twitter:image")
    if og:
        joined = join_url(ctx.base, og)
        return ([Image(url=joined)], META) if joined else ([], None)
    return [], None


def _story_figure(figure: etree._Element, scope: etree._Element) -> bool:
    """A figure of the story, not a thumbnail: not in a sidebar, navigation or other boilerplate below
    `scope`, and not inside a link or a list item (teasers and ranking lists)."""
    if B._in_boilerplate(figure, top=scope):
        return False
    el = figure.getparent()
    while el is not None and el is not scope:
        if el.tag in ("a", "li"):
            return False
        el = el.getparent()
    return True


def _access(ctx: Context) -> tuple[str | None, str | None]:
    if ctx.profile and ctx.profile.access_meta:
        value = ctx.md.first(ctx.profile.access_meta)
        if value:
            v = value.casefold()
            return ("free" if v in ctx.profile.access_free else "premium"), PROFILE
    free = ctx.md.jsonld.get("isAccessibleForFree")
    if free is not None:
        is_free = free is True or str(free).casefold() in ("true", "yes", "1")
        return ("free" if is_free else "premium"), META
    return None, None

