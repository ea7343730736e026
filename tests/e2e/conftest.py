import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from .server import Site


def newsgrab_cmd() -> list[str]:
    """The installed console script beside this interpreter (falls back to `python -m newsgrab`)."""
    exe = Path(sys.executable).parent / "newsgrab"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("newsgrab")
    return [found] if found else [sys.executable, "-m", "newsgrab"]


def run_newsgrab(*args: str, input: str | None = None, timeout: float = 120, env: dict | None = None):
    return subprocess.run(
        [*newsgrab_cmd(), *args],
        capture_output=True,
        text=True,
        input=input,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def site():
    s = Site()
    yield s
    s.stop()


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (for a server a test starts)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, what: str, timeout: float = 60, step: float = 0.05) -> None:
    """Wait until `condition()` is true (a port open, a lock taken, a row written), never a fixed sleep:
    as fast as the machine allows, and as patient as a slow one needs."""
    import time

    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"waited {timeout:g} s for {what}")
        time.sleep(step)


def rows_or_none(db: str, sql: str):
    """The first value of a query, or None while the database or its tables do not exist yet."""
    try:
        return query(db, sql)[0][0]
    except (sqlite3.Error, IndexError):
        return None


def query(db: str, sql: str, params=()) -> list[tuple]:
    """Rows of one query against a database file (a fresh connection, closed after)."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def pytest_collection_modifyitems(config, items):
    """Every test under tests/e2e is an end-to-end test: `pytest -m "not e2e"` is the fast inner loop."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)
