"""Query behaviour on a small index built from a tmp content tree: literal result lists."""
from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from conftest import write_article
from core.content import load_content
from core.problems import Problems
from search import QueryError, Searcher, build_index, load_synonyms
from search.query import MAX_CONCEPTS, parse

UNTIL = dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc)
AT = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)

SYNONYMS = """
synonyms:
  - end contract, quit, leave job
  - fire => end contract
  - refund, money back
aliases:
  filter-cl: client
"""


def make_tree(root):
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "synonyms.yml").write_text(textwrap.dedent(SYNONYMS), encoding="utf-8")
    write_article(root, "end.md", """
        id: end-a-contract
        title: End a contract
        summary: How freelancers end a contract.
        audience: [freelancer, agency]
        category: contracts
        keywords: [end contract]
        valid_from: 2026-01-01
        """, "Ending is final.\n\n## Hourly contracts {#hourly}\n\nTo end an hourly contract, open it and "
             "choose End contract. The last week is billed.\n\n## Fixed-price contracts {#fixed}\n\n"
             "Unreleased milestones go back to the client.\n")
    write_article(root, "firing.md", """
        id: firing-policy
        title: Firing policy
        summary: What happens when a client lets someone go.
        audience: [client]
        category: policies
        valid_from: 2026-01-01
        """, "Intro.\n\n## When you fire someone {#fire}\n\nYou can fire a freelancer and pause payments.\n")
    write_article(root, "refund.md", """
        id: request-a-refund
        title: Request a refund
        summary: Clients can ask for money back.
        audience: [client]
        category: payments
        valid_from: 2026-01-01
        valid_until: 2027-01-01T00:00:00Z
        """, "Intro.\n\n## Asking {#asking}\n\nWrite <script>alert(1)</script> and ask for a refund "
             "within 30 days & wait.\n")
    write_article(root, "invoices.md", """
        id: enterprise-invoices
        title: Enterprise invoices
        summary: Monthly invoices for enterprise clients in the US.
        audience: [client]
        country: [US]
        usertype: [enterprise]
        category: payments
        valid_from: 2026-01-01
        """, "Intro.\n\n## Monthly invoice {#monthly}\n\nOne invoice per month, payable by bank transfer.\n")
    write_article(root, "pause.md", """
        id: pause-a-contract
        title: Pause a contract
        summary: Stop work for a while.
        audience: [freelancer, client]
        category: contracts
        valid_from: 2026-01-01
        """, "Intro.\n\n## How to pause {#how}\n\nPausing keeps the contract open but stops payments.\n")
    problems = Problems()
    content = load_content(root, problems)
    assert not problems.errors, [str(p) for p in problems.errors]
    return content


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("search") / "content"
    content = make_tree(root)
    index_dir = root.parent / "index"
    build_index(content.articles, index_dir, previous=None)
    synonyms = load_synonyms(root / "synonyms.yml", Problems())
    searcher = Searcher(index_dir, synonyms)
    yield searcher
    searcher.close()


def ids(result):
    return [r["id"] for r in result["results"]]


def test_multi_way_synonym_finds_the_other_variants(corpus):
    result = corpus.search("quit", at=AT)
    assert ids(result) == ["end-a-contract"]
    assert result["results"][0]["matched_synonyms"] == [{"query": "quit", "synonym": "end contract"}]
    assert ids(corpus.search("leave job", at=AT)) == ["end-a-contract"]


def test_one_way_synonym_is_not_reversed(corpus):
    assert ids(corpus.search("fire", at=AT)) == ["firing-policy", "end-a-contract"]
    assert ids(corpus.search("end contract", at=AT)) == ["end-a-contract"]  # never the firing policy


def test_phrase_synonym_matches_as_a_phrase(corpus):
    # "money back" is a two-word variant of "refund": the refund article says "money back".
    assert ids(corpus.search("money back", at=AT)) == ["request-a-refund"]
    assert ids(corpus.search("refund", at=AT)) == ["request-a-refund"]


def test_synonyms_can_be_switched_off(corpus):
    plain = Searcher(corpus.index_dir, use_synonyms=False)
    try:
        assert ids(plain.search("quit", at=AT)) == []
    finally:
        plain.close()


def test_quoted_phrase_is_literal_without_synonyms(corpus):
    assert ids(corpus.search('"quit"', at=AT)) == []
    assert ids(corpus.search('"end contract"', at=AT)) == ["end-a-contract"]


def test_alias_filters_by_audience_instead_of_being_searched(corpus):
    assert ids(corpus.search("contract", at=AT)) == ["end-a-contract", "pause-a-contract"]
    result = corpus.search("filter-cl contract", at=AT)
    assert ids(result) == ["pause-a-contract"]
    assert result["query"] == "filter-cl contract"


def test_a_title_hit_shows_the_article_and_a_section_hit_its_section(corpus):
    [hit] = corpus.search("refund", at=AT)["results"]
    assert (hit["url"], hit["snippet"]) == ("/request-a-refund/", "Clients can ask for <mark>money</mark> <mark>back</mark>. Intro.")
    assert hit["matched_synonyms"] == [{"query": "refund", "synonym": "money back"}]
    [hit] = corpus.search("refund within days", at=AT)["results"]
    assert hit["url"] == "/request-a-refund/#asking"


def test_section_hit_links_to_its_anchor_and_articles_appear_once(corpus):
    result = corpus.search("hourly", at=AT)
    assert [(r["id"], r["section"], r["url"]) for r in result["results"]] == [
        ("end-a-contract", "Hourly contracts", "/end-a-contract/#hourly")]
    result = corpus.search("contract", at=AT, limit=10)
    assert len(ids(result)) == len(set(ids(result)))
    assert result["total"] == 2


def test_filters_country_usertype_and_all(corpus):
    assert ids(corpus.search("invoice", at=AT)) == ["enterprise-invoices"]  # unknown axes filter nothing
    assert ids(corpus.search("invoice", country="US", usertype="enterprise", at=AT)) == ["enterprise-invoices"]
    assert ids(corpus.search("invoice", country="GB", at=AT)) == []
    assert ids(corpus.search("invoice", usertype="new", at=AT)) == []
    # country: all matches any country
    assert ids(corpus.search("pause", country="GB", usertype="new", at=AT)) == ["pause-a-contract", "firing-policy"]
    assert ids(corpus.search("quit", audience="client", at=AT)) == []
    assert ids(corpus.search("quit", audience="agency", at=AT)) == ["end-a-contract"]


def test_window_edge_is_half_open(corpus):
    one_us = dt.timedelta(microseconds=1)
    assert ids(corpus.search("refund", at=UNTIL - one_us)) == ["request-a-refund"]
    assert ids(corpus.search("refund", at=UNTIL)) == []
    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    assert ids(corpus.search("refund", at=start)) == ["request-a-refund"]
    assert ids(corpus.search("refund", at=start - one_us)) == []


def test_an_empty_allowed_set_returns_nothing_not_everything(corpus):
    before = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    assert corpus.allowed(None, None, None, before) == set()
    assert corpus.search("contract", at=before) == {"query": "contract", "total": 0, "results": [], "suggestion": None,
                                                   "corrected_from": None, "confident": False, "lang": "en",
                                                   "fallback_lang": None, "suggested_lang": None}
    # every axis allows something, their intersection nothing
    assert corpus.allowed("freelancer", "US", "enterprise", AT) != set()
    assert ids(corpus.search("invoice", audience="freelancer", country="US", usertype="enterprise", at=AT)) == []


def test_all_terms_first_then_any_term(corpus):
    assert ids(corpus.search("pause payments", at=AT)) == ["pause-a-contract", "firing-policy"]
    # nothing has both words: any-term fallback, ranked
    assert ids(corpus.search("pause invoice", at=AT)) == ["enterprise-invoices", "pause-a-contract", "firing-policy"]


def test_a_correction_says_so(corpus):
    result = corpus.search("refnud", at=AT)
    assert (result["query"], result["corrected_from"], result["suggestion"]) == ("refund", "refnud", None)
    assert ids(result) == ["request-a-refund"]
    result = corpus.search("zzzzqqq", at=AT)
    assert (result["query"], result["corrected_from"], result["suggestion"], ids(result)) == ("zzzzqqq", None, None, [])


def test_searching_the_original_offers_the_correction(corpus):
    result = corpus.search("refnud", at=AT, correct=False)
    assert (result["query"], result["corrected_from"], result["suggestion"], ids(result)) == \
        ("refnud", None, "refund", [])


def test_quoted_words_are_never_corrected(corpus):
    result = corpus.search('"refnud"', at=AT)
    assert (result["query"], result["corrected_from"], result["suggestion"], ids(result)) == ('"refnud"', None, None, [])
    result = corpus.search('refnud "pause"', at=AT)
    assert (result["query"], result["corrected_from"]) == ('refund "pause"', 'refnud "pause"')
    # one concept each, in a title; "refund" is in fewer articles than "pause", so it weighs more
    assert ids(result) == ["request-a-refund", "pause-a-contract", "firing-policy"]


def test_question_words_alone_are_searched_but_never_a_confident_answer(corpus):
    # "how do i", typed so far, was a confident answer (an article that says "how" and "do"): a
    # search left there counted as answered in the report.
    for typed in ("how", "how to"):  # "How to pause" is a heading
        asked = corpus.search(typed, at=AT)
        assert (ids(asked)[0], asked["confident"]) == ("pause-a-contract", False), typed
    assert corpus.search("how do i end a contract", at=AT)["confident"]


def test_a_half_typed_last_word_finds_the_words_it_begins(corpus):
    # The site's search box asks as the reader types: "refu" found nothing, and "mont" was
    # corrected to another word before "month" was typed.
    result = corpus.search("refu", at=AT)
    assert (result["query"], result["corrected_from"], result["suggestion"], ids(result)) == \
        ("refu", None, None, ["request-a-refund"])
    assert result["confident"] and result["results"][0]["matched_synonyms"] == []  # a completion is no synonym
    result = corpus.search("mont", at=AT)
    assert (result["corrected_from"], ids(result)) == (None, ["enterprise-invoices"])
    assert result["results"][0]["snippet"] == "One invoice per <mark>month</mark>, payable by bank transfer."
    assert ids(corpus.search("endi", at=AT)) == ["end-a-contract"]  # "ending", whose term is "end"
    # Only the last word, and only while it is being typed: not after a space, not quoted, not
    # under three letters.
    assert ids(corpus.search("refu pause", at=AT)) == ["pause-a-contract", "firing-policy"]
    assert ids(corpus.search("pause refu", at=AT)) == ["request-a-refund", "pause-a-contract", "firing-policy"]
    assert [ids(corpus.search(q, at=AT)) for q in ("refu ", '"refu"', "re")] == [[], [], []]
    # A word an article has is searched as typed ("pause" begins "pausing" too, "month" "monthly").
    assert [corpus.completions(w) for w in ("refu", "mont", "month", "pause", "zzq")] == \
        [("refund",), ("month",), (), (), ()]


def test_snippet_highlights_and_escapes(corpus):
    [hit] = corpus.search("refund alert", at=AT)["results"]
    assert hit["snippet"] == ("Write &lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt; and ask for a <mark>refund</mark> "
                              "within 30 days &amp; wait.")
    assert "<script>" not in hit["snippet"]


def test_result_shape(corpus):
    result = corpus.search("quit", at=AT)
    assert set(result) == {"query", "total", "results", "suggestion", "corrected_from", "confident", "lang",
                           "fallback_lang", "suggested_lang"}
    assert (result["lang"], result["fallback_lang"]) == ("en", None)
    [hit] = result["results"]
    assert set(hit) == {"id", "title", "section", "url", "score", "snippet", "matched_synonyms", "audience", "lang"}
    assert hit["lang"] == "en"
    assert hit["audience"] == ["freelancer", "agency"]
    assert isinstance(hit["score"], float)


HOSTILE = [
    "", "   ", '"', '"unbalanced quote', "((((", "))", "AND OR NOT", "NOT", "refund AND", "OR quit",
    "title:refund", "audience:client", "*", "?", "~2", "^", "\\", "refund\x00quit", "\x00", "😀", "🔥 quit 🔥",
    "'; DROP TABLE articles; --", "<script>alert(1)</script>", "a" * 500, "end contract " * 40,
    "\u202eevil", "refund~", "re*und", "[x TO y]", "{a TO b}", "/regex/",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_never_crash(corpus, text):
    try:
        result = corpus.search(text, at=AT)
    except QueryError as e:  # a clear message is the other acceptable outcome
        assert str(e).startswith("the query is ")
        return
    assert set(result) == {"query", "total", "results", "suggestion", "corrected_from", "confident", "lang",
                           "fallback_lang", "suggested_lang"}
    for hit in result["results"]:
        assert "<script" not in hit["snippet"]


def test_hostile_operator_words_are_plain_words(corpus):
    assert ids(corpus.search("refund AND", at=AT)) == ["request-a-refund"]
    assert ids(corpus.search("title:refund", at=AT)) == ["request-a-refund"]
    assert ids(corpus.search("refund\x00", at=AT)) == ["request-a-refund"]


@pytest.mark.parametrize("q", [["refund"], 42, {"q": 1}])
def test_a_query_that_is_not_text_is_a_clear_error(corpus, q):
    with pytest.raises(QueryError, match=r"^expected the query as text, got "):
        corpus.search(q, at=AT)


def test_too_long_query_is_a_clear_error(corpus):
    with pytest.raises(QueryError, match=r"^the query is 10240 characters long; at most 500 are searched$"):
        corpus.search("x" * 10240, at=AT)


@pytest.mark.parametrize("kwargs, message", [
    ({"audience": "robot"}, "audience: expected one of freelancer, agency, client, got 'robot'"),
    ({"country": "XX"}, "country: expected an ISO 3166-1 alpha-2 country code like US, got 'XX'"),
    ({"usertype": "vip"}, "usertype: expected one of new, standard, top-rated, enterprise, got 'vip'"),
    ({"limit": 0}, "limit: expected a whole number from 1 to 50, got 0"),
    ({"limit": 51}, "limit: expected a whole number from 1 to 50, got 51"),
])
def test_bad_filters_are_query_errors(corpus, kwargs, message):
    with pytest.raises(QueryError) as e:
        corpus.search("refund", at=AT, **kwargs)
    assert str(e.value) == message


def test_repeated_query_comes_from_the_cache(corpus):
    first = corpus.search("Quit!", at=AT)
    again = corpus.search("quit", at=AT)
    assert again["results"] is first["results"]  # same cached object, normalised key
    assert (first["query"], again["query"]) == ("Quit!", "quit")


def test_cache_never_crosses_a_window_edge(corpus):
    one_us = dt.timedelta(microseconds=1)
    assert corpus.bucket(UNTIL - one_us) != corpus.bucket(UNTIL)
    assert ids(corpus.search("refund", at=UNTIL - one_us)) == ["request-a-refund"]
    assert ids(corpus.search("refund", at=UNTIL)) == []


def test_a_specific_concept_outweighs_common_ones_unless_bm25f_tells_otherwise(corpus):
    # "contract" weighs 4 (in two articles' titles), "refund" 6 (in one): the refund article covers
    # 12 of the query's 10 (in its title: counted twice), the ending article 8. BM25F decides the
    # rest (search.searcher.blended): the ending article says "contract" in its title, keywords and
    # text (BM25F 9.8), the refund article "refund" in its title and once in its text (5.8):
    # 8/10 + 1 = 1.80 against 12/10 + 5.8/9.8 = 1.79.
    assert ids(corpus.search("contract refund", at=AT)) == ["end-a-contract", "request-a-refund", "pause-a-contract"]


def test_a_long_question_is_ranked_by_its_most_specific_concepts(corpus):
    q = ("my client and I had an hourly contract for a week, then a fixed price one with milestones, "
         "payments every month by bank transfer, billed per day, the last one was final, so can I ask for a refund")
    parsed = parse(q, corpus.synonyms)
    assert len(parsed.concepts) == 19  # "every" is filler (search.analysis.SITUATION_WORDS)
    # the 12 of highest weight, the later first on equal weight ("client" is in four articles of five;
    # "week", "one", "milestone" weigh 3 and come earlier), in the order typed: the question at the
    # end is kept
    assert [(c.typed, weight) for c, _, weight in corpus.ranked_concepts(parsed)] == [
        ("hour", 6), ("contract", 4), ("fix", 6), ("price", 6), ("month", 6), ("bill", 3), ("per", 3), ("day", 3),
        ("last", 3), ("final", 3), ("ask", 6), ("refund", 6)]
    assert MAX_CONCEPTS == 12


def test_english_words_and_words_whose_stem_an_article_has_are_never_corrected(corpus):
    # "fine" is one letter from "fire" (an indexed word) but an English word; "hourlys" is no word,
    # but its stem is indexed ("hourly"): both are searched as typed, with no suggestion
    for q, expected in (("fine", []), ("hourlys contract", ["end-a-contract", "pause-a-contract"])):
        result = corpus.search(q, at=AT)
        assert (result["query"], result["corrected_from"], result["suggestion"], ids(result)) == (q, None, None, expected)
    assert (corpus.knows("fine"), corpus.knows("hourlys"), corpus.knows("contrcat"), corpus.knows("resum")) == \
        (True, True, False, False)


def test_a_correction_that_does_not_improve_the_match_is_only_suggested(corpus):
    # "wiat" -> "wait" is only in the refund article: the best result for the typed words stays
    # the best, so the words are searched as typed and the correction is offered
    result = corpus.search("end a contract wiat", at=AT)
    assert (result["query"], result["corrected_from"], result["suggestion"], ids(result)) == \
        ("end a contract wiat", None, "end a contract wait", ["end-a-contract"])
    # "contrcat" -> "contract" makes the best result cover more: applied and said
    result = corpus.search("end contrcat", at=AT)
    assert (result["query"], result["corrected_from"], result["suggestion"], ids(result)[0]) == \
        ("end contract", "end contrcat", None, "end-a-contract")
