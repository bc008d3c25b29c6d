"""Claims: which statements of the articles are proven by rules, and the verified answers they make.

A claim cites a rule id (or ``editorial``). It is *verified* when the cited rule's ``>>>``
examples pass now, in this build. Verified answers have stable ids (``article-id/claim-id``)
that support teams paste into tickets; the ledger in ``content/answers-ledger.yml`` remembers
every answer id ever published so that none can vanish without a redirect.
"""
from __future__ import annotations

import doctest
import html
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

import rules_engine
from core import yamlfile
from core.articles import Article
from core.content import Content
from core.problems import Problems

LEDGER = "answers-ledger.yml"
VERIFIED, UNVERIFIED, EDITORIAL = "verified", "unverified", "editorial"


def answer_id(article_id: str, claim_id: str) -> str:
    return f"{article_id}/{claim_id}"


def rule_anchor(rule_id: str) -> str:
    return "rule-" + rule_id.replace(".", "-")


def check_cited_rules(content: Content, problems: Problems) -> None:
    """Unknown rule ids, rules without examples, article examples that fail, vanished answers."""
    for article in content.articles:
        for index, claim in enumerate(article.claims):
            if not claim.is_editorial and claim.rule not in rules_engine.RULES:
                problems.error(article.source, claim.line, f"claims[{index}].rule",
                               f"expected a rule id of rules_engine ({', '.join(rules_engine.RULES)}) "
                               f"or 'editorial', got '{claim.rule}'")
    cited = {c.rule for a in content.articles for c in a.claims if not c.is_editorial and c.rule in rules_engine.RULES}
    verification = rules_engine.verify_rules(sorted(cited))
    for rule_id in sorted(cited):
        if verification[rule_id].examples == 0:
            where = next((a, c) for a in content.articles for c in a.claims if c.rule == rule_id)
            problems.error(where[0].source, where[1].line, "claims.rule",
                           f"rule '{rule_id}' has no >>> examples in its docstring, so nothing proves it")
    for article in content.articles:
        for failure in run_article_examples(article):
            problems.error(article.source, failure[0], "example", failure[1])
    _check_ledger(content, problems)


def run_article_examples(article: Article) -> list[tuple[int, str]]:
    """Run the article's ```pycon blocks as doctests; (line, message) for each failure."""
    failures = []
    for line, source in pycon_blocks(article):
        parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        test = parser.get_doctest(source, {}, f"{article.id}:{line}", str(article.source), line)
        out: list[str] = []
        result = runner.run(test, out=out.append, clear_globs=True)
        if result.attempted == 0:
            failures.append((line, "expected '>>>' examples in this pycon block, found none"))
        elif result.failed:
            first = "".join(out).strip().splitlines()
            detail = " ".join(line.strip() for line in first[-6:])[:400]
            failures.append((line, f"{result.failed} of {result.attempted} examples failed: {detail}"))
    return failures


def pycon_blocks(article: Article) -> list[tuple[int, str]]:
    blocks, current, start = [], None, 0
    for offset, line in enumerate(article.body.split("\n")):
        stripped = line.strip()
        if current is None and stripped.startswith("```pycon"):
            current, start = [], article.body_line + offset + 1
        elif current is not None and stripped.startswith("```"):
            blocks.append((start, "\n".join(current) + "\n"))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


@dataclass(frozen=True)
class Answer:
    id: str
    article: Article
    claim_id: str
    anchor: str
    text: str
    rules: tuple[str, ...]
    status: str

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "article": self.article.id,
            "title": self.article.title,
            "url": f"{self.article.url}#{self.anchor}",
            "anchor": self.anchor,
            "claim": self.text,
            "rules": list(self.rules),
            "status": self.status,
        }


@dataclass
class Verification:
    rules: dict  # rule id -> rules_engine Verification
    answers: list[Answer]

    def summary(self) -> str:
        counts = {s: sum(1 for a in self.answers if a.status == s) for s in (VERIFIED, UNVERIFIED, EDITORIAL)}
        failed = [r for r, v in self.rules.items() if not v.passed]
        text = f"{counts[VERIFIED]} verified, {counts[UNVERIFIED]} unverified, {counts[EDITORIAL]} editorial claims"
        return text + (f"; rules failing their examples: {', '.join(failed)}" if failed else "")

    def rule_passed(self, rule_id: str) -> bool:
        v = self.rules.get(rule_id)
        return bool(v and v.passed and v.examples > 0)

    def badge_html(self, article: Article, anchor: str) -> str:
        badges = []
        for answer in self.answers:
            if answer.article is article and answer.anchor == anchor and answer.status == VERIFIED:
                rule = answer.rules[0]
                badges.append(
                    f'[Verified](rules.md#{rule_anchor(rule)}){{ .hc-verified title="{html.escape(answer.text, quote=True)} '
                    f'(proven by rule {rule})" data-hc-answer="{answer.id}" }}'
                )
        return " ".join(badges)

    def public_answers(self, published) -> list[Answer]:
        live = {a.id for a in published}
        return [a for a in self.answers if a.article.id in live]

    def write(self, stage: Path, published) -> None:
        answers = [a.to_dict() for a in self.public_answers(published)]
        (stage / "site" / "verified-answers.json").write_text(json.dumps(answers, indent=2) + "\n", encoding="utf-8")


def verify(content: Content) -> Verification:
    results = rules_engine.verify_rules()
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
    return Verification(results, answers)


def pages(verification: Verification, published) -> dict[str, str]:
    """The rules page and the verified answers page of the public site."""
    rules_md = ["---", "title: How our answers are verified", "---", "",
                "# How our answers are verified", "",
                "Statements marked **Verified** in our articles are proven by these rules, whose examples "
                "run at every build of this site.", ""]
    for rule_id, rule in rules_engine.RULES.items():
        status = "passing" if verification.rule_passed(rule_id) else "failing"
        rules_md += [f"## {rule.title} {{#{rule_anchor(rule_id)}}}", "",
                     f"Rule `{rule_id}`, examples {status}.", "", rule.explanation, ""]
    answers_md = ["---", "title: Verified answers", "---", "", "# Verified answers", "",
                  "Stable links for support teams. Each answer is a statement of an article and the rules "
                  "that prove it. Also available as [verified-answers.json](verified-answers.json).", "",
                  "| Answer | Article | Statement | Rules | Status |", "| --- | --- | --- | --- | --- |"]
    for answer in verification.public_answers(published):
        if answer.status == EDITORIAL:
            continue
        rules = ", ".join(f"[`{r}`](rules.md#{rule_anchor(r)})" for r in answer.rules)
        statement = answer.text.replace("|", "\\|")
        answers_md.append(
            f"| `{answer.id}` | [{answer.article.title}]({answer.article.id}.md#{answer.anchor}) | "
            f"{statement} | {rules} | {answer.status} |"
        )
    return {"rules.md": "\n".join(rules_md) + "\n", "verified-answers.md": "\n".join(answers_md) + "\n"}


def _check_ledger(content: Content, problems: Problems) -> None:
    """Every answer id published before must still resolve, directly or through a redirect."""
    path = content.root / LEDGER
    known = read_ledger(path, problems)
    current = {answer_id(a.id, c.id) for a in content.articles for c in a.claims if not c.is_editorial}
    renamed = {old: a.id for a in content.articles for old in a.redirect_from}
    for answer, line in known.items():
        article_id, _, claim_id = answer.partition("/")
        resolved = answer_id(renamed.get(article_id, article_id), claim_id)
        if resolved not in current:
            problems.error(path, line, answer,
                           "this verified answer was published before and no longer exists: keep the claim id, "
                           "or list the old article id under the new article's redirect_from")


def read_ledger(path: Path, problems: Problems) -> dict[str, int]:
    if not path.exists():
        return {}
    try:
        located = yamlfile.load(path.read_text(encoding="utf-8"))
    except yamlfile.YamlSyntaxError as e:
        problems.error(path, e.line, None, str(e))
        return {}
    answers = (located.data or {}).get("answers", []) if isinstance(located.data, dict) else None
    if not isinstance(answers, list):
        problems.error(path, located.line(), "answers", "expected a top-level 'answers:' list of answer ids")
        return {}
    return {str(a): located.line("answers", i) for i, a in enumerate(answers)}


def update_ledger(content: Content, verification: Verification, published) -> None:
    """Record newly published verified answers (the build calls this after a successful release)."""
    path = content.root / LEDGER
    known = read_ledger(path, Problems())
    new = [a.id for a in verification.public_answers(published) if a.status != EDITORIAL and a.id not in known]
    if not new:
        return
    ids = list(known) + new
    header = ("# Every verified answer id ever published, kept by `helpcenter build`. Support tickets link to\n"
              "# these: an id listed here must keep resolving (keep the claim id, or use redirect_from).\n")
    path.write_text(header + yaml.safe_dump({"answers": ids}, sort_keys=False), encoding="utf-8")
