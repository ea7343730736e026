"""No lost stories: one small page per way a story was lost on unseen pages (tests/lost_pages.py). The
body must hold the whole story and none of the form, gallery, teaser or sidebar text beside it."""

import pytest

from newsgrab import parse_article
from newsgrab.extract import body as B
from newsgrab.extract.document import parse_html

from .lost_pages import PAGES, SENTENCES, page, story_paragraphs


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
        "Video: the ferry",
        "Jobs: engineer",
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


# The story's look-alikes (story_parts): the negatives. A block that looks like one of the story's parts
# but is not: another story, a comment, a box of teasers, a column of a layout table.
OTHER = (
    "The harbour master retired on Friday after forty years, and the fishermen held a party on the quay for him. "
    "He said he would miss the early mornings, the boats and the gulls, but not the paperwork or the meetings."
)
TEASERS = "".join(  # a linked headline and a line of its dek: half of the text is links
    f"<p><a href='/s{i}'>Other story number {i}: the harbour, the ferry and the docks</a> Our reporter spent "
    f"a winter with the boats.</p>"
    for i in range(3)
)


def _body(html: str) -> str:
    return parse_article(page(html), "https://news.example.com/a/1").body


def test_an_unnamed_section_of_teasers_beside_the_story_is_not_a_part_of_it():
    body = _body(f"<div class='formatted'><section>{story_paragraphs(8)}</section><section>{TEASERS}</section></div>")
    assert all(s in body for s in SENTENCES) and "Other story number" not in body


def test_a_named_section_or_an_unnamed_div_beside_the_story_is_not_a_part_of_it():
    for other in (f"<section id='more-reading'><p>{OTHER}</p></section>", f"<div><p>{OTHER}</p></div>"):
        for story in (f"<section>{story_paragraphs(8)}</section>", f"<div>{story_paragraphs(8)}</div>"):
            body = _body(f"<div class='formatted'>{story}{other}</div>")
            assert all(s in body for s in SENTENCES) and "harbour master" not in body, (story[:20], other[:30])


def test_a_look_alike_block_of_teasers_is_not_a_part_of_the_story():
    body = _body(
        f"<div class='wrap'><div class='item'>{story_paragraphs(8)}</div><div class='item'>{TEASERS}</div></div>"
    )
    assert all(s in body for s in SENTENCES) and "Other story number" not in body


def test_the_next_story_in_an_article_wrapped_alike_is_not_a_part_of_the_story():
    def story(paras: str) -> str:
        return f"<article class='post'><div class='con'><div class='box'>{paras}</div></div></article>"

    body = _body(f"<div class='feed'>{story(story_paragraphs(8))}{story(f'<p>{OTHER}</p>' * 3)}</div>")
    assert all(s in body for s in SENTENCES) and "harbour master" not in body


def test_a_layout_tables_other_column_is_not_a_part_of_the_story():
    body = _body(
        f"<table><tr><td class='cw'><div class='story'>{story_paragraphs(8)}</div></td>"
        f"<td class='cw'><p>{OTHER}</p></td></tr></table>"
    )
    assert all(s in body for s in SENTENCES) and "harbour master" not in body


@pytest.mark.parametrize("levels", [1, 2, 4])
def test_wrapped_sections_are_found_at_any_depth_up_to_four_levels(levels):
    """Wide and deep: the story's sections wrapped 1 to 4 boxes deep, ten of them side by side."""

    def wrapped(paras: str) -> str:
        return "<div class='w0'>" + "".join(f"<div class='w{i}'>" for i in range(1, levels)) + paras + "</div>" * levels

    sections = [story_paragraphs(1, start=i % 8) for i in range(10)]
    sections[3] = story_paragraphs(8)
    body = _body("<div class='detail'>" + "".join(wrapped(s) for s in sections) + "</div>")
    assert body.count("(Part 1.)") == 3 and all(s in body for s in SENTENCES)


NEXT_STORY = "".join(
    f"<p>The harbour master retired on Friday after forty years, number {i}, and the fishermen held a party on "
    f"the quay for him.</p>"
    for i in range(4)
)


HEAD = "<h1>Council votes to rebuild the river bridge</h1>"
NEXT_HEAD = "<h1>Harbour master retires</h1>"


@pytest.mark.parametrize(
    "shape",
    [
        "<div class='feed'><div class='wrap'>{head}<div class='body'>{story}</div></div>"
        "<div class='wrap'>{next_head}<div class='body'>{other}</div></div></div>",
        "<div class='feed'><div class='con'><div class='box'>{head}{story}</div></div>"
        "<div class='con'><div class='box'>{next_head}{other}</div></div></div>",
        "<div class='feed'><div class='con'><div class='mod'><div class='box'>{story}</div></div></div>"
        "<div class='con'>{next_head}<div class='mod'><div class='box'>{other}</div></div></div></div>",
    ],
)
def test_the_next_story_loaded_below_in_the_same_blocks_is_not_a_part_of_the_story(shape):
    """Infinite scroll: the next story is printed below this one in the same blocks, under its own <h1>."""
    body = _body(shape.format(head=HEAD, next_head=NEXT_HEAD, story=story_paragraphs(8), other=NEXT_STORY))
    assert all(s in body for s in SENTENCES) and "harbour master" not in body


def test_a_story_whose_headline_opens_its_first_part_keeps_its_later_parts():
    parts = [story_paragraphs(3), story_paragraphs(3, start=3), story_paragraphs(2, start=6)]
    html = "<div class='detail'>" + "".join(
        f"<div class='con'><div class='mod'><div class='box'>{head}{paras}</div></div></div>"
        for head, paras in zip((HEAD, "<h2>The ferry</h2>", "<h2>The money</h2>"), parts, strict=True)
    )
    body = _body(html + "</div>")
    assert all(s in body for s in SENTENCES)


def test_an_h1_that_labels_a_box_between_the_parts_ends_nothing():
    """<h1>Advertisement</h1> or <h1>COUPONS</h1> between a story's parts (2008 pages) is no headline."""
    for label in ("<h1>Advertisement</h1>", "<h1>COUPONS</h1>", "<h1 style='display:none'>Harbour master retires</h1>"):
        html = (
            f"<div class='feed'><div class='part'>{story_paragraphs(5)}</div>{label}"
            f"<div class='part'>{story_paragraphs(3, start=5)}</div></div>"
        )
        body = _body(html)
        assert all(s in body for s in SENTENCES), label


COMMENT_FORM = (
    "<h2>Have your say on this story</h2><form action='/reply' method='post'><table>"
    "<tr><td>Your nickname</td><td><input type='text' name='u'> <em>(optional)</em></td></tr>"
    "<tr><td>Message</td><td><textarea name='m'></textarea></td></tr>"
    "<tr><td>Image verification</td><td><em>(enter the verification code from the image above)</em>"
    "<input type='text' name='k'></td></tr></table><input type='submit' value='Post'></form>"
)


def test_a_comment_form_after_the_story_is_not_story_text():
    """A <form> around a <textarea> is a box for the reader to write in: its labels are no story text."""
    article = parse_article(
        page(f"<div class='story'>{HEAD}{story_paragraphs(8)}{COMMENT_FORM}</div>"), "https://n.example/1"
    )
    body = article.body
    assert all(s in body for s in SENTENCES)
    assert not article.warnings  # a comment form beside the story does not make the story 'a form'

    for label in ("nickname", "Message", "verification", "Have your say"):
        assert label not in body, label


def test_a_form_that_wraps_the_page_or_holds_much_text_keeps_the_story():
    """The negatives: ASP.NET wraps the whole page in one <form>, a search box's textarea inside it; a form
    of over 1,000 characters of text is no box to write in."""
    wrapped = (
        f"<form id='aspnetForm' action='/page.aspx'><textarea name='q'></textarea><div class='story'>"
        f"<h1>Council votes to rebuild the river bridge</h1>{story_paragraphs(8)}</div></form>"
    )
    inside = (
        f"<div class='story'><h1>Council votes to rebuild the river bridge</h1>{story_paragraphs(4)}"
        f"<form action='/x'><textarea name='q'></textarea>{story_paragraphs(12, start=4)}</form></div>"
    )
    for html, last in ((wrapped, "(Part 8.)"), (inside, "(Part 16.)")):
        body = _body(html)
        assert all(s in body for s in SENTENCES) and last in body
    root = parse_html(page(inside))
    assert not any(box.tag == "form" for box in B.signup_boxes(B.find_container(root)))
