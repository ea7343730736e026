"""Capture: everything that gets pages from elsewhere and keeps what was sent.

- results: what a fetch is asked (FetchOptions) and brings back (FetchResult); Recorder;
- http: Fetcher, the HTTP client (host slots, delays, robots.txt, conditional GETs, retries, a window of
  requests in flight);
- deadline: the total time limit of one request (a watchdog that cuts the connection) and its urllib3 hooks;
- content: checks and decoding of a body (HTML or not, a challenge page, size caps);
- local: a saved page read from a file;
- discover: new story URLs from feeds, sitemaps and listing pages;
- warc: the WARC writer (every exchange as it happened) and the reader of one record.

Importing the package loads nothing heavy: `from newsgrab.capture import Fetcher` loads the client then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import names_from

if TYPE_CHECKING:
    from .http import Fetcher, fetch_page
    from .local import read_local
    from .results import FetchOptions, FetchResult, Recorder

_HOME = {
    "Fetcher": "http",
    "fetch_page": "http",
    "read_local": "local",
    "FetchOptions": "results",
    "FetchResult": "results",
    "Recorder": "results",
}
__all__ = ["FetchOptions", "FetchResult", "Fetcher", "Recorder", "fetch_page", "read_local"]


__getattr__ = names_from(__name__, _HOME)
