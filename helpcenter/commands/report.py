"""helpcenter report: queries, clicks, gaps, comments and trends for editors (tables, JSON or HTML)."""
import json
import sys
from pathlib import Path

from . import options
from .options import UsageError


def add_parser(sub):
    p = sub.add_parser(
        "report", help="report searches and article feedback (terminal tables, JSON, or an HTML page)",
        description="Summarise what readers searched for and said: top queries with their click-through rate, "
                    "gaps (searches with no result or no confident answer), searches followed by no click, "
                    "searches that led to \"not helpful\" and the comments given, the least helpful articles, "
                    "and a trend per day or week; searches, gaps, click-through and helpful rates per language, "
                    "and each query and article in its language. Articles are shown by title, linked to the live site. Reads "
                    "the SQLite database in --out, or PostgreSQL when --database-url or HELPCENTER_DATABASE_URL "
                    "is set.")
    options.add_out(p)
    p.add_argument("--database-url", metavar="URL",
                   help="PostgreSQL URL, postgresql://user:password@host/dbname "
                        "(default: $HELPCENTER_DATABASE_URL, else OUT/helpcenter.sqlite3)")
    p.add_argument("--since", type=options.moment, default=None, metavar="ISO",
                   help="only count what happened from this moment on, ISO 8601 (default: everything)")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="rows per table (default: 20)")
    p.add_argument("--period", choices=("day", "week"), default="day", help="trend per day or per week (default: day)")
    p.add_argument("--site-url", metavar="URL",
                   help="public URL of the site, for links to articles (default: mkdocs.yml's site_url)")
    p.add_argument("--json", action="store_true", help="print the report as JSON instead of tables")
    p.add_argument("--html", type=Path, metavar="FILE", help="also write the report as an HTML page with charts")
    p.set_defaults(run=run)


def run(args):
    import feedback

    from feedback.report import as_dict, as_html, as_text, build_report
    from helpcenter.pipeline import public_url
    from search import indexed_articles, language_indexes

    if args.limit < 1:
        raise UsageError(f"--limit: expected a whole number of at least 1, got {args.limit}")
    try:
        location = feedback.database_location(args.out, args.database_url)
    except ValueError as e:
        raise UsageError(str(e)) from None
    if "://" not in location and not Path(location).exists():
        raise UsageError(f"no feedback database at {location} yet: run `helpcenter serve --out {args.out}` "
                         "and use the site, or pass --database-url")
    base_url = public_url(args.site_url)
    if base_url is None and (args.html or args.json):
        print("warning: no public URL configured, so article titles are not linked; set --site-url or "
              "HELPCENTER_PUBLIC_URL (or site_url in mkdocs.yml)", file=sys.stderr)
    store = feedback.open_store(args.out, args.database_url)
    try:
        articles = indexed_articles(args.out / "current" / "index")
        localized = {lang: indexed_articles(index) for lang, index in language_indexes(args.out / "current").items()}
        report = build_report(store, args.since, args.limit, articles=articles, localized=localized,
                              base_url=base_url, period=args.period)
    finally:
        store.close()
    if args.json:
        print(json.dumps(as_dict(report), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(as_text(report))
    if args.html:
        args.html.write_text(as_html(report), encoding="utf-8")
        print(f"Wrote {args.html}", file=sys.stderr)
    return 0
