"""Every error newsgrab raises on purpose derives from NewsgrabError."""


class NewsgrabError(Exception):
    """Base class of the errors newsgrab raises on purpose."""


class ExtractionError(NewsgrabError):
    """The page holds no article: no story text, or nothing of headline length (see extract.missing_article)."""


class FetchError(NewsgrabError):
    """A page could not be fetched, or what came back is not an article page."""

    def __init__(self, message: str, *, status: int | None = None, reason: str = "failed"):
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.elapsed_ms: int | None = None
        self.detail: str | None = None  # a traceback, when the failure is a bug in newsgrab


class ArchiveError(NewsgrabError):
    """The archive database is missing, not a newsgrab archive, or cannot be written."""


class ProfileError(NewsgrabError):
    """A site profile file is malformed."""


class QueryError(NewsgrabError):
    """A search query the full-text index cannot run (only with raw FTS5 syntax)."""


class ExportError(NewsgrabError):
    """A bad export request: unknown table or field, bad date. Nothing is written."""
