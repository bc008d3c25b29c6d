"""Search per language: analysis (stemming, stop words, accents), an index per language built from
the translations core publishes, the English fallback, and filters that never leak through either."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import CONTENT, write_article
from core import translations
from core.content import load_content
from core.problems import Problems
from helpcenter.pipeline import published_by_language
from search import QueryError, Searcher, Searchers, build_indexes, indexed_article_ids, language_indexes, load_synonyms
from search.analysis import ENGLISH, Respelled, fold, for_language, spellings

AT = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
LANGUAGES = "languages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\n"


# -- analysis -------------------------------------------------------------------------------------

def test_spanish_and_french_stem_and_drop_their_own_stop_words():
    es, fr = for_language("es"), for_language("fr")
    assert es.analyze("¿Cómo cancelo mi contrato?") == ("cancel", "contrat")
    assert es.analyze("cancelación cancelar cancelo") == ("cancel",) * 3
    assert es.analyze("el de la los unas después") == ()
    assert fr.analyze("le la les des du") == ()  # "les" is added: Snowball's French list lacks it
    assert fr.analyze("Comment annuler l'annulation d'un contrat ?") == ("comment", "annul", "annul", "contrat")
    assert fr.analyze("être payé, paiement, payer") == ("etre", "pai", "pai", "pai")
    # "fuera" (outside) and "estado" (status) are searched, though Snowball lists them as stop words
    assert es.analyze("pago por fuera, estado del contrato") == ("pag", "fuer", "estad", "contrat")


def test_accents_are_folded_after_stemming():
    es, fr = for_language("es"), for_language("fr")
    assert es.analyze("cómo") == es.analyze("como") == ()  # a stop word with or without its accent
    assert es.analyze("Métodos de retiro") == es.analyze("metodos de retiro") == ("metod", "retir")
    assert fr.analyze("évaluation") == fr.analyze("evaluation") == ("evalu",)
    assert fold("Cómo anulé l'œuvre") == "Como anule l'oeuvre"


def test_english_analysis_is_the_english_chain():
    from search.analysis import ANALYZER, analyze

    assert for_language("en") is ENGLISH and ENGLISH.analyzer is ANALYZER
    assert ENGLISH.analyze("Refunds requested") == analyze("Refunds requested") == ("refund", "request")


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_snippet_terms_are_the_analyzer_terms(lang):
    """The fast tokenizer used for snippets gives exactly the analyzer's terms, on the real translations."""
    analysis = for_language(lang)
    for path in sorted((CONTENT / "translations" / lang).glob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert [t for t, _, _ in analysis.analyze_with_chars(text)] == list(analysis.analyze(text)), path.name


def test_a_word_typed_without_accents_is_spelled_as_the_articles_spell_it():
    vocabulary = [("cancelación", 3), ("devolución", 1), ("facture", 2), ("facturé", 1), ("pagó", 1), ("pago", 4)]
    assert spellings(vocabulary) == {"cancelacion": "cancelación", "devolucion": "devolución"}
    es = Respelled(for_language("es"), spellings(vocabulary))
    # unaccented "-cion" nouns do not stem like the accented ones: re-spelled first, they do
    assert for_language("es").analyze("cancelacion") == ("cancelacion",)
    assert es.analyze("cancelacion") == es.analyze("cancelación") == es.analyze("cancelar") == ("cancel",)
    assert es.respell("Pago la cancelacion") == "Pago la cancelación"


@pytest.mark.parametrize("lang, text, expected", [
    ("es", "fondos del proyecto", [("fond", 0), ("proyect", 1)]),
    ("es", "el periodo de seguridad", [("period", 0), ("segur", 1)]),
    ("fr", "contrat à l'heure", [("contrat", 0), ("heur", 1)]),  # two stop words: "à" and "l"
])
def test_positions_skip_stop_words_so_phrases_stay_together(lang, text, expected):
    """As in the English chain: a phrase is searched without its stop words, so the index numbers
    the words it keeps one after the other (from where the value starts)."""
    analyzer = for_language(lang).analyzer
    assert [(t.text, t.pos) for t in analyzer(text, positions=True)] == expected
    assert [t.pos for t in analyzer(text, positions=True, start_pos=10)] == [10 + p for _, p in expected]


def test_question_words_of_each_language():
    es, fr = for_language("es"), for_language("fr")
    assert {"pued", "quier", "necesit"} <= es.question_words
    assert {"comment", "pourquoi", "peux"} <= fr.question_words
    assert "cancel" not in es.question_words and "annul" not in fr.question_words


# -- a content tree in two languages --------------------------------------------------------------

FRONT = "id: {id}\ntitle: {title}\nsummary: {summary}\naudience: [{audience}]\ncategory: contracts\n{extra}"


def source(root: Path, article_id: str, title: str, words: str, *, audience="freelancer", extra="") -> None:
    write_article(root, f"contracts/{article_id}.md",
                  FRONT.format(id=article_id, title=title, summary=f"About {words}.", audience=audience, extra=extra),
                  f"This article is about {words}.\n\n## Details {{#details}}\n\nMore about {words}.\n")


def translate(root: Path, article_id: str, title: str, words: str, *, draft=False) -> None:
    revision = translations.source_revision(load_content(root, Problems()).by_id()[article_id])
    path = root / "translations" / "es" / f"{article_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntranslation_of: {article_id}\nsource_revision: {revision}\ntitle: {title}\n"
                    f"summary: Sobre {words}.\n{'draft: true' + chr(10) if draft else ''}---\n"
                    f"Este artículo trata de {words}.\n\n## Detalles {{#details}}\n\nMás sobre {words}.\n",
                    encoding="utf-8")


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tree") / "content"
    (root / "articles").mkdir(parents=True)
    (root / "languages.yml").write_text(LANGUAGES, encoding="utf-8")
    (root / "synonyms.yml").write_text(
        "synonyms:\n  - quit, resign\nlanguages:\n  es:\n    - cancelar contrato, terminar contrato\n"
        "bridges:\n  es:\n    - impuestos, formulario fiscal, facturas => tax forms\n"
        "    - facturas de cliente => client invoices\n"
        "    - declaración de impuestos de mi empresa => client invoices\n",
        encoding="utf-8")
    source(root, "end-it", "End a contract", "ending a contract, cancelling it")
    source(root, "secret-it", "Secret procedure", "the secret procedure", extra="visibility: internal\n")
    source(root, "old-it", "Expired offer", "the expired offer", extra="valid_until: 2026-03-01\n")
    source(root, "coming-it", "Coming offer", "the coming offer", extra="valid_from: 2027-01-01\n")
    source(root, "draft-es", "Pause a contract", "pausing a contract")
    source(root, "clients-only", "Client invoices", "client invoices", audience="client")
    source(root, "english-only", "Tax forms", "tax forms and the contract")
    translate(root, "end-it", "Terminar un contrato", "terminar un contrato, cancelar el contrato")
    translate(root, "secret-it", "Procedimiento secreto", "el procedimiento secreto")
    translate(root, "old-it", "Oferta caducada", "la oferta caducada")
    translate(root, "coming-it", "Oferta futura", "la oferta futura")
    translate(root, "draft-es", "Pausar un contrato", "pausar un contrato, borrador", draft=True)
    translate(root, "clients-only", "Facturas de clientes", "facturas exclusivas de clientes")
    translations.write_ledger(root, load_content(root, Problems()).by_id())
    problems = Problems()
    content = load_content(root, problems)
    assert [str(p) for p in problems.errors] == []
    out = root.parent / "release"
    build_indexes(published_by_language(content, content.published(AT), AT), out)
    (out / "synonyms.yml").write_text((root / "synonyms.yml").read_text(encoding="utf-8"), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def searchers(release):
    s = Searchers.for_release(release)
    yield s
    s.close()


def found(result) -> list[tuple[str, str]]:
    return [(r["id"], r["lang"]) for r in result["results"]]


def test_an_index_per_language_with_only_what_is_published_in_it(release):
    assert list(language_indexes(release)) == ["en", "es"]
    assert indexed_article_ids(release / "index") == {"end-it", "draft-es", "clients-only", "english-only"}
    # not the internal, expired, future or draft translations
    assert indexed_article_ids(release / "index-es") == {"end-it", "clients-only"}


@pytest.mark.parametrize("words", ["secreto", "procedimiento", "secret procedure", "caducada", "expired offer",
                                   "oferta futura", "coming offer", "borrador", "pausar"])
def test_a_spanish_search_never_finds_what_is_not_published(searchers, words):
    """Neither through the Spanish index nor through the English fallback, whatever the visitor."""
    for audience in (None, "freelancer", "client"):
        result = searchers.search(words, lang="es", at=AT, audience=audience)
        assert {r["id"] for r in result["results"]} <= {"end-it", "clients-only", "draft-es", "english-only"}
        assert not {r["id"] for r in result["results"]} & {"secret-it", "old-it", "coming-it"}
    pausing = searchers.search("pausar", lang="es", at=AT)
    assert "draft-es" not in {r["id"] for r in pausing["results"] if r["lang"] == "es"}  # a draft translation


def test_targeting_applies_to_translations_and_to_the_fallback(searchers):
    assert found(searchers.search("facturas exclusivas", lang="es", at=AT, audience="client"))[0] == ("clients-only", "es")
    as_freelancer = searchers.search("facturas exclusivas", lang="es", at=AT, audience="freelancer")
    assert [r for r in as_freelancer["results"] if r["id"] == "clients-only"] == []
    english = searchers.search("invoices", lang="es", at=AT, audience="freelancer")
    assert (english["fallback_lang"], english["results"]) == (None, [])
    # Found by its English words, shown as its Spanish page (Searcher.page_of), for clients only.
    assert found(searchers.search("invoices", lang="es", at=AT, audience="client")) == [("clients-only", "es")]


def test_english_words_on_the_spanish_site_lead_to_the_translated_page_at_the_same_section(searchers):
    # "refund" on the Spanish site showed the English "Request a refund" that Spanish readers have in Spanish.
    result = searchers.search("details", lang="es", at=AT, audience="client")
    assert result["fallback_lang"] is None  # nothing in English is left
    assert result["confident"] is True  # the English words' answer, shown first in Spanish: no Spanish gap
    page = result["results"][0]
    assert (page["id"], page["lang"], page["title"], page["section"], page["url"]) == (
        "clients-only", "es", "Facturas de clientes", "Detalles", "/es/clients-only/#details")
    assert page["snippet"] == "Más sobre facturas exclusivas de clientes."
    # An article with no Spanish translation stays in English, and says so.
    tax = searchers.search("tax forms", lang="es", at=AT)
    assert tax["fallback_lang"] == "en" and ("english-only", "en") in found(tax)
    assert tax["confident"] is False  # answered in English only: a Spanish gap


def test_nothing_is_found_when_nothing_is_allowed(searchers):
    """No article is for agencies: Whoosh reads an empty filter set as no filter, so the searcher
    must answer nothing itself, in Spanish and in the fallback."""
    for words in ("contrato", "contract", "secreto", "facturas", "tax forms"):
        result = searchers.search(words, lang="es", at=AT, audience="agency")
        assert (result["results"], result["total"], result["fallback_lang"]) == ([], 0, None)


def test_a_confident_answer_in_the_language_has_no_fallback(searchers):
    result = searchers.search("cómo cancelo un contrato", lang="es", at=AT, audience="freelancer")
    assert (result["lang"], result["confident"], result["fallback_lang"]) == ("es", True, None)
    assert found(result)[0] == ("end-it", "es")
    assert result["results"][0]["url"] == "/es/end-it/"
    assert {"query": "cancelar contrato", "synonym": "terminar contrato"} in result["results"][0]["matched_synonyms"]


def test_bridged_words_typed_on_the_english_site_lead_to_the_english_article(searchers):
    # "impuestos" on the English site found nothing; the Spanish bridge line leads to the English article.
    result = searchers.search("¿dónde están mis impuestos?", at=AT)
    assert (result["lang"], result["fallback_lang"], found(result)) == ("en", None, [("english-only", "en")])
    assert searchers.search("¿dónde están mis impuestos?", at=AT) is result  # asked again: the same object
    # English words with a confident answer of their own are not looked up in the bridges.
    assert found(searchers.search("end a contract", at=AT))[0] == ("end-it", "en")


def test_english_results_follow_when_the_language_has_no_confident_answer(searchers):
    result = searchers.search("tax forms", lang="es", at=AT)
    assert (result["lang"], result["confident"], result["fallback_lang"]) == ("es", False, "en")
    assert result["total"] == 1  # the articles matching in either language (the results page lists them all)
    assert found(result) == [("english-only", "en")]
    assert result["results"][0]["url"] == "/english-only/"


def test_a_bridge_shows_the_english_article_its_words_lead_to(searchers):
    # No Spanish word of any article finds the English-only article; the editors' bridge line does.
    result = searchers.search("¿dónde están mis impuestos?", lang="es", at=AT)
    assert (result["confident"], result["total"], result["fallback_lang"]) == (False, 0, "en")
    assert found(result) == [("english-only", "en")] and result["results"][0]["matched_synonyms"] == []
    assert searchers.search("¿dónde están mis impuestos?", lang="es", at=AT) is result  # asked again: the same object
    # After a confident answer in Spanish, second; for a visitor it is not for, not at all.
    answered = searchers.search("facturas exclusivas", lang="es", at=AT)
    assert (answered["confident"], found(answered)) == (True, [("clients-only", "es"), ("english-only", "en")])
    assert found(searchers.search("facturas exclusivas", lang="es", at=AT, audience="client")) == [("clients-only", "es")]
    # Typed without accents, and not "corrected" first (a bridged word is no typo).
    plain = searchers.search("formulario fiscal", lang="es", at=AT), searchers.search("fórmulario físcal", lang="es", at=AT)
    assert [found(r)[:1] for r in plain] == [[("english-only", "en")], [("english-only", "en")]]
    assert plain[1]["corrected_from"] is None
    # The longest bridged words lead: "declaración de impuestos de mi empresa", not "impuestos".
    assert searchers.synonyms.bridged("es", for_language("es").analyze("la declaración de impuestos de mi empresa")) == [
        "client invoices", ]
    # English words that find a translated article: its Spanish page stays, never its English one instead.
    assert found(searchers.search("facturas de cliente", lang="es", at=AT, audience="client")) == [("clients-only", "es")]
    assert "english-only" not in {r["id"] for r in searchers.search("impuestos", lang="es", at=AT,
                                                                    audience="agency")["results"]}


def test_the_fallback_takes_up_to_half_of_the_results(searchers):
    # Spanish finds "contrato" but not "tax": no confident answer; English finds "tax forms ... contract"
    mixed = searchers.search("contrato tax", lang="es", at=AT, audience="freelancer", limit=2)
    assert (mixed["confident"], mixed["fallback_lang"], mixed["total"]) == (False, "en", 1)
    assert found(mixed) == [("end-it", "es"), ("english-only", "en")]
    # at least one English result, even when the Spanish ones alone would fill the list
    assert found(searchers.search("contrato tax", lang="es", at=AT, audience="freelancer", limit=1)) == [
        ("english-only", "en")]
    # words that read more as English than as Spanish: the English answer first
    english = searchers.search("contrato tax forms", lang="es", at=AT, audience="freelancer", limit=2)
    assert (english["confident"], found(english)) == (False, [("english-only", "en"), ("end-it", "es")])
    # an article already shown in Spanish is not shown again in English
    again = searchers.search("contrato cancelling", lang="es", at=AT, audience="freelancer")
    assert [r["id"] for r in again["results"]].count("end-it") == 1


def test_a_quoted_phrase_with_a_stop_word_inside_finds_it(searchers):
    # the translation says "cancelar el contrato": searched as the phrase "cancel contrat"
    result = searchers.search('"cancelar el contrato"', lang="es", at=AT, audience="freelancer")
    assert (found(result), result["total"]) == ([("end-it", "es")], 1)
    # words of the text that are not next to each other are not the phrase ("terminar un contrato, cancelar")
    assert searchers.search('"terminar el cancelar"', lang="es", at=AT, audience="freelancer")["total"] == 0


def test_english_searches_never_fall_back(searchers):
    result = searchers.search("cancelar", at=AT)
    assert (result["lang"], result["fallback_lang"], result["results"]) == ("en", None, [])


def test_words_of_another_language_name_the_language_that_answers_them(searchers):
    result = searchers.search("cómo cancelo un contrato", at=AT, audience="freelancer")
    assert (result["lang"], result["confident"], result["suggested_lang"]) == ("en", False, "es")
    # an answer in the language searched, or none in any: nothing to suggest
    assert searchers.search("tax forms", at=AT)["suggested_lang"] is None
    assert searchers.search("delete my account", at=AT)["suggested_lang"] is None
    # the visitor's filters hold there too: "facturas exclusivas" is for clients only
    assert searchers.search("facturas exclusivas", at=AT, audience="client")["suggested_lang"] == "es"
    assert searchers.search("facturas exclusivas", at=AT, audience="freelancer")["suggested_lang"] is None
    # what is not published in Spanish is no reason to suggest Spanish
    for words in ("secreto", "borrador", "oferta futura", "caducada"):
        assert searchers.search(words, at=AT)["suggested_lang"] is None, words
    # a Spanish search is never sent to English: English results already follow its own
    assert searchers.search("tax forms", lang="es", at=AT)["suggested_lang"] is None


def test_another_language_is_searched_only_for_words_more_familiar_there(searchers, monkeypatch):
    spanish, english = searchers.searcher("es"), searchers.searcher("en")
    # (words as written in the language: articles, synonyms, common words; words only a stem matches)
    assert (english.familiarity("cómo cancelo un contrato"), spanish.familiarity("cómo cancelo un contrato")) == (
        (0, 0), (2, 1))
    assert (english.familiarity("error"), spanish.familiarity("error")) == ((1, 0), (1, 0))  # a word of both
    assert spanish.familiarity("cancelo") == (0, 1)  # only the stem of "cancelar"
    asked = []
    real = spanish.search
    monkeypatch.setattr(spanish, "search", lambda q, **kw: asked.append(q) or real(q, **kw))
    # English words without a confident answer, or words as English as Spanish: not searched in Spanish
    for words in ("delete my contract forever", "error", "cancelo"):
        result = searchers.search(words, at=AT)
        assert (result["confident"], result["suggested_lang"]) == (False, None), words
    assert asked == []
    first = searchers.search("cancelo mi contrato", at=AT, audience="freelancer")
    assert (first["suggested_lang"], asked) == ("es", ["cancelo mi contrato"])
    # asked again: the same answer, the same object (the API writes its JSON once per object), and
    # Spanish is not searched again
    assert searchers.search("cancelo mi contrato", at=AT, audience="freelancer") is first
    assert asked == ["cancelo mi contrato"]


def test_spanish_corrections_come_from_spanish_words(searchers):
    result = searchers.search("terminar contarto", lang="es", at=AT)
    assert (result["corrected_from"], result["query"]) == ("terminar contarto", "terminar contrato")
    # an English word is never "corrected" with an English word in a Spanish search
    assert searchers.search("contrct", lang="es", at=AT)["corrected_from"] is None
    assert searchers.search("contrct", at=AT)["corrected_from"] == "contrct"


def test_other_forms_of_an_indexed_word_are_not_typos_in_spanish(searchers):
    result = searchers.search("cancelaciones", lang="es", at=AT)
    assert (result["corrected_from"], result["suggestion"]) == (None, None)
    assert found(result)[0] == ("end-it", "es")


def test_an_unknown_language_is_a_query_error(searchers):
    with pytest.raises(QueryError, match=r"^lang: expected one of the help center's languages en, es, got 'fr'$"):
        searchers.search("contrat", lang="fr")
    with pytest.raises(QueryError, match=r"\(write it in lowercase: es\)$"):
        searchers.search("contrato", lang="ES")


def test_the_synonyms_of_a_language_are_its_own(release):
    synonyms = load_synonyms(release / "synonyms.yml", Problems())
    assert synonyms.for_language("es").lookup(("cancel", "contrat")) is not None
    assert synonyms.lookup(("cancel", "contrat")) is None and synonyms.lookup(("quit",)) is not None


# -- the real translations ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real(built_out):
    s = Searchers.for_release((built_out / "current").resolve())
    yield s
    s.close()


def _with_phrase(lang: str, phrase: str) -> set[str]:
    """The translations whose analysed text has the analysed ``phrase``, its words one after the other."""
    analyze, terms = for_language(lang).analyze, for_language(lang).analyze(phrase)
    found = set()
    for path in (CONTENT / "translations" / lang).glob("*.md"):
        text = analyze(path.read_text(encoding="utf-8"))
        if any(text[i:i + len(terms)] == terms for i in range(len(text))):
            found.add(path.stem)
    return found


@pytest.mark.parametrize("lang, phrase", [("es", "fondos del proyecto"), ("es", "periodo de seguridad"),
                                          ("fr", "contrat à l'heure"), ("fr", "période de sécurité")])
def test_quoted_phrases_of_the_translations_find_every_article_that_has_them(real, lang, phrase):
    result = real.search(f'"{phrase}"', lang=lang, limit=50)
    expected = _with_phrase(lang, phrase)
    assert len(expected) >= 2
    assert {r["id"] for r in result["results"] if r["lang"] == lang} == expected
    assert result["total"] == len(expected)


def test_a_synonym_phrase_with_stop_words_inside_matches_headings(built_out, tmp_path):
    """"contrat à l'heure" keeps "contrat heur" one word apart in the index, so the synonym finds the
    sections headed "Contrats à l'heure", where only "contrat horaire" was typed."""
    path = tmp_path / "synonyms.yml"
    path.write_text("synonyms: []\nlanguages:\n  fr:\n    - contrat horaire, contrat à l'heure\n", encoding="utf-8")
    searcher = Searcher((built_out / "current" / "index-fr").resolve(), load_synonyms(path, Problems()), lang="fr")
    try:
        result = searcher.search("contrat horaire", limit=3)
    finally:
        searcher.close()
    assert {(r["id"], r["section"]) for r in result["results"][:2]} == {
        ("end-a-contract", "Contrats à l'heure"), ("end-a-contract-as-a-client", "Contrats à l'heure")}
    for r in result["results"][:2]:
        assert {"query": "contrat horaire", "synonym": "contrat à l'heure"} in r["matched_synonyms"]


def test_a_correction_never_says_a_word_of_the_query_twice(searchers):
    # "contrati" alone is corrected to "contrato"; next to "contrato" that would search it twice
    alone = searchers.search("cancelar contrati", lang="es", at=AT)
    assert (alone["corrected_from"], alone["query"]) == ("cancelar contrati", "cancelar contrato")
    twice = searchers.search("contrato contrati", lang="es", at=AT)
    assert (twice["corrected_from"], twice["suggestion"], twice["query"]) == (None, None, "contrato contrati")


@pytest.mark.parametrize("lang, words", [("es", "hoja de horas"), ("es", "diario"), ("fr", "chèque")])
def test_common_words_of_the_language_are_never_corrected(real, lang, words):
    """"hoja" is in no Spanish article, but it is a Spanish word: not a typo of "hora"; "chèque" is none of "chaque"."""
    result = real.search(words, lang=lang)
    assert (result["query"], result["corrected_from"], result["suggestion"]) == (words, None, None)


@pytest.mark.parametrize("lang, typed, corrected", [("es", "terminar contarto", "terminar contrato"),
                                                    ("es", "reanudr contrato", "reanudar contrato"),
                                                    ("fr", "metre fin au contrat", "mettre fin au contrat")])
def test_typos_of_the_translated_languages_are_still_corrected(real, lang, typed, corrected):
    result = real.search(typed, lang=lang)
    assert (result["query"], result["corrected_from"]) == (corrected, typed)


def test_words_of_another_language_are_not_corrected_into_this_one(searchers):
    # "cómo cancelo mi contrato" on the English site was "corrected" to English words; the words
    # are searched as typed, and Spanish is offered.
    english = searchers.search("cancelo mi contrato", at=AT, audience="freelancer")
    assert (english["query"], english["corrected_from"], english["suggestion"], english["suggested_lang"]) == (
        "cancelo mi contrato", None, None, "es")
    # An English typo on the English site is still corrected.
    assert searchers.search("cancelling a contarct", at=AT)["corrected_from"] == "cancelling a contarct"
