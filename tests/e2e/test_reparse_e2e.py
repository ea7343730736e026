"""The installed `newsgrab reparse`: its output, and a SIGKILL mid-run that the next run finishes."""

import os
import signal
import subprocess
import time

from newsgrab import parse_article
from newsgrab.store import Archive
from tests.conftest import FIXTURES

from .conftest import newsgrab_cmd, query, run_newsgrab

JN = FIXTURES / "japannews"
PAGES = [(JN / f"{n}.html").read_bytes() for n in ("wire-jiji-dateline", "staff-two-authors", "wire-reuters")]


def build(db: str, n: int) -> None:
    """An archive of n stories whose records look made by an older extractor (headlines it got wrong)."""
    with Archive(db) as a:
        for i in range(n):
            url = f"https://japannews.yomiuri.co.jp/politics/2024{i:05d}/"
            html = PAGES[i % 3].replace(b"</h1>", f" {i}</h1>".encode())
            a.save(parse_article(html, url), fetch_url=url, run_id="r", raw=html)
        a.db.execute("UPDATE articles SET headline = 'old ' || id, extractor_version = '0.0.1+old'")


def test_reparse_dry_run_then_run_as_a_user_sees_them(tmp_path):
    db = str(tmp_path / "a.db")
    build(db, 6)
    r = run_newsgrab("reparse", "--dry-run", "--db", db, "--jobs", "1")
    assert r.returncode == 0, r.stderr
    assert "japannews.yomiuri.co.jp: 6 records would change (headline 6)" in r.stdout
    assert "would change 6" in r.stderr
    assert query(db, "SELECT count(*) FROM articles WHERE headline LIKE 'old %'") == [(6,)]
    r = run_newsgrab("reparse", "--db", db)
    assert r.returncode == 0 and "changed 6" in r.stderr, r.stderr
    r = run_newsgrab("reparse", "--db", db)
    assert r.returncode == 0 and "changed 0" in r.stderr and "already current 6" in r.stderr
    r = run_newsgrab("reparse", "--db", db, "--url", "https://example.com/nope")
    assert r.returncode == 1 and "no article" in r.stderr and "Traceback" not in r.stderr
    r = run_newsgrab("reparse", "--db", db, "--since", "yesterday-ish")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_a_killed_reparse_leaves_every_record_whole_and_the_rerun_finishes(tmp_path):
    db = str(tmp_path / "a.db")
    n = 240
    build(db, n)
    proc = subprocess.Popen(
        [*newsgrab_cmd(), "reparse", "--db", db, "--jobs", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.1)
        try:
            done = query(db, "SELECT count(*) FROM reparses")[0][0]
        except Exception:  # noqa: BLE001 - the table may be locked for a moment
            continue
        if done >= 20:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = query(db, "SELECT count(*) FROM reparses")[0][0]
    assert 0 < done < n, "the kill came too late to test anything"
    # every record is whole: either still old (headline and stamp) or fully new (both)
    assert query(
        db, "SELECT count(*) FROM articles WHERE (headline LIKE 'old %') != (extractor_version = '0.0.1+old')"
    ) == [(0,)]
    r = run_newsgrab("reparse", "--db", db)
    assert r.returncode == 0, r.stderr
    assert query(db, "SELECT count(*) FROM reparses") == [(n,)]  # each record re-derived exactly once
    assert query(db, "SELECT count(*) FROM articles WHERE headline LIKE 'old %'") == [(0,)]
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
