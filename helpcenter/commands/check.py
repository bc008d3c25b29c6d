"""helpcenter check: validate the content tree without building."""
import sys

from core.targeting import now
from ..pipeline import validate
from . import options


def add_parser(sub):
    p = sub.add_parser("check", help="validate articles, notices, synonyms and claims",
                       description="Validate the content tree and print every problem as FILE:LINE: KEY: message.")
    options.add_content(p)
    p.add_argument("--strict", action="store_true", help="treat warnings (unknown keys...) as errors")
    options.add_at(p, "judge links as published at this moment, ISO 8601 (default: now)")
    p.set_defaults(run=run)


def run(args):
    content, problems = validate(args.content, args.at)
    for problem in problems.items:
        print(problem, file=sys.stderr)
    translated = f", {len(content.translations)} translations" if content.translations else ""
    at = args.at or now()
    ended = [a.id for a in content.articles if a.is_public and a.window.ended(at)]
    if ended:  # valid, and easy to miss: a date typed a year early takes an article offline
        shown = ", ".join(ended[:5]) + (f" and {len(ended) - 5} more" if len(ended) > 5 else "")
        print(f"Not published because their valid_until has passed ({at:%Y-%m-%d %H:%M} UTC): {shown}",
              file=sys.stderr)
    print(problems.summary(args.strict) + f" in {len(content.articles)} articles, {len(content.notices)} notices"
          + translated, file=sys.stderr)
    return 1 if problems.failed(args.strict) else 0
