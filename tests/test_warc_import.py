"""import-warc on WARC files written by warcio's own writer (not by newsgrab): what is archived, in which
order, and how bad input is reported while the rest is imported."""

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgrab.store import Archive
from newsgrab.warc_import import Capture, import_warcs, read_captures, warc_files

from .conftest import FIXTURES

JN = FIXTURES / "japannews"
SEED = (JN / "wire-jiji-dateline.html").read_bytes()
STAFF = (JN / "staff-two-authors.html").read_bytes()
URL = "https://japannews.yomiuri.co.jp/politics/politics-government/20240110-160521/"


def record(w, url, date, body, status="200 OK", ctype="text/html; charset=UTF-8", rtype="response", encoding=None):
    headers = [("Content-Type", ctype)] + ([("Content-Encoding", encoding)] if encoding else [])
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    return w.create_warc_record(
        url, rtype, payload=io.BytesIO(body), http_headers=http, warc_headers_dict={"WARC-Date": date}
    )


def write_warc(path: Path, items, gz=True) -> list[int]:
    """Write records; return the offset of each."""
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gz)
        offsets = []
        for item in items:
            offsets.append(f.tell())
            w.write_record(record(w, *item))
    return offsets


def rows(db, sql):
    return db.db.execute(sql).fetchall()


def test_html_responses_are_archived_at_their_warc_date_and_the_rest_skipped(tmp_path, archive):
    write_warc(
        tmp_path / "a.warc.gz",
        [
            (URL, "2024-01-10T03:30:00Z", gzip.compress(SEED), "200 OK", "text/html", "response", "gzip"),
            ("https://example.com/logo.png", "2024-01-10T03:31:00Z", b"\x89PNG", "200 OK", "image/png"),
            ("https://example.com/gone", "2024-01-10T03:32:00Z", b"<html>gone</html>", "404 Not Found"),
            ("https://japannews.yomiuri.co.jp/politics/20240301-1/", "2024-03-01T00:00:00Z", STAFF),
        ],
    )
    s = import_warcs(warc_files([str(tmp_path)]), archive)
    assert s.ok and s.counts == {"archived": 2} and s.skipped == 2 and s.records == 4 and s.problems == 0
    got = dict(rows(archive, "SELECT fetch_url, first_seen FROM articles"))
    assert got[URL] == "2024-01-10T03:30:00+00:00"  # the capture time, not the import time
    assert rows(archive, "SELECT codec, warc_file LIKE '%a.warc.gz' FROM pages") == [("warc", 1), ("warc", 1)]
    page_id = rows(
        archive, f"SELECT p.id FROM pages p JOIN articles a ON a.id = p.article_id WHERE a.fetch_url = '{URL}'"
    )[0][0]
    assert archive.pages.unpack(page_id) == SEED  # read back from the WARC file, content encoding undone


def test_versions_follow_capture_time_whatever_the_import_order(tmp_path, archive):
    edited = SEED.replace(b"has signed memorandums", b"has now signed memorandums")
    write_warc(tmp_path / "2-later.warc.gz", [(URL, "2024-01-12T00:00:00Z", edited)])
    write_warc(tmp_path / "1-earlier.warc.gz", [(URL, "2024-01-10T00:00:00Z", SEED)])
    write_warc(tmp_path / "3-middle.warc.gz", [(URL, "2024-01-11T00:00:00Z", SEED)])
    for name in ("2-later", "1-earlier", "3-middle"):  # imported newest first
        import_warcs([tmp_path / f"{name}.warc.gz"], archive)
    versions = rows(archive, "SELECT version, fetched_at FROM article_versions ORDER BY version")
    assert versions == [(1, "2024-01-10T00:00:00+00:00"), (2, "2024-01-12T00:00:00+00:00")]
    a = archive.get(URL)
    assert a["version"] == 2 and "has now signed" in a["body"] and a["first_seen"].startswith("2024-01-10")
    assert "has now signed" not in archive.version_record(a["id"], 1)["body"]
    assert "has now signed" in archive.version_record(a["id"], 2)["body"]


def test_the_same_capture_imported_twice_changes_nothing(tmp_path, archive):
    write_warc(tmp_path / "a.warc.gz", [(URL, "2024-01-10T00:00:00Z", SEED)])
    import_warcs([tmp_path / "a.warc.gz"], archive)
    tables = ("articles", "article_versions", "pages", "fetches", "rankings")
    before = [rows(archive, f"SELECT count(*) FROM {t}")[0][0] for t in tables]
    again = import_warcs([tmp_path / "a.warc.gz"], archive)
    assert again.counts == {"already imported": 1}
    assert [rows(archive, f"SELECT count(*) FROM {t}")[0][0] for t in tables] == before


def test_a_corrupt_gzip_member_is_reported_and_the_next_records_are_read(tmp_path, archive):
    pages = [
        (
            f"https://japannews.yomiuri.co.jp/a/{i}/",
            f"2024-01-1{i}T00:00:00Z",
            SEED.replace(b"Uzbekistan", f"Uzbekistan {i}".encode()),
        )
        for i in range(3)
    ]
    path = tmp_path / "a.warc.gz"
    offsets = write_warc(path, pages)
    data = bytearray(path.read_bytes())
    mid = offsets[1] + 40
    data[mid : mid + 64] = b"\x00" * 64  # garble the second member's deflate stream
    path.write_bytes(bytes(data))
    items = list(read_captures(path))
    problems = [i for i in items if not hasattr(i, "payload")]
    assert (
        len(problems) == 1
        and "unreadable record" in problems[0].message
        and f"offset {offsets[1]}" in problems[0].where
    )
    assert [i.url for i in items if hasattr(i, "payload")] == [pages[0][0], pages[2][0]]


def test_a_truncated_file_keeps_what_is_whole(tmp_path, archive):
    path = tmp_path / "cut.warc.gz"
    offsets = write_warc(path, [(URL, "2024-01-10T00:00:00Z", SEED), (URL + "x/", "2024-01-11T00:00:00Z", STAFF)])
    path.write_bytes(path.read_bytes()[: offsets[1] + 200])  # killed mid-write
    s = import_warcs([path], archive)
    assert s.counts == {"archived": 1} and s.problems == 1 and not s.ok


def test_a_lying_content_length_loses_only_that_record(tmp_path, archive):
    path = tmp_path / "plain.warc"
    write_warc(
        path,
        [
            (URL, "2024-01-10T00:00:00Z", SEED),
            (URL + "x/", "2024-01-11T00:00:00Z", STAFF),
            (URL + "y/", "2024-01-12T00:00:00Z", SEED.replace(b"Uzbekistan", b"Uzbekistan y")),
        ],
        gz=False,
    )
    data = path.read_bytes()
    first = data.index(b"Content-Length: ", data.index(b"WARC-Type: response"))
    end = data.index(b"\r\n", first)
    declared = int(data[first + 16 : end])
    path.write_bytes(data[: first + 16] + str(declared + 500).encode() + data[end:])  # says 500 bytes more
    items = list(read_captures(path))
    urls = [i.url for i in items if hasattr(i, "payload")]
    assert URL + "y/" in urls and len([i for i in items if not hasattr(i, "payload")]) >= 1


@pytest.mark.parametrize("content", [b"just some text, not a WARC file\n" * 10, b"%PDF-1.7 ...", b""])
def test_a_file_that_is_not_warc_is_one_line_and_the_others_are_imported(tmp_path, archive, content):
    (tmp_path / "junk.warc.gz").write_bytes(content)
    write_warc(tmp_path / "good.warc.gz", [(URL, "2024-01-10T00:00:00Z", SEED)])
    lines = []
    s = import_warcs(warc_files([str(tmp_path)]), archive, report=lines.append)
    assert s.counts == {"archived": 1} and s.problems == 1 and len(lines) == 1
    assert "junk.warc.gz" in lines[0] and "not a WARC file" in lines[0]


@pytest.mark.slow  # worker processes
def test_parsing_in_worker_processes_gives_the_same_archive(tmp_path):
    pages = [
        (
            f"https://japannews.yomiuri.co.jp/a/{i}/",
            f"2024-01-{10 + i % 9}T00:00:0{i % 10}Z",
            (SEED if i % 2 else STAFF).replace(b"</h1>", f" {i}</h1>".encode()),
        )
        for i in range(24)
    ]
    write_warc(tmp_path / "a.warc.gz", pages)
    out, counts = [], []
    for jobs in (1, 2):
        with Archive(tmp_path / f"j{jobs}.db") as db:
            s = import_warcs([tmp_path / "a.warc.gz"], db, jobs=jobs)
            # /a/9/ names /a/1/'s canonical URL with the same content, captured earlier: not a version of its own
            assert s.counts == {"archived": 23, "unchanged": 1}
            counts.append(s.counts)
            out.append(rows(db, "SELECT url, content_hash, version, first_seen FROM articles ORDER BY url"))
    assert out[0] == out[1] and counts[0] == counts[1]


def test_store_pages_copies_them_into_the_archive(tmp_path, archive):
    write_warc(tmp_path / "a.warc.gz", [(URL, "2024-01-10T00:00:00Z", SEED)])
    import_warcs([tmp_path / "a.warc.gz"], archive, store_pages=True)
    (tmp_path / "a.warc.gz").unlink()  # the WARC file is gone; the page is not
    (page_id, codec) = rows(archive, "SELECT id, codec FROM pages")[0]
    assert codec.startswith("zstd") and archive.pages.unpack(page_id) == SEED


def test_imports_and_reparses_are_in_the_run_log_with_a_header_and_duration(tmp_path):
    """issue 23, item 12: after an import that printed a run id, `runs` said "no runs yet"."""
    from click.testing import CliRunner

    from newsgrab.cli import main
    from tests import warcs as w

    warc = tmp_path / "x.warc.gz"
    w.build_warc(warc, w.corpus_pages(), 2)
    db = str(tmp_path / "r.db")
    r = CliRunner().invoke(main, ["import-warc", str(warc), "--db", db])
    assert r.exit_code == 0, r.output
    run_id = r.output.split("import ", 1)[1].split(":", 1)[0]
    assert CliRunner().invoke(main, ["reparse", "--force", "--db", db]).exit_code == 0
    out = CliRunner().invoke(main, ["runs", "--db", db]).output.splitlines()
    assert out[0].startswith("started (UTC)") and "took" in out[0] and "status" in out[0]
    assert out[1].split()[1] == "reparse" and out[2].split()[1] == "import-warc" and run_id in out[2]
    assert all(" s " in line or " min " in line for line in out[1:3])


@pytest.mark.parametrize("order", list(__import__("itertools").permutations(range(4))))
def test_history_is_the_same_in_every_import_order(tmp_path, order):
    """issue 24, item 1: an older capture with the content of the next version became a version of its own
    (a phantom edit '+0 -0') when the newer file was imported first."""
    edited = SEED.replace(b"has signed memorandums", b"has now signed memorandums")
    captures = [
        ("2024-01-10T06:50:00Z", SEED),
        ("2024-01-10T06:55:00Z", SEED),
        ("2024-01-12T00:00:00Z", edited),
        ("2024-01-13T00:00:00Z", edited),
    ]
    for i, (when, body) in enumerate(captures):
        write_warc(tmp_path / f"{i}.warc.gz", [(URL, when, body)])
    with Archive(tmp_path / "n.db") as a:
        for i in order:
            import_warcs([tmp_path / f"{i}.warc.gz"], a)
        versions = rows(a, "SELECT version, fetched_at FROM article_versions ORDER BY version")
        first_seen = rows(a, "SELECT first_seen FROM articles")
    assert versions == [(1, "2024-01-10T06:50:00+00:00"), (2, "2024-01-12T00:00:00+00:00")], order
    assert first_seen == [("2024-01-10T06:50:00+00:00",)]


LISTING = (
    "<html><head><title>World</title></head><body><nav><a href='/'>Home</a></nav><ul>"
    + "".join(f"<li><a href='/2024/01/story-{i}'>Story {i}</a></li>" for i in range(12))
    + "</ul></body></html>"
).encode()


def test_a_listing_page_is_no_article_not_a_failure_and_importing_again_changes_nothing(tmp_path, archive):
    """Issue 24.3 and 24.4: every wget crawl holds the listing page it started from. It was 'failed 1' with
    no URL, exit 1, and each import again added one more 'failed' row."""
    listing = "https://japannews.yomiuri.co.jp/politics/"
    write_warc(
        tmp_path / "crawl.warc.gz", [(listing, "2024-01-10T00:00:00Z", LISTING), (URL, "2024-01-10T00:01:00Z", SEED)]
    )
    lines = []
    s = import_warcs([tmp_path / "crawl.warc.gz"], archive, report=lines.append)
    assert s.ok and s.counts == {"archived": 1, "no article": 1}
    assert "no article 1, failed 0" in s.line()
    assert len(lines) == 1 and lines[0].startswith(listing + ": ")  # which page, and why
    fetches = rows(archive, "SELECT url, outcome FROM fetches ORDER BY id")
    again = import_warcs([tmp_path / "crawl.warc.gz"], archive, report=lines.append)
    assert again.ok and again.counts == {"already imported": 2} and len(lines) == 1
    assert rows(archive, "SELECT url, outcome FROM fetches ORDER BY id") == fetches
    assert archive.stats()["recent_failures"] == []  # a listing page is not a failing page


def test_a_crash_is_a_failure_and_is_tried_again(tmp_path, archive, monkeypatch):
    """The negative: a crash in the parser (a bug) stays a failure, and a later import tries the page again."""

    write_warc(tmp_path / "a.warc.gz", [(URL, "2024-01-10T00:01:00Z", SEED)])
    import newsgrab.parsing as parsing

    real = parsing.parse_article
    monkeypatch.setattr(parsing, "parse_article", lambda *a, **k: 1 / 0)
    lines = []
    s = import_warcs([tmp_path / "a.warc.gz"], archive, report=lines.append)
    assert not s.ok and s.counts == {"crashed": 1} and "failed 1" in s.line() and "ZeroDivisionError" in lines[0]
    monkeypatch.setattr(parsing, "parse_article", real)
    s = import_warcs([tmp_path / "a.warc.gz"], archive)
    assert s.ok and s.counts == {"archived": 1}


def _long_story(n: int = 400) -> bytes:
    paras = "".join(
        f"<p>Paragraph {i} of a long report on the harbour works, with what the engineers said "
        "about the cost, the delays and the traffic.</p>"
        for i in range(n)
    )
    return (
        f"<html><head><title>Harbour works</title></head><body><article><h1>Harbour works run late</h1>"
        f"{paras}</article></body></html>"
    ).encode()


@pytest.mark.parametrize("gz", [True, False], ids=["gzip-member-cut", "plain-record-cut"])
@pytest.mark.parametrize("where", [0.2, 0.6, 0.97])
def test_a_record_cut_short_is_unreadable_not_archived_cut_nor_blamed_on_the_page(tmp_path, archive, gz, where):
    """Issue 24.6: a response cut inside its gzip member was archived with a fraction of its body ('0
    unreadable', exit 0); one cut inside a plain record was parsed and logged as 'no article found'."""
    url = "https://news.example.org/2024/01/harbour-works"
    whole = tmp_path / ("whole.warc.gz" if gz else "whole.warc")
    offsets = write_warc(
        whole,
        [(url, "2024-01-10T00:00:00Z", _long_story()), (url + "-2", "2024-01-10T00:01:00Z", _long_story(50))],
        gz=gz,
    )
    data = whole.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(data[: int(offsets[1] * where)])
    lines = []
    s = import_warcs([cut], archive, report=lines.append)
    assert s.problems == 1 and not s.ok and s.counts == {} and "1 unreadable" in s.line()
    assert len(lines) == 1 and "offset 0" in lines[0] and "the file ends inside it" in lines[0]
    assert rows(archive, "SELECT count(*) FROM fetches") == [(0,)]  # no page blamed, nothing archived cut
    s = import_warcs([whole], archive)
    assert s.ok and s.counts == {"archived": 2}
    body = rows(archive, f"SELECT length(body) FROM articles WHERE fetch_url = '{url}'")[0][0]
    assert body > 30000


def test_a_whole_record_after_a_cut_one_is_read(tmp_path, archive):
    """The negative: the records before a cut one are archived whole, and only the cut one is unreadable."""
    url = "https://news.example.org/2024/01/harbour-works"
    whole = tmp_path / "whole.warc.gz"
    write_warc(
        whole, [(url, "2024-01-10T00:00:00Z", _long_story(50)), (url + "-2", "2024-01-10T00:01:00Z", _long_story())]
    )
    data = whole.read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) - 500])
    s = import_warcs([tmp_path / "cut.warc.gz"], archive)
    assert s.counts == {"archived": 1} and s.problems == 1


@pytest.mark.slow  # seconds: in the full run, not the inner loop
@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "plain"])
def test_every_cut_inside_a_record_is_the_same_one_line_whatever_warcio_raises(tmp_path, gz):
    """CI found a cut at 20% of a gzip member reported as '(EOFError: EOFError)': where the cut falls
    (inside the gzip header, the WARC header, the HTTP header or the payload) decides which error warcio
    raises. Every cut position of a record is either read whole (only the gzip trailer lost) or one
    'the file ends inside it' line; never a capture cut short, never another message."""
    url = "https://news.example.org/2024/01/harbour-works"
    whole = tmp_path / "whole.warc"
    story = _long_story(30)
    offsets = write_warc(
        whole, [(url, "2024-01-10T00:00:00Z", story), (url + "-2", "2024-01-10T00:01:00Z", _long_story(5))], gz=gz
    )
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc"
    seen = set()
    for n in range(9, offsets[1]):  # a file of under 8 bytes is 'not a WARC file'
        cut.write_bytes(data[:n])
        got = list(read_captures(cut))
        assert len(got) == 1, (n, got)
        if isinstance(got[0], Capture):
            # gzip: the deflate stream's end or the member's trailer; plain: the record's closing CRLF CRLF
            assert offsets[1] - n <= (16 if gz else 4) and story in got[0].payload, n
            seen.add("whole")
        else:
            assert got[0].where.endswith("offset 0"), (n, got[0])
            assert got[0].message.startswith("unreadable record: the file ends inside it"), (n, got[0].message)
            seen.add("cut")
    assert "cut" in seen
