"""The docs stay complete: every command, front matter key, notice key and API route is documented."""
import re

from conftest import ROOT
from core import schema
from helpcenter import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
EDITORS = (ROOT / "content" / "README.md").read_text(encoding="utf-8")


def commands():
    return sorted(cli.parser()._subparsers._group_actions[0].choices)


def test_every_command_is_in_the_readme():
    missing = [name for name in commands() if f"`helpcenter {name}" not in README]
    assert missing == []


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
