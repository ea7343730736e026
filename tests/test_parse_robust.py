"""parse_article returns an Article or raises ExtractionError: never anything else."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgrab import ExtractionError, NewsgrabError, parse_article

from .conftest import FIXTURES

SEED = (FIXTURES / "japannews" / "wire-jiji-dateline.html").read_bytes()


def _ok(data):
    try:
        parse_article(data, "https://example.com/a")
    except ExtractionError:
        pass


def test_extraction_error_is_a_newsgrab_error():
    assert issubclass(ExtractionError, NewsgrabError)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes(data):
    _ok(data)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=len(SEED)), st.integers(min_value=0, max_value=len(SEED)),
       st.binary(max_size=40))
def test_truncated_and_mutated_fixture(cut, pos, junk):
    _ok(SEED[:cut])
    _ok(SEED[:pos] + junk + SEED[pos:])


def test_deep_nesting_and_huge_attributes():
    _ok(b"<div>" * 10000 + b"<p>text</p>" + b"</div>" * 10000)
    _ok(b'<html><body><p title="' + b"a" * 2_000_000 + b'">hello</p></body></html>')
    _ok(b'<script type="application/ld+json">{"@type": "NewsArticle", "headline": [[[{]]</script><h1>x</h1>')


def test_declared_charset_is_used_for_bytes():
    page = '<html><head><meta charset="shift_jis"><title>x</title></head><body><h1>日本のニュース</h1>' \
           '<p>' + "東京で記者会見が開かれた。" * 20 + '</p></body></html>'
    a = parse_article(page.encode("shift_jis"))
    assert a.headline == "日本のニュース"
    assert "記者会見" in a.body
