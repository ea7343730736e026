"""The archive: records, versions, rankings snapshots, fetch log, search, schema, atomic writes."""

import sqlite3
from datetime import UTC

import pytest

from newsgrab import parse_article
from newsgrab.errors import ArchiveError, QueryError
from newsgrab.store import SCHEMA_VERSION, Archive

from .conftest import FIXTURES

SEED = (FIXTURES / "japannews" / "wire-jiji-dateline.html").read_bytes()
STAFF = (FIXTURES / "japannews" / "staff-two-authors.html").read_bytes()
URL = "https://japannews.yomiuri.co.jp/politics/politics-government/20240110-160521/"


def save(archive, html=SEED, run="r1", fetch_url=URL, **kw):
    return archive.save(parse_article(html, fetch_url), fetch_url=fetch_url, run_id=run, raw=html, **kw)


def test_new_then_unchanged_then_edited(archive):
    first = save(archive)
    assert (first.outcome, first.version) == ("archived", 1)
    again = save(archive, run="r2")
    assert (again.outcome, again.version) == ("unchanged", 1)
    edited = SEED.replace(b"signed memorandums", b"signed two memorandums")
    third = save(archive, html=edited, run="r3")
    assert (third.outcome, third.version, third.changed) == ("updated", 2, ["body"])
    q = archive.db.execute
    assert q("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert q("SELECT version, json_extract(changed, '$[0]') FROM article_versions ORDER BY version").fetchall() == [
        (1, "new"),
        (2, "body"),
    ]
    assert "signed two memorandums" in q("SELECT body FROM articles").fetchone()[0]
    assert "signed memorandums" in q("SELECT body FROM article_versions WHERE version = 1").fetchone()[0]
    assert q("SELECT count(*) FROM pages").fetchone()[0] == 2  # raw HTML only when something changed


def test_record_columns_and_json_lists(archive):
    save(archive)
    row = archive.get(URL)
    assert row["headline"] == "Japan Signs Decarbonization Pacts with Uzbekistan, Kazakhstan"
    assert row["credit"] == "Jiji Press" and row["dateline"] == "Tokyo, Jan. 10"
    assert row["published"] == "2024-01-10T12:22:00+09:00"
    assert row["section_path"] == ["Politics", "Politics & Government"]
    assert row["images"][0]["credit"] == "Yomiuri Shimbun file photo"
    assert row["first_seen"] and row["last_seen"] and row["version"] == 1
    assert archive.get(row["id"])["url"] == URL


def test_rankings_stored_once_per_run_and_linked_to_archived_stories(archive):
    save(archive)
    save(archive)  # same run: the lists are not stored again
    q = archive.db.execute
    assert q("SELECT count(*) FROM rankings").fetchone()[0] == 10
    assert q("SELECT list_name, position, title FROM rankings WHERE position = 1 ORDER BY id").fetchall() == [
        (
            '"Politics" POPULAR ARTICLE',
            1,
            "Japan to Charge Foreigners More for Residence Permits, Looking to Align with Western Countries",
        ),
        ("JN ACCESS RANKING", 1, "Japan’s Hopes for Seafood Exports Shot Down in China Spat"),
    ]
    save(archive, run="r2")
    assert q("SELECT count(*) FROM rankings").fetchone()[0] == 20  # a new run takes a new snapshot
    # a ranked story archived later gets linked
    ranked = "https://japannews.yomiuri.co.jp/politics/politics-government/20251126-294410/"
    page = STAFF.replace(
        b"https://japannews.yomiuri.co.jp/politics/politics-government/20241013-216478/", ranked.encode()
    )
    saved = save(archive, html=page, fetch_url=ranked, run="r3")
    linked = q("SELECT count(*) FROM rankings WHERE article_id = ?", [saved.article_id]).fetchone()[0]
    assert linked >= 4


def test_fetch_log_and_conditional_headers(archive):
    save(archive, etag='"e1"', last_modified="Wed, 10 Jan 2024 03:22:00 GMT")
    captured = archive.db.execute("SELECT fetched_at FROM fetches").fetchone()[0]
    assert archive.validators([URL, URL + "x"]) == {URL: ('"e1"', "Wed, 10 Jan 2024 03:22:00 GMT", captured)}
    archive.log_fetch(URL, "not modified", status=304, run_id="r2")
    archive.log_fetch("https://x.example/a", "failed", error="HTTP 500", status=500, run_id="r2")
    rows = archive.db.execute("SELECT outcome, status, error FROM fetches ORDER BY id").fetchall()
    assert rows == [("archived", 200, None), ("not modified", 304, None), ("failed", 500, "HTTP 500")]


def test_search_with_snippets_and_bad_query(archive):
    save(archive)
    hits = archive.search("Uzbekistan")
    assert hits[0]["url"] == URL and "[Uzbekistan]" in hits[0]["snippet"]
    with pytest.raises(QueryError, match="bad search query"):
        archive.search('"unbalanced', raw=True)  # FTS5 syntax only behind raw (--fts)


def story(headline, text):
    paras = "".join(f"<p>{text} Paragraph {i} of the story goes on with more words.</p>" for i in range(4))
    return (
        f"<html><head><title>{headline}</title></head><body><article><h1>{headline}</h1>{paras}</article></body></html>"
    ).encode()


@pytest.mark.parametrize(
    "query", ["COVID-19", "contact-tracing", "e-mail", "O'Neil", "Hughes, said", "-storm", '"unbalanced', "NOT"]
)
def test_what_a_user_types_is_searched_as_words(archive, query):
    text = (
        "Officials said COVID-19 contact-tracing by e-mail worked, O'Neil and Hughes, said the report; "
        "the storm passed. NOT a drill."
    )
    save(archive, html=story("Health officials report", text), fetch_url="https://n.example/a")
    save(
        archive,
        html=story(
            "Unrelated story", "The council approved a new budget for the city parks department on Monday evening."
        ),
        fetch_url="https://n.example/b",
    )
    hits = archive.search(query)
    if query == '"unbalanced':
        assert hits == []  # a stray quote is a character, not an error
    else:
        assert [h["url"] for h in hits] == ["https://n.example/a"], query


def test_cjk_words_inside_a_sentence_are_found(archive):
    save(
        archive,
        html=story("東京で桜が開花", "東京都心で桜の開花が発表されました。気象庁によりますと平年より早い開花です。"),
        fetch_url="https://n.example/jp",
    )
    save(
        archive,
        html=story(
            "Cherry blossoms in Tokyo", "The cherry blossoms opened early in Tokyo this year, the weather agency said."
        ),
        fetch_url="https://n.example/en",
    )
    for q in ("桜", "東京", "開花", "東京で桜", "気象庁"):
        hits = archive.search(q)
        assert [h["url"] for h in hits] == ["https://n.example/jp"], q
        assert q == "東京で桜" or "[" + q + "]" in hits[0]["snippet"]  # (that one is in the headline only)
    assert archive.search("京で花") == []  # characters present, but not as that substring
    assert [h["url"] for h in archive.search("cherry Tokyo")] == ["https://n.example/en"]
    save(
        archive,
        html=story("東京で梅が開花", "東京都心で梅の開花が発表されました。気象庁によりますと平年より遅い開花です。"),
        fetch_url="https://n.example/jp",
    )  # an edit: the CJK index follows
    assert archive.search("桜") == [] and archive.search("梅")


def test_search_snippet_work_is_bounded_on_a_huge_article(archive):
    from newsgrab.search import snippet

    body = "storm " * 800_000  # 4.8 MB, one word 800,000 times
    out = snippet(body, ["storm"])
    assert out.startswith("[storm]") and len(out) < 300


def test_fts_follows_edits(archive):
    save(archive)
    save(archive, html=SEED.replace(b"Kazakhstan", b"Kirghizia"), run="r2")
    assert archive.search("Kirghizia") and not archive.search("Kazakhstan")


def test_schema_version_wal_and_foreign_keys(archive):
    q = archive.db.execute
    assert q("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert q("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert q("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_failed_write_leaves_no_half_record(archive, monkeypatch):
    def boom(*a, **k):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(archive, "_snapshot_rankings", boom)
    with pytest.raises(ArchiveError, match="nothing of this article was saved"):
        save(archive)
    q = archive.db.execute
    assert [
        q(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "article_versions", "pages", "fetches")
    ] == [0, 0, 0, 0]
    assert q("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_not_an_archive(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE stuff (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ArchiveError, match="not a newsgrab archive"):
        Archive(other)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ArchiveError):
        Archive(junk)
    with pytest.raises(ArchiveError, match="no archive"):
        Archive(tmp_path / "missing.db", create=False)


def _add(archive, i, site, first_seen, headline="Headline", body="Body text"):
    archive.db.execute(
        "INSERT INTO articles (url, site, headline, body, published, rankings, content_hash, first_seen, last_seen)"
        " VALUES (?, ?, ?, ?, ?, '[]', ?, ?, ?)",
        [f"https://{site}/a/{i}", site, headline, body, first_seen, f"h{i}", first_seen, first_seen],
    )


def test_health_warns_when_a_site_goes_quiet(archive):
    from datetime import datetime, timedelta

    now = datetime(2026, 3, 1, tzinfo=UTC)
    for i in range(20):  # one story an hour, the last one two days ago
        _add(archive, i, "quiet.example.com", (now - timedelta(days=2, hours=i)).isoformat())
    warnings = archive.health(now)
    assert any(w.startswith("quiet.example.com: nothing new for 48.0 h") for w in warnings), warnings


def test_health_warns_when_a_field_suddenly_comes_back_empty(archive):
    from datetime import datetime, timedelta

    now = datetime(2026, 3, 1, tzinfo=UTC)
    for i in range(60):
        broken = i < 15  # the 15 newest pages have lost their headline: a redesign?
        _add(
            archive,
            i,
            "changed.example.com",
            (now - timedelta(minutes=10 * i)).isoformat(),
            headline=None if broken else "Headline",
        )
    warnings = archive.health(now)
    assert any("changed.example.com: headline empty on 75% of the latest 20" in w for w in warnings), warnings
    assert not any("body empty" in w for w in warnings)


def test_a_page_cannot_take_over_another_article_with_its_canonical_link(archive):
    victim = "https://n.example/politics/1"
    save(archive, html=story("The real story", "The council approved the plan on Monday night."), fetch_url=victim)
    attacker = story("Fake story", "Something else entirely was written here by someone.").replace(
        b"<head>", f'<head><link rel="canonical" href="{victim}">'.encode()
    )
    result = save(archive, html=attacker, fetch_url="https://n.example/evil/2")
    assert result.outcome == "archived"  # its own record, not a new version of the victim
    real = archive.get(victim)
    assert real["headline"] == "The real story" and real["version"] == 1
    evil = archive.get("https://n.example/evil/2")
    assert evil["url"] == "https://n.example/evil/2" and any("canonical" in w for w in evil["warnings"])


def test_a_canonical_still_merges_the_address_it_was_first_fetched_from(archive):
    page = story("Story", "The council approved the plan on Monday night.").replace(
        b"<head>", b'<head><link rel="canonical" href="https://n.example/politics/1">'
    )
    save(archive, html=page, fetch_url="https://n.example/news/1")
    again = save(archive, html=page.replace(b"Monday", b"Tuesday"), fetch_url="https://n.example/news/1")
    assert again.outcome == "updated"
    assert archive.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_the_snippet_marks_every_word_searched():
    """issue 23, item 11: only the first word found was marked."""
    from newsgrab.search import snippet

    body = "The council met on Monday. The plan was voted on, and the council said the plan would cost more."
    out = snippet(body, ["council", "plan"])
    assert out.count("[council]") == 2 and out.count("[plan]") == 2
    assert snippet("no such words here", ["council"]) == "no such words here"


def test_search_with_no_match_exits_1(tmp_path):
    from click.testing import CliRunner

    from newsgrab.cli import main

    page = FIXTURES / "japannews" / "wire-reuters.html"
    db = str(tmp_path / "s.db")
    assert CliRunner().invoke(main, ["fetch", str(page), "--db", db]).exit_code == 0
    r = CliRunner().invoke(main, ["search", "zzzzunfindable", "--db", db])
    assert r.exit_code == 1 and "no matches" in r.output
    r = CliRunner().invoke(main, ["search", "zzzzunfindable", "--json", "--db", db])
    assert r.exit_code == 1 and r.output == ""
    assert CliRunner().invoke(main, ["search", "Toyota", "--db", db]).exit_code == 0


def test_the_field_registry_is_the_articles_table(archive):
    """model.RECORD_FIELDS is the one list of an article's columns: a row there without its migration (or
    a column added without its row) fails here, and every storage list is derived from it."""
    from newsgrab import web
    from newsgrab.model import RECORD_FIELDS
    from newsgrab.store import queries
    from newsgrab.store import records as archive_module

    columns = [r[1] for r in archive.db.execute("PRAGMA table_info(articles)").fetchall()]
    assert sorted(columns) == sorted(f.name for f in RECORD_FIELDS)
    assert archive_module.CONTENT_FIELDS == tuple(f.name for f in RECORD_FIELDS if f.content)
    assert set(archive_module.LIST_FIELDS) == {f.name for f in RECORD_FIELDS if f.json}
    assert queries.TABLES["articles"].fields == tuple(f.name for f in RECORD_FIELDS if f.exported)
    assert set(web.TABLES["articles"]["columns"]) == set(columns)
