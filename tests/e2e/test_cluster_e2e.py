"""import-warc, reparse and merge on a real Dask cluster: a scheduler and two workers started here as
processes on 127.0.0.1 (free ports). The archive a cluster makes must equal the single-process one:
same URLs, same content hashes, same version counts; also when a worker is killed mid-job, and when the
client is killed and the command run again."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import warcs
from tests.test_warc_import import write_warc

from .conftest import free_port, newsgrab_cmd, query, rows_or_none, run_newsgrab, wait_for

pytest.importorskip("distributed")
DASK = str(Path(sys.executable).parent / "dask")
RECORDS = 240


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and two single-threaded workers; yields (address, worker processes)."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("dask")
    procs = [
        subprocess.Popen(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=open(logs / "scheduler.log", "w"),
            stderr=subprocess.STDOUT,
        )
    ]
    workers = []

    def start_worker(n: int) -> subprocess.Popen:
        w = subprocess.Popen(
            [
                DASK,
                "worker",
                address,
                "--nthreads",
                "1",
                "--nworkers",
                "1",
                "--no-dashboard",
                "--no-nanny",
                "--host",
                "127.0.0.1",
                "--name",
                f"w{n}",
            ],
            stdout=open(logs / f"worker{n}.log", "w"),
            stderr=subprocess.STDOUT,
        )
        workers.append(w)
        return w

    for n in range(2):
        start_worker(n)
    from distributed import Client

    deadline = time.monotonic() + 60
    with Client(address, timeout="30s") as c:
        while len(c.scheduler_info()["workers"]) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
    yield address, workers, start_worker
    for p in procs + workers:
        p.terminate()
    for p in procs + workers:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A WARC of the in-repo corpus pages, and the archive a single process makes of it (the reference)."""
    d = tmp_path_factory.mktemp("warc")
    warc = d / "corpus.warc.gz"
    warcs.build_warc(warc, warcs.corpus_pages(), RECORDS)
    ref = str(d / "single.db")
    r = run_newsgrab("import-warc", str(warc), "--db", ref, "--jobs", "1")
    assert r.returncode == 0, r.stderr
    return warc, ref


SAME = "SELECT url, content_hash, version FROM articles ORDER BY url"


def test_a_cluster_import_equals_the_single_process_one(cluster, corpus, tmp_path):
    address, _, _ = cluster
    warc, ref = corpus
    db = str(tmp_path / "cluster.db")
    r = run_newsgrab("import-warc", str(warc), "--db", db, "--cluster", address)
    assert r.returncode == 0, r.stderr
    assert "0 unreadable" in r.stderr and "tasks" in r.stderr
    assert query(db, SAME) == query(ref, SAME)
    assert query(db, "SELECT count(*) FROM article_versions") == query(ref, "SELECT count(*) FROM article_versions")
    # the same again: everything is there already
    r = run_newsgrab("import-warc", str(warc), "--db", db, "--cluster", address)
    assert r.returncode == 0 and "archived 0" in r.stderr and query(db, SAME) == query(ref, SAME)


def test_a_worker_killed_mid_job_loses_and_doubles_nothing(cluster, corpus, tmp_path):
    address, workers, start_worker = cluster
    warc, ref = corpus
    db = str(tmp_path / "killed.db")
    proc = subprocess.Popen(
        [*newsgrab_cmd(), "import-warc", str(warc), "--db", db, "--cluster", address],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # the job under way: the client has written results the workers sent
    wait_for(lambda: (rows_or_none(db, "SELECT count(*) FROM fetches") or 0) > 0, "the first results", timeout=120)
    victim = workers[0]
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    workers.remove(victim)
    start_worker(9)  # the cluster gets its second worker back for the tests after this one
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert query(db, SAME) == query(ref, SAME)
    assert query(db, "SELECT count(*) FROM fetches") == query(ref, "SELECT count(*) FROM fetches")


def test_a_killed_client_is_resumed_by_running_the_command_again(cluster, corpus, tmp_path):
    address, _, _ = cluster
    warc, ref = corpus
    db = str(tmp_path / "resumed.db")
    proc = subprocess.Popen(
        [*newsgrab_cmd(), "import-warc", str(warc), "--db", db, "--cluster", address],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.2)
        try:
            if query(db, "SELECT count(*) FROM articles")[0][0] > 0:
                break
        except Exception:  # noqa: BLE001 - not created yet, or locked for a moment
            continue
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert query(db, "SELECT count(*) FROM articles")[0][0] < len(query(ref, SAME))
    r = run_newsgrab("import-warc", str(warc), "--db", db, "--cluster", address)
    assert r.returncode == 0, r.stderr
    assert query(db, SAME) == query(ref, SAME)
    assert query(db, "PRAGMA integrity_check") == [("ok",)]


def test_reparse_on_the_cluster_equals_reparse_here(cluster, corpus, tmp_path):
    address, _, _ = cluster
    _, ref = corpus
    dbs = []
    for name in ("here", "there"):
        db = str(tmp_path / f"{name}.db")
        Path(db).write_bytes(Path(ref).read_bytes())
        query(db, "SELECT 1")  # (a plain copy: the reference is closed, no WAL left behind)
        import sqlite3

        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE articles SET headline = 'old', extractor_version = 'old'")
        dbs.append(db)
    r1 = run_newsgrab("reparse", "--db", dbs[0], "--jobs", "1")
    r2 = run_newsgrab("reparse", "--db", dbs[1], "--cluster", address)
    assert r1.returncode == 0 and r2.returncode == 0, r2.stderr
    n = len(query(ref, SAME))
    assert f"changed {n}" in r1.stderr and f"changed {n}" in r2.stderr
    assert (
        query(dbs[0], "SELECT url, headline, content_hash FROM articles ORDER BY url")
        == query(dbs[1], "SELECT url, headline, content_hash FROM articles ORDER BY url")
        == query(ref, "SELECT url, headline, content_hash FROM articles ORDER BY url")
    )


def test_shards_merge_into_what_one_import_makes_and_merging_twice_changes_nothing(tmp_path):
    """Two crawls with overlapping URLs (the overlap edited in the later one), each imported into a shard
    of its own; merged, they equal the two imported into one archive."""
    pages = warcs.corpus_pages()
    a, b = tmp_path / "a.warc.gz", tmp_path / "b.warc.gz"
    warcs.build_warc(a, pages, 30, first=0, day=1)
    warcs.build_warc(b, pages, 30, first=20, day=2, edit="(updated)")  # URLs 20-29 again, edited; 30-49 new
    ref = str(tmp_path / "one.db")
    for w in (a, b):
        assert run_newsgrab("import-warc", str(w), "--db", ref, "--jobs", "1").returncode == 0
    (tmp_path / "shards").mkdir()
    for w, shard in ((b, "s2.db"), (a, "s1.db")):  # shards made in either order
        assert (
            run_newsgrab(
                "import-warc",
                str(w),
                "--db",
                str(tmp_path / "shards" / shard),
                "--jobs",
                "1",
            ).returncode
            == 0
        )
    merged = str(tmp_path / "merged.db")
    r = run_newsgrab("merge", str(tmp_path / "shards"), "--into", merged)
    assert r.returncode == 0, r.stderr
    versions = (
        "SELECT a.url, v.version, v.fetched_at, v.content_hash FROM article_versions v "
        "JOIN articles a ON a.id = v.article_id ORDER BY a.url, v.version"
    )
    assert query(merged, SAME) == query(ref, SAME)
    assert query(merged, versions) == query(ref, versions)
    assert max(v for _, v, *_ in query(merged, versions)) == 2  # the overlap has two versions, in capture order
    counts = (
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM article_versions), "
        "(SELECT count(*) FROM rankings), (SELECT count(*) FROM fetches), (SELECT count(*) FROM pages)"
    )
    before = query(merged, counts)
    r = run_newsgrab("merge", str(tmp_path / "shards" / "s1.db"), str(tmp_path / "shards" / "s2.db"), "--into", merged)
    assert r.returncode == 0 and "archived 0" in r.stderr and query(merged, counts) == before


LISTING = (
    "<html><head><title>World</title></head><body><nav><a href='/'>Home</a></nav><ul>"
    + "".join(f"<li><a href='/2024/01/story-{i}'>Story {i}</a></li>" for i in range(12))
    + "</ul></body></html>"
).encode()


def test_import_to_shards_on_a_local_cluster(tmp_path):
    pages = warcs.corpus_pages()
    warcs.build_warc(tmp_path / "a.warc.gz", pages, 40)
    listing = "https://news.example.org/section/world/"
    write_warc(tmp_path / "b.warc.gz", [(listing, "2024-01-10T00:00:00Z", LISTING)])
    r = run_newsgrab(
        "import-warc",
        str(tmp_path / "a.warc.gz"),
        str(tmp_path / "b.warc.gz"),
        "--db",
        str(tmp_path / "unused.db"),
        "--cluster",
        "local",
        "--jobs",
        "2",
        "--shards",
        str(tmp_path / "shards"),
    )
    assert r.returncode == 0, r.stderr
    # issue 24.5: the shards' totals, the page that held no story (not a failure), where the shards went
    assert "41 pages: archived 40," in r.stderr and "no article 1, failed 0" in r.stderr, r.stderr
    assert any(line.startswith(listing) for line in r.stderr.splitlines()), r.stderr
    assert f"nothing was written to {tmp_path / 'unused.db'}" in r.stderr
    assert f"next: newsgrab merge {tmp_path / 'shards'} --into {tmp_path / 'unused.db'}" in r.stderr
    shards = sorted((tmp_path / "shards").glob("*.db"))
    assert len(shards) >= 1 and not (tmp_path / "unused.db").exists()
    r = run_newsgrab("merge", *map(str, shards), "--into", str(tmp_path / "m.db"))
    assert r.returncode == 0 and query(str(tmp_path / "m.db"), "SELECT count(*) FROM articles") == [(40,)]


def test_an_unreachable_scheduler_is_one_line_and_writes_nothing(tmp_path):
    db = tmp_path / "never.db"
    (tmp_path / "x.warc.gz").write_bytes(b"")
    warcs.build_warc(tmp_path / "x.warc.gz", warcs.corpus_pages(), 2)
    r = run_newsgrab("import-warc", str(tmp_path / "x.warc.gz"), "--db", str(db), "--cluster", "tcp://127.0.0.1:9")
    assert r.returncode == 2 and "tcp://127.0.0.1:9" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and not db.exists()


@pytest.mark.parametrize("kind", ["http server", "silent listener"])
def test_an_address_that_does_not_speak_dask_is_one_line_within_the_handshake_limit(kind, site, tmp_path):
    """Something accepts the connection but never speaks Dask (an HTTP server, the dashboard's port typed
    for the scheduler's): before the fix, Dask's Client waited as long as that service kept the line."""
    import socket
    import threading

    if kind == "http server":
        address = site.start().replace("http://", "tcp://")
    else:
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        held = []
        threading.Thread(target=lambda: held.append(listener.accept()), daemon=True).start()
        address = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    warcs.build_warc(tmp_path / "x.warc.gz", warcs.corpus_pages(), 2)
    db = tmp_path / "never.db"
    start = time.monotonic()
    r = run_newsgrab("import-warc", str(tmp_path / "x.warc.gz"), "--db", str(db), "--cluster", address, timeout=90)
    took = time.monotonic() - start
    assert took < 25, took  # the 10 s handshake limit and the start-up
    assert r.returncode == 2 and "not a Dask scheduler" in r.stderr and address in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr and not db.exists()
