"""Search: the Whoosh index, synonyms, the query pipeline and the client-side fallback index."""
from .fallback import site_synonyms, write_fallback_index
from .index import (IndexStats, build_index, build_indexes, index_name, indexed_article_ids, indexed_articles,
                    language_indexes)
from .synonyms import SynonymGroup, Synonyms, Variant, check_collisions, load_synonyms

__all__ = [
    "IndexStats", "SynonymGroup", "Synonyms", "Variant",
    "build_index", "build_indexes", "index_name", "indexed_article_ids", "indexed_articles", "language_indexes",
    "check_collisions", "load_synonyms", "site_synonyms", "write_fallback_index",
]

from .query import QueryError  # noqa: E402
from .searcher import SearchConfig, Searcher, check_visitor  # noqa: E402
from .languages import Searchers  # noqa: E402

__all__ += ["QueryError", "SearchConfig", "Searcher", "Searchers", "check_visitor"]
