"""Golden relevance sets on the real content, as of BUILD_AT.

- tests/golden_questions.yml: natural questions written from the articles, with gaps. Required:
  precision@1 >= 0.9, expected article in the top 3 for >= 97%, MRR >= 0.93, every gap flagged.
- tests/golden_queries.yml: the first, keyword-style set: every expected article in the top 3.

Run pytest with -s to see the figures (``python -m search.evaluation FILE --out DIR`` prints them
for any question set, e.g. one held outside the repository).
"""
import json
from pathlib import Path

import pytest

from conftest import BUILD_AT, GOLDEN
from search import Searcher
from search.evaluation import evaluate, load_questions

QUESTIONS_FILE = Path(__file__).parent / "golden_questions.yml"
QUERIES = load_questions(GOLDEN)
QUESTIONS = load_questions(QUESTIONS_FILE)


@pytest.fixture(scope="module")
def release(built_out):
    return (built_out / "current").resolve()


@pytest.fixture(scope="module")
def searcher(release):
    s = Searcher.for_release(release)
    yield s
    s.close()


def test_golden_sets_are_big_and_name_published_articles(release):
    published = set(json.loads((release / "build.json").read_text(encoding="utf-8"))["articles"])
    assert len(QUERIES) >= 40
    assert {q["expect"] for q in QUERIES} <= published
    answerable = [q for q in QUESTIONS if not q.get("gap")]
    gaps = [q for q in QUESTIONS if q.get("gap")]
    assert len(QUESTIONS) >= 80 and len(gaps) >= 8
    assert {q["expect"] for q in answerable} <= published
    kinds = {q["kind"] for q in answerable}
    assert kinds == {"question", "phrase", "typo", "plain"}


def test_golden_questions(searcher):
    figures = evaluate(searcher, QUESTIONS, BUILD_AT)
    print(f"\ngolden questions: {figures.summary()}")
    assert figures.precision_at_1 >= 0.9, figures.misses
    assert figures.top_3 >= 0.97, figures.misses
    assert figures.mrr >= 0.93, figures.misses
    assert figures.unflagged_gaps == []
    assert figures.gaps_flagged == figures.gaps >= 8


def test_golden_queries_recall_at_3(release, searcher):
    without = Searcher.for_release(release, use_synonyms=False)
    try:
        figures = evaluate(searcher, QUERIES, BUILD_AT)
        plain = evaluate(without, QUERIES, BUILD_AT)
    finally:
        without.close()
    print(f"\ngolden queries with synonyms: {figures.summary()}\nwithout synonyms: {plain.summary()}")
    assert [m for m in figures.misses if not m[2] or m[2] > 3] == []
    assert figures.top_3 == 1.0
    assert figures.mrr >= plain.mrr  # synonyms must never make the set worse


def test_typos_are_corrected_and_said(searcher):
    for q in (q for q in QUESTIONS if q.get("kind") == "typo"):
        result = searcher.search(q["query"], audience=q.get("audience"), at=BUILD_AT)
        assert result["corrected_from"] == q["query"], q["query"]


def test_a_question_with_a_synonym_phrase_inside_explains_it(searcher):
    result = searcher.search("how do I close my contract early", audience="freelancer", at=BUILD_AT)
    first = result["results"][0]
    assert first["id"] == "end-a-contract"
    assert {"query": "close contract", "synonym": "end contract"} in first["matched_synonyms"]
    refund = searcher.search("refund", audience="client", at=BUILD_AT)["results"][0]
    assert refund["id"] == "request-a-refund"
    assert {"query": "refund", "synonym": "get my money back"} in refund["matched_synonyms"]


def test_the_questions_that_failed_before(searcher):
    def first(q, **visitor):
        return searcher.search(q, at=BUILD_AT, **visitor)

    assert first("close contract early", audience="freelancer")["results"][0]["id"] == "end-a-contract"
    assert first("client won't pay for my work")["results"][0]["id"] in {"hourly-disputes", "fixed-price-disputes"}
    leave = first("leave feedback")["results"][0]
    assert (leave["id"], leave["section"]) == ("feedback-after-a-contract", None)  # the article, not a section
    gap = first("delete my account")
    assert gap["results"] and gap["confident"] is False
