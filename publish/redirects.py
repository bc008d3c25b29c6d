"""Redirect pages for renamed articles, so old links keep working on any static host or CDN.

``helpcenter serve`` answers old URLs with a 301 itself; these pages are for hosting the site
as plain files, where no server logic runs.
"""
from __future__ import annotations

from pathlib import Path

from core.articles import Article

from .templating import ENV


def write_redirect_pages(site_dir: Path, published: tuple[Article, ...]) -> list[Path]:
    """One ``<old-id>/index.html`` per ``redirect_from`` entry, pointing at the article's page."""
    written = []
    for article in published:
        for old in article.redirect_from:
            page = site_dir / old / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            target = f"../{article.id}/"  # relative: works under any base path
            page.write_text(ENV.get_template("redirect.html").render(title=article.title, target=target),
                            encoding="utf-8")
            written.append(page)
    return written
