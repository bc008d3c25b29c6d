"""MkDocs hooks (mkdocs.yml ``hooks:``): keep the theme's compiled templates between builds.

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
    env.bytecode_cache = CACHE
    return env
