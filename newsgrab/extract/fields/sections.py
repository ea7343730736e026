"""Section, breadcrumb trail, tags and language."""

from __future__ import annotations

import re

from lxml import etree

from .. import body as B
from .. import lexicon
from ..bylines import dedupe
from ..document import body_elements
from ..merge_order import GENERIC, JSONLD, META, PROFILE
from ..metadata import ld_list, ld_text
from ..text import casefold, clean
from .context import Context, first, ordered

# ---- section, tags, language ----


def choose_section_path(ctx: Context) -> tuple[list[str], str | None]:
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
            for li in sorted(
                (e for e in elements if isinstance(e, dict)),
                key=lambda e: e.get("position") or 0 if isinstance(e.get("position"), int) else 0,
            ):
                name = ld_text(li.get("name") or li.get("item"))
                if name and name.casefold() not in _HOME:
                    names.append(name)
            if names:
                return names, "json-ld"
    return [], None


_HOME = frozenset(w.casefold() for w in lexicon.words("home_words"))


def _generic_breadcrumb(root: etree._Element) -> list[str]:
    """Breadcrumb trail from markup: an element marked as a breadcrumb, its links or items in order."""
    for el in body_elements(root):
        if not (
            "rumb" in (el.get("class") or "")
            or "rumb" in (el.get("aria-label") or "")
            or "rumb" in (el.get("id") or "")
        ):
            continue
        items = el.findall(".//li") or el.findall(".//a")
        names = [clean(i.text_content()) for i in items]
        names = [n for n in names if n and len(n) < 80 and n.casefold() not in _HOME and n not in (">", "/", "»")]
        if names:
            return dedupe(names)
    return []


def trail(path: list[str], headline: str | None, own: set[str]) -> list[str]:
    """A breadcrumb trail without the steps that are not sections: a last step that is the article
    itself (schema.org BreadcrumbLists and many visible trails end with the page's own title), and a
    first step that is the site's own name ("FAZ.NET", "VG")."""
    if path and headline and B.alnum_key(path[-1]) == B.alnum_key(headline):
        path = path[:-1]
    if path and casefold(path[0]).removeprefix("the ").removeprefix("www.") in own:
        path = path[1:]
    return path


def choose_section(ctx: Context, path: list[str]) -> tuple[str | None, str | None]:
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


def choose_tags(ctx: Context) -> tuple[list[str], str | None]:
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

    tags, source = ordered(ctx, "tags", tidy(meta), tidy(profile), [])
    return tags or [], source


def choose_language(ctx: Context) -> tuple[str | None, str | None]:
    md = ctx.md
    ld_lang = ld_text(md.jsonld.get("inLanguage"))
    meta = ld_lang or md.first("og:locale", "content-language", "language", "dc.language")
    if meta:
        meta = meta.replace("_", "-")
    return first(
        (META, meta),
        (GENERIC, (md.lang or "").strip() or None),
        (PROFILE, ctx.profile.language if ctx.profile else None),
    )
