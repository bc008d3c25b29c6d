"""Explaining an outcome to the person who asked: one sentence per consequence, one verified link each.

The freelancer or agency gets links to the articles written for providers, the client to the
ones written for clients. ``text`` and ``markdown`` are short enough to paste into a ticket;
``json`` carries the same points with the outcome's figures and dates. Every sentence and fixed
word comes from ``rules_engine.messages``, in any of its LANGUAGES (English by default).
"""
from __future__ import annotations

import rules_engine
from rules_engine import messages

from .claims import VERIFIED, absolute

ASKERS = ("freelancer", "agency", "client")
FORMATS = ("text", "markdown", "json")
LANGUAGES = messages.LANGUAGES  # the languages an explanation can be given in; the first is the default


def spoken(lang: str) -> str:
    """The language an explanation asked for in `lang` (a language of languages.yml) is said in:
    `lang` when ``rules_engine.messages`` has it, else the source language. A configured language
    without a catalogue fails tests/test_rules_messages.py, never a reader.

    >>> spoken("fr"), spoken("de")
    ('fr', 'en')
    """
    return lang if lang in LANGUAGES else messages.SOURCE

Explanation = dict  # the JSON shape explain() returns; see rules_engine/README.md


def translated_answers(answers: list[dict], content, lang: str, at, public_url: str | None = None) -> list[dict]:
    """The answers of `answers` (as ``published_answers`` gives them) on the pages of `lang`'s
    translations published at `at`: the same ids, rules and status, with the translation's URL,
    title and claim text, and ``"lang": lang``. Answers of an article not translated are left out.
    """
    by_id = {answer["id"]: answer for answer in answers}
    found = []
    for article in content.published_in(lang, at):
        for claim in article.claims:
            answer = by_id.get(f"{article.id}/{claim.id}")
            if answer is None:
                continue
            path = f"{article.url}#{answer['anchor']}"
            found.append({**answer, "title": article.title, "url": path, "permalink": absolute(public_url, path),
                          "claim": claim.text, "lang": lang})
    return found


def link_for(rule_id: str, asker: str, answers: list[dict], lang: str = messages.SOURCE) -> dict | None:
    """The one verified answer to link for a rule, on the asker's side, or None.

    An article written for the asker's side only is preferred to one written for both sides.
    With `lang`, an answer on a page in that language (``"lang"`` in the answer, as
    ``translated_answers`` gives them) is preferred; without one, the source language's.

    >>> answers = [
    ...     {"id": "a-client/x", "status": "verified", "rules": ["r"], "audience": ["client"],
    ...      "permalink": "https://h/a-client/#x", "title": "For clients", "claim": "C"},
    ...     {"id": "a/x", "status": "verified", "rules": ["r"], "audience": ["freelancer", "agency"],
    ...      "permalink": "https://h/a/#x", "title": "For freelancers", "claim": "F"}]
    >>> link_for("r", "agency", answers)["url"], link_for("r", "client", answers)["url"]
    ('https://h/a/#x', 'https://h/a-client/#x')
    >>> link_for("other", "client", answers) is None
    True
    >>> french = [{**answers[1], "lang": "fr", "permalink": "https://h/fr/a/#x", "title": "Pour les freelances"}]
    >>> link_for("r", "agency", answers + french, "fr")["url"], link_for("r", "client", answers + french, "fr")["url"]
    ('https://h/fr/a/#x', 'https://h/a-client/#x')
    """
    if lang != messages.SOURCE:
        found = _best(rule_id, asker, [a for a in answers if a.get("lang") == lang])
        if found is not None:
            return found
    return _best(rule_id, asker, [a for a in answers if a.get("lang", messages.SOURCE) == messages.SOURCE])


def _best(rule_id: str, asker: str, answers: list[dict]) -> dict | None:
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
            "claim": answer["claim"], "lang": answer.get("lang", messages.SOURCE)}


def headline(outcome: rules_engine.Outcome, lang: str = messages.SOURCE) -> str:
    """What contract this is and who ended it when, in `lang`.

    >>> from rules_engine.sample import fixed_price
    >>> outcome = rules_engine.end_contract(fixed_price("0.00", ended_by="agency", ended_at="2026-12-01T09:30:00Z"))
    >>> print(headline(outcome))
    Fixed-price contract with an agency, ended by the agency at Tuesday 2026-12-01 09:30 UTC:
    >>> print(headline(outcome, "fr"))
    Contrat à prix fixe avec une agence, clôturé par l'agence le mardi 1er décembre 2026 à 09:30 UTC :
    """
    scenario = outcome.scenario
    return messages.render(lang, "explain.headline", {
        "type": scenario.contract.type, "provider": scenario.provider, "party": scenario.ended_by,
        "closed_at": outcome.closed_at}, scenario.zone)


def explain(outcome: rules_engine.Outcome, answers: list[dict], *, trace: bool = False,
            lang: str = messages.SOURCE) -> Explanation:
    """The outcome for the scenario's asker, in `lang`: headline, points with their one link, figures, dates.

    Links go to the answers in `lang` where ``answers`` has them (``translated_answers``); the
    sentences are said in ``spoken(lang)``, which ``"lang"`` names.
    """
    asker = outcome.scenario.asked_by.value
    said = spoken(lang)
    data = outcome.to_dict(said)
    points = [
        {"sentence": c["sentence"], "rule_id": c["rule_id"], "code": c["code"],
         "link": link_for(c["rule_id"], asker, answers, lang)}
        for c in data["consequences"]
    ]
    explained = {
        "lang": said,
        "asked_by": asker,
        "headline": headline(outcome, said),
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
    lang = explained.get("lang", messages.SOURCE)
    lines = ["", messages.render(lang, "explain.trace-heading")]
    for step in explained["trace"]:
        lines.append("- " + messages.render(lang, "explain.trace-step", {
            "rule_id": step["rule_id"], "fired": step["fired"], "reason": step["reason"]}))
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
