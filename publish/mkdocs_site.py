"""Runs MkDocs (with the Material theme configured in mkdocs.yml) on a prepared docs tree."""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from core import vocabulary

from .docs_tree import DocsTree
from .languages import SiteLanguages
from .strings import strings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = PROJECT_ROOT / "mkdocs.yml"


class SiteError(Exception):
    """MkDocs refused the site (a strict-mode warning, a template error)."""


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def site_url_of_config(config_file: Path = MKDOCS_YML) -> str | None:
    """mkdocs.yml's site_url (read as plain YAML: MkDocs' own loader needs a docs_dir that exists)."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold MkDocs' own tags (!ENV, !relative): read them as nothing.
    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    with open(config_file, encoding="utf-8") as f:
        value = (yaml.load(f, Loader=_Loader) or {}).get("site_url")
    return value or None


def render_site(tree: DocsTree, site_dir: Path, *, site_url: str | None = None, config_file: Path = MKDOCS_YML,
                extra: dict | None = None, site: SiteLanguages | None = None,
                written: Callable[[str], None] | None = None,
                rendered: Callable[[], None] | None = None) -> str | None:
    """Render the docs tree into ``site_dir``; returns the theme's favicon path inside the site.

    ``extra`` is added to the theme's ``config.extra`` (what partials read). The tree's language
    (``tree.lang``, one of ``site``'s) sets Material's interface language, the site's name and our
    strings; ``site_url`` is that language's own root (``.../es/``). ``written(path)`` is told of
    files MkDocs has written for good while it goes on (see ``_written_plugin``); ``rendered()`` is
    called once per page rendered (the build's progress)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner, every run
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    overrides = {"docs_dir": str(tree.docs_dir), "site_dir": str(site_dir), "nav": tree.nav, "strict": True}
    if site_url:
        overrides["site_url"] = site_url
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(config_file=str(config_file), **overrides)
        site = site or SiteLanguages.source_only(())
        language = site.language(tree.lang) if tree.lang in {x.code for x in site.languages} else site.source
        t = strings(tree.lang)
        config["theme"]["language"] = language.theme
        config["site_name"] = t.text("site.name")
        config["site_description"] = t.text("site.description")
        if "toc" in config["mdx_configs"]:
            config["mdx_configs"]["toc"]["permalink_title"] = t.text("article.permalink_title")
            config["mdx_configs"].setdefault("publish.heading_links", {})["label"] = t.text(
                "article.section_link", heading="{heading}")
        # Our strings (publish/mkdocs_hooks.py makes them the templates' hc_t), the page's language
        # and where the other languages are; Material's header shows partials/alternate.html (our
        # language switcher) when there is more than one language.
        config["extra"]["hc_site"] = {**site.site_extra(tree.lang), "strings": t.js()}
        config["extra"]["alternate"] = len(site.languages) > 1
        # Theme partials read the notice icons from core's vocabulary, the one list of them.
        config["extra"]["hc_icons"] = dict(vocabulary.ICONS)
        # What a visitor may be (assets/hc/visitor.js forgets anything else it finds stored).
        config["extra"]["hc_visitor_values"] = {"audience": list(vocabulary.AUDIENCES),
                                                "country": sorted(vocabulary.COUNTRIES),
                                                "usertype": list(vocabulary.USERTYPES)}
        # The home and 404 pages: category cards and popular articles (publish/docs_tree.py).
        config["extra"]["hc_categories"] = tree.categories
        config["extra"]["hc_popular"] = tree.popular
        config["extra"].update(extra or {})
        if written is not None:
            config.plugins["hc/written"] = _written_plugin(written)
        if rendered is not None:
            config.plugins["hc/rendered"] = _rendered_plugin(rendered)
        with _json_front_matter(), _one_markdown():
            build(config)
        return config["theme"].get("favicon")
    except (Abort, MkDocsException) as e:
        details = "; ".join(collect.messages) or str(e)
        raise SiteError(f"MkDocs refused the site: {details}") from None
    finally:
        logger.removeHandler(collect)


def _written_plugin(written: Callable[[str], None]):
    """A MkDocs plugin telling ``written(path)`` (an absolute path) of the files of the site once
    MkDocs has written them, while it renders: the static files (the theme's and the tree's, copied
    before the first page is built), each page when the next one is built (MkDocs writes a page
    right after its ``post_page`` event), and at the end the last page and the theme's static
    templates (``404.html``; ``sitemap.xml``, whose ``.gz`` MkDocs has written already). MkDocs
    does not write again a file it told of. The site's other files are not told of: Material's
    client search index (``search/search_index.json``, which the build completes afterwards:
    ``search.write_fallback_index``) and whatever else is written later; the caller's last pass
    finds them."""
    from mkdocs.plugins import BasePlugin, event_priority

    class Written(BasePlugin):
        def __init__(self):
            self.static = None
            self.last = None

        def on_env(self, env, config, files):
            self.static = [f for f in files if not f.is_documentation_page() and f.inclusion.is_included()]
            return env

        def _static_files(self) -> None:
            for file in self.static or ():
                written(file.abs_dest_path)
            self.static = None

        def on_post_page(self, output, page, config):
            self._static_files()  # copied once every page was read, before the first one is built
            if self.last is not None:
                written(self.last)
            self.last = page.file.abs_dest_path
            return output

        @event_priority(-100)  # after every other plugin's
        def on_post_build(self, config):
            self._static_files()
            if self.last is not None:
                written(self.last)
                self.last = None
            for name in sorted(config.theme.static_templates):
                written(os.path.join(config.site_dir, name))

    return Written()


def _rendered_plugin(rendered: Callable[[], None]):
    """A MkDocs plugin calling ``rendered()`` after each page it renders."""
    from mkdocs.plugins import BasePlugin

    class Rendered(BasePlugin):
        def on_post_page(self, output, page, config):
            rendered()
            return output

    return Rendered()


class _ReusedMarkdown:
    """Stands for the ``markdown`` module in ``mkdocs.structure.pages`` while MkDocs builds: a page
    gets the converter of the page before, ``reset()`` (Python-Markdown's way to convert another
    document), instead of a new one with every extension set up again (~1 ms a page with ours, a
    fifth of what converting it costs). MkDocs registers its own processors of the page on it under
    the same names, which replaces those of the page before in the same order: the same HTML
    (tested against new converters)."""

    def __init__(self, module):
        self._module = module
        self._made = {}

    def __getattr__(self, name):
        return getattr(self._module, name)

    def Markdown(self, *, extensions, extension_configs):  # noqa: N802 - markdown.Markdown's name
        key = json.dumps([extensions, extension_configs], sort_keys=True, default=repr)
        md = self._made.get(key)
        if md is None:
            md = self._made[key] = self._module.Markdown(extensions=extensions, extension_configs=extension_configs)
        else:
            md.reset()
        return md


@contextmanager
def _one_markdown():
    """See ``_ReusedMarkdown``."""
    from mkdocs.structure import pages

    original = pages.markdown
    pages.markdown = _ReusedMarkdown(original)
    try:
        yield
    finally:
        pages.markdown = original


@contextmanager
def _json_front_matter():
    """While MkDocs builds, its front matter reader takes the one-line JSON front matter our docs
    tree writes (``docs_tree.front_matter``) with ``json.loads``: the same data PyYAML would build
    from it (JSON is YAML), about ten times faster (~0.6 s of 1,000 pages with the language
    switcher's lists). Any other page goes to MkDocs' own reader."""
    from mkdocs.utils import meta

    original = meta.get_data

    def get_data(doc: str):
        if doc.startswith("---\n{"):
            end = doc.find("\n", 4)
            if end > 0 and doc.startswith("---\n", end + 1):
                try:
                    data = json.loads(doc[4:end])
                except ValueError:
                    data = None
                if isinstance(data, dict):
                    return doc[end + 5:].lstrip("\n"), data
        return original(doc)

    meta.get_data = get_data
    try:
        yield
    finally:
        meta.get_data = original
