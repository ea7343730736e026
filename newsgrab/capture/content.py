"""What a response body may be: the content checks (HTML, a challenge page), decoding with size caps, and the one-
line wording of errors."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Any

import requests
import urllib3

from ..errors import FetchError
from .results import FetchOptions

HTML_TYPES = ("text/html", "application/xhtml+xml")


ROBOTS_MAX_BYTES = 512 * 1024


_CHALLENGE = re.compile(
    r"cf-browser-verification|challenge-platform|cf_chl_|Just a moment\.\.\.|Attention Required! \| Cloudflare|"
    r"_Incapsula_Resource|px-captcha|perimeterx|ddos-guard|captcha-delivery\.com|geo\.captcha|"
    r"Please enable JS and disable any ad blocker|Checking your browser before accessing|"
    r"<title>\s*(?:Access Denied|Robot Check|Are you a robot\?|Security check)\s*</title>",
    re.I,
)


class BodyDecoder:
    """Undoes a Content-Encoding (gzip, deflate, none) chunk by chunk, with a bound on each output.

    newsgrab asks for gzip and deflate only, so that the bytes as sent can be kept and decoded here."""

    def __init__(self, url: str, encoding: str | None, status: int):
        codings = [c.strip().lower() for c in (encoding or "").split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        self._kind = codings[0] if len(codings) == 1 and codings[0] in ("gzip", "x-gzip", "deflate") else None
        if codings and self._kind is None:
            raise FetchError(
                f"{url}: the server used a content encoding newsgrab did not ask for ({', '.join(codings)})",
                status=status,
                reason="bad body",
            )
        self._d: Any = None
        self._tail = b""

    def _new(self, first: bytes) -> Any:
        if self._kind == "deflate":  # zlib-wrapped, as the RFC says, or raw deflate, as some servers send
            return (
                zlib.decompressobj()
                if len(first) >= 2 and (first[0] * 256 + first[1]) % 31 == 0 and first[0] & 0x0F == 8
                else zlib.decompressobj(-zlib.MAX_WBITS)
            )
        return zlib.decompressobj(16 + zlib.MAX_WBITS)

    def decompress(self, data: bytes, limit: int) -> bytes:
        if self._kind is None:
            return data
        data = self._tail + data
        self._tail = b""
        out = b""
        while data and len(out) < limit:
            if self._d is None:
                if len(data) < 2:
                    self._tail = data
                    break
                self._d = self._new(data)
            out += self._d.decompress(data, max(1, limit - len(out)))
            data = self._d.unconsumed_tail
            if self._d.eof:  # the next gzip member, if any
                data = self._d.unused_data + data
                self._d = None
                if data.strip(b"\0") == b"":
                    break
        return out

    def flush(self) -> bytes:
        return self._d.flush() if self._d is not None else b""


def small_body(resp: requests.Response, limit: int = 1024 * 1024) -> bytes:
    """The body as sent of an answer that is not a page (a redirect, an error), up to `limit` bytes."""
    try:
        return capped_body(resp, limit)[0]
    except (urllib3.exceptions.HTTPError, requests.RequestException, OSError):
        return b""


def capped_body(resp: requests.Response, limit: int) -> tuple[bytes, bytes]:
    """(as sent, decoded) for a small document such as robots.txt, decoded output cut at `limit`."""
    decoder = BodyDecoder(resp.url, resp.headers.get("content-encoding"), resp.status_code)
    raw, out = b"", b""
    for chunk in resp.raw.stream(64 * 1024, decode_content=False):
        raw += chunk
        out += decoder.decompress(chunk, limit - len(out) + 1)
        if len(out) >= limit or len(raw) >= 8 * limit:
            return raw, out[:limit]
    return raw, (out + decoder.flush())[:limit]


@dataclass(frozen=True)
class RobotsUnavailable:
    """A host whose robots.txt cannot be read now: its pages are not fetched in this run."""

    kind: str
    reason: str


def unresolved(exc: Exception) -> bool:
    text = str(exc)
    return any(
        s in text
        for s in (
            "NameResolutionError",
            "Name or service not known",
            "Failed to resolve",
            "nodename nor servname",
            "Temporary failure in name resolution",
        )
    )


def check_page(url: str, content: bytes, opts: FetchOptions) -> None:
    """An empty page or a bot challenge is a failed fetch, never an article."""
    if len(content.strip()) == 0:
        raise FetchError(f"{url}: the server sent an empty page", status=200, reason="empty")
    head = content[:20000].decode("utf-8", errors="replace")
    if _CHALLENGE.search(head):
        raise FetchError(
            f"{url}: a bot challenge page came back instead of the article", status=200, reason="challenge"
        )
    tail = content[-65536:].lower()
    if b"</html" not in tail and b"</body" not in tail and b"<html" in content[:4096].lower():
        raise FetchError(f"{url}: the page ends mid-document (truncated in transit?)", status=200, reason="truncated")
    if len(content) < opts.min_html_bytes:
        raise FetchError(
            f"{url}: the page is too small to hold an article ({len(content)} bytes)", status=200, reason="empty"
        )


_MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|meta|title|p|div|article|h1)\b", re.I)


def sniff_html(name: str, content: bytes) -> None:
    """A saved file that is not HTML (a PDF, an image, Markdown, plain text) is refused as such."""
    head = content[:4096]
    for magic, kind in (
        (b"%PDF", "a PDF"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"PK\x03\x04", "a ZIP file"),
        (b"GIF8", "a GIF image"),
        (b"\x1f\x8b", "a gzip file"),
    ):
        if head.startswith(magic):
            raise FetchError(f"{name}: not an HTML page ({kind}); newsgrab archives HTML articles", reason="not html")
    text = head.decode("utf-16") if head[:2] in (b"\xff\xfe", b"\xfe\xff") else head.decode("utf-8", "replace")
    if not _MARKUP.search(text.encode("utf-8", "replace")):
        raise FetchError(
            f"{name}: not an HTML page (no HTML tags at its start); newsgrab archives HTML articles", reason="not html"
        )


def short_error(exc: Exception) -> str:
    text = str(exc)
    m = re.search(r"\(Caused by (\w+)", text)
    if m:
        return m.group(1)
    return text[:120]


def megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB"
