"""Each metadata source, on small hand-written pages."""

import pytest

from newsgrab import parse_article

from .conftest import html_page

BODY = "<p>" + "The council voted on Tuesday to approve the new budget, officials said. " * 6 + "</p>"


def page(head="", body="", lang="en"):
    return html_page(f"{body}<article>{BODY}</article>", head=head, lang=lang)


def test_jsonld_graph_newsarticle():
    head = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "Example"},
      {"@type": "NewsArticle", "headline": "Council Approves Budget", "datePublished": "2024-03-01T10:00:00+01:00",
       "dateModified": "2024-03-01T12:30:00+01:00", "author": [{"@type": "Person", "name": "Ann Lee"},
       {"@type": "Organization", "name": "Example Press"}], "articleSection": ["Local", "Politics"],
       "keywords": "budget, council", "inLanguage": "de-DE", "isAccessibleForFree": false}]}</script>"""
    a = parse_article(page(head))
    assert a.headline == "Council Approves Budget"
    assert a.published.isoformat() == "2024-03-01T10:00:00+01:00"
    assert a.modified.isoformat() == "2024-03-01T12:30:00+01:00"
    assert a.authors == ["Ann Lee"] and a.credit == "Example Press"
    assert a.section == "Local" and a.tags == ["budget", "council"]
    assert a.language == "de-DE" and a.access == "premium"
    assert a.sources["headline"] == "json-ld" and a.sources["published"] == "json-ld"


def test_jsonld_array_and_broken_json_are_survived():
    head = (
        '<script type="application/ld+json">[{"@type": "BreadcrumbList", "itemListElement": []},'
        '{"@type": "ReportageNewsArticle", "headline": "Array Headline", "datePublished": "2024-03-01"}]</script>'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": broken</script>'
    )
    assert parse_article(page(head)).headline == "Array Headline"


def test_opengraph_and_article_meta():
    head = (
        '<meta property="og:title" content="OG Headline"><meta property="og:site_name" content="Example">'
        '<meta property="article:published_time" content="2024-03-01T09:15:00Z">'
        '<meta property="article:modified_time" content="2024-03-02T09:15:00Z">'
        '<meta property="article:section" content="World"><meta property="article:tag" content="Budget">'
        '<meta property="article:tag" content="Council"><meta property="og:image" content="/img/a.jpg">'
    )
    a = parse_article(page(head), "https://example.com/news/a")
    assert a.headline == "OG Headline"
    assert a.published.isoformat() == "2024-03-01T09:15:00+00:00"
    assert a.modified.isoformat() == "2024-03-02T09:15:00+00:00"
    assert (a.section, a.tags) == ("World", ["Budget", "Council"])
    assert a.images[0].url == "https://example.com/img/a.jpg"


def test_twitter_dublin_core_parsely_sailthru():
    a = parse_article(
        page(
            '<meta name="twitter:title" content="Twitter Headline">'
            '<meta name="DC.date.issued" content="2024-03-01T08:00:00+00:00">'
            '<meta name="parsely-author" content="Bob Ray">'
        )
    )
    assert a.headline == "Twitter Headline"
    assert a.published.isoformat() == "2024-03-01T08:00:00+00:00"
    assert a.authors == ["Bob Ray"]
    a = parse_article(
        page(
            '<meta name="sailthru.title" content="Sailthru Headline">'
            '<meta name="sailthru.author" content="Cy Young">'
            '<meta name="parsely-pub-date" content="2024-03-01T08:00:00Z">'
        )
    )
    assert (a.headline, a.authors) == ("Sailthru Headline", ["Cy Young"])
    assert a.published.tzinfo is not None


def test_microdata_time_element_and_rel_author():
    body = (
        '<h1 itemprop="headline">Microdata Headline</h1>'
        '<time itemprop="datePublished" datetime="2024-03-01T07:00:00-05:00">March 1</time>'
        '<a rel="author" href="/staff/dee">Dee Kay</a>'
    )
    a = parse_article(page(body=body))
    assert a.headline == "Microdata Headline"
    assert a.published.isoformat() == "2024-03-01T07:00:00-05:00"
    assert a.authors == ["Dee Kay"]


def test_plain_time_element_and_byline_class():
    body = (
        '<h1>Plain Headline</h1><p class="byline">By Eve Moss and Finn Hale, Staff Writers</p>'
        '<time datetime="2024-03-01T07:00:00+09:00">March 1</time>'
    )
    a = parse_article(page(body=body))
    assert a.authors == ["Eve Moss", "Finn Hale"]
    assert a.published.utcoffset().total_seconds() == 9 * 3600


def test_title_suffix_is_dropped_and_h1_confirmed():
    a = parse_article(
        page(
            '<title>Budget Passes - Example News</title><meta property="og:site_name" content="Example News">',
            body="<h1>Budget Passes</h1>",
        )
    )
    assert a.headline == "Budget Passes"
    a = parse_article(
        page('<title>Budget Passes | Example News</title><meta property="og:site_name" content="Example News">')
    )
    assert a.headline == "Budget Passes"


def test_naive_date_is_marked_and_default_zone_applies():
    head = '<meta property="article:published_time" content="2024-03-01T10:00:00">'
    a = parse_article(page(head))
    assert a.published.tzinfo is None and a.warnings
    a = parse_article(page(head), default_tz="Europe/Berlin")
    assert a.published.isoformat() == "2024-03-01T10:00:00+01:00"


def test_date_only_in_url_gives_the_day():
    a = parse_article(page(body="<h1>Headline</h1>"), "https://example.com/2024/03/01/budget/")
    assert a.published.date().isoformat() == "2024-03-01"
    assert a.sources["published"] == "generic"


@pytest.mark.parametrize(
    "head,lang",
    [
        ("", "fr"),
        ('<meta http-equiv="content-language" content="es">', "es"),
    ],
)
def test_language(head, lang):
    assert parse_article(page(head, lang="fr")).language == lang  # a content-language meta wins over <html lang>


def test_canonical_on_another_host_is_not_trusted():
    head = '<link rel="canonical" href="https://evil.example.net/other">'
    assert parse_article(page(head), "https://example.com/a").url == "https://example.com/a"
    head = '<link rel="canonical" href="/news/a-canonical">'
    assert parse_article(page(head), "https://example.com/a?utm=1").url == "https://example.com/news/a-canonical"


def test_link_to_an_author_page_is_a_byline():
    body = (
        '<h1>Headline</h1><p class="meta-info">von <a href="/autoren/name/max-kolter">Dr. Max Kolter</a></p>'
        '<ul class="metaInfoAuthorList"><li><a href="/author/ann/">Ann Lee</a></li></ul>'
    )
    assert parse_article(page(body=body)).authors == ["Dr. Max Kolter"]


def test_kicker_in_h1_is_not_part_of_the_headline():
    head = '<meta property="og:title" content="Drusen fordern Teilhabe">'
    body = '<h1 itemprop="headline"><span class="kicker">Minderheit in Syrien</span> - Drusen fordern Teilhabe</h1>'
    assert parse_article(page(head, body)).headline == "Drusen fordern Teilhabe"


def test_visible_date_in_a_date_named_element():
    body = '<h1>Headline</h1><div class="technicalline"><div class="lineinfo">Do 25.04.24 | 14:07 Uhr</div></div>'
    a = parse_article(page(body=body))
    assert a.published.isoformat() == "2024-04-25T14:07:00" and a.warnings
    a = parse_article(page(body=body), default_tz="Europe/Berlin")
    assert a.published.isoformat() == "2024-04-25T14:07:00+02:00"


def ld(author: str) -> str:
    return (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council Approves Budget", '
        f'"author": {author}}}</script>'
    )


def test_organisation_named_as_author_stands_as_author_when_no_person_is_named():
    a = parse_article(page(ld('{"@type": "NewsMediaOrganization", "name": "Redaktion Example"}')))
    assert a.authors == ["Redaktion Example"] and a.credit == "Redaktion Example"
    a = parse_article(page(ld('[{"@type": "Person", "name": "DPA"}, {"@type": "Person", "name": "MM-Redaktion"}]')))
    assert a.authors == ["DPA", "MM-Redaktion"] and a.credit == "DPA"


def test_a_named_person_wins_over_an_organisation_author():
    a = parse_article(
        page(ld('[{"@type": "Organization", "name": "Example Press"}]'), body='<div class="byline">By Ann Lee</div>')
    )
    assert a.authors == ["Ann Lee"] and a.credit == "Example Press"


def test_author_named_like_the_site_is_the_newsroom():
    head = '<meta property="og:site_name" content="Dizindaba"><meta name="author" content="Dizindaba">'
    a = parse_article(page(head))
    assert a.authors == ["Dizindaba"] and a.credit == "Dizindaba"
    # one word that is neither an organisation nor the site (a user account) is not an author
    a = parse_article(page('<meta name="author" content="Kaffeetrinker">'))
    assert a.authors == [] and a.credit is None


def test_author_links_that_run_together_are_separate_names():
    body = (
        '<span class="authors"><a class="post-author" href="/verfasser/dpa.html">dpa</a>'
        '<a class="post-author" href="/verfasser/redaktion.html">MM-Redaktion</a></span>'
    )
    a = parse_article(page(body=body))
    assert a.byline == "dpa, MM-Redaktion"
    assert a.authors == ["dpa", "MM-Redaktion"] and a.credit == "dpa"


def test_jsonld_name_printed_as_the_h1_beats_a_search_variant_headline():
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "Woman who lost 130lb: seven unexpected changes", '
        '"name": "A woman who lost 130 pounds shares 7 changes she was not expecting"}</script>'
        "<title>Woman Who Lost 130lb: Seven Unexpected Changes - Example</title>"
    )
    a = parse_article(page(head, body="<h1>A woman who lost 130 pounds shares 7 changes she was not expecting</h1>"))
    assert a.headline == "A woman who lost 130 pounds shares 7 changes she was not expecting"
    # when the page prints the JSON-LD headline, it stays, whatever `name` says
    head2 = head.replace('"name": "A woman', '"name": "The woman')
    a = parse_article(page(head2, body="<h1>Woman who lost 130lb: seven unexpected changes</h1>"))
    assert a.headline == "Woman who lost 130lb: seven unexpected changes"


def test_jsonld_author_given_by_reference_is_looked_up_in_the_graph():
    head = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "NewsArticle", "headline": "Council Approves Budget",
       "author": [{"@id": "https://example.com/#/schema/person/1"}, {"@id": "https://example.com/#/org"}]},
      {"@type": "Person", "@id": "https://example.com/#/schema/person/1", "name": "Ann Lee"},
      {"@type": "Organization", "@id": "https://example.com/#/org", "name": "Example Press"}]}</script>"""
    a = parse_article(page(head))
    assert a.authors == ["Ann Lee"] and a.credit == "Example Press"


def test_jsonld_article_body_stands_in_when_the_page_draws_its_story_by_script():
    story = (
        "First paragraph of the story about the council budget, with &quot;quotes&quot;.\\n"
        "Second paragraph: the vote was 31 to 12, and the budget takes effect in April.<br>"
        "Third paragraph, in which the mayor thanks the council for a long night of work."
    )
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council Approves Budget", '
        f'"articleBody": "{story}"}}</script>'
    )
    a = parse_article(
        f'<html><head>{head}</head><body><div id="app"><nav><a href="/">Home</a></nav></div></body></html>'
    )
    assert a.body.split("\n\n") == [
        'First paragraph of the story about the council budget, with "quotes".',
        "Second paragraph: the vote was 31 to 12, and the budget takes effect in April.",
        "Third paragraph, in which the mayor thanks the council for a long night of work.",
    ]
    assert a.sources["body"] == "json-ld"
    # a page that prints its story keeps the printed text
    assert parse_article(page(head)).body == BODY[3:-4].strip()


def test_explain_names_json_ld_for_values_from_json_ld():
    from newsgrab import parse_article

    paras = "".join(
        f"<p>Paragraph {i}: the council met on Monday and voted on the plan, officials said.</p>" for i in range(4)
    )
    html = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Big headline", '
        '"datePublished": "2024-01-01T10:00:00Z", "articleSection": "World", '
        '"author": {"@type": "Person", "name": "Ann Lee"}}</script>'
        '<meta property="og:title" content="Big headline"><meta name="author" content="Bob Ray">'
        f"</head><body><h1>Big headline</h1>{paras}</body></html>"
    )
    a = parse_article(html, "https://n.example/a")
    assert {k: a.sources[k] for k in ("headline", "published", "authors", "section")} == {
        "headline": "json-ld",
        "published": "json-ld",
        "authors": "json-ld",
        "section": "json-ld",
    }
    b = parse_article(html.replace('"author": {"@type": "Person", "name": "Ann Lee"}', '"x": 1'), "https://n.example/a")
    assert b.authors == ["Bob Ray"] and b.sources["authors"] == "meta"


def _crumbs_page(names: list[str], headline: str = "Putin warns of a break-up") -> str:
    items = ", ".join(f'{{"@type": "ListItem", "position": {i + 1}, "name": "{n}"}}' for i, n in enumerate(names))
    ld = (
        f'[{{"@type": "NewsArticle", "headline": "{headline}"}}, '
        f'{{"@type": "BreadcrumbList", "itemListElement": [{items}]}}]'
    )
    return (
        f"<html><head><meta property='og:site_name' content='Example Daily'><script type='application/ld+json'>"
        f"{ld}</script></head><body><article><h1>{headline}</h1>{BODY}</article></body></html>"
    )


@pytest.mark.parametrize(
    "names",
    [
        ["Politik", "Ausland", "Putin warns of a break-up"],  # the trail ends with the article itself
        ["Example Daily", "Politik", "Ausland"],  # the trail begins with the site's own name
        ["Startseite", "Politik", "Ausland", "Putin warns of a break-up"],
    ],
)
def test_the_section_is_the_trails_last_section_not_the_article_or_the_site(names):
    a = parse_article(_crumbs_page(names), "https://www.example.com/politik/ausland/putin")
    assert (a.section_path, a.section) == (["Politik", "Ausland"], "Ausland")


def test_a_section_named_like_a_word_of_the_headline_stays():
    a = parse_article(_crumbs_page(["News", "Putin"]), "https://www.example.com/news/putin")
    assert a.section_path == ["News", "Putin"]


STORY_2008 = "".join(
    f"<p>Paragraph {i} of the story: the manager spoke to reporters on Tuesday about the club, "
    "the cup run and the weeks ahead for his squad.</p>"
    for i in range(6)
)


def page_2008(title: str, before: str, after: str = "") -> str:
    """A page as 2008 made them: no metadata, a table layout, the headline in a cell or a font tag."""
    return (
        f"<html><head><title>{title}</title></head><body><table><tr><td>{before}</td></tr>"
        f"<tr><td>{STORY_2008}</td></tr></table>{after}</body></html>"
    )


@pytest.mark.parametrize(
    "title, printed",
    [
        (
            "Goal.com - Chelsea - Cole: Winning Cup Would Give Chelsea Momentum",
            "<td class='headline'>Cole: Winning Cup Would Give Chelsea Momentum</td>",
        ),
        (
            "Kat to go to London... with Sallu-India Buzz-Entertainment-The Times of India",
            "<font size='+2'><b>Kat to go to London... with Sallu</b></font>",
        ),
        ("Sound Politics: Fight! Fight! Fight!", "<h3>Fight! Fight! Fight!</h3>"),
        (
            "Tennis: Top seed Bondarenko falls in Hobart tourney - The Honolulu Advertiser",
            "<span class='title'>Tennis: Top seed Bondarenko falls in Hobart tourney</span>",
        ),
    ],
)
def test_without_metadata_the_headline_is_the_text_the_title_names(title, printed):
    """Issue 26: on pages with no og:title or JSON-LD the <title> with the site's name was taken (L3S 2008
    set: title 0.51). The printed text that the <title> names between its separators is the headline."""
    a = parse_article(page_2008(title, f"<div>Sports | News</div>{printed}"), "https://news.example.com/a/1")
    import re as _re

    assert a.headline == _re.sub(r"<[^>]+>", "", printed)


def test_a_heading_beats_a_longer_site_slogan_the_title_also_names():
    title = "Kerry endorses Obama - Berkshire Eagle Online - Your news source since 1891"
    a = parse_article(
        page_2008(
            title, "<h2>Kerry endorses Obama</h2>", after="<p>Berkshire Eagle Online - Your news source since 1891</p>"
        ),
        "https://news.example.com/a/1",
    )
    assert a.headline == "Kerry endorses Obama"


def test_prose_that_repeats_the_headline_is_left_alone():
    """The negatives: a sentence that begins with the headline's words is no part of the <title>; two-word
    site names are not headlines; the body keeps the sentence."""
    title = "Harbour works run late | City News"
    sentence = "Harbour works run late again, the council said on Monday, and the costs keep rising."
    a = parse_article(
        page_2008(title, "<div>City News</div>", after=f"<p>{sentence}</p>"), "https://news.example.com/a/1"
    )
    assert a.headline == "Harbour works run late"  # from the <title> without its suffix, as before
    assert "Paragraph 5 of the story" in a.body


@pytest.mark.parametrize(
    "title, masthead",
    [
        ("SFGate: World Views  : Another political murder in Lebanon", "SFGate: World Views"),
        ("Ferry to run free while the bridge is rebuilt - Riverside Daily Blog", "Riverside Daily Blog"),
        ("Riverside Daily Blog | Ferry to run free while the bridge is rebuilt", "Riverside Daily Blog"),
    ],
)
def test_without_metadata_an_h1_that_is_the_sites_part_of_the_title_is_its_masthead(title, masthead):
    """2008 blogs and sports pages print the site's name in the <h1> and the story's headline in an <h2>;
    both are parts of the <title>. The longer part printed as a heading is the headline (seen on SFGate,
    the New York Times' Opinionator, football365 and Soccerway)."""
    headline = title.replace(masthead, "").strip(" :|-")
    a = parse_article(
        page_2008(title, f"<h1><a href='/blog/'>{masthead}</a></h1><h2>{headline}</h2>"), "https://news.example.com/a/1"
    )
    assert a.headline == headline


def test_without_metadata_the_sites_name_printed_on_the_page_is_not_the_headline():
    """The <title> says "<SEO headline> - Rest of World", the <h1> prints another headline, and the site's
    name stands in the masthead and the footer as a title-classed element: that part of the <title> names
    the site (its host, restofworld.org, or og:site_name), not the story."""
    title = "Oman's plan to become a space powerhouse by building a launchpad - Rest of World"
    h1 = "The world needs more spaceports. Oman wants to help"
    html = page_2008(title, f"<div class='site-title'>Rest of World</div><h1>{h1}</h1>")
    assert parse_article(html, "https://restofworld.org/2025/oman-spaceport/").headline == h1
    named = html.replace("<head>", "<head><meta property='og:site_name' content='Rest of World'>")
    assert parse_article(named, "https://news.example.com/2025/oman-spaceport/").headline == h1
    # the negative: a headline that the <title> names, on a host whose name is another, is the headline
    other = page_2008("Rest of the world waits for rain - Valley News", "<h2>Rest of the world waits for rain</h2>")
    assert parse_article(other, "https://restofworld.org/a/1").headline == "Rest of the world waits for rain"


def test_an_h1_headline_stays_beside_a_shorter_printed_part_of_the_title_and_wherever_metadata_exists():
    # the negative: the <h1> is the headline, and the site's name printed in a heading is shorter
    title = "Ferry to run free while the bridge is rebuilt - Riverside Daily Blog"
    html = page_2008(title, "<h2>Riverside Daily Blog</h2><h1>Ferry to run free while the bridge is rebuilt</h1>")
    assert (
        parse_article(html, "https://news.example.com/a/1").headline == "Ferry to run free while the bridge is rebuilt"
    )
    # with metadata, the rule stays out: og:title names the masthead and that is what the page says
    html = page_2008(title, "<h1>Riverside Daily Blog</h1><h2>Ferry to run free while the bridge is rebuilt</h2>")
    html = html.replace("<head>", "<head><meta property='og:title' content='Riverside Daily Blog'>")
    assert parse_article(html, "https://news.example.com/a/1").headline == "Riverside Daily Blog"
