"""Text analysis shared by the index, the synonym file and the query: one analyzer per language, used everywhere."""
from __future__ import annotations

import re
import unicodedata

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.analysis import STOP_WORDS, StandardAnalyzer
from whoosh.lang import NoStopWords, has_stemmer, stemmer_for_language, stopwords_for_language, two_letter_code
from whoosh.lang.porter import stem

# tokenize | lowercase | stop words | Porter stem. Synonym entries and queries go through the
# same chain as the article text, so "refunds" in a query meets "refund" in an article.
ANALYZER = RegexTokenizer() | LowercaseFilter() | StopFilter(minsize=2) | StemFilter(stemfn=stem, cachesize=50000)

# Unstemmed words, for the did-you-mean corrector: suggestions must be real words.
WORDS_ANALYZER = StandardAnalyzer(stoplist=None, minsize=2)

# Words that make a question a question ("how do I ...", "can my", "what happens if") but say
# nothing about the answer. They are skipped inside synonym phrases ("close my contract" is
# "close contract") and dropped from the query after synonym matching (so "get my money back"
# still matches as a phrase), but only when something else remains to search for.
QUESTION_WORDS = frozenset(
    stem(w) for w in (
        "how", "what", "where", "why", "who", "which", "whom", "whose", "do", "does", "did", "done", "doing",
        "i", "im", "me", "my", "mine", "our", "ours", "could", "would", "should", "want", "wants",
        "need", "needs", "please", "there", "way", "ve", "ll", "am", "was", "were", "has", "had",
        "get", "someone", "something", "happen", "happens", "happened", "won", "don", "doesn", "didn",
        "isn", "aren", "cant", "cannot", "able", "possible", "help", "know", "tell", "anyone", "any",
        "some", "his", "her", "their", "them", "they", "he", "she", "him", "its", "than", "then",
        "about", "just", "still", "also", "so", "too", "very", "really",
        "ok", "okay", "hi", "hello", "thanks", "thank", "myself",
    )
)
def analyze(text: str) -> tuple[str, ...]:
    """The index terms of ``text``, in order."""
    return tuple(t.text for t in ANALYZER(text))


def analyze_with_chars(text: str):
    """(term, start char, end char) for each token of ``text``: the same tokens as ``ANALYZER``
    (tests/test_search_snippets.py compares them), computed without Whoosh's token objects,
    which cost about ten times more; results re-read the shown sections' text for highlights."""
    out = []
    append, stems = out.append, _STEMS
    for m in _TOKEN.finditer(text):
        word = m.group().lower()
        if len(word) < 2 or word in STOP_WORDS:
            continue
        term = stems.get(word)
        if term is None:
            if len(stems) > 200_000:
                stems.clear()
            term = stems[word] = stem(word)
        append((term, m.start(), m.end()))
    return out


_TOKEN = re.compile(RegexTokenizer().expression.pattern, re.UNICODE)
_STEMS: dict[str, str] = {}


def words(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in WORDS_ANALYZER(text))


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_ATTR = re.compile(r"\{\s*[#.][^}]*\}")
_MD_MARKS = re.compile(r"(^|\s)(#{1,6}|>|[-*+]|\d+\.)\s+", re.M)
_MD_EMPH = re.compile(r"(\*\*|__|\*|`+|~~)")
_SPACES = re.compile(r"\s+")


def markdown_to_text(markdown: str) -> str:
    """Plain text of a Markdown fragment, for indexing and snippets. Raw HTML stays as text
    (snippets escape it) rather than being interpreted."""
    text = _MD_LINK.sub(r"\1", markdown)
    text = _MD_ATTR.sub(" ", text)
    text = _MD_MARKS.sub(r"\1", text)
    text = _MD_EMPH.sub("", text)
    return _SPACES.sub(" ", text).strip()


# -- other languages ---------------------------------------------------------------------------
# English keeps the chain above, unchanged. Every other language: tokenize | lowercase | that
# language's stop words (as written and without accents) | its Snowball stemmer | fold accents.
# Stemming sees the words as written (Snowball's suffixes carry accents: "cancelación" ->
# "cancel"); the terms are folded so that "como cancelo" and "cómo cancelo" meet. A word typed
# without its accents ("cancelacion") is re-spelled from the index's own vocabulary before it is
# analysed (``Respelled``), so it stems as the accented word does.

SOURCE_LANGUAGE = "en"
# Until content/languages.yml and core.languages exist, the languages search knows: code -> the
# Whoosh (Snowball) stemmer's name. The one place this list is written.
FALLBACK_LANGUAGES = {"en": "english", "es": "spanish", "fr": "french"}


def fold(text: str) -> str:
    """``text`` without accents and with ligatures spelled out: "Cómo anulé l'œuvre" ->
    "Como anule l'oeuvre". Lowercase text stays lowercase.

    >>> fold("Cómo anulé l'œuvre"), fold("año")
    ("Como anule l'oeuvre", 'ano')
    """
    if text.isascii():
        return text
    text = text.translate(_LIGATURES)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


class FoldFilter(Filter):
    """Whoosh filter: accents folded (see ``fold``)."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


class FoldedStopFilter(Filter):
    """Whoosh filter: drops words shorter than 2 letters and the stop words (``stoplist``, folded),
    with or without their accents ("cómo", "como")."""

    def __init__(self, stoplist):
        self.stops = frozenset(fold(w) for w in stoplist)

    def __call__(self, tokens):
        stops = self.stops
        for t in tokens:
            if len(t.text) >= 2 and fold(t.text) not in stops:
                yield t


# Question words and filler per language, as typed (analysed when used; the unaccented spelling
# counts too): like QUESTION_WORDS for English. The languages' own stop words go before these.
_QUESTION_WORDS = {
    "es": (
        "cómo", "qué", "cuál", "cuáles", "dónde", "cuándo", "cuánto", "cuánta", "cuántos", "cuántas",
        "quién", "quiénes", "porqué", "puedo", "puede", "pueden", "podemos", "podría", "hago", "hace",
        "quiero", "quisiera", "necesito", "debo", "debería", "alguien", "algo", "hola",
        "gracias", "favor", "ayuda", "ayudar", "saber", "pasa", "ocurre", "sucede",
        "si", "manera", "forma", "posible", "usted", "ustedes", "vez", "ahora", "aún", "todavía",
    ),
    "fr": (
        "comment", "pourquoi", "quand", "quoi", "quel", "quelle", "quels", "quelles", "où", "combien",
        "puis", "peux", "peut", "pouvez", "pourrais", "dois", "doit", "veux", "voudrais", "besoin",
        "faut", "quelqu", "quelqu'un", "bonjour", "merci", "aide", "aider", "svp", "savoir", "passe",
        "arrive", "possible", "faire", "moyen", "façon", "ça", "cela", "ceci", "si",
        "maintenant", "encore", "déjà", "alors",
    ),
}


class LanguageAnalysis:
    """The analysis of one language, as every part of search uses it: the index fields' analyzer,
    the unstemmed words for did-you-mean (accents kept), question words, and the same terms with
    their characters (snippets)."""

    def __init__(self, code: str, stemmer: str | None):
        self.code = code
        self.stop_words = frozenset(fold(w) for w in _stop_words(code))
        self.stem = stemmer_for_language(stemmer) if stemmer and has_stemmer(stemmer) else None
        chain = RegexTokenizer() | LowercaseFilter() | FoldedStopFilter(self.stop_words)
        if self.stem:
            chain = chain | StemFilter(lang=two_letter_code(stemmer), cachesize=50000)
        self.analyzer = chain | FoldFilter()
        self.words_analyzer = StandardAnalyzer(stoplist=None, minsize=2)
        self._stems: dict[str, str] = {}
        self.question_words = frozenset(
            t for w in _QUESTION_WORDS.get(code, ()) for t in (*self.analyze(w), *self.analyze(fold(w))))

    def __repr__(self) -> str:
        return f"LanguageAnalysis({self.code!r})"

    def analyze(self, text: str) -> tuple[str, ...]:
        return tuple(t.text for t in self.analyzer(text))

    def words(self, text: str) -> tuple[str, ...]:
        return tuple(t.text for t in self.words_analyzer(text))

    def analyze_with_chars(self, text: str):
        """(term, start, end) per token: the same terms as ``analyze`` (tested), faster."""
        out = []
        append, stems, stop, stem = out.append, self._stems, self.stop_words, self.stem
        for m in _TOKEN.finditer(text):
            word = m.group().lower()
            term = stems.get(word)
            if term is None:
                if len(stems) > 200_000:
                    stems.clear()
                term = stems[word] = "" if len(word) < 2 or fold(word) in stop else fold(stem(word) if stem else word)
            if not term:
                continue
            append((term, m.start(), m.end()))
        return out


class _English:
    """English as a ``LanguageAnalysis``: the chain, functions and question words above."""

    code = SOURCE_LANGUAGE
    analyzer = ANALYZER
    words_analyzer = WORDS_ANALYZER
    question_words = QUESTION_WORDS

    def __repr__(self) -> str:
        return "LanguageAnalysis('en')"

    @staticmethod
    def analyze(text):
        return analyze(text)

    @staticmethod
    def words(text):
        return words(text)

    @staticmethod
    def analyze_with_chars(text):
        return analyze_with_chars(text)


class Respelled:
    """A language's analysis for queries against one index: a word typed without the accents it
    has in the index's vocabulary (``spellings``: folded word -> the word as the articles write
    it; only words not found as typed) is analysed as written there."""

    def __init__(self, base, spellings: dict[str, str]):
        self.base, self.spellings = base, spellings
        self.code, self.question_words = base.code, base.question_words
        self.analyzer, self.words_analyzer = base.analyzer, base.words_analyzer

    def __repr__(self) -> str:
        return f"Respelled({self.base!r}, {len(self.spellings)} spellings)"

    def respell(self, text: str) -> str:
        spellings = self.spellings
        if not spellings:
            return text
        return _WORD.sub(lambda m: spellings.get(m.group().lower(), m.group()), text)

    def analyze(self, text):
        return self.base.analyze(self.respell(text))

    def words(self, text):
        return self.base.words(self.respell(text))

    def analyze_with_chars(self, text):
        return self.base.analyze_with_chars(text)


_WORD = re.compile(r"\w+", re.UNICODE)


def spellings(vocabulary) -> dict[str, str]:
    """{folded word: its accented spelling} for the ``(word, frequency)`` pairs of an index's
    vocabulary: the most frequent spelling, for words whose folded form is not a word of the
    vocabulary itself ("facture" stays "facture" though "facturé" exists).

    >>> spellings([("cancelación", 4), ("facture", 2), ("facturé", 1), ("pagó", 1), ("pago", 3)])
    {'cancelacion': 'cancelación'}
    """
    vocabulary = list(vocabulary)
    plain = {w for w, _ in vocabulary if w.isascii()}
    best: dict[str, tuple[int, str]] = {}
    for word, frequency in vocabulary:
        if word.isascii():
            continue
        folded = fold(word)
        if folded in plain:
            continue
        if folded not in best or frequency > best[folded][0]:
            best[folded] = (frequency, word)
    return {folded: word for folded, (_, word) in sorted(best.items())}


ENGLISH = _English()
_ANALYSES: dict[str, object] = {SOURCE_LANGUAGE: ENGLISH}


def _stop_words(code: str):
    try:
        return stopwords_for_language(code)
    except NoStopWords:
        return ()


def known_languages() -> tuple[str, ...]:
    """The codes of every language search can analyse, the source language first."""
    return tuple(FALLBACK_LANGUAGES)


def stemmer_of(code: str) -> str | None:
    return FALLBACK_LANGUAGES.get(code)


def for_language(code: str):
    """The analysis of language ``code`` (one object per language and process)."""
    found = _ANALYSES.get(code)
    if found is None:
        found = _ANALYSES[code] = LanguageAnalysis(code, stemmer_of(code))
    return found
