"""Every command starts fast: `--help`, `--version` and each command's `--help` import none of the heavy
libraries (issue 22, item 4: every command paid about 0.7 s for the extractor, charts, history and the
archive before it read its arguments). Checked by what is imported, not by a timer."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# A command's --help still reads the site profiles (a broken profile is said once, up front, by every
# command), which compiles their CSS selectors with lxml: that costs milliseconds and is allowed there.
HEAVY = (
    "requests",
    "sqlite_utils",
    "matplotlib",
    "datasette",
    "distributed",
    "dask",
    "warcio",
    "zstandard",
    "bs4",
    "numpy",
    "charset_normalizer",
    "newsgrab.extract.parse",
    "newsgrab.extract.fields",
    "newsgrab.store.archive",
    "newsgrab.capture.http",
    "newsgrab.capture.warc",
    "newsgrab.store.core",
    "newsgrab.charts",
    "newsgrab.store.history",
    "newsgrab.web",
    "newsgrab.cluster",
    "newsgrab.pipeline",
    "newsgrab.warc_import",
    "newsgrab.reparse",
)

PROBE = """
import json, sys
from newsgrab.cli import main
try:
    main(sys.argv[1:], prog_name="newsgrab", standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules)))
"""


def imported_by(*args: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def _commands() -> list[str]:
    from newsgrab.cli import main

    return sorted(main.commands)


@pytest.mark.parametrize(
    "args", [["--help"], ["--version"], *[[c, "--help"] for c in _commands()]], ids=lambda a: " ".join(a)
)
@pytest.mark.slow  # seconds: in the full run, not the inner loop
def test_help_and_version_import_nothing_heavy(args):
    loaded = imported_by(*args)
    heavy = sorted(m for m in (*HEAVY, *(("lxml",) if len(args) == 1 else ())) if m in loaded)
    assert not heavy, f"newsgrab {' '.join(args)} imported {heavy}"


@pytest.mark.slow  # a Python process started
def test_the_probe_sees_imports():
    """The probe itself works: a command that parses a page does import the extractor."""
    from tests.conftest import FIXTURES

    page = str(FIXTURES / "japannews" / "wire-reuters.html")
    assert "newsgrab.extract.parse" in imported_by("parse", page)
