"""newsgrab: a command-line news scraper and archiver."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsgrab")  # one place: pyproject.toml
except PackageNotFoundError:  # pragma: no cover - running from a source tree that was never installed
    __version__ = "0+unknown"

from typing import TYPE_CHECKING, Any  # noqa: E402

from .errors import ArchiveError, ExtractionError, FetchError, NewsgrabError, ProfileError  # noqa: E402

if TYPE_CHECKING:
    from .extract import parse_article
    from .model import Article, Image, Ranking, RankingItem

_LAZY = {
    "parse_article": "newsgrab.extract",
    "Article": "newsgrab.model",
    "Image": "newsgrab.model",
    "Ranking": "newsgrab.model",
    "RankingItem": "newsgrab.model",
}


def __getattr__(name: str) -> Any:
    """The extractor and the record classes, imported on first use: `newsgrab --help` does not pay for
    lxml, the lexicons and the rules."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'newsgrab' has no attribute {name!r}")


__all__ = [
    "parse_article",
    "Article",
    "Image",
    "Ranking",
    "RankingItem",
    "NewsgrabError",
    "ExtractionError",
    "FetchError",
    "ArchiveError",
    "ProfileError",
    "__version__",
]
