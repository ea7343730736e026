"""The traps of The Japan News pages (shared/sites/japannews.md), checked one by one."""

from datetime import timedelta

import pytest

from newsgrab import parse_article


@pytest.fixture(scope="module")
def pages(request):
    from .conftest import FIXTURES

    d = FIXTURES / "japannews"
    return {p.stem: parse_article(p.read_bytes()) for p in d.glob("*.html")}


def test_timestamp_with_en_space_and_unpadded_hour_is_jst(pages):
    a = pages["feature-subheads"]  # "2:00 JST,\u2002November 2, 2024"
    assert a.published.isoformat() == "2024-11-02T02:00:00+09:00"
    assert a.published.utcoffset() == timedelta(hours=9)


def test_jsonld_author_is_not_the_byline(pages):
    for a in pages.values():
        assert "yomiuri-editor01" not in a.authors
    assert pages["staff-two-authors"].authors == ["Takeo Maeda", "Tatsuya Tanoue"]
    assert pages["staff-two-authors"].credit == "The Yomiuri Shimbun"


def test_headline_has_no_site_suffix(pages):
    for a in pages.values():
        assert "Japan News" not in a.headline


def test_section_entity_is_decoded_and_paywall_keyword_dropped(pages):
    a = pages["staff-two-authors"]
    assert a.section == "Politics & Government"
    assert a.section_path == ["Politics", "Politics & Government"]
    assert a.tags == []


def test_no_modal_promo_or_cookie_text_in_body(pages):
    for a in pages.values():
        for phrase in ("ad blocker", "cookies", "Google News", "Weekly", "Latest Articles", "POPULAR"):
            assert phrase not in a.body


def test_dateline_and_wire_credit_from_first_paragraph(pages):
    jiji = pages["wire-jiji-dateline"]
    assert (jiji.dateline, jiji.credit) == ("Tokyo, Jan. 10", "Jiji Press")
    assert jiji.body.startswith("Tokyo, Jan. 10 (Jiji Press)—Japan’s Ministry")
    reuters = pages["wire-reuters"]
    assert (reuters.dateline, reuters.credit) == ("TOKYO, May 9", "Reuters")


def test_file_photo_without_caption(pages):
    img = pages["wire-jiji-dateline"].images[0]
    assert img.credit == "Yomiuri Shimbun file photo"
    assert img.caption is None


def test_both_ranking_lists_five_items_in_order(pages):
    r = pages["wire-jiji-dateline"].rankings
    assert [x.name for x in r] == ['"Politics" POPULAR ARTICLE', "JN ACCESS RANKING"]
    assert all(len(x.items) == 5 for x in r)
    assert [i.position for i in r[1].items] == [1, 2, 3, 4, 5]
    # JN ACCESS RANKING titles are bare text after the figure
    assert r[1].items[0].title == "Japan’s Hopes for Seafood Exports Shot Down in China Spat"
    assert all(i.url.startswith("https://japannews.yomiuri.co.jp/") for x in r for i in x.items)


def test_latest_and_truncated_popular_lists_are_not_rankings(pages):
    for a in pages.values():
        for r in a.rankings:
            assert not r.name.startswith(("Latest", "Popular Articles"))
            assert not any(i.title.endswith("...") for i in r.items)


def test_2026_layout_survives_unknown_classes(pages):
    a = pages["layout-2026-sports"]
    assert a.published.isoformat() == "2026-03-06T22:35:00+09:00"
    assert a.credit == "The Yomiuri Shimbun"
    assert [r.name for r in a.rankings] == [
        "Most Read: Popular articles in the past 24 hours",
        "Most Read: Popular articles in the past week",
        "Top Articles in Sports",
        "JN ACCESS RANKING",
    ]
    assert a.sources["body"] == "generic"
    assert "Please turn off your ad blocker" not in a.body
