"""helpcenter preview: what one visitor sees at one moment (articles and notices), optionally as a site."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urlencode

from core.notices import visible_notices
from core.problems import ContentError
from core.targeting import now
from ..pipeline import build, validate
from ..progress import Progress
from . import options
from .notices import api_shape, describe_visitor, notice_lines, visitor_from


def add_parser(sub):
    p = sub.add_parser("preview", help="list the articles and notices a visitor sees at a moment",
                       description="List the articles (published, and targeted at the visitor) and the notices a "
                                   "visitor sees at a moment. With --site, build the site as that visitor sees it.")
    options.add_visitor(p)
    options.add_at(p)
    options.add_content(p)
    p.add_argument("--site", metavar="DIR", type=Path,
                   help="also build the site with only this visitor's articles into DIR "
                        "(serve it with `helpcenter serve --out DIR`)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run)


def run(args):
    at = args.at or now()
    visitor = visitor_from(args)
    content, problems = validate(args.content, at)
    if problems.failed():
        raise ContentError(problems)
    articles = [a for a in content.articles if a.applies_to(visitor, at)]
    notices = visible_notices(content.notices, visitor, at)
    if args.json:
        print(json.dumps({
            **api_shape(visitor, at, notices),
            "articles": [{"id": a.id, "title": a.title, "category": a.category, "url": a.url} for a in articles],
        }, indent=2))
    else:
        print(f"As {describe_visitor(visitor)} at {at:%Y-%m-%d %H:%M} UTC")
        print(f"\nNotices ({len(notices)}):")
        print("\n".join(notice_lines(notices)) if notices else "  (none)")
        print(f"\nArticles ({len(articles)}):")
        for a in sorted(articles, key=lambda a: (a.category, a.title.lower())):
            print(f"  {a.url:<40} {a.title}  [{a.category}]")
        if not articles:
            print("  (none)")
    if args.site:
        result = build(args.content, args.site, at=at, only=lambda a: a.applies_to(visitor, at),
                       progress=Progress(7, stream=sys.stderr))
        query = urlencode({k: v for k, v in (("country", visitor.country), ("usertype", visitor.usertype),
                                              ("audience", visitor.audience)) if v})
        print(f"Built the site as this visitor sees it into {args.site} ({len(result.published)} articles). "
              f"Serve it with `helpcenter serve --out {args.site}` and open /{'?' + query if query else ''} "
              "so the banner shows this visitor's notices.", file=sys.stderr)
    return 0
