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
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

import rules_engine
from core import yamlfile
from core.articles import Article
from core.content import Content
from core.problems import Problems, display_path

LEDGER = "answers-ledger.yml"
VERIFIED, UNVERIFIED, EDITORIAL = "verified", "unverified", "editorial"


def answer_id(article_id: str, claim_id: str) -> str:
    return f"{article_id}/{claim_id}"


def rule_anchor(rule_id: str) -> str:
    return "rule-" + rule_id.replace(".", "-")


def check_cited_rules(content: Content, problems: Problems) -> None:
    """Check what the claims cite and what the articles show, naming the claim's file and line.

    Errors: an unknown rule id, a cited rule without ``>>>`` examples, an article example that
    fails or has no ``>>>``, a published answer id that vanished. A cited rule whose examples fail
    is a warning (an error under --strict): the build goes on and shows its claims unverified.
    """
    cited: dict[str, list[tuple[Article, int, object]]] = {}
    for article in content.articles:
        for index, claim in enumerate(article.claims):
            if claim.is_editorial:
                continue
            if claim.rule not in rules_engine.RULES:
                problems.error(article.source, claim.line, f"claims[{index}].rule",
                               f"expected a rule id of rules_engine ({', '.join(rules_engine.RULES)}) "
                               f"or 'editorial', got '{claim.rule}'")
            else:
                cited.setdefault(claim.rule, []).append((article, index, claim))
    verification = rules_engine.verify_rules(sorted(cited))
    for rule_id, citing in sorted(cited.items()):
        result = verification[rule_id]
        for article, index, claim in citing:
            key = f"claims[{index}].rule"
            if result.examples == 0:
                problems.error(article.source, claim.line, key,
                               f"rule '{rule_id}' has no >>> examples in its docstring, so nothing proves it")
            elif not result.passed:
                problems.warning(article.source, claim.line, key,
                                 f"rule '{rule_id}' fails {result.failures} of its {result.examples} examples, "
                                 f"so this claim is shown unverified: {_first_failure(result.detail)}")
    for article in content.articles:
        for line, message in run_article_examples(article):
            problems.error(article.source, line, "example", message)
    _check_ledger(content, problems)


def _first_failure(report: str) -> str:
    """Where the first failing example of a doctest report is, and what it runs, on one line."""
    match = re.search(r'File "(?P<file>[^"]+)", line (?P<line>\d+).*?\n(?:Failed example|Exception raised):\n\s+(?P<source>.+)',
                      report)
    if not match:
        return report.strip().splitlines()[0] if report.strip() else "no report"
    return f"first failing example at {display_path(match['file'])}:{match['line']}: {match['source'].strip()}"


class _ExampleRecorder(doctest.DocTestRunner):
    """A doctest runner that remembers which examples failed instead of printing a report."""

    def __init__(self):
        super().__init__(optionflags=doctest.ELLIPSIS)
        self.failed_examples: list[tuple[doctest.Example, str]] = []

    def report_failure(self, out, test, example, got):
        self.failed_examples.append((example, f"expected {example.want.strip()!r}, got {got.strip()!r}"))

    def report_unexpected_exception(self, out, test, example, exc_info):
        self.failed_examples.append((example, f"raised {exc_info[0].__name__}: {exc_info[1]}"))


def run_article_examples(article: Article) -> list[tuple[int, str]]:
    """Run the article's ```pycon blocks as doctests; (line, message) for each failure.

    Each block runs in a fresh namespace; the line is that of the failing ``>>>`` example.
    """
    failures = []
    for line, source in pycon_blocks(article):
        test = doctest.DocTestParser().get_doctest(source, {}, f"{article.id}:{line}", str(article.source), line)
        if not test.examples:
            failures.append((line - 1, "expected '>>>' examples in this pycon block, found none"))
            continue
        runner = _ExampleRecorder()
        runner.run(test, out=lambda text: None, clear_globs=True)
        for example, problem in runner.failed_examples[:1]:  # later examples usually fail because of the first
            failures.append((line + example.lineno,
                             f"the worked example `{example.source.strip()}` {problem}"))
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
        """One line per verified claim of the section: a Verified badge (to the rule) and the claim."""
        lines = []
        for answer in self.answers:
            if answer.article is article and answer.anchor == anchor and answer.status == VERIFIED:
                rule = answer.rules[0]
                lines.append(
                    f'[Verified](rules.md#{rule_anchor(rule)}){{ .hc-verified title="Proven by rule {rule}" '
                    f'data-hc-answer="{answer.id}" }} {_markdown_text(answer.text)}\n{{: .hc-claim }}'
                )
        return "\n\n".join(lines)

    def public_answers(self, published) -> list[Answer]:
        live = {a.id for a in published}
        return [a for a in self.answers if a.article.id in live]

    def write(self, stage: Path, published) -> None:
        answers = [a.to_dict() for a in self.public_answers(published)]
        (stage / "site" / "verified-answers.json").write_text(json.dumps(answers, indent=2) + "\n", encoding="utf-8")


def _markdown_text(text: str) -> str:
    """Claim text as literal Markdown: HTML escaped, Markdown punctuation neutralised."""
    escaped = html.escape(text, quote=False)
    for char in "\\`*_[]{}<>#|":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


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
                  "that prove it. Also available as "
                  # Raw HTML: MkDocs' strict link check only knows Markdown pages, not the JSON file.
                  '<a href="../verified-answers.json">verified-answers.json</a>.', "",
                  "| Answer | Article | Section | Statement | Rules | Status |",
                  "| --- | --- | --- | --- | --- | --- |"]
    for answer in verification.public_answers(published):
        if answer.status == EDITORIAL:
            continue
        rules = ", ".join(f"[`{r}`](rules.md#{rule_anchor(r)})" for r in answer.rules)
        statement = answer.text.replace("|", "\\|")
        permalink = f"{answer.article.url}#{answer.anchor}"
        answers_md.append(
            f"| `{answer.id}` | [{answer.article.title}]({answer.article.id}.md) | "
            f"[`{permalink}`]({answer.article.id}.md#{answer.anchor}) | {statement} | {rules} | {answer.status} |"
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


def answer_dicts(content: Content, at) -> list[dict]:
    """The answers a build at ``at`` would publish in verified-answers.json, without building."""
    published = content.published(at)
    return [a.to_dict() for a in verify(content).public_answers(published)]
