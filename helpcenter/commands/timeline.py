"""helpcenter timeline: scheduled changes (articles going live or expiring, notices starting or ending)."""
from __future__ import annotations

import json
from dataclasses import dataclass

from core.problems import ContentError
from core.targeting import Window, iso, now
from ..pipeline import validate
from . import options
from .options import UsageError


@dataclass(frozen=True)
class Change:
    at: object
    kind: str  # "article" or "notice"
    id: str
    event: str  # "goes live", "expires", "starts", "ends"
    detail: str

    def to_dict(self) -> dict:
        return {"at": iso(self.at), "kind": self.kind, "id": self.id,
                "event": self.event, "detail": self.detail}


def add_parser(sub):
    p = sub.add_parser("timeline", help="list upcoming changes: articles going live or expiring, notices "
                                        "starting or ending",
                       description="List scheduled changes between --from (default: now) and --to (default: "
                                   "open), sorted by time. A change at exactly --from is listed; one at --to is "
                                   "not (the same start <= t < end rule as everywhere).")
    p.add_argument("--from", dest="start", type=options.moment, metavar="ISO", help="first moment (default: now)")
    p.add_argument("--to", dest="end", type=options.moment, metavar="ISO", help="end, excluded (default: open)")
    options.add_content(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run)


def changes(content) -> list[Change]:
    found = []
    for a in content.articles:
        who = a.targeting.describe()
        detail = f"{a.title} ({who['audience']}; {who['country']}; {who['usertype']})"
        if a.draft:
            detail += " [draft]"
        elif not a.is_public:
            detail += " [internal]"
        if a.window.start:
            found.append(Change(a.window.start, "article", a.id, "goes live", detail))
        if a.window.end:
            found.append(Change(a.window.end, "article", a.id, "expires", detail))
    for n in content.notices:
        if n.draft:
            continue
        if n.window.start:
            found.append(Change(n.window.start, "notice", n.id, "starts", n.message))
        if n.window.end:
            found.append(Change(n.window.end, "notice", n.id, "ends", n.message))
    return sorted(found, key=lambda c: (c.at, c.kind, c.id, c.event))


def next_article_change(content, after) -> Change | None:
    """The first change after ``after`` of what the public site shows: an article (public, not a
    draft) going live or expiring. A build publishes what is live at its moment, so a site stays as
    it is until it is built again then (``serve --watch`` does; ``build --if-due`` for a timer).
    Notices are decided at request time and need no build."""
    public = {a.id for a in content.articles if a.is_public and not a.draft}
    return next((c for c in changes(content) if c.kind == "article" and c.id in public and c.at > after), None)


def run(args):
    content, problems = validate(args.content)
    if problems.failed():
        raise ContentError(problems)
    start = args.start or now()
    window_end = args.end
    if window_end is not None and window_end <= start:

        raise UsageError("--to must be after --from")
    window = Window(start, window_end)
    selected = [c for c in changes(content) if window.contains(c.at)]
    if args.json:
        print(json.dumps([c.to_dict() for c in selected], indent=2))
        return 0
    print(f"{len(selected)} change{'s' if len(selected) != 1 else ''} from {window}:")
    for c in selected:
        print(f"  {c.at:%Y-%m-%d %H:%M} UTC  {c.kind:<7} {c.id:<36} {c.event:<9}  {c.detail}")
    return 0
