"""Our search against tantivy on the same generated articles, fresh and after an incremental build.

    python bench/versus_tantivy.py [--articles 1000] [--queries 280] [--rounds 3]

Both engines index the same documents (one per article and one per section) from
search_bench.synthetic_articles and answer the same distinct queries of one to three words drawn
from the corpus vocabulary, returning what our API returns: for the 10 best articles, the id, the
title and a highlighted snippet (tantivy: its SnippetGenerator on the body). Ours runs with the
result cache off (cache_size=0) after one pass over the queries (as tantivy, whose files are then in
the page cache), which fills its per-term and per-concept score caches; a second line measures ours
with no cache at all, every query as if it were the first. "After updates" re-indexes three changed articles incrementally
(our build_index with previous=; tantivy: delete and re-add, one commit), which leaves deleted
documents in the indexes and several segments in ours. Prints p50 / p99 per engine and the ratios
against the targets (ours p50 <= 2x and p99 <= 4x tantivy's). Needs the bench extra:
``pip install -e '.[bench]'``.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import search_bench as sb  # noqa: E402

from core.problems import Problems  # noqa: E402
from search import SearchConfig, Searcher, build_index, load_synonyms  # noqa: E402
from search.index import BOOSTS, article_documents  # noqa: E402

LIMIT = 10


def corpus_queries(articles, n: int, seed: int = 280) -> list[str]:
    """``n`` distinct queries of 1-3 words, each word taken from the words of a random article (so
    frequent corpus words come up more often, as in real queries)."""
    rng = random.Random(seed)
    texts = [" ".join([a.title, a.summary, *(s.text for s in a.sections)]).lower().split() for a in articles]
    out, seen = [], set()
    while len(out) < n:
        words = rng.choice(texts)
        q = " ".join(rng.sample(words, rng.randint(1, 3)))
        if q not in seen:
            seen.add(q)
            out.append(q)
    return out


def changed(articles, ids=(3, 500, 901)):
    """The articles with three of them edited (title and first section)."""
    out = list(articles)
    for i in ids:
        i %= len(out)
        a = out[i]
        first = dataclasses.replace(a.sections[0], text=a.sections[0].text + " contract refund edited")
        out[i] = dataclasses.replace(a, title=a.title + " edited", sections=(first, *a.sections[1:]))
    return tuple(out), [out[i % len(out)].id for i in ids]


class Tantivy:
    def __init__(self, folder: Path):
        import tantivy

        self.t = tantivy
        b = tantivy.SchemaBuilder()
        b.add_text_field("article_id", stored=True, tokenizer_name="raw")
        b.add_text_field("url", stored=True, tokenizer_name="raw")
        for field in ("title", "keywords", "heading", "body"):
            b.add_text_field(field, stored=True, tokenizer_name="en_stem")
        self.schema = b.build()
        folder.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=str(folder))
        self.searcher = None

    def add(self, articles, *, replace=()):
        writer = self.index.writer(heap_size=128_000_000, num_threads=1)
        for article_id in replace:
            writer.delete_documents_by_term("article_id", article_id)
        for a in articles:
            for d in article_documents(a):
                writer.add_document(self.t.Document(
                    article_id=d["article_id"], url=d["url"], title=d["title"], keywords=d["keywords"],
                    heading=d["heading"], body=d["body"]))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    def search(self, q: str) -> list[dict]:
        query = self.index.parse_query_lenient(q, ["title", "keywords", "heading", "body"],
                                               field_boosts=dict(BOOSTS))[0]
        hits = self.searcher.search(query, limit=LIMIT * 4).hits
        snippets = self.t.SnippetGenerator.create(self.searcher, query, self.schema, "body")
        out, seen = [], set()
        for _, address in hits:
            doc = self.searcher.doc(address)
            article_id = doc["article_id"][0]
            if article_id in seen:
                continue
            seen.add(article_id)
            out.append({"id": article_id, "title": doc["title"][0], "url": doc["url"][0],
                        "snippet": snippets.snippet_from_doc(doc).to_html()})
            if len(out) == LIMIT:
                break
        return out


def timed(fn, queries, rounds):
    times = []
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - t) * 1000)
    return sb.pct(times, 50), sb.pct(times, 99)


def run(n: int, n_queries: int, rounds: int) -> dict:
    articles = sb.synthetic_articles(n)
    queries = corpus_queries(articles, n_queries)
    synonyms = load_synonyms(ROOT / "content" / "synonyms.yml", Problems())
    work = Path(tempfile.mkdtemp(prefix="hc-versus-"))
    res = {"articles": n, "queries": len(queries), "rounds": rounds}
    try:
        build_index(articles, work / "v1")
        updated, edited = changed(articles)
        build_index(updated, work / "v2", previous=work / "v1")
        engine = Tantivy(work / "tantivy")
        engine.add(articles)
        for name, folder in (("fresh", "v1"), ("updated", "v2")):
            if name == "updated":
                engine.add([a for a in updated if a.id in edited], replace=edited)
            ours = Searcher(work / folder, synonyms, cache_size=0)
            segments = len(ours._s.subsearchers or [ours._s])
            deleted = sum(sub.reader().has_deletions() for sub, _ in (ours._s.subsearchers or [(ours._s, 0)]))

            def search_ours(q, s=ours):
                return s.search(q, at=sb.AT, limit=LIMIT)

            for q in queries:  # warm both: postings, caches of per-term scores, the OS page cache
                search_ours(q)
                engine.search(q)
            res[name] = {
                "ours": timed(search_ours, queries, rounds),
                "tantivy": timed(engine.search, queries, rounds),
                "segments": segments, "segments_with_deletions": deleted,
                "postings": ours.postings_taken,
            }
            ours.close()
            # Every query as if for the first time: no per-term, per-concept or result cache at all.
            uncached = Searcher(work / folder, synonyms, warm=False,
                                config=SearchConfig(cache_size=0, score_budget=0, concept_bytes=0))
            res[name]["ours_uncached"] = timed(lambda q: uncached.search(q, at=sb.AT, limit=LIMIT), queries, 1)
            uncached.close()
        return res
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(res: dict) -> str:
    lines = [f"== ours vs tantivy: {res['articles']} articles, {res['queries']} distinct queries x {res['rounds']} rounds, "
             "top 10 articles with id, title, highlighted snippet"]
    for name in ("fresh", "updated"):
        r = res[name]
        (o50, o99), (t50, t99), (u50, u99) = r["ours"], r["tantivy"], r["ours_uncached"]
        lines.append(
            f"{name:<8} ours p50 {o50:6.2f} ms p99 {o99:6.2f} ms | tantivy p50 {t50:6.2f} ms p99 {t99:6.2f} ms | "
            f"p50 x{o50 / t50:.2f} (target <= 2) p99 x{o99 / t99:.2f} (target <= 4) | "
            f"our index: {r['segments']} segments, {r['segments_with_deletions']} with deletions; "
            f"posting lists read {r['postings']}")
        lines.append(f"{'':<8} ours without any cache (per-term, per-concept, result): p50 {u50:6.2f} ms p99 {u99:6.2f} ms "
                     f"(x{u50 / t50:.2f} / x{u99 / t99:.2f} tantivy's)")
    return "\n".join(lines)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--queries", type=int, default=280)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args(argv)
    print(f"ours vs tantivy on {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f} at the start", flush=True)
    print(report(run(args.articles, args.queries, args.rounds)), flush=True)


if __name__ == "__main__":
    main()
