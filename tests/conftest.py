from pathlib import Path

import pytest

from newsgrab.store import Archive

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture(autouse=True)
def _no_caller_settings(monkeypatch):
    """The caller's NEWSGRAB_* settings (an archive path, a timezone, a cluster) never reach a test, nor the
    CLI processes the end-to-end tests start (they inherit this environment)."""
    import os

    for key in [k for k in os.environ if k.startswith("NEWSGRAB_")]:
        monkeypatch.delenv(key)


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


def fixture_pages() -> list[Path]:
    """Every fixture page that has its expected record beside it."""
    return sorted(p for p in FIXTURES.glob("*/*.html") if p.with_suffix(".json").exists())


@pytest.fixture
def archive(tmp_path):
    """A fresh archive in a temporary directory, closed after the test."""
    a = Archive(tmp_path / "archive.db")
    yield a
    a.close()
