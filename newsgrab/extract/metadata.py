"""Structured metadata: JSON-LD, OpenGraph, article:*, Twitter, Dublin Core, parse.ly, sailthru, microdata.

Order of trust per field (first that gives a usable value wins, unless a profile says otherwise):
JSON-LD article object > OpenGraph / article:* > Twitter card > Dublin Core > parse.ly / sailthru >
plain <meta name> > microdata itemprop.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .text import clean, unescape

ARTICLE_TYPES = (
    "newsarticle",
    "reportagenewsarticle",
    "article",
    "blogposting",
    "liveblogposting",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "report",
    "socialmediaposting",
    "posting",
    "newsmediaarticle",
    "webpage",
    "videoobject",
    "creativework",
)


@dataclass
class Metadata:
    """What the page says about itself, before any layer chooses."""

    meta: dict[str, list[str]] = field(default_factory=dict)  # lower-cased name/property -> values
    jsonld: dict[str, Any] = field(default_factory=dict)  # the best article object
    jsonld_all: list[dict[str, Any]] = field(default_factory=list)
    jsonld_ids: dict[str, dict[str, Any]] = field(default_factory=dict)  # "@id" -> the node that it names
    canonical: str | None = None
    lang: str | None = None
    title: str | None = None
    itemprops: dict[str, list[etree._Element]] = field(default_factory=dict)
    rel_author: list[str] = field(default_factory=list)
    state: list[str] = field(default_factory=list)  # the texts of the page's state scripts (document.py)

    def first(self, *names: str) -> str | None:
        for name in names:
            for value in self.meta.get(name, ()):
                value = unescape(value)
                if value:
                    return value
        return None

    def all(self, name: str) -> list[str]:
        return [unescape(v) for v in self.meta.get(name, ()) if unescape(v)]


def read_metadata(root: etree._Element) -> Metadata:
    """Read every metadata source of the page in one pass over the tree."""
    md = Metadata()
    md.lang = root.get("lang") or root.get("xml:lang")
    scripts = []
    for el in root.iter("meta", "link", "title", "script"):
        tag = el.tag
        if tag == "meta":
            key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
            content = el.get("content")
            if key and content is not None:
                md.meta.setdefault(key.strip().lower(), []).append(content)
        elif tag == "link":
            rel = (el.get("rel") or "").lower().split()
            if "canonical" in rel and not md.canonical and el.get("href"):
                md.canonical = el.get("href").strip()
        elif tag == "title":
            if md.title is None:
                md.title = clean(el.text_content())
        elif tag == "script":
            scripts.append(el)
    for el in scripts:
        if el.get("data-newsgrab") == "state":
            md.state.append(el.text or "")
        else:
            _read_jsonld(el.text or "", md)
    md.jsonld = _best_article(md.jsonld_all)
    for el in root.xpath("/descendant::*[@itemprop]"):
        for prop in el.get("itemprop").split():
            md.itemprops.setdefault(prop.lower(), []).append(el)
    for el in root.xpath("/descendant::a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]"):
        text = clean(el.text_content())
        if text:
            md.rel_author.append(text)
    return md


def _read_jsonld(text: str, md: Metadata) -> None:
    text = text.strip()
    if not text:
        return
    try:
        data = json.loads(text)
    except ValueError:
        # Common breakage: raw newlines/tabs inside strings, trailing commas, HTML comments.
        fixed = re.sub(r"[\x00-\x1f]", " ", text)
        fixed = re.sub(r",\s*([}\]])", r"\1", fixed).replace("<!--", "").replace("-->", "")
        try:
            data = json.loads(fixed)
        except ValueError:
            return
    stack = [data]
    depth = 0
    while stack and depth < 500:
        depth += 1
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            if "@graph" in item:
                stack.append(item["@graph"])
            if "@type" in item:
                md.jsonld_all.append(item)
                if isinstance(item.get("@id"), str):
                    md.jsonld_ids.setdefault(item["@id"], item)
            main = item.get("mainEntity") or item.get("mainEntityOfPage")
            if isinstance(main, dict) and "@type" in main and ld_types(main) & set(ARTICLE_TYPES[:-3]):
                stack.append(main)


def ld_types(obj: dict[str, Any]) -> set[str]:
    """The lower-cased @type values of a JSON-LD object."""
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def _best_article(objs: list[dict[str, Any]]) -> dict[str, Any]:
    best, best_score = {}, 0
    for obj in objs:
        types = ld_types(obj)
        rank = next((len(ARTICLE_TYPES) - i for i, t in enumerate(ARTICLE_TYPES) if t in types), 0)
        if not rank:
            continue
        if types & {"webpage", "videoobject", "creativework"} and not obj.get("headline"):
            continue
        score = (
            rank * 10
            + bool(obj.get("headline")) * 5
            + bool(obj.get("datePublished")) * 3
            + bool(obj.get("articleBody")) * 2
            + bool(obj.get("author"))
        )
        if score > best_score:
            best, best_score = obj, score
    return best


def ld_text(value: Any) -> str | None:
    """A JSON-LD value as plain text (strings, {'name': ...}, {'@value': ...}, first of a list)."""
    if isinstance(value, list):
        for v in value:
            t = ld_text(v)
            if t:
                return t
        return None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("headline")
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return unescape(value) or None
    return None


def ld_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in (clean(x) for x in re.split(r"\s*[,;]\s*", unescape(value))) if v]
    if isinstance(value, list):
        out = []
        for v in value:
            out.extend(ld_list(v) if not isinstance(v, dict) else [t for t in [ld_text(v)] if t])
        return out
    t = ld_text(value)
    return [t] if t else []


def ld_people(value: Any, nodes: dict[str, dict[str, Any]] | None = None) -> list[tuple[str, str]]:
    """JSON-LD authors as (name, kind) pairs; kind is 'person', 'organization' or 'unknown'.

    A reference ({"@id": ...}, as Yoast SEO writes authors) is looked up in `nodes`; a bare URL (an author
    page) names nobody."""
    out: list[tuple[str, str]] = []
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, dict) and nodes and "name" not in item and isinstance(item.get("@id"), str):
            item = nodes.get(item["@id"], item)
        if isinstance(item, str):
            if re.match(r"(?:https?:)?//|www\.", item.strip()):
                continue  # an author page's address, not a name
            for name in re.split(r"\s*(?:,|;|\band\b)\s*", unescape(item)):
                if name:
                    out.append((name, "unknown"))
        elif isinstance(item, dict):
            name = ld_text(item.get("name")) or " ".join(
                x for x in (ld_text(item.get("givenName")), ld_text(item.get("familyName"))) if x
            )
            if not name:
                continue
            kinds = ld_types(item)
            kind = (
                "organization"
                if kinds & {"organization", "newsmediaorganization", "corporation"}
                else "person"
                if "person" in kinds
                else "unknown"
            )
            out.append((name, kind))
        elif isinstance(item, list):
            out.extend(ld_people(item, nodes))
    return out
