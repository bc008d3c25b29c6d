"""What Material's built-in (lunr) search needs, so the fallback search also knows keywords and synonyms."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from core.articles import Article
from core.problems import Problems

from .analysis import for_language
from .synonyms import EMPTY, Synonyms, load_synonyms

# Material's search plugin copies only ``tags`` and ``search.boost`` from page meta into its index
# (material/plugins/search/plugin.py, create_entry_for_section), and ``tags`` would also render
# as tag chips on every page. So nothing goes into page meta: write_fallback_index adds a
# ``keywords`` lunr field to the built index instead. lunr searches every configured field.
FIELD = "keywords"
FIELD_BOOST = 100.0  # between Material's title (1e3) and text (1)


def fallback_terms(article: Article, synonyms: Synonyms) -> list[str]:
    """The article's keywords plus the synonyms that lead to its title or keywords (headings and
    body would drag in every group that mentions "hourly" somewhere), read in the synonyms'
    language (a translation: with its language's synonyms)."""
    analysis = for_language(synonyms.lang)
    texts = [article.title, *article.keywords]
    longest = max(synonyms.longest, 1)
    grams: set[tuple[str, ...]] = set()
    for text in texts:
        terms = analysis.analyze(text)
        for n in range(1, longest + 1):
            grams.update(terms[i : i + n] for i in range(len(terms) - n + 1))
    out = []
    for term in (*article.keywords, *synonyms.terms_for_fallback(grams)):
        if term not in out:
            out.append(term)
    return out


def write_fallback_index(site_dir: Path, published: tuple[Article, ...], synonyms: Synonyms) -> None:
    """Add each published article's keywords and synonyms to the page entry of the
    ``search/search_index.json`` of one language's site (``site/``, or ``site/<code>/`` with that
    language's published translations and ``synonyms.for_language(code)``) and declare the field.
    Only ``published`` (public) articles are touched; the synonym file is public vocabulary."""
    path = Path(site_dir) / "search" / "search_index.json"
    if not path.exists():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    by_location = {f"{a.id}/": a for a in published}  # a page's place in its language's site
    for doc in data.get("docs", []):
        article = by_location.get(doc.get("location", ""))
        if article is None:
            continue
        terms = fallback_terms(article, synonyms)
        if terms:
            doc[FIELD] = " ".join(terms)
    data.setdefault("config", {}).setdefault("fields", {})
    fields = data["config"]["fields"]
    fields.setdefault("title", {"boost": 1000.0})
    fields.setdefault("text", {"boost": 1.0})
    fields[FIELD] = {"boost": FIELD_BOOST}
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


@lru_cache(maxsize=8)
def _load_cached(path: Path, mtime: float) -> Synonyms:
    return load_synonyms(path, Problems())  # validated by the build's first step


def site_synonyms(path: Path) -> Synonyms:
    """The content's ``synonyms.yml`` (every language's lines), read once per version of the file."""
    try:
        return _load_cached(Path(path), Path(path).stat().st_mtime)
    except FileNotFoundError:
        return EMPTY
