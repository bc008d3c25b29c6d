"""Search benchmark (not a test): synthetic articles -> index -> in-process and HTTP query timings.

    python bench/search_bench.py --articles 1000 10000

For each size: index build time and size, cold start, in-process p50/p99 for plain, synonym and
filtered query mixes (result cache off), repeated queries (result cache on), and HTTP throughput of
`helpcenter serve --workers 2` on 127.0.0.1 with concurrent keep-alive clients over a Zipf-shaped
query mix. Every loop is bounded; the server is stopped at the end.

The HTTP load comes from `wrk` (Debian: `apt-get install wrk`) when it is on PATH: 2 threads, 16
connections, 10 s, a Lua script walking a Zipf-sampled list of request paths. Without wrk, a Python
asyncio client does the same (and says so): it shares the 2 cores with the server and is itself a
bottleneck, so its figure understates what the server can do.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.articles import Article, Section  # noqa: E402
from core.problems import Problems  # noqa: E402
from core.targeting import ALL, Targeting, Window  # noqa: E402
from search import Searcher, build_index, load_synonyms  # noqa: E402

AT = dt.datetime(2026, 11, 26, 12, tzinfo=dt.timezone.utc)
DOMAIN = ("contract end close quit resign hourly fixed price milestone refund money back payment fee "
          "withdraw payout invoice dispute mediation feedback review rating profile verify identity tax "
          "client freelancer agency offer hire pause resume work diary timesheet bank transfer account "
          "security code badge support policy report violation schedule holiday funds release escrow").split()
AUDIENCES = ("freelancer", "agency", "client")
COUNTRIES = ("US", "GB", "DE", "IN", "FR")
USERTYPES = ("new", "standard", "top-rated", "enterprise")


def vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    syllables = "ba be bi bo bu ca ce co da de di do fa fe fi ga go ka ke ki la le li lo ma me mi mo na ne ni no " \
                "pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi vo za ze".split()
    words = set(DOMAIN)
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def zipf_words(rng, vocab, n, s=1.07):
    weights = [1 / (i + 1) ** s for i in range(len(vocab))]
    return rng.choices(vocab, weights=weights, k=n)


def synthetic_articles(n: int, seed: int = 7) -> tuple[Article, ...]:
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    rng.shuffle(vocab)  # domain words land at random ranks
    out = []
    for i in range(n):
        def text(k):
            return " ".join(zipf_words(rng, vocab, k))
        sections = tuple(Section(f"s{j}", text(3).capitalize(), 10 + j, text(70)) for j in range(rng.randint(3, 5)))
        targeting = Targeting(
            tuple(rng.sample(AUDIENCES, rng.randint(1, 3))),
            ALL if rng.random() < 0.8 else tuple(rng.sample(COUNTRIES, 2)),
            ALL if rng.random() < 0.85 else (rng.choice(USERTYPES),),
        )
        start = AT - dt.timedelta(days=rng.randint(1, 900))
        end = None if rng.random() < 0.9 else AT + dt.timedelta(days=rng.randint(1, 400))
        out.append(Article(
            id=f"article-{i:05d}", title=text(4).capitalize(), summary=text(15), targeting=targeting,
            window=Window(start, end), keywords=tuple(text(2) for _ in range(4)), visibility="public",
            category="contracts", redirect_from=(), claims=(), body="", body_line=1, intro=text(40),
            sections=sections, links=(), source=Path(f"/synthetic/articles/{i}.md"),
        ))
    return tuple(out)


def queries(rng, n_plain=200):
    vocab_words = DOMAIN
    plain = [" ".join(rng.sample(vocab_words, rng.randint(1, 3))) for _ in range(n_plain)]
    synonym = ["quit", "end contract", "get my money back", "refund", "cash out", "resign from job", "timesheet",
               "fire freelancer", "close contract hourly", "dispute", "review", "invoice", "2fa", "withdraw money",
               "leave project", "fixed price", "time tracker", "service fee", "pause contract", "tax form"]
    return plain, synonym


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def timed(searcher, qs, filters=None, repeat=1):
    times = []
    for _ in range(repeat):
        for i, q in enumerate(qs):
            kwargs = filters[i % len(filters)] if filters else {}
            t = time.perf_counter()
            searcher.search(q, at=AT, **kwargs)
            times.append((time.perf_counter() - t) * 1000)
    return times


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def http_load(port, paths, clients, total, deadline_s):
    """Keep-alive HTTP/1.1 clients; each sends GETs until ``total`` requests or the deadline."""
    sent = 0
    latencies = []
    errors = 0
    end = time.perf_counter() + deadline_s

    async def client():
        nonlocal sent, errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while sent < total and time.perf_counter() < end:
                path = paths[sent % len(paths)]
                sent += 1
                t = time.perf_counter()
                writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
                await writer.drain()
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                await reader.readexactly(length)
                latencies.append((time.perf_counter() - t) * 1000)
                if status != 200:
                    errors += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    return len(latencies), elapsed, latencies, errors


WRK_SCRIPT = """
paths = {%s}
local counter = 0
function setup(thread)
  thread:set("offset", counter * 997)
  counter = counter + 1
end
function init(args)
  i = offset
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk_load(port, paths, clients, seconds, threads=2):
    """Run wrk against the server; None when wrk is not installed."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT % ",\n".join(_lua_string(p) for p in paths))
        script = f.name
    try:
        done = subprocess.run([wrk, f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--latency", "-s", script,
                               f"http://127.0.0.1:{port}"], capture_output=True, text=True, timeout=seconds + 30)
    finally:
        os.unlink(script)
    out = done.stdout
    res = {"tool": "wrk", "clients": clients, "seconds": float(seconds), "errors": 0}
    for line in out.splitlines():
        parts = line.split()
        if line.startswith("Requests/sec:"):
            res["rps"] = float(parts[1])
        elif "requests in" in line:
            res["requests"] = int(parts[0])
            res["seconds"] = _wrk_ms(parts[3].rstrip(",")) / 1000
        elif parts[:1] == ["50.000%"] or parts[:1] == ["50%"]:
            res["p50_ms"] = _wrk_ms(parts[1])
        elif parts[:1] == ["99.000%"] or parts[:1] == ["99%"]:
            res["p99_ms"] = _wrk_ms(parts[1])
        elif line.strip().startswith("Non-2xx or 3xx responses:"):
            res["errors"] += int(parts[-1])
        elif line.strip().startswith("Socket errors:"):
            res["errors"] += sum(int(x.strip(",")) for x in parts[3::2])
    if "rps" not in res:
        raise RuntimeError(f"could not read wrk's output:\n{out}\n{done.stderr}")
    return res


def _wrk_ms(text: str) -> float:
    """wrk durations: 812.00us, 1.20ms, 2.01s, 1.00m."""
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)


def _bench_release(out: Path, index_dir: Path, synonyms_path: Path) -> None:
    """Make ``out`` a served output folder whose current release is the benchmark's index and a
    one-page site (what `helpcenter serve --out` needs)."""
    release = out / "releases" / "bench"
    release.mkdir(parents=True)
    shutil.copytree(index_dir, release / "index")
    shutil.copyfile(synonyms_path, release / "synonyms.yml")
    (release / "site").mkdir()
    (release / "site" / "index.html").write_text("<h1>bench</h1>")
    (release / "build.json").write_text(json.dumps({"articles": [], "redirects": {}}))
    (out / "current").symlink_to(Path("releases") / "bench")


def http_bench(index_dir: Path, synonyms_path: Path, rng, plain, synonym, clients=16, total=6000, seconds=10):
    out = Path(tempfile.mkdtemp(prefix="hc-bench-out-"))
    _bench_release(out, index_dir, synonyms_path)
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    server = subprocess.Popen([sys.executable, "-m", "helpcenter.cli", "serve", "--out", str(out), "--port", str(port),
                               "--workers", "2"] if (ROOT / "helpcenter" / "__main__.py").exists() else
                              [str(Path(sys.executable).parent / "helpcenter"), "serve", "--out", str(out),
                               "--port", str(port), "--workers", "2"],
                              cwd=str(ROOT), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        from urllib.parse import urlencode
        from urllib.request import urlopen

        deadline = time.monotonic() + 60
        t0 = time.perf_counter()
        while True:
            try:
                urlopen(f"http://127.0.0.1:{port}/api/search?q=contract", timeout=10).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("server did not start")
                time.sleep(0.1)
        first_response_s = time.perf_counter() - t0
        pool = plain[:150] + synonym
        weights = [1 / (i + 1) ** 1.1 for i in range(len(pool))]
        rng.shuffle(pool)
        mix = rng.choices(pool, weights=weights, k=total)
        filters = [{}, {"audience": "client"}, {"audience": "freelancer", "country": "US"}, {"usertype": "new"}]
        paths = ["/api/search?" + urlencode({"q": q, **filters[i % 4]}) for i, q in enumerate(mix)]
        # warm both workers' searchers and caches a little, then measure
        asyncio.run(http_load(port, paths[:200], clients, 200, 30))
        res = wrk_load(port, paths, clients, seconds)
        if res is None:
            n, elapsed, lat, errors = asyncio.run(http_load(port, paths, clients, total, 30))
            res = {"tool": "python asyncio client (wrk not found)", "requests": n, "seconds": elapsed,
                   "rps": n / elapsed, "p50_ms": pct(lat, 50), "p99_ms": pct(lat, 99), "errors": errors,
                   "clients": clients}
        res["first_response_s"] = first_response_s
        return res
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(out, ignore_errors=True)


def _start(argv, port, probe):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    server = subprocess.Popen(argv, cwd=str(ROOT), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    from urllib.request import urlopen

    deadline = time.monotonic() + 60
    while True:
        try:
            urlopen(f"http://127.0.0.1:{port}{probe}", timeout=10).read()
            return server
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError(f"server did not start: {argv}")
            time.sleep(0.1)


def _stop(server):
    server.terminate()
    try:
        server.wait(15)
    except subprocess.TimeoutExpired:
        server.kill()


def http_ceiling_and_cached(index_dir: Path, synonyms_path: Path, queries: list[str], clients=16, seconds=5,
                            rounds=3):
    """wrk against a trivial JSON endpoint on the same stack (the machine's ceiling) and against
    /api/search answering only cached searches (each query asked before), logging included; both
    servers run at once and are loaded in turn, ``rounds`` times, so that both see the same machine
    (other work on it changes from minute to minute). Medians of the rounds, and of their ratios."""
    from urllib.parse import urlencode

    out = Path(tempfile.mkdtemp(prefix="hc-bench-ceiling-"))
    servers = []
    try:
        _bench_release(out, index_dir, synonyms_path)
        trivial_port, search_port = free_port(), free_port()
        bin_dir = Path(sys.executable).parent
        servers.append(_start([str(bin_dir / "uvicorn"), "bench.trivial_app:app", "--port", str(trivial_port),
                               "--workers", "2", "--log-level", "warning", "--no-access-log", "--no-proxy-headers"],
                              trivial_port, "/ping"))
        servers.append(_start([str(bin_dir / "helpcenter"), "serve", "--out", str(out), "--port", str(search_port),
                               "--workers", "2"], search_port, "/api/search?q=contract"))
        paths = ["/api/search?" + urlencode({"q": q}) for q in queries]
        asyncio.run(http_load(search_port, paths * 8, 4, len(paths) * 8, 60))  # every query cached in both workers
        trivial, cached = [], []
        for _ in range(rounds):
            trivial.append(wrk_load(trivial_port, ["/ping"], clients, seconds))
            cached.append(wrk_load(search_port, paths, clients, seconds))
        ratios = [c["rps"] / t["rps"] for t, c in zip(trivial, cached)]
        return {"trivial_rps": pct([t["rps"] for t in trivial], 50), "cached_rps": pct([c["rps"] for c in cached], 50),
                "ratio": pct(ratios, 50), "ratios": ratios, "cached_p50_ms": pct([c["p50_ms"] for c in cached], 50),
                "cached_p99_ms": pct([c["p99_ms"] for c in cached], 50), "errors": sum(c["errors"] for c in cached),
                "clients": clients, "seconds": seconds, "rounds": rounds}
    finally:
        for server in servers:
            _stop(server)
        shutil.rmtree(out, ignore_errors=True)


def run(n: int, *, http: bool = True) -> dict:
    rng = random.Random(n)
    articles = synthetic_articles(n)
    work = Path(tempfile.mkdtemp(prefix=f"hc-bench-{n}-"))
    try:
        t = time.perf_counter()
        stats = build_index(articles, work / "index", previous=None,
                            progress=lambda message: print(f"  {message}", file=sys.stderr, flush=True))
        build_s = time.perf_counter() - t
        synonyms_path = ROOT / "content" / "synonyms.yml"
        synonyms = load_synonyms(synonyms_path, Problems())

        t = time.perf_counter()
        cold = Searcher(work / "index", synonyms, warm=False, cache_size=0)
        open_s = time.perf_counter() - t
        t = time.perf_counter()
        cold.search("contract refund", at=AT)
        first_query_ms = (time.perf_counter() - t) * 1000
        cold.close()
        t = time.perf_counter()
        warm = Searcher(work / "index", synonyms, cache_size=0)
        open_warm_s = time.perf_counter() - t

        plain, synonym = queries(rng)
        filters = [{"audience": "client"}, {"audience": "freelancer", "country": "US"}, {"usertype": "new"},
                   {"audience": "agency", "country": "GB", "usertype": "standard"}]
        timed(warm, plain[:30])  # warm postings
        res = {
            "articles": n, "documents": stats.documents, "build_s": build_s, "size_mb": stats.size_bytes / 1e6,
            "open_s": open_s, "first_query_ms": first_query_ms, "open_and_warm_s": open_warm_s,
        }
        for name, qs, f in (("plain", plain, None), ("synonym", synonym * 5, None), ("filtered", plain, filters)):
            times = timed(warm, qs, f)
            res[name] = (pct(times, 50), pct(times, 99))
        warm.close()
        cached = Searcher(work / "index", synonyms)
        timed(cached, plain[:50] + synonym)
        times = timed(cached, plain[:50] + synonym, repeat=5)
        res["cached"] = (pct(times, 50), pct(times, 99))
        cached.close()
        if http:
            res["http"] = http_bench(work / "index", synonyms_path, rng, plain, synonym)
            if n <= 1000 and shutil.which("wrk"):
                res["ceiling"] = http_ceiling_and_cached(work / "index", synonyms_path, plain[:40] + synonym)
        return res
    finally:
        shutil.rmtree(work, ignore_errors=True)


def ceiling_only(n: int, rounds: int) -> int:
    """The HTTP ceiling comparison alone, on an index of ``n`` synthetic articles."""
    if not shutil.which("wrk"):
        print("wrk is not installed (make bench installs it)", file=sys.stderr)
        return 1
    plain, synonym = queries(random.Random(n))
    work = Path(tempfile.mkdtemp(prefix=f"hc-bench-{n}-"))
    try:
        build_index(synthetic_articles(n), work / "index", previous=None)
        c = http_ceiling_and_cached(work / "index", ROOT / "content" / "synonyms.yml", plain[:40] + synonym,
                                    rounds=rounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"HTTP ceiling, {n} articles: trivial JSON endpoint {c['trivial_rps']:.0f} req/s; cached /api/search "
          f"(logging included) {c['cached_rps']:.0f} req/s; ratio x{c['ratio']:.2f} (target >= 0.5; rounds "
          f"{', '.join(f'{r:.2f}' for r in c['ratios'])}); {c['errors']} errors; load average {os.getloadavg()[0]:.1f}")
    return 0


def report(res: dict) -> str:
    n = res["articles"]
    p99_target = 10 if n <= 1000 else 30
    lines = [
        f"== {n} articles ({res['documents']} documents)",
        f"index build        {res['build_s']:.1f} s, size {res['size_mb']:.1f} MB",
        f"cold start         open {res['open_s'] * 1000:.0f} ms, first query {res['first_query_ms']:.1f} ms; "
        f"open + warm-up {res['open_and_warm_s'] * 1000:.0f} ms",
    ]
    for kind in ("plain", "synonym", "filtered"):
        p50, p99 = res[kind]
        lines.append(f"{kind:<18} p50 {p50:6.2f} ms (target <= 3: x{p50 / 3:.2f})   "
                     f"p99 {p99:6.2f} ms (target <= {p99_target}: x{p99 / p99_target:.2f})")
    p50, p99 = res["cached"]
    lines.append(f"{'repeated (cached)':<18} p50 {p50:6.3f} ms (target <= 0.2: x{p50 / 0.2:.2f})   p99 {p99:6.3f} ms")
    if "http" in res:
        h = res["http"]
        lines.append(f"HTTP, 2 workers    {h['rps']:.0f} req/s (target >= 500: x{h['rps'] / 500:.2f}) with "
                     f"{h['clients']} clients, {h['requests']} requests in {h['seconds']:.1f} s, "
                     f"p50 {h['p50_ms']:.1f} ms p99 {h['p99_ms']:.1f} ms, {h['errors']} errors; "
                     f"server up and answering in {h['first_response_s']:.1f} s; load from {h['tool']}")
    if "ceiling" in res:
        c = res["ceiling"]
        lines.append(f"HTTP ceiling       trivial JSON endpoint {c['trivial_rps']:.0f} req/s; cached /api/search (logging "
                     f"included) {c['cached_rps']:.0f} req/s; ratio x{c['ratio']:.2f} (target >= 0.5; rounds "
                     f"{', '.join(f'{r:.2f}' for r in c['ratios'])}); cached p50 {c['cached_p50_ms']:.1f} ms "
                     f"p99 {c['cached_p99_ms']:.1f} ms, {c['errors']} errors; wrk {c['clients']} connections, "
                     f"{c['rounds']} x {c['seconds']} s each, 2 uvicorn workers each")
    return "\n".join(lines)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--no-http", action="store_true", help="skip the HTTP part")
    p.add_argument("--json", action="store_true", help="also print the raw figures as JSON")
    p.add_argument("--ceiling-only", action="store_true",
                   help="only the HTTP ceiling: cached /api/search against the trivial endpoint (needs wrk)")
    p.add_argument("--rounds", type=int, default=3, help="wrk rounds of the HTTP ceiling (default: 3)")
    args = p.parse_args(argv)
    # All the load comes from one address: the per-client rate limit of the search API would answer 429.
    os.environ.setdefault("HELPCENTER_SEARCH_RATE", "off")
    print(f"search benchmark on {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f}")
    if args.ceiling_only:
        return ceiling_only(args.articles[0], args.rounds)
    for n in args.articles:
        res = run(n, http=not args.no_http)
        print(report(res), flush=True)
        if args.json:
            print(json.dumps(res))


if __name__ == "__main__":
    sys.exit(main())
