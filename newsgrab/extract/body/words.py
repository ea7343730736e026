"""The markup vocabulary of body extraction: which tags are blocks, which class words mark boilerplate or
story; and the patterns built from the language word lists (../lexicon): labels, paywall prompts, clock times."""

from __future__ import annotations

import re

from .. import lexicon

BLOCK = frozenset(
    "p div section article main h1 h2 h3 h4 h5 h6 li ul ol blockquote pre table thead tbody tfoot tr "
    "dl dt dd figure figcaption header footer aside nav form hr address details summary center "
    "fieldset caption".split()
)


HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# Never part of the story text, wherever they are.


SKIP_TAGS = frozenset(
    "figure figcaption nav aside footer button select input textarea label audio "
    "video picture img source map dialog menu script noscript style svg".split()
)

# Class/id words that mark an element as not story text. Matched against the words of class and id
# values ("c-share-bar__item" -> c, share, bar, item), never against substrings.


NEGATIVE_WORDS = frozenset(
    """
comment comments share sharing sharebar social socials related recommended recommendation recommendations cta
newsletter newsletters subscribe subscription promo promotion advert advertisement advertising ad ads adslot
adunit adv sponsor sponsored cookie cookies consent gdpr modal popup overlay sidebar widget widgets breadcrumb
breadcrumbs byline pagination pager footer masthead menu navbar nav navigation skip toolbar caption figcaption
outbrain taboola teaser teasers trending banner signup login disclaimer rating reactions offer dateline
timestamp tooltip popover toolbox sronly donate toc tags taglist keywords topics copyright credit credits
""".split()
)


NEGATIVE_PHRASES = re.compile(
    r"author[-_]?(?:box|bio|info|card)|more[-_]?stories|read[-_]?more|most[-_]?popular|see[-_]?also|"
    r"app[-_]?promo|post[-_]?date|jump[-_]?link|sr-only|visually[-_]?hidden|screen[-_]?reader|article[-_]?meta|"
    r"entry[-_]?meta|post[-_]?meta|support[-_]?us|embed[-_]?social|"
    r"(?:^|\s)(?:meta|tools|actions|info-?box|authors?)(?:$|\s)",
    re.I,
)
# Words that say an element holds the story: such an element is never pruned by its name.


POSITIVE_WORDS = frozenset(
    "article articles body content contents main story text post entry column prose "
    "richtext artikel inhalt texte cuerpo nota".split()
)


WORD_SPLIT = re.compile(r"[\s_\-:/.]+|(?<=[a-z])(?=[A-Z])")


POSITIVE = re.compile(
    r"article|body|content|entry|main|post|text|story|blog|prose|rich-?text|copy|"
    r"paragraph|artikel|inhalt|texte|cuerpo|nota",
    re.I,
)


BOILER_TEXT = lexicon.Scoped(
    lambda: re.compile(
        rf"^(?:{lexicon.pattern('boilerplate_labels')})\b|^©"
        rf"|^[（(]?(?:{lexicon.pattern('editor_credit')})[:：]",  # "(责编：…)": the editors' credit line
        re.I,
    )
)


NEVER_PRUNED = frozenset(("html", "body", "main", "article"))


ALWAYS_JUNK = frozenset("comment comments newsletter cookie cookies consent gdpr modal popup outbrain taboola".split())


EMBEDDED_POST = re.compile(r"twitter-tweet|instagram-media|tiktok-embed|fb-post|bluesky-embed|threads-embed", re.I)


LABEL_REST = re.compile(r"[\s:|>»›→\-–—…]+")


PAYWALL_TEXT = lexicon.Scoped(lambda: re.compile(lexicon.pattern("paywall"), re.I))


PLUG_TEXT = lexicon.Scoped(lambda: re.compile(rf"(?<!\w)(?:{lexicon.pattern('channel_plugs')})(?!\w)", re.I))


# A broadcaster's note on when the story went on air: its label and a colon begin the block or a line.
BROADCAST_NOTE = lexicon.Scoped(lambda: re.compile(rf"^(?:{lexicon.pattern('broadcast_notes')})\s*:", re.I | re.M))


# A rights notice: its words anywhere in a short block, or a copyright mark where the block or a line
# begins ('© 2008 AFP', '(c) 2008 Magellan Navigation, Inc.', 'Copyright 2008 Reuters', 'Copyright: Project
# Syndicate').
RIGHTS_TEXT = lexicon.Scoped(
    lambda: re.compile(
        rf"(?<!\w)(?:{lexicon.pattern('rights_notices')})(?!\w)|^[(\[]?\s*(?:©|\(c\)|copyright\s*(?:©|\(c\)|:|\d{{4}}))",
        re.I | re.M,
    )
)


CLOCK = re.compile(r"\d{1,2}[:.h]\d{2}(?:\s?(?:[ap]\.?m\.?|uhr|h|hrs|gmt|utc|bst|cet|et|jst))?", re.I)


SENTENCE_END = tuple('.!?…"”»’)。！？」』）')


NOT_ALNUM = re.compile(r"[\W_]+")
