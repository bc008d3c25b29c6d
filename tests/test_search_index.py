"""The index: documents per article and section, incremental re-indexing, the client-side fallback index."""
import datetime as dt
import hashlib
import dataclasses
import json
from pathlib import Path

import pytest

from conftest import CONTENT, write_article
from core.content import load_content
from core.problems import Problems
from search import Searcher, build_index, indexed_article_ids
from search.fallback import fallback_terms
from search.synonyms import load_synonyms

AT = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
FRONT = """
id: {id}
title: {title}
summary: A short summary.
audience: [freelancer]
category: contracts
"""


def tree(root, n=3):
    for i in range(n):
        write_article(root, f"a{i}.md", FRONT.format(id=f"art-{i}", title=f"Article number {i}"),
                      f"Intro {i}.\n\n## Part one {{#one}}\n\nAlpha text {i}.\n\n## Part two {{#two}}\n\nBeta text.\n")
    return load_content(root, Problems()).articles


def folder_digest(path):
    h = hashlib.sha256()
    for p in sorted(path.rglob("*")):
        if p.is_file():
            h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


def test_one_document_per_article_and_section(content_tree, tmp_path):
    articles = tree(content_tree)
    stats = build_index(articles, tmp_path / "ix", previous=None)
    assert (stats.articles, stats.documents, stats.added) == (3, 9, 3)
    assert "3 articles in 9 documents" in str(stats)
    assert indexed_article_ids(tmp_path / "ix") == {"art-0", "art-1", "art-2"}


def test_incremental_reindex_touches_only_the_edited_article(content_tree, tmp_path):
    articles = tree(content_tree)
    build_index(articles, tmp_path / "v1", previous=None)
    before = folder_digest(tmp_path / "v1")
    write_article(content_tree, "a1.md", FRONT.format(id="art-1", title="Article number 1"),
                  "Intro 1.\n\n## Part one {#one}\n\nGamma rewritten.\n")
    (content_tree / "articles" / "a2.md").unlink()
    articles = load_content(content_tree, Problems()).articles
    stats = build_index(articles, tmp_path / "v2", previous=tmp_path / "v1", progress=lambda m: None)
    assert (stats.incremental, stats.added, stats.updated, stats.removed, stats.unchanged) == (True, 0, 1, 1, 1)
    assert folder_digest(tmp_path / "v1") == before  # the previous release is never written to
    s = Searcher(tmp_path / "v2")
    try:
        assert [r["url"] for r in s.search("gamma", at=AT)["results"]] == ["/art-1/#one"]
        assert s.search("alpha", at=AT)["results"][0]["id"] == "art-0"
        assert [r["id"] for r in s.search("alpha", at=AT)["results"]] == ["art-0"]  # art-1's old text is gone
    finally:
        s.close()
    assert indexed_article_ids(tmp_path / "v2") == {"art-0", "art-1"}


def test_unchanged_content_reindexes_nothing(content_tree, tmp_path):
    articles = tree(content_tree)
    build_index(articles, tmp_path / "v1", previous=None)
    stats = build_index(articles, tmp_path / "v2", previous=tmp_path / "v1")
    assert (stats.added, stats.updated, stats.removed, stats.unchanged) == (0, 0, 0, 3)


def test_previous_without_an_index_means_a_full_build(content_tree, tmp_path):
    articles = tree(content_tree)
    (tmp_path / "empty").mkdir()
    stats = build_index(articles, tmp_path / "v2", previous=tmp_path / "empty")
    assert (stats.incremental, stats.added) == (False, 3)


def test_fallback_terms_are_keywords_and_synonyms(content_tree):
    (content_tree / "synonyms.yml").write_text(
        "synonyms:\n  - end contract, quit\n  - fire => end contract\n  - refund, money back\n", encoding="utf-8")
    write_article(content_tree, "end.md", FRONT.format(id="end", title="Finish work") + "keywords: [close contract]\n")
    [article] = load_content(content_tree, Problems()).articles
    synonyms = load_synonyms(content_tree / "synonyms.yml", Problems())
    assert fallback_terms(article, synonyms) == ["close contract"]
    # "End a contract" is searched as "end contract" ('a' is a stop word): a source of two lines
    write_article(content_tree, "end.md", FRONT.format(id="end", title="End a contract") + "keywords: [close contract]\n")
    [article] = load_content(content_tree, Problems()).articles
    assert fallback_terms(article, synonyms) == ["close contract", "end contract", "quit", "fire"]


def test_built_fallback_index_has_keywords_and_nothing_internal(built_out):
    data = json.loads((built_out / "current" / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert data["config"]["fields"]["keywords"] == {"boost": 100.0}
    by_location = {d["location"]: d for d in data["docs"]}
    keywords = by_location["end-a-contract/"]["keywords"]
    assert "quit" in keywords and "terminate contract" in keywords
    manifest = json.loads((built_out / "current" / "build.json").read_text(encoding="utf-8"))
    pages = {d["location"].split("/")[0] for d in data["docs"] if "keywords" in d}
    assert pages <= set(manifest["articles"])
    assert indexed_article_ids(built_out / "current" / "index") == set(manifest["articles"])


def test_fallback_terms_of_a_translation_are_read_in_its_language(content_tree):
    (content_tree / "synonyms.yml").write_text(
        "synonyms:\n  - end contract, quit\n"
        "languages:\n  es:\n    - terminar contrato, rescindir contrato\n    - despedir => terminar contrato\n",
        encoding="utf-8")
    write_article(content_tree, "end.md", FRONT.format(id="end", title="End a contract"))
    [article] = load_content(content_tree, Problems()).articles
    synonyms = load_synonyms(content_tree / "synonyms.yml", Problems())
    # "Terminar los contratos" is "terminar contrato" once Spanish stop words and stems are applied.
    spanish = dataclasses.replace(article, lang="es", title="Terminar los contratos", keywords=("cerrar contrato",))
    assert fallback_terms(spanish, synonyms.for_language("es")) == [
        "cerrar contrato", "terminar contrato", "rescindir contrato", "despedir"]
    assert fallback_terms(spanish, synonyms) == ["cerrar contrato"]  # English lines say nothing of Spanish words


@pytest.mark.parametrize("lang, synonym", [("es", "rescindir contrato"), ("fr", "licencier")])
def test_each_languages_fallback_index_has_its_keywords_and_synonyms(built_out, lang, synonym):
    """site/<lang>/search/search_index.json (the Spanish or French site's own search box when the API
    is not reachable) holds each translation's keywords and that language's synonyms, like the English one."""
    release = built_out / "current"
    data = json.loads((release / "site" / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert data["config"]["fields"]["keywords"] == {"boost": 100.0}
    content = load_content(CONTENT, Problems())
    synonyms = load_synonyms(CONTENT / "synonyms.yml", Problems()).for_language(lang)
    translated = json.loads((release / "build.json").read_text(encoding="utf-8"))["translations"][lang]
    expected = {f"{i}/": " ".join(fallback_terms(content.translation(lang, i), synonyms)) for i in translated}
    assert {d["location"]: d["keywords"] for d in data["docs"] if "keywords" in d} == expected
    keywords = expected["end-a-contract/"]
    assert synonym in keywords and synonym not in content.translation(lang, "end-a-contract").keywords
    assert keywords.startswith(" ".join(content.translation(lang, "end-a-contract").keywords))


def test_the_index_keeps_its_articles_phrases_and_title_terms(content_tree, tmp_path):
    articles = tree(content_tree)
    build_index(articles, tmp_path / "ix", previous=None)
    assert json.loads((tmp_path / "ix" / "hc-phrases.json").read_text()) == [["part", "one"], ["part", "two"]]
    # and each title's terms, for the article called what was asked ("Article number 0": "0" is too short)
    assert json.loads((tmp_path / "ix" / "hc-titles.json").read_text()) == {"articl number": ["art-0", "art-1", "art-2"]}
    searcher = Searcher(tmp_path / "ix", warm=False)
    try:
        assert searcher.phrases == {("part", "one"), ("part", "two")}
    finally:
        searcher.close()


def test_an_index_updated_in_place_ranks_as_one_built_fresh(tmp_path):
    # Whoosh counts deleted documents in BM25F's statistics (a term's document frequency, the
    # average field length) until segments are merged, and ties went to the lower document number,
    # which an updated article changes: the same articles ranked differently after a few saves.
    import yaml

    from conftest import BUILD_AT

    content = load_content(CONTENT, Problems())
    articles = content.published(BUILD_AT)
    edited = [dataclasses.replace(a, title=a.title + " contract refund edited") if i % 5 == 0 else a
              for i, a in enumerate(articles)]
    build_index(articles, tmp_path / "fresh")
    build_index(edited, tmp_path / "edited", previous=tmp_path / "fresh")
    stats = build_index(articles, tmp_path / "back", previous=tmp_path / "edited")  # the same articles again
    assert stats.incremental and stats.updated == len(articles[::5])
    synonyms = load_synonyms(CONTENT / "synonyms.yml", Problems())
    questions = [q["query"] for q in yaml.safe_load((Path(__file__).parent / "golden_questions.yml").read_text())["questions"]]
    fresh, back = Searcher(tmp_path / "fresh", synonyms), Searcher(tmp_path / "back", synonyms)
    try:
        assert back._s.reader().has_deletions()
        def ranked(s, q):
            return [(r["id"], r["url"], round(r["score"], 6)) for r in s.search(q, at=BUILD_AT, limit=10)["results"]]
        assert {q: ranked(back, q) for q in questions} == {q: ranked(fresh, q) for q in questions}
    finally:
        fresh.close()
        back.close()
