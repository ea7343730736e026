"""Near-duplicate stories: a MinHash signature of a story's text, and the LSH band keys that find the
stories whose signatures agree.

A story's text becomes word shingles (5 words; CJK text is split by character, so 5 characters), each
shingle one stable 64-bit hash. The signature is one-permutation MinHash with densification (Li, Owen and
Zhang 2012; Shrivastava and Li 2014): the hash space is cut into NUM_HASHES bins, a bin keeps the smallest
hash that falls in it, and an empty bin borrows from the next full one. That is one hash per shingle, not
one per shingle and permutation, so a signature costs about a millisecond in pure Python; the estimated
Jaccard similarity of two stories is the share of bins where their signatures agree.

Band keys: the signature cut into BANDS bands of ROWS values, each band hashed to one integer. Two stories
that share any band key are candidates; a candidate whose estimated similarity reaches THRESHOLD is a copy.
With 42 bands of 3 a pair at similarity 0.5 shares a band with probability 0.996, at 0.4 with 0.94, at 0.3
with 0.68 and at 0.1 with 0.04 (the candidates then checked), so the index finds copies without comparing every pair.

Pure functions, no I/O: the archive keeps signatures and keys (store/), `bench/similarity.py` measures.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from collections.abc import Iterable

from .extract.scripts import CJK_RANGES

NUM_HASHES = 126  # bins of the signature: 42 bands of 3
BANDS, ROWS = 42, 3
SHINGLE = 5  # tokens per shingle
# A story is a copy of another when the estimated Jaccard similarity of their shingles reaches this. Chosen
# with bench/similarity.py: on its corpus precision and recall are 1.0 from 0.3 to 0.4, and recall falls to
# 0.998 at 0.5 and 0.918 at 0.7 (copies with three paragraphs cut); other stories on the same event, with a
# shared quote, stay under 0.1. 0.4 keeps a copy that lost half its paragraphs (about 0.45-0.5).
THRESHOLD = 0.4
MIN_SHINGLES = 20  # a text shorter than this (a caption, a teaser) gets no signature: too little to compare
MAX_TOKENS = 20_000  # tokens of a story read: a longer one is compared on its first 20,000

_BITS = 64
_BIN_SHIFT = _BITS - 7  # the top 7 bits choose one of 128 bins; bins past NUM_HASHES fold onto the others
_LOW = (1 << _BIN_SHIFT) - 1
_EMPTY = 1 << _BITS
_MASK = (1 << _BITS) - 1
_TOKEN = re.compile(rf"[{CJK_RANGES}]|[^\W_]+", re.U)
_SIG = struct.Struct(f"<{NUM_HASHES}Q")


MAX_CHARS = 400_000  # characters of a story read (well past MAX_TOKENS words): the work is bounded whatever its size


def tokens(text: str) -> list[str]:
    """Words, casefolded, without punctuation; each CJK character a token of its own."""
    return _TOKEN.findall(text[:MAX_CHARS].casefold())[:MAX_TOKENS]


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """The text's runs of `size` tokens."""
    toks = tokens(text)
    return {" ".join(toks[i : i + size]) for i in range(len(toks) - size + 1)}


_MIX = 0x9E3779B97F4A7C15  # 2^64 / golden ratio, odd: multiplying by it mod 2^64 spreads a value's bits upward


def _hash(shingle: str) -> int:
    """A stable 64-bit hash of a shingle: CRC-32 of its UTF-8 (in C, a third of blake2b's time here),
    spread over 64 bits by a multiplication (Fibonacci hashing) and a shift."""
    h = (zlib.crc32(shingle.encode("utf-8")) * _MIX) & _MASK
    return h ^ (h >> 29)


def signature(text: str | None) -> tuple[int, ...] | None:
    """The text's MinHash signature (NUM_HASHES values), or None when it has under MIN_SHINGLES shingles."""
    if not text:
        return None
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    bins = [_EMPTY] * NUM_HASHES
    for gram in grams:
        h = _hash(gram)
        b = (h >> _BIN_SHIFT) % NUM_HASHES
        value = h & _LOW
        if value < bins[b]:
            bins[b] = value
    return _densified(bins)


def _densified(bins: list[int]) -> tuple[int, ...]:
    """Each empty bin takes the value of the next full bin to its right (circularly), offset by the distance,
    so two texts' empty bins agree exactly when the bins they borrow from agree."""
    n = len(bins)
    out = list(bins)
    for i in range(n):
        if bins[i] == _EMPTY:
            for step in range(1, n):
                j = (i + step) % n
                if bins[j] != _EMPTY:
                    out[i] = bins[j] + step * (_LOW + 1)
                    break
    return tuple(v & 0xFFFFFFFFFFFFFFFF for v in out)


def similarity(a: tuple[int, ...] | bytes, b: tuple[int, ...] | bytes) -> float:
    """Estimated Jaccard similarity of two signatures: the share of bins that agree."""
    sa = unpack(a) if isinstance(a, bytes) else a
    sb = unpack(b) if isinstance(b, bytes) else b
    return sum(1 for x, y in zip(sa, sb, strict=True) if x == y) / NUM_HASHES


def band_keys(sig: tuple[int, ...]) -> list[int]:
    """One signed 63-bit key per band (an SQLite INTEGER), the band's number mixed in."""
    keys = []
    for band in range(BANDS):
        part = sig[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(struct.pack(f"<H{ROWS}Q", band, *part), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True) >> 1)
    return keys


def pack(sig: Iterable[int]) -> bytes:
    return _SIG.pack(*sig)


def unpack(blob: bytes) -> tuple[int, ...]:
    """A stored signature; ValueError when the blob is not one (a damaged or foreign row)."""
    if not isinstance(blob, bytes) or len(blob) != _SIG.size:
        raise ValueError("not a similarity signature")
    return _SIG.unpack(blob)
