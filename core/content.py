"""The whole content tree: loads articles and notices and checks what spans several files."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .articles import Article, load_article
from .notices import Notice, load_notices
from .problems import Problems


@dataclass(frozen=True)
class Content:
    root: Path
    articles: tuple[Article, ...]
    notices: tuple[Notice, ...]

    @property
    def synonyms_path(self) -> Path:
        return self.root / "synonyms.yml"

    def by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    def published(self, at: dt.datetime) -> tuple[Article, ...]:
        """The articles on the public site at ``at``: public and inside their window."""
        return tuple(a for a in self.articles if a.is_published(at))


def article_files(root: Path) -> list[Path]:
    return sorted((root / "articles").rglob("*.md"))


def load_content(root: Path | str, problems: Problems, *, cache: dict | None = None) -> Content:
    """``cache`` (a dict kept by the caller, e.g. ``serve --watch``) remembers articles parsed
    without any problem by file path, modification time and size, so an unchanged file is not
    parsed again; the checks across files always run on every article."""
    root = Path(root)
    if not (root / "articles").is_dir():
        problems.error(root, None, None, "expected a content folder with an articles/ folder inside, found none")
        return Content(root, (), ())
    articles = [a for a in (_load_article(p, problems, cache) for p in article_files(root)) if a]
    _check_ids(articles, problems)
    _check_links(articles, problems)
    _check_claim_anchors(articles, problems)
    notices = load_notices(root / "notices.yml", problems)
    return Content(root, tuple(articles), notices)


def _load_article(path: Path, problems: Problems, cache: dict | None) -> Article | None:
    if cache is None:
        return load_article(path, problems)
    st = path.stat()
    stamp = (st.st_mtime_ns, st.st_size)
    hit = cache.get(path)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    found = Problems()
    article = load_article(path, found)
    problems.extend(found)
    if article is not None and not found.items:
        cache[path] = (stamp, article)
    else:
        cache.pop(path, None)
    return article


def _check_ids(articles: list[Article], problems: Problems) -> None:
    owner: dict[str, Article] = {}
    for article in articles:
        if article.id in owner:
            first = owner[article.id]
            problems.error(article.source, article.key_lines.get(("id",)), "id",
                           f"'{article.id}' is already the id of {first.source}; ids must be unique")
        owner.setdefault(article.id, article)
    for article in articles:
        for index, old in enumerate(article.redirect_from):
            line = article.key_lines.get(("redirect_from", index)) or article.key_lines.get(("redirect_from",))
            if old in owner and owner[old] is not article:
                problems.error(article.source, line, "redirect_from",
                               f"'{old}' is the id of {owner[old].source}; a redirect cannot replace a live article")
            elif old in owner:
                problems.error(article.source, line, "redirect_from", f"'{old}' is this article's own id")


def _check_links(articles: list[Article], problems: Problems) -> None:
    by_path = {a.source.resolve(): a for a in articles}
    for article in articles:
        for link in article.links:
            if link.path is None:
                if link.anchor and not article.section(link.anchor):
                    problems.error(article.source, link.line, "link",
                                   f"expected #{link.anchor} to be an anchor of this article, found no such ## heading")
                continue
            target = by_path.get(link.path.resolve())
            if target is None:
                what = "an article file" if link.path.suffix == ".md" else "a link to an article's .md file"
                problems.error(article.source, link.line, "link",
                               f"expected {what} at {link.target}, found none")
                continue
            if link.anchor and not target.section(link.anchor):
                problems.error(article.source, link.line, "link",
                               f"expected #{link.anchor} to be an anchor of {target.id}, found no such ## heading")
            if article.is_public and not target.is_public:
                problems.error(article.source, link.line, "link",
                               f"a public article cannot link to the internal article {target.id}")


def _check_claim_anchors(articles: list[Article], problems: Problems) -> None:
    for article in articles:
        seen = set()
        for index, claim in enumerate(article.claims):
            if claim.id in seen:
                problems.error(article.source, claim.line, f"claims[{index}].id", f"'{claim.id}' is used twice in this article")
            seen.add(claim.id)
            if not article.section(claim.anchor):
                problems.error(article.source, claim.line, f"claims[{index}].anchor",
                               f"expected the anchor of a ## heading of this article, got '{claim.anchor}'")
