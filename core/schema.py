"""Typed front matter schemas: each key declares its type once, for validation and for JSON Schema.

In the spirit of MkDocs' ``config_options``: an option parses a raw YAML value into a typed
value or raises ``Invalid`` with the message an editor reads ("expected ..., got ...").
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from . import targeting, vocabulary

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Invalid(ValueError):
    """A raw value that does not fit its option; the message is shown to the editor as is."""


def _shown(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if value is None:
        return "nothing"
    return repr(value)


class Option:
    required = False
    default: Any = None
    doc = ""

    def __init__(self, *, required: bool = False, default: Any = None, doc: str = ""):
        self.required = required
        self.default = default
        self.doc = doc

    def parse(self, value: Any) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict:
        raise NotImplementedError


class Text(Option):
    def parse(self, value):
        if not isinstance(value, str) or not value.strip():
            raise Invalid(f"expected a non-empty text, got {_shown(value)}")
        return value.strip()

    def json_schema(self):
        return {"type": "string", "minLength": 1}


class Slug(Option):
    def parse(self, value):
        if not isinstance(value, str) or not SLUG.match(value):
            raise Invalid(
                "expected a slug of lowercase letters, digits and single hyphens like "
                f"end-a-contract, got {_shown(value)}"
            )
        return value

    def json_schema(self):
        return {"type": "string", "pattern": SLUG.pattern}


class Choice(Option):
    def __init__(self, choices, **kw):
        super().__init__(**kw)
        self.choices = tuple(choices)

    def parse(self, value):
        if value not in self.choices:
            raise Invalid(f"expected one of {', '.join(self.choices)}, got {_shown(value)}")
        return value

    def json_schema(self):
        return {"enum": list(self.choices)}


class ListOf(Option):
    """A list of items; a single scalar is accepted as a list of one, as editors often write it."""

    def __init__(self, item: Option, *, min_items: int = 0, **kw):
        super().__init__(**kw)
        self.item = item
        self.min_items = min_items

    def parse(self, value):
        items = value if isinstance(value, list) else [value]
        if len(items) < self.min_items:
            raise Invalid(f"expected at least {self.min_items} item(s), got an empty list")
        parsed = []
        for index, item in enumerate(items):
            try:
                parsed.append(self.item.parse(item))
            except Invalid as e:
                raise Invalid(f"item {index + 1}: {e}" if len(items) > 1 else str(e)) from None
        return tuple(parsed)

    def json_schema(self):
        return {"type": "array", "items": self.item.json_schema(), "minItems": self.min_items}


class AllOr(Option):
    """``all`` or a list of allowed values (countries, usertypes, audiences for notices)."""

    def __init__(self, item: Option, **kw):
        super().__init__(default=targeting.ALL, **kw)
        self.list = ListOf(item, min_items=1)

    def parse(self, value):
        if isinstance(value, str) and value.strip().lower() == targeting.ALL:
            return targeting.ALL
        return self.list.parse(value)

    def json_schema(self):
        return {"anyOf": [{"const": targeting.ALL}, self.list.json_schema(), self.list.item.json_schema()]}


class Country(Option):
    def parse(self, value):
        if not isinstance(value, str) or value not in vocabulary.COUNTRIES:
            hint = ""
            if isinstance(value, str) and value.upper() in vocabulary.COUNTRIES:
                hint = f" (write it in capitals: {value.upper()})"
            raise Invalid(
                f"expected an ISO 3166-1 alpha-2 country code like US or GB, got {_shown(value)}{hint}"
            )
        return value

    def json_schema(self):
        return {"enum": sorted(vocabulary.COUNTRIES)}


class Moment(Option):
    """A date (00:00 UTC) or a datetime (UTC when no zone is given)."""

    def parse(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, (dt.date, dt.datetime, str)):
            try:
                return targeting.to_moment(value)
            except ValueError as e:
                raise Invalid(str(e)) from None
        raise Invalid(
            f"expected a date like 2027-01-31 or a datetime like 2027-01-31T09:00:00Z, got {_shown(value)}"
        )

    def json_schema(self):
        return {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "format": "date-time"},
                {"type": "null"},
            ]
        }


class Mapping(Option):
    """A nested mapping with its own schema (claims)."""

    def __init__(self, schema: "Schema", **kw):
        super().__init__(**kw)
        self.schema = schema

    def parse(self, value):
        if not isinstance(value, dict):
            raise Invalid(f"expected a mapping of {', '.join(self.schema.options)}, got {_shown(value)}")
        parsed, problems = {}, []
        for key, option in self.schema.options.items():
            if key not in value or value[key] is None:
                if option.required:
                    problems.append(f"{key}: is required")
                else:
                    parsed[key] = option.default
                continue
            try:
                parsed[key] = option.parse(value[key])
            except Invalid as e:
                problems.append(f"{key}: {e}")
        unknown = sorted(set(value) - set(self.schema.options))
        problems += [f"{key}: unknown key (expected one of {', '.join(self.schema.options)})" for key in unknown]
        if problems:
            raise Invalid("; ".join(problems))
        return parsed

    def json_schema(self):
        return self.schema.json_schema()


@dataclass
class Schema:
    title: str
    options: dict[str, Option]

    def json_schema(self) -> dict:
        return {
            "type": "object",
            "title": self.title,
            "properties": {
                key: {**option.json_schema(), **({"description": option.doc} if option.doc else {})}
                for key, option in self.options.items()
            },
            "required": [key for key, option in self.options.items() if option.required],
            "additionalProperties": False,
        }


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
    {
        "id": Slug(required=True, doc="Stable identifier and URL; unique across all articles."),
        "title": Text(required=True, doc="Page title."),
        "summary": Text(required=True, doc="One or two sentences shown under the title and in results."),
        "audience": ListOf(Choice(vocabulary.AUDIENCES), min_items=1, required=True, doc="Who the article is for."),
        "country": AllOr(Country(), doc="`all` or ISO 3166-1 alpha-2 country codes."),
        "usertype": AllOr(Choice(vocabulary.USERTYPES), doc="`all` or account types."),
        "valid_from": Moment(doc="First moment the article is published (bare date = 00:00 UTC)."),
        "valid_until": Moment(doc="First moment the article is no longer published."),
        "keywords": ListOf(Text(), default=(), doc="Extra search terms."),
        "visibility": Choice(vocabulary.VISIBILITIES, default="public", doc="`internal` is for support staff only."),
        "category": Choice(vocabulary.CATEGORIES, required=True, doc="Section of the site navigation."),
        "redirect_from": ListOf(Slug(), default=(), doc="Former ids whose URLs must keep working."),
        "claims": ListOf(Mapping(CLAIM), default=(), doc="Statements proven by a rule, or editorial."),
    },
)

NOTICE = Schema(
    "Help center notice",
    {
        "id": Slug(required=True, doc="Unique notice id; `global` is the notice for everyone."),
        "message": Text(required=True, doc="Markdown message, rendered to safe HTML."),
        "icon": Choice(tuple(vocabulary.ICONS), default="info", doc="Icon shown before the message."),
        "audience": AllOr(Choice(vocabulary.AUDIENCES), doc="`all` or a list of audiences."),
        "country": AllOr(Country(), doc="`all` or ISO 3166-1 alpha-2 country codes."),
        "usertype": AllOr(Choice(vocabulary.USERTYPES), doc="`all` or account types."),
        "start": Moment(doc="First moment the notice shows; empty = open."),
        "end": Moment(doc="First moment the notice no longer shows; empty = open."),
    },
)
