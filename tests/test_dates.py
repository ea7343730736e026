from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsgrab.extract.dates import date_from_url, is_date_line, parse_date, zone

JST = timezone(timedelta(hours=9))


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2024-10-13T17:41:00+09:00", datetime(2024, 10, 13, 17, 41, tzinfo=JST)),
        ("17:41 JST,\u2002October 13, 2024", datetime(2024, 10, 13, 17, 41, tzinfo=JST)),
        ("2:00 JST, November 2, 2024", datetime(2024, 11, 2, 2, 0, tzinfo=JST)),
        ("Sun, 13 Oct 2024 08:41:00 GMT", datetime(2024, 10, 13, 8, 41, tzinfo=UTC)),
        ("2024-10-13T08:41:00Z", datetime(2024, 10, 13, 8, 41, tzinfo=UTC)),
        ("2025-06-05 14:46:12+0200", datetime(2025, 6, 5, 14, 46, 12, tzinfo=timezone(timedelta(hours=2)))),
        ("13 October 2024 17:41 BST", datetime(2024, 10, 13, 17, 41, tzinfo=timezone(timedelta(hours=1)))),
        ("Oct 13, 2024 9:05 AM CEST", datetime(2024, 10, 13, 9, 5, tzinfo=timezone(timedelta(hours=2)))),
        ("2024年10月13日 17時41分 JST", datetime(2024, 10, 13, 17, 41, tzinfo=JST)),
        ("2024년 10월 13일 17시 41분 KST", datetime(2024, 10, 13, 17, 41, tzinfo=timezone(timedelta(hours=9)))),
    ],
)
def test_aware_forms(text, expected):
    got = parse_date(text)
    assert got == expected and got.utcoffset() == expected.utcoffset()


def test_us_eastern_abbreviation_follows_dst():
    got = parse_date("Oct. 13, 2024 5:41 p.m. ET")
    assert got.isoformat() == "2024-10-13T17:41:00-04:00"
    assert parse_date("Jan. 13, 2024 5:41 p.m. ET").isoformat() == "2024-01-13T17:41:00-05:00"


def test_no_zone_stays_naive_unless_default_given():
    got = parse_date("13.10.2024, 17:41 Uhr")
    assert got == datetime(2024, 10, 13, 17, 41) and got.tzinfo is None
    got = parse_date("13.10.2024, 17:41 Uhr", default_tz=zone("Europe/Berlin"))
    assert got.isoformat() == "2024-10-13T17:41:00+02:00"


def test_profile_format_and_garbage():
    assert parse_date("17:41 JST, October 13, 2024", formats=["%H:%M JST, %B %d, %Y"]).tzinfo is not None
    for bad in ("", None, "yesterday", "99/99/9999", "x" * 1000, "0000-00-00"):
        assert parse_date(bad) is None


def test_date_from_url():
    assert str(date_from_url("https://x.com/politics/x/20241013-216478/")) == "2024-10-13"
    assert str(date_from_url("https://x.com/2024/10/13/story.html")) == "2024-10-13"
    assert date_from_url("https://x.com/story-12345") is None


@pytest.mark.parametrize(
    "line, is_date",
    [
        ("Stand: 24.04.2024 22:58 Uhr", True),
        ("Tue, 26 November 2024 9:27PM", True),
        ("Le 13 octobre 2024 à 17h41", True),
        ("Published 12:43, 20 Apr 2026", True),
        ("Berlin, 21.04.2024", False),
        ("2024: 3.2%", False),
        ("Am 24.04.2024 stimmte der Rat zu", False),
        ("1月14日", True),
        ("公開日：2025/01/31 11:30 更新日：2025/01/31 11:30", True),
        ("1月14日に発表した", False),
        # a day written as an ordinal (2008 pages: 'Friday 28th December, 2007'), and prose with ordinals
        ("Friday 28th December, 2007", True),
        ("December 28th, 2007", True),
        ("Posted: March 3rd 2008 10:15am", True),
        ("1er mars 2024", True),
        ("He came 3rd in December 2007", False),
        ("March 3rd is when the vote happens", False),
        ("The 28th day of December was cold.", False),
    ],
)
def test_date_lines(line, is_date):
    assert is_date_line(line) is is_date


@pytest.mark.parametrize("text", ["Market 12, 2024", "Outlook 3 2024", "Mayor 5, 2024", "Augusta 4 2023"])
def test_words_that_start_like_a_month_are_not_months(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text,day",
    [
        ("March 12, 2024", "2024-03-12"),
        ("Sept. 5, 2024", "2024-09-05"),
        ("5. Oktober 2024", "2024-10-05"),
        ("12 juillet 2024", "2024-07-12"),
    ],
)
def test_months_as_whole_words_and_known_abbreviations(text, day):
    assert parse_date(text).date().isoformat() == day


def test_a_time_without_offset_takes_the_offset_the_page_gives_elsewhere():
    from newsgrab import parse_article

    story = "".join(f"<p>Paragraph {i} of the story tells what the council decided this week.</p>" for i in range(5))
    ld = '{"@type": "NewsArticle", "datePublished": "2024-03-01T10:00:00", "dateModified": "2024-03-02T08:00:00+01:00"}'
    html = (
        f'<html><head><script type="application/ld+json">{ld}</script></head><body><article><h1>Vote</h1>'
        f"{story}</article></body></html>"
    )
    assert parse_article(html, "https://example.de/a").published.isoformat() == "2024-03-01T10:00:00+01:00"


def test_the_first_published_time_wins_over_created_and_modified():
    from newsgrab import parse_article

    story = "".join(f"<p>Paragraph {i} of the story tells what the council decided this week.</p>" for i in range(5))
    ld = (
        '{"@type": "NewsArticle", "dateCreated": "2024-02-28T09:00:00+01:00", '
        '"dateModified": "2024-03-02T08:00:00+01:00", "datePublished": "2024-03-01T10:00:00+01:00"}'
    )
    html = (
        f'<html><head><script type="application/ld+json">{ld}</script></head><body><article><h1>Vote</h1>'
        f"{story}</article></body></html>"
    )
    assert parse_article(html, "https://example.de/a").published.isoformat() == "2024-03-01T10:00:00+01:00"


STORY = "".join(f"<p>Paragraph {i} of the story tells what the council decided about the budget.</p>" for i in range(5))


def _dated(head: str = "", line: str = "") -> str:
    return f"<html><head>{head}</head><body><article><h1>Budget vote</h1>{line}{STORY}</article></body></html>"


@pytest.mark.parametrize(
    "head",
    [
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": 1714557600}</script>',
        "<meta property='article:published_time' content='1714557600000'>",
    ],
)
def test_a_unix_time_in_metadata_is_read_as_utc(head):
    from newsgrab import parse_article

    assert parse_article(_dated(head)).published == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


def test_a_number_printed_in_the_page_is_not_a_unix_time():
    from newsgrab.extract.dates import parse_date

    assert parse_date("1714557600") is None
    assert parse_date("Order number 1714557600") is None


@pytest.mark.parametrize(
    "line, day",
    [
        ("Updated 2 May 2024 09:00 GMT · Published 1 May 2024 10:00 GMT", 1),
        ("Aktualisiert: 02.05.2024, 09:00 Uhr | Veröffentlicht: 01.05.2024, 10:00 Uhr", 1),
        ("Published 1 May 2024 10:00 GMT · Updated 2 May 2024 09:00 GMT", 1),
        ("Updated 2 May 2024 09:00 GMT", 2),  # the only time the page prints
    ],
)
def test_a_printed_date_line_gives_the_publication_not_the_update(line, day):
    from newsgrab import parse_article

    assert parse_article(_dated(line=f"<p class='date'>{line}</p>")).published.day == day


@pytest.mark.parametrize(
    "text",
    [
        "May 3, 2024 some downtown million",
        "Market 12 was busy",
        "Mar 3 monitors sold",
        "12 Marches later the town had grown",
        "Friday 13 Friends of the park",
    ],
)
def test_a_date_followed_by_words_that_merely_start_like_a_weekday_or_month_is_prose(text):
    """Issue 26.6: weekday and month words were prefixes ('so' + 'me', 'do' + 'wntown', 'mi' + 'llion',
    'mar' + 'ket'), so German and French abbreviations made English prose a date line."""
    assert not is_date_line(text)


@pytest.mark.parametrize(
    "text",
    [
        "Sonntag, 3. Mai 2024, 10:00 Uhr",
        "Mon, Jan 8, 2024 at 3:15 p.m. ET",
        "Updated Thursday, September 12, 2024",
        "jeudi 12 sept. 2024 à 10h",
        "Do 25.04.24",
        "Posted Tues. Nov. 3, 2020",
        "mercredi 4 décembre 2024",
    ],
)
def test_weekday_and_month_names_and_abbreviations_in_three_languages_make_a_date_line(text):
    assert is_date_line(text)
