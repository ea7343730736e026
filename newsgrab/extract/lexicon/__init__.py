"""Language word lists: one TOML file per language beside this module (common.toml for names that are the
same in every language). Code holds the rules; these files hold the words the rules are about, so a new
language is a new file, not an edit to five modules.

Every entry is plain text, matched as written: a space matches any run of white space and nothing else is
special. `words(kind)` gives one kind from the languages in scope, `pattern(kind)` a regex alternation of it
(longest first), `numbers(kind)` a table such as month name -> month number.

Scope: while a page is parsed (`scoped_to(language)`), the SCOPED word kinds come only from the page's
language and common.toml, so a German weekday abbreviation ('so', 'do') or a French one ('mar') is not a word
to look for on an English page. Outside a scope, and on a page whose language is unknown or has no file here, every list
applies. A rule built from the lists is written once as `Scoped(lambda: re.compile(...))` and compiled once
per scope.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from typing import Any, Generic, TypeVar

T = TypeVar("T")
# the languages whose lists apply now (always with "common"); None: every language
_SCOPE: ContextVar[frozenset[str] | None] = ContextVar("newsgrab_lexicon_scope", default=None)

# kind -> what it holds (the modules that read each kind say how it is matched)
KINDS: dict[str, str] = {
    "byline_prefix": "the word before the names of a byline: 'By', 'Von', 'Par'",
    "byline_label": "a label before a byline: 'Author:', 'Written by'",
    "byline_updated": "words after which a byline only dates the story: 'Updated', 'Publié'",
    "role_qualifiers": "words before a role: 'senior' (writer), 'white house' (correspondent)",
    "roles": "a writer's role after the name: 'Staff Writer', 'Redakteurin'",
    "org_words": "words only an organisation's name holds: 'Press', 'Redaktion', 'Reuters'",
    "org_acronyms": "acronyms that name an organisation only in capitals: 'AP', 'SID'",
    "newspaper_words": "newspaper words that are also surnames: 'Post', 'Times'",
    "wires": "wire services a byline prints right after a name: 'Associated Press'",
    "social_hosts": "hosts of social networks: a list of links to them is a share box, not a ranking",
    "not_author": "'<word> by ...' and '<word>: ...' credits that are not writers: 'Editing by', 'Foto:'",
    "place_prefix": "words before a place after a name: 'in', 'reporting from', 'aus'",
    "conjunctions": "words between names: 'and', 'und', 'et'",
    "signoff_labels": "words of bold labels at a story's end that no name holds: 'Contact Us'",
    "not_signoff": "words that make a short bold last line a link or a label, not a sign-off",
    "boilerplate_labels": "whole short blocks that are page furniture: 'Advertisement', 'Read more'",
    "paywall": "prompts of a paywall at the cut: 'subscribers only', 'réservé aux abonnés'",
    "channel_plugs": "channels a site plugs after the story, with a link: 'newsletter', 'WhatsApp'",
    "rights_notices": "the words of a rights notice: 'All rights reserved', 'Alle Rechte vorbehalten'",
    "broadcast_notes": "the label of a broadcaster's note on when the story went on air: 'Sendung:'",
    "editor_credit": "the label of an editors' credit line: '责编', '編集'",
    "weekdays": "weekday names and their abbreviations, matched as whole words: 'Monday', 'Mon', 'jeu'",
    "updated_labels": "a label saying the time after it is an update, not the publication: 'Updated', 'Aktualisiert'",
    "date_words": "words a line that only dates a story may hold besides the date: 'Stand', 'Uhr'",
    "ranking_headings": "a ranking list's heading begins with one: 'Most read', 'Meistgelesen'",
    "ranking_headings_whole": "a ranking list's heading when it is the whole heading: 'Trending now'",
    "date_articles": "a word between a byline's names and its date: 'on', 'am', 'le'",
    "home_words": "the first crumb of a breadcrumb trail: 'Home', 'Startseite'",
    "author_paths": "path segments of author pages: /author/, /autor/",
    "months": "whole month names -> month number",
    "month_abbreviations": "month abbreviations -> month number (also matched as prefixes in date lines)",
}
_TABLES = {"months", "month_abbreviations"}
# Kinds of short words that are ordinary words in other languages ('so' and 'do' are German weekdays, 'mar'
# a French one, 'am' and 'den' German articles, 'door' a Dutch byline word, 'stand' a German label): on a page
# whose language is known they come from that language only. The other kinds hold names and phrases that mean
# the same on a page in any language (an English page credits "Kyodo" and "The Yomiuri Shimbun"; "Home" begins
# a German site's breadcrumb; "réservé aux abonnés" is a paywall wherever it stands) and apply on every page.
SCOPED = frozenset(
    {
        "weekdays",
        "months",
        "month_abbreviations",
        "date_words",
        "date_articles",
        "updated_labels",
        "conjunctions",
        "place_prefix",
        "byline_prefix",
        "byline_label",
        "byline_updated",
    }
)


class LexiconError(ValueError):
    """A language file holds an unknown kind or an entry of the wrong type."""


@cache
def languages() -> dict[str, dict[str, Any]]:
    """Every language file, checked: {'en': {kind: entries}}."""
    out: dict[str, dict[str, Any]] = {}
    for res in sorted(resources.files(__package__).iterdir(), key=lambda r: r.name):
        if res.name.endswith(".toml"):
            try:
                data = tomllib.loads(res.read_text("utf-8"))
            except tomllib.TOMLDecodeError as e:
                raise LexiconError(f"{res.name}: {e}") from e
            out[res.name.removesuffix(".toml")] = _checked(res.name, data)
    return out


def _checked(name: str, data: dict[str, Any]) -> dict[str, Any]:
    for kind, entries in data.items():
        if kind not in KINDS:
            raise LexiconError(f"{name}: unknown kind {kind!r} (known: {', '.join(KINDS)})")
        if kind in _TABLES:
            if not all(isinstance(v, int) and 1 <= v <= 12 for v in entries.values()):
                raise LexiconError(f"{name}: {kind} maps names to month numbers 1-12")
            if set(entries.values()) != set(range(1, 13)):  # a page in this language reads only this file's months
                raise LexiconError(f"{name}: {kind} must name all twelve months (also those spelt as in English)")
        elif not (isinstance(entries, list) and all(isinstance(w, str) and w.strip() for w in entries)):
            raise LexiconError(f"{name}: {kind} must be a list of words")
    return data


def scope_for(language: str | None) -> frozenset[str] | None:
    """The lists that apply to a page in `language` ('de', 'de-AT', 'pt_BR'): its own and common.toml's;
    None (every list) when the language is unknown or has no file here."""
    code = re.split(r"[-_]", (language or "").strip().casefold(), maxsplit=1)[0]
    if not code or code == "common" or code not in languages():
        return None
    return frozenset({"common", code})


@contextmanager
def scoped_to(language: str | None) -> Iterator[frozenset[str] | None]:
    """Within the block, the word lists are those of `language` (see scope_for)."""
    token = _SCOPE.set(scope_for(language))
    try:
        yield _SCOPE.get()
    finally:
        _SCOPE.reset(token)


def in_scope(kind: str) -> list[dict[str, Any]]:
    """The language files whose lists of `kind` apply now."""
    scope = _SCOPE.get() if kind in SCOPED else None
    return [data for name, data in languages().items() if scope is None or name in scope]


def words(kind: str) -> list[str]:
    """The entries of one kind from the languages in scope, in file order, each once."""
    if kind not in KINDS or kind in _TABLES:
        raise KeyError(kind)
    return list(dict.fromkeys(w for lang in in_scope(kind) for w in lang.get(kind, ())))


def numbers(kind: str) -> dict[str, int]:
    """A table kind ('months') from the languages in scope: casefolded name -> number."""
    if kind not in _TABLES:
        raise KeyError(kind)
    return {k.casefold(): v for lang in in_scope(kind) for k, v in lang.get(kind, {}).items()}


class Scoped(Generic[T]):
    """A value built from the word lists (a compiled regex, a set of words), built once per scope.
    Attribute access goes to the value of the current scope: `_BY.match(s)` as for a module-level regex."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._built: dict[frozenset[str] | None, T] = {}

    def get(self) -> T:
        scope = _SCOPE.get()
        try:
            return self._built[scope]
        except KeyError:
            value = self._built[scope] = self._build()
            return value

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


def pattern(kind: str, entries: list[str] | None = None) -> str:
    """A regex alternation of the entries of `kind` (or of `entries`), longest first; one that matches
    nothing when there are none (a language without that kind), never the empty string, which matches anywhere."""
    items = words(kind) if entries is None else entries
    if not items:
        return "(?!)"
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(items), key=len, reverse=True))
