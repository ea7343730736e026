"""`newsgrab serve` for real: Datasette on a free local port over the simulated archive; the canned queries
answer with the right rows through the JSON API, search and facets work, and nothing is written."""

import json
import subprocess
import time
import urllib.error
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
    proc = subprocess.Popen(
        [*newsgrab_cmd(), "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
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
    expected = [
        (k, i.position)
        for k in range(simulated.RUNS)
        for i in simulated._list_for_run(info["access"], k, 5, 1)
        if i.url == jiji
    ]
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
    assert "ranking_snapshots" in tables
    assert "<dt>credit</dt><dd>credited" in tables["articles"]["description_html"]


def test_serve_without_an_archive_is_one_line(tmp_path):
    r = run_newsgrab("serve", "--db", str(tmp_path / "none.db"), "--port", "0")
    assert r.returncode == 2 and "no archive at" in r.stderr and "Traceback" not in r.stderr


def _status(base: str, path: str, host: str | None = None) -> int:
    req = urllib.request.Request(base + path, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_arbitrary_sql_is_off_unless_asked(served):
    """?sql= could read what the UI hides (WARC pointers): off by default; the canned queries still answer."""
    base, _, _ = served
    q = urllib.parse.quote("select warc_file, warc_offset from pages")
    assert _status(base, f"/news.json?sql={q}") == 403
    assert _status(base, "/news/articles.json?_where=1=1") in (400, 403)
    assert _status(base, "/news/lists_now.json") == 200


def test_a_request_for_another_host_is_refused(served):
    """DNS rebinding: a page on evil.example pointing its name at 127.0.0.1 gets nothing."""
    base, _, _ = served
    port = base.rsplit(":", 1)[1]
    assert _status(base, "/news/articles.json", host="evil.example") == 421
    assert _status(base, "/news/articles.json", host=f"evil.example:{port}") == 421
    assert _status(base, "/news/articles.json", host=f"localhost:{port}") == 200
    assert _status(base, "/news/articles.json", host=f"127.0.0.1:{port}") == 200


def test_sql_when_asked(tmp_path):
    db = tmp_path / "news.db"
    simulated.build(db)
    port = free_port()
    proc = subprocess.Popen(
        [*newsgrab_cmd(), "serve", "--db", str(db), "--port", str(port), "--sql"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _status_or_none(base) is None:
            time.sleep(0.2)
        assert _status(base, "/news.json?sql=" + urllib.parse.quote("select count(*) from articles")) == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _status_or_none(base: str) -> int | None:
    try:
        return _status(base, "/-/versions.json")
    except OSError:
        return None


def test_mistakes_are_one_line_and_exit_2(tmp_path):
    import socket

    r = run_newsgrab("serve", "--db", str(tmp_path / "missing.db"), "--port", str(free_port()))
    assert r.returncode == 2 and "no archive" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = run_newsgrab("serve", "--db", str(tmp_path), "--port", str(free_port()))
    assert r.returncode == 2 and "is a directory" in r.stderr
    db = tmp_path / "news.db"
    simulated.build(db)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        r = run_newsgrab("serve", "--db", str(db), "--port", str(port), timeout=60)
    assert r.returncode == 2 and f"port {port} is in use (try --port N)" in r.stderr, r.stderr
    assert "serving" not in r.stdout and "Traceback" not in r.stderr


def test_the_browser_search_reads_a_query_as_the_cli_does(served):
    """issue 23, item 7: q=energy-saving was an HTTP 400 ('no such column: saving'), and the query page
    before anything was typed showed an FTS5 syntax error."""
    base, db, _ = served
    assert _status(base, "/news/search.json?_shape=array&q=energy-saving") == 200
    assert _status(base, "/news/articles.json?_search=energy-saving") == 200
    assert get(base, "/news/search.json?_shape=array&q=") == []
    assert _status(base, "/news/search") == 200
    rows = get(base, "/news/search.json?_shape=array&q=" + urllib.parse.quote("Japan Uzbekistan"))
    cli = run_newsgrab("search", "Japan", "Uzbekistan", "--json", "--db", str(db))
    assert {r["id"] for r in rows} == {json.loads(line)["id"] for line in cli.stdout.splitlines()}
    assert rows and all("[Japan]" in r["snippet"] for r in rows)  # the CLI's snippet, every word marked


def test_the_articles_page_is_readable(served):
    """issue 23, item 15: a screen of column descriptions above the search box, whole bodies in every row,
    and times in UTC where the CLI shows the site's zone."""
    base, db, _ = served
    with urllib.request.urlopen(base + "/news/articles", timeout=10) as r:
        page = r.read().decode()
    assert "<details><summary>What each column holds</summary>" in page
    assert page.index("<details>") < page.index('name="_search"')
    assert " JST" in page  # Japan News times in Tokyo time, as `newsgrab show` prints them
    bodies = [r["body"] for r in get(base, "/news/articles.json?_shape=array&_size=50")]
    body = max(bodies, key=len)
    assert len(body) > 1000 and body[:600] not in page  # the JSON has it whole; the table a start of it
    assert body[:60] in page
