"""Defaults the command line shows in its help, kept apart so that `--help` imports nothing heavy."""

from . import __version__

DEFAULT_DB = "newsgrab.db"
MAX_PAGE_BYTES = 10 * 1024 * 1024  # bytes of one page: fetch --max-bytes, import-warc, stored pages, merge
# no project address: newsgrab has no public home yet, and a made-up one would send site operators elsewhere;
# an archive that runs from cron should name its operator (--user-agent "... (+mailto:you@example.org)")
USER_AGENT = f"newsgrab/{__version__} (news archiver)"
