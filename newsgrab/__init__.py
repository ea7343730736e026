"""newsgrab: a command-line news scraper and archiver."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsgrab")  # one place: pyproject.toml
except PackageNotFoundError:  # pragma: no cover - running from a source tree that was never installed
    __version__ = "0+unknown"

from .errors import ArchiveError, ExtractionError, FetchError, NewsgrabError, ProfileError  # noqa: E402
from .extract import parse_article  # noqa: E402
from .model import Article, Image, Ranking, RankingItem  # noqa: E402

__all__ = ["parse_article", "Article", "Image", "Ranking", "RankingItem", "NewsgrabError",
           "ExtractionError", "FetchError", "ArchiveError", "ProfileError", "__version__"]
