"""Searching a built index: filters, concept coverage ranking, corrections, confidence,
one result per article, snippets, caching.

One ``Searcher`` per process and release: it keeps one Whoosh searcher open (warm), caches
filter document sets per targeting value and per window "bucket", and caches whole results.

Ranking: each of the query's concepts (a word, a synonym group, a quoted phrase) is weighted by
how specific it is (``concept_weight``); a document's rank value (``RankKey``) holds the weight it
covers (a match in its title, keywords or heading counted twice), the weight in its title or
keywords, the concepts it matches, whether its article's title is the query's words, and BM25F.
Documents are ordered by ``blended``: the covered weight as a share of the query's, plus BM25F as a
share of the best candidate's. Every document that matches any concept is a candidate, so one weak
document matching every word never hides strong partial matches. Each article appears once, with
its best document (the article itself or one of its sections: DocSearch's one hit per page).

Speed notes (figures in bench/RESULTS.md): opening reads postings of the small fields, not the
stored documents (those are read for shown results only). Scores come from cached per-term
{document: BM25F score} dictionaries (read by ``postings.PostingsReader``) combined per concept
(also cached) and added per query, instead of walking Whoosh's matcher tree document by document.
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import itertools
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh import query as wq

from core.problems import Problems
from core.targeting import ALL, Visitor, now, to_moment, visitor_index_terms

from .analysis import LETTERS, SOURCE_LANGUAGE, Respelled, begins_a_common_word, for_language, is_common_word, spellings
from .index import TEXT_FIELDS, index_language, index_name, read_phrases, read_titles
from .postings import PostingsReader
from .query import MAX_CONCEPTS, Concept, ParsedQuery, QueryError, parse, replace_words, unquoted_words
from .snippets import contains_phrase, snippet
from .synonyms import EMPTY, Synonyms, load_synonyms

DEFAULT_LIMIT, MAX_LIMIT = 10, 50
TYPED_WEIGHT, SYNONYM_WEIGHT = 1.0, 0.7
# A half-typed last word (search.query.complete_last_word) is searched as the terms of at most
# MAX_COMPLETIONS of the words it begins, the most widespread, found among the first
# MAX_PREFIX_WORDS of the articles' words in alphabetical order.
MAX_COMPLETIONS, MAX_PREFIX_WORDS = 6, 400
PHRASE_SLOP = 2
# Where a synonym phrase is searched: the typed phrase everywhere, other variants only in the
# short fields (searching every variant as a body phrase costs 5-7x and adds little).
PHRASE_FIELDS = ("title", "keywords", "heading")
FIELD_BITS = {"title": 1, "keywords": 1, "heading": 2, "body": 4}
# One rank value per document (see Searcher._concept), an integer: BM25F in thousandths (below
# MAX_CONCEPT_SCORE per concept) in the lowest bits, and above it the sums RankKey reads, each in
# room no sum of MAX_CONCEPTS concepts can overflow. Each concept counts with its weight (1 to
# MAX_WEIGHT, see ``concept_weight``): a rare, specific word weighs more than a common one.
MAX_CONCEPT_SCORE = 500.0
SCORE_SCALE = 1000
MAX_WEIGHT = 63
EXACT_UNIT = 1 << 23  # > MAX_CONCEPTS * MAX_CONCEPT_SCORE * SCORE_SCALE
HEADING_UNIT = EXACT_UNIT << 1  # one EXACT unit: the article's title is the query's words
COUNT_UNIT = HEADING_UNIT << 10  # > MAX_CONCEPTS * MAX_WEIGHT
TITLE_UNIT = COUNT_UNIT << 4  # > MAX_CONCEPTS
COVER_UNIT = TITLE_UNIT << 10  # > MAX_CONCEPTS * MAX_WEIGHT; coverage < 2 * MAX_CONCEPTS * MAX_WEIGHT fits int64
# Coverage counts a concept's weight BODY_COVER times, HEADLINE_COVER times when the title, keywords
# or heading matched: a headline match counts twice one in passing, so "End a contract" (the title)
# is not outranked by a section that mentions "end" and "contract" and "early" for "end a contract
# early" (tests/test_search_golden.py).
BODY_COVER, HEADLINE_COVER = 1, 2
# How much more than its blend (``blended``) a document of the article whose title is the query's
# words gets: a quarter of one share ("pause contract": "Pause a contract" before "Resume a paused
# contract", whose title and keywords have both words too).
EXACT_SHARE = 0.25
# How much more a concept found in one article weighs than one found in every article: the weight
# is WEIGHT_SCALE times its inverse document frequency over articles (BM25's), at least 1. A word
# that no title, keywords or heading contains weighs at most PASSING_WEIGHT however rare it is
# ("another", "early" are rare in a small help center, and say nothing of what an article is about).
WEIGHT_SCALE = 4.0
PASSING_WEIGHT = 3
# A light verb ("take", "give", "make": ``search.analysis.LIGHT_VERBS``) weighs at most this: its
# object says what is asked ("how much commission do you take" is about commission, not about
# the article that says "take work off the platform").
LIGHT_WEIGHT = 1


def concept_weight(articles_matching: int, articles: int) -> int:
    """The weight of a concept found in ``articles_matching`` of ``articles`` articles.

    >>> [concept_weight(df, 40) for df in (1, 4, 10, 20, 40)]
    [13, 9, 5, 3, 1]
    >>> concept_weight(1, 100_000_000)
    63
    """
    idf = math.log(1 + (articles - articles_matching + 0.5) / (articles_matching + 0.5))
    return max(1, min(MAX_WEIGHT, round(WEIGHT_SCALE * idf)))


def _units(weight: int) -> np.ndarray:
    """The rank units of one concept of this weight by the fields it matched in (FIELD_BITS or-ed):
    COVER HEADLINE_COVER times its weight when the title, keywords or heading matched (else
    BODY_COVER times), TITLE its weight when the title or keywords matched, else HEADING its weight
    when the heading did; one COUNT."""
    return np.array([0 if not mask else
                     weight * (COVER_UNIT * (HEADLINE_COVER if mask & 3 else BODY_COVER)
                               + (TITLE_UNIT if mask & 1 else HEADING_UNIT if mask & 2 else 0)) + COUNT_UNIT
                     for mask in range(8)], dtype=np.int64)


@dataclass(frozen=True)
class RankKey:
    """What the rank value of a document is made of, highest bits first (``blended`` orders by the
    coverage, BM25F and exact parts). Sums are of the concepts' weights."""

    coverage: int  # the weight matched, plus the weight matched in the title, keywords or heading
    in_title: int  # concepts matched in its title or keywords
    concepts: int  # query concepts the document matches (a count)
    in_heading: int  # concepts matched in its section heading (and not in the title or keywords)
    exact: int  # 1 when its article's title is the query's words (as terms, in any order)
    score: float  # BM25F, summed over concepts

    @classmethod
    def of(cls, value: int) -> "RankKey":
        coverage, rest = divmod(int(value), COVER_UNIT)
        in_title, rest = divmod(rest, TITLE_UNIT)
        concepts, rest = divmod(rest, COUNT_UNIT)
        in_heading, rest = divmod(rest, HEADING_UNIT)
        exact, score = divmod(rest, EXACT_UNIT)
        return cls(coverage, in_title, concepts, in_heading, exact, score / SCORE_SCALE)

    @property
    def matched(self) -> int:
        """The weight of the concepts matched, wherever they matched."""
        return (self.coverage - (HEADLINE_COVER - BODY_COVER) * (self.in_title + self.in_heading)) // BODY_COVER


# When the best result is a confident answer (``is_confident``), calibrated on
# tests/golden_questions.yml: every question there that no article answers stays unconfident.
CONFIDENT_SHARE = (1, 2)  # at least half the query's weight matched by the best result
HEADLINE_SHARE = (1, 10)  # and a tenth of it in its title, keywords or section heading
SHORT_QUERY = 3  # a query of at most this many concepts: every one of them matched
# A long question (at least LONG_QUERY concepts ranked) tells its situation around what it asks: a
# third of its weight matched is enough, with a third of its concepts (one specific word an article
# has, "portfolio", is not an answer to a question about exporting messages). Calibrated on the
# golden sets and a held-out set of long questions: the best result of a question no article
# answers matched at most 0.26 of the weight; that of a real answer 0.29-0.49 and 0.36-0.70 of the
# concepts (those below a third of the weight stay unconfident).
LONG_QUERY = 5
LONG_SHARE = (1, 3)


def is_confident(key: RankKey | None, weights, unmatched) -> bool:
    """Whether the best result (``key``, its rank value read) answers a query whose concepts weigh
    ``weights`` (the ranking's weight of each concept it is ranked by; a concept found in no article
    weighs as such a rare concept does, see ``Searcher.confidence_weights``), ``unmatched`` being the
    weights of the concepts the best result does not match: the best result matches
    at least CONFIDENT_SHARE of the weight (LONG_SHARE of the weight and of the concepts for a
    question of at least LONG_QUERY concepts), HEADLINE_SHARE of it in its title, keywords or section
    heading (a document that only mentions the words in passing is a lead, not an answer), and every
    concept of a query of at most SHORT_QUERY concepts ("delete my account" is not answered by a
    section about deleting time entries) but those weighing LIGHT_WEIGHT (a light verb, or a word
    found in nearly every article: "how much commission do you take" is answered by "Service
    fees", which never says "take"). Searches without a confident answer count as gaps in the
    report even when they returned something.

    >>> key = RankKey.of  # coverage 12 = 9 matched + 3 of them in the title; 2 concepts
    >>> from search.searcher import COVER_UNIT as C, TITLE_UNIT as T, COUNT_UNIT as N
    >>> key(12 * C + 3 * T + 2 * N).matched
    9
    >>> is_confident(key(12 * C + 3 * T + 2 * N), [6, 3], []), is_confident(key(12 * C + 3 * T + 1 * N), [9, 3], [3])
    (True, False)
    >>> is_confident(key(9 * C + 0 * T + 2 * N), [6, 3], []), is_confident(None, [1], [])
    (False, False)
    >>> # a short query: every concept but those weighing LIGHT_WEIGHT
    >>> is_confident(key(12 * C + 6 * T + 1 * N), [6, 1], [1]), is_confident(key(12 * C + 6 * T + 1 * N), [6, 2], [2])
    (True, False)
    >>> is_confident(key(4 * C + 2 * T + 2 * N), [2, 1, 1], [2])  # the two light ones matched, not the other
    False
    >>> is_confident(key(12 * C + 3 * T + 4 * N), [6, 3, 3, 2], []), is_confident(key(12 * C + 3 * T + 4 * N), [6, 3, 8, 2], [])
    (True, False)
    >>> # five concepts: a third of the weight is enough (9 of 27), not less (9 of 28)
    >>> is_confident(key(12 * C + 3 * T + 4 * N), [6, 3, 3, 2, 13], []), is_confident(key(12 * C + 3 * T + 4 * N), [6, 3, 3, 2, 14], [])
    (True, False)
    >>> # and a third of the concepts: 4 of 12 are enough, not 3
    >>> is_confident(key(12 * C + 3 * T + 4 * N), [6, 3, 2, 1] + [1] * 8, []), is_confident(key(12 * C + 3 * T + 3 * N), [6, 3, 2, 1] + [1] * 8, [])
    (True, False)
    """
    if key is None or not weights:
        return False
    total = sum(weights)
    headline = key.in_title + key.in_heading
    matched = key.matched
    if len(weights) <= SHORT_QUERY and any(w > LIGHT_WEIGHT for w in unmatched):
        return False
    share = CONFIDENT_SHARE
    if len(weights) >= LONG_QUERY:
        if key.concepts * LONG_SHARE[1] < len(weights) * LONG_SHARE[0]:
            return False
        share = LONG_SHARE
    return (matched * share[1] >= total * share[0]
            and headline * HEADLINE_SHARE[1] >= total * HEADLINE_SHARE[0])


def blended(values: np.ndarray, weights: list) -> np.ndarray:
    """How documents are ordered, read off their rank values (``RankKey``) for a query whose
    concepts weigh ``weights`` (``Searcher.confidence_weights``): the document's coverage (the weight
    it matches, a match in its title, keywords or section heading counted twice) as a share of the
    query's weight (0 to 2), plus its BM25F as a share of the best BM25F among ``values`` (the
    candidates; 0 to 1), plus EXACT_SHARE for a document of the article whose title is the query's
    words.

    A document covering a question's concepts, in what it is about, comes first, and BM25F tells two
    such documents apart by how much of their text is about those words. The strict tie-breaking
    order this replaced (coverage, then the weight in the title or keywords, ... and BM25F last)
    let one headline word of a told situation outrank the section that answers it. Measured on the
    golden set and on a held-out development set written blind to the search code (README,
    "Relevance"): precision@1 0.954 -> 0.977 and 0.833 -> 0.952. Tried and not kept (precision@1 on
    the two): the BM25F share taken per concept and weighted by its weight (0.931, 0.857); the BM25F
    share scaled by the share matched (0.966, 0.905); the coverage as a share of the best
    candidate's (0.954, 0.929).

    >>> a = 12 * COVER_UNIT + 6 * TITLE_UNIT + 2 * COUNT_UNIT + 9_000  # both concepts, in the title
    >>> b = 9 * COVER_UNIT + 3 * TITLE_UNIT + 2 * COUNT_UNIT + 3_000  # both, half the weight in its title
    >>> c = 6 * COVER_UNIT + 2 * COUNT_UNIT + 12_000  # both in passing, the best BM25F
    >>> [round(float(x), 3) for x in blended(np.array([a, b, c], dtype=np.int64), [4, 2])]
    [2.75, 1.75, 2.0]
    """
    coverage, rest = np.divmod(values, COVER_UNIT)
    exact, score = np.divmod(rest % HEADING_UNIT, EXACT_UNIT)
    best = max(int(score.max()), 1) if score.size else 1
    return coverage / max(sum(weights), 1) + score / best + EXACT_SHARE * exact


_NOT_YET = object()


def typos_allowed(word: str) -> int:
    """How many typos a correction may fix in ``word``: none under 4 letters, one up to 7, two from 8
    (as hosted search engines do: "office" must not become "offline").

    >>> [typos_allowed(w) for w in ("fee", "endd", "office", "withdrawl")]
    [0, 1, 1, 2]
    """
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


def typo_distance(a: str, b: str) -> int:
    """Edits between two words, a swap of neighbouring letters counting as one ("cancle", "cancel").

    >>> typo_distance("cancle", "cancel"), typo_distance("office", "offline"), typo_distance("endd", "end")
    (1, 2, 1)
    """
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


@dataclass(frozen=True)
class SearchConfig:
    """How a Searcher works, passed in (nothing is read from module globals).

    ``fast_postings=False`` reads every posting list through Whoosh's public matcher API (the
    reference the tests compare the fast path with); ``correct=False`` never replaces unknown
    words, it only suggests."""

    use_synonyms: bool = True
    cache_size: int = 4096  # results cached, at most (0: no result cache)
    cache_bytes: int = 32 * 1024 * 1024  # and at most this much memory for them, estimated
    score_budget: int = 800_000  # cached per-term scores, about 70 bytes each (~55 MB at most)
    concept_bytes: int = 64_000_000  # cached rank values per concept (8 bytes per document each)
    fast_postings: bool = True
    correct: bool = True


@dataclass(frozen=True)
class Doc:
    """One indexed document as shown in a result, read from its stored fields when first shown."""

    article_id: str
    kind: str
    title: str
    heading: str
    keywords: str
    url: str
    audience: tuple[str, ...]
    country: tuple[str, ...]
    usertype: tuple[str, ...]
    start: dt.datetime
    end: dt.datetime


class _Shown:
    """A document as results show it: its fields, body tokens (with character offsets, for the
    snippet) and the analyzed terms of each text field (to tell which synonyms matched)."""

    __slots__ = ("doc", "body", "tokens", "fields", "terms", "positions")

    def __init__(self, doc: Doc, body: str, tokens, short: tuple):
        self.doc, self.body, self.tokens = doc, body, tokens
        self.fields = (*short, tuple(t for t, _, _ in tokens))  # title, keywords, heading, body
        self.terms = frozenset(t for field in self.fields for t in field)
        # Where each term is in the body, computed once: the snippet of every later result showing
        # this document looks its highlights up instead of re-reading the text.
        positions: dict = {}
        for i, term in enumerate(self.fields[3]):
            positions.setdefault(term, []).append(i)
        self.positions = positions

    def contains(self, phrase: tuple[str, ...]) -> bool:
        """Whether one field has ``phrase`` (in order, with some slop; see ``contains_phrase``)."""
        if len(phrase) == 1:
            return phrase[0] in self.terms
        if not self.terms.issuperset(phrase):
            return False
        return any(contains_phrase(field, phrase) for field in self.fields)


class _LRU:
    """Values by key, least recently used first out, bounded by their total weight: one per value
    by default; a document set weighs its size (a set of every document of a large index costs
    megabytes)."""

    def __init__(self, size: int, weigh=lambda value: 1, max_items: int | None = None):
        self.size, self.weigh, self.weight, self.data = size, weigh, 0, OrderedDict()
        self.max_items = max_items

    def get(self, key):
        value = self.data.get(key)
        if value is not None:
            self.data.move_to_end(key)
        return value

    def put(self, key, value):
        old = self.data.pop(key, None)
        if old is not None:
            self.weight -= self.weigh(old)
        self.data[key] = value
        self.weight += self.weigh(value)
        # The newest value stays even when it alone is over the size, unless the size is 0 (off).
        while ((self.weight > self.size or (self.max_items is not None and len(self.data) > self.max_items))
               and (len(self.data) > 1 or self.size == 0)):
            _, dropped = self.data.popitem(last=False)
            self.weight -= self.weigh(dropped)


def _set_weight(members) -> int:
    return len(members) + 1


def _result_bytes(result: dict) -> int:
    """About what a cached result dict costs in memory, on the high side (snippets dominate)."""
    return 500 + sum(300 + 2 * sum(len(v) for v in r.values() if isinstance(v, str))
                     for r in result.get("results", ()))


def check_visitor(audience=None, country=None, usertype=None, limit=None) -> tuple:
    """Validate the filter parameters with messages for an HTTP 400 or a CLI error."""
    # The few valid combinations, checked once (this runs on every search). Only exact types are
    # looked up: True == 1 and 1.0 == 1 as dictionary keys, and neither is a valid limit.
    key = (audience, country, usertype, limit)
    if all(type(v) is str or v is None for v in key[:3]) and (limit is None or type(limit) is int) \
            and key in _CHECKED:
        return _CHECKED[key]
    checked = _check_visitor(audience, country, usertype, limit)
    if len(_CHECKED) < 10_000 and (limit is None or type(limit) is int) \
            and all(type(v) is str or v is None for v in key[:3]):
        _CHECKED[key] = checked
    return checked


_CHECKED: dict = {}


def _check_visitor(audience, country, usertype, limit) -> tuple:
    try:
        visitor = Visitor.from_values(audience, country, usertype)
    except ValueError as e:
        raise QueryError(str(e)) from None
    audience, country, usertype = visitor.audience, visitor.country, visitor.usertype
    if limit is None:
        limit = DEFAULT_LIMIT
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit: expected a whole number from 1 to {MAX_LIMIT}, got {limit!r}")
    return audience, country, usertype, limit


class Searcher:
    def __init__(self, index_dir: Path | str, synonyms: Synonyms = EMPTY, *, config: SearchConfig | None = None,
                 warm: bool = True, lang: str | None = None, **settings):
        """The search of one index, in its language (``lang``, by default the one the index was
        built for), with that language's synonyms (``synonyms.for_language``). ``settings``
        (use_synonyms=, cache_size=, ...) override fields of ``config``."""
        self.config = dataclasses.replace(config or SearchConfig(), **settings)
        self.index_dir = Path(index_dir)
        self.lang = lang or index_language(self.index_dir)
        self.synonyms = synonyms = synonyms.for_language(self.lang)
        self.use_synonyms = self.config.use_synonyms
        self._lock = threading.RLock()
        self._ix = whoosh_index.open_dir(str(self.index_dir))
        self._s = self._ix.searcher()
        self._reader = self._s.reader()
        self.analysis = self._analysis()
        self.phrases = read_phrases(self.index_dir)  # keywords and headings matched before synonyms
        self._titles = read_titles(self.index_dir)  # {title terms: article ids}
        self._postings = PostingsReader(fast=self.config.fast_postings)
        # Opening reads only the small indexed fields (postings of article id, targeting and window
        # terms), never the stored documents: those are read for the results shown, and cached.
        self._article_of, self._start, self._end = self._load_columns(self._s.doc_count_all())
        self._live = {n for n, a in enumerate(self._article_of) if a is not None}
        self._count_live_documents_only()
        # Ties go to the article first by id, then to its documents in order: the same order in an
        # index built fresh and in one updated since (whose changed articles have new numbers).
        by_article = sorted(range(len(self._article_of)), key=lambda n: (self._article_of[n] or "", n))
        self._tie_rank = np.empty(len(by_article), dtype=np.intp)
        self._tie_rank[by_article] = np.arange(len(by_article))
        # The article document of each article (the others are its sections): doc_key == article id.
        self._article_doc = {self._article_of[n]: n for aid in set(self._article_of) - {None}
                             for n in self._reader.postings("doc_key", aid).all_ids() if self._article_of[n] == aid}
        self._docnums = list(range(len(self._article_of)))
        self._length_cache: dict = {}
        self._edges = sorted({self._start[n] for n in self._live} | {self._end[n] for n in self._live})
        self._docs = _LRU(4096)  # docnum -> _Shown
        self._df_cache: dict = {}  # (field, term) -> document frequency
        self._leaf_scores = _LRU(self.config.score_budget, _set_weight)  # term or phrase -> {docnum: score}
        # concept -> rank value per document (an array of every document: 8 bytes each)
        self._concepts = _LRU(self.config.concept_bytes, lambda found: found[0].nbytes)
        self._masks = _LRU(64)  # id(filter set) -> (the set, its mask)
        self._article_index = self._article_numbers()
        self._articles = int(self._article_index.max()) + 1 if len(self._article_index) else 0
        self._known: dict = {}  # word -> 2, 1 or 0 (_familiar: the corrector's question, and familiarity's)
        self._closest: dict = {}  # unknown word -> the indexed word it is corrected to, or None
        self._completions: dict = {}  # half-typed word -> the terms of the words it begins
        self._axis_cache: dict = {}
        self._window_cache: dict = {}
        self._filter_cache = _LRU(256)
        # Bounded in bytes (half each: a typed entry may hold the last reference to its results).
        self._results = self._result_cache()
        self._typed = self._result_cache()
        self._known_words = frozenset(w for g in synonyms.groups for v in g.sources + g.targets for w in v.text.split())
        if warm:
            self.warm()

    def _count_live_documents_only(self) -> None:
        """BM25F's statistics of the live documents only, the same for an index built fresh and one
        updated in place (``build_index`` with ``previous``). Whoosh counts deleted documents in a
        term's document frequency and in the average field length until its segments are merged (5 s
        for 1,000 articles, 85 s for 10,000: too slow for each save), so the same articles scored
        differently after a few updates. Its BM25F scorer reads both from the top-level searcher,
        patched here: the document frequency without deleted documents (as Whoosh's when there are
        none), the average of the documents' field lengths as its scorer reads them (Whoosh stores
        each in one byte, so the exact total it keeps would differ from that sum once a document is
        deleted)."""
        searcher, live = self._s, len(self._live)
        subs = searcher.subsearchers or [(searcher, 0)]
        lengths: dict = {}
        idfs: dict = {}

        def avg_field_length(fieldname, default=None):
            if not searcher.schema[fieldname].scorable:
                return default
            total = lengths.get(fieldname)
            if total is None:  # the lengths the scorer reads anyway (``_lengths``), read once
                total = lengths[fieldname] = sum(
                    length for sub, offset in subs
                    for d, length in enumerate(self._lengths(sub, offset, fieldname)) if d + offset in self._live)
            return total / (live or 1)

        def idf(fieldname, text):
            found = idfs.get((fieldname, text))
            if found is None:
                df = 0
                for sub, _ in subs:
                    reader = sub.reader()
                    if (fieldname, text) not in reader:
                        continue
                    if reader.has_deletions():  # its postings skip its deleted documents
                        df += sum(1 for _ in reader.postings(fieldname, text).all_ids())
                    else:
                        df += reader.doc_frequency(fieldname, text)
                if len(idfs) > 200_000:
                    idfs.clear()
                found = idfs[(fieldname, text)] = math.log(live / (df + 1)) + 1  # Whoosh's formula
            return found

        searcher.avg_field_length, searcher.idf = avg_field_length, idf

    def _analysis(self):
        """The language's analysis; for a language other than the source, words typed without the
        accents the articles give them are re-spelled from this index's vocabulary."""
        base = for_language(self.lang)
        if self.lang == SOURCE_LANGUAGE:
            return base
        reader = self._reader
        vocabulary = [(w, reader.doc_frequency("words", w)) for w in reader.field_terms("words")]
        return Respelled(base, spellings(vocabulary))

    def _article_numbers(self) -> np.ndarray:
        """A number per article, per document (-1 for deleted documents), for counting articles."""
        numbers: dict = {}
        return np.array([-1 if a is None else numbers.setdefault(a, len(numbers)) for a in self._article_of],
                        dtype=np.intp)

    @property
    def postings_taken(self):
        """How many posting lists were read by the fast path and by Whoosh's public one."""
        return dict(self._postings.taken)

    def _result_cache(self) -> _LRU:
        size = self.config.cache_bytes // 2 if self.config.cache_size else 0
        return _LRU(size, _result_bytes, max_items=self.config.cache_size)

    @classmethod
    def for_release(cls, release_path: Path, lang: str = SOURCE_LANGUAGE, **kwargs) -> "Searcher":
        """The searcher of a built release in one language: ``<release>/index`` (``index-<lang>``)
        with ``<release>/synonyms.yml``."""
        release_path = Path(release_path)
        synonyms = load_synonyms(release_path / "synonyms.yml", Problems())
        return cls(release_path / index_name(lang), synonyms, lang=lang, **kwargs)

    def close(self) -> None:
        with self._lock:
            self._s.close()
            self._ix.close()

    def _load_columns(self, count: int):
        """Article id, window start and window end of every live document, from the postings."""
        r = self._reader
        article_of: list = [None] * count
        for aid in r.field_terms("article_id"):
            for n in r.postings("article_id", aid).all_ids():
                article_of[n] = aid
        moments = {}
        for name in ("valid_from", "valid_until"):
            column, field = [None] * count, r.schema[name]
            for term in field.sortable_terms(r, name):
                moment = to_moment(field.from_bytes(term))
                for n in r.postings(name, term).all_ids():
                    column[n] = moment
            moments[name] = column
        return article_of, moments["valid_from"], moments["valid_until"]

    def warm(self) -> None:
        """Load postings and filter sets now: the first query after opening costs 4-8x a warm one."""
        # One word from each of 20 titles: loads the postings and filter sets without paying for
        # whole-title queries, which mostly end in the costly any-term fallback on a large index.
        live = sorted(self._live)
        sample = live[:: max(1, len(live) // 20)][:20]
        words = sorted({w for n in sample for w in self._doc(n).doc.title.split()[:1]})
        for w in words:
            self._run(w, None, None, None, now(), DEFAULT_LIMIT)
        # The common words (the corrector's list) and their order (a half-typed word's): read now,
        # not on a visitor's first typo.
        begins_a_common_word("", self.lang)
        self._results = self._result_cache()
        self._typed = self._result_cache()

    def _doc(self, docnum: int) -> "_Shown":
        """What a result needs of one document, read from its stored fields once and cached."""
        found = self._docs.get(docnum)
        if found is None:
            f = self._s.stored_fields(docnum)
            doc = Doc(
                f["article_id"], f["kind"], f.get("title", ""), f.get("heading", ""), f.get("keywords", ""),
                f["url"], tuple(f["audience"].split()), tuple(f["country"].split()), tuple(f["usertype"].split()),
                to_moment(f["valid_from"]), to_moment(f["valid_until"]),
            )
            body = f.get("body", "")
            analysis = self.analysis
            analyze = analysis.analyze
            found = _Shown(doc, body, analysis.analyze_with_chars(body),
                           (analyze(doc.title), analyze(doc.keywords), analyze(doc.heading)))
            self._docs.put(docnum, found)
        return found

    def _df(self, field: str, text: str) -> int:
        key = (field, text)
        found = self._df_cache.get(key)
        if found is None:
            if len(self._df_cache) > 200_000:  # arbitrary words typed by anyone: keep it bounded
                self._df_cache.clear()
            found = self._df_cache[key] = self._reader.doc_frequency(field, text)
        return found

    def _lengths(self, sub, offset: int, field: str) -> list:
        """Every document's length in ``field`` (what BM25F's scorer looks up per posting, and the
        average field length sums), read once per segment and field; 0 without the field (never
        looked up by the scorer: a posting's document has the field)."""
        key = (offset, field)
        found = self._length_cache.get(key)
        if found is None:
            dfl = sub.doc_field_length
            found = self._length_cache[key] = [dfl(d, field, 0) or 0 for d in range(sub.doc_count_all())]
        return found

    def _leaf(self, field: str, terms: tuple[str, ...], slop: int) -> dict:
        """{docnum: BM25F score} of one term (or phrase) in one field, computed once per searcher."""
        key = (field, terms, slop)
        found = self._leaf_scores.get(key)
        if found is None:
            found = {}
            s = self._s
            context = s.context()
            docnums = self._docnums  # one int object per document, shared by every cached dict
            for sub, offset in (s.subsearchers or [(s, 0)]):  # segment by segment, as Whoosh's collector
                if len(terms) == 1:
                    if (field, terms[0]) not in sub.reader():
                        continue  # a segment of a multi-segment index may lack it
                    m = wq.Term(field, terms[0]).matcher(sub, context)
                    self._postings.read(m, offset, self._lengths(sub, offset, field), docnums, found)
                else:
                    m = wq.Phrase(field, list(terms), slop=slop).matcher(sub, context)
                    self._postings.read(m, offset, None, docnums, found, phrase=True)
            self._leaf_scores.put(key, found)
        return found

    def _concept(self, concept: Concept) -> tuple[np.ndarray, int, int]:
        """(rank value per document, weight, articles matching) of one concept. The value is the
        BM25F score of its best variant (the typed one weighted 1.0, synonyms 0.7) plus the units
        of ``_units`` for the fields it matched in, of the concept's weight (``concept_weight``: how
        few articles it is found in; at most PASSING_WEIGHT when no title, keywords or heading has
        it). Adding these values over a query's concepts gives one number that ``RankKey`` reads
        and ``blended`` orders by: a concept in a title counts as much as two mentioned in passing,
        a specific concept more than a common one, so a title that matches the question is not
        outranked by a sentence that happens to contain its words."""
        found = self._concepts.get(concept.key)
        if found is not None:
            return found
        n = len(self._article_of)
        best = np.zeros(n)
        masks = np.zeros(n, dtype=np.int8)
        for i, variant in enumerate(concept.variants):
            typed = i == 0  # of a half-typed word, its most widespread completion
            factor = TYPED_WEIGHT if typed else SYNONYM_WEIGHT
            if len(variant.terms) == 1:
                fields, slop = TEXT_FIELDS, 0
            else:
                fields = TEXT_FIELDS if (typed or concept.literal) else PHRASE_FIELDS
                slop = 1 if concept.literal else PHRASE_SLOP
            summed = np.zeros(n)
            for field in fields:
                if any(not self._df(field, t) for t in variant.terms):
                    continue
                leaf = self._leaf(field, variant.terms, slop)
                docs = np.fromiter(leaf.keys(), dtype=np.intp, count=len(leaf))
                summed[docs] += np.fromiter(leaf.values(), dtype=float, count=len(leaf))
                masks[docs] |= FIELD_BITS[field]
            np.maximum(best, summed * factor, out=best)
        articles = self._article_index[masks > 0]
        matching = np.count_nonzero(np.bincount(articles[articles >= 0], minlength=1))
        weight = concept_weight(matching, max(self._articles, 1))
        if not np.any(masks & 3):  # in no title, keywords or heading: only ever mentioned in passing
            weight = min(weight, PASSING_WEIGHT)
        if self._is_light(concept):
            weight = min(weight, LIGHT_WEIGHT)
        scores = np.rint(np.minimum(best, MAX_CONCEPT_SCORE) * SCORE_SCALE).astype(np.int64)
        found = (np.where(masks > 0, _units(weight)[masks] + scores, 0), weight, int(matching))
        self._concepts.put(concept.key, found)
        return found

    def ranked_concepts(self, parsed: ParsedQuery, *, with_matching: bool = False) -> list[tuple]:
        """(concept, rank values, weight) of the concepts a query is ranked by: all of them, or the
        MAX_CONCEPTS most specific of those found in some article (highest weight, the later first
        on a tie: a long question usually ends with what it asks), in the order typed.
        ``with_matching`` adds the number of articles that have the concept."""
        found = [(c, *self._concept(c)) for c in parsed.concepts]
        if len(found) > MAX_CONCEPTS:
            keep = sorted(range(len(found)), key=lambda i: (found[i][3] == 0, -found[i][2], -i))[:MAX_CONCEPTS]
            found = [found[i] for i in sorted(keep)]
        return found if with_matching else [(c, values, weight) for c, values, weight, _ in found]

    # -- filters ---------------------------------------------------------------------------------

    def _axis(self, axis: str, value: str | None):
        """Docs shown to a visitor with this value on the axis: stored with it or with ``all``."""
        terms = visitor_index_terms(value)
        if terms is None:
            return None
        key = (axis, value)
        found = self._axis_cache.get(key)
        if found is None:
            found = set()
            for t in terms:
                if (axis, t) in self._reader:
                    found.update(self._reader.postings(axis, t).all_ids())
            self._axis_cache[key] = found
        return found

    def bucket(self, at: dt.datetime) -> int:
        """Moments between the same two window edges see the same documents: cache per bucket."""
        return bisect.bisect_right(self._edges, at)

    def _window(self, at: dt.datetime) -> set:
        b = self.bucket(at)
        found = self._window_cache.get(b)
        if found is None:
            start, end = self._start, self._end
            found = {n for n in self._live if start[n] <= at < end[n]}
            self._window_cache[b] = found
        return found

    def allowed(self, audience, country, usertype, at) -> set:
        key = (self.bucket(at), audience, country, usertype)
        found = self._filter_cache.get(key)
        if found is None:
            found = set(self._window(at))
            for axis, value in (("audience", audience), ("country", country), ("usertype", usertype)):
                docs = self._axis(axis, value)
                if docs is not None:
                    found &= docs
            self._filter_cache.put(key, found)
        return found

    # -- the pipeline ------------------------------------------------------------------------------

    def search(self, q: str, *, audience=None, country=None, usertype=None, at=None, limit=None,
               correct: bool | None = None) -> dict:
        """Results for ``q`` as a visitor sees them. ``correct=False`` searches the words as typed
        (a correction is then only offered as ``suggestion``); the default comes from the config."""
        audience, country, usertype, limit = check_visitor(audience, country, usertype, limit)
        at = now() if at is None else to_moment(at)
        if correct is None:
            correct = self.config.correct
        elif not isinstance(correct, bool):
            raise QueryError(f"correct: expected true or false, got {correct!r}")
        with self._lock:
            return self._run(q, audience, country, usertype, at, limit, correct)

    def _run(self, q, audience, country, usertype, at, limit, correct=True) -> dict:
        # Two caches: what was typed, exactly (a repeated search costs one dictionary look-up), and
        # what it means ("Quit!" and "how do I quit" share the answer of "quit").
        typed_key = (q, audience, country, usertype, self.bucket(at), limit, correct) if isinstance(q, str) else None
        found = self._typed.get(typed_key) if typed_key else None
        if found is not None:
            return found
        parsed = parse(q, self.synonyms, use_synonyms=self.use_synonyms, analysis=self.analysis, phrases=self.phrases,
                       complete=self.completions)
        audience = parsed.audience or audience  # an alias typed in the query is what the user asked for
        key = (parsed.key, audience, country, usertype, self.bucket(at), limit, correct)
        cached = self._results.get(key)
        if cached is None:
            cached = self._answer(parsed, audience, country, usertype, at, limit, correct)
            self._results.put(key, cached)
        if cached["corrected_from"] is not None:
            found = dict(cached, corrected_from=parsed.text)
        else:
            found = dict(cached, query=parsed.text)
        if typed_key:
            self._typed.put(typed_key, found)
        return found

    def _answer(self, parsed: ParsedQuery, audience, country, usertype, at, limit, correct) -> dict:
        empty = {"query": parsed.text, "total": 0, "results": [], "suggestion": None, "corrected_from": None,
                 "confident": False, "lang": self.lang, "fallback_lang": None, "suggested_lang": None}
        if parsed.is_empty:
            return empty
        allowed = self.allowed(audience, country, usertype, at)
        if not allowed:
            return empty  # an empty set of allowed documents: nothing to show, whatever the words
        corrected = self.correction(parsed)
        original = self._rank(parsed, allowed, limit)
        suggestion = None
        if corrected is not None:
            found = self._rank(corrected, allowed, limit)
            if found[1]:
                if correct and self._improves(corrected, found, parsed, original):
                    return self._response(corrected, found, corrected_from=parsed.text)
                suggestion = corrected.text
        return self._response(parsed, original, suggestion=suggestion)

    def _response(self, parsed, found, *, corrected_from=None, suggestion=None) -> dict:
        total, hits, weights, unmatched = found
        best = RankKey.of(hits[0][1]) if hits else None
        return {
            "query": parsed.text,
            "total": total,
            "results": [self._result(parsed, docnum, RankKey.of(value).score) for docnum, value in hits],
            "suggestion": suggestion,
            "corrected_from": corrected_from,
            "confident": is_confident(best, weights, unmatched) and not parsed.asks_only,
            "lang": self.lang,
            "fallback_lang": None,
            "suggested_lang": None,
        }

    def confidence_weights(self, parsed: ParsedQuery) -> list[int]:
        """The weight of each concept the query is ranked by, for ``is_confident``: its ranking weight,
        or, for a concept found in no article, the weight of a concept found in one (uncapped: "bitcoin"
        in "can I pay with bitcoin" is what the question is about, and nothing covers it; but a light
        verb weighs LIGHT_WEIGHT wherever it is)."""
        return self._confidence_weights(self.ranked_concepts(parsed, with_matching=True))

    def _confidence_weights(self, ranked) -> list[int]:
        articles = max(self._articles, 1)
        light = self._is_light
        return [weight if matching or light(c) else concept_weight(0, articles) for c, _, weight, matching in ranked]

    def _is_light(self, concept: Concept) -> bool:
        """A light verb typed as one word (``Concept.is_light``): weighs LIGHT_WEIGHT."""
        return concept.is_light(self.analysis.light_verbs)

    def _rank(self, parsed: ParsedQuery, allowed, limit) -> tuple[int, list, list, list]:
        """(matching articles, [(docnum, rank value)] of the best document of each of the best
        ``limit`` articles, best first, ``confidence_weights``, the weights of the concepts the best
        document does not match). Rank values add each concept's (see ``_concept``); ties go to the
        article first by id, then to the lower document number (``_tie_rank``)."""
        ranked = self.ranked_concepts(parsed, with_matching=True)
        concepts = [values for _, values, _, _ in ranked]
        weights = self._confidence_weights(ranked)
        if not concepts:
            return 0, [], weights, weights
        values = concepts[0].copy()
        for other in concepts[1:]:
            values += other
        if len(allowed) != len(self._live):
            values *= self._mask(allowed)
        self._exact(ranked, values)
        matching = np.flatnonzero(values)
        if not matching.size:
            return 0, [], weights, weights
        article_index = self._article_index
        seen = np.zeros(self._articles, dtype=bool)
        seen[article_index[matching]] = True
        total = int(np.count_nonzero(seen))
        order = blended(values[matching], weights)  # aligned with matching
        fetch = max(limit * 4, 20)
        while True:
            if matching.size > fetch:
                cut = np.partition(order, order.size - fetch)[order.size - fetch]
                taken = np.flatnonzero(order >= cut)  # with every document tied with the last one taken
            else:
                taken = np.arange(matching.size)
            top = matching[taken[np.lexsort((self._tie_rank[matching[taken]], -order[taken]))]]
            best: dict = {}  # article -> its best document, in rank order
            for d in top.tolist():
                a = article_index[d]
                if a not in best:
                    best[a] = d
                    if len(best) == limit:
                        break
            if len(best) >= limit or len(best) >= total or top.size >= matching.size:
                break
            fetch *= 4
        first = next(iter(best.values()))
        unmatched = [w for concept, w in zip(concepts, weights) if not concept[first]]
        return (total, [(self._shown_doc(d, int(values[d]), values), int(values[d])) for d in best.values()],
                weights, unmatched)

    def _exact(self, ranked, values) -> None:
        """Add an EXACT unit to the matching documents of the articles whose title is the query's
        words (the terms typed for the concepts it is ranked by, in any order), which ``blended``
        counts as EXACT_SHARE: the article called what was asked comes first ("pause contract":
        "Pause a contract" before "Resume a paused contract", which covers the same concepts in its
        title and keywords)."""
        ids = self._titles.get(frozenset(t for c, *_ in ranked for t in c.variants[0].terms))
        for article_id in ids or ():
            top = self._article_doc.get(article_id)
            if top is not None:
                docs = self._article_index == self._article_index[top]
                values[docs & (values > 0)] += EXACT_UNIT

    def _improves(self, corrected: ParsedQuery, found, parsed: ParsedQuery, original) -> bool:
        """Whether a correction improves the match: the typed words found nothing, or the best result
        of the corrected query covers more of it than the best result of the words as typed does of
        them (weighted coverage, see ``RankKey``, as a share of the query's ranking weight, in which a
        word found nowhere weighs as a word mentioned in passing: "cancelar contrto" covers 14 of 10,
        and "cancelar contrato", one synonym phrase found in many articles, 10 of 5), or as much and
        its article has a replaced word, or the correction searches the same terms ("resum contract"
        is searched as "resume contract" already: the results are the same, and the response says
        what was meant)."""
        if not original[1]:
            return True
        gained = (RankKey.of(found[1][0][1]).coverage * self._ranking_weight(parsed)
                  - RankKey.of(original[1][0][1]).coverage * self._ranking_weight(corrected))
        if gained:
            return gained > 0
        typed = {c.key for c in parsed.concepts}
        new = [c for c in corrected.concepts if c.key not in typed]
        article = self._article_index == self._article_index[found[1][0][0]]
        return not new or any(np.any(self._concept(c)[0][article]) for c in new)

    def _ranking_weight(self, parsed: ParsedQuery) -> int:
        """The weight of the concepts the query is ranked by (``ranked_concepts``), at least 1."""
        return max(sum(weight for _, _, weight in self.ranked_concepts(parsed)), 1)

    def _mask(self, allowed) -> np.ndarray:
        """``allowed`` (a cached filter set) as 1 / 0 per document, cached with it."""
        found = self._masks.get(id(allowed))
        if found is None or found[0] is not allowed:
            mask = np.zeros(len(self._article_of), dtype=np.int64)
            mask[np.fromiter(allowed, dtype=np.intp, count=len(allowed))] = 1
            found = (allowed, mask)
            self._masks.put(id(allowed), found)
        return found[1]

    def _shown_doc(self, d: int, value: int, values) -> int:
        """The document to show for an article whose best document is ``d``: the article itself
        (its top) when its title or keywords alone cover every concept the best section covers,
        as DocSearch shows a page whose title matched rather than one of its sections."""
        top = self._article_doc.get(self._article_of[d])
        if top is None or top == d or not values[top]:
            return d
        key, top_key = RankKey.of(value), RankKey.of(int(values[top]))
        # every concept the top matches is in its title or keywords (an article's top has no heading)
        if top_key.concepts == key.concepts and top_key.matched == top_key.in_title:
            return top
        return d

    # -- corrections -------------------------------------------------------------------------------

    def familiarity(self, q: str) -> tuple[int, int]:
        """How much ``q`` reads as this searcher's language: how many distinct words of it (of two
        letters or more) the language has as written, and how many more only an article's stem
        matches ("cancel" is the Spanish stem of "cancelar"); see ``_familiar``. ``Searchers``
        offers another language only for words more familiar there than in the language searched
        and in the source language."""
        with self._lock:
            levels = [self._familiar(word) for word in set(LETTERS.findall(q.lower())) if len(word) >= 2]
        return levels.count(2), levels.count(1)

    def correction(self, parsed: ParsedQuery) -> ParsedQuery | None:
        """The query with each unknown word (``knows``) replaced by the closest indexed word, or None
        when every word is known or has no close word. Quoted phrases, audience aliases, question
        words and short words are never changed, nor is a word replaced by another form of a word of
        the query ("hoja de horas" is not "hora de horas"). The search applies it only when it improves
        the match (``_improves``), else it offers it as a suggestion."""
        corrector = self._s.corrector("words")
        analysis = self.analysis
        analyze, question_words = analysis.analyze, analysis.question_words
        replacements = {}
        typed = list(unquoted_words(parsed.text))
        last = typed[-1][0] if typed and parsed.completed else None
        for start, _, word in typed:
            lowered = word.lower()
            if start == last:  # a half-typed last word, searched as the words it begins
                continue
            if len(lowered) < 3 or not lowered.isalpha() or self.knows(lowered) \
                    or self.synonyms.audience_for(lowered) \
                    or analyze(lowered) == () or analyze(lowered)[0] in question_words:
                continue
            replacement = self._closest.get(lowered, _NOT_YET)
            if replacement is _NOT_YET:  # Whoosh's corrector costs milliseconds a word: once per word
                allowed = typos_allowed(lowered)
                candidates = corrector.suggest(lowered, limit=8, maxdist=2, prefix=1) if allowed else []
                ranked = sorted((typo_distance(lowered, c), n, c) for n, c in enumerate(candidates) if c != lowered)
                replacement = ranked[0][2] if ranked and ranked[0][0] <= allowed else None
                if len(self._closest) > 100_000:  # arbitrary words typed by anyone: keep it bounded
                    self._closest.clear()
                self._closest[lowered] = replacement
            if replacement is not None and not self._repeats(replacement, start, typed):
                replacements[start] = replacement
        if not replacements:
            return None
        # the corrected text is still being typed when the words were (its last word unchanged)
        return parse(replace_words(parsed.text, replacements), self.synonyms, use_synonyms=self.use_synonyms,
                     analysis=self.analysis, phrases=self.phrases, complete=self.completions if parsed.completed else None)

    def _repeats(self, replacement: str, start: int, typed) -> bool:
        """Whether ``replacement`` (for the word at ``start``) analyses to a term of another word of
        the query (``typed``: ``unquoted_words``): such a correction says a word twice."""
        terms = set(self.analysis.analyze(replacement))
        return any(terms.intersection(self.analysis.analyze(w)) for s, _, w in typed if s != start)

    def _stem_is_indexed(self, word: str, terms: tuple[str, ...]) -> bool:
        """Whether a word's analysed form is in an article (title, keywords, heading or body): then it
        is another form of a word there ("payouts" of "payout", "didnt" of "not"; "semanas" of
        "semana", "lleva" of "llevar"), not a typo to correct ("lleva" is not "llega"). In English,
        not when the word is itself a bare stem: "resum" is no word, and is corrected to "resume"."""
        if not terms or not all(any(self._df(field, t) for field in TEXT_FIELDS) for t in terms):
            return False
        return self.lang != SOURCE_LANGUAGE or terms != (word,)

    def begins_a_word(self, prefix: str) -> bool:
        """Whether ``prefix`` (lowercase) is the beginning of a longer word of the articles or a
        longer common word of the language: the last word of a query still being typed ("ver" of
        "verify", "debi" of "debit")."""
        if begins_a_common_word(prefix, self.lang):
            return True
        with self._lock:
            return any(term != prefix.encode("utf-8") for term in itertools.islice(
                self._reader.expand_prefix("words", prefix), 2))

    def completions(self, prefix: str) -> tuple[str, ...]:
        """The terms of the articles' words that ``prefix`` (lowercase, the last word of a query
        still being typed) begins, the most widespread first (searched as typed, the others as
        synonyms are), at most MAX_COMPLETIONS; none when an article has ``prefix`` (its terms: the
        reader may have finished typing it). "withdr": the terms of "withdraw" and "withdrawal";
        "contra", a word no article has, those of "contract". Cached per prefix."""
        found = self._completions.get(prefix)
        if found is None:
            found = ()
            analyze, df = self.analysis.analyze, self._df
            if not any(df(field, term) for term in analyze(prefix) for field in TEXT_FIELDS):
                counts: dict = {}
                for word in itertools.islice(self._reader.expand_prefix("words", prefix), MAX_PREFIX_WORDS):
                    for term in analyze(word.decode("utf-8")):
                        if term not in counts:
                            counts[term] = max(df(field, term) for field in TEXT_FIELDS)
                found = tuple(t for t, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])) if n)
                found = found[:MAX_COMPLETIONS]
            if len(self._completions) > 100_000:  # arbitrary words typed by anyone: keep it bounded
                self._completions.clear()
            self._completions[prefix] = found
        return found

    def page_of(self, result: dict) -> dict | None:
        """``result``, a result of another language's index (an English one on the Spanish site), as
        the same article's page in this language, at the same section (sections keep their anchors
        in a translation) or else its top, with its title and the opening of its text, when this
        index has the article (a translation); else None. "refund" typed on the Spanish site found
        the English "Request a refund from a freelancer", which Spanish readers have as "Pedir un
        reembolso a un freelancer"."""
        top = self._article_doc.get(result["id"])
        if top is None:
            return None
        docnum, anchor = top, result["url"].partition("#")[2]
        if anchor:
            for n in np.flatnonzero(self._article_index == self._article_index[top]):
                if self._doc(int(n)).doc.url.endswith("#" + anchor):
                    docnum = int(n)
                    break
        shown = self._doc(docnum)
        doc = shown.doc
        return {
            "id": doc.article_id, "title": doc.title, "section": doc.heading or None, "url": doc.url,
            "score": result["score"], "snippet": snippet(shown.body, set(), tokens=shown.tokens, positions=shown.positions),
            "matched_synonyms": [], "audience": list(doc.audience), "lang": self.lang,
        }

    def has_article(self, article_id: str) -> bool:
        """Whether this index holds the article (in its language: a translation, for another one)."""
        return article_id in self._article_doc

    def knows(self, word: str) -> bool:
        """Whether a correction leaves ``word`` (lowercase) as typed: the language has it (``_familiar``:
        "like" is not a typo of "line" because it is a common English word, nor "hoja" one of "hora";
        "lleva" is not "llega", an article has its stem)."""
        return self._familiar(word) > 0

    def _familiar(self, word: str) -> int:
        """2 when the language has ``word`` (lowercase) as written: an article has it (or has it with
        accents, in a language that has them), a synonym line has it, or it is a common word of the
        language (``is_common_word``); 1 when an article has only its stem (``_stem_is_indexed``);
        else 0. Cached per word."""
        known = self._known.get(word)
        if known is None:
            if len(self._known) > 100_000:  # arbitrary words typed by anyone: keep it bounded
                self._known.clear()
            analysis = self.analysis
            known = self._known[word] = (
                2 if ("words", word) in self._reader or word in getattr(analysis, "spellings", {})
                or word in self._known_words or is_common_word(word, self.lang)
                else 1 if self._stem_is_indexed(word, analysis.analyze(word)) else 0)
        return known

    def suggest(self, parsed: ParsedQuery) -> ParsedQuery | None:
        """Kept for callers of the did-you-mean API: the same as ``correction``."""
        return self.correction(parsed)

    # -- one result ------------------------------------------------------------------------------

    def _result(self, parsed: ParsedQuery, docnum: int, score: float) -> dict:
        shown = self._doc(docnum)
        doc, body, tokens = shown.doc, shown.body, shown.tokens
        matched, highlight = [], set()
        for concept in parsed.concepts:
            present = [v for v in concept.variants if shown.contains(v.terms)]
            for v in present:
                highlight.update(v.terms)
            typed = concept.variants[0]
            # Every synonym the document matched contributed to finding it, even when the typed
            # words are there too ("refund" finding "get money back"); a half-typed word's
            # completions are what was typed, not synonyms.
            matched += [{"query": typed.text, "synonym": v.text} for v in present
                        if v is not typed and not concept.completed]
        return {
            "id": doc.article_id,
            "title": doc.title,
            "section": doc.heading or None,
            "url": doc.url,
            "score": round(float(score), 4),
            "snippet": snippet(body, highlight, tokens=tokens, positions=shown.positions),
            "matched_synonyms": matched,
            "audience": list(doc.audience),
            "lang": self.lang,
        }


__all__ = ["Searcher", "QueryError", "check_visitor", "ALL"]
