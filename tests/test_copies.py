"""The same story on many sites (store/copies.py, newsgrab/copies.py, `similar`, `copies`, `headlines`): copies
are found as stories are saved, whatever the order; a different story on the same event is not one; an
archive from before the feature says how to fill it; every headline a page gives is kept."""

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgrab import parse_article
from newsgrab.cli import main
from newsgrab.copies import copy_clusters, headline_report, similar
from newsgrab.store import Archive
from newsgrab.store.copies import CopiesNotFilled

from .conftest import FIXTURES

COPIES = FIXTURES / "copies"
PAGES = {
    "north": "wire-on-daily-north.html",
    "harbour": "wire-cut-on-harbour-times.html",
    "valley": "wire-added-on-valley-post.html",
    "other": "other-story-same-event.html",
}


def article(name: str):
    return parse_article((COPIES / PAGES[name]).read_bytes())


def save_all(archive: Archive, order) -> dict[str, int]:
    ids = {}
    for name in order:
        a = article(name)
        ids[name] = archive.save(a, fetch_url=a.url, run_id="r1").article_id
    return ids


def pairs_by_url(archive: Archive) -> set[tuple[str, str]]:
    rows = archive.db.execute(
        "SELECT x.url, y.url FROM copy_pairs p JOIN articles x ON x.id = p.a JOIN articles y ON y.id = p.b"
    ).fetchall()
    return {tuple(sorted(r)) for r in rows}


def test_the_wire_copies_on_three_sites_are_one_cluster_and_the_other_story_is_in_none(archive):
    ids = save_all(archive, ["north", "harbour", "valley", "other"])
    story, others = similar(archive, str(ids["harbour"]))
    assert story["site"] == "harbour-times.example"
    assert {o["site"] for o in others} == {"daily-north.example", "valley-post.example"}
    assert all(o["overlap"] >= 0.4 for o in others)
    assert ids["other"] not in archive.cluster_of(ids["north"])
    assert archive.cluster_of(ids["other"]) == [ids["other"]]
    (cluster,) = copy_clusters(archive)
    assert cluster["sites"] == 3 and cluster["first"]["site"] == "daily-north.example"
    assert [c["lag_minutes"] for c in cluster["copies"]] == [0, 40, 135]
    assert cluster["credits_agree"] is False and cluster["credits"] == ["Jiji Press", "Kyodo"]
    assert copy_clusters(archive, credit="kyodo") and not copy_clusters(archive, site="elsewhere.example")


@pytest.mark.parametrize(
    "order",
    [
        ["north", "harbour", "valley", "other"],
        ["other", "valley", "harbour", "north"],
        ["harbour", "other", "north", "valley"],
    ],
)
def test_the_pairs_are_the_same_whatever_order_the_stories_come_in(tmp_path, order):
    with Archive(tmp_path / "a.db") as a:
        save_all(a, order)
        got = pairs_by_url(a)
    assert len(got) == 3  # each two of the three copies
    assert not any("other" in u or "traders" in u for pair in got for u in pair)


def test_a_story_edited_into_another_leaves_its_cluster(archive):
    ids = save_all(archive, ["north", "harbour"])
    assert archive.cluster_of(ids["north"]) == sorted(ids.values())
    rewritten = article("other")
    rewritten.url = article("harbour").url
    archive.save(rewritten, fetch_url=rewritten.url, run_id="r2")  # same address, a new text: a new version
    assert archive.cluster_of(ids["north"]) == [ids["north"]]


def test_an_archive_from_before_copies_says_how_to_fill_it_and_the_fill_finds_them(tmp_path):
    path = tmp_path / "old.db"
    with Archive(path) as a:
        save_all(a, ["north", "harbour", "valley"])
    conn = sqlite3.connect(path)  # as an upgrade from schema 11 leaves an archive that has stories
    conn.execute("DELETE FROM copy_pairs")
    conn.execute("UPDATE archive_info SET value = 'pending' WHERE key = 'copies'")
    conn.commit()
    conn.close()
    with Archive(path) as a:
        with pytest.raises(CopiesNotFilled, match=r"run `newsgrab copies --fill --db .*old\.db` once"):
            similar(a, "1")
        steps = []
        assert a.fill_copies(lambda n, total: steps.append((n, total))) == 3
        assert steps[-1] == (3, 3)
        assert len(pairs_by_url(a)) == 3 and a.copies_filled()


def test_a_new_archive_needs_no_fill(archive):
    assert archive.copies_filled()


def test_every_headline_a_page_gives_is_kept_and_the_differing_ones_are_listed(archive):
    ids = save_all(archive, ["north", "harbour"])
    row = archive.get(ids["harbour"])
    assert row["headlines"] == {
        "h1": "River bridge to be rebuilt after three-year dispute",
        "og:title": "Bridge rebuild approved: what changes for commuters",
        "twitter:title": "Bridge rebuild approved: what changes for commuters",
        "json-ld": "Council votes to rebuild river bridge",
        "title": "River bridge to be rebuilt after three-year dispute | Harbour Times",
    }
    report = headline_report(archive, differing=True)
    assert [r["id"] for r in report] == [ids["harbour"]]  # north gives one headline everywhere
    assert headline_report(archive, changed=True) == []


def test_a_headline_changed_between_versions_is_listed(archive):
    a = article("north")
    archive.save(a, fetch_url=a.url, run_id="r1")
    a.headline = "Council approves new river bridge"
    a.body += "\n\nThe vote was 31 to 12."
    archive.save(a, fetch_url=a.url, run_id="r2")
    (row,) = headline_report(archive, changed=True)
    assert row["version_headlines"] == ["Council votes to rebuild river bridge", "Council approves new river bridge"]


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_the_commands_say_bad_input_in_one_line(tmp_path):
    db = str(tmp_path / "n.db")
    for name in PAGES.values():
        assert run("fetch", str(COPIES / name), "--db", db).exit_code == 0
    missing = str(tmp_path / "missing.db")
    r = run("copies", "--fill", "--db", missing)
    assert r.exit_code != 0 and r.output.startswith("Error: no archive at") and not Path(missing).exists()
    r = run("similar", "999", "--db", db)
    assert r.exit_code == 1 and r.output.strip() == f"Error: no story '999' in {db}"
    for cmd in (["copies", "--since", "someday"], ["headlines", "--since", "someday"]):
        r = run(*cmd, "--db", db)
        assert r.exit_code == 2 and r.output.startswith("Error: bad date 'someday'") and "Traceback" not in r.output
    r = run("copies", "--json", "--db", db)
    assert r.exit_code == 0 and r.output.count("\n") == 3 and '"credits_agree": false' in r.output
    r = run("similar", "https://daily-north.example/news/2026/12/01/river-bridge", "--csv", "--db", db)
    assert r.exit_code == 0 and r.output.splitlines()[0].startswith("id,site,first_seen,published,overlap")


def test_merge_keeps_the_pairs_of_the_shards_stories(tmp_path):
    shards = []
    for n, names in enumerate((["north", "other"], ["harbour", "valley"])):
        path = tmp_path / f"s{n}.db"
        with Archive(path) as a:
            save_all(a, names)
        shards.append(str(path))
    r = run("merge", *shards, "--into", str(tmp_path / "m.db"))
    assert r.exit_code == 0, r.output
    with Archive(tmp_path / "m.db") as merged, Archive(tmp_path / "one.db") as one:
        save_all(one, ["north", "other", "harbour", "valley"])
        assert pairs_by_url(merged) == pairs_by_url(one) and len(pairs_by_url(one)) == 3


def test_the_fixture_pages_are_where_the_readme_says(tmp_path):
    assert sorted(p.name for p in Path(COPIES).glob("*.html")) == sorted(PAGES.values())
