"""The fast path of ``serve --watch``: a save that changes only article bodies re-renders just those pages.

That holds in every language: a translation's body re-renders its page on its language's site, and
a source article's body re-renders its page and its translations' (which may now be outdated, and
say so). Anything else (a new, removed or renamed article or translation, a changed title,
summary, category, keywords, audience, window, claim or draft flag, languages, notices, synonyms,
featured articles, or the published set moving on with the clock) takes the full build. The fast path still validates the whole content tree and
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
from core.content import Content, images_of
from core.problems import ContentError, Problems
from core.targeting import now
from publish import answers_pages
from publish.docs_tree import write_docs_tree
from publish.languages import SiteLanguages
from publish.mkdocs_site import render_site
from publish.precompress import precompress
from publish.translated_site import render_translations
from publish.release import Releases

from . import popular as popular_step
from . import public_url as public_url_setting
from .pipeline import (BuildError, BuildResult, _rules_for_page, _write_manifest, audit_release, theme_extra,
                       changed_moments, published_by_language, scratch, source_revisions, staged, synonym_groups,
                       translated_answers, validate_and_prove, write_fallback_indexes, write_source_revisions)

# What other pages show of an article (titles, lists, related, search filters): a change here
# needs the full build. The body alone is shown only on the article's own page.
SHAPE = ("id", "title", "summary", "targeting", "window", "keywords", "visibility", "category",
         "redirect_from", "claims", "source")


def shape(article: Article) -> tuple:
    return tuple(getattr(article, name) for name in SHAPE)


def body_only_changes(before: Content, after: Content) -> dict[str, set[str]] | None:
    """Per language, the ids of the pages whose body alone changed (a source article's
    translations count as changed with it: their status may have moved); None when anything else
    changed too."""
    if before.languages != after.languages or before.notices != after.notices:
        return None
    old = {(a.lang, a.id): a for a in (*before.articles, *before.translations)}
    new = {(a.lang, a.id): a for a in (*after.articles, *after.translations)}
    if old.keys() != new.keys():
        return None
    changed: dict[str, set[str]] = {}
    for key, article in new.items():
        previous = old[key]
        if previous == article:
            continue
        if shape(previous) != shape(article) or previous.draft != article.draft or images_of(previous) != images_of(article):
            return None  # (a new image is copied into the site by a full build)
        changed.setdefault(article.lang, set()).add(article.id)
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
    by_language = body_only_changes(before, content)
    if current is None or not by_language:
        return None
    published = content.published(at)
    manifest = json.loads((current / "build.json").read_text(encoding="utf-8"))
    if sorted(a.id for a in published) != manifest["articles"]:
        return None  # the clock opened or closed a window: lists and cards change
    site = SiteLanguages.plan(content, published, at, public.url)
    revisions = source_revisions(content, published, current, at)
    site.source_changed = changed_moments(revisions)
    if site.published_ids() != manifest.get("translations", {}):
        return None  # the translations on the site changed: their lists and switchers change
    # A draft translation of a changed source is on no page and in no index: nothing to re-render
    # (it made every body edit of an article being translated a full build).
    for lang, ids in by_language.items():
        if lang != site.source.code:
            ids -= {i for i in ids if getattr(content.translation(lang, i), "draft", False)}
    if any(not ids <= site.articles[lang].keys() for lang, ids in by_language.items()):
        return None  # a change to a page that is not on the site (internal, draft): the full build decides
    changed = by_language.get(site.source.code, set())
    translated = {lang: ids for lang, ids in by_language.items() if lang != site.source.code}
    live = {a.id for a in published}
    unpublished = [a for a in content.articles if a.id not in live]
    warnings = [str(p) for p in problems.warnings]

    with staged(releases) as stage:
        _link_release(current, stage, {lang.prefix + i for lang in site.languages for i in by_language.get(lang.code, ())},
                      [lang.prefix for lang in site.others])
        base = public.url
        public_answers = [a.to_dict(base) for a in verification.public_answers(published)]
        work = stage / ".incremental"
        extra = theme_extra(content, published, site, at)
        with scratch(stage) as docs_dir:
            docs = write_docs_tree(
                content, published, docs_dir,
                section_answers=lambda article, anchor: [a.to_dict(base) for a in verification.verified_in(article, anchor)],
                extra_pages=answers_pages.pages(public_answers, _rules_for_page(verification)),
                synonym_groups=synonym_groups(content),
                popular=popular_step.editor_picks(content, Problems()),
                only=changed,
                site=site,
            )
            warnings += docs.warnings
            if changed:
                render_site(docs, work / "site", site_url=public.url, extra=extra, site=site)
                _move_pages(work / "site", stage / "site", changed)
        if translated:
            warnings += render_translations(
                content, published, docs, site, stage / "site", work, only=translated, extra=extra,
                section_answers=lambda article, anchor: [a.to_dict(base) for a in verification.verified_in(article, anchor)])
            for lang, ids in translated.items():
                _move_pages(work / lang / "site", stage / "site" / lang, ids)
        shutil.rmtree(work, ignore_errors=True)  # absent when nothing was rendered there
        write_fallback_indexes(stage / "site", content, site)
        search.build_indexes(published_by_language(content, published, at), stage, previous=current)
        _write_manifest(stage, content, published, at, site)
        write_source_revisions(stage, revisions)
        answers_pages.write_answers_json(stage / "site", public_answers,
                                         translated_answers(content, site, public_answers, at, base))
        precompress(stage / "site", current / "site")  # unchanged files take the current release's copy
        # Same published set, same unpublished articles and translations as the current release
        # (else the full build runs): the files linked from it passed this very audit.
        audit_release(stage, published, unpublished, site, audited=current)
        release = releases.promote(stage, prune=False)
    # Removing old releases (thousands of files) is not worth making the editor wait for.
    threading.Thread(target=releases.prune, args=(release,), daemon=True, name="prune-releases").start()
    return BuildResult(release, at, [a.id for a in published], warnings, public, content)


def _move_pages(rendered: Path, site: Path, changed: set[str]) -> None:
    """The changed pages of one language's site from a separate render into the staged release,
    with their entries of Material's client search index."""
    for article_id in sorted(changed):
        os.replace(rendered / article_id / "index.html", site / article_id / "index.html")
    _merge_search_entries(rendered, site, changed)


def _link_release(current: Path, stage: Path, changed: set[str], languages: list[str] = ()) -> None:
    """Copy the current release into ``stage``: unchanged pages and theme assets as hard links
    (read-only from here on), everything a later step rewrites as real copies. Gzip twins are
    left to ``precompress``, which takes the unchanged ones from the current release.

    ``changed`` are the pages re-rendered (``<id>``, ``es/<id>``); ``languages`` the folders of
    the other languages' sites (``es/``), which hold pages of their own (their theme files are the
    root's, publish/mkdocs_hooks.py; a release made before that has copies, linked the same way)."""
    site = current / "site"
    folders = [site] + [site / prefix for prefix in languages]
    linkable = {d / "index.html" for folder in folders for d in folder.iterdir()
                if d.is_dir() and d.relative_to(site).as_posix() not in changed}
    themes = [folder / "assets" for folder in folders]

    def copy(src, dst):
        path = Path(src)
        if path in linkable or (any(path.is_relative_to(a) for a in themes) and path.parent.name != "hc"):
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
