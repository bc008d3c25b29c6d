"""The Whoosh indexes: one per language (``index/`` for the source language, ``index-<code>/`` for
each other), each with one document per article and one per H2 section, built incrementally."""
from __future__ import annotations

import hashlib
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from core.articles import Article

from .analysis import LANGUAGE_ANALYSIS_VERSION, SOURCE_LANGUAGE, for_language, markdown_to_text

# Bump when the schema or what goes into a document changes: a previous index of another
# version is not reused.
SCHEMA_VERSION = 7
MARKER = "hc-search.json"
# The analysed multi-word keywords and section headings of the indexed articles: the query matches
# them as phrases before single-word synonyms ("review period" is no search for feedback).
PHRASES = "hc-phrases.json"
# Each article's title as its set of analysed terms: a query whose words are a title's ranks that
# article first among equals ("pause contract": "Pause a contract", not "Resume a paused contract").
TITLES = "hc-titles.json"
INDEX_DIR = "index"  # the source language's, in a release; the others are index-<code>


def index_name(lang: str) -> str:
    """The folder of language ``lang``'s index in a release.

    >>> index_name("en"), index_name("es")
    ('index', 'index-es')
    """
    return INDEX_DIR if lang == SOURCE_LANGUAGE else f"{INDEX_DIR}-{lang}"


def language_indexes(release: Path) -> dict[str, Path]:
    """{language code: index folder} of a release, the source language first (when built)."""
    release = Path(release)
    found = {SOURCE_LANGUAGE: release / INDEX_DIR} if (release / INDEX_DIR).is_dir() else {}
    for folder in sorted(release.glob(f"{INDEX_DIR}-*")):
        code = folder.name[len(INDEX_DIR) + 1:]
        if folder.is_dir() and code != SOURCE_LANGUAGE:
            found[code] = folder
    return found


def index_language(index_dir: Path) -> str:
    """The language an index was built for (its marker file; the source language when absent)."""
    try:
        marker = json.loads((Path(index_dir) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return SOURCE_LANGUAGE
    lang = marker.get("lang", SOURCE_LANGUAGE) if isinstance(marker, dict) else SOURCE_LANGUAGE
    return lang if isinstance(lang, str) else SOURCE_LANGUAGE


# Field boosts: keywords > title > heading > body.
BOOSTS = {"keywords": 4.0, "title": 3.0, "heading": 2.0, "body": 1.0}
TEXT_FIELDS = tuple(BOOSTS)


def make_schema(lang: str = SOURCE_LANGUAGE) -> Schema:
    """The fields of an index of language ``lang``, analysed with that language's analyzer."""
    analysis = for_language(lang)
    ANALYZER, WORDS_ANALYZER = analysis.analyzer, analysis.words_analyzer
    return Schema(
        doc_key=ID(stored=True, unique=True),  # "<id>" or "<id>#<anchor>"
        article_id=ID(stored=True),
        kind=ID(stored=True),  # "article" or "section"
        title=TEXT(analyzer=ANALYZER, stored=True, field_boost=BOOSTS["title"]),
        heading=TEXT(analyzer=ANALYZER, stored=True, field_boost=BOOSTS["heading"]),
        body=TEXT(analyzer=ANALYZER, stored=True, field_boost=BOOSTS["body"]),
        keywords=TEXT(analyzer=ANALYZER, stored=True, field_boost=BOOSTS["keywords"]),
        words=TEXT(analyzer=WORDS_ANALYZER, phrase=False),  # unstemmed vocabulary for did-you-mean, article docs only
        audience=KEYWORD(stored=True, scorable=False),
        country=KEYWORD(stored=True, scorable=False),
        usertype=KEYWORD(stored=True, scorable=False),
        valid_from=_moment(),
        valid_until=_moment(),  # far future for open windows: a DateRange drops docs without it
        url=STORED(),
        content_hash=STORED(),
    )


def _moment() -> DATETIME:
    """A stored and indexed moment, one term per value: the searcher reads the windows from the
    full-precision terms; Whoosh's default adds 7 more per value for fast range queries, which
    we never run (an eighth of all postings)."""
    field = DATETIME(stored=True)
    field.shift_step = 0
    return field


@dataclass
class IndexStats:
    articles: int = 0
    documents: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    incremental: bool = False
    seconds: float = 0.0
    size_bytes: int = 0

    def __str__(self) -> str:
        how = "incremental" if self.incremental else "full"
        return (f"search index ({how}): {self.articles} articles in {self.documents} documents; "
                f"{self.added} added, {self.updated} updated, {self.removed} removed, {self.unchanged} unchanged; "
                f"{self.size_bytes / 1024:.0f} KiB in {self.seconds:.2f} s")


def article_documents(article: Article) -> list[dict]:
    """The Whoosh documents of one article: the article itself, then each H2 section."""
    terms = article.targeting.index_terms()
    common = {
        "article_id": article.id,
        "title": article.title,
        "keywords": "\n".join(article.keywords),
        "audience": " ".join(terms["audience"]),
        "country": " ".join(terms["country"]),
        "usertype": " ".join(terms["usertype"]),
        "valid_from": article.window.start_or_beginning,
        "valid_until": article.window.end_or_never,
    }
    # The worked examples' proofs print English: a translation indexes its own words only.
    proofs = article.lang == SOURCE_LANGUAGE
    article_text = markdown_to_text(article.summary + "\n\n" + article.intro, proofs=proofs)
    everything = " ".join([article.title, *article.keywords, article_text,
                           *(s.title + " " + markdown_to_text(s.text, proofs=proofs) for s in article.sections)])
    docs = [dict(common, doc_key=article.id, kind="article", heading="", body=article_text,
                 url=article.url, words=everything)]
    for s in article.sections:
        if not s.anchor:
            continue
        docs.append(dict(common, doc_key=f"{article.id}#{s.anchor}", kind="section", heading=s.title,
                         body=markdown_to_text(s.text, proofs=proofs), url=f"{article.url}#{s.anchor}"))
    digest = content_hash(docs)
    for d in docs:
        d["content_hash"] = digest
    return docs


_DOCUMENTS: dict[int, tuple[Article, list[dict]]] = {}  # id(article) -> (article, its documents)


def _documents(article: Article) -> list[dict]:
    """``article_documents``, remembered per article object: ``serve --watch`` keeps the Article
    of every unchanged file from one save to the next, and an Article never changes. Not to be
    modified by the caller."""
    found = _DOCUMENTS.get(id(article))
    if found is not None and found[0] is article:
        return found[1]
    if len(_DOCUMENTS) >= 50_000:  # articles of former saves (and other content trees) forgotten
        _DOCUMENTS.clear()
    docs = _DOCUMENTS[id(article)] = (article, article_documents(article))
    return docs[1]


def known_phrases(published, lang: str = SOURCE_LANGUAGE) -> list[list[str]]:
    """The analysed terms of every keyword and section heading of ``published`` that has more than
    one term, sorted (written with the index, read by the searcher).

    >>> from types import SimpleNamespace as A
    >>> known_phrases([A(keywords=("review period", "refund"), sections=(A(title="Dispute hours"),))])
    [['disput', 'hour'], ['review', 'period']]
    """
    analyze = for_language(lang).analyze
    found = {analyze(text) for a in published for text in (*a.keywords, *(s.title for s in a.sections))}
    return sorted(list(terms) for terms in found if len(terms) > 1)


def title_terms(published, lang: str = SOURCE_LANGUAGE) -> dict[str, list[str]]:
    """{a title's distinct analysed terms, sorted and joined by spaces: [article ids]} of ``published``.

    >>> from types import SimpleNamespace as A
    >>> title_terms([A(id="pause", title="Pause a contract"), A(id="resume", title="Resume a paused contract")])
    {'contract paus': ['pause'], 'contract paus resum': ['resume']}
    """
    analyze = for_language(lang).analyze
    found: dict[str, list[str]] = {}
    for a in published:
        terms = sorted(set(analyze(a.title)))
        if terms:
            found.setdefault(" ".join(terms), []).append(a.id)
    return {key: sorted(ids) for key, ids in sorted(found.items())}


def read_titles(index_dir: Path) -> dict:
    """{frozenset of terms: (article ids)} written with the index in ``index_dir`` (empty without)."""
    try:
        data = json.loads((Path(index_dir) / TITLES).read_text(encoding="utf-8"))
        return {frozenset(key.split()): tuple(ids) for key, ids in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def read_phrases(index_dir: Path):
    """The known phrases written with the index in ``index_dir`` (none for an index without them),
    as ``search.query.Phrases``."""
    from .query import Phrases

    try:
        return Phrases(tuple(p) for p in json.loads((Path(index_dir) / PHRASES).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return Phrases()


def content_hash(docs: list[dict]) -> str:
    payload = json.dumps([SCHEMA_VERSION, docs], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


PROGRESS_EVERY = 500


def build_index(published, index_dir: Path, *, previous: Path | None = None, progress=None,
                lang: str = SOURCE_LANGUAGE) -> IndexStats:
    """Index ``published`` (articles in language ``lang``) into ``index_dir`` (a new folder).

    With ``previous`` (the last release's index of that language), copy it and re-index only the
    articles whose content hash changed; ``previous`` itself is never written to.
    """
    progress = progress or (lambda message: None)
    started = time.perf_counter()
    index_dir = Path(index_dir)
    stats = IndexStats(articles=len(published))
    wanted = {a.id: _documents(a) for a in published}

    if previous is not None and _reusable(Path(previous), lang):
        if index_dir.exists():
            shutil.rmtree(index_dir)
        shutil.copytree(previous, index_dir)
        ix = whoosh_index.open_dir(str(index_dir))
        stats.incremental = True
        with ix.searcher() as s:
            existing = {f["article_id"]: f["content_hash"] for f in s.all_stored_fields() if f.get("kind") == "article"}
        writer = ix.writer()
        for article_id in existing.keys() - wanted.keys():
            writer.delete_by_term("article_id", article_id)
            stats.removed += 1
        for article_id, docs in wanted.items():
            old = existing.get(article_id)
            if old == docs[0]["content_hash"]:
                stats.unchanged += 1
                continue
            if old is not None:
                writer.delete_by_term("article_id", article_id)
                stats.updated += 1
            else:
                stats.added += 1
            for d in docs:
                writer.add_document(**d)
        writer.commit()
        progress(f"re-indexed {stats.added + stats.updated} changed articles, removed {stats.removed}, kept {stats.unchanged}")
    else:
        index_dir.mkdir(parents=True, exist_ok=True)
        ix = whoosh_index.create_in(str(index_dir), make_schema(lang))
        writer = ix.writer(limitmb=1024)
        every = max(PROGRESS_EVERY, len(wanted) // 10)  # a long build says where it is; a small one stays quiet
        for docs in wanted.values():
            for d in docs:
                writer.add_document(**d)
            stats.added += 1
            if stats.added % every == 0:
                progress(f"indexed {stats.added} of {len(wanted)} articles ({time.perf_counter() - started:.0f} s)")
        if len(wanted) >= PROGRESS_EVERY:
            progress(f"writing the index segments for {len(wanted)} articles")
        writer.commit()
    (index_dir / MARKER).write_text(json.dumps(_marker(lang)) + "\n", encoding="utf-8")
    (index_dir / PHRASES).write_text(json.dumps(known_phrases(published, lang)) + "\n", encoding="utf-8")
    (index_dir / TITLES).write_text(json.dumps(title_terms(published, lang)) + "\n", encoding="utf-8")
    with ix.searcher() as s:
        stats.documents = s.doc_count()
    ix.close()
    stats.size_bytes = sum(p.stat().st_size for p in index_dir.iterdir() if p.is_file())
    stats.seconds = time.perf_counter() - started
    return stats


def _marker(lang: str) -> dict:
    if lang == SOURCE_LANGUAGE:
        return {"schema_version": SCHEMA_VERSION}
    return {"schema_version": SCHEMA_VERSION, "lang": lang, "analysis": LANGUAGE_ANALYSIS_VERSION}


def _reusable(previous: Path, lang: str = SOURCE_LANGUAGE) -> bool:
    try:
        marker = json.loads((previous / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return marker == _marker(lang) and whoosh_index.exists_in(str(previous))


def build_indexes(published_by_language: dict, release: Path, *, previous: Path | None = None,
                  progress=None) -> dict[str, IndexStats]:
    """An index per language of ``published_by_language`` ({code: articles}) in ``release``,
    each incremental against the same language's index of the ``previous`` release."""
    stats = {}
    for lang, articles in published_by_language.items():
        name = index_name(lang)
        stats[lang] = build_index(articles, Path(release) / name, lang=lang, progress=progress,
                                  previous=(Path(previous) / name) if previous is not None else None)
    return stats


def indexed_articles(index_dir: Path) -> dict[str, tuple[str, str]]:
    """{article id: (title, URL path)} of every article in the index (the report links titles)."""
    index_dir = Path(index_dir)
    if not whoosh_index.exists_in(str(index_dir)):
        return {}
    ix = whoosh_index.open_dir(str(index_dir))
    try:
        with ix.searcher() as s:
            return {f["article_id"]: (f.get("title", ""), f["url"]) for f in s.all_stored_fields()
                    if f.get("kind") == "article"}
    finally:
        ix.close()


def indexed_article_ids(index_dir: Path) -> set[str]:
    """Every article id stored in the index (the build's audit compares it with what is published)."""
    index_dir = Path(index_dir)
    if not whoosh_index.exists_in(str(index_dir)):
        return set()
    ix = whoosh_index.open_dir(str(index_dir))
    try:
        with ix.searcher() as s:
            return {f["article_id"] for f in s.all_stored_fields()}
    finally:
        ix.close()
