"""The archive: one class made of the storage layer's parts (see the package's docstring)."""

from __future__ import annotations

from .captures import Captures
from .reads import Reads


class Archive(Captures, Reads):
    """A newsgrab archive in one SQLite file (WAL mode, foreign keys on)."""
