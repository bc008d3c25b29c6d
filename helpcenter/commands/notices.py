"""helpcenter notices: the notices one visitor sees at one moment, decided by core's engine."""
from __future__ import annotations

import json

from core.languages import load_languages
from core.notices import GLOBAL_ID, Notice, load_notices, visible_notices
from core.problems import ContentError, Problems
from core.schema import did_you_mean
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
    p.add_argument("--lang", metavar="CODE", help="the messages in this language of languages.yml, where a notice "
                                                  "has one (default: the source language)")
    p.add_argument("--json", action="store_true", help="print JSON, the same shape as GET /api/notices")
    p.set_defaults(run=run)


def load_checked_notices(content_dir) -> tuple[Notice, ...]:
    return load_notices_and_languages(content_dir)[0]


def load_notices_and_languages(content_dir) -> tuple[tuple[Notice, ...], tuple[str, ...]]:
    problems = Problems()
    languages = tuple(lang.code for lang in load_languages(content_dir, problems))
    notices = load_notices(content_dir / "notices.yml", problems, content_dir, languages)
    if problems.failed():
        raise ContentError(problems)
    return notices, languages


def chosen_language(lang: str | None, languages: tuple[str, ...]) -> str:
    if lang is None:
        return languages[0]
    if lang not in languages:
        raise options.UsageError(f"--lang: expected a language of languages.yml ({', '.join(languages)}), "
                                 f"got {lang!r}{did_you_mean(lang, languages)}")
    return lang


def visitor_from(args) -> Visitor:
    return Visitor(audience=args.audience, country=args.country, usertype=args.usertype)


def describe_visitor(visitor: Visitor) -> str:
    return ", ".join([
        visitor.audience or "any audience (unknown)",
        visitor.country or "any country (unknown)",
        visitor.usertype or "any account type (unknown)",
    ])


def api_shape(visitor: Visitor, at, shown, lang: str = "en", source_lang: str = "en") -> dict:
    from ..api.notices import notices_body  # the one definition of the GET /api/notices answer

    return notices_body(visitor, at, shown, lang, source_lang)


def notice_lines(shown, lang: str | None = None, source_lang: str = "en") -> list[str]:
    """Two lines per notice; with ``lang`` (not the source language), each message in that language,
    a notice without one marked as shown in the source language."""
    lines = []
    for n in shown:
        tag = " (everyone)" if n.id == GLOBAL_ID else ""
        fallback = f" (no {lang} message: shown in {source_lang})" if lang and lang not in n.translation_languages else ""
        lines.append(f"  {n.id} [{n.icon}]{tag}{fallback}  {n.window}")
        lines.append(f"      {n.message_in(lang) if lang else n.message}")
    return lines


def run(args):
    at = args.at or now()
    visitor = visitor_from(args)
    notices, languages = load_notices_and_languages(args.content)
    lang = chosen_language(args.lang, languages)
    shown = visible_notices(notices, visitor, at)
    if args.json:
        print(json.dumps(api_shape(visitor, at, shown, lang, languages[0]), indent=2, ensure_ascii=False))
        return 0
    print(f"{len(shown)} notice{'s' if len(shown) != 1 else ''} for {describe_visitor(visitor)} "
          f"at {at:%Y-%m-%d %H:%M} UTC:")
    print("\n".join(notice_lines(shown, lang if lang != languages[0] else None, languages[0])) if shown else "  (none)")
    return 0
