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

# The query side (the searcher and numpy: ~0.1 s) is imported when first used, so that a build,
# and its index process, do without it.
_QUERY_SIDE = {"QueryError": "query", "SearchConfig": "searcher", "Searcher": "searcher",
               "check_visitor": "searcher", "Searchers": "languages"}
__all__ += list(_QUERY_SIDE)


def __getattr__(name: str):
    if name not in _QUERY_SIDE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{_QUERY_SIDE[name]}"), name)
    globals()[name] = value
    return value
