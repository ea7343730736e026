"""The second body method (extract/body/density.py): text blocks of the whole page, classified by words and
link density, on small hand-written pages."""

import pytest
from lxml import etree

from newsgrab.extract.body.density import MAX_PAGE_BLOCKS, classify, density_body, page_blocks
from newsgrab.extract.document import parse_html

from .conftest import html_page

S = [
    "The harbour board met on Tuesday night to decide the future of the old pier, which has stood empty "
    "since the storm of last winter broke its deck.",
    "Engineers told the board that repairs would cost more than a new pier, and that the work could not "
    "start before the spring tides had passed.",
    "Residents who packed the hall asked why the board had waited so long, and several said the pier was "
    "the reason they had moved to the town.",
    "The chair promised a public meeting in March, where the two plans will be shown side by side with "
    "their costs and their timetables.",
    "A decision is expected before the summer, when the board must also set the harbour fees for the next three years.",
]
NAV = "".join(f'<a href="/s{i}">Section {i}</a> | ' for i in range(12))
TEASERS = "".join(f'<p><a href="/t{i}">Other story number {i} about the town and its people</a></p>' for i in range(12))


def page(body: str) -> etree._Element:
    return parse_html(html_page(body, title="Pier decision delayed"))


def test_a_2008_page_in_font_and_table_cells_with_br_paragraphs_reads_as_its_story():
    root = page(
        f"<table><tr><td>{NAV}</td></tr><tr><td><font size=5><b>Pier decision delayed</b></font>"
        f"<br><br><font size=2>{'<br><br>'.join(S)}</font></td><td>{TEASERS}</td></tr></table>"
    )
    got = density_body(root, "Pier decision delayed")
    assert got.text.split("\n\n") == S  # one block per <br><br> paragraph, in order
    assert "Section" not in got.text and "Other story" not in got.text
    assert got.headline_at >= 0 and got.start > got.headline_at and got.link_density == 0


def test_spans_between_brs_and_divs_without_p_read_as_prose():
    for inner in ("<br><br>".join(f"<span>{s}</span>" for s in S), "".join(f"<div>{s}</div>" for s in S)):
        got = density_body(
            page(f"<div>{NAV}</div><h1>Pier decision delayed</h1><div>{inner}</div><div>{TEASERS}</div>"),
            "Pier decision delayed",
        )
        assert got.text.split("\n\n") == S


def test_a_single_br_is_a_line_break_inside_a_paragraph_not_a_new_block():
    blocks = page_blocks(page(f"<p>{S[0]}<br>{S[1]}</p>"))
    assert len(blocks) == 1 and blocks[0].text == f"{S[0]}\n{S[1]}"


def test_a_listing_of_linked_titles_over_short_summaries_holds_no_story():
    cards = "".join(
        f'<div><h2><a href="/n{i}">Story {i}: the harbour board meets on the pier</a></h2><p>{S[i % 5][:80]}</p></div>'
        for i in range(12)
    )
    got = density_body(page(f"<div>{NAV}</div>{cards}"))
    assert got.words < 40  # no run of prose: a listing stays a listing


def test_text_after_a_skipped_or_hidden_link_is_not_counted_as_link_text():
    """lxml's iterwalk still sends the end event of a skipped element: counting it as a closed link once
    made every later paragraph of a page 'links' (a story of 1,000 words read as navigation)."""
    for skipped in (
        '<figure><a href="/p">photo</a></figure>',
        '<a href="/x" hidden>hidden</a>',
        '<nav><a href="/a">A</a><a href="/b">B</a></nav>',
        '<a href="/i"><img src="i.png"></a>',
    ):
        blocks = page_blocks(page(f"{skipped}<p>{S[0]}</p><p>{S[1]}</p>"))
        assert [b.link_words for b in blocks if b.text in S] == [0, 0], skipped


def test_a_paragraph_that_is_all_links_is_not_story_text_and_prose_beside_it_is():
    blocks = page_blocks(page(f"<p>{S[0]}</p><p><a href='/1'>{S[1]}</a></p><p>{S[2]}</p><p>{S[3]}</p>"))
    classify(blocks)
    assert [b.content for b in blocks] == [True, False, True, True]
    # after a block of links, a short block with nothing long after it is taken for navigation (boilerpipe)
    blocks = page_blocks(page(f"<p>{S[0]}</p><p><a href='/1'>{S[1]}</a></p><p>Read more news</p>"))
    classify(blocks)
    assert [b.content for b in blocks] == [True, False, False]


def test_a_related_links_box_inside_the_story_does_not_cut_it_in_two():
    related = (
        "<ul>" + "".join(f'<li><a href="/r{i}">Related story {i} about piers</a></li>' for i in range(5)) + "</ul>"
    )
    got = density_body(
        page(
            f"<h1>Pier decision delayed</h1><p>{S[0]}</p><p>{S[1]}</p>{related}<p>{S[2]}</p><p>{S[3]}</p><p>{S[4]}</p>"
        ),
        "Pier decision delayed",
    )
    assert got.text.split("\n\n") == S


@pytest.mark.slow  # seconds: in the full run, not the inner loop
def test_deep_and_wide_pages_are_walked_without_recursion_and_within_the_block_cap():
    deep = etree.Element("html")
    node = etree.SubElement(deep, "body")
    for _ in range(20_000):
        node = etree.SubElement(node, "div")
    node.text = " ".join(S)
    assert density_body(deep).text == " ".join(S)
    wide = page("".join(f"<p>{S[i % 5]}</p>" for i in range(MAX_PAGE_BLOCKS + 500)))
    assert len(page_blocks(wide)) == MAX_PAGE_BLOCKS


def test_ordinary_prose_is_taken_whole_and_unchanged():
    got = density_body(
        page("<h1>Pier decision delayed</h1>" + "".join(f"<p>{s}</p>" for s in S)), "Pier decision delayed"
    )
    assert got.text.split("\n\n") == S and got.words == sum(len(s.split()) for s in S)


def test_a_run_that_begins_above_the_headline_starts_below_it():
    box = (
        "<p>Do you have a complaint about something you read on this website? Write to the readers' editor "
        "at the address below, and say which story and which words you mean.</p>"
    )
    got = density_body(
        page(f"{box}<h1>Pier decision delayed</h1>" + "".join(f"<p>{s}</p>" for s in S)), "Pier decision delayed"
    )
    assert got.text.split("\n\n") == S and got.start == got.headline_at + 1
