"""The small extraction modules on their own: text normalisation, images, ranking lists."""

import lxml.html
import pytest

from newsgrab import parse_article
from newsgrab.extract.images import figure_image
from newsgrab.extract.rankings import find_rankings
from newsgrab.extract.text import clean, clean_lines, join_url, url_host, url_parts

from .conftest import FIXTURES


def test_clean_and_clean_lines():
    assert clean("  Flood\u00adwater\u200b  rose\n\tfast ") == "Floodwater rose fast"
    assert clean(None) == ""
    assert clean_lines("one  \u00a0 line\n\n  two\u200b lines  \n") == "one line\ntwo lines"


def test_urls_from_pages_never_raise():
    assert join_url("https://n.example/a/", "../b") == "https://n.example/b"
    assert join_url("https://n.example/a/", "http://[::1") is None
    assert join_url(None, " /x ") == "/x" and join_url("https://n.example/", "") is None
    assert url_parts("http://[::1") is None and url_parts("http://h:99999/") is None
    assert url_host("https://News.example/a") == "news.example" and url_host(None) is None


def fig(html):
    return lxml.html.fragment_fromstring(html)


def test_figure_with_caption_and_credit():
    f = fig(
        "<figure><img src='/p.jpg'><figcaption>The river at dawn. <span class='credit'>Ann Lee/AP</span>"
        "</figcaption></figure>"
    )
    img = figure_image(f, "https://n.example/a/")
    assert (img.url, img.caption, img.credit) == ("https://n.example/p.jpg", "The river at dawn.", "Ann Lee/AP")


@pytest.mark.parametrize(
    "caption, text, credit",
    [
        ("<p>Putin spoke in the Kremlin.</p><small>Quelle: dpa</small>", "Putin spoke in the Kremlin.", "dpa"),
        ("The river at <b>dawn</b>. Photo: Ann Lee", "The river at dawn.", "Ann Lee"),
        ("<p>Cap<em>tion</em> one.</p><p>Line two.</p>", "Caption one. Line two.", None),
        ("The source of the river, high in the hills.", "The source of the river, high in the hills.", None),
    ],
)
def test_a_captions_parts_stay_apart_and_a_labelled_credit_is_split_off(caption, text, credit):
    img = figure_image(
        fig(f"<figure><img src='/p.jpg'><figcaption>{caption}</figcaption></figure>"), "https://n.example/"
    )
    assert (img.caption, img.credit) == (text, credit)


@pytest.mark.parametrize(
    "html,url",
    [
        ("<figure><img data-src='/lazy.jpg' src='data:image/gif;base64,R0l'></figure>", "https://n.example/lazy.jpg"),
        ("<figure><img srcset='/s1.jpg 1x, /s2.jpg 2x'></figure>", "https://n.example/s1.jpg"),
        ("<figure><picture><source srcset='/w.webp 800w'></picture></figure>", "https://n.example/w.webp"),
    ],
)
def test_lazy_and_responsive_images(html, url):
    assert figure_image(fig(html), "https://n.example/").url == url


def test_a_figure_without_an_image_or_with_a_bad_url_is_none():
    assert figure_image(fig("<figure><figcaption>Only text</figcaption></figure>"), "https://n.example/") is None
    assert figure_image(fig("<figure><img src='http://[::1'></figure>"), "https://n.example/") is None


def rankings(body, headings=()):
    return find_rankings(
        lxml.html.document_fromstring(f"<html><body>{body}</body></html>"), "https://n.example/", headings
    )


def test_a_ranking_list_by_heading_text_with_positions_titles_and_urls():
    (r,) = rankings(
        "<div><h2>Most Read</h2><ol><li><a href='/a/1'><span>1</span>First story of the day</a></li>"
        "<li><a href='/a/2'><span>2</span>Second story of the day</a></li></ol></div>"
    )
    assert r.name == "Most Read"
    assert [(i.position, i.title, i.url) for i in r.items] == [
        (1, "First story of the day", "https://n.example/a/1"),
        (2, "Second story of the day", "https://n.example/a/2"),
    ]


def test_tabs_name_each_list_and_a_plain_link_list_is_no_ranking():
    found = rankings(
        "<div><h2>Most Popular</h2><button>Today</button><button>This week</button>"
        "<ul><li><a href='/a'>A story number one</a></li><li><a href='/b'>B story number two</a></li></ul>"
        "<ul><li><a href='/c'>C story number three</a></li><li><a href='/d'>D story number four</a></li>"
        "</ul></div>"
    )
    assert [r.name for r in found] == ["Most Popular: Today", "Most Popular: This week"]
    assert (
        rankings("<div><h2>Latest news</h2><ul><li><a href='/a'>A</a></li><li><a href='/b'>B</a></li></ul></div>") == []
    )


def test_a_profile_names_its_own_headings():
    found = rankings(
        "<div><p class='t'>JN ACCESS RANKING</p><ul><li><a href='/a'>A story number one</a></li>"
        "<li><a href='/b'>B story number two</a></li></ul></div>",
        headings=(r"ACCESS RANKING$",),
    )
    assert [r.name for r in found] == ["JN ACCESS RANKING"]


HEADLINES = [
    "Council approves the harbour bridge repairs",
    "Schools close early as the storm arrives",
    "Rail strike called off after late talks",
    "Prices rise for the third month in a row",
]


def ranked(heading="Most Read"):
    return (
        f"<h2>{heading}</h2><ol>"
        + "".join(f"<li><a href='/2024/01/s{i}'>{h}</a></li>" for i, h in enumerate(HEADLINES))
        + "</ol>"
    )


MENU = (
    "<ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li><li><a href='/news/uk'>UK News</a></li>"
    "<li><a href='/news/uk/riots'>UK riots</a></li></ul>"
)
SOCIAL = (
    "<ul>"
    + "".join(
        f"<li><a href='https://www.{h}/dailystar'>{h.split('.')[0]}</a></li>"
        for h in ("facebook.com", "twitter.com", "tiktok.com", "instagram.com")
    )
    + "</ul>"
)
FOOTER = (
    "<ul>"
    + "".join(
        f"<li><a href='/{w.lower().replace(' ', '-')}'>{w}</a></li>"
        for w in ("Contact Us", "About Us", "Work for us", "Discount Codes", "Crosswords")
    )
    + "</ul>"
)
SHARE_BOOKMARKS = (
    "<ul>"
    + "".join(
        f"<li><a href='http://{h}/submit?u=x'>add to {h}</a></li>"
        for h in ("del.icio.us", "digg.com", "technorati.com")
    )
    + "</ul>"
)


@pytest.mark.parametrize(
    "shape",
    [
        f"<main><section><div><h2>Top Stories</h2></div><div>cards</div></section></main><footer>{FOOTER}</footer>",
        f"<main><section><div><h2>Top Stories</h2></div></section></main><header><nav>{MENU}</nav></header>",
        f"<div><h2>Top Stories</h2>{MENU}</div>",  # section names, not stories
        f"<div><h2>Top Stories</h2>{SOCIAL}</div>",  # follow us
        f"<div><h2>Most Commented</h2>{SHARE_BOOKMARKS}</div>",  # share / bookmark
        f"<div><h2>Top Stories</h2><ol aria-label='Breadcrumb'>{MENU[4:-5]}</ol></div>",
        f"<div><h2>Top Stories</h2><div class='breadcrumbs'>{MENU}</div></div>",
        f"<div><h2>Top Stories</h2><nav>{FOOTER}</nav></div>",
        "<div><h2>Most Popular</h2><ul><li><a href='#'>Most Viewed</a></li><li><a href='#'>Most E-mailed</a></li>"
        "<li><a href='javascript:void(0)'>Most Discussed</a></li></ul></div>",  # tab strip
    ],
    ids=[
        "footer",
        "header-menu",
        "section-menu",
        "social",
        "bookmarks",
        "breadcrumb-aria",
        "breadcrumb-class",
        "nav-under-heading",
        "tabs",
    ],
)
def test_menus_social_breadcrumbs_and_tabs_are_never_ranking_lists(shape):
    """Issue 24.9: on Daily Star and Mirror pages the footer, section menus, social links and breadcrumbs
    became 'Top Stories' lists, snapshotted every run."""
    assert rankings(shape) == []


@pytest.mark.parametrize(
    "shape",
    [
        f"<aside class='sidebar'>{ranked()}</aside>",
        f"<div class='most-read-box'>{ranked('Most Read')}</div>",
        f"<main><section><div>{ranked('Trending')}</div></section></main><footer>{FOOTER}</footer>",
        f"<div>{ranked()}{SOCIAL}</div>",  # a share box after the ranking list is dropped, the list kept
        "<div><h2>Most Read</h2><ol>"
        + "".join(
            f"<li><a href='/n/{i}'>{t}</a></li>"
            for i, t in enumerate(["高市首相が所信表明演説を行う", "日銀が政策金利を据え置き", "東京で初雪を観測"])
        )
        + "</ol></div>",
        "<div><h2>Most Read</h2><ol>"
        + "".join(
            f"<li><a href='/n/{i}'>{t}</a></li>"
            for i, t in enumerate(
                ["Budget passed", "Minister resigns over expenses claims", "Floods hit the north again"]
            )
        )
        + "</ol></div>",
    ],
    ids=["sidebar", "most-read-class", "section-beside-footer", "list-then-social", "cjk", "one-short-title"],
)
def test_ranking_lists_of_story_headlines_stay_ranking_lists(shape):
    """The negatives: a ranking list in a sidebar, beside a footer, in CJK, or with one short headline."""
    found = rankings(shape)
    assert len(found) == 1 and len(found[0].items) >= 3, found


def test_a_relative_time_line_is_a_date_line_and_prose_with_ago_is_not():
    """issue 23, item 13: the BBC page's '1 day ago' began the body and the byline."""
    from newsgrab.extract.dates import is_date_line

    for line in (
        "1 day ago",
        "3 hours ago",
        "Updated 5 minutes ago",
        "vor 2 Stunden",
        "il y a 3 heures",
        "hace 2 horas",
        "just now",
    ):
        assert is_date_line(line), line
    for prose in (
        "Two days ago, the council met and voted on the plan.",
        "The plan was approved 3 days ago",
        "Ago is a word",
        "10 years ago today the bridge fell, residents said.",
    ):
        assert not is_date_line(prose), prose


def test_the_bbc_page_starts_with_its_story_and_its_byline_names_the_writer():
    import gzip
    import json

    page = FIXTURES / "generic" / "uk-bbc.html.gz"
    meta = json.loads(page.with_name("uk-bbc.json").read_text())
    article = parse_article(gzip.decompress(page.read_bytes()), meta["url"])
    assert article.body.startswith("The US is considering options")
    assert article.byline == "Duncan Walker"
    assert article.images and not [i for i in article.images if "placeholder" in i.url]
    assert all(i.url.startswith("https://ichef.bbci.co.uk/") for i in article.images)


def test_a_lazy_loaded_figure_gives_the_real_picture_not_its_placeholder():
    fig = lxml.html.fromstring(
        "<figure><img src='/static/grey-placeholder.png'><img src='/static/blank.gif' "
        "data-src='/photos/a.jpg'><figcaption>A caption</figcaption></figure>"
    )
    assert figure_image(fig, "https://news.example.com/a/1").url == "https://news.example.com/photos/a.jpg"
    plain = lxml.html.fromstring("<figure><img src='/photos/grey-whale.jpg'></figure>")  # negative: a real name
    assert figure_image(plain, "https://news.example.com/a/1").url == "https://news.example.com/photos/grey-whale.jpg"


# ---- attribute tests written in Python: the same elements, in the same order, as the XPath they replace ----

_ATTRIBUTE_SHAPES = [
    '<div class="Byline">A</div>', '<span class="author-name">B</span>', '<p class="autor">C</p>',
    '<p class="auteur">D</p>', '<p class="contributors">E</p>', '<span itemprop="author">F</span>',
    '<a rel="author" href="/x">G</a>', '<div data-testid="byline">H</div>', '<a href="/authors/jane">I</a>',
    '<a href="/journalists/x">J</a>', '<a href="/reporter/x">K</a>', '<a href="/people/x">L</a>',
    '<a href="/staff/x">M</a>', '<a href="/profile/x">N</a>', '<a href="/redakteur/x">O</a>',
    '<span href="/authors/x">not a link</span>', '<div class="AUTHOR">case</div>', '<div class="BYLINE">case</div>',
    '<time class="Date">1</time>', '<span class="DATE">2</span>', '<span class="pubTime">3</span>',
    '<span class="TIME">4</span>', '<span class="datum">5</span>', '<span class="lineinfo">6</span>',
    '<span class="metadata">7</span>', '<span class="Meta">8</span>', '<nav class="breadcrumb">9</nav>',
    '<nav aria-label="Breadcrumbs">10</nav>', '<ol id="crumbs">11</ol>', '<div class="Crumb">12</div>',
    '<p>plain</p>', '<p class="">empty</p>',
]  # fmt: skip


def _shape_page() -> lxml.html.HtmlElement:
    from newsgrab.extract.document import parse_html

    nested = "".join(f"<div>{s}<section>{s}</section></div>" for s in _ATTRIBUTE_SHAPES)
    return parse_html(f"<html><head><title>t</title><meta class='date'></head><body>{nested}</body></html>")


def test_byline_markup_is_found_as_the_xpath_found_it():
    from lxml import etree

    from newsgrab.extract.bylines import _bylines_on_page, _bylines_under

    test = (
        "[@itemprop='author' or @rel='author' or contains(@class, 'yline') "
        "or contains(@class, 'uthor') or contains(@class, 'autor') or contains(@class, 'auteur') "
        "or contains(@class, 'ontributor') or contains(@data-testid, 'yline') "
        "or (self::a and (contains(@href, '/aut') or contains(@href, '/journalist') "
        "or contains(@href, '/reporter') or contains(@href, '/people/') or contains(@href, '/staff/') "
        "or contains(@href, '/profile') or contains(@href, '/redakteur')))]"
    )
    root = _shape_page()
    found = _bylines_on_page(root)
    assert found == etree.XPath("//body/descendant::*" + test)(root)
    assert len(found) == 2 * 15  # each of the 15 byline shapes, at two depths; not <span href>, 'AUTHOR', 'BYLINE'
    section = root.find(".//section")
    assert _bylines_under(section) == etree.XPath("descendant-or-self::*" + test)(section)


def test_date_and_breadcrumb_markup_is_found_as_the_xpath_found_it():
    from newsgrab.extract.document import body_elements
    from newsgrab.extract.fields.times import _date_class

    root = _shape_page()
    dates = root.xpath(
        "//body/descendant::*[contains(translate(@class, 'DT', 'dt'), 'date') "
        "or contains(translate(@class, 'T', 't'), 'time') or contains(@class, 'datum') "
        "or contains(@class, 'lineinfo') or contains(@class, 'meta')]"
    )
    assert [el for el in body_elements(root) if _date_class(el)] == dates
    assert len(dates) == 2 * 5  # Date, pubTime, datum, lineinfo, metadata; not DATE, TIME, Meta, nor <head>'s
    crumbs = root.xpath(
        "//body/descendant::*[contains(@class, 'rumb') or contains(@aria-label, 'rumb') or contains(@id, 'rumb')]"
    )
    assert len(crumbs) == 2 * 4
    assert list(body_elements(root))[0].tag == "div"  # the walk starts under <body>, not at it
