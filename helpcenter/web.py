"""The web server: the current release's static site plus the JSON APIs, one process per core.

Each request resolves ``out/current``; when a new build is swapped in, per-release resources
(the searcher, notices) are reopened for it, so deploys need no restart.

Static files go out as the build precompressed them (``page.html.gz`` to clients that accept
gzip) with a cache policy per kind of file (``cache_control``); API responses keep their own
headers and are gzipped on the fly when large enough.
"""
from __future__ import annotations

import contextlib
import json
import mimetypes
import os
import re
import stat
import threading
import time
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import NotModifiedResponse, StaticFiles

from publish.precompress import COMPRESSIBLE

# Material's bundles carry a content hash in their names (bundle.a5f9d56c.min.js): a new version
# is a new URL, so a browser may keep one for a year without asking again.
FINGERPRINTED = re.compile(r"^assets/.+\.[0-9a-f]{8,}\.min\.(?:js|css)(?:\.map)?$")
IMMUTABLE = "public, max-age=31536000, immutable"
# Everything else (pages, sitemap, our own assets/hc/*, whose names stay the same from one release
# to the next) is revalidated on every use: after a new release is swapped in, the next page view
# gets the new page with matching scripts, and an unchanged file costs a 304 without a body.
REVALIDATE = "no-cache"


def cache_control(relative_path: str) -> str:
    """The Cache-Control of a file of the site, by its path inside the site.

    >>> cache_control("assets/javascripts/bundle.a5f9d56c.min.js")
    'public, max-age=31536000, immutable'
    >>> cache_control("assets/hc/notices.js"), cache_control("index.html")
    ('no-cache', 'no-cache')
    """
    return IMMUTABLE if FINGERPRINTED.match(relative_path) else REVALIDATE


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (RFC 9110: ``q=0`` refuses, ``*`` stands in).

    >>> accepts_gzip("gzip, deflate, br"), accepts_gzip("br"), accepts_gzip("gzip;q=0, *"), accepts_gzip("*")
    (True, False, False, True)
    """
    weights = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name.strip():
            weights[name.strip()] = q
    for name in ("gzip", "x-gzip", "*"):
        if name in weights:
            return weights[name] > 0
    return False


class ReleaseFiles(StaticFiles):
    """One release's ``site/``: precompressed twins where the client accepts them, cache policy."""

    async def get_response(self, path: str, scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 404 and isinstance(response, FileResponse):  # the site's 404 page
            # A language's own site (site/es/) has its own 404 page, in that language.
            first = path.replace("\\", "/").strip("/").split("/")[0]
            own = os.path.join(self.directory, first, "404.html") if first and first != ".." else None
            page = own if own and os.path.isfile(own) else response.path
            response = self.file_response(page, os.stat(page), scope, status_code=404)
        return response

    def finds(self, path: str) -> bool:
        """Whether ``path`` (as requested, from the site's root) is a file of the site, or a folder
        with its ``index.html``."""
        full, found = self.lookup_path(path.lstrip("/"))
        if found is None:
            return False
        return not stat.S_ISDIR(found.st_mode) or os.path.isfile(os.path.join(full, "index.html"))

    def file_response(self, full_path, stat_result, scope, status_code: int = 200) -> Response:
        path = str(full_path)
        headers = {"Cache-Control": cache_control(self._relative(path))}
        suffix = os.path.splitext(path)[1]
        media_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        sent, sent_stat = path, stat_result
        if suffix in COMPRESSIBLE:
            headers["Vary"] = "Accept-Encoding"
            twin = path + ".gz"
            if accepts_gzip(Headers(scope=scope).get("accept-encoding", "")) and os.path.isfile(twin):
                sent, sent_stat = twin, os.stat(twin)
                headers["Content-Encoding"] = "gzip"
        response = FileResponse(sent, status_code=status_code, stat_result=sent_stat, media_type=media_type,
                                headers=headers)
        if status_code == 200 and self.is_not_modified(response.headers, Headers(scope=scope)):
            return NotModifiedResponse(response.headers)
        return response

    def _relative(self, path: str) -> str:
        root = os.path.realpath(self.directory)
        return os.path.relpath(os.path.realpath(path), root).replace(os.sep, "/")


class CompressApi:
    """Gzip for the APIs' dynamic responses; static files were compressed at build time."""

    def __init__(self, app):
        self.app = app
        # No excluded content types (the APIs answer JSON): Starlette normalises that list again for
        # every request. Level 6: about as small as 9 for JSON, at a fraction of the time.
        self.gzip = GZipMiddleware(app, minimum_size=self.MINIMUM_SIZE, compresslevel=6, exclude_content_types=())

    MINIMUM_SIZE = 1024

    @classmethod
    def compresses(cls, size: int) -> bool:
        """Whether a body of ``size`` bytes is gzipped when asked (else it is sent as it is):
        such an answer, gzipped or not, carries ``Vary: Accept-Encoding``."""
        return size >= cls.MINIMUM_SIZE

    @staticmethod
    def asked(scope) -> bool:
        """Whether the request asks for gzip, as Starlette's GZipMiddleware decides it."""
        return any(name == b"accept-encoding" and b"gzip" in value for name, value in scope["headers"])

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith("/api/"):
            if self.asked(scope):
                await self.gzip(scope, receive, send)
            else:  # what Starlette's identity responder does, without parsing the headers per request
                await self.app(scope, receive, _VaryingSender(send))
        else:
            await self.app(scope, receive, send)

class _VaryingSender:
    """``Vary: Accept-Encoding`` on an answer that would have been gzipped had the client asked
    (``CompressApi.compresses`` its body, or it is streamed), so a cache keeps the two apart."""

    def __init__(self, send):
        self.send, self.start = send, None

    async def __call__(self, message):
        if message["type"] == "http.response.start":
            self.start = message  # sent with the first body, when its size is known
            return
        if self.start is not None:
            start, self.start = self.start, None
            headers = MutableHeaders(raw=start.setdefault("headers", []))
            if message["type"] == "http.response.body" and "content-encoding" not in headers and \
                    start["status"] != 206 and (CompressApi.compresses(len(message.get("body", b""))) or message.get("more_body")):
                headers.add_vary_header("Accept-Encoding")
            await self.send(start)
        await self.send(message)


from .api.errors import ApiError, IdSender, RequestGuard, error_response, handle_api_error


class HelpCenterApp(Starlette):
    """Starlette, with its hot routes (GET /api/search: most of the requests) served in one layer.

    A GET of a path in ``hot`` (an endpoint with ``answer(scope) -> bytes`` and ``headers(body)``,
    see ``api.hot_routes``) skips the middleware stack, the router and the per-request objects,
    doing what they do: the request id and the JSON 500 of ``RequestGuard``, gzip or ``Vary`` of
    ``CompressApi``, ``ApiError`` and ``HTTPException`` answered by the app's handlers. The
    response is the same, header for header; tests/test_web.py compares the two paths. Only for
    the middleware of ``create_app``: with any other, ``hot`` is left empty.
    """

    hot: dict = {}
    HOT_MIDDLEWARE = (RequestGuard, CompressApi)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "GET" and not scope.get("root_path"):
            endpoint = self.hot.get(scope["path"])
            if endpoint is not None:
                scope["app"] = self
                await self._serve_hot(endpoint, scope, receive, send)
                return
        await super().__call__(scope, receive, send)

    def set_hot(self, routes: dict) -> None:
        if tuple(m.cls for m in self.user_middleware) != self.HOT_MIDDLEWARE:
            routes = {}
        self.hot = {path: (endpoint, GZipMiddleware(self._handling(endpoint), minimum_size=CompressApi.MINIMUM_SIZE,
                                                    compresslevel=6, exclude_content_types=()))
                    for path, endpoint in routes.items()}

    async def _serve_hot(self, hot, scope, receive, send):
        endpoint, gzip = hot
        send_with_id = IdSender(send, scope, RequestGuard.start(scope))
        try:
            if CompressApi.asked(scope):
                await gzip(scope, receive, send_with_id)
                return
            try:
                body = endpoint.answer(scope)
            except (ApiError, HTTPException) as exc:
                response = await self._handled(scope, receive, exc)
                await response(scope, receive, _VaryingSender(send_with_id))
                return
            headers = endpoint.headers(body)
            if CompressApi.compresses(len(body)):
                headers.append((b"vary", b"Accept-Encoding"))
            headers.append((b"x-request-id", send_with_id.request_id.encode()))
            send_with_id.started = True
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
        except Exception:
            await RequestGuard.unexpected(scope, receive, send_with_id)

    async def _handled(self, scope, receive, exc: Exception) -> Response:
        """The response of the app's exception handler for ``exc`` (as ExceptionMiddleware finds it)."""
        handler = self.exception_handlers[ApiError if isinstance(exc, ApiError) else HTTPException]
        return await handler(Request(scope, receive), exc)

    def _handling(self, endpoint):
        async def app(scope, receive, send):
            try:
                await endpoint(scope, receive, send)
            except (ApiError, HTTPException) as exc:
                await (await self._handled(scope, receive, exc))(scope, receive, send)

        return app


class CurrentRelease:
    """The release ``out/current`` points at now, with resources cached per release.

    The link is read again when it was last read more than ``RECHECK_SECONDS`` ago: a swapped-in
    release is served from at most 10 ms later, and a busy worker reads the link about once per
    50 requests instead of twice per request (a system call that also hands the interpreter to
    the log writer thread)."""

    RECHECK_SECONDS = 0.01

    def __init__(self, out_dir: Path | str):
        self.out = Path(out_dir)
        self._link = str(self.out / "current")
        self._lock = threading.Lock()
        self._path: Path | None = None
        self._resources: dict = {}
        self._seen: tuple[str, Path] | None = None  # (link target, resolved path)
        self._checked = -1.0  # time.monotonic() of the last look at the link that found a release

    @property
    def path(self) -> Path:
        checked = time.monotonic()
        if checked - self._checked < self.RECHECK_SECONDS and self._path is not None:
            return self._path
        link = self.out / "current"
        try:
            # Resolving the whole path (a system call per part) only when the link changed: a new
            # build swaps it, and releases themselves never change.
            target = os.readlink(self._link)
            seen = self._seen
            if seen is not None and seen[0] == target:
                path = seen[1]
            else:
                path = link.resolve(strict=True)
                self._seen = (target, path)
        except FileNotFoundError:
            raise HTTPException(503, "No build yet: run `helpcenter build` first.") from None
        except OSError:  # not a symlink: resolve it every time
            try:
                path = link.resolve(strict=True)
            except FileNotFoundError:
                raise HTTPException(503, "No build yet: run `helpcenter build` first.") from None
        if path != self._path:
            with self._lock:
                if path != self._path:
                    old = self._resources
                    self._path, self._resources = path, {}
                    for resource in old.values():
                        close = getattr(resource, "close", None)
                        if close:
                            close()
        self._checked = checked
        return path

    def resource(self, name: str, factory):
        """``factory(release_path)`` once per release, e.g. an opened searcher."""
        path = self.path
        try:
            return self._resources[name]
        except KeyError:
            with self._lock:
                if name not in self._resources:
                    self._resources[name] = factory(path)
                return self._resources[name]

    def manifest(self) -> dict:
        return self.resource("manifest", lambda p: json.loads((p / "build.json").read_text(encoding="utf-8")))


class ReleaseStatic:
    """Static files of the current release's ``site/``, with redirects for renamed articles."""

    def __init__(self, release: CurrentRelease):
        self.release = release

    async def __call__(self, scope, receive, send):
        release = self.release
        try:
            files = release.resource("static", lambda p: ReleaseFiles(directory=p / "site", html=True))
        except HTTPException as e:
            await error_response(e.status_code, e.detail)(scope, receive, send)
            return
        path = scope["path"]
        redirects = release.manifest().get("redirects", {})
        lower = path.lower()
        if lower != path and not files.finds(path) and (files.finds(lower) or lower.strip("/").split("/")[0] in redirects):
            # An address typed or pasted with capitals (/End-A-Contract/): the site's are lower case.
            await _redirect(lower, scope, receive, send)
            return
        parts = path.strip("/").split("/")
        if parts and parts[0] in redirects:
            await _redirect("/" + "/".join([redirects[parts[0]], *parts[1:]]).rstrip("/") + "/", scope, receive, send)
            return
        await files(scope, receive, send)


async def _redirect(target: str, scope, receive, send) -> None:
    """A permanent redirect to ``target``, a path of the site, with the request's query."""
    query = scope.get("query_string", b"").decode()
    await RedirectResponse(target + (f"?{query}" if query else ""), status_code=301)(scope, receive, send)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    """APIs answer errors in their one JSON shape, ``{"error", "field"}``; pages in plain text."""
    if request.url.path.startswith("/api/"):
        return error_response(exc.status_code, exc.detail, None, exc.headers)
    return Response(exc.detail, status_code=exc.status_code, headers=exc.headers, media_type="text/plain")


@contextlib.asynccontextmanager
async def _lifespan(app: Starlette):
    yield
    # Shutting down: what this worker queued for the search log is written before it exits.
    import feedback

    await run_in_threadpool(feedback.close_stores)


def create_app(out_dir: Path | str | None = None) -> Starlette:
    out_dir = Path(out_dir or os.environ.get("HELPCENTER_OUT", "output"))
    release = CurrentRelease(out_dir)
    from . import api
    from .api.search import release_searcher
    from .search_page import SearchPage

    api_routes = api.routes(release)
    static = ReleaseStatic(release)
    results_page = SearchPage(release, static, release_searcher)
    app = HelpCenterApp(
        routes=[*api_routes, api.not_found(), Route("/search/", results_page), Route("/{lang}/search/", results_page),
                Mount("/", app=static)],
        exception_handlers={HTTPException: _http_error, ApiError: handle_api_error},
        # The guard outermost: its limits apply before anything is read or compressed.
        middleware=[Middleware(RequestGuard), Middleware(CompressApi)],
        lifespan=_lifespan,
    )
    app.state.release = release
    app.set_hot(api.hot_routes(api_routes))
    return app


def app_from_env() -> Starlette:
    """Factory for uvicorn workers (``--factory``): each worker process opens its own searcher."""
    return create_app(os.environ.get("HELPCENTER_OUT", "output"))
