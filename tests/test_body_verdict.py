"""The judge between the two body methods (extract/body/verdict.py), and what parse_article keeps: for each
failure kind a hand-written page that shows it, and beside it ordinary pages the judge must leave to A."""

import pytest
from click.testing import CliRunner

from newsgrab import parse_article
from newsgrab.cli import main
from newsgrab.errors import ExtractionError
from newsgrab.extract.body.density import density_body
from newsgrab.extract.body.verdict import judge_bodies
from newsgrab.extract.body.words import ALWAYS_JUNK, NEGATIVE_WORDS
from newsgrab.extract.document import parse_html

from .test_body_density import S

URL = "https://harbourtimes.example/2008/01/pier"
HEAD = "<html><head><title>Pier decision delayed - The Harbour Times</title></head><body>"
NAV = "<ul>" + "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(12)) + "</ul>"
PARAS = "".join(f"<p>{s}</p>" for s in S)
TEASERS = "".join(f'<p><a href="/t{i}">Another story about the town, number {i}</a></p>' for i in range(15))


def parsed(body: str):  # type: ignore[no-untyped-def]
    return parse_article(f"{HEAD}{body}</body></html>", url=URL)


def test_a_story_split_over_sibling_containers_is_taken_whole_when_a_stops_after_the_first():
    a = parsed(
        f"<header>{NAV}</header><h1>Pier decision delayed</h1><div class='a1'><p>{S[0]}</p></div>"
        f"<div class='ad'>Advertisement</div><div class='b2'><p>{S[1]}</p><p>{S[2]}</p></div>"
        f"<div class='c3'><p>{S[3]}</p><p>{S[4]}</p></div><div>{TEASERS}</div>"
    )
    assert a.body.split("\n\n") == S
    assert a.sources["body"] == "generic (block classification)"
    assert "A stopped early" in a.sources["body_judge"] and "A is 100% inside B" in a.sources["body_judge"]


def test_a_that_found_no_story_gives_way_to_b_when_b_reads_as_prose():
    root = parse_html(f"{HEAD}<h1>Pier decision delayed</h1>{PARAS}</body></html>")
    verdict = judge_bodies("", density_body(root, "Pier decision delayed"))
    assert verdict.method == "B" and verdict.text.split("\n\n") == S and "A found no story" in verdict.reason


def test_a_that_took_teasers_from_elsewhere_gives_way_to_the_story_beside_the_headline():
    root = parse_html(f"{HEAD}<h1>Pier decision delayed</h1>{PARAS}<div>{NAV}</div><div>{TEASERS}</div></body></html>")
    teasers = "\n\n".join(f"Another story about the town, number {i}" for i in range(15))
    verdict = judge_bodies(f"{S[0]}\n\n{teasers}", density_body(root, "Pier decision delayed"))
    assert verdict.method == "B" and verdict.text.split("\n\n") == S
    assert "links or fragments from elsewhere on the page" in verdict.reason


def test_a_is_kept_when_b_only_differs_by_a_linked_list_inside_the_story():
    """A story's own lists (towns that felt a quake, each a link; results by district) sit among its
    paragraphs, where B's classifier reads them as links: that is no reason to overrule A."""
    towns = "".join(
        f"<p>In district {i} the board counted <a href='/t{i}'>Oakdale</a>, "
        f"<a href='/u{i}'>Elmford</a> and <a href='/v{i}'>Ashby</a></p>"
        for i in range(6)
    )
    a = parsed(f"<header>{NAV}</header><h1>Pier decision delayed</h1><article>{PARAS}{towns}</article>")
    assert a.sources["body"] == "generic" and a.sources["body_judge"].startswith("A kept")
    assert "In district 5 the board counted Oakdale, Elmford and Ashby" in a.body


def test_a_is_kept_on_a_story_followed_by_a_long_comment_thread():
    comments = "".join(
        f"<p>I have lived in this town for {i + 10} years and I think the board is wrong about "
        "the pier, which was always the heart of the harbour and should be mended.</p>"
        for i in range(20)
    )
    a = parsed(
        f"<header>{NAV}</header><h1>Pier decision delayed</h1><article>{PARAS}</article>"
        f"<section class='comments'><h2>Comments</h2>{comments}</section>"
    )
    assert a.body.split("\n\n") == S and a.sources["body"] == "generic"


def test_an_ordinary_story_is_a_for_both_and_the_judge_says_so():
    a = parsed(
        f"<header>{NAV}</header><h1>Pier decision delayed</h1><article>{PARAS}</article><aside>{TEASERS}</aside>"
    )
    assert a.body.split("\n\n") == S
    assert a.sources["body"] == "generic" and a.sources["body_judge"].startswith("A kept (A took 126 words, B 126")


def test_a_listing_is_still_no_article():
    cards = "".join(
        f'<div class="card"><h2><a href="/n{i}">Story {i}: the harbour board meets on the pier</a>'
        f"</h2><p>{S[i % 5][:90]}</p></div>"
        for i in range(12)
    )
    with pytest.raises(ExtractionError, match="no article found"):
        parsed(f"<header>{NAV}</header>{cards}")


@pytest.mark.parametrize(
    "word", sorted(NEGATIVE_WORDS | ALWAYS_JUNK | {"read-more", "more-stories", "see-also", "entry-meta", "author-box"})
)
def test_a_class_word_on_the_stories_wrapper_never_removes_the_story(word):
    """Issue 26.4: '<div class="box article modal-enabled">' around the story made the junk rules drop all of
    it. Every junk word, on the story's wrapper: method A (not only the judge's fallback) keeps the story."""
    a = parsed(
        f"<header>{NAV}</header><h1>Pier decision delayed</h1><div class='box {word}-enabled'>"
        f"<div class='entry-content'>{PARAS}</div></div>"
    )
    assert a.body.split("\n\n") == S and a.sources["body"] == "generic", word


def test_a_real_pop_up_and_a_comment_thread_after_the_story_stay_out():
    comments = "".join(
        f"<p>Reader {i} writes that the pier should be mended before the summer season "
        "begins, because the town depends on the visitors it brings.</p>"
        for i in range(12)
    )
    a = parsed(
        f"<h1>Pier decision delayed</h1><article>{PARAS}</article>"
        "<div class='modal'><p>Sign up for our newsletter and get the harbour news every morning in "
        "your inbox, with the tides and the weather.</p></div>"
        f"<div class='comments'>{comments}</div>"
    )
    assert a.body.split("\n\n") == S


def test_parse_explain_says_what_the_judge_did(tmp_path):
    page = tmp_path / "pier.html"
    page.write_text(f"{HEAD}<h1>Pier decision delayed</h1><article>{PARAS}</article></body></html>")
    out = CliRunner().invoke(main, ["parse", str(page), "--url", URL, "--format", "text", "--explain"])
    assert out.exit_code == 0, out.output
    assert "body_judge    A kept (A took 126 words, B 126; A is 100% inside B)" in out.output


NEXT_PAGE = (
    "<html><head><title>Pier decision delayed</title></head><body><div id='__next'>"
    "<h1>Pier decision delayed</h1><div class='loading'>Loading…</div></div>"
    "<script id='__NEXT_DATA__' type='application/json'>{json}</script></body></html>"
)


def test_a_page_drawn_by_script_gives_the_story_held_in_its_state_object():
    import json

    data = {
        "props": {
            "pageProps": {
                "article": {
                    "title": "Pier decision delayed",
                    "summary": S[0][:60],
                    "body": "".join(f"<p>{s}</p>" for s in S),
                }
            }
        }
    }
    a = parse_article(NEXT_PAGE.format(json=json.dumps(data)), url=URL)
    assert a.body.split("\n\n") == S and a.sources["body"] == "state object"
    state = "window.__INITIAL_STATE__ = " + json.dumps({"story": {"paragraphs": S}}) + ";"
    a = parse_article(
        f"{HEAD}<h1>Pier decision delayed</h1><div id='app'></div><script>{state}</script></body></html>", url=URL
    )
    assert a.body.split("\n\n") == S and a.sources["body"] == "state object"


def test_a_state_object_is_never_read_as_page_text_nor_over_a_story_in_the_markup():
    import json

    data = {"props": {"article": {"body": "Something else entirely, in the data only. " * 30}}}
    page = NEXT_PAGE.format(json=json.dumps(data)).replace("<div class='loading'>Loading…</div>", PARAS)
    a = parse_article(page, url=URL)
    assert a.body.split("\n\n") == S and "Something else" not in a.body


def test_a_listings_state_with_teasers_only_is_still_no_article():
    import json

    data = {"props": {"items": [{"title": f"Story {i}", "description": S[i % 5][:100]} for i in range(20)]}}
    with pytest.raises(ExtractionError, match="no article found"):
        parse_article(NEXT_PAGE.format(json=json.dumps(data)), url=URL)


@pytest.mark.slow  # seconds: in the full run, not the inner loop
def test_a_hostile_state_object_is_bounded():
    deep = "[" * 100_000 + "]" * 100_000  # json.loads raises RecursionError: no story, no crash
    with pytest.raises(ExtractionError, match="no article found"):
        parse_article(NEXT_PAGE.format(json=deep), url=URL)
    wide = "{" + ",".join(f'"k{i}": {{"text": "x"}}' for i in range(150_000)) + "}"
    with pytest.raises(ExtractionError, match="no article found"):
        parse_article(NEXT_PAGE.format(json=wide), url=URL)


def _teaser_column() -> str:
    return "".join(
        f"<p><a href='/m{i}'>Match report {i}</a> The visitors scored twice after the break and the "
        f"home side never recovered, said the manager of team {i} after the game.</p>"
        for i in range(5)
    )


def test_a_that_took_a_column_of_teasers_far_below_gives_way_to_the_story_under_the_headline():
    root = parse_html(
        f"{HEAD}<div>{NAV}</div><h1>Pier decision delayed</h1>{PARAS}<div>{NAV}</div>"
        f"<div>{NAV}</div><div>{_teaser_column()}</div></body></html>"
    )
    b = density_body(root, "Pier decision delayed")
    teasers = "\n\n".join(p.split("</a> ")[1][:-4] for p in _teaser_column().split("</p>")[:-1] if "</a> " in p)
    verdict = judge_bodies(teasers, b)
    assert verdict.method == "B" and verdict.text.split("\n\n") == S
    assert "B starts nearer the headline: A took another block" in verdict.reason


def test_a_right_under_the_headline_is_kept_when_b_took_text_further_down():
    root = parse_html(
        f"{HEAD}<h1>Pier decision delayed</h1><p>{S[0]}</p><p>{S[1]}</p><div>{NAV}</div>"
        f"<div>{_teaser_column()}</div></body></html>"
    )
    verdict = judge_bodies(f"{S[0]}\n\n{S[1]}", density_body(root, "Pier decision delayed"))
    assert verdict.method == "A", verdict.reason


def test_b_taken_loses_the_date_lines_and_labels_a_would_have_dropped():
    a = parsed(
        f"<header>{NAV}</header><h1>Pier decision delayed</h1><div class='a1'><p>{S[0]}</p></div>"
        f"<div class='x'><p>POSTED: 7:54 am EST January 23, 2008</p><p>Advertisement</p></div>"
        f"<div class='b2'><p>{S[1]}</p><p>{S[2]}</p></div><div class='c3'><p>{S[3]}</p><p>{S[4]}</p></div>"
    )
    assert a.sources["body"] == "generic (block classification)" and a.body.split("\n\n") == S
