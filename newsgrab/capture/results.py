"""What a fetch is asked (FetchOptions), what it brings back (FetchResult), and what keeps a copy of the
exchange (Recorder: the WARC writer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ..defaults import MAX_PAGE_BYTES, USER_AGENT

if TYPE_CHECKING:
    import requests


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


class Recorder(Protocol):
    """Something that keeps every HTTP exchange as it happened (capture.warc.WarcRecorder)."""

    def exchange(self, resp: requests.Response, payload: bytes) -> Any: ...
