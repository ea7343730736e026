"""Raw pages, stored small: what the server sent is kept for years, so it is worth packing well.

How a page is stored (the `codec` column of `pages`), cheapest first:
- `warc`: nothing in the database; the page is a response record in a WARC file (file, offset, length),
  written by `--warc` or imported by `import-warc`. A file inside the archive's folder is named relative
  to it (the folder moves as one); one elsewhere by its absolute path, and found by name in the
  `--warc-dir` folders when it is no longer there.
- `zstd-delta`: a later capture of an article already stored, compressed with that article's first
  stored page as the dictionary: re-checks that bring an edit cost a few hundred bytes, not a page.
- `zstd-dict`: zstd with a dictionary trained on the site's own pages (pages of one site share most of
  their template). A site's dictionary is trained once it has DICT_AFTER pages.
- `zstd`: zstd alone, until the site has its dictionary.
- `zlib`: pages written by newsgrab before schema 5; still read.

The measured sizes, against zlib per page, are in README ("How much space an archive takes") and come
from `python bench/storage.py`.
"""

from __future__ import annotations

import io
import sqlite3
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import zstandard

from ..defaults import MAX_PAGE_BYTES
from ..errors import NewsgrabError

LEVEL = 9  # zstd level: 3 is a quarter faster, 19 a tenth smaller and twenty times slower (bench/storage.py)
DICT_AFTER = 32  # pages of a site stored before its dictionary is trained
DICT_SAMPLES = 200  # most pages a dictionary is trained on
DICT_SIZE = 112 * 1024  # bytes of a trained dictionary


MAX_PAGE = MAX_PAGE_BYTES  # bytes a stored page may unpack to: the fetch cap (--max-bytes default)
MAX_CHAIN = 8  # deltas a page may be read through (newsgrab writes one: a delta's base is never a delta)


class PageUnreadable(NewsgrabError, ValueError):
    """A stored page that cannot be read back (a malformed blob, a missing dictionary, a delta loop, a size
    past the cap); the message is one line, naming the page, never quoting its bytes."""


def bounded_zstd(data: bytes, cap: int, dict_data: zstandard.ZstdCompressionDict | None = None) -> bytes:
    """zstd-decompressed `data`, never more than `cap` bytes in memory (a frame may claim or hold 1 GiB)."""
    try:
        declared = zstandard.frame_content_size(data)
    except zstandard.ZstdError as exc:
        raise PageUnreadable(f"not zstd data ({exc})") from None
    if declared > cap:
        raise PageUnreadable(f"it unpacks to {declared:,} bytes (at most {cap:,})")
    dctx = zstandard.ZstdDecompressor(dict_data=dict_data) if dict_data is not None else zstandard.ZstdDecompressor()
    try:
        with dctx.stream_reader(io.BytesIO(data)) as reader:
            out = reader.read(cap + 1)
    except zstandard.ZstdError as exc:
        raise PageUnreadable(f"malformed zstd data ({exc})") from None
    if len(out) > cap:
        raise PageUnreadable(f"it unpacks to more than {cap:,} bytes")
    return out


def bounded_zlib(data: bytes, cap: int) -> bytes:
    d = zlib.decompressobj()
    try:
        out = d.decompress(data, cap + 1)
    except zlib.error as exc:
        raise PageUnreadable(f"malformed zlib data ({exc})") from None
    if len(out) > cap:
        raise PageUnreadable(f"it unpacks to more than {cap:,} bytes")
    return out


@dataclass(frozen=True)
class Stored:
    """The columns of one row of `pages`, ready to insert."""

    html: bytes
    codec: str
    dict_id: int | None = None
    base_page: int | None = None


class PageStore:
    """Packs and unpacks raw pages for one archive connection (dictionaries cached)."""

    def __init__(self, conn: sqlite3.Connection, root: Path | None = None, home: Path | None = None):
        self.conn = conn
        self.root = root  # the archive's folder: WARC pointers inside it are stored relative to it
        self.home = home  # the folder it was made in, when it was copied elsewhere without its WARC folder
        self.warc_dirs: list[Path] = []  # where to look for a WARC file that is not where it was
        self._dicts: dict[int, zstandard.ZstdCompressionDict] = {}
        self._untrainable: dict[str, int] = {}  # site -> pages it had when training failed (retry at twice that)

    # ---- writing ----

    def pack(self, raw: bytes, *, site: str | None, article_id: int) -> Stored:
        """The smallest stored form of a page available now (see the module doc)."""
        base = self.conn.execute(
            "SELECT id FROM pages WHERE article_id = ? AND codec != 'warc' ORDER BY id LIMIT 1", [article_id]
        ).fetchone()
        if base is not None:
            try:
                ref = self.unpack(base[0])
            except PageUnreadable:  # a damaged first page is no base: this one is stored whole
                ref = b""
            if ref:
                cdict = zstandard.ZstdCompressionDict(ref, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
                return Stored(
                    zstandard.ZstdCompressor(level=LEVEL, dict_data=cdict).compress(raw),
                    "zstd-delta",
                    base_page=base[0],
                )
        dict_id = self._site_dict(site)
        if dict_id is not None:
            return Stored(self._compressor(dict_id).compress(raw), "zstd-dict", dict_id=dict_id)
        return Stored(zstandard.ZstdCompressor(level=LEVEL).compress(raw), "zstd")

    def after_insert(self, site: str | None) -> None:
        """Train the site's dictionary once enough of its pages are stored (in the caller's transaction)."""
        if not site or self._site_dict(site) is not None:
            return
        rows = self.conn.execute(
            "SELECT p.id FROM pages p JOIN articles a ON a.id = p.article_id "
            "WHERE a.site = ? AND p.codec IN ('zstd', 'zlib') ORDER BY p.id DESC LIMIT ?",
            [site, DICT_SAMPLES],
        ).fetchall()
        if len(rows) < max(DICT_AFTER, 2 * self._untrainable.get(site, 0)):
            return
        samples: list[bytes | bytearray | memoryview] = [self.unpack(r[0]) for r in rows]
        try:
            trained = zstandard.train_dictionary(DICT_SIZE, samples, level=LEVEL)
        except zstandard.ZstdError:
            self._untrainable[site] = len(rows)  # too little material (tiny pages): plain zstd, and no retraining
            return  # on every insert, only once the site has twice the pages
        self.conn.execute(
            "INSERT INTO page_dicts (site, created, samples, dict) VALUES (?, datetime('now'), ?, ?)",
            [site, len(samples), trained.as_bytes()],
        )

    def pointer(self, file: str) -> str:
        """How a WARC file is named in the archive: relative to the archive's folder when it is inside it,
        so the archive and its WARC files can be moved, copied or mounted elsewhere together."""
        path = Path(file)
        if self.root is not None and path.is_absolute():
            try:
                return path.relative_to(self.root).as_posix()
            except ValueError:
                pass
        return str(path)

    def locate(self, stored: str) -> str:
        """The file a stored WARC pointer names: relative to the archive's folder (never above it), or
        absolute; when it is not there, relative to the folder the archive was made in (a copy of the .db
        alone), then the same relative path or the same name in a `--warc-dir` folder."""
        from ..capture.warc import OPEN_SUFFIX, WarcError

        path = Path(stored)
        if not path.is_absolute():
            if ".." in PurePosixPath(stored).parts or self.root is None:
                raise WarcError(f"the WARC pointer {stored!r} is not a file inside the archive's folder")
            first = self.root / path
        else:
            first = path
        candidates = [first] + ([self.home / path] if self.home is not None and not path.is_absolute() else [])
        for folder in self.warc_dirs:
            candidates += ([folder / path] if not path.is_absolute() else []) + [folder / path.name]
        for candidate in candidates:
            if candidate.exists() or Path(str(candidate) + OPEN_SUFFIX).exists():
                return str(candidate)
        return str(first)

    # ---- reading ----

    def unpack(self, page_id: int, _seen: tuple[int, ...] = ()) -> bytes:
        """A stored page's bytes, read from its WARC file when it is kept there. PageUnreadable (one line)
        for a page that cannot be read back; memory stays under MAX_PAGE whatever the blob says."""
        if page_id in _seen or len(_seen) > MAX_CHAIN:
            raise PageUnreadable(
                f"page {_seen[0] if _seen else page_id} is unreadable: its delta chain "
                f"{'loops' if page_id in _seen else 'is too long'}"
            )
        row = self.conn.execute(
            "SELECT html, codec, dict_id, base_page, warc_file, warc_offset, warc_length, "
            "length(html) FROM pages WHERE id = ?",
            [page_id],
        ).fetchone()
        if row is None:
            raise KeyError(page_id)
        if row[1] == "warc":
            from ..capture.warc import read_payload

            return read_payload(self.locate(row[4]), row[5], row[6])
        if row[7] is not None and row[7] > MAX_PAGE:
            raise PageUnreadable(f"page {page_id} is unreadable: its blob is {row[7]:,} bytes")
        try:
            return self.unpack_row(row[0], row[1], row[2], row[3], _seen=(*_seen, page_id))
        except PageUnreadable as exc:
            if str(exc).startswith("page "):
                raise
            raise PageUnreadable(f"page {page_id} is unreadable: {exc}") from None

    def unpack_row(
        self, html: bytes, codec: str | None, dict_id: int | None, base_page: int | None, _seen: tuple[int, ...] = ()
    ) -> bytes:
        """A page's bytes from its stored columns (not for codec 'warc': see unpack)."""
        if not isinstance(html, bytes):
            raise PageUnreadable("its blob is not bytes")
        if codec in (None, "zlib"):
            return bounded_zlib(html, MAX_PAGE)
        if codec == "zstd":
            return bounded_zstd(html, MAX_PAGE)
        if codec == "zstd-dict" and dict_id is not None:
            return bounded_zstd(html, MAX_PAGE, self._dict(dict_id))
        if codec == "zstd-delta" and base_page is not None:
            try:
                base = self.unpack(base_page, _seen)
            except KeyError:
                raise PageUnreadable(f"its base page {base_page} is missing") from None
            ref = zstandard.ZstdCompressionDict(base, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
            return bounded_zstd(html, MAX_PAGE, ref)
        raise PageUnreadable(f"it is stored with an unknown codec {str(codec)[:20]!r}")

    # ---- dictionaries ----

    def _site_dict(self, site: str | None) -> int | None:
        if not site:
            return None
        row = self.conn.execute("SELECT id FROM page_dicts WHERE site = ? ORDER BY id DESC LIMIT 1", [site]).fetchone()
        return row[0] if row else None

    def _dict(self, dict_id: int) -> zstandard.ZstdCompressionDict:
        if dict_id not in self._dicts:
            row = self.conn.execute(
                "SELECT dict FROM page_dicts WHERE id = ? AND length(dict) <= ?", [dict_id, 4 * DICT_SIZE]
            ).fetchone()
            if row is None or not isinstance(row[0], bytes):
                raise PageUnreadable(f"its page dictionary {dict_id} is missing")
            self._dicts[dict_id] = zstandard.ZstdCompressionDict(row[0])
        return self._dicts[dict_id]

    def _compressor(self, dict_id: int) -> Any:
        return zstandard.ZstdCompressor(level=LEVEL, dict_data=self._dict(dict_id))
