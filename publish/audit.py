"""The last gate before release: nothing unpublished may appear in any output file."""
from __future__ import annotations

import gzip
import html
from pathlib import Path

import markupsafe

from core.articles import Article

TEXT_SUFFIXES = {".html", ".xml", ".json", ".js", ".txt", ".md", ".css", ""}
# The theme's own static files (Material's bundles, lunr's language packs) are not made from
# content, and short ids like "b" occur in minified code: they are not searched.
THEME_ASSETS = ("site", "assets")


def audit_output(root: Path, unpublished: list[Article], *, audited: Path | None = None) -> list[str]:
    """Every trace of an unpublished article (its URL, file or title) found under ``root``.

    ``audited``: a release that passed this audit for the same unpublished articles. A file of
    ``root`` that is a hard link to its file at the same place (``serve --watch`` links what it
    did not re-render) is that very file, already read: only its name is checked."""
    findings = []
    needles = []
    for article in unpublished:
        needles += [
            (f"/{article.id}/", article),
            (f"{article.id}.md", article),
            (f'"{article.id}"', article),
            (article.title, article),
            (html.escape(article.title), article),
            (str(markupsafe.escape(article.title)), article),  # as the Jinja2 templates escape it
        ]
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        for article in unpublished:
            if article.id in rel.parts or path.stem == article.id:
                findings.append(f"{rel}: a file of unpublished article {article.id}")
        if rel.parts[:2] == THEME_ASSETS and not rel.parts[2:3] == ("hc",):
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
        for needle, article in needles:
            if needle in text:
                findings.append(f"{rel}: mentions unpublished article {article.id} ({needle!r})")
    return sorted(set(findings))


def _same_file(path: Path, other: Path) -> bool:
    try:
        return path.samefile(other)
    except OSError:
        return False
