"""Which extractor made a record: the package version plus the extractor's revision, and a hash of the
site profile used, so that `newsgrab reparse` knows which records an upgrade can change.

EXTRACTOR_REVISION is bumped by hand in the commit that changes what the extractor outputs; a refactor,
a comment or a faster rule with the same output leaves every stored record current. tests/
test_extractor_revision.py pins a digest of the records of the in-repo pages for each revision, so a change
of output without a bump fails. Records stamped with the older hash style ('0.1.0+3f2a9c1d0b') differ from
every revision stamp and are reparsed once."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from .. import __version__

EXTRACTOR_REVISION = 10


@cache
def _file_hash(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:6]
    except OSError:
        return "gone"


def extractor_version(profile_path: str | None = None) -> str:
    """'0.1.0+r1' (generic) or '0.1.0+r1.p4e5f6a' (with a site profile file)."""
    base = f"{__version__}+r{EXTRACTOR_REVISION}"
    return f"{base}.p{_file_hash(profile_path)}" if profile_path else base


def page_profile(url: str | None, canonical: str | None):  # type: ignore[no-untyped-def]
    """The site profile a page is parsed with: the one covering its address, else its canonical link's.
    parse_article chooses with this, and reparse asks it again: the two never disagree."""
    from ..sites import profile_for

    return profile_for(url) or profile_for(canonical)


def version_for_record(fetch_url: str | None, url: str | None, profile_name: str | None) -> str:
    """The extractor version a stored record would carry if its page were parsed now: the profile chosen
    as parse_article chooses it (page_profile), else the one the record names (chosen then by a canonical
    link the record does not keep). reparse compares the stored stamp with this."""
    from ..sites import profile_named

    profile = page_profile(fetch_url, url) or (profile_named(profile_name) if profile_name else None)
    return extractor_version(profile.path if profile else None)
