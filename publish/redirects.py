"""Redirect pages for renamed articles, so old links keep working on any static host or CDN.

``helpcenter serve`` answers old URLs with a 301 itself; these pages are for hosting the site
as plain files, where no server logic runs.
"""
from __future__ import annotations

import html
from pathlib import Path

from core.articles import Article

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved: {title}</title>
<link rel="canonical" href="{target}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={target}">
<script>location.replace({target_js} + location.search + location.hash)</script>
</head>
<body><p>This article moved to <a href="{target}">{title}</a>.</p></body>
</html>
"""


def write_redirect_pages(site_dir: Path, published: tuple[Article, ...]) -> list[Path]:
    """One ``<old-id>/index.html`` per ``redirect_from`` entry, pointing at the article's page."""
    written = []
    for article in published:
        for old in article.redirect_from:
            page = site_dir / old / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            target = f"../{article.id}/"  # relative: works under any base path
            page.write_text(
                PAGE.format(title=html.escape(article.title), target=target, target_js=repr(target)),
                encoding="utf-8",
            )
            written.append(page)
    return written
