"""Proving the claims: each cited rule's examples run once per build, and the articles' worked examples run."""
from __future__ import annotations

import re
from dataclasses import dataclass

import rules_engine
from core.articles import Article
from core.content import Content
from core.problems import Problems, display_path

from .claims import EDITORIAL, UNVERIFIED, VERIFIED, Answer, answer_id
from .examples import run_article_examples
from .ledger import check_ledger


@dataclass(frozen=True)
class Verification:
    """The result of proving every claim: each rule's examples, and each claim as an answer with a status."""

    rules: dict  # rule id -> rules_engine.Verification
    answers: tuple[Answer, ...]

    def summary(self) -> str:
        counts = {s: sum(1 for a in self.answers if a.status == s) for s in (VERIFIED, UNVERIFIED, EDITORIAL)}
        failed = [r for r, v in self.rules.items() if not v.passed]
        text = f"{counts[VERIFIED]} verified, {counts[UNVERIFIED]} unverified, {counts[EDITORIAL]} editorial claims"
        return text + (f"; rules failing their examples: {', '.join(failed)}" if failed else "")

    def rule_passed(self, rule_id: str) -> bool:
        v = self.rules.get(rule_id)
        return bool(v and v.passed and v.examples > 0)

    def verified_in(self, article: Article, anchor: str) -> list[Answer]:
        """The verified answers shown under one section of an article, in front matter order."""
        return [a for a in self.answers if a.article is article and a.anchor == anchor and a.status == VERIFIED]

    def public_answers(self, published) -> list[Answer]:
        live = {a.id for a in published}
        return [a for a in self.answers if a.article.id in live]


def verify(content: Content, results: dict | None = None) -> Verification:
    """Every claim as an answer: verified when its rule's examples pass (run now unless ``results`` given)."""
    results = rules_engine.verify_rules() if results is None else results
    answers = []
    for article in content.articles:
        for claim in article.claims:
            if claim.is_editorial:
                status = EDITORIAL
            else:
                v = results.get(claim.rule)
                status = VERIFIED if v and v.passed and v.examples > 0 else UNVERIFIED
            answers.append(Answer(answer_id(article.id, claim.id), article, claim.id, claim.anchor, claim.text,
                                  () if claim.is_editorial else (claim.rule,), status))
    return Verification(results, tuple(answers))


def prove(content: Content, problems: Problems) -> Verification:
    """Check what the claims cite and what the articles show, naming the claim's file and line.

    Every rule's ``>>>`` examples run once here; the returned Verification carries the results,
    so the rest of the build never runs them again.

    Errors: an unknown rule id, a cited rule without ``>>>`` examples, an article example that
    fails or has no ``>>>``, a published answer id that vanished. A cited rule whose examples fail
    is a warning (an error under --strict): the build goes on and shows its claims unverified.
    """
    results = rules_engine.verify_rules()
    for article in content.checked_articles:  # (a held article's claims too: one run names every problem)
        for index, claim in enumerate(article.claims):
            if claim.is_editorial:
                continue
            key = f"claims[{index}].rule"
            result = results.get(claim.rule)
            if result is None:
                problems.error(article.source, claim.line, key,
                               f"expected a rule id of rules_engine ({', '.join(rules_engine.RULES)}) "
                               f"or 'editorial', got '{claim.rule}'")
            elif result.examples == 0:
                problems.error(article.source, claim.line, key,
                               f"rule '{claim.rule}' has no >>> examples in its docstring, so nothing proves it")
            elif not result.passed:
                problems.warning(article.source, claim.line, key,
                                 f"rule '{claim.rule}' fails {result.failures} of its {result.examples} examples, "
                                 f"so this claim is shown unverified: {_first_failure(result.detail)}")
    for article in content.checked_articles:
        for failure in run_article_examples(article):
            problems.error(article.source, failure.line, "example", failure.message)
    check_ledger(content, problems)
    return verify(content, results)


def _first_failure(report: str) -> str:
    """Where the first failing example of a doctest report is, and what it runs, on one line."""
    match = re.search(r'File "(?P<file>[^"]+)", line (?P<line>\d+).*?\n(?:Failed example|Exception raised):\n\s+(?P<source>.+)',
                      report)
    if not match:
        return report.strip().splitlines()[0] if report.strip() else "no report"
    return f"first failing example at {display_path(match['file'])}:{match['line']}: {match['source'].strip()}"


def published_answers(content: Content, at, public_url: str | None = None) -> list[dict]:
    """The answers a build at ``at`` would publish in verified-answers.json, without building."""
    return [a.to_dict(public_url) for a in verify(content).public_answers(content.published(at))]
