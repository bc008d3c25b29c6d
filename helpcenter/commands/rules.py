"""helpcenter rules: list the contract rules, print the scenario format, explain what ending a contract does."""
from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import answers
import rules_engine
from core.content import load_content
from core.problems import Problems
from core.targeting import now

from .. import public_url
from . import options
from .notices import chosen_language
from .options import UsageError


def add_parser(sub):
    p = sub.add_parser("rules", help="list the contract rules, print the scenario format, or explain a scenario",
                       description="The rules of rules_engine that prove the articles' claims.")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="every rule: id, title, whether its examples pass",
                                 description="List every registered rule with its title and whether its "
                                             ">>> examples pass now.")
    listing.add_argument("--json", action="store_true", help="print JSON instead of text")
    listing.set_defaults(run=run_list)

    schema = actions.add_parser("schema", help="print the JSON Schema of a scenario file",
                                description="Print the JSON Schema of the scenario files `rules explain` reads "
                                            "(and POST /api/rules/end-contract accepts), for editors and IDEs.")
    schema.set_defaults(run=run_schema)

    explain = actions.add_parser(
        "explain", help="what happens when a contract ends, as a short answer to paste",
        description="Apply the rules to a scenario (a JSON file: `helpcenter rules schema`, examples in "
                    "rules_engine/examples/) and print a short answer for the person who asked: one sentence "
                    "per consequence, each with one link to the verified answer on their side.")
    explain.add_argument("--scenario", type=Path, required=True, metavar="FILE.json",
                         help="the scenario: contract, ended_by, and optionally asked_by, off_platform, ended_at, "
                              "timezone")
    explain.add_argument("--for", dest="asker", choices=answers.ASKERS,
                         help="who the answer is for (default: the scenario's asked_by, else ended_by)")
    explain.add_argument("--format", choices=answers.FORMATS, default=None,
                         help="text (default), markdown, or json")
    explain.add_argument("--json", action="store_true", help="the same as --format json")
    explain.add_argument("--trace", action="store_true",
                         help="also show every rule that applies and why it fired or not")
    explain.add_argument("--lang", metavar="CODE",
                         help="the answer in this language of languages.yml, dates and amounts written its way, "
                              "linking to its translations where they are published (default: the source language)")
    explain.add_argument("--tz", "--timezone", dest="tz", metavar="ZONE",
                         help="give times in this IANA time zone, like Europe/Berlin (default: the scenario's)")
    explain.add_argument("--site-url", metavar="URL",
                         help="public URL the links start with (default: as for `helpcenter build`: "
                              "$HELPCENTER_PUBLIC_URL, else mkdocs.yml's site_url, else http://127.0.0.1:8000/)")
    options.add_content(explain)
    options.add_at(explain, "which articles count as published, ISO 8601 (default: now)")
    explain.set_defaults(run=run_explain)


def run_list(args):
    results = rules_engine.verify_rules()
    rows = [
        {**rule.to_dict(), "examples": results[rule_id].examples, "passing": results[rule_id].passed}
        for rule_id, rule in rules_engine.RULES.items()
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    width = max(len(rule_id) for rule_id in rules_engine.RULES)
    for row in rows:
        status = f"{row['examples']} examples passing" if row["passing"] else f"FAILING ({row['examples']} examples)"
        print(f"{row['id']:<{width}}  {row['title']}  [{status}]")
    return 0


def run_schema(args):
    print(json.dumps(rules_engine.SCENARIO_SCHEMA, indent=2))
    return 0


def load_scenario(path: Path) -> rules_engine.Scenario:
    """The scenario in ``path``; a UsageError names the file and the field."""

    try:
        text = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as e:
        raise UsageError(f"{path}: cannot read: {e.strerror}") from None
    try:
        return rules_engine.scenario_from_json(text)
    except rules_engine.ScenarioError as e:
        raise UsageError(f"{path}: {e}") from None


def with_choices(scenario: rules_engine.Scenario, asker: str | None, tz: str | None) -> rules_engine.Scenario:
    """The scenario as asked on the command line (--for, --tz), errors naming the option."""
    for option, field, value in (("--for", "asked_by", asker), ("--tz", "timezone", tz)):
        if value is None:
            continue
        try:
            scenario = dataclasses.replace(scenario, **{field: value})
        except rules_engine.ScenarioError as e:
            raise UsageError(f"{option}: {e.problem}") from None
    return scenario


def run_explain(args):
    scenario = with_choices(load_scenario(args.scenario), args.asker, args.tz)
    problems = Problems()
    content = load_content(args.content, problems)
    if not content.articles:
        # Without articles every link would be missing: say so instead of answering without them.
        raise UsageError(f"--content {args.content}: no articles found there; run from the project folder "
                         "or pass --content DIR")
    try:
        # The same public URL a build would use, so the links are the ones the site publishes.
        chosen = public_url.resolve(args.site_url)
    except ValueError as e:
        raise UsageError(str(e)) from None
    base = chosen.url
    lang = chosen_language(args.lang, tuple(language.code for language in content.languages))
    if not chosen.configured:  # links a support agent pastes into a ticket: say where they point
        print(chosen.warning("the links"), file=sys.stderr)
    at = args.at or now()
    published = answers.published_answers(content, at, base)
    if lang != content.languages[0].code:
        # Link to the translation's section when it is published; the English one otherwise.
        published += answers.translated_answers(published, content, lang, at, base)
    explained = answers.explain(rules_engine.end_contract(scenario), published, trace=args.trace, lang=lang)
    print(answers.render(explained, "json" if args.json else (args.format or "text")))
    return 0
