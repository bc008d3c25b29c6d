"""The fast path of ``serve --watch``: a save that changes only article bodies re-renders just those pages.

Anything else (a new, removed or renamed article, a changed title, summary, category, keywords,
audience, window or claim, notices, synonyms, featured articles, or the published set moving on
with the clock) takes the full build. The fast path still validates the whole content tree and
writes a complete new release: unchanged pages are hard links to the current release's files
(nothing ever writes to them), the changed pages are rendered by MkDocs in a separate folder and
moved in, the search index is updated incrementally, the audit runs on the result, and the
release is swapped in atomically. A failure discards the stage: the last good release stays.
"""
from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import search
from core.articles import Article
from core.content import Content
from core.problems import ContentError, Problems
from core.targeting import now
from publish import answers_pages
from publish.docs_tree import write_docs_tree
from publish.mkdocs_site import render_site
from publish.precompress import precompress
from publish.release import Releases

from . import popular as popular_step
from . import public_url as public_url_setting
from .pipeline import (BuildError, BuildResult, _rules_for_page, _write_manifest, audit_release, published_by_language,
                       staged, synonym_groups, validate_and_prove)

# What other pages show of an article (titles, lists, related, search filters): a change here
# needs the full build. The body alone is shown only on the article's own page.
SHAPE = ("id", "title", "summary", "targeting", "window", "keywords", "visibility", "category",
         "redirect_from", "claims", "source")


def shape(article: Article) -> tuple:
    return tuple(getattr(article, name) for name in SHAPE)


def body_only_changes(before: Content, after: Content) -> set[str] | None:
    """Ids of articles whose body alone changed; None when anything else changed too."""
    old = {a.id: a for a in before.articles}
    new = {a.id: a for a in after.articles}
    if old.keys() != new.keys() or before.notices != after.notices:
        return None
    if before.languages != after.languages or before.translations != after.translations:
        return None  # a translation changed, or a source edit made translations outdated: the full build
    changed = set()
    for article_id, article in new.items():
        previous = old[article_id]
        if previous == article:
            continue
        if shape(previous) != shape(article):
            return None
        changed.add(article_id)
    return changed


def update(content_dir: Path, out_dir: Path, before: Content, *, site_url: str | None = None,
           default_site_url: str = public_url_setting.LOCAL_DEFAULT, article_cache: dict | None = None):
    """Re-render the articles whose body changed since ``before``; None when the full build is
    needed (nothing is written then)."""
    content_dir, out_dir = Path(content_dir).absolute(), Path(out_dir).absolute()
    at = now()
    try:
        public = public_url_setting.resolve(site_url, default=default_site_url)
    except ValueError as e:
        raise BuildError(str(e)) from None
    content, problems, verification = validate_and_prove(content_dir, at, article_cache=article_cache)
    if problems.failed(False):
        raise ContentError(problems, False)
    releases = Releases(out_dir)
    current = releases.current()
    changed = body_only_changes(before, content)
    if current is None or not changed:
        return None
    published = content.published(at)
    manifest = json.loads((current / "build.json").read_text(encoding="utf-8"))
    if sorted(a.id for a in published) != manifest["articles"]:
        return None  # the clock opened or closed a window: lists and cards change
    if not changed <= {a.id for a in published}:
        return None
    live = {a.id for a in published}
    unpublished = [a for a in content.articles if a.id not in live]
    warnings = [str(p) for p in problems.warnings]

    with staged(releases) as stage:
        _link_release(current, stage, changed)
        base = public.url
        public_answers = [a.to_dict(base) for a in verification.public_answers(published)]
        work = stage / ".incremental"
        docs = write_docs_tree(
            content, published, work / "docs",
            section_badges=lambda article, anchor: answers_pages.claim_badges(
                [a.to_dict(base) for a in verification.verified_in(article, anchor)]),
            extra_pages=answers_pages.pages(public_answers, _rules_for_page(verification)),
            synonym_groups=synonym_groups(content),
            popular=popular_step.editor_picks(content, Problems()),
            only=changed,
        )
        warnings += docs.warnings
        render_site(docs, work / "site", site_url=public.url)
        for article_id in sorted(changed):
            os.replace(work / "site" / article_id / "index.html", stage / "site" / article_id / "index.html")
        _merge_search_entries(work / "site", stage / "site", changed)
        shutil.rmtree(work)
        search.write_fallback_index(stage / "site", published)
        search.build_indexes(published_by_language(content, published, at), stage, previous=current)
        _write_manifest(stage, content, published, at)
        answers_pages.write_answers_json(stage / "site", public_answers)
        precompress(stage / "site", current / "site")  # unchanged files take the current release's copy
        # Same published set, same unpublished articles as the current release (else the full
        # build runs): the files linked from it passed this very audit.
        audit_release(stage, published, unpublished, audited=current)
        release = releases.promote(stage, prune=False)
    # Removing old releases (thousands of files) is not worth making the editor wait for.
    threading.Thread(target=releases.prune, args=(release,), daemon=True, name="prune-releases").start()
    return BuildResult(release, at, [a.id for a in published], warnings, public, content)


def _link_release(current: Path, stage: Path, changed: set[str]) -> None:
    """Copy the current release into ``stage``: unchanged pages and theme assets as hard links
    (read-only from here on), everything a later step rewrites as real copies. Gzip twins are
    left to ``precompress``, which takes the unchanged ones from the current release."""
    site = current / "site"
    linkable = {site / d.name / "index.html" for d in site.iterdir() if d.is_dir() and d.name not in changed}
    assets = site / "assets"

    def copy(src, dst):
        path = Path(src)
        if path in linkable or (path.is_relative_to(assets) and path.parent.name != "hc"):
            os.link(src, dst)
        else:
            shutil.copy2(src, dst)

    def ignore(folder, names):
        skipped = [n for n in names if n.endswith(".gz")]
        indexes = [name for name in names if name == "index" or name.startswith("index-")]
        return skipped + (indexes if Path(folder) == current else [])

    shutil.copytree(current, stage, copy_function=copy, dirs_exist_ok=True, ignore=ignore)


def _merge_search_entries(rendered: Path, site: Path, changed: set[str]) -> None:
    """Material's client search index: the changed articles' entries from the new render."""
    path = site / "search" / "search_index.json"
    fresh = rendered / "search" / "search_index.json"
    if not path.exists() or not fresh.exists():
        return

    def owner(doc) -> str:
        return doc.get("location", "").split("/", 1)[0].split("#", 1)[0]

    data = json.loads(path.read_text(encoding="utf-8"))
    new_docs = [d for d in json.loads(fresh.read_text(encoding="utf-8")).get("docs", []) if owner(d) in changed]
    data["docs"] = [d for d in data.get("docs", []) if owner(d) not in changed] + new_docs
    path.unlink()  # a copy already, but never write through a name that could be a link
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
