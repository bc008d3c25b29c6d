"""helpcenter check: validate the content tree without building."""
import sys

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
    print(problems.summary(args.strict) + f" in {len(content.articles)} articles, {len(content.notices)} notices"
          + translated, file=sys.stderr)
    return 1 if problems.failed(args.strict) else 0
