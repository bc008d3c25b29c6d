"""Translations: ``content/translations/<lang>/<id>.md`` read into localized Articles, and how current they are.

A translation names its source article (``translation_of``, also its file name) and the source
revision it follows (``source_revision``, a hash of the source's reader-visible text written by
``helpcenter translations stamp``). Everything else a reader is targeted by (audience, countries,
account types, window, visibility, category) is the source's: a localized Article is the source
Article with the translated text, so ``core.targeting`` decides publication for every language in
one place, and a translation is published exactly when its source is and it is not a draft.

``translations/sources.yml`` (generated, never edited by hand) keeps the source's text per section
for every revision some translation was stamped against, so what changed since can be shown.
"""
from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import schema, yamlfile
from .articles import Article, fence_mask, read_body, read_front_matter, read_validated
from .languages import Language
from .problems import Problems, display_path
from .targeting import ALL

FOLDER = "translations"
LEDGER = "sources.yml"
LEDGER_MAX_BYTES = 256_000_000
CURRENT, OUTDATED, UNSTAMPED = "current", "outdated", "unstamped"
INTRO = ""  # the anchor the text before the first ## heading is kept under


@dataclass(frozen=True)
class Change:
    """One part of the source that differs between the stamped revision and now."""

    part: str  # "title", "summary", "keywords", "claim" or "section"
    key: str  # the claim id or the section anchor ("" = the intro); "" for the other parts
    kind: str  # "changed", "added" or "removed"
    old: str = ""
    new: str = ""

    @property
    def label(self) -> str:
        if self.part == "section":
            return "intro" if self.key == INTRO else f"#{self.key}"
        return f"claim {self.key}" if self.part == "claim" else self.part

    def diff(self, max_lines: int = 12) -> list[str]:
        """A short unified diff of the text (``-`` stamped, ``+`` now), at most ``max_lines`` lines."""
        lines = list(difflib.unified_diff(self.old.split("\n"), self.new.split("\n"), "stamped", "now",
                                          n=1, lineterm=""))[2:]
        if len(lines) > max_lines:
            lines = lines[:max_lines] + [f"... ({len(lines) - max_lines} more lines)"]
        return lines

    def to_dict(self) -> dict:
        return {"part": self.part, "key": self.key, "change": self.kind, "diff": self.diff()}


@dataclass(frozen=True)
class TranslationInfo:
    source_id: str
    source_revision: str | None  # the revision the translation was stamped against
    status: str  # "current" | "outdated" | "unstamped"
    source_path: Path  # the translation file
    changed_sections: tuple[str, ...] = ()  # anchors changed, added or removed in the source since the stamp
    # Beyond the shared interface: the source's revision now, every change (title, summary,
    # keywords, claims, sections) and whether sources.yml still had the stamped text to compare.
    current_revision: str = ""
    changes: tuple[Change, ...] = ()
    changes_known: bool = True

    @property
    def outdated_for_readers(self) -> bool:
        """Outdated in what a reader of the translation reads: the source's title, summary, a claim
        or a section changed (or what changed is not known). A change to the source's keywords
        alone is work for the translator (``helpcenter translations`` lists it, ``check`` warns),
        but no page says so: keywords are search terms nobody reads, and a translation has its own.

        >>> k = Change("keywords", "", "changed", "quit", "quit, resign")
        >>> s = Change("section", "fees", "changed", "a", "b")
        >>> info = lambda *changes, known=True: TranslationInfo("x", "0", "outdated", Path("x.md"),
        ...     changes=changes, changes_known=known)
        >>> info(k).outdated_for_readers, info(k, s).outdated_for_readers, info(k, known=False).outdated_for_readers
        (False, True, True)
        """
        return self.status == "outdated" and (not self.changes_known or any(c.part != "keywords" for c in self.changes))


# -- the source revision -------------------------------------------------------------------------

def normalise(text: str) -> str:
    """Text as compared and hashed: Unix line endings, no trailing spaces, no blank lines around it.

    >>> normalise("a  \\r\\nb\\t\\n\\n")
    'a\\nb'
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def snapshot(article: Article) -> dict:
    """The source's reader-visible text, by part: what a revision hashes and sources.yml keeps."""
    sections = {INTRO: normalise(article.intro)}
    for section in article.sections:
        sections[section.anchor] = normalise(f"## {section.title}\n\n{section.text}")
    return {
        "title": normalise(article.title),
        "summary": normalise(article.summary),
        "keywords": [normalise(k) for k in article.keywords],
        "claims": {c.id: normalise(c.text) for c in article.claims},
        "sections": sections,
    }


def source_revision(article: Article) -> str:
    """12 hex digits of sha256 over the source's title, summary, keywords, body and claim texts
    (normalised). Targeting is inherited by translations, so it is not part of the revision."""
    text = {
        "title": normalise(article.title),
        "summary": normalise(article.summary),
        "keywords": [normalise(k) for k in article.keywords],
        "body": normalise(article.body),
        "claims": {c.id: normalise(c.text) for c in article.claims},
    }
    return hashlib.sha256(json.dumps(text, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:12]


# A line that starts a Markdown block of its own (a heading, a list item, a quote, a table row, a
# fence, an indented block): its line break is seen by readers; any other line break is a space.
_BLOCK_START = re.compile(r"^(?:\s{4}|\s*(?:#|[-*+]\s|\d+[.)]\s|>|\||```|~~~|<))")


def as_read(text: str) -> str:
    """``text`` as a reader sees it: a line break inside a paragraph and runs of spaces are one
    space, blank lines between paragraphs are one (a translation is not outdated because a source
    paragraph was wrapped differently); fenced code as written.

    >>> as_read("Open Settings,\\nthen  Get paid.\\n\\n\\n- one\\n- two")
    'Open Settings, then Get paid.\\n\\n- one\\n- two'
    >>> as_read("```yaml\\nkey:\\n  x: 1\\n```\\nAfter.")
    '```yaml\\nkey:\\n  x: 1\\n```\\nAfter.'
    """
    lines, blank, fence, joinable = [], False, None, False
    for line in normalise(text).split("\n"):
        marker = line.lstrip()[:3]
        if fence or marker in ("```", "~~~"):  # code: every space and line as written
            if fence is None:
                fence = marker
            elif marker == fence:
                fence = None
            lines += ["", line] if blank else [line]
            blank, joinable = False, False
            continue
        if not line.strip():
            blank = bool(lines)
            continue
        words = " ".join(line.split())
        if blank:
            lines += ["", words]
        elif joinable and not _BLOCK_START.match(line):
            lines[-1] += " " + words
        else:
            lines.append(words)
        blank, joinable = False, True
    return "\n".join(lines)


def compare(old: dict, new: dict) -> tuple[Change, ...]:
    """What differs between two snapshots as readers see it (``as_read``), in the order a reader
    meets it."""
    changes = []
    for part in ("title", "summary"):
        if as_read(old.get(part, "")) != as_read(new[part]):
            changes.append(Change(part, "", "changed", old.get(part, ""), new[part]))
    if [as_read(k) for k in old.get("keywords", [])] != [as_read(k) for k in new["keywords"]]:
        changes.append(Change("keywords", "", "changed", ", ".join(old.get("keywords", [])), ", ".join(new["keywords"])))
    for part, plural in (("claim", "claims"), ("section", "sections")):
        before, after = old.get(plural, {}), new[plural]
        for key, text in after.items():
            if key not in before:
                changes.append(Change(part, key, "added", "", text))
            elif as_read(before[key]) != as_read(text):
                changes.append(Change(part, key, "changed", before[key], text))
        changes += [Change(part, key, "removed", text, "") for key, text in before.items() if key not in after]
    return tuple(changes)


# -- sources.yml ---------------------------------------------------------------------------------

def ledger_path(root: Path) -> Path:
    return Path(root) / FOLDER / LEDGER


def load_ledger(root: Path, problems: Problems) -> dict[str, dict[str, dict]]:
    """sources.yml as ``{article id: {revision: snapshot}}``; {} when missing or unreadable (reported)."""
    path = ledger_path(root)
    if not path.exists():
        return {}
    # Generated, and it grows with the translations (about 1.4 KB per translated article and
    # revision): not held to the size limit of the files editors write.
    regenerate = "this file is generated: restore it with git, or run `helpcenter translations stamp`"
    located = yamlfile.read(path, problems, "sources", root=root, max_bytes=LEDGER_MAX_BYTES, advice=regenerate)
    if located is None:
        return {}
    data = located.data
    sources = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(sources, dict) and not (isinstance(data, dict) and sources is None and "sources" in data):
        problems.error(path, located.line(default=1), "sources", f"expected a top-level 'sources:' mapping; {regenerate}")
        return {}
    ledger = {}
    for article_id, revisions in (sources or {}).items():
        ok = isinstance(revisions, dict) and all(
            isinstance(r, str) and isinstance(s, dict) and isinstance(s.get("sections"), dict) for r, s in revisions.items())
        if not ok:
            problems.error(path, located.line("sources", article_id), f"sources.{article_id}",
                           f"expected revisions, each with title, summary, keywords, claims and sections; {regenerate}")
            continue
        ledger[str(article_id)] = {
            rev: {"title": str(s.get("title") or ""), "summary": str(s.get("summary") or ""),
                  "keywords": [str(k) for k in s.get("keywords") or []],
                  "claims": {str(k): str(v or "") for k, v in (s.get("claims") or {}).items()},
                  "sections": {str(k): str(v or "") for k, v in s["sections"].items()}}
            for rev, s in revisions.items()
        }
    return ledger


class _LedgerDumper(yaml.SafeDumper):
    """Multi-line texts as literal blocks, so a diff of sources.yml reads like the article."""


def _text(dumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_LedgerDumper.add_representer(str, _text)

LEDGER_HEADER = """\
# Generated by `helpcenter translations stamp` and `helpcenter translations new`: never edit it.
# For each article, the English text (title, summary, keywords, claims, and each section by anchor,
# "" being the intro) of every source revision a translation is stamped against, so that
# `helpcenter translations` can show what changed in the source since. Revisions no translation
# refers to any more are removed at each stamp.
"""


def referenced_revisions(root: Path) -> set[tuple[str, str]]:
    """(source id, revision) of every translation file whose front matter can be read, valid or not,
    so a translation with an unrelated error does not lose the text it was stamped against."""
    found = set()
    for path in sorted((Path(root) / FOLDER).glob("*/**/*.md")):
        read = read_front_matter(path, Problems())
        data = read[0].data if read else None
        if isinstance(data, dict) and isinstance(data.get("translation_of"), str) \
                and isinstance(data.get("source_revision"), str):
            found.add((data["translation_of"], data["source_revision"]))
    return found


def write_ledger(root: Path, articles: dict[str, Article]) -> Path:
    """Rewrite sources.yml: for every revision a translation refers to, the source's text then
    (taken from the source as it is now when the revision is current, else from the old ledger)."""
    old = load_ledger(root, Problems())
    entries: dict[str, dict[str, dict]] = {}
    for article_id, revision in sorted(referenced_revisions(root)):
        source = articles.get(article_id)
        if source is not None and source_revision(source) == revision:
            entries.setdefault(article_id, {})[revision] = snapshot(source)
        elif revision in old.get(article_id, {}):
            entries.setdefault(article_id, {})[revision] = old[article_id][revision]
    path = ledger_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.dump({"sources": entries}, Dumper=_LedgerDumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(LEDGER_HEADER + body, encoding="utf-8")
    return path


_REVISION_LINE = re.compile(r"^source_revision\s*:.*$")
_SOURCE_LINE = re.compile(r"^translation_of\s*:.*$")


def stamp_text(text: str, revision: str) -> str:
    """The translation file's text with ``source_revision: <revision>`` written into its front
    matter: in place of the line there, else after ``translation_of:``, else first. Nothing else moves.

    >>> stamp_text("---\\ntranslation_of: x\\ntitle: X\\n---\\nBody\\n", "0123456789ab")
    '---\\ntranslation_of: x\\nsource_revision: "0123456789ab"\\ntitle: X\\n---\\nBody\\n'
    """
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if not lines or lines[0].strip() != "---" or end is None:
        raise ValueError("expected front matter between two '---' lines at the top of the file")
    line = f'source_revision: "{revision}"'  # quoted: an all-digit revision would read as a number
    front = lines[1:end]
    at = next((i for i, text_line in enumerate(front) if _REVISION_LINE.match(text_line)), None)
    if at is not None:
        front[at] = line
    else:
        after = next((i + 1 for i, text_line in enumerate(front) if _SOURCE_LINE.match(text_line)), 0)
        front.insert(after, line)
    return "\n".join([lines[0], *front, *lines[end:]])


# -- loading -------------------------------------------------------------------------------------

def translation_files(root: Path) -> list[Path]:
    return sorted((Path(root) / FOLDER).glob("*/**/*.md"))


def load_translations(root: Path, languages: tuple[Language, ...], articles, problems: Problems, *,
                      unreadable=frozenset()) -> tuple[Article, ...]:
    """Every translation file of ``root/translations/<lang>/``, validated against its source; the
    localized Articles of those that can be read (a draft's untranslated claims keep the source's text).
    A translation of an article in ``unreadable`` (ids of article files that could not be loaded,
    whose errors are reported) is left out without an error of its own. One of an id two articles
    share (an error of theirs) is still loaded, from the one it follows (``_source_among``)."""
    folder = Path(root) / FOLDER
    if not folder.is_dir():
        return ()
    source_language, others = languages[0], {lang.code: lang for lang in languages[1:]}
    by_id: dict[str, tuple[Article, ...]] = {}
    for article in articles:
        by_id[article.id] = (*by_id.get(article.id, ()), article)
    former = {old: a for a in articles for old in a.redirect_from}
    ledger = load_ledger(root, problems)
    loaded, seen = [], {}
    for entry in sorted(folder.iterdir()):
        if entry.is_file():
            if entry.name != LEDGER:
                problems.warning(entry, None, None, f"ignored: translations live in a language folder, like "
                                                    f"{FOLDER}/{next(iter(others), 'es')}/<article-id>.md")
            continue
        if entry.name not in others:
            problems.error(entry, None, "language", _unknown_folder(entry.name, source_language, others))
            continue
        for path in sorted(entry.rglob("*.md")):
            article = load_translation(path, others[entry.name], by_id, former, ledger, problems, root, unreadable)
            if article is None:
                continue
            key = (article.lang, article.id)
            if key in seen:
                problems.error(path, article.key_lines.get(("translation_of",)), "translation_of",
                               f"{seen[key]} already translates {article.id} into {article.lang}; keep one file")
                continue
            seen[key] = display_path(path)
            loaded.append(article)
    return tuple(loaded)


def _unknown_folder(name: str, source: Language, others: dict[str, Language]) -> str:
    configured = ", ".join(others) or "none"
    if name == source.code:
        return (f"'{name}' is the source language: its articles live in articles/, not in {FOLDER}/{name}/ "
                f"(translation folders: {configured})")
    from .languages import hint

    said = hint(name) or (f" (did you mean {schema.closest(name, others)}?)" if schema.closest(name, others) else "")
    return (f"expected a folder named after a language of languages.yml ({configured}), got '{name}'{said}; "
            "add the language to languages.yml or rename the folder")


def _source_among(sharing: tuple[Article, ...], stamped: str | None) -> tuple[Article, bool]:
    """(the source, whether to judge the translation against it) among the articles of its id.
    When several share the id (an error of theirs, reported there): the one whose text it was
    stamped against, judged; else, unjudged (which one it follows is not known: "outdated" would ask
    to re-stamp it against a copy), the one whose file is named after the id, else the first."""
    if len(sharing) == 1:
        return sharing[0], True
    for article in sharing:
        if stamped is not None and source_revision(article) == stamped:
            return article, True
    return next((a for a in sharing if a.source.stem == a.id), sharing[0]), False


def load_translation(path: Path, language: Language, by_id: dict, former: dict, ledger: dict,
                     problems: Problems, root: Path | None = None, unreadable=frozenset()) -> Article | None:
    """One translation file, validated by ``schema.TRANSLATION`` and against its source article.
    ``by_id``: the source articles by id, as tuples (two articles may share an id)."""
    read = read_validated(path, schema.TRANSLATION, problems, root)
    if read is None:
        return None
    values, located, fm_line = read.values, read.located, read.fm_line
    sharing = by_id.get(values["translation_of"], ())
    source, judge = _source_among(sharing, values["source_revision"]) if sharing else (None, True)
    judged = problems if judge else Problems()  # what judges the translation against its source

    def error(key_path: tuple, key: str, message: str):
        judged.error(path, located.line(*key_path) or fm_line, key, message)

    source_id = values["translation_of"]
    if source_id is None:
        return None
    if source_id != path.stem and (source_id in by_id or path.stem not in by_id):
        # (a typo of the file's own article is named below, with a did-you-mean: no rename advice)
        problems.error(path, located.line("translation_of") or fm_line, "translation_of",
                       f"expected '{path.stem}' (a translation file is named after its source article's id), "
                       f"got '{source_id}'; rename the file to {source_id}.md or correct translation_of")
    if source is None and source_id in unreadable:  # the source's own errors are reported
        return None
    if source is None:
        if source_id in former:
            error(("translation_of",), "translation_of",
                  f"'{source_id}' is a former id of {former[source_id].id}; translate {former[source_id].id} "
                  f"(file {former[source_id].id}.md)")
        else:
            error(("translation_of",), "translation_of",
                  f"expected the id of an article of articles/, got '{source_id}'"
                  f"{schema.did_you_mean(source_id, by_id)}")
        return None
    # Relative links are read from the source article's folder: a translation keeps the links of
    # the text it translates (``../payments/getting-paid.md``) wherever its own file is.
    intro, sections, links = read_body(path, read.body, read.body_line, problems, "translated", links_from=source.source)
    if any(values.get(k) is None for k in ("title", "summary")):
        return None

    _check_inherited(values, source, error)
    stamped = values["source_revision"]
    current = source_revision(source)
    before = ledger.get(source.id, {}).get(stamped) if stamped is not None else None
    # The claims and anchors a translation must have are those of the revision it follows: an
    # outdated translation stays valid (and published, with a note) until a translator catches up.
    follows = before if stamped != current and before is not None else None
    claims = _translated_claims(values, source, bool(values["draft"]), error, follows)
    _check_anchors(sections, source, read.body_line, path, judged, follows)
    if not values["draft"]:
        _check_untranslated(values, source, intro, sections, read.body_line, path, judged, located)

    changes, known = (), True
    raw = located.data.get("source_revision") if isinstance(located.data, dict) else None
    typed_by_hand = stamped is None and not schema.is_blank(raw)
    if stamped is None:
        status = UNSTAMPED
        if not typed_by_hand:  # (a value typed by hand is refused above, once)
            error((), "source_revision",
                  f"is missing: once the translation follows the current {source_language_name(source)} source, run "
                  f"`helpcenter translations stamp {language.code} {source.id}` (it writes this line; never type it)")
    elif stamped == current:
        status = CURRENT
    else:
        known = before is not None
        changes = compare(before, snapshot(source)) if known else ()
        # A source rewrapped or respaced reads the same: the translation still follows it.
        status = OUTDATED if changes or not known else CURRENT
    if stamped is not None and stamped not in ledger.get(source.id, {}):
        if status == CURRENT:
            judged.warning(path, located.line("source_revision"), "source_revision",
                           f"{stamped} is not recorded in {FOLDER}/{LEDGER}, so a later change of the source could "
                           f"not be shown; run `helpcenter translations stamp {language.code} {source.id}`")
    if status == OUTDATED:
        if known:
            what = ", ".join(c.label + ("" if c.kind == "changed" else f" ({c.kind})") for c in changes)
            said = f"what changed: {what}"
        else:
            said = f"what changed cannot be shown: {FOLDER}/{LEDGER} has no copy of revision {stamped}"
        judged.warning(path, located.line("source_revision"), "source_revision",
                       f"outdated: the source {source.id} changed since this translation was stamped "
                       f"({stamped}, now {current}); {said}. Update the translation, then run "
                       f"`helpcenter translations stamp {language.code} {source.id}`")
    info = TranslationInfo(
        source_id=source.id,
        source_revision=stamped,
        status=status,
        source_path=path,
        changed_sections=tuple(c.key for c in changes if c.part == "section"),
        current_revision=current,
        changes=changes,
        changes_known=known,
    )
    return dataclasses.replace(
        source,
        lang=language.code,
        title=values["title"],
        summary=values["summary"],
        keywords=values["keywords"] or (),
        claims=claims,
        draft=source.draft or bool(values["draft"]),
        translation=info,
        **read.text(intro, sections, links),
    )


def source_language_name(source: Article) -> str:
    from .languages import KNOWN

    return KNOWN[source.lang].name if source.lang in KNOWN else source.lang


def _shown(value) -> str:
    if value == ALL:
        return "all"
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    return schema.shown(value) if not isinstance(value, str) else value


def _check_inherited(values: dict, source: Article, error) -> None:
    """A repeated key must say what the source says (a list in any order)."""
    theirs = {
        "id": source.id,
        "audience": source.targeting.audience,
        "country": source.targeting.country,
        "usertype": source.targeting.usertype,
        "valid_from": source.window.start,
        "valid_until": source.window.end,
        "visibility": source.visibility,
        "category": source.category,
    }
    for key in schema.INHERITED:
        mine = values.get(key)
        if mine is None:
            continue
        expected = theirs[key]
        same = (set(mine) == set(expected)) if isinstance(mine, tuple) and isinstance(expected, tuple) else mine == expected
        if not same:
            where = display_path(source.source) + (f":{source.key_lines[(key,)]}" if (key,) in source.key_lines else "")
            error((key,), key, f"expected the source's value {_shown(expected) if expected is not None else 'nothing'} "
                               f"({where}), got {_shown(mine)}; {key} is inherited from the source: "
                               "change it there, or delete this line")


def _translated_claims(values: dict, source: Article, draft: bool, error, follows: dict | None) -> tuple:
    """The source's claims with the translated texts; every claim must be translated (unless a draft).

    ``follows``: for an outdated translation, the snapshot of the revision it follows: a claim added
    to the source since may be missing (readers see the source's text), one removed since is ignored.
    """
    source_claims = {c.id: c for c in source.claims}
    then = set(follows["claims"]) if follows is not None else set(source_claims)
    translated = {}
    for item in values["claims"] or ():
        index = item[schema.INDEX]
        claim = source_claims.get(item["id"])
        label = f"claims[{index}]"
        if claim is None and item["id"] in then:
            continue  # removed from the source after the stamp: listed by `helpcenter translations`
        if claim is None:
            error(("claims", index, "id"), f"{label}.id",
                  f"expected the id of a claim of {source.id} ({', '.join(source_claims) or 'it has none'}), "
                  f"got '{item['id']}'{schema.did_you_mean(item['id'], source_claims)}")
            continue
        if item["id"] in translated:
            error(("claims", index, "id"), f"{label}.id", f"'{item['id']}' is translated twice; keep one")
            continue
        for key in ("anchor", "rule"):
            if item[key] is not None and item[key] != getattr(claim, key):
                error(("claims", index, key), f"{label}.{key}",
                      f"expected the source claim's {key} '{getattr(claim, key)}', got '{item[key]}'; "
                      f"it is inherited: delete it here or change it in {source.id}")
        translated[item["id"]] = (item["text"], item[schema.LINE])
    untranslated = [c.id for c in source.claims if c.id not in translated and c.id in then]
    if untranslated and not draft:
        error(("claims",), "claims",
              f"expected a translation of every claim of {source.id}, missing: {', '.join(untranslated)} "
              "(add '- {id: ..., text: ...}' for each, or keep draft: true)")
    return tuple(
        dataclasses.replace(c, text=translated[c.id][0], line=translated[c.id][1]) if c.id in translated else c
        for c in source.claims
    )


def prose(markdown: str) -> str:
    """The text of Markdown outside fenced code, normalised: what a translator must translate.

    >>> prose("Text.\\n```pycon\\n>>> 1\\n```\\n")
    'Text.'
    """
    lines = markdown.split("\n")
    return normalise("\n".join(line for line, fenced in zip(lines, fence_mask(lines)) if not fenced))


UNTRANSLATED_MIN = 40  # shorter identical texts may rightly stay as they are (a name, a code)


def _check_untranslated(values, source: Article, intro: str, sections, body_line: int, path: Path,
                        problems: Problems, located) -> None:
    """Warnings for text of a non-draft translation that is still the source's text (a skeleton
    published before it was translated): claims, the introduction and sections, code left aside."""
    said = f"is still the {source_language_name(source)} text of the source; translate it (or keep draft: true)"
    source_claims = {c.id: c.text for c in source.claims}
    for item in values["claims"] or ():
        if normalise(item["text"]) == normalise(source_claims.get(item["id"], "")) and len(item["text"]) >= UNTRANSLATED_MIN:
            problems.warning(path, located.line("claims", item[schema.INDEX], "text"),
                             f"claims[{item[schema.INDEX]}].text", said)
    theirs = {s.anchor: prose(s.text) for s in source.sections}
    if len(prose(intro)) >= UNTRANSLATED_MIN and prose(intro) == prose(source.intro):
        problems.warning(path, body_line, "body", f"the introduction {said}")
    for s in sections:
        mine = prose(s.text)
        if len(mine) >= UNTRANSLATED_MIN and mine == theirs.get(s.anchor):
            problems.warning(path, s.line, "body", f"section #{s.anchor} {said}")


def _check_anchors(sections, source: Article, body_line: int, path: Path, problems: Problems,
                   follows: dict | None = None) -> None:
    """The same ``## ... {#anchor}`` anchors as the source (as of the revision an outdated
    translation follows), in the same order: permalinks and verified-answer ids stay the same in
    every language."""
    mine = [s.anchor for s in sections if s.anchor]
    theirs = ([a for a in follows["sections"] if a != INTRO] if follows is not None
              else [s.anchor for s in source.sections if s.anchor])
    if mine == theirs:
        return
    expected = ", ".join(f"#{a}" for a in theirs) or "none"
    for s in sections:
        if s.anchor and s.anchor not in theirs:
            problems.error(path, s.line, "heading",
                           f"#{s.anchor} is not an anchor of {source.id}{schema.did_you_mean(s.anchor, theirs)}; "
                           f"anchors stay as in the source ({expected})")
    missing = [a for a in theirs if a not in mine]
    if missing:
        problems.error(path, body_line, "body",
                       f"expected every anchor of {source.id}, missing: {', '.join('#' + a for a in missing)} "
                       f"(the source's anchors in order: {expected})")
    common_mine = [a for a in mine if a in theirs]
    common_theirs = [a for a in theirs if a in mine]
    if common_mine != common_theirs:
        first = next(i for i, (a, b) in enumerate(zip(common_mine, common_theirs)) if a != b)
        line = next(s.line for s in sections if s.anchor == common_mine[first])
        problems.error(path, line, "heading",
                       f"expected the source's order of anchors ({expected}), found #{common_mine[first]} "
                       f"where #{common_theirs[first]} comes")
