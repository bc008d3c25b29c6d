"""JSON APIs of `helpcenter serve`; each concern has its own module and routes.

Every path under /api/ answers JSON: a known path with a method it does not serve gets 405 with
``Allow`` (OPTIONS gets 204 with ``Allow``), an unknown path gets 404, never the site's HTML page.
"""
from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from . import openapi
from .errors import ApiError


def routes(release) -> list[Route]:
    collected: list[Route] = []
    for module in _modules():
        collected += module.routes(release)
    collected += openapi.routes(release, collected)
    return [_every_method(route) for route in collected]


def hot_routes(routes: list[Route]) -> dict:
    """Path -> endpoint of the routes whose GET the app may answer without its layers (an endpoint
    marked ``hot``, see ``web.HelpCenterApp``): only a path that no earlier route matches."""
    hot = {}
    for i, route in enumerate(routes):
        inner = route.endpoint.route if isinstance(route.endpoint, _Methods) else route
        if getattr(inner.endpoint, "hot", False) and "GET" in (inner.methods or ()) and not route.param_convertors \
                and not any(earlier.path_regex.match(route.path) for earlier in routes[:i]):
            hot[route.path] = inner.endpoint
    return hot


def not_found() -> Route:
    """After every route: any other path under /api/ is a JSON 404."""
    return Route("/api/{rest:path}", _NoSuchRoute(), name="api-not-found")


def _modules():
    # One line per API; each module exposes routes(release).
    from . import health
    from . import feedback
    from . import notices
    from . import search
    from . import rules

    # Search first: the routes are tried in order, and it gets most of the requests.
    return [search, health, feedback, notices, rules]


def _every_method(route: Route) -> Route:
    """The same route, matching every method, so a wrong one is answered here and not by the site."""
    return Route(route.path, _Methods(route), name=route.name)


class _Methods:
    def __init__(self, route: Route):
        self.route = route
        self.allow = ", ".join(sorted(route.methods | {"OPTIONS"}))
        self.openapi = getattr(route.endpoint, "openapi", None)

    async def __call__(self, scope, receive, send):
        method = scope["method"]
        if method in self.route.methods:
            await self.route.app(scope, receive, send)
        elif method == "OPTIONS":
            await Response(status_code=204, headers={"Allow": self.allow})(scope, receive, send)
        else:
            raise ApiError(405, f"method {method} not allowed; allowed: {self.allow}", None, {"Allow": self.allow})


class _NoSuchRoute:
    async def __call__(self, scope, receive, send):
        raise ApiError(404, f"no such API route: {scope['path']}; see /api/openapi.json")
