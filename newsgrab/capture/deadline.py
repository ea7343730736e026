"""The deadline of one request: a watchdog clock that cuts the connection when the total time is up, and the
urllib3 hooks (connections, pools, retries) it needs."""

from __future__ import annotations

import os
import socket
import threading
import time

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util.retry import Retry

MAX_RETRY_AFTER = 30.0  # seconds newsgrab waits when a server says Retry-After; beyond it the host is skipped


in_flight = threading.local()  # per fetching thread: the Clock of the request in flight


class Clock:
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


class Expired(Exception):  # not an OSError: urllib3 and requests let it through untouched
    """The fetch ran past its total time limit."""


class WaitTooLong(Exception):
    """The server asked (Retry-After) for a wait over MAX_RETRY_AFTER or past the fetch's time limit."""

    def __init__(self, seconds: float):
        super().__init__(f"server asked to wait {seconds:.0f} s")
        self.seconds = seconds


class CappedRetry(Retry):
    """urllib3's Retry, bounded: no retry once the fetch's time is up, and no Retry-After wait over
    MAX_RETRY_AFTER or past the deadline (urllib3's own cap is 6 hours)."""

    def increment(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        clock = getattr(in_flight, "clock", None)
        if clock is not None and clock.expired:
            raise Expired()
        return super().increment(*args, **kwargs)

    def get_retry_after(self, response):  # type: ignore[no-untyped-def]
        seconds = super().get_retry_after(response)
        if seconds is None:
            return None
        clock = getattr(in_flight, "clock", None)
        if seconds > MAX_RETRY_AFTER or (clock is not None and seconds > clock.remaining()):
            raise WaitTooLong(seconds)
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
            raise Expired()
        return super().request(*args, **kwargs)  # type: ignore[misc]

    def _tell_clock(self) -> Clock | None:
        clock: Clock | None = getattr(in_flight, "clock", None)
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


class DeadlineAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
