"""helpcenter build: the whole build (the same as `python build.py`)."""
import argparse
import json
import sys

from core.problems import ContentError
from core.targeting import iso, now, to_moment
from publish.release import Releases
from .. import public_url
from ..pipeline import build, validate
from . import options
from .timeline import next_article_change


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
    p.add_argument("--if-due", action="store_true",
                   help="build only when an article has gone live or expired since the current release was "
                        "built (not for edits: those are built when made); for a timer, e.g. every 5 minutes, "
                        "so articles go live on time without `serve --watch`")
    p.set_defaults(run=run)


def due(args) -> bool:
    """For --if-due: whether an article of the content went live or expired between the current
    release's moment and the build's (--at, default now). Says what it found either way."""
    current = Releases(args.out).current()
    if current is None:
        print("Due: no release yet", file=sys.stderr)
        return True
    as_of = to_moment(json.loads((current / "build.json").read_text(encoding="utf-8"))["as_of"])
    content, problems = validate(args.content)
    if problems.failed(args.strict):
        raise ContentError(problems, args.strict)
    at = args.at or now()
    change = next_article_change(content, as_of)
    if change is not None and change.at <= at:
        print(f"Due: /{change.id}/ {change.event} at {iso(change.at)} (the current release is as of {iso(as_of)})",
              file=sys.stderr)
        return True
    upcoming = f"next: /{change.id}/ {change.event} at {iso(change.at)}" if change else "nothing is scheduled"
    print(f"Nothing due: the current release is as of {iso(as_of)}; {upcoming}", file=sys.stderr)
    return False


def run(args):
    if args.if_due and not due(args):
        return 0
    result = build(args.content, args.out, at=args.at, strict=args.strict, site_url=args.site_url,
                   popular_from_analytics=args.popular_from_analytics)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if result.public_url.warning():
        print(result.public_url.warning(), file=sys.stderr)
    return 0
