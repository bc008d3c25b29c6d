"""What users write back: article feedback and search analytics, their storage and the report.

The public surface::

    store = store_for(out_dir)                 # SQLite in out_dir, or HELPCENTER_DATABASE_URL
    store.add_feedback(feedback_from_json(body, published_ids))
    search_id = log_search(store, query, result_count, audience=..., country=..., usertype=...)
"""
from __future__ import annotations

from .entries import (
    MAX_QUERY,
    MAX_RANK,
    MAX_TEXT,
    MAX_URL,
    QUERY_PATTERN,
    REASONS,
    SOURCE_LANGUAGE,
    Click,
    Feedback,
    InvalidEntry,
    Search,
    click_from_json,
    feedback_from_json,
    normalise_query,
)
from .store import DATABASE_URL_ENV, SQLITE_FILE, Store, close_stores, database_location, open_store, store_for


def log_search(store: Store, query: str | None, result_count: int, *, audience: str | None = None,
               country: str | None = None, usertype: str | None = None, confident: bool | None = None,
               lang: str | None = None) -> str:
    """Log one search (normalised query, filters, result count, whether the first result was a
    confident answer, the language searched) without waiting; returns its id."""
    return store.queue_search(normalise_query(query) or "", int(result_count), audience, country, usertype,
                              confident, lang or SOURCE_LANGUAGE)


__all__ = [
    "MAX_QUERY", "MAX_RANK", "MAX_TEXT", "MAX_URL", "QUERY_PATTERN", "REASONS", "Click", "Feedback", "InvalidEntry", "Search", "click_from_json",
    "feedback_from_json", "normalise_query", "DATABASE_URL_ENV", "SQLITE_FILE", "Store", "database_location",
    "open_store", "store_for", "close_stores", "log_search",
]
