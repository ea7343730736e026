"""What a person or a log file is told about a run: one line per problem on stderr, a progress bar on a
terminal, one JSON line per event in a log file, and every string from the network made safe to print."""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import click

# What a terminal obeys instead of showing: the C0 controls but tab and newline, DEL, the C1 controls
# (0x80-0x9f: \x9b is a one-byte CSI), and the Unicode format characters that reorder the text shown after
# them (LRM/RLM, the bidi embeddings and overrides U+202A-U+202E, the isolates U+2066-U+2069, ALM).
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_BIDI}]")
_JSON_RAW = re.compile(f"[\\x7f-\\x9f{_BIDI}]")  # what json.dumps(ensure_ascii=False) leaves raw
NOT_TEXT = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_BIDI}]")  # for output that shows no escapes (chart labels)


def safe(text: Any, *, newlines: bool = True) -> str:
    """Text from the network made safe for a terminal: control and bidi-format characters are shown as
    escapes (\\x1b, \\x9b, \\u202e) instead of being obeyed, so a page cannot clear the screen, retitle the
    window, set the clipboard, or reverse the text after it. The one escaping function for every line
    newsgrab prints from stored or remote text."""
    text = "" if text is None else str(text)
    if not newlines:
        text = text.replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub(_escape, text)


def _escape(m: re.Match[str]) -> str:
    ch = m.group(0)
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def dumps(value: Any, **kwargs: Any) -> str:
    """JSON as newsgrab prints and exports it: readable (not ASCII-escaped), but with DEL, the C1 controls
    and the bidi-format characters written as \\u escapes, which JSON readers turn back into the same
    text (json.dumps escapes C0 itself). Safe on a terminal and lossless."""
    text = json.dumps(value, ensure_ascii=False, **kwargs)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


class Event(StrEnum):
    """The events of an archive run, as written to the log file (`"event": "fetched"`)."""

    DISCOVERED = "discovered"  # a site's candidates: {site, candidates, new}
    PLANNED = "planned"  # {new, rechecks}
    FETCHED = "fetched"  # one URL done: {url, outcome, headline, error[, traceback]}
    SOURCE_FAILED = "source_failed"  # {url, error}
    SOURCE_EMPTY = "source_empty"  # {url, warning}
    FRONT_PAGE = "front_page"  # {url, rankings}
    RUN = "run"  # the run's summary: {run_id, status, counts..., warnings, seconds}
    RUN_FAILED = "run_failed"  # the run could not go on: {error}


class EventLog:
    """Events of an archive run: problems to stderr (always, one line each), a progress bar on a terminal
    unless quiet, and with a log file every event as a JSON line (tracebacks of crashes included)."""

    PROBLEMS = (Event.SOURCE_FAILED, Event.RUN_FAILED)

    def __init__(self, path: str | None, quiet: bool, prefix: str = "newsgrab archive"):
        self.path, self.quiet, self.prefix = path, quiet, prefix
        self.bar: Any = None

    def event(self, kind: Event, data: dict[str, Any]) -> None:
        problem = kind in self.PROBLEMS or data.get("outcome") in ("failed", "crashed")
        if problem:
            click.echo(f"{self.prefix}: {safe(data.get('error') or data, newlines=False)}", err=True)
        if kind == Event.SOURCE_EMPTY and not self.quiet:
            click.echo(f"{self.prefix}: warning: {safe(data.get('url'))}: {data.get('warning')}", err=True)
        if kind == Event.PLANNED:
            self._start_bar(data["new"] + data["rechecks"])
        elif kind == Event.FETCHED and self.bar is not None:
            self.bar.update(1)
        elif kind == Event.RUN:
            self.close()
        self.write(kind, data)

    def _start_bar(self, total: int) -> None:
        if total and not self.quiet and sys.stderr.isatty():  # a progress bar only on a terminal
            self.bar = click.progressbar(length=total, label="archiving", file=sys.stderr)
            self.bar.__enter__()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def write(self, kind: Event, data: dict[str, Any]) -> None:
        if not self.path:
            return
        line = json.dumps(
            {"time": datetime.now(UTC).isoformat(timespec="seconds"), "event": kind, **data},
            ensure_ascii=False,
            default=str,
        )
        try:
            with open(self.path, "a", encoding="utf-8") as fh:
                fh.write(line + "\n")
        except OSError as exc:
            click.echo(f"{self.prefix}: cannot write log {self.path}: {exc.strerror}", err=True)
            self.path = None
