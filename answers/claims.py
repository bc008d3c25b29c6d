"""Verified answers: one claim of one article, with its stable id and whether a rule proves it now."""
from __future__ import annotations

from dataclasses import dataclass

from core.articles import Article

VERIFIED, UNVERIFIED, EDITORIAL = "verified", "unverified", "editorial"


def answer_id(article_id: str, claim_id: str) -> str:
    """The stable id support teams paste: ``article-id/claim-id``.

    >>> answer_id("end-a-contract", "diary-locks")
    'end-a-contract/diary-locks'
    """
    return f"{article_id}/{claim_id}"


def rule_anchor(rule_id: str) -> str:
    """The anchor of a rule on the rules page.

    >>> rule_anchor("hourly.diary-locks")
    'rule-hourly-diary-locks'
    """
    return "rule-" + rule_id.replace(".", "-")


@dataclass(frozen=True)
class Answer:
    id: str
    article: Article
    claim_id: str
    anchor: str
    text: str
    rules: tuple[str, ...]
    status: str

    @property
    def path(self) -> str:
        """The answer's address on the site, from the site's root: ``/article-id/#anchor``."""
        return f"{self.article.url}#{self.anchor}"

    def to_dict(self, public_url: str | None = None) -> dict:
        """As in verified-answers.json; ``permalink`` is absolute when the public URL is known."""
        return {
            "id": self.id,
            "article": self.article.id,
            "title": self.article.title,
            "audience": audience_of(self.article),
            "url": self.path,
            "permalink": absolute(public_url, self.path),
            "anchor": self.anchor,
            "claim": self.text,
            "rules": list(self.rules),
            "status": self.status,
        }


def absolute(public_url: str | None, path: str) -> str:
    """``path`` (from the site's root) under the public URL; unchanged without one.

    >>> absolute("https://help.example.com/", "/end-a-contract/#hourly-contracts")
    'https://help.example.com/end-a-contract/#hourly-contracts'
    >>> absolute("https://example.com/help", "/end-a-contract/")
    'https://example.com/help/end-a-contract/'
    >>> absolute(None, "/end-a-contract/")
    '/end-a-contract/'
    """
    if not public_url:
        return path
    return public_url.rstrip("/") + "/" + path.lstrip("/")


def audience_of(article: Article) -> list[str]:
    """Who the article is written for, as a list (``["all"]`` for everyone)."""
    audience = article.targeting.audience
    return [audience] if isinstance(audience, str) else list(audience)
