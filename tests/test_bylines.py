import pytest

from newsgrab.extract.bylines import split_byline

ALIASES = {"Yomiuri Shimbun": "The Yomiuri Shimbun"}


@pytest.mark.parametrize("text,authors,credit", [
    ("By Takeo Maeda and Tatsuya Tanoue / Yomiuri Shimbun Staff Writers",
     ["Takeo Maeda", "Tatsuya Tanoue"], "The Yomiuri Shimbun"),
    ("By Jun Hongo / Yomiuri Shimbun Correspondent", ["Jun Hongo"], "The Yomiuri Shimbun"),
    ("By Stan Choe / AP Business Writer", ["Stan Choe"], "AP"),
    ("By John Smith, Staff Writer", ["John Smith"], None),
    ("Von Anna Müller und Peter Meier", ["Anna Müller", "Peter Meier"], None),
    ("By Ann Lee, Bob Ray and Cy Young, CNN", ["Ann Lee", "Bob Ray", "Cy Young"], "CNN"),
    ("Jane Doe jane.doe@example.com @janedoe Updated 10:44 AM", ["Jane Doe"], None),
    ("Reuters", [], "Reuters"),
])
def test_split_byline(text, authors, credit):
    assert split_byline(text, ALIASES) == (authors, credit)


@pytest.mark.parametrize("text,people,orgs", [
    ("By JOHN SMITH Associated Press", ["JOHN SMITH"], ["Associated Press"]),
    ("Jane Doe (AFP)", ["Jane Doe"], ["AFP"]),
    ("Elena Oberholzer (obe)", ["Elena Oberholzer"], []),
    ("Story by Jane Doe", ["Jane Doe"], []),
    ("Jane Doe • Updated 3 hours ago", ["Jane Doe"], []),
    ("Jane Doe in Kyiv", ["Jane Doe"], []),
    ("Reporting by Jane Doe; Editing by John Roe", ["Jane Doe"], []),
    ("Frankfurter Allgemeine Zeitung", [], ["Frankfurter Allgemeine Zeitung"]),
    ("dpa, MM-Redaktion", [], ["dpa", "MM-Redaktion"]),
])
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
