"""Fetching pages over HTTP (placeholder for one-off fetches; the archiver's fetcher grows here)."""

from __future__ import annotations

from dataclasses import dataclass

import requests

from . import __version__
from .errors import FetchError

USER_AGENT = f"newsgrab/{__version__} (+https://github.com/newsgrab/newsgrab)"


@dataclass
class Page:
    url: str
    status: int
    content: bytes
    charset: str | None
    headers: dict[str, str]


def fetch_page(url: str, timeout: float = 30.0) -> Page:
    """GET one page; a network error or non-200 status is a FetchError with a one-line reason."""
    try:
        resp = requests.get(url, headers={"User-Agent": USER_AGENT}, timeout=timeout)
    except requests.RequestException as exc:
        raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None
    if resp.status_code != 200:
        raise FetchError(f"{url}: HTTP {resp.status_code}", status=resp.status_code)
    return Page(resp.url, resp.status_code, resp.content, resp.encoding if "charset" in
                resp.headers.get("content-type", "").lower() else None, dict(resp.headers))
