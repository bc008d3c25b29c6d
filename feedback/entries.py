"""What a user writes back, as validated entries: feedback on an article, a search, a click."""
from __future__ import annotations

import json
import os
import random
import re
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

REASONS = ("outdated", "unclear", "missing-info", "didnt-solve", "other")
MAX_TEXT = 1000
MAX_QUERY = 500
MAX_URL = 2000
MAX_RANK = 1000
SOURCE_LANGUAGE = "en"  # what an entry without a language is in (pages and searches before translations)
# A query that counts as one: some character that is neither a space nor a control character.
QUERY_PATTERN = "[^\\s\\x00-\\x1f\\x7f]"


class InvalidEntry(ValueError):
    """A value that cannot be stored; the message starts with the field's name."""

    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}")
        self.field = field


@dataclass(frozen=True)
class Feedback:
    article_id: str
    helpful: bool
    reason: str | None = None
    text: str | None = None
    query: str | None = None  # normalised: the search that led to the article
    lang: str = SOURCE_LANGUAGE  # the language of the page the reader answered on


@dataclass(frozen=True)
class Search:
    query: str  # normalised
    result_count: int
    audience: str | None = None
    country: str | None = None
    usertype: str | None = None
    id: str = ""
    confident: bool | None = None  # whether the first result answered it (None: not known)
    lang: str = SOURCE_LANGUAGE  # the language searched

    def __post_init__(self):
        if not self.id:
            # Made here, not by the database, so the API can answer before the row is written.
            object.__setattr__(self, "id", new_id())


_generator: random.Random | None = None  # per process: a forked worker must not repeat its parent


def _reseed_after_fork() -> None:
    global _generator
    _generator = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reseed_after_fork)


def new_id() -> str:
    """32 hex digits: the time in milliseconds (12 digits) then 80 random bits, like a UUIDv7
    without the version bits. Ids made later sort later, so the databases add each logged search at
    the end of the id index instead of at a random place in it (half the writer's time per search
    with random ids); 80 random bits keep them unguessable. No system call per id (one search is
    logged per request): a generator per process, seeded from the system's randomness, and seeded
    again in a forked child (``os.register_at_fork``) instead of comparing process ids per call.

    >>> len(new_id()), new_id() != new_id()
    (32, True)
    >>> a = new_id(); time.sleep(0.002); a < new_id()
    True
    """
    global _generator
    if _generator is None:
        _generator = random.Random(int.from_bytes(os.urandom(32), "big"))
    return f"{time.time_ns() // 1_000_000:012x}{_generator.getrandbits(80):020x}"


@dataclass(frozen=True)
class Click:
    article_id: str
    url: str
    search_id: str | None = None
    query: str | None = None  # normalised; used when the click has no search_id
    rank: int | None = None
    lang: str = SOURCE_LANGUAGE  # the language of the result clicked


_SPACE = re.compile(r"\s+")
# PostgreSQL text cannot hold NUL, and no reader means to send control characters.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@lru_cache(maxsize=4096)  # the same queries come back again and again (a str in, a str out)
def normalise_query(text: str | None) -> str | None:
    """The form a query is counted under: NFKC, lower case, single spaces, at most MAX_QUERY.

    >>> normalise_query("  Refund   POLICY\\n")
    'refund policy'
    >>> normalise_query("   ") is None
    True
    >>> normalise_query("refund\\x00")
    'refund'
    """
    if text is None:
        return None
    folded = _SPACE.sub(" ", _CONTROL.sub(" ", unicodedata.normalize("NFKC", text))).strip().casefold()
    return folded[:MAX_QUERY] or None


def feedback_from_json(body, published: set[str] | frozenset[str], languages=(SOURCE_LANGUAGE,)) -> Feedback:
    """Check a POST /api/feedback body against the published article ids and the site's languages.

    >>> feedback_from_json({"article_id": "a", "helpful": False, "reason": "unclear"}, {"a"}).reason
    'unclear'
    >>> feedback_from_json({"article_id": "a", "helpful": "no"}, {"a"})
    Traceback (most recent call last):
    feedback.entries.InvalidEntry: helpful: expected true or false, got 'no'
    """
    body = _object(body, {"article_id", "helpful", "reason", "text", "query", "lang"})
    article_id = _article(body, published)
    lang = _language(body, languages)
    helpful = body.get("helpful")
    if "helpful" not in body:
        raise InvalidEntry("helpful", "required")
    if not isinstance(helpful, bool):
        raise InvalidEntry("helpful", f"expected true or false, got {_show(helpful)}")
    reason = body.get("reason")
    if reason is not None:
        if not isinstance(reason, str) or reason not in REASONS:
            raise InvalidEntry("reason", f"expected one of {', '.join(REASONS)}, got {_show(reason)}")
        if helpful:
            raise InvalidEntry("reason", "only allowed when helpful is false")
    text = _text(body, "text", MAX_TEXT)
    if text is not None and helpful:
        raise InvalidEntry("text", "only allowed when helpful is false")
    query = _text(body, "query", MAX_QUERY)
    return Feedback(article_id, helpful, reason, text.strip() or None if text else None, normalise_query(query), lang)


def click_from_json(body, published: set[str] | frozenset[str], languages=(SOURCE_LANGUAGE,)) -> Click:
    """Check a POST /api/search/click body: search_id or query, article_id, url, rank, lang."""
    body = _object(body, {"search_id", "query", "article_id", "url", "rank", "lang"})
    search_id = body.get("search_id")
    if search_id is not None and (not isinstance(search_id, str) or not re.fullmatch(r"[0-9a-f]{32}", search_id)):
        raise InvalidEntry("search_id", f"expected the search_id of a search response, got {_show(search_id)}")
    query = normalise_query(_text(body, "query", MAX_QUERY))
    if search_id is None and query is None:
        raise InvalidEntry("search_id", "required (or query)")
    article_id = _article(body, published)
    if body.get("url") in (None, ""):
        raise InvalidEntry("url", "required")
    url = _text(body, "url", MAX_URL)
    rank = body.get("rank")
    if isinstance(rank, float) and rank.is_integer():
        rank = int(rank)  # JSON has one number type: 2.0 is 2
    if rank is not None and (not isinstance(rank, int) or isinstance(rank, bool) or not 1 <= rank <= MAX_RANK):
        raise InvalidEntry("rank", f"expected a whole number from 1 to {MAX_RANK}, got {_show(rank)}")
    lang = _language(body, languages)
    return Click(article_id, url, search_id, query, rank, lang)


def _show(value) -> str:
    """A value as JSON spells it, cut short: error messages echo what was sent, never all of it."""
    text = json.dumps(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _object(body, allowed: set[str]) -> dict:
    if not isinstance(body, dict):
        raise InvalidEntry("body", "expected a JSON object")
    for key in sorted(body):
        if key not in allowed:
            raise InvalidEntry(key, "unknown field")
    return body


def _article(body: dict, published) -> str:
    article_id = body.get("article_id")
    if article_id is None:
        raise InvalidEntry("article_id", "required")
    if not isinstance(article_id, str):
        raise InvalidEntry("article_id", f"expected a string, got {_show(article_id)}")
    _check_unicode("article_id", article_id)
    if article_id not in published:
        raise InvalidEntry("article_id", f"unknown article {_show(article_id)}")
    return article_id


def _language(body: dict, languages) -> str:
    """``lang``: one of the site's language codes, as written; the source language when left out.

    >>> _language({"lang": "es"}, ("en", "es")), _language({}, ("en", "es"))
    ('es', 'en')
    >>> _language({"lang": "ES"}, ("en", "es"))
    Traceback (most recent call last):
    feedback.entries.InvalidEntry: lang: expected one of the help center's languages en, es, got 'ES'
    """
    lang = body.get("lang")
    if lang is None:
        return SOURCE_LANGUAGE
    if not isinstance(lang, str) or lang not in languages:
        raise InvalidEntry("lang", f"expected one of the help center's languages {', '.join(languages)}, "
                                   f"got {_show(lang)}")
    return lang


def _text(body: dict, field: str, limit: int) -> str | None:
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidEntry(field, f"expected a string, got {type(value).__name__}")
    if len(value) > limit:
        raise InvalidEntry(field, f"at most {limit} characters, got {len(value)}")
    _check_unicode(field, value)
    return _CONTROL.sub("", value)


# JSON may spell a lone surrogate (\ud800); no database can store one, so it is the sender's error.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_unicode(field: str, value: str) -> None:
    if _SURROGATE.search(value):
        raise InvalidEntry(field, "not valid Unicode: a lone surrogate (\\ud800-\\udfff)")
