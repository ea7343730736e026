"""The command line: click commands over the library. Each command parses options, calls one function of
the library and prints; the commands are grouped by what they serve (capture, bulk, reading, history, copies), the
options they share and the group itself are in app, terminal output in render."""

from __future__ import annotations

from . import bulk, capture, copies, history, reading  # noqa: F401  (each module registers its commands on main)
from .app import Failure, UsageProblem, main

__all__ = ["Failure", "UsageProblem", "main"]
