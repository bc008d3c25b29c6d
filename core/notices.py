"""Notices: the banner messages editors target by audience, country, usertype and time window."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import markdown
import nh3
from markdown.extensions import Extension

from . import schema, vocabulary, yamlfile
from .articles import CODE_SPAN, REFERENCE
from .problems import Problems
from .targeting import ALL, Targeting, Visitor, Window, iso, to_moment

GLOBAL_ID = "global"
ALLOWED_TAGS = {"a", "strong", "em", "b", "i", "code", "br", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_PROTOCOLS = {"http", "https", "mailto"}


@dataclass(frozen=True)
class Notice:
    id: str
    message: str
    icon: str
    targeting: Targeting
    window: Window
    line: int
    # The sanitised HTML as shipped in a release's notices.json; None renders ``message``.
    rendered: str | None = None
    draft: bool = False  # never shown, never shipped in a release
    message_line: int = 0
    # The message in other languages, Markdown, as (language code, message) in the file's order.
    translations: tuple[tuple[str, str], ...] = ()
    # Their sanitised HTML as shipped in a release's notices.json; None renders ``translations``.
    rendered_translations: tuple[tuple[str, str], ...] | None = None
    translation_lines: tuple[tuple[str, int], ...] = ()  # the line of each translation in notices.yml
    # For a notice held back by errors in its keys: those keys. Its texts are checked like any
    # other's (``Content.held_notices``), but it is never shown nor shipped; the fields of keys in
    # error hold placeholders, and ``id`` is its label (``notices[3]``) when the id is in error.
    broken: frozenset = frozenset()

    def texts(self) -> list[tuple[str, str, int]]:
        """(key, Markdown, line in notices.yml) of its message and of each translation, as problems
        name them: ``global.message``, ``global.translations.es``."""
        lines = dict(self.translation_lines)
        return [(f"{self.id}.message", self.message, self.message_line)] + [
            (f"{self.id}.translations.{code}", text, lines.get(code, self.message_line))
            for code, text in self.translations]

    @property
    def icon_name(self) -> str:
        """The Material icon the icon stands for, e.g. ``material/information-outline``."""
        return vocabulary.ICONS[self.icon]

    @property
    def html(self) -> str:
        return self.rendered if self.rendered is not None else render_message(self.message)

    @property
    def translation_languages(self) -> tuple[str, ...]:
        pairs = self.rendered_translations if self.rendered_translations is not None else self.translations
        return tuple(code for code, _ in pairs)

    def message_in(self, lang: str) -> str:
        """The Markdown message in ``lang``, else in the source language (``message``)."""
        return dict(self.translations).get(lang, self.message)

    def html_in(self, lang: str) -> str:
        """The sanitised HTML of the message in ``lang``, else in the source language."""
        if self.rendered_translations is not None:
            return dict(self.rendered_translations).get(lang, self.html)
        return render_message(self.message_in(lang)) if lang in dict(self.translations) else self.html

    @classmethod
    def from_dict(cls, d: dict) -> "Notice":
        """The inverse of ``to_dict``: a release's notices.json back to notices core can decide on."""

        def axis(v):
            return ALL if v == ALL else tuple(v)

        def moment(v):
            return to_moment(v) if v else None

        return cls(
            id=d["id"],
            message="",
            icon=d["icon"],
            targeting=Targeting(axis(d["audience"]), axis(d["country"]), axis(d["usertype"])),
            window=Window(moment(d.get("start")), moment(d.get("end"))),
            line=0,
            rendered=d["html"],
            rendered_translations=tuple((d.get("translations") or {}).items()),
        )

    def shown_at(self, at: dt.datetime) -> bool:
        """Shown to somebody at ``at``: not a draft, not held back, and inside its window."""
        return not self.draft and not self.broken and self.window.contains(at)

    def shown_to(self, visitor: Visitor, at: dt.datetime) -> bool:
        """The window rule of ``Window.contains`` and the notice rule of ``Targeting.matches``
        (an unknown visitor sees only what targets everyone); a draft or a held notice is never shown."""
        return self.shown_at(at) and self.targeting.matches(visitor)

    def to_dict(self, lang: str | None = None, source_lang: str = "en") -> dict:
        """Without ``lang``: as a release's notices.json keeps it, with the HTML of every translation
        under ``translations`` (when there are any). With ``lang``: as GET /api/notices answers,
        ``html`` in that language when the notice has it, else in ``source_lang``; ``lang`` says which."""
        def axis(v):
            return v if v == ALL else list(v)

        shape = {
            "id": self.id,
            "icon": self.icon,
            "icon_name": self.icon_name,
            "html": self.html,
            "audience": axis(self.targeting.audience),
            "country": axis(self.targeting.country),
            "usertype": axis(self.targeting.usertype),
            "start": iso(self.window.start),
            "end": iso(self.window.end),
        }
        if lang is None:
            if self.translation_languages:
                shape["translations"] = {code: self.html_in(code) for code in self.translation_languages}
            return shape
        translated = lang in self.translation_languages
        shape["html"] = self.html_in(lang)
        shape["lang"] = lang if translated else source_lang
        return shape


class _NoRawHtml(Extension):
    """Python-Markdown's documented way to turn raw HTML off: it is then escaped as text.

    Escaping the source before Markdown instead would escape code spans twice (`<b>` shown
    as ``&lt;b&gt;``).
    """

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def render_message(text: str) -> str:
    """Markdown to safe inline HTML: raw HTML in the source is shown as text, never run.

    >>> render_message('**New:** <script>alert(1)</script> [see](javascript:alert(1))')
    '<strong>New:</strong> &lt;script&gt;alert(1)&lt;/script&gt; <a>see</a>'
    """
    rendered = markdown.markdown(text, extensions=[_NoRawHtml()]).strip()
    # A banner is one line: paragraphs become line breaks, the outer <p> goes.
    rendered = re.sub(r"</p>\s*<p>", "<br>", rendered)
    if rendered.startswith("<p>") and rendered.endswith("</p>"):
        rendered = rendered[3:-4]
    return nh3.clean(rendered, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_PROTOCOLS,
                     link_rel=None)


def visible_notices(notices, visitor: Visitor, at: dt.datetime) -> list[Notice]:
    """The notices this visitor sees at this moment, the global one first."""
    shown = [n for n in notices if n.shown_to(visitor, at)]
    return sorted(shown, key=lambda n: (n.id != GLOBAL_ID,))


def load_notices(path: Path, problems: Problems, root: Path | None = None,
                 languages: tuple[str, ...] | None = None) -> tuple[Notice, ...]:
    """``notices.yml``, validated by ``schema.NOTICES_FILE``; notices with errors are left out
    (``read_notices`` gives them too, held back).

    ``languages``: the codes of languages.yml, source language first; a translation into another
    language (or into the source language) is an error. None: not checked."""
    return read_notices(path, problems, root, languages)[0]


def read_notices(path: Path, problems: Problems, root: Path | None = None, languages: tuple[str, ...] | None = None
                 ) -> tuple[tuple[Notice, ...], tuple[Notice, ...]]:
    """(the notices of ``load_notices``, the notices held back by errors in their keys). A held
    notice's texts are checked here like the others' (raw HTML, links, translation languages): one
    run names every problem of notices.yml, not those of the keys first."""
    if not path.exists():
        return (), ()
    located = yamlfile.read(path, problems, "notices", root=root)
    if located is None or located.data is None:
        return (), ()
    if not isinstance(located.data, dict) or "notices" not in located.data:
        problems.error(path, located.line(default=1), "notices", "expected a top-level 'notices:' list")
        return (), ()
    values = schema.NOTICES_FILE.validate(located.data, schema.Where(problems, path, located, line0=1))
    valid = {item[schema.INDEX]: item for item in values["notices"] or ()}
    raw = located.data["notices"] if isinstance(located.data["notices"], list) else []
    notices, held, seen = [], [], {}
    for index, raw_item in enumerate(raw):
        item, broken = valid.get(index), frozenset()  # (a notice left out by the schema has errors in its keys)
        if item is None:
            if not isinstance(raw_item, dict):
                continue  # nothing to read in it: its error is reported
            # Its errors are reported: validated again by the same schema, unreported, for what it holds.
            where = schema.Where(Problems(), path, located, ("notices", index), line0=located.line("notices", index))
            item, broken = schema.NOTICE.validate(raw_item, where), where.failed
        named = item["id"] if "id" not in broken else f"notices[{index}]"
        id_line = located.line("notices", index, "id")
        if "id" not in broken and named in seen:
            problems.error(path, id_line, f"notices[{index}].id",
                           f"'{named}' is already the id of the notice on line {seen[named]}; ids must be unique")
            broken |= {"id"}
        elif "id" not in broken:
            seen[named] = id_line
        translations = tuple((item["translations"] or {}).items())
        if languages is not None and not _check_translations(path, located, index, named, translations,
                                                             languages, problems):
            broken |= {"translations"}  # its other texts are still checked
            translations = tuple((code, text) for code, text in translations if code in languages[1:])
        notice = Notice(
            id=named,
            message=item["message"] or "",
            icon=item["icon"] or "info",
            targeting=Targeting(item["audience"] or ALL, item["country"] or ALL, item["usertype"] or ALL),
            window=Window(item["start"], item["end"]),
            line=located.line("notices", index) or 1,
            draft=bool(item["draft"]),
            message_line=located.line("notices", index, "message") or located.line("notices", index),
            translations=translations,
            translation_lines=tuple((code, located.line("notices", index, "translations", code))
                                    for code, _ in translations),
            broken=broken,
        )
        for key, text, line in notice.texts() if not notice.draft else ():  # a draft is checked once it is not
            for said in message_problems(text or ""):
                problems.error(path, line, key, said)
        (held if broken or index not in valid else notices).append(notice)
    return tuple(notices), tuple(held)


_RAW_HTML = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>|(<!--)")
_MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\(\s*<?(?P<target>[^)\s>]*)")


def message_problems(text: str) -> list[str]:
    """What a notice's message (or one of its translations) has that the banner would not show as
    the editor meant: raw HTML, which every visitor would read as text (``render_message``), and a
    link that is not http, https, mailto or a path, which would be shown without its address.

    >>> for said in message_problems("See [PayPal](javascript:alert(1)) <script>x</script>, `<b>` is code"):
    ...     print(said)
    <script> would be shown as text: a notice is Markdown (**bold**, [text](/an-article/)), not HTML
    the javascript: link would be shown without its address: links are http, https, mailto or paths like /end-a-contract/
    >>> message_problems("**New:** read [the fees](/service-fees/) or [mail us](mailto:help@example.com)")
    []
    >>> message_problems("Write ``<b>`` to bold. <!-- until May --> [f][x]\\n[x]: javascript:alert(1)")
    ['an HTML comment (<!-- -->) would be shown as text: a notice is Markdown (**bold**, [text](/an-article/)), not HTML', 'the javascript: link would be shown without its address: links are http, https, mailto or paths like /end-a-contract/']
    """
    found = []
    prose = CODE_SPAN.sub("", text)
    for tag in dict.fromkeys((m.group(1) or "").lower() or "!--" for m in _RAW_HTML.finditer(prose)):
        what = "an HTML comment (<!-- -->)" if tag == "!--" else f"<{tag}>"
        found.append(f"{what} would be shown as text: a notice is Markdown (**bold**, [text](/an-article/)), not HTML")
    targets = [m.group("target") for m in _MARKDOWN_LINK.finditer(prose)]
    targets += [m.group("target") for line in prose.split("\n") for m in [REFERENCE.match(line)] if m]
    for target in targets:
        scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", re.sub(r"[\x00-\x20]", "", target))
        if scheme and scheme.group(1).lower() not in ALLOWED_PROTOCOLS:
            found.append(f"the {scheme.group(1).lower()}: link would be shown without its address: links are "
                         "http, https, mailto or paths like /end-a-contract/")
    return found


def _check_translations(path, located, index, notice_id, translations, languages, problems) -> bool:
    ok = True
    others = languages[1:]
    for code, _ in translations:
        line = located.line("notices", index, "translations", code)
        if code == languages[0]:
            problems.error(path, line, f"{notice_id}.translations.{code}",
                           f"{code} is the source language: its text is `message`; translations: "
                           f"{', '.join(others) or 'none'}")
            ok = False
        elif code not in others:
            problems.error(path, line, f"{notice_id}.translations.{code}",
                           f"expected a translation language of languages.yml ({', '.join(others) or 'none'}), "
                           f"got '{code}'; add it to languages.yml or remove this line")
            ok = False
    return ok
