"""The English analysis chain: what article text, synonym lines and queries become."""
import pytest

from search.analysis import ANALYZER, QUESTION_WORDS, SITUATION_WORDS, analyze, analyze_with_chars
from search.query import parse
from search.synonyms import EMPTY


@pytest.mark.parametrize("text, terms", [
    # letter-digit codes, however they are written
    ("Do I need a W-9?", ("do", "need", "w9")),
    ("w 9 form", ("w9", "form")),
    ("W9", ("w9",)),
    ("DS-160 and W-8BEN", ("ds160", "w8ben")),
    ("1099-K and 1099-NEC forms", ("1099k", "1099nec", "form")),
    ("1099 k", ("1099k",)),
    # not codes: a hyphenated number and a word, a one-letter word
    ("a 5-day hold", ("day", "hold")),
    ("a 14-day window", ("14", "day", "window")),
    # negations are "not"; other contractions lose their ending
    ("I wasn't paid, we're stuck, the client's money", ("not", "paid", "stuck", "client", "money")),
    ("didnt wont cannot can't won’t", ("not", "not", "not", "not", "not")),
    ("o'clock", ("clock",)),
    # "us" is a word; abbreviations lose their dots, decimals keep theirs
    ("non-US freelancers", ("non", "us", "freelanc")),
    ("U.S. taxes, e.g. 2.5 hours", ("us", "tax", "eg", "2.5", "hour")),
    # Porter2 stems doubled consonants away
    ("submitted flagged tracked", ("submit", "flag", "track")),
])
def test_query_terms(text, terms):
    assert analyze(text) == terms


def test_the_index_also_has_the_number_of_a_code_at_the_same_position():
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in ANALYZER("File 1099-K now", positions=True, chars=True, mode="index")]
    assert tokens == [("file", 0, 0, 4), ("1099k", 1, 5, 11), ("1099", 1, 5, 11), ("now", 2, 12, 15)]
    # a query is analysed without it: "1099-K" searches the code, not every 1099 form
    assert [t.text for t in ANALYZER("File 1099-K now", mode="query")] == ["file", "1099k", "now"]


def test_chars_are_those_of_the_index_tokens():
    text = "The client didn't pay the W-9 fee (1099-K), e.g. today"
    indexed = [(t.text, t.startchar, t.endchar) for t in ANALYZER(text, chars=True, mode="index")]
    assert analyze_with_chars(text) == indexed == [
        ("client", 4, 10), ("not", 11, 17), ("pay", 18, 21), ("w9", 26, 29), ("fee", 30, 33),
        ("1099k", 35, 41), ("1099", 35, 41), ("eg", 44, 47), ("today", 49, 54)]


def test_positions_skip_stop_words_so_phrases_stay_together():
    assert [(t.text, t.pos) for t in ANALYZER("end the contract", positions=True)] == [("end", 0), ("contract", 1)]


def test_question_words_are_analysed_like_queries():
    assert {"how", "whi", "doe", "pleas"} <= QUESTION_WORDS
    assert "not" not in QUESTION_WORDS


def test_the_filler_of_a_told_situation_is_dropped_like_question_words():
    assert {"but", "onli", "everi", "anyway", "yesterday", "like", "use", "out", "off"} <= QUESTION_WORDS
    assert {t for w in SITUATION_WORDS for t in analyze(w)} <= QUESTION_WORDS
    assert not {"much", "not", "payout", "hold", "turn", "up"} & QUESTION_WORDS
    parsed = parse("but my payout only shows up today, I already sorted out the bank details anyway", EMPTY)
    assert [c.typed for c in parsed.concepts] == ["payout", "show", "up", "bank", "detail"]
    # what is left when nothing else is: the words themselves
    assert [c.typed for c in parse("turn it off", EMPTY).concepts] == ["turn"]
    assert [c.typed for c in parse("but anyway", EMPTY).concepts] == ["but", "anyway"]
