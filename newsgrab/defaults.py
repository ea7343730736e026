"""Defaults the command line shows in its help, kept apart so that `--help` imports nothing heavy."""

from . import __version__

DEFAULT_DB = "newsgrab.db"
PROJECT_URL = "https://github.com/newsgrab/newsgrab"
MAX_PAGE_BYTES = 10 * 1024 * 1024  # bytes of one page: fetch --max-bytes, import-warc, stored pages, merge
USER_AGENT = f"newsgrab/{__version__} (+{PROJECT_URL})"
