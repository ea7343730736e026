"""Nothing hostile reaches the terminal (issue 22, item 5): every kind of character a terminal obeys (C0:
ESC, BEL; C1: the one-byte CSI; Unicode bidi overrides and isolates) is planted in every text field of
every table of an archive (as one received from elsewhere could hold it), and every command, in every
output format, is run under a pseudo-terminal. Its output must show each as an escape, never raw."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import sqlite3
import subprocess
import time

import pytest

from tests import simulated

from .conftest import newsgrab_cmd

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil\u2066x\u2069"
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SKIP = re.compile(r"^(\d{4}-\d\d-\d\d[T ][\d:.]+.*|[0-9a-f]{16,}|\d+)$")  # times, hashes, numbers stay


def _poison(value: str) -> str:
    try:
        items = json.loads(value)
    except ValueError:
        items = None
    if isinstance(items, list):
        return json.dumps([i + HOSTILE if isinstance(i, str) else i for i in items], ensure_ascii=False)
    if isinstance(items, (dict, int, float)) or _SKIP.match(value):
        return value
    return value + HOSTILE


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    db = tmp_path_factory.mktemp("tty") / "poisoned.db"
    simulated.build(db)
    conn = sqlite3.connect(db)
    conn.create_function("poison", 1, _poison, deterministic=True)
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
            "'%VIRTUAL%' AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    planted = 0
    for table in tables:
        cols = [
            r[1]
            for r in conn.execute(f"PRAGMA table_info([{table}])")
            if r[2].upper() in ("TEXT", "") and r[1] not in ("site", "list_name")
        ]
        for col in cols:
            planted += conn.execute(
                f"UPDATE [{table}] SET [{col}] = poison([{col}]) "
                f"WHERE typeof([{col}]) = 'text' AND poison([{col}]) != [{col}]"
            ).rowcount
    conn.commit()
    conn.close()
    assert planted > 100
    return str(db)


def run_in_pty(*args: str, timeout: float = 60) -> tuple[int, str]:
    """Run the CLI with stdout and stderr on a pseudo-terminal; (exit code, all it wrote)."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [*newsgrab_cmd(), *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "COLUMNS": "200"},
    )
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                data = os.read(leader, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=10)
    os.close(leader)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace")


def _commands(db: str) -> list[list[str]]:
    acc = simulated.ACCESS
    cmds = [
        ["show", "1"],
        ["show", "1", "--format", "json"],
        ["show", "1", "--format", "text"],
        ["search", "the"],
        ["search", "the", "--json"],
        ["stats"],
        ["stats", "--json"],
        ["runs"],
        ["runs", "--json"],
        ["rankings"],
        ["rankings", "--json"],
        ["rankings", "--csv"],
        ["rankings", acc, "--site", "japannews.yomiuri.co.jp"],
        ["rankings", acc, "--site", "japannews.yomiuri.co.jp", "--json"],
        ["rankings", acc, "--site", "japannews.yomiuri.co.jp", "--csv"],
        ["rankings", acc, "--site", "japannews.yomiuri.co.jp", "--churn", "--since", "2020-01-01"],
        ["rankings", acc, "--site", "japannews.yomiuri.co.jp", "--churn", "--since", "2020-01-01", "--json"],
        ["rankings", "--story", "1"],
        ["rankings", "--story", "1", "--json"],
        ["rankings", "--story", "1", "--csv"],
        ["edits", "--since", "2000-01-01"],
        ["edits", "--since", "2000-01-01", "--json"],
        ["edits", "--since", "2000-01-01", "--csv"],
        ["sites"],
        ["sites", "--json"],
    ]
    for table in ("articles", "rankings", "versions", "fetches", "runs"):
        for fmt in ("csv", "tsv", "jsonl", "json"):
            cmds.append(["export", "--table", table, "--format", fmt])
    with sqlite3.connect(db) as conn:
        changed = conn.execute(
            "SELECT article_id FROM article_versions GROUP BY article_id HAVING count(*) > 1 LIMIT 1"
        ).fetchone()
    if changed:
        cmds += [["diff", str(changed[0])], ["diff", str(changed[0]), "--no-color"], ["show", str(changed[0])]]
    return [[*c, *(["--db", db] if c[0] != "sites" else [])] for c in cmds]


def test_every_command_and_format_escapes_what_a_terminal_would_obey(poisoned):
    leaks = []
    for cmd in _commands(poisoned):
        code, out = run_in_pty(*cmd)
        assert "Traceback" not in out, (cmd, out[-2000:])
        raw = sorted({f"U+{ord(c):04X}" for c in RAW.findall(out.replace("\r\n", "\n"))})
        if raw:
            leaks.append(f"newsgrab {' '.join(cmd[:-2] if cmd[-2] == '--db' else cmd)}: {', '.join(raw)}")
    assert not leaks, "raw control or format characters reached the terminal:\n" + "\n".join(leaks)


def test_the_planted_text_is_there_to_be_seen(poisoned):
    """The escapes are shown (the text is not silently dropped): a person sees what the archive holds."""
    code, out = run_in_pty("show", "1", "--format", "text", "--db", poisoned)
    assert code == 0 and "\\x1b]0;pwned\\x07" in out and "\\u202e" in out and "\\x9b" in out


def test_json_output_stays_lossless(poisoned):
    """JSON escapes what it must as \\u escapes: a script reading it gets the stored text back."""
    r = subprocess.run(
        [*newsgrab_cmd(), "search", "the", "--json", "--db", poisoned], capture_output=True, text=True, timeout=60
    )
    hit = json.loads(r.stdout.splitlines()[0])
    assert "\u009b" not in r.stdout and "\u202e" not in r.stdout
    assert any(HOSTILE in str(v) for v in hit.values())


def test_export_to_a_file_keeps_the_stored_text(poisoned, tmp_path):
    """Only a terminal gets escapes: a file written with -o holds the text as stored."""
    out = tmp_path / "a.csv"
    r = subprocess.run(
        [*newsgrab_cmd(), "export", "--db", poisoned, "-o", str(out)], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0, r.stderr
    assert HOSTILE in out.read_text(encoding="utf-8")
