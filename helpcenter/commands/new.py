"""helpcenter new: skeletons of an article or a notice, every field explained, valid as written."""
from __future__ import annotations

import sys

from core import schema, vocabulary
from core.notices import load_notices
from core.problems import Problems
from core.targeting import iso
from . import options
from .options import UsageError

ARTICLE = """\
---
# Every key is explained below; the full reference is content/README.md and
# `helpcenter schema article` prints the JSON Schema for editors' IDEs.

# Stable identifier and URL: published at /{id}/. Unique; never change it once published
# (support tickets link to it): to rename, give the new id and list the old one in redirect_from.
id: {id}
# Page title and search result title.
title: {title}
# One or two sentences shown under the title and in search results.
summary: Replace this with one or two sentences that say who this is for and what it answers.
# Who the article is for: a list of freelancer, agency, client.
audience: [{audience}]
# `all`, or a list of ISO 3166-1 alpha-2 country codes in capitals: [US, GB].
country: all
# `all`, or a list of new, standard, top-rated, enterprise.
usertype: all
# First moment the article is published; empty = already. A date (00:00 UTC) or a datetime
# like 2027-01-31T09:00:00Z (without a zone it is UTC).
valid_from:
# First moment the article is no longer published; empty = never. Must be after valid_from.
# The window is valid_from <= now < valid_until.
valid_until:
# Extra search terms, weighted above title and body: [end contract, close contract].
keywords: []
# `internal` articles are for support staff only; never in the public site, sitemap or search.
# Starts internal so a draft is not published by the next build: switch to `public` when ready.
visibility: internal
# Section of the site navigation: {categories}.
category: {category}
# Former ids whose URLs must keep working after an id change.
redirect_from: []
# Statements proven by a rule of rules_engine (or `editorial`), e.g.
#   - id: end-any-time            # stable answer id, unique within the article
#     anchor: first-section       # the anchor of the ## section that states it
#     text: Either side can end a contract at any time.
#     rule: contract.end-any-time # a rule id from rules_engine, or editorial
claims: []
---

Replace this introduction: who the article is for and what they will be able to do.

## First section {{#first-section}}

Every ## heading carries a stable anchor in braces, like the one above: support teams link to it,
so rewording the heading must not change it. Link to another article by its .md file path
relative to this file, with an optional #anchor; the build checks that both exist.
"""

NOTICE = """\
  # {id}: say here who the notice is for and why (a comment for editors, not shown).
  - {id_line}# unique slug; `global` is the notice everybody sees
    # The banner text, in Markdown: **bold**, *italics*, [links](/article-id/). Raw HTML is shown as text.
    message: "{message}"
    {icon_line}# {icons}
    audience: all             # all, or a list of freelancer, agency, client
    country: all              # all, or a list of ISO 3166-1 alpha-2 codes in capitals: [US, GB]
    usertype: all             # all, or a list of new, standard, top-rated, enterprise
    # Shown while start <= now < end. Empty = open. A date is 00:00 UTC; a datetime like
    # 2027-01-31T09:00:00Z (without a zone it is UTC). end must be after start.
    start:{start}
    end:{end}
"""


def add_parser(sub):
    p = sub.add_parser("new", help="write a valid skeleton of an article or a notice",
                       description="Write a skeleton with every field explained, valid as written "
                                   "(`helpcenter check` passes).")
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True)

    a = kinds.add_parser("article", help="write content/articles/<category>/<id>.md",
                         description="Write content/articles/<category>/<id>.md; an existing file is never replaced. "
                                     "The article starts as `visibility: internal` so a draft is not published.")
    a.add_argument("--id", required=True, type=slug, help="stable id and URL, e.g. end-a-contract")
    a.add_argument("--title", required=True, help="page title")
    a.add_argument("--category", required=True, choices=vocabulary.CATEGORIES, help="navigation section")
    a.add_argument("--audience", nargs="+", choices=vocabulary.AUDIENCES, default=list(vocabulary.AUDIENCES),
                   help="who it is for (default: all three)")
    options.add_content(a)
    a.add_argument("--print", action="store_true", help="print the skeleton instead of writing it")
    a.set_defaults(run=run_article)

    n = kinds.add_parser("notice", help="append a notice to content/notices.yml",
                         description="Append a notice skeleton to content/notices.yml (or print it with --print).")
    n.add_argument("--id", required=True, type=slug, help="unique notice id")
    n.add_argument("--message", default="Describe the change in one sentence. **Bold** and [links](/article-id/) work.",
                   help="the Markdown message (default: a placeholder)")
    n.add_argument("--icon", choices=tuple(vocabulary.ICONS), default="info", help="icon (default: info)")
    n.add_argument("--start", type=options.moment, metavar="ISO", help="first moment shown (default: open)")
    n.add_argument("--end", type=options.moment, metavar="ISO", help="first moment no longer shown (default: open)")
    options.add_content(n)
    n.add_argument("--print", action="store_true", help="print the skeleton instead of appending it")
    n.set_defaults(run=run_notice)


def slug(text: str) -> str:
    import argparse

    try:
        return schema.Slug().parse(text)
    except schema.Invalid as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def yaml_text(value: str) -> str:
    """A value safe inside double quotes in YAML."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def article_text(args) -> str:
    return ARTICLE.format(id=args.id, title=yaml_text(args.title).join('""'), audience=", ".join(args.audience),
                          category=args.category, categories=", ".join(vocabulary.CATEGORIES))


def notice_text(args) -> str:
    def moment(t):
        return iso(t) or ""

    def moment_value(t):
        return " " + moment(t) if t else ""

    return NOTICE.format(id=args.id, id_line=f"id: {args.id}".ljust(24), message=yaml_text(args.message),
                         icon_line=f"icon: {args.icon}".ljust(26), icons=", ".join(vocabulary.ICONS),
                         start=moment_value(args.start), end=moment_value(args.end))


def run_article(args):

    text = article_text(args)
    if args.print:
        print(text, end="")
        return 0
    path = args.content / "articles" / args.category / f"{args.id}.md"
    if path.exists():
        raise UsageError(f"{path} already exists; choose another --id or edit that file")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Wrote {path} (visibility: internal until you switch it to public). "
          "Check it with `helpcenter check`.", file=sys.stderr)
    return 0


def run_notice(args):

    if args.start and args.end and args.end <= args.start:
        raise UsageError("--end must be after --start")
    item = notice_text(args)
    if args.print:
        print(item, end="")
        return 0
    path = args.content / "notices.yml"
    before = path.read_text(encoding="utf-8") if path.exists() else None
    existing = load_notices(path, Problems()) if before is not None else ()
    if any(n.id == args.id for n in existing):
        raise UsageError(f"a notice with id '{args.id}' already exists in {path}")
    if before is None or not before.strip():
        after = "notices:\n" + item
    else:
        after = before.rstrip("\n") + "\n\n" + item
    path.write_text(after, encoding="utf-8")
    problems = Problems()
    load_notices(path, problems)
    if problems.failed():  # e.g. a file written as `notices: []`: leave it as it was
        path.write_text(before, encoding="utf-8") if before is not None else path.unlink()
        raise UsageError(f"could not append to {path} ({problems.errors[0]}); "
                         "print the skeleton with --print and paste it in")
    print(f"Appended notice '{args.id}' to {path}. Check it with `helpcenter check`.", file=sys.stderr)
    return 0
