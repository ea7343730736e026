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
