"""Small helpers for the SQL the storage layer writes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
IN_CHUNK = 400  # values per IN (...) list: a query may use the list twice and stay under SQLite's 999 parameters


def in_chunks(values: Sequence[T], size: int = IN_CHUNK) -> Iterator[tuple[list[T], str]]:
    """The values in slices of `size`, each with its placeholders for an IN (...) clause: (slice, '?,?,?')."""
    for i in range(0, len(values), size):
        chunk = list(values[i : i + size])
        yield chunk, ",".join("?" for _ in chunk)
