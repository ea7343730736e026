"""reparse: records made by an older extractor are re-derived from their stored raw pages, in place,
logged apart from versions; a second run changes nothing; what cannot be re-derived keeps its record."""

import pytest

from newsgrab import parse_article
from newsgrab.reparse import reparse

from .conftest import FIXTURES

JN = FIXTURES / "japannews"
SEED = (JN / "wire-jiji-dateline.html").read_bytes()
STAFF = (JN / "staff-two-authors.html").read_bytes()
URL = "https://japannews.yomiuri.co.jp/politics/politics-government/20240110-160521/"
URL2 = "https://japannews.yomiuri.co.jp/politics/20240301-1/"


def q(archive, sql, params=()):
    return archive.db.execute(sql, params).fetchall()


def as_old_extractor_made_it(archive, url, **fields):
    """Make a stored record look like an older extractor's: other field values, an old version stamp."""
    sets = ", ".join(f"{k} = ?" for k in fields)
    archive.db.execute(
        f"UPDATE articles SET {sets}, extractor_version = '0.0.1+old' WHERE fetch_url = ?", [*fields.values(), url]
    )


@pytest.fixture
def two(archive):
    for html, url in ((SEED, URL), (STAFF, URL2)):
        archive.save(parse_article(html, url), fetch_url=url, run_id="r1", raw=html)
    as_old_extractor_made_it(archive, URL, headline="Japan Signs Pacts &#045; The Japan News", credit=None)
    return archive


def test_dry_run_says_what_would_change_and_writes_nothing(two):
    before = q(two, "SELECT * FROM articles ORDER BY id")
    s = reparse(two, dry_run=True)
    assert (s.considered, s.changed, s.current) == (2, 1, 1)
    assert dict(s.fields["japannews.yomiuri.co.jp"]) == {"headline": 1, "credit": 1}
    assert q(two, "SELECT * FROM articles ORDER BY id") == before and q(two, "SELECT count(*) FROM reparses") == [(0,)]


def test_reparse_updates_in_place_logs_it_and_a_second_run_changes_nothing(two):
    s = reparse(two)
    assert (s.changed, s.current, s.failed) == (1, 1, 0)
    row = two.get(URL)
    assert row["headline"] == "Japan Signs Decarbonization Pacts with Uzbekistan, Kazakhstan"
    assert row["credit"] == "Jiji Press" and row["version"] == 1  # not a new version
    assert row["extractor_version"] == parse_article(SEED, URL).extractor_version
    assert q(two, "SELECT count(*) FROM article_versions") == [(2,)]
    (log,) = q(two, "SELECT extractor_from, changed FROM reparses")
    assert log == ("0.0.1+old", '["headline", "credit"]')
    assert two.version_record(row["id"], 1)["headline"] == row["headline"]  # the version's record follows
    assert [r["url"] for r in two.search("Decarbonization")] == [URL]  # full-text index follows
    again = reparse(two)
    assert (again.changed, again.same, again.current) == (0, 0, 2)


def test_a_record_the_extractor_would_make_the_same_is_only_stamped(archive):
    archive.save(parse_article(SEED, URL), fetch_url=URL, run_id="r1", raw=SEED)
    archive.db.execute("UPDATE articles SET extractor_version = 'old'")
    s = reparse(archive)
    assert (s.changed, s.same) == (0, 1) and q(archive, "SELECT count(*) FROM reparses") == [(0,)]
    assert reparse(archive).current == 1


def test_no_raw_page_or_a_page_that_no_longer_parses_keeps_the_record(archive):
    archive.save(parse_article(SEED, URL), fetch_url=URL, run_id="r1", raw=None)
    archive.save(parse_article(STAFF, URL2), fetch_url=URL2, run_id="r1", raw=b"<html><body>gone</body></html>")
    archive.db.execute("UPDATE articles SET extractor_version = 'old'")
    lines = []
    s = reparse(archive, report=lines.append)
    assert (s.no_page, s.failed) == (1, 1)
    assert "no article found" in lines[0] and "kept" in lines[0]
    assert archive.get(URL2)["headline"].startswith("Ishiba Pledges")


def test_selection_by_site_url_and_time(two):
    assert reparse(two, dry_run=True, url=URL).considered == 1
    assert reparse(two, dry_run=True, site="example.com").considered == 0
    assert reparse(two, dry_run=True, since="2999-01-01 00:00:00").considered == 0


@pytest.mark.slow  # worker processes
def test_parallel_reparse_gives_the_same_records(tmp_path):
    from newsgrab.store import Archive

    out = []
    for jobs in (1, 2):
        with Archive(tmp_path / f"j{jobs}.db") as a:
            for i in range(12):
                url = f"https://japannews.yomiuri.co.jp/a/2024{i:04d}/"
                html = (SEED if i % 2 else STAFF).replace(b"</h1>", f" {i}</h1>".encode())
                a.save(parse_article(html, url), fetch_url=url, run_id="r", raw=html)
            a.db.execute("UPDATE articles SET headline = 'old', extractor_version = 'old'")
            assert reparse(a, jobs=jobs).changed == 12
            out.append(q(a, "SELECT url, headline, content_hash FROM articles ORDER BY url"))
    assert out[0] == out[1]


@pytest.mark.parametrize("target", ["not-a-warc", "environ-like", "missing", "huge-length"])
def test_a_page_pointer_that_cannot_be_read_is_one_line_counted_and_the_run_goes_on(two, tmp_path, target):
    """A WARC pointer naming a file that is not a WARC (warcio's ArchiveLoadFailed quotes the file's first
    line: never shown), a missing file, or an absurd length: one line, counted as failed, the record kept,
    the next record still re-derived (issue 23, item 1)."""
    path = tmp_path / "page.warc.gz"
    length = 100
    if target == "not-a-warc":
        path.write_text("just some text, not a WARC\n" * 10)
    elif target == "environ-like":
        path.write_bytes(b"SECRET_TOKEN=hunter2\x00HOME=/root\x00" * 10)
    elif target == "huge-length":
        path.write_text("x" * 1000)
        length = 8_000_000_000
    two.db.execute(
        "UPDATE pages SET codec = 'warc', html = x'', warc_file = ?, warc_offset = 0, warc_length = ? WHERE url = ?",
        [str(path), length, URL2],
    )
    as_old_extractor_made_it(two, URL2, headline="An old headline")
    before = q(two, "SELECT headline FROM articles WHERE fetch_url = ?", [URL2])
    lines: list[str] = []
    s = reparse(two, force=True, report=lines.append)
    assert s.failed == 1 and s.changed + s.same == 1, s
    assert len(lines) == 1 and URL2 in lines[0] and "kept" in lines[0]
    assert "hunter2" not in lines[0] and "just some text" not in lines[0]
    assert q(two, "SELECT headline FROM articles WHERE fetch_url = ?", [URL2]) == before


def test_a_record_parsed_now_is_current_whatever_host_served_it(archive):
    """Issue 24.8: a Japan News page served from another host carries the profile's stamp (chosen by its
    canonical link) while reparse computed the generic one: it was re-parsed on every run. A generic page
    stays current too."""
    from .conftest import FIXTURES as F

    generic = next((F / "generic").glob("*.html.gz"))
    import gzip

    pages = [
        (SEED, "https://mirror.example.net/news/pacts"),
        (gzip.decompress(generic.read_bytes()), "https://www.example.com/2024/01/story"),
    ]
    for html, url in pages:
        archive.save(parse_article(html, url), fetch_url=url, run_id="r1", raw=html)
    s = reparse(archive)
    assert (s.considered, s.current, s.changed, s.same) == (2, 2, 0, 0)
    # the negative: a record stamped by another extractor is still re-derived
    archive.db.execute("UPDATE articles SET extractor_version = '0.0.1+old'")
    s = reparse(archive)
    assert (s.current, s.same) == (0, 2)
