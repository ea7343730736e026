"""WARC capture end to end: the installed CLI against a real local server, files checked by warcio itself."""

import gzip
import os
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from tests.conftest import FIXTURES

from .conftest import newsgrab_cmd, query, rows_or_none, run_newsgrab, wait_for
from .server import Reply

JN = FIXTURES / "japannews"


def records(path: Path) -> list:
    """(type, target URI, HTTP status, payload as stored, WARC headers) of every record in a file."""
    out = []
    with open(path, "rb") as f:
        for rec in ArchiveIterator(f):
            status = rec.http_headers.get_statuscode() if rec.http_headers and rec.rec_type != "request" else None
            out.append(
                (
                    rec.rec_type,
                    rec.rec_headers.get_header("WARC-Target-URI"),
                    status,
                    rec.raw_stream.read(),
                    rec.rec_headers,
                )
            )
    return out


def warcio(*args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "warcio"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=60)


def test_fetch_keeps_every_exchange_as_warc_checked_by_warcio(site, tmp_path):
    seed = (JN / "wire-jiji-dateline.html").read_bytes()
    site.routes["/robots.txt"] = Reply(200, b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"})
    site.page("/a/plain", seed, etag='"v1"')
    zipped = gzip.compress((JN / "staff-two-authors.html").read_bytes())
    site.page("/a/zipped", zipped, **{"Content-Encoding": "gzip"})
    site.routes["/a/moved"] = Reply(301, b"", {"Location": "/a/plain", "Content-Type": "text/html"})
    base = site.start()
    db, warc = str(tmp_path / "a.db"), tmp_path / "warc"
    r = run_newsgrab(
        "fetch",
        f"{base}/a/plain",
        f"{base}/a/zipped",
        f"{base}/a/moved",
        f"{base}/a/missing",
        "--db",
        db,
        "--delay",
        "0",
        "--warc",
        str(warc),
    )
    assert r.returncode == 1, r.stderr  # the 404 failed; the rest archived
    files = sorted(warc.iterdir())
    assert len(files) == 1 and files[0].name.startswith("newsgrab-") and files[0].name.endswith(".warc.gz")
    check = warcio("check", "-v", str(files[0]))
    assert check.returncode == 0 and "digest pass" in check.stdout and "fail" not in check.stdout, check.stdout
    recs = records(files[0])
    assert recs[0][0] == "warcinfo" and b"newsgrab/" in recs[0][3]
    assert all(h.get_header("WARC-Type") and h.protocol == "WARC/1.1" for *_, h in recs)
    responses = {(uri, status): payload for kind, uri, status, payload, _ in recs if kind == "response"}
    assert (f"{base}/robots.txt", "200") in responses
    assert responses[(f"{base}/a/plain", "200")].endswith(seed)  # headers, then the body as sent
    assert responses[(f"{base}/a/zipped", "200")].endswith(zipped)  # still gzip: the bytes the server sent
    assert (f"{base}/a/moved", "301") in responses and (f"{base}/a/missing", "404") in responses
    requests_ = [uri for kind, uri, *_ in recs if kind == "request"]
    # one request record per response; /a/plain twice (asked for, and the redirect's target)
    assert sorted(requests_) == sorted(uri for kind, uri, *_ in recs if kind == "response")
    assert requests_.count(f"{base}/a/plain") == 2
    for kind, _, _, _, h in recs:
        if kind in ("response", "request"):
            assert h.get_header("WARC-Payload-Digest") and h.get_header("WARC-Block-Digest")

    # the same URL again: the server answers 304, kept as a revisit record
    r = run_newsgrab("fetch", f"{base}/a/plain", "--db", db, "--delay", "0", "--warc", str(warc))
    assert r.returncode == 0 and "not modified" in r.stderr, r.stderr
    second = [f for f in sorted(warc.iterdir()) if f != files[0]]
    assert len(second) == 1 and warcio("check", str(second[0])).returncode == 0
    revisits = [(uri, h) for kind, uri, _, _, h in records(second[0]) if kind == "revisit"]
    assert [uri for uri, _ in revisits] == [f"{base}/a/plain"]
    assert revisits[0][1].get_header("WARC-Profile").endswith("/revisit/server-not-modified")
    # issue 24.12: the revisit names the record it revisits: its URI and the capture it came from
    assert revisits[0][1].get_header("WARC-Refers-To-Target-URI") == f"{base}/a/plain"
    captured = query(
        db, "SELECT max(fetched_at) FROM fetches WHERE url = ? AND outcome = 'archived'", (f"{base}/a/plain",)
    )[0][0]
    assert revisits[0][1].get_header("WARC-Refers-To-Date") == captured.replace("+00:00", "Z")
    first = [
        h.get_header("WARC-Date") for kind, uri, status, _, h in recs if kind == "response" and uri == f"{base}/a/plain"
    ][0]
    gap = datetime.fromisoformat(captured) - datetime.fromisoformat(first.replace("Z", "+00:00"))
    assert abs(gap.total_seconds()) < 3  # the same capture, to the second the archive keeps


def test_warc_files_rotate_at_the_size_given_and_each_is_whole(site, tmp_path):
    seed = (JN / "wire-jiji-dateline.html").read_bytes()
    site.routes["/robots.txt"] = Reply(404, b"")
    for i in range(6):
        site.page(f"/a/{i}", seed.replace(b"Uzbekistan", f"Uzbekistan {i}".encode()))
    base = site.start()
    warc = tmp_path / "warc"
    r = run_newsgrab(
        "fetch",
        *[f"{base}/a/{i}" for i in range(6)],
        "--db",
        str(tmp_path / "a.db"),
        "--delay",
        "0",
        "--warc",
        str(warc),
        "--warc-max-size",
        "8k",
    )
    assert r.returncode == 0, r.stderr
    files = sorted(warc.iterdir())
    assert len(files) >= 3 and not [f for f in files if not f.name.endswith(".warc.gz")]
    index = warcio("index", "-f", "warc-type,warc-target-uri", *map(str, files))
    assert index.returncode == 0
    assert sum(1 for line in index.stdout.splitlines() if '"response"' in line and "/a/" in line) == 6
    for f in files:
        assert records(f)[0][0] == "warcinfo"


def test_archive_run_keeps_feeds_robots_and_pages_and_the_config_can_ask_for_it(site, tmp_path):
    seed = (JN / "wire-jiji-dateline.html").read_bytes()
    site.routes["/robots.txt"] = Reply(200, b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"})
    base = site.start()
    feed = (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
        f"<item><link>{base}/a/1</link></item></channel></rss>"
    ).encode()
    site.routes["/feed.xml"] = Reply(200, feed, {"Content-Type": "application/rss+xml"})
    site.page("/a/1", seed)
    (tmp_path / "newsgrab.toml").write_text(
        f'[defaults]\ndelay = 0\nwarc_dir = "{tmp_path / "w"}"\n[[site]]\nname = "local"\nfeeds = ["{base}/feed.xml"]\n'
    )
    r = run_newsgrab("archive", "--db", str(tmp_path / "a.db"))
    assert r.returncode == 0, r.stderr
    (f,) = sorted((tmp_path / "w").iterdir())
    uris = {uri for kind, uri, *_ in records(f) if kind == "response"}
    assert uris == {f"{base}/robots.txt", f"{base}/feed.xml", f"{base}/a/1"}


def test_a_killed_run_leaves_an_open_file_readable_to_its_last_whole_record(site, tmp_path):
    seed = (JN / "wire-jiji-dateline.html").read_bytes()
    site.routes["/robots.txt"] = Reply(404, b"")
    for i in range(40):
        site.routes[f"/a/{i}"] = Reply(200, seed, delay=0.2)
    base = site.start()
    warc = tmp_path / "warc"
    proc = subprocess.Popen(
        [
            *newsgrab_cmd(),
            "fetch",
            *[f"{base}/a/{i}" for i in range(40)],
            "--db",
            str(tmp_path / "a.db"),
            "--delay",
            "0",
            "--workers",
            "1",
            "--warc",
            str(warc),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # two pages fetched and saved: their exchanges are in the WARC file still open
    db = str(tmp_path / "a.db")
    wait_for(lambda: (rows_or_none(db, "SELECT count(*) FROM articles") or 0) >= 2, "two pages archived")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    (f,) = sorted(warc.iterdir())
    assert f.name.endswith(".warc.gz.open")  # no finished-looking name on a file cut short
    recs = records(f)
    assert recs[0][0] == "warcinfo" and sum(1 for r in recs if r[0] == "response") >= 2

    # issue 24.12: the next run closes it: cut after its last whole record, renamed to its final name
    with open(f, "ab") as out:
        out.write(gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 90000\r\n\r\n<html>")[:60])
    r = run_newsgrab("fetch", f"{base}/a/39", "--db", str(tmp_path / "a.db"), "--delay", "0", "--warc", str(warc))
    assert r.returncode == 0, r.stderr
    final = f.with_name(f.name[: -len(".open")])
    assert f"closed {final.name}: a killed run left it open" in r.stderr
    assert not list(warc.glob("*.open")) and final.exists()
    assert warcio("check", str(final)).returncode == 0  # whole records only
    assert [r[:3] for r in records(final)] == [r[:3] for r in recs]
    reparse = run_newsgrab("reparse", "--db", str(tmp_path / "a.db"), "--force", "--jobs", "1")
    assert reparse.returncode == 0 and "failed 0" in reparse.stderr, reparse.stderr  # pointers still lead there


def test_a_file_another_run_is_writing_is_left_open(tmp_path):
    """The negative: a .open file a live writer holds is not closed under it."""
    import requests

    from newsgrab.capture.warc import WarcRecorder

    resp = requests.models.Response()
    resp.status_code, resp.url, resp.raw, resp.reason = 200, "https://n.example/a", None, "OK"
    resp.headers["Content-Type"] = "text/html"
    resp.request = requests.Request("GET", "https://n.example/a").prepare()
    live = WarcRecorder(tmp_path)
    live.exchange(resp, b"<html>story</html>")
    (open_file,) = tmp_path.glob("*.open")
    other = WarcRecorder(tmp_path)
    assert other.recovered == [] and open_file.exists()
    live.close()
    assert not list(tmp_path.glob("*.open"))


def test_import_warc_reads_what_wget_wrote(site, tmp_path):
    """A WARC file no code of ours wrote: wget --warc-file against the local server."""
    import shutil

    import pytest

    wget = shutil.which("wget")
    if wget is None:
        pytest.fail("wget is needed for this test (.ci/run installs it)")
    names = ["wire-jiji-dateline", "staff-two-authors", "wire-reuters"]
    for n in names:
        site.page(f"/a/{n}", (JN / f"{n}.html").read_bytes())
    site.routes["/robots.txt"] = Reply(404, b"")
    site.routes["/logo.png"] = Reply(200, b"\x89PNG....", {"Content-Type": "image/png"})
    base = site.start()
    r = subprocess.run(
        [
            wget,
            "-q",
            "--warc-file=crawl",
            "-O",
            "/dev/null",
            "--no-warc-keep-log",
            *[f"{base}/a/{n}" for n in names],
            f"{base}/logo.png",
        ],
        cwd=tmp_path,
        timeout=60,
    )
    assert r.returncode == 0 and (tmp_path / "crawl.warc.gz").exists()
    db = str(tmp_path / "a.db")
    r = run_newsgrab("import-warc", str(tmp_path / "crawl.warc.gz"), "--db", db, "--jobs", "2")
    assert r.returncode == 0, r.stderr
    assert "archived 3" in r.stderr and "0 unreadable" in r.stderr
    from .conftest import query

    assert sorted(u for (u,) in query(db, "SELECT fetch_url FROM articles")) == sorted(f"{base}/a/{n}" for n in names)
    assert query(db, "SELECT DISTINCT codec FROM pages") == [("warc",)]
    r = run_newsgrab("import-warc", str(tmp_path), "--db", db)  # a directory; the same captures again
    assert r.returncode == 0 and "already imported 3" in r.stderr, r.stderr


def test_what_newsgrab_captured_imports_to_the_same_records(site, tmp_path):
    names = ["wire-jiji-dateline", "staff-two-authors", "wire-ap-dateline"]
    for n in names:
        site.page(f"/a/{n}", (JN / f"{n}.html").read_bytes())
    site.routes["/robots.txt"] = Reply(404, b"")
    base = site.start()
    fetched, imported = str(tmp_path / "f.db"), str(tmp_path / "i.db")
    r = run_newsgrab(
        "fetch", *[f"{base}/a/{n}" for n in names], "--db", fetched, "--delay", "0", "--warc", str(tmp_path / "w")
    )
    assert r.returncode == 0, r.stderr
    r = run_newsgrab("import-warc", str(tmp_path / "w"), "--db", imported)
    assert r.returncode == 0 and "archived 3" in r.stderr, r.stderr
    from .conftest import query

    sql = "SELECT fetch_url, content_hash, headline FROM articles ORDER BY fetch_url"
    assert query(fetched, sql) == query(imported, sql)


def test_import_warc_usage_errors_are_one_line(tmp_path):
    r = run_newsgrab("import-warc", str(tmp_path / "nope.warc.gz"), "--db", str(tmp_path / "a.db"))
    assert r.returncode == 2 and "no such file or directory" in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "empty").mkdir()
    r = run_newsgrab("import-warc", str(tmp_path / "empty"), "--db", str(tmp_path / "a.db"))
    assert r.returncode == 2 and "no WARC files" in r.stderr
    (tmp_path / "notes.warc").write_text("hello")
    r = run_newsgrab("import-warc", str(tmp_path / "notes.warc"), "--db", str(tmp_path / "a.db"))
    assert r.returncode == 1 and "not a WARC file" in r.stderr and "Traceback" not in r.stderr


def test_a_new_users_backfill_and_merge_give_no_phantom_edits(site, tmp_path):
    """Issue 24.1-24.3 as a new user met them: fetch a page, then import an older WARC of it unchanged; and
    merge two ordinary archives that fetched the same story. Each made '+0 -0' edits and v2s on dcdf473."""
    from tests.test_warc_import import write_warc

    seed = (JN / "wire-jiji-dateline.html").read_bytes()
    edited = seed.replace(b"has signed memorandums", b"has now signed memorandums")
    site.routes["/robots.txt"] = Reply(404, b"")
    site.page("/a/pacts", seed)
    base = site.start()
    url = f"{base}/a/pacts"
    live = str(tmp_path / "live.db")
    assert run_newsgrab("fetch", url, "--db", live, "--delay", "0").returncode == 0
    write_warc(tmp_path / "old.warc.gz", [(url, "2024-01-10T06:50:00Z", seed)])  # captured before the fetch
    r = run_newsgrab("import-warc", str(tmp_path / "old.warc.gz"), "--db", live)
    assert r.returncode == 0 and "unchanged 1" in r.stderr, r.stderr
    again = run_newsgrab("import-warc", str(tmp_path / "old.warc.gz"), "--db", live)
    assert again.returncode == 0 and "already imported 1" in again.stderr  # a no-op, exit 0
    assert query(live, "SELECT version, first_seen FROM articles") == [(1, "2024-01-10T06:50:00+00:00")]
    assert "no story changed" in run_newsgrab("edits", "--db", live, "--since", "2000-01-01").stderr
    diff = run_newsgrab("diff", url, "--db", live)
    assert "one version" in (diff.stdout + diff.stderr)

    # two ordinary archives: one fetched the story, the other fetched it after an edit
    other = str(tmp_path / "other.db")
    site.page("/a/pacts", edited)
    assert run_newsgrab("fetch", url, "--db", other, "--delay", "0").returncode == 0
    merged = str(tmp_path / "merged.db")
    for n, order in enumerate(((live, other), (other, live))):
        target = f"{merged}.{n}"
        r = run_newsgrab("merge", *order, "--into", target)
        assert r.returncode == 0, r.stderr
        assert query(target, "SELECT version FROM article_versions ORDER BY version") == [(1,), (2,)]
        assert query(target, "SELECT outcome, count(*) FROM fetches GROUP BY outcome ORDER BY 1") == [
            ("archived", 1),
            ("unchanged", 1),
            ("updated", 1),
        ]
        assert "merge" in run_newsgrab("runs", "--db", target).stdout
