"""WARC files for tests and benchmarks, written with warcio's own writer (not newsgrab's): real pages
repeated under new URLs, each response with its request record, as crawlers write them."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent


def corpus_pages() -> list[tuple[str, bytes]]:
    """The real pages of the in-repo regression corpus (fixtures/generic), 41 publishers."""
    return [
        (p.name.split(".")[0], gzip.decompress(p.read_bytes()))
        for p in sorted((ROOT / "fixtures" / "generic").glob("*.html.gz"))
    ]


def edited(html: bytes, words: str) -> bytes:
    """The page with `words` added inside its story (after the start of a middle paragraph, wherever the
    page holds that text: the story and its JSON-LD articleBody), as an editor's change would."""
    from newsgrab import parse_article

    paras = parse_article(html).body.split("\n\n")
    for para in paras[len(paras) // 2 :] + paras[: len(paras) // 2]:
        anchor = para[:40].encode()
        if len(anchor) >= 30 and anchor in html:
            return html.replace(anchor, anchor + f" {words}".encode())
    raise ValueError("no paragraph of the story found in the page")


def build_warc(
    path: Path, pages: list[tuple[str, bytes]], records: int, *, first: int = 0, day: int = 1, edit: str = ""
) -> list[str]:
    """Write `records` responses (and requests) to `path`; return their URLs. Record i is page n % len(pages)
    at https://bench.example/<n>/<name>, n = first + i, captured on 2024-01-<day>; with `edit`, those words are added
    to each story (a changed capture of the same URL)."""
    urls = []
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        for i in range(records):
            name, html = pages[(first + i) % len(pages)]
            if edit:
                html = edited(html, edit)
            n = first + i
            url = f"https://bench.example/{n}/{name}"
            http = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
                protocol="HTTP/1.1",
            )
            date = f"2024-01-{day:02d}T{n % 24:02d}:{n % 60:02d}:00Z"
            resp = w.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(gzip.compress(html, 6)),
                http_headers=http,
                warc_headers_dict={"WARC-Date": date},
            )
            req = w.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=StatusAndHeaders(
                    f"GET /{n}/{name} HTTP/1.1", [("Host", "bench.example")], is_http_request=True
                ),
            )
            w.write_record(resp)
            w.write_record(req)
            urls.append(url)
    return urls
