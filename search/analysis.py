"""Text analysis shared by the index, the synonym file and the query: one analyzer, used everywhere."""
from __future__ import annotations

import re

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.analysis import STOP_WORDS, StandardAnalyzer
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
