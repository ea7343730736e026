"""The command line, driven through click's CliRunner."""

import json

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
    for command in ("parse", "sites"):
        assert command in out


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
    assert record["sources"]["authors"] if record["authors"] else True
    assert record["sources"]["published"] == "profile"
    assert record["sources"]["section"] == "meta"


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
    data = SEED.read_bytes()[:6000]
    result = run("parse", "-", "--format", "json", input=data)
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output


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
