"""The site per language: /es/ and /fr/ sites, the switcher, hreflang alternates in pages and
sitemaps, untranslated articles linked to the English page (never a 404 from our own links),
the per-language 404, outdated translations, the audit, and the interface string catalogues."""
from __future__ import annotations

import html as html_module
import json
import os
import re
from pathlib import Path

import pytest
import yaml

from conftest import BUILD_AT, CONTENT, write_article
from core import translations
from core.content import load_content
from core.problems import Problems
from helpcenter import pipeline
from helpcenter.pipeline import BuildError, build
from helpcenter.progress import Progress
from publish import strings

LANGUAGES = "languages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\n  - {code: fr, name: Français}\n"
END = """
id: end-it
title: End a contract
summary: How to end a contract.
audience: [freelancer]
keywords: [end contract]
category: contracts
"""
END_BODY = """
Ending a contract closes it for both sides.

## When can I end it? {#when}

At any time.

## What happens to the money? {#money}

Released payments stay yours. Before that, you may [pause it](pause-it.md#how).
"""
PAUSE = "id: pause-it\ntitle: Pause a contract\nsummary: Stop work for a while.\naudience: [freelancer]\ncategory: contracts\n"
PAUSE_BODY = "Pausing stops work.\n\n## How {#how}\n\nLike this.\n"
STAFF = ("id: staff-guide\ntitle: Staff escalation guide\nsummary: For support staff.\naudience: [client]\n"
         "category: support\nvisibility: internal\n")
ES_END = """---
translation_of: end-it
source_revision: {revision}
title: Terminar un contrato
summary: Cómo terminar un contrato.
keywords: [terminar contrato]
---

Terminar un contrato lo cierra para las dos partes.

## ¿Cuándo puedo terminarlo? {{#when}}

En cualquier momento.

## ¿Qué pasa con el dinero? {{#money}}

Los pagos liberados son tuyos. Antes, puedes [pausarlo](../../articles/contracts/pause-it.md#how).
"""
FR_END = """---
translation_of: end-it
source_revision: {revision}
title: Mettre fin à un contrat
summary: Comment mettre fin à un contrat.
---

Mettre fin à un contrat le ferme pour les deux parties.

## Quand puis-je y mettre fin ? {{#when}}

À tout moment.

## Et l'argent ? {{#money}}

Les paiements versés restent à vous.
"""
DRAFT_PAUSE = """---
translation_of: pause-it
source_revision: {revision}
title: Pausar un contrato (borrador)
summary: Borrador.
draft: true
---

Pausar detiene el trabajo.

## Cómo {{#how}}

Así.
"""
STAFF_ES = """---
translation_of: staff-guide
source_revision: {revision}
title: Guía interna de escalado
summary: Para el equipo de soporte.
visibility: internal
---

Solo para el equipo.

## Sección {{#section}}

Texto.
"""


def quiet() -> Progress:
    return Progress(7, quiet=True)


def revision(root: Path, article_id: str) -> str:
    return translations.source_revision(load_content(root, Problems()).by_id()[article_id])


def translate(root: Path, lang: str, article_id: str, text: str) -> Path:
    path = root / "translations" / lang / f"{article_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.format(revision=revision(root, article_id)), encoding="utf-8")
    translations.write_ledger(root, load_content(root, Problems()).by_id())
    return path


def spanish_tree(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(content root, end-it's file, its current Spanish translation's file): en end-it and
    pause-it, es end-it."""
    root = tmp_path / "content"
    (root / "articles").mkdir(parents=True)
    (root / "synonyms.yml").write_text("synonyms: []\naliases: {}\n", encoding="utf-8")
    (root / "languages.yml").write_text(LANGUAGES, encoding="utf-8")
    source = write_article(root, "contracts/end-it.md", END, END_BODY)
    write_article(root, "contracts/pause-it.md", PAUSE, PAUSE_BODY)
    return root, source, translate(root, "es", "end-it", ES_END)


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """en: end-it, pause-it and an internal guide. es: end-it (current), a draft of pause-it and a
    translation of the internal guide. fr: end-it, outdated (its source changed after the stamp)."""
    root = tmp_path_factory.mktemp("languages") / "content"
    (root / "articles").mkdir(parents=True)
    (root / "synonyms.yml").write_text("synonyms: []\naliases: {}\n", encoding="utf-8")
    (root / "languages.yml").write_text(LANGUAGES, encoding="utf-8")
    write_article(root, "contracts/end-it.md", END, END_BODY)
    write_article(root, "contracts/pause-it.md", PAUSE, PAUSE_BODY)
    write_article(root, "support/staff-guide.md", STAFF)
    translate(root, "fr", "end-it", FR_END)
    source = root / "articles" / "contracts" / "end-it.md"
    source.write_text(source.read_text().replace("Released payments stay yours.", "Released payments are yours."))
    translate(root, "es", "end-it", ES_END)  # stamped after the change: current
    translate(root, "es", "pause-it", DRAFT_PAUSE)
    translate(root, "es", "staff-guide", STAFF_ES)
    return root


@pytest.fixture(scope="module")
def out(tree, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("languages-out")
    build(tree, out, at=BUILD_AT, progress=quiet(), site_url="https://help.example.com/")
    return out


def page(out: Path, path: str) -> str:
    file = out / "current" / "site" / path
    return (file / "index.html" if not path.endswith((".html", ".xml", ".txt")) else file).read_text(encoding="utf-8")


def between(text: str, start: str, end: str) -> str:
    at = text.index(start)
    return text[at:text.index(end, at)]


def alternates(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)


def switcher(html: str) -> list[tuple[str, str, str]]:
    listing = between(html, '<ul class="hc-languages__list"', "</ul>")
    return [(href, code, re.sub(r"<[^>]+>", "", text).strip())
            for href, code, text in re.findall(r'<a href="([^"]*)" hreflang="([^"]+)" lang="\2"[^>]*>(.*?)</a>', listing)]


# -- each language's site -------------------------------------------------------------------------

def test_each_language_is_a_site_with_the_interface_in_that_language(out):
    home = page(out, "es")
    assert '<html lang="es" class="no-js">' in home
    assert "<title>Centro de ayuda</title>" in home
    assert '<h1 id="como-podemos-ayudarte" class="hc-hero__title">¿Cómo podemos ayudarte?</h1>' in home
    assert '<a href="#como-podemos-ayudarte" class="md-skip">' in home  # Material's skip link lands on it
    assert 'placeholder="Búsqueda"' in home  # Material's own strings, in Spanish
    article = page(out, "es/end-it")
    assert '<html lang="es" class="no-js">' in article
    assert "<title>Terminar un contrato - Centro de ayuda</title>" in article
    assert re.search(r'<h1 id="[^"]+">Terminar un contrato</h1>', article)
    assert re.search(r'</span><a aria-label="Enlace a esta sección: [^"]+" class="headerlink" '
                     r'href="#[^"]+" title="Enlace a esta sección">&para;</a></h2>', article)
    assert re.search(r'<a aria-label="Lien vers cette section\u00a0: [^"]+" class="headerlink"', page(out, "fr/end-it"))
    assert '<p class="hc-feedback__question" id="hc-feedback-question">¿Te ha resultado útil este artículo?</p>' in article
    assert '<link rel="canonical" href="https://help.example.com/es/end-it/">' in article
    french = page(out, "fr/end-it")
    assert '<html lang="fr" class="no-js">' in french and "<title>Mettre fin à un contrat - Centre d'aide</title>" in french
    assert '<html lang="en" class="no-js">' in page(out, "end-it")


def test_a_language_site_has_pages_only_for_its_published_translations(out):
    site = out / "current" / "site"
    for lang in ("es", "fr"):
        # MkDocs pages for its published translations only; an untranslated (or draft) published
        # article has the small "not translated" page; an internal one nothing.
        pages = {p.name: "data-hc-page" in (p / "index.html").read_text(encoding="utf-8")
                 for p in (site / lang).iterdir() if (p / "index.html").exists()}
        assert pages == {"end-it": False, "pause-it": True, "search": False}  # and the search results page
        assert sorted(p.name for p in (site / lang / "categories").iterdir()) == ["contracts"]
    assert (site / "es" / "404.html").exists() and (site / "es" / "sitemap.xml").exists()
    assert not (site / "es" / "rules").exists() and not (site / "es" / "verified-answers").exists()
    manifest = json.loads((out / "current" / "build.json").read_text())
    assert manifest["translations"] == {"es": ["end-it"], "fr": ["end-it"]}


ASSET = re.compile(r'(?:href|src)="([^"?#]*assets/[^"?#]*)|"search": "([^"]*assets/[^"]*)"')


def assets_of(site: Path, path: str) -> set[str]:
    """The theme files a page loads, as paths from the site's root."""
    file = site / path
    found = set()
    for match in ASSET.finditer(file.read_text(encoding="utf-8")):
        url = match.group(1) or match.group(2)
        target = site / url.lstrip("/") if url.startswith("/") else file.parent / url
        found.add(Path(os.path.normpath(target)).relative_to(site).as_posix())
    return found


def test_a_language_site_loads_the_root_sites_theme_files(out):
    """Each language's site had its own copy of the theme (3.3 MB, and ~125 KiB downloaded again
    by a reader switching language): its pages now load the root's files, same bytes, same URLs."""
    site = out / "current" / "site"
    english = {name: assets_of(site, path) for name, path in (("article", "end-it/index.html"), ("404", "404.html"))}
    assert "assets/hc/helpcenter.css" in english["article"] and len(english["article"]) > 10
    assert any(a.startswith("assets/javascripts/workers/search.") for a in english["article"])
    for lang in ("es", "fr"):
        assert not (site / lang / "assets").exists()
        assert assets_of(site, f"{lang}/end-it/index.html") == english["article"]
        assert assets_of(site, f"{lang}/index.html") == assets_of(site, "index.html")
        # The 404 page answers any address, so it names them from the host's root.
        assert assets_of(site, f"{lang}/404.html") == english["404"]
        assert re.search(r'href="/assets/stylesheets/main\.[0-9a-f]{8}\.min\.css"', page(out, f"{lang}/404.html"))
    assert all((site / a).is_file() for a in english["article"] | english["404"])


def test_hreflang_alternates_only_for_the_languages_a_page_exists_in(out):
    both = [("en", "https://help.example.com/end-it/"), ("es", "https://help.example.com/es/end-it/"),
            ("fr", "https://help.example.com/fr/end-it/"), ("x-default", "https://help.example.com/end-it/")]
    assert alternates(page(out, "end-it")) == both
    assert alternates(page(out, "es/end-it")) == both
    assert alternates(page(out, "pause-it")) == []  # in English only: no alternates at all
    assert alternates(page(out, "es/categories/contracts")) == [
        ("en", "https://help.example.com/categories/contracts/"), ("es", "https://help.example.com/es/categories/contracts/"),
        ("fr", "https://help.example.com/fr/categories/contracts/"), ("x-default", "https://help.example.com/categories/contracts/")]


def test_sitemaps_carry_the_alternates_and_robots_names_each(out):
    sitemap = page(out, "sitemap.xml")
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    entries = {loc: links for loc, links in re.findall(r"<url>\s*<loc>([^<]+)</loc>(.*?)</url>", sitemap, re.S)}
    assert re.findall(r'hreflang="([^"]+)" href="([^"]+)"', entries["https://help.example.com/end-it/"]) == [
        ("en", "https://help.example.com/end-it/"), ("es", "https://help.example.com/es/end-it/"),
        ("fr", "https://help.example.com/fr/end-it/"), ("x-default", "https://help.example.com/end-it/")]
    assert "xhtml:link" not in entries["https://help.example.com/pause-it/"]
    spanish = re.findall(r"<loc>([^<]+)</loc>", page(out, "es/sitemap.xml"))
    assert sorted(spanish) == ["https://help.example.com/es/", "https://help.example.com/es/categories/contracts/",
                               "https://help.example.com/es/end-it/"]
    assert page(out, "robots.txt").splitlines()[-3:] == [
        "Sitemap: https://help.example.com/sitemap.xml", "Sitemap: https://help.example.com/es/sitemap.xml",
        "Sitemap: https://help.example.com/fr/sitemap.xml"]


def test_the_switcher_offers_every_language_in_its_own_name(out):
    assert switcher(page(out, "es/end-it")) == [
        ("../../end-it/", "en", "English"), ("../end-it/", "es", "Español"), ("../../fr/end-it/", "fr", "Français")]
    # A page that does not exist in a language leads to that language's home page, said in that language.
    assert switcher(page(out, "pause-it")) == [
        ("../pause-it/", "en", "English"), ("../es/", "es", "Español (página principal)"),
        ("../fr/", "fr", "Français (page d'accueil)")]
    html = page(out, "es/end-it")
    assert 'aria-current="true">Español</a>' in html
    summary = between(html, '<summary class="hc-languages__button">', "</summary>")
    assert '<span class="hc-visually-hidden">Idioma: </span><span class="hc-languages__current">Español</span>' in summary
    # The same list in the page's container, for the header after instant navigation.
    assert between(html, "<template data-hc-languages-page>", "</template>").count("hreflang=") == 3


def test_untranslated_articles_are_listed_with_a_link_to_the_english_page(out):
    listing = between(page(out, "es/categories/contracts"), '<ul class="hc-article-list">', "</ul>")
    assert re.findall(r'href="([^"]+)"', listing) == ["../../end-it/", "../../../pause-it/"]  # translated ones first
    assert ('<a class="hc-article-list__title" href="../../../pause-it/" hreflang="en"><span lang="en">Pause a contract'
            '</span> <span class="hc-in-language">(en inglés)</span></a>') in listing
    assert '<p class="hc-article-list__summary" lang="en">Stop work for a while.</p>' in listing
    article = page(out, "es/end-it")
    # A link in the translated text to an untranslated article goes to the English page, and says so.
    assert '<a href="../../pause-it/#how" hreflang="en">pausarlo</a> (en inglés)' in article
    more = between(article, '<section class="hc-more"', "</section>")
    assert '<a href="../../pause-it/" hreflang="en"><span lang="en">Pause a contract</span>' in more


def test_no_link_of_any_page_in_any_language_leads_to_a_missing_page(out):
    site = out / "current" / "site"
    checked = 0
    for html_file in site.rglob("*.html"):
        if html_file.name == "404.html":
            continue
        for href in re.findall(r'href="([^"#?:]+)(?:[#?][^"]*)?"', html_file.read_text(encoding="utf-8")):
            if href.startswith("/"):
                continue
            target = (html_file.parent / href).resolve()
            assert target == site.resolve() or site.resolve() in target.parents, (html_file, href)
            assert target.is_file() or (target / "index.html").is_file(), f"{html_file.relative_to(site)}: {href}"
            checked += 1
    assert checked > 200


UNTRANSLATED_PAGE = """<!doctype html>
<html lang="{lang}" data-hc-page="untranslated">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{heading}</title>
<link rel="canonical" href="https://help.example.com/pause-it/">
<meta name="robots" content="noindex">
"""
UNTRANSLATED_BODY = """<main>
<h1>{heading}</h1>
<p>{read} <a href="../../pause-it/" hreflang="en" lang="en">Pause a contract</a></p>
<p><a href="../">{home}</a></p>
</main>
"""


@pytest.mark.parametrize("lang, heading, read, home", [
    ("es", "Este artículo todavía no está disponible en español.", "Puedes leerlo en inglés:",
     "Ir a la página principal del centro de ayuda"),
    ("fr", "Cet article n&#39;est pas encore disponible en français.", "Vous pouvez le lire en anglais\u00a0:",
     "Aller à l&#39;accueil du centre d&#39;aide"),
])
def test_a_language_address_of_an_untranslated_article_is_a_page_linking_the_english_one(out, lang, heading, read,
                                                                                            home):
    """Written by the build (no server logic), so on a static host too: in the page's language,
    noindex, the English page as canonical; in no sitemap or search index of the language."""
    text = page(out, f"{lang}/pause-it")
    values = {"lang": lang, "heading": heading, "read": read, "home": home}
    assert text.startswith(UNTRANSLATED_PAGE.format(**values)) and UNTRANSLATED_BODY.format(**values) in text
    site = out / "current" / "site" / lang
    assert "pause-it" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "pause-it" not in (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert not (site / "staff-guide").exists()  # internal: no page in any language


def test_helpcenter_serve_answers_a_spanish_address_with_the_page_and_an_unknown_one_with_the_spanish_404(out):
    from starlette.testclient import TestClient
    from helpcenter.web import create_app

    client = TestClient(create_app(out))
    untranslated = client.get("/es/pause-it/")
    assert untranslated.status_code == 200
    assert untranslated.text == (out / "current" / "site" / "es" / "pause-it" / "index.html").read_text(encoding="utf-8")
    spanish = client.get("/es/no-such-page/")
    assert spanish.status_code == 404 and '<html lang="es"' in spanish.text
    assert '<h1 id="hc-not-found-title" data-hc-not-found>No hemos encontrado esa página</h1>' in spanish.text
    assert '<a href="#hc-not-found-title" class="md-skip">Saltar a contenido</a>' in spanish.text  # first, as on other pages
    assert 'href="/es/categories/contracts/"' in spanish.text  # absolute: it answers any /es/ address
    english = client.get("/no-such-page/")
    assert english.status_code == 404 and '<html lang="en"' in english.text


def test_a_static_host_serves_the_page_of_an_untranslated_article(static_only_server, built_out):
    """The real content on a plain file server (no `helpcenter serve`): /es/<id>/ of an article
    without a Spanish translation is our page, not the host's 404."""
    import httpx

    translated = set(json.loads((built_out / "current" / "build.json").read_text())["translations"]["es"])
    untranslated = sorted(set(load_content(CONTENT, Problems()).by_id()) & set(
        json.loads((built_out / "current" / "build.json").read_text())["articles"]) - translated)
    assert "work-diary" in untranslated
    answer = httpx.get(f"{static_only_server}/es/work-diary/")
    assert answer.status_code == 200 and '<html lang="es" data-hc-page="untranslated">' in answer.text
    title = load_content(CONTENT, Problems()).by_id()["work-diary"].title
    assert f'<a href="../../work-diary/" hreflang="en" lang="en">{html_module.escape(title)}</a>' in answer.text
    for article_id in untranslated:
        assert (built_out / "current" / "site" / "es" / article_id / "index.html").is_file(), article_id


def test_an_outdated_translation_says_so_and_links_the_english_version(out):
    note = between(page(out, "fr/end-it"), '<div class="hc-outdated" role="note">', "</div>")
    assert ("La version anglaise de cet article a changé depuis sa traduction\u00a0; certaines parties de cette page "
            "peuvent donc ne plus être à jour. <a href=\"../../end-it/\" hreflang=\"en\">Lire la version anglaise</a>") in note
    assert '<a href="../../end-it/#money" hreflang="en">Et l&#39;argent ?</a>' in note
    assert "hc-outdated" not in page(out, "es/end-it")  # current


def test_new_english_keywords_alone_put_no_note_on_the_translation(tmp_path):
    """Keywords are search terms nobody reads, and a translation has its own: an editor adding
    English ones leaves the translator something to look at (check warns, the translation is
    outdated), but readers of the Spanish page are not told that part of it may be out of date."""
    root, source, _ = spanish_tree(tmp_path)
    source.write_text(source.read_text(encoding="utf-8").replace("keywords: [end contract]",
                                                                 "keywords: [end contract, client disappeared]"),
                      encoding="utf-8")
    content = load_content(root, Problems())
    info = content.translation("es", "end-it").translation
    assert (info.status, [c.part for c in info.changes], info.outdated_for_readers) == ("outdated", ["keywords"], False)
    out = tmp_path / "out"
    build(root, out, at=BUILD_AT, progress=quiet())
    assert "hc-outdated" not in page(out, "es/end-it")
    # With a sentence changed as well, the note is back.
    source.write_text(source.read_text(encoding="utf-8").replace("At any time.", "At any time, with notice."),
                      encoding="utf-8")
    build(root, out, at=BUILD_AT, progress=quiet())
    assert '<div class="hc-outdated" role="note">' in page(out, "es/end-it")


def test_an_outdated_translation_says_when_the_english_changed(tmp_path):
    """The day a build first published the English text the translation no longer follows, kept
    from release to release (source-revisions.json); a build that never saw the change cannot know it."""
    import datetime as dt

    root, source, _ = spanish_tree(tmp_path)
    stamped = revision(root, "end-it")
    out = tmp_path / "out"

    def built(at):
        build(root, out, at=at, progress=quiet())
        return (page(out, "es/end-it"),
                json.loads((out / "current" / pipeline.SOURCE_REVISIONS).read_text(encoding="utf-8")))

    spanish, record = built(BUILD_AT)
    assert "hc-outdated" not in spanish and record == {"end-it": {"revision": stamped, "changed": None}}
    source.write_text(source.read_text(encoding="utf-8").replace("At any time.", "At any time, with notice."),
                      encoding="utf-8")
    changed = revision(root, "end-it")
    spanish, record = built(dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.timezone.utc))
    assert record == {"end-it": {"revision": changed, "changed": "2026-12-03T09:30:00Z"}}
    note = between(spanish, '<div class="hc-outdated" role="note">', "</div>")
    assert ('<p>La versión en inglés de este artículo se actualizó el <time datetime="2026-12-03">3 de diciembre de '
            '2026</time>, después de traducirse, así que parte de esta página puede estar desactualizada. '
            '<a href="../../end-it/" hreflang="en">Leer la versión en inglés</a></p>') in note
    # A later build of the same text keeps the day the change was first published.
    later, later_record = built(dt.datetime(2026, 12, 20, tzinfo=dt.timezone.utc))
    assert later_record == record
    assert between(later, '<div class="hc-outdated" role="note">', "</div>") == note
    # A first build into another folder has no earlier release: the note without a day.
    fresh = tmp_path / "fresh"
    build(root, fresh, at=dt.datetime(2026, 12, 20, tzinfo=dt.timezone.utc), progress=quiet())
    assert ("<p>La versión en inglés de este artículo ha cambiado desde que se tradujo, así que parte de esta página "
            "puede estar desactualizada. <a") in page(fresh, "es/end-it")
    assert json.loads((fresh / "current" / pipeline.SOURCE_REVISIONS).read_text(encoding="utf-8")) == {
        "end-it": {"revision": changed, "changed": None}}


def test_dates_are_written_the_way_of_each_language():
    import datetime as dt

    day = dt.date(2026, 12, 3)
    assert [strings.strings(lang).date(day) for lang in ("en", "es", "fr")] == [
        "December 3, 2026", "3 de diciembre de 2026", "3 décembre 2026"]


def test_the_audit_covers_translations(out, tree, tmp_path, monkeypatch):
    site = out / "current" / "site"
    everything = "".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file()
                         and p.suffix in {".html", ".xml", ".json", ".txt"})
    assert "Guía interna de escalado" not in everything and "staff-guide" not in everything
    assert "Pausar un contrato (borrador)" not in everything
    real = pipeline.render_translations

    def leaky(*args, **kwargs):
        warnings = real(*args, **kwargs)
        (args[4] / "es" / "leak.html").write_text("<p>Pausar un contrato (borrador)</p>", encoding="utf-8")
        return warnings

    monkeypatch.setattr(pipeline, "render_translations", leaky)
    with pytest.raises(BuildError, match=r"site/es/leak.html: mentions unpublished es translation of pause-it"):
        build(tree, tmp_path / "out", at=BUILD_AT, progress=quiet())
    assert not (tmp_path / "out" / "current").exists()

    # At the draft's address only the "not translated" page may stand, nothing else.
    def rendered_draft(*args, **kwargs):
        warnings = real(*args, **kwargs)
        (args[4] / "es" / "pause-it" / "index.html").write_text("<p>Pausar un contrato</p>", encoding="utf-8")
        return warnings

    monkeypatch.setattr(pipeline, "render_translations", rendered_draft)
    with pytest.raises(BuildError) as refused:
        build(tree, tmp_path / "out", at=BUILD_AT, progress=quiet())
    assert str(refused.value).splitlines()[1:] == [
        "  site/es/pause-it/index.html: a file of the unpublished es translation of pause-it"]
    assert not (tmp_path / "out" / "current").exists()


def test_an_english_only_help_center_has_no_switcher_and_no_alternates(content_tree, tmp_path):
    write_article(content_tree, "contracts/end-it.md", END, END_BODY.replace("(pause-it.md#how)", "(#when)"))
    build(content_tree, tmp_path / "out", at=BUILD_AT, progress=quiet())
    html = page(tmp_path / "out", "end-it")
    assert "hc-languages" not in html and "hreflang" not in html and "sitemap.xml\").test" not in html
    assert not (tmp_path / "out" / "current" / "site" / "es").exists()
    assert page(tmp_path / "out", "robots.txt").count("Sitemap:") == 1


# -- the interface strings --------------------------------------------------------------------------

def configured_languages() -> list[str]:
    return [entry["code"] for entry in yaml.safe_load((CONTENT / "languages.yml").read_text())["languages"]]


@pytest.mark.parametrize("lang", configured_languages())
def test_every_configured_language_has_every_interface_string(lang):
    assert strings.catalogue_problems(lang) == []


def test_a_missing_or_different_string_is_named(tmp_path, monkeypatch):
    (tmp_path / "en.yml").write_text("home:\n  title: How can we help?\ncards:\n  count: {one: '{count} article', "
                                     "other: '{count} articles'}\nsite:\n  footer: '{name}: {description}'\n")
    (tmp_path / "es.yml").write_text("home:\n  title: ¿Cómo?\n  extra: x\ncards:\n  count: '{count}'\nsite:\n"
                                     "  footer: '{name}'\n")
    monkeypatch.setattr(strings, "LOCALES", tmp_path)
    strings.catalogue.cache_clear()
    try:
        problems = strings.catalogue_problems("es")
    finally:
        strings.catalogue.cache_clear()
    assert problems[:2] == ["publish/locales/es.yml: categories.getting-started.title: missing (English: 'Getting started')",
                            "publish/locales/es.yml: categories.getting-started.description: missing (English: "
                            "'Set up your account and find your way around your first project.')"]
    assert len(problems) == 19 and problems[16:] == [
        "publish/locales/es.yml: home.extra: not a key of en.yml",
        "publish/locales/es.yml: cards.count: expected one/other forms",
        "publish/locales/es.yml: site.footer: placeholders ['name'], expected ['description', 'name'] as in English",
    ]
    assert strings.catalogue_problems("de") == [
        "publish/locales/de.yml: missing; the site shows English interface strings on the de pages"]


# How each language quotes the words searched for: the search dialog ("did you mean", "search instead",
# the synonym line) says them as the results page's heading does. Spanish: «palabras»; French:
# « mots », a no-break space inside each guillemet.
QUOTES = {"es": ("«", "»"), "fr": ("«\u00a0", "\u00a0»")}
QUOTING = ["search.results_for", "js.matched_via", "js.search_instead", "js.did_you_mean"]


@pytest.mark.parametrize("lang", sorted(QUOTES))
def test_a_language_quotes_the_searched_words_one_way(lang):
    opening, closing = QUOTES[lang]
    have = strings.catalogue(lang)
    for key in QUOTING:
        for name in sorted(strings.placeholders(have[key])):
            assert f"{opening}{{{name}}}{closing}" in have[key], (key, have[key])
    stray = {key: text for key, text in have.items() if isinstance(text, str)
             and re.search(r"[“”‘’\"]\s*\{\w+\}|\{\w+\}\s*[“”‘’\"]", text)}
    assert stray == {}


def test_french_punctuation_has_a_no_break_space_before_it():
    """Before : ; ? ! and inside « », always the same no-break space (never a normal space, which a
    line may end at, leaving the colon alone at the start of the next)."""
    # "00:00", "https://": a colon inside a time or an address is no punctuation of the sentence
    unspaced = re.compile(r"(?<!\u00a0)[;?!»]|«(?!\u00a0)|(?<!\u00a0):(?!\d|//)")
    odd = {key: text for key, text in strings.catalogue("fr").items()
           for form in (text.values() if isinstance(text, dict) else [text]) if unspaced.search(form)}
    assert odd == {}


def test_counts_and_escaping():
    assert str(strings.strings("es")("cards.count", count=1)) == "1 artículo"
    assert str(strings.strings("fr")("cards.count", count=0)) == "0 article"  # French: 0 is singular
    assert str(strings.strings("en")("cards.count", count=0)) == "0 articles"
    assert str(strings.strings("en")("article.more_in", category="<b>")) == "More in &lt;b&gt;"
    assert strings.strings("en").text("article.more_in", category="<b>") == "More in <b>"


# -- the real content ---------------------------------------------------------------------------------

def test_the_real_translations_are_on_their_sites(built_out):
    content = load_content(CONTENT, Problems())
    manifest = json.loads((built_out / "current" / "build.json").read_text())
    for lang in content.languages[1:]:
        published = {t.id: t for t in content.published_in(lang.code, BUILD_AT)}
        assert len(published) >= 12 and sorted(published) == manifest["translations"][lang.code]
        for article_id, translation in published.items():
            html = page(built_out, f"{lang.code}/{article_id}")
            assert f'<html lang="{lang.code}" class="no-js">' in html
            assert f"<title>{html_module.escape(translation.title)} - " in html
            assert (lang.code, f"http://127.0.0.1:8000/{lang.code}/{article_id}/") in alternates(page(built_out, article_id))


def test_the_real_outdated_translation_is_the_only_page_with_the_note(built_out):
    # Left outdated on purpose (content/README.md): the English section #long-pauses changed after
    # the Spanish translation was stamped; the French one was updated and stamped again.
    content = load_content(CONTENT, Problems())
    noted = {(lang.code, article.id) for lang in content.languages[1:]
             for article in content.published_in(lang.code, BUILD_AT)
             if "hc-outdated" in page(built_out, f"{lang.code}/{article.id}")}
    assert noted == {("es", "resume-a-paused-contract")}
    note = between(page(built_out, "es/resume-a-paused-contract"), '<div class="hc-outdated" role="note">', "</div>")
    assert '<a href="../../resume-a-paused-contract/#long-pauses" hreflang="en">' in note


# -- serve --watch ------------------------------------------------------------------------------------

def test_watch_rerenders_a_translation_and_a_source_with_its_translations(tmp_path):
    import io
    import time

    from helpcenter.commands.serve import ContentWatcher
    from publish.release import Releases

    root, source, spanish = spanish_tree(tmp_path)
    out = tmp_path / "out"
    stream = io.StringIO()
    watcher = ContentWatcher(root, out, stream=stream)
    assert watcher.rebuild() is True

    def saved(path, old, new):
        time.sleep(0.01)
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        stream.truncate(0), stream.seek(0)
        before = Releases(out).current()
        assert watcher.poll_once() is True
        assert "re-rendered the changed pages" in stream.getvalue()
        return before, Releases(out).current()

    # A translation's body: its page alone.
    before, after = saved(spanish, "En cualquier momento.", "Cuando quieras.")
    assert "Cuando quieras." in (after / "site" / "es" / "end-it" / "index.html").read_text(encoding="utf-8")
    for unchanged in ("end-it", "pause-it", "es"):
        assert (after / "site" / unchanged / "index.html").samefile(before / "site" / unchanged / "index.html"), unchanged
    # A source's body: its page and its translation's, which now says it may be out of date.
    before, after = saved(source, "At any time.", "At any time, after a word with the client.")
    assert "after a word with the client" in (after / "site" / "end-it" / "index.html").read_text(encoding="utf-8")
    fast = (after / "site" / "es" / "end-it" / "index.html").read_text(encoding="utf-8")
    assert '<div class="hc-outdated" role="note">' in fast
    assert (after / "site" / "pause-it" / "index.html").samefile(before / "site" / "pause-it" / "index.html")
    # The fast path saw the English change: the note has the day (the record says when).
    record = json.loads((after / pipeline.SOURCE_REVISIONS).read_text(encoding="utf-8"))
    assert f'<time datetime="{record["end-it"]["changed"][:10]}">' in fast
    # What the fast path wrote is what the full build writes, with the same releases before it.
    build(root, out, progress=quiet())
    full = Releases(out).current()
    assert full != after
    for path in ("es/end-it", "end-it"):
        assert (full / "site" / path / "index.html").read_text(encoding="utf-8") == \
            (after / "site" / path / "index.html").read_text(encoding="utf-8"), path


def test_every_string_the_templates_and_scripts_ask_for_is_in_the_catalogue():
    theme = Path(strings.__file__).parent / "theme"
    english = strings.catalogue("en")
    templates = {m for p in theme.rglob("*.html")
                 for m in re.findall(r"""hc_t\((?:"|')([a-z_.-]+)""", p.read_text(encoding="utf-8"))}
    scripts = {m for p in (theme / "assets" / "hc").glob("*.js")
               for m in re.findall(r"""\b(?:t|say)\("([a-z_]+)"\)?""", p.read_text(encoding="utf-8"))}
    scripts |= set(re.findall(r'__(?:drawer|search): "([a-z_]+)"', (theme / "assets" / "hc" / "front-door.js").read_text()))
    assert len(templates) > 50 and len(scripts) > 15
    assert sorted(k for k in templates if k not in english) == []
    assert sorted(k for k in scripts if "js." + k not in english) == []
