"""Experiments on prebuilt bench indexes (see probe_build.py); not a test, not the benchmark.

    python bench/probe_build.py /tmp/hcprobe 1000 10000     # once: the bench's synthetic indexes
    python bench/probe_mix.py /tmp/hcprobe 10000            # query mixes, Whoosh vs cached scoring
    python bench/probe_mix.py /tmp/hcprobe 10000 --check    # same results both ways?

Timing: the bench's in-process plain / synonym / filtered mixes (result cache off), p50/p99 in ms,
with each setting of ``search.searcher.SCORE_FROM_CACHE`` in turn, in one process.
Check: every plain and synonym query of the bench, all-terms and any-term, unfiltered and filtered,
scored by Whoosh's matchers and from cached per-term scores: same total, documents, order, scores.
"""
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_bench as sb  # noqa: E402
from core.problems import Problems  # noqa: E402
from search import Searcher, load_synonyms  # noqa: E402
from search import searcher as S  # noqa: E402
from search.query import parse  # noqa: E402

SETTINGS = [
    ("whoosh", {True: False, False: False}),
    ("fallback", {True: False, False: True}),
    ("both", {True: True, False: True}),
]


def timings(root, n):
    syn = load_synonyms(sb.ROOT / "content" / "synonyms.yml", Problems())
    plain, synonym = sb.queries(random.Random(n))
    filters = [{"audience": "client"}, {"audience": "freelancer", "country": "US"}, {"usertype": "new"},
               {"audience": "agency", "country": "GB", "usertype": "standard"}]
    for name, setting in SETTINGS:
        S.SCORE_FROM_CACHE.update(setting)
        s = Searcher(Path(root) / f"ix{n}" / "index", syn, cache_size=0)
        sb.timed(s, plain[:30])
        out = []
        for kind, qs, f in (("plain", plain, None), ("synonym", synonym * 5, None), ("filtered", plain, filters)):
            t = sb.timed(s, qs, f)
            out.append(f"{kind} {sb.pct(t, 50):.2f}/{sb.pct(t, 99):.2f}")
        s.close()
        print(f"{n} {name:10} " + "  ".join(out), flush=True)


def check(root, n):
    syn = load_synonyms(sb.ROOT / "content" / "synonyms.yml", Problems())
    s = Searcher(Path(root) / f"ix{n}" / "index", syn, cache_size=0)
    plain, synonym = sb.queries(random.Random(n))
    differ = total = 0
    for audience in (None, "client"):
        allowed = s.allowed(audience, None, None, sb.AT)
        for q in plain + synonym:
            p = parse(q, syn)
            for require_all in (True, False):
                S.SCORE_FROM_CACHE[require_all] = True
                a = s._search(p, allowed, 10, require_all=require_all)
                S.SCORE_FROM_CACHE[require_all] = False
                b = s._search(p, allowed, 10, require_all=require_all)
                total += 1
                if a[0] != b[0] or [d for d, _ in a[1]] != [d for d, _ in b[1]] \
                        or any(abs(x[1] - y[1]) > 1e-9 for x, y in zip(a[1], b[1])):
                    differ += 1
                    print("DIFFERS", q, audience, require_all, a, b)
    print(f"{n}: {differ} of {total} searches differ")
    return differ


if __name__ == "__main__":
    if "--check" in sys.argv:
        sys.exit(1 if check(sys.argv[1], int(sys.argv[2])) else 0)
    timings(sys.argv[1], int(sys.argv[2]))
