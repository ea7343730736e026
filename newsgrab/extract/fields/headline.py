"""The canonical URL and the headline."""

from __future__ import annotations

import html
import re

from lxml import etree

from ..body import alnum_key
from ..merge_order import GENERIC, JSONLD, META, PROFILE
from ..metadata import ld_text
from ..text import casefold, clean, join_url, text_upto, url_host, url_parts, word_count
from .context import Context

# ---- url ----


def choose_url(ctx: Context) -> tuple[str | None, str | None]:
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


def choose_headline(ctx: Context) -> tuple[str | None, str | None]:
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
        if casefold(h) in keys:
            return h, source
        if casefold(h) in stripped:
            return _longer_part_printed(ctx, h, title_tag, bool(metas)), source
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
        return _longer_part_printed(
            ctx, max(h1s, key=lambda h: _overlap(h, title_tag)), title_tag, bool(metas)
        ), GENERIC
    if title_tag:
        return _strip_site(title_tag, title_tag, site), META
    return None, None


def _longer_part_printed(ctx: Context, h1: str, title_tag: str, has_metadata: bool) -> str:
    """An <h1> that is only a part of the <title> ("Riverside Blog" of "Ferry to run free - Riverside Blog"),
    on a page without metadata, gives way to a longer part of the <title> that the page prints as a heading:
    the <h1> is then the site's masthead, the other part the story's headline."""
    if has_metadata:
        return h1
    printed = _printed_in_title(ctx, title_tag)
    if printed and word_count(printed) > word_count(h1) and casefold(h1) not in casefold(printed):
        return printed
    return h1


MAX_VARIANT = 300  # characters of a headline variant kept (a longer one is cut at a word)


def headline_variants(ctx: Context) -> dict[str, str]:
    """Every headline the page gives, by where it gives it, whichever one was chosen: the printed <h1>, the
    social ones (og:title, twitter:title), the search one (the JSON-LD headline) and the <title>."""
    md = ctx.md
    ld = ld_text(md.jsonld.get("headline")) if not ctx.ignored("json-ld:headline") else None
    found = {
        "h1": ctx.h1s[0] if ctx.h1s else None,
        "og:title": md.first("og:title"),
        "twitter:title": md.first("twitter:title"),
        "json-ld": ld,
        "title": md.title,
    }
    out = {}
    for where, value in found.items():
        text = clean(html.unescape(value)) if value else ""
        if len(text) > MAX_VARIANT:
            text = text[:MAX_VARIANT].rsplit(" ", 1)[0] + "…"
        if text:
            out[where] = text
    return out


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
    site_keys = _site_keys(ctx)
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
        if not text or len(text) > 300 or not _names_part(title, casefold(text)) or word_count(text) < 3:
            continue
        if alnum_key(text) in site_keys:
            continue  # the site's name, in its masthead or footer, is the <title>'s other part
        heading = el.tag in _HEADING_TAGS or bool(
            _HEADING_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}")
        )
        key = (int(heading), len(text), text)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


def _site_keys(ctx: Context) -> set[str]:
    """The site's name as alnum keys: og:site_name, and the labels of the page's host name
    ('restofworld' of restofworld.org names "Rest of World"; 'www' and the suffix are no names)."""
    keys = {alnum_key(ctx.site_name)}
    host = (url_host(choose_url(ctx)[0]) or "").removeprefix("www.")  # the page's address, else its canonical
    keys.update(alnum_key(label) for label in host.split(".")[:-1] if len(label) > 3)
    keys.discard("")
    return keys


def _names_part(title: str, text: str) -> bool:
    """Whether `text` stands in the <title> as a part of its own: what is left on each side of it is
    nothing, or begins (ends) with a separator ("Site - ", " | Site", "Site: "), never a word."""
    at = title.find(text)
    while at >= 0:
        left, right = title[:at].rstrip(), title[at + len(text) :].lstrip()
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
    if site_key and (
        casefold(last) in (site_key, "the " + site_key)
        or site_key in casefold(last)
        or casefold(last).replace(" ", "") in site_key.replace(" ", "")
    ):
        return value[: value.rfind(last)].rstrip(" |-–—:·•~/")
    if site_key and casefold(first) == site_key:
        return value[len(first) :].lstrip(" |-–—:·•~/")
    if not only_site and value == title_tag and len(last) < 40 and len(last) < len(first):
        # "Headline | Section | Site": drop trailing short parts that look like names, not words of the title
        return value[: value.rfind(last)].rstrip(" |-–—:·•~/")
    return value


def _overlap(a: str, b: str) -> int:
    return len(set(casefold(a).split()) & set(casefold(b).split()))
