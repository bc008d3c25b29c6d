"""The verified answers on the site: claim badges under sections, the rules page, /verified-answers/ and its JSON.

Written from Jinja2 templates (``publish/templates/``) with autoescaping on, so a claim's text is
escaped the same way everywhere. Answers arrive as plain dicts (``answers.Answer.to_dict``):
publish knows the shape, not the package that proves them.
"""
from __future__ import annotations

import json
from pathlib import Path

from markupsafe import Markup, escape

from .templating import ENV


def rule_anchor(rule_id: str) -> str:
    return "rule-" + rule_id.replace(".", "-")


ENV.globals["rule_anchor"] = rule_anchor


def breakable(text: str) -> Markup:
    """``text`` escaped, with a ``<wbr>`` after each dot and slash: an answer or rule id may wrap
    there (browsers only break after its hyphens), never inside a word.

    >>> str(breakable("end-a-contract/diary<locks>.x"))
    'end-a-contract/<wbr>diary&lt;locks&gt;.<wbr>x'
    """
    return Markup(str(escape(text)).replace("/", "/<wbr>").replace(".", ".<wbr>"))


ENV.filters["breakable"] = breakable


def claim_badges(answers: list[dict], rules_href: str = "../rules/", *, t=None, hreflang: str | None = None) -> str:
    """HTML placed under a section heading: one Verified badge for the verified answers of that
    section, in the language of ``t`` (``publish.strings``; default English); ``hreflang`` marks
    a rules page in another language than the page."""
    if not answers:
        return ""
    from .strings import strings

    t = t or strings("en")
    rows = [{**a, "rule": a["rules"][0], "rule_anchor": rule_anchor(a["rules"][0])} for a in answers]
    title = t("article.verified_title", claims=" ".join(a["claim"] for a in answers))
    return ENV.get_template("claim-badges.html").render(answers=rows, rules_href=rules_href, title=title,
                                                        label=t("article.verified"), hreflang=hreflang).strip()


def rules_page(rules: list[dict]) -> str:
    """The Markdown of /rules/: ``rules`` are dicts with id, title, explanation, passing."""
    return ENV.get_template("rules.md").render(rules=[{**r, "anchor": rule_anchor(r["id"])} for r in rules])


def verified_answers_page(answers: list[dict]) -> str:
    """The Markdown page /verified-answers/ (a full table; answers.js adds filters and copy buttons)."""
    shown = [{**a, "row_id": "answer-" + a["id"].replace("/", "--")} for a in answers if a["status"] != "editorial"]
    articles = {a["article"]: a["title"] for a in shown}
    return ENV.get_template("verified-answers.md").render(
        answers=shown,
        articles=[{"id": i, "title": t} for i, t in sorted(articles.items(), key=lambda item: item[1].lower())],
        rules=sorted({r for a in shown for r in a["rules"]}),
    )


def pages(answers: list[dict], rules: list[dict]) -> dict[str, str]:
    """The extra Markdown pages of the docs tree."""
    return {"rules.md": rules_page(rules), "verified-answers.md": verified_answers_page(answers)}


def write_answers_json(site_dir: Path, answers: list[dict], translated: dict[str, list[dict]] | None = None) -> None:
    """``verified-answers.json`` of the site, and of each language's site (``translated``: language
    code -> the answers on its translated pages), which the explain API links to in that language."""
    (site_dir / "verified-answers.json").write_text(json.dumps(answers, indent=2) + "\n", encoding="utf-8")
    for lang, found in (translated or {}).items():
        (site_dir / lang).mkdir(exist_ok=True)
        (site_dir / lang / "verified-answers.json").write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
