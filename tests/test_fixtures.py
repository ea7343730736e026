"""Every fixture page parses to the expected record beside it (fixtures/<site>/<case>.html + .json).

Adding a site profile is adding a page and its JSON: this test picks them up.
"""

import json

import pytest

from newsgrab import parse_article
from newsgrab.model import RECORD_FIELDS

from .conftest import fixture_pages

# every field the extractor makes (model.RECORD_FIELDS), less its provenance notes, plus the URL it chose
FIELDS = ("url", *(f.name for f in RECORD_FIELDS if f.reparsed and f.name not in ("sources", "warnings", "profile")))


@pytest.mark.parametrize("page", fixture_pages(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_parses_to_expected_record(page):
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    got = parse_article(page.read_bytes()).to_dict()
    for field in FIELDS:
        assert got[field] == expected.get(field), f"{page.name}: field {field!r} differs"


def test_there_are_fixtures_for_every_required_case():
    names = {p.stem for p in fixture_pages() if p.parent.name == "japannews"}
    assert len(names) >= 6
    assert {
        "staff-two-authors",
        "wire-jiji-dateline",
        "wire-reuters",
        "feature-subheads",
        "editorial-no-photo",
        "layout-2026-sports",
    } <= names
