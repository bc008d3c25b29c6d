"""Searching a built index: filters, all-terms then any-term, did-you-mean, collapse, snippets, caching.

One ``Searcher`` per process and release: it keeps one Whoosh searcher open (warm), caches
filter document sets per targeting value and per window "bucket", and caches whole results.
"""
from __future__ import annotations

import bisect
import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index

from core.problems import Problems
from core.targeting import ALL, now, to_moment, visitor_index_terms
from core.vocabulary import AUDIENCES, COUNTRIES, USERTYPES

from .analysis import analyze, analyze_with_chars
from .query import ParsedQuery, QueryError, parse, whoosh_query
from .snippets import contains_phrase, snippet
from .synonyms import EMPTY, Synonyms, load_synonyms

DEFAULT_LIMIT, MAX_LIMIT = 10, 50


@dataclass(frozen=True)
class Doc:
    """What the searcher keeps in memory about one indexed document (the body is read on demand)."""

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


class _LRU:
    def __init__(self, size: int):
        self.size, self.data = size, OrderedDict()

    def get(self, key):
        value = self.data.get(key)
        if value is not None:
            self.data.move_to_end(key)
        return value

    def put(self, key, value):
        self.data[key] = value
        self.data.move_to_end(key)
        if len(self.data) > self.size:
            self.data.popitem(last=False)


def check_visitor(audience=None, country=None, usertype=None, limit=None) -> tuple:
    """Validate the filter parameters with messages for an HTTP 400 or a CLI error."""
    if audience is not None and audience not in AUDIENCES:
        raise QueryError(f"audience: expected one of {', '.join(AUDIENCES)}, got {audience!r}")
    if country is not None:
        if not isinstance(country, str) or country.upper() not in COUNTRIES:
            raise QueryError(f"country: expected an ISO 3166-1 alpha-2 code like US, got {country!r}")
        country = country.upper()
    if usertype is not None and usertype not in USERTYPES:
        raise QueryError(f"usertype: expected one of {', '.join(USERTYPES)}, got {usertype!r}")
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
        self._docs: list[Doc | None] = [None] * self._s.doc_count_all()
        for docnum, f in self._s.reader().iter_docs():
            self._docs[docnum] = Doc(
                f["article_id"], f["kind"], f.get("title", ""), f.get("heading", ""), f.get("keywords", ""),
                f["url"], tuple(f["audience"].split()), tuple(f["country"].split()), tuple(f["usertype"].split()),
                to_moment(f["valid_from"]), to_moment(f["valid_until"]),
            )
        self._short_terms = [
            (analyze(d.title), analyze(d.keywords), analyze(d.heading)) if d else None for d in self._docs
        ]
        self._bodies = _LRU(4096)  # docnum -> (body, [(term, start, end)])
        self._live = {n for n, d in enumerate(self._docs) if d is not None}
        self._edges = sorted({d.start for d in self._docs if d} | {d.end for d in self._docs if d})
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

    def warm(self) -> None:
        """Load postings and filter sets now: the first query after opening costs 4-8x a warm one."""
        titles = sorted({d.title for d in self._docs if d})[:20]
        for t in titles:
            self._run(t, None, None, None, now(), DEFAULT_LIMIT)
        self._results = _LRU(self._results.size)

    # -- filters ---------------------------------------------------------------------------------

    def _axis(self, axis: str, value: str | None):
        """Docs shown to a visitor with this value on the axis: stored with it or with ``all``."""
        terms = visitor_index_terms(value)
        if terms is None:
            return None
        key = (axis, value)
        found = self._axis_cache.get(key)
        if found is None:
            found = {n for n, d in enumerate(self._docs) if d and any(t in getattr(d, axis) for t in terms)}
            self._axis_cache[key] = found
        return found

    def bucket(self, at: dt.datetime) -> int:
        """Moments between the same two window edges see the same documents: cache per bucket."""
        return bisect.bisect_right(self._edges, at)

    def _window(self, at: dt.datetime) -> set:
        b = self.bucket(at)
        found = self._window_cache.get(b)
        if found is None:
            found = {n for n, d in enumerate(self._docs) if d and d.start <= at < d.end}
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
        q = whoosh_query(parsed, require_all=require_all)
        filt = None if len(allowed) == len(self._live) else allowed
        fetch = max(limit * 4, 20)
        while True:
            results = self._s.search(q, filter=filt, limit=fetch)
            best: dict[str, tuple[int, float]] = {}
            for hit in results.top_n:
                score, docnum = hit
                aid = self._docs[docnum].article_id
                if aid not in best:
                    best[aid] = (docnum, score)
            scored = results.scored_length()
            if len(best) >= limit or scored < fetch:
                break
            fetch *= 4
        if scored < fetch:
            total = len(best)
        else:
            total = len({self._docs[n].article_id for n in results.docs()})
        ranked = sorted(best.values(), key=lambda x: (-x[1], x[0]))[:limit]
        return total, ranked

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

    def _body(self, docnum: int):
        found = self._bodies.get(docnum)
        if found is None:
            body = self._s.stored_fields(docnum).get("body", "")
            found = (body, analyze_with_chars(body))
            self._bodies.put(docnum, found)
        return found

    # -- one result ------------------------------------------------------------------------------

    def _result(self, parsed: ParsedQuery, docnum: int, score: float) -> dict:
        doc = self._docs[docnum]
        body, tokens = self._body(docnum)
        short = self._short_terms[docnum]
        long = tuple(t for t, _, _ in tokens)
        matched, highlight = [], set()
        for clause in parsed.clauses:
            present = [v for v in clause.variants
                       if any(contains_phrase(tokens, v.terms) for tokens in (*short, long))]
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
