"""The last gate before release: nothing unpublished may appear in any output file."""
from __future__ import annotations

import functools
import gzip
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

import markupsafe

from core.articles import Article

from .languages import UNTRANSLATED

TEXT_SUFFIXES = {".html", ".xml", ".json", ".js", ".txt", ".md", ".css", ""}
# The theme's own static files (Material's bundles, lunr's language packs) are not made from
# content, and short ids like "b" occur in minified code: they are not searched. They are in
# site/assets/ only (the other languages' sites load the root's; publish/mkdocs_hooks.py).
THEME_ASSETS = ("site", "assets")
MAX_READ = 50_000_000  # bytes: larger files are not read


def _titles(article: Article, label: str) -> list[tuple[str, str]]:
    return [(article.title, label), (html.escape(article.title), label),
            (str(markupsafe.escape(article.title)), label)]  # as the Jinja2 templates escape it


@functools.lru_cache(maxsize=4096)
def _file_name(needle: str) -> re.Pattern:
    """An article's file name (``inner.md``) as a name of its own, not the end of another word: the
    stylesheet's ``.md-header__inner.md-grid`` is no trace of an unpublished article "inner".

    >>> [bool(_file_name("inner.md").search(t)) for t in ("see inner.md", "'inner.md'", "/x/inner.md", "__inner.md-grid")]
    [True, True, True, False]
    """
    return re.compile(r"(?<![\w.-])" + re.escape(needle) + r"(?![\w-])")


def _theme_file(parts: tuple[str, ...], languages) -> bool:
    """``site/assets/**`` or ``site/<lang>/assets/**``, but not our own ``assets/hc/``."""
    if parts[:1] != ("site",):
        return False
    rest = parts[2:] if parts[1:2] and parts[1] in languages else parts[1:]
    return rest[:1] == ("assets",) and rest[1:2] != ("hc",)


Signature = tuple[int, int, int, int, int]


def signature(path: Path) -> Signature | None:
    """What changes when a file is written again (device, inode, size, modification and change
    times): a file read at one signature and found at it later still holds what was read."""
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


@dataclass(frozen=True)
class Traces:
    """What the audit looks for: the ids whose files must not exist and the texts (URLs, file
    names, titles) no file may hold. Plain strings, so a second process can look too
    (``publish.finishing``)."""

    ids: tuple[str, ...]  # unpublished articles
    hidden_pages: dict  # ("site", lang, id) -> label of an unpublished translation's folder
    needles: tuple[tuple[str, str], ...]  # (text, label)
    languages: tuple[str, ...]  # the translations' sites (site/<lang>/): their theme files are skipped
    untranslated_pages: frozenset = frozenset()  # (language, address) of the untranslated-article pages

    @classmethod
    def of(cls, unpublished: list[Article], hidden_translations: list[Article] = (),
           shown_titles: set[str] = frozenset(), languages: tuple[str, ...] = (),
           untranslated_pages: set[tuple[str, str]] = frozenset()) -> "Traces":
        """See ``audit_output``."""
        needles = []
        for article in unpublished:
            label = f"unpublished article {article.id}"
            needles += [(f"/{article.id}/", label), (f"{article.id}.md", label), (f'"{article.id}"', label),
                        *_titles(article, label)]
        for translation in hidden_translations:
            label = f"unpublished {translation.lang} translation of {translation.id}"
            needles += [n for n in _titles(translation, label) if translation.title not in shown_titles]
        hidden_pages = {("site", t.lang, t.id): f"the unpublished {t.lang} translation of {t.id}"
                        for t in hidden_translations}
        return cls(tuple(a.id for a in unpublished), hidden_pages, tuple(dict.fromkeys(needles)), tuple(languages),
                   frozenset(untranslated_pages))

    def in_name(self, rel: Path, path: Path) -> list[str]:
        """Findings in the path of a file or folder (``rel``: relative to the release; ``path``)."""
        findings = [f"{rel}: a file of unpublished article {i}" for i in self.ids if i in rel.parts or rel.stem == i]
        if rel.parts[:3] in self.hidden_pages and not (
                rel.parts[1:3] in self.untranslated_pages and _is_untranslated_page(path, rel)):
            findings.append(f"{rel}: a file of {self.hidden_pages[rel.parts[:3]]}")
        return findings

    def reads(self, rel: Path) -> bool:
        """Whether the text of the file at ``rel`` is searched (a text file that is not one of the
        theme's; precompressed copies, page.html.gz, are read through like the file they copy)."""
        if not self.needles or _theme_file(rel.parts, self.languages):
            return False
        return (Path(rel.stem).suffix if rel.suffix == ".gz" else rel.suffix) in TEXT_SUFFIXES

    def in_text(self, rel: Path, text: str) -> list[str]:
        return [f"{rel}: mentions {label} ({needle!r})" for needle, label in self.needles
                if needle in text and (not needle.endswith(".md") or _file_name(needle).search(text))]

    def in_file(self, path: Path, rel: Path) -> list[str]:
        """Findings in the bytes of ``path`` (a gzip copy decompressed), a file that ``reads``."""
        data = path.read_bytes()
        if rel.suffix == ".gz":
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError):
                return [f"{rel}: not a readable gzip file"]
        return self.in_text(rel, data.decode("utf-8", errors="replace"))


def audit_output(root: Path, unpublished: list[Article], hidden_translations: list[Article] = (),
                 shown_titles: set[str] = frozenset(), languages: tuple[str, ...] = (),
                 untranslated_pages: set[tuple[str, str]] = frozenset(), *,
                 audited: Path | None = None, checked: dict | None = None) -> list[str]:
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
    name is checked.

    ``checked``: {path relative to ``root``, with ``/``: (signature, findings)} of files whose text
    was searched for these very traces while the build went on (``publish.finishing``); a file
    still at that signature is not read again, and those findings count. Names are always checked."""
    traces = Traces.of(unpublished, hidden_translations, shown_titles, languages, untranslated_pages)
    checked = checked or {}
    findings = []
    for folder, folders, names in os.walk(root):  # a few times faster than rglob at thousands of files
        base = Path(folder).relative_to(root)
        findings += [f for name in folders for f in traces.in_name(base / name, Path(folder, name))]
        for name in names:
            path, rel = Path(folder, name), base / name
            findings += traces.in_name(rel, path)
            if not traces.reads(rel) or not path.is_file() or path.stat().st_size > MAX_READ:
                continue
            if audited is not None and _same_file(path, audited / rel):
                continue
            seen = checked.get(rel.as_posix())
            if seen is not None and seen[0] == signature(path):
                findings += seen[1]
                continue
            findings += traces.in_file(path, rel)
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
