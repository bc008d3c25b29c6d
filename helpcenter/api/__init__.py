"""JSON APIs of `helpcenter serve`; each concern has its own module and routes."""
from __future__ import annotations

from starlette.routing import Route

from . import openapi


def routes(release) -> list[Route]:
    collected: list[Route] = []
    for module in _modules():
        collected += module.routes(release)
    collected += openapi.routes(release, collected)
    return collected


def _modules():
    # One line per API; each module exposes routes(release).
    from . import health
    from . import feedback
    from . import notices
    from . import search
    from . import rules

    return [health, feedback, notices, search, rules]
