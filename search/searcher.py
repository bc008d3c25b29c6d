"""Searching a built index: filters, all-terms then any-term, did-you-mean, collapse, snippets, caching.

One ``Searcher`` per process and release: it keeps one Whoosh searcher open (warm), caches
filter document sets per targeting value and per window "bucket", and caches whole results.

Speed notes (figures in bench/RESULTS.md): opening reads postings of the small fields, not the
stored documents (those are read for shown results only); queries leave out terms a field does not
have and carry cached document frequencies; the exact ``total`` comes from cached per-term document
sets (a query that cannot match, e.g. before the any-term fallback, costs only set operations)
instead of re-running the search. Scoring itself (all-terms search and the any-term fallback) adds
cached per-term {document: BM25F score} dictionaries (``_scores``) instead of walking Whoosh's
matcher tree document by document: the same scores and order, but an OR of common words over four
fields at 10,000 articles costs a few milliseconds instead of 100-140 ms.
"""
from __future__ import annotations

import bisect
import datetime as dt
import heapq
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.scoring import WeightLengthScorer

from core.problems import Problems
from core.targeting import ALL, Visitor, now, to_moment, visitor_index_terms

from .analysis import analyze, analyze_with_chars
from .query import ParsedQuery, QueryError, parse, whoosh_query
from .snippets import contains_phrase, snippet
from .synonyms import EMPTY, Synonyms, load_synonyms

DEFAULT_LIMIT, MAX_LIMIT = 10, 50
# Per-term scores kept (about 70 bytes each, so ~55 MB at most): the few hundred terms a mix of
# queries touches on a 10,000-article index fit (the bench's mixes need ~500,000).
SCORE_BUDGET = 800_000
# Which searches combine cached per-term scores instead of walking Whoosh's matcher tree, by
# require_all (all-terms search, any-term fallback); both, unless measuring one against the other.
SCORE_FROM_CACHE = {True: True, False: True}


class _Unsupported(Exception):
    """A query shape the cached-score evaluation does not know: Whoosh scores it instead."""


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

    __slots__ = ("doc", "body", "tokens", "fields", "terms")

    def __init__(self, doc: Doc, body: str, tokens, short: tuple):
        self.doc, self.body, self.tokens = doc, body, tokens
        self.fields = (*short, tuple(t for t, _, _ in tokens))  # title, keywords, heading, body
        self.terms = frozenset(t for field in self.fields for t in field)

    def contains(self, phrase: tuple[str, ...]) -> bool:
        """Whether one field has ``phrase`` (in order, with some slop; see ``contains_phrase``)."""
        if len(phrase) == 1:
            return phrase[0] in self.terms
        if not self.terms.issuperset(phrase):
            return False
        return any(contains_phrase(field, phrase) for field in self.fields)


def _blockwise(m) -> bool:
    """Whether ``m`` is a fresh Whoosh 3 codec posting list scored from weight and field length
    (BM25F on a scorable field), whose blocks can be read whole."""
    return (type(m) is W3LeafMatcher and getattr(m, "_i", None) == 0 and hasattr(m, "_read_ids")
            and isinstance(getattr(m, "scorer", None), WeightLengthScorer) and hasattr(m.scorer, "dfl"))


class _LRU:
    """Values by key, least recently used first out, bounded by their total weight: one per value
    by default; a document set weighs its size (a set of every document of a large index costs
    megabytes)."""

    def __init__(self, size: int, weigh=lambda value: 1):
        self.size, self.weigh, self.weight, self.data = size, weigh, 0, OrderedDict()

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
        while self.weight > self.size and (len(self.data) > 1 or self.size == 0):
            _, dropped = self.data.popitem(last=False)
            self.weight -= self.weigh(dropped)


def _set_weight(members) -> int:
    return len(members) + 1


def check_visitor(audience=None, country=None, usertype=None, limit=None) -> tuple:
    """Validate the filter parameters with messages for an HTTP 400 or a CLI error."""
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
    def __init__(self, index_dir: Path | str, synonyms: Synonyms = EMPTY, *, use_synonyms: bool = True,
                 cache_size: int = 4096, warm: bool = True):
        self.index_dir = Path(index_dir)
        self.synonyms = synonyms
        self.use_synonyms = use_synonyms
        self._lock = threading.RLock()
        self._ix = whoosh_index.open_dir(str(self.index_dir))
        self._s = self._ix.searcher()
        self._reader = self._s.reader()
        # Opening reads only the small indexed fields (postings of article id, targeting and window
        # terms), never the stored documents: those are read for the results shown, and cached.
        self._article_of, self._start, self._end = self._load_columns(self._s.doc_count_all())
        self._live = {n for n, a in enumerate(self._article_of) if a is not None}
        self._docnums = list(range(len(self._article_of)))
        self._length_cache: dict = {}
        self._edges = sorted({self._start[n] for n in self._live} | {self._end[n] for n in self._live})
        self._docs = _LRU(4096)  # docnum -> _Shown
        self._df_cache: dict = {}  # (field, term) -> document frequency
        self._docsets = _LRU(1_000_000, _set_weight)  # query part -> matching docnums
        self._leaf_scores = _LRU(SCORE_BUDGET, _set_weight)  # term or phrase -> {docnum: score}
        self._axis_cache: dict = {}
        self._window_cache: dict = {}
        self._filter_cache = _LRU(256)
        self._results = _LRU(cache_size)
        self._words = None
        if warm:
            self.warm()

    @classmethod
    def for_release(cls, release_path: Path, **kwargs) -> "Searcher":
        """The searcher of a built release: ``<release>/index`` with ``<release>/synonyms.yml``."""
        release_path = Path(release_path)
        synonyms = load_synonyms(release_path / "synonyms.yml", Problems())
        return cls(release_path / "index", synonyms, **kwargs)

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
        self._results = _LRU(self._results.size)

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
            found = _Shown(doc, body, analyze_with_chars(body),
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

    def _matching(self, q) -> frozenset:
        """The documents ``q`` matches (without scoring), from cached sets of its parts: one cheap
        pass for the exact total instead of re-running the search."""
        if isinstance(q, wq.Term):
            key = ("t", q.fieldname, q.text)
        elif isinstance(q, wq.Phrase):
            key = ("p", q.fieldname, tuple(q.words), q.slop)
        else:
            subs = [self._matching(sub) for sub in q.subqueries]
            if isinstance(q, wq.And):
                subs.sort(key=len)
                out = subs[0]
                for sub in subs[1:]:
                    out = out & sub
                return out
            return frozenset().union(*subs)
        found = self._docsets.get(key)
        if found is None:
            found = frozenset(self._s.docs_for_query(q))
            self._docsets.put(key, found)
        return found

    def _scores(self, q) -> dict:
        """{docnum: score} of every document ``q`` matches, the same BM25F scores Whoosh's matchers
        give, combined from cached scores of each term or phrase: a term's score in a document does
        not depend on the rest of the query, so each is computed once (one pass over its postings)
        and queries over common words add dictionaries instead of walking a matcher tree document
        by document."""
        if isinstance(q, (wq.Term, wq.Phrase)):
            return self._leaf(q)
        if not isinstance(q, (wq.DisjunctionMax, wq.Or, wq.And)) or getattr(q, "scale", None) \
                or getattr(q, "minmatch", 0):
            raise _Unsupported(type(q).__name__)
        subs = sorted((self._scores(sub) for sub in q.subqueries), key=len, reverse=True)
        if not subs:
            return {}
        if isinstance(q, wq.And):
            first, rest = subs[-1], subs[:-1]
            out = {}
            for d, score in first.items():
                for other in rest:
                    v = other.get(d)
                    if v is None:
                        break
                    score += v
                else:
                    out[d] = score
        elif isinstance(q, wq.DisjunctionMax):
            out = dict(subs[0])
            get = out.get
            for other in subs[1:]:
                for d, score in other.items():
                    old = get(d)
                    if old is None or score > old:
                        out[d] = score
        else:
            out = dict(subs[0])
            get = out.get
            for other in subs[1:]:
                for d, score in other.items():
                    out[d] = get(d, 0.0) + score
        if q.boost != 1.0:
            boost = q.boost
            out = {d: score * boost for d, score in out.items()}
        return out

    def _lengths(self, sub, offset: int, field: str) -> list:
        """Every document's length in ``field`` (what BM25F's scorer looks up per posting), read once
        per segment and field."""
        key = (offset, field)
        found = self._length_cache.get(key)
        if found is None:
            dfl = sub.doc_field_length
            found = self._length_cache[key] = [dfl(d, field, 1) for d in range(sub.doc_count_all())]
        return found

    def _leaf(self, q) -> dict:
        if isinstance(q, wq.Term):
            key = ("t", q.fieldname, q.text, q.boost)
        else:
            key = ("p", q.fieldname, tuple(q.words), q.slop, q.boost)
        found = self._leaf_scores.get(key)
        if found is None:
            found = {}
            s = self._s
            context = s.context()
            docnums = self._docnums  # one int object per document, shared by every cached dict
            for sub, offset in (s.subsearchers or [(s, 0)]):  # as Whoosh's collector does, segment by segment
                m = q.matcher(sub, context)
                if _blockwise(m):
                    # A term's postings, block by block: the same scorer._score(weight, length) that
                    # m.score() computes, without four method calls per posting.
                    score, length = m.scorer._score, self._lengths(sub, offset, q.fieldname).__getitem__
                    while m.is_active():
                        m._read_ids()
                        m._read_weights()
                        ids = map(docnums.__getitem__, m._ids) if not offset else [d + offset for d in m._ids]
                        found.update(zip(ids, map(score, m._weights, map(length, m._ids))))
                        m._next_block()
                    continue
                while m.is_active():
                    found[m.id() + offset] = m.score()
                    m.next()
            self._leaf_scores.put(key, found)
        return found

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

    def search(self, q: str, *, audience=None, country=None, usertype=None, at=None, limit=None) -> dict:
        audience, country, usertype, limit = check_visitor(audience, country, usertype, limit)
        at = now() if at is None else to_moment(at)
        with self._lock:
            return self._run(q, audience, country, usertype, at, limit)

    def _run(self, q, audience, country, usertype, at, limit) -> dict:
        parsed = parse(q, self.synonyms, use_synonyms=self.use_synonyms)
        audience = parsed.audience or audience  # an alias typed in the query is what the user asked for
        key = (parsed.key, audience, country, usertype, self.bucket(at), limit)
        cached = self._results.get(key)
        if cached is not None:
            return dict(cached, query=parsed.text)
        result = self._answer(parsed, audience, country, usertype, at, limit)
        self._results.put(key, result)
        return dict(result, query=parsed.text)

    def _answer(self, parsed: ParsedQuery, audience, country, usertype, at, limit) -> dict:
        empty = {"query": parsed.text, "total": 0, "results": [], "suggestion": None}
        if parsed.is_empty:
            return empty
        allowed = self.allowed(audience, country, usertype, at)
        if not allowed:
            return empty  # never filter=set(): Whoosh reads an empty set as "no filter"
        found = self._search(parsed, allowed, limit, require_all=True)
        suggestion = None
        if not found[0]:
            corrected = self.suggest(parsed)
            if corrected:
                suggestion = corrected.text
                found = self._search(corrected, allowed, limit, require_all=True)
                if found[0]:
                    parsed = corrected
                else:
                    found = self._search(corrected, allowed, limit, require_all=False)
                    parsed = corrected if found[0] else parsed
            if not found[0]:
                found = self._search(parsed, allowed, limit, require_all=False)
        total, hits = found
        return {
            "query": parsed.text,
            "total": total,
            "results": [self._result(parsed, docnum, score) for docnum, score in hits],
            "suggestion": suggestion,
        }

    def _search(self, parsed, allowed, limit, *, require_all) -> tuple[int, list]:
        """(matching articles, [(docnum, score)] best document per article, best first)."""
        q = whoosh_query(parsed, require_all=require_all, df=self._df)
        if q is wq.NullQuery:
            return 0, []
        if SCORE_FROM_CACHE[require_all]:
            try:
                return self._search_cached(q, allowed, limit)
            except _Unsupported:
                pass
        unfiltered = len(allowed) == len(self._live)
        matching = self._matching(q)
        if not unfiltered:
            matching = matching & allowed
        if not matching:
            return 0, []
        article_of = self._article_of
        total = len(set(map(article_of.__getitem__, matching)))
        filt = None if unfiltered else allowed
        fetch = max(limit * 4, 20)
        while True:
            results = self._s.search(q, filter=filt, limit=fetch)
            best: dict[str, tuple[int, float]] = {}
            for score, docnum in results.top_n:
                aid = article_of[docnum]
                if aid not in best:
                    best[aid] = (docnum, score)
            scored = results.scored_length()
            if len(best) >= limit or len(best) >= total or scored < fetch:
                break
            fetch *= 4
        ranked = sorted(best.values(), key=lambda x: (-x[1], x[0]))[:limit]
        return total, ranked

    def _search_cached(self, q, allowed, limit) -> tuple[int, list]:
        """``_search`` from cached per-term scores (see ``_scores``): same scores, same order."""
        scores = self._scores(q)
        if len(allowed) == len(self._live):
            candidates = scores.keys()
        else:
            candidates = scores.keys() & allowed
        if not candidates:
            return 0, []
        article_of = self._article_of
        total = len(set(map(article_of.__getitem__, candidates)))
        fetch = max(limit * 4, 20)
        while True:
            top = heapq.nlargest(fetch, candidates, key=scores.__getitem__)
            if len(top) < len(candidates):
                # Documents tied with the last one taken: Whoosh keeps the lowest numbers.
                cut = scores[top[-1]]
                top = [d for d in top if scores[d] > cut] + [d for d in candidates if scores[d] == cut]
            top.sort(key=lambda d: (-scores[d], d))  # best first, ties by document number as Whoosh
            top = top[:fetch]
            best: dict[str, tuple[int, float]] = {}
            for d in top:
                aid = article_of[d]
                if aid not in best:
                    best[aid] = (d, scores[d])
            if len(best) >= limit or len(best) >= total or len(top) < fetch:
                break
            fetch *= 4
        return total, list(best.values())[:limit]

    # -- did you mean ------------------------------------------------------------------------------

    def suggest(self, parsed: ParsedQuery) -> ParsedQuery | None:
        """The query with unknown words replaced by the closest indexed words, or None."""
        reader = self._s.reader()
        corrector = self._s.corrector("words")
        changed, out = False, []
        for word in parsed.text.split():
            lowered = word.lower().strip(".,;:!?()[]{}'\"")
            if len(lowered) < 3 or not lowered.isalpha() or ("words", lowered) in reader \
                    or self.synonyms.audience_for(lowered):
                out.append(word)
                continue
            found = corrector.suggest(lowered, limit=1, maxdist=2, prefix=1)
            if found and found[0] != lowered:
                out.append(found[0])
                changed = True
            else:
                out.append(word)
        if not changed:
            return None
        return parse(" ".join(out), self.synonyms, use_synonyms=self.use_synonyms)

    # -- one result ------------------------------------------------------------------------------

    def _result(self, parsed: ParsedQuery, docnum: int, score: float) -> dict:
        shown = self._doc(docnum)
        doc, body, tokens = shown.doc, shown.body, shown.tokens
        matched, highlight = [], set()
        for clause in parsed.clauses:
            present = [v for v in clause.variants if shown.contains(v.terms)]
            for v in present:
                highlight.update(v.terms)
            typed = clause.variants[0]
            if len(clause.variants) > 1 and typed not in present:
                matched += [{"query": typed.text, "synonym": v.text} for v in present]
        return {
            "id": doc.article_id,
            "title": doc.title,
            "section": doc.heading or None,
            "url": doc.url,
            "score": round(float(score), 4),
            "snippet": snippet(body, highlight, tokens=tokens),
            "matched_synonyms": matched,
            "audience": list(doc.audience),
        }


__all__ = ["Searcher", "QueryError", "check_visitor", "ALL"]
