"""Small pages in the shapes real sites use, one per way a story has been lost on unseen pages (issue 13):
the extractor must return the story, not nothing, a form message, a teaser, a gallery or a sidebar."""

from __future__ import annotations

from .conftest import html_page

SENTENCES = [
    "The council voted on Tuesday to rebuild the old river bridge, ending a dispute that lasted three years.",
    "Engineers said the new bridge would carry twice as much traffic, and cyclists would get a lane of their own.",
    "Residents of the east bank, who had campaigned for a tunnel instead, said they would accept the decision.",
    "The mayor said the works would start in the spring and take about eighteen months to finish, weather allowing.",
    "During the works a ferry will run every twenty minutes, free of charge, between the two old landing stages.",
    "Shop owners near the bridge asked for help with lost trade, and the council promised a fund of two million.",
    "The regional government will pay half of the cost, according to the agreement signed last week in the capital.",
    "Opposition members criticised the timetable, saying similar projects elsewhere had taken twice as long to build.",
]


def story_paragraphs(n: int = 8, prefix: str = "", start: int = 0) -> str:
    return "".join(
        f"<p>{prefix}{SENTENCES[(start + i) % len(SENTENCES)]} (Part {start + i + 1}.)</p>" for i in range(n)
    )


def page(body: str, title: str = "Council votes to rebuild the river bridge") -> str:
    return html_page(body, head=f"<meta property='og:title' content='{title}'>", title=f"{title} | Example News")


PAGES: dict[str, str] = {
    # A blog's story block and its readers' comments share one class ('item'); the comments sit in a box
    # named for them. Only the story's own look-alikes are parts of it.
    "comment thread of blocks named like the story's": page(
        "<div id='content'><div class='item'><h2>Council votes to rebuild the river bridge</h2>"
        + story_paragraphs(8)
        + "</div><div class='comment_container'><div id='comments'><h4>Comments</h4>"
        + "".join(
            f"<div class='item'><p>Reader comment {i}: I have crossed that bridge every day for twenty years, and "
            f"frankly the council should have done this a decade ago, before the cracks appeared.</p>"
            f"<p class='credit'>Posted By: reader{i} | January 07 2008 at 03:06 PM</p></div>"
            for i in range(12)
        )
        + "</div></div></div>"
    ),
    # The negative: the same story split over look-alike blocks in a box of neutral name keeps every part.
    "story split over look-alike blocks": page(
        "<div id='content'><h1>Council votes to rebuild the river bridge</h1><div class='entry-parts'>"
        "<div class='item'>" + story_paragraphs(4) + "</div><div class='ad-slot'></div>"
        "<div class='item'>" + story_paragraphs(4, start=4) + "</div></div></div>"
    ),
    # The story's wrapper carries a class word that marks boilerplate elsewhere ('share' scope for buttons).
    "story in a wrapper named for sharing": page(
        "<header><nav><a href='/'>Home</a></nav></header><main><h1>Council votes to rebuild the river bridge</h1>"
        f"<div class='js-share-scope social-tools-container'>{story_paragraphs(8)}</div></main>"
    ),
    # A newsletter box with its confirmation text, long and full of commas, beside a short-paragraph story.
    "newsletter confirmation beside the story": page(
        "<main><h1>Council votes to rebuild the river bridge</h1><div class='col'>"
        + story_paragraphs(8)
        + "</div><div class='col'><div class='box'><form action='/subscribe'><input type='email' name='e'>"
        "<button>Sign up</button></form><div class='done'><p>Thank you for signing up! You will receive our morning "
        "briefing, with the news of the day, the weather, the traffic, the best reads, the podcasts, the events, "
        "the offers, and more, every weekday, at six o'clock, in your inbox, from now on, until you unsubscribe, "
        "which you can do at any time, with one click, from any of our emails, or from your account page.</p>"
        "<p>Please check your inbox, and your spam folder, to confirm your address, within 24 hours, or the "
        "request will expire, and you will have to sign up again, from the beginning, on this page.</p>"
        "</div></div></div></main>"
    ),
    # A photo gallery of 50 slides with captions next to the article.
    "gallery of 50 slides next to the article": page(
        "<main><div class='gallery'>"
        + "".join(
            f"<div class='slide'><img src='/g/{i}.jpg'><p>Slide {i}: the river, the old bridge, the banks, the "
            f"boats, the ferry, the crowds, and the workers, seen from the east side, at dawn, in winter.</p></div>"
            for i in range(50)
        )
        + "</div><div class='text'><h1>Council votes to rebuild the river bridge</h1>"
        + story_paragraphs(8)
        + "</div></main>"
    ),
    # The story split over sibling blocks: a lead, then the rest behind a "read more" expander.
    "story behind a read-more expander": page(
        "<main><h1>Council votes to rebuild the river bridge</h1><div class='article-lead'>"
        + story_paragraphs(1)
        + "</div><button>Read more</button><div class='read-more-content collapsed'>"
        + story_paragraphs(8, "More: ")
        + "</div></main>"
    ),
    # A how-to split into one block per step, each in its own wrapper.
    "how-to with one block per step": page(
        "<main><h1>How to rebuild a river bridge</h1>"
        + "".join(
            f"<section class='step step-{i}'><h2>Step {i + 1}</h2>{story_paragraphs(2, start=2 * i)}</section>"
            for i in range(4)
        )
        + "</main>",
        title="How to rebuild a river bridge",
    ),
    # Sidebar blocks of text printed before the story in the page's order.
    "sidebar text before the story": page(
        "<div class='layout'><div class='rail'><div class='about'><p>Example News is an independent newsroom, "
        "founded in 1950, that covers the city, the region, and the river, with reporters in every district, "
        "and a team of editors, photographers, and designers.</p><p>We are funded by our readers, by "
        "advertising, and by grants, and we publish every day, in print, online, and on the radio.</p></div>"
        "</div><div class='main-col'><h1>Council votes to rebuild the river bridge</h1>"
        + story_paragraphs(8)
        + "</div></div>"
    ),
    # A related-story teaser with a long summary, in a box, at the top of the story column.
    "related teaser above the story": page(
        "<main><h1>Council votes to rebuild the river bridge</h1><div class='story'><div class='teaser-box'>"
        "<p><a href='/other'>Earlier: the council, the mayor, and the engineers met, argued, compromised, and "
        "finally agreed, after months, on a plan, for the bridge, the ferry, and the roads.</a></p></div>"
        + "".join(f"<div class='para'>{SENTENCES[i]}</div>" for i in range(8))
        + "</div></main>"
    ),
    # An old table layout: a column of links, then the story as text in a <font> with line breaks.
    "story in a font element in a table layout": page(
        "<table><tr><td class='left'>"
        + "".join(f"<a href='/s{i}'>Section {i}</a><br>" for i in range(15))
        + "</td><td><h1>Council votes to rebuild the river bridge</h1><font face='Arial'>"
        + "<br><br>".join(SENTENCES)
        + "</font></td></tr></table>"
    ),
    # The story as <span>s between <br>s, no paragraph elements at all.
    "story in spans between line breaks": page(
        "<h1>Council votes to rebuild the river bridge</h1><div class='entry'>"
        + "".join(f"<span class='p'>{s}</span><br><br>" for s in SENTENCES)
        + "</div>"
    ),
    # The story in unnamed <section>s (HTML's unit of a document's parts), the later ones under subheads,
    # with an ad in the first: only the first section was taken.
    "story in unnamed sections under subheads": page(
        "<h1>Council votes to rebuild the river bridge</h1><div class='formatted'><section><aside></aside>"
        + story_paragraphs(4)
        + "<aside class='supplementary'>Jobs: engineer (m/f/d)</aside></section><section><h2>The ferry</h2>"
        + story_paragraphs(2, start=4)
        + "</section><section><h2>The money</h2>"
        + story_paragraphs(2, start=6)
        + "</section></div>"
    ),
    # Each section of the story wrapped in the same boxes (<div class=con><div class=mod><div
    # class=box>), teaser boxes of another class between them: only the largest section was taken.
    "story sections each in the same wrapper boxes": page(
        "<h1>Council votes to rebuild the river bridge</h1><div class='detail'>"
        + "".join(
            f"<div class='con'><div class='modCon'><div class='mod modParagraph'><div class='box'>{paras}"
            "</div></div></div></div><div class='con conInline teaserBox'><div class='modCon'><div class='mod'>"
            "<div class='box'><p><a href='/other'>Video: the ferry, the harbour and the quays, seen from the "
            "river at dawn</a></p></div></div></div></div>"
            for paras in (story_paragraphs(2), story_paragraphs(5, start=2), story_paragraphs(1, start=7))
        )
        + "</div>"
    ),
    # A rail of teaser cards (linked headline and a long dek each) holding more text than a short story.
    "rail of teaser cards longer than the story": page(
        "<main><section class='x'><h1>Council votes to rebuild the river bridge</h1>"
        + "".join(f"<p>{s}</p>" for s in SENTENCES)
        + "</section><div class='rail'>"
        + "".join(
            f"<div class='card'><h3><a href='/s{i}'>Other story number {i}, about the harbour</a></h3><p>Earlier: "
            f"the harbour, the ferry, the docks, the boats, the cranes, the sheds, the quays, the nets, and the "
            f"gulls, in a teaser for other story {i}, which goes on, and on, and on.</p></div>"
            for i in range(30)
        )
        + "</div></main>"
    ),
}
