"""GET /api/health: which release this replica serves."""
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


def routes(release):
    async def health(request: Request):
        manifest = release.manifest()
        return JSONResponse({"status": "ok", "release": release.path.name, "built_at": manifest.get("built_at"),
                             "articles": len(manifest.get("articles", []))})

    health.openapi = {
        "get": {
            "summary": "Which release this replica serves",
            "responses": {
                "200": {"description": "The current release: its folder name, build time and article count."},
                "503": {"description": "No build yet."},
            },
        }
    }
    return [Route("/api/health", health, methods=["GET"])]
