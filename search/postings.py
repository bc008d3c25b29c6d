"""Reading one term's BM25F scores from a Whoosh segment: a fast block-by-block path over
whoosh-reloaded's private posting reader, behind checks, with Whoosh's public matcher as fallback.

The fast path reads a W3 codec posting list a block at a time (``_read_ids``, ``_read_weights``,
``_next_block``, ``_ids``, ``_weights``) and scores with the field's BM25F ``scorer._score(weight,
length)``: the numbers Whoosh's own ``matcher.score()`` computes, without several Python calls per
posting. Every private name it touches is checked before use (``usable``); a segment with deleted
documents wraps the posting list in a public ``FilterMatcher`` whose child is read the same way,
skipping the deleted documents. When anything is missing or a check fails, the term is read
through the public ``Matcher`` API (``is_active``, ``id``, ``score``, ``next``) instead, and
``PostingsReader.taken`` says which path each read took (tests assert the fast one is taken on
fresh and incrementally updated indexes).
"""
from __future__ import annotations

from collections import Counter

try:  # the private classes the fast path relies on; absent in another Whoosh, the public path remains
    from whoosh.codec.whoosh3 import W3LeafMatcher
    from whoosh.matching.wrappers import FilterMatcher
    from whoosh.scoring import WeightLengthScorer
except ImportError:  # pragma: no cover - depends on the installed Whoosh
    W3LeafMatcher = FilterMatcher = WeightLengthScorer = None

_LEAF_METHODS = ("reset", "is_active", "_read_ids", "_read_weights", "_next_block")


def unwrap(matcher):
    """(leaf posting reader, deleted document numbers) when the fast path can read ``matcher``,
    else None. Checks every private attribute the fast path uses."""
    if W3LeafMatcher is None:
        return None
    deleted = frozenset()
    if FilterMatcher is not None and type(matcher) is FilterMatcher:
        # A segment with deletions: exclude=True with the segment's deleted set (reading.py).
        if getattr(matcher, "_exclude", None) is not True or not hasattr(getattr(matcher, "_ids", None), "__contains__"):
            return None
        deleted = matcher._ids
        matcher = getattr(matcher, "child", None)
    if type(matcher) is not W3LeafMatcher:
        return None
    if not all(callable(getattr(matcher, name, None)) for name in _LEAF_METHODS):
        return None
    scorer = getattr(matcher, "scorer", None)
    if not isinstance(scorer, WeightLengthScorer) or not callable(getattr(scorer, "_score", None)):
        return None
    return matcher, deleted


class PostingsReader:
    """{docnum: score} for a term in a segment. ``fast=False`` always takes the public path (the
    reference the tests compare the fast path with)."""

    def __init__(self, *, fast: bool = True):
        self.fast = fast
        self.taken: Counter = Counter()  # "fast" / "public" -> segment reads

    def read(self, matcher, offset: int, lengths, docnums, out: dict, *, phrase: bool = False) -> None:
        """Add ``matcher``'s documents (shifted by the segment ``offset``) and scores to ``out``.
        ``lengths[d]`` is document d's field length in the segment; ``docnums`` maps a number to
        a shared int object (so many cached dicts hold one object per document). A phrase needs
        positions, which only Whoosh's phrase matcher checks: always the public path."""
        if phrase:
            self.taken["phrase"] += 1
            while matcher.is_active():
                out[docnums[matcher.id() + offset]] = matcher.score()
                matcher.next()
            return
        found = unwrap(matcher) if self.fast else None
        if found is not None:
            partial = {}
            if self._read_blocks(*found, offset, lengths, docnums, partial):
                out.update(partial)
                self.taken["fast"] += 1
                return
            matcher.reset()  # a check failed half way: start over on the public path
        self.taken["public"] += 1
        while matcher.is_active():
            out[docnums[matcher.id() + offset]] = matcher.score()
            matcher.next()

    @staticmethod
    def _read_blocks(leaf, deleted, offset, lengths, docnums, out) -> bool:
        leaf.reset()
        if getattr(leaf, "_i", None) != 0:
            return False
        score, length = leaf.scorer._score, lengths.__getitem__
        while leaf.is_active():
            leaf._read_ids()
            leaf._read_weights()
            ids, weights = getattr(leaf, "_ids", None), getattr(leaf, "_weights", None)
            if ids is None or weights is None or len(ids) != len(weights):
                return False
            if deleted:
                kept = [k for k, d in enumerate(ids) if d not in deleted]
                ids, weights = [ids[k] for k in kept], [weights[k] for k in kept]
            shifted = [docnums[d + offset] for d in ids]
            out.update(zip(shifted, map(score, weights, map(length, ids))))
            leaf._next_block()
        return True
