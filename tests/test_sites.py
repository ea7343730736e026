"""Site profiles: loaded from TOML, looked up by host, and checked key by key."""

import pytest

from newsgrab.errors import ProfileError
from newsgrab.sites import load_profile, profile_for, profiles


def write(tmp_path, text):
    path = tmp_path / "site.toml"
    path.write_text('name = "x"\ndomains = ["x.example"]\n' + text)
    return path


def test_japannews_is_built_in_and_found_by_host_and_subdomain():
    assert "japannews" in [p.name for p in profiles()]
    assert profile_for("https://japannews.yomiuri.co.jp/a/1").name == "japannews"
    assert profile_for("https://www.japannews.yomiuri.co.jp/a/1").name == "japannews"
    assert profile_for("https://yomiuri.co.jp/a/1") is None and profile_for(None) is None


@pytest.mark.parametrize(
    "text,words",
    [
        ('timezon = "Asia/Tokyo"\n', "unknown key 'timezon'"),
        ('timezone = "Asia/Tokio"\n', "unknown timezone"),
        ('drop = ".ad"\n', "drop must be a list"),
        ('[selectors]\nheadlin = "h1"\n', "unknown selector field"),
        ('[rankings]\nheading = ["Most Read"]\n', "[rankings] unknown key 'heading'"),
        ('[discovery]\nfeed = ["https://x.example/rss"]\n', "[discovery] unknown key 'feed'"),
        ('[selectors]\nheadline = "h1[["\n', "invalid selector"),
        ('prefer = ["author"]\n', "prefer: 'author' is no field a profile supplies"),
        ('prefer = ["url"]\n', "prefer: 'url' is no field a profile supplies"),
        ('ignore = ["jsonld:author"]\n', "ignore: 'jsonld:author' is no source a profile can switch off"),
    ],
)
def test_profile_mistakes_are_one_precise_error(tmp_path, text, words):
    with pytest.raises(ProfileError) as exc:
        load_profile(write(tmp_path, text))
    assert words in str(exc.value)


def test_a_good_profile_loads_its_data(tmp_path):
    p = load_profile(
        write(
            tmp_path,
            'timezone = "Europe/Berlin"\n[selectors]\nheadline = "h1.title"\n'
            '[rankings]\nheadings = ["^Meistgelesen$"]\n',
        )
    )
    assert p.timezone == "Europe/Berlin" and p.selectors["headline"] == ("h1.title",)
    assert p.ranking_headings == ("^Meistgelesen$",) and p.matches("www.x.example")


def test_a_users_profile_named_like_a_built_in_one_replaces_it(tmp_path, monkeypatch):
    """issue 23, item 10: the built-in's selectors still ran, the profile hash did not change, and `sites`
    listed both with nothing to tell them apart."""
    from click.testing import CliRunner

    from newsgrab.cli import main
    from newsgrab.extract.version import extractor_version
    from newsgrab.sites import BUILTIN_DIR

    builtin = profile_for("https://japannews.yomiuri.co.jp/a/1")
    mine = tmp_path / "japannews.toml"
    mine.write_text((BUILTIN_DIR / "japannews.toml").read_text().replace('timezone = "Asia/Tokyo"', 'timezone = "UTC"'))
    monkeypatch.setenv("NEWSGRAB_SITES", str(tmp_path))
    found = profile_for("https://japannews.yomiuri.co.jp/a/1")
    assert found.path == str(mine) and found.timezone == "UTC" and found.overrides == builtin.path
    assert [p.name for p in profiles()].count("japannews") == 1
    assert extractor_version(found.path) != extractor_version(builtin.path)
    out = CliRunner().invoke(main, ["sites"]).output
    assert out.count("japannews ") == 1 and "overriding the built-in japannews.toml" in out


def test_a_users_profile_with_a_new_name_comes_before_the_built_ins(tmp_path, monkeypatch):
    (tmp_path / "mine.toml").write_text('name = "mine"\ntitle = "Mine"\ndomains = ["yomiuri.co.jp"]\n')
    monkeypatch.setenv("NEWSGRAB_SITES", str(tmp_path))
    assert profile_for("https://japannews.yomiuri.co.jp/a/1").name == "mine"  # the user's file wins
    assert {"mine", "japannews"} <= {p.name for p in profiles()}


def test_every_prefer_and_ignore_of_the_merge_order_loads_and_the_builtin_profiles_use_only_those(tmp_path):
    from newsgrab.extract.merge_order import IGNORABLE, PREFERABLE

    assert {"authors", "published", "tags", "body"} <= PREFERABLE and "json-ld:author" in IGNORABLE
    p = load_profile(
        write(tmp_path, f"prefer = {sorted(PREFERABLE)!r}\nignore = {sorted(IGNORABLE)!r}\n".replace("'", '"'))
    )
    assert set(p.prefer) == PREFERABLE
    for builtin in profiles():
        assert set(builtin.prefer) <= PREFERABLE and set(builtin.ignore) <= IGNORABLE


def test_build_walks_the_merge_order_and_each_source_it_names_is_one_of_the_fields_layers():
    from newsgrab import parse_article
    from newsgrab.extract.merge_order import MERGE_ORDER

    from .conftest import FIXTURES

    page = next(FIXTURES.glob("japannews/*.html"))
    a = parse_article(page.read_bytes(), url="https://japannews.yomiuri.co.jp/politics/20240101-1/")
    for name, source in a.sources.items():
        if name in MERGE_ORDER:
            assert source in {x.source for x in MERGE_ORDER[name]}, (name, source)
