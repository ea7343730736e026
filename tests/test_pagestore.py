"""Raw pages packed small and read back byte for byte: every codec, the per-site dictionary, deltas
between captures of one article, and pages written before schema 5 (zlib)."""

import sqlite3
import zlib

import sqlite_utils

from newsgrab import parse_article
from newsgrab.store import MIGRATIONS, Archive
from newsgrab.store.pages import DICT_AFTER

from .conftest import FIXTURES

SEED = (FIXTURES / "japannews" / "wire-jiji-dateline.html").read_bytes()
STAFF = (FIXTURES / "japannews" / "staff-two-authors.html").read_bytes()


def numbered_story(i: int) -> bytes:
    """A Japan News fixture page made the i-th story of a site (its headline and first paragraph numbered)."""
    base = SEED if i % 2 else STAFF
    return base.replace(b"</h1>", f" number {i}</h1>".encode()).replace(b"<p>", f"<p>{i} ".encode(), 1)


def save(archive, html, url):
    return archive.save(parse_article(html, url), fetch_url=url, run_id="r", raw=html)


def codecs(archive):
    return [r[0] for r in archive.db.execute("SELECT codec FROM pages ORDER BY id").fetchall()]


def test_every_page_reads_back_as_sent_whatever_its_codec(archive):
    urls = [f"https://japannews.yomiuri.co.jp/a/{i}/" for i in range(DICT_AFTER + 3)]
    for i, url in enumerate(urls):
        save(archive, numbered_story(i), url)
    save(archive, numbered_story(0).replace(b"<p>0 ", b"<p>zero "), urls[0])  # an edit of the first story
    got = codecs(archive)
    assert got[:DICT_AFTER] == ["zstd"] * DICT_AFTER
    assert got[DICT_AFTER : DICT_AFTER + 3] == ["zstd-dict"] * 3  # the site's dictionary, trained once
    assert got[-1] == "zstd-delta"  # the second capture of a story: a delta against its first page
    assert archive.db.execute("SELECT count(*), min(site) FROM page_dicts").fetchone() == (1, "japannews.yomiuri.co.jp")
    rows = archive.db.execute(
        "SELECT p.id, a.fetch_url FROM pages p JOIN articles a ON a.id = p.article_id ORDER BY p.id"
    ).fetchall()
    for n, (page_id, _url) in enumerate(rows[:-1]):
        assert archive.pages.unpack(page_id) == numbered_story(n)
    assert archive.pages.unpack(rows[-1][0]) == numbered_story(0).replace(b"<p>0 ", b"<p>zero ")


def test_packed_pages_are_much_smaller_than_zlib(archive):
    urls = [f"https://japannews.yomiuri.co.jp/a/{i}/" for i in range(DICT_AFTER + 10)]
    for i, url in enumerate(urls):
        save(archive, numbered_story(i), url)
    tail = archive.db.execute("SELECT sum(length(html)) FROM pages WHERE codec = 'zstd-dict'").fetchone()[0]
    zlibbed = sum(len(zlib.compress(numbered_story(i), 6)) for i in range(DICT_AFTER, DICT_AFTER + 10))
    assert tail < zlibbed / 3
    edit = numbered_story(1).replace(b"<p>1 ", b"<p>one ")
    save(archive, edit, urls[1])
    (delta,) = archive.db.execute("SELECT length(html) FROM pages WHERE codec = 'zstd-delta'").fetchone()
    assert delta < 300


def test_versions_store_no_text_twice(archive):
    url = "https://japannews.yomiuri.co.jp/a/1/"
    save(archive, SEED, url)
    edited = SEED.replace(b"signed memorandums", b"signed two memorandums")
    save(archive, edited, url)
    rows = archive.db.execute(
        "SELECT version, body IS NULL, typeof(record) FROM article_versions ORDER BY version"
    ).fetchall()
    assert rows == [(1, 0, "blob"), (2, 1, "blob")]  # the current version's body is the article's
    assert "two memorandums" in archive.version_record(1, 2)["body"]
    assert "two memorandums" not in archive.version_record(1, 1)["body"]
    assert archive.version_record(1, 1)["authors"] == [] and archive.version_record(1, 3) is None


def test_an_archive_from_before_schema_5_is_upgraded_and_its_pages_still_read(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    db = sqlite_utils.Database(conn)
    for migrate in MIGRATIONS[:4]:
        migrate(db)
    conn.execute("PRAGMA user_version = 4")
    conn.execute(
        "INSERT INTO articles (id, url, content_hash, first_seen, last_seen, body, headline) "
        "VALUES (1, 'https://x.example/a', 'h', '2024', '2024', 'Old body', 'Old')"
    )
    conn.execute(
        "INSERT INTO article_versions (article_id, version, fetched_at, content_hash, headline, body, "
        "record) VALUES (1, 1, '2024', 'h', 'Old', 'Old body', ?)",
        ['{"headline": "Old", "body": "Old body"}'],
    )
    conn.execute(
        "INSERT INTO pages (article_id, url, fetched_at, html) VALUES (1, 'https://x.example/a', '2024', ?)",
        [zlib.compress(SEED)],
    )
    conn.close()
    with Archive(path) as a:
        assert a.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert a.pages.unpack(1) == SEED
        assert a.version_record(1, 1)["body"] == "Old body"


def test_a_site_whose_dictionary_cannot_be_trained_is_not_retrained_on_every_page(archive, monkeypatch):
    import zstandard

    calls = []

    def refuse(*args, **kwargs):
        calls.append(1)
        raise zstandard.ZstdError("too little material")

    monkeypatch.setattr(zstandard, "train_dictionary", refuse)
    for i in range(DICT_AFTER + 10):
        save(archive, numbered_story(i), f"https://japannews.yomiuri.co.jp/a/{i}/")
    assert len(calls) == 1 and set(codecs(archive)) == {"zstd"}
    for i in range(DICT_AFTER + 10, 2 * DICT_AFTER):  # twice the pages: one more try
        save(archive, numbered_story(i), f"https://japannews.yomiuri.co.jp/a/{i}/")
    assert len(calls) == 2
