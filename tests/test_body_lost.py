"""No lost stories: one small page per way a story was lost on unseen pages (tests/lost_pages.py). The
body must hold the whole story and none of the form, gallery, teaser or sidebar text beside it."""

import pytest

from newsgrab import parse_article
from newsgrab.extract import body as B
from newsgrab.extract.document import parse_html

from .lost_pages import PAGES, SENTENCES


@pytest.mark.parametrize("name", list(PAGES))
def test_the_whole_story_and_nothing_beside_it(name):
    a = parse_article(PAGES[name], "https://news.example.com/a/1")
    missing = [s for s in SENTENCES if s not in a.body]
    assert not missing, f"{name}: lost {len(missing)} of {len(SENTENCES)} sentences"
    for intruder in (
        "Thank you for signing up",
        "Slide 1:",
        "Example News is an independent newsroom",
        "Earlier: the council",
        "Reader comment",
    ):
        assert intruder not in a.body, f"{name}: {intruder!r} in the body"


def test_the_second_opinion_finds_the_paragraph_run_not_the_captions():
    root = parse_html(PAGES["gallery of 50 slides next to the article"])
    assert B.implausible(B.find_container(root)) == "a gallery"
    assert B.paragraph_cluster(root).get("class") == "text"


def test_an_ordinary_story_is_plausible_and_its_own_best_run():
    html = (
        "<html><body><article><h1>Vote</h1>"
        + "".join(f"<p>{s}</p>" for s in SENTENCES)
        + "</article><form><input type='email'></form></body></html>"
    )
    root = parse_html(html)
    container = B.find_container(root)
    assert B.implausible(container) is None and B.paragraph_cluster(root) is container
