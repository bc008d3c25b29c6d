"""helpcenter notices: the notices one visitor sees at one moment, decided by core's engine."""
from __future__ import annotations

import json

from core.notices import GLOBAL_ID, Notice, load_notices, visible_notices
from core.problems import ContentError, Problems
from core.targeting import Visitor, now
from . import options


def add_parser(sub):
    p = sub.add_parser("notices", help="print the notices a visitor sees at a moment",
                       description="Print the notices of content/notices.yml that a visitor (audience, country, "
                                   "usertype) sees at a moment, global first, exactly as the site decides. An axis "
                                   "left out is unknown and sees only notices for `all`.")
    options.add_visitor(p)
    options.add_at(p)
    options.add_content(p)
    p.add_argument("--json", action="store_true", help="print JSON, the same shape as GET /api/notices")
    p.set_defaults(run=run)


def load_checked_notices(content_dir) -> tuple[Notice, ...]:
    problems = Problems()
    notices = load_notices(content_dir / "notices.yml", problems)
    if problems.failed():
        raise ContentError(problems)
    return notices


def visitor_from(args) -> Visitor:
    return Visitor(audience=args.audience, country=args.country, usertype=args.usertype)


def describe_visitor(visitor: Visitor) -> str:
    return ", ".join([
        visitor.audience or "any audience (unknown)",
        visitor.country or "any country (unknown)",
        visitor.usertype or "any account type (unknown)",
    ])


def api_shape(visitor: Visitor, at, shown) -> dict:
    from ..api.notices import notices_body  # the one definition of the GET /api/notices answer

    return notices_body(visitor, at, shown)


def notice_lines(shown) -> list[str]:
    lines = []
    for n in shown:
        tag = " (everyone)" if n.id == GLOBAL_ID else ""
        lines.append(f"  {n.id} [{n.icon}]{tag}  {n.window}")
        lines.append(f"      {n.message}")
    return lines


def run(args):
    at = args.at or now()
    visitor = visitor_from(args)
    shown = visible_notices(load_checked_notices(args.content), visitor, at)
    if args.json:
        print(json.dumps(api_shape(visitor, at, shown), indent=2))
        return 0
    print(f"{len(shown)} notice{'s' if len(shown) != 1 else ''} for {describe_visitor(visitor)} "
          f"at {at:%Y-%m-%d %H:%M} UTC:")
    print("\n".join(notice_lines(shown)) if shown else "  (none)")
    return 0
