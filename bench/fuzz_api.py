"""Fuzz every API route of `helpcenter serve`: generated query strings, bodies, headers, nesting,
unicode and calendar edges; every answer must be below 500 and JSON of the documented shape.

    python bench/fuzz_api.py                        # builds content/, serves it, 10,000 cases, seed 1
    python bench/fuzz_api.py --cases 50000 --seed 7
    python bench/fuzz_api.py --url http://127.0.0.1:8000 --cases 2000   # against a running server

Checks per answer: status < 500; an X-Request-ID header; a JSON body (except 204 and HEAD);
errors exactly ``{"error": str, "field": str | null}``; 2xx bodies valid against the response
schema of /api/openapi.json. Raw-socket cases (oversized or invalid requests) expect the same
JSON errors from the connection layer. Prints counts per route and status; exit status 1 when
any answer broke a rule (each one is printed, up to 20).
"""
from __future__ import annotations

import argparse
import json
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import jsonschema

ROOT = Path(__file__).resolve().parent.parent

ROUTES = {
    "/api/search": "GET", "/api/notices": "GET", "/api/health": "GET", "/api/openapi.json": "GET",
    "/api/feedback": "POST", "/api/search/click": "POST", "/api/rules/end-contract": "POST",
}
OTHER_PATHS = ["/api/", "/api/nope", "/api/search/", "/api/search/click/1", "/api/feedback/x", "/api/%00",
               "/api/..%2f..%2fetc/passwd", "/api/search%20", "/api/" + "x" * 300, "/api/openapi.yaml"]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]

WORDS = ["refund", "quit", "contract", "pay", "escrow", "fee", "tax", "w-8ben", "withdraw", "cancle", "dispute",
         "filter-fl", "AND", "OR", "NOT", "title:refund", '"end a contract"', '"unbalanced', "(((", "*", "?", "~",
         "the", "a"]
UNICODE = ["😀", "ü", "ß", "İ", "\u200b", "\u202e", "٣", "ﬁ", "Ω", "日本語", "\u0301", "\x00", "\x1f", "\x7f",
           "\ufeff", "\ufffd", "𝔘𝔫𝔦", "\U0010ffff", "\t", "\n", "%", "&", "=", "+", "#", "\\", "'", '"', "<script>"]
MOMENTS = ["0001-01-01", "0001-01-01T00:00:00+00:01", "9999-12-31", "9999-12-31T23:59:59-12:00",
           "9999-12-31T23:59:59.999999Z", "1969-12-31T23:59:59Z", "1970-01-01", "1970-01-01T00:00:00+14:00",
           "9998-12-31T23:59:59-12:00", "2024-02-29", "2023-02-29", "2100-02-29", "2000-02-29", "2026-13-01",
           "2026-00-10", "2026-11-31", "2026-11-26T24:00:00Z", "2026-11-26T23:60:00Z", "2026-11-26T12:00:61Z",
           "2026-11-26T12:00:00+24:00", "2026-11-26T12:00:00+23:59", "2026-11-26T12:00:00.1234567Z",
           "2026-11-26T12:00Z", "2026-11-26 12:00:00", "2026-11-26t12:00:00z", "+02026-11-26", "-0001-01-01",
           "2026-W48-1", "2026-330", "20261126", "2026-11-26T12", "now", "tomorrow", "", " ", "0", "99999-01-01",
           "2026-11-26T12:00:00Z", "2026-11-26", "2027-01-31T09:30:00+02:00", "2026-11-26T12:00:00-00:00"]
VOCAB = {
    "audience": ["freelancer", "agency", "client", "Client", "CLIENT", "all", "robot", "freelancer "],
    "country": ["US", "us", "GB", "gb", "Us", "DE", "ZZ", "AA", "XX", "UK", "USA", "U", "u\u0308", "ＵＳ"],
    "usertype": ["new", "standard", "top-rated", "enterprise", "Top-Rated", "vip", "top_rated"],
    "limit": ["1", "10", "50", "0", "51", "-1", "5_0", "٣", "1e3", " 5", "+5", "05", "1.0", "0x10",
              "99999999999999999999999", "１０"],
    "correct": ["true", "false", "True", "1", "yes", ""],
}
SEARCH_PARAMS = ["q", "audience", "country", "usertype", "at", "limit", "correct"]
NOTICE_PARAMS = ["country", "usertype", "audience", "at"]
REASONS = ["outdated", "unclear", "missing-info", "didnt-solve", "other", "boring", "OUTDATED"]


def text(rng: random.Random, max_len: int = 40) -> str:
    kind = rng.random()
    if kind < 0.35:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
    if kind < 0.7:
        return "".join(rng.choice(UNICODE + list("abc xyz")) for _ in range(rng.randint(0, max_len)))
    if kind < 0.8:
        return rng.choice(["", " ", "\u3000"])
    if kind < 0.9:
        return "".join(chr(rng.randint(32, 0x2FFF)) for _ in range(rng.randint(1, max_len)))
    return rng.choice(WORDS) * rng.randint(50, 140)  # around the 500-character limit


def param_value(rng: random.Random, name: str) -> str:
    if name == "q":
        return text(rng)
    if name == "at":
        return rng.choice(MOMENTS)
    if name in VOCAB and rng.random() < 0.85:
        return rng.choice(VOCAB[name])
    return text(rng, 12)


def query_params(rng: random.Random, names: list[str]) -> list[tuple[str, str]]:
    chosen = rng.sample(names, rng.randint(0, len(names)))
    params = [(n, param_value(rng, n)) for n in chosen]
    if rng.random() < 0.1 and params:
        params.append((params[0][0], param_value(rng, params[0][0])))  # repeated
    if rng.random() < 0.1:
        params.append((rng.choice(["sort", "page", "Q", "q ", "", "limit[]", "😀"]), text(rng, 8)))  # unknown
    return params


def json_value(rng: random.Random, depth: int = 0):
    kind = rng.random()
    if kind < 0.2:
        return text(rng)
    if kind < 0.3:
        return rng.choice([0, 1, -1, 2 ** 63, -2 ** 64, 10 ** 400, 1.5, -0.0, 1e308])
    if kind < 0.4:
        return rng.choice([True, False, None])
    if kind < 0.45:
        return "\ud800" if rng.random() < 0.5 else "ok\udfffok"
    if kind < 0.5:
        return rng.choice(MOMENTS)
    if depth < 4 and kind < 0.75:
        return [json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if depth < 4:
        return {text(rng, 8): json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}
    return "leaf"


def mutate(rng: random.Random, document: dict) -> dict:
    document = json.loads(json.dumps(document))
    for _ in range(rng.randint(0, 3)):
        action = rng.random()
        keys = list(document)
        if action < 0.3 and keys:
            document.pop(rng.choice(keys))
        elif action < 0.8 and keys:
            document[rng.choice(keys)] = json_value(rng)
        else:
            document[text(rng, 10)] = json_value(rng)
    return document


def body(rng: random.Random, path: str, articles: list[str]) -> bytes | None:
    kind = rng.random()
    if kind < 0.12:  # raw bytes
        return rng.choice([
            b"", b"{", b"[" * rng.randint(17, 100_000), b"{\"a\":" * 5000, b"\xff\xfe\x00", b"\xef\xbb\xbf{}",
            b"NaN", b"Infinity", b"[1e999999]", b'{"a": 1, "a": 2}', bytes(rng.randint(0, 255) for _ in range(200)),
            b'"\\ud800"', b'{"article_id": "\\udc00", "helpful": true}', b" " * rng.choice([16385, 65537, 200_000]),
            b'{"x": "' + b"a" * 70_000 + b'"}', "{\"q\": \"\u00e9\"}".encode("latin-1"),
        ])
    article = rng.choice(articles + ["no-such-article", "", "A" * 300])
    if path == "/api/feedback":
        base = {"article_id": article, "helpful": rng.random() < 0.5}
        if not base["helpful"] and rng.random() < 0.7:
            base.update(reason=rng.choice(REASONS), text=text(rng))
        if rng.random() < 0.5:
            base["query"] = text(rng)
    elif path == "/api/search/click":
        base = {"article_id": article, "url": f"/{article}/", "rank": rng.choice([1, 2, 50, 1000, 1001, 0, -3])}
        if rng.random() < 0.5:
            base["search_id"] = rng.choice(["0" * 32, "a" * 31, "g" * 32, text(rng, 5)])
        else:
            base["query"] = text(rng)
    else:
        base = {"contract": rng.choice([
                    {"type": "hourly", "hourly_rate": rng.choice(["40.00", "0", "-1", "1e9", "NaN", 40, 1e308]),
                     "logged_hours": [{"hours": rng.choice([5, 0, -3, 1e9, "5"]), "eligible": rng.random() < 0.5}
                                      for _ in range(rng.randint(0, 3))]},
                    {"type": "fixed-price", "project_funds": rng.choice(["500.00", "0", "x"]),
                     "milestones": [{"name": text(rng, 10), "amount": rng.choice(["100.00", "-5", 3]),
                                     "status": rng.choice(["funded", "released", "pending", "??"])}]},
                    {"type": "weekly"}]),
                "ended_by": rng.choice(["client", "freelancer", "agency", "platform", "nobody"]),
                "reason_moves_off_platform": rng.choice([False, True, "no"]),
                "ended_at": rng.choice(MOMENTS)}
    document = mutate(rng, base) if rng.random() < 0.6 else base
    encoded = json.dumps(document).encode()
    if rng.random() < 0.05:  # wrapped in arrays, deeper than any parser's recursion
        depth = rng.randint(17, 3000)
        encoded = b"[" * depth + encoded + b"]" * depth
    return encoded


def headers(rng: random.Random) -> dict:
    found = {}
    if rng.random() < 0.2:
        found["X-Request-ID"] = rng.choice(["abc-123", "x" * 200, "bad id", "é", "", "a" * 128])
    if rng.random() < 0.2:
        found["X-Forwarded-For"] = rng.choice(["198.51.100.1", "1.1.1.1, 2.2.2.2", "garbage", "::1", "", "999.1.1.1"])
    if rng.random() < 0.2:
        found["Content-Type"] = rng.choice(["application/json", "text/plain", "application/x-www-form-urlencoded",
                                            "multipart/form-data; boundary=x", "application/json; charset=latin-1"])
    if rng.random() < 0.1:
        found["Accept"] = rng.choice(["text/html", "*/*", "application/xml"])
    if rng.random() < 0.05:
        found["Cookie"] = "a=" + "b" * rng.randint(10, 3000)
    return {name: value.encode() for name, value in found.items()}  # UTF-8 bytes, as sent on the wire


def http_case(rng: random.Random, articles: list[str]) -> dict:
    roll = rng.random()
    if roll < 0.06:
        path, method = rng.choice(OTHER_PATHS), rng.choice(METHODS)
    else:
        path = rng.choice(list(ROUTES))
        method = ROUTES[path] if rng.random() < 0.9 else rng.choice(METHODS)
    case = {"method": method, "path": path, "headers": headers(rng), "params": [], "content": None,
            "chunked": False}
    names = SEARCH_PARAMS if path == "/api/search" else NOTICE_PARAMS if path == "/api/notices" else []
    if names:
        case["params"] = query_params(rng, names)
    elif rng.random() < 0.05:
        case["params"] = [("x", "1")]
    if method in ("POST", "PUT", "PATCH") and (path in ROUTES or rng.random() < 0.5):
        case["content"] = body(rng, path, articles)
        case["chunked"] = rng.random() < 0.1
    return case


RAW_CASES = [
    (b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n", {431}),
    (b"GET /api/search?q=" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", {414}),
    (b"GET /api/health HTTP/1.1\r\nHost: x\r\n" + b"X-A: b\r\n" * 5000 + b"\r\n", {431}),
    (b"\x00\x01\x02 nonsense\r\n\r\n", {400}),
    (b"GET /api/health HTTP/9.9\r\n\r\n", {400}),
    (b"POST /api/feedback HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", {400}),
    (b"POST /api/feedback HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n", {400, 413}),
    (b"POST /api/feedback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", {400}),
]


def raw_exchange(host: str, port: int, data: bytes) -> bytes:
    with socket.create_connection((host, port), timeout=15) as s:
        try:
            s.sendall(data)
        except OSError:
            pass
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
                head, sep, rest = b"".join(chunks).partition(b"\r\n\r\n")
                if sep and b"content-length:" in head.lower():
                    length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                    if len(rest) >= length:
                        break
        except (ConnectionResetError, socket.timeout):
            pass
    return b"".join(chunks)


class Checker:
    def __init__(self, openapi: dict):
        self.openapi = openapi
        self.problems: list[str] = []
        self.statuses: Counter = Counter()
        self.lock = threading.Lock()

    def schema(self, path: str, method: str, status: int):
        try:
            content = self.openapi["paths"][path][method.lower()]["responses"][str(status)]["content"]
            return content["application/json"]["schema"]
        except KeyError:
            return None

    def check(self, label: str, method: str, path: str, status: int, headers, content: bytes) -> None:
        problem = None
        key = path if path in ROUTES else "(raw connection cases)" if path == "(raw)" else "(other /api/ paths)"
        with self.lock:
            self.statuses[(key, status)] += 1
        if status >= 500:
            problem = f"status {status}"
        elif "x-request-id" not in headers:
            problem = "no X-Request-ID"
        elif status == 204 or method == "HEAD":
            problem = "a body on 204 or HEAD" if content else None
        elif not headers.get("content-type", "").startswith("application/json"):
            problem = f"content-type {headers.get('content-type')!r}"
        else:
            try:
                document = json.loads(content)
            except ValueError:
                problem = "body is not JSON"
            else:
                if status >= 400:
                    if (not isinstance(document, dict) or set(document) != {"error", "field"}
                            or not isinstance(document["error"], str)
                            or not isinstance(document["field"], (str, type(None)))):
                        problem = f"error body of the wrong shape: {content[:200]!r}"
                else:
                    schema = self.schema(path, method, status)
                    if schema is not None:
                        try:
                            jsonschema.validate(document, schema)
                        except jsonschema.ValidationError as e:
                            problem = f"{status} body against its schema: {e.message[:200]}"
        if problem:
            with self.lock:
                self.problems.append(f"{label}: {problem}")


def run(base_url: str, cases: int, seed: int, threads: int = 4) -> int:
    rng = random.Random(seed)
    with httpx.Client(base_url=base_url, timeout=30) as client:
        openapi = client.get("/api/openapi.json").json()
        health = client.get("/api/health").json()
        articles = sorted(_article_ids(openapi)) or ["end-a-contract"]
    checker = Checker(openapi)
    raw = max(len(RAW_CASES), cases // 100)
    generated = [http_case(rng, articles) for _ in range(cases - raw)]
    started = time.perf_counter()
    local = threading.local()

    def one(numbered):
        n, case = numbered
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(base_url=base_url, timeout=30)
        content = case["content"]
        if content is not None and case["chunked"]:
            content = iter([content[i:i + 4096] for i in range(0, len(content), 4096)] or [b""])
        label = f"case {n} {case['method']} {case['path']} params={case['params']!r:.200} headers={case['headers']!r:.120}"
        try:
            r = client.request(case["method"], case["path"], params=case["params"], headers=case["headers"],
                               content=content)
        except httpx.HTTPError as e:
            with checker.lock:
                checker.problems.append(f"{label}: {type(e).__name__}: {e}")
            local.client = None
            return
        if r.headers.get("connection", "").lower() == "close":
            local.client = None
        checker.check(label, case["method"], case["path"], r.status_code, r.headers, r.content)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, enumerate(generated)))
    url = urlsplit(base_url)
    for n in range(raw):
        data, expected = RAW_CASES[n % len(RAW_CASES)]
        answer = raw_exchange(url.hostname, url.port, data)
        head, _, content = answer.partition(b"\r\n\r\n")
        try:
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            found = {k.lower(): v for k, v in (line.split(": ", 1) for line in lines[1:])}
        except (IndexError, ValueError):
            checker.problems.append(f"raw case {n % len(RAW_CASES)}: no HTTP answer: {answer[:100]!r}")
            continue
        found.setdefault("x-request-id", "(connection layer)")
        if status not in expected:
            checker.problems.append(f"raw case {n % len(RAW_CASES)}: status {status}, expected {sorted(expected)}")
        checker.check(f"raw case {n % len(RAW_CASES)}", "GET", "(raw)", status, found, content)
    elapsed = time.perf_counter() - started

    print(f"{cases} cases (seed {seed}) against {base_url} (release {health.get('release')}) in {elapsed:.1f} s, "
          f"{cases / elapsed:.0f} cases/s")
    by_route: dict[str, Counter] = {}
    for (route, status), n in sorted(checker.statuses.items()):
        by_route.setdefault(route, Counter())[status] = n
    for route, counts in by_route.items():
        print(f"  {route:28} " + ", ".join(f"{s}: {n}" for s, n in sorted(counts.items())))
    fives = sum(n for (_, s), n in checker.statuses.items() if s >= 500)
    print(f"5xx answers: {fives}; answers breaking a rule: {len(checker.problems)}")
    for problem in checker.problems[:20]:
        print("  " + problem)
    return 1 if checker.problems else 0


def _article_ids(openapi: dict) -> list[str]:
    try:
        schema = openapi["paths"]["/api/feedback"]["post"]["requestBody"]["content"]["application/json"]["schema"]
        return schema["properties"]["article_id"].get("enum", [])
    except KeyError:
        return []


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--url", help="fuzz this running server instead of building and serving content/")
    args = parser.parse_args(argv)
    if args.url:
        return run(args.url, args.cases, args.seed, args.threads)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        subprocess.run([sys.executable, "-m", "helpcenter.cli", "build", "--content", str(ROOT / "content"),
                        "--out", str(out)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        from serve_load import free_port, serve  # one way to start a local server for the benchmarks

        port = free_port()
        proc = serve(out, port, 1, {})
        try:
            return run(f"http://127.0.0.1:{port}", args.cases, args.seed, args.threads)
        finally:
            proc.terminate()
            proc.wait(30)


if __name__ == "__main__":
    sys.exit(main())
