"""Lighthouse (npm, mobile defaults) on the home, a category, an article and the 404 page.

Builds content/ into a temporary folder, serves it with `helpcenter serve`, runs Lighthouse
against Debian's Chromium (CHROME_PATH=/usr/bin/chromium) and prints the four category scores
per page, the median of --runs runs. Not part of CI: Lighthouse is installed on demand from
bench/lighthouse/package.json.

    .venv/bin/python bench/lighthouse.py [--runs 3] [--out DIR] [--page NAME=PATH ...]

--page replaces the four pages, e.g. the Spanish site's:
--page es-home=/es/ --page es-article=/es/end-a-contract/ --page es-404=/es/404.html
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "lighthouse"
BIN = Path(sys.executable).parent
PAGES = {"home": "/", "category": "/categories/contracts/", "article": "/end-a-contract/", "404": "/404.html"}  # Lighthouse refuses a 404 status: the same page, as a file
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking --no-first-run "
                "--disable-component-update --disable-sync")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, help="keep the build and the reports here")
    parser.add_argument("--page", action="append", default=[], metavar="NAME=PATH",
                        help="a page to measure instead of the four defaults (repeat for each)")
    args = parser.parse_args(argv)
    pages = dict(PAGES)
    if args.page:
        try:
            pages = dict(item.split("=", 1) for item in args.page)
        except ValueError:
            parser.error("--page: expected NAME=PATH like es-home=/es/")
    lighthouse = HERE / "node_modules" / ".bin" / "lighthouse"
    if not lighthouse.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    work = args.out or Path(tempfile.mkdtemp(prefix="lighthouse-"))
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(BIN / "helpcenter"), "build", "--content", str(ROOT / "content"), "--out", str(work / "out")],
                   check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    port = free_port()
    server = subprocess.Popen([str(BIN / "helpcenter"), "serve", "--out", str(work / "out"), "--port", str(port)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("helpcenter serve did not start")
                time.sleep(0.3)
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
        print(f"Lighthouse {subprocess.run([str(lighthouse), '--version'], capture_output=True, text=True).stdout.strip()}"
              f", mobile defaults, {args.runs} runs per page (median), load {os.getloadavg()[0]:.1f}")
        width = max(10, *(len(name) + 1 for name in pages))
        print(f"{'page':<{width}}" + "".join(f"{c:>16}" for c in CATEGORIES))
        worst = 100
        for name, path in pages.items():
            scores = {c: [] for c in CATEGORIES}
            for run in range(args.runs):
                report = work / f"{name}-{run}.json"
                subprocess.run([str(lighthouse), base + path, "--quiet", "--output=json", f"--output-path={report}",
                                f"--chrome-flags={CHROME_FLAGS}"], env=env, check=False, cwd=work)
                data = json.loads(report.read_text(encoding="utf-8"))
                for c in CATEGORIES:
                    scores[c].append(round(100 * (data["categories"][c]["score"] or 0)))
            medians = {c: statistics.median(v) for c, v in scores.items()}
            worst = min(worst, *medians.values())
            print(f"{name:<{width}}" + "".join(f"{medians[c]:>8.0f} ({'/'.join(map(str, scores[c]))})".rjust(16)
                                          for c in CATEGORIES), flush=True)
        print(f"lowest median score: {worst:.0f} (target >= 95)")
    finally:
        server.terminate()
        server.wait(20)
        if not args.out:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
