"""Bytes on the wire for the pages and bundles that every first visit loads (not a test).

    python bench/transfer_sizes.py [--out output]

Asks `helpcenter serve`'s app for each file twice, once without and once with
``Accept-Encoding: gzip``, and prints the body sizes, the ratio and the Cache-Control each gets.
Build first (`helpcenter build`): the gzip figures are the build's precompressed files.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=ROOT / "output", help="output folder with a release (default: output)")
    args = p.parse_args(argv)
    import httpx

    from helpcenter.web import create_app

    site = args.out / "current" / "site"
    if not site.is_dir():
        print(f"no release in {args.out}: run `helpcenter build --out {args.out}` first", file=sys.stderr)
        return 1

    def one(pattern: str) -> str:
        found = sorted(site.glob(pattern))
        return "/" + found[0].relative_to(site).as_posix() if found else ""

    files = [
        ("home page", "/"),
        ("article page", "/end-a-contract/"),
        ("main JS bundle", one("assets/javascripts/bundle.*.min.js")),
        ("search worker", one("assets/javascripts/workers/search.*.min.js")),
        ("main CSS", one("assets/stylesheets/main.*.min.css")),
        ("palette CSS", one("assets/stylesheets/palette.*.min.css")),
        ("client search index", "/search/search_index.json"),
    ]
    # Our own scripts and styles, every one of them (no-cache: revalidated, small).
    files += [(f"ours: {p.name}", "/" + p.relative_to(site).as_posix())
              for p in sorted((site / "assets" / "hc").glob("*")) if p.suffix in (".js", ".css")]
    transport = httpx.ASGITransport(app=create_app(args.out))

    async def measure():
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            rows = []
            for name, path in files:
                if not path:
                    continue
                plain = await client.get(path, headers={"Accept-Encoding": "identity"})
                packed = await client.get(path, headers={"Accept-Encoding": "gzip"})
                wire = int(packed.headers["content-length"])
                rows.append((name, path, len(plain.content), wire, packed.headers.get("content-encoding", "-"),
                             packed.headers.get("cache-control", "-")))
            return rows

    import asyncio

    rows = asyncio.run(measure())
    print(f"| file | path | identity | gzip | saved | Cache-Control |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    total_plain = total_wire = 0
    for name, path, plain, wire, encoding, cache in rows:
        total_plain, total_wire = total_plain + plain, total_wire + wire
        saved = f"{100 * (1 - wire / plain):.0f}%" if encoding == "gzip" else "(not compressed)"
        print(f"| {name} | `{path}` | {plain / 1024:.1f} KiB | {wire / 1024:.1f} KiB | {saved} | `{cache}` |")
    print(f"| total | | {total_plain / 1024:.1f} KiB | {total_wire / 1024:.1f} KiB | "
          f"{100 * (1 - total_wire / total_plain):.0f}% | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
