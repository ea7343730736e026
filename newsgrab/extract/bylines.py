"""Bylines to person names (`authors`) and the credited organisation (`credit`), and the byline element of
the story found on the page (`find_byline`)."""

from __future__ import annotations

import re

from lxml import etree

from . import lexicon
from .dates import month_alternation
from .document import body_elements, is_inside
from .frame import StoryFrame
from .scripts import CJK_RANGES
from .text import clean, element_text, text_upto

_BY = lexicon.Scoped(lambda: re.compile(rf"^(?:written\s+)?(?:{lexicon.pattern('byline_prefix')})\s*[:\-]?\s+", re.I))
_LABEL = lexicon.Scoped(lambda: re.compile(rf"^(?:{lexicon.pattern('byline_label')})\s*:?\s*", re.I))
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.\w+")  # no @ inside a part: linear, where \S+@\S+ was cubic on "a@@@@"
MAX_BYLINE = 400  # characters of a byline read; longer text is not a byline (and bounds the work on hostile input)
_HANDLE = re.compile(r"(?<!\w)@\w+")
_UPDATED = lexicon.Scoped(lambda: re.compile(rf"\b(?:{lexicon.pattern('byline_updated')})\b.*$", re.I))
_DATE_LIKE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b")


# A date or time printed after a name, with or without a space: "Jane Doe - Apr 16", "John Roe January 18",
# "Ann Lee22 Dec 2016", "Ann Lee, 10/01/2024 08:00", "Ann Lee 14:05". A month counts only beside a number,
# so "June Smith" and "April Jones" keep their names.
_DATE_TAIL = lexicon.Scoped(
    lambda: re.compile(
        rf"(?:\s*[-–—|,·•]\s*|\s+|(?<=[^\W\d_]))(?:(?:{lexicon.pattern('date_articles')})\s+)?"
        rf"(?:\d{{1,2}}\.?\s*(?:{month_alternation()})\b|(?:{month_alternation()})\b\.?\s*\d{{1,2}}\b|\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}"
        rf"|\d{{1,2}}:\d{{2}}).*$",
        re.I,
    )
)
# Conjunctions of three letters or more in any case ("By JOHN SMITH AND JANE DOE"); shorter ones only in lower case,
# so that an initial is not a separator ("Robert E. Lee", "John Y. Smith").


def _conjunctions(long: bool) -> str:
    return lexicon.pattern("conjunctions", [w for w in lexicon.words("conjunctions") if (len(w) >= 3) == long])


_SPLIT = lexicon.Scoped(
    lambda: re.compile(
        rf"\s*(?:,|;|\||•|·|\s&\s|\b(?i:{_conjunctions(True)})\b"
        rf"|\b(?:{_conjunctions(False)})(?=\s)|\bu\.)\s*"
    )
)
ROLES = lexicon.Scoped(
    lambda: re.compile(rf"\b(?:{lexicon.pattern('role_qualifiers')})?\s*(?:{lexicon.pattern('roles')})\b.*$", re.I)
)
# Evidence that a byline names an organisation, not a person: words no surname is (press, agency, staff,
# desk, team, a wire's name) in any case; wire acronyms that are also first names or words (AP, SID, ABC)
# only in capitals; newspaper words that are also surnames (Post, Times, Herald, ...) only after "The"
# or in a name of three words or more ("Sid Lowe", "Amy Post", "Laura Times" are people).
ORG_WORDS = lexicon.Scoped(
    lambda: re.compile(
        rf"\b(?i:{lexicon.pattern('org_words')})\b"
        rf"|\b(?:{lexicon.pattern('org_acronyms')})\b"
        r"|^(?:The|THE)\s"  # "The Yomiuri Shimbun"; "the end of the year ..." is a sentence
        rf"|^\S+\s+\S+\s+.*\b(?i:{lexicon.pattern('newspaper_words')})\b"
    )
)
# Wire services and broadcasters that bylines print right after a name: "By JOHN SMITH Associated Press".
WIRES = lexicon.Scoped(lambda: re.compile(rf"^(?:the\s+)?(?:{lexicon.pattern('wires')})$", re.I))
_NOT_AUTHOR = lexicon.Scoped(lambda: re.compile(rf"^(?:{lexicon.pattern('not_author')})\s+by\b", re.I))
_NOT_AUTHOR_LABEL = lexicon.Scoped(lambda: re.compile(rf"^(?:{lexicon.pattern('not_author')})\s*:", re.I))
_PLACE_SUFFIX = lexicon.Scoped(
    lambda: re.compile(rf"\s+(?:{lexicon.pattern('place_prefix')})\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?$")
)
_NAME_OK = re.compile(r"^[^\W\d_][\w'’.\- ]*[\w.]$", re.U)


def split_byline(text: str | None, aliases: dict[str, str] | None = None) -> tuple[list[str], str | None]:
    """'By A and B / Yomiuri Shimbun Staff Writers' -> (['A', 'B'], 'The Yomiuri Shimbun')."""
    people, orgs = byline_parts(text, aliases)
    return people, (orgs[0] if orgs else None)


def byline_parts(
    text: str | None, aliases: dict[str, str] | None = None, site: str | None = None
) -> tuple[list[str], list[str]]:
    """A byline split into the people and the organisations it names, in order.

    'dpa, MM-Redaktion' -> ([], ['dpa', 'MM-Redaktion']); a single word equal to `site`
    (the page's own site name) is the newsroom, so it counts as an organisation.
    """
    text = _DATE_TAIL.sub("", clean((text or "")[:MAX_BYLINE]))
    if not text or _NOT_AUTHOR_LABEL.match(text):
        return [], []  # "Foto: …", "Redaktion: …" (edited by): credited, but not as writers
    orgs: list[str] = []
    names_part = text
    if "/" in text or "|" in text:
        names_part, org_part = re.split(r"\s*[/|]\s*", text, maxsplit=1)
        org = _strip_role_suffix(org_part)
        if org and re.fullmatch(r"@\w[\w.]*|\S+@\S+|https?://\S+|(?:www\.)?[\w-]+\.\w{2,}/\S*", org):
            pass  # a handle, an e-mail address or a link after the bar: contact details, not an organisation
        elif org and not looks_like_name(org):
            orgs.append(org)
        elif org:
            names_part = f"{names_part}, {org}"
    people: list[str] = []
    site_key = clean(site).casefold() if site else ""
    for part in _split_names(names_part):
        if looks_like_name(part):
            people.append(part)
        elif split := _name_then_wire(part):
            people.append(split[0])
            orgs.append(split[1])
        elif (
            ORG_WORDS.search(part)
            and len(part.split()) <= _ORG_MAX_WORDS
            and part.casefold().strip(" .") not in _GENERIC_ORG_WORDS
        ) or (site_key and part.casefold() == site_key):
            orgs.append(part)
    return dedupe(people), dedupe([canonical_org(o, aliases) for o in orgs])


# Words that say "an organisation" without naming one ("News", "Staff", "Redaktion"): alone, a section
# label or a CMS account, not a credit. The names in common.toml (Reuters, dpa, AFP) are not among them.
_GENERIC_ORG_WORDS = frozenset(
    w.casefold() for lang, data in lexicon.languages().items() if lang != "common" for w in data.get("org_words", ())
)
_ORG_MAX_WORDS = 6  # "Deutsche Presse-Agentur", "The Yomiuri Shimbun": an organisation's name is short


def _strip_role_suffix(text: str) -> str:
    stripped = ROLES.sub("", clean(text))
    stripped = re.sub(r"\s*\bstaff\b$", "", stripped, flags=re.I)
    return stripped.strip(" ,.-")


def _split_names(text: str) -> list[str]:
    text = _EMAIL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _UPDATED.sub("", text)
    text = _DATE_TAIL.sub("", text)
    text = _LABEL.sub("", clean(text))
    text = _BY.sub("", text)
    out = []
    for part in _SPLIT.split(text):
        part = clean(part)
        if _NOT_AUTHOR.match(part):
            continue  # "Editing by John Roe", "Photos by ...": credited, but not as writers
        part = _BY.sub("", part)
        paren = re.search(r"\s*\(([^)]{0,40})\)\s*$", part)  # "Elena Oberholzer (obe)", "Jane Doe (AFP)"
        if paren:
            part = part[: paren.start()]
        part = _PLACE_SUFFIX.sub("", ROLES.sub("", part)).strip(" ,.;:-–—()[]")
        if part:
            out.append(part)
        if paren and ORG_WORDS.search(paren.group(1)):
            out.append(paren.group(1).strip())
    return out


def _name_then_wire(part: str) -> tuple[str, str] | None:
    """'JOHN SMITH Associated Press' -> ('JOHN SMITH', 'Associated Press')."""
    words = part.split()
    for k in range(2, len(words)):
        name, wire = " ".join(words[:k]), " ".join(words[k:])
        if WIRES.match(wire) and looks_like_name(name):
            return name, wire
    return None


_CJK_NAME = re.compile(f"[{CJK_RANGES}·・ ]{{2,12}}")
_UNCASED = re.compile(f"[\u0590-\u08ff\u0e00-\u0e7f\u1100-\u11ff{CJK_RANGES}]")


def looks_like_name(text: str) -> bool:
    """A person's name: 2-5 words of letters (one word in scripts without capitals), not a date,
    not an organisation, a place list, a domain or a sentence."""
    text = clean(text)
    if not text or len(text) > 60 or _DATE_LIKE.search(text):
        return False
    words = text.split()
    if not 1 <= len(words) <= 5:
        return False
    if not _NAME_OK.match(text) or re.search(r"\.[a-z]{2,4}$", text):
        return False
    if _UNCASED.search(text):
        return len(text) <= 30 and (len(words) > 1 or bool(_CJK_NAME.fullmatch(text)))
    if len(words) == 1:
        return False  # one Latin word: an organisation, a place or a handle far more often than a person
    if ORG_WORDS.search(text.replace("-", " ")):
        return False  # "The Yomiuri Shimbun", "Deutsche Presse-Agentur", "Nikkei Inc"
    upperish = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return upperish >= max(1, len(words) - 2) and len(words) >= 1


def canonical_org(name: str, aliases: dict[str, str] | None = None) -> str:
    """'Yomiuri Shimbun' -> 'The Yomiuri Shimbun' when a profile says so; 'AP' stays 'AP'."""
    name = clean(name).strip(" ,.-()/|·•")
    for alias, canonical in (aliases or {}).items():
        if name.casefold() == alias.casefold():
            return canonical
    return name


def dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


_EMPHASIS = ("strong", "b", "em", "i")
_NOT_A_SIGNOFF = lexicon.Scoped(lambda: re.compile(rf"\b(?:{lexicon.pattern('not_signoff')})\b", re.I))
# Words of the labels pages set in bold at a story's end, which no name holds: "Contact Us", "Key Takeaways",
# "Breaking News", "The End", "Top Stories".
_LABEL_WORDS = lexicon.Scoped(lambda: frozenset(w.casefold() for w in lexicon.words("signoff_labels")))


def signoff(paragraphs: list[etree._Element]) -> tuple[etree._Element, str] | None:
    """The story's sign-off: its last paragraph when that holds only a short name set in bold, italics
    or right-aligned ('<p align=right><strong>Lê Phương</strong></p>'). Returns (element, text)."""
    last = next((p for p in reversed(paragraphs) if clean(p.text_content())), None)
    if last is None:
        return None
    text = clean(last.text_content())
    words = text.split()
    if not 1 <= len(words) <= 5 or len(text) > 50 or _DATE_LIKE.search(text) or _NOT_A_SIGNOFF.search(text):
        return None
    if _UNCASED.search(text) and len(text.replace(" ", "")) > 5:
        return None  # in scripts without capitals only a name-length text is trusted
    if text[-1] in ".!?:;,…" or any(w[:1].isalpha() and w[:1].islower() for w in words):
        return None
    if (
        any(w.casefold().strip("'’") in _LABEL_WORDS.get() for w in words)
        or not looks_like_name(text)
        and not _UNCASED.search(text)
    ):
        return None  # a label, not a name
    children = [c for c in last if isinstance(c.tag, str) and c.tag != "br"]
    emphasised = (
        not clean(last.text) and len(children) == 1 and children[0].tag in _EMPHASIS and not clean(children[0].tail)
    )
    right = "right" in (last.get("align") or "").lower() or re.search(
        r"text-align\s*:\s*right", last.get("style") or "", re.I
    )
    return (last, text) if emphasised or right else None


# ---- finding the byline element on the page ----

_AUTHOR_HREF = re.compile(rf"/(?:{lexicon.pattern('author_paths')})/[^/?#]+", re.I)


def byline_rank(el: etree._Element) -> int | None:
    """Trust order of a byline-like element: itemprop=author, class (or test id) byline, author-name,
    rel=author, a link to an author page, class author (autor, auteur) or contributor."""
    cls = (el.get("class") or "").lower()
    if el.get("itemprop") == "author":
        return 0
    if "byline" in cls or "byline" in (el.get("data-testid") or "").lower():
        return 1
    if re.search(r"author[-_]?name|author__name", cls):
        return 2
    if el.get("rel") == "author":
        return 3
    if el.tag == "a" and _AUTHOR_HREF.search(el.get("href") or ""):
        return 4
    if re.search(r"author(?!it)|autor|auteur|contributor", cls):
        return 5
    return None


_LABELLED_BYLINE = lexicon.Scoped(lambda: re.compile(rf"^(?:{lexicon.pattern('byline_prefix')})\s+\w", re.I))
_LABELLED_RANK = 6  # below every marked-up byline


def _labelled_lines(near: dict[etree._Element, int]) -> list[etree._Element]:
    """Unmarked bylines under the headline: a short line of its own that begins with a byline word
    ('von Manuela Conrad', 'Par David Mouriquand')."""
    out = []
    for el, tier in near.items():
        if tier != 0 or not isinstance(el.tag, str) or el.tag not in ("p", "div", "span", "address") or len(el) > 4:
            continue
        text = (text_upto(el, 400) or "").strip()
        if (
            text
            and len(text) <= 80
            and _LABELLED_BYLINE.match(text)
            and not text.endswith(_STOPS)
            and not any(isinstance(c.tag, str) and c.tag in ("p", "div") for c in el)
        ):
            out.append(el)
    return out


_STOPS = (".", "!", "?", ":", ";")


_BYLINE_CLASS_PARTS = re.compile("yline|uthor|autor|auteur|ontributor")  # substrings, case as written
_AUTHOR_HREF_PARTS = re.compile("/aut|/journalist|/reporter|/people/|/staff/|/profile|/redakteur")


def _byline_like(el: etree._Element) -> bool:
    """Markup that may hold a byline: itemprop or rel author, a class or test id of byline, author,
    contributor (autor, auteur), or a link to an author's page. Case as written: 'Byline' matches 'yline'."""
    if el.get("itemprop") == "author" or el.get("rel") == "author":
        return True
    cls = el.get("class")
    if cls and _BYLINE_CLASS_PARTS.search(cls):
        return True
    if "yline" in (el.get("data-testid") or ""):
        return True
    return el.tag == "a" and _AUTHOR_HREF_PARTS.search(el.get("href") or "") is not None


def _bylines_on_page(root: etree._Element) -> list[etree._Element]:
    return [el for el in body_elements(root) if _byline_like(el)]


def _bylines_under(top: etree._Element) -> list[etree._Element]:
    return [el for el in top.iter(etree.Element) if _byline_like(el)]


def find_byline(
    root: etree._Element, frame: StoryFrame, aliases: dict[str, str] | None = None, site: str | None = None
) -> str | None:
    """The visible byline: the most trusted byline-like element of the story that names someone.

    Bylines of other stories (menus, teasers, cards, sidebars, comments) are passed over; the rest are
    tried in the order of `StoryFrame.tier` (under the headline and in the story first), then by the
    trust of their markup. An element whose text names nobody ('Foto: …', a date) is passed over, and
    the names beside it in one line ('Von <a rel=author>A</a> und <a rel=author>B</a>') are read together.
    The page outside the story's region (the last tier) is searched only when nothing in it names anyone.
    """
    region = frame.region
    if region is None:
        return _first_named(_bylines_on_page(root), frame, aliases, site)
    above = [el for el, tier in frame.near.items() if tier == 1 and not is_inside(el, region)]
    found = _first_named(
        [*_bylines_under(region), *(el for el in above if byline_rank(el) is not None)], frame, aliases, site
    )
    if found:
        return found
    rest = [el for el in _bylines_on_page(root) if frame.tier(el) == 3]
    return _first_named(rest, frame, aliases, site, labelled=False)


def _first_named(
    candidates: list[etree._Element],
    frame: StoryFrame,
    aliases: dict[str, str] | None,
    site: str | None,
    labelled: bool = True,
) -> str | None:
    """The text of the first candidate, in tier and trust order, that names someone."""
    ranked = []
    for i, el in enumerate(candidates):
        rank = byline_rank(el)
        if (
            rank is None
            or el.tag in ("meta", "link", "html", "body", "article", "main", "script")
            or frame.elsewhere(el)
        ):
            continue
        ranked.append((frame.tier(el), rank, i, el))
    if labelled:
        ranked += [
            (0, _LABELLED_RANK, i, el) for i, el in enumerate(_labelled_lines(frame.near)) if not frame.elsewhere(el)
        ]
    for _, rank, _, el in sorted(ranked, key=lambda r: r[:3]):
        text = element_text(_byline_line(el, rank))
        if 2 < len(text) <= 150 and re.search(r"[^\W\d_]", text) and any(byline_parts(text, aliases, site)):
            return text
    return None


def _byline_line(el: etree._Element, rank: int) -> etree._Element:
    """The line that holds a name element and the other names beside it: its parent or grandparent
    when that holds two or more such elements and little else."""
    if rank not in (2, 3, 4):
        return el
    node = el.getparent()
    for _ in range(2):
        if node is None or node.tag in ("body", "article", "main"):
            break
        names = [x for x in node.iter() if x is not el and byline_rank(x) == rank]
        if names and len(clean(node.text_content())) <= 150:
            return node
        node = node.getparent()
    return el
