"""Who is asking: the client's address (through trusted proxies only) and per-client rate limits.

Behind a reverse proxy every request comes from the proxy's address. ``X-Forwarded-For`` is
believed only when the peer is a configured trusted proxy (``--trusted-proxy`` or
HELPCENTER_TRUSTED_PROXIES, comma-separated addresses or networks); then the client is the
rightmost address in it that is not itself a trusted proxy. Anyone else can write that header,
so from any other peer it is ignored.
"""
from __future__ import annotations

import ipaddress
import math
import os
import threading
import time

from starlette.requests import Request

from .errors import ApiError

TRUSTED_PROXIES_ENV = "HELPCENTER_TRUSTED_PROXIES"


def trusted_proxies(text: str | None = None) -> tuple:
    """The networks of HELPCENTER_TRUSTED_PROXIES (or ``text``): ``10.0.0.0/8, 127.0.0.1, ::1``.

    >>> trusted_proxies("127.0.0.1, 10.0.0.0/8")
    (IPv4Network('127.0.0.1/32'), IPv4Network('10.0.0.0/8'))
    >>> trusted_proxies("localhost")
    Traceback (most recent call last):
    ValueError: HELPCENTER_TRUSTED_PROXIES: expected IP addresses or networks like 10.0.0.0/8, got 'localhost'
    """
    text = os.environ.get(TRUSTED_PROXIES_ENV, "") if text is None else text
    networks = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ValueError(f"{TRUSTED_PROXIES_ENV}: expected IP addresses or networks like 10.0.0.0/8, "
                             f"got {part!r}") from None
    return tuple(networks)


def client_address(request: Request, trusted: tuple) -> str:
    """The address to key per-client limits on."""
    peer = request.client.host if request.client else "-"
    if not _is_trusted(peer, trusted):
        return peer
    hops = [h.strip() for value in request.headers.getlist("x-forwarded-for") for h in value.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer


def _is_trusted(address: str, trusted: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


class RateLimit:
    """A token bucket per client address, in memory only: addresses are never written anywhere.

    >>> limit = RateLimit(2, 60)
    >>> limit.wait("a", now=0.0), limit.wait("a", now=0.0), limit.wait("a", now=0.0)
    (0.0, 0.0, 30.0)
    >>> limit.wait("a", now=30.0), limit.wait("b", now=30.0)
    (0.0, 0.0)
    """

    max_clients = 10_000
    clock = staticmethod(time.monotonic)  # a class attribute, so tests can stop the clock

    def __init__(self, burst: int, seconds: float, trusted: tuple = ()):
        self.trusted = trusted
        self.burst = burst
        self.rate = burst / seconds  # tokens per second
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, at)
        self._lock = threading.Lock()

    @classmethod
    def from_text(cls, text: str, name: str) -> "RateLimit | NoLimit":
        """``BURST/SECONDS``: BURST requests, refilled over SECONDS; ``off`` for no limit."""
        trusted = trusted_proxies()
        if text.strip() == "off":
            return NoLimit()
        try:
            burst, seconds = text.split("/")
            limit = cls(int(burst), float(seconds), trusted)
            if limit.burst < 1 or limit.rate <= 0:
                raise ValueError
            return limit
        except ValueError:
            raise ValueError(f"{name}: expected BURST/SECONDS like 10/60 (or off), got {text!r}") from None

    def wait(self, client: str, now: float | None = None) -> float:
        """Take one token for ``client``: 0 if allowed, else the seconds until one is available."""
        now = self.clock() if now is None else now
        with self._lock:
            tokens, at = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.rate)
            if tokens < 1:
                self._buckets[client] = (tokens, now)
                return (1 - tokens) / self.rate
            if len(self._buckets) >= self.max_clients and client not in self._buckets:
                self._forget_idle(now)
            self._buckets[client] = (tokens - 1, now)
            return 0.0

    def _forget_idle(self, now: float) -> None:
        # A client whose bucket has refilled is indistinguishable from a new one.
        for client, (tokens, at) in list(self._buckets.items()):
            if tokens + (now - at) * self.rate >= self.burst:
                del self._buckets[client]


    def take(self, request: Request) -> None:
        """Spend one of this client's requests, or raise a 429 with Retry-After."""
        wait = self.wait(client_address(request, self.trusted))
        if wait:
            seconds = max(1, math.ceil(wait))
            raise ApiError(429, f"too many requests: try again in {seconds} s", None, {"Retry-After": str(seconds)})


class NoLimit:
    def take(self, request: Request) -> None:
        pass
