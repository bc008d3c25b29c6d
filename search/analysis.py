"""Text analysis shared by the index, the synonym file and the query: one analyzer per language, used everywhere."""
from __future__ import annotations

import bisect
import re
import sys
import unicodedata

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, RegexTokenizer, StemFilter, Token
from whoosh.analysis import STOP_WORDS, StandardAnalyzer
from whoosh.lang import NoStopWords, has_stemmer, stemmer_for_language, stopwords_for_language, two_letter_code

from core import languages

# -- English -----------------------------------------------------------------------------------
# words | contractions and letter-digit codes | lowercase | stop words | Porter2 (Snowball English)
# stem. Synonym entries, queries and article text go through the same chain, so "refunds" in a
# query meets "refund" in an article. What the chain does beyond Whoosh's standard analyzer:
# - negations are kept: "not" is not a stop word, and "won't", "didn't", "cannot", "didnt" are
#   "not" ("the client didn't pay" is not "the client paid"); other contractions lose their
#   ending ("we're" -> "we", "client's" -> "client") instead of leaving "re" or "s" behind;
# - "us" is not a stop word ("non-US", "US tax forms");
# - letter-digit codes are one term however they are written: "W-9", "w 9" and "W9" are "w9",
#   "1099-K" is "1099k" (and, in the index, also "1099", so a search for "1099" finds it);
# - Porter2 rather than Porter: "submitted" -> "submit", not "submitt".
STEM = stemmer_for_language("english")
ENGLISH_STOP_WORDS = frozenset(STOP_WORDS - {"not", "us"})
_WORD_TOKEN = re.compile(r"\w+(?:\.\w+)*(?:['’]\w+)?", re.UNICODE)
_NEGATIVES = frozenset((
    "cannot", "cant", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "wont", "couldnt",
    "wouldnt", "shouldnt", "hasnt", "havent", "hadnt", "aint", "mustnt", "neednt", "shant"))
NEGATIVE_WORDS = _NEGATIVES  # each read as "not"
_DROPPED_ENDINGS = frozenset(("s", "re", "ve", "ll", "d", "m"))
_NOT_CODES = frozenset(("a", "i"))  # one-letter words: "a 5 day hold" is no code


def _joins(left: str, gap: str, right: str) -> bool:
    """Whether two neighbouring words are one letter-digit code: "W-9", "DS-160", "1099-K", "1099-NEC"
    (a hyphen), "w 9", "1099 k" (a space, beside a single letter that is not a word). "5-day" and
    "a 5" are not codes."""
    if gap == "-":
        if left.isalpha() and len(left) <= 3 and right[0].isdigit():
            return True
        return left.isdigit() and right.isalpha() and (len(right) == 1 or right.isupper())
    if gap == " ":
        if len(left) == 1 and left.isalpha() and left.lower() not in _NOT_CODES and right.isdigit():
            return True
        return left.isdigit() and len(right) == 1 and right.isalpha() and right.lower() not in _NOT_CODES
    return False


def _english_words(text: str):
    """(word, start, end) of each word of ``text`` before stop words and stemming: codes joined,
    contractions resolved (lowercase)."""
    matches = list(_WORD_TOKEN.finditer(text))
    i, n = 0, len(matches)
    while i < n:
        m = matches[i]
        word, start, end = m.group(), m.start(), m.end()
        i += 1
        # a code needs a digit on one side of the gap: checked first, as most words have none
        while i < n and (word[-1].isdigit() or matches[i].group()[0].isdigit()) \
                and "'" not in word and "\u2019" not in word:
            nxt = matches[i]
            if not _joins(word, text[end:nxt.start()], nxt.group()):
                break
            word, end = word + nxt.group(), nxt.end()
            i += 1
        word = word.lower()
        if word.isalnum():  # most words: no apostrophe, no dot
            yield ("not" if word in _NEGATIVES else word), start, end
            continue
        quote = max(word.find("'"), word.find("\u2019"))
        if quote > 0:
            base, ending = word[:quote], word[quote + 1:]
            if ending == "t" and base.endswith("n"):
                yield "not", start, end
            elif ending in _DROPPED_ENDINGS:
                yield base, start, start + quote
            else:
                yield base, start, start + quote
                yield ending, start + quote + 1, end
        elif word in _NEGATIVES:
            yield "not", start, end
        elif "." in word and not word.replace(".", "").isdigit():
            yield word.replace(".", ""), start, end  # "U.S." is "us", "e.g." "eg"; "2.5" stays
        else:
            yield word, start, end


def _english_terms(text: str, index: bool = False) -> list:
    """(term, start, end, extra) of each token: ``extra`` is an index-only second term at the same
    position (the number of a code: "1099" for "1099k"). A list, built in one loop: snippets
    analyse every shown section with it."""
    out = []
    append, stems, stops, stem = out.append, _STEMS, ENGLISH_STOP_WORDS, STEM
    for word, start, end in _english_words(text):
        if len(word) < 2 or word in stops:
            continue
        term = stems.get(word)
        if term is None:
            if len(stems) > 200_000:
                stems.clear()
            term = stems[word] = stem(word)
        append((term, start, end, False))
        if index and word[0].isdigit() and not word.isdigit():
            digits = word[:len(word) - len(word.lstrip("0123456789"))]
            if len(digits) >= 2:
                append((digits, start, end, True))
    return out


_STEMS: dict[str, str] = {}


class _TermsAnalyzer(Analyzer):
    """A Whoosh analyzer over ``terms(value, mode)``: (text, start, end, same_position) tuples, a
    term with ``same_position`` sharing the position of the one before it."""

    def terms(self, value: str, mode: str):
        raise NotImplementedError

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos - 1
        for term, start, end, same_position in self.terms(value, mode):
            if not same_position:
                pos += 1
            t.text, t.boost, t.stopped = term, 1.0, False
            if keeporiginal:
                t.original = value[start:end]
            if positions:
                t.pos = pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t

    def __eq__(self, other):
        return type(other) is type(self)

    def __hash__(self):
        return hash(type(self))


class EnglishAnalyzer(_TermsAnalyzer):
    """The English chain above as a Whoosh analyzer (the index fields'). Called by Whoosh with
    ``mode="index"`` when indexing (codes then add their number as a second term)."""

    def terms(self, value, mode):
        return _english_terms(value, mode == "index")


ANALYZER = EnglishAnalyzer()


class EnglishWordsAnalyzer(_TermsAnalyzer):
    """The unstemmed words of the English chain (stop words kept, codes joined, "didn't" as "not"),
    for the did-you-mean corrector: its suggestions must be real words, never "didn"."""

    def terms(self, value, mode):
        return ((word, start, end, False) for word, start, end in _english_words(value) if len(word) >= 2)


WORDS_ANALYZER = EnglishWordsAnalyzer()

# Common words of a language, which the corrector never changes ("like" is no typo of "line"
# because no article happens to say "like"; "hoja" is none of "hora"): the words seen at least
# COMMON_WORD_COUNT times in pyspellchecker's frequency list of that language (about 44,000 in
# English, 21,000 in Spanish, 32,000 in French; as written, accents included), read once per
# process and language when first needed. A language pyspellchecker has no list for has none.
COMMON_WORD_COUNT = ENGLISH_WORD_COUNT = 100
_COMMON_WORDS: dict[str, frozenset] = {}


_ORDERED_COMMON_WORDS: dict[str, list] = {}


def _common_words(lang: str) -> frozenset:
    """The common words of language ``lang``, read once per process and language."""
    found = _COMMON_WORDS.get(lang)
    if found is None:
        try:
            from spellchecker import SpellChecker
        except ImportError:  # an environment installed before the dependency was added
            print("search: pyspellchecker is not installed (run make install): common words "
                  "may be corrected to words of the articles", file=sys.stderr)
            found = frozenset()
        else:
            try:
                counts = SpellChecker(language=lang, distance=1).word_frequency.dictionary
            except ValueError:  # no list for this language
                counts = {}
            found = frozenset(w for w, n in counts.items() if n >= COMMON_WORD_COUNT and w.isalpha())
        found = _COMMON_WORDS.setdefault(lang, found)
    return found


def is_common_word(word: str, lang: str) -> bool:
    """Whether ``word`` (lowercase) is a common word of language ``lang``.

    >>> [is_common_word(w, "es") for w in ("hoja", "diario", "contarto", "reanudr")]
    [True, True, False, False]
    >>> [is_common_word(w, "fr") for w in ("feuille", "metre", "mettre")]
    [True, False, True]
    """
    return word in _common_words(lang)


def begins_a_common_word(prefix: str, lang: str) -> bool:
    """Whether ``prefix`` (lowercase) is the beginning of a longer common word of language ``lang``
    (the common words in order, sorted once per process and language).

    >>> begins_a_common_word("debi", "en"), begins_a_common_word("reembolso", "en")
    (True, False)
    """
    ordered = _ORDERED_COMMON_WORDS.get(lang)
    if ordered is None:
        ordered = _ORDERED_COMMON_WORDS.setdefault(lang, sorted(_common_words(lang)))
    at = bisect.bisect_right(ordered, prefix)
    return at < len(ordered) and ordered[at].startswith(prefix)


def is_english_word(word: str) -> bool:
    """Whether ``word`` (lowercase) is a common English word.

    >>> [is_english_word(w) for w in ("like", "stars", "hide", "cancle", "withdrawl", "resum")]
    [True, True, True, False, False, False]
    """
    return is_common_word(word, "en")

# The filler of a question that tells a situation: connectives and sentence adverbs ("but",
# "anyway", "actually"), quantifiers ("every", "only", "many", "all"), vague nouns ("thing", "stuff"),
# days relative to today ("yesterday", "ago"), "like" and "use" ("I'd like to", "can I use"), and
# the particles of phrasal verbs ("sort out", "turn off"), whose meaning is the verb's. They are
# never what the question is about, yet a small help center has them in a few articles, where
# they weighed as much as a specific word ("but" in 13 of 31 articles weighed 3, as "saturday"
# did): a document mentioning "but" and "only" outranked one matching what was asked, and
# "turn off notifications" was answered by a title with "off" in it ("Taking work off the
# platform"). "much" is no filler but after "how" (measure_positions), nor is "not". Measured on a held-out
# development set of 38 answerable questions and 7 gaps: precision@1 0.632 -> 0.684, gaps flagged
# 5 -> 7 of 7; the golden sets did not move (README, "Relevance"). "all" since 2026-12-02: "how to
# stop all the email notifications" (no article) was a confident answer through "stop" and "all"
# in "Pause a contract"; on the development set of the third held-out pair (README, "Relevance")
# gaps flagged 7 -> 8 of 10, nothing else moved.
SITUATION_WORDS = (
    "but", "though", "although", "anyway", "actually", "definitely", "maybe", "perhaps", "even",
    "ever", "again", "already", "now", "every", "each", "only", "other", "nothing", "many", "lot",
    "lots", "thing", "things", "stuff", "kind", "sort", "today", "yesterday", "ago", "like", "use",
    "out", "off", "all",
)

# Words that make a question a question ("how do I ...", "can my", "what happens if") but say
# nothing about the answer. They are skipped inside synonym phrases ("close my contract" is
# "close contract") and dropped from the query after synonym matching (so "get my money back"
# still matches as a phrase), but only when something else remains to search for; a word of a
# keyword or heading typed as written there stays ("where is my payment").
QUESTION_WORDS = frozenset(
    t for w in (
        "how", "what", "where", "why", "who", "which", "whom", "whose", "do", "does", "did", "done", "doing",
        "i", "im", "me", "my", "mine", "our", "ours", "could", "would", "should", "want", "wants",
        "need", "needs", "please", "there", "way", "ve", "ll", "am", "was", "were", "has", "had",
        "get", "got", "gotten", "someone", "something", "happen", "happens", "happened",
        "able", "possible", "help", "know", "tell", "anyone", "any",
        "some", "his", "her", "their", "them", "they", "he", "she", "him", "its", "than", "then",
        "about", "just", "still", "also", "so", "too", "very", "really",
        "ok", "okay", "hi", "hello", "thanks", "thank", "myself",
        # The filler of a told situation (see SITUATION_WORDS).
        *SITUATION_WORDS,
    ) for t, _, _, _ in _english_terms(w)
)


# "how long", "how much", "how often", "how soon", "how far": the second word asks for a measure
# and says nothing of what it is about ("how much commission" is about commission). It is a
# question word only right after "how" ("long pauses" is a heading) and only outside a keyword or
# heading typed as written ("how much does it cost" is a keyword of "Service fees"). Measured on
# the development set of the fourth held-out pair (README, "Relevance").
_MEASURE = re.compile(r"\bhow\s+(long|much|often|soon|far)\b", re.IGNORECASE)


def measure_positions(text: str) -> frozenset:
    """The positions, among ``analyze(text)``'s terms, of the measures asked for after "how".

    >>> text = "how much commission, how long... and how a long pause"
    >>> [analyze(text)[i] for i in sorted(measure_positions(text))]
    ['much', 'long']
    """
    starts = {m.start(1) for m in _MEASURE.finditer(text)}
    if not starts:
        return frozenset()
    return frozenset(i for i, (_, start, _, _) in enumerate(_english_terms(text)) if start in starts)


# Verbs whose object carries the meaning ("take", "give feedback", "make a payment"), in every
# form (Porter2 leaves "took", "made" as they are): matched as any word, but weighing no more than
# a word found in every article (searcher, LIGHT_WEIGHT). Not "keep": in "the freelancer keeps
# missing deadlines" it is matched by the section that answers it (tests/test_search_golden.py).
# Measured on the development set of the fourth held-out pair (README, "Relevance").
LIGHT_VERBS = frozenset(
    term for w in ("take", "took", "taken", "give", "gave", "given", "make", "made", "go", "went",
                   "gone", "put", "let", "come", "came", "bring", "brought")
    for term, _, _, _ in _english_terms(w)
)


def surface_words(text: str) -> list[str]:
    """The words of ``text`` as the English chain sees them before stop words and stemming
    (lowercase, codes joined, "didn't" as "not"): what a term of the index was made from.

    >>> surface_words("The client didn't rate the W-9")
    ['the', 'client', 'not', 'rate', 'the', 'w9']
    """
    return [w for w, _, _ in _english_words(text)]


def analyze(text: str) -> tuple[str, ...]:
    """The index terms of ``text``, in order (as a query: without the index-only second terms)."""
    return tuple(t for t, _, _, _ in _english_terms(text))


def analyze_with_chars(text: str):
    """(term, start char, end char) for each token of ``text``: the terms ``ANALYZER`` indexes
    (the second term of a code included, so a search for "1099" highlights "1099-K"); results
    re-read the shown sections' text for highlights."""
    return [(t, s, e) for t, s, e, _ in _english_terms(text, True)]


_TOKEN = re.compile(RegexTokenizer().expression.pattern, re.UNICODE)


def words(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in WORDS_ANALYZER(text))


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_ATTR = re.compile(r"\{\s*[#.][^}]*\}")
_MD_MARKS = re.compile(r"^[ \t]*(?:(?:#{1,6}|>|[-*+])[ \t]+)+", re.M)  # at a line's start only
# A numbered item's mark: at a line's start, where a list can begin (CommonMark: after a blank
# line or another item, or "1." anywhere); "31 January\n2027. After" wraps a sentence.
_MD_NUMBER = re.compile(r"^([ \t]*)(\d{1,9})[.)][ \t]+")
_MD_EMPH = re.compile(r"(\*\*|__|\*|`+|~~)")
_MD_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.M)
_MD_TABLE_CELL = re.compile(r"[ \t]*\|[ \t]*")
_SPACES = re.compile(r"\s+")
LETTERS = re.compile(r"[^\W\d_]+")  # a word of letters only, in any script (queries' words, as typed)


def markdown_to_text(markdown: str, *, proofs: bool = True) -> str:
    """Plain text of a Markdown fragment, for indexing and snippets. Raw HTML stays as text
    (snippets escape it) rather than being interpreted. Of the ```pycon blocks that prove a worked
    example (the page closes them under "How this was checked"), only what they print is text: the
    verified sentences ("Eligible time logged before the contract closed is still paid."), never
    their code (a snippet showed "print(consequence.sentence)"). ``proofs=False`` leaves the blocks
    out: they print English, which a translation's index and snippets must not show.

    >>> proof = "Paid **200.00**.\\n\\n```pycon\\n>>> for c in outcome:\\n...     print(c.sentence)\\nIt is paid.\\n```\\nAfter."
    >>> markdown_to_text(proof), markdown_to_text(proof, proofs=False)
    ('Paid 200.00. It is paid. After.', 'Paid 200.00. After.')
    >>> markdown_to_text("| Time | Hours |\\n| --- | ---: |\\n| Eligible | 5 |")
    'Time Hours Eligible 5'
    >>> markdown_to_text("## Fees\\n\\n> 1. The fee is 10. Clients pay 5.\\n  - until 31 January 2027.")
    'Fees The fee is 10. Clients pay 5. until 31 January 2027.'
    """
    text = _MD_LINK.sub(r"\1", _proofs_printed(markdown, keep=proofs))
    text = _MD_TABLE_CELL.sub(" ", _MD_TABLE_RULE.sub("", text))  # a table's cells, as words
    text = _MD_ATTR.sub(" ", text)
    text = _strip_numbers(_MD_MARKS.sub("", text))
    text = _MD_EMPH.sub("", text)
    return _SPACES.sub(" ", text).strip()


def _strip_numbers(text: str) -> str:
    """Numbered items' marks removed where a list can begin; a number a wrapped line starts with stays.

    >>> _strip_numbers("Steps:\\n\\n1. Open it.\\n2. Close it.\\n\\nIt runs until 31 January\\n2027. After that.")
    'Steps:\\n\\nOpen it.\\nClose it.\\n\\nIt runs until 31 January\\n2027. After that.'
    """
    lines, out, in_list = text.split("\n"), [], False
    for i, line in enumerate(lines):
        m = _MD_NUMBER.match(line)
        starts = m is not None and (m.group(2) == "1" or in_list or i == 0 or not lines[i - 1].strip())
        if starts:
            line = m.group(1) + line[m.end():]
        in_list = starts or (in_list and line.strip() != "")  # an item's lines go on to a blank line
        out.append(line)
    return "\n".join(out)


def _proofs_printed(markdown: str, *, keep: bool) -> str:
    """``markdown`` with its proofs' fences, prompts (>>>, ...) and code left out, and what they
    print kept when ``keep``."""
    if "```pycon" not in markdown:
        return markdown
    from core.articles import proof_mask

    lines = markdown.split("\n")
    return "\n".join(line for line, proof in zip(lines, proof_mask(lines))
                     if not proof or (keep and not line.lstrip().startswith((">>>", "...", "```"))))


# -- other languages ---------------------------------------------------------------------------
# English keeps the chain above, unchanged. Every other language: tokenize | lowercase | that
# language's stop words (as written and without accents) | its Snowball stemmer | fold accents.
# Stemming sees the words as written (Snowball's suffixes carry accents: "cancelación" ->
# "cancel"); the terms are folded so that "como cancelo" and "cómo cancelo" meet. A word typed
# without its accents ("cancelacion") is re-spelled from the index's own vocabulary before it is
# analysed (``Respelled``), so it stems as the accented word does.

SOURCE_LANGUAGE = languages.ENGLISH.code
# Bump when the analysis of the other languages changes: their indexes are then rebuilt in full.
LANGUAGE_ANALYSIS_VERSION = 2  # 2: positions skip stop words


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
    with or without their accents ("cómo", "como"). The words kept are numbered one after the
    other, as in the English chain: a phrase is searched without its stop words ("fondos del
    proyecto" is "fond proyect"), so the index must not leave a gap where they were."""

    def __init__(self, stoplist):
        self.stops = frozenset(fold(w) for w in stoplist)

    def __call__(self, tokens):
        stops, pos = self.stops, None
        for t in tokens:
            if t.positions and pos is None:
                pos = t.pos  # the first word's position: where the field (or value) starts
            if len(t.text) >= 2 and fold(t.text) not in stops:
                if t.positions:
                    t.pos = pos
                    pos += 1
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
        self.light_verbs = frozenset()

    def __repr__(self) -> str:
        return f"LanguageAnalysis({self.code!r})"

    def analyze(self, text: str) -> tuple[str, ...]:
        return tuple(t.text for t in self.analyzer(text))

    def measure_positions(self, text: str) -> frozenset:
        """Always empty: these languages ask for a measure with a word of its own ("cuánto", "combien")."""
        return frozenset()

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
    light_verbs = LIGHT_VERBS

    def __repr__(self) -> str:
        return "LanguageAnalysis('en')"

    @staticmethod
    def analyze(text):
        return analyze(text)

    @staticmethod
    def measure_positions(text):
        return measure_positions(text)

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
        self.code, self.question_words, self.light_verbs = base.code, base.question_words, base.light_verbs
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

    def measure_positions(self, text):
        return self.base.measure_positions(self.respell(text))

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


# Changes to Whoosh's (Snowball's) stop lists: words that are content in a help center ("fuera":
# outside, "estado": status) are searched; forms the list forgot are not.
_STOP_KEPT = {"es": {"fuera", "estado", "estados", "sentido", "sentidos"}}
_STOP_ADDED = {"es": {"unas", "después"},  # "antes" is listed: "después" too
               "fr": {"les"}}  # "le" and "la" are listed, their plural is not


def _stop_words(code: str):
    try:
        listed = stopwords_for_language(code)
    except NoStopWords:
        listed = ()
    return (set(listed) - _STOP_KEPT.get(code, set())) | _STOP_ADDED.get(code, set())


def known_languages() -> tuple[str, ...]:
    """The codes of every language search can analyse (``core.languages``), the source language first."""
    return (SOURCE_LANGUAGE, *(code for code in languages.KNOWN if code != SOURCE_LANGUAGE))


def stemmer_of(code: str) -> str | None:
    known = languages.KNOWN.get(code)
    return known.stemmer if known else None


def for_language(code: str):
    """The analysis of language ``code`` (one object per language and process)."""
    found = _ANALYSES.get(code)
    if found is None:
        found = _ANALYSES[code] = LanguageAnalysis(code, stemmer_of(code))
    return found
