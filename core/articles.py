"""Articles: Markdown files with front matter, parsed into typed ``Article`` values and cross-checked."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from . import schema, yamlfile
from .problems import Problems
from .targeting import ALL, Targeting, Visitor, Window

if TYPE_CHECKING:
    from .translations import TranslationInfo

H2 = re.compile(r"^##(?!#)\s+(?P<title>.*?)\s*(?:\{\s*#(?P<anchor>[A-Za-z0-9_-]+)[^}]*\})?\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)")
IMAGE = re.compile(r"!\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)")
# A reference definition ("[fees]: /service-fees/ "Fees"") and a raw HTML link's address.
REFERENCE = re.compile(r"^\s*\[(?P<text>[^\]]+)\]:[ \t]*<?(?P<target>[^\s>]+)>?(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?[ \t]*$")
HTML_HREF = re.compile(r"<a\s[^>]*?\bhref\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))", re.I)
HTML_IMG = re.compile(r"<img\s[^>]*?\bsrc\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))[^>]*>", re.I)
HTML_ALT = re.compile(r"(?<![\w-])alt\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))", re.I)
CODE_SPAN = re.compile(r"(`+).+?\1")
# An image by reference (![text][label], ![text][]) and one whose address has a space or angle brackets
# (![text](<my shot.png>)), which IMAGE does not read.
REFERENCE_IMAGE = re.compile(r"!\[(?P<text>[^\]]*)\](?:\[(?P<label>[^\]]*)\]|(?![(\[]))")
LOOSE_IMAGE = re.compile(r"!\[(?P<text>[^\]]*)\]\((?P<target>\s*<[^>]*>|[^)\"']*?\s[^)\"']*?)\s*(?:\"[^\"]*\"|'[^']*')?\)")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


# The sentences `helpcenter new` writes for the editor to replace: refused once the item is not a draft.
PLACEHOLDERS = {
    "summary": "Replace this with one or two sentences that say who this is for and what it answers.",
    "intro": "Replace this introduction: who the article is for and what they will be able to do.",
    "section": "Replace this section. Every ## heading carries a stable anchor in braces, like the one above: "
               "support teams link to it, so rewording the heading must not change it. Link to another article "
               "by its site URL, like [End a contract](/end-a-contract/), or by its .md file path relative to "
               "this file, with an optional #anchor; the build checks that both exist.",
    "message": "Replace this with the notice, in one sentence.",
}


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    line: int
    text: str  # the Markdown of the section, without its heading


@dataclass(frozen=True)
class Link:
    line: int
    text: str
    target: str  # as written
    path: Path | None  # the article file it points to, None for a same-page anchor or a site URL
    anchor: str | None
    site_id: str | None = None  # for a site URL like /end-a-contract/#hourly: its first path segment
    # How it is written: "inline" [text](target), "image" ![text](target) or <img src alt> (its
    # text is the alternative text), "reference" a definition [text]: target, or "html" <a href>.
    form: str = "inline"

    @property
    def image(self) -> bool:
        return self.form == "image"


@dataclass(frozen=True)
class Claim:
    id: str
    anchor: str
    text: str
    rule: str
    line: int

    EDITORIAL = "editorial"

    @property
    def is_editorial(self) -> bool:
        return self.rule == self.EDITORIAL


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    summary: str
    targeting: Targeting
    window: Window
    keywords: tuple[str, ...]
    visibility: str
    category: str
    redirect_from: tuple[str, ...]
    claims: tuple[Claim, ...]
    body: str
    body_line: int
    intro: str
    sections: tuple[Section, ...]
    links: tuple[Link, ...]
    source: Path
    key_lines: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    draft: bool = False
    lang: str = "en"  # the language of this text; the source language for an article of articles/
    # For a translation (an Article made by core.translations from a translation file and its source):
    # where it comes from and whether it is current; None for a source article.
    translation: TranslationInfo | None = None
    # For an article held back by its front matter (a required key missing or in error): every key
    # in error. Its body is checked like any other (``Content.held``), but it is never published;
    # the fields of keys in error hold placeholders ("", ``all``, an open window). Empty otherwise.
    broken: frozenset = frozenset()

    @property
    def meant_public(self) -> bool:
        """What its keys say: ``visibility: public`` and not a draft (an article held back by its
        front matter is judged on it, for its valid keys: ``core.content.check_links``)."""
        return self.visibility == "public" and not self.draft

    @property
    def is_public(self) -> bool:
        """Meant for readers: ``visibility: public``, not a draft, and not held back by its front matter."""
        return self.meant_public and not self.broken

    def is_published(self, at: dt.datetime) -> bool:
        """Whether the article belongs on the public site at ``at``: public, not a draft, inside its window."""
        return self.is_public and self.window.contains(at)

    def applies_to(self, visitor: Visitor, at: dt.datetime) -> bool:
        return self.is_published(at) and self.targeting.matches(visitor, unknown_matches_any=True)

    @property
    def url(self) -> str:
        """``/<id>/`` for a source article, ``/<lang>/<id>/`` for a translation."""
        return f"/{self.id}/" if self.translation is None else f"/{self.lang}/{self.id}/"

    def section(self, anchor: str) -> Section | None:
        return next((s for s in self.sections if s.anchor == anchor), None)


def split_front_matter(text: str) -> tuple[str, int, str, int] | None:
    """(front matter, its first line, body, body's first line), or None without front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), 2, "\n".join(lines[index + 1 :]), index + 2
    return None


def fence_openers(lines: list[str]) -> list[str | None]:
    """For each line, the opening fence (stripped) of the fenced code it belongs to, its opening and
    closing fences included, or None outside fenced code.

    The one fence scanner of the project: article structure, link rewriting, the worked examples'
    checks and their proofs (``fence_mask``, ``proof_mask``) all ask it.

    >>> fence_openers(["text", "```pycon", ">>> 1", "```", "after"])
    [None, '```pycon', '```pycon', '```pycon', None]
    """
    openers, opener = [], None
    for line in lines:
        if FENCE.match(line):
            if opener is None:
                opener = line.strip()
                openers.append(opener)
            else:
                openers.append(opener)
                opener = None
        else:
            openers.append(opener)
    return openers


def fence_mask(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to fenced code (its opening and closing fences included).

    >>> fence_mask(["text", "```pycon", ">>> 1", "```", "after"])
    [False, True, True, True, False]
    """
    return [opener is not None for opener in fence_openers(lines)]


def proof_mask(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a worked example's proof: a fenced ```pycon block (its
    fences included), which the build runs, the page closes under "How this was checked" and a
    translation's search index leaves out.

    >>> proof_mask(["text", "```pycon", ">>> 1", "```", "```text", "x", "```"])
    [False, True, True, True, False, False, False]
    """
    return [opener is not None and opener.startswith("```pycon") for opener in fence_openers(lines)]


def attribute_value(match) -> str:
    """The value an HTML_HREF, HTML_IMG or HTML_ALT match read, however it was quoted."""
    return next(v for v in match.group("dq", "sq", "bare") if v is not None)


def unbracketed(target: str) -> str:
    """An address without the angle brackets Markdown allows around it (``</images/a.png>``)."""
    return target[1:-1] if target.startswith("<") and target.endswith(">") else target


def parse_body(body: str, body_line: int):
    """Intro, H2 sections and links of a Markdown body, ignoring fenced code: links as (line, text,
    target, form), form as ``Link.form`` says."""
    intro, sections, links = [], [], []
    by_reference, definitions = [], {}  # images by reference, resolved once every definition is read
    current = None  # (anchor, title, line, [lines])
    missing_anchor = []
    lines = body.split("\n")
    for offset, (line, fenced) in enumerate(zip(lines, fence_mask(lines))):
        number = body_line + offset
        if not fenced:
            m = H2.match(line)
            if m:
                if current:
                    sections.append(current)
                if not m.group("anchor"):
                    missing_anchor.append((number, m.group("title")))
                current = (m.group("anchor") or "", m.group("title"), number, [])
                continue
            for lm in LINK.finditer(line):
                links.append((number, lm.group("text"), lm.group("target"), "inline"))
            for im in IMAGE.finditer(line):  # (an address in angle brackets, <...>, is the address)
                links.append((number, im.group("text"), unbracketed(im.group("target")), "image"))
            ref = REFERENCE.match(line)
            if ref:
                links.append((number, ref.group("text"), ref.group("target"), "reference"))
                definitions.setdefault(ref.group("text").strip().lower(), ref.group("target"))
            code_free = CODE_SPAN.sub("", line)  # an image shown as code is text
            for im in REFERENCE_IMAGE.finditer(code_free):
                by_reference.append((number, im.group("text"), (im.group("label") or im.group("text")).strip().lower()))
            for im in LOOSE_IMAGE.finditer(code_free):  # the address as written: image_problem names the space
                loose = im.group("target").strip()
                if loose.startswith("<") and loose.endswith(">") and not re.search(r"\s", loose):
                    loose = unbracketed(loose)  # ![text](</images/a.png>): the address in angle brackets
                    if not IMAGE.search(im.group(0)):
                        links.append((number, im.group("text"), loose, "image"))
                elif re.search(r"\s", loose):
                    links.append((number, im.group("text"), loose, "image"))
            prose = LINK.sub("", IMAGE.sub("", CODE_SPAN.sub("", line)))  # HTML as HTML, not inside code or a title
            for hm in HTML_HREF.finditer(prose):
                links.append((number, "", attribute_value(hm), "html"))
            for im in HTML_IMG.finditer(prose):  # an image in HTML: its alt is its text
                alt = HTML_ALT.search(im.group(0))
                links.append((number, attribute_value(alt) if alt else "", attribute_value(im), "image"))
        (current[3] if current else intro).append(line)
    if current:
        sections.append(current)
    # An image by reference shows what its definition points at: checked as an image (a host, a text).
    links += [(number, text, definitions[label], "image") for number, text, label in by_reference if label in definitions]
    return (
        "\n".join(intro).strip(),
        tuple(Section(a, t, n, "\n".join(ls).strip()) for a, t, n, ls in sections),
        links,
        missing_anchor,
    )


def read_front_matter(path: Path, problems: Problems, root: Path | None = None):
    """(located front matter, its first line, body, body's first line) of a Markdown file with
    front matter, or None after reporting why it has none."""
    text = yamlfile.read_text(path, problems, root=root)
    if text is None:
        return None
    parts = split_front_matter(text)
    if parts is None:
        rest = text.lstrip("\r\n \t")
        blank_lines = text[:len(text) - len(rest)].count("\n")
        if blank_lines and rest.startswith("---"):
            problems.error(path, 1, "front matter", f"the '---' that opens the front matter is on line {blank_lines + 1}: "
                                                    f"it must be line 1; delete the blank lines above it")
        elif rest.startswith("---"):
            problems.error(path, 1, "front matter", "the front matter opened by '---' on line 1 is never closed; "
                                                    "add a '---' line after the last key")
        else:
            problems.error(path, 1, "front matter",
                           "expected front matter between two '---' lines at the top of the file, found none")
        return None
    fm_text, fm_line, body, body_line = parts
    try:
        located = yamlfile.load(fm_text, fm_line)
    except yamlfile.YamlSyntaxError as e:
        problems.error(path, e.line, e.key or "front matter", str(e))
        return None
    return located, fm_line, body, body_line


def read_body(path: Path, body: str, body_line: int, problems: Problems, what: str = "article",
              links_from: Path | None = None):
    """(intro, sections, links) of a body, after reporting an empty body, headings without a stable
    anchor and anchors used twice. Relative links are read from ``links_from`` (default: ``path``)."""
    intro, sections, raw_links, missing_anchor = parse_body(body, body_line)
    if not body.strip():
        problems.error(path, body_line - 1, "body", f"expected the {what} text after the front matter, found nothing")
    for number, title in missing_anchor:
        problems.error(path, number, "heading", f"expected a stable anchor on every ## heading, like '## {title} {{#{_slugify(title)}}}', found none")
    seen = {}
    for s in sections:
        if s.anchor and s.anchor in seen:
            problems.error(path, s.line, "heading", f"anchor #{s.anchor} is already used on line {seen[s.anchor]}")
        seen.setdefault(s.anchor, s.line)
    links = tuple(Link(n, t, target, None, None, form=form) if form == "image"
                  else dataclasses.replace(_resolve_link(links_from or path, n, t, target), form=form)
                  for n, t, target, form in raw_links)
    return intro, sections, links


class Validated(NamedTuple):
    """A Markdown file whose front matter passed its schema: the values, where each key stands, the body."""

    path: Path
    values: dict
    located: yamlfile.Located
    fm_line: int  # the front matter's first line
    body: str
    body_line: int
    failed: frozenset = frozenset()  # the keys in error (``schema.Where.failed``)

    def text(self, intro: str, sections: tuple[Section, ...], links: tuple[Link, ...]) -> dict:
        """The Article fields that come from this file itself (its body, as ``read_body`` parsed it)."""
        return dict(body=self.body, body_line=self.body_line, intro=intro, sections=sections, links=links,
                    source=self.path, key_lines=dict(self.located.lines))


def read_validated(path: Path, declaration: schema.Schema, problems: Problems,
                   root: Path | None = None) -> Validated | None:
    """A Markdown file's front matter read and validated by ``declaration`` (``schema.ARTICLE``,
    ``schema.TRANSLATION``); None after reporting why it cannot be used at all."""
    read = read_front_matter(path, problems, root)
    if read is None:
        return None
    located, fm_line, body, body_line = read
    where = schema.Where(problems, path, located, line0=fm_line)
    values = declaration.validate(located.data if located.data is not None else {}, where)
    if values is None:
        return None
    return Validated(path, values, located, fm_line, body, body_line, where.failed)


def load_article(path: Path, problems: Problems, root: Path | None = None) -> Article | None:
    """One article file, validated by ``schema.ARTICLE``; None when its front matter cannot be read
    as keys at all (no front matter, a YAML syntax error, not a mapping). An article missing a
    required key, or with one in error, is returned held back (``Article.broken``): its body is
    still checked, it is never published."""
    read = read_validated(path, schema.ARTICLE, problems, root)
    if read is None:
        return None
    values = read.values
    intro, sections, links = read_body(path, read.body, read.body_line, problems)
    held = any(values.get(k) is None for k, option in schema.ARTICLE.options.items() if option.required)
    claims = tuple(
        Claim(c["id"], c["anchor"], c["text"], c["rule"], c[schema.LINE]) for c in values["claims"] or ()
    )
    return Article(
        id=values["id"] or "",
        title=values["title"] or "",
        summary=values["summary"] or "",
        targeting=Targeting(values["audience"] or ALL, values["country"] or ALL, values["usertype"] or ALL),
        window=Window(values["valid_from"], values["valid_until"]),
        keywords=values["keywords"] or (),
        visibility=values["visibility"] or "public",
        category=values["category"] or "",
        redirect_from=values["redirect_from"] or (),
        claims=claims,
        draft=bool(values["draft"]),
        broken=read.failed if held else frozenset(),
        **read.text(intro, sections, links),
    )


SITE_URL = re.compile(r"^/(?P<id>[^/#?]+)(?:/(?P<rest>[^#?]*))?(?:\?[^#]*)?(?:#(?P<anchor>.*))?$")


def resolve_site_url(target: str) -> tuple[str, str, str | None] | None:
    """(first segment, rest of the path, anchor) of a site URL like ``/end-a-contract/#hourly``.

    >>> resolve_site_url("/end-a-contract/#hourly-contracts")
    ('end-a-contract', '', 'hourly-contracts')
    >>> resolve_site_url("https://example.com/x/") is None, resolve_site_url("//cdn.example.com/x") is None
    (True, True)
    """
    if target.startswith("//"):
        return None
    m = SITE_URL.match(target)
    return (m.group("id"), m.group("rest") or "", m.group("anchor") or None) if m else None


def _resolve_link(path: Path, line: int, text: str, target: str) -> Link:
    if SCHEME.match(target):
        return Link(line, text, target, None, None)  # external: not an article link
    if target.startswith("/"):
        site = resolve_site_url(target)
        return Link(line, text, target, None, site[2] if site else None, site[0] if site else None)
    file_part, _, anchor = target.partition("#")
    if not file_part:
        return Link(line, text, target, None, anchor or None)
    return Link(line, text, target, Path(os.path.normpath(path.parent / file_part)), anchor or None)


def _slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "section"
