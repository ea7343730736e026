"""The same story on three sites, end to end: three servers on 127.0.0.1-3 serve one wire story with edits, and
one of them also a different story about the same event. `newsgrab fetch` archives them; `copies` finds the
three copies and not the other story; and an import of the same pages from a WARC gives the same clusters
whether it runs on a local Dask cluster or into shards that are merged."""

import json

import pytest

from tests.test_warc_import import write_warc

from ..conftest import FIXTURES
from .conftest import query, run_newsgrab
from .server import Site

COPIES = FIXTURES / "copies"
SITES = {  # fixture page -> the site (its canonical host) that serves it
    "wire-on-daily-north.html": "daily-north.example",
    "wire-cut-on-harbour-times.html": "harbour-times.example",
    "wire-added-on-valley-post.html": "valley-post.example",
    "other-story-same-event.html": "valley-post.example",
}


@pytest.fixture
def three_sites():
    """One server per site, each on an address of its own in 127.0.0.0/8 (a site is a host name: three ports
    of one address would be one site); each page's canonical link names the server it is served from."""
    servers: dict[str, Site] = {}
    bases: dict[str, str] = {}
    for n, host in enumerate(sorted(set(SITES.values())), 1):
        servers[host] = Site()
        bases[host] = servers[host].start(f"127.0.0.{n}")
    urls = []
    for name, host in SITES.items():
        html = (COPIES / name).read_text(encoding="utf-8").replace(f"https://{host}", bases[host])
        path = html.split(bases[host], 1)[1].split('"', 1)[0]
        servers[host].page(path, html)
        urls.append(bases[host] + path)
    yield urls, bases
    for s in servers.values():
        s.stop()


def test_three_sites_serving_one_wire_story_are_one_cluster_and_the_other_story_is_not_a_copy(three_sites, tmp_path):
    urls, bases = three_sites
    db = str(tmp_path / "news.db")
    r = run_newsgrab("fetch", *urls, "--db", db, "--delay", "0")
    assert r.returncode == 0, r.stderr
    r = run_newsgrab("copies", "--json", "--db", db)
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert {row["cluster"] for row in rows} == {1}
    assert len(rows) == 3 and len({row["site"] for row in rows}) == 3
    assert not any("traders" in row["url"] or "east-bank" in row["url"] for row in rows)
    first = next(row for row in rows if row["first"])
    assert first["url"].startswith(bases["daily-north.example"]) and first["credit"] == "Kyodo"
    other = query(db, "SELECT id FROM articles WHERE headline LIKE 'East bank traders%'")[0][0]
    r = run_newsgrab("similar", str(other), "--db", db)
    assert r.returncode == 0 and "no copy" in r.stderr


def _pairs(db: str) -> set[tuple[str, str]]:
    rows = query(
        db, "SELECT x.url, y.url FROM copy_pairs p JOIN articles x ON x.id = p.a JOIN articles y ON y.id = p.b"
    )
    return {tuple(sorted(r)) for r in rows}


def test_the_clusters_are_the_same_after_a_cluster_import_and_after_a_merge_of_shards(tmp_path):
    pytest.importorskip("distributed")
    items = []
    for n, name in enumerate(SITES):
        html = (COPIES / name).read_bytes()
        url = html.split(b'rel="canonical" href="', 1)[1].split(b'"', 1)[0].decode()
        items.append((url, f"2026-12-01T0{n}:00:00Z", html))
    write_warc(tmp_path / "a.warc.gz", items[:2])
    write_warc(tmp_path / "b.warc.gz", items[2:])
    one = str(tmp_path / "one.db")
    assert (
        run_newsgrab("import-warc", str(tmp_path / "a.warc.gz"), str(tmp_path / "b.warc.gz"), "--db", one).returncode
        == 0
    )
    on_cluster = str(tmp_path / "cluster.db")
    r = run_newsgrab("import-warc", str(tmp_path), "--db", on_cluster, "--cluster", "local", "--jobs", "2", timeout=300)
    assert r.returncode == 0, r.stderr
    for w in ("a", "b"):
        shard = str(tmp_path / "shards" / f"{w}.db")
        (tmp_path / "shards").mkdir(exist_ok=True)
        assert run_newsgrab("import-warc", str(tmp_path / f"{w}.warc.gz"), "--db", shard).returncode == 0
    merged = str(tmp_path / "merged.db")
    assert run_newsgrab("merge", str(tmp_path / "shards"), "--into", merged).returncode == 0
    assert len(_pairs(one)) == 3
    assert _pairs(on_cluster) == _pairs(one) == _pairs(merged)
