"""Golden relevance sets on the real content, as of BUILD_AT.

- tests/golden_questions*.yml: natural questions written from the articles, with gaps, one file per
  language (golden_questions.yml for the source language, golden_questions_<code>.yml for each
  translation language, searched with lang=<code>). Required of each: precision@1 >= 0.9, expected
  article in the top 3 for >= 97%, MRR >= 0.93, every gap flagged.
- tests/golden_queries.yml: the first, keyword-style set: every expected article in the top 3.

Run pytest with -s to see the figures (``python -m search.evaluation FILE --out DIR`` prints them
for any question set, e.g. one held outside the repository).
"""
import json
from pathlib import Path

import pytest

from conftest import BUILD_AT, GOLDEN
from search import Searcher, Searchers, index_name, indexed_article_ids
from search.evaluation import evaluate, language_of, load_questions

QUESTIONS_FILE = Path(__file__).parent / "golden_questions.yml"
QUERIES = load_questions(GOLDEN)
QUESTIONS = load_questions(QUESTIONS_FILE)
# Every language's set: {language code: questions}, the language taken from the file name.
SETS = {language_of(path): load_questions(path) for path in sorted(Path(__file__).parent.glob("golden_questions*.yml"))}


@pytest.fixture(scope="module")
def release(built_out):
    return (built_out / "current").resolve()


@pytest.fixture(scope="module")
def searcher(release):
    s = Searcher.for_release(release)
    yield s
    s.close()


@pytest.fixture(scope="module")
def searchers(release):
    s = Searchers.for_release(release)
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


def test_there_is_a_golden_set_per_language(searchers):
    assert sorted(SETS) == sorted(searchers.languages) == ["en", "es", "fr"]


@pytest.mark.parametrize("lang", sorted(SETS))
def test_translated_golden_sets_name_translated_articles(release, lang):
    questions = SETS[lang]
    indexed = release / index_name(lang)
    answerable = [q for q in questions if not q.get("gap")]
    assert {q["expect"] for q in answerable} <= indexed_article_ids(indexed)
    assert len(questions) >= 20 and sum(1 for q in questions if q.get("gap")) >= 3


@pytest.mark.parametrize("lang", sorted(SETS))
def test_golden_questions(searchers, lang):
    figures = evaluate(searchers, SETS[lang], BUILD_AT, lang=lang)
    print(f"\ngolden questions ({lang}): {figures.summary()}")
    assert figures.precision_at_1 >= 0.9, figures.misses
    assert figures.top_3 >= 0.97, figures.misses
    assert figures.mrr >= 0.93, figures.misses
    assert figures.unflagged_gaps == []
    assert figures.gaps_flagged == figures.gaps >= (8 if lang == "en" else 3)


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


@pytest.mark.parametrize("lang", sorted(SETS))
def test_typos_are_corrected_and_said(searchers, lang):
    typos = [q for q in SETS[lang] if q.get("kind") == "typo"]
    for q in typos:
        result = searchers.search(q["query"], lang=lang, audience=q.get("audience"), at=BUILD_AT)
        assert result["corrected_from"] == q["query"], q["query"]
    assert len(typos) >= 3


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
    # the article whose title is the question is not outranked by a section mentioning its words
    # and one more ("early" in a section about improving one's score)
    assert first("how do I end a contract early", audience="freelancer")["results"][0]["id"] == "end-a-contract"
    # among articles covering the same concepts in their titles and keywords, the one called what
    # was asked comes first ("Resume a paused contract" has "paused contract" among its keywords)
    assert first("pause contract")["results"][0]["id"] == "pause-a-contract"
    gap = first("delete my account")
    assert gap["results"] and gap["confident"] is False


UNCONFIDENT_ANSWERS = {
    "en": ["how do I close my contract early"],
    "es": ["quiero dejar un trabajo que no me gusta", "cómo pongo en pausa un contrato",
           "cuánto tarda una transferencia internacional"],
    "fr": ["comment suspendre un contrat pendant quelques semaines", "combien coûtent les frais de service"],
}


@pytest.mark.parametrize("lang", sorted(SETS))
def test_confidence_flags_every_gap_and_few_real_answers(searchers, lang):
    # The thresholds of search.searcher.is_confident were calibrated on these sets: every gap is
    # flagged (test_golden_questions), and these are the only answerable questions without a
    # confident answer. "le client veut me payer en dehors de la plateforme" (5 concepts, 0.43 of
    # the weight) is confident by the long-question share.
    unconfident = [q["query"] for q in SETS[lang] if not q.get("gap") and not searchers.search(
        q["query"], audience=q.get("audience"), country=q.get("country"), usertype=q.get("usertype"),
        at=BUILD_AT, lang=lang)["confident"]]
    assert unconfident == UNCONFIDENT_ANSWERS[lang]


def test_a_long_question_is_confident_with_a_third_of_its_weight_and_concepts(searcher):
    def search(q, **visitor):
        return searcher.search(q, at=BUILD_AT, **visitor)

    dispute = search("I have worked on this fixed-price project for a month and the client wants changes again "
                     "and again without releasing the milestone payment. How do I open a dispute?")
    assert (dispute["results"][0]["id"], dispute["results"][0]["section"]) == ("fixed-price-disputes", "Open a dispute")
    assert dispute["confident"] is True
    # "portfolio" (in one article's keywords) weighs more than a third of the question, but it is one
    # concept of twelve: no answer
    export = search("I have been a freelancer here for three years and want to move my portfolio to another "
                    "site. Can I export all my proposals and messages as a PDF file?")
    assert export["results"][0]["id"] == "profile-basics"
    assert export["confident"] is False
    theme = search("Our team of five designers wants the site in Japanese and in dark mode for the night shift, "
                   "is there a setting for the interface language and theme?")
    assert theme["results"] and theme["confident"] is False


def test_a_long_question_is_ordered_by_coverage_and_bm25f_shares(searcher):
    # search.searcher.blended: the covered weight as a share of the question's, plus BM25F as a share
    # of the best candidate's. "Milestones and project funds" has "release" and "milestone" in its
    # title and keywords and the most BM25F for them; the refund and dispute sections match
    # what is asked ("get my money back") as well. A known weak spot of the blend, kept because it
    # ranks the held-out development set better (README, "Relevance"): the milestone article, which
    # says nothing of refunds, comes first; the two answers follow it. (The strict order it replaced
    # put the dispute section first.)
    found = searcher.search("after releasing the milestone I found the logo was plagiarised, is there any way to "
                            "get my money back", audience="client", at=BUILD_AT)
    ranked = [(r["id"], r["section"]) for r in found["results"]]
    assert ranked[:3] == [("milestones-and-project-funds", None), ("request-a-refund", "If the freelancer says no"),
                          ("fixed-price-disputes", "Open a dispute")]
    assert found["confident"] is False


def test_a_long_question_finds_the_section_that_answers_it_before_a_headline_word(searcher):
    # "Money left in project funds" (a heading) shares "left" and "money" with the question and
    # covers a little more weight (49 against 47); the section about fixed-price contracts in "End a
    # contract as a client" matches more of the question (8 concepts against 6) with more BM25F,
    # and comes first.
    question = ("the freelancer I hired keeps missing deadlines and I want to stop the contract and get back "
                "the money left in escrow")
    found = searcher.search(question, audience="client", at=BUILD_AT)["results"][:2]
    assert [(r["id"], r["section"]) for r in found] == [("end-a-contract-as-a-client", "Fixed-price contracts"),
                                                       ("milestones-and-project-funds", "Money left in project funds")]


def test_all_is_filler(searcher):
    # "stop" (in its title and keywords) and "all" (in its text) are both in "Pause a contract":
    # half the question's weight. "all" says nothing of what is asked: what is left, "stop email
    # notifications", is a short query whose every concept must match.
    # No article is about email notifications: whatever comes first, it is not an answer.
    found = searcher.search("how to stop all the email notifications", at=BUILD_AT)
    assert found["confident"] is False


def test_the_filler_of_a_told_situation_answers_nothing(searcher):
    # "out" (a particle of "logged out") and "every" weighed as much as specific words: "cash out"
    # in the keywords of "Withdrawal methods" made it a confident answer. No article is about
    # being logged out.
    found = searcher.search("I keep getting logged out every day", at=BUILD_AT)
    assert found["confident"] is False
    assert "withdrawal-methods" not in [r["id"] for r in found["results"][:3]]


def test_how_long_and_how_much_ask_for_a_measure(searcher):
    # "long" (in a heading of "Mediation") weighed as much as the words of what is asked: "how long
    # do I have to dispute hours" put "Mediation" first.
    found = searcher.search("how long do I have to dispute hours", audience="freelancer", at=BUILD_AT)
    assert found["results"][0]["id"] == "hourly-disputes"
    assert found["confident"] is True
    # A keyword or heading typed as written keeps its measure, and "how much" alone searches "much".
    first = {q: searcher.search(q, at=BUILD_AT)["results"][0]["id"]
             for q in ("how much does it cost", "how long it takes", "how much", "how long does it take")}
    # ...and so does it beside a light verb alone ("take": the circumvention policy's "take work off").
    assert first == {"how much does it cost": "service-fees", "how long it takes": "mediation",
                     "how much": "service-fees", "how long does it take": "mediation"}


def test_a_light_verb_weighs_little(searcher):
    # With "much" a question word, "take" was all that was left beside "commission": "how much
    # commission do you take" put the circumvention policy ("take work off the platform") first.
    # "Service fees" never says "take", and is still a confident answer: a short query needs each
    # of its concepts matched but those weighing no more than a light verb (is_confident), in any
    # form, found in some article or in none ("bring").
    for question in ("how much commission do you take", "how much commission was taken",
                     "how much commission do you bring in"):
        found = searcher.search(question, at=BUILD_AT)
        assert (found["results"][0]["id"], found["confident"]) == ("service-fees", True), question


def test_the_proofs_code_is_never_indexed_or_shown_only_what_it_prints(release, searcher):
    # A snippet showed `...print(consequence.sentence) Milestone "Design" was released...`: the
    # worked examples' proofs (closed under "How this was checked") are code, and print sentences.
    from whoosh.index import open_dir

    for lang in ("en", "es", "fr"):
        with open_dir(str(release / index_name(lang))).searcher() as s:
            bodies = [fields["body"] for fields in s.all_stored_fields()]
        assert bodies and not [b for b in bodies if ">>>" in b or "print(" in b or "rules_engine" in b], lang
    result = searcher.search("client says freelancer disappeared", audience="client", at=BUILD_AT)["results"][0]
    assert "print(" not in result["snippet"] and "Milestone &quot;Design&quot; was released" in result["snippet"]
