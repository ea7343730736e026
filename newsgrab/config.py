"""The archive configuration: a TOML file listing sites and their discovery sources."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .errors import NewsgrabError
from .sites import profile_named, profiles


class ConfigError(NewsgrabError):
    """The configuration file is missing, malformed or names an unknown site."""


@dataclass
class SiteSources:
    """Where one site's new articles are found, and how hard to go at it."""

    name: str
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)
    listing_pattern: str | None = None
    listing_pages: int = 1
    listing_next: str | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    front_page: str | None = None
    delay: float | None = None
    max_articles: int | None = None
    domains: list[str] = field(default_factory=list)  # more hosts whose links are this site's (a profile's)
    other_hosts: bool = False  # follow discovered links to any host

    def in_site(self, url: str) -> bool:
        """Whether a discovered link belongs to this site: its host is a source's host, a profile domain,
        or a subdomain or parent of one of them (www. aside). Links elsewhere are not followed unless
        other_hosts is set: a feed cannot send newsgrab to 127.1, 0 or another site."""
        if self.other_hosts:
            return True
        try:
            host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        except ValueError:
            return False
        for known in self.hosts() | {d.lower() for d in self.domains}:
            known = known.removeprefix("www.")
            if host == known or host.endswith("." + known) or known.endswith("." + host) and "." in host:
                return True
        return False

    def hosts(self) -> set[str]:
        """The hosts of this site's sources (for its own per-host delay)."""
        urls = [*self.feeds, *self.sitemaps, *self.listings, *([self.front_page] if self.front_page else [])]
        return {(urlsplit(u).hostname or "").lower() for u in urls} - {""}

    def wanted(self, url: str) -> bool:
        if self.include and not any(re.search(p, url) for p in self.include):
            return False
        return not any(re.search(p, url) for p in self.exclude)


EXAMPLE = """# newsgrab archive configuration (TOML). `newsgrab archive` reads it from --config, or from
# newsgrab.toml beside the database, or from $XDG_CONFIG_HOME/newsgrab/newsgrab.toml.

[defaults]
delay = 1.0            # seconds between requests to one host (robots.txt Crawl-delay wins when larger)
max_articles = 200     # new articles fetched per run, newest first
# max_time = 600       # seconds a run may spend; what is left waits for the next run
# timezone = "Asia/Tokyo"  # zone for times a page prints without one, when its site profile gives none
# workers = 8          # hosts fetched at once
# timeout = 30         # seconds to wait for a server to answer
# warc_dir = "warc"    # also keep every HTTP exchange as WARC files here (relative to this file's folder;
#                        inside the archive's folder, the archive and its WARCs can be moved together)
# warc_max_size = 1073741824  # bytes of one WARC file before the next is started
# cluster = "tcp://scheduler:8786"  # import-warc and reparse parse on this Dask cluster ("local": all cores)

# A site with a built-in profile: its feeds, sitemap and listing pages come from the profile.
[[site]]
name = "japannews"
profile = "japannews"
# exclude = ['/news-services/']   # URL patterns (regex) to skip

# A site without a profile: list its discovery sources yourself.
# [[site]]
# name = "example"
# feeds = ["https://news.example.com/rss.xml"]
# sitemaps = ["https://news.example.com/sitemap-news.xml"]      # indexes and .gz work too
# listings = ["https://news.example.com/latest/"]
# listing_pattern = '^https://news\\.example\\.com/\\d{4}/\\d{2}/'   # which links are articles
# listing_pages = 3
# listing_next = "page/{n}/"
# include = ['/world/', '/business/']
# front_page = "https://news.example.com/"   # snapshot its ranking lists every run
# delay = 2.0
# max_articles = 50
# domains = ["static.example.com"]   # more hosts whose links count as this site's
# other_hosts = false                 # follow discovered links to other hosts too (off: a feed cannot send
#                                     # newsgrab to another site or to 127.0.0.1)
"""


def config_defaults(db_path: str) -> dict:
    """The [defaults] of the config beside the database or in the XDG dir ({} when there is none)."""
    path = find_config(None, db_path)
    return load_config(path, need_sites=False)[0] if path else {}


def find_config(explicit: str | None, db_path: str) -> Path | None:
    """--config, else newsgrab.toml beside the database, else the XDG config dir; None when none exists."""
    if explicit:
        p = Path(explicit)
        if not p.is_file():
            raise ConfigError(f"config file not found: {explicit} (`newsgrab init` writes an example)")
        return p
    beside = Path(db_path).resolve().parent / "newsgrab.toml"
    if beside.is_file():
        return beside
    xdg = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "newsgrab" / "newsgrab.toml"
    return xdg if xdg.is_file() else None


_TOP_KEYS = {"defaults", "site"}
DEFAULT_KEYS: dict[str, type | tuple[type, ...]] = {
    "delay": (int, float),
    "max_articles": int,
    "max_time": (int, float),
    "timezone": str,
    "workers": int,
    "timeout": (int, float),
    "user_agent": str,
    "warc_dir": str,
    "warc_max_size": int,
    "cluster": str,
}
SITE_KEYS: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "profile": str,
    "feeds": list,
    "sitemaps": list,
    "listings": list,
    "listing_pattern": str,
    "listing_pages": int,
    "listing_next": str,
    "include": list,
    "exclude": list,
    "front_page": str,
    "delay": (int, float),
    "max_articles": int,
    "domains": list,
    "other_hosts": bool,
}
_TYPE_NAMES = {
    str: "a string",
    int: "a whole number",
    list: "a list of strings",
    (int, float): "a number",
    bool: "true or false",
}


def _check_type(where: str, key: str, value: object, want: type | tuple[type, ...]) -> None:
    ok = isinstance(value, want) and (want is bool or not isinstance(value, bool))
    if ok and want is list:
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    if not ok:
        shown = repr(value) if len(repr(value)) < 60 else repr(value)[:57] + "..."
        raise ConfigError(
            f"{where}: {key} must be {_TYPE_NAMES.get(want, want)}, not {shown}"
            + (f" (write {key} = [{shown}])" if want is list and isinstance(value, str) else "")
        )


def load_config(path: Path, *, need_sites: bool = True) -> tuple[dict, list[SiteSources]]:
    """(defaults, sites) from a config file; any mistake is a ConfigError naming the file and key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(unknown)} (known: [defaults], [[site]])")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise ConfigError(f"{path}: [defaults] must be a table")
    for key, value in defaults.items():
        if key not in DEFAULT_KEYS:
            raise ConfigError(f"{path}: [defaults]: unknown key {key!r} (known: {', '.join(sorted(DEFAULT_KEYS))})")
        _check_type(f"{path}: [defaults]", key, value, DEFAULT_KEYS[key])
    if "timezone" in defaults and _zone(defaults["timezone"]) is None:
        raise ConfigError(f"{path}: [defaults]: unknown timezone {defaults['timezone']!r} (an IANA name)")
    if isinstance(defaults.get("warc_dir"), str):  # relative to the config's folder, not to where cron runs
        defaults = {**defaults, "warc_dir": str(path.resolve().parent / Path(defaults["warc_dir"]).expanduser())}
    raw_sites = data.get("site", [])
    if isinstance(raw_sites, dict):
        raise ConfigError(f"{path}: write [[site]] (two brackets: one block per site), not [site]")
    sites = []
    for i, raw in enumerate(raw_sites):
        if not isinstance(raw, dict) or not raw.get("name"):
            raise ConfigError(f"{path}: [[site]] number {i + 1} needs a name")
        sites.append(_site(raw, path))
    if not sites and need_sites:
        raise ConfigError(f"{path}: no [[site]] configured")
    return defaults, sites


_KEYS = set(SITE_KEYS)


def _site(raw: dict, path: Path) -> SiteSources:
    unknown = set(raw) - _KEYS
    if unknown:
        raise ConfigError(
            f"{path}: site {raw['name']!r}: unknown key(s) {sorted(unknown)} (known: {', '.join(sorted(_KEYS))})"
        )
    for key, value in raw.items():
        _check_type(f"{path}: site {raw['name']!r}", key, value, SITE_KEYS[key])
    base = builtin_sources(raw["profile"]) if raw.get("profile") else SiteSources(raw["name"])
    base.name = raw["name"]
    for key in _KEYS - {"name", "profile"}:
        if key in raw:
            setattr(base, key, raw[key])
    for pattern in (*base.include, *base.exclude, base.listing_pattern or ""):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"{path}: site {base.name!r}: bad pattern {pattern!r} ({exc})") from None
    if not (base.feeds or base.sitemaps or base.listings or base.front_page):
        raise ConfigError(f"{path}: site {base.name!r} has no feeds, sitemaps or listings")
    return base


def builtin_sources(name: str) -> SiteSources:
    """The discovery sources a built-in profile declares (`newsgrab archive --site NAME`)."""
    profile = profile_named(name)
    if profile is None:
        known = ", ".join(p.name for p in profiles() if p.discovery)
        raise ConfigError(f"unknown site {name!r} (known: {known})")
    d = profile.discovery
    return SiteSources(
        name=name,
        feeds=list(d.get("feeds", [])),
        sitemaps=list(d.get("sitemaps", [])),
        listings=list(d.get("listings", [])),
        listing_pattern=d.get("article_pattern"),
        listing_pages=int(d.get("listing_pages", 1)),
        listing_next=d.get("listing_next"),
        front_page=d.get("front_page"),
        domains=list(profile.domains),
    )


def resolve_sources(
    config_path: str | None,
    db_path: str,
    site_names: tuple[str, ...] | list[str],
    feeds: list[str],
    sitemaps: list[str],
    listings: list[str],
    listing_pattern: str | None = None,
    other_hosts: bool = False,
) -> tuple[dict, list[SiteSources]]:
    """(defaults, sites) for a run: built-in sites and command-line sources if any are given, else the config.
    The defaults of a config file apply either way (a config beside the database or named by --config)."""
    if listing_pattern:
        try:
            re.compile(listing_pattern)
        except re.error as exc:
            raise ConfigError(f"--listing-pattern: bad pattern {listing_pattern!r} ({exc})") from None
    if site_names or feeds or sitemaps or listings:
        sites = [builtin_sources(name) for name in site_names]
        if feeds or sitemaps or listings:
            sites.append(
                SiteSources(
                    "command line", feeds=feeds, sitemaps=sitemaps, listings=listings, listing_pattern=listing_pattern
                )
            )
        for site in sites:
            site.other_hosts = site.other_hosts or other_hosts
        path = find_config(config_path, db_path)
        return (load_config(path, need_sites=False)[0] if path else {}), sites
    path = find_config(config_path, db_path)
    if path is None:
        raise ConfigError(
            "nothing to archive: give --site NAME, --feed/--sitemap/--listing URL, "
            "or a config file (`newsgrab init` writes one)"
        )
    defaults, sites = load_config(path)
    for site in sites:
        site.listing_pattern = listing_pattern or site.listing_pattern
        site.other_hosts = site.other_hosts or other_hosts
    return defaults, sites


@dataclass
class RunSettings:
    """The settings of one fetch or archive run: the command line wins, then the config's [defaults],
    then the environment (NEWSGRAB_TZ), then these defaults."""

    delay: float = 1.0
    max_articles: int = 200
    max_time: float | None = None
    timezone: str | None = None
    workers: int = 8
    timeout: float = 30.0
    user_agent: str | None = None
    warc_dir: str | None = None  # keep every HTTP exchange as WARC files here
    warc_max_size: int = 1024**3  # bytes of one WARC file before the next is started
    cluster: str | None = None  # a Dask scheduler (tcp://host:8786, or "local") for import-warc and reparse


def merge_settings(defaults: dict, **given: object) -> RunSettings:
    """RunSettings from the config's [defaults] and the options given on the command line (None: not given)."""
    settings = RunSettings()
    for key in vars(settings):
        value = given.get(key)
        if value is None:
            value = defaults.get(key)
        if value is None and key == "timezone":
            value = os.environ.get("NEWSGRAB_TZ") or None
        if value is not None:
            setattr(settings, key, value)
    if settings.timezone and _zone(settings.timezone) is None:
        raise ConfigError(f"unknown time zone {settings.timezone!r} (use an IANA name like Europe/Berlin)")
    return settings


def _zone(name: str) -> object | None:
    from .extract.dates import zone  # imported when a zone is named: the extractor is slow to import

    return zone(name)
