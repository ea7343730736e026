"""The archive configuration: sources, defaults, and one precise line per mistake."""

import pytest

from newsgrab.config import ConfigError, SiteSources, load_config, merge_settings, resolve_sources


def load(tmp_path, text):
    path = tmp_path / "newsgrab.toml"
    path.write_text(text)
    return load_config(path)


@pytest.mark.parametrize(
    "text,words",
    [
        (
            '[[site]]\nname = "x"\nfeeds = "http://x.example/rss"\n',
            "feeds must be a list of strings, not 'http://x.example/rss' (write feeds = [",
        ),
        ('[defaults]\ndelay = "fast"\n[[site]]\nname = "x"\nfeeds = ["http://x/rss"]\n', "delay must be a number"),
        ('[site]\nname = "x"\nfeeds = ["http://x/rss"]\n', "write [[site]] (two brackets"),
        (
            '[defaults]\ntimezon = "Asia/Tokyo"\n[[site]]\nname = "x"\nfeeds = ["http://x/rss"]\n',
            "unknown key 'timezon'",
        ),
        ('[[site]]\nname = "x"\nfeedz = ["http://x/rss"]\n', "unknown key(s) ['feedz']"),
        ("[default]\ndelay = 1\n", "unknown key(s) default"),
        ('[[site]]\nname = "x"\nfeeds = ["http://x/rss"]\nmax_articles = 2.5\n', "max_articles must be a whole number"),
        ('[defaults]\ntimezone = "Mars/Olympus"\n[[site]]\nname = "x"\nfeeds = ["http://x/rss"]\n', "unknown timezone"),
    ],
)
def test_config_mistakes_are_one_precise_line(tmp_path, text, words):
    with pytest.raises(ConfigError) as exc:
        load(tmp_path, text)
    assert words in str(exc.value) and "\n" not in str(exc.value)


def test_per_site_delay_is_kept_for_its_hosts(tmp_path):
    _, (site,) = load(tmp_path, '[[site]]\nname = "x"\nfeeds = ["https://News.Example.com/rss"]\ndelay = 4\n')
    assert site.delay == 4 and site.hosts() == {"news.example.com"}


def test_command_line_wins_over_config_defaults_then_env(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSGRAB_TZ", "Europe/Paris")
    s = merge_settings({"delay": 2, "max_time": 60}, delay=0.5, max_time=None)
    assert (s.delay, s.max_time, s.timezone, s.max_articles) == (0.5, 60, "Europe/Paris", 200)
    assert merge_settings({"timezone": "Asia/Tokyo"}).timezone == "Asia/Tokyo"
    with pytest.raises(ConfigError, match="unknown time zone"):
        merge_settings({}, timezone="Nowhere/Land")


def test_command_line_sources_still_read_the_config_defaults(tmp_path):
    (tmp_path / "newsgrab.toml").write_text('[defaults]\ntimezone = "Asia/Tokyo"\n')
    defaults, sites = resolve_sources(
        None, str(tmp_path / "n.db"), [], ["http://x.example/rss"], [], [], listing_pattern="/story/"
    )
    assert defaults == {"timezone": "Asia/Tokyo"}
    assert sites == [SiteSources("command line", feeds=["http://x.example/rss"], listing_pattern="/story/")]
    with pytest.raises(ConfigError, match="--listing-pattern: bad pattern"):
        resolve_sources(None, str(tmp_path / "n.db"), [], ["http://x.example/rss"], [], [], listing_pattern="(")


def test_discovered_links_stay_within_the_site_unless_allowed():
    site = SiteSources("x", feeds=["https://www.news.example.com/rss"], domains=["static.example.org"])
    assert site.in_site("https://news.example.com/a/1")
    assert site.in_site("https://www.news.example.com/a/1")
    assert site.in_site("https://m.news.example.com/a/1")
    assert site.in_site("https://static.example.org/a/1")
    for other in (
        "http://127.1/a",
        "http://0/a",
        "http://2130706433/a",
        "https://evil.example.net/a",
        "https://example.com.evil.net/a",
    ):
        assert not site.in_site(other), other
    site.other_hosts = True
    assert site.in_site("https://evil.example.net/a")


def test_the_callers_newsgrab_settings_do_not_reach_the_tests_or_their_cli_processes():
    import os
    import subprocess
    import sys

    assert not [k for k in os.environ if k.startswith("NEWSGRAB_")]
    out = subprocess.run(
        [sys.executable, "-c", "import os; print(sorted(k for k in os.environ if k.startswith('NEWSGRAB_')))"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]"
