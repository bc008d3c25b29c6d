"""Explaining an outcome to the person who asked: one sentence per consequence, one verified link each.

The freelancer or agency gets links to the articles written for providers, the client to the
ones written for clients. ``text`` and ``markdown`` are short enough to paste into a ticket;
``json`` carries the same points with the outcome's figures and dates.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import rules_engine

from .claims import VERIFIED

ASKERS = ("freelancer", "agency", "client")
FORMATS = ("text", "markdown", "json")

Explanation = dict  # the JSON shape explain() returns; see rules_engine/README.md


def link_for(rule_id: str, asker: str, answers: list[dict]) -> dict | None:
    """The one verified answer to link for a rule, on the asker's side, or None.

    An article written for the asker's side only is preferred to one written for both sides.

    >>> answers = [
    ...     {"id": "a-client/x", "status": "verified", "rules": ["r"], "audience": ["client"],
    ...      "permalink": "https://h/a-client/#x", "title": "For clients", "claim": "C"},
    ...     {"id": "a/x", "status": "verified", "rules": ["r"], "audience": ["freelancer", "agency"],
    ...      "permalink": "https://h/a/#x", "title": "For freelancers", "claim": "F"}]
    >>> link_for("r", "agency", answers)["url"], link_for("r", "client", answers)["url"]
    ('https://h/a/#x', 'https://h/a-client/#x')
    >>> link_for("other", "client", answers) is None
    True
    """
    provider_side = asker != "client"
    candidates = []
    for answer in answers:
        if answer.get("status") != VERIFIED or rule_id not in answer.get("rules", ()):
            continue
        audience = set(answer.get("audience") or ["all"])
        if "all" not in audience and asker not in audience:
            continue
        other_side = bool(audience & {"client"}) if provider_side else bool(audience & {"freelancer", "agency"})
        candidates.append((other_side or "all" in audience, answer))
    if not candidates:
        return None
    answer = min(candidates, key=lambda pair: pair[0])[1]
    return {"id": answer["id"], "url": answer.get("permalink") or answer["url"], "title": answer["title"],
            "claim": answer["claim"]}


def headline(outcome: rules_engine.Outcome) -> str:
    scenario = outcome.scenario
    kind = "Hourly" if scenario.contract.type is rules_engine.ContractType.HOURLY else "Fixed-price"
    provider = scenario.provider
    who = "an agency" if provider == "agency" else "a freelancer"
    return f"{kind} contract with {who}, ended by the {scenario.ended_by.value} at {_when(outcome.closed_at, scenario)}:"


def _when(moment: datetime, scenario: rules_engine.Scenario) -> str:
    local = moment.astimezone(ZoneInfo(scenario.timezone or "UTC"))
    return f"{local:%A %Y-%m-%d %H:%M} {local:%Z}"


def explain(outcome: rules_engine.Outcome, answers: list[dict], *, trace: bool = False) -> Explanation:
    """The outcome for the scenario's asker: headline, points with their one link, figures, dates."""
    asker = outcome.scenario.asked_by.value
    data = outcome.to_dict()
    points = [
        {"sentence": c["sentence"], "rule_id": c["rule_id"], "code": c["code"],
         "link": link_for(c["rule_id"], asker, answers)}
        for c in data["consequences"]
    ]
    explained = {
        "asked_by": asker,
        "headline": headline(outcome),
        "points": points,
        "outcome": {key: value for key, value in data.items() if key not in ("trace", "scenario")},
        "scenario": data["scenario"],
    }
    if trace:
        explained["trace"] = data["trace"]
    return explained


def as_text(explained: Explanation) -> str:
    """Plain text for a ticket: the headline, then one line per point ending with its link."""
    lines = [explained["headline"]]
    for point in explained["points"]:
        link = f" {point['link']['url']}" if point["link"] else ""
        lines.append(f"- {point['sentence']}{link}")
    return "\n".join(lines + _trace_lines(explained))


def as_markdown(explained: Explanation) -> str:
    """Markdown for a ticket or chat: the same points, each link named after its article."""
    lines = [f"**{_markdown(explained['headline'])}**", ""]
    for point in explained["points"]:
        link = f" ([{_markdown(point['link']['title'])}]({point['link']['url']}))" if point["link"] else ""
        lines.append(f"- {_markdown(point['sentence'])}{link}")
    return "\n".join(lines + _trace_lines(explained))


def _trace_lines(explained: Explanation) -> list[str]:
    if "trace" not in explained:
        return []
    lines = ["", "Trace (every rule that applies to this contract):"]
    for step in explained["trace"]:
        lines.append(f"- {step['rule_id']}: {'fired' if step['fired'] else 'did not fire'}. {step['reason']}")
    return lines


def _markdown(text: str) -> str:
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text


def render(explained: Explanation, fmt: str) -> str:
    """The explanation in one of FORMATS (json as indented JSON text)."""
    if fmt == "text":
        return as_text(explained)
    if fmt == "markdown":
        return as_markdown(explained)
    if fmt == "json":
        import json

        return json.dumps(explained, indent=2)
    raise ValueError(f"format: expected one of {', '.join(FORMATS)}, got {fmt!r}")
