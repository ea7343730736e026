"""Which extractor made a record: the package version plus a hash of the extraction code and word lists,
and of the site profile used, so that `newsgrab reparse` knows which records an upgrade can change."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from .. import __version__

_HERE = Path(__file__).resolve().parent


@cache
def code_hash() -> str:
    """A short hash of every file of the extractor (its Python modules and language word lists)."""
    h = hashlib.sha256()
    for path in sorted(p for p in _HERE.rglob("*") if p.suffix in (".py", ".toml") and "__pycache__" not in p.parts):
        h.update(path.relative_to(_HERE).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:10]


@cache
def _file_hash(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:6]
    except OSError:
        return "gone"


def extractor_version(profile_path: str | None = None) -> str:
    """'0.1.0+3f2a9c1d0b' (generic) or '0.1.0+3f2a9c1d0b.p4e5f6a' (with a site profile file)."""
    base = f"{__version__}+{code_hash()}"
    return f"{base}.p{_file_hash(profile_path)}" if profile_path else base
