"""Articles: Markdown files with front matter, parsed into typed ``Article`` values and cross-checked."""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import schema, yamlfile
from .problems import Problems
from .targeting import ALL, Targeting, Visitor, Window

H2 = re.compile(r"^##(?!#)\s+(?P<title>.*?)\s*(?:\{\s*#(?P<anchor>[A-Za-z0-9_-]+)[^}]*\})?\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


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
    path: Path | None  # the article file it points to, None for a same-page anchor
    anchor: str | None


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

    @property
    def is_public(self) -> bool:
        return self.visibility == "public"

    def is_published(self, at: dt.datetime) -> bool:
        """Whether the article belongs on the public site at ``at``: public and inside its window."""
        return self.is_public and self.window.contains(at)

    def applies_to(self, visitor: Visitor, at: dt.datetime) -> bool:
        return self.is_published(at) and self.targeting.matches(visitor, unknown_matches_any=True)

    @property
    def url(self) -> str:
        return f"/{self.id}/"

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


def fence_mask(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to fenced code (its opening and closing fences included).

    The one fence scanner of the project: article structure, link rewriting and the worked
    examples' checks all ask it.

    >>> fence_mask(["text", "```pycon", ">>> 1", "```", "after"])
    [False, True, True, True, False]
    """
    mask, in_fence = [], False
    for line in lines:
        if FENCE.match(line):
            mask.append(True)
            in_fence = not in_fence
        else:
            mask.append(in_fence)
    return mask


def parse_body(body: str, body_line: int):
    """Intro, H2 sections and links of a Markdown body, ignoring fenced code."""
    intro, sections, links = [], [], []
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
                links.append((number, lm.group("text"), lm.group("target")))
        (current[3] if current else intro).append(line)
    if current:
        sections.append(current)
    return (
        "\n".join(intro).strip(),
        tuple(Section(a, t, n, "\n".join(ls).strip()) for a, t, n, ls in sections),
        links,
        missing_anchor,
    )


def load_article(path: Path, problems: Problems) -> Article | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        problems.error(path, None, None, f"expected UTF-8 text, found a byte that is not ({e.reason} at byte {e.start})")
        return None
    parts = split_front_matter(text)
    if parts is None:
        problems.error(path, 1, None, "expected front matter between two '---' lines at the top of the file, found none")
        return None
    fm_text, fm_line, body, body_line = parts
    try:
        located = yamlfile.load(fm_text, fm_line)
    except yamlfile.YamlSyntaxError as e:
        problems.error(path, e.line, None, str(e))
        return None
    data = located.data
    if not isinstance(data, dict):
        problems.error(path, fm_line, None, f"expected front matter to be a mapping of keys like id: and title:, got {type(data).__name__}")
        return None
    for key_path, line in located.duplicate_keys:
        problems.error(path, line, ".".join(map(str, key_path)), "appears twice; keep one")

    values = {}
    for key, option in schema.ARTICLE.options.items():
        line = located.line(key, default=fm_line)
        if key not in data or data[key] is None:
            if option.required:
                problems.error(path, fm_line, key, "is required, found no value")
            values[key] = option.default
            continue
        if key == "claims":
            values[key] = _parse_claims(path, data[key], located, problems)
            continue
        try:
            values[key] = option.parse(data[key])
        except schema.Invalid as e:
            problems.error(path, line, key, str(e))
            values[key] = None
    for key in data:
        if key not in schema.ARTICLE.options:
            problems.warning(path, located.line(key), key, f"unknown key, ignored (known keys: {', '.join(schema.ARTICLE.options)})")

    start, end = values.get("valid_from"), values.get("valid_until")
    if start and end and end <= start:
        problems.error(
            path, located.line("valid_until"), "valid_until",
            f"expected a moment after valid_from ({start:%Y-%m-%d %H:%M} UTC), got {end:%Y-%m-%d %H:%M} UTC",
        )
    intro, sections, raw_links, missing_anchor = parse_body(body, body_line)
    if not body.strip():
        problems.error(path, body_line - 1, "body", "expected the article text after the front matter, found nothing")
    for number, title in missing_anchor:
        problems.error(path, number, "heading", f"expected a stable anchor on every ## heading, like '## {title} {{#{_slugify(title)}}}', found none")
    seen = {}
    for s in sections:
        if s.anchor and s.anchor in seen:
            problems.error(path, s.line, "heading", f"anchor #{s.anchor} is already used on line {seen[s.anchor]}")
        seen.setdefault(s.anchor, s.line)
    links = tuple(_resolve_link(path, n, t, target) for n, t, target in raw_links)
    if any(values.get(k) is None and schema.ARTICLE.options[k].required for k in ("id", "title", "summary", "audience", "category")):
        return None
    return Article(
        id=values["id"],
        title=values["title"],
        summary=values["summary"],
        targeting=Targeting(values["audience"], values["country"] or ALL, values["usertype"] or ALL),
        window=Window(start, end if not (start and end and end <= start) else None),
        keywords=values["keywords"] or (),
        visibility=values["visibility"] or "public",
        category=values["category"],
        redirect_from=values["redirect_from"] or (),
        claims=values["claims"] or (),
        body=body,
        body_line=body_line,
        intro=intro,
        sections=sections,
        links=links,
        source=path,
        key_lines=dict(located.lines),
    )


def _parse_claims(path, raw, located, problems) -> tuple[Claim, ...]:
    if not isinstance(raw, list):
        problems.error(path, located.line("claims"), "claims", f"expected a list of claims, got {raw!r}")
        return ()
    claims = []
    option = schema.Mapping(schema.CLAIM)
    for index, item in enumerate(raw):
        line = located.line("claims", index)
        try:
            parsed = option.parse(item)
        except schema.Invalid as e:
            problems.error(path, line, f"claims[{index}]", str(e))
            continue
        claims.append(Claim(parsed["id"], parsed["anchor"], parsed["text"], parsed["rule"], line))
    return tuple(claims)


def _resolve_link(path: Path, line: int, text: str, target: str) -> Link:
    if SCHEME.match(target) or target.startswith("/"):
        return Link(line, text, target, None, None)  # external or absolute: not an article link
    file_part, _, anchor = target.partition("#")
    if not file_part:
        return Link(line, text, target, None, anchor or None)
    return Link(line, text, target, Path(os.path.normpath(path.parent / file_part)), anchor or None)


def _slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "section"
