"""The README's recipes run as written (issue 23, item 16): the crontab line under cron's bare
environment (`env -i`, PATH=/usr/bin:/bin) with the Quick start's install, the systemd unit's ExecStart,
`newsgrab init` followed by the command it prints from another directory, and the rank-history examples
on the README's own demo archive. Each is read from README.md, so an edit there is tested here."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from tests import simulated
from tests.conftest import ROOT

from .conftest import newsgrab_cmd
from .conftest import query as q
from .server import Reply
from .test_archive_e2e import article, feed

README = (ROOT / "README.md").read_text(encoding="utf-8")
HTML = {"Content-Type": "text/html; charset=utf-8"}


def _block(lang: str) -> str:
    m = re.search(rf"```{lang}\n(.*?)```", README, re.S)
    assert m, f"no ```{lang} block in the README"
    return m.group(1)


def _home_with_the_quick_start_install(tmp_path: Path, base: str) -> Path:
    """A HOME where the Quick start's install is (~/newsgrab/.venv/bin/newsgrab: this test's own
    console script) and a config beside the archive names a local site."""
    home = tmp_path / "home"
    venv_bin = home / "newsgrab" / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "newsgrab").symlink_to(Path(newsgrab_cmd()[0]).resolve())
    news = home / "news"
    news.mkdir()
    (news / "newsgrab.toml").write_text(f'[defaults]\ndelay = 0\n\n[[site]]\nname = "local"\nfeeds = ["{base}/feed"]\n')
    return home


def _serve_one_story(site) -> str:
    base = site.start()
    site.routes["/robots.txt"] = Reply(404, b"")
    site.routes["/feed"] = Reply(200, feed(base, [1]).encode(), {"Content-Type": "application/rss+xml"})
    site.routes["/a/1"] = Reply(200, article(base, 1).encode(), HTML)
    return base


def _bare(home: Path, command: str) -> subprocess.CompletedProcess:
    """A command line run as cron runs it: a shell, no environment but HOME and a bare PATH."""
    return subprocess.run(
        ["env", "-i", f"HOME={home}", "PATH=/usr/bin:/bin", "sh", "-c", command],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_crontab_line_runs_as_written_under_crons_environment(site, tmp_path):
    home = _home_with_the_quick_start_install(tmp_path, _serve_one_story(site))
    line = next(ln for ln in _block("cron").splitlines() if ln.strip() and not ln.startswith("#"))
    command = line.split(None, 5)[5]  # past the five time fields
    r = _bare(home, command)
    assert r.returncode == 0, (command, r.stderr)
    assert r.stdout == "" and r.stderr == ""  # --quiet: cron mails nothing when all is well
    assert q(str(home / "news" / "news.db"), "SELECT count(*) FROM articles") == [(1,)]
    assert (home / "news" / "archive.log").read_text().count('"event"') >= 2


def test_the_systemd_units_command_runs_as_written(site, tmp_path):
    home = _home_with_the_quick_start_install(tmp_path, _serve_one_story(site))
    exec_start = next(ln for ln in _block("ini").splitlines() if ln.startswith("ExecStart="))
    command = exec_start.removeprefix("ExecStart=").replace("%h", str(home))
    r = _bare(home, command)
    assert r.returncode == 0, (command, r.stderr)
    assert q(str(home / "news" / "news.db"), "SELECT count(*) FROM articles") == [(1,)]


def test_init_says_the_next_command_and_where_the_archive_goes(site, tmp_path):
    base = _serve_one_story(site)
    folder = tmp_path / "cfg"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    r = subprocess.run(
        [*newsgrab_cmd(), "init", str(folder / "newsgrab.toml")],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    said = re.search(r"then run: (newsgrab archive [^\n]*?)  \(the archive: (\S+)\)", r.stderr)
    assert said, r.stderr
    (folder / "newsgrab.toml").write_text(
        f'[defaults]\ndelay = 0\n\n[[site]]\nname = "local"\nfeeds = ["{base}/feed"]\n'
    )
    args = shlex.split(said.group(1))
    r = subprocess.run([*newsgrab_cmd(), *args[1:]], capture_output=True, text=True, cwd=elsewhere, timeout=120)
    assert r.returncode == 0, r.stderr
    assert Path(said.group(2)).parent == folder.resolve() and Path(said.group(2)).exists()
    assert not list(elsewhere.iterdir())  # nothing made in the directory the commands ran from


def test_the_rank_history_examples_run_on_the_demo_archive(tmp_path):
    simulated.build(tmp_path / "demo-history.db")
    block = README[README.index("```console\n$ newsgrab rankings") :]
    block = block[: block.index("```", 10)]
    lines = [ln[2:].split("  #")[0].strip() for ln in block.splitlines() if ln.startswith("$ newsgrab")]
    assert len(lines) >= 5
    for line in lines:
        args = shlex.split(line)[1:]
        r = subprocess.run([*newsgrab_cmd(), *args], capture_output=True, text=True, cwd=tmp_path, timeout=120)
        assert r.returncode == 0, (line, r.stderr)
    assert (tmp_path / "rank.png").stat().st_size > 1000


def test_the_demo_script_leaves_tracked_files_alone(tmp_path):
    chart = ROOT / "docs" / "rank-chart.png"
    before = chart.read_bytes() if chart.exists() else None
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo_archive.py")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=180,
    )
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "rank-chart.png").exists() and (tmp_path / "demo-history.db").exists()
    assert (chart.read_bytes() if chart.exists() else None) == before
