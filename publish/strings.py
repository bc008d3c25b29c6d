"""The site's own interface strings per language, from ``publish/locales/<lang>.yml``.

Material translates its own interface (``theme.language``); everything our templates and scripts
say comes from these catalogues. English (``en.yml``) is the reference: every other catalogue has
the same keys with the same ``{placeholders}``, and the categories of ``core.vocabulary`` (whose
English titles live there) under ``categories:``. A key missing from a catalogue falls back to
English and the build says so (``catalogue_problems``); the tests require complete catalogues for
every configured language.
"""
from __future__ import annotations

import datetime as dt
import string
from functools import lru_cache
from pathlib import Path

import yaml
from markupsafe import Markup, escape

from core import vocabulary

LOCALES = Path(__file__).resolve().parent / "locales"
SOURCE = "en"
COUNT_FORMS = ("one", "other")
JS_PREFIX = "js."


def _flatten(data, prefix="") -> dict:
    flat = {}
    for key, value in (data or {}).items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and set(value) <= set(COUNT_FORMS) and value:
            flat[name] = {form: str(value[form]) for form in value}
        elif isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict:
    """The flattened catalogue of ``lang`` (``{"home.title": "..."}``); {} when there is none."""
    path = LOCALES / f"{lang}.yml"
    if not path.is_file():
        return {}
    return _flatten(yaml.safe_load(path.read_text(encoding="utf-8")))


def placeholders(text) -> set[str]:
    """The ``{names}`` a string (or each form of a count) expects.

    >>> sorted(placeholders("All {count} articles in {category}"))
    ['category', 'count']
    """
    texts = text.values() if isinstance(text, dict) else [text]
    return {name for t in texts for _, name, _, _ in string.Formatter().parse(t) if name}


def required_keys(lang: str) -> dict:
    """What a catalogue must hold: English's keys, and for another language each category's title
    and description."""
    keys = {k: v for k, v in catalogue(SOURCE).items() if not k.startswith("categories.")}
    if lang != SOURCE:
        for slug in vocabulary.CATEGORIES:
            keys[f"categories.{slug}.title"] = vocabulary.CATEGORY_TITLES[slug]
            keys[f"categories.{slug}.description"] = vocabulary.CATEGORY_DESCRIPTIONS[slug]
    return keys


def catalogue_problems(lang: str) -> list[str]:
    """``publish/locales/<lang>.yml: key: ...`` for each key missing, unknown, with other
    placeholders than English, or a count without both forms."""
    name = f"publish/locales/{lang}.yml"
    if not (LOCALES / f"{lang}.yml").is_file():
        return [f"{name}: missing; the site shows English interface strings on the {lang} pages"]
    have, need = catalogue(lang), required_keys(lang)
    problems = [f"{name}: {key}: missing (English: {_show(need[key])})" for key in need if key not in have]
    problems += [f"{name}: {key}: not a key of en.yml" for key in have if key not in need]
    for key in [k for k in need if k in have]:
        if isinstance(need[key], dict) != isinstance(have[key], dict) or (
                isinstance(have[key], dict) and set(have[key]) != set(COUNT_FORMS)):
            problems.append(f"{name}: {key}: expected {'one/other forms' if isinstance(need[key], dict) else 'a string'}")
        elif placeholders(have[key]) != placeholders(need[key]):
            problems.append(f"{name}: {key}: placeholders {sorted(placeholders(have[key]))}, "
                            f"expected {sorted(placeholders(need[key]))} as in English")
    return problems


def _show(value) -> str:
    return repr(value["other"] if isinstance(value, dict) else value)


def _one(lang: str, count: int) -> bool:
    """Whether ``count`` takes the singular: 1, and in French also 0."""
    return count in (0, 1) if lang == "fr" else count == 1


class Strings:
    """The interface strings of one language: ``strings("cards.count", count=3)``.

    Calls return Markup with the values escaped (safe in any template); ``text`` returns plain
    text (for Markdown front matter and scripts)."""

    def __init__(self, lang: str):
        self.lang = lang
        self._own = catalogue(lang)
        self._source = catalogue(SOURCE)

    def _raw(self, key: str):
        if key in self._own:
            return self._own[key]
        if key.startswith("categories.") and self.lang == SOURCE:
            slug, field = key.split(".")[1:]
            table = vocabulary.CATEGORY_TITLES if field == "title" else vocabulary.CATEGORY_DESCRIPTIONS
            return table[slug]
        return self._source[key]  # a KeyError names a key that is in no catalogue

    def _pick(self, key: str, count):
        raw = self._raw(key)
        if isinstance(raw, dict):
            if count is None:
                raise TypeError(f"{key}: a count string needs count=")
            return raw["one" if _one(self.lang, count) else "other"]
        return raw

    def text(self, key: str, count: int | None = None, **values) -> str:
        if count is not None:
            values["count"] = count
        return self._pick(key, count).format(**values)

    def __call__(self, key: str, count: int | None = None, **values) -> Markup:
        if count is not None:
            values["count"] = count
        return Markup(escape(self._pick(key, count))).format(**values)

    def date(self, day: dt.date) -> str:
        """A date written the language's way ("December 2, 2026", "2 de diciembre de 2026")."""
        from babel.dates import format_date

        return format_date(day, "long", locale=self.lang)

    def category(self, slug: str) -> dict:
        return {"title": self._raw(f"categories.{slug}.title"),
                "description": self._raw(f"categories.{slug}.description")}

    def js(self) -> dict:
        """The strings the site's scripts read (``js.*`` keys, without the prefix)."""
        keys = [k for k in self._source if k.startswith(JS_PREFIX)]
        return {k[len(JS_PREFIX):]: self._raw(k) for k in keys}


@lru_cache(maxsize=None)
def strings(lang: str) -> Strings:
    return Strings(lang)

