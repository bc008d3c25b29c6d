"""Relevance figures of a question set: precision@1, expected article in the top 3, MRR, gaps flagged.

    python -m search.evaluation QUESTIONS.yml [--out DIR] [--at ISO] [--lang CODE]

A question set is YAML: ``questions:`` (or ``queries:``), each ``{query, expect}`` (the article id
a support agent would give) or ``{query, gap: true}`` (nothing answers it, so the search must not
claim a confident answer), with optional ``audience``, ``country``, ``usertype``. The figures for
answerable questions count a question as found at rank r when ``expect`` is the r-th result.
A set is in the language its file name ends with (``golden_questions_es.yml``: ``es``; without a
suffix, the source language), and is searched in it; ``--lang`` says otherwise.
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from core.targeting import to_moment


@dataclass
class Figures:
    answerable: int = 0
    at_1: int = 0
    in_top_3: int = 0
    reciprocal_ranks: float = 0.0
    gaps: int = 0
    gaps_flagged: int = 0
    confident_answers: int = 0  # answerable questions answered confidently at rank 1
    answers_flagged: int = 0  # answerable questions without a confident answer: counted as gaps by the report
    misses: list = field(default_factory=list)  # (query, expected, rank or None, top ids)
    unflagged_gaps: list = field(default_factory=list)  # (query, top id)

    @property
    def precision_at_1(self) -> float:
        return self.at_1 / self.answerable if self.answerable else 0.0

    @property
    def top_3(self) -> float:
        return self.in_top_3 / self.answerable if self.answerable else 0.0

    @property
    def mrr(self) -> float:
        return self.reciprocal_ranks / self.answerable if self.answerable else 0.0

    def summary(self) -> str:
        return (f"{self.answerable} answerable questions: precision@1 {self.precision_at_1:.3f}, "
                f"top 3 {self.top_3:.3f}, MRR {self.mrr:.3f}, confident at rank 1 {self.confident_answers}; "
                f"{self.gaps} gaps, {self.gaps_flagged} flagged; "
                f"{self.answers_flagged} real answers flagged as gaps")


def language_of(path: Path) -> str:
    """The language of a question set, from its file name.

    >>> language_of(Path("tests/golden_questions_es.yml")), language_of(Path("golden_questions.yml"))
    ('es', 'en')
    """
    from .analysis import SOURCE_LANGUAGE

    found = re.search(r"_([a-z]{2,3})$", Path(path).stem)
    return found.group(1) if found else SOURCE_LANGUAGE


def load_questions(path: Path) -> list[dict]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return data.get("questions") or data.get("queries") or []


def evaluate(searcher, questions: list[dict], at=None, lang: str | None = None) -> Figures:
    """The figures of ``questions`` searched with ``searcher`` (a ``Searcher``, or ``Searchers``
    with ``lang``). Only results in the language searched count: an English result after a
    Spanish search (the fallback) is not a Spanish answer."""
    figures = Figures()
    language = {} if lang is None else {"lang": lang}
    for q in questions:
        result = searcher.search(q["query"], audience=q.get("audience"), country=q.get("country"),
                                 usertype=q.get("usertype"), at=at, limit=10, **language)
        found = [r["id"] for r in result["results"] if r.get("lang", result.get("lang")) == result.get("lang")]
        if q.get("gap"):
            figures.gaps += 1
            if result["confident"]:
                figures.unflagged_gaps.append((q["query"], found[0]))
            else:
                figures.gaps_flagged += 1
            continue
        figures.answerable += 1
        figures.answers_flagged += not result["confident"]
        rank = found.index(q["expect"]) + 1 if q["expect"] in found else None
        if rank == 1:
            figures.at_1 += 1
            figures.confident_answers += bool(result["confident"])
        if rank and rank <= 3:
            figures.in_top_3 += 1
        if rank:
            figures.reciprocal_ranks += 1 / rank
        if rank != 1:
            figures.misses.append((q["query"], q["expect"], rank, found[:3]))
    return figures


def main(argv=None) -> int:
    from .languages import Searchers

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("questions", type=Path)
    p.add_argument("--out", type=Path, default=Path("output"), help="the build output folder (default: output)")
    p.add_argument("--at", default=None, help="search as of this moment, ISO 8601 (default: now)")
    p.add_argument("--lang", default=None, help="the language searched (default: from the file name)")
    args = p.parse_args(argv)
    searcher = Searchers.for_release((args.out / "current").resolve())
    try:
        figures = evaluate(searcher, load_questions(args.questions), to_moment(args.at) if args.at else None,
                           lang=args.lang or language_of(args.questions))
    finally:
        searcher.close()
    print(figures.summary())
    for query, expected, rank, top in figures.misses:
        print(f"  not first: {query!r}: expected {expected} at {rank or '-'}, got {', '.join(top) or 'nothing'}")
    for query, top in figures.unflagged_gaps:
        print(f"  gap answered confidently: {query!r} -> {top}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
