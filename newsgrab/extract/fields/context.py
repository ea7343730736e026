"""What every field reads: the parsed page, its metadata, the profile, and what earlier fields chose."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from functools import cached_property
from typing import Any

from lxml import etree

from ...sites import Profile
from .. import body as B
from ..bylines import byline_parts, signoff
from ..dates import zone
from ..frame import StoryFrame
from ..merge_order import GENERIC, META, PROFILE
from ..metadata import Metadata, ld_types
from ..text import casefold, clean


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
        return StoryFrame.around(self.root, headline_element(self, self.headline), self.container[0])

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


def headline_element(ctx: Context, headline: str | None) -> etree._Element | None:
    """The visible <h1> that prints the headline (or the only <h1>)."""
    body = ctx.root.find("body")
    found = [h for h in (body if body is not None else ctx.root).iter("h1") if not B.is_hidden(h)]
    key = casefold(headline or "")
    for h in found:
        if key and casefold(clean(h.text_content())) == key:
            return h
    return found[0] if len(found) == 1 else None


def first(*layers: tuple[str, Any]) -> tuple[Any, str | None]:
    for source, value in layers:
        if value:
            return value, source
    return None, None


def ordered(ctx: Context, name: str, meta, profile, generic) -> tuple[Any, str | None]:
    """Merge one field: metadata, then profile, then generic; profile first when it `prefer`s the field."""
    layers = [(META, meta), (PROFILE, profile), (GENERIC, generic)]
    if ctx.profile and name in ctx.profile.prefer:
        layers = [layers[1], layers[0], layers[2]]
    return first(*layers)
