"""Sidebar ranking lists ("Most Read", "JN ACCESS RANKING", ...) found by heading text and list shape,
so that a redesign which renames CSS classes does not silently lose them."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from lxml import etree

from ..model import Ranking, RankingItem
from . import lexicon
from .text import clean, join_url, text_upto, word_count


def _heading_alternation(kind: str) -> str:
    """The lexicon's headings of `kind` as a regex alternation; a space matches a space or a hyphen ('most-read')."""
    return lexicon.pattern(kind).replace(r"\s+", r"[\s-]+")


# Used when no profile names the headings of its ranking lists: from the language word lists
# (../lexicon: ranking_headings, ranking_headings_whole).
GENERIC_HEADINGS = (
    rf"^(?:{_heading_alternation('ranking_headings')})(?!\w)",
    rf"^(?:{_heading_alternation('ranking_headings_whole')})$",
)

_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "strong", "header", "button", "a")
_TAB_TEXT_MAX = 80
MAX_HEADINGS = 40  # a page with more "Most Read" headings than this is not a page of ranking lists


def find_rankings(
    root: etree._Element, base_url: str | None, headings: tuple[str, ...] = (), exclude: tuple[str, ...] = ()
) -> list[Ranking]:
    """Every ranking list on the page, in page order, each with its items in rank order."""
    patterns = [_combined(headings, 0) if headings else _combined(GENERIC_HEADINGS, re.I)]
    stops = [re.compile(p) for p in exclude]
    out: list[Ranking] = []
    used: set[etree._Element] = set()
    for el in _heading_candidates(root, patterns):
        text = _own_heading_text(el)
        if not text or not any(p.search(text) for p in patterns):
            continue
        if any(p.search(text) for p in stops):
            continue
        lists, tabs = _lists_after(el, patterns, stops, used)
        if not lists:
            continue
        for i, lst in enumerate(lists):
            used.add(lst)
            name = text
            if len(lists) > 1:
                name = f"{text}: {tabs[i]}" if len(tabs) == len(lists) else f"{text} ({i + 1})"
            items = _items(lst, base_url)
            if len(items) >= 2 and not _not_stories(items, base_url):
                out.append(Ranking(name=name, items=items))
    return out


# A ranking list is a short ordered list of story links under a ranking heading. Navigation (menus, footers,
# breadcrumbs), follow/share boxes and tab strips that sit below such a heading are not.
_NAV_TAGS = frozenset(("nav", "footer", "header", "menu"))
_NAV_ROLES = frozenset(("navigation", "menu", "menubar", "tablist", "banner", "contentinfo"))
_NAV_TOKENS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|submenu|breadcrumbs?|crumbs?|social|share|"
    r"sharing|follow|footer)(?:$|[\s_-])",
    re.I,
)
HEADLINE_WORDS = 3  # a story link's title has at least this many words (a CJK character counts as half)


def _in_navigation(lst: etree._Element, container: etree._Element) -> bool:
    """Whether the list sits in a menu, footer, header, breadcrumb or share box of its own, below the
    section its heading is in (a ranking box is not judged by the page's outer wrappers)."""
    el: etree._Element | None = lst
    while el is not None and el is not container:
        if el.tag in _NAV_TAGS or (el.get("role") or "").lower() in _NAV_ROLES:
            return True
        if "breadcrumb" in (el.get("aria-label") or "").lower() or "BreadcrumbList" in (el.get("itemtype") or ""):
            return True
        if _NAV_TOKENS.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
            return True
        el = el.getparent()
    return False


def _not_stories(items: list[RankingItem], base_url: str | None) -> bool:
    """A list whose links are mostly not stories: section names ("Home", "UK News"), social networks,
    links within the page (tabs). At least half the items must read as headlines to story pages."""
    social = tuple(lexicon.words("social_hosts"))
    stories = 0
    for item in items:
        parts = urlsplit(str(item.url))
        host = str(parts.hostname or "").removeprefix("www.")
        if parts.scheme not in ("http", "https", "") or not parts.path.strip("/"):
            continue  # a tab, a script, the home page
        if any(host == h or host.endswith("." + h) for h in social):
            continue
        words = word_count(item.title)
        if words >= HEADLINE_WORDS:
            stories += 1
    return stories * 2 < len(items)


@lru_cache(maxsize=64)
def _combined(patterns: tuple[str, ...], flags: int) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


@lru_cache(maxsize=64)
def _keywords(patterns: tuple[str, ...]) -> re.Pattern:
    """The words of the heading patterns ('most', 'read', 'ranking', ...) as one regex: a text node holding
    none of them cannot be part of a ranking heading, so it is not looked at further."""
    words = {w.casefold() for p in patterns for w in re.findall(r"[^\W\d_]{4,}", re.sub(r"\\[a-z]", " ", p))}
    words |= {w.casefold() for p in patterns for w in re.findall(r"[^\W\d_\x00-\x7f]+", p)}  # CJK, short words
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)")


def _heading_candidates(root: etree._Element, patterns: list[re.Pattern]) -> list[etree._Element]:
    """Elements whose short text matches a heading pattern, found from text nodes (one cheap pass)."""
    keywords = _keywords(tuple(p.pattern for p in patterns))
    found: list[etree._Element] = []
    seen: set[etree._Element] = set()
    texts: dict[etree._Element, str | None] = {}  # each element's text read once: linear, however many children

    def text_of(el: etree._Element) -> str | None:
        if el not in texts:
            raw = text_upto(el, 400)
            texts[el] = None if raw is None else clean(raw)
        return texts[el]

    for node in root.xpath(
        "//body/descendant::text()[string-length(normalize-space(.)) > 1 and string-length(normalize-space(.)) < 81]"
    ):
        el = node.getparent()
        if el is None or not keywords.search(node.casefold()):
            continue
        if node.is_tail:
            el = el.getparent()
        text = " ".join(str(node).split())
        # The heading may be split over inline children: test the node, then the element's whole text.
        for _ in range(3):
            if el is None or not isinstance(el.tag, str) or el.tag in ("body", "html", "ul", "ol", "li"):
                break
            whole = text_of(el) if el.tag in _HEADING_TAGS else text
            if whole is None:
                break
            if el.tag in _HEADING_TAGS and len(whole) <= 80 and any(p.search(whole) for p in patterns):
                if el not in seen and not _in_list_item(el):
                    seen.add(el)
                    found.append(el)
                    if len(found) >= MAX_HEADINGS:
                        return found
                break
            el = el.getparent()
    return found


def _in_list_item(el: etree._Element) -> bool:
    """A heading is not inside a list item (a link titled "Most Read" in a list is an item)."""
    parent, depth = el.getparent(), 0
    while parent is not None and depth < 4:
        if parent.tag == "li":
            return True
        parent, depth = parent.getparent(), depth + 1
    return False


def _own_heading_text(el: etree._Element) -> str | None:
    """The element's text when it reads as a heading: short, and not holding a list itself."""
    if el.find(".//li") is not None:
        return None
    text = clean(el.text_content())
    if not text or len(text) > 80:
        return None
    return text


def _lists_after(heading: etree._Element, patterns, stops, used) -> tuple[list[etree._Element], list[str]]:
    """Lists of links that follow the heading inside its section, up to the next heading."""
    container = heading.getparent()
    for _ in range(4):
        if container is None or container.tag in ("body", "html"):
            return [], []  # the whole page is no ranking section: its menus and footer would be taken
        lists, tabs = _scan(container, heading, patterns, stops, used)
        if lists:
            return lists, tabs
        container = container.getparent()
    return [], []


MAX_LISTS = 12  # lists under one heading (tabs: today, this week, ...); more is not a ranking section


def _scan(container, heading, patterns, stops, used):
    lists: list[etree._Element] = []
    tabs: list[str] = []
    started = False
    skip: set[etree._Element] = set()  # the heading's and the taken lists' descendants: each element seen once
    for el in container.iter():
        if el is heading:
            started = True
            skip.update(heading.iterdescendants())
            continue
        if not started or not isinstance(el.tag, str) or el in skip:
            continue
        if (
            el.tag in ("h1", "h2", "h3", "h4", "p", "div", "span")
            and el.tag != heading.tag
            and el.tag != "span"
            and el.find(".//li") is None
            and el.find(".//a") is None
        ):
            text = clean(el.text_content())
            if (
                text
                and len(text) <= 80
                and (any(p.search(text) for p in patterns) or any(p.search(text) for p in stops))
            ):
                break  # the next section's heading
        if el.tag == heading.tag and el.find(".//li") is None:
            text = clean(el.text_content())
            if text and (any(p.search(text) for p in patterns) or any(p.search(text) for p in stops)):
                break
        if el.get("role") == "tab" or (el.tag == "button" and len(clean(el.text_content())) <= _TAB_TEXT_MAX):
            label = clean(el.text_content())
            if label:
                tabs.append(label)
        if el.tag in ("ul", "ol") and el not in used and not _in_navigation(el, container):
            links = [li for li in el.findall("li") if li.find(".//a[@href]") is not None]
            if len(links) >= 2:
                lists.append(el)
                skip.update(el.iterdescendants())
                if len(lists) >= MAX_LISTS:
                    break
    return lists, tabs


def _items(lst: etree._Element, base_url: str | None) -> list[RankingItem]:
    items: list[RankingItem] = []
    for li in lst.findall("li"):
        a = li.find(".//a[@href]")
        if a is None:
            continue
        title = None
        for tag in ("h2", "h3", "h4", "h5", "strong"):
            h = li.find(f".//{tag}")
            if h is not None and clean(h.text_content()):
                title = clean(h.text_content())
                break
        if not title:
            title = _text_without_media(li)
        if not title:
            title = clean(a.get("title"))
        if not title:
            continue
        href = a.get("href").strip()
        url = join_url(base_url, href) or href
        items.append(RankingItem(position=len(items) + 1, title=title, url=url))
    return items


def _text_without_media(el: etree._Element) -> str:
    parts: list[str] = []

    def walk(node):
        if not isinstance(node.tag, str):
            return
        if node.tag in ("figure", "img", "picture", "svg", "figcaption", "time") or re.fullmatch(
            r"\W*\d{1,3}\W*", clean(node.text_content())
        ):  # a rank number
            if node.tail:
                parts.append(node.tail)
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if node.tail and node is not el:
            parts.append(node.tail)

    walk(el)
    return clean(" ".join(parts))
