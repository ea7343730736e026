"""The recheck schedule and the health rules, decided without a database."""

from datetime import UTC, datetime, timedelta

from newsgrab import health, recheck

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def ago(hours):
    return NOW - timedelta(hours=hours)


def test_recheck_every_run_then_hourly_then_daily_then_never():
    assert recheck.is_due(ago(1), ago(0.01), NOW)  # under 3 h old: every run
    assert not recheck.is_due(ago(10), ago(0.5), NOW)  # a day old: hourly
    assert recheck.is_due(ago(10), ago(1.5), NOW)
    assert not recheck.is_due(ago(48), ago(5), NOW)  # a week old: daily
    assert recheck.is_due(ago(48), ago(25), NOW)
    assert not recheck.is_due(ago(24 * 8), ago(24 * 3), NOW)  # older: never
    assert recheck.horizon() == 24 * 7


def test_a_site_gone_quiet_is_warned_only_past_its_usual_rhythm():
    hourly = [ago(h) for h in range(1, 30)]
    assert health.quiet_warning("s", hourly, NOW) is None
    stale = [ago(h + 20) for h in range(1, 30)]
    assert "nothing new for 21.0 h" in health.quiet_warning("s", stale, NOW)
    assert health.quiet_warning("s", stale[:3], NOW) is None  # too little history to judge


def test_a_field_suddenly_empty_is_warned_and_a_field_always_empty_is_not():
    filled = ("H", "body", "2024-01-01", "[]")
    recent = [("H", "", "2024-01-01", "[]")] * 20
    warnings = health.empty_field_warnings("s", recent + [filled] * 50)
    assert len(warnings) == 1 and "body empty on 100%" in warnings[0]
    assert health.empty_field_warnings("s", [filled] * 70) == []  # rankings always empty: no warning


def test_articles_found_by_one_run_are_one_arrival_not_gaps_of_zero():
    """issue 23, item 17: the demo archive warned 'nothing new for 25399.7 h (usually a new article every
    0.0 h)': ten articles of one run made a median gap of zero."""
    from datetime import UTC, datetime, timedelta

    from newsgrab.health import quiet_warning

    t0 = datetime(2024, 1, 10, tzinfo=UTC)
    batches = [t0 + timedelta(hours=3 * k, seconds=s) for k in range(10) for s in range(5)]
    firsts = sorted(batches, reverse=True)
    assert quiet_warning("x", firsts, firsts[0] + timedelta(hours=6)) is None  # two runs' usual gap
    warned = quiet_warning("x", firsts, firsts[0] + timedelta(hours=30))
    assert warned and "usually a new article every 3.0 h" in warned
    assert quiet_warning("x", firsts[:5], firsts[0] + timedelta(days=100)) is None  # one run: no usual gap


def test_an_archive_nobody_runs_any_more_is_not_a_quiet_site(tmp_path):
    from newsgrab.store import Archive
    from tests import simulated

    simulated.build(tmp_path / "demo.db")
    with Archive(tmp_path / "demo.db", create=False) as a:
        assert not [w for w in a.health() if "nothing new" in w]
