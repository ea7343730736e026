"""The history rule (issue 24): a story's versions are its distinct contents in capture order, and they do not
depend on how the captures arrived. Hypothesis makes captures of a few stories (repeats, edits, reverts, at
random times) and checks that versions, first_seen and the edits list are the same when the captures are
fetched one by one in time order, imported from WARC files in any file order, split into shards and merged
in any order, and when any of these is done twice."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgrab.extract import parse_article
from newsgrab.merge import merge
from newsgrab.store import Archive
from newsgrab.store.history import edits
from newsgrab.warc_import import import_warcs

from .conftest import html_page
from .test_warc_import import write_warc

STORIES = ["https://news.example.org/2024/01/harbour-bridge", "https://news.example.org/2024/01/city-budget"]
TEXTS = [  # the contents a story can have; a capture picks one (the same again is a repeat or a revert)
    "The council approved the harbour bridge repairs on Monday after a long debate about the cost.",
    "The council approved the harbour bridge repairs on Monday after a long and heated debate about the cost.",
    "The council delayed the harbour bridge repairs on Monday; a vote is now expected next month.",
]
T0 = datetime(2024, 1, 10, 6, 0, tzinfo=UTC)


def page(story: int, text: int) -> bytes:
    headline = ["Bridge repairs approved", "Bridge repairs approved", "Bridge repairs delayed"][text]
    paras = "".join(
        f"<p>{TEXTS[text]} Paragraph {n} of the story {story} adds what residents said about "
        "the works, the traffic and the years of waiting for the city to act.</p>"
        for n in range(4)
    )
    return html_page(
        f"<article><h1>{headline}</h1><p class='byline'>By Ann Lee</p>{paras}</article>",
        head=f"<link rel='canonical' href='{STORIES[story]}'>",
        title=headline,
    ).encode()


captures = st.lists(
    st.tuples(st.integers(0, 1), st.integers(0, 2), st.integers(0, 200)),
    min_size=1,
    max_size=7,
    unique_by=lambda c: (c[0], c[2]),
)  # (story, content, minutes after T0); one capture per time


def when(minutes: int) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat(timespec="seconds")


def history(db: Archive) -> dict:
    out = {}
    for aid, url, first_seen, version in db.db.execute("SELECT id, url, first_seen, version FROM articles"):
        out[url] = (
            first_seen,
            version,
            [(v["version"], v["fetched_at"], v["content_hash"], tuple(v["changed"])) for v in db.versions(aid)],
        )
    ed = [
        (e["url"], e["version"], e["at"], e["words_added"], e["words_removed"], e["headline_changed"])
        for e in edits(db, "2000-01-01")
    ]
    return {"stories": out, "edits": sorted(ed)}


def fetched_in_order(path: Path, caps) -> dict:
    with Archive(path) as db:
        for story, text, minutes in sorted(caps, key=lambda c: c[2]):
            html = page(story, text)
            article = parse_article(html, STORIES[story])
            db.save(article, fetch_url=STORIES[story], run_id=f"run-{minutes}", raw=html, now=when(minutes))
        return history(db)


def warcs(folder: Path, caps) -> list[Path]:
    folder.mkdir(exist_ok=True)
    files = []
    for i, (story, text, minutes) in enumerate(caps):
        f = folder / f"{i}.warc.gz"
        write_warc(f, [(STORIES[story], when(minutes).replace("+00:00", "Z"), page(story, text))])
        files.append(f)
    return files


@pytest.mark.slow  # seconds: in the full run, not the inner loop
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(caps=captures, data=st.data())
def test_history_does_not_depend_on_the_order_captures_arrive_in(tmp_path_factory, caps, data):
    tmp = tmp_path_factory.mktemp("h")
    expected = fetched_in_order(tmp / "fetched.db", caps)
    files = warcs(tmp / "warcs", caps)

    order = data.draw(st.permutations(files), label="file order")
    with Archive(tmp / "imported.db") as db:
        import_warcs(order, db)
        assert history(db) == expected, "imported in another file order"
        again = import_warcs(list(reversed(order)), db)
        assert history(db) == expected, "imported twice"
        assert set(again.counts) == {"already imported"}

    cut = data.draw(st.integers(0, len(files)), label="shard split")
    shards = []
    for n, part in enumerate((order[:cut], order[cut:])):
        with Archive(tmp / f"shard{n}.db") as db:
            import_warcs(part, db)
        shards.append(str(tmp / f"shard{n}.db"))
    shard_order = data.draw(st.permutations(shards), label="shard order")
    with Archive(tmp / "merged.db") as db:
        merge(shard_order, db)
        assert history(db) == expected, "merged"
        merge(shards, db)
        assert history(db) == expected, "merged twice"


def test_an_older_identical_capture_of_a_fetched_story_is_no_edit(tmp_path):
    """The new user's steps of issue 24.1: fetch at 06:55, then import a WARC of 06:50 with the same page."""
    with Archive(tmp_path / "a.db") as db:
        html = page(0, 0)
        db.save(
            parse_article(html, STORIES[0]), fetch_url=STORIES[0], run_id="r", raw=html, now="2024-01-10T06:55:00+00:00"
        )
        write_warc(tmp_path / "old.warc.gz", [(STORIES[0], "2024-01-10T06:50:00Z", html)])
        s = import_warcs([tmp_path / "old.warc.gz"], db)
        assert s.counts == {"unchanged": 1}
        assert [(v["version"], v["fetched_at"]) for v in db.versions(1)] == [(1, "2024-01-10T06:50:00+00:00")]
        assert db.get(1)["first_seen"] == "2024-01-10T06:50:00+00:00"
        assert edits(db, "2000-01-01") == []


def test_a_revert_seen_late_is_a_version_and_an_edit(tmp_path):
    """A, then A again later: one version. B arriving between them splits it: A, B, A (a revert is an edit)."""
    with Archive(tmp_path / "a.db") as db:
        for minutes, text in ((0, 0), (20, 0), (10, 2)):
            write_warc(
                tmp_path / f"{minutes}.warc.gz", [(STORIES[0], when(minutes).replace("+00:00", "Z"), page(0, text))]
            )
            import_warcs([tmp_path / f"{minutes}.warc.gz"], db)
        vs = db.versions(1)
        assert [(v["version"], v["fetched_at"]) for v in vs] == [(1, when(0)), (2, when(10)), (3, when(20))]
        assert vs[0]["content_hash"] == vs[2]["content_hash"] != vs[1]["content_hash"]
        assert db.get(1)["headline"] == "Bridge repairs approved"  # the record is the newest version's
        assert [e["version"] for e in edits(db, "2000-01-01")] == [3, 2]


@pytest.mark.slow  # seconds: in the full run, not the inner loop
def test_every_order_of_four_captures_gives_one_history(tmp_path):
    """Exhaustive beside the property test: 24 orders of A, A, B, B (and a revert A, B, A, B)."""
    caps = [(0, 0, 0), (0, 0, 5), (0, 2, 50), (0, 2, 70)]
    for caps_set in (caps, [(0, 0, 0), (0, 2, 5), (0, 0, 50), (0, 2, 70)]):
        files = warcs(tmp_path / "w", caps_set)
        results = set()
        for n, order in enumerate(itertools.permutations(files)):
            with Archive(tmp_path / f"{len(results)}-{n}.db") as db:
                import_warcs(list(order), db)
                results.add(repr(history(db)))
        assert len(results) == 1


def test_a_merged_archive_says_what_a_direct_import_says(tmp_path):
    """Issue 24.2: after merge a story's second capture was 'archived' (stats: archived 7 for 6 articles),
    merge said '0 ranking rows added' while the target gained them, and no runs came over."""
    caps = [(0, 0, 0), (1, 0, 3), (0, 2, 30), (1, 1, 40)]
    files = warcs(tmp_path / "w", caps)
    with Archive(tmp_path / "direct.db") as db:
        import_warcs(files, db)
        direct = db.stats()["fetch_outcomes"]
    assert direct == {"archived": 2, "updated": 2}
    for n, part in enumerate((files[2:], files[:2])):  # the newer captures in the first shard
        with Archive(tmp_path / f"s{n}.db") as db:
            import_warcs(part, db)
            db.db.execute(
                "INSERT INTO rankings (captured_at, run_id, page_url, list_name, position, title, url, "
                "snapshot_hash, site) VALUES (?, 'r', ?, 'POPULAR', 1, 'A story', ?, ?, 'news.example.org')",
                [when(n), STORIES[0], STORIES[1], f"h{n}"],
            )
    with Archive(tmp_path / "merged.db") as db:
        summary = merge([str(tmp_path / "s0.db"), str(tmp_path / "s1.db")], db)
        assert db.stats()["fetch_outcomes"] == direct
        assert summary.counts == {"archived": 2, "updated": 2}
        assert summary.rankings == db.count("rankings") == 2
        commands = [r["command"] for r in db.runs()]
        assert sorted(commands) == ["import-warc", "import-warc", "merge"] and summary.runs == 2
        assert "4 captures: archived 2, updated 2" in summary.line() and "2 ranking rows" in summary.line()


def ranked_page(story: int, order: list[int]) -> bytes:
    items = "".join(f"<li><a href='{STORIES[i]}'>Story number {i} about the harbour bridge</a></li>" for i in order)
    return page(story, 0).replace(b"</body>", f"<aside><h2>Most Read</h2><ol>{items}</ol></aside></body>".encode())


def test_a_snapshot_means_one_capture_time_in_the_overview_the_story_and_the_chart(tmp_path):
    """Issue 24.11: after one import of four captures the overview counted 2 snapshots (runs) while
    --story and the chart showed 4 points (capture times)."""
    from newsgrab.store import history as h

    caps = [
        (0, "2024-01-10T06:00:00Z", [0, 1]),
        (1, "2024-01-10T07:00:00Z", [1, 0]),
        (0, "2024-01-10T08:00:00Z", [1, 0]),
        (1, "2024-01-10T09:00:00Z", [0, 1]),
    ]
    write_warc(tmp_path / "a.warc.gz", [(STORIES[s], at, ranked_page(s, order)) for s, at, order in caps])
    with Archive(tmp_path / "a.db") as db:
        assert import_warcs([tmp_path / "a.warc.gz"], db).ok
        (row,) = h.lists(db)
        _, series = h.story_series(db, STORIES[0])
        assert row["snapshots"] == 4 == len(series[0].points)


def test_a_page_that_answers_304_keeps_its_lists_in_the_series(tmp_path):
    """Issue 24.10: a run whose pages all answered 304 recorded no snapshot: a gap where nothing moved."""
    from newsgrab.store import history as h

    with Archive(tmp_path / "a.db") as db:
        html = ranked_page(0, [1, 0])
        db.save(
            parse_article(html, STORIES[0]),
            fetch_url=STORIES[0],
            run_id="r1",
            raw=html,
            now="2024-01-10T06:00:00+00:00",
        )
        db.log_fetch(STORIES[0], "not modified", status=304, run_id="r2", now="2024-01-10T07:00:00+00:00")
        db.log_fetch(STORIES[0], "not modified", status=304, run_id="r2", now="2024-01-10T07:00:05+00:00")
        (row,) = h.lists(db)
        assert row["snapshots"] == 2 and row["last"] == "2024-01-10T07:00:00+00:00"
        captured, items = h.list_at(db, row["list"], row["site"], "2024-01-10 07:30:00")
        assert captured == "2024-01-10T07:00:00+00:00" and [i["url"] for i in items] == [STORIES[1], STORIES[0]]
        # the negative: a 304 of a page whose record holds no list adds nothing
        db.save(
            parse_article(page(1, 0), STORIES[1]),
            fetch_url=STORIES[1],
            run_id="r1",
            raw=page(1, 0),
            now="2024-01-10T06:00:00+00:00",
        )
        before = db.count("rankings")
        db.log_fetch(STORIES[1], "not modified", status=304, run_id="r3", now="2024-01-10T08:00:00+00:00")
        assert db.count("rankings") == before
