"""GET /api/openapi.json: the OpenAPI description assembled from each route's ``openapi`` spec."""
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


def routes(release, api_routes):
    def document():
        paths = {}
        for route in api_routes:
            spec = getattr(route.endpoint, "openapi", None)
            if callable(spec):  # a spec that depends on the release (e.g. the published ids)
                spec = spec()
            if spec:
                paths.setdefault(route.path, {}).update(spec)
        return {
            "openapi": "3.1.0",
            "info": {"title": "Help Center API", "version": "1.0.0"},
            "paths": paths,
        }

    async def openapi(request: Request):
        return JSONResponse(document())

    return [Route("/api/openapi.json", openapi, methods=["GET"])]
