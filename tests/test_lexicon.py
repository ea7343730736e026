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
