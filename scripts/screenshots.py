#!/usr/bin/env python3
"""Look at `newsgrab serve` in a real browser: build the demo archive, serve it on a free local port, and
take screenshots of its pages with headless Chromium (Debian's `chromium`), to look at by eye.

    python scripts/screenshots.py [--out screenshots/]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import simulated  # noqa: E402

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def pages(info: dict) -> dict[str, str]:
    jiji = urllib.parse.quote(info["urls"]["wire-jiji-dateline"])
    chart = (
        "#g.mark=line&g.x_column=captured_at&g.x_type=temporal&g.y_column=position&g.y_type=quantitative"
        "&g.color_column=title&g.color_type=nominal"
    )
    access = urllib.parse.quote(simulated.ACCESS)
    return {
        "1-database": "/news",
        "2-articles-search-facets": "/news/articles?_search=Japan&_facet=site&_facet=section",
        "3-lists-now": "/news/lists_now",
        "4-rank-history": f"/news/rank_history?url={jiji}",
        "5-most-edited": "/news/most_edited",
        "6-vega-rank-chart": f"/news/ranking_snapshots?list_name={access}&_size=max{chart}",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("screenshots"))
    args = ap.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        sys.exit("screenshots need Chromium: apt-get install chromium")
    args.out.mkdir(parents=True, exist_ok=True)
    db = Path(tempfile.mkdtemp()) / "news.db"
    info = simulated.build(db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "newsgrab", "serve", "--db", str(db), "--port", str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        for name, path in pages(info).items():
            target = args.out / f"{name}.png"
            profile = tempfile.mkdtemp()
            subprocess.run(
                [
                    browser,
                    *FLAGS,
                    f"--user-data-dir={profile}",
                    "--window-size=1280,1100",
                    "--virtual-time-budget=8000",
                    f"--screenshot={target.resolve()}",
                    base + path,
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )
            print(f"{target}  <- {path}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
