"""helpcenter build: the whole build (the same as `python build.py`)."""
import argparse
import sys

from .. import public_url
from ..pipeline import build
from . import options


def site_url(text: str) -> str:
    try:
        return public_url.normalise(text, "--site-url")
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e).removeprefix("--site-url: ")) from None


def add_parser(sub):
    p = sub.add_parser("build", help="validate, render the site and build the search index",
                       description="Validate, prove claims, render the site with MkDocs Material, build the "
                                   "search index and swap the new release in atomically.")
    options.add_content(p)
    options.add_out(p)
    options.add_at(p, "build the site as of this moment, ISO 8601 (default: now)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--site-url", metavar="URL", type=site_url,
                   help="public URL of the site, for canonical links, sitemap.xml and robots.txt "
                        f"(default: ${public_url.ENV}, else site_url in mkdocs.yml, else {public_url.LOCAL_DEFAULT} "
                        "with a warning)")
    p.add_argument("--popular-from-analytics", action="store_true",
                   help="rank the home page's popular articles by search clicks of the last 90 days "
                        "(the feedback database of --out, or $HELPCENTER_DATABASE_URL), then the editors' picks")
    p.set_defaults(run=run)


def run(args):
    result = build(args.content, args.out, at=args.at, strict=args.strict, site_url=args.site_url,
                   popular_from_analytics=args.popular_from_analytics)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if result.public_url.warning():
        print(result.public_url.warning(), file=sys.stderr)
    return 0
