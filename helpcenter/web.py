"""The web server: the current release's static site plus the JSON APIs, one process per core.

Each request resolves ``out/current``; when a new build is swapped in, per-release resources
(the searcher, notices) are reopened for it, so deploys need no restart.
"""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from .api.errors import ApiError, RequestGuard, error_response, handle_api_error


class CurrentRelease:
    """The release ``out/current`` points at now, with resources cached per release."""

    def __init__(self, out_dir: Path | str):
        self.out = Path(out_dir)
        self._lock = threading.Lock()
        self._path: Path | None = None
        self._resources: dict = {}

    @property
    def path(self) -> Path:
        link = self.out / "current"
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
            files = release.resource("static", lambda p: StaticFiles(directory=p / "site", html=True))
        except HTTPException as e:
            await error_response(e.status_code, e.detail)(scope, receive, send)
            return
        redirects = release.manifest().get("redirects", {})
        parts = scope["path"].strip("/").split("/")
        if parts and parts[0] in redirects:
            target = "/" + "/".join([redirects[parts[0]], *parts[1:]]).rstrip("/") + "/"
            query = scope.get("query_string", b"").decode()
            await RedirectResponse(target + (f"?{query}" if query else ""), status_code=301)(scope, receive, send)
            return
        await files(scope, receive, send)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    """APIs answer errors in their one JSON shape, ``{"error", "field"}``; pages in plain text."""
    if request.url.path.startswith("/api/"):
        return error_response(exc.status_code, exc.detail, None, exc.headers)
    return Response(exc.detail, status_code=exc.status_code, headers=exc.headers, media_type="text/plain")


def create_app(out_dir: Path | str | None = None) -> Starlette:
    out_dir = Path(out_dir or os.environ.get("HELPCENTER_OUT", "output"))
    release = CurrentRelease(out_dir)
    from . import api

    app = Starlette(
        routes=[*api.routes(release), api.not_found(), Mount("/", app=ReleaseStatic(release))],
        exception_handlers={HTTPException: _http_error, ApiError: handle_api_error},
        middleware=[Middleware(RequestGuard)],
    )
    app.state.release = release
    return app


def app_from_env() -> Starlette:
    """Factory for uvicorn workers (``--factory``): each worker process opens its own searcher."""
    return create_app(os.environ.get("HELPCENTER_OUT", "output"))
