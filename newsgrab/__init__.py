"""newsgrab: a command-line news scraper and archiver."""

from .errors import ArchiveError, ExtractionError, FetchError, NewsgrabError, ProfileError
from .extract import parse_article
from .model import Article, Image, Ranking, RankingItem

__version__ = "0.1.0"
__all__ = ["parse_article", "Article", "Image", "Ranking", "RankingItem", "NewsgrabError",
           "ExtractionError", "FetchError", "ArchiveError", "ProfileError", "__version__"]
