"""The language word lists (newsgrab/extract/lexicon/*.toml): every file loads and is checked, entries are
matched as plain text, and the rules built from them still hold."""

import re

import pytest

from newsgrab.extract import lexicon
from newsgrab.extract.bylines import split_byline
from newsgrab.extract.dates import parse_date
from newsgrab.extract.rankings import GENERIC_HEADINGS


def test_every_language_file_loads_with_known_kinds_only():
    langs = lexicon.languages()
    assert {"common", "en", "de", "fr", "es", "ja"} <= set(langs)
    for data in langs.values():
        assert set(data) <= set(lexicon.KINDS)


def test_an_unknown_kind_or_a_wrong_type_is_refused_with_the_file_named():
    with pytest.raises(lexicon.LexiconError, match="xx.toml: unknown kind 'bylines'"):
        lexicon._checked("xx.toml", {"bylines": ["by"]})
    with pytest.raises(lexicon.LexiconError, match="must be a list of words"):
        lexicon._checked("xx.toml", {"roles": "writer"})
    with pytest.raises(lexicon.LexiconError, match="month numbers"):
        lexicon._checked("xx.toml", {"months": {"smarch": 13}})


def test_entries_are_plain_text_and_a_space_matches_any_white_space():
    alt = re.compile(f"^(?:{lexicon.pattern('boilerplate_labels', ['(photo credit', 'read more'])})$", re.I)
    assert alt.match("(Photo credit") and alt.match("Read\u00a0 more")
    assert not alt.match("photo credit")  # the parenthesis is a character, not regex syntax
    assert not alt.match("readXmore")


def test_months_come_from_every_language():
    months = lexicon.numbers("months")
    assert months["märz"] == 3 and months["décembre"] == 12 and months["março"] == 3 and months["maggio"] == 5
    assert parse_date("12. März 2024").day == 12
    assert parse_date("3 décembre 2024").month == 12


def test_a_word_list_change_reaches_the_byline_rules():
    # the byline prefixes, conjunctions and roles of several languages
    assert split_byline("Von Anna Schmidt und Jan Berg")[0] == ["Anna Schmidt", "Jan Berg"]
    assert split_byline("Por María López y Juan Pérez")[0] == ["María López", "Juan Pérez"]
    assert split_byline("Par Jeanne Martin, envoyée spéciale")[0] == ["Jeanne Martin"]
    assert split_byline("By Jane Doe, Staff Writer")[0] == ["Jane Doe"]
    # Korean: the role after each name, e-mail addresses, and the "entered" time label
    korean = "배윤경 기자 · bykj@mk.co.kr · 이상현 기자 · 입력 : 2024.10.01 10:00"
    assert split_byline(korean)[0] == ["배윤경", "이상현"]


def test_words_of_the_lists_leave_names_and_prose_alone():
    # "E." is an initial, not the Italian/Portuguese "e"; "Post" and "Times" are surnames here
    assert split_byline("By Robert E. Lee")[0] == ["Robert E. Lee"]
    assert split_byline("By Amy Post and Laura Times")[0] == ["Amy Post", "Laura Times"]
    assert parse_date("Market 12, 2024") is None
    # "기자회견" (press conference): 기자 inside a word is no role
    assert split_byline("기자회견 김민수")[0] == ["기자회견 김민수"]


@pytest.mark.parametrize(
    "heading, is_ranking",
    [
        ("Most Read", True),
        ("most-read", True),
        ("The most popular stories", True),
        ("Meistgelesene Artikel", True),
        ("Les plus lus", True),
        ("Lo más leído", True),
        ("Più letti", True),
        ("Trending now", True),
        ("Popular Mechanics", False),
        ("Most readers agree", False),
        ("Trending topics in science", False),
    ],
)
def test_generic_ranking_headings_come_from_the_word_lists(heading, is_ranking):
    patterns = [re.compile(p, re.I) for p in GENERIC_HEADINGS]
    assert any(p.search(heading) for p in patterns) is is_ranking


# ---- scope: a page's language selects the lists of short words ----


def test_a_pages_language_selects_its_own_lists_and_common():
    assert lexicon.scope_for("de-AT") == frozenset({"common", "de"})
    assert lexicon.scope_for("pt_BR") == frozenset({"common", "pt"})
    assert lexicon.scope_for(" EN ") == frozenset({"common", "en"})
    # unknown, absent, or without a file here: every list, as outside any page
    assert lexicon.scope_for("ru") is None
    assert lexicon.scope_for(None) is None
    assert lexicon.scope_for("common") is None


def test_within_a_scope_short_words_come_from_that_language_only():
    with lexicon.scoped_to("en"):
        weekdays = lexicon.words("weekdays")
        assert "monday" in weekdays and not {"so", "do", "mi", "mar"} & set(weekdays)
        assert "von" not in lexicon.words("byline_prefix") and "by" in lexicon.words("byline_prefix")
        assert set(lexicon.numbers("months")) == {
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "sept",
            "october", "november", "december",
        }  # fmt: skip
    # outside a page every language's words apply
    assert {"so", "do", "monday"} <= set(lexicon.words("weekdays"))


def test_names_and_phrases_apply_on_a_page_in_any_language():
    with lexicon.scoped_to("en"):
        assert "shimbun" in [w.casefold() for w in lexicon.words("org_words")]  # "The Yomiuri Shimbun"
        assert any("abonnés" in w for w in lexicon.words("paywall"))
    with lexicon.scoped_to("de"):
        assert "home" in lexicon.words("home_words")  # "Home > Politik" on a German site


def test_a_german_weekday_abbreviation_is_a_word_on_an_english_page():
    from newsgrab.extract.dates import is_date_line

    with lexicon.scoped_to("en"):
        assert not is_date_line("So, May 12.")  # "So" begins an English sentence
    with lexicon.scoped_to("de"):
        assert is_date_line("So, 12. Mai")  # Sonntag
        assert is_date_line("9. September 2025 um 15:46 Uhr")  # a month spelt as in English is German too


def test_a_language_with_months_names_all_twelve():
    # a page in that language reads only its own file's months: "September" must be German as well
    with pytest.raises(lexicon.LexiconError, match="all twelve months"):
        lexicon._checked("xx.toml", {"months": {"januar": 1, "februar": 2}})
    for name, data in lexicon.languages().items():
        for kind in ("months", "month_abbreviations"):
            if kind in data:
                assert set(data[kind].values()) == set(range(1, 13)), (name, kind)


def test_no_entries_match_nothing_not_everything():
    assert re.search(lexicon.pattern("paywall", []), "any text") is None


def test_a_rule_built_from_the_lists_follows_the_scope_it_is_used_in():
    rule = lexicon.Scoped(lambda: re.compile(rf"^(?:{lexicon.pattern('byline_prefix')})\s", re.I))
    with lexicon.scoped_to("de"):
        assert rule.match("Von Anna Schmidt") and not rule.match("By Anna Smith")
    with lexicon.scoped_to("en"):
        assert rule.match("By Anna Smith") and not rule.match("Von Anna Schmidt")
    assert rule.match("Von Anna Schmidt") and rule.match("By Anna Smith")


def test_the_word_lists_of_the_pages_language_apply_while_it_is_parsed():
    from newsgrab.extract import fields as F
    from newsgrab.extract.document import parse_html
    from newsgrab.extract.metadata import read_metadata

    def language(html: str) -> str | None:
        root = parse_html(html)
        return F.page_language(F.Context(root=root, md=read_metadata(root), url=None, base=None, profile=None))

    assert language("<html lang='de-DE'><body><p>Text</p></body></html>") == "de-DE"
    # no declared language: the script tells Korean, Japanese and Chinese, and nothing for Latin text
    assert language("<html><body><p>서울 시장은 오늘 새 예산안을 발표했다.</p></body></html>") == "ko"
    assert language("<html><body><p>東京都は新しい計画を発表した。</p></body></html>") == "ja"
    assert language("<html><body><p>Plain English text.</p></body></html>") is None
