"""The MkDocs input made from published articles only: what is not written here cannot be published.

Visibility and validity windows are decided by ``core`` before MkDocs runs, so no site generator,
hook or plugin can ever see an internal or out-of-window article.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from core import vocabulary
from core.articles import LINK, Article, fence_mask
from core.content import Content


@dataclass
class DocsTree:
    docs_dir: Path
    nav: list
    warnings: list[str] = field(default_factory=list)


def applicability_html(article: Article) -> str:
    t = article.targeting
    audience = "".join(
        f'<span class="hc-badge hc-badge--{a}">{html.escape(a.capitalize())}</span>' for a in t.audience
    )
    described = t.describe()
    return (
        '<div class="hc-applies" data-hc-article="{id}">'
        '<span class="hc-applies__label">Applies to</span> {audience}'
        ' <span class="hc-applies__where">Countries: {country}</span>'
        ' <span class="hc-applies__who">Account types: {usertype}</span>'
        "</div>"
    ).format(
        id=html.escape(article.id),
        audience=audience,
        country=html.escape(described["country"]),
        usertype=html.escape(described["usertype"]),
    )


def write_docs_tree(
    content: Content,
    published: tuple[Article, ...],
    docs_dir: Path,
    *,
    section_badges=None,
    extra_pages: dict[str, str] | None = None,
) -> DocsTree:
    """Write ``index.md`` and one ``<id>.md`` per published article into ``docs_dir``.

    ``section_badges(article, anchor)`` returns Markdown placed under a section heading
    (verification badges).
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    tree = DocsTree(docs_dir, nav=[{"Home": "index.md"}])
    live = {a.source.resolve(): a for a in published}
    everything = {a.source.resolve(): a for a in content.articles}
    for article in published:
        body = _rewrite_links(article, live, everything, tree.warnings)
        body = _add_section_badges(article, body, section_badges)
        meta = {"title": article.title, "description": article.summary, "hc_article": article.id}
        page = (
            "---\n" + yaml.safe_dump(meta, sort_keys=True, allow_unicode=True) + "---\n\n"
            f"# {article.title}\n\n{applicability_html(article)}\n\n{body.strip()}\n"
        )
        (docs_dir / f"{article.id}.md").write_text(page, encoding="utf-8")
    by_category: dict[str, list[Article]] = {}
    for article in sorted(published, key=lambda a: a.title.lower()):
        by_category.setdefault(article.category, []).append(article)
    home = ["---", "title: Help Center", "hc_home: true", "---", "", "# Help Center", ""]
    home.append("Answers for freelancers, agencies and clients about contracts, payments and your account.\n")
    for category in vocabulary.CATEGORIES:
        articles = by_category.get(category)
        if not articles:
            continue
        title = vocabulary.CATEGORY_TITLES[category]
        tree.nav.append({title: [{a.title: f"{a.id}.md"} for a in articles]})
        home.append(f"## {title} {{#{category}}}\n")
        home += [f"- [{a.title}]({a.id}.md): {a.summary}" for a in articles]
        home.append("")
    for name, text in (extra_pages or {}).items():
        (docs_dir / name).write_text(text, encoding="utf-8")
        tree.nav.append({_page_title(text, name): name})
    (docs_dir / "index.md").write_text("\n".join(home), encoding="utf-8")
    return tree


def _page_title(text: str, name: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return name.removesuffix(".md")


def _rewrite_links(article: Article, live: dict, everything: dict, warnings: list[str]) -> str:
    """Point article links at the flat docs tree; unlink targets that are not published now."""
    by_target = {}
    for link in article.links:
        if link.path is None:
            continue
        target = live.get(link.path.resolve())
        if target is not None:
            by_target[link.target] = f"{target.id}.md" + (f"#{link.anchor}" if link.anchor else "")
        else:
            gone = everything.get(link.path.resolve())
            by_target[link.target] = None
            warnings.append(
                f"{article.source}:{link.line}: link: {gone.id if gone else link.target} is not published "
                "at this moment; the link is shown as plain text"
            )

    def replace(match):
        target = match.group("target")
        if target not in by_target:
            return match.group(0)
        new = by_target[target]
        return match.group("text") if new is None else f"[{match.group('text')}]({new})"

    lines = article.body.split("\n")
    for i, (line, fenced) in enumerate(zip(lines, fence_mask(lines))):
        if not fenced:
            lines[i] = LINK.sub(replace, line)
    return "\n".join(lines)


def _add_section_badges(article: Article, body: str, section_badges) -> str:
    if not section_badges:
        return body
    lines = body.split("\n")
    out = []
    anchors = {s.line - article.body_line: s.anchor for s in article.sections}
    for index, line in enumerate(lines):
        out.append(line)
        if index in anchors:
            badge = section_badges(article, anchors[index])
            if badge:
                out += ["", badge]
    return "\n".join(out)
