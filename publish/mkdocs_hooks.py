"""MkDocs hooks (mkdocs.yml ``hooks:``): the site's strings for the templates, and the theme's
compiled templates kept between builds.

Templates say ``{{ hc_t("home.title") }}``: the string of the page's language
(``config.extra.hc_site.lang``, set by publish/mkdocs_site.py), from ``publish/locales/``.

Compiling Material's templates costs about a second per build. ``serve --watch`` builds many
times in one process, so the compiled code is kept in memory, keyed by template source checksum
(Jinja2's bytecode cache): a changed template is compiled again.
"""
from __future__ import annotations

from jinja2 import BytecodeCache


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
    env.globals["hc_t"] = strings((config["extra"].get("hc_site") or {}).get("lang", "en"))
    return env
