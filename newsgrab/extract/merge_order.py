"""The merge order, as data: per field, the sources tried in order (extract/fields.py's `build` walks it),
and the check of a profile's `prefer` and `ignore` against it. Light: site profiles load at `--help`."""

from __future__ import annotations

from dataclasses import dataclass

JSONLD, META, PROFILE, GENERIC = "json-ld", "meta", "profile", "generic"
DENSITY = "generic (block classification)"
STATE = "state object"


@dataclass(frozen=True)
class Layer:
    """One source of a field, in MERGE_ORDER: the name Article.sources gives it, how the value is found, and
    the profile `ignore` keys that switch it off."""

    source: str
    what: str
    ignore: tuple[str, ...] = ()


# The merge order, written once: per field, its sources in the order they are tried; the first that gives a
# usable value wins and names itself in Article.sources. `build` walks this table, in this order (a later
# field may use an earlier one: the body drops the headline and the byline). A profile's `prefer` puts its
# own layer first for the fields it names; its `ignore` switches off the layers it names (json-ld:author).
# Both are checked against this table when the profile loads (check_profile_keys).
MERGE_ORDER: dict[str, tuple[Layer, ...]] = {
    "url": (Layer(META, "canonical link / og:url on the same host"), Layer("input", "the page's URL")),
    "headline": (
        Layer(JSONLD, "JSON-LD headline (unless the page prints its `name` instead)", ("json-ld:headline",)),
        Layer(GENERIC, "an <h1> the meta titles confirm (or the profile's selector)"),
        Layer(META, "og/twitter/... titles, site name cut"),
        Layer(PROFILE, "profile selector"),
        Layer(GENERIC, "<h1> closest to <title>; the printed text <title> names"),
        Layer(META, "<title>"),
    ),
    "byline": (
        Layer(PROFILE, "profile selector"),
        Layer(GENERIC, "the story's byline element (not a menu's, a teaser's or another story's)"),
    ),
    "authors": (
        Layer(JSONLD, "JSON-LD author", ("json-ld:author",)),
        Layer(META, "author meta tags", ("meta:author",)),
        Layer(PROFILE, "profile byline"),
        Layer(GENERIC, "the byline's names, rel=author, a sign-off"),
        Layer("corporate", "organisations when no person"),
    ),
    "body": (
        Layer(PROFILE, "profile selector"),
        Layer(GENERIC, "content scoring, checked by the paragraph run"),
        Layer(DENSITY, "block classification, when the judge finds the first method implausible beside it"),
        Layer(JSONLD, "JSON-LD articleBody when the HTML holds under a quarter of it"),
        Layer(
            STATE,
            "the longest story text in a state script (__NEXT_DATA__, window.__INITIAL_STATE__) "
            "when no method found a story",
        ),
    ),
    "credit": (
        Layer(PROFILE, "the byline's organisation (profile byline), or a credit the profile names"),
        Layer(GENERIC, "the byline's or the author metadata's organisation"),
        Layer("dateline", "the wire in the dateline"),
    ),
    "published": (
        Layer(JSONLD, "JSON-LD datePublished/dateCreated", ("json-ld:published",)),
        Layer(META, "meta tags, microdata", ("meta:published",)),
        Layer(PROFILE, "profile selector or date_pattern"),
        Layer(GENERIC, "<time>, a date element, the URL"),
    ),
    "modified": (
        Layer(JSONLD, "JSON-LD dateModified", ("json-ld:modified",)),
        Layer(META, "meta tags", ("meta:modified",)),
        Layer(PROFILE, "profile selector"),
    ),
    "section": (
        Layer(JSONLD, "JSON-LD articleSection", ("json-ld:articleSection",)),
        Layer(META, "meta tags"),
        Layer(PROFILE, "profile selector"),
        Layer(GENERIC, "the breadcrumb's last step"),
    ),
    "tags": (Layer(META, "JSON-LD keywords, meta tags", ("json-ld:keywords",)), Layer(PROFILE, "profile selector")),
    "language": (
        Layer(META, "JSON-LD inLanguage, meta tags"),
        Layer(GENERIC, "<html lang>"),
        Layer(PROFILE, "the profile's language"),
    ),
    "images": (Layer(PROFILE, "profile selector"), Layer(GENERIC, "the story's own figures"), Layer(META, "og:image")),
    "access": (Layer(PROFILE, "profile access_meta"), Layer(META, "JSON-LD isAccessibleForFree")),
    "rankings": (Layer(PROFILE, "headings named by the profile"), Layer(GENERIC, "generic ranking headings")),
}
PREFERABLE = frozenset(f for f, layers in MERGE_ORDER.items() if any(x.source == PROFILE for x in layers))
IGNORABLE = frozenset(k for layers in MERGE_ORDER.values() for x in layers for k in x.ignore)


def check_profile_keys(prefer: tuple[str, ...], ignore: tuple[str, ...]) -> str | None:
    """What is wrong with a profile's `prefer` and `ignore` against MERGE_ORDER, or None."""
    for name in prefer:
        if name not in PREFERABLE:
            return f"prefer: {name!r} is no field a profile supplies (one of: {', '.join(sorted(PREFERABLE))})"
    for key in ignore:
        if key not in IGNORABLE:
            return f"ignore: {key!r} is no source a profile can switch off (one of: {', '.join(sorted(IGNORABLE))})"
    return None
