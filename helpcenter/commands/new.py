"""helpcenter new: skeletons of an article or a notice, every field explained, valid as written."""
from __future__ import annotations

import sys

import yaml

from core import schema, vocabulary
from core.articles import PLACEHOLDERS
from core.content import load_content
from core.notices import load_notices
from core.problems import Problems, display_path
from core.targeting import iso
from . import options
from .options import UsageError

# The front matter of a new article, key by key: the comment lines explaining it, then its value.
# Values are written by yaml.safe_dump; None is written as an empty value.
def article_fields(args) -> list[tuple[str, str, object]]:
    return [
        ("id", "Stable identifier and URL: published at /<id>/. Unique; never change it once published\n"
               "(support tickets link to it): to rename, give the new id and list the old one in redirect_from.",
         args.id),
        ("title", "Page title and search result title (plain text).", args.title),
        ("summary", "One or two sentences shown under the title and in search results (plain text).",
         PLACEHOLDERS["summary"]),
        ("audience", "Who the article is for: a list of freelancer, agency, client.", list(args.audience)),
        ("country", "`all`, or a list of ISO 3166-1 alpha-2 country codes in capitals: [US, GB].", "all"),
        ("usertype", "`all`, or a list of new, standard, top-rated, enterprise.", "all"),
        ("valid_from", "First moment the article is published; empty = already. A date (00:00 UTC) or a datetime\n"
                       "like 2027-01-31T09:00:00Z (without a zone it is UTC).", None),
        ("valid_until", "First moment the article is no longer published; empty = never. Must be after valid_from.\n"
                        "The window is valid_from <= now < valid_until.", None),
        ("keywords", "Extra search terms, weighted above title and body: [end contract, close contract].", []),
        ("visibility", "`internal` articles are for support staff only; never in the public site, sitemap or search.",
         "public"),
        ("draft", "A draft is never published. Delete this line (or write false) when the article is ready:\n"
                  "`helpcenter check` then refuses the placeholder sentences left in it.", True),
        ("category", f"Section of the site navigation: {', '.join(vocabulary.CATEGORIES)}.", args.category),
        ("redirect_from", "Former ids whose URLs must keep working after an id change.", []),
        ("claims", "Statements proven by a rule of rules_engine (or `editorial`), e.g.\n"
                   "  - id: end-any-time            # stable answer id, unique within the article\n"
                   "    anchor: first-section       # the anchor of the ## section that states it\n"
                   "    text: Either side can end a contract at any time.\n"
                   "    rule: contract.end-any-time # a rule id from rules_engine, or editorial", []),
    ]


ARTICLE_BODY = """
{intro}

## First section {{#first-section}}

{section}
"""


def notice_fields(args) -> list[tuple[str, str, object]]:
    start = iso(args.start) if args.start else None
    end = iso(args.end) if args.end else None
    return [
        ("id", "Unique slug; `global` is the notice everybody sees.", args.id),
        ("message", "The banner text, in Markdown: **bold**, *italics*, [links](/article-id/). Raw HTML is shown as text.",
         args.message),
        ("icon", ", ".join(vocabulary.ICONS), args.icon),
        ("audience", "all, or a list of freelancer, agency, client", "all"),
        ("country", "all, or a list of ISO 3166-1 alpha-2 codes in capitals: [US, GB]", "all"),
        ("usertype", "all, or a list of new, standard, top-rated, enterprise", "all"),
        ("start", "Shown while start <= now < end. Empty = open. A date is 00:00 UTC; a datetime like\n"
                  "2027-01-31T09:00:00Z (without a zone it is UTC). end must be after start.", start),
        ("end", "First moment the notice is no longer shown; empty = never.", end),
        ("draft", "A draft is never shown. Delete this line (or write false) when the notice is ready.", True),
    ]


def yaml_lines(fields, indent: str = "") -> list[str]:
    """``# comment`` lines and one ``key: value`` per field, each value written by yaml.safe_dump."""
    lines = []
    for key, comment, value in fields:
        lines += [f"{indent}# {line}" for line in comment.split("\n")]
        if value is None:
            lines.append(f"{indent}{key}:")
        elif isinstance(value, list):  # lists on one line, as editors write them: [a, b]
            lines.append(f"{indent}{key}: " + yaml.safe_dump(value, default_flow_style=True, allow_unicode=True,
                                                             width=10_000).strip())
        else:
            lines.append(indent + yaml.safe_dump({key: value}, default_flow_style=False, allow_unicode=True,
                                                 width=10_000).strip())
    return lines


def add_parser(sub):
    p = sub.add_parser("new", help="write a valid skeleton of an article or a notice",
                       description="Write a skeleton with every field explained, valid as written "
                                   "(`helpcenter check` passes).")
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True)

    a = kinds.add_parser("article", help="write content/articles/<category>/<id>.md",
                         description="Write content/articles/<category>/<id>.md; an existing file is never replaced. "
                                     "The article starts with `draft: true`, so it is never published until that line is removed; "
                                     "an id already used by another article (or its redirect_from) is refused.")
    a.add_argument("--id", required=True, type=slug, help="stable id and URL, e.g. end-a-contract")
    a.add_argument("--title", required=True, type=title, help="page title")
    a.add_argument("--category", required=True, choices=vocabulary.CATEGORIES, help="navigation section")
    a.add_argument("--audience", nargs="+", type=options.one_of(vocabulary.AUDIENCES),
                   metavar="{" + ",".join(vocabulary.AUDIENCES) + "}", default=list(vocabulary.AUDIENCES),
                   help="who it is for (default: all three)")
    options.add_content(a)
    a.add_argument("--print", action="store_true", help="print the skeleton instead of writing it")
    a.set_defaults(run=run_article)

    n = kinds.add_parser("notice", help="append a notice to content/notices.yml",
                         description="Append a notice skeleton to content/notices.yml (or print it with --print). It starts "
                                     "with `draft: true`, so it is never shown until that line is removed.")
    n.add_argument("--id", required=True, type=slug, help="unique notice id")
    n.add_argument("--message", default=PLACEHOLDERS["message"], help="the Markdown message (default: a placeholder)")
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


def title(text: str) -> str:
    """A page title: some words (the skeleton must pass `check`, which requires one)."""
    import argparse

    if not text.strip():
        raise argparse.ArgumentTypeError("expected the page title, got nothing")
    return text.strip()


def article_text(args) -> str:
    head = ["---", "# Every key is explained below; the full reference is content/README.md and",
            "# `helpcenter schema article` prints the JSON Schema for editors' IDEs.", ""]
    return "\n".join(head + yaml_lines(article_fields(args)) + ["---"]) + ARTICLE_BODY.format(
        intro=PLACEHOLDERS["intro"], section=PLACEHOLDERS["section"])


def notice_text(args) -> str:
    (_, id_comment, _), *fields = notice_fields(args)
    first = "  - " + yaml.safe_dump({"id": args.id}, default_flow_style=False).strip()
    return "\n".join([f"  # {args.id}: say here who the notice is for and why (a comment for editors, not shown).",
                      f"  # id: {id_comment}", first, *yaml_lines(fields, "    ")]) + "\n"


def ids_in_use(content) -> dict[str, str]:
    """Every article id and former id (redirect_from) of the content tree, with where it is used."""
    problems = Problems()
    used = {}
    for article in load_content(content, problems).articles:
        used.setdefault(article.id, article.source)
        for old in article.redirect_from:
            used.setdefault(old, article.source)
    return used


def run_article(args):

    text = article_text(args)
    if args.print:
        print(text, end="")
        return 0
    path = args.content / "articles" / args.category / f"{args.id}.md"
    if path.exists():
        raise UsageError(f"{path} already exists; choose another --id or edit that file")
    used = ids_in_use(args.content)
    if args.id in used:
        raise UsageError(f"the id '{args.id}' is already used by {display_path(used[args.id])}; choose another --id")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Wrote {path} as a draft (never published until you delete `draft: true`). "
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
    print(f"Appended notice '{args.id}' to {path} as a draft (never shown until you delete `draft: true`). "
          "Check it with `helpcenter check`.", file=sys.stderr)
    return 0
