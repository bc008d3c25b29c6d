"""Translations: languages.yml, translation files as localized Articles, validation against the
source, source revisions, staleness, and the `helpcenter translations` commands."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from conftest import write_article
from core import translations
from core.content import check_links, load_content
from core.languages import ENGLISH, KNOWN
from core.problems import Problems
from core.targeting import to_moment
from helpcenter import cli

SOURCE_FRONT = """
id: end-it
title: End a contract
summary: How to end a contract.
audience: [freelancer, agency]
country: [US, GB]
valid_from: 2026-01-01
valid_until: 2027-01-01
keywords: [end contract, quit]
category: contracts
claims:
  - id: any-time
    anchor: when
    text: Either side can end a contract at any time.
    rule: editorial
"""
SOURCE_BODY = """
Ending a contract closes it for both sides.

## When can I end it? {#when}

At any time.

## What happens to the money? {#money}

Released payments stay yours. See [pausing](pause-it.md#how).
"""
LANGUAGES = "languages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\n  - {code: fr, name: Français}\n"


def translation_text(revision: str | None = None, *, extra: str = "", body: str | None = None,
                     of: str = "end-it", claims: str | None = None) -> str:
    stamp = f'source_revision: "{revision}"\n' if revision else ""
    claims = claims if claims is not None else "claims:\n  - {id: any-time, text: Cualquiera de las partes puede terminarlo.}\n"
    front = (f"translation_of: {of}\n{stamp}title: Terminar un contrato\nsummary: Cómo terminar un contrato.\n"
             f"keywords: [terminar contrato]\n{claims}{extra}")
    body = body if body is not None else (
        "\nTerminar un contrato lo cierra para las dos partes.\n\n## ¿Cuándo? {#when}\n\nEn cualquier momento.\n\n"
        "## ¿Y el dinero? {#money}\n\nLos pagos liberados son tuyos.\n")
    return "---\n" + front + "---\n" + body


@pytest.fixture
def tree(content_tree):
    """A source article (and the one it links to) in en, with es and fr configured."""
    (content_tree / "languages.yml").write_text(LANGUAGES, encoding="utf-8")
    write_article(content_tree, "contracts/end-it.md", SOURCE_FRONT, SOURCE_BODY)
    write_article(content_tree, "contracts/pause-it.md", "id: pause-it\ntitle: Pause\nsummary: Pause it.\n"
                  "audience: [freelancer]\ncategory: contracts\n", "Text.\n\n## How {#how}\n\nLike this.\n")
    return content_tree


def write_translation(root: Path, lang: str, name: str, text: str) -> Path:
    path = root / "translations" / lang / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_stamped(root: Path, lang: str, name: str, **kw) -> Path:
    """A translation stamped against the current source, its revision recorded in sources.yml."""
    path = write_translation(root, lang, name, translation_text(current_revision(root), **kw))
    translations.write_ledger(root, load_content(root, Problems()).by_id())
    return path


def current_revision(root: Path, article_id: str = "end-it") -> str:
    return translations.source_revision(load_content(root, Problems()).by_id()[article_id])


def loaded(root: Path):
    problems = Problems()
    content = load_content(root, problems)
    check_links(content, problems, to_moment("2026-06-01"))
    return content, [str(p).replace(str(root) + "/", "") for p in problems.items]


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- languages.yml -----------------------------------------------------------------------------

def test_without_languages_yml_the_help_center_is_english_only(content_tree):
    write_article(content_tree, "a.md", "id: a\ntitle: A\nsummary: S.\naudience: [client]\ncategory: contracts\n")
    content, problems = loaded(content_tree)
    assert problems == []
    assert content.languages == (ENGLISH,)
    assert content.translations == ()
    assert content.in_language("en") == content.articles
    assert content.articles[0].lang == "en" and content.articles[0].url == "/a/"


def test_languages_come_from_the_table_with_the_names_of_the_file(tree):
    (tree / "languages.yml").write_text("languages:\n  - {code: en}\n  - {code: es, name: Castellano}\n", encoding="utf-8")
    content, problems = loaded(tree)
    assert problems == []
    assert [(l.code, l.name, l.stemmer, l.theme) for l in content.languages] == [
        ("en", "English", "english", "en"), ("es", "Castellano", "spanish", "es")]


@pytest.mark.parametrize("code, said", [
    ("sp", "got 'sp' (did you mean es?)"),
    ("ES", "got 'ES' (write it in lowercase: es)"),
    ("es-MX", "got 'es-MX' (write the language without a region: es)"),
    ("french", "got 'french' (did you mean fr?)"),
    ("xx", "got 'xx'"),
])
def test_an_unknown_language_code_names_its_line(tree, code, said):
    (tree / "languages.yml").write_text(f"languages:\n  - {{code: en}}\n  - {{code: {code}}}\n", encoding="utf-8")
    content, problems = loaded(tree)
    assert problems == [f"languages.yml:3: languages[1].code: expected a language code like es or fr (one of "
                        f"{', '.join(KNOWN)}), {said}"]
    assert [l.code for l in content.languages] == ["en"]


def test_a_language_listed_twice_and_a_bad_file(tree):
    (tree / "languages.yml").write_text("languages:\n  - {code: en}\n  - {code: es}\n  - {code: es}\n", encoding="utf-8")
    assert loaded(tree)[1] == ["languages.yml:4: languages[2].code: 'es' is already listed on line 3; list each language once"]
    (tree / "languages.yml").write_text("langs: [en]\n", encoding="utf-8")
    assert loaded(tree)[1] == [
        "languages.yml:1: languages: expected a top-level 'languages:' list like '- {code: en, name: English}'"]


def test_an_article_id_cannot_be_a_language_code(tree):
    write_article(tree, "es.md", "id: es\ntitle: Spain\nsummary: S.\naudience: [client]\ncategory: contracts\n")
    assert loaded(tree)[1] == [
        "articles/es.md:2: id: 'es' is the code of a language of languages.yml: /es/ is that language's home page; "
        "choose another id"]


# -- a translation as a localized Article ------------------------------------------------------

def test_a_stamped_translation_is_the_source_with_translated_text(tree):
    path = write_stamped(tree, "es", "end-it.md")
    content, problems = loaded(tree)
    assert problems == []
    source, spanish = content.by_id()["end-it"], content.translation("es", "end-it")
    assert (spanish.id, spanish.lang, spanish.url, spanish.title, spanish.keywords) == (
        "end-it", "es", "/es/end-it/", "Terminar un contrato", ("terminar contrato",))
    # Targeting, window, visibility and category are the source's: core.targeting decides for both.
    assert (spanish.targeting, spanish.window, spanish.visibility, spanish.category) == (
        source.targeting, source.window, source.visibility, source.category)
    assert [(c.id, c.anchor, c.rule, c.text) for c in spanish.claims] == [
        ("any-time", "when", "editorial", "Cualquiera de las partes puede terminarlo.")]
    assert [s.anchor for s in spanish.sections] == ["when", "money"]
    assert spanish.source == path and spanish.intro == "Terminar un contrato lo cierra para las dos partes."
    assert spanish.translation == translations.TranslationInfo(
        "end-it", current_revision(tree), "current", path, (), current_revision(tree), (), True)
    assert source.lang == "en" and source.translation is None and source.url == "/end-it/"
    assert content.in_language("es") == (spanish,) and content.in_language("fr") == ()
    assert content.translation("fr", "end-it") is None and content.translation("es", "pause-it") is None
    assert content.translations_of("end-it") == (spanish,)


def test_an_id_two_articles_share_leaves_its_translations_unjudged(tree):
    # The copy's title and body made the Spanish translation "outdated" against the wrong article:
    # re-stamping it, as the warning asked, would have stamped the copy's text.
    write_stamped(tree, "es", "end-it.md")
    write_article(tree, "payments/copy.md", "id: end-it\ntitle: A copy\nsummary: S.\naudience: [client]\n"
                  "category: payments\n", "Another text.\n")
    _, problems = loaded(tree)
    assert problems == [
        "articles/contracts/end-it.md:2: id: 'end-it' is also the id of articles/payments/copy.md; ids must be unique",
        "articles/payments/copy.md:2: id: 'end-it' is also the id of articles/contracts/end-it.md; ids must be unique",
    ]


def test_an_id_two_articles_share_keeps_its_translations(tree):
    # The user test: a second file with `id: end-a-contract` made its translations vanish (24 became
    # 22) and the notice linking to /es/end-a-contract/ failed: errors beyond the duplicate id.
    spanish = write_stamped(tree, "es", "end-it.md")  # follows the original: judged against it
    original = current_revision(tree)
    write_translation(tree, "fr", "end-it.md", translation_text("0123456789ab"))  # follows neither: unjudged
    write_article(tree, "payments/copy.md", "id: end-it\ntitle: A copy\nsummary: S.\naudience: [client]\n"
                  "category: payments\n", "Another text.\n")
    (tree / "notices.yml").write_text(
        "notices:\n  - id: global\n    message: See [it](/end-it/).\n    translations:\n"
        "      es: Lee [esto](/es/end-it/).\n      fr: Lisez [ceci](/fr/end-it/#money).\n", encoding="utf-8")
    content, problems = loaded(tree)
    assert problems == [
        "articles/contracts/end-it.md:2: id: 'end-it' is also the id of articles/payments/copy.md; ids must be unique",
        "articles/payments/copy.md:2: id: 'end-it' is also the id of articles/contracts/end-it.md; ids must be unique",
    ]
    assert [(t.lang, t.source, t.category) for t in content.translations_of("end-it")] == [
        ("es", spanish, "contracts"), ("fr", tree / "translations" / "fr" / "end-it.md", "contracts")]
    # Judged against the article it follows: its own mistakes are still named.
    write_translation(tree, "es", "end-it.md", translation_text(original, body="\nTexto.\n\n## ¿Cuándo? {#when}\n\nSiempre.\n"))
    assert loaded(tree)[1][2:] == [
        "translations/es/end-it.md:10: body: expected every anchor of end-it, missing: #money "
        "(the source's anchors in order: #when, #money)"]


def test_a_translation_is_published_when_its_source_is_and_it_is_not_a_draft(tree):
    write_stamped(tree, "es", "end-it.md")
    write_stamped(tree, "fr", "end-it.md", extra="draft: true\n")
    content, problems = loaded(tree)
    assert problems == []
    inside, before, after = to_moment("2026-06-01"), to_moment("2025-12-31"), to_moment("2027-01-01")
    assert [a.url for a in content.published_in("es", inside)] == ["/es/end-it/"]
    assert content.published_in("es", before) == () and content.published_in("es", after) == ()
    assert content.published_in("fr", inside) == ()
    assert [a.id for a in content.published_in("en", inside)] == ["end-it", "pause-it"]
    assert [t.lang for t in content.translations_of("end-it")] == ["es", "fr"]  # languages.yml's order
    assert content.translations_of("pause-it") == ()


def test_an_internal_or_draft_source_keeps_its_translations_unpublished(tree):
    write_stamped(tree, "es", "end-it.md")
    source = tree / "articles" / "contracts" / "end-it.md"
    source.write_text(source.read_text().replace("category: contracts", "category: contracts\ndraft: true"))
    write_stamped(tree, "es", "end-it.md")
    content, _ = loaded(tree)
    assert content.translation("es", "end-it").draft
    assert content.published_in("es", to_moment("2026-06-01")) == ()


# -- validation --------------------------------------------------------------------------------

def test_an_unstamped_translation_says_which_command_to_run(tree):
    write_translation(tree, "es", "end-it.md", translation_text())
    content, problems = loaded(tree)
    assert problems == [
        "translations/es/end-it.md:2: source_revision: is missing: once the translation follows the current English "
        "source, run `helpcenter translations stamp es end-it` (it writes this line; never type it)"]
    assert content.translation("es", "end-it").translation.status == "unstamped"


def test_a_revision_typed_by_hand(tree):
    write_translation(tree, "es", "end-it.md", translation_text("abc"))
    assert loaded(tree)[1] == [
        "translations/es/end-it.md:3: source_revision: expected the 12 hexadecimal digits written by "
        "`helpcenter translations stamp` (never typed by hand), got 'abc'"]  # not also "is missing"


def test_unknown_language_folders(tree):
    write_translation(tree, "de", "end-it.md", translation_text())
    write_translation(tree, "sp", "end-it.md", translation_text())
    write_translation(tree, "en", "end-it.md", translation_text())
    assert loaded(tree)[1] == [
        "translations/de: language: expected a folder named after a language of languages.yml (es, fr), got 'de'; "
        "add the language to languages.yml or rename the folder",
        "translations/en: language: 'en' is the source language: its articles live in articles/, not in "
        "translations/en/ (translation folders: es, fr)",
        "translations/sp: language: expected a folder named after a language of languages.yml (es, fr), got 'sp' "
        "(did you mean es?); add the language to languages.yml or rename the folder",
    ]


def test_file_name_and_source(tree):
    write_stamped(tree, "es", "end-that.md")
    write_stamped(tree, "fr", "end-its.md", of="end-its")
    assert loaded(tree)[1] == [
        "translations/es/end-that.md:2: translation_of: expected 'end-that' (a translation file is named after its "
        "source article's id), got 'end-it'; rename the file to end-it.md or correct translation_of",
        "translations/fr/end-its.md:2: translation_of: expected the id of an article of articles/, got 'end-its' "
        "(did you mean 'end-it'?)",
    ]
    # A typo in translation_of of a file named after its article: no advice to rename the file after the typo.
    (tree / "translations" / "fr" / "end-its.md").unlink()
    write_stamped(tree, "fr", "end-it.md", of="end-itt")
    assert [p for p in loaded(tree)[1] if "/fr/" in p] == [
        "translations/fr/end-it.md:2: translation_of: expected the id of an article of articles/, got 'end-itt' "
        "(did you mean 'end-it'?)"]


def test_inherited_keys_may_be_repeated_but_must_agree(tree):
    same = "audience: [agency, freelancer]\ncountry: [GB, US]\nvalid_from: 2026-01-01\ncategory: contracts\nid: end-it\n"
    write_stamped(tree, "es", "end-it.md", extra=same)
    assert loaded(tree)[1] == []
    wrong = ("audience: [client]\ncountry: all\nvalid_until: 2027-02-01\nvisibility: internal\n"
             "category: payments\nusertype: [new]\n")
    write_stamped(tree, "es", "end-it.md", extra=wrong)
    inherited = "is inherited from the source: change it there, or delete this line"
    assert loaded(tree)[1] == [
        f"translations/es/end-it.md:9: audience: expected the source's value [freelancer, agency] "
        f"(articles/contracts/end-it.md:5), got [client]; audience {inherited}",
        f"translations/es/end-it.md:10: country: expected the source's value [US, GB] "
        f"(articles/contracts/end-it.md:6), got all; country {inherited}",
        f"translations/es/end-it.md:14: usertype: expected the source's value all (articles/contracts/end-it.md), "
        f"got [new]; usertype {inherited}",
        f"translations/es/end-it.md:11: valid_until: expected the source's value 2027-01-01T00:00:00+00:00 "
        f"(articles/contracts/end-it.md:8), got 2027-02-01T00:00:00+00:00; valid_until {inherited}",
        f"translations/es/end-it.md:12: visibility: expected the source's value public (articles/contracts/end-it.md), "
        f"got internal; visibility {inherited}",
        f"translations/es/end-it.md:13: category: expected the source's value contracts "
        f"(articles/contracts/end-it.md:10), got payments; category {inherited}",
    ]


def test_claims_must_match_the_source(tree):
    claims = ("claims:\n  - {id: anytime, text: Siempre.}\n  - {id: any-time, text: Siempre., rule: contract.x}\n"
              "  - {id: any-time, text: Otra vez., anchor: when}\n")
    write_stamped(tree, "es", "end-it.md", claims=claims)
    assert loaded(tree)[1] == [
        "translations/es/end-it.md:8: claims[0].id: expected the id of a claim of end-it (any-time), got 'anytime' "
        "(did you mean 'any-time'?)",
        "translations/es/end-it.md:9: claims[1].rule: expected the source claim's rule 'editorial', got 'contract.x'; "
        "it is inherited: delete it here or change it in end-it",
        "translations/es/end-it.md:10: claims[2].id: 'any-time' is translated twice; keep one",
    ]


def test_every_claim_is_translated_unless_draft(tree):
    write_stamped(tree, "es", "end-it.md", claims="")
    assert loaded(tree)[1] == [
        "translations/es/end-it.md:2: claims: expected a translation of every claim of end-it, missing: any-time "
        "(add '- {id: ..., text: ...}' for each, or keep draft: true)"]
    write_stamped(tree, "es", "end-it.md", claims="", extra="draft: true\n")
    content, problems = loaded(tree)
    assert problems == []
    assert content.translation("es", "end-it").claims[0].text == "Either side can end a contract at any time."


@pytest.mark.parametrize("body, expected", [
    ("\nIntro.\n\n## Cuándo {#when}\n\nYa.\n",
     ["translations/es/end-it.md:10: body: expected every anchor of end-it, missing: #money "
      "(the source's anchors in order: #when, #money)"]),
    ("\nIntro.\n\n## Dinero {#money}\n\nYa.\n\n## Cuándo {#when}\n\nYa.\n",
     ["translations/es/end-it.md:13: heading: expected the source's order of anchors (#when, #money), "
      "found #money where #when comes"]),
    ("\nIntro.\n\n## Cuándo {#cuando}\n\nYa.\n\n## Dinero {#mony}\n\nYa.\n",
     ["translations/es/end-it.md:13: heading: #cuando is not an anchor of end-it; anchors stay as in the source "
      "(#when, #money)",
      "translations/es/end-it.md:17: heading: #mony is not an anchor of end-it (did you mean 'money'?); anchors "
      "stay as in the source (#when, #money)",
      "translations/es/end-it.md:10: body: expected every anchor of end-it, missing: #when, #money "
      "(the source's anchors in order: #when, #money)"]),
    ("\nIntro.\n\n## Cuándo\n\nYa.\n\n## Dinero {#money}\n\nYa.\n",
     ["translations/es/end-it.md:13: heading: expected a stable anchor on every ## heading, like "
      "'## Cuándo {#cu-ndo}', found none",
      "translations/es/end-it.md:10: body: expected every anchor of end-it, missing: #when "
      "(the source's anchors in order: #when, #money)"]),
])
def test_anchors_are_the_sources_in_the_same_order(tree, body, expected):
    write_stamped(tree, "es", "end-it.md", body=body)
    assert loaded(tree)[1] == expected


def test_relative_links_of_a_translation_are_read_from_its_source_folder(tree):
    body = ("\nVer [pausa](pause-it.md#how) y [nada](pause-it.md#nope).\n\n## C {#when}\n\nYa.\n\n## D {#money}\n\nYa.\n")
    write_stamped(tree, "es", "end-it.md", body=body)
    content, problems = loaded(tree)
    assert problems == [
        "translations/es/end-it.md:11: body: expected #nope to be an anchor of pause-it, found no such ## heading"]
    link = content.translation("es", "end-it").links[0]
    assert (link.path, link.anchor) == (tree / "articles" / "contracts" / "pause-it.md", "how")


def test_links_of_a_translation_are_checked(tree):
    body = ("\nVer [pausa](/es/pause-it/), [inglés](/pause-it/#how), [falta](/es/pause-it/#nope), "
            "[otro](/es/paus-it/) y [aquí](/es/end-it/#money).\n\n## C {#when}\n\nYa.\n\n## D {#money}\n\nYa.\n")
    write_stamped(tree, "es", "end-it.md", body=body)
    assert loaded(tree)[1] == [
        "translations/es/end-it.md:11: body: /es/pause-it/: pause-it has no Español translation; link to /pause-it/ instead",
        "translations/es/end-it.md:11: body: /es/pause-it/#nope: pause-it has no Español translation; link to "
        "/pause-it/ instead",
        "translations/es/end-it.md:11: body: /es/paus-it/: paus-it is not an article of this help center "
        "(did you mean /es/pause-it/?)",
    ]


# -- revisions, sources.yml and staleness ------------------------------------------------------

def test_the_revision_covers_the_text_readers_see_and_not_the_targeting(tree):
    before = current_revision(tree)
    source = tree / "articles" / "contracts" / "end-it.md"
    text = source.read_text()
    source.write_text(text.replace("country: [US, GB]", "country: [US]").replace("At any time.", "At any time.   "))
    assert current_revision(tree) == before  # targeting and trailing spaces are not part of it
    for old, new in [("title: End a contract", "title: End your contract"), ("At any time.", "Whenever."),
                     ("keywords: [end contract, quit]", "keywords: [end contract]"),
                     ("text: Either side", "text: Any side")]:
        source.write_text(text.replace(old, new))
        assert current_revision(tree) != before, old
    assert len(before) == 12 and int(before, 16) >= 0


def test_a_changed_source_makes_the_translation_outdated_with_what_changed(tree, capsys):
    write_translation(tree, "es", "end-it.md", translation_text("0" * 12))
    assert run(capsys, "translations", "stamp", "es", "end-it", "--content", str(tree))[0] == 0
    source = tree / "articles" / "contracts" / "end-it.md"
    source.write_text(source.read_text().replace("At any time.", "At any time, with notice.")
                      .replace("## What happens to the money? {#money}", "## Money {#money}\n\nNew text.\n\n## Fees {#fees}"))
    content, problems = loaded(tree)
    info = content.translation("es", "end-it").translation
    assert info.status == "outdated"
    assert info.changed_sections == ("when", "money", "fees")
    assert [(c.part, c.key, c.kind) for c in info.changes] == [
        ("section", "when", "changed"), ("section", "money", "changed"), ("section", "fees", "added")]
    assert info.changes[0].diff() == ["@@ -2,2 +2,2 @@", " ", "-At any time.", "+At any time, with notice."]
    assert problems == [
        f"translations/es/end-it.md:3: warning: source_revision: outdated: the source end-it changed since this "
        f"translation was stamped ({info.source_revision}, now {info.current_revision}); what changed: #when, #money, "
        f"#fees (added). Update the translation, then run `helpcenter translations stamp es end-it`"]
    # An outdated translation stays published (the site shows a note), and check --strict fails.
    assert content.published_in("es", to_moment("2026-06-01"))
    code, _, err = run(capsys, "check", "--content", str(tree), "--strict")
    assert code == 1 and err.splitlines()[-1] == "Aborted with 1 error in 2 articles, 0 notices, 1 translations"


def test_a_source_rewrapped_or_respaced_leaves_its_translation_current(tree, capsys):
    # A paragraph split over two lines, a double space and blank lines before a heading made the
    # translation "outdated" ("only whitespace changed. Update the translation") and the Spanish
    # page told its readers the English had changed.
    write_translation(tree, "es", "end-it.md", translation_text("0" * 12))
    assert run(capsys, "translations", "stamp", "es", "end-it", "--content", str(tree))[0] == 0
    source = tree / "articles" / "contracts" / "end-it.md"
    text = source.read_text()
    source.write_text(text.replace("Ending a contract closes it for both sides.", "Ending a contract  closes it\nfor both sides.")
                      .replace("\n## What happens", "\n\n\n## What happens"))
    content, problems = loaded(tree)
    assert problems == [] and content.translation("es", "end-it").translation.status == "current"
    # A change readers see still counts, a new list item included.
    source.write_text(text.replace("At any time.", "At any time.\n- even on a weekend"))
    content, problems = loaded(tree)
    info = content.translation("es", "end-it").translation
    assert (info.status, [c.key for c in info.changes]) == ("outdated", ["when"])


def test_stamp_writes_the_revision_and_the_ledger(tree, capsys):
    path = write_translation(tree, "es", "end-it.md", translation_text())
    code, out, err = run(capsys, "translations", "stamp", "es", "end-it", "--content", str(tree))
    revision = current_revision(tree)
    assert (code, out) == (0, "")
    assert err.replace(str(tree) + "/", "") == (
        f"Stamped translations/es/end-it.md: source revision {revision} (was unstamped)\n")
    assert path.read_text() == translation_text(revision)
    ledger = translations.load_ledger(tree, Problems())
    source = load_content(tree, Problems()).by_id()["end-it"]
    assert ledger == {"end-it": {revision: translations.snapshot(source)}}
    assert ledger["end-it"][revision]["sections"] == {
        "": "Ending a contract closes it for both sides.", "when": "## When can I end it?\n\nAt any time.",
        "money": "## What happens to the money?\n\nReleased payments stay yours. See [pausing](pause-it.md#how)."}
    assert loaded(tree)[1] == []
    # Stamping again changes nothing; a revision nobody refers to any more is pruned.
    before = (tree / "translations" / "sources.yml").read_text()
    assert run(capsys, "translations", "stamp", "es", "end-it", "--content", str(tree))[0] == 0
    assert (tree / "translations" / "sources.yml").read_text() == before
    source_file = tree / "articles" / "contracts" / "end-it.md"
    source_file.write_text(source_file.read_text().replace("At any time.", "Whenever."))
    run(capsys, "translations", "stamp", "es", "end-it", "--content", str(tree))
    assert list(translations.load_ledger(tree, Problems())["end-it"]) == [current_revision(tree)]


def test_stamp_refuses_what_it_cannot_stamp(tree, capsys):
    for argv, said in [
        (("de", "end-it"), "expected a translation language of languages.yml (es, fr), got 'de'"),
        (("en", "end-it"), "en is the source language: its articles are in articles/; translation languages: es, fr"),
        (("es", "end-that"), "expected the id of an article, got 'end-that' (did you mean 'end-it'?)"),
        (("es", "end-it"), "no translation of end-it into es (translations/es/end-it.md); write one with "
                           "`helpcenter translations new es end-it`"),
    ]:
        code, _, err = run(capsys, "translations", "stamp", *argv, "--content", str(tree))
        assert (code, err.replace(str(tree) + "/", "")) == (2, f"helpcenter translations: {said}\n")


def test_new_writes_a_draft_skeleton_that_passes_check(tree, capsys):
    code, _, err = run(capsys, "translations", "new", "fr", "end-it", "--content", str(tree))
    path = tree / "translations" / "fr" / "end-it.md"
    revision = current_revision(tree)
    assert code == 0 and err.replace(str(tree) + "/", "") == (
        f"Wrote translations/fr/end-it.md as a draft, stamped against end-it revision {revision}: translate it, "
        f"delete `draft: true`, then run `helpcenter translations stamp fr end-it`.\n")
    text = path.read_text()
    assert "\nsource_revision: " + revision + "\n" in text and "\ndraft: true\n---\n" in text
    # The English text as it is: relative links are read from the source's folder in a translation.
    assert text.endswith("Released payments stay yours. See [pausing](pause-it.md#how).\n")
    code, _, err = run(capsys, "check", "--content", str(tree), "--strict")
    assert code == 0, err
    french = load_content(tree, Problems()).translation("fr", "end-it")
    assert (french.draft, french.title, french.translation.status) == (True, "End a contract", "current")
    code, _, err = run(capsys, "translations", "new", "fr", "end-it", "--content", str(tree))
    assert (code, err.replace(str(tree) + "/", "")) == (
        2, "helpcenter translations: translations/fr/end-it.md already exists; edit it (and stamp it with "
           "`helpcenter translations stamp fr end-it`) instead\n")


def test_the_commands_work_from_inside_a_project_with_relative_paths(tree, capsys, monkeypatch):
    project = tree.parent
    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (project / "deep").mkdir()
    monkeypatch.chdir(project / "deep")
    assert run(capsys, "translations", "new", "es", "end-it")[0] == 0
    assert (tree / "translations" / "es" / "end-it.md").exists()
    monkeypatch.chdir(project)
    code, _, err = run(capsys, "translations", "stamp", "es", "end-it")
    assert code == 0 and err.startswith("Stamped content/translations/es/end-it.md: ")
    assert run(capsys, "translations", "--lang", "es", "--content", "content")[0] == 0


def test_the_report_lists_missing_current_and_outdated(tree, capsys):
    write_translation(tree, "es", "end-it.md", translation_text())
    run(capsys, "translations", "stamp", "es", "end-it", "--content", str(tree))
    source = tree / "articles" / "contracts" / "end-it.md"
    source.write_text(source.read_text().replace("title: End a contract", "title: End your contract"))
    code, out, _ = run(capsys, "translations", "--content", str(tree))
    now = current_revision(tree)
    stamped = load_content(tree, Problems()).translation("es", "end-it").translation.source_revision
    assert code == 0
    assert out.replace(str(tree) + "/", "").splitlines() == [
        "es (Español): 1 translations of 2 public articles: 0 current, 1 outdated, 0 unstamped, 1 missing",
        "  outdated  end-it  translations/es/end-it.md",
        f"            stamped {stamped}, source now {now}",
        "            changed  title",
        "                @@ -1 +1 @@",
        "                -End a contract",
        "                +End your contract",
        "            when updated: helpcenter translations stamp es end-it",
        "  current:",
        "    none",
        "  missing:",
        "    pause-it",
        "fr (Français): 0 translations of 2 public articles: 0 current, 0 outdated, 0 unstamped, 2 missing",
        "  current:",
        "    none",
        "  missing:",
        "    end-it, pause-it",
    ]
    code, out, _ = run(capsys, "translations", "--lang", "es", "--json", "--content", str(tree))
    data = json.loads(out)
    assert [e["code"] for e in data["languages"]] == ["es"]
    es = data["languages"][0]
    assert es["counts"] == {"current": 0, "outdated": 1, "unstamped": 0, "missing": 1}
    assert es["outdated"][0]["changes"] == [
        {"part": "title", "key": "", "change": "changed", "diff": ["@@ -1 +1 @@", "-End a contract", "+End your contract"]}]
    assert es["missing"] == [{"id": "pause-it", "title": "Pause", "url": "/pause-it/"}]


# -- notices in other languages ----------------------------------------------------------------

def write_notices(root: Path, items: str) -> None:
    (root / "notices.yml").write_text("notices:\n" + textwrap.indent(textwrap.dedent(items).strip("\n"), "  ") + "\n",
                                      encoding="utf-8")


def test_a_notice_carries_its_message_per_language(tree):
    write_stamped(tree, "es", "end-it.md")
    write_notices(tree, """
        - id: global
          message: "Read [this](/end-it/)."
          translations:
            es: "Lee [esto](/es/end-it/)."
        """)
    content, problems = loaded(tree)
    assert problems == []
    notice = content.notices[0]
    assert notice.translations == (("es", "Lee [esto](/es/end-it/)."),)
    assert (notice.message_in("es"), notice.message_in("fr"), notice.message_in("en")) == (
        "Lee [esto](/es/end-it/).", "Read [this](/end-it/).", "Read [this](/end-it/).")
    assert notice.html_in("es") == 'Lee <a href="/es/end-it/">esto</a>.'
    assert notice.html_in("fr") == notice.html == 'Read <a href="/end-it/">this</a>.'
    # The release keeps every language's HTML; the API shape names the language of `html`.
    shipped = notice.to_dict()
    assert shipped["translations"] == {"es": 'Lee <a href="/es/end-it/">esto</a>.'}
    again = type(notice).from_dict(shipped)
    assert again.to_dict("es")["html"] == notice.html_in("es") and again.to_dict("es")["lang"] == "es"
    assert again.to_dict("fr")["html"] == notice.html and again.to_dict("fr")["lang"] == "en"
    assert "translations" not in again.to_dict("es") and "lang" not in shipped


def test_notice_translations_are_validated(tree):
    write_notices(tree, """
        - id: global
          message: "Hello."
          translations:
            de: "Hallo."
        - id: second
          message: "Hi."
          translations:
            en: "Hi again."
        - id: third
          message: "Hey."
          translations:
            sp: "Hola."
            fr: ""
        - id: fourth
          message: "Hey."
          translations: "Hola."
        - id: fifth
          message: "Go [there](/es/pause-it/)."
          translations:
            es: "Ve [allí](/es/pause-it/)."
            fr: "Allez [là](../x.md)."
        """)
    content, problems = loaded(tree)
    known = ", ".join(KNOWN)
    assert problems == [
        f"notices.yml:13: third.translations.sp: expected a language code like es or fr (one of {known}), "
        "got 'sp' (did you mean es?)",
        "notices.yml:14: third.translations.fr: expected a non-empty text, got ''",
        "notices.yml:17: fourth.translations: expected a mapping like 'es: Mensaje en español', got 'Hola.'",
        "notices.yml:5: global.translations.de: expected a translation language of languages.yml (es, fr), got 'de'; "
        "add it to languages.yml or remove this line",
        "notices.yml:9: second.translations.en: en is the source language: its text is `message`; translations: es, fr",
        "notices.yml:19: fifth.message: /es/pause-it/: pause-it has no Español translation; link to /pause-it/ instead",
        "notices.yml:21: fifth.translations.es: /es/pause-it/: pause-it has no Español translation; link to "
        "/pause-it/ instead",
        "notices.yml:22: fifth.translations.fr: ../x.md: link to an article by its site URL, like /end-a-contract/",
    ]
    assert [n.id for n in content.notices] == ["fifth"]


def test_the_notices_command_in_a_language(tree, capsys):
    write_notices(tree, """
        - id: global
          message: "Hello."
          translations: {fr: "Bonjour."}
        - id: other
          message: "Hi."
        """)
    code, out, _ = run(capsys, "notices", "--lang", "fr", "--at", "2026-06-01", "--content", str(tree))
    assert code == 0
    assert out.splitlines() == [
        "2 notices for any audience (unknown), any country (unknown), any account type (unknown) at 2026-06-01 00:00 UTC:",
        "  global [info] (everyone)  open – open",
        "      Bonjour.",
        "  other [info] (no fr message: shown in en)  open – open",
        "      Hi.",
    ]
    code, out, _ = run(capsys, "notices", "--lang", "fr", "--json", "--at", "2026-06-01", "--content", str(tree))
    assert [(n["id"], n["lang"], n["html"]) for n in json.loads(out)["notices"]] == [
        ("global", "fr", "Bonjour."), ("other", "en", "Hi.")]
    code, _, err = run(capsys, "notices", "--lang", "de", "--content", str(tree))
    assert (code, err) == (2, "helpcenter notices: --lang: expected a language of languages.yml (en, es, fr), got 'de'\n")


def test_an_outdated_translation_keeps_the_claims_and_anchors_it_follows(tree):
    """A claim or section added to the source, or one removed, does not break its translations:
    they stay valid (and published with a note) until a translator catches up."""
    write_stamped(tree, "es", "end-it.md")
    source = tree / "articles" / "contracts" / "end-it.md"
    source.write_text(source.read_text()
                      .replace("  - id: any-time\n", "  - id: whenever\n")
                      .replace("## What happens to the money? {#money}", "## Fees {#fees}\n\nNone.\n\n## Money {#money}"))
    content, problems = loaded(tree)
    spanish = content.translation("es", "end-it")
    info = spanish.translation
    assert problems == [
        f"translations/es/end-it.md:3: warning: source_revision: outdated: the source end-it changed since this "
        f"translation was stamped ({info.source_revision}, now {info.current_revision}); what changed: "
        f"claim whenever (added), claim any-time (removed), #fees (added), #money. Update the translation, then run "
        f"`helpcenter translations stamp es end-it`"]
    # The claims are the source's: the new one in English until translated; the removed one is gone.
    assert [(c.id, c.text) for c in spanish.claims] == [("whenever", "Either side can end a contract at any time.")]
    assert [s.anchor for s in spanish.sections] == ["when", "money"]


def test_a_published_translation_still_in_english_is_a_warning(tree, capsys):
    assert run(capsys, "translations", "new", "es", "end-it", "--content", str(tree))[0] == 0
    path = tree / "translations" / "es" / "end-it.md"
    path.write_text(path.read_text().replace("draft: true\n", "").replace("## When can I end it?", "## ¿Cuándo?"))
    lines = path.read_text().split("\n")
    claim_line = next(i for i, line in enumerate(lines, 1) if "text: Either side" in line)
    body_line = [i for i, line in enumerate(lines, 1) if line == "---"][1] + 1
    money_line = next(i for i, line in enumerate(lines, 1) if line.startswith("## What happens to the money?"))
    still = "is still the English text of the source; translate it (or keep draft: true)"
    assert loaded(tree)[1] == [
        f"translations/es/end-it.md:{claim_line}: warning: claims[0].text: {still}",
        f"translations/es/end-it.md:{body_line}: warning: body: the introduction {still}",
        f"translations/es/end-it.md:{money_line}: warning: body: section #money {still}",
    ]
    assert translations.prose("```pycon\n>>> 1\n```") == ""


def test_the_json_schemas_accept_the_real_translations_and_languages(capsys):
    import jsonschema
    import yaml

    from conftest import CONTENT
    from core.articles import split_front_matter

    code, out, _ = run(capsys, "schema", "translation")
    translation = json.loads(out)
    assert code == 0 and translation["required"] == ["translation_of", "title", "summary"]
    files = translations.translation_files(CONTENT)
    assert len(files) >= 24
    for path in files:
        front = yaml.safe_load(split_front_matter(path.read_text(encoding="utf-8"))[0])
        jsonschema.validate(json.loads(json.dumps(front, default=str)), translation)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"translation_of": "x", "title": "T", "summary": "S", "source_revision": "abc"}, translation)
    code, out, _ = run(capsys, "schema", "languages")
    jsonschema.validate(yaml.safe_load((CONTENT / "languages.yml").read_text(encoding="utf-8")), json.loads(out))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"languages": [{"code": "sp"}]}, json.loads(out))


def test_a_revision_of_digits_only_is_stamped_as_a_string():
    # 12 hexadecimal digits are all decimal about once in 280 revisions: unquoted, YAML reads a number.
    text = translations.stamp_text("---\ntranslation_of: x\ntitle: X\n---\nBody\n", "012345678912")
    assert text == '---\ntranslation_of: x\nsource_revision: "012345678912"\ntitle: X\n---\nBody\n'
    import yaml
    assert yaml.safe_load(text.split("---")[1])["source_revision"] == "012345678912"


def test_the_generated_ledger_is_not_held_to_the_editors_file_size_limit(tmp_path):
    from core import yamlfile
    ledger = tmp_path / "translations" / "sources.yml"
    ledger.parent.mkdir()
    text = "x" * (yamlfile.MAX_BYTES + 1)
    ledger.write_text(f"sources:\n  a:\n    0123456789ab:\n      title: {text}\n      sections: {{'': Intro}}\n",
                      encoding="utf-8")
    problems = Problems()
    assert translations.load_ledger(tmp_path, problems)["a"]["0123456789ab"]["title"] == text
    assert problems.items == []
