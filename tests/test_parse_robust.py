"""parse_article returns an Article or raises ExtractionError: never anything else."""

import pytest
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


@pytest.mark.slow  # fuzzing: 150 examples each, run by CI
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes(data):
    _ok(data)


@settings(max_examples=60, deadline=None)
@pytest.mark.slow
@given(
    st.integers(min_value=0, max_value=len(SEED)), st.integers(min_value=0, max_value=len(SEED)), st.binary(max_size=40)
)
def test_truncated_and_mutated_fixture(cut, pos, junk):
    _ok(SEED[:cut])
    _ok(SEED[:pos] + junk + SEED[pos:])


def test_a_charset_label_with_a_nul_byte_is_ignored():
    """Found by the test above: a NUL inside the meta charset label raised ValueError from codecs.lookup."""
    at = SEED.index(b"charset=") + len(b"charset=") + 2
    _ok(SEED[:at] + b"\x00\x80" + SEED[at:])
    _ok(b'<html><head><meta charset="utf\x00-8"></head><body><p>text</p></body></html>')


def test_deep_nesting_and_huge_attributes():
    _ok(b"<div>" * 10000 + b"<p>text</p>" + b"</div>" * 10000)
    _ok(b'<html><body><p title="' + b"a" * 2_000_000 + b'">hello</p></body></html>')
    _ok(b'<script type="application/ld+json">{"@type": "NewsArticle", "headline": [[[{]]</script><h1>x</h1>')


def test_declared_charset_is_used_for_bytes():
    page = (
        '<html><head><meta charset="shift_jis"><title>x</title></head><body><h1>日本のニュース</h1>'
        "<p>" + "東京で記者会見が開かれた。" * 20 + "</p></body></html>"
    )
    a = parse_article(page.encode("shift_jis"))
    assert a.headline == "日本のニュース"
    assert "記者会見" in a.body


_shapes = st.recursive(
    st.sampled_from(
        [
            "<li><a href='/x'>Story</a></li>",
            "<li>no link</li>",
            "<li><a>no href</a></li>",
            "<li><a href='javascript:void(0)'><img src='a.jpg'></a></li>",
            "<li></li>",
            "text",
            "<h3>Most Read</h3>",
            "<li><a href='/y'><figure><span>1</span></figure>Bare title</a></li>",
        ]
    ),
    lambda children: st.lists(children, max_size=6).map(
        lambda parts: "<ul>" + "".join(parts) + "</ul>" if parts else "<ol></ol>"
    ),
    max_leaves=30,
)


@pytest.mark.slow  # seconds: in the full run, not the inner loop
@settings(max_examples=120, deadline=None)
@given(st.lists(_shapes, max_size=5), st.sampled_from(["Most Read", "JN ACCESS RANKING", "Trending", "Popular"]))
def test_ranking_lists_of_odd_shapes(lists, heading):
    html = (
        f"<html><body><h1>Headline</h1><p>{'Some story text here. ' * 10}</p><aside><h2>{heading}</h2>"
        + "".join(lists)
        + "</aside></body></html>"
    )
    a = parse_article(html, "https://japannews.yomiuri.co.jp/politics/x/20240101-1/")
    for r in a.rankings:
        assert r.name and len(r.items) >= 2
        assert [i.position for i in r.items] == list(range(1, len(r.items) + 1))
        assert all(i.title for i in r.items)


@pytest.mark.slow  # seconds: in the full run, not the inner loop
def test_pathological_pages_parse_in_bounded_time():
    import time

    pages = [
        b"<div>" * 10000 + b"<p>text</p>" + b"</div>" * 10000,
        b"<html><body>" + b"<p><a href='/a'>link</a></p>" * 50000 + b"</body></html>",
        b"<html><body><h1>x</h1>" + b"<ul>" + b"<li><a href='/a'>Most Read</a></li>" * 20000 + b"</ul></body></html>",
        b"<html><body><table>" + b"<tr><td>cell</td></tr>" * 50000 + b"</table></body></html>",
        b'<script type="application/ld+json">' + b'{"@graph": [' * 5000 + b"]}" * 5000 + b"</script><h1>x</h1>",
    ]
    for page in pages:
        start = time.monotonic()
        _ok(page)
        assert time.monotonic() - start < 20, "a pathological page took too long"


def test_utf16_pages_with_a_bom_are_read_not_rejected_as_binary():
    from newsgrab import parse_article

    paras = "".join(
        f"<p>Paragraph {i}: the council met on Monday and voted on the plan, officials said.</p>" for i in range(4)
    )
    html = f"<html><head><title>Headline</title></head><body><article><h1>Headline</h1>{paras}</article></body></html>"
    for data in (html.encode("utf-16"), b"\xfe\xff" + html.encode("utf-16-be")):
        a = parse_article(data, "https://n.example/a")
        assert a.headline == "Headline" and "officials said" in a.body


def test_a_malformed_canonical_link_is_no_crash():
    from newsgrab import parse_article

    paras = "".join(
        f"<p>Paragraph {i}: the council met on Monday and voted on the plan, officials said.</p>" for i in range(4)
    )
    html = (
        f'<html><head><link rel="canonical" href="http://[::1/politics/1/"><title>Vote</title></head>'
        f"<body><article><h1>Vote</h1>{paras}</article></body></html>"
    )
    assert parse_article(html, "https://example.com/a").headline == "Vote"
    assert parse_article(html).headline == "Vote"


def test_c1_controls_are_dropped_like_esc():
    """A raw C1 control (\\x9b is a one-byte CSI) is no text: the parser drops it as it drops ESC."""
    from newsgrab import parse_article

    para = "<p>Some paragraph text long enough to count as a story, with words \x9b and more \x1b[2J words.</p>"
    page = (
        f"<html><head><title>T</title></head><body><article><h1>Head\x9b2J line</h1>{para * 5}</article></body></html>"
    )
    a = parse_article(page, "https://news.example.com/a/1")
    assert "\x9b" not in a.headline + a.body and "\x1b" not in a.body
    assert a.headline == "Head2J line"


CONTROLS = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF)]


@pytest.mark.parametrize("given", ["str", "utf-8 bytes"])
def test_no_control_character_of_any_kind_reaches_the_record(given):
    """Every C0 control but tab, newline and CR, DEL, every C1 control and the noncharacters U+FFFE and U+FFFF:
    in the title, the text and an attribute, given as a str or as UTF-8 bytes, none is in the record."""
    import json

    from newsgrab import parse_article

    every = "".join(CONTROLS)
    para = f"<p>Some paragraph text long enough{every} to count as a story, with words and more words here.</p>"
    page = (  # a comment first: a page that begins with controls is refused as binary (another test's matter)
        f"<!--{'padding ' * 300}--><html><head><title>Head{every} line</title>"
        f"<meta property='og:title' content='Head{every} line'></head>"
        f"<body><article><h1>Head{every} line</h1>{para * 5}<figure><img src='/a.jpg' alt='x{every}y'>"
        f"<figcaption>A caption{every} here</figcaption></figure></article></body></html>"
    )
    a = parse_article(page if given == "str" else page.encode("utf-8"), "https://news.example.com/a/1")
    record = json.dumps(a.to_dict(), ensure_ascii=False)
    assert not [c for c in CONTROLS if c in record]
    assert a.headline == "Head line" and "long enough to count" in a.body


def test_a_latin1_label_reads_as_windows_1252():
    """The HTML standard reads iso-8859-1 as windows-1252: 0x93/0x94 are curly quotes, not C1 controls."""
    from newsgrab.extract.document import decode

    assert (
        decode(b"<meta charset=iso-8859-1><p>\x93quoted\x94 caf\xe9</p>")
        == "<meta charset=iso-8859-1><p>\u201cquoted\u201d caf\u00e9</p>"
    )
