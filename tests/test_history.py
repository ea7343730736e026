"""rankings, edits and diff on an archive made from the bundled fixtures over ten simulated runs with
fixed capture times (tests/simulated.py): what a user asks, and what they see."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from newsgrab.cli import main
from newsgrab.store import Archive, history

from . import simulated

ACCESS, SITE = simulated.ACCESS, "japannews.yomiuri.co.jp"


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    path = tmp_path_factory.mktemp("sim") / "sim.db"
    info = simulated.build(path)
    return str(path), info


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_lists_have_one_snapshot_per_run_and_their_stories(sim):
    db, info = sim
    with Archive(db, create=False) as a:
        rows = {r["list"]: r for r in history.lists(a)}
    assert rows[ACCESS]["snapshots"] == simulated.RUNS  # seven pages a run, one snapshot per run
    assert rows[ACCESS]["first"] == info["times"][0] and rows[ACCESS]["last"] == info["times"][-1]
    assert rows[ACCESS]["stories"] == len({u for u, _ in info["access"]} & set(_all_urls(db, ACCESS)))
    out = run("rankings", "--db", db).output
    assert ACCESS in out and "2024-01-10 09:00 JST" in out  # shown in the site's zone (00:00 UTC)


def _all_urls(db, name):
    with Archive(db, create=False) as a:
        return [
            r[0]
            for r in a.db.execute("SELECT DISTINCT url FROM ranking_snapshots WHERE list_name = ?", [name]).fetchall()
        ]


def test_a_list_as_it_stood_at_a_time(sim):
    db, info = sim
    with Archive(db, create=False) as a:
        captured, items = history.list_at(a, ACCESS, SITE, "2024-01-10 05:00:00")
        expected = simulated._list_for_run(info["access"], 1, 5, 1)  # run 1 was at 03:00 UTC
    assert captured == info["times"][1]
    assert [(i["position"], i["url"]) for i in items] == [(e.position, e.url) for e in expected]
    r = run("rankings", "jn access", "--db", db, "--at", "2024-01-10T05:00:00Z", "--json")
    rows = [json.loads(line) for line in r.output.splitlines()]
    assert [x["url"] for x in rows] == [e.url for e in expected] and rows[0]["captured_at"] == info["times"][1]


def test_a_storys_rank_in_every_list_over_time(sim):
    db, info = sim
    jiji = info["urls"]["wire-jiji-dateline"]
    with Archive(db, create=False) as a:
        url, series = history.story_series(a, "1")  # by article id
        by_url = history.story_series(a, jiji)[1]
    assert url == jiji and [s.name for s in series] == [ACCESS] == [s.name for s in by_url]
    expected = [
        next((i.position for i in simulated._list_for_run(info["access"], k, 5, 1) if i.url == jiji), None)
        for k in range(simulated.RUNS)
    ]
    assert [p for _, p in series[0].points] == expected
    assert series[0].best == min(p for p in expected if p)
    present = [k for k, p in enumerate(expected) if p]
    assert series[0].hours == 3.0 * len([k for k in present if k < simulated.RUNS - 1])
    r = run("rankings", "--story", "1", "--db", db, "--csv")
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert rows[0]["list"] == ACCESS and rows[0]["best"] == str(series[0].best)


def test_churn_counts_entries_and_exits_per_day(sim):
    db, info = sim
    with Archive(db, create=False) as a:
        days = history.churn(a, ACCESS, SITE)
    lists = [{i.url for i in simulated._list_for_run(info["access"], k, 5, 1)} for k in range(simulated.RUNS)]
    entries = sum(len(b - a) for a, b in zip(lists, lists[1:], strict=False))
    exits = sum(len(a - b) for a, b in zip(lists, lists[1:], strict=False))
    assert sum(d["entries"] for d in days) == entries and sum(d["exits"] for d in days) == exits
    assert sum(d["captures"] for d in days) == simulated.RUNS
    assert all(len(d["longest"]) <= 3 for d in days)


def test_edits_list_each_change_with_its_size(sim):
    db, _ = sim
    with Archive(db, create=False) as a:
        got = history.edits(a, "2024-01-01 00:00:00")
    assert [(e["article_id"], e["version"], e["headline_changed"]) for e in got] == [
        (1, 3, False),
        (2, 2, True),
        (1, 2, False),
    ]
    assert (got[2]["words_added"], got[2]["words_removed"]) == (2, 0)  # "this week" added
    assert got[0]["words_removed"] == 2 and got[0]["words_added"] == 4  # decarbonization -> emissions cuts, x2
    out = run("edits", "--since", "2024-01-01", "--db", db).output
    assert "+2 -0" in out and "yes" in out
    assert "no story changed" in run("edits", "--since", "2h", "--db", db).output


def test_diff_shows_words_removed_and_added(sim):
    db, _ = sim
    out = run("diff", "1", "--db", db, "--no-color").output
    assert "v2 (" in out and "→ v3 (" in out
    assert "[-decarbonization-]{+emissions cuts+}" in out and "unchanged paragraph" in out
    out = run("diff", "1", "--from", "1", "--to", "2", "--db", db).output
    assert "{+this week+}" in out
    headline = run("diff", "2", "--db", db, "--no-color").output.splitlines()[1]
    assert "[-Pledges-]{+Vows+}" in headline and "[-Press-]{+Push+}" in headline


def test_diff_as_a_self_contained_html_page(sim, tmp_path):
    db, _ = sim
    target = tmp_path / "d.html"
    r = run("diff", "1", "--db", db, "--html", target)
    page = target.read_text()
    assert r.exit_code == 0 and "<del>decarbonization</del>" in page and "<ins>emissions cuts</ins>" in page
    assert "http" not in page.split("<body>")[0]  # no outside stylesheet or script


@pytest.mark.parametrize(
    "args,message",
    [
        (["rankings", "Nope List"], "no ranking list 'Nope List'"),
        (["rankings", "POPULAR"], "names several lists"),
        (["rankings", "--story", "999"], "no article 999"),
        (["rankings", ACCESS, "--at", "soonish"], "bad date"),
        (["diff", "999"], "no article"),
        (["diff", "1", "--from", "7"], "there is no version 7"),
        (["rankings", ACCESS, "--chart", "x.gif"], ".png, .svg, .html"),
    ],
)
def test_unknown_list_story_or_version_is_one_line_exit_2(sim, args, message):
    db, _ = sim
    r = run(*args, "--db", db)
    assert r.exit_code == 2, r.output
    assert message in r.output and "Traceback" not in r.output


@pytest.mark.parametrize(
    "args,message",
    [
        (["rankings", "--story", "https://x.example/none"], "never in a ranking list"),
        (["rankings", ACCESS, "--at", "1999-01-01T09:00+09:00"], "no snapshot at or before 1999-01-01T09:00+09:00"),
    ],
)
def test_no_data_is_exit_1_like_every_other_empty_answer(sim, args, message):
    """issue 23, item 6: a story never listed, or a time before the first snapshot, is no data (1), not a
    usage error (2); the message keeps the time as the user typed it, zone and all."""
    db, _ = sim
    r = run(*args, "--db", db)
    assert r.exit_code == 1, r.output
    assert message in r.output and "Traceback" not in r.output


def test_an_empty_archive_says_there_is_nothing_yet(tmp_path):
    db = tmp_path / "e.db"
    Archive(db).close()
    r = run("rankings", "--db", db)
    assert r.exit_code == 0 and "no ranking lists yet" in r.output
    r = run("edits", "--db", db)
    assert r.exit_code == 0 and "no story changed" in r.output


@pytest.mark.slow  # seconds: in the full run, not the inner loop
def test_charts_are_written_whole_and_not_at_all_without_data(sim, tmp_path):
    pytest.importorskip("matplotlib")
    db, _ = sim
    for name in ("rank.png", "rank.svg", "rank.html"):
        r = run("rankings", ACCESS, "--db", db, "--chart", tmp_path / name)
        assert r.exit_code == 0, r.output
    assert (tmp_path / "rank.png").read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in (tmp_path / "rank.svg").read_text() and "<svg" in (tmp_path / "rank.html").read_text()
    assert "Japan Signs Decarbonizat" in (tmp_path / "rank.svg").read_text()  # stories labelled
    r = run("rankings", "--story", "1", "--db", db, "--chart", tmp_path / "story.png")
    assert r.exit_code == 0 and (tmp_path / "story.png").exists()
    r = run("rankings", ACCESS, "--db", db, "--since", "1d", "--chart", tmp_path / "empty.png")
    assert r.exit_code == 1 and "no rankings in the window" in r.output
    assert not (tmp_path / "empty.png").exists() and not list(tmp_path.glob(".chart-*"))


def test_without_matplotlib_the_error_names_the_extra(sim, tmp_path, monkeypatch):
    import sys

    db, _ = sim
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if not installed
    r = run("rankings", ACCESS, "--db", db, "--chart", tmp_path / "x.png")
    assert r.exit_code == 1 and "pip install 'newsgrab[charts]'" in r.output and not (tmp_path / "x.png").exists()


def test_show_draws_the_rank_sparkline(sim):
    db, _ = sim
    out = run("show", "1", "--db", db, "--format", "text").output
    assert f"rank in {ACCESS}: " in out and "best" in out


def test_rankings_and_edits_csv_guard_formulas_with_excel(sim, tmp_path):
    """A stored title '=HYPERLINK(…)' is a formula in a spreadsheet: --excel prefixes it with ' (issue 22)."""
    import shutil
    import sqlite3

    db = str(tmp_path / "f.db")
    shutil.copy(sim[0], db)
    with sqlite3.connect(db) as conn:
        conn.execute('UPDATE rankings SET title = \'=HYPERLINK("http://x","y")\'')
        conn.execute("UPDATE article_versions SET headline = '=1+2'")
    out = run("rankings", ACCESS, "--site", SITE, "--csv", "--excel", "--db", db).output
    assert out.startswith("\ufeff") and "'=HYPERLINK" in out and ",=HYPERLINK" not in out
    plain = run("rankings", ACCESS, "--site", SITE, "--csv", "--db", db).output
    assert "=HYPERLINK" in plain and "'=HYPERLINK" not in plain  # without --excel the text is as stored
    edits = run("edits", "--since", "2000-01-01", "--csv", "--excel", "--db", db).output
    assert "'=1+2" in edits
    r = run("edits", "--since", "2000-01-01", "--excel", "--db", db)
    assert r.exit_code == 2 and "--excel applies to --csv" in r.output


@pytest.mark.slow  # chart rendering
def test_chart_labels_are_text_not_mathtext(sim, tmp_path, capfd):
    """A title holding $\\undefinedcommand{x}$ or control characters draws as text: no traceback, no
    matplotlib warning with the raw characters on the terminal."""
    import shutil
    import sqlite3

    pytest.importorskip("matplotlib")
    db = str(tmp_path / "m.db")
    shutil.copy(sim[0], db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE rankings SET title = '$\\undefinedcommand{x}$ and $\\frac{a}{b}$ \x1b]0;t\x07'")
        conn.execute("UPDATE rankings SET list_name = list_name || ' \x1b[2J'")
    name = ACCESS + " \x1b[2J"
    chart = tmp_path / "c.png"
    r = run("rankings", name, "--site", SITE, "--since", "2000-01-01", "--chart", str(chart), "--db", db)
    assert r.exit_code == 0, r.output
    assert chart.stat().st_size > 1000
    captured = capfd.readouterr()
    assert "\x1b" not in captured.err and "Glyph" not in captured.err


def test_chart_label_escapes_dollars_and_drops_controls():
    from newsgrab.charts import label

    assert label("Costs $5 and $6 \x1b[2J\u202e", 80) == "Costs \\$5 and \\$6 [2J"


def test_a_chart_into_a_missing_folder_is_one_line(sim, tmp_path):
    r = run("rankings", ACCESS, "--site", SITE, "--chart", str(tmp_path / "no" / "c.png"), "--db", sim[0])
    assert r.exit_code == 2 and "does not exist" in r.output and "Traceback" not in r.output


def test_a_pasted_link_with_tracking_and_a_fragment_finds_its_story_everywhere(sim):
    """issue 23, item 8: show cleaned the URL, diff and rankings --story did not."""
    db, info = sim
    url = info["urls"]["wire-jiji-dateline"]
    pasted = url + ("&" if "?" in url else "?") + "utm_source=x&utm_medium=social#top"
    assert run("show", pasted, "--format", "json", "--db", db).exit_code == 0
    r = run("rankings", "--story", pasted, "--db", db)
    assert r.exit_code == 0 and ACCESS in r.output, r.output
    r = run("diff", pasted, "--db", db)
    assert r.exit_code == 0, r.output


@pytest.mark.slow  # chart rendering
def test_a_chart_is_written_like_an_export_honouring_the_umask_and_a_symlink(sim, tmp_path):
    """issue 23, item 13: charts went through a 0600 temp file and a rename (umask ignored, a symlink
    replaced by a file); now the one file writer of export -o and diff --html."""
    import os

    pytest.importorskip("matplotlib")
    db, _ = sim
    real = tmp_path / "real.svg"
    link = tmp_path / "link.svg"
    link.symlink_to(real)
    old = os.umask(0o022)
    try:
        r = run("rankings", ACCESS, "--site", SITE, "--since", "2000-01-01", "--chart", str(link), "--db", db)
    finally:
        os.umask(old)
    assert r.exit_code == 0, r.output
    assert link.is_symlink() and real.read_text().lstrip().startswith("<?xml")
    assert (real.stat().st_mode & 0o777) == 0o644


def test_diff_of_a_story_with_one_version_says_so(sim):
    db, _ = sim
    with Archive(db, create=False) as a:
        (one,) = a.db.execute("SELECT id FROM articles WHERE version = 1 LIMIT 1").fetchone()
    r = run("diff", str(one), "--db", db)
    assert r.exit_code == 0 and "only one version" in r.output and "v1 → v1" not in r.output


@pytest.mark.slow  # chart rendering
def test_chart_time_labels_stay_distinct_when_captures_are_seconds_apart():
    """issue 23, item 13: the axis repeated one minute's label for captures seconds apart."""
    from datetime import UTC, datetime, timedelta

    pytest.importorskip("matplotlib")
    from newsgrab.charts import _axes, _pyplot

    plt = _pyplot()
    for step in (timedelta(seconds=10), timedelta(hours=3), timedelta(days=2)):
        times = [datetime(2024, 1, 10, tzinfo=UTC) + step * k for k in range(8)]
        fig, ax = plt.subplots()
        ax.plot(times, range(1, 9))
        _axes(ax, plt, times, 8, "t", UTC)
        fig.canvas.draw()
        labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        plt.close(fig)
        assert labels and len(set(labels)) == len(labels), (step, labels)
