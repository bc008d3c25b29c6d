"""Redirect pages for renamed articles, so old links keep working on any static host or CDN.

``helpcenter serve`` answers old URLs with a 301 itself; these pages are for hosting the site
as plain files, where no server logic runs.
"""
from __future__ import annotations

from pathlib import Path

from core.articles import Article

from .strings import strings
from .templating import ENV


def write_redirect_pages(site_dir: Path, published: tuple[Article, ...], lang: str = "en") -> list[Path]:
    """One ``<old-id>/index.html`` per ``redirect_from`` entry, pointing at the article's page
    (``published`` in ``lang``: a language's site redirects its own pages, in its words)."""
    t = strings(lang)
    written = []
    for article in published:
        for old in article.redirect_from:
            page = site_dir / old / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            target = f"../{article.id}/"  # relative: works under any base path
            page.write_text(ENV.get_template("redirect.html").render(
                title=article.title, target=target, lang=lang, heading=t("article.moved_title", title=article.title),
                moved=t("article.moved")), encoding="utf-8")
            written.append(page)
    return written
