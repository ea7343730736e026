"""Fetching pages politely and safely: one session, retries, robots.txt, per-host delay, conditional GET,
size and time caps, content-type and charset checks, bot-challenge detection, concurrency across hosts."""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import time
import traceback
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urljoin, urlsplit

import requests
import urllib3
from protego import Protego
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util.retry import Retry

from .defaults import MAX_PAGE_BYTES, USER_AGENT  # noqa: F401  (re-exported)
from .errors import FetchError
from .urls import check_url, looks_schemeless

log = logging.getLogger(__name__)
HTML_TYPES = ("text/html", "application/xhtml+xml")
ROBOTS_MAX_BYTES = 512 * 1024
_CHALLENGE = re.compile(
    r"cf-browser-verification|challenge-platform|cf_chl_|Just a moment\.\.\.|Attention Required! \| Cloudflare|"
    r"_Incapsula_Resource|px-captcha|perimeterx|ddos-guard|captcha-delivery\.com|geo\.captcha|"
    r"Please enable JS and disable any ad blocker|Checking your browser before accessing|"
    r"<title>\s*(?:Access Denied|Robot Check|Are you a robot\?|Security check)\s*</title>",
    re.I,
)


@dataclass
class FetchResult:
    """What one fetch brought back. `content` is empty for a 304."""

    url: str  # as requested
    final_url: str
    status: int
    content: bytes = b""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    elapsed_ms: int = 0  # from the request sent to the last byte read
    wait_ms: int = 0  # time spent queued for the host (per-host delay, Crawl-delay)
    raw: bytes = field(default=b"", repr=False)  # the body as sent, before its content encoding is undone
    warc: Any = None  # where the response lies in a WARC file, when one is written (newsgrab.warc.WarcRef)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class FetchOptions:
    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float | None = None  # a trickling body is cut off after this many seconds (default 4x read)
    max_bytes: int = MAX_PAGE_BYTES
    delay: float = 1.0  # seconds between two requests to one host
    obey_robots: bool = True
    retries: int = 3
    backoff: float = 0.5
    max_redirects: int = 5
    min_html_bytes: int = 200

    def __post_init__(self) -> None:
        if self.total_timeout is None:
            self.total_timeout = max(4 * self.read_timeout, 10.0)


class Fetcher:
    """One polite HTTP client for every command that touches the network. Thread-safe."""

    def __init__(
        self,
        options: FetchOptions | None = None,
        session: requests.Session | None = None,
        recorder: Recorder | None = None,
    ):
        self.options = options or FetchOptions()
        self.recorder = recorder  # sees every HTTP exchange (WARC capture)
        self.session = session or _session(self.options)
        self._robots_session = session or _session(self.options, status_retries=0)  # 5xx: "try later" at once
        self._busy: dict[str, str] = {}  # host -> why it is skipped for the rest of this run
        self._robots: dict[str, Protego | _RobotsUnavailable | None] = {}
        self._host_locks: dict[str, threading.Lock] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._last_hit: dict[str, float] = {}
        self._lock = threading.Lock()
        self.site_delays: dict[str, float] = {}  # host -> delay, for sites configured with their own delay

    # ---- public ----

    def get(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        *,
        html: bool = True,
        should_stop: Callable[[], bool] | None = None,
        captured: str | None = None,
    ) -> FetchResult:
        """Fetch one article page (or, with html=False, a feed or sitemap); raise FetchError with a
        one-line reason when it cannot be had. `captured`: when the copy the validators came from was
        captured (a 304's WARC revisit record names it)."""
        if url.startswith("file:") or _is_local_path(url):
            return _read_file(url, self.options)
        check_url(url)
        busy = self._busy.get((urlsplit(url).hostname or "").lower())
        if busy:
            raise FetchError(f"{url}: not fetched: {busy}", reason="busy")
        clock = _Clock(self.options.total_timeout or 120.0)  # runs while a request of this URL is out
        _local.clock = clock
        try:
            if self.options.obey_robots and not self.allowed(url, should_stop):
                raise FetchError(f"robots.txt disallows {url} (use --ignore-robots to override)", reason="robots")
            headers = {}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            _local.refers_to = (url, captured) if headers else None
            return self._get(url, headers, clock, html, should_stop)
        finally:
            clock.cancel()
            _local.clock = _local.refers_to = None

    def allowed(self, url: str, should_stop: Callable[[], bool] | None = None) -> bool:
        """Whether robots.txt lets our user agent fetch the URL (read once per host per Fetcher)."""
        rp = self._robots_for(url, should_stop)
        return True if rp is None else rp.can_fetch(url, self.options.user_agent)

    def fetch_many(
        self,
        urls: Iterable[str],
        workers: int = 8,
        validators: Mapping[str, tuple[str | None, str | None, str | None]] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> Iterator[tuple[str, FetchResult | FetchError]]:
        """Fetch concurrently across hosts (one at a time per host); yield (url, result or error) as done.

        `validators` maps a URL to its stored (ETag, Last-Modified, capture time) for a conditional GET. Once
        `should_stop()` is true no new request is sent: URLs not yet requested come back as
        FetchError(reason="stopped"), while requests already in flight finish and are yielded.
        """
        urls = list(dict.fromkeys(urls))
        validators = validators or {}

        def one(u: str) -> FetchResult | FetchError:
            start = time.monotonic()
            try:
                if should_stop is not None and should_stop():
                    raise FetchError(f"{u}: not fetched: the run was stopped", reason="stopped")
                etag, lm, captured = validators.get(u, (None, None, None))
                return self.get(u, etag, lm, should_stop=should_stop, captured=captured)
            except FetchError as exc:
                if exc.elapsed_ms is None:
                    exc.elapsed_ms = int((time.monotonic() - start) * 1000)
                return exc
            except Exception as exc:  # a bug: loud, with its traceback, and a failure of this URL only
                log.exception("newsgrab crashed fetching %s", u)
                err = FetchError(f"{u}: newsgrab crashed while fetching ({type(exc).__name__}: {exc})", reason="crash")
                err.detail = traceback.format_exc()
                return err

        pool = ThreadPoolExecutor(max_workers=max(1, workers))
        window = 2 * max(1, workers)  # pages held at once are bounded: at most this many fetched and unread
        queue = iter(_round_robin(urls))
        pending: dict[Future, str] = {}

        def fill() -> None:
            while len(pending) < window:
                u = next(queue, None)
                if u is None:
                    return
                pending[pool.submit(one, u)] = u

        try:
            fill()
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield pending.pop(fut), fut.result()
                fill()
        finally:  # a consumer that stops early cancels what has not started
            pool.shutdown(wait=True, cancel_futures=True)

    # ---- internals ----

    def _get(
        self,
        url: str,
        headers: dict[str, str],
        clock: _Clock,
        html: bool = True,
        should_stop: Callable[[], bool] | None = None,
    ) -> FetchResult:
        opts = self.options
        start: float | None = None
        waited = 0.0
        current = url
        for _hop in range(opts.max_redirects + 1):
            queued = time.monotonic()
            with self._host_slot(current, should_stop):
                sent = time.monotonic()
                waited += sent - queued
                if start is None:
                    start = sent
                resp = self._request(current, headers, clock)
            if resp.is_redirect:
                location = resp.headers.get("location", "")
                if self.recorder is not None:
                    self._record(resp, _small_body(resp))
                resp.close()
                try:
                    nxt = urljoin(current, location)
                    scheme = urlsplit(nxt).scheme
                    if scheme in ("http", "https"):
                        check_url(nxt)
                except (ValueError, FetchError):
                    raise FetchError(
                        f"{url}: redirect to a malformed URL refused ({location[:80]})",
                        status=resp.status_code,
                        reason="bad redirect",
                    ) from None
                if scheme not in ("http", "https"):
                    raise FetchError(
                        f"{url}: redirect to a non-http(s) URL refused ({nxt[:80]})",
                        status=resp.status_code,
                        reason="bad redirect",
                    )
                if opts.obey_robots and not self.allowed(nxt):
                    raise FetchError(f"{url}: redirect target disallowed by robots.txt ({nxt})", reason="robots")
                current = nxt
                continue
            assert start is not None
            result = self._read(url, current, resp, start, html, clock)
            result.wait_ms = int(waited * 1000)
            return result
        raise FetchError(f"{url}: more than {opts.max_redirects} redirects", reason="too many redirects")

    def _request(self, url: str, headers: dict[str, str], clock: _Clock | None = None) -> requests.Response:
        opts = self.options
        try:
            resp = self.session.get(
                url,
                headers=headers,
                stream=True,
                allow_redirects=False,
                timeout=(opts.connect_timeout, opts.read_timeout),
            )
            if clock is not None and clock.expired:  # cut mid-headers: what came back is not an answer
                resp.close()
                raise _Expired()
            return resp
        except ValueError as exc:  # requests reads a Location header even when not following it
            raise FetchError(
                f"{url}: the server's answer holds a malformed URL ({exc}); a redirect to it is refused",
                reason="bad redirect",
            ) from None
        except _WaitTooLong as exc:
            host = (urlsplit(url).hostname or "").lower()
            self._busy[host] = f"the server asked to wait {exc.seconds:.0f} s (Retry-After); host skipped for this run"
            raise FetchError(f"{url}: {self._busy[host]}", reason="busy") from None
        except Exception as exc:
            if clock is not None and clock.expired:
                raise FetchError(
                    f"{url}: no complete answer within {clock.seconds:g} s (the total time limit)", reason="timeout"
                ) from None
            if isinstance(exc, _Expired):
                raise FetchError(f"{url}: out of time", reason="timeout") from None
            failure = self._request_failure(url, exc)
            if failure is None:
                raise  # not a network failure: a bug, reported with its traceback by the caller
            raise failure from None

    def _request_failure(self, url: str, exc: Exception) -> FetchError | None:
        """The FetchError that says why a request failed; None for an exception that is not a request's."""
        opts = self.options
        if isinstance(exc, requests.exceptions.RetryError):
            return FetchError(f"{url}: gave up after {opts.retries} retries ({_short(exc)})", reason="http error")
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return FetchError(f"{url}: connection timed out", reason="timeout")
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return FetchError(f"{url}: no answer within {opts.read_timeout:g} s", reason="timeout")
        if isinstance(exc, requests.exceptions.ConnectionError):
            cause = _short(exc)
            if cause == "ReadTimeoutError":
                return FetchError(
                    f"{url}: no answer within {opts.read_timeout:g} s (after {opts.retries} retries)", reason="timeout"
                )
            if cause == "ConnectTimeoutError":
                return FetchError(f"{url}: connection timed out", reason="timeout")
            if _unresolved(exc):
                return FetchError(f"{url}: cannot resolve host {urlsplit(url).hostname}", reason="connection")
            return FetchError(f"{url}: connection failed ({cause})", reason="connection")
        if isinstance(exc, requests.RequestException):
            return FetchError(f"{url}: {type(exc).__name__}: {_short(exc)}", reason="request")
        return None

    def _read(
        self,
        url: str,
        final: str,
        resp: requests.Response,
        start: float,
        html: bool = True,
        clock: _Clock | None = None,
    ) -> FetchResult:
        opts = self.options
        status = resp.status_code
        hdrs = {k.lower(): v for k, v in resp.headers.items()}
        result = FetchResult(
            url=url, final_url=final, status=status, etag=hdrs.get("etag"), last_modified=hdrs.get("last-modified")
        )
        try:
            if status == 304:
                return result
            if status != 200:
                if self.recorder is not None:
                    result.raw = _small_body(resp)
                raise FetchError(
                    f"{url}: HTTP {status} {resp.reason or ''}".rstrip(), status=status, reason="http error"
                )
            ctype = hdrs.get("content-type", "")
            mime = ctype.split(";")[0].strip().lower()
            if html and mime and mime not in HTML_TYPES and not mime.startswith("text/"):
                raise FetchError(
                    f"{url}: not an HTML page ({mime}); newsgrab archives HTML articles",
                    status=status,
                    reason="not html",
                )
            declared = int(hdrs["content-length"]) if hdrs.get("content-length", "").isdigit() else None
            if declared is not None and declared > opts.max_bytes and "content-encoding" not in hdrs:
                raise FetchError(
                    f"{url}: page is {declared} bytes, over the {_mb(opts.max_bytes)} cap",
                    status=status,
                    reason="too large",
                )
            chunks, total = [], 0
            decoder = _BodyDecoder(url, hdrs.get("content-encoding"), status)
            raw_parts: list[bytes] = []
            try:
                # read the bytes as sent (kept for WARC) and undo the content encoding here, capped on the
                # decoded size: a gzip bomb stops at the cap
                for chunk in resp.raw.stream(64 * 1024, decode_content=False):
                    raw_parts.append(chunk)
                    out = decoder.decompress(chunk, opts.max_bytes - total + 1)
                    total += len(out)
                    if total > opts.max_bytes:
                        raise FetchError(
                            f"{url}: page exceeds the {_mb(opts.max_bytes)} cap", status=status, reason="too large"
                        )
                    if clock is not None and clock.expired:
                        raise FetchError(
                            f"{url}: page took over {opts.total_timeout:g} s to arrive", status=status, reason="timeout"
                        )
                    chunks.append(out)
                chunks.append(decoder.flush())
            except (
                urllib3.exceptions.ProtocolError,
                urllib3.exceptions.ReadTimeoutError,
                urllib3.exceptions.SSLError,
                requests.exceptions.ConnectionError,
            ) as exc:
                if clock is not None and clock.expired:
                    raise FetchError(
                        f"{url}: page took over {opts.total_timeout:g} s to arrive", status=status, reason="timeout"
                    ) from None
                raise FetchError(
                    f"{url}: connection broke mid-page ({_short(exc)})", status=status, reason="connection"
                ) from None
            except zlib.error as exc:
                raise FetchError(
                    f"{url}: page body could not be decoded ({exc})", status=status, reason="bad body"
                ) from None
            result.raw = b"".join(raw_parts)
            content = b"".join(chunks)
            if clock is not None and clock.expired:
                raise FetchError(
                    f"{url}: page took over {opts.total_timeout:g} s to arrive", status=status, reason="timeout"
                )
            if declared is not None and "content-encoding" not in hdrs and len(content) < declared:
                raise FetchError(
                    f"{url}: page cut short ({len(content)} of {declared} bytes)", status=status, reason="connection"
                )
            result.content = content
            m = re.search(r"charset=[\"']?([\w.:-]+)", ctype, re.I)
            result.charset = m.group(1) if m else None
            if html:
                _check_page(url, content, opts)
            elif not content.strip():
                raise FetchError(f"{url}: the server sent an empty document", status=200, reason="empty")
            return result
        finally:
            result.elapsed_ms = int((time.monotonic() - start) * 1000)
            if self.recorder is not None:
                result.warc = self._record(resp, result.raw)
            resp.close()

    def _record(self, resp: requests.Response, payload: bytes) -> Any:
        """Hand one exchange to the recorder; a recorder failure (a full disk) stops the run loudly."""
        assert self.recorder is not None
        refers = getattr(_local, "refers_to", None)
        if resp.status_code == 304 and refers is not None:
            resp.newsgrab_refers_to = refers  # type: ignore[attr-defined]  # (target URI, capture time)
        return self.recorder.exchange(resp, payload)

    @contextmanager
    def _host_slot(self, url: str, should_stop: Callable[[], bool] | None = None) -> Iterator[None]:
        """Hold the host's lock and keep the per-host delay (robots Crawl-delay wins when larger).

        Waiting (for the lock or the delay) ends early when `should_stop()` turns true: then no request
        is sent and FetchError(reason="stopped") is raised."""
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            lock = self._host_locks.setdefault(host, threading.Lock())
        clock: _Clock | None = getattr(_local, "clock", None)
        if clock is not None:
            clock.pause()  # the wait for the host's turn is politeness, not the server's time
        stopped = should_stop or (lambda: False)
        while not lock.acquire(timeout=0.1):
            if stopped():
                raise FetchError(f"{url}: not fetched: the run was stopped", reason="stopped")
        try:
            delay = self.host_delay(url)
            last = self._last_hit.get(host)
            while last is not None and last + delay > time.monotonic():
                if stopped():
                    raise FetchError(f"{url}: not fetched: the run was stopped", reason="stopped")
                time.sleep(min(0.1, last + delay - time.monotonic()))
            if stopped():
                raise FetchError(f"{url}: not fetched: the run was stopped", reason="stopped")
            if clock is not None:
                clock.resume()
            try:
                yield
            finally:
                self._last_hit[host] = time.monotonic()
        finally:
            lock.release()

    def host_delay(self, url: str) -> float:
        """Seconds between two requests to the URL's host: the site's delay, or the robots Crawl-delay
        (capped at 60 s) when larger."""
        parts = urlsplit(url)
        delay = self.site_delays.get((parts.hostname or "").lower(), self.options.delay)
        rp = self._robots.get(parts.netloc.rsplit("@", 1)[-1].lower())
        if isinstance(rp, Protego) and self.options.obey_robots:
            crawl_delay = rp.crawl_delay(self.options.user_agent)
            if crawl_delay:
                delay = max(delay, min(float(crawl_delay), 60.0))
        return delay

    def _robots_for(self, url: str, should_stop: Callable[[], bool] | None = None) -> Protego | None:
        """The parsed robots.txt of the URL's host (None: no rules); FetchError when it cannot be had now."""
        parts = urlsplit(url)
        host = parts.netloc.rsplit("@", 1)[-1].lower()  # robots.txt is per scheme, host and port
        with self._lock:
            host_lock = self._robots_locks.setdefault(host, threading.Lock())
        with host_lock:  # one read per host; other threads wait for it
            if host not in self._robots:
                self._robots[host] = self._read_robots(f"{parts.scheme}://{host}/robots.txt", should_stop)
            rp = self._robots[host]
        if isinstance(rp, _RobotsUnavailable):
            raise FetchError(f"{url}: not fetched: {rp.reason}", reason=rp.kind)
        return rp

    def _read_robots(
        self, robots_url: str, should_stop: Callable[[], bool] | None = None
    ) -> Protego | _RobotsUnavailable | None:
        """RFC 9309: 4xx means no rules; 5xx or no answer means stay out for now (try later); 512 KiB cap."""
        try:
            with self._host_slot(robots_url, should_stop):
                resp = self._robots_session.get(
                    robots_url, stream=True, timeout=(self.options.connect_timeout, 15), allow_redirects=True
                )
            try:
                if self.recorder is not None:
                    for hop in resp.history:
                        self._record(hop, b"")
                if resp.status_code != 200:
                    if self.recorder is not None:
                        self._record(resp, _small_body(resp))
                if 400 <= resp.status_code < 500:
                    return None
                if resp.status_code >= 500:
                    return _RobotsUnavailable(
                        "robots unavailable",
                        f"robots.txt answered HTTP {resp.status_code}; the host is skipped for now, try later",
                    )
                raw, data = _capped_body(resp, ROBOTS_MAX_BYTES)
                clock = getattr(_local, "clock", None)
                if clock is not None and clock.expired:  # cut: a body with no length just ends early
                    raise _Expired()
                if self.recorder is not None:
                    self._record(resp, raw)
            finally:
                resp.close()
        except Exception as exc:
            clock = getattr(_local, "clock", None)
            if clock is not None and clock.expired:
                return _RobotsUnavailable(
                    "timeout",
                    f"robots.txt did not arrive within {clock.seconds:g} s "
                    "(the total time limit); the host is skipped for now, try later",
                )
            if isinstance(exc, _WaitTooLong):
                return _RobotsUnavailable(
                    "robots unavailable", f"robots.txt: {exc}; the host is skipped for now, try later"
                )
            if isinstance(exc, requests.exceptions.RetryError):
                return _RobotsUnavailable(
                    "robots unavailable",
                    "robots.txt kept failing after retries; the host is skipped for now, try later",
                )
            if isinstance(
                exc,
                (
                    requests.exceptions.ConnectionError,
                    requests.exceptions.Timeout,
                    urllib3.exceptions.HTTPError,
                    _Expired,
                ),
            ):
                if _unresolved(exc):
                    host = urlsplit(robots_url).hostname
                    return _RobotsUnavailable("connection", f"cannot resolve host {host} (offline, or no such host?)")
                return _RobotsUnavailable("connection", "connection failed (the host did not answer for robots.txt)")
            if isinstance(exc, requests.RequestException):
                return _RobotsUnavailable("connection", f"robots.txt could not be read ({_short(exc)})")
            raise
        text = data.decode("utf-8", errors="replace")
        if "<html" in text[:1000].lower():
            return None  # an HTML page served as robots.txt holds no rules
        return Protego.parse(text)


class Recorder(Protocol):
    """Something that keeps every HTTP exchange as it happened (newsgrab.warc.WarcRecorder)."""

    def exchange(self, resp: requests.Response, payload: bytes) -> Any: ...


class _BodyDecoder:
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


def _small_body(resp: requests.Response, limit: int = 1024 * 1024) -> bytes:
    """The body as sent of an answer that is not a page (a redirect, an error), up to `limit` bytes."""
    try:
        return _capped_body(resp, limit)[0]
    except (urllib3.exceptions.HTTPError, requests.RequestException, OSError):
        return b""


def _capped_body(resp: requests.Response, limit: int) -> tuple[bytes, bytes]:
    """(as sent, decoded) for a small document such as robots.txt, decoded output cut at `limit`."""
    decoder = _BodyDecoder(resp.url, resp.headers.get("content-encoding"), resp.status_code)
    raw, out = b"", b""
    for chunk in resp.raw.stream(64 * 1024, decode_content=False):
        raw += chunk
        out += decoder.decompress(chunk, limit - len(out) + 1)
        if len(out) >= limit or len(raw) >= 8 * limit:
            return raw, out[:limit]
    return raw, (out + decoder.flush())[:limit]


@dataclass(frozen=True)
class _RobotsUnavailable:
    """A host whose robots.txt cannot be read now: its pages are not fetched in this run."""

    kind: str
    reason: str


def _unresolved(exc: Exception) -> bool:
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


MAX_RETRY_AFTER = 30.0  # seconds newsgrab waits when a server says Retry-After; beyond it the host is skipped
_local = threading.local()  # per fetching thread: the _Clock of the request in flight


class _Clock:
    """The total time limit of one URL's fetch (robots.txt, connect, headers, body, retries, Retry-After
    waits): a watchdog thread that, once the time is spent, shuts the socket being read, and keeps
    shutting whatever socket the fetch opens next until the fetch ends, whatever the server does.

    The clock is paused while the fetch waits its turn for the host (per-host delay, Crawl-delay): that
    wait is politeness, not the server's slowness."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self.sock: socket.socket | None = None  # the socket of the request in flight
        self._spent = 0.0
        self._since: float | None = None  # when the clock last started running; None while paused
        self._wake = threading.Event()
        self._done = False
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def resume(self) -> None:
        """Start (or restart) the clock; the watchdog thread starts on the first call."""
        with self._lock:
            if self._since is None:
                self._since = time.monotonic()
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="newsgrab-fetch-clock", daemon=True)
                self._thread.start()
        self._wake.set()

    def pause(self) -> None:
        with self._lock:
            if self._since is not None:
                self._spent += time.monotonic() - self._since
                self._since = None
        self._wake.set()

    def remaining(self) -> float:
        with self._lock:
            running = time.monotonic() - self._since if self._since is not None else 0.0
            return self.seconds - self._spent - running

    def _watch(self) -> None:
        while not self._done:
            if self.expired:
                self._cut()
                self._wake.wait(0.2)  # a socket opened after the cut (a retry) is cut too
                self._wake.clear()
                continue
            with self._lock:
                paused = self._since is None
            left = self.remaining()
            if not paused and left <= 0:
                self.expired = True
                continue
            self._wake.wait(None if paused else left)
            self._wake.clear()

    def _cut(self) -> None:
        """Shut the socket of the connection in use; shutting the descriptor (not the Python object, which
        may be an SSL socket another thread is reading) wakes a blocked read at once."""
        sock = self.sock
        try:
            fd = sock.fileno() if sock is not None else -1
        except (OSError, ValueError):
            return
        if fd < 0:
            return
        try:
            dup = socket.socket(fileno=os.dup(fd))
        except OSError:
            return
        try:
            dup.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        finally:
            dup.close()

    def cancel(self) -> None:
        self._done = True
        self._wake.set()


class _Expired(Exception):  # not an OSError: urllib3 and requests let it through untouched
    """The fetch ran past its total time limit."""


class _WaitTooLong(Exception):
    """The server asked (Retry-After) for a wait over MAX_RETRY_AFTER or past the fetch's time limit."""

    def __init__(self, seconds: float):
        super().__init__(f"server asked to wait {seconds:.0f} s")
        self.seconds = seconds


class _CappedRetry(Retry):
    """urllib3's Retry, bounded: no retry once the fetch's time is up, and no Retry-After wait over
    MAX_RETRY_AFTER or past the deadline (urllib3's own cap is 6 hours)."""

    def increment(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        clock = getattr(_local, "clock", None)
        if clock is not None and clock.expired:
            raise _Expired()
        return super().increment(*args, **kwargs)

    def get_retry_after(self, response):  # type: ignore[no-untyped-def]
        seconds = super().get_retry_after(response)
        if seconds is None:
            return None
        clock = getattr(_local, "clock", None)
        if seconds > MAX_RETRY_AFTER or (clock is not None and seconds > clock.remaining()):
            raise _WaitTooLong(seconds)
        return seconds


class _Tracked:
    """A connection that tells the fetch's clock which socket to cut when time runs out.

    The socket itself is handed over, not the connection: http.client drops `conn.sock` as soon as a
    response says it will close the connection (no Content-Length), while the body is still being read
    from that socket."""

    def connect(self):  # type: ignore[no-untyped-def]
        super().connect()  # type: ignore[misc]
        self._tell_clock()

    def request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        clock = self._tell_clock()
        if clock is not None and clock.expired:
            raise _Expired()
        return super().request(*args, **kwargs)  # type: ignore[misc]

    def _tell_clock(self) -> _Clock | None:
        clock: _Clock | None = getattr(_local, "clock", None)
        sock = getattr(self, "sock", None)
        if clock is not None and sock is not None:
            clock.sock = sock
        return clock


class _HTTPConnection(_Tracked, HTTPConnection):
    pass


class _HTTPSConnection(_Tracked, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _Adapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}


def _round_robin(urls: list[str]) -> list[str]:
    """The URLs interleaved host by host (keeping each host's order), so that a bounded window of
    requests in flight still spreads over every host."""
    by_host: dict[str, list[str]] = {}
    for u in urls:
        try:
            host = (urlsplit(u).hostname or "").lower()
        except ValueError:
            host = ""
        by_host.setdefault(host, []).append(u)
    lanes = list(by_host.values())
    out: list[str] = []
    for i in range(max((len(lane) for lane in lanes), default=0)):
        out += [lane[i] for lane in lanes if i < len(lane)]
    return out


def _session(opts: FetchOptions, status_retries: int | None = None) -> requests.Session:
    s = requests.Session()
    status = opts.retries if status_retries is None else status_retries
    retry = _CappedRetry(
        total=opts.retries,
        connect=opts.retries,
        read=opts.retries,
        status=status,
        backoff_factor=opts.backoff,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        raise_on_status=False,
        redirect=False,
    )
    adapter = _Adapter(max_retries=retry, pool_connections=32, pool_maxsize=32)
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    s.headers.update(
        {
            "User-Agent": opts.user_agent,
            "Accept-Encoding": "gzip, deflate",
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
        }
    )
    return s


def _check_page(url: str, content: bytes, opts: FetchOptions) -> None:
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


def _is_local_path(url: str) -> bool:
    if "://" in url:
        return False
    if looks_schemeless(url) and not Path(url).exists():  # 127.0.0.1:8811/a.html: an address, not a file
        return False
    if url.startswith(("/", "./", "../", "~")) or Path(url).suffix.lower() in (".html", ".htm", ".xhtml"):
        return True
    try:
        return Path(url).exists()
    except (OSError, ValueError):
        return False


def _read_file(url: str, opts: FetchOptions, check: bool = True) -> FetchResult:
    path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else Path(url).expanduser()
    start = time.monotonic()
    try:
        if path.is_dir():
            raise FetchError(f"{path}: is a directory, not a saved page", reason="not found")
        if path.exists() and not path.is_file():
            raise FetchError(
                f"{path}: not a regular file (a device or a pipe?); give a saved HTML page", reason="not html"
            )
        with open(path, "rb") as fh:
            content = fh.read(opts.max_bytes + 1)  # st_size says 0 for /proc files: read at most the cap
    except OSError as exc:
        raise FetchError(f"{path}: cannot read ({exc.strerror})", reason="not found") from None
    if len(content) > opts.max_bytes:
        raise FetchError(f"{path}: file is over the {_mb(opts.max_bytes)} cap", reason="too large")
    if check:
        _sniff_html(str(path), content)
    final = path.resolve().as_uri()
    result = FetchResult(
        url=url, final_url=final, status=200, content=content, elapsed_ms=int((time.monotonic() - start) * 1000)
    )
    if check:
        _check_page(url, content, opts)
    return result


_MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|meta|title|p|div|article|h1)\b", re.I)


def _sniff_html(name: str, content: bytes) -> None:
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


def fetch_page(url: str, timeout: float = 30.0, *, obey_robots: bool = True) -> FetchResult:
    """One polite fetch with default options (used by `newsgrab parse URL`)."""
    return Fetcher(FetchOptions(read_timeout=timeout, delay=0, obey_robots=obey_robots)).get(url)


def read_local(path: str, max_bytes: int = MAX_PAGE_BYTES) -> FetchResult:
    """A saved page from disk: a regular file only (not a device or FIFO), at most max_bytes read."""
    return _read_file(path, FetchOptions(max_bytes=max_bytes), check=False)


def _short(exc: Exception) -> str:
    text = str(exc)
    m = re.search(r"\(Caused by (\w+)", text)
    if m:
        return m.group(1)
    return text[:120]


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB"
