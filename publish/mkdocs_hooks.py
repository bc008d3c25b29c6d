"""MkDocs hooks (mkdocs.yml ``hooks:``): the site's strings for the templates, the theme's
compiled templates kept between builds, and the other languages' sites on the root's theme files.

Templates say ``{{ hc_t("home.title") }}``: the string of the page's language
(``config.extra.hc_site.lang``, set by publish/mkdocs_site.py), from ``publish/locales/``.

A language's site (``/es/``, publish/translated_site.py) holds no theme files of its own: its pages
load the root site's ``assets/`` (Material's fingerprinted bundles, our ``assets/hc/``), the same
bytes at the same URLs, so a reader who switches language has them cached already. Only the theme's
``assets/`` leave that site; its pages, search index, sitemap and 404 page stay its own.

Compiling Material's templates costs about a second per build. ``serve --watch`` builds many
times in one process, so the compiled code is kept in memory, keyed by template source checksum
(Jinja2's bytecode cache): a changed template is compiled again.
"""
from __future__ import annotations

import os

from jinja2 import BytecodeCache, pass_context


class _MemoryBytecodeCache(BytecodeCache):
    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


CACHE = _MemoryBytecodeCache()


def on_env(env, config, files):
    from publish.strings import strings

    env.bytecode_cache = CACHE
    site = _site(config)
    env.globals["hc_t"] = strings(site.get("lang", "en"))
    if site.get("prefix"):
        env.filters["url"] = shared_assets_url(env.filters["url"], site["root"], site["up"])
    return env


def _site(config) -> dict:
    return config["extra"].get("hc_site") or {}


def on_files(files, config):
    """A language's site: the theme's ``assets/`` are not copied in (its pages use the root's)."""
    if not _site(config).get("prefix"):
        return files
    theme_dirs = {os.path.normpath(d) for d in config["theme"].dirs}
    for file in [f for f in files if f.src_uri.startswith("assets/") and f.src_dir
                 and os.path.normpath(f.src_dir) in theme_dirs]:
        files.remove(file)
    return files


def shared_assets_url(url_filter, root: str, up: str):
    """MkDocs' ``url`` filter for a language's site, with ``assets/...`` taken from the whole
    site's root: one level further up from a page (``up``: "../"), or, where MkDocs writes paths
    from the host's root (the 404 page, answered at any address), the whole site's root path.

    >>> from types import SimpleNamespace as NS
    >>> from mkdocs.utils.templates import url_filter
    >>> url = shared_assets_url(url_filter, "/", "../")
    >>> page = {"page": NS(url="end-a-contract/"), "base_url": ".."}
    >>> url(page, "assets/hc/helpcenter.css"), url(page, "categories/contracts/")
    ('../../assets/hc/helpcenter.css', '../categories/contracts/')
    >>> url({"page": NS(url=""), "base_url": "."}, "assets/hc/helpcenter.css")
    '../assets/hc/helpcenter.css'
    >>> url({"page": None, "base_url": "/es/"}, "assets/hc/helpcenter.css")  # the 404 page
    '/assets/hc/helpcenter.css'
    >>> shared_assets_url(url_filter, "/help/", "../")({"page": None, "base_url": "/help/es/"}, "assets/x.css")
    '/help/assets/x.css'
    """
    @pass_context
    def url(context, value):
        value = str(value)
        result = url_filter(context, value)
        if not value.startswith("assets/"):
            return result
        if result.startswith("/"):
            return root + value
        return up + result

    return url
