"""Popular articles for the home page: the most clicked search results, else the editors' picks.

Editors pick in ``content/featured.yml`` (``featured: [article-id, ...]``, most important first).
Analytics are used only when asked for (``helpcenter build --popular-from-analytics``), so a build
of the same content is the same site unless someone opts in.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from core import yamlfile
from core.content import Content
from core.schema import closest
from core.problems import Problems

FEATURED = "featured.yml"
ANALYTICS_DAYS = 90


def editor_picks(content: Content, problems: Problems) -> list[str]:
    """The ids listed in ``featured.yml``; an unknown id (with a did-you-mean), an internal article
    and an id picked twice are errors naming their line."""
    path = content.root / FEATURED
    if not path.exists():
        return []
    located = yamlfile.read(path, problems, "featured", root=content.root)
    if located is None:
        return []
    data = located.data
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("featured"), list):
        problems.error(path, located.line(), "featured", "expected `featured:` with a list of article ids")
        return []
    by_id = content.by_id()
    picks, seen = [], {}
    for index, value in enumerate(data["featured"]):
        line, key = located.line("featured", index), f"featured[{index}]"
        if isinstance(value, str) and value in content.unreadable:
            continue  # an article file that could not be loaded: its own errors are reported
        if not isinstance(value, str) or value not in by_id:
            hint = closest(value, list(by_id)) if isinstance(value, str) else None
            problems.error(path, line, key, f"expected the id of an article, got {value!r}"
                           + (f" (did you mean '{hint}'?)" if hint else ""))
        elif by_id[value].visibility != "public":
            problems.error(path, line, key, f"{value} is an internal article: the home page is public; "
                                            "pick a public one")
        elif value in seen:
            problems.error(path, line, key, f"{value} is already picked on line {seen[value]}; keep one")
        else:
            seen[value] = line
            picks.append(value)
    for key in data:
        if key != "featured":
            problems.warning(path, located.line(key), key, "unknown key, ignored (known keys: featured)")
    return picks


def most_clicked(store, *, now: dt.datetime, days: int = ANALYTICS_DAYS, limit: int = 20) -> list[str]:
    """Article ids by search-result clicks over the last ``days``, most first (ties by id)."""
    since = store.timestamp(now - dt.timedelta(days=days))
    rows = store.select(
        "SELECT article_id, COUNT(*) AS n FROM clicks WHERE created_at >= ? "
        "GROUP BY article_id ORDER BY n DESC, article_id LIMIT ?",
        (since, limit),
    )
    return [row[0] for row in rows]


def popular_articles(picks: list[str], clicked: list[str] | None = None) -> list[str]:
    """Clicked articles first, then the editors' picks not already in the list."""
    return list(dict.fromkeys([*(clicked or []), *picks]))


def analytics_clicks(out_dir: Path, *, now: dt.datetime, database_url: str | None = None) -> list[str]:
    from feedback import open_store

    store = open_store(out_dir, database_url)
    try:
        return most_clicked(store, now=now)
    finally:
        store.close()
