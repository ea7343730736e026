"""The HTTP client: Fetcher (one session, host slots and their delays, robots.txt, conditional requests, retries, a
bounded window of requests in flight), its options and results."""

from __future__ import annotations

import logging
import re
import threading
import time
import traceback
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from protego import Protego

from ..errors import FetchError
from ..urls import check_url
from .content import (
    HTML_TYPES,
    ROBOTS_MAX_BYTES,
    BodyDecoder,
    RobotsUnavailable,
    capped_body,
    check_page,
    megabytes,
    short_error,
    small_body,
    unresolved,
)
from .deadline import CappedRetry, Clock, DeadlineAdapter, Expired, WaitTooLong, in_flight
from .local import is_local_path, read_file
from .results import FetchOptions, FetchResult, Recorder

log = logging.getLogger(__name__)


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
        self._robots: dict[str, Protego | RobotsUnavailable | None] = {}
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
        if url.startswith("file:") or is_local_path(url):
            return read_file(url, self.options)
        check_url(url)
        busy = self._busy.get((urlsplit(url).hostname or "").lower())
        if busy:
            raise FetchError(f"{url}: not fetched: {busy}", reason="busy")
        clock = Clock(self.options.total_timeout or 120.0)  # runs while a request of this URL is out
        in_flight.clock = clock
        try:
            if self.options.obey_robots and not self.allowed(url, should_stop):
                raise FetchError(f"robots.txt disallows {url} (use --ignore-robots to override)", reason="robots")
            headers = {}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            in_flight.refers_to = (url, captured) if headers else None
            return self._get(url, headers, clock, html, should_stop)
        finally:
            clock.cancel()
            in_flight.clock = in_flight.refers_to = None

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
        clock: Clock,
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
                    self._record(resp, small_body(resp))
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

    def _request(self, url: str, headers: dict[str, str], clock: Clock | None = None) -> requests.Response:
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
                raise Expired()
            return resp
        except ValueError as exc:  # requests reads a Location header even when not following it
            raise FetchError(
                f"{url}: the server's answer holds a malformed URL ({exc}); a redirect to it is refused",
                reason="bad redirect",
            ) from None
        except WaitTooLong as exc:
            host = (urlsplit(url).hostname or "").lower()
            self._busy[host] = f"the server asked to wait {exc.seconds:.0f} s (Retry-After); host skipped for this run"
            raise FetchError(f"{url}: {self._busy[host]}", reason="busy") from None
        except Exception as exc:
            if clock is not None and clock.expired:
                raise FetchError(
                    f"{url}: no complete answer within {clock.seconds:g} s (the total time limit)", reason="timeout"
                ) from None
            if isinstance(exc, Expired):
                raise FetchError(f"{url}: out of time", reason="timeout") from None
            failure = self._request_failure(url, exc)
            if failure is None:
                raise  # not a network failure: a bug, reported with its traceback by the caller
            raise failure from None

    def _request_failure(self, url: str, exc: Exception) -> FetchError | None:
        """The FetchError that says why a request failed; None for an exception that is not a request's."""
        opts = self.options
        if isinstance(exc, requests.exceptions.RetryError):
            return FetchError(f"{url}: gave up after {opts.retries} retries ({short_error(exc)})", reason="http error")
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return FetchError(f"{url}: connection timed out", reason="timeout")
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return FetchError(f"{url}: no answer within {opts.read_timeout:g} s", reason="timeout")
        if isinstance(exc, requests.exceptions.ConnectionError):
            cause = short_error(exc)
            if cause == "ReadTimeoutError":
                return FetchError(
                    f"{url}: no answer within {opts.read_timeout:g} s (after {opts.retries} retries)", reason="timeout"
                )
            if cause == "ConnectTimeoutError":
                return FetchError(f"{url}: connection timed out", reason="timeout")
            if unresolved(exc):
                return FetchError(f"{url}: cannot resolve host {urlsplit(url).hostname}", reason="connection")
            return FetchError(f"{url}: connection failed ({cause})", reason="connection")
        if isinstance(exc, requests.RequestException):
            return FetchError(f"{url}: {type(exc).__name__}: {short_error(exc)}", reason="request")
        return None

    def _read(
        self,
        url: str,
        final: str,
        resp: requests.Response,
        start: float,
        html: bool = True,
        clock: Clock | None = None,
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
                    result.raw = small_body(resp)
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
                    f"{url}: page is {declared} bytes, over the {megabytes(opts.max_bytes)} cap",
                    status=status,
                    reason="too large",
                )
            chunks, total = [], 0
            decoder = BodyDecoder(url, hdrs.get("content-encoding"), status)
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
                            f"{url}: page exceeds the {megabytes(opts.max_bytes)} cap",
                            status=status,
                            reason="too large",
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
                    f"{url}: connection broke mid-page ({short_error(exc)})", status=status, reason="connection"
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
                check_page(url, content, opts)
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
        refers = getattr(in_flight, "refers_to", None)
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
        clock: Clock | None = getattr(in_flight, "clock", None)
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
        if isinstance(rp, RobotsUnavailable):
            raise FetchError(f"{url}: not fetched: {rp.reason}", reason=rp.kind)
        return rp

    def _read_robots(
        self, robots_url: str, should_stop: Callable[[], bool] | None = None
    ) -> Protego | RobotsUnavailable | None:
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
                        self._record(resp, small_body(resp))
                if 400 <= resp.status_code < 500:
                    return None
                if resp.status_code >= 500:
                    return RobotsUnavailable(
                        "robots unavailable",
                        f"robots.txt answered HTTP {resp.status_code}; the host is skipped for now, try later",
                    )
                raw, data = capped_body(resp, ROBOTS_MAX_BYTES)
                clock = getattr(in_flight, "clock", None)
                if clock is not None and clock.expired:  # cut: a body with no length just ends early
                    raise Expired()
                if self.recorder is not None:
                    self._record(resp, raw)
            finally:
                resp.close()
        except Exception as exc:
            clock = getattr(in_flight, "clock", None)
            if clock is not None and clock.expired:
                return RobotsUnavailable(
                    "timeout",
                    f"robots.txt did not arrive within {clock.seconds:g} s "
                    "(the total time limit); the host is skipped for now, try later",
                )
            if isinstance(exc, WaitTooLong):
                return RobotsUnavailable(
                    "robots unavailable", f"robots.txt: {exc}; the host is skipped for now, try later"
                )
            if isinstance(exc, requests.exceptions.RetryError):
                return RobotsUnavailable(
                    "robots unavailable",
                    "robots.txt kept failing after retries; the host is skipped for now, try later",
                )
            if isinstance(
                exc,
                (
                    requests.exceptions.ConnectionError,
                    requests.exceptions.Timeout,
                    urllib3.exceptions.HTTPError,
                    Expired,
                ),
            ):
                if unresolved(exc):
                    host = urlsplit(robots_url).hostname
                    return RobotsUnavailable("connection", f"cannot resolve host {host} (offline, or no such host?)")
                return RobotsUnavailable("connection", "connection failed (the host did not answer for robots.txt)")
            if isinstance(exc, requests.RequestException):
                return RobotsUnavailable("connection", f"robots.txt could not be read ({short_error(exc)})")
            raise
        text = data.decode("utf-8", errors="replace")
        if "<html" in text[:1000].lower():
            return None  # an HTML page served as robots.txt holds no rules
        return Protego.parse(text)


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
    retry = CappedRetry(
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
    adapter = DeadlineAdapter(max_retries=retry, pool_connections=32, pool_maxsize=32)
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


def fetch_page(url: str, timeout: float = 30.0, *, obey_robots: bool = True) -> FetchResult:
    """One polite fetch with default options (used by `newsgrab parse URL`)."""
    return Fetcher(FetchOptions(read_timeout=timeout, delay=0, obey_robots=obey_robots)).get(url)
