"""Notices: the banner messages editors target by audience, country, usertype and time window."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import bleach
import markdown
from markdown.extensions import Extension

from . import schema, vocabulary, yamlfile
from .problems import Problems
from .targeting import ALL, Targeting, Visitor, Window, iso, to_moment

GLOBAL_ID = "global"
ALLOWED_TAGS = ["a", "strong", "em", "b", "i", "code", "br", "span"]
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = ["http", "https", "mailto"]


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

    @property
    def icon_name(self) -> str:
        """The Material icon the icon stands for, e.g. ``material/information-outline``."""
        return vocabulary.ICONS[self.icon]

    @property
    def html(self) -> str:
        return self.rendered if self.rendered is not None else render_message(self.message)

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
        )

    def shown_to(self, visitor: Visitor, at: dt.datetime) -> bool:
        return self.window.contains(at) and self.targeting.matches(visitor)

    def to_dict(self) -> dict:
        def axis(v):
            return v if v == ALL else list(v)

        return {
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
    return bleach.clean(rendered, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS, strip=True)


def visible_notices(notices, visitor: Visitor, at: dt.datetime) -> list[Notice]:
    """The notices this visitor sees at this moment, the global one first."""
    shown = [n for n in notices if n.shown_to(visitor, at)]
    return sorted(shown, key=lambda n: (n.id != GLOBAL_ID,))


def load_notices(path: Path, problems: Problems) -> tuple[Notice, ...]:
    if not path.exists():
        return ()
    try:
        located = yamlfile.load(path.read_text(encoding="utf-8"))
    except yamlfile.YamlSyntaxError as e:
        problems.error(path, e.line, None, str(e))
        return ()
    except UnicodeDecodeError as e:
        problems.error(path, None, None, f"expected UTF-8 text, found a byte that is not ({e.reason})")
        return ()
    data = located.data
    if data is None:
        return ()
    if not isinstance(data, dict) or not isinstance(data.get("notices"), list):
        problems.error(path, located.line(), "notices", "expected a top-level 'notices:' list")
        return ()
    for key in data:
        if key != "notices":
            problems.warning(path, located.line(key), key, "unknown key, ignored (expected only 'notices')")
    notices, seen = [], {}
    for index, raw in enumerate(data["notices"]):
        item_line = located.line("notices", index)
        if not isinstance(raw, dict):
            problems.error(path, item_line, f"notices[{index}]", f"expected a mapping with id, message, icon..., got {raw!r}")
            continue
        values, ok = {}, True
        for key, option in schema.NOTICE.options.items():
            line = located.line("notices", index, key, default=item_line)
            label = f"notices[{index}].{key}" if key == "id" or "id" not in raw else f"{raw.get('id')}.{key}"
            if key not in raw or raw[key] is None or raw[key] == "":
                if option.required:
                    found = "found no value" if key in raw else "found no such key"
                    problems.error(path, line, label, f"is required, {found}")
                    ok = False
                values[key] = option.default
                continue
            try:
                values[key] = option.parse(raw[key])
            except schema.Invalid as e:
                problems.error(path, line, label, str(e))
                ok = False
        for key in raw:
            if key not in schema.NOTICE.options:
                problems.warning(path, located.line("notices", index, key), f"notices[{index}].{key}",
                                 f"unknown key, ignored (known keys: {', '.join(schema.NOTICE.options)})")
        start, end = values.get("start"), values.get("end")
        if start and end and end <= start:
            problems.error(path, located.line("notices", index, "end"), f"{values.get('id')}.end",
                           f"expected a moment after start ({start:%Y-%m-%d %H:%M} UTC), got {end:%Y-%m-%d %H:%M} UTC")
            ok = False
        notice_id = values.get("id")
        if notice_id and notice_id in seen:
            problems.error(path, located.line("notices", index, "id", default=item_line), f"notices[{index}].id",
                           f"'{notice_id}' is already the id of the notice on line {seen[notice_id]}; ids must be unique")
            ok = False
        if notice_id:
            seen.setdefault(notice_id, located.line("notices", index, "id", default=item_line))
        if ok:
            notices.append(Notice(
                id=notice_id,
                message=values["message"],
                icon=values["icon"],
                targeting=Targeting(values["audience"], values["country"], values["usertype"]),
                window=Window(start, end),
                line=item_line,
            ))
    return tuple(notices)
