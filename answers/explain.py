"""Explaining an outcome: each consequence of ending a contract with the verified answers that document it."""
from __future__ import annotations

from dataclasses import dataclass

import rules_engine

from .claims import VERIFIED

ASKERS = ("freelancer", "agency", "client")
FORMATS = ("text", "markdown", "json")


@dataclass(frozen=True)
class Explanation:
    outcome: dict
    asker: str


def answers_by_rule(answers: list[dict]) -> dict[str, list[dict]]:
    """Verified answers (as in verified-answers.json) keyed by each rule that proves them."""
    by_rule: dict[str, list[dict]] = {}
    for answer in answers:
        if answer.get("status") != VERIFIED:
            continue
        for rule_id in answer.get("rules", []):
            by_rule.setdefault(rule_id, []).append(
                {"id": answer["id"], "url": answer["url"], "title": answer["title"], "claim": answer["claim"]}
            )
    return by_rule


def explain(outcome: rules_engine.Outcome, answers: list[dict]) -> dict:
    """The outcome as JSON, each consequence with the verified answers that document it."""
    by_rule = answers_by_rule(answers)
    explained = outcome.to_dict()
    for consequence in explained["consequences"]:
        consequence["answers"] = by_rule.get(consequence["rule_id"], [])
    return explained
