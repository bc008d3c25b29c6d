"""The languages of the help center: ``content/languages.yml``, checked against the languages we can serve.

The first language of the file is the source language: every article is written in it and
published at ``/<id>/``; the others are translations of it, published at ``/<lang>/<id>/``.
Without a languages.yml the help center is English only.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

LANGUAGES_FILE = "languages.yml"


@dataclass(frozen=True)
class Language:
    code: str  # "es": the URL prefix, the folder content/translations/es/, hreflang
    name: str  # "Español": the language's own name, as the language switcher shows it
    stemmer: str  # the Whoosh (Snowball) language name: "spanish"
    theme: str  # Material for MkDocs' theme.language: "es"


# The languages we can serve: a Whoosh stemmer and stop words, and Material's interface strings,
# exist for each. Left-to-right scripts only (the site's layout is not mirrored).
KNOWN = {
    language.code: language
    for language in (
        Language("en", "English", "english", "en"),
        Language("es", "Español", "spanish", "es"),
        Language("fr", "Français", "french", "fr"),
        Language("de", "Deutsch", "german", "de"),
        Language("it", "Italiano", "italian", "it"),
        Language("pt", "Português", "portuguese", "pt"),
        Language("nl", "Nederlands", "dutch", "nl"),
        Language("da", "Dansk", "danish", "da"),
        Language("sv", "Svenska", "swedish", "sv"),
        Language("nb", "Norsk bokmål", "norwegian", "nb"),
        Language("fi", "Suomi", "finnish", "fi"),
        Language("hu", "Magyar", "hungarian", "hu"),
        Language("ro", "Română", "romanian", "ro"),
        Language("ru", "Русский", "russian", "ru"),
        Language("tr", "Türkçe", "turkish", "tr"),
    )
}
ENGLISH = KNOWN["en"]

# What editors write for a language instead of its code: ISO 639-2 codes, English and native names.
FAMILIAR = {
    **{language.stemmer: code for code, language in KNOWN.items()},
    **{language.name.lower(): code for code, language in KNOWN.items()},
    "eng": "en", "spa": "es", "sp": "es", "esp": "es", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de",
    "ita": "it", "por": "pt", "nld": "nl", "dut": "nl", "dan": "da", "swe": "sv", "nob": "nb", "nor": "nb",
    "no": "nb", "fin": "fi", "hun": "hu", "ron": "ro", "rum": "ro", "rus": "ru", "tur": "tr",
    "castellano": "es", "norwegian bokmål": "nb", "norsk": "nb",
}


def hint(value) -> str:
    """`` (did you mean es?)``-style help for a language code we do not know, else ''.

    >>> hint("ES"), hint("es-MX"), hint("spanish"), hint("de"), hint("xx")
    (' (write it in lowercase: es)', ' (write the language without a region: es)', ' (did you mean es?)', '', '')
    """
    if not isinstance(value, str) or value in KNOWN:
        return ""
    text = value.strip()
    if text.lower() in KNOWN:
        return f" (write it in lowercase: {text.lower()})"
    base = text.replace("_", "-").split("-")[0].lower()
    if base in KNOWN and base != text.lower():
        return f" (write the language without a region: {base})"
    if text.lower() in FAMILIAR:
        return f" (did you mean {FAMILIAR[text.lower()]}?)"
    return ""
DEFAULT = (ENGLISH,)


def load_languages(root: Path, problems) -> tuple[Language, ...]:
    """The languages of ``root/languages.yml`` (validated by ``schema.LANGUAGES_FILE``), the source
    language first; English only when the file does not exist or has an error."""
    # Imported here: core.schema declares the language code option from KNOWN above.
    from dataclasses import replace

    from . import schema, yamlfile

    path = Path(root) / LANGUAGES_FILE
    if not path.exists():
        return DEFAULT
    located = yamlfile.read(path, problems, "languages", root=root)
    if located is None:
        return DEFAULT
    if not isinstance(located.data, dict) or "languages" not in located.data:
        problems.error(path, located.line(default=1), "languages",
                       "expected a top-level 'languages:' list like '- {code: en, name: English}'")
        return DEFAULT
    values = schema.LANGUAGES_FILE.validate(located.data, schema.Where(problems, path, located, line0=1))
    found, seen, first_ok = [], {}, False
    for item in values["languages"] or ():
        index, code = item[schema.INDEX], item["code"]
        line = located.line("languages", index, "code")
        if code in seen:
            problems.error(path, line, f"languages[{index}].code",
                           f"'{code}' is already listed on line {seen[code]}; list each language once")
            continue
        seen[code] = line
        first_ok = first_ok or index == 0
        known = KNOWN[code]
        found.append(replace(known, name=item["name"]) if item["name"] else known)
    if not first_ok:  # the source language is in error: articles stay English, the error says why
        return DEFAULT
    return tuple(found)
