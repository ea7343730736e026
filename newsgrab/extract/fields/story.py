"""The story text (two methods and a judge, JSON-LD, a state object), its images, its access."""

from __future__ import annotations

import html
import re

from lxml import etree

from ...model import Image
from .. import body as B
from ..body.density import density_body
from ..body.verdict import STORY_WORDS, judge_bodies
from ..images import figure_image
from ..merge_order import DENSITY, GENERIC, JSONLD, META, PROFILE, STATE
from ..metadata import Metadata, ld_text, ld_types
from ..state import state_story
from ..text import clean_lines, join_url, word_count
from .context import Context, headline_element

# ---- body, images, access ----


def choose_body(ctx: Context, headline: str | None, byline: str | None, authors: list[str]) -> tuple[str, str | None]:
    """The story text from the page, or from JSON-LD `articleBody` when the page's HTML holds
    little of it (a story drawn by script)."""
    text, source = _page_body(ctx, headline, byline, authors)
    if source != PROFILE:
        verdict = judge_bodies(text, density_body(ctx.root, headline))
        ctx.body_verdict = verdict.reason
        if verdict.method == "B":  # B's paragraphs, less what A's filters know from the text alone
            text = B.text_filtered(verdict.text)
            source = DENSITY
        ld_body = _ld_article_body(ctx.md)
        if len(ld_body) > 200 and len(text) < len(ld_body) // 4:
            return ld_body, JSONLD
        if word_count(text) < STORY_WORDS:
            held = state_story(ctx.md.state)  # a page drawn by script: the story is only in its data
            if held:
                return held, STATE
    return text, (source if text else None)


def _page_body(ctx: Context, headline: str | None, byline: str | None, authors: list[str]) -> tuple[str, str | None]:
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
    # the headline and every other headline the page gives (its first <h1> included: printed above the
    # story, it is not story text even when the metadata's headline is another)
    first_h1 = ctx.h1s[0] if ctx.h1s else None
    titles = [
        t
        for t in (
            headline,
            md.first("og:title"),
            md.first("twitter:title"),
            ld_text(md.jsonld.get("headline")),
            first_h1,
        )
        if t
    ]
    text = B.body_text(parts, skip, titles=titles, byline=byline, authors=authors)
    if source == GENERIC and "liveblogposting" not in ld_types(md.jsonld):  # a live blog is widened instead
        text = _second_opinion(ctx, container, text, skip, titles, byline, authors)
    if source == GENERIC and text:
        descs = [
            md.first("og:description"),
            md.first("description"),
            md.first("twitter:description"),
            ld_text(md.jsonld.get("description")),
        ]
        lead = B.standfirst(ctx.root, container, [d for d in descs if d]) or B.lead_block(
            ctx.root, container, headline_element(ctx, headline)
        )
        if lead and lead.casefold()[:80] not in text.casefold():
            text = f"{lead}\n\n{text}"
    return text, source


def _second_opinion(
    ctx: Context,
    container: etree._Element,
    text: str,
    skip: set[etree._Element],
    titles: list[str],
    byline: str | None,
    authors: list[str],
) -> str:
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
    have, could = word_count(text), word_count(alt_text)
    if could < 80:
        return text
    if doubt and not B.implausible(alt):
        return alt_text
    if have < 0.5 * could:
        return alt_text
    return text


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


def choose_images(ctx: Context) -> tuple[list[Image], str | None]:
    found = ctx.select("images")
    images = [i for i in (figure_image(f, ctx.base) for f in found) if i]
    if images:
        return images, PROFILE
    scope = ctx.container[0]
    for _ in range(3):  # the story's own figures: in its text, or beside it in the article
        if scope is None or scope.tag in ("body", "html"):
            break
        images = [i for i in (figure_image(f, ctx.base) for f in scope.iter("figure") if _story_figure(f, scope)) if i]
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
    if B.in_boilerplate(figure, top=scope):
        return False
    el = figure.getparent()
    while el is not None and el is not scope:
        if el.tag in ("a", "li"):
            return False
        el = el.getparent()
    return True


def choose_access(ctx: Context) -> tuple[str | None, str | None]:
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
