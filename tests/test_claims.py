"""Claims and verified answers: what the build proves, shows, refuses and remembers."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import httpx
import pytest

import rules_engine
from conftest import BUILD_AT, CONTENT, LiveServer, write_article
from core.content import load_content
from core.problems import ContentError, Problems
import answers as claims
from helpcenter.pipeline import build, validate
from helpcenter.progress import Progress

FRONT = """
id: {id}
title: Ending a contract early
summary: A short summary.
audience: [freelancer]
category: contracts
claims:
  - id: {claim}
    anchor: section
    text: Both sides can leave feedback after the contract closes.
    rule: {rule}
"""
CLAIM_LINE = 8  # the line of "  - id:" in FRONT, counting the opening "---" as line 1


def article(root: Path, rule: str = "feedback.both-sides", *, id: str = "ending-early", claim: str = "feedback",
            extra: str = "", body: str | None = None) -> Path:
    front = FRONT.format(id=id, claim=claim, rule=rule) + extra
    if body is None:
        return write_article(root, f"{id}.md", front)
    return write_article(root, f"{id}.md", front, body)


def errors(root: Path) -> list[str]:
    _, problems = validate(root)
    return [str(p) for p in problems.items]


def quiet_build(root: Path, out: Path, **kwargs):
    return build(root, out, at=BUILD_AT, progress=Progress(7, quiet=True), **kwargs)


def answers_json(out: Path) -> dict[str, dict]:
    answers = json.loads((out / "current" / "site" / "verified-answers.json").read_text(encoding="utf-8"))
    return {a["id"]: a for a in answers}


def page(out: Path, article_id: str) -> str:
    return (out / "current" / "site" / article_id / "index.html").read_text(encoding="utf-8")


BADGES = re.compile(r'<a class="hc-verified"[^>]*>Verified</a>')


# --- what the build refuses -------------------------------------------------------------------

def test_an_unknown_rule_id_is_an_error_with_file_and_line(content_tree):
    path = article(content_tree, rule="contract.end-whenever")
    known = ", ".join(rules_engine.RULES)
    assert errors(content_tree) == [
        f"{path}:{CLAIM_LINE}: claims[0].rule: expected a rule id of rules_engine ({known}) "
        "or 'editorial', got 'contract.end-whenever'"
    ]
    with pytest.raises(ContentError):
        quiet_build(content_tree, content_tree.parent / "out")


def test_a_cited_rule_without_examples_is_an_error(content_tree, monkeypatch):
    def unproven(scenario):
        """A rule nobody wrote an example for."""
        return ()

    rule = rules_engine.Rule("test.unproven", "A rule nobody proved", "", (), unproven)
    monkeypatch.setitem(rules_engine.RULES, "test.unproven", rule)
    path = article(content_tree, rule="test.unproven")
    assert errors(content_tree) == [
        f"{path}:{CLAIM_LINE}: claims[0].rule: rule 'test.unproven' has no >>> examples in its docstring, "
        "so nothing proves it"
    ]


def test_a_failing_article_example_is_an_error_at_its_line(content_tree):
    body = "Intro.\n\n## Section {#section}\n\n```pycon\n>>> total = 1 + 1\n>>> total\n3\n```\n"
    path = article(content_tree, body=body)
    # Front matter is lines 1-12, so the body starts on line 13 and ">>> total" is line 19.
    assert errors(content_tree) == [f"{path}:19: example: the worked example `total` expected '3', got '2'"]


def test_a_pycon_block_without_examples_is_an_error(content_tree):
    path = article(content_tree, body="Intro.\n\n## Section {#section}\n\n```pycon\nprint('hi')\n```\n")
    assert errors(content_tree) == [f"{path}:17: example: expected '>>>' examples in this pycon block, found none"]


# --- the mutation test ------------------------------------------------------------------------

def test_with_the_real_rules_the_claim_is_verified_and_badged(content_tree, tmp_path):
    article(content_tree)
    result = quiet_build(content_tree, tmp_path / "out")
    assert result.warnings == []
    assert answers_json(tmp_path / "out")["ending-early/feedback"]["status"] == "verified"
    badges = BADGES.findall(page(tmp_path / "out", "ending-early"))
    assert len(badges) == 1
    # The page lives at /ending-early/, so ../rules/ is /rules/.
    assert 'href="../rules/#rule-feedback-both-sides"' in badges[0]
    rules_page = (tmp_path / "out" / "current" / "site" / "rules" / "index.html").read_text(encoding="utf-8")
    assert 'id="rule-feedback-both-sides"' in rules_page


def test_a_changed_feedback_window_unverifies_the_claim(content_tree, tmp_path, monkeypatch):
    monkeypatch.setattr(rules_engine.settings, "FEEDBACK_WINDOW", dt.timedelta(days=7))
    path = article(content_tree)
    result = rules_engine.verify_rules(["feedback.both-sides"])["feedback.both-sides"]
    assert not result.passed and result.failures > 0

    built = quiet_build(content_tree, tmp_path / "out")

    assert len(built.warnings) == 1
    assert built.warnings[0].startswith(
        f"{path}:{CLAIM_LINE}: warning: claims[0].rule: rule 'feedback.both-sides' fails {result.failures} of its "
        f"{result.examples} examples, so this claim is shown unverified: first failing example at rules_engine/rules.py:"
    )
    assert answers_json(tmp_path / "out")["ending-early/feedback"]["status"] == "unverified"
    assert BADGES.findall(page(tmp_path / "out", "ending-early")) == []
    answers_page = (tmp_path / "out" / "current" / "site" / "verified-answers" / "index.html").read_text(encoding="utf-8")
    assert "</a><br>unverified</td>" in answers_page
    with pytest.raises(ContentError) as failed:
        quiet_build(content_tree, tmp_path / "strict-out", strict=True)
    assert failed.value.problems.summary(True) == "Aborted with 1 error"


def test_a_rule_that_refunds_nothing_unverifies_its_claims(content_tree, tmp_path, monkeypatch):
    original = rules_engine.RULES["fixed.unused-funds-refunded"]

    def unused_funds_refunded(scenario):
        return ()

    # Same name and docstring: the rule's own examples now run against the broken function.
    unused_funds_refunded.__doc__ = original.function.__doc__
    monkeypatch.setitem(rules_engine.RULES, original.id, dataclasses.replace(original, function=unused_funds_refunded))
    article(content_tree, rule="fixed.unused-funds-refunded", claim="refund")

    quiet_build(content_tree, tmp_path / "out")

    assert answers_json(tmp_path / "out")["ending-early/refund"]["status"] == "unverified"
    assert BADGES.findall(page(tmp_path / "out", "ending-early")) == []
    # The real articles show the refund in a worked example, which now fails the build.
    source = CONTENT / "articles" / "contracts" / "end-a-contract-as-a-client.md"
    line = source.read_text(encoding="utf-8").split("\n").index(">>> print(outcome.refunded_to_client)") + 1
    _, problems = validate(CONTENT)
    assert [(Path(p.path).resolve(), p.line, p.key, p.message) for p in problems.errors] == [
        (source, line, "example",
         "the worked example `print(outcome.refunded_to_client)` expected '500.00', got '0.00'")
    ]


# --- the real content -------------------------------------------------------------------------

END_A_CONTRACT = ("end-a-contract", "end-a-contract-as-a-client")


def test_every_claim_of_the_end_a_contract_articles_is_verified_or_editorial(built_out):
    by_id = load_content(CONTENT, Problems()).by_id()
    published = answers_json(built_out)
    for article_id in END_A_CONTRACT:
        article_claims = by_id[article_id].claims
        assert article_claims
        for claim in article_claims:
            answer = published[claims.answer_id(article_id, claim.id)]
            expected = "editorial" if claim.is_editorial else "verified"
            assert (answer["id"], answer["status"]) == (answer["id"], expected)
    badges = BADGES.findall(page(built_out, "end-a-contract"))
    # One compact badge per section; together they cover every verified claim exactly once.
    proven = [c for c in by_id["end-a-contract"].claims if not c.is_editorial]
    assert len(badges) == len({c.anchor for c in proven})
    covered = [i for b in badges for i in re.search(r'data-hc-answer="([^"]+)"', b).group(1).split()]
    assert sorted(covered) == sorted(claims.answer_id("end-a-contract", c.id) for c in proven)


def test_the_verified_answers_page_lists_every_field(built_out):
    html = (built_out / "current" / "site" / "verified-answers" / "index.html").read_text(encoding="utf-8")
    row = html[html.index('<tr role="row" id="answer-end-a-contract--diary-locks"'):]
    row = row[:row.index("</tr>")]
    assert row.split(">", 1)[0] == (
        '<tr role="row" id="answer-end-a-contract--diary-locks" data-hc-answer="end-a-contract/diary-locks" '
        'data-hc-article="end-a-contract" '
        'data-hc-rules="hourly.diary-locks"')
    cells = [c.strip() for c in re.findall(r'<td role="cell">(.*?)</td>', row, re.S)]
    permalink = "http://127.0.0.1:8000/end-a-contract/#hourly-contracts"  # the build's public URL
    assert cells == [
        '<code class="hc-answers__id">end-a-contract/<wbr>diary-locks</code>',
        "The work diary of an hourly contract locks when the contract closes, and hours can no longer be added "
        'or edited.<br><a href="../end-a-contract/#hourly-contracts">End a contract</a>: '
        f'<span class="hc-answers__url">{permalink}</span> <button type="button" class="md-button hc-answers__copy" '
        f'hidden data-hc-copy="{permalink}" aria-label="Copy link to end-a-contract/diary-locks">Copy link</button>',
        '<a href="../rules/#rule-hourly-diary-locks"><code>hourly.<wbr>diary-locks</code></a><br>verified',
    ]
    assert answers_json(built_out)["end-a-contract/diary-locks"] == {
        "id": "end-a-contract/diary-locks",
        "article": "end-a-contract",
        "title": "End a contract",
        "audience": ["freelancer", "agency"],
        "url": "/end-a-contract/#hourly-contracts",
        "permalink": "http://127.0.0.1:8000/end-a-contract/#hourly-contracts",
        "anchor": "hourly-contracts",
        "claim": "The work diary of an hourly contract locks when the contract closes, and hours can no longer be added or edited.",
        "rules": ["hourly.diary-locks"],
        "status": "verified",
    }


def test_the_ledger_lists_every_published_rule_claim_of_the_real_content():
    ledger = claims.read_ledger(CONTENT / claims.LEDGER, Problems())
    content = load_content(CONTENT, Problems())
    expected = {a.id for a in claims.verify(content).public_answers(content.published(BUILD_AT)) if a.status != "editorial"}
    assert expected <= set(ledger)


# --- the answers ledger -----------------------------------------------------------------------

def test_a_build_records_answers_only_when_asked(content_tree, tmp_path):
    article(content_tree)
    quiet_build(content_tree, tmp_path / "out")
    assert not (content_tree / claims.LEDGER).exists()
    quiet_build(content_tree, tmp_path / "out", record_answers=True)
    assert claims.read_ledger(content_tree / claims.LEDGER, Problems()) == {"ending-early/feedback": 4}


def test_an_answers_ledger_that_cannot_be_read_is_an_error_with_its_line(content_tree):
    (content_tree / claims.LEDGER).write_bytes(b"answers:\n- ending-early/caf\xe9\n")
    problems = Problems()
    assert claims.read_ledger(content_tree / claims.LEDGER, problems) == {}
    assert [str(p) for p in problems.items] == [
        f"{content_tree / claims.LEDGER}:2: file: expected UTF-8 text, found byte 0xe9 on this line, which is not "
        "UTF-8 (saved as Latin-1 or Windows-1252?); save it as UTF-8"]


def test_an_article_that_cannot_be_loaded_is_not_reported_as_removing_its_answers(content_tree):
    # Its own error is the one to fix; "list the old article id under redirect_from" was wrong advice.
    (content_tree / claims.LEDGER).write_text("answers:\n- ending-early/feedback\n", encoding="utf-8")
    path = article(content_tree)
    path.write_text(path.read_text(encoding="utf-8").replace("audience: [freelancer]", "audience: [freelancr]"),
                    encoding="utf-8")
    found = errors(content_tree)
    assert len(found) == 1 and "audience" in found[0] and "ledger" not in found[0], found


def test_removing_a_published_answer_fails_validation(content_tree):
    ledger = content_tree / claims.LEDGER
    ledger.write_text("answers:\n- ending-early/feedback\n- ending-early/refund\n", encoding="utf-8")
    article(content_tree)
    assert errors(content_tree) == [
        f"{ledger}:3: ending-early/refund: this verified answer was published before and no longer exists: "
        "keep the claim id, or list the old article id under the new article's redirect_from"
    ]


def test_a_renamed_article_keeps_its_answers_and_redirects(content_tree, tmp_path):
    from helpcenter.web import create_app

    (content_tree / claims.LEDGER).write_text("answers:\n- ending-early/feedback\n", encoding="utf-8")
    article(content_tree, id="end-early", extra="redirect_from: [ending-early]\n")
    assert errors(content_tree) == []
    out = tmp_path / "out"
    quiet_build(content_tree, out)
    assert answers_json(out)["end-early/feedback"]["url"] == "/end-early/#section"

    with LiveServer(create_app(out)) as server:
        old = httpx.get(f"{server.url}/ending-early/", follow_redirects=False)
        # Browsers keep the #section fragment across a redirect; it never reaches the server.
        assert (old.status_code, old.headers["location"]) == (301, "/end-early/")
        typed = httpx.get(f"{server.url}/Ending-Early/", follow_redirects=False)  # capitals: lower case first
        assert (typed.status_code, typed.headers["location"]) == (301, "/ending-early/")
        new = httpx.get(f"{server.url}/ending-early/", follow_redirects=True)
        assert new.status_code == 200 and 'id="section"' in new.text
    # Served as plain files (a CDN), the old URL has a redirect page of its own.
    stub = (out / "site" / "ending-early" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../end-early/">' in stub
    assert 'location.replace("../end-early/" + location.search + location.hash)' in stub


def test_claim_text_is_escaped_in_badges_and_in_the_answers_table(content_tree, tmp_path):
    front = FRONT.replace("Both sides can leave feedback after the contract closes.",
                          "'<script>alert(1)</script> *both* & [sides](x)'")
    write_article(content_tree, "ending-early.md", front.format(id="ending-early", claim="feedback",
                                                                 rule="feedback.both-sides"))
    quiet_build(content_tree, tmp_path / "out")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; *both* &amp; [sides](x)"
    badge = re.search(r'<p class="hc-claim">(.*?)</p>', page(tmp_path / "out", "ending-early"), re.S)[1]
    assert f'title="Checked against our rules at every build: {escaped}"' in badge
    table = (tmp_path / "out" / "current" / "site" / "verified-answers" / "index.html").read_text(encoding="utf-8")
    assert f"<td role=\"cell\">{escaped}<br>" in table
    assert "<script>alert(1)" not in table


# --- mutating a payment timing rule -----------------------------------------------------------

@pytest.mark.parametrize("setting, value, failing", [
    ("SECURITY_PERIOD_DAYS", 7, {"payment.security-period"}),
    ("REVIEW_ENDS_DAYS_AFTER_BILLING", 3, {"hourly.weekly-billing", "payment.security-period"}),
])
def test_a_changed_payment_schedule_fails_its_examples_and_unverifies_the_citing_claims(monkeypatch, setting,
                                                                                      value, failing):
    monkeypatch.setattr(rules_engine.settings, setting, value)
    results = rules_engine.verify_rules()
    assert {rule_id for rule_id, result in results.items() if not result.passed} == failing

    content = load_content(CONTENT, Problems())
    problems = Problems()
    verification = claims.prove(content, problems)
    citing = {a.id for a in verification.answers if set(a.rules) & failing}
    assert {"end-a-contract/security-period", "end-a-contract-as-a-client/security-period"} <= citing
    assert {a.id for a in verification.answers if a.status == "unverified"} == citing
    # Each citing claim is named at its line, and the article's worked example that shows the
    # available date fails too.
    assert sorted({(Path(p.path).name, p.key) for p in problems.warnings}) == sorted(
        {(f"{a.article.id}.md", f"claims[{[c.id for c in a.article.claims].index(a.claim_id)}].rule")
         for a in verification.answers if a.id in citing})
    assert [(Path(p.path).name, p.key) for p in problems.errors] == [("end-a-contract.md", "example")]


def test_a_build_runs_the_rules_examples_once(content_tree, tmp_path, monkeypatch):
    article(content_tree)
    calls = []
    real = rules_engine.verify_rules

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(rules_engine, "verify_rules", counted)
    quiet_build(content_tree, tmp_path / "out")
    assert calls == [()]
