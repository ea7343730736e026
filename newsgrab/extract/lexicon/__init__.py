"""Language word lists: one TOML file per language beside this module (common.toml for names that are the
same in every language). Code holds the rules; these files hold the words the rules are about, so a new
language is a new file, not an edit to five modules.

Every entry is plain text, matched as written: a space matches any run of white space and nothing else is
special. `words(kind)` gives one kind from every language, `pattern(kind)` a regex alternation of it
(longest first), `numbers(kind)` a table such as month name -> month number.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any

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
        elif not (isinstance(entries, list) and all(isinstance(w, str) and w.strip() for w in entries)):
            raise LexiconError(f"{name}: {kind} must be a list of words")
    return data


def words(kind: str) -> list[str]:
    """The entries of one kind from every language, in file order, each once."""
    if kind not in KINDS or kind in _TABLES:
        raise KeyError(kind)
    return list(dict.fromkeys(w for lang in languages().values() for w in lang.get(kind, ())))


def numbers(kind: str) -> dict[str, int]:
    """A table kind ('months') from every language: casefolded name -> number."""
    if kind not in _TABLES:
        raise KeyError(kind)
    return {k.casefold(): v for lang in languages().values() for k, v in lang.get(kind, {}).items()}


def pattern(kind: str, entries: list[str] | None = None) -> str:
    """A regex alternation of the entries of `kind` (or of `entries`), longest first."""
    items = words(kind) if entries is None else entries
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(items), key=len, reverse=True))
