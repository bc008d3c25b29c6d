"""The search of a release in every language it was built in: one ``Searcher`` per language index,
and the source language's results after a search that found no confident answer in its own.

    response = Searchers.for_release(release).search("cómo cancelo un contrato", lang="es")

Every response and every result says its language (``lang``). When the language asked for has no
confident answer (``confident`` false, see ``searcher.is_confident``), the source language's
results for the same words follow its own, each labelled ``"lang": "en"``, and the response
says ``"fallback_lang": "en"``: at most ``limit`` results in all, the source language taking up
to half of them (more when the language found fewer, and at least one), never an article already
shown in the language asked for. A result whose article is translated is shown as its page in the
language asked for (``Searcher.page_of``): "refund" on the Spanish site leads to the Spanish page
of "Request a refund"; ``fallback_lang`` stays null when no English result is left. ``confident``,
``suggestion`` and ``corrected_from`` stay those of the language asked for (a Spanish search with
only English answers is a Spanish gap), but for the English words' confident answer shown first as
its translated page: that search is answered in Spanish. ``total`` is the larger of the two
languages' (the search results page lists both). The
fallback searches the words as typed (no correction: an English correction of Spanish words
would be noise) and is never run for the source language itself.

Words typed in another language than the one searched ("cómo cancelo un contrato" on the English
site) find nothing confident in it, or only a correction into it ("contrato" corrected to
"contract"). Then the languages whose words they are more than those of the language searched and
of the source language (``Searcher.familiarity``) are searched for the words as typed, and the
first with a confident answer is named in ``"suggested_lang"`` (else it is null), so the reader
can be offered that language's search. English words on the Spanish site are not sent elsewhere:
the English results already follow.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path

from core import languages
from core.memo import TextMemo
from core.problems import Problems

from .analysis import LETTERS, SOURCE_LANGUAGE, fold, for_language
from .index import language_indexes
from .query import QueryError
from .searcher import DEFAULT_LIMIT, Searcher
from .synonyms import load_synonyms


# Queries whose bridge look-ups are kept, per language, by their characters (about 4,000 of 250).
BRIDGED_MEMO_CHARS = 1024 * 1024

_LAST_WORD = re.compile(rf"({LETTERS.pattern})\W*$")


def _complete_words(q: str, searcher: Searcher) -> str:
    """``q`` without its last word when that may be half typed (the site's search box asks as the
    reader types): the language searched does not have it, and it begins a longer word of its
    articles ("ver" of "verify", "debi" of "debit"). A query ending in a space is complete.

    >>> class Articles:  # have "verify" and "debit"
    ...     knows = staticmethod(lambda w: w in ("direct", "verify", "debit"))
    ...     begins_a_word = staticmethod(lambda w: any(a.startswith(w) and a != w for a in ("verify", "debit")))
    >>> [_complete_words(q, Articles) for q in ("ver", "direct debi", "direct debi ", "reembolso", "ver?")]
    ['', 'direct', 'direct debi ', 'reembolso', '']
    """
    if not q or q[-1].isspace():
        return q
    last = _LAST_WORD.search(q)
    if last is None:
        return q
    word = last.group(1).lower()
    if searcher.knows(word) or not searcher.begins_a_word(word):
        return q
    return q[:last.start()].rstrip()


class Searchers:
    """The searchers of one release, by language, opened on first use (one per process)."""

    def __init__(self, indexes: dict[str, Path], synonyms, **settings):
        if SOURCE_LANGUAGE not in indexes:
            raise FileNotFoundError(f"no {SOURCE_LANGUAGE} search index among {', '.join(indexes) or 'none'}")
        self.indexes = dict(indexes)
        self.synonyms = synonyms
        self.settings = settings
        self._open: dict[str, Searcher] = {}
        self._lock = threading.Lock()
        # Answers made from answers, kept by ``_same``: (the ids of what each is made from) -> (those, it).
        self._combined: dict = {}  # the language's answer and the fallback's -> the combined answer
        self._suggested: dict = {}  # an answer -> it with its suggested_lang
        self._uncorrected: dict = {}  # a corrected answer -> it, or the words as typed when they are another language's
        self._bridged: dict = {}  # an answer and the English one -> it with the bridged article
        self._bridged_memos: dict = {}  # language -> query -> the English words its bridges lead to
        # A server opens (and warms) every language now, so no visitor waits for it; a command
        # (warm=False) opens only the languages it searches.
        for lang in (self.indexes if settings.get("warm", True) else (SOURCE_LANGUAGE,)):
            self.searcher(lang)

    @classmethod
    def for_release(cls, release_path: Path, **settings) -> "Searchers":
        """Every language index of a built release (``index``, ``index-<code>``), with its synonyms."""
        release_path = Path(release_path)
        synonyms = load_synonyms(release_path / "synonyms.yml", Problems())
        return cls(language_indexes(release_path), synonyms, **settings)

    @property
    def languages(self) -> tuple[str, ...]:
        """The language codes searchable in this release, the source language first."""
        return tuple(self.indexes)

    def searcher(self, lang: str) -> Searcher:
        found = self._open.get(lang)
        if found is None:
            if lang not in self.indexes:
                hint = languages.hint(lang) if isinstance(lang, str) else ""
                raise QueryError(f"lang: expected one of the help center's languages {', '.join(self.indexes)}, "
                                 f"got {lang!r}{hint}")
            with self._lock:
                found = self._open.get(lang)
                if found is None:
                    found = self._open[lang] = Searcher(self.indexes[lang], self.synonyms, lang=lang, **self.settings)
        return found

    def close(self) -> None:
        with self._lock:
            searchers, self._open = list(self._open.values()), {}
        for s in searchers:
            s.close()

    def search(self, q: str, *, lang: str | None = None, audience=None, country=None, usertype=None, at=None,
               limit=None, correct: bool | None = None) -> dict:
        """Results for ``q`` in language ``lang`` (default: the source language), with the source
        language's results after them when ``lang`` has no confident answer (see the module)."""
        lang = SOURCE_LANGUAGE if lang is None else lang
        if not isinstance(lang, str):
            raise QueryError(f"lang: expected a language code like {SOURCE_LANGUAGE}, got {lang!r}")
        visitor = dict(audience=audience, country=country, usertype=usertype, at=at, limit=limit)
        bridged = self._bridged_words(q, lang) if lang != SOURCE_LANGUAGE else []
        # Words an editor bridged are no typos ("autenticación de dos factores" was "dos facturas").
        found = self.searcher(lang).search(q, correct=False if bridged else correct, **visitor)
        if found["corrected_from"]:
            # Words of another language are no typos of this one's ("cómo termino un contrato" was
            # shown as "cómo termino un contract"; "two-step verification" on the Spanish site as
            # "two-step verificación"): searched as typed, with no suggestion; that language is
            # offered or follows below. Decided once per answer.
            corrected = found
            found = self._same(self._uncorrected, (corrected,), lambda: dict(
                self.searcher(lang).search(q, correct=False, **visitor), suggestion=None)
                if self._foreign(q, lang) else corrected)
        if lang == SOURCE_LANGUAGE and found["query"] and not found["confident"]:
            # Another language's bridged words typed on the English site ("impuestos"): looked for
            # only when the English words have no confident answer.
            bridged = self._bridged_words(q, lang)
        found = self._bridge(found, bridged, lang, visitor)
        if not found["query"] or (found["confident"] and not found["corrected_from"]):
            return found
        if lang != SOURCE_LANGUAGE and not found["confident"]:
            english = self.searcher(SOURCE_LANGUAGE).search(q, correct=False, **visitor)
            # Words that read as English ("two-step verification" on the French site): its answers first.
            found = self._combine(found, english, limit, lambda: self._foreign(q, lang, among=(SOURCE_LANGUAGE,)))
        # Looked at the other languages once per answer.
        def suggested():
            other = self._written_in(q, lang, visitor)
            return dict(found, suggested_lang=other) if other else found

        return self._same(self._suggested, (found,), suggested)

    @staticmethod
    def _same(cache: dict, answers: tuple, make):
        """``make()`` once for the same ``answers`` (by identity), then the same object again: a
        repeated search returns the same object as before (the API writes its JSON once per object,
        see helpcenter/api/search.py). Each cache holds at most 4,096 answers."""
        key = tuple(id(a) for a in answers)
        cached = cache.get(key)
        if cached is not None and all(a is b for a, b in zip(cached[0], answers)):
            return cached[1]
        made = make()
        if len(cache) >= 4096:
            cache.clear()
        cache[key] = (answers, made)
        return made

    def _written_in(self, q: str, lang: str, visitor: dict) -> str | None:
        """The other language ``q`` is written in, when it has a confident answer there: one that
        has at least one of its words as written, and whose words are more familiar there
        (``Searcher.familiarity``: a word as written counts twice, one matching a stem once) than in
        ``lang`` and in the source language ("error" is English as much as Spanish: no other
        language; a word known only by its stem, such as "tarifas" to French or a half-typed "pag",
        is not enough, nor the last word when it may be half typed: see ``_complete_words``), the
        most familiar first."""
        familiar, score = self._familiarity(q, lang)
        floor = max(score[lang], score[SOURCE_LANGUAGE])
        candidates = sorted((code for code in self.languages if score[code] > floor and familiar[code][0]),
                            key=lambda code: -score[code])
        for code in candidates:
            if self.searcher(code).search(q, correct=False, **visitor)["confident"]:
                return code
        return None

    def _familiarity(self, q: str, lang: str) -> tuple[dict, dict]:
        """Per language, ((words as written, words by stem), score): how much ``q`` (without a last
        word that may be half typed) reads as each language (``Searcher.familiarity``; a word as
        written counts twice)."""
        words = _complete_words(q, self.searcher(lang))
        familiar = {code: self.searcher(code).familiarity(words) for code in self.languages}
        return familiar, {code: 2 * written + stem for code, (written, stem) in familiar.items()}

    def _foreign(self, q: str, lang: str, among=None) -> bool:
        """Whether ``q`` reads more as another language of the help center (of ``among``, default
        any) than as ``lang``: one that has some of its words as written, and more of them than ``lang``."""
        familiar, score = self._familiarity(q, lang)
        return any(familiar[code][0] and score[code] > score[lang]
                   for code in (among or self.languages) if code != lang)

    def _bridged_words(self, q: str, lang: str) -> list[str]:
        """The English words ``bridges:`` lines of ``lang`` lead words of ``q`` to, longest first; on
        the source language's site, those of the first other language whose lines lead some of them
        ("impuestos" typed on the English site, by a Spanish reader, leads to the US tax article)."""
        if lang == SOURCE_LANGUAGE:
            return next((words for code in self.languages if code != SOURCE_LANGUAGE
                         for words in [self._bridged_words(q, code)] if words), [])
        if not self.synonyms.bridges.get(lang):
            return []
        # Every bridge line is tried at every place of the query: kept per query (the same searches
        # come back again and again, as their cached results do).
        memo = self._bridged_memos.get(lang)
        if memo is None:
            memo = self._bridged_memos[lang] = TextMemo(lambda text: self._bridged_in(text, lang), BRIDGED_MEMO_CHARS)
        return memo(q)

    def _bridged_in(self, q: str, lang: str) -> list[str]:
        analyze = for_language(lang).analyze  # as the lines were analysed (not respelled by one index's words)
        return self.synonyms.bridged(lang, tuple(analyze(q)), tuple(analyze(fold(q))))

    def _bridge(self, found: dict, words: list[str], lang: str, visitor: dict) -> dict:
        """``found`` with the English article a ``bridges:`` line of ``lang`` names for words of
        ``q`` ("impuestos => tax form" on the Spanish site: "US tax information", in English, which
        no Spanish word of any article finds), when the English words find it confidently: first,
        or second after a confident answer in the language itself; else ``found`` as it is.
        ``total``, ``confident`` and the rest stay the language's own."""
        if not words or not found["query"]:
            return found
        english = self.searcher(SOURCE_LANGUAGE).search(words[0], correct=False, **visitor)
        if not english["confident"] or not english["results"]:
            return found
        if lang != SOURCE_LANGUAGE and self.searcher(lang).has_article(english["results"][0]["id"]):
            return found  # translated: the language's own words find it, never its English page instead
        def bridged():
            # Its matched synonyms are the English words' ("'tax form' found as 'w9'"), not the reader's.
            lead = dict(english["results"][0], matched_synonyms=[])
            rest = [r for r in found["results"] if r["id"] != lead["id"]]
            at = 1 if found["confident"] and rest else 0
            limit = visitor.get("limit") or DEFAULT_LIMIT
            return dict(found, results=[*rest[:at], lead, *rest[at:]][:limit],
                        fallback_lang=english["lang"] if lang != SOURCE_LANGUAGE else found["fallback_lang"])

        return self._same(self._bridged, (found, english), bridged)

    def _combine(self, found: dict, source: dict, limit, first=lambda: False) -> dict:
        """``found`` with the source language's results after its own (before them when ``first()``,
        asked once per answer); a result whose article is translated shows its page in the
        language searched (``Searcher.page_of``), and ``fallback_lang`` is set only when results
        in the source language remain. ``confident`` becomes true when the first result is the
        translated page of the source language's confident answer, and ``total`` is the larger of
        the two languages' (the page of every match lists them both)."""
        def combined():
            shown = {r["id"] for r in found["results"]}
            own_searcher = self.searcher(found["lang"])
            extra = [own_searcher.page_of(r) or r for r in source["results"] if r["id"] not in shown]
            if not extra:
                return found
            most = limit or DEFAULT_LIMIT
            # The source language takes up to half of the list, more when the language found fewer.
            take = min(len(extra), max(most - len(found["results"]), most // 2, 1))
            own = found["results"][: most - take]
            english_first = first()
            results = extra[:take] + own if english_first else own + extra[:take]
            fallback = source["lang"] if any(r["lang"] == source["lang"] for r in extra[:take]) else None
            # The English words' confident answer, translated, shown first: answered in the language
            # ("refund" on the Spanish site is "Pedir un reembolso"), no gap of it.
            answered = english_first and source["confident"] and results[0]["lang"] == found["lang"] \
                and results[0]["id"] == source["results"][0]["id"]
            # The articles matching, in either language (those of the language are translations).
            total = max(found["total"], source["total"])
            return dict(found, results=results, fallback_lang=fallback, total=total,
                        confident=found["confident"] or answered)

        return self._same(self._combined, (found, source), combined)
