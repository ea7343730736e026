"""`newsgrab serve` for real: Datasette on a free local port over the simulated archive; the canned queries
answer with the right rows through the JSON API, search and facets work, and nothing is written."""

import json
import subprocess
import time
import urllib.parse
import urllib.request

import pytest

from tests import simulated

from .conftest import free_port, newsgrab_cmd, run_newsgrab

pytest.importorskip("datasette")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    db = tmp_path_factory.mktemp("serve") / "news.db"
    info = simulated.build(db)
    port = free_port()
    proc = subprocess.Popen([*newsgrab_cmd(), "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"serve exited: {proc.stdout.read() if proc.stdout else ''}")
            time.sleep(0.2)
    yield base, db, info
    proc.terminate()
    proc.wait(timeout=10)


def get(base: str, path: str):
    with urllib.request.urlopen(base + path, timeout=10) as r:
        return json.loads(r.read())


def test_rank_history_of_a_story(served):
    base, _, info = served
    jiji = info["urls"]["wire-jiji-dateline"]
    rows = get(base, f"/news/rank_history.json?_shape=array&url={urllib.parse.quote(jiji)}")
    expected = [(k, i.position) for k in range(simulated.RUNS)
                for i in simulated._list_for_run(info["access"], k, 5, 1) if i.url == jiji]
    assert [(r["captured_at"], r["position"]) for r in rows] == [(info["times"][k], p) for k, p in expected]
    assert {r["list_name"] for r in rows} == {simulated.ACCESS}


def test_lists_right_now(served):
    base, _, info = served
    rows = get(base, "/news/lists_now.json?_shape=array")
    access = [r for r in rows if r["list_name"] == simulated.ACCESS]
    last = simulated._list_for_run(info["access"], simulated.RUNS - 1, 5, 1)
    assert [(r["position"], r["url"]) for r in access] == [(i.position, i.url) for i in last]
    assert {r["captured_at"] for r in rows} == {info["times"][-1]}


def test_edits_on_a_day_and_the_most_edited(served):
    base, _, _ = served
    rows = get(base, "/news/edited_today.json?_shape=array&day=2024-01-10")
    assert sorted((r["id"], r["version"]) for r in rows) == [(1, 2), (1, 3), (2, 2)]
    assert get(base, "/news/edited_today.json?_shape=array&day=2024-01-12") == []
    most = get(base, "/news/most_edited.json?_shape=array")
    assert [(r["id"], r["versions"]) for r in most] == [(1, 3), (2, 2)]


def test_search_and_the_articles_table_with_search_and_facets(served):
    base, _, _ = served
    rows = get(base, "/news/search.json?_shape=array&q=Uzbekistan")
    assert [r["id"] for r in rows] == [1] and "[Uzbekistan]" in rows[0]["snippet"]
    table = get(base, "/news/articles.json?_search=Uzbekistan&_facet=site")
    assert table["filtered_table_rows_count"] == 1
    assert table["facet_results"]["site"]["results"][0]["value"] == "japannews.yomiuri.co.jp"
    meta = get(base, "/-/metadata.json")
    tables = meta["databases"]["news"]["tables"]
    assert "ranking_snapshots" in tables and tables["articles"]["columns"]["credit"].startswith("credited")


def test_serve_without_an_archive_is_one_line(tmp_path):
    r = run_newsgrab("serve", "--db", str(tmp_path / "none.db"), "--port", "0")
    assert r.returncode == 1 and "no archive at" in r.stderr and "Traceback" not in r.stderr
