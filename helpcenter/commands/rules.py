"""helpcenter rules: list the contract rules, and explain what ending a given contract does."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import rules_engine
from core.content import load_content
from core.problems import Problems
from core.targeting import now

import answers
from . import options
from .options import UsageError


def add_parser(sub):
    p = sub.add_parser("rules", help="list the contract rules or explain a scenario",
                       description="The rules of rules_engine that prove the articles' claims.")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="every rule: id, title, whether its examples pass",
                                 description="List every registered rule with its title and whether its "
                                             ">>> examples pass now.")
    listing.add_argument("--json", action="store_true", help="print JSON instead of text")
    listing.set_defaults(run=run_list)

    explain = actions.add_parser(
        "explain", help="what happens when a contract ends, with links to verified answers",
        description="Apply the rules to a scenario (a JSON file, see rules_engine/examples/) and print the "
                    "outcome, the trace of every rule, and for each consequence the verified answers that "
                    "document it, as the content folder would publish them.")
    explain.add_argument("--scenario", type=Path, required=True, metavar="FILE.json",
                         help="the scenario: contract, ended_by, reason_moves_off_platform, ended_at")
    explain.add_argument("--json", action="store_true", help="print JSON instead of text")
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


def run_explain(args):
    scenario = load_scenario(args.scenario)
    problems = Problems()
    content = load_content(args.content, problems)
    if problems.errors:
        print(f"note: {args.content} has {len(problems.errors)} problems (run `helpcenter check`); "
              "links come from the articles that loaded", file=sys.stderr)
    explained = answers.explain(rules_engine.end_contract(scenario), answers.published_answers(content, args.at or now()))
    if args.json:
        print(json.dumps(explained, indent=2))
    else:
        print(as_text(explained))
    return 0


def as_text(explained: dict) -> str:
    """The explained outcome as a support agent reads it: totals, consequences with links, trace."""
    scenario = explained["scenario"]
    contract = "Hourly" if scenario["contract"]["type"] == "hourly" else "Fixed-price"
    lines = [
        f"{contract} contract ended by the {scenario['ended_by']} at {explained['closed_at']}",
        f"Paid to the freelancer: {explained['paid_to_freelancer']}   "
        f"Refunded to the client: {explained['refunded_to_client']}   "
        f"Kept by the freelancer: {explained['kept_by_freelancer']}",
    ]
    if explained["feedback_open_until"]:
        lines.append(f"Feedback can be left until: {explained['feedback_open_until']} (not at that moment itself)")
    if explained["flags"]:
        lines.append(f"Flags: {', '.join(explained['flags'])}")
    lines += ["", "What happens:"]
    for consequence in explained["consequences"]:
        lines.append(f"- {consequence['sentence']}")
        lines.append(f"  rule {consequence['rule_id']}")
        for answer in consequence["answers"]:
            lines.append(f"  verified answer: {answer['url']}  ({answer['id']})")
    lines += ["", "Trace:"]
    for step in explained["trace"]:
        lines.append(f"- {step['rule_id']}: {'fired' if step['fired'] else 'did not fire'}. {step['reason']}")
    return "\n".join(lines)
