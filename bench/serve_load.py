"""Two measurements of `helpcenter serve` under search load, each against a fresh build of content/.

    python bench/serve_load.py rebuild [--rate 200] [--rebuilds 3] [--pause 5]
        Searches at a fixed rate (open loop: a request is sent every 1/rate s whatever the
        answers) while `helpcenter build` swaps new releases in; prints the rate achieved,
        latency percentiles, failed requests (anything but 200) and the releases served.
        Exit status 1 when a request failed.

    python bench/serve_load.py memory [--queries 100000] [--cache-mb 32] [--queue-mb 8]
        One worker; 100,000 distinct searches: each a word of the articles with a distinct
        combination of limit (30-50, so results are large) and country, which makes each one a
        new entry in the result caches and a new row in the log queue. The worker's resident
        memory (VmRSS) after a warm-up of 2,000 searches and then every 10,000. The bound checked:
        RSS stays under the warm-up RSS + the configured result-cache and log-queue bytes + the
        rendered-JSON cache (8 MiB). Exit status 1 when it does not.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

from core.vocabulary import COUNTRIES
from helpcenter.api.search import RENDERED_BYTES

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(out: Path) -> None:
    subprocess.run([sys.executable, "-m", "helpcenter.cli", "build", "--content", str(ROOT / "content"),
                    "--out", str(out)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def serve(out: Path, port: int, workers: int, env: dict) -> subprocess.Popen:
    env = {**os.environ, "HELPCENTER_SEARCH_RATE": "off", "HELPCENTER_FEEDBACK_RATE": "off",
           "HELPCENTER_CLICK_RATE": "off", **env}
    env.pop("HELPCENTER_DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "helpcenter.cli", "serve", "--out", str(out), "--port", str(port),
                             "--workers", str(workers)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise SystemExit("the server did not start")
        time.sleep(0.2)


def corpus_words() -> list[str]:
    words = set()
    for path in (ROOT / "content" / "articles").rglob("*.md"):
        words.update(w.lower() for w in re.findall(r"[A-Za-z]{4,}", path.read_text(encoding="utf-8")))
    return sorted(words)


class Connections:
    """A lean HTTP/1.1 keep-alive client on asyncio streams, for load that a Python client can
    actually send: about 50 us of this process's time per request, where httpx took ~1 ms (and
    so, sharing the machine's two cores with the server, could not send 200 a second). GET only;
    answers are read by Content-Length (the server sends no chunked or compressed bodies to a
    client that does not ask for them)."""

    IDLE_SECONDS = 3  # the server closes a kept-alive connection after 5 s without a request

    def __init__(self, port: int, most: int = 256):
        self.port, self.most = port, most
        self.idle: list = []  # (reader, writer, when it was last used)
        self.opened = 0
        self.free = asyncio.Condition()

    async def _take(self):
        async with self.free:
            while True:
                while self.idle and self.idle[0][2] < time.monotonic() - self.IDLE_SECONDS:
                    self.idle.pop(0)[1].close()  # about to be closed by the server: not reused
                    self.opened -= 1
                if self.idle or self.opened < self.most:
                    break
                await self.free.wait()
            if self.idle:
                return self.idle.pop()[:2]
            self.opened += 1
        try:
            return await asyncio.open_connection("127.0.0.1", self.port)
        except OSError:
            await self._drop()
            raise

    async def _give(self, conn) -> None:
        async with self.free:
            self.idle.append((*conn, time.monotonic()))
            self.free.notify()

    async def _drop(self, conn=None) -> None:
        if conn is not None:
            conn[1].close()
        async with self.free:
            self.opened -= 1
            self.free.notify()

    async def get(self, path: str) -> tuple[int, bytes]:
        conn = await self._take()
        reader, writer = conn
        try:
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            body = await reader.readexactly(int(length.group(1))) if length else b""
            closing = re.search(rb"(?im)^connection:\s*close", head)
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            await self._drop(conn)
            raise
        if closing:
            await self._drop(conn)
        else:
            await self._give(conn)
        return status, body

    async def close(self) -> None:
        for _, writer, _ in self.idle:
            writer.close()


async def open_loop(port: int, paths: list[str], rate: float, stop: asyncio.Event, results: list) -> None:
    """A request every 1/rate s whatever the answers (open loop); each latency is counted from the
    moment the request was due, so waiting for a connection or the server counts too."""
    client = Connections(port)

    async def one(path, due):
        try:
            status, body = await client.get(path)
            results.append((status, time.perf_counter() - due, status != 200 and body[:200].decode(errors="replace")))
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as e:
            results.append((type(e).__name__, time.perf_counter() - due, str(e)[:200]))

    tasks = []
    start = time.perf_counter()
    for n in itertools.count():
        due = start + n / rate
        if stop.is_set():
            break
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(paths[n % len(paths)], due)))
    await asyncio.gather(*tasks)
    await client.close()


def rebuild(args) -> int:
    words = corpus_words()
    rng = random.Random(1)
    paths = ["/api/search?" + urlencode({"q": " ".join(rng.sample(words, rng.randint(1, 3)))}) for _ in range(5000)]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        build(out)
        port = free_port()
        proc = serve(out, port, args.workers, {})
        try:
            results: list = []
            releases = set()

            async def main():
                stop = asyncio.Event()
                load = asyncio.create_task(open_loop(port, paths, args.rate, stop, results))
                await asyncio.sleep(args.pause)
                for n in range(args.rebuilds):
                    releases.add(await asyncio.to_thread(release_served, port))
                    began = time.perf_counter()
                    await asyncio.to_thread(build, out)
                    print(f"  rebuild {n + 1} swapped in after {time.perf_counter() - began:.0f} s; "
                          f"{len(results)} searches answered so far", flush=True)
                    await asyncio.sleep(args.pause)
                releases.add(await asyncio.to_thread(release_served, port))
                stop.set()
                await load

            started = time.perf_counter()
            asyncio.run(main())
            elapsed = time.perf_counter() - started
        finally:
            proc.terminate()
            proc.wait(30)
    failed = [r for r in results if r[0] != 200]
    latencies = sorted(r[1] for r in results)
    print(f"{len(results)} searches in {elapsed:.1f} s at a target of {args.rate:g}/s "
          f"({len(results) / elapsed:.0f}/s achieved), {args.workers} workers, {args.rebuilds} rebuilds swapped in "
          f"({len(releases)} releases served); load average {os.getloadavg()[0]:.1f}")
    print(f"latency p50 {statistics.median(latencies) * 1000:.1f} ms, "
          f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:.1f} ms, max {latencies[-1] * 1000:.0f} ms")
    print(f"failed requests: {len(failed)}")
    for status, _, detail in failed[:10]:
        print(f"  {status}: {detail}")
    return 1 if failed or len(releases) < args.rebuilds + 1 else 0


def release_served(port: int) -> str:
    return httpx.get(f"http://127.0.0.1:{port}/api/health").json()["release"]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def memory(args) -> int:
    words = corpus_words()
    rng = random.Random(2)
    countries = sorted(COUNTRIES)
    combos = set()
    while len(combos) < args.queries + 2000:
        combos.add((rng.choice(words), rng.randint(30, 50), rng.choice(countries)))
    combos = sorted(combos)
    rng.shuffle(combos)
    cache, queue = args.cache_mb * 1024 * 1024, args.queue_mb * 1024 * 1024
    env = {"HELPCENTER_SEARCH_CACHE_BYTES": str(cache), "HELPCENTER_LOG_QUEUE_BYTES": str(queue)}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        build(out)
        port = free_port()
        proc = serve(out, port, 1, env)
        try:
            worker = proc.pid  # one worker: uvicorn serves in the main process
            paths = [f"/api/search?q={q}&limit={limit}&country={country}" for q, limit, country in combos]

            async def send(batch):
                limits = httpx.Limits(max_connections=8)
                async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=60) as c:
                    sem = asyncio.Semaphore(4)

                    async def one(path):
                        async with sem:
                            r = await c.get(path)
                            if r.status_code != 200:
                                raise SystemExit(f"{path}: {r.status_code} {r.text[:200]}")

                    await asyncio.gather(*(one(p) for p in batch))

            asyncio.run(send(paths[:2000]))
            base = rss_kib(worker)
            bound = base + (cache + queue + RENDERED_BYTES) // 1024
            print(f"after 2,000 warm-up queries: {base / 1024:.0f} MiB; bound = that + result cache "
                  f"{args.cache_mb} MiB + log queue {args.queue_mb} MiB + rendered JSON "
                  f"{RENDERED_BYTES // 2 ** 20} MiB = {bound / 1024:.0f} MiB")
            peak = base
            started = time.perf_counter()
            for n in range(0, args.queries, 10_000):
                asyncio.run(send(paths[2000 + n: 2000 + n + 10_000]))
                now = rss_kib(worker)
                peak = max(peak, now)
                print(f"  after {n + 10_000:>7,} distinct queries: {now / 1024:.0f} MiB "
                      f"({time.perf_counter() - started:.0f} s)", flush=True)
        finally:
            proc.terminate()
            proc.wait(30)
    print(f"peak {peak / 1024:.0f} MiB, bound {bound / 1024:.0f} MiB: {'within' if peak <= bound else 'OVER'}")
    return 0 if peak <= bound else 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    r = sub.add_parser("rebuild")
    r.add_argument("--rate", type=float, default=200)
    r.add_argument("--pause", type=float, default=5, help="seconds of load before, between and after rebuilds")
    r.add_argument("--rebuilds", type=int, default=3)
    r.add_argument("--workers", type=int, default=2)
    m = sub.add_parser("memory")
    m.add_argument("--queries", type=int, default=100_000)
    m.add_argument("--cache-mb", type=int, default=32)
    m.add_argument("--queue-mb", type=int, default=8)
    args = parser.parse_args(argv)
    return rebuild(args) if args.what == "rebuild" else memory(args)


if __name__ == "__main__":
    sys.exit(main())
