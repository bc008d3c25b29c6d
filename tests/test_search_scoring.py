"""The fast posting reader gives exactly what Whoosh's public matchers give, and is the path taken
on a fresh index and on an incrementally updated one (deleted documents, several segments)."""
import dataclasses

import pytest
import yaml

from conftest import BUILD_AT, write_article
from core.content import load_content
from core.problems import Problems
from search import SearchConfig, Searcher, build_index
from search import postings
from conftest import GOLDEN

QUERIES = [q["query"] for q in yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))["queries"]] + [
    "contract", "hourly contract payment", "refund milestone dispute", "work diary screenshots",
    "fees", "paid", "end", "the", "zzzz qqqq", "withdraw money bank", "\"end contract\"", "pause hold",
]
VISITORS = [{}, {"audience": "client"}, {"audience": "freelancer", "country": "US", "usertype": "standard"}]


def answers(searcher, queries=QUERIES, at=BUILD_AT):
    return [searcher.search(q, at=at, limit=10, **v) for q in queries for v in VISITORS]


def assert_same(got, expected):
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert [(r["id"], r["url"]) for r in g["results"]] == [(r["id"], r["url"]) for r in e["results"]], g["query"]
        assert [r["score"] for r in g["results"]] == pytest.approx([r["score"] for r in e["results"]], rel=1e-9)
        assert (g["total"], g["suggestion"], g["corrected_from"], g["confident"]) == \
            (e["total"], e["suggestion"], e["corrected_from"], e["confident"])


@pytest.fixture(scope="module")
def release(built_out):
    return (built_out / "current").resolve()


def test_fast_postings_equal_whoosh_public_matchers(release):
    # No result cache, so each answer is computed by the path under test.
    fast = Searcher.for_release(release, cache_size=0)
    reference = Searcher.for_release(release, config=SearchConfig(cache_size=0, fast_postings=False))
    try:
        got, expected = answers(fast), answers(reference)
        assert_same(got, expected)
        assert fast.postings_taken.get("public", 0) == 0 and fast.postings_taken["fast"] > 0
        assert reference.postings_taken.get("fast", 0) == 0 and reference.postings_taken["public"] > 0
    finally:
        fast.close()
        reference.close()


FRONT = """
id: {id}
title: {title}
summary: Summary of {title}.
audience: [freelancer, client]
category: contracts
"""
WORDS = "contract refund milestone hourly payment dispute feedback pause invoice withdraw".split()


def write_tree(root, edited=()):
    for i in range(12):
        a, b, c = WORDS[i % 10], WORDS[(i * 3 + 1) % 10], WORDS[(i * 7 + 2) % 10]
        extra = " Edited text about a payment dispute." if i in edited else ""
        write_article(root, f"a{i}.md", FRONT.format(id=f"art-{i}", title=f"{a.capitalize()} {b} guide {i}"),
                      f"Intro about {a} and {c}.{extra}\n\n## About {b} {{#one}}\n\nSome {c} text and {a}.\n\n"
                      f"## More {{#two}}\n\n{b} {c} {a} again.\n")
    return load_content(root, Problems()).articles


def test_fast_path_is_taken_on_fresh_and_incrementally_updated_indexes(content_tree, tmp_path):
    build_index(write_tree(content_tree), tmp_path / "v1", previous=None)
    build_index(write_tree(content_tree, edited=(2, 5, 9)), tmp_path / "v2", previous=tmp_path / "v1")
    queries = ["contract", "payment dispute", "refund milestone", "hourly feedback pause", "edited text", "guide"]
    at = BUILD_AT
    for folder, deletions in (("v1", False), ("v2", True)):
        fast = Searcher(tmp_path / folder, cache_size=0)
        reference = Searcher(tmp_path / folder, config=SearchConfig(cache_size=0, fast_postings=False))
        try:
            segments = [sub.reader() for sub, _ in (fast._s.subsearchers or [(fast._s, 0)])]
            assert any(r.has_deletions() for r in segments) is deletions
            if deletions:
                assert len(segments) >= 2
            assert_same(answers(fast, queries, at), answers(reference, queries, at))
            assert fast.postings_taken.get("public", 0) == 0 and fast.postings_taken["fast"] > 0, folder
            edited = fast.search("\"edited text\"", at=at)
            assert [r["id"] for r in edited["results"]] == (["art-2", "art-5", "art-9"] if deletions else [])
        finally:
            fast.close()
            reference.close()


def test_the_adapter_falls_back_when_an_internal_is_missing(content_tree, tmp_path, monkeypatch):
    build_index(write_tree(content_tree), tmp_path / "ix", previous=None)
    reference = Searcher(tmp_path / "ix", config=SearchConfig(cache_size=0, fast_postings=False))
    expected = answers(reference, ["contract", "payment dispute"], BUILD_AT)
    reference.close()
    # A Whoosh whose leaf matcher lacks one private method the fast path reads.
    monkeypatch.setattr(postings, "_LEAF_METHODS", postings._LEAF_METHODS + ("_no_such_method",))
    fallback = Searcher(tmp_path / "ix", cache_size=0)
    try:
        assert_same(answers(fallback, ["contract", "payment dispute"], BUILD_AT), expected)
        assert fallback.postings_taken.get("fast", 0) == 0 and fallback.postings_taken["public"] > 0
    finally:
        fallback.close()


def test_config_is_passed_in_not_global():
    config = SearchConfig(cache_size=0)
    assert dataclasses.replace(config, fast_postings=False).fast_postings is False
    assert SearchConfig().fast_postings is True  # the default is unchanged by the line above
