"""Owns the verified answers: which claims of the articles the rules prove, their ledger, and explanations.

The middle floor between ``core`` (the articles and their claims) and the faces: it reads
``core`` and ``rules_engine`` and knows nothing of the site, the command line or HTTP.
"""
from __future__ import annotations

from .claims import EDITORIAL, UNVERIFIED, VERIFIED, Answer, answer_id, rule_anchor
from .examples import ExampleFailure, run_article_examples
from .explain import ASKERS, FORMATS, LANGUAGES, Explanation, explain, render, spoken, translated_answers
from .ledger import LEDGER, check_ledger, read_ledger, update_ledger
from .verification import Verification, prove, published_answers, verify

__all__ = [
    "ASKERS",
    "EDITORIAL",
    "FORMATS",
    "LANGUAGES",
    "LEDGER",
    "UNVERIFIED",
    "VERIFIED",
    "Answer",
    "ExampleFailure",
    "Explanation",
    "Verification",
    "answer_id",
    "check_ledger",
    "explain",
    "render",
    "prove",
    "published_answers",
    "read_ledger",
    "rule_anchor",
    "run_article_examples",
    "spoken",
    "translated_answers",
    "update_ledger",
    "verify",
]
