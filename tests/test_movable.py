"""Issue 24.7: an archive and its WARC files can be moved, copied, restored or mounted elsewhere. Pointers to
WARC files inside the archive's folder are stored relative to it (old absolute ones are migrated); files
kept elsewhere are found with --warc-dir (or the config's warc_dir)."""

import shutil
import sqlite3

from click.testing import CliRunner

from newsgrab.cli import main
from newsgrab.store import Archive
from newsgrab.warc_import import import_warcs

from .test_warc_import import SEED, STAFF, URL, write_warc

URL2 = "https://japannews.yomiuri.co.jp/politics/20240301-1/"


def make(folder, warc_folder):
    """An archive in `folder` with its pages in WARC files in `warc_folder` (records look old-made)."""
    folder.mkdir(parents=True, exist_ok=True)
    warc_folder.mkdir(parents=True, exist_ok=True)
    write_warc(
        warc_folder / "crawl.warc.gz", [(URL, "2024-01-10T00:00:00Z", SEED), (URL2, "2024-01-10T00:01:00Z", STAFF)]
    )
    with Archive(folder / "news.db") as a:
        assert import_warcs([warc_folder / "crawl.warc.gz"], a).ok
        a.db.execute("UPDATE articles SET headline = 'stale', extractor_version = 'old'")
    return folder / "news.db"


def pointers(db):
    with sqlite3.connect(db) as c:
        return [r[0] for r in c.execute("SELECT warc_file FROM pages ORDER BY id")]


def reparse(db, *extra):
    return CliRunner().invoke(main, ["reparse", "--db", str(db), "--jobs", "1", *extra])


def test_an_archive_moved_with_its_warc_folder_still_reparses(tmp_path):
    db = make(tmp_path / "here", tmp_path / "here" / "warcs")
    assert pointers(db) == ["warcs/crawl.warc.gz"] * 2  # relative to the archive's folder
    shutil.move(tmp_path / "here", tmp_path / "there")
    r = reparse(tmp_path / "there" / "news.db")
    assert r.exit_code == 0 and "changed 2" in r.stderr and "failed 0" in r.stderr, r.stderr


def test_warc_files_kept_elsewhere_are_found_with_warc_dir(tmp_path):
    db = make(tmp_path / "archive", tmp_path / "crawls")
    assert pointers(db) == [str((tmp_path / "crawls" / "crawl.warc.gz").resolve())] * 2  # outside: absolute
    shutil.move(tmp_path / "crawls", tmp_path / "mounted")
    r = reparse(db)
    assert r.exit_code == 1 and "failed 2" in r.stderr  # not where the archive says, and nowhere else to look
    r = reparse(db, "--warc-dir", str(tmp_path / "mounted"))
    assert r.exit_code == 0 and "changed 2" in r.stderr, r.stderr


def test_the_configs_warc_dir_is_searched_and_is_relative_to_the_config(tmp_path):
    db = make(tmp_path / "archive", tmp_path / "crawls")
    shutil.move(tmp_path / "crawls", tmp_path / "archive" / "kept")
    (tmp_path / "archive" / "newsgrab.toml").write_text('[defaults]\nwarc_dir = "kept"\n')
    r = CliRunner().invoke(main, ["reparse", "--db", str(db), "--jobs", "1"], catch_exceptions=False)
    assert r.exit_code == 0 and "changed 2" in r.stderr, r.stderr


def test_old_absolute_pointers_inside_the_folder_are_migrated(tmp_path):
    db = make(tmp_path / "here", tmp_path / "here" / "warcs")
    inside = str((tmp_path / "here" / "warcs" / "crawl.warc.gz").resolve())
    with sqlite3.connect(db) as c:  # as a schema-8 archive stored them
        c.execute("UPDATE pages SET warc_file = ?", [inside])
        c.execute("PRAGMA user_version = 8")
    Archive(db).close()
    assert pointers(db) == ["warcs/crawl.warc.gz"] * 2


def test_a_relative_pointer_never_leaves_the_archives_folder(tmp_path):
    """The negative: '..' in a stored pointer is refused, not followed (a pointer is data from elsewhere)."""
    db = make(tmp_path / "here", tmp_path / "here" / "warcs")
    shutil.copy(tmp_path / "here" / "warcs" / "crawl.warc.gz", tmp_path / "outside.warc.gz")
    with sqlite3.connect(db) as c:
        c.execute("UPDATE pages SET warc_file = '../outside.warc.gz'")
    r = reparse(db)
    assert r.exit_code == 1 and "failed 2" in r.stderr and "not a file inside the archive's folder" in r.stderr


def test_a_copy_of_the_database_alone_finds_the_warcs_where_they_stayed(tmp_path):
    db = make(tmp_path / "here", tmp_path / "here" / "warcs")
    (tmp_path / "elsewhere").mkdir()
    shutil.copy(db, tmp_path / "elsewhere" / "news.db")
    r = reparse(tmp_path / "elsewhere" / "news.db")
    assert r.exit_code == 0 and "changed 2" in r.stderr, r.stderr
