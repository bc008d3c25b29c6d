"""synonyms.yml: the line kinds and every validation error, with its exact file:line message."""
import textwrap

from core.problems import Problems
from search import load_synonyms


def load(tmp_path, text, languages=None):
    path = tmp_path / "synonyms.yml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    problems = Problems()
    synonyms = load_synonyms(path, problems, languages)
    prefix = str(path) + ":"
    return synonyms, [str(p).replace(prefix, "synonyms.yml:") for p in problems.items]


def test_line_kinds(tmp_path):
    synonyms, problems = load(tmp_path, """
        synonyms:
          - end contract, quit, leave job
          - fire => end contract
        aliases:
          filter-fl: freelancer
        """)
    assert problems == []
    multi, one_way = synonyms.groups
    assert (multi.one_way, [v.text for v in multi.sources], [v.terms for v in multi.targets]) == (
        False, ["end contract", "quit", "leave job"], [("end", "contract"), ("quit",), ("leav", "job")])
    assert (one_way.one_way, [v.text for v in one_way.sources], [v.text for v in one_way.targets]) == (
        True, ["fire"], ["end contract"])
    assert synonyms.lookup(("fire",))[0] is one_way
    assert synonyms.lookup(("end", "contract"))[0] is multi  # the target of a one-way line leads nowhere new
    assert synonyms.aliases == {"filter-fl": "freelancer"}


def test_missing_file_means_no_synonyms(tmp_path):
    problems = Problems()
    synonyms = load_synonyms(tmp_path / "nope.yml", problems)
    assert (synonyms.groups, synonyms.aliases, problems.items) == ((), {}, [])


def test_every_error_with_file_and_line(tmp_path):
    _, problems = load(tmp_path, """
        synonyms:
          - quit, resign
          - resign, leave job
          - ", ,"
          - the, refund
          - billing, payment
          - bill, invoice
          - a => b => c
          - hire => start contract
          - start contract => hire
          - fire
          - {x: y}
          - fire -> end contract
        aliases:
          filter-xx: robot
          two words: client
        """)
    assert problems == [  # the file's shape first (core's schema), then what the lines mean
        "synonyms.yml:12: synonyms: item 11: expected a line like 'quit, resign' or 'fire => end contract', got a mapping",
        "synonyms.yml:15: aliases.filter-xx: expected one of freelancer, agency, client, got 'robot'",
        "synonyms.yml:16: aliases.two words: expected a single word without spaces, got 'two words'",
        "synonyms.yml:3: synonyms: 'resign' is already in the line on line 2; a term may appear in one line only",
        "synonyms.yml:4: synonyms: expected at least two terms (a, b), got ', ,'",
        "synonyms.yml:5: synonyms: 'the' is only stop words or punctuation, so it can never match; use a more specific term",
        "synonyms.yml:7: synonyms: 'bill' is searched as 'bill', the same as 'billing' on line 6; keep one of them",
        "synonyms.yml:8: synonyms: expected one '=>' in a one-way line, got 'a => b => c'",
        "synonyms.yml:11: synonyms: expected at least two terms (a, b), got 'fire'",
        "synonyms.yml:13: synonyms: expected at least two terms (a, b), got 'fire -> end contract' "
        "(a one-way line is written with =>, not ->)",
        "synonyms.yml:9: synonyms: one-way lines form a cycle (hire => start contract => hire); write one multi-way line instead",
    ]


def test_longer_one_way_cycle(tmp_path):
    _, problems = load(tmp_path, """
        synonyms:
          - a1 => b1
          - b1 => c1
          - c1 => a1
        """)
    assert problems == [
        "synonyms.yml:2: synonyms: one-way lines form a cycle (a1 => b1 => c1 => a1); write one multi-way line instead"]


def test_yaml_syntax_error_has_a_line(tmp_path):
    _, problems = load(tmp_path, """
        synonyms:
          - quit, resign
         - broken
        """)
    assert len(problems) == 1 and problems[0] == (
        "synonyms.yml:3: synonyms: this line is indented differently from the lines before it; align it with its siblings")


def test_the_real_synonyms_file_is_valid():
    from pathlib import Path
    problems = Problems()
    synonyms = load_synonyms(Path(__file__).parent.parent / "content" / "synonyms.yml", problems)
    assert [str(p) for p in problems.items] == []
    assert synonyms.lookup(("quit",)) is not None


def test_lines_per_language_are_analysed_in_their_language(tmp_path):
    synonyms, problems = load(tmp_path, """
        synonyms:
          - refund, money back
        languages:
          es:
            - terminar contrato, cancelar contrato, dejar un trabajo
            - reembolso => devolución
          fr:
            - annuler contrat, résilier contrat
        """)
    assert problems == []
    es = synonyms.for_language("es")
    multi, one_way = es.groups
    # Spanish stemming, Spanish stop words ("un"), accents folded after stemming
    assert [v.terms for v in multi.sources] == [("termin", "contrat"), ("cancel", "contrat"), ("dej", "trabaj")]
    assert (one_way.one_way, [v.terms for v in one_way.targets]) == (True, [("devolu",)])
    assert es.lookup(("cancel", "contrat"))[0] is multi and es.lookup(("refund",)) is None
    assert [v.terms for v in synonyms.for_language("fr").groups[0].sources] == [("annul", "contrat"), ("resili", "contrat")]
    assert synonyms.for_language("en") is synonyms and synonyms.lookup(("cancel", "contrat")) is None
    assert (synonyms.for_language("de").groups, synonyms.for_language("de").lang) == ((), "de")


def test_errors_in_language_lines_name_the_language_and_line(tmp_path):
    _, problems = load(tmp_path, """
        synonyms:
          - quit, resign
        languages:
          es:
            - cancelar contrato, terminar contrato
            - cancelar el contrato, anular contrato
            - el, la
            - {a: b}
          sp:
            - reembolso, devolución
          en:
            - quit, leave
          fr: annuler contrat
          de:
            - kündigen, vertrag beenden
        """, languages=("en", "es", "fr"))
    assert problems == [  # the file's shape first (core's schema), then what the lines mean
        "synonyms.yml:8: languages.es: item 4: expected a line like 'terminar contrato, cancelar contrato', got a mapping",
        "synonyms.yml:9: languages.sp: expected a language code like es or fr (one of en, es, fr, de, it, pt, nl, da, "
        "sv, nb, fi, hu, ro, ru, tr), got 'sp' (did you mean es?)",
        "synonyms.yml:13: languages.fr: expected a list of lines like 'terminar contrato, cancelar contrato' "
        "(lines starting with '- '), got 'annuler contrat'",
        "synonyms.yml:6: languages.es: 'cancelar el contrato' is searched as 'cancel contrat', the same as "
        "'cancelar contrato' on line 5; keep one of them",
        "synonyms.yml:7: languages.es: 'el' is only stop words or punctuation, so it can never match; use a more specific term",
        "synonyms.yml:11: languages.en: the lines of the source language (en) go under 'synonyms:'; 'languages:' is for es, fr",
        "synonyms.yml:14: languages.de: expected a language of the help center (es, fr), got 'de'",
    ]


def test_the_languages_of_the_help_center_decide_which_codes_are_allowed(tmp_path):
    path = tmp_path / "synonyms.yml"
    path.write_text("languages:\n  es:\n    - reembolso, devolución\n  fr:\n    - remboursement, avoir\n", encoding="utf-8")
    problems = Problems()
    synonyms = load_synonyms(path, problems, languages=("en", "fr"))
    assert [str(p).replace(str(path), "synonyms.yml") for p in problems.items] == [
        "synonyms.yml:2: languages.es: expected a language of the help center (fr), got 'es'"]
    assert (synonyms.for_language("es").groups, len(synonyms.for_language("fr").groups)) == ((), 1)


def test_terms_that_take_over_a_shorter_word_of_the_articles_are_warned_about(tmp_path):
    from types import SimpleNamespace

    from search import check_collisions

    synonyms, problems = load(tmp_path, """
        synonyms:
          - feedback, rating
          - withdraw, cash out
          - per hour => hourly
          - hourly, time based
        """)
    assert problems == []

    def article(id, text):
        return SimpleNamespace(id=id, title=text, keywords=(), summary="", intro="", sections=())

    articles = [article("rates", "Set your hourly rate"), article("hours", "An hour you logged"),
                article("money", "Withdrawals and ratings")]
    found = Problems()
    check_collisions(synonyms, articles, tmp_path / "synonyms.yml", found)
    # "withdrawal" and "ratings" add an ending to a term: the same word; "hourly" as the target of a
    # one-way line is never typed; "rate" and "hour" are other words the lines would take over
    assert [str(p).replace(str(tmp_path) + "/", "") for p in found.items] == [
        "synonyms.yml:2: warning: synonyms: 'rating' is searched as 'rate', like 'rate' in the articles (rates): a "
        "search for it would also search 'feedback'; use a phrase ('rating ...') or make 'rating' the target of a "
        "one-way line",
        "synonyms.yml:5: warning: synonyms: 'hourly' is searched as 'hour', like 'hour' in the articles (hours): a "
        "search for it would also search 'time based'; use a phrase ('hourly ...') or make 'hourly' the target of a "
        "one-way line",
    ]


def test_the_real_synonyms_file_takes_over_no_word_of_the_articles():
    from pathlib import Path

    from helpcenter.pipeline import validate

    _, problems = validate(Path(__file__).parent.parent / "content")
    assert [str(p) for p in problems.items if "synonyms.yml" in str(p)] == []


def test_a_known_phrase_is_matched_before_single_word_synonyms(tmp_path):
    from search.query import parse

    synonyms, problems = load(tmp_path, """
        synonyms:
          - feedback, review
          - end contract, close contract
        """)
    assert problems == []

    def concepts(q, phrases):
        return [(c.typed, [v.text for v in c.variants]) for c in parse(q, synonyms, phrases=phrases).concepts]

    assert concepts("is the review period over", frozenset()) == [
        ("review", ["review", "feedback"]), ("period", ["period"]), ("over", ["over"])]
    # "review period" is a keyword or heading of an article: its words are searched as typed
    assert concepts("is the review period over", frozenset({("review", "period")})) == [
        ("review", ["review"]), ("period", ["period"]), ("over", ["over"])]
    # a synonym phrase at least as long still wins
    assert concepts("close contract early", frozenset({("close", "contract")})) == [
        ("close contract", ["close contract", "end contract"]), ("earli", ["earli"])]
    # question words are dropped, unless they are words of a heading typed as written
    assert concepts("where is my payment", frozenset()) == [("payment", ["payment"])]
    assert concepts("where is my payment", frozenset({("where", "my", "payment")})) == [
        ("where", ["where"]), ("my", ["my"]), ("payment", ["payment"])]


def test_the_collision_check_finds_exactly_the_words_splitting_every_text_finds():
    """check_collisions looks for a few words with a regular expression and splits a text only
    where that cannot decide; on texts made to confuse it, it agrees with splitting them all."""
    import random
    from types import SimpleNamespace

    from search.analysis import surface_words
    from search.synonyms import _articles_with

    words = ["rate", "hour", "houre", "pay", "paye", "bill"]
    pieces = ["rate", "Rate", "RATE", "rates", "rated", "separate", "rate-9", "9-RATE", "ab-rate", "rate-limit",
              "rate's", "o'rate", "rate’s", "ra.te", "u.s.", "end.rate", "rate.", "(rate)", "hour", "hourly",
              "hours", "houre", "pay", "paye", "payee", "didn't", "w-9", "1099-K", "K", "\u212arate", "érate",
              "rateé", "bill", "bill_x", "x_bill", "billy", "a", "5", "5-day", "the", "—", ",", "\n", "🙂", "İpay"]
    rng = random.Random(11)
    articles = []
    for n in range(300):
        text = " ".join(rng.choice(pieces) + rng.choice(["", "", ",", ".", "-", "'"]) for _ in range(rng.randint(1, 12)))
        articles.append(SimpleNamespace(id=f"a{n}", title=text, keywords=(), summary="", intro="", sections=()))
    expected: dict = {}
    for article in articles:
        have = set(surface_words(" ".join((article.title, "", "", ""))))
        for w in words:
            if w in have:
                expected.setdefault(w, set()).add(article.id)
    assert _articles_with(words, articles) == expected
    assert len(expected) == len(words)  # every word occurs somewhere: the comparison says something


def test_bridge_lines_lead_words_of_a_language_to_english_words(tmp_path):
    synonyms, problems = load(tmp_path, """
        bridges:
          es:
            - impuestos, formulario fiscal => tax form
            - impuestos
            - el, la => tax
            - iva => the
            - a => b => c
          en:
            - tax => vat
          de:
            - steuer => tax
        """, languages=("en", "es", "fr"))
    assert problems == [
        "synonyms.yml:4: bridges.es: expected a line like 'impuestos, formulario fiscal => tax form' (its words, =>, "
        "the English words they also search), got 'impuestos'",
        "synonyms.yml:5: bridges.es: 'el' is only stop words or punctuation, so it can never match; use a more specific term",
        "synonyms.yml:6: bridges.es: 'the' is only stop words or punctuation, so it can never match; use more specific "
        "English words",
        "synonyms.yml:7: bridges.es: expected a line like 'impuestos, formulario fiscal => tax form' (its words, =>, "
        "the English words they also search), got 'a => b => c'",
        "synonyms.yml:8: bridges.en: expected another language of the help center (es, fr), got 'en'",
        "synonyms.yml:10: bridges.de: expected another language of the help center (es, fr), got 'de'",
    ]
    from search.analysis import for_language

    es = for_language("es")
    assert synonyms.bridged("es", es.analyze("rellenar el formulario fiscal")) == ["tax form"]
    assert synonyms.bridged("fr", es.analyze("impuestos")) == []
