"""Typed schemas of everything editors write: one declaration per key, one validation loop, one JSON Schema.

Modelled on MkDocs' ``config_options`` and ``base.Config``: an option turns a raw YAML value into a
typed value (``run_validation``) or raises ``Invalid`` with the words an editor reads; an option may
also check itself against the other values (``post_validation``, e.g. a window end after its
start). ``Schema.validate`` is the only loop applying options: it reports every problem of a
document with its file, line and key, treats an empty value like a missing one, and reports unknown
keys as warnings with a did-you-mean. The JSON Schema of ``helpcenter schema`` is generated from the
same declarations, and ``tests/test_schema.py`` checks on a corpus that both accept the same
documents.
"""
from __future__ import annotations

import calendar
import copy
import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import targeting, vocabulary
from .languages import KNOWN as KNOWN_LANGUAGES, hint as language_hint

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# The moments editors may write, as one pattern shared by `check` and the JSON Schema, so both
# accept exactly the same texts: real calendar dates from 1970 to 9998 (February 29 only in leap
# years), optionally a time (00:00 to 23:59:59) and a zone (Z or +HH:MM).
_YEAR = r"(?:19[7-9]\d|[2-8]\d{3}|9[0-8]\d\d|99[0-8]\d|999[0-8])"
_LEAP_YEAR = r"(?:19(?:7[26]|8[048]|9[26])|[2-9]\d(?:0[48]|[2468][048]|[13579][26])|[2468][048]00|[3579][26]00)"
_MONTH_DAY = (r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])"
              r"|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
              r"|02-(?:0[1-9]|1\d|2[0-8]))")
_DATE = rf"(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)"
_TIME = r"(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)?"
MOMENT_PATTERN = rf"^\s*{_DATE}(?:[Tt ]{_TIME})?\s*$"
_MOMENT = re.compile(MOMENT_PATTERN)
_BLANK_PATTERN = r"^\s*$"
# In each validated nested document (a claim, a notice): the line it starts on, its list index.
LINE, INDEX = "_line", "_index"


class Invalid(ValueError):
    """A raw value that does not fit its option; the message is shown to the editor as is.

    ``at`` is where inside the value the problem is (e.g. ``(2,)`` for the third list item), so
    the error can name that item's line.
    """

    def __init__(self, message: str, at: tuple = ()):
        super().__init__(message)
        self.at = at


def shown(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def closest(word: Any, choices) -> str | None:
    """The choice an editor most likely meant, if one is close enough.

    >>> closest("keyword", ["keywords", "title"]), closest("colour", ["country", "title"])
    ('keywords', None)
    """
    if not isinstance(word, str):
        return None
    close = difflib.get_close_matches(word.lower(), [str(c) for c in choices], n=1, cutoff=0.7)
    return close[0] if close else None


def did_you_mean(word: Any, choices) -> str:
    """`` (did you mean 'x'?)`` for a close choice, else ''."""
    close = closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


def is_blank(value: Any) -> bool:
    """Missing, null and empty text all mean "not given", for every key of every document."""
    return value is None or (isinstance(value, str) and not value.strip())


class Option:
    """One key: its type, whether it is required, its default and its documentation. ``narrows``: a
    key whose absence shows the document to more people or for longer (a validity window, a draft
    flag, a country list), so a misspelt one is an error, not an ignored key."""

    def __init__(self, *, required: bool = False, default: Any = None, doc: str = "", narrows: bool = False):
        self.required = required
        self.default = default
        self.doc = doc
        self.narrows = narrows

    def run_validation(self, value: Any) -> Any:
        raise NotImplementedError

    def post_validation(self, values: dict, key: str) -> None:
        """Checks against the other values of the document, after every key was validated."""

    def validate(self, value: Any, where: "Where", key: str) -> Any:
        """Validate a present, non-empty value; options holding documents (claims) report inside."""
        return self.run_validation(value)

    def parse(self, value: Any) -> Any:
        """``run_validation`` for a value outside any document (a command-line option)."""
        return self.run_validation(value)

    def json_schema(self) -> dict:
        raise NotImplementedError


class Text(Option):
    """Plain text: rendered as text everywhere, never as HTML."""

    def __init__(self, *, what: str = "a non-empty text", **kw):
        super().__init__(**kw)
        self.what = what

    def run_validation(self, value):
        if not isinstance(value, str) or not value.strip():
            raise Invalid(f"expected {self.what}, got {shown(value)}")
        return value.strip()

    def json_schema(self):
        return {"type": "string", "pattern": r"\S"}


class Bool(Option):
    def run_validation(self, value):
        if not isinstance(value, bool):
            raise Invalid(f"expected true or false, got {shown(value)}")
        return value

    def json_schema(self):
        return {"type": "boolean"}


class Slug(Option):
    def run_validation(self, value):
        if not isinstance(value, str) or not SLUG.match(value):
            raise Invalid(
                "expected a slug of lowercase letters, digits and single hyphens like "
                f"end-a-contract, got {shown(value)}"
            )
        return value

    def json_schema(self):
        return {"type": "string", "pattern": SLUG.pattern}


class Choice(Option):
    def __init__(self, choices, **kw):
        super().__init__(**kw)
        self.choices = tuple(choices)

    def run_validation(self, value):
        if not isinstance(value, str) or value not in self.choices:
            raise Invalid(f"expected one of {', '.join(self.choices)}, got {shown(value)}"
                          f"{did_you_mean(value, self.choices)}")
        return value

    def json_schema(self):
        return {"enum": list(self.choices)}


class Country(Option):
    # Codes people write that ISO 3166-1 spells otherwise.
    FAMILIAR = {"UK": "GB", "EN": "GB", "USA": "US", "EL": "GR"}

    @classmethod
    def familiar_hint(cls, value) -> str:
        """`` (did you mean GB?)`` for a code people write that ISO 3166-1 spells otherwise, else ''
        (front matter and the API's ``country`` both say it)."""
        familiar = cls.FAMILIAR.get(value.upper()) if isinstance(value, str) else None
        return f" (did you mean {familiar}?)" if familiar else ""

    def run_validation(self, value):
        if not isinstance(value, str) or value not in vocabulary.COUNTRIES:
            hint = self.familiar_hint(value)
            if not hint and isinstance(value, str) and value.upper() in vocabulary.COUNTRIES:
                hint = f" (write it in capitals: {value.upper()})"
            raise Invalid(
                f"expected an ISO 3166-1 alpha-2 country code like US or GB, got {shown(value)}{hint}"
            )
        return value

    def json_schema(self):
        return {"enum": sorted(vocabulary.COUNTRIES)}


def calendar_hint(text: Any) -> str:
    """`` (did you mean 2027-01-31?)`` or `` (there is no month 13)`` for a moment that is not one,
    else '': front matter, the command line's ``--at`` and the API's ``at`` all say it, in the same words.

    >>> calendar_hint("31/01/2027"), calendar_hint("next week"), calendar_hint(None)
    (' (did you mean 2027-01-31?)', '', '')
    """
    reason = _calendar_reason(text) if isinstance(text, str) else ""
    return f" ({reason})" if reason else ""


def _calendar_reason(text: str) -> str:
    """Why a date-shaped text is not a moment of the calendar, in words (``there is no month 13``),
    or the date it most likely is, written the way dates are written here.

    >>> _calendar_reason("2026-13-01"), _calendar_reason("31/01/2027"), _calendar_reason("01.02.2027")
    ('there is no month 13', 'did you mean 2027-01-31?', 'did you mean 2027-02-01 (1 February) or 2027-01-02 (2 January)?')
    """
    other = re.fullmatch(r"\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*", text)
    if other:  # day and month the other way round, or the other order: both when either can be
        a, b, year = (int(g) for g in other.groups())
        dates = []
        for day, month in ((a, b), (b, a)):
            try:
                found = dt.date(year, month, day)
            except ValueError:
                continue
            if found not in dates:
                dates.append(found)
        if len(dates) == 1:
            return f"did you mean {dates[0]:%Y-%m-%d}?"
        if len(dates) == 2:
            return " or ".join(f"{d:%Y-%m-%d} ({d.day} {calendar.month_name[d.month]})" for d in dates).join(
                ("did you mean ", "?"))
        return ""
    m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?", text)
    if not m:
        return ""
    year, month, day = (int(g) for g in m.groups()[:3])
    hour, minute, second = (int(g) if g else 0 for g in m.groups()[3:])
    if not 1970 <= year <= 9998:
        return "years go from 1970 to 9998"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{calendar.month_name[month]} {year} has no day {day}"
    if hour > 23:
        return "hours go from 00 to 23"
    if minute > 59 or second > 59:
        return "minutes and seconds go from 00 to 59"
    return ""


class LanguageCode(Option):
    """A language code of ``core.languages.KNOWN`` (whether the help center is configured for it is
    checked against languages.yml by the loader that knows it)."""

    def run_validation(self, value):
        if not isinstance(value, str) or value not in KNOWN_LANGUAGES:
            hint = language_hint(value) or did_you_mean(value, KNOWN_LANGUAGES)
            raise Invalid(f"expected a language code like es or fr (one of {', '.join(KNOWN_LANGUAGES)}), "
                          f"got {shown(value)}{hint}")
        return value

    def json_schema(self):
        return {"enum": list(KNOWN_LANGUAGES)}


class Revision(Option):
    """A source revision: the 12 hex digits ``helpcenter translations stamp`` writes."""

    PATTERN = r"^[0-9a-f]{12}$"

    def run_validation(self, value):
        if not isinstance(value, str) or not re.match(self.PATTERN, value):
            raise Invalid("expected the 12 hexadecimal digits written by `helpcenter translations stamp` "
                          f"(never typed by hand), got {shown(value)}")
        return value

    def json_schema(self):
        return {"type": "string", "pattern": self.PATTERN}


class Moment(Option):
    """A date (00:00 UTC) or a datetime (UTC when no zone is given); ``after`` names a key it must follow."""

    def __init__(self, *, after: str | None = None, **kw):
        super().__init__(**kw)
        self.after = after

    def run_validation(self, value):
        if isinstance(value, (dt.date, dt.datetime)):
            return targeting.to_moment(value)
        if isinstance(value, str) and _MOMENT.match(value):
            return targeting.to_moment(value)
        raise Invalid(
            "expected a date like 2027-01-31 or a datetime like 2027-01-31T09:00:00Z, "
            f"got {shown(value)}{calendar_hint(value)}"
        )

    def post_validation(self, values, key):
        start, end = values.get(self.after), values.get(key)
        if self.after and start and end and end <= start:
            values[key] = None  # an empty window would hide the item without saying why
            raise Invalid(f"expected a moment after {self.after} ({start:%Y-%m-%d %H:%M} UTC), "
                          f"got {end:%Y-%m-%d %H:%M} UTC")

    def json_schema(self):
        return {"type": "string", "pattern": MOMENT_PATTERN}


class ListOf(Option):
    """A list of items; a single value is accepted as a list of one, as editors often write it
    (``keywords: refund``, ``audience: freelancer``)."""

    def __init__(self, item: Option, *, min_items: int = 0, single: bool = True, what: str = "items", **kw):
        super().__init__(**kw)
        self.item = item
        self.min_items = min_items
        self.single = single  # whether one value alone is read as a list of one
        self.what = what

    def _items(self, value):
        if not self.single and not isinstance(value, list):
            raise Invalid(f"expected a list of {self.what} (lines starting with '- '), got {shown(value)}")
        items = value if isinstance(value, list) else [value]
        if len(items) < self.min_items:
            raise Invalid(f"expected at least {self.min_items} item(s), got an empty list")
        return items

    def run_validation(self, value):
        items = self._items(value)
        parsed = []
        for index, item in enumerate(items):
            try:
                parsed.append(self.item.run_validation(item))
            except Invalid as e:
                raise Invalid(f"item {index + 1}: {e}" if len(items) > 1 else str(e),
                              (index,) if isinstance(value, list) else ()) from None
        return tuple(parsed)

    def validate(self, value, where, key):
        items = self._items(value)
        parsed, failed = [], False
        for index, item in enumerate(items):
            at = (key, index) if isinstance(value, list) else (key,)
            if not isinstance(self.item, Document):  # each bad item reported on its own line
                try:
                    parsed.append(self.item.run_validation(item))
                except Invalid as e:
                    where.error(at, key, f"item {index + 1}: {e}" if len(items) > 1 else str(e))
                    failed = True
                continue
            name_key = self.item.schema.label_by
            named = item.get(name_key) if name_key and isinstance(item, dict) else None
            named = named if isinstance(named, str) and SLUG.match(named) else None
            child = where.inside(at, f"{key}[{index}]", named, name_key)
            result = self.item.schema.validate(item, child)
            if result is not None and child.errors == 0:
                parsed.append({**result, LINE: child.line0, INDEX: index})
        # A list of plain values with a bad item is in error as a whole (an audience list missing
        # a value would target the wrong readers); documents in error are left out one by one.
        return None if failed else tuple(parsed)

    def json_schema(self):
        array = {"type": "array", "items": self.item.json_schema(), "minItems": self.min_items}
        return {"anyOf": [self.item.json_schema(), array]} if self.single else array


class AllOr(Option):
    """``all`` or a list of allowed values (countries, usertypes, audiences for notices)."""

    def __init__(self, item: Option, **kw):
        super().__init__(default=targeting.ALL, **kw)
        self.list = ListOf(item, min_items=1)

    def run_validation(self, value):
        if isinstance(value, str) and value.strip().lower() == targeting.ALL:
            return targeting.ALL
        return self.list.run_validation(value)

    def json_schema(self):
        return {"anyOf": [{"type": "string", "pattern": r"^\s*[aA][lL][lL]\s*$"}, *self.list.json_schema()["anyOf"]]}


class MappingOf(Option):
    """A mapping of free keys (aliases) to values of one option."""

    def __init__(self, key: Option, value: Option, *, what: str = "'filter-fl: freelancer'", **kw):
        super().__init__(**kw)
        self.key, self.value, self.what = key, value, what

    def run_validation(self, value):
        raise NotImplementedError  # only used through validate, which reports per entry

    def validate(self, value, where, key):
        if not isinstance(value, dict):
            raise Invalid(f"expected a mapping like {self.what}, got {shown(value)}")
        parsed = {}
        for name, raw in value.items():
            label = f"{key}.{name}"
            try:
                parsed_name = self.key.run_validation(name)
                parsed[parsed_name] = self.value.run_validation(raw)
            except Invalid as e:
                where.error((key, name, *e.at), label, str(e))
        return parsed

    def json_schema(self):
        return {"type": "object", "propertyNames": self.key.json_schema(),
                "additionalProperties": self.value.json_schema()}


class Word(Option):
    """A single word without spaces (a search alias)."""

    PATTERN = r"^\S+$"

    def run_validation(self, value):
        if not isinstance(value, str) or not re.match(self.PATTERN, value):
            raise Invalid(f"expected a single word without spaces, got {shown(value)}")
        return value.lower()

    def json_schema(self):
        return {"type": "string", "pattern": self.PATTERN}


class Document(Option):
    """A nested document with its own schema (a claim in front matter, a notice in notices.yml)."""

    def __init__(self, schema: "Schema", **kw):
        super().__init__(**kw)
        self.schema = schema

    def run_validation(self, value):
        raise NotImplementedError  # validated through ListOf.validate, which reports per key

    def json_schema(self):
        return self.schema.json_schema()


@dataclass
class Where:
    """Where a document sits: its file, the located YAML, the key path of the document inside it
    and the label prefix its keys are reported with (``claims[0].``)."""

    problems: Any
    path: Path
    located: Any
    base: tuple = ()
    label: str = ""
    line0: int | None = None  # the line of the document itself
    errors: int = 0
    named: str | None = None  # the document's own id, used as label for its other keys
    name_key: str | None = None
    parent: "Where | None" = None
    # After ``Schema.validate``: the keys of the document an error was reported on (a misspelt key
    # that narrows also names the key it stands for), so a loader can tell what it does not know.
    failed: frozenset = frozenset()

    def line(self, sub: tuple = ()) -> int | None:
        found = self.located.line(*self.base, *sub) if self.located is not None else None
        return found if found is not None else self.line0

    def key(self, key_label: str) -> str:
        prefix = self.named if self.named and key_label != self.name_key else self.label
        return f"{prefix}.{key_label}" if prefix else key_label

    def error(self, sub: tuple, key_label: str | None, message: str) -> None:
        self.errors += 1
        self.problems.error(self.path, self.line(sub), self.key(key_label) if key_label else (self.label or None), message)

    def warning(self, sub: tuple, key_label: str, message: str) -> None:
        self.problems.warning(self.path, self.line(sub), self.key(key_label), message)

    def inside(self, sub: tuple, label: str, named: str | None = None, name_key: str | None = None) -> "Where":
        child = Where(self.problems, self.path, self.located, self.base + sub, self.key(label),
                      self.line(sub), 0, named, name_key, self)
        return child


@dataclass
class Schema:
    title: str
    options: dict[str, Option]
    # How a document of this schema is named in messages once its id is known (notices: by id).
    label_by: str | None = None
    description: str = ""
    noun: str = "document"  # how a whole document is named in an error about it

    def validate(self, raw: Any, where: Where) -> dict | None:
        """The one validation loop: every problem reported through ``where``; the typed values (None
        for a key in error, the default for a missing one), or None when ``raw`` is not a mapping;
        ``where.failed`` then names the keys in error."""
        if not isinstance(raw, dict):
            where.error((), None if where.label else self.noun, f"expected a mapping of keys like {', '.join(list(self.options)[:3])}, "
                                  f"got {shown(raw)}")
            _propagate(where)
            return None
        located = where.located
        failed = set()
        if located is not None:
            for key_path, line in located.duplicate_keys:
                if key_path[:-1] == where.base:
                    where.problems.error(where.path, line, where.key(str(key_path[-1])), "appears twice; keep one")
                    where.errors += 1
                    failed.add(str(key_path[-1]))
        values: dict[str, Any] = {}
        for key, option in self.options.items():
            value, before = raw.get(key), where.errors
            if is_blank(value):
                if option.required:
                    found = "found no value" if key in raw else "found no such key"
                    where.error((key,) if key in raw else (), key, f"is required, {found}")
                    failed.add(key)
                values[key] = option.default
                continue
            try:
                values[key] = option.validate(value, where, key)
            except Invalid as e:
                where.error((key, *e.at), key, str(e))
                values[key] = None
            if where.errors > before:  # (also an error inside it: an item, an entry, a nested document)
                failed.add(key)
        for key, option in self.options.items():
            if values.get(key) is None:
                continue
            try:
                option.post_validation(values, key)
            except Invalid as e:
                where.error((key, *e.at), key, str(e))
                failed.add(key)
        for key in raw:
            if key not in self.options:
                hint = closest(str(key), self.options)
                if hint and self.options[hint].narrows:
                    failed |= {str(key), hint}
                    where.error((str(key),), str(key),
                                f"unknown key; did you mean '{hint}'? An error, not a warning: ignoring it would "
                                f"show this to more people or for longer than meant")
                    continue
                where.warning((str(key),), str(key),
                              f"unknown key, ignored; did you mean '{hint}'?" if hint
                              else f"unknown key, ignored (known keys: {', '.join(self.options)})")
        where.failed = frozenset(failed)
        _propagate(where)
        return values

    def json_schema(self) -> dict:
        def optional(schema):
            return {"anyOf": [schema, {"type": "null"}, {"type": "string", "pattern": _BLANK_PATTERN}]}

        properties = {}
        for key, option in self.options.items():
            body = option.json_schema() if option.required else optional(option.json_schema())
            if option.doc:
                body["description"] = option.doc
            properties[key] = body
        document = {"type": "object", "title": self.title}
        if self.description:
            document["description"] = self.description
        return {
            **document,
            "properties": properties,
            "required": [key for key, option in self.options.items() if option.required],
            "additionalProperties": False,
        }


def _propagate(where: Where) -> None:
    parent = where.parent
    if parent is not None:
        parent.errors += where.errors


CLAIM = Schema(
    "Claim",
    {
        "id": Slug(required=True, doc="Stable answer id, unique within the article."),
        "anchor": Slug(required=True, doc="The {#anchor} of the section that states the claim."),
        "text": Text(required=True, doc="The claim, as support agents will quote it."),
        "rule": Text(required=True, doc="A rule id from rules_engine, or `editorial`."),
    },
)

ARTICLE = Schema(
    "Help center article front matter",
    noun="front matter",
    options={
        "id": Slug(required=True, doc="Stable identifier and URL; unique across all articles."),
        "title": Text(required=True, doc="Page title (plain text)."),
        "summary": Text(required=True, doc="One or two sentences shown under the title and in results (plain text)."),
        "audience": ListOf(Choice(vocabulary.AUDIENCES), min_items=1, required=True, doc="Who the article is for."),
        "country": AllOr(Country(), narrows=True, doc="`all` or ISO 3166-1 alpha-2 country codes."),
        "usertype": AllOr(Choice(vocabulary.USERTYPES), narrows=True, doc="`all` or account types."),
        "valid_from": Moment(narrows=True, doc="First moment the article is published (bare date = 00:00 UTC)."),
        "valid_until": Moment(after="valid_from", narrows=True, doc="First moment the article is no longer published."),
        "keywords": ListOf(Text(), default=(), doc="Extra search terms."),
        "visibility": Choice(vocabulary.VISIBILITIES, default="public", narrows=True, doc="`internal` is for support staff only."),
        "draft": Bool(default=False, narrows=True, doc="`true` while the article is being written: never published."),
        "category": Choice(vocabulary.CATEGORIES, required=True, doc="Section of the site navigation."),
        "redirect_from": ListOf(Slug(), default=(), doc="Former ids whose URLs must keep working."),
        "claims": ListOf(Document(CLAIM), default=(), single=False, what="claims", doc="Statements proven by a rule, or editorial."),
    },
)

LANGUAGE = Schema(
    "Help center language",
    {
        "code": LanguageCode(required=True, doc="Language code: the URL prefix (/es/) and the folder content/translations/es/."),
        "name": Text(doc="The language's own name, shown in the language switcher (default: from the table of known languages)."),
    },
)

LANGUAGES_FILE = Schema(
    "Help center languages file (content/languages.yml)",
    noun="languages",
    options={"languages": ListOf(Document(LANGUAGE), min_items=1, required=True, single=False, what="languages",
                                 doc="The languages, the source language (the one articles are written in) first.")},
)


TRANSLATED_CLAIM = Schema(
    "Translated claim",
    {
        "id": Slug(required=True, doc="The id of a claim of the source article."),
        "text": Text(required=True, doc="The claim, in the translation's language."),
        "anchor": Slug(doc="Optional: if given, must equal the source claim's anchor."),
        "rule": Text(doc="Optional: if given, must equal the source claim's rule."),
    },
)

# Keys a translation takes from its source article. A translation may repeat them (translators copy
# front matter), but a value that disagrees with the source is an error.
INHERITED = ("id", "audience", "country", "usertype", "valid_from", "valid_until", "visibility", "category")


def _inherited(option: Option) -> Option:
    repeated = copy.copy(option)
    repeated.required, repeated.default = False, None  # None: not repeated, so nothing to compare
    repeated.narrows = False  # left out, the source's value applies
    repeated.doc = "Inherited from the source article; if repeated here, it must equal the source's value."
    return repeated


TRANSLATION = Schema(
    "Help center translation front matter (content/translations/<lang>/<id>.md)",
    noun="front matter",
    options={
        "translation_of": Slug(required=True, doc="The source article's id; the file is named after it."),
        "source_revision": Revision(doc="The source revision this translation follows; written by "
                                        "`helpcenter translations stamp`, never typed."),
        "title": Text(required=True, doc="Page title, translated (plain text)."),
        "summary": Text(required=True, doc="The summary, translated (plain text)."),
        "keywords": ListOf(Text(), default=(), doc="Extra search terms, in the translation's language."),
        "claims": ListOf(Document(TRANSLATED_CLAIM), default=(), single=False, what="claims",
                         doc="One entry per claim of the source: its id and the translated text."),
        "draft": Bool(default=False, narrows=True, doc="`true` while the translation is being written: never published."),
        **{key: _inherited(ARTICLE.options[key]) for key in INHERITED},
    },
)

NOTICE = Schema(
    "Help center notice",
    {
        "id": Slug(required=True, doc="Unique notice id; `global` is the notice for everyone."),
        "message": Text(required=True, doc="Markdown message, rendered to safe HTML."),
        "icon": Choice(tuple(vocabulary.ICONS), default="info", doc="Icon shown before the message."),
        "audience": AllOr(Choice(vocabulary.AUDIENCES), narrows=True, doc="`all` or a list of audiences."),
        "country": AllOr(Country(), narrows=True, doc="`all` or ISO 3166-1 alpha-2 country codes."),
        "usertype": AllOr(Choice(vocabulary.USERTYPES), narrows=True, doc="`all` or account types."),
        "start": Moment(narrows=True, doc="First moment the notice shows; empty = open."),
        "end": Moment(after="start", narrows=True, doc="First moment the notice no longer shows; empty = open."),
        "draft": Bool(default=False, narrows=True, doc="`true` while the notice is being written: never shown."),
        "translations": MappingOf(LanguageCode(), Text(), what="'es: Mensaje en español'", default={},
                                  doc="The message in other languages of languages.yml, Markdown like `message`: "
                                      "`es: ...`. A language left out shows `message`."),
    },
    label_by="id",
)

NOTICES_FILE = Schema(
    "Help center notices file (content/notices.yml)",
    noun="notices",
    options={"notices": ListOf(Document(NOTICE), default=(), single=False, what="notices", doc="The banner notices.")},
)

SYNONYMS_FILE = Schema(
    "Help center synonyms file (content/synonyms.yml)",
    noun="synonyms",
    options={
        "synonyms": ListOf(Text(what="a line like 'quit, resign' or 'fire => end contract'"), default=(), single=False, what="lines like 'quit, resign'", doc="Lines like `quit, resign` or `fire => end contract`."),
        "aliases": MappingOf(Word(), Choice(vocabulary.AUDIENCES), default={},
                             doc="Words that filter a query by audience: `filter-cl: client`."),
        "languages": MappingOf(LanguageCode(), ListOf(Text(what="a line like 'terminar contrato, cancelar contrato'"), single=False,
                                              what="lines like 'terminar contrato, cancelar contrato'"),
                               what="'es:' followed by lines like '- terminar contrato, cancelar contrato'", default={},
                               doc="The lines of each other language, by language code (`es:`, `fr:`), written like `synonyms:`."),
        "bridges": MappingOf(LanguageCode(), ListOf(Text(what="a line like 'impuestos, formulario fiscal => tax form'"), single=False,
                                            what="lines like 'impuestos, formulario fiscal => tax form'"),
                             what="'es:' followed by lines like '- impuestos => tax form'", default={},
                             doc="Words of another language (`es:`) that lead to English articles no translation "
                                 "answers yet: `impuestos, formulario fiscal => tax form` also searches the English "
                                 "words after that language's own results."),
    },
)

SCHEMAS = {"article": ARTICLE, "translation": TRANSLATION, "notice": NOTICE, "notices": NOTICES_FILE,
           "synonyms": SYNONYMS_FILE, "languages": LANGUAGES_FILE}
