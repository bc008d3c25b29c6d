"""What HTML an article may publish: Markdown plus an allowlist of harmless HTML, checked as rendered.

An article body is rendered with the site's own Markdown extensions (read from mkdocs.yml), so the
check sees exactly what MkDocs would publish, including raw HTML and attribute lists
(``{onclick=...}``). Every element, attribute or link outside the allowlist is an error
``file:line: body: ...``; an article with an error is never built, so it is never published.
Titles and summaries are plain text and are escaped wherever they are written (docs_tree).
"""
from __future__ import annotations

import html
import re
import threading
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml

from core.memo import TextMemo

# Elements editors may write as HTML, and the elements Markdown and the site's extensions produce.
EDITOR_TAGS = ("details", "summary", "kbd", "abbr", "br", "sup", "sub", "mark", "ins", "del", "s",
               "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
               "b", "i", "u", "em", "strong", "small", "q", "cite", "var", "samp", "figure", "figcaption")
MARKDOWN_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "ul", "ol", "li", "code", "pre",
                 "blockquote", "hr", "div", "span")
ALLOWED_TAGS = frozenset(EDITOR_TAGS + MARKDOWN_TAGS)
# Attributes allowed on any allowed element, and on some only.
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "details": {"open"},
    "th": {"colspan", "rowspan", "scope", "align", "style"},
    "td": {"colspan", "rowspan", "align", "style"},
    "ol": {"start", "type"},
    "abbr": set(),
    "div": {"markdown"},
    "span": {"markdown"},
}
URL_ATTRIBUTES = {"href", "src"}
URL_SCHEMES = ("http", "https", "mailto")
# Markdown tables align columns with this style and nothing else.
CELL_STYLE = re.compile(r"^\s*text-align:\s*(left|right|center);?\s*$")


def describe_allowlist() -> str:
    return ", ".join(f"<{t}>" for t in EDITOR_TAGS)


@lru_cache(maxsize=1)
def _site_extensions() -> tuple[list, dict]:
    """The Markdown extensions and their options, as mkdocs.yml gives them to MkDocs, but our own
    (``publish.*``, such as ``publish.heading_links``): they add the site's markup around what the
    editor wrote, not the editor's."""
    from .mkdocs_site import MKDOCS_YML

    config = yaml.safe_load(Path(MKDOCS_YML).read_text(encoding="utf-8")) or {}
    names, options = ["toc", "tables", "fenced_code"], {}  # what MkDocs always adds
    for entry in config.get("markdown_extensions") or ():
        for name, opts in (entry.items() if isinstance(entry, dict) else [(entry, {})]):
            if name.startswith("publish."):
                continue
            if name not in names:
                names.append(name)
            options[name] = opts or {}
    return names, options


def renderer() -> markdown.Markdown:
    """A Markdown converter with the site's extensions. Making one costs about half as much as
    rendering a body with it, so a run over many articles reuses one (``render(body, md)``); it
    must not be shared between threads."""
    names, options = _site_extensions()
    return markdown.Markdown(extensions=names, extension_configs=options)


def render(body: str, md: markdown.Markdown | None = None) -> str:
    """``body`` as MkDocs would render it; ``md`` (from ``renderer()``) is reset and reused."""
    if md is None:
        md = renderer()
    md.reset()
    return md.convert(body)


def unsafe_url(value: str) -> str | None:
    """The scheme of a URL that is not a plain web, mail or relative link, else None.

    >>> unsafe_url("https://example.com"), unsafe_url("../a.md#x"), unsafe_url(" jav\\tascript:alert(1)")
    (None, None, 'javascript')
    """
    compact = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
    m = re.match(r"^([a-z][a-z0-9+.-]*):", compact)
    if m and m.group(1) not in URL_SCHEMES:
        return m.group(1)
    return None


class _Audit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[tuple[str, str]] = []  # (what to look for in the source, message)

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.findings.append((f"<{tag}", f"<{tag}> is not allowed in articles; allowed HTML: "
                                             f"{describe_allowlist()}"))
            return
        allowed = GLOBAL_ATTRIBUTES | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            value = value or ""
            if name not in allowed:
                self.findings.append((name, f"the attribute {name}= on <{tag}> is not allowed in articles"))
            elif name in URL_ATTRIBUTES and unsafe_url(value):
                self.findings.append((value.strip()[:20] or name,
                                      f"a {unsafe_url(value)}: link is not allowed; links are http, https, "
                                      "mailto or paths"))
            elif name == "style" and not CELL_STYLE.match(value):
                self.findings.append(("style", f"the attribute style= on <{tag}> is not allowed in articles"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def body_findings(body: str) -> tuple[tuple[int, str], ...]:
    """(line offset in ``body``, message) for every element, attribute or link of the rendered
    body outside the allowlist; remembered per body text (``core.memo``), so ``serve --watch``
    renders only the saved article again."""
    return _FINDINGS(body)


def _body_findings(body: str) -> tuple[tuple[int, str], ...]:
    md = getattr(_local, "md", None)
    if md is None:  # one converter per thread, reused (making one costs half a render)
        md = _local.md = renderer()
    try:
        rendered = render(body, md)
    except Exception as e:  # an extension failing on odd input is a finding, not a crash
        return ((0, f"cannot be rendered as Markdown: {type(e).__name__}: {e}"),)
    audit = _Audit()
    audit.feed(rendered)
    audit.close()
    lines = [re.sub(r"\s", "", line).lower() for line in body.split("\n")]
    searched_from: dict[str, int] = {}
    found = []
    for needle, message in audit.findings:
        start = searched_from.get(needle, 0)
        wanted = re.sub(r"\s", "", needle).lower()
        offset = next((i for i in range(start, len(lines)) if wanted in lines[i]), None)
        if offset is None:
            offset = next((i for i in range(len(lines)) if wanted in lines[i]), 0)
        searched_from[needle] = offset + 1
        found.append((offset, message))
    return tuple(found)


_local = threading.local()
_FINDINGS = TextMemo(_body_findings)


def findings_of(bodies: list[str], progress=None) -> list[tuple[tuple[int, str], ...]]:
    """``body_findings`` of each body (what a second process runs during a large build)."""
    return [body_findings(body) for body in bodies]


def report(path, body_line: int, findings, problems) -> None:
    """Each finding of a body as an error ``path:line: body: ...``."""
    for offset, message in findings:
        problems.error(path, body_line + offset, "body", message)


def check_body(path, body: str, body_line: int, problems) -> None:
    """Report every element, attribute or link of the rendered body outside the allowlist."""
    report(path, body_line, body_findings(body), problems)


def check_articles(articles, problems) -> None:
    for article in articles:
        check_body(article.source, article.body, article.body_line, problems)
