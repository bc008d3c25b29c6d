"""The search result cache is bounded in bytes (the log queue's bound is in test_feedback_store.py)."""
from __future__ import annotations

import itertools

from search import Searcher
from search.searcher import _result_bytes

WORDS = ["contract", "payment", "refund", "fee", "account", "milestone", "dispute", "tax", "withdraw", "escrow",
         "hourly", "client", "freelancer", "agency", "review", "profile", "invoice", "bank", "cancel", "end"]


def test_the_result_cache_stays_under_its_bytes(built_out):
    searcher = Searcher.for_release(built_out / "current", cache_bytes=200_000, warm=False)
    sizes = []
    for pair in itertools.combinations(WORDS, 2):
        sizes.append(_result_bytes(searcher.search(" ".join(pair), limit=50)))
        # Half the bytes each for the two caches (the newest entry alone may exceed its half).
        for cache in (searcher._results, searcher._typed):
            assert cache.weight <= 100_000 or len(cache.data) == 1
    assert sum(sizes) > 5 * 200_000  # unbounded, the searches would have kept far more
    assert 0 < len(searcher._results.data) < len(sizes)


def test_a_result_is_weighed_by_what_it_holds():
    small = {"results": [{"title": "a", "snippet": "b"}]}
    large = {"results": [{"title": "a" * 1000, "snippet": "b" * 1000}] * 50}
    assert _result_bytes(small) < 1000 < 100_000 < _result_bytes(large)
