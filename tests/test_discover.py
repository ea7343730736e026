"""Discovery: feeds, sitemaps and listings parsed robustly and safely; URL normalisation."""

import gzip
from datetime import UTC

import pytest

from newsgrab.capture.discover import (
    Candidate,
    discover,
    looks_like_article,
    newest_first,
    normalise_url,
    parse_feed,
    parse_listing,
    parse_sitemap,
)
from newsgrab.errors import FetchError

BASE = "https://news.example.com/feed/"


def test_normalise_url():
    assert (
        normalise_url("HTTPS://News.Example.COM:443/a/1?utm_source=x&id=3&fbclid=y#top")
        == "https://news.example.com/a/1?id=3"
    )
    assert normalise_url("/a/2", "https://news.example.com/x/") == "https://news.example.com/a/2"
    assert normalise_url("http://news.example.com:8080/a") == "http://news.example.com:8080/a"
    for bad in ("mailto:a@b.c", "javascript:void(0)", "", "ftp://x.org/a", "http://"):
        assert normalise_url(bad) is None


def test_rss_with_cdata_relative_links_and_bad_dates():
    rss = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
      <item><title><![CDATA[One & <b>two</b>]]></title><link>/a/1?utm_medium=rss</link>
            <pubDate>Sun, 13 Oct 2024 08:41:00 GMT</pubDate></item>
      <item><title>Bad date</title><link><![CDATA[https://news.example.com/a/2]]></link>
            <pubDate>not a date</pubDate></item>
      <item><guid isPermaLink="true">https://news.example.com/a/3</guid></item>
    </channel></rss>"""
    got = parse_feed(rss, BASE)
    assert [c.url for c in got] == [
        "https://news.example.com/a/1",
        "https://news.example.com/a/2",
        "https://news.example.com/a/3",
    ]
    assert got[0].published.isoformat() == "2024-10-13T08:41:00+00:00" and got[1].published is None


def test_atom_and_rdf():
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" href="/a/9"/>
      <link rel="enclosure" href="/img.jpg"/><updated>2024-10-13T08:41:00Z</updated></entry></feed>"""
    assert [c.url for c in parse_feed(atom, BASE)] == ["https://news.example.com/a/9"]
    rdf = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
      xmlns:dc="http://purl.org/dc/elements/1.1/"><item><link>https://news.example.com/a/7</link>
      <dc:date>2024-10-13T08:41:00+09:00</dc:date></item></rdf:RDF>"""
    got = parse_feed(rdf, BASE)
    assert got[0].url == "https://news.example.com/a/7" and got[0].published.utcoffset().seconds == 9 * 3600


def test_sitemap_index_gzip_and_news_sitemap():
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://news.example.com/sm-1.xml.gz</loc></sitemap></sitemapindex>"""
    news = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc>https://news.example.com/a/1</loc><news:news><news:publication_date>2024-10-13T17:41:00+09:00
      </news:publication_date></news:news></url>
      <url><loc>https://news.example.com/a/2</loc><lastmod>2024-10-12</lastmod></url></urlset>"""
    pages = {"https://news.example.com/sitemap.xml": index, "https://news.example.com/sm-1.xml.gz": gzip.compress(news)}
    got = discover(pages.__getitem__, sitemaps=["https://news.example.com/sitemap.xml"])
    assert [c.url for c in newest_first(got)] == ["https://news.example.com/a/1", "https://news.example.com/a/2"]
    urls, subs = parse_sitemap(index, BASE)
    assert urls == [] and subs == ["https://news.example.com/sm-1.xml.gz"]


def test_hostile_xml_is_harmless(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xxe = f"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>
      <rss><channel><item><link>https://news.example.com/&x;</link></item></channel></rss>""".encode()
    got = parse_feed(xxe, BASE)
    assert all("SECRET" not in c.url for c in got)
    laughs = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
      <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
      <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
      <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
      <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
      <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
      <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
      <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
      <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
      <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
      <rss><channel><item><link>https://news.example.com/a/&lol9;</link></item></channel></rss>"""
    got = parse_feed(laughs, BASE)
    assert all(len(c.url) < 200 for c in got)
    with pytest.raises(FetchError, match="not an RSS or Atom feed"):
        parse_feed(b"\x00\x01 not xml at all", BASE)


def test_an_html_page_given_as_a_feed_or_sitemap_is_an_error_not_zero_links():
    page = b"<!doctype html><html><body><a href='/2024/01/10/story'>Story</a></body></html>"
    with pytest.raises(FetchError, match="not an RSS or Atom feed .an HTML page came back"):
        parse_feed(page, BASE)
    with pytest.raises(FetchError, match="not a sitemap .an HTML page came back"):
        parse_sitemap(page, BASE)


LISTING = b"""<html><body>
<header><nav><a href="/">Home</a> <a href="/world/">World</a> <a href="/sport/">Sport</a>
  <a href="/about-us/who-we-are-and-what-we-do/">About us</a></nav></header>
<main><h1>Latest news</h1><ul>
  <li><a href="/news/council-approves-new-budget">Council approves new budget for parks</a></li>
  <li><a href="/news/local/flood-warning-issued">Flood warning issued for the valley towns</a></li>
  <li><a href="/business/markets/shares-fall-on-rate-fears/">Shares fall on fears of a rate rise</a></li>
  <li><a href="/sport/football/city-win-the-derby">City win the derby in extra time</a></li>
  <li><a href="/culture/review-of-the-new-opera">Review: the new opera at the city hall</a></li>
  <li><a href="/tag/budget/">budget</a> <a href="/author/jane-doe-smith-jones/">Jane Doe</a></li>
  <li><a href="https://ads.example.org/news/buy-this-amazing-thing-now">Buy this amazing thing now</a></li>
</ul></main>
<footer><a href="/contact/how-to-reach-the-newsroom">How to reach the newsroom team</a>
  <a href="/page/2/">Next page of stories</a></footer></body></html>"""


def test_a_plain_listing_page_yields_its_article_links_by_default():
    got = [c.url for c in parse_listing(LISTING, "https://news.example.com/latest/")]
    assert got == [
        "https://news.example.com/news/council-approves-new-budget",
        "https://news.example.com/news/local/flood-warning-issued",
        "https://news.example.com/business/markets/shares-fall-on-rate-fears/",
        "https://news.example.com/sport/football/city-win-the-derby",
        "https://news.example.com/culture/review-of-the-new-opera",
    ]


def test_navigation_and_utility_links_are_not_articles():
    assert not looks_like_article("https://n.example/world/", "World")
    assert not looks_like_article("https://n.example/tag/election-results-2024-live/", "Election results 2024 live")
    assert not looks_like_article("https://n.example/about/", "About the newsroom and its team")
    assert looks_like_article("https://n.example/2024/01/10/budget/", "Budget")
    assert looks_like_article("https://n.example/news/a/1234567", "x")


def test_listing_with_pattern_and_heuristics():
    page = b"""<html><body><a href="/politics/politics-government/20241013-216478/">A</a>
      <a href="/about/">About</a><a href="https://other.example.org/2024/10/13/x">Elsewhere</a>
      <a href="/business/economy/20241012-216400/?utm_source=top">B</a></body></html>"""
    pattern = r"/\d{8}-\d+/$"
    got = parse_listing(page, "https://news.example.com/latestnews/", pattern)
    assert [c.url for c in got] == [
        "https://news.example.com/politics/politics-government/20241013-216478/",
        "https://news.example.com/business/economy/20241012-216400/",
    ]
    got = parse_listing(page, "https://news.example.com/latestnews/")
    assert len(got) == 2  # same host, article-like paths only


def test_a_failing_source_is_reported_and_others_still_run():
    errors = []

    def get(url):
        if "broken" in url:
            raise OSError("connection refused")
        return b"<rss><channel><item><link>https://news.example.com/a/1</link></item></channel></rss>"

    got = discover(
        get,
        feeds=["https://news.example.com/broken", "https://news.example.com/feed"],
        on_error=lambda u, e: errors.append(u),
    )
    assert [c.url for c in got] == ["https://news.example.com/a/1"]
    assert errors == ["https://news.example.com/broken"]


def test_newest_first_puts_undated_last():
    from datetime import datetime

    a = Candidate("https://x/a", datetime(2024, 1, 1, tzinfo=UTC))
    b = Candidate("https://x/b", None)
    c = Candidate("https://x/c", datetime(2024, 2, 1, tzinfo=UTC))
    assert [x.url for x in newest_first([a, b, c])] == ["https://x/c", "https://x/a", "https://x/b"]


def big_sitemap(prefix: str, n: int) -> bytes:
    import gzip

    urls = "".join(f"<url><loc>https://news.example.com/{prefix}/{i}</loc></url>" for i in range(n))
    return gzip.compress(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode())


@pytest.mark.slow
def test_a_huge_sitemap_index_is_bounded_newest_first_and_warned():
    from newsgrab.capture.discover import MAX_CANDIDATES, MAX_SITEMAP_URLS, discover

    subs = "".join(
        f"<sitemap><loc>https://news.example.com/s{i}.xml.gz</loc><lastmod>2024-01-{i + 1:02d}</lastmod></sitemap>"
        for i in range(20)
    )
    index = f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{subs}</sitemapindex>'.encode()
    asked, warnings = [], []

    def get(url):
        asked.append(url)
        if url.endswith("index.xml"):
            return index
        return big_sitemap(url.rsplit("/", 1)[1], 60_000)

    found = discover(get, sitemaps=["https://news.example.com/index.xml"], on_warning=warnings.append)
    assert len(found) == MAX_CANDIDATES  # 50,000 from each of two files, then the walk stops
    assert asked[1:3] == ["https://news.example.com/s19.xml.gz", "https://news.example.com/s18.xml.gz"]
    assert len(asked) == 3
    assert any(f"over {MAX_SITEMAP_URLS:,} URLs" in w for w in warnings)
    assert any("not read this run" in w for w in warnings)


def test_ipv6_literal_links_keep_their_brackets():
    feed = b"<rss><channel><item><link>http://[::1]:8080/a/1</link></item></channel></rss>"
    assert [c.url for c in parse_feed(feed, "http://[::1]:8080/feed")] == ["http://[::1]:8080/a/1"]
