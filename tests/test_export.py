"""Exports: round trips through csv and json, filters, stable order, atomic files, the Excel guard."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from newsgrab.cli import main
from newsgrab.export import ExportError, Selection, atomic_output, export
from newsgrab.model import Article, Image, Ranking, RankingItem
from newsgrab.store import Archive


def make_archive(path):
    a = Archive(path)
    tricky = 'He said, "it\'s done."\n\nSecond paragraph: 東京, naïve café; =SUM(A1)'
    records = [
        Article(
            url="https://news.example.com/a/1",
            site="news.example.com",
            headline='Quotes "and", commas',
            authors=["Ann Lee", "Bob Ray"],
            tags=["x, y", "z"],
            body=tricky,
            section="World",
            images=[Image("https://news.example.com/i.jpg", "Cap, tion", "AP")],
            rankings=[Ranking("Most Read", [RankingItem(1, "A", "https://news.example.com/a/1")])],
        ),
        Article(
            url="https://news.example.com/a/2",
            site="news.example.com",
            headline="=cmd|' /C calc'!A0",
            body="Plain body text about the river.",
            section="Local",
        ),
        Article(
            url="https://other.example.org/b/3", site="other.example.org", headline="Other site", body="", section=None
        ),
    ]
    from datetime import datetime, timedelta, timezone

    for i, art in enumerate(records):
        art.published = datetime(2024, 1, 10 + i, 9, 0, tzinfo=timezone(timedelta(hours=9)))
        a.save(art, fetch_url=art.url, run_id="r1")
    return a


@pytest.fixture
def archive(tmp_path):
    a = make_archive(tmp_path / "e.db")
    yield a
    a.close()


def run_export(archive, fmt="csv", lists="joined", excel=False, **select):
    buf = io.StringIO()
    if "fields" in select and select["fields"] is not None:
        select["fields"] = tuple(select["fields"])
    n = export(archive, buf, Selection(**select), fmt=fmt, lists=lists, excel=excel)
    return n, buf.getvalue()


def test_csv_round_trip_every_field_intact(archive):
    n, text = run_export(archive, fmt="csv", lists="json")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert n == 3 and len(rows) == 3
    first = rows[0]
    assert first["headline"] == 'Quotes "and", commas'
    assert first["body"] == 'He said, "it\'s done."\n\nSecond paragraph: 東京, naïve café; =SUM(A1)'
    assert json.loads(first["authors"]) == ["Ann Lee", "Bob Ray"]
    assert json.loads(first["tags"]) == ["x, y", "z"]
    assert json.loads(first["images"])[0]["caption"] == "Cap, tion"
    assert first["published"] == "2024-01-10T09:00:00+09:00"
    assert rows[2]["section"] == "" and rows[2]["body"] == ""
    assert text.split("\r\n", 1)[0].startswith("id,url,site,headline")


def test_csv_lists_joined_readably_by_default(archive):
    _, text = run_export(archive, fmt="csv", fields=["authors", "tags"])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == ["Ann Lee; Bob Ray", "x, y; z"]


def test_jsonl_and_json_round_trip(archive):
    _, text = run_export(archive, fmt="jsonl")
    objs = [json.loads(line) for line in text.splitlines()]
    assert objs[0]["authors"] == ["Ann Lee", "Bob Ray"] and objs[0]["rankings"][0]["name"] == "Most Read"
    assert objs[0]["body"].count("\n") == 2
    _, text = run_export(archive, fmt="json")
    assert json.loads(text) == objs
    _, empty = run_export(archive, fmt="json", site="nowhere.example")
    assert json.loads(empty) == []


def test_filters_and_stable_order(archive):
    urls = lambda text: [json.loads(x)["url"] for x in text.splitlines()]  # noqa: E731
    assert urls(run_export(archive, fmt="jsonl", site="news.example.com")[1]) == [
        "https://news.example.com/a/1",
        "https://news.example.com/a/2",
    ]
    assert urls(run_export(archive, fmt="jsonl", since="2024-01-11")[1]) == [
        "https://news.example.com/a/2",
        "https://other.example.org/b/3",
    ]
    assert urls(run_export(archive, fmt="jsonl", until="2024-01-11")[1]) == [
        "https://news.example.com/a/1",
        "https://news.example.com/a/2",
    ]
    assert urls(run_export(archive, fmt="jsonl", section="Local")[1]) == ["https://news.example.com/a/2"]
    assert urls(run_export(archive, fmt="jsonl", query="river")[1]) == ["https://news.example.com/a/2"]
    assert run_export(archive, fmt="csv")[1] == run_export(archive, fmt="csv")[1]


def test_other_tables(archive):
    _, text = run_export(archive, table="rankings", fmt="jsonl")
    assert json.loads(text.splitlines()[0])["list_name"] == "Most Read"
    _, text = run_export(archive, table="versions", fmt="jsonl", fields=["url", "version", "changed"])
    assert json.loads(text.splitlines()[0]) == {"url": "https://news.example.com/a/1", "version": 1, "changed": ["new"]}
    n, _ = run_export(archive, table="fetches", fmt="csv")
    assert n == 3


def test_excel_guard_and_bom(archive):
    _, text = run_export(archive, fmt="csv", excel=True, fields=["headline"])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert rows[2] == ["'=cmd|' /C calc'!A0"]


def test_unknown_field_table_and_bad_date(archive):
    for kw in ({"fields": ["nope"]}, {"table": "nope"}, {"since": "yesterday"}, {"table": "runs", "site": "x"}):
        with pytest.raises(ExportError):
            run_export(archive, **kw)


def test_output_file_is_atomic(tmp_path, archive):
    target = tmp_path / "out.csv"
    with pytest.raises(RuntimeError):
        with atomic_output(str(target)) as fh:
            fh.write("partial")
            raise RuntimeError("writer failed")
    assert not target.exists() and list(tmp_path.glob("*.part")) == []


def test_cli_export_errors_write_nothing(tmp_path, archive):
    runner = CliRunner()
    db = str(tmp_path / "e.db")
    out = tmp_path / "x.csv"
    for args in (["--fields", "url,bogus"], ["--table", "nope"], ["--since", "soon"]):
        r = runner.invoke(main, ["export", "--db", db, "-o", str(out), *args])
        assert r.exit_code == 2 and not out.exists()
    r = runner.invoke(main, ["export", "--db", str(tmp_path / "missing.db")])
    assert r.exit_code == 2 and "no archive" in r.output
    (tmp_path / "plain.txt").write_text("hello")
    r = runner.invoke(main, ["export", "--db", str(tmp_path / "plain.txt")])
    assert r.exit_code == 2 and "not a SQLite database" in r.output
    r = runner.invoke(main, ["export", "--db", db, "-o", str(out), "--jsonl"])
    assert r.exit_code == 0 and len(out.read_text().splitlines()) == 3


def test_output_files_honour_the_umask_and_devices_are_written_not_replaced(tmp_path, archive):
    import os
    import stat

    old = os.umask(0o022)
    try:
        target = tmp_path / "out.csv"
        with atomic_output(str(target)) as fh:
            fh.write("a\n")
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
    finally:
        os.umask(old)
    with atomic_output("/dev/null") as fh:  # as root, a rename here would replace the device node
        fh.write("x")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    with atomic_output(str(link)) as fh:
        fh.write("new")
    assert link.is_symlink() and real.read_text() == "new"
    stale = tmp_path / ".real.csv.abc123.part"
    stale.write_text("left by a killed export")
    os.utime(stale, (1, 1))
    with atomic_output(str(real)) as fh:
        fh.write("again")
    assert not stale.exists()


def test_site_filter_matches_hosts_with_a_port_and_is_not_a_wildcard(tmp_path):
    a = Archive(tmp_path / "p.db")
    art = Article(
        url="http://127.0.0.1:8080/a/1",
        site="127.0.0.1",
        headline="H",
        body="text " * 40,
        rankings=[Ranking("Most Read", [RankingItem(1, "A", "http://127.0.0.1:8080/a/1")])],
    )
    a.save(art, fetch_url=art.url, run_id="r1")
    for table in ("rankings", "fetches"):
        assert run_export(a, table=table, site="127.0.0.1", fmt="jsonl")[0] == 1, table
        assert run_export(a, table=table, site="%", fmt="jsonl")[0] == 0, table
        assert run_export(a, table=table, site="127_0_0_1", fmt="jsonl")[0] == 0, table
    a.close()


def test_tsv_escapes_tabs_and_newlines_one_line_per_row(archive):
    n, out = run_export(archive, fmt="tsv")
    lines = out.rstrip("\r\n").split("\r\n")
    assert len(lines) == n + 1
    assert 'He said, "it\'s done."\\n\\nSecond paragraph' in out
