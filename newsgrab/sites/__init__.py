"""Site profiles: one declarative TOML file per site, looked up by host.

Built-in profiles live beside this module; more can be added from a directory named in
$NEWSGRAB_SITES (os.pathsep-separated). A file's keys are documented in README "Adding a site".
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from lxml.cssselect import CSSSelector

from ..errors import ProfileError

FIELDS = (
    "headline",
    "byline",
    "authors",
    "credit",
    "published",
    "modified",
    "body",
    "images",
    "section",
    "section_path",
    "tags",
    "dateline",
)


@dataclass(frozen=True)
class Profile:
    """What newsgrab knows about one site: data only, no code."""

    name: str
    title: str
    domains: tuple[str, ...]
    timezone: str | None = None
    language: str | None = None
    selectors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    drop: tuple[str, ...] = ()
    body_drop: tuple[str, ...] = ()
    date_formats: tuple[str, ...] = ()
    date_pattern: str | None = None
    prefer: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    ignore_tags: tuple[str, ...] = ()
    credit_aliases: dict[str, str] = field(default_factory=dict)
    credits: tuple[str, ...] = ()
    ranking_headings: tuple[str, ...] = ()
    not_rankings: tuple[str, ...] = ()
    access_meta: str | None = None
    access_free: tuple[str, ...] = ("free",)  # values of access_meta that mean a free article (casefolded)
    discovery: dict[str, Any] = field(default_factory=dict)
    path: str = ""
    overrides: str | None = None  # the built-in profile file this user's profile (same name) replaces

    def css(self, key: str) -> list[CSSSelector]:
        return _compile(self.selectors.get(key, ()))

    def drops(self) -> list[CSSSelector]:
        return _compile(self.drop)

    def body_drops(self) -> list[CSSSelector]:
        return _compile(self.body_drop)

    def matches(self, host: str) -> bool:
        host = host.lower().split(":")[0]
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "domains": list(self.domains),
            "timezone": self.timezone,
            "file": self.path,
            "overrides": self.overrides,
            "discovery": self.discovery,
        }


@lru_cache(maxsize=512)
def _compile_one(selector: str) -> CSSSelector:
    from lxml.cssselect import CSSSelector  # imported when a profile is read, not by `newsgrab --help`

    return CSSSelector(selector)


def _compile(selectors: tuple[str, ...]) -> list[CSSSelector]:
    return [_compile_one(s) for s in selectors]


# Every key a profile file may hold, with its type: a misspelt key (`timezon`) or a wrong type is an error.
KEYS: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "title": str,
    "domains": list,
    "timezone": str,
    "language": str,
    "selectors": dict,
    "drop": list,
    "body_drop": list,
    "date_formats": list,
    "date_pattern": str,
    "prefer": list,
    "ignore": list,
    "ignore_tags": list,
    "credit_aliases": dict,
    "credits": list,
    "rankings": dict,
    "access_meta": str,
    "access_free": list,
    "discovery": dict,
}
RANKING_KEYS: dict[str, type | tuple[type, ...]] = {"headings": list, "not": list}
DISCOVERY_KEYS: dict[str, type | tuple[type, ...]] = {
    "feeds": list,
    "sitemaps": list,
    "listings": list,
    "article_pattern": str,
    "listing_pages": int,
    "listing_next": str,
    "front_page": str,
}


def _check_keys(path: Path, where: str, data: dict, keys: dict[str, type | tuple[type, ...]]) -> None:
    for key, value in data.items():
        if key not in keys:
            raise ProfileError(f"{path}: {where}unknown key {key!r} (known: {', '.join(sorted(keys))})")
        want = keys[key]
        if not isinstance(value, want) or isinstance(value, bool):
            names: dict[object, str] = {str: "a string", list: "a list", dict: "a table", int: "a whole number"}
            raise ProfileError(f"{path}: {where}{key} must be {names.get(want, str(want))}, not {value!r:.60}")


def load_profile(path: Path) -> Profile:
    """Read and check one profile file; a mistake is a ProfileError naming the file and key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"{path}: {exc}") from exc
    _check_keys(path, "", data, KEYS)
    _check_keys(path, "[rankings] ", data.get("rankings", {}), RANKING_KEYS)
    _check_keys(path, "[discovery] ", data.get("discovery", {}), DISCOVERY_KEYS)
    if "timezone" in data:
        from ..extract.dates import zone

        if zone(data["timezone"]) is None:
            raise ProfileError(f"{path}: unknown timezone {data['timezone']!r} (an IANA name like Asia/Tokyo)")
    try:
        name, domains = data["name"], data["domains"]
    except KeyError as exc:
        raise ProfileError(f"{path}: missing key {exc.args[0]!r}") from None
    from ..extract.merge_order import check_profile_keys  # the merge order the keys name

    wrong = check_profile_keys(tuple(data.get("prefer", ())), tuple(data.get("ignore", ())))
    if wrong:
        raise ProfileError(f"{path}: {wrong}")
    sel = data.get("selectors", {})
    unknown = set(sel) - set(FIELDS)
    if unknown:
        raise ProfileError(f"{path}: unknown selector field(s) {sorted(unknown)}; known: {list(FIELDS)}")
    selectors = {k: tuple([v] if isinstance(v, str) else v) for k, v in sel.items()}
    profile = Profile(
        name=name,
        title=data.get("title", name),
        domains=tuple(d.lower() for d in domains),
        timezone=data.get("timezone"),
        language=data.get("language"),
        selectors=selectors,
        drop=tuple(data.get("drop", ())),
        body_drop=tuple(data.get("body_drop", ())),
        date_formats=tuple(data.get("date_formats", ())),
        date_pattern=data.get("date_pattern"),
        prefer=tuple(data.get("prefer", ())),
        ignore=tuple(data.get("ignore", ())),
        ignore_tags=tuple(data.get("ignore_tags", ())),
        credit_aliases=dict(data.get("credit_aliases", {})),
        credits=tuple(data.get("credits", ())),
        ranking_headings=tuple(data.get("rankings", {}).get("headings", ())),
        not_rankings=tuple(data.get("rankings", {}).get("not", ())),
        access_meta=data.get("access_meta"),
        access_free=tuple(v.casefold() for v in data.get("access_free", ["free"])),
        discovery=dict(data.get("discovery", {})),
        path=str(path),
    )
    try:  # fail on load, not on the first page, when a selector or pattern is invalid
        for key in selectors:
            profile.css(key)
        profile.drops()
        profile.body_drops()
        for pattern in (
            *profile.ranking_headings,
            *profile.not_rankings,
            *profile.ignore_tags,
            profile.date_pattern or "",
        ):
            re.compile(pattern)
    except Exception as exc:
        raise ProfileError(f"{path}: invalid selector or pattern: {exc}") from exc
    return profile


BUILTIN_DIR = Path(__file__).parent  # the profiles that ship with newsgrab


def _dirs() -> list[Path]:
    dirs = [BUILTIN_DIR]
    extra = os.environ.get("NEWSGRAB_SITES")
    if extra:
        for p in (Path(p).expanduser() for p in extra.split(os.pathsep) if p):
            if not p.is_dir():
                raise ProfileError(
                    f"$NEWSGRAB_SITES names {p}, which is not a directory (create it or fix the variable)"
                )
            dirs.append(p)
    return dirs


@lru_cache(maxsize=8)
def _profiles(key: tuple[str, ...]) -> tuple[Profile, ...]:
    """The user's profiles ($NEWSGRAB_SITES, first directory first) before the built-in ones, so that a
    user's profile is the one a URL of its domains gets; a user's profile named like a built-in one
    replaces it (marked `overrides`), and the first of several same-named user profiles wins."""
    builtin_dir, *user_dirs = map(Path, key)
    builtins = [load_profile(path) for path in sorted(builtin_dir.glob("*.toml"))]
    by_name = {p.name: p for p in builtins}
    users: dict[str, Profile] = {}
    for d in user_dirs:
        for path in sorted(d.glob("*.toml")):
            profile = load_profile(path)
            if profile.name in users:
                continue
            if profile.name in by_name:
                profile = replace(profile, overrides=by_name[profile.name].path)
            users[profile.name] = profile
    return (*users.values(), *(p for p in builtins if p.name not in users))


def profiles() -> tuple[Profile, ...]:
    """Every known profile: the user's first, then the built-in ones they do not replace."""
    return _profiles(tuple(str(d) for d in _dirs()))


def profile_for(url: str | None) -> Profile | None:
    """The profile whose domains cover the URL's host, or None."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # a malformed URL (a page's canonical link) belongs to no profile
        return None
    for profile in profiles():
        if profile.matches(host):
            return profile
    return None


def profile_named(name: str) -> Profile | None:
    return next((p for p in profiles() if p.name == name), None)
