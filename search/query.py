"""Query parsing as small named steps: normalise, split phrases, aliases as filters, synonym
expansion on the analyzed query, question words, then the Whoosh query shapes.

Nothing here interprets query syntax: ``AND``, ``title:x``, parentheses and stray quotes are
plain text, so no input can make the parser fail.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.matching import DisjunctionMaxMatcher, NullMatcher, WrappingMatcher

from .analysis import QUESTION_WORDS, analyze, words
from .index import TEXT_FIELDS
from .synonyms import Synonyms, Variant

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 12
TYPED_WEIGHT, SYNONYM_WEIGHT = 1.0, 0.7
PHRASE_SLOP = 2
# Where a synonym phrase is searched: the typed phrase everywhere, other variants only in the
# short fields (searching every variant as a body phrase costs 5-7x and adds little).
PHRASE_FIELDS = ("title", "keywords", "heading")


class QueryError(ValueError):
    """The query cannot be searched; the message says why, in words for the person who typed it."""


@dataclass(frozen=True)
class Clause:
    """One thing the user asked for: a word, a synonym group or a quoted phrase."""

    typed: str
    variants: tuple[Variant, ...]  # variants[0] is what was typed
    literal: bool = False

    @property
    def key(self):
        return (self.literal, tuple(v.terms for v in self.variants))


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # normalised text, as shown back
    clauses: tuple[Clause, ...]
    audience: str | None  # from an alias typed in the query
    words: tuple[str, ...]  # unstemmed words, for did-you-mean

    @property
    def key(self):
        return (tuple(c.key for c in self.clauses), self.audience)

    @property
    def is_empty(self) -> bool:
        return not self.clauses


# -- steps -------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_FIELD_SYNTAX = re.compile(r"(?<!\S)[A-Za-z_]+:(?=\S)")


def normalise(raw: str) -> str:
    """NFKC, no control characters (NUL included), single spaces; too long is an error."""
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise QueryError(f"expected the query as text, got {type(raw).__name__}")
    if len(raw) > MAX_QUERY_CHARS * 4:
        raise QueryError(f"the query is {len(raw)} characters long; at most {MAX_QUERY_CHARS} are searched")
    text = unicodedata.normalize("NFKC", raw)
    text = _CONTROL.sub(" ", text)
    text = _FIELD_SYNTAX.sub("", text)  # "title:refund" is a search for "refund"
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text)} characters long; at most {MAX_QUERY_CHARS} are searched")
    return text


def split_phrases(text: str) -> list[tuple[bool, str]]:
    """(quoted?, text) parts. Balanced double quotes make a literal phrase; a stray quote is ignored."""
    parts, rest = [], text
    while True:
        start = rest.find('"')
        end = rest.find('"', start + 1) if start >= 0 else -1
        if start < 0 or end < 0:
            parts.append((False, rest.replace('"', " ")))
            break
        parts.append((False, rest[:start]))
        parts.append((True, rest[start + 1 : end]))
        rest = rest[end + 1 :]
    return [(q, t) for q, t in parts if t.strip()]


def take_aliases(parts, synonyms: Synonyms) -> tuple[list[tuple[bool, str]], str | None]:
    """Remove audience aliases ("filter-fl") from unquoted parts; the last one typed wins."""
    audience, out = None, []
    for quoted, text in parts:
        if quoted:
            out.append((quoted, text))
            continue
        kept = []
        for word in text.split():
            found = synonyms.audience_for(word.strip(".,;!?()[]"))
            if found:
                audience = found
            else:
                kept.append(word)
        if kept:
            out.append((False, " ".join(kept)))
    return out, audience


def expand_synonyms(parts, synonyms: Synonyms, *, enabled: bool = True) -> list[Clause]:
    """Analyze each unquoted part and match synonym entries on the analyzed terms, longest first.
    Quoted phrases are literal clauses."""
    clauses: list[Clause] = []
    longest = synonyms.longest if enabled else 0
    for quoted, text in parts:
        if quoted:
            terms = analyze(text)
            if terms:
                clauses.append(Clause(text, (Variant(text.lower(), terms),), literal=True))
            continue
        tokens = analyze(text)
        i = 0
        while i < len(tokens):
            for n in range(min(longest, len(tokens) - i), 0, -1):
                hit = synonyms.lookup(tuple(tokens[i : i + n]))
                if hit:
                    group, typed = hit
                    clauses.append(Clause(typed.text, group.expansions(typed)))
                    i += n
                    break
            else:
                clauses.append(Clause(tokens[i], (Variant(tokens[i], (tokens[i],)),)))
                i += 1
    return _dedupe(clauses)


def drop_question_words(clauses: list[Clause]) -> list[Clause]:
    """"how do I ..." words go when something else is left to search for."""
    kept = [c for c in clauses if c.literal or len(c.variants) > 1 or c.variants[0].terms[0] not in QUESTION_WORDS]
    return kept or clauses


def _dedupe(clauses):
    seen, out = set(), []
    for c in clauses:
        if c.key not in seen:
            seen.add(c.key)
            out.append(c)
    return out


def parse(raw: str, synonyms: Synonyms, *, use_synonyms: bool = True) -> ParsedQuery:
    text = normalise(raw)
    parts = split_phrases(text)
    parts, audience = take_aliases(parts, synonyms)
    clauses = expand_synonyms(parts, synonyms, enabled=use_synonyms)
    clauses = drop_question_words(clauses)[:MAX_CLAUSES]
    unquoted = " ".join(t for q, t in parts if not q)
    return ParsedQuery(text, tuple(clauses), audience, words(unquoted))


# -- Whoosh query shapes -------------------------------------------------------------------------

class _BestOfMatcher(DisjunctionMaxMatcher):
    """Whoosh 2.7's DisjunctionMaxMatcher scores a document with the score of a sub-matcher that is
    positioned on *another* document (it never compares ids), so every document matching any
    variant got the best variant's score. Only sub-matchers on the current document count here."""

    def score(self):
        a, b = self.a, self.b
        if not a.is_active():
            return b.score()
        if not b.is_active():
            return a.score()
        ida, idb = a.id(), b.id()
        if ida == idb:
            return max(a.score(), b.score())
        return a.score() if ida < idb else b.score()


class Either(wq.Or):
    """OR without Whoosh's "preload everything into an array" shortcut for small indexes, which
    costs more than it saves for our few-posting queries."""

    matcher_type = wq.Or.DEFAULT_MATCHER


class BestVariant(wq.DisjunctionMax):
    """A synonym group: a document scores with its best-matching variant (tiebreak is ignored)."""

    def _matcher(self, subs, searcher, context):
        r = searcher.reader()
        return self._tree_matcher(subs, _BestOfMatcher, searcher, context, lambda q: q.estimate_size(r))


class KnownTerm(wq.Term):
    """A Term whose document frequency the searcher already knows (cached), so building the
    matcher tree does not look it up again."""

    def __init__(self, fieldname, text, df, boost=1.0):
        super().__init__(fieldname, text, boost=boost)
        self.df = df

    def estimate_size(self, ixreader):
        return self.df

    def estimate_min_size(self, ixreader):
        return self.df

    def matcher(self, searcher, context=None):
        if (self.fieldname, self.text) not in searcher.reader():
            return NullMatcher()  # a segment of a multi-segment index may lack it
        weighting = searcher.weighting if context is None else context.weighting
        m = searcher.postings(self.fieldname, self.text, weighting=weighting)
        if self.boost != 1.0:
            m = WrappingMatcher(m, boost=self.boost)
        return m


class KnownPhrase(wq.Phrase):
    """A Phrase whose words are all known to be in its field; its size estimate is the rarest word's."""

    def __init__(self, fieldname, words, df, slop=1, boost=1.0):
        super().__init__(fieldname, words, slop=slop, boost=boost)
        self.df = df

    def estimate_size(self, ixreader):
        return self.df

    def estimate_min_size(self, ixreader):
        return self.df

    def normalize(self):
        return self  # always two or more analyzed words: nothing to normalise


def _term(field, text, df):
    if df is None:
        return wq.Term(field, text)
    n = df(field, text)
    return KnownTerm(field, text, n) if n else None


def _phrase(field, terms, slop, df):
    if df is None:
        return wq.Phrase(field, list(terms), slop=slop)
    n = min(df(field, t) for t in terms)
    return KnownPhrase(field, list(terms), n, slop=slop) if n else None


def _either(subs, boost):
    subs = [q for q in subs if q is not None]
    return Either(subs, boost=boost) if subs else None


def variant_query(variant: Variant, weight: float, *, typed: bool, literal: bool, df=None) -> wq.Query | None:
    """``df(field, term)`` (the document frequency, 0 when absent) leaves out the fields a term or
    phrase cannot match, which scores the same and builds a smaller matcher; None then means
    "matches nothing"."""
    if len(variant.terms) == 1:
        return _either([_term(f, variant.terms[0], df) for f in TEXT_FIELDS], weight)
    fields = TEXT_FIELDS if (typed or literal) else PHRASE_FIELDS
    slop = 1 if literal else PHRASE_SLOP
    return _either([_phrase(f, variant.terms, slop, df) for f in fields], weight)


def clause_query(clause: Clause, df=None) -> wq.Query | None:
    if len(clause.variants) == 1:
        return variant_query(clause.variants[0], TYPED_WEIGHT, typed=True, literal=clause.literal, df=df)
    subs = [
        variant_query(v, TYPED_WEIGHT if i == 0 else SYNONYM_WEIGHT, typed=i == 0, literal=False, df=df)
        for i, v in enumerate(clause.variants)
    ]
    subs = [q for q in subs if q is not None]
    return BestVariant(subs) if subs else None


def whoosh_query(parsed: ParsedQuery, *, require_all: bool, df=None) -> wq.Query:
    """The Whoosh query; with ``df`` (see ``variant_query``) parts that cannot match are left out,
    and a query that cannot match anything is ``wq.NullQuery``."""
    subs = [clause_query(c, df) for c in parsed.clauses]
    if require_all and any(q is None for q in subs):
        return wq.NullQuery  # one clause matches nothing, so all of them together cannot
    subs = [q for q in subs if q is not None]
    if not subs:
        return wq.NullQuery
    combined = wq.And(subs) if require_all else Either(subs)
    return combined.normalize()
