"""Per-field layers and the merge that builds the Article: `build` walks MERGE_ORDER (merge_order.py), one
step per field; each family of fields has its module (headline, people, times, sections, story)."""

from __future__ import annotations

from collections.abc import Callable

from ...model import Article
from ..dates import has_zone
from ..merge_order import GENERIC, MERGE_ORDER, PROFILE
from ..rankings import find_rankings
from ..scripts import script_language
from ..text import url_host
from .context import Context
from .headline import choose_headline, choose_url, headline_variants
from .people import choose_authors, choose_byline, choose_credit, find_dateline, own_names
from .sections import choose_language, choose_section, choose_section_path, choose_tags, trail
from .story import choose_access, choose_body, choose_images
from .times import choose_date

__all__ = ["Context", "build", "page_language"]


def page_language(ctx: Context) -> str | None:
    """The language whose word lists apply to the page: the declared one (metadata, <html lang>, the
    profile), else the one its script tells (Hangul, kana, Han); None when neither says."""
    declared, _ = choose_language(ctx)
    if declared:
        return declared
    title = ctx.root.findtext(".//title") or ""
    body = ctx.root.find(".//body")
    sample = title + " " + (" ".join(body.itertext())[:2000] if body is not None else "")
    return script_language(sample)


def build(ctx: Context) -> Article:
    """The Article from one page: each field from its sources in MERGE_ORDER, provenance in `sources`."""
    a = Article(profile=ctx.profile.name if ctx.profile else None)
    src: dict[str, str | None] = {}
    for name in MERGE_ORDER:
        _STEPS[name](ctx, a, src)
    src["body_judge"] = ctx.body_verdict
    a.headlines = headline_variants(ctx)  # not merged: every layer's headline, kept side by side
    a.sources = {k: v for k, v in src.items() if v is not None}
    a.warnings += ctx.warnings
    return a


Step = Callable[[Context, Article, dict[str, str | None]], None]


def _url_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.url, src["url"] = choose_url(ctx)
    a.site = url_host(a.url or ctx.url)


def _headline_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.headline, src["headline"] = choose_headline(ctx)
    ctx.headline = a.headline


def _byline_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.byline, src["byline"] = choose_byline(ctx)


def _authors_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.authors, ctx.org_credit, src["authors"] = choose_authors(ctx, a.byline, src.get("byline"))


def _body_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.body, src["body"] = choose_body(ctx, a.headline, a.byline, a.authors)


def _credit_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.dateline, dl_credit = find_dateline(a.body)
    a.credit, src["credit"] = choose_credit(ctx, ctx.org_credit, dl_credit, a.body)


def _date_step(which: str) -> Step:
    def step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
        value, src[which] = choose_date(ctx, which)
        setattr(a, which, value)
        if which == "published" and value and not has_zone(value):
            a.warnings.append("published has no timezone: the page gives none and no default zone is set")

    return step


def _section_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    path, src["section_path"] = choose_section_path(ctx)
    a.section_path = trail(path, a.headline, own_names(ctx))
    a.section, src["section"] = choose_section(ctx, a.section_path)


def _tags_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.tags, src["tags"] = choose_tags(ctx)


def _language_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.language, src["language"] = choose_language(ctx)


def _images_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.images, src["images"] = choose_images(ctx)


def _access_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    a.access, src["access"] = choose_access(ctx)


def _rankings_step(ctx: Context, a: Article, src: dict[str, str | None]) -> None:
    p = ctx.profile
    a.rankings = find_rankings(ctx.root, ctx.base, p.ranking_headings if p else (), p.not_rankings if p else ())
    src["rankings"] = PROFILE if p and p.ranking_headings else GENERIC


_STEPS: dict[str, Step] = {
    "url": _url_step,
    "headline": _headline_step,
    "byline": _byline_step,
    "authors": _authors_step,
    "body": _body_step,
    "credit": _credit_step,
    "published": _date_step("published"),
    "modified": _date_step("modified"),
    "section": _section_step,
    "tags": _tags_step,
    "language": _language_step,
    "images": _images_step,
    "access": _access_step,
    "rankings": _rankings_step,
}
assert list(_STEPS) == list(MERGE_ORDER), "every field of MERGE_ORDER has one step, in its order"
