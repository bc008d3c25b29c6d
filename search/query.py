"""Query understanding as small named steps: normalise, split phrases, aliases as filters, synonym
phrases found anywhere (question words skipped inside them), question words dropped, then the
concepts the ranking counts.

Nothing here interprets query syntax: ``AND``, ``title:x``, parentheses and stray quotes are
plain text, so no input can make the parser fail.

    >>> from search.synonyms import Synonyms, SynonymGroup, Variant
    >>> close = Variant("close contract", ("close", "contract"))
    >>> end = Variant("end contract", ("end", "contract"))
    >>> group = SynonymGroup(1, (close, end), (close, end), False)
    >>> parsed = parse("How do I close my contract early?", Synonyms.build([group], {}))
    >>> [(c.typed, [v.text for v in c.variants]) for c in parsed.concepts]
    [('close contract', ['close contract', 'end contract']), ('earli', ['earli'])]
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .analysis import ENGLISH
from .synonyms import Synonyms, Variant

MAX_QUERY_CHARS = 500
# A query keeps at most MAX_QUERY_CONCEPTS concepts; results are ranked by the MAX_CONCEPTS most
# specific of them (search.searcher), so the question at the end of a long message is not cut off.
MAX_QUERY_CONCEPTS = 40
MAX_CONCEPTS = 12


class QueryError(ValueError):
    """The query cannot be searched; the message says why, in words for the person who typed it."""


class Phrases(frozenset):
    """Known phrases (analysed term tuples, see ``find_synonyms``), with the length of the longest
    computed once (a help center has thousands of them)."""

    def __new__(cls, items=()):
        self = super().__new__(cls, items)
        self.longest = max((len(p) for p in self), default=0)
        return self


@dataclass(frozen=True)
class Concept:
    """One thing the user asked for: a word, a synonym group (every variant counts as the same
    concept) or a quoted phrase. The ranking counts how many of a query's concepts a result covers."""

    typed: str
    variants: tuple[Variant, ...]  # variants[0] is what was typed
    literal: bool = False
    in_phrase: bool = False  # a word of a known phrase typed as written: kept even if a question word
    measure: bool = False  # "much" of "how much" (search.analysis.measure_positions): as a question word
    completed: bool = False  # a half-typed last word: its variants are the words it begins

    @property
    def key(self):
        return (self.literal, tuple(v.terms for v in self.variants), self.completed)

    def is_light(self, light_verbs) -> bool:
        """Typed as one word of ``light_verbs`` (``search.analysis.LIGHT_VERBS``: "take", "give"),
        a verb whose object says what is asked: it weighs little in ranking and confidence."""
        typed = self.variants[0].terms
        return len(typed) == 1 and typed[0] in light_verbs


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # normalised text, as shown back
    concepts: tuple[Concept, ...]
    audience: str | None  # from an alias typed in the query
    words: tuple[str, ...]  # unstemmed unquoted words, for did-you-mean
    completed: str | None = None  # the half-typed last word searched as the words it begins (lowercase)
    asks_only: bool = False  # only question words ("how do i", typed so far): searched, never a confident answer

    @property
    def key(self):
        return (tuple(c.key for c in self.concepts), self.audience)

    @property
    def is_empty(self) -> bool:
        return not self.concepts


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


def searchable(words: str) -> str:
    """At most MAX_QUERY_CHARS of ``words``, cut at the last whole word before it (as the search box
    cuts a long paste: search-worker.js, searchable; the results page and the CLI do the same).

    >>> searchable("end contract"), len(searchable("word " * 200)) <= MAX_QUERY_CHARS
    ('end contract', True)
    >>> searchable("a" * 495 + " bbb " + "cccc")[-5:], searchable("x" * 600) == "x" * MAX_QUERY_CHARS
    ('a bbb', True)
    """
    if len(words) <= MAX_QUERY_CHARS:
        return words
    cut = words[:MAX_QUERY_CHARS]
    if words[MAX_QUERY_CHARS].isspace():  # the cut falls between two words
        return cut
    return re.sub(r"\s+\S*$", "", cut) or cut


def split_phrases(text: str) -> list[tuple[bool, str]]:
    """(quoted?, text) parts. Balanced double quotes make a literal phrase; a stray quote is ignored.

    >>> split_phrases('cancel "end contract" now "')
    [(False, 'cancel '), (True, 'end contract'), (False, ' now  ')]
    """
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


def _windows(tokens: tuple[str, ...], i: int, longest: int, question_words=ENGLISH.question_words):
    """Candidate synonym phrases starting at ``i``, longest first: the tokens as typed, then the
    same number of tokens with question words skipped ("close my contract" -> "close contract")
    and at most one other word skipped ("end an hourly contract" -> "end contract", with "hourly"
    kept as a word of its own). Yields (terms, tokens consumed, skipped words to keep)."""
    for n in range(min(longest, len(tokens) - i), 0, -1):
        yield tuple(tokens[i : i + n]), n, ()
        if n == 1:
            continue
        for allowed_other in (0, 1):
            picked, kept, j = [tokens[i]], [], i + 1
            while j < len(tokens) and len(picked) < n:
                if tokens[j] in question_words:
                    pass
                elif j + 1 < len(tokens) and len(kept) < allowed_other and tokens[j + 1] not in question_words \
                        and len(picked) < n and _skippable(tokens, j, picked, n):
                    kept.append(tokens[j])
                else:
                    picked.append(tokens[j])
                j += 1
            if len(picked) == n and j - i > n and (allowed_other == 0 or kept):
                yield tuple(picked), j - i, tuple(kept)


def _skippable(tokens, j, picked, n) -> bool:
    # Skip tokens[j] only when the token after it can complete the phrase being built.
    return len(picked) == n - 1


def find_synonyms(parts, synonyms: Synonyms, *, enabled: bool = True, analysis=ENGLISH,
                  phrases: frozenset = frozenset()) -> list[Concept]:
    """Analyze each unquoted part (with the query language's ``analysis``) and match synonym
    entries anywhere in it, longest first. Quoted phrases are literal concepts. A known phrase
    (``phrases``: analysed keywords and headings of the articles) typed as it is written there is
    matched before single-word synonyms: its words are searched as typed, so "review period" is
    not a search for "feedback" and "payment hold" none for "pause", question words included
    ("where is my payment" is a heading); a synonym phrase at least as long still wins."""
    analyze, question_words = analysis.analyze, analysis.question_words
    concepts: list[Concept] = []
    longest = synonyms.longest if enabled else 0
    if not isinstance(phrases, Phrases):
        phrases = Phrases(phrases)
    phrase_longest = phrases.longest if enabled else 0
    for quoted, text in parts:
        if quoted:
            terms = analyze(text)
            if terms:
                concepts.append(Concept(text, (Variant(text.lower(), terms),), literal=True))
            continue
        tokens = analyze(text)
        measures = analysis.measure_positions(text)
        i = 0
        while i < len(tokens):
            known = next((n for n in range(min(phrase_longest, len(tokens) - i), 1, -1)
                          if tuple(tokens[i:i + n]) in phrases), 0)
            for terms, used, kept in _windows(tokens, i, longest, question_words):
                hit = synonyms.lookup(terms)
                if hit and len(terms) >= known:
                    group, typed = hit
                    concepts.append(Concept(typed.text, group.expansions(typed)))
                    concepts.extend(Concept(t, (Variant(t, (t,)),)) for t in kept)
                    i += used
                    break
            else:
                n = known or 1
                concepts.extend(Concept(t, (Variant(t, (t,)),), in_phrase=bool(known), measure=not known and k in measures)
                                for k, t in enumerate(tokens[i:i + n], i))
                i += n
    return _dedupe(concepts)


def drop_question_words(concepts: list[Concept], question_words=ENGLISH.question_words,
                        light_verbs=frozenset()) -> list[Concept]:
    """"how do I ..." words, and the measure of "how much", go when something else is left to search
    for, unless they are words of a heading or keyword typed as written ("where is my payment" is a
    heading); when nothing else is, or only light verbs (``search.analysis.LIGHT_VERBS``: "how long
    does it take"), the measure stays ("how much" is a search for "much").

    >>> from search.synonyms import EMPTY
    >>> [[c.typed for c in parse(q, EMPTY).concepts] for q in ("how much commission", "how much", "how long does it take")]
    [['commiss'], ['much'], ['long', 'take']]
    """
    def asks(c: Concept) -> bool:
        return c.measure and plain(c) or _question_word(c, question_words)

    def plain(c: Concept) -> bool:
        return not (c.literal or c.in_phrase or len(c.variants) > 1)

    kept = [c for c in concepts if not asks(c)]
    if kept and not all(plain(c) and c.is_light(light_verbs) for c in kept):
        return kept
    return [c for c in concepts if c.measure or not asks(c)] or concepts


def _dedupe(concepts):
    seen, out = set(), []
    for c in concepts:
        if c.key not in seen:
            seen.add(c.key)
            out.append(c)
    return out


MIN_COMPLETED = 3  # a half-typed last word is completed from this many letters


def complete_last_word(raw: str, concepts: list[Concept], complete, analysis=ENGLISH) -> tuple[list[Concept], str | None]:
    """The last word of a query still being typed (``raw`` does not end with a space or a closing
    quote, as the site's search box asks while the reader types) searched as the words it begins:
    ``complete(word)`` gives their terms, or nothing for a word the language has as typed. "withdr"
    finds "Withdrawal methods" before the word is finished, and is never corrected to another word.
    Only a plain word, typed as itself (not part of a synonym or a phrase), of MIN_COMPLETED letters.

    >>> from search.synonyms import EMPTY
    >>> words = {"withdr": ("withdraw", "withdrawn")}
    >>> def completed(raw):
    ...     concepts, word = complete_last_word(raw, list(parse(raw, EMPTY).concepts), lambda w: words.get(w, ()))
    ...     return word, [[v.text for v in c.variants] for c in concepts]
    >>> completed("fees withdr")
    ('withdr', [['fee'], ['withdraw', 'withdrawn']])
    >>> completed("fees withdr "), completed('fees "withdr"'), completed("withdrawal")
    ((None, [['fee'], ['withdr']]), (None, [['fee'], ['withdr']]), (None, [['withdraw']]))
    >>> words["with"] = ("withdraw",)  # a word searched for nothing: completed only when typed alone
    >>> completed("with"), completed("fees with")
    (('with', [['withdraw']]), (None, [['fee']]))
    """
    if not complete or not raw or raw[-1].isspace() or raw.rstrip()[-1:] == '"':
        return concepts, None
    words = _WORD.findall(raw)
    if not words:
        return concepts, None
    word = words[-1].lower()
    if len(word) < MIN_COMPLETED or not word.isalpha():
        return concepts, None
    terms = analysis.analyze(word)
    if concepts:
        last = concepts[-1]
        if len(terms) != 1 or last.literal or last.in_phrase or len(last.variants) != 1 or last.variants[0].terms != terms:
            return concepts, None
    elif terms:
        return concepts, None
    # else a word searched for nothing ("with" of "withdraw"), typed alone
    found = tuple(complete(word))
    if not found:
        return concepts, None
    return concepts[:-1] + [Concept(word, tuple(Variant(t, (t,)) for t in found), completed=True)], word


def parse(raw: str, synonyms: Synonyms, *, use_synonyms: bool = True, analysis=ENGLISH,
          phrases=frozenset(), complete=None) -> ParsedQuery:
    """``raw`` as concepts, analysed with the query language's ``analysis`` (``search.analysis``)
    and matched against that language's ``synonyms``; with ``complete``, a half-typed last word is
    searched as the words it begins (``complete_last_word``)."""
    text = normalise(raw)
    parts = split_phrases(text)
    parts, audience = take_aliases(parts, synonyms)
    concepts = find_synonyms(parts, synonyms, enabled=use_synonyms, analysis=analysis, phrases=phrases)
    concepts = drop_question_words(concepts, analysis.question_words, analysis.light_verbs)[:MAX_QUERY_CONCEPTS]
    concepts, completed = complete_last_word(raw, concepts, complete, analysis)
    unquoted = " ".join(t for q, t in parts if not q)
    asks_only = bool(concepts) and all(_question_word(c, analysis.question_words) and not c.measure for c in concepts)
    return ParsedQuery(text, tuple(concepts), audience, analysis.words(unquoted), completed, asks_only)


def _question_word(c: Concept, question_words) -> bool:
    """A question word typed as itself (not quoted, not a word of a phrase or synonym)."""
    return not (c.literal or c.in_phrase or len(c.variants) > 1) and c.variants[0].terms[0] in question_words


# -- corrections -------------------------------------------------------------------------------

_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)  # "filter-cl" and "won't" are one word


def unquoted_words(text: str):
    """(start, end, word) of each word outside balanced double quotes: the only words a
    correction may change.

    >>> [w for _, _, w in unquoted_words('cancle "cancle contract" now')]
    ['cancle', 'now']
    """
    quoted, pos = [], 0
    while True:
        start = text.find('"', pos)
        end = text.find('"', start + 1) if start >= 0 else -1
        if start < 0 or end < 0:
            break
        quoted.append((start, end))
        pos = end + 1
    for m in _WORD.finditer(text):
        if not any(s < m.start() < e for s, e in quoted):
            yield m.start(), m.end(), m.group()


def replace_words(text: str, replacements: dict[int, str]) -> str:
    """``text`` with the words starting at the given offsets replaced; everything else, quotes
    included, as typed."""
    out, pos = [], 0
    for start, end, _ in unquoted_words(text):
        if start in replacements:
            out.append(text[pos:start])
            out.append(replacements[start])
            pos = end
    out.append(text[pos:])
    return "".join(out)
