"""The sites of the languages other than the source: ``site/<lang>/``, one MkDocs run each.

Each is a complete MkDocs site (its own ``sitemap.xml``, search index and 404 page, Material's
interface in its language) holding its home, its category pages and a page per published
translation: the work grows with the translated pages, and a language without translations costs
one small site (home, categories, 404). Related articles and popular picks come from the source
language's tree of the same build, so they are not computed again.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from .docs_tree import DocsTree, write_docs_tree
from .languages import SiteLanguages
from .mkdocs_site import render_site
from .redirects import write_redirect_pages
from .strings import catalogue_problems


def render_translations(content, published, source_tree: DocsTree, site: SiteLanguages, site_dir: Path, work: Path,
                        *, section_answers=None, extra: dict | None = None, only: dict[str, set[str]] | None = None,
                        progress=None) -> list[str]:
    """Render every other language of ``site`` into ``site_dir/<code>/``; returns the warnings
    (including a language whose interface strings are missing from ``publish/locales/``: those show
    in English).

    ``only`` ({language code: article ids}) renders just those translated pages, into
    ``work/<code>/site`` (``serve --watch``; the caller moves them in), and writes no redirect pages."""
    warnings: list[str] = []
    for language in site.others:
        if only is not None and language.code not in only:
            continue
        docs_dir = work / f".docs-{language.code}"
        tree = write_docs_tree(content, published, docs_dir, section_answers=section_answers,
                               only=None if only is None else only[language.code],
                               site=site, lang=language.code, shared=source_tree)
        target = site_dir / language.code if only is None else work / language.code / "site"
        render_site(tree, target, site_url=site.absolute(language.code, ""), extra=extra, site=site)
        shutil.rmtree(docs_dir)
        if only is None:
            write_redirect_pages(target, tuple(site.articles[language.code].values()), lang=language.code)
        warnings += tree.warnings + catalogue_problems(language.code)
        if progress is not None:
            progress(f"{language.name} ({language.code}): {len(site.articles[language.code])} translated "
                     f"articles into {language.prefix}")
    return warnings
