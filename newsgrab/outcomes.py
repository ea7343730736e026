"""What can happen to a URL a command fetches or a capture it imports: the outcomes the fetch log stores, the
per-URL lines say and the run's counts add up. A StrEnum: each is the text stored and printed ("skipped by
robots"), so archives written before keep their meaning and a count keyed by outcome reads either way."""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    ARCHIVED = "archived"  # a new story saved
    UPDATED = "updated"  # a new version of a stored story
    UNCHANGED = "unchanged"  # fetched again, the same as stored
    NOT_MODIFIED = "not modified"  # the server answered 304 to a conditional request
    FAILED = "failed"  # the page could not be had, or holds no story
    CRASHED = "crashed"  # a bug in newsgrab: logged with its traceback, counted as a failure
    SKIPPED_BY_ROBOTS = "skipped by robots"  # robots.txt disallows it
    NOT_FETCHED = "not fetched"  # never requested: the run was stopped (nothing is logged)


# the outcomes a fetch-log row has when it is a capture of the story (its content is in the history)
STORED = (Outcome.ARCHIVED, Outcome.UPDATED, Outcome.UNCHANGED)
# the outcomes of a URL that went well
OK = (*STORED, Outcome.NOT_MODIFIED)
# the outcomes that count as failures
FAILURES = (Outcome.FAILED, Outcome.CRASHED)
