"""The docs stay complete: every command, front matter key, notice key and API route is documented."""
import re

import pytest

from conftest import ROOT
from core import schema
from helpcenter import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
EDITORS = (ROOT / "content" / "README.md").read_text(encoding="utf-8")


class Registry:
    """Walks the command registry the way cli.parser() builds it: each module of
    helpcenter.commands.ALL gets ``add_parser(sub)``; this records the commands, their
    sub-commands and their options through that same protocol, without argparse internals."""

    def __init__(self, path=()):
        self.path = path
        self.options: list[str] = []
        self.children: dict[str, "Registry"] = {}
        self.help = None

    def add_parser(self, name, **kwargs):
        child = self.children[name] = Registry(self.path + (name,))
        child.help = kwargs.get("help")
        return child

    def add_subparsers(self, **kwargs):
        return self

    def add_argument(self, *flags, **kwargs):
        self.options += [f for f in flags if f.startswith("--")]

    def add_argument_group(self, *args, **kwargs):
        return self

    add_mutually_exclusive_group = add_argument_group

    def set_defaults(self, **kwargs):
        pass

    def walk(self):
        for child in self.children.values():
            yield child
            yield from child.walk()


def registry() -> Registry:
    from helpcenter import commands

    top = Registry()
    for module in commands.ALL:
        module.add_parser(top)
    return top


def commands() -> list[str]:
    return sorted(" ".join(c.path) for c in registry().walk())


def test_the_walk_agrees_with_the_real_parser(capsys):
    """Every walked command answers --help through the real command line, listing the walked options."""
    walked = list(registry().walk())
    assert {"check", "build", "new article", "new notice", "rules explain"} <= {" ".join(c.path) for c in walked}
    for command in walked:
        with pytest.raises(SystemExit) as exit_:
            cli.main([*command.path, "--help"])
        out = capsys.readouterr().out
        assert exit_.value.code == 0
        assert out.startswith(f"usage: helpcenter {' '.join(command.path)}")
        assert [o for o in command.options if o not in out] == []


def test_every_command_is_in_the_readme():
    missing = [name for name in commands() if f"`helpcenter {name}" not in README]
    assert missing == []


def test_every_option_of_every_command_is_in_the_readme():
    """Each option appears on a README line that documents its command (sqlite-utils' test_docs)."""
    missing = []
    for command in registry().walk():
        name = " ".join(command.path)
        lines = [line for line in README.splitlines() if f"helpcenter {name}" in line]
        for option in command.options:
            if not any(re.search(rf"{re.escape(option)}(?![\w-])", line) for line in lines):
                missing.append(f"helpcenter {name} {option}")
    assert missing == []


def test_every_command_has_a_one_line_help():
    assert [" ".join(c.path) for c in registry().walk() if not c.help] == []


def test_every_front_matter_key_is_in_both_references():
    for key in schema.ARTICLE.options:
        assert f"| `{key}` |" in README, key
        assert f"| `{key}` |" in EDITORS, key


def test_every_notice_key_is_in_the_editors_guide():
    for key in schema.NOTICE.options:
        assert re.search(rf"^\s*(- )?{key}:", EDITORS, re.M), key


def test_every_api_route_is_in_the_readme():
    from helpcenter import api

    class NoRelease:
        pass

    routes = sorted({r.path for r in api.routes(NoRelease())})
    documented = set(re.findall(r"`(?:GET|POST|PUT|DELETE) (/api/[^`?\s]*)", README))
    assert sorted(set(routes) - documented) == []


def test_every_api_route_is_in_the_openapi_document(built_out):
    from starlette.testclient import TestClient

    from helpcenter import api
    from helpcenter.web import create_app

    client = TestClient(create_app(built_out))
    document = client.get("/api/openapi.json").json()
    routes = {r.path for r in api.routes(object())} - {"/api/openapi.json"}
    assert sorted(routes - set(document["paths"])) == []
