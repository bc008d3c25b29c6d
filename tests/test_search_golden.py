"""Golden relevance set on the real content: every expected article in the top 3 (recall@3 == 1.0).

Prints MRR and recall@3 with and without synonym expansion (run pytest with -s to see them).
"""
from pathlib import Path

import pytest
import yaml

from conftest import BUILD_AT
from search import Searcher

GOLDEN = Path(__file__).parent / "golden_queries.yml"
QUERIES = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))["queries"]


def evaluate(searcher: Searcher):
    ranks = []
    for q in QUERIES:
        result = searcher.search(q["query"], audience=q.get("audience"), country=q.get("country"),
                                 usertype=q.get("usertype"), at=BUILD_AT, limit=10)
        found = [r["id"] for r in result["results"]]
        ranks.append(found.index(q["expect"]) + 1 if q["expect"] in found else None)
    mrr = sum(1 / r for r in ranks if r) / len(ranks)
    recall3 = sum(1 for r in ranks if r and r <= 3) / len(ranks)
    return ranks, mrr, recall3


@pytest.fixture(scope="module")
def release(built_out):
    return (built_out / "current").resolve()


def test_golden_set_is_big_and_names_published_articles(release):
    import json

    published = set(json.loads((release / "build.json").read_text(encoding="utf-8"))["articles"])
    assert len(QUERIES) >= 40
    assert {q["expect"] for q in QUERIES} <= published


def test_golden_recall_at_3(release):
    with_synonyms = Searcher.for_release(release)
    without = Searcher.for_release(release, use_synonyms=False)
    try:
        ranks, mrr, recall3 = evaluate(with_synonyms)
        _, mrr_plain, recall3_plain = evaluate(without)
    finally:
        with_synonyms.close()
        without.close()
    print(f"\ngolden set ({len(QUERIES)} queries): with synonyms MRR {mrr:.3f} recall@3 {recall3:.3f}; "
          f"without synonyms MRR {mrr_plain:.3f} recall@3 {recall3_plain:.3f}")
    misses = [(q["query"], q["expect"], r) for q, r in zip(QUERIES, ranks) if not r or r > 3]
    assert misses == []
    assert recall3 == 1.0
    assert mrr >= mrr_plain  # synonyms must never make the set worse
