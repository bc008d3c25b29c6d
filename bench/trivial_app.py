"""The HTTP ceiling of this machine for bench/search_bench.py: a trivial JSON endpoint on the
server stack `helpcenter serve` uses (Starlette on uvicorn, same workers and options)."""
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def ping(request):
    return JSONResponse({"ok": True}, headers={"Cache-Control": "no-store"})


app = Starlette(routes=[Route("/ping", ping)])
