"""The last gate before release: nothing unpublished may appear in any output file."""
from __future__ import annotations

import gzip
import html
from pathlib import Path

import markupsafe

from core.articles import Article

from .languages import UNTRANSLATED

TEXT_SUFFIXES = {".html", ".xml", ".json", ".js", ".txt", ".md", ".css", ""}
# The theme's own static files (Material's bundles, lunr's language packs) are not made from
# content, and short ids like "b" occur in minified code: they are not searched (each language's
# site, site/<lang>/, has its own copy).
THEME_ASSETS = ("site", "assets")


def _titles(article: Article, label: str) -> list[tuple[str, str]]:
    return [(article.title, label), (html.escape(article.title), label),
            (str(markupsafe.escape(article.title)), label)]  # as the Jinja2 templates escape it


def _theme_file(parts: tuple[str, ...], languages) -> bool:
    """``site/assets/**`` or ``site/<lang>/assets/**``, but not our own ``assets/hc/``."""
    if parts[:1] != ("site",):
        return False
    rest = parts[2:] if parts[1:2] and parts[1] in languages else parts[1:]
    return rest[:1] == ("assets",) and rest[1:2] != ("hc",)


def audit_output(root: Path, unpublished: list[Article], hidden_translations: list[Article] = (),
                 shown_titles: set[str] = frozenset(), languages: tuple[str, ...] = (),
                 untranslated_pages: set[tuple[str, str]] = frozenset(), *,
                 audited: Path | None = None) -> list[str]:
    """Every trace of an unpublished article (its URL, file or title) found under ``root``.

    ``hidden_translations`` are the translations not on the site (drafts, or of an unpublished
    article): their titles must not appear, nor a page at ``site/<lang>/<id>/``. A title that is
    also shown by a published page (``shown_titles``: a draft translation still carrying the
    English title) proves nothing and is not searched. ``languages``: the codes of the
    translations' sites (``site/<lang>/``), whose theme files are skipped like the root's.
    ``untranslated_pages``: the (language, address) of the pages saying an article is not
    translated (``SiteLanguages.untranslated``); at a hidden translation's address that page, and
    nothing else, may stand: ``index.html`` (and its gzip twin) carrying ``UNTRANSLATED``.

    ``audited``: a release that passed this audit for the same unpublished articles (and
    translations). A file of ``root`` that is a hard link to its file at the same place
    (``serve --watch`` links what it did not re-render) is that very file, already read: only its
    name is checked."""
    findings = []
    needles = []
    for article in unpublished:
        label = f"unpublished article {article.id}"
        needles += [(f"/{article.id}/", label), (f"{article.id}.md", label), (f'"{article.id}"', label),
                    *_titles(article, label)]
    for translation in hidden_translations:
        label = f"unpublished {translation.lang} translation of {translation.id}"
        needles += [n for n in _titles(translation, label) if translation.title not in shown_titles]
    hidden_pages = {("site", t.lang, t.id): t for t in hidden_translations}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        for article in unpublished:
            if article.id in rel.parts or path.stem == article.id:
                findings.append(f"{rel}: a file of unpublished article {article.id}")
        if rel.parts[:3] in hidden_pages and not (
                rel.parts[1:3] in untranslated_pages and _is_untranslated_page(path, rel)):
            translation = hidden_pages[rel.parts[:3]]
            findings.append(f"{rel}: a file of the unpublished {translation.lang} translation of {translation.id}")
        if _theme_file(rel.parts, languages):
            continue
        # Precompressed copies (page.html.gz) are read through, like the file they copy.
        packed = path.suffix == ".gz"
        suffix = Path(path.stem).suffix if packed else path.suffix
        if not needles or not path.is_file() or suffix not in TEXT_SUFFIXES or path.stat().st_size > 50_000_000:
            continue
        if audited is not None and _same_file(path, audited / rel):
            continue
        data = path.read_bytes()
        if packed:
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError):
                findings.append(f"{rel}: not a readable gzip file")
                continue
        text = data.decode("utf-8", errors="replace")
        for needle, label in needles:
            if needle in text:
                findings.append(f"{rel}: mentions {label} ({needle!r})")
    return sorted(set(findings))


def _is_untranslated_page(path: Path, rel: Path) -> bool:
    """The folder of the untranslated-article page itself, or its ``index.html`` (or gzip twin)
    carrying the page's marker."""
    if len(rel.parts) == 3:
        return path.is_dir()
    if len(rel.parts) != 4 or rel.parts[3] not in ("index.html", "index.html.gz"):
        return False
    try:
        data = path.read_bytes()
        text = (gzip.decompress(data) if rel.parts[3].endswith(".gz") else data).decode("utf-8", errors="replace")
    except (OSError, EOFError):
        return False
    return UNTRANSLATED in text


def _same_file(path: Path, other: Path) -> bool:
    try:
        return path.samefile(other)
    except OSError:
        return False
