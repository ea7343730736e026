"""The library modules the command line uses, each imported when a command first touches it.

`newsgrab --help`, `--version` and a command's own `--help` then start without importing the
extractor, the archive, the HTTP client, matplotlib, Datasette or Dask (issue 22: every command
paid about 0.7 s for them). Use as `_lazy.store.Archive`: the attribute access imports the module."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the type checker sees the real modules
    pass

_MODULES = (
    "store",
    "charts",
    "copies",
    "diffing",
    "export",
    "extract",
    "capture",
    "history",
    "model",
    "pipeline",
    "reparse",
    "run",
    "warc",
    "warc_import",
    "web",
)


# the modules that live in a package: attribute name -> module
_IN_PACKAGES = {"history": "store.history", "warc": "capture.warc"}


def __getattr__(name: str) -> ModuleType:
    if name in _MODULES:
        module = importlib.import_module(f"newsgrab.{_IN_PACKAGES.get(name, name)}")
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
