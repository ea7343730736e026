"""The library modules the command line uses, each imported when a command first touches it.

`newsgrab --help`, `--version` and a command's own `--help` then start without importing the
extractor, the archive, the HTTP client, matplotlib, Datasette or Dask (issue 22: every command
paid about 0.7 s for them). Use as `_lazy.store.Archive`: the attribute access imports the module."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

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


def names_from(package: str, homes: dict[str, str]) -> Callable[[str], Any]:
    """A package's module-level __getattr__ that loads each public name from the module `homes` names, on
    first use (store/ and capture/: importing the package loads nothing heavy)."""

    def load(name: str) -> Any:
        if name in homes:
            value = getattr(importlib.import_module(f"{package}.{homes[name]}"), name)
            setattr(sys.modules[package], name, value)
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return load
