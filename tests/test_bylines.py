import pytest

from newsgrab.extract.bylines import byline_parts, split_byline

from .conftest import html_page

ALIASES = {"Yomiuri Shimbun": "The Yomiuri Shimbun"}


@pytest.mark.parametrize(
    "text,authors,credit",
    [
        (
            "By Takeo Maeda and Tatsuya Tanoue / Yomiuri Shimbun Staff Writers",
            ["Takeo Maeda", "Tatsuya Tanoue"],
            "The Yomiuri Shimbun",
        ),
        ("By Jun Hongo / Yomiuri Shimbun Correspondent", ["Jun Hongo"], "The Yomiuri Shimbun"),
        ("By Stan Choe / AP Business Writer", ["Stan Choe"], "AP"),
        ("By John Smith, Staff Writer", ["John Smith"], None),
        ("Von Anna Müller und Peter Meier", ["Anna Müller", "Peter Meier"], None),
        ("By Ann Lee, Bob Ray and Cy Young, CNN", ["Ann Lee", "Bob Ray", "Cy Young"], "CNN"),
        ("Jane Doe jane.doe@example.com @janedoe Updated 10:44 AM", ["Jane Doe"], None),
        ("Reuters", [], "Reuters"),
    ],
)
def test_split_byline(text, authors, credit):
    assert split_byline(text, ALIASES) == (authors, credit)


@pytest.mark.parametrize(
    "text,people,orgs",
    [
        ("By JOHN SMITH Associated Press", ["JOHN SMITH"], ["Associated Press"]),
        ("Jane Doe (AFP)", ["Jane Doe"], ["AFP"]),
        ("Elena Oberholzer (obe)", ["Elena Oberholzer"], []),
        ("Story by Jane Doe", ["Jane Doe"], []),
        ("Jane Doe • Updated 3 hours ago", ["Jane Doe"], []),
        ("Jane Doe in Kyiv", ["Jane Doe"], []),
        ("Reporting by Jane Doe; Editing by John Roe", ["Jane Doe"], []),
        ("Frankfurter Allgemeine Zeitung", [], ["Frankfurter Allgemeine Zeitung"]),
        ("dpa, MM-Redaktion", [], ["dpa", "MM-Redaktion"]),
    ],
)
def test_byline_parts_people_and_organisations(text, people, orgs):
    from newsgrab.extract.bylines import byline_parts

    assert byline_parts(text) == (people, orgs)


def test_a_single_word_named_like_the_site_is_the_newsroom():
    from newsgrab.extract.bylines import byline_parts

    assert byline_parts("Dizindaba", site="Dizindaba") == ([], ["Dizindaba"])
    assert byline_parts("Dizindaba") == ([], [])


def test_a_handle_or_address_after_the_bar_is_not_the_credit():
    from newsgrab.extract.bylines import byline_parts

    assert byline_parts("By Sam O'Neil, sam.oneil@example.com | @samoneil") == (["Sam O'Neil"], [])
    assert byline_parts("By Ann Lee | ann@example.com") == (["Ann Lee"], [])
    assert byline_parts("By Ann Lee / Yomiuri Shimbun Staff Writer") == (["Ann Lee"], ["Yomiuri Shimbun"])


def test_a_french_byline_names_both_authors():
    from newsgrab.extract.bylines import byline_parts

    assert byline_parts("Par José Álvarez et Zoë Østergaard")[0] == ["José Álvarez", "Zoë Østergaard"]


@pytest.mark.parametrize(
    "byline,people",
    [
        ("By Jane Doe - Apr 16", ["Jane Doe"]),
        ("By John Roe January 18", ["John Roe"]),
        ("By Ann Lee22 Dec 2016", ["Ann Lee"]),
        ("By Ann Lee, 10/01/2024 08:00", ["Ann Lee"]),
        ("Von Anna Schmidt, 12. März 2024", ["Anna Schmidt"]),
        ("By Robert E. Lee", ["Robert E. Lee"]),
        ("By John Y. Smith", ["John Y. Smith"]),
        ("By JOHN SMITH AND JANE DOE", ["JOHN SMITH", "JANE DOE"]),
        ("Por Juan Pérez y María López", ["Juan Pérez", "María López"]),
    ],
)
def test_dates_initials_and_conjunctions_in_bylines(byline, people):
    from newsgrab.extract.bylines import byline_parts

    assert byline_parts(byline)[0] == people


@pytest.mark.parametrize("byline", ["By Sid Lowe", "By Amy Post", "By Laura Times", "By June Smith", "By April Jones"])
def test_surnames_and_first_names_that_are_also_words_are_people(byline):
    from newsgrab.extract.bylines import byline_parts

    assert byline_parts(byline) == ([byline[3:]], [])


@pytest.mark.parametrize(
    "byline,org",
    [
        ("By The Washington Post", "The Washington Post"),
        ("AP", "AP"),
        ("SID", "SID"),
        ("By Financial Times Staff", "Financial Times Staff"),
    ],
)
def test_organisations_are_known_by_evidence(byline, org):
    from newsgrab.extract.bylines import byline_parts

    assert byline_parts(byline) == ([], [org])


@pytest.mark.parametrize("label", ["Contact Us", "Key Takeaways", "Breaking News", "The End", "Top Stories"])
def test_a_bold_label_closing_the_story_is_not_a_signoff(label):
    from newsgrab import parse_article

    story = "".join(f"<p>Paragraph {i} of the story tells what the council decided this week.</p>" for i in range(5))
    a = parse_article(
        f"<html><body><article><h1>Budget vote</h1>{story}<p><strong>{label}</strong></p></article></body></html>"
    )
    assert a.authors == []


def test_the_sites_own_name_is_not_an_author_beside_people():
    from newsgrab import parse_article

    story = "".join(f"<p>Paragraph {i} of the story tells what the council decided this week.</p>" for i in range(5))
    ld = (
        '{"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Ann Lee"}, '
        '{"@type": "Person", "name": "Example Daily"}, {"@type": "Person", "name": "Bob Ray"}]}'
    )
    html = (
        f'<html><head><meta property="og:site_name" content="Example Daily"><script type="application/ld+json">'
        f"{ld}</script></head><body><article><h1>Budget vote</h1>{story}</article></body></html>"
    )
    assert parse_article(html, "https://www.example.de/a").authors == ["Ann Lee", "Bob Ray"]


def test_a_commenters_name_is_not_the_byline():
    from newsgrab import parse_article

    story = "".join(f"<p>Paragraph {i} of the story tells what the council decided this week.</p>" for i in range(5))
    widget = (
        "<aside class='widget widget_recent_comments'><ul id='recentcomments'><li class='recentcomments'>"
        "<span class='comment-author-link'>Kaffeetrinker</span> on <a href='/x#comment-1'>Gifts</a></li></ul>"
        "</aside>"
    )
    a = parse_article(f"<html><body><article><h1>Budget vote</h1>{story}</article>{widget}</body></html>")
    assert a.authors == [] and a.byline is None
    # the story's own byline, beside the same widget, is read
    a = parse_article(
        f"<html><body><article><h1>Budget vote</h1><p class='byline'>By Ann Lee</p>{story}"
        f"</article>{widget}</body></html>"
    )
    assert a.authors == ["Ann Lee"]


STORY = "".join(f"<p>Paragraph {i} of the story tells what the council decided about the budget.</p>" for i in range(5))


def _page(before: str = "", in_article: str = "", after: str = "") -> str:
    return html_page(
        f"{before}<main><article><h1>Budget vote</h1>{in_article}<div class='story-body'>{STORY}</div></article>"
        f"{after}</main>",
        head=None,
    )


# Each byline of another story is marked up as more trusted than the story's own (class "author").
@pytest.mark.parametrize(
    "elsewhere",
    [
        "<nav><ul><li><a rel='author' href='/author/matthew-c'>Matthew Continetti</a></li></ul></nav>",
        "<ul class='sub-menu'><li><span class='byline'>Matthew Continetti</span></li></ul>",
        "<a class='teaser' href='/other'><div class='byline'>Philippe Escande</div>Another story</a>",
        "<article class='card'><h3>Another story</h3><div class='byline'>von Petra Lerchbaumer</div></article>",
        "<aside><div class='byline'>Sara Lindsay</div></aside>",
    ],
)
def test_a_byline_of_another_story_is_not_the_storys(elsewhere):
    from newsgrab import parse_article

    own = "<div class='author'>Greg Iacurci</div>"
    assert parse_article(_page(before=elsewhere, in_article=own)).authors == ["Greg Iacurci"]
    assert parse_article(_page(after=elsewhere, in_article=own)).authors == ["Greg Iacurci"]


def test_the_storys_author_box_in_an_aside_of_its_article_is_read():
    from newsgrab import parse_article

    box = "<aside class='meta'><a href='/autor/sina-zehrfeld'>Sina Zehrfeld</a></aside>"
    assert parse_article(_page(in_article=box)).authors == ["Sina Zehrfeld"]


@pytest.mark.parametrize(
    "markup, text",
    [
        ("<div>by<span>Sauli Giliard</span></div>", "by Sauli Giliard"),
        (
            "<div><a href='/p/dan'>Dan Jervis-Bardy</a><span>The West Australian</span>"
            "<time>Tue, 26 Nov 2024</time></div>",
            "Dan Jervis-Bardy, The West Australian · Tue, 26 Nov 2024",
        ),
        (
            "<div><div><span>By </span><a href='/p/h'>Houston Mitchell</a></div>"
            "<div>Assistant Sports Editor</div></div>",
            "By Houston Mitchell · Assistant Sports Editor",
        ),
        ("<div>By <a href='/a'>Ann Lee</a> and <a href='/b'>Bob Ray</a></div>", "By Ann Lee and Bob Ray"),
        ("<div><a href='/a'>dpa</a><a href='/b'>MM-Redaktion</a></div>", "dpa, MM-Redaktion"),
        (
            "<div><span>Yasmine Hassan</span><div>·</div><div>CBC News</div><div></div><div>·</div>"
            "<div>Posted</div></div>",
            "Yasmine Hassan · CBC News · Posted",
        ),  # the page's own separators and ours: one between parts
    ],
)
def test_a_byline_elements_parts_do_not_run_together(markup, text):
    import lxml.html

    from newsgrab.extract.text import element_text

    assert element_text(lxml.html.fragment_fromstring(markup)) == text


def test_the_byline_under_the_headline_beats_more_trusted_markup_further_away():
    from newsgrab import parse_article

    teasers = "".join(f"<div><a href='/author/w{i}'>Writer {i} Other</a></div>" for i in range(3))
    related = "<div class='related'><p class='byline'>Sara Lindsay</p><p>Another story.</p></div>"
    html = (
        f"<html><body><main><div class='wrap'>{teasers}<h1>Budget vote</h1><div class='author'>Chuck Ross</div>"
        f"<div class='story-body'>{STORY}</div>{related}</div></main></body></html>"
    )
    assert parse_article(html).authors == ["Chuck Ross"]


def test_a_photo_credit_marked_as_author_in_a_figure_is_not_the_byline():
    from newsgrab import parse_article

    figure = (
        "<figure><img src='a.jpg'><figcaption><span itemprop='author'>Mads Rasmussen/Ritzau Scanpix</span>"
        "</figcaption></figure>"
    )
    html = _page(in_article=f"<div class='byline'>Trine Jørgensen og Tôrtia Reimer</div>{figure}")
    assert parse_article(html).authors == ["Trine Jørgensen", "Tôrtia Reimer"]


def test_names_marked_one_by_one_are_read_together():
    from newsgrab import parse_article

    line = "<p>Von <a rel='author' href='/a'>Dominik Bath</a> und <a rel='author' href='/b'>Theresa Martus</a></p>"
    assert parse_article(_page(in_article=line)).authors == ["Dominik Bath", "Theresa Martus"]


@pytest.mark.parametrize(
    "credit", ["Redaktion: Roman Warschauer und Marcel Sommer", "Foto: Mads Rasmussen", "Photo: Jane Roe"]
)
def test_an_editors_or_photographers_credit_line_names_no_author(credit):
    assert byline_parts(credit, {}, "") == ([], [])


def test_a_newsroom_named_redaktion_is_still_an_organisation():
    assert byline_parts("Redaktion hessenschau.de", {}, "") == ([], ["Redaktion hessenschau.de"])
    assert byline_parts("dpa, MM-Redaktion", {}, "") == ([], ["dpa", "MM-Redaktion"])


@pytest.mark.parametrize(
    "line, authors",
    [
        ("<p class='ava1nh8'>von Manuela Conrad</p>", ["Manuela Conrad"]),
        (
            "<div class='c-article-contributors'>Par <a href='/profils/2538'>David Mouriquand</a></div>",
            ["David Mouriquand"],
        ),
        (
            "<span data-testid='byline-contributors'><span>Duncan Walker</span><button>Share</button>"
            "<button>Save</button></span>",
            ["Duncan Walker"],
        ),
        ("<strong class='autor-info-btn'>Tobias Mühlbauer</strong>", ["Tobias Mühlbauer"]),
    ],
)
def test_bylines_marked_in_other_ways_under_the_headline(line, authors):
    from newsgrab import parse_article

    assert parse_article(_page(in_article=line)).authors == authors


@pytest.mark.parametrize(
    "line",
    [
        "<p>Von Montag an gilt die neue Regel für alle Bezirke</p>",
        "<p>By the end of the year prices had doubled</p>",
        "<p>Par ailleurs, le conseil a voté le budget.</p>",
    ],
)
def test_a_line_under_the_headline_that_starts_like_a_byline_but_names_nobody_is_not_one(line):
    from newsgrab import parse_article

    assert parse_article(_page(in_article=line)).authors == []


def _ld_page(author_json: str, byline: str = "") -> str:
    ld = f'{{"@type": "NewsArticle", "author": {author_json}}}'
    return (
        f"<html><head><meta property='og:site_name' content='Example Daily'><script type='application/ld+json'>"
        f"{ld}</script></head><body><article><h1>Budget vote</h1>{byline}{STORY}</article></body></html>"
    )


def test_an_author_page_address_in_json_ld_names_nobody():
    from newsgrab import parse_article

    a = parse_article(
        _ld_page('"https://www.example.com/author/jane-doe"', "<p class='byline'>By Ann Lee</p>"),
        "https://www.example.com/news/budget",
    )
    assert a.authors == ["Ann Lee"] and a.credit is None


def test_the_site_typed_as_a_person_gives_way_to_the_byline_and_stands_alone_as_the_newsroom():
    from newsgrab import parse_article

    site_as_person = '{"@type": "Person", "name": "Example Daily"}'
    url = "https://www.example.com/news/budget"
    assert parse_article(_ld_page(site_as_person, "<p class='byline'>By Ann Lee</p>"), url).authors == ["Ann Lee"]
    assert parse_article(_ld_page(site_as_person), url).authors == ["Example Daily"]
    # a person whose name is not the site's stays the author
    assert parse_article(
        _ld_page('{"@type": "Person", "name": "Jane Doe"}', "<p class='byline'>By Ann Lee</p>"), url
    ).authors == ["Jane Doe"]


@pytest.mark.parametrize(
    "text, people, orgs",
    [
        ("News · Joshua Whorms · 12:43, 20 Apr 2026", ["Joshua Whorms"], []),  # a section label before the name
        ("Staff", [], []),
        ("Nachrichten", [], []),
        ("Lairenlakpam Warli / TIMESOFINDIA.COM / Apr 16, 2026, 14:04", ["Lairenlakpam Warli"], ["TIMESOFINDIA.COM"]),
        # names of organisations, even one word, stay organisations
        ("dpa", [], ["dpa"]),
        ("MND Staff", [], ["MND Staff"]),
        ("NZZ-Redaktion", [], ["NZZ-Redaktion"]),
        ("The Yomiuri Shimbun", [], ["The Yomiuri Shimbun"]),
    ],
)
def test_a_word_that_only_says_organisation_names_none(text, people, orgs):
    assert byline_parts(text, {}, "") == (people, orgs)


def test_a_byline_part_that_repeats_an_earlier_one_is_dropped():
    """issue 23, item 17: an AP byline read 'By Associated Press / Associated Press'."""
    from newsgrab.extract.fields.people import tidy_byline as _tidy_byline

    assert _tidy_byline("By Associated Press / Associated Press") == "By Associated Press"
    assert _tidy_byline("1 day ago · Duncan Walker") == "Duncan Walker"
    assert _tidy_byline("By Ann Lee / Reuters") == "By Ann Lee / Reuters"  # negative: two different parts
    assert _tidy_byline("By Ann Lee and Bob Ray") == "By Ann Lee and Bob Ray"
