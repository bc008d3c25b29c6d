"""Scoring from cached per-term scores gives exactly what Whoosh's own matchers give."""
import pytest
import yaml

from conftest import BUILD_AT
from search import Searcher
from search import searcher as searcher_module
from test_search_golden import GOLDEN

QUERIES = [q["query"] for q in yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))["queries"]] + [
    "contract", "hourly contract payment", "refund milestone dispute", "work diary screenshots",
    "fees", "paid", "end", "the", "zzzz qqqq", "withdraw money bank", "\"end contract\"", "pause hold",
]
VISITORS = [{}, {"audience": "client"}, {"audience": "freelancer", "country": "US", "usertype": "standard"}]


def answers(searcher, from_cache: bool):
    saved = dict(searcher_module.SCORE_FROM_CACHE)
    searcher_module.SCORE_FROM_CACHE.update({True: from_cache, False: from_cache})
    try:
        return [searcher.search(q, at=BUILD_AT, limit=10, **v) for q in QUERIES for v in VISITORS]
    finally:
        searcher_module.SCORE_FROM_CACHE.update(saved)


@pytest.fixture(scope="module")
def release_searchers(built_out):
    release = (built_out / "current").resolve()
    # Two searchers with no result cache, so each answer is computed by the path under test.
    return Searcher.for_release(release, cache_size=0), Searcher.for_release(release, cache_size=0)


def test_cached_scoring_equals_whoosh_scoring(release_searchers):
    fast, reference = release_searchers
    got, expected = answers(fast, True), answers(reference, False)
    assert len(got) == len(QUERIES) * len(VISITORS)
    for g, e in zip(got, expected):
        assert [(r["id"], r["url"]) for r in g["results"]] == [(r["id"], r["url"]) for r in e["results"]], g["query"]
        assert [r["score"] for r in g["results"]] == pytest.approx([r["score"] for r in e["results"]], rel=1e-9)
        assert (g["total"], g["suggestion"]) == (e["total"], e["suggestion"])
