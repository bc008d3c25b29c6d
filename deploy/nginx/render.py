#!/usr/bin/env python3
"""Render deploy/nginx/helpcenter.conf.template with this machine's paths and ports.

    python3 deploy/nginx/render.py --site-root /srv/helpcenter/output/site \\
        --replica 127.0.0.1:8001 --replica 127.0.0.1:8002 \\
        --listen 80 --server-name help.example.com > /etc/nginx/sites-available/helpcenter

Standard library only, so it runs with the system's Python on the web server.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "helpcenter.conf.template"
_SAFE = re.compile(r"^[^\s;{}'\"#$]+$")  # nothing that could end or inject an nginx directive


def render(*, site_root: str | Path, replicas: list[str], listen: str = "80", server_name: str = "_") -> str:
    """The configuration text; ValueError names a value that cannot go into it."""
    site_root = str(site_root)
    if not Path(site_root).is_absolute():
        raise ValueError(f"--site-root: expected an absolute path, got {site_root!r}")
    if not replicas:
        raise ValueError("--replica: give at least one HOST:PORT")
    for name, value in [("--site-root", site_root), ("--server-name", server_name),
                        *[("--replica", r) for r in replicas]]:
        if not _SAFE.match(value):
            raise ValueError(f"{name}: spaces, quotes, ';', '{{', '}}', '#' and '$' are not allowed, got {value!r}")
    for replica in replicas:
        if not re.fullmatch(r"[^:]+:\d{1,5}|\[[0-9a-fA-F:]+\]:\d{1,5}|unix:/\S+", replica):
            raise ValueError(f"--replica: expected HOST:PORT like 127.0.0.1:8001, got {replica!r}")
    if not re.fullmatch(r"[\w.:\[\]]+( [a-z_]+(=\S+)?)*", listen) or any(c in listen for c in ";{}"):
        raise ValueError(f"--listen: expected a port or ADDRESS:PORT (and listen flags), got {listen!r}")
    text = TEMPLATE.read_text(encoding="utf-8")
    values = {
        "LISTEN": listen,
        "SERVER_NAME": server_name,
        "SITE_ROOT": site_root,
        "REPLICAS": "\n".join(f"    server {r} max_fails=1 fail_timeout=5s;" for r in replicas),
    }
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    left = re.findall(r"@[A-Z_]+@", text)
    if left:
        raise ValueError(f"template: unknown placeholders {sorted(set(left))}")
    return text


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="Print the nginx configuration of the help center.")
    p.add_argument("--site-root", required=True, help="absolute path of the output folder's site/ link")
    p.add_argument("--replica", action="append", default=[], metavar="HOST:PORT",
                   help="a `helpcenter serve` replica (repeat for each)")
    p.add_argument("--listen", default="80", help="what nginx's listen directive takes (default: 80)")
    p.add_argument("--server-name", default="_", help="public host name (default: _ = any)")
    args = p.parse_args(argv)
    try:
        sys.stdout.write(render(site_root=args.site_root, replicas=args.replica, listen=args.listen,
                                server_name=args.server_name))
    except ValueError as e:
        print(f"render.py: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
