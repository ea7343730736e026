"""The command line, driven through click's CliRunner."""

import json

import pytest
import responses
from click.testing import CliRunner

from newsgrab import __version__
from newsgrab.cli import main

from .conftest import FIXTURES

SEED = FIXTURES / "japannews" / "wire-jiji-dateline.html"


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_version_and_help_list_every_command():
    assert __version__ in run("--version").output
    out = run("--help").output
    for command in main.commands:
        assert f"\n  {command} " in out, command


def test_parse_prints_json_record():
    result = run("parse", str(SEED), "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["headline"] == "Japan Signs Decarbonization Pacts with Uzbekistan, Kazakhstan"
    assert record["published"] == "2024-01-10T12:22:00+09:00"
    assert record["credit"] == "Jiji Press"
    assert "sources" not in record


def test_parse_stdin_text_with_explain():
    result = run("parse", "-", "--format", "text", "--explain", input=SEED.read_bytes())
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Japan Signs Decarbonization Pacts")
    assert "Dateline: Tokyo, Jan. 10" in result.output
    assert "Sources:" in result.output and "published" in result.output
    assert "[JN ACCESS RANKING]" in result.output


def test_parse_json_explain_includes_sources():
    record = json.loads(run("parse", str(SEED), "--format", "json", "--explain").output)
    assert record["authors"] == [] and "authors" not in record["sources"]  # a wire story: no byline
    assert record["sources"]["credit"] == "dateline"  # "Tokyo, Jan. 10 (Jiji Press)—"
    assert record["sources"]["published"] == "profile"
    assert record["sources"]["section"] == "json-ld" and record["sources"]["language"] == "meta"


def test_not_an_article_is_one_line_error_exit_1(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    result = run("parse", str(page))
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert "no article found" in result.output
    assert "Traceback" not in result.output


def test_garbage_inputs_give_clear_errors():
    for data in (b"", b"\x00\x01\x02\xff" * 500, b"   \n"):
        result = run("parse", "-", input=data)
        assert result.exit_code == 1
        assert result.output.startswith("Error: ")
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_truncated_page_still_parses():
    data = SEED.read_bytes()[:6000]  # cut mid-page, after the story
    result = run("parse", "-", "--format", "json", input=data)
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["headline"] == "Japan Signs Decarbonization Pacts with Uzbekistan, Kazakhstan"
    assert record["body"].startswith("Tokyo, Jan. 10 (Jiji Press)")


def test_missing_file_is_usage_error():
    result = run("parse", "/no/such/page.html")
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_sites_lists_japannews():
    result = run("sites")
    assert result.exit_code == 0
    assert "japannews" in result.output and "japannews.yomiuri.co.jp" in result.output
    data = json.loads(run("sites", "--json").output)
    assert data[0]["timezone"] == "Asia/Tokyo"


def test_readme_command_table_matches_help():
    """Every command is in the README's table, with every option its --help lists, and nothing else."""
    import re

    from newsgrab.cli import main as group

    readme = (FIXTURES.parent / "README.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `newsgrab ([\w-]+)[^|]*\|.*$", readme, re.M)}
    assert set(rows) == set(group.commands), set(rows) ^ set(group.commands)
    for name, command in group.commands.items():
        opts = {
            o
            for p in command.params
            for o in [*getattr(p, "opts", []), *getattr(p, "secondary_opts", [])]
            if o.startswith("--")
        } - {"--help"}
        documented = set(re.findall(r"(--[\w-]+)", re.split(r"(?<!\\)\|", rows[name])[1]))
        assert opts == documented, (name, sorted(opts ^ documented))


def test_export_rejects_conflicting_or_empty_choices(tmp_path):
    db = str(tmp_path / "e.db")
    assert run("fetch", str(SEED), "--db", db).exit_code == 0
    for args, words in (
        (["--csv", "--json"], "choose one format"),
        (["--excel", "--jsonl"], "CSV only"),
        (["--fields", ""], "--fields is empty"),
        (["--format", "tsv", "--csv"], "choose one"),
        (["--fts"], "--fts needs --query"),
        (["--since", "99999999999d"], "bad date"),
    ):
        result = run("export", *args, "--db", db)
        assert result.exit_code == 2 and words in result.output, (args, result.output)
    result = run("export", "--format", "jsonl", "--db", db)
    assert result.exit_code == 0 and json.loads(result.output.splitlines()[0])["url"]


def test_search_takes_words_that_look_like_options(tmp_path):
    db = str(tmp_path / "s.db")
    assert run("fetch", str(SEED), "--db", db).exit_code == 0
    result = run("search", "-Uzbekistan", "--db", db, "--json")
    assert result.exit_code == 0 and "Uzbekistan" in result.output
    hit = json.loads(result.output.splitlines()[0])
    assert hit["published"].endswith("+09:00")  # times keep their offset


def test_strings_from_pages_cannot_drive_the_terminal(tmp_path):
    page = SEED.read_bytes().replace(b"Japan Signs Decarbonization Pacts", b"Japan \x1b[2J\x1b]0;PWNED\x07Signs")
    (tmp_path / "evil.html").write_bytes(page)
    result = run("parse", str(tmp_path / "evil.html"), "--format", "text")
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x07" not in result.output
    db = str(tmp_path / "t.db")
    result = run("fetch", str(tmp_path / "evil.html"), "--db", db)
    assert "\x1b" not in result.output


def test_safe_shows_control_characters_instead_of_obeying_them():
    from newsgrab.report import safe

    assert safe("a\x1b[2Jb\x1b]0;PWNED\x07c\x9bd") == "a\\x1b[2Jb\\x1b]0;PWNED\\x07c\\x9bd"
    assert safe("line one\nline two\ttab") == "line one\nline two\ttab"
    assert safe("line one\nline two", newlines=False) == "line one line two"
    assert safe("東京 — café") == "東京 — café"


def test_init_creates_the_directory(tmp_path):
    target = tmp_path / "news" / "deeper" / "newsgrab.toml"
    result = run("init", str(target))
    assert result.exit_code == 0 and target.is_file()
    assert run("init", str(target)).exit_code == 1  # exists: no overwrite without --force


def test_parse_has_ignore_robots_and_a_missing_directory_db_is_usage_error(tmp_path):
    assert "--ignore-robots" in run("parse", "--help").output
    import sqlite3

    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    for cmd in (["fetch", str(SEED)], ["search", "x"], ["stats"], ["export"], ["runs"], ["show", "1"]):
        result = run(*cmd, "--db", str(tmp_path))  # a directory
        assert result.exit_code == 2 and "is a directory" in result.output, (cmd, result.output)
        result = run(*cmd, "--db", str(foreign))
        assert result.exit_code == 2 and "not a newsgrab archive" in result.output, (cmd, result.output)


def test_devices_fifos_and_huge_ids_are_refused_in_one_line(tmp_path):
    import os

    db = str(tmp_path / "d.db")
    result = run("fetch", "/dev/zero", "--db", db)
    assert result.exit_code == 1 and "not a regular file" in result.output
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    result = run("parse", str(fifo))
    assert result.exit_code == 1 and "not a regular file" in result.output
    assert run("fetch", str(SEED), "--db", db).exit_code == 0
    result = run("show", "99999999999999999999999999", "--db", db)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_foreign_database_is_refused_before_anything_is_written(tmp_path):
    import sqlite3

    foreign = tmp_path / "app.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE notes (x)")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    before = foreign.read_bytes()
    for args in (["fetch", str(SEED)], ["archive", "--feed", "http://127.0.0.1:9/feed"]):
        result = run(*args, "--db", str(foreign))
        assert result.exit_code == 2 and "not a newsgrab archive" in result.output, result.output
    assert foreign.read_bytes() == before  # not switched to WAL, not migrated
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.db"]  # no -wal, -shm or .lock left


def test_import_warc_shards_into_a_file_or_a_missing_folder_is_one_line(tmp_path):
    """--shards names a folder: an existing file, or a folder whose parent is missing, is a usage error in
    one line before any cluster starts (issue 23, item 2: a 30-line traceback)."""
    from tests import warcs

    warc = tmp_path / "x.warc.gz"
    warcs.build_warc(warc, warcs.corpus_pages(), 2)
    (tmp_path / "file").write_text("x")
    for shards, words in ((tmp_path / "file", "a file is there"), (tmp_path / "no" / "dir", "does not exist")):
        r = CliRunner().invoke(
            main,
            ["import-warc", str(warc), "--shards", str(shards), "--cluster", "local", "--db", str(tmp_path / "n.db")],
        )
        assert r.exit_code == 2 and words in r.output and r.exception is None or isinstance(r.exception, SystemExit)
        assert "Traceback" not in r.output and len(r.output.strip().splitlines()) == 1, r.output
        assert not (tmp_path / "n.db").exists()


NAIVE_PAGE = (
    "<html><head><title>A council votes on the plan</title>"
    "<meta property='article:published_time' content='2024-01-10T10:00:00'></head><body><article>"
    "<h1>A council votes on the plan</h1>"
    + "<p>The council met on Monday and voted on the plan, officials said, after a long debate.</p>" * 6
    + "</article></body></html>"
)


@pytest.mark.parametrize(
    "given,config,env,expected",
    [
        ("America/New_York", "Asia/Tokyo", "Europe/Berlin", "-05:00"),  # the command line first
        (None, "Asia/Tokyo", "Europe/Berlin", "+09:00"),  # then the config beside the archive
        (None, None, "Europe/Berlin", "+01:00"),  # then the environment
    ],
)
def test_fetch_takes_the_zone_from_command_line_then_config_then_environment(tmp_path, given, config, env, expected):
    """issue 23, item 4: fetch read no config, and NEWSGRAB_TZ beat [defaults] on every command."""
    import sqlite3

    page = tmp_path / "story.html"
    page.write_text(NAIVE_PAGE)
    db = tmp_path / "n.db"
    if config:
        (tmp_path / "newsgrab.toml").write_text(f'[defaults]\ntimezone = "{config}"\n')
    args = ["fetch", str(page), "--db", str(db)] + (["--default-tz", given] if given else [])
    r = CliRunner().invoke(main, args, env={"NEWSGRAB_TZ": env, "XDG_CONFIG_HOME": str(tmp_path / "xdg")})
    assert r.exit_code == 0, r.output
    with sqlite3.connect(db) as conn:
        (published,) = conn.execute("SELECT published FROM articles").fetchone()
    assert published.endswith(expected), published


def test_a_failed_command_leaves_no_new_empty_archive(tmp_path):
    """issue 23, item 5: a failed fetch, an import of a non-WARC, or a merge of a WARC given as a shard
    left an initialised, empty archive; then `show` found it instead of saying there is none."""
    db = tmp_path / "new.db"
    not_warc = tmp_path / "notes.warc"
    not_warc.write_text("not a warc\n")
    for args in (
        ["fetch", str(tmp_path / "missing.html")],
        ["import-warc", str(not_warc)],
        ["merge", str(not_warc), "--into", str(db)],
    ):
        r = CliRunner().invoke(main, [*args, *(["--db", str(db)] if args[0] != "merge" else [])])
        assert r.exit_code != 0, (args, r.output)
        assert not any(tmp_path.glob("new.db*")), (args, sorted(p.name for p in tmp_path.iterdir()))
    r = CliRunner().invoke(main, ["show", "1", "--db", str(db)])
    assert r.exit_code == 2 and "no archive at" in r.output, r.output


def test_an_archive_that_was_there_stays_even_when_a_command_fails(tmp_path):
    db = tmp_path / "old.db"
    page = tmp_path / "story.html"
    page.write_text(NAIVE_PAGE)
    assert CliRunner().invoke(main, ["fetch", str(page), "--db", str(db)]).exit_code == 0
    r = CliRunner().invoke(main, ["fetch", str(tmp_path / "missing.html"), "--db", str(db)])
    assert r.exit_code == 1 and db.exists()


def test_a_fetch_of_several_urls_ends_with_its_totals(tmp_path):
    """issue 23, item 14: a 69-URL fetch ended with no totals line."""
    page = tmp_path / "story.html"
    page.write_text(NAIVE_PAGE)
    r = CliRunner().invoke(
        main, ["fetch", str(page), str(page), str(tmp_path / "missing.html"), "--db", str(tmp_path / "n.db")]
    )
    assert r.exit_code == 1
    assert r.output.strip().splitlines()[-1] == "2 URLs: archived 1, failed 1"


def test_merge_says_what_a_wrong_shard_is_in_its_own_words(tmp_path):
    """issue 24, item 12: a WARC given as a shard said 'not a SQLite database (give another --db path)',
    exit 1; merge has --into, and such a file wants import-warc."""
    import sqlite3

    warc = tmp_path / "x.warc.gz"
    warc.write_bytes(b"\x1f\x8b" + b"\x00" * 64)
    r = CliRunner().invoke(main, ["merge", str(warc), "--into", str(tmp_path / "m.db")])
    assert r.exit_code == 2 and "did you mean: newsgrab import-warc" in r.output and "--db" not in r.output
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    r = CliRunner().invoke(main, ["merge", str(other), "--into", str(tmp_path / "m.db")])
    assert r.exit_code == 2 and "not a newsgrab archive" in r.output and "--db" not in r.output, r.output
    text = tmp_path / "notes.db"
    text.write_text("hello")
    r = CliRunner().invoke(main, ["merge", str(text), "--into", str(tmp_path / "m.db")])
    assert r.exit_code == 2 and "not a newsgrab archive" in r.output
    assert not (tmp_path / "m.db").exists()


@pytest.mark.parametrize(
    "address", ["locall", "tcp://", "tcp://host", "http://127.0.0.1:1", "htps://x:1", ":::", "tcp://127.0.0.1:notaport"]
)
@pytest.mark.parametrize("command", ["import-warc", "reparse"])
def test_a_mistyped_cluster_address_is_one_line_and_exit_2(tmp_path, address, command):
    """Issue 24.12: '--cluster locall' printed a ValueError traceback (and so did other schemes)."""
    pytest.importorskip("distributed")
    from tests.test_warc_import import SEED, URL, write_warc

    write_warc(tmp_path / "a.warc.gz", [(URL, "2024-01-10T00:00:00Z", SEED)])
    args = ([command, str(tmp_path / "a.warc.gz")] if command == "import-warc" else [command]) + [
        "--db",
        str(tmp_path / "a.db"),
        "--cluster",
        address,
    ]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 2, r.output
    assert address in r.stderr and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert not (tmp_path / "a.db").exists()


# ---- settings: the command line, then the config's [defaults], then the environment, then the built-in ----


def _agents(site) -> list[str]:
    return [c.request.headers["User-Agent"] for c in site.calls if c.request.url.endswith("/a/1")]


@pytest.mark.parametrize("command", ["fetch", "archive"])
def test_every_fetching_command_takes_the_configs_defaults_and_the_command_line_wins(tmp_path, monkeypatch, command):
    """fetch and archive read the same options the same way (cli.app.fetch_options, config.merge_settings):
    a config's user_agent and timezone hold for both, and an option given on the command line wins."""
    from .conftest import MockedSite

    (tmp_path / "newsgrab.toml").write_text(
        '[defaults]\nuser_agent = "config-agent/1 (ops@example.com)"\ntimezone = "Asia/Tokyo"\ndelay = 0\n'
    )
    monkeypatch.setenv("NEWSGRAB_TZ", "Europe/Berlin")  # the environment comes after the config
    page = (FIXTURES / "japannews" / "wire-jiji-dateline.html").read_bytes()
    args = ["https://news.example.com/a/1"] if command == "fetch" else ["--feed", "https://news.example.com/feed"]
    for n, extra in enumerate(([], ["--user-agent", "cli-agent/2 (me@example.com)"])):
        db = str(tmp_path / f"{command}{n}.db")
        with responses.RequestsMock(assert_all_requests_are_fired=False) as r:
            site = MockedSite(r)
            site.page("/a/1", page)
            site.feed("/feed", "/a/1")
            result = CliRunner().invoke(main, [command, *args, "--db", db, *extra])
            assert result.exit_code == 0, result.output
            agents = _agents(site)
        assert agents == (["config-agent/1 (ops@example.com)"] if not extra else ["cli-agent/2 (me@example.com)"])
