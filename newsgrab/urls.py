"""URLs: checking what a user typed (one clear reason per bad URL) and normalising discovered links so that
one story is one row."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from .errors import FetchError

TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|ref_src|"
    r"cmpid|ocid|icid|s_cid|sr_share|share|at_medium|at_campaign|wt_mc|wt\.mc_id)$",
    re.I,
)
# What may stand in a host name: letters of any script, digits, dots, hyphens, underscores, %-escapes.
_HOST = re.compile(r"[^\s/\\?#@:<>\"'`{}|^\[\]]+")
# a host (a dotted name, localhost, or any name with a port) and maybe a port, typed without http://
_SCHEMELESS = re.compile(r"^(?:[\w-]+(?:\.[\w-]+)+(?::\d+)?|localhost(?::\d+)?|[\w-]+:\d+)(?:[/?#]|$)", re.I)


def looks_schemeless(text: str) -> bool:
    """Whether `text` reads as a web address typed without its scheme (example.com/a, 127.0.0.1:8811/a)."""
    return bool(_SCHEMELESS.match(text))


def check_url(url: str) -> str:
    """The URL if it is a well-formed http(s) URL; else FetchError(reason="bad url") saying what is wrong."""
    shown = url if len(url) <= 200 else url[:200] + "…"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"{shown}: invalid URL ({exc})", reason="bad url") from None
    scheme = parts.scheme.lower()
    if not scheme or (scheme not in ("http", "https") and _SCHEMELESS.match(url)):
        if _SCHEMELESS.match(url):
            local = re.match(r"(?:localhost|\d{1,3}(?:\.\d{1,3}){3})(?:[:/?#]|$)", url, re.I)
            scheme = "http" if local else "https"  # a server on this machine or the LAN rarely has TLS
            raise FetchError(f"{shown}: invalid URL: no scheme (did you mean {scheme}://{url}?)", reason="bad url")
        raise FetchError(f"{shown}: invalid URL: not an http(s) address or a saved HTML file", reason="bad url")
    if scheme not in ("http", "https"):
        raise FetchError(f"{shown}: invalid URL: {scheme}: is not http(s)", reason="bad url")
    host = parts.hostname
    if not host:
        raise FetchError(f"{shown}: invalid URL: no host name", reason="bad url")
    if not (host.startswith("[") or ":" in host) and not _HOST.fullmatch(host):
        raise FetchError(f"{shown}: invalid URL: bad host name {host!r}", reason="bad url")
    if port == 0:
        raise FetchError(f"{shown}: invalid URL: port 0", reason="bad url")
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise FetchError(f"{shown}: invalid URL: contains spaces or control characters", reason="bad url")
    return url


def normalise_url(url: str, base: str | None = None) -> str | None:
    """Absolute http(s) URL with lower-case scheme and host, no fragment, default port or tracking
    parameters; None for anything else (mailto:, javascript:, malformed)."""
    url = (url or "").strip()
    if not url:
        return None
    try:
        if base:
            url = urljoin(base, url)
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    elif not _HOST.fullmatch(host):
        return None
    port = port if port and (scheme, port) not in (("http", 80), ("https", 443)) else None
    netloc = f"{host}:{port}" if port else host
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def mask_credentials(url: str) -> str:
    """The URL with any user name and password replaced by ***, for storing and printing."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment))
