"""helpcenter report: top and zero-result queries and the least helpful articles, for editors."""
import sys
from pathlib import Path

from . import options
from .options import UsageError


def add_parser(sub):
    p = sub.add_parser(
        "report", help="report searches and article feedback (terminal tables, or an HTML page)",
        description="Summarise what readers searched for and said: top queries, queries with no results, "
                    "searches that led to \"not helpful\", and the least helpful articles. Reads the SQLite "
                    "database in --out, or PostgreSQL when --database-url or HELPCENTER_DATABASE_URL is set.")
    options.add_out(p)
    p.add_argument("--database-url", metavar="URL",
                   help="PostgreSQL URL, postgresql://user:password@host/dbname "
                        "(default: $HELPCENTER_DATABASE_URL, else OUT/helpcenter.sqlite3)")
    p.add_argument("--since", type=options.moment, default=None, metavar="ISO",
                   help="only count what happened from this moment on, ISO 8601 (default: everything)")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="rows per table (default: 20)")
    p.add_argument("--html", type=Path, metavar="FILE", help="also write the report as an HTML page with charts")
    p.set_defaults(run=run)


def run(args):
    import feedback

    from feedback.report import as_html, as_text, build_report

    if args.limit < 1:
        raise UsageError(f"--limit: expected a whole number of at least 1, got {args.limit}")
    try:
        location = feedback.database_location(args.out, args.database_url)
    except ValueError as e:
        raise UsageError(str(e)) from None
    if "://" not in location and not Path(location).exists():
        raise UsageError(f"no feedback database at {location} yet: run `helpcenter serve --out {args.out}` "
                         "and use the site, or pass --database-url")
    store = feedback.open_store(args.out, args.database_url)
    try:
        report = build_report(store, args.since, args.limit)
    finally:
        store.close()
    sys.stdout.write(as_text(report))
    if args.html:
        args.html.write_text(as_html(report), encoding="utf-8")
        print(f"Wrote {args.html}", file=sys.stderr)
    return 0
