"""The extractor's revision (extract/version.py) moves exactly when its output does.

The records of every in-repo page (fixtures/*/*.html and the generic pages, .html.gz) hash to one digest per
revision, pinned below. A change of output without a bump of EXTRACTOR_REVISION fails here; so does a bump
without a change (which would make every archive reparse for nothing). A refactor, a comment, a faster
rule: the digest stays, the revision stays, and every stored record stays current."""

import gzip
import hashlib
import json

from newsgrab import parse_article
from newsgrab.errors import ExtractionError
from newsgrab.extract.version import EXTRACTOR_REVISION, extractor_version

from .conftest import FIXTURES

# revision -> digest of the in-repo pages' records. On a change of output: bump EXTRACTOR_REVISION and add
# its line with the digest this test prints (say in the commit what changed).
DIGESTS = {
    1: "f27b48a9136e1511",  # two body methods and a judge, the state object, whole-word dates (issue 26)
    2: "4793e8d56704b9f4",  # lexicon scoped by language; a masthead <h1>; comments shaped like the story (26)
    3: "113d9150645bc174",  # every headline a page gives, side by side: Article.headlines (issue 28)
    4: "24e28b5ce0559ae9",  # the page's first <h1> is no story text when the metadata's headline is another
    5: "2874431270912620",  # a plug for the site's newsletter or WhatsApp after the story is no story text
    6: "6b88410d164c6b8d",  # a story over repeated wrappers or unnamed <section>s; linky look-alikes are no parts
    7: "556458867f57d5f4",  # rights notices and broadcast notes are no story text; B passes the text filters
    8: "9f32623c1845f882",  # without metadata, the site's name printed on the page is not the headline
    9: "e22bb92b2bb6110b",  # the next story, loaded below in the same blocks under its own <h1>, is no part
    10: "b7d46ef0d952d2a2",  # a comment form after the story; a date line with an ordinal day ("28th December")
}


def corpus_digest() -> str:
    h = hashlib.sha256()
    pages = sorted([*FIXTURES.glob("*/*.html"), *FIXTURES.glob("*/*.html.gz")])
    assert len(pages) >= 40
    for page in pages:
        data = page.read_bytes()
        if page.suffix == ".gz":
            data = gzip.decompress(data)
        meta = page.with_name(page.name.removesuffix(".gz").removesuffix(".html") + ".json")
        url = json.loads(meta.read_text(encoding="utf-8")).get("url") if meta.exists() else None
        try:
            record = parse_article(data, url=url).to_dict()
            record.pop("extractor_version")
        except ExtractionError as exc:
            record = {"no article": str(exc)}
        h.update(page.relative_to(FIXTURES).as_posix().encode())
        h.update(json.dumps(record, sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()[:16]


def test_the_output_of_this_revision_is_the_one_pinned_for_it():
    got = corpus_digest()
    assert EXTRACTOR_REVISION in DIGESTS, (
        f"EXTRACTOR_REVISION {EXTRACTOR_REVISION} has no pinned digest: add {EXTRACTOR_REVISION}: {got!r}"
    )
    assert got == DIGESTS[EXTRACTOR_REVISION], (
        f"the extractor's output changed (digest {got}) but EXTRACTOR_REVISION is still {EXTRACTOR_REVISION}: "
        f"bump it in newsgrab/extract/version.py and pin {EXTRACTOR_REVISION + 1}: {got!r} here"
    )
    assert list(DIGESTS.values()).count(got) == 1, "a bump without a change of output: every archive would reparse"


def test_the_stamp_names_the_package_version_and_the_revision_not_a_hash_of_the_source():
    from newsgrab import __version__

    assert extractor_version() == f"{__version__}+r{EXTRACTOR_REVISION}"
    assert extractor_version(str(FIXTURES.parent / "newsgrab" / "sites" / "japannews.toml")).startswith(
        f"{__version__}+r{EXTRACTOR_REVISION}.p"
    )
