"""Pages read from local files (a saved page given as a path or file:// URL), sniffed as HTML."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..defaults import MAX_PAGE_BYTES
from ..errors import FetchError
from ..urls import looks_schemeless
from .content import check_page, megabytes, sniff_html
from .results import FetchOptions, FetchResult


def is_local_path(url: str) -> bool:
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


def read_file(url: str, opts: FetchOptions, check: bool = True) -> FetchResult:
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
        raise FetchError(f"{path}: file is over the {megabytes(opts.max_bytes)} cap", reason="too large")
    if check:
        sniff_html(str(path), content)
    final = path.resolve().as_uri()
    result = FetchResult(
        url=url, final_url=final, status=200, content=content, elapsed_ms=int((time.monotonic() - start) * 1000)
    )
    if check:
        check_page(url, content, opts)
    return result


def read_local(path: str, max_bytes: int = MAX_PAGE_BYTES) -> FetchResult:
    """A saved page from disk: a regular file only (not a device or FIFO), at most max_bytes read."""
    return read_file(path, FetchOptions(max_bytes=max_bytes), check=False)
