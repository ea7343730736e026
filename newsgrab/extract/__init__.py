"""The extractor: `parse_article(html, url) -> Article`, pure (no network, no disk). See parse.py.

The names are imported on first use, so that a light submodule (`newsgrab.extract.dates`,
`newsgrab.extract.lexicon`) can be imported without loading every rule of the extractor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .parse import decode, missing_article, parse_article, parse_rankings

__all__ = ["parse_article", "parse_rankings", "decode", "missing_article"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import parse

        return getattr(parse, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
