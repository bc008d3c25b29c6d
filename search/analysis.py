"""Text analysis shared by the index, the synonym file and the query: one analyzer, used everywhere."""
from __future__ import annotations

import re

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.analysis import StandardAnalyzer
from whoosh.lang.porter import stem

# tokenize | lowercase | stop words | Porter stem. Synonym entries and queries go through the
# same chain as the article text, so "refunds" in a query meets "refund" in an article.
ANALYZER = RegexTokenizer() | LowercaseFilter() | StopFilter(minsize=2) | StemFilter(stemfn=stem, cachesize=50000)

# Unstemmed words, for the did-you-mean corrector: suggestions must be real words.
WORDS_ANALYZER = StandardAnalyzer(stoplist=None, minsize=2)

# Words that make a question a question ("how do I ...") but say nothing about the answer.
# Dropped from the query after synonym matching (so "get my money back" still matches as a
# phrase), and only when something else remains.
QUESTION_WORDS = frozenset(
    stem(w) for w in (
        "how", "what", "where", "why", "who", "which", "whom", "do", "does", "did", "done", "doing",
        "i", "im", "me", "my", "mine", "our", "ours", "could", "would", "should", "want", "wants",
        "need", "needs", "please", "there", "way", "ve", "ll", "am", "was", "were", "has", "had",
        "get", "someone", "something",
    )
)


def analyze(text: str) -> tuple[str, ...]:
    """The index terms of ``text``, in order."""
    return tuple(t.text for t in ANALYZER(text))


def analyze_with_chars(text: str):
    """(term, start char, end char) for each token of ``text``."""
    return [(t.text, t.startchar, t.endchar) for t in ANALYZER(text, chars=True)]


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
